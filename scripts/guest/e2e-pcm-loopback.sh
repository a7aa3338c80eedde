# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of the loopback capture source, sourced by e2e.sh with
# the module loaded: the "Capture Source" control, then alsabat playing a
# sine through the card and analysing what capture returned, at several
# rates and formats.

PCM_LB_DEV=hw:CARD=audmod,DEV=0
PCM_LB_CTL='name=Capture Source'

# pcm_lb_source: read the control's current item name.
pcm_lb_source() {
	amixer -c audmod cget "$PCM_LB_CTL" | awk -F"'" '
		/Item #/ { item[substr($1, index($1, "#") + 1) + 0] = $2 }
		/: values=/ { split($0, v, "="); print item[v[2] + 0] }'
}

# pcm_lb_control: Tone by default (the module parameter), Loopback and back.
pcm_lb_control() {
	local p=/sys/module/snd_soc_audmod/parameters/capture_source
	[ "$(cat $p)" = Tone ] || { echo "parameter: $(cat $p)"; return 1; }
	[ "$(pcm_lb_source)" = Tone ] || { echo "control: $(pcm_lb_source)"; return 1; }
	amixer -q -c audmod cset "$PCM_LB_CTL" Loopback || return 1
	[ "$(pcm_lb_source)" = Loopback ] || { echo "set: $(pcm_lb_source)"; return 1; }
	amixer -q -c audmod cset "$PCM_LB_CTL" Tone || return 1
	[ "$(pcm_lb_source)" = Tone ] || { echo "reset: $(pcm_lb_source)"; return 1; }
	echo "Capture Source: Tone (default), Loopback, Tone"
}

# pcm_alsabat FORMAT RATE CHANNELS: alsabat through the loopback; its
# verdict is its exit status (0: the sine came back at its frequency).
pcm_alsabat() {
	local rc=0
	# alsabat 1.2.8 returns a stale errno from its start-up: mkstemp()'s
	# getrandom() leaves EAGAIN while the kernel's RNG is not ready (early
	# in a VM). A blocking read makes the kernel initialise it first.
	head -c 1 /dev/random >/dev/null
	amixer -q -c audmod cset "$PCM_LB_CTL" Loopback || return 1
	alsabat -D "$PCM_LB_DEV" -f "$1" -r "$2" -c "$3" >/tmp/bat.log 2>&1 || rc=$?
	amixer -q -c audmod cset "$PCM_LB_CTL" Tone || rc=1
	echo "alsabat -f $1 -r $2 -c $3: exit $rc"
	cat /tmp/bat.log
	return $rc
}

# pcm_lb_show FORMAT RATE CHANNELS: alsabat's analysis, as KTAP diagnostics.
pcm_lb_show() {
	grep -E 'Detected peak|Return value|PASS|FAIL|Noise|Amplitude' /tmp/bat.log |
		sed "s/^/# alsabat $1 $2 $3: /"
}

want pcm-loopback && check pcm-loopback-control pcm_lb_control
for pcm_lb_fmt in "S16_LE 48000 2" "S32_LE 44100 1" "S16_LE 8000 1"; do
	# shellcheck disable=SC2086
	set -- $pcm_lb_fmt
	want pcm-loopback && {
		check "pcm-loopback-alsabat-$(echo "$1" | cut -c1-3 | tr A-Z a-z)-$2-$3ch" \
			pcm_alsabat "$1" "$2" "$3"
		pcm_lb_show "$1" "$2" "$3"
	}
done
rm -f /tmp/bat.log
