// SPDX-License-Identifier: GPL-2.0
/*
 * The audio modules as ALSA controls (names and layouts: <uapi/audmod.h>).
 *
 * Rules every control keeps (enforced by sound/core/control.c): info
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
#include <sound/core.h>
#include <kunit/visibility.h>

#include <audmod/notify.h>
#include <audmod/ntstatus.h>

#include "compat.h"
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

/* Raise a value event; never sleeps (snd_ctl_notify() takes irqsave locks). */
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

/* INTEGER where every valid value fits s32 (generic clients assume it). */
static bool audmod_param_is_int64(const struct audmod_param_info *p)
{
	s64 min, max;

	audmod_param_bounds(p, &min, &max);
	return min < S32_MIN || max > S32_MAX;
}

/*
 * Parameters shown as ENUMERATED: those with a valid set (not {0, 1}, a
 * BOOLEAN) and stepped ranges, item i being min + i * step. A stepped range
 * is an enumeration rather than an INTEGER64 because alsactl restores
 * INTEGER64 controls only from values it parses as 64-bit, which a state
 * file's small values are not.
 */
static bool audmod_param_is_enum(const struct audmod_param_info *p)
{
	return (p->valid_set && !p->boolean) || (p->has_range && p->step);
}

static u32 audmod_param_items(const struct audmod_param_info *p)
{
	if (p->valid_set)
		return p->valid_set_count;
	return (p->max - p->min) / p->step + 1;
}

static u64 audmod_param_item_value(const struct audmod_param_info *p, u32 i)
{
	return p->valid_set ? p->valid_set[i] : p->min + i * p->step;
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
	} else if (audmod_param_is_enum(p)) {
		uinfo->type = SNDRV_CTL_ELEM_TYPE_ENUMERATED;
		uinfo->value.enumerated.items = audmod_param_items(p);
		item = min(uinfo->value.enumerated.item,
			   audmod_param_items(p) - 1);
		uinfo->value.enumerated.item = item;
		snprintf(uinfo->value.enumerated.name,
			 sizeof(uinfo->value.enumerated.name), "%llu",
			 audmod_param_item_value(p, item));
	} else if (audmod_param_is_int64(p)) {
		audmod_param_bounds(p, &min, &max);
		uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER64;
		uinfo->value.integer64.min = min;
		uinfo->value.integer64.max = max;
		uinfo->value.integer64.step = p->step;
	} else {
		audmod_param_bounds(p, &min, &max);
		uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER;
		uinfo->value.integer.min = min;
		uinfo->value.integer.max = max;
		uinfo->value.integer.step = p->step;
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
	} else if (audmod_param_is_enum(p)) {
		for (i = 0; i < audmod_param_items(p); i++)
			if (audmod_param_item_value(p, i) == v)
				break;
		/* Values are only ever set from the valid ones. */
		if (WARN_ON(i == audmod_param_items(p)))
			i = 0;
		uc->value.enumerated.item[0] = i;
	} else if (audmod_param_is_int64(p)) {
		uc->value.integer64.value[0] = v;
	} else {
		uc->value.integer.value[0] = v;
	}
	return 0;
}

/*
 * Refuses what info does not allow with -EINVAL, as the core's optional
 * input validation would; returns 1 only for a real change, so that the
 * core raises exactly one value event, before the write returns.
 */
static int audmod_param_put(struct snd_kcontrol *kctl,
			    struct snd_ctl_elem_value *uc)
{
	struct audmod_ctl *c = audmod_ctl_of(kctl);
	const struct audmod_param_info *p = audmod_ctl_param(c);
	bool changed;
	s64 in, min, max;
	u32 status;
	u64 v;

	if (audmod_param_is_enum(p)) {
		if (uc->value.enumerated.item[0] >= audmod_param_items(p))
			return -EINVAL;
		v = audmod_param_item_value(p, uc->value.enumerated.item[0]);
	} else {
		in = !p->boolean && audmod_param_is_int64(p) ?
			uc->value.integer64.value[0] :
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

static int audmod_notification_get(struct snd_kcontrol *kctl,
				   struct snd_ctl_elem_value *uc)
{
	struct audmod_controls *cs = audmod_ctl_of(kctl)->owner;
	unsigned long flags;

	spin_lock_irqsave(&cs->note_lock, flags);
	memcpy(uc->value.bytes.data, &cs->rec, sizeof(cs->rec));
	spin_unlock_irqrestore(&cs->note_lock, flags);
	return 0;
}

static int audmod_dropped_info(struct snd_kcontrol *kctl,
			       struct snd_ctl_elem_info *uinfo)
{
	uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER64;
	uinfo->count = 1;
	uinfo->value.integer64.min = 0;
	uinfo->value.integer64.max = S64_MAX;
	return 0;
}

static int audmod_dropped_get(struct snd_kcontrol *kctl,
			      struct snd_ctl_elem_value *uc)
{
	struct audmod_controls *cs = audmod_ctl_of(kctl)->owner;
	unsigned long flags;

	spin_lock_irqsave(&cs->note_lock, flags);
	uc->value.integer64.value[0] = min_t(u64, cs->dropped, S64_MAX);
	spin_unlock_irqrestore(&cs->note_lock, flags);
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
EXPORT_SYMBOL_IF_KUNIT(audmod_controls_find);

/**
 * audmod_controls_param_changed() - a parameter changed behind its control
 * @cs: the controls
 * @module: module index
 * @param: parameter id
 *
 * Raises the value event of the parameter's control. Any context but hard
 * IRQ (the level meter calls it from the DMA engine's worker); safe while the
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
 * Makes it the notification control's value (its first
 * %AUDMOD_NOTIFICATION_RECORD_DATA_MAX payload bytes) and raises that
 * control's value event, unless it is a ParameterChanged notification:
 * the parameter's own control announces that change with its event, and
 * a write must raise one event only (generic clients count the events a
 * write causes, whatever the control). Raises the dropped counter's event
 * when that changed. Never
 * sleeps: any context where spinlock_t may be taken and snd_ctl_notify()
 * called (process, softirq, hard interrupt without PREEMPT_RT).
 */
void audmod_controls_deliver(struct audmod_controls *cs,
			     const struct audmod_notification *n)
{
	u32 captured = min_t(u32, n->size, AUDMOD_NOTIFICATION_RECORD_DATA_MAX);
	struct audmod_notification_record *r = &cs->rec;
	const struct audmod_module_notification *mn = (const void *)n->data;
	bool dropped_changed, announced;
	unsigned long flags;

	announced = n->size >= sizeof(*mn) &&
		    le32_to_cpu(mn->type) == AUDMOD_NOTIFY_PARAMETER_CHANGED;
	spin_lock_irqsave(&cs->note_lock, flags);
	r->seq = cpu_to_le64(n->seq);
	r->timestamp_ns = cpu_to_le64(n->timestamp_ns);
	r->dropped = cpu_to_le64(n->lost);
	r->size = cpu_to_le32(n->size);
	r->captured = cpu_to_le32(captured);
	memcpy(r->data, n->data, captured);
	memset(r->data + captured, 0, sizeof(r->data) - captured);
	dropped_changed = cs->dropped != n->lost;
	cs->dropped = n->lost;
	spin_unlock_irqrestore(&cs->note_lock, flags);

	if (!announced)
		audmod_ctl_event(audmod_controls_find(cs,
						      AUDMOD_CTL_KIND_NOTIFICATION,
						      0, 0));
	if (dropped_changed)
		audmod_ctl_event(audmod_controls_find(cs, AUDMOD_CTL_KIND_DROPPED,
						      0, 0));
}
EXPORT_SYMBOL_NS_GPL(audmod_controls_deliver, AUDMOD_NS);

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
	case AUDMOD_CTL_KIND_NOTIFICATION:
		t.get = audmod_notification_get;
		/* A ParameterChanged one updates it without an event of its own. */
		t.access |= SNDRV_CTL_ELEM_ACCESS_VOLATILE;
		break;
	case AUDMOD_CTL_KIND_DEVICE_ID:
		t.get = audmod_device_id_get;
		break;
	case AUDMOD_CTL_KIND_DROPPED:
		t.info = audmod_dropped_info;
		t.get = audmod_dropped_get;
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
	spin_lock_init(&cs->note_lock);

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
	ret = audmod_controls_add_one(cs, prefix, AUDMOD_CTL_KIND_NOTIFICATION,
				      0, 0, AUDMOD_CTL_NOTIFICATION, "", "");
	if (!ret)
		ret = audmod_controls_add_one(cs, prefix,
					      AUDMOD_CTL_KIND_DEVICE_ID, 0, 0,
					      AUDMOD_CTL_DEVICE_ID, "", "");
	if (!ret)
		ret = audmod_controls_add_one(cs, prefix,
					      AUDMOD_CTL_KIND_DROPPED, 0, 0,
					      AUDMOD_CTL_DROPPED, "", "");
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
}
