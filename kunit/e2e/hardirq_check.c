// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end check of the hard-interrupt paths of audmod-core under lock
 * contention; a test module, not part of the driver.
 *
 * At load a kthread bound to one CPU hammers a notifier and a sample
 * allocator (sends, statistics, sample get/put: every call takes the
 * object's lock) while a pinned HRTIMER_MODE_REL_PINNED_HARD timer on that
 * same CPU does what a DMA interrupt handler would: allocate a NonPaged
 * notification buffer, send it, free it, and get and put a sample. Each
 * timer expiry therefore lands right before, inside or right after a
 * locked section of the task it interrupted. On PREEMPT_RT that is where a
 * spinlock_t or an allocation in the hard-irq path breaks (a sleeping lock
 * taken from hard interrupt context).
 *
 * The load fails (-EIO) if any call fails in a way the contract does not
 * allow, or if a notification is lost; the console then has the details.
 * Any kernel report (lockdep, "BUG: sleeping function", "scheduling while
 * atomic") fails the run through the console judge. One summary line is
 * printed: "audmod-e2e-hardirq: ok ...".
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sched/task.h>
#include <linux/smp.h>
#include <linux/wait.h>

#include <audmod/notify.h>
#include <audmod/sample_alloc.h>

#include "compat.h"

MODULE_IMPORT_NS(AUDMOD_NS);

static unsigned int expiries = 2000;
module_param(expiries, uint, 0444);
MODULE_PARM_DESC(expiries, "hard-irq timer expiries to run (default 2000)");

#define HC_SAMPLES	4
#define HC_SAMPLE_BYTES	256
#define HC_PAYLOAD	64
#define HC_PERIOD_NS	(40 * NSEC_PER_USEC)

static const guid_t hc_device_id =
	GUID_INIT(0x7b2e1d40, 0x3c5a, 0x4f2b,
		  0x9c, 0x32, 0x5e, 0x77, 0x80, 0x91, 0xa2, 0xb3);

struct hc {
	struct audmod_notifier *n;
	struct audmod_sample_allocator *sa;
	struct device *dev;
	void *ring;

	struct hrtimer timer;
	unsigned int fired;
	struct completion timer_done;
	bool stop;

	/* Hard-irq side. */
	unsigned int irq_sends, irq_alloc_nomem, irq_samples, irq_errors;
	int irq_first_error;
	/* Task side. */
	unsigned int task_loops, task_sends, task_errors;
	int task_first_error;

	/* Consumers. */
	atomic_t atomic_seen, process_seen;
	u64 atomic_last_seq;
	unsigned int atomic_order_errors;
	wait_queue_head_t wq;
};

static void hc_deliver_atomic(void *ctx, const struct audmod_notification *msg)
{
	struct hc *hc = ctx;

	if (msg->seq <= hc->atomic_last_seq)
		hc->atomic_order_errors++;
	hc->atomic_last_seq = msg->seq;
	atomic_inc(&hc->atomic_seen);
	wake_up(&hc->wq);
}

static void hc_deliver(void *ctx, const struct audmod_notification *msg)
{
	struct hc *hc = ctx;

	atomic_inc(&hc->process_seen);
}

/* NonPaged buffer, filled and sent, then freed: 0, or the first errno. */
static int hc_send(struct hc *hc, bool *nomem)
{
	struct audmod_notification_buffer *buf;
	struct audmod_notification_header *hdr;
	int ret;

	ret = audmod_notifier_alloc_buffer(hc->n, AUDMOD_NON_PAGED_POOL_NX,
					   HC_PAYLOAD, &buf);
	if (ret == -ENOMEM && nomem) {
		/* Allowed when the reserve is empty; counted, not an error. */
		*nomem = true;
		return 0;
	}
	if (ret)
		return ret;
	hdr = (void *)buf->data;
	memcpy(&hdr->device_id, &hc_device_id, sizeof(hdr->device_id));
	ret = audmod_notifier_send(hc->n, &audmod_ksnotificationid_audiomodule,
				   buf);
	audmod_notifier_free_buffer(hc->n, buf);
	return ret;
}

/* Takes a free sample (if any) and puts it back. */
static int hc_sample(struct hc *hc, bool *got)
{
	struct audmod_sample *s;
	int ret;

	ret = audmod_sa_get_buffer(hc->sa, AUDMOD_GBF_NOWAIT, &s);
	*got = !ret;
	if (ret == -EAGAIN)
		return 0;
	if (ret)
		return ret;
	audmod_sample_get(s);
	audmod_sample_put(s);
	audmod_sample_put(s);
	return 0;
}

static void hc_irq_error(struct hc *hc, int ret)
{
	if (!hc->irq_errors++)
		hc->irq_first_error = ret;
}

static enum hrtimer_restart hc_timer_fn(struct hrtimer *timer)
{
	struct hc *hc = container_of(timer, struct hc, timer);
	bool nomem = false, got;
	int ret;

	ret = hc_send(hc, &nomem);
	if (ret)
		hc_irq_error(hc, ret);
	else if (nomem)
		hc->irq_alloc_nomem++;
	else
		hc->irq_sends++;
	ret = hc_sample(hc, &got);
	if (ret)
		hc_irq_error(hc, ret);
	else if (got)
		hc->irq_samples++;

	if (++hc->fired >= expiries || READ_ONCE(hc->stop)) {
		complete(&hc->timer_done);
		return HRTIMER_NORESTART;
	}
	hrtimer_forward_now(timer, ns_to_ktime(HC_PERIOD_NS));
	return HRTIMER_RESTART;
}

static void hc_task_error(struct hc *hc, int ret)
{
	if (!hc->task_errors++)
		hc->task_first_error = ret;
}

/*
 * Runs on the timer's CPU until kthread_stop(). Not until the completion:
 * hc_run()'s wait_for_completion() consumes it, so completion_done() may
 * never be seen true here.
 */
static int hc_task_fn(void *data)
{
	struct hc *hc = data;
	struct audmod_notifier_stats st;
	bool got;
	int ret;

	hrtimer_start(&hc->timer, ns_to_ktime(HC_PERIOD_NS),
		      HRTIMER_MODE_REL_PINNED_HARD);
	while (!kthread_should_stop()) {
		ret = hc_send(hc, NULL);
		if (ret)
			hc_task_error(hc, ret);
		else
			hc->task_sends++;
		ret = hc_sample(hc, &got);
		if (ret)
			hc_task_error(hc, ret);
		audmod_notifier_get_stats(hc->n, &st);
		if (audmod_sa_free_count(hc->sa) < 0)
			hc_task_error(hc, -EINVAL);
		hc->task_loops++;
		if (!(hc->task_loops % 64))
			cond_resched();
	}
	return 0;
}

static int hc_setup(struct hc *hc)
{
	struct audmod_alloc_props props = {
		.count = HC_SAMPLES, .size = HC_SAMPLE_BYTES, .align = 64,
	};
	struct audmod_notifier_config cfg = {
		.device_id = &hc_device_id,
		.queue_depth = AUDMOD_NOTIFY_MAX_QUEUE_DEPTH,
		.deliver = hc_deliver,
		.deliver_atomic = hc_deliver_atomic,
	};
	int ret;

	cfg.ctx = hc;
	hc->n = audmod_notifier_create(&cfg);
	if (IS_ERR(hc->n))
		return PTR_ERR(hc->n);
	hc->dev = root_device_register("audmod-e2e-hardirq");
	if (IS_ERR(hc->dev))
		return PTR_ERR(hc->dev);
	hc->sa = audmod_sa_create(hc->dev, "e2e-hardirq");
	if (IS_ERR(hc->sa))
		return PTR_ERR(hc->sa);
	ret = audmod_sa_set_props(hc->sa, &props, &props);
	if (ret)
		return ret;
	hc->ring = kzalloc(HC_SAMPLES * HC_SAMPLE_BYTES, GFP_KERNEL);
	if (!hc->ring)
		return -ENOMEM;
	return audmod_sa_commit_adopt(hc->sa, hc->ring, 0,
				      HC_SAMPLES * HC_SAMPLE_BYTES);
}

static void hc_teardown(struct hc *hc)
{
	if (!IS_ERR_OR_NULL(hc->sa))
		audmod_sa_destroy(hc->sa);
	kfree(hc->ring);
	if (!IS_ERR_OR_NULL(hc->dev))
		root_device_unregister(hc->dev);
	if (!IS_ERR_OR_NULL(hc->n))
		audmod_notifier_destroy(hc->n);
}

static int hc_run(struct hc *hc)
{
	struct audmod_notifier_stats st;
	struct task_struct *task;
	unsigned int cpu = cpumask_first(cpu_online_mask);
	unsigned int sent;
	bool ok;

	init_completion(&hc->timer_done);
	init_waitqueue_head(&hc->wq);
	hrtimer_setup(&hc->timer, hc_timer_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_PINNED_HARD);

	task = kthread_create(hc_task_fn, hc, "audmod-e2e-hardirq");
	if (IS_ERR(task))
		return PTR_ERR(task);
	/* The timer is pinned to the CPU that starts it: the task's. */
	kthread_bind(task, cpu);
	get_task_struct(task);
	wake_up_process(task);
	wait_for_completion(&hc->timer_done);
	kthread_stop(task);
	put_task_struct(task);
	hrtimer_cancel(&hc->timer);

	sent = hc->irq_sends + hc->task_sends;
	/* Wait until every send reached the atomic consumer or was dropped. */
	ok = wait_event_timeout(hc->wq, ({
			audmod_notifier_get_stats(hc->n, &st);
			atomic_read(&hc->atomic_seen) + st.atomic_dropped >=
			st.sent; }), 30 * HZ) > 0;
	audmod_notifier_flush(hc->n);
	audmod_notifier_get_stats(hc->n, &st);

	/* Losses are allowed only where counted (a full process queue). */
	ok = ok && !hc->irq_errors && !hc->task_errors &&
	     !hc->atomic_order_errors && hc->irq_sends && st.sent == sent &&
	     atomic_read(&hc->atomic_seen) + st.atomic_dropped == sent &&
	     atomic_read(&hc->process_seen) + st.dropped == sent;
	pr_info("audmod-e2e-hardirq: %s cpu=%u expiries=%u irq_sends=%u irq_nomem=%u irq_samples=%u task_loops=%u task_sends=%u\n",
		ok ? "ok" : "FAILED", cpu, hc->fired, hc->irq_sends,
		hc->irq_alloc_nomem, hc->irq_samples, hc->task_loops,
		hc->task_sends);
	pr_info("audmod-e2e-hardirq: atomic_seen=%d atomic_deferred=%llu atomic_dropped=%llu process_seen=%d dropped=%llu irq_errors=%u(%d) task_errors=%u(%d) order_errors=%u\n",
		atomic_read(&hc->atomic_seen), st.atomic_deferred,
		st.atomic_dropped, atomic_read(&hc->process_seen), st.dropped,
		hc->irq_errors, hc->irq_first_error, hc->task_errors,
		hc->task_first_error, hc->atomic_order_errors);
	if (!ok)
		return -EIO;
	return 0;
}

static int __init hc_init(void)
{
	struct hc *hc;
	int ret;

	hc = kzalloc(sizeof(*hc), GFP_KERNEL);
	if (!hc)
		return -ENOMEM;
	ret = hc_setup(hc);
	if (!ret)
		ret = hc_run(hc);
	else
		pr_err("audmod-e2e-hardirq: setup failed: %d\n", ret);
	hc_teardown(hc);
	kfree(hc);
	return ret;
}

static void __exit hc_exit(void)
{
}

module_init(hc_init);
module_exit(hc_exit);

MODULE_DESCRIPTION("audmod-core hard-irq paths under lock contention (test)");
MODULE_LICENSE("GPL");
