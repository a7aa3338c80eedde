# SPDX-License-Identifier: GPL-2.0
# Who made the card, its DAPM path, and (device-tree boards) the module
# lifecycle while the board's generic card driver stays bound. Sourced by
# e2e.sh with the module loaded. E2E_BOARD: virtual (our virtual dev
# board: x86, or arm64 without a DT node of ours), simple-card or graph-card.

BOARD_DAPM=/sys/kernel/debug/asoc/audmod

board_card() {
	grep -q '\[audmod *\]' /proc/asound/cards
}

# board_kind: the virtual board made the card, or the DT's card driver did
# and the virtual board was not created (one card, not two).
board_kind() {
	local n
	cat /proc/asound/cards
	n=$(grep -c '\[audmod' /proc/asound/cards)
	[ "$n" = 1 ] || { echo "$n audmod cards"; return 1; }
	if [ "$E2E_BOARD" = virtual ]; then
		grep -q 'audmod virtual dev board' /proc/asound/cards &&
			ls -d /sys/bus/platform/devices/audmod-board.*
	else
		! grep -q 'audmod virtual dev board' /proc/asound/cards &&
			! ls -d /sys/bus/platform/devices/audmod-board.* 2>/dev/null &&
			[ -L /sys/bus/platform/drivers/audmod-codec/audio-codec ] &&
			[ -L /sys/bus/platform/drivers/audmod-pcm/audio-controller ]
	fi
}

# board_widget NAME: the power state line of a DAPM widget of our codec
# (or of the card, for the board's own widgets).
board_widget() {
	local f
	for f in "$BOARD_DAPM"/*/dapm/"$1" "$BOARD_DAPM/dapm/$1"; do
		[ -f "$f" ] && { head -n 1 "$f"; return 0; }
	done
	echo "no DAPM widget $1 under $BOARD_DAPM"
	return 1
}

# board_widget_off NAME: waits until the widget is off. A playback path
# stays powered for the card's power-down delay (pmdown_time, 5 s by
# default) after the last stream, which an earlier check may have just
# ended; 30 s is that delay with room for a slow guest, not a measurement.
board_widget_off() {
	local out i=0
	while :; do
		out=$(board_widget "$1") || { echo "$out"; return 1; }
		case $out in *": Off "*) echo "idle: $out"; return 0 ;; esac
		[ $i -lt 30 ] || { echo "idle: $out (still on after 30 s)"; return 1; }
		sleep 1
		i=$((i + 1))
	done
}

# board_dapm_path: idle, the path is off; while a stream runs, every
# widget from the stream to the pin (and the board's speaker or microphone
# on a DT board, through its routing) is on.
board_dapm_path() {
	local w out pid ok=0
	[ -d "$BOARD_DAPM" ] || { echo "no $BOARD_DAPM (debugfs)"; return 1; }
	for w in "AIF IN" "OUT" "IN" "AIF OUT"; do
		board_widget_off "$w" || ok=1
	done
	"$AUDMOD"/bin/wavgen /tmp/dapm.wav 48000 2 16 3 440 -12 || return 1
	aplay -q -D hw:CARD=audmod,DEV=0 /tmp/dapm.wav &
	pid=$!
	sleep 1
	for w in "AIF IN" "Generic Module" "EQ Effect" "Level Meter" "OUT"; do
		out=$(board_widget "$w") || ok=1
		echo "playing: $out"
		case $out in *": On "*) ;; *) ok=1 ;; esac
	done
	if [ "$E2E_BOARD" != virtual ]; then
		out=$(board_widget "Board Speaker") || ok=1
		echo "playing: $out"
		case $out in *": On "*) ;; *) ok=1 ;; esac
	fi
	wait $pid || ok=1
	arecord -q -D hw:CARD=audmod,DEV=0 -f S16_LE -r 48000 -c 2 -d 3 /tmp/dapm.wav &
	pid=$!
	sleep 1
	for w in "IN" "Echo Cancel" "AIF OUT"; do
		out=$(board_widget "$w") || ok=1
		echo "recording: $out"
		case $out in *": On "*) ;; *) ok=1 ;; esac
	done
	wait $pid || ok=1
	rm -f /tmp/dapm.wav
	return $ok
}

# board_dapm_trace: the asoc tracepoints report the capture path powering
# up for a recording and down after it (capture powers down at once;
# playback would wait out the power-down delay).
board_dapm_trace() {
	local t=/sys/kernel/tracing e
	[ -d $t/events ] || mount -t tracefs tracefs $t 2>/dev/null ||
		{ t=/sys/kernel/debug/tracing; }
	e=$t/events/asoc/snd_soc_dapm_widget_power/enable
	[ -e $e ] || { echo "no asoc tracepoints under $t"; return 1; }
	echo >$t/trace
	echo 1 >$e
	arecord -q -D hw:CARD=audmod,DEV=0 -f S16_LE -r 48000 -c 2 -s 4800 /tmp/c.wav
	sleep 1
	echo 0 >$e
	rm -f /tmp/c.wav
	grep 'snd_soc_dapm_widget_power' $t/trace | sed 's/.*snd_soc_dapm/snd_soc_dapm/'
	for w in "IN" "Echo Cancel" "AIF OUT"; do
		grep -q "widget_power: widget=$w val=1" $t/trace &&
			grep -q "widget_power: widget=$w val=0" $t/trace ||
			{ echo "no power up and down of $w"; return 1; }
	done
}

# board_dt_reload: remove our module while the card driver stays bound
# (the card goes), load it again (the card comes back and streams), three
# times.
board_dt_reload() {
	local i=0
	while [ $i -lt 3 ]; do
		modprobe -r snd-soc-audmod || return 1
		! board_card || { echo "card left behind without our module"; return 1; }
		modprobe snd-soc-audmod || return 1
		board_card || { echo "no card after reload $i"; return 1; }
		arecord -q -D hw:CARD=audmod,DEV=0 -f S16_LE -r 48000 -c 2 -s 4800 \
			/tmp/c.wav || { echo "capture after reload $i failed"; return 1; }
		i=$((i + 1))
	done
	rm -f /tmp/c.wav
	echo "3 reloads under a bound $E2E_CARD_MODULE"
}

# board_dt_unbind: unbind and bind our codec's device in sysfs (the DAI
# and its name are freed and made again): the card follows.
board_dt_unbind() {
	local d=/sys/bus/platform/drivers/audmod-codec
	echo audio-codec >$d/unbind || return 1
	! board_card || { echo "card left behind without the codec"; return 1; }
	echo audio-codec >$d/bind || return 1
	board_card || { echo "no card after bind"; return 1; }
	arecord -q -D hw:CARD=audmod,DEV=0 -f S16_LE -r 48000 -c 2 -s 4800 /tmp/c.wav
}

# board_dt_card_first: the other order: card driver out, our module out,
# ours in, card driver in.
board_dt_card_first() {
	modprobe -r "$E2E_CARD_MODULE" || return 1
	! board_card || { echo "card left behind without its driver"; return 1; }
	modprobe -r snd-soc-audmod && modprobe snd-soc-audmod || return 1
	! board_card || { echo "a card without its driver"; return 1; }
	modprobe "$E2E_CARD_MODULE" || return 1
	board_card || { echo "no card after loading $E2E_CARD_MODULE again"; return 1; }
}

want board && check board-kind board_kind
want board && check board-dapm-path board_dapm_path
want board && check board-dapm-trace board_dapm_trace
for c in reload:board_dt_reload unbind-bind:board_dt_unbind \
	card-driver-first:board_dt_card_first; do
	want board || continue
	if [ "$E2E_BOARD" = virtual ]; then
		check_skip "board-dt-${c%%:*}" "no device-tree card on this leg"
	else
		check "board-dt-${c%%:*}" "${c#*:}"
	fi
done
