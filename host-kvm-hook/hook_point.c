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
#include <uapi/linux/hypercall.h>

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

/* 5.11+: SEV-ES/SNP; KVM cannot rewind such a guest's registers. */
static bool hc_point_protected(const struct kvm_vcpu *vcpu)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	return vcpu->arch.guest_state_protected;
#else
	return false;
#endif
}

/*
 * An exception KVM's function queued for after the call: the #DB of a
 * single-stepped guest (TF), which the skip queues. Read here, not through
 * kvm_get_rflags(), which would make the hook need kvm.ko at load.
 */
static bool hc_point_exception_queued(const struct kvm_vcpu *vcpu)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
	if (vcpu->arch.exception_vmexit.pending)
		return true;
#endif
	return vcpu->arch.exception.pending;
}

/*
 * A handler asked to send the vCPU back before its call (HYPERCALL_RESTART),
 * after KVM's function answered (@ret) and skipped the instruction: RAX the
 * number again, RIP 3 bytes back (VMCALL and VMMCALL are 3 bytes; RIP is
 * cached after the skip on SVM and VMX alike), marked as
 * kvm_register_mark_dirty() does, so that it is written back at entry.
 * KVM's run loop, finding the signal the handler saw, then ends KVM_RUN
 * with -EINTR before the guest runs; should it be gone, the guest just
 * makes the call again.
 *
 * Where it cannot go back, the guest gets -HYPERCALL_EAGAIN: a confidential
 * guest (its registers are the CPU's), a single-stepped one (the guest's
 * TF: a #DB due after the call is queued; or the VMM's, for which KVM's
 * function returns 0), and where the test-only no_restart says so.
 */
static void hc_point_restart(struct kvm_vcpu *vcpu,
			     const struct hypercall_ctx *ctx, int ret,
			     unsigned long mask)
{
	if (ret <= 0 || hc_point_protected(vcpu) || hc_no_restart ||
	    hc_point_exception_queued(vcpu)) {
		vcpu->arch.regs[VCPU_REGS_RAX] = -HYPERCALL_EAGAIN & mask;
		return;
	}
	vcpu->arch.regs[VCPU_REGS_RAX] = ctx->nr;
	vcpu->arch.regs[VCPU_REGS_RIP] -= 3;
	vcpu->arch.regs_avail |= BIT(VCPU_REGS_RIP);
	vcpu->arch.regs_dirty |= BIT(VCPU_REGS_RIP);
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
	if ((verdict == HC_HANDLED || !hc_point_foreign(vcpu)) &&
	    hc_answer(vcpu, &ctx, verdict, mask, rax) == HYPERCALL_RESTART)
		hc_point_restart(vcpu, &ctx, ret, mask);
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
	if (hc_answer(vcpu, &ctx, verdict, mask, ret_out) != HYPERCALL_RESTART)
		goto out;
	/*
	 * Back before the call: nothing is written or skipped before
	 * complete_hypercall runs, so RIP and RAX are as the guest left them;
	 * end KVM_RUN as KVM's run loop does for a signal. A confidential
	 * guest cannot go back (its registers are the CPU's): the retry code.
	 */
	if (vcpu->arch.guest_state_protected || hc_no_restart) {
		*ret_out = -HYPERCALL_EAGAIN & mask;
	} else {
		kvm_handle_signal_exit(vcpu);
		ret = -EINTR;
	}
out:
	srcu_read_unlock(&hc_srcu, idx);
	return ret;
}

#else
#error "6.14 and 6.15 pass nr and a0..a3 to ____kvm_emulate_hypercall(): not supported yet"
#endif

/*
 * A handler about to sleep long (waiting for a host program) leaves KVM's
 * kvm->srcu read side, as KVM's own vcpu_block() does, so that the VMM's
 * memslot changes do not wait for it; and takes it again before it
 * touches guest memory or returns to KVM.
 */
void hc_point_sleep_begin(struct kvm_vcpu *vcpu)
	__releases(&vcpu->kvm->srcu)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 19, 0)
	kvm_vcpu_srcu_read_unlock(vcpu);
#else
	srcu_read_unlock(&vcpu->kvm->srcu, vcpu->srcu_idx);
#endif
}

void hc_point_sleep_end(struct kvm_vcpu *vcpu)
	__acquires(&vcpu->kvm->srcu)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 19, 0)
	kvm_vcpu_srcu_read_lock(vcpu);
#else
	vcpu->srcu_idx = srcu_read_lock(&vcpu->kvm->srcu);
#endif
}

void * const hc_point_wrapper = hc_point_redirect;
