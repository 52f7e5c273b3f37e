// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_exit_hypercall [--cap]: a minimal VMM on /dev/kvm whose guest (real
 * mode, CPL 0) issues hypercall 12 (KVM_HC_MAP_GPA_RANGE) with a0 = 0,
 * a1 = 1 page, then halts. With --cap the VMM first enables
 * KVM_CAP_EXIT_HYPERCALL for nr 12, so KVM must exit to it, and answers 0.
 *
 * Prints "exits N rax 0x..": how many KVM_EXIT_HYPERCALL exits the VMM saw,
 * and RAX when the guest halted. Exit status 0 unless the VMM itself failed
 * (2), or 77 (a test's "skip") for --cap on a kernel without the capability
 * for nr 12 (it came with KVM_HC_MAP_GPA_RANGE in 5.14).
 */

#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUEST_MEM	0x10000
#define CODE_GPA	0x1000

static int die(const char *what)
{
	fprintf(stderr, "kvm_exit_hypercall: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int is_amd(void)
{
	unsigned int a, b, c, d;

	__cpuid(0, a, b, c, d);
	return b == 0x68747541;	/* "Auth"enticAMD */
}

int main(int argc, char **argv)
{
	/* vmmcall (AMD) or vmcall (Intel), then hlt */
	unsigned char code[] = { 0x0f, 0x01, 0xd9, 0xf4 };
	int cap = argc > 1 && !strcmp(argv[1], "--cap");
	struct kvm_userspace_memory_region region;
	struct kvm_enable_cap enable = { 0 };
	int kvm, vm, vcpu, exits = 0;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	long size;
	void *mem;

	if (!is_amd())
		code[2] = 0xc1;

	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		die("/dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM");
	if (cap) {
		if (!(ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_EXIT_HYPERCALL) & (1 << 12))) {
			fprintf(stderr, "kvm_exit_hypercall: KVM_CAP_EXIT_HYPERCALL for nr 12 not supported\n");
			return 77;
		}
		enable.cap = KVM_CAP_EXIT_HYPERCALL;
		enable.args[0] = 1 << 12;
		if (ioctl(vm, KVM_ENABLE_CAP, &enable))
			die("KVM_ENABLE_CAP");
	}

	mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	memcpy((char *)mem + CODE_GPA, code, sizeof(code));
	region = (struct kvm_userspace_memory_region) {
		.slot = 0, .guest_phys_addr = 0, .memory_size = GUEST_MEM,
		.userspace_addr = (unsigned long)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region))
		die("KVM_SET_USER_MEMORY_REGION");

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU");
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap kvm_run");

	if (ioctl(vcpu, KVM_GET_SREGS, &sregs))
		die("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs))
		die("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rflags = 2;
	regs.rax = 12;		/* KVM_HC_MAP_GPA_RANGE */
	regs.rbx = 0;		/* a0: a page-aligned gpa */
	regs.rcx = 1;		/* a1: one page */
	if (ioctl(vcpu, KVM_SET_REGS, &regs))
		die("KVM_SET_REGS");

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0))
			die("KVM_RUN");
		if (run->exit_reason == KVM_EXIT_HYPERCALL) {
			exits++;
			run->hypercall.ret = 0;	/* the VMM's answer */
			continue;
		}
		if (run->exit_reason == KVM_EXIT_HLT)
			break;
		fprintf(stderr, "kvm_exit_hypercall: unexpected exit %u\n", run->exit_reason);
		return 2;
	}
	if (ioctl(vcpu, KVM_GET_REGS, &regs))
		die("KVM_GET_REGS");
	printf("exits %d rax %#llx\n", exits, (unsigned long long)regs.rax);
	return 0;
}
