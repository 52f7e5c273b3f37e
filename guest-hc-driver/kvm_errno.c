// SPDX-License-Identifier: GPL-2.0
/*
 * What a hypercall's answer means to the caller of an ioctl.
 *
 * KVM answers with the negative -KVM_* codes of <uapi/linux/kvm_para.h>.
 * -KVM_ENOSYS is not passed on as ENOSYS, which the kernel keeps for unknown
 * system calls: it means nothing on the host answered the number.
 */

#include <linux/errno.h>
#include <linux/kvm_para.h>

#include "guest.h"

/**
 * hc_kvm_errno() - turn a host's answer into 0 or a negative errno
 * @ret: the value the hypercall returned in RAX
 *
 * The hello hypercalls answer 0; anything else came from someone else (a
 * Hyper-V status, say, when the guest enabled Hyper-V's ABI).
 *
 * Return: 0 for 0, the matching -errno for KVM's codes, -EIO otherwise.
 */
int hc_kvm_errno(long ret)
{
	if (!ret)
		return 0;

	switch (ret) {
	case -KVM_ENOSYS:
	case -KVM_EOPNOTSUPP:
		return -EOPNOTSUPP;
	case -KVM_EPERM:
		return -EPERM;
	case -KVM_EINVAL:
		return -EINVAL;
	case -KVM_E2BIG:
		return -E2BIG;
	case -KVM_EFAULT:
		return -EFAULT;
	default:
		return -EIO;
	}
}
