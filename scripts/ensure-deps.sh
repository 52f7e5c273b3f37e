#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ensure-deps.sh: install the Debian packages the build and the nested test
# need. As root, installs what is missing; otherwise prints the command that
# would and fails.

set -euo pipefail

# dwarves: pahole, for 6.12's BTF step; debootstrap: the chroot for 7.x builds;
# linux-perf: the api test reads the trace event through perf.
pkgs=(gcc make libc6-dev perl kmod cpio busybox-static qemu-system-x86 xz-utils zstd
      dwarves debootstrap linux-perf)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing packages; install them as root with:" >&2
	echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "installing ${missing[*]}" >&2
apt-get -q update >&2
DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends \
	"${missing[@]}" >&2
