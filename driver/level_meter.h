/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The level meter module: reads every played and captured sample, keeps the
 * peak and notifies when a period's level crosses the threshold.
 */
#ifndef AUDMOD_LEVEL_METER_H
#define AUDMOD_LEVEL_METER_H

#include <linux/types.h>

struct audmod_modules;

/**
 * struct audmod_level_state - what the meter remembers between periods
 * @peak_hold: highest level since the last reset (0 to 32768)
 * @above: the last period's level was at or over the threshold; the next
 *	crossing is reported only after a period below it
 */
struct audmod_level_state {
	u32 peak_hold;
	bool above;
};

u32 audmod_level_block_peak(const void *data, unsigned int bytes,
			    unsigned int sample_bits);
bool audmod_level_track(struct audmod_level_state *st, u32 level,
			u32 threshold, bool *peak_changed);
void audmod_level_reset(struct audmod_level_state *st);
void audmod_level_meter_feed(struct audmod_modules *m, const void *data,
			     unsigned int bytes, unsigned int sample_bits);

#endif /* AUDMOD_LEVEL_METER_H */
