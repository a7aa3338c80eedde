// SPDX-License-Identifier: GPL-2.0
/*
 * audmod-core: the ALSA-free half of the driver. It holds the port of
 * IPortClsNotifications (notify.c) and of the DirectShow sample allocator
 * (sample_alloc.c). Each has one piece of module-level state whose work
 * must not outlive this module's code: the allocator's workqueue, which
 * frees a ring once its last sample comes back after a decommit
 * (dma_free_coherent() may not run in every context a sample can be put
 * from), created at init and drained at exit; and the notification port's
 * list of frees deferred from contexts where kfree() may not run on
 * PREEMPT_RT, drained at exit.
 */
#include <linux/init.h>
#include <linux/module.h>

#include "core.h"

#define CREATE_TRACE_POINTS
#include "trace_core.h"

/* The inline get and put of <audmod/sample_alloc.h> test these. */
EXPORT_TRACEPOINT_SYMBOL_GPL(audmod_sample_get);
EXPORT_TRACEPOINT_SYMBOL_GPL(audmod_sample_release);
EXPORT_TRACEPOINT_SYMBOL_GPL(audmod_sample_hook);

static int __init audmod_core_init(void)
{
	int ret = audmod_sa_module_init();

	if (!ret)
		audmod_notifier_module_init();
	return ret;
}

static void __exit audmod_core_exit(void)
{
	audmod_sa_module_exit();
	audmod_notifier_module_exit();
}

module_init(audmod_core_init);
module_exit(audmod_core_exit);

MODULE_DESCRIPTION("Audio-module notification buffers and sample allocator");
MODULE_LICENSE("GPL");
