// SPDX-License-Identifier: GPL-2.0
/*
 * The hook: a kretprobe on KVM's hypercall function.
 *
 * KVM's own rules run first and win, without a copy of them here: the entry
 * handler only notes calls whose number is registered, and the return
 * handler answers only where KVM itself answered -KVM_ENOSYS. So a call from
 * guest user mode keeps KVM's -KVM_EPERM, a number KVM or the VMM handles
 * (including an exit to the VMM, which leaves RAX untouched) keeps its
 * answer, and Hyper-V or Xen calls, answered in their own codes, are never
 * touched.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kprobes.h>
#include <linux/kvm_para.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>

#include "hook.h"
#include "trace.h"

/* What the entry handler hands to the return handler. */
struct hc_pending {
	struct kvm_vcpu *vcpu;
	unsigned long nr;
};

static int hc_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct hc_pending *p = (struct hc_pending *)ri->data;
	struct kvm_vcpu *vcpu = hc_point_vcpu(regs);
	unsigned long nr = hc_point_nr(vcpu);
	bool ours;

	/*
	 * KVM compares only the low 32 bits for a guest not in 64-bit mode,
	 * which is not known yet; the return handler decides.
	 */
	rcu_read_lock();
	ours = hc_registry_find((u32)nr);
	rcu_read_unlock();
	if (!ours)
		return 1;	/* no return handler for this call */

	p->vcpu = vcpu;
	p->nr = nr;
	return 0;
}

/*
 * What KVM's answer says: who answered, and (for KVM's own codes, which it
 * truncates to 32 bits outside 64-bit mode) the guest's mode.
 */
static enum hc_verdict hc_decode(unsigned long answer, unsigned long *mask)
{
	*mask = ULONG_MAX;
	if (answer == (u32)-KVM_ENOSYS || answer == (u32)-KVM_EPERM)
		*mask = U32_MAX;

	if ((answer & *mask) == ((unsigned long)-KVM_ENOSYS & *mask))
		return HC_HANDLED;
	if ((answer & *mask) == ((unsigned long)-KVM_EPERM & *mask))
		return HC_REJECTED;
	return HC_PASSED;
}

/* The hook point in use, chosen at load time. */
static const struct hc_point *hc_point;

static int hc_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	const struct hc_pending *p = (const struct hc_pending *)ri->data;
	struct hypercall_handler *h;
	struct hypercall_ctx ctx;
	enum hc_verdict verdict;
	unsigned long mask, ret;
	unsigned int i;

	if (hc_point->answer(p->vcpu, regs, &ret)) {
		verdict = hc_decode(ret, &mask);
	} else {
		verdict = HC_PASSED;	/* the VMM answers */
		mask = ULONG_MAX;
	}
	ctx.nr = p->nr & mask;
	if (ctx.nr > U32_MAX)
		return 0;	/* a 64-bit number that only looked like ours */

	rcu_read_lock();
	/* Looked up again: the handler may have gone since the entry. */
	h = hc_registry_find(ctx.nr);
	if (h) {
		for (i = 0; i < ARRAY_SIZE(ctx.args); i++)
			ctx.args[i] = hc_point_arg(p->vcpu, i) & mask;
		ctx.long_mode = mask == ULONG_MAX;
		ctx.vcpu_id = hc_point_vcpu_id(p->vcpu);
		ctx.vm_pid = hc_point_vm_pid(p->vcpu);
		ctx.vcpu = p->vcpu;

		if (verdict == HC_HANDLED) {
			ret = h->call(&ctx) & mask;
			hc_point->set_answer(p->vcpu, ret);
		}
		hc_count(h, verdict);
		trace_hypercall(&ctx, ret, verdict);
	}
	rcu_read_unlock();
	return 0;
}

static struct kretprobe hc_kretprobe;

int hc_hook_register(void)
{
	const struct hc_point *pt;
	int ret = -ENOENT;

	for (pt = hc_points; pt->symbol && ret == -ENOENT; pt++) {
		hc_kretprobe = (struct kretprobe) {
			.kp.symbol_name	= pt->symbol,
			.entry_handler	= hc_entry,
			.handler	= hc_return,
			.data_size	= sizeof(struct hc_pending),
			/* vCPU threads can be preempted inside KVM. */
			.maxactive	= max_t(int, 64, 4 * num_possible_cpus()),
		};
		hc_point = pt;
		ret = register_kretprobe(&hc_kretprobe);
	}
	if (ret == -ENOENT) {
		pr_err("kvm_emulate_hypercall not found: load kvm and kvm_amd or kvm_intel first\n");
		return -ENODEV;
	}
	if (ret) {
		pr_err("cannot hook %s: %d\n", hc_point->symbol, ret);
		return ret;
	}
	pr_info("hooked %s (kretprobe; KVM's hypercall path since Linux %s)\n",
		hc_point->symbol, hc_point->since);
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
