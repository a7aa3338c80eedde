// SPDX-License-Identifier: GPL-2.0
/*
 * The audio-module host: ties the notification port, the modules and their
 * controls together on the codec's card and attaches the level meter to the
 * codec's per-period hook.
 *
 * Creation order: device id, notifier, modules, controls, meter hook.
 * Teardown runs it backwards so that no callback reaches freed memory: the
 * meter is detached (no more peak events or sends from the PCM), the
 * notifier is shut down (no more deliveries), then the controls go.
 */
#include <linux/err.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <sound/soc.h>

#include <audmod/notify.h>

#include "level_meter.h"
#include "module_host.h"

static void audmod_host_deliver(void *ctx, const struct audmod_notification *n)
{
	struct audmod_host *host = ctx;

	audmod_controls_deliver(&host->controls, n);
}

static void audmod_host_param_changed(void *ctx, unsigned int module,
				      unsigned int param)
{
	struct audmod_host *host = ctx;

	audmod_controls_param_changed(&host->controls, module, param);
}

static const struct audmod_modules_ops audmod_host_modules_ops = {
	.param_changed = audmod_host_param_changed,
};

/* The codec's per-period hook: hrtimer softirq, under rcu_read_lock(). */
static void audmod_host_meter_process(struct audmod_sample_processor *p,
				      const struct audmod_sample_info *info)
{
	struct audmod_host *host = container_of(p, struct audmod_host, meter);
	unsigned int bits;

	if (info->format == SNDRV_PCM_FORMAT_S16_LE)
		bits = 16;
	else if (info->format == SNDRV_PCM_FORMAT_S32_LE)
		bits = 32;
	else
		return;
	audmod_level_meter_feed(&host->modules, info->data, info->bytes, bits);
}

/*
 * audmod_host_new() with the notifier's debugfs directory "audio-modules"
 * (its counters, which the stress checks compare with what userspace saw)
 * under @debugfs_parent, or none when it is NULL.
 */
static struct audmod_host *audmod_host_init(struct snd_card *card,
					    const char *prefix,
					    unsigned int queue_depth,
					    struct dentry *debugfs_parent)
{
	struct audmod_notifier_config cfg = {
		.queue_depth = queue_depth,
		.deliver = audmod_host_deliver,
		.debugfs_parent = debugfs_parent,
		.name = "audio-modules",
	};
	struct audmod_host *host;
	int ret;

	might_sleep();
	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return ERR_PTR(-ENOMEM);
	guid_gen(&host->device_id);
	cfg.device_id = &host->device_id;
	cfg.ctx = host;
	host->notifier = audmod_notifier_create(&cfg);
	if (IS_ERR(host->notifier)) {
		ret = PTR_ERR(host->notifier);
		goto free_host;
	}
	audmod_modules_init(&host->modules, &host->device_id, host->notifier,
			    &audmod_host_modules_ops, host);
	ret = audmod_controls_add(&host->controls, card, prefix, &host->modules,
				  &host->device_id);
	if (ret)
		goto free_notifier;
	return host;

free_notifier:
	audmod_notifier_destroy(host->notifier);
free_host:
	kfree(host);
	return ERR_PTR(ret);
}

/**
 * audmod_host_new() - modules, notifier and controls on a card
 * @card: the card for the controls
 * @prefix: control name prefix, or NULL
 * @queue_depth: notification queue depth, 0 for the default
 *
 * Generates the notification device id, which stays the same until
 * audmod_host_free(). The level meter is not fed (see
 * audmod_host_create()). Process context, may sleep.
 *
 * Return: the host, or an ERR_PTR(): -ENOMEM, or an error of the notifier
 * or of adding the controls.
 */
struct audmod_host *audmod_host_new(struct snd_card *card, const char *prefix,
				    unsigned int queue_depth)
{
	return audmod_host_init(card, prefix, queue_depth, NULL);
}
EXPORT_SYMBOL_NS_GPL(audmod_host_new, AUDMOD);

/**
 * audmod_host_free() - undo audmod_host_new()
 * @host: the host, or NULL
 *
 * Notifications still queued are dropped. Process context, may sleep; not
 * from a control callback.
 */
void audmod_host_free(struct audmod_host *host)
{
	if (!host)
		return;
	audmod_notifier_shutdown(host->notifier);
	audmod_controls_remove(&host->controls);
	audmod_notifier_destroy(host->notifier);
	kfree(host);
}
EXPORT_SYMBOL_NS_GPL(audmod_host_free, AUDMOD);

/**
 * audmod_host_create() - the audio-module host of the codec component
 * @codec: the codec, probed on its card
 *
 * audmod_host_new() on the codec's card with its name prefix, with the
 * notifier's counters in the codec's debugfs directory
 * ("audio-modules/stats"), then the level meter attached to the codec's
 * per-period hook. For the codec's component probe. Process context, may
 * sleep.
 *
 * Return: the host or an ERR_PTR().
 */
struct audmod_host *audmod_host_create(struct snd_soc_component *codec)
{
	struct dentry *debugfs_parent = NULL;
	struct audmod_host *host;
	int ret;

#ifdef CONFIG_DEBUG_FS
	/* ASoC made it before the component probe that calls us. */
	debugfs_parent = codec->debugfs_root;
#endif
	host = audmod_host_init(codec->card->snd_card, codec->name_prefix, 0,
				debugfs_parent);
	if (IS_ERR(host))
		return host;
	host->codec = codec;
	host->meter.process = audmod_host_meter_process;
	ret = audmod_codec_set_processor(codec, &host->meter);
	if (ret) {
		audmod_host_free(host);
		return ERR_PTR(ret);
	}
	return host;
}

/**
 * audmod_host_destroy() - undo audmod_host_create()
 * @host: the host, or NULL or an ERR_PTR() (nothing is done)
 *
 * For the codec's component remove. Process context, may sleep.
 */
void audmod_host_destroy(struct audmod_host *host)
{
	if (IS_ERR_OR_NULL(host))
		return;
	/* Waits for a period in progress: no meter call after this. */
	audmod_codec_set_processor(host->codec, NULL);
	audmod_host_free(host);
}

/* The notification port lives in audmod-core. */
MODULE_IMPORT_NS(AUDMOD);
