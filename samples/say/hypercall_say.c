// SPDX-License-Identifier: GPL-2.0
/*
 * The tutorial's "Hello world!", with the guest's own words: the guest
 * passes a text by guest physical address (HYPERCALL_IOC_CALL_BUF, a0 and
 * a1 its address and length), and the host writes "guest says: <text>" to
 * its trace, with trace_printk() as the tutorial did.
 *
 * Guest side: `hypercall say 'Hello from the guest'`.
 */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/hypercall_host.h>
#include <uapi/linux/hypercall.h>

static int hc_say(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	unsigned long gpa = ctx->args[0], len = ctx->args[1];
	char text[HYPERCALL_SAY_MAX + 1];
	int i, err;

	if (len > HYPERCALL_SAY_MAX) {
		ctx->ret = -KVM_E2BIG;
		return 0;
	}
	err = hypercall_read_guest(ctx, gpa, text, len);
	if (err) {
		ctx->ret = hypercall_kvm_error(err);
		return 0;
	}
	/* The guest's bytes reach the host's trace: printable ASCII only. */
	for (i = 0; i < len; i++)
		if (!isascii(text[i]) || !isprint(text[i]))
			text[i] = '?';
	text[len] = '\0';
	trace_printk("guest says: %s\n", text);
	ctx->ret = 0;
	return 0;
}

static struct hypercall_handler hc_say_handler = {
	.nr	= HYPERCALL_NR_SAY,
	.name	= "say",
	.call	= hc_say,
};

module_param_named(nr, hc_say_handler.nr, ulong, 0444);
MODULE_PARM_DESC(nr, "Hypercall number of say (default 15)");

static int __init hc_say_init(void)
{
	return hypercall_register(&hc_say_handler);
}
module_init(hc_say_init);

static void __exit hc_say_exit(void)
{
	hypercall_unregister(&hc_say_handler);
}
module_exit(hc_say_exit);

MODULE_AUTHOR("kvm-hypercalls project");
MODULE_DESCRIPTION("Sample hypercall: a text from the guest, by guest physical address, in the host's trace");
MODULE_LICENSE("GPL");
