// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: an ftrace user that may change the IP of the function named by
 * its "func" parameter, as a livepatch of it would, and does nothing with
 * it. Only one such user per function is allowed, so with it loaded the hook
 * must refuse to load with one clear line, and the other way round.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/string.h>

static char *func = "kvm_emulate_hypercall";
module_param(func, charp, 0444);
MODULE_PARM_DESC(func, "The function to claim (default kvm_emulate_hypercall)");

#ifdef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
static void notrace ipm_callback(unsigned long ip, unsigned long parent_ip,
				 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
}

#define IPM_FLAGS	FTRACE_OPS_FL_IPMODIFY
#else
static void notrace ipm_callback(unsigned long ip, unsigned long parent_ip,
				 struct ftrace_ops *ops, struct pt_regs *regs)
{
}

#define IPM_FLAGS	(FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY | \
			 FTRACE_OPS_FL_RECURSION_SAFE)
#endif

static struct ftrace_ops ipm_ops = {
	.func = ipm_callback,
	.flags = IPM_FLAGS,
};

static int __init ipm_init(void)
{
	int ret;

	ret = ftrace_set_filter(&ipm_ops, func, strlen(func), 0);
	if (ret) {
		pr_err("cannot filter %s: %d\n", func, ret);
		return ret;
	}
	ret = register_ftrace_function(&ipm_ops);
	if (ret) {
		pr_err("cannot claim %s: %d\n", func, ret);
		ftrace_set_filter(&ipm_ops, NULL, 0, 1);
		return ret;
	}
	pr_info("claimed %s\n", func);
	return 0;
}
module_init(ipm_init);

static void __exit ipm_exit(void)
{
	unregister_ftrace_function(&ipm_ops);
	ftrace_set_filter(&ipm_ops, NULL, 0, 1);
}
module_exit(ipm_exit);

MODULE_DESCRIPTION("Test only: claims a function's IP the way a livepatch does");
MODULE_LICENSE("GPL");
