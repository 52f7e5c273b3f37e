// SPDX-License-Identifier: GPL-2.0
/*
 * as_user UID GID[,GID...] PROGRAM [ARGS]: run PROGRAM with those ids and no
 * other groups, for tests in a guest that has no su or setpriv.
 */

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	gid_t groups[16];
	int n = 0;
	char *g;

	if (argc < 4) {
		fprintf(stderr, "usage: %s UID GID[,GID...] PROGRAM [ARGS]\n", argv[0]);
		return 2;
	}
	for (g = strtok(argv[2], ","); g && n < 16; g = strtok(NULL, ","))
		groups[n++] = strtoul(g, NULL, 0);
	if (!n || setgroups(n, groups) || setgid(groups[0]) ||
	    setuid(strtoul(argv[1], NULL, 0))) {
		perror("as_user");
		return 2;
	}
	execv(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
