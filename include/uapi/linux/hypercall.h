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
 * answers it where KVM would have answered -KVM_ENOSYS.
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

#define HYPERCALL_IOC_MAGIC	0xCA

/**
 * define HYPERCALL_IOC_HELLO0 - issue the HELLO0 hypercall
 *
 * No argument: ``ioctl(fd, HYPERCALL_IOC_HELLO0)``.
 *
 * Return: 0 when the host handled the hypercall, otherwise -1 with errno:
 *
 * * %EOPNOTSUPP - nothing on the host answered (KVM's -KVM_ENOSYS), for
 *   instance because the host hook is not loaded
 * * %EPERM - KVM refused the call (-KVM_EPERM)
 * * %EINVAL, %E2BIG, %EFAULT - KVM's -KVM_EINVAL, -KVM_E2BIG, -KVM_EFAULT
 * * %EIO - any other negative answer from the host
 */
#define HYPERCALL_IOC_HELLO0	_IO(HYPERCALL_IOC_MAGIC, 0x00)

/**
 * define HYPERCALL_IOC_HELLO1 - issue the HELLO1 hypercall with an int
 *
 * The int is passed by value as the ioctl argument, the way
 * KVM_CHECK_EXTENSION takes its argument: ``ioctl(fd, HYPERCALL_IOC_HELLO1,
 * 123)``. The argument is accepted sign-extended (-5 as 0xff..fb) or
 * zero-extended from 32 bits (-5 as 0xfffffffb), since callers' ABIs differ
 * on how an int reaches the kernel; any other 64-bit value is refused with
 * %EINVAL before any hypercall is made.
 *
 * Return: as %HYPERCALL_IOC_HELLO0, plus %EINVAL for a value that is no int.
 */
#define HYPERCALL_IOC_HELLO1	_IO(HYPERCALL_IOC_MAGIC, 0x01)

#endif /* _UAPI_LINUX_HYPERCALL_H */
