// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hypercall: a misc device whose ioctls issue KVM hypercalls.
 *
 * VMCALL/VMMCALL fault outside KVM, so the driver refuses to load there.
 * In a confidential guest (SEV, TDX) the VMM acts on some of KVM's own
 * numbers (MAP_GPA_RANGE converts guest pages), so the ioctls refuse
 * those unless told otherwise.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cc_platform.h>
#include <linux/fs.h>
#include <linux/kvm_para.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

static bool allow_kvm_nr_in_cc;
module_param(allow_kvm_nr_in_cc, bool, 0444);
MODULE_PARM_DESC(allow_kvm_nr_in_cc,
		 "In a confidential guest (SEV, TDX), let the ioctls issue KVM's own numbers 1-12, on which the VMM may act (default 0: refused)");

/* KVM's own numbers, in a confidential guest, unless allow_kvm_nr_in_cc. */
bool hc_cc_guest;

bool hc_kvm_nr_refused(u64 nr)
{
	return hc_cc_guest && !allow_kvm_nr_in_cc && nr >= 1 && nr <= HC_KVM_NR_MAX;
}

static long hc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	/* Issuing hypercalls acts on the host: not for a read-only open. */
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;

	switch (cmd) {
	case HYPERCALL_IOC_HELLO0:
		return hc_ioctl_hello0();
	case HYPERCALL_IOC_HELLO1:
		return hc_ioctl_hello1(arg);
	case HYPERCALL_IOC_CALL:
		return hc_ioctl_call((struct hypercall_call __user *)arg);
	case HYPERCALL_IOC_CALL_BUF:
		return hc_ioctl_call_buf((struct hypercall_buf_call __user *)arg);
	case HYPERCALL_IOC_DISCOVER:
		return hc_ioctl_discover((struct hypercall_discover_call __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hc_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= hc_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice hc_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "hypercall",
	.fops	= &hc_fops,
	.mode	= 0600,
};

static int __init hc_init(void)
{
	int ret;

	if (!kvm_para_available()) {
		pr_err("not running on KVM: hypercalls would fault, not loading\n");
		return -ENODEV;
	}
	ret = hc_hello_check_params() ?: hc_call_check_params();
	if (ret)
		return ret;

	hc_cc_guest = cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT);
	if (hc_cc_guest && allow_kvm_nr_in_cc)
		pr_warn("confidential guest: allow_kvm_nr_in_cc=1: the ioctls may issue KVM's own numbers 1-%d, on which the VMM may act\n",
			HC_KVM_NR_MAX);
	else if (hc_cc_guest)
		pr_info("confidential guest: the ioctls refuse KVM's own numbers 1-%d (EPERM; allow_kvm_nr_in_cc=1 allows them)\n",
			HC_KVM_NR_MAX);
	ret = misc_register(&hc_miscdev);
	if (ret)
		return ret;

	/* Once registered: a load that fails logs no offer; discovery never fails one. */
	hc_discover_log();
	return 0;
}
module_init(hc_init);

static void __exit hc_exit(void)
{
	misc_deregister(&hc_miscdev);
}
module_exit(hc_exit);

MODULE_AUTHOR("kvm-hypercalls project");
MODULE_DESCRIPTION("/dev/hypercall: issue KVM hypercalls from userspace");
MODULE_LICENSE("GPL");
