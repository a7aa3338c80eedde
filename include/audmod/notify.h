/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Notification buffers: the port of PortCls IPortClsNotifications.
 */

/**
 * DOC: The Windows contract
 *
 * A Windows audio miniport tells its clients that something changed in one
 * of its audio modules through the port's IPortClsNotifications interface,
 * in three calls made back to back: AllocNotificationBuffer(PoolType,
 * NumberOfBytes, &Buffer) gives it a buffer from the pool it names;
 * SendNotification(&KSNOTIFICATIONID_AudioModule, Buffer) queues the
 * buffer's contents for delivery and returns at once (delivery is
 * asynchronous, and the port owns its copy); FreeNotificationBuffer(Buffer)
 * gives the buffer back. The payload starts with a KSAUDIOMODULE_NOTIFICATION
 * header (struct audmod_notification_header in <uapi/audmod.h>: the
 * notification device id, the module's class id and instance id) followed
 * by vendor bytes, at most 65535 bytes in all.
 *
 * Here a notifier is that port for one device: it owns the notification
 * device id that every header must carry, a bounded delivery queue, a
 * reserve of preallocated buffers and the consumers that receive what is
 * sent: a process-context one (&audmod_notifier_config.deliver, fed by a
 * work item) and an atomic one called from the send path
 * (&audmod_notifier_config.deliver_atomic, see "Atomic delivery").
 */

/**
 * DOC: Pool types and the IRQL rule
 *
 * Windows names the memory a buffer comes from by its POOL_TYPE, and ties
 * each pool to the interrupt request levels (IRQL) it may be used at:
 * paged memory may fault, so PagedPool is only for code running at
 * PASSIVE_LEVEL, where it may wait; nonpaged memory is always resident and
 * may be used up to DISPATCH_LEVEL, where nothing may wait. The kernel's
 * equivalent of "may wait" is "may sleep", so the pools map to GFP flags:
 *
 *   pool type                         value  result
 *   AUDMOD_NON_PAGED_POOL             0      GFP_ATOMIC, never sleeps, reserve
 *   AUDMOD_PAGED_POOL                 1      GFP_KERNEL, may sleep
 *   AUDMOD_NON_PAGED_POOL_NX          512    GFP_ATOMIC, never sleeps, reserve
 *   every other value (2-7, 32-38,
 *   516, 544, unknown)                       -EINVAL: must-succeed, cache-
 *                                            aligned and session pools are
 *                                            internal or deprecated on Windows
 *
 * kmalloc memory is never executable, so NonPagedPool and NonPagedPoolNx are
 * the same here. Every buffer is zeroed: no stale kernel memory can reach
 * the consumer, and from there userspace.
 *
 * Calling contexts:
 *
 * - PagedPool needs a context that may sleep. Requesting it where sleeping
 *   is not allowed is the DISPATCH_LEVEL rule and returns -EINVAL. The check
 *   sees interrupt context, disabled interrupts, RCU read-side sections and,
 *   on kernels that count them (CONFIG_PREEMPT_COUNT, which both kernels this
 *   driver is built for have), spinlocks and preempt_disable(). A kernel
 *   without CONFIG_PREEMPT_COUNT cannot see a held spinlock; might_sleep() on
 *   this path reports such a caller on debug kernels (DEBUG_ATOMIC_SLEEP).
 * - NonPagedPool[Nx] allocation, send, free and statistics work in any
 *   context but NMI: process, softirq, hard interrupt (hrtimer callbacks of
 *   both HRTIMER_MODE_*_SOFT and _HARD), with spinlocks (raw or not) held
 *   or interrupts disabled. The notifier's lock is a raw spinlock and
 *   nothing under it allocates or frees. (Windows allows
 *   FreeNotificationBuffer at PASSIVE_LEVEL only; here it is wider.)
 * - The slab allocator is never called from hard interrupt context: on
 *   PREEMPT_RT it takes sleeping locks there, and so it would from an
 *   HRTIMER_MODE_*_HARD callback or an IRQF_NO_THREAD handler on any
 *   kernel as far as lockdep's lock nesting rules are concerned. On
 *   PREEMPT_RT it is also not called with interrupts or preemption
 *   disabled (softirq and spinlock_t sections are preemptible there and are
 *   not such contexts). In those contexts a NonPaged allocation is served
 *   from the reserve only: at most %AUDMOD_NOTIFY_SMALL_BYTES, -ENOMEM
 *   beyond that or when the reserve is empty; a send of a payload over
 *   %AUDMOD_NOTIFY_SMALL_BYTES, which needs a copy, fails with -ENOMEM
 *   (counted as dropped); and a free is handed to an irq_work that does the
 *   kfree() where it may (in a thread on PREEMPT_RT).
 * - Create, shutdown, destroy and flush may sleep: process context only.
 *
 * The reserve: a NonPaged allocation first tries GFP_ATOMIC (without
 * warning); when that fails and the buffer is at most
 * %AUDMOD_NOTIFY_SMALL_BYTES, it takes one of the notifier's preallocated
 * buffers. Every allocation that finds the reserve short queues a work item
 * that refills it with GFP_KERNEL in process context. Only when both fail
 * does the allocation return -ENOMEM. A reserve buffer goes back to the
 * reserve when it is freed, zeroed again, in any context, if the reserve
 * has room: a hard-irq user that allocates and frees (the slab is not
 * called there) keeps finding buffers without waiting for the refill.
 *
 * Fault injection: every allocation of a notifier can be made to fail
 * with the kernel's fault-injection framework (debugfs fail_audmod_notifier,
 * CONFIG_FAULT_INJECTION_DEBUG_FS).
 */

/**
 * DOC: SendNotification, the queue and its counters
 *
 * audmod_notifier_send() checks what Windows checks (the notification
 * id is KSNOTIFICATIONID_AudioModule, the header is complete, its device id
 * is this notifier's) plus a zero reserved field, gives the notification
 * the next sequence number and a timestamp and copies it into a
 * preallocated queue slot (payloads of at most %AUDMOD_NOTIFY_SMALL_BYTES,
 * the common case, never allocate) or into a GFP_ATOMIC copy (larger
 * payloads), then schedules the delivery work and returns: like
 * SendNotification, it never waits for a consumer, and the caller may free
 * its buffer at once. When the queue is full the oldest entry is dropped,
 * so a sender never waits. Counters are exact at every moment:
 *
 *   sent == delivered + dropped + depth
 *
 * and a consumer learns how many notifications it missed from the
 * cumulative @lost of each struct audmod_notification (and from the gaps
 * in @seq).
 *
 * Locking: one raw spinlock per notifier, taken with interrupts disabled,
 * protects the queues, the reserve, the counters and the shutdown flag. The
 * deliver callback runs without it, from the delivery work item, which the
 * workqueue never runs on two CPUs at once, so deliveries are serialised.
 */

/**
 * DOC: Atomic delivery
 *
 * &audmod_notifier_config.deliver_atomic is the consumer for those who
 * must learn of a notification without a work item's latency (raising an
 * ALSA control event, waking a reader). Its contract:
 *
 * - It is called once for every accepted notification, in sequence order,
 *   never two at once: the notifier serialises the calls, across CPUs and
 *   contexts. A notification it misses (its queue overflowed, the copy of a
 *   large payload failed, shutdown) shows in the cumulative
 *   &audmod_notification.lost and as a gap in &audmod_notification.seq.
 * - It runs from audmod_notifier_send() itself: the sender calls it
 *   with the sender's own buffer when no delivery is in progress and the
 *   sender's context allows it; otherwise the notification is copied and
 *   delivered by whoever is delivering (another sender, after its own
 *   callback, or an irq_work).
 * - No deliverer loops without bound: a sender makes at most
 *   %AUDMOD_NOTIFY_DELIVER_BUDGET calls (its own notification and what
 *   others queued meanwhile) before audmod_notifier_send() returns, even
 *   while other CPUs or the consumer itself keep sending. The rest is
 *   delivered from a lazy irq_work at the next tick, at most the budget per
 *   run, which queues itself again while entries remain. Such a hand-off
 *   is not counted in &audmod_notifier_stats.atomic_deferred.
 * - Its context is atomic: it must not sleep. It may take spinlock_t and
 *   call wake_up() and snd_ctl_notify(). The sender calls it itself only
 *   from process or softirq context with interrupts enabled (and, on
 *   PREEMPT_RT, preemption enabled: no raw spinlock held). A send from hard
 *   interrupt context (an HRTIMER_MODE_*_HARD callback, an interrupt
 *   handler), with interrupts disabled, or on PREEMPT_RT with preemption
 *   disabled is handed to an irq_work on the same CPU, which delivers it
 *   soon after: without PREEMPT_RT from the irq_work interrupt (hard
 *   interrupt context, where spinlock_t is valid), on PREEMPT_RT from the
 *   per-CPU irq_work thread. So on PREEMPT_RT it never runs in hard
 *   interrupt context. Ordering holds across that hand-off: later sends
 *   queue behind it.
 * - No notifier lock is held during the call. It may send on its own
 *   notifier (that send is queued behind the current delivery); it must not
 *   flush, shut down or destroy it. @data is valid only during the call.
 * - After audmod_notifier_shutdown() returns it is not called again.
 *
 * @deliver and @deliver_atomic may both be set; each sees every
 * notification, independently.
 */

#ifndef AUDMOD_NOTIFY_H
#define AUDMOD_NOTIFY_H

#include <linux/gfp.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include <uapi/audmod.h>

struct dentry;
struct audmod_notifier;

/**
 * enum audmod_pool_type - Windows POOL_TYPE values, names kept
 * @AUDMOD_NON_PAGED_POOL: NonPagedPool: GFP_ATOMIC.
 * @AUDMOD_NON_PAGED_POOL_EXECUTE: NonPagedPoolExecute, the same value.
 * @AUDMOD_PAGED_POOL: PagedPool: GFP_KERNEL, only where sleeping is allowed.
 * @AUDMOD_NON_PAGED_POOL_MUST_SUCCEED: NonPagedPoolMustSucceed: rejected.
 * @AUDMOD_DONT_USE_THIS_TYPE: DontUseThisType: rejected.
 * @AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED: NonPagedPoolCacheAligned: rejected.
 * @AUDMOD_PAGED_POOL_CACHE_ALIGNED: PagedPoolCacheAligned: rejected.
 * @AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_MUST_S: NonPagedPoolCacheAlignedMustS:
 *	rejected.
 * @AUDMOD_MAX_POOL_TYPE: MaxPoolType: rejected.
 * @AUDMOD_NON_PAGED_POOL_SESSION: NonPagedPoolSession: rejected.
 * @AUDMOD_PAGED_POOL_SESSION: PagedPoolSession: rejected.
 * @AUDMOD_NON_PAGED_POOL_MUST_SUCCEED_SESSION: rejected.
 * @AUDMOD_DONT_USE_THIS_TYPE_SESSION: rejected.
 * @AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_SESSION: rejected.
 * @AUDMOD_PAGED_POOL_CACHE_ALIGNED_SESSION: rejected.
 * @AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_MUST_S_SESSION: rejected.
 * @AUDMOD_NON_PAGED_POOL_NX: NonPagedPoolNx: GFP_ATOMIC (recommended).
 * @AUDMOD_NON_PAGED_POOL_NX_CACHE_ALIGNED: rejected.
 * @AUDMOD_NON_PAGED_POOL_SESSION_NX: rejected.
 *
 * The values are those of wdm.h, so a pool type read from a Windows-shaped
 * structure needs no translation. Functions take it as u32 so that any value
 * a caller passes can be checked.
 */
enum audmod_pool_type {
	AUDMOD_NON_PAGED_POOL = 0,
	AUDMOD_NON_PAGED_POOL_EXECUTE = 0,
	AUDMOD_PAGED_POOL = 1,
	AUDMOD_NON_PAGED_POOL_MUST_SUCCEED = 2,
	AUDMOD_DONT_USE_THIS_TYPE = 3,
	AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED = 4,
	AUDMOD_PAGED_POOL_CACHE_ALIGNED = 5,
	AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_MUST_S = 6,
	AUDMOD_MAX_POOL_TYPE = 7,
	AUDMOD_NON_PAGED_POOL_SESSION = 32,
	AUDMOD_PAGED_POOL_SESSION = 33,
	AUDMOD_NON_PAGED_POOL_MUST_SUCCEED_SESSION = 34,
	AUDMOD_DONT_USE_THIS_TYPE_SESSION = 35,
	AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_SESSION = 36,
	AUDMOD_PAGED_POOL_CACHE_ALIGNED_SESSION = 37,
	AUDMOD_NON_PAGED_POOL_CACHE_ALIGNED_MUST_S_SESSION = 38,
	AUDMOD_NON_PAGED_POOL_NX = 512,
	AUDMOD_NON_PAGED_POOL_NX_CACHE_ALIGNED = 516,
	AUDMOD_NON_PAGED_POOL_SESSION_NX = 544,
};

/* Queue entries when &audmod_notifier_config.queue_depth is 0. */
#define AUDMOD_NOTIFY_DEFAULT_QUEUE_DEPTH	64
/* Largest accepted &audmod_notifier_config.queue_depth. */
#define AUDMOD_NOTIFY_MAX_QUEUE_DEPTH		1024
/* Reserve buffers when &audmod_notifier_config.reserve_count is 0. */
#define AUDMOD_NOTIFY_DEFAULT_RESERVE		8
/* Largest accepted &audmod_notifier_config.reserve_count. */
#define AUDMOD_NOTIFY_MAX_RESERVE		256
/*
 * Deliveries to &audmod_notifier_config.deliver_atomic that one sender, or
 * one run of the irq_work, makes at most before handing the rest to the
 * irq_work (see "Atomic delivery"); also the deliveries to
 * &audmod_notifier_config.deliver per run of the delivery work item, which
 * then queues itself again.
 */
#define AUDMOD_NOTIFY_DELIVER_BUDGET		16
/*
 * Payload bytes (header included) up to which a NonPaged buffer can come
 * from the reserve and a send copies into a preallocated queue slot.
 */
#define AUDMOD_NOTIFY_SMALL_BYTES		512

/*
 * KSNOTIFICATIONID_AudioModule, {9C2220F0-D9A6-4D5C-A036-573857FD50D2}: the
 * only notification id audmod_notifier_send() accepts.
 */
extern const guid_t audmod_ksnotificationid_audiomodule;

/**
 * struct audmod_notification_buffer - PCNOTIFICATION_BUFFER
 * @size: bytes in @data, as requested from
 *	audmod_notifier_alloc_buffer() (1 to 65535); read-only.
 * @from_reserve: the notifier's own: the buffer is one of the reserve's
 *	(%AUDMOD_NOTIFY_SMALL_BYTES of @data), returned to it when freed.
 * @payload_apart: the notifier's own: @data is an allocation of its own.
 * @data: the payload: a struct audmod_notification_header, then vendor
 *	bytes. 8-byte aligned, so the header can be accessed in place; zeroed
 *	at allocation. Read-only pointer. It follows this struct in the same
 *	allocation, except where that would put a payload served by the page
 *	allocator (over KMALLOC_MAX_CACHE_SIZE) in the next page order: 65535
 *	bytes and a header would take 128 KiB, the payload alone takes 64.
 */
struct audmod_notification_buffer {
	u16 size;
	bool from_reserve;
	bool payload_apart;
	u8 *data;
};

/**
 * struct audmod_notification - one notification as the consumer receives it
 * @seq: sequence number, strictly increasing from 1 per notifier, assigned
 *	at send. Every accepted send takes one, so a gap means drops.
 * @timestamp_ns: ktime_get_ns() at send.
 * @lost: notifications dropped by this notifier so far, cumulative.
 * @size: bytes in @data: the 40-byte header and the vendor payload.
 * @data: the payload, 8-byte aligned; valid only during the callback.
 */
struct audmod_notification {
	u64 seq;
	u64 timestamp_ns;
	u64 lost;
	u32 size;
	const u8 *data;
};

/**
 * struct audmod_notifier_config - what audmod_notifier_create() needs
 * @device_id: the notification device id (KSPROPERTY_AUDIOMODULE_
 *	NOTIFICATION_DEVICE_ID); the header of every send must carry it.
 *	Copied at create. Required.
 * @queue_depth: entries the delivery queue holds (1 to
 *	%AUDMOD_NOTIFY_MAX_QUEUE_DEPTH); 0 means
 *	%AUDMOD_NOTIFY_DEFAULT_QUEUE_DEPTH.
 * @reserve_count: preallocated NonPaged buffers (1 to
 *	%AUDMOD_NOTIFY_MAX_RESERVE); 0 means %AUDMOD_NOTIFY_DEFAULT_RESERVE.
 * @deliver: called for each notification, in order, from the delivery work
 *	item: process context, may sleep, never two at once, no notifier lock
 *	held. It may send; it must not flush, shut down or destroy its own
 *	notifier. NULL: with @deliver_atomic NULL too, notifications are
 *	consumed (and counted as delivered) without a consumer; with
 *	@deliver_atomic set, the process-context queue is not used at all.
 * @deliver_atomic: called for each accepted notification from the send
 *	path itself, without a work item between: see the DOC section
 *	"Atomic delivery" for its contract. NULL: no atomic consumer.
 * @ctx: first argument of @deliver and @deliver_atomic.
 * @debugfs_parent: directory under which a directory @name is created with
 *	the files "stats" (counters) and "config"; NULL: no debugfs files.
 * @name: name of that directory; NULL means "notify".
 */
struct audmod_notifier_config {
	const guid_t *device_id;
	unsigned int queue_depth;
	unsigned int reserve_count;
	void (*deliver)(void *ctx, const struct audmod_notification *n);
	void (*deliver_atomic)(void *ctx, const struct audmod_notification *n);
	void *ctx;
	struct dentry *debugfs_parent;
	const char *name;
};

/**
 * struct audmod_notifier_stats - a consistent snapshot of a notifier
 * @sent: sends accepted; each took a sequence number.
 * @delivered: entries taken off the queue for the consumer.
 * @dropped: accepted sends that will never be delivered: the sum of the
 *	three dropped_* counters. sent == delivered + dropped + depth.
 * @dropped_overflow: oldest entries dropped because the queue was full.
 * @dropped_nomem: payloads over %AUDMOD_NOTIFY_SMALL_BYTES whose GFP_ATOMIC
 *	copy failed (the send returned -ENOMEM).
 * @dropped_shutdown: entries still queued at shutdown, discarded.
 * @refused: sends refused: invalid arguments or payload, device id
 *	mismatch, after shutdown. They take no sequence number.
 * @alloc_failed: audmod_notifier_alloc_buffer() calls that returned
 *	-ENOMEM.
 * @reserve_used: NonPaged buffers taken from the reserve.
 * @depth: entries queued now.
 * @max_depth: highest @depth seen.
 * @queue_depth: capacity of the queue.
 * @reserve_free: reserve buffers ready now.
 * @reserve_count: reserve buffers the notifier keeps when refilled.
 * @shut_down: audmod_notifier_shutdown() has begun: sends are refused.
 * @atomic_delivered: notifications handed to the atomic consumer.
 * @atomic_dropped: accepted sends the atomic consumer will never see: its
 *	queue was full (oldest dropped), the copy of a large payload failed,
 *	or the notifier shut down. With an atomic consumer,
 *	sent == atomic_delivered + atomic_dropped + atomic_depth.
 * @atomic_deferred: deliveries handed to the irq_work because the sender's
 *	context could not run the atomic consumer.
 * @atomic_depth: entries waiting for the atomic consumer now.
 */
struct audmod_notifier_stats {
	u64 sent, delivered, dropped;
	u64 dropped_overflow, dropped_nomem, dropped_shutdown;
	u64 refused;
	u64 alloc_failed, reserve_used;
	u32 depth, max_depth, queue_depth;
	u32 reserve_free, reserve_count;
	bool shut_down;
	u64 atomic_delivered, atomic_dropped, atomic_deferred;
	u32 atomic_depth;
};

/**
 * audmod_notifier_create() - create the notification port of one device
 * @cfg: configuration; read during the call only.
 *
 * Allocates the queue slots and fills the reserve. Process context, may
 * sleep.
 *
 * Return: the notifier, ERR_PTR(-EINVAL) for a NULL @cfg or device id or a
 * depth or reserve count over its maximum, ERR_PTR(-ENOMEM).
 */
struct audmod_notifier *audmod_notifier_create(const struct audmod_notifier_config *cfg);

/**
 * audmod_notifier_shutdown() - stop a notifier
 * @n: the notifier
 *
 * From the start of the call every send is refused with -ESHUTDOWN. Waits
 * for a deliver callback in progress to return; after that no callback is
 * made. Entries still queued are discarded and counted in
 * &audmod_notifier_stats.dropped_shutdown (call audmod_notifier_flush()
 * first to have them delivered). Sends racing with this call either
 * complete before it (and are counted) or are refused; none is lost
 * uncounted. Buffers may still be allocated and freed. Calling it again
 * does nothing more. Process context, may sleep; not from @deliver.
 */
void audmod_notifier_shutdown(struct audmod_notifier *n);

/**
 * audmod_notifier_destroy() - shut a notifier down and free it
 * @n: the notifier, or NULL (nothing is done)
 *
 * Shuts down if needed, removes the debugfs files and frees the queue with
 * everything still in it, the reserve and @n. The caller must make sure no
 * call on @n starts after this one begins. Buffers allocated from @n do not
 * depend on it and stay valid until freed. Process context, may sleep.
 */
void audmod_notifier_destroy(struct audmod_notifier *n);

/**
 * audmod_notifier_flush() - wait for the queue to drain
 * @n: the notifier
 *
 * Returns when every notification queued before the call has been delivered
 * (or dropped) and a reserve refill scheduled before the call has finished.
 * Process context, may sleep; not from @deliver.
 */
void audmod_notifier_flush(struct audmod_notifier *n);

/**
 * audmod_notifier_get_stats() - read the counters
 * @n: the notifier
 * @st: filled with a consistent snapshot
 *
 * Any context but NMI.
 */
void audmod_notifier_get_stats(struct audmod_notifier *n,
			       struct audmod_notifier_stats *st);

/**
 * audmod_notifier_alloc_buffer() - AllocNotificationBuffer
 * @n: the notifier whose reserve backs NonPaged buffers
 * @pool_type: %AUDMOD_PAGED_POOL, %AUDMOD_NON_PAGED_POOL or
 *	%AUDMOD_NON_PAGED_POOL_NX (see enum audmod_pool_type)
 * @bytes: payload size, 1 to %AUDMOD_NOTIFICATION_MAX_BYTES
 * @out: receives the buffer; unchanged on error
 *
 * The buffer is zeroed and has &audmod_notification_buffer.size == @bytes.
 * Context: PagedPool, process context that may sleep; NonPaged, any
 * context but NMI (never sleeps).
 *
 * Return: 0; -EINVAL for a NULL @n or @out, @bytes 0 or over 65535, a pool
 * type other than the three above, or PagedPool where sleeping is not
 * allowed; -ENOMEM when the allocation and (NonPaged, small) the reserve
 * fail.
 */
int audmod_notifier_alloc_buffer(struct audmod_notifier *n, u32 pool_type,
				 u32 bytes,
				 struct audmod_notification_buffer **out);

/**
 * audmod_notifier_free_buffer() - FreeNotificationBuffer
 * @n: the notifier the buffer came from, whose reserve takes a reserve
 *	buffer back; NULL once that notifier is destroyed (or to just free)
 * @buf: the buffer, or NULL (nothing is done)
 *
 * Any context but NMI (Windows allows PASSIVE_LEVEL only). A buffer may
 * outlive its notifier: free it with @n NULL then.
 */
void audmod_notifier_free_buffer(struct audmod_notifier *n,
				 struct audmod_notification_buffer *buf);

/**
 * audmod_notifier_send() - SendNotification
 * @n: the notifier
 * @notification_id: must be &audmod_ksnotificationid_audiomodule
 * @buf: payload: the header, whose device id must be the notifier's and
 *	whose reserved field must be zero, then vendor bytes
 *
 * Copies the payload, queues it and returns; the caller may free @buf at
 * once. Payloads of at most %AUDMOD_NOTIFY_SMALL_BYTES never allocate. A
 * full queue drops its oldest entry. Any context but NMI.
 *
 * Return: 0 when queued; -EINVAL for a NULL argument, a wrong notification
 * id, a payload shorter than the header, a device id mismatch or a non-zero
 * reserved field (all counted in &audmod_notifier_stats.refused, except a
 * NULL @n); -ESHUTDOWN after shutdown (refused); -ENOMEM when the copy of a
 * large payload failed (counted as sent and dropped: it took a sequence
 * number the consumer will see missing).
 */
int audmod_notifier_send(struct audmod_notifier *n,
			 const guid_t *notification_id,
			 const struct audmod_notification_buffer *buf);

#endif /* AUDMOD_NOTIFY_H */
