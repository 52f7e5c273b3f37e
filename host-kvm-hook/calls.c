// SPDX-License-Identifier: GPL-2.0
/*
 * Calls of registered numbers, from KVM's decision to the guest's next
 * entry.
 *
 * KVM's kvm_hypercall tracepoint opens a call before KVM has decided its
 * answer; the vCPU's next kvm_entry closes it, when KVM's answer is in the
 * guest's RAX, and only there do we act: where KVM answered -KVM_ENOSYS, our
 * handler answers instead. So KVM's own rules run first and win, without a
 * copy of them here: a call from guest user mode keeps KVM's -KVM_EPERM, a
 * number KVM handles keeps its answer, and a call KVM hands to the VMM
 * (KVM_EXIT_HYPERCALL) keeps the VMM's.
 *
 * Every step runs on the vCPU's thread, so a call is keyed by that thread
 * and only that thread reads or frees it; other threads only compete for
 * free slots. A thread that exits with a call open frees it then.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/kvm_para.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "hook.h"
#include "hook_point.h"
#include "trace.h"

/* Places tried from the thread's hash before a call counts as missed. */
#define HC_CALL_PROBES	8

struct hc_call {
	struct task_struct *task;	/* the vCPU's thread; NULL: free */
	unsigned long nr;
	unsigned long args[4];
	bool to_vmm;			/* KVM handed it to the VMM */
};

static struct hc_call *hc_calls;
static unsigned int hc_calls_bits;
atomic_t hc_calls_open = ATOMIC_INIT(0);
static atomic_t hc_calls_missed = ATOMIC_INIT(0);

static struct hc_call *hc_call_at(struct task_struct *t, unsigned int i)
{
	unsigned int mask = (1U << hc_calls_bits) - 1;

	return &hc_calls[(hash_ptr(t, hc_calls_bits) + i) & mask];
}

/* The calling thread's open call, if any. */
static __always_inline struct hc_call *hc_call_find(void)
{
	struct hc_call *c;
	unsigned int i;

	if (!hc_calls_pending())
		return NULL;
	for (i = 0; i < HC_CALL_PROBES; i++) {
		c = hc_call_at(current, i);
		if (READ_ONCE(c->task) == current)
			return c;
	}
	return NULL;
}

static void hc_call_free(struct hc_call *c)
{
	/* Our reads of the call come before another thread may take it. */
	smp_store_release(&c->task, NULL);
	atomic_dec(&hc_calls_open);
}

void hc_call_open(unsigned long nr, unsigned long a0, unsigned long a1,
		  unsigned long a2, unsigned long a3)
{
	struct hc_call *c;
	unsigned int i;

	c = hc_call_find();
	for (i = 0; !c && i < HC_CALL_PROBES; i++) {
		c = hc_call_at(current, i);
		if (cmpxchg(&c->task, NULL, current))
			c = NULL;
		else
			atomic_inc(&hc_calls_open);
	}
	if (!c) {
		atomic_inc(&hc_calls_missed);
		return;
	}
	c->nr = nr;
	c->args[0] = a0;
	c->args[1] = a1;
	c->args[2] = a2;
	c->args[3] = a3;
	c->to_vmm = false;
}

void hc_call_to_vmm(void)
{
	struct hc_call *c = hc_call_find();

	if (c)
		c->to_vmm = true;
}

void hc_call_forget(void)
{
	struct hc_call *c = hc_call_find();

	if (c)
		hc_call_free(c);
}

/*
 * Who answered, from KVM's answer, and (for KVM's own codes, which it
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

void hc_call_close(struct kvm_vcpu *vcpu)
{
	struct hc_call *c = hc_call_find();
	struct hypercall_handler *h;
	struct hypercall_ctx ctx;
	enum hc_verdict verdict;
	unsigned long mask, ret;
	unsigned int i;
	bool caller;

	if (!c)
		return;

	if (c->to_vmm || !hc_point_answer(vcpu, &ret)) {
		verdict = HC_PASSED;
		mask = ULONG_MAX;
	} else {
		verdict = hc_decode(ret, &mask);
	}
	/*
	 * KVM leaves a0..a3 as they were. A VMM may run another vCPU on this
	 * thread after KVM_RUN returned with the call open: that one's
	 * registers differ, and it is not the caller.
	 */
	caller = true;
	ctx.nr = c->nr & mask;
	for (i = 0; i < ARRAY_SIZE(ctx.args); i++) {
		ctx.args[i] = c->args[i] & mask;
		caller &= (hc_point_arg(vcpu, i) & mask) == ctx.args[i];
	}
	hc_call_free(c);
	if (!caller) {
		atomic_inc(&hc_calls_missed);
		return;
	}
	if (ctx.nr > U32_MAX)
		return;	/* a 64-bit number that only looked like ours */

	/*
	 * Looked up again: the handler may have gone since the exit.
	 * Preemption stays off until it has run, so that
	 * hypercall_unregister()'s synchronize_rcu() waits for it, whatever
	 * protection the tracepoint gives its probes on this kernel.
	 */
	preempt_disable();
	h = hc_registry_find(ctx.nr);
	if (h) {
		ctx.long_mode = mask == ULONG_MAX;
		ctx.vcpu = vcpu;
		hc_point_ctx(vcpu, &ctx);
		if (verdict == HC_HANDLED) {
			ret = h->call(&ctx) & mask;
			hc_point_set_answer(vcpu, ret);
		}
		hc_count(h, verdict);
		trace_hypercall(&ctx, ret, verdict);
	}
	preempt_enable();
}

int hc_calls_init(void)
{
	/* More than the vCPU threads that can be between exit and entry. */
	hc_calls_bits = ilog2(roundup_pow_of_two(max(64U, 4 * nr_cpu_ids)));
	hc_calls = kcalloc(1U << hc_calls_bits, sizeof(*hc_calls), GFP_KERNEL);
	return hc_calls ? 0 : -ENOMEM;
}

/* Once no probe runs: calls still open get KVM's -KVM_ENOSYS. */
void hc_calls_exit(void)
{
	if (atomic_read(&hc_calls_missed))
		pr_warn("%d hypercalls missed: more vCPU threads in calls at once than %u places, or a vCPU that left KVM_RUN mid-call\n",
			atomic_read(&hc_calls_missed), 1U << hc_calls_bits);
	kfree(hc_calls);
}
