/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls answered by a host program: what the vCPU side (forward.c)
 * and the device (hostdev.c) share.
 */

#ifndef HYPERCALL_FORWARD_H
#define HYPERCALL_FORWARD_H

#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/hypercall_hostdev.h>

struct cgroup;
struct pid;
struct pid_namespace;
struct seq_file;
struct hypercall_discover_entry;
struct hypercall_ctx;
struct hypercall_handler;
struct dentry;

/* Most requests one open file holds, queued or read. */
#define HC_QUEUE_MAX	16384

/* One open file of /dev/hypercall-host. */
struct hc_hostfile {
	struct kref ref;		/* the file, and each request */
	spinlock_t lock;		/* the rest */
	wait_queue_head_t readq;	/* readers and poll */
	struct list_head queue;		/* records not yet read */
	DECLARE_HASHTABLE(pending, 8);	/* requests read, by id */
	unsigned int nreq;		/* requests queued or read */
	bool dead;			/* closed: no request joins */
	struct list_head claims;	/* its claims, under hc_fwd_mutex */
	struct pid_namespace *ns;	/* the opener's, for vm_pid */
};

enum hc_req_state {
	HC_REQ_QUEUED,	/* in file->queue */
	HC_REQ_READ,	/* in file->pending, awaiting its answer */
	HC_REQ_DONE,	/* answered, or failed: the vCPU takes it */
};

/* A record to read: a call (@req set) or the notice that one was withdrawn. */
struct hc_rec {
	struct list_head node;
	struct hc_req *req;
	struct hypercall_host_msg msg;	/* and msg.in_len bytes */
};

/* One call waiting for its answer, owned by its vCPU. */
struct hc_req {
	refcount_t ref;			/* the vCPU's, and a reader's copying it */
	enum hc_req_state state;	/* under file->lock */
	struct hlist_node hnode;	/* in file->pending */
	wait_queue_head_t wq;		/* the vCPU waits here */
	struct hc_hostfile *file;
	struct pid *vm;			/* the VMM's thread group */
	s64 ret;			/* once DONE: the guest's answer */
	u32 out_len;
	void *out;			/* once DONE: the output, or NULL */
	struct hc_rec *rec;		/* the CALL record */
};

/* scope.c: which VMs a claim or a policy rule covers */
enum hc_scope_kind { HC_SCOPE_ALL, HC_SCOPE_PID, HC_SCOPE_CGROUP };

struct hc_scope {
	struct pid *pid;	/* a VMM's thread group, or NULL */
	struct cgroup *cgrp;	/* a cgroup v2 subtree, or NULL */
};

int hc_scope_get(struct hc_scope *s, enum hc_scope_kind kind, s32 vm_pid,
		 s32 cgroup_fd);
void hc_scope_put(struct hc_scope *s);
bool hc_scope_equal(const struct hc_scope *a, const struct hc_scope *b);
int hc_scope_match(const struct hc_scope *s);
void hc_scope_show(struct seq_file *m, const struct hc_scope *s);

/* policy.c */
int hc_policy_set(const struct hypercall_policy *p);

/* What a call needs of its claim, copied while the claim is there. */
struct hc_claim_view {
	struct hc_hostfile *file;	/* referenced */
	u64 id;
	u32 flags;
	u32 timeout_ms;
	u32 max_in;
	s64 timeout_ret;
};

/* forward.c */
bool hc_claim_view_get(u32 nr, struct hc_claim_view *v);
struct hc_req *hc_req_new(const struct hc_claim_view *v,
			  const struct hypercall_ctx *ctx, u32 in_len,
			  u32 out_max);
int hc_req_enqueue(struct hc_req *req);
bool hc_req_leave(struct hc_req *req, u32 reason);
int hc_claim_add(struct hc_hostfile *file, struct hypercall_claim *c);
int hc_claim_remove(struct hc_hostfile *file, u64 claim_id);
void hc_claims_drop(struct hc_hostfile *file);
void hc_req_put(struct hc_req *req);
void hc_hostfile_put(struct hc_hostfile *file);
void hc_req_finish(struct hc_req *req, s64 ret, void *out, u32 out_len);
int hc_forward_entry(const struct hypercall_handler *h,
		     struct hypercall_discover_entry *d);

/* discover.c */
int hc_discover_init(void);
void hc_discover_exit(void);
u32 hc_discover_nr(void);

/* fwd_stress.c: test only (debugfs "forward_stress") */
void hc_fwd_stress_init(struct dentry *dir);

/* hostdev.c */
int hc_hostdev_init(void);
void hc_hostdev_exit(void);

#endif /* HYPERCALL_FORWARD_H */
