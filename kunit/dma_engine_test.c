// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the PCM's virtual DMA engine (driver/dma_engine.c): the
 * transition table, the period clock as pure arithmetic (time is passed
 * in, so every case is exact), and real engines with their timer and work
 * item, driven from two CPUs.
 *
 * No check depends on timing: waits are for events, with a generous
 * timeout that only turns a hang into a failure.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "compat.h"
#include "dma_engine.h"

#define DT_WAIT_MS	10000	/* only turns a hang into a failure */

static bool dt_wait(struct completion *c)
{
	return wait_for_completion_timeout(c, msecs_to_jiffies(DT_WAIT_MS));
}

KUNIT_DEFINE_ACTION_WRAPPER(dt_sync_action, audmod_dma_sync,
			    struct audmod_dma_engine *);
KUNIT_DEFINE_ACTION_WRAPPER(dt_worker_destroy, audmod_dma_worker_destroy,
			    struct kthread_worker *);

/* ---- transition table ------------------------------------------------------ */

#define EVB(ev)	BIT(AUDMOD_DMA_EV_##ev)

struct dt_state_case {
	enum audmod_dma_state state;
	unsigned long legal;	/* events allowed in @state */
};

/* Written from what ALSA does, independently of the engine's table. */
static const struct dt_state_case dt_state_cases[] = {
	{ AUDMOD_DMA_IDLE, EVB(HW_PARAMS) | EVB(HW_FREE) | EVB(SYNC) },
	{ AUDMOD_DMA_SETUP, EVB(HW_PARAMS) | EVB(HW_FREE) | EVB(PREPARE) | EVB(SYNC) },
	{ AUDMOD_DMA_PREPARED, EVB(START) | EVB(SYNC) },
	{ AUDMOD_DMA_RUNNING, EVB(STOP) | EVB(PAUSE) | EVB(SYNC) },
	{ AUDMOD_DMA_PAUSED, EVB(STOP) | EVB(RELEASE) | EVB(SYNC) },
	{ AUDMOD_DMA_STOPPED, EVB(SYNC) },
};

static void dt_state_desc(const struct dt_state_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", audmod_dma_state_name(c->state));
}

KUNIT_ARRAY_PARAM(dt_state, dt_state_cases, dt_state_desc);

static void dma_test_transitions(struct kunit *test)
{
	const struct dt_state_case *c = test->param_value;
	int ev;

	for (ev = 0; ev < AUDMOD_DMA_NR_EVENTS; ev++)
		KUNIT_EXPECT_EQ_MSG(test, audmod_dma_transition_ok(c->state, ev),
				    !!(c->legal & BIT(ev)), "event %d", ev);
	/* Out-of-range values are never legal. */
	KUNIT_EXPECT_FALSE(test, audmod_dma_transition_ok(c->state,
							  AUDMOD_DMA_NR_EVENTS));
	KUNIT_EXPECT_FALSE(test, audmod_dma_transition_ok(AUDMOD_DMA_NR_STATES,
							  AUDMOD_DMA_EV_SYNC));
}

/* ---- the clock: period lengths ---------------------------------------------- */

struct dt_len_case {
	const char *desc;
	u32 frames, rate;
	u64 ns;		/* length of the first period */
	u32 n;		/* periods ... */
	u64 n_ns;	/* ... and their exact total */
};

static const struct dt_len_case dt_len_cases[] = {
	{ "1 ms at 48k", 48, 48000, 1000000, 1000, 1000000000 },
	{ "1 frame at 44.1k", 1, 44100, 22675, 44100, 1000000000 },
	{ "441 frames at 44.1k", 441, 44100, 10000000, 100, 1000000000 },
	/* Beyond what 32 bits of nanoseconds hold (4.29 s). */
	{ "6 s at 48k mono", 288000, 48000, 6000000000ULL, 3, 18000000000ULL },
	{ "2 MiB mono S16 at 8k", 1048576, 8000, 131072000000ULL, 2, 262144000000ULL },
	{ "2 MiB S16 at 11.025k", 1048576, 11025, 95108934240ULL, 11025,
	  1048576000000000ULL },
};

static void dt_len_desc(const struct dt_len_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dt_len, dt_len_cases, dt_len_desc);

static void dma_test_clock_period_length(struct kunit *test)
{
	const struct dt_len_case *c = test->param_value;
	struct audmod_dma_clock clk;
	u32 i;

	audmod_dma_clock_init(&clk, c->frames, c->rate);
	KUNIT_EXPECT_EQ(test, clk.period_ns, c->ns);
	audmod_dma_clock_run(&clk, 0);
	KUNIT_EXPECT_EQ(test, ktime_to_ns(clk.end), c->ns);
	KUNIT_EXPECT_FALSE(test, audmod_dma_clock_due(&clk, clk.end - 1));
	KUNIT_EXPECT_TRUE(test, audmod_dma_clock_due(&clk, clk.end));
	/* The remainder carries: n periods last exactly n * frames / rate. */
	for (i = 1; i < c->n; i++)
		audmod_dma_clock_advance(&clk);
	KUNIT_EXPECT_EQ(test, (u64)ktime_to_ns(clk.end), c->n_ns);
}

/* ---- the clock: pause at every point of a period ---------------------------- */

#define DT_LEN	10000000LL	/* 480 frames at 48 kHz */

struct dt_pause_case {
	const char *desc;
	s64 at;		/* pause this long after the period began */
};

static const struct dt_pause_case dt_pause_cases[] = {
	{ "at the start", 0 },
	{ "1 ns in", 1 },
	{ "mid-period", DT_LEN / 2 },
	{ "1 ns before the end", DT_LEN - 1 },
	{ "at the end, before the transfer", DT_LEN },
	{ "1 ns late, before the transfer", DT_LEN + 1 },
	{ "half a period late", DT_LEN + DT_LEN / 2 },
	{ "a period late", 2 * DT_LEN },
};

static void dt_pause_desc(const struct dt_pause_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dt_pause, dt_pause_cases, dt_pause_desc);

/*
 * Pause @at into a period; if the period was due, its transfer (already
 * under way in the work item) completes while paused. The time played
 * must be conserved: after the resume, the period ends exactly when the
 * time not yet played has passed.
 */
static void dma_test_clock_pause(struct kunit *test)
{
	const struct dt_pause_case *c = test->param_value;
	const ktime_t t0 = 5 * NSEC_PER_SEC, resume = 9 * NSEC_PER_SEC;
	struct audmod_dma_clock clk;
	s64 played;

	audmod_dma_clock_init(&clk, 480, 48000);
	audmod_dma_clock_run(&clk, t0);
	audmod_dma_clock_freeze(&clk, t0 + c->at);
	KUNIT_EXPECT_FALSE(test, clk.running);
	played = c->at;
	if (c->at >= DT_LEN) {
		audmod_dma_clock_advance(&clk);
		played -= DT_LEN;
	}
	/* Frozen: never due, however late. */
	KUNIT_EXPECT_FALSE(test, audmod_dma_clock_due(&clk, resume));
	audmod_dma_clock_run(&clk, resume);
	KUNIT_EXPECT_EQ(test, ktime_to_ns(clk.end), resume + DT_LEN - played);
	KUNIT_EXPECT_EQ(test, ktime_to_ns(clk.start), resume - played);
	/* A second pause and resume at once loses nothing either. */
	audmod_dma_clock_freeze(&clk, resume);
	audmod_dma_clock_run(&clk, resume);
	KUNIT_EXPECT_EQ(test, ktime_to_ns(clk.end), resume + DT_LEN - played);
}

/* A clock read before the period start (another CPU's clock) counts as 0. */
static void dma_test_clock_freeze_early(struct kunit *test)
{
	struct audmod_dma_clock clk;

	audmod_dma_clock_init(&clk, 480, 48000);
	audmod_dma_clock_run(&clk, 1000);
	audmod_dma_clock_freeze(&clk, 999);
	KUNIT_EXPECT_EQ(test, clk.frozen_ns, 0);
	/* Freezing a frozen clock changes nothing. */
	audmod_dma_clock_freeze(&clk, 5000);
	KUNIT_EXPECT_EQ(test, clk.frozen_ns, 0);
}

/* ---- real engines ------------------------------------------------------------ */

/* A user of the engine that completes every period it is given. */
struct dt_user {
	struct audmod_dma_engine e;
	atomic_t transfers;
	atomic_t out_of_order;
	u32 expect;		/* next period; only the work item touches it */
	unsigned int want;
	struct completion done;
};

static int dt_transfer(struct audmod_dma_engine *e, u32 period)
{
	struct dt_user *u = container_of(e, struct dt_user, e);

	if (period != u->expect)
		atomic_inc(&u->out_of_order);
	audmod_dma_period_done(e, period);
	u->expect = (period + 1) % e->geo.periods;
	if (atomic_inc_return(&u->transfers) == u->want)
		complete(&u->done);
	return 0;
}

static void dt_xrun(struct audmod_dma_engine *e, int err)
{
}

static const struct audmod_dma_ops dt_ops = {
	.transfer = dt_transfer,
	.xrun = dt_xrun,
};

static const struct audmod_dma_geometry dt_geo = {
	.periods = 4, .period_frames = 48, .rate = 48000,	/* 1 ms */
};

static struct dt_user *dt_user_new(struct kunit *test, unsigned int want)
{
	struct dt_user *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	struct kthread_worker *worker;

	KUNIT_ASSERT_NOT_NULL(test, u);
	worker = audmod_dma_worker_create("dmatest");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, worker);
	/* Registered first, so it runs after the sync below. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, dt_worker_destroy,
							worker), 0);
	audmod_dma_init(&u->e, worker, NULL, "dmatest", &dt_ops, u);
	init_completion(&u->done);
	u->want = want;
	/* Whatever a case leaves running is stopped before @u is freed. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, dt_sync_action, &u->e), 0);
	return u;
}

static void dt_prepare(struct kunit *test, struct dt_user *u)
{
	KUNIT_ASSERT_EQ(test, audmod_dma_event(&u->e, AUDMOD_DMA_EV_HW_PARAMS), 0);
	KUNIT_ASSERT_EQ(test, audmod_dma_prepare(&u->e, &dt_geo), 0);
	u->expect = 0;
}

/* Periods run in ring order and the position follows them. */
static void dma_test_runs_in_order(struct kunit *test)
{
	struct dt_user *u = dt_user_new(test, 10);

	dt_prepare(test, u);
	KUNIT_EXPECT_EQ(test, audmod_dma_state(&u->e), AUDMOD_DMA_PREPARED);
	KUNIT_EXPECT_EQ(test, audmod_dma_position(&u->e), 0);
	KUNIT_ASSERT_EQ(test, audmod_dma_trigger(&u->e, AUDMOD_DMA_EV_START, ktime_get()), 0);
	KUNIT_ASSERT_TRUE(test, dt_wait(&u->done));
	KUNIT_ASSERT_EQ(test, audmod_dma_trigger(&u->e, AUDMOD_DMA_EV_STOP, ktime_get()), 0);
	KUNIT_EXPECT_EQ(test, audmod_dma_state(&u->e), AUDMOD_DMA_STOPPED);
	audmod_dma_sync(&u->e);
	KUNIT_EXPECT_EQ(test, audmod_dma_state(&u->e), AUDMOD_DMA_SETUP);
	KUNIT_EXPECT_FALSE(test, u->e.armed);
	KUNIT_EXPECT_EQ(test, atomic_read(&u->out_of_order), 0);
	/* Stopped and synced: the position is where the last period ended. */
	KUNIT_EXPECT_EQ(test, audmod_dma_position(&u->e), (u->e.completions % 4) * 48);
	/* A transfer under way when STOP landed completes nothing. */
	KUNIT_EXPECT_LE(test, u->e.completions, (u64)atomic_read(&u->transfers));
	KUNIT_EXPECT_GE(test, u->e.completions + 1, (u64)atomic_read(&u->transfers));
}

/* Sync brings every state back to SETUP, with nothing left to run. */
static void dma_test_sync_everywhere(struct kunit *test)
{
	const enum audmod_dma_event path[] = {
		AUDMOD_DMA_EV_START, AUDMOD_DMA_EV_PAUSE, AUDMOD_DMA_EV_RELEASE,
		AUDMOD_DMA_EV_STOP,
	};
	unsigned int stop_after, i;
	struct dt_user *u = dt_user_new(test, 0);

	KUNIT_EXPECT_EQ(test, audmod_dma_state(&u->e), AUDMOD_DMA_IDLE);
	audmod_dma_sync(&u->e);
	KUNIT_EXPECT_EQ(test, audmod_dma_state(&u->e), AUDMOD_DMA_IDLE);
	for (stop_after = 0; stop_after <= ARRAY_SIZE(path); stop_after++) {
		dt_prepare(test, u);
		for (i = 0; i < stop_after; i++)
			KUNIT_ASSERT_EQ(test, audmod_dma_trigger(&u->e, path[i],
								 ktime_get()), 0);
		audmod_dma_sync(&u->e);
		KUNIT_EXPECT_EQ(test, audmod_dma_state(&u->e), AUDMOD_DMA_SETUP);
		KUNIT_EXPECT_FALSE(test, u->e.armed);
		KUNIT_EXPECT_FALSE(test, hrtimer_active(&u->e.timer));
		KUNIT_EXPECT_TRUE(test, list_empty(&u->e.work.node));
	}
	KUNIT_EXPECT_EQ(test, audmod_dma_event(&u->e, AUDMOD_DMA_EV_HW_FREE), 0);
	KUNIT_EXPECT_EQ(test, audmod_dma_state(&u->e), AUDMOD_DMA_IDLE);
	/* A bad geometry is refused before the state is looked at. */
	KUNIT_EXPECT_EQ(test, audmod_dma_prepare(&u->e, &(struct audmod_dma_geometry){ }),
			-EINVAL);
}

/*
 * Two CPUs: one pauses and resumes the running engine as fast as it can
 * (the work item completing periods meanwhile, wherever it runs), the other
 * reads the position and state and reports completions of periods that are
 * not the engine's (they must never advance it). At the end: no period
 * skipped or repeated, the position in step with the completions.
 */
struct dt_race {
	struct dt_user *u;
	atomic_t stop;
	atomic_t bad_pos;
	struct completion side_done;
};

static int dt_race_side(void *data)
{
	struct dt_race *r = data;
	struct audmod_dma_engine *e = &r->u->e;
	u32 i = 0;

	while (!atomic_read(&r->stop)) {
		u64 pos = audmod_dma_position(e);
		enum audmod_dma_state st = audmod_dma_state(e);

		if (pos % dt_geo.period_frames ||
		    pos >= (u64)dt_geo.periods * dt_geo.period_frames ||
		    (st != AUDMOD_DMA_RUNNING && st != AUDMOD_DMA_PAUSED &&
		     st != AUDMOD_DMA_PREPARED && st != AUDMOD_DMA_STOPPED))
			atomic_inc(&r->bad_pos);
		/* Not a period of the ring: must not advance the engine. */
		audmod_dma_period_done(e, dt_geo.periods + i++ % 3);
		usleep_range(20, 50);
	}
	complete(&r->side_done);
	return 0;
}

static void dt_race_stop(void *data)
{
	struct dt_race *r = data;

	atomic_set(&r->stop, 1);
	wait_for_completion(&r->side_done);
}

static void dma_test_two_cpu_race(struct kunit *test)
{
	struct task_struct *side;
	struct dt_race *r;
	unsigned int i;
	u64 completions;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->u = dt_user_new(test, 50);
	init_completion(&r->side_done);
	dt_prepare(test, r->u);

	side = kthread_create(dt_race_side, r, "dt_race_side");
	KUNIT_ASSERT_FALSE(test, IS_ERR(side));
	kthread_bind(side, 1);
	wake_up_process(side);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, dt_race_stop, r), 0);

	KUNIT_ASSERT_EQ(test, audmod_dma_trigger(&r->u->e, AUDMOD_DMA_EV_START,
						 ktime_get()), 0);
	/* Pause/resume until 50 periods went through, at least 300 times. */
	for (i = 0; i < 300 || !completion_done(&r->u->done); i++) {
		KUNIT_ASSERT_EQ(test, audmod_dma_trigger(&r->u->e, AUDMOD_DMA_EV_PAUSE,
							 ktime_get()), 0);
		udelay(i % 7 * 10);
		KUNIT_ASSERT_EQ(test, audmod_dma_trigger(&r->u->e, AUDMOD_DMA_EV_RELEASE,
							 ktime_get()), 0);
		/* Running time lets periods complete between the toggles. */
		usleep_range(100 + i % 11 * 40, 600);
		if (i > 20000)
			break;
	}
	KUNIT_EXPECT_TRUE(test, completion_done(&r->u->done));
	KUNIT_ASSERT_EQ(test, audmod_dma_trigger(&r->u->e, AUDMOD_DMA_EV_STOP,
						 ktime_get()), 0);
	kunit_release_action(test, dt_race_stop, r);
	audmod_dma_sync(&r->u->e);

	KUNIT_EXPECT_EQ(test, atomic_read(&r->bad_pos), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->u->out_of_order), 0);
	/* A transfer under way when STOP landed completes nothing. */
	completions = r->u->e.completions;
	KUNIT_EXPECT_LE(test, completions, (u64)atomic_read(&r->u->transfers));
	KUNIT_EXPECT_GE(test, completions + 1, (u64)atomic_read(&r->u->transfers));
	KUNIT_EXPECT_EQ(test, audmod_dma_position(&r->u->e),
			(completions % dt_geo.periods) * dt_geo.period_frames);
	KUNIT_EXPECT_EQ(test, audmod_dma_state(&r->u->e), AUDMOD_DMA_SETUP);
}

static struct kunit_case dma_test_cases[] = {
	KUNIT_CASE_PARAM(dma_test_transitions, dt_state_gen_params),
	KUNIT_CASE_PARAM(dma_test_clock_period_length, dt_len_gen_params),
	KUNIT_CASE_PARAM(dma_test_clock_pause, dt_pause_gen_params),
	KUNIT_CASE(dma_test_clock_freeze_early),
	KUNIT_CASE(dma_test_runs_in_order),
	KUNIT_CASE(dma_test_sync_everywhere),
	KUNIT_CASE(dma_test_two_cpu_race),
	{}
};

static struct kunit_suite dma_test_suite = {
	.name = "audmod-dma-engine",
	.test_cases = dma_test_cases,
};

kunit_test_suite(dma_test_suite);

MODULE_DESCRIPTION("KUnit tests for the audmod PCM's virtual DMA engine");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);
