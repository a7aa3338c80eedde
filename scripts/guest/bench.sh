# SPDX-License-Identifier: GPL-2.0
# Benchmark payload for the stock-kernel guest (busybox sh, sourced by
# /init), run by scripts/bench.sh, which prepends BENCH_GROUPS, BENCH_REPS,
# BENCH_MS, BENCH_STREAM_S and BENCH_CLOCK ("icount" or "wall", for the
# report). Loads audmod-bench (and with it audmod-core and snd-soc-audmod),
# runs each group through debugfs and prints every result line prefixed
# "AUDMOD-BENCH "; the groups "latency" and "chan" (the bench_ctl_latency
# and bench_chan tools on audmod-bench's card) and "stream" are measured
# here, from userspace.

bench_run_groups() {
	local dir=/sys/kernel/debug/audmod-bench g

	if ! modprobe audmod-bench reps="$BENCH_REPS" rep_ms="$BENCH_MS"; then
		echo "AUDMOD-BENCH error modprobe audmod-bench failed"
		return 1
	fi
	for g in $BENCH_GROUPS; do
		[ "$g" = stream ] && continue
		echo "AUDMOD-BENCH progress $g at $(cut -d' ' -f1 /proc/uptime) s"
		case $g in
		latency) bench_latency; continue ;;
		chan) bench_chan; continue ;;
		esac
		echo "$g" >"$dir/run" ||
			echo "AUDMOD-BENCH error group $g failed"
	done
	sed 's/^/AUDMOD-BENCH /' "$dir/results"
	# Also unloads snd-soc-audmod and audmod-core, which nothing else uses.
	modprobe -r audmod-bench ||
		echo "AUDMOD-BENCH error unloading failed"
}

# Send-to-reader latency: BENCH_REPS repetitions of 200 samples of each
# side, on audmod-bench's card.
bench_latency() {
	"$AUDMOD"/bin/bench_ctl_latency "$BENCH_REPS" 200 >/tmp/bench-lat ||
		echo "AUDMOD-BENCH error latency tool failed"
	sed 's/^/AUDMOD-BENCH /' /tmp/bench-lat
}

# Hard-irq send to N readers of the notification channel (bench_chan):
# BENCH_REPS repetitions of 50 notifications per side, 1, 4 and 16 readers.
bench_chan() {
	"$AUDMOD"/bin/bench_chan "$BENCH_REPS" 50 1 4 16 >/tmp/bench-chan ||
		echo "AUDMOD-BENCH error chan tool failed"
	sed 's/^/AUDMOD-BENCH /' /tmp/bench-chan
}

# Busy time of the whole guest so far, in ns: the clock minus the idle
# time of every CPU, both from /proc/timer_list (ns resolution; /proc/stat
# counts 10 ms ticks). Under -icount shift=0 busy time is the number of
# instructions the guest executed.
bench_busy_ns() {
	awk '$1 == "now" && $2 == "at" { now = $3 }
		$1 == ".idle_sleeptime" { idle += $3 }
		END { printf "%.0f\n", now - idle }' /proc/timer_list
}

# bench_stream_once DEV: BENCH_STREAM_S seconds of 48 kHz S16 stereo
# playback and capture at once on DEV; prints the busy ns of the guest
# meanwhile.
bench_stream_once() {
	local t0 t1 p c rp rc
	t0=$(bench_busy_ns)
	aplay -q -D "$1" /tmp/bench-play.wav &
	p=$!
	arecord -q -D "$1" -f S16_LE -r 48000 -c 2 -d "$BENCH_STREAM_S" -t raw /dev/null &
	c=$!
	wait $p
	rp=$?
	wait $c
	rc=$?
	t1=$(bench_busy_ns)
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
	"$AUDMOD"/bin/wavgen /tmp/bench-play.wav 48000 2 16 "$BENCH_STREAM_S" 1000 -12 ||
		return 1
	while [ $i -lt "$BENCH_REPS" ]; do
		ours=$(bench_stream_once hw:CARD=audmod,DEV=0) ||
			{ echo "AUDMOD-BENCH error stream: audmod streaming failed"; break; }
		base=$(bench_stream_once hw:CARD=Dummy,DEV=0) ||
			{ echo "AUDMOD-BENCH error stream: snd-dummy streaming failed"; break; }
		echo "AUDMOD-BENCH stream rep=$i ours_busy_ns=$ours base_busy_ns=$base secs=$BENCH_STREAM_S"
		i=$((i + 1))
	done
	rm -f /tmp/bench-play.wav
	# Only these two: busybox modprobe -r also tries their shared
	# dependencies (snd-pcm, ...) and fails on the one still in use.
	rmmod snd_soc_audmod snd_dummy 2>/tmp/bench-rmmod ||
		echo "AUDMOD-BENCH error stream: unloading failed: $(cat /tmp/bench-rmmod)"
}

echo "AUDMOD-BENCH guest kernel=$(uname -r) cpus=$(grep -c '^processor' /proc/cpuinfo) clock=$BENCH_CLOCK"
bench_run_groups
case " $BENCH_GROUPS " in *" stream "*) bench_stream ;; esac
echo "AUDMOD-BENCH done"
