// SPDX-License-Identifier: GPL-2.0
/*
 * The audio-module host: ties the notification port, the modules, their
 * controls and the notification channel together on the codec's card and
 * attaches the level meter to the codec's per-period hook.
 *
 * Creation order: device id, notifier, modules, controls, channel, meter
 * hook. Teardown runs it backwards so that no callback reaches freed memory:
 * the meter is detached (no more peak events or sends from the PCM), the
 * notifier is shut down (no more deliveries), the channel detached (no more
 * commands), then the controls go.
 */
#include <linux/err.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <sound/control.h>
#include <sound/core.h>
#include <sound/hwdep.h>
#include <sound/soc.h>

#include <audmod/notify.h>
#include <audmod/ntstatus.h>

#include "channel.h"
#include "compat.h"
#include "module_host.h"
#include "test_sender.h"

/*
 * Every notification, in order, from the send path itself (the notifier's
 * atomic delivery): into the channel (every reader) and the notification
 * control. Neither sleeps nor takes a sleeping lock, so a reader is woken
 * and the control event raised before the send returns, with no work item
 * in between.
 */
/*
 * The card's notification queue, for notifications handed from one sender
 * to a delivery already running (another CPU, or an interrupt that cannot
 * deliver itself): deep enough for bursts from several contexts at once.
 */
#define AUDMOD_HOST_QUEUE_DEPTH	AUDMOD_NOTIFY_MAX_QUEUE_DEPTH

static void audmod_host_deliver(void *ctx, const struct audmod_notification *n)
{
	struct audmod_host *host = ctx;

	audmod_channel_deliver(host->channel, n);
	audmod_controls_deliver(&host->controls, n);
}

/* NT_ERROR(): severity 3. Warnings (BUFFER_OVERFLOW) still carry a reply. */
static bool audmod_nt_error(u32 status)
{
	return (status & 0xc0000000u) == 0xc0000000u;
}

/* One command from the channel: process context, for that caller only. */
static int audmod_host_command(void *ctx,
			       const struct audmod_command_request *req,
			       struct audmod_command_reply *reply)
{
	struct audmod_host *host = ctx;
	int changed_param, module;
	guid_t class_id;
	u32 status;

	status = audmod_modules_command(&host->modules, req, reply,
					&changed_param);
	memcpy(&class_id, req->class_id.b, sizeof(class_id));
	dev_dbg(host->dev,
		"command verb %#x class %pUl instance %u param %u size %u: status %#x\n",
		le32_to_cpu(req->verb), &class_id, le32_to_cpu(req->instance_id),
		le32_to_cpu(req->parameter_id), le32_to_cpu(req->value_size),
		status);
	if (audmod_nt_error(status))
		return audmod_ntstatus_to_errno(status);
	if (changed_param >= 0) {
		module = audmod_modules_find(&class_id,
					     le32_to_cpu(req->instance_id));
		audmod_controls_param_changed(&host->controls, module,
					      changed_param);
	}
	return 0;
}

/*
 * Accepted: the notifier's count. Dropped: what the "Audio Module
 * Notifications Dropped" control shows (the uAPI says they are equal), the
 * dropped count the latest delivered notification carried. The notifier's
 * @dropped counts only a work-item consumer's drops, and this card's
 * consumer is atomic: its drops are in @atomic_dropped, and the
 * notifications carry that.
 */
static void audmod_host_counters(void *ctx, u64 *accepted, u64 *dropped)
{
	struct audmod_host *host = ctx;
	struct audmod_notifier_stats st;
	unsigned long flags;

	audmod_notifier_get_stats(host->notifier, &st);
	*accepted = st.sent;
	spin_lock_irqsave(&host->controls.note_lock, flags);
	*dropped = host->controls.dropped;
	spin_unlock_irqrestore(&host->controls.note_lock, flags);
}

static const struct audmod_channel_ops audmod_host_channel_ops = {
	.command = audmod_host_command,
	.counters = audmod_host_counters,
};

static void audmod_host_param_changed(void *ctx, unsigned int module,
				      unsigned int param)
{
	struct audmod_host *host = ctx;

	audmod_controls_param_changed(&host->controls, module, param);
}

/*
 * Whether a paused level meter could be watched without being read: a
 * reader holds the notification channel open, or a control file of the
 * card is subscribed to events (amixer events, alsactl monitor, a mixer
 * UI). Both are hints read without the locks that serialise their writers:
 * a reader that arrives meanwhile is seen at the next period.
 */
static bool audmod_host_watched(void *ctx)
{
	struct audmod_host *host = ctx;
	struct snd_card *card = host->controls.card;
	struct snd_ctl_file *cf;
	unsigned long flags;
	bool watched = false;

	if (host->channel && READ_ONCE(host->channel->hwdep->used) > 0)
		return true;
	read_lock_irqsave(audmod_ctl_files_lock(card), flags);
	list_for_each_entry(cf, &card->ctl_files, list) {
		if (READ_ONCE(cf->subscribed)) {
			watched = true;
			break;
		}
	}
	read_unlock_irqrestore(audmod_ctl_files_lock(card), flags);
	return watched;
}

static const struct audmod_modules_ops audmod_host_modules_ops = {
	.param_changed = audmod_host_param_changed,
	.watched = audmod_host_watched,
};

/* The codec's per-period hook: the DMA engine's worker, under rcu_read_lock(). */
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
	audmod_modules_feed(&host->modules, info->stream, info->data,
			    info->bytes, bits);
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
		.deliver_atomic = audmod_host_deliver,
		.debugfs_parent = debugfs_parent,
		.name = "audio-modules",
	};
	struct audmod_host *host;
	int ret;

	might_sleep();
	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return ERR_PTR(-ENOMEM);
	host->dev = card->dev;
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
	host->channel = audmod_channel_new(card, &audmod_host_channel_ops, host);
	if (IS_ERR(host->channel)) {
		ret = PTR_ERR(host->channel);
		goto remove_controls;
	}
	return host;

remove_controls:
	audmod_controls_remove(&host->controls);
free_notifier:
	audmod_notifier_destroy(host->notifier);
free_host:
	kfree(host);
	return ERR_PTR(ret);
}

/**
 * audmod_host_new() - modules, notifier, controls and channel on a card
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
EXPORT_SYMBOL_NS_GPL(audmod_host_new, AUDMOD_NS);

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
	/* The card frees the channel once its files are closed. */
	audmod_channel_detach(host->channel);
	audmod_controls_remove(&host->controls);
	audmod_notifier_destroy(host->notifier);
	kfree(host);
}
EXPORT_SYMBOL_NS_GPL(audmod_host_free, AUDMOD_NS);

/**
 * audmod_host_create() - the audio-module host of the codec component
 * @codec: the codec, probed on its card
 *
 * audmod_host_new() on the codec's card with its name prefix, with the
 * notifier's counters and the test sender in the codec's debugfs directory.
 * The level meter's processor, &audmod_host.meter, is for the codec to
 * attach to its per-period hook. For the codec's component probe. Process
 * context, may sleep.
 *
 * Return: the host or an ERR_PTR().
 */
struct audmod_host *audmod_host_create(struct snd_soc_component *codec)
{
	struct dentry *debugfs_parent = NULL;
	struct audmod_host *host;

#ifdef CONFIG_DEBUG_FS
	/* ASoC made it before the component probe that calls us. */
	debugfs_parent = codec->debugfs_root;
#endif
	host = audmod_host_init(codec->card->snd_card, codec->name_prefix,
				AUDMOD_HOST_QUEUE_DEPTH, debugfs_parent);
	if (IS_ERR(host))
		return host;
	host->codec = codec;
	audmod_test_sender_init(&host->sender, &host->modules, debugfs_parent);
	host->meter.process = audmod_host_meter_process;
	return host;
}

/**
 * audmod_host_destroy() - undo audmod_host_create()
 * @host: the host, or NULL or an ERR_PTR() (nothing is done)
 *
 * The codec must have detached &audmod_host.meter first. For the codec's
 * component remove. Process context, may sleep.
 */
void audmod_host_destroy(struct audmod_host *host)
{
	if (IS_ERR_OR_NULL(host))
		return;
	audmod_test_sender_stop(&host->sender);
	audmod_host_free(host);
}

/* The notification port lives in audmod-core. */
MODULE_IMPORT_NS(AUDMOD_NS);
