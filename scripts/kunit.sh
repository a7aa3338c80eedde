#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KUnit suites in QEMU on the debug kernel.
# Builds the debug kernel (cached) and our modules against it, loads every
# KUnit test module (its suites run at load), collects KTAP from the console
# and judges it with scripts/console.py. KUNIT_ONLY=<test module> runs one.
# KUNIT_KERNEL=debug (default), rt: the PREEMPT_RT variant of the debug
# kernel (scripts/build-debug-kernel.sh rt), where spinlock_t sleeps, or
# kcsan: the data-race detector in KASAN's place (any KCSAN report, a
# "BUG: KCSAN:" line, fails the run like every other report), or next: the
# debug configuration on the newest kernel Debian unstable ships (7.2).
# Prints the verdict as KTAP (the suites as the kernel printed them, then
# the judgements of the console); exits non-zero on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs python3 binutils

variant=${KUNIT_KERNEL:-debug}
case $variant in
debug | rt | kcsan | next) ;;
*) die "KUNIT_KERNEL must be debug, rt, kcsan or next" ;;
esac
kdir=$("$here/scripts/build-debug-kernel.sh" "$variant")
kver=$(cat "$kdir/include/config/kernel.release")
# A private run directory, so that concurrent runs do not collide; it is
# kept for inspection (the console log is there) and pruned after a day.
find "$CACHE" -maxdepth 1 -name 'run-*' -mtime +0 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$CACHE/run-kunit-$variant.XXXXXX")
mkdir -p "$run/ko"
log "building modules against the $variant kernel $kver"
build_modules "$kdir" "$run/ko"

tests=()
for ko in "$run"/ko/*-test.ko; do
	name=$(basename "$ko" .ko)
	[ -n "${KUNIT_ONLY:-}" ] && [ "$name" != "$KUNIT_ONLY" ] && rm "$ko" && continue
	tests+=("$name")
done
[ ${#tests[@]} -gt 0 ] || die "no KUnit test module matches '${KUNIT_ONLY:-}'"

# Each test module holds an array of suite pointers in .kunit_test_suites:
# its size tells how many suites must report.
suites=0
for t in "${tests[@]}"; do
	sz=$(objdump -h "$run/ko/$t.ko" | awk '$2 == ".kunit_test_suites" {print $3}')
	suites=$((suites + 0x${sz:-0} / 8))
done

cat >"$run/payload.sh" <<PAYLOAD
for t in ${tests[*]}; do
	echo "AUDMOD-KUNIT-LOAD \$t"
	modprobe \$t || echo "AUDMOD-KUNIT: modprobe \$t failed"
done
# Each test module alone (modprobe -r would also try its dependencies,
# which the next test module still uses), then the driver's: a reference
# a test leaked keeps one of them in and fails the run.
for t in ${tests[*]}; do
	rmmod \$t || echo "AUDMOD-KUNIT: rmmod \$t failed"
done
for m in snd_soc_audmod audmod_core; do
	grep -q "^\$m " /proc/modules || continue
	rmmod \$m || echo "AUDMOD-KUNIT: rmmod \$m failed"
done
PAYLOAD
"$here/scripts/mkinitramfs.sh" "$run/initrd.gz" "$kver" "$run/ko" "$run/payload.sh"
log "booting the $variant kernel: ${tests[*]} ($suites suites)"
"$here/scripts/qemu-run.sh" "$kdir/arch/x86/boot/bzImage" "$run/initrd.gz" \
	"$run/console.log" "${KUNIT_TIMEOUT:-1500}"
log "console log: $run/console.log"
python3 "$here/scripts/console.py" kunit "$run/console.log" "$suites"
