// SPDX-License-Identifier: GPL-2.0
/*
 * pcmpace: stream on a PCM and measure the engine's rate on the PCM's own
 * clock, then judge it against the nominal rate in both directions.
 *
 *   pcmpace play|record DEVICE RATE CHANNELS BITS SECONDS [mmap] [expect=HZ]
 *
 * Meant for a guest under QEMU -icount (the pacing leg, scripts/e2e.sh):
 * there the guest's clock follows the instructions it runs, so the host's
 * load cannot enter the measurement, and what is measured is the engine's
 * own arithmetic.
 *
 * After every wake-up the tool reads the stream's status, in which ALSA
 * pairs the hardware position with the monotonic time it was first seen
 * there (timestamps enabled: the period-elapsed report that moved it).
 * Frames the engine has played are frames written minus the delay; frames
 * it has captured, frames read plus those waiting to be read. The pointer
 * moves in whole periods (SNDRV_PCM_INFO_BATCH), so only a status that saw
 * the position move is a period boundary, and every boundary is kept.
 *
 * A boundary's time is when the period was reported, which is when it was
 * due plus the time the transfer took and any wait for the CPU: a moment
 * of the guest's own (a burst of console output, another task) makes one
 * report late without changing the engine's clock, which does not drift
 * (dma_engine.c). The rate is therefore the median of the slopes between
 * pairs of boundaries at least half the run apart: one late boundary moves
 * no median, a clock that runs fast or slow moves every slope. An underrun
 * (or overrun) restarts the stream and its positions: the next run is
 * measured the same way and its pairs join the others, so the whole stream
 * is judged, not only the part before the underrun.
 *
 * The verdict: the measured rate is within 0.1 % of expect (RATE unless
 * given; a different expect lets a check show that the judge rejects an
 * engine that is slow, or fast, by more than that).
 *
 * Prints the figures on one line; exits 0 when the rate matches, 1 when it
 * does not (or when too little of the stream was seen to measure it, or it
 * stopped making progress), 2 on bad arguments or ALSA errors.
 */
#include <alsa/asoundlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The tolerance on the measured rate, both ways: 0.1 %. */
#define RATE_TOLERANCE	0.001

/* A period boundary: the position, its time, and the run it belongs to. */
struct boundary {
	long pos;
	double t;
	int run;
};

/* Every boundary seen, in order. */
struct boundaries {
	struct boundary *b;
	size_t n, cap;
	long pos;	/* the last position seen in the current run, or -1 */
	int run;
};

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
		 unsigned int bits, unsigned long phase, unsigned int rate)
{
	unsigned long i;
	unsigned int c;

	for (i = 0; i < frames; i++, phase++) {
		double v = 0.25 * sin(2 * M_PI * 440.0 * phase / rate);

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

/* Record a status sample: a moved position is a period boundary. */
static int sample(struct boundaries *bs, long pos, double t)
{
	if (pos <= bs->pos)
		return 0;
	bs->pos = pos;
	if (bs->n == bs->cap) {
		size_t cap = bs->cap ? 2 * bs->cap : 256;
		struct boundary *b = realloc(bs->b, cap * sizeof(*b));

		if (!b)
			return -ENOMEM;
		bs->b = b;
		bs->cap = cap;
	}
	bs->b[bs->n++] = (struct boundary){ .pos = pos, .t = t, .run = bs->run };
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The rate: the median slope, in frames per second, of the pairs of
 * boundaries of one run that lie at least half that run apart. Adds the
 * time and frames the runs cover to *@secs and *@frames. 0 if no pair.
 */
static double measure(const struct boundaries *bs, double *frames, double *secs)
{
	size_t first, last, i, j, n = 0, cap = 0;
	double *slopes = NULL, rate = 0;

	for (first = 0; first < bs->n; first = last + 1) {
		for (last = first; last + 1 < bs->n &&
		     bs->b[last + 1].run == bs->b[first].run; last++)
			;
		if (last == first)
			continue;
		*frames += bs->b[last].pos - bs->b[first].pos;
		*secs += bs->b[last].t - bs->b[first].t;
		for (i = first; i <= last; i++) {
			for (j = i + (last - first + 1) / 2; j <= last; j++) {
				if (j == i || bs->b[j].t <= bs->b[i].t)
					continue;
				if (n == cap) {
					double *s;

					cap = cap ? 2 * cap : 1024;
					s = realloc(slopes, cap * sizeof(*s));
					if (!s) {
						free(slopes);
						return 0;
					}
					slopes = s;
				}
				slopes[n++] = (bs->b[j].pos - bs->b[i].pos) /
					      (bs->b[j].t - bs->b[i].t);
			}
		}
	}
	if (n) {
		qsort(slopes, n, sizeof(*slopes), cmp_double);
		rate = n % 2 ? slopes[n / 2] : (slopes[n / 2 - 1] + slopes[n / 2]) / 2;
	}
	free(slopes);
	return rate;
}

/*
 * How far the boundaries stray from a clock at @rate: the spread, in
 * seconds, of their times less their positions' due times.
 */
static double spread(const struct boundaries *bs, double rate)
{
	double lo = 0, hi = 0, d, origin = 0;
	size_t i;

	for (i = 0; i < bs->n && rate > 0; i++) {
		if (!i || bs->b[i].run != bs->b[i - 1].run)
			origin = bs->b[i].t - bs->b[i].pos / rate;
		d = bs->b[i].t - bs->b[i].pos / rate - origin;
		if (d < lo)
			lo = d;
		if (d > hi)
			hi = d;
	}
	return hi - lo;
}

static int setup(snd_pcm_t *pcm, int mmap, unsigned int bits,
		 unsigned int channels, unsigned int rate, int playback,
		 snd_pcm_uframes_t *period, snd_pcm_uframes_t *buffer)
{
	snd_pcm_sw_params_t *sw;
	snd_pcm_hw_params_t *hw;
	unsigned int us;
	int err;

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
	us = 500000;
	if (!err)
		err = snd_pcm_hw_params_set_buffer_time_near(pcm, hw, &us, NULL);
	us = 125000;
	if (!err)
		err = snd_pcm_hw_params_set_period_time_near(pcm, hw, &us, NULL);
	if (!err)
		err = snd_pcm_hw_params(pcm, hw);
	if (err < 0)
		return fail("hw_params", err);
	snd_pcm_hw_params_get_period_size(hw, period, NULL);
	snd_pcm_hw_params_get_buffer_size(hw, buffer);

	snd_pcm_sw_params_alloca(&sw);
	snd_pcm_sw_params_current(pcm, sw);
	err = snd_pcm_sw_params_set_tstamp_mode(pcm, sw, SND_PCM_TSTAMP_ENABLE);
	if (!err)
		err = snd_pcm_sw_params_set_tstamp_type(pcm, sw,
							SND_PCM_TSTAMP_TYPE_MONOTONIC);
	/* Playback starts with a full buffer; capture by snd_pcm_start(). */
	if (!err)
		err = snd_pcm_sw_params_set_start_threshold(pcm, sw,
							    playback ? *buffer : *buffer * 2);
	if (!err)
		err = snd_pcm_sw_params(pcm, sw);
	if (err < 0)
		return fail("sw_params", err);
	return 0;
}

int main(int argc, char **argv)
{
	snd_pcm_uframes_t period = 0, buffer = 0;
	unsigned int rate, channels, bits;
	unsigned long total, done = 0, phase = 0, seg = 0;
	double secs, expect, frames = 0, span = 0, measured, err_rel, progress;
	struct boundaries bs = { .pos = -1 };
	int playback, mmap = 0, err, xruns = 0, i;
	snd_pcm_status_t *st;
	snd_pcm_t *pcm;
	void *buf;

	if (argc < 7 || argc > 9 ||
	    (strcmp(argv[1], "play") && strcmp(argv[1], "record"))) {
		fprintf(stderr, "usage: pcmpace play|record DEVICE RATE CHANNELS BITS SECONDS [mmap] [expect=HZ]\n");
		return 2;
	}
	playback = !strcmp(argv[1], "play");
	rate = strtoul(argv[3], NULL, 0);
	channels = strtoul(argv[4], NULL, 0);
	bits = strtoul(argv[5], NULL, 0);
	secs = strtod(argv[6], NULL);
	expect = rate;
	for (i = 7; i < argc; i++) {
		if (!strcmp(argv[i], "mmap"))
			mmap = 1;
		else if (!strncmp(argv[i], "expect=", 7))
			expect = strtod(argv[i] + 7, NULL);
		else
			expect = 0;
	}
	if (!rate || !channels || (bits != 16 && bits != 32) || secs <= 0 ||
	    secs > 60 || expect <= 0) {
		fprintf(stderr, "pcmpace: bad arguments\n");
		return 2;
	}
	total = (unsigned long)(secs * rate);

	err = snd_pcm_open(&pcm, argv[2], playback ? SND_PCM_STREAM_PLAYBACK :
			   SND_PCM_STREAM_CAPTURE, SND_PCM_NONBLOCK);
	if (err < 0)
		return fail("open", err);
	err = setup(pcm, mmap, bits, channels, rate, playback, &period, &buffer);
	if (err)
		return err;
	buf = malloc(period * channels * bits / 8);
	snd_pcm_status_alloca(&st);
	if (!buf)
		return 2;
	if (!playback) {
		err = snd_pcm_start(pcm);
		if (err < 0)
			return fail("start", err);
	}

	progress = now_s();
	for (;;) {
		snd_pcm_sframes_t n = 0;
		snd_pcm_state_t state;
		long pos;

		if (done < total) {
			unsigned long want = total - done < period ? total - done : period;

			if (playback) {
				fill(buf, want, channels, bits, phase, rate);
				n = mmap ? snd_pcm_mmap_writei(pcm, buf, want) :
					   snd_pcm_writei(pcm, buf, want);
			} else {
				n = mmap ? snd_pcm_mmap_readi(pcm, buf, want) :
					   snd_pcm_readi(pcm, buf, want);
			}
			if (n == -EAGAIN) {
				n = 0;
			} else if (n < 0) {
				/*
				 * An xrun ends this run of the stream: restart,
				 * and measure the next one.
				 */
				bs.run++;
				bs.pos = -1;
				seg = 0;
				xruns++;
				n = snd_pcm_recover(pcm, n, 1);
				if (n < 0)
					return fail(playback ? "write" : "read", n);
				if (!playback) {
					err = snd_pcm_start(pcm);
					if (err < 0)
						return fail("start", err);
				}
				continue;
			}
			phase += n;
			done += n;
			seg += n;
			if (playback && done == total) {
				err = snd_pcm_drain(pcm);
				if (err < 0 && err != -EAGAIN)
					return fail("drain", err);
			}
		}

		err = snd_pcm_status(pcm, st);
		if (err < 0)
			return fail("status", err);
		state = snd_pcm_status_get_state(st);
		if (state == SND_PCM_STATE_RUNNING || state == SND_PCM_STATE_DRAINING) {
			snd_htimestamp_t t;

			snd_pcm_status_get_htstamp(st, &t);
			pos = playback ? (long)seg - snd_pcm_status_get_delay(st) :
					 (long)seg + snd_pcm_status_get_delay(st);
			if (getenv("PCMPACE_DEBUG"))
				printf("state %d t %.6f pos %ld\n", state, ts_s(&t), pos);
			/*
			 * A status that saw the drain end inside its own
			 * pointer update carries no timestamp: skip it.
			 */
			if (ts_s(&t) > 0) {
				if (pos > bs.pos || n > 0)
					progress = now_s();
				if (sample(&bs, pos, ts_s(&t)))
					return fail("boundaries", -ENOMEM);
			}
		}
		if (playback ? done == total && state != SND_PCM_STATE_RUNNING &&
			       state != SND_PCM_STATE_DRAINING :
			       done == total)
			break;
		/*
		 * A backstop, not a verdict (a slow engine fails on its rate):
		 * no position moved for four times the clip on the guest's
		 * clock means the stream stalled.
		 */
		if (now_s() - progress > 4 * secs) {
			printf("stalled: %lu of %lu frames %s, position %ld\n", done, total,
			       playback ? "written" : "read", bs.pos);
			return 1;
		}
		if (done < total) {
			snd_pcm_wait(pcm, 1000 * period / rate + 1);
		} else {
			/* Draining: poll the position, a millisecond apart. */
			struct timespec ms = { .tv_nsec = 1000000 };

			nanosleep(&ms, NULL);
		}
	}
	if (playback && snd_pcm_status_get_state(st) != SND_PCM_STATE_SETUP) {
		printf("the drain ended in state %s, not SETUP\n",
		       snd_pcm_state_name(snd_pcm_status_get_state(st)));
		return 1;
	}
	snd_pcm_close(pcm);
	free(buf);

	measured = measure(&bs, &frames, &span);
	err_rel = measured / expect - 1;
	printf("%s %lu frames at %u Hz, %u ch, S%u_LE%s, period %lu, buffer %lu: "
	       "measured %.3f frames/s over %.3f s (%.0f frames, %zu boundaries, "
	       "spread %.2f ms), nominal %.0f, error %+.1f ppm, %d xrun(s)\n",
	       playback ? "playback" : "capture", total, rate, channels, bits,
	       mmap ? " (mmap)" : "", (unsigned long)period, (unsigned long)buffer,
	       measured, span, frames, bs.n, spread(&bs, measured) * 1e3, expect,
	       err_rel * 1e6, xruns);
	free(bs.b);
	/* At least three quarters of the stream between boundaries. */
	if (!measured || span < 0.75 * secs) {
		printf("too little of the stream measured: %.3f of %.3f s\n", span, secs);
		return 1;
	}
	if (fabs(err_rel) > RATE_TOLERANCE) {
		printf("the engine runs %s: off by more than 0.1 %%\n",
		       err_rel > 0 ? "fast" : "slow");
		return 1;
	}
	return 0;
}
