/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the host hypercall hook. */

#ifndef HYPERCALL_HOOK_H
#define HYPERCALL_HOOK_H

#include <linux/types.h>
#include <linux/hypercall_host.h>
#include <uapi/linux/hypercall.h>

struct kvm_vcpu;
struct pt_regs;

/* How a call to a registered number ended. */
enum hc_verdict {
	HC_HANDLED,	/* our handler answered */
	HC_PASSED,	/* KVM or the VMM answered */
	HC_REJECTED,	/* KVM refused it: guest user mode (-KVM_EPERM) */
	HC_NR_VERDICTS
};

struct hypercall_stats {
	u64 n[HC_NR_VERDICTS];
};

/* registry.c */
struct hypercall_handler *hc_registry_find(u32 nr);
void hc_registry_for_each(void (*fn)(const struct hypercall_handler *h, void *arg),
			  void *arg);

/* counters.c */
void hc_count(struct hypercall_handler *h, enum hc_verdict v);
void hc_counters_init(void);
void hc_counters_exit(void);

/* hello.c: the tutorial's two hypercalls, the API's first users */
int hc_hello_register(void);
void hc_hello_unregister(void);

/* hook_point.c: where KVM handles a hypercall in this kernel */

/**
 * struct hc_point - one of the functions KVM has handled hypercalls in
 * @symbol: the function to hook
 * @since: the first Linux version that has it, for the log
 * @answer: where KVM's answer is once @symbol returns; false when KVM
 *	exited to the VMM instead
 * @set_answer: replace that answer
 */
struct hc_point {
	const char *symbol;
	const char *since;
	bool (*answer)(const struct kvm_vcpu *vcpu,
		       const struct pt_regs *ret_regs, unsigned long *ans);
	void (*set_answer)(struct kvm_vcpu *vcpu, unsigned long ret);
};

extern const struct hc_point hc_points[];
struct kvm_vcpu *hc_point_vcpu(const struct pt_regs *entry_regs);
unsigned long hc_point_nr(const struct kvm_vcpu *vcpu);
unsigned long hc_point_arg(const struct kvm_vcpu *vcpu, unsigned int i);
int hc_point_vcpu_id(const struct kvm_vcpu *vcpu);
pid_t hc_point_vm_pid(const struct kvm_vcpu *vcpu);

/* kretprobe.c */
int hc_hook_register(void);
void hc_hook_unregister(void);

#endif /* HYPERCALL_HOOK_H */
