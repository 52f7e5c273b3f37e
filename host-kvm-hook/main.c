// SPDX-License-Identifier: GPL-2.0
/*
 * Add hypercalls to a stock KVM host, without rebuilding its kernel.
 */

#include <linux/module.h>

#include "hook.h"

static int __init hc_hook_init(void)
{
	int ret;

	hc_counters_init();
	ret = hc_hello_register();
	if (ret)
		goto out_counters;
	ret = hc_hook_register();
	if (ret)
		goto out_hello;
	return 0;

out_hello:
	hc_hello_unregister();
out_counters:
	hc_counters_exit();
	return ret;
}
module_init(hc_hook_init);

static void __exit hc_hook_exit(void)
{
	hc_hook_unregister();
	hc_hello_unregister();
	hc_counters_exit();
}
module_exit(hc_hook_exit);

MODULE_AUTHOR("kvm-hypercalls project");
MODULE_DESCRIPTION("Answer extra KVM hypercalls through probes on KVM's hypercall tracepoints");
MODULE_LICENSE("GPL");
