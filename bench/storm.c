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
 *   echo N > /sys/kernel/debug/hypercall_bench/epoch   # the host's epoch
 *
 * Ours must get their handler's answer; KVM's own must get 0. Ours may get
 * -KVM_ENOSYS (no handler there) only in a window where the host said it
 * may be unloading: the end-to-end tests' epoch, odd from just before an
 * unload to just after the reload (tests/sleep_storm.c reads the same file).
 * A guest process copies it into "epoch", one read of the host's file and
 * one write here at a time. Without any epoch written, the host is taken to
 * unload nothing. Anything else counts as wrong.
 *
 * A start creates a worker on every online CPU or none: should one fail,
 * the others are stopped again and "start" can be retried.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <uapi/linux/hypercall.h>

#include "bench.h"

struct storm_worker {
	struct task_struct *task;
	u64 calls, handled, enosys, wrong;
};

static struct storm_worker *storm_workers;
static unsigned int storm_nworkers;
static u64 storm_total[4];	/* calls, handled, enosys, wrong: last storm */

static unsigned int storm_fail_worker;
module_param(storm_fail_worker, uint, 0600);
MODULE_PARM_DESC(storm_fail_worker,
		 "Test only: the next storm start fails to create its Nth worker, as when out of memory (0: off)");

/*
 * The host's epoch and how many times it was written (the high half), in
 * one word, so that both are read together.
 */
static atomic64_t storm_epoch = ATOMIC64_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(storm_epoch_wq);

#define EPOCH_SEQ(e)	((u32)((e) >> 32))
#define EPOCH_VAL(e)	((u32)(e))

static u64 storm_epoch_get(void)
{
	return atomic64_read_acquire(&storm_epoch);
}

/*
 * May a batch of calls that began at epoch @e0, and has ended, have met an
 * unload? Yes if the epoch was odd when it began, or has moved since, as
 * read from the host's file by a read that began after the batch ended:
 * the second write from now (the next one's read may have begun before).
 */
static bool storm_in_window(u64 e0)
{
	u64 e1 = storm_epoch_get();
	u32 seq = EPOCH_SEQ(e1);

	if (!EPOCH_SEQ(e0))
		return false;	/* no epoch: the host unloads nothing */
	if (EPOCH_VAL(e0) & 1 || EPOCH_VAL(e1) != EPOCH_VAL(e0))
		return true;
	if (!wait_event_timeout(storm_epoch_wq,
				EPOCH_SEQ(storm_epoch_get()) - seq >= 2, 5 * HZ))
		return false;	/* nobody copies the epoch any more */
	return EPOCH_VAL(storm_epoch_get()) != EPOCH_VAL(e0);
}

/*
 * ours: a number a host module answers (want), or nobody (-KVM_ENOSYS) in
 * an unload window; @window: -1 until storm_in_window() was asked.
 */
static void storm_check(struct storm_worker *w, unsigned int nr, bool ours,
			long want, long ret, u64 e0, int *window)
{
	w->calls++;
	if (ret == want) {
		w->handled += ours;
		return;
	}
	if (ours && ret == -KVM_ENOSYS) {
		if (*window < 0)
			*window = storm_in_window(e0);
		if (*window) {
			w->enosys++;
			return;
		}
	}
	if (w->wrong++ < 3)
		pr_err("nr %u answered %ld, want %ld (epoch %u)\n", nr, ret, want,
		       EPOCH_VAL(e0));
}

static int storm_fn(void *data)
{
	struct storm_worker *w = data;
	unsigned long i = 0;
	long ret[5];
	int window;
	u64 e0;

	while (!kthread_should_stop()) {
		i++;
		e0 = storm_epoch_get();
		ret[0] = kvm_hypercall0(HYPERCALL_NR_HELLO0);
		ret[1] = kvm_hypercall1(HYPERCALL_NR_HELLO1, i);
		/* A handler in its own module: samples/host-info. */
		ret[2] = kvm_hypercall4(HYPERCALL_NR_HOST_INFO,
					HYPERCALL_HOST_INFO_ARG_SUM, i, 1, 2);
		ret[3] = kvm_hypercall0(KVM_HC_VAPIC_POLL_IRQ);
		/* a0: the APIC id to yield to; 0 always exists. */
		ret[4] = kvm_hypercall1(KVM_HC_SCHED_YIELD, 0);
		window = -1;
		storm_check(w, HYPERCALL_NR_HELLO0, true, 0, ret[0], e0, &window);
		storm_check(w, HYPERCALL_NR_HELLO1, true, 0, ret[1], e0, &window);
		storm_check(w, HYPERCALL_NR_HOST_INFO, true, i + 3, ret[2], e0, &window);
		storm_check(w, KVM_HC_VAPIC_POLL_IRQ, false, 0, ret[3], e0, &window);
		storm_check(w, KVM_HC_SCHED_YIELD, false, 0, ret[4], e0, &window);
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

static struct task_struct *storm_create(struct storm_worker *w, unsigned int cpu,
					unsigned int n)
{
	if (n == storm_fail_worker) {
		storm_fail_worker = 0;
		return ERR_PTR(-ENOMEM);
	}
	/* kthread_create_on_cpu() is not exported before 5.13. */
	return kthread_create(storm_fn, w, "hc_storm/%u", cpu);
}

static int storm_start(void)
{
	unsigned int cpu, i;
	int ret = 0;

	storm_workers = kcalloc(nr_cpu_ids, sizeof(*storm_workers), GFP_KERNEL);
	if (!storm_workers)
		return -ENOMEM;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		t = storm_create(&storm_workers[storm_nworkers], cpu, storm_nworkers + 1);
		if (IS_ERR(t)) {
			ret = PTR_ERR(t);
			break;
		}
		kthread_bind(t, cpu);
		storm_workers[storm_nworkers++].task = t;
	}
	cpus_read_unlock();
	if (ret) {
		/* Created, never woken: they stop before running storm_fn(). */
		pr_err("storm: cannot start a worker on every CPU (%d): none started\n", ret);
		storm_stop();
		return ret;
	}
	for (i = 0; i < storm_nworkers; i++)
		wake_up_process(storm_workers[i].task);
	return 0;
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

static int epoch_store(const char *cmd)
{
	u64 e = storm_epoch_get();
	u32 val;
	int ret;

	ret = kstrtou32(cmd, 0, &val);
	if (ret)
		return ret;
	atomic64_set_release(&storm_epoch, (u64)(EPOCH_SEQ(e) + 1) << 32 | val);
	wake_up_all(&storm_epoch_wq);
	return 0;
}

static int epoch_show(char *buf, size_t size)
{
	u64 e = storm_epoch_get();

	return scnprintf(buf, size, "epoch %u writes %u\n", EPOCH_VAL(e), EPOCH_SEQ(e));
}

struct bench_file bench_epoch_file = {
	.name	= "epoch",
	.store	= epoch_store,
	.show	= epoch_show,
};

void bench_storm_exit(void)
{
	mutex_lock(&bench_storm_file.lock);
	storm_stop();
	mutex_unlock(&bench_storm_file.lock);
}
