/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ALSA controls of the audio modules: descriptors, parameters, the
 * notification device id, the latest notification and the card's dropped
 * notification counter. Layouts and names: <uapi/audmod.h>.
 */
#ifndef AUDMOD_MODULE_CONTROLS_H
#define AUDMOD_MODULE_CONTROLS_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <sound/control.h>

#include <uapi/audmod.h>

#include "audio_modules.h"

struct audmod_notification;

/* What a control shows. */
enum audmod_ctl_kind {
	AUDMOD_CTL_KIND_DESCRIPTOR,
	AUDMOD_CTL_KIND_PARAM,
	AUDMOD_CTL_KIND_NOTIFICATION,
	AUDMOD_CTL_KIND_DEVICE_ID,
	AUDMOD_CTL_KIND_DROPPED,
};

/* Controls of one card: a descriptor and the parameters per module, 3 more. */
#define AUDMOD_CTL_MAX	(AUDMOD_MODULE_COUNT * (1 + AUDMOD_MAX_PARAMS) + 3)

struct audmod_controls;

/**
 * struct audmod_ctl - one control
 * @owner: the controls it belongs to
 * @kind: what it shows
 * @module: module index (descriptor, parameter)
 * @param: parameter id (parameter)
 * @kctl: the ALSA control; NULL before it is added and after removal
 * @events: value events this driver raised on it with snd_ctl_notify()
 *	(those the ALSA core raises after a put that returned 1 are not
 *	counted); read by tests and debugging
 * @name: the control name, prefix included
 */
struct audmod_ctl {
	struct audmod_controls *owner;
	enum audmod_ctl_kind kind;
	unsigned int module;
	unsigned int param;
	struct snd_kcontrol *kctl;
	atomic_t events;
	char name[SNDRV_CTL_ELEM_ID_NAME_MAXLEN];
};

/**
 * struct audmod_controls - the controls of one card
 * @card: the card they are on
 * @modules: the modules they show
 * @device_id: notification device id
 * @note_lock: protects @rec and @dropped; irqsave (delivery may come from
 *	any context but NMI)
 * @rec: value of the notification control: the latest notification
 * @dropped: the card's dropped notifications, as of the latest one
 * @count: entries used in @ctls
 * @ctls: the controls
 *
 * Callbacks of the ALSA core run in process context; @note_lock is never
 * held while calling snd_ctl_notify().
 */
struct audmod_controls {
	struct snd_card *card;
	struct audmod_modules *modules;
	guid_t device_id;
	spinlock_t note_lock;	/* rec, dropped */
	struct audmod_notification_record rec;
	u64 dropped;
	unsigned int count;
	struct audmod_ctl ctls[AUDMOD_CTL_MAX];
};

int audmod_controls_add(struct audmod_controls *cs, struct snd_card *card,
			const char *prefix, struct audmod_modules *m,
			const guid_t *device_id);
void audmod_controls_remove(struct audmod_controls *cs);
struct audmod_ctl *audmod_controls_find(struct audmod_controls *cs,
					enum audmod_ctl_kind kind,
					unsigned int module, unsigned int param);
void audmod_controls_param_changed(struct audmod_controls *cs,
				   unsigned int module, unsigned int param);
void audmod_controls_deliver(struct audmod_controls *cs,
			     const struct audmod_notification *n);

#endif /* AUDMOD_MODULE_CONTROLS_H */
