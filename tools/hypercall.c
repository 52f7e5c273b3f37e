// SPDX-License-Identifier: GPL-2.0
/*
 * hypercall: issue hypercalls from a guest through /dev/hypercall.
 *
 * Exit status: 0 success, 1 the hypercall failed or the host answered an
 * error, 2 usage error, 3 /dev/hypercall could not be opened.
 */

#include <errno.h>
#include <fcntl.h>
#include <ctype.h>
#include <limits.h>
#include <stddef.h>
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
		"  list              what the host offers this VM, one number a line:\n"
		"                    NR<tab>KIND<tab>NAME, KIND kernel or program,\n"
		"                    \"program buf\" for a call that carries a buffer\n"
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

/* A number as the driver logs it: the project's range (0x4B48xxxx) in hex. */
static void print_nr(unsigned int nr)
{
	printf(nr < 0x10000 ? "%u" : "%#x", nr);
}

/* One entry: NR, KIND, NAME; the host's text in printable ASCII only. */
static void print_entry(const struct hypercall_discover_entry *e)
{
	size_t i;

	print_nr(e->nr);
	if (e->kind == HYPERCALL_DISCOVER_KERNEL)
		printf("\tkernel");
	else if (e->kind == HYPERCALL_DISCOVER_PROGRAM)
		printf("\tprogram");
	else
		printf("\tkind%u", e->kind);
	printf("%s\t", e->flags & HYPERCALL_DISCOVER_BUF ? " buf" : "");
	for (i = 0; i < sizeof(e->name) && e->name[i]; i++)
		putchar(isascii((unsigned char)e->name[i]) &&
			isprint((unsigned char)e->name[i]) ? e->name[i] : '?');
	putchar('\n');
}

/* One HYPERCALL_IOC_DISCOVER into @buf's @len bytes; 0, or exit status. */
static int discover(int fd, void *buf, unsigned int len, long long *ret)
{
	struct hypercall_discover_call c = {
		.buf = (unsigned long)buf,
		.len = len,
	};

	if (ioctl(fd, HYPERCALL_IOC_DISCOVER, &c))
		return fail("list", HYPERCALL_NR_DISCOVER);
	*ret = c.ret;
	if (c.ret == -1000) {
		fprintf(stderr, "%s: no host hook answers discovery: is hypercall_hook loaded on the host?\n",
			prog);
		return 1;
	}
	return host_error(HYPERCALL_NR_DISCOVER, c.ret);
}

/*
 * The host's table: into a page first, then, should it be larger, once
 * more into as much as the driver takes (HYPERCALL_BUF_MAX).
 */
static int cmd_list(int fd)
{
	const struct hypercall_discover_hdr *h;
	struct hypercall_discover_entry e;
	unsigned int len = 4096, n, i;
	unsigned char *buf;
	long long ret;
	size_t got;
	int err;

	buf = calloc(1, HYPERCALL_BUF_MAX);
	if (!buf)
		return 1;
	err = discover(fd, buf, len, &ret);
	if (!err && ret > len) {
		len = ret < HYPERCALL_BUF_MAX ? ret : HYPERCALL_BUF_MAX;
		err = discover(fd, buf, len, &ret);
	}
	if (err)
		goto out;
	got = ret < len ? ret : len;
	h = (const struct hypercall_discover_hdr *)buf;
	err = 1;
	if (got < sizeof(*h)) {
		fprintf(stderr, "%s: the host answered discovery with %lld, not a table\n",
			prog, ret);
		goto out;
	}
	if (h->magic != HYPERCALL_DISCOVER_TABLE_MAGIC ||
	    h->abi_version != HYPERCALL_ABI_VERSION || h->hdr_size < sizeof(*h) ||
	    h->entry_size < sizeof(e) || h->hdr_size > got) {
		fprintf(stderr, "%s: not a discovery table this tool reads: magic %#llx, abi_version %u, hdr_size %u, entry_size %u (want %#llx, %u, %zu, %zu)\n",
			prog, (unsigned long long)h->magic, h->abi_version,
			h->hdr_size, h->entry_size, HYPERCALL_DISCOVER_TABLE_MAGIC,
			HYPERCALL_ABI_VERSION, sizeof(*h), sizeof(e));
		goto out;
	}
	/* Larger sizes are a later ABI's: its entries begin as ours do. */
	n = (got - h->hdr_size) / h->entry_size;
	if (n > h->count)
		n = h->count;
	for (i = 0; i < n; i++) {
		memcpy(&e, buf + h->hdr_size + (size_t)i * h->entry_size, sizeof(e));
		print_entry(&e);
	}
	err = 0;
	if (n < h->count)
		fprintf(stderr, "%s: the table (%lld bytes) is larger than %u: %u of its %u entries not listed\n",
			prog, ret, len, h->count - n, h->count);
out:
	free(buf);
	return err;
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
	    strcmp(cmd, "buf") && strcmp(cmd, "say") && strcmp(cmd, "uname") &&
	    strcmp(cmd, "list")) {
		fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
		usage(stderr);
		return 2;
	}
	if ((!strcmp(cmd, "hello") && argc != 2) ||
	    (!strcmp(cmd, "hello1") && argc != 3) ||
	    (!strcmp(cmd, "say") && argc != 3) ||
	    (!strcmp(cmd, "uname") && argc != 2) ||
	    (!strcmp(cmd, "list") && argc != 2)) {
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
	} else if (!strcmp(cmd, "uname")) {
		ret = cmd_uname(fd);
	} else {
		ret = cmd_list(fd);
	}
	close(fd);
	return ret;
}
