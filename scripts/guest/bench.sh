# SPDX-License-Identifier: GPL-2.0
# Benchmark payload for the stock-kernel guest (busybox sh, sourced by
# /init), run by scripts/bench.sh, which prepends BENCH_GROUPS, BENCH_REPS
# and BENCH_MS. Loads audmod-bench (and with it audmod-core and
# snd-soc-audmod), runs each group through debugfs and prints every result
# line prefixed "AUDMOD-BENCH "; the groups "latency" (the bench_ctl_latency
# tool on audmod-bench's card) and "stream" are measured here, from
# userspace.

bench_run_groups() {
	local dir=/sys/kernel/debug/audmod-bench g

	if ! modprobe audmod-bench reps="$BENCH_REPS" rep_ms="$BENCH_MS"; then
		echo "AUDMOD-BENCH error modprobe audmod-bench failed"
		return 1
	fi
	for g in $BENCH_GROUPS; do
		[ "$g" = stream ] && continue
		echo "AUDMOD-BENCH progress $g at $(cut -d' ' -f1 /proc/uptime) s"
		if [ "$g" = latency ]; then
			bench_latency
			continue
		fi
		echo "$g" >"$dir/run" ||
			echo "AUDMOD-BENCH error group $g failed"
	done
	sed 's/^/AUDMOD-BENCH /' "$dir/results"
	# Also unloads snd-soc-audmod and audmod-core, which nothing else uses.
	modprobe -r audmod-bench ||
		echo "AUDMOD-BENCH error unloading failed"
}

# Send-to-reader latency: BENCH_REPS repetitions of 200
# samples of each side, on audmod-bench's card.
bench_latency() {
	"$AUDMOD"/bin/bench_ctl_latency "$BENCH_REPS" 200 >/tmp/bench-lat ||
		echo "AUDMOD-BENCH error latency tool failed"
	sed 's/^/AUDMOD-BENCH /' /tmp/bench-lat
}

# CPU time of the whole guest so far, in USER_HZ ticks: user, nice,
# system, irq, softirq and steal of the "cpu" line of /proc/stat.
bench_cpu_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# bench_stream_once DEV: 10 s of 48 kHz S16 stereo playback and capture at
# once on DEV; prints the CPU ticks the guest spent meanwhile.
bench_stream_once() {
	local t0 t1 p c rp rc
	t0=$(bench_cpu_ticks)
	aplay -q -D "$1" /tmp/bench-play.wav &
	p=$!
	arecord -q -D "$1" -f S16_LE -r 48000 -c 2 -d 10 -t raw /dev/null &
	c=$!
	wait $p
	rp=$?
	wait $c
	rc=$?
	t1=$(bench_cpu_ticks)
	[ $rp = 0 ] && [ $rc = 0 ] || return 1
	echo $((t1 - t0))
}

# Streaming cost: our card with every module switched on
# against snd-dummy of the stock kernel, interleaved, BENCH_REPS times.
bench_stream() {
	local i=0 sw ours base
	modprobe snd-dummy || { echo "AUDMOD-BENCH error modprobe snd-dummy failed"; return 1; }
	modprobe snd-soc-audmod || { echo "AUDMOD-BENCH error modprobe snd-soc-audmod failed"; return 1; }
	# "All modules active": every switch control of the card on.
	amixer -c audmod controls | sed -n "s/.*name='\(.*Switch\)'.*/\1/p" >/tmp/bench-sw
	while read -r sw; do
		amixer -q -c audmod cset name="$sw" on &&
			echo "AUDMOD-BENCH note stream: switched on '$sw'"
	done </tmp/bench-sw
	"$AUDMOD"/bin/wavgen /tmp/bench-play.wav 48000 2 16 10 1000 -12 || return 1
	while [ $i -lt "$BENCH_REPS" ]; do
		ours=$(bench_stream_once hw:CARD=audmod,DEV=0) ||
			{ echo "AUDMOD-BENCH error stream: audmod streaming failed"; break; }
		base=$(bench_stream_once hw:CARD=Dummy,DEV=0) ||
			{ echo "AUDMOD-BENCH error stream: snd-dummy streaming failed"; break; }
		echo "AUDMOD-BENCH stream rep=$i ours_ticks=$ours base_ticks=$base hz=100"
		i=$((i + 1))
	done
	rm -f /tmp/bench-play.wav
	# Only these two: busybox modprobe -r also tries their shared
	# dependencies (snd-pcm, ...) and fails on the one still in use.
	rmmod snd_soc_audmod snd_dummy 2>/tmp/bench-rmmod ||
		echo "AUDMOD-BENCH error stream: unloading failed: $(cat /tmp/bench-rmmod)"
}

echo "AUDMOD-BENCH guest kernel=$(uname -r) cpus=$(grep -c '^processor' /proc/cpuinfo)"
bench_run_groups
case " $BENCH_GROUPS " in *" stream "*) bench_stream ;; esac
echo "AUDMOD-BENCH done"
