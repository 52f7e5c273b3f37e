// SPDX-License-Identifier: GPL-2.0
/*
 * buf_calls: HYPERCALL_IOC_CALL_BUF and the host's guest memory API, from
 * the guest, against the test handlers of tests/modules/hc_test (24 read,
 * 25 write, 26 echo reversed, 27 read twice around a sleep of the host's
 * sleep_ms, which must be about 100 ms). The driver's allow_nr must list
 * 24 to 27.
 *
 * Prints a line per check, "name<TAB>got<TAB>want", for the caller to turn
 * into TAP. Exit status 0, or 2 if the test itself could not run.
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/hypercall.h>

enum { NR_READ = 24, NR_WRITE, NR_ECHO, NR_REREAD };

#define CAP	HYPERCALL_BUF_MAX

static int fd;

static uint32_t hash(const unsigned char *p, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void report(const char *name, long long got, long long want)
{
	printf("%s\t%lld\t%lld\n", name, got, want);
}

/* The ioctl: its errno (0 for success), and the host's answer in *ret. */
static int buf_call(uint64_t nr, const void *in, uint32_t in_len, void *out,
		    uint32_t out_len, long long *ret)
{
	struct hypercall_buf_call c = {
		.nr = nr, .in = (unsigned long)in, .in_len = in_len,
		.out = (unsigned long)out, .out_len = out_len,
	};

	if (ioctl(fd, HYPERCALL_IOC_CALL_BUF, &c))
		return errno;
	*ret = c.ret;
	return 0;
}

/* HYPERCALL_IOC_CALL with a0, a1: a raw GPA for the host to use. */
static long long raw_call(uint64_t nr, uint64_t a0, uint64_t a1)
{
	struct hypercall_call c = { .nr = nr, .nargs = 2, .args = { a0, a1 } };

	if (ioctl(fd, HYPERCALL_IOC_CALL, &c))
		return -100000 - errno;
	return c.ret;
}

static void test_echo(void)
{
	static const uint32_t lens[] = { 1, 64, 4095, 4096, 4097, 10000, CAP };
	unsigned char *in = malloc(CAP), *out = malloc(CAP);
	char name[80];
	long long ret = 0;
	unsigned int i;
	uint32_t j, len;
	int err;

	if (!in || !out)
		exit(2);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		len = lens[i];
		for (j = 0; j < len; j++)
			in[j] = (unsigned char)(j * 13 + i);
		memset(out, 0xff, CAP);
		err = buf_call(NR_ECHO, in, len, out, len, &ret);
		snprintf(name, sizeof(name), "echo %u bytes: errno, answer", len);
		report(name, err ? -err : ret, len);
		for (j = 0; j < len && out[j] == in[len - 1 - j]; j++)
			;
		snprintf(name, sizeof(name), "echo %u bytes: the output is the input reversed", len);
		report(name, j, len);
	}
	/* An output larger than the answer: the rest is zeros, not old data. */
	memset(out, 0xff, 8192);
	err = buf_call(NR_ECHO, in, 100, out, 8192, &ret);
	for (j = 100; j < 8192 && !out[j]; j++)
		;
	report("echo 100 bytes into 8192: the rest of the output is zeros", err ? -err : (long long)j, 8192);

	err = buf_call(NR_ECHO, NULL, 0, NULL, 0, &ret);
	report("echo of nothing: answer 0", err ? -err : ret, 0);
	report("input of the cap + 1: E2BIG", buf_call(NR_ECHO, in, CAP + 1, out, 16, &ret), E2BIG);
	report("output of the cap + 1: E2BIG", buf_call(NR_ECHO, in, 16, out, CAP + 1, &ret), E2BIG);
	free(in);
	free(out);
}

static void test_errors(void)
{
	struct hypercall_buf_call c = { .nr = NR_ECHO };
	unsigned char buf[64];
	long long ret;
	void *ro;

	c.flags = 1;
	report("flags not 0: EINVAL", ioctl(fd, HYPERCALL_IOC_CALL_BUF, &c) ? errno : 0, EINVAL);
	c.flags = 0;
	c.reserved = 1;
	report("reserved not 0: EINVAL", ioctl(fd, HYPERCALL_IOC_CALL_BUF, &c) ? errno : 0, EINVAL);
	c.reserved = 0;
	c.nr = 1ULL << 32;
	report("nr above 32 bits: EINVAL", ioctl(fd, HYPERCALL_IOC_CALL_BUF, &c) ? errno : 0, EINVAL);
	report("nr 1, not allowed: EPERM", buf_call(1, buf, 8, buf, 8, &ret), EPERM);
	report("input at an unmapped address: EFAULT",
	       buf_call(NR_ECHO, (void *)16, 8, buf, 8, &ret), EFAULT);
	report("input at a kernel address: EFAULT",
	       buf_call(NR_ECHO, (void *)0xffff888000000000UL, 8, buf, 8, &ret), EFAULT);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED)
		exit(2);
	report("output read-only: EFAULT", buf_call(NR_ECHO, buf, 8, ro, 8, &ret), EFAULT);
	munmap(ro, 4096);
	report("argument at an unmapped address: EFAULT",
	       ioctl(fd, HYPERCALL_IOC_CALL_BUF, (void *)16) ? errno : 0, EFAULT);
}

/* Raw GPAs, which the guest's kernel could pass by mistake or malice. */
static void test_raw_gpas(void)
{
	report("GPA of a kernel pointer (not a GPA): -EFAULT",
	       raw_call(NR_READ, 0xffff888000001000ULL, 16), -EFAULT);
	report("GPA past guest memory (1 TiB): -EFAULT", raw_call(NR_READ, 1ULL << 40, 16), -EFAULT);
	report("GPA in the PCI hole (0xfee00000): -EFAULT",
	       raw_call(NR_READ, 0xfee00000ULL, 16), -EFAULT);
	report("GPA range that wraps around: -EFAULT",
	       raw_call(NR_READ, 0xfffffffffffffff0ULL, 32), -EFAULT);
	report("write to a GPA past guest memory: -EFAULT",
	       raw_call(NR_WRITE, 1ULL << 40, 16), -EFAULT);
	report("length 0 at GPA 0: hash of nothing", raw_call(NR_READ, 0, 0), hash(NULL, 0));
	report("length of the host's cap + 1: -E2BIG", raw_call(NR_READ, 0, CAP + 1), -E2BIG);
	report("length of the host's cap at GPA 0: a hash, not an error",
	       raw_call(NR_READ, 0, CAP) >= 0, 1);
}

struct scribbler {
	unsigned char *p;
	volatile int stop;
};

static void *scribble(void *arg)
{
	struct scribbler *s = arg;
	unsigned char v = 0;

	while (!s->stop)
		memset(s->p, v++, 4096);
	return NULL;
}

/* The caller changes its input during calls: the host reads one copy. */
static void test_scribble(void)
{
	struct scribbler s = { .p = malloc(4096) };
	int i, changed = 0, errs = 0;
	long long ret = 0;
	pthread_t t;

	if (!s.p || pthread_create(&t, NULL, scribble, &s))
		exit(2);
	for (i = 0; i < 10; i++) {
		if (buf_call(NR_REREAD, s.p, 4096, NULL, 0, &ret))
			errs++;
		else if (ret == -EIO)
			changed++;
	}
	s.stop = 1;
	pthread_join(t, NULL);
	report("input changed by another thread during 10 calls: ioctl errors", errs, 0);
	report("... calls where the host saw the input change (-EIO)", changed, 0);
	free(s.p);
}

struct unmapper {
	void *p;
	int ret;
};

static void *unmap_later(void *arg)
{
	struct unmapper *u = arg;

	usleep(30 * 1000);
	u->ret = munmap(u->p, 4096);
	return NULL;
}

/*
 * The output (or input) unmapped while the host sleeps in the call: the
 * call was made; the output cannot be written back (EFAULT), the input was
 * copied before.
 */
static void test_unmap(void)
{
	struct unmapper u;
	unsigned char *in;
	long long ret = 0;
	pthread_t t;
	int err;

	in = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	u.p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (in == MAP_FAILED || u.p == MAP_FAILED)
		exit(2);
	memset(in, 0x42, 4096);
	if (pthread_create(&t, NULL, unmap_later, &u))
		exit(2);
	err = buf_call(NR_REREAD, in, 4096, u.p, 4096, &ret);
	pthread_join(t, NULL);
	report("output unmapped during the call: EFAULT", err, EFAULT);

	u.p = in;
	if (pthread_create(&t, NULL, unmap_later, &u))
		exit(2);
	memset(in, 0x42, 4096);
	err = buf_call(NR_REREAD, in, 4096, NULL, 0, &ret);
	pthread_join(t, NULL);
	{
		unsigned char copy[4096];

		memset(copy, 0x42, sizeof(copy));
		report("input unmapped during the call: the host read the copy",
		       err ? -err : ret, hash(copy, sizeof(copy)));
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open("/dev/hypercall", O_RDWR);
	if (fd < 0) {
		perror("buf_calls: /dev/hypercall");
		return 2;
	}
	test_echo();
	test_errors();
	test_raw_gpas();
	test_scribble();
	test_unmap();
	return 0;
}
