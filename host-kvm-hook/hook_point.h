/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where KVM keeps a vCPU's registers and its answer: inline, for the one
 * caller that closes a call on the guest's entry path.
 *
 * RAX, RBX, RCX, RDX and RSI are always cached in vcpu->arch.regs (never
 * lazily loaded), so reading and writing RAX there is what KVM's own
 * accessors do. A TDX guest (6.16+) gets its answer in R10 of the TDX
 * module's private state, which KVM fills before kvm_entry: the hook sees
 * those calls but cannot answer them.
 */

#ifndef HYPERCALL_HOOK_POINT_H
#define HYPERCALL_HOOK_POINT_H

#include <linux/kvm_host.h>
#include <linux/hypercall_host.h>

/* KVM's answer; false where the guest gets it out of the hook's reach. */
static inline bool hc_point_answer(const struct kvm_vcpu *vcpu,
				   unsigned long *ans)
{
#ifdef KVM_X86_TDX_VM
	if (vcpu->kvm->arch.vm_type == KVM_X86_TDX_VM) {
		*ans = vcpu->run->hypercall.ret;
		return false;
	}
#endif
	*ans = vcpu->arch.regs[VCPU_REGS_RAX];
	return true;
}

/* Argument @i (a0..a3) as the guest's registers hold it now. */
static inline unsigned long hc_point_arg(const struct kvm_vcpu *vcpu,
					 unsigned int i)
{
	static const int reg[] = {
		VCPU_REGS_RBX, VCPU_REGS_RCX, VCPU_REGS_RDX, VCPU_REGS_RSI,
	};

	return vcpu->arch.regs[reg[i]];
}

static inline void hc_point_set_answer(struct kvm_vcpu *vcpu, unsigned long ret)
{
	vcpu->arch.regs[VCPU_REGS_RAX] = ret;
}

static inline void hc_point_ctx(const struct kvm_vcpu *vcpu,
				struct hypercall_ctx *ctx)
{
	ctx->vcpu_id = vcpu->vcpu_id;
	ctx->vm_pid = vcpu->kvm->userspace_pid;
}

#endif /* HYPERCALL_HOOK_POINT_H */
