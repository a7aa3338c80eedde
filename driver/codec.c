// SPDX-License-Identifier: GPL-2.0
/*
 * The audmod codec component: one DAI with a playback and a capture stream.
 * It is the component that hosts the audio modules and their controls; the
 * PCM hands it every period through audmod_codec_process().
 *
 * Locking: struct audmod_codec.processor is written under processor_lock
 * and read under RCU, so the hot path (hrtimer softirq) takes no lock and a
 * detach waits for a grace period instead.
 */
#include <linux/device.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <sound/pcm.h>
#include <sound/soc.h>

#include "codec.h"
#include "module_host.h"

#define AUDMOD_RATES	SNDRV_PCM_RATE_8000_192000
#define AUDMOD_FORMATS	(SNDRV_PCM_FMTBIT_S16_LE | SNDRV_PCM_FMTBIT_S32_LE)

static struct snd_soc_dai_driver audmod_codec_dai = {
	.name = AUDMOD_CODEC_DAI_NAME,
	.playback = {
		.stream_name = "Playback",
		.channels_min = 1,
		.channels_max = 8,
		.rates = AUDMOD_RATES,
		.formats = AUDMOD_FORMATS,
	},
	.capture = {
		.stream_name = "Capture",
		.channels_min = 1,
		.channels_max = 8,
		.rates = AUDMOD_RATES,
		.formats = AUDMOD_FORMATS,
	},
};

/**
 * audmod_codec_set_processor() - attach, replace or detach the processor
 * @codec: the audmod codec component.
 * @p: the new processor, or NULL to detach.
 *
 * On return the previous processor is not running and will never be called
 * again, so its owner may free it.
 * Context: process; may sleep (waits for an RCU grace period).
 * Return: 0, or -EINVAL if @codec is NULL or @p has no process function.
 */
int audmod_codec_set_processor(struct snd_soc_component *codec,
			       struct audmod_sample_processor *p)
{
	struct audmod_codec *priv;

	might_sleep();
	if (!codec || (p && !p->process))
		return -EINVAL;
	priv = snd_soc_component_get_drvdata(codec);

	mutex_lock(&priv->processor_lock);
	rcu_assign_pointer(priv->processor, p);
	mutex_unlock(&priv->processor_lock);
	/* Readers that saw the old pointer are gone after this. */
	synchronize_rcu();
	return 0;
}
EXPORT_SYMBOL_NS_GPL(audmod_codec_set_processor, AUDMOD);

/**
 * audmod_codec_process() - hand one period to the attached processor
 * @codec: the audmod codec component.
 * @info: the period.
 *
 * Does nothing if no processor is attached.
 * Context: any but hard IRQ (the virtual DMA engine calls it from its
 * hrtimer, in softirq context); takes no lock.
 */
void audmod_codec_process(struct snd_soc_component *codec,
			  const struct audmod_sample_info *info)
{
	struct audmod_codec *priv = snd_soc_component_get_drvdata(codec);
	struct audmod_sample_processor *p;

	rcu_read_lock();
	p = rcu_dereference(priv->processor);
	if (p)
		p->process(p, info);
	rcu_read_unlock();
}
EXPORT_SYMBOL_NS_GPL(audmod_codec_process, AUDMOD);

static int audmod_codec_component_probe(struct snd_soc_component *component)
{
	struct audmod_codec *priv = snd_soc_component_get_drvdata(component);

	int ret;

	/* The audio-module host is created here (it needs the card). */
	priv->host = audmod_host_create(component);
	if (IS_ERR(priv->host))
		return PTR_ERR(priv->host);
	/* Its level meter sees every period. */
	ret = audmod_codec_set_processor(component, &priv->host->meter);
	if (ret) {
		audmod_host_destroy(priv->host);
		priv->host = NULL;
	}
	return ret;
}

static void audmod_codec_component_remove(struct snd_soc_component *component)
{
	struct audmod_codec *priv = snd_soc_component_get_drvdata(component);

	/* Waits for a period in progress: no meter call after this. */
	audmod_codec_set_processor(component, NULL);
	audmod_host_destroy(priv->host);
	priv->host = NULL;
}

static const struct snd_soc_component_driver audmod_codec_component = {
	.name = AUDMOD_CODEC_DRV_NAME,
	.probe = audmod_codec_component_probe,
	.remove = audmod_codec_component_remove,
	/* The card is ours: a reference from probe would block rmmod. */
	.module_get_upon_open = 1,
	.idle_bias_on = 1,
	.use_pmdown_time = 1,
	.endianness = 1,
};

static int audmod_codec_probe(struct platform_device *pdev)
{
	struct audmod_codec *priv;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->dev = &pdev->dev;
	mutex_init(&priv->processor_lock);
	platform_set_drvdata(pdev, priv);

	return devm_snd_soc_register_component(&pdev->dev,
					       &audmod_codec_component,
					       &audmod_codec_dai, 1);
}

struct platform_driver audmod_codec_driver = {
	.driver = {
		.name = AUDMOD_CODEC_DRV_NAME,
	},
	.probe = audmod_codec_probe,
};
