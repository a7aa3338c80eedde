// SPDX-License-Identifier: GPL-2.0
/*
 * wavcheck: measure a recorded sine in a PCM WAV file (S16_LE or S32_LE)
 * and check it against expectations.
 *   wavcheck FILE [--rate R] [--channels C] [--bits B] [--min-seconds S]
 *                 [--freq HZ [--freq-tol HZ]] [--dbfs L [--db-tol DB]]
 * Frequency: rising zero crossings, linearly interpolated, over the whole
 * file. Level: peak and RMS in dB full scale. Every channel is measured and
 * must match the others. Continuity: every interval between rising zero
 * crossings must be one cycle of the measured frequency, to within 2 % of a
 * cycle, across the whole file, so a dropped or repeated period shows as one
 * short or long cycle (unless the period happens to be a whole number of
 * cycles, which no tone the checks use is). Prints what it measured; exits
 * 1 if a check fails, 2 on bad usage or an unreadable file.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wav {
	unsigned int rate, channels, bits;
	unsigned long frames;
	unsigned char *data;
};

struct measure {
	double peak_dbfs, rms_dbfs, freq;
	double worst_cycle;	/* largest |interval - cycle|, in cycles */
	unsigned long worst_at;	/* frame where that interval ends */
};

static uint32_t get_le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static int read_wav(const char *path, struct wav *w)
{
	unsigned char *buf = NULL, *p, *end;
	size_t len = 0, cap = 0, n;
	int have_fmt = 0;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf) {
				fclose(f);
				return -1;
			}
		}
		n = fread(buf + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	fclose(f);
	if (len < 12 || memcmp(buf, "RIFF", 4) || memcmp(buf + 8, "WAVE", 4))
		goto bad;
	p = buf + 12;
	end = buf + len;
	while (end - p >= 8) {
		uint32_t size = get_le(p + 4, 4);
		unsigned char *body = p + 8;
		size_t avail = end - body;

		if (!memcmp(p, "fmt ", 4) && size >= 16 && avail >= 16) {
			if (get_le(body, 2) != 1)	/* WAVE_FORMAT_PCM */
				goto bad;
			w->channels = get_le(body + 2, 2);
			w->rate = get_le(body + 4, 4);
			w->bits = get_le(body + 14, 2);
			have_fmt = 1;
		} else if (!memcmp(p, "data", 4) && have_fmt) {
			/* A recorder may leave the size unset: trust the file. */
			if (size > avail)
				size = avail;
			if (!w->channels || (w->bits != 16 && w->bits != 32))
				goto bad;
			w->frames = size / (w->channels * (w->bits / 8));
			w->data = body;
			return 0;
		}
		if (size > avail)
			break;
		p = body + size + (size & 1);
	}
bad:
	fprintf(stderr, "%s: not a S16_LE/S32_LE PCM WAV file\n", path);
	free(buf);
	return -1;
}

static double sample_at(const struct wav *w, unsigned long frame,
			unsigned int ch)
{
	const unsigned char *p = w->data +
		(frame * w->channels + ch) * (w->bits / 8);

	if (w->bits == 16)
		return (int16_t)get_le(p, 2) / 32768.0;
	return (int32_t)get_le(p, 4) / 2147483648.0;
}

/*
 * Second pass: now that the mean cycle is known, each crossing interval is
 * compared with it. A mean over the whole file hides one bad interval; this
 * does not.
 */
static void continuity(const struct wav *w, unsigned int ch, struct measure *m)
{
	double cycle, prev = 0, last = -1;
	unsigned long i;

	m->worst_cycle = 0;
	m->worst_at = 0;
	if (m->freq <= 0)
		return;
	cycle = w->rate / m->freq;
	for (i = 0; i < w->frames; i++) {
		double x = sample_at(w, i, ch);

		if (i && prev < 0 && x >= 0) {
			double t = i - 1 + -prev / (x - prev);

			if (last >= 0 &&
			    fabs(t - last - cycle) / cycle > m->worst_cycle) {
				m->worst_cycle = fabs(t - last - cycle) / cycle;
				m->worst_at = i;
			}
			last = t;
		}
		prev = x;
	}
}

static void measure(const struct wav *w, unsigned int ch, struct measure *m)
{
	double peak = 0, sum = 0, prev = 0, first = -1, last = -1;
	unsigned long i, crossings = 0;

	for (i = 0; i < w->frames; i++) {
		double x = sample_at(w, i, ch);

		if (fabs(x) > peak)
			peak = fabs(x);
		sum += x * x;
		if (i && prev < 0 && x >= 0) {
			double t = i - 1 + -prev / (x - prev);

			if (first < 0)
				first = t;
			last = t;
			crossings++;
		}
		prev = x;
	}
	m->peak_dbfs = peak > 0 ? 20 * log10(peak) : -INFINITY;
	m->rms_dbfs = sum > 0 ? 10 * log10(sum / w->frames) : -INFINITY;
	m->freq = crossings >= 2 && last > first ?
		(crossings - 1) * (double)w->rate / (last - first) : 0;
	continuity(w, ch, m);
}

int main(int argc, char **argv)
{
	double want_freq = -1, freq_tol = -1, want_db = 1, db_tol = 0.5;
	double min_seconds = 0;
	long want_rate = -1, want_ch = -1, want_bits = -1;
	struct measure m0, m;
	struct wav w = { 0 };
	unsigned int ch;
	int i, fail = 0;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s FILE [--rate R] [--channels C] [--bits B] [--min-seconds S] [--freq HZ [--freq-tol HZ]] [--dbfs L [--db-tol DB]]\n",
			argv[0]);
		return 2;
	}
	for (i = 2; i + 1 < argc; i += 2) {
		const char *o = argv[i], *v = argv[i + 1];

		if (!strcmp(o, "--rate"))
			want_rate = strtol(v, NULL, 0);
		else if (!strcmp(o, "--channels"))
			want_ch = strtol(v, NULL, 0);
		else if (!strcmp(o, "--bits"))
			want_bits = strtol(v, NULL, 0);
		else if (!strcmp(o, "--min-seconds"))
			min_seconds = atof(v);
		else if (!strcmp(o, "--freq"))
			want_freq = atof(v);
		else if (!strcmp(o, "--freq-tol"))
			freq_tol = atof(v);
		else if (!strcmp(o, "--dbfs"))
			want_db = atof(v);
		else if (!strcmp(o, "--db-tol"))
			db_tol = atof(v);
		else
			break;
	}
	if (i != argc) {
		fprintf(stderr, "wavcheck: bad option %s\n", argv[i]);
		return 2;
	}
	if (read_wav(argv[1], &w))
		return 2;
	if (freq_tol < 0)
		freq_tol = want_freq / 100;

	measure(&w, 0, &m0);
	printf("%s: %u Hz, %u ch, %u bit, %.3f s; channel 0: %.2f Hz, peak %.2f dBFS, rms %.2f dBFS\n",
	       argv[1], w.rate, w.channels, w.bits, (double)w.frames / w.rate,
	       m0.freq, m0.peak_dbfs, m0.rms_dbfs);

	if (want_rate >= 0 && w.rate != want_rate) {
		printf("FAIL: rate %u, want %ld\n", w.rate, want_rate);
		fail = 1;
	}
	if (want_ch >= 0 && w.channels != want_ch) {
		printf("FAIL: %u channels, want %ld\n", w.channels, want_ch);
		fail = 1;
	}
	if (want_bits >= 0 && w.bits != want_bits) {
		printf("FAIL: %u bits, want %ld\n", w.bits, want_bits);
		fail = 1;
	}
	if ((double)w.frames / w.rate < min_seconds) {
		printf("FAIL: %.3f s, want at least %.3f s\n",
		       (double)w.frames / w.rate, min_seconds);
		fail = 1;
	}
	if (want_freq >= 0 && fabs(m0.freq - want_freq) > freq_tol) {
		printf("FAIL: frequency %.2f Hz, want %.2f +- %.2f Hz\n",
		       m0.freq, want_freq, freq_tol);
		fail = 1;
	}
	if (want_db <= 0 && !(fabs(m0.peak_dbfs - want_db) <= db_tol)) {
		printf("FAIL: peak %.2f dBFS, want %.2f +- %.2f dB\n",
		       m0.peak_dbfs, want_db, db_tol);
		fail = 1;
	}
	if (m0.freq > 0 && m0.worst_cycle > 0.02) {
		printf("FAIL: discontinuity at frame %lu: a cycle off by %.1f %%\n",
		       m0.worst_at, 100 * m0.worst_cycle);
		fail = 1;
	}
	for (ch = 1; ch < w.channels; ch++) {
		measure(&w, ch, &m);
		if (fabs(m.peak_dbfs - m0.peak_dbfs) > 0.01 ||
		    fabs(m.freq - m0.freq) > 0.01) {
			printf("FAIL: channel %u differs: %.2f Hz, peak %.2f dBFS\n",
			       ch, m.freq, m.peak_dbfs);
			fail = 1;
		}
	}
	if (!fail)
		printf("ok\n");
	return fail;
}
