// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the sample allocator (include/audmod/sample_alloc.h):
 * properties, commit/decommit, get/put, wake-one, the release hook and its
 * removal, concurrency and tear-down. Threads that must block use kthreads;
 * the test waits for them by state (the allocator's sleeper count), never
 * by elapsed time. The only time limit is a hang guard well below the hung
 * task timeout.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/kref.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include <audmod/sample_alloc.h>

#include "compat.h"
#include "core_kunit.h"

/* Hang guard for state polls: far above any real wait, below hung_task. */
#define SA_TEST_HANG_GUARD	(10 * HZ)
#define SA_TEST_MAX_GETTERS	4

/* A kthread blocked in audmod_sa_get_buffer(). */
struct sa_getter {
	struct audmod_sample_allocator *sa;
	struct audmod_sample *s;
	struct task_struct *task;
	bool take_signal;
	int ret;
	bool joined;		/* done was consumed by sa_test_join() */
	struct completion done;
};

struct sa_test_ctx {
	struct device *dev;
	struct audmod_sample_allocator *sa;
	struct sa_getter getters[SA_TEST_MAX_GETTERS];
	int ngetters;
};

/* A release hook that counts, embedded in a refcounted owner. */
struct sa_test_hook {
	struct audmod_release_hook hook;
	struct kref kref;
	atomic_t released;	/* owner_release calls */
	atomic_t calls;
	atomic_t running;
	atomic_t late;		/* calls after removal */
	bool removed;
	u32 last_index;
	int depth;		/* nesting of hook calls, for the reentry test */
	bool reenter;		/* get and put a sample from inside the hook */
	atomic_t reentered;
	atomic_t hardirq_calls;
	atomic_t softirq_calls;
};

static void sa_test_hook_release(struct kref *kref)
{
	struct sa_test_hook *h = container_of(kref, struct sa_test_hook, kref);

	atomic_inc(&h->released);
}

static void sa_test_notify(struct audmod_release_hook *hook,
			   struct audmod_sample_allocator *sa, u32 index)
{
	struct sa_test_hook *h = container_of(hook, struct sa_test_hook, hook);
	struct audmod_sample *s;

	atomic_inc(&h->running);
	if (READ_ONCE(h->removed))
		atomic_inc(&h->late);
	atomic_inc(&h->calls);
	WRITE_ONCE(h->last_index, index);
	if (in_hardirq())
		atomic_inc(&h->hardirq_calls);
	else if (in_serving_softirq())
		atomic_inc(&h->softirq_calls);
	/*
	 * The allocator lock must not be held here: both calls take it, so a
	 * held lock would be a lockdep splat (and a deadlock).
	 */
	if (h->reenter && h->depth == 0) {
		h->depth++;
		if (audmod_sa_free_count(sa) > 0 &&
		    !audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &s)) {
			atomic_inc(&h->reentered);
			audmod_sample_put(s);	/* calls us again, at depth 1 */
		}
		h->depth--;
	}
	atomic_dec(&h->running);
}

static struct sa_test_hook *sa_test_hook_new(struct kunit *test)
{
	struct sa_test_hook *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	kref_init(&h->kref);
	h->hook.notify_release = sa_test_notify;
	h->hook.owner = &h->kref;
	h->hook.owner_release = sa_test_hook_release;
	return h;
}

static int sa_test_init(struct kunit *test)
{
	struct sa_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->dev = kunit_device_register(test, "audmod-sa-test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx->dev));
	/* Not relying on the kunit device's default mask. */
	ctx->dev->coherent_dma_mask = DMA_BIT_MASK(32);
	ctx->dev->dma_mask = &ctx->dev->coherent_dma_mask;
	ctx->sa = audmod_sa_create(ctx->dev, "kunit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx->sa));
	test->priv = ctx;
	return 0;
}

/* Also runs after a failed assertion: leave no thread and no memory behind. */
static void sa_test_exit(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	audmod_sa_decommit(ctx->sa);	/* wakes any getter still asleep */
	for (i = 0; i < ctx->ngetters; i++) {
		struct sa_getter *g = &ctx->getters[i];

		if (!g->joined)
			wait_for_completion(&g->done);
		put_task_struct(g->task);
		if (!g->ret)
			audmod_sample_put(g->s);
	}
	audmod_sa_destroy(ctx->sa);
	audmod_sa_flush_deferred();
}

static void sa_test_props(struct kunit *test,
			  struct audmod_sample_allocator *sa,
			  u32 count, u32 size, u32 align, u32 prefix)
{
	struct audmod_alloc_props p = {
		.count = count, .size = size, .align = align, .prefix = prefix,
	};

	KUNIT_ASSERT_EQ(test, audmod_sa_set_props(sa, &p, NULL), 0);
}

static struct audmod_sample *sa_test_take(struct kunit *test,
					  struct audmod_sample_allocator *sa)
{
	struct audmod_sample *s = NULL;

	KUNIT_ASSERT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &s), 0);
	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

static struct audmod_sa_stats sa_test_stats(struct kunit *test,
					    struct audmod_sample_allocator *sa)
{
	struct audmod_sa_stats st;

	KUNIT_ASSERT_EQ(test, audmod_sa_get_stats(sa, &st), 0);
	return st;
}

/* Wait until exactly @n getters are queued on the allocator. */
static void sa_test_wait_sleepers(struct kunit *test,
				  struct audmod_sample_allocator *sa, u32 n)
{
	unsigned long end = jiffies + SA_TEST_HANG_GUARD;

	while (sa_test_stats(test, sa).sleepers != n) {
		KUNIT_ASSERT_TRUE_MSG(test, time_before(jiffies, end),
				      "never saw %u sleepers", n);
		usleep_range(500, 1000);
	}
}

static int sa_getter_fn(void *arg)
{
	struct sa_getter *g = arg;

	if (g->take_signal)
		allow_signal(SIGUSR1);
	g->ret = audmod_sa_get_buffer(g->sa, 0, &g->s);
	kthread_complete_and_exit(&g->done, 0);
}

static struct sa_getter *sa_test_start_getter(struct kunit *test,
					      bool take_signal)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_getter *g;

	KUNIT_ASSERT_LT(test, ctx->ngetters, SA_TEST_MAX_GETTERS);
	g = &ctx->getters[ctx->ngetters];
	g->sa = ctx->sa;
	g->take_signal = take_signal;
	init_completion(&g->done);
	g->task = kthread_create(sa_getter_fn, g, "sa-getter/%d", ctx->ngetters);
	KUNIT_ASSERT_FALSE(test, IS_ERR(g->task));
	get_task_struct(g->task);	/* before it can run and exit */
	ctx->ngetters++;
	wake_up_process(g->task);
	return g;
}

/* Wait for a getter to return; the exit handler knows not to wait again. */
static void sa_test_join(struct sa_getter *g)
{
	wait_for_completion(&g->done);
	g->joined = true;
}

static int sa_test_getters_done(struct sa_test_ctx *ctx)
{
	int i, n = 0;

	for (i = 0; i < ctx->ngetters; i++)
		n += ctx->getters[i].joined ||
		     completion_done(&ctx->getters[i].done);
	return n;
}

static void sa_test_wait_getters_done(struct kunit *test, int n)
{
	struct sa_test_ctx *ctx = test->priv;
	unsigned long end = jiffies + SA_TEST_HANG_GUARD;

	while (sa_test_getters_done(ctx) < n) {
		KUNIT_ASSERT_TRUE_MSG(test, time_before(jiffies, end),
				      "fewer than %d getters returned", n);
		usleep_range(500, 1000);
	}
}

/* ---- properties ---- */

struct sa_props_case {
	const char *name;
	struct audmod_alloc_props req;
	int ret;
	u32 actual_size;
};

static const struct sa_props_case sa_props_cases[] = {
	{ "exact", { 4, 256, 64, 0 }, 0, 256 },
	{ "rounded with prefix", { 3, 100, 64, 8 }, 0, 120 },
	{ "align 1", { 2, 7, 1, 3 }, 0, 7 },
	{ "align PAGE_SIZE", { 2, 10, PAGE_SIZE, 0 }, 0, PAGE_SIZE },
	{ "ring of INT_MAX bytes", { 1, INT_MAX, 1, 0 }, 0, INT_MAX },
	{ "zero count", { 0, 64, 8, 0 }, -EINVAL, 0 },
	{ "zero size", { 2, 0, 8, 16 }, -EINVAL, 0 },
	{ "align 0", { 2, 64, 0, 0 }, -EINVAL, 0 },
	{ "align 3", { 2, 64, 3, 0 }, -EINVAL, 0 },
	{ "align 2 * PAGE_SIZE", { 2, 64, 2 * PAGE_SIZE, 0 }, -EINVAL, 0 },
	{ "size + prefix overflows", { 1, U32_MAX, 1, 1 }, -EINVAL, 0 },
	{ "rounding overflows", { 1, U32_MAX - 1, 4, 0 }, -EINVAL, 0 },
	{ "ring above INT_MAX", { 2, 0x40000000, 1, 0 }, -EINVAL, 0 },
	{ "count * stride huge", { U32_MAX, U32_MAX / 2, 1, 0 }, -EINVAL, 0 },
};

static void sa_props_desc(const struct sa_props_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sa_props, sa_props_cases, sa_props_desc);

static void sa_test_props_table(struct kunit *test)
{
	const struct sa_props_case *c = test->param_value;
	struct sa_test_ctx *ctx = test->priv;
	const struct audmod_alloc_props before = { 2, 64, 8, 0 };
	struct audmod_alloc_props act, now;
	int ret;

	KUNIT_ASSERT_EQ(test, audmod_sa_set_props(ctx->sa, &before, NULL), 0);
	memset(&act, 0xa5, sizeof(act));
	ret = audmod_sa_set_props(ctx->sa, &c->req, &act);
	KUNIT_EXPECT_EQ(test, ret, c->ret);
	KUNIT_ASSERT_EQ(test, audmod_sa_get_props(ctx->sa, &now), 0);
	if (ret) {
		/* Nothing changed: not the output, not the properties. */
		KUNIT_EXPECT_EQ(test, act.count, 0xa5a5a5a5U);
		KUNIT_EXPECT_EQ(test, act.size, 0xa5a5a5a5U);
		KUNIT_EXPECT_EQ(test, memcmp(&now, &before, sizeof(now)), 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, act.count, c->req.count);
	KUNIT_EXPECT_EQ(test, act.size, c->actual_size);
	KUNIT_EXPECT_EQ(test, act.align, c->req.align);
	KUNIT_EXPECT_EQ(test, act.prefix, c->req.prefix);
	KUNIT_EXPECT_EQ(test, (act.size + act.prefix) % act.align, 0U);
	KUNIT_EXPECT_EQ(test, memcmp(&now, &act, sizeof(now)), 0);
}

static void sa_test_props_bad_pointers(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_alloc_props p = { 2, 64, 8, 0 }, now;

	KUNIT_EXPECT_EQ(test, audmod_sa_set_props(NULL, &p, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_set_props(ctx->sa, NULL, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_props(ctx->sa, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_props(NULL, &now), -EINVAL);
	/* Nothing set yet: all zero. */
	KUNIT_ASSERT_EQ(test, audmod_sa_get_props(ctx->sa, &now), 0);
	KUNIT_EXPECT_EQ(test, now.count, 0U);
	KUNIT_EXPECT_EQ(test, now.size, 0U);
}

static void sa_test_props_busy(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_alloc_props p = { 3, 32, 8, 0 }, now;
	struct audmod_sample *s;

	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_set_props(ctx->sa, &p, NULL), -EBUSY);
	s = sa_test_take(test, ctx->sa);
	audmod_sa_decommit(ctx->sa);
	/* Decommitted, one sample held: VFW_E_BUFFERS_OUTSTANDING. */
	KUNIT_EXPECT_EQ(test, audmod_sa_set_props(ctx->sa, &p, NULL), -EAGAIN);
	KUNIT_ASSERT_EQ(test, audmod_sa_get_props(ctx->sa, &now), 0);
	KUNIT_EXPECT_EQ(test, now.count, 2U);
	KUNIT_EXPECT_EQ(test, now.size, 64U);
	audmod_sample_put(s);
	KUNIT_EXPECT_EQ(test, audmod_sa_set_props(ctx->sa, &p, NULL), 0);
}

/* ---- commit ---- */

static void sa_test_commit_needs_props(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s = NULL;

	KUNIT_EXPECT_EQ(test, audmod_sa_commit(ctx->sa), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, AUDMOD_GBF_NOWAIT, &s),
			-ESHUTDOWN);
	/* Not committed fails at once, even without NOWAIT. */
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, 0, &s), -ESHUTDOWN);
	KUNIT_EXPECT_NULL(test, s);
}

static void sa_test_commit_no_dma_mask(struct kunit *test)
{
	struct audmod_sample_allocator *sa;
	struct device *dev;

	dev = kunit_device_register(test, "audmod-sa-nodma");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	/* kunit devices come with a 32-bit mask: take it away. */
	dev->coherent_dma_mask = 0;
	dev->dma_mask = NULL;
	sa = audmod_sa_create(dev, "nodma");
	KUNIT_ASSERT_FALSE(test, IS_ERR(sa));
	sa_test_props(test, sa, 2, 64, 8, 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit(sa), -EINVAL);
	audmod_sa_destroy(sa);
}

static void sa_test_create_bad_args(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_sa_create(NULL, "x")), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_sa_create(ctx->dev, NULL)), -EINVAL);
	audmod_sa_destroy(NULL);
	audmod_sa_decommit(NULL);
}

static void sa_test_commit_geometry(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s[4], *again, *extra;
	int i;

	sa_test_props(test, ctx->sa, 4, 100, 64, 8);	/* stride 128 */
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit(ctx->sa), 0);	/* no-op */
	for (i = 0; i < 4; i++) {
		s[i] = sa_test_take(test, ctx->sa);
		KUNIT_EXPECT_EQ(test, s[i]->index, (u32)i);	/* FIFO */
		KUNIT_EXPECT_PTR_EQ(test, s[i]->allocator, ctx->sa);
		KUNIT_EXPECT_EQ(test, s[i]->size, 120U);
		KUNIT_EXPECT_EQ(test, s[i]->cpu_addr - s[0]->cpu_addr, i * 128);
		KUNIT_EXPECT_EQ(test, s[i]->dma_addr - s[0]->dma_addr,
				(dma_addr_t)i * 128);
		/* The alignment applies to the start of the prefix. */
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)s[i]->cpu_addr - 8, 64));
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(s[i]->dma_addr - 8, 64));
		/* Prefix and usable area are ours to write (KASAN checks). */
		memset(s[i]->cpu_addr - 8, i, 8 + s[i]->size);
	}
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, AUDMOD_GBF_NOWAIT, &extra),
			-EAGAIN);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, *(u8 *)s[i]->cpu_addr, (u8)i);
	audmod_sample_put(s[2]);
	audmod_sample_put(s[0]);
	/* FIFO: released in this order, handed out in this order. */
	again = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, again->index, 2U);
	audmod_sample_put(again);
	audmod_sample_put(s[1]);
	audmod_sample_put(s[3]);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 4);
}

static void sa_test_commit_enomem(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s;

	/* 2 GiB - 1 contiguous: beyond the page allocator's largest order. */
	sa_test_props(test, ctx->sa, 1, INT_MAX, 1, 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit(ctx->sa), -ENOMEM);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, AUDMOD_GBF_NOWAIT, &s),
			-ESHUTDOWN);
	/* Still idle: smaller properties are accepted and commit works. */
	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit(ctx->sa), 0);
}

static void sa_test_commit_adopt(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s0, *s1;
	const size_t bytes = 4 * 256;
	dma_addr_t dma;
	void *cpu;

	/* Adopting needs properties. */
	cpu = dma_alloc_coherent(ctx->dev, bytes, &dma, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit_adopt(ctx->sa, cpu, dma, bytes),
			-EINVAL);
	sa_test_props(test, ctx->sa, 4, 256, 64, 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit_adopt(ctx->sa, NULL, dma, bytes),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit_adopt(ctx->sa, cpu, dma, bytes - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit_adopt(ctx->sa, cpu + 8, dma + 8,
						     bytes - 64), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit_adopt(ctx->sa, cpu, dma + 8, bytes),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, AUDMOD_GBF_NOWAIT, &s0),
			-ESHUTDOWN);

	KUNIT_ASSERT_EQ(test, audmod_sa_commit_adopt(ctx->sa, cpu, dma, bytes), 0);
	s0 = sa_test_take(test, ctx->sa);
	s1 = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_PTR_EQ(test, s0->cpu_addr, cpu);
	KUNIT_EXPECT_EQ(test, s0->dma_addr, dma);
	KUNIT_EXPECT_PTR_EQ(test, s1->cpu_addr, cpu + 256);
	KUNIT_EXPECT_EQ(test, s1->dma_addr, dma + 256);
	/* Same buffer again: resumes; another buffer: busy. */
	KUNIT_EXPECT_EQ(test, audmod_sa_commit_adopt(ctx->sa, cpu, dma, bytes), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit_adopt(ctx->sa, cpu, dma, bytes + 64),
			-EBUSY);
	audmod_sample_put(s0);
	audmod_sample_put(s1);
	audmod_sa_decommit(ctx->sa);
	audmod_sa_flush_deferred();
	/* Still ours: the allocator must not have freed it (KASAN checks). */
	memset(cpu, 0, bytes);
	dma_free_coherent(ctx->dev, bytes, cpu, dma);
}

/* ---- decommit ---- */

static void sa_test_decommit_outstanding(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s0, *s1, *s;

	sa_test_props(test, ctx->sa, 3, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	s0 = sa_test_take(test, ctx->sa);
	s1 = sa_test_take(test, ctx->sa);
	audmod_sa_decommit(ctx->sa);
	audmod_sa_decommit(ctx->sa);	/* no-op */
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, AUDMOD_GBF_NOWAIT, &s),
			-ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, 0, &s), -ESHUTDOWN);
	/* Held samples are untouched and still usable. */
	memset(s0->cpu_addr, 0x11, s0->size);
	memset(s1->cpu_addr, 0x22, s1->size);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 1);
	audmod_sample_put(s0);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 2);
	KUNIT_EXPECT_EQ(test, *(u8 *)s1->cpu_addr, 0x22);
	audmod_sample_put(s1);	/* last one: the memory goes (deferred) */
	audmod_sa_flush_deferred();
	/* Idle again: unallocated samples count as free (base-class quirk). */
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 3);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, AUDMOD_GBF_NOWAIT, &s),
			-ESHUTDOWN);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	s = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, s->index, 0U);
	audmod_sample_put(s);
	/* Nothing held: decommit frees at once, and commit works again. */
	audmod_sa_decommit(ctx->sa);
	KUNIT_EXPECT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 3);
}

static void sa_test_commit_cancels_decommit(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s0, *s1;

	sa_test_props(test, ctx->sa, 2, 64, 64, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	s0 = sa_test_take(test, ctx->sa);
	audmod_sa_decommit(ctx->sa);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	/* Same memory, no reallocation: the other sample is its neighbour. */
	s1 = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_PTR_EQ(test, s1->cpu_addr, s0->cpu_addr + 64);
	audmod_sample_put(s0);
	audmod_sample_put(s1);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 2);
}

static void sa_test_decommit_wakes_getter(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sa_stats st;
	struct audmod_sample *s;
	struct sa_getter *g;

	sa_test_props(test, ctx->sa, 1, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	s = sa_test_take(test, ctx->sa);
	g = sa_test_start_getter(test, false);
	sa_test_wait_sleepers(test, ctx->sa, 1);
	KUNIT_EXPECT_FALSE(test, completion_done(&g->done));
	audmod_sa_decommit(ctx->sa);
	sa_test_join(g);
	KUNIT_EXPECT_EQ(test, g->ret, -ESHUTDOWN);
	st = sa_test_stats(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, st.sleepers, 0U);
	KUNIT_EXPECT_EQ(test, st.wakeups, 1ULL);
	audmod_sample_put(s);
}

/* ---- get ---- */

static void sa_test_nowait_empty(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s0, *s1, *s = NULL;
	struct audmod_sa_stats st;

	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, 0x1, &s), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(NULL, 0, &s), -EINVAL);
	s0 = sa_test_take(test, ctx->sa);
	s1 = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(ctx->sa, AUDMOD_GBF_NOWAIT, &s),
			-EAGAIN);
	KUNIT_EXPECT_NULL(test, s);
	/* No waiter left behind (the base classes leave m_lWaiting raised). */
	st = sa_test_stats(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, st.sleepers, 0U);
	audmod_sample_put(s1);
	st = sa_test_stats(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, st.wakeups, 0ULL);
	s = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_PTR_EQ(test, s, s1);
	audmod_sample_put(s);
	audmod_sample_put(s0);
}

static void sa_test_wake_one(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s0, *s1;
	struct audmod_sa_stats st;
	int i, got = 0, shut = 0;

	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	s0 = sa_test_take(test, ctx->sa);
	s1 = sa_test_take(test, ctx->sa);
	for (i = 0; i < 3; i++)
		sa_test_start_getter(test, false);
	sa_test_wait_sleepers(test, ctx->sa, 3);

	/* One release: one getter wakes and takes it, two stay asleep. */
	audmod_sample_put(s0);
	sa_test_wait_getters_done(test, 1);
	sa_test_wait_sleepers(test, ctx->sa, 2);
	st = sa_test_stats(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, st.wakeups, 1ULL);
	KUNIT_EXPECT_EQ(test, sa_test_getters_done(ctx), 1);

	audmod_sample_put(s1);
	sa_test_wait_getters_done(test, 2);
	sa_test_wait_sleepers(test, ctx->sa, 1);
	st = sa_test_stats(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, st.wakeups, 2ULL);

	/* Decommit wakes whoever is left. */
	audmod_sa_decommit(ctx->sa);
	sa_test_wait_getters_done(test, 3);
	st = sa_test_stats(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, st.wakeups, 3ULL);
	KUNIT_EXPECT_EQ(test, st.sleepers, 0U);
	for (i = 0; i < 3; i++) {
		struct sa_getter *g = &ctx->getters[i];

		if (!g->ret)
			got++;
		else if (g->ret == -ESHUTDOWN)
			shut++;
	}
	KUNIT_EXPECT_EQ(test, got, 2);
	KUNIT_EXPECT_EQ(test, shut, 1);
}

static void sa_test_signal(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_getter *g, *g2;
	struct audmod_sample *s;

	sa_test_props(test, ctx->sa, 1, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	s = sa_test_take(test, ctx->sa);
	g = sa_test_start_getter(test, true);
	sa_test_wait_sleepers(test, ctx->sa, 1);
	send_sig(SIGUSR1, g->task, 0);
	sa_test_join(g);
	KUNIT_EXPECT_EQ(test, g->ret, -ERESTARTSYS);
	KUNIT_EXPECT_EQ(test, sa_test_stats(test, ctx->sa).sleepers, 0U);

	/* The interrupted wait left nothing queued to swallow the next wake. */
	g2 = sa_test_start_getter(test, false);
	sa_test_wait_sleepers(test, ctx->sa, 1);
	audmod_sample_put(s);
	sa_test_join(g2);
	KUNIT_EXPECT_EQ(test, g2->ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, g2->s, s);
}

/* ---- references and the hook ---- */

static void sa_test_refcount_order(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_test_hook *h = sa_test_hook_new(test);
	struct audmod_sample *s0, *s;

	sa_test_props(test, ctx->sa, 3, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &h->hook), 0);
	s0 = sa_test_take(test, ctx->sa);
	s = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, s->index, 1U);
	audmod_sample_get(s);
	audmod_sample_get(s);
	audmod_sample_put(s);
	audmod_sample_put(s);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 1);
	audmod_sample_put(s);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 1);
	KUNIT_EXPECT_EQ(test, h->last_index, 1U);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 2);
	KUNIT_EXPECT_EQ(test, sa_test_stats(test, ctx->sa).releases, 1ULL);
	audmod_sample_put(s0);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 2);
	KUNIT_EXPECT_EQ(test, h->last_index, 0U);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, NULL), 0);
	kref_put(&h->kref, sa_test_hook_release);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->released), 1);
}

static void sa_test_hook_reentry(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_test_hook *h = sa_test_hook_new(test);
	struct audmod_sample *s;
	int i;

	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	h->reenter = true;
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &h->hook), 0);
	for (i = 0; i < 10; i++) {
		s = sa_test_take(test, ctx->sa);
		audmod_sample_put(s);
	}
	/* Once per release: ten of ours, ten the hook made itself. */
	KUNIT_EXPECT_EQ(test, atomic_read(&h->reentered), 10);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 20);
	KUNIT_EXPECT_EQ(test, sa_test_stats(test, ctx->sa).releases, 20ULL);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 2);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, NULL), 0);
	kref_put(&h->kref, sa_test_hook_release);
}

struct sa_timer_ctx {
	struct hrtimer timer;
	struct audmod_sample_allocator *sa;
	int ret;
	struct completion done;
};

/* The PCM's virtual DMA engine: take a period and release it. */
static enum hrtimer_restart sa_test_timer_fn(struct hrtimer *t)
{
	struct sa_timer_ctx *tc = container_of(t, struct sa_timer_ctx, timer);
	struct audmod_sample *s;

	tc->ret = audmod_sa_get_buffer(tc->sa, AUDMOD_GBF_NOWAIT, &s);
	if (!tc->ret)
		audmod_sample_put(s);
	complete(&tc->done);
	return HRTIMER_NORESTART;
}

static void sa_test_release_from_timer(struct kunit *test,
				       enum hrtimer_mode mode)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_timer_ctx tc = { .sa = ctx->sa };

	init_completion(&tc.done);
	hrtimer_setup_on_stack(&tc.timer, sa_test_timer_fn, CLOCK_MONOTONIC, mode);
	hrtimer_start(&tc.timer, ns_to_ktime(1000), mode);
	wait_for_completion(&tc.done);
	hrtimer_cancel(&tc.timer);
	destroy_hrtimer_on_stack(&tc.timer);
	KUNIT_EXPECT_EQ(test, tc.ret, 0);
}

static void sa_test_hook_contexts(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_test_hook *h = sa_test_hook_new(test);
	struct audmod_sample *s;
	spinlock_t stream_lock;	/* stands for a PCM stream lock */
	unsigned long flags;

	spin_lock_init(&stream_lock);
	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	h->reenter = true;
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &h->hook), 0);

	/* With a caller's spinlock held and interrupts off (PCM stream lock). */
	s = sa_test_take(test, ctx->sa);
	spin_lock_irqsave(&stream_lock, flags);
	audmod_sample_put(s);
	spin_unlock_irqrestore(&stream_lock, flags);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 2);

	sa_test_release_from_timer(test, HRTIMER_MODE_REL_SOFT);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->softirq_calls), 2);
	sa_test_release_from_timer(test, HRTIMER_MODE_REL_HARD);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->hardirq_calls), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 6);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 2);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, NULL), 0);
	kref_put(&h->kref, sa_test_hook_release);
}

static void sa_test_hook_replace_remove(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_test_hook *a = sa_test_hook_new(test);
	struct sa_test_hook *b = sa_test_hook_new(test);
	struct audmod_release_hook bad;

	sa_test_props(test, ctx->sa, 1, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);

	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &a->hook), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&a->kref), 2U);
	audmod_sample_put(sa_test_take(test, ctx->sa));
	KUNIT_EXPECT_EQ(test, atomic_read(&a->calls), 1);

	/* Bad hooks are refused and change nothing. */
	bad = b->hook;
	bad.notify_release = NULL;
	KUNIT_EXPECT_EQ(test, audmod_sa_set_notify(ctx->sa, &bad), -EINVAL);
	bad = b->hook;
	bad.owner = NULL;
	KUNIT_EXPECT_EQ(test, audmod_sa_set_notify(ctx->sa, &bad), -EINVAL);
	bad = b->hook;
	bad.owner_release = NULL;
	KUNIT_EXPECT_EQ(test, audmod_sa_set_notify(ctx->sa, &bad), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_set_notify(NULL, &b->hook), -EINVAL);
	KUNIT_EXPECT_EQ(test, kref_read(&a->kref), 2U);
	KUNIT_EXPECT_EQ(test, kref_read(&b->kref), 1U);

	/* Replace: a's reference goes, b's is taken; only b is called. */
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &b->hook), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&a->kref), 1U);
	KUNIT_EXPECT_EQ(test, kref_read(&b->kref), 2U);
	audmod_sample_put(sa_test_take(test, ctx->sa));
	KUNIT_EXPECT_EQ(test, atomic_read(&a->calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->calls), 1);

	/* Setting the same hook again keeps exactly one reference. */
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &b->hook), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&b->kref), 2U);

	/*
	 * Drop our own reference while the allocator holds one: removing
	 * the hook then releases the owner before set_notify() returns.
	 */
	kref_put(&b->kref, sa_test_hook_release);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->released), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, NULL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->released), 1);
	audmod_sample_put(sa_test_take(test, ctx->sa));
	KUNIT_EXPECT_EQ(test, atomic_read(&b->calls), 1);
	KUNIT_EXPECT_EQ(test, audmod_sa_set_notify(ctx->sa, NULL), 0);

	kref_put(&a->kref, sa_test_hook_release);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->released), 1);
}

/* Gets and releases until stopped; on another CPU when there is one. */
struct sa_cycler {
	struct audmod_sample_allocator *sa;
	atomic_long_t cycles;
	atomic_t errors;
};

static int sa_cycler_fn(void *arg)
{
	struct sa_cycler *c = arg;
	struct audmod_sample *s;

	while (!kthread_should_stop()) {
		if (audmod_sa_get_buffer(c->sa, AUDMOD_GBF_NOWAIT, &s))
			atomic_inc(&c->errors);
		else
			audmod_sample_put(s);
		atomic_long_inc(&c->cycles);
		cond_resched();
	}
	return 0;
}

/* Start @fn on CPU @cpu modulo the online CPUs (unbound if only one). */
static struct task_struct *sa_test_start_on_cpu(struct kunit *test,
						int (*fn)(void *), void *arg,
						unsigned int cpu)
{
	struct task_struct *t;

	t = kthread_create(fn, arg, "sa-test/%u", cpu);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	cpu %= num_online_cpus();
	if (num_online_cpus() > 1 && cpu_online(cpu))
		kthread_bind(t, cpu);
	get_task_struct(t);
	wake_up_process(t);
	return t;
}

static void sa_test_wait_cycles(struct kunit *test, struct sa_cycler *c,
				long n)
{
	long target = atomic_long_read(&c->cycles) + n;
	unsigned long end = jiffies + SA_TEST_HANG_GUARD;

	while (atomic_long_read(&c->cycles) < target) {
		KUNIT_ASSERT_TRUE(test, time_before(jiffies, end));
		usleep_range(500, 1000);
	}
}

static void sa_test_set_notify_null_races(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_cycler c = { .sa = ctx->sa };
	struct task_struct *t;
	int round;

	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	/* The releases run on another CPU than set_notify(), if any. */
	t = sa_test_start_on_cpu(test, sa_cycler_fn, &c,
				 raw_smp_processor_id() + 1);

	for (round = 0; round < 20; round++) {
		struct sa_test_hook *h = sa_test_hook_new(test);
		unsigned long end = jiffies + SA_TEST_HANG_GUARD;

		KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &h->hook), 0);
		while (atomic_read(&h->calls) < 50 && time_before(jiffies, end))
			usleep_range(500, 1000);
		KUNIT_EXPECT_GE(test, atomic_read(&h->calls), 50);
		KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, NULL), 0);
		/* On return: not running, and our reference is the only one. */
		KUNIT_EXPECT_EQ(test, atomic_read(&h->running), 0);
		KUNIT_EXPECT_EQ(test, kref_read(&h->kref), 1U);
		WRITE_ONCE(h->removed, true);
		sa_test_wait_cycles(test, &c, 200);
		KUNIT_EXPECT_EQ(test, atomic_read(&h->late), 0);
		kref_put(&h->kref, sa_test_hook_release);
		KUNIT_EXPECT_EQ(test, atomic_read(&h->released), 1);
	}
	kthread_stop(t);
	put_task_struct(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.errors), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 2);
}

#define SA_TEST_CYCLES	30000

struct sa_stress {
	struct audmod_sample_allocator *sa;
	int errors;
	struct completion done;
};

/* Hold two samples at a time out of three: the threads sleep on each other. */
static int sa_stress_fn(void *arg)
{
	struct sa_stress *st = arg;
	struct audmod_sample *a, *b;
	int i;

	for (i = 0; i < SA_TEST_CYCLES / 2; i++) {
		if (audmod_sa_get_buffer(st->sa, 0, &a)) {
			st->errors++;
			break;
		}
		audmod_sample_get(a);
		if (!(i % 16))
			cond_resched();
		if (audmod_sa_get_buffer(st->sa, 0, &b)) {
			st->errors++;
			audmod_sample_put(a);
			audmod_sample_put(a);
			break;
		}
		*(u8 *)a->cpu_addr = 1;
		*(u8 *)b->cpu_addr = 2;
		audmod_sample_put(a);
		audmod_sample_put(b);
		audmod_sample_put(a);
	}
	kthread_complete_and_exit(&st->done, 0);
}

static void sa_test_two_threads(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_test_hook *h = sa_test_hook_new(test);
	struct sa_stress st[2];
	struct audmod_sa_stats stats;
	struct task_struct *t[2];
	int i;

	sa_test_props(test, ctx->sa, 3, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &h->hook), 0);
	for (i = 0; i < 2; i++) {
		st[i].sa = ctx->sa;
		st[i].errors = 0;
		init_completion(&st[i].done);
		t[i] = sa_test_start_on_cpu(test, sa_stress_fn, &st[i], i);
	}
	for (i = 0; i < 2; i++) {
		wait_for_completion(&st[i].done);
		put_task_struct(t[i]);
		KUNIT_EXPECT_EQ(test, st[i].errors, 0);
	}
	stats = sa_test_stats(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 3);
	KUNIT_EXPECT_EQ(test, stats.releases, 2ULL * SA_TEST_CYCLES);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 2 * SA_TEST_CYCLES);
	KUNIT_EXPECT_EQ(test, stats.sleepers, 0U);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, NULL), 0);
	kref_put(&h->kref, sa_test_hook_release);
}

/* ---- free count and tear-down ---- */

static void sa_test_free_count(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s0, *s1;

	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_get_stats(ctx->sa, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 0);
	sa_test_props(test, ctx->sa, 5, 64, 8, 0);
	/* Not allocated yet, counted as free (CBaseAllocator::GetFreeCount). */
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 5);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 5);
	s0 = sa_test_take(test, ctx->sa);
	s1 = sa_test_take(test, ctx->sa);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 3);
	audmod_sa_decommit(ctx->sa);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 3);
	audmod_sample_put(s0);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 4);
	audmod_sample_put(s1);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(ctx->sa), 5);
}

static void sa_test_destroy_outstanding(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_test_hook *h = sa_test_hook_new(test);
	struct audmod_sample *s0, *s1;

	sa_test_props(test, ctx->sa, 3, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &h->hook), 0);
	s0 = sa_test_take(test, ctx->sa);
	s1 = sa_test_take(test, ctx->sa);
	audmod_sample_get(s1);

	audmod_sa_destroy(ctx->sa);
	ctx->sa = NULL;
	/* The hook is gone, with its reference. */
	KUNIT_EXPECT_EQ(test, kref_read(&h->kref), 1U);
	/* The samples are not (KASAN would report a use after free). */
	memset(s0->cpu_addr, 0x5a, s0->size);
	memset(s1->cpu_addr, 0xa5, s1->size);
	audmod_sample_put(s0);
	audmod_sample_put(s1);
	KUNIT_EXPECT_EQ(test, *(u8 *)s1->cpu_addr, 0xa5);
	audmod_sample_put(s1);	/* last: frees the memory and the allocator */
	audmod_sa_flush_deferred();
	KUNIT_EXPECT_EQ(test, atomic_read(&h->calls), 0);
	kref_put(&h->kref, sa_test_hook_release);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->released), 1);
}

static void sa_test_destroy_idle_with_hook(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct sa_test_hook *h = sa_test_hook_new(test);

	sa_test_props(test, ctx->sa, 2, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_set_notify(ctx->sa, &h->hook), 0);
	kref_put(&h->kref, sa_test_hook_release);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->released), 0);
	audmod_sa_destroy(ctx->sa);
	ctx->sa = NULL;
	KUNIT_EXPECT_EQ(test, atomic_read(&h->released), 1);
}

static void sa_test_destroy_wakes_sleeper(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	struct audmod_sample *s;
	struct sa_getter *g;

	sa_test_props(test, ctx->sa, 1, 64, 8, 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(ctx->sa), 0);
	s = sa_test_take(test, ctx->sa);
	g = sa_test_start_getter(test, false);
	sa_test_wait_sleepers(test, ctx->sa, 1);
	/* Returns only once the sleeper has left the allocator. */
	audmod_sa_destroy(ctx->sa);
	ctx->sa = NULL;
	sa_test_join(g);
	KUNIT_EXPECT_EQ(test, g->ret, -ESHUTDOWN);
	audmod_sample_put(s);
	audmod_sa_flush_deferred();
}

static struct kunit_case sa_test_cases[] = {
	KUNIT_CASE_PARAM(sa_test_props_table, sa_props_gen_params),
	KUNIT_CASE(sa_test_props_bad_pointers),
	KUNIT_CASE(sa_test_props_busy),
	KUNIT_CASE(sa_test_create_bad_args),
	KUNIT_CASE(sa_test_commit_needs_props),
	KUNIT_CASE(sa_test_commit_no_dma_mask),
	KUNIT_CASE(sa_test_commit_geometry),
	KUNIT_CASE(sa_test_commit_enomem),
	KUNIT_CASE(sa_test_commit_adopt),
	KUNIT_CASE(sa_test_decommit_outstanding),
	KUNIT_CASE(sa_test_commit_cancels_decommit),
	KUNIT_CASE(sa_test_decommit_wakes_getter),
	KUNIT_CASE(sa_test_nowait_empty),
	KUNIT_CASE(sa_test_wake_one),
	KUNIT_CASE(sa_test_signal),
	KUNIT_CASE(sa_test_refcount_order),
	KUNIT_CASE(sa_test_hook_reentry),
	KUNIT_CASE(sa_test_hook_contexts),
	KUNIT_CASE(sa_test_hook_replace_remove),
	KUNIT_CASE(sa_test_set_notify_null_races),
	KUNIT_CASE_SLOW(sa_test_two_threads),
	KUNIT_CASE(sa_test_free_count),
	KUNIT_CASE(sa_test_destroy_outstanding),
	KUNIT_CASE(sa_test_destroy_idle_with_hook),
	KUNIT_CASE(sa_test_destroy_wakes_sleeper),
	{}
};

static struct kunit_suite sa_test_suite = {
	.name = "audmod-sample-alloc",
	.init = sa_test_init,
	.exit = sa_test_exit,
	.test_cases = sa_test_cases,
};

kunit_test_suite(sa_test_suite);

MODULE_DESCRIPTION("KUnit tests for the audmod sample allocator");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(AUDMOD_NS);
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);
