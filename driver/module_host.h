/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The audio-module host of the codec: the notification port with its device
 * id, the modules, their controls and the level meter's hook on the PCM.
 */
#ifndef AUDMOD_MODULE_HOST_H
#define AUDMOD_MODULE_HOST_H

#include <linux/uuid.h>

#include "audio_modules.h"
#include "module_controls.h"
#include "sample_processor.h"
#include "test_sender.h"

struct snd_card;
struct snd_soc_component;
struct audmod_notifier;
struct audmod_channel;

/**
 * struct audmod_host - everything the codec hosts for its audio modules
 * @codec: the codec component the host is on, or NULL
 * @dev: the device commands are logged for (the card's)
 * @device_id: notification device id, generated at creation
 * @notifier: the notification port (IPortClsNotifications)
 * @modules: the modules and their values
 * @controls: their ALSA controls
 * @channel: the notification channel (hwdep), which the card frees
 * @meter: the level meter's sample processor, which the codec attaches
 * @sender: the debugfs test sender (a codec's host only)
 */
struct audmod_host {
	struct snd_soc_component *codec;
	struct device *dev;
	guid_t device_id;
	struct audmod_notifier *notifier;
	struct audmod_modules modules;
	struct audmod_controls controls;
	struct audmod_channel *channel;
	struct audmod_sample_processor meter;
	struct audmod_test_sender sender;
};

struct audmod_host *audmod_host_new(struct snd_card *card, const char *prefix,
				    unsigned int queue_depth);
void audmod_host_free(struct audmod_host *host);
struct audmod_host *audmod_host_create(struct snd_soc_component *codec);
void audmod_host_destroy(struct audmod_host *host);

#endif /* AUDMOD_MODULE_HOST_H */
