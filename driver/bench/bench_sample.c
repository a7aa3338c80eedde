// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark group "sample": a sample get+release cycle of the audmod sample
 * allocator against a ptr_ring produce+consume of the same sample pointers
 * (the cheapest free list the kernel offers).
 *
 * Rows:
 * - sample-1cpu: one task, in batches under preempt_disable():
 *   ours  audmod_sa_get_buffer(NOWAIT) + audmod_sample_put(), no hook;
 *   base  ptr_ring_consume_any() + ptr_ring_produce_any() (irqsave locks,
 *	   as the allocator's: both may be called from any context).
 * - sample-1cpu-hook: the same with a release hook set (what the PCM does);
 *   the hook counts its calls and the count is checked.
 * - sample-2cpu (group "sample-smp", which needs CPUs 0 and 1 online):
 *   ping-pong between two kthreads bound to CPUs 0 and 1. The
 *   first takes a sample from the free list and hands it to the second
 *   through a ptr_ring, the second releases it to the free list; so the
 *   free list bounces between the CPUs. The hand-off ring is the same for
 *   both sides; only the free list differs (ours with the hook set).
 * The free list holds 16 samples on both sides (enough that a briefly
 * descheduled partner does not stall the other at once).
 */
#include <linux/cpumask.h>
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/platform_device.h>
#include <linux/ptr_ring.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include <audmod/sample_alloc.h>

#include "bench.h"

#define BENCH_SA_COUNT		16
#define BENCH_SA_BYTES		1920	/* 10 ms of 48 kHz S16 stereo */
#define BENCH_SA_BATCH		1024
/* A ping-pong partner that makes no progress for this long is stuck. */
#define BENCH_SA_STUCK_NS	(5ULL * NSEC_PER_SEC)

struct bench_sa;

/**
 * struct bench_sa_thread - one side of the ping-pong
 * @ctx: the group's state.
 * @task: the kthread.
 * @producer: takes from the free list (CPU 0) or releases to it (CPU 1).
 * @seen_gen: last command generation handled.
 * @ret: result of the last command.
 * @end_ns: when the last command finished.
 */
struct bench_sa_thread {
	struct bench_sa *ctx;
	struct task_struct *task;
	bool producer;
	unsigned int seen_gen;
	int ret;
	u64 end_ns;
};

/**
 * struct bench_sa - state of the group
 * @pdev: device for the allocator's DMA buffer.
 * @sa: our allocator, committed with BENCH_SA_COUNT samples.
 * @ptrs: the sample pointers, for the baseline ring.
 * @pool: baseline free list holding @ptrs.
 * @handoff: ping-pong channel from CPU 0 to CPU 1 (both sides).
 * @hook: our release hook; @hook_ref is its owner's count (the group
 *	state lives until after the hook is removed).
 * @hook_ref: see @hook.
 * @hook_calls: calls of the hook; written only by the releasing thread.
 * @thr: the ping-pong threads; NULL with fewer than two CPUs.
 * @wq: the threads wait here for a command.
 * @gen: command generation; bumping it starts the threads.
 * @ours: side of the current command.
 * @n: operations of the current command.
 * @ready: threads at the start barrier.
 * @start_ns: when the producer passed the barrier.
 * @done: completed once by each thread per command.
 */
struct bench_sa {
	struct platform_device *pdev;
	struct audmod_sample_allocator *sa;
	void *ptrs[BENCH_SA_COUNT];
	struct ptr_ring pool;
	struct ptr_ring handoff;
	struct audmod_release_hook hook;
	struct kref hook_ref;
	u64 hook_calls;
	struct bench_sa_thread thr[2];
	wait_queue_head_t wq;
	unsigned int gen;
	bool ours;
	u64 n;
	atomic_t ready;
	u64 start_ns;
	struct completion done;
};

static void bench_sa_notify_release(struct audmod_release_hook *hook,
				    struct audmod_sample_allocator *sa,
				    u32 sample_index)
{
	struct bench_sa *b = container_of(hook, struct bench_sa, hook);

	b->hook_calls++;
}

/* The group state outlives the hook (it is removed before the state is
 * freed), so dropping the allocator's reference has nothing to free.
 */
static void bench_sa_hook_owner_release(struct kref *kref)
{
}

static int bench_sa_set_hook(struct bench_sa *b, bool on)
{
	return audmod_sa_set_notify(b->sa, on ? &b->hook : NULL);
}

/* ---- single CPU -------------------------------------------------------- */

static int bench_sa_batch_ours(void *ctx, u64 k)
{
	struct bench_sa *b = ctx;
	struct audmod_sample *s;
	u64 i;
	int ret;

	for (i = 0; i < k; i++) {
		ret = audmod_sa_get_buffer(b->sa, AUDMOD_GBF_NOWAIT, &s);
		if (ret)
			return ret;
		audmod_sample_put(s);
	}
	return 0;
}

static int bench_sa_batch_base(void *ctx, u64 k)
{
	struct bench_sa *b = ctx;
	void *p;
	u64 i;
	int ret;

	for (i = 0; i < k; i++) {
		p = ptr_ring_consume_any(&b->pool);
		if (!p)
			return -EIO;
		ret = ptr_ring_produce_any(&b->pool, p);
		if (ret)
			return ret;
	}
	return 0;
}

static int bench_sa_time_1cpu(void *ctx, bool ours, u64 n, u64 *ns)
{
	return bench_time_atomic(ours ? bench_sa_batch_ours :
				 bench_sa_batch_base, ctx, n, BENCH_SA_BATCH,
				 ns);
}

static int bench_sa_time_1cpu_hook(void *ctx, bool ours, u64 n, u64 *ns)
{
	struct bench_sa *b = ctx;
	u64 calls = b->hook_calls;
	int ret;

	ret = bench_sa_time_1cpu(ctx, ours, n, ns);
	/* Every release must have called the hook once. */
	if (!ret && ours && b->hook_calls - calls != n)
		ret = -EIO;
	return ret;
}

/* ---- two CPUs ---------------------------------------------------------- */

/* Wait a little for the partner; -ETIMEDOUT when it seems stuck. */
static int bench_sa_spin(u64 *spins, u64 start)
{
	cpu_relax();
	if (++*spins % 4096)
		return 0;
	/* Let per-CPU kernel work run on a CPU we otherwise monopolise. */
	cond_resched();
	return ktime_get_ns() - start > BENCH_SA_STUCK_NS ? -ETIMEDOUT : 0;
}

static int bench_sa_produce(struct bench_sa *b, bool ours, u64 n)
{
	struct audmod_sample *s;
	u64 i, spins = 0, start = ktime_get_ns();
	void *p;
	int ret;

	for (i = 0; i < n; i++) {
		if (ours) {
			while ((ret = audmod_sa_get_buffer(b->sa,
							   AUDMOD_GBF_NOWAIT,
							   &s)) == -EAGAIN) {
				ret = bench_sa_spin(&spins, start);
				if (ret)
					return ret;
			}
			if (ret)
				return ret;
			p = s;
		} else {
			while (!(p = ptr_ring_consume_any(&b->pool))) {
				ret = bench_sa_spin(&spins, start);
				if (ret)
					return ret;
			}
		}
		/* The hand-off ring has room for every sample. */
		if (ptr_ring_produce(&b->handoff, p))
			return -EIO;
	}
	return 0;
}

static int bench_sa_release(struct bench_sa *b, bool ours, u64 n)
{
	u64 i, spins = 0, start = ktime_get_ns();
	void *p;
	int ret;

	for (i = 0; i < n; i++) {
		while (!(p = ptr_ring_consume(&b->handoff))) {
			ret = bench_sa_spin(&spins, start);
			if (ret)
				return ret;
		}
		if (ours)
			audmod_sample_put(p);
		else if (ptr_ring_produce_any(&b->pool, p))
			return -EIO;
	}
	return 0;
}

static int bench_sa_thread_fn(void *arg)
{
	struct bench_sa_thread *t = arg;
	struct bench_sa *b = t->ctx;

	for (;;) {
		wait_event(b->wq, READ_ONCE(b->gen) != t->seen_gen ||
			   kthread_should_stop());
		if (kthread_should_stop())
			return 0;
		/* Pairs with the release in bench_sa_time_2cpu(). */
		t->seen_gen = smp_load_acquire(&b->gen);
		/* Start together, so neither side is timed waiting to wake. */
		atomic_inc(&b->ready);
		while (atomic_read(&b->ready) < 2)
			cpu_relax();
		if (t->producer) {
			b->start_ns = ktime_get_ns();
			t->ret = bench_sa_produce(b, b->ours, b->n);
		} else {
			t->ret = bench_sa_release(b, b->ours, b->n);
		}
		t->end_ns = ktime_get_ns();
		complete(&b->done);
	}
}

static int bench_sa_time_2cpu(void *ctx, bool ours, u64 n, u64 *ns)
{
	struct bench_sa *b = ctx;
	u64 calls = b->hook_calls;
	unsigned int i;

	bench_watch_task(0, b->thr[0].task);
	bench_watch_task(1, b->thr[1].task);
	b->ours = ours;
	b->n = n;
	atomic_set(&b->ready, 0);
	reinit_completion(&b->done);
	/* Publish the command: a thread that sees the new gen sees it all. */
	smp_store_release(&b->gen, b->gen + 1);
	wake_up_all(&b->wq);
	for (i = 0; i < 2; i++)
		wait_for_completion(&b->done);
	for (i = 0; i < 2; i++)
		if (b->thr[i].ret)
			return b->thr[i].ret;
	if (ours && b->hook_calls - calls != n)
		return -EIO;
	*ns = max(b->thr[0].end_ns, b->thr[1].end_ns) - b->start_ns;
	return 0;
}

/* ---- set-up ------------------------------------------------------------ */

static void bench_sa_stop_threads(struct bench_sa *b)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (b->thr[i].task)
			kthread_stop(b->thr[i].task);
		b->thr[i].task = NULL;
	}
}

static int bench_sa_start_threads(struct bench_sa *b)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct task_struct *task;

		b->thr[i].ctx = b;
		b->thr[i].producer = i == 0;
		task = kthread_create(bench_sa_thread_fn, &b->thr[i],
				      "audmod-bench/%u", i);
		if (IS_ERR(task)) {
			bench_sa_stop_threads(b);
			return PTR_ERR(task);
		}
		kthread_bind(task, i);
		b->thr[i].task = task;
		wake_up_process(task);
	}
	return 0;
}

static int bench_sa_setup(struct bench_sa *b)
{
	const struct audmod_alloc_props req = {
		.count = BENCH_SA_COUNT, .size = BENCH_SA_BYTES, .align = 64,
	};
	struct audmod_sample *s[BENCH_SA_COUNT];
	unsigned int i;
	int ret;

	init_waitqueue_head(&b->wq);
	init_completion(&b->done);
	kref_init(&b->hook_ref);
	b->hook.notify_release = bench_sa_notify_release;
	b->hook.owner = &b->hook_ref;
	b->hook.owner_release = bench_sa_hook_owner_release;

	b->pdev = platform_device_register_simple("audmod-bench",
						  PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(b->pdev))
		return PTR_ERR(b->pdev);
	ret = dma_coerce_mask_and_coherent(&b->pdev->dev, DMA_BIT_MASK(32));
	if (ret)
		goto err_pdev;
	b->sa = audmod_sa_create(&b->pdev->dev, "bench");
	if (IS_ERR(b->sa)) {
		ret = PTR_ERR(b->sa);
		goto err_pdev;
	}
	ret = audmod_sa_set_props(b->sa, &req, NULL);
	if (ret)
		goto err_sa;
	ret = audmod_sa_commit(b->sa);
	if (ret)
		goto err_sa;
	/* Take every sample once to learn the pointers the baseline uses. */
	for (i = 0; i < BENCH_SA_COUNT; i++) {
		ret = audmod_sa_get_buffer(b->sa, AUDMOD_GBF_NOWAIT, &s[i]);
		if (ret) {
			while (i--)
				audmod_sample_put(s[i]);
			goto err_sa;
		}
		b->ptrs[i] = s[i];
	}
	for (i = 0; i < BENCH_SA_COUNT; i++)
		audmod_sample_put(s[i]);

	ret = ptr_ring_init(&b->pool, BENCH_SA_COUNT, GFP_KERNEL);
	if (ret)
		goto err_sa;
	for (i = 0; i < BENCH_SA_COUNT; i++)
		ptr_ring_produce(&b->pool, b->ptrs[i]);
	ret = ptr_ring_init(&b->handoff, BENCH_SA_COUNT, GFP_KERNEL);
	if (ret)
		goto err_pool;
	return 0;

err_pool:
	ptr_ring_cleanup(&b->pool, NULL);
err_sa:
	audmod_sa_destroy(b->sa);
err_pdev:
	platform_device_unregister(b->pdev);
	return ret;
}

static void bench_sa_teardown(struct bench_sa *b)
{
	bench_sa_stop_threads(b);
	ptr_ring_cleanup(&b->handoff, NULL);
	ptr_ring_cleanup(&b->pool, NULL);
	/* Removes the hook too; every sample is back by now. */
	audmod_sa_destroy(b->sa);
	platform_device_unregister(b->pdev);
}

/* The group state, set up for one group's rows and freed after them. */
static struct bench_sa *bench_sa_new(void)
{
	struct bench_sa *b;
	int ret;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	ret = bench_sa_setup(b);
	if (ret) {
		kfree(b);
		return ERR_PTR(ret);
	}
	return b;
}

static void bench_sa_free(struct bench_sa *b)
{
	bench_sa_teardown(b);
	kfree(b);
}

static int bench_sample_run(struct bench_run *r)
{
	struct bench_sa *b;
	struct bench_case c = {
		.min_n = BENCH_SA_BATCH,
		.ours = "audmod_sa_get_buffer(NOWAIT)+audmod_sample_put",
		.base = "ptr_ring_consume_any+ptr_ring_produce_any",
	};
	int ret;

	b = bench_sa_new();
	if (IS_ERR(b))
		return PTR_ERR(b);
	c.ctx = b;

	c.name = "sample-1cpu";
	c.time = bench_sa_time_1cpu;
	ret = bench_measure(r, &c);
	if (ret)
		goto out;

	ret = bench_sa_set_hook(b, true);
	if (ret)
		goto out;
	c.name = "sample-1cpu-hook";
	c.ours = "audmod_sa_get_buffer(NOWAIT)+audmod_sample_put,hook_set";
	c.time = bench_sa_time_1cpu_hook;
	ret = bench_measure(r, &c);
out:
	bench_sa_free(b);
	return ret;
}

/* The two-CPU row: its own group, because it needs a boot with two CPUs. */
static int bench_sample_smp_run(struct bench_run *r)
{
	struct bench_sa *b;
	struct bench_case c = {
		.min_n = BENCH_SA_BATCH,
		.name = "sample-2cpu",
		.ours = "CPU0:get_buffer->handoff_ring->CPU1:sample_put,hook_set",
		.base = "CPU0:ptr_ring_consume_any->handoff_ring->CPU1:ptr_ring_produce_any",
		.time = bench_sa_time_2cpu,
	};
	int ret;

	if (num_online_cpus() < 2 || !cpu_online(0) || !cpu_online(1)) {
		bench_note(r, "sample-2cpu skipped: CPUs 0 and 1 are not both online");
		return 0;
	}
	b = bench_sa_new();
	if (IS_ERR(b))
		return PTR_ERR(b);
	c.ctx = b;
	ret = bench_sa_set_hook(b, true);
	if (!ret)
		ret = bench_sa_start_threads(b);
	if (!ret)
		ret = bench_measure(r, &c);
	bench_sa_free(b);
	return ret;
}

const struct bench_group bench_sample_group = {
	.name = "sample",
	.run = bench_sample_run,
};

const struct bench_group bench_sample_smp_group = {
	.name = "sample-smp",
	.run = bench_sample_smp_run,
};
