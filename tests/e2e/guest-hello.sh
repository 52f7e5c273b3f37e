# SPDX-License-Identifier: GPL-2.0
# Guest (L2) side of the hello test; sourced by l2-init, busybox sh.

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
