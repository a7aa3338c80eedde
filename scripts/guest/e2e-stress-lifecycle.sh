# SPDX-License-Identifier: GPL-2.0
# Lifecycle, sourced by e2e.sh with the module loaded;
# debug kernels only. Cycles of insmod -> 0.1 s of playback -> rmmod; cycles
# of unbind/bind through sysfs of the board's devices (machine, codec, PCM
# in turn) while stress_ctlhold keeps the control device open: at every
# unbind it must get ENODEV from its next ioctl (and, by closing, let the
# unbind finish); rmmod during playback is refused and the stream plays on;
# an unbind during playback ends the stream with an error, nothing worse.
# AUDMOD_STRESS=fast: 10 cycles each; long: 100. Prints AUDMOD-STRESS
# figures. Leaves the module loaded and the card bound.

case $E2E_KERNEL in debug | next) ;; *) return 0 ;; esac

LC_DEV=hw:CARD=audmod,DEV=0
LC_DRV=/sys/bus/platform/drivers
LC_INSMOD=0
LC_BIND=0

lc_card() {
	awk '/\[audmod *\]/ {print $1; exit}' /proc/asound/cards
}

# lc_dev DRIVER: the (first) device bound to DRIVER.
lc_dev() {
	ls $LC_DRV/$1 | grep "^$1\." | head -1
}

# lc_wait_state WHAT G: until the holder's state file says "WHAT G" (30 s).
lc_wait_state() {
	local i=0
	while [ "$(cat /tmp/lc.state 2>/dev/null)" != "$1 $2" ]; do
		i=$((i + 1))
		[ $i -le 300 ] || { echo "holder not '$1 $2': $(cat /tmp/lc.state)"; return 1; }
		sleep 0.1
	done
}

lc_insmod_cycles() {
	local i=0
	modprobe -r snd-soc-audmod || return 1
	while [ $i -lt "$1" ]; do
		modprobe snd-soc-audmod || { echo "insmod $i failed"; return 1; }
		aplay -q -D $LC_DEV /tmp/lc.wav || { echo "play $i failed"; return 1; }
		modprobe -r snd-soc-audmod || { echo "rmmod $i failed"; return 1; }
		grep -q '^snd_soc_audmod \|^audmod_core ' /proc/modules &&
			{ echo "still loaded after rmmod $i"; return 1; }
		i=$((i + 1))
		LC_INSMOD=$i
	done
	modprobe snd-soc-audmod
}

# lc_bind_cycles N: N unbind/bind cycles of the machine, codec and PCM
# devices in turn, the holder open across every one.
lc_bind_cycles() {
	local i=1 drv dev pid rc
	rm -f /tmp/lc.state
	"$AUDMOD"/bin/stress_ctlhold /dev/snd/controlC$(lc_card) /tmp/lc.state \
		>/tmp/lc.hold 2>&1 &
	pid=$!
	while [ $i -le "$1" ]; do
		case $((i % 3)) in
		1) drv=audmod-board ;;
		2) drv=audmod-codec ;;
		0) drv=audmod-pcm ;;
		esac
		lc_wait_state open $i || break
		dev=$(lc_dev $drv)
		[ -n "$dev" ] || { echo "no device on $drv"; break; }
		echo "$dev" >$LC_DRV/$drv/unbind || { echo "unbind $drv $dev failed"; break; }
		[ -z "$(lc_card)" ] || { echo "card still there after unbind $dev"; break; }
		lc_wait_state closed $i || break
		echo "$dev" >$LC_DRV/$drv/bind || { echo "bind $drv $dev failed"; break; }
		[ -n "$(lc_card)" ] || { echo "no card after bind $dev"; break; }
		amixer -c audmod cget name="Generic Module P1" >/dev/null ||
			{ echo "no control after bind $dev"; break; }
		LC_BIND=$i
		i=$((i + 1))
	done
	lc_wait_state open $i
	kill -TERM $pid
	wait $pid
	rc=$?
	cat /tmp/lc.hold
	[ $rc = 0 ] && [ $LC_BIND = "$1" ] &&
		grep -q "^opens=$(($1 + 1)) nodev=$1 other=0$" /tmp/lc.hold
}

# lc_pcm_state: the playback substream's state (RUNNING, ...), or "closed".
lc_pcm_state() {
	sed -n 's/^state: //p' /proc/asound/card$(lc_card)/pcm0p/sub0/status
}

# lc_wait_running: until the playback substream runs (30 s).
lc_wait_running() {
	local i=0
	while [ "$(lc_pcm_state)" != RUNNING ]; do
		i=$((i + 1))
		[ $i -le 300 ] || { echo "playback not running"; return 1; }
		sleep 0.1
	done
}

# rmmod while playing: refused, the module stays and the stream plays on
# to its end; after that rmmod works.
lc_rmmod_streaming() {
	local pid ok=0
	"$AUDMOD"/bin/wavgen /tmp/lc3.wav 48000 2 16 3 1000 -12 || return 1
	aplay -q -D $LC_DEV /tmp/lc3.wav &
	pid=$!
	lc_wait_running || ok=1
	if rmmod snd_soc_audmod; then
		echo "rmmod accepted during playback"
		ok=1
	fi
	grep -q '^snd_soc_audmod ' /proc/modules || { echo "module gone"; ok=1; }
	[ "$(lc_pcm_state)" = RUNNING ] || { echo "stream stopped"; ok=1; }
	wait $pid || { echo "aplay failed"; ok=1; }
	[ $ok = 0 ] && rmmod snd_soc_audmod && modprobe snd-soc-audmod
}

# Unbind of the machine device during playback: the stream ends with an
# error, the unbind completes, bind restores the card.
lc_unbind_streaming() {
	local pid dev
	dev=$(lc_dev audmod-board)
	aplay -q -D $LC_DEV /tmp/lc3.wav &
	pid=$!
	lc_wait_running || return 1
	echo "$dev" >$LC_DRV/audmod-board/unbind || return 1
	wait $pid && { echo "aplay did not see the unbind"; return 1; }
	echo "$dev" >$LC_DRV/audmod-board/bind &&
		aplay -q -D $LC_DEV /tmp/lc.wav
}

if want stress-lifecycle; then
	[ "$AUDMOD_STRESS" = long ] && LC_N=100 || LC_N=10
	"$AUDMOD"/bin/wavgen /tmp/lc.wav 48000 2 16 0.1 1000 -12
	check stress-lifecycle-insmod-cycles lc_insmod_cycles $LC_N
	check stress-lifecycle-bind-cycles lc_bind_cycles $LC_N
	check stress-lifecycle-rmmod-streaming lc_rmmod_streaming
	check stress-lifecycle-unbind-streaming lc_unbind_streaming
	grep -q '^snd_soc_audmod ' /proc/modules || modprobe snd-soc-audmod
	rm -f /tmp/lc.wav /tmp/lc3.wav /tmp/lc.state /tmp/lc.hold
	echo "AUDMOD-STRESS: insmod_cycles=$LC_INSMOD"
	echo "AUDMOD-STRESS: bind_cycles=$LC_BIND"
fi
