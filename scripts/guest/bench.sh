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

# The streams' geometry, both sides and both drivers: 20 ms periods (960
# frames at 48 kHz), four of them. snd-aloop moves data on the jiffies tick
# (4 ms at HZ=250): a period of several ticks keeps it at its period size.
BENCH_STREAM_HW="--period-size=960 --buffer-size=3840"

# bench_running STATUS...: true if every PCM status file says RUNNING.
bench_running() {
	local f
	for f in "$@"; do
		grep -q '^state: RUNNING' "$f" 2>/dev/null || return 1
	done
}

# bench_stream_once PLAY CAPTURE PSTATUS CSTATUS: 48 kHz S16 stereo
# playback on PLAY and capture on CAPTURE at once; prints the busy ns of
# the guest over BENCH_STREAM_S seconds of steady state: from a second
# after both streams (their /proc status files PSTATUS, CSTATUS) are
# running until both still run. Starting and stopping aplay and arecord
# (their process start, hw_params, prepare, drain) are outside the
# window. The wait before the window polls, the window itself sleeps.
bench_stream_once() {
	local t0 t1 p c rp rc n=0 ok=1
	aplay -q -D "$1" $BENCH_STREAM_HW /tmp/bench-play.wav &
	p=$!
	arecord -q -D "$2" $BENCH_STREAM_HW -f S16_LE -r 48000 -c 2 \
		-d $((BENCH_STREAM_S + 4)) -t raw /dev/null &
	c=$!
	until bench_running "$3" "$4"; do
		n=$((n + 1))
		[ $n -lt 500 ] || { ok=0; break; }
		sleep 0.01
	done
	if [ $ok = 1 ]; then
		# A second to settle: the level meter goes idle after its
		# unread periods, the first periods' page faults are over.
		sleep 1
		t0=$(bench_busy_ns)
		sleep "$BENCH_STREAM_S"
		t1=$(bench_busy_ns)
		bench_running "$3" "$4" || ok=0
	fi
	wait $p
	rp=$?
	wait $c
	rc=$?
	[ $ok = 1 ] && [ $rp = 0 ] && [ $rc = 0 ] || return 1
	echo $((t1 - t0))
}

# bench_audmod_sw on|off: every switch control of our card (every module
# that processes audio: the level meter's).
bench_audmod_sw() {
	local sw
	while read -r sw; do
		amixer -q -c audmod cset name="$sw" "$1" ||
			echo "AUDMOD-BENCH error stream: cannot switch '$sw' $1"
	done </tmp/bench-sw
}

# Streaming cost, interleaved BENCH_REPS times, against snd-aloop of the
# stock kernel, which copies every period from its playback to its capture
# (played into Loopback,0, recorded from Loopback,1): our card with capture
# from the loopback (the same data movement: what is played is captured),
#  off:  every module switched off;
#  on:   every module on, the level meter measuring every period
#        (level_idle_periods=0: it never goes idle);
#  idle: every module on, nobody reading the meter (the default
#        level_idle_periods: it stops measuring).
bench_stream() {
	local i=0 sw off on idle base p=/sys/module/snd_soc_audmod/parameters
	local our="hw:CARD=audmod,DEV=0" st=/proc/asound/audmod
	local lo=/proc/asound/Loopback idle_periods
	modprobe snd-aloop pcm_substreams=1 ||
		{ echo "AUDMOD-BENCH error modprobe snd-aloop failed"; return 1; }
	modprobe snd-soc-audmod ||
		{ echo "AUDMOD-BENCH error modprobe snd-soc-audmod failed"; return 1; }
	amixer -q -c audmod cset name="Capture Source" Loopback ||
		{ echo "AUDMOD-BENCH error stream: no loopback capture"; return 1; }
	amixer -c audmod controls | sed -n "s/.*name='\(.*Switch\)'.*/\1/p" >/tmp/bench-sw
	while read -r sw; do
		echo "AUDMOD-BENCH note stream: module switch '$sw'"
	done </tmp/bench-sw
	idle_periods=$(cat $p/level_idle_periods)
	"$AUDMOD"/bin/wavgen /tmp/bench-play.wav 48000 2 16 $((BENCH_STREAM_S + 3)) 1000 -12 ||
		return 1
	while [ $i -lt "$BENCH_REPS" ]; do
		bench_audmod_sw off
		off=$(bench_stream_once $our $our $st/pcm0p/sub0/status $st/pcm0c/sub0/status) ||
			{ echo "AUDMOD-BENCH error stream: audmod (off) streaming failed"; break; }
		bench_audmod_sw on
		echo 0 >$p/level_idle_periods
		on=$(bench_stream_once $our $our $st/pcm0p/sub0/status $st/pcm0c/sub0/status) ||
			{ echo "AUDMOD-BENCH error stream: audmod (on) streaming failed"; break; }
		echo "$idle_periods" >$p/level_idle_periods
		idle=$(bench_stream_once $our $our $st/pcm0p/sub0/status $st/pcm0c/sub0/status) ||
			{ echo "AUDMOD-BENCH error stream: audmod (idle) streaming failed"; break; }
		base=$(bench_stream_once hw:CARD=Loopback,DEV=0 hw:CARD=Loopback,DEV=1 \
			$lo/pcm0p/sub0/status $lo/pcm1c/sub0/status) ||
			{ echo "AUDMOD-BENCH error stream: snd-aloop streaming failed"; break; }
		echo "AUDMOD-BENCH stream rep=$i off_busy_ns=$off on_busy_ns=$on idle_busy_ns=$idle base_busy_ns=$base secs=$BENCH_STREAM_S rate=48000 modules=$(wc -l </tmp/bench-sw)"
		i=$((i + 1))
	done
	rm -f /tmp/bench-play.wav
	# Only these two: busybox modprobe -r also tries their shared
	# dependencies (snd-pcm, ...) and fails on the one still in use.
	rmmod snd_soc_audmod snd_aloop 2>/tmp/bench-rmmod ||
		echo "AUDMOD-BENCH error stream: unloading failed: $(cat /tmp/bench-rmmod)"
}

echo "AUDMOD-BENCH guest kernel=$(uname -r) cpus=$(grep -c '^processor' /proc/cpuinfo) clock=$BENCH_CLOCK"
bench_run_groups
case " $BENCH_GROUPS " in *" stream "*) bench_stream ;; esac
echo "AUDMOD-BENCH done"
