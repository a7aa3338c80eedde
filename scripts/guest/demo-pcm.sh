# SPDX-License-Identifier: GPL-2.0
# Demo fragment (sourced by the demo payload): play a short clip and record
# one on the audmod card, and print what was measured: how long playback
# took against the clip's length, and the recorded test signal's frequency
# and level against what the driver was asked to generate. Each is a check:
# the player or recorder must succeed and the recording must be the tone.

demo_pcm_dev=hw:CARD=audmod,DEV=0
demo_pcm_params=/sys/module/snd_soc_audmod/parameters

demo_play() {
	local t0 t1
	"$AUDMOD"/bin/wavgen /tmp/demo.wav 48000 2 16 2 440 -12 || return 1
	t0=$(cut -d' ' -f1 /proc/uptime)
	aplay -D "$demo_pcm_dev" /tmp/demo.wav || return 1
	t1=$(cut -d' ' -f1 /proc/uptime)
	awk -v a="$t0" -v b="$t1" 'BEGIN {
		printf "measured: 2.00 s of audio played in %.2f s of wall time\n", b - a
	}'
}

# demo_record FORMAT RATE CHANNELS HZ DBFS: record 1 s of the test tone.
demo_record() {
	echo "$4" >$demo_pcm_params/tone_hz && echo "$5" >$demo_pcm_params/tone_dbfs &&
		arecord -D "$demo_pcm_dev" -f "$1" -r "$2" -c "$3" -d 1 /tmp/demo.wav || return 1
	echo "measured: $("$AUDMOD"/bin/wavcheck /tmp/demo.wav --freq "$4" --dbfs "$5" \
		--db-tol 0.1 | tr '\n' ' ')"
	"$AUDMOD"/bin/wavcheck /tmp/demo.wav --freq "$4" --dbfs "$5" --db-tol 0.1 >/dev/null
}

# demo_step NAME CMD...: a check whose output is shown whatever its result.
demo_step() {
	check "$@"
	sed 's/^/  /' /tmp/check.out
}

echo
echo "--- PCM: playback paced at the real rate"
demo_step demo-playback demo_play
echo
echo "--- PCM: capture of the test signal (1000 Hz at -6 dBFS)"
demo_step demo-capture demo_record S16_LE 48000 2 1000 -6
echo
echo "--- PCM: the same at 8 channels, 192 kHz, S32_LE, with a 3 kHz tone at -20 dBFS"
demo_step demo-capture-8ch demo_record S32_LE 192000 8 3000 -20
echo 1000 >$demo_pcm_params/tone_hz
echo -6 >$demo_pcm_params/tone_dbfs
rm -f /tmp/demo.wav
