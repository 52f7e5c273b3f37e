#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The nested host (L1) of the Debian-package test, after deb-init: installs
# hypercall-hook-dkms with apt-get from the local file, which DKMS builds
# for this kernel, loads KVM and the hook, and boots the guest (L2, on the
# same Debian root, see deb-l2.sh), which runs the hello test. Between the
# guest's two rounds it upgrades to the next version and reloads; at the end
# it removes and purges. TAP lines and logs go to /out, a 9p folder of the
# outer machine.

. "$(dirname "$0")/deb-lib.sh"
deb_setup
mkdir -p /out
mount -t 9p -o trans=virtio,version=9p2000.L out /out || poweroff -f
# shellcheck source=/dev/null
. /out/env
. "$(dirname "$0")/tap.sh"
TAP=/out/tap
exec > /out/l1-stdout 2>&1
set -x
PS4="+ \$SECONDS: "
dmesg > /out/l1-boot-dmesg
deb_kernel
# Scan only what follows (the emulated CPU can make the boot itself warn).
dmesg -C

apt_log=/out/l1-apt.log
old=$OUTER$DEBS/old
new=$OUTER$DEBS/new
trace=/sys/kernel/tracing/trace
# Under /out, so that a stuck guest's files can be read from outside.
MBOX=/out/mbox

# The hello lines in the host trace, joined by '|'.
hello_lines() {
	grep -E 'Hello world!|a0 = ' "$trace" | sed 's/.*: //' | paste -s -d '|'
}

# The guest: this kernel again, on the same root (the whole outer root,
# re-exported read-only, with hc_root naming the folder to use), booted by
# the initramfs that booted us. Legacy virtio for both 9p devices: see
# l1-host.sh on the modern notify's MMIO under a 7.2 L1.
start_guest() {
	rm -rf "$MBOX"
	mkdir -p "$MBOX"
	cat > "$MBOX/config" <<-CONFIG
	OLD=$OLD
	NEW=$NEW
	DEBS=$DEBS
	KROOT=$KROOT
	CONFIG
	qemu-system-x86_64 -enable-kvm -cpu qemu64 -m 1024 -smp 1 \
		-nodefaults -display none -monitor none -no-reboot \
		-serial file:/out/l2-console.log \
		-kernel "$OUTER$VMLINUZ" -initrd "$OUTER$INITRD" \
		-append "console=ttyS0 panic=-1 hc_root=$HC_ROOT hc_script=$E2E/deb-l2.sh" \
		-fsdev "local,id=root,path=$OUTER,security_model=none,readonly=on,multidevs=remap" \
		-device virtio-9p-pci,fsdev=root,mount_tag=hostroot,disable-modern=on \
		-fsdev "local,id=mbox,path=$MBOX,security_model=none" \
		-device virtio-9p-pci,fsdev=mbox,mount_tag=mbox,disable-modern=on \
		> /out/l2-qemu.log 2>&1 &
	GUEST_PID=$!
}

# await NAME SECONDS: a handshake file from the guest, while it runs.
await() {
	local i
	{ set +x; } 2> /dev/null	# the polling, untraced
	trap 'set -x; trap - RETURN' RETURN
	for ((i = 0; i < $2; i++)); do
		[ -e "$MBOX/$1" ] && return 0
		kill -0 "$GUEST_PID" 2> /dev/null || return 1
		nap 1
	done
	return 1
}

# Install
check "host: apt-get install ./hypercall-hook-dkms_${OLD}_all.deb" \
	apt_get "$apt_log" install "$old/hypercall-hook-dkms_${OLD}_all.deb"
check "host: installed at $OLD" installed_at hypercall-hook-dkms "$OLD"
check "host: DKMS built and installed hypercall-hook/$OLD for $KVER" \
	dkms_installed hypercall-hook "$OLD"
for m in hypercall_hook hypercall_hello; do
	check "host: modprobe finds $m under updates/dkms, for $KVER" built_for "$m"
done
check "host: modprobe kvm_amd" modprobe kvm_amd
check "host: modprobe hypercall_hello (brings the hook)" modprobe hypercall_hello
check_eq "host: loaded hook's version" "$OLD" \
	"$(cat /sys/module/hypercall_hook/version 2> /dev/null)"
echo > "$trace"

start_guest
if await hello1.done 2400; then
	check_eq "host: the guest's hello reached the $OLD hook" \
		"Hello world!|a0 = 456" "$(hello_lines)"
else
	tap_notok "host: the guest never ran its first hello"
fi

# Upgrade, with the guest waiting
check "host: apt-get install ./hypercall-hook-dkms_${NEW}_all.deb (upgrade)" \
	apt_get "$apt_log" install "$new/hypercall-hook-dkms_${NEW}_all.deb"
check "host: installed at $NEW" installed_at hypercall-hook-dkms "$NEW"
check "host: DKMS has hypercall-hook/$NEW installed, $OLD gone" \
	dkms_installed hypercall-hook "$NEW"
check "host: /usr/src/hypercall-hook-$OLD gone" test ! -e "/usr/src/hypercall-hook-$OLD"
check_eq "host: the hook on disk is $NEW" "$NEW" "$(ko_version hypercall_hook)"
check "host: reload: rmmod hypercall_hello hypercall_hook, modprobe hypercall_hello" \
	eval "rmmod hypercall_hello hypercall_hook && modprobe hypercall_hello"
check_eq "host: loaded hook's version after the reload" "$NEW" \
	"$(cat /sys/module/hypercall_hook/version 2> /dev/null)"
echo > "$trace"
touch "$MBOX/host.upgraded"
if await hello2.done 2400; then
	check_eq "host: the guest's hello reached the $NEW hook" \
		"Hello world!|a0 = 456" "$(hello_lines)"
else
	tap_notok "host: the guest never ran its second hello"
fi

# The guest removes and purges, then powers off.
for ((i = 0; i < 1200; i++)); do
	kill -0 "$GUEST_PID" 2> /dev/null || break
	nap 1
done
kill -9 "$GUEST_PID" 2> /dev/null && tap_notok "host: guest powered off in time"
wait "$GUEST_PID"
[ -e "$MBOX/tap" ] && cat "$MBOX/tap" >> "$TAP"
check "host: guest ran to its end" test -e "$MBOX/l2.done"
for f in "$MBOX"/l2-*; do
	[ -e "$f" ] && cp "$f" /out/
done

# Remove, then purge
dpkg-query -L hypercall-hook-dkms > /run/host-files
check "host: rmmod hypercall_hello hypercall_hook" rmmod hypercall_hello hypercall_hook
check "host: apt-get remove hypercall-hook-dkms" \
	apt_get "$apt_log" remove hypercall-hook-dkms
check "host: no file of the package left" files_gone /run/host-files
check "host: no module, DKMS or source tree left" nothing_of hypercall
check "host: modprobe no longer finds hypercall_hook" not modinfo -n hypercall_hook
# With neither conffiles nor a postrm the package is gone already: apt-get
# would not know what to purge.
if dpkg-query -W -f='${Status}' hypercall-hook-dkms 2> /dev/null | grep -q config-files; then
	check "host: apt-get purge hypercall-hook-dkms" \
		apt_get "$apt_log" purge hypercall-hook-dkms
fi
check_eq "host: dpkg knows the package no more" "" \
	"$(dpkg-query -W -f='${Package} ${Status}\n' hypercall-hook-dkms 2> /dev/null |
	   grep -v 'not-installed$')"

dmesg > /out/l1-dmesg
no_oops "host: kernel log clean since the test began" /out/l1-dmesg
touch /out/l1.done
sync
poweroff -f
