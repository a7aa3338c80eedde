// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark group "ctl": a notification sent until the control layer has
 * raised its event, against a bare snd_ctl_notify() on a plain control.
 *
 * The benchmark has its own card, "AudmodBench", so that the real card is
 * not disturbed: audmod_host_new() puts the audio-module controls and the
 * notifier on it (exactly what the codec hosts), and one plain read-only
 * INTEGER64 control, "Bench Plain Value", is the baseline. The card lives
 * as long as the module, because the userspace latency tool
 * (scripts/guest/tools/bench_ctl_latency.c) uses it after the group ran.
 *
 * Rows (process context, no subscriber on the card, so snd_ctl_notify()
 * queues nothing on either side):
 * - ctl-event-single: one send, then audmod_notifier_flush(), which
 *   returns once the delivery work has run audmod_controls_deliver() and
 *   with it snd_ctl_notify(): the latency of one notification to its
 *   control event. Baseline: store a value, snd_ctl_notify().
 * - ctl-event-burst32: 32 sends, then one flush: the cost per
 *   notification when they come in bursts. Same baseline.
 * The delivery runs in a kworker, whose allocations are not counted; it
 * makes none for a small payload with nobody subscribed.
 *
 * debugfs "ctl_fire" (root only): writing "ours" sends one notification
 * (its record carries the send time), "plain" stores ktime_get_ns() in the
 * plain control and raises its event; the latency tool times from there to
 * its read of the value.
 *
 * debugfs "irq_fire" (root only): the same two commands, done not by the
 * writer but in hard-irq context, from an hrtimer (HRTIMER_MODE_REL_HARD)
 * that expires BENCH_CTL_IRQ_DELAY_US after the write, so that the reader
 * tool (scripts/guest/tools/bench_chan.c) times from a send in an
 * interrupt to its readers' read(). The write fails with -EBUSY while a
 * fire is pending, and returns the error of the previous fire's send, if
 * any. Stock kernels only: on PREEMPT_RT the plain side's spinlock and the
 * control layer's locks may not be taken in hard-irq context.
 *
 * Locking: bench_ctl_lock (spinlock) guards the plain value; the card,
 * host and control pointers are set at init and cleared at exit only.
 * irq_fire's state is two atomics: bench_ctl.irq_cmd (0 idle, else the
 * pending command; set by the writer, cleared by the timer) and
 * bench_ctl.irq_err (the timer's last send error, taken by the writer).
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/platform_device.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <sound/control.h>
#include <sound/core.h>

#include <audmod/notify.h>

#include "bench.h"
#include "compat.h"
#include "module_host.h"

#define BENCH_CTL_BURST		32
#define BENCH_CTL_PAYLOAD	16
#define BENCH_CTL_IRQ_DELAY_US	200

/* irq_fire commands (bench_ctl.irq_cmd). */
enum bench_ctl_irq_cmd {
	BENCH_CTL_IRQ_IDLE,
	BENCH_CTL_IRQ_OURS,
	BENCH_CTL_IRQ_PLAIN,
};

/**
 * struct bench_ctl - the benchmark card and its controls
 * @pdev: parent device of the card.
 * @card: the card "AudmodBench".
 * @host: audio-module controls and notifier on @card.
 * @plain: the baseline control.
 * @buf: the notification sent by the "ours" side: header and
 *	%BENCH_CTL_PAYLOAD bytes; allocated once, sends copy it.
 * @value: the plain control's value, under bench_ctl_lock.
 * @irq_timer: the hard-irq timer of "irq_fire".
 * @irq_cmd: the pending enum bench_ctl_irq_cmd.
 * @irq_err: the last send error of the timer, 0 if none.
 */
struct bench_ctl {
	struct platform_device *pdev;
	struct snd_card *card;
	struct audmod_host *host;
	struct snd_kcontrol *plain;
	struct audmod_notification_buffer *buf;
	s64 value;
	struct hrtimer irq_timer;
	atomic_t irq_cmd;
	atomic_t irq_err;
};

static struct bench_ctl bench_ctl;
static DEFINE_SPINLOCK(bench_ctl_lock);

static int bench_ctl_plain_info(struct snd_kcontrol *kctl,
				struct snd_ctl_elem_info *uinfo)
{
	uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER64;
	uinfo->count = 1;
	uinfo->value.integer64.min = 0;
	uinfo->value.integer64.max = S64_MAX;
	return 0;
}

static int bench_ctl_plain_get(struct snd_kcontrol *kctl,
			       struct snd_ctl_elem_value *uc)
{
	unsigned long flags;

	spin_lock_irqsave(&bench_ctl_lock, flags);
	uc->value.integer64.value[0] = bench_ctl.value;
	spin_unlock_irqrestore(&bench_ctl_lock, flags);
	return 0;
}

static const struct snd_kcontrol_new bench_ctl_plain_template = {
	.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
	.name = "Bench Plain Value",
	.access = SNDRV_CTL_ELEM_ACCESS_READ,
	.info = bench_ctl_plain_info,
	.get = bench_ctl_plain_get,
};

/* The baseline: a kernel-side change of a plain control, as drivers do. */
static void bench_ctl_plain_change(s64 v)
{
	unsigned long flags;

	spin_lock_irqsave(&bench_ctl_lock, flags);
	bench_ctl.value = v;
	spin_unlock_irqrestore(&bench_ctl_lock, flags);
	snd_ctl_notify(bench_ctl.card, SNDRV_CTL_EVENT_MASK_VALUE,
		       &bench_ctl.plain->id);
}

static int bench_ctl_send(void)
{
	return audmod_notifier_send(bench_ctl.host->notifier,
				    &audmod_ksnotificationid_audiomodule,
				    bench_ctl.buf);
}

static int bench_ctl_time(u64 n, u64 burst, bool ours, u64 *ns)
{
	u64 t0, i;
	int ret = 0;

	t0 = ktime_get_ns();
	for (i = 0; i < n && !ret; i++) {
		if (ours) {
			ret = bench_ctl_send();
			if ((i + 1) % burst == 0)
				audmod_notifier_flush(bench_ctl.host->notifier);
		} else {
			bench_ctl_plain_change(i);
		}
	}
	*ns = ktime_get_ns() - t0;
	cond_resched();
	return ret;
}

static int bench_ctl_time_single(void *ctx, bool ours, u64 n, u64 *ns)
{
	return bench_ctl_time(n, 1, ours, ns);
}

static int bench_ctl_time_burst(void *ctx, bool ours, u64 n, u64 *ns)
{
	return bench_ctl_time(n, BENCH_CTL_BURST, ours, ns);
}

static int bench_ctl_run(struct bench_run *r)
{
	struct audmod_notifier_stats before, after;
	struct bench_case c = {
		.base = "store_value+snd_ctl_notify(plain_control)",
	};
	int ret;

	if (!bench_ctl.host)
		return -ENODEV;
	audmod_notifier_get_stats(bench_ctl.host->notifier, &before);

	c.name = "ctl-event-single";
	c.ours = "send_notification+flush(deliver_ran_snd_ctl_notify)";
	c.time = bench_ctl_time_single;
	c.min_n = 1;
	ret = bench_measure(r, &c);
	if (ret)
		return ret;

	c.name = "ctl-event-burst32";
	c.ours = "32x_send_notification+flush";
	c.time = bench_ctl_time_burst;
	c.min_n = BENCH_CTL_BURST;
	ret = bench_measure(r, &c);
	if (ret)
		return ret;

	/*
	 * Every send reached the control layer, none dropped. The card's
	 * consumer is the notifier's atomic one (controls and channel are fed
	 * from the send path), so its counters are the atomic_* ones.
	 */
	audmod_notifier_get_stats(bench_ctl.host->notifier, &after);
	if (after.atomic_dropped != before.atomic_dropped ||
	    after.sent - before.sent !=
	    after.atomic_delivered - before.atomic_delivered) {
		bench_note(r, "ctl: notifications dropped, rows invalid");
		return -EIO;
	}
	bench_note(r, "ctl: %llu notifications delivered to the control layer, none dropped",
		   after.atomic_delivered - before.atomic_delivered);
	return 0;
}

static ssize_t bench_ctl_fire_write(struct file *file,
				    const char __user *ubuf, size_t count,
				    loff_t *ppos)
{
	char cmd[8];
	size_t len = min(count, sizeof(cmd) - 1);
	int ret = 0;

	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	strim(cmd);
	if (!strcmp(cmd, "ours"))
		ret = bench_ctl_send();
	else if (!strcmp(cmd, "plain"))
		bench_ctl_plain_change(ktime_get_ns());
	else
		ret = -EINVAL;
	return ret ? ret : count;
}

static const struct file_operations bench_ctl_fire_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = bench_ctl_fire_write,
	.llseek = noop_llseek,
};

/* Hard-irq context: do the pending command. */
static enum hrtimer_restart bench_ctl_irq_fn(struct hrtimer *t)
{
	int ret = 0;

	if (atomic_read(&bench_ctl.irq_cmd) == BENCH_CTL_IRQ_OURS)
		ret = bench_ctl_send();
	else
		bench_ctl_plain_change(ktime_get_ns());
	if (ret)
		atomic_set(&bench_ctl.irq_err, ret);
	atomic_set(&bench_ctl.irq_cmd, BENCH_CTL_IRQ_IDLE);
	return HRTIMER_NORESTART;
}

static ssize_t bench_ctl_irq_fire_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	char cmd[8];
	size_t len = min(count, sizeof(cmd) - 1);
	int ret, what;

	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	strim(cmd);
	if (!strcmp(cmd, "ours"))
		what = BENCH_CTL_IRQ_OURS;
	else if (!strcmp(cmd, "plain"))
		what = BENCH_CTL_IRQ_PLAIN;
	else
		return -EINVAL;
	ret = atomic_xchg(&bench_ctl.irq_err, 0);
	if (ret)
		return ret;
	if (atomic_cmpxchg(&bench_ctl.irq_cmd, BENCH_CTL_IRQ_IDLE, what) !=
	    BENCH_CTL_IRQ_IDLE)
		return -EBUSY;
	hrtimer_start(&bench_ctl.irq_timer,
		      ns_to_ktime(BENCH_CTL_IRQ_DELAY_US * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_HARD);
	return count;
}

static const struct file_operations bench_ctl_irq_fire_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = bench_ctl_irq_fire_write,
	.llseek = noop_llseek,
};

/* The notification every "ours" send copies: a valid header and payload. */
static int bench_ctl_make_buf(void)
{
	struct audmod_notification_header *hdr;
	int ret;

	ret = audmod_notifier_alloc_buffer(bench_ctl.host->notifier,
					   AUDMOD_PAGED_POOL,
					   AUDMOD_NOTIFICATION_HEADER_SIZE +
					   BENCH_CTL_PAYLOAD,
					   &bench_ctl.buf);
	if (ret)
		return ret;
	hdr = (struct audmod_notification_header *)bench_ctl.buf->data;
	memcpy(&hdr->device_id, &bench_ctl.host->device_id,
	       sizeof(hdr->device_id));
	memset(bench_ctl.buf->data + AUDMOD_NOTIFICATION_HEADER_SIZE, 0x5a,
	       BENCH_CTL_PAYLOAD);
	return 0;
}

/**
 * bench_ctl_init() - create the benchmark card
 * @dir: the benchmark's debugfs directory, for "ctl_fire" and "irq_fire"
 *
 * Process context, may sleep.
 *
 * Return: 0 or a negative errno; nothing is left behind on error.
 */
static int bench_ctl_init(struct dentry *dir)
{
	struct platform_device *pdev;
	struct snd_card *card;
	int ret;

	pdev = platform_device_register_simple("audmod-bench-card",
					       PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	/* Index -1: the first free one. */
	ret = snd_card_new(&pdev->dev, -1, "AudmodBench",
			   THIS_MODULE, 0, &card);
	if (ret)
		goto unregister;
	strscpy(card->driver, "audmod-bench", sizeof(card->driver));
	strscpy(card->shortname, "audmod benchmark", sizeof(card->shortname));
	strscpy(card->longname, "audmod benchmark card", sizeof(card->longname));
	bench_ctl.pdev = pdev;
	bench_ctl.card = card;

	bench_ctl.plain = snd_ctl_new1(&bench_ctl_plain_template, NULL);
	if (!bench_ctl.plain) {
		ret = -ENOMEM;
		goto free_card;
	}
	ret = snd_ctl_add(card, bench_ctl.plain);	/* frees it on failure */
	if (ret)
		goto free_card;
	bench_ctl.host = audmod_host_new(card, NULL, 0);
	if (IS_ERR(bench_ctl.host)) {
		ret = PTR_ERR(bench_ctl.host);
		bench_ctl.host = NULL;
		goto free_card;
	}
	ret = bench_ctl_make_buf();
	if (ret)
		goto free_host;
	ret = snd_card_register(card);
	if (ret)
		goto free_buf;
	hrtimer_setup(&bench_ctl.irq_timer, bench_ctl_irq_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
	debugfs_create_file("ctl_fire", 0200, dir, NULL, &bench_ctl_fire_fops);
	debugfs_create_file("irq_fire", 0200, dir, NULL,
			    &bench_ctl_irq_fire_fops);
	return 0;

free_buf:
	audmod_notifier_free_buffer(bench_ctl.host->notifier, bench_ctl.buf);
free_host:
	audmod_host_free(bench_ctl.host);
free_card:
	snd_card_free(card);
unregister:
	platform_device_unregister(pdev);
	memset(&bench_ctl, 0, sizeof(bench_ctl));
	return ret;
}

/**
 * bench_ctl_exit() - undo bench_ctl_init()
 *
 * The debugfs files must be gone. Process context, may sleep.
 */
static void bench_ctl_exit(void)
{
	hrtimer_cancel(&bench_ctl.irq_timer);
	audmod_notifier_free_buffer(bench_ctl.host->notifier, bench_ctl.buf);
	audmod_host_free(bench_ctl.host);
	snd_card_free(bench_ctl.card);
	platform_device_unregister(bench_ctl.pdev);
	memset(&bench_ctl, 0, sizeof(bench_ctl));
}

const struct bench_group bench_ctl_group = {
	.name = "ctl",
	.run = bench_ctl_run,
	.init = bench_ctl_init,
	.exit = bench_ctl_exit,
};
