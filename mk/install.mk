# SPDX-License-Identifier: GPL-2.0
#
# Installing the modules like any out-of-tree driver (docs/INSTALL.md):
#
# make install          both sides, the udev rule, the modprobe.d example
# make install-host     the host's hook, the tutorial's hello handlers
#                       (hypercall_hello.ko) and the modprobe.d example
# make install-guest    the guest's driver, the udev rule, the modprobe.d example
# make uninstall        remove what install put there (also -host, -guest)
# make sign KEY=<key.pem> CERT=<cert.pem>   sign the modules of both sides
# make headers_install  <linux/hypercall.h> into $(INSTALL_HDR_PATH)/include
# make dkms-add         DKMS source trees in $(DKMS_SRC), added to DKMS
#                       (also dkms-add-host, dkms-add-guest)
# make dkms-install     add, build and install both for the kernel of KDIR
# make dkms-remove      remove both from DKMS and from $(DKMS_SRC)
#
# INSTALL_MOD_PATH prefixes every installed file, as for the kernel's own
# modules_install; KDIR picks the kernel, and so /lib/modules/<release>.
# KEY and CERT given to install sign the modules before they are installed.

# The module folders of each side. The first exports what the others use:
# the host's hello handlers call the hook's hypercall_register().
HC_DIRS_host := host-kvm-hook samples/hello
HC_DIRS_guest := guest-hc-driver

# The release of the kernel whose headers are KDIR, as uname -r prints it.
HC_KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2> /dev/null)
HC_ROOT = $(abspath $(or $(INSTALL_MOD_PATH),/))
HC_MOD_DIR ?= extra
HC_UDEV_DIR ?= /etc/udev/rules.d
HC_MODPROBE_DIR ?= /etc/modprobe.d
HC_GROUP := hypercall
INSTALL_HDR_PATH ?= /usr
SIGN_HASH = $(or $(shell sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"/\1/p' \
	$(KDIR)/.config 2> /dev/null),sha256)

# The modules a folder builds, from the obj-m lines of its Kbuild.
hc_kos = $(patsubst %.o,%.ko,$(filter %.o,$(shell sed -n \
	's/^obj-m[[:space:]]*[:+]\{0,1\}=//p' $(1)/Kbuild)))
# The paths of every module of side $(1), as built in the tree.
hc_side_kos = $(foreach d,$(HC_DIRS_$(1)),$(addprefix $(d)/,$(call hc_kos,$(d))))

# hc_kbuild SIDE,TARGET...: the kernel's make of each module folder of the
# side in turn, the later ones told of the first's exported symbols.
hc_kbuild = $(foreach d,$(HC_DIRS_$(1)),$(MAKE) -C $(KDIR) M=$(CURDIR)/$(d) \
	$(call hc_symvers,$(1),$(d)) $(2) &&) true
hc_first = $(firstword $(HC_DIRS_$(1)))
hc_symvers = $(if $(filter-out $(call hc_first,$(1)),$(2)), \
	KBUILD_EXTRA_SYMBOLS=$(CURDIR)/$(call hc_first,$(1))/Module.symvers)

.PHONY: install uninstall install-host install-guest uninstall-host \
	uninstall-guest sign sign-host sign-guest build-host build-guest \
	headers_install hc-kver hc-modprobe-install hc-udev-install \
	hc-modprobe-uninstall hc-udev-uninstall

hc-kver:
	@test -n "$(HC_KVER)" || { echo "no kernel headers in KDIR=$(KDIR)" >&2; exit 1; }

# One side at a time, so that a host gets only the hook and its hello
# handlers, a guest only the driver, and neither gets the benchmark or the
# other samples.
build-host build-guest: build-%: hc-kver
	$(call hc_kbuild,$*,modules)

# The headers' sign-file appends a signature; a module signed before is
# relinked first, so that it never carries two.
sign: sign-host sign-guest
sign-host sign-guest: sign-%: hc-kver
	@test -r "$(KEY)" && test -r "$(CERT)" || \
		{ echo "usage: make sign KEY=<private key> CERT=<X.509 certificate>" >&2; exit 1; }
	rm -f $(call hc_side_kos,$*)
	$(call hc_kbuild,$*,modules)
	for ko in $(call hc_side_kos,$*); do \
		$(KDIR)/scripts/sign-file $(SIGN_HASH) "$(KEY)" "$(CERT)" $$ko || exit 1; \
	done

install: install-host install-guest

install-host install-guest: install-%: $(if $(KEY),sign-%,build-%) hc-modprobe-install
	$(call hc_kbuild,$*,INSTALL_MOD_PATH=$(HC_ROOT) \
		INSTALL_MOD_DIR=$(HC_MOD_DIR) CONFIG_MODULE_SIG_ALL= modules_install)
	$(hc_depmod)

install-guest: hc-udev-install

uninstall: uninstall-host uninstall-guest

uninstall-host uninstall-guest: uninstall-%: hc-kver hc-modprobe-uninstall
	rm -f $(addprefix $(HC_ROOT)/lib/modules/$(HC_KVER)/$(HC_MOD_DIR)/, \
		$(notdir $(call hc_side_kos,$*)))
	rmdir $(HC_ROOT)/lib/modules/$(HC_KVER)/$(HC_MOD_DIR) 2> /dev/null || true
	$(hc_depmod)

uninstall-guest: hc-udev-uninstall

# The headers' own depmod step needs a System.map, which headers lack.
hc_depmod = if [ -d $(HC_ROOT)/lib/modules/$(HC_KVER) ]; then \
		depmod -b $(HC_ROOT) $(HC_KVER); fi

hc-modprobe-install:
	install -D -m 0644 packaging/modprobe.d/hypercall.conf \
		$(HC_ROOT)$(HC_MODPROBE_DIR)/hypercall.conf

# The group is made on a live system only; the rule names it.
hc-udev-install:
	install -D -m 0644 packaging/udev/99-hypercall.rules \
		$(HC_ROOT)$(HC_UDEV_DIR)/99-hypercall.rules
ifeq ($(INSTALL_MOD_PATH),)
	getent group $(HC_GROUP) > /dev/null || groupadd --system $(HC_GROUP)
	-udevadm control --reload 2> /dev/null
endif

# A file the admin edited stays, with a word about it.
hc_rm_shipped = if [ -e $(2) ] && ! cmp -s $(1) $(2); then \
		echo "keeping $(2): edited since it was installed" >&2; \
	else rm -f $(2); fi

hc-modprobe-uninstall:
	@$(call hc_rm_shipped,packaging/modprobe.d/hypercall.conf,$(HC_ROOT)$(HC_MODPROBE_DIR)/hypercall.conf)

hc-udev-uninstall:
	@$(call hc_rm_shipped,packaging/udev/99-hypercall.rules,$(HC_ROOT)$(HC_UDEV_DIR)/99-hypercall.rules)

headers_install:
	install -D -m 0644 include/uapi/linux/hypercall.h \
		$(DESTDIR)$(INSTALL_HDR_PATH)/include/linux/hypercall.h

# DKMS: one package per side, so that a host needs only the hook (and its
# hello handlers), a guest only the driver.
DKMS_VERSION ?= $(shell cat packaging/VERSION)
DKMS_SRC ?= /usr/src
HC_DKMS_host := hypercall-hook
HC_DKMS_guest := hypercall-guest

.PHONY: dkms-add dkms-add-host dkms-add-guest dkms-install dkms-install-host \
	dkms-install-guest dkms-remove dkms-remove-host dkms-remove-guest

dkms-add: dkms-add-host dkms-add-guest
dkms-add-host dkms-add-guest: dkms-add-%:
	scripts/dkms-tree.sh packaging/dkms/$(HC_DKMS_$*) $(DKMS_VERSION) $(DKMS_SRC)
	dkms add $(HC_DKMS_$*)/$(DKMS_VERSION) \
		$(if $(filter-out /usr/src,$(DKMS_SRC)),--sourcetree $(DKMS_SRC))

dkms-install: dkms-install-host dkms-install-guest
dkms-install-host dkms-install-guest: dkms-install-%: hc-kver dkms-add-%
	dkms build $(HC_DKMS_$*)/$(DKMS_VERSION) -k $(HC_KVER)
	dkms install $(HC_DKMS_$*)/$(DKMS_VERSION) -k $(HC_KVER)

dkms-remove: dkms-remove-host dkms-remove-guest
dkms-remove-host dkms-remove-guest: dkms-remove-%:
	-dkms remove $(HC_DKMS_$*)/$(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)/$(HC_DKMS_$*)-$(DKMS_VERSION)
