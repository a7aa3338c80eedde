/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample allocator with a release-notify hook: the port of DirectShow's
 * IMemAllocator and IMemAllocatorCallbackTemp.
 */

/**
 * DOC: The DirectShow contract
 *
 * In DirectShow a filter that produces or consumes media data borrows its
 * buffers from an allocator (IMemAllocator). The allocator is configured
 * once with ALLOCATOR_PROPERTIES (how many buffers, how large, their
 * alignment and a prefix in front of each), committed (the memory is
 * allocated and buffers can be had), and then hands out media samples with
 * GetBuffer, each a reference-counted slice of that memory. A sample goes
 * back to the allocator's free list when its last reference is released;
 * Decommit stops GetBuffer and lets the memory go once every sample is
 * back. A client that wants to know when a sample comes back (to refill
 * it, to account for it) registers a callback with
 * IMemAllocatorCallbackTemp::SetNotify; the allocator calls its
 * NotifyRelease after each return.
 *
 * Here an allocator hands out struct audmod_sample slices of one
 * DMA-coherent buffer (its own, or one it adopts), in the same order of
 * use: set the properties, commit, get samples, put them back, decommit,
 * destroy. It knows nothing of ALSA; the PCM uses it as its DMA ring, one
 * sample per period, and its release hook is where audio modules see each
 * period.
 *
 * Error codes (HRESULT -> errno; one table for the whole API):
 *
 *   VFW_E_BADALIGN, bad sizes,
 *   VFW_E_SIZENOTSET, E_POINTER  -EINVAL     (nothing changed)
 *   VFW_E_ALREADY_COMMITTED      -EBUSY      set_props while committed
 *   VFW_E_BUFFERS_OUTSTANDING    -EAGAIN     set_props while decommitted
 *                                            samples are still held: retry
 *                                            once they are all back
 *   VFW_E_NOT_COMMITTED          -ESHUTDOWN  get_buffer when not committed,
 *                                            or woken by decommit
 *   VFW_E_TIMEOUT (AM_GBF_NOWAIT) -EAGAIN    get_buffer, no sample free
 *   E_OUTOFMEMORY                -ENOMEM     commit
 *   (a signal while asleep)      -ERESTARTSYS
 */

/**
 * DOC: Locking, contexts and cost
 *
 * Locking: two raw spinlocks per allocator, one for the getters' end of
 * the free list and one for the releasers' end (&struct audmod_sa_fast
 * says which protects what); they are taken with interrupts disabled, and
 * nothing under them allocates, frees or takes a sleeping lock, so that the
 * hot path is valid in hard interrupt context also on PREEMPT_RT. Sleeping
 * getters wait on a simple wait queue (swait), whose wake-up is valid there
 * too. A mutex serialises the configuration calls (set_props, commit,
 * decommit, set_notify, destroy). The release hook is RCU-protected: it is
 * read under the release lock and called in a region RCU waits for (see
 * audmod_sa_call_hook()); audmod_sa_set_notify() waits a grace period.
 *
 * Contexts:
 *   any context, hard IRQ included:  audmod_sample_get(), audmod_sample_put(),
 *       audmod_sa_get_buffer() with AUDMOD_GBF_NOWAIT, audmod_sa_free_count(),
 *       audmod_sa_get_props()
 *   process context (may sleep):  everything else, and audmod_sa_get_buffer()
 *       without AUDMOD_GBF_NOWAIT.
 * The release hook runs in the context of whoever dropped the last
 * reference, so it must be callable from hard IRQ if anyone puts samples
 * there.
 *
 * Hot path cost (no memory is allocated, nothing sleeps):
 *   audmod_sa_get_buffer(), sample free: one irqsave acquisition of the
 *       allocator spinlock (the consumer side) and a pop from an array FIFO.
 *   audmod_sample_get(), audmod_sample_put() of a non-last reference: one
 *       atomic operation, no lock.
 *   audmod_sample_put() of the last reference: one atomic operation, one
 *       irqsave acquisition of the release spinlock (the producer side, so
 *       a get and a put on two CPUs do not contend; an array FIFO push), then,
 *       only if a getter sleeps, a wake-up of exactly one task, and only if
 *       a hook is set, one indirect call of the hook with preemption
 *       disabled (on PREEMPT_RT inside rcu_read_lock() instead).
 * The get (AUDMOD_GBF_NOWAIT) and the put are inline, so none of this is a
 * function call; sleeping, tracing, decommit and the wake-up are out of
 * line.
 */

/**
 * DOC: SetNotify and the base-class allocator
 *
 * The release hook (struct audmod_release_hook) is SetNotify's callback: it
 * is called after every return of a sample to the free list, with the
 * sample's index, in the context of whoever dropped the last reference.
 * audmod_sa_set_notify() sets, replaces or removes it; the allocator holds
 * a reference on the hook's owner while it is set.
 *
 * Differences from the DirectShow base classes (CBaseAllocator/CMemAllocator):
 * - A release wakes exactly one sleeping getter, not all of them.
 * - AUDMOD_GBF_NOWAIT leaves no waiter count behind.
 * - The free list is FIFO (the base classes use LIFO), so samples released in
 *   order come back in ring order.
 * - After audmod_sa_set_notify() returns, the previous hook is not running
 *   and will not run again (the base classes read m_pNotify unlocked).
 * - Decommit frees the memory as soon as the last sample is back (the
 *   base-class Free() is a no-op).
 * - Alignment must be a power of two no larger than PAGE_SIZE.
 */
#ifndef AUDMOD_SAMPLE_ALLOC_H
#define AUDMOD_SAMPLE_ALLOC_H

#include <linux/compiler.h>
#include <linux/kref.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/tracepoint-defs.h>
#include <linux/types.h>

struct device;
struct audmod_sample_allocator;

/**
 * struct audmod_alloc_props - allocator properties (ALLOCATOR_PROPERTIES)
 * @count: number of samples; 1 or more.
 * @size: usable bytes per sample, excluding @prefix; 1 or more.
 * @align: alignment of the start of each sample's prefix, a power of two
 *	from 1 to PAGE_SIZE. The sample stride is @prefix + @size rounded up
 *	to @align.
 * @prefix: bytes reserved in front of each sample, not part of its usable
 *	area.
 *
 * The whole ring (@count times the stride) must not exceed INT_MAX bytes.
 */
struct audmod_alloc_props {
	u32 count;
	u32 size;
	u32 align;
	u32 prefix;
};

/* AM_GBF_NOWAIT: fail with -EAGAIN instead of sleeping. */
#define AUDMOD_GBF_NOWAIT	0x4

/**
 * struct audmod_sample - one slice of the allocator's buffer (IMediaSample)
 * @cpu_addr: CPU address of the usable area (after the prefix).
 * @dma_addr: DMA address of the usable area (after the prefix).
 * @size: usable bytes: the actual (rounded) &audmod_alloc_props.size.
 * @index: position in the ring, 0 to count - 1.
 * @allocator: the allocator this sample belongs to.
 *
 * Users read the public fields and write the memory they describe while
 * they hold a reference; everything else goes through the functions below.
 * A sample is valid from audmod_sa_get_buffer() until its holder drops
 * the last reference.
 */
struct audmod_sample {
	void *cpu_addr;
	dma_addr_t dma_addr;
	u32 size;
	u32 index;
	struct audmod_sample_allocator *allocator;
	/* private: */
	refcount_t ref;		/* 0 while on the free list */
};

/**
 * struct audmod_release_hook - release notification
 *	(IMemAllocatorNotifyCallbackTemp), embedded in its owner
 * @notify_release: called after every return of a sample to the free list,
 *	with neither of the allocator's locks held, inside an RCU read-side
 *	critical section (preemption disabled, or rcu_read_lock(); so the
 *	hook's own RCU readers take rcu_read_lock() themselves), in the
 *	context of whoever dropped the last reference (see the header
 *	comment). It must not sleep. It may call
 *	audmod_sa_get_buffer() with AUDMOD_GBF_NOWAIT, audmod_sample_get()
 *	and audmod_sample_put(); a put that returns a sample from inside the
 *	hook calls the hook again, so the hook must bound that recursion. It
 *	must not call audmod_sa_set_notify() or any other sleeping function.
 * @owner: reference count of the object embedding the hook. The allocator
 *	holds one reference while the hook is set.
 * @owner_release: release function for @owner, called by kref_put().
 */
struct audmod_release_hook {
	void (*notify_release)(struct audmod_release_hook *hook,
			       struct audmod_sample_allocator *sa,
			       u32 sample_index);
	struct kref *owner;
	void (*owner_release)(struct kref *kref);
};

/**
 * audmod_sa_create() - create an allocator
 * @dev: device whose DMA API audmod_sa_commit() uses (a reference is held
 *	until the allocator's memory is freed); it needs a coherent DMA mask
 *	for audmod_sa_commit(), not for audmod_sa_commit_adopt().
 * @name: name for messages; copied.
 *
 * The allocator starts with no properties and not committed, with no hook.
 * Context: process; may sleep.
 * Return: the allocator, or ERR_PTR(-EINVAL) if @dev or @name is NULL, or
 * ERR_PTR(-ENOMEM).
 */
struct audmod_sample_allocator *audmod_sa_create(struct device *dev,
						 const char *name);

/**
 * audmod_sa_destroy() - decommit, drop the hook and free the allocator
 * @sa: allocator, or NULL (nothing happens).
 *
 * Wakes the getters asleep in audmod_sa_get_buffer() (they fail with
 * -ESHUTDOWN) and waits until they have left, removes the hook as
 * audmod_sa_set_notify(@sa, NULL) does, and frees the memory and the
 * allocator. If samples are still held, that freeing is deferred until the
 * last one is put back (from a work item): the holders keep valid samples
 * and may still call audmod_sample_get()/audmod_sample_put() on them. No
 * other call on @sa may run concurrently or follow.
 * Context: process; may sleep.
 */
void audmod_sa_destroy(struct audmod_sample_allocator *sa);

/**
 * audmod_sa_set_props() - agree on the ring geometry (SetProperties)
 * @sa: allocator.
 * @req: requested properties; see &struct audmod_alloc_props for the rules.
 * @actual: if not NULL, receives the properties in force on success: @req
 *	with size rounded up so that prefix + size is a multiple of align.
 *	Untouched on failure.
 *
 * Values are checked before the state, so bad input is always -EINVAL.
 * Context: process; may sleep.
 * Return: 0; -EINVAL for a NULL @sa or @req, a zero count or size, an
 * alignment that is not a power of two from 1 to PAGE_SIZE, or a ring that
 * does not fit in INT_MAX bytes; -EBUSY while committed; -EAGAIN while
 * decommitted with samples still held. On error nothing changes.
 */
int audmod_sa_set_props(struct audmod_sample_allocator *sa,
			const struct audmod_alloc_props *req,
			struct audmod_alloc_props *actual);

/**
 * audmod_sa_get_props() - read the properties in force (GetProperties)
 * @sa: allocator.
 * @props: receives the actual properties (all zero if none were set).
 *
 * Context: any.
 * Return: 0, or -EINVAL if @sa or @props is NULL.
 */
int audmod_sa_get_props(struct audmod_sample_allocator *sa,
			struct audmod_alloc_props *props);

/**
 * audmod_sa_commit() - allocate the ring and start handing out samples
 * @sa: allocator.
 *
 * Allocates count * stride bytes with dma_alloc_coherent() on the device of
 * audmod_sa_create(). Already committed: nothing to do. Decommitted with
 * samples still held: the decommit is cancelled and the same memory (owned
 * or adopted) is used again, as in CBaseAllocator::Commit.
 * Context: process; may sleep.
 * Return: 0; -EINVAL if @sa is NULL, no properties are set
 * (VFW_E_SIZENOTSET) or the device has no coherent DMA mask; -ENOMEM.
 * On error nothing changes.
 */
int audmod_sa_commit(struct audmod_sample_allocator *sa);

/**
 * audmod_sa_commit_adopt() - commit on a buffer owned by someone else
 * @sa: allocator.
 * @cpu_addr: CPU address of the buffer (for example a PCM runtime's
 *	dma_area); aligned to the properties' align.
 * @dma_addr: its DMA address; aligned likewise.
 * @bytes: its size: at least count * stride.
 *
 * Sample i starts at @cpu_addr + i * stride (+ prefix). The buffer is never
 * freed here; its owner must keep it until the allocator is decommitted and
 * every sample is back (audmod_sa_free_count() equals the count), or until
 * audmod_sa_destroy() and the return of the last sample.
 * Already committed or decommitting on this same buffer: resumes, as
 * audmod_sa_commit() does.
 * Context: process; may sleep.
 * Return: 0; -EINVAL if @sa or @cpu_addr is NULL, no properties are set,
 * or the buffer is too small or misaligned; -EBUSY if committed or still
 * decommitting on another buffer; -ENOMEM. On error nothing changes.
 */
int audmod_sa_commit_adopt(struct audmod_sample_allocator *sa, void *cpu_addr,
			   dma_addr_t dma_addr, size_t bytes);

/**
 * audmod_sa_decommit() - stop handing out samples (Decommit)
 * @sa: allocator, or NULL.
 *
 * Every getter asleep in audmod_sa_get_buffer() wakes and fails with
 * -ESHUTDOWN, and later gets fail at once with -ESHUTDOWN until the next
 * commit. Samples still held are not touched: their holders keep using
 * them. The memory is freed now if every sample is back, otherwise when the
 * last one is put back (from a work item). Not committed: nothing to do.
 * Context: process; may sleep.
 */
void audmod_sa_decommit(struct audmod_sample_allocator *sa);

/*
 * The allocator's tracepoints, so that the inline fast path below can test
 * whether they are on (one patched branch each) and leave the tracing to
 * the out-of-line slow path.
 */
DECLARE_TRACEPOINT(audmod_sample_get);
DECLARE_TRACEPOINT(audmod_sample_release);
DECLARE_TRACEPOINT(audmod_sample_hook);

/**
 * enum audmod_sa_state - allocator state; private to the inline helpers
 * @AUDMOD_SA_IDLE: no ring.
 * @AUDMOD_SA_COMMITTED: a ring; samples are handed out.
 * @AUDMOD_SA_DECOMMITTING: a ring; waiting for the held samples.
 */
enum audmod_sa_state {
	AUDMOD_SA_IDLE,
	AUDMOD_SA_COMMITTED,
	AUDMOD_SA_DECOMMITTING,
};

/**
 * struct audmod_sa_fast - the part of an allocator its inline fast path uses
 * @lock: the allocator lock, the consumer side: protects @head, @taken,
 *	and with @put_lock also held for writes, @state, @fifo and @nsamples.
 *	Raw, taken irqsave (or _irq where the caller may sleep).
 * @head: index in @fifo of the oldest free sample.
 * @taken: samples taken since the ring was installed (wraps).
 * @state: &enum audmod_sa_state; read by the put side under @put_lock.
 * @nsamples: entries in @fifo (the ring's sample count).
 * @fifo: the free samples, a circular array from @head (taken there) to
 *	@tail (returned there); NULL when idle. A sample is in it at most
 *	once, so it never overflows.
 * @put_lock: the release lock, the producer side, nested inside @lock:
 *	protects @tail, @returned, @releases and @sleepers. Raw, irqsave. On
 *	a cache line of its own, so that a get and a put on two CPUs do not
 *	write the same line.
 * @tail: index in @fifo of the next slot a put fills.
 * @returned: samples returned since the ring was installed, counting the
 *	whole ring as returned at install (wraps); @returned - @taken are
 *	free. A put publishes its slot with a release store of it, a get
 *	reads it with an acquire load before reading the slot.
 * @sleepers: getters asleep for a sample; a put that sees one takes the
 *	slow path, which wakes one.
 * @releases: samples returned to the free list since creation.
 * @hook: the release hook; written under the configuration mutex, read
 *	by the put side (see audmod_sample_put()).
 *
 * Every field is private to the inline helpers below and to
 * driver/sample_alloc.c; it is public only so that a get and a put cost
 * no function call. It is the first member of the allocator, which is
 * otherwise opaque: audmod_sa_fast() converts.
 */
struct audmod_sa_fast {
	raw_spinlock_t lock;
	u32 head;
	u32 taken;
	enum audmod_sa_state state;
	u32 nsamples;
	struct audmod_sample **fifo;

	raw_spinlock_t put_lock ____cacheline_aligned_in_smp;
	u32 tail;
	u32 returned;
	u32 sleepers;
	u64 releases;
	struct audmod_release_hook __rcu *hook;
};

/**
 * audmod_sa_fast() - the fast-path part of an allocator
 * @sa: allocator.
 *
 * Return: @sa's &struct audmod_sa_fast (its first member).
 */
static inline struct audmod_sa_fast *
audmod_sa_fast(struct audmod_sample_allocator *sa)
{
	return (struct audmod_sa_fast *)sa;
}

/**
 * audmod_sa_take_locked() - take the oldest free sample, lock held
 * @f: the allocator's fast-path part; @f->lock held.
 * @out: receives the sample, which holds one reference.
 * @nfree: receives the free samples left.
 *
 * Context: @f->lock held, interrupts disabled.
 * Return: 0, -EAGAIN (none free) or -ESHUTDOWN (not committed).
 */
static inline int audmod_sa_take_locked(struct audmod_sa_fast *f,
					struct audmod_sample **out, u32 *nfree)
	__must_hold(&f->lock)
{
	struct audmod_sample *s;
	u32 returned;

	/* Only a put may change it meanwhile, from decommitting to idle. */
	if (unlikely(READ_ONCE(f->state) != AUDMOD_SA_COMMITTED))
		return -ESHUTDOWN;
	/* Pairs with the release store in audmod_sample_put(). */
	returned = smp_load_acquire(&f->returned);
	if (unlikely(returned == f->taken))
		return -EAGAIN;
	s = f->fifo[f->head];
	if (++f->head == f->nsamples)
		f->head = 0;
	/* Read by a put only once no get can succeed (decommitting). */
	WRITE_ONCE(f->taken, f->taken + 1);
	refcount_set(&s->ref, 1);
	*nfree = returned - f->taken;
	*out = s;
	return 0;
}

/**
 * audmod_sa_get_buffer_slow() - audmod_sa_get_buffer() out of line
 * @sa: allocator.
 * @flags: as for audmod_sa_get_buffer().
 * @out: as for audmod_sa_get_buffer().
 *
 * What audmod_sa_get_buffer() calls for everything but a plain
 * AUDMOD_GBF_NOWAIT get: sleeping, and argument checks. Not for direct use.
 * Context: as audmod_sa_get_buffer().
 * Return: as audmod_sa_get_buffer().
 */
int audmod_sa_get_buffer_slow(struct audmod_sample_allocator *sa, u32 flags,
			      struct audmod_sample **out);

/**
 * audmod_sa_trace_get() - emit the audmod_sample_get event
 * @sa: allocator.
 * @index: the sample taken.
 * @nfree: the free samples left.
 *
 * Called by the inline get only while the event is enabled.
 * Context: any.
 */
void audmod_sa_trace_get(struct audmod_sample_allocator *sa, u32 index,
			 u32 nfree);

/**
 * audmod_sa_get_buffer() - take a free sample (GetBuffer)
 * @sa: allocator.
 * @flags: 0 to sleep until a sample is free, or AUDMOD_GBF_NOWAIT.
 * @out: receives the sample, which holds one reference.
 *
 * Without AUDMOD_GBF_NOWAIT the caller sleeps interruptibly, as an
 * exclusive waiter: each release wakes one sleeper, decommit wakes all.
 * With it, the call fails at once and leaves no trace of having waited;
 * that case is inline: one irqsave acquisition of the allocator lock and a
 * pop from the FIFO.
 * Context: any with AUDMOD_GBF_NOWAIT (takes the allocator spinlock,
 * irqsave); process otherwise (may sleep).
 * Return: 0; -EAGAIN (AUDMOD_GBF_NOWAIT, none free); -ESHUTDOWN if not
 * committed, or decommitted while asleep; -ERESTARTSYS on a signal;
 * -EINVAL if @sa or @out is NULL or @flags has an unknown bit. *@out is set
 * only on success.
 */
static inline int audmod_sa_get_buffer(struct audmod_sample_allocator *sa,
				       u32 flags, struct audmod_sample **out)
{
	struct audmod_sa_fast *f;
	struct audmod_sample *s;
	unsigned long irqflags;
	u32 nfree;
	int ret;

	if (unlikely(flags != AUDMOD_GBF_NOWAIT || !sa || !out))
		return audmod_sa_get_buffer_slow(sa, flags, out);
	f = audmod_sa_fast(sa);
	raw_spin_lock_irqsave(&f->lock, irqflags);
	ret = audmod_sa_take_locked(f, &s, &nfree);
	raw_spin_unlock_irqrestore(&f->lock, irqflags);
	if (ret)
		return ret;
	if (tracepoint_enabled(audmod_sample_get))
		audmod_sa_trace_get(sa, s->index, nfree);
	*out = s;
	return 0;
}

/**
 * audmod_sample_get() - take an extra reference on a held sample (AddRef)
 * @s: sample the caller holds a reference on.
 *
 * Context: any.
 */
static inline void audmod_sample_get(struct audmod_sample *s)
{
	refcount_inc(&s->ref);
}

/**
 * audmod_sample_put_slow() - the rest of a last put, out of line
 * @sa: allocator.
 * @index: the sample just returned.
 * @flags: the interrupt state saved when @sa's put_lock was taken.
 *
 * Called by audmod_sample_put() with the release lock held, the sample
 * already back in the FIFO, when a getter sleeps, the allocator is not
 * committed or a tracepoint is on. It releases the lock and restores
 * @flags. Not for direct use.
 * Context: any; the release lock held (released here).
 */
void audmod_sample_put_slow(struct audmod_sample_allocator *sa, u32 index,
			    unsigned long flags)
	__releases(&audmod_sa_fast(sa)->put_lock);

/**
 * audmod_sa_call_hook() - call the release hook, lock held on entry
 * @sa: allocator.
 * @index: the sample returned.
 * @flags: the interrupt state to restore.
 *
 * Reads the hook while the release lock is still held, then releases the
 * lock and calls the hook, if any, with interrupts restored to @flags.
 * Without PREEMPT_RT the read and the call sit in one region with
 * preemption disabled (the lock's, then preempt_disable()): since Linux
 * 4.20 synchronize_rcu() waits for such regions as for rcu_read_lock(),
 * so audmod_sa_set_notify() and the freeing of a destroyed allocator
 * (both after synchronize_rcu()) wait out this call, and it costs no
 * function call. On PREEMPT_RT the hook may take sleeping spinlocks, so
 * it runs in an ordinary RCU read-side section instead.
 * Context: any; @sa's release lock held (released here).
 */
static inline void audmod_sa_call_hook(struct audmod_sample_allocator *sa,
				       u32 index, unsigned long flags)
	__releases(&audmod_sa_fast(sa)->put_lock)
{
	struct audmod_sa_fast *f = audmod_sa_fast(sa);
	struct audmod_release_hook *hook;

	/* Preemption is off: the lock is held. */
	hook = rcu_dereference_sched(f->hook);
	if (!hook) {
		raw_spin_unlock_irqrestore(&f->put_lock, flags);
		return;
	}
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		rcu_read_lock();
	else
		preempt_disable();
	raw_spin_unlock_irqrestore(&f->put_lock, flags);
	hook->notify_release(hook, sa, index);
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		rcu_read_unlock();
	else
		preempt_enable();
}

/**
 * audmod_sample_put() - drop one reference (Release)
 * @s: sample.
 *
 * At zero the sample goes back to the end of the free list, one sleeping
 * getter is woken, and then, with the allocator's locks released, the release
 * hook (if one is set) is called once with the sample's index. After the
 * last put the caller must not touch @s or its memory again. Inline: a
 * non-last put is one atomic operation; a last one adds one irqsave
 * acquisition of the release lock and a push onto the FIFO, and with a
 * hook set one indirect call.
 * Context: any; the hook runs in the same context.
 */
static inline void audmod_sample_put(struct audmod_sample *s)
{
	struct audmod_sample_allocator *sa;
	struct audmod_sa_fast *f;
	unsigned long flags;
	u32 index;

	if (!refcount_dec_and_test(&s->ref))
		return;
	sa = s->allocator;
	f = audmod_sa_fast(sa);
	index = s->index;
	raw_spin_lock_irqsave(&f->put_lock, flags);
	/* A held sample keeps its ring current: it is retired without it. */
	f->fifo[f->tail] = s;
	if (++f->tail == f->nsamples)
		f->tail = 0;
	/* Publishes the slot to audmod_sa_take_locked(). */
	smp_store_release(&f->returned, f->returned + 1);
	f->releases++;
	if (unlikely(f->sleepers || f->state != AUDMOD_SA_COMMITTED ||
		     tracepoint_enabled(audmod_sample_release) ||
		     tracepoint_enabled(audmod_sample_hook))) {
		audmod_sample_put_slow(sa, index, flags);
		return;
	}
	audmod_sa_call_hook(sa, index, flags);
}

/**
 * audmod_sa_free_count() - number of free samples (GetFreeCount)
 * @sa: allocator.
 *
 * Committed or decommitting: the samples on the free list (count minus the
 * ones held). Otherwise, like CBaseAllocator::GetFreeCount, samples not
 * allocated yet count as free: the properties' count (0 if none are set).
 * Context: any.
 * Return: the count, or -EINVAL if @sa is NULL.
 */
int audmod_sa_free_count(struct audmod_sample_allocator *sa);

/**
 * audmod_sa_set_notify() - set, replace or remove the release hook (SetNotify)
 * @sa: allocator.
 * @hook: the new hook, or NULL to remove it. The caller must hold a
 *	reference on @hook->owner for the duration of the call.
 *
 * Takes a reference on the new hook's owner, installs the hook, waits for
 * an RCU grace period so that the previous hook is not running and will
 * never be called again, and then drops the previous owner's reference.
 * Context: process; may sleep. Never from inside a release hook.
 * Return: 0, or -EINVAL if @sa is NULL or @hook lacks @notify_release,
 * @owner or @owner_release (nothing changes).
 */
int audmod_sa_set_notify(struct audmod_sample_allocator *sa,
			 struct audmod_release_hook *hook);

#endif /* AUDMOD_SAMPLE_ALLOC_H */
