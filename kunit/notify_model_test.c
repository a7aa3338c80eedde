// SPDX-License-Identifier: GPL-2.0
/*
 * Model-based KUnit tests of the notification port's queue
 * (driver/notify.c), against a reference model written from the contract
 * in include/audmod/notify.h alone: the queue is a FIFO of at most
 * queue_depth entries that drops its oldest when full, every accepted send
 * takes the next sequence number, a payload over AUDMOD_NOTIFY_SMALL_BYTES
 * needs a GFP_ATOMIC copy (-ENOMEM: sent and dropped), a NonPaged
 * allocation falls back to the reserve for small payloads, and
 * sent == delivered + dropped + depth at every moment.
 *
 * The sequential cases drive the real notifier and the model with the same
 * seeded pseudo-random operations and compare them after every operation.
 * Their process consumer runs in lock-step with the test: on each call it
 * tells the test it has taken an entry (so the model takes it too) and waits
 * until the test lets it finish, so a consumer that is slow or stalls is
 * one the test does not release for a while. The consumer compares what it
 * receives, byte by byte, with the entry the model says it must receive.
 * Allocation failures are injected with the static stub (the test's own
 * thread) and the fault attribute (everywhere, the refill work included).
 *
 * The concurrent case has two kthreads and a hard-irq timer sending at once
 * to both consumers, and checks the model's per-sender invariants once the
 * senders have stopped.
 *
 * Waits have a generous timeout that only turns a hang into a failure.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <audmod/notify.h>

#include "compat.h"
#include "core_kunit.h"

MODULE_IMPORT_NS(AUDMOD_NS);
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);

#define NM_OPS		5000	/* operations per sequential case */
#define NM_HELD		6	/* buffers the test holds at once */
#define NM_MAX_DEPTH	16	/* largest queue a sequential case creates */
#define NM_WAIT		(20 * HZ)

static const guid_t nm_device_id =
	GUID_INIT(0x71c3a0d2, 0x5e8f, 0x4b19,
		  0xa4, 0x07, 0x3e, 0x2d, 0x91, 0x6c, 0x58, 0xb0);
static const guid_t nm_other_id =
	GUID_INIT(0x71c3a0d2, 0x5e8f, 0x4b19,
		  0xa4, 0x07, 0x3e, 0x2d, 0x91, 0x6c, 0x58, 0xb1);

/* xorshift32: the same seed gives the same operations on every kernel. */
static u32 nm_next(u32 *state)
{
	u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* What a fill wrote into a buffer, and so what a send of it must do. */
enum nm_kind {
	NM_KIND_ZERO,		/* never filled: device id all zero */
	NM_KIND_VALID,
	NM_KIND_OTHER_DEVICE,	/* another device's id */
	NM_KIND_RESERVED,	/* non-zero reserved field */
};

/*
 * The payload of @tag: a header (its device id and reserved field as @kind
 * says, class and instance ids from @tag), then vendor bytes from a
 * xorshift stream seeded by @tag. Writes @size bytes at @dst, or, with
 * @dst NULL, compares them with @cmp and returns whether they match.
 */
static bool nm_payload(u8 *dst, const u8 *cmp, u32 size, u32 tag,
		       enum nm_kind kind)
{
	struct audmod_notification_header hdr = {};
	u32 state = tag | 1, i, word = 0;
	u8 b;

	memcpy(&hdr.device_id, kind == NM_KIND_OTHER_DEVICE ? &nm_other_id :
	       &nm_device_id, sizeof(hdr.device_id));
	for (i = 0; i < sizeof(hdr.class_id); i++)
		hdr.class_id.b[i] = (u8)(tag >> (i % 4 * 8)) ^ (u8)i;
	hdr.instance_id = cpu_to_le32(tag);
	hdr.reserved = cpu_to_le32(kind == NM_KIND_RESERVED ? tag | 1 : 0);
	for (i = 0; i < size; i++) {
		if (i < sizeof(hdr)) {
			b = ((u8 *)&hdr)[i];
		} else {
			if ((i - sizeof(hdr)) % 4 == 0)
				word = nm_next(&state);
			b = (u8)(word >> ((i - sizeof(hdr)) % 4 * 8));
		}
		if (dst)
			dst[i] = b;
		else if (cmp[i] != b)
			return false;
	}
	return true;
}

/* ---- the model ---------------------------------------------------------- */

struct nm_entry {
	u64 seq;
	u32 size;
	u32 tag;
};

/**
 * struct nm_model - the notifier as the contract describes it
 * @q: the queue, @depth entries from @head
 * @head: index of the oldest entry
 * @held: the consumer has taken @held_e (delivered) and not returned yet
 * @held_e: that entry
 * @held_lost: what its &audmod_notification.lost must be
 * @last_seq: sequence number of the last accepted send
 * @st: the counters the notifier must report; @st.depth is the queue's
 * @reserve: reserve buffers ready: exactly that when @reserve_exact, else
 *	at least that (a refill may be running)
 * @reserve_exact: see @reserve
 * @refill_armed: an allocation has been made outside a famine since the
 *	last one began: by contract it queued a refill if the reserve was
 *	short, and that refill succeeds. Without one, a refill that failed in
 *	the famine is retried only at the next allocation.
 */
struct nm_model {
	struct nm_entry q[NM_MAX_DEPTH];
	unsigned int head;
	bool held;
	struct nm_entry held_e;
	u64 held_lost;
	u64 last_seq;
	struct audmod_notifier_stats st;
	unsigned int reserve;
	bool reserve_exact;
	bool refill_armed;
};

/* Accepted send of a valid payload that is not lost for lack of memory. */
static void nm_model_push(struct nm_model *m, u32 size, u32 tag)
{
	struct nm_entry *e;

	m->st.sent++;
	if (m->st.depth == m->st.queue_depth) {
		/* Full: the oldest goes. */
		m->head = (m->head + 1) % m->st.queue_depth;
		m->st.depth--;
		m->st.dropped++;
		m->st.dropped_overflow++;
	}
	e = &m->q[(m->head + m->st.depth) % m->st.queue_depth];
	e->seq = ++m->last_seq;
	e->size = size;
	e->tag = tag;
	m->st.depth++;
	m->st.max_depth = max(m->st.max_depth, m->st.depth);
}

/* The consumer takes the oldest entry. */
static void nm_model_take(struct nm_model *m)
{
	m->held_e = m->q[m->head];
	m->head = (m->head + 1) % m->st.queue_depth;
	m->st.depth--;
	m->st.delivered++;
	m->held_lost = m->st.dropped;
	m->held = true;
}

/* ---- test state --------------------------------------------------------- */

enum nm_fault {
	NM_FAULT_NONE,
	NM_FAULT_ATOMIC,	/* the test thread's GFP_ATOMIC allocations fail */
	NM_FAULT_ALL,		/* every allocation fails, everywhere */
};

struct nm_buf {
	struct audmod_notification_buffer *b;
	enum nm_kind kind;
	u32 tag;
};

struct nm {
	struct kunit *test;
	struct audmod_notifier *n;
	struct nm_model m;
	u32 seed, rng, next_tag;
	unsigned int op;
	unsigned int failures;	/* NM_EXPECT() failures so far */
	bool dead;		/* a wait timed out: stop */

	struct nm_buf held[NM_HELD];

	/* Consumer side. */
	struct completion entered, proceed, done;
	bool free_run;		/* shutdown phase: no lock-step */
	unsigned int bad_deliveries;
	u64 last_ts;

	enum nm_fault fault;
	unsigned int fault_ops;	/* operations left with @fault */
	bool attr_on;
	unsigned int spurious_nomem;
	unsigned int stats_checks, sends, deliveries, overflows, nomems;
	unsigned int reserve_takes, refusals;
};

/* The consumer: process context, one call at a time. */
static void nm_deliver(void *ctx, const struct audmod_notification *msg)
{
	struct nm *t = ctx;
	struct nm_model *m = &t->m;
	const struct nm_entry *e;

	if (!READ_ONCE(t->free_run)) {
		complete(&t->entered);
		wait_for_completion(&t->proceed);
	}
	/* The test thread waits on us (or in shutdown): the model is ours. */
	if (!m->held)
		nm_model_take(m);
	e = &m->held_e;
	if (msg->seq != e->seq || msg->size != e->size ||
	    msg->lost != m->held_lost || msg->timestamp_ns < t->last_ts ||
	    !nm_payload(NULL, msg->data, msg->size, e->tag, NM_KIND_VALID)) {
		if (!t->bad_deliveries)
			pr_err("audmod-notify-model: seed %#x op %u: got seq %llu size %u lost %llu, model seq %llu size %u lost %llu tag %#x\n",
			       t->seed, t->op, msg->seq, msg->size, msg->lost,
			       e->seq, e->size, m->held_lost, e->tag);
		t->bad_deliveries++;
	}
	t->last_ts = msg->timestamp_ns;
	t->deliveries++;
	m->held = false;
	complete(&t->done);
}

static bool nm_wait(struct nm *t, struct completion *c)
{
	if (t->dead)
		return false;
	if (wait_for_completion_timeout(c, NM_WAIT))
		return true;
	KUNIT_FAIL(t->test, "seed %#x op %u: the consumer did not come",
		   t->seed, t->op);
	t->dead = true;
	return false;
}

/* When the model has an entry and the consumer is idle, it takes one. */
static void nm_settle(struct nm *t)
{
	if (t->m.held || !t->m.st.depth)
		return;
	if (nm_wait(t, &t->entered))
		nm_model_take(&t->m);
}

/* Lets the consumer finish the entry it holds. */
static void nm_release(struct nm *t)
{
	if (!t->m.held)
		return;
	complete(&t->proceed);
	if (nm_wait(t, &t->done))
		nm_settle(t);
}

static void nm_drain(struct nm *t)
{
	while (t->m.held && !t->dead)
		nm_release(t);
}

#define NM_EXPECT(t, cond, fmt, ...)					\
	do {								\
		struct nm *__t = (t);					\
									\
		if (!(cond)) {						\
			__t->failures++;				\
			KUNIT_FAIL(__t->test, "seed %#x op %u: " fmt,	\
				   __t->seed, __t->op, ##__VA_ARGS__);	\
		}							\
	} while (0)

static void nm_cmp(struct nm *t, const char *name, u64 got, u64 want)
{
	NM_EXPECT(t, got == want, "%s %llu, model %llu", name, got, want);
}

/* The notifier's counters against the model's; true when they agree. */
static bool nm_check(struct nm *t)
{
	const struct audmod_notifier_stats *m = &t->m.st;
	unsigned int failures = t->failures;
	struct audmod_notifier_stats st;

	audmod_notifier_get_stats(t->n, &st);
	t->stats_checks++;
	nm_cmp(t, "sent", st.sent, m->sent);
	nm_cmp(t, "delivered", st.delivered, m->delivered);
	nm_cmp(t, "dropped", st.dropped, m->dropped);
	nm_cmp(t, "dropped_overflow", st.dropped_overflow, m->dropped_overflow);
	nm_cmp(t, "dropped_nomem", st.dropped_nomem, m->dropped_nomem);
	nm_cmp(t, "dropped_shutdown", st.dropped_shutdown, m->dropped_shutdown);
	nm_cmp(t, "refused", st.refused, m->refused);
	nm_cmp(t, "alloc_failed", st.alloc_failed, m->alloc_failed);
	nm_cmp(t, "reserve_used", st.reserve_used, m->reserve_used);
	nm_cmp(t, "depth", st.depth, m->depth);
	nm_cmp(t, "max_depth", st.max_depth, m->max_depth);
	nm_cmp(t, "queue_depth", st.queue_depth, m->queue_depth);
	nm_cmp(t, "reserve_count", st.reserve_count, m->reserve_count);
	nm_cmp(t, "shut_down", st.shut_down, m->shut_down);
	nm_cmp(t, "atomic_delivered", st.atomic_delivered, m->atomic_delivered);
	nm_cmp(t, "atomic_dropped", st.atomic_dropped, m->atomic_dropped);
	nm_cmp(t, "atomic_deferred", st.atomic_deferred, m->atomic_deferred);
	nm_cmp(t, "atomic_depth", st.atomic_depth, m->atomic_depth);
	/* The invariant the header states, on the notifier's own numbers. */
	NM_EXPECT(t, st.sent == st.delivered + st.dropped + st.depth,
		  "sent %llu != delivered %llu + dropped %llu + depth %u",
		  st.sent, st.delivered, st.dropped, st.depth);
	if (t->m.reserve_exact)
		NM_EXPECT(t, st.reserve_free == t->m.reserve,
			  "reserve_free %u, model %u", st.reserve_free,
			  t->m.reserve);
	else
		NM_EXPECT(t, st.reserve_free >= t->m.reserve &&
			  st.reserve_free <= st.reserve_count,
			  "reserve_free %u, model at least %u", st.reserve_free,
			  t->m.reserve);
	NM_EXPECT(t, !t->bad_deliveries, "%u deliveries differ from the model",
		  t->bad_deliveries);
	return failures == t->failures;
}

/* Replaces audmod_notifier_alloc_fails() in the test's thread. */
static bool nm_fault_stub(size_t size, gfp_t gfp)
{
	struct nm *t = kunit_get_current_test()->priv;

	switch (READ_ONCE(t->fault)) {
	case NM_FAULT_ALL:
		return true;
	case NM_FAULT_ATOMIC:
		return !(gfp & __GFP_DIRECT_RECLAIM);
	default:
		return false;
	}
}

static void nm_attr_set(bool on)
{
#ifdef CONFIG_FAULT_INJECTION
	struct fault_attr *attr = &audmod_notifier_fail_alloc;

	attr->verbose = 0;
	attr->interval = 1;
	atomic_set(&attr->space, 0);
	atomic_set(&attr->times, on ? -1 : 1);
	attr->probability = on ? 100 : 0;
#endif
}

/*
 * Waits for the consumer and the refill: the reserve is full again if a
 * refill was due, else it stays what it is until the next allocation.
 */
static void nm_sync(struct nm *t)
{
	struct nm_model *m = &t->m;
	struct audmod_notifier_stats st;

	nm_drain(t);
	if (t->dead)
		return;
	audmod_notifier_flush(t->n);
	/* In a famine the refill fails: the reserve stays as it is. */
	if (t->attr_on)
		return;
	if (m->refill_armed || m->reserve == m->st.reserve_count) {
		m->reserve = m->st.reserve_count;
	} else {
		/*
		 * Whether the famine's last refill ran before or after it
		 * ended is up to the scheduler; nothing changes the reserve
		 * now until the next allocation, so the model learns it.
		 */
		audmod_notifier_get_stats(t->n, &st);
		NM_EXPECT(t, st.reserve_free >= m->reserve &&
			  st.reserve_free <= m->st.reserve_count,
			  "reserve_free %u after a famine, model at least %u",
			  st.reserve_free, m->reserve);
		m->reserve = st.reserve_free;
	}
	m->reserve_exact = true;
}

/* A payload size over the whole range, its edges more often. */
static u32 nm_size(struct nm *t)
{
	static const u32 edges[] = {
		1, AUDMOD_NOTIFICATION_HEADER_SIZE - 1,
		AUDMOD_NOTIFICATION_HEADER_SIZE,
		AUDMOD_NOTIFICATION_HEADER_SIZE + 1,
		AUDMOD_NOTIFY_SMALL_BYTES - 1, AUDMOD_NOTIFY_SMALL_BYTES,
		AUDMOD_NOTIFY_SMALL_BYTES + 1,
		KMALLOC_MAX_CACHE_SIZE - sizeof(struct audmod_notification_buffer),
		KMALLOC_MAX_CACHE_SIZE - sizeof(struct audmod_notification_buffer) + 1,
		KMALLOC_MAX_CACHE_SIZE, AUDMOD_NOTIFICATION_MAX_BYTES - 1,
		AUDMOD_NOTIFICATION_MAX_BYTES,
	};
	u32 r = nm_next(&t->rng);

	switch (r % 16) {
	case 0 ... 5:
		return 1 + r / 16 % AUDMOD_NOTIFY_SMALL_BYTES;
	case 6:
		return edges[r / 16 % ARRAY_SIZE(edges)];
	case 7 ... 9:
		return AUDMOD_NOTIFICATION_HEADER_SIZE +
		       r / 16 % (AUDMOD_NOTIFY_SMALL_BYTES -
				 AUDMOD_NOTIFICATION_HEADER_SIZE + 1);
	case 10 ... 12:
		return AUDMOD_NOTIFY_SMALL_BYTES + 1 + r / 16 % 8192;
	default:
		return 1 + r / 16 % AUDMOD_NOTIFICATION_MAX_BYTES;
	}
}

static int nm_free_slot(struct nm *t)
{
	unsigned int i;

	for (i = 0; i < NM_HELD; i++)
		if (!t->held[i].b)
			return i;
	return -1;
}

static int nm_used_slot(struct nm *t)
{
	unsigned int i, start = nm_next(&t->rng) % NM_HELD;

	for (i = 0; i < NM_HELD; i++)
		if (t->held[(start + i) % NM_HELD].b)
			return (start + i) % NM_HELD;
	return -1;
}

/* FreeNotificationBuffer without a send. */
static void nm_op_free(struct nm *t, int i)
{
	struct nm_model *m = &t->m;

	if (i < 0 || !t->held[i].b)
		return;
	/* A reserve buffer goes back if the reserve has room. */
	if (t->held[i].b->from_reserve && m->reserve < m->st.reserve_count)
		m->reserve++;
	audmod_notifier_free_buffer(t->n, t->held[i].b);
	t->held[i].b = NULL;
}

static void nm_op_alloc(struct nm *t)
{
	struct audmod_notification_buffer *buf = ERR_PTR(-EBADF);
	static const u32 bad_pools[] = { 2, 4, 7, 33, 516, 544 };
	struct nm_model *m = &t->m;
	u32 r = nm_next(&t->rng), pool, bytes;
	bool paged, want_reserve = false;
	int i = nm_free_slot(t), expect = 0, ret;

	if (i < 0) {
		i = nm_used_slot(t);
		nm_op_free(t, i);
	}
	switch (r % 8) {
	case 0 ... 2:
		pool = AUDMOD_PAGED_POOL;
		break;
	case 3 ... 4:
		pool = AUDMOD_NON_PAGED_POOL;
		break;
	case 5 ... 6:
		pool = AUDMOD_NON_PAGED_POOL_NX;
		break;
	default:
		pool = bad_pools[r / 8 % ARRAY_SIZE(bad_pools)];
		break;
	}
	bytes = r / 64 % 32 ? nm_size(t) :
		r / 2048 % 2 ? 0 : AUDMOD_NOTIFICATION_MAX_BYTES + 1;
	paged = pool == AUDMOD_PAGED_POOL;

	if (r % 8 == 7 || !bytes || bytes > AUDMOD_NOTIFICATION_MAX_BYTES) {
		expect = -EINVAL;
	} else if (t->fault == NM_FAULT_ALL ||
		   (t->fault == NM_FAULT_ATOMIC && !paged)) {
		/* Only a small NonPaged one, from the reserve. */
		want_reserve = !paged && bytes <= AUDMOD_NOTIFY_SMALL_BYTES;
		/* An empty reserve a refill may have topped up: skip. */
		if (want_reserve && !m->reserve && !m->reserve_exact)
			return;
		if (!want_reserve || !m->reserve) {
			want_reserve = false;
			expect = -ENOMEM;
		}
	}

	/*
	 * Past the argument checks, an allocation queues a refill if the
	 * reserve is short; outside a famine it succeeds, some time later.
	 */
	if (expect != -EINVAL && !t->attr_on) {
		m->refill_armed = true;
		if (m->reserve < m->st.reserve_count)
			m->reserve_exact = false;
	}
	ret = audmod_notifier_alloc_buffer(t->n, pool, bytes, &buf);
	if (ret == -ENOMEM && !expect && t->fault == NM_FAULT_NONE) {
		/* Real memory shortage: the contract allows it. */
		t->spurious_nomem++;
		expect = -ENOMEM;
	}
	NM_EXPECT(t, ret == expect, "alloc pool %u bytes %u: %d, model %d",
		  pool, bytes, ret, expect);
	if (ret) {
		NM_EXPECT(t, buf == ERR_PTR(-EBADF), "alloc changed *out on error");
		if (ret == -ENOMEM)
			m->st.alloc_failed++;
		return;
	}
	if (!want_reserve && buf->from_reserve && !paged &&
	    t->fault == NM_FAULT_NONE) {
		/* GFP_ATOMIC really failed and the reserve served it. */
		t->spurious_nomem++;
		want_reserve = true;
	}
	NM_EXPECT(t, buf->size == bytes, "size %u, asked %u", buf->size, bytes);
	NM_EXPECT(t, IS_ALIGNED((unsigned long)buf->data, 8), "data unaligned");
	NM_EXPECT(t, !memchr_inv(buf->data, 0, bytes), "%u bytes not zeroed",
		  bytes);
	NM_EXPECT(t, buf->from_reserve == want_reserve,
		  "from_reserve %d, model %d", buf->from_reserve, want_reserve);
	if (want_reserve) {
		m->st.reserve_used++;
		if (m->reserve)
			m->reserve--;
		t->reserve_takes++;
		/* Outside a famine the refill brings it back at some point. */
		if (t->fault != NM_FAULT_ALL)
			m->reserve_exact = false;
	}
	t->held[i].b = buf;
	t->held[i].kind = NM_KIND_ZERO;
	t->held[i].tag = 0;
}

static void nm_op_fill(struct nm *t)
{
	int i = nm_used_slot(t);
	u32 r = nm_next(&t->rng);
	struct nm_buf *h;

	if (i < 0)
		return;
	h = &t->held[i];
	h->kind = r % 16 == 0 ? NM_KIND_OTHER_DEVICE :
		  r % 16 == 1 ? NM_KIND_RESERVED : NM_KIND_VALID;
	h->tag = ++t->next_tag;
	nm_payload(h->b->data, NULL, h->b->size, h->tag, h->kind);
}

static void nm_op_send(struct nm *t)
{
	const struct audmod_notification_buffer *b;
	struct nm_model *m = &t->m;
	const guid_t *id = &audmod_ksnotificationid_audiomodule;
	u32 r = nm_next(&t->rng);
	int i = nm_used_slot(t), expect, ret;
	struct nm_buf *h;
	bool large;

	if (i < 0)
		return;
	h = &t->held[i];
	b = h->b;
	/* Most never-filled buffers get a fill first: fewer refusals. */
	if (h->kind == NM_KIND_ZERO && r / 32 % 4) {
		h->kind = NM_KIND_VALID;
		h->tag = ++t->next_tag;
		nm_payload(h->b->data, NULL, h->b->size, h->tag, h->kind);
	}
	if (r % 32 == 0)
		id = NULL;
	else if (r % 32 == 1)
		id = &nm_other_id;
	else if (r % 32 == 2)
		b = NULL;
	large = b && b->size > AUDMOD_NOTIFY_SMALL_BYTES;

	if (!id || id == &nm_other_id || !b ||
	    b->size < AUDMOD_NOTIFICATION_HEADER_SIZE || h->kind != NM_KIND_VALID)
		expect = -EINVAL;
	else if (large && t->fault != NM_FAULT_NONE)
		expect = -ENOMEM;
	else
		expect = 0;

	ret = audmod_notifier_send(t->n, id, b);
	t->sends++;
	if (ret == -ENOMEM && !expect && large) {
		t->spurious_nomem++;
		expect = -ENOMEM;
	}
	NM_EXPECT(t, ret == expect, "send size %u kind %d: %d, model %d",
		  b ? b->size : 0, h->kind, ret, expect);
	switch (expect) {
	case -EINVAL:
		m->st.refused++;
		t->refusals++;
		break;
	case -ENOMEM:
		/* It took a sequence number that will be missing. */
		m->st.sent++;
		m->last_seq++;
		m->st.dropped++;
		m->st.dropped_nomem++;
		t->nomems++;
		break;
	default:
		if (m->st.depth == m->st.queue_depth)
			t->overflows++;
		nm_model_push(m, b->size, h->tag);
		nm_settle(t);
		break;
	}
}

/* Changes what allocations do for the next few operations. */
static void nm_op_fault(struct nm *t, enum nm_fault fault)
{
	if (t->fault != NM_FAULT_NONE)
		return;
	if (fault == NM_FAULT_ALL) {
#ifdef CONFIG_FAULT_INJECTION
		/* From a known reserve, which no refill can change now. */
		nm_sync(t);
		nm_attr_set(true);
		t->attr_on = true;
		t->m.refill_armed = false;
#else
		return;
#endif
	}
	t->fault = fault;
	t->fault_ops = 5 + nm_next(&t->rng) % 40;
}

static void nm_fault_tick(struct nm *t)
{
	if (t->fault == NM_FAULT_NONE || --t->fault_ops)
		return;
	if (t->attr_on) {
		nm_attr_set(false);
		t->attr_on = false;
		/* A refill queued meanwhile may still succeed. */
		t->m.reserve_exact = false;
	}
	t->fault = NM_FAULT_NONE;
}

static void nm_op(struct nm *t)
{
	u32 r = nm_next(&t->rng) % 100, k;

	/* Sends outpace deliveries, so that the queue overflows too. */
	switch (r) {
	case 0 ... 17:
		nm_op_alloc(t);
		break;
	case 18 ... 29:
		nm_op_fill(t);
		break;
	case 30 ... 69:
	case 85 ... 91:
		nm_op_send(t);
		break;
	case 70 ... 75:
		nm_op_free(t, nm_used_slot(t));
		break;
	case 76 ... 83:
		/* A consumer that is slow: a few deliveries, then it stalls. */
		for (k = nm_next(&t->rng) % 4; k < 4; k++)
			nm_release(t);
		break;
	case 84:
		nm_drain(t);
		break;
	case 92 ... 95:
		nm_op_fault(t, NM_FAULT_ATOMIC);
		break;
	case 96 ... 97:
		nm_op_fault(t, NM_FAULT_ALL);
		break;
	default:
		nm_sync(t);
		break;
	}
	nm_fault_tick(t);
}

struct nm_param {
	u32 seed;
	unsigned int depth, reserve;
};

static const struct nm_param nm_params[] = {
	{ 0x00000001, 1, 1 },
	{ 0x00c0ffee, 4, 2 },
	{ 0xdeadbeef, 16, 8 },
	{ 0x5eed2026, 7, 3 },
};

static void nm_param_desc(const struct nm_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "seed %#x depth %u reserve %u",
		 p->seed, p->depth, p->reserve);
}

KUNIT_ARRAY_PARAM(nm, nm_params, nm_param_desc);

static int nm_init(struct kunit *test)
{
	struct nm *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	t->test = test;
	init_completion(&t->entered);
	init_completion(&t->proceed);
	init_completion(&t->done);
	test->priv = t;
	kunit_activate_static_stub(test, audmod_notifier_alloc_fails,
				   nm_fault_stub);
	return 0;
}

static void nm_exit(struct kunit *test)
{
	struct nm *t = test->priv;
	unsigned int i;

	nm_attr_set(false);
	if (!t->n)
		return;
	/* A consumer still waiting (after a failure) must not block us. */
	WRITE_ONCE(t->free_run, true);
	complete_all(&t->proceed);
	for (i = 0; i < NM_HELD; i++)
		audmod_notifier_free_buffer(t->n, t->held[i].b);
	audmod_notifier_destroy(t->n);
}

/* The end: a stalled consumer, a queue with entries, then shutdown. */
static void nm_finish(struct nm *t)
{
	struct nm_model *m = &t->m;
	struct audmod_notification_buffer *buf;
	unsigned int i, k;

	nm_sync(t);
	for (i = 0; i < NM_HELD; i++)
		nm_op_free(t, i);
	if (!nm_check(t) || t->dead)
		return;

	k = m->st.queue_depth + 2;
	KUNIT_ASSERT_EQ(t->test, audmod_notifier_alloc_buffer(t->n, AUDMOD_PAGED_POOL,
							      100, &buf), 0);
	for (i = 0; i < k; i++) {
		nm_payload(buf->data, NULL, buf->size, ++t->next_tag,
			   NM_KIND_VALID);
		NM_EXPECT(t, !audmod_notifier_send(t->n,
						   &audmod_ksnotificationid_audiomodule,
						   buf), "final send %u failed", i);
		nm_model_push(m, buf->size, t->next_tag);
		nm_settle(t);
	}
	nm_check(t);
	/*
	 * Let the consumer go on alone while shutdown stops it: whatever it
	 * has not taken by then is dropped. Shutdown waits for its callback,
	 * so the model is whole again when it returns.
	 */
	WRITE_ONCE(t->free_run, true);
	complete(&t->proceed);
	audmod_notifier_shutdown(t->n);
	m->st.shut_down = true;
	m->st.dropped += m->st.depth;
	m->st.dropped_shutdown += m->st.depth;
	m->st.depth = 0;
	NM_EXPECT(t, !m->held, "the consumer still holds an entry");

	/* Refused now; buffers still work. */
	NM_EXPECT(t, audmod_notifier_send(t->n, &audmod_ksnotificationid_audiomodule,
					  buf) == -ESHUTDOWN, "send after shutdown");
	m->st.refused++;
	audmod_notifier_free_buffer(t->n, buf);
	nm_check(t);
}

/*
 * Seeded operations on a notifier with a lock-step process consumer,
 * compared with the model after every one.
 */
static void nm_sequence_test(struct kunit *test)
{
	const struct nm_param *p = test->param_value;
	struct audmod_notifier_config cfg = {
		.device_id = &nm_device_id,
		.queue_depth = p->depth,
		.reserve_count = p->reserve,
		.deliver = nm_deliver,
	};
	struct nm *t = test->priv;

	cfg.ctx = t;
	t->seed = p->seed;
	t->rng = p->seed;
	t->n = audmod_notifier_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->n);
	t->m.st.queue_depth = p->depth;
	t->m.st.reserve_count = p->reserve;
	t->m.reserve = p->reserve;
	t->m.reserve_exact = true;
	KUNIT_ASSERT_TRUE(test, nm_check(t));

	for (t->op = 0; t->op < NM_OPS; t->op++) {
		nm_op(t);
		/* The first disagreement is the interesting one. */
		if (!nm_check(t) || t->dead)
			return;
	}
	t->fault_ops = 1;
	nm_fault_tick(t);
	nm_finish(t);
	kunit_info(test, "seed %#x: %u ops, %u sends (%u refused, %u overflowed, %u nomem), %u deliveries, %u reserve takes, %u spurious nomem, %u checks\n",
		   t->seed, NM_OPS, t->sends, t->refusals, t->overflows,
		   t->nomems, t->deliveries, t->reserve_takes,
		   t->spurious_nomem, t->stats_checks);
}

/* ---- concurrent senders ------------------------------------------------- */

#define NM_SENDERS	3	/* two kthreads, then the hard-irq timer */
#define NM_KTHREAD_SENDS	1500
#define NM_TIMER_SENDS	300
#define NM_MARKER	NM_SENDERS	/* the last send, after the others */

/* A tag says who sent it and its index among that sender's sends. */
#define NM_TAG(src, idx)	((u32)(src) << 24 | (idx))
#define NM_TAG_SRC(tag)		((tag) >> 24)
#define NM_TAG_IDX(tag)		((tag) & 0xffffff)

/* What one consumer saw. */
struct nm_seen {
	u64 last_seq, last_lost, marker_lost;
	u32 next_idx[NM_SENDERS];	/* lowest index it may see next */
	unsigned int count[NM_SENDERS];
	unsigned int bad;		/* payload, order or source wrong */
	unsigned int total;
};

struct nm_conc;

struct nm_sender {
	struct nm_conc *c;
	unsigned int id;
	struct task_struct *task;
	struct completion done;
	unsigned int ok, nomem, errors, alloc_failed;
	unsigned int in_send, max_in_send;
};

struct nm_conc {
	struct audmod_notifier *n;
	struct completion go, marker_seen;
	struct nm_seen atomic, process;
	struct nm_sender s[NM_SENDERS];
	/* Timer: buffers allocated beforehand, a small and a large one. */
	struct hrtimer timer;
	struct audmod_notification_buffer *small, *large;
	unsigned int ticks;
};

static void nm_seen_one(struct nm_conc *c, struct nm_seen *sn,
			const struct audmod_notification *msg, bool atomic)
{
	u32 tag, src, idx;

	if (msg->size < AUDMOD_NOTIFICATION_HEADER_SIZE) {
		sn->bad++;
		return;
	}
	tag = le32_to_cpu(((const struct audmod_notification_header *)
			   msg->data)->instance_id);
	src = NM_TAG_SRC(tag);
	idx = NM_TAG_IDX(tag);
	sn->total++;
	if (msg->seq <= sn->last_seq || msg->lost < sn->last_lost ||
	    !nm_payload(NULL, msg->data, msg->size, tag, NM_KIND_VALID))
		sn->bad++;
	sn->last_seq = msg->seq;
	sn->last_lost = msg->lost;
	if (src == NM_MARKER) {
		sn->marker_lost = msg->lost;
		if (atomic)
			complete(&c->marker_seen);
		return;
	}
	if (src >= NM_SENDERS || idx < sn->next_idx[src]) {
		sn->bad++;
		return;
	}
	sn->next_idx[src] = idx + 1;
	sn->count[src]++;
}

static void nm_conc_deliver(void *ctx, const struct audmod_notification *msg)
{
	struct nm_conc *c = ctx;

	nm_seen_one(c, &c->process, msg, false);
}

static void nm_conc_deliver_atomic(void *ctx,
				   const struct audmod_notification *msg)
{
	struct nm_conc *c = ctx;
	unsigned int i;

	/* Calls made by a sender inside its own send (not by an irq_work). */
	if (!in_hardirq())
		for (i = 0; i < 2; i++)
			if (current == c->s[i].task)
				c->s[i].in_send++;
	nm_seen_one(c, &c->atomic, msg, true);
}

static void nm_conc_account(struct nm_sender *s, int ret)
{
	if (!ret)
		s->ok++;
	else if (ret == -ENOMEM)
		s->nomem++;	/* sent and dropped, by contract */
	else
		s->errors++;
}

static int nm_conc_thread(void *data)
{
	struct nm_sender *s = data;
	struct audmod_notification_buffer *buf;
	u32 rng = 0x9e3779b9 * (s->id + 1), r, bytes;
	unsigned int i;
	int ret;

	wait_for_completion(&s->c->go);
	for (i = 0; i < NM_KTHREAD_SENDS; i++) {
		r = nm_next(&rng);
		bytes = r % 10 ? AUDMOD_NOTIFICATION_HEADER_SIZE + r / 16 % 400 :
			AUDMOD_NOTIFY_SMALL_BYTES + 1 + r / 16 % 60000;
		ret = audmod_notifier_alloc_buffer(s->c->n, r & 0x100000 ?
						   AUDMOD_PAGED_POOL :
						   AUDMOD_NON_PAGED_POOL_NX,
						   bytes, &buf);
		if (ret) {
			s->alloc_failed++;
			continue;
		}
		nm_payload(buf->data, NULL, bytes, NM_TAG(s->id, i),
			   NM_KIND_VALID);
		s->in_send = 0;
		nm_conc_account(s, audmod_notifier_send(s->c->n,
							&audmod_ksnotificationid_audiomodule,
							buf));
		s->max_in_send = max(s->max_in_send, s->in_send);
		audmod_notifier_free_buffer(s->c->n, buf);
		if (i % 64 == 0)
			cond_resched();
	}
	kthread_complete_and_exit(&s->done, 0);
}

/* Hard interrupt context: copies are not possible, a large send fails. */
static enum hrtimer_restart nm_conc_timer_fn(struct hrtimer *timer)
{
	struct nm_conc *c = container_of(timer, struct nm_conc, timer);
	struct nm_sender *s = &c->s[2];
	struct audmod_notification_buffer *buf;
	int ret;

	buf = c->ticks % 10 == 9 ? c->large : c->small;
	nm_payload(buf->data, NULL, buf->size, NM_TAG(2, c->ticks),
		   NM_KIND_VALID);
	ret = audmod_notifier_send(c->n, &audmod_ksnotificationid_audiomodule,
				   buf);
	if (buf == c->large && ret != -ENOMEM)
		s->errors++;
	nm_conc_account(s, ret);
	if (++c->ticks == NM_TIMER_SENDS) {
		complete(&s->done);
		return HRTIMER_NORESTART;
	}
	hrtimer_forward_now(timer, ns_to_ktime(20 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

/* Per sender: what it sent is what a consumer got plus what was dropped. */
static void nm_conc_check(struct kunit *test, struct nm_conc *c,
			  const struct nm_seen *sn, u64 delivered, u64 dropped,
			  const char *which)
{
	unsigned int i;
	u64 missing = 0;

	KUNIT_EXPECT_EQ_MSG(test, sn->bad, 0, "%s consumer", which);
	for (i = 0; i < NM_SENDERS; i++) {
		const struct nm_sender *s = &c->s[i];

		KUNIT_EXPECT_LE_MSG(test, sn->count[i], s->ok,
				    "%s consumer, sender %u", which, i);
		missing += s->ok + s->nomem - sn->count[i];
	}
	/* Every drop counted, exactly: none lost uncounted, none invented. */
	KUNIT_EXPECT_EQ_MSG(test, missing, dropped, "%s consumer", which);
	KUNIT_EXPECT_EQ_MSG(test, (u64)sn->total, delivered, "%s consumer",
			    which);
	KUNIT_EXPECT_EQ_MSG(test, sn->marker_lost, dropped,
			    "%s consumer: lost of the last delivery", which);
}

static void nm_concurrent_test(struct kunit *test)
{
	struct audmod_notifier_config cfg = {
		.device_id = &nm_device_id,
		.queue_depth = 32,
		.reserve_count = 4,
		.deliver = nm_conc_deliver,
		.deliver_atomic = nm_conc_deliver_atomic,
	};
	struct audmod_notification_buffer *buf;
	struct audmod_notifier_stats st;
	struct task_struct *task;
	struct nm_conc *c;
	unsigned int i;
	u64 sent = 1;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	cfg.ctx = c;
	init_completion(&c->go);
	init_completion(&c->marker_seen);
	c->n = audmod_notifier_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c->n);
	KUNIT_ASSERT_EQ(test, audmod_notifier_alloc_buffer(c->n, AUDMOD_PAGED_POOL,
							   200, &c->small), 0);
	KUNIT_ASSERT_EQ(test, audmod_notifier_alloc_buffer(c->n, AUDMOD_PAGED_POOL,
							   5000, &c->large), 0);

	for (i = 0; i < NM_SENDERS; i++) {
		c->s[i].c = c;
		c->s[i].id = i;
		init_completion(&c->s[i].done);
	}
	for (i = 0; i < 2; i++) {
		task = kthread_create(nm_conc_thread, &c->s[i], "nm-send/%u", i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
		kthread_bind(task, i % num_online_cpus());
		c->s[i].task = task;
		wake_up_process(task);
	}
	hrtimer_setup(&c->timer, nm_conc_timer_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
	hrtimer_start(&c->timer, ns_to_ktime(20 * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_HARD);
	complete_all(&c->go);
	for (i = 0; i < NM_SENDERS; i++)
		wait_for_completion(&c->s[i].done);
	hrtimer_cancel(&c->timer);

	/*
	 * Quiescent: the marker goes last, behind whatever is still queued,
	 * and a full queue drops its oldest, never the marker.
	 */
	KUNIT_ASSERT_EQ(test, audmod_notifier_alloc_buffer(c->n, AUDMOD_PAGED_POOL,
							   64, &buf), 0);
	nm_payload(buf->data, NULL, buf->size, NM_TAG(NM_MARKER, 0),
		   NM_KIND_VALID);
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(c->n,
						   &audmod_ksnotificationid_audiomodule,
						   buf), 0);
	audmod_notifier_free_buffer(c->n, buf);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->marker_seen,
							  NM_WAIT), 0);
	audmod_notifier_flush(c->n);

	audmod_notifier_get_stats(c->n, &st);
	for (i = 0; i < NM_SENDERS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, c->s[i].errors, 0, "sender %u", i);
		sent += c->s[i].ok + c->s[i].nomem;
		kunit_info(test, "sender %u: %u sent, %u nomem, %u alloc failed; process consumer got %u, atomic %u\n",
			   i, c->s[i].ok, c->s[i].nomem, c->s[i].alloc_failed,
			   c->process.count[i], c->atomic.count[i]);
	}
	/* The large timer sends all failed, as hard-irq sends must. */
	KUNIT_EXPECT_EQ(test, c->s[2].nomem, NM_TIMER_SENDS / 10);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_LE_MSG(test, c->s[i].max_in_send,
				    AUDMOD_NOTIFY_DELIVER_BUDGET, "sender %u", i);
	KUNIT_EXPECT_EQ(test, st.sent, sent);
	KUNIT_EXPECT_EQ(test, st.depth, 0);
	KUNIT_EXPECT_EQ(test, st.atomic_depth, 0);
	KUNIT_EXPECT_EQ(test, st.refused, 0);
	KUNIT_EXPECT_EQ(test, st.dropped, st.dropped_overflow + st.dropped_nomem);
	KUNIT_EXPECT_EQ(test, c->process.last_seq, sent);
	KUNIT_EXPECT_EQ(test, c->atomic.last_seq, sent);
	nm_conc_check(test, c, &c->process, st.delivered, st.dropped,
		      "process");
	nm_conc_check(test, c, &c->atomic, st.atomic_delivered,
		      st.atomic_dropped, "atomic");
	kunit_info(test, "sent %llu; process: delivered %llu dropped %llu (overflow %llu, nomem %llu); atomic: delivered %llu dropped %llu deferred %llu\n",
		   st.sent, st.delivered, st.dropped, st.dropped_overflow,
		   st.dropped_nomem, st.atomic_delivered, st.atomic_dropped,
		   st.atomic_deferred);

	audmod_notifier_free_buffer(c->n, c->small);
	audmod_notifier_free_buffer(c->n, c->large);
	audmod_notifier_destroy(c->n);
}

static struct kunit_case nm_cases[] = {
	KUNIT_CASE_PARAM(nm_sequence_test, nm_gen_params),
	KUNIT_CASE(nm_concurrent_test),
	{}
};

static struct kunit_suite nm_suite = {
	.name = "audmod-notify-model",
	.init = nm_init,
	.exit = nm_exit,
	.test_cases = nm_cases,
};

kunit_test_suite(nm_suite);

MODULE_DESCRIPTION("Model-based KUnit tests of the audmod notification queue");
MODULE_LICENSE("GPL");
