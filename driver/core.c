// SPDX-License-Identifier: GPL-2.0
/*
 * audmod-core: the ALSA-free half of the driver. It holds the port of
 * IPortClsNotifications (notify.c) and of the DirectShow sample allocator
 * (sample_alloc.c). The notification port keeps no module-level state; the
 * allocator has one: the workqueue that frees a ring once its last sample
 * comes back after a decommit (dma_free_coherent() may not run in every
 * context a sample can be put from), and that work must not outlive this
 * module's code, so init creates it and exit drains and destroys it.
 */
#include <linux/init.h>
#include <linux/module.h>

#include <audmod/sample_alloc.h>

static int __init audmod_core_init(void)
{
	return audmod_sa_module_init();
}

static void __exit audmod_core_exit(void)
{
	audmod_sa_module_exit();
}

module_init(audmod_core_init);
module_exit(audmod_core_exit);

MODULE_DESCRIPTION("Audio-module notification buffers and sample allocator");
MODULE_LICENSE("GPL");
