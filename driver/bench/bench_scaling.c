// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark group "scaling": what one notification costs as the number of
 * audio modules and the payload size grow.
 *
 * One notification is what a module does on Windows: allocate a NonPaged
 * buffer, fill in the header and its payload, send, free; here in atomic
 * context (preempt_disable()), in bursts of 32, each burst followed by
 * audmod_notifier_flush(), so the cost includes delivery: the work item
 * runs the consumer, which copies the payload as the control layer does.
 * The notifier's queue holds 64, so nothing is dropped (checked).
 *
 * Rows:
 * - notify-modules-M for M = 1, 16, 256: modules, each with its own header
 *   and 16 payload bytes in its own allocation, notify in turn; the
 *   baseline is the same with one module (so M = 1 shows the noise floor).
 *   Goal: flat.
 * - notify-payload-B for vendor payloads of 16 B to 65495 B (the largest:
 *   65535 with the header), one module; the baseline is kmalloc(GFP_ATOMIC)
 *   + memcpy + kfree of the same total bytes. Goal: linear in bytes (the
 *   host fits a line through the ours_ops of these rows).
 */
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <linux/vmalloc.h>

#include <audmod/notify.h>

#include "bench.h"

#define BENCH_SCALE_BURST	32
#define BENCH_SCALE_MAX_MODULES	256
#define BENCH_SCALE_PAYLOAD	16

static const guid_t bench_scale_device_id =
	GUID_INIT(0x1b7e94c2, 0x0d5a, 0x4f63,
		  0xb8, 0x2e, 0x6a, 0x41, 0xc9, 0x07, 0xd3, 0x5f);

/**
 * struct bench_module - a simulated audio module that notifies
 * @hdr: its notification header (device id, class id, instance id).
 * @payload: its vendor payload.
 */
struct bench_module {
	struct audmod_notification_header hdr;
	u8 payload[BENCH_SCALE_PAYLOAD];
};

/**
 * struct bench_scale - state of the group
 * @n: the notifier.
 * @mods: BENCH_SCALE_MAX_MODULES modules, each allocated separately.
 * @big: a header and the largest vendor payload, for the payload rows.
 * @sink: where the consumer copies payloads to.
 * @delivered: notifications the consumer saw; only the consumer writes it
 *	(deliveries are serialised), the group reads it after a flush.
 * @nmods: modules notifying in the current row (ours side).
 * @bytes: notification size of the payload rows, header included; 0 in
 *	the module rows.
 */
struct bench_scale {
	struct audmod_notifier *n;
	struct bench_module *mods[BENCH_SCALE_MAX_MODULES];
	u8 *big;
	u8 *sink;
	u64 delivered;
	unsigned int nmods;
	u32 bytes;
};

static void bench_scale_deliver(void *ctx, const struct audmod_notification *note)
{
	struct bench_scale *b = ctx;

	memcpy(b->sink, note->data, note->size);
	b->delivered++;
}

/* One notification of @bytes from @src, in atomic context. */
static int bench_scale_notify(struct bench_scale *b, const void *src,
			      u32 bytes)
{
	struct audmod_notification_buffer *buf;
	int ret;

	ret = audmod_alloc_notification_buffer(b->n, AUDMOD_NON_PAGED_POOL,
					       bytes, &buf);
	if (ret)
		return ret;
	memcpy(buf->data, src, bytes);
	ret = audmod_send_notification(b->n,
				       &audmod_ksnotificationid_audiomodule,
				       buf);
	audmod_free_notification_buffer(b->n, buf);
	return ret;
}

/* @n notifications from @nmods modules in turn (or the big payload). */
static int bench_scale_time_notify(struct bench_scale *b, unsigned int nmods,
				   u64 n, u64 *ns)
{
	u64 done = 0, total = 0, delivered = b->delivered, t0, k, i;
	int ret = 0;

	while (done < n) {
		k = min_t(u64, BENCH_SCALE_BURST, n - done);
		t0 = ktime_get_ns();
		preempt_disable();
		for (i = 0; i < k && !ret; i++) {
			if (b->bytes)
				ret = bench_scale_notify(b, b->big, b->bytes);
			else
				ret = bench_scale_notify(b,
							 b->mods[(done + i) % nmods],
							 sizeof(struct bench_module));
		}
		preempt_enable();
		audmod_notifier_flush(b->n);
		total += ktime_get_ns() - t0;
		if (ret)
			return ret;
		done += k;
		cond_resched();
	}
	/* Every notification reached the consumer: none was dropped. */
	if (b->delivered - delivered != n)
		return -EIO;
	*ns = total;
	return 0;
}

static int bench_scale_time_modules(void *ctx, bool ours, u64 n, u64 *ns)
{
	struct bench_scale *b = ctx;

	return bench_scale_time_notify(b, ours ? b->nmods : 1, n, ns);
}

static int bench_scale_batch_copy(void *ctx, u64 k)
{
	struct bench_scale *b = ctx;
	void *p;
	u64 i;

	for (i = 0; i < k; i++) {
		p = kmalloc(b->bytes, GFP_ATOMIC);
		if (!p)
			return -ENOMEM;
		memcpy(p, b->big, b->bytes);
		barrier_data(p);
		kfree(p);
	}
	return 0;
}

static int bench_scale_time_payload(void *ctx, bool ours, u64 n, u64 *ns)
{
	struct bench_scale *b = ctx;

	if (ours)
		return bench_scale_time_notify(b, 1, n, ns);
	return bench_time_atomic(bench_scale_batch_copy, b, n,
				 BENCH_SCALE_BURST, ns);
}

static void bench_scale_free(struct bench_scale *b)
{
	unsigned int i;

	audmod_notifier_destroy(b->n);
	for (i = 0; i < BENCH_SCALE_MAX_MODULES; i++)
		kfree(b->mods[i]);
	vfree(b->big);
	vfree(b->sink);
	kfree(b);
}

static struct bench_scale *bench_scale_alloc(void)
{
	struct audmod_notifier_config cfg = {
		.device_id = &bench_scale_device_id,
		.queue_depth = 2 * BENCH_SCALE_BURST,
		.deliver = bench_scale_deliver,
	};
	struct audmod_notification_header *hdr;
	struct bench_scale *b;
	unsigned int i;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	b->big = vzalloc(AUDMOD_NOTIFICATION_MAX_BYTES);
	b->sink = vzalloc(AUDMOD_NOTIFICATION_MAX_BYTES);
	if (!b->big || !b->sink)
		goto nomem;
	for (i = 0; i < BENCH_SCALE_MAX_MODULES; i++) {
		struct bench_module *m = kzalloc(sizeof(*m), GFP_KERNEL);

		if (!m)
			goto nomem;
		memcpy(&m->hdr.device_id, &bench_scale_device_id,
		       sizeof(m->hdr.device_id));
		/* Class ids differ per module, as different module types do. */
		memcpy(&m->hdr.class_id, &bench_scale_device_id,
		       sizeof(m->hdr.class_id));
		m->hdr.class_id.b[15] ^= i;
		m->hdr.instance_id = cpu_to_le32(i);
		memset(m->payload, i, sizeof(m->payload));
		b->mods[i] = m;
	}
	hdr = (struct audmod_notification_header *)b->big;
	memcpy(&hdr->device_id, &bench_scale_device_id, sizeof(hdr->device_id));
	memset(b->big + sizeof(*hdr), 0x5a,
	       AUDMOD_NOTIFICATION_MAX_BYTES - sizeof(*hdr));

	cfg.ctx = b;
	b->n = audmod_notifier_create(&cfg);
	if (IS_ERR(b->n)) {
		long ret = PTR_ERR(b->n);

		b->n = NULL;
		bench_scale_free(b);
		return ERR_PTR(ret);
	}
	return b;
nomem:
	bench_scale_free(b);
	return ERR_PTR(-ENOMEM);
}

static int bench_scaling_run(struct bench_run *r)
{
	static const unsigned int modules[] = { 1, 16, 256 };
	static const u32 payloads[] = {
		16, 256, 1024, 4096, 16384,
		AUDMOD_NOTIFICATION_MAX_BYTES - AUDMOD_NOTIFICATION_HEADER_SIZE,
	};
	struct bench_scale *b;
	struct bench_case c = { .min_n = BENCH_SCALE_BURST };
	char name[32];
	unsigned int i;
	int ret = 0;

	b = bench_scale_alloc();
	if (IS_ERR(b))
		return PTR_ERR(b);
	c.ctx = b;
	c.name = name;

	c.ours = "alloc+fill+send+free,burst_32+flush,M_modules_in_turn";
	c.base = "the_same_with_1_module";
	c.time = bench_scale_time_modules;
	for (i = 0; i < ARRAY_SIZE(modules) && !ret; i++) {
		snprintf(name, sizeof(name), "notify-modules-%u", modules[i]);
		b->nmods = modules[i];
		ret = bench_measure(r, &c);
	}

	c.ours = "alloc+fill+send+free,burst_32+flush,1_module";
	c.base = "kmalloc(GFP_ATOMIC)+memcpy+kfree_of_the_same_bytes";
	c.time = bench_scale_time_payload;
	for (i = 0; i < ARRAY_SIZE(payloads) && !ret; i++) {
		snprintf(name, sizeof(name), "notify-payload-%u", payloads[i]);
		b->bytes = AUDMOD_NOTIFICATION_HEADER_SIZE + payloads[i];
		ret = bench_measure(r, &c);
	}
	bench_scale_free(b);
	return ret;
}

const struct bench_group bench_scaling_group = {
	.name = "scaling",
	.run = bench_scaling_run,
};
