// SPDX-License-Identifier: GPL-2.0
/*
 * The hook: a kretprobe on KVM's hypercall function.
 *
 * KVM's own rules run first and win, without a copy of them here: the entry
 * handler only notes calls whose number is ours, and the return handler acts
 * only where KVM itself answered -KVM_ENOSYS. So a call from guest user mode
 * keeps KVM's -KVM_EPERM, a number KVM or the VMM handles (including an exit
 * to the VMM, which leaves RAX untouched) keeps its answer, and Hyper-V or
 * Xen calls, answered in their own codes, are never touched.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/kvm_para.h>
#include <linux/minmax.h>
#include <linux/cpumask.h>
#include <linux/printk.h>

#include "hook.h"

/* What the entry handler hands to the return handler. */
struct hc_pending {
	struct kvm_vcpu *vcpu;
	unsigned long nr;
	const struct hc_handler *handler;
};

static const struct hc_handler *hc_find(u32 nr)
{
	unsigned int i;

	for (i = 0; i < hc_hello_count; i++)
		if ((u32)hc_hello_handlers[i].nr == nr)
			return &hc_hello_handlers[i];
	return NULL;
}

static int hc_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hc_pending *p = (struct hc_pending *)ri->data;
	struct kvm_vcpu *vcpu = hc_point_vcpu(regs);
	unsigned long nr = hc_point_nr(vcpu);
	const struct hc_handler *h;

	/*
	 * KVM compares only the low 32 bits for a guest not in 64-bit mode,
	 * which is not known yet; the return handler decides.
	 */
	h = hc_find((u32)nr);
	if (!h)
		return 1;	/* not ours: no return handler */

	p->vcpu = vcpu;
	p->nr = nr;
	p->handler = h;
	return 0;
}

static int hc_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	const struct hc_pending *p = (const struct hc_pending *)ri->data;
	unsigned long answer = hc_point_answer(p->vcpu);
	struct hc_call call = { .vcpu = p->vcpu };
	unsigned long mask;
	unsigned int i;

	/* KVM truncates its answer to 32 bits outside 64-bit mode. */
	if (answer == (unsigned long)-KVM_ENOSYS)
		mask = ULONG_MAX;
	else if (answer == (u32)-KVM_ENOSYS)
		mask = U32_MAX;
	else
		return 0;	/* KVM or the VMM answered */

	call.nr = p->nr & mask;
	if (call.nr != p->handler->nr)
		return 0;	/* a 64-bit number that only looked like ours */

	for (i = 0; i < ARRAY_SIZE(call.args); i++)
		call.args[i] = hc_point_arg(p->vcpu, i) & mask;

	hc_point_set_answer(p->vcpu, p->handler->fn(&call) & mask);
	return 0;
}

static struct kretprobe hc_kretprobe = {
	.kp.symbol_name	= hc_point_symbol,
	.entry_handler	= hc_entry,
	.handler	= hc_return,
	.data_size	= sizeof(struct hc_pending),
};

int hc_hook_register(void)
{
	int ret;

	/* vCPU threads can be preempted inside KVM's function. */
	hc_kretprobe.maxactive = max_t(int, 64, 4 * num_possible_cpus());

	ret = register_kretprobe(&hc_kretprobe);
	if (ret == -ENOENT) {
		pr_err("%s not found: load kvm and kvm_amd or kvm_intel first\n",
		       hc_point_symbol);
		return -ENODEV;
	}
	if (ret) {
		pr_err("cannot hook %s: %d\n", hc_point_symbol, ret);
		return ret;
	}
	pr_info("hooked %s (kretprobe)\n", hc_point_symbol);
	return 0;
}

void hc_hook_unregister(void)
{
	/*
	 * Returns once no handler of ours runs or can run: instances still
	 * inside KVM's function return without calling back (their guests
	 * get KVM's -KVM_ENOSYS).
	 */
	unregister_kretprobe(&hc_kretprobe);
	if (hc_kretprobe.nmissed)
		pr_warn("%d hypercalls missed for lack of kretprobe instances\n",
			hc_kretprobe.nmissed);
}
