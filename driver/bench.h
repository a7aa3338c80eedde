/* SPDX-License-Identifier: GPL-2.0 */
/*
 * audmod-bench: measure audmod's primitives against the kernel's own, side
 * by side in one boot. Absolute timings under emulation mean nothing; the
 * ratio of two things measured interleaved in the same boot does.
 *
 * A benchmark case times "ours" and a "baseline" over the same number of
 * operations. bench.c calibrates that number, alternates the two (ours,
 * baseline, ours, baseline, ...) for a number of repetitions, counts the
 * memory allocations each makes, and writes one result row. The cases live
 * in bench_*.c, one file per group.
 *
 * Context: everything here runs in process context from a write to the
 * debugfs file "run", serialised by one mutex in bench.c (except
 * "ctl_fire", see bench_ctl.c).
 */
#ifndef AUDMOD_BENCH_H
#define AUDMOD_BENCH_H

#include <linux/types.h>

struct bench_run;
struct dentry;

/**
 * struct bench_case - one row of the table
 * @name: row name (no spaces).
 * @ours: what "ours" does, for the table (no spaces: '_' instead).
 * @base: what the baseline does, likewise.
 * @time: time @n operations of ours (@ours_side true) or of the baseline,
 *	store the nanoseconds in *@ns. Return 0 or a negative errno, which
 *	ends the row. Must not leave anything allocated between calls.
 * @ctx: first argument of @time.
 * @min_n: smallest number of operations per repetition (calibration
 *	starts there); also the granularity: n is always a multiple of it.
 */
struct bench_case {
	const char *name;
	const char *ours;
	const char *base;
	int (*time)(void *ctx, bool ours_side, u64 n, u64 *ns);
	void *ctx;
	u64 min_n;
};

/**
 * struct bench_group - a set of rows run by one command
 * @name: the command written to debugfs "run" to start the group.
 * @run: runs its rows with bench_measure(); returns 0 or a negative errno.
 */
struct bench_group {
	const char *name;
	int (*run)(struct bench_run *r);
};

/* Measure one case and append its row to the results. */
int bench_measure(struct bench_run *r, const struct bench_case *c);

/* Append a free-form line (prefixed "note ") to the results. */
__printf(2, 3) void bench_note(struct bench_run *r, const char *fmt, ...);

/*
 * Allocation counting: while armed, allocations made in task context by
 * the watched tasks (at most BENCH_MAX_WATCH) are counted. bench.c arms it
 * around one untimed pass of each side; multi-threaded cases register
 * their threads with bench_watch_task() before they start working.
 */
#define BENCH_MAX_WATCH 2
void bench_watch_task(unsigned int slot, struct task_struct *t);

/*
 * Run @n operations as calls of @run_batch(@ctx, k) of at most @batch each,
 * every call under preempt_disable(), and store in *@ns the time spent
 * inside the calls only (a reschedule between batches is counted for
 * neither side). @run_batch does k operations in a tight loop and returns 0
 * or a negative errno, which stops the run.
 */
int bench_time_atomic(int (*run_batch)(void *ctx, u64 k), void *ctx, u64 n,
		      u64 batch, u64 *ns);

extern const struct bench_group bench_sample_group;
extern const struct bench_group bench_notify_group;
extern const struct bench_group bench_scaling_group;
extern const struct bench_group bench_ctl_group;

/* The benchmark card of the "ctl" group (bench_ctl.c), made at load. */
int bench_ctl_init(struct dentry *dir);
void bench_ctl_exit(void);

#endif /* AUDMOD_BENCH_H */
