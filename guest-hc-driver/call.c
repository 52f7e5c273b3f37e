// SPDX-License-Identifier: GPL-2.0
/*
 * HYPERCALL_IOC_CALL: any hypercall in the allow-list, with up to four
 * arguments, and the host's raw answer returned apart from errno. The
 * allow-list is shared with HYPERCALL_IOC_CALL_BUF (buf_call.c).
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/limits.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

/*
 * Without an allow-list, whoever holds the device could fire KVM's own
 * hypercalls (KICK_CPU, SEND_IPI, MAP_GPA_RANGE) at will. 12, the tutorial's
 * HELLO0, is KVM's MAP_GPA_RANGE: a VMM that takes it converts guest pages,
 * so it is not in the default; the hello ioctls still issue it.
 */
static unsigned long allow_nr[16] = {
	HYPERCALL_NR_HELLO1, HYPERCALL_NR_HOST_INFO, HYPERCALL_NR_SAY,
	HYPERCALL_NR_HOST_UNAME,
};

static int allow_nr_count = 4;
module_param_array(allow_nr, ulong, &allow_nr_count, 0444);
MODULE_PARM_DESC(allow_nr,
		 "Hypercall numbers HYPERCALL_IOC_CALL and _CALL_BUF may issue, up to 16, each at most 32 bits (default 13,14,15,16)");

int hc_call_check_params(void)
{
	int i, ret = 0;

	for (i = 0; i < allow_nr_count && !ret; i++)
		ret = hc_check_nr("allow_nr", allow_nr[i]);
	return ret;
}

bool hc_call_allowed(u64 nr)
{
	int i;

	for (i = 0; i < allow_nr_count; i++)
		if (allow_nr[i] == nr)
			return true;
	return false;
}

/* Arguments past nargs go as 0, never as what the registers held. */
static long hc_issue(unsigned int nr, unsigned int nargs, const u64 *args)
{
	unsigned long a[4] = { 0 };
	unsigned int i;

	for (i = 0; i < nargs; i++)
		a[i] = args[i];
	return kvm_hypercall4(nr, a[0], a[1], a[2], a[3]);
}

long hc_ioctl_call(struct hypercall_call __user *uarg)
{
	struct hypercall_call c;

	if (copy_from_user(&c, uarg, sizeof(c)))
		return -EFAULT;
	if (c.nargs > ARRAY_SIZE(c.args) || c.flags || c.nr > U32_MAX)
		return -EINVAL;
	if (!hc_call_allowed(c.nr) || hc_kvm_nr_refused(c.nr))
		return -EPERM;

	/*
	 * A hypercall may have side effects: make sure its answer can be
	 * written back before making it, so that EFAULT means it was not
	 * made. A munmap() racing between here and the write below remains.
	 */
	if (put_user(c.ret, &uarg->ret))
		return -EFAULT;

	c.ret = hc_issue(c.nr, c.nargs, c.args);

	if (put_user(c.ret, &uarg->ret))
		return -EFAULT;
	return 0;
}
