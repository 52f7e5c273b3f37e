// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_fuzz SEED COUNT: COUNT random ioctls on /dev/hypercall, from a fixed
 * seed, mixing our commands (with wrong sizes and directions too) with random
 * ones, and arguments that are small values, extremes, NULL, unmapped,
 * kernel or half-mapped addresses, or a struct with random fields.
 *
 * Each result must be one the uapi header documents; where the input is
 * well-formed, the result must be the one it defines (host hook and hello
 * loaded, nr 14 to 16 unanswered, the driver's default allow_nr: 13 to
 * 16; for DISCOVER, whatever the host answers), and any command
 * but ours must get ENOTTY. Prints "inputs N unexpected U wrong W"; exit 0
 * when U and W are 0.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/fiemap.h>
#include <linux/fs.h>

#include <linux/hypercall.h>

static uint64_t state;

/* xorshift64*: the same sequence for the same seed, on any libc. */
static uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dULL;
}

static const unsigned long extremes[] = {
	0, 1, 12, 13, 14, INT_MAX, (unsigned int)INT_MIN, (unsigned long)(long)INT_MIN,
	UINT_MAX, 0x100000000UL, LONG_MAX, 0x8000000000000000UL, ULONG_MAX,
	0x1000, 0xffff888000000000UL, 0xffffffff81000000UL,
};

#define N_EXTREMES (sizeof(extremes) / sizeof(extremes[0]))

static unsigned long pick_cmd(void)
{
	switch (rnd() % 9) {
	case 0:
		return HYPERCALL_IOC_HELLO0;
	case 1:
		return HYPERCALL_IOC_HELLO1;
	case 2:
	case 3:
		return HYPERCALL_IOC_CALL;
	case 6:
	case 7:
		return HYPERCALL_IOC_CALL_BUF;
	case 8:
		return HYPERCALL_IOC_DISCOVER;
	case 4:	/* our magic, any direction, size and number */
		return _IOC(rnd() % 4, HYPERCALL_IOC_MAGIC, rnd() % 8, rnd() % 128);
	default:
		return (unsigned int)rnd();
	}
}

static const uint64_t nrs[] = { 12, 13, 14, 15, 16, 1, 5, 10, 11, 1000 };

#define N_NRS (sizeof(nrs) / sizeof(nrs[0]))

static void random_call(struct hypercall_call *c)
{
	int i;

	c->nr = rnd() % 4 ? nrs[rnd() % N_NRS] : rnd();
	c->nargs = rnd() % 4 ? rnd() % 5 : (uint32_t)rnd();
	c->flags = rnd() % 8 ? 0 : (uint32_t)rnd();
	for (i = 0; i < 4; i++)
		c->args[i] = rnd() % 2 ? extremes[rnd() % N_EXTREMES] : rnd();
	c->ret = rnd();
}

/* The answer to an allowed number: hello1 answers 13, nothing the rest. */
static int nr_expect(uint64_t nr, long long *ret)
{
	if (nr < 13 || nr > 16)
		return EPERM;
	*ret = nr == 13 ? 0 : -1000;
	return 0;
}

/* What the header promises for a well-formed CALL: errno, and ret. */
static int call_expect(const struct hypercall_call *c, long long *ret)
{
	if (c->nargs > 4 || c->flags || c->nr > UINT_MAX)
		return EINVAL;
	return nr_expect(c->nr, ret);
}

/* A length: the edges of a page and of the cap, or anything. */
static uint32_t random_len(void)
{
	static const uint32_t lens[] = {
		0, 1, 4095, 4096, 4097, HYPERCALL_BUF_MAX, HYPERCALL_BUF_MAX + 1,
		UINT32_MAX,
	};

	return rnd() % 4 ? lens[rnd() % 8] : (uint32_t)rnd();
}

/*
 * A CALL_BUF whose buffers are either within @room (both fit: *valid is
 * set) or anywhere: NULL, extremes, kernel addresses, the half-mapped page.
 */
static void random_buf_call(struct hypercall_buf_call *b, char *room,
			    char *half, int *valid)
{
	b->nr = rnd() % 4 ? nrs[rnd() % N_NRS] : rnd();
	b->flags = rnd() % 8 ? 0 : (uint32_t)rnd();
	b->reserved = rnd() % 8 ? 0 : (uint32_t)rnd();
	b->in_len = random_len();
	b->out_len = random_len();
	b->ret = rnd();
	*valid = rnd() % 2;
	if (*valid) {
		b->in = (unsigned long)room;
		b->out = (unsigned long)room + HYPERCALL_BUF_MAX;
		return;
	}
	b->in = rnd() % 2 ? extremes[rnd() % N_EXTREMES] : (unsigned long)half;
	b->out = rnd() % 2 ? extremes[rnd() % N_EXTREMES] : (unsigned long)half;
}

/* What the header promises for a CALL_BUF with valid buffers. */
static int buf_call_expect(const struct hypercall_buf_call *b, long long *ret)
{
	if (b->flags || b->reserved || b->nr > UINT_MAX)
		return EINVAL;
	if (b->in_len > HYPERCALL_BUF_MAX || b->out_len > HYPERCALL_BUF_MAX)
		return E2BIG;
	return nr_expect(b->nr, ret);
}

/* A DISCOVER whose buffer is either @room (*valid set) or anywhere. */
static void random_discover(struct hypercall_discover_call *d, char *room,
			    char *half, int *valid)
{
	d->len = random_len();
	d->flags = rnd() % 8 ? 0 : (uint32_t)rnd();
	d->ret = rnd();
	*valid = rnd() % 2;
	if (*valid)
		d->buf = (unsigned long)room;
	else
		d->buf = rnd() % 2 ? extremes[rnd() % N_EXTREMES] : (unsigned long)half;
}

/* What the header promises for a DISCOVER with a valid buffer. */
static int discover_expect(const struct hypercall_discover_call *d)
{
	if (d->flags)
		return EINVAL;
	if (d->len > HYPERCALL_BUF_MAX)
		return E2BIG;
	return 0;
}

/*
 * Not ours: the driver must answer ENOTTY. The VFS answers a few commands
 * itself, on any file, before the driver sees them.
 */
static int unknown_cmd(unsigned long cmd)
{
	static const unsigned long vfs[] = {
		FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC, FIOQSIZE, FIFREEZE, FITHAW,
		FIGETBSZ, FS_IOC_FIEMAP, FICLONE, FICLONERANGE, FIDEDUPERANGE,
		FS_IOC_GETFLAGS, FS_IOC_SETFLAGS, FS_IOC_FSGETXATTR, FS_IOC_FSSETXATTR,
	};
	unsigned int i;

	if (cmd == HYPERCALL_IOC_HELLO0 || cmd == HYPERCALL_IOC_HELLO1 ||
	    cmd == HYPERCALL_IOC_CALL || cmd == HYPERCALL_IOC_CALL_BUF ||
	    cmd == HYPERCALL_IOC_DISCOVER)
		return 0;
	for (i = 0; i < sizeof(vfs) / sizeof(vfs[0]); i++)
		if (cmd == vfs[i])
			return 0;
	return 1;
}

static int documented(int err)
{
	return err == ENOTTY || err == EINVAL || err == EFAULT || err == EPERM ||
	       err == EOPNOTSUPP || err == EIO || err == E2BIG || err == ENOMEM;
}

int main(int argc, char **argv)
{
	unsigned long inputs = 0, unexpected = 0, wrong = 0;
	long page = sysconf(_SC_PAGESIZE);
	struct hypercall_discover_call *good_disc;
	struct hypercall_buf_call *good_buf;
	struct hypercall_call *good;
	unsigned long count, i;
	char *map, *room;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SEED COUNT\n", argv[0]);
		return 2;
	}
	state = strtoull(argv[1], NULL, 0) | 1;
	count = strtoul(argv[2], NULL, 0);

	fd = open("/dev/hypercall", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "%s: /dev/hypercall: %s\n", argv[0], strerror(errno));
		return 1;
	}
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + page, page, PROT_NONE))
		return 1;
	good = (struct hypercall_call *)map;
	good_buf = (struct hypercall_buf_call *)(map + sizeof(*good));
	good_disc = (struct hypercall_discover_call *)(good_buf + 1);
	/* Room for an input and an output of the largest size. */
	room = malloc(2 * HYPERCALL_BUF_MAX);
	if (!room)
		return 1;

	for (i = 0; i < count; i++) {
		unsigned long cmd = pick_cmd(), arg;
		int kind = rnd() % 4, want = -1, ret, err, valid, disc_valid;
		long long want_ret = 0, *got_ret = NULL;

		random_call(good);
		random_buf_call(good_buf, room, map + page - rnd() % 48, &valid);
		random_discover(good_disc, room, map + page - rnd() % 48, &disc_valid);
		if (cmd == HYPERCALL_IOC_CALL && kind < 2) {
			arg = (unsigned long)good;
			want = call_expect(good, &want_ret);
			got_ret = &good->ret;
		} else if (cmd == HYPERCALL_IOC_CALL_BUF && kind < 2) {
			arg = (unsigned long)good_buf;
			if (valid) {
				want = buf_call_expect(good_buf, &want_ret);
				got_ret = &good_buf->ret;
			}
		} else if (cmd == HYPERCALL_IOC_DISCOVER && kind < 2) {
			arg = (unsigned long)good_disc;
			if (disc_valid)
				want = discover_expect(good_disc);
		} else if (kind == 2) {
			arg = (unsigned long)(map + page - rnd() % 48); /* half-mapped */
		} else {
			arg = rnd() % 2 ? extremes[rnd() % N_EXTREMES] : rnd();
		}
		if (unknown_cmd(cmd))
			want = ENOTTY;
		else if (cmd == HYPERCALL_IOC_HELLO0)
			want = 0;
		else if (cmd == HYPERCALL_IOC_HELLO1)
			want = 0;	/* any value: its low 32 bits are the int */

		inputs++;
		ret = ioctl(fd, cmd, arg);
		err = ret ? errno : 0;
		if (ret && (ret != -1 || !documented(err))) {
			unexpected++;
			printf("# unexpected: cmd %#lx arg %#lx: ret %d errno %d\n",
			       cmd, arg, ret, err);
		} else if (want >= 0 && (err != want ||
			   (!ret && got_ret && *got_ret != want_ret))) {
			wrong++;
			printf("# wrong: cmd %#lx arg %#lx: errno %d (want %d)\n",
			       cmd, arg, err, want);
		}
	}

	/* The device still works afterwards. */
	inputs++;
	if (ioctl(fd, HYPERCALL_IOC_HELLO0)) {
		wrong++;
		printf("# wrong: HELLO0 after fuzzing: %s\n", strerror(errno));
	}
	printf("inputs %lu unexpected %lu wrong %lu\n", inputs, unexpected, wrong);
	close(fd);
	return unexpected || wrong;
}
