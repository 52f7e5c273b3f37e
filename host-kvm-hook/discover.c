// SPDX-License-Identifier: GPL-2.0
/*
 * The discovery hypercall (HYPERCALL_NR_DISCOVER, <uapi/linux/hypercall.h>),
 * answered by the hook itself: a guest asks what this host offers it
 * instead of guessing numbers. The table lists the numbers kernel modules
 * registered and those host programs claimed for the calling VM.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kvm_para.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/hypercall_host.h>
#include <uapi/linux/hypercall.h>

#include "forward.h"
#include "hook.h"

static ulong discover_nr = HYPERCALL_NR_DISCOVER;
module_param(discover_nr, ulong, 0444);
MODULE_PARM_DESC(discover_nr,
		 "Number of the discovery hypercall (default 0x4B480000; 0: not answered)");

/* The registry holds at most this many numbers (registry.c, HC_SLOTS). */
#define HC_DISCOVER_MAX	64

struct hc_table {
	struct hypercall_discover_hdr hdr;
	struct hypercall_discover_entry e[HC_DISCOVER_MAX];
};

static int hc_discover_call(struct hypercall_handler *h,
			    struct hypercall_ctx *ctx);

static struct hypercall_handler hc_discover_handler = {
	.name = "discover",
	.call = hc_discover_call,
};

static bool hc_discover_on;

u32 hc_discover_nr(void)
{
	return hc_discover_on ? discover_nr : 0;
}

static void hc_table_add(const struct hc_entry *e, void *arg)
{
	struct hc_table *t = arg;
	struct hypercall_discover_entry *d;

	if (t->hdr.count >= HC_DISCOVER_MAX || !hc_policy_admits(e->nr))
		return;
	d = &t->e[t->hdr.count];
	memset(d, 0, sizeof(*d));
	switch (hc_forward_entry(e->h, d)) {
	case -ENOENT:
		return;	/* a program's number, but not for this VM */
	case 0:
		d->nr = e->nr;
		d->kind = HYPERCALL_DISCOVER_KERNEL;
		strscpy(d->name, e->h->name, sizeof(d->name));
		break;
	}
	t->hdr.count++;
}

/*
 * a0 = a1 = 0: the magic. a0, a1: a guest buffer for the table, whose
 * whole size is the answer.
 */
static int hc_discover_call(struct hypercall_handler *h,
			    struct hypercall_ctx *ctx)
{
	unsigned long gpa = ctx->args[0], len = ctx->args[1];
	struct hc_table *t;
	int err;

	if (ctx->args[2] || ctx->args[3]) {
		ctx->ret = -KVM_EINVAL;
		return 0;
	}
	if (!gpa && !len) {
		ctx->ret = HYPERCALL_DISCOVER_MAGIC;
		return 0;
	}
	if (len > HYPERCALL_GUEST_COPY_MAX) {
		ctx->ret = -KVM_E2BIG;
		return 0;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		ctx->ret = -HYPERCALL_EAGAIN;
		return 0;
	}
	t->hdr.generation = atomic64_read(&hc_generation);
	hc_registry_for_each(hc_table_add, t);
	t->hdr.magic = HYPERCALL_DISCOVER_TABLE_MAGIC;
	t->hdr.abi_version = HYPERCALL_ABI_VERSION;
	t->hdr.hdr_size = sizeof(t->hdr);
	t->hdr.entry_size = sizeof(t->e[0]);
	t->hdr.total_size = sizeof(t->hdr) + t->hdr.count * sizeof(t->e[0]);
	t->hdr.discover_nr = ctx->nr;

	err = hypercall_write_guest(ctx, gpa, t, min_t(unsigned long, len,
						       t->hdr.total_size));
	ctx->ret = err ? hypercall_kvm_error(err) : t->hdr.total_size;
	kfree(t);
	return 0;
}

int hc_discover_init(void)
{
	int ret;

	if (!discover_nr)
		return 0;
	if (discover_nr > U32_MAX || discover_nr <= 12) {
		pr_err("discover_nr=%lu: not a 32-bit number above KVM's own (1-12)\n",
		       discover_nr);
		return -EINVAL;
	}
	hc_discover_handler.nr = discover_nr;
	ret = hypercall_register(&hc_discover_handler);
	hc_discover_on = !ret;
	return ret;
}

void hc_discover_exit(void)
{
	if (hc_discover_on)
		hypercall_unregister(&hc_discover_handler);
	hc_discover_on = false;
}
