// SPDX-License-Identifier: GPL-2.0
/*
 * Add hypercalls to a stock KVM host, without rebuilding its kernel.
 */

#include <linux/module.h>

#include "forward.h"
#include "hook.h"

static int __init hc_hook_init(void)
{
	int ret;

	ret = hc_registry_init();
	if (ret)
		return ret;
	hc_counters_init();
	ret = hc_hook_register();
	if (ret)
		goto out_counters;
	ret = hc_discover_init();
	if (ret)
		goto out_hook;
	ret = hc_hostdev_init();
	if (ret)
		goto out_discover;
	return 0;

out_discover:
	hc_discover_exit();
out_hook:
	hc_hook_unregister();
out_counters:
	hc_counters_exit();
	hc_policy_exit();
	hc_registry_exit();
	return ret;
}
module_init(hc_hook_init);

static void __exit hc_hook_exit(void)
{
	/* Open files pin the module: none is left, nor a call waiting. */
	hc_hostdev_exit();
	hc_discover_exit();
	hc_hook_unregister();
	hc_counters_exit();
	hc_policy_exit();
	hc_registry_exit();
}
module_exit(hc_hook_exit);

MODULE_AUTHOR("kvm-hypercalls project");
MODULE_DESCRIPTION("Answer extra KVM hypercalls through an ftrace redirect of KVM's hypercall function");
MODULE_LICENSE("GPL");
