// SPDX-License-Identifier: GPL-2.0
/*
 * audmod-core: the ALSA-free half of the driver. It holds the port of
 * IPortClsNotifications (notify.c) and of the DirectShow sample allocator
 * (sample_alloc.c); both are libraries with no state of their own at module
 * level, so this file only carries the module metadata.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("Audio-module notification buffers and sample allocator");
MODULE_LICENSE("GPL");
