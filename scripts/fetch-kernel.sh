#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh SERIES: download a Debian kernel (image, headers, kbuild)
# into the cache, unpack it there with dpkg-deb, and print where it is as
# shell assignments:
#   KVER     the kernel release (uname -r)
#   KROOT    the unpacked image: boot/ and lib/modules/ (decompressed)
#   VMLINUZ  the kernel to boot
#   KDIR     the headers folder to build against
#   KMAKE    the command that runs make for it (a chroot of the kernel's own
#            suite where its build tools cannot run on this machine)
#
# SERIES: 5.10 (bullseye), 6.1 (bookworm), 6.12 (bookworm-security's
# +deb12), 7 (sid's newest).
#
# The system's apt configuration is only read, never changed: other suites
# come through a private apt configuration in the cache, with the mirror the
# system's sources name. The cache is $KVM_HC_CACHE, else
# $XDG_CACHE_HOME/kvm-hypercalls, else ~/.cache/kvm-hypercalls.

set -euo pipefail

series=${1:?usage: fetch-kernel.sh SERIES (5.10, 6.1, 6.12 or 7)}
here=$(cd "$(dirname "$0")" && pwd)
cache=${KVM_HC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-hypercalls}

die() { echo "fetch-kernel: $*" >&2; exit 1; }

# make check runs the package test beside the others: one fetch of a
# series at a time; the second finds the first's result.
mkdir -p "$cache"
exec 8> "$cache/.fetch-$series.lock"
flock 8

# suite: where the kernel comes from ("" = the system's own sources);
# meta: the package whose dependency names the newest image of the series;
# chroot: the build tools need that suite's compiler and libc.
chroot=
case "$series" in
5.10)	suite=bullseye meta=linux-image-amd64 ;;
6.1)	suite= meta=linux-image-amd64 ;;
6.12)	suite= meta=linux-image-6.12-amd64 ;;
7)	suite=sid meta=linux-image-amd64 chroot=1 ;;
*)	die "unknown kernel series '$series' (known: 5.10 6.1 6.12 7)" ;;
esac

# The system's Debian mirror, from its own sources.
mirror() {
	local uri
	uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2> /dev/null |
	      tr ' ' '\n' | grep -v security | head -n 1)
	[ -n "$uri" ] || uri=$(awk '$1 == "deb" && $0 !~ /security/ { print $2; exit }' \
			       /etc/apt/sources.list 2> /dev/null)
	[ -n "$uri" ] || die "no Debian mirror in the system's apt sources"
	echo "$uri"
}

# apt-get or apt-cache for $suite: the system's, or a private configuration.
apt_for() {
	local tool=$1 d
	shift
	if [ -z "$suite" ]; then
		"$tool" -o APT::Sandbox::User=root "$@"
		return
	fi
	d=$cache/apt/$suite
	if [ ! -e "$d/sources.list" ]; then
		mkdir -p "$d/lists/partial" "$d/archives/partial"
		: > "$d/status"
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(mirror) $suite main" \
			> "$d/sources.list"
	fi
	"$tool" -o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=- \
		-o Dir::State::Lists="$d/lists" -o Dir::State::Status="$d/status" \
		-o Dir::Cache="$d" -o Dir::Cache::Archives="$d/archives" \
		-o APT::Sandbox::User=root -o Acquire::Check-Valid-Until=false "$@"
}

resolve() {
	apt_for apt-cache depends "$1" 2> /dev/null |
		awk -v p="$2" '$1 == "Depends:" && $2 ~ p { print $2; exit }'
}

image=$(resolve "$meta" '^linux-image-[0-9]' || true)
if [ -z "$image" ] && [ "$(id -u)" -eq 0 ]; then
	apt_for apt-get -q update >&2
	image=$(resolve "$meta" '^linux-image-[0-9]' || true)
fi
[ -n "$image" ] || die "apt cannot resolve $meta${suite:+ in $suite}: run 'apt-get update' first"
kver=${image#linux-image-}
headers=linux-headers-$kver

dir=$cache/kernels/$kver
root=$dir/root
if [ ! -e "$dir/.done" ]; then
	common=$(resolve "$headers" '^linux-headers-.*-common')
	kbuild=$(resolve "$headers" '^linux-kbuild-')
	[ -n "$common" ] && [ -n "$kbuild" ] || die "cannot resolve the headers of $kver"
	rm -rf "$dir"
	mkdir -p "$dir/dl" "$root"
	# From 7.x the image package only depends on the kernel's and the
	# modules' own packages.
	parts=$(apt_for apt-cache depends "$image" 2> /dev/null |
		awk -v k="$kver" '$1 == "Depends:" && ($2 == "linux-binary-" k ||
			$2 == "linux-modules-" k || $2 == "linux-base-" k) { print $2 }')
	# shellcheck disable=SC2086
	(cd "$dir/dl" && apt_for apt-get -q download "$image" $parts "$headers" "$common" "$kbuild" >&2) ||
		die "download of $kver failed"
	for deb in "$dir"/dl/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	rm -rf "$dir/dl"
	# Merged /usr (7.x): give depmod and the tests the classic path.
	if [ ! -e "$root/lib/modules" ] && [ -e "$root/usr/lib/modules" ]; then
		mkdir -p "$root/lib"
		ln -s ../usr/lib/modules "$root/lib/modules"
	fi
	# The headers' Makefile includes the common part by absolute path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$root/usr/src/$headers/Makefile"
	# busybox insmod, in the initramfs, loads only uncompressed modules.
	find "$root/lib/modules/" -name '*.ko.xz' -exec xz -d {} +
	find "$root/lib/modules/" -name '*.ko.zst' -exec zstd -q --rm -d {} +
	depmod -b "$root" "$kver"
	touch "$dir/.done"
fi

kdir=$root/usr/src/$headers
kmake=make
# bullseye's kernel wants gcc-10, which bookworm no longer has; its gcc-12
# builds modules that load there (checked end to end).
cc=$(sed -n 's/^CC = .*)\(gcc-[0-9]*\)$/\1/p' "$kdir/.kernelvariables" 2> /dev/null)
if [ -n "$cc" ] && [ -z "$chroot" ] && ! command -v "$cc" > /dev/null; then
	kmake="make CC=gcc"
fi
if [ "$chroot" ]; then
	# Its kbuild needs a newer compiler and libc: build inside the suite,
	# against the headers installed there.
	ch=$("$here/kernel-chroot.sh" --create "$suite" "$(mirror)" "$kver")
	kdir=/usr/src/$headers
	kmake="$here/kernel-chroot.sh $ch make"
fi

echo "KVER=$kver"
echo "KROOT=$root"
echo "KDIR=$kdir"
# 7.x keeps the kernel beside its modules.
vmlinuz=$root/boot/vmlinuz-$kver
[ -e "$vmlinuz" ] || vmlinuz=$root/lib/modules/$kver/vmlinuz
echo "VMLINUZ=$vmlinuz"
echo "KMAKE=\"$kmake\""
