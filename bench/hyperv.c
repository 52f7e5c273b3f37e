// SPDX-License-Identifier: GPL-2.0
/*
 * A Hyper-V hypercall whose RAX holds a given number, for checking that the
 * host hook leaves Hyper-V's ABI alone:
 *
 *   echo 12 > /sys/kernel/debug/hypercall_bench/hyperv
 *   cat /sys/kernel/debug/hypercall_bench/hyperv     # Hyper-V's status
 *
 * KVM takes VMCALL/VMMCALL as a Hyper-V hypercall once the guest has written
 * a guest OS id, on a VM the VMM gave Hyper-V's CPUID leaves (QEMU's hv-*
 * flags). The id is written for the one call and cleared again, so that the
 * guest's own KVM hypercalls keep working. The control word (RCX) names no
 * Hyper-V call, so Hyper-V answers HV_STATUS_INVALID_HYPERCALL_CODE (2).
 */

#include <linux/kernel.h>
#include <linux/module.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>

#include "bench.h"

#define HV_MSR_GUEST_OS_ID	0x40000000
#define HV_LINUX_GUEST_ID	((0x8100ULL << 48) | 1)
#define HV_NO_SUCH_CALL		0xffff

static long hyperv_call(unsigned long rax)
{
	unsigned long ctl = HV_NO_SUCH_CALL;
	long ret;

	/* wrmsr_safe(): the one spelling every kernel from 5.10 to 7.x has. */
	if (wrmsr_safe(HV_MSR_GUEST_OS_ID, lower_32_bits(HV_LINUX_GUEST_ID),
		       upper_32_bits(HV_LINUX_GUEST_ID)))
		return -ENODEV;	/* no Hyper-V enlightenments on this VM */
	if (boot_cpu_has(X86_FEATURE_VMMCALL))
		asm volatile("vmmcall" : "=a"(ret), "+c"(ctl)
			     : "a"(rax), "d"(0) : "r8", "memory");
	else
		asm volatile("vmcall" : "=a"(ret), "+c"(ctl)
			     : "a"(rax), "d"(0) : "r8", "memory");
	wrmsr_safe(HV_MSR_GUEST_OS_ID, 0, 0);
	return ret;
}

static int hyperv_store(const char *cmd)
{
	unsigned long nr;
	int ret;

	ret = kstrtoul(cmd, 0, &nr);
	if (ret)
		return ret;
	bench_hyperv_file.last = hyperv_call(nr);
	return 0;
}

struct bench_file bench_hyperv_file = {
	.name	= "hyperv",
	.store	= hyperv_store,
};
