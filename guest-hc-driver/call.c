// SPDX-License-Identifier: GPL-2.0
/*
 * HYPERCALL_IOC_CALL: any hypercall in the allow-list, with up to four
 * arguments, and the host's raw answer returned apart from errno.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

/*
 * Without an allow-list, whoever holds the device could fire KVM's own
 * hypercalls (KICK_CPU, SEND_IPI, MAP_GPA_RANGE) at will.
 */
static unsigned long allow_nr[16] = {
	HYPERCALL_NR_HELLO0, HYPERCALL_NR_HELLO1, HYPERCALL_NR_HOST_INFO,
};

static int allow_nr_count = 3;
module_param_array(allow_nr, ulong, &allow_nr_count, 0444);
MODULE_PARM_DESC(allow_nr,
		 "Hypercall numbers HYPERCALL_IOC_CALL may issue, up to 16 (default 12,13,14)");

static bool hc_call_allowed(u64 nr)
{
	int i;

	for (i = 0; i < allow_nr_count; i++)
		if (allow_nr[i] == nr)
			return true;
	return false;
}

static long hc_issue(unsigned int nr, unsigned int nargs, const u64 *a)
{
	switch (nargs) {
	case 0:
		return kvm_hypercall0(nr);
	case 1:
		return kvm_hypercall1(nr, a[0]);
	case 2:
		return kvm_hypercall2(nr, a[0], a[1]);
	case 3:
		return kvm_hypercall3(nr, a[0], a[1], a[2]);
	default:
		return kvm_hypercall4(nr, a[0], a[1], a[2], a[3]);
	}
}

long hc_ioctl_call(struct hypercall_call __user *uarg)
{
	struct hypercall_call c;

	if (copy_from_user(&c, uarg, sizeof(c)))
		return -EFAULT;
	if (c.nargs > ARRAY_SIZE(c.args) || c.flags || c.nr > U32_MAX)
		return -EINVAL;
	if (!hc_call_allowed(c.nr))
		return -EPERM;

	c.ret = hc_issue(c.nr, c.nargs, c.args);

	if (put_user(c.ret, &uarg->ret))
		return -EFAULT;
	return 0;
}
