// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test tools under /sys/kernel/debug/hypercall_bench/: "run" times
 * hypercalls in a kernel loop, "storm" issues them from every vCPU (with
 * "epoch", the host's unload windows), "hyperv" issues Hyper-V hypercalls.
 *
 * Root only, and any hypercall number: a tool for test guests, not
 * something to load on a production guest.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "bench.h"

#define BENCH_CMD_MAX	32
#define BENCH_LINE_MAX	128

static struct dentry *bench_dir;

static ssize_t bench_file_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct bench_file *f = file->private_data;
	char cmd[BENCH_CMD_MAX];
	int ret;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';

	mutex_lock(&f->lock);
	ret = f->store(cmd);
	mutex_unlock(&f->lock);
	return ret ? ret : len;
}

static ssize_t bench_file_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct bench_file *f = file->private_data;
	char line[BENCH_LINE_MAX];
	int n;

	mutex_lock(&f->lock);
	if (f->show)
		n = f->show(line, sizeof(line));
	else
		n = scnprintf(line, sizeof(line), "%lld\n", f->last);
	mutex_unlock(&f->lock);
	return simple_read_from_buffer(ubuf, len, ppos, line, n);
}

static const struct file_operations bench_file_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= bench_file_read,
	.write	= bench_file_write,
};

void bench_file_create(struct dentry *dir, struct bench_file *f)
{
	mutex_init(&f->lock);
	debugfs_create_file(f->name, 0600, dir, f, &bench_file_fops);
}

static int __init bench_init(void)
{
	if (!kvm_para_available()) {
		pr_err("not running on KVM, not loading\n");
		return -ENODEV;
	}
	bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	bench_file_create(bench_dir, &bench_timing_file);
	bench_file_create(bench_dir, &bench_storm_file);
	bench_file_create(bench_dir, &bench_epoch_file);
	bench_file_create(bench_dir, &bench_hyperv_file);
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
