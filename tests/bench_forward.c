// SPDX-License-Identifier: GPL-2.0
/*
 * bench_forward: the round trip of a request and its answer, by hypercall
 * and by virtio-vsock, for the benchmark (tests/e2e/guest-bench.sh).
 *
 *   bench_forward buf NR LEN COUNT
 *	COUNT HYPERCALL_IOC_CALL_BUF ioctls of NR, LEN bytes in and LEN out;
 *	the host must answer LEN with the input copied to the output (the
 *	echo of tools/hypercalld, or nr 28 of tests/modules/hc_test).
 *   bench_forward vsock-client CID PORT LEN COUNT
 *	COUNT round trips over an AF_VSOCK stream to CID:PORT: LEN bytes
 *	written, the same LEN bytes read back.
 *   bench_forward vsock-server PORT
 *	listens on AF_VSOCK port PORT, any CID, and echoes back what each
 *	connection sends, one connection at a time, until killed.
 *
 * The clients print ns per round trip (CLOCK_MONOTONIC, the whole loop, the
 * checks included) on stdout; every answer is checked, and each request differs from the one before (its
 * first 8 bytes count the calls), so that a stale answer does not pass.
 * Exit status: 0 ok, 1 runtime error or wrong answer, 2 usage.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/hypercall.h>
#include <linux/vm_sockets.h>

#define LEN_MAX HYPERCALL_BUF_MAX

static const char *prog = "bench_forward";

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: %s buf NR LEN COUNT\n"
		"       %s vsock-client CID PORT LEN COUNT\n"
		"       %s vsock-server PORT\n", prog, prog, prog);
	return 2;
}

/* A number in [min, max], decimal or 0x hex; -1 if it is not one. */
static long long num(const char *s, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	return v;
}

/* Request i: a pattern of its own, its first 8 bytes (or fewer) i itself. */
static void fill(unsigned char *p, size_t len, unsigned long long i)
{
	size_t j;

	for (j = 0; j < len; j++)
		p[j] = (unsigned char)(j * 7 + 1);
	memcpy(p, &i, len < sizeof(i) ? len : sizeof(i));
}

static int bench_buf(long long nr, long long len, long long count)
{
	static unsigned char in[LEN_MAX], out[LEN_MAX];
	struct hypercall_buf_call c;
	unsigned long long start;
	long long i;
	int fd;

	fd = open("/dev/hypercall", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "%s: /dev/hypercall: %s\n", prog, strerror(errno));
		return 1;
	}
	fill(in, len, 0);
	start = now_ns();
	for (i = 0; i < count; i++) {
		/* Only the counter changes: the rest of the pattern stays. */
		memcpy(in, &i, len < (long long)sizeof(i) ? len : (long long)sizeof(i));
		memset(&c, 0, sizeof(c));
		c.nr = nr;
		c.in = (unsigned long)in;
		c.in_len = len;
		c.out = (unsigned long)out;
		c.out_len = len;
		if (ioctl(fd, HYPERCALL_IOC_CALL_BUF, &c)) {
			fprintf(stderr, "%s: call %lld of nr %#llx: %s\n", prog, i,
				nr, strerror(errno));
			return 1;
		}
		if (c.ret != len || memcmp(in, out, len)) {
			fprintf(stderr, "%s: call %lld of nr %#llx: answer %lld, output %s\n",
				prog, i, nr, (long long)c.ret,
				memcmp(in, out, len) ? "differs from the input" : "as sent");
			return 1;
		}
	}
	printf("%llu\n", (now_ns() - start) / count);
	close(fd);
	return 0;
}

/* All LEN bytes of P to FD; 0, or -1 with errno. */
static int write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* All LEN bytes from FD to P; 0, -1 with errno, or 1 at end of file. */
static int read_all(int fd, unsigned char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			return 1;
		p += n;
		len -= n;
	}
	return 0;
}

static int bench_vsock(long long cid, long long port, long long len, long long count)
{
	static unsigned char in[LEN_MAX], out[LEN_MAX];
	struct sockaddr_vm sa = {
		.svm_family = AF_VSOCK, .svm_cid = cid, .svm_port = port,
	};
	unsigned long long start;
	long long i;
	int fd, r;

	fd = socket(AF_VSOCK, SOCK_STREAM, 0);
	if (fd < 0) {
		fprintf(stderr, "%s: AF_VSOCK socket: %s\n", prog, strerror(errno));
		return 1;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "%s: connect to vsock %lld:%lld: %s\n", prog, cid, port,
			strerror(errno));
		return 1;
	}
	fill(in, len, 0);
	start = now_ns();
	for (i = 0; i < count; i++) {
		memcpy(in, &i, len < (long long)sizeof(i) ? len : (long long)sizeof(i));
		if (write_all(fd, in, len)) {
			fprintf(stderr, "%s: round trip %lld: write: %s\n", prog, i,
				strerror(errno));
			return 1;
		}
		r = read_all(fd, out, len);
		if (r) {
			fprintf(stderr, "%s: round trip %lld: read: %s\n", prog, i,
				r > 0 ? "the server closed the connection" : strerror(errno));
			return 1;
		}
		if (memcmp(in, out, len)) {
			fprintf(stderr, "%s: round trip %lld: the answer differs from the request\n",
				prog, i);
			return 1;
		}
	}
	printf("%llu\n", (now_ns() - start) / count);
	close(fd);
	return 0;
}

static int serve_vsock(long long port)
{
	static unsigned char buf[LEN_MAX];
	struct sockaddr_vm sa = {
		.svm_family = AF_VSOCK, .svm_cid = VMADDR_CID_ANY, .svm_port = port,
	};
	ssize_t n;
	int lfd, fd;

	lfd = socket(AF_VSOCK, SOCK_STREAM, 0);
	if (lfd < 0) {
		fprintf(stderr, "%s: AF_VSOCK socket: %s\n", prog, strerror(errno));
		return 1;
	}
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 4)) {
		fprintf(stderr, "%s: listen on vsock port %lld: %s\n", prog, port,
			strerror(errno));
		return 1;
	}
	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "%s: accept: %s\n", prog, strerror(errno));
			return 1;
		}
		for (;;) {
			n = read(fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || write_all(fd, buf, n))
				break;
		}
		close(fd);
	}
}

int main(int argc, char **argv)
{
	long long a, b, len, count;

	if (argc == 5 && !strcmp(argv[1], "buf")) {
		a = num(argv[2], 0, 0xffffffffLL);
		len = num(argv[3], 1, LEN_MAX);
		count = num(argv[4], 1, 1LL << 40);
		if (a < 0 || len < 0 || count < 0)
			return usage();
		return bench_buf(a, len, count);
	}
	if (argc == 6 && !strcmp(argv[1], "vsock-client")) {
		a = num(argv[2], 0, 0xffffffffLL);
		b = num(argv[3], 0, 0xffffffffLL);
		len = num(argv[4], 1, LEN_MAX);
		count = num(argv[5], 1, 1LL << 40);
		if (a < 0 || b < 0 || len < 0 || count < 0)
			return usage();
		return bench_vsock(a, b, len, count);
	}
	if (argc == 3 && !strcmp(argv[1], "vsock-server")) {
		a = num(argv[2], 0, 0xffffffffLL);
		if (a < 0)
			return usage();
		return serve_vsock(a);
	}
	return usage();
}
