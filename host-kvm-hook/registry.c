// SPDX-License-Identifier: GPL-2.0
/*
 * Who answers which hypercall number: the table behind hypercall_register().
 *
 * Lookups run in KVM's tracepoints, in atomic context, under RCU; writers
 * take a mutex and wait for readers with synchronize_rcu(), so that a
 * handler's module can leave as soon as hypercall_unregister() returns.
 *
 * Every hypercall on the host asks hc_registry_maybe() first, so that is one
 * bit test: hc_filter has a bit per number modulo its size, set for every
 * registered number (a stale or shared bit only costs a full lookup).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/hypercall_host.h>

#include "hook.h"

/* KVM defines 1 to 12 (KVM_HC_MAP_GPA_RANGE) up to Linux 7.3. */
#define HC_KVM_NR_MAX	12
#define HC_SLOTS	64

static struct hypercall_handler __rcu *hc_slots[HC_SLOTS];
DECLARE_BITMAP(hc_filter, HC_FILTER_BITS);
static unsigned int hc_nslots;	/* slots ever used: readers scan these */
static DEFINE_MUTEX(hc_lock);

static unsigned long kvm_nr_override[HC_KVM_NR_MAX] = { HYPERCALL_NR_HELLO0 };
static int kvm_nr_override_count = 1;
module_param_array(kvm_nr_override, ulong, &kvm_nr_override_count, 0444);
MODULE_PARM_DESC(kvm_nr_override,
		 "KVM's own hypercall numbers a handler may take, answering only where KVM answers -KVM_ENOSYS (default 12, KVM_HC_MAP_GPA_RANGE)");

static bool hc_nr_allowed(unsigned long nr)
{
	int i;

	if (nr < 1 || nr > HC_KVM_NR_MAX)
		return true;
	for (i = 0; i < kvm_nr_override_count; i++)
		if (kvm_nr_override[i] == nr)
			return true;
	return false;
}

/* Caller holds hc_lock. */
static void hc_filter_rebuild(void)
{
	DECLARE_BITMAP(f, HC_FILTER_BITS);
	unsigned int i;

	bitmap_zero(f, HC_FILTER_BITS);
	for (i = 0; i < hc_nslots; i++) {
		const struct hypercall_handler *h =
			rcu_dereference_protected(hc_slots[i], lockdep_is_held(&hc_lock));

		if (h)
			__set_bit(h->nr % HC_FILTER_BITS, f);
	}
	/* Word by word: a reader may see a mix, which only costs a lookup. */
	for (i = 0; i < BITS_TO_LONGS(HC_FILTER_BITS); i++)
		WRITE_ONCE(hc_filter[i], f[i]);
}

/* Caller has preemption disabled (a tracepoint probe) or holds hc_lock. */
struct hypercall_handler *hc_registry_find(u32 nr)
{
	unsigned int i, n = READ_ONCE(hc_nslots);
	struct hypercall_handler *h;

	for (i = 0; i < n; i++) {
		h = rcu_dereference_sched_check(hc_slots[i], lockdep_is_held(&hc_lock));
		if (h && h->nr == nr)
			return h;
	}
	return NULL;
}

void hc_registry_for_each(void (*fn)(const struct hypercall_handler *h, void *arg),
			  void *arg)
{
	unsigned int i;

	mutex_lock(&hc_lock);
	for (i = 0; i < hc_nslots; i++) {
		const struct hypercall_handler *h =
			rcu_dereference_protected(hc_slots[i], lockdep_is_held(&hc_lock));

		if (h)
			fn(h, arg);
	}
	mutex_unlock(&hc_lock);
}

int hypercall_register(struct hypercall_handler *h)
{
	struct hypercall_stats __percpu *stats;
	unsigned int i, free = HC_SLOTS;
	int ret = 0;

	if (!h || !h->call || !h->name || h->nr > U32_MAX)
		return -EINVAL;
	if (!hc_nr_allowed(h->nr)) {
		pr_err("%s: nr %lu is KVM's own; list it in kvm_nr_override to take it\n",
		       h->name, h->nr);
		return -EPERM;
	}

	stats = alloc_percpu(struct hypercall_stats);
	if (!stats)
		return -ENOMEM;

	mutex_lock(&hc_lock);
	for (i = 0; i < HC_SLOTS; i++) {
		const struct hypercall_handler *old =
			rcu_dereference_protected(hc_slots[i], lockdep_is_held(&hc_lock));

		if (!old && free == HC_SLOTS)
			free = i;
		else if (old && old->nr == h->nr)
			ret = -EBUSY;
	}
	if (!ret && free == HC_SLOTS)
		ret = -ENOSPC;
	if (!ret) {
		h->stats = stats;
		rcu_assign_pointer(hc_slots[free], h);
		if (free >= hc_nslots)
			WRITE_ONCE(hc_nslots, free + 1);
		hc_filter_rebuild();
	}
	mutex_unlock(&hc_lock);

	if (ret) {
		free_percpu(stats);
		pr_err("%s: cannot register nr %lu: %d\n", h->name, h->nr, ret);
		return ret;
	}
	pr_info("nr %lu answered by %s\n", h->nr, h->name);
	return 0;
}
EXPORT_SYMBOL_GPL(hypercall_register);

void hypercall_unregister(struct hypercall_handler *h)
{
	bool found = false;
	unsigned int i;

	mutex_lock(&hc_lock);
	for (i = 0; i < hc_nslots; i++) {
		if (rcu_access_pointer(hc_slots[i]) == h) {
			RCU_INIT_POINTER(hc_slots[i], NULL);
			found = true;
		}
	}
	hc_filter_rebuild();
	mutex_unlock(&hc_lock);

	if (!found) {
		pr_err("%s: nr %lu was not registered\n", h->name, h->nr);
		return;
	}
	/* hc_call_close() runs handlers with preemption disabled: RCU readers. */
	synchronize_rcu();
	free_percpu(h->stats);
	h->stats = NULL;
	pr_info("nr %lu no longer answered (%s)\n", h->nr, h->name);
}
EXPORT_SYMBOL_GPL(hypercall_unregister);
