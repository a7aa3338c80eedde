/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the stress tools (stress_fuzz, stress_hostile,
 * stress_soak) share: finding the audmod card's control device, listing
 * its controls, the parameter table of <uapi/audmod.h> section 3 as a
 * model, and a read that checks what the kernel hands back.
 *
 * The read check ("fill-pattern check"): the whole struct
 * snd_ctl_elem_value is filled with FILL before ELEM_READ. The kernel
 * copies the struct in, lets the driver fill count x element size bytes
 * and copies the struct back. Bytes past the value must come back as FILL
 * (our own bytes) or, with CONFIG_SND_CTL_DEBUG, as 0 (the core checks and
 * clears the area past the value); anything else came from the kernel and
 * is an overflow or stale memory. Inside the value, BYTES controls are
 * checked against their layouts: padding and unused tails must be zero.
 */
#ifndef STRESS_CTL_H
#define STRESS_CTL_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sound/asound.h>

#include "uapi/audmod.h"
#include "hwdep_channel.h"

#define FILL		0xa5
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_CTLS	64
#define N_MODULES	4

/* One parameter of the model: the table of <uapi/audmod.h> section 3. */
struct model_param {
	const char *name;		/* control name */
	unsigned int size;		/* bytes */
	int settable;
	unsigned int nvalid;		/* entries of valid[], 0: a range */
	uint64_t valid[3];
	uint64_t min, max;
	int has_range;			/* BASIC_SUPPORT lists {min, max} */
	int moving;			/* changes by itself (the peak) */
	uint64_t step;			/* a stepped range: min + k * step */
};

struct model_module {
	struct audmod_guid class_id;
	unsigned int nparams;
	struct model_param p[3];
};

static const struct model_module model[N_MODULES] = {
	{ AUDMOD_CLASS_GENERIC, 2, {
		{ "Generic Module P1", 4, 1, 3, { 1, 2, 5 } },
		{ "Generic Module P2", 1, 0, 0, { 0 }, 0, 0xfe },
	} },
	{ AUDMOD_CLASS_EQ, 3, {
		{ "EQ Effect P1", 1, 1, 3, { 0, 1, 2 } },
		{ "EQ Effect P2", 8, 0, 0, { 0 }, 0, INT64_MAX, 1 },
		{ "EQ Effect P3", 4, 1, 0, { 0 }, 0, 0xff000000, 1, 0,
		  0x01000000 },
	} },
	{ AUDMOD_CLASS_AEC, 2, {
		{ "Echo Cancel P1", 4, 1, 2, { 1, 0xfffffffe } },
		{ "Echo Cancel P2", 2, 0, 0, { 0 }, 0, 0xfffe },
	} },
	{ AUDMOD_CLASS_LEVEL_METER, 3, {
		{ "Level Meter Threshold", 4, 1, 0, { 0 }, 1,
		  AUDMOD_LEVEL_FULL_SCALE, 1 },
		{ "Level Meter Peak", 4, 0, 0, { 0 }, 0,
		  AUDMOD_LEVEL_FULL_SCALE, 1, 1 },
		{ "Level Meter Switch", 1, 1, 2, { 0, 1 } },
	} },
};

static inline int model_valid(const struct model_param *p, uint64_t v)
{
	unsigned int i;

	if (p->size < 8 && v >> (8 * p->size))
		return 0;
	if (!p->nvalid)
		return v >= p->min && v <= p->max &&
		       (!p->step || (v - p->min) % p->step == 0);
	for (i = 0; i < p->nvalid; i++)
		if (p->valid[i] == v)
			return 1;
	return 0;
}

/*
 * ENUMERATED controls: a valid set, or a stepped range (item i is
 * min + i * step).
 */
static inline unsigned int model_items(const struct model_param *p)
{
	return p->nvalid ? p->nvalid : (unsigned int)((p->max - p->min) / p->step + 1);
}

static inline uint64_t model_item(const struct model_param *p, unsigned int i)
{
	return p->nvalid ? p->valid[i] : p->min + i * p->step;
}

/* One control of the card, as ELEM_INFO describes it. */
struct ctl {
	struct snd_ctl_elem_info info;
	const char *name;
	int module, param;		/* -1 unless a parameter control */
};

struct card {
	int fd;
	unsigned int count;
	struct ctl c[MAX_CTLS];
	int notification, lost, device_id;	/* indexes in c[] */
	int hwdep;			/* the channel: commands */
	unsigned char reply[AUDMOD_COMMAND_BYTES];	/* this process's last */
};

static unsigned long long failures;

/* A failed expectation: print it (the first 50) and count it. */
static inline void fail(const char *fmt, ...)
{
	va_list ap;

	if (++failures > 50)
		return;
	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
}

static inline int card_open(void)
{
	struct snd_ctl_card_info ci;
	char path[32];
	int i, fd;

	for (i = 0; i < 32; i++) {
		snprintf(path, sizeof(path), "/dev/snd/controlC%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&ci, 0, sizeof(ci));
		if (!ioctl(fd, SNDRV_CTL_IOCTL_CARD_INFO, &ci) &&
		    !strcmp((char *)ci.id, "audmod"))
			return fd;
		close(fd);
	}
	fprintf(stderr, "no audmod card\n");
	return -1;
}

static inline int card_find(const struct card *cd, const char *name)
{
	unsigned int i;

	for (i = 0; i < cd->count; i++)
		if (!strcmp(cd->c[i].name, name))
			return i;
	return -1;
}

/* List every control with ELEM_LIST and describe it with ELEM_INFO. */
static inline int card_scan(struct card *cd)
{
	struct snd_ctl_elem_id ids[MAX_CTLS];
	struct snd_ctl_elem_list list;
	unsigned int i, m, p;
	struct ctl *c;

	memset(cd, 0, sizeof(*cd));
	cd->fd = card_open();
	if (cd->fd < 0)
		return -1;
	memset(&list, 0, sizeof(list));
	list.space = MAX_CTLS;
	list.pids = ids;
	if (ioctl(cd->fd, SNDRV_CTL_IOCTL_ELEM_LIST, &list) < 0 ||
	    list.count > MAX_CTLS || list.used != list.count) {
		fprintf(stderr, "ELEM_LIST: %s (%u controls)\n", strerror(errno),
			list.count);
		return -1;
	}
	for (i = 0; i < list.used; i++) {
		c = &cd->c[cd->count];
		memset(c, 0, sizeof(*c));
		c->info.id = ids[i];
		if (ioctl(cd->fd, SNDRV_CTL_IOCTL_ELEM_INFO, &c->info) < 0) {
			fprintf(stderr, "ELEM_INFO %s: %s\n", ids[i].name,
				strerror(errno));
			return -1;
		}
		c->name = (const char *)c->info.id.name;
		c->module = -1;
		c->param = -1;
		for (m = 0; m < N_MODULES; m++)
			for (p = 0; p < model[m].nparams; p++)
				if (!strcmp(c->name, model[m].p[p].name)) {
					c->module = m;
					c->param = p;
				}
		cd->count++;
	}
	cd->hwdep = hwdep_open(cd->fd);
	cd->notification = card_find(cd, AUDMOD_CTL_NOTIFICATION);
	cd->lost = card_find(cd, AUDMOD_CTL_DROPPED);
	cd->device_id = card_find(cd, AUDMOD_CTL_DEVICE_ID);
	memset(cd->reply, 0, sizeof(cd->reply));
	if (cd->hwdep < 0 || cd->notification < 0 || cd->lost < 0 ||
	    cd->device_id < 0) {
		fprintf(stderr, "audmod controls missing\n");
		return -1;
	}
	return 0;
}

static inline const struct model_param *ctl_param(const struct ctl *c)
{
	return c->module < 0 ? NULL : &model[c->module].p[c->param];
}

/* Bytes of the value the kernel fills: count x element size. */
static inline size_t value_bytes(const struct snd_ctl_elem_info *info)
{
	switch (info->type) {
	case SNDRV_CTL_ELEM_TYPE_BYTES:
		return info->count;
	case SNDRV_CTL_ELEM_TYPE_INTEGER64:
		return info->count * sizeof(long long);
	case SNDRV_CTL_ELEM_TYPE_ENUMERATED:
		return info->count * sizeof(unsigned int);
	case SNDRV_CTL_ELEM_TYPE_IEC958:
		return sizeof(struct snd_aes_iec958);
	default:
		return info->count * sizeof(long);
	}
}

static inline int all_bytes(const unsigned char *p, size_t n, unsigned char b)
{
	while (n--)
		if (*p++ != b)
			return 0;
	return 1;
}

/*
 * The scalar a parameter control shows, as the parameter's value (an
 * ENUMERATED item is mapped through the valid set).
 */
static inline uint64_t scalar_of(const struct ctl *c, const struct snd_ctl_elem_value *v)
{
	const struct model_param *p = ctl_param(c);

	switch (c->info.type) {
	case SNDRV_CTL_ELEM_TYPE_ENUMERATED:
		return p && v->value.enumerated.item[0] < model_items(p) ?
		       model_item(p, v->value.enumerated.item[0]) : UINT64_MAX;
	case SNDRV_CTL_ELEM_TYPE_INTEGER64:
		return v->value.integer64.value[0];
	default:
		return v->value.integer.value[0];
	}
}

/* Range and layout checks of a value read back; 0 when it is sane. */
static inline int check_value(const struct ctl *c, const struct snd_ctl_elem_value *v)
{
	const struct snd_ctl_elem_info *in = &c->info;
	const unsigned char *b = v->value.bytes.data;
	const struct audmod_notification_record *r;
	const struct audmod_module_descriptor *d;
	unsigned int i, m;
	size_t len;

	for (i = 0; i < in->count && in->type != SNDRV_CTL_ELEM_TYPE_BYTES; i++) {
		long long x, lo, hi;

		switch (in->type) {
		case SNDRV_CTL_ELEM_TYPE_BOOLEAN:
			x = v->value.integer.value[i];
			lo = 0;
			hi = 1;
			break;
		case SNDRV_CTL_ELEM_TYPE_INTEGER:
			x = v->value.integer.value[i];
			lo = in->value.integer.min;
			hi = in->value.integer.max;
			break;
		case SNDRV_CTL_ELEM_TYPE_INTEGER64:
			x = v->value.integer64.value[i];
			lo = in->value.integer64.min;
			hi = in->value.integer64.max;
			break;
		case SNDRV_CTL_ELEM_TYPE_ENUMERATED:
			x = v->value.enumerated.item[i];
			lo = 0;
			hi = (long long)in->value.enumerated.items - 1;
			break;
		default:
			continue;
		}
		if (x < lo || x > hi) {
			fail("%s: read %lld outside %lld..%lld", c->name, x, lo, hi);
			return -1;
		}
	}
	if (in->type != SNDRV_CTL_ELEM_TYPE_BYTES)
		return 0;

	if (strstr(c->name, AUDMOD_CTL_DESCRIPTOR_SUFFIX)) {
		d = (const void *)b;
		for (m = 0; m < N_MODULES; m++)
			if (!memcmp(&d->class_id, &model[m].class_id, 16))
				break;
		len = strnlen(d->name, sizeof(d->name));
		if (m == N_MODULES || len == sizeof(d->name) ||
		    !all_bytes((const unsigned char *)d->name + len,
			       sizeof(d->name) - len, 0)) {
			fail("%s: descriptor malformed or not NUL-padded", c->name);
			return -1;
		}
	} else if (!strcmp(c->name, AUDMOD_CTL_NOTIFICATION)) {
		r = (const void *)b;
		if (r->captured > r->size ||
		    r->captured > sizeof(r->data) ||
		    (r->size && r->size < AUDMOD_NOTIFICATION_HEADER_SIZE) ||
		    r->captured != (r->size < sizeof(r->data) ? r->size : sizeof(r->data)) ||
		    !all_bytes(r->data + r->captured, sizeof(r->data) - r->captured, 0) ||
		    (!r->seq && !all_bytes(b, sizeof(*r), 0))) {
			fail("%s: bad record (seq %llu size %u captured %u)",
			     c->name, (unsigned long long)r->seq, r->size,
			     r->captured);
			return -1;
		}
	}
	return 0;
}

/*
 * ELEM_READ of control @c into @v with the fill-pattern check; returns the
 * ioctl's errno (0 on success). A successful read is also range-checked.
 */
static inline int ctl_read(struct card *cd, const struct ctl *c,
			   struct snd_ctl_elem_value *v)
{
	size_t used = value_bytes(&c->info), tail;
	const unsigned char *after;

	memset(v, FILL, sizeof(*v));
	memset(&v->id, 0, sizeof(v->id));
	v->id.numid = c->info.id.numid;
	if (ioctl(cd->fd, SNDRV_CTL_IOCTL_ELEM_READ, v) < 0)
		return errno;
	/* The core works in 32-bit words past the value. */
	used = (used + 3) & ~(size_t)3;
	after = v->value.bytes.data + used;
	tail = sizeof(v->value) - used;
	if (!all_bytes(after, tail, FILL) && !all_bytes(after, tail, 0))
		fail("%s: %zu bytes past the value changed to kernel data",
		     c->name, tail);
	if (!all_bytes((const unsigned char *)&v->value + sizeof(v->value),
		       sizeof(*v) - offsetof(struct snd_ctl_elem_value, value) -
		       sizeof(v->value), FILL))
		fail("%s: reserved bytes of the value changed", c->name);
	check_value(c, v);
	return 0;
}

/* ELEM_WRITE of @v; returns the errno (0 on success). */
static inline int ctl_write(struct card *cd, struct snd_ctl_elem_value *v)
{
	return ioctl(cd->fd, SNDRV_CTL_IOCTL_ELEM_WRITE, v) < 0 ? errno : 0;
}

/* A value for control @c holding scalar @x (item index if ENUMERATED). */
static inline void scalar_value(const struct ctl *c,
				struct snd_ctl_elem_value *v, long long x)
{
	memset(v, 0, sizeof(*v));
	v->id.numid = c->info.id.numid;
	if (c->info.type == SNDRV_CTL_ELEM_TYPE_ENUMERATED)
		v->value.enumerated.item[0] = x;
	else if (c->info.type == SNDRV_CTL_ELEM_TYPE_INTEGER64)
		v->value.integer64.value[0] = x;
	else
		v->value.integer.value[0] = x;
}

/* A command request for module @m, parameter @p. */
static inline void request(struct audmod_command_request *rq, uint32_t verb,
			   unsigned int m, uint32_t p, uint32_t value_size,
			   uint64_t value)
{
	unsigned int i;

	memset(rq, 0, sizeof(*rq));
	rq->verb = verb;
	rq->parameter_id = p;
	rq->class_id = model[m].class_id;
	rq->value_size = value_size;
	for (i = 0; i < 8; i++)
		rq->value[i] = value >> (8 * i);
}

/* Write request @rq to the command control; returns the errno. */
/*
 * One command by the channel's ioctl: 0 or the errno. On success its reply
 * is in cd->reply; a failure leaves cd->reply as it was.
 */
static inline int command(struct card *cd, const struct audmod_command_request *rq)
{
	union audmod_command c;

	memcpy(&c.request, rq, sizeof(*rq));
	if (ioctl(cd->hwdep, AUDMOD_IOCTL_COMMAND, &c) < 0)
		return errno;
	memcpy(cd->reply, &c.reply, sizeof(cd->reply));
	return 0;
}

#endif /* STRESS_CTL_H */
