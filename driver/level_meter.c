// SPDX-License-Identifier: GPL-2.0
/*
 * The level meter module. The PCM hands it every period it releases, played
 * or captured (audmod_codec_process(), from the hrtimer softirq); it takes
 * the period's highest |sample| on a 16-bit scale, keeps the peak since it
 * was switched on and sends a notification from NonPagedPoolNx, in that
 * atomic context, when a period reaches the threshold after one below it.
 */
#include <linux/export.h>
#include <linux/kernel.h>

#include <audmod/notify.h>

#include "audio_modules.h"
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
	const u8 *p = data;
	u32 peak = 0, level;
	unsigned int i;
	s32 s;

	switch (sample_bits) {
	case 16:
		for (i = 0; i + 2 <= bytes; i += 2) {
			s = (s16)(p[i] | p[i + 1] << 8);
			level = s < 0 ? -s : s;
			peak = max(peak, level);
		}
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
EXPORT_SYMBOL_NS_GPL(audmod_level_block_peak, AUDMOD);

/**
 * audmod_level_track() - account one period's level
 * @st: meter state
 * @level: the period's highest level
 * @threshold: the threshold parameter
 * @peak_changed: set to whether @st's peak rose
 *
 * A crossing is a period at or over @threshold after a period below it (or
 * after a reset): one notification per excursion over the threshold, not
 * one per period. Any context; the caller serialises calls on @st.
 *
 * Return: true if this period crossed the threshold.
 */
bool audmod_level_track(struct audmod_level_state *st, u32 level,
			u32 threshold, bool *peak_changed)
{
	bool crossed = false;

	*peak_changed = level > st->peak_hold;
	if (*peak_changed)
		st->peak_hold = level;
	if (level >= threshold) {
		crossed = !st->above;
		st->above = true;
	} else {
		st->above = false;
	}
	return crossed;
}
EXPORT_SYMBOL_NS_GPL(audmod_level_track, AUDMOD);

/**
 * audmod_level_reset() - forget the peak and re-arm the threshold
 * @st: meter state
 *
 * Any context; the caller serialises calls on @st.
 */
void audmod_level_reset(struct audmod_level_state *st)
{
	st->peak_hold = 0;
	st->above = false;
}
EXPORT_SYMBOL_NS_GPL(audmod_level_reset, AUDMOD);

/**
 * audmod_level_meter_feed() - the meter's view of one released period
 * @m: the modules
 * @data: the period's samples
 * @bytes: size of @data
 * @sample_bits: 16 or 32
 *
 * Does nothing while the meter is switched off or for an empty period.
 * Reports a new peak through &audmod_modules_ops.param_changed and a
 * crossing with an %AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD notification.
 * Any context but hard IRQ (the host's callback need not be IRQ-safe).
 */
void audmod_level_meter_feed(struct audmod_modules *m, const void *data,
			     unsigned int bytes, unsigned int sample_bits)
{
	u64 *v = m->values[AUDMOD_MOD_LEVEL];
	struct audmod_level_notification n;
	bool crossed, peak_changed;
	unsigned long flags;
	u32 level, threshold;

	if (bytes < sample_bits / 8 || (sample_bits != 16 && sample_bits != 32))
		return;
	level = audmod_level_block_peak(data, bytes, sample_bits);

	spin_lock_irqsave(&m->lock, flags);
	if (!v[AUDMOD_LEVEL_SWITCH]) {
		spin_unlock_irqrestore(&m->lock, flags);
		return;
	}
	threshold = v[AUDMOD_LEVEL_THRESHOLD];
	crossed = audmod_level_track(&m->meter, level, threshold, &peak_changed);
	if (peak_changed)
		v[AUDMOD_LEVEL_PEAK] = m->meter.peak_hold;
	spin_unlock_irqrestore(&m->lock, flags);

	if (peak_changed && m->ops && m->ops->param_changed)
		m->ops->param_changed(m->ctx, AUDMOD_MOD_LEVEL, AUDMOD_LEVEL_PEAK);
	if (!crossed)
		return;
	audmod_modules_fill_header(m, AUDMOD_MOD_LEVEL, &n.base.header);
	n.base.type = cpu_to_le32(AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD);
	n.base.parameter_id = cpu_to_le32(AUDMOD_LEVEL_PEAK);
	n.level = cpu_to_le32(level);
	n.threshold = cpu_to_le32(threshold);
	audmod_modules_notify(m, AUDMOD_MOD_LEVEL, AUDMOD_NON_PAGED_POOL_NX,
			      &n, sizeof(n));
}
EXPORT_SYMBOL_NS_GPL(audmod_level_meter_feed, AUDMOD);
