// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only handler module for the end-to-end tests (tests/e2e), not a
 * sample: its parameters make it behave in the ways the hook must cope
 * with.
 *
 *   nr_sleep (20)     msleep(sleep_ms), then a0 + 1: a handler that sleeps
 *   nr_a, nr_b (21, 22)  one function for two numbers, a0 + 1000 and
 *                     a0 + 2000: container_of() on the handler it is given
 *   nr_decline (23)   declines a0 == 0 (the guest keeps -KVM_ENOSYS), else 7
 *   nr_read (24)      reads a1 bytes of guest memory at GPA a0: their
 *                     FNV-1a hash, or the API's -errno as is
 *   nr_write (25)     writes a1 bytes of value a2 at GPA a0: 0 or -errno
 *   nr_echo (26)      reads a1 bytes at a0, writes them reversed at a2
 *                     (a3 bytes at most): how many, or -errno
 *   nr_reread (27)    reads a1 bytes at a0, sleeps sleep_ms, reads them
 *                     again: the hash, -EIO if they changed, or -errno
 *   nr_copy (28)      reads a1 bytes at a0, writes them as they are at a2
 *                     (a3 bytes at most): how many, or -errno; the
 *                     benchmark's handler
 *   leave_registered  exit leaves nr_sleep's handler registered: the hook
 *                     must unregister it (with a warning) as the module goes
 *   fail_init         init registers nr_sleep's handler, then fails: the
 *                     hook must unregister it too
 *
 * A sleeping call still running when the module's unload has begun logs
 * one line, "... answered after the unload began", which the hostile test
 * counts: unregistration waited for it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/hypercall_host.h>

static unsigned int sleep_ms;
module_param(sleep_ms, uint, 0644);
MODULE_PARM_DESC(sleep_ms, "How long nr_sleep's handler sleeps, in ms (default 0)");

static bool leave_registered;
module_param(leave_registered, bool, 0444);
MODULE_PARM_DESC(leave_registered,
		 "Leave nr_sleep's handler registered at exit, for the hook to remove (default off)");

static bool fail_init;
module_param(fail_init, bool, 0444);
MODULE_PARM_DESC(fail_init,
		 "Register nr_sleep's handler, then fail init, for the hook to remove it (default off)");

static int hc_test_sleep(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	unsigned int ms = READ_ONCE(sleep_ms);

	if (ms)
		msleep(ms);
	/* The unload waits for us; say that it did. */
	if (!module_is_live(THIS_MODULE))
		pr_info("nr %lu: a0 %lu answered after the unload began\n",
			ctx->nr, ctx->args[0]);
	ctx->ret = ctx->args[0] + 1;
	return 0;
}

/* One function, two numbers: each handler lives in a struct of its own. */
struct hc_test_pair {
	struct hypercall_handler h;
	unsigned long offset;
};

static int hc_test_pair(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	struct hc_test_pair *p = container_of(h, struct hc_test_pair, h);

	ctx->ret = ctx->args[0] + p->offset;
	return 0;
}

static int hc_test_decline(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	if (!ctx->args[0])
		return HYPERCALL_DECLINE;
	ctx->ret = 7;
	return 0;
}

/* 32-bit FNV-1a: the guest and the test VMM compute it too. */
static u32 hc_test_hash(const u8 *p, size_t len)
{
	u32 h = 2166136261u;

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* A buffer for @len bytes, up to the cap + 1 (which the API must refuse). */
static void *hc_test_buf(size_t len)
{
	if (len > HYPERCALL_GUEST_COPY_MAX + 1)
		return NULL;
	return kvzalloc(len ?: 1, GFP_KERNEL);
}

static int hc_test_read(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	size_t len = ctx->args[1];
	void *buf = hc_test_buf(len);
	int err;

	if (!buf) {
		ctx->ret = -ENOMEM;
		return 0;
	}
	err = hypercall_read_guest(ctx, ctx->args[0], buf, len);
	/* As a long: a 64-bit guest must see -errno, not its 32 bits. */
	ctx->ret = err ? (long)err : hc_test_hash(buf, len);
	kvfree(buf);
	return 0;
}

static int hc_test_write(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	size_t len = ctx->args[1];
	void *buf = hc_test_buf(len);

	if (!buf) {
		ctx->ret = -ENOMEM;
		return 0;
	}
	memset(buf, ctx->args[2], len);
	ctx->ret = (long)hypercall_write_guest(ctx, ctx->args[0], buf, len);
	kvfree(buf);
	return 0;
}

static int hc_test_echo(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	size_t len = ctx->args[1], n = min(ctx->args[1], ctx->args[3]), i;
	u8 *in = hc_test_buf(len), *out = hc_test_buf(n);
	int err;

	err = in && out ? 0 : -ENOMEM;
	if (!err)
		err = hypercall_read_guest(ctx, ctx->args[0], in, len);
	if (!err) {
		for (i = 0; i < n; i++)
			out[i] = in[len - 1 - i];
		err = hypercall_write_guest(ctx, ctx->args[2], out, n);
	}
	ctx->ret = err ? (long)err : n;
	kvfree(out);
	kvfree(in);
	return 0;
}

static int hc_test_reread(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	size_t len = ctx->args[1];
	u8 *a = hc_test_buf(len), *b = hc_test_buf(len);
	int err;

	err = a && b ? 0 : -ENOMEM;
	if (!err)
		err = hypercall_read_guest(ctx, ctx->args[0], a, len);
	if (!err) {
		msleep(READ_ONCE(sleep_ms));
		err = hypercall_read_guest(ctx, ctx->args[0], b, len);
	}
	if (!err && memcmp(a, b, len))
		err = -EIO;
	ctx->ret = err ? (long)err : hc_test_hash(a, len);
	kvfree(b);
	kvfree(a);
	return 0;
}

/*
 * The benchmark's handler: a buffer kept from one call to the next, as a
 * handler keeps its state, so that what a call costs is the API's copies
 * and not an allocation (zeroed by init_on_alloc on Debian's kernels).
 */
static u8 hc_copy_buf[HYPERCALL_GUEST_COPY_MAX];
static DEFINE_MUTEX(hc_copy_lock);

static int hc_test_copy(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	size_t len = ctx->args[1], n = min(ctx->args[1], ctx->args[3]);
	int err = len > sizeof(hc_copy_buf) ? -E2BIG : 0;

	mutex_lock(&hc_copy_lock);
	if (!err)
		err = hypercall_read_guest(ctx, ctx->args[0], hc_copy_buf, len);
	if (!err)
		err = hypercall_write_guest(ctx, ctx->args[2], hc_copy_buf, n);
	mutex_unlock(&hc_copy_lock);
	ctx->ret = err ? (long)err : n;
	return 0;
}

static struct hypercall_handler hc_mem[] = {
	{ .nr = 24, .name = "test_read", .call = hc_test_read },
	{ .nr = 25, .name = "test_write", .call = hc_test_write },
	{ .nr = 26, .name = "test_echo", .call = hc_test_echo },
	{ .nr = 27, .name = "test_reread", .call = hc_test_reread },
	{ .nr = 28, .name = "test_copy", .call = hc_test_copy },
};

static struct hypercall_handler hc_sleep = {
	.nr = 20, .name = "test_sleep", .call = hc_test_sleep,
};

static struct hc_test_pair hc_pair[] = {
	{ .h = { .nr = 21, .name = "test_a", .call = hc_test_pair }, .offset = 1000 },
	{ .h = { .nr = 22, .name = "test_b", .call = hc_test_pair }, .offset = 2000 },
};

static struct hypercall_handler hc_decline = {
	.nr = 23, .name = "test_decline", .call = hc_test_decline,
};

module_param_named(nr_sleep, hc_sleep.nr, ulong, 0444);
MODULE_PARM_DESC(nr_sleep, "Number of the sleeping handler, a0 + 1 (default 20)");
module_param_named(nr_a, hc_pair[0].h.nr, ulong, 0444);
MODULE_PARM_DESC(nr_a, "First number of the shared function, a0 + 1000 (default 21)");
module_param_named(nr_b, hc_pair[1].h.nr, ulong, 0444);
MODULE_PARM_DESC(nr_b, "Second number of the shared function, a0 + 2000 (default 22)");
module_param_named(nr_decline, hc_decline.nr, ulong, 0444);
MODULE_PARM_DESC(nr_decline, "Number that declines a0 == 0 and answers 7 otherwise (default 23)");

/* In registration order; the first is the one fail_init and leave_registered leave. */
static struct hypercall_handler *hc_test_handlers[] = {
	&hc_sleep, &hc_pair[0].h, &hc_pair[1].h, &hc_decline,
	&hc_mem[0], &hc_mem[1], &hc_mem[2], &hc_mem[3], &hc_mem[4],
};

static int __init hc_test_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(hc_test_handlers); i++) {
		ret = hypercall_register(hc_test_handlers[i]);
		if (ret)
			goto out;
		if (fail_init) {
			pr_info("fail_init: failing with %s still registered\n",
				hc_test_handlers[i]->name);
			return -EINVAL;
		}
	}
	return 0;

out:
	while (i--)
		hypercall_unregister(hc_test_handlers[i]);
	return ret;
}
module_init(hc_test_init);

static void __exit hc_test_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(hc_test_handlers) - 1; i > 0; i--)
		hypercall_unregister(hc_test_handlers[i]);
	if (leave_registered)
		pr_info("leave_registered: leaving %s registered\n", hc_test_handlers[0]->name);
	else
		hypercall_unregister(hc_test_handlers[0]);
}
module_exit(hc_test_exit);

MODULE_DESCRIPTION("Test-only hypercall handlers: sleeping, shared, declining, misbehaving");
MODULE_LICENSE("GPL");
