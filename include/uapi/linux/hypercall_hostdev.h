/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * /dev/hypercall-host: hypercalls answered by a host program.
 *
 * A program opens the device (root only by default), claims numbers with
 * %HYPERCALL_HOST_IOC_CLAIM, for every VM or for one VMM's, and then reads
 * requests (&struct hypercall_host_msg, one per read()) and writes answers
 * (&struct hypercall_host_answer, one per write()). The guest's vCPU waits
 * in the host kernel, in its own thread, until the answer comes, the
 * claim's timeout passes, or the claim goes (the program closed the device
 * or died: every waiting call then gets -KVM_ENOSYS at once).
 *
 * A signal to the vCPU thread (the VMM pausing, snapshotting or migrating
 * the VM) is never held up: the call is withdrawn, the vCPU goes back to
 * the VMM with the guest exactly before its VMCALL/VMMCALL, and the guest
 * makes the same call again when it resumes, as a new request with a new
 * id. A program that had read the withdrawn request gets a
 * %HYPERCALL_HOST_MSG_CANCEL for it; an answer written after that gets
 * ENOENT. Where the vCPU cannot be sent back (a confidential guest, or a
 * single-stepped one) the guest gets -HYPERCALL_EAGAIN and calls again.
 * So every answer a write() accepted reaches the guest once, and no guest
 * call gets an answer meant for another.
 */

#ifndef _UAPI_LINUX_HYPERCALL_HOSTDEV_H
#define _UAPI_LINUX_HYPERCALL_HOSTDEV_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/hypercall.h>

/*
 * The claim's scope: every VM (default), the VMs of one VMM process, or
 * those whose vCPU threads are in a cgroup v2 subtree.
 */
#define HYPERCALL_CLAIM_PID		(1 << 0)
#define HYPERCALL_CLAIM_CGROUP		(1 << 3)
/* Calls carry buffers: a0, a1 input GPA and length; a2, a3 output's. */
#define HYPERCALL_CLAIM_BUF		(1 << 1)
/* A timed-out call gets @timeout_ret, not -HYPERCALL_ETIMEDOUT. */
#define HYPERCALL_CLAIM_TIMEOUT_RET	(1 << 2)

/* Claim limits: timeout, and input a BUF claim copies for the program. */
#define HYPERCALL_CLAIM_TIMEOUT_DEFAULT_MS	1000
#define HYPERCALL_CLAIM_TIMEOUT_MAX_MS		60000
#define HYPERCALL_HOST_DATA_MAX			(64 * 1024)

/**
 * struct hypercall_claim - what %HYPERCALL_HOST_IOC_CLAIM takes
 * @nr: the hypercall number, 13 to U32_MAX (KVM owns 1 to 12); not one a
 *	kernel module on the host answers
 * @flags: %HYPERCALL_CLAIM_PID or %HYPERCALL_CLAIM_CGROUP,
 *	%HYPERCALL_CLAIM_BUF, %HYPERCALL_CLAIM_TIMEOUT_RET
 * @vm_pid: with %HYPERCALL_CLAIM_PID: the VMM's pid (its thread group), in
 *	the caller's pid namespace
 * @timeout_ms: how long a vCPU waits for the answer; 0:
 *	%HYPERCALL_CLAIM_TIMEOUT_DEFAULT_MS, at most
 *	%HYPERCALL_CLAIM_TIMEOUT_MAX_MS. The vCPU takes no interrupt while it
 *	waits: keep it well under the guest's lockup detectors (~20 s).
 * @max_in: with %HYPERCALL_CLAIM_BUF: the most input bytes a call may
 *	carry (0: %HYPERCALL_HOST_DATA_MAX, the most); a longer one gets
 *	-KVM_E2BIG without reaching the program
 * @cgroup_fd: with %HYPERCALL_CLAIM_CGROUP: an open cgroup v2 directory;
 *	the VMs whose calling vCPU thread is in it or below it (libvirt puts
 *	each vCPU in a cgroup of its own, under the VM's); else 0
 * @timeout_ret: with %HYPERCALL_CLAIM_TIMEOUT_RET: a timed-out call's answer
 * @claim_id: out: the claim's id, as requests and %HYPERCALL_HOST_IOC_UNCLAIM
 *	name it
 * @name: NUL-terminated; the trace event, counters and the guest's
 *	discovery table show it
 *
 * Claims belong to the open file: they go when it is closed.
 */
struct hypercall_claim {
	__u32 nr;
	__u32 flags;
	__s32 vm_pid;
	__u32 timeout_ms;
	__u32 max_in;
	__s32 cgroup_fd;
	__s64 timeout_ret;
	__u64 claim_id;
	char name[24];
};

#define HYPERCALL_HOST_MSG_CALL		1
#define HYPERCALL_HOST_MSG_CANCEL	2

/* Message flags: the guest called from 64-bit mode. */
#define HYPERCALL_HOST_MSG_LONG_MODE	(1 << 0)

/*
 * Why a read request was cancelled: its timeout passed, or its vCPU was
 * interrupted (the guest makes the call again, as a new request).
 */
#define HYPERCALL_CANCEL_TIMEOUT	1
#define HYPERCALL_CANCEL_RESTART	2

/**
 * struct hypercall_host_msg - one record read() from the device
 * @size: the record's size: 80 + @in_len, rounded up to 8
 * @type: %HYPERCALL_HOST_MSG_CALL or %HYPERCALL_HOST_MSG_CANCEL
 * @flags: %HYPERCALL_HOST_MSG_LONG_MODE
 * @id: the request's id, never 0, never reused until the host reboots
 * @claim_id: the claim it came through
 * @nr: the hypercall number
 * @vcpu_id: the calling vCPU, as the VMM numbered it
 * @args: a0..a3 (32 bits each for a guest outside 64-bit mode)
 * @vm_pid: the VMM's pid in the reader's pid namespace (0: not visible)
 * @in_len: bytes of input in @data (claims with %HYPERCALL_CLAIM_BUF)
 * @out_max: the most output bytes the answer may carry (the guest's a3,
 *	capped at %HYPERCALL_HOST_DATA_MAX; 0 without %HYPERCALL_CLAIM_BUF)
 * @reason: for %HYPERCALL_HOST_MSG_CANCEL: %HYPERCALL_CANCEL_TIMEOUT or
 *	%HYPERCALL_CANCEL_RESTART
 * @data: the input
 *
 * A %HYPERCALL_HOST_MSG_CANCEL comes only for a request that was read and
 * not answered; it carries @id, @claim_id, @nr and @vcpu_id.
 */
struct hypercall_host_msg {
	__u32 size;
	__u16 type;
	__u16 flags;
	__u64 id;
	__u64 claim_id;
	__u32 nr;
	__u32 vcpu_id;
	__u64 args[4];
	__s32 vm_pid;
	__u32 in_len;
	__u32 out_max;
	__u32 reason;
	__u8 data[];
};

/* The largest record: a read() buffer of this size never gets EMSGSIZE. */
#define HYPERCALL_HOST_MSG_MAX	(sizeof(struct hypercall_host_msg) + HYPERCALL_HOST_DATA_MAX)

/**
 * struct hypercall_host_answer - one answer, write() to the device
 * @id: the request's id
 * @ret: what the guest gets in RAX (truncated to 32 bits outside 64-bit
 *	mode; a negative -KVM_* code for an error)
 * @out_len: bytes of output in @data, at most the request's out_max; they
 *	are written at the guest's output address (a2)
 * @flags: 0
 * @data: the output
 *
 * write() takes exactly 24 + @out_len bytes, one answer. Errors: EINVAL (a
 * different length, @flags not 0), ENOENT (no request of this file waits
 * for that id: unknown, answered, timed out or cancelled), E2BIG (@out_len
 * past out_max; the request still waits for a correct answer).
 */
struct hypercall_host_answer {
	__u64 id;
	__s64 ret;
	__u32 out_len;
	__u32 flags;
	__u8 data[];
};

/**
 * struct hypercall_hostdev_info - what %HYPERCALL_HOST_IOC_INFO reports
 * @abi_version: %HYPERCALL_ABI_VERSION
 * @flags: 0
 * @msg_max: %HYPERCALL_HOST_MSG_MAX
 * @queue_max: the most requests one open file holds (queued or read);
 *	past it a call gets -HYPERCALL_EAGAIN at once
 * @discover_nr: the discovery number, or 0 if the hook does not answer it
 * @timeout_default_ms: %HYPERCALL_CLAIM_TIMEOUT_DEFAULT_MS
 * @timeout_max_ms: %HYPERCALL_CLAIM_TIMEOUT_MAX_MS
 * @reserved: 0
 */
struct hypercall_hostdev_info {
	__u32 abi_version;
	__u32 flags;
	__u32 msg_max;
	__u32 queue_max;
	__u32 discover_nr;
	__u32 timeout_default_ms;
	__u32 timeout_max_ms;
	__u32 reserved;
};

/**
 * define HYPERCALL_HOST_IOC_INFO - the device's limits
 */
#define HYPERCALL_HOST_IOC_INFO \
	_IOR(HYPERCALL_IOC_MAGIC, 0x40, struct hypercall_hostdev_info)

/**
 * define HYPERCALL_HOST_IOC_CLAIM - answer a number from this open file
 *
 * Takes &struct hypercall_claim, sets its @claim_id. A VM's call goes to
 * the claim for its VMM's pid if there is one, else to the claim for the
 * deepest cgroup holding its vCPU thread, else to the claim for every VM:
 * programs can serve one number for different VMs.
 *
 * Return: 0, or -1 with errno: %EBUSY (the same number and scope claimed
 * already, or a kernel module answers the number), %EPERM (0 to 12),
 * %EINVAL (unknown flags, both scopes, a @name without NUL, @timeout_ms or
 * @max_in past their caps), %ESRCH (no process @vm_pid), %EBADF (@cgroup_fd
 * not an open cgroup v2 directory), %ENOSPC (too many claims), %ENOMEM.
 */
#define HYPERCALL_HOST_IOC_CLAIM	_IOWR(HYPERCALL_IOC_MAGIC, 0x41, struct hypercall_claim)

/**
 * define HYPERCALL_HOST_IOC_UNCLAIM - let a claim of this file go
 *
 * Takes a pointer to the __u64 claim id. Calls waiting on it get
 * -KVM_ENOSYS at once. Return: 0, or -1 with errno %ENOENT.
 */
#define HYPERCALL_HOST_IOC_UNCLAIM	_IOW(HYPERCALL_IOC_MAGIC, 0x42, __u64)

/* What %HYPERCALL_HOST_IOC_POLICY does. */
#define HYPERCALL_POLICY_ALLOW		1	/* admit the scope's VMs */
#define HYPERCALL_POLICY_REMOVE		2	/* take that rule back */
#define HYPERCALL_POLICY_RESET		3	/* no rule: every VM again */

/* A policy rule's scope. */
#define HYPERCALL_SCOPE_PID		1
#define HYPERCALL_SCOPE_CGROUP		2

/**
 * struct hypercall_policy - what %HYPERCALL_HOST_IOC_POLICY takes
 * @nr: the hypercall number
 * @action: %HYPERCALL_POLICY_ALLOW, %HYPERCALL_POLICY_REMOVE or
 *	%HYPERCALL_POLICY_RESET
 * @scope: for ALLOW and REMOVE: %HYPERCALL_SCOPE_PID or
 *	%HYPERCALL_SCOPE_CGROUP; 0 for RESET
 * @vm_pid: with %HYPERCALL_SCOPE_PID: the VMM's pid, in the caller's pid
 *	namespace; else 0
 * @cgroup_fd: with %HYPERCALL_SCOPE_CGROUP: an open cgroup v2 directory;
 *	else 0
 * @reserved: 0
 * @reserved2: 0
 */
struct hypercall_policy {
	__u32 nr;
	__u32 action;
	__u32 scope;
	__s32 vm_pid;
	__s32 cgroup_fd;
	__u32 reserved;
	__u64 reserved2;
};

/**
 * define HYPERCALL_HOST_IOC_POLICY - limit a number to chosen VMs
 *
 * Takes &struct hypercall_policy. A number with rules answers only the VMs
 * some rule admits (the VMM's pid, or a cgroup v2 subtree holding the
 * calling vCPU thread); every other VM gets KVM's own -KVM_ENOSYS, exactly
 * as if nothing answered the number: no handler or program sees its call
 * (the hook counts it as filtered), and its discovery table does not list
 * the number. This holds for every number: a kernel module's, a program's,
 * the discovery call's own. Rules are the host's, not the open file's: they
 * stay until taken back or reset, whether or not the number is registered
 * (a rule for a pid lapses with that process: no VM matches it any more).
 * /sys/kernel/debug/hypercall_hook/policy lists them.
 *
 * Return: 0, or -1 with errno: %EPERM (no CAP_SYS_ADMIN), %EINVAL (an
 * unknown @action or @scope, reserved fields not 0), %ESRCH, %EBADF (as for
 * a claim), %EEXIST (ALLOW of a rule there already), %ENOENT (REMOVE of a
 * rule not there), %ENOSPC (256 rules), %ENOMEM.
 */
#define HYPERCALL_HOST_IOC_POLICY	_IOW(HYPERCALL_IOC_MAGIC, 0x43, struct hypercall_policy)

#endif /* _UAPI_LINUX_HYPERCALL_HOSTDEV_H */
