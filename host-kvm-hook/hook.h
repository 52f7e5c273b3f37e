/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the host hypercall hook. */

#ifndef HYPERCALL_HOOK_H
#define HYPERCALL_HOOK_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/percpu.h>
#include <linux/srcu.h>
#include <linux/types.h>
#include <linux/hypercall_host.h>

struct dentry;
struct kvm_vcpu;

/* How a call to a registered number ended. */
enum hc_verdict {
	HC_HANDLED,	/* our handler answered */
	HC_PASSED,	/* KVM or the VMM answered */
	HC_REJECTED,	/* KVM refused it: guest user mode (-KVM_EPERM) */
	HC_DECLINED,	/* our handler left KVM's -KVM_ENOSYS */
	HC_RESTARTED,	/* our handler sent the vCPU back before the call */
	HC_FILTERED,	/* per-VM policy kept the call from the handler */
	HC_NR_VERDICTS
};

struct hypercall_stats {
	u64 n[HC_NR_VERDICTS];
};

/* registry.c: one registered handler, as the hook keeps it */
struct hc_entry {
	struct hypercall_handler *h;
	unsigned long nr;
	struct module *owner;
	struct hypercall_stats __percpu *stats;
};

/* registry.c: a bit per registered number, modulo HC_FILTER_BITS */
#define HC_FILTER_BITS	1024
extern unsigned long hc_filter[];

/*
 * A number's bit: the high half folded in, so that the project's numbers
 * (0x4B48xxxx) stay clear of KVM's 1-12, whose calls then pay no redirect.
 */
static inline unsigned int hc_filter_bit(u32 nr)
{
	return (nr ^ (nr >> 16)) % HC_FILTER_BITS;
}

/*
 * Might @nr be registered? If not, it is none of ours: the one test that
 * every hypercall ftrace sends our way pays, inline in the callback.
 */
static inline bool hc_registry_maybe(u32 nr)
{
	return test_bit(hc_filter_bit(nr), hc_filter);
}

/* registry.c: readers hold hc_srcu across the whole redirect */
extern struct srcu_struct hc_srcu;
/* registry.c: changes with every number registered, claimed or let go */
extern atomic64_t hc_generation;

int hc_registry_init(void);
void hc_registry_exit(void);
struct hc_entry *hc_registry_find(u32 nr);
void hc_registry_for_each(void (*fn)(const struct hc_entry *e, void *arg),
			  void *arg);

/* counters.c */
static inline void hc_count(struct hc_entry *e, enum hc_verdict v)
{
	this_cpu_inc(e->stats->n[v]);
}

void hc_counters_init(void);
void hc_counters_exit(void);

/*
 * answer.c: what the redirect does once KVM's function has answered;
 * HYPERCALL_RESTART where the handler asked for it
 */
int hc_answer(struct kvm_vcpu *vcpu, struct hypercall_ctx *ctx,
	      enum hc_verdict verdict, unsigned long mask,
	      unsigned long *answer);
int hc_dispatch(struct hypercall_ctx *ctx, enum hc_verdict verdict,
		unsigned long mask, unsigned long *answer);
enum hc_verdict hc_decode(unsigned long answer, unsigned long *mask);

/* policy.c: may the calling VM reach @nr? Inline: every call asks. */
extern unsigned int hc_policy_rules;
bool hc_policy_admits_ruled(u32 nr);

static inline bool hc_policy_admits(u32 nr)
{
	return likely(!READ_ONCE(hc_policy_rules)) || hc_policy_admits_ruled(nr);
}

void hc_policy_init(struct dentry *dir);
void hc_policy_exit(void);

/* selftest.c: test only, the registry's stress (debugfs "stress") */
void hc_stress_init(struct dentry *dir);

/*
 * counters.c: test only (debugfs "no_restart"): handlers may not send the
 * vCPU back, as in a confidential guest, which no test here can run
 */
extern bool hc_no_restart;

/* hook_point.c: KVM's hypercall function on this kernel, and our wrapper */
extern const char * const hc_point_name;
extern void * const hc_point_wrapper;
extern void *hc_point_kvm;	/* KVM's function, called at its start */
void hc_point_sleep_begin(struct kvm_vcpu *vcpu);
void hc_point_sleep_end(struct kvm_vcpu *vcpu);

/* redirect.c: the ftrace redirect */
int hc_hook_register(void);
void hc_hook_unregister(void);

#endif /* HYPERCALL_HOOK_H */
