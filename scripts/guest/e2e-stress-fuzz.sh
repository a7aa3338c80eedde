# SPDX-License-Identifier: GPL-2.0
# Control fuzzing, sourced by e2e.sh with the module
# loaded; debug kernels only. stress_fuzz runs random and boundary reads,
# writes, commands and TLV requests on every control of the card while
# playback and capture stream (both must still be running when it ends);
# every outcome is checked against the model of <uapi/audmod.h>, every read
# is range- and fill-pattern-checked. The ALSA core's own checks
# (SND_CTL_DEBUG: "access overflow", "value out of range") must stay silent.
# AUDMOD_STRESS=fast: 2,000 operations; long: 20,000. Prints the
# AUDMOD-STRESS figure fuzz_ops.

case $E2E_KERNEL in debug | next) ;; *) return 0 ;; esac

FZ_DEV=hw:CARD=audmod,DEV=0

# fz_run OPS: fuzz while streaming; the streams must outlive the fuzzer.
fz_run() {
	local play rec ret=0
	# Full-scale noise, for as long as it takes.
	aplay -q -D $FZ_DEV -t raw -f S16_LE -r 48000 -c 2 /dev/urandom &
	play=$!
	arecord -q -D $FZ_DEV -t raw -f S16_LE -r 48000 -c 2 /dev/null &
	rec=$!
	sleep 1
	"$AUDMOD"/bin/stress_fuzz "$1" "$(date +%s)" >/tmp/fz.out 2>&1 || ret=1
	cat /tmp/fz.out
	kill -0 $play 2>/dev/null || { echo "playback stopped early"; ret=1; }
	kill -0 $rec 2>/dev/null || { echo "capture stopped early"; ret=1; }
	kill $play $rec 2>/dev/null
	wait $play $rec 2>/dev/null
	return $ret
}

# fz_core_silent FROM: no complaint of the ALSA control core in the kernel
# log after line FROM.
fz_core_silent() {
	! dmesg | tail -n +"$1" |
		grep -E 'access overflow|value out of range|unaligned value|Invalid control info'
}

if want stress-fuzz; then
	[ "$AUDMOD_STRESS" = long ] && FZ_OPS=20000 || FZ_OPS=2000
	FZ_LOG=$(($(dmesg | wc -l) + 1))
	check stress-fuzz-controls fz_run $FZ_OPS
	check stress-fuzz-core-silent fz_core_silent $FZ_LOG
	echo "AUDMOD-STRESS: $(grep -o 'fuzz_ops=[0-9]*' /tmp/fz.out || echo fuzz_ops=0)"
	rm -f /tmp/fz.out
fi
