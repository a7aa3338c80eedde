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

#include "sample_processor.h"

struct snd_soc_component;
struct audmod_host;

#define AUDMOD_CODEC_DRV_NAME	"audmod-codec"
#define AUDMOD_CODEC_DAI_NAME	"audmod-codec-dai"

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

bool audmod_codec_is_ours(const struct snd_soc_component *component);
int audmod_codec_set_processor(struct snd_soc_component *codec,
			       struct audmod_sample_processor *p);
void audmod_codec_process(struct snd_soc_component *codec,
			  const struct audmod_sample_info *info);

extern struct platform_driver audmod_codec_driver;

#endif /* AUDMOD_CODEC_H */
