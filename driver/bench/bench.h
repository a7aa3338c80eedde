/* SPDX-License-Identifier: GPL-2.0 */
/*
 * audmod-bench: measure audmod's primitives against the kernel's own, side
 * by side in one boot. Absolute timings under emulation mean nothing; the
 * ratio of two things measured interleaved in the same boot does.
 *
 * A benchmark case times "ours" and a "baseline" over the same number of
 * operations. bench.c, the measuring frame, calibrates that number,
 * alternates the two (ours, baseline, ours, baseline, ...) for a number of
 * repetitions, counts the memory allocations each makes, and writes one
 * result row. The cases live in bench_*.c, one file per group; main.c lists
 * the groups, calls their init/exit pair and owns the debugfs interface.
 * Nothing here includes or calls main.c, and no group calls another.
 *
 * Context: everything here runs in process context from a write to the
 * debugfs file "run", serialised by one mutex in main.c (except the files a
 * group adds in its init, see bench_ctl.c).
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
 * @init: optional, called at module load with the benchmark's debugfs
 *	directory (for files of the group's own); 0 or a negative errno,
 *	which fails the load. Process context, may sleep.
 * @exit: optional, undoes @init at unload, after the debugfs directory is
 *	gone. Process context, may sleep.
 */
struct bench_group {
	const char *name;
	int (*run)(struct bench_run *r);
	int (*init)(struct dentry *dir);
	void (*exit)(void);
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

/*
 * The frame's entry points for main.c, process context. The frame's mutex
 * serialises them: one group runs at a time. bench_frame_init() finds the
 * allocation tracepoints and allocates the results text (0 or -ENOMEM);
 * bench_frame_exit() frees it once no probe can run. bench_run_group()
 * runs one group and appends its rows (0, -EINTR or the group's errno);
 * bench_clear() empties the results; bench_show_results() prints them.
 */
#define BENCH_TEXT_BYTES	(64 * 1024)	/* the most results kept */
struct seq_file;
int bench_frame_init(void);
void bench_frame_exit(void);
int bench_run_group(const struct bench_group *g, unsigned int reps,
		    unsigned int rep_ms);
void bench_clear(void);
void bench_show_results(struct seq_file *m);

/* The groups, one per bench_*.c, listed in main.c. */
extern const struct bench_group bench_sample_group;
extern const struct bench_group bench_sample_smp_group;
extern const struct bench_group bench_notify_group;
extern const struct bench_group bench_scaling_group;
extern const struct bench_group bench_ctl_group;

#endif /* AUDMOD_BENCH_H */
