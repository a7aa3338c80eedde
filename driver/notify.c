// SPDX-License-Identifier: GPL-2.0
/*
 * Notification buffers: IPortClsNotifications ported to the kernel.
 * The contract (pool types, contexts, counters) is in include/audmod/notify.h.
 *
 * A queue is a ring of pointers to preallocated slots, plus one spare slot
 * owned by its consumer. To deliver, the consumer swaps the spare with the
 * oldest queued slot under the lock, then reads that slot with the lock
 * dropped: senders never wait for a consumer, and the consumer never holds
 * the lock that senders take from interrupt context.
 *
 * Two queues exist. The process queue feeds @deliver from a work item. The
 * atomic queue only holds what the atomic consumer could not be given at
 * once: a sender that finds no delivery in progress, in a context where the
 * consumer may run, calls it directly with its own buffer (no copy) and
 * then drains what others queued meanwhile; everyone else queues a copy and
 * leaves it to whoever delivers (the sender in progress or the irq_work a
 * hard-irq sender queued). @atomic_busy, set and cleared under the lock,
 * makes that one deliverer at a time, and FIFO order plus "deliver directly
 * only when the atomic queue is empty" keeps the sequence order.
 *
 * A deliverer delivers at most %AUDMOD_NOTIFY_DELIVER_BUDGET entries: other
 * CPUs, or the consumer itself, may keep the atomic queue fed, and draining
 * it to empty would keep a sender (maybe a SCHED_FIFO thread in an RCU
 * read-side section) or the irq_work (hard interrupt context) there for as
 * long as they do. Past the budget, ownership passes to @atomic_more_work, a
 * lazy irq_work that runs at the next tick with the same budget and queues
 * itself again while entries remain: between two runs the CPU gets back to
 * what it was doing. The process queue's work item likewise delivers a
 * budget per run and queues itself again, so that it does not hog its
 * worker; audmod_notifier_flush() waits for as many runs as it takes.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/hardirq.h>
#include <linux/irq_work.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/llist.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>

#include <audmod/notify.h>

#include "compat.h"
#include "core.h"
#include "core_kunit.h"
#include "trace_core.h"

const guid_t audmod_ksnotificationid_audiomodule =
	GUID_INIT(0x9C2220F0, 0xD9A6, 0x4D5C,
		  0xA0, 0x36, 0x57, 0x38, 0x57, 0xFD, 0x50, 0xD2);
EXPORT_SYMBOL_NS_GPL(audmod_ksnotificationid_audiomodule, AUDMOD_NS);

static_assert(sizeof(struct audmod_guid) == sizeof(guid_t));

/* Allocation size of a buffer with @bytes of payload following it. */
#define AUDMOD_BUF_ALLOC(bytes) \
	(sizeof(struct audmod_notification_buffer) + (bytes))
/* The inline payload stays 8-byte aligned. */
static_assert(IS_ALIGNED(sizeof(struct audmod_notification_buffer), 8));
/* A direct sender's own delivery takes one of the budget. */
static_assert(AUDMOD_NOTIFY_DELIVER_BUDGET >= 1);

/**
 * struct audmod_notifier_slot - one queue entry
 * @seq: sequence number given at send
 * @timestamp_ns: ktime_get_ns() at send
 * @size: payload bytes
 * @heap: the payload when larger than @inline_data, else NULL
 * @inline_data: the payload when it fits
 */
struct audmod_notifier_slot {
	u64 seq;
	u64 timestamp_ns;
	u32 size;
	u8 *heap;
	u8 inline_data[AUDMOD_NOTIFY_SMALL_BYTES] __aligned(8);
};

/**
 * struct audmod_notifier_queue - a FIFO of payload copies in preallocated slots
 * @ring: capacity slot pointers; the queue is @depth entries from @head
 * @spare: the slot its consumer reads from (not in @ring)
 * @head: index in @ring of the oldest entry
 * @depth: entries queued
 * @slots: all capacity + 1 slots, for freeing
 */
struct audmod_notifier_queue {
	struct audmod_notifier_slot **ring;
	struct audmod_notifier_slot *spare;
	unsigned int head;
	unsigned int depth;
	struct audmod_notifier_slot *slots;
};

/**
 * struct audmod_notifier - the notification port of one device
 * @lock: protects every field below it, up to @debugfs_dir. A raw spinlock
 *	taken with interrupts disabled: senders may run in hard interrupt
 *	context, also on PREEMPT_RT. Nothing under it allocates, frees or
 *	takes a sleeping lock (queue_work() and irq_work_queue() are fine).
 * @shut_down: set once by audmod_notifier_shutdown(); sends are refused and
 *	neither work item is queued again
 * @queue: the process queue, feeding @deliver (used when @use_queue)
 * @atomic_queue: copies waiting for @deliver_atomic
 * @atomic_busy: a sender, @atomic_work or @atomic_more_work owns delivery
 *	to @deliver_atomic; always set while @atomic_queue is not empty.
 *	Written with WRITE_ONCE(): shutdown waits for it without the lock
 * @last_seq: sequence number of the last accepted send
 * @reserve: @reserve_free ready buffers of %AUDMOD_NOTIFY_SMALL_BYTES
 * @reserve_free: entries of @reserve in use; also read without the lock
 *	(READ_ONCE()) by an allocation deciding whether to check for a refill,
 *	so every store under the lock is a WRITE_ONCE() (an unsigned int: the
 *	read never tears, on 32-bit kernels either). Every other field under
 *	@lock, the 64-bit counters and sequence number included, is read
 *	only with @lock held.
 * @st: counters (depths, capacity, reserve and shut_down are filled in
 *	when read)
 * @debugfs_dir: the debugfs directory, or NULL/ERR_PTR
 * @capacity: capacity of each queue (immutable)
 * @reserve_count: reserve size when full (immutable)
 * @use_queue: the process queue is fed: @deliver is set, or neither
 *	consumer is (immutable)
 * @device_id: the notification device id (immutable)
 * @deliver: process-context consumer (immutable)
 * @deliver_atomic: atomic consumer (immutable)
 * @ctx: argument of both (immutable)
 * @deliver_work: drains the process queue into @deliver
 * @refill_work: refills the reserve
 * @atomic_work: delivers for a sender that could not call @deliver_atomic
 *	itself (hard interrupt, interrupts or, on PREEMPT_RT, preemption
 *	disabled)
 * @atomic_more_work: lazy irq_work (next tick) that delivers what a
 *	deliverer left when its budget ran out, a budget at a time
 */
struct audmod_notifier {
	raw_spinlock_t lock;	/* see above: queues, reserve, counters */
	bool shut_down;
	struct audmod_notifier_queue queue;
	struct audmod_notifier_queue atomic_queue;
	bool atomic_busy;
	u64 last_seq;
	struct audmod_notification_buffer **reserve;
	unsigned int reserve_free;
	struct audmod_notifier_stats st;

	struct dentry *debugfs_dir;
	unsigned int capacity;
	unsigned int reserve_count;
	bool use_queue;
	guid_t device_id;
	void (*deliver)(void *ctx, const struct audmod_notification *n);
	void (*deliver_atomic)(void *ctx, const struct audmod_notification *n);
	void *ctx;
	struct work_struct deliver_work;
	struct work_struct refill_work;
	struct irq_work atomic_work;
	struct irq_work atomic_more_work;
};

/*
 * Whether this context may call the slab allocator (GFP_ATOMIC) and take
 * spinlock_t. Not in hard interrupt context: on PREEMPT_RT both are
 * sleeping locks, and on other kernels lockdep's lock nesting checks say
 * the same of a hard hrtimer or an IRQF_NO_THREAD handler (they stay hard
 * on PREEMPT_RT), which this cannot tell from other interrupts. On
 * PREEMPT_RT also not with interrupts or preemption disabled (a raw
 * spinlock held); softirq and spinlock_t sections are preemptible there
 * and so fine.
 */
static bool audmod_notifier_sleeping_locks_ok(void)
{
	if (in_hardirq() || in_nmi())
		return false;
	return !IS_ENABLED(CONFIG_PREEMPT_RT) ||
	       (!irqs_disabled() && !preempt_count());
}

#ifdef CONFIG_FAULT_INJECTION
/* Valid in any context, unlike a static stub; debugfs fail_audmod_notifier. */
VISIBLE_IF_KUNIT struct fault_attr audmod_notifier_fail_alloc = FAULT_ATTR_INITIALIZER;
EXPORT_SYMBOL_IF_KUNIT(audmod_notifier_fail_alloc);
#endif

VISIBLE_IF_KUNIT bool audmod_notifier_alloc_fails(size_t size, gfp_t gfp)
{
	/* Finding a stub takes a spinlock_t: only where that is valid. */
	if (audmod_notifier_sleeping_locks_ok())
		KUNIT_STATIC_STUB_REDIRECT(audmod_notifier_alloc_fails, size, gfp);
#ifdef CONFIG_FAULT_INJECTION
	return should_fail(&audmod_notifier_fail_alloc, size);
#else
	return false;
#endif
}
EXPORT_SYMBOL_IF_KUNIT(audmod_notifier_alloc_fails);

static void *audmod_notifier_kmalloc(struct audmod_notifier *n, size_t size,
				     gfp_t gfp)
{
	if (audmod_notifier_alloc_fails(size, gfp))
		return NULL;
	/* Only what can sleep or GFP_ATOMIC where the slab may be called. */
	if (!gfpflags_allow_blocking(gfp) && !audmod_notifier_sleeping_locks_ok())
		return NULL;
	return kmalloc(size, gfp);
}

/*
 * Frees that cannot run here (see above) wait on this list for the
 * irq_work, which runs where spinlock_t is valid (in a thread on
 * PREEMPT_RT). Each entry is the memory itself: every buffer and payload
 * copy is larger than a node.
 */
static LLIST_HEAD(audmod_notifier_free_list);

static void audmod_notifier_free_deferred(struct irq_work *work)
{
	struct llist_node *node, *next;

	llist_for_each_safe(node, next, llist_del_all(&audmod_notifier_free_list))
		kfree(node);
}

static DEFINE_IRQ_WORK(audmod_notifier_free_work, audmod_notifier_free_deferred);

/* kfree() in any context but NMI. */
static void audmod_notifier_kfree(void *p)
{
	if (!p)
		return;
	if (audmod_notifier_sleeping_locks_ok()) {
		kfree(p);
		return;
	}
	if (llist_add(p, &audmod_notifier_free_list))
		irq_work_queue(&audmod_notifier_free_work);
}

/*
 * Whether a buffer of @bytes gets its payload apart from its header: only
 * where the header would push a page-allocator payload into the next page
 * order. Below that, one slab object costs less than two.
 */
static __always_inline bool audmod_notifier_payload_apart(u32 bytes)
{
	size_t whole = AUDMOD_BUF_ALLOC(bytes);

	return whole > KMALLOC_MAX_CACHE_SIZE &&
	       get_order(whole) != get_order(bytes);
}

/*
 * A zeroed buffer of @bytes with @gfp (without __GFP_ZERO), or NULL.
 * Inlined: on the allocation path a call layer costs what the rest does.
 */
static __always_inline struct audmod_notification_buffer *
audmod_notifier_buf_alloc(struct audmod_notifier *n, u32 bytes, gfp_t gfp)
{
	struct audmod_notification_buffer *buf;
	u8 *data;

	if (!audmod_notifier_payload_apart(bytes)) {
		buf = audmod_notifier_kmalloc(n, AUDMOD_BUF_ALLOC(bytes),
					      gfp | __GFP_ZERO);
		if (buf)
			buf->data = (u8 *)(buf + 1);
		return buf;
	}
	buf = audmod_notifier_kmalloc(n, sizeof(*buf), gfp | __GFP_ZERO);
	if (!buf)
		return NULL;
	data = audmod_notifier_kmalloc(n, bytes, gfp | __GFP_ZERO);
	if (!data) {
		audmod_notifier_kfree(buf);
		return NULL;
	}
	buf->payload_apart = true;
	buf->data = data;
	return buf;
}

/* Frees a buffer and its payload, in any context but NMI; inlined too. */
static __always_inline void audmod_notifier_buf_free(struct audmod_notification_buffer *buf)
{
	if (!buf)
		return;
	if (buf->payload_apart)
		audmod_notifier_kfree(buf->data);
	audmod_notifier_kfree(buf);
}

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
static struct dentry *audmod_notifier_fault_dir;
#endif

void audmod_notifier_module_init(void)
{
#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
	/* Optional: without it the attribute is still usable by tests. */
	audmod_notifier_fault_dir =
		fault_create_debugfs_attr("fail_audmod_notifier", NULL,
					  &audmod_notifier_fail_alloc);
#endif
}

/* Waits for deferred frees; module exit (no buffer can be freed later). */
void audmod_notifier_module_exit(void)
{
#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
	debugfs_remove_recursive(audmod_notifier_fault_dir);
#endif
	irq_work_sync(&audmod_notifier_free_work);
	audmod_notifier_free_deferred(NULL);
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
static bool audmod_notifier_may_sleep(void)
{
	return !preempt_count() && !irqs_disabled() && !rcu_preempt_depth();
}

/* Queue the refill work if the reserve is low; called with n->lock held. */
static void audmod_notifier_want_refill(struct audmod_notifier *n)
{
	lockdep_assert_held(&n->lock);
	if (!n->shut_down && n->reserve_free < n->reserve_count)
		queue_work(system_wq, &n->refill_work);
}

/*
 * Discard the oldest entry of @q. Returns its heap payload, which the
 * caller frees after dropping the lock.
 */
static u8 *audmod_notifier_drop_oldest(struct audmod_notifier *n,
				       struct audmod_notifier_queue *q,
				       int reason)
{
	struct audmod_notifier_slot *slot = q->ring[q->head];
	u8 *heap = slot->heap;

	lockdep_assert_held(&n->lock);
	trace_audmod_notify_drop(&n->device_id, slot->seq,
				 q == &n->atomic_queue, reason);
	slot->heap = NULL;
	q->head = (q->head + 1) % n->capacity;
	q->depth--;
	return heap;
}

/*
 * Appends a copy of @buf to @q (@heap: the copy of a large payload, which
 * the queue then owns), dropping the oldest entry when @q is full. Returns
 * whether it dropped one; *@dropped_heap receives the dropped entry's heap
 * payload (or NULL), for the caller to free after dropping the lock.
 */
static bool audmod_notifier_push(struct audmod_notifier *n,
				 struct audmod_notifier_queue *q,
			       const struct audmod_notification_buffer *buf,
			       u8 *heap, u64 seq, u64 timestamp_ns,
			       u8 **dropped_heap)
{
	struct audmod_notifier_slot *slot;
	bool dropped = false;

	lockdep_assert_held(&n->lock);
	*dropped_heap = NULL;
	if (q->depth == n->capacity) {
		*dropped_heap = audmod_notifier_drop_oldest(n, q,
							    AUDMOD_TRACE_DROP_OVERFLOW);
		dropped = true;
	}
	slot = q->ring[(q->head + q->depth) % n->capacity];
	slot->seq = seq;
	slot->timestamp_ns = timestamp_ns;
	slot->size = buf->size;
	slot->heap = heap;
	if (!heap)
		memcpy(slot->inline_data, buf->data, buf->size);
	q->depth++;
	return dropped;
}

/* Moves the oldest entry of @q to its spare slot and returns that slot. */
static struct audmod_notifier_slot *
audmod_notifier_take(struct audmod_notifier *n, struct audmod_notifier_queue *q)
{
	struct audmod_notifier_slot *slot = q->ring[q->head];

	lockdep_assert_held(&n->lock);
	q->ring[q->head] = q->spare;
	q->spare = slot;
	q->head = (q->head + 1) % n->capacity;
	q->depth--;
	return slot;
}

/* Fills @msg from a slot taken off a queue. */
static void audmod_notifier_msg(struct audmod_notification *msg,
				const struct audmod_notifier_slot *slot)
{
	msg->seq = slot->seq;
	msg->timestamp_ns = slot->timestamp_ns;
	msg->size = slot->size;
	msg->data = slot->heap ? slot->heap : slot->inline_data;
}

/* Slots outside a queue never own a heap payload. */
static void audmod_notifier_release(struct audmod_notifier_slot *slot)
{
	kfree(slot->heap);
	slot->heap = NULL;
}

static void audmod_notifier_refill(struct work_struct *work)
{
	struct audmod_notifier *n =
		container_of(work, struct audmod_notifier, refill_work);
	struct audmod_notification_buffer *buf;
	unsigned long flags;
	bool low;

	for (;;) {
		raw_spin_lock_irqsave(&n->lock, flags);
		low = !n->shut_down && n->reserve_free < n->reserve_count;
		raw_spin_unlock_irqrestore(&n->lock, flags);
		if (!low)
			return;
		/* Zeroed now: reserve buffers are handed out as they are. */
		buf = audmod_notifier_buf_alloc(n, AUDMOD_NOTIFY_SMALL_BYTES,
						GFP_KERNEL);
		if (!buf)
			return;	/* retried at the next allocation */
		raw_spin_lock_irqsave(&n->lock, flags);
		if (n->reserve_free < n->reserve_count) {
			n->reserve[n->reserve_free] = buf;
			WRITE_ONCE(n->reserve_free, n->reserve_free + 1);
			buf = NULL;
		}
		raw_spin_unlock_irqrestore(&n->lock, flags);
		kfree(buf);
	}
}

static void audmod_notifier_deliver(struct work_struct *work)
{
	struct audmod_notifier *n =
		container_of(work, struct audmod_notifier, deliver_work);
	unsigned int budget = AUDMOD_NOTIFY_DELIVER_BUDGET;
	struct audmod_notifier_slot *slot;
	struct audmod_notification msg;
	unsigned long flags;

	for (;;) {
		raw_spin_lock_irqsave(&n->lock, flags);
		if (n->shut_down || !n->queue.depth) {
			raw_spin_unlock_irqrestore(&n->lock, flags);
			return;
		}
		if (!budget--) {
			/*
			 * Senders may keep the queue fed for ever: the rest in
			 * a new run, and the worker's other work items first.
			 */
			queue_work(system_wq, &n->deliver_work);
			raw_spin_unlock_irqrestore(&n->lock, flags);
			return;
		}
		slot = audmod_notifier_take(n, &n->queue);
		n->st.delivered++;
		msg.lost = n->st.dropped;
		raw_spin_unlock_irqrestore(&n->lock, flags);

		audmod_notifier_msg(&msg, slot);
		trace_audmod_notify_deliver(&n->device_id, msg.seq, msg.size,
					    msg.lost, false);
		if (n->deliver)
			n->deliver(n->ctx, &msg);
		audmod_notifier_release(slot);
		cond_resched();
	}
}

/*
 * Delivers up to @budget entries of the atomic queue to @deliver_atomic.
 * The caller owns delivery (@atomic_busy). Ownership is given up when the
 * queue is empty (or shut down), else passed to @atomic_more_work.
 */
static void audmod_notifier_drain_atomic(struct audmod_notifier *n,
					 unsigned int budget)
{
	struct audmod_notifier_slot *slot;
	struct audmod_notification msg;
	unsigned long flags;
	bool stopped;

	for (;;) {
		raw_spin_lock_irqsave(&n->lock, flags);
		if (n->shut_down || !n->atomic_queue.depth)
			break;
		if (!budget) {
			/* Still owned: the continuation delivers the rest. */
			irq_work_queue(&n->atomic_more_work);
			raw_spin_unlock_irqrestore(&n->lock, flags);
			return;
		}
		budget--;
		slot = audmod_notifier_take(n, &n->atomic_queue);
		n->st.atomic_delivered++;
		msg.lost = n->st.atomic_dropped;
		raw_spin_unlock_irqrestore(&n->lock, flags);

		audmod_notifier_msg(&msg, slot);
		trace_audmod_notify_deliver(&n->device_id, msg.seq, msg.size,
					    msg.lost, true);
		n->deliver_atomic(n->ctx, &msg);
		audmod_notifier_release(slot);
	}
	WRITE_ONCE(n->atomic_busy, false);
	stopped = n->shut_down;
	raw_spin_unlock_irqrestore(&n->lock, flags);
	if (stopped) {
		/* Pairs with the wait in audmod_notifier_shutdown(). */
		smp_mb();
		wake_up_var(&n->atomic_busy);
	}
}

static void audmod_notifier_atomic_work(struct irq_work *work)
{
	audmod_notifier_drain_atomic(container_of(work, struct audmod_notifier,
						  atomic_work),
				     AUDMOD_NOTIFY_DELIVER_BUDGET);
}

static void audmod_notifier_atomic_more_work(struct irq_work *work)
{
	audmod_notifier_drain_atomic(container_of(work, struct audmod_notifier,
						  atomic_more_work),
				     AUDMOD_NOTIFY_DELIVER_BUDGET);
}

/*
 * Whether a sender may call @deliver_atomic itself. The consumer may take
 * spinlock_t: not in hard interrupt context or with interrupts disabled
 * (where a raw spinlock may be held: lock nesting rules, and a sleeping
 * lock on PREEMPT_RT), and on PREEMPT_RT not with preemption disabled.
 * Such a sender leaves the delivery to the irq_work, which runs the
 * consumer where spinlock_t is valid (in a thread on PREEMPT_RT).
 */
static bool audmod_notifier_direct_ok(void)
{
	return !in_hardirq() && !irqs_disabled() &&
	       audmod_notifier_sleeping_locks_ok();
}

static int audmod_notifier_stats_show(struct seq_file *m, void *unused)
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
	seq_printf(m, "atomic_delivered: %llu\natomic_dropped: %llu\n",
		   st.atomic_delivered, st.atomic_dropped);
	seq_printf(m, "atomic_deferred: %llu\natomic_depth: %u\n",
		   st.atomic_deferred, st.atomic_depth);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(audmod_notifier_stats);

static int audmod_notifier_config_show(struct seq_file *m, void *unused)
{
	struct audmod_notifier *n = m->private;

	seq_printf(m, "device_id: %pUl\nqueue_depth: %u\nreserve_count: %u\n",
		   &n->device_id, n->capacity, n->reserve_count);
	seq_printf(m, "small_bytes: %u\n", AUDMOD_NOTIFY_SMALL_BYTES);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(audmod_notifier_config);

static int audmod_notifier_queue_init(struct audmod_notifier *n,
				      struct audmod_notifier_queue *q)
{
	unsigned int i;

	q->ring = audmod_notifier_kmalloc(n, array_size(n->capacity, sizeof(*q->ring)),
					  GFP_KERNEL);
	if (!q->ring)
		return -ENOMEM;
	/* Up to 1025 slots of about 540 bytes: kvmalloc, may be vmalloc. */
	if (audmod_notifier_alloc_fails(array_size(n->capacity + 1, sizeof(*q->slots)),
					GFP_KERNEL | __GFP_ZERO))
		return -ENOMEM;
	q->slots = kvcalloc(n->capacity + 1, sizeof(*q->slots), GFP_KERNEL);
	if (!q->slots)
		return -ENOMEM;
	for (i = 0; i < n->capacity; i++)
		q->ring[i] = &q->slots[i];
	q->spare = &q->slots[n->capacity];
	return 0;
}

/* Frees a queue; it must hold no heap payload. */
static void audmod_notifier_queue_free(struct audmod_notifier_queue *q)
{
	kvfree(q->slots);
	kfree(q->ring);
}

/* Frees what create allocated. */
static void audmod_notifier_free(struct audmod_notifier *n)
{
	unsigned int i;

	if (n->reserve)
		for (i = 0; i < n->reserve_free; i++)
			kfree(n->reserve[i]);
	kfree(n->reserve);
	audmod_notifier_queue_free(&n->atomic_queue);
	audmod_notifier_queue_free(&n->queue);
	kfree(n);
}

struct audmod_notifier *audmod_notifier_create(const struct audmod_notifier_config *cfg)
{
	struct audmod_notifier *n;

	might_sleep();
	if (!cfg || !cfg->device_id ||
	    cfg->queue_depth > AUDMOD_NOTIFY_MAX_QUEUE_DEPTH ||
	    cfg->reserve_count > AUDMOD_NOTIFY_MAX_RESERVE)
		return ERR_PTR(-EINVAL);

	if (audmod_notifier_alloc_fails(sizeof(*n), GFP_KERNEL | __GFP_ZERO))
		return ERR_PTR(-ENOMEM);
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return ERR_PTR(-ENOMEM);
	raw_spin_lock_init(&n->lock);
	INIT_WORK(&n->deliver_work, audmod_notifier_deliver);
	INIT_WORK(&n->refill_work, audmod_notifier_refill);
	init_irq_work(&n->atomic_work, audmod_notifier_atomic_work);
	/* Lazy: a continuation waits for the tick instead of a new IPI. */
	n->atomic_more_work = IRQ_WORK_INIT_LAZY(audmod_notifier_atomic_more_work);
	guid_copy(&n->device_id, cfg->device_id);
	n->deliver = cfg->deliver;
	n->deliver_atomic = cfg->deliver_atomic;
	n->use_queue = cfg->deliver || !cfg->deliver_atomic;
	n->ctx = cfg->ctx;
	n->capacity = cfg->queue_depth ? : AUDMOD_NOTIFY_DEFAULT_QUEUE_DEPTH;
	n->reserve_count = cfg->reserve_count ? : AUDMOD_NOTIFY_DEFAULT_RESERVE;

	if (n->use_queue && audmod_notifier_queue_init(n, &n->queue))
		goto nomem;
	if (n->deliver_atomic && audmod_notifier_queue_init(n, &n->atomic_queue))
		goto nomem;

	n->reserve = audmod_notifier_kmalloc(n,
					     array_size(n->reserve_count, sizeof(*n->reserve)),
					   GFP_KERNEL);
	if (!n->reserve)
		goto nomem;
	while (n->reserve_free < n->reserve_count) {
		n->reserve[n->reserve_free] =
			audmod_notifier_buf_alloc(n, AUDMOD_NOTIFY_SMALL_BYTES,
						  GFP_KERNEL);
		if (!n->reserve[n->reserve_free])
			goto nomem;
		n->reserve_free++;
	}

	if (cfg->debugfs_parent) {
		n->debugfs_dir = debugfs_create_dir(cfg->name ? : "notify",
						    cfg->debugfs_parent);
		debugfs_create_file("stats", 0444, n->debugfs_dir, n,
				    &audmod_notifier_stats_fops);
		debugfs_create_file("config", 0444, n->debugfs_dir, n,
				    &audmod_notifier_config_fops);
	}
	return n;

nomem:
	audmod_notifier_free(n);
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_create, AUDMOD_NS);

void audmod_notifier_shutdown(struct audmod_notifier *n)
{
	unsigned long flags;
	u8 *heap;

	might_sleep();
	/*
	 * Senders test the flag and queue under the lock, so once it is set
	 * nothing is queued and neither work item is queued again.
	 */
	raw_spin_lock_irqsave(&n->lock, flags);
	n->shut_down = true;
	raw_spin_unlock_irqrestore(&n->lock, flags);

	/* Waits for a running deliver callback; it then sees the flag. */
	cancel_work_sync(&n->deliver_work);
	cancel_work_sync(&n->refill_work);
	/*
	 * A queued irq_work runs and, seeing the flag, gives up delivery; a
	 * sender delivering directly does the same after its callback. Once
	 * the flag is set nobody queues either irq_work again.
	 */
	irq_work_sync(&n->atomic_work);
	irq_work_sync(&n->atomic_more_work);
	wait_var_event(&n->atomic_busy, !READ_ONCE(n->atomic_busy));

	/* One entry per acquisition: the payloads are freed unlocked. */
	for (;;) {
		raw_spin_lock_irqsave(&n->lock, flags);
		if (n->queue.depth) {
			heap = audmod_notifier_drop_oldest(n, &n->queue,
							   AUDMOD_TRACE_DROP_SHUTDOWN);
			n->st.dropped++;
			n->st.dropped_shutdown++;
		} else if (n->atomic_queue.depth) {
			heap = audmod_notifier_drop_oldest(n, &n->atomic_queue,
							   AUDMOD_TRACE_DROP_SHUTDOWN);
			n->st.atomic_dropped++;
		} else {
			raw_spin_unlock_irqrestore(&n->lock, flags);
			return;
		}
		raw_spin_unlock_irqrestore(&n->lock, flags);
		kfree(heap);
	}
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_shutdown, AUDMOD_NS);

void audmod_notifier_destroy(struct audmod_notifier *n)
{
	if (!n)
		return;
	audmod_notifier_shutdown(n);
	/* Waits for debugfs readers of @n. */
	debugfs_remove(n->debugfs_dir);
	audmod_notifier_free(n);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_destroy, AUDMOD_NS);

void audmod_notifier_flush(struct audmod_notifier *n)
{
	unsigned long flags;
	bool done;
	u64 last;

	might_sleep();
	raw_spin_lock_irqsave(&n->lock, flags);
	last = n->last_seq;
	raw_spin_unlock_irqrestore(&n->lock, flags);
	/*
	 * A run of the work delivers a budget and queues the next run, which
	 * flush_work() does not wait for: as many runs as it takes to pass
	 * what was queued before the call.
	 */
	do {
		flush_work(&n->deliver_work);
		raw_spin_lock_irqsave(&n->lock, flags);
		done = n->shut_down || !n->queue.depth ||
		       n->queue.ring[n->queue.head]->seq > last;
		raw_spin_unlock_irqrestore(&n->lock, flags);
	} while (!done);
	flush_work(&n->refill_work);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_flush, AUDMOD_NS);

void audmod_notifier_get_stats(struct audmod_notifier *n,
			       struct audmod_notifier_stats *st)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&n->lock, flags);
	*st = n->st;
	st->depth = n->queue.depth;
	st->atomic_depth = n->atomic_queue.depth;
	st->queue_depth = n->capacity;
	st->reserve_free = n->reserve_free;
	st->reserve_count = n->reserve_count;
	st->shut_down = n->shut_down;
	raw_spin_unlock_irqrestore(&n->lock, flags);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_get_stats, AUDMOD_NS);

/* A NonPaged buffer: GFP_ATOMIC, else (small) the reserve. Never sleeps. */
static struct audmod_notification_buffer *
audmod_notifier_alloc_atomic(struct audmod_notifier *n, u32 bytes)
{
	struct audmod_notification_buffer *buf;
	unsigned long flags;

	buf = audmod_notifier_buf_alloc(n, bytes, GFP_ATOMIC | __GFP_NOWARN);
	if (buf || bytes > AUDMOD_NOTIFY_SMALL_BYTES)
		return buf;

	raw_spin_lock_irqsave(&n->lock, flags);
	if (n->reserve_free) {
		WRITE_ONCE(n->reserve_free, n->reserve_free - 1);
		buf = n->reserve[n->reserve_free];
		n->st.reserve_used++;
		trace_audmod_notify_reserve(&n->device_id, true, n->reserve_free);
	}
	raw_spin_unlock_irqrestore(&n->lock, flags);
	if (buf)
		buf->from_reserve = true;
	return buf;
}

int audmod_notifier_alloc_buffer(struct audmod_notifier *n, u32 pool_type,
				 u32 bytes,
				 struct audmod_notification_buffer **out)
{
	struct audmod_notification_buffer *buf;
	unsigned long flags;

	if (!n || !out || !bytes || bytes > AUDMOD_NOTIFICATION_MAX_BYTES)
		return -EINVAL;

	switch (pool_type) {
	case AUDMOD_PAGED_POOL:
		if (!audmod_notifier_may_sleep())
			return -EINVAL;
		might_sleep();
		buf = audmod_notifier_buf_alloc(n, bytes, GFP_KERNEL);
		break;
	case AUDMOD_NON_PAGED_POOL:
	case AUDMOD_NON_PAGED_POOL_NX:
		buf = audmod_notifier_alloc_atomic(n, bytes);
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
		raw_spin_lock_irqsave(&n->lock, flags);
		if (!buf)
			n->st.alloc_failed++;
		audmod_notifier_want_refill(n);
		raw_spin_unlock_irqrestore(&n->lock, flags);
	}
	trace_audmod_notify_alloc(&n->device_id, pool_type, bytes,
				  buf ? 0 : -ENOMEM);
	if (!buf)
		return -ENOMEM;
	buf->size = bytes;
	*out = buf;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_alloc_buffer, AUDMOD_NS);

void audmod_notifier_free_buffer(struct audmod_notifier *n,
				 struct audmod_notification_buffer *buf)
{
	unsigned long flags;

	if (n && buf && buf->from_reserve) {
		/* Zeroed outside the lock: reserve buffers are handed out as is. */
		memset(buf->data, 0, AUDMOD_NOTIFY_SMALL_BYTES);
		buf->size = 0;
		buf->from_reserve = false;
		raw_spin_lock_irqsave(&n->lock, flags);
		if (n->reserve_free < n->reserve_count) {
			n->reserve[n->reserve_free] = buf;
			WRITE_ONCE(n->reserve_free, n->reserve_free + 1);
			buf = NULL;
			trace_audmod_notify_reserve(&n->device_id, false,
						    n->reserve_free);
		}
		raw_spin_unlock_irqrestore(&n->lock, flags);
	}
	audmod_notifier_buf_free(buf);
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_free_buffer, AUDMOD_NS);

/* Whether @buf is a notification this notifier may send; no lock needed. */
static bool audmod_notifier_valid(const struct audmod_notifier *n,
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

/* A copy of a payload over %AUDMOD_NOTIFY_SMALL_BYTES; never sleeps. */
static u8 *audmod_notifier_copy(struct audmod_notifier *n,
				const struct audmod_notification_buffer *buf)
{
	u8 *heap = audmod_notifier_kmalloc(n, buf->size, GFP_ATOMIC | __GFP_NOWARN);

	if (heap)
		memcpy(heap, buf->data, buf->size);
	return heap;
}

int audmod_notifier_send(struct audmod_notifier *n,
			 const guid_t *notification_id,
			 const struct audmod_notification_buffer *buf)
{
	bool valid, large, direct_ok, need_copy, tried = false, direct = false;
	struct audmod_notification msg;
	u8 *heap = NULL, *atomic_heap = NULL;
	u8 *dropped_heap = NULL, *dropped_atomic_heap = NULL;
	unsigned long flags;
	int ret = 0;

	if (!n)
		return -EINVAL;
	msg.seq = 0;
	valid = audmod_notifier_valid(n, notification_id, buf);
	large = valid && buf->size > AUDMOD_NOTIFY_SMALL_BYTES;
	direct_ok = audmod_notifier_direct_ok();
	/* Copies are made before the lock: they are what may allocate. */
	if (large && n->use_queue)
		heap = audmod_notifier_copy(n, buf);

	for (;;) {
		raw_spin_lock_irqsave(&n->lock, flags);
		if (!valid || n->shut_down) {
			n->st.refused++;
			ret = valid ? -ESHUTDOWN : -EINVAL;
			goto unlock;
		}
		/* The atomic consumer needs a copy unless it gets @buf now. */
		need_copy = n->deliver_atomic && large &&
			    (n->atomic_busy || !direct_ok);
		if (!need_copy || atomic_heap || tried)
			break;
		raw_spin_unlock_irqrestore(&n->lock, flags);
		atomic_heap = audmod_notifier_copy(n, buf);
		tried = true;
	}

	n->st.sent++;
	n->last_seq++;
	msg.seq = n->last_seq;
	msg.timestamp_ns = ktime_get_ns();
	if ((large && n->use_queue && !heap) || (need_copy && !atomic_heap)) {
		/* Neither consumer gets a notification that lost its copy. */
		if (n->use_queue) {
			n->st.dropped++;
			n->st.dropped_nomem++;
			trace_audmod_notify_drop(&n->device_id, msg.seq, false,
						 AUDMOD_TRACE_DROP_NOMEM);
		}
		if (n->deliver_atomic) {
			n->st.atomic_dropped++;
			trace_audmod_notify_drop(&n->device_id, msg.seq, true,
						 AUDMOD_TRACE_DROP_NOMEM);
		}
		ret = -ENOMEM;
		goto unlock;
	}
	if (n->use_queue) {
		if (audmod_notifier_push(n, &n->queue, buf, heap, msg.seq,
					 msg.timestamp_ns, &dropped_heap)) {
			/* Full: the oldest went, so the sender never waits. */
			n->st.dropped++;
			n->st.dropped_overflow++;
		}
		heap = NULL;
		n->st.max_depth = max(n->st.max_depth, n->queue.depth);
		queue_work(system_wq, &n->deliver_work);
	}
	if (n->deliver_atomic) {
		if (!n->atomic_busy && direct_ok) {
			/* The atomic queue is empty: nothing comes before us. */
			WRITE_ONCE(n->atomic_busy, true);
			n->st.atomic_delivered++;
			msg.lost = n->st.atomic_dropped;
			direct = true;
		} else {
			if (audmod_notifier_push(n, &n->atomic_queue, buf,
						 need_copy ? atomic_heap : NULL,
					       msg.seq, msg.timestamp_ns,
					       &dropped_atomic_heap))
				n->st.atomic_dropped++;
			if (need_copy)
				atomic_heap = NULL;
			if (!n->atomic_busy) {
				WRITE_ONCE(n->atomic_busy, true);
				n->st.atomic_deferred++;
				irq_work_queue(&n->atomic_work);
			}
		}
	}
unlock:
	/* A refused send has no sequence number: seq 0. */
	trace_audmod_notify_send(&n->device_id, msg.seq, buf ? buf->size : 0,
				 ret);
	raw_spin_unlock_irqrestore(&n->lock, flags);
	audmod_notifier_kfree(heap);
	audmod_notifier_kfree(atomic_heap);
	audmod_notifier_kfree(dropped_heap);
	audmod_notifier_kfree(dropped_atomic_heap);
	if (direct) {
		msg.size = buf->size;
		msg.data = buf->data;
		trace_audmod_notify_deliver(&n->device_id, msg.seq, msg.size,
					    msg.lost, true);
		n->deliver_atomic(n->ctx, &msg);
		/* Its own delivery took one of the budget. */
		audmod_notifier_drain_atomic(n, AUDMOD_NOTIFY_DELIVER_BUDGET - 1);
	}
	return ret;
}
EXPORT_SYMBOL_NS_GPL(audmod_notifier_send, AUDMOD_NS);
