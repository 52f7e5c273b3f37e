// SPDX-License-Identifier: GPL-2.0
/*
 * KVM's tracepoints the hook attaches to. This file and hook_point.h (where
 * KVM keeps a vCPU's registers and its answer) are the only ones that know
 * KVM's internals.
 *
 * kvm:kvm_hypercall fires in KVM's hypercall function (kvm_emulate_hypercall
 * up to 6.11, __kvm_emulate_hypercall in 6.12 and 6.13,
 * ____kvm_emulate_hypercall from 6.14, which TDX guests reach too) with the
 * number and a0..a3, after KVM has sent Xen and Hyper-V calls their own way
 * and before it decides its answer. kvm:kvm_entry fires on the vCPU's next
 * way into the guest, before KVM loads the guest's RAX from vcpu->arch.regs,
 * where its answer is by then. kvm:kvm_userspace_exit fires when KVM_RUN
 * returns to the VMM, with KVM_EXIT_HYPERCALL where KVM hands it the call.
 *
 * KVM's tracepoints are defined in arch/x86/kvm/trace.h, which the headers
 * packages do not carry, so their prototypes are written here by version;
 * sched:sched_process_exit's are checked against the kernel's own header.
 */

#include <linux/kvm_host.h>
#include <linux/version.h>
#include <trace/events/sched.h>

#include "hook.h"

static void hc_on_hypercall(void *data, unsigned long nr, unsigned long a0,
			    unsigned long a1, unsigned long a2, unsigned long a3)
{
	/*
	 * KVM compares only the low 32 bits for a guest not in 64-bit mode,
	 * which the answer tells when the call closes.
	 */
	if (likely(!hc_registry_maybe((u32)nr)))
		return;
	hc_call_open(nr, a0, a1, a2, a3);
}

/* 6.9 added force_immediate_exit. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
static void hc_on_entry(void *data, struct kvm_vcpu *vcpu,
			bool force_immediate_exit)
#else
static void hc_on_entry(void *data, struct kvm_vcpu *vcpu)
#endif
{
	if (likely(!hc_calls_pending()))
		return;
	hc_call_close(vcpu);
}

static void hc_on_userspace_exit(void *data, __u32 reason, int errno)
{
	if (reason == KVM_EXIT_HYPERCALL)
		hc_call_to_vmm();
}

/* Checked below against the kernel's header, whatever the version. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
static void hc_on_exit(void *data, struct task_struct *p, bool group_dead)
#else
static void hc_on_exit(void *data, struct task_struct *p)
#endif
{
	hc_call_forget();
}

/* The build fails here, not the host, if the kernel's prototype differs. */
static_assert(sizeof(register_trace_sched_process_exit(hc_on_exit, NULL)));

/* kvm_hypercall first: it opens calls, so it is attached last. */
const struct hc_probe hc_probes[HC_NPROBES] = {
	{ "kvm", "kvm_hypercall", hc_on_hypercall },
	{ "kvm", "kvm_entry", hc_on_entry },
	{ "kvm", "kvm_userspace_exit", hc_on_userspace_exit },
	{ NULL, "sched_process_exit", hc_on_exit },
};
