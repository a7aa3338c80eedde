# SPDX-License-Identifier: GPL-2.0
# The pacing leg's payload (scripts/e2e.sh, E2E_BOOT=pacing): the only
# checks that judge time, in a guest under QEMU -icount shift=0 -smp 1,
# where the guest's clock follows the instructions it runs and the host's
# load cannot enter. pcmpace streams 10 s and measures the engine's rate on
# the PCM's own timestamps; it must match nominal to 0.1 % both ways, once,
# with no retry. Every measurement is printed as a "# figure:" line.

PCM_DEV=hw:CARD=audmod,DEV=0
PACE_S=10

# pace_check NAME pcmpace-ARGS...: one measurement, judged by pcmpace,
# its figures printed whatever the verdict.
pace_check() {
	local name=$1 rc=0
	shift
	"$AUDMOD"/bin/pcmpace "$@" >/tmp/pace.out 2>&1 || rc=$?
	sed "s/^/# figure: $name: /" /tmp/pace.out
	if [ $rc = 0 ]; then
		guest_ktap_result pass "$name"
	else
		echo "# | pcmpace exit $rc"
		guest_ktap_result fail "$name"
	fi
}

# pace_rejects NAME SLOW|FAST EXPECT pcmpace-ARGS...: the judge itself is
# two-sided: measured against an expected rate 0.2 % away from the real
# one, the same engine must be called slow (or fast) and fail.
pace_rejects() {
	local name=$1 way=$2 expect=$3 rc=0
	shift 3
	"$AUDMOD"/bin/pcmpace "$@" "expect=$expect" >/tmp/pace.out 2>&1 || rc=$?
	sed "s/^/# figure: $name: /" /tmp/pace.out
	if [ $rc = 1 ] && grep -q "the engine runs $way" /tmp/pace.out; then
		guest_ktap_result pass "$name"
	else
		echo "# | pcmpace exit $rc, expected 1 and \"runs $way\""
		guest_ktap_result fail "$name"
	fi
}

check pacing-load modprobe snd-soc-audmod
pace_check pacing-play-s16-48k-2ch play "$PCM_DEV" 48000 2 16 $PACE_S
pace_check pacing-play-mmap-s32-44k1-1ch play "$PCM_DEV" 44100 1 32 $PACE_S mmap
pace_check pacing-play-s16-192k-8ch play "$PCM_DEV" 192000 8 16 $PACE_S
pace_check pacing-record-s16-48k-2ch record "$PCM_DEV" 48000 2 16 $PACE_S
pace_check pacing-record-mmap-s32-44k1-1ch record "$PCM_DEV" 44100 1 32 $PACE_S mmap
# 48000 Hz judged against 48096 (the engine 0.2 % slow) and 47904 (fast).
pace_rejects pacing-judge-rejects-slow slow 48096 play "$PCM_DEV" 48000 2 16 $PACE_S
pace_rejects pacing-judge-rejects-fast fast 47904 record "$PCM_DEV" 48000 2 16 $PACE_S
check pacing-unload modprobe -r snd-soc-audmod
rm -f /tmp/pace.out
