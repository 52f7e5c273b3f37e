// SPDX-License-Identifier: GPL-2.0
/*
 * Where KVM handles a hypercall, and where it keeps the registers and its
 * answer: the only file that knows KVM's internals.
 *
 * Linux 5.10 to 6.13: int kvm_emulate_hypercall(struct kvm_vcpu *vcpu) reads
 * nr and a0..a3 from the vCPU's registers and, unless it exits to the VMM,
 * writes its answer to RAX (truncated to 32 bits outside 64-bit mode)
 * before it returns. (6.12 moved the work into __kvm_emulate_hypercall(),
 * which the outer function still wraps.)
 *
 * Linux 6.14 and later: int ____kvm_emulate_hypercall(vcpu, ...) returns 1
 * with its answer, not yet truncated, in vcpu->run->hypercall.ret, for the
 * caller's completion callback to write to the guest; 0 when it exits to the
 * VMM. TDX guests (6.16+) reach it without kvm_emulate_hypercall(), so it is
 * the one to hook where it exists.
 *
 * KVM's register accessors live in arch/x86/kvm/ and are not in the headers
 * packages; RAX, RBX, RCX, RDX and RSI are always cached in vcpu->arch.regs
 * (never lazily loaded), so reading and writing them there is what KVM's own
 * accessors do.
 */

#include <linux/kvm_host.h>
#include <linux/ptrace.h>

#include "hook.h"

static bool hc_answer_in_rax(const struct kvm_vcpu *vcpu,
			     const struct pt_regs *ret_regs, unsigned long *ans)
{
	*ans = vcpu->arch.regs[VCPU_REGS_RAX];
	return true;
}

static void hc_set_answer_in_rax(struct kvm_vcpu *vcpu, unsigned long ret)
{
	vcpu->arch.regs[VCPU_REGS_RAX] = ret;
}

static bool hc_answer_in_run(const struct kvm_vcpu *vcpu,
			     const struct pt_regs *ret_regs, unsigned long *ans)
{
	if (!regs_return_value((struct pt_regs *)ret_regs))
		return false;	/* exits to the VMM, which answers */
	*ans = vcpu->run->hypercall.ret;
	return true;
}

static void hc_set_answer_in_run(struct kvm_vcpu *vcpu, unsigned long ret)
{
	vcpu->run->hypercall.ret = ret;
}

/* Newest first: the first whose symbol exists is the one. */
const struct hc_point hc_points[] = {
	{
		.symbol		= "____kvm_emulate_hypercall",
		.since		= "6.14",
		.answer		= hc_answer_in_run,
		.set_answer	= hc_set_answer_in_run,
	},
	{
		.symbol		= "kvm_emulate_hypercall",
		.since		= "5.10",
		.answer		= hc_answer_in_rax,
		.set_answer	= hc_set_answer_in_rax,
	},
	{ }
};

struct kvm_vcpu *hc_point_vcpu(const struct pt_regs *entry_regs)
{
	/* The first argument, per the x86-64 calling convention. */
	return (struct kvm_vcpu *)entry_regs->di;
}

unsigned long hc_point_nr(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.regs[VCPU_REGS_RAX];
}

unsigned long hc_point_arg(const struct kvm_vcpu *vcpu, unsigned int i)
{
	static const int reg[] = {
		VCPU_REGS_RBX, VCPU_REGS_RCX, VCPU_REGS_RDX, VCPU_REGS_RSI,
	};

	return vcpu->arch.regs[reg[i]];
}

int hc_point_vcpu_id(const struct kvm_vcpu *vcpu)
{
	return vcpu->vcpu_id;
}

pid_t hc_point_vm_pid(const struct kvm_vcpu *vcpu)
{
	return vcpu->kvm->userspace_pid;
}
