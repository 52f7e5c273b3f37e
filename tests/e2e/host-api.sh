# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the API test: hypercall_register() from a second module,
# counters, the trace event through perf stat and trace-cmd record; then
# tests/modules/hc_test (one function for two numbers, a declining handler,
# handlers left registered by a module that leaves or fails its init) with
# a kprobe event on the function the hook redirects; sourced by
# l1-host.sh, bash.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
hello=$BUILD/samples/hello/hypercall_hello.ko
sample=$BUILD/samples/host-info/hypercall_host_info.ko
test_ko=$BUILD/tests/modules/hc_test/hypercall_test.ko
tracing=/sys/kernel/tracing
counters=/sys/kernel/debug/hypercall_hook/counters

# counts NAME: "handled passed rejected" for one registered number.
counts() { awk -v n="$1" '$2 == n { print $3, $4, $5 }' "$counters"; }
# counts4 NAME: "handled passed rejected declined".
counts4() { awk -v n="$1" '$2 == n { print $3, $4, $5, $6 }' "$counters"; }
# The registered numbers and names, joined by '|'.
registered() { awk 'NR > 1 { print $1, $2 }' "$counters" | paste -s -d '|'; }

check "host: kvm_amd loads" modprobe kvm_amd
check "host: the sample needs the hook" not insmod "$sample"
check "host: hook loads" insmod "$hook"
# The function it redirects, from its load line: tracing tools use it too.
hooked_fn() {
	dmesg --notime | sed -n 's/^hypercall_hook: hooked \([^ ]*\) (ftrace redirect).*/\1/p' |
		tail -n 1
}
kvm_fn=$(hooked_fn)
check "host: the hook names the function it redirects ($kvm_fn)" test -n "$kvm_fn"
check "host: the tutorial's handlers load" insmod "$hello"

dmesg -C
check "host: a number with an owner is refused" not insmod "$sample" nr=13
check "host: ... as EBUSY" dmesg_has "host_info: cannot register nr 13: -16"
check "host: KVM's own number is refused" not insmod "$sample" nr=5
check "host: ... saying how to allow it" \
	dmesg_has "host_info: nr 5 is KVM's own; list it in kvm_nr_override to take it"
check "host: the sample registers nr 14" insmod "$sample"
check_eq "host: counters list discovery and the four numbers" \
	"1263009792 discover|12 hello0|13 hello1|14 host_info|16 host_uname" \
	"$(awk 'NR > 1 { print $1, $2 }' "$counters" | paste -s -d '|')"

echo 1 > "$tracing/events/hypercall/hypercall/enable"
echo > "$tracing/trace"
# Four vCPUs: the vCPU-id check calls from each.
# perf stat first: start_guest returns once the guest is at its init.
perf stat -a -x, -e hypercall:hypercall -o /out/perf-stat.txt -- \
	bash -c "while [ ! -e $MBOX/phase1.done ]; do sleep 0.1; done" \
	> /out/perf.log 2>&1 &
perf_pid=$!
L2_CPUS=4 start_guest

if await phase1.done; then
	wait "$perf_pid"
	check_eq "host: counters of hello0 (handled passed rejected)" "3 0 2" "$(counts hello0)"
	check_eq "host: counters of hello1" "2 0 0" "$(counts hello1)"
	check_eq "host: counters of host_info" "8 0 0" "$(counts host_info)"
	# The guest driver's two discovery calls at load (probe, table) count.
	check_eq "host: counters of discover" "2 0 0" "$(counts discover)"
	check_eq "host: perf stat counts every call of a registered number" 17 \
		"$(awk -F, '/hypercall:hypercall/ { print $1 }' /out/perf-stat.txt)"
	cp "$tracing/trace" /out/trace
	check "host: the event records nr, a0..a3, result, vCPU, VMM pid and handler" \
		grep -q "hypercall: nr=14 a0=0x3 a1=0x3e8 a2=0xc8 a3=0x1e ret=1230 vcpu=0 vm_pid=$GUEST_PID handled handler=host_info$" /out/trace
	check "host: ... and KVM's refusal of guest user mode" \
		grep -q "hypercall: nr=12 a0=0x0 .* ret=-1 vcpu=0 vm_pid=$GUEST_PID rejected" /out/trace
	# The driver's calls pass zeros past their arguments (a VMM that owns
	# a number reads all four): 3 HELLO0, 2 HELLO1, 7 host_info with a0
	# alone (0, 1, 2 from each of the 4 vCPUs, 99).
	check_eq "host: HELLO0 passes a0..a3 as 0, HELLO1 and one-argument CALLs a1..a3" 12 \
		"$(grep -E 'hypercall: nr=1[234] .* handled' /out/trace | grep -v 'nr=14 a0=0x3 ' |
		   grep -cE 'nr=12 a0=0x0 a1=0x0 a2=0x0 a3=0x0 |nr=1[34] a0=0x[0-9a-f]+ a1=0x0 a2=0x0 a3=0x0 ')"
	check_eq "host: trace_printk lines as the tutorial's" \
		"Hello world!|Hello world!|Hello world!|a0 = -7|a0 = 2147483647" "$(hello_lines)"
else
	tap_notok "host: the guest never finished its first phase"
fi

check "host: the sample unloads" rmmod hypercall_host_info
echo 0 > /sys/module/hypercall_hello/parameters/trace_printk
echo > "$tracing/trace"
# trace-cmd record too, in its own buffer instance (the checks below read
# the main one), ready (its command started) before the guest goes on.
# Not perf record: it walks /lib/modules first, minutes over a 5.10 L1's 9p.
trace-cmd record -B hc -e hypercall -o /tmp/trace.dat \
	bash -c "touch /tmp/record.ready; while [ ! -e $MBOX/phase2.done ]; do sleep 0.1; done" \
	> /out/trace-cmd-record.log 2>&1 &
record_pid=$!
for _ in $(seq 300); do [ -e /tmp/record.ready ] && break; sleep 0.1; done
check "host: trace-cmd record started" test -e /tmp/record.ready
signal sample.unloaded

if await phase2.done; then
	wait "$record_pid"
	trace-cmd report -i /tmp/trace.dat > /out/trace-cmd-report.txt 2>&1
	check "host: trace-cmd record has the event, fields decoded" \
		grep -q "hypercall: *nr=12 .* ret=0 vcpu=0 vm_pid=$GUEST_PID handled" /out/trace-cmd-report.txt
	check_eq "host: counters drop the unregistered number" \
		"1263009792 discover|12 hello0|13 hello1" \
		"$(awk 'NR > 1 { print $1, $2 }' "$counters" | paste -s -d '|')"
	check_eq "host: hello0 counted once more" "4 0 2" "$(counts hello0)"
	check_eq "host: no trace_printk line with trace_printk=0" "" "$(hello_lines)"
	check "host: ... but the event is there" \
		grep -q "hypercall: nr=12 .* ret=0 .* handled" "$tracing/trace"
else
	tap_notok "host: the guest never finished its second phase"
fi

# Phase 3: tests/modules/hc_test, with a kprobe event on the function the
# hook redirects, beside it: tracing tools keep working there.
check "host: hypercall_test loads" insmod "$test_ko" sleep_ms=50
check_eq "host: counters list its nine numbers" \
	"1263009792 discover|12 hello0|13 hello1|20 test_sleep|21 test_a|22 test_b|23 test_decline|24 test_read|25 test_write|26 test_echo|27 test_reread|28 test_copy" \
	"$(registered)"
echo > "$tracing/trace"
# kprobe_on / kprobe_off: a kprobe event on KVM's hypercall function, as
# perf probe or bpftrace would place one; kprobe_hits: its hits so far.
kprobe_on() {
	echo "p:hcprobe $kvm_fn" >> "$tracing/kprobe_events" &&
		echo 1 > "$tracing/events/kprobes/hcprobe/enable"
}
kprobe_off() {
	echo 0 > "$tracing/events/kprobes/hcprobe/enable" &&
		echo '-:hcprobe' >> "$tracing/kprobe_events"
}
kprobe_hits() { awk '$1 == "hcprobe" { print $2 }' "$tracing/kprobe_profile"; }
check "host: a kprobe event on $kvm_fn while the hook redirects it" kprobe_on
signal test.loaded
if await phase3.done; then
	# A call the hook redirects passes the probe twice (ftrace's entry,
	# then the wrapper's call of KVM's function), others once.
	hits=$(kprobe_hits)
	calls=$(cat "$MBOX/phase3.calls")
	check "host: the kprobe fired at least once per guest call ($hits hits, $calls calls)" \
		test "${hits:-0}" -ge "$calls"
	check_eq "host: ... and missed none" 0 \
		"$(awk '$1 == "hcprobe" { print $3 }' "$tracing/kprobe_profile")"
	check "host: ... its events are in the trace" grep -q "hcprobe: (" "$tracing/trace"
	cp "$tracing/trace" /out/trace-kprobe
	check_eq "host: test_decline counted (handled passed rejected declined)" \
		"2 0 0 2" "$(counts4 test_decline)"
	check_eq "host: test_a and test_b counted as handled" "2 0 0 0|1 0 0 0" \
		"$(counts4 test_a)|$(counts4 test_b)"
	# The hook leaves and comes back under the kprobe, which stays.
	check "host: handler modules and hook unload with the kprobe on" \
		rmmod hypercall_test hypercall_hello hypercall_hook
	check "host: ... and load again" insmod "$hook"
	check_eq "host: ... redirecting the same function" "$kvm_fn" "$(hooked_fn)"
	check "host: ... with the handlers" insmod "$hello"
else
	tap_notok "host: the guest never finished its third phase"
fi

# Phase 4: a module that leaves its handler registered, one whose init
# fails with a handler registered: the hook unregisters both.
left="hypercall_test left nr 20 (test_sleep) registered: unregistered now"
check "host: hypercall_test loads with leave_registered=1" insmod "$test_ko" leave_registered=1
signal test.leave
if await phase4a.done; then
	calls=$(cat "$MBOX/phase4a.calls")
	check "host: the kprobe fired for each call after the hook came back ($hits, then $(kprobe_hits) hits; $calls calls)" \
		test "$(kprobe_hits)" -ge "$((hits + calls))"
	check "host: the kprobe event is removed" kprobe_off
	check "host: ... and gone" not grep -qw hcprobe "$tracing/kprobe_events"
	check "host: hypercall_test (leave_registered=1) unloads" rmmod hypercall_test
	check "host: the hook says it removed the handler left behind" dmesg_has "$left"
	check_eq "host: ... which counters no longer list" "1263009792 discover|12 hello0|13 hello1" "$(registered)"
	dmesg > /tmp/dmesg-left
	no_oops "host: kernel log clean after the handler left behind" /tmp/dmesg-left
	signal test.left
else
	tap_notok "host: the guest never called the handler to be left behind"
	kprobe_off
	signal test.left
fi
if await phase4b.done; then
	check "host: hypercall_test with fail_init=1 fails to load" not insmod "$test_ko" fail_init=1
	check_eq "host: the hook removed the handler its init left behind" 2 \
		"$(dmesg --notime | grep -cF "$left")"
	check_eq "host: ... which counters do not list" "1263009792 discover|12 hello0|13 hello1" "$(registered)"
	check "host: ... and the module is not loaded" not grep -q '^hypercall_test ' /proc/modules
	signal test.failed
else
	tap_notok "host: the guest never called after the handler left"
	signal test.failed
fi
wait_guest
check "host: handlers and hook unload" rmmod hypercall_hello hypercall_hook

# Another ftrace user that may change the function's IP, as a livepatch of
# it would: only one is allowed, and the hook says so in one line.
ipmodify=$BUILD/tests/modules/ipmodify/hypercall_ipmodify.ko
dmesg -C
check "host: a livepatch-like claim on $kvm_fn loads" insmod "$ipmodify" func="$kvm_fn"
check "host: ... and the hook refuses to load beside it" not insmod "$hook"
check_eq "host: ... in one line saying why" \
	"hypercall_hook: cannot redirect $kvm_fn: another ftrace user already redirects it (a livepatch of it?)" \
	"$(module_lines hypercall_hook)"
check "host: the claim leaves" rmmod hypercall_ipmodify
check "host: the hook loads again" insmod "$hook"
check "host: ... and a claim beside it is refused" not insmod "$ipmodify" func="$kvm_fn"
check "host: the hook unloads again" rmmod hypercall_hook
