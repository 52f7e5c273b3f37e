// SPDX-License-Identifier: GPL-2.0
/*
 * A hypercall storm from every online vCPU: HELLO0, HELLO1, the sample's
 * host_info and KVM's own KVM_HC_VAPIC_POLL_IRQ and KVM_HC_SCHED_YIELD, in a
 * loop, each answer checked. Used while the host unloads and reloads the
 * sample's module and the hook.
 *
 *   echo start > /sys/kernel/debug/hypercall_bench/storm
 *   echo stop > /sys/kernel/debug/hypercall_bench/storm
 *   cat /sys/kernel/debug/hypercall_bench/storm
 *
 * Ours must get their handler's answer or -KVM_ENOSYS (no handler there);
 * KVM's own must get 0. Anything else counts as wrong.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/hypercall.h>

#include "bench.h"

struct storm_worker {
	struct task_struct *task;
	u64 calls, handled, enosys, wrong;
};

static struct storm_worker *storm_workers;
static unsigned int storm_nworkers;
static u64 storm_total[4];	/* calls, handled, enosys, wrong: last storm */

/* ours: a number a host module answers (want), or nobody (-KVM_ENOSYS). */
static void storm_check(struct storm_worker *w, unsigned int nr, bool ours,
			long want, long ret)
{
	w->calls++;
	if (ret == want)
		w->handled += ours;
	else if (ours && ret == -KVM_ENOSYS)
		w->enosys++;
	else if (w->wrong++ < 3)
		pr_err("nr %u answered %ld, want %ld\n", nr, ret, want);
}

static int storm_fn(void *data)
{
	struct storm_worker *w = data;
	unsigned long i = 0;

	while (!kthread_should_stop()) {
		i++;
		storm_check(w, HYPERCALL_NR_HELLO0, true, 0,
			    kvm_hypercall0(HYPERCALL_NR_HELLO0));
		storm_check(w, HYPERCALL_NR_HELLO1, true, 0,
			    kvm_hypercall1(HYPERCALL_NR_HELLO1, i));
		/* A handler in its own module: samples/host-info. */
		storm_check(w, HYPERCALL_NR_HOST_INFO, true, i + 3,
			    kvm_hypercall4(HYPERCALL_NR_HOST_INFO,
					   HYPERCALL_HOST_INFO_ARG_SUM, i, 1, 2));
		storm_check(w, KVM_HC_VAPIC_POLL_IRQ, false, 0,
			    kvm_hypercall0(KVM_HC_VAPIC_POLL_IRQ));
		/* a0: the APIC id to yield to; 0 always exists. */
		storm_check(w, KVM_HC_SCHED_YIELD, false, 0,
			    kvm_hypercall1(KVM_HC_SCHED_YIELD, 0));
		cond_resched();
	}
	return 0;
}

static void storm_stop(void)
{
	unsigned int i;

	memset(storm_total, 0, sizeof(storm_total));
	for (i = 0; i < storm_nworkers; i++) {
		struct storm_worker *w = &storm_workers[i];

		if (w->task)
			kthread_stop(w->task);
		storm_total[0] += w->calls;
		storm_total[1] += w->handled;
		storm_total[2] += w->enosys;
		storm_total[3] += w->wrong;
	}
	kfree(storm_workers);
	storm_workers = NULL;
	storm_nworkers = 0;
}

static int storm_start(void)
{
	unsigned int cpu, i = 0;

	storm_workers = kcalloc(nr_cpu_ids, sizeof(*storm_workers), GFP_KERNEL);
	if (!storm_workers)
		return -ENOMEM;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		/* kthread_create_on_cpu() is not exported before 5.13. */
		t = kthread_create(storm_fn, &storm_workers[i], "hc_storm/%u", cpu);
		if (IS_ERR(t))
			break;
		kthread_bind(t, cpu);
		storm_workers[i++].task = t;
		wake_up_process(t);
	}
	cpus_read_unlock();
	storm_nworkers = i;
	return i ? 0 : -ENOMEM;
}

static int storm_store(const char *cmd)
{
	if (sysfs_streq(cmd, "start"))
		return storm_workers ? -EBUSY : storm_start();
	if (sysfs_streq(cmd, "stop")) {
		storm_stop();
		return 0;
	}
	return -EINVAL;
}

static int storm_show(char *buf, size_t size)
{
	return scnprintf(buf, size, "calls %llu handled %llu enosys %llu wrong %llu\n",
			 storm_total[0], storm_total[1], storm_total[2], storm_total[3]);
}

struct bench_file bench_storm_file = {
	.name	= "storm",
	.store	= storm_store,
	.show	= storm_show,
};

void bench_storm_exit(void)
{
	mutex_lock(&bench_storm_file.lock);
	storm_stop();
	mutex_unlock(&bench_storm_file.lock);
}
