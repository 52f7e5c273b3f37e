// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_guest_mem: a minimal VMM on /dev/kvm that tests the host API's guest
 * memory copies (hypercall_read_guest(), hypercall_write_guest()) through
 * the test handlers of tests/modules/hc_test (24 read, 25 write, 26 echo,
 * 27 read twice around a sleep), which answer with a hash of what they read
 * or the API's -errno as is.
 *
 * Guest physical memory, of one anonymous mapping never touched before the
 * calls (so that the host faults its pages in):
 *   slot 0  [0, 64K)      code at 0x1000 ("vmmcall; hlt"), data
 *   slot 1  [64K, 128K)   dirty-logged (KVM_MEM_LOG_DIRTY_PAGES)
 *   hole    [128K, 192K)
 *   slot 2  [192K, 256K)  read-only (a ROM)
 * Each call runs the real-mode guest from 0x1000 with the registers set
 * by the VMM, until it halts; its answer is RAX's low 32 bits.
 *
 * Prints a line per check, "name<TAB>got<TAB>want", for the caller to turn
 * into TAP; exits 0, or 2 if the VMM itself failed. "skip<TAB>name<TAB>why"
 * where the kernel lacks what a check needs.
 */

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define KIB		1024UL
#define MEM_SIZE	(256 * KIB)
#define SLOT1		(64 * KIB)
#define HOLE		(128 * KIB)
#define ROM		(192 * KIB)
#define CODE_GPA	0x1000
#define CAP		(64 * KIB)	/* HYPERCALL_GUEST_COPY_MAX */

enum { NR_READ = 24, NR_WRITE, NR_ECHO, NR_REREAD };

struct vm {
	int fd, vcpu;
	struct kvm_run *run;
	unsigned char *mem;
};

static int kvm;

static void die(const char *what)
{
	fprintf(stderr, "kvm_guest_mem: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint32_t hash(const unsigned char *p, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* What a real-mode guest gets: the hash's 32 bits in RAX, signed. */
static long long h32(const unsigned char *p, size_t len)
{
	return (int32_t)hash(p, len);
}

static void report(const char *name, long long got, long long want)
{
	printf("%s\t%lld\t%lld\n", name, got, want);
}

static void set_slot(struct vm *vm, unsigned int slot, unsigned long gpa,
		     unsigned long size, unsigned int flags)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (unsigned long)vm->mem + gpa,
	};

	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r))
		die("KVM_SET_USER_MEMORY_REGION");
}

static void vm_create(struct vm *vm, unsigned int slot0_flags)
{
	unsigned char code[] = { 0x0f, 0x01, 0xd9, 0xf4 };	/* vmmcall; hlt */
	unsigned int a, b, c, d;
	struct kvm_sregs sregs;
	long size;

	__cpuid(0, a, b, c, d);
	if (b != 0x68747541)	/* not "Auth"enticAMD: vmcall */
		code[2] = 0xc1;
	vm->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (vm->mem == MAP_FAILED)
		die("mmap");
	memcpy(vm->mem + CODE_GPA, code, sizeof(code));
	set_slot(vm, 0, 0, SLOT1, slot0_flags);
	vm->vcpu = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu < 0)
		die("KVM_CREATE_VCPU");
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	vm->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu, 0);
	if (vm->run == MAP_FAILED)
		die("mmap kvm_run");
	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs))
		die("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &sregs))
		die("KVM_SET_SREGS");
}

/* One hypercall from the guest: its answer, RAX's low 32 bits, signed. */
static long long call(struct vm *vm, unsigned int nr, unsigned long a0,
		      unsigned long a1, unsigned long a2, unsigned long a3)
{
	struct kvm_regs regs = {
		.rip = CODE_GPA, .rflags = 2,
		.rax = nr, .rbx = a0, .rcx = a1, .rdx = a2, .rsi = a3,
	};

	if (ioctl(vm->vcpu, KVM_SET_REGS, &regs))
		die("KVM_SET_REGS");
	for (;;) {
		if (ioctl(vm->vcpu, KVM_RUN, 0)) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		if (vm->run->exit_reason == KVM_EXIT_HLT)
			break;
		fprintf(stderr, "kvm_guest_mem: unexpected exit %u\n",
			vm->run->exit_reason);
		exit(2);
	}
	if (ioctl(vm->vcpu, KVM_GET_REGS, &regs))
		die("KVM_GET_REGS");
	return (int32_t)regs.rax;
}

/* Slot 1's dirty pages, as a bitmap of its 16 pages (and clears them). */
static long long dirty_log(struct vm *vm)
{
	uint64_t bitmap[8] = { 0 };
	struct kvm_dirty_log log = { .slot = 1, .dirty_bitmap = bitmap };

	if (ioctl(vm->fd, KVM_GET_DIRTY_LOG, &log))
		die("KVM_GET_DIRTY_LOG");
	return bitmap[0];
}

static int all(const unsigned char *p, size_t len, unsigned char v)
{
	while (len--)
		if (*p++ != v)
			return 0;
	return 1;
}

static void test_copies(struct vm *vm)
{
	unsigned char *m = vm->mem, before[16];
	long long got;
	size_t i;

	for (i = 0x2000; i < SLOT1 + 0x800; i++)
		if (i < SLOT1 - 0x800 || i >= SLOT1)
			m[i] = (unsigned char)(i * 7 + 3);
	memset(m + SLOT1 - 0x800, 0x11, 0x800);

	report("read in one page", call(vm, NR_READ, 0x2000, 100, 0, 0),
	       h32(m + 0x2000, 100));
	report("read across pages", call(vm, NR_READ, 0x2f00, 0x300, 0, 0),
	       h32(m + 0x2f00, 0x300));
	report("read across memslots 0 and 1", call(vm, NR_READ, SLOT1 - 100, 200, 0, 0),
	       h32(m + SLOT1 - 100, 200));
	report("read of pages the VMM never touched (faulted in)",
	       call(vm, NR_READ, SLOT1 + 10 * 4096, 4096, 0, 0), h32(m + SLOT1 + 10 * 4096, 4096));
	report("read of length 0", call(vm, NR_READ, 0x2000, 0, 0, 0), h32(m, 0));
	report("read of the cap (64 KiB)", call(vm, NR_READ, 0, CAP, 0, 0), h32(m, CAP));
	report("read of the cap + 1: -E2BIG", call(vm, NR_READ, 0, CAP + 1, 0, 0), -E2BIG);

	dirty_log(vm);
	got = call(vm, NR_WRITE, SLOT1 - 100, 200, 0xab, 0);
	report("write across memslots 0 and 1", got, 0);
	report("... wrote those 200 bytes", all(m + SLOT1 - 100, 200, 0xab), 1);
	report("... and not one more", m[SLOT1 - 101] == 0x11 && m[SLOT1 + 100] != 0xab, 1);
	report("... logged dirty: slot 1's page 0 only", dirty_log(vm), 1);
	call(vm, NR_WRITE, SLOT1 + 3 * 4096 + 4000, 200, 0xcd, 0);
	report("write across slot 1's pages 3 and 4: both logged dirty", dirty_log(vm), 0x18);
	report("no write, no dirty page", dirty_log(vm), 0);

	report("echo 5000 bytes, page-crossing both ways",
	       call(vm, NR_ECHO, 0x3000, 5000, SLOT1 + 0x100, 5000), 5000);
	for (i = 0; i < 5000 && m[SLOT1 + 0x100 + i] == m[0x3000 + 4999 - i]; i++)
		;
	report("... the output is the input reversed", i, 5000);
	report("... logged dirty: slot 1's pages 0 and 1", dirty_log(vm), 3);

	report("read in the hole: -EFAULT", call(vm, NR_READ, HOLE, 16, 0, 0), -EFAULT);
	report("read from slot 1 into the hole: -EFAULT",
	       call(vm, NR_READ, HOLE - 8, 16, 0, 0), -EFAULT);
	memcpy(before, m + HOLE - 8, 8);
	report("write from slot 1 into the hole: -EFAULT",
	       call(vm, NR_WRITE, HOLE - 8, 16, 0xee, 0), -EFAULT);
	report("... wrote nothing", !memcmp(before, m + HOLE - 8, 8), 1);
	report("... logged nothing", dirty_log(vm), 0);
	report("read past guest memory (2 GiB): -EFAULT",
	       call(vm, NR_READ, 0x80000000, 8, 0, 0), -EFAULT);
	report("read at the top of 32 bits: -EFAULT",
	       call(vm, NR_READ, 0xfffffff8, 16, 0, 0), -EFAULT);

	memset(m + ROM, 0x5a, 64);
	report("read of a read-only memslot", call(vm, NR_READ, ROM, 64, 0, 0), h32(m + ROM, 64));
	report("write to a read-only memslot: -EROFS",
	       call(vm, NR_WRITE, ROM, 16, 0, 0), -EROFS);
	report("... wrote nothing", all(m + ROM, 64, 0x5a), 1);

	/* The VMM unmaps memory that is still in a memslot. */
	if (munmap(m + SLOT1 + 15 * 4096, 4096))
		die("munmap");
	report("read of a page the VMM unmapped: -EFAULT",
	       call(vm, NR_READ, SLOT1 + 15 * 4096, 16, 0, 0), -EFAULT);
	report("write to a page the VMM unmapped: -EFAULT",
	       call(vm, NR_WRITE, SLOT1 + 15 * 4096, 16, 1, 0), -EFAULT);
}

struct deleter {
	struct vm *vm;
	unsigned int delay_ms;
	int ret;
};

static void *delete_slot1(void *arg)
{
	struct deleter *d = arg;
	struct kvm_userspace_memory_region r = { .slot = 1 };

	usleep(d->delay_ms * 1000);
	d->ret = ioctl(d->vm->fd, KVM_SET_USER_MEMORY_REGION, &r);
	return NULL;
}

/*
 * Slot 1 deleted while the handler sleeps between two reads of it. KVM
 * first makes the slot invalid, then waits for kvm->srcu readers (the vCPU
 * thread, in the call) before it frees it: the first read gets the bytes,
 * the second, after the invalidation, -EFAULT; nothing reads freed memory.
 */
static void test_delete(struct vm *vm, unsigned int sleep_ms)
{
	struct deleter d = { .vm = vm, .delay_ms = sleep_ms / 3 };
	pthread_t t;

	if (pthread_create(&t, NULL, delete_slot1, &d))
		die("pthread_create");
	report("memslot deleted during a sleeping read: -EFAULT from the read after it",
	       call(vm, NR_REREAD, SLOT1 + 0x100, 64, 0, 0), -EFAULT);
	pthread_join(t, NULL);
	report("... the deletion succeeded", d.ret, 0);
	report("... and the slot is gone: -EFAULT", call(vm, NR_READ, SLOT1, 8, 0, 0), -EFAULT);
}

/* A VM on the dirty ring: a write KVM would log there is refused. */
static void test_dirty_ring(void)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_DIRTY_LOG_RING };
	struct vm vm;
	int max;

	vm.fd = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm.fd < 0)
		die("KVM_CREATE_VM");
	max = ioctl(vm.fd, KVM_CHECK_EXTENSION, KVM_CAP_DIRTY_LOG_RING);
	if (max <= 0) {
		printf("skip\tdirty ring\tno KVM_CAP_DIRTY_LOG_RING (5.11+)\n");
		close(vm.fd);
		return;
	}
	cap.args[0] = 4096 * sizeof(struct kvm_dirty_gfn);
	if (cap.args[0] > (unsigned int)max)
		cap.args[0] = max;
	if (ioctl(vm.fd, KVM_ENABLE_CAP, &cap))
		die("KVM_ENABLE_CAP KVM_CAP_DIRTY_LOG_RING");
	vm_create(&vm, KVM_MEM_LOG_DIRTY_PAGES);
	set_slot(&vm, 1, SLOT1, SLOT1, 0);
	report("dirty ring: write to a dirty-logged memslot: -EOPNOTSUPP",
	       call(&vm, NR_WRITE, 0x4000, 16, 0x77, 0), -EOPNOTSUPP);
	report("... wrote nothing", all(vm.mem + 0x4000, 16, 0), 1);
	report("dirty ring: read of it", call(&vm, NR_READ, 0x4000, 16, 0, 0),
	       h32(vm.mem + 0x4000, 16));
	report("dirty ring: write to a memslot not logged",
	       call(&vm, NR_WRITE, SLOT1, 16, 0x77, 0), 0);
	report("... wrote it", all(vm.mem + SLOT1, 16, 0x77), 1);
}

int main(int argc, char **argv)
{
	unsigned int sleep_ms = argc > 1 ? atoi(argv[1]) : 300;
	struct vm vm;

	setvbuf(stdout, NULL, _IOLBF, 0);
	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		die("/dev/kvm");
	vm.fd = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm.fd < 0)
		die("KVM_CREATE_VM");
	if (ioctl(vm.fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) <= 0) {
		fprintf(stderr, "kvm_guest_mem: no KVM_CAP_READONLY_MEM\n");
		return 2;
	}
	vm_create(&vm, 0);
	set_slot(&vm, 1, SLOT1, SLOT1, KVM_MEM_LOG_DIRTY_PAGES);
	set_slot(&vm, 2, ROM, 64 * KIB, KVM_MEM_READONLY);

	test_copies(&vm);
	test_delete(&vm, sleep_ms);
	test_dirty_ring();
	return 0;
}
