#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-chroot.sh --create SUITE MIRROR KVER: make (once) a chroot of a
#	Debian suite with make and linux-headers-KVER, which bring the
#	compiler and libc that kernel's kbuild needs; print its path.
# kernel-chroot.sh CHROOT COMMAND...: run COMMAND there, with this project
#	mounted at the same path, so that M=/abs/path works unchanged.
#
# For kernels whose build tools cannot run on this machine (trixie's and
# sid's: newer gcc flags, newer glibc). The chroot lives in the cache.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${KVM_HC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-hypercalls}

die() { echo "kernel-chroot: $*" >&2; exit 1; }

in_chroot() {
	local ch=$1
	shift
	# A private mount namespace: nothing stays mounted afterwards.
	unshare -m --propagation private bash -c '
		ch=$1 top=$2; shift 2
		mkdir -p "$ch$top"
		mount --bind "$top" "$ch$top"
		mount -t proc proc "$ch/proc"
		cd "$PWD" 2> /dev/null || true
		exec chroot "$ch" /usr/bin/env -C "$PWD" "$@"
	' in_chroot "$ch" "$top" "$@"
}

if [ "${1:-}" = --create ]; then
	suite=${2:?suite} mirror=${3:?mirror} kver=${4:?kver}
	ch=$cache/chroot/$suite
	command -v debootstrap > /dev/null ||
		die "debootstrap is missing: apt-get install debootstrap"
	if [ ! -e "$ch/.done" ]; then
		rm -rf "$ch"
		mkdir -p "$ch"
		debootstrap --variant=minbase "$suite" "$ch" "$mirror" >&2 ||
			die "debootstrap $suite failed"
		touch "$ch/.done"
	fi
	if [ ! -d "$ch/usr/src/linux-headers-$kver" ]; then
		# A mirror snapshot may be older than its Valid-Until.
		in_chroot "$ch" apt-get -q -o Acquire::Check-Valid-Until=false update >&2
		in_chroot "$ch" env DEBIAN_FRONTEND=noninteractive apt-get -q install -y \
			--no-install-recommends make "linux-headers-$kver" >&2 ||
			die "cannot install linux-headers-$kver in the $suite chroot"
	fi
	echo "$ch"
	exit 0
fi

ch=${1:?usage: kernel-chroot.sh CHROOT COMMAND...}
shift
in_chroot "$ch" "$@"
