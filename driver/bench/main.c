// SPDX-License-Identifier: GPL-2.0
/*
 * audmod-bench: the module. Lists the benchmark groups, calls each group's
 * init/exit pair at load and unload, and owns the debugfs interface.
 *
 * Interface (debugfs, root only):
 *   /sys/kernel/debug/audmod-bench/run      write a group name (see
 *	bench_groups[]) or "all" to run it, synchronously; "clear" empties
 *	the results.
 *   /sys/kernel/debug/audmod-bench/results  the rows so far (bench.c).
 *   Groups may add files of their own in their init (bench_ctl.c does).
 * Module parameters: reps (repetitions of each side, 5 to 31) and rep_ms
 * (target duration of one repetition of one side).
 *
 * Locking: none here; bench.c serialises runs and guards the results.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "bench.h"
#include "compat.h"

static unsigned int reps = 7;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "Repetitions of each side per row (5 to 31, default 7)");

static unsigned int rep_ms = 40;
module_param(rep_ms, uint, 0444);
MODULE_PARM_DESC(rep_ms, "Target duration of one repetition, ms (default 40)");

/* "all" runs them in this order. */
static const struct bench_group *const bench_groups[] = {
	&bench_sample_group,
	&bench_sample_smp_group,
	&bench_notify_group,
	&bench_scaling_group,
	&bench_ctl_group,
};

static struct dentry *bench_dir;

static ssize_t bench_run_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char cmd[32];
	size_t len = min(count, sizeof(cmd) - 1);
	bool all, found = false;
	unsigned int i;
	int ret;

	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	strim(cmd);

	if (!strcmp(cmd, "clear")) {
		bench_clear();
		return count;
	}
	all = !strcmp(cmd, "all");
	for (i = 0; i < ARRAY_SIZE(bench_groups); i++) {
		if (!all && strcmp(cmd, bench_groups[i]->name))
			continue;
		found = true;
		ret = bench_run_group(bench_groups[i], reps, rep_ms);
		if (ret)
			return ret;
	}
	return found ? count : -EINVAL;
}

static const struct file_operations bench_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = bench_run_write,
	.llseek = noop_llseek,
};

static int bench_results_show(struct seq_file *m, void *v)
{
	bench_show_results(m);
	return 0;
}

static int bench_results_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, bench_results_show, NULL,
				BENCH_TEXT_BYTES + PAGE_SIZE);
}

static const struct file_operations bench_results_fops = {
	.owner = THIS_MODULE,
	.open = bench_results_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Undo the init of the first @nr groups, last first. */
static void bench_groups_exit(unsigned int nr)
{
	while (nr--)
		if (bench_groups[nr]->exit)
			bench_groups[nr]->exit();
}

static int __init bench_init(void)
{
	unsigned int i;
	int ret;

	ret = bench_frame_init();
	if (ret)
		return ret;
	bench_dir = debugfs_create_dir("audmod-bench", NULL);
	for (i = 0; i < ARRAY_SIZE(bench_groups); i++) {
		ret = bench_groups[i]->init ? bench_groups[i]->init(bench_dir) : 0;
		if (ret) {
			debugfs_remove_recursive(bench_dir);
			bench_groups_exit(i);
			bench_frame_exit();
			return ret;
		}
	}
	debugfs_create_file("run", 0200, bench_dir, NULL, &bench_run_fops);
	debugfs_create_file("results", 0400, bench_dir, NULL,
			    &bench_results_fops);
	return 0;
}

static void __exit bench_exit(void)
{
	/* No run can start or be under way once the files are gone. */
	debugfs_remove_recursive(bench_dir);
	bench_groups_exit(ARRAY_SIZE(bench_groups));
	bench_frame_exit();
}

module_init(bench_init);
module_exit(bench_exit);

MODULE_DESCRIPTION("audmod benchmarks against the kernel's own primitives");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(AUDMOD_NS);
