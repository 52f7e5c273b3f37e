// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls answered by a host program, the vCPU's side: the claims that
 * programs made through /dev/hypercall-host (hostdev.c), and the handler
 * that sends a call to the right one and waits for its answer.
 *
 * A number with claims is registered once, with hc_fwd_call() as its
 * handler, like any module's number: KVM's rules still run first, and the
 * lookup, counters, policy and trace event are the registry's. Among the
 * number's claims, one for the calling VMM's pid wins, then one for the
 * deepest cgroup holding the vCPU thread, then one for every VM.
 *
 * The vCPU waits in its own thread, as KVM's handlers run: out of KVM's
 * kvm->srcu read side (hc_point_sleep_begin()), so that the VMM's memslot
 * changes do not wait for a slow program, and interruptibly, so that a
 * signal (the VMM pausing the VM) is never held up: the request is then
 * withdrawn and the guest sent back before its call, which it makes again
 * when it runs next (HYPERCALL_RESTART).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/kvm_host.h>
#include <linux/kvm_para.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/hypercall_host.h>

#include "forward.h"
#include "hook.h"

/* Most claims one open file makes. */
#define HC_FILE_CLAIMS_MAX	256

/* One claimed number: registered once, whatever its claims. */
struct hc_fwd_nr {
	struct hypercall_handler h;
	struct list_head claims;	/* under hc_fwd_lock */
	struct list_head node;		/* in hc_fwd_nrs */
	char name[sizeof_field(struct hypercall_claim, name)];
};

struct hc_claim {
	struct list_head nr_node;	/* in its number's claims, hc_fwd_lock */
	struct list_head file_node;	/* in its file's claims, hc_fwd_mutex */
	struct hc_fwd_nr *fn;
	struct hc_hostfile *file;
	struct hc_scope scope;
	u64 id;
	u32 flags;
	u32 timeout_ms;
	u32 max_in;
	s64 timeout_ret;
	char name[sizeof_field(struct hypercall_claim, name)];
};

static DEFINE_MUTEX(hc_fwd_mutex);	/* claims made and dropped */
static DEFINE_SPINLOCK(hc_fwd_lock);	/* numbers' claim lists */
static LIST_HEAD(hc_fwd_nrs);		/* under hc_fwd_mutex */
static u64 hc_claim_next;		/* under hc_fwd_mutex */
static atomic64_t hc_req_next;

static void hc_hostfile_free(struct kref *ref)
{
	struct hc_hostfile *file = container_of(ref, struct hc_hostfile, ref);

	put_pid_ns(file->ns);
	kfree(file);
}

void hc_hostfile_put(struct hc_hostfile *file)
{
	kref_put(&file->ref, hc_hostfile_free);
}

void hc_req_put(struct hc_req *req)
{
	if (!refcount_dec_and_test(&req->ref))
		return;
	hc_hostfile_put(req->file);
	put_pid(req->vm);
	kvfree(req->out);
	kvfree(req->rec);
	kfree(req);
}

/*
 * The call's end, whoever decides it: its answer, or a failure. Caller
 * holds file->lock and has taken @req out of the queue or pending table.
 */
void hc_req_finish(struct hc_req *req, s64 ret, void *out, u32 out_len)
{
	req->ret = ret;
	req->out = out;
	req->out_len = out_len;
	WRITE_ONCE(req->state, HC_REQ_DONE);
	wake_up(&req->wq);
}

static struct hc_fwd_nr *hc_fwd_nr_find(u32 nr);
static bool hc_claim_pick(struct hc_fwd_nr *fn, struct hc_claim_view *v);

/* The claim of @nr that covers the caller, for fwd_stress.c. */
bool hc_claim_view_get(u32 nr, struct hc_claim_view *v)
{
	struct hc_fwd_nr *fn;
	bool found;

	mutex_lock(&hc_fwd_mutex);
	fn = hc_fwd_nr_find(nr);
	found = fn && hc_claim_pick(fn, v);
	mutex_unlock(&hc_fwd_mutex);
	return found;
}

/*
 * The claim that covers the calling VM most closely, or NULL. Caller holds
 * hc_fwd_lock.
 */
static struct hc_claim *hc_claim_best(struct hc_fwd_nr *fn)
{
	struct hc_claim *c, *best = NULL;
	int score, best_score = 0;

	list_for_each_entry(c, &fn->claims, nr_node) {
		score = hc_scope_match(&c->scope);
		if (score > best_score) {
			best = c;
			best_score = score;
		}
	}
	return best;
}

static bool hc_claim_pick(struct hc_fwd_nr *fn, struct hc_claim_view *v)
{
	struct hc_claim *c;

	spin_lock(&hc_fwd_lock);
	c = hc_claim_best(fn);
	if (c) {
		kref_get(&c->file->ref);
		v->file = c->file;
		v->id = c->id;
		v->flags = c->flags;
		v->timeout_ms = c->timeout_ms;
		v->max_in = c->max_in;
		v->timeout_ret = c->timeout_ret;
	}
	spin_unlock(&hc_fwd_lock);
	return c;
}

struct hc_req *hc_req_new(const struct hc_claim_view *v,
			  const struct hypercall_ctx *ctx, u32 in_len,
			  u32 out_max)
{
	struct hypercall_host_msg *m;
	struct hc_req *req;
	unsigned int i;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return NULL;
	req->rec = kvzalloc(sizeof(*req->rec) + ALIGN(in_len, 8), GFP_KERNEL);
	if (!req->rec) {
		kfree(req);
		return NULL;
	}
	refcount_set(&req->ref, 1);
	init_waitqueue_head(&req->wq);
	INIT_HLIST_NODE(&req->hnode);
	INIT_LIST_HEAD(&req->rec->node);
	req->rec->req = req;
	kref_get(&v->file->ref);
	req->file = v->file;
	req->vm = get_pid(task_tgid(current));

	m = &req->rec->msg;
	m->size = sizeof(*m) + ALIGN(in_len, 8);
	m->type = HYPERCALL_HOST_MSG_CALL;
	m->flags = ctx->long_mode ? HYPERCALL_HOST_MSG_LONG_MODE : 0;
	m->claim_id = v->id;
	m->nr = ctx->nr;
	m->vcpu_id = ctx->vcpu_id;
	for (i = 0; i < ARRAY_SIZE(m->args); i++)
		m->args[i] = ctx->args[i];
	m->in_len = in_len;
	m->out_max = out_max;
	return req;
}

/* 0, or -ENOENT (the file is closing), -EAGAIN (its queue is full). */
int hc_req_enqueue(struct hc_req *req)
{
	struct hc_hostfile *file = req->file;
	int err = 0;

	spin_lock(&file->lock);
	if (file->dead)
		err = -ENOENT;
	else if (file->nreq >= HC_QUEUE_MAX)
		err = -EAGAIN;
	if (err) {
		spin_unlock(&file->lock);
		return err;
	}
	req->rec->msg.id = atomic64_inc_return(&hc_req_next);
	req->state = HC_REQ_QUEUED;
	list_add_tail(&req->rec->node, &file->queue);
	file->nreq++;
	spin_unlock(&file->lock);
	wake_up_interruptible(&file->readq);
	return 0;
}

/*
 * The vCPU stops waiting: answered, or not (@reason: why it gives up).
 * A request the program has read gets a CANCEL record, so that the
 * program knows its answer is no longer awaited (it would get ENOENT).
 * Returns whether it was answered.
 */
bool hc_req_leave(struct hc_req *req, u32 reason)
{
	struct hc_hostfile *file = req->file;
	struct hc_rec *note = NULL;
	bool answered;

	/*
	 * A CANCEL only for a call not answered: DONE never changes back, so
	 * an answered call (the common end) allocates nothing.
	 */
	if (READ_ONCE(req->state) != HC_REQ_DONE)
		note = kzalloc(sizeof(*note), GFP_KERNEL);
	spin_lock(&file->lock);
	file->nreq--;
	answered = req->state == HC_REQ_DONE;
	if (req->state == HC_REQ_QUEUED)
		list_del_init(&req->rec->node);
	if (req->state == HC_REQ_READ) {
		hash_del(&req->hnode);
		if (note) {
			note->msg = req->rec->msg;
			note->msg.size = sizeof(note->msg);
			note->msg.type = HYPERCALL_HOST_MSG_CANCEL;
			note->msg.in_len = 0;
			note->msg.reason = reason;
			list_add_tail(&note->node, &file->queue);
			note = NULL;
			wake_up_interruptible(&file->readq);
		}
	}
	req->state = HC_REQ_DONE;
	spin_unlock(&file->lock);
	kfree(note);
	return answered;
}

/* The program's output to the guest's output buffer (a2). */
static void hc_req_output(struct hc_req *req, struct hypercall_ctx *ctx)
{
	int err;

	ctx->ret = req->ret;
	if (!req->out_len)
		return;
	err = hypercall_write_guest(ctx, ctx->args[2], req->out, req->out_len);
	if (err)
		ctx->ret = hypercall_kvm_error(err);
}

static int hc_forward(const struct hc_claim_view *v, struct hypercall_ctx *ctx)
{
	u32 in_len = 0, out_max = 0;
	struct hc_req *req;
	int err, ret = 0;
	long left;

	/*
	 * A signal: the vCPU goes back before the call (where it cannot, the
	 * hook gives the guest -HYPERCALL_EAGAIN).
	 */
	if (signal_pending(current))
		return HYPERCALL_RESTART;
	if (v->flags & HYPERCALL_CLAIM_BUF) {
		if (ctx->args[1] > v->max_in) {
			ctx->ret = -KVM_E2BIG;
			return 0;
		}
		in_len = ctx->args[1];
		out_max = min_t(unsigned long, ctx->args[3], HYPERCALL_HOST_DATA_MAX);
	}
	req = hc_req_new(v, ctx, in_len, out_max);
	if (!req) {
		ctx->ret = -HYPERCALL_EAGAIN;
		return 0;
	}
	err = in_len ? hypercall_read_guest(ctx, ctx->args[0],
					    req->rec->msg.data, in_len) : 0;
	if (err) {
		ctx->ret = hypercall_kvm_error(err);
		goto out;
	}
	err = hc_req_enqueue(req);
	if (err) {
		ctx->ret = err == -ENOENT ? -KVM_ENOSYS : -HYPERCALL_EAGAIN;
		goto out;
	}

	hc_point_sleep_begin(ctx->vcpu);
	left = wait_event_interruptible_timeout(req->wq,
						READ_ONCE(req->state) == HC_REQ_DONE,
						msecs_to_jiffies(v->timeout_ms));
	hc_point_sleep_end(ctx->vcpu);

	/* An answer that came, even with a signal, is the guest's. */
	if (hc_req_leave(req, left ? HYPERCALL_CANCEL_RESTART : HYPERCALL_CANCEL_TIMEOUT))
		hc_req_output(req, ctx);
	else if (left)
		ret = HYPERCALL_RESTART;
	else
		ctx->ret = v->flags & HYPERCALL_CLAIM_TIMEOUT_RET ?
			   v->timeout_ret : -HYPERCALL_ETIMEDOUT;
out:
	hc_req_put(req);
	return ret;
}

static int hc_fwd_call(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	struct hc_fwd_nr *fn = container_of(h, struct hc_fwd_nr, h);
	struct hc_claim_view v;
	int ret;

	/* No claim for this VM: as if the number were not there. */
	if (!hc_claim_pick(fn, &v))
		return HYPERCALL_DECLINE;
	ret = hc_forward(&v, ctx);
	hc_hostfile_put(v.file);
	return ret;
}

/*
 * For discovery (discover.c): @d filled for a program's number that the
 * calling VM may call (1), -ENOENT for one it may not, 0 for a kernel
 * module's number. Caller holds hc_srcu, so @h stays.
 */
int hc_forward_entry(const struct hypercall_handler *h,
		     struct hypercall_discover_entry *d)
{
	struct hc_fwd_nr *fn = container_of(h, struct hc_fwd_nr, h);
	struct hc_claim *c;

	if (h->call != hc_fwd_call)
		return 0;
	spin_lock(&hc_fwd_lock);
	c = hc_claim_best(fn);
	if (c) {
		d->nr = fn->h.nr;
		d->kind = HYPERCALL_DISCOVER_PROGRAM;
		if (c->flags & HYPERCALL_CLAIM_BUF) {
			d->flags = HYPERCALL_DISCOVER_BUF;
			d->max_in = c->max_in;
		}
		strscpy(d->name, c->name, sizeof(d->name));
	}
	spin_unlock(&hc_fwd_lock);
	return c ? 1 : -ENOENT;
}

static int hc_claim_check(struct hypercall_claim *c)
{
	const u32 flags = HYPERCALL_CLAIM_PID | HYPERCALL_CLAIM_CGROUP |
			  HYPERCALL_CLAIM_BUF | HYPERCALL_CLAIM_TIMEOUT_RET;
	const u32 scopes = HYPERCALL_CLAIM_PID | HYPERCALL_CLAIM_CGROUP;

	if ((c->flags & ~flags) || (c->flags & scopes) == scopes ||
	    !memchr(c->name, 0, sizeof(c->name)) ||
	    c->timeout_ms > HYPERCALL_CLAIM_TIMEOUT_MAX_MS ||
	    c->max_in > HYPERCALL_HOST_DATA_MAX ||
	    (!(c->flags & HYPERCALL_CLAIM_TIMEOUT_RET) && c->timeout_ret))
		return -EINVAL;
	/* KVM's own numbers, 0 to 12 and its future ones, are not a program's. */
	if (c->nr <= 12)
		return -EPERM;
	return 0;
}

static struct hc_fwd_nr *hc_fwd_nr_find(u32 nr)
{
	struct hc_fwd_nr *fn;

	list_for_each_entry(fn, &hc_fwd_nrs, node)
		if (fn->h.nr == nr)
			return fn;
	return NULL;
}

/* A number's first claim registers it; caller holds hc_fwd_mutex. */
static struct hc_fwd_nr *hc_fwd_nr_get(const struct hypercall_claim *c)
{
	struct hc_fwd_nr *fn = hc_fwd_nr_find(c->nr);
	int ret;

	if (fn)
		return fn;
	fn = kzalloc(sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&fn->claims);
	strscpy(fn->name, c->name[0] ? c->name : "program", sizeof(fn->name));
	fn->h.nr = c->nr;
	fn->h.name = fn->name;
	fn->h.call = hc_fwd_call;
	ret = hypercall_register(&fn->h);
	if (ret) {
		kfree(fn);
		return ERR_PTR(ret);
	}
	list_add(&fn->node, &hc_fwd_nrs);
	return fn;
}

int hc_claim_add(struct hc_hostfile *file, struct hypercall_claim *c)
{
	struct hc_claim *claim, *other;
	struct hc_fwd_nr *fn = NULL;
	unsigned int n = 0;
	int ret;

	ret = hc_claim_check(c);
	if (ret)
		return ret;
	claim = kzalloc(sizeof(*claim), GFP_KERNEL);
	if (!claim)
		return -ENOMEM;
	ret = hc_scope_get(&claim->scope,
			   c->flags & HYPERCALL_CLAIM_PID ? HC_SCOPE_PID :
			   c->flags & HYPERCALL_CLAIM_CGROUP ? HC_SCOPE_CGROUP :
			   HC_SCOPE_ALL, c->vm_pid, c->cgroup_fd);
	if (ret) {
		kfree(claim);
		return ret;
	}
	claim->file = file;
	claim->flags = c->flags;
	claim->timeout_ms = c->timeout_ms ?: HYPERCALL_CLAIM_TIMEOUT_DEFAULT_MS;
	claim->max_in = c->max_in ?: HYPERCALL_HOST_DATA_MAX;
	claim->timeout_ret = c->timeout_ret;
	strscpy(claim->name, c->name[0] ? c->name : "program", sizeof(claim->name));

	mutex_lock(&hc_fwd_mutex);
	list_for_each_entry(other, &file->claims, file_node)
		n++;
	ret = -ENOSPC;
	if (n >= HC_FILE_CLAIMS_MAX)
		goto out_unlock;
	fn = hc_fwd_nr_get(c);
	ret = PTR_ERR_OR_ZERO(fn);
	if (ret)
		goto out_unlock;
	ret = -EBUSY;
	list_for_each_entry(other, &fn->claims, nr_node)
		if (hc_scope_equal(&other->scope, &claim->scope))
			goto out_unlock;
	claim->fn = fn;
	claim->id = ++hc_claim_next;
	c->claim_id = claim->id;
	list_add_tail(&claim->file_node, &file->claims);
	spin_lock(&hc_fwd_lock);
	list_add_tail(&claim->nr_node, &fn->claims);
	spin_unlock(&hc_fwd_lock);
	atomic64_inc(&hc_generation);
	mutex_unlock(&hc_fwd_mutex);
	return 0;

out_unlock:
	/* A number registered for this claim alone goes again. */
	if (!IS_ERR_OR_NULL(fn) && list_empty(&fn->claims)) {
		list_del(&fn->node);
		hypercall_unregister(&fn->h);
		kfree(fn);
	}
	mutex_unlock(&hc_fwd_mutex);
	hc_scope_put(&claim->scope);
	kfree(claim);
	return ret;
}

/*
 * Unlinks @claim, and its number where it was the last; caller holds
 * hc_fwd_mutex. Calls that picked it meanwhile hold a reference to its
 * file, and the number's unregistering waits for them.
 */
static void hc_claim_free(struct hc_claim *claim)
{
	struct hc_fwd_nr *fn = claim->fn;

	list_del(&claim->file_node);
	spin_lock(&hc_fwd_lock);
	list_del(&claim->nr_node);
	spin_unlock(&hc_fwd_lock);
	atomic64_inc(&hc_generation);
	if (list_empty(&fn->claims)) {
		list_del(&fn->node);
		hypercall_unregister(&fn->h);
		kfree(fn);
	}
	hc_scope_put(&claim->scope);
	kfree(claim);
}

/* Fails the file's requests that came through @claim_id (0: all). */
static void hc_file_fail(struct hc_hostfile *file, u64 claim_id)
{
	struct hc_rec *rec, *tmp;
	struct hlist_node *next;
	struct hc_req *req;
	unsigned int bkt;

	spin_lock(&file->lock);
	list_for_each_entry_safe(rec, tmp, &file->queue, node) {
		if (claim_id && rec->msg.claim_id != claim_id)
			continue;
		list_del_init(&rec->node);
		if (rec->req)
			hc_req_finish(rec->req, -KVM_ENOSYS, NULL, 0);
		else
			kfree(rec);
	}
	hash_for_each_safe(file->pending, bkt, next, req, hnode) {
		if (claim_id && req->rec->msg.claim_id != claim_id)
			continue;
		hash_del(&req->hnode);
		hc_req_finish(req, -KVM_ENOSYS, NULL, 0);
	}
	spin_unlock(&file->lock);
}

int hc_claim_remove(struct hc_hostfile *file, u64 claim_id)
{
	struct hc_claim *claim;

	mutex_lock(&hc_fwd_mutex);
	list_for_each_entry(claim, &file->claims, file_node) {
		if (claim->id == claim_id) {
			hc_file_fail(file, claim_id);
			hc_claim_free(claim);
			mutex_unlock(&hc_fwd_mutex);
			return 0;
		}
	}
	mutex_unlock(&hc_fwd_mutex);
	return -ENOENT;
}

/*
 * The file is closing: its waiting calls get -KVM_ENOSYS at once, new
 * ones too (dead), then its claims go.
 */
void hc_claims_drop(struct hc_hostfile *file)
{
	struct hc_claim *claim, *tmp;

	spin_lock(&file->lock);
	file->dead = true;
	spin_unlock(&file->lock);
	hc_file_fail(file, 0);

	mutex_lock(&hc_fwd_mutex);
	list_for_each_entry_safe(claim, tmp, &file->claims, file_node)
		hc_claim_free(claim);
	mutex_unlock(&hc_fwd_mutex);
}
