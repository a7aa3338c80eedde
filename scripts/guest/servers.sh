# SPDX-License-Identifier: GPL-2.0
# The servers leg's payload (scripts/e2e.sh, E2E_BOOT=servers): our card
# under the clients and sound servers a desktop puts on it, side by side
# with the kernel's snd-dummy and snd-aloop in the same boot. alsa-lib's
# dmix, dsnoop and plug; PipeWire with WirePlumber; jackd2; small periods
# with forced underruns. The servers are Debian 12's, unpacked into the
# image (scripts/servers-root.sh).
# Checks judge function only: started, linked, finished, no I/O error.
# Xrun and underrun counts depend on the host's load (under TCG even
# snd-dummy has some), so they are "# figure:" lines, never thresholds.
# snd-aloop moves data on the 4 ms jiffies tick: its runs at periods shorter
# than that, and under jackd, are figures only.

# The servers are unpacked where Debian puts them.
export PATH=$PATH:/usr/bin:/usr/sbin

# Our card, snd-dummy and snd-aloop: ALSA card id and short name.
CARDS="audmod:audmod Dummy:dummy Loopback:aloop"
# jackd2 asks no D-Bus device reservation, and no client starts a server.
export JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1
export XDG_RUNTIME_DIR=/run/user/0
export DBUS_SESSION_BUS_ADDRESS=unix:path=/run/dbus-session

# want NAME: true if NAME is selected by E2E_ONLY (a name prefix).
want() { case "$1" in "$E2E_ONLY"*) return 0 ;; *) return 1 ;; esac; }

# wait_for TENTHS CMD...: poll CMD until it succeeds, at most TENTHS tenths
# of a second; the bound only keeps a broken server from hanging the guest.
wait_for() {
	local n=$1
	shift
	until "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

# figure NAME WHAT VALUE: one measured count, printed whatever the verdict.
figure() {
	echo "# figure: $1: $2 $3"
}

# pcm_state CARD DIR: the state line of substream 0 of PCM 0 (p or c).
pcm_state() {
	cat "/proc/asound/$1/pcm0$2/sub0/status" 2>/dev/null | sed -n 's/^state: //p'
}
pcm_is() {
	[ "$(pcm_state "$1" "$2")" = "$3" ]
}
# pcm_streaming CARD DIR: started (at such short periods a spontaneous
# underrun may be what a poll sees).
pcm_streaming() {
	case $(pcm_state "$1" "$2") in RUNNING | XRUN | DRAINING) return 0 ;; esac
	return 1
}

# gone PID: PID has exited (a zombie not yet reaped counts).
gone() {
	[ ! -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# kill_wait PID...: end background programs and reap them; one that does
# not end within 10 s of SIGTERM gets SIGKILL, so that none hangs the guest.
kill_wait() {
	local p
	kill "$@" 2>/dev/null
	for p in "$@"; do
		wait_for 100 gone "$p" || kill -KILL "$p" 2>/dev/null
	done
	wait "$@" 2>/dev/null
	return 0
}

# --- alsa-lib: dmix, dsnoop and plug

# dmix_two CARD: two players at once through dmix (which converts no
# format, hence FORMAT=). Both must finish without error.
dmix_two() {
	local dev="dmix:CARD=$1,DEV=0,FORMAT=S16_LE" a b ra=0 rb=0
	timeout 30 aplay -D "$dev" /tmp/s16.wav >/tmp/dmix-a.out 2>&1 &
	a=$!
	timeout 30 aplay -D "$dev" /tmp/s16.wav >/tmp/dmix-b.out 2>&1 &
	b=$!
	wait $a || ra=$?
	wait $b || rb=$?
	cat /tmp/dmix-a.out /tmp/dmix-b.out
	[ $ra = 0 ] && [ $rb = 0 ]
}

# dsnoop_two CARD: two recorders at once through dsnoop; each must get
# every frame it asked for (2 s, 48 kHz, 2 ch, 16 bit).
dsnoop_two() {
	local dev="dsnoop:CARD=$1,DEV=0,FORMAT=S16_LE" a b ra=0 rb=0 f
	timeout 30 arecord -D "$dev" -f S16_LE -r 48000 -c 2 -d 2 -t raw \
		/tmp/dsnoop-a.raw >/tmp/dsnoop-a.out 2>&1 &
	a=$!
	timeout 30 arecord -D "$dev" -f S16_LE -r 48000 -c 2 -d 2 -t raw \
		/tmp/dsnoop-b.raw >/tmp/dsnoop-b.out 2>&1 &
	b=$!
	wait $a || ra=$?
	wait $b || rb=$?
	cat /tmp/dsnoop-a.out /tmp/dsnoop-b.out
	[ $ra = 0 ] && [ $rb = 0 ] || return 1
	for f in /tmp/dsnoop-a.raw /tmp/dsnoop-b.raw; do
		[ "$(wc -c <$f)" = 384000 ] || { echo "$f: $(wc -c <$f) bytes, not 384000"; return 1; }
	done
	rm -f /tmp/dsnoop-?.raw
}

# plug_float CARD: FLOAT_LE at 44.1 kHz through plughw, which converts to
# what the card takes, both ways (2 s each: 705600 bytes recorded).
plug_float() {
	local dev="plughw:CARD=$1,DEV=0"
	head -c 705600 /dev/zero >/tmp/f32.raw
	timeout 30 aplay -D "$dev" -t raw -f FLOAT_LE -r 44100 -c 2 /tmp/f32.raw || return 1
	timeout 30 arecord -D "$dev" -t raw -f FLOAT_LE -r 44100 -c 2 -d 2 /tmp/f32-rec.raw ||
		return 1
	[ "$(wc -c </tmp/f32-rec.raw)" = 705600 ] ||
		{ echo "recorded $(wc -c </tmp/f32-rec.raw) bytes, not 705600"; return 1; }
	rm -f /tmp/f32.raw /tmp/f32-rec.raw
}

# --- small periods with forced underruns

# underrun_run NAME CARD FRAMES PROGRAM...: run PROGRAM on hw:CARD with
# FRAMES-frame periods, stop it until the PCM is in XRUN (a forced
# underrun), let it go on, and print its underrun count as a figure. Passes
# if the PCM was seen running and in XRUN and PROGRAM then finished without
# error.
underrun_run() {
	local name=$1 card=$2 frames=$3 pid rc=0 n
	shift 3
	"$@" >/tmp/ur.out 2>&1 &
	pid=$!
	wait_for 300 pcm_streaming "$card" p || {
		kill_wait $pid
		cat /tmp/ur.out
		echo "the PCM never ran"
		return 1
	}
	kill -STOP $pid
	wait_for 300 pcm_is "$card" p XRUN || rc=1
	kill -CONT $pid
	wait $pid || rc=$?
	n=$(grep -c 'underrun!!!\|Write error: -32' /tmp/ur.out)
	figure "$name" underruns "$n"
	[ $rc = 0 ] || { cat /tmp/ur.out; echo "exit $rc (or no XRUN while stopped)"; }
	return $rc
}

# small_periods CARD SHORT FRAMES: aplay and speaker-test at FRAMES-frame
# periods (four of them) at 48 kHz, each with a forced underrun.
small_periods() {
	local card=$1 short=$2 frames=$3 mode=check us
	us=$((frames * 1000 / 48))
	# snd-aloop cannot keep periods shorter than its tick: figures only.
	[ "$short" = aloop ] && [ "$frames" -lt 192 ] && mode=figure
	small_one "servers-period-$frames-aplay-$short" $mode "$card" "$frames" \
		timeout 60 aplay -D "hw:CARD=$card,DEV=0" --period-size="$frames" \
		--buffer-size=$((frames * 4)) /tmp/s16.wav
	small_one "servers-period-$frames-speaker-test-$short" $mode "$card" "$frames" \
		timeout 60 speaker-test -D "hw:CARD=$card,DEV=0" -c 2 -r 48000 -F S16_LE \
		-t sine -f 440 -l 1 -p "$us" -P 4
}

# small_one NAME check|figure CARD FRAMES PROGRAM...
small_one() {
	local name=$1 mode=$2
	shift 2
	if [ "$mode" = check ]; then
		check "$name" underrun_run "$name" "$@"
		grep '^# figure:' /tmp/check.out
	else
		underrun_run "$name" "$@" >/tmp/ur-fig.out 2>&1 || true
		grep '^# figure:' /tmp/ur-fig.out
		grep -q '^# figure:' /tmp/ur-fig.out ||
			figure "$name" underruns "none (did not run: $(tail -n 1 /tmp/ur-fig.out))"
	fi
}

# --- jackd2

# The bounds only keep a stuck server from hanging the guest.
jack_ports() {
	timeout 10 jack_lsp 2>/dev/null | grep -v '^Jack: '
}
jack_up() {
	jack_ports | grep -q '^system:playback_1$'
}
jack_linked() {
	timeout 10 jack_lsp -c 2>/dev/null | grep -v '^Jack: ' >/tmp/jack-lsp.out
	# "jack_simple_client:output1", then an indented "   system:playback_1".
	awk '/^jack_simple_client:output1$/ {s = 1; next} /^[^ ]/ {s = 0} s && /system:playback_/ {f = 1}
		END {exit !f}' /tmp/jack-lsp.out
}

# jack_run NAME CARD FRAMES: jackd on hw:CARD at 48 kHz, FRAMES-frame
# periods (two), two channels each way (snd-dummy's most; jackd would
# otherwise open every channel a card has, eight on ours, and the cards
# would not carry the same load), with jack_simple_client linked to its playback ports for
# 30 s. Passes if jackd started, the client linked, both still ran at the
# end and jackd reported no I/O error. Xruns are a figure.
jack_run() {
	local name=$1 card=$2 frames=$3 jd cl rc=0 n
	timeout 300 jackd -v -d alsa -d "hw:$card" -r 48000 -p "$frames" -n 2 -i 2 -o 2 \
		>/tmp/jackd.out 2>&1 &
	jd=$!
	if ! wait_for 300 jack_up; then
		echo "jackd did not list its ports"
		rc=1
	else
		timeout 300 jack_simple_client >/tmp/jack-client.out 2>&1 &
		cl=$!
		wait_for 300 jack_linked || { echo "the client did not link"; rc=1; }
		# The run's length, not a synchronisation: the servers stream
		# this long, then must both still be there.
		sleep 30
		gone $cl && { echo "jack_simple_client died"; rc=1; }
		gone $jd && { echo "jackd died"; rc=1; }
		kill_wait $cl
	fi
	kill_wait $jd
	n=$(grep -c 'xrun of at least' /tmp/jackd.out)
	figure "$name" xruns "$n"
	if grep -Ei 'read error|write error|failed to start|cannot start driver' /tmp/jackd.out; then
		rc=1
	fi
	[ $rc = 0 ] || { tail -n 40 /tmp/jackd.out; cat /tmp/jack-client.out 2>/dev/null; }
	return $rc
}

jack_leg() {
	local card=$1 short=$2 frames=$3 name="servers-jack-$2-$3"
	# snd-aloop's tick cannot keep jackd's short periods: figures only.
	if [ "$short" = aloop ]; then
		jack_run "$name" "$card" "$frames" >/tmp/jack-fig.out 2>&1 || true
		grep '^# figure:' /tmp/jack-fig.out
	else
		check "$name" jack_run "$name" "$card" "$frames"
		grep '^# figure:' /tmp/check.out
	fi
}

# --- PipeWire and WirePlumber

# The session: a D-Bus session bus (WirePlumber's device reservation and
# portals talk on it), then PipeWire (whose default configuration loads
# libpipewire-module-access, without which no client gets permissions),
# then WirePlumber, the session manager that finds the cards.
PW_PIDS=
pw_start() {
	mkdir -p "$XDG_RUNTIME_DIR" /run/udev/data
	chmod 700 "$XDG_RUNTIME_DIR"
	[ -s /etc/machine-id ] || echo 0123456789abcdef0123456789abcdef >/etc/machine-id
	# No udevd runs in this guest: PipeWire's ALSA monitor takes a card
	# only once udev says it is set up, so say it as udevd's sound rules do.
	for c in /sys/class/sound/card*; do
		echo "E:SOUND_INITIALIZED=1" >"/run/udev/data/+sound:${c##*/}"
	done
	# No Bluetooth and no logind here: WirePlumber's Bluetooth monitor
	# would load its logind plugin, whose failure to start ends it.
	mkdir -p /etc/wireplumber/bluetooth.lua.d
	echo 'bluez_monitor.enabled = false' \
		>/etc/wireplumber/bluetooth.lua.d/51-audmod-no-bluetooth.lua
	dbus-daemon --session --nofork --address="$DBUS_SESSION_BUS_ADDRESS" \
		>/tmp/dbus.out 2>&1 &
	PW_PIDS="$!"
	wait_for 300 test -S /run/dbus-session ||
		{ cat /tmp/dbus.out; echo "no D-Bus session bus"; return 1; }
	pipewire >/tmp/pipewire.out 2>&1 &
	PW_PIDS="$! $PW_PIDS"
	wait_for 300 test -S "$XDG_RUNTIME_DIR/pipewire-0" ||
		{ tail -n 30 /tmp/pipewire.out; echo "no PipeWire socket"; return 1; }
	wireplumber >/tmp/wireplumber.out 2>&1 &
	PW_PIDS="$! $PW_PIDS"
}
pw_stop() {
	# shellcheck disable=SC2086
	kill_wait $PW_PIDS
	PW_PIDS=
}

# pw_node CLASS: "ID NODE-NAME" of our card's node of media.class CLASS
# (Audio/Sink, Audio/Source), as pw-dump shows the objects (one property a
# line, each object's own "id" at four spaces).
pw_node() {
	timeout 10 pw-dump 2>/dev/null | awk -v cls="$1" '
		function out() {if (ours && mc == cls && name != "") print id, name}
		/^    "id": / {out(); id = $2; sub(/,/, "", id); ours = 0; mc = ""; name = ""}
		/"(alsa\.card_name|api\.alsa\.card\.name)": "audmod"/ {ours = 1}
		/"media.class": / {mc = $0; sub(/.*"media.class": "/, "", mc); sub(/".*/, "", mc)}
		/"node.name": / {name = $0; sub(/.*"node.name": "/, "", name); sub(/".*/, "", name)}
		END {out()}' | head -n 1
}
pw_has_node() {
	[ -n "$(pw_node "$1")" ]
}

pw_discover() {
	if ! wait_for 600 pw_has_node Audio/Sink || ! wait_for 100 pw_has_node Audio/Source; then
		echo "our card's sink and source did not appear; nodes:"
		timeout 10 pw-cli ls Node
		tail -n 30 /tmp/pipewire.out /tmp/wireplumber.out
		return 1
	fi
	echo "sink $(pw_node Audio/Sink), source $(pw_node Audio/Source)"
}

# pw_play: pw-play through our card's sink: the card's PCM runs while it
# plays, and pw-play finishes without error.
pw_play() {
	local sink pid rc=0
	sink=$(pw_node Audio/Sink)
	sink=${sink#* }
	[ -n "$sink" ] || return 1
	timeout 60 pw-play --target "$sink" /tmp/s16.wav &
	pid=$!
	wait_for 300 pcm_is audmod p RUNNING || { echo "our playback PCM never ran"; rc=1; }
	wait $pid || { echo "pw-play failed"; rc=1; }
	return $rc
}

# pw_record: pw-record from our card's source (its volume set to 100 %:
# WirePlumber gives new devices a lower default), at least 2 s, then
# wavcheck: the card's 1000 Hz tone at -6 dBFS, continuous.
pw_record() {
	local src id pid
	src=$(pw_node Audio/Source)
	id=${src%% *}
	src=${src#* }
	[ -n "$src" ] && timeout 10 wpctl set-volume "$id" 1.0 || { echo "cannot set the volume of $src"; return 1; }
	rm -f /tmp/pw-rec.wav
	timeout 120 pw-record --target "$src" --rate 48000 --channels 2 --format s16 /tmp/pw-rec.wav &
	pid=$!
	# 2 s of 48 kHz stereo S16 and its header.
	wait_for 600 sh -c '[ "$(wc -c </tmp/pw-rec.wav)" -gt 384100 ]' ||
		echo "the recording did not grow to 2 s"
	kill -INT $pid
	wait $pid
	"$AUDMOD"/bin/wavcheck /tmp/pw-rec.wav --rate 48000 --channels 2 --bits 16 \
		--min-seconds 2 --freq 1000 --dbfs -6 --db-tol 0.2
}

# --- the run

# jackd2 keeps its shared memory in /dev/shm.
mkdir -p /dev/shm
mount -t tmpfs tmpfs /dev/shm
# The image has no user database: dmix and dsnoop give their shared memory
# to group "audio", and dbus-daemon looks its user up.
grep -q '^root:' /etc/passwd 2>/dev/null ||
	echo 'root:x:0:0:root:/root:/bin/sh' >>/etc/passwd
grep -q '^audio:' /etc/group 2>/dev/null ||
	printf 'root:x:0:\naudio:x:29:root\n' >>/etc/group
"$AUDMOD"/bin/wavgen /tmp/s16.wav 48000 2 16 2 440 -12
check servers-load modprobe snd-soc-audmod
check servers-load-dummy modprobe snd-dummy
check servers-load-aloop modprobe snd-aloop

for c in $CARDS; do
	want "servers-dmix-${c#*:}" && check "servers-dmix-${c#*:}" dmix_two "${c%:*}"
	want "servers-dsnoop-${c#*:}" && check "servers-dsnoop-${c#*:}" dsnoop_two "${c%:*}"
	want "servers-plughw-float-${c#*:}" &&
		check "servers-plughw-float-${c#*:}" plug_float "${c%:*}"
done

if want servers-pipewire; then
	check servers-pipewire-start pw_start
	check servers-pipewire-discover pw_discover
	check servers-pipewire-play pw_play
	check servers-pipewire-record pw_record
	pw_stop
fi

for c in $CARDS; do
	want "servers-jack-${c#*:}" || continue
	jack_leg "${c%:*}" "${c#*:}" 256
	jack_leg "${c%:*}" "${c#*:}" 64
done

for c in $CARDS; do
	want servers-period || continue
	small_periods "${c%:*}" "${c#*:}" 96
	small_periods "${c%:*}" "${c#*:}" 64
done

# servers_unload: the three drivers unload once the servers are gone; on
# failure, who still holds a sound device and the modules' use counts.
servers_unload() {
	local p
	for p in pipewire wireplumber jackd dbus-daemon; do
		pidof "$p" >/dev/null && { echo "$p still running"; pkill -KILL "$p"; }
	done
	# One module a call: busybox's modprobe -r with several fails even
	# when it removed them all. Judged by what is left loaded.
	for m in snd-soc-audmod snd-dummy snd-aloop; do
		modprobe -r "$m" || echo "modprobe -r $m: exit $?"
	done
	grep -q '^snd_soc_audmod \|^snd_dummy \|^snd_aloop ' /proc/modules || return 0
	grep '^snd' /proc/modules
	ls -l /proc/[0-9]*/fd 2>/dev/null | grep /dev/snd
	return 1
}
check servers-unload servers_unload
rm -f /tmp/s16.wav /tmp/*.out
