# SPDX-License-Identifier: GPL-2.0
# "make try": the hook plus your handler module, or your host program, on
# the host, then one hypercall command in the guest; prints what each side
# saw. Sourced by l1-host.sh, bash.

counters=/sys/kernel/debug/hypercall_hook/counters

check "host: kvm_amd loads" modprobe kvm_amd
check "host: hook loads" insmod "$BUILD/host-kvm-hook/hypercall_hook.ko"
if [ "$TRY_MODULE" != none ]; then
	for ko in "$BUILD/$TRY_MODULE"/*.ko; do
		check "host: ${ko##*/} loads" insmod "$ko"
	done
fi
if [ -n "$TRY_PROGRAM" ]; then
	# A program (run from the project's top; python3 for a .py) is ready
	# once it has claimed a number: the counters list one more.
	before=$(wc -l < "$counters")
	case $TRY_PROGRAM in
	*.py) (cd "$TOP" && exec python3 "$TRY_PROGRAM") > /out/program.log 2>&1 & ;;
	*) (cd "$TOP" && exec $TRY_PROGRAM) > /out/program.log 2>&1 & ;;
	esac
	program_pid=$!
	more() { [ "$(wc -l < "$counters")" -gt "$before" ]; }
	check "host: $TRY_PROGRAM claimed a number" wait_until 10 more
fi
echo 1 > /sys/kernel/tracing/events/hypercall/hypercall/enable
echo > /sys/kernel/tracing/trace

start_guest "PHASE=try GUEST_ARGS='$TRY_ARGS' ALLOW='$TRY_ALLOW'"
wait_guest
[ -n "$TRY_PROGRAM" ] && kill -TERM "$program_pid" && wait "$program_pid"
{
	echo "guest: hypercall $TRY_ARGS"
	sed 's/^/  /' "$MBOX/try.out"
	echo "host: trace"
	grep -v '^#' /sys/kernel/tracing/trace | sed 's/^ */  /'
	if [ -n "$TRY_PROGRAM" ]; then
		echo "host: $TRY_PROGRAM printed"
		sed 's/^/  /' /out/program.log
	fi
} > /out/report
