# SPDX-License-Identifier: GPL-2.0
# Guest (L2) side of the API test: the generic ioctl, the sample hypercall,
# counters and the trace event; sourced by l2-init, busybox sh.

hc=/test/hypercall

check "guest: hypercall_guest loads" insmod /test/hypercall_guest.ko

# Four vCPUs: every call runs on CPU 0 (the host checks vcpu=0 in its
# trace), but the vCPU-id calls, one pinned to each CPU.
ncpus=$(nproc)
check_eq "guest: four CPUs online" 4 "$ncpus"
taskset -p -c 0 $$ > /dev/null

# Exactly these calls of registered numbers, for the host to count:
# hello0 handled 3, rejected 2; hello1 handled 2; host_info handled 8.
for i in 1 2 3; do $hc hello > /dev/null; done
check_eq "guest: hello1 -7 (exit status)" 0 "$($hc hello1 -7 > /dev/null; echo $?)"
check_eq "guest: hello1 2147483647 (exit status)" 0 \
	"$($hc hello1 2147483647 > /dev/null; echo $?)"
/test/raw_hypercall 12 > /dev/null
/test/raw_hypercall 12 > /dev/null

check_eq "guest: host_info with 4 arguments: a1 + a2 + a3" 1230 \
	"$($hc call 14 3 1000 200 30)"
up=$($hc call 14 0)
check "guest: host_info uptime is a positive number of ns ($up)" test "$up" -gt 0
khz=$($hc call 14 1)
check "guest: host_info TSC kHz is positive ($khz)" test "$khz" -gt 0
# Each CPU is its own vCPU, with the id the VMM gave it (QEMU: 0..3).
ids=
for cpu in 0 1 2 3; do
	ids="$ids $(taskset -c $cpu $hc call 14 2)"
done
check_eq "guest: host_info vCPU id, called from CPUs 0 1 2 3" " 0 1 2 3" "$ids"
check_eq "guest: host_info unknown selector gets -KVM_EINVAL" -22 \
	"$($hc call 14 99 2> /dev/null)"

# The allow-list keeps KVM's own hypercalls out of reach.
$hc call 1 2> /tmp/err
check_eq "guest: nr 1 (not allowed) exits 1" 1 $?
check "guest: ... with EPERM" grep -q "Operation not permitted" /tmp/err
check_eq "guest: unknown command exits 2" 2 "$($hc nope 2> /dev/null; echo $?)"

signal phase1.done
if await sample.unloaded; then
	out=$($hc call 14 3 1 2 3 2> /tmp/err)
	check_eq "guest: host_info unregistered: raw -KVM_ENOSYS" -1000 "$out"
	check "guest: ... and the tool says nothing answers it" \
		grep -q "nothing on the host answers it" /tmp/err
	# trace_printk is off on the host now: the event still sees this.
	check_eq "guest: hello with trace_printk off still answers 0" 0 \
		"$($hc hello > /dev/null; echo $?)"
else
	tap_notok "guest: the host never unloaded the sample"
fi
signal phase2.done

# Phase 3: the host's tests/modules/hc_test (nr 20 sleeps 50 ms, then
# a0 + 1; 21 and 22 are one function, a0 + 1000 and a0 + 2000; 23 declines
# a0 == 0, else 7), with a kprobe on KVM's hypercall function. KVM's own
# nr 1 (KVM_HC_VAPIC_POLL_IRQ) too, which answers 0.
ncalls=0
# call WANT NR A0...: one call through /dev/hypercall, its answer checked.
call() {
	want=$1
	shift
	ncalls=$((ncalls + 1))
	check_eq "guest: call $* answers $want" "$want" "$($hc call "$@" 2> /dev/null)"
}
if await test.loaded; then
	rmmod hypercall_guest
	check "guest: hypercall_guest reloads allowing 1 and 20-23" \
		insmod /test/hypercall_guest.ko allow_nr=1,12,13,14,20,21,22,23
	call 1005 21 5
	call 1000 21 0
	call 2005 22 5
	call 42 20 41
	call -1000 23 0
	call 7 23 1
	call 7 23 5
	call -1000 23 0
	call 0 1
	call 0 1
	call 0 12
	echo $ncalls > /mbox/phase3.calls
else
	tap_notok "guest: the host never loaded hypercall_test"
fi
signal phase3.done

# Phase 4: the same module left nr 20 registered, then failed its init
# with it registered: each time the hook removed it.
ncalls=0
if await test.leave; then
	call 6 20 5
	call 0 1
	echo $ncalls > /mbox/phase4a.calls
else
	tap_notok "guest: the host never loaded hypercall_test with leave_registered=1"
fi
signal phase4a.done
if await test.left; then
	call -1000 20 5
	call -1000 21 5
else
	tap_notok "guest: the host never unloaded hypercall_test"
fi
signal phase4b.done
if await test.failed; then
	call -1000 20 6
else
	tap_notok "guest: the host never tried fail_init=1"
fi

check "guest: hypercall_guest unloads" rmmod hypercall_guest
dmesg > /mbox/l2-dmesg
no_oops "guest: kernel log clean since the driver loaded" /mbox/l2-dmesg
