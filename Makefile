# SPDX-License-Identifier: GPL-2.0
#
# make              both modules for the running kernel, and the programs
# make KDIR=<dir>   the modules for the kernel whose build/headers are <dir>
# make demo         boot a nested KVM host and guest, show the host's trace
# make check        run all tests (TAP, through prove)
# make bench        measure hypercall costs in the nested setup
# make try          your handler module on the host, one call from the guest
# make clean        remove everything built

KDIR ?= /lib/modules/$(shell uname -r)/build

PROGS := tools/hypercall tools/hypercalld tools/hypercall-policy \
	tests/hello_hypercall tests/raw_hypercall \
	tests/ioctl_errors tests/bench_ioctl tests/ioctl_fuzz tests/as_user \
	tests/kvm_exit_hypercall tests/kvm_no_window tests/sleep_storm \
	tests/kvm_guest_mem tests/buf_calls tests/bench_forward
USER_CFLAGS := -O2 -Wall -Wextra -Werror -Iinclude/uapi
# Static, so that the same binaries run in a busybox initramfs guest.
USER_LDFLAGS := -static

.PHONY: all modules progs demo check bench matrix try clean

all: modules progs

modules:
	@test -d $(KDIR) || { echo "no kernel build folder at $(KDIR):" \
		"install the running kernel's headers, or pass KDIR=<headers folder>" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 KCFLAGS=-Werror modules

progs: $(PROGS)

%: %.c include/uapi/linux/hypercall.h
	$(CC) $(USER_CFLAGS) -o $@ $< $(USER_LDFLAGS)

tools/hypercalld tools/hypercall-policy: include/uapi/linux/hypercall_hostdev.h tools/hostdev_tool.h

demo:
	@scripts/ensure-deps.sh
	tests/e2e/run.sh --demo

# The Debian-package test's nested runs (one emulated CPU, about 25 min)
# go beside the other tests, which run one after another, each also one
# emulated CPU: two cores are both used, and the whole takes the time of
# the longer of the two.
PROVE_JOBS := $(if $(filter-out 1,$(shell nproc)),-j2 --rules='par=tests/deb.t' --rules='seq=**')

check:
	@scripts/ensure-deps.sh
	prove -v $(PROVE_JOBS) tests/*.t

# -icount shift=0: the outer QEMU's clock counts L1's instructions, so that
# the guest's timings are repeatable instead of the shared machine's noise.
# BENCH_VSOCK=1 make bench: also a 64-byte round trip over virtio-vsock to
# a host program, against the same by hypercall (a guest vsock device).
# BENCH_BASELINE=<git rev> make bench: also build that revision's host hook
# (its host-kvm-hook/ and include/, in build/<KVER>-baseline) and time it in
# the same rounds, loaded alone, as the *-base rows (default: none).
bench:
	@scripts/ensure-deps.sh
	L1_QEMU_EXTRA="-icount shift=0" BENCH_ROUNDS=$${BENCH_ROUNDS:-7} tests/e2e/run.sh bench

# make matrix KERNELS="5.10 6.1 6.12 7": hello on each kernel and mixed pairs
matrix:
	@scripts/ensure-deps.sh
	tests/e2e/matrix.sh $(KERNELS)

# make try MODULE=samples/my-hc ARGS="call 15 1 2 3 4" ALLOW=13,14,15
# make try PROGRAM=samples/hypercalld.py ARGS="call 0x4B480001 3 0 4 0" ALLOW=0x4B480001
try:
	@scripts/ensure-deps.sh
	TRY_MODULE="$(if $(MODULE),$(MODULE),$(if $(PROGRAM),none))" TRY_PROGRAM="$(PROGRAM)" \
		TRY_ARGS="$(ARGS)" TRY_ALLOW="$(ALLOW)" tests/e2e/run.sh try

clean:
	rm -f $(PROGS)
	rm -rf build
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' \
		-o -name '*.mod.o' -o -name '.*.o.d' \) -not -path './.git/*' -delete

# Install, packaging and lint targets.
include $(wildcard mk/*.mk)
