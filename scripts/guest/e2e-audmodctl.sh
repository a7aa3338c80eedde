# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of audmodctl (and so of libaudmod), sourced by e2e.sh
# with the module loaded: list, get/set checked against the controls as
# amixer shows them, refused values and bad input, a raw command, and
# monitor catching the notification of a parameter change and the level
# meter's while streaming. Every value changed here is put back, for the
# fragments that run after this one.

AMC="$AUDMOD/bin/audmodctl"
AMC_CARD=audmod

# amc_amixer NAME: the first value amixer shows for control NAME.
amc_amixer() {
	amixer -c $AMC_CARD cget name="$1" | sed -n 's/^ *: values=\([^,]*\).*/\1/p'
}

# amc_expect STATUS CMD...: run CMD, which must exit with STATUS.
amc_expect() {
	local want=$1 rc
	shift
	"$@"
	rc=$?
	[ "$rc" = "$want" ] || { echo "exit $rc, expected $want: $*"; return 1; }
}

audmodctl_list() {
	local out
	out=$("$AMC" -c $AMC_CARD list) || return 1
	echo "$out"
	[ "$(echo "$out" | wc -l)" = 4 ] &&
		echo "$out" | grep -q '^0  Generic Module  *{e24c8b6f-ede7-4255-8b39-77976015d593}  instance 0  version 1.0  "Generic system module"  2 parameters$' &&
		echo "$out" | grep -q '^1  EQ Effect  *{5ce55c8e-84df-4317-98c7-792de83366cc}  instance 0  version 2.1  "EQ effect"  3 parameters$' &&
		echo "$out" | grep -q '^2  Echo Cancel  *{cc2a9527-19d9-4784-8dd4-6c1fe01e3726} .* version 2.0 .*2 parameters$' &&
		echo "$out" | grep -q '^3  Level Meter  *{c6575bef-ecb3-47d1-a0e4-374ff8687584} .* version 1.0 .*3 parameters$' || return 1
	out=$("$AMC" --json list) || return 1
	echo "$out"
	echo "$out" | grep -q '"prefix":"EQ Effect","name":"EQ effect","class_id":"{5ce55c8e-84df-4317-98c7-792de83366cc}","instance":0,"version":"2.1","parameters":3'
}

# info shows every parameter with what BASIC_SUPPORT and the control say.
audmodctl_info() {
	local out
	out=$("$AMC" info) || return 1
	echo "$out"
	echo "$out" | grep -q '^   0 P1         UI4 rw notify values 1,2,5  = ' &&
		echo "$out" | grep -q '^   1 P2         UI8 r-        range 0-9223372036854775807  = 4294967296  ' &&
		echo "$out" | grep -q '^   0 Threshold  UI4 rw notify range 1-32768  = ' &&
		echo "$out" | grep -q '^   2 Switch     UI1 rw notify values 0,1  = 1  ' &&
		"$AMC" --json info "Level Meter" | grep -q '"name":"Peak","control":"Level Meter Peak"'
}

# get and set agree with the controls in both directions.
audmodctl_get_set() {
	"$AMC" set "Level Meter" Threshold 12345 || return 1
	[ "$(amc_amixer "Level Meter Threshold")" = 12345 ] || return 1
	amixer -c $AMC_CARD cset name="EQ Effect P3" 50331648 >/dev/null || return 1
	[ "$("$AMC" get "EQ Effect" P3)" = 50331648 ] || return 1
	[ "$("$AMC" get 1 2)" = 50331648 ] || return 1
	# An enumerated parameter: value 5 is item 2 of {1, 2, 5}.
	"$AMC" set "generic system module" p1 5 || return 1
	[ "$(amc_amixer "Generic Module P1")" = 2 ] || return 1
	"$AMC" set "Level Meter" Switch off || return 1
	[ "$(amc_amixer "Level Meter Switch")" = off ] || return 1
	[ "$("$AMC" get "Level Meter" Switch)" = 0 ] || return 1
	"$AMC" --json set "Level Meter" Switch on | grep -q '"value":1,"changed":true' &&
		"$AMC" set "Level Meter" Switch on | grep -q '(unchanged)$' &&
		"$AMC" --json get "{c6575bef-ecb3-47d1-a0e4-374ff8687584}" Threshold |
		grep -q '"param":"Threshold","id":0,"value":12345}' || return 1
	"$AMC" set "Level Meter" Threshold 32767 &&
		"$AMC" set "Generic Module" P1 1 &&
		"$AMC" set "EQ Effect" P3 0
}

# The driver refuses, audmodctl says so with its errno (exit 5), and
# nothing changes; bad arguments exit 2, unknown names 4, no card 3.
audmodctl_refused() {
	amc_expect 5 "$AMC" set "Level Meter" Threshold 40000 2>/tmp/amc.err || return 1
	cat /tmp/amc.err
	grep -q 'refused by the driver: Invalid argument (errno 22)' /tmp/amc.err || return 1
	amc_expect 5 "$AMC" set "Generic Module" P1 3 2>/tmp/amc.err || return 1
	cat /tmp/amc.err
	grep -q '(errno 22)' /tmp/amc.err || return 1
	amc_expect 5 "$AMC" set "EQ Effect" P2 1 2>/tmp/amc.err || return 1
	cat /tmp/amc.err
	grep -q '(errno 95)' /tmp/amc.err || return 1
	amc_expect 5 "$AMC" set "Level Meter" Switch 0x100 || return 1
	[ "$(amc_amixer "Level Meter Threshold")" = 32767 ] &&
		[ "$("$AMC" get "Generic Module" P1)" = 1 ] &&
		[ "$("$AMC" get "EQ Effect" P2)" = 4294967296 ] || return 1
	amc_expect 4 "$AMC" get "No Such Module" P1 || return 1
	amc_expect 4 "$AMC" get "EQ Effect" P9 || return 1
	amc_expect 3 "$AMC" -c 7 list || return 1
	amc_expect 2 "$AMC" set "EQ Effect" P3 -1 || return 1
	amc_expect 2 "$AMC" set "EQ Effect" P3 18446744073709551616 || return 1
	amc_expect 2 "$AMC" command "EQ Effect" 01 xx || return 1
	amc_expect 2 "$AMC" frobnicate || return 1
	amc_expect 2 "$AMC" --json monitor --count 0 | grep -q '"exit":2'
}

# GET of EQ P2 (read-only UI8 0x100000000), then a size query.
audmodctl_command() {
	local out
	out=$("$AMC" command "EQ Effect" 01000000 01000000 08000000) || return 1
	echo "$out"
	echo "$out" | grep -q '^reply to GET of EQ Effect parameter 1: status 0x00000000 SUCCESS, size 8$' &&
		echo "$out" | grep -q '^00 00 00 00 01 00 00 00$' || return 1
	out=$("$AMC" --json command 1 1 0 0 0 1 0 0 0 0 0 0 0) || return 1
	echo "$out"
	echo "$out" | grep -q '"status":2147483653,"status_name":"BUFFER_OVERFLOW","size":8,' || return 1
	# A refused command: SET of a read-only parameter.
	amc_expect 5 "$AMC" command "EQ Effect" 02000000 01000000 08000000 0100000000000000
}

# amc_monitor_start ARGS...: audmodctl monitor in the background, once it
# has said that it listens.
amc_monitor_start() {
	local i=0
	rm -f /tmp/amc.mon /tmp/amc.mon.err
	"$AMC" monitor "$@" >/tmp/amc.mon 2>/tmp/amc.mon.err &
	AMC_MON=$!
	while ! grep -q '^audmodctl: monitoring' /tmp/amc.mon.err 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 60 ] && kill -0 $AMC_MON 2>/dev/null || { cat /tmp/amc.mon.err; return 1; }
		sleep 1
	done
}

# amc_monitor_wait: its exit status; prints what it printed.
amc_monitor_wait() {
	local rc=0
	wait $AMC_MON || rc=$?
	echo "--- audmodctl monitor (exit $rc):"
	cat /tmp/amc.mon /tmp/amc.mon.err
	return $rc
}

# A notify-on-change parameter changed through amixer: one line.
audmodctl_monitor_param() {
	amc_monitor_start --count 1 --timeout 120 || return 1
	amixer -c $AMC_CARD cset name="Generic Module P1" 2 >/dev/null || return 1
	amc_monitor_wait || return 1
	grep -q '^seq [0-9]*  time [0-9]*\.[0-9]\{9\}  module "Generic Module"  event parameter-changed  parameter 0 (P1)$' /tmp/amc.mon || return 1
	amc_monitor_start --json --count 1 --timeout 120 || return 1
	"$AMC" set "Generic Module" P1 1 >/dev/null || return 1
	amc_monitor_wait || return 1
	grep -q '"module":"Generic Module",.*"event":"parameter-changed","parameter":0,"param_name":"P1",.*"missed":0' /tmp/amc.mon
}

# A full-scale stream crosses a 30000 threshold: the level meter's
# notification, with its level and threshold.
audmodctl_monitor_level() {
	local ok=0
	"$AUDMOD"/bin/wavgen /tmp/amc.wav 48000 2 16 0.5 1000 0 || return 1
	"$AMC" set "Level Meter" Threshold 30000 >/dev/null || return 1
	amc_monitor_start --count 1 --timeout 120 || return 1
	aplay -q -D hw:CARD=$AMC_CARD,DEV=0 /tmp/amc.wav || ok=1
	amc_monitor_wait || ok=1
	rm -f /tmp/amc.wav
	"$AMC" set "Level Meter" Threshold 32767 >/dev/null || return 1
	[ $ok = 0 ] &&
		grep -q '^seq [0-9]*  time [0-9.]*  module "Level Meter"  event level-over-threshold  parameter 1 (Peak)  level 3[0-9]\{4\} threshold 30000' /tmp/amc.mon
}

# A reader that stops reading while more notifications come than the card
# keeps for it (1024) is told how many it missed, on the next line it reads.
audmodctl_monitor_missed() {
	local i=0
	amc_monitor_start --count 2 --timeout 300 || return 1
	kill -STOP $AMC_MON
	while [ $i -lt 600 ]; do
		echo "cset name='Generic Module P1' 2"
		echo "cset name='Generic Module P1' 1"
		i=$((i + 1))
	done | amixer -q -c $AMC_CARD -s || { kill -CONT $AMC_MON; return 1; }
	kill -CONT $AMC_MON
	amixer -q -c $AMC_CARD cset name="Generic Module P1" 2 || return 1
	amc_monitor_wait || return 1
	"$AMC" set "Generic Module" P1 1 >/dev/null || return 1
	grep -q '  missed [1-9][0-9]*$' /tmp/amc.mon
}

want audmodctl && check audmodctl-list audmodctl_list
want audmodctl && check audmodctl-info audmodctl_info
want audmodctl && check audmodctl-get-set audmodctl_get_set
want audmodctl && check audmodctl-refused audmodctl_refused
want audmodctl && check audmodctl-command audmodctl_command
want audmodctl && check audmodctl-monitor-param audmodctl_monitor_param
want audmodctl && check audmodctl-monitor-level audmodctl_monitor_level
want audmodctl && check audmodctl-monitor-missed audmodctl_monitor_missed
rm -f /tmp/amc.err /tmp/amc.mon /tmp/amc.mon.err
