# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of the audio modules' ALSA controls, sourced by
# e2e.sh with the module loaded. Only stock tools (amixer, alsactl, aplay)
# drive the card, plus ctlraw for writes amixer would clamp into range.
# Monitors hold the card open: every check stops its own before returning.

CTL_CARD=audmod

# ctl_dev: the card's control device node.
ctl_dev() {
	echo "/dev/snd/controlC$(awk '/\[audmod *\]/ {print $1; exit}' /proc/asound/cards)"
}

# ctl_card: the card's number.
ctl_card() {
	awk '/\[audmod *\]/ {print $1; exit}' /proc/asound/cards
}

# ctl_bytes NAME: the bytes of a BYTES control, one decimal per line.
ctl_bytes() {
	amixer -c $CTL_CARD cget name="$1" | sed -n 's/^ *: values=//p' |
		tr ',' '\n' | while read -r b; do printf '%d\n' "$b"; done
}

# ctl_byte NAME OFFSET: one byte of a BYTES control, decimal.
ctl_byte() {
	ctl_bytes "$1" | sed -n "$(($2 + 1))p"
}

# ctl_u32 NAME OFFSET: a little-endian 32-bit field of a BYTES control.
ctl_u32() {
	set -- $(ctl_bytes "$1" | sed -n "$(($2 + 1)),$(($2 + 4))p")
	echo $(($1 + $2 * 256 + $3 * 65536 + $4 * 16777216))
}

# ctl_value NAME: the first value of a scalar control (ENUMERATED: the item).
ctl_value() {
	amixer -c $CTL_CARD cget name="$1" | sed -n 's/^ *: values=\([^,]*\).*/\1/p'
}

# monitor_start / monitor_stop: alsactl monitor (flushes per event) to a log.
monitor_start() {
	alsactl monitor hw:$CTL_CARD >/tmp/monitor.log 2>&1 &
	MON_PID=$!
	sleep 1
}
monitor_stop() {
	sleep 1
	kill "$MON_PID" 2>/dev/null
	wait "$MON_PID" 2>/dev/null
	echo "--- alsactl monitor:"
	cat /tmp/monitor.log
}

# A value event on control NAME in the monitor log.
monitor_saw() {
	grep -q ",$1,0) VALUE" /tmp/monitor.log
}

controls_list() {
	local out
	out=$(amixer -c $CTL_CARD controls) || return 1
	echo "$out"
	for n in "Generic Module Descriptor" "Generic Module P1" "Generic Module P2" \
		"EQ Effect Descriptor" "EQ Effect P1" "EQ Effect P2" "EQ Effect P3" \
		"Echo Cancel Descriptor" "Echo Cancel P1" "Echo Cancel P2" \
		"Level Meter Descriptor" "Level Meter Threshold" "Level Meter Peak" \
		"Level Meter Switch" \
		"Audio Module Notification" "Audio Module Notification Device ID" \
		"Audio Module Notifications Dropped"; do
		echo "$out" | grep -q "name='$n'$" || { echo "missing: $n"; return 1; }
	done
	# The descriptor names the module (UTF-8 name at offset 28: "EQ effect").
	[ "$(ctl_byte "EQ Effect Descriptor" 28)" = 69 ] &&
		[ "$(ctl_u32 "EQ Effect Descriptor" 20)" = 2 ] &&
		[ "$(ctl_u32 "EQ Effect Descriptor" 24)" = 1 ]
}

# Generic Module P1 is notify-on-change: a set gives one value event, on it,
# and a parameter-changed notification in the notification control (which
# the parameter's event announces: one write, one event).
controls_notify_event() {
	local ok=0
	monitor_start
	amixer -c $CTL_CARD cset name="Generic Module P1" 5 || ok=1
	monitor_stop
	[ $ok = 0 ] || return 1
	monitor_saw "Generic Module P1" || { echo "no P1 event"; return 1; }
	monitor_saw "Audio Module Notification" && { echo "a second event for one write"; return 1; }
	# Reads back: item 2 of {1, 2, 5}.
	[ "$(ctl_value "Generic Module P1")" = 2 ] || return 1
	# The record: payload at 32; class id of the generic module at 48,
	# type 0 (parameter changed) at 72, parameter id 0 at 76.
	[ "$(ctl_byte "Audio Module Notification" 48)" = 111 ] &&
		[ "$(ctl_u32 "Audio Module Notification" 72)" = 0 ] &&
		[ "$(ctl_u32 "Audio Module Notification" 76)" = 0 ] &&
		[ "$(ctl_u32 "Audio Module Notification" 24)" = 48 ]
}

# Invalid values are refused (EINVAL = 22) and the old values stay.
controls_invalid() {
	local dev
	dev=$(ctl_dev)
	amixer -c $CTL_CARD cset name="Level Meter Threshold" 20000 >/dev/null || return 1
	"$AUDMOD"/bin/ctlraw write "$dev" "Level Meter Threshold" 40000
	[ $? = 22 ] || return 1
	"$AUDMOD"/bin/ctlraw write "$dev" "Level Meter Threshold" 0
	[ $? = 22 ] || return 1
	"$AUDMOD"/bin/ctlraw write "$dev" "Generic Module P1" 3
	[ $? = 22 ] || return 1
	"$AUDMOD"/bin/ctlraw write "$dev" "Level Meter Switch" 2
	[ $? = 22 ] || return 1
	# A SET command of an invalid value (3 is not in {1, 2, 5}) fails too.
	"$AUDMOD"/bin/amchan cmd "$(ctl_card)" set 0 0 4 3
	[ $? = 22 ] || { echo "invalid SET command not refused"; return 1; }
	[ "$(ctl_value "Level Meter Threshold")" = 20000 ] &&
		[ "$(ctl_value "Generic Module P1")" = 2 ] &&
		[ "$(ctl_value "Level Meter Switch")" = on ]
}

# GET of EQ P2 (read-only ULONGLONG 0x100000000) by the command ioctl.
controls_raw_command() {
	local out
	out=$("$AUDMOD"/bin/amchan cmd "$(ctl_card)" get 1 1 8) || return 1
	echo "$out"
	echo "$out" | grep -q "status=0 size=8 value=0000000001000000$" || return 1
	# A size query: status BUFFER_OVERFLOW (0x80000005), size 8.
	out=$("$AUDMOD"/bin/amchan cmd "$(ctl_card)" get 1 1 0) || return 1
	echo "$out"
	echo "$out" | grep -q "status=0x80000005 size=8 " || return 1
	# No verb bit: an invalid device request (EOPNOTSUPP, 95).
	"$AUDMOD"/bin/amchan cmd "$(ctl_card)" 0x80000000 1 1 8
	[ $? = 95 ] || return 1
	# SET of a read-only parameter: the same.
	"$AUDMOD"/bin/amchan cmd "$(ctl_card)" set 1 1 8 5
	[ $? = 95 ]
}

# level_meter_rearm: switch the meter off and on, which forgets the peak
# it holds (the Peak control keeps its value until a period reports one).
level_meter_rearm() {
	amixer -c $CTL_CARD cset name="Level Meter Switch" off >/dev/null &&
		amixer -c $CTL_CARD cset name="Level Meter Switch" on >/dev/null
}

# A full-scale signal crosses a 30000 threshold: the level meter notifies
# from the PCM's engine, and the peak control changes with an event. The
# Peak control changes only to a different value, and an earlier check may
# have left it at full scale: a -20 dBFS clip first makes it lower, then
# the meter is re-armed for the full-scale one.
controls_level_meter() {
	local ok=0
	amixer -c $CTL_CARD cset name="Level Meter Threshold" 30000 >/dev/null || return 1
	"$AUDMOD"/bin/wavgen /tmp/fs.wav 48000 2 16 0.2 1000 -20 || return 1
	level_meter_rearm || return 1
	aplay -q -D hw:CARD=$CTL_CARD,DEV=0 /tmp/fs.wav || return 1
	echo "peak after the -20 dBFS clip: $(ctl_value "Level Meter Peak")"
	[ "$(ctl_value "Level Meter Peak")" -lt 30000 ] || return 1
	level_meter_rearm || return 1
	"$AUDMOD"/bin/wavgen /tmp/fs.wav 48000 2 16 0.5 1000 0 || return 1
	sleep 1
	monitor_start
	aplay -q -D hw:CARD=$CTL_CARD,DEV=0 /tmp/fs.wav || ok=1
	monitor_stop
	rm -f /tmp/fs.wav
	[ $ok = 0 ] || return 1
	monitor_saw "Audio Module Notification" || { echo "no notification event"; return 1; }
	monitor_saw "Level Meter Peak" || { echo "no peak event"; return 1; }
	echo "peak $(ctl_value "Level Meter Peak")"
	# Type 1 (over threshold) at 72, threshold 30000 at 84, level >= it at 80.
	[ "$(ctl_u32 "Audio Module Notification" 72)" = 1 ] &&
		[ "$(ctl_u32 "Audio Module Notification" 84)" = 30000 ] &&
		[ "$(ctl_u32 "Audio Module Notification" 80)" -ge 30000 ] &&
		[ "$(ctl_value "Level Meter Peak")" -ge 30000 ]
}

# Values survive alsactl store -> rmmod -> insmod -> alsactl restore.
controls_store_restore() {
	amixer -c $CTL_CARD cset name="EQ Effect P1" 2 >/dev/null &&
		amixer -c $CTL_CARD cset name="EQ Effect P3" 301989888 >/dev/null &&
		amixer -c $CTL_CARD cset name="Echo Cancel P1" 4294967294 >/dev/null &&
		amixer -c $CTL_CARD cset name="Level Meter Threshold" 12345 >/dev/null &&
		amixer -c $CTL_CARD cset name="Level Meter Switch" off >/dev/null || return 1
	alsactl -f /tmp/audmod.state store $CTL_CARD || return 1
	grep -A3 "EQ Effect P3\|Level Meter Threshold" /tmp/audmod.state
	modprobe -r snd-soc-audmod || { echo "modprobe -r failed"; return 1; }
	modprobe snd-soc-audmod || return 1
	[ "$(ctl_value "EQ Effect P3")" = 0 ] || { echo "not reset by reload"; return 1; }
	alsactl -d -f /tmp/audmod.state restore $CTL_CARD || {
		echo "restore failed"
		cat /tmp/audmod.state
		return 1
	}
	amixer -c $CTL_CARD contents | grep -A3 "P1'\|P3'\|Threshold'\|Switch'"
	[ "$(ctl_value "Generic Module P1")" = 2 ] &&
		[ "$(ctl_value "EQ Effect P1")" = 2 ] &&
		[ "$(ctl_value "EQ Effect P3")" = 18 ] &&
		[ "$(ctl_value "Echo Cancel P1")" = 1 ] &&
		[ "$(ctl_value "Level Meter Threshold")" = 12345 ] &&
		[ "$(ctl_value "Level Meter Switch")" = off ]
}

want controls && check controls-list controls_list
want controls && check controls-notify-event controls_notify_event
want controls && check controls-invalid-refused controls_invalid
want controls && check controls-raw-command controls_raw_command
want controls && check controls-level-meter controls_level_meter
want controls && check controls-store-restore controls_store_restore
rm -f /tmp/monitor.log /tmp/audmod.state
