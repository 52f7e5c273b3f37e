// SPDX-License-Identifier: GPL-2.0
/*
 * The tutorial's two hypercalls, "Hello world!" and "a0 = %d": the first
 * users of hypercall_register().
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/hypercall_host.h>

#include "hook.h"

/* trace_printk is what the tutorial used; production hosts turn it off. */
static bool hello_printk = true;
module_param_named(trace_printk, hello_printk, bool, 0644);
MODULE_PARM_DESC(trace_printk,
		 "Write the tutorial's trace_printk lines (default on; the hypercall:hypercall trace event is always there)");

static unsigned long hc_hello0(const struct hypercall_ctx *ctx)
{
	if (READ_ONCE(hello_printk))
		trace_printk("Hello world!\n");
	return 0;
}

static unsigned long hc_hello1(const struct hypercall_ctx *ctx)
{
	/* The guest passes an int; print it as one, so -5 reads -5. */
	if (READ_ONCE(hello_printk))
		trace_printk("a0 = %d\n", (int)ctx->args[0]);
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

int hc_hello_register(void)
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

void hc_hello_unregister(void)
{
	hypercall_unregister(&hc_hello[1]);
	hypercall_unregister(&hc_hello[0]);
}
