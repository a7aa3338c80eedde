/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-period hook: what the PCM's virtual DMA engine hands, period by
 * period, to whatever the codec hosts (the audio modules' level meter). A
 * header of its own so that the hosts need not include the codec.
 */
#ifndef AUDMOD_SAMPLE_PROCESSOR_H
#define AUDMOD_SAMPLE_PROCESSOR_H

#include <sound/pcm.h>

/**
 * struct audmod_sample_info - one period on its way through the codec
 * @stream: SNDRV_PCM_STREAM_PLAYBACK or SNDRV_PCM_STREAM_CAPTURE.
 * @data: the period's audio, interleaved; valid only during the call.
 *	Playback: what the application wrote. Capture: what the application
 *	will read (the test signal).
 * @bytes: size of @data.
 * @format: sample format of @data (S16_LE or S32_LE).
 * @channels: interleaved channels in @data.
 * @rate: frames per second.
 */
struct audmod_sample_info {
	int stream;
	const void *data;
	unsigned int bytes;
	snd_pcm_format_t format;
	unsigned int channels;
	unsigned int rate;
};

/**
 * struct audmod_sample_processor - consumer of every period
 * @process: called once per period and stream, before the period's sample
 *	goes back to the allocator. Runs in the virtual DMA engine's work item
 *	(a SCHED_FIFO kthread_worker) under rcu_read_lock(): it must not sleep.
 */
struct audmod_sample_processor {
	void (*process)(struct audmod_sample_processor *p,
			const struct audmod_sample_info *info);
};

#endif /* AUDMOD_SAMPLE_PROCESSOR_H */
