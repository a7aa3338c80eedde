/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Windows NTSTATUS values this driver speaks, and their errno
 * equivalents.
 */

/**
 * DOC: The NTSTATUS table
 *
 * Windows kernel interfaces, the audio-module property handlers among
 * them, report their outcome as a 32-bit NTSTATUS: the top two bits give
 * the severity (00 success, 01 informational, 10 warning, 11 error), the
 * rest a facility and a code. A module command that a Windows driver
 * would answer with one of the statuses below is answered here with the
 * errno on the same line, and the other way round; the values are those of
 * the Windows headers, so a status read from a Windows-shaped structure
 * needs no translation. The mapping is one table, in driver/ntstatus.c:
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
 *
 * STATUS_BUFFER_OVERFLOW is a warning, not an error: the data was
 * truncated to fit, as -EOVERFLOW says of a short buffer.
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

#endif /* AUDMOD_NTSTATUS_H */
