// SPDX-License-Identifier: GPL-2.0
/*
 * The tutorial's test, over /dev/hypercall instead of syscalls 440/441:
 * HELLO0, then HELLO1 with each argument given (default 123).
 *
 * Exit status: 0 when every call returned 0, 1 when any failed, 2 on misuse.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/hypercall.h>

static const char *hint(int err)
{
	switch (err) {
	case EOPNOTSUPP:
		return " (no host hook answered: is hypercall_hook loaded on the host?)";
	case EPERM:
		return " (KVM refused the call)";
	default:
		return "";
	}
}

static int report(const char *what, int ret)
{
	if (ret == 0) {
		printf("%s: ok\n", what);
		return 0;
	}
	printf("%s: %s%s\n", what, strerror(errno), hint(errno));
	return 1;
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/hypercall";
	char what[64];
	int failed = 0;
	int fd, i;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: %s [A0...]\n"
		       "Issue HELLO0, then HELLO1 with each int A0 (default 123), through %s.\n",
		       argv[0], dev);
		return 0;
	}

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], dev, strerror(errno));
		return 1;
	}

	failed |= report("HELLO0", ioctl(fd, HYPERCALL_IOC_HELLO0));

	for (i = 1; i < argc || i == 1; i++) {
		const char *arg = i < argc ? argv[i] : "123";
		char *end;
		long a0;

		errno = 0;
		a0 = strtol(arg, &end, 0);
		if (errno || *end || a0 < INT_MIN || a0 > INT_MAX) {
			fprintf(stderr, "%s: '%s' is not an int\n", argv[0], arg);
			return 2;
		}
		snprintf(what, sizeof(what), "HELLO1 %ld", a0);
		failed |= report(what, ioctl(fd, HYPERCALL_IOC_HELLO1, (int)a0));
	}

	close(fd);
	return failed;
}
