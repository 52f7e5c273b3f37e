// SPDX-License-Identifier: GPL-2.0
/*
 * Per-VM policy: a number with rules answers only the VMs a rule admits;
 * the others get KVM's own -KVM_ENOSYS, as if nothing answered it. Rules
 * are kept by number, apart from the registry, so that they hold for a
 * kernel module's number, a program's and discovery's alike, and outlive a
 * module's reload.
 *
 * Readers are every call of a registered number (hc_dispatch()) and the
 * discovery table: under RCU, and only past one read of hc_policy_rules
 * while no rule exists. Writers take hc_policy_lock.
 */

#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "forward.h"
#include "hook.h"

#define HC_POLICY_MAX	256

struct hc_rule {
	struct list_head node;
	u32 nr;
	struct hc_scope scope;
	struct rcu_head rcu;
};

static LIST_HEAD(hc_rules);
static DEFINE_MUTEX(hc_policy_lock);
unsigned int hc_policy_rules;	/* written under hc_policy_lock */

/* hc_policy_admits(), once some rule exists. */
bool hc_policy_admits_ruled(u32 nr)
{
	struct hc_rule *r;
	bool ruled = false, in = false;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &hc_rules, node) {
		if (r->nr != nr)
			continue;
		ruled = true;
		if (hc_scope_match(&r->scope)) {
			in = true;
			break;
		}
	}
	rcu_read_unlock();
	return in || !ruled;
}

static void hc_rule_free(struct rcu_head *rcu)
{
	struct hc_rule *r = container_of(rcu, struct hc_rule, rcu);

	hc_scope_put(&r->scope);
	kfree(r);
}

/* Caller holds hc_policy_lock. */
static void hc_rule_del(struct hc_rule *r)
{
	list_del_rcu(&r->node);
	WRITE_ONCE(hc_policy_rules, hc_policy_rules - 1);
	call_rcu(&r->rcu, hc_rule_free);
}

static struct hc_rule *hc_rule_find(u32 nr, const struct hc_scope *s)
{
	struct hc_rule *r;

	list_for_each_entry(r, &hc_rules, node)
		if (r->nr == nr && hc_scope_equal(&r->scope, s))
			return r;
	return NULL;
}

static int hc_policy_reset(u32 nr)
{
	struct hc_rule *r, *tmp;

	list_for_each_entry_safe(r, tmp, &hc_rules, node)
		if (r->nr == nr)
			hc_rule_del(r);
	return 0;
}

static int hc_policy_change(const struct hypercall_policy *p, struct hc_scope *s)
{
	struct hc_rule *r = hc_rule_find(p->nr, s);

	if (p->action == HYPERCALL_POLICY_REMOVE) {
		if (!r)
			return -ENOENT;
		hc_rule_del(r);
		return 0;
	}
	if (r)
		return -EEXIST;
	if (hc_policy_rules >= HC_POLICY_MAX)
		return -ENOSPC;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->nr = p->nr;
	r->scope = *s;
	s->pid = NULL;
	s->cgrp = NULL;
	list_add_tail_rcu(&r->node, &hc_rules);
	WRITE_ONCE(hc_policy_rules, hc_policy_rules + 1);
	return 0;
}

int hc_policy_set(const struct hypercall_policy *p)
{
	struct hc_scope s;
	int ret;

	if (p->reserved || p->reserved2)
		return -EINVAL;
	if (p->action == HYPERCALL_POLICY_RESET) {
		if (p->scope || p->vm_pid || p->cgroup_fd)
			return -EINVAL;
		mutex_lock(&hc_policy_lock);
		ret = hc_policy_reset(p->nr);
		goto out;
	}
	if (p->action != HYPERCALL_POLICY_ALLOW &&
	    p->action != HYPERCALL_POLICY_REMOVE)
		return -EINVAL;
	if (p->scope != HYPERCALL_SCOPE_PID && p->scope != HYPERCALL_SCOPE_CGROUP)
		return -EINVAL;
	ret = hc_scope_get(&s, p->scope == HYPERCALL_SCOPE_PID ? HC_SCOPE_PID :
			   HC_SCOPE_CGROUP, p->vm_pid, p->cgroup_fd);
	if (ret)
		return ret;
	mutex_lock(&hc_policy_lock);
	ret = hc_policy_change(p, &s);
	hc_scope_put(&s);
out:
	if (!ret)
		atomic64_inc(&hc_generation);
	mutex_unlock(&hc_policy_lock);
	return ret;
}

static int hc_policy_show(struct seq_file *m, void *unused)
{
	struct hc_rule *r;

	mutex_lock(&hc_policy_lock);
	list_for_each_entry(r, &hc_rules, node) {
		seq_printf(m, "%u ", r->nr);
		hc_scope_show(m, &r->scope);
		seq_putc(m, '\n');
	}
	mutex_unlock(&hc_policy_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hc_policy);

void hc_policy_init(struct dentry *dir)
{
	debugfs_create_file("policy", 0400, dir, NULL, &hc_policy_fops);
}

/* Once no call can run. */
void hc_policy_exit(void)
{
	struct hc_rule *r, *tmp;

	mutex_lock(&hc_policy_lock);
	list_for_each_entry_safe(r, tmp, &hc_rules, node)
		hc_rule_del(r);
	mutex_unlock(&hc_policy_lock);
	rcu_barrier();
}
