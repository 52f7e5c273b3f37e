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

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>

#include "bench.h"

#define HV_MSR_GUEST_OS_ID	0x40000000
#define HV_LINUX_GUEST_ID	((0x8100ULL << 48) | 1)
#define HV_NO_SUCH_CALL		0xffff

static DEFINE_MUTEX(hyperv_lock);
static long hyperv_last;

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

static ssize_t hyperv_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	unsigned long nr;
	int ret;

	ret = kstrtoul_from_user(ubuf, len, 0, &nr);
	if (ret)
		return ret;
	mutex_lock(&hyperv_lock);
	hyperv_last = hyperv_call(nr);
	mutex_unlock(&hyperv_lock);
	return len;
}

static ssize_t hyperv_read(struct file *file, char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	char buf[32];
	int n;

	mutex_lock(&hyperv_lock);
	n = scnprintf(buf, sizeof(buf), "%ld\n", hyperv_last);
	mutex_unlock(&hyperv_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations hyperv_fops = {
	.owner	= THIS_MODULE,
	.read	= hyperv_read,
	.write	= hyperv_write,
};

void bench_hyperv_init(struct dentry *dir)
{
	debugfs_create_file("hyperv", 0600, dir, NULL, &hyperv_fops);
}
