# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the registry stress; sourced by l1-host.sh, bash. No
# guest: the hook's test-only debugfs "stress" (host-kvm-hook/selftest.c)
# runs a reader kthread per CPU through hc_srcu and hc_dispatch(), the path
# the redirect takes once KVM answered, while this task registers and
# unregisters a handler whose memory it poisons as soon as
# hypercall_unregister() returns. Any call that sees the poison ran after
# its unregistration returned: the grace period is missing.
#
# L1 has two vCPUs (single-threaded TCG, see run.sh), so that a reader can
# be in the handler on one CPU while the other unregisters it.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
stress=/sys/kernel/debug/hypercall_hook/stress
seconds=${REGISTRY_SECONDS:-15}

check_eq "host: L1 has two CPUs online" 2 "$(nproc)"
check "host: kvm_amd loads" modprobe kvm_amd
check "host: hook loads" insmod "$hook"
# Every registration logs a line: keep them off the slow serial console
# (the kernel log keeps them; the console decides when it prints them).
dmesg -n 1
check "host: the stress runs ${seconds} s" sh -c "echo $seconds > $stress"
result=$(cat "$stress")
echo "registry: $result" > /out/report
# readers N cycles N calls N answered N overlaps N violations N
set -- $result
check "host: handlers registered and unregistered under the readers (${4:-0} cycles)" \
	test "${4:-0}" -gt 0
check "host: readers called them (${6:-0} calls, ${8:-0} answered)" test "${8:-0}" -gt 0
check "host: calls ran in the handler while it was being unregistered (${10:-0})" \
	test "${10:-0}" -gt 0
check_eq "host: no call ran after its unregistration returned (violations)" 0 "${12:-x}"
check "host: the hook unloads" rmmod hypercall_hook
