// SPDX-License-Identifier: GPL-2.0
/*
 * The tutorial's two hypercalls, "Hello world!" and "a0 = %d": the first
 * users of hypercall_register(), in a module of their own.
 *
 * trace_printk() is what the tutorial used. A module that contains it
 * makes the kernel warn that it is a debug kernel and allocate trace
 * buffers when it loads, which trace_printk=0 undoes neither: that is why
 * these two are not in the hook itself, which a production host loads alone.
 */

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/hypercall_host.h>
#include <uapi/linux/hypercall.h>

static bool hello_printk = true;
module_param_named(trace_printk, hello_printk, bool, 0644);
MODULE_PARM_DESC(trace_printk,
		 "Write the tutorial's trace_printk lines (default on; the hypercall:hypercall trace event is always there)");

static int hc_hello0(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	if (READ_ONCE(hello_printk))
		trace_printk("Hello world!\n");
	ctx->ret = 0;
	return 0;
}

static int hc_hello1(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	/* The guest passes an int; print it as one, so -5 reads -5. */
	if (READ_ONCE(hello_printk))
		trace_printk("a0 = %d\n", (int)ctx->args[0]);
	ctx->ret = 0;
	return 0;
}

static struct hypercall_handler hc_hello[] = {
	{ .nr = HYPERCALL_NR_HELLO0, .name = "hello0", .call = hc_hello0 },
	{ .nr = HYPERCALL_NR_HELLO1, .name = "hello1", .call = hc_hello1 },
};

module_param_named(hello0_nr, hc_hello[0].nr, ulong, 0444);
MODULE_PARM_DESC(hello0_nr, "Hypercall number of HELLO0, \"Hello world!\" (default 12)");
module_param_named(hello1_nr, hc_hello[1].nr, ulong, 0444);
MODULE_PARM_DESC(hello1_nr, "Hypercall number of HELLO1, \"a0 = %d\" (default 13)");

static int __init hc_hello_init(void)
{
	int ret;

	ret = hypercall_register(&hc_hello[0]);
	if (ret)
		return ret;
	ret = hypercall_register(&hc_hello[1]);
	if (ret)
		hypercall_unregister(&hc_hello[0]);
	return ret;
}
module_init(hc_hello_init);

static void __exit hc_hello_exit(void)
{
	hypercall_unregister(&hc_hello[1]);
	hypercall_unregister(&hc_hello[0]);
}
module_exit(hc_hello_exit);

MODULE_AUTHOR("kvm-hypercalls project");
MODULE_DESCRIPTION("The tutorial's hypercalls: \"Hello world!\" and \"a0 = %d\" in the host's trace");
MODULE_LICENSE("GPL");
