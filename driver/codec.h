/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The audmod codec component: its DAI, its private data and the per-sample
 * processing hook through which the PCM's virtual DMA engine hands every
 * period (one sample of the ring) to whatever the codec hosts.
 */
#ifndef AUDMOD_CODEC_H
#define AUDMOD_CODEC_H

#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/rcupdate.h>
#include <sound/pcm.h>

struct snd_soc_component;
struct audmod_host;

#define AUDMOD_CODEC_DRV_NAME	"audmod-codec"
#define AUDMOD_CODEC_DAI_NAME	"audmod-codec-dai"

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
 *	goes back to the allocator. Runs in the virtual DMA engine's context
 *	(hrtimer, softirq) under rcu_read_lock(): it must not sleep.
 */
struct audmod_sample_processor {
	void (*process)(struct audmod_sample_processor *p,
			const struct audmod_sample_info *info);
};

/**
 * struct audmod_codec - private data of the codec device
 * @dev: the codec's platform device.
 * @processor_lock: serialises audmod_codec_set_processor().
 * @processor: the attached processor, or NULL. Written under
 *	@processor_lock, read under RCU.
 * @host: the audio-module host, from component probe to remove.
 */
struct audmod_codec {
	struct device *dev;
	struct mutex processor_lock;	/* serialises processor updates */
	struct audmod_sample_processor __rcu *processor;
	struct audmod_host *host;
};

int audmod_codec_set_processor(struct snd_soc_component *codec,
			       struct audmod_sample_processor *p);
void audmod_codec_process(struct snd_soc_component *codec,
			  const struct audmod_sample_info *info);

extern struct platform_driver audmod_codec_driver;

#endif /* AUDMOD_CODEC_H */
