// SPDX-License-Identifier: GPL-2.0
/*
 * The audio modules as ALSA controls (names and layouts: <uapi/audmod.h>).
 *
 * Rules every control keeps (sound/core/control.c, linux-notes.md 4): info
 * and values agree; a put refuses what info does not allow with -EINVAL
 * (the stock kernel has no CONFIG_SND_CTL_INPUT_VALIDATION); a put returns
 * 1 only when the value changed, and the core then raises the value event;
 * every other change raises one here with snd_ctl_notify(), which is safe
 * in atomic context; nothing raises an event without a change. Gets are
 * cheap and have no side effect (alsactl store reads every control).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <sound/core.h>

#include <audmod/notify.h>
#include <audmod/ntstatus.h>

#include "module_controls.h"

#define AUDMOD_DEVICE_ID_BYTES	16

static struct audmod_ctl *audmod_ctl_of(struct snd_kcontrol *kctl)
{
	return (struct audmod_ctl *)kctl->private_value;
}

static const struct audmod_param_info *audmod_ctl_param(const struct audmod_ctl *c)
{
	return &audmod_module_table[c->module].params[c->param];
}

/* NT_ERROR(): severity 3. Warnings (BUFFER_OVERFLOW) still carry a reply. */
static bool audmod_nt_error(u32 status)
{
	return (status & 0xc0000000u) == 0xc0000000u;
}

/* Raise a value event; any context but hard IRQ. */
static void audmod_ctl_event(struct audmod_ctl *c)
{
	struct snd_kcontrol *kctl = READ_ONCE(c->kctl);

	if (!kctl)
		return;
	atomic_inc(&c->events);
	snd_ctl_notify(c->owner->card, SNDRV_CTL_EVENT_MASK_VALUE, &kctl->id);
}

/* The bounds an INTEGER control shows: those audmod_param_valid() checks. */
static void audmod_param_bounds(const struct audmod_param_info *p,
				s64 *min, s64 *max)
{
	if (p->has_range) {
		*min = p->min;
		*max = p->max;
	} else {
		/* All-0xFF is invalid without a valid set (sysvad). */
		*min = 0;
		*max = p->size >= 8 ? S64_MAX : (1ll << (p->size * 8)) - 2;
	}
}

static int audmod_param_info(struct snd_kcontrol *kctl,
			     struct snd_ctl_elem_info *uinfo)
{
	const struct audmod_param_info *p = audmod_ctl_param(audmod_ctl_of(kctl));
	unsigned int item;
	s64 min, max;

	uinfo->count = 1;
	if (p->boolean) {
		uinfo->type = SNDRV_CTL_ELEM_TYPE_BOOLEAN;
		uinfo->value.integer.min = 0;
		uinfo->value.integer.max = 1;
	} else if (p->valid_set) {
		uinfo->type = SNDRV_CTL_ELEM_TYPE_ENUMERATED;
		uinfo->value.enumerated.items = p->valid_set_count;
		item = min(uinfo->value.enumerated.item, p->valid_set_count - 1);
		uinfo->value.enumerated.item = item;
		snprintf(uinfo->value.enumerated.name,
			 sizeof(uinfo->value.enumerated.name), "%llu",
			 p->valid_set[item]);
	} else if (p->size == 8) {
		audmod_param_bounds(p, &min, &max);
		uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER64;
		uinfo->value.integer64.min = min;
		uinfo->value.integer64.max = max;
	} else {
		audmod_param_bounds(p, &min, &max);
		uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER;
		uinfo->value.integer.min = min;
		uinfo->value.integer.max = max;
	}
	return 0;
}

static int audmod_param_get(struct snd_kcontrol *kctl,
			    struct snd_ctl_elem_value *uc)
{
	struct audmod_ctl *c = audmod_ctl_of(kctl);
	const struct audmod_param_info *p = audmod_ctl_param(c);
	u64 v = audmod_modules_get(c->owner->modules, c->module, c->param);
	unsigned int i;

	if (p->boolean) {
		uc->value.integer.value[0] = v;
	} else if (p->valid_set) {
		for (i = 0; i < p->valid_set_count; i++)
			if (p->valid_set[i] == v)
				break;
		/* Values are only ever set from the valid set. */
		if (WARN_ON(i == p->valid_set_count))
			i = 0;
		uc->value.enumerated.item[0] = i;
	} else if (p->size == 8) {
		uc->value.integer64.value[0] = v;
	} else {
		uc->value.integer.value[0] = v;
	}
	return 0;
}

static int audmod_param_put(struct snd_kcontrol *kctl,
			    struct snd_ctl_elem_value *uc)
{
	struct audmod_ctl *c = audmod_ctl_of(kctl);
	const struct audmod_param_info *p = audmod_ctl_param(c);
	bool changed;
	s64 in, min, max;
	u32 status;
	u64 v;

	if (p->valid_set && !p->boolean) {
		if (uc->value.enumerated.item[0] >= p->valid_set_count)
			return -EINVAL;
		v = p->valid_set[uc->value.enumerated.item[0]];
	} else {
		in = p->size == 8 && !p->boolean ? uc->value.integer64.value[0] :
						   uc->value.integer.value[0];
		if (p->boolean) {
			min = 0;
			max = 1;
		} else {
			audmod_param_bounds(p, &min, &max);
		}
		if (in < min || in > max)
			return -EINVAL;
		v = in;
	}
	status = audmod_modules_set(c->owner->modules, c->module, c->param, v,
				    &changed);
	if (status != AUDMOD_STATUS_SUCCESS)
		return audmod_ntstatus_to_errno(status);
	return changed;
}

static int audmod_bytes_info(struct snd_kcontrol *kctl,
			     struct snd_ctl_elem_info *uinfo)
{
	static const unsigned int bytes[] = {
		[AUDMOD_CTL_KIND_DESCRIPTOR] = sizeof(struct audmod_module_descriptor),
		[AUDMOD_CTL_KIND_COMMAND] = AUDMOD_COMMAND_BYTES,
		[AUDMOD_CTL_KIND_NOTIFICATION] = sizeof(struct audmod_notification_record),
		[AUDMOD_CTL_KIND_DEVICE_ID] = AUDMOD_DEVICE_ID_BYTES,
	};

	uinfo->type = SNDRV_CTL_ELEM_TYPE_BYTES;
	uinfo->count = bytes[audmod_ctl_of(kctl)->kind];
	return 0;
}

static int audmod_descriptor_get(struct snd_kcontrol *kctl,
				 struct snd_ctl_elem_value *uc)
{
	struct audmod_module_descriptor d;

	audmod_modules_descriptor(audmod_ctl_of(kctl)->module, &d);
	memcpy(uc->value.bytes.data, &d, sizeof(d));
	return 0;
}

static int audmod_device_id_get(struct snd_kcontrol *kctl,
				struct snd_ctl_elem_value *uc)
{
	memcpy(uc->value.bytes.data, &audmod_ctl_of(kctl)->owner->device_id,
	       AUDMOD_DEVICE_ID_BYTES);
	return 0;
}

static int audmod_command_get(struct snd_kcontrol *kctl,
			      struct snd_ctl_elem_value *uc)
{
	struct audmod_controls *cs = audmod_ctl_of(kctl)->owner;

	mutex_lock(&cs->cmd_lock);
	memcpy(uc->value.bytes.data, &cs->reply, sizeof(cs->reply));
	mutex_unlock(&cs->cmd_lock);
	return 0;
}

/*
 * Run the request written. The reply replaces the control's value only when
 * the command succeeded (or answered a size query); a failure changes
 * nothing and returns the errno of its NTSTATUS.
 */
static int audmod_command_put(struct snd_kcontrol *kctl,
			      struct snd_ctl_elem_value *uc)
{
	struct audmod_controls *cs = audmod_ctl_of(kctl)->owner;
	struct audmod_ctl *param_ctl = NULL;
	int changed_param, module, ret;
	guid_t class_id;
	u32 status;

	mutex_lock(&cs->cmd_lock);
	memcpy(&cs->req, uc->value.bytes.data, sizeof(cs->req));
	/* A reply written back (alsactl restore) runs nothing. */
	if (le32_to_cpu(cs->req.verb) == AUDMOD_VERB_REPLY) {
		ret = 0;
		goto out;
	}
	status = audmod_modules_command(cs->modules, &cs->req, &cs->scratch,
					&changed_param);
	if (audmod_nt_error(status)) {
		ret = audmod_ntstatus_to_errno(status);
		goto out;
	}
	if (changed_param >= 0) {
		memcpy(&class_id, cs->req.class_id.b, sizeof(class_id));
		module = audmod_modules_find(&class_id,
					     le32_to_cpu(cs->req.instance_id));
		param_ctl = audmod_controls_find(cs, AUDMOD_CTL_KIND_PARAM,
						 module, changed_param);
	}
	ret = memcmp(&cs->reply, &cs->scratch, sizeof(cs->reply)) != 0;
	if (ret)
		memcpy(&cs->reply, &cs->scratch, sizeof(cs->reply));
out:
	mutex_unlock(&cs->cmd_lock);
	if (param_ctl)
		audmod_ctl_event(param_ctl);
	return ret;
}

/* The 32-byte head of the record; note_lock held. */
static void audmod_note_head(struct audmod_controls *cs,
			     struct audmod_notification_record *r, u32 captured)
{
	lockdep_assert_held(&cs->note_lock);
	r->seq = cpu_to_le64(cs->note_seq);
	r->timestamp_ns = cpu_to_le64(cs->note_ts);
	r->dropped = cpu_to_le64(cs->lost);
	r->size = cpu_to_le32(cs->note_size);
	r->captured = cpu_to_le32(captured);
}

static int audmod_notification_get(struct snd_kcontrol *kctl,
				   struct snd_ctl_elem_value *uc)
{
	struct audmod_controls *cs = audmod_ctl_of(kctl)->owner;
	u32 captured;

	mutex_lock(&cs->note_lock);
	captured = min_t(u32, cs->note_size, AUDMOD_NOTIFICATION_RECORD_DATA_MAX);
	memset(&cs->rec, 0, sizeof(cs->rec));
	audmod_note_head(cs, &cs->rec, captured);
	memcpy(cs->rec.data, cs->note_data, captured);
	memcpy(uc->value.bytes.data, &cs->rec, sizeof(cs->rec));
	mutex_unlock(&cs->note_lock);
	return 0;
}

/*
 * TLV read of the whole latest notification: container {tag, length} in
 * host order like every ALSA TLV, the record head, then as much of the
 * payload as the caller's @size allows. The copy is bounded by the
 * caller's buffer and by the payload kept (at most 65535 bytes).
 */
static int audmod_notification_tlv(struct snd_kcontrol *kctl, int op_flag,
				   unsigned int size, unsigned int __user *tlv)
{
	struct audmod_controls *cs = audmod_ctl_of(kctl)->owner;
	const unsigned int head = AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE;
	unsigned int container[2];
	u8 __user *dst = (u8 __user *)tlv;
	u32 captured;
	int ret = 0;

	if (op_flag != SNDRV_CTL_TLV_OP_READ)
		return -ENXIO;
	if (size < sizeof(container) + head)
		return -ENOSPC;

	mutex_lock(&cs->note_lock);
	captured = min_t(u32, cs->note_size, size - sizeof(container) - head);
	audmod_note_head(cs, &cs->rec, captured);
	container[0] = AUDMOD_NOTIFICATION_TLV_TAG;
	container[1] = head + captured;
	if (copy_to_user(dst, container, sizeof(container)) ||
	    copy_to_user(dst + sizeof(container), &cs->rec, head) ||
	    copy_to_user(dst + sizeof(container) + head, cs->note_data, captured))
		ret = -EFAULT;
	mutex_unlock(&cs->note_lock);
	return ret;
}

static int audmod_lost_info(struct snd_kcontrol *kctl,
			    struct snd_ctl_elem_info *uinfo)
{
	uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER64;
	uinfo->count = 1;
	uinfo->value.integer64.min = 0;
	uinfo->value.integer64.max = S64_MAX;
	return 0;
}

static int audmod_lost_get(struct snd_kcontrol *kctl,
			   struct snd_ctl_elem_value *uc)
{
	struct audmod_controls *cs = audmod_ctl_of(kctl)->owner;

	mutex_lock(&cs->note_lock);
	uc->value.integer64.value[0] = min_t(u64, cs->lost, S64_MAX);
	mutex_unlock(&cs->note_lock);
	return 0;
}

/**
 * audmod_controls_find() - a control by what it shows
 * @cs: the controls
 * @kind: its kind
 * @module: module index (descriptor and parameter kinds), else ignored
 * @param: parameter id (parameter kind), else ignored
 *
 * Any context.
 *
 * Return: the control, or NULL.
 */
struct audmod_ctl *audmod_controls_find(struct audmod_controls *cs,
					enum audmod_ctl_kind kind,
					unsigned int module, unsigned int param)
{
	struct audmod_ctl *c;
	unsigned int i;

	for (i = 0; i < cs->count; i++) {
		c = &cs->ctls[i];
		if (c->kind != kind)
			continue;
		if ((kind == AUDMOD_CTL_KIND_DESCRIPTOR ||
		     kind == AUDMOD_CTL_KIND_PARAM) && c->module != module)
			continue;
		if (kind == AUDMOD_CTL_KIND_PARAM && c->param != param)
			continue;
		return c;
	}
	return NULL;
}
EXPORT_SYMBOL_NS_GPL(audmod_controls_find, AUDMOD);

/**
 * audmod_controls_param_changed() - a parameter changed behind its control
 * @cs: the controls
 * @module: module index
 * @param: parameter id
 *
 * Raises the value event of the parameter's control. Any context but hard
 * IRQ (the level meter calls it from the hrtimer softirq); safe while the
 * controls exist, which the host guarantees by stopping the meter first.
 */
void audmod_controls_param_changed(struct audmod_controls *cs,
				   unsigned int module, unsigned int param)
{
	struct audmod_ctl *c = audmod_controls_find(cs, AUDMOD_CTL_KIND_PARAM,
						    module, param);

	if (c)
		audmod_ctl_event(c);
}

/**
 * audmod_controls_deliver() - show a delivered notification
 * @cs: the controls
 * @n: the notification, as the notifier delivers it
 *
 * Keeps a copy of it (payload bounded at %AUDMOD_NOTIFICATION_MAX_BYTES)
 * as the notification control's value and raises its value event, and the
 * lost counter's when that changed. Process context (the notifier's deliver
 * callback).
 */
void audmod_controls_deliver(struct audmod_controls *cs,
			     const struct audmod_notification *n)
{
	u32 size = min_t(u32, n->size, AUDMOD_NOTIFICATION_MAX_BYTES);
	bool lost_changed;

	mutex_lock(&cs->note_lock);
	cs->note_seq = n->seq;
	cs->note_ts = n->timestamp_ns;
	cs->note_size = size;
	memcpy(cs->note_data, n->data, size);
	lost_changed = cs->lost != n->lost;
	cs->lost = n->lost;
	mutex_unlock(&cs->note_lock);

	audmod_ctl_event(audmod_controls_find(cs, AUDMOD_CTL_KIND_NOTIFICATION,
					      0, 0));
	if (lost_changed)
		audmod_ctl_event(audmod_controls_find(cs, AUDMOD_CTL_KIND_LOST,
						      0, 0));
}
EXPORT_SYMBOL_NS_GPL(audmod_controls_deliver, AUDMOD);

/* One control: name, template, add. */
static int audmod_controls_add_one(struct audmod_controls *cs,
				   const char *prefix,
				   enum audmod_ctl_kind kind,
				   unsigned int module, unsigned int param,
				   const char *base, const char *sep,
				   const char *suffix)
{
	struct audmod_ctl *c = &cs->ctls[cs->count];
	struct snd_kcontrol_new t = {
		.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
		.access = SNDRV_CTL_ELEM_ACCESS_READ,
		.info = audmod_bytes_info,
		.private_value = (unsigned long)c,
	};
	struct snd_kcontrol *kctl;
	int len, ret;

	if (WARN_ON(cs->count >= ARRAY_SIZE(cs->ctls)))
		return -ENOSPC;
	c->owner = cs;
	c->kind = kind;
	c->module = module;
	c->param = param;
	atomic_set(&c->events, 0);
	len = snprintf(c->name, sizeof(c->name), "%s%s%s%s%s",
		       prefix ? prefix : "", prefix ? " " : "", base, sep,
		       suffix);
	if (len >= sizeof(c->name))
		return -ENAMETOOLONG;
	t.name = c->name;

	switch (kind) {
	case AUDMOD_CTL_KIND_DESCRIPTOR:
		t.get = audmod_descriptor_get;
		break;
	case AUDMOD_CTL_KIND_PARAM:
		t.info = audmod_param_info;
		t.get = audmod_param_get;
		if (audmod_ctl_param(c)->access & AUDMOD_VERB_SET) {
			t.put = audmod_param_put;
			t.access |= SNDRV_CTL_ELEM_ACCESS_WRITE;
		}
		break;
	case AUDMOD_CTL_KIND_COMMAND:
		t.get = audmod_command_get;
		t.put = audmod_command_put;
		t.access |= SNDRV_CTL_ELEM_ACCESS_WRITE;
		break;
	case AUDMOD_CTL_KIND_NOTIFICATION:
		t.get = audmod_notification_get;
		t.access |= SNDRV_CTL_ELEM_ACCESS_TLV_READ |
			    SNDRV_CTL_ELEM_ACCESS_TLV_CALLBACK;
		t.tlv.c = audmod_notification_tlv;
		break;
	case AUDMOD_CTL_KIND_DEVICE_ID:
		t.get = audmod_device_id_get;
		break;
	case AUDMOD_CTL_KIND_LOST:
		t.info = audmod_lost_info;
		t.get = audmod_lost_get;
		break;
	}

	kctl = snd_ctl_new1(&t, cs);
	if (!kctl)
		return -ENOMEM;
	ret = snd_ctl_add(cs->card, kctl);	/* frees kctl on failure */
	if (ret)
		return ret;
	WRITE_ONCE(c->kctl, kctl);
	cs->count++;
	return 0;
}

/**
 * audmod_controls_add() - create the controls of the modules on a card
 * @cs: the controls, zeroed by the caller; must stay allocated until
 *	audmod_controls_remove() returns
 * @card: the card
 * @prefix: name prefix (the component's), or NULL
 * @m: the modules the controls show
 * @device_id: the notification device id
 *
 * Process context, may sleep; not from a control callback (it takes the
 * card's controls lock).
 *
 * Return: 0, -ENOMEM, -ENAMETOOLONG when @prefix makes a name too long, or
 * an error of snd_ctl_add(). On error nothing is left on the card.
 */
int audmod_controls_add(struct audmod_controls *cs, struct snd_card *card,
			const char *prefix, struct audmod_modules *m,
			const guid_t *device_id)
{
	const struct audmod_module_info *mi;
	unsigned int i, j;
	int ret;

	might_sleep();
	cs->card = card;
	cs->modules = m;
	guid_copy(&cs->device_id, device_id);
	mutex_init(&cs->cmd_lock);
	mutex_init(&cs->note_lock);
	cs->reply.verb = cpu_to_le32(AUDMOD_VERB_REPLY);
	cs->note_data = kvzalloc(AUDMOD_NOTIFICATION_MAX_BYTES, GFP_KERNEL);
	if (!cs->note_data)
		return -ENOMEM;

	for (i = 0; i < AUDMOD_MODULE_COUNT; i++) {
		mi = &audmod_module_table[i];
		ret = audmod_controls_add_one(cs, prefix,
					      AUDMOD_CTL_KIND_DESCRIPTOR, i, 0,
					      mi->ctl_prefix, "",
					      AUDMOD_CTL_DESCRIPTOR_SUFFIX);
		for (j = 0; !ret && j < mi->param_count; j++)
			ret = audmod_controls_add_one(cs, prefix,
						      AUDMOD_CTL_KIND_PARAM, i, j,
						      mi->ctl_prefix, " ",
						      mi->params[j].name);
		if (ret)
			goto fail;
	}
	ret = audmod_controls_add_one(cs, prefix, AUDMOD_CTL_KIND_COMMAND, 0, 0,
				      AUDMOD_CTL_COMMAND, "", "");
	if (!ret)
		ret = audmod_controls_add_one(cs, prefix,
					      AUDMOD_CTL_KIND_NOTIFICATION, 0, 0,
					      AUDMOD_CTL_NOTIFICATION, "", "");
	if (!ret)
		ret = audmod_controls_add_one(cs, prefix,
					      AUDMOD_CTL_KIND_DEVICE_ID, 0, 0,
					      AUDMOD_CTL_DEVICE_ID, "", "");
	if (!ret)
		ret = audmod_controls_add_one(cs, prefix, AUDMOD_CTL_KIND_LOST,
					      0, 0, AUDMOD_CTL_DROPPED, "", "");
	if (ret)
		goto fail;
	return 0;

fail:
	audmod_controls_remove(cs);
	return ret;
}

/**
 * audmod_controls_remove() - remove the controls from the card
 * @cs: the controls
 *
 * No callback of the modules or the notifier may reach @cs during or after
 * this call. Process context, may sleep; not from a control callback.
 */
void audmod_controls_remove(struct audmod_controls *cs)
{
	struct snd_kcontrol *kctl;
	unsigned int i;

	might_sleep();
	for (i = 0; i < cs->count; i++) {
		kctl = cs->ctls[i].kctl;
		WRITE_ONCE(cs->ctls[i].kctl, NULL);
		snd_ctl_remove_id(cs->card, &kctl->id);
	}
	cs->count = 0;
	kvfree(cs->note_data);
	cs->note_data = NULL;
	mutex_destroy(&cs->note_lock);
	mutex_destroy(&cs->cmd_lock);
}
