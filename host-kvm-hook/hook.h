/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the host hypercall hook. */

#ifndef HYPERCALL_HOOK_H
#define HYPERCALL_HOOK_H

#include <linux/types.h>

struct kvm_vcpu;
struct pt_regs;

/**
 * struct hc_call - one guest hypercall that the hook answers
 * @vcpu: the calling vCPU
 * @nr: the hypercall number, as KVM read it
 * @args: a0..a3, truncated to 32 bits for a guest not in 64-bit mode
 */
struct hc_call {
	struct kvm_vcpu *vcpu;
	unsigned long nr;
	unsigned long args[4];
};

/**
 * struct hc_handler - what answers one hypercall number
 * @nr: the number
 * @fn: runs in atomic context; returns what the guest gets in RAX
 */
struct hc_handler {
	unsigned long nr;
	unsigned long (*fn)(const struct hc_call *call);
};

/* hello.c: the tutorial's two hypercalls */
extern struct hc_handler hc_hello_handlers[];
extern const unsigned int hc_hello_count;
int hc_hello_check(void);

/* hook_point.c: where KVM handles a hypercall in this kernel */
extern const char hc_point_symbol[];
struct kvm_vcpu *hc_point_vcpu(const struct pt_regs *entry_regs);
unsigned long hc_point_nr(const struct kvm_vcpu *vcpu);
unsigned long hc_point_arg(const struct kvm_vcpu *vcpu, unsigned int i);
unsigned long hc_point_answer(const struct kvm_vcpu *vcpu);
void hc_point_set_answer(struct kvm_vcpu *vcpu, unsigned long ret);

/* kretprobe.c */
int hc_hook_register(void);
void hc_hook_unregister(void);

#endif /* HYPERCALL_HOOK_H */
