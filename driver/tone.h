/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sine test-signal generator for the capture stream, in integer arithmetic
 * (no FPU in the kernel), phase-continuous across periods.
 */
#ifndef AUDMOD_TONE_H
#define AUDMOD_TONE_H

#include <linux/types.h>
#include <sound/pcm.h>

/* Limits of the generator's parameters. */
#define AUDMOD_TONE_DBFS_MIN	(-120)
#define AUDMOD_TONE_HZ_MAX	96000

/**
 * struct audmod_tone - state of one sine generator
 * @phase: current phase, in units of 2 * pi / AUDMOD_TONE_TWOPI.
 * @step: whole phase units per frame.
 * @step_rem: remainder of the step, in units of 1 / @rate phase unit.
 * @rem_acc: accumulated remainder, below @rate.
 * @rate: frames per second.
 * @amplitude: peak value, Q31 (0x7fffffff is full scale).
 */
struct audmod_tone {
	u32 phase;
	u32 step;
	u32 step_rem;
	u32 rem_acc;
	u32 rate;
	s32 amplitude;
};

s32 audmod_tone_dbfs_to_q31(int dbfs);
int audmod_tone_init(struct audmod_tone *t, u32 hz, u32 rate, int dbfs);
int audmod_tone_init_default(struct audmod_tone *t, u32 rate);
void audmod_tone_fill(struct audmod_tone *t, void *buf, u32 frames,
		      u32 channels, snd_pcm_format_t format);

#endif /* AUDMOD_TONE_H */
