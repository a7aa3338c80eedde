// SPDX-License-Identifier: GPL-2.0
/*
 * The debugfs test sender. Writing a count N to "audio-modules-send" sends
 * N notifications from each of three contexts at once: the writing process
 * (PagedPool), an HRTIMER_MODE_REL_SOFT timer (softirq, NonPagedPoolNx) and
 * an HRTIMER_MODE_REL_HARD timer (hard interrupt without PREEMPT_RT,
 * NonPagedPoolNx), one send per millisecond each; the write returns when
 * all 3N were attempted. Reading the file gives the cumulative counts
 * "accepted=A failed=F". The payload is a struct audmod_module_notification
 * of the generic module with type AUDMOD_NOTIFY_TEST and the context (0, 1,
 * 2) as parameter id.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/uaccess.h>

#include <audmod/notify.h>

#include "audio_modules.h"
#include "compat.h"
#include "test_sender.h"

/* Most sends one request may ask for per context. */
#define AUDMOD_TEST_SEND_MAX	100000

static void audmod_test_send(struct audmod_test_sender *ts, u32 context,
			     u32 pool)
{
	struct audmod_modules *m = ts->modules;
	struct audmod_notification_buffer *buf;
	struct audmod_module_notification *n;

	if (audmod_notifier_alloc_buffer(m->notifier, pool, sizeof(*n),
					 &buf)) {
		atomic64_inc(&ts->failed);
		return;
	}
	n = (struct audmod_module_notification *)buf->data;
	audmod_modules_fill_header(m, AUDMOD_MOD_GENERIC, &n->header);
	n->type = cpu_to_le32(AUDMOD_NOTIFY_TEST);
	n->parameter_id = cpu_to_le32(context);
	if (audmod_notifier_send(m->notifier,
				 &audmod_ksnotificationid_audiomodule, buf))
		atomic64_inc(&ts->failed);
	else
		atomic64_inc(&ts->accepted);
	audmod_notifier_free_buffer(m->notifier, buf);
}

static enum hrtimer_restart audmod_test_tick(struct hrtimer *t, unsigned int i)
{
	struct audmod_test_sender *ts = container_of(t, struct audmod_test_sender,
						     timer[i]);

	if (READ_ONCE(ts->stopping)) {
		atomic_set(&ts->left[i], 0);
		return HRTIMER_NORESTART;
	}
	audmod_test_send(ts, i + 1, AUDMOD_NON_PAGED_POOL_NX);
	if (atomic_dec_and_test(&ts->left[i]))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ms_to_ktime(1));
	return HRTIMER_RESTART;
}

static enum hrtimer_restart audmod_test_tick_soft(struct hrtimer *t)
{
	return audmod_test_tick(t, 0);
}

static enum hrtimer_restart audmod_test_tick_hard(struct hrtimer *t)
{
	return audmod_test_tick(t, 1);
}

static ssize_t audmod_test_send_write(struct file *file,
				      const char __user *ubuf, size_t len,
				      loff_t *ppos)
{
	struct audmod_test_sender *ts = file->private_data;
	unsigned int count, i;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &count);
	if (ret)
		return ret;
	if (!count || count > AUDMOD_TEST_SEND_MAX)
		return -EINVAL;
	mutex_lock(&ts->lock);
	for (i = 0; i < 2; i++) {
		atomic_set(&ts->left[i], count);
		hrtimer_start(&ts->timer[i], ms_to_ktime(1),
			      i ? HRTIMER_MODE_REL_HARD : HRTIMER_MODE_REL_SOFT);
	}
	for (i = 0; i < count && !READ_ONCE(ts->stopping); i++) {
		audmod_test_send(ts, 0, AUDMOD_PAGED_POOL);
		usleep_range(1000, 1100);
	}
	/*
	 * Polled: waking a wait queue (a spinlock_t) from the hard timer is
	 * not valid under PREEMPT_RT rules.
	 */
	while (atomic_read(&ts->left[0]) || atomic_read(&ts->left[1]))
		usleep_range(1000, 1100);
	mutex_unlock(&ts->lock);
	return len;
}

static ssize_t audmod_test_send_read(struct file *file, char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	struct audmod_test_sender *ts = file->private_data;
	char text[64];
	int n;

	n = scnprintf(text, sizeof(text), "accepted=%lld failed=%lld\n",
		      (long long)atomic64_read(&ts->accepted),
		      (long long)atomic64_read(&ts->failed));
	return simple_read_from_buffer(ubuf, len, ppos, text, n);
}

static const struct file_operations audmod_test_send_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = audmod_test_send_read,
	.write = audmod_test_send_write,
	.llseek = default_llseek,
};

/**
 * audmod_test_sender_init() - set up the sender and its debugfs file
 * @ts: the sender, zeroed
 * @m: the modules whose notifier it sends on
 * @parent: debugfs directory for "audio-modules-send"; NULL: no file
 *
 * Process context.
 */
void audmod_test_sender_init(struct audmod_test_sender *ts,
			     struct audmod_modules *m, struct dentry *parent)
{
	ts->modules = m;
	mutex_init(&ts->lock);
	hrtimer_setup(&ts->timer[0], audmod_test_tick_soft, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_SOFT);
	hrtimer_setup(&ts->timer[1], audmod_test_tick_hard, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
	if (parent)
		ts->file = debugfs_create_file("audio-modules-send", 0600,
					       parent, ts,
					       &audmod_test_send_fops);
}

/**
 * audmod_test_sender_stop() - no send after this returns
 * @ts: the sender
 *
 * Ends a request in progress early, removes the debugfs file (waiting for
 * its users) and stops the timers. Process context, may sleep.
 */
void audmod_test_sender_stop(struct audmod_test_sender *ts)
{
	WRITE_ONCE(ts->stopping, true);
	debugfs_remove(ts->file);
	ts->file = NULL;
	hrtimer_cancel(&ts->timer[0]);
	hrtimer_cancel(&ts->timer[1]);
}
