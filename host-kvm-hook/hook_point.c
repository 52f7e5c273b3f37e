// SPDX-License-Identifier: GPL-2.0
/*
 * KVM's hypercall function on this kernel, and the wrapper that ftrace runs
 * in its place. This file and hook_point.h are the only ones that know
 * KVM's internals; the headers packages carry none of KVM's own headers, so
 * what is read here comes from <linux/kvm_host.h> alone.
 *
 * The wrapper has the prototype of KVM's function, reads the call (nr and
 * a0..a3, from the guest's registers), calls KVM's function at its start,
 * and only where KVM answered -KVM_ENOSYS lets the handler answer, written
 * where KVM wrote its own before KVM's function returns. So KVM's rules run
 * first and win: guest user mode keeps -KVM_EPERM, numbers KVM or the VMM
 * handle keep their answer.
 *
 * It holds hc_srcu from its first line to its last: hook removal and
 * hypercall_unregister() wait for every wrapper still running, asleep in a
 * handler or in KVM's function.
 */

#include <linux/kvm_host.h>
#include <linux/kvm_para.h>
#include <linux/srcu.h>
#include <linux/version.h>

#include "hook.h"

void *hc_point_kvm;

static void hc_point_read(const struct kvm_vcpu *vcpu, struct hypercall_ctx *ctx)
{
	ctx->nr = vcpu->arch.regs[VCPU_REGS_RAX];
	ctx->args[0] = vcpu->arch.regs[VCPU_REGS_RBX];
	ctx->args[1] = vcpu->arch.regs[VCPU_REGS_RCX];
	ctx->args[2] = vcpu->arch.regs[VCPU_REGS_RDX];
	ctx->args[3] = vcpu->arch.regs[VCPU_REGS_RSI];
}

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 14, 0)
/*
 * Up to 6.13: int kvm_emulate_hypercall(vcpu) sends Hyper-V and Xen calls
 * their own way, decides, writes its answer to RAX (truncated to 32 bits
 * for a guest not in 64-bit mode) and skips the instruction, or hands
 * KVM_HC_MAP_GPA_RANGE to the VMM, RAX untouched. SVM, VMX and SEV-ES
 * (through the GHCB's VMMCALL exit) all call it; 6.12's inner
 * __kvm_emulate_hypercall() runs inside it.
 */
const char * const hc_point_name = "kvm_emulate_hypercall";

/* A Hyper-V or Xen guest's call, which KVM's function sends elsewhere. */
static bool hc_point_foreign(const struct kvm_vcpu *vcpu)
{
#if IS_ENABLED(CONFIG_KVM_HYPERV) || LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	if (READ_ONCE(vcpu->kvm->arch.hyperv.hv_guest_os_id))
		return true;
#endif
#ifdef CONFIG_KVM_XEN
	if (vcpu->kvm->arch.xen_hvm_config.flags & KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL)
		return true;
#endif
	return false;
}

static int hc_point_redirect(struct kvm_vcpu *vcpu)
{
	int (*kvm_fn)(struct kvm_vcpu *vcpu) = hc_point_kvm;
	unsigned long *rax = &vcpu->arch.regs[VCPU_REGS_RAX];
	struct hypercall_ctx ctx;
	enum hc_verdict verdict;
	unsigned long mask;
	int idx, ret;

	idx = srcu_read_lock(&hc_srcu);
	hc_point_read(vcpu, &ctx);
	ret = kvm_fn(vcpu);
	/* Only KVM's own path answers -KVM_ENOSYS; the rest is counted. */
	verdict = hc_decode(*rax, &mask);
	if (verdict == HC_HANDLED || !hc_point_foreign(vcpu))
		hc_answer(vcpu, &ctx, verdict, mask, rax);
	srcu_read_unlock(&hc_srcu, idx);
	return ret;
}

#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
/*
 * From 6.16: int ____kvm_emulate_hypercall(vcpu, cpl, complete_hypercall),
 * reached only by KVM's own calls (Hyper-V and Xen went elsewhere before),
 * from SVM, VMX, SEV-ES and TDX alike. It returns 1 with its answer in
 * run->hypercall.ret, which complete_hypercall then gives the guest
 * (truncated to 32 bits outside 64-bit mode, or through the TDX module), or
 * 0 where the VMM answers.
 */
const char * const hc_point_name = "____kvm_emulate_hypercall";

/*
 * What KVM's is_64_bit_hypercall() says, but for code in a 32-bit segment
 * of a 64-bit guest at CPL 0, which it calls 32-bit and this 64-bit: such
 * a call with junk above bit 31 of RAX is seen as no number of ours.
 */
static bool hc_point_long_mode(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.guest_state_protected || (vcpu->arch.efer & EFER_LMA);
}

static int hc_point_redirect(struct kvm_vcpu *vcpu, int cpl,
			     int (*complete_hypercall)(struct kvm_vcpu *))
{
	int (*kvm_fn)(struct kvm_vcpu *vcpu, int cpl,
		      int (*complete_hypercall)(struct kvm_vcpu *)) = hc_point_kvm;
	unsigned long *ret_out = (unsigned long *)&vcpu->run->hypercall.ret;
	struct hypercall_ctx ctx;
	enum hc_verdict verdict;
	unsigned long mask, unused;
	int idx, ret;

	idx = srcu_read_lock(&hc_srcu);
	hc_point_read(vcpu, &ctx);
	mask = hc_point_long_mode(vcpu) ? ULONG_MAX : U32_MAX;
	ret = kvm_fn(vcpu, cpl, complete_hypercall);
	verdict = ret > 0 ? hc_decode(*ret_out, &unused) : HC_PASSED;
	hc_answer(vcpu, &ctx, verdict, mask, ret_out);
	srcu_read_unlock(&hc_srcu, idx);
	return ret;
}

#else
#error "6.14 and 6.15 pass nr and a0..a3 to ____kvm_emulate_hypercall(): not supported yet"
#endif

void * const hc_point_wrapper = hc_point_redirect;
