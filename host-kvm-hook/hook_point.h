/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ftrace callback's view of KVM's hypercall function, by kernel: what
 * its registers argument is, where the vCPU (the function's first argument)
 * is, and how it sends the call elsewhere. Inline, for the callback that
 * every hypercall on the host passes. hook_point.c holds the rest of what
 * is version-specific.
 */

#ifndef HYPERCALL_HOOK_POINT_H
#define HYPERCALL_HOOK_POINT_H

#include <linux/ftrace.h>
#include <linux/kvm_host.h>
#include <linux/version.h>

#ifdef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
/* 5.11+: the arguments are saved without SAVE_REGS, as livepatch does. */
#define HC_FTRACE_FLAGS		FTRACE_OPS_FL_IPMODIFY
#define hc_fregs		ftrace_regs

static __always_inline unsigned long hc_fregs_arg0(struct ftrace_regs *f)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return ftrace_regs_get_argument(f, 0);
#else
	return f->regs.di;
#endif
}

static __always_inline void hc_fregs_set_ip(struct ftrace_regs *f,
					    unsigned long ip)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	ftrace_regs_set_instruction_pointer(f, ip);
#else
	ftrace_instruction_pointer_set(f, ip);
#endif
}
#else
/*
 * 5.10: the callback gets pt_regs, saved only with SAVE_REGS; it cannot
 * recurse (it calls nothing), which RECURSION_SAFE says.
 */
#define HC_FTRACE_FLAGS		(FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY | \
				 FTRACE_OPS_FL_RECURSION_SAFE)
#define hc_fregs		pt_regs

static __always_inline unsigned long hc_fregs_arg0(struct pt_regs *r)
{
	return r->di;
}

static __always_inline void hc_fregs_set_ip(struct pt_regs *r, unsigned long ip)
{
	r->ip = ip;
}
#endif

/*
 * The number the guest called, as the vCPU holds it when KVM's function
 * starts: RAX is always cached in vcpu->arch.regs (never loaded lazily), and
 * a TDX guest's is copied there before KVM's function runs.
 */
static __always_inline u32 hc_point_nr(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.regs[VCPU_REGS_RAX];
}

/*
 * Guest memory (guest_mem.c): what differs by kernel. A dirty-logged page
 * of a VM using the dirty ring (5.11+) can only be recorded in the vCPU's
 * ring, through KVM functions no module can call: the write is refused.
 */
static inline bool hc_point_dirty_ring(const struct kvm *kvm)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	return READ_ONCE(kvm->dirty_ring_size);
#else
	return false;
#endif
}

/*
 * A guest_memfd page that is private (SEV-SNP, TDX; 6.8+): the VMM's
 * mapping does not hold it, so it cannot be copied.
 */
static inline bool hc_point_gfn_private(struct kvm *kvm, gfn_t gfn)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return kvm_mem_is_private(kvm, gfn);
#else
	return false;
#endif
}

#endif /* HYPERCALL_HOOK_POINT_H */
