#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: everything, in order: lint; warning-free W=1 and sparse (C=1)
# builds against the stock 6.1 headers, the 6.12 debug kernel and Debian
# unstable's 7.2 (scripts/next-kernel.sh, compile only); the KUnit
# suites on the debug kernel and on its PREEMPT_RT variant; the end-to-end
# checks on the stock kernel, the debug kernel, the stock kernel's pacing
# boot (icount), and the dev-board matrix (stock 6.12, PREEMPT_RT). "check.sh arm64" (make check-arm64) runs the
# arm64 legs instead: the virtual board and the two DT cards; "check.sh
# kcsan" (make check-kcsan) the KUnit suites on the data-race detector's
# kernel; "check.sh next" (make check-next) the debug kernel's tests on
# Debian unstable's 7.2 built and booted: the W=1 and sparse builds against
# it, every KUnit suite and the end-to-end checks with the stress runs;
# "check.sh servers" (make check-servers) the servers boot: our card
# under alsa-lib's dmix/dsnoop/plug, PipeWire with WirePlumber and jackd2,
# beside snd-dummy and snd-aloop, on the stock kernel.
# Also: libaudmod/audmodctl built and their argument fuzzer (tools), and the
# driver built, installed and loaded through DKMS (dkms).
# Prints one KTAP document: a result per step, with the KTAP of the runners
# (KUnit, end-to-end) nested under theirs. Ends with "N passed, N failed",
# the sum scripts/ktap.py makes of that document (KUnit cases + end-to-end
# checks + the steps' own results), and exits non-zero if anything failed.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs python3

start=$(date +%s)
doc=$(mktemp)
n=0
trap 'rm -f "$doc"' EXIT

# emit LINE...: a line of our KTAP document, shown and kept for the sum.
emit() {
	printf '%s\n' "$@" | tee -a "$doc"
}
emit "KTAP version 1"

# step NAME CMD...: one harness check, one result. CMD runs in a subshell
# (a die() in it fails the step, not make check) with its output on stderr.
step() {
	local name=$1
	shift
	log "$name"
	n=$((n + 1))
	if ("$@") >&2; then
		emit "ok $n $name"
	else
		emit "not ok $n $name"
	fi
}

# suite NAME CMD...: a runner that prints KTAP on stdout; its document is
# nested under our result for it, which fails if the runner failed or
# reported nothing.
suite() {
	local name=$1 out rc sum why= t0=$(date +%s)
	shift
	log "$name"
	n=$((n + 1))
	out=$(mktemp)
	"$@" >"$out"
	rc=$?
	sed 's/^/    /' "$out" | tee -a "$doc"
	if ! sum=$(python3 "$here/scripts/ktap.py" sum "$out"); then
		why=" # $(echo "$sum" | grep -o '^# no KTAP result' || echo "$sum" | tail -n 1)"
	elif [ "$rc" != 0 ]; then
		why=" # runner exit $rc"
	fi
	if [ -n "$why" ]; then
		emit "not ok $n $name$why"
	else
		emit "ok $n $name"
	fi
	rm -f "$out"
	log "$name took $(( $(date +%s) - t0 )) s"
}

# arm64_legs: the arm64 guest with our virtual board and with the two
# generic DT cards (make check-arm64). Apart from make check: under TCG an
# arm64 guest is several times slower than an amd64 one, and the three legs
# would push make check from an empty cache past its hour.
arm64_legs() {
	suite e2e-arm64 env E2E_KERNEL=arm64 "$here/scripts/e2e.sh"
	suite e2e-arm64-simple-card env E2E_KERNEL=arm64 E2E_BOARD=simple-card "$here/scripts/e2e.sh"
	suite e2e-arm64-graph-card env E2E_KERNEL=arm64 E2E_BOARD=graph-card "$here/scripts/e2e.sh"
}

# same_driver_bytes KDIR: the driver's two modules as make, DKMS and
# modules_install build them, and as the harness does (build_modules:
# AUDMOD_EXTRA=1), in one directory: the same bytes, so that every check
# loads what a user installs.
same_driver_bytes() {
	local work shipped harness rc=0
	work=$(source_copy)
	make -s -C "$1" M="$work" -j"$(nproc)" modules >"$work/build.log" 2>&1 &&
		shipped=$(cd "$work" && sha256sum audmod-core.ko snd-soc-audmod.ko) &&
		make -s -C "$1" M="$work" clean >>"$work/build.log" 2>&1 &&
		make -s -C "$1" M="$work" AUDMOD_EXTRA=1 -j"$(nproc)" modules \
			>>"$work/build.log" 2>&1 &&
		harness=$(cd "$work" && sha256sum audmod-core.ko snd-soc-audmod.ko) || {
		cat "$work/build.log"
		rc=1
	}
	echo "shipped: $shipped"
	echo "harness: $harness"
	rm -rf "$work"
	[ "$rc" = 0 ] && [ "$shipped" = "$harness" ]
}

case ${1:-all} in
all)
	need_pkgs sparse
	stock_kdir=$("$here/scripts/stock-kernel.sh" | sed -n 's/^KDIR=//p')
	step results-parser python3 "$here/scripts/ktap_test.py"
	step wavcheck-continuity "$here/scripts/wavcheck_test.sh"
	step lint "$here/scripts/lint.sh"
	tmp=$(mktemp -d)
	# AUDMOD_BENCH=1: the benchmark module too, as a build check only.
	step build-stock-6.1-W1 build_modules "$stock_kdir" "$tmp/a" W=1 AUDMOD_BENCH=1
	step sparse-stock-6.1 build_modules "$stock_kdir" "$tmp/b" W=1 C=1 AUDMOD_BENCH=1
	step harness-loads-shipped-driver same_driver_bytes "$stock_kdir"
	dbg=$(debug_kdir) || die "the debug kernel could not be built"
	step build-debug-6.12-W1 build_modules "$dbg" "$tmp/c" W=1 AUDMOD_BENCH=1
	step sparse-debug-6.12 build_modules "$dbg" "$tmp/d" W=1 C=1 AUDMOD_BENCH=1
	# Debian unstable's 7.2, prepared for compile checks (no image): the
	# same tree must build there warning-free, with sparse new enough for it.
	if next=$("$here/scripts/next-kernel.sh"); then
		eval "$next"
		step build-next-7.2-W1 build_modules "$KDIR" "$tmp/e" W=1 AUDMOD_BENCH=1
		step sparse-next-7.2 build_modules "$KDIR" "$tmp/f" W=1 C=1 CHECK="$CHECK" AUDMOD_BENCH=1
	else
		step build-next-7.2-W1 false
	fi
	rm -rf "$tmp"
	step tools make -s -C "$here/scripts/audmodctl" OUT="$CACHE/tools-check" check
	suite dkms "$here/scripts/dkms-check.sh"
	suite kunit "$here/scripts/kunit.sh"
	suite kunit-rt env KUNIT_KERNEL=rt "$here/scripts/kunit.sh"
	suite e2e-stock env E2E_KERNEL=stock "$here/scripts/e2e.sh"
	suite e2e-debug env E2E_KERNEL=debug "$here/scripts/e2e.sh"
	# The only checks that judge time, in a boot of their own under icount
	# (guest time follows instructions).
	suite e2e-pacing env E2E_KERNEL=stock E2E_BOOT=pacing "$here/scripts/e2e.sh"
	# The stock-kernel matrix: Debian's stock 6.12 and PREEMPT_RT 6.1.
	step dt-bindings "$here/scripts/dt-check.sh"
	suite e2e-stock-6.12 env E2E_KERNEL=stock-6.12 "$here/scripts/e2e.sh"
	suite e2e-rt env E2E_KERNEL=rt "$here/scripts/e2e.sh"
	;;
arm64)
	step dt-bindings "$here/scripts/dt-check.sh"
	arm64_legs
	;;
kcsan)
	# The KUnit suites on the KCSAN kernel: any data race it reports fails
	# the run like every other report.
	suite kunit-kcsan env KUNIT_KERNEL=kcsan "$here/scripts/kunit.sh"
	;;
servers)
	# Function checks; the xrun and underrun counts are figures, shown
	# on stderr beside snd-dummy's and snd-aloop's.
	suite e2e-servers env E2E_KERNEL=stock E2E_BOOT=servers "$here/scripts/e2e.sh"
	;;
next)
	# Apart from make check: building this kernel would push an
	# empty-cache make check past its hour.
	nkdir=$("$here/scripts/build-debug-kernel.sh" next) ||
		die "the next debug kernel could not be built"
	# Sparse as new as that kernel wants (built from sid if the system's
	# is older).
	check=$(next_sparse "$(readlink -f "$nkdir/source")") ||
		die "no sparse for the next kernel"
	tmp=$(mktemp -d)
	step build-next-debug-W1 build_modules "$nkdir" "$tmp/a" W=1 AUDMOD_BENCH=1
	step sparse-next-debug build_modules "$nkdir" "$tmp/b" W=1 C=1 CHECK="$check" AUDMOD_BENCH=1
	rm -rf "$tmp"
	suite kunit-next env KUNIT_KERNEL=next "$here/scripts/kunit.sh"
	suite e2e-next env E2E_KERNEL=next "$here/scripts/e2e.sh"
	;;
*) die "check.sh [all|arm64|kcsan|next|servers]" ;;
esac

log "make check took $(( $(date +%s) - start )) s"
python3 "$here/scripts/ktap.py" sum "$doc"
