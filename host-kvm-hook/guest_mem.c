// SPDX-License-Identifier: GPL-2.0
/*
 * hypercall_read_guest() and hypercall_write_guest(): a handler copies from
 * and to guest physical memory, with no KVM function called (Linux 7.x
 * exports none of kvm_read_guest(), kvm_write_guest() or gfn_to_hva() to
 * modules).
 *
 * Each page of the range is looked up in the calling vCPU's memslots (SMM's
 * where the vCPU is in SMM) with the inline helpers of <linux/kvm_host.h>,
 * under kvm->srcu, and copied through the VMM's mapping of it, as KVM's own
 * kvm_read_guest() does: the handler runs in the vCPU thread, in the VMM's
 * mm, so pages may be faulted in, and a mapping the VMM removed gives
 * -EFAULT, never host memory. A memslot being deleted stays until the copy
 * ends: deletion waits for kvm->srcu readers.
 *
 * A write first checks every page, so that a refused write writes nothing;
 * then copies, and marks each page written in its memslot's dirty bitmap
 * where the VMM logs dirty pages (live migration), as KVM's
 * mark_page_dirty_in_slot() does.
 */

#include <linux/kvm_host.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "hook.h"
#include "hook_point.h"

/* One page's worth of the range, in one memslot. */
struct hc_gpa_chunk {
	struct kvm_memory_slot *slot;
	gfn_t gfn;
	unsigned long hva;
	unsigned int len;
};

/*
 * The memslot and the VMM's address for the page of @gpa, and how much of
 * @len lies in that page. Caller holds kvm->srcu.
 */
static int hc_gpa_chunk(struct kvm *kvm, struct kvm_memslots *slots, u64 gpa,
			size_t len, bool write, struct hc_gpa_chunk *c)
{
	unsigned int offset = offset_in_page(gpa);

	c->gfn = gpa_to_gfn(gpa);
	c->len = min_t(size_t, len, PAGE_SIZE - offset);
	c->slot = __gfn_to_memslot(slots, c->gfn);
	if (!c->slot || (c->slot->flags & KVM_MEMSLOT_INVALID))
		return -EFAULT;
	if (hc_point_gfn_private(kvm, c->gfn))
		return -EFAULT;
	if (write && (c->slot->flags & KVM_MEM_READONLY))
		return -EROFS;
	if (write && (c->slot->flags & KVM_MEM_LOG_DIRTY_PAGES) &&
	    hc_point_dirty_ring(kvm))
		return -EOPNOTSUPP;
	c->hva = __gfn_to_hva_memslot(c->slot, c->gfn) + offset;
	return 0;
}

static void hc_gpa_mark_dirty(struct hc_gpa_chunk *c)
{
	if ((c->slot->flags & KVM_MEM_LOG_DIRTY_PAGES) && c->slot->dirty_bitmap)
		set_bit_le(c->gfn - c->slot->base_gfn, c->slot->dirty_bitmap);
}

/*
 * Checks the call's context and the range: the calling vCPU's VM, its
 * thread (or another of its VMM's), a length within the cap, no wrap.
 */
static int hc_guest_access_ok(const struct hypercall_ctx *ctx, u64 gpa,
			      size_t len)
{
	if (!ctx->vcpu || current->mm != ctx->vcpu->kvm->mm)
		return -EINVAL;
	if (len > HYPERCALL_GUEST_COPY_MAX)
		return -E2BIG;
	if (gpa + len < gpa)
		return -EFAULT;
	return 0;
}

int hypercall_read_guest(struct hypercall_ctx *ctx, u64 gpa, void *buf,
			 size_t len)
{
	struct kvm *kvm;
	struct kvm_memslots *slots;
	struct hc_gpa_chunk c;
	int idx, ret;

	ret = hc_guest_access_ok(ctx, gpa, len);
	if (ret)
		return ret;
	kvm = ctx->vcpu->kvm;
	idx = srcu_read_lock(&kvm->srcu);
	slots = kvm_vcpu_memslots(ctx->vcpu);
	for (; len; gpa += c.len, buf += c.len, len -= c.len) {
		ret = hc_gpa_chunk(kvm, slots, gpa, len, false, &c);
		if (ret)
			break;
		if (copy_from_user(buf, (void __user *)c.hva, c.len)) {
			ret = -EFAULT;
			break;
		}
	}
	srcu_read_unlock(&kvm->srcu, idx);
	return ret;
}
EXPORT_SYMBOL_GPL(hypercall_read_guest);

int hypercall_write_guest(struct hypercall_ctx *ctx, u64 gpa,
			  const void *buf, size_t len)
{
	struct kvm *kvm;
	struct kvm_memslots *slots;
	struct hc_gpa_chunk c;
	size_t left;
	u64 at;
	int idx, ret;

	ret = hc_guest_access_ok(ctx, gpa, len);
	if (ret)
		return ret;
	kvm = ctx->vcpu->kvm;
	idx = srcu_read_lock(&kvm->srcu);
	slots = kvm_vcpu_memslots(ctx->vcpu);
	/* Over several pages, every page first: a refused write writes nothing. */
	if (offset_in_page(gpa) + len > PAGE_SIZE)
		for (at = gpa, left = len; left && !ret; at += c.len, left -= c.len)
			ret = hc_gpa_chunk(kvm, slots, at, left, true, &c);
	for (; len && !ret; gpa += c.len, buf += c.len, len -= c.len) {
		ret = hc_gpa_chunk(kvm, slots, gpa, len, true, &c);
		if (ret)
			break;
		if (copy_to_user((void __user *)c.hva, buf, c.len))
			ret = -EFAULT;
		/* Even a partial copy changed the page. */
		hc_gpa_mark_dirty(&c);
	}
	srcu_read_unlock(&kvm->srcu, idx);
	return ret;
}
EXPORT_SYMBOL_GPL(hypercall_write_guest);
