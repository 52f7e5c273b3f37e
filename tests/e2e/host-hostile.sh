# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the hostile-input suite; sourced by l1-host.sh, bash.
#
# L1 has one vCPU on purpose: unregistering any kprobe while a guest storms
# hypercalls crashes an L1 with two vCPUs under QEMU's multi-threaded TCG,
# an emulator artifact measured on 6.1 and 6.12 with plain kprobes (see
# shared/kernel-facts.md); the hook's ftrace redirect is patched in and out
# of KVM's code the same way, and its symbol lookup is a kprobe. The guest
# still has four vCPUs.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
hello=$BUILD/samples/hello/hypercall_hello.ko
sample=$BUILD/samples/host-info/hypercall_host_info.ko
test_ko=$BUILD/tests/modules/hc_test/hypercall_test.ko
counters=/sys/kernel/debug/hypercall_hook/counters
exit_hc=$TOP/tests/kvm_exit_hypercall
cycles=${HOSTILE_CYCLES:-50}
summary=/out/hostile-summary
: > "$summary"

counts() { awk -v n="$1" '$2 == n { print $3, $4, $5 }' "$counters"; }

check "host: kvm_amd loads" modprobe kvm_amd

# A VMM that owns nr 12 through KVM_CAP_EXIT_HYPERCALL keeps it.
check_eq "host: without the hook, nr 12 from a 32-bit guest gets (u32)-KVM_ENOSYS" \
	"exits 0 rax 0xfffffc18" "$("$exit_hc")"
check "host: hook loads" insmod "$hook"
check "host: the tutorial's handlers load" insmod "$hello"
echo > /sys/kernel/tracing/trace
got=$("$exit_hc" --cap)
if [ $? = 77 ]; then
	# Before 5.14 nr 12 is no KVM number and no VMM can take it.
	tap_ok "host: with KVM_CAP_EXIT_HYPERCALL the call still exits to the VMM # SKIP no such capability for nr 12 in $(uname -r)"
	vmm_calls=0
else
	check_eq "host: with KVM_CAP_EXIT_HYPERCALL the call still exits to the VMM" \
		"exits 1 rax 0" "$got"
	vmm_calls=1
fi
check_eq "host: ... and the hook writes no trace line" "" "$(hello_lines)"
check_eq "host: without the capability the hook answers (truncated to 32 bits)" \
	"exits 0 rax 0" "$("$exit_hc")"
check_eq "host: ... with its trace line" "Hello world!" "$(hello_lines)"
echo "inputs 3" >> "$summary"

# The host's unload windows, for the guest's storms: /mbox/epoch, odd from
# just before an unload to just after the reload (by a rename, so that a
# read never sees half of it). A call may get -KVM_ENOSYS only in one.
set_epoch() { echo "$1" > "$MBOX/epoch.new" && mv "$MBOX/epoch.new" "$MBOX/epoch"; }

echo > /sys/kernel/tracing/trace
L2_CPUS=4 start_guest "PHASE=hostile"
# Odd until the sample loads: nr 14 has no handler before the storm.
set_epoch 1
if await raw.done 180; then
	check_eq "host: raw calls from guest user mode wrote no trace line" "" "$(hello_lines)"
	# 1 handled and (where the capability exists) 1 passed: kvm_exit_hypercall's calls above.
	check_eq "host: ... and were counted as rejected, not handled (hello0)" "1 $vmm_calls 4" "$(counts hello0)"
	check_eq "host: ... (hello1)" "0 0 2" "$(counts hello1)"
else
	tap_notok "host: the guest never finished its raw calls"
fi
signal raw.checked

if await storm.started 300; then
	# Not before: until the storm, the guest expects nr 14 unanswered.
	check "host: the sample's handler module loads" insmod "$sample"
	set_epoch 2
	ok=0
	# The sample's handler module leaves first (hypercall_unregister()
	# under the storm), then the hook itself.
	for ((i = 1; i <= cycles; i++)); do
		set_epoch $((2 * i + 1))
		rmmod hypercall_host_info && sleep 0.1 &&
			rmmod hypercall_hello hypercall_hook && sleep 0.1 &&
			insmod "$hook" && insmod "$hello" && insmod "$sample" &&
			ok=$((ok + 1))
		set_epoch $((2 * i + 2))
		sleep 0.2
	done
	check_eq "host: handler module and hook unloaded and reloaded under the storm" \
		"$cycles" "$ok"
	echo "faults $((ok * 2))" >> "$summary"
	check "host: still responsive (a process runs)" test "$(echo alive)" = alive
	signal cycles.done
	await storm.stopped 120 || tap_notok "host: the guest never stopped its storm"
else
	tap_notok "host: the guest never started its storm"
	signal cycles.done
fi
wait_guest
cp "$MBOX/summary" /out/hostile-guest-summary 2> /dev/null
cat "$MBOX/summary" >> "$summary" 2> /dev/null
check "host: the sample unloads" rmmod hypercall_host_info

# A handler that sleeps, under load: tests/modules/hc_test's nr 20 sleeps
# 10 ms, then answers a0 + 1, while all four guest vCPUs call it and the
# host unloads and reloads it and the hook. Every other cycle the module
# leaves the handler registered, for the hook to remove as it goes. The
# guest accepts -KVM_ENOSYS only where /mbox/epoch (odd from just before an
# unload to just after the reload) says the call may have met one.
sleep_cycles=${HOSTILE_SLEEP_CYCLES:-10}
check "host: hypercall_test loads with sleep_ms=10" insmod "$test_ko" sleep_ms=10
L2_CPUS=4 start_guest "PHASE=hostile-sleep"
set_epoch 0
if await storm.started 300; then
	ok=0
	leaves=0
	for ((i = 1; i <= sleep_cycles; i++)); do
		set_epoch $((2 * i - 1))
		rmmod hypercall_test && rmmod hypercall_hello hypercall_hook &&
			insmod "$hook" && insmod "$hello" &&
			insmod "$test_ko" sleep_ms=10 leave_registered=$((i % 2)) &&
			ok=$((ok + 1))
		leaves=$((leaves + i % 2))
		set_epoch $((2 * i))
		sleep 1
	done
	check_eq "host: hypercall_test and hook unloaded and reloaded under the sleeping storm" \
		"$sleep_cycles" "$ok"
	echo "faults $((ok * 2))" >> "$summary"
	set_epoch stop
	await storm.stopped 120 || tap_notok "host: the guest never stopped its sleeping storm"
	# Each load with leave_registered=1 leaves at its unload: the next
	# cycle's, or this one.
	check "host: hypercall_test unloads after the storm" rmmod hypercall_test
	check_eq "host: the hook removed each handler left behind, with its warning" "$leaves" \
		"$(dmesg --notime | grep -c 'hypercall_test left nr 20 (test_sleep) registered: unregistered now')"
	asleep=$(dmesg --notime | grep -c '^hypercall_test: nr 20: a0 .* answered after the unload began')
	check "host: calls asleep in the handler when its unload began were answered ($asleep)" \
		test "$asleep" -gt 0
else
	tap_notok "host: the guest never started its sleeping storm"
	set_epoch stop
fi
wait_guest
cat "$MBOX/summary" >> "$summary" 2> /dev/null

# Hyper-V's ABI: RAX 12 or 13 there is no call of ours. Four vCPUs: the
# guest's Hyper-V calls must not misroute the other vCPUs' KVM hypercalls
# (its storm's, with every handler loaded and no unload: any -KVM_ENOSYS
# is wrong), and its storm must recover from a failed start.
check "host: the sample loads again, for the storm beside the Hyper-V calls" insmod "$sample"
echo > /sys/kernel/tracing/trace
before=$(counts hello0)
L2_CPUS=4 L2_CPU=$L2_CPU_DEFAULT,hv-relaxed,hv-vpindex start_guest "PHASE=hyperv"
if await hyperv.done 300; then
	check_eq "host: Hyper-V calls wrote no trace line; HELLO0 after them did" \
		"Hello world!" "$(hello_lines)"
	read -r h p r <<< "$before"
	# KVM's hypercall function sends Hyper-V calls their own way: the hook
	# leaves them alone, and does not count them at all.
	check_eq "host: ... and not counted; HELLO0 after them was (hello0)" \
		"$((h + 1)) $p $r" "$(counts hello0)"
else
	tap_notok "host: the Hyper-V guest never made its calls"
fi
signal hyperv.checked
wait_guest
cat "$MBOX/summary" >> "$summary" 2> /dev/null
check "host: handlers and hook unload" rmmod hypercall_host_info hypercall_hello hypercall_hook

L2_CPU=$L2_CPU_DEFAULT,kvm=off start_guest "PHASE=kvm-off"
wait_guest
cat "$MBOX/summary" >> "$summary" 2> /dev/null

# The closing count: crashes are failed log scans and guests that died.
dmesg > /out/l1-dmesg-hostile
no_oops "host: kernel log clean after the hostile suite" /out/l1-dmesg-hostile
crashes=$(grep -cE '^not ok - .*(kernel log clean|ran to its end)' "$TAP")
echo "crashes $crashes" >> "$summary"
total() { awk -v k="$1" '$1 == k { n += $2 } END { print n + 0 }' "$summary"; }
line="hostile: inputs $(total inputs), faults injected $(total faults), crashes $(total crashes), wrong results $(total wrong)"
echo "$line" > /out/report
check_eq "host: no crash and no wrong result ($line)" "0 0" \
	"$(total crashes) $(total wrong)"
