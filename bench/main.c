// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test tools under /sys/kernel/debug/hypercall_bench/: "run" times
 * hypercalls in a kernel loop, "storm" issues them from every vCPU, "hyperv"
 * issues a Hyper-V hypercall.
 *
 * Root only, and any hypercall number: a tool for test guests, not
 * something to load on a production guest.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kvm_para.h>
#include <linux/module.h>

#include "bench.h"

static struct dentry *bench_dir;

static int __init bench_init(void)
{
	if (!kvm_para_available()) {
		pr_err("not running on KVM, not loading\n");
		return -ENODEV;
	}
	bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	bench_timing_init(bench_dir);
	bench_storm_init(bench_dir);
	bench_hyperv_init(bench_dir);
	return 0;
}
module_init(bench_init);

static void __exit bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	bench_storm_exit();
}
module_exit(bench_exit);

MODULE_DESCRIPTION("Guest test tools: time KVM hypercalls, storm them from every vCPU");
MODULE_LICENSE("GPL");
