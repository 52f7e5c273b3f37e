// SPDX-License-Identifier: GPL-2.0
/*
 * Per-number counters (per CPU, counted by hc_count()), and their debugfs
 * file:
 * /sys/kernel/debug/hypercall_hook/counters.
 * The hook's other debugfs files (policy, and the tests' stress,
 * forward_stress and no_restart) go in the same folder.
 */

#include <linux/debugfs.h>
#include <linux/hypercall_host.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>

#include "forward.h"
#include "hook.h"

static struct dentry *hc_debugfs_dir;
bool hc_no_restart;

static void hc_show_one(const struct hc_entry *e, void *arg)
{
	struct seq_file *m = arg;
	u64 sum[HC_NR_VERDICTS] = { 0 };
	int cpu, v;

	for_each_possible_cpu(cpu)
		for (v = 0; v < HC_NR_VERDICTS; v++)
			sum[v] += per_cpu_ptr(e->stats, cpu)->n[v];

	seq_printf(m, "%-10lu %-16s %12llu %12llu %12llu %12llu %12llu %12llu\n",
		   e->nr, e->h->name, sum[HC_HANDLED], sum[HC_PASSED],
		   sum[HC_REJECTED], sum[HC_DECLINED], sum[HC_RESTARTED],
		   sum[HC_FILTERED]);
}

static int hc_counters_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "%-10s %-16s %12s %12s %12s %12s %12s %12s\n", "nr",
		   "name", "handled", "passed", "rejected", "declined",
		   "restarted", "filtered");
	hc_registry_for_each(hc_show_one, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hc_counters);

void hc_counters_init(void)
{
	/* debugfs is optional: the hook works without it. */
	hc_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("counters", 0400, hc_debugfs_dir, NULL,
			    &hc_counters_fops);
	hc_stress_init(hc_debugfs_dir);
	hc_policy_init(hc_debugfs_dir);
	hc_fwd_stress_init(hc_debugfs_dir);
	debugfs_create_bool("no_restart", 0600, hc_debugfs_dir, &hc_no_restart);
}

void hc_counters_exit(void)
{
	debugfs_remove_recursive(hc_debugfs_dir);
}
