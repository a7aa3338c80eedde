// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time checks of the uAPI layouts (driver/uapi_layout.h) in the
 * kernel: the structures the driver fills and reads are the ones userspace
 * was promised. No code.
 */
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <uapi/audmod.h>

#include "uapi_layout.h"
