// SPDX-License-Identifier: GPL-2.0
/* The two hello ioctls: one helper each, as the tutorial's syscalls 440/441. */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/limits.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

static unsigned long hello0_nr = HYPERCALL_NR_HELLO0;
module_param(hello0_nr, ulong, 0444);
MODULE_PARM_DESC(hello0_nr, "Hypercall number of HELLO0, at most 32 bits; must match the host's (default 12)");

static unsigned long hello1_nr = HYPERCALL_NR_HELLO1;
module_param(hello1_nr, ulong, 0444);
MODULE_PARM_DESC(hello1_nr, "Hypercall number of HELLO1, at most 32 bits; must match the host's (default 13)");

/* Hypercall numbers are 32-bit: refuse a wider one rather than cut it. */
int hc_check_nr(const char *name, unsigned long nr)
{
	if (nr <= U32_MAX)
		return 0;
	pr_err("%s=%lu is above 32 bits (hypercall numbers are 32-bit), not loading\n",
	       name, nr);
	return -EINVAL;
}

int hc_hello_check_params(void)
{
	return hc_check_nr("hello0_nr", hello0_nr) ?: hc_check_nr("hello1_nr", hello1_nr);
}

/*
 * Every call passes all four argument registers, zero where unused: with
 * kvm_hypercall0/1, RBX..RSI would hold whatever the kernel left there, and
 * a VMM that takes the number (KVM_CAP_EXIT_HYPERCALL) reads them all.
 */
long hc_ioctl_hello0(void)
{
	if (hc_kvm_nr_refused(hello0_nr))
		return -EPERM;
	return hc_kvm_errno(kvm_hypercall4(hello0_nr, 0, 0, 0, 0));
}

/*
 * The x86-64 ABI leaves the upper 32 bits of an int passed to a variadic
 * function (ioctl) unspecified, and some compilers pass garbage there: the
 * int is the argument's low 32 bits, whatever the rest holds.
 */
long hc_ioctl_hello1(unsigned long arg)
{
	int a0 = (int)lower_32_bits(arg);

	if (hc_kvm_nr_refused(hello1_nr))
		return -EPERM;
	/* The host reads a0 as a signed int; pass it sign-extended. */
	return hc_kvm_errno(kvm_hypercall4(hello1_nr, (long)a0, 0, 0, 0));
}
