# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the forward test: hypercalls answered by a host
# program through /dev/hypercall-host; sourced by l1-host.sh, bash.
#
# hypercalld serves echo and say; the device's ABI (tests/hostdev_abi.py);
# a call withdrawn when QEMU stops the VM and made again after cont; a
# program that never answers, across stop and cont, then killed with calls
# waiting; a timeout; claims for one VM (pid, cgroup); per-VM policy of a
# kernel module's number and a program's; the Python example.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
sample=$BUILD/samples/host-info/hypercall_host_info.ko
hcd=$TOP/tools/hypercalld
policy=$TOP/tools/hypercall-policy
mon=/run/hc/l2-mon

# hcd_start NAME ARGS...: hypercalld in the background (with -v, or
# HCD_FLAGS), its stdout and stderr in /out/hcd-NAME.{out,err}; returns
# once its claims are made.
hcd_start() {
	local name=$1
	shift
	rm -f /run/hc/hcd.ready
	# shellcheck disable=SC2086 # no flag at all for HCD_FLAGS=''
	"$hcd" ${HCD_FLAGS--v} --ready /run/hc/hcd.ready "$@" \
		> "/out/hcd-$name.out" 2> "/out/hcd-$name.err" &
	HCD_PID=$!
	wait_until 10 test -e /run/hc/hcd.ready
}

# hcd_stop NAME: SIGTERM; its exit status in HCD_STATUS, its summary line
# in HCD_SUMMARY.
hcd_stop() {
	kill -TERM "$HCD_PID"
	wait "$HCD_PID"
	HCD_STATUS=$?
	HCD_SUMMARY=$(sed -n 's/^hypercalld: \(answered .*\)/\1/p' "/out/hcd-$1.err")
}

# logged NAME WHAT N [SECONDS]: hypercalld -v has logged N lines of WHAT
# ("request", "cancel").
logged() { wait_until "${4:-60}" logged_now "$1" "$2" "$3"; }
logged_now() { [ "$(grep -c ": $2 id " "/out/hcd-$1.err")" -ge "$3" ]; }

# requests_read NAME N [SECONDS]: hypercalld has read N requests.
requests_read() { logged "$1" request "$2" "${3:-60}"; }

# timed COMMAND...: runs COMMAND, its time in TIMED_MS; its exit status.
timed() {
	local t0 rc
	t0=$(date +%s%N)
	"$@"
	rc=$?
	TIMED_MS=$((($(date +%s%N) - t0) / 1000000))
	return $rc
}

# hmp COMMAND: to the guest's QEMU monitor; its answer in /out/hmp.log.
hmp() { echo "$1" | socat - "UNIX-CONNECT:$mon" >> /out/hmp.log 2>&1; }
counters=/sys/kernel/debug/hypercall_hook/counters
# restarted NAME: calls of NAME's number its handler sent back before the call.
restarted() { awk -v n="$1" '$2 == n { print $7 }' "$counters"; }

check "host: kvm_amd loads" modprobe kvm_amd
check "host: hook loads" insmod "$hook"
check_eq "host: /dev/hypercall-host is root-only (0600 root:root)" \
	"crw------- 0 0" "$(stat -c '%A %u %g' /dev/hypercall-host)"
"$TOP/tests/as_user" 65534 65534 "$hcd" 2> /tmp/as-user.err
check_eq "host: hypercalld as nobody: exit status 1" 1 $?
check "host: ... saying the device is for root" grep -q 'is for root only' /tmp/as-user.err

echo 1 > /sys/kernel/tracing/events/hypercall/hypercall/enable
check "host: hypercalld claims echo and say" hcd_start main
check "host: rmmod of the hook refused while the device is open" not rmmod hypercall_hook
"$hcd" --claim 0x4B480001 2> /tmp/hcd-busy.err
check_eq "host: a second hypercalld on echo: exit status 1" 1 $?
check "host: ... EBUSY" grep -q 'Device or resource busy' /tmp/hcd-busy.err
"$hcd" --claim 5 2> /tmp/hcd-perm.err
check "host: a claim of KVM's nr 5: EPERM" grep -q 'Operation not permitted' /tmp/hcd-perm.err

# The ABI test claims its number before the guest's driver loads and
# lists what the host offers; it learns the guest's QEMU pid after.
rm -f /run/hc/abi.ready /run/hc/vm.pid
python3 "$TOP/tests/hostdev_abi.py" /run/hc/abi.ready /run/hc/vm.pid \
	> /out/abi.txt 2> /out/abi.err &
abi_pid=$!
wait_until 10 test -e /run/hc/abi.ready
L2_MONITOR="unix:$mon,server=on,wait=off" L2_CPUS=2 start_guest
echo "$GUEST_PID" > /run/hc/vm.pid
signal abi.ready

# Phase 1: echo, say, discovery, the ABI's call.
if await phase1.done 300; then
	wait "$abi_pid"
	check_eq "host: hostdev_abi.py exit status" 0 $?
	sed 's/^/# /' /out/abi.err >> "$TAP"
	check_lines "host: ABI" < /out/abi.txt
	check "host: hypercalld printed the guest's say line" \
		grep -qx "guest $GUEST_PID/[01] says: Hello from L2" /out/hcd-main.out
	hcd_stop main
	check_eq "host: hypercalld's summary" "answered 4, cancelled 0, late answers 0" \
		"$HCD_SUMMARY"
	check_eq "host: ... and it exits 0 on SIGTERM" 0 "$HCD_STATUS"
else
	tap_notok "host: the guest never finished its first phase"
	kill "$abi_pid" "$HCD_PID"
fi

# Phase 2: QEMU stops the VM while a vCPU waits for a slow answer.
hcd_start pause --claim 0x4B480001 --delay-ms 4000 --timeout-ms 20000
signal phase2.go
if requests_read pause 1; then
	timed hmp stop
	check "host: QEMU's stop returns while the program sleeps (${TIMED_MS} ms, < 2000)" \
		test "$TIMED_MS" -lt 2000
	hmp 'info registers'
	check_eq "host: ... the call was sent back before the VMMCALL" 1 "$(restarted echo)"
	sleep 1
	hmp cont
else
	tap_notok "host: hypercalld never read the guest's call"
fi
if await phase2.done 120; then
	hcd_stop pause
	check_eq "host: the late answer refused, the call made again answered once" \
		"answered 1, cancelled 1, late answers 1" "$HCD_SUMMARY"
	check_eq "host: ... two requests read, with different ids" 2 \
		"$(grep ': request id ' /out/hcd-pause.err | awk '{ print $4 }' | sort -u | wc -l)"
else
	tap_notok "host: the guest never finished its second phase"
	kill "$HCD_PID"
fi

# Phase 2b: where the vCPU cannot be sent back before its call (SEV-ES,
# SNP and TDX guests; here the test-only debugfs no_restart says so), a
# call withdrawn for a signal gets -HYPERCALL_EAGAIN (-11).
no_restart=/sys/kernel/debug/hypercall_hook/no_restart
echo Y > "$no_restart"
hcd_start eagain --claim 0x4B480001 --delay-ms 3000 --timeout-ms 20000
signal phase2b.go
if requests_read eagain 1; then
	hmp stop
	hmp cont
else
	tap_notok "host: hypercalld never read the guest's call (no_restart)"
fi
if await phase2b.done 120; then
	# hypercalld reads the CANCEL only after its late answer was refused.
	logged eagain cancel 1 10
	hcd_stop eagain
	check_eq "host: the program got a CANCEL, its late answer refused" \
		"answered 0, cancelled 1, late answers 1" "$HCD_SUMMARY"
else
	tap_notok "host: the guest never finished its no_restart phase"
	hcd_stop eagain
fi
echo N > "$no_restart"

# Phase 3: a program that never answers: QEMU stops and resumes the VM
# while both vCPUs wait, then the program dies.
hcd_start kill --claim 0x4B480001 --no-answer --timeout-ms 30000
signal phase3.go
if requests_read kill 2; then
	before=$(restarted echo)
	timed hmp stop
	check "host: stop with two vCPUs waiting on a silent program (${TIMED_MS} ms, < 2000)" \
		test "$TIMED_MS" -lt 2000
	check_eq "host: ... both calls sent back before their VMMCALL" 2 \
		"$(($(restarted echo) - before))"
	hmp cont
	check "host: after cont both calls are made again" requests_read kill 4
	check_eq "host: ... the program had a CANCEL for each withdrawn one" 2 \
		"$(grep -c ': cancel id ' /out/hcd-kill.err)"
else
	tap_notok "host: hypercalld read both vCPUs' calls"
fi
kill -9 "$HCD_PID"
wait "$HCD_PID"
if ! await phase3.done 60; then
	tap_notok "host: the guest never finished its third phase"
fi

# Phase 4: no answer within the claim's timeout; then claims for one VM.
hcd_start timeout --claim 0x4B480001 --no-answer --timeout-ms 3000
signal phase4.go
if await phase4.done 60; then
	hcd_stop timeout
	check_eq "host: the timed-out call was cancelled to the program" \
		"answered 0, cancelled 1, late answers 0" "$HCD_SUMMARY"
else
	tap_notok "host: the guest never finished its fourth phase"
	kill "$HCD_PID"
fi
# Claims for one VM: this guest's QEMU in cgroup vm, another cgroup empty.
mkdir -p /sys/fs/cgroup
mount -t cgroup2 none /sys/fs/cgroup
mkdir /sys/fs/cgroup/vm /sys/fs/cgroup/other
echo "$GUEST_PID" > /sys/fs/cgroup/vm/cgroup.procs
check "host: claims by pid and by cgroup" \
	hcd_start pid --claim "0x4B480003:echo@$GUEST_PID" --claim "0x4B480004:echo@$$" \
	--claim 0x4B480005:echo@/sys/fs/cgroup/vm --claim 0x4B480006:echo@/sys/fs/cgroup/other \
	--claim 0x4B480007:say --claim 0x4B480007:echo@/sys/fs/cgroup/vm
"$hcd" --claim 0x4B480007:echo@/sys/fs/cgroup/vm 2> /tmp/hcd-busy.err
check "host: the same number and cgroup claimed twice: EBUSY" \
	grep -q 'Device or resource busy' /tmp/hcd-busy.err
signal phase5.go
await phase5.done 60 || tap_notok "host: the guest never finished its fifth phase"

# Per-VM policy: host_info (a module's nr 14) and a program's number.
check "host: host_info loads" insmod "$sample"
check "host: nr 14 allowed only for another process" "$policy" allow 14 pid $$
check "host: nr 0x4B480003 too" "$policy" allow 0x4B480003 pid $$
check_eq "host: the rules, as debugfs lists them" "14 pid $$|1263009795 pid $$" \
	"$(paste -s -d '|' /sys/kernel/debug/hypercall_hook/policy)"
check "host: the same rule twice: refused" not "$policy" allow 14 pid $$
signal phase5b.go
if await phase5b.done 60; then
	check_eq "host: host_info's call counted as filtered" 1 \
		"$(awk '$2 == "host_info" { print $8 }' "$counters")"
	check "host: nr 14 allowed for the guest's cgroup too" \
		"$policy" allow 14 cgroup /sys/fs/cgroup/vm
	check "host: nr 0x4B480003's rules reset" "$policy" reset 0x4B480003
	signal phase5c.go
else
	tap_notok "host: the guest never finished its policy phase"
fi
await phase5c.done 60 || tap_notok "host: the guest never finished its last policy phase"
check "host: a rule taken back" "$policy" remove 14 pid $$
check "host: ... not twice" not "$policy" remove 14 pid $$
check "host: nr 14's rules reset" "$policy" reset 14
check_eq "host: no rule left" "" "$(cat /sys/kernel/debug/hypercall_hook/policy)"
check "host: host_info unloads" rmmod hypercall_host_info
hcd_stop pid

# Phase 6: the Python example.
python3 "$TOP/samples/hypercalld.py" > /out/py.out 2> /out/py.err &
py_pid=$!
# Ready once it has claimed echo: the counters list the number.
claimed() { awk '$1 == 1263009793' "$counters" | grep -q .; }
check "host: the Python example claimed echo" wait_until 30 claimed
signal phase6.go
await phase6.done 60 || tap_notok "host: the guest never finished its sixth phase"
kill -TERM "$py_pid"
wait "$py_pid"
check_eq "host: the Python example exits 0 on SIGTERM" 0 $?
sed 's/^/# py: /' /out/py.err >> "$TAP"

# Phase 7: a storm on a program's number (nr 0x4B480011, inc: a0 + 1)
# from both vCPUs while the program is stopped for 3 s; its claim's
# timeout gives -KVM_ENOSYS, which the guest accepts only in that window
# (/mbox/epoch odd, as tests/sleep_storm.c reads it). Meanwhile an
# unrelated module leaves: each of its two numbers' unregistering waits for
# calls asleep in the hook, at most a claim's timeout (1 s here).
set_epoch() { echo "$1" > "$MBOX/epoch.new" && mv "$MBOX/epoch.new" "$MBOX/epoch"; }
set_epoch 0
check "host: hello loads" insmod "$BUILD/samples/hello/hypercall_hello.ko"
HCD_FLAGS='' hcd_start storm --claim 0x4B480011:inc --timeout-ms 1000 --timeout-ret -1000
signal phase7.go
if await storm.started 60; then
	sleep 3
	set_epoch 1
	kill -STOP "$HCD_PID"
	check "host: an unrelated module unloads during the stopped program's storm" \
		timed rmmod hypercall_hello
	check "host: ... in ${TIMED_MS} ms (< 4000: a claim timeout per number, and slack)" \
		test "$TIMED_MS" -lt 4000
	sleep 3
	kill -CONT "$HCD_PID"
	sleep 2
	set_epoch 2
	sleep 3
	set_epoch stop
	await phase7.done 120 || tap_notok "host: the guest's storm never ended"
	hcd_stop storm
	check_eq "host: hypercalld exits 0 after the storm" 0 "$HCD_STATUS"
	sed 's/^/# storm: /' /out/hcd-storm.err | tail -n 3 >> "$TAP"
else
	tap_notok "host: the guest's storm never started"
	set_epoch stop
	kill -CONT "$HCD_PID"
	hcd_stop storm
fi

# Phase 8: 20000 calls queued at once (forward_stress, test only) to
# hypercalld's echo: 16384 fit in the file's queue, the rest are refused at
# once; each queued one answered once, with its own a0.
HCD_FLAGS='' hcd_start stress --claim 0x4B480001 --timeout-ms 60000
stress=/sys/kernel/debug/hypercall_hook/forward_stress
check "host: 20000 calls queued to hypercalld" sh -c "echo '0x4B480001 20000' > $stress"
check_eq "host: ... 16384 queued and answered right, 3616 refused" \
	"queued 16384 refused 3616 right 16384 wrong 0 timedout 0" "$(cat "$stress")"
hcd_stop stress
check_eq "host: ... hypercalld answered each once" \
	"answered 16384, cancelled 0, late answers 0" "$HCD_SUMMARY"

wait_guest
cp /sys/kernel/tracing/trace /out/trace
check "host: hook unloads once the device is closed" rmmod hypercall_hook
