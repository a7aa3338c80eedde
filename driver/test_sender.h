/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debugfs test sender: sends notifications on request from process,
 * softirq and hard-irq context at once, so that end-to-end checks can show
 * what every reader of the channel receives. A file in the codec's
 * debugfs directory, root only (0600): nothing without debugfs. Part of the
 * shipped driver, so that the end-to-end checks test the driver's own bytes.
 */
#ifndef AUDMOD_TEST_SENDER_H
#define AUDMOD_TEST_SENDER_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/wait.h>

struct dentry;
struct audmod_modules;

/**
 * struct audmod_test_sender - state of the debugfs test sender
 * @modules: the modules whose notifier sends (as the generic module)
 * @lock: one request at a time
 * @timer: the softirq and the hard-irq sender, one send per tick
 * @left: sends left for each timer
 * @accepted: sends the notifier accepted, cumulative
 * @failed: sends that failed (allocation or send), cumulative
 * @file: the debugfs file, or NULL
 * @stopping: audmod_test_sender_stop() has begun
 */
struct audmod_test_sender {
	struct audmod_modules *modules;
	struct mutex lock;	/* one request at a time */
	struct hrtimer timer[2];
	atomic_t left[2];
	atomic64_t accepted;
	atomic64_t failed;
	struct dentry *file;
	bool stopping;
};

void audmod_test_sender_init(struct audmod_test_sender *ts,
			     struct audmod_modules *m, struct dentry *parent);
void audmod_test_sender_stop(struct audmod_test_sender *ts);

#endif /* AUDMOD_TEST_SENDER_H */
