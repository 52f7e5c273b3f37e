// SPDX-License-Identifier: GPL-2.0
/*
 * hypercall: issue hypercalls from a guest through /dev/hypercall.
 *
 * Exit status: 0 success, 1 the hypercall failed or the host answered an
 * error, 2 usage error, 3 /dev/hypercall could not be opened.
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

#define DEV "/dev/hypercall"

static const char *prog = "hypercall";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s COMMAND [ARGS]\n"
		"\n"
		"Issue KVM hypercalls through " DEV ".\n"
		"\n"
		"commands:\n"
		"  hello             HELLO0: the host traces \"Hello world!\"\n"
		"  hello1 INT        HELLO1: the host traces \"a0 = INT\"\n"
		"  call NR [A0..A3]  any hypercall in the driver's allow_nr list;\n"
		"                    prints the host's raw answer (RAX) in decimal\n"
		"  buf NR TEXT [OUT_LEN]\n"
		"                    a hypercall carrying TEXT as its input buffer and\n"
		"                    an output buffer of OUT_LEN bytes (default 0);\n"
		"                    prints the answer, then the output up to its\n"
		"                    first NUL\n"
		"  say TEXT          the host traces \"guest says: TEXT\" (nr 15)\n"
		"  uname             the host's uname and boot time (nr 16)\n"
		"  --help            this text\n"
		"\n"
		"Numbers may be decimal or 0x-prefixed hex.\n"
		"exit status: 0 ok, 1 the call failed or the host answered < 0,\n"
		"2 usage error, 3 cannot open " DEV ".\n", prog);
}

static int parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	if (*s == '-')
		*v = (unsigned long long)strtoll(s, &end, 0);
	else
		*v = strtoull(s, &end, 0);
	if (errno || !*s || *end) {
		fprintf(stderr, "%s: '%s' is not a number\n", prog, s);
		return -1;
	}
	return 0;
}

static int open_dev(void)
{
	int fd = open(DEV, O_RDWR);

	if (fd >= 0)
		return fd;
	fprintf(stderr, "%s: cannot open " DEV ": %s\n", prog, strerror(errno));
	if (errno == ENOENT)
		fprintf(stderr, "%s: is hypercall_guest loaded (modprobe hypercall_guest)?\n", prog);
	else if (errno == EACCES)
		fprintf(stderr, "%s: the device is root-only by default; see the udev rule in the README\n", prog);
	return -1;
}

/* Explains an ioctl failure in terms of what to do about it. */
static int fail(const char *what, unsigned long long nr)
{
	int err = errno;

	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
	switch (err) {
	case EOPNOTSUPP:
		fprintf(stderr, "%s: no host hook answered nr %llu: is hypercall_hook loaded on the host, with the same numbers?\n",
			prog, nr);
		break;
	case EPERM:
		fprintf(stderr, "%s: refused: KVM rejects hypercalls from guest user mode, or nr %llu is not in the driver's allow_nr list, or is KVM's own in a confidential guest (allow_kvm_nr_in_cc)\n",
			prog, nr);
		break;
	case ENOTTY:
		fprintf(stderr, "%s: " DEV " is not this project's driver, or too old\n", prog);
		break;
	}
	return 1;
}

/* An answer < 0 is an error from the host: say so, exit 1. */
static int host_error(unsigned long long nr, long long ret)
{
	if (ret >= 0)
		return 0;
	fprintf(stderr, "%s: the host answered nr %llu with %lld%s\n", prog, nr, ret,
		ret == -1000 ? " (-KVM_ENOSYS: nothing on the host answers it)" : "");
	return 1;
}

static int cmd_call(int fd, int argc, char **argv)
{
	struct hypercall_call c = { 0 };
	unsigned long long v;
	int i;

	if (argc < 1 || argc > 5) {
		usage(stderr);
		return 2;
	}
	if (parse_u64(argv[0], &v))
		return 2;
	c.nr = v;
	c.nargs = argc - 1;
	for (i = 1; i < argc; i++) {
		if (parse_u64(argv[i], &v))
			return 2;
		c.args[i - 1] = v;
	}
	if (ioctl(fd, HYPERCALL_IOC_CALL, &c))
		return fail("call", c.nr);
	printf("%lld\n", (long long)c.ret);
	return host_error(c.nr, c.ret);
}

static int call_buf(int fd, struct hypercall_buf_call *c, const char *text)
{
	c->in = (unsigned long)text;
	c->in_len = strlen(text);
	if (ioctl(fd, HYPERCALL_IOC_CALL_BUF, c))
		return fail("buf", c->nr);
	return 0;
}

static int cmd_buf(int fd, int argc, char **argv)
{
	struct hypercall_buf_call c = { 0 };
	unsigned long long v;
	char *out = NULL;
	int ret;

	if (argc < 2 || argc > 3) {
		usage(stderr);
		return 2;
	}
	if (parse_u64(argv[0], &v))
		return 2;
	c.nr = v;
	if (argc == 3) {
		if (parse_u64(argv[2], &v))
			return 2;
		if (v > HYPERCALL_BUF_MAX) {
			fprintf(stderr, "%s: OUT_LEN is at most %d\n", prog, HYPERCALL_BUF_MAX);
			return 2;
		}
		c.out_len = v;
		/* One byte more, always NUL: the output is printed as text. */
		out = calloc(1, c.out_len + 1);
		if (!out)
			return 1;
		c.out = (unsigned long)out;
	}
	ret = call_buf(fd, &c, argv[1]);
	if (!ret) {
		printf("%lld\n", (long long)c.ret);
		if (out)
			printf("%s\n", out);
		ret = host_error(c.nr, c.ret);
	}
	free(out);
	return ret;
}

static int cmd_say(int fd, const char *text)
{
	struct hypercall_buf_call c = { .nr = HYPERCALL_NR_SAY };

	return call_buf(fd, &c, text) ?: host_error(c.nr, c.ret);
}

static int cmd_uname(int fd)
{
	struct hypercall_host_uname u;
	struct hypercall_buf_call c = {
		.nr = HYPERCALL_NR_HOST_UNAME,
		.out = (unsigned long)&u,
		.out_len = sizeof(u),
	};
	int ret;

	ret = call_buf(fd, &c, "") ?: host_error(c.nr, c.ret);
	if (ret)
		return ret;
	/* The host's strings: NUL-terminated by it, and by us in any case. */
	u.sysname[sizeof(u.sysname) - 1] = u.release[sizeof(u.release) - 1] = '\0';
	u.version[sizeof(u.version) - 1] = u.machine[sizeof(u.machine) - 1] = '\0';
	printf("%s %s %s %s\nboot_time_ns %llu\nvcpu_id %u\n", u.sysname, u.release,
	       u.version, u.machine, (unsigned long long)u.boot_time_ns, u.vcpu_id);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long v;
	const char *cmd;
	int fd, ret;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "hello") && strcmp(cmd, "hello1") && strcmp(cmd, "call") &&
	    strcmp(cmd, "buf") && strcmp(cmd, "say") && strcmp(cmd, "uname")) {
		fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
		usage(stderr);
		return 2;
	}
	if ((!strcmp(cmd, "hello") && argc != 2) ||
	    (!strcmp(cmd, "hello1") && argc != 3) ||
	    (!strcmp(cmd, "say") && argc != 3) ||
	    (!strcmp(cmd, "uname") && argc != 2)) {
		usage(stderr);
		return 2;
	}

	fd = open_dev();
	if (fd < 0)
		return 3;

	if (!strcmp(cmd, "hello")) {
		ret = ioctl(fd, HYPERCALL_IOC_HELLO0) ?
		      fail("hello", HYPERCALL_NR_HELLO0) : 0;
	} else if (!strcmp(cmd, "hello1")) {
		if (parse_u64(argv[2], &v) || (long long)v < INT_MIN ||
		    (long long)v > INT_MAX) {
			fprintf(stderr, "%s: hello1 takes an int\n", prog);
			ret = 2;
		} else {
			ret = ioctl(fd, HYPERCALL_IOC_HELLO1, (int)v) ?
			      fail("hello1", HYPERCALL_NR_HELLO1) : 0;
		}
	} else if (!strcmp(cmd, "call")) {
		ret = cmd_call(fd, argc - 2, argv + 2);
	} else if (!strcmp(cmd, "buf")) {
		ret = cmd_buf(fd, argc - 2, argv + 2);
	} else if (!strcmp(cmd, "say")) {
		ret = cmd_say(fd, argv[2]);
	} else {
		ret = cmd_uname(fd);
	}
	close(fd);
	return ret;
}
