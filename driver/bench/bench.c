// SPDX-License-Identifier: GPL-2.0
/*
 * audmod-bench: the measuring frame (see bench.h). The cases are in
 * bench_*.c and the module and its debugfs files in main.c; this file
 * calibrates, interleaves, counts allocations and collects the rows:
 *	row NAME key=value ...   (see bench_measure())
 *	note TEXT
 *
 * Method: each repetition times "ours" then the baseline over the same
 * number n of operations (A B A B ...). A row gives the median ops/s of
 * each side, the ratio of the medians as a cost ratio (ours' time over the
 * baseline's: above 1 means ours is slower) and the spread of that ratio
 * over the repetitions (min-max of each repetition's own ratio).
 *
 * Allocation counting: the kernel's own allocation tracepoints (kmalloc,
 * kmem_cache_alloc, mm_page_alloc) fire on every slab object and every page
 * the kernel hands out, whatever the caller, and are present in stock
 * kernels. A probe is attached to them for one extra untimed pass of each
 * side (never during timed passes: an enabled tracepoint slows every
 * allocation) and counts events raised in task context by the benchmark's
 * own task(s): interrupts and other tasks allocating meanwhile are not
 * ours. A self-check at the start of every run allocates a known amount
 * under the same probe; if that is not seen exactly, the counts are
 * reported as unknown rather than as zero.
 *
 * Locking: bench_lock (mutex) serialises runs and guards the results text.
 * The probe reads bench_watch[] and bench_counting with READ_ONCE; they are
 * written only by the running benchmark, before it starts the work they
 * describe.
 */
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>

#include "bench.h"

#define BENCH_MAX_REPS		31
/* Operations of the untimed allocation-counting pass of each side. */
#define BENCH_COUNT_OPS		1024

/**
 * struct bench_run - one run of the "run" command
 * @reps: repetitions of each side.
 * @target_ns: target duration of one repetition of one side.
 * @count_ok: the allocation counter passed its self-check.
 */
struct bench_run {
	unsigned int reps;
	u64 target_ns;
	bool count_ok;
};

static DEFINE_MUTEX(bench_lock);
static char *bench_text;	/* under bench_lock */
static size_t bench_len;	/* under bench_lock */

static struct task_struct *bench_watch[BENCH_MAX_WATCH];
static bool bench_counting;
static atomic_long_t bench_slab_allocs;
static atomic_long_t bench_page_allocs;

/* ---- results text ------------------------------------------------------ */

static __printf(1, 0) void bench_vappend(const char *fmt, va_list ap)
{
	int len;

	lockdep_assert_held(&bench_lock);
	len = vscnprintf(bench_text + bench_len, BENCH_TEXT_BYTES - bench_len,
			 fmt, ap);
	bench_len += len;
}

static __printf(1, 2) void bench_append(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bench_vappend(fmt, ap);
	va_end(ap);
}

void bench_note(struct bench_run *r, const char *fmt, ...)
{
	va_list ap;

	bench_append("note ");
	va_start(ap, fmt);
	bench_vappend(fmt, ap);
	va_end(ap);
	bench_append("\n");
}

/* ---- allocation counting ----------------------------------------------- */

static bool bench_watched(void)
{
	struct task_struct *t = current;
	unsigned int i;

	if (!READ_ONCE(bench_counting) || !in_task())
		return false;
	for (i = 0; i < BENCH_MAX_WATCH; i++)
		if (READ_ONCE(bench_watch[i]) == t)
			return true;
	return false;
}

static void bench_probe_kmalloc(void *data, unsigned long call_site,
				const void *ptr, size_t bytes_req,
				size_t bytes_alloc, gfp_t gfp, int node)
{
	if (bench_watched())
		atomic_long_inc(&bench_slab_allocs);
}

static void bench_probe_cache_alloc(void *data, unsigned long call_site,
				    const void *ptr, struct kmem_cache *s,
				    gfp_t gfp, int node)
{
	if (bench_watched())
		atomic_long_inc(&bench_slab_allocs);
}

static void bench_probe_page_alloc(void *data, struct page *page,
				   unsigned int order, gfp_t gfp,
				   int migratetype)
{
	if (bench_watched())
		atomic_long_inc(&bench_page_allocs);
}

/**
 * struct bench_tp - one allocation tracepoint and our probe on it
 * @name: tracepoint name.
 * @probe: probe function; its prototype is the tracepoint's (the same in
 *	6.1 and 6.12).
 * @tp: the tracepoint, found at module init; NULL if the kernel lacks it.
 */
struct bench_tp {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static struct bench_tp bench_tps[] = {
	{ "kmalloc", bench_probe_kmalloc },
	{ "kmem_cache_alloc", bench_probe_cache_alloc },
	{ "mm_page_alloc", bench_probe_page_alloc },
};

static void bench_find_tp(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bench_tps); i++)
		if (!strcmp(tp->name, bench_tps[i].name))
			bench_tps[i].tp = tp;
}

static void bench_count_stop(void)
{
	unsigned int i;

	WRITE_ONCE(bench_counting, false);
	for (i = 0; i < ARRAY_SIZE(bench_tps); i++)
		if (bench_tps[i].tp)
			tracepoint_probe_unregister(bench_tps[i].tp,
						    bench_tps[i].probe, NULL);
}

/* Attach the probes and start counting for the current task (slot 0). */
static int bench_count_start(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bench_tps); i++) {
		if (!bench_tps[i].tp)
			return -ENOENT;
		ret = tracepoint_probe_register(bench_tps[i].tp,
						bench_tps[i].probe, NULL);
		if (ret) {
			while (i--)
				tracepoint_probe_unregister(bench_tps[i].tp,
							    bench_tps[i].probe,
							    NULL);
			return ret;
		}
	}
	for (i = 0; i < BENCH_MAX_WATCH; i++)
		WRITE_ONCE(bench_watch[i], NULL);
	WRITE_ONCE(bench_watch[0], current);
	atomic_long_set(&bench_slab_allocs, 0);
	atomic_long_set(&bench_page_allocs, 0);
	WRITE_ONCE(bench_counting, true);
	return 0;
}

void bench_watch_task(unsigned int slot, struct task_struct *t)
{
	if (slot < BENCH_MAX_WATCH)
		WRITE_ONCE(bench_watch[slot], t);
}

/*
 * Prove the counter sees what it must: one kmalloc is one slab event, one
 * page allocation at least one page event (the kmalloc may also have taken
 * a fresh slab page, which is why its page count is not checked).
 */
static bool bench_count_selfcheck(struct bench_run *r)
{
	long slab, pages;
	struct page *page;
	void *p;

	if (bench_count_start())
		goto fail;
	p = kmalloc(64, GFP_KERNEL);
	barrier_data(p);
	kfree(p);
	slab = atomic_long_read(&bench_slab_allocs);
	page = alloc_page(GFP_KERNEL);
	if (page)
		__free_page(page);
	pages = atomic_long_read(&bench_page_allocs);
	bench_count_stop();
	if (p && page && slab == 1 && pages >= 1) {
		bench_note(r, "alloc-counter self-check passed: slab=%ld pages=%ld",
			   slab, pages);
		return true;
	}
fail:
	bench_note(r, "alloc-counter self-check FAILED: allocation counts unknown");
	return false;
}

/* ---- timing ------------------------------------------------------------ */

int bench_time_atomic(int (*run_batch)(void *ctx, u64 k), void *ctx, u64 n,
		      u64 batch, u64 *ns)
{
	u64 done = 0, total = 0, t0, k;
	int ret;

	while (done < n) {
		k = min(batch, n - done);
		preempt_disable();
		t0 = ktime_get_ns();
		ret = run_batch(ctx, k);
		total += ktime_get_ns() - t0;
		preempt_enable();
		if (ret)
			return ret;
		done += k;
		cond_resched();
	}
	*ns = total;
	return 0;
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 bench_median(u64 *v, unsigned int nr)
{
	sort(v, nr, sizeof(*v), bench_cmp_u64, NULL);
	return nr & 1 ? v[nr / 2] : (v[nr / 2 - 1] + v[nr / 2]) / 2;
}

static u64 bench_ops_per_s(u64 n, u64 ns)
{
	return div64_u64(n * NSEC_PER_SEC, max_t(u64, ns, 1));
}

/* Append " KEY=X.XXX" for a value in thousandths (1234 -> "1.234"). */
static void bench_append_milli(const char *key, u64 milli)
{
	u32 frac;
	u64 whole = div_u64_rem(milli, 1000, &frac);

	bench_append(" %s=%llu.%03u", key, whole, frac);
}

/* Grow n from c->min_n until one repetition of ours takes target_ns. */
static int bench_calibrate(struct bench_run *r, const struct bench_case *c,
			   u64 *n_out)
{
	u64 n = c->min_n, ns, next;
	unsigned int i;
	int ret;

	for (i = 0; i < 24; i++) {
		ret = c->time(c->ctx, true, n, &ns);
		if (ret)
			return ret;
		if (ns >= r->target_ns)
			break;
		/* Aim a little past the target; at most 16x per step. */
		next = ns ? div64_u64(n * r->target_ns * 5 / 4, ns) : n * 16;
		next = clamp_t(u64, next, n * 2, n * 16);
		n = roundup(next, c->min_n);
	}
	*n_out = n;
	return 0;
}

/* One untimed pass of one side with the allocation probe attached. */
static int bench_count_side(struct bench_run *r, const struct bench_case *c,
			    bool ours, u64 n, long *slab, long *pages)
{
	u64 ns;
	int ret;

	*slab = -1;
	*pages = -1;
	if (!r->count_ok)
		return 0;
	ret = bench_count_start();
	if (ret)
		return ret;
	ret = c->time(c->ctx, ours, n, &ns);
	WRITE_ONCE(bench_counting, false);
	*slab = atomic_long_read(&bench_slab_allocs);
	*pages = atomic_long_read(&bench_page_allocs);
	bench_count_stop();
	return ret;
}

static void bench_append_allocs(const char *key, long slab, long pages,
				u64 n)
{
	if (slab < 0)
		bench_append(" %s=?", key);
	else
		bench_append(" %s=%ld+%ld/%llu", key, slab, pages, n);
}

/**
 * bench_measure() - measure one case and append its row
 * @r: the run.
 * @c: the case.
 *
 * The row: "row NAME n=N reps=R ours_ops=O base_ops=B ratio=X
 * spread_min=L spread_max=H best_ratio=M ours_allocs=S+P/C
 * base_allocs=S+P/C ours=TEXT base=TEXT" where O and B are median ops/s,
 * X = B / O (the cost of ours relative to the baseline), L and H the
 * lowest and highest per-repetition ratio (ours' time over the
 * baseline's), M the ratio of each side's fastest repetition (what a
 * loaded host disturbs least), and S+P/C
 * the slab objects and page allocations counted over C operations ("?"
 * when the counter failed its self-check).
 *
 * Return: 0, or the case's negative errno (an "error" row is appended).
 */
int bench_measure(struct bench_run *r, const struct bench_case *c)
{
	u64 ours_ops[BENCH_MAX_REPS], base_ops[BENCH_MAX_REPS];
	u64 ratio[BENCH_MAX_REPS];
	u64 n, cn, ns_ours, ns_base, med_ours, med_base;
	u64 best_ours = U64_MAX, best_base = U64_MAX;
	long os, op, bs, bp;
	unsigned int i;
	int ret;

	ret = bench_calibrate(r, c, &n);
	if (ret)
		goto err;
	cn = roundup(min_t(u64, n, BENCH_COUNT_OPS), c->min_n);
	ret = bench_count_side(r, c, true, cn, &os, &op);
	if (ret)
		goto err;
	ret = bench_count_side(r, c, false, cn, &bs, &bp);
	if (ret)
		goto err;
	for (i = 0; i < r->reps; i++) {
		ret = c->time(c->ctx, true, n, &ns_ours);
		if (ret)
			goto err;
		ret = c->time(c->ctx, false, n, &ns_base);
		if (ret)
			goto err;
		best_ours = min(best_ours, ns_ours);
		best_base = min(best_base, ns_base);
		ours_ops[i] = bench_ops_per_s(n, ns_ours);
		base_ops[i] = bench_ops_per_s(n, ns_base);
		ratio[i] = div64_u64(ns_ours * 1000, max_t(u64, ns_base, 1));
	}
	med_ours = bench_median(ours_ops, r->reps);
	med_base = bench_median(base_ops, r->reps);
	sort(ratio, r->reps, sizeof(*ratio), bench_cmp_u64, NULL);
	bench_append("row %s n=%llu reps=%u ours_ops=%llu base_ops=%llu",
		     c->name, n, r->reps, med_ours, med_base);
	bench_append_milli("ratio", div64_u64(med_base * 1000,
					      max_t(u64, med_ours, 1)));
	bench_append_milli("spread_min", ratio[0]);
	bench_append_milli("spread_max", ratio[r->reps - 1]);
	bench_append_milli("best_ratio", div64_u64(best_ours * 1000,
						   max_t(u64, best_base, 1)));
	bench_append_allocs("ours_allocs", os, op, cn);
	bench_append_allocs("base_allocs", bs, bp, cn);
	bench_append(" ours=%s base=%s\n", c->ours, c->base);
	return 0;
err:
	bench_append("row %s error=%d\n", c->name, ret);
	return ret;
}

/* ---- entry points for main.c ----------------------------------------- */

int bench_run_group(const struct bench_group *g, unsigned int reps,
		    unsigned int rep_ms)
{
	struct bench_run r = {
		.reps = clamp(reps, 5U, (unsigned int)BENCH_MAX_REPS),
		.target_ns = (u64)clamp(rep_ms, 1U, 2000U) * NSEC_PER_MSEC,
	};
	int ret;

	if (mutex_lock_interruptible(&bench_lock))
		return -EINTR;
	bench_append("group %s reps=%u rep_ms=%llu\n", g->name, r.reps,
		     div_u64(r.target_ns, NSEC_PER_MSEC));
	r.count_ok = bench_count_selfcheck(&r);
	ret = g->run(&r);
	mutex_unlock(&bench_lock);
	return ret;
}

void bench_clear(void)
{
	mutex_lock(&bench_lock);
	bench_len = 0;
	mutex_unlock(&bench_lock);
}

void bench_show_results(struct seq_file *m)
{
	mutex_lock(&bench_lock);
	seq_write(m, bench_text, bench_len);
	mutex_unlock(&bench_lock);
}

int bench_frame_init(void)
{
	bench_text = vzalloc(BENCH_TEXT_BYTES);
	if (!bench_text)
		return -ENOMEM;
	for_each_kernel_tracepoint(bench_find_tp, NULL);
	return 0;
}

void bench_frame_exit(void)
{
	/* No probe may still be running when the module text goes away. */
	tracepoint_synchronize_unregister();
	vfree(bench_text);
}
