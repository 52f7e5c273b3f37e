// SPDX-License-Identifier: GPL-2.0
/*
 * Which VMs a claim or a policy rule covers: every VM, one VMM process (its
 * thread group, a struct pid, safe against pid reuse while held), or the
 * VMs whose calling vCPU thread is in a cgroup v2 subtree. A VM is known by
 * the thread that calls: the vCPU's, in its VMM.
 */

#include <linux/cgroup.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "forward.h"

int hc_scope_get(struct hc_scope *s, enum hc_scope_kind kind, s32 vm_pid,
		 s32 cgroup_fd)
{
	struct cgroup *cgrp;

	s->pid = NULL;
	s->cgrp = NULL;
	if ((kind != HC_SCOPE_PID && vm_pid) ||
	    (kind != HC_SCOPE_CGROUP && cgroup_fd))
		return -EINVAL;
	switch (kind) {
	case HC_SCOPE_ALL:
		return 0;
	case HC_SCOPE_PID:
		if (vm_pid <= 0)
			return -EINVAL;
		s->pid = find_get_pid(vm_pid);
		if (!s->pid || !pid_has_task(s->pid, PIDTYPE_TGID)) {
			put_pid(s->pid);
			s->pid = NULL;
			return -ESRCH;
		}
		return 0;
	case HC_SCOPE_CGROUP:
		cgrp = cgroup_get_from_fd(cgroup_fd);
		if (IS_ERR(cgrp))
			return -EBADF;
		s->cgrp = cgrp;
		return 0;
	}
	return -EINVAL;
}

void hc_scope_put(struct hc_scope *s)
{
	put_pid(s->pid);
	if (s->cgrp)
		cgroup_put(s->cgrp);
	s->pid = NULL;
	s->cgrp = NULL;
}

bool hc_scope_equal(const struct hc_scope *a, const struct hc_scope *b)
{
	return a->pid == b->pid && a->cgrp == b->cgrp;
}

/*
 * How closely @s covers the calling VM: 0 not at all, 1 as every VM, more
 * for a cgroup the deeper it lies, most for its VMM's own pid.
 */
int hc_scope_match(const struct hc_scope *s)
{
	bool in;

	if (s->pid)
		return s->pid == task_tgid(current) ? INT_MAX : 0;
	if (!s->cgrp)
		return 1;
	rcu_read_lock();
	in = cgroup_is_descendant(task_dfl_cgroup(current), s->cgrp);
	rcu_read_unlock();
	return in ? 2 + s->cgrp->level : 0;
}

/* For the debugfs listings: "all", "pid N" or "cgroup ID". */
void hc_scope_show(struct seq_file *m, const struct hc_scope *s)
{
	if (s->pid)
		seq_printf(m, "pid %d", pid_vnr(s->pid));
	else if (s->cgrp)
		seq_printf(m, "cgroup %llu", cgroup_id(s->cgrp));
	else
		seq_puts(m, "all");
}
