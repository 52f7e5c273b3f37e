# SPDX-License-Identifier: GPL-2.0
# Guest (L2, 4 vCPUs) side of the hostile-input suite; sourced by l2-init.
# Adds its counts to /mbox/summary for the suite's closing line.

hc=/test/hypercall
user="/test/as_user 1000 1000"
add() { echo "$1 $2" >> /mbox/summary; }

check "guest: hypercall_guest loads" insmod /test/hypercall_guest.ko

# Non-root: the default mode keeps the device root's.
$user $hc hello 2> /tmp/err
check_eq "guest: non-root hello exits 3 (cannot open)" 3 $?
check "guest: ... with EACCES" grep -q "Permission denied" /tmp/err
add inputs 1

# Guest user mode, from root and from a user: KVM's -KVM_EPERM each time.
for who in root user; do
	run=
	[ $who = user ] && run=$user
	check_eq "guest: raw 12 from user mode as $who: -KVM_EPERM" -1 "$($run /test/raw_hypercall 12)"
	check_eq "guest: raw 12 again as $who" -1 "$($run /test/raw_hypercall 12 5)"
	check_eq "guest: raw 13 as $who" -1 "$($run /test/raw_hypercall 13 77)"
done
add inputs 6
signal raw.done
await raw.checked || tap_notok "guest: the host never checked the raw calls"

# Bad and extreme ioctls, then the fuzzer as root.
/test/ioctl_errors > /tmp/errs.out
check_eq "guest: ioctl_errors exit status" 0 $?
grep -E '^(not )?ok' /tmp/errs.out >> "$TAP"
sed -n 's/^# ioctl_errors: inputs \([0-9]*\) wrong \([0-9]*\)$/inputs \1\nwrong \2/p' \
	/tmp/errs.out >> /mbox/summary

fuzz() {
	out=$("$@")
	rc=$?
	echo "$out" | grep '^# ' | head -n 5 >> "$TAP"
	last=$(echo "$out" | tail -n 1)
	set -- $last
	check_eq "guest: fuzzer ($*) found nothing unexpected or wrong" \
		"0:inputs 100001 unexpected 0 wrong 0" "$rc:$last"
	add inputs "$2"
	add wrong "$(($4 + $6))"
}
fuzz /test/ioctl_fuzz 1 100000

# The documented group grant (what the udev rule does), and the fuzzer as
# that group's member.
chgrp 1000 /dev/hypercall && chmod 0660 /dev/hypercall
check_eq "guest: a member of the device's group may call" 0 \
	"$($user $hc hello > /dev/null; echo $?)"
fuzz $user /test/ioctl_fuzz 2 100000
check_eq "guest: the device still works after fuzzing" 0 "$($hc hello > /dev/null; echo $?)"

# Removal while a process holds the device open is refused, not a UAF.
exec 3< /dev/hypercall
check "guest: rmmod refused while /dev/hypercall is open" not rmmod hypercall_guest
exec 3<&-
check "guest: rmmod once closed" rmmod hypercall_guest
check "guest: reload" insmod /test/hypercall_guest.ko
add faults 1

# The storm: all vCPUs while the host unloads and reloads its hook. Ours
# may get -KVM_ENOSYS only in the host's unload windows: /mbox/epoch, odd
# from just before an unload to just after the reload (as for
# sleep_storm.c), copied into the storm by a reader here, one read of the
# file and one write at a time (bench/storm.c).
mount -t debugfs debugfs /sys/kernel/debug
insmod /test/hypercall_bench.ko
storm=/sys/kernel/debug/hypercall_bench/storm
epoch=/sys/kernel/debug/hypercall_bench/epoch
(while :; do
	read -r e < /mbox/epoch && echo "$e" > $epoch
	sleep 0.05
done) &
pump=$!
i=0
until grep -q 'writes [1-9]' $epoch || [ $i -gt 300 ]; do i=$((i + 1)); sleep 0.1; done
check "guest: the host's epoch reaches the storm ($(cat $epoch))" grep -q 'writes [1-9]' $epoch
echo start > $storm
signal storm.started
await cycles.done 600 || tap_notok "guest: the host never finished its unload cycles"
echo stop > $storm
kill $pump
set -- $(cat $storm)
check "guest: storm of $2 calls: $8 wrong answers" test "$8" -eq 0
check "guest: ... some answered by the host's handlers ($4)" test "$4" -gt 0
check "guest: ... some unanswered, each in an unload window ($6)" test "$6" -gt 0
add inputs "$2"
add wrong "$8"
signal storm.stopped

dmesg > /mbox/l2-dmesg
no_oops "guest: kernel log clean since the driver loaded" /mbox/l2-dmesg
