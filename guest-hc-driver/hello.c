// SPDX-License-Identifier: GPL-2.0
/* The two hello ioctls: one helper each, as the tutorial's syscalls 440/441. */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/limits.h>
#include <linux/moduleparam.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

static unsigned long hello0_nr = HYPERCALL_NR_HELLO0;
module_param(hello0_nr, ulong, 0444);
MODULE_PARM_DESC(hello0_nr, "Hypercall number of HELLO0; must match the host's (default 12)");

static unsigned long hello1_nr = HYPERCALL_NR_HELLO1;
module_param(hello1_nr, ulong, 0444);
MODULE_PARM_DESC(hello1_nr, "Hypercall number of HELLO1; must match the host's (default 13)");

long hc_ioctl_hello0(void)
{
	return hc_kvm_errno(kvm_hypercall0(hello0_nr));
}

/*
 * An int reaches an ioctl either sign-extended or zero-extended from 32 bits,
 * depending on the caller's ABI; accept both, refuse wider values.
 */
static int hc_arg_to_int(unsigned long arg, int *val)
{
	long sval = (long)arg;

	if ((sval >= INT_MIN && sval <= INT_MAX) || arg <= U32_MAX) {
		*val = (int)arg;
		return 0;
	}
	return -EINVAL;
}

long hc_ioctl_hello1(unsigned long arg)
{
	int a0;
	int ret;

	ret = hc_arg_to_int(arg, &a0);
	if (ret)
		return ret;

	/* The host reads a0 as a signed int; pass it sign-extended. */
	return hc_kvm_errno(kvm_hypercall1(hello1_nr, (long)a0));
}
