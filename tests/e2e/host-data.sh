# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the data test: hypercalls that carry data by guest
# physical address; sourced by l1-host.sh, bash.
#
# First tests/kvm_guest_mem, a VMM of its own (memslots crossed, holes, a
# read-only slot, dirty logging, the dirty ring, a slot deleted during a
# call); then a guest whose driver passes buffers (echo, edges, hostile
# GPAs, buffers changed or unmapped during a call) and runs the samples:
# say, whose text must reach the trace, and host_uname, whose struct must
# hold this host's uname.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
say=$BUILD/samples/say/hypercall_say.ko
sample=$BUILD/samples/host-info/hypercall_host_info.ko
test_ko=$BUILD/tests/modules/hc_test/hypercall_test.ko
tracing=/sys/kernel/tracing
counters=/sys/kernel/debug/hypercall_hook/counters
sleep_ms=/sys/module/hypercall_test/parameters/sleep_ms

counts() { awk -v n="$1" '$2 == n { print $3, $4, $5, $6 }' "$counters"; }

check "host: kvm_amd loads" modprobe kvm_amd
check "host: hook loads" insmod "$hook"
check "host: say loads" insmod "$say"
check "host: host_info (with host_uname) loads" insmod "$sample"
check "host: hypercall_test loads" insmod "$test_ko" sleep_ms=300

"$TOP/tests/kvm_guest_mem" 300 > /out/guest-mem.txt 2> /out/guest-mem-stderr
check_eq "host: kvm_guest_mem exit status" 0 $?
sed 's/^/# /' /out/guest-mem-stderr >> "$TAP"
check_lines "host: VMM" < /out/guest-mem.txt

echo 100 > "$sleep_ms"
echo > "$tracing/trace"
# Two vCPUs: a second thread changes or unmaps a buffer while the first
# one's vCPU is in the call.
L2_CPUS=2 start_guest "HOST_UNAME='$(uname -srvm)'"
wait_guest

check "host: the say line in the host's trace" \
	grep -q 'guest says: Hello from the guest$' "$tracing/trace"
check "host: ... bytes not printable ASCII as '?'" \
	grep -q 'guest says: tab?bell?end$' "$tracing/trace"
check_eq "host: say's counters (handled passed rejected declined)" "4 0 0 0" "$(counts say)"
check_eq "host: host_uname's counters" "2 0 0 0" "$(counts host_uname)"
cp "$tracing/trace" /out/trace

check "host: modules unload" rmmod hypercall_test hypercall_host_info hypercall_say hypercall_hook
