/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Add a KVM hypercall from a module: the host side of the kvm-hypercalls
 * project. hypercall_hook.ko exports this API; a handler module depends on it.
 *
 * A handler answers only where KVM itself would answer -KVM_ENOSYS: calls
 * from guest user mode keep KVM's -KVM_EPERM, and numbers KVM or the VMM
 * handle keep their answer.
 */

#ifndef _LINUX_HYPERCALL_HOST_H
#define _LINUX_HYPERCALL_HOST_H

#include <linux/types.h>

struct kvm_vcpu;

/**
 * struct hypercall_ctx - one guest hypercall, as a handler sees it
 * @nr: the hypercall number
 * @args: a0..a3 from RBX, RCX, RDX and RSI, truncated to 32 bits for a guest
 *	not in 64-bit mode
 * @long_mode: the guest called from 64-bit mode
 * @vcpu_id: the calling vCPU's id, as the VMM created it
 * @vm_pid: the pid of the process that created the VM (the VMM)
 * @vcpu: the calling vCPU, for handlers that know KVM's internals
 */
struct hypercall_ctx {
	unsigned long nr;
	unsigned long args[4];
	bool long_mode;
	int vcpu_id;
	pid_t vm_pid;
	struct kvm_vcpu *vcpu;
};

struct hypercall_stats;

/**
 * struct hypercall_handler - what answers one hypercall number
 * @nr: the number, at most U32_MAX so that 32-bit guests can reach it
 * @name: a short name, shown in the counters and the trace event
 * @call: answers the call; returns what the guest receives in RAX (a
 *	negative -KVM_* code for an error). Runs in atomic context, with
 *	interrupts disabled, as the calling vCPU goes back into the guest: it
 *	must not sleep and should be quick.
 * @stats: private to the hook
 *
 * The structure must stay valid until hypercall_unregister() returns.
 */
struct hypercall_handler {
	unsigned long nr;
	const char *name;
	unsigned long (*call)(const struct hypercall_ctx *ctx);
	struct hypercall_stats __percpu *stats;
};

/**
 * hypercall_register() - start answering a hypercall number
 * @h: the handler; @h->nr, @h->name and @h->call must be set
 *
 * A number has at most one owner. Numbers KVM itself defines (1 to 12 up to
 * Linux 7.3) are refused unless the hook's kvm_nr_override parameter lists
 * them; even then the handler only sees calls KVM leaves unanswered.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EBUSY if the number has an owner, -EPERM for a number KVM
 * defines, -EINVAL for a bad @h, -ENOSPC if the table is full, -ENOMEM.
 */
int hypercall_register(struct hypercall_handler *h);

/**
 * hypercall_unregister() - stop answering a hypercall number
 * @h: a handler that hypercall_register() accepted
 *
 * Returns once no call of @h->call is running and none can start, so the
 * caller's module may then go away. Guests calling the number from now on
 * get KVM's -KVM_ENOSYS.
 *
 * Context: process context; sleeps.
 */
void hypercall_unregister(struct hypercall_handler *h);

#endif /* _LINUX_HYPERCALL_HOST_H */
