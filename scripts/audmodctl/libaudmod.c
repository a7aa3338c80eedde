// SPDX-License-Identifier: GPL-2.0
/*
 * libaudmod: the audio modules of an audmod card through alsa-lib.
 *
 * What the driver shows (layouts and names: <uapi/audmod.h>):
 *  - one read-only BYTES control "<Prefix> Descriptor" per module, followed
 *    (in numid order) by one control per parameter, "<Prefix> <Name>", in
 *    parameter id order;
 *  - the module command channel;
 *  - the notification channel, drained from its mapped ring where the
 *    driver has one (no system call per notification; poll() only when it
 *    is empty), else by read().
 * Enumeration, get and set use the controls; the command and notification
 * transports are the two functions of each kind marked "transport" below,
 * so that the rest of the library does not depend on how they reach the
 * driver.
 */
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>

#include <alsa/asoundlib.h>

#include "libaudmod.h"

/*
 * The notification buffer: room for the largest channel record twice (a
 * read returns as many whole records as fit), and for the largest TLV
 * answer of the notification control.
 */
#define NOTE_BUF_BYTES	(2 * AUDMOD_CHANNEL_READ_MAX + 8)

/*
 * What drivers without the notification channel have instead (the command
 * control, the TLV read of the notification control, the lost counter).
 */
#define LEGACY_CTL_COMMAND		"Audio Module Command"
#define LEGACY_CTL_LOST			"Audio Module Notifications Lost"
#define LEGACY_NOTIFICATION_TLV_TAG	0x4e444d41

struct audmod_card {
	snd_ctl_t *ctl;
	int index;
	char id[64];
	char name[128];
	/* The notification channel: device number (-1: none) and name. */
	int hwdep_dev;
	char hwdep_name[32];
	snd_hwdep_t *cmd_hw;
	unsigned int note_numid;
	unsigned int devid_numid;
	unsigned int dropped_numid;
	unsigned int module_count;
	struct audmod_module *modules;
	/* Notifications: the channel, records read and not yet returned. */
	snd_hwdep_t *note_hw;
	uint8_t *note_buf;
	size_t note_len;
	size_t note_off;
	/* The mapped ring and this handle's position page, or NULL: read(). */
	const struct audmod_channel_map *note_map;
	size_t note_map_size;
	struct audmod_channel_map_position *note_pos;
	size_t note_pos_size;
	/* Without a channel: the command control, control events. */
	unsigned int cmd_numid;
	snd_ctl_t *note_ctl;
	uint64_t note_last_seq;
};

/* ---- small helpers ------------------------------------------------------ */

static uint32_t get_le32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static uint16_t get_le16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

static uint64_t get_le64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static void put_le32(void *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

static void put_le16(void *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, sizeof(v));
}

static void put_le64(void *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static unsigned int vt_size(uint32_t vt)
{
	switch (vt) {
	case AUDMOD_VT_UI1:
		return 1;
	case AUDMOD_VT_UI2:
		return 2;
	case AUDMOD_VT_UI4:
		return 4;
	case AUDMOD_VT_UI8:
		return 8;
	}
	return 0;
}

/* Parse a whole unsigned decimal number; -EINVAL unless all of @s is one. */
static int parse_u64_dec(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read a BYTES control by numid into @buf (at most @len bytes). */
static int read_bytes(snd_ctl_t *ctl, unsigned int numid, void *buf, size_t len)
{
	snd_ctl_elem_value_t *v;
	int err;

	snd_ctl_elem_value_alloca(&v);
	snd_ctl_elem_value_set_numid(v, numid);
	err = snd_ctl_elem_read(ctl, v);
	if (err < 0)
		return err;
	memcpy(buf, snd_ctl_elem_value_get_bytes(v), len);
	return 0;
}

/* ---- command transport -------------------------------------------------- */

/*
 * Run one request and fetch its reply. On the notification channel's hwdep
 * device this is one ioctl whose reply belongs to the call. Drivers without
 * the channel have the command control instead: write the request, read the
 * reply back; another client's command between the two shows as a reply to
 * another request, refused with -EAGAIN.
 */
static int cmd_transport(struct audmod_card *c,
			 const struct audmod_command_request *req,
			 struct audmod_command_reply *rep)
{
	union audmod_command u;
	snd_ctl_elem_value_t *v;
	int err;

	if (c->hwdep_dev >= 0) {
		if (!c->cmd_hw) {
			err = snd_hwdep_open(&c->cmd_hw, c->hwdep_name,
					     SND_HWDEP_OPEN_READ);
			if (err < 0)
				return err;
		}
		u.request = *req;
		err = snd_hwdep_ioctl(c->cmd_hw, AUDMOD_IOCTL_COMMAND, &u);
		if (err < 0)
			return err;
		*rep = u.reply;
		return 0;
	}
	if (!c->cmd_numid)
		return -EOPNOTSUPP;
	snd_ctl_elem_value_alloca(&v);
	snd_ctl_elem_value_set_numid(v, c->cmd_numid);
	snd_ctl_elem_set_bytes(v, (void *)req, sizeof(*req));
	err = snd_ctl_elem_write(c->ctl, v);
	if (err < 0)
		return err;
	err = read_bytes(c->ctl, c->cmd_numid, rep, sizeof(*rep));
	if (err < 0)
		return err;
	if (le32toh(rep->verb) != AUDMOD_VERB_REPLY ||
	    rep->request_verb != req->verb ||
	    rep->parameter_id != req->parameter_id ||
	    memcmp(&rep->class_id, &req->class_id, sizeof(req->class_id)) ||
	    rep->instance_id != req->instance_id)
		return -EAGAIN;
	return 0;
}

/* ---- notification transport --------------------------------------------- */

/*
 * One notification as the transports hand it over: the fields of a
 * channel record and the payload.
 */
struct note_raw {
	uint64_t seq;
	uint64_t timestamp_ns;
	uint64_t missed;
	uint32_t size;
	const uint8_t *data;
	uint32_t captured;
};

/* Unmap what note_map_open() mapped. */
static void note_map_close(struct audmod_card *c)
{
	if (c->note_pos)
		munmap(c->note_pos, c->note_pos_size);
	if (c->note_map)
		munmap((void *)c->note_map, c->note_map_size);
	c->note_pos = NULL;
	c->note_map = NULL;
}

/*
 * Map the channel's ring read-only and this handle's position page (which
 * then is its read position, for read() and poll() too). Any failure, a
 * driver without the mapped ring (-ENXIO) or a layout this library does not
 * know, leaves nothing mapped: read() then.
 */
static void note_map_open(struct audmod_card *c, int fd)
{
	long page = sysconf(_SC_PAGESIZE);
	const struct audmod_channel_map *h;
	void *p;

	p = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return;
	h = p;
	if (le32toh(h->version) != AUDMOD_CHANNEL_MAP_VERSION ||
	    le32toh(h->header_size) < sizeof(*h) ||
	    le32toh(h->records) != AUDMOD_CHANNEL_RECORDS ||
	    le32toh(h->bytes) != AUDMOD_CHANNEL_BYTES) {
		munmap(p, (size_t)page);
		return;
	}
	c->note_map_size = le32toh(h->map_size);
	c->note_pos_size = (size_t)page;
	munmap(p, (size_t)page);
	p = mmap(NULL, c->note_map_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return;
	c->note_map = p;
	p = mmap(NULL, c->note_pos_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, le32toh(c->note_map->position_offset));
	if (p == MAP_FAILED) {
		note_map_close(c);
		return;
	}
	c->note_pos = p;
}

/* First slot number in [tail, head) whose record is @seq or newer. */
static uint32_t note_map_find(const struct audmod_channel_map_slot *slots,
			      uint32_t tail, uint32_t head, uint64_t seq)
{
	uint32_t lo = tail, n = head - tail, half;

	while (n) {
		half = n / 2;
		if (get_le64(&slots[(lo + half) % AUDMOD_CHANNEL_RECORDS].seq) < seq) {
			lo += half + 1;
			n -= half + 1;
		} else {
			n = half;
		}
	}
	return lo;
}

/*
 * Drain the mapped ring into the notification buffer as read() would fill
 * it, without a system call; 0 when nothing is there from the position on.
 * Order (<uapi/audmod.h> section 8): head (acquire), copy, then tail again:
 * a copy from a slot the tail passed meanwhile may be torn, so the drain
 * starts again, and those records count as missed, as read() counts them.
 */
static size_t note_map_drain(struct audmod_card *c)
{
	const struct audmod_channel_map *h = c->note_map;
	const struct audmod_channel_map_slot *slots, *sl;
	const uint8_t *ring;
	uint64_t seq = le64toh(c->note_pos->next_seq), prev, s;
	uint32_t head, tail, r, r0, size, pos, span;
	uint8_t *rec;
	size_t off;

	slots = (const void *)((const uint8_t *)h + le32toh(h->slots_offset));
	ring = (const uint8_t *)h + le32toh(h->ring_offset);
again:
	head = le32toh(__atomic_load_n(&h->head, __ATOMIC_ACQUIRE));
	tail = le32toh(__atomic_load_n(&h->tail, __ATOMIC_RELAXED));
	r0 = r = note_map_find(slots, tail, head, seq);
	prev = seq;
	off = 0;
	for (; r != head; r++) {
		sl = &slots[r % AUDMOD_CHANNEL_RECORDS];
		size = get_le32(&sl->size);
		pos = get_le32(&sl->pos);
		/* A torn slot may say anything: never outside the ring. */
		if (size > AUDMOD_NOTIFICATION_MAX_BYTES ||
		    pos > AUDMOD_CHANNEL_BYTES ||
		    ((size + 7) & ~7u) > AUDMOD_CHANNEL_BYTES - pos)
			size = pos = 0;
		span = (size + 7) & ~7u;
		if (off + AUDMOD_CHANNEL_RECORD_HEADER_SIZE + span > NOTE_BUF_BYTES)
			break;
		s = get_le64(&sl->seq);
		rec = c->note_buf + off;
		put_le32(rec, AUDMOD_CHANNEL_RECORD_HEADER_SIZE + span);
		put_le16(rec + 4, AUDMOD_RECORD_NOTIFICATION);
		put_le16(rec + 6, (uint16_t)size);
		put_le64(rec + 8, s);
		memcpy(rec + 16, &sl->timestamp_ns, 8);
		put_le64(rec + 24, s - prev);
		memcpy(rec + AUDMOD_CHANNEL_RECORD_HEADER_SIZE, ring + pos, span);
		prev = s + 1;
		off += AUDMOD_CHANNEL_RECORD_HEADER_SIZE + span;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	tail = le32toh(__atomic_load_n(&h->tail, __ATOMIC_RELAXED));
	if ((int32_t)(tail - r0) > 0)
		goto again;
	/* Where poll() and the next drain start. */
	if (off)
		c->note_pos->next_seq = htole64(prev);
	return off;
}

/*
 * Start reading: open the channel (its read position starts now), or, on
 * drivers without one, subscribe a second control handle to the events of
 * the notification control and remember the latest sequence number.
 */
static int note_transport_fd(struct audmod_card *c);

static int note_transport_open(struct audmod_card *c)
{
	char dev[32];
	int err, fd;

	if (c->hwdep_dev >= 0) {
		c->note_buf = malloc(NOTE_BUF_BYTES);
		if (!c->note_buf)
			return -ENOMEM;
		/* Read-write for the position page; read-only may be all. */
		err = snd_hwdep_open(&c->note_hw, c->hwdep_name,
				     SND_HWDEP_OPEN_DUPLEX | SND_HWDEP_OPEN_NONBLOCK);
		if (err < 0) {
			c->note_hw = NULL;
			err = snd_hwdep_open(&c->note_hw, c->hwdep_name,
					     SND_HWDEP_OPEN_READ |
					     SND_HWDEP_OPEN_NONBLOCK);
		}
		if (err < 0)
			return err;
		c->note_len = 0;
		c->note_off = 0;
		fd = note_transport_fd(c);
		if (fd >= 0)
			note_map_open(c, fd);
		return 0;
	}
	if (!c->note_numid)
		return -EOPNOTSUPP;
	c->note_buf = malloc(NOTE_BUF_BYTES);
	if (!c->note_buf)
		return -ENOMEM;
	snprintf(dev, sizeof(dev), "hw:%d", c->index);
	err = snd_ctl_open(&c->note_ctl, dev, SND_CTL_NONBLOCK);
	if (err < 0)
		return err;
	err = snd_ctl_subscribe_events(c->note_ctl, 1);
	if (err < 0)
		return err;
	/* Only what is sent from now on is new to this reader. */
	err = read_bytes(c->ctl, c->note_numid, c->note_buf, 8);
	if (err < 0)
		return err;
	c->note_last_seq = get_le64(c->note_buf);
	return 0;
}

static int note_transport_fd(struct audmod_card *c)
{
	struct pollfd pfd;
	int n;

	if (c->note_hw)
		n = snd_hwdep_poll_descriptors(c->note_hw, &pfd, 1);
	else
		n = snd_ctl_poll_descriptors(c->note_ctl, &pfd, 1);
	return n == 1 ? pfd.fd : -EBADFD;
}

/* The next record of those read() returned; 0 when none is left. */
static int note_channel_next(struct audmod_card *c, struct note_raw *n)
{
	const uint8_t *r = c->note_buf + c->note_off;
	size_t left = c->note_len - c->note_off;
	uint32_t len;

	while (left) {
		if (left < AUDMOD_CHANNEL_RECORD_HEADER_SIZE)
			return -EPROTO;
		len = get_le32(r);
		n->size = get_le16(r + 6);
		if (len < AUDMOD_CHANNEL_RECORD_HEADER_SIZE + n->size ||
		    len % 8 || len > left)
			return -EPROTO;
		c->note_off += len;
		if (get_le16(r + 4) == AUDMOD_RECORD_NOTIFICATION) {
			n->seq = get_le64(r + 8);
			n->timestamp_ns = get_le64(r + 16);
			n->missed = get_le64(r + 24);
			n->data = r + AUDMOD_CHANNEL_RECORD_HEADER_SIZE;
			n->captured = n->size;
			return 1;
		}
		/* Another record type: skipped by its length. */
		r += len;
		left -= len;
	}
	return 0;
}

/* The latest notification from the control, if newer than the last one. */
static int note_legacy_fetch(struct audmod_card *c, struct note_raw *n)
{
	const uint8_t *rec = c->note_buf + 8;
	snd_ctl_elem_id_t *id;
	uint32_t len;
	int err;

	snd_ctl_elem_id_alloca(&id);
	snd_ctl_elem_id_set_numid(id, c->note_numid);
	err = snd_ctl_elem_tlv_read(c->note_ctl, id, (unsigned int *)c->note_buf,
				    NOTE_BUF_BYTES);
	if (err < 0)
		return err;
	len = get_le32(c->note_buf + 4);
	if (get_le32(c->note_buf) != LEGACY_NOTIFICATION_TLV_TAG ||
	    len < AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE ||
	    len > NOTE_BUF_BYTES - 8)
		return -EPROTO;
	n->seq = get_le64(rec);
	if (n->seq <= c->note_last_seq)
		return 0;
	n->timestamp_ns = get_le64(rec + 8);
	n->size = get_le32(rec + 24);
	n->captured = get_le32(rec + 28);
	if (n->captured > len - AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE)
		n->captured = len - AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE;
	n->data = rec + AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE;
	/* The control holds the latest only: a gap is what was missed. */
	n->missed = n->seq - c->note_last_seq - 1;
	c->note_last_seq = n->seq;
	return 1;
}

/* One attempt without waiting: 1 with @n filled, 0 if nothing is there. */
static int note_try(struct audmod_card *c, struct note_raw *n)
{
	snd_ctl_event_t *ev;
	struct pollfd pfd;
	ssize_t got;
	int err;

	if (c->note_hw) {
		err = note_channel_next(c, n);
		if (err)
			return err;
		if (c->note_map) {
			/* Empty means empty: the caller polls, which waits. */
			c->note_len = note_map_drain(c);
			c->note_off = 0;
			return note_channel_next(c, n);
		}
		/*
		 * Poll first: read() must not block here, and before the
		 * channel honoured O_NONBLOCK a hwdep read could not see it.
		 */
		if (snd_hwdep_poll_descriptors(c->note_hw, &pfd, 1) != 1)
			return -EBADFD;
		pfd.events = POLLIN;
		pfd.revents = 0;
		err = poll(&pfd, 1, 0);
		if (err < 0)
			return errno == EINTR ? 0 : -errno;
		if (!pfd.revents)
			return 0;
		got = snd_hwdep_read(c->note_hw, c->note_buf, NOTE_BUF_BYTES);
		if (got == -EAGAIN)
			return 0;
		if (got < 0)
			return (int)got;
		c->note_len = (size_t)got;
		c->note_off = 0;
		return note_channel_next(c, n);
	}
	snd_ctl_event_alloca(&ev);
	for (;;) {
		err = snd_ctl_read(c->note_ctl, ev);
		if (err == -EAGAIN || err == 0)
			return 0;
		if (err < 0)
			return err;
		if (snd_ctl_event_get_type(ev) != SND_CTL_EVENT_ELEM ||
		    snd_ctl_event_elem_get_numid(ev) != c->note_numid)
			continue;
		if (snd_ctl_event_elem_get_mask(ev) == SND_CTL_EVENT_MASK_REMOVE)
			return -ENODEV;
		if (!(snd_ctl_event_elem_get_mask(ev) & SND_CTL_EVENT_MASK_VALUE))
			continue;
		err = note_legacy_fetch(c, n);
		if (err)
			return err;
	}
}

/*
 * Wait up to @timeout_ms (-1: forever, 0: not at all) for the next
 * notification; 1 with @n filled, 0 on timeout.
 */
static int note_transport_next(struct audmod_card *c, int timeout_ms,
			       struct note_raw *n)
{
	long long deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	struct pollfd pfd;
	int err, wait, fd;

	for (;;) {
		err = note_try(c, n);
		if (err || timeout_ms == 0)
			return err;
		wait = -1;
		if (timeout_ms > 0) {
			long long left = deadline - now_ms();

			if (left <= 0)
				return 0;
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		fd = note_transport_fd(c);
		if (fd < 0)
			return fd;
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		err = poll(&pfd, 1, wait);
		if (err < 0 && errno != EINTR)
			return -errno;
		/* A removed card: the read that follows says -ENODEV. */
	}
}

/* ---- enumeration -------------------------------------------------------- */

/*
 * BASIC_SUPPORT of one parameter: its type, access and flags. The valid
 * values, range and step are taken from the parameter's control, which
 * shows exactly what the driver accepts.
 */
static int param_basic_support(struct audmod_card *c, struct audmod_param *p)
{
	struct audmod_reply r;
	int err;

	err = audmod_command(c, p->module, AUDMOD_VERB_BASIC_SUPPORT, p->id,
			     NULL, sizeof(struct audmod_param_description), &r);
	if (err < 0)
		return err;
	if (r.status != 0 || r.size < sizeof(struct audmod_param_description))
		return -EPROTO;
	p->access = get_le32(r.value);
	p->vt_type = get_le32(r.value + 8);
	p->flags = get_le32(r.value + 12);
	p->size = vt_size(p->vt_type);
	return p->size ? 0 : -EPROTO;
}

/* What the parameter's control says: writable, range or valid items. */
static int param_from_control(struct audmod_card *c, struct audmod_param *p)
{
	snd_ctl_elem_info_t *info;
	unsigned int i, items;
	uint64_t v;
	int err;

	snd_ctl_elem_info_alloca(&info);
	snd_ctl_elem_info_set_numid(info, p->numid);
	err = snd_ctl_elem_info(c->ctl, info);
	if (err < 0)
		return err;
	p->writable = snd_ctl_elem_info_is_writable(info);
	p->step = 1;
	switch (snd_ctl_elem_info_get_type(info)) {
	case SND_CTL_ELEM_TYPE_BOOLEAN:
		p->boolean = 1;
		p->valid_count = 2;
		p->valid[0] = 0;
		p->valid[1] = 1;
		break;
	case SND_CTL_ELEM_TYPE_INTEGER:
		p->min = snd_ctl_elem_info_get_min(info);
		p->max = snd_ctl_elem_info_get_max(info);
		p->step = snd_ctl_elem_info_get_step(info);
		break;
	case SND_CTL_ELEM_TYPE_INTEGER64:
		p->min = snd_ctl_elem_info_get_min64(info);
		p->max = snd_ctl_elem_info_get_max64(info);
		p->step = snd_ctl_elem_info_get_step64(info);
		break;
	case SND_CTL_ELEM_TYPE_ENUMERATED:
		/* The item names are the valid values, in decimal. */
		items = snd_ctl_elem_info_get_items(info);
		if (items == 0 || items > AUDMOD_LIB_MAX_VALID)
			return -EPROTO;
		for (i = 0; i < items; i++) {
			snd_ctl_elem_info_set_item(info, i);
			err = snd_ctl_elem_info(c->ctl, info);
			if (err < 0)
				return err;
			if (parse_u64_dec(snd_ctl_elem_info_get_item_name(info), &v))
				return -EPROTO;
			p->valid[i] = v;
		}
		p->valid_count = items;
		break;
	default:
		return -EPROTO;
	}
	if (!p->step)
		p->step = 1;
	return 0;
}

/* Lowest and highest of a valid set. */
static void param_set_bounds(struct audmod_param *p)
{
	unsigned int i;

	if (!p->valid_count)
		return;
	p->min = p->valid[0];
	p->max = p->valid[0];
	for (i = 1; i < p->valid_count; i++) {
		if (p->valid[i] < p->min)
			p->min = p->valid[i];
		if (p->valid[i] > p->max)
			p->max = p->valid[i];
	}
}

/*
 * The controls named "<prefix> <name>" after the descriptor (numid @desc)
 * are the parameters, in id order.
 */
static int module_params(struct audmod_card *c, struct audmod_module *m,
			 snd_ctl_elem_list_t *list, unsigned int desc)
{
	size_t plen = strlen(m->prefix);
	unsigned int i, n = snd_ctl_elem_list_get_used(list);
	unsigned int best, numid, k;
	struct audmod_param *p;
	const char *name;
	int err;

	/* Take the parameter controls in numid order (the list is not sorted). */
	for (k = 0; ; k++) {
		best = 0;
		for (i = 0; i < n; i++) {
			numid = snd_ctl_elem_list_get_numid(list, i);
			name = snd_ctl_elem_list_get_name(list, i);
			if (numid <= desc ||
			    (k && numid <= m->params[k - 1].numid) ||
			    strncmp(name, m->prefix, plen) || name[plen] != ' ' ||
			    !strcmp(name + plen, AUDMOD_CTL_DESCRIPTOR_SUFFIX))
				continue;
			if (!best || numid < best)
				best = numid;
		}
		if (!best)
			break;
		if (k >= AUDMOD_LIB_MAX_PARAMS)
			return -E2BIG;
		p = &m->params[k];
		p->id = k;
		p->numid = best;
		p->module = m;
		for (i = 0; i < n; i++)
			if (snd_ctl_elem_list_get_numid(list, i) == best)
				break;
		name = snd_ctl_elem_list_get_name(list, i);
		snprintf(p->control, sizeof(p->control), "%s", name);
		snprintf(p->name, sizeof(p->name), "%s", name + plen + 1);
		err = param_from_control(c, p);
		if (!err)
			err = param_basic_support(c, p);
		if (err < 0)
			return err;
		param_set_bounds(p);
	}
	m->param_count = k;
	return 0;
}

/* One module from its descriptor control. */
static int module_read(struct audmod_card *c, struct audmod_module *m,
		       unsigned int numid, const char *ctl_name)
{
	struct audmod_module_descriptor d;
	size_t len = strlen(ctl_name) - strlen(AUDMOD_CTL_DESCRIPTOR_SUFFIX);
	int err;

	err = read_bytes(c->ctl, numid, &d, sizeof(d));
	if (err < 0)
		return err;
	m->class_id = d.class_id;
	m->instance_id = le32toh(d.instance_id);
	m->version_major = le32toh(d.version_major);
	m->version_minor = le32toh(d.version_minor);
	memcpy(m->name, d.name, sizeof(m->name));
	m->name[sizeof(m->name) - 1] = '\0';
	snprintf(m->prefix, sizeof(m->prefix), "%.*s", (int)len, ctl_name);
	return 0;
}

static int is_descriptor(snd_ctl_t *ctl, const char *name, unsigned int numid)
{
	size_t n = strlen(name), s = strlen(AUDMOD_CTL_DESCRIPTOR_SUFFIX);
	snd_ctl_elem_info_t *info;

	if (n <= s || strcmp(name + n - s, AUDMOD_CTL_DESCRIPTOR_SUFFIX))
		return 0;
	snd_ctl_elem_info_alloca(&info);
	snd_ctl_elem_info_set_numid(info, numid);
	return snd_ctl_elem_info(ctl, info) == 0 &&
	       snd_ctl_elem_info_get_type(info) == SND_CTL_ELEM_TYPE_BYTES &&
	       snd_ctl_elem_info_get_count(info) == AUDMOD_MODULE_DESCRIPTOR_SIZE;
}

/* Find the card-wide controls and every module, in numid order. */
static int card_enumerate(struct audmod_card *c)
{
	snd_ctl_elem_list_t *list;
	unsigned int i, n, numid, last = 0, best, k;
	const char *name;
	int err;

	snd_ctl_elem_list_alloca(&list);
	err = snd_ctl_elem_list(c->ctl, list);
	if (err < 0)
		return err;
	n = snd_ctl_elem_list_get_count(list);
	err = snd_ctl_elem_list_alloc_space(list, n);
	if (err < 0)
		return err;
	err = snd_ctl_elem_list(c->ctl, list);
	if (err < 0)
		goto out;
	n = snd_ctl_elem_list_get_used(list);
	for (i = 0; i < n; i++) {
		if (snd_ctl_elem_list_get_interface(list, i) != SND_CTL_ELEM_IFACE_MIXER)
			continue;
		name = snd_ctl_elem_list_get_name(list, i);
		numid = snd_ctl_elem_list_get_numid(list, i);
		if (!strcmp(name, LEGACY_CTL_COMMAND))
			c->cmd_numid = numid;
		else if (!strcmp(name, AUDMOD_CTL_NOTIFICATION))
			c->note_numid = numid;
		else if (!strcmp(name, AUDMOD_CTL_DEVICE_ID))
			c->devid_numid = numid;
		else if (!strcmp(name, AUDMOD_CTL_DROPPED) ||
			 !strcmp(name, LEGACY_CTL_LOST))
			c->dropped_numid = numid;
		else if (is_descriptor(c->ctl, name, numid))
			c->module_count++;
	}
	err = -ENODEV;
	if (!c->module_count || (c->hwdep_dev < 0 && !c->cmd_numid))
		goto out;
	err = -ENOMEM;
	c->modules = calloc(c->module_count, sizeof(*c->modules));
	if (!c->modules)
		goto out;
	/* Modules in numid order, the order the driver created them. */
	for (k = 0; k < c->module_count; k++) {
		best = 0;
		for (i = 0; i < n; i++) {
			numid = snd_ctl_elem_list_get_numid(list, i);
			name = snd_ctl_elem_list_get_name(list, i);
			if (numid > last && (!best || numid < best) &&
			    snd_ctl_elem_list_get_interface(list, i) ==
			    SND_CTL_ELEM_IFACE_MIXER &&
			    is_descriptor(c->ctl, name, numid))
				best = numid;
		}
		for (i = 0; i < n; i++)
			if (snd_ctl_elem_list_get_numid(list, i) == best)
				break;
		c->modules[k].index = k;
		err = module_read(c, &c->modules[k], best,
				  snd_ctl_elem_list_get_name(list, i));
		if (!err)
			err = module_params(c, &c->modules[k], list, best);
		if (err < 0)
			goto out;
		last = best;
	}
	err = 0;
out:
	snd_ctl_elem_list_free_space(list);
	return err;
}

/* ---- the public functions ----------------------------------------------- */

/* The card's notification channel: the hwdep device with our id. */
static int card_find_channel(struct audmod_card *c)
{
	snd_hwdep_info_t *info;
	int dev = -1, err;

	c->hwdep_dev = -1;
	snd_hwdep_info_alloca(&info);
	for (;;) {
		/* -ENOTTY: the kernel has no hwdep support loaded, no channel. */
		err = snd_ctl_hwdep_next_device(c->ctl, &dev);
		if (err == -ENOTTY || dev < 0)
			return 0;
		if (err < 0)
			return err;
		snd_hwdep_info_set_device(info, dev);
		if (snd_ctl_hwdep_info(c->ctl, info) < 0)
			continue;
		if (!strcmp(snd_hwdep_info_get_id(info), AUDMOD_HWDEP_ID) &&
		    snd_hwdep_info_get_iface(info) == AUDMOD_HWDEP_IFACE)
			break;
	}
	c->hwdep_dev = dev;
	snprintf(c->hwdep_name, sizeof(c->hwdep_name), "hw:%d,%d", c->index, dev);
	return 0;
}

static int card_open_index(struct audmod_card **out, int index)
{
	struct audmod_card *c;
	snd_ctl_card_info_t *info;
	char dev[32];
	int err;

	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->index = index;
	snprintf(dev, sizeof(dev), "hw:%d", index);
	err = snd_ctl_open(&c->ctl, dev, 0);
	if (err < 0) {
		free(c);
		return err == -ENOENT ? -ENODEV : err;
	}
	snd_ctl_card_info_alloca(&info);
	err = snd_ctl_card_info(c->ctl, info);
	if (!err) {
		snprintf(c->id, sizeof(c->id), "%s", snd_ctl_card_info_get_id(info));
		snprintf(c->name, sizeof(c->name), "%s",
			 snd_ctl_card_info_get_longname(info));
		err = card_find_channel(c);
	}
	if (!err)
		err = card_enumerate(c);
	if (err < 0) {
		audmod_close(c);
		return err;
	}
	*out = c;
	return 0;
}

int audmod_open(struct audmod_card **card, const char *name)
{
	int index = -1, err;

	*card = NULL;
#ifdef LIBAUDMOD_TEST_NO_CARDS
	/* Test builds (the argument fuzzer) act as on a machine without cards. */
	return -ENODEV;
#endif
	if (!name) {
		/* The first card with audio modules. */
		while (snd_card_next(&index) == 0 && index >= 0) {
			err = card_open_index(card, index);
			if (err != -ENODEV)
				return err;
		}
		return -ENODEV;
	}
	if (!strncmp(name, "hw:", 3))
		name += 3;
	if (!*name || strlen(name) > 31)
		return -ENODEV;
	index = snd_card_get_index(name);
	if (index < 0)
		return -ENODEV;
	return card_open_index(card, index);
}

void audmod_close(struct audmod_card *c)
{
	if (!c)
		return;
	if (c->note_ctl)
		snd_ctl_close(c->note_ctl);
	note_map_close(c);
	if (c->note_hw)
		snd_hwdep_close(c->note_hw);
	if (c->cmd_hw)
		snd_hwdep_close(c->cmd_hw);
	if (c->ctl)
		snd_ctl_close(c->ctl);
	free(c->note_buf);
	free(c->modules);
	free(c);
}

int audmod_card_index(const struct audmod_card *c)
{
	return c->index;
}

const char *audmod_card_id(const struct audmod_card *c)
{
	return c->id;
}

const char *audmod_card_name(const struct audmod_card *c)
{
	return c->name;
}

int audmod_device_id(struct audmod_card *c, struct audmod_guid *id)
{
	if (!c->devid_numid)
		return -ENOENT;
	return read_bytes(c->ctl, c->devid_numid, id, sizeof(*id));
}

int audmod_dropped_count(struct audmod_card *c, uint64_t *dropped)
{
	snd_ctl_elem_value_t *v;
	int err;

	if (!c->dropped_numid)
		return -ENOENT;
	snd_ctl_elem_value_alloca(&v);
	snd_ctl_elem_value_set_numid(v, c->dropped_numid);
	err = snd_ctl_elem_read(c->ctl, v);
	if (err < 0)
		return err;
	*dropped = (uint64_t)snd_ctl_elem_value_get_integer64(v, 0);
	return 0;
}

const char *audmod_channel_name(const struct audmod_card *c)
{
	return c->hwdep_dev >= 0 ? c->hwdep_name : NULL;
}

unsigned int audmod_module_count(const struct audmod_card *c)
{
	return c->module_count;
}

const struct audmod_module *audmod_module(const struct audmod_card *c,
					  unsigned int index)
{
	return index < c->module_count ? &c->modules[index] : NULL;
}

const struct audmod_module *audmod_find_module(const struct audmod_card *c,
					       const char *what)
{
	struct audmod_guid g;
	unsigned int i;
	uint64_t n;

	if (!what)
		return NULL;
	if (!parse_u64_dec(what, &n))
		return n < c->module_count ? &c->modules[n] : NULL;
	if (!audmod_guid_parse(what, &g))
		return audmod_find_module_guid(c, &g, 0);
	for (i = 0; i < c->module_count; i++)
		if (!strcasecmp(what, c->modules[i].prefix) ||
		    !strcasecmp(what, c->modules[i].name))
			return &c->modules[i];
	return NULL;
}

const struct audmod_module *
audmod_find_module_guid(const struct audmod_card *c,
			const struct audmod_guid *class_id,
			uint32_t instance_id)
{
	unsigned int i;

	for (i = 0; i < c->module_count; i++)
		if (!memcmp(&c->modules[i].class_id, class_id, sizeof(*class_id)) &&
		    c->modules[i].instance_id == instance_id)
			return &c->modules[i];
	return NULL;
}

const struct audmod_param *audmod_find_param(const struct audmod_module *m,
					     const char *what)
{
	unsigned int i;
	uint64_t n;

	if (!m || !what)
		return NULL;
	if (!parse_u64_dec(what, &n))
		return n < m->param_count ? &m->params[n] : NULL;
	for (i = 0; i < m->param_count; i++)
		if (!strcasecmp(what, m->params[i].name) ||
		    !strcasecmp(what, m->params[i].control))
			return &m->params[i];
	return NULL;
}

int audmod_get(struct audmod_card *c, const struct audmod_param *p,
	       uint64_t *value)
{
	snd_ctl_elem_value_t *v;
	snd_ctl_elem_info_t *info;
	unsigned int item;
	int err;

	snd_ctl_elem_info_alloca(&info);
	snd_ctl_elem_value_alloca(&v);
	snd_ctl_elem_info_set_numid(info, p->numid);
	err = snd_ctl_elem_info(c->ctl, info);
	if (err < 0)
		return err;
	snd_ctl_elem_value_set_numid(v, p->numid);
	err = snd_ctl_elem_read(c->ctl, v);
	if (err < 0)
		return err;
	switch (snd_ctl_elem_info_get_type(info)) {
	case SND_CTL_ELEM_TYPE_ENUMERATED:
		item = snd_ctl_elem_value_get_enumerated(v, 0);
		if (item >= p->valid_count)
			return -EPROTO;
		*value = p->valid[item];
		break;
	case SND_CTL_ELEM_TYPE_INTEGER64:
		*value = (uint64_t)snd_ctl_elem_value_get_integer64(v, 0);
		break;
	default:
		*value = (uint64_t)snd_ctl_elem_value_get_integer(v, 0);
		break;
	}
	return 0;
}

/*
 * Write @value through the parameter's control when the control can show
 * it; 1 if written, 0 if it cannot (then the SET command lets the driver
 * judge it), or a negative errno from the driver.
 */
static int set_by_control(struct audmod_card *c, const struct audmod_param *p,
			  uint64_t value)
{
	snd_ctl_elem_value_t *v;
	snd_ctl_elem_info_t *info;
	unsigned int i;
	int err;

	if (!p->writable)
		return 0;
	snd_ctl_elem_info_alloca(&info);
	snd_ctl_elem_value_alloca(&v);
	snd_ctl_elem_info_set_numid(info, p->numid);
	err = snd_ctl_elem_info(c->ctl, info);
	if (err < 0)
		return err;
	snd_ctl_elem_value_set_numid(v, p->numid);
	switch (snd_ctl_elem_info_get_type(info)) {
	case SND_CTL_ELEM_TYPE_ENUMERATED:
		for (i = 0; i < p->valid_count; i++)
			if (p->valid[i] == value)
				break;
		if (i == p->valid_count)
			return 0;
		snd_ctl_elem_value_set_enumerated(v, 0, i);
		break;
	case SND_CTL_ELEM_TYPE_INTEGER64:
		if (value > INT64_MAX)
			return 0;
		snd_ctl_elem_value_set_integer64(v, 0, (long long)value);
		break;
	default:
		if (value > LONG_MAX)
			return 0;
		snd_ctl_elem_value_set_integer(v, 0, (long)value);
		break;
	}
	err = snd_ctl_elem_write(c->ctl, v);
	return err < 0 ? err : 1;
}

int audmod_set(struct audmod_card *c, const struct audmod_param *p,
	       uint64_t value)
{
	struct audmod_reply r;
	uint64_t old, le;
	int err;

	err = audmod_get(c, p, &old);
	if (err < 0)
		return err;
	err = set_by_control(c, p, value);
	if (err == 0) {
		/* Values wider than the parameter are refused, not cut. */
		if (p->writable && p->size < 8 && value >> (p->size * 8))
			return -EINVAL;
		le = htole64(value);
		err = audmod_command(c, p->module, AUDMOD_VERB_SET, p->id, &le,
				     p->size, &r);
	}
	if (err < 0)
		return err;
	return old != value;
}

int audmod_command(struct audmod_card *c, const struct audmod_module *m,
		   uint32_t verb, uint32_t parameter_id, const void *value,
		   size_t value_size, struct audmod_reply *reply)
{
	struct audmod_command_request req;
	struct audmod_command_reply rep;
	uint32_t size;
	int err;

	if (value_size > UINT32_MAX ||
	    (value && value_size > AUDMOD_COMMAND_REQUEST_VALUE_MAX))
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	put_le32(&req.verb, verb);
	put_le32(&req.parameter_id, parameter_id);
	req.class_id = m->class_id;
	put_le32(&req.instance_id, m->instance_id);
	put_le32(&req.value_size, (uint32_t)value_size);
	if (value)
		memcpy(req.value, value, value_size);
	err = cmd_transport(c, &req, &rep);
	if (err < 0)
		return err;
	memset(reply, 0, sizeof(*reply));
	reply->status = le32toh(rep.status);
	reply->request_verb = le32toh(rep.request_verb);
	reply->size = le32toh(rep.size);
	size = reply->size < sizeof(reply->value) ? reply->size : sizeof(reply->value);
	if (reply->status == 0)
		memcpy(reply->value, rep.value, size);
	return 0;
}

int audmod_notify_start(struct audmod_card *c)
{
	int err;

	if (c->note_hw || c->note_ctl)
		return 0;
	err = note_transport_open(c);
	if (err < 0) {
		note_map_close(c);
		if (c->note_hw)
			snd_hwdep_close(c->note_hw);
		if (c->note_ctl)
			snd_ctl_close(c->note_ctl);
		c->note_hw = NULL;
		c->note_ctl = NULL;
		free(c->note_buf);
		c->note_buf = NULL;
	}
	return err;
}

int audmod_notify_fd(struct audmod_card *c)
{
	if (!c->note_hw && !c->note_ctl)
		return -EBADFD;
	return note_transport_fd(c);
}

/* Decode what the transport handed over into @ev. */
static void note_decode(struct audmod_card *c, const struct note_raw *n,
			struct audmod_event *ev)
{
	const uint8_t *d = n->data;

	memset(ev, 0, sizeof(*ev));
	ev->seq = n->seq;
	ev->timestamp_ns = n->timestamp_ns;
	ev->missed = n->missed;
	ev->size = n->size;
	ev->payload = d;
	ev->captured = n->captured;
	if (n->captured < AUDMOD_NOTIFICATION_HEADER_SIZE)
		return;
	memcpy(&ev->class_id, d + 16, sizeof(ev->class_id));
	ev->instance_id = get_le32(d + 32);
	ev->module = audmod_find_module_guid(c, &ev->class_id, ev->instance_id);
	if (n->captured < sizeof(struct audmod_module_notification))
		return;
	ev->type = get_le32(d + 40);
	ev->parameter_id = get_le32(d + 44);
	if (ev->type == AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD &&
	    n->captured >= sizeof(struct audmod_level_notification)) {
		ev->level = get_le32(d + 48);
		ev->threshold = get_le32(d + 52);
	}
}

int audmod_notify_read(struct audmod_card *c, struct audmod_event *ev,
		       int timeout_ms)
{
	struct note_raw n;
	int err;

	if (!c->note_hw && !c->note_ctl)
		return -EBADFD;
	err = note_transport_next(c, timeout_ms, &n);
	if (err <= 0)
		return err;
	note_decode(c, &n, ev);
	return 1;
}

/* ---- text helpers ------------------------------------------------------- */

char *audmod_guid_format(const struct audmod_guid *g, char *buf)
{
	const uint8_t *b = g->b;

	snprintf(buf, AUDMOD_GUID_STR_SIZE,
		 "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
		 b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6],
		 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return buf;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int audmod_guid_parse(const char *s, struct audmod_guid *g)
{
	/* Byte positions of the text digits: Data1-3 little-endian. */
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
					   8, 9, 10, 11, 12, 13, 14, 15 };
	size_t len = strlen(s);
	unsigned int i, k = 0;
	int hi, lo;

	if (len == 38 && s[0] == '{' && s[37] == '}')
		s++;
	else if (len != 36)
		return -EINVAL;
	for (i = 0; i < 36; ) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -EINVAL;
			i++;
			continue;
		}
		hi = hexval(s[i]);
		lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		g->b[order[k++]] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	return 0;
}

const char *audmod_vt_name(uint32_t vt_type)
{
	switch (vt_type) {
	case AUDMOD_VT_UI1:
		return "UI1";
	case AUDMOD_VT_UI2:
		return "UI2";
	case AUDMOD_VT_UI4:
		return "UI4";
	case AUDMOD_VT_UI8:
		return "UI8";
	}
	return "?";
}

const char *audmod_event_name(uint32_t type)
{
	switch (type) {
	case AUDMOD_NOTIFY_PARAMETER_CHANGED:
		return "parameter-changed";
	case AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD:
		return "level-over-threshold";
	}
	return NULL;
}

const char *audmod_status_name(uint32_t status)
{
	switch (status) {
	case 0x00000000:
		return "SUCCESS";
	case 0x80000005:
		return "BUFFER_OVERFLOW";
	case 0xc0000010:
		return "INVALID_DEVICE_REQUEST";
	case 0xc000000d:
		return "INVALID_PARAMETER";
	case 0xc0000023:
		return "BUFFER_TOO_SMALL";
	}
	return NULL;
}
