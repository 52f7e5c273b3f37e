// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_errors: the errors /dev/hypercall promises for bad requests, as TAP.
 * Each check makes no hypercall, so it holds whether the host hook is there
 * or not.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/hypercall.h>

static int failed;

static void expect_errno(int fd, unsigned long cmd, unsigned long arg,
			 int want, const char *what)
{
	int ret = ioctl(fd, cmd, arg);
	int err = errno;

	if (ret == -1 && err == want) {
		printf("ok - %s: %s\n", what, strerror(want));
	} else {
		printf("not ok - %s: want %s, got ret %d (%s)\n", what,
		       strerror(want), ret, ret ? strerror(err) : "success");
		failed = 1;
	}
}

int main(void)
{
	int fd = open("/dev/hypercall", O_RDWR);

	if (fd < 0) {
		printf("not ok - open /dev/hypercall: %s\n", strerror(errno));
		return 1;
	}
	expect_errno(fd, _IO(HYPERCALL_IOC_MAGIC, 0x7f), 0, ENOTTY,
		     "unknown ioctl number");
	expect_errno(fd, _IO('K', 0x00), 0, ENOTTY, "another driver's ioctl");
	expect_errno(fd, HYPERCALL_IOC_HELLO1, 0x100000000UL, EINVAL,
		     "HELLO1 with a 64-bit value");
	expect_errno(fd, HYPERCALL_IOC_HELLO1, 0x8000000000000000UL, EINVAL,
		     "HELLO1 with LONG_MIN");
	close(fd);
	return failed;
}
