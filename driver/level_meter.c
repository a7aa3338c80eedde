// SPDX-License-Identifier: GPL-2.0
/*
 * The level meter module. The modules layer hands it every period the PCM
 * releases, played or captured, as its highest |sample| on a 16-bit scale
 * (audmod_level_block_peak()); the meter keeps the peak since it was
 * switched on and asks for a notification when a period reaches the
 * threshold after one below it in the same direction. It knows nothing of
 * the layer that calls it: only its own state and parameter values.
 */
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include <uapi/audmod.h>

#include "level_meter.h"

/**
 * audmod_level_block_peak() - highest level of a block of samples
 * @data: little-endian signed samples
 * @bytes: size of @data; a partial last sample is ignored
 * @sample_bits: 16 or 32 (S16_LE, S32_LE); other widths give 0
 *
 * The level is |sample| for 16-bit samples and |sample| >> 16 for 32-bit
 * ones: 0 to %AUDMOD_LEVEL_FULL_SCALE. Any context.
 *
 * Return: the highest level in the block.
 */
u32 audmod_level_block_peak(const void *data, unsigned int bytes,
			    unsigned int sample_bits)
{
	const u8 *p = data, *end;
	u32 peak = 0, level;
	s32 s, hi = 0, lo = 0;
	__le16 v;
	unsigned int i;

	switch (sample_bits) {
	case 16:
		/*
		 * The highest and the lowest sample, then |lowest|: two
		 * compares per sample, no abs() in the loop (the stream
		 * bench's per-frame row counts these instructions).
		 */
		for (end = p + (bytes & ~1u); p < end; p += 2) {
			memcpy(&v, p, sizeof(v));	/* any alignment */
			s = (s16)le16_to_cpu(v);
			hi = max(hi, s);
			lo = min(lo, s);
		}
		peak = max_t(u32, hi, -lo);
		break;
	case 32:
		for (i = 0; i + 4 <= bytes; i += 4) {
			s = (s32)((u32)p[i] | (u32)p[i + 1] << 8 |
				 (u32)p[i + 2] << 16 | (u32)p[i + 3] << 24);
			level = (u32)(s < 0 ? -(s64)s : s) >> 16;
			peak = max(peak, level);
		}
		break;
	}
	return peak;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_level_block_peak);

/**
 * audmod_level_track() - account one period's level
 * @st: meter state
 * @dir: the period's direction, below %AUDMOD_LEVEL_DIRECTIONS
 * @level: the period's highest level
 * @threshold: the threshold parameter
 * @peak_changed: set to whether @st's peak rose
 *
 * A crossing is a period at or over @threshold after a period below it in
 * the same direction (or after a reset): one notification per excursion
 * over the threshold, not one per period. Any context; the caller
 * serialises calls on @st.
 *
 * Return: true if this period crossed the threshold.
 */
bool audmod_level_track(struct audmod_level_state *st, unsigned int dir,
			u32 level, u32 threshold, bool *peak_changed)
{
	bool crossed = false;

	*peak_changed = level > st->peak_hold;
	if (*peak_changed)
		st->peak_hold = level;
	if (WARN_ON_ONCE(dir >= AUDMOD_LEVEL_DIRECTIONS))
		return false;
	if (level >= threshold) {
		crossed = !st->above[dir];
		st->above[dir] = true;
	} else {
		st->above[dir] = false;
	}
	return crossed;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_level_track);

/**
 * audmod_level_reset() - forget the peak and re-arm the threshold
 * @st: meter state
 *
 * Any context; the caller serialises calls on @st.
 */
void audmod_level_reset(struct audmod_level_state *st)
{
	unsigned int i;

	st->peak_hold = 0;
	for (i = 0; i < AUDMOD_LEVEL_DIRECTIONS; i++)
		st->above[i] = false;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_level_reset);

static void audmod_level_meter_reset(void *state)
{
	audmod_level_reset(state);
}

/*
 * Switching the meter on (to 1) forgets the peak held so far and re-arms
 * it. The Peak parameter keeps its value until the next period reports
 * one, so that a write of the switch changes no other control: generic
 * clients (the kernel's mixer-test) take an event on another control
 * during a write for a spurious event of the written one.
 */
static u32 audmod_level_meter_changed(void *state, u64 *values,
				      unsigned int param)
{
	if (param == AUDMOD_LEVEL_SWITCH && values[AUDMOD_LEVEL_SWITCH])
		audmod_level_reset(state);
	return 0;
}

/*
 * A new peak updates the Peak parameter; a crossing fills the rest of a
 * struct audmod_level_notification.
 */
static u32 audmod_level_meter_period(void *state, u64 *values,
				     unsigned int dir, u32 level, void *note,
				     u32 note_max, u32 *note_bytes)
{
	struct audmod_level_state *st = state;
	u32 threshold = values[AUDMOD_LEVEL_THRESHOLD];
	struct {
		__le32 type, parameter_id, level, threshold;
	} body;
	bool crossed, peak_changed;

	crossed = audmod_level_track(st, dir, level, threshold, &peak_changed);
	/* After a re-arm the new peak may equal the old value: no event. */
	if (peak_changed && values[AUDMOD_LEVEL_PEAK] == st->peak_hold)
		peak_changed = false;
	if (peak_changed)
		values[AUDMOD_LEVEL_PEAK] = st->peak_hold;
	if (crossed && note_max >= sizeof(body)) {
		body.type = cpu_to_le32(AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD);
		body.parameter_id = cpu_to_le32(AUDMOD_LEVEL_PEAK);
		body.level = cpu_to_le32(level);
		body.threshold = cpu_to_le32(threshold);
		memcpy(note, &body, sizeof(body));
		*note_bytes = sizeof(body);
	}
	return peak_changed ? BIT(AUDMOD_LEVEL_PEAK) : 0;
}

/*
 * Paused (nobody reads it): the peak held and the Peak parameter go back
 * to 0, so that the first read after the pause gets 0, "nothing measured
 * since", and the next measured period the level of the audio it reads.
 */
static u32 audmod_level_meter_pause(void *state, u64 *values)
{
	audmod_level_reset(state);
	if (!values[AUDMOD_LEVEL_PEAK])
		return 0;
	values[AUDMOD_LEVEL_PEAK] = 0;
	return BIT(AUDMOD_LEVEL_PEAK);
}

/* The level meter as the modules layer sees it. */
const struct audmod_module_ops audmod_level_meter_ops = {
	.reset = audmod_level_meter_reset,
	.changed = audmod_level_meter_changed,
	.period = audmod_level_meter_period,
	.pause = audmod_level_meter_pause,
	.wants_level = AUDMOD_LEVEL_SWITCH,
	.read_param = AUDMOD_LEVEL_PEAK,
};
