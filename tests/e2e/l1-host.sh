#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The nested host (L1), after l1-init: the outer machine's root with a tmpfs
# overlay. Loads KVM, runs the host side of a scenario, which starts the
# guest (L2), and writes TAP lines and logs to /out, a 9p folder of the outer
# machine, then powers off.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs tracefs /sys/kernel/tracing
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mkdir -p /out
mount -t 9p -o trans=virtio,version=9p2000.L out /out || poweroff -f
# shellcheck source=/dev/null
. /out/env

# The kernel's modules come from the unpacked package in the cache.
mkdir -p "/lib/modules/$KVER"
mount --bind "$KROOT/lib/modules/$KVER" "/lib/modules/$KVER"

TAP=/out/tap
. "$E2E/tap.sh"

not() { ! "$@"; }
dmesg_has() { dmesg --notime | grep -qF -- "$1"; }

# What a module printed itself, without the kernel's taint notices.
module_lines() {
	dmesg --notime | grep "^$1: " |
		grep -vE 'taints kernel|module verification failed'
}

# Mailbox handshakes with the guest: signal NAME, await NAME [SECONDS]
# (120 s by default; gives up at once if the guest is gone).
signal() { touch "$MBOX/$1"; }
await() {
	local i
	for ((i = 0; i < ${2:-120} * 10; i++)); do
		[ -e "$MBOX/$1" ] && return 0
		kill -0 "$GUEST_PID" 2> /dev/null || return 1
		sleep 0.1
	done
	return 1
}

MBOX=/tmp/mbox
# start_guest [CONFIG]: CONFIG (shell assignments) goes to the guest's
# /mbox/config.
start_guest() {
	rm -rf "$MBOX"
	mkdir -p "$MBOX"
	[ $# -gt 0 ] && echo "$1" > "$MBOX/config"
	${L2_WRAP:-} qemu-system-x86_64 -enable-kvm -cpu host -m 256 -smp "${L2_CPUS:-1}" \
		-nodefaults -display none -monitor none -no-reboot \
		-serial "file:/out/l2-console.log" \
		-kernel "$VMLINUZ" -initrd "$L2_INITRD" \
		-append "console=ttyS0 panic=-1 quiet" \
		-virtfs "local,path=$MBOX,mount_tag=mbox,security_model=none" \
		> /out/l2-qemu.log 2>&1 &
	GUEST_PID=$!
}

# Waits for the guest to power off; its TAP lines join ours.
wait_guest() {
	local i
	for ((i = 0; i < 1200; i++)); do
		kill -0 "$GUEST_PID" 2> /dev/null || break
		sleep 0.1
	done
	if kill -0 "$GUEST_PID" 2> /dev/null; then
		kill -9 "$GUEST_PID"
		tap_notok "guest powered off in time"
	fi
	wait "$GUEST_PID"
	[ -e "$MBOX/tap" ] && cat "$MBOX/tap" >> "$TAP"
	check "guest ran to its end" test -e "$MBOX/l2.done"
	cp "$MBOX"/l2-* /out/ 2> /dev/null
}

# The hello lines in the host trace, joined by '|'.
hello_lines() {
	grep -E 'Hello world!|a0 = ' /sys/kernel/tracing/trace |
		sed 's/.*: //' | paste -s -d '|'
}

dmesg > /out/l1-boot-dmesg
# Scan only what follows (the emulated CPU can make the boot itself warn).
dmesg -C

. "$E2E/host-$SCENARIO.sh"

dmesg > /out/l1-dmesg
no_oops "host: kernel log clean since the test began" /out/l1-dmesg
touch /out/l1.done
sync
poweroff -f
