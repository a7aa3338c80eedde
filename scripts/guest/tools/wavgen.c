// SPDX-License-Identifier: GPL-2.0
/*
 * wavgen: write a PCM WAV file holding a sine, the same on every channel.
 *   wavgen FILE RATE CHANNELS BITS SECONDS HZ DBFS
 * BITS is 16 or 32 (S16_LE / S32_LE); DBFS is the peak level (<= 0).
 * Used by the end-to-end checks and the demo to feed aplay.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static int write_header(FILE *f, uint32_t rate, uint16_t channels,
			uint16_t bits, uint32_t data_bytes)
{
	unsigned char h[44];
	uint16_t block = channels * (bits / 8);

	memcpy(h, "RIFF", 4);
	put_le(h + 4, 36 + data_bytes, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);		/* fmt chunk size */
	put_le(h + 20, 1, 2);		/* WAVE_FORMAT_PCM */
	put_le(h + 22, channels, 2);
	put_le(h + 24, rate, 4);
	put_le(h + 28, rate * block, 4);
	put_le(h + 32, block, 2);
	put_le(h + 34, bits, 2);
	memcpy(h + 36, "data", 4);
	put_le(h + 40, data_bytes, 4);
	return fwrite(h, sizeof(h), 1, f) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long rate, channels, bits, frames, i, c;
	double seconds, hz, dbfs, amp;
	unsigned char s[4];
	FILE *f;

	if (argc != 8) {
		fprintf(stderr, "usage: %s FILE RATE CHANNELS BITS SECONDS HZ DBFS\n",
			argv[0]);
		return 2;
	}
	rate = strtoul(argv[2], NULL, 0);
	channels = strtoul(argv[3], NULL, 0);
	bits = strtoul(argv[4], NULL, 0);
	seconds = atof(argv[5]);
	hz = atof(argv[6]);
	dbfs = atof(argv[7]);
	if (!rate || !channels || channels > 32 || (bits != 16 && bits != 32) ||
	    seconds <= 0 || seconds > 60 || hz < 0 || hz * 2 >= rate ||
	    dbfs > 0) {
		fprintf(stderr, "wavgen: bad arguments\n");
		return 2;
	}
	frames = (unsigned long)(seconds * rate + 0.5);
	f = fopen(argv[1], "wb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	if (write_header(f, rate, channels, bits, frames * channels * bits / 8))
		goto io_error;
	amp = pow(10.0, dbfs / 20.0) * (bits == 16 ? 32767.0 : 2147483647.0);
	for (i = 0; i < frames; i++) {
		long v = lrint(amp * sin(2.0 * M_PI * hz * i / rate));

		put_le(s, (uint32_t)v, bits / 8);
		for (c = 0; c < channels; c++)
			if (fwrite(s, bits / 8, 1, f) != 1)
				goto io_error;
	}
	if (fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	return 0;

io_error:
	perror(argv[1]);
	fclose(f);
	return 1;
}
