// SPDX-License-Identifier: GPL-2.0
/*
 * Add hypercalls to a stock KVM host, without rebuilding its kernel.
 */

#include <linux/module.h>

#include "hook.h"

static int __init hc_hook_init(void)
{
	int ret;

	ret = hc_hello_check();
	if (ret)
		return ret;
	return hc_hook_register();
}
module_init(hc_hook_init);

static void __exit hc_hook_exit(void)
{
	hc_hook_unregister();
}
module_exit(hc_hook_exit);

MODULE_AUTHOR("kvm-hypercalls project");
MODULE_DESCRIPTION("Answer extra KVM hypercalls through a kretprobe on KVM's hypercall path");
MODULE_LICENSE("GPL");
