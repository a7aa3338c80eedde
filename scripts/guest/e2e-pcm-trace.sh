# SPDX-License-Identifier: GPL-2.0
# End-to-end check of the PCM engine's trace events (TRACE_SYSTEM
# audmod_pcm), sourced by e2e.sh with the module loaded: enabled through
# tracefs, they must record the state changes and the periods of a stream.

# pcm_tracefs: the tracefs mount point, mounted if needed.
pcm_tracefs() {
	local t=/sys/kernel/tracing
	[ -d $t/events ] || mount -t tracefs tracefs $t 2>/dev/null
	[ -d $t/events ] || t=/sys/kernel/debug/tracing
	[ -d $t/events ] && echo $t
}

# pcm_trace_events: record 1 s in 10 ms periods with the events on, look
# for them: about 100 periods, and every state change of the stream.
pcm_trace_events() {
	local t n
	t=$(pcm_tracefs) || { echo "no tracefs"; return 1; }
	[ -d "$t/events/audmod_pcm" ] || { echo "no audmod_pcm events in $t"; return 1; }
	echo >"$t/trace"
	echo 1 >"$t/events/audmod_pcm/enable" || return 1
	arecord -q -D hw:CARD=audmod,DEV=0 -f S16_LE -r 48000 -c 2 -d 1 \
		--period-time=10000 --buffer-time=40000 /tmp/trace.wav
	echo 0 >"$t/events/audmod_pcm/enable"
	grep audmod_pcm_ "$t/trace" >/tmp/trace.txt
	rm -f /tmp/trace.wav
	n=$(grep -c 'audmod_pcm_period: pcmC[0-9]*D0c period' /tmp/trace.txt)
	echo "$n period events; state changes:"
	grep 'audmod_pcm_state:' /tmp/trace.txt | sed 's/^.*audmod_pcm_state: //' | uniq
	[ "$n" -ge 50 ] &&
		grep -q 'audmod_pcm_state: pcmC[0-9]*D0c prepare: setup -> prepared' /tmp/trace.txt &&
		grep -q 'audmod_pcm_state: pcmC[0-9]*D0c start: prepared -> running' /tmp/trace.txt &&
		grep -q 'audmod_pcm_state: pcmC[0-9]*D0c stop: running -> stopped' /tmp/trace.txt &&
		grep -q 'audmod_pcm_state: pcmC[0-9]*D0c sync: stopped -> setup' /tmp/trace.txt
}

want pcm-trace && check pcm-trace-events pcm_trace_events
want pcm-trace && sed 's/^/# /' /tmp/check.out
rm -f /tmp/trace.txt
