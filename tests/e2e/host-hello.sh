# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the hello test; sourced by l1-host.sh, bash.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
hello=$BUILD/samples/hello/hypercall_hello.ko
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
# KVM's hypercall function: kvm_emulate_hypercall up to 6.13,
# ____kvm_emulate_hypercall from 6.16; called at its very start.
check "host: ... and says where it hooked, calling KVM's function at its start" \
	dmesg_match "^hypercall_hook: hooked (____)?kvm_emulate_hypercall \(ftrace redirect\), calling it at (____)?kvm_emulate_hypercall\+0x0/"
# The kernel's config: boot/ in older packages, the modules folder in newer.
if cat "$KROOT/boot/config-$KVER" "$KROOT/usr/lib/modules/$KVER/config" \
	"$KROOT/lib/modules/$KVER/config" 2> /dev/null | grep -qx CONFIG_X86_KERNEL_IBT=y; then
	# No CPU here enforces IBT: what a real one would fault on is checked.
	check "host: ... at its ENDBR64 (IBT kernel)" dmesg_has "(its ENDBR64)"
fi
check "host: the hook alone is no debug kernel (no trace_printk)" \
	not dmesg_has "trace_printk() being used"
check "host: the tutorial's handlers load" insmod "$hello"
check "host: ... and bring trace_printk's notice" dmesg_has "trace_printk() being used"

echo > "$trace"
start_guest
if await phase1.done; then
	cp "$trace" /out/trace
	check_eq "host: trace holds the tutorial's lines, and none from user mode" \
		"Hello world!|a0 = 123|a0 = -5" "$(hello_lines)"
else
	tap_notok "host: the guest never finished its first phase"
fi
echo > "$trace"
signal traced
if await phase2.done; then
	check_eq "host: wide HELLO1s traced as their low 32 bits; the refused CALL not at all" \
		"a0 = 5|a0 = -2147483648" "$(hello_lines)"
else
	tap_notok "host: the guest never finished its second phase"
fi

check "host: handlers and hook unload" rmmod hypercall_hello hypercall_hook
signal unloaded
wait_guest
check_eq "host: no trace line once the hook is unloaded" \
	"a0 = 5|a0 = -2147483648" "$(hello_lines)"
