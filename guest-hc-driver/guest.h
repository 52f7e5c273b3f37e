/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the /dev/hypercall guest driver. */

#ifndef HYPERCALL_GUEST_H
#define HYPERCALL_GUEST_H

struct hypercall_call;

int hc_kvm_errno(long ret);

long hc_ioctl_hello0(void);
long hc_ioctl_hello1(unsigned long arg);
long hc_ioctl_call(struct hypercall_call __user *uarg);

#endif /* HYPERCALL_GUEST_H */
