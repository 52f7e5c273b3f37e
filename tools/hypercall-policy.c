// SPDX-License-Identifier: GPL-2.0
/*
 * hypercall-policy: limit hypercall numbers to chosen VMs, through
 * %HYPERCALL_HOST_IOC_POLICY on /dev/hypercall-host
 * (include/uapi/linux/hypercall_hostdev.h), and list the rules from the
 * hook's debugfs file.
 *
 * Exit status: 0 ok, 1 failure, 2 usage.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/hypercall_hostdev.h>

#include "hostdev_tool.h"

#define DEV HOSTDEV
#define DEBUGFS "/sys/kernel/debug"
#define POLICY_FILE DEBUGFS "/hypercall_hook/policy"
/* <linux/magic.h>'s, not included for this one value. */
#define DEBUGFS_MAGIC_NR 0x64626720

static const char *prog = "hypercall-policy";

static void print_help(FILE *f)
{
	fprintf(f,
		"NAME\n"
		"    %s - limit KVM hypercall numbers to chosen VMs\n"
		"\n"
		"SYNOPSIS\n"
		"    %s allow NR pid PID\n"
		"    %s allow NR cgroup DIR\n"
		"    %s remove NR pid PID|cgroup DIR\n"
		"    %s reset NR\n"
		"    %s show\n"
		"    %s --help\n"
		"\n"
		"DESCRIPTION\n"
		"    Sets the host's policy rules through " DEV " (the host's\n"
		"    hypercall_hook module; root, with CAP_SYS_ADMIN). A number with\n"
		"    rules answers only the VMs some rule admits; every other VM gets\n"
		"    KVM's own -KVM_ENOSYS, as if nothing answered the number, and its\n"
		"    discovery table does not list it. A number without rules answers\n"
		"    every VM. This holds for every number: a host module's, a host\n"
		"    program's (hypercalld), the discovery call's own. Rules are the\n"
		"    host's: they stay until removed or reset, or the hook is unloaded;\n"
		"    a rule for a pid lapses when that process ends.\n"
		"\n"
		"COMMANDS\n"
		"    allow NR pid PID\n"
		"        Admit the VMs of the VMM process PID (as seen here).\n"
		"    allow NR cgroup DIR\n"
		"        Admit the VMs whose calling vCPU thread is in the cgroup v2\n"
		"        directory DIR or below it (such as\n"
		"        /sys/fs/cgroup/machine.slice/VM.scope).\n"
		"    remove NR pid PID|cgroup DIR\n"
		"        Take that rule back; the number's last rule gone, it answers\n"
		"        every VM again.\n"
		"    reset NR\n"
		"        Take all of the number's rules back: every VM again.\n"
		"    show\n"
		"        List the rules, one a line, from " POLICY_FILE "\n"
		"        (debugfs mounted), as \"NR pid PID\" or \"NR cgroup ID\", ID\n"
		"        being the cgroup directory's inode number (stat -c %%i DIR).\n"
		"        No line: no rule, every number answers every VM.\n"
		"\n"
		"    NR is decimal or 0x hex, up to 0xffffffff; NR in show is decimal.\n"
		"\n"
		"EXIT STATUS\n"
		"    0 ok, 1 failure (device, rule refused, file), 2 usage error.\n"
		"\n"
		"EXAMPLES\n"
		"    %s allow 0x4B480002 pid $(pidof qemu-system-x86_64)\n"
		"    %s allow 0x4B480002 cgroup /sys/fs/cgroup/machine.slice/vm1.scope\n"
		"    %s show\n"
		"    %s reset 0x4B480002\n",
		prog, prog, prog, prog, prog, prog, prog, prog, prog, prog, prog);
}

/* A usage error's message, and exit status 2. */
static int usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see %s --help\n", prog);
	return 2;
}

/* A whole argument, as hostdev_parse_num() reads it. */
static int parse_num(const char *s, unsigned long long max,
		     unsigned long long *v)
{
	char *end;

	return hostdev_parse_num(s, &end, max, v) || *end ? -1 : 0;
}

/* What a POLICY errno means, per hypercall_hostdev.h. */
static const char *policy_hint(int err)
{
	switch (err) {
	case EPERM:
		return "rules need CAP_SYS_ADMIN: run as root";
	case EEXIST:
		return "that rule is there already";
	case ENOENT:
		return "no such rule (see hypercall-policy show)";
	case ESRCH:
		return "no process has that pid (give the VMM's, as seen here)";
	case EBADF:
		return "not a cgroup v2 directory";
	case ENOSPC:
		return "the host has the most rules (256): remove or reset some";
	case EINVAL:
		return "refused by the kernel: is hypercall_hook of this tool's version?";
	case ENOTTY:
		return "hypercall_hook too old: it has no policy rules";
	case ENOMEM:
		return "the kernel is out of memory";
	}
	return NULL;
}

/* One rule change; @what names it in messages. */
static int set_policy(struct hypercall_policy *p, const char *what)
{
	const char *hint;
	int fd, ret, err;

	/* Read-write: the device takes no rule from a read-only open. */
	fd = hostdev_open(prog, 0);
	if (fd < 0)
		return 1;
	ret = ioctl(fd, HYPERCALL_HOST_IOC_POLICY, p);
	err = errno;
	close(fd);
	if (!ret)
		return 0;
	hint = policy_hint(err);
	fprintf(stderr, "%s: %s: %s%s%s\n", prog, what, strerror(err),
		hint ? ": " : "", hint ? hint : "");
	return 1;
}

/* allow|remove NR pid PID|cgroup DIR, reset NR */
static int cmd_rule(__u32 action, int argc, char **argv)
{
	struct hypercall_policy p;
	unsigned long long v;
	char what[PATH_MAX + 64];
	int cfd = -1, ret;

	if (argc < 2)
		return usage("%s: NR missing", argv[0]);
	memset(&p, 0, sizeof(p));
	p.action = action;
	if (parse_num(argv[1], UINT_MAX, &v))
		return usage("'%s' is not a number up to 0xffffffff", argv[1]);
	p.nr = v;
	if (action == HYPERCALL_POLICY_RESET) {
		if (argc > 2)
			return usage("unexpected argument '%s'", argv[2]);
		snprintf(what, sizeof(what), "reset %#x", p.nr);
		return set_policy(&p, what);
	}
	if (argc < 4)
		return usage("%s: pid PID or cgroup DIR missing", argv[0]);
	if (argc > 4)
		return usage("unexpected argument '%s'", argv[4]);
	snprintf(what, sizeof(what), "%s %#x %s %s", argv[0], p.nr, argv[2],
		 argv[3]);
	if (!strcmp(argv[2], "pid")) {
		if (parse_num(argv[3], INT_MAX, &v) || !v)
			return usage("'%s' is not a process id", argv[3]);
		p.scope = HYPERCALL_SCOPE_PID;
		p.vm_pid = v;
		return set_policy(&p, what);
	}
	if (strcmp(argv[2], "cgroup"))
		return usage("'%s': the scopes are pid and cgroup", argv[2]);
	/* Only for the ioctl: a rule holds the cgroup itself. */
	cfd = open(argv[3], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cfd < 0) {
		fprintf(stderr, "%s: %s: cannot open %s: %s\n", prog, what,
			argv[3], strerror(errno));
		return 1;
	}
	p.scope = HYPERCALL_SCOPE_CGROUP;
	p.cgroup_fd = cfd;
	ret = set_policy(&p, what);
	close(cfd);
	return ret;
}

/* Why the policy file cannot be opened, given open()'s errno. */
static void show_hint(int err)
{
	struct statfs st;

	if (err == EACCES || err == EPERM) {
		fprintf(stderr, "%s: " POLICY_FILE " is for root only: run %s show as root\n",
			prog, prog);
		return;
	}
	if (err != ENOENT)
		return;
	if (statfs(DEBUGFS, &st) || st.f_type != DEBUGFS_MAGIC_NR)
		fprintf(stderr, "%s: debugfs must be mounted: mount -t debugfs none " DEBUGFS "\n",
			prog);
	else
		fprintf(stderr, "%s: is hypercall_hook loaded (modprobe hypercall_hook),\n"
			"%s: and of this tool's version?\n", prog, prog);
}

static int cmd_show(int argc, char **argv)
{
	char buf[4096];
	size_t n;
	FILE *f;

	if (argc > 1)
		return usage("unexpected argument '%s'", argv[1]);
	f = fopen(POLICY_FILE, "re");
	if (!f) {
		int err = errno;

		fprintf(stderr, "%s: cannot open " POLICY_FILE ": %s\n", prog,
			strerror(err));
		show_hint(err);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	if (ferror(f)) {
		fprintf(stderr, "%s: read " POLICY_FILE ": %s\n", prog,
			strerror(errno));
		fclose(f);
		return 1;
	}
	fclose(f);
	if (fflush(stdout)) {
		fprintf(stderr, "%s: write: %s\n", prog, strerror(errno));
		return 1;
	}
	return 0;
}

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
	const char *cmd;
	int opt;

	/* '+': options only before the command; its arguments stay its own. */
	while ((opt = getopt_long(argc, argv, "+h", long_opts, NULL)) != -1) {
		if (opt != 'h') {
			fprintf(stderr, "%s: see %s --help\n", prog, prog);
			return 2;
		}
		print_help(stdout);
		return 0;
	}
	if (optind == argc)
		return usage("a command is missing (allow, remove, reset, show)");
	argc -= optind;
	argv += optind;
	cmd = argv[0];
	if (!strcmp(cmd, "allow"))
		return cmd_rule(HYPERCALL_POLICY_ALLOW, argc, argv);
	if (!strcmp(cmd, "remove"))
		return cmd_rule(HYPERCALL_POLICY_REMOVE, argc, argv);
	if (!strcmp(cmd, "reset"))
		return cmd_rule(HYPERCALL_POLICY_RESET, argc, argv);
	if (!strcmp(cmd, "show"))
		return cmd_show(argc, argv);
	return usage("unknown command '%s' (allow, remove, reset, show)", cmd);
}
