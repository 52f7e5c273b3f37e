// SPDX-License-Identifier: GPL-2.0
/*
 * Where KVM handles a hypercall, and where it keeps the registers: the only
 * file that knows KVM's internals.
 *
 * Linux 5.10 and 6.1: int kvm_emulate_hypercall(struct kvm_vcpu *vcpu) reads
 * nr and a0..a3 from the vCPU's registers and writes its answer to RAX
 * before it returns. KVM's register accessors live in arch/x86/kvm/ and are
 * not in the headers packages; RAX, RBX, RCX, RDX and RSI are always cached
 * in vcpu->arch.regs (never lazily loaded), so reading and writing them there
 * is what KVM's own accessors do.
 */

#include <linux/kvm_host.h>
#include <linux/ptrace.h>

#include "hook.h"

const char hc_point_symbol[] = "kvm_emulate_hypercall";

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

unsigned long hc_point_answer(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.regs[VCPU_REGS_RAX];
}

void hc_point_set_answer(struct kvm_vcpu *vcpu, unsigned long ret)
{
	vcpu->arch.regs[VCPU_REGS_RAX] = ret;
}

int hc_point_vcpu_id(const struct kvm_vcpu *vcpu)
{
	return vcpu->vcpu_id;
}

pid_t hc_point_vm_pid(const struct kvm_vcpu *vcpu)
{
	return vcpu->kvm->userspace_pid;
}
