// SPDX-License-Identifier: GPL-2.0
/*
 * hypercalld: answer KVM hypercalls from a host program, through
 * /dev/hypercall-host (include/uapi/linux/hypercall_hostdev.h).
 *
 * It claims numbers for its built-in handlers (echo, say), then reads one
 * request per read() and writes one answer per write(). The claims belong
 * to the open file, so every way out simply closes it: the kernel then
 * answers the calls still waiting with -KVM_ENOSYS.
 *
 * Exit status: 0 ok (also on SIGINT and SIGTERM), 1 runtime error, 2 usage.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <linux/kvm_para.h>
#include <linux/hypercall_hostdev.h>

#include "hostdev_tool.h"

#define DEV HOSTDEV
/* Far more than anyone types; the kernel has its own limit (ENOSPC). */
#define MAX_CLAIMS 64
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *prog = "hypercalld";

enum handler {
	H_ECHO,
	H_SAY,
	H_INC,
};

static const char * const handler_names[] = {
	[H_ECHO] = "echo",
	[H_SAY] = "say",
	[H_INC] = "inc",
};

struct claim {
	__u32 nr;
	enum handler h;
	int pid;		/* 0: every VM, or the cgroup's */
	const char *cgroup;	/* a cgroup v2 directory, or NULL */
	__u64 id;		/* the kernel's, which requests carry */
};

struct hcd {
	struct claim claims[MAX_CLAIMS];
	int n_claims;
	unsigned int timeout_ms;
	int timeout_ret_set;
	long long timeout_ret;
	unsigned int delay_ms;
	int no_answer;
	unsigned long count;	/* 0: no limit */
	const char *ready;
	int verbose;

	int fd;			/* the device */
	int sfd;		/* signalfd: SIGINT, SIGTERM */
	int efd;		/* epoll over both */
	int stop;
	unsigned long answered, cancelled, late, unanswered;
};

/*
 * One record, and one answer, of the largest size: a read() never gets
 * EMSGSIZE. __u64 arrays, so that the structs laid over them are aligned.
 */
static __u64 rbuf[HYPERCALL_HOST_MSG_MAX / 8];
static __u64 abuf[(sizeof(struct hypercall_host_answer) + HYPERCALL_HOST_DATA_MAX) / 8];

static void print_help(FILE *f)
{
	fprintf(f,
		"NAME\n"
		"    %s - answer KVM hypercalls from the host, through " DEV "\n"
		"\n"
		"SYNOPSIS\n"
		"    %s [--claim NR[:NAME][@PID|@/CGROUP/DIR]]... [--timeout-ms N]\n"
		"              [--delay-ms N] [--no-answer] [--count N] [--ready FILE] [-v]\n"
		"\n"
		"DESCRIPTION\n"
		"    Claims hypercall numbers on " DEV " (the host's hypercall_hook\n"
		"    module) and answers the guests' calls to them with built-in\n"
		"    handlers. A guest's vCPU waits in the host kernel until the answer\n"
		"    comes or the claim's timeout passes. Without --claim, it claims\n"
		"    0x4B480001 (echo) and 0x4B480002 (say) for every VM.\n"
		"    Runs until SIGINT or SIGTERM (or --count); closing the device lets\n"
		"    the claims go, and calls still waiting get -KVM_ENOSYS.\n"
		"\n"
		"OPTIONS\n"
		"    --claim NR[:NAME][@PID|@/CGROUP/DIR]\n"
		"        Answer hypercall NR (decimal or 0x hex, 13 to 0xffffffff) with\n"
		"        the built-in NAME: echo or say (default: say for 0x4B480002,\n"
		"        echo for any other). @PID: only for the VMs of the VMM process\n"
		"        PID. @/CGROUP/DIR (an absolute path, such as\n"
		"        /sys/fs/cgroup/machine.slice/VM.scope): only for the VMs whose\n"
		"        calling vCPU thread is in that cgroup v2 directory or below it.\n"
		"        A VM's call goes to the claim for its VMM's pid, else to the\n"
		"        one for the deepest cgroup holding its vCPU thread, else to the\n"
		"        one for every VM. Repeatable.\n"
		"        All claims carry buffers: a0, a1 the input's guest address and\n"
		"        length, a2, a3 the output's.\n"
		"    --timeout-ms N\n"
		"        How long a vCPU waits for an answer (default 0: the kernel's,\n"
		"        %u ms; at most %u). A later answer is counted as late.\n"
		"    --timeout-ret V\n"
		"        What a call not answered in time gets (default -110,\n"
		"        -HYPERCALL_ETIMEDOUT); -1000 makes it look unanswered.\n"
		"    --delay-ms N\n"
		"        Wait N ms before answering each request (a slow program).\n"
		"    --no-answer\n"
		"        Read requests and never answer them (tests of timeouts, pause\n"
		"        and resume).\n"
		"    --count N\n"
		"        Exit after N answers were accepted (with --no-answer: after N\n"
		"        requests were read).\n"
		"    --ready FILE\n"
		"        Once all claims are made, write the daemon's pid to FILE, so\n"
		"        that a script knows it may start the guest.\n"
		"    -v, --verbose\n"
		"        Log each request and each cancel on stderr.\n"
		"    -h, --help\n"
		"        This text.\n"
		"\n"
		"BUILT-INS\n"
		"    echo  Without input (a1 = 0): answers a0 + a1 + a2 + a3 (wrapping).\n"
		"          With input: copies it to the output, at most a3 bytes, and\n"
		"          answers the number of bytes copied.\n"
		"    say   Prints \"guest VMPID/VCPU says: TEXT\" on stdout, TEXT being\n"
		"          the input up to its first NUL, at most %d bytes, with bytes\n"
		"          other than printable ASCII as '?'. Answers 0.\n"
		"    inc   Answers a0 + 1 (the tests' storms check it).\n"
		"\n"
		"    A request withdrawn before its answer (timeout, or the vCPU was\n"
		"    interrupted: the guest then calls again) is a cancel; an answer to\n"
		"    it is refused (ENOENT) and counted as late, not an error.\n"
		"    At exit, one line on stderr:\n"
		"        hypercalld: answered N, cancelled N, late answers N\n"
		"\n"
		"EXIT STATUS\n"
		"    0 ok (also on SIGINT, SIGTERM), 1 runtime error (device, claim,\n"
		"    read, write), 2 usage error.\n"
		"\n"
		"EXAMPLES\n"
		"    %s -v --claim 0x4B480001 --claim 0x4B480002:say@$(pidof qemu)\n"
		"    guest$ hypercall call 0x4B480001 1 0 2 0    # prints 3\n"
		"    guest$ hypercall buf 0x4B480002 hello       # host: guest ... says: hello\n",
		prog, prog, HYPERCALL_CLAIM_TIMEOUT_DEFAULT_MS,
		HYPERCALL_CLAIM_TIMEOUT_MAX_MS, HYPERCALL_SAY_MAX, prog);
}

/* A whole argument as a number. */
static int parse_arg(const char *opt, const char *s, unsigned long long max,
		     unsigned long long *v)
{
	char *end;

	if (hostdev_parse_num(s, &end, max, v) || *end) {
		fprintf(stderr, "%s: %s: '%s' is not a number up to %llu\n",
			prog, opt, s, max);
		return -1;
	}
	return 0;
}

/* A signed decimal argument, such as -1000. */
static int parse_signed(const char *opt, const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno || !*s || *end) {
		fprintf(stderr, "%s: %s: '%s' is not a signed decimal number\n",
			prog, opt, s);
		return -1;
	}
	return 0;
}

static int parse_handler(const char *s, size_t len, enum handler *h)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(handler_names); i++) {
		if (strlen(handler_names[i]) == len &&
		    !strncmp(s, handler_names[i], len)) {
			*h = i;
			return 0;
		}
	}
	return -1;
}

/* NR[:NAME][@PID|@/CGROUP/DIR] */
static int parse_claim(const char *s, struct claim *c)
{
	unsigned long long v;
	const char *at;
	char *end;

	if (hostdev_parse_num(s, &end, UINT_MAX, &v) || (*end && *end != ':' && *end != '@'))
		goto bad;
	c->nr = v;
	c->h = c->nr == HYPERCALL_NR_PROGRAM_SAY ? H_SAY : H_ECHO;
	c->pid = 0;
	c->cgroup = NULL;
	at = strchr(end, '@');
	if (*end == ':') {
		end++;
		if (parse_handler(end, at ? (size_t)(at - end) : strlen(end), &c->h)) {
			fprintf(stderr, "%s: --claim %s: the built-ins are echo, say and inc\n",
				prog, s);
			return -1;
		}
	}
	if (at && at[1] == '/') {
		c->cgroup = at + 1;
	} else if (at) {
		if (hostdev_parse_num(at + 1, &end, INT_MAX, &v) || *end || !v)
			goto bad;
		c->pid = v;
	}
	return 0;
bad:
	fprintf(stderr, "%s: --claim %s: not NR[:NAME][@PID|@/CGROUP/DIR]\n",
		prog, s);
	fprintf(stderr, "%s: NR decimal or 0x hex, up to 0xffffffff; PID a process id;\n",
		prog);
	fprintf(stderr, "%s: /CGROUP/DIR a cgroup v2 directory's absolute path\n",
		prog);
	return -1;
}

enum {
	OPT_CLAIM = 256,
	OPT_TIMEOUT,
	OPT_TIMEOUT_RET,
	OPT_DELAY,
	OPT_NO_ANSWER,
	OPT_COUNT,
	OPT_READY,
};

static const struct option long_opts[] = {
	{ "claim", required_argument, NULL, OPT_CLAIM },
	{ "timeout-ms", required_argument, NULL, OPT_TIMEOUT },
	{ "timeout-ret", required_argument, NULL, OPT_TIMEOUT_RET },
	{ "delay-ms", required_argument, NULL, OPT_DELAY },
	{ "no-answer", no_argument, NULL, OPT_NO_ANSWER },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "ready", required_argument, NULL, OPT_READY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* One option; 0 ok, 1 --help, -1 usage error. */
static int parse_opt(struct hcd *d, int opt, const char *arg)
{
	unsigned long long v;

	switch (opt) {
	case OPT_CLAIM:
		if (d->n_claims == MAX_CLAIMS) {
			fprintf(stderr, "%s: at most %d claims\n", prog, MAX_CLAIMS);
			return -1;
		}
		return parse_claim(arg, &d->claims[d->n_claims++]);
	case OPT_TIMEOUT:
		if (parse_arg("--timeout-ms", arg, HYPERCALL_CLAIM_TIMEOUT_MAX_MS, &v))
			return -1;
		d->timeout_ms = v;
		return 0;
	case OPT_TIMEOUT_RET:
		if (parse_signed("--timeout-ret", arg, &d->timeout_ret))
			return -1;
		d->timeout_ret_set = 1;
		return 0;
	case OPT_DELAY:
		if (parse_arg("--delay-ms", arg, INT_MAX, &v))
			return -1;
		d->delay_ms = v;
		return 0;
	case OPT_NO_ANSWER:
		d->no_answer = 1;
		return 0;
	case OPT_COUNT:
		if (parse_arg("--count", arg, ULONG_MAX, &v))
			return -1;
		if (!v) {
			fprintf(stderr, "%s: --count takes 1 or more\n", prog);
			return -1;
		}
		d->count = v;
		return 0;
	case OPT_READY:
		d->ready = arg;
		return 0;
	case 'v':
		d->verbose = 1;
		return 0;
	case 'h':
		return 1;
	}
	return -1;
}

/* 0 to run, otherwise the exit status. */
static int parse_args(struct hcd *d, int argc, char **argv)
{
	int opt, r;

	while ((opt = getopt_long(argc, argv, "hv", long_opts, NULL)) != -1) {
		r = parse_opt(d, opt, optarg);
		if (r > 0) {
			print_help(stdout);
			return -1;
		}
		if (r < 0) {
			fprintf(stderr, "%s: see %s --help\n", prog, prog);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'; see %s --help\n",
			prog, argv[optind], prog);
		return 2;
	}
	if (!d->n_claims) {
		d->claims[0] = (struct claim){ .nr = HYPERCALL_NR_ECHO, .h = H_ECHO };
		d->claims[1] = (struct claim){ .nr = HYPERCALL_NR_PROGRAM_SAY,
					       .h = H_SAY };
		d->n_claims = 2;
	}
	return 0;
}

/* What a CLAIM errno means, per hypercall_hostdev.h. */
static const char *claim_hint(int err)
{
	switch (err) {
	case EBUSY:
		return "claimed for the same VMs already, or a host module answers it";
	case EPERM:
		return "numbers 1 to 12 are KVM's own: claim 13 or above";
	case ESRCH:
		return "no process has that pid (give the VMM's, as seen here)";
	case EBADF:
		return "not a cgroup v2 directory";
	case EINVAL:
		return "refused by the kernel: is hypercall_hook of hypercalld's version?";
	case ENOSPC:
		return "too many claims";
	case ENOTTY:
		return DEV " is not this project's device, or too old";
	}
	return NULL;
}

/* The claim's VMs, for messages. */
static void scope_text(const struct claim *c, char *buf, size_t size)
{
	if (c->cgroup)
		snprintf(buf, size, "cgroup %s", c->cgroup);
	else if (c->pid)
		snprintf(buf, size, "VMM pid %d", c->pid);
	else
		snprintf(buf, size, "every VM");
}

static int claim_one(int fd, struct claim *c, const struct hcd *d)
{
	struct hypercall_claim hc;
	char scope[PATH_MAX + 16];
	const char *hint;
	int cfd = -1, err, ret;

	scope_text(c, scope, sizeof(scope));
	memset(&hc, 0, sizeof(hc));
	hc.nr = c->nr;
	hc.flags = HYPERCALL_CLAIM_BUF;
	if (c->cgroup) {
		/* Only for the ioctl: the kernel holds the cgroup itself. */
		cfd = open(c->cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0) {
			fprintf(stderr, "%s: cannot claim %#x (%s, %s): cannot open %s: %s\n",
				prog, c->nr, handler_names[c->h], scope, c->cgroup,
				strerror(errno));
			return -1;
		}
		hc.flags |= HYPERCALL_CLAIM_CGROUP;
		hc.cgroup_fd = cfd;
	} else if (c->pid) {
		hc.flags |= HYPERCALL_CLAIM_PID;
		hc.vm_pid = c->pid;
	}
	hc.timeout_ms = d->timeout_ms;
	if (d->timeout_ret_set) {
		hc.flags |= HYPERCALL_CLAIM_TIMEOUT_RET;
		hc.timeout_ret = d->timeout_ret;
	}
	/* inc takes no buffers. */
	if (c->h == H_INC)
		hc.flags &= ~HYPERCALL_CLAIM_BUF;
	/* The name the guest's discovery table shows. */
	snprintf(hc.name, sizeof(hc.name), "%s", handler_names[c->h]);
	ret = ioctl(fd, HYPERCALL_HOST_IOC_CLAIM, &hc);
	err = errno;
	if (cfd >= 0)
		close(cfd);
	if (!ret) {
		c->id = hc.claim_id;
		return 0;
	}
	hint = claim_hint(err);
	fprintf(stderr, "%s: cannot claim %#x (%s, %s): %s%s%s\n", prog, c->nr,
		handler_names[c->h], scope, strerror(err), hint ? ": " : "",
		hint ? hint : "");
	return -1;
}

static int claim_all(struct hcd *d)
{
	int i;

	for (i = 0; i < d->n_claims; i++)
		if (claim_one(d->fd, &d->claims[i], d))
			return -1;
	return 0;
}

/* The pid in FILE: a script waiting for it may also kill by it. */
static int write_ready(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f && fprintf(f, "%d\n", (int)getpid()) > 0 && !fclose(f))
		return 0;
	fprintf(stderr, "%s: cannot write --ready file %s: %s\n", prog, path,
		strerror(errno));
	return -1;
}

/*
 * SIGINT and SIGTERM through a signalfd, so that the loop ends between two
 * records and never in the middle of one.
 */
static int setup_signals(struct hcd *d)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL)) {
		perror("hypercalld: sigprocmask");
		return -1;
	}
	d->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sfd < 0) {
		perror("hypercalld: signalfd");
		return -1;
	}
	return 0;
}

static int epoll_add(int efd, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	return epoll_ctl(efd, EPOLL_CTL_ADD, fd, &ev);
}

static int setup_epoll(struct hcd *d)
{
	d->efd = epoll_create1(EPOLL_CLOEXEC);
	if (d->efd < 0 || epoll_add(d->efd, d->fd) || epoll_add(d->efd, d->sfd)) {
		perror("hypercalld: epoll");
		return -1;
	}
	return 0;
}

static void take_signal(struct hcd *d)
{
	struct signalfd_siginfo si;

	if (read(d->sfd, &si, sizeof(si)) != sizeof(si))
		return;
	d->stop = 1;
	if (d->verbose)
		fprintf(stderr, "%s: %s, exiting\n", prog, strsignal(si.ssi_signo));
}

/*
 * Sleep for --delay-ms, but not through a signal: a slow program must still
 * exit at once on SIGTERM. Returns 1 if a signal came.
 */
static int delay(struct hcd *d)
{
	struct pollfd p = { .fd = d->sfd, .events = POLLIN };

	if (poll(&p, 1, d->delay_ms) <= 0)
		return 0;
	take_signal(d);
	return d->stop;
}

static struct claim *find_claim(struct hcd *d, __u64 id)
{
	int i;

	for (i = 0; i < d->n_claims; i++)
		if (d->claims[i].id == id)
			return &d->claims[i];
	return NULL;
}

static void log_msg(const struct hypercall_host_msg *m)
{
	if (m->type == HYPERCALL_HOST_MSG_CANCEL) {
		fprintf(stderr, "%s: cancel id %llu nr %#x vcpu %u: %s\n", prog,
			(unsigned long long)m->id, m->nr, m->vcpu_id,
			m->reason == HYPERCALL_CANCEL_TIMEOUT ? "timed out" :
			m->reason == HYPERCALL_CANCEL_RESTART ? "vCPU interrupted" :
			"unknown reason");
		return;
	}
	fprintf(stderr, "%s: request id %llu nr %#x vcpu %d/%u args %#llx %#llx %#llx %#llx",
		prog, (unsigned long long)m->id, m->nr, m->vm_pid, m->vcpu_id,
		(unsigned long long)m->args[0], (unsigned long long)m->args[1],
		(unsigned long long)m->args[2], (unsigned long long)m->args[3]);
	fprintf(stderr, " in %u out_max %u%s\n", m->in_len, m->out_max,
		m->flags & HYPERCALL_HOST_MSG_LONG_MODE ? "" : " (32-bit)");
}

static __s64 do_echo(const struct hypercall_host_msg *m,
		     struct hypercall_host_answer *a)
{
	if (!m->in_len)
		return (__s64)(m->args[0] + m->args[1] + m->args[2] + m->args[3]);
	a->out_len = m->in_len < m->out_max ? m->in_len : m->out_max;
	memcpy(a->data, m->data, a->out_len);
	return a->out_len;
}

static __s64 do_say(const struct hypercall_host_msg *m)
{
	char text[HYPERCALL_SAY_MAX + 1];
	__u32 i, n = m->in_len < HYPERCALL_SAY_MAX ? m->in_len : HYPERCALL_SAY_MAX;

	/* The guest's bytes must not drive the terminal: printable ASCII only. */
	for (i = 0; i < n && m->data[i]; i++)
		text[i] = m->data[i] >= 0x20 && m->data[i] < 0x7f ? m->data[i] : '?';
	text[i] = '\0';
	printf("guest %d/%u says: %s\n", m->vm_pid, m->vcpu_id, text);
	/* A test script reads stdout through a pipe: each line as it comes. */
	fflush(stdout);
	return 0;
}

/* The answer's length, 24 + out_len. */
static size_t build_answer(struct hcd *d, const struct hypercall_host_msg *m,
			   struct hypercall_host_answer *a)
{
	struct claim *c = find_claim(d, m->claim_id);

	memset(a, 0, sizeof(*a));
	a->id = m->id;
	if (!c)
		a->ret = -KVM_ENOSYS;	/* not a claim of ours: cannot happen */
	else if (c->h == H_SAY)
		a->ret = do_say(m);
	else if (c->h == H_INC)
		a->ret = (__s64)(m->args[0] + 1);
	else
		a->ret = do_echo(m, a);
	return sizeof(*a) + a->out_len;
}

static int send_answer(struct hcd *d, const struct hypercall_host_msg *m)
{
	struct hypercall_host_answer *a = (struct hypercall_host_answer *)abuf;
	size_t len;
	ssize_t n;

	if (d->delay_ms && delay(d))
		return 0;
	len = build_answer(d, m, a);
	do
		n = write(d->fd, a, len);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)len) {
		d->answered++;
		return 0;
	}
	if (n < 0 && errno == ENOENT) {
		/* Withdrawn meanwhile (timeout, or the vCPU was interrupted). */
		d->late++;
		return 0;
	}
	if (n < 0)
		fprintf(stderr, "%s: answer to request %llu refused: %s\n", prog,
			(unsigned long long)m->id, strerror(errno));
	else
		fprintf(stderr, "%s: answer to request %llu: short write (%zd of %zu bytes)\n",
			prog, (unsigned long long)m->id, n, len);
	return -1;
}

/* A record that does not hold what its header says is an ABI mismatch. */
static int check_record(const struct hypercall_host_msg *m, ssize_t n)
{
	if ((size_t)n >= sizeof(*m) && m->size <= (size_t)n &&
	    m->in_len <= (size_t)n - sizeof(*m))
		return 0;
	fprintf(stderr, "%s: malformed record (%zd bytes) from " DEV "\n", prog, n);
	fprintf(stderr, "%s: is hypercall_hook of hypercalld's version?\n", prog);
	return -1;
}

static int handle_record(struct hcd *d, const struct hypercall_host_msg *m)
{
	if (d->verbose)
		log_msg(m);
	switch (m->type) {
	case HYPERCALL_HOST_MSG_CANCEL:
		d->cancelled++;
		return 0;
	case HYPERCALL_HOST_MSG_CALL:
		break;
	default:
		/* A newer kernel's record: nothing to answer. */
		fprintf(stderr, "%s: record of unknown type %u ignored\n", prog,
			m->type);
		return 0;
	}
	if (d->no_answer) {
		if (++d->unanswered == d->count)
			d->stop = 1;
		return 0;
	}
	if (send_answer(d, m))
		return -1;
	/* --count 0 (the default): no end; a late answer counts for none. */
	if (d->count && d->answered == d->count)
		d->stop = 1;
	return 0;
}

/* Everything queued, until EAGAIN: one epoll wakeup may stand for many. */
static int drain(struct hcd *d)
{
	const struct hypercall_host_msg *m = (const struct hypercall_host_msg *)rbuf;
	ssize_t n;

	while (!d->stop) {
		n = read(d->fd, rbuf, sizeof(rbuf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0) {
			fprintf(stderr, "%s: read " DEV ": %s\n", prog, strerror(errno));
			return -1;
		}
		if (check_record(m, n) || handle_record(d, m))
			return -1;
	}
	return 0;
}

static int loop(struct hcd *d)
{
	struct epoll_event ev[2];
	int i, n;

	while (!d->stop) {
		n = epoll_wait(d->efd, ev, 2, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("hypercalld: epoll_wait");
			return -1;
		}
		for (i = 0; i < n && !d->stop; i++) {
			if (ev[i].data.fd == d->sfd)
				take_signal(d);
			else if (drain(d))
				return -1;
		}
	}
	return 0;
}

static int run(struct hcd *d)
{
	int ret;

	/* Non-blocking: the epoll loop reads until EAGAIN. */
	d->fd = hostdev_open(prog, O_NONBLOCK);
	if (d->fd < 0)
		return 1;
	if (claim_all(d) || setup_epoll(d) || (d->ready && write_ready(d->ready)))
		return 1;
	ret = loop(d) ? 1 : 0;
	/* Lets the claims go: calls still waiting get -KVM_ENOSYS now. */
	close(d->fd);
	fprintf(stderr, "%s: answered %lu, cancelled %lu, late answers %lu\n",
		prog, d->answered, d->cancelled, d->late);
	return ret;
}

int main(int argc, char **argv)
{
	static struct hcd d;
	int ret;

	ret = parse_args(&d, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	/* Before the device: a signal must never kill us with it half set up. */
	if (setup_signals(&d))
		return 1;
	return run(&d);
}
