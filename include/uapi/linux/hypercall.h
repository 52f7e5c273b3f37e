/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Userspace interface of /dev/hypercall, the guest side of the
 * kvm-hypercalls project, and the hypercall numbers its host hook answers.
 *
 * The numbers are defaults: both modules take them as module parameters,
 * and the host and guest must agree on them.
 */

#ifndef _UAPI_LINUX_HYPERCALL_H
#define _UAPI_LINUX_HYPERCALL_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * define HYPERCALL_NR_HELLO0 - default number of the "Hello world!" hypercall
 *
 * Takes no argument. The host writes "Hello world!" to its trace buffer and
 * answers 0. This is the tutorial's KVM_HC_HELLO_HYPERCALL0. KVM itself
 * defines 12 as KVM_HC_MAP_GPA_RANGE since Linux 5.14; the host hook only
 * answers it where KVM would have answered -KVM_ENOSYS, and a VMM that
 * takes it (QEMU does, for SEV-SNP and TDX guests) converts guest pages on
 * it. So the guest driver refuses it, as every number of KVM's own (1 to
 * 12), in a confidential guest unless told otherwise, and HYPERCALL_IOC_CALL
 * does not allow it by default.
 */
#define HYPERCALL_NR_HELLO0	12

/**
 * define HYPERCALL_NR_HELLO1 - default number of the "a0 = %d" hypercall
 *
 * Takes one argument, a0, read by the host as a signed 32-bit int. The host
 * writes "a0 = <a0>" to its trace buffer and answers 0. This is the
 * tutorial's KVM_HC_HELLO_HYPERCALL1.
 */
#define HYPERCALL_NR_HELLO1	13

/**
 * define HYPERCALL_NR_HOST_INFO - number of the sample host_info hypercall
 *
 * Answered by samples/host-info (hypercall_host_info.ko) on the host. a0
 * selects what the host reports, one of &enum hypercall_host_info.
 */
#define HYPERCALL_NR_HOST_INFO	14

/**
 * enum hypercall_host_info - what HYPERCALL_NR_HOST_INFO reports, by a0
 * @HYPERCALL_HOST_INFO_UPTIME_NS: the host's boot-time clock, in ns
 * @HYPERCALL_HOST_INFO_TSC_KHZ: the host's TSC frequency, in kHz
 * @HYPERCALL_HOST_INFO_VCPU_ID: the calling vCPU's id, as the host knows it
 * @HYPERCALL_HOST_INFO_ARG_SUM: a1 + a2 + a3, to check the argument path
 *
 * Any other a0 is answered with -KVM_EINVAL. A sample, not for shared
 * hosts: the host's boot time is the same for every guest on it, so two
 * tenants who compare it learn that they share a host.
 */
enum hypercall_host_info {
	HYPERCALL_HOST_INFO_UPTIME_NS	= 0,
	HYPERCALL_HOST_INFO_TSC_KHZ	= 1,
	HYPERCALL_HOST_INFO_VCPU_ID	= 2,
	HYPERCALL_HOST_INFO_ARG_SUM	= 3,
};

/**
 * define HYPERCALL_NR_SAY - number of the sample "say" hypercall
 *
 * Answered by samples/say (hypercall_say.ko) on the host, issued with
 * %HYPERCALL_IOC_CALL_BUF: the input buffer holds a text of at most
 * %HYPERCALL_SAY_MAX bytes, which the host writes to its trace as "guest
 * says: <text>" (bytes that are not printable ASCII as '?'), answering 0;
 * -KVM_E2BIG for a longer text, -KVM_EFAULT where it cannot read it.
 */
#define HYPERCALL_NR_SAY	15

/* The longest text HYPERCALL_NR_SAY takes. */
#define HYPERCALL_SAY_MAX	256

/**
 * define HYPERCALL_NR_HOST_UNAME - number of the sample host_uname hypercall
 *
 * Answered by samples/host-info (hypercall_host_info.ko) on the host, issued
 * with %HYPERCALL_IOC_CALL_BUF: the host fills the output buffer with a
 * &struct hypercall_host_uname and answers its size; -KVM_EINVAL for an
 * output buffer smaller than that, -KVM_EFAULT where it cannot write it.
 */
#define HYPERCALL_NR_HOST_UNAME	16

/**
 * struct hypercall_host_uname - what HYPERCALL_NR_HOST_UNAME reports
 * @boot_time_ns: when the host booted, in ns since the epoch (it tells one
 *	host boot from another)
 * @vcpu_id: the calling vCPU's id, as the host knows it
 * @reserved: 0
 * @sysname: the host's uname -s, NUL-terminated
 * @release: uname -r
 * @version: uname -v
 * @machine: uname -m
 * @pad: 0; makes the size 280 on every ABI (i386 aligns __u64 to 4 bytes,
 *	so the size would otherwise differ for a 32-bit caller)
 *
 * A sample, not for shared hosts: it tells a guest which kernel its host
 * runs, and two guests that compare @boot_time_ns that they share a host.
 */
struct hypercall_host_uname {
	__u64 boot_time_ns;
	__u32 vcpu_id;
	__u32 reserved;
	char sysname[65];
	char release[65];
	char version[65];
	char machine[65];
	__u8 pad[4];
};

/**
 * struct hypercall_call - a hypercall for %HYPERCALL_IOC_CALL
 * @nr: the hypercall number; the driver's allow_nr parameter must list it
 * @nargs: how many of @args to pass, 0 to 4
 * @flags: must be 0
 * @args: a0..a3; those past @nargs are passed as 0
 * @ret: out: the host's answer in RAX, unchanged (KVM's errors are the
 *	negative -KVM_* codes of <linux/kvm_para.h>)
 */
struct hypercall_call {
	__u64 nr;
	__u32 nargs;
	__u32 flags;
	__u64 args[4];
	__s64 ret;
};

/*
 * 0xC7: free in the kernel's table of ioctl magics
 * (Documentation/userspace-api/ioctl/ioctl-number.rst, mainline of late
 * 2025) and used by no uapi header of Linux 7.2. 0xCA, used before, is
 * registered to CXL (cxl.h, ocxl.h, cxlflash).
 */
#define HYPERCALL_IOC_MAGIC	0xC7

/**
 * define HYPERCALL_IOC_HELLO0 - issue the HELLO0 hypercall
 *
 * No argument: ``ioctl(fd, HYPERCALL_IOC_HELLO0)``.
 *
 * The device must be open for writing, for this ioctl as for the others.
 *
 * Return: 0 when the host answered 0, otherwise -1 with errno:
 *
 * * %EOPNOTSUPP - nothing on the host answered (KVM's -KVM_ENOSYS), for
 *   instance because the host hook is not loaded
 * * %EPERM - KVM refused the call (-KVM_EPERM); or, before any hypercall,
 *   the guest is a confidential one (SEV, TDX) and the number is one of
 *   KVM's own (1 to 12, as the default 12), which the driver's
 *   allow_kvm_nr_in_cc parameter does not allow
 * * %EINVAL, %E2BIG, %EFAULT - KVM's -KVM_EINVAL, -KVM_E2BIG, -KVM_EFAULT
 * * %EIO - any other answer from the host
 * * %EBADF - the device is not open for writing
 */
#define HYPERCALL_IOC_HELLO0	_IO(HYPERCALL_IOC_MAGIC, 0x00)

/**
 * define HYPERCALL_IOC_HELLO1 - issue the HELLO1 hypercall with an int
 *
 * The int is passed by value as the ioctl argument, the way
 * KVM_CHECK_EXTENSION takes its argument: ``ioctl(fd, HYPERCALL_IOC_HELLO1,
 * 123)``. Only its low 32 bits count: the x86-64 ABI leaves the upper bits
 * of an int passed to a variadic function unspecified (clang -O2 passes
 * whatever the register held), so they are ignored, whatever they are.
 *
 * Return: as %HYPERCALL_IOC_HELLO0.
 */
#define HYPERCALL_IOC_HELLO1	_IO(HYPERCALL_IOC_MAGIC, 0x01)

/**
 * define HYPERCALL_IOC_CALL - issue any allowed hypercall
 *
 * Takes a pointer to &struct hypercall_call. The host's answer is returned in
 * @ret and kept apart from errno: a call the host refused still returns 0.
 *
 * @ret is written once before the hypercall (with the value it holds) and
 * once after, so that a @ret that cannot be written fails the ioctl before
 * the call is made, not after. What remains: should another thread unmap
 * or write-protect @ret between the two writes, the call is made and the
 * ioctl returns %EFAULT; a caller that does so cannot tell whether it was.
 *
 * Return: 0 when the hypercall was made, otherwise -1 with errno:
 *
 * * %EPERM - @nr is not in the driver's allow-list (allow_nr, default 13
 *   to 16), so that a holder of the device cannot fire KVM's own
 *   hypercalls at will; or the guest is a confidential one and @nr is one
 *   of KVM's own (1 to 12), even if listed, unless allow_kvm_nr_in_cc is set
 * * %EINVAL - @nargs above 4, @flags not 0, or @nr above 32 bits
 * * %EFAULT - the argument is not a valid pointer, or @ret is not writable
 *   (no hypercall was made)
 * * %EBADF - the device is not open for writing
 */
#define HYPERCALL_IOC_CALL	_IOWR(HYPERCALL_IOC_MAGIC, 0x02, struct hypercall_call)

/* The largest input, and the largest output, of HYPERCALL_IOC_CALL_BUF. */
#define HYPERCALL_BUF_MAX	(64 * 1024)

/**
 * struct hypercall_buf_call - a hypercall with data, for %HYPERCALL_IOC_CALL_BUF
 * @nr: the hypercall number; the driver's allow_nr parameter must list it
 * @flags: must be 0
 * @in_len: bytes in @in, at most %HYPERCALL_BUF_MAX (0: no input)
 * @in: address of the input buffer
 * @out_len: bytes in @out, at most %HYPERCALL_BUF_MAX (0: no output)
 * @reserved: must be 0
 * @out: address of the output buffer
 * @ret: out: the host's answer in RAX, unchanged
 *
 * The hypercall's registers: a0 and a1 the guest physical address and
 * length of the input, a2 and a3 those of the output (address 0 where the
 * length is 0). Each buffer is physically contiguous in the guest.
 */
struct hypercall_buf_call {
	__u64 nr;
	__u32 flags;
	__u32 in_len;
	__u64 in;
	__u32 out_len;
	__u32 reserved;
	__u64 out;
	__s64 ret;
};

/**
 * define HYPERCALL_IOC_CALL_BUF - issue an allowed hypercall that carries data
 *
 * Takes a pointer to &struct hypercall_buf_call. The driver copies @in once
 * into pages of its own (so the caller cannot change it while the host
 * reads it), passes their guest physical address, and after the call copies
 * all @out_len bytes of its output pages to @out: what the host wrote, and
 * zeros elsewhere. In a confidential guest (SEV, TDX) those pages are
 * shared with the host (decrypted) for the call; nothing else of the
 * guest's is.
 *
 * @ret, and @out, are written before the call (@out with zeros) so that a
 * buffer that cannot be written fails the ioctl before the call is made.
 *
 * Return: 0 when the hypercall was made, otherwise -1 with errno:
 *
 * * %EPERM - as %HYPERCALL_IOC_CALL
 * * %EINVAL - @flags or @reserved not 0, or @nr above 32 bits
 * * %E2BIG - @in_len or @out_len above %HYPERCALL_BUF_MAX
 * * %EFAULT - a pointer is not valid, or @in not readable, or @out or @ret
 *   not writable (no hypercall was made); or, as for %HYPERCALL_IOC_CALL,
 *   @out or @ret was unmapped during the call (it was made)
 * * %ENOMEM - no memory for the driver's pages
 * * %EBADF - the device is not open for writing
 */
#define HYPERCALL_IOC_CALL_BUF	_IOWR(HYPERCALL_IOC_MAGIC, 0x03, struct hypercall_buf_call)

/**
 * define HYPERCALL_NR_DISCOVER - the discovery hypercall, answered by the host hook
 *
 * Numbers this project picks by default lie in 0x4B480000-0x4B48FFFF ("KH"),
 * out of the way of KVM's own (1 to 12, growing one by one) and of those
 * other projects use (kAFL/Nyx 31, Hygon 100, 13-19 in several). The
 * tutorial's 12 and 13 and the samples' 14-16 stay as they are.
 *
 * With a0 = a1 = 0 (a probe, which a 32-bit guest can make too) the host
 * answers %HYPERCALL_DISCOVER_MAGIC. With a0 the guest physical address of a
 * physically contiguous buffer and a1 its length (at most 64 KiB), a2 = a3
 * = 0, the host writes as much of the table (&struct hypercall_discover_hdr
 * and its entries) as fits and answers the table's whole size: a guest
 * whose buffer was too small calls again with a larger one. Errors:
 * -KVM_EINVAL (a2 or a3 not 0), -KVM_E2BIG (a1 past 64 KiB), -KVM_EFAULT.
 * The table lists only the numbers this VM may call.
 */
#define HYPERCALL_NR_DISCOVER		0x4B480000
#define HYPERCALL_DISCOVER_MAGIC	0x3143484B	/* "KHC1" */

/* hypercalld's built-in calls (tools/hypercalld.c), answered by a host program. */
#define HYPERCALL_NR_ECHO		0x4B480001
#define HYPERCALL_NR_PROGRAM_SAY	0x4B480002

/*
 * A hypercall answered by a host program may get -HYPERCALL_EAGAIN: it was
 * not answered (the program's queue is full, or the vCPU was interrupted
 * in a confidential guest, which cannot be sent back before the call): call
 * again. -HYPERCALL_ETIMEDOUT: the program did not answer in time.
 */
#define HYPERCALL_EAGAIN		11
#define HYPERCALL_ETIMEDOUT		110

/* The table's magic, "KVMHCDSC" as a little-endian __u64. */
#define HYPERCALL_DISCOVER_TABLE_MAGIC	0x43534443484D564BULL
#define HYPERCALL_ABI_VERSION		1

/**
 * struct hypercall_discover_hdr - the head of the discovery table
 * @magic: %HYPERCALL_DISCOVER_TABLE_MAGIC
 * @abi_version: %HYPERCALL_ABI_VERSION
 * @hdr_size: sizeof(struct hypercall_discover_hdr), 40
 * @entry_size: sizeof(struct hypercall_discover_entry), 40
 * @count: entries that follow
 * @total_size: @hdr_size + @count * @entry_size
 * @discover_nr: the number the table was asked through
 * @flags: 0
 * @generation: changes whenever a number is registered, claimed or let go,
 *	so a guest can tell that a table it read earlier is stale
 */
struct hypercall_discover_hdr {
	__u64 magic;
	__u32 abi_version;
	__u16 hdr_size;
	__u16 entry_size;
	__u32 count;
	__u32 total_size;
	__u32 discover_nr;
	__u32 flags;
	__u64 generation;
};

/* Who answers a number: a kernel module on the host, or a host program. */
#define HYPERCALL_DISCOVER_KERNEL	1
#define HYPERCALL_DISCOVER_PROGRAM	2

/* The call carries a buffer (a0, a1 input; a2, a3 output, by GPA). */
#define HYPERCALL_DISCOVER_BUF		(1 << 0)

/**
 * struct hypercall_discover_entry - one number this VM may call
 * @nr: the hypercall number
 * @kind: %HYPERCALL_DISCOVER_KERNEL or %HYPERCALL_DISCOVER_PROGRAM
 * @flags: %HYPERCALL_DISCOVER_BUF, or 0
 * @max_in: for a program's call with a buffer: the most input bytes it takes
 * @reserved: 0
 * @name: its name, NUL-terminated
 */
struct hypercall_discover_entry {
	__u32 nr;
	__u16 kind;
	__u16 flags;
	__u32 max_in;
	__u32 reserved;
	char name[24];
};

/**
 * struct hypercall_discover_call - what %HYPERCALL_IOC_DISCOVER fills
 * @buf: address of a buffer for the table
 * @len: its size, at most %HYPERCALL_BUF_MAX
 * @flags: must be 0
 * @ret: out: the host's answer, the table's whole size (more than @len:
 *	call again with a larger buffer), or a negative -KVM_* code
 */
struct hypercall_discover_call {
	__u64 buf;
	__u32 len;
	__u32 flags;
	__s64 ret;
};

/**
 * define HYPERCALL_IOC_DISCOVER - read what the host offers this VM
 *
 * Takes a pointer to &struct hypercall_discover_call and issues
 * %HYPERCALL_NR_DISCOVER (allowed whatever allow_nr says) with a buffer of
 * the driver's, copied to @buf after the call.
 *
 * Return: 0 when the hypercall was made, otherwise -1 with errno: %EINVAL
 * (@flags not 0), %E2BIG (@len past %HYPERCALL_BUF_MAX), %EFAULT, %ENOMEM,
 * %EBADF (not open for writing).
 */
#define HYPERCALL_IOC_DISCOVER	_IOWR(HYPERCALL_IOC_MAGIC, 0x04, struct hypercall_discover_call)

#endif /* _UAPI_LINUX_HYPERCALL_H */
