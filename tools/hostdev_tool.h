/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host tools (hypercalld, hypercall-policy) share: opening
 * /dev/hypercall-host with a message that says what to do, and numbers as
 * the tools read them.
 */

#ifndef HOSTDEV_TOOL_H
#define HOSTDEV_TOOL_H

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOSTDEV "/dev/hypercall-host"

/* The device, or -1 after saying why (and what to do) as @prog. */
static inline int hostdev_open(const char *prog, int flags)
{
	int fd = open(HOSTDEV, O_RDWR | O_CLOEXEC | flags);
	int err = errno;

	if (fd >= 0)
		return fd;
	fprintf(stderr, "%s: cannot open " HOSTDEV ": %s\n", prog, strerror(err));
	if (err == ENOENT || err == ENODEV || err == ENXIO)
		fprintf(stderr, "%s: is hypercall_hook loaded (modprobe hypercall_hook)?\n",
			prog);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr, "%s: " HOSTDEV " is for root only: run %s as root\n",
			prog, prog);
	return -1;
}

/*
 * Decimal, or hex with 0x: not strtoull's base 0, for which a leading 0
 * would silently mean octal. Stops at *end for the caller to check.
 */
static inline int hostdev_parse_num(const char *s, char **end,
				    unsigned long long max,
				    unsigned long long *v)
{
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		if (!isxdigit((unsigned char)s[2]))
			return -1;
	}
	/* Not strtoull's leading blanks and signs either. */
	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*v = strtoull(s, end, base);
	return errno || *v > max ? -1 : 0;
}

#endif /* HOSTDEV_TOOL_H */
