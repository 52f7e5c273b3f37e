// SPDX-License-Identifier: GPL-2.0
/*
 * What the redirect does once KVM's function has answered a call of a
 * registered number: where KVM answered -KVM_ENOSYS, the handler answers in
 * its place; every call is counted and traced with who answered it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kvm_host.h>
#include <linux/kvm_para.h>
#include <linux/limits.h>
#include <linux/printk.h>

#include "hook.h"
#include "trace.h"

/*
 * Who answered, from KVM's answer, and (for KVM's own codes, which it
 * truncates to 32 bits outside 64-bit mode) the guest's mode.
 */
enum hc_verdict hc_decode(unsigned long answer, unsigned long *mask)
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

/*
 * The lookup and the call, once KVM has answered: everything the redirect
 * does that needs no vCPU, so that the registry's self-test (selftest.c)
 * drives this very path. @ctx: the call, its vCPU fields set; @verdict and
 * @mask: what KVM's answer says; @answer: where KVM put it. Caller holds
 * hc_srcu. Returns HYPERCALL_RESTART if the handler asked for it, else 0.
 */
int hc_dispatch(struct hypercall_ctx *ctx, enum hc_verdict verdict,
		unsigned long mask, unsigned long *answer)
{
	struct hc_entry *e;
	unsigned int i;
	int r;

	ctx->nr &= mask;
	for (i = 0; i < ARRAY_SIZE(ctx->args); i++)
		ctx->args[i] &= mask;
	if (ctx->nr > U32_MAX)
		return 0;	/* a 64-bit number that only looked like ours */
	e = hc_registry_find(ctx->nr);
	if (!e)
		return 0;	/* its bit is shared, or it left meanwhile */

	ctx->ret = *answer;
	ctx->long_mode = mask == ULONG_MAX;
	/* A VM the number's rules leave out: as if nothing answered it. */
	if (verdict == HC_HANDLED && !hc_policy_admits(ctx->nr))
		verdict = HC_FILTERED;
	if (verdict == HC_HANDLED) {
		r = e->h->call(e->h, ctx);
		if (!r) {
			*answer = ctx->ret & mask;
		} else if (r == HYPERCALL_RESTART) {
			verdict = HC_RESTARTED;
		} else {
			if (r != HYPERCALL_DECLINE)
				pr_warn_ratelimited("%s: handler returned %d, neither 0 nor HYPERCALL_DECLINE: declined\n",
						    e->h->name, r);
			verdict = HC_DECLINED;
		}
	}
	hc_count(e, verdict);
	trace_hypercall(ctx, e->h->name, *answer, verdict);
	return verdict == HC_RESTARTED ? HYPERCALL_RESTART : 0;
}

/*
 * @ctx: nr and a0..a3 as the guest's registers held them; @verdict and
 * @mask: what KVM's answer says; @answer: where KVM put it. Caller holds
 * hc_srcu.
 */
int hc_answer(struct kvm_vcpu *vcpu, struct hypercall_ctx *ctx,
	      enum hc_verdict verdict, unsigned long mask,
	      unsigned long *answer)
{
	ctx->vcpu = vcpu;
	ctx->vcpu_id = vcpu->vcpu_id;
	ctx->vm_pid = vcpu->kvm->userspace_pid;
	return hc_dispatch(ctx, verdict, mask, answer);
}
