/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The audio modules of the card: the three modules of the Windows sysvad
 * sample with their parameter tables and a level meter, their parameter
 * values, and the sysvad command protocol (KSPROPERTY_AUDIOMODULE_COMMAND).
 * Nothing here knows ALSA.
 */
#ifndef AUDMOD_AUDIO_MODULES_H
#define AUDMOD_AUDIO_MODULES_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include <uapi/audmod.h>

#include "level_meter.h"
#include "module_ops.h"

struct audmod_notifier;

/* The modules, in the order of audmod_module_table[]. */
enum audmod_module_index {
	AUDMOD_MOD_GENERIC,
	AUDMOD_MOD_EQ,
	AUDMOD_MOD_AEC,
	AUDMOD_MOD_LEVEL,
	AUDMOD_MODULE_COUNT,
};

/* Most parameters of one module. */
#define AUDMOD_MAX_PARAMS	3

/**
 * struct audmod_param_info - AUDIOMODULE_PARAMETER_INFO of one parameter
 * @name: control name suffix ("P1", "Threshold", ...)
 * @access: verbs allowed: AUDMOD_VERB_GET | _SET | _BASIC_SUPPORT
 * @flags: AUDMOD_PARAM_FLAG_CHANGE_NOTIFICATION or 0
 * @size: bytes of the value: 1, 2, 4 or 8
 * @vt_type: AUDMOD_VT_*
 * @valid_set: valid values, or NULL
 * @valid_set_count: entries in @valid_set
 * @min: smallest valid value when @has_range
 * @max: largest valid value when @has_range
 * @step: with @has_range, the valid values are @min + k * @step; 0: every
 *	value in the range
 * @has_range: valid values are @min to @max
 * @boolean: the valid set is {0, 1}, shown as a BOOLEAN control
 * @default_value: value at creation
 */
struct audmod_param_info {
	const char *name;
	u16 access;
	u16 flags;
	u32 size;
	u32 vt_type;
	const u64 *valid_set;
	u32 valid_set_count;
	u64 min;
	u64 max;
	u64 step;
	bool has_range;
	bool boolean;
	u64 default_value;
};

/**
 * struct audmod_module_info - AUDIOMODULE_DESCRIPTOR of one module
 * @class_id: module class (KSAUDIOMODULE_DESCRIPTOR.ClassId)
 * @instance_id: instance id (0: one instance per card)
 * @version_major: major version
 * @version_minor: minor version
 * @name: descriptor name
 * @ctl_prefix: prefix of the module's control names
 * @params: parameter table, indexed by parameter id
 * @param_count: entries in @params
 * @ops: behaviour beyond holding values, or NULL
 */
struct audmod_module_info {
	guid_t class_id;
	u32 instance_id;
	u32 version_major;
	u32 version_minor;
	const char *name;
	const char *ctl_prefix;
	const struct audmod_param_info *params;
	unsigned int param_count;
	const struct audmod_module_ops *ops;
};

extern const struct audmod_module_info audmod_module_table[AUDMOD_MODULE_COUNT];

/**
 * struct audmod_modules_ops - what the modules tell their host
 * @param_changed: a parameter value changed other than by the
 *	audmod_modules_set() call that reports it through @changed (side
 *	effects, the level meter peak). Any context but hard IRQ (the meter
 *	calls it from the DMA engine's kthread_worker); called without the
 *	modules' lock.
 * @watched: whether some client may take the modules' events or
 *	notifications without reading their values (a subscriber to the
 *	card's control events, a reader of the notification channel): a
 *	module that pauses (&audmod_module_ops.pause) keeps measuring while
 *	it is. Same context as @param_changed. NULL: nobody is.
 */
struct audmod_modules_ops {
	void (*param_changed)(void *ctx, unsigned int module, unsigned int param);
	bool (*watched)(void *ctx);
};

/**
 * struct audmod_modules - the modules of one card
 * @lock: protects @values, @meter, @unread and @paused. Taken with
 *	interrupts disabled: any caller may take it, the DMA engine's worker
 *	(the level meter) too.
 * @state: per module, what its &audmod_module_info.ops work on, or NULL
 * @values: parameter values, [module][parameter id]
 * @meter: level meter state
 * @unread: per module that pauses, the periods it measured since its
 *	&audmod_module_ops.read_param was read or one of its parameters set
 * @paused: per module, it paused and has not been read since
 * @idle_periods: a module pauses after this many unread periods (while
 *	nobody is &audmod_modules_ops.watched); 0: never; below 0: the
 *	snd-soc-audmod parameter level_idle_periods, read at every period
 * @notifier: where notifications go; NULL: none are sent
 * @device_id: notification device id, in every notification header
 * @ops: callbacks to the host, or NULL
 * @ctx: first argument of @ops callbacks
 * @notify_errors: notifications that could not be allocated or sent
 */
struct audmod_modules {
	spinlock_t lock;	/* values, meter; irqsave */
	u64 values[AUDMOD_MODULE_COUNT][AUDMOD_MAX_PARAMS];
	struct audmod_level_state meter;
	u32 unread[AUDMOD_MODULE_COUNT];
	bool paused[AUDMOD_MODULE_COUNT];
	int idle_periods;
	void *state[AUDMOD_MODULE_COUNT];
	struct audmod_notifier *notifier;
	guid_t device_id;
	const struct audmod_modules_ops *ops;
	void *ctx;
	atomic_t notify_errors;
};

void audmod_modules_init(struct audmod_modules *m, const guid_t *device_id,
			 struct audmod_notifier *notifier,
			 const struct audmod_modules_ops *ops, void *ctx);
int audmod_modules_find(const guid_t *class_id, u32 instance_id);
bool audmod_param_valid(const struct audmod_param_info *p, u64 value);
u64 audmod_modules_get(struct audmod_modules *m, unsigned int module,
		       unsigned int param);
u32 audmod_modules_set(struct audmod_modules *m, unsigned int module,
		       unsigned int param, u64 value, bool *changed);
u32 audmod_modules_command(struct audmod_modules *m,
			   const struct audmod_command_request *req,
			   struct audmod_command_reply *reply,
			   int *changed_param);
void audmod_modules_descriptor(unsigned int module,
			       struct audmod_module_descriptor *d);
void audmod_modules_notify(struct audmod_modules *m, unsigned int module,
			   u32 pool_type, const void *payload, u32 bytes);
void audmod_modules_fill_header(struct audmod_modules *m, unsigned int module,
				struct audmod_notification_header *h);
void audmod_modules_feed(struct audmod_modules *m, unsigned int dir,
			 const void *data, unsigned int bytes,
			 unsigned int sample_bits);

#endif /* AUDMOD_AUDIO_MODULES_H */
