# SPDX-License-Identifier: GPL-2.0
# Concurrency soak, sourced by e2e.sh with the module
# loaded; debug kernels only (2 CPUs). At once: playback of a 20 Hz sine at
# -18 dBFS and capture of a -40 dBFS test tone, both with 1 ms periods, with
# the level meter's threshold (1000) between the capture's level and the
# playback's peak (4125), which the 1 ms periods around each of the
# sine's zero crossings stay under: 40 crossings, so notifications, a
# second from the engine's work item; two amixer loops changing notify-on-change
# parameters (process context sends); stress_soak hog, a SCHED_FIFO
# spinner on each CPU in turn for 200 ms, preempting senders in the middle
# of a delivery so that others queue behind it (the engines' worker is
# SCHED_FIFO above it, so the streams keep going; sk_stream restarts and
# counts one that fails all the same); and stress_soak
# following the notification control's sequence numbers at every event.
# Afterwards the notifier's atomic queue (the card's one consumer:
# controls and channel) must drain and its counters add up exactly: sent
# == atomic_delivered + atomic_dropped, the control's lost counter ==
# atomic_dropped. AUDMOD_STRESS=fast: 10 s; long: 60 s.
# Prints the AUDMOD-STRESS figures soak_sent, soak_delivered, soak_lost.

case $E2E_KERNEL in debug | next) ;; *) return 0 ;; esac

SK_DEV=hw:CARD=audmod,DEV=0
SK_PARAMS=/sys/module/snd_soc_audmod/parameters

# sk_writer CONTROL V1 V2: flip CONTROL between two values until told to stop.
sk_writer() {
	while [ ! -e /tmp/sk.stop ]; do
		amixer -q -c audmod cset name="$1" "$2" >/dev/null || echo "cset $1 failed"
		amixer -q -c audmod cset name="$1" "$3" >/dev/null || echo "cset $1 failed"
	done
}

# sk_stream NAME CMD...: keep a stream running until /tmp/sk.stop. A
# stream that ends with an error is restarted and counted: on an idle host
# none does (the engine's worker outranks the spinner), but a host busy
# enough to stall the whole guest for ALSA's 100 ms without a period
# wake-up makes aplay fail with EIO, which says nothing about the driver.
# The count is a figure (soak_restarts_*), not a verdict.
sk_stream() {
	local name=$1 n=0
	shift
	: >/tmp/sk-$name.err
	while [ ! -e /tmp/sk.stop ]; do
		"$@" 2>>/tmp/sk-$name.err || [ -e /tmp/sk.stop ] || n=$((n + 1))
	done
	echo "$n" >/tmp/sk-$name.restarts
}

sk_run() {
	local secs=$1 stats play rec w1 w2 hog dbfs seq lost ret=0
	stats=$(find /sys/kernel/debug/asoc -path '*/audio-modules/stats' | head -1)
	[ -n "$stats" ] || { echo "no notifier stats in debugfs"; return 1; }
	alsactl -f /tmp/sk.state store audmod || return 1
	dbfs=$(cat $SK_PARAMS/tone_dbfs)
	echo -40 >$SK_PARAMS/tone_dbfs || return 1
	amixer -q -c audmod cset name='Level Meter Threshold' 1000 &&
		amixer -q -c audmod cset name='Level Meter Switch' on || return 1
	rm -f /tmp/sk.stop
	# sk_stream replays the file until told to stop: its length only has
	# to be within what wavgen makes (60 s), whatever the soak's length.
	"$AUDMOD"/bin/wavgen /tmp/sk.wav 48000 2 16 30 20 -18 || return 1
	sk_stream playback aplay -q -D $SK_DEV --period-size=48 --buffer-size=960 \
		/tmp/sk.wav &
	play=$!
	sk_stream capture arecord -q -D $SK_DEV -t raw -f S16_LE -r 48000 -c 2 \
		--period-size=48 --buffer-size=960 /dev/null &
	rec=$!
	sk_writer 'EQ Effect P3' 16777216 33554432 &
	w1=$!
	sk_writer 'Generic Module P1' 1 2 &
	w2=$!
	"$AUDMOD"/bin/stress_soak hog "$secs" &
	hog=$!
	"$AUDMOD"/bin/stress_soak follow "$secs" >/tmp/sk-follow.out 2>&1 || ret=1
	cat /tmp/sk-follow.out
	touch /tmp/sk.stop
	killall aplay arecord 2>/dev/null
	wait $play $rec $w1 $w2 $hog 2>/dev/null
	echo "playback=$(cat /tmp/sk-playback.restarts) capture=$(cat /tmp/sk-capture.restarts)" \
		>/tmp/sk-restarts.out
	echo "stream restarts: $(cat /tmp/sk-restarts.out)"
	sort /tmp/sk-playback.err /tmp/sk-capture.err | uniq -c | grep -v 'overrun\|underrun'
	seq=$(sed -n 's/.* seq=\([0-9]*\).*/\1/p' /tmp/sk-follow.out)
	lost=$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' /tmp/sk-follow.out)
	"$AUDMOD"/bin/stress_soak drain "$stats" "${seq:-0}" "${lost:-0}" >/tmp/sk.out 2>&1 || ret=1
	cat /tmp/sk.out
	cat "$stats"
	echo "$dbfs" >$SK_PARAMS/tone_dbfs
	alsactl -f /tmp/sk.state restore audmod || ret=1
	rm -f /tmp/sk.state /tmp/sk.stop /tmp/sk.wav /tmp/sk-*.err /tmp/sk-*.restarts
	return $ret
}

if want stress-soak; then
	[ "$AUDMOD_STRESS" = long ] && SK_SECS=60 || SK_SECS=10
	check stress-soak-notifications sk_run $SK_SECS
	echo "AUDMOD-STRESS: soak_sent=$(sed -n 's/^sent=\([0-9]*\).*/\1/p' /tmp/sk.out)"
	echo "AUDMOD-STRESS: soak_delivered=$(sed -n 's/.* delivered=\([0-9]*\).*/\1/p' /tmp/sk.out)"
	echo "AUDMOD-STRESS: soak_lost=$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' /tmp/sk.out)"
	echo "AUDMOD-STRESS: soak_seen=$(sed -n 's/.*distinct=\([0-9]*\).*/\1/p' /tmp/sk-follow.out)"
	echo "AUDMOD-STRESS: soak_restarts_playback=$(sed -n 's/^playback=\([0-9]*\).*/\1/p' /tmp/sk-restarts.out)"
	echo "AUDMOD-STRESS: soak_restarts_capture=$(sed -n 's/.* capture=\([0-9]*\).*/\1/p' /tmp/sk-restarts.out)"
	rm -f /tmp/sk.out /tmp/sk-follow.out /tmp/sk-restarts.out
fi
