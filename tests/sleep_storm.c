// SPDX-License-Identifier: GPL-2.0
/*
 * sleep_storm NR EPOCH SLEEP_MS: a worker per online CPU calls NR through
 * /dev/hypercall in a loop, a0 distinct for every call, until the file
 * EPOCH reads "stop". The host's handler (tests/modules/hc_test, nr_sleep)
 * sleeps SLEEP_MS, then answers a0 + 1, while the host unloads and reloads
 * it and the hook.
 *
 * EPOCH is the host's count of its unload windows: it makes it odd (by a
 * rename, so a read never sees half of it) before it unloads anything, and
 * even again once everything is back. A call that got -KVM_ENOSYS is right
 * only if it may have met such a window: an odd count when it began, or a
 * different one when it ended. Any other answer is wrong.
 *
 * Prints "calls N answered N slept N enosys N wrong N" (slept: answered
 * a0 + 1 after at least SLEEP_MS); exit status 0 when nothing was wrong.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/hypercall.h>

#define KVM_ENOSYS	1000
#define MAX_WORKERS	64

struct counts {
	unsigned long long calls, answered, slept, enosys, wrong;
};

static const char *epoch_path;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The host's count, or -1 for "stop" (or a file that cannot be read). */
static long read_epoch(void)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = open(epoch_path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (!strncmp(buf, "stop", 4))
		return -1;
	return strtol(buf, NULL, 10);
}

static void worker(unsigned int w, unsigned long long nr,
		   unsigned long long sleep_ns, struct counts *c)
{
	struct hypercall_call call = { .nr = nr, .nargs = 1 };
	unsigned long long i, start, took;
	long e0, e1;
	cpu_set_t set;
	int fd;

	CPU_ZERO(&set);
	CPU_SET(w, &set);
	sched_setaffinity(0, sizeof(set), &set);
	fd = open("/dev/hypercall", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "sleep_storm: /dev/hypercall: %s\n", strerror(errno));
		c->wrong++;
		return;
	}
	for (i = 0; ; i++) {
		e0 = read_epoch();
		if (e0 < 0)
			break;
		call.args[0] = (unsigned long long)w << 40 | i;
		start = now_ns();
		if (ioctl(fd, HYPERCALL_IOC_CALL, &call)) {
			fprintf(stderr, "sleep_storm: ioctl: %s\n", strerror(errno));
			c->wrong++;
			break;
		}
		took = now_ns() - start;
		e1 = read_epoch();
		c->calls++;
		if (call.ret == (long long)call.args[0] + 1) {
			c->answered++;
			c->slept += took >= sleep_ns;
		} else if (call.ret == -KVM_ENOSYS && (e0 % 2 || e1 != e0)) {
			c->enosys++;
		} else if (c->wrong++ < 3) {
			fprintf(stderr, "sleep_storm: cpu %u: a0 %#llx answered %lld (epochs %ld, %ld)\n",
				w, (unsigned long long)call.args[0], (long long)call.ret, e0, e1);
		}
	}
	close(fd);
}

int main(int argc, char **argv)
{
	struct counts *c, sum = { 0 };
	unsigned long long nr, sleep_ms;
	long n;
	int w;

	if (argc != 4) {
		fprintf(stderr, "usage: %s NR EPOCH SLEEP_MS\n", argv[0]);
		return 2;
	}
	nr = strtoull(argv[1], NULL, 0);
	epoch_path = argv[2];
	sleep_ms = strtoull(argv[3], NULL, 0);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1 || n > MAX_WORKERS)
		n = 1;
	c = mmap(NULL, n * sizeof(*c), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED) {
		perror("sleep_storm: mmap");
		return 1;
	}
	for (w = 0; w < n; w++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("sleep_storm: fork");
			return 1;
		}
		if (!pid) {
			worker(w, nr, sleep_ms * 1000000, &c[w]);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	for (w = 0; w < n; w++) {
		sum.calls += c[w].calls;
		sum.answered += c[w].answered;
		sum.slept += c[w].slept;
		sum.enosys += c[w].enosys;
		sum.wrong += c[w].wrong;
	}
	printf("calls %llu answered %llu slept %llu enosys %llu wrong %llu\n",
	       sum.calls, sum.answered, sum.slept, sum.enosys, sum.wrong);
	return sum.wrong ? 1 : 0;
}
