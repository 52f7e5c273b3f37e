/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the /dev/hypercall guest driver. */

#ifndef HYPERCALL_GUEST_H
#define HYPERCALL_GUEST_H

#include <linux/types.h>

/* KVM's own hypercall numbers: 1 (VAPIC_POLL_IRQ) to 12 (MAP_GPA_RANGE). */
#define HC_KVM_NR_MAX	12

struct hypercall_call;
struct hypercall_buf_call;
struct hypercall_discover_call;

/* buf_call.c: pages of the driver's own for one buffer of a call. */
struct hc_buf {
	void *va;
	size_t size;	/* page-aligned */
	u64 gpa;	/* 0 for no buffer */
};

int hc_buf_get(struct hc_buf *b, u32 len);
void hc_buf_put(struct hc_buf *b);

int hc_kvm_errno(long ret);
bool hc_kvm_nr_refused(u64 nr);

/* device.c: a confidential guest (SEV, TDX), whose memory the host cannot read */
extern bool hc_cc_guest;

int hc_check_nr(const char *name, unsigned long nr);
int hc_hello_check_params(void);
int hc_call_check_params(void);
bool hc_call_allowed(u64 nr);

long hc_ioctl_hello0(void);
long hc_ioctl_hello1(unsigned long arg);
long hc_ioctl_call(struct hypercall_call __user *uarg);
long hc_ioctl_call_buf(struct hypercall_buf_call __user *uarg);
long hc_ioctl_discover(struct hypercall_discover_call __user *uarg);

void hc_discover_log(void);

#endif /* HYPERCALL_GUEST_H */
