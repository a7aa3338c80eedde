// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the NTSTATUS <-> errno table (driver/ntstatus.c): one case
 * per row of the table, in both directions, and the fallbacks for values
 * the table does not hold.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/module.h>

#include <audmod/ntstatus.h>

#include "compat.h"
#include "core_kunit.h"

MODULE_IMPORT_NS(AUDMOD_NS);
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);

struct ntstatus_row {
	const char *name;
	u32 status;
	u32 windows_value;	/* spelled out once more, as ntstatus.h has it */
	int err;
};

static const struct ntstatus_row ntstatus_rows[] = {
	{ "SUCCESS", AUDMOD_STATUS_SUCCESS, 0x00000000u, 0 },
	{ "BUFFER_OVERFLOW", AUDMOD_STATUS_BUFFER_OVERFLOW, 0x80000005u,
	  -EOVERFLOW },
	{ "UNSUCCESSFUL", AUDMOD_STATUS_UNSUCCESSFUL, 0xC0000001u, -EIO },
	{ "INVALID_PARAMETER", AUDMOD_STATUS_INVALID_PARAMETER, 0xC000000Du,
	  -EINVAL },
	{ "INVALID_DEVICE_REQUEST", AUDMOD_STATUS_INVALID_DEVICE_REQUEST,
	  0xC0000010u, -EOPNOTSUPP },
	{ "BUFFER_TOO_SMALL", AUDMOD_STATUS_BUFFER_TOO_SMALL, 0xC0000023u,
	  -ENOSPC },
	{ "INSUFFICIENT_RESOURCES", AUDMOD_STATUS_INSUFFICIENT_RESOURCES,
	  0xC000009Au, -ENOMEM },
	{ "DEVICE_REMOVED", AUDMOD_STATUS_DEVICE_REMOVED, 0xC00002B6u,
	  -ESHUTDOWN },
};

static void ntstatus_row_desc(const struct ntstatus_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntstatus_row, ntstatus_rows, ntstatus_row_desc);

static void ntstatus_row_test(struct kunit *test)
{
	const struct ntstatus_row *row = test->param_value;

	KUNIT_EXPECT_EQ(test, row->status, row->windows_value);
	KUNIT_EXPECT_EQ(test, audmod_ntstatus_to_errno(row->status), row->err);
	KUNIT_EXPECT_EQ(test, audmod_errno_to_ntstatus(row->err), row->status);
}

static void ntstatus_unknown_test(struct kunit *test)
{
	/* STATUS_ACCESS_DENIED and STATUS_PENDING are not in the table. */
	KUNIT_EXPECT_EQ(test, audmod_ntstatus_to_errno(0xC0000022u), -EIO);
	KUNIT_EXPECT_EQ(test, audmod_ntstatus_to_errno(0x00000103u), -EIO);
	KUNIT_EXPECT_EQ(test, audmod_errno_to_ntstatus(-EPERM),
			AUDMOD_STATUS_UNSUCCESSFUL);
}

static struct kunit_case ntstatus_cases[] = {
	KUNIT_CASE_PARAM(ntstatus_row_test, ntstatus_row_gen_params),
	KUNIT_CASE(ntstatus_unknown_test),
	{}
};

static struct kunit_suite ntstatus_suite = {
	.name = "audmod-ntstatus",
	.test_cases = ntstatus_cases,
};

kunit_test_suite(ntstatus_suite);

MODULE_DESCRIPTION("KUnit tests of the audmod NTSTATUS table");
MODULE_LICENSE("GPL");
