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
# Scratch space on its own tmpfs: /tmp stays the outer machine's (under the
# overlay), so a project checked out there is visible here too.
mkdir -p /run/hc
mount -t tmpfs tmpfs /run/hc
mkdir -p /out
mount -t 9p -o trans=virtio,version=9p2000.L out /out || poweroff -f
# shellcheck source=/dev/null
. /out/env

# The kernel's modules come from the unpacked package in the cache.
mkdir -p "/lib/modules/$KVER"
mount --bind "$KROOT/lib/modules/$KVER" "/lib/modules/$KVER"

TAP=/out/tap
. "$E2E/tap.sh"

dmesg_has() { dmesg --notime | grep -qF -- "$1"; }
dmesg_match() { dmesg --notime | grep -qE -- "$1"; }

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
		guest_alive || return 1
		sleep 0.1
	done
	return 1
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s until it
# succeeds (0) or SECONDS pass (1).
wait_until() {
	local i n=$(($1 * 10))
	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# QEMU pauses, not ends, a guest that KVM failed with an internal error.
guest_alive() {
	kill -0 "$GUEST_PID" 2> /dev/null &&
		! grep -qs 'KVM internal error' "/out/$GUEST_TAG-qemu.log"
}

MBOX=/run/hc/mbox
# qemu64, not host: the emulated CPU's xstate makes 6.1 warn at boot and 7.2
# crash in fpu__init_system_xstate(); the guest needs none of its features.
L2_CPU_DEFAULT=qemu64
# The mailbox is a legacy virtio device: it notifies through an I/O port.
# With a modern one's MMIO notify, a 7.2 L1 (which since 6.14 fails MMIO
# during event delivery) now and then stopped the guest with "KVM internal
# error" under the emulated SVM.
#
# start_guest [CONFIG]: boots a guest; CONFIG (shell assignments) goes to
# its /mbox/config, where PHASE names the guest script (default: the
# scenario's). L2_CPU and L2_CPUS set its CPU model and count;
# L2_QEMU_EXTRA, more options for its QEMU (default none). The benchmark
# gives it a vhost-vsock-pci device there, which is modern virtio only: its
# MMIO notify is what stopped guests on a 7.2 L1 (above). The benchmark runs
# on 6.1 by default, where it has not; on a 7.2 L1 its vsock case may.
#
# A guest that has not reached its init within 120 s (l2-init writes its
# boot log to the mailbox first thing) is killed and booted once more, and
# said in /out/guest-boot-retries, which run.sh prints: a 4-vCPU guest on
# the emulated nested CPU was once seen silent for minutes. Only a boot that
# never reached init is retried; a guest stuck later fails its test.
start_guest() {
	local try
	for try in 1 2; do
		rm -rf "$MBOX"
		mkdir -p "$MBOX"
		echo "${1:-}" > "$MBOX/config"
		GUEST_TAG=$(sed -n 's/.*PHASE=\([^ ]*\).*/\1/p' "$MBOX/config")
		GUEST_TAG=l2${GUEST_TAG:+-$GUEST_TAG}
		# L2_QEMU_EXTRA: options, split into words.
		# shellcheck disable=SC2086
		${L2_WRAP:-} qemu-system-x86_64 -enable-kvm -cpu "${L2_CPU:-$L2_CPU_DEFAULT}" \
			-m 256 -smp "${L2_CPUS:-1}" \
			-nodefaults -display none -monitor "${L2_MONITOR:-none}" -no-reboot \
			-serial "file:/out/$GUEST_TAG-console.log" \
			-kernel "$L2_VMLINUZ" -initrd "$L2_INITRD" \
			-append "console=ttyS0 panic=-1 quiet" \
			-fsdev "local,id=mbox,path=$MBOX,security_model=none" \
			-device virtio-9p-pci,fsdev=mbox,mount_tag=mbox,disable-modern=on \
			${L2_QEMU_EXTRA:-} \
			> "/out/$GUEST_TAG-qemu.log" 2>&1 &
		GUEST_PID=$!
		save_symbols
		guest_reached_init && return 0
		guest_alive || return 0	# it ended or failed: its test says so
		kill -9 "$GUEST_PID"
		wait "$GUEST_PID"
		echo "$GUEST_TAG (${L2_CPUS:-1} vCPUs): no init after 120 s, try $try" \
			>> /out/guest-boot-retries
	done
}

guest_reached_init() {
	local i
	for ((i = 0; i < 1200; i++)); do
		[ -e "$MBOX/l2-boot-dmesg" ] && return 0
		guest_alive || return 1
		sleep 0.1
	done
	return 1
}

# Waits for the guest to power off; its TAP lines join ours, its logs go to
# /out.
wait_guest() {
	local i
	for ((i = 0; i < 1200; i++)); do
		guest_alive || break
		sleep 0.1
	done
	if kill -0 "$GUEST_PID" 2> /dev/null; then
		kill -9 "$GUEST_PID"
		tap_notok "guest powered off in time"
	fi
	wait "$GUEST_PID"
	[ -e "$MBOX/tap" ] && cat "$MBOX/tap" >> "$TAP"
	check "guest ran to its end ($GUEST_TAG)" test -e "$MBOX/l2.done"
	for f in "$MBOX"/l2-*; do
		[ -e "$f" ] && cp "$f" "/out/$GUEST_TAG-${f##*/l2-}"
	done
}

# The hello lines in the host trace, joined by '|'.
hello_lines() {
	grep -E 'Hello world!|a0 = ' /sys/kernel/tracing/trace |
		sed 's/.*: //' | paste -s -d '|'
}

# L1's text symbols, for l1-watch.sh should L1 fall silent; again with
# each guest, when the modules of the test are loaded.
save_symbols() { grep -i ' t ' /proc/kallsyms > /out/l1-kallsyms; }
save_symbols
dmesg > /out/l1-boot-dmesg
# Scan only what follows (the emulated CPU can make the boot itself warn).
dmesg -C

. "$E2E/host-$SCENARIO.sh"

dmesg > /out/l1-dmesg
no_oops "host: kernel log clean since the test began" /out/l1-dmesg
touch /out/l1.done
sync
poweroff -f
