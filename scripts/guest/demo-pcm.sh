# SPDX-License-Identifier: GPL-2.0
# Demo fragment (sourced by the demo payload): play a short clip and record
# one on the audmod card, and print what was measured: how long playback
# took against the clip's length, and the recorded test signal's frequency
# and level against what the driver was asked to generate.

demo_pcm_dev=hw:CARD=audmod,DEV=0
demo_pcm_params=/sys/module/snd_soc_audmod/parameters

echo
echo "--- PCM: playback paced at the real rate"
"$AUDMOD"/bin/wavgen /tmp/demo.wav 48000 2 16 2 440 -12
demo_t0=$(cut -d' ' -f1 /proc/uptime)
aplay -D "$demo_pcm_dev" /tmp/demo.wav 2>&1
demo_t1=$(cut -d' ' -f1 /proc/uptime)
awk -v a="$demo_t0" -v b="$demo_t1" 'BEGIN {
	printf "measured: 2.00 s of audio played in %.2f s of wall time\n", b - a
}'

echo
echo "--- PCM: capture of the test signal ($(cat $demo_pcm_params/tone_hz) Hz at $(cat $demo_pcm_params/tone_dbfs) dBFS)"
arecord -D "$demo_pcm_dev" -f S16_LE -r 48000 -c 2 -d 1 /tmp/demo.wav 2>&1
echo "measured: $("$AUDMOD"/bin/wavcheck /tmp/demo.wav --freq "$(cat $demo_pcm_params/tone_hz)" \
	--dbfs "$(cat $demo_pcm_params/tone_dbfs)" --db-tol 0.1 | tr '\n' ' ')"

echo
echo "--- PCM: the same at 8 channels, 192 kHz, S32_LE, with a 3 kHz tone at -20 dBFS"
echo 3000 >$demo_pcm_params/tone_hz
echo -20 >$demo_pcm_params/tone_dbfs
arecord -D "$demo_pcm_dev" -f S32_LE -r 192000 -c 8 -d 1 /tmp/demo.wav 2>&1
echo "measured: $("$AUDMOD"/bin/wavcheck /tmp/demo.wav --freq 3000 --dbfs -20 --db-tol 0.1 | tr '\n' ' ')"
echo 1000 >$demo_pcm_params/tone_hz
echo -6 >$demo_pcm_params/tone_dbfs
rm -f /tmp/demo.wav
