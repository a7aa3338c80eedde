/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The audmod platform: CPU DAI and PCM over the sample allocator, driven by
 * the virtual DMA engine (dma_engine.h), with a tone or loopback capture.
 */
#ifndef AUDMOD_PCM_H
#define AUDMOD_PCM_H

#include <linux/platform_device.h>
#include <linux/types.h>
#include <sound/pcm.h>

struct audmod_sample_allocator;

#define AUDMOD_PCM_DRV_NAME	"audmod-pcm"
#define AUDMOD_CPU_DAI_NAME	"audmod-cpu-dai"

/*
 * Hardware limits of the PCM (see audmod_pcm_hardware in pcm.c). The
 * largest buffer is also what is preallocated for each substream.
 */
#define AUDMOD_PCM_BUFFER_BYTES_MAX	(4 * 1024 * 1024)
#define AUDMOD_PCM_PERIOD_BYTES_MIN	64
#define AUDMOD_PCM_PERIOD_BYTES_MAX	(AUDMOD_PCM_BUFFER_BYTES_MAX / 2)
#define AUDMOD_PCM_PERIODS_MIN		2
#define AUDMOD_PCM_PERIODS_MAX		1024
#define AUDMOD_PCM_PERIOD_US_MIN	1000

/**
 * struct audmod_pcm_stats - what a stream's engine did, for tests
 * @transfers: periods the engine transferred since the last prepare.
 * @hook_calls: calls of the stream's release hook by the allocator.
 * @periods_elapsed: periods the hook completed (snd_pcm_period_elapsed()).
 * @owner_refs: references on the stream object: 1 for the open stream, plus
 *	1 while the allocator holds the stream's release hook.
 * @period_ns: whole nanoseconds per period of the engine's clock.
 * @state: the engine's &enum audmod_dma_state.
 * @running: the engine is running (started and not stopped or paused).
 * @timer_armed: the engine's hrtimer is queued or about to re-queue itself.
 */
struct audmod_pcm_stats {
	u64 transfers;
	u64 hook_calls;
	u64 periods_elapsed;
	unsigned int owner_refs;
	u64 period_ns;
	int state;
	bool running;
	bool timer_armed;
};

/**
 * enum audmod_capture_source - what capture records
 * @AUDMOD_CAPTURE_TONE: the test tone (tone_hz, tone_dbfs).
 * @AUDMOD_CAPTURE_LOOPBACK: what playback played, after the modules.
 */
enum audmod_capture_source {
	AUDMOD_CAPTURE_TONE,
	AUDMOD_CAPTURE_LOOPBACK,
};

/* The card's control that selects it (ENUMERATED: "Tone", "Loopback"). */
#define AUDMOD_CAPTURE_SOURCE_CTL	"Capture Source"

int audmod_pcm_get_stats(struct snd_pcm_substream *substream,
			 struct audmod_pcm_stats *st);
struct audmod_sample_allocator *
audmod_pcm_allocator(struct snd_pcm_substream *substream);

extern struct platform_driver audmod_pcm_driver;

#endif /* AUDMOD_PCM_H */
