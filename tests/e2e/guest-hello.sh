# SPDX-License-Identifier: GPL-2.0
# Guest (L2) side of the hello test; sourced by l2-init, busybox sh.

# Hypercall numbers are 32-bit: a wider one is refused at load, not cut.
check "guest: hello0_nr=4294967296 (above 32 bits) is refused" \
	not insmod /test/hypercall_guest.ko hello0_nr=4294967296
rmmod hypercall_guest 2> /dev/null
# busybox insmod tries finit_module, then init_module: one line per attempt.
check_eq "guest: ... with one clear line" \
	"hypercall_guest: hello0_nr=4294967296 is above 32 bits (hypercall numbers are 32-bit), not loading" \
	"$(dmesg | sed 's/^\[[^]]*\] //' | grep '^hypercall_guest: ' |
	   grep -vE 'taints kernel|module verification failed' | uniq)"

check "guest: hypercall_guest loads on KVM" insmod /test/hypercall_guest.ko
check_eq "guest: /dev/hypercall is root-only (0600 root:root)" \
	"crw------- 0 0" "$(stat -c '%A %u %g' /dev/hypercall)"

/test/hello_hypercall 123 -5 > /tmp/hello.out
check_eq "guest: HELLO0 and HELLO1 return 0 (exit status)" 0 $?
check_eq "guest: HELLO0, HELLO1 123, HELLO1 -5 each ok" \
	"HELLO0: ok|HELLO1 123: ok|HELLO1 -5: ok" "$(paste -s -d '|' /tmp/hello.out)"

# Guest user mode (CPL 3): KVM's -KVM_EPERM, and no trace line on the host.
check_eq "guest: raw hypercall 12 from user mode gets -KVM_EPERM" \
	-1 "$(/test/raw_hypercall 12)"
check_eq "guest: raw hypercall 13 (a0 = 77) from user mode gets -KVM_EPERM" \
	-1 "$(/test/raw_hypercall 13 77)"

signal phase1.done

# After the tutorial's part (the demo shows the trace as it was then).
if await traced; then
	# HELLO1 takes the int's low 32 bits (the ABI leaves the upper ones
	# unspecified): the host traces "a0 = 5" and "a0 = -2147483648".
	check_eq "guest: HELLO1 with 2^32 + 5 as the argument: accepted" ok \
		"$(/test/ioctl_errors hello1 0x100000005)"
	check_eq "guest: HELLO1 with 0x8000000080000000: accepted" ok \
		"$(/test/ioctl_errors hello1 0x8000000080000000)"
	# A CALL whose answer could not be written back is refused before
	# the hypercall: the host traces no "a0 = 4242".
	check_eq "guest: CALL of nr 13 (a0 4242) with a read-only ret: EFAULT" \
		"Bad address" "$(/test/ioctl_errors call-ro-ret 4242)"
else
	tap_notok "guest: the host never checked the tutorial's trace"
fi
signal phase2.done

if await unloaded; then
	/test/hello_hypercall 7 > /tmp/hello.out
	check_eq "guest: with the hook unloaded the ioctls fail (exit status 1)" 1 $?
	check_eq "guest: with the hook unloaded both give EOPNOTSUPP" \
		"HELLO0: Operation not supported (no host hook answered: is hypercall_hook loaded on the host?)|HELLO1 7: Operation not supported (no host hook answered: is hypercall_hook loaded on the host?)" \
		"$(paste -s -d '|' /tmp/hello.out)"
else
	tap_notok "guest: the host never said it unloaded its hook"
fi

check "guest: hypercall_guest unloads" rmmod hypercall_guest
dmesg > /mbox/l2-dmesg
no_oops "guest: kernel log clean since the driver loaded" /mbox/l2-dmesg
