// SPDX-License-Identifier: GPL-2.0
/*
 * The audmod codec component: one DAI with a playback and a capture stream.
 * It is the component that hosts the audio modules and their controls; the
 * PCM hands it every period through audmod_codec_process().
 *
 * Locking: struct audmod_codec.processor is written under processor_lock
 * and read under RCU, so the hot path (the DMA engine's kthread_worker,
 * dma_engine.c) takes no lock and a detach waits for a grace period instead.
 *
 * A board may pair the audmod platform with any codec, and this codec with
 * any platform: the entry points below check, with audmod_codec_is_ours(),
 * that the component they are handed is this driver's before touching its
 * driver data.
 *
 * The codec is instantiated either by the virtual dev board (board.c) or
 * from a device-tree node compatible with "audmod,codec", which a generic
 * card (simple-audio-card, audio-graph-card) links to a CPU DAI. DAPM
 * describes the data path: the playback stream through the modules that
 * process it to the OUT pin, the IN pin through echo cancellation to the
 * capture stream; a board's routing connects OUT and IN to its widgets.
 */
#include <linux/device.h>
#include <linux/export.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <sound/pcm.h>
#include <sound/soc.h>
#include <sound/soc-dapm.h>
#include <kunit/visibility.h>

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

static const struct snd_soc_component_driver audmod_codec_component;

/**
 * audmod_codec_is_ours() - whether a component is an audmod codec
 * @component: any ASoC component, or NULL.
 *
 * Compares the component's driver with this one's: the driver data of
 * another driver's component (or the ASoC dummy's, which has none) is not a
 * struct audmod_codec.
 * Context: any.
 * Return: true if @component is an audmod codec component.
 */
bool audmod_codec_is_ours(const struct snd_soc_component *component)
{
	return component && component->driver == &audmod_codec_component;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_codec_is_ours);

/**
 * audmod_codec_set_processor() - attach, replace or detach the processor
 * @codec: the audmod codec component.
 * @p: the new processor, or NULL to detach.
 *
 * On return the previous processor is not running and will never be called
 * again, so its owner may free it.
 * Context: process; may sleep (waits for an RCU grace period).
 * Return: 0, or -EINVAL if @codec is not an audmod codec
 * (audmod_codec_is_ours()) or @p has no process function.
 */
int audmod_codec_set_processor(struct snd_soc_component *codec,
			       struct audmod_sample_processor *p)
{
	struct audmod_codec *priv;

	might_sleep();
	if (!audmod_codec_is_ours(codec) || (p && !p->process))
		return -EINVAL;
	priv = snd_soc_component_get_drvdata(codec);

	mutex_lock(&priv->processor_lock);
	rcu_assign_pointer(priv->processor, p);
	mutex_unlock(&priv->processor_lock);
	/* Readers that saw the old pointer are gone after this. */
	synchronize_rcu();
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_codec_set_processor);

/**
 * audmod_codec_process() - hand one period to the attached processor
 * @codec: the audmod codec component.
 * @info: the period.
 *
 * Does nothing if no processor is attached, or if @codec is not an audmod
 * codec (the PCM does not call it then; this is the last line of defence).
 * Context: any but hard IRQ (the virtual DMA engine calls it from its
 * kthread_worker, in process context); takes no lock.
 */
void audmod_codec_process(struct snd_soc_component *codec,
			  const struct audmod_sample_info *info)
{
	struct audmod_sample_processor *p;
	struct audmod_codec *priv;

	if (!audmod_codec_is_ours(codec))
		return;
	priv = snd_soc_component_get_drvdata(codec);
	rcu_read_lock();
	p = rcu_dereference(priv->processor);
	if (p)
		p->process(p, info);
	rcu_read_unlock();
}

static int audmod_codec_component_probe(struct snd_soc_component *component)
{
	struct audmod_codec *priv = snd_soc_component_get_drvdata(component);
	int ret;

	/*
	 * Name ourselves in the card's components, as codec drivers do, on
	 * whatever machine made the card (UCM and amixer info show it).
	 */
	ret = snd_component_add(component->card->snd_card, "audmod-codec");
	if (ret < 0)
		return ret;
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

/*
 * The modules as effects in the data path. Nothing here switches power
 * (SND_SOC_NOPM): the widgets say which modules a stream goes through, so
 * that a board's routing, the DAPM debugfs and the asoc tracepoints show
 * the path. The level meter sees what is played.
 */
#define AUDMOD_DAPM_EFFECT(wname) \
	{ .id = snd_soc_dapm_effect, .name = wname, \
	  SND_SOC_DAPM_INIT_REG_VAL(SND_SOC_NOPM, 0, 0) }

static const struct snd_soc_dapm_widget audmod_codec_widgets[] = {
	SND_SOC_DAPM_AIF_IN("AIF IN", "Playback", 0, SND_SOC_NOPM, 0, 0),
	AUDMOD_DAPM_EFFECT("Generic Module"),
	AUDMOD_DAPM_EFFECT("EQ Effect"),
	AUDMOD_DAPM_EFFECT("Level Meter"),
	SND_SOC_DAPM_OUTPUT("OUT"),
	SND_SOC_DAPM_INPUT("IN"),
	AUDMOD_DAPM_EFFECT("Echo Cancel"),
	SND_SOC_DAPM_AIF_OUT("AIF OUT", "Capture", 0, SND_SOC_NOPM, 0, 0),
};

/* sink, control, source */
static const struct snd_soc_dapm_route audmod_codec_routes[] = {
	{ "Generic Module", NULL, "AIF IN" },
	{ "EQ Effect", NULL, "Generic Module" },
	{ "Level Meter", NULL, "EQ Effect" },
	{ "OUT", NULL, "Level Meter" },
	{ "Echo Cancel", NULL, "IN" },
	{ "AIF OUT", NULL, "Echo Cancel" },
};

/*
 * A generic card keeps the DAI name it looked up while parsing the device
 * tree, and looks the DAI up by that pointer again when it rebinds after
 * our module was removed and loaded again. ASoC's default lookup hands out
 * a name in our module's (or the DAI's) memory, stale by then. In DT mode
 * the DAI is therefore named after its DT node, and the name handed out is
 * the node's own, which lives as long as the device tree.
 */
static int audmod_codec_of_xlate_dai_name(struct snd_soc_component *component,
					  const struct of_phandle_args *args,
					  const char **dai_name)
{
	if (!component->dev->of_node || args->args_count)
		return -EINVAL;
	*dai_name = component->dev->of_node->full_name;
	return 0;
}

static const struct snd_soc_component_driver audmod_codec_component = {
	.name = AUDMOD_CODEC_DRV_NAME,
	.probe = audmod_codec_component_probe,
	.remove = audmod_codec_component_remove,
	.dapm_widgets = audmod_codec_widgets,
	.num_dapm_widgets = ARRAY_SIZE(audmod_codec_widgets),
	.dapm_routes = audmod_codec_routes,
	.num_dapm_routes = ARRAY_SIZE(audmod_codec_routes),
	.of_xlate_dai_name = audmod_codec_of_xlate_dai_name,
	/* The card is ours: a reference from probe would block rmmod. */
	.module_get_upon_open = 1,
	.idle_bias_on = 1,
	.use_pmdown_time = 1,
	.endianness = 1,
};

static int audmod_codec_probe(struct platform_device *pdev)
{
	struct snd_soc_dai_driver *dai = &audmod_codec_dai;
	struct device_node *np = pdev->dev.of_node;
	struct audmod_codec *priv;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->dev = &pdev->dev;
	mutex_init(&priv->processor_lock);
	platform_set_drvdata(pdev, priv);

	if (np) {
		/* Named after the node: see audmod_codec_of_xlate_dai_name(). */
		dai = devm_kmemdup(&pdev->dev, &audmod_codec_dai,
				   sizeof(*dai), GFP_KERNEL);
		if (!dai)
			return -ENOMEM;
		dai->name = np->full_name;
	}
	return devm_snd_soc_register_component(&pdev->dev,
					       &audmod_codec_component, dai, 1);
}

static const struct of_device_id audmod_codec_of_match[] = {
	{ .compatible = "audmod,codec" },
	{ }
};
MODULE_DEVICE_TABLE(of, audmod_codec_of_match);

struct platform_driver audmod_codec_driver = {
	.driver = {
		.name = AUDMOD_CODEC_DRV_NAME,
		.of_match_table = audmod_codec_of_match,
	},
	.probe = audmod_codec_probe,
};
