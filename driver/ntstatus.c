// SPDX-License-Identifier: GPL-2.0
/*
 * NTSTATUS <-> errno, from one table (see include/audmod/ntstatus.h).
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>

#include <audmod/ntstatus.h>

#include "compat.h"
#include "core_kunit.h"

static const struct {
	u32 status;
	int err;
} audmod_ntstatus_table[] = {
	{ AUDMOD_STATUS_SUCCESS,		0 },
	{ AUDMOD_STATUS_BUFFER_OVERFLOW,	-EOVERFLOW },
	{ AUDMOD_STATUS_UNSUCCESSFUL,		-EIO },
	{ AUDMOD_STATUS_INVALID_PARAMETER,	-EINVAL },
	{ AUDMOD_STATUS_INVALID_DEVICE_REQUEST,	-EOPNOTSUPP },
	{ AUDMOD_STATUS_BUFFER_TOO_SMALL,	-ENOSPC },
	{ AUDMOD_STATUS_INSUFFICIENT_RESOURCES,	-ENOMEM },
	{ AUDMOD_STATUS_DEVICE_REMOVED,		-ESHUTDOWN },
};

int audmod_ntstatus_to_errno(u32 status)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(audmod_ntstatus_table); i++)
		if (audmod_ntstatus_table[i].status == status)
			return audmod_ntstatus_table[i].err;
	return -EIO;
}
EXPORT_SYMBOL_NS_GPL(audmod_ntstatus_to_errno, AUDMOD_NS);

#if IS_ENABLED(CONFIG_KUNIT)
u32 audmod_errno_to_ntstatus(int err)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(audmod_ntstatus_table); i++)
		if (audmod_ntstatus_table[i].err == err)
			return audmod_ntstatus_table[i].status;
	return AUDMOD_STATUS_UNSUCCESSFUL;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_errno_to_ntstatus);
#endif
