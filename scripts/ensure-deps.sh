#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ensure-deps.sh: the Debian packages the build and the nested test need,
# installed by need-pkgs.sh where missing (as root; otherwise it prints the
# apt-get line to run, and this fails).
#
# dwarves: pahole, for 6.12's BTF step; debootstrap: the chroot for 7.x
# builds; linux-perf and trace-cmd: the api test reads the trace event
# through perf stat and trace-cmd record.

exec "$(dirname "$0")/need-pkgs.sh" gcc make libc6-dev perl kmod cpio busybox-static \
	qemu-system-x86 socat xz-utils zstd dwarves debootstrap linux-perf trace-cmd
