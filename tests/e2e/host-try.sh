# SPDX-License-Identifier: GPL-2.0
# "make try": the hook plus your handler module on the host, then one
# hypercall command in the guest; prints what each side saw. Sourced by
# l1-host.sh, bash.

check "host: kvm_amd loads" modprobe kvm_amd
check "host: hook loads" insmod "$BUILD/host-kvm-hook/hypercall_hook.ko"
for ko in "$BUILD/$TRY_MODULE"/*.ko; do
	check "host: ${ko##*/} loads" insmod "$ko"
done
echo 1 > /sys/kernel/tracing/events/hypercall/hypercall/enable
echo > /sys/kernel/tracing/trace

start_guest "PHASE=try GUEST_ARGS='$TRY_ARGS' ALLOW='$TRY_ALLOW'"
wait_guest
{
	echo "guest: hypercall $TRY_ARGS"
	sed 's/^/  /' "$MBOX/try.out"
	echo "host: trace"
	grep -v '^#' /sys/kernel/tracing/trace | sed 's/^ */  /'
} > /out/report
