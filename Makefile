# SPDX-License-Identifier: GPL-2.0
#
# make               build the modules against KDIR (see below)
# make W=1 / C=1     the same, with extra warnings / with sparse
# make lint          checkpatch --strict and kernel-doc on every source
# make kunit         KUnit suites on the debug kernel in QEMU (KUNIT_ONLY=mod)
# make e2e           end-to-end checks on the stock Debian kernel (E2E_ONLY=name)
# make demo          the main job: build, boot, show the card and what it does
# make check         everything: lint, both kernel builds, KUnit, end-to-end
# make stress        long fault/lifecycle/fuzz/soak/hostile runs, debug kernel
# make check-arm64  the arm64 legs (virtual board, simple-audio-card, audio-graph-card)
# make check-kcsan   the KUnit suites on a KCSAN kernel (KCSAN excludes KASAN)
# make check-servers our card under dmix/dsnoop/plug, PipeWire, WirePlumber
#                    and jackd2, beside snd-dummy and snd-aloop (stock kernel)
# make check-next    W=1, sparse, KUnit and end-to-end on a 7.2 debug kernel
# make dt-check      the DT bindings and the test boards' device trees
# make bench         benchmarks (their module, driver/bench/, is built only
#                    here and in make check: AUDMOD_BENCH=1)
# make include-graph which project headers each source includes (and, after
#                    make, which objects call which); cycles
# make modules_install  install the driver modules for KDIR (INSTALL_MOD_PATH)
# make dkms          DKMS add/build/install (DKMS_KERNEL=release, default running)
# make tools         libaudmod and audmodctl (scripts/audmodctl/build/)
# make install       install them (PREFIX=/usr/local, DESTDIR) and the card's
#                    UCM2 profile (UCM2DIR=/usr/share/alsa/ucm2, where
#                    alsa-lib looks whatever PREFIX is)
# make clean         remove every build product
#
# KDIR defaults to the running kernel's build directory, else to the headers
# of the installed Debian linux-headers-amd64.

KDIR ?= $(shell scripts/default-kdir.sh)

all: modules

modules:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "No kernel build directory: install linux-headers-amd64 or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# The driver only: the tests and benchmarks need AUDMOD_EXTRA=1.
modules_install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

dkms:
	@scripts/dkms.sh $(DKMS_KERNEL)

tools:
	$(MAKE) -C scripts/audmodctl

UCM2DIR ?= /usr/share/alsa/ucm2

install: tools
	$(MAKE) -C scripts/audmodctl install
	install -d $(DESTDIR)$(UCM2DIR)/conf.d/audmod
	install -m 644 scripts/ucm2/audmod/*.conf $(DESTDIR)$(UCM2DIR)/conf.d/audmod/

clean:
	@$(MAKE) -s -C scripts/audmodctl clean
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	@find . -path ./.git -prune -o \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.order' -o -name '*.symvers' \
		-o -name '.*.d' \) -type f -print0 | xargs -0r rm -f
	@rm -rf .tmp_versions

lint:
	@scripts/lint.sh

kunit:
	@scripts/kunit.sh

e2e:
	@scripts/e2e.sh

demo:
	@scripts/demo.sh

check:
	@scripts/check.sh

check-arm64:
	@scripts/check.sh arm64

check-kcsan:
	@scripts/check.sh kcsan

check-next:
	@scripts/check.sh next

check-servers:
	@scripts/check.sh servers

bench:
	@scripts/bench.sh

dt-check:
	@scripts/dt-check.sh

stress:
	@scripts/stress.sh

include-graph:
	@scripts/include-graph.sh

.PHONY: all modules modules_install dkms tools install clean lint kunit e2e demo check \
	bench stress include-graph dt-check check-arm64 check-kcsan check-servers check-next
