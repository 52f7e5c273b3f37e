# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the hello test; sourced by l1-host.sh, bash.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
guest_ko=$BUILD/guest-hc-driver/hypercall_guest.ko
trace=/sys/kernel/tracing/trace

# L1 itself runs under TCG, not KVM: the guest driver must refuse it.
dmesg -C
check "host: guest driver refuses to load off KVM" not insmod "$guest_ko"
check_eq "host: ... with one clear dmesg line" \
	"hypercall_guest: not running on KVM: hypercalls would fault, not loading" \
	"$(module_lines hypercall_guest)"

dmesg -C
check "host: hook refuses to load without kvm" not insmod "$hook"
check "host: ... and says to load kvm" dmesg_has "load kvm and kvm_amd or kvm_intel first"

check "host: kvm_amd loads" modprobe kvm_amd
check "host: /dev/kvm exists" test -c /dev/kvm
check "host: hook loads" insmod "$hook"
# KVM's hypercall tracepoint, and the next entry into the guest.
point="kvm:kvm_hypercall, kvm:kvm_entry, kvm:kvm_userspace_exit, kernel:sched_process_exit (tracepoints)"
check "host: ... and says where it hooked" dmesg_has "hooked $point"

echo > "$trace"
start_guest
if await phase1.done; then
	cp "$trace" /out/trace
	check_eq "host: trace holds the tutorial's lines, and none from user mode" \
		"Hello world!|a0 = 123|a0 = -5" "$(hello_lines)"
else
	tap_notok "host: the guest never finished its first phase"
fi

check "host: hook unloads" rmmod hypercall_hook
signal unloaded
wait_guest
check_eq "host: no trace line once the hook is unloaded" \
	"Hello world!|a0 = 123|a0 = -5" "$(hello_lines)"
