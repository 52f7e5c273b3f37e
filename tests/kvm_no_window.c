// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_no_window [--nr N] [--seconds S] [--move-every K] [--interval US]:
 * a VMM on /dev/kvm that looks for a window in which a handled hypercall's
 * answer is not yet in the guest's registers.
 *
 * The guest (real mode, CPL 0) loops forever: it calls hypercall N (default
 * 14, samples/host-info) with a0 = 3 (sum), a1 = i, a2 = a value that varies
 * with i, a3 = 1, and compares the answer in EAX with the sum it computed
 * itself in EDI. It counts its calls and its wrong answers in its own
 * memory, which the VMM shares (MAP_SHARED).
 *
 * A second thread sends SIGUSR1 (no SA_RESTART) to the vCPU's thread every
 * US microseconds (default 20), so that KVM_RUN keeps returning with EINTR.
 * At every return the VMM takes a register snapshot (KVM_GET_REGS); one is
 * stale if RIP is just past the hypercall instruction and RAX differs from
 * the expected sum in RDI, or if EAX holds (u32)-KVM_ENOSYS anywhere. Every
 * K-th return (default 50; 0: never) the VMM moves the vCPU to a new VM and
 * a new thread: KVM_CREATE_VM with the same memory, KVM_CREATE_VCPU, and the
 * old vCPU's registers, segment and control registers and pending events;
 * the old thread has exited and the old vCPU and VM are closed. So a VMM
 * that saves a vCPU at a signal, as live migration does, carries whatever
 * the registers held then.
 *
 * After S seconds (default 10) it prints one line,
 *	calls N wrong W snapshots S stale T moves M
 * and exits 0. It exits 2 if the VMM itself failed (a message on stderr),
 * for instance on a guest exit it does not expect. A host that answers
 * every call before KVM_RUN can return shows wrong 0 and stale 0.
 */

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUEST_MEM	0x10000
#define CODE_GPA	0x1000
#define CALLS_GPA	0x2000		/* u32: calls made */
#define WRONG_GPA	0x2004		/* u32: answers unlike the sum */
#define TSS_GPA		0xfffbd000	/* unused by the guest; VMX needs one */

#define KVM_ENOSYS_32	0xfffffc18u	/* (u32)-KVM_ENOSYS */

/* Offsets into guest_code[]. */
#define NR_IMM		49		/* the imm32 of mov eax, nr */
#define CALL_INSN	53		/* vmmcall / vmcall */
#define AFTER_CALL	56		/* RIP once the call returned */

/*
 * Real mode: 16-bit code, so every 32-bit operation carries the 0x66
 * operand-size prefix. EBP is the loop counter i, which starts at 0.
 */
static unsigned char guest_code[] = {
	/* 0: loop: */
	0x66, 0x45,				/* inc ebp		; i++ */
	0x66, 0x89, 0xe9,			/* mov ecx, ebp		; a1 = i */
	0x66, 0x81, 0xe1, 0xff, 0xff, 0xff, 0x0f, /* and ecx, 0x0fffffff */
	0x66, 0x69, 0xd5, 0xb1, 0x79, 0x37, 0x9e, /* imul edx, ebp, 0x9e3779b1 */
	0x66, 0x81, 0xe2, 0xff, 0xff, 0xff, 0x0f, /* and edx, 0x0fffffff ; a2 */
	0x66, 0xbb, 0x03, 0x00, 0x00, 0x00,	/* mov ebx, 3		; a0: sum */
	0x66, 0xbe, 0x01, 0x00, 0x00, 0x00,	/* mov esi, 1		; a3 */
	0x66, 0x89, 0xcf,			/* mov edi, ecx */
	0x66, 0x01, 0xd7,			/* add edi, edx */
	0x66, 0x01, 0xf7,			/* add edi, esi	; below 2^29 */
	/* 47: */
	0x66, 0xb8, 0x0e, 0x00, 0x00, 0x00,	/* mov eax, nr (patched) */
	/* 53: */
	0x0f, 0x01, 0xd9,			/* vmmcall (Intel: vmcall) */
	/* 56: */
	0x66, 0xff, 0x06, 0x00, 0x20,		/* inc dword [CALLS_GPA] */
	0x66, 0x39, 0xf8,			/* cmp eax, edi */
	0x74, 0x05,				/* je 71 */
	0x66, 0xff, 0x06, 0x04, 0x20,		/* inc dword [WRONG_GPA] */
	/* 71: */
	0xeb, 0xb7,				/* jmp 0		; -73 */
};

struct vcpu {
	int vm;
	int fd;
	struct kvm_run *run;
};

static int kvm;
static long run_size;
static void *mem;
static unsigned int move_every = 50;
static struct timespec deadline;

/* The vCPU's current thread, for the signal thread. */
static pthread_mutex_t target_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t target;
static bool target_valid;
static atomic_bool finished;

/* Written by one vCPU thread at a time, read once it was joined. */
static unsigned long snapshots, stale, moves;

static void die(const char *what)
{
	fprintf(stderr, "kvm_no_window: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void fail(const char *what)
{
	fprintf(stderr, "kvm_no_window: %s\n", what);
	exit(2);
}

/* An ioctl that a signal may interrupt, retried but for KVM_RUN. */
static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

static int is_amd(void)
{
	unsigned int a, b, c, d;

	__cpuid(0, a, b, c, d);
	return b == 0x68747541;	/* "Auth"enticAMD */
}

static bool past_deadline(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline.tv_sec ||
	       (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

/* A VM with the guest's memory, and its one vCPU. */
static void vcpu_create(struct vcpu *v)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = GUEST_MEM,
		.userspace_addr = (unsigned long)mem,
	};

	v->vm = xioctl(kvm, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		die("KVM_CREATE_VM");
	if (xioctl(v->vm, KVM_SET_TSS_ADDR, (void *)TSS_GPA))
		die("KVM_SET_TSS_ADDR");
	if (xioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &region))
		die("KVM_SET_USER_MEMORY_REGION");
	v->fd = xioctl(v->vm, KVM_CREATE_VCPU, 0);
	if (v->fd < 0)
		die("KVM_CREATE_VCPU");
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED)
		die("mmap kvm_run");
}

static void vcpu_destroy(struct vcpu *v)
{
	munmap(v->run, run_size);
	close(v->fd);
	close(v->vm);
}

/* The guest's first state: real mode at CODE_GPA, CS base 0. */
static void vcpu_reset(struct vcpu *v)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (xioctl(v->fd, KVM_GET_SREGS, &sregs))
		die("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (xioctl(v->fd, KVM_SET_SREGS, &sregs))
		die("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rflags = 2;
	if (xioctl(v->fd, KVM_SET_REGS, &regs))
		die("KVM_SET_REGS");
}

/* Carries the vCPU's state from @from to @to, as a VMM saving it would. */
static void vcpu_move(struct vcpu *from, struct vcpu *to)
{
	struct kvm_vcpu_events events;
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (xioctl(from->fd, KVM_GET_REGS, &regs))
		die("KVM_GET_REGS");
	if (xioctl(from->fd, KVM_GET_SREGS, &sregs))
		die("KVM_GET_SREGS");
	if (xioctl(from->fd, KVM_GET_VCPU_EVENTS, &events))
		die("KVM_GET_VCPU_EVENTS");
	if (xioctl(to->fd, KVM_SET_SREGS, &sregs))
		die("KVM_SET_SREGS");
	if (xioctl(to->fd, KVM_SET_REGS, &regs))
		die("KVM_SET_REGS");
	if (xioctl(to->fd, KVM_SET_VCPU_EVENTS, &events))
		die("KVM_SET_VCPU_EVENTS");
}

static void bad_exit(struct kvm_run *run)
{
	char msg[128];

	switch (run->exit_reason) {
	case KVM_EXIT_SHUTDOWN:
		fail("guest shut down (triple fault)");
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		snprintf(msg, sizeof(msg), "KVM internal error, suberror %u",
			 run->internal.suberror);
		fail(msg);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		snprintf(msg, sizeof(msg), "entry failed, reason %#llx",
			 (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		fail(msg);
		break;
	default:
		snprintf(msg, sizeof(msg), "unexpected exit %u", run->exit_reason);
		fail(msg);
	}
}

/* The run loop of one vCPU thread: until the K-th return or the end. */
static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	unsigned int returns = 0;
	struct kvm_regs regs;
	bool at_call;

	for (;;) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0 && errno != EINTR)
			die("KVM_RUN");
		if (v->run->exit_reason != KVM_EXIT_INTR)
			bad_exit(v->run);

		if (xioctl(v->fd, KVM_GET_REGS, &regs))
			die("KVM_GET_REGS");
		snapshots++;
		at_call = regs.rip == CODE_GPA + AFTER_CALL;
		if ((at_call && regs.rax != regs.rdi) ||
		    (__u32)regs.rax == KVM_ENOSYS_32)
			stale++;

		if (past_deadline()) {
			atomic_store(&finished, true);
			break;
		}
		if (move_every && ++returns == move_every)
			break;
	}
	pthread_mutex_lock(&target_lock);
	target_valid = false;
	pthread_mutex_unlock(&target_lock);
	return NULL;
}

static void *signal_thread(void *arg)
{
	const struct timespec interval = { .tv_nsec = *(long *)arg * 1000 };

	while (!atomic_load(&finished)) {
		pthread_mutex_lock(&target_lock);
		if (target_valid)
			pthread_kill(target, SIGUSR1);
		pthread_mutex_unlock(&target_lock);
		nanosleep(&interval, NULL);
	}
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig;
}

static void start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	errno = pthread_create(t, NULL, fn, arg);
	if (errno)
		die("pthread_create");
}

static unsigned long number(const char *s, const char *what)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (errno || !*s || *end) {
		fprintf(stderr, "kvm_no_window: bad %s: %s\n", what, s);
		exit(2);
	}
	return n;
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: kvm_no_window [--nr N] [--seconds S] [--move-every K] [--interval US]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "nr", required_argument, NULL, 'n' },
		{ "seconds", required_argument, NULL, 's' },
		{ "move-every", required_argument, NULL, 'm' },
		{ "interval", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long nr = 14, seconds = 10;
	long interval_us = 20;
	struct sigaction sa = { .sa_handler = on_signal };
	struct vcpu cur, next;
	pthread_t vcpu_t, sig_t;
	__u32 nr32, calls, wrong;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			nr = number(optarg, "--nr");
			break;
		case 's':
			seconds = number(optarg, "--seconds");
			break;
		case 'm':
			move_every = number(optarg, "--move-every");
			break;
		case 'i':
			interval_us = number(optarg, "--interval");
			break;
		default:
			bad_usage();
		}
	}
	if (optind != argc || nr > 0xffffffffUL || !interval_us ||
	    interval_us >= 1000000)
		bad_usage();

	if (sizeof(guest_code) != 73 || guest_code[NR_IMM - 1] != 0xb8 ||
	    guest_code[CALL_INSN] != 0x0f || guest_code[AFTER_CALL] != 0x66)
		fail("guest code and its offsets disagree");
	if (!is_amd())
		guest_code[CALL_INSN + 2] = 0xc1;
	nr32 = nr;
	memcpy(&guest_code[NR_IMM], &nr32, sizeof(nr32));

	/* No SA_RESTART: the signal must end KVM_RUN. */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");

	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		die("/dev/kvm");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size <= 0)
		die("KVM_GET_VCPU_MMAP_SIZE");
	mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	memcpy((char *)mem + CODE_GPA, guest_code, sizeof(guest_code));

	vcpu_create(&cur);
	vcpu_reset(&cur);

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	start(&sig_t, signal_thread, &interval_us);

	for (;;) {
		pthread_mutex_lock(&target_lock);
		start(&vcpu_t, vcpu_thread, &cur);
		target = vcpu_t;
		target_valid = true;
		pthread_mutex_unlock(&target_lock);

		errno = pthread_join(vcpu_t, NULL);
		if (errno)
			die("pthread_join");
		if (atomic_load(&finished))
			break;

		vcpu_create(&next);
		vcpu_move(&cur, &next);
		vcpu_destroy(&cur);
		cur = next;
		moves++;
	}
	pthread_join(sig_t, NULL);

	memcpy(&calls, (char *)mem + CALLS_GPA, sizeof(calls));
	memcpy(&wrong, (char *)mem + WRONG_GPA, sizeof(wrong));
	printf("calls %u wrong %u snapshots %lu stale %lu moves %lu\n",
	       calls, wrong, snapshots, stale, moves);
	vcpu_destroy(&cur);
	return 0;
}
