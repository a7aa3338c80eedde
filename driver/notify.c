// SPDX-License-Identifier: GPL-2.0
/*
 * Notification buffers: IPortClsNotifications ported to the kernel.
 * The contract (pool types, contexts, counters) is in include/audmod/notify.h.
 *
 * The queue is a ring of pointers to preallocated slots, plus one spare
 * slot owned by the delivery work. To deliver, the work swaps the spare with
 * the oldest queued slot under the lock, then reads that slot with the lock
 * dropped: senders never wait for a consumer, and the consumer never holds
 * the lock that senders take from interrupt context.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include <audmod/notify.h>

const guid_t audmod_ksnotificationid_audiomodule =
	GUID_INIT(0x9C2220F0, 0xD9A6, 0x4D5C,
		  0xA0, 0x36, 0x57, 0x38, 0x57, 0xFD, 0x50, 0xD2);
EXPORT_SYMBOL_NS_GPL(audmod_ksnotificationid_audiomodule, AUDMOD);

static_assert(sizeof(struct audmod_guid) == sizeof(guid_t));
static_assert(offsetof(struct audmod_notification_buffer, data) == 8);

/* Allocation size of a buffer with @bytes of payload. */
#define AUDMOD_BUF_ALLOC(bytes) \
	(sizeof(struct audmod_notification_buffer) + (bytes))

/**
 * struct audmod_notify_slot - one queue entry
 * @seq: sequence number given at send
 * @timestamp_ns: ktime_get_ns() at send
 * @size: payload bytes
 * @heap: the payload when larger than @inline_data, else NULL
 * @inline_data: the payload when it fits
 */
struct audmod_notify_slot {
	u64 seq;
	u64 timestamp_ns;
	u32 size;
	u8 *heap;
	u8 inline_data[AUDMOD_NOTIFY_SMALL_BYTES] __aligned(8);
};

/**
 * struct audmod_notifier - the notification port of one device
 * @lock: protects every field below it, up to @debugfs_dir. Taken with
 *	interrupts disabled: senders may run in hard interrupt context.
 * @shut_down: set once by audmod_notifier_shutdown(); sends are refused and
 *	neither work item is queued again
 * @ring: @capacity slot pointers; the queue is @depth entries from @head
 * @spare: the slot the delivery work reads from (not in @ring)
 * @head: index in @ring of the oldest entry
 * @depth: entries queued
 * @last_seq: sequence number of the last accepted send
 * @reserve: @reserve_free ready buffers of %AUDMOD_NOTIFY_SMALL_BYTES
 * @reserve_free: entries of @reserve in use; also read without the lock
 *	(READ_ONCE()) by an allocation deciding whether to check for a refill
 * @st: counters (depth, capacity, reserve and shut_down are filled in
 *	when read)
 * @debugfs_dir: the debugfs directory, or NULL/ERR_PTR
 * @capacity: queue capacity (immutable)
 * @reserve_count: reserve size when full (immutable)
 * @slots: all @capacity + 1 slots, for freeing
 * @device_id: the notification device id (immutable)
 * @deliver: consumer callback (immutable)
 * @ctx: its argument and that of @alloc_fault (immutable)
 * @alloc_fault: test fault injection (immutable)
 * @deliver_work: drains the queue into @deliver
 * @refill_work: refills the reserve
 */
struct audmod_notifier {
	spinlock_t lock;	/* see above: queue, reserve, counters */
	bool shut_down;
	struct audmod_notify_slot **ring;
	struct audmod_notify_slot *spare;
	unsigned int head;
	unsigned int depth;
	u64 last_seq;
	struct audmod_notification_buffer **reserve;
	unsigned int reserve_free;
	struct audmod_notifier_stats st;

	struct dentry *debugfs_dir;
	unsigned int capacity;
	unsigned int reserve_count;
	struct audmod_notify_slot *slots;
	guid_t device_id;
	void (*deliver)(void *ctx, const struct audmod_notification *n);
	void *ctx;
	bool (*alloc_fault)(void *ctx, size_t size, gfp_t gfp);
	struct work_struct deliver_work;
	struct work_struct refill_work;
};

/* Whether the test hook makes this allocation fail. */
static bool audmod_notify_fault(bool (*fault)(void *, size_t, gfp_t),
				void *ctx, size_t size, gfp_t gfp)
{
	return fault && fault(ctx, size, gfp);
}

static void *audmod_notify_kmalloc(struct audmod_notifier *n, size_t size,
				   gfp_t gfp)
{
	if (audmod_notify_fault(n->alloc_fault, n->ctx, size, gfp))
		return NULL;
	return kmalloc(size, gfp);
}

/*
 * Whether the caller may sleep, as far as this kernel can tell: the
 * DISPATCH_LEVEL rule of PagedPool. preempt_count() != 0 is in_atomic()
 * (checkpatch keeps that name for core code because drivers tend to pick
 * GFP flags with it; here the caller's context is what the Windows contract
 * makes the argument, and might_sleep() backs the test up). The count holds
 * interrupt and bottom-half state always and spinlocks and preempt_disable()
 * with CONFIG_PREEMPT_COUNT. preemptible() is not used because it is
 * constant false without CONFIG_PREEMPTION.
 */
static bool audmod_notify_may_sleep(void)
{
	return !preempt_count() && !irqs_disabled() && !rcu_preempt_depth();
}

/* Queue the refill work if the reserve is low; called with n->lock held. */
static void audmod_notify_want_refill(struct audmod_notifier *n)
{
	lockdep_assert_held(&n->lock);
	if (!n->shut_down && n->reserve_free < n->reserve_count)
		queue_work(system_wq, &n->refill_work);
}

/* Discard the oldest queued entry and count it as dropped. */
static void audmod_notify_drop_oldest(struct audmod_notifier *n)
{
	struct audmod_notify_slot *slot = n->ring[n->head];

	lockdep_assert_held(&n->lock);
	kfree(slot->heap);
	slot->heap = NULL;
	n->head = (n->head + 1) % n->capacity;
	n->depth--;
	n->st.dropped++;
}

static void audmod_notify_refill(struct work_struct *work)
{
	struct audmod_notifier *n =
		container_of(work, struct audmod_notifier, refill_work);
	struct audmod_notification_buffer *buf;
	unsigned long flags;
	bool low;

	for (;;) {
		spin_lock_irqsave(&n->lock, flags);
		low = !n->shut_down && n->reserve_free < n->reserve_count;
		spin_unlock_irqrestore(&n->lock, flags);
		if (!low)
			return;
		/* Zeroed now: reserve buffers are handed out as they are. */
		buf = audmod_notify_kmalloc(n,
					    AUDMOD_BUF_ALLOC(AUDMOD_NOTIFY_SMALL_BYTES),
					    GFP_KERNEL | __GFP_ZERO);
		if (!buf)
			return;	/* retried at the next allocation */
		spin_lock_irqsave(&n->lock, flags);
		if (n->reserve_free < n->reserve_count) {
			n->reserve[n->reserve_free++] = buf;
			buf = NULL;
		}
		spin_unlock_irqrestore(&n->lock, flags);
		kfree(buf);
	}
}

static void audmod_notify_deliver(struct work_struct *work)
{
	struct audmod_notifier *n =
		container_of(work, struct audmod_notifier, deliver_work);
	struct audmod_notify_slot *slot;
	struct audmod_notification msg;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&n->lock, flags);
		if (n->shut_down || !n->depth) {
			spin_unlock_irqrestore(&n->lock, flags);
			return;
		}
		slot = n->ring[n->head];
		n->ring[n->head] = n->spare;
		n->spare = slot;
		n->head = (n->head + 1) % n->capacity;
		n->depth--;
		n->st.delivered++;
		msg.lost = n->st.dropped;
		spin_unlock_irqrestore(&n->lock, flags);

		msg.seq = slot->seq;
		msg.timestamp_ns = slot->timestamp_ns;
		msg.size = slot->size;
		msg.data = slot->heap ? slot->heap : slot->inline_data;
		if (n->deliver)
			n->deliver(n->ctx, &msg);
		/* Slots outside the queue never own a heap payload. */
		kfree(slot->heap);
		slot->heap = NULL;
		cond_resched();
	}
}

static int audmod_notify_stats_show(struct seq_file *m, void *unused)
{
	struct audmod_notifier_stats st;

	audmod_notifier_get_stats(m->private, &st);
	seq_printf(m, "sent: %llu\ndelivered: %llu\ndropped: %llu\n",
		   st.sent, st.delivered, st.dropped);
	seq_printf(m, "dropped_overflow: %llu\ndropped_nomem: %llu\n",
		   st.dropped_overflow, st.dropped_nomem);
	seq_printf(m, "dropped_shutdown: %llu\nrefused: %llu\n",
		   st.dropped_shutdown, st.refused);
	seq_printf(m, "alloc_failed: %llu\nreserve_used: %llu\n",
		   st.alloc_failed, st.reserve_used);
	seq_printf(m, "depth: %u\nmax_depth: %u\nreserve_free: %u\n",
		   st.depth, st.max_depth, st.reserve_free);
	seq_printf(m, "shut_down: %d\n", st.shut_down);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(audmod_notify_stats);

static int audmod_notify_config_show(struct seq_file *m, void *unused)
{
	struct audmod_notifier *n = m->private;

	seq_printf(m, "device_id: %pUl\nqueue_depth: %u\nreserve_count: %u\n",
		   &n->device_id, n->capacity, n->reserve_count);
	seq_printf(m, "small_bytes: %u\n", AUDMOD_NOTIFY_SMALL_BYTES);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(audmod_notify_config);

/* Frees what create allocated; the queue must hold no heap payload. */
static void audmod_notify_free(struct audmod_notifier *n)
{
	unsigned int i;

	if (n->reserve)
		for (i = 0; i < n->reserve_free; i++)
			kfree(n->reserve[i]);
	kfree(n->reserve);
	kvfree(n->slots);
	kfree(n->ring);
	kfree(n);
}

struct audmod_notifier *audmod_notifier_create(const struct audmod_notifier_config *cfg)
{
	struct audmod_notifier *n;
	unsigned int i;

	might_sleep();
	if (!cfg || !cfg->device_id ||
	    cfg->queue_depth > AUDMOD_NOTIFY_MAX_QUEUE_DEPTH ||
	    cfg->reserve_count > AUDMOD_NOTIFY_MAX_RESERVE)
		return ERR_PTR(-EINVAL);

	if (audmod_notify_fault(cfg->alloc_fault, cfg->ctx, sizeof(*n),
				GFP_KERNEL | __GFP_ZERO))
		return ERR_PTR(-ENOMEM);
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&n->lock);
	INIT_WORK(&n->deliver_work, audmod_notify_deliver);
	INIT_WORK(&n->refill_work, audmod_notify_refill);
	guid_copy(&n->device_id, cfg->device_id);
	n->deliver = cfg->deliver;
	n->ctx = cfg->ctx;
	n->alloc_fault = cfg->alloc_fault;
	n->capacity = cfg->queue_depth ? : AUDMOD_NOTIFY_DEFAULT_QUEUE_DEPTH;
	n->reserve_count = cfg->reserve_count ? : AUDMOD_NOTIFY_DEFAULT_RESERVE;

	n->ring = audmod_notify_kmalloc(n, array_size(n->capacity, sizeof(*n->ring)),
					GFP_KERNEL);
	if (!n->ring)
		goto nomem;
	/* Up to 1025 slots of about 540 bytes: kvmalloc, may be vmalloc. */
	if (audmod_notify_fault(n->alloc_fault, n->ctx,
				array_size(n->capacity + 1, sizeof(*n->slots)),
				GFP_KERNEL | __GFP_ZERO))
		goto nomem;
	n->slots = kvcalloc(n->capacity + 1, sizeof(*n->slots), GFP_KERNEL);
	if (!n->slots)
		goto nomem;
	for (i = 0; i < n->capacity; i++)
		n->ring[i] = &n->slots[i];
	n->spare = &n->slots[n->capacity];

	n->reserve = audmod_notify_kmalloc(n,
					   array_size(n->reserve_count, sizeof(*n->reserve)),
					   GFP_KERNEL);
	if (!n->reserve)
		goto nomem;
	while (n->reserve_free < n->reserve_count) {
		n->reserve[n->reserve_free] =
			audmod_notify_kmalloc(n, AUDMOD_BUF_ALLOC(AUDMOD_NOTIFY_SMALL_BYTES),
					      GFP_KERNEL | __GFP_ZERO);
		if (!n->reserve[n->reserve_free])
			goto nomem;
		n->reserve_free++;
	}

	if (cfg->debugfs_parent) {
		n->debugfs_dir = debugfs_create_dir(cfg->name ? : "notify",
						    cfg->debugfs_parent);
		debugfs_create_file("stats", 0444, n->debugfs_dir, n,
				    &audmod_notify_stats_fops);
		debugfs_create_file("config", 0444, n->debugfs_dir, n,
				    &audmod_notify_config_fops);
	}
	return n;

nomem:
	audmod_notify_free(n);
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_create, AUDMOD);

void audmod_notifier_shutdown(struct audmod_notifier *n)
{
	unsigned long flags;

	might_sleep();
	/*
	 * Senders test the flag and queue under the lock, so once it is set
	 * nothing is queued and neither work item is queued again.
	 */
	spin_lock_irqsave(&n->lock, flags);
	n->shut_down = true;
	spin_unlock_irqrestore(&n->lock, flags);

	/* Waits for a running deliver callback; it then sees the flag. */
	cancel_work_sync(&n->deliver_work);
	cancel_work_sync(&n->refill_work);

	spin_lock_irqsave(&n->lock, flags);
	while (n->depth) {
		audmod_notify_drop_oldest(n);
		n->st.dropped_shutdown++;
	}
	spin_unlock_irqrestore(&n->lock, flags);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_shutdown, AUDMOD);

void audmod_notifier_destroy(struct audmod_notifier *n)
{
	if (!n)
		return;
	audmod_notifier_shutdown(n);
	/* Waits for debugfs readers of @n. */
	debugfs_remove(n->debugfs_dir);
	audmod_notify_free(n);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_destroy, AUDMOD);

void audmod_notifier_flush(struct audmod_notifier *n)
{
	might_sleep();
	flush_work(&n->deliver_work);
	flush_work(&n->refill_work);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_flush, AUDMOD);

void audmod_notifier_get_stats(struct audmod_notifier *n,
			       struct audmod_notifier_stats *st)
{
	unsigned long flags;

	spin_lock_irqsave(&n->lock, flags);
	*st = n->st;
	st->depth = n->depth;
	st->queue_depth = n->capacity;
	st->reserve_free = n->reserve_free;
	st->reserve_count = n->reserve_count;
	st->shut_down = n->shut_down;
	spin_unlock_irqrestore(&n->lock, flags);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_get_stats, AUDMOD);

/* A NonPaged buffer: GFP_ATOMIC, else (small) the reserve. Never sleeps. */
static struct audmod_notification_buffer *
audmod_notify_alloc_atomic(struct audmod_notifier *n, u32 bytes)
{
	struct audmod_notification_buffer *buf;
	unsigned long flags;

	buf = audmod_notify_kmalloc(n, AUDMOD_BUF_ALLOC(bytes),
				    GFP_ATOMIC | __GFP_NOWARN | __GFP_ZERO);
	if (buf || bytes > AUDMOD_NOTIFY_SMALL_BYTES)
		return buf;

	spin_lock_irqsave(&n->lock, flags);
	if (n->reserve_free) {
		buf = n->reserve[--n->reserve_free];
		n->st.reserve_used++;
	}
	spin_unlock_irqrestore(&n->lock, flags);
	return buf;
}

int audmod_alloc_notification_buffer(struct audmod_notifier *n, u32 pool_type,
				     u32 bytes,
				     struct audmod_notification_buffer **out)
{
	struct audmod_notification_buffer *buf;
	unsigned long flags;

	if (!n || !out || !bytes || bytes > AUDMOD_NOTIFICATION_MAX_BYTES)
		return -EINVAL;

	switch (pool_type) {
	case AUDMOD_PAGED_POOL:
		if (!audmod_notify_may_sleep())
			return -EINVAL;
		might_sleep();
		buf = audmod_notify_kmalloc(n, AUDMOD_BUF_ALLOC(bytes),
					    GFP_KERNEL | __GFP_ZERO);
		break;
	case AUDMOD_NON_PAGED_POOL:
	case AUDMOD_NON_PAGED_POOL_NX:
		buf = audmod_notify_alloc_atomic(n, bytes);
		break;
	default:
		return -EINVAL;
	}

	/*
	 * The lock only when there is something to count or the reserve is
	 * short. The peek is lockless: reserve_free only drops when an
	 * allocation takes from the reserve, and that allocation sees its own
	 * write here and queues the refill. Also retries a refill that failed
	 * for lack of memory.
	 */
	if (!buf || READ_ONCE(n->reserve_free) < n->reserve_count) {
		spin_lock_irqsave(&n->lock, flags);
		if (!buf)
			n->st.alloc_failed++;
		audmod_notify_want_refill(n);
		spin_unlock_irqrestore(&n->lock, flags);
	}
	if (!buf)
		return -ENOMEM;
	buf->size = bytes;
	*out = buf;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(audmod_alloc_notification_buffer, AUDMOD);

void audmod_free_notification_buffer(struct audmod_notifier *n,
				     struct audmod_notification_buffer *buf)
{
	kfree(buf);
}
EXPORT_SYMBOL_NS_GPL(audmod_free_notification_buffer, AUDMOD);

/* Whether @buf is a notification this notifier may send; no lock needed. */
static bool audmod_notify_valid(const struct audmod_notifier *n,
				const guid_t *notification_id,
				const struct audmod_notification_buffer *buf)
{
	const struct audmod_notification_header *hdr;

	if (!notification_id || !buf ||
	    !guid_equal(notification_id, &audmod_ksnotificationid_audiomodule) ||
	    buf->size < AUDMOD_NOTIFICATION_HEADER_SIZE)
		return false;
	hdr = (const struct audmod_notification_header *)buf->data;
	return !memcmp(&hdr->device_id, &n->device_id, sizeof(n->device_id)) &&
	       !hdr->reserved;
}

int audmod_send_notification(struct audmod_notifier *n,
			     const guid_t *notification_id,
			     const struct audmod_notification_buffer *buf)
{
	struct audmod_notify_slot *slot;
	unsigned long flags;
	u8 *heap = NULL;
	bool valid;
	int ret = 0;

	if (!n)
		return -EINVAL;
	valid = audmod_notify_valid(n, notification_id, buf);
	/* Copied before the lock: the one copy that may allocate. */
	if (valid && buf->size > AUDMOD_NOTIFY_SMALL_BYTES) {
		heap = audmod_notify_kmalloc(n, buf->size,
					     GFP_ATOMIC | __GFP_NOWARN);
		if (heap)
			memcpy(heap, buf->data, buf->size);
	}

	spin_lock_irqsave(&n->lock, flags);
	if (!valid || n->shut_down) {
		n->st.refused++;
		ret = valid ? -ESHUTDOWN : -EINVAL;
		goto unlock;
	}
	n->st.sent++;
	n->last_seq++;
	if (buf->size > AUDMOD_NOTIFY_SMALL_BYTES && !heap) {
		n->st.dropped++;
		n->st.dropped_nomem++;
		ret = -ENOMEM;
		goto unlock;
	}
	if (n->depth == n->capacity) {
		/* Full: drop the oldest, so the sender never waits. */
		audmod_notify_drop_oldest(n);
		n->st.dropped_overflow++;
	}
	slot = n->ring[(n->head + n->depth) % n->capacity];
	slot->seq = n->last_seq;
	slot->timestamp_ns = ktime_get_ns();
	slot->size = buf->size;
	slot->heap = heap;
	heap = NULL;
	if (!slot->heap)
		memcpy(slot->inline_data, buf->data, buf->size);
	n->depth++;
	n->st.max_depth = max(n->st.max_depth, n->depth);
	queue_work(system_wq, &n->deliver_work);
unlock:
	spin_unlock_irqrestore(&n->lock, flags);
	kfree(heap);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(audmod_send_notification, AUDMOD);
