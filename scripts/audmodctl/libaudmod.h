/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libaudmod: the audio modules of an audmod sound card, from userspace.
 *
 * A small library on alsa-lib. It opens a card, lists its audio modules
 * (class id, instance, version, name) and their parameters (type, access,
 * range or set of valid values), reads and writes parameters, sends raw
 * module commands and receives the modules' notifications decoded.
 *
 * Minimal use:
 *
 *	struct audmod_card *card;
 *	const struct audmod_module *m;
 *	const struct audmod_param *p;
 *	uint64_t v;
 *
 *	if (audmod_open(&card, NULL) < 0)	// first card with audio modules
 *		return 1;
 *	m = audmod_find_module(card, "Level Meter");
 *	p = m ? audmod_find_param(m, "Threshold") : NULL;
 *	if (p && audmod_get(card, p, &v) == 0)
 *		printf("%s %s = %llu\n", m->prefix, p->name,
 *		       (unsigned long long)v);
 *	audmod_close(card);
 *
 * Build with: cc prog.c $(pkg-config --cflags --libs libaudmod)
 *
 * Every function that can fail returns a negative errno: -ENODEV (no such
 * card, or a card without audio modules), -ENOENT (no such module or
 * parameter), -EINVAL/-EOPNOTSUPP/-ENOSPC (refused by the driver, as
 * documented in <uapi/audmod.h>), others from alsa-lib or the kernel.
 *
 * Threads: a struct audmod_card is not locked; use one from one thread at a
 * time, or one card handle per thread.
 */
#ifndef LIBAUDMOD_H
#define LIBAUDMOD_H

#include <stddef.h>
#include <stdint.h>

#include "uapi/audmod.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this library's interface. */
#define LIBAUDMOD_VERSION	"1.0"

/* Most parameters a module has, most valid values a parameter has. */
#define AUDMOD_LIB_MAX_PARAMS	16
#define AUDMOD_LIB_MAX_VALID	256
/* Bytes of a control name (ALSA's limit), the NUL included. */
#define AUDMOD_LIB_NAME_SIZE	44
/* Bytes of the text form of a GUID, braces and NUL included. */
#define AUDMOD_GUID_STR_SIZE	39

struct audmod_card;

/**
 * struct audmod_param - one parameter of a module
 * @id: the ParameterId of the commands (0, 1, ...).
 * @name: the parameter's short name, the end of its control's name
 *        ("P1", "Threshold").
 * @control: the whole control name ("Level Meter Threshold").
 * @numid: the control's numid (amixer cget numid=...).
 * @vt_type: the value type, AUDMOD_VT_*.
 * @size: bytes of the value: 1, 2, 4 or 8.
 * @access: the verbs allowed, AUDMOD_VERB_* bits.
 * @flags: AUDMOD_PARAM_FLAG_* (change notification).
 * @writable: nonzero if the value can be set.
 * @boolean: nonzero for an on/off parameter (valid values 0 and 1).
 * @min: lowest valid value (of the range, or of the valid set).
 * @max: highest valid value.
 * @step: without a valid set: the valid values are @min, @min + @step, ...
 *        up to @max (1: every value in the range).
 * @valid_count: number of valid values in @valid; 0: the values from @min
 *               to @max by @step are valid.
 * @valid: the valid values, in the driver's order.
 * @module: the module the parameter belongs to.
 */
struct audmod_param {
	unsigned int id;
	char name[AUDMOD_LIB_NAME_SIZE];
	char control[AUDMOD_LIB_NAME_SIZE];
	unsigned int numid;
	uint32_t vt_type;
	unsigned int size;
	uint32_t access;
	uint32_t flags;
	int writable;
	int boolean;
	uint64_t min;
	uint64_t max;
	uint64_t step;
	unsigned int valid_count;
	uint64_t valid[AUDMOD_LIB_MAX_VALID];
	const struct audmod_module *module;
};

/**
 * struct audmod_module - one audio module of the card
 * @index: its position in the card's list, from 0.
 * @class_id: the module class (KSAUDIOMODULE_DESCRIPTOR.ClassId).
 * @instance_id: the instance id.
 * @version_major: the module version.
 * @version_minor: the module version.
 * @name: the module's name (UTF-8), from its descriptor.
 * @prefix: the start of its control names ("EQ Effect").
 * @param_count: number of parameters in @params.
 * @params: the parameters, indexed by parameter id.
 */
struct audmod_module {
	unsigned int index;
	struct audmod_guid class_id;
	uint32_t instance_id;
	uint32_t version_major;
	uint32_t version_minor;
	char name[AUDMOD_MODULE_NAME_SIZE];
	char prefix[AUDMOD_LIB_NAME_SIZE];
	unsigned int param_count;
	struct audmod_param params[AUDMOD_LIB_MAX_PARAMS];
};

/**
 * struct audmod_reply - the answer to a module command
 * @status: NTSTATUS: 0 success, 0x80000005 BUFFER_OVERFLOW (a size query).
 * @request_verb: the verb answered.
 * @size: bytes in @value; with BUFFER_OVERFLOW, the size needed.
 * @value: the output, little-endian (@size bytes, at most as many as fit).
 */
struct audmod_reply {
	uint32_t status;
	uint32_t request_verb;
	uint32_t size;
	uint8_t value[AUDMOD_COMMAND_REPLY_VALUE_MAX];
};

/**
 * struct audmod_event - one notification, decoded
 * @seq: its sequence number on the card (from 1).
 * @timestamp_ns: CLOCK_MONOTONIC time the module sent it, ns.
 * @missed: notifications this reader missed just before this one (it
 *          was too slow, or they were dropped by the driver).
 * @module: the sending module, or NULL if the class id is unknown.
 * @class_id: the sender's class id.
 * @instance_id: the sender's instance id.
 * @type: AUDMOD_NOTIFY_*, or the module's own value.
 * @parameter_id: the parameter concerned.
 * @level: AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD: the level of the period.
 * @threshold: AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD: the threshold reached.
 * @size: bytes of the payload as sent (header included).
 * @payload: the payload bytes received (@captured of them); valid until
 *           the next audmod_notify_read() or audmod_close().
 * @captured: bytes at @payload.
 */
struct audmod_event {
	uint64_t seq;
	uint64_t timestamp_ns;
	uint64_t missed;
	const struct audmod_module *module;
	struct audmod_guid class_id;
	uint32_t instance_id;
	uint32_t type;
	uint32_t parameter_id;
	uint32_t level;
	uint32_t threshold;
	uint32_t size;
	const uint8_t *payload;
	uint32_t captured;
};

/**
 * audmod_open() - open a card and read its audio modules
 * @card: where the handle is stored
 * @name: a card index ("0"), id ("audmod"), "hw:N" or "hw:ID"; NULL: the
 *        first card that has audio modules
 *
 * Return: 0, -ENODEV if there is no such card or it has no audio modules,
 * -ENOMEM, or another negative errno from alsa-lib.
 */
int audmod_open(struct audmod_card **card, const char *name);

/**
 * audmod_close() - close a card handle
 * @card: the handle, or NULL
 */
void audmod_close(struct audmod_card *card);

/**
 * audmod_card_index() - the ALSA card index of an open card
 * @card: the card
 *
 * Return: the index (N of hw:N).
 */
int audmod_card_index(const struct audmod_card *card);

/**
 * audmod_card_id() - the ALSA card id ("audmod")
 * @card: the card
 *
 * Return: the id, owned by @card.
 */
const char *audmod_card_id(const struct audmod_card *card);

/**
 * audmod_card_name() - the card's long name
 * @card: the card
 *
 * Return: the name, owned by @card.
 */
const char *audmod_card_name(const struct audmod_card *card);

/**
 * audmod_device_id() - the card's notification device id
 * @card: the card
 * @id: where the GUID is stored
 *
 * Return: 0 or a negative errno.
 */
int audmod_device_id(struct audmod_card *card, struct audmod_guid *id);

/**
 * audmod_dropped_count() - notifications the card dropped so far
 * @card: the card
 * @dropped: where the count is stored
 *
 * These are the notifications the driver accepted and then could not
 * deliver to anyone; every reader misses them.
 *
 * Return: 0 or a negative errno.
 */
int audmod_dropped_count(struct audmod_card *card, uint64_t *dropped);

/**
 * audmod_channel_name() - the card's notification channel device
 * @card: the card
 *
 * Return: its ALSA name ("hw:0,0"), or NULL if the driver has no channel
 * (older drivers: notifications then come from control events, which keep
 * only the latest one, so a slow reader sees gaps as @missed).
 */
const char *audmod_channel_name(const struct audmod_card *card);

/**
 * audmod_module_count() - number of audio modules of the card
 * @card: the card
 *
 * Return: the count.
 */
unsigned int audmod_module_count(const struct audmod_card *card);

/**
 * audmod_module() - one module by index
 * @card: the card
 * @index: from 0 to audmod_module_count() - 1
 *
 * Return: the module (owned by @card), or NULL if @index is out of range.
 */
const struct audmod_module *audmod_module(const struct audmod_card *card,
					  unsigned int index);

/**
 * audmod_find_module() - a module by what a user calls it
 * @card: the card
 * @what: its index ("1"), control prefix ("EQ Effect"), name ("EQ effect")
 *        or class id ("{5ce55c8e-84df-4317-98c7-792de83366cc}", braces
 *        optional); names compare without regard to case
 *
 * Return: the module, or NULL.
 */
const struct audmod_module *audmod_find_module(const struct audmod_card *card,
					       const char *what);

/**
 * audmod_find_module_guid() - a module by class id and instance id
 * @card: the card
 * @class_id: the class id
 * @instance_id: the instance id
 *
 * Return: the module, or NULL.
 */
const struct audmod_module *
audmod_find_module_guid(const struct audmod_card *card,
			const struct audmod_guid *class_id,
			uint32_t instance_id);

/**
 * audmod_find_param() - a parameter by id ("0") or name ("P1", "Switch")
 * @m: the module
 * @what: the id or the name (case-insensitive)
 *
 * Return: the parameter, or NULL.
 */
const struct audmod_param *audmod_find_param(const struct audmod_module *m,
					     const char *what);

/**
 * audmod_get() - read a parameter's value
 * @card: the card
 * @p: the parameter
 * @value: where the value is stored
 *
 * Return: 0 or a negative errno.
 */
int audmod_get(struct audmod_card *card, const struct audmod_param *p,
	       uint64_t *value);

/**
 * audmod_set() - set a parameter
 * @card: the card
 * @p: the parameter
 * @value: the new value
 *
 * The driver checks the value; a refused value leaves the parameter as it
 * was. Setting a notify-on-change parameter to a new value sends a
 * AUDMOD_NOTIFY_PARAMETER_CHANGED notification.
 *
 * Return: 1 if the value changed, 0 if it was already @value, -EINVAL for
 * a value the parameter does not take, -EOPNOTSUPP for a read-only
 * parameter, or another negative errno.
 */
int audmod_set(struct audmod_card *card, const struct audmod_param *p,
	       uint64_t value);

/**
 * audmod_command() - send one module command and get its reply
 * @card: the card
 * @m: the module addressed
 * @verb: AUDMOD_VERB_GET, _SET or _BASIC_SUPPORT (others are refused)
 * @parameter_id: the parameter
 * @value: SET: the value bytes (little-endian); else NULL
 * @value_size: SET: bytes at @value; GET and BASIC_SUPPORT: the size of the
 *              output buffer the driver may fill (0: ask for the size)
 * @reply: where the reply is stored
 *
 * Return: 0 (see @reply->status), or the errno of a failing NTSTATUS:
 * -EINVAL, -EOPNOTSUPP, -ENOSPC, or another negative errno.
 */
int audmod_command(struct audmod_card *card, const struct audmod_module *m,
		   uint32_t verb, uint32_t parameter_id, const void *value,
		   size_t value_size, struct audmod_reply *reply);

/**
 * audmod_notify_start() - start receiving the card's notifications
 * @card: the card
 *
 * Notifications sent after this call are queued for this handle; those
 * the reader is too slow for are counted in &audmod_event.missed.
 *
 * Return: 0 or a negative errno.
 */
int audmod_notify_start(struct audmod_card *card);

/**
 * audmod_notify_fd() - a file descriptor to poll for notifications
 * @card: the card, after audmod_notify_start()
 *
 * It polls readable (POLLIN) when audmod_notify_read() may have something
 * to return; audmod_notify_read(card, ev, 0) then does not block.
 *
 * Return: the fd, or -EBADFD if notifications were not started.
 */
int audmod_notify_fd(struct audmod_card *card);

/**
 * audmod_notify_read() - the next notification
 * @card: the card, after audmod_notify_start()
 * @ev: where it is stored
 * @timeout_ms: -1: wait as long as needed; 0: do not wait; else wait at
 *              most that many milliseconds
 *
 * Return: 1 with @ev filled, 0 if none came in time, or a negative errno.
 */
int audmod_notify_read(struct audmod_card *card, struct audmod_event *ev,
		       int timeout_ms);

/**
 * audmod_guid_format() - a GUID in its Windows text form
 * @g: the GUID
 * @buf: at least %AUDMOD_GUID_STR_SIZE bytes: "{xxxxxxxx-xxxx-...}"
 *
 * Return: @buf.
 */
char *audmod_guid_format(const struct audmod_guid *g, char *buf);

/**
 * audmod_guid_parse() - a GUID from its text form, braces optional
 * @s: the text
 * @g: where the GUID is stored
 *
 * Return: 0, or -EINVAL if @s is not a GUID.
 */
int audmod_guid_parse(const char *s, struct audmod_guid *g);

/**
 * audmod_vt_name() - the name of a value type ("UI4")
 * @vt_type: AUDMOD_VT_*
 *
 * Return: the name, or "?" for an unknown type.
 */
const char *audmod_vt_name(uint32_t vt_type);

/**
 * audmod_event_name() - the name of a notification type
 * @type: AUDMOD_NOTIFY_*
 *
 * Return: "parameter-changed", "level-over-threshold" or NULL if unknown.
 */
const char *audmod_event_name(uint32_t type);

/**
 * audmod_status_name() - the name of an NTSTATUS a reply carries
 * @status: the status
 *
 * Return: "SUCCESS", "BUFFER_OVERFLOW", ... or NULL if unknown.
 */
const char *audmod_status_name(uint32_t status);

#ifdef __cplusplus
}
#endif

#endif /* LIBAUDMOD_H */
