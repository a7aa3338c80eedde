// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual DMA engine of one PCM stream.
 *
 * A state machine (enum audmod_dma_state) whose legal moves are the table
 * audmod_dma_next[] below: an illegal one is a driver bug, refused with
 * -EINVAL and a WARN_ONCE, and the state does not change.
 *
 * A period clock (struct audmod_dma_clock) says when the current period is
 * due. The clock keeps whole nanoseconds per period in 64 bits and carries
 * the remainder of rate into the next period, so it never drifts. A pause
 * freezes the time spent in the period; if the period completes while the
 * clock is frozen (the pause landed after the period was due but before
 * its transfer finished), the time beyond it carries into the next period.
 *
 * Periods move in the engine's work item, not in the timer:
 *   timer (hard hrtimer, hard-irq context on every kernel, PREEMPT_RT
 *       included): kthread_queue_work() and nothing else: a raw spinlock
 *       and, at most, a worker wake-up. Constant cost. Not a soft timer:
 *       on PREEMPT_RT those run in the ktimers thread (SCHED_FIFO 1), and
 *       elsewhere in ksoftirqd once softirqs pile up, both starved by the
 *       task described below.
 *   work item (process context, in a kthread_worker of SCHED_FIFO
 *       priority 50, audmod_dma_worker_create()): for each period that is
 *       due, at most one buffer's worth per run, ops->transfer() (the tone
 *       synthesis or the loopback copy, the modules' processing and the
 *       period hand-off), then re-arms the timer for the next period. A
 *       late engine catches up here, with cond_resched() between periods.
 * The worker has the priority of a threaded interrupt handler because it
 * stands in for one: a real DMA engine keeps moving while a userspace
 * SCHED_FIFO task (an audio server's, say) spins on every CPU it may use,
 * and ALSA (6.12) gives a stream without period wake-ups only 100 ms (1.1
 * times the buffer, if longer) before the reader or writer gets -EIO. A
 * workqueue's SCHED_OTHER worker is starved by such a task.
 * The pointer moves only when a period is complete (audmod_dma_period_done()
 * from the transfer): what it reports is exactly what was transferred.
 *
 * Locking: @lock (spinlock_t, irqsave) protects the state, the clock and the
 * counters. It is taken inside the PCM stream lock (trigger, pointer) and in
 * the work item, never held across ops->*(). The timer callback takes no
 * lock of ours (it runs in hard-irq context even on PREEMPT_RT, where
 * spinlock_t is a sleeping lock); everything else runs in task context
 * there.
 * The timer is cancelled synchronously, and the work item flushed, only in
 * audmod_dma_sync() (process context), never from trigger, which may run
 * inside the work item itself (XRUN, end of drain).
 */
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "compat.h"
#include "dma_engine.h"

#define CREATE_TRACE_POINTS
#include "trace_pcm.h"

#define X	AUDMOD_DMA_NR_STATES	/* illegal */

/* audmod_dma_next[state][event]: the state the event leads to, or X. */
static const u8 audmod_dma_next[AUDMOD_DMA_NR_STATES][AUDMOD_DMA_NR_EVENTS] = {
	/*		  HW_PARAMS		HW_FREE		 PREPARE
	 *		  START			STOP		 PAUSE
	 *		  RELEASE		SYNC
	 */
	[AUDMOD_DMA_IDLE] = {
			  AUDMOD_DMA_SETUP,	AUDMOD_DMA_IDLE, X,
			  X,			X,		 X,
			  X,			AUDMOD_DMA_IDLE },
	[AUDMOD_DMA_SETUP] = {
			  AUDMOD_DMA_SETUP,	AUDMOD_DMA_IDLE, AUDMOD_DMA_PREPARED,
			  X,			X,		 X,
			  X,			AUDMOD_DMA_SETUP },
	[AUDMOD_DMA_PREPARED] = {
			  X,			X,		 X,
			  AUDMOD_DMA_RUNNING,	X,		 X,
			  X,			AUDMOD_DMA_SETUP },
	[AUDMOD_DMA_RUNNING] = {
			  X,			X,		 X,
			  X,			AUDMOD_DMA_STOPPED, AUDMOD_DMA_PAUSED,
			  X,			AUDMOD_DMA_SETUP },
	[AUDMOD_DMA_PAUSED] = {
			  X,			X,		 X,
			  X,			AUDMOD_DMA_STOPPED, X,
			  AUDMOD_DMA_RUNNING,	AUDMOD_DMA_SETUP },
	[AUDMOD_DMA_STOPPED] = {
			  X,			X,		 X,
			  X,			X,		 X,
			  X,			AUDMOD_DMA_SETUP },
};

static const char * const audmod_dma_state_names[] = {
	[AUDMOD_DMA_IDLE] = "idle",
	[AUDMOD_DMA_SETUP] = "setup",
	[AUDMOD_DMA_PREPARED] = "prepared",
	[AUDMOD_DMA_RUNNING] = "running",
	[AUDMOD_DMA_PAUSED] = "paused",
	[AUDMOD_DMA_STOPPED] = "stopped",
};

static const char * const audmod_dma_event_names[] = {
	[AUDMOD_DMA_EV_HW_PARAMS] = "hw_params",
	[AUDMOD_DMA_EV_HW_FREE] = "hw_free",
	[AUDMOD_DMA_EV_PREPARE] = "prepare",
	[AUDMOD_DMA_EV_START] = "start",
	[AUDMOD_DMA_EV_STOP] = "stop",
	[AUDMOD_DMA_EV_PAUSE] = "pause",
	[AUDMOD_DMA_EV_RELEASE] = "release",
	[AUDMOD_DMA_EV_SYNC] = "sync",
};

/**
 * audmod_dma_state_name() - name of a state, for messages
 * @st: state.
 *
 * Context: any.
 * Return: a static string ("?" for an unknown value).
 */
const char *audmod_dma_state_name(enum audmod_dma_state st)
{
	if ((unsigned int)st >= AUDMOD_DMA_NR_STATES)
		return "?";
	return audmod_dma_state_names[st];
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_state_name);

/**
 * audmod_dma_transition_ok() - is an event legal in a state
 * @from: current state.
 * @ev: event.
 *
 * Context: any.
 * Return: true if the table allows @ev in @from.
 */
bool audmod_dma_transition_ok(enum audmod_dma_state from,
			      enum audmod_dma_event ev)
{
	if ((unsigned int)from >= AUDMOD_DMA_NR_STATES ||
	    (unsigned int)ev >= AUDMOD_DMA_NR_EVENTS)
		return false;
	return audmod_dma_next[from][ev] != X;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_transition_ok);

/* Make the move @ev; false (and a warning) if the table forbids it. */
static bool audmod_dma_move(struct audmod_dma_engine *e,
			    enum audmod_dma_event ev)
{
	enum audmod_dma_state from = e->state;

	lockdep_assert_held(&e->lock);
	if (WARN_ONCE(!audmod_dma_transition_ok(from, ev),
		      "%s: %s in state %s\n", e->name,
		      audmod_dma_event_names[ev], audmod_dma_state_name(from)))
		return false;
	e->state = audmod_dma_next[from][ev];
	trace_audmod_pcm_state(e->name, from, e->state, ev);
	if (e->state != from)
		dev_dbg(e->dev, "%s: %s -> %s (%s)\n", e->name,
			audmod_dma_state_name(from),
			audmod_dma_state_name(e->state),
			audmod_dma_event_names[ev]);
	return true;
}

/* ---- the clock ----------------------------------------------------------- */

/* Length in ns of the period after the current one, carrying remainders. */
static u64 audmod_dma_clock_next_len(struct audmod_dma_clock *c)
{
	c->rem_acc += c->period_rem;
	if (c->rem_acc >= c->rate) {
		c->rem_acc -= c->rate;
		return c->period_ns + 1;
	}
	return c->period_ns;
}

/**
 * audmod_dma_clock_init() - set a stopped clock to the start of period 0
 * @c: clock.
 * @period_frames: frames per period, 1 or more.
 * @rate: frames per second, 1 or more.
 *
 * Context: any (under the engine lock, or on a private clock).
 */
void audmod_dma_clock_init(struct audmod_dma_clock *c, u32 period_frames,
			   u32 rate)
{
	u32 rem;

	memset(c, 0, sizeof(*c));
	c->rate = rate;
	c->period_ns = div_u64_rem((u64)period_frames * NSEC_PER_SEC, rate,
				   &rem);
	c->period_rem = rem;
	/* Period k ends at (k + 1) * period_frames / rate, rounded down. */
	c->cur_len = audmod_dma_clock_next_len(c);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_clock_init);

/**
 * audmod_dma_clock_run() - start or resume the clock
 * @c: a stopped clock.
 * @now: current time.
 *
 * The current period continues where it was frozen (at its start after
 * audmod_dma_clock_init()).
 * Context: any (under the engine lock, or on a private clock).
 */
void audmod_dma_clock_run(struct audmod_dma_clock *c, ktime_t now)
{
	c->start = ktime_sub_ns(now, c->frozen_ns);
	c->end = ktime_add_ns(c->start, c->cur_len);
	c->frozen_ns = 0;
	c->running = true;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_clock_run);

/**
 * audmod_dma_clock_freeze() - stop the clock, remembering the time spent
 * @c: clock; nothing happens if it is not running.
 * @now: current time.
 *
 * Context: any (under the engine lock, or on a private clock).
 */
void audmod_dma_clock_freeze(struct audmod_dma_clock *c, ktime_t now)
{
	if (!c->running)
		return;
	c->frozen_ns = max_t(s64, ktime_to_ns(ktime_sub(now, c->start)), 0);
	c->running = false;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_clock_freeze);

/**
 * audmod_dma_clock_advance() - the current period is complete: begin the next
 * @c: clock, running or frozen.
 *
 * Running: the next period begins when this one was due. Frozen: the time
 * spent beyond this period's length belongs to the next one.
 * Context: any (under the engine lock, or on a private clock).
 */
void audmod_dma_clock_advance(struct audmod_dma_clock *c)
{
	u64 len = c->cur_len;

	c->cur_len = audmod_dma_clock_next_len(c);
	if (c->running) {
		c->start = c->end;
		c->end = ktime_add_ns(c->start, c->cur_len);
	} else {
		c->frozen_ns = c->frozen_ns > (s64)len ? c->frozen_ns - len : 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_clock_advance);

/**
 * audmod_dma_clock_due() - is the current period due
 * @c: clock.
 * @now: current time.
 *
 * Context: any (under the engine lock, or on a private clock).
 * Return: true if the clock runs and @now is at or past the period's end.
 */
bool audmod_dma_clock_due(const struct audmod_dma_clock *c, ktime_t now)
{
	return c->running && ktime_compare(now, c->end) >= 0;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_clock_due);

/* ---- the engine ------------------------------------------------------------ */

static void audmod_dma_arm(struct audmod_dma_engine *e)
{
	lockdep_assert_held(&e->lock);
	if (e->armed)
		return;		/* the work item re-arms on its way out */
	e->armed = true;
	hrtimer_start(&e->timer, e->clock.end, HRTIMER_MODE_ABS_HARD);
}

static void audmod_dma_disarm(struct audmod_dma_engine *e)
{
	lockdep_assert_held(&e->lock);
	/* 0 or -1: the work item is pending or will be queued; it disarms. */
	if (e->armed && hrtimer_try_to_cancel(&e->timer) == 1)
		e->armed = false;
}

static enum hrtimer_restart audmod_dma_tick(struct hrtimer *timer)
{
	struct audmod_dma_engine *e = container_of(timer, struct audmod_dma_engine,
						   timer);

	kthread_queue_work(e->worker, &e->work);
	return HRTIMER_NORESTART;
}

static void audmod_dma_work(struct kthread_work *work)
{
	struct audmod_dma_engine *e = container_of(work, struct audmod_dma_engine,
						   work);
	unsigned long flags;
	u32 n, periods, period;
	bool due;
	int err;

	spin_lock_irqsave(&e->lock, flags);
	periods = e->geo.periods;
	spin_unlock_irqrestore(&e->lock, flags);

	/* Catch up on late periods, but at most one buffer per run. */
	for (n = 0; n < periods; n++) {
		spin_lock_irqsave(&e->lock, flags);
		due = e->state == AUDMOD_DMA_RUNNING &&
		      audmod_dma_clock_due(&e->clock, ktime_get());
		period = e->cur;
		if (due)
			e->transfers++;
		spin_unlock_irqrestore(&e->lock, flags);
		if (!due)
			break;
		err = e->ops->transfer(e, period);
		if (err) {
			dev_err_ratelimited(e->dev, "%s: transfer of period %u failed: %d\n",
					    e->name, period, err);
			e->ops->xrun(e, err);
			break;
		}
		cond_resched();
	}

	spin_lock_irqsave(&e->lock, flags);
	if (e->state == AUDMOD_DMA_RUNNING)
		hrtimer_start(&e->timer, e->clock.end, HRTIMER_MODE_ABS_HARD);
	else
		e->armed = false;
	spin_unlock_irqrestore(&e->lock, flags);
}

/**
 * audmod_dma_worker_create() - the thread that runs engines' work items
 * @name: thread name (after "audmod-dma/"; truncated to the task name).
 *
 * One worker may serve many engines; each engine's periods are short and
 * bounded (one buffer per run). SCHED_FIFO at the priority of threaded
 * interrupt handlers (sched_set_fifo()): see the file comment.
 * Context: process; may sleep.
 * Return: the worker, or an ERR_PTR().
 */
struct kthread_worker *audmod_dma_worker_create(const char *name)
{
	struct kthread_worker *worker;

	might_sleep();
	worker = kthread_run_worker(0, "audmod-dma/%s", name);
	if (!IS_ERR(worker))
		sched_set_fifo(worker->task);
	return worker;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_worker_create);

/**
 * audmod_dma_worker_destroy() - stop a worker
 * @worker: from audmod_dma_worker_create(); every engine on it synced.
 *
 * Context: process; may sleep.
 */
void audmod_dma_worker_destroy(struct kthread_worker *worker)
{
	kthread_destroy_worker(worker);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_worker_destroy);

/**
 * audmod_dma_init() - set up an idle engine
 * @e: engine.
 * @worker: runs the engine's work item; outlives the engine's last sync.
 * @dev: device for messages.
 * @name: name for messages and trace events; copied (15 characters kept).
 * @ops: the user's callbacks.
 * @priv: the user's data.
 *
 * Context: process.
 */
void audmod_dma_init(struct audmod_dma_engine *e,
		     struct kthread_worker *worker, struct device *dev,
		     const char *name, const struct audmod_dma_ops *ops,
		     void *priv)
{
	memset(e, 0, sizeof(*e));
	spin_lock_init(&e->lock);
	e->state = AUDMOD_DMA_IDLE;
	hrtimer_setup(&e->timer, audmod_dma_tick, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_HARD);
	e->worker = worker;
	kthread_init_work(&e->work, audmod_dma_work);
	e->ops = ops;
	e->priv = priv;
	e->dev = dev;
	strscpy(e->name, name, sizeof(e->name));
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_init);

/**
 * audmod_dma_event() - a configuration event (hw_params, hw_free)
 * @e: engine, synced (audmod_dma_sync()).
 * @ev: %AUDMOD_DMA_EV_HW_PARAMS or %AUDMOD_DMA_EV_HW_FREE.
 *
 * Context: process.
 * Return: 0, or -EINVAL (and a warning) if @ev is illegal in the state.
 */
int audmod_dma_event(struct audmod_dma_engine *e, enum audmod_dma_event ev)
{
	unsigned long flags;
	bool ok;

	if (ev != AUDMOD_DMA_EV_HW_PARAMS && ev != AUDMOD_DMA_EV_HW_FREE)
		return -EINVAL;
	spin_lock_irqsave(&e->lock, flags);
	ok = audmod_dma_move(e, ev);
	spin_unlock_irqrestore(&e->lock, flags);
	return ok ? 0 : -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_event);

/**
 * audmod_dma_prepare() - rewind to period 0 of a new geometry
 * @e: engine, synced, in %AUDMOD_DMA_SETUP.
 * @geo: the ring; every member 1 or more.
 *
 * Context: process.
 * Return: 0; -EINVAL for a bad @geo or an illegal state (with a warning).
 */
int audmod_dma_prepare(struct audmod_dma_engine *e,
		       const struct audmod_dma_geometry *geo)
{
	unsigned long flags;
	bool ok;

	if (!geo->periods || !geo->period_frames || !geo->rate)
		return -EINVAL;
	spin_lock_irqsave(&e->lock, flags);
	ok = audmod_dma_move(e, AUDMOD_DMA_EV_PREPARE);
	if (ok) {
		e->geo = *geo;
		e->cur = 0;
		e->transfers = 0;
		e->completions = 0;
		audmod_dma_clock_init(&e->clock, geo->period_frames, geo->rate);
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return ok ? 0 : -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_prepare);

/**
 * audmod_dma_trigger() - start, stop, pause or resume
 * @e: engine.
 * @ev: %AUDMOD_DMA_EV_START, _STOP, _PAUSE or _RELEASE.
 * @now: current time (ktime_get()).
 *
 * Never waits: a timer callback or work item in flight finishes on its own
 * and sees the new state.
 * Context: any but hard irq (the PCM trigger, inside the stream lock).
 * Return: 0, or -EINVAL (and a warning) if @ev is illegal in the state.
 */
int audmod_dma_trigger(struct audmod_dma_engine *e, enum audmod_dma_event ev,
		       ktime_t now)
{
	unsigned long flags;
	bool ok;

	if (ev != AUDMOD_DMA_EV_START && ev != AUDMOD_DMA_EV_STOP &&
	    ev != AUDMOD_DMA_EV_PAUSE && ev != AUDMOD_DMA_EV_RELEASE)
		return -EINVAL;
	spin_lock_irqsave(&e->lock, flags);
	ok = audmod_dma_move(e, ev);
	if (ok && e->state == AUDMOD_DMA_RUNNING) {
		audmod_dma_clock_run(&e->clock, now);
		audmod_dma_arm(e);
	} else if (ok) {
		audmod_dma_clock_freeze(&e->clock, now);
		audmod_dma_disarm(e);
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return ok ? 0 : -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_trigger);

/**
 * audmod_dma_sync() - stop for good and wait until the engine is idle
 * @e: engine, in any state.
 *
 * On return the timer is not queued, the work item is not running and
 * neither will run again until the next start; the state is
 * %AUDMOD_DMA_SETUP (or %AUDMOD_DMA_IDLE if it was).
 * Context: process; may sleep.
 */
void audmod_dma_sync(struct audmod_dma_engine *e)
{
	unsigned long flags;

	might_sleep();
	spin_lock_irqsave(&e->lock, flags);
	audmod_dma_clock_freeze(&e->clock, ktime_get());
	audmod_dma_move(e, AUDMOD_DMA_EV_SYNC);
	spin_unlock_irqrestore(&e->lock, flags);
	/* The work item re-arms only in RUNNING: after these, nothing runs. */
	hrtimer_cancel(&e->timer);
	kthread_cancel_work_sync(&e->work);
	spin_lock_irqsave(&e->lock, flags);
	e->armed = false;
	spin_unlock_irqrestore(&e->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_sync);

/**
 * audmod_dma_period_done() - the transfer of a period is complete
 * @e: engine.
 * @period: the period.
 *
 * Advances the engine to the next period if @period is the current one
 * and the engine is running or paused.
 * Context: any but hard irq.
 * Return: true if the engine advanced (the caller reports the period
 * elapsed), false otherwise.
 */
bool audmod_dma_period_done(struct audmod_dma_engine *e, u32 period)
{
	unsigned long flags;
	bool advanced = false;

	spin_lock_irqsave(&e->lock, flags);
	if ((e->state == AUDMOD_DMA_RUNNING || e->state == AUDMOD_DMA_PAUSED) &&
	    period == e->cur) {
		e->cur = period + 1 == e->geo.periods ? 0 : period + 1;
		audmod_dma_clock_advance(&e->clock);
		e->completions++;
		advanced = true;
		trace_audmod_pcm_period(e->name, period, e->completions);
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return advanced;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_period_done);

/**
 * audmod_dma_position() - frame position in the buffer
 * @e: engine.
 *
 * The start of the current period: the pointer moves when a period is
 * complete, in whole periods (SNDRV_PCM_INFO_BATCH).
 * Context: any but hard irq.
 * Return: the position in frames, below periods * period_frames.
 */
u64 audmod_dma_position(struct audmod_dma_engine *e)
{
	unsigned long flags;
	u64 pos;

	spin_lock_irqsave(&e->lock, flags);
	pos = (u64)e->cur * e->geo.period_frames;
	spin_unlock_irqrestore(&e->lock, flags);
	return pos;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_position);

/**
 * audmod_dma_state() - current state
 * @e: engine.
 *
 * Context: any but hard irq.
 * Return: the state (it may change as soon as the lock is dropped).
 */
enum audmod_dma_state audmod_dma_state(struct audmod_dma_engine *e)
{
	unsigned long flags;
	enum audmod_dma_state st;

	spin_lock_irqsave(&e->lock, flags);
	st = e->state;
	spin_unlock_irqrestore(&e->lock, flags);
	return st;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_dma_state);
