#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install / uninstall into a scratch root (the host's side: the hook and
# the tutorial's hello handlers; the guest's: the driver), make sign with a
# throwaway key, headers_install, the module parameters as modinfo shows
# them, and the shipped udev rule and modprobe.d file; against the headers
# of Debian's linux-headers-amd64, on a copy of the project.

set -uo pipefail
. "$(dirname "$0")/lib/pkg.sh"

need linux-headers-amd64 kmod openssl make gcc libc6-dev
kver=$("$TOP/scripts/headers-kver.sh") || bail "no kernel headers"
kdir=/usr/src/linux-headers-$kver
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/src
root=$work/root
clone_tree "$src" || bail "cannot copy the project"
mk() { make -C "$src" KDIR="$kdir" "$@"; }
moddir=$root/lib/modules/$kver/extra
udev=etc/udev/rules.d/99-hypercall.rules
modprobe_conf=etc/modprobe.d/hypercall.conf

# make install
check "make install INSTALL_MOD_PATH=<tmp> KDIR=<$kver headers>" \
	mk install INSTALL_MOD_PATH="$root"
installed() {
	local m bad=0
	for m in "$@"; do
		[ -f "$moddir/$m.ko" ] || { echo "missing: extra/$m.ko"; bad=1; }
	done
	return $bad
}
check "hook, hello handlers and driver under lib/modules/$kver/extra" \
	installed hypercall_hook hypercall_hello hypercall_guest
check "udev rule under etc/udev/rules.d" \
	cmp "$src/packaging/udev/99-hypercall.rules" "$root/$udev"
check "modprobe.d file under etc/modprobe.d" \
	cmp "$src/packaging/modprobe.d/hypercall.conf" "$root/$modprobe_conf"
listed() {
	grep '^extra/hypercall_\(hook\|hello\|guest\)\.ko:' "$root/lib/modules/$kver/modules.dep" |
		wc -l | grep -x 3
}
check "depmod there lists the three modules" listed
check "depmod: hypercall_hello depends on hypercall_hook" \
	grep -x 'extra/hypercall_hello.ko: extra/hypercall_hook.ko' \
	"$root/lib/modules/$kver/modules.dep"
check "depmod -b <tmp> $kver runs again cleanly" \
	depmod -b "$root" "$kver"

# modprobe finds them there, with options from a modprobe.d file.
show_deps() {
	printf 'options hypercall_guest hello0_nr=20 hello1_nr=21\n' > "$work/opts.conf"
	modprobe -C "$work/opts.conf" -d "$root" -S "$kver" --show-depends \
		hypercall_guest | grep "extra/hypercall_guest.ko hello0_nr=20 hello1_nr=21"
}
check "modprobe resolves hypercall_guest with options from modprobe.d" show_deps
# modprobe hypercall_hello loads the hook first, and passes the options on.
hello_deps() {
	local out
	printf 'options hypercall_hello hello0_nr=20 trace_printk=0\n' > "$work/opts.conf"
	out=$(modprobe -C "$work/opts.conf" -d "$root" -S "$kver" --show-depends \
		hypercall_hello) || return 1
	echo "$out"
	sed -n 1p <<< "$out" | grep -q 'extra/hypercall_hook\.ko *$' &&
		sed -n 2p <<< "$out" |
		grep -q 'extra/hypercall_hello\.ko hello0_nr=20 trace_printk=0'
}
check "modprobe hypercall_hello: the hook first, then it with its options" hello_deps

# make uninstall
check "make uninstall INSTALL_MOD_PATH=<tmp>" mk uninstall INSTALL_MOD_PATH="$root"
all_gone() {
	local f left=0
	for f in "$moddir/hypercall_hook.ko" "$moddir/hypercall_hello.ko" \
		"$moddir/hypercall_guest.ko" "$root/$udev" "$root/$modprobe_conf"; do
		[ ! -e "$f" ] || { echo "left: $f"; left=1; }
	done
	return $left
}
check "modules, udev rule and modprobe.d file are gone" all_gone
check "depmod no longer lists them" \
	bash -c "! grep hypercall '$root/lib/modules/$kver/modules.dep'"

# One side only: a host gets the hook and its hello handlers, no driver, no
# other sample and no udev rule.
host_only() {
	local got

	mk install-host INSTALL_MOD_PATH="$work/host" > /dev/null || return 1
	got=$(cd "$work/host/lib/modules/$kver/extra" && echo *)
	echo "extra/: $got"
	[ "$got" = "hypercall_hello.ko hypercall_hook.ko" ] && test ! -e "$work/host/$udev"
}
check "make install-host installs the hook and hypercall_hello alone" host_only

# The udev rule matches the driver's misc device.
check "udev rule: misc device hypercall, group hypercall, mode 0660" \
	grep -x 'SUBSYSTEM=="misc", KERNEL=="hypercall", GROUP="hypercall", MODE="0660"' \
	"$src/packaging/udev/99-hypercall.rules"
check "the driver's misc device is named hypercall" \
	grep -E '\.name[[:space:]]*=[[:space:]]*"hypercall"' -r "$src/guest-hc-driver" --include='*.c'

# modinfo: every parameter with its meaning and default.
params_documented() {
	local ko=$1 p desc bad=0
	for p in $(modinfo -F parmtype "$ko" | cut -d: -f1); do
		desc=$(modinfo -p "$ko" | sed -n "s/^$p:\(.*\) (.*)\$/\1/p")
		case "$desc" in
		*default*) echo "$p: $desc" ;;
		*) echo "$p: no description with its default"; bad=1 ;;
		esac
	done
	return $bad
}
# only_params KO PARAM...: KO has these parameters and no other.
only_params() {
	local ko=$1 got want
	shift
	got=$(modinfo -F parmtype "$ko" | cut -d: -f1 | sort | xargs)
	want=$(printf '%s\n' "$@" | sort | xargs)
	echo "parameters: $got"
	[ "$got" = "$want" ]
}
hook_ko=host-kvm-hook/hypercall_hook.ko
hello_ko=samples/hello/hypercall_hello.ko
guest_ko=guest-hc-driver/hypercall_guest.ko
for ko in $hook_ko $hello_ko $guest_ko; do
	check "$(basename "$ko" .ko): modinfo -p describes every parameter with its default" \
		params_documented "$src/$ko"
done
check "hypercall_hook: discover_nr and kvm_nr_override, the hello ones gone" \
	only_params "$src/$hook_ko" discover_nr kvm_nr_override
check "hypercall_hello: trace_printk, hello0_nr and hello1_nr" \
	only_params "$src/$hello_ko" trace_printk hello0_nr hello1_nr
check "hypercall_guest: has hello0_nr and hello1_nr" \
	bash -c "modinfo -F parmtype '$src/$guest_ko' | grep -c '^hello[01]_nr:' | grep -qx 2"

# Each option the shipped example names is a parameter of its module.
example_valid() {
	local m kv ko bad=0
	while read -r m kv; do
		ko=$(find "$src" -name "$m.ko" | head -n 1)
		[ -n "$ko" ] || { echo "no module $m"; bad=1; continue; }
		for kv in $kv; do
			modinfo -F parmtype "$ko" | grep -q "^${kv%%=*}:" ||
				{ echo "$m has no parameter ${kv%%=*}"; bad=1; }
		done
	done < <(sed -n 's/^#\{0,1\}options[[:space:]]\+//p' "$src/packaging/modprobe.d/hypercall.conf")
	return $bad
}
check "every option in the modprobe.d example is a real parameter" example_valid

# make sign with a throwaway key
openssl req -new -x509 -newkey rsa:2048 -nodes -days 1 -batch \
	-subj "/CN=kvm-hypercalls throwaway key/" \
	-keyout "$work/key.pem" -out "$work/cert.pem" > /dev/null 2>&1 ||
	bail "openssl cannot make a key"
check "make sign KEY=... CERT=..." mk sign KEY="$work/key.pem" CERT="$work/cert.pem"
check "make sign again (one signature each, not two)" \
	mk sign KEY="$work/key.pem" CERT="$work/cert.pem"
for ko in $hook_ko $hello_ko $guest_ko; do
	check "$(basename "$ko"): modinfo names the signer" \
		bash -c "modinfo -F signer '$src/$ko' | grep -x 'kvm-hypercalls throwaway key'"
	check "$(basename "$ko"): one signature" \
		bash -c "grep -ao '~Module signature appended~' '$src/$ko' | wc -l | grep -x 1"
done
signed_install() {
	local m

	mk install-host INSTALL_MOD_PATH="$work/signed" \
		KEY="$work/key.pem" CERT="$work/cert.pem" > /dev/null || return 1
	for m in hypercall_hook hypercall_hello; do
		modinfo -F signer "$work/signed/lib/modules/$kver/extra/$m.ko" |
			grep -x 'kvm-hypercalls throwaway key' || return 1
	done
}
check "make install-host KEY=... CERT=... installs both signed" signed_install
sign_usage() {
	local out
	out=$(mk sign 2>&1) && { echo "make sign without a key succeeded"; return 1; }
	grep 'usage: make sign' <<< "$out"
}
check "make sign without KEY fails with its usage" sign_usage

# x86_64 only: a kernel config without CONFIG_X86_64 (here faked on the
# command line) stops the build at once, with one clear line, whether the
# whole tree or one module folder is built (make install, DKMS).
arch_refused() {
	local dir out
	for dir in "" /guest-hc-driver /host-kvm-hook /samples/hello; do
		out=$(make -C "$kdir" M="$src$dir" CONFIG_X86_64= modules 2>&1) &&
			{ echo "M=$src$dir built"; return 1; }
		grep -F "kvm-hypercalls builds for x86_64 kernels only" <<< "$out" ||
			{ echo "$out"; return 1; }
	done
}
check "not CONFIG_X86_64: the build stops with a clear error" arch_refused

# make headers_install: the uapi header, usable from userspace.
hdr_ok() {
	mk headers_install DESTDIR="$work/hdr" > /dev/null || return 1
	printf '#include <linux/hypercall.h>\nint main(void)\n{\n\treturn HYPERCALL_IOC_HELLO0 == 0;\n}\n' \
		> "$work/hdr.c"
	gcc -Wall -Wextra -Werror -I"$work/hdr/usr/include" -o "$work/hdr.out" "$work/hdr.c"
}
check "make headers_install: /usr/include/linux/hypercall.h compiles" hdr_ok

tap_done
