// SPDX-License-Identifier: GPL-2.0
/*
 * raw_hypercall NR [A0]: issue a hypercall straight from user mode (CPL 3)
 * and print what RAX holds afterwards, as a signed number.
 *
 * KVM answers a hypercall from guest user mode with -KVM_EPERM (-1) before
 * it looks at the number; the end-to-end test checks that the host hook
 * keeps it that way. VMMCALL on AMD, VMCALL on Intel (KVM handles either).
 */

#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_amd(void)
{
	unsigned int eax, ebx, ecx, edx;

	__cpuid(0, eax, ebx, ecx, edx);
	return ebx == 0x68747541 && edx == 0x69746e65 && ecx == 0x444d4163;
}

int main(int argc, char **argv)
{
	unsigned long nr, a0 = 0;
	long ret;

	if (argc < 2 || argc > 3 || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout, "usage: %s NR [A0]\n", argv[0]);
		return argc < 2 ? 2 : 0;
	}
	nr = strtoul(argv[1], NULL, 0);
	if (argc == 3)
		a0 = strtoul(argv[2], NULL, 0);

	if (is_amd())
		asm volatile("vmmcall" : "=a"(ret) : "a"(nr), "b"(a0) : "memory");
	else
		asm volatile("vmcall" : "=a"(ret) : "a"(nr), "b"(a0) : "memory");

	printf("%ld\n", ret);
	return 0;
}
