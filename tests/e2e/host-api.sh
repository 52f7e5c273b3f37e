# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the API test: hypercall_register() from a second module,
# counters, the trace event through perf stat and trace-cmd record; sourced
# by l1-host.sh, bash.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
hello=$BUILD/samples/hello/hypercall_hello.ko
sample=$BUILD/samples/host-info/hypercall_host_info.ko
tracing=/sys/kernel/tracing
counters=/sys/kernel/debug/hypercall_hook/counters

# counts NAME: "handled passed rejected" for one registered number.
counts() { awk -v n="$1" '$2 == n { print $3, $4, $5 }' "$counters"; }

check "host: kvm_amd loads" modprobe kvm_amd
check "host: the sample needs the hook" not insmod "$sample"
check "host: hook loads" insmod "$hook"
check "host: the tutorial's handlers load" insmod "$hello"

dmesg -C
check "host: a number with an owner is refused" not insmod "$sample" nr=13
check "host: ... as EBUSY" dmesg_has "host_info: cannot register nr 13: -16"
check "host: KVM's own number is refused" not insmod "$sample" nr=5
check "host: ... saying how to allow it" \
	dmesg_has "host_info: nr 5 is KVM's own; list it in kvm_nr_override to take it"
check "host: the sample registers nr 14" insmod "$sample"
check_eq "host: counters list the three numbers" "12 hello0|13 hello1|14 host_info" \
	"$(awk 'NR > 1 { print $1, $2 }' "$counters" | paste -s -d '|')"

echo 1 > "$tracing/events/hypercall/hypercall/enable"
echo > "$tracing/trace"
start_guest
perf stat -a -x, -e hypercall:hypercall -o /out/perf-stat.txt -- \
	bash -c "while [ ! -e $MBOX/phase1.done ]; do sleep 0.1; done" \
	> /out/perf.log 2>&1 &
perf_pid=$!

if await phase1.done; then
	wait "$perf_pid"
	check_eq "host: counters of hello0 (handled passed rejected)" "3 0 2" "$(counts hello0)"
	check_eq "host: counters of hello1" "2 0 0" "$(counts hello1)"
	check_eq "host: counters of host_info" "5 0 0" "$(counts host_info)"
	check_eq "host: perf stat counts every call of a registered number" 12 \
		"$(awk -F, '/hypercall:hypercall/ { print $1 }' /out/perf-stat.txt)"
	cp "$tracing/trace" /out/trace
	check "host: the event records nr, a0..a3, result, vCPU and VMM pid" \
		grep -q "hypercall: nr=14 a0=0x3 a1=0x3e8 a2=0xc8 a3=0x1e ret=1230 vcpu=0 vm_pid=$GUEST_PID handled" /out/trace
	check "host: ... and KVM's refusal of guest user mode" \
		grep -q "hypercall: nr=12 a0=0x0 .* ret=-1 vcpu=0 vm_pid=$GUEST_PID rejected" /out/trace
	# The driver's calls pass zeros past their arguments (a VMM that owns
	# a number reads all four): 3 HELLO0, 2 HELLO1, 4 host_info with a0 alone.
	check_eq "host: HELLO0 passes a0..a3 as 0, HELLO1 and one-argument CALLs a1..a3" 9 \
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
	check_eq "host: counters drop the unregistered number" "12 hello0|13 hello1" \
		"$(awk 'NR > 1 { print $1, $2 }' "$counters" | paste -s -d '|')"
	check_eq "host: hello0 counted once more" "4 0 2" "$(counts hello0)"
	check_eq "host: no trace_printk line with trace_printk=0" "" "$(hello_lines)"
	check "host: ... but the event is there" \
		grep -q "hypercall: nr=12 .* ret=0 .* handled" "$tracing/trace"
else
	tap_notok "host: the guest never finished its second phase"
fi
wait_guest
check "host: handlers and hook unload" rmmod hypercall_hello hypercall_hook
