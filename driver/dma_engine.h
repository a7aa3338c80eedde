/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual DMA engine of one PCM stream: a state machine, the period
 * clock and the timer that paces it. It knows nothing of ALSA's buffers;
 * its user (pcm.c) moves the data in the transfer callback.
 */
#ifndef AUDMOD_DMA_ENGINE_H
#define AUDMOD_DMA_ENGINE_H

#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct device;
struct audmod_dma_engine;

/**
 * enum audmod_dma_state - what the engine is doing
 * @AUDMOD_DMA_IDLE: no ring (after open and hw_free).
 * @AUDMOD_DMA_SETUP: a ring is configured, the engine is not prepared.
 * @AUDMOD_DMA_PREPARED: at period 0 with the clock stopped.
 * @AUDMOD_DMA_RUNNING: the clock runs and periods are transferred.
 * @AUDMOD_DMA_PAUSED: the clock is frozen inside the current period.
 * @AUDMOD_DMA_STOPPED: stopped from trigger (atomic); the timer may still
 *	be winding down until the next sync.
 * @AUDMOD_DMA_NR_STATES: number of states.
 */
enum audmod_dma_state {
	AUDMOD_DMA_IDLE,
	AUDMOD_DMA_SETUP,
	AUDMOD_DMA_PREPARED,
	AUDMOD_DMA_RUNNING,
	AUDMOD_DMA_PAUSED,
	AUDMOD_DMA_STOPPED,
	AUDMOD_DMA_NR_STATES,
};

/**
 * enum audmod_dma_event - what the PCM operations ask of the engine
 * @AUDMOD_DMA_EV_HW_PARAMS: a ring was configured.
 * @AUDMOD_DMA_EV_HW_FREE: the ring was released.
 * @AUDMOD_DMA_EV_PREPARE: rewind to period 0.
 * @AUDMOD_DMA_EV_START: trigger START.
 * @AUDMOD_DMA_EV_STOP: trigger STOP or SUSPEND.
 * @AUDMOD_DMA_EV_PAUSE: trigger PAUSE_PUSH.
 * @AUDMOD_DMA_EV_RELEASE: trigger PAUSE_RELEASE.
 * @AUDMOD_DMA_EV_SYNC: sync_stop (and every sleeping operation before it
 *	reconfigures): wait until the timer is idle.
 * @AUDMOD_DMA_NR_EVENTS: number of events.
 */
enum audmod_dma_event {
	AUDMOD_DMA_EV_HW_PARAMS,
	AUDMOD_DMA_EV_HW_FREE,
	AUDMOD_DMA_EV_PREPARE,
	AUDMOD_DMA_EV_START,
	AUDMOD_DMA_EV_STOP,
	AUDMOD_DMA_EV_PAUSE,
	AUDMOD_DMA_EV_RELEASE,
	AUDMOD_DMA_EV_SYNC,
	AUDMOD_DMA_NR_EVENTS,
};

/**
 * struct audmod_dma_ops - the engine's user
 * @transfer: move period @period (consume it on playback, produce it on
 *	capture) and hand it on; the user calls audmod_dma_period_done()
 *	once the period is complete. Called from the engine's work item
 *	(process context, may not sleep for long; no engine lock held).
 *	Return: 0, or an error that stops the stream (the engine has
 *	already left RUNNING when the user stops it from here).
 * @xrun: the transfer failed: stop the stream. Same context.
 */
struct audmod_dma_ops {
	int (*transfer)(struct audmod_dma_engine *e, u32 period);
	void (*xrun)(struct audmod_dma_engine *e, int err);
};

/**
 * struct audmod_dma_geometry - the ring the engine walks
 * @periods: periods in the buffer, 1 or more.
 * @period_frames: frames per period, 1 or more.
 * @rate: frames per second, 1 or more.
 */
struct audmod_dma_geometry {
	u32 periods;
	u32 period_frames;
	u32 rate;
};

/**
 * struct audmod_dma_clock - the period clock, pure arithmetic
 * @period_ns: whole nanoseconds per period (64 bits: a period of a 2 MiB
 *	mono S16 ring at 8 kHz lasts 131 s).
 * @period_rem: remainder of the period length, in 1/@rate ns.
 * @rate: frames per second.
 * @rem_acc: accumulated @period_rem, below @rate.
 * @cur_len: length in ns of the current period (remainder carried).
 * @start: time the current period began (valid while @running).
 * @end: time the current period is due (valid while @running).
 * @frozen_ns: time spent in the current period while not @running; may
 *	exceed @cur_len if the clock froze after the period was due but
 *	before it was completed.
 * @running: the clock runs.
 *
 * Owned by one engine; every function is called under its lock.
 */
struct audmod_dma_clock {
	u64 period_ns;
	u32 period_rem;
	u32 rate;
	u32 rem_acc;
	u64 cur_len;
	ktime_t start;
	ktime_t end;
	s64 frozen_ns;
	bool running;
};

/**
 * struct audmod_dma_engine - one stream's virtual DMA engine
 * @lock: protects @state, @geo, @cur, @clock, @armed and the counters.
 *	Taken with interrupts disabled (trigger and pointer take it inside
 *	the PCM stream lock); never held while calling @ops.
 * @state: see &enum audmod_dma_state.
 * @geo: the ring, set at prepare.
 * @cur: period being transferred (0 to @geo.periods - 1).
 * @clock: the period clock.
 * @armed: the timer is queued, or its work item will run and re-arm it.
 * @transfers: periods handed to @ops->transfer since prepare.
 * @completions: periods completed (audmod_dma_period_done() advanced).
 * @timer: the clock's timer (hard hrtimer); its callback only queues @work.
 * @worker: runs @work (audmod_dma_worker_create(); shared by engines).
 * @work: transfers the periods that are due.
 * @ops: the user's callbacks.
 * @priv: the user's data.
 * @dev: device for messages.
 * @name: name for messages and trace events (the PCM device's name).
 */
struct audmod_dma_engine {
	spinlock_t lock;		/* engine state */
	enum audmod_dma_state state;
	struct audmod_dma_geometry geo;
	u32 cur;
	struct audmod_dma_clock clock;
	bool armed;
	u64 transfers;
	u64 completions;

	struct hrtimer timer;
	struct kthread_worker *worker;
	struct kthread_work work;
	const struct audmod_dma_ops *ops;
	void *priv;
	struct device *dev;
	char name[16];
};

void audmod_dma_clock_init(struct audmod_dma_clock *c, u32 period_frames,
			   u32 rate);
void audmod_dma_clock_run(struct audmod_dma_clock *c, ktime_t now);
void audmod_dma_clock_freeze(struct audmod_dma_clock *c, ktime_t now);
void audmod_dma_clock_advance(struct audmod_dma_clock *c);
bool audmod_dma_clock_due(const struct audmod_dma_clock *c, ktime_t now);

struct kthread_worker *audmod_dma_worker_create(const char *name);
void audmod_dma_worker_destroy(struct kthread_worker *worker);
void audmod_dma_init(struct audmod_dma_engine *e,
		     struct kthread_worker *worker, struct device *dev,
		     const char *name, const struct audmod_dma_ops *ops,
		     void *priv);
bool audmod_dma_transition_ok(enum audmod_dma_state from,
			      enum audmod_dma_event ev);
int audmod_dma_event(struct audmod_dma_engine *e, enum audmod_dma_event ev);
int audmod_dma_prepare(struct audmod_dma_engine *e,
		       const struct audmod_dma_geometry *geo);
int audmod_dma_trigger(struct audmod_dma_engine *e, enum audmod_dma_event ev,
		       ktime_t now);
void audmod_dma_sync(struct audmod_dma_engine *e);
bool audmod_dma_period_done(struct audmod_dma_engine *e, u32 period);
u64 audmod_dma_position(struct audmod_dma_engine *e);
enum audmod_dma_state audmod_dma_state(struct audmod_dma_engine *e);
const char *audmod_dma_state_name(enum audmod_dma_state st);

#endif /* AUDMOD_DMA_ENGINE_H */
