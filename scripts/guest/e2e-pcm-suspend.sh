# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of system sleep while a stream runs, sourced by e2e.sh
# with the module loaded. With /sys/power/pm_test (CONFIG_PM_DEBUG) the
# kernel suspends the devices (level "devices") or goes as far as the
# platform's sleep hooks (level "platform"), waits, and resumes: the card's
# stream is suspended by ASoC, the engine stops, and arecord recovers with
# a prepare (no SNDRV_PCM_INFO_RESUME) and carries on recording.

PCM_SUSP_STATUS=/proc/asound/audmod/pcm0c/sub0/status

# pcm_susp_state: the capture stream's state, or "closed".
pcm_susp_state() {
	awk '/^state:/ { print $2; found = 1 } END { if (!found) print "closed" }' \
		$PCM_SUSP_STATUS
}

# pcm_susp_wait STATE: up to 20 s for the capture stream to be in STATE.
pcm_susp_wait() {
	local i=0
	while [ "$(pcm_susp_state)" != "$1" ] && [ $i -lt 200 ]; do
		usleep 100000
		i=$((i + 1))
	done
	[ "$(pcm_susp_state)" = "$1" ]
}

# pcm_suspend LEVEL STATE: record, sleep with pm_test LEVEL, check recovery.
pcm_suspend() {
	local pid rc=0 before after
	arecord -D hw:CARD=audmod,DEV=0 -f S16_LE -r 48000 -c 2 -d 60 \
		/tmp/susp.wav >/tmp/susp.log 2>&1 &
	pid=$!
	pcm_susp_wait RUNNING || { echo "stream never ran"; kill $pid; return 1; }
	before=$(awk '/^hw_ptr/ { print $3 }' $PCM_SUSP_STATUS)
	echo "$1" >/sys/power/pm_test || rc=1
	echo "$2" >/sys/power/state || { echo "echo $2 >/sys/power/state failed"; rc=1; }
	echo none >/sys/power/pm_test
	# arecord sees -ESTRPIPE, prepares and restarts.
	pcm_susp_wait RUNNING || { echo "stream did not run again"; rc=1; }
	usleep 300000
	after=$(awk '/^hw_ptr/ { print $3 }' $PCM_SUSP_STATUS)
	kill $pid
	wait $pid 2>/dev/null
	echo "pm_test $1, $2: hw_ptr $before before, $after after; arecord said:"
	grep -v '^Recording' /tmp/susp.log
	rm -f /tmp/susp.wav
	dmesg | grep -E 'PM: suspend (entry|exit)|suspend debug' | tail -n 3
	grep -q 'Suspended' /tmp/susp.log || { echo "arecord saw no suspend"; rc=1; }
	# The stream resumed where it was: prepare keeps hw_ptr, so it must
	# have moved on from its value before the sleep.
	[ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ] ||
		{ echo "hw_ptr did not move on across the sleep"; rc=1; }
	return $rc
}

want pcm-suspend && if [ -w /sys/power/pm_test ]; then
	for pcm_susp_to in freeze mem; do
		grep -qw $pcm_susp_to /sys/power/state || continue
		for pcm_susp_level in devices platform; do
			check "pcm-suspend-$pcm_susp_to-$pcm_susp_level" \
				pcm_suspend $pcm_susp_level $pcm_susp_to
			sed 's/^/# /' /tmp/check.out
		done
	done
else
	# Every leg's kernel has pm_test (the debug kernels since kunitconfig
	# asks for PM_DEBUG): without it the check fails, it is not skipped.
	check pcm-suspend sh -c 'echo "no /sys/power/pm_test (CONFIG_PM_DEBUG off)"; false'
fi
rm -f /tmp/susp.log
