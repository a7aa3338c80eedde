// SPDX-License-Identifier: GPL-2.0
/*
 * Sine test-signal generator. The phase advances by an exact rational step
 * per frame (whole units plus a remainder carried in units of 1/rate), so
 * the frequency is exact at every rate and the phase never drifts; the sine
 * comes from fixp_sin32_rad(), whose linear interpolation is within 4e-5 of
 * the true value (about -88 dB).
 *
 * A generator is owned by one user at a time; it has no lock.
 *
 * The module parameters tone_hz and tone_dbfs are the capture test signal
 * of every stream: audmod_tone_init_default() reads them (at prepare).
 */
#include <linux/bug.h>	/* fixp-arith.h needs it on 6.1 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fixp-arith.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <kunit/visibility.h>

#include "tone.h"

/*
 * Phase units per cycle: a multiple of 360 (fixp_sin32_rad() interpolates
 * between whole degrees) and below its limit of 1 << 18.
 */
#define AUDMOD_TONE_TWOPI	(360 * 720)

static unsigned int tone_hz = 1000;
static int tone_dbfs = -6;

static int audmod_param_set_tone_hz(const char *val,
				    const struct kernel_param *kp)
{
	unsigned int v;
	int err;

	err = kstrtouint(val, 0, &v);
	if (err)
		return err;
	if (v > AUDMOD_TONE_HZ_MAX)
		return -ERANGE;
	WRITE_ONCE(tone_hz, v);
	return 0;
}

static int audmod_param_set_tone_dbfs(const char *val,
				      const struct kernel_param *kp)
{
	int v, err;

	err = kstrtoint(val, 0, &v);
	if (err)
		return err;
	if (v > 0 || v < AUDMOD_TONE_DBFS_MIN)
		return -ERANGE;
	WRITE_ONCE(tone_dbfs, v);
	return 0;
}

static const struct kernel_param_ops audmod_tone_hz_ops = {
	.set = audmod_param_set_tone_hz,
	.get = param_get_uint,
};

static const struct kernel_param_ops audmod_tone_dbfs_ops = {
	.set = audmod_param_set_tone_dbfs,
	.get = param_get_int,
};

module_param_cb(tone_hz, &audmod_tone_hz_ops, &tone_hz, 0644);
MODULE_PARM_DESC(tone_hz,
		 "Capture test signal: sine frequency in Hz, 0 for silence (0-96000, default 1000; read at prepare)");
module_param_cb(tone_dbfs, &audmod_tone_dbfs_ops, &tone_dbfs, 0644);
MODULE_PARM_DESC(tone_dbfs,
		 "Capture test signal: peak level in dBFS (-120 to 0, default -6; read at prepare)");

/* 10^(-d/20) * S32_MAX for d = 0..19 dB, rounded. */
static const u32 audmod_tone_db_q31[20] = {
	2147483647, 1913946815, 1705806894, 1520301995,
	1354970579, 1207618800, 1076291388, 959245710,
	854928639, 761955951, 679093956, 605243126,
	539423503, 480761704, 428479319, 381882595,
	340353221, 303340128, 270352173, 240951628,
};

/**
 * audmod_tone_dbfs_to_q31() - peak amplitude of a level in dB full scale
 * @dbfs: level, AUDMOD_TONE_DBFS_MIN to 0; clamped to that range.
 *
 * Context: any.
 * Return: the amplitude in Q31 (0x7fffffff for 0 dBFS).
 */
s32 audmod_tone_dbfs_to_q31(int dbfs)
{
	u32 gain;
	int i;

	dbfs = -clamp(dbfs, AUDMOD_TONE_DBFS_MIN, 0);
	/* Each 20 dB is an exact factor of 10: one rounding in all. */
	gain = audmod_tone_db_q31[dbfs % 20];
	for (i = 0; i < dbfs / 20; i++)
		gain /= 10;
	return gain;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_tone_dbfs_to_q31);

/**
 * audmod_tone_init() - start a sine at phase 0
 * @t: generator.
 * @hz: frequency, below @rate / 2; 0 gives silence.
 * @rate: frames per second, 1 or more.
 * @dbfs: peak level in dB full scale, AUDMOD_TONE_DBFS_MIN to 0.
 *
 * Context: any.
 * Return: 0, or -EINVAL (and @t untouched) if @rate is 0, @hz is not below
 * @rate / 2, or @dbfs is out of range.
 */
int audmod_tone_init(struct audmod_tone *t, u32 hz, u32 rate, int dbfs)
{
	u32 rem;

	if (!rate || (u64)hz * 2 >= rate || dbfs > 0 ||
	    dbfs < AUDMOD_TONE_DBFS_MIN)
		return -EINVAL;
	t->phase = 0;
	t->step = div_u64_rem((u64)hz * AUDMOD_TONE_TWOPI, rate, &rem);
	t->step_rem = rem;
	t->rem_acc = 0;
	t->rate = rate;
	t->amplitude = hz ? audmod_tone_dbfs_to_q31(dbfs) : 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_tone_init);

/**
 * audmod_tone_init_default() - start the test signal of the module parameters
 * @t: generator.
 * @rate: frames per second, 1 or more.
 *
 * Context: any.
 * Return: 0, or -EINVAL if tone_hz is not below @rate / 2: @t is then
 * initialised to silence.
 */
int audmod_tone_init_default(struct audmod_tone *t, u32 rate)
{
	u32 hz = READ_ONCE(tone_hz);

	if (!audmod_tone_init(t, hz, rate, READ_ONCE(tone_dbfs)))
		return 0;
	audmod_tone_init(t, 0, rate ? rate : 1, 0);
	return -EINVAL;
}

static s32 audmod_tone_next(struct audmod_tone *t)
{
	s32 v = fixp_sin32_rad(t->phase, AUDMOD_TONE_TWOPI);

	t->phase += t->step;
	t->rem_acc += t->step_rem;
	if (t->rem_acc >= t->rate) {
		t->rem_acc -= t->rate;
		t->phase++;
	}
	if (t->phase >= AUDMOD_TONE_TWOPI)
		t->phase -= AUDMOD_TONE_TWOPI;
	return ((s64)v * t->amplitude) >> 31;
}

/**
 * audmod_tone_fill() - write the next frames of the sine
 * @t: generator, initialised by audmod_tone_init().
 * @buf: interleaved output, @frames * @channels samples.
 * @frames: frames to write.
 * @channels: channels per frame; each gets the same signal.
 * @format: SNDRV_PCM_FORMAT_S16_LE or SNDRV_PCM_FORMAT_S32_LE; for any
 *	other format nothing is written.
 *
 * Context: any.
 */
void audmod_tone_fill(struct audmod_tone *t, void *buf, u32 frames,
		      u32 channels, snd_pcm_format_t format)
{
	__le16 *p16 = buf;
	__le32 *p32 = buf;
	u32 f, c;
	s32 v;

	if (format != SNDRV_PCM_FORMAT_S16_LE &&
	    format != SNDRV_PCM_FORMAT_S32_LE)
		return;
	for (f = 0; f < frames; f++) {
		v = audmod_tone_next(t);
		for (c = 0; c < channels; c++) {
			if (format == SNDRV_PCM_FORMAT_S16_LE)
				*p16++ = cpu_to_le16(v >> 16);
			else
				*p32++ = cpu_to_le32(v);
		}
	}
}
EXPORT_SYMBOL_IF_KUNIT(audmod_tone_fill);
