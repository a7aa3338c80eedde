// SPDX-License-Identifier: GPL-2.0
/*
 * Sample allocator with a release-notify hook: IMemAllocator +
 * IMemAllocatorCallbackTemp ported to the kernel. The contract, the
 * contexts and the cost of each call are in include/audmod/sample_alloc.h.
 *
 * What protects what. The free samples are a FIFO with a consumer side
 * (getters) and a producer side (the last put of a sample), each under its
 * own lock, as ptr_ring splits them: a get and a put on different CPUs do
 * not contend, and neither writes what the other side writes.
 * - sa->fast.lock (the "allocator lock", the consumer side): free_head, taken,
 *   props, destroying, wakeups, and with sa->fast.put_lock also held for writes:
 *   state (from the committed state), ring and free_with_ring.
 * - sa->fast.put_lock (the "release lock", the producer side, nested inside
 *   sa->fast.lock): free_tail, returned, releases, sleepers, and the retiring of
 *   a decommitted ring (state to idle, ring to NULL).
 *   Both are raw spinlocks, because samples are taken and put from hard
 *   interrupt context also on PREEMPT_RT, taken irqsave or, where the
 *   caller may sleep, _irq. Nothing under them allocates, frees or takes
 *   a spinlock_t.
 * - The FIFO itself (the ring's fifo[]): a put writes the slot at free_tail,
 *   then publishes it with a release store of returned; a get reads
 *   returned with an acquire load and then the slot at free_head. returned
 *   - taken is the number of free samples. A slot a put writes was read by
 *   its get before (each sample is in the FIFO at most once, and the get
 *   that read the slot precedes this put through the get lock, the holder
 *   and the release lock), so no slot needs a lock of both sides.
 * - sa->wait: a simple wait queue (its own raw lock, nested inside both),
 *   so that a put in hard interrupt context may wake a getter.
 * - sa->config_lock (mutex): serialises the configuration calls and is the
 *   update-side lock of sa->fast.hook.
 * - sa->fast.hook: RCU. Readers are the release path; the writer waits for a
 *   grace period before dropping the old owner's reference.
 * - sample->ref: atomic; a sample whose count is 0 is on the free list.
 *
 * Lifetime: the buffer and the sample array live in a ring. A ring exists
 * from commit until it has been decommitted and every sample is back; the
 * last put then queues ring->free_work, because dma_free_coherent() must
 * not run with interrupts disabled and puts may come from any context.
 * When the allocator has been destroyed, that same work frees it, after an
 * RCU grace period (concurrent puts may still be reading sa->fast.hook).
 */
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/swait.h>
#include <linux/workqueue.h>

#include <audmod/sample_alloc.h>

#include "compat.h"
#include "core.h"
#include "core_kunit.h"
#include "trace_core.h"

/**
 * struct audmod_sa_ring - one committed buffer and its samples
 * @dev: device the buffer was allocated on (a reference is held), or NULL
 *	for an adopted buffer, which is not ours to free.
 * @cpu_base: CPU address of the buffer.
 * @dma_base: DMA address of the buffer.
 * @bytes: size of the buffer (adopted: as given by its owner).
 * @dying_sa: set when the allocator was destroyed before this ring was
 *	retired; the free work then frees the allocator too.
 * @free_work: frees the ring (and @dying_sa) in process context.
 * @nsamples: number of entries in @samples and in @fifo.
 * @fifo: the free samples, a circular FIFO from
 *	&audmod_sample_allocator.free_head (taken there) to
 *	&audmod_sample_allocator.free_tail (returned there). An array rather
 *	than a list: a take and a return each move one pointer and one index,
 *	with no list links to update (or, with CONFIG_DEBUG_LIST, to validate),
 *	and the two ends never touch the same field. A sample is in it at most
 *	once, so it never overflows.
 * @samples: the samples; @fifo follows them in the same allocation.
 */
struct audmod_sa_ring {
	struct device *dev;
	void *cpu_base;
	dma_addr_t dma_base;
	size_t bytes;
	struct audmod_sample_allocator *dying_sa;
	struct work_struct free_work;
	u32 nsamples;
	struct audmod_sample **fifo;
	struct audmod_sample samples[];
};

/**
 * struct audmod_sample_allocator - the allocator (CMemAllocator)
 * @fast: what the inline get and put use: both locks, the FIFO's indices
 *	and slots, the state, the counters they keep and the hook (see
 *	&struct audmod_sa_fast); first, so audmod_sa_fast() is a cast.
 * @wait: getters asleep for a sample, all exclusive waiters.
 * @destroying: audmod_sa_destroy() is waiting for the sleepers to leave.
 * @free_with_ring: audmod_sa_destroy() is done; the ring's free work frees
 *	the allocator.
 * @ring: the current ring, NULL when idle.
 * @props: the properties in force.
 * @props_set: @props were set.
 * @wakeups: times a sleeping getter was woken (by a release or decommit).
 * @sleepers_gone: completed when the last sleeper leaves a destroyed
 *	allocator.
 * @config_lock: serialises the configuration calls; protects hook writes.
 * @dev: device for the DMA API (a reference is held).
 * @name: name for messages.
 */
struct audmod_sample_allocator {
	struct audmod_sa_fast fast;
	struct swait_queue_head wait;
	bool destroying;
	bool free_with_ring;
	struct audmod_sa_ring *ring;
	struct audmod_alloc_props props;
	bool props_set;
	u64 wakeups;

	struct completion sleepers_gone ____cacheline_aligned_in_smp;
	struct mutex config_lock;	/* see the file comment */
	struct device *dev;
	const char *name;
};

/* Frees retired rings; drained at module exit so no work outlives the code. */
static struct workqueue_struct *audmod_sa_wq;

static u32 audmod_sa_stride(const struct audmod_alloc_props *p)
{
	return p->prefix + p->size;
}

static void audmod_sa_free_object(struct audmod_sample_allocator *sa)
{
	mutex_destroy(&sa->config_lock);
	put_device(sa->dev);
	kfree_const(sa->name);
	kfree(sa);
}

static void audmod_sa_ring_free(struct audmod_sa_ring *ring)
{
	struct audmod_sample_allocator *sa = ring->dying_sa;

	if (ring->dev) {
		dma_free_coherent(ring->dev, ring->bytes, ring->cpu_base,
				  ring->dma_base);
		put_device(ring->dev);
	}
	kfree(ring);
	if (sa) {
		/* Puts that returned earlier samples may still read sa->fast.hook. */
		synchronize_rcu();
		audmod_sa_free_object(sa);
	}
}

static void audmod_sa_ring_free_work(struct work_struct *work)
{
	audmod_sa_ring_free(container_of(work, struct audmod_sa_ring,
					 free_work));
}

static struct audmod_sa_ring *audmod_sa_ring_alloc(u32 count)
{
	struct audmod_sa_ring *ring;
	size_t head = struct_size(ring, samples, count);

	/* NOWARN: a count too large to allocate is -ENOMEM, not a splat. */
	ring = kzalloc(size_add(head, array_size(count, sizeof(*ring->fifo))),
		       GFP_KERNEL | __GFP_NOWARN);
	if (!ring)
		return NULL;
	ring->nsamples = count;
	ring->fifo = (struct audmod_sample **)((u8 *)ring + head);
	INIT_WORK(&ring->free_work, audmod_sa_ring_free_work);
	return ring;
}

/* Lay the samples out over the ring's buffer. */
static void audmod_sa_ring_carve(struct audmod_sample_allocator *sa,
				 struct audmod_sa_ring *ring)
{
	u32 stride = audmod_sa_stride(&sa->props);
	u32 i;

	for (i = 0; i < ring->nsamples; i++) {
		struct audmod_sample *s = &ring->samples[i];
		size_t off = (size_t)i * stride + sa->props.prefix;

		s->cpu_addr = ring->cpu_base + off;
		s->dma_addr = ring->dma_base + off;
		s->size = sa->props.size;
		s->index = i;
		s->allocator = sa;
		refcount_set(&s->ref, 0);
	}
}

/* Both locks, for a change of state out of or into the committed state. */
static void audmod_sa_lock_both(struct audmod_sample_allocator *sa)
	__acquires(&sa->fast.lock) __acquires(&sa->fast.put_lock)
{
	raw_spin_lock_irq(&sa->fast.lock);
	raw_spin_lock(&sa->fast.put_lock);
}

static void audmod_sa_unlock_both(struct audmod_sample_allocator *sa)
	__releases(&sa->fast.put_lock) __releases(&sa->fast.lock)
{
	raw_spin_unlock(&sa->fast.put_lock);
	raw_spin_unlock_irq(&sa->fast.lock);
}

/* Free samples; with both locks held, or when either side is frozen. */
static u32 audmod_sa_nfree(const struct audmod_sample_allocator *sa)
{
	return sa->fast.returned - sa->fast.taken;
}

/* Make @ring current, every sample free; both locks held. */
static void audmod_sa_install_locked(struct audmod_sample_allocator *sa,
				     struct audmod_sa_ring *ring)
{
	u32 i;

	lockdep_assert_held(&sa->fast.lock);
	lockdep_assert_held(&sa->fast.put_lock);
	for (i = 0; i < ring->nsamples; i++)
		ring->fifo[i] = &ring->samples[i];
	sa->fast.head = 0;
	sa->fast.tail = 0;
	sa->fast.taken = 0;
	sa->fast.returned = ring->nsamples;
	sa->fast.fifo = ring->fifo;
	sa->fast.nsamples = ring->nsamples;
	sa->ring = ring;
	WRITE_ONCE(sa->fast.state, AUDMOD_SA_COMMITTED);
}

/*
 * Every sample is back and the allocator is not committed: drop the ring.
 * The release lock held (the last put has only that one); getters see a
 * state other than committed either way.
 */
static struct audmod_sa_ring *
audmod_sa_retire_locked(struct audmod_sample_allocator *sa)
{
	struct audmod_sa_ring *ring = sa->ring;

	lockdep_assert_held(&sa->fast.put_lock);
	sa->ring = NULL;
	/* No put comes (every sample is back), no get (not committed). */
	sa->fast.fifo = NULL;
	WRITE_ONCE(sa->fast.state, AUDMOD_SA_IDLE);
	if (sa->free_with_ring)
		ring->dying_sa = sa;
	return ring;
}

struct audmod_sample_allocator *audmod_sa_create(struct device *dev,
						 const char *name)
{
	struct audmod_sample_allocator *sa;

	/* The inline helpers reach it by a cast (audmod_sa_fast()). */
	BUILD_BUG_ON(offsetof(struct audmod_sample_allocator, fast) != 0);
	might_sleep();
	if (!dev || !name)
		return ERR_PTR(-EINVAL);
	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa)
		return ERR_PTR(-ENOMEM);
	sa->name = kstrdup_const(name, GFP_KERNEL);
	if (!sa->name) {
		kfree(sa);
		return ERR_PTR(-ENOMEM);
	}
	raw_spin_lock_init(&sa->fast.lock);
	raw_spin_lock_init(&sa->fast.put_lock);
	init_swait_queue_head(&sa->wait);
	sa->fast.state = AUDMOD_SA_IDLE;
	init_completion(&sa->sleepers_gone);
	mutex_init(&sa->config_lock);
	RCU_INIT_POINTER(sa->fast.hook, NULL);
	sa->dev = get_device(dev);
	return sa;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_create, AUDMOD_NS);

/* Swap the hook; returns the old one, still referenced and maybe running. */
static struct audmod_release_hook *
audmod_sa_swap_hook(struct audmod_sample_allocator *sa,
		    struct audmod_release_hook *hook)
{
	lockdep_assert_held(&sa->config_lock);
	if (hook)
		kref_get(hook->owner);
	return rcu_replace_pointer(sa->fast.hook, hook,
				   lockdep_is_held(&sa->config_lock));
}

static void audmod_sa_drop_hook(struct audmod_release_hook *old)
{
	if (!old)
		return;
	/* Wait out every release path that may still be calling @old. */
	synchronize_rcu();
	kref_put(old->owner, old->owner_release);
}

int audmod_sa_set_notify(struct audmod_sample_allocator *sa,
			 struct audmod_release_hook *hook)
{
	struct audmod_release_hook *old;

	might_sleep();
	if (!sa)
		return -EINVAL;
	if (hook && (!hook->notify_release || !hook->owner ||
		     !hook->owner_release))
		return -EINVAL;
	mutex_lock(&sa->config_lock);
	old = audmod_sa_swap_hook(sa, hook);
	/*
	 * Still under config_lock: a concurrent set_notify() must not return
	 * before the hook it replaced has stopped running.
	 */
	audmod_sa_drop_hook(old);
	mutex_unlock(&sa->config_lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_set_notify, AUDMOD_NS);

/* Check @req and compute the actual properties. */
static int audmod_sa_check_props(const struct audmod_alloc_props *req,
				 struct audmod_alloc_props *act)
{
	u32 stride;
	size_t total;

	if (!req->count || !req->size)
		return -EINVAL;
	if (!is_power_of_2(req->align) || req->align > PAGE_SIZE)
		return -EINVAL;
	if (check_add_overflow(req->size, req->prefix, &stride) ||
	    check_add_overflow(stride, req->align - 1, &stride))
		return -EINVAL;
	stride &= ~(req->align - 1);
	if (check_mul_overflow((size_t)stride, (size_t)req->count, &total) ||
	    total > INT_MAX)
		return -EINVAL;
	*act = *req;
	act->size = stride - req->prefix;
	return 0;
}

int audmod_sa_set_props(struct audmod_sample_allocator *sa,
			const struct audmod_alloc_props *req,
			struct audmod_alloc_props *actual)
{
	struct audmod_alloc_props act;
	int ret;

	might_sleep();
	if (!sa || !req)
		return -EINVAL;
	ret = audmod_sa_check_props(req, &act);
	if (ret)
		return ret;

	mutex_lock(&sa->config_lock);
	audmod_sa_lock_both(sa);
	if (sa->fast.state == AUDMOD_SA_COMMITTED) {
		ret = -EBUSY;
	} else if (sa->fast.state == AUDMOD_SA_DECOMMITTING) {
		ret = -EAGAIN;
	} else {
		sa->props = act;
		sa->props_set = true;
	}
	audmod_sa_unlock_both(sa);
	mutex_unlock(&sa->config_lock);
	if (!ret && actual)
		*actual = act;
	return ret;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_set_props, AUDMOD_NS);

int audmod_sa_get_props(struct audmod_sample_allocator *sa,
			struct audmod_alloc_props *props)
{
	unsigned long flags;

	if (!sa || !props)
		return -EINVAL;
	raw_spin_lock_irqsave(&sa->fast.lock, flags);
	*props = sa->props;
	raw_spin_unlock_irqrestore(&sa->fast.lock, flags);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_get_props, AUDMOD_NS);

/*
 * Commit when a ring may already exist. Returns 1 if the call is complete
 * (already committed, or a pending decommit was cancelled) with *ret set,
 * 0 if a new ring is needed. @cpu_addr is NULL for an owned ring.
 */
static int audmod_sa_resume(struct audmod_sample_allocator *sa, void *cpu_addr,
			    dma_addr_t dma_addr, size_t bytes, int *ret)
{
	struct audmod_sa_ring *ring;
	int done = 1;

	lockdep_assert_held(&sa->config_lock);
	audmod_sa_lock_both(sa);
	ring = sa->ring;
	if (sa->fast.state == AUDMOD_SA_IDLE) {
		done = 0;
	} else if (cpu_addr && (ring->dev || ring->cpu_base != cpu_addr ||
				ring->dma_base != dma_addr ||
				ring->bytes != bytes)) {
		*ret = -EBUSY;
	} else {
		WRITE_ONCE(sa->fast.state, AUDMOD_SA_COMMITTED);
		*ret = 0;
	}
	audmod_sa_unlock_both(sa);
	return done;
}

int audmod_sa_commit(struct audmod_sample_allocator *sa)
{
	struct audmod_sa_ring *ring;
	size_t bytes;
	int ret;

	might_sleep();
	if (!sa)
		return -EINVAL;
	mutex_lock(&sa->config_lock);
	if (audmod_sa_resume(sa, NULL, 0, 0, &ret))
		goto out;
	ret = -EINVAL;
	if (!sa->props_set || !sa->dev->coherent_dma_mask)
		goto out;
	ret = -ENOMEM;
	ring = audmod_sa_ring_alloc(sa->props.count);
	if (!ring)
		goto out;
	bytes = (size_t)audmod_sa_stride(&sa->props) * sa->props.count;
	/* NOWARN: a too-large ring is the caller's -ENOMEM, not a splat. */
	ring->cpu_base = dma_alloc_coherent(sa->dev, bytes, &ring->dma_base,
					    GFP_KERNEL | __GFP_NOWARN);
	if (!ring->cpu_base) {
		kfree(ring);
		goto out;
	}
	ring->dev = get_device(sa->dev);
	ring->bytes = bytes;
	audmod_sa_ring_carve(sa, ring);
	audmod_sa_lock_both(sa);
	audmod_sa_install_locked(sa, ring);
	audmod_sa_unlock_both(sa);
	ret = 0;
out:
	mutex_unlock(&sa->config_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_commit, AUDMOD_NS);

int audmod_sa_commit_adopt(struct audmod_sample_allocator *sa, void *cpu_addr,
			   dma_addr_t dma_addr, size_t bytes)
{
	struct audmod_sa_ring *ring;
	u32 align;
	int ret;

	might_sleep();
	if (!sa || !cpu_addr)
		return -EINVAL;
	mutex_lock(&sa->config_lock);
	ret = -EINVAL;
	if (!sa->props_set)
		goto out;
	align = sa->props.align;
	if (!IS_ALIGNED((unsigned long)cpu_addr, align) ||
	    !IS_ALIGNED(dma_addr, align) ||
	    bytes < (size_t)audmod_sa_stride(&sa->props) * sa->props.count)
		goto out;
	if (audmod_sa_resume(sa, cpu_addr, dma_addr, bytes, &ret))
		goto out;
	ret = -ENOMEM;
	ring = audmod_sa_ring_alloc(sa->props.count);
	if (!ring)
		goto out;
	ring->cpu_base = cpu_addr;
	ring->dma_base = dma_addr;
	ring->bytes = bytes;
	audmod_sa_ring_carve(sa, ring);
	audmod_sa_lock_both(sa);
	audmod_sa_install_locked(sa, ring);
	audmod_sa_unlock_both(sa);
	ret = 0;
out:
	mutex_unlock(&sa->config_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_commit_adopt, AUDMOD_NS);

/*
 * Leave the committed state; the caller then wakes every sleeper with
 * swake_up_all() (which may not run under the lock), and each sees the
 * state and fails with -ESHUTDOWN. Returns the ring if it can be freed now
 * (every sample is back), else NULL.
 */
static struct audmod_sa_ring *
audmod_sa_stop_locked(struct audmod_sample_allocator *sa)
{
	lockdep_assert_held(&sa->fast.lock);
	lockdep_assert_held(&sa->fast.put_lock);
	if (sa->fast.state != AUDMOD_SA_COMMITTED)
		return NULL;
	WRITE_ONCE(sa->fast.state, AUDMOD_SA_DECOMMITTING);
	if (audmod_sa_nfree(sa) < sa->ring->nsamples)
		return NULL;
	return audmod_sa_retire_locked(sa);
}

void audmod_sa_decommit(struct audmod_sample_allocator *sa)
{
	struct audmod_sa_ring *ring;

	might_sleep();
	if (!sa)
		return;
	mutex_lock(&sa->config_lock);
	audmod_sa_lock_both(sa);
	ring = audmod_sa_stop_locked(sa);
	audmod_sa_unlock_both(sa);
	swake_up_all(&sa->wait);
	mutex_unlock(&sa->config_lock);
	if (ring)
		audmod_sa_ring_free(ring);
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_decommit, AUDMOD_NS);

void audmod_sa_destroy(struct audmod_sample_allocator *sa)
{
	struct audmod_release_hook *old;
	struct audmod_sa_ring *ring;
	bool deferred, wait_sleepers;

	might_sleep();
	if (!sa)
		return;
	mutex_lock(&sa->config_lock);
	old = audmod_sa_swap_hook(sa, NULL);
	audmod_sa_lock_both(sa);
	ring = audmod_sa_stop_locked(sa);
	sa->destroying = true;
	wait_sleepers = sa->fast.sleepers;
	audmod_sa_unlock_both(sa);
	swake_up_all(&sa->wait);
	mutex_unlock(&sa->config_lock);

	/* Until free_with_ring is set nobody else frees sa: wait here. */
	if (wait_sleepers)
		wait_for_completion(&sa->sleepers_gone);
	audmod_sa_lock_both(sa);
	/* From here the return of the last held sample may free sa. */
	deferred = sa->fast.state == AUDMOD_SA_DECOMMITTING;
	sa->free_with_ring = deferred;
	audmod_sa_unlock_both(sa);

	/*
	 * Releases that came before may still run the old hook, or read
	 * sa->fast.hook of an allocator about to be freed: wait them out.
	 */
	synchronize_rcu();
	if (old)
		kref_put(old->owner, old->owner_release);
	if (ring)
		audmod_sa_ring_free(ring);
	if (!deferred)
		audmod_sa_free_object(sa);
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_destroy, AUDMOD_NS);

void audmod_sa_trace_get(struct audmod_sample_allocator *sa, u32 index,
			 u32 nfree)
{
	trace_audmod_sample_get(sa->name, index, nfree);
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_trace_get, AUDMOD_NS);

/* The inline take, traced: 0, -EAGAIN (none free) or -ESHUTDOWN. */
static int audmod_sa_take_traced(struct audmod_sample_allocator *sa,
				 struct audmod_sample **out)
{
	u32 nfree;
	int ret;

	lockdep_assert_held(&sa->fast.lock);
	ret = audmod_sa_take_locked(&sa->fast, out, &nfree);
	if (!ret)
		trace_audmod_sample_get(sa->name, (*out)->index, nfree);
	return ret;
}

/*
 * Sleep once as an exclusive waiter, entered and left with the allocator
 * lock held. The getter queues itself, then counts itself in @sleepers
 * under the release lock and looks for a sample once more: a put either
 * came before (the getter sees its sample and does not sleep) or sees the
 * count and wakes it. A pending signal is seen before sleeping; being
 * woken (by a release, decommit or a signal) says nothing about what is
 * left: the caller looks again.
 */
static int audmod_sa_sleep_locked(struct audmod_sample_allocator *sa)
{
	DECLARE_SWAITQUEUE(wait);
	bool avail, gone;

	lockdep_assert_held(&sa->fast.lock);
	if (signal_pending(current))
		return -ERESTARTSYS;
	prepare_to_swait_exclusive(&sa->wait, &wait, TASK_INTERRUPTIBLE);
	raw_spin_lock(&sa->fast.put_lock);
	avail = audmod_sa_nfree(sa);
	if (!avail)
		sa->fast.sleepers++;
	raw_spin_unlock(&sa->fast.put_lock);
	if (avail) {
		finish_swait(&sa->wait, &wait);
		return 0;
	}
	raw_spin_unlock_irq(&sa->fast.lock);
	schedule();
	raw_spin_lock_irq(&sa->fast.lock);
	finish_swait(&sa->wait, &wait);
	raw_spin_lock(&sa->fast.put_lock);
	sa->fast.sleepers--;
	gone = sa->destroying && !sa->fast.sleepers;
	raw_spin_unlock(&sa->fast.put_lock);
	sa->wakeups++;
	if (gone)
		complete(&sa->sleepers_gone);
	return 0;
}

int audmod_sa_get_buffer_slow(struct audmod_sample_allocator *sa, u32 flags,
			      struct audmod_sample **out)
{
	unsigned long irqflags;
	int ret;

	if (!sa || !out || (flags & ~AUDMOD_GBF_NOWAIT))
		return -EINVAL;
	if (flags & AUDMOD_GBF_NOWAIT) {
		raw_spin_lock_irqsave(&sa->fast.lock, irqflags);
		ret = audmod_sa_take_traced(sa, out);
		raw_spin_unlock_irqrestore(&sa->fast.lock, irqflags);
		return ret;
	}

	might_sleep();
	raw_spin_lock_irq(&sa->fast.lock);
	for (;;) {
		ret = audmod_sa_take_traced(sa, out);
		if (ret != -EAGAIN)
			break;
		ret = audmod_sa_sleep_locked(sa);
		if (ret)
			break;
	}
	raw_spin_unlock_irq(&sa->fast.lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_get_buffer_slow, AUDMOD_NS);

/*
 * The inline put found a sleeper, a state other than committed or a
 * tracepoint on; the sample is back in the FIFO and the release lock held.
 */
void audmod_sample_put_slow(struct audmod_sample_allocator *sa, u32 index,
			    unsigned long flags)
	__releases(&sa->fast.put_lock)
{
	struct audmod_sa_ring *retired = NULL;
	struct audmod_release_hook *hook;
	bool wake;

	lockdep_assert_held(&sa->fast.put_lock);
	trace_audmod_sample_release(sa->name, index,
				    /* A getter may be taking: a snapshot. */
				    sa->fast.returned - data_race(sa->fast.taken));
	wake = sa->fast.sleepers;
	/* Decommitting (set under both locks): no get changes taken now. */
	if (sa->fast.state == AUDMOD_SA_DECOMMITTING &&
	    sa->fast.returned - READ_ONCE(sa->fast.taken) == sa->ring->nsamples)
		retired = audmod_sa_retire_locked(sa);
	/*
	 * Enter the read-side section before unlocking: a destroyed allocator
	 * is freed only after a grace period that starts once its last
	 * sample is back, so sa stays valid until rcu_read_unlock(). A hook
	 * removed meanwhile is seen by rcu_dereference(), which set_notify()
	 * waits out; a hook set meanwhile may miss this release.
	 */
	rcu_read_lock();
	raw_spin_unlock_irqrestore(&sa->fast.put_lock, flags);
	/* Every waiter is exclusive: this wakes one. */
	if (wake)
		swake_up_one(&sa->wait);
	hook = rcu_dereference(sa->fast.hook);
	if (hook) {
		trace_audmod_sample_hook(sa->name, index);
		hook->notify_release(hook, sa, index);
	}
	rcu_read_unlock();

	if (retired)
		queue_work(audmod_sa_wq, &retired->free_work);
}
EXPORT_SYMBOL_NS_GPL(audmod_sample_put_slow, AUDMOD_NS);

int audmod_sa_free_count(struct audmod_sample_allocator *sa)
{
	unsigned long flags;
	int n;

	if (!sa)
		return -EINVAL;
	raw_spin_lock_irqsave(&sa->fast.lock, flags);
	raw_spin_lock(&sa->fast.put_lock);
	n = sa->fast.state == AUDMOD_SA_IDLE ? sa->props.count : audmod_sa_nfree(sa);
	raw_spin_unlock(&sa->fast.put_lock);
	raw_spin_unlock_irqrestore(&sa->fast.lock, flags);
	return n;
}
EXPORT_SYMBOL_NS_GPL(audmod_sa_free_count, AUDMOD_NS);

#if IS_ENABLED(CONFIG_KUNIT)
int audmod_sa_get_stats(struct audmod_sample_allocator *sa,
			struct audmod_sa_stats *stats)
{
	unsigned long flags;

	if (!sa || !stats)
		return -EINVAL;
	raw_spin_lock_irqsave(&sa->fast.lock, flags);
	raw_spin_lock(&sa->fast.put_lock);
	stats->sleepers = sa->fast.sleepers;
	stats->wakeups = sa->wakeups;
	stats->releases = sa->fast.releases;
	raw_spin_unlock(&sa->fast.put_lock);
	raw_spin_unlock_irqrestore(&sa->fast.lock, flags);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_sa_get_stats);

void audmod_sa_flush_deferred(void)
{
	might_sleep();
	flush_workqueue(audmod_sa_wq);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_sa_flush_deferred);
#endif

int audmod_sa_module_init(void)
{
	audmod_sa_wq = alloc_workqueue("audmod_sa", WQ_UNBOUND, 0);
	return audmod_sa_wq ? 0 : -ENOMEM;
}

void audmod_sa_module_exit(void)
{
	destroy_workqueue(audmod_sa_wq);
}
