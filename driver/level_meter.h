/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The level meter module: reads every played and captured sample, keeps the
 * peak and notifies when a period's level crosses the threshold. A leaf:
 * the modules layer calls it through &audmod_level_meter_ops.
 */
#ifndef AUDMOD_LEVEL_METER_H
#define AUDMOD_LEVEL_METER_H

#include <linux/types.h>

#include "module_ops.h"

/* Directions the meter tracks apart: SNDRV_PCM_STREAM_PLAYBACK, _CAPTURE. */
#define AUDMOD_LEVEL_DIRECTIONS	2

/**
 * struct audmod_level_state - what the meter remembers between periods
 * @peak_hold: highest level since the last reset (0 to 32768), both
 *	directions (the one "Peak" parameter)
 * @above: per direction, the last period's level was at or over the
 *	threshold; the next crossing in that direction is reported only after
 *	a period below it. Apart so that a loud stream in one direction does
 *	not make every period of the other a new crossing.
 */
struct audmod_level_state {
	u32 peak_hold;
	bool above[AUDMOD_LEVEL_DIRECTIONS];
};

u32 audmod_level_block_peak(const void *data, unsigned int bytes,
			    unsigned int sample_bits);
bool audmod_level_track(struct audmod_level_state *st, unsigned int dir,
			u32 level, u32 threshold, bool *peak_changed);
void audmod_level_reset(struct audmod_level_state *st);

extern const struct audmod_module_ops audmod_level_meter_ops;

#endif /* AUDMOD_LEVEL_METER_H */
