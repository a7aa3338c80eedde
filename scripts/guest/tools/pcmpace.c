// SPDX-License-Identifier: GPL-2.0
/*
 * pcmpace: play a sine on a PCM and judge its pacing on the PCM's own clock.
 *
 *   pcmpace DEVICE RATE CHANNELS BITS SECONDS [mmap]
 *
 * Wall time cannot judge pacing in a guest under TCG: a busy host delays
 * the guest, and with it the player, by any amount. What a busy host cannot
 * do is make a correct engine report frames it has not played. After every
 * write this tool reads the status of the stream, in which ALSA pairs the
 * hardware position with the monotonic time it read it at (timestamps
 * enabled), and the time of the trigger. The engine's lead over real time is
 *
 *   frames played / rate - (status time - trigger time)
 *
 * with frames played = frames written - delay. A correct engine never leads
 * (its pointer interpolates inside the current period and stops at the
 * period's end until the period completes); an engine that runs fast leads
 * by more with every period. A stall (a stream that stops advancing) is a
 * stream that makes no progress at all: the tool gives up after four times
 * the clip's length without a frame written or played, and the drain must
 * end with every frame played.
 *
 * Prints one summary line; exits 0 when the pacing is right, 1 otherwise,
 * 2 on bad arguments or ALSA errors, 3 when an underrun (the player
 * starved by a busy host) came before enough of the stream was seen to
 * judge it: the caller measures again.
 */
#include <alsa/asoundlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Lead over real time that counts as running fast (1 % fast leads by 20 ms after 2 s). */
#define LEAD_LIMIT_S	0.002

static double ts_s(const snd_htimestamp_t *t)
{
	return t->tv_sec + t->tv_nsec / 1e9;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void fill(void *buf, unsigned long frames, unsigned int channels,
		 unsigned int bits, unsigned long *phase, unsigned int rate)
{
	unsigned long i;
	unsigned int c;

	for (i = 0; i < frames; i++, (*phase)++) {
		double v = 0.25 * sin(2 * M_PI * 440.0 * *phase / rate);

		for (c = 0; c < channels; c++) {
			if (bits == 16)
				((int16_t *)buf)[i * channels + c] = (int16_t)(v * 32767);
			else
				((int32_t *)buf)[i * channels + c] = (int32_t)(v * 2147483647.0);
		}
	}
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "pcmpace: %s: %s\n", what, snd_strerror(err));
	return 2;
}

int main(int argc, char **argv)
{
	snd_pcm_uframes_t period = 0, buffer = 0;
	unsigned int rate, channels, bits;
	snd_pcm_sw_params_t *sw;
	snd_pcm_hw_params_t *hw;
	snd_pcm_status_t *st;
	double secs, maxlead = -1e9, last_progress;
	unsigned long total, written = 0, phase = 0, samples = 0;
	long played_max = 0;
	snd_pcm_t *pcm;
	int mmap, err, fast = 0, restarted = 0;
	void *buf;

	if (argc < 6 || argc > 7) {
		fprintf(stderr, "usage: pcmpace DEVICE RATE CHANNELS BITS SECONDS [mmap]\n");
		return 2;
	}
	rate = strtoul(argv[2], NULL, 0);
	channels = strtoul(argv[3], NULL, 0);
	bits = strtoul(argv[4], NULL, 0);
	secs = strtod(argv[5], NULL);
	mmap = argc == 7 && !strcmp(argv[6], "mmap");
	if (!rate || !channels || (bits != 16 && bits != 32) || secs <= 0) {
		fprintf(stderr, "pcmpace: bad arguments\n");
		return 2;
	}
	total = (unsigned long)(secs * rate);

	err = snd_pcm_open(&pcm, argv[1], SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
	if (err < 0)
		return fail("open", err);
	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_hw_params_any(pcm, hw);
	err = snd_pcm_hw_params_set_access(pcm, hw, mmap ?
					   SND_PCM_ACCESS_MMAP_INTERLEAVED :
					   SND_PCM_ACCESS_RW_INTERLEAVED);
	if (!err)
		err = snd_pcm_hw_params_set_format(pcm, hw, bits == 16 ?
						   SND_PCM_FORMAT_S16_LE :
						   SND_PCM_FORMAT_S32_LE);
	if (!err)
		err = snd_pcm_hw_params_set_channels(pcm, hw, channels);
	if (!err)
		err = snd_pcm_hw_params_set_rate(pcm, hw, rate, 0);
	/* aplay's defaults: a buffer of 500 ms in four periods. */
	if (!err) {
		unsigned int us = 500000;

		err = snd_pcm_hw_params_set_buffer_time_near(pcm, hw, &us, NULL);
	}
	if (!err) {
		unsigned int us = 125000;

		err = snd_pcm_hw_params_set_period_time_near(pcm, hw, &us, NULL);
	}
	if (!err)
		err = snd_pcm_hw_params(pcm, hw);
	if (err < 0)
		return fail("hw_params", err);
	snd_pcm_hw_params_get_period_size(hw, &period, NULL);
	snd_pcm_hw_params_get_buffer_size(hw, &buffer);

	snd_pcm_sw_params_alloca(&sw);
	snd_pcm_sw_params_current(pcm, sw);
	err = snd_pcm_sw_params_set_tstamp_mode(pcm, sw, SND_PCM_TSTAMP_ENABLE);
	if (!err)
		err = snd_pcm_sw_params_set_tstamp_type(pcm, sw,
							SND_PCM_TSTAMP_TYPE_MONOTONIC);
	if (!err)
		err = snd_pcm_sw_params_set_start_threshold(pcm, sw, buffer);
	if (!err)
		err = snd_pcm_sw_params(pcm, sw);
	if (err < 0)
		return fail("sw_params", err);

	buf = malloc(period * channels * bits / 8);
	snd_pcm_status_alloca(&st);
	if (!buf)
		return 2;

	last_progress = now_s();
	for (;;) {
		snd_pcm_state_t state;
		snd_pcm_sframes_t w = 0;

		if (written < total) {
			unsigned long n = total - written < period ? total - written : period;

			fill(buf, n, channels, bits, &phase, rate);
			phase -= n;	/* advanced only by what was taken */
			w = mmap ? snd_pcm_mmap_writei(pcm, buf, n) :
				   snd_pcm_writei(pcm, buf, n);
			if (w == -EAGAIN) {
				w = 0;
			} else if (w < 0) {
				/*
				 * An underrun is the player's (or the host's)
				 * fault, not the engine's. The restart resets the
				 * positions that the lead is computed from, so
				 * only the run before it is judged.
				 */
				w = snd_pcm_recover(pcm, w, 1);
				if (w < 0)
					return fail("write", w);
				restarted = 1;
				last_progress = now_s();
				continue;
			}
			phase += w;
			written += w;
			if (written == total) {
				err = snd_pcm_drain(pcm);
				if (err < 0 && err != -EAGAIN)
					return fail("drain", err);
			}
		}

		err = snd_pcm_status(pcm, st);
		if (err < 0)
			return fail("status", err);
		state = snd_pcm_status_get_state(st);
		if (written == total && state != SND_PCM_STATE_RUNNING &&
		    state != SND_PCM_STATE_DRAINING)
			break;
		if (state == SND_PCM_STATE_RUNNING || state == SND_PCM_STATE_DRAINING) {
			snd_htimestamp_t t, trig;
			long played = (long)written - snd_pcm_status_get_delay(st);
			double lead;

			snd_pcm_status_get_htstamp(st, &t);
			snd_pcm_status_get_trigger_htstamp(st, &trig);
			lead = (double)played / rate - (ts_s(&t) - ts_s(&trig));
			if (played > played_max || w > 0)
				last_progress = now_s();
			if (played > played_max)
				played_max = played;
			/*
			 * A status that saw the drain end inside its own
			 * pointer update carries no timestamp: skip it.
			 */
			if (ts_s(&t) <= ts_s(&trig))
				goto next;
			if (getenv("PCMPACE_DEBUG"))
				printf("state %d t %.6f trig %.6f written %lu delay %ld lead %.6f\n",
				       state, ts_s(&t), ts_s(&trig), written,
				       (long)snd_pcm_status_get_delay(st), lead);
			if (!restarted) {
				if (lead > maxlead)
					maxlead = lead;
				if (lead > LEAD_LIMIT_S)
					fast = 1;
				samples++;
			}
		} else if (w > 0) {
			last_progress = now_s();
		}
		if (now_s() - last_progress > 4 * secs) {
			printf("stalled: %lu of %lu frames written, %ld played, no progress for %.1f s\n",
			       written, total, played_max, 4 * secs);
			return 1;
		}
next:
		snd_pcm_wait(pcm, 20);
	}
	if (snd_pcm_status_get_state(st) != SND_PCM_STATE_SETUP) {
		printf("the drain ended in state %s, not SETUP\n",
		       snd_pcm_state_name(snd_pcm_status_get_state(st)));
		return 1;
	}
	snd_pcm_close(pcm);
	free(buf);

	printf("%lu frames at %u Hz, %u ch, S%u_LE%s, period %lu, buffer %lu: "
	       "%lu status samples, largest lead over real time %.4f s%s\n",
	       total, rate, channels, bits, mmap ? " (mmap)" : "",
	       (unsigned long)period, (unsigned long)buffer, samples, maxlead,
	       restarted ? " (underrun: judged up to it)" : "");
	if (samples < 3) {
		/*
		 * Starved before it could be judged (the host delayed the
		 * player into an underrun): inconclusive, not a verdict.
		 */
		printf("too few samples of a running stream%s\n",
		       restarted ? " before an underrun: inconclusive" : "");
		return restarted ? 3 : 1;
	}
	if (fast) {
		printf("the stream runs ahead of real time\n");
		return 1;
	}
	return 0;
}
