#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh SERIES: download a Debian kernel (image, headers, kbuild)
# into the cache, unpack it there with dpkg-deb, and print where it is as
# shell assignments (KVER, KROOT, KDIR, VMLINUZ).
#
# The system's apt configuration is only read, never changed. The cache is
# $KVM_HC_CACHE, else $XDG_CACHE_HOME/kvm-hypercalls, else ~/.cache/....

set -euo pipefail

series=${1:?usage: fetch-kernel.sh SERIES (e.g. 6.1)}
cache=${KVM_HC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-hypercalls}

die() { echo "fetch-kernel: $*" >&2; exit 1; }

# Which Debian package carries the newest kernel of a series.
case "$series" in
6.1)	meta=linux-image-amd64 ;;	# bookworm's own kernel
*)	die "kernel series '$series' is not supported yet (supported: 6.1)" ;;
esac

resolve() {
	apt-cache depends "$meta" 2> /dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
image=$(resolve)
if [ -z "$image" ] && [ "$(id -u)" -eq 0 ]; then
	apt-get -q update >&2
	image=$(resolve)
fi
[ -n "$image" ] || die "apt cannot resolve $meta: run 'apt-get update' first"
kver=${image#linux-image-}

dir=$cache/kernels/$kver
root=$dir/root
if [ ! -e "$dir/.done" ]; then
	common=$(apt-cache depends "linux-headers-$kver" |
		 awk '/Depends: linux-headers-.*-common/ { print $2; exit }')
	kbuild=$(apt-cache depends "linux-headers-$kver" |
		 awk '/Depends: linux-kbuild-/ { print $2; exit }')
	[ -n "$common" ] && [ -n "$kbuild" ] ||
		die "cannot resolve the headers of $kver"
	rm -rf "$dir"
	mkdir -p "$dir/dl" "$root"
	# apt's sandbox user cannot write to root's cache; download as root
	# quietly instead of warning about it.
	(cd "$dir/dl" && apt-get -q -o APT::Sandbox::User=root download \
		"$image" "linux-headers-$kver" "$common" "$kbuild" >&2) ||
		die "download of $kver failed"
	for deb in "$dir"/dl/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	# The headers' Makefile includes the common part by absolute path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" \
		"$root/usr/src/linux-headers-$kver/Makefile"
	depmod -b "$root" "$kver"
	rm -rf "$dir/dl"
	touch "$dir/.done"
fi

echo "KVER=$kver"
echo "KROOT=$root"
echo "KDIR=$root/usr/src/linux-headers-$kver"
echo "VMLINUZ=$root/boot/vmlinuz-$kver"
