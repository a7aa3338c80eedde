// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the notification buffers (driver/notify.c).
 *
 * Allocation failures are injected, and every allocation observed, by a
 * KUnit static stub replacing audmod_notifier_alloc_fails() for the test's
 * own thread (and interrupts that land on it); the reserve refill, which
 * runs in a work item, is failed through the notifier's fault attribute. Atomic
 * contexts are a spinlock, preempt_disable(), local_bh_disable(),
 * rcu_read_lock() and hrtimer callbacks in softirq and hard interrupt
 * context. Where a deliver callback must hold the queue still, it blocks on
 * a gate completion that the test opens.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uio.h>

#include <audmod/notify.h>

#include "compat.h"
#include "core_kunit.h"

MODULE_IMPORT_NS(AUDMOD_NS);
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);

#define NT_MAX_REC	512
#define NT_LARGE	4000	/* over AUDMOD_NOTIFY_SMALL_BYTES: heap copy */

static const guid_t nt_device_id =
	GUID_INIT(0x4f0e2a61, 0x1b7c, 0x4d2e,
		  0x9a, 0x10, 0x3c, 0x55, 0x6e, 0x77, 0x88, 0x99);
static const guid_t nt_other_id =
	GUID_INIT(0x4f0e2a61, 0x1b7c, 0x4d2e,
		  0x9a, 0x10, 0x3c, 0x55, 0x6e, 0x77, 0x88, 0x9a);
static const guid_t nt_class_id =
	GUID_INIT(0x0a1b2c3d, 0x4e5f, 0x6071,
		  0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9);

enum nt_fault_mode {
	NT_FAULT_NONE,
	NT_FAULT_ALL,		/* every allocation fails */
	NT_FAULT_ATOMIC,	/* allocations that cannot reclaim fail */
	NT_FAULT_NTH,		/* the nth allocation from now fails */
};

struct nt_rec {
	u64 seq;
	u64 lost;
	u32 size;
	u32 tag;
};

/* Test state; deliver records here (one delivery at a time). */
struct nt {
	struct kunit *test;
	struct audmod_notifier *n;

	unsigned int ndelivered;
	unsigned int order_errors;
	u64 last_seq, last_ts;
	struct nt_rec rec[NT_MAX_REC];
	u8 *last_data;
	u32 last_size;

	bool gate;
	struct completion gate_entered, gate_release;

	int fault_mode;
	atomic_t fault_countdown;
	atomic_t fault_calls;
	gfp_t last_gfp;
	size_t last_alloc_size;
};

/* Vendor tag: the u32 after the header, if there is one. */
static u32 nt_tag_of(const u8 *data, u32 size)
{
	u32 tag = 0;

	if (size >= AUDMOD_NOTIFICATION_HEADER_SIZE + sizeof(tag))
		memcpy(&tag, data + AUDMOD_NOTIFICATION_HEADER_SIZE, sizeof(tag));
	return tag;
}

static void nt_deliver(void *ctx, const struct audmod_notification *msg)
{
	struct nt *t = ctx;
	unsigned int i = t->ndelivered;

	if (msg->seq <= t->last_seq || msg->timestamp_ns < t->last_ts)
		t->order_errors++;
	t->last_seq = msg->seq;
	t->last_ts = msg->timestamp_ns;
	if (i < NT_MAX_REC) {
		t->rec[i].seq = msg->seq;
		t->rec[i].lost = msg->lost;
		t->rec[i].size = msg->size;
		t->rec[i].tag = nt_tag_of(msg->data, msg->size);
	}
	memcpy(t->last_data, msg->data, msg->size);
	t->last_size = msg->size;
	WRITE_ONCE(t->ndelivered, i + 1);
	if (t->gate && i == 0) {
		complete(&t->gate_entered);
		wait_for_completion(&t->gate_release);
	}
}

/* Replaces audmod_notifier_alloc_fails() in the test's thread. */
static bool nt_fault(size_t size, gfp_t gfp)
{
	struct nt *t = kunit_get_current_test()->priv;

	atomic_inc(&t->fault_calls);
	WRITE_ONCE(t->last_gfp, gfp);
	WRITE_ONCE(t->last_alloc_size, size);
	switch (READ_ONCE(t->fault_mode)) {
	case NT_FAULT_ALL:
		return true;
	case NT_FAULT_ATOMIC:
		return !(gfp & __GFP_DIRECT_RECLAIM);
	case NT_FAULT_NTH:
		return atomic_dec_return(&t->fault_countdown) == 0;
	default:
		return false;
	}
}

static void nt_config(struct nt *t, struct audmod_notifier_config *cfg,
		      unsigned int depth, unsigned int reserve)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->device_id = &nt_device_id;
	cfg->queue_depth = depth;
	cfg->reserve_count = reserve;
	cfg->deliver = nt_deliver;
	cfg->ctx = t;
}

static struct audmod_notifier *nt_create(struct nt *t, unsigned int depth,
					 unsigned int reserve)
{
	struct audmod_notifier_config cfg;

	nt_config(t, &cfg, depth, reserve);
	t->n = audmod_notifier_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, t->n);
	return t->n;
}

/* Writes a valid header for @id, then @tag and a pattern derived from it. */
static void nt_fill(struct audmod_notification_buffer *buf, const guid_t *id,
		    u32 tag)
{
	struct audmod_notification_header *hdr = (void *)buf->data;
	u32 i;

	memcpy(&hdr->device_id, id, sizeof(hdr->device_id));
	memcpy(&hdr->class_id, &nt_class_id, sizeof(hdr->class_id));
	hdr->instance_id = cpu_to_le32(7);
	hdr->reserved = 0;
	if (buf->size < AUDMOD_NOTIFICATION_HEADER_SIZE + sizeof(tag))
		return;
	memcpy(buf->data + AUDMOD_NOTIFICATION_HEADER_SIZE, &tag, sizeof(tag));
	for (i = AUDMOD_NOTIFICATION_HEADER_SIZE + sizeof(tag); i < buf->size; i++)
		buf->data[i] = (u8)(tag + i);
}

/* Whether @data holds what nt_fill(@size, nt_device_id, @tag) wrote. */
static bool nt_payload_ok(const u8 *data, u32 size, u32 tag)
{
	const struct audmod_notification_header *hdr = (const void *)data;
	u32 i;

	if (memcmp(&hdr->device_id, &nt_device_id, sizeof(nt_device_id)) ||
	    memcmp(&hdr->class_id, &nt_class_id, sizeof(nt_class_id)) ||
	    le32_to_cpu(hdr->instance_id) != 7 || nt_tag_of(data, size) != tag)
		return false;
	for (i = AUDMOD_NOTIFICATION_HEADER_SIZE + sizeof(tag); i < size; i++)
		if (data[i] != (u8)(tag + i))
			return false;
	return true;
}

static int nt_alloc(struct nt *t, u32 pool, u32 bytes,
		    struct audmod_notification_buffer **out)
{
	return audmod_notifier_alloc_buffer(t->n, pool, bytes, out);
}

/* Allocates, fills and sends one notification; 0 or the send's errno. */
static int nt_send(struct nt *t, u32 pool, u32 bytes, u32 tag)
{
	struct audmod_notification_buffer *buf;
	int ret;

	ret = audmod_notifier_alloc_buffer(t->n, pool, bytes, &buf);
	if (ret)
		return ret;
	nt_fill(buf, &nt_device_id, tag);
	ret = audmod_notifier_send(t->n, &audmod_ksnotificationid_audiomodule,
				   buf);
	audmod_notifier_free_buffer(t->n, buf);
	return ret;
}

static bool nt_all_zero(const u8 *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

static void nt_expect_consistent(struct kunit *test,
				 const struct audmod_notifier_stats *st)
{
	KUNIT_EXPECT_EQ(test, st->sent, st->delivered + st->dropped + st->depth);
	KUNIT_EXPECT_EQ(test, st->dropped, st->dropped_overflow +
			st->dropped_nomem + st->dropped_shutdown);
}

static void nt_gate(struct nt *t)
{
	t->gate = true;
}

/* Sends tag 0 and waits until deliver holds it: the queue stands still. */
static void nt_gate_hold(struct nt *t)
{
	KUNIT_ASSERT_EQ(t->test, nt_send(t, AUDMOD_PAGED_POOL, 64, 0), 0);
	wait_for_completion(&t->gate_entered);
}

static int nt_init(struct kunit *test)
{
	struct nt *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->last_data = kunit_kzalloc(test, AUDMOD_NOTIFICATION_MAX_BYTES,
				     GFP_KERNEL);
	if (!t->last_data)
		return -ENOMEM;
	t->test = test;
	init_completion(&t->gate_entered);
	init_completion(&t->gate_release);
	test->priv = t;
	kunit_activate_static_stub(test, audmod_notifier_alloc_fails, nt_fault);
	return 0;
}

static void nt_exit(struct kunit *test)
{
	struct nt *t = test->priv;

	complete_all(&t->gate_release);
	audmod_notifier_destroy(t->n);
}

/* ---- create ------------------------------------------------------------- */

static void nt_create_invalid_test(struct kunit *test)
{
	struct nt *t = test->priv;
	struct audmod_notifier_config cfg;
	struct audmod_notifier_stats st;

	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_notifier_create(NULL)), -EINVAL);
	nt_config(t, &cfg, 0, 0);
	cfg.device_id = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_notifier_create(&cfg)), -EINVAL);
	nt_config(t, &cfg, AUDMOD_NOTIFY_MAX_QUEUE_DEPTH + 1, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_notifier_create(&cfg)), -EINVAL);
	nt_config(t, &cfg, 0, AUDMOD_NOTIFY_MAX_RESERVE + 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_notifier_create(&cfg)), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->fault_calls), 0);

	/* 0 selects the documented defaults. */
	nt_create(t, 0, 0);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.queue_depth, AUDMOD_NOTIFY_DEFAULT_QUEUE_DEPTH);
	KUNIT_EXPECT_EQ(test, st.reserve_count, AUDMOD_NOTIFY_DEFAULT_RESERVE);
	KUNIT_EXPECT_EQ(test, st.reserve_free, AUDMOD_NOTIFY_DEFAULT_RESERVE);
	KUNIT_EXPECT_FALSE(test, st.shut_down);
	audmod_notifier_destroy(t->n);
	t->n = NULL;

	/* The maxima are accepted. */
	nt_create(t, AUDMOD_NOTIFY_MAX_QUEUE_DEPTH, AUDMOD_NOTIFY_MAX_RESERVE);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.queue_depth, AUDMOD_NOTIFY_MAX_QUEUE_DEPTH);
	KUNIT_EXPECT_EQ(test, st.reserve_free, AUDMOD_NOTIFY_MAX_RESERVE);
}

/* Every allocation of create, failed in turn, gives -ENOMEM and no leak. */
static void nt_create_nomem_test(struct kunit *test)
{
	struct nt *t = test->priv;
	struct audmod_notifier_config cfg;
	struct audmod_notifier *n;
	int calls, k;

	nt_config(t, &cfg, 4, 3);
	n = audmod_notifier_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, n);
	audmod_notifier_destroy(n);
	calls = atomic_read(&t->fault_calls);
	/* n, ring, slots, reserve array, 3 reserve buffers */
	KUNIT_EXPECT_EQ(test, calls, 7);

	for (k = 1; k <= calls; k++) {
		atomic_set(&t->fault_countdown, k);
		t->fault_mode = NT_FAULT_NTH;
		n = audmod_notifier_create(&cfg);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(n), -ENOMEM,
				    "allocation %d failed", k);
		/* Create stopped at the failure. */
		KUNIT_EXPECT_EQ(test, atomic_read(&t->fault_countdown), 0);
		if (!IS_ERR(n))
			audmod_notifier_destroy(n);
	}
	t->fault_mode = NT_FAULT_NONE;
}

/* ---- allocation ---------------------------------------------------------- */

static bool nt_gfp_is_kernel(gfp_t gfp)
{
	return (gfp & GFP_KERNEL) == GFP_KERNEL;
}

static bool nt_gfp_is_atomic(gfp_t gfp)
{
	return (gfp & GFP_ATOMIC) == GFP_ATOMIC &&
	       !(gfp & __GFP_DIRECT_RECLAIM);
}

static const u32 nt_pools[] = {
	AUDMOD_PAGED_POOL, AUDMOD_NON_PAGED_POOL, AUDMOD_NON_PAGED_POOL_NX,
};

static void nt_pool_desc(const u32 *pool, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "pool %u", *pool);
}

KUNIT_ARRAY_PARAM(nt_pool, nt_pools, nt_pool_desc);

/* Each pool, from a context that may sleep: its GFP flags, zeroed, aligned. */
static void nt_pool_sleepable_test(struct kunit *test)
{
	const u32 pool = *(const u32 *)test->param_value;
	struct nt *t = test->priv;
	struct audmod_notification_buffer *buf;

	nt_create(t, 0, 0);
	buf = NULL;
	KUNIT_ASSERT_EQ(test, audmod_notifier_alloc_buffer(t->n, pool, 100, &buf), 0);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, buf->size, 100);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)buf->data, 8));
	KUNIT_EXPECT_TRUE(test, nt_all_zero(buf->data, buf->size));
	KUNIT_EXPECT_EQ(test, t->last_alloc_size, sizeof(*buf) + (size_t)100);
	if (pool == AUDMOD_PAGED_POOL)
		KUNIT_EXPECT_TRUE(test, nt_gfp_is_kernel(t->last_gfp));
	else
		KUNIT_EXPECT_TRUE(test, nt_gfp_is_atomic(t->last_gfp));
	audmod_notifier_free_buffer(t->n, buf);
}

/* The largest buffer Windows can express, PagedPool and NonPagedPoolNx. */
static void nt_pool_largest_test(struct kunit *test)
{
	struct nt *t = test->priv;
	struct audmod_notification_buffer *buf;

	nt_create(t, 0, 0);
	KUNIT_ASSERT_EQ(test, audmod_notifier_alloc_buffer(t->n, AUDMOD_PAGED_POOL,
							   65535, &buf), 0);
	KUNIT_EXPECT_EQ(test, buf->size, 65535);
	KUNIT_EXPECT_TRUE(test, nt_all_zero(buf->data, buf->size));
	audmod_notifier_free_buffer(t->n, buf);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX, 65535, &buf), 0);
	KUNIT_EXPECT_TRUE(test, nt_all_zero(buf->data, buf->size));
	audmod_notifier_free_buffer(t->n, buf);
}

/*
 * Buffer layout: the header is in front of the payload, except where it
 * would push a page-allocator payload into the next page order; then the
 * payload is an allocation of its own, of its own size. Each row: payload
 * bytes and whether it is apart.
 */
struct nt_layout {
	u32 bytes;
	bool apart;
};

static const struct nt_layout nt_layouts[] = {
	{ 1, false }, { 1024, false },
	/* Header and payload still one slab object. */
	{ KMALLOC_MAX_CACHE_SIZE - sizeof(struct audmod_notification_buffer), false },
	/* One byte more: an order-2 block for an order-1 payload. */
	{ KMALLOC_MAX_CACHE_SIZE - sizeof(struct audmod_notification_buffer) + 1, true },
	/* Page allocator, the header fits in the last page's slack. */
	{ 3 * PAGE_SIZE, false },
	{ 16384, true }, { 65535, true },
};

static void nt_layout_desc(const struct nt_layout *l, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u bytes%s", l->bytes,
		 l->apart ? ", payload apart" : "");
}

KUNIT_ARRAY_PARAM(nt_layout, nt_layouts, nt_layout_desc);

static void nt_layout_test(struct kunit *test)
{
	const struct nt_layout *l = test->param_value;
	const guid_t *kid = &audmod_ksnotificationid_audiomodule;
	struct audmod_notification_buffer *buf, *sentinel = ERR_PTR(-EBADF);
	struct nt *t = test->priv;
	int k;

	nt_create(t, 0, 0);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL, l->bytes, &buf), 0);
	KUNIT_EXPECT_EQ(test, buf->payload_apart, l->apart);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)buf->data, 8));
	KUNIT_EXPECT_TRUE(test, nt_all_zero(buf->data, buf->size));
	if (l->apart) {
		/* What kmalloc(bytes) alone would take. */
		KUNIT_EXPECT_EQ(test, ksize(buf->data), kmalloc_size_roundup(l->bytes));
	} else {
		KUNIT_EXPECT_PTR_EQ(test, buf->data, (u8 *)(buf + 1));
		KUNIT_EXPECT_GE(test, ksize(buf), sizeof(*buf) + l->bytes);
	}
	/* The payload travels intact whatever the layout. */
	if (l->bytes >= 44) {
		nt_fill(buf, &nt_device_id, 7);
		KUNIT_ASSERT_EQ(test, audmod_notifier_send(t->n, kid, buf), 0);
		audmod_notifier_flush(t->n);
		KUNIT_ASSERT_EQ(test, t->ndelivered, 1);
		KUNIT_EXPECT_TRUE(test, nt_payload_ok(t->last_data, t->last_size, 7));
	}
	audmod_notifier_free_buffer(t->n, buf);

	/* Either allocation failing fails the call and leaks nothing. */
	for (k = 1; k <= (l->apart ? 2 : 1); k++) {
		buf = sentinel;
		atomic_set(&t->fault_countdown, k);
		t->fault_mode = NT_FAULT_NTH;
		KUNIT_EXPECT_EQ_MSG(test, audmod_notifier_alloc_buffer(t->n,
								       AUDMOD_PAGED_POOL,
								       l->bytes, &buf),
				    -ENOMEM, "allocation %d failed", k);
		KUNIT_EXPECT_PTR_EQ(test, buf, sentinel);
	}
	t->fault_mode = NT_FAULT_NONE;
}

static DEFINE_SPINLOCK(nt_test_lock);

/* The three allocations tried in each atomic context. */
struct nt_allocs {
	int paged_ret, np_ret, nx_ret;
	struct audmod_notification_buffer *paged, *np, *nx;
};

/* Called with the context set up: allocates only, never sleeps. */
static void nt_allocs_try(struct nt *t, struct nt_allocs *a)
{
	a->paged = ERR_PTR(-EBADF);
	a->paged_ret = audmod_notifier_alloc_buffer(t->n, AUDMOD_PAGED_POOL,
						    64, &a->paged);
	a->np_ret = audmod_notifier_alloc_buffer(t->n, AUDMOD_NON_PAGED_POOL,
						 64, &a->np);
	a->nx_ret = nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX, 64, &a->nx);
}

/* NonPaged worked, PagedPool was refused with *out untouched. */
static void nt_allocs_check(struct kunit *test, struct nt *t, const char *what,
			    struct nt_allocs *a)
{
	KUNIT_EXPECT_EQ_MSG(test, a->paged_ret, -EINVAL, "%s: PagedPool", what);
	KUNIT_EXPECT_PTR_EQ_MSG(test, a->paged, ERR_PTR(-EBADF), "%s: out", what);
	KUNIT_EXPECT_EQ_MSG(test, a->np_ret, 0, "%s: NonPagedPool", what);
	KUNIT_EXPECT_EQ_MSG(test, a->nx_ret, 0, "%s: NonPagedPoolNx", what);
	if (!a->np_ret) {
		KUNIT_EXPECT_TRUE(test, nt_all_zero(a->np->data, a->np->size));
		audmod_notifier_free_buffer(t->n, a->np);
	}
	if (!a->nx_ret) {
		KUNIT_EXPECT_TRUE(test, nt_all_zero(a->nx->data, a->nx->size));
		audmod_notifier_free_buffer(t->n, a->nx);
	}
}

/* Every way of being unable to sleep refuses PagedPool. */
static void nt_pool_atomic_test(struct kunit *test)
{
	struct audmod_notification_buffer *buf;
	struct nt *t = test->priv;
	struct nt_allocs a;
	unsigned long flags;
	gfp_t gfp;
	int ret;

	nt_create(t, 0, 0);

	spin_lock_irqsave(&nt_test_lock, flags);
	nt_allocs_try(t, &a);
	gfp = t->last_gfp;
	spin_unlock_irqrestore(&nt_test_lock, flags);
	nt_allocs_check(test, t, "spin_lock_irqsave", &a);
	KUNIT_EXPECT_TRUE(test, nt_gfp_is_atomic(gfp));

	spin_lock(&nt_test_lock);
	nt_allocs_try(t, &a);
	spin_unlock(&nt_test_lock);
	nt_allocs_check(test, t, "spin_lock", &a);

	preempt_disable();
	nt_allocs_try(t, &a);
	preempt_enable();
	nt_allocs_check(test, t, "preempt_disable", &a);

	local_bh_disable();
	nt_allocs_try(t, &a);
	local_bh_enable();
	nt_allocs_check(test, t, "local_bh_disable", &a);

	rcu_read_lock();
	nt_allocs_try(t, &a);
	rcu_read_unlock();
	nt_allocs_check(test, t, "rcu_read_lock", &a);

	local_irq_save(flags);
	nt_allocs_try(t, &a);
	local_irq_restore(flags);
	nt_allocs_check(test, t, "local_irq_save", &a);

	/* Send and free with a spinlock held. */
	KUNIT_ASSERT_EQ(test, audmod_notifier_alloc_buffer(t->n, AUDMOD_PAGED_POOL,
							   64, &buf), 0);
	nt_fill(buf, &nt_device_id, 42);
	spin_lock_irqsave(&nt_test_lock, flags);
	ret = audmod_notifier_send(t->n, &audmod_ksnotificationid_audiomodule,
				   buf);
	audmod_notifier_free_buffer(t->n, buf);
	spin_unlock_irqrestore(&nt_test_lock, flags);
	KUNIT_EXPECT_EQ(test, ret, 0);
	audmod_notifier_flush(t->n);
	KUNIT_EXPECT_EQ(test, t->ndelivered, 1);
	KUNIT_EXPECT_EQ(test, t->rec[0].tag, 42);
}

/* hrtimer callbacks: softirq (SOFT) and hard interrupt (HARD) context. */
struct nt_timer {
	struct hrtimer timer;
	struct nt *t;
	struct completion done;
	bool hardirq, softirq;
	int paged_ret, np_ret, nx_ret, send_np, send_nx;
	struct audmod_notification_buffer *paged;
};

static enum hrtimer_restart nt_timer_fn(struct hrtimer *timer)
{
	struct nt_timer *tt = container_of(timer, struct nt_timer, timer);
	struct audmod_notification_buffer *np = NULL, *nx = NULL;
	struct nt *t = tt->t;

	tt->hardirq = in_hardirq();
	tt->softirq = in_serving_softirq();
	tt->paged = ERR_PTR(-EBADF);
	tt->paged_ret = audmod_notifier_alloc_buffer(t->n, AUDMOD_PAGED_POOL,
						     64, &tt->paged);
	tt->np_ret = audmod_notifier_alloc_buffer(t->n, AUDMOD_NON_PAGED_POOL,
						  64, &np);
	tt->nx_ret = nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX, NT_LARGE, &nx);
	tt->send_np = -EBADF;
	tt->send_nx = -EBADF;
	if (!tt->np_ret) {
		nt_fill(np, &nt_device_id, 1);
		tt->send_np = audmod_notifier_send(t->n,
						   &audmod_ksnotificationid_audiomodule,
						   np);
		audmod_notifier_free_buffer(t->n, np);
	}
	if (!tt->nx_ret) {
		nt_fill(nx, &nt_device_id, 2);
		tt->send_nx = audmod_notifier_send(t->n,
						   &audmod_ksnotificationid_audiomodule,
						   nx);
		audmod_notifier_free_buffer(t->n, nx);
	}
	complete(&tt->done);
	return HRTIMER_NORESTART;
}

static const enum hrtimer_mode nt_timer_modes[] = {
	HRTIMER_MODE_REL_SOFT, HRTIMER_MODE_REL_HARD,
};

static void nt_timer_mode_desc(const enum hrtimer_mode *mode, char *desc)
{
	strscpy(desc, *mode == HRTIMER_MODE_REL_SOFT ? "soft" : "hard",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nt_timer, nt_timer_modes, nt_timer_mode_desc);

static void nt_hrtimer_test(struct kunit *test)
{
	const enum hrtimer_mode *mode = test->param_value;
	struct nt *t = test->priv;
	struct nt_timer *tt;

	tt = kunit_kzalloc(test, sizeof(*tt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tt);
	nt_create(t, 0, 0);
	tt->t = t;
	init_completion(&tt->done);
	hrtimer_setup(&tt->timer, nt_timer_fn, CLOCK_MONOTONIC, *mode);
	hrtimer_start(&tt->timer, ns_to_ktime(100 * NSEC_PER_USEC), *mode);
	wait_for_completion(&tt->done);
	hrtimer_cancel(&tt->timer);

	if (*mode == HRTIMER_MODE_REL_HARD)
		KUNIT_EXPECT_TRUE(test, tt->hardirq);
	else
		KUNIT_EXPECT_TRUE(test, tt->softirq);
	KUNIT_EXPECT_EQ(test, tt->paged_ret, -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, tt->paged, ERR_PTR(-EBADF));
	KUNIT_EXPECT_EQ(test, tt->np_ret, 0);
	KUNIT_EXPECT_EQ(test, tt->send_np, 0);
	if (*mode == HRTIMER_MODE_REL_HARD) {
		/* The reserve only, where the slab may not be called. */
		KUNIT_EXPECT_EQ(test, tt->nx_ret, -ENOMEM);
		audmod_notifier_flush(t->n);
		KUNIT_ASSERT_EQ(test, t->ndelivered, 1);
		KUNIT_EXPECT_EQ(test, t->rec[0].tag, 1);
		return;
	}
	KUNIT_EXPECT_EQ(test, tt->nx_ret, 0);
	KUNIT_EXPECT_EQ(test, tt->send_nx, 0);

	audmod_notifier_flush(t->n);
	KUNIT_ASSERT_EQ(test, t->ndelivered, 2);
	KUNIT_EXPECT_EQ(test, t->rec[0].tag, 1);
	KUNIT_EXPECT_EQ(test, t->rec[0].size, 64);
	KUNIT_EXPECT_EQ(test, t->rec[1].tag, 2);
	KUNIT_EXPECT_EQ(test, t->rec[1].size, NT_LARGE);
	KUNIT_EXPECT_TRUE(test, nt_payload_ok(t->last_data, t->last_size, 2));
}

static void nt_alloc_invalid_test(struct kunit *test)
{
	static const u32 bad_pools[] = {
		AUDMOD_NON_PAGED_POOL_MUST_SUCCEED, AUDMOD_DONT_USE_THIS_TYPE,
		AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED,
		AUDMOD_PAGED_POOL_CACHE_ALIGNED,
		AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_MUST_S, AUDMOD_MAX_POOL_TYPE,
		AUDMOD_NON_PAGED_POOL_SESSION, AUDMOD_PAGED_POOL_SESSION,
		AUDMOD_NON_PAGED_POOL_MUST_SUCCEED_SESSION,
		AUDMOD_DONT_USE_THIS_TYPE_SESSION,
		AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_SESSION,
		AUDMOD_PAGED_POOL_CACHE_ALIGNED_SESSION,
		AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_MUST_S_SESSION,
		AUDMOD_NON_PAGED_POOL_NX_CACHE_ALIGNED,
		AUDMOD_NON_PAGED_POOL_SESSION_NX, 8, 513, 0xFFFFFFFFu,
	};
	static const u32 bad_sizes[] = { 0, 65536, 0x10000000u, 0xFFFFFFFFu };
	struct audmod_notification_buffer *sentinel = ERR_PTR(-EBADF), *buf;
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	unsigned int i, pool;
	int calls;

	nt_create(t, 0, 0);
	calls = atomic_read(&t->fault_calls);
	for (i = 0; i < ARRAY_SIZE(bad_pools); i++) {
		buf = sentinel;
		KUNIT_EXPECT_EQ_MSG(test, nt_alloc(t, bad_pools[i], 64, &buf),
				    -EINVAL, "pool %u", bad_pools[i]);
		KUNIT_EXPECT_PTR_EQ(test, buf, sentinel);
	}
	for (pool = AUDMOD_NON_PAGED_POOL; pool <= AUDMOD_PAGED_POOL; pool++) {
		for (i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
			buf = sentinel;
			KUNIT_EXPECT_EQ_MSG(test,
					    nt_alloc(t, pool, bad_sizes[i], &buf),
					    -EINVAL,
					    "pool %u size %u", pool, bad_sizes[i]);
			KUNIT_EXPECT_PTR_EQ(test, buf, sentinel);
		}
		KUNIT_EXPECT_EQ(test, audmod_notifier_alloc_buffer(t->n, pool,
								   64, NULL), -EINVAL);
	}
	buf = sentinel;
	KUNIT_EXPECT_EQ(test, audmod_notifier_alloc_buffer(NULL,
							   AUDMOD_PAGED_POOL,
							   64, &buf), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, buf, sentinel);

	/* Nothing was allocated, counted or taken from the reserve. */
	KUNIT_EXPECT_EQ(test, atomic_read(&t->fault_calls), calls);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.alloc_failed, 0);
	KUNIT_EXPECT_EQ(test, st.reserve_free, AUDMOD_NOTIFY_DEFAULT_RESERVE);
}

static void nt_fail_everywhere_off(void *unused)
{
#ifdef CONFIG_FAULT_INJECTION
	struct fault_attr *attr = &audmod_notifier_fail_alloc;

	attr->probability = 0;
	atomic_set(&attr->times, 1);
#endif
}

/*
 * Makes every allocation of the notifier fail in every thread, the work
 * items' included, until the end of the test: the static stub only sees
 * the test's own thread.
 */
static void nt_fail_everywhere(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	struct fault_attr *attr = &audmod_notifier_fail_alloc;

	attr->verbose = 0;
	attr->interval = 1;
	atomic_set(&attr->space, 0);
	atomic_set(&attr->times, -1);
	attr->probability = 100;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nt_fail_everywhere_off,
							NULL), 0);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION for the work item");
#endif
}

/* A notifier with @reserve buffers where every slab allocation fails. */
static void nt_reserve_only(struct kunit *test, struct nt *t,
			    unsigned int reserve)
{
	nt_create(t, 0, reserve);
	t->fault_mode = NT_FAULT_ALL;
	nt_fail_everywhere(test);
}

static void nt_alloc_nomem_test(struct kunit *test)
{
	struct audmod_notification_buffer *sentinel = ERR_PTR(-EBADF);
	struct audmod_notification_buffer *buf, *r1, *r2;
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;

	nt_reserve_only(test, t, 2);

	buf = sentinel;
	KUNIT_EXPECT_EQ(test, audmod_notifier_alloc_buffer(t->n, AUDMOD_PAGED_POOL,
							   64, &buf), -ENOMEM);
	KUNIT_EXPECT_PTR_EQ(test, buf, sentinel);
	/* Larger than reserve buffers: no fallback. */
	KUNIT_EXPECT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX,
				       AUDMOD_NOTIFY_SMALL_BYTES + 1, &buf), -ENOMEM);
	KUNIT_EXPECT_PTR_EQ(test, buf, sentinel);

	/* Small NonPaged buffers come from the reserve, zeroed. */
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX,
				       AUDMOD_NOTIFY_SMALL_BYTES, &r1), 0);
	KUNIT_EXPECT_EQ(test, r1->size, AUDMOD_NOTIFY_SMALL_BYTES);
	KUNIT_EXPECT_TRUE(test, nt_all_zero(r1->data, r1->size));
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL, 1, &r2), 0);
	KUNIT_EXPECT_EQ(test, r2->size, 1);
	KUNIT_EXPECT_TRUE(test, nt_all_zero(r2->data, AUDMOD_NOTIFY_SMALL_BYTES));
	/* Reserve empty. */
	KUNIT_EXPECT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL, 1, &buf), -ENOMEM);
	KUNIT_EXPECT_PTR_EQ(test, buf, sentinel);

	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.alloc_failed, 3);
	KUNIT_EXPECT_EQ(test, st.reserve_used, 2);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 0);

	/* A refill while memory is short fails and leaves the reserve empty. */
	audmod_notifier_flush(t->n);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 0);

	/* The next allocation schedules the refill again; now it succeeds. */
	t->fault_mode = NT_FAULT_NONE;
	nt_fail_everywhere_off(NULL);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_PAGED_POOL, 8, &buf), 0);
	audmod_notifier_flush(t->n);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 2);
	audmod_notifier_free_buffer(t->n, buf);

	/* What the refill made are full-size reserve buffers, zeroed. */
	t->fault_mode = NT_FAULT_ALL;
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX,
				       AUDMOD_NOTIFY_SMALL_BYTES, &buf), 0);
	KUNIT_EXPECT_TRUE(test, nt_all_zero(buf->data, AUDMOD_NOTIFY_SMALL_BYTES));
	t->fault_mode = NT_FAULT_NONE;
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_used, 3);

	audmod_notifier_free_buffer(t->n, buf);
	audmod_notifier_free_buffer(t->n, r1);
	audmod_notifier_free_buffer(t->n, r2);
}

/*
 * A reserve buffer freed goes back to the reserve at once, zeroed again,
 * where the slab cannot help (a hard-irq user); a full reserve frees it.
 */
static void nt_reserve_return_test(struct kunit *test)
{
	struct audmod_notification_buffer *r1, *r2, *again;
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;

	nt_reserve_only(test, t, 2);

	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX,
				       AUDMOD_NOTIFY_SMALL_BYTES, &r1), 0);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL, 1, &r2), 0);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 0);

	/* Dirty it, free it: back at once, no refill involved (it fails). */
	memset(r1->data, 0xa5, r1->size);
	audmod_notifier_free_buffer(t->n, r1);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 1);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX, 40, &again), 0);
	KUNIT_EXPECT_PTR_EQ(test, again, r1);
	KUNIT_EXPECT_EQ(test, again->size, 40);
	KUNIT_EXPECT_TRUE(test, nt_all_zero(again->data, AUDMOD_NOTIFY_SMALL_BYTES));
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_used, 3);

	audmod_notifier_free_buffer(t->n, again);
	audmod_notifier_free_buffer(t->n, r2);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 2);

	/* A reserve buffer out while the refill fills the reserve: freed. */
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL, 8, &r1), 0);
	KUNIT_EXPECT_TRUE(test, r1->from_reserve);
	t->fault_mode = NT_FAULT_NONE;
	nt_fail_everywhere_off(NULL);
	/* This allocation finds the reserve short and queues the refill. */
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_PAGED_POOL, 8, &again), 0);
	KUNIT_EXPECT_FALSE(test, again->from_reserve);
	audmod_notifier_free_buffer(t->n, again);
	audmod_notifier_flush(t->n);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 2);
	audmod_notifier_free_buffer(t->n, r1);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.reserve_free, 2);
}

/* Old contents of reused memory never show through. */
static void nt_zeroed_test(struct kunit *test)
{
	static const u32 pools[] = {
		AUDMOD_PAGED_POOL, AUDMOD_NON_PAGED_POOL,
		AUDMOD_NON_PAGED_POOL_NX,
	};
	static const u32 sizes[] = { 1, 40, 512, 4096, 65535 };
	struct audmod_notification_buffer *buf;
	struct nt *t = test->priv;
	unsigned int p, s, round;

	nt_create(t, 0, 0);
	for (p = 0; p < ARRAY_SIZE(pools); p++) {
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			/* The second round likely gets the first one's object. */
			for (round = 0; round < 2; round++) {
				KUNIT_ASSERT_EQ(test, nt_alloc(t, pools[p], sizes[s], &buf), 0);
				KUNIT_EXPECT_TRUE_MSG(test, nt_all_zero(buf->data, buf->size),
						      "pool %u size %u", pools[p], sizes[s]);
				memset(buf->data, 0xA5, buf->size);
				audmod_notifier_free_buffer(t->n, buf);
			}
		}
	}
}

static void nt_free_test(struct kunit *test)
{
	struct audmod_notification_buffer *buf;
	struct nt *t = test->priv;

	nt_create(t, 0, 0);
	audmod_notifier_free_buffer(t->n, NULL);
	audmod_notifier_free_buffer(NULL, NULL);
	audmod_notifier_destroy(NULL);

	/* A buffer outlives its notifier. */
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_NON_PAGED_POOL_NX, 100, &buf), 0);
	audmod_notifier_destroy(t->n);
	t->n = NULL;
	memset(buf->data, 1, buf->size);
	audmod_notifier_free_buffer(NULL, buf);
}

/* ---- send -------------------------------------------------------------- */

static const u32 nt_send_sizes[] = {
	40, 44, 300, AUDMOD_NOTIFY_SMALL_BYTES, AUDMOD_NOTIFY_SMALL_BYTES + 1,
	65535,
};

static void nt_size_desc(const u32 *size, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u bytes", *size);
}

KUNIT_ARRAY_PARAM(nt_send_size, nt_send_sizes, nt_size_desc);

/* The caller overwrites and frees its buffer at once; delivery is intact. */
static void nt_send_then_free_test(struct kunit *test)
{
	const u32 size = *(const u32 *)test->param_value;
	const guid_t *kid = &audmod_ksnotificationid_audiomodule;
	struct audmod_notification_buffer *buf;
	struct nt *t = test->priv;

	nt_create(t, 0, 0);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_PAGED_POOL, size, &buf), 0);
	nt_fill(buf, &nt_device_id, 100);
	KUNIT_ASSERT_EQ(test, audmod_notifier_send(t->n, kid, buf), 0);
	memset(buf->data, 0xEE, buf->size);
	audmod_notifier_free_buffer(t->n, buf);
	audmod_notifier_flush(t->n);
	KUNIT_ASSERT_EQ(test, t->ndelivered, 1);
	KUNIT_EXPECT_EQ(test, t->last_size, size);
	/* Under 44 bytes there is no room for the tag past the header. */
	KUNIT_EXPECT_TRUE(test, nt_payload_ok(t->last_data, t->last_size,
					      size >= 44 ? 100 : 0));
}

static void nt_send_refused_test(struct kunit *test)
{
	struct audmod_notification_buffer *buf, *shortbuf;
	const guid_t *kid = &audmod_ksnotificationid_audiomodule;
	struct audmod_notification_header *hdr;
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;

	nt_create(t, 0, 0);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_PAGED_POOL, 64, &buf), 0);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_PAGED_POOL,
				       AUDMOD_NOTIFICATION_HEADER_SIZE - 1,
				       &shortbuf), 0);
	hdr = (void *)buf->data;

	nt_fill(buf, &nt_other_id, 1);
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, buf), -EINVAL);
	nt_fill(buf, &nt_device_id, 1);
	hdr->reserved = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, buf), -EINVAL);
	hdr->reserved = 0;
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, &nt_device_id, buf),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, NULL, buf), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, NULL), -EINVAL);
	memcpy(shortbuf->data, &nt_device_id, sizeof(nt_device_id));
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, shortbuf),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(NULL, kid, buf), -EINVAL);

	audmod_notifier_flush(t->n);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.refused, 6);
	KUNIT_EXPECT_EQ(test, st.sent, 0);
	KUNIT_EXPECT_EQ(test, st.depth, 0);
	KUNIT_EXPECT_EQ(test, t->ndelivered, 0);

	/* The same buffer, valid, goes through and takes seq 1. */
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, buf), 0);
	audmod_notifier_flush(t->n);
	KUNIT_ASSERT_EQ(test, t->ndelivered, 1);
	KUNIT_EXPECT_EQ(test, t->rec[0].seq, 1);
	KUNIT_EXPECT_EQ(test, t->rec[0].lost, 0);
	audmod_notifier_free_buffer(t->n, buf);
	audmod_notifier_free_buffer(t->n, shortbuf);
}

static void nt_seq_test(struct kunit *test)
{
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	unsigned int i;

	nt_create(t, 128, 0);
	for (i = 1; i <= 100; i++)
		KUNIT_ASSERT_EQ(test, nt_send(t, AUDMOD_NON_PAGED_POOL_NX, 48, i), 0);
	audmod_notifier_flush(t->n);
	KUNIT_ASSERT_EQ(test, t->ndelivered, 100);
	KUNIT_EXPECT_EQ(test, t->order_errors, 0);
	for (i = 0; i < 100; i++) {
		KUNIT_EXPECT_EQ(test, t->rec[i].seq, i + 1);
		KUNIT_EXPECT_EQ(test, t->rec[i].tag, i + 1);
		KUNIT_EXPECT_EQ(test, t->rec[i].lost, 0);
	}
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 100);
	KUNIT_EXPECT_EQ(test, st.delivered, 100);
	KUNIT_EXPECT_EQ(test, st.dropped, 0);
	nt_expect_consistent(test, &st);
}

/* A full queue drops its oldest entries, counted exactly. */
static void nt_overflow_test(struct kunit *test)
{
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	unsigned int i;

	nt_gate(t);
	nt_create(t, 8, 0);
	nt_gate_hold(t);	/* seq 1 in deliver */
	for (i = 1; i <= 13; i++)
		KUNIT_ASSERT_EQ(test, nt_send(t, AUDMOD_NON_PAGED_POOL,
					      i % 2 ? 48 : NT_LARGE, i), 0);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 14);
	KUNIT_EXPECT_EQ(test, st.delivered, 1);
	KUNIT_EXPECT_EQ(test, st.depth, 8);
	KUNIT_EXPECT_EQ(test, st.max_depth, 8);
	KUNIT_EXPECT_EQ(test, st.dropped, 5);
	KUNIT_EXPECT_EQ(test, st.dropped_overflow, 5);
	nt_expect_consistent(test, &st);

	complete(&t->gate_release);
	audmod_notifier_flush(t->n);
	KUNIT_ASSERT_EQ(test, t->ndelivered, 9);
	KUNIT_EXPECT_EQ(test, t->order_errors, 0);
	KUNIT_EXPECT_EQ(test, t->rec[0].seq, 1);
	KUNIT_EXPECT_EQ(test, t->rec[0].lost, 0);
	/* Tags 1-5 (seq 2-6) were dropped; tags 6-13 arrive, lost 5. */
	for (i = 1; i < 9; i++) {
		KUNIT_EXPECT_EQ(test, t->rec[i].seq, i + 6);
		KUNIT_EXPECT_EQ(test, t->rec[i].tag, i + 5);
		KUNIT_EXPECT_EQ(test, t->rec[i].lost, 5);
		KUNIT_EXPECT_EQ(test, t->rec[i].size, i % 2 ? NT_LARGE : 48);
	}
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.delivered, 9);
	KUNIT_EXPECT_EQ(test, st.depth, 0);
	nt_expect_consistent(test, &st);
}

/* Small sends never allocate; a failed large copy is sent and dropped. */
static void nt_send_nomem_test(struct kunit *test)
{
	struct audmod_notification_buffer *small, *large;
	const guid_t *kid = &audmod_ksnotificationid_audiomodule;
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	int calls;

	nt_create(t, 0, 0);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_PAGED_POOL,
				       AUDMOD_NOTIFY_SMALL_BYTES, &small), 0);
	KUNIT_ASSERT_EQ(test, nt_alloc(t, AUDMOD_PAGED_POOL, NT_LARGE, &large), 0);
	nt_fill(small, &nt_device_id, 1);
	nt_fill(large, &nt_device_id, 2);
	audmod_notifier_flush(t->n);

	t->fault_mode = NT_FAULT_ALL;
	calls = atomic_read(&t->fault_calls);
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, large), -ENOMEM);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->fault_calls), calls + 1);
	KUNIT_EXPECT_TRUE(test, nt_gfp_is_atomic(t->last_gfp));
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, small), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->fault_calls), calls + 1);
	t->fault_mode = NT_FAULT_NONE;
	KUNIT_EXPECT_EQ(test, audmod_notifier_send(t->n, kid, large), 0);

	audmod_notifier_flush(t->n);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 3);
	KUNIT_EXPECT_EQ(test, st.dropped, 1);
	KUNIT_EXPECT_EQ(test, st.dropped_nomem, 1);
	KUNIT_EXPECT_EQ(test, st.delivered, 2);
	nt_expect_consistent(test, &st);
	KUNIT_ASSERT_EQ(test, t->ndelivered, 2);
	KUNIT_EXPECT_EQ(test, t->rec[0].seq, 2);
	KUNIT_EXPECT_EQ(test, t->rec[0].tag, 1);
	KUNIT_EXPECT_EQ(test, t->rec[0].lost, 1);
	KUNIT_EXPECT_EQ(test, t->rec[1].seq, 3);
	KUNIT_EXPECT_TRUE(test, nt_payload_ok(t->last_data, t->last_size, 2));
	audmod_notifier_free_buffer(t->n, small);
	audmod_notifier_free_buffer(t->n, large);
}

static void nt_no_consumer_test(struct kunit *test)
{
	struct audmod_notifier_config cfg;
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	unsigned int i;

	nt_config(t, &cfg, 0, 0);
	cfg.deliver = NULL;
	t->n = audmod_notifier_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->n);
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, nt_send(t, AUDMOD_PAGED_POOL, 64, i), 0);
	audmod_notifier_flush(t->n);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 10);
	KUNIT_EXPECT_EQ(test, st.delivered, 10);
	KUNIT_EXPECT_EQ(test, st.depth, 0);
	KUNIT_EXPECT_EQ(test, t->ndelivered, 0);
}

/* ---- concurrency --------------------------------------------------------- */

#define NT_PER_SENDER	100

struct nt_sender {
	struct nt *t;
	unsigned int id;
	struct completion *go;
	struct completion done;
	unsigned int ok, errors;
};

static int nt_sender_fn(void *data)
{
	struct nt_sender *s = data;
	unsigned int i;
	int ret;

	wait_for_completion(s->go);
	for (i = 0; i < NT_PER_SENDER; i++) {
		/* Alternate PagedPool and NonPagedPoolNx buffers. */
		ret = nt_send(s->t, i % 2 ? AUDMOD_NON_PAGED_POOL_NX :
			      AUDMOD_PAGED_POOL, 48, s->id << 16 | i);
		if (ret)
			s->errors++;
		else
			s->ok++;
	}
	kthread_complete_and_exit(&s->done, 0);
}

/* Runs two senders, bound to CPUs 0 and 1 when there are two. */
static void nt_run_senders(struct kunit *test, struct nt *t,
			   struct nt_sender *s)
{
	DECLARE_COMPLETION_ONSTACK(go);
	struct task_struct *task;
	unsigned int i;

	if (num_online_cpus() < 2)
		kunit_info(test, "one CPU online: senders share it\n");
	for (i = 0; i < 2; i++) {
		s[i].t = t;
		s[i].id = i + 1;
		s[i].go = &go;
		init_completion(&s[i].done);
		task = kthread_create(nt_sender_fn, &s[i], "nt-send/%u", i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
		kthread_bind(task, i % num_online_cpus());
		wake_up_process(task);
	}
	complete_all(&go);
	for (i = 0; i < 2; i++)
		wait_for_completion(&s[i].done);
}

static void nt_concurrent_below_test(struct kunit *test)
{
	DECLARE_BITMAP(seen, 2 * NT_PER_SENDER);
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	struct nt_sender s[2] = {};
	unsigned int i, id, idx, next[2] = { 0, 0 };

	nt_create(t, 2 * NT_PER_SENDER, 0);
	nt_run_senders(test, t, s);
	KUNIT_EXPECT_EQ(test, s[0].errors + s[1].errors, 0);
	audmod_notifier_flush(t->n);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 2 * NT_PER_SENDER);
	KUNIT_EXPECT_EQ(test, st.delivered, 2 * NT_PER_SENDER);
	KUNIT_EXPECT_EQ(test, st.dropped, 0);
	KUNIT_ASSERT_EQ(test, t->ndelivered, 2 * NT_PER_SENDER);
	KUNIT_EXPECT_EQ(test, t->order_errors, 0);

	/* Each notification once, each sender's in its order, seq 1..200. */
	bitmap_zero(seen, 2 * NT_PER_SENDER);
	for (i = 0; i < 2 * NT_PER_SENDER; i++) {
		KUNIT_EXPECT_EQ(test, t->rec[i].seq, i + 1);
		id = t->rec[i].tag >> 16;
		idx = t->rec[i].tag & 0xffff;
		KUNIT_ASSERT_TRUE(test, id == 1 || id == 2);
		KUNIT_EXPECT_EQ(test, idx, next[id - 1]);
		next[id - 1] = idx + 1;
		KUNIT_EXPECT_FALSE(test, __test_and_set_bit((id - 1) * NT_PER_SENDER + idx,
							    seen));
	}
	KUNIT_EXPECT_TRUE(test, bitmap_full(seen, 2 * NT_PER_SENDER));
}

static void nt_concurrent_above_test(struct kunit *test)
{
	const unsigned int depth = 32, total = 2 * NT_PER_SENDER;
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	struct nt_sender s[2] = {};
	unsigned int i;

	nt_gate(t);
	nt_create(t, depth, 0);
	nt_gate_hold(t);
	nt_run_senders(test, t, s);
	KUNIT_EXPECT_EQ(test, s[0].errors + s[1].errors, 0);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.sent, total + 1);
	KUNIT_EXPECT_EQ(test, st.depth, depth);
	KUNIT_EXPECT_EQ(test, st.dropped_overflow, total - depth);
	nt_expect_consistent(test, &st);

	complete(&t->gate_release);
	audmod_notifier_flush(t->n);
	KUNIT_ASSERT_EQ(test, t->ndelivered, depth + 1);
	KUNIT_EXPECT_EQ(test, t->order_errors, 0);
	/* The newest @depth survive, each reporting every drop. */
	for (i = 1; i <= depth; i++) {
		KUNIT_EXPECT_EQ(test, t->rec[i].seq, total + 1 - depth + i);
		KUNIT_EXPECT_EQ(test, t->rec[i].lost, total - depth);
	}
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.delivered + st.dropped, st.sent);
}

/* ---- lifetime ------------------------------------------------------------ */

struct nt_racer {
	struct nt *t;
	struct completion started, done;
	unsigned int ok, shutdown, after, errors;
};

/* Sends until refused with -ESHUTDOWN, then checks it stays refused. */
static int nt_racer_fn(void *data)
{
	struct nt_racer *r = data;
	int ret;

	for (;;) {
		ret = nt_send(r->t, AUDMOD_NON_PAGED_POOL, 48, r->ok);
		if (ret == -ESHUTDOWN)
			break;
		if (ret) {
			r->errors++;
			break;
		}
		if (++r->ok == 50)
			complete(&r->started);
		cond_resched();
	}
	if (r->ok < 50)
		complete(&r->started);
	for (r->after = 0; r->after < 10; r->after++)
		if (nt_send(r->t, AUDMOD_NON_PAGED_POOL, 48, 0) != -ESHUTDOWN)
			r->errors++;
	kthread_complete_and_exit(&r->done, 0);
}

static void nt_shutdown_race_test(struct kunit *test)
{
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;
	struct task_struct *task;
	struct nt_racer *r;
	unsigned int delivered;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	nt_create(t, 16, 0);
	r->t = t;
	init_completion(&r->started);
	init_completion(&r->done);
	task = kthread_create(nt_racer_fn, r, "nt-racer");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	kthread_bind(task, num_online_cpus() - 1);
	wake_up_process(task);

	wait_for_completion(&r->started);
	audmod_notifier_shutdown(t->n);
	delivered = READ_ONCE(t->ndelivered);
	wait_for_completion(&r->done);

	KUNIT_EXPECT_EQ(test, r->errors, 0);
	KUNIT_EXPECT_GE(test, r->ok, 50);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_TRUE(test, st.shut_down);
	KUNIT_EXPECT_EQ(test, st.sent, r->ok);
	KUNIT_EXPECT_EQ(test, st.refused, 11);
	KUNIT_EXPECT_EQ(test, st.depth, 0);
	KUNIT_EXPECT_EQ(test, st.delivered + st.dropped, st.sent);
	nt_expect_consistent(test, &st);
	/* Nothing is delivered after shutdown returned. */
	audmod_notifier_flush(t->n);
	KUNIT_EXPECT_EQ(test, t->ndelivered, delivered);
	KUNIT_EXPECT_EQ(test, st.delivered, delivered);
	/* Shutdown twice is harmless. */
	audmod_notifier_shutdown(t->n);
}

struct nt_stopper {
	struct audmod_notifier *n;
	bool destroy;
	struct completion done;
};

static int nt_stopper_fn(void *data)
{
	struct nt_stopper *sp = data;

	if (sp->destroy)
		audmod_notifier_destroy(sp->n);
	else
		audmod_notifier_shutdown(sp->n);
	kthread_complete_and_exit(&sp->done, 0);
}

/*
 * With deliver held in the gate and a full queue, start shutdown or
 * destroy on another thread, wait until it has refused sends, open the gate.
 */
static void nt_stop_full(struct kunit *test, struct nt *t, bool destroy)
{
	struct audmod_notifier_stats st;
	struct task_struct *task;
	struct nt_stopper *sp;
	unsigned int i;

	sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sp);
	nt_gate(t);
	nt_create(t, 8, 0);
	nt_gate_hold(t);
	for (i = 1; i <= 11; i++)
		KUNIT_ASSERT_EQ(test, nt_send(t, AUDMOD_PAGED_POOL,
					      i % 2 ? NT_LARGE : 64, i), 0);
	sp->n = t->n;
	sp->destroy = destroy;
	init_completion(&sp->done);
	task = kthread_run(nt_stopper_fn, sp, "nt-stop");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	/* The stopper blocks on the gated callback after setting the flag. */
	for (;;) {
		audmod_notifier_get_stats(t->n, &st);
		if (st.shut_down)
			break;
		usleep_range(100, 200);
	}
	KUNIT_EXPECT_EQ(test, nt_send(t, AUDMOD_PAGED_POOL, 64, 99), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, st.sent, 12);
	KUNIT_EXPECT_EQ(test, st.depth, 8);
	KUNIT_EXPECT_EQ(test, st.dropped_overflow, 3);
	if (destroy)
		t->n = NULL;
	complete(&t->gate_release);
	wait_for_completion(&sp->done);
	KUNIT_EXPECT_EQ(test, t->ndelivered, 1);
}

static void nt_shutdown_full_test(struct kunit *test)
{
	struct nt *t = test->priv;
	struct audmod_notifier_stats st;

	nt_stop_full(test, t, false);
	audmod_notifier_get_stats(t->n, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 12);
	KUNIT_EXPECT_EQ(test, st.delivered, 1);
	KUNIT_EXPECT_EQ(test, st.dropped_shutdown, 8);
	KUNIT_EXPECT_EQ(test, st.dropped, 11);
	KUNIT_EXPECT_EQ(test, st.refused, 1);
	KUNIT_EXPECT_EQ(test, st.depth, 0);
	nt_expect_consistent(test, &st);
	/* Sends stay refused and nothing more is delivered. */
	KUNIT_EXPECT_EQ(test, nt_send(t, AUDMOD_NON_PAGED_POOL, 64, 1), -ESHUTDOWN);
	audmod_notifier_flush(t->n);
	KUNIT_EXPECT_EQ(test, t->ndelivered, 1);
}

/* Destroy with a full queue of heap payloads frees them all (kmemleak). */
static void nt_destroy_full_test(struct kunit *test)
{
	nt_stop_full(test, test->priv, true);
}

/* Destroy right after sending, whatever the work item has done by then. */
static void nt_destroy_busy_test(struct kunit *test)
{
	struct nt *t = test->priv;
	unsigned int i;

	nt_create(t, 16, 4);
	for (i = 0; i < 40; i++)
		KUNIT_ASSERT_EQ(test, nt_send(t, AUDMOD_NON_PAGED_POOL_NX,
					      i % 2 ? NT_LARGE : 64, i), 0);
	audmod_notifier_destroy(t->n);
	t->n = NULL;
}

/* ---- debugfs ------------------------------------------------------------- */

/*
 * Reads a debugfs file into @out. kernel_read() needs ->read_iter, which
 * the debugfs proxy does not have; the files are seq_files, opened through
 * the proxy, so seq_read_iter() into a kvec reads them.
 */
static ssize_t nt_read_file(const char *path, char *out, size_t len)
{
	struct kvec kv = { .iov_base = out, .iov_len = len - 1 };
	struct iov_iter iter;
	struct kiocb kiocb;
	struct file *f;
	ssize_t ret;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	init_sync_kiocb(&kiocb, f);
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, len - 1);
	ret = seq_read_iter(&kiocb, &iter);
	filp_close(f, NULL);
	if (ret >= 0)
		out[ret] = '\0';
	return ret;
}

/* nt_device_id as %pUl prints it, the way Windows writes GUIDs. */
static const char nt_device_id_line[] =
	"device_id: 4f0e2a61-1b7c-4d2e-9a10-3c556e778899\n";

static void nt_debugfs_test(struct kunit *test)
{
	struct audmod_notifier_config cfg;
	struct nt *t = test->priv;
	struct dentry *root, *d;
	char *text;
	ssize_t len;

	text = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, text);
	root = debugfs_create_dir("audmod-notify-test", NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(root));
	nt_config(t, &cfg, 4, 0);
	cfg.debugfs_parent = root;
	cfg.name = "dev0";
	t->n = audmod_notifier_create(&cfg);
	if (IS_ERR(t->n)) {
		debugfs_remove(root);
		KUNIT_FAIL(test, "create: %ld", PTR_ERR(t->n));
		t->n = NULL;
		return;
	}
	KUNIT_EXPECT_EQ(test, nt_send(t, AUDMOD_PAGED_POOL, 64, 1), 0);
	KUNIT_EXPECT_EQ(test, nt_send(t, AUDMOD_PAGED_POOL, 64, 2), 0);
	audmod_notifier_flush(t->n);

	d = debugfs_lookup("dev0", root);
	KUNIT_EXPECT_NOT_NULL(test, d);
	dput(d);
	len = nt_read_file("/sys/kernel/debug/audmod-notify-test/dev0/stats",
			   text, PAGE_SIZE);
	KUNIT_EXPECT_GT(test, len, 0);
	if (len > 0) {
		KUNIT_EXPECT_TRUE(test, str_has_prefix(text, "sent: 2\n"));
		KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\ndelivered: 2\n"));
		KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\ndepth: 0\n"));
		KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\nmax_depth: "));
		KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\nreserve_free: "));
	}
	len = nt_read_file("/sys/kernel/debug/audmod-notify-test/dev0/config",
			   text, PAGE_SIZE);
	KUNIT_EXPECT_GT(test, len, 0);
	if (len > 0) {
		KUNIT_EXPECT_NOT_NULL(test, strstr(text, nt_device_id_line));
		KUNIT_EXPECT_NOT_NULL(test, strstr(text, "queue_depth: 4\n"));
	}

	audmod_notifier_destroy(t->n);
	t->n = NULL;
	d = debugfs_lookup("dev0", root);
	KUNIT_EXPECT_NULL(test, d);
	dput(d);
	debugfs_remove(root);
}

static struct kunit_case nt_cases[] = {
	KUNIT_CASE(nt_create_invalid_test),
	KUNIT_CASE(nt_create_nomem_test),
	KUNIT_CASE_PARAM(nt_pool_sleepable_test, nt_pool_gen_params),
	KUNIT_CASE(nt_pool_largest_test),
	KUNIT_CASE_PARAM(nt_layout_test, nt_layout_gen_params),
	KUNIT_CASE(nt_pool_atomic_test),
	KUNIT_CASE_PARAM(nt_hrtimer_test, nt_timer_gen_params),
	KUNIT_CASE(nt_alloc_invalid_test),
	KUNIT_CASE(nt_alloc_nomem_test),
	KUNIT_CASE(nt_reserve_return_test),
	KUNIT_CASE(nt_zeroed_test),
	KUNIT_CASE(nt_free_test),
	KUNIT_CASE_PARAM(nt_send_then_free_test, nt_send_size_gen_params),
	KUNIT_CASE(nt_send_refused_test),
	KUNIT_CASE(nt_seq_test),
	KUNIT_CASE(nt_overflow_test),
	KUNIT_CASE(nt_send_nomem_test),
	KUNIT_CASE(nt_no_consumer_test),
	KUNIT_CASE(nt_concurrent_below_test),
	KUNIT_CASE(nt_concurrent_above_test),
	KUNIT_CASE(nt_shutdown_race_test),
	KUNIT_CASE(nt_shutdown_full_test),
	KUNIT_CASE(nt_destroy_full_test),
	KUNIT_CASE(nt_destroy_busy_test),
	KUNIT_CASE(nt_debugfs_test),
	{}
};

static struct kunit_suite nt_suite = {
	.name = "audmod-notify",
	.init = nt_init,
	.exit = nt_exit,
	.test_cases = nt_cases,
};

kunit_test_suite(nt_suite);

MODULE_DESCRIPTION("KUnit tests of the audmod notification buffers");
MODULE_LICENSE("GPL");
