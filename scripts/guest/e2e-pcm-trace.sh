# SPDX-License-Identifier: GPL-2.0
# End-to-end check of the trace events, sourced by e2e.sh with the module
# loaded: enabled through tracefs, the PCM engine's (TRACE_SYSTEM audmod_pcm)
# must record the state changes and the periods of a stream, and
# audmod-core's (TRACE_SYSTEM audmod) the samples of that stream and a
# notification from a parameter change.

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

# core_trace_events: capture 0.2 s and change a notify-on-change
# parameter with audmod-core's events on: the stream's samples are got,
# released and reported to the release hook, and the parameter's
# notification is allocated, sent and delivered.
core_trace_events() {
	local t e ret=0
	t=$(pcm_tracefs) || { echo "no tracefs"; return 1; }
	[ -d "$t/events/audmod" ] || { echo "no audmod events in $t"; return 1; }
	echo >"$t/trace"
	echo 1 >"$t/events/audmod/enable" || return 1
	arecord -q -D hw:CARD=audmod,DEV=0 -f S16_LE -r 48000 -c 2 -s 9600 \
		--period-time=10000 --buffer-time=40000 /dev/null
	amixer -q -c audmod cset name="Generic Module P1" 5
	amixer -q -c audmod cset name="Generic Module P1" 1
	echo 0 >"$t/events/audmod/enable"
	grep ' audmod_' "$t/trace" | grep -v audmod_pcm_ >/tmp/trace.txt
	for e in notify_alloc notify_send notify_deliver sample_get \
		sample_release sample_hook; do
		echo "audmod_$e: $(grep -c " audmod_$e: " /tmp/trace.txt)"
		grep -m1 " audmod_$e: " /tmp/trace.txt | sed 's/^.* audmod_/  audmod_/'
		grep -q " audmod_$e: " /tmp/trace.txt || ret=1
	done
	# The notification: allocated from a pool, sent (seq > 0, status 0)
	# and delivered with the same sequence number.
	grep -q 'audmod_notify_alloc: .* Paged [0-9]* bytes: 0$' /tmp/trace.txt &&
		grep -q 'audmod_notify_send: .* seq [1-9][0-9]*, [0-9]* bytes: 0$' /tmp/trace.txt &&
		grep -q 'audmod_notify_deliver: .* seq [1-9]' /tmp/trace.txt &&
		grep -q 'audmod_sample_get: pcmC[0-9]*D0c sample [0-9]*, [0-9]* free' /tmp/trace.txt ||
		ret=1
	return $ret
}

want pcm-trace && check pcm-trace-events pcm_trace_events
want pcm-trace && sed 's/^/# /' /tmp/check.out
want pcm-trace && check core-trace-events core_trace_events
want pcm-trace && sed 's/^/# /' /tmp/check.out
rm -f /tmp/trace.txt
