/* SPDX-License-Identifier: GPL-2.0 */
/* The guest test tools: a timing loop, a hypercall storm, a Hyper-V call. */

#ifndef HYPERCALL_BENCH_H
#define HYPERCALL_BENCH_H

struct dentry;

void bench_timing_init(struct dentry *dir);
void bench_storm_init(struct dentry *dir);
void bench_storm_exit(void);
void bench_hyperv_init(struct dentry *dir);

#endif /* HYPERCALL_BENCH_H */
