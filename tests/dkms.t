#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS, one package per side: make dkms-add, dkms build and dkms install for
# the kernel of Debian's linux-headers-amd64 (named explicitly: the running
# kernel may be any), the modules under /lib/modules/<kver>/updates/dkms and
# in modules.dep (the host's: the hook and hypercall_hello, with their
# parameters), and make dkms-remove cleans it all. The packages get a
# version of their own, so that a real install of the project is not touched.

set -uo pipefail
. "$(dirname "$0")/lib/pkg.sh"

need dkms linux-headers-amd64 kmod make gcc
kver=$("$TOP/scripts/headers-kver.sh") || bail "no kernel headers"
work=$(mktemp -d)
src=$work/src
version=$(cat "$TOP/packaging/VERSION")-tap
mk() { make -C "$src" KDIR="/usr/src/linux-headers-$kver" DKMS_VERSION="$version" "$@"; }
trap 'mk dkms-remove > /dev/null 2>&1; rm -rf "$work"' EXIT
clone_tree "$src" || bail "cannot copy the project"
# What an interrupted run may have left.
mk dkms-remove > /dev/null 2>&1

updates=/lib/modules/$kver/updates/dkms

# dkms_cycle SIDE PACKAGE "MODULE..." OTHER_MODULE: the package installs
# every MODULE, and not OTHER_MODULE, and leaves nothing once removed.
dkms_cycle() {
	local side=$1 pkg=$2 mods=$3 other=$4 mod ko

	check "$pkg: make dkms-add-$side" mk "dkms-add-$side"
	check "$pkg: dkms status says added" \
		bash -c "dkms status '$pkg/$version' | grep ': added'"
	check "$pkg: dkms.conf limits it to x86_64 (BUILD_EXCLUSIVE_ARCH)" \
		not_for_i386 "$pkg"
	check "$pkg: dkms build -k $kver" dkms build "$pkg/$version" -k "$kver"
	check "$pkg: dkms install -k $kver" dkms install "$pkg/$version" -k "$kver"
	for mod in $mods; do
		ko=$updates/$mod.ko
		check "$pkg: $mod.ko in $updates" test -f "$ko"
		check "$pkg: $mod.ko vermagic $kver" \
			bash -c "modinfo -F vermagic '$ko' | grep '^$kver '"
		check "$pkg: modules.dep lists updates/dkms/$mod.ko" \
			grep "^updates/dkms/$mod.ko:" "/lib/modules/$kver/modules.dep"
	done
	check "$pkg: $other.ko is not installed with it" test ! -e "$updates/$other.ko"
	check "$pkg: dkms status says installed" \
		bash -c "dkms status '$pkg/$version' -k '$kver' | grep ': installed'"
	if [ "$side" = host ]; then
		host_checks
	fi
	check "$pkg: make dkms-remove-$side" mk "dkms-remove-$side"
	for mod in $mods; do
		ko=$updates/$mod.ko
		check "$pkg: $mod.ko and its modules.dep entry gone" \
			bash -c "test ! -e '$ko' && ! grep -q '$mod' '/lib/modules/$kver/modules.dep'"
	done
	check "$pkg: DKMS tree and /usr/src tree gone" \
		bash -c "test ! -e '/var/lib/dkms/$pkg/$version' &&
			test ! -e '/usr/src/$pkg-$version'"
}

# not_for_i386 PACKAGE: dkms will not build it for another architecture.
not_for_i386() {
	local out
	out=$(dkms build "$1/$version" -k "$kver" -a i386 2>&1) &&
		{ echo "$out"; echo "dkms built it for i386"; return 1; }
	echo "$out"
	grep -q BUILD_EXCLUSIVE <<< "$out"
}

# The host's package: the hook and the tutorial's hello handlers, which
# depend on it and now own the hello parameters.
host_checks() {
	local pkg=hypercall-hook

	check "$pkg: the source tree carries samples/hello/" \
		test -f "/usr/src/$pkg-$version/samples/hello/hypercall_hello.c"
	check "$pkg: modules.dep: hypercall_hello depends on hypercall_hook" \
		grep -x "updates/dkms/hypercall_hello.ko: updates/dkms/hypercall_hook.ko" \
		"/lib/modules/$kver/modules.dep"
	check "$pkg: modinfo -p hypercall_hello: trace_printk, hello0_nr, hello1_nr" \
		params_are "$updates/hypercall_hello.ko" hello0_nr hello1_nr trace_printk
	check "$pkg: modinfo -p hypercall_hook: discover_nr, kvm_nr_override, the hello ones gone" \
		params_are "$updates/hypercall_hook.ko" discover_nr kvm_nr_override
}

# params_are KO PARAM...: modinfo -p describes exactly these parameters,
# each with its default.
params_are() {
	local ko=$1 got want
	shift
	modinfo -p "$ko"
	got=$(modinfo -p "$ko" | grep 'default' | cut -d: -f1 | sort | xargs)
	want=$(printf '%s\n' "$@" | sort | xargs)
	[ "$got" = "$want" ] &&
		[ "$(modinfo -F parmtype "$ko" | wc -l)" -eq $# ]
}

dkms_cycle host hypercall-hook "hypercall_hook hypercall_hello" hypercall_guest
dkms_cycle guest hypercall-guest hypercall_guest hypercall_hook

# The one-step target, both packages.
check "make dkms-install: both packages for $kver" mk dkms-install
check "hook, hello handlers and driver in $updates" \
	test -f "$updates/hypercall_hook.ko" -a -f "$updates/hypercall_hello.ko" \
	-a -f "$updates/hypercall_guest.ko"
check "make dkms-remove: all three gone" \
	bash -c "make -C '$src' DKMS_VERSION='$version' dkms-remove &&
		test ! -e '$updates/hypercall_hook.ko' -a ! -e '$updates/hypercall_hello.ko' \
		-a ! -e '$updates/hypercall_guest.ko'"

tap_done
