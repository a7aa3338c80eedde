// SPDX-License-Identifier: GPL-2.0
/*
 * The audio modules: parameter tables, values and the command protocol.
 *
 * The tables are those of sysvad's AudioModule0/1/2.h (types, access, valid
 * sets, notify-on-change flags), except where <uapi/audmod.h> says. The
 * default of a settable parameter is the first of its valid values (or 0);
 * the values of read-only parameters are constants of ours, documented in
 * <uapi/audmod.h>. The command handler answers as sysvad's
 * AudioModule_GenericHandler does, with the same NTSTATUS values.
 *
 * Locking: &audmod_modules.lock (irqsave) guards every value and the level
 * meter state; notifications are sent and the host is called without it.
 *
 * A module that pauses (the level meter) measures only while somebody reads
 * it: its value was read (a control get, a GET command) or one of its
 * parameters set within the last level_idle_periods periods, or somebody
 * may take its events (&audmod_modules_ops.watched). Unread, it pauses:
 * it skips the periods and its values go back to "nothing measured", so
 * that a reader never gets a value from before the pause; the read that
 * finds it paused resumes it.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include <audmod/notify.h>
#include <audmod/ntstatus.h>

#include "audio_modules.h"

static int audmod_level_idle_periods = 64;
module_param_named(level_idle_periods, audmod_level_idle_periods, int, 0644);
MODULE_PARM_DESC(level_idle_periods,
		 "Periods without a reader after which the level meter pauses (0: never; default 64)");

#define GS_B	(AUDMOD_VERB_GET | AUDMOD_VERB_SET | AUDMOD_VERB_BASIC_SUPPORT)
#define G_B	(AUDMOD_VERB_GET | AUDMOD_VERB_BASIC_SUPPORT)
#define NOTIFY	AUDMOD_PARAM_FLAG_CHANGE_NOTIFICATION

static const u64 generic_p1_set[] = { 1, 2, 5 };
static const u64 eq_p1_set[] = { 0, 1, 2 };
static const u64 aec_p1_set[] = { 1, 0xfffffffe };
static const u64 level_switch_set[] = { 0, 1 };

static const struct audmod_param_info generic_params[] = {
	[AUDMOD_GENERIC_P1] = {
		.name = "P1", .access = GS_B, .flags = NOTIFY, .size = 4,
		.vt_type = AUDMOD_VT_UI4, .valid_set = generic_p1_set,
		.valid_set_count = ARRAY_SIZE(generic_p1_set),
		.default_value = 1,
	},
	[AUDMOD_GENERIC_P2] = {
		.name = "P2", .access = G_B, .size = 1,
		.vt_type = AUDMOD_VT_UI1, .default_value = 0x10,
	},
};

static const struct audmod_param_info eq_params[] = {
	[AUDMOD_EQ_P1] = {
		.name = "P1", .access = GS_B, .flags = NOTIFY, .size = 1,
		.vt_type = AUDMOD_VT_UI1, .valid_set = eq_p1_set,
		.valid_set_count = ARRAY_SIZE(eq_p1_set),
	},
	/* A ULONGLONG: limited to what an INTEGER64 control can show. */
	[AUDMOD_EQ_P2] = {
		.name = "P2", .access = G_B, .size = 8,
		.vt_type = AUDMOD_VT_UI8, .has_range = true, .max = S64_MAX,
		.default_value = 0x100000000ull,
	},
	/* sysvad: any but all-0xFF. Stepped, so that a client can walk it. */
	[AUDMOD_EQ_P3] = {
		.name = "P3", .access = GS_B, .flags = NOTIFY, .size = 4,
		.vt_type = AUDMOD_VT_UI4, .has_range = true,
		.max = 0xff000000, .step = 0x01000000,
	},
};

static const struct audmod_param_info aec_params[] = {
	[AUDMOD_AEC_P1] = {
		.name = "P1", .access = GS_B, .flags = NOTIFY, .size = 4,
		.vt_type = AUDMOD_VT_UI4, .valid_set = aec_p1_set,
		.valid_set_count = ARRAY_SIZE(aec_p1_set),
		.default_value = 1,
	},
	[AUDMOD_AEC_P2] = {
		.name = "P2", .access = G_B, .size = 2,
		.vt_type = AUDMOD_VT_UI2, .default_value = 0x100,
	},
};

static const struct audmod_param_info level_params[] = {
	[AUDMOD_LEVEL_THRESHOLD] = {
		.name = "Threshold", .access = GS_B, .flags = NOTIFY, .size = 4,
		.vt_type = AUDMOD_VT_UI4, .has_range = true, .min = 1,
		.max = AUDMOD_LEVEL_FULL_SCALE, .default_value = 32767,
	},
	[AUDMOD_LEVEL_PEAK] = {
		.name = "Peak", .access = G_B, .size = 4,
		.vt_type = AUDMOD_VT_UI4, .has_range = true,
		.max = AUDMOD_LEVEL_FULL_SCALE,
	},
	[AUDMOD_LEVEL_SWITCH] = {
		.name = "Switch", .access = GS_B, .flags = NOTIFY, .size = 1,
		.vt_type = AUDMOD_VT_UI1, .valid_set = level_switch_set,
		.valid_set_count = ARRAY_SIZE(level_switch_set),
		.boolean = true, .default_value = 1,
	},
};

const struct audmod_module_info audmod_module_table[AUDMOD_MODULE_COUNT] = {
	[AUDMOD_MOD_GENERIC] = {
		.class_id = GUID_INIT(0xe24c8b6f, 0xede7, 0x4255, 0x8b, 0x39,
				      0x77, 0x97, 0x60, 0x15, 0xd5, 0x93),
		.version_major = 1, .version_minor = 0,
		.name = "Generic system module", .ctl_prefix = "Generic Module",
		.params = generic_params,
		.param_count = ARRAY_SIZE(generic_params),
	},
	[AUDMOD_MOD_EQ] = {
		.class_id = GUID_INIT(0x5ce55c8e, 0x84df, 0x4317, 0x98, 0xc7,
				      0x79, 0x2d, 0xe8, 0x33, 0x66, 0xcc),
		.version_major = 2, .version_minor = 1,
		.name = "EQ effect", .ctl_prefix = "EQ Effect",
		.params = eq_params, .param_count = ARRAY_SIZE(eq_params),
	},
	[AUDMOD_MOD_AEC] = {
		.class_id = GUID_INIT(0xcc2a9527, 0x19d9, 0x4784, 0x8d, 0xd4,
				      0x6c, 0x1f, 0xe0, 0x1e, 0x37, 0x26),
		.version_major = 2, .version_minor = 0,
		.name = "Echo cancellation", .ctl_prefix = "Echo Cancel",
		.params = aec_params, .param_count = ARRAY_SIZE(aec_params),
	},
	[AUDMOD_MOD_LEVEL] = {
		.class_id = GUID_INIT(0xc6575bef, 0xecb3, 0x47d1, 0xa0, 0xe4,
				      0x37, 0x4f, 0xf8, 0x68, 0x75, 0x84),
		.version_major = 1, .version_minor = 0,
		.name = "Level meter", .ctl_prefix = "Level Meter",
		.params = level_params, .param_count = ARRAY_SIZE(level_params),
		.ops = &audmod_level_meter_ops,
	},
};

/* Largest value a parameter of @size bytes can hold. */
static u64 audmod_size_max(u32 size)
{
	return size >= 8 ? U64_MAX : (1ull << (size * 8)) - 1;
}

/**
 * audmod_param_valid() - whether a value is valid for a parameter
 * @p: the parameter
 * @value: the value
 *
 * sysvad's validation: a member of the valid set when there is one;
 * otherwise not all-0xFF. A range (and its step), where the table has one,
 * bounds it too.
 * Any context.
 *
 * Return: true if @value may be set.
 */
bool audmod_param_valid(const struct audmod_param_info *p, u64 value)
{
	u32 i;

	if (value > audmod_size_max(p->size))
		return false;
	if (p->valid_set) {
		for (i = 0; i < p->valid_set_count; i++)
			if (p->valid_set[i] == value)
				return true;
		return false;
	}
	if (p->has_range)
		return value >= p->min && value <= p->max &&
		       (!p->step || (value - p->min) % p->step == 0);
	return value != audmod_size_max(p->size);
}

/**
 * audmod_modules_init() - give every parameter its default value
 * @m: the modules, zeroed by the caller
 * @device_id: notification device id of the card
 * @notifier: notifier for the modules' notifications, or NULL
 * @ops: host callbacks, or NULL
 * @ctx: first argument of the @ops callbacks
 *
 * Any context.
 */
void audmod_modules_init(struct audmod_modules *m, const guid_t *device_id,
			 struct audmod_notifier *notifier,
			 const struct audmod_modules_ops *ops, void *ctx)
{
	unsigned int i, j;

	spin_lock_init(&m->lock);
	for (i = 0; i < AUDMOD_MODULE_COUNT; i++)
		for (j = 0; j < audmod_module_table[i].param_count; j++)
			m->values[i][j] =
				audmod_module_table[i].params[j].default_value;
	m->state[AUDMOD_MOD_LEVEL] = &m->meter;
	for (i = 0; i < AUDMOD_MODULE_COUNT; i++)
		if (audmod_module_table[i].ops)
			audmod_module_table[i].ops->reset(m->state[i]);
	for (i = 0; i < AUDMOD_MODULE_COUNT; i++) {
		m->unread[i] = 0;
		m->paused[i] = false;
	}
	m->idle_periods = -1;
	guid_copy(&m->device_id, device_id);
	m->notifier = notifier;
	m->ops = ops;
	m->ctx = ctx;
	atomic_set(&m->notify_errors, 0);
}

/**
 * audmod_modules_find() - the module of a class id and instance id
 * @class_id: KSAUDIOMODULE_PROPERTY.ClassId
 * @instance_id: KSAUDIOMODULE_PROPERTY.InstanceId
 *
 * Any context.
 *
 * Return: the module index, or -1 when no module matches.
 */
int audmod_modules_find(const guid_t *class_id, u32 instance_id)
{
	int i;

	for (i = 0; i < AUDMOD_MODULE_COUNT; i++)
		if (guid_equal(&audmod_module_table[i].class_id, class_id) &&
		    audmod_module_table[i].instance_id == instance_id)
			return i;
	return -1;
}

/* Somebody reads or configures @module: it measures again. */
static void audmod_modules_touch(struct audmod_modules *m, unsigned int module)
{
	lockdep_assert_held(&m->lock);
	m->unread[module] = 0;
	m->paused[module] = false;
}

/**
 * audmod_modules_get() - the value of a parameter
 * @m: the modules
 * @module: module index, below %AUDMOD_MODULE_COUNT
 * @param: parameter id, below the module's parameter count
 *
 * A read of a pausing module's &audmod_module_ops.read_param counts as a
 * reader: it keeps the module measuring, or resumes it.
 * Any context.
 *
 * Return: the value.
 */
u64 audmod_modules_get(struct audmod_modules *m, unsigned int module,
		       unsigned int param)
{
	const struct audmod_module_ops *ops = audmod_module_table[module].ops;
	unsigned long flags;
	u64 v;

	spin_lock_irqsave(&m->lock, flags);
	if (ops && ops->pause && param == ops->read_param)
		audmod_modules_touch(m, module);
	v = m->values[module][param];
	spin_unlock_irqrestore(&m->lock, flags);
	return v;
}

/**
 * audmod_modules_fill_header() - the notification header of a module
 * @m: the modules
 * @module: module index
 * @h: filled: device id, class id, instance id, reserved zero
 *
 * Any context.
 */
void audmod_modules_fill_header(struct audmod_modules *m, unsigned int module,
				struct audmod_notification_header *h)
{
	const struct audmod_module_info *mi = &audmod_module_table[module];

	memset(h, 0, sizeof(*h));
	memcpy(h->device_id.b, &m->device_id, sizeof(h->device_id.b));
	memcpy(h->class_id.b, &mi->class_id, sizeof(h->class_id.b));
	h->instance_id = cpu_to_le32(mi->instance_id);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_modules_fill_header);

/**
 * audmod_modules_notify() - alloc, fill, send and free one notification
 * @m: the modules
 * @module: the sending module (for the statistics only)
 * @pool_type: %AUDMOD_PAGED_POOL in process context, else
 *	%AUDMOD_NON_PAGED_POOL_NX
 * @payload: header and module bytes
 * @bytes: size of @payload
 *
 * The IPortClsNotifications sequence of sysvad's AudioModule_SendNotification.
 * A failure is counted in &audmod_modules.notify_errors: like Windows'
 * SendNotification, the sender has nobody to report it to. Context: that
 * of @pool_type.
 */
void audmod_modules_notify(struct audmod_modules *m, unsigned int module,
			   u32 pool_type, const void *payload, u32 bytes)
{
	struct audmod_notification_buffer *buf;

	if (!m->notifier)
		return;
	if (audmod_notifier_alloc_buffer(m->notifier, pool_type, bytes,
					 &buf)) {
		atomic_inc(&m->notify_errors);
		return;
	}
	memcpy(buf->data, payload, bytes);
	if (audmod_notifier_send(m->notifier,
				 &audmod_ksnotificationid_audiomodule, buf))
		atomic_inc(&m->notify_errors);
	audmod_notifier_free_buffer(m->notifier, buf);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_modules_notify);

/**
 * audmod_modules_set() - set a parameter, as a SET command does
 * @m: the modules
 * @module: module index
 * @param: parameter id
 * @value: the new value
 * @changed: set to whether the value changed
 *
 * Validates, stores, applies the module's side effects (its
 * &audmod_module_ops.changed: switching the level meter on resets its peak;
 * reported through &audmod_modules_ops.param_changed) and,
 * when a notify-on-change parameter changed, sends a ParameterChanged
 * notification before returning, as sysvad does. Process context (the
 * notification buffer comes from PagedPool).
 *
 * Return: %AUDMOD_STATUS_SUCCESS; %AUDMOD_STATUS_INVALID_PARAMETER for an
 * unknown module or parameter or an invalid value;
 * %AUDMOD_STATUS_INVALID_DEVICE_REQUEST for a read-only parameter. Nothing
 * changes on failure.
 */
u32 audmod_modules_set(struct audmod_modules *m, unsigned int module,
		       unsigned int param, u64 value, bool *changed)
{
	const struct audmod_module_ops *ops;
	const struct audmod_param_info *p;
	struct audmod_module_notification n;
	unsigned long flags, side = 0;
	unsigned int other;

	might_sleep();
	*changed = false;
	if (module >= AUDMOD_MODULE_COUNT ||
	    param >= audmod_module_table[module].param_count)
		return AUDMOD_STATUS_INVALID_PARAMETER;
	p = &audmod_module_table[module].params[param];
	if (!(p->access & AUDMOD_VERB_SET))
		return AUDMOD_STATUS_INVALID_DEVICE_REQUEST;
	if (!audmod_param_valid(p, value))
		return AUDMOD_STATUS_INVALID_PARAMETER;

	ops = audmod_module_table[module].ops;
	spin_lock_irqsave(&m->lock, flags);
	if (ops && ops->pause)
		audmod_modules_touch(m, module);
	if (m->values[module][param] != value) {
		m->values[module][param] = value;
		*changed = true;
		if (ops && ops->changed)
			side = ops->changed(m->state[module], m->values[module],
					    param);
	}
	spin_unlock_irqrestore(&m->lock, flags);

	if (m->ops && m->ops->param_changed)
		for_each_set_bit(other, &side, AUDMOD_MAX_PARAMS)
			m->ops->param_changed(m->ctx, module, other);
	if (*changed && (p->flags & AUDMOD_PARAM_FLAG_CHANGE_NOTIFICATION)) {
		audmod_modules_fill_header(m, module, &n.header);
		n.type = cpu_to_le32(AUDMOD_NOTIFY_PARAMETER_CHANGED);
		n.parameter_id = cpu_to_le32(param);
		audmod_modules_notify(m, module, AUDMOD_PAGED_POOL, &n,
				      sizeof(n));
	}
	return AUDMOD_STATUS_SUCCESS;
}

static void audmod_put_le(u8 *dst, u64 v, u32 size)
{
	u32 i;

	for (i = 0; i < size; i++)
		dst[i] = v >> (8 * i);
}

static u64 audmod_get_le(const u8 *src, u32 size)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < size; i++)
		v |= (u64)src[i] << (8 * i);
	return v;
}

/* GET: the size-query / too-small / copy ladder of sysvad. */
static u32 audmod_cmd_get(struct audmod_modules *m, unsigned int module,
			  unsigned int param, u32 out_size,
			  struct audmod_command_reply *reply)
{
	const struct audmod_param_info *p =
		&audmod_module_table[module].params[param];

	if (!(p->access & AUDMOD_VERB_GET))
		return AUDMOD_STATUS_INVALID_DEVICE_REQUEST;
	if (out_size == 0) {
		reply->size = cpu_to_le32(p->size);
		return AUDMOD_STATUS_BUFFER_OVERFLOW;
	}
	if (out_size < p->size)
		return AUDMOD_STATUS_BUFFER_TOO_SMALL;
	audmod_put_le(reply->value, audmod_modules_get(m, module, param),
		      p->size);
	reply->size = cpu_to_le32(p->size);
	return AUDMOD_STATUS_SUCCESS;
}

/* SET: validation first, then the store (and the notification). */
static u32 audmod_cmd_set(struct audmod_modules *m, unsigned int module,
			  unsigned int param,
			  const struct audmod_command_request *req,
			  int *changed_param)
{
	const struct audmod_param_info *p =
		&audmod_module_table[module].params[param];
	u32 in_size = le32_to_cpu(req->value_size);
	bool changed;
	u32 status;

	if (!(p->access & AUDMOD_VERB_SET))
		return AUDMOD_STATUS_INVALID_DEVICE_REQUEST;
	if (in_size < p->size || in_size > sizeof(req->value))
		return AUDMOD_STATUS_INVALID_PARAMETER;
	status = audmod_modules_set(m, module, param,
				    audmod_get_le(req->value, p->size),
				    &changed);
	if (status == AUDMOD_STATUS_SUCCESS && changed)
		*changed_param = param;
	return status;
}

/* BASIC_SUPPORT: everything, the description, the access flags, or none. */
static u32 audmod_cmd_basic_support(const struct audmod_param_info *p,
				    u32 out_size,
				    struct audmod_command_reply *reply)
{
	struct audmod_param_description d = {};
	struct audmod_param_members mh = {};
	u32 full = sizeof(d), count = 0, member = 0, i;

	if (p->valid_set) {
		count = p->valid_set_count;
		member = p->size;
		mh.members_flags = cpu_to_le32(AUDMOD_MEMBERS_VALUES);
	} else if (p->has_range && p->step) {
		count = 1;
		member = 4 * p->size;
		mh.members_flags = cpu_to_le32(AUDMOD_MEMBERS_STEPPED_RANGES);
	} else if (p->has_range) {
		count = 1;
		member = 2 * p->size;
		mh.members_flags = cpu_to_le32(AUDMOD_MEMBERS_RANGES);
	}
	if (count)
		full += sizeof(mh) + count * member;
	/* The tables are small; a reply that could not carry them is a bug. */
	if (WARN_ON(full > sizeof(reply->value)))
		return AUDMOD_STATUS_UNSUCCESSFUL;

	if (out_size == 0) {
		reply->size = cpu_to_le32(full);
		return AUDMOD_STATUS_BUFFER_OVERFLOW;
	}
	if (out_size < sizeof(__le32))
		return AUDMOD_STATUS_BUFFER_TOO_SMALL;
	if (out_size < sizeof(d)) {
		audmod_put_le(reply->value, p->access, sizeof(__le32));
		reply->size = cpu_to_le32(sizeof(__le32));
		return AUDMOD_STATUS_SUCCESS;
	}
	d.access_flags = cpu_to_le32(p->access);
	d.description_size = cpu_to_le32(full);
	d.vt_type = cpu_to_le32(p->vt_type);
	d.flags = cpu_to_le32(p->flags);
	d.members_list_count = cpu_to_le32(count ? 1 : 0);
	memcpy(reply->value, &d, sizeof(d));
	if (out_size < full || !count) {
		reply->size = cpu_to_le32(sizeof(d));
		return AUDMOD_STATUS_SUCCESS;
	}
	mh.members_size = cpu_to_le32(member);
	mh.members_count = cpu_to_le32(count);
	memcpy(reply->value + sizeof(d), &mh, sizeof(mh));
	if (p->valid_set) {
		for (i = 0; i < count; i++)
			audmod_put_le(reply->value + sizeof(d) + sizeof(mh) +
				      i * p->size, p->valid_set[i], p->size);
	} else {
		u8 *dst = reply->value + sizeof(d) + sizeof(mh);

		/* KSPROPERTY_STEPPING_*: {delta, reserved, bounds}. */
		if (p->step) {
			audmod_put_le(dst, p->step, p->size);
			dst += 2 * p->size;
		}
		audmod_put_le(dst, p->min, p->size);
		audmod_put_le(dst + p->size, p->max, p->size);
	}
	reply->size = cpu_to_le32(full);
	return AUDMOD_STATUS_SUCCESS;
}

/**
 * audmod_modules_command() - run one command (KSPROPERTY_AUDIOMODULE_COMMAND)
 * @m: the modules
 * @req: the request
 * @reply: filled with the answer when the status is SUCCESS or
 *	BUFFER_OVERFLOW; contents undefined otherwise
 * @changed_param: set to the parameter id a SET changed, else to -1
 *
 * The protocol is documented with struct audmod_command_request. Process
 * context (a SET may send a notification from PagedPool).
 *
 * Return: the NTSTATUS of the command: %AUDMOD_STATUS_SUCCESS,
 * %AUDMOD_STATUS_BUFFER_OVERFLOW (size query), or an error status
 * (INVALID_PARAMETER, INVALID_DEVICE_REQUEST, BUFFER_TOO_SMALL) with nothing
 * changed. A verb with none of the BASIC_SUPPORT, GET and SET bits is an
 * INVALID_DEVICE_REQUEST.
 */
u32 audmod_modules_command(struct audmod_modules *m,
			   const struct audmod_command_request *req,
			   struct audmod_command_reply *reply,
			   int *changed_param)
{
	u32 verb = le32_to_cpu(req->verb);
	u32 param = le32_to_cpu(req->parameter_id);
	u32 out_size = min_t(u32, le32_to_cpu(req->value_size),
			     sizeof(reply->value));
	guid_t class_id;
	int module;
	u32 status;

	*changed_param = -1;
	memcpy(&class_id, req->class_id.b, sizeof(class_id));
	module = audmod_modules_find(&class_id, le32_to_cpu(req->instance_id));
	if (module < 0 || param >= audmod_module_table[module].param_count)
		return AUDMOD_STATUS_INVALID_PARAMETER;

	memset(reply, 0, sizeof(*reply));
	reply->verb = cpu_to_le32(AUDMOD_VERB_REPLY);
	reply->parameter_id = req->parameter_id;
	reply->class_id = req->class_id;
	reply->instance_id = req->instance_id;
	reply->request_verb = req->verb;

	/* As sysvad: bits, in this order; the first one present decides. */
	if (verb & AUDMOD_VERB_BASIC_SUPPORT)
		status = audmod_cmd_basic_support(&audmod_module_table[module].params[param],
						  out_size, reply);
	else if (verb & AUDMOD_VERB_GET)
		status = audmod_cmd_get(m, module, param, out_size, reply);
	else if (verb & AUDMOD_VERB_SET)
		status = audmod_cmd_set(m, module, param, req, changed_param);
	else
		status = AUDMOD_STATUS_INVALID_DEVICE_REQUEST;
	reply->status = cpu_to_le32(status);
	return status;
}

/* Tell the host about the parameters a module's callback changed. */
static void audmod_modules_report(struct audmod_modules *m, unsigned int module,
				  unsigned long changed)
{
	unsigned int other;

	if (m->ops && m->ops->param_changed)
		for_each_set_bit(other, &changed, AUDMOD_MAX_PARAMS)
			m->ops->param_changed(m->ctx, module, other);
}

/*
 * Whether module @i, switched on, measures this period: false if it pauses
 * now or stays paused. Takes and drops the lock; the host's watched() is
 * asked (once per period, *@watched caching it: -1 not asked yet) only
 * when the module has gone unread for @limit periods.
 */
static bool audmod_modules_measures(struct audmod_modules *m, unsigned int i,
				    int limit, int *watched)
{
	const struct audmod_module_ops *ops = audmod_module_table[i].ops;
	unsigned long flags, changed = 0;
	bool measure = true;

	spin_lock_irqsave(&m->lock, flags);
	if (!ops->pause || limit <= 0 || m->unread[i] < (u32)limit) {
		m->unread[i]++;
		spin_unlock_irqrestore(&m->lock, flags);
		return true;
	}
	spin_unlock_irqrestore(&m->lock, flags);

	if (*watched < 0)
		*watched = m->ops && m->ops->watched && m->ops->watched(m->ctx);
	spin_lock_irqsave(&m->lock, flags);
	if (*watched) {
		/* Somebody takes the events: measure, ask again later. */
		m->unread[i] = 0;
		m->paused[i] = false;
	} else if (m->unread[i] >= (u32)limit) {
		measure = false;
		if (!m->paused[i]) {
			m->paused[i] = true;
			changed = ops->pause(m->state[i], m->values[i]);
		}
	}
	spin_unlock_irqrestore(&m->lock, flags);
	audmod_modules_report(m, i, changed);
	return measure;
}

/**
 * audmod_modules_feed() - one released period, to every module that listens
 * @m: the modules
 * @dir: SNDRV_PCM_STREAM_PLAYBACK or SNDRV_PCM_STREAM_CAPTURE
 * @data: the period's samples
 * @bytes: size of @data
 * @sample_bits: 16 or 32 (S16_LE, S32_LE); other widths are ignored
 *
 * One call per period: each module that is switched on and measures (it
 * has been read within the last &audmod_modules.idle_periods periods, or
 * somebody watches, see the file comment) gets the whole period's level
 * through its &audmod_module_ops.period. The level is measured once per
 * period (without the lock), and only if some module takes it: with every
 * module switched off or paused, the samples are not read at all.
 * Parameters the modules change get their &audmod_modules_ops.param_changed;
 * a notification they ask for is sent from NonPagedPoolNx. Any context but
 * hard IRQ (the host's callbacks need not be IRQ-safe).
 */
void audmod_modules_feed(struct audmod_modules *m, unsigned int dir,
			 const void *data, unsigned int bytes,
			 unsigned int sample_bits)
{
	struct {
		struct audmod_notification_header header;
		u8 body[16];
	} note;
	const struct audmod_module_ops *ops;
	unsigned long flags, changed;
	int limit, watched = -1;
	bool measured = false;
	u32 level = 0, note_bytes;
	unsigned int i;
	bool on;

	if (bytes < sample_bits / 8 || (sample_bits != 16 && sample_bits != 32))
		return;
	limit = m->idle_periods < 0 ? READ_ONCE(audmod_level_idle_periods) :
		m->idle_periods;
	for (i = 0; i < AUDMOD_MODULE_COUNT; i++) {
		ops = audmod_module_table[i].ops;
		if (!ops || !ops->period)
			continue;
		spin_lock_irqsave(&m->lock, flags);
		on = m->values[i][ops->wants_level];
		spin_unlock_irqrestore(&m->lock, flags);
		if (!on || !audmod_modules_measures(m, i, limit, &watched))
			continue;
		if (!measured) {
			level = audmod_level_block_peak(data, bytes, sample_bits);
			measured = true;
		}
		note_bytes = 0;
		spin_lock_irqsave(&m->lock, flags);
		changed = m->values[i][ops->wants_level] ?
			  ops->period(m->state[i], m->values[i], dir, level,
				      note.body, sizeof(note.body), &note_bytes) :
			  0;
		spin_unlock_irqrestore(&m->lock, flags);
		audmod_modules_report(m, i, changed);
		if (!note_bytes)
			continue;
		audmod_modules_fill_header(m, i, &note.header);
		audmod_modules_notify(m, i, AUDMOD_NON_PAGED_POOL_NX, &note,
				      sizeof(note.header) + note_bytes);
	}
}
EXPORT_SYMBOL_IF_KUNIT(audmod_modules_feed);

/**
 * audmod_modules_descriptor() - KSAUDIOMODULE_DESCRIPTOR of a module
 * @module: module index, below %AUDMOD_MODULE_COUNT
 * @d: filled (name NUL-padded)
 *
 * Any context.
 */
void audmod_modules_descriptor(unsigned int module,
			       struct audmod_module_descriptor *d)
{
	const struct audmod_module_info *mi = &audmod_module_table[module];

	memset(d, 0, sizeof(*d));
	memcpy(d->class_id.b, &mi->class_id, sizeof(d->class_id.b));
	d->instance_id = cpu_to_le32(mi->instance_id);
	d->version_major = cpu_to_le32(mi->version_major);
	d->version_minor = cpu_to_le32(mi->version_minor);
	strscpy(d->name, mi->name, sizeof(d->name));
}
