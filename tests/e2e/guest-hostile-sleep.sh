# SPDX-License-Identifier: GPL-2.0
# Guest (L2, 4 vCPUs) side of the sleeping handler under load: every vCPU
# calls nr 20, which the host's tests/modules/hc_test answers a0 + 1 after
# sleeping 10 ms, while the host unloads and reloads that module and the
# hook. Sourced by l2-init; adds its counts to /mbox/summary.

add() { echo "$1 $2" >> /mbox/summary; }

check "guest(sleep): hypercall_guest loads allowing nr 20" \
	insmod /test/hypercall_guest.ko allow_nr=20
check_eq "guest(sleep): nr 20 answers a0 + 1" 8 "$(/test/hypercall call 20 7)"
add inputs 1

# The host's count of its unload windows is /mbox/epoch (see sleep_storm.c).
/test/sleep_storm 20 /mbox/epoch 10 > /tmp/sleep.out 2> /tmp/sleep.err &
pid=$!
sleep 2
signal storm.started
wait $pid
rc=$?
sed 's/^/# /' /tmp/sleep.err >> "$TAP"
set -- $(cat /tmp/sleep.out)
check_eq "guest(sleep): sleep_storm exit status (wrong answers: ${10})" 0 $rc
check "guest(sleep): storm of $2 calls, $4 answered a0 + 1" test "${4:-0}" -gt 0
check "guest(sleep): ... $6 of them after the handler's 10 ms sleep" test "${6:-0}" -gt 0
check "guest(sleep): ... $8 got -KVM_ENOSYS, each in an unload window" test "${8:-0}" -gt 0
add inputs "${2:-0}"
add wrong "${10:-1}"
signal storm.stopped

dmesg > /mbox/l2-dmesg
no_oops "guest(sleep): kernel log clean since the driver loaded" /mbox/l2-dmesg
