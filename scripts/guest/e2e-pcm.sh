# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of the sound card's PCM, sourced by e2e.sh with the
# module loaded. Playback must play every frame through (its pacing is
# judged in the pacing boot, scripts/guest/pacing.sh), capture must carry
# the test signal (sine of tone_hz at tone_dbfs, measured by wavcheck),
# repeated cycles must all succeed, and the module must unload after
# streaming.

PCM_DEV=hw:CARD=audmod,DEV=0
PCM_PARAMS=/sys/module/snd_soc_audmod/parameters

# pcm_play BITS RATE CHANNELS [-M]: play 2 s of a sine with aplay (a
# generic client must get through it, every frame drained). Whether the
# engine keeps the rate is judged in the pacing boot (scripts/guest/pacing.sh,
# under icount), not here, where the host's load sets the guest's pace.
pcm_play() {
	"$AUDMOD"/bin/wavgen /tmp/play.wav "$2" "$3" "$1" 2 440 -12 || return 1
	# The bound only keeps a stalled aplay from hanging the guest (ten
	# times the clip); it judges nothing else.
	timeout 20 aplay -q -D "$PCM_DEV" ${4:-} /tmp/play.wav || return 1
	rm -f /tmp/play.wav
}

# pcm_record_check BITS RATE CHANNELS HZ DBFS [ARECORD OPTION]: record 1 s,
# check the tone.
pcm_record_check() {
	arecord -D "$PCM_DEV" -f "S$1_LE" -r "$2" -c "$3" -d 1 ${6:-} \
		/tmp/rec.wav || return 1
	"$AUDMOD"/bin/wavcheck /tmp/rec.wav --rate "$2" --channels "$3" \
		--bits "$1" --min-seconds 1 --freq "$4" --dbfs "$5" --db-tol 0.1
}

# pcm_cycles N: N back-to-back open/play/close and open/record/close.
pcm_cycles() {
	local i=0
	"$AUDMOD"/bin/wavgen /tmp/short.wav 48000 2 16 0.1 1000 -12 || return 1
	while [ $i -lt "$1" ]; do
		aplay -q -D "$PCM_DEV" /tmp/short.wav || { echo "play $i failed"; return 1; }
		arecord -q -D "$PCM_DEV" -f S16_LE -r 48000 -c 2 -s 4800 /tmp/c.wav ||
			{ echo "record $i failed"; return 1; }
		i=$((i + 1))
	done
	echo "$1 play and $1 record cycles"
}

# pcm_tone HZ DBFS: set the capture test signal.
pcm_tone() {
	echo "$1" >$PCM_PARAMS/tone_hz && echo "$2" >$PCM_PARAMS/tone_dbfs
}

# pcm_bad_tone: out-of-range levels are refused and change nothing.
pcm_bad_tone() {
	! echo 1 >$PCM_PARAMS/tone_dbfs 2>/dev/null &&
		! echo 96001 >$PCM_PARAMS/tone_hz 2>/dev/null &&
		[ "$(cat $PCM_PARAMS/tone_dbfs)" = -6 ] &&
		[ "$(cat $PCM_PARAMS/tone_hz)" = 1000 ]
}

# pcm_rmmod_after_stream: stream, unload, load again (later checks need it).
pcm_rmmod_after_stream() {
	arecord -q -D "$PCM_DEV" -f S32_LE -r 96000 -c 4 -d 1 /tmp/c.wav || return 1
	modprobe -r snd-soc-audmod || return 1
	! grep -q '^snd_soc_audmod ' /proc/modules || return 1
	modprobe snd-soc-audmod && grep -q '\[audmod *\]' /proc/asound/cards
}

# pcm_flood: the stream keeps going while four writers flood a
# notify-on-change parameter (each write a change, each change a
# notification through the card's notifier, whose senders deliver at most
# a budget each). Judged on function: the flooded stream plays every frame
# and drains, with no stall and no I/O error; each writer had all its
# writes accepted. Its rate, beside that of the same stream without the
# flood, is a figure: outside the icount boot the host's load sets the
# guest's pace.
pcm_flood() {
	local ctl name i rc=0 pids=
	ctl=/dev/snd/control$(readlink /proc/asound/audmod | sed 's/^card/C/')
	name=$(amixer -c audmod controls |
		sed -n "s/.*name='\(\(.* \)\{0,1\}Generic Module P1\)'\$/\1/p")
	[ -c "$ctl" ] && [ -n "$name" ] || { echo "no $ctl or no Generic Module P1"; return 1; }
	"$AUDMOD"/bin/pcmpace play "$PCM_DEV" 48000 2 16 5 >/tmp/flood-base.out 2>&1
	sed 's/^/# figure: pcm-flood: without the flood: /' /tmp/flood-base.out >/tmp/flood.figures
	rm -f /tmp/flood.stop
	for i in 1 2 3 4; do
		"$AUDMOD"/bin/ctlraw flood "$ctl" "$name" /tmp/flood.stop >/tmp/flood.$i 2>&1 &
		pids="$pids $!"
	done
	# Every writer running before the stream starts (bounded: 10 s).
	i=0
	while [ "$(cat /tmp/flood.[1-4] 2>/dev/null | grep -c '^started$')" != 4 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || { echo "the writers did not start"; touch /tmp/flood.stop; return 1; }
		usleep 100000
	done
	"$AUDMOD"/bin/pcmpace play "$PCM_DEV" 48000 2 16 5 >/tmp/flood-pace.out 2>&1 || rc=$?
	touch /tmp/flood.stop
	for i in $pids; do
		wait "$i" || { echo "a writer failed"; rc=3; }
	done
	sed 's/^/# figure: pcm-flood: with four writers: /' /tmp/flood-pace.out >>/tmp/flood.figures
	for i in 1 2 3 4; do
		sed -n "s/^writes /# figure: pcm-flood: writer $i: writes /p" /tmp/flood.$i
	done >>/tmp/flood.figures
	cat /tmp/flood-pace.out /tmp/flood.[1-4]
	# pcmpace exits 1 for a rate off nominal too: not judged here.
	[ "$rc" = 0 ] || [ "$rc" = 1 ] || return 1
	grep -q '^playback 240000 frames at 48000 Hz' /tmp/flood-pace.out &&
		! grep -q '^stalled\|^the drain ended\|^too little' /tmp/flood-pace.out &&
		[ "$(grep -c '^writes [1-9]' /tmp/flood.[1-4] | awk -F: '{s += $2} END {print s}')" = 4 ]
}

# The driver field is the card driver's: audmod, or a DT board's generic one.
want pcm && check pcm-card grep -q '\[audmod *\]: [^ ]* - audmod$' /proc/asound/cards
want pcm && check pcm-devices grep -q ': playback 1 : capture 1$' /proc/asound/pcm
want pcm && check pcm-play-s16-48k-2ch pcm_play 16 48000 2
want pcm && check pcm-play-s32-48k-2ch pcm_play 32 48000 2
want pcm && check pcm-play-s16-192k-8ch pcm_play 16 192000 8
want pcm && check pcm-play-s32-8k-1ch pcm_play 32 8000 1
want pcm && check pcm-play-mmap-s16-48k-2ch pcm_play 16 48000 2 -M
want pcm && check pcm-record-s16-48k-2ch pcm_record_check 16 48000 2 1000 -6
want pcm && check pcm-record-s32-44k1-1ch pcm_record_check 32 44100 1 1000 -6
want pcm && check pcm-record-s32-192k-8ch pcm_record_check 32 192000 8 1000 -6
want pcm && check pcm-record-mmap-s16-48k-2ch pcm_record_check 16 48000 2 1000 -6 -M
want pcm && check pcm-tone-param-range pcm_bad_tone
want pcm && {
	pcm_tone 3000 -20
	check pcm-record-3k-20dbfs pcm_record_check 16 48000 2 3000 -20
	pcm_tone 1000 -6
}
want pcm && check pcm-cycles-20 pcm_cycles 20
# check keeps a passing check's output: the figures are printed after it.
want pcm && { check pcm-flood-keeps-streaming pcm_flood; cat /tmp/flood.figures 2>/dev/null; }
want pcm && check pcm-rmmod-after-stream pcm_rmmod_after_stream
rm -f /tmp/rec.wav /tmp/c.wav /tmp/short.wav /tmp/flood*
