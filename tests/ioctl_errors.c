// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_errors: what /dev/hypercall answers to bad and extreme requests, as
 * TAP. Expects the host hook loaded (HELLO0/HELLO1 answered 0), nr 14
 * unanswered (-KVM_ENOSYS) and the driver's default allow_nr (13 to 16), as
 * the hostile test sets up. DISCOVER's results are checked, not what the
 * host answers it (an older hook answers -KVM_ENOSYS).
 *
 * The summary line "inputs N wrong M" feeds the suite's totals.
 *
 * Two single calls, for tests that check what the host traced:
 *   ioctl_errors hello1 VALUE     HELLO1 with VALUE as the raw 64-bit argument
 *   ioctl_errors call-ro-ret A0   CALL of nr 13 (HELLO1) with A0, its ret
 *                                 field in a read-only page
 * each printing "ok" or the error, and exiting 0 or 1.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/hypercall.h>

static int inputs, wrong;

/* expect: want_errno 0 means success. */
static void expect(int fd, unsigned long cmd, unsigned long arg, int want,
		   const char *what)
{
	int ret = ioctl(fd, cmd, arg);
	int err = ret ? errno : 0;

	inputs++;
	if ((want == 0 && ret == 0) || (want && ret == -1 && err == want)) {
		printf("ok - %s: %s\n", what, want ? strerror(want) : "success");
		return;
	}
	printf("not ok - %s: want %s, got ret %d (%s)\n", what,
	       want ? strerror(want) : "success", ret,
	       ret ? strerror(err) : "success");
	wrong++;
}

static void expect_call(int fd, struct hypercall_call *c, int want,
			long long want_ret, const char *what)
{
	c->ret = 0x5a5a5a5a;
	expect(fd, HYPERCALL_IOC_CALL, (unsigned long)c, want, what);
	if (!want && c->ret != want_ret) {
		printf("not ok - %s: host answered %lld, want %lld\n", what,
		       (long long)c->ret, want_ret);
		wrong++;
	}
}

/* DISCOVER into @buf: the ioctl's result alone, whatever the host answers. */
static void expect_discover(int fd, void *buf, unsigned int len,
			    unsigned int flags, int want, const char *what)
{
	struct hypercall_discover_call d = {
		.buf = (unsigned long)buf,
		.len = len,
		.flags = flags,
	};

	expect(fd, HYPERCALL_IOC_DISCOVER, (unsigned long)&d, want, what);
}

/*
 * A struct hypercall_call whose ret field alone lies in a read-only page,
 * the rest in a writable one before it; NULL on failure.
 */
static struct hypercall_call *ro_ret_call(unsigned long long nr,
					  unsigned long long a0)
{
	long page = sysconf(_SC_PAGESIZE);
	struct hypercall_call *c;
	char *map;

	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	c = (struct hypercall_call *)(map + page - offsetof(struct hypercall_call, ret));
	memset(c, 0, sizeof(*c));
	c->nr = nr;
	c->nargs = 1;
	c->args[0] = a0;
	if (mprotect(map + page, page, PROT_READ))
		return NULL;
	return c;
}

static int open_dev(int flags)
{
	int fd = open("/dev/hypercall", flags);

	if (fd < 0)
		printf("not ok - open /dev/hypercall: %s\n", strerror(errno));
	return fd;
}

/* One call, for a test that checks what the host traced. */
static int single(const char *what, const char *value)
{
	unsigned long long v = strtoull(value, NULL, 0);
	struct hypercall_call *c;
	int fd = open_dev(O_RDWR);
	int ret;

	if (fd < 0)
		return 1;
	if (!strcmp(what, "hello1")) {
		ret = ioctl(fd, HYPERCALL_IOC_HELLO1, (unsigned long)v);
	} else if (!strcmp(what, "call-ro-ret")) {
		c = ro_ret_call(HYPERCALL_NR_HELLO1, v);
		if (!c) {
			perror("mmap");
			return 1;
		}
		ret = ioctl(fd, HYPERCALL_IOC_CALL, c);
	} else {
		fprintf(stderr, "usage: ioctl_errors [hello1 VALUE | call-ro-ret A0]\n");
		return 2;
	}
	printf("%s\n", ret ? strerror(errno) : "ok");
	close(fd);
	return ret != 0;
}

/* The device must be open for writing: EBADF otherwise, and no call made. */
static void open_modes(void)
{
	struct hypercall_call c = { .nr = HYPERCALL_NR_HELLO1, .nargs = 1 };
	int fd;

	fd = open_dev(O_RDONLY);
	if (fd < 0) {
		wrong++;
		return;
	}
	expect(fd, HYPERCALL_IOC_HELLO0, 0, EBADF, "HELLO0 on a read-only open");
	expect(fd, HYPERCALL_IOC_HELLO1, 1, EBADF, "HELLO1 on a read-only open");
	expect_call(fd, &c, EBADF, 0, "CALL on a read-only open");
	expect_discover(fd, NULL, 0, 0, EBADF, "DISCOVER on a read-only open");
	close(fd);

	fd = open_dev(O_WRONLY);
	if (fd < 0) {
		wrong++;
		return;
	}
	expect(fd, HYPERCALL_IOC_HELLO0, 0, 0, "HELLO0 on a write-only open");
	close(fd);
}

int main(int argc, char **argv)
{
	struct hypercall_call c = { .nr = HYPERCALL_NR_HELLO1, .nargs = 1 };
	long page = sysconf(_SC_PAGESIZE);
	struct hypercall_call *edge, *ro_ret;
	char *map, *table;
	int fd;

	if (argc > 1)
		return single(argv[1], argc > 2 ? argv[2] : "0");

	fd = open_dev(O_RDWR);
	if (fd < 0)
		return 1;
	/* Two pages, the second inaccessible: a struct that straddles them. */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + page, page, PROT_NONE))
		return 1;
	edge = (struct hypercall_call *)(map + page - 8);
	ro_ret = ro_ret_call(HYPERCALL_NR_HELLO1, 1);
	table = malloc(HYPERCALL_BUF_MAX);
	if (!ro_ret || !table)
		return 1;

	expect(fd, _IO(HYPERCALL_IOC_MAGIC, 0x7f), 0, ENOTTY, "unknown ioctl number");
	expect(fd, _IO('K', 0x00), 0, ENOTTY, "another driver's ioctl");
	expect(fd, _IO(0xCA, 0x00), 0, ENOTTY,
	       "CXL's magic 0xCA, HELLO0's number once, is not ours");
	expect(fd, _IOW(HYPERCALL_IOC_MAGIC, 0x00, int), 0, ENOTTY,
	       "HELLO0's number with a size");
	expect(fd, _IOWR(HYPERCALL_IOC_MAGIC, 0x02, __u64), (unsigned long)&c,
	       ENOTTY, "CALL's number with the wrong size");
	expect(fd, _IOW(HYPERCALL_IOC_MAGIC, 0x02, struct hypercall_call),
	       (unsigned long)&c, ENOTTY, "CALL's number with the wrong direction");

	/* The int's low 32 bits count; the ABI leaves the rest unspecified. */
	expect(fd, HYPERCALL_IOC_HELLO1, (unsigned int)INT_MIN, 0, "HELLO1 INT_MIN");
	expect(fd, HYPERCALL_IOC_HELLO1, INT_MAX, 0, "HELLO1 INT_MAX");
	expect(fd, HYPERCALL_IOC_HELLO1, (unsigned long)(long)INT_MIN, 0,
	       "HELLO1 INT_MIN sign-extended");
	expect(fd, HYPERCALL_IOC_HELLO1, 0x100000000UL, 0,
	       "HELLO1 2^32, accepted as its low 32 bits (0)");
	expect(fd, HYPERCALL_IOC_HELLO1, (unsigned long)INT_MIN - 1, 0,
	       "HELLO1 INT_MIN - 1, accepted as its low 32 bits (INT_MAX)");
	expect(fd, HYPERCALL_IOC_HELLO1, 0x8000000000000000UL, 0,
	       "HELLO1 LONG_MIN, accepted as its low 32 bits (0)");
	expect(fd, HYPERCALL_IOC_HELLO1, ULONG_MAX, 0, "HELLO1 -1 as ULONG_MAX");
	expect(fd, HYPERCALL_IOC_HELLO0, ULONG_MAX, 0, "HELLO0 ignores its argument");

	expect(fd, HYPERCALL_IOC_CALL, 0, EFAULT, "CALL with NULL");
	expect(fd, HYPERCALL_IOC_CALL, 0x1000, EFAULT, "CALL with an unmapped address");
	expect(fd, HYPERCALL_IOC_CALL, 0xffff888000000000UL, EFAULT,
	       "CALL with a kernel address");
	expect(fd, HYPERCALL_IOC_CALL, (unsigned long)edge, EFAULT,
	       "CALL with a struct straddling into an inaccessible page");
	expect(fd, HYPERCALL_IOC_CALL, (unsigned long)(map + page), EFAULT,
	       "CALL with an inaccessible page");
	expect(fd, HYPERCALL_IOC_CALL, ULONG_MAX - 8, EFAULT, "CALL with ULONG_MAX - 8");
	expect(fd, HYPERCALL_IOC_CALL, (unsigned long)ro_ret, EFAULT,
	       "CALL whose ret field is read-only (refused before the call)");

	expect_call(fd, &c, 0, 0, "CALL 13 with nargs 1");
	c.nargs = 5;
	expect_call(fd, &c, EINVAL, 0, "CALL with nargs 5");
	c.nargs = UINT_MAX;
	expect_call(fd, &c, EINVAL, 0, "CALL with nargs UINT_MAX");
	c.nargs = 4;
	c.flags = 1;
	expect_call(fd, &c, EINVAL, 0, "CALL with flags 1");
	c.flags = 0;
	c.nr = 0x10000000dULL;
	expect_call(fd, &c, EINVAL, 0, "CALL with nr 2^32 + 13");
	c.nr = 1;
	expect_call(fd, &c, EPERM, 0, "CALL with nr 1 (KVM's, not allowed)");
	c.nr = 5;
	expect_call(fd, &c, EPERM, 0, "CALL with nr 5 (KICK_CPU, not allowed)");
	c.nr = 12;
	expect_call(fd, &c, EPERM, 0,
		    "CALL with nr 12 (KVM's MAP_GPA_RANGE, not in the default allow_nr)");
	c.nr = HYPERCALL_NR_HOST_INFO;
	expect_call(fd, &c, 0, -1000, "CALL 14 unanswered: raw -KVM_ENOSYS in ret");
	c.nr = HYPERCALL_NR_HELLO1;
	c.args[0] = ULONG_MAX;
	c.args[3] = ULONG_MAX;
	expect_call(fd, &c, 0, 0, "CALL 13 with 4 extreme arguments");

	expect(fd, HYPERCALL_IOC_DISCOVER, 0, EFAULT, "DISCOVER with NULL");
	expect(fd, HYPERCALL_IOC_DISCOVER, (unsigned long)(map + page - 8), EFAULT,
	       "DISCOVER with a struct straddling into an inaccessible page");
	expect(fd, _IOWR(HYPERCALL_IOC_MAGIC, 0x04, __u64), (unsigned long)table,
	       ENOTTY, "DISCOVER's number with the wrong size");
	expect_discover(fd, table, 4096, 1, EINVAL, "DISCOVER with flags 1");
	expect_discover(fd, table, HYPERCALL_BUF_MAX + 1, 0, E2BIG,
			"DISCOVER with len HYPERCALL_BUF_MAX + 1");
	expect_discover(fd, table, UINT_MAX, 0, E2BIG, "DISCOVER with len UINT_MAX");
	expect_discover(fd, NULL, 1, 0, EFAULT, "DISCOVER into NULL");
	expect_discover(fd, (void *)0x1000, 4096, 0, EFAULT,
			"DISCOVER into an unmapped address");
	expect_discover(fd, map + page - 8, 16, 0, EFAULT,
			"DISCOVER into a buffer straddling into an inaccessible page");
	expect_discover(fd, (void *)0xffff888000000000UL, 4096, 0, EFAULT,
			"DISCOVER into a kernel address");
	expect_discover(fd, NULL, 0, 0, 0, "DISCOVER with len 0 (the probe)");
	expect_discover(fd, table, 4096, 0, 0, "DISCOVER into a page");
	expect_discover(fd, table, HYPERCALL_BUF_MAX, 0, 0,
			"DISCOVER into HYPERCALL_BUF_MAX bytes");
	free(table);
	close(fd);

	open_modes();

	printf("# ioctl_errors: inputs %d wrong %d\n", inputs, wrong);
	return wrong != 0;
}
