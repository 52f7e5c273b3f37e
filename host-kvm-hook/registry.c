// SPDX-License-Identifier: GPL-2.0
/*
 * Who answers which hypercall number: the table behind hypercall_register().
 *
 * Readers are the hook's redirect, in the calling vCPU's thread, where a
 * handler may sleep: they hold hc_srcu (SRCU, which allows sleeping) for the
 * whole redirect. Writers take a mutex and wait for readers with
 * synchronize_srcu(), so that a handler's module can leave as soon as
 * hypercall_unregister() returns.
 *
 * Every hypercall on the host that ftrace sends our way asks
 * hc_registry_maybe() first, so that is one bit test: hc_filter has a bit
 * per number modulo its size, set for every registered number (a stale or
 * shared bit only costs a redirect).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/hypercall_host.h>

#include "hook.h"

/* KVM defines 1 to 12 (KVM_HC_MAP_GPA_RANGE) up to Linux 7.3. */
#define HC_KVM_NR_MAX	12
#define HC_SLOTS	64

static struct hc_entry __rcu *hc_slots[HC_SLOTS];
DECLARE_BITMAP(hc_filter, HC_FILTER_BITS);
static unsigned int hc_nslots;	/* slots ever used: readers scan these */
static DEFINE_MUTEX(hc_lock);
struct srcu_struct hc_srcu;
atomic64_t hc_generation;

static unsigned long kvm_nr_override[HC_KVM_NR_MAX] = { 12 };
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

static struct hc_entry *hc_slot(unsigned int i)
{
	return rcu_dereference_protected(hc_slots[i], lockdep_is_held(&hc_lock));
}

/* Caller holds hc_lock. */
static void hc_filter_rebuild(void)
{
	DECLARE_BITMAP(f, HC_FILTER_BITS);
	unsigned int i;

	bitmap_zero(f, HC_FILTER_BITS);
	for (i = 0; i < hc_nslots; i++)
		if (hc_slot(i))
			__set_bit(hc_filter_bit(hc_slot(i)->nr), f);
	/* Word by word: a reader may see a mix, which only costs a lookup. */
	for (i = 0; i < BITS_TO_LONGS(HC_FILTER_BITS); i++)
		WRITE_ONCE(hc_filter[i], f[i]);
}

/* Caller holds hc_srcu. */
struct hc_entry *hc_registry_find(u32 nr)
{
	unsigned int i, n = READ_ONCE(hc_nslots);
	struct hc_entry *e;

	for (i = 0; i < n; i++) {
		e = srcu_dereference(hc_slots[i], &hc_srcu);
		if (e && e->nr == nr)
			return e;
	}
	return NULL;
}

void hc_registry_for_each(void (*fn)(const struct hc_entry *e, void *arg),
			  void *arg)
{
	unsigned int i;

	mutex_lock(&hc_lock);
	for (i = 0; i < hc_nslots; i++)
		if (hc_slot(i))
			fn(hc_slot(i), arg);
	mutex_unlock(&hc_lock);
}

int __hypercall_register(struct hypercall_handler *h, struct module *owner)
{
	unsigned int i, free = HC_SLOTS;
	struct hc_entry *e;
	int ret = 0;

	if (!h || !h->call || !h->name || h->nr > U32_MAX)
		return -EINVAL;
	if (!hc_nr_allowed(h->nr)) {
		pr_err("%s: nr %lu is KVM's own; list it in kvm_nr_override to take it\n",
		       h->name, h->nr);
		return -EPERM;
	}

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->stats = alloc_percpu(struct hypercall_stats);
	if (!e->stats) {
		kfree(e);
		return -ENOMEM;
	}
	e->h = h;
	e->nr = h->nr;
	e->owner = owner;

	mutex_lock(&hc_lock);
	for (i = 0; i < HC_SLOTS; i++) {
		if (!hc_slot(i) && free == HC_SLOTS)
			free = i;
		else if (hc_slot(i) && (hc_slot(i)->nr == h->nr || hc_slot(i)->h == h))
			ret = -EBUSY;
	}
	if (!ret && free == HC_SLOTS)
		ret = -ENOSPC;
	if (!ret) {
		rcu_assign_pointer(hc_slots[free], e);
		if (free >= hc_nslots)
			WRITE_ONCE(hc_nslots, free + 1);
		hc_filter_rebuild();
		atomic64_inc(&hc_generation);
	}
	mutex_unlock(&hc_lock);

	if (ret) {
		free_percpu(e->stats);
		kfree(e);
		pr_err("%s: cannot register nr %lu: %d\n", h->name, h->nr, ret);
		return ret;
	}
	pr_info("nr %lu answered by %s\n", h->nr, h->name);
	return 0;
}
EXPORT_SYMBOL_GPL(__hypercall_register);

/* Takes out of the table the entries @match picks; caller holds hc_lock. */
static unsigned int hc_take(bool (*match)(const struct hc_entry *e, const void *key),
			    const void *key, struct hc_entry **taken)
{
	unsigned int i, n = 0;

	for (i = 0; i < hc_nslots; i++) {
		if (hc_slot(i) && match(hc_slot(i), key)) {
			taken[n++] = hc_slot(i);
			RCU_INIT_POINTER(hc_slots[i], NULL);
		}
	}
	if (n) {
		hc_filter_rebuild();
		atomic64_inc(&hc_generation);
	}
	return n;
}

/* Once no reader can reach them: no call of theirs runs, none can start. */
static void hc_release(struct hc_entry **taken, unsigned int n)
{
	unsigned int i;

	if (!n)
		return;
	synchronize_srcu(&hc_srcu);
	for (i = 0; i < n; i++) {
		free_percpu(taken[i]->stats);
		kfree(taken[i]);
	}
}

static bool hc_is_handler(const struct hc_entry *e, const void *h)
{
	return e->h == h;
}

void hypercall_unregister(struct hypercall_handler *h)
{
	struct hc_entry *taken[1];
	unsigned int n;

	mutex_lock(&hc_lock);
	n = hc_take(hc_is_handler, h, taken);
	mutex_unlock(&hc_lock);

	if (!n) {
		pr_err("%s: nr %lu was not registered\n", h->name, h->nr);
		return;
	}
	hc_release(taken, n);
	pr_info("nr %lu no longer answered (%s)\n", h->nr, h->name);
}
EXPORT_SYMBOL_GPL(hypercall_unregister);

static bool hc_is_owned(const struct hc_entry *e, const void *mod)
{
	return e->owner == mod;
}

/*
 * A module that leaves, or whose init failed, with handlers still
 * registered: they go now, while its text is still there, so that no guest
 * can call into a module that is gone.
 */
static int hc_module_going(struct notifier_block *nb, unsigned long state,
			   void *data)
{
	struct hc_entry *taken[HC_SLOTS];
	struct module *mod = data;
	unsigned int i, n;

	if (state != MODULE_STATE_GOING)
		return NOTIFY_OK;
	mutex_lock(&hc_lock);
	n = hc_take(hc_is_owned, mod, taken);
	mutex_unlock(&hc_lock);
	for (i = 0; i < n; i++)
		pr_warn("%s left nr %lu (%s) registered: unregistered now\n",
			mod->name, taken[i]->nr, taken[i]->h->name);
	hc_release(taken, n);
	return NOTIFY_OK;
}

static struct notifier_block hc_module_nb = {
	.notifier_call = hc_module_going,
};

int hc_registry_init(void)
{
	int ret;

	ret = init_srcu_struct(&hc_srcu);
	if (ret)
		return ret;
	ret = register_module_notifier(&hc_module_nb);
	if (ret)
		cleanup_srcu_struct(&hc_srcu);
	return ret;
}

/* Once the hook is gone; handler modules depend on ours, so none is left. */
void hc_registry_exit(void)
{
	unregister_module_notifier(&hc_module_nb);
	cleanup_srcu_struct(&hc_srcu);
}
