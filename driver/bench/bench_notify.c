// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark group "notify": a notification buffer allocation and free from
 * the NonPaged pool in atomic context against kmalloc(GFP_ATOMIC) + kfree
 * of the same number of bytes, for 64 B, 1 KiB and 64 KiB (65535 B, the
 * largest notification: Windows passes the size as a USHORT).
 *
 * Both run in batches under preempt_disable(). The notifier has no
 * consumer; nothing is sent.
 */
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uuid.h>

#include <audmod/notify.h>

#include "bench.h"

#define BENCH_NOTIFY_BATCH	256

/* The notification device id of the benchmark's notifier. */
static const guid_t bench_notify_device_id =
	GUID_INIT(0x6d3f0a41, 0x52c8, 0x4e0b,
		  0x9a, 0x17, 0x30, 0x8c, 0x5b, 0xe2, 0x44, 0x91);

/**
 * struct bench_notify - state of the group
 * @n: the notifier the buffers come from.
 * @bytes: buffer size of the current row.
 */
struct bench_notify {
	struct audmod_notifier *n;
	u32 bytes;
};

static int bench_notify_batch_ours(void *ctx, u64 k)
{
	struct bench_notify *b = ctx;
	struct audmod_notification_buffer *buf;
	u64 i;
	int ret;

	for (i = 0; i < k; i++) {
		ret = audmod_alloc_notification_buffer(b->n,
						       AUDMOD_NON_PAGED_POOL,
						       b->bytes, &buf);
		if (ret)
			return ret;
		audmod_free_notification_buffer(b->n, buf);
	}
	return 0;
}

static int bench_notify_batch_base(void *ctx, u64 k)
{
	struct bench_notify *b = ctx;
	void *p;
	u64 i;

	for (i = 0; i < k; i++) {
		p = kmalloc(b->bytes, GFP_ATOMIC);
		if (!p)
			return -ENOMEM;
		/* Keep the compiler from pairing away the allocation. */
		barrier_data(p);
		kfree(p);
	}
	return 0;
}

static int bench_notify_time(void *ctx, bool ours, u64 n, u64 *ns)
{
	return bench_time_atomic(ours ? bench_notify_batch_ours :
				 bench_notify_batch_base, ctx, n,
				 BENCH_NOTIFY_BATCH, ns);
}

static int bench_notify_run(struct bench_run *r)
{
	static const struct {
		const char *name;
		u32 bytes;
	} rows[] = {
		{ "notify-alloc-64B", 64 },
		{ "notify-alloc-1KiB", 1024 },
		{ "notify-alloc-64KiB", AUDMOD_NOTIFICATION_MAX_BYTES },
	};
	const struct audmod_notifier_config cfg = {
		.device_id = &bench_notify_device_id,
		.name = "bench",
	};
	struct bench_notify b = {};
	struct bench_case c = {
		.ours = "alloc_notification_buffer(NonPagedPool)+free_notification_buffer",
		.base = "kmalloc(GFP_ATOMIC)+kfree",
		.time = bench_notify_time,
		.ctx = &b,
		.min_n = BENCH_NOTIFY_BATCH,
	};
	unsigned int i;
	int ret = 0;

	/* Zeroing is part of both sides' cost when init_on_alloc is on. */
	bench_note(r, "init_on_alloc=%d (kmalloc zeroes too when 1; ours always zeroes)",
		   want_init_on_alloc(GFP_ATOMIC) ? 1 : 0);
	b.n = audmod_notifier_create(&cfg);
	if (IS_ERR(b.n))
		return PTR_ERR(b.n);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		c.name = rows[i].name;
		b.bytes = rows[i].bytes;
		ret = bench_measure(r, &c);
		if (ret)
			break;
	}
	audmod_notifier_destroy(b.n);
	return ret;
}

const struct bench_group bench_notify_group = {
	.name = "notify",
	.run = bench_notify_run,
};
