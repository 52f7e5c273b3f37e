/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the host hypercall hook. */

#ifndef HYPERCALL_HOOK_H
#define HYPERCALL_HOOK_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/hypercall_host.h>
#include <uapi/linux/hypercall.h>

struct kvm_vcpu;

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

/*
 * The two tests every hypercall and every guest entry on the host make,
 * inline in the tracepoint probes: each call and return costs, more so
 * with return thunks.
 */

/* registry.c: a bit per registered number, modulo HC_FILTER_BITS */
#define HC_FILTER_BITS	1024
extern unsigned long hc_filter[];

/* Might @nr be registered? If not, it is none of ours. */
static inline bool hc_registry_maybe(u32 nr)
{
	return test_bit(nr % HC_FILTER_BITS, hc_filter);
}

/* calls.c: how many calls are between KVM's exit and the next entry */
extern atomic_t hc_calls_open;

static inline bool hc_calls_pending(void)
{
	return atomic_read(&hc_calls_open);
}

/* registry.c */
struct hypercall_handler *hc_registry_find(u32 nr);
void hc_registry_for_each(void (*fn)(const struct hypercall_handler *h, void *arg),
			  void *arg);

/* counters.c */
static inline void hc_count(struct hypercall_handler *h, enum hc_verdict v)
{
	/* Per CPU: counting costs no shared cache line on the entry path. */
	this_cpu_inc(h->stats->n[v]);
}

void hc_counters_init(void);
void hc_counters_exit(void);

/* hello.c: the tutorial's two hypercalls, the API's first users */
int hc_hello_register(void);
void hc_hello_unregister(void);

/* calls.c: calls of registered numbers, from KVM's exit to the next entry */
int hc_calls_init(void);
void hc_calls_exit(void);
void hc_call_open(unsigned long nr, unsigned long a0, unsigned long a1,
		  unsigned long a2, unsigned long a3);
void hc_call_to_vmm(void);
void hc_call_close(struct kvm_vcpu *vcpu);
void hc_call_forget(void);

/* hook_point.c: KVM's tracepoints, for this kernel (registers: hook_point.h) */

/**
 * struct hc_probe - a tracepoint the hook attaches to
 * @module: the module defining it, or NULL for the kernel itself
 * @name: the tracepoint
 * @func: the probe, with the tracepoint's prototype
 */
struct hc_probe {
	const char *module;
	const char *name;
	void *func;
};

/* kvm_hypercall, kvm_entry, kvm_userspace_exit, sched_process_exit */
#define HC_NPROBES	4
extern const struct hc_probe hc_probes[HC_NPROBES];

/* tracepoints.c: attaching the probes */
int hc_hook_register(void);
void hc_hook_unregister(void);

#endif /* HYPERCALL_HOOK_H */
