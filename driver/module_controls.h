/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ALSA controls of the audio modules: descriptors, parameters, the command
 * channel, the notification device id, the latest notification and the
 * lost-notification counter. Layouts and names: <uapi/audmod.h>.
 */
#ifndef AUDMOD_MODULE_CONTROLS_H
#define AUDMOD_MODULE_CONTROLS_H

#include <linux/atomic.h>
#include <linux/mutex.h>
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
	AUDMOD_CTL_KIND_COMMAND,
	AUDMOD_CTL_KIND_NOTIFICATION,
	AUDMOD_CTL_KIND_DEVICE_ID,
	AUDMOD_CTL_KIND_LOST,
};

/* Controls of one card: a descriptor and the parameters per module, 4 more. */
#define AUDMOD_CTL_MAX	(AUDMOD_MODULE_COUNT * (1 + AUDMOD_MAX_PARAMS) + 4)

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
 * @cmd_lock: protects @reply and @req
 * @reply: value of the command control: the last reply
 * @req: scratch copy of the request being run
 * @scratch: scratch reply of the command being run
 * @note_lock: protects @note_seq, @note_ts, @note_size, @note_data, @lost
 *	and @rec
 * @note_seq: sequence number of the latest notification (0: none yet)
 * @note_ts: its timestamp
 * @note_size: its size
 * @note_data: its payload, %AUDMOD_NOTIFICATION_MAX_BYTES bytes
 * @lost: notifications lost, as of the latest delivered one
 * @rec: scratch record for the TLV read
 * @count: entries used in @ctls
 * @ctls: the controls
 *
 * Callbacks of the ALSA core run in process context; the mutexes are never
 * held while calling snd_ctl_notify().
 */
struct audmod_controls {
	struct snd_card *card;
	struct audmod_modules *modules;
	guid_t device_id;
	struct mutex cmd_lock;	/* reply, req, scratch */
	struct audmod_command_reply reply;
	struct audmod_command_request req;
	struct audmod_command_reply scratch;
	struct mutex note_lock;	/* note_*, lost, rec */
	u64 note_seq;
	u64 note_ts;
	u32 note_size;
	u8 *note_data;
	u64 lost;
	struct audmod_notification_record rec;
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
