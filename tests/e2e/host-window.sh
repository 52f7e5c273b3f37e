# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the no-window test; sourced by l1-host.sh, bash.
#
# No L2 guest: tests/kvm_no_window is a VMM of its own, whose real-mode
# guest calls nr 14 (the sample's a1 + a2 + a3) in a loop while a second
# thread keeps interrupting KVM_RUN with signals. At every return the VMM
# reads the registers, and every K-th it moves the vCPU to a new VM and
# thread. A hook that answers only at the vCPU's next entry leaves KVM's
# -KVM_ENOSYS in RAX in between: stale snapshots, and wrong answers in the
# guest after a move.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
sample=$BUILD/samples/host-info/hypercall_host_info.ko
no_window=$TOP/tests/kvm_no_window
seconds=${WINDOW_SECONDS:-10}

# Floors well under what a run does here (calls 46352, snapshots 3176,
# moves 63 in 10 s on 6.1): enough to catch a window, were there one.
min_calls=2000
min_snapshots=500
min_moves=10

check "host: kvm_amd loads" modprobe kvm_amd
check "host: hook loads" insmod "$hook"

# The guest's own check, first: with the hook but not the sample, nothing
# answers nr 14, so every answer is KVM's -KVM_ENOSYS and every call wrong
# (the last one may be counted as a call and not yet as wrong).
line=$("$no_window" --seconds 2 2> /out/window-nosample-stderr)
rc=$?
sed 's/^/# /' /out/window-nosample-stderr >> "$TAP"
read -r _ calls _ wrong _ <<< "$line"
check "host: without the sample every call is wrong ($line)" \
	test "$rc" = 0 -a "${calls:-0}" -gt 0 -a "${wrong:-0}" -ge "$((${calls:-0} - 1))"

check "host: the sample registers nr 14" insmod "$sample"

line=$("$no_window" --seconds "$seconds" 2> /out/window-stderr)
rc=$?
echo "$line" > /out/report
sed 's/^/# /' /out/window-stderr >> "$TAP"
check_eq "host: kvm_no_window exit status ($line)" 0 "$rc"
read -r _ calls _ wrong _ snapshots _ stale _ moves <<< "$line"
check "host: the guest called more than $min_calls times ($line)" \
	test "${calls:-0}" -gt "$min_calls"
check "host: more than $min_snapshots register snapshots ($line)" \
	test "${snapshots:-0}" -gt "$min_snapshots"
check "host: more than $min_moves moves to a new VM ($line)" \
	test "${moves:-0}" -gt "$min_moves"
check_eq "host: no stale snapshot ($line)" 0 "${stale:-}"
check_eq "host: no wrong answer in the guest ($line)" 0 "${wrong:-}"

check "host: the sample unloads" rmmod hypercall_host_info
check "host: hook unloads" rmmod hypercall_hook
