// SPDX-License-Identifier: GPL-2.0
/*
 * bench_ioctl COUNT: time COUNT HYPERCALL_IOC_HELLO0 ioctls from userspace
 * and print ns per call: what a program pays on top of the hypercall.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/hypercall.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long long start;
	long i, count;
	int fd;

	count = argc == 2 ? strtol(argv[1], NULL, 0) : 0;
	if (count <= 0) {
		fprintf(stderr, "usage: %s COUNT\n", argv[0]);
		return 2;
	}
	fd = open("/dev/hypercall", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "%s: /dev/hypercall: %s\n", argv[0], strerror(errno));
		return 1;
	}
	start = now_ns();
	for (i = 0; i < count; i++) {
		if (ioctl(fd, HYPERCALL_IOC_HELLO0)) {
			fprintf(stderr, "%s: HELLO0: %s\n", argv[0], strerror(errno));
			return 1;
		}
	}
	printf("%llu\n", (now_ns() - start) / count);
	close(fd);
	return 0;
}
