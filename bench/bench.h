/* SPDX-License-Identifier: GPL-2.0 */
/* The guest test tools: a timing loop, a hypercall storm, a Hyper-V call. */

#ifndef HYPERCALL_BENCH_H
#define HYPERCALL_BENCH_H

#include <linux/mutex.h>
#include <linux/types.h>

struct dentry;

/**
 * struct bench_file - a tool's debugfs file: a command in, a line out
 * @name: the file's name
 * @lock: serializes the tool's commands and reads (set up on creation)
 * @store: runs the command written (NUL-terminated), under @lock; 0 or -errno
 * @show: prints the tool's last result into @buf, under @lock, and returns
 *	its length; NULL to print @last
 * @last: the last command's result, where one number says it
 */
struct bench_file {
	const char *name;
	struct mutex lock;	/* one command or read at a time */
	int (*store)(const char *cmd);
	int (*show)(char *buf, size_t size);
	s64 last;
};

void bench_file_create(struct dentry *dir, struct bench_file *f);

extern struct bench_file bench_timing_file, bench_storm_file, bench_epoch_file,
	bench_hyperv_file;
void bench_storm_exit(void);

#endif /* HYPERCALL_BENCH_H */
