// SPDX-License-Identifier: GPL-2.0
/* The tutorial's two hypercalls: "Hello world!" and "a0 = %d". */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <uapi/linux/hypercall.h>

#include "hook.h"

static unsigned long hc_hello0(const struct hc_call *call)
{
	trace_printk("Hello world!\n");
	return 0;
}

static unsigned long hc_hello1(const struct hc_call *call)
{
	/* The guest passes an int; print it as one, so -5 reads -5. */
	trace_printk("a0 = %d\n", (int)call->args[0]);
	return 0;
}

struct hc_handler hc_hello_handlers[] = {
	{ .nr = HYPERCALL_NR_HELLO0, .fn = hc_hello0 },
	{ .nr = HYPERCALL_NR_HELLO1, .fn = hc_hello1 },
};
const unsigned int hc_hello_count = ARRAY_SIZE(hc_hello_handlers);

module_param_named(hello0_nr, hc_hello_handlers[0].nr, ulong, 0444);
MODULE_PARM_DESC(hello0_nr, "Hypercall number of HELLO0, \"Hello world!\" (default 12)");
module_param_named(hello1_nr, hc_hello_handlers[1].nr, ulong, 0444);
MODULE_PARM_DESC(hello1_nr, "Hypercall number of HELLO1, \"a0 = %d\" (default 13)");

int hc_hello_check(void)
{
	if ((u32)hc_hello_handlers[0].nr == (u32)hc_hello_handlers[1].nr) {
		pr_err("hello0_nr and hello1_nr must differ in their low 32 bits\n");
		return -EINVAL;
	}
	return 0;
}
