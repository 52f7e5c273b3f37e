# SPDX-License-Identifier: GPL-2.0
# Guest (L2) side of the forward test; sourced by l2-init, busybox sh.

hc=/test/hypercall
echo_nr=0x4B480001

check "guest: hypercall_guest loads" insmod /test/hypercall_guest.ko \
	allow_nr=13,14,0x4B480000,0x4B480001,0x4B480002,0x4B480003,0x4B480004,0x4B480005,0x4B480006,0x4B480007,0x4B480010,0x4B480011
check_eq "guest: its load line names what the host offers" \
	"hypercall_guest: host offers 4: 0x4b480000 discover, 0x4b480001 echo, 0x4b480002 say, 0x4b480010 abi" \
	"$(dmesg | sed 's/^\[[^]]*\] //' | grep '^hypercall_guest: host offers')"
check_eq "guest: hypercall list" \
	"0x4b480000 kernel discover|0x4b480001 program buf echo|0x4b480002 program buf say|0x4b480010 program buf abi" \
	"$($hc list 2> /tmp/err | tr '\t' ' ' | paste -s -d '|')"
check_eq "guest: the discovery probe answers the magic (KHC1)" 826493003 \
	"$($hc call 0x4B480000 2>> /tmp/err)"
check_eq "guest: echo, no buffer: a0 + a2" 7 "$($hc call $echo_nr 3 0 4 0 2>> /tmp/err)"
check_eq "guest: echo with a buffer" "5|hello" \
	"$($hc buf $echo_nr hello 16 2>> /tmp/err | paste -s -d '|')"
check_eq "guest: say through hypercalld" 0 \
	"$($hc buf 0x4B480002 'Hello from L2' 0 2>> /tmp/err)"
big=$(head -c 4000 /dev/zero | tr '\0' y)
check_eq "guest: echo of 4000 bytes" "4000|$big" \
	"$($hc buf $echo_nr "$big" 4096 2>> /tmp/err | paste -s -d '|')"
await abi.ready 120 || tap_notok "guest: the host's ABI test never got ready"
check_eq "guest: the ABI test's call gets its one accepted answer" "7|xyz" \
	"$(taskset -c 0 $hc buf 0x4B480010 abc 8 2>> /tmp/err | paste -s -d '|')"
signal phase1.done

# Phase 2: the host stops and resumes the VM during the call.
await phase2.go 120
check_eq "guest: the call across QEMU's stop and cont: the answer, once" 10 \
	"$(taskset -c 0 $hc call $echo_nr 1 0 9 0 2>> /tmp/err)"
signal phase2.done

await phase2b.go 120
check_eq "guest: a withdrawn call that cannot be made again: -HYPERCALL_EAGAIN" -11 \
	"$(taskset -c 0 $hc call $echo_nr 1 0 9 0 2>> /tmp/err)"
signal phase2b.done

# Phase 3: two vCPUs wait for a program that never answers, across QEMU's
# stop and cont; then it is killed.
await phase3.go 120
t0=$(date +%s)
taskset -c 0 $hc call $echo_nr 1 > /tmp/k0 2>> /tmp/err &
p0=$!
taskset -c 1 $hc call $echo_nr 2 > /tmp/k1 2>> /tmp/err &
wait $p0 $!
t1=$(date +%s)
check_eq "guest: both waiting calls get -KVM_ENOSYS when the program dies" \
	"-1000|-1000" "$(cat /tmp/k0 /tmp/k1 | paste -s -d '|')"
check "guest: ... long before the 30 s timeout ($((t1 - t0)) s)" test $((t1 - t0)) -lt 15
signal phase3.done

await phase4.go 120
check_eq "guest: a call not answered in time: -HYPERCALL_ETIMEDOUT" -110 \
	"$($hc call $echo_nr 2>> /tmp/err)"
signal phase4.done

# Phase 5: claims for this VM (its QEMU's pid, its cgroup) and others'.
await phase5.go 120
check_eq "guest: a claim for this VM's QEMU answers" 3 \
	"$($hc call 0x4B480003 1 0 2 0 2>> /tmp/err)"
check_eq "guest: a claim for another VMM: -KVM_ENOSYS here" -1000 \
	"$($hc call 0x4B480004 1 0 2 0 2>> /tmp/err)"
check_eq "guest: a claim for this VM's cgroup answers" 5 \
	"$($hc call 0x4B480005 2 0 3 0 2>> /tmp/err)"
check_eq "guest: a claim for another cgroup: -KVM_ENOSYS here" -1000 \
	"$($hc call 0x4B480006 2 0 3 0 2>> /tmp/err)"
check_eq "guest: the cgroup's claim wins over the one for every VM (echo, not say)" 7 \
	"$($hc call 0x4B480007 3 0 4 0 2>> /tmp/err)"
check_eq "guest: ... and only this VM's claims are listed" \
	"0x4b480000 kernel discover|0x4b480003 program buf echo|0x4b480005 program buf echo|0x4b480007 program buf echo" \
	"$($hc list 2>> /tmp/err | tr '\t' ' ' | paste -s -d '|')"
signal phase5.done

# Per-VM policy: first both numbers allowed only for another process.
await phase5b.go 120
check_eq "guest: host_info, allowed for another VM only: -KVM_ENOSYS" -1000 \
	"$($hc call 14 3 1 2 3 2>> /tmp/err)"
check_eq "guest: a program's number, the same" -1000 \
	"$($hc call 0x4B480003 1 0 2 0 2>> /tmp/err)"
check_eq "guest: ... neither listed" 0 \
	"$($hc list 2>> /tmp/err | grep -cE '^(14|0x4b480003)	')"
signal phase5b.done
await phase5c.go 120
check_eq "guest: host_info, allowed for this VM's cgroup: answers" 6 \
	"$($hc call 14 3 1 2 3 2>> /tmp/err)"
check_eq "guest: the program's number, its rules reset: answers" 3 \
	"$($hc call 0x4B480003 1 0 2 0 2>> /tmp/err)"
check_eq "guest: ... both listed" 2 \
	"$($hc list 2>> /tmp/err | grep -cE '^(14|0x4b480003)	')"
signal phase5c.done

await phase6.go 120
check_eq "guest: the Python example answers echo" 11 \
	"$($hc call $echo_nr 5 0 6 0 2>> /tmp/err)"
signal phase6.done

# Phase 7: both vCPUs storm the program's inc while the host stops it.
await phase7.go 120
/test/sleep_storm 0x4B480011 /mbox/epoch 0 > /tmp/storm.out 2> /tmp/storm.err &
pid=$!
sleep 1
signal storm.started
wait $pid
rc=$?
sed 's/^/# /' /tmp/storm.err >> "$TAP"
# shellcheck disable=SC2046 # its words are the counts
set -- $(cat /tmp/storm.out)
check_eq "guest: storm on a stopped program: exit status (wrong answers: ${10})" 0 $rc
check "guest: ... $2 calls, $4 answered a0 + 1" test "${4:-0}" -gt 0
check "guest: ... $8 got -KVM_ENOSYS (timed out), each while the program was stopped" \
	test "${8:-0}" -gt 0
signal phase7.done

check "guest: hypercall_guest unloads" rmmod hypercall_guest
sed 's/^/# /' /tmp/err >> "$TAP"
dmesg > /mbox/l2-dmesg
no_oops "guest: kernel log clean since the driver loaded" /mbox/l2-dmesg
