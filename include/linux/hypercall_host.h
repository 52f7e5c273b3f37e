/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Add a KVM hypercall from a module: the host side of the kvm-hypercalls
 * project. hypercall_hook.ko exports this API; a handler module depends on it.
 *
 * The hook runs in place of KVM's own hypercall function and calls it first.
 * A handler answers only where KVM itself answered -KVM_ENOSYS: calls from
 * guest user mode keep KVM's -KVM_EPERM, and numbers KVM or the VMM handle
 * keep their answer. The handler's answer is written where KVM writes its
 * own, before KVM's function returns.
 */

#ifndef _LINUX_HYPERCALL_HOST_H
#define _LINUX_HYPERCALL_HOST_H

#include <linux/errno.h>
#include <linux/kvm_para.h>
#include <linux/types.h>

struct kvm_vcpu;
struct module;

/**
 * struct hypercall_ctx - one guest hypercall, as a handler sees it
 * @nr: the hypercall number
 * @args: a0..a3 from RBX, RCX, RDX and RSI, truncated to 32 bits for a guest
 *	not in 64-bit mode
 * @ret: in: KVM's answer (-KVM_ENOSYS); out: the handler's answer, what the
 *	guest receives in RAX (truncated to 32 bits for a guest not in 64-bit
 *	mode; a negative -KVM_* code for an error)
 * @long_mode: the guest called from 64-bit mode
 * @vcpu_id: the calling vCPU's id, as the VMM created it
 * @vm_pid: the pid of the process that created the VM (the VMM)
 * @vcpu: the calling vCPU, for handlers that know KVM's internals
 */
struct hypercall_ctx {
	unsigned long nr;
	unsigned long args[4];
	unsigned long ret;
	bool long_mode;
	int vcpu_id;
	pid_t vm_pid;
	struct kvm_vcpu *vcpu;
};

/* A handler's return value: leave KVM's own answer (-KVM_ENOSYS) as it is. */
#define HYPERCALL_DECLINE	1

/*
 * A handler's return value: answer nothing; the vCPU goes back to the VMM
 * (KVM_RUN returns -EINTR, as for a signal) with the guest exactly before
 * its VMCALL/VMMCALL, which it makes again when the VMM runs it next. For a
 * handler that sleeps and sees signal_pending(): the VMM can then pause,
 * snapshot or migrate the VM. Where the vCPU cannot go back (a
 * confidential guest, whose registers KVM cannot rewind, or a guest
 * single-stepped, whose #DB is due after the call), the guest gets
 * -HYPERCALL_EAGAIN (-11) instead, and should call again.
 */
#define HYPERCALL_RESTART	2

/**
 * struct hypercall_handler - what answers one hypercall number
 * @nr: the number, at most U32_MAX so that 32-bit guests can reach it
 * @name: a short name, shown in the counters and the trace event (its
 *	first 15 characters there)
 * @call: answers the call: sets @ctx->ret and returns 0, or returns
 *	%HYPERCALL_DECLINE to leave KVM's -KVM_ENOSYS, or %HYPERCALL_RESTART
 *	(any other value counts as a decline and is logged once). @h is the
 *	registered handler, so one function can serve several numbers, each
 *	embedding its @h in a structure of its own (container_of()).
 *
 * @call runs in the calling vCPU's thread, in process context, where KVM
 * runs its own hypercalls: preemptible, interrupts on, inside KVM's
 * kvm->srcu read side and with vcpu->mutex held. It may sleep (GFP_KERNEL,
 * mutexes, msleep()), but must not take kvm->lock, kvm->slots_lock or
 * vcpu->mutex (KVM's locking rules, Documentation/virt/kvm/locking.rst), and
 * the guest's vCPU waits while it runs. hypercall_unregister() waits for
 * every call in progress, however long it sleeps, so a handler must not
 * call it (it would wait for itself).
 *
 * The structure must stay valid until hypercall_unregister() returns.
 */
struct hypercall_handler {
	unsigned long nr;
	const char *name;
	int (*call)(struct hypercall_handler *h, struct hypercall_ctx *ctx);
};

/**
 * hypercall_register() - start answering a hypercall number
 * @h: the handler; @h->nr, @h->name and @h->call must be set
 *
 * A number has at most one owner. Numbers KVM itself defines (1 to 12 up to
 * Linux 7.3) are refused unless the hook's kvm_nr_override parameter lists
 * them; even then the handler only sees calls KVM leaves unanswered.
 *
 * The calling module is recorded as the owner: should it leave (or fail its
 * init) with @h still registered, the hook unregisters @h then, with a
 * warning, so that no guest can reach a handler that is gone.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EBUSY if the number has an owner, -EPERM for a number KVM
 * defines, -EINVAL for a bad @h, -ENOSPC if the table is full, -ENOMEM.
 */
#define hypercall_register(h)	__hypercall_register(h, THIS_MODULE)
int __hypercall_register(struct hypercall_handler *h, struct module *owner);

/**
 * hypercall_unregister() - stop answering a hypercall number
 * @h: a handler that hypercall_register() accepted
 *
 * Returns once no call of @h->call is running and none can start, so the
 * caller's module may then go away. Guests calling the number from now on
 * get KVM's -KVM_ENOSYS.
 *
 * Context: process context; sleeps.
 */
void hypercall_unregister(struct hypercall_handler *h);

/* The most one hypercall_read_guest() or hypercall_write_guest() copies. */
#define HYPERCALL_GUEST_COPY_MAX	(64 * 1024)

/**
 * hypercall_read_guest() - copy from the calling guest's physical memory
 * @ctx: the call, as the handler was given it
 * @gpa: guest physical address of the first byte
 * @buf: where to copy to
 * @len: how many bytes, at most %HYPERCALL_GUEST_COPY_MAX
 *
 * The range may cross pages and memslots; it is read through the VMM's
 * mapping of guest memory, in the address space (normal or SMM) the vCPU
 * is in. A guest that passes a kernel pointer where a physical address was
 * meant gets -EFAULT here (or reads whatever lies at that physical
 * address), never host memory.
 *
 * Context: the handler's own call, in the vCPU thread; may sleep (faults
 * pages in).
 * Return: 0; -EFAULT if a page of the range is in no memslot (a hole,
 * past guest memory), in one being deleted or moved, private to a
 * confidential guest (guest_memfd), or not mapped by the VMM (@buf may
 * then be partly written); -E2BIG if @len is past the cap; -EINVAL outside
 * a call (@ctx has no vCPU, or the caller is not a thread of the VMM).
 */
int hypercall_read_guest(struct hypercall_ctx *ctx, u64 gpa, void *buf,
			 size_t len);

/**
 * hypercall_write_guest() - copy to the calling guest's physical memory
 * @ctx: the call, as the handler was given it
 * @gpa: guest physical address of the first byte
 * @buf: what to copy
 * @len: how many bytes, at most %HYPERCALL_GUEST_COPY_MAX
 *
 * As hypercall_read_guest(), and every page written is recorded in its
 * memslot's dirty bitmap where the VMM logs dirty pages (KVM_GET_DIRTY_LOG,
 * live migration), as KVM's own writes are. Every page is checked before
 * any is written: a refused write writes nothing.
 *
 * Context: as hypercall_read_guest().
 * Return: 0; the errors of hypercall_read_guest() (after an -EFAULT from
 * the VMM's mapping, or from a page a confidential guest turned private
 * during the copy, the range may be partly written), and -EROFS for a
 * read-only memslot (a ROM), -EOPNOTSUPP for a dirty-logged memslot of a
 * VM that uses the dirty ring (KVM_CAP_DIRTY_LOG_RING), where no module can
 * record the write and a migration would miss it.
 */
int hypercall_write_guest(struct hypercall_ctx *ctx, u64 gpa,
			  const void *buf, size_t len);

/**
 * hypercall_kvm_error() - the guest's answer for an error of this API
 * @err: a negative errno from hypercall_read_guest() or
 *	hypercall_write_guest()
 *
 * Return: -KVM_E2BIG for -E2BIG, -KVM_EOPNOTSUPP for -EOPNOTSUPP, and
 * -KVM_EFAULT for the rest (a bad address, a read-only page): what a
 * handler sets in &hypercall_ctx.ret.
 */
static inline unsigned long hypercall_kvm_error(int err)
{
	switch (err) {
	case -E2BIG:
		return -KVM_E2BIG;
	case -EOPNOTSUPP:
		return -KVM_EOPNOTSUPP;
	default:
		return -KVM_EFAULT;
	}
}

#endif /* _LINUX_HYPERCALL_HOST_H */
