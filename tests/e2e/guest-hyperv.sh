# SPDX-License-Identifier: GPL-2.0
# A guest with Hyper-V enlightenments (QEMU hv-* flags) and four vCPUs:
# Hyper-V hypercalls carrying 12 or 13 in RAX get Hyper-V's answer, not the
# hook's; the guest OS id they need is VM-wide, yet the other vCPUs' KVM
# hypercalls (a storm on every vCPU) keep KVM's answers meanwhile; and a
# storm start that failed leaves the tool usable. Sourced by l2-init.

add() { echo "$1 $2" >> /mbox/summary; }

mount -t debugfs debugfs /sys/kernel/debug
check "guest(hyperv): test tools load" insmod /test/hypercall_bench.ko
hv=/sys/kernel/debug/hypercall_bench/hyperv
storm=/sys/kernel/debug/hypercall_bench/storm
for nr in 12 13; do
	echo $nr > $hv
	check_eq "guest(hyperv): Hyper-V call with RAX = $nr gets Hyper-V's INVALID_HYPERCALL_CODE" \
		2 "$(cat $hv)"
done
check "guest(hyperv): the driver loads" insmod /test/hypercall_guest.ko
check_eq "guest(hyperv): KVM's own ABI still answers HELLO0 afterwards" 0 \
	"$(/test/hypercall hello > /dev/null; echo $?)"
add inputs 3
signal hyperv.done
await hyperv.checked 300 || tap_notok "guest(hyperv): the host never checked the Hyper-V calls"

echo start > $storm
n=200
echo "12 $n" > $hv
check_eq "guest(hyperv): $n Hyper-V calls beside a storm on every vCPU get INVALID_HYPERCALL_CODE" \
	2 "$(cat $hv)"
echo stop > $storm
set -- $(cat $storm)
check "guest(hyperv): ... while the storm's $2 KVM hypercalls kept KVM's answers ($8 wrong)" \
	test "${8:-1}" -eq 0
check "guest(hyperv): ... handlers answering ($4)" test "${4:-0}" -gt 0
add inputs "$((n + ${2:-0}))"
add wrong "${8:-1}"

# A start whose second worker cannot be created (as when out of memory)
# fails as a whole, and the next one works.
echo 2 > /sys/module/hypercall_bench/parameters/storm_fail_worker
check "guest(hyperv): a storm start that cannot create every worker fails" \
	not sh -c "echo start > $storm"
check "guest(hyperv): ... and the next start works" sh -c "echo start > $storm"
add faults 1
echo stop > $storm
dmesg > /mbox/l2-dmesg
no_oops "guest(hyperv): kernel log clean" /mbox/l2-dmesg
