// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hypercall: a misc device whose ioctls issue KVM hypercalls.
 *
 * VMCALL/VMMCALL fault outside KVM, so the driver refuses to load there.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kvm_para.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

static long hc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case HYPERCALL_IOC_HELLO0:
		return hc_ioctl_hello0();
	case HYPERCALL_IOC_HELLO1:
		return hc_ioctl_hello1(arg);
	case HYPERCALL_IOC_CALL:
		return hc_ioctl_call((struct hypercall_call __user *)arg);
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
	if (!kvm_para_available()) {
		pr_err("not running on KVM: hypercalls would fault, not loading\n");
		return -ENODEV;
	}
	return misc_register(&hc_miscdev);
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
