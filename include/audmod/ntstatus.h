/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Windows NTSTATUS values this driver speaks, and their errno
 * equivalents. Values are those of ntstatus.h; the mapping is one table in
 * driver/ntstatus.c:
 *
 *   NTSTATUS                        value        errno
 *   STATUS_SUCCESS                  0x00000000   0
 *   STATUS_BUFFER_OVERFLOW          0x80000005   -EOVERFLOW
 *   STATUS_UNSUCCESSFUL             0xC0000001   -EIO
 *   STATUS_INVALID_PARAMETER        0xC000000D   -EINVAL
 *   STATUS_INVALID_DEVICE_REQUEST   0xC0000010   -EOPNOTSUPP
 *   STATUS_BUFFER_TOO_SMALL         0xC0000023   -ENOSPC
 *   STATUS_INSUFFICIENT_RESOURCES   0xC000009A   -ENOMEM
 *   STATUS_DEVICE_REMOVED           0xC00002B6   -ESHUTDOWN
 *   any other status                             -EIO
 */
#ifndef AUDMOD_NTSTATUS_H
#define AUDMOD_NTSTATUS_H

#include <linux/types.h>

#define AUDMOD_STATUS_SUCCESS			0x00000000u
#define AUDMOD_STATUS_BUFFER_OVERFLOW		0x80000005u
#define AUDMOD_STATUS_UNSUCCESSFUL		0xC0000001u
#define AUDMOD_STATUS_INVALID_PARAMETER		0xC000000Du
#define AUDMOD_STATUS_INVALID_DEVICE_REQUEST	0xC0000010u
#define AUDMOD_STATUS_BUFFER_TOO_SMALL		0xC0000023u
#define AUDMOD_STATUS_INSUFFICIENT_RESOURCES	0xC000009Au
#define AUDMOD_STATUS_DEVICE_REMOVED		0xC00002B6u

/**
 * audmod_ntstatus_to_errno() - the errno equivalent of an NTSTATUS
 * @status: an NTSTATUS value (AUDMOD_STATUS_*)
 *
 * Any context.
 *
 * Return: 0 for %AUDMOD_STATUS_SUCCESS, the negative errno of the table in
 * this header for the other known statuses, -EIO for an unknown status.
 */
int audmod_ntstatus_to_errno(u32 status);

/**
 * audmod_errno_to_ntstatus() - the NTSTATUS equivalent of an errno
 * @err: 0 or a negative errno
 *
 * The inverse of audmod_ntstatus_to_errno(), from the same table. Any
 * context.
 *
 * Return: the NTSTATUS whose errno is @err, %AUDMOD_STATUS_UNSUCCESSFUL for
 * an errno the table does not hold.
 */
u32 audmod_errno_to_ntstatus(int err);

#endif /* AUDMOD_NTSTATUS_H */
