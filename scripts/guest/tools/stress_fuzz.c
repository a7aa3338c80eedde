// SPDX-License-Identifier: GPL-2.0
/*
 * stress_fuzz: random and boundary operations on every control of the
 * audmod card, through raw control ioctls and the channel's command ioctl.
 *
 *   stress_fuzz OPS SEED
 *
 * Each operation is one of: a read of a random control (fill-pattern and
 * range check, see stress_ctl.h, and for parameters a comparison with the
 * model); a write of a random or boundary value to a random control; a
 * random command (structured around the protocol, or a raw random blob)
 * by the command ioctl; a TLV operation with a random length on a random
 * control (none has a TLV). The outcome of every write is predicted from
 * the model of <uapi/audmod.h>: a valid write must succeed and change the
 * model, an invalid one must fail with the documented errno and change
 * nothing (a failed command returns no reply; the parameters keep their
 * values, which later reads compare). Settable parameters get their first values back at
 * the end. Prints "fuzz_ops=N failures=M"; exits 1 on any failure.
 *
 * Streams may run meanwhile: the notification control, the dropped counter
 * and the level meter's peak change by themselves and are only checked
 * for range and layout.
 */
#include "stress_ctl.h"

#define TLV_BUF		(8 + AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE + \
			 AUDMOD_NOTIFICATION_MAX_BYTES + 64)
#define ACCESS_RO	(AUDMOD_VERB_GET | AUDMOD_VERB_BASIC_SUPPORT)

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static struct card cd;
static uint64_t values[N_MODULES][3];		/* the model's values */
static uint64_t first[N_MODULES][3];		/* restored at the end */
static unsigned char reply[AUDMOD_COMMAND_BYTES];	/* last reply */
static unsigned char *tlvbuf;

/* This process's last command reply. */
static void read_reply(unsigned char *out)
{
	memcpy(out, cd.reply, AUDMOD_COMMAND_BYTES);
}

/* Read control @i; parameters must match the model. */
static void op_read(unsigned int i)
{
	const struct ctl *c = &cd.c[i];
	const struct model_param *p = ctl_param(c);
	struct snd_ctl_elem_value v;
	uint64_t got;
	int err;

	err = ctl_read(&cd, c, &v);
	if (err) {
		fail("read %s: %s", c->name, strerror(err));
		return;
	}
	if (!p || p->moving)
		return;
	got = scalar_of(c, &v);
	if (got != values[c->module][c->param])
		fail("%s reads %llu, expected %llu", c->name,
		     (unsigned long long)got,
		     (unsigned long long)values[c->module][c->param]);
}

/* A boundary or random scalar for control @c. */
static long long pick_scalar(const struct ctl *c)
{
	const struct snd_ctl_elem_info *in = &c->info;
	long long lo = 0, hi = 1;

	if (in->type == SNDRV_CTL_ELEM_TYPE_INTEGER)
		lo = in->value.integer.min, hi = in->value.integer.max;
	else if (in->type == SNDRV_CTL_ELEM_TYPE_INTEGER64)
		lo = in->value.integer64.min, hi = in->value.integer64.max;
	else if (in->type == SNDRV_CTL_ELEM_TYPE_ENUMERATED)
		hi = (long long)in->value.enumerated.items - 1;

	switch (below(10)) {
	case 0:
		return lo;
	case 1:
		return hi;
	case 2:
		return lo - 1;
	case 3:
		return hi == INT64_MAX ? INT64_MIN : hi + 1;
	case 4:
		return -1;
	case 5:
		return below(2) ? INT64_MIN : INT64_MAX;
	case 6:
		return in->type == SNDRV_CTL_ELEM_TYPE_INTEGER64 ?
		       (long long)rnd() : (long long)(int32_t)rnd();
	case 7:
		return (long long)(uint32_t)rnd();
	default:
		return lo + (long long)below((uint64_t)(hi - lo) + 1);
	}
}

static int scalar_ok(const struct ctl *c, long long x)
{
	const struct snd_ctl_elem_info *in = &c->info;

	switch (in->type) {
	case SNDRV_CTL_ELEM_TYPE_BOOLEAN:
		return x == 0 || x == 1;
	case SNDRV_CTL_ELEM_TYPE_INTEGER:
		return x >= in->value.integer.min && x <= in->value.integer.max;
	case SNDRV_CTL_ELEM_TYPE_INTEGER64:
		return x >= in->value.integer64.min &&
		       x <= in->value.integer64.max;
	case SNDRV_CTL_ELEM_TYPE_ENUMERATED:
		/* The ioctl carries the item as unsigned int. */
		return (unsigned int)x < in->value.enumerated.items;
	}
	return 0;
}

/* Write a random value to control @i and check the outcome. */
static void op_write(unsigned int i)
{
	const struct ctl *c = &cd.c[i];
	const struct model_param *p = ctl_param(c);
	int writable = c->info.access & SNDRV_CTL_ELEM_ACCESS_WRITE;
	unsigned char before[AUDMOD_COMMAND_BYTES];
	struct snd_ctl_elem_value v;
	long long x = 0;
	unsigned int k;
	int err, ok;

	if (c->info.type == SNDRV_CTL_ELEM_TYPE_BYTES) {
		memset(&v, 0, sizeof(v));
		v.id.numid = c->info.id.numid;
		for (k = 0; k < c->info.count; k++)
			v.value.bytes.data[k] = rnd();
		ok = 0;
	} else {
		x = pick_scalar(c);
		scalar_value(c, &v, x);
		ok = scalar_ok(c, x);
	}
	read_reply(before);
	err = ctl_write(&cd, &v);
	if (!writable) {
		if (err != EPERM)
			fail("write to read-only %s: %s, expected EPERM",
			     c->name, strerror(err));
	} else if (ok) {
		if (err)
			fail("valid write %s = %lld: %s", c->name, x,
			     strerror(err));
		else if (p)
			values[c->module][c->param] = scalar_of(c, &v);
	} else if (err != EINVAL) {
		fail("invalid write %s = %lld: %s, expected EINVAL", c->name, x,
		     err ? strerror(err) : "accepted");
	}
	if (err && p && !p->moving)
		op_read(i);	/* unchanged */
	read_reply(reply);
	if (memcmp(before, reply, sizeof(reply)))
		fail("write to %s changed the command reply", c->name);
}

/* A size for a command: boundaries around what the protocol checks. */
static uint32_t pick_size(unsigned int psize)
{
	static const uint32_t sizes[] = {
		0, 1, 2, 3, 4, 7, 8, 9, 23, 24, 25, 40, 471, 472, 473, 479,
		480, 481, 512, 0x7fffffff, 0x80000000, 0xffffffff,
	};

	switch (below(4)) {
	case 0:
		return psize;
	case 1:
		return psize - 1 + below(3);
	case 2:
		return sizes[below(ARRAY_SIZE(sizes))];
	default:
		return (uint32_t)rnd();
	}
}

/* A value for parameter @p: valid, boundary or random. */
static uint64_t pick_param_value(const struct model_param *p)
{
	uint64_t full = p->size >= 8 ? UINT64_MAX : (1ull << (8 * p->size)) - 1;

	switch (below(6)) {
	case 0:
		return p->nvalid ? p->valid[below(p->nvalid)] : p->min;
	case 1:
		return p->nvalid ? p->valid[below(p->nvalid)] : p->max;
	case 2:
		return p->nvalid ? p->valid[below(p->nvalid)] :
		       p->min + below(p->max - p->min + 1);
	case 3:
		return full;
	case 4:
		return p->max + 1;
	default:
		return rnd();
	}
}

/* The verb a request means: its bits, tested as sysvad tests them. */
static uint32_t verb_of(uint32_t verb)
{
	if (verb & AUDMOD_VERB_BASIC_SUPPORT)
		return AUDMOD_VERB_BASIC_SUPPORT;
	if (verb & AUDMOD_VERB_GET)
		return AUDMOD_VERB_GET;
	if (verb & AUDMOD_VERB_SET)
		return AUDMOD_VERB_SET;
	return 0;
}

/*
 * The model's answer to request @rq: the errno the command must return.
 * On success *changed is set when a SET changes a value.
 */
static int expect_command(const struct audmod_command_request *rq,
			  unsigned int *m_out, int *changed, uint64_t *newv)
{
	const struct model_param *p;
	unsigned int m, i;
	uint32_t out = rq->value_size < AUDMOD_COMMAND_REPLY_VALUE_MAX ?
		       rq->value_size : AUDMOD_COMMAND_REPLY_VALUE_MAX;
	uint64_t v = 0;

	*changed = 0;
	for (m = 0; m < N_MODULES; m++)
		if (!memcmp(&rq->class_id, &model[m].class_id, 16))
			break;
	if (m == N_MODULES || rq->instance_id ||
	    rq->parameter_id >= model[m].nparams)
		return EINVAL;
	*m_out = m;
	p = &model[m].p[rq->parameter_id];
	switch (verb_of(rq->verb)) {
	case AUDMOD_VERB_GET:
		return out && out < p->size ? ENOSPC : 0;
	case AUDMOD_VERB_SET:
		if (!p->settable)
			return EOPNOTSUPP;
		if (rq->value_size < p->size ||
		    rq->value_size > AUDMOD_COMMAND_REQUEST_VALUE_MAX)
			return EINVAL;
		for (i = 0; i < p->size; i++)
			v |= (uint64_t)rq->value[i] << (8 * i);
		if (!model_valid(p, v))
			return EINVAL;
		*changed = v != values[m][rq->parameter_id];
		*newv = v;
		return 0;
	case AUDMOD_VERB_BASIC_SUPPORT:
		return out && out < 4 ? ENOSPC : 0;
	}
	return EOPNOTSUPP;	/* no verb bit: an invalid device request */
}

static uint64_t le(const unsigned char *b, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | b[n];
	return v;
}

/* What a successful command must leave in the reply. */
static void check_reply(const struct audmod_command_request *rq,
			unsigned int m)
{
	const struct audmod_command_reply *r = (const void *)reply;
	const struct model_param *p = &model[m].p[rq->parameter_id];
	uint32_t out = rq->value_size < AUDMOD_COMMAND_REPLY_VALUE_MAX ?
		       rq->value_size : AUDMOD_COMMAND_REPLY_VALUE_MAX;
	uint32_t access = p->settable ? ACCESS_RO | AUDMOD_VERB_SET : ACCESS_RO;
	uint32_t full = 24;
	uint32_t want_status = 0, want_size = 0;

	if (p->nvalid)
		full += 16 + p->nvalid * p->size;
	else if (p->has_range)
		full += 16 + (p->step ? 4 : 2) * p->size;
	if (r->parameter_id != rq->parameter_id ||
	    memcmp(&r->class_id, &rq->class_id, 16) || r->instance_id ||
	    r->request_verb != rq->verb) {
		fail("reply does not answer the request (verb %#x)", rq->verb);
		return;
	}
	switch (verb_of(rq->verb)) {
	case AUDMOD_VERB_GET:
		want_size = p->size;
		if (!out)
			want_status = 0x80000005;
		else if (!p->moving &&
			 le(r->value, p->size) != values[m][rq->parameter_id])
			fail("GET %s answered %llu, expected %llu", p->name,
			     (unsigned long long)le(r->value, p->size),
			     (unsigned long long)values[m][rq->parameter_id]);
		break;
	case AUDMOD_VERB_BASIC_SUPPORT:
		if (!out) {
			want_status = 0x80000005;
			want_size = full;
		} else if (out < 24) {
			want_size = 4;
		} else {
			want_size = out >= full ? full : 24;
		}
		if (out && le(r->value, 4) != access)
			fail("BASIC_SUPPORT %s: access %#llx, expected %#x",
			     p->name, (unsigned long long)le(r->value, 4),
			     access);
		if (out >= 24 && le(r->value + 4, 4) != full)
			fail("BASIC_SUPPORT %s: description size %llu, expected %u",
			     p->name, (unsigned long long)le(r->value + 4, 4),
			     full);
		break;
	}
	if (r->status != want_status || r->size != want_size)
		fail("reply to verb %#x on %s: status %#x size %u, expected %#x %u",
		     rq->verb, p->name, r->status, r->size, want_status,
		     want_size);
}

/* One command: structured around the protocol, or raw random bytes. */
static void op_command(void)
{
	static const uint32_t verbs[] = {
		AUDMOD_VERB_GET, AUDMOD_VERB_SET, AUDMOD_VERB_BASIC_SUPPORT,
		AUDMOD_VERB_REPLY, 0, 3, 0x100, 0xffffffff,
	};
	unsigned char before[AUDMOD_COMMAND_BYTES];
	struct audmod_command_request rq;
	unsigned int m = below(N_MODULES), mm = 0, k;
	const struct model_param *p;
	int want, err, changed;
	uint64_t newv = 0;

	if (!below(5)) {
		for (k = 0; k < sizeof(rq); k++)
			((unsigned char *)&rq)[k] = rnd();
		if (below(2))	/* a real class id now and then */
			rq.class_id = model[m].class_id;
	} else {
		uint32_t pid = below(8) ? below(model[m].nparams) : rnd() % 5;

		p = &model[m].p[pid < model[m].nparams ? pid : 0];
		request(&rq, below(4) ? verbs[below(3)] : verbs[below(8)], m,
			pid, pick_size(p->size), pick_param_value(p));
		if (!below(10))
			rq.instance_id = 1 + below(3);
		if (!below(10))
			rq.class_id.b[below(16)] ^= 1 + below(255);
		if (below(2))	/* garbage after the value is ignored */
			for (k = 8; k < sizeof(rq.value); k++)
				rq.value[k] = rnd();
	}
	memcpy(before, reply, sizeof(before));
	want = expect_command(&rq, &mm, &changed, &newv);
	err = command(&cd, &rq);
	read_reply(reply);
	if (err != want) {
		fail("command verb %#x param %u size %u: %s, expected %s",
		     rq.verb, rq.parameter_id, rq.value_size,
		     err ? strerror(err) : "success",
		     want ? strerror(want) : "success");
		/* Resynchronise the model. */
		if (!err && verb_of(rq.verb) == AUDMOD_VERB_SET && mm < N_MODULES &&
		    rq.parameter_id < model[mm].nparams)
			values[mm][rq.parameter_id] =
				le(rq.value, model[mm].p[rq.parameter_id].size);
		return;
	}
	if (err) {
		if (memcmp(before, reply, sizeof(reply)))
			fail("refused command (verb %#x, %s) left a reply",
			     rq.verb, strerror(err));
		return;
	}
	if (changed)
		values[mm][rq.parameter_id] = newv;
	check_reply(&rq, mm);
}

/* TLV read of control @i with a random claimed length. */
static void op_tlv_read(unsigned int i)
{
	static const uint32_t lens[] = {
		0, 1, 4, 7, 8, 9, 12, 39, 40, 41, 43, 44, 47, 48, 88, 95, 96,
		520, 4096, 65535, 0x7fffffff, 0xffffffff,
	};
	struct snd_ctl_tlv *t = (void *)tlvbuf;
	const struct ctl *c = &cd.c[i];
	uint32_t len = below(2) ? lens[below(ARRAY_SIZE(lens))] :
				  (uint32_t)below(700);
	int err, want;

	memset(tlvbuf, FILL, TLV_BUF);
	t->numid = c->info.id.numid;
	t->length = len;
	/* No control of the card has a TLV. */
	want = len < 8 ? EINVAL : ENXIO;
	err = ioctl(cd.fd, SNDRV_CTL_IOCTL_TLV_READ, t) < 0 ? errno : 0;
	if (err != want) {
		fail("TLV read %s length %u: %s, expected %s", c->name, len,
		     err ? strerror(err) : "success", strerror(want));
		return;
	}
	if (!all_bytes((unsigned char *)t->tlv, TLV_BUF - sizeof(*t), FILL))
		fail("refused TLV read %s length %u wrote to the buffer",
		     c->name, len);
}

/* TLV write or command: no control of the card accepts them. */
static void op_tlv_other(unsigned int i)
{
	struct snd_ctl_tlv *t = (void *)tlvbuf;
	unsigned long req = below(2) ? SNDRV_CTL_IOCTL_TLV_WRITE :
				       SNDRV_CTL_IOCTL_TLV_COMMAND;
	uint32_t len = below(64);
	int err, want;

	memset(tlvbuf, 0, 64 + sizeof(*t));
	t->numid = below(20) ? cd.c[i].info.id.numid :
		   below(2) ? 0 : 0x7fff0000 + below(1000);
	t->length = len;
	if (!t->numid || len < 8)
		want = EINVAL;
	else if (t->numid >= 0x7fff0000)
		want = ENOENT;
	else
		want = ENXIO;
	err = ioctl(cd.fd, req, t) < 0 ? errno : 0;
	if (err != want)
		fail("TLV %s numid %u length %u: %s, expected %s",
		     req == SNDRV_CTL_IOCTL_TLV_WRITE ? "write" : "command",
		     t->numid, len, err ? strerror(err) : "success",
		     strerror(want));
}

/* Settable parameters back to their first values. */
static void restore(void)
{
	struct snd_ctl_elem_value v;
	const struct model_param *p;
	unsigned int i, k;

	for (i = 0; i < cd.count; i++) {
		p = ctl_param(&cd.c[i]);
		if (!p || !p->settable)
			continue;
		if (cd.c[i].info.type != SNDRV_CTL_ELEM_TYPE_ENUMERATED) {
			scalar_value(&cd.c[i], &v,
				     first[cd.c[i].module][cd.c[i].param]);
		} else {
			for (k = 0; k < model_items(p); k++)
				if (model_item(p, k) == first[cd.c[i].module][cd.c[i].param])
					break;
			scalar_value(&cd.c[i], &v, k);
		}
		if (ctl_write(&cd, &v))
			fail("restoring %s failed", cd.c[i].name);
	}
}

int main(int argc, char **argv)
{
	unsigned long long ops, n;
	struct snd_ctl_elem_value v;
	unsigned int i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OPS SEED\n", argv[0]);
		return 2;
	}
	ops = strtoull(argv[1], NULL, 0);
	rng_state = strtoull(argv[2], NULL, 0) | 1;
	tlvbuf = malloc(TLV_BUF);
	if (!tlvbuf || card_scan(&cd))
		return 2;
	for (i = 0; i < cd.count; i++) {
		if (ctl_read(&cd, &cd.c[i], &v)) {
			fail("read %s: %s", cd.c[i].name, strerror(errno));
			continue;
		}
		if (cd.c[i].module >= 0)
			values[cd.c[i].module][cd.c[i].param] =
				scalar_of(&cd.c[i], &v);
	}
	memcpy(first, values, sizeof(first));
	read_reply(reply);
	printf("%u controls\n", cd.count);

	for (n = 0; n < ops; n++) {
		i = below(cd.count);
		switch (below(10)) {
		case 0: case 1: case 2:
			op_read(i);
			break;
		case 3: case 4: case 5:
			op_write(i);
			break;
		case 6: case 7:
			op_command();
			break;
		case 8:
			op_tlv_read(below(2) ? (unsigned int)cd.notification : i);
			break;
		default:
			op_tlv_other(i);
			break;
		}
	}
	for (i = 0; i < cd.count; i++)
		op_read(i);
	restore();
	printf("fuzz_ops=%llu failures=%llu\n", ops, failures);
	return failures ? 1 : 0;
}
