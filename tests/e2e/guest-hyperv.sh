# SPDX-License-Identifier: GPL-2.0
# A guest with Hyper-V enlightenments (QEMU hv-* flags): Hyper-V hypercalls
# carrying 12 or 13 in RAX get Hyper-V's answer, not the hook's. Sourced by
# l2-init.

mount -t debugfs debugfs /sys/kernel/debug
check "guest(hyperv): test tools load" insmod /test/hypercall_bench.ko
hv=/sys/kernel/debug/hypercall_bench/hyperv
for nr in 12 13; do
	echo $nr > $hv
	check_eq "guest(hyperv): Hyper-V call with RAX = $nr gets Hyper-V's INVALID_HYPERCALL_CODE" \
		2 "$(cat $hv)"
done
check "guest(hyperv): the driver loads" insmod /test/hypercall_guest.ko
check_eq "guest(hyperv): KVM's own ABI still answers HELLO0 afterwards" 0 \
	"$(/test/hypercall hello > /dev/null; echo $?)"
echo "inputs 3" >> /mbox/summary
dmesg > /mbox/l2-dmesg
no_oops "guest(hyperv): kernel log clean" /mbox/l2-dmesg
