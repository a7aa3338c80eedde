#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: everything, in order: lint; warning-free W=1 and sparse (C=1)
# builds against the stock 6.1 headers and the 6.12 debug kernel; the KUnit
# suites on the debug kernel; the end-to-end checks on the stock kernel.
# Ends with "N passed, N failed" (KUnit cases + end-to-end checks + the
# harness's own checks above) and exits non-zero if anything failed.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

passed=0 failed=0
start=$(date +%s)

# step NAME CMD...: one harness check, counted.
step() {
	local name=$1
	shift
	log "$name"
	if "$@"; then
		echo "ok $name"
		passed=$((passed + 1))
	else
		echo "not ok $name"
		failed=$((failed + 1))
	fi
}

# suite NAME CMD...: a runner that prints per-case lines and a final
# "PASSED p FAILED f" line; its counts are added to ours.
suite() {
	local name=$1 out rc
	shift
	log "$name"
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	read -r p f < <(awk '/^PASSED [0-9]+ FAILED [0-9]+$/ {print $2, $4}' "$out" | tail -n 1)
	if [ -z "${p:-}" ]; then
		echo "not ok $name (runner ended without a result line, exit $rc)"
		failed=$((failed + 1))
	else
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			echo "not ok $name (runner exit $rc)"
			failed=$((failed + 1))
		fi
	fi
	rm -f "$out"
}

need_pkgs sparse
stock_kdir=$("$here/scripts/stock-kernel.sh" | sed -n 's/^KDIR=//p')
step lint "$here/scripts/lint.sh"
tmp=$(mktemp -d)
# AUDMOD_BENCH=1: the benchmark module too, as a build check only.
step build-stock-6.1-W1 build_modules "$stock_kdir" "$tmp/a" AUDMOD_BENCH=1
step sparse-stock-6.1 build_modules "$stock_kdir" "$tmp/b" C=1 AUDMOD_BENCH=1
dbg=$(debug_kdir) || die "the debug kernel could not be built"
step build-debug-6.12-W1 build_modules "$dbg" "$tmp/c" AUDMOD_BENCH=1
step sparse-debug-6.12 build_modules "$dbg" "$tmp/d" C=1 AUDMOD_BENCH=1
rm -rf "$tmp"
suite kunit "$here/scripts/kunit.sh"
suite e2e-stock env E2E_KERNEL=stock "$here/scripts/e2e.sh"
suite e2e-debug env E2E_KERNEL=debug "$here/scripts/e2e.sh"

log "make check took $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
