# SPDX-License-Identifier: GPL-2.0
# A guest whose CPU hides the KVM signature (-cpu host,kvm=off): the driver
# must refuse to load, since VMCALL/VMMCALL would fault. Sourced by l2-init.

check "guest(kvm=off): driver refuses to load" not insmod /test/hypercall_guest.ko
# busybox insmod tries finit_module, then init_module: the module's init
# runs twice, so the line appears once per attempt.
check_eq "guest(kvm=off): ... with one clear line" \
	"hypercall_guest: not running on KVM: hypercalls would fault, not loading" \
	"$(dmesg | sed 's/^\[[^]]*\] //' | grep '^hypercall_guest: ' |
	   grep -vE 'taints kernel|module verification failed' | uniq)"
echo "faults 1" >> /mbox/summary
dmesg > /mbox/l2-dmesg
no_oops "guest(kvm=off): kernel log clean" /mbox/l2-dmesg
