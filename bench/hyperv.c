// SPDX-License-Identifier: GPL-2.0
/*
 * Hyper-V hypercalls whose RAX holds a given number, for checking that the
 * host hook leaves Hyper-V's ABI alone:
 *
 *   echo 12 > /sys/kernel/debug/hypercall_bench/hyperv       # one call
 *   echo "12 400" > /sys/kernel/debug/hypercall_bench/hyperv # 400 calls
 *   cat /sys/kernel/debug/hypercall_bench/hyperv     # Hyper-V's status
 *
 * KVM takes VMCALL/VMMCALL as a Hyper-V hypercall once the guest has written
 * a guest OS id, on a VM the VMM gave Hyper-V's CPUID leaves (QEMU's hv-*
 * flags). The id is written for the one call and cleared again, so that the
 * guest's own KVM hypercalls keep working. The control word (RCX) names no
 * Hyper-V call, so Hyper-V answers HV_STATUS_INVALID_HYPERCALL_CODE (2).
 *
 * The id is the VM's, not the vCPU's: while it is set, every vCPU's KVM
 * hypercalls (PV IPIs, yields, ours) go to Hyper-V's code instead. So the
 * write, the call and the clearing run under stop_machine(), with every
 * other CPU spinning, interrupts off, in the stopper: none of them can make
 * a hypercall meanwhile, and the guest may have any number of CPUs. (The
 * other way, refusing unless one CPU is online, would leave the tool useless
 * on the SMP guests the storm runs on.) The reported status is the last
 * call's, or -EIO should the calls have disagreed.
 */

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/stop_machine.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>

#include "bench.h"

#define HV_MSR_GUEST_OS_ID	0x40000000
#define HV_LINUX_GUEST_ID	((0x8100ULL << 48) | 1)
#define HV_NO_SUCH_CALL		0xffff
#define HYPERV_MAX_COUNT	100000

struct hyperv_call {
	unsigned long rax;
	long ret;
};

/* Runs with every other CPU stopped: no other vCPU sees the id set. */
static int hyperv_call_stopped(void *data)
{
	struct hyperv_call *c = data;
	unsigned long ctl = HV_NO_SUCH_CALL;
	long ret;

	/* wrmsr_safe(): the one spelling every kernel from 5.10 to 7.x has. */
	if (wrmsr_safe(HV_MSR_GUEST_OS_ID, lower_32_bits(HV_LINUX_GUEST_ID),
		       upper_32_bits(HV_LINUX_GUEST_ID)))
		return -ENODEV;	/* no Hyper-V enlightenments on this VM */
	if (boot_cpu_has(X86_FEATURE_VMMCALL))
		asm volatile("vmmcall" : "=a"(ret), "+c"(ctl)
			     : "a"(c->rax), "d"(0) : "r8", "memory");
	else
		asm volatile("vmcall" : "=a"(ret), "+c"(ctl)
			     : "a"(c->rax), "d"(0) : "r8", "memory");
	wrmsr_safe(HV_MSR_GUEST_OS_ID, 0, 0);
	c->ret = ret;
	return 0;
}

static int hyperv_store(const char *cmd)
{
	struct hyperv_call c;
	unsigned int i, count = 1;
	long first = 0;
	int ret;

	if (sscanf(cmd, "%lu %u", &c.rax, &count) < 1 || !count ||
	    count > HYPERV_MAX_COUNT)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		ret = stop_machine(hyperv_call_stopped, &c, NULL);
		if (ret)
			return ret;
		if (!i)
			first = c.ret;
		else if (c.ret != first)
			first = -EIO;
		cond_resched();
	}
	bench_hyperv_file.last = first;
	return 0;
}

struct bench_file bench_hyperv_file = {
	.name	= "hyperv",
	.store	= hyperv_store,
};
