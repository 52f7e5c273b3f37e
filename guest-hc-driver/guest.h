/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the /dev/hypercall guest driver. */

#ifndef HYPERCALL_GUEST_H
#define HYPERCALL_GUEST_H

int hc_kvm_errno(long ret);

long hc_ioctl_hello0(void);
long hc_ioctl_hello1(unsigned long arg);

#endif /* HYPERCALL_GUEST_H */
