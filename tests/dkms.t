#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS, one package per side: make dkms-add, dkms build and dkms install for
# the kernel of Debian's linux-headers-amd64 (named explicitly: the running
# kernel may be any), the module under /lib/modules/<kver>/updates/dkms and
# in modules.dep, and make dkms-remove cleans it all. The packages get a
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

# dkms_cycle SIDE PACKAGE MODULE OTHER_MODULE
dkms_cycle() {
	local side=$1 pkg=$2 mod=$3 other=$4 ko=$updates/$3.ko

	check "$pkg: make dkms-add-$side" mk "dkms-add-$side"
	check "$pkg: dkms status says added" \
		bash -c "dkms status '$pkg/$version' | grep ': added'"
	check "$pkg: dkms build -k $kver" dkms build "$pkg/$version" -k "$kver"
	check "$pkg: dkms install -k $kver" dkms install "$pkg/$version" -k "$kver"
	check "$pkg: $mod.ko in $updates" test -f "$ko"
	check "$pkg: vermagic $kver" \
		bash -c "modinfo -F vermagic '$ko' | grep '^$kver '"
	check "$pkg: modules.dep lists updates/dkms/$mod.ko" \
		grep "^updates/dkms/$mod.ko:" "/lib/modules/$kver/modules.dep"
	check "$pkg: $other.ko is not installed with it" test ! -e "$updates/$other.ko"
	check "$pkg: dkms status says installed" \
		bash -c "dkms status '$pkg/$version' -k '$kver' | grep ': installed'"
	check "$pkg: make dkms-remove-$side" mk "dkms-remove-$side"
	check "$pkg: module, modules.dep entry, DKMS tree and /usr/src tree gone" \
		bash -c "test ! -e '$ko' && ! grep -q '$mod' '/lib/modules/$kver/modules.dep' &&
			test ! -e '/var/lib/dkms/$pkg/$version' &&
			test ! -e '/usr/src/$pkg-$version'"
}

dkms_cycle host hypercall-hook hypercall_hook hypercall_guest
dkms_cycle guest hypercall-guest hypercall_guest hypercall_hook

# The one-step target, both packages.
check "make dkms-install: both packages for $kver" mk dkms-install
check "both modules in $updates" \
	test -f "$updates/hypercall_hook.ko" -a -f "$updates/hypercall_guest.ko"
check "make dkms-remove: both gone" \
	bash -c "make -C '$src' DKMS_VERSION='$version' dkms-remove &&
		test ! -e '$updates/hypercall_hook.ko' -a ! -e '$updates/hypercall_guest.ko'"

tap_done
