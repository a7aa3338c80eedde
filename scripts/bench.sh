#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: measure audmod against the kernel's own primitives, side by
# side in the same boot of the Debian stock kernel under QEMU (debug
# options would distort the ratios; timings mean nothing alone, ratios do).
# Builds the modules (audmod-bench included: AUDMOD_BENCH=1) against the
# stock headers and boots twice with scripts/guest/bench.sh as the payload:
#  - "wall": -smp 2, ordinary TCG time, for the rows that need two CPUs
#    (BENCH_SMP_GROUPS); this QEMU hangs under -icount with two CPUs;
#  - "icount": -icount shift=0 -smp 1, where guest time counts guest
#    instructions, so its rows are instruction-count ratios that repeat
#    whatever the host's load (BENCH_GROUPS).
# scripts/bench_report.py turns both console logs into one Markdown table
# (bench.md, and bench.json for "bench_report.py compare", in the run
# directory next to the logs).
#   BENCH_GROUPS      single-CPU groups (default "sample notify scaling ctl
#                     latency chan stream")
#   BENCH_SMP_GROUPS  two-CPU groups (default "sample-smp"; "" for none)
#   BENCH_ICOUNT      1 (default): as above; 0: every group in one -smp 2
#                     boot in wall-clock time, as before icount
#   BENCH_REPS        repetitions of each side per row, 5 to 31 (default 7)
#   BENCH_SMP_REPS    the same for the wall-clock boot (default 31: its
#                     rows are reported also as the ratio of the fastest
#                     repetitions, which a loaded host disturbs least)
#   BENCH_MS          target ms per repetition of one side (default 40)
#   BENCH_STREAM_S    seconds of each streaming repetition (default 5)
#   BENCH_TIMEOUT     QEMU backstop in seconds, per boot (default 1800)
# No thresholds: this reports, it never fails on a number.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs python3

groups=${BENCH_GROUPS:-sample notify scaling ctl latency chan stream}
smp_groups=${BENCH_SMP_GROUPS-sample-smp}
icount=${BENCH_ICOUNT:-1}
reps=${BENCH_REPS:-7}
smp_reps=${BENCH_SMP_REPS:-31}
ms=${BENCH_MS:-40}
stream_s=${BENCH_STREAM_S:-5}

eval "$("$here/scripts/stock-kernel.sh")"
kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
kernel=$ROOT/boot/vmlinuz-$kver

find "$CACHE" -maxdepth 1 -name 'run-*' -mtime +0 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$CACHE/run-bench.XXXXXX")
mkdir -p "$run/ko"
log "building modules against stock $kver"
build_modules "$KDIR" "$run/ko" AUDMOD_BENCH=1
rm -f "$run"/ko/*-test.ko

# boot CLOCK GROUPS: one guest boot running GROUPS; its console log is
# $run/console-CLOCK.log.
boot() {
	local clock=$1 g=$2 smp=1 ic=shift=0 r=$reps
	if [ "$clock" = wall ]; then
		smp=2 ic= r=$smp_reps
	fi
	{
		echo "BENCH_GROUPS='$g'"
		echo "BENCH_REPS='$r'"
		echo "BENCH_MS='$ms'"
		echo "BENCH_STREAM_S='$stream_s'"
		echo "BENCH_CLOCK='$clock'"
		cat "$here/scripts/guest/bench.sh"
	} >"$run/payload-$clock.sh"
	"$here/scripts/mkinitramfs.sh" "$run/initrd-$clock.gz" "$kver" "$run/ko" \
		"$run/payload-$clock.sh" "$ROOT"
	log "booting the stock kernel $kver, $clock clock, $smp CPU(s): $g"
	QEMU_SMP=$smp QEMU_ICOUNT=$ic "$here/scripts/qemu-run.sh" "$kernel" \
		"$run/initrd-$clock.gz" "$run/console-$clock.log" "${BENCH_TIMEOUT:-1800}"
	log "console log: $run/console-$clock.log"
}

logs=()
if [ "$icount" = 1 ]; then
	# The short wall-clock boot first, so that it shares the host with
	# nothing of ours.
	if [ -n "$smp_groups" ]; then
		boot wall "$smp_groups"
		logs+=("wall=$run/console-wall.log")
	fi
	boot icount "$groups"
	logs+=("icount=$run/console-icount.log")
else
	smp_reps=$reps
	boot wall "$smp_groups $groups"
	logs+=("wall=$run/console-wall.log")
fi

rc=0
python3 "$here/scripts/bench_report.py" report \
	--meta "host_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
	--meta "host_cpus=$(nproc)" \
	--meta "qemu=$(qemu-system-x86_64 --version | head -n 1)" \
	--meta "reps=$reps ($smp_reps in the wall boot)" --meta "ms=$ms" \
	--json "$run/bench.json" "${logs[@]}" >"$run/bench.md" || rc=$?
cat "$run/bench.md"
echo
echo "command: make bench BENCH_GROUPS='$groups' BENCH_SMP_GROUPS='$smp_groups'" \
	"BENCH_ICOUNT=$icount BENCH_REPS=$reps BENCH_SMP_REPS=$smp_reps BENCH_MS=$ms" \
	"BENCH_STREAM_S=$stream_s"
echo "rows as JSON: $run/bench.json"
exit "$rc"
