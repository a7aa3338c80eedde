// SPDX-License-Identifier: GPL-2.0
/*
 * Model-based KUnit suite for the sample allocator. A reference model,
 * written from the contract in include/audmod/sample_alloc.h alone, runs
 * beside the real allocator through long seeded pseudo-random sequences
 * of calls; after every call the two must agree on the return value, the
 * sample handed out, the free count, the properties, the release counter,
 * the hook owners' references and, call by call, the release-hook
 * invocations (which hook, which sample, at what nesting, what the hook
 * saw and did). A second case checks the concurrent contract at quiescent
 * points: a blocking getter and a releaser on two CPUs, a hard-irq timer
 * taking and releasing, and the hook set, replaced and removed meanwhile.
 *
 * Nothing here waits on time: blocked getters are released by the event
 * they wait for and joined with completions.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/kthread.h>
#include <linux/math.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>

#include <audmod/sample_alloc.h>

#include "compat.h"
#include "core_kunit.h"

#define SAM_NHOOKS	3
#define SAM_LOG_MAX	16
#define SAM_OPS		8000
/* The adopted buffer: two halves, A and B, each a distinct buffer. */
#define SAM_ABUF_BYTES	(1024 * 1024)
#define SAM_AHALF	(SAM_ABUF_BYTES / 2)
/* Rings the model insists can be committed; larger ones may be -ENOMEM. */
#define SAM_SURE_COUNT	4096
#define SAM_SURE_BYTES	(1024 * 1024)
/* Markers in the call log. */
#define SAM_UNSEEN	(-1000)
#define SAM_NO_ACT	(-1001)

/* Never a valid sample: shows that a failed get left *out alone. */
#define SAM_POISON	((struct audmod_sample *)ERR_PTR(-EFAULT))

enum sam_state { SAM_IDLE, SAM_COMMITTED, SAM_DECOMMITTING };

/* What a hook does at nesting depth 0, besides logging the call. */
enum sam_hook_mode {
	SAM_HOOK_PLAIN,		/* nothing */
	SAM_HOOK_REGET,		/* get (NOWAIT) and put at once: recursion */
	SAM_HOOK_KEEP,		/* get (NOWAIT) and keep the sample */
	SAM_HOOK_ADDREF,	/* get, addref, put, put: recursion */
	SAM_HOOK_NMODES
};

/* One release-hook call, as seen by the hook or predicted by the model. */
struct sam_call {
	int hook;		/* 1-based id */
	u32 index;
	int depth;
	int free_count;		/* audmod_sa_free_count() on entry */
	int act_ret;		/* the hook's own get, or SAM_NO_ACT */
	u32 act_index;
	bool sa_ok;		/* called with the right allocator */
};

struct sam_ctx;

struct sam_hook {
	struct audmod_release_hook hook;
	struct kref kref;
	int id;
	enum sam_hook_mode mode;
	bool removed;		/* set once set_notify() took it away */
	atomic_t late;		/* calls while removed: must stay 0 */
	atomic_t released;
	struct sam_ctx *ctx;
};

/* The model: state, free FIFO and per-sample references. */
struct sam_model {
	enum sam_state state;
	bool props_set;
	struct audmod_alloc_props props;	/* the actual ones */
	/* The ring, valid while not idle (kept until the next fresh one). */
	u32 n;
	u32 stride;
	u32 *fifo;
	u32 head;
	u32 nfree;
	u32 *ref;
	struct audmod_sample **ptr;	/* the real sample while held */
	u32 *held;			/* indices with ref > 0 */
	u32 *held_pos;
	u32 nheld;
	bool adopted;
	bool base_known;
	void *cpu_base;
	dma_addr_t dma_base;
	size_t bytes;
	/* The rest. */
	int hook;			/* 0: none */
	u64 releases;
	bool quiet;			/* hooks log only (blocking ops) */
	u32 kept[SAM_LOG_MAX];		/* samples a KEEP hook took, in order */
	int nkept;
};

struct sam_ctx {
	struct kunit *test;
	struct device *dev;
	struct audmod_sample_allocator *sa;
	void *abuf;
	dma_addr_t adma;
	struct sam_hook hooks[SAM_NHOOKS];
	/* What the hooks saw during the current operation. */
	bool quiet;
	int depth;
	struct sam_call log[SAM_LOG_MAX];
	int nlog;
	bool log_overflow;
	struct audmod_sample *stash[SAM_LOG_MAX];
	int nstash;
	/* What the model predicts for it. */
	struct sam_call exp[SAM_LOG_MAX];
	int nexp;
	struct sam_model m;
	/* The sequence. */
	u64 rng;
	u64 seed;
	int op;
	const char *opname;
	bool failed;
	/* A getter that may block, driven by completions. */
	struct task_struct *helper;
	struct completion h_req;
	struct completion h_done;
	bool h_stop;
	int h_ret;
	struct audmod_sample *h_s;
};

#define SAM_CHECK(c, cond, fmt, ...)					\
	do {								\
		struct sam_ctx *__c = (c);				\
									\
		if (!(cond)) {						\
			KUNIT_FAIL(__c->test,				\
				   "seed %#llx op %d (%s): " fmt,	\
				   __c->seed, __c->op, __c->opname,	\
				   ##__VA_ARGS__);			\
			__c->failed = true;				\
		}							\
	} while (0)

#define SAM_EQ(c, real, want)						\
	do {								\
		long long __r = (long long)(real);			\
		long long __w = (long long)(want);			\
		SAM_CHECK(c, __r == __w, "%s is %lld, model says %lld", \
			  #real, __r, __w);				\
	} while (0)

/* ---- pseudo-random numbers (xorshift64*), reproducible per seed ---- */

static u64 sam_rnd(struct sam_ctx *c)
{
	u64 x = c->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	c->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static u32 sam_below(struct sam_ctx *c, u32 n)
{
	return n ? (u32)(sam_rnd(c) >> 32) % n : 0;
}

/* ---- the model ---- */

/* The contract's checks of a request, and the actual properties. */
static bool sam_props_valid(const struct audmod_alloc_props *req,
			    struct audmod_alloc_props *act)
{
	u64 stride;

	if (!req->count || !req->size)
		return false;
	if (!req->align || (req->align & (req->align - 1)) ||
	    req->align > PAGE_SIZE)
		return false;
	stride = round_up((u64)req->size + req->prefix, (u64)req->align);
	if (stride > INT_MAX || stride * req->count > INT_MAX)
		return false;
	*act = *req;
	act->size = stride - req->prefix;
	return true;
}

static int sam_m_free_count(const struct sam_model *m)
{
	if (m->state == SAM_IDLE)
		return m->props_set ? m->props.count : 0;
	return m->nfree;
}

static void sam_m_ring_free(struct sam_model *m)
{
	kvfree(m->fifo);
	kvfree(m->ref);
	kvfree(m->ptr);
	kvfree(m->held);
	kvfree(m->held_pos);
	m->fifo = NULL;
	m->ref = NULL;
	m->ptr = NULL;
	m->held = NULL;
	m->held_pos = NULL;
	m->n = 0;
	m->nheld = 0;
}

/* A fresh ring: every sample free, in ring order. */
static bool sam_m_ring_new(struct sam_model *m, bool adopted, void *cpu,
			   dma_addr_t dma, size_t bytes)
{
	u32 n = m->props.count, i;

	sam_m_ring_free(m);
	m->fifo = kvcalloc(n, sizeof(*m->fifo), GFP_KERNEL);
	m->ref = kvcalloc(n, sizeof(*m->ref), GFP_KERNEL);
	m->ptr = kvcalloc(n, sizeof(*m->ptr), GFP_KERNEL);
	m->held = kvcalloc(n, sizeof(*m->held), GFP_KERNEL);
	m->held_pos = kvcalloc(n, sizeof(*m->held_pos), GFP_KERNEL);
	if (!m->fifo || !m->ref || !m->ptr || !m->held || !m->held_pos) {
		sam_m_ring_free(m);
		return false;
	}
	m->n = n;
	m->stride = m->props.size + m->props.prefix;
	for (i = 0; i < n; i++)
		m->fifo[i] = i;
	m->head = 0;
	m->nfree = n;
	m->adopted = adopted;
	m->base_known = adopted;
	m->cpu_base = cpu;
	m->dma_base = dma;
	m->bytes = bytes;
	m->state = SAM_COMMITTED;
	return true;
}

static void sam_m_hold(struct sam_model *m, u32 idx)
{
	m->ref[idx] = 1;
	m->held_pos[idx] = m->nheld;
	m->held[m->nheld++] = idx;
}

/* GetBuffer(AM_GBF_NOWAIT) in the model: the errno, *idx on success. */
static int sam_m_get(struct sam_model *m, u32 *idx)
{
	*idx = 0;
	if (m->state != SAM_COMMITTED)
		return -ESHUTDOWN;
	if (!m->nfree)
		return -EAGAIN;
	*idx = m->fifo[m->head];
	m->head = (m->head + 1) % m->n;
	m->nfree--;
	sam_m_hold(m, *idx);
	return 0;
}

static void sam_m_put(struct sam_ctx *c, u32 idx, int depth);

/* The hook @id is called for @idx: predict the log entry and its actions. */
static void sam_m_hook_call(struct sam_ctx *c, int id, u32 idx, int depth)
{
	struct sam_model *m = &c->m;
	enum sam_hook_mode mode = c->hooks[id - 1].mode;
	struct sam_call *e;
	u32 j;
	int r;

	if (c->nexp >= SAM_LOG_MAX) {
		SAM_CHECK(c, false, "model log overflow");
		return;
	}
	e = &c->exp[c->nexp++];
	*e = (struct sam_call){
		.hook = id, .index = idx, .depth = depth, .sa_ok = true,
		.free_count = m->quiet ? SAM_UNSEEN : sam_m_free_count(m),
		.act_ret = SAM_NO_ACT,
	};
	if (depth || m->quiet || mode == SAM_HOOK_PLAIN)
		return;
	r = sam_m_get(m, &j);
	e->act_ret = r;
	e->act_index = j;
	if (r)
		return;
	switch (mode) {
	case SAM_HOOK_REGET:
		sam_m_put(c, j, depth + 1);
		break;
	case SAM_HOOK_KEEP:
		m->kept[m->nkept++] = j;
		break;
	case SAM_HOOK_ADDREF:
		m->ref[j]++;
		sam_m_put(c, j, depth + 1);
		sam_m_put(c, j, depth + 1);
		break;
	default:
		break;
	}
}

/* Release in the model: the last reference returns the sample. */
static void sam_m_put(struct sam_ctx *c, u32 idx, int depth)
{
	struct sam_model *m = &c->m;
	u32 last;

	if (--m->ref[idx])
		return;
	/* Off the held list, onto the end of the free FIFO. */
	last = m->held[--m->nheld];
	m->held[m->held_pos[idx]] = last;
	m->held_pos[last] = m->held_pos[idx];
	m->ptr[idx] = NULL;
	m->fifo[(m->head + m->nfree) % m->n] = idx;
	m->nfree++;
	m->releases++;
	if (m->state == SAM_DECOMMITTING && m->nfree == m->n)
		m->state = SAM_IDLE;
	if (m->hook)
		sam_m_hook_call(c, m->hook, idx, depth);
}

static void sam_m_decommit(struct sam_model *m)
{
	if (m->state != SAM_COMMITTED)
		return;
	m->state = m->nfree == m->n ? SAM_IDLE : SAM_DECOMMITTING;
}

/* ---- the hook ---- */

static void sam_hook_release(struct kref *kref)
{
	struct sam_hook *h = container_of(kref, struct sam_hook, kref);

	atomic_inc(&h->released);
}

static void sam_notify(struct audmod_release_hook *hook,
		       struct audmod_sample_allocator *sa, u32 index)
{
	struct sam_hook *h = container_of(hook, struct sam_hook, hook);
	struct sam_ctx *c = h->ctx;
	struct audmod_sample *s;
	struct sam_call *e;
	int ret;

	if (READ_ONCE(h->removed))
		atomic_inc(&h->late);
	if (c->nlog >= SAM_LOG_MAX) {
		c->log_overflow = true;
		return;
	}
	e = &c->log[c->nlog++];
	*e = (struct sam_call){
		.hook = h->id, .index = index, .depth = c->depth,
		.sa_ok = sa == c->sa, .act_ret = SAM_NO_ACT,
		/* Quiet: a getter thread may take the sample meanwhile. */
		.free_count = c->quiet ? SAM_UNSEEN : audmod_sa_free_count(sa),
	};
	if (c->depth || c->quiet || h->mode == SAM_HOOK_PLAIN)
		return;
	c->depth++;
	s = NULL;
	ret = audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &s);
	e->act_ret = ret;
	e->act_index = ret ? 0 : s->index;
	if (!ret) {
		switch (h->mode) {
		case SAM_HOOK_REGET:
			audmod_sample_put(s);
			break;
		case SAM_HOOK_KEEP:
			c->stash[c->nstash++] = s;
			break;
		case SAM_HOOK_ADDREF:
			audmod_sample_get(s);
			audmod_sample_put(s);
			audmod_sample_put(s);
			break;
		default:
			break;
		}
	}
	c->depth--;
}

/* ---- set-up and tear-down ---- */

static int sam_helper_fn(void *arg)
{
	struct sam_ctx *c = arg;

	for (;;) {
		wait_for_completion(&c->h_req);
		if (READ_ONCE(c->h_stop))
			break;
		c->h_s = SAM_POISON;
		c->h_ret = audmod_sa_get_buffer(c->sa, 0, &c->h_s);
		complete(&c->h_done);
	}
	return 0;
}

static int sam_init(struct kunit *test)
{
	struct sam_ctx *c;
	int i;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->opname = "init";
	c->dev = kunit_device_register(test, "audmod-sa-model");
	KUNIT_ASSERT_FALSE(test, IS_ERR(c->dev));
	c->dev->coherent_dma_mask = DMA_BIT_MASK(32);
	c->dev->dma_mask = &c->dev->coherent_dma_mask;
	c->abuf = dma_alloc_coherent(c->dev, SAM_ABUF_BYTES, &c->adma,
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->abuf);
	c->sa = audmod_sa_create(c->dev, "kunit-model");
	KUNIT_ASSERT_FALSE(test, IS_ERR(c->sa));
	for (i = 0; i < SAM_NHOOKS; i++) {
		struct sam_hook *h = &c->hooks[i];

		kref_init(&h->kref);
		h->id = i + 1;
		h->ctx = c;
		h->hook.notify_release = sam_notify;
		h->hook.owner = &h->kref;
		h->hook.owner_release = sam_hook_release;
	}
	init_completion(&c->h_req);
	init_completion(&c->h_done);
	test->priv = c;
	return 0;
}

/* Also after a failed assertion: no thread, no held sample, no memory. */
static void sam_exit(struct kunit *test)
{
	struct sam_ctx *c = test->priv;
	u32 i;

	if (!c)
		return;
	audmod_sa_decommit(c->sa);	/* wakes the helper if it sleeps */
	if (c->helper) {
		WRITE_ONCE(c->h_stop, true);
		complete(&c->h_req);
		kthread_stop(c->helper);
		put_task_struct(c->helper);
	}
	/* Best effort after a failure: the model's view of what is held. */
	for (i = 0; c->m.ptr && i < c->m.n; i++)
		while (c->m.ref[i] && c->m.ptr[i]) {
			struct audmod_sample *s = c->m.ptr[i];

			if (!--c->m.ref[i])
				c->m.ptr[i] = NULL;
			audmod_sample_put(s);
		}
	audmod_sa_destroy(c->sa);
	audmod_sa_flush_deferred();
	sam_m_ring_free(&c->m);
	dma_free_coherent(c->dev, SAM_ABUF_BYTES, c->abuf, c->adma);
}

/* ---- checks ---- */

/* A sample just handed out as model index @idx: layout and memory. */
static void sam_check_sample(struct sam_ctx *c, struct audmod_sample *s,
			     u32 idx)
{
	struct sam_model *m = &c->m;
	u32 prefix = m->props.prefix;
	size_t off = (size_t)idx * m->stride + prefix;

	SAM_EQ(c, s->index, idx);
	SAM_CHECK(c, s->allocator == c->sa, "sample of another allocator");
	SAM_EQ(c, s->size, m->props.size);
	if (!m->base_known) {
		m->cpu_base = s->cpu_addr - off;
		m->dma_base = s->dma_addr - off;
		m->base_known = true;
	}
	SAM_CHECK(c, s->cpu_addr == m->cpu_base + off,
		  "sample %u cpu_addr %p, ring base %p stride %u prefix %u",
		  idx, s->cpu_addr, m->cpu_base, m->stride, prefix);
	SAM_CHECK(c, s->dma_addr == m->dma_base + off,
		  "sample %u dma_addr %pad", idx, &s->dma_addr);
	/* The alignment is that of the start of the prefix. */
	SAM_CHECK(c, IS_ALIGNED((unsigned long)s->cpu_addr - prefix,
				m->props.align), "cpu_addr misaligned");
	SAM_CHECK(c, IS_ALIGNED(s->dma_addr - prefix, m->props.align),
		  "dma_addr misaligned");
	if (c->failed)
		return;
	/* Ours to write, prefix included; overlap shows at the last put. */
	memset(s->cpu_addr - prefix, (u8)idx, prefix + s->size);
}

/* Before the last put: nobody else wrote over this sample. */
static void sam_check_contents(struct sam_ctx *c, struct audmod_sample *s)
{
	u8 *p = s->cpu_addr;

	SAM_CHECK(c, p[0] == (u8)s->index && p[s->size - 1] == (u8)s->index,
		  "sample %u overwritten: %02x %02x", s->index, p[0],
		  p[s->size - 1]);
}

/* After each operation: the hooks' log, the kept samples, the state. */
static void sam_settle(struct sam_ctx *c)
{
	struct sam_model *m = &c->m;
	struct audmod_alloc_props now;
	struct audmod_sa_stats st;
	int i;

	SAM_CHECK(c, !c->log_overflow, "hook log overflow");
	SAM_EQ(c, c->nlog, c->nexp);
	for (i = 0; i < c->nlog && i < c->nexp; i++) {
		const struct sam_call *r = &c->log[i], *w = &c->exp[i];

		SAM_CHECK(c, r->hook == w->hook && r->index == w->index &&
			  r->depth == w->depth && r->sa_ok == w->sa_ok &&
			  r->free_count == w->free_count &&
			  r->act_ret == w->act_ret &&
			  r->act_index == w->act_index,
			  "hook call %d: hook %d sample %u depth %d free %d act %d/%u sa_ok %d; model: hook %d sample %u depth %d free %d act %d/%u",
			  i, r->hook, r->index, r->depth, r->free_count,
			  r->act_ret, r->act_index, r->sa_ok, w->hook,
			  w->index, w->depth, w->free_count, w->act_ret,
			  w->act_index);
	}
	/* Samples a KEEP hook took are held like the others from now on. */
	SAM_EQ(c, c->nstash, m->nkept);
	for (i = 0; i < c->nstash; i++) {
		struct audmod_sample *s = c->stash[i];

		if (i < m->nkept && s->index == m->kept[i]) {
			m->ptr[m->kept[i]] = s;
			sam_check_sample(c, s, m->kept[i]);
		} else {
			SAM_CHECK(c, false, "hook kept sample %u, model %d",
				  s->index, i < m->nkept ? (int)m->kept[i] : -1);
			audmod_sample_put(s);	/* not the model's: drop it */
		}
	}
	c->nstash = 0;
	m->nkept = 0;

	SAM_EQ(c, audmod_sa_free_count(c->sa), sam_m_free_count(m));
	KUNIT_ASSERT_EQ(c->test, audmod_sa_get_props(c->sa, &now), 0);
	if (m->props_set)
		SAM_CHECK(c, !memcmp(&now, &m->props, sizeof(now)),
			  "props %u/%u/%u/%u, model %u/%u/%u/%u", now.count,
			  now.size, now.align, now.prefix, m->props.count,
			  m->props.size, m->props.align, m->props.prefix);
	else
		SAM_CHECK(c, !now.count && !now.size && !now.align &&
			  !now.prefix, "props set out of nothing");
	KUNIT_ASSERT_EQ(c->test, audmod_sa_get_stats(c->sa, &st), 0);
	SAM_EQ(c, st.releases, m->releases);
	SAM_EQ(c, st.sleepers, 0);
	for (i = 0; i < SAM_NHOOKS; i++) {
		struct sam_hook *h = &c->hooks[i];

		SAM_EQ(c, kref_read(&h->kref), 1 + (m->hook == h->id));
		SAM_EQ(c, atomic_read(&h->late), 0);
		SAM_EQ(c, atomic_read(&h->released), 0);
	}
}

/* ---- operations ---- */

static void sam_op_get(struct sam_ctx *c, u32 flags)
{
	struct audmod_sample *s = SAM_POISON;
	u32 idx;
	int ret, want;

	c->opname = flags ? "get nowait" : "get (would not block)";
	ret = audmod_sa_get_buffer(c->sa, flags, &s);
	want = sam_m_get(&c->m, &idx);
	SAM_EQ(c, ret, want);
	if (ret || want) {
		SAM_CHECK(c, s == SAM_POISON, "*out written on failure");
		return;
	}
	c->m.ptr[idx] = s;
	sam_check_sample(c, s, idx);
}

static bool sam_pick_held(struct sam_ctx *c, u32 *idx)
{
	if (!c->m.nheld)
		return false;
	*idx = c->m.held[sam_below(c, c->m.nheld)];
	return true;
}

static void sam_op_addref(struct sam_ctx *c)
{
	u32 idx;

	c->opname = "addref";
	if (!sam_pick_held(c, &idx))
		return;
	audmod_sample_get(c->m.ptr[idx]);
	c->m.ref[idx]++;
}

static void sam_op_put(struct sam_ctx *c)
{
	struct audmod_sample *s;
	u32 idx;

	c->opname = "put";
	if (!sam_pick_held(c, &idx))
		return;
	s = c->m.ptr[idx];
	if (c->m.ref[idx] == 1)
		sam_check_contents(c, s);
	sam_m_put(c, idx, 0);
	audmod_sample_put(s);
}

/*
 * A get that must sleep (committed, none free), on the helper thread, and
 * the event that ends it: the last put of a held sample (the getter gets
 * exactly that one) or a decommit (-ESHUTDOWN). The outcome does not
 * depend on whether the getter was already asleep.
 */
static void sam_op_get_blocking(struct sam_ctx *c)
{
	struct sam_model *m = &c->m;
	u32 idx = 0, i, got;
	bool by_put = false;
	int want;

	if (m->state != SAM_COMMITTED || m->nfree) {
		sam_op_get(c, 0);
		return;
	}
	c->opname = "blocking get";
	for (i = 0; i < m->nheld; i++) {
		if (m->ref[m->held[i]] == 1) {
			idx = m->held[i];
			by_put = sam_below(c, 4) != 0;
			break;
		}
	}
	if (!c->helper) {
		struct task_struct *t;

		/* It waits for a request: it cannot exit before the get. */
		t = kthread_run(sam_helper_fn, c, "sa-model-get");
		KUNIT_ASSERT_FALSE(c->test, IS_ERR(t));
		get_task_struct(t);
		c->helper = t;
	}
	/* The hooks must not take samples from under the getter. */
	c->quiet = true;
	m->quiet = true;
	complete(&c->h_req);
	if (by_put) {
		struct audmod_sample *s = m->ptr[idx];

		c->opname = "blocking get woken by put";
		sam_check_contents(c, s);
		sam_m_put(c, idx, 0);
		audmod_sample_put(s);
		want = sam_m_get(m, &got);
	} else {
		c->opname = "blocking get woken by decommit";
		sam_m_decommit(m);
		audmod_sa_decommit(c->sa);
		want = -ESHUTDOWN;
		got = 0;
	}
	wait_for_completion(&c->h_done);
	c->quiet = false;
	m->quiet = false;
	SAM_EQ(c, c->h_ret, want);
	if (c->h_ret || want) {
		SAM_CHECK(c, c->h_s == SAM_POISON, "*out written on failure");
		return;
	}
	m->ptr[got] = c->h_s;
	sam_check_sample(c, c->h_s, got);
}

static void sam_op_set_notify(struct sam_ctx *c)
{
	struct sam_model *m = &c->m;
	u32 r = sam_below(c, 20);
	int id = r < 8 ? 0 : 1 + sam_below(c, SAM_NHOOKS);
	int old = m->hook, ret;
	struct audmod_release_hook bad;

	if (r >= 18) {
		/* A hook lacking a member, or no allocator: refused. */
		c->opname = "set_notify invalid";
		bad = c->hooks[0].hook;
		switch (sam_below(c, 4)) {
		case 0:
			bad.notify_release = NULL;
			break;
		case 1:
			bad.owner = NULL;
			break;
		case 2:
			bad.owner_release = NULL;
			break;
		default:
			SAM_EQ(c, audmod_sa_set_notify(NULL, &c->hooks[0].hook),
			       -EINVAL);
			return;
		}
		SAM_EQ(c, audmod_sa_set_notify(c->sa, &bad), -EINVAL);
		return;
	}
	c->opname = id ? (id == old ? "set_notify same" : "set_notify")
		       : "set_notify(NULL)";
	if (id) {
		c->hooks[id - 1].mode = sam_below(c, SAM_HOOK_NMODES);
		WRITE_ONCE(c->hooks[id - 1].removed, false);
	}
	ret = audmod_sa_set_notify(c->sa, id ? &c->hooks[id - 1].hook : NULL);
	SAM_EQ(c, ret, 0);
	/* From here the old hook must never run again. */
	if (old && old != id)
		WRITE_ONCE(c->hooks[old - 1].removed, true);
	m->hook = id;
}

static void sam_op_hook_mode(struct sam_ctx *c)
{
	c->opname = "hook mode";
	c->hooks[sam_below(c, SAM_NHOOKS)].mode =
		sam_below(c, SAM_HOOK_NMODES);
}

static bool sam_ring_sure(const struct sam_model *m)
{
	return m->props.count <= SAM_SURE_COUNT &&
	       (u64)m->props.count * (m->props.size + m->props.prefix) <=
	       SAM_SURE_BYTES;
}

static void sam_op_commit(struct sam_ctx *c)
{
	struct sam_model *m = &c->m;
	int ret;

	c->opname = "commit";
	ret = audmod_sa_commit(c->sa);
	switch (m->state) {
	case SAM_IDLE:
		if (!m->props_set) {
			SAM_EQ(c, ret, -EINVAL);
			return;
		}
		if (ret == -ENOMEM && !sam_ring_sure(m))
			return;		/* nothing changed */
		SAM_EQ(c, ret, 0);
		if (!ret)
			KUNIT_ASSERT_TRUE(c->test,
					  sam_m_ring_new(m, false, NULL, 0, 0));
		break;
	case SAM_COMMITTED:
		SAM_EQ(c, ret, 0);
		break;
	case SAM_DECOMMITTING:
		/* The decommit is cancelled: same ring, same free list. */
		SAM_EQ(c, ret, 0);
		m->state = SAM_COMMITTED;
		break;
	}
}

static void sam_op_commit_adopt(struct sam_ctx *c)
{
	struct sam_model *m = &c->m;
	u64 need = m->props_set ? (u64)m->props.count *
		   (m->props.size + m->props.prefix) : 0;
	void *cpu = c->abuf;
	dma_addr_t dma = c->adma;
	size_t bytes = SAM_AHALF;
	bool inval, same;
	int ret;

	switch (sam_below(c, 6)) {
	case 0:
	case 1:
		c->opname = "adopt A";
		break;
	case 2:
		c->opname = "adopt B";
		cpu += SAM_AHALF;
		dma += SAM_AHALF;
		break;
	case 3:
		/* Misaligned unless align is 1, then a third buffer. */
		c->opname = "adopt A+1";
		cpu += 1;
		dma += 1;
		bytes -= 1;
		break;
	case 4:
		c->opname = "adopt too small";
		bytes = need ? need - 1 : 0;
		break;
	default:
		c->opname = "adopt NULL";
		cpu = NULL;
		break;
	}
	ret = audmod_sa_commit_adopt(c->sa, cpu, dma, bytes);
	inval = !cpu || !m->props_set ||
		!IS_ALIGNED((unsigned long)cpu, m->props.align) ||
		!IS_ALIGNED(dma, m->props.align) || bytes < need;
	same = m->state != SAM_IDLE && m->adopted && m->cpu_base == cpu &&
	       m->dma_base == dma && m->bytes == bytes;
	if (inval) {
		/* Which of two errors wins is not specified: either will do. */
		if (m->state != SAM_IDLE && !same && ret == -EBUSY)
			return;
		SAM_EQ(c, ret, -EINVAL);
		return;
	}
	if (m->state == SAM_IDLE) {
		if (ret == -ENOMEM && m->props.count > SAM_SURE_COUNT)
			return;
		SAM_EQ(c, ret, 0);
		if (!ret)
			KUNIT_ASSERT_TRUE(c->test,
					  sam_m_ring_new(m, true, cpu, dma, bytes));
		return;
	}
	if (same) {
		SAM_EQ(c, ret, 0);
		m->state = SAM_COMMITTED;
		return;
	}
	SAM_EQ(c, ret, -EBUSY);
}

static void sam_op_decommit(struct sam_ctx *c)
{
	c->opname = "decommit";
	audmod_sa_decommit(c->sa);
	sam_m_decommit(&c->m);
}

/* Properties at the edges the header draws, valid and not. */
static const struct audmod_alloc_props sam_edge_props[] = {
	{ INT_MAX, 1, 1, 0 },			/* a ring of INT_MAX bytes */
	{ 1, INT_MAX, 1, 0 },
	{ 1, INT_MAX - 1, 1, 1 },
	{ 1, INT_MAX, 1, 1 },			/* INT_MAX + 1 */
	{ 1, INT_MAX - PAGE_SIZE + 1, PAGE_SIZE, 0 },
	{ 1, INT_MAX - PAGE_SIZE + 2, PAGE_SIZE, 0 },	/* rounds past */
	{ INT_MAX / 2, 2, 1, 0 },
	{ INT_MAX / 2 + 1, 2, 1, 0 },
	{ 1, 1, 1, INT_MAX - 1 },
	{ 1, 1, 1, U32_MAX },			/* size + prefix wraps */
	{ 1, U32_MAX, 1, 0 },
	{ 1, U32_MAX - 2, 4, 0 },		/* rounding wraps */
	{ U32_MAX, 1, 1, 0 },
	{ U32_MAX, U32_MAX, PAGE_SIZE, U32_MAX },
	{ 1 << 20, 1, 1, 0 },			/* too many samples to keep */
	{ 1, 64 << 20, PAGE_SIZE, 0 },		/* too large to allocate */
	{ 3, 1, PAGE_SIZE, PAGE_SIZE - 1 },	/* stride exactly a page */
	{ 2, 1, PAGE_SIZE, PAGE_SIZE },		/* prefix a page: two */
	{ 0, 1, 1, 0 },
	{ 1, 0, 1, 0 },
	{ 1, 1, 0, 0 },
	{ 1, 1, 3, 0 },
	{ 1, 1, PAGE_SIZE * 2, 0 },
	{ 1, 1, 1U << 31, 0 },
};

static void sam_gen_props(struct sam_ctx *c, struct audmod_alloc_props *p)
{
	u32 r = sam_below(c, 100);

	if (r < 60) {
		p->count = 1 + sam_below(c, sam_below(c, 8) ? 16 : 64);
		p->size = 1 + sam_below(c, sam_below(c, 8) ? 512 : 8192);
		p->align = 1U << sam_below(c, PAGE_SHIFT + 1);
		p->prefix = sam_below(c, 4) ? sam_below(c, 128) :
			    sam_below(c, 4096);
	} else if (r < 70) {
		p->count = 1 + sam_below(c, SAM_SURE_COUNT);
		p->size = 1 + sam_below(c, 16);
		p->align = 1U << sam_below(c, 4);
		p->prefix = sam_below(c, 8);
	} else if (r < 80) {
		/* Random junk: mostly invalid. */
		p->count = sam_below(c, 3) ? sam_below(c, 4) : (u32)sam_rnd(c);
		p->size = sam_below(c, 3) ? sam_below(c, 4) : (u32)sam_rnd(c);
		p->align = sam_below(c, 2) ? (u32)sam_rnd(c) :
			   sam_below(c, 2 * PAGE_SIZE + 2);
		p->prefix = sam_below(c, 2) ? 0 : (u32)sam_rnd(c);
	} else {
		*p = sam_edge_props[sam_below(c, ARRAY_SIZE(sam_edge_props))];
	}
}

static void sam_op_set_props(struct sam_ctx *c)
{
	struct sam_model *m = &c->m;
	struct audmod_alloc_props req, act, want;
	bool with_actual = sam_below(c, 4);
	int ret, exp;

	c->opname = "set_props";
	sam_gen_props(c, &req);
	memset(&act, 0xa5, sizeof(act));
	ret = audmod_sa_set_props(c->sa, &req, with_actual ? &act : NULL);
	if (!sam_props_valid(&req, &want))
		exp = -EINVAL;
	else if (m->state == SAM_COMMITTED)
		exp = -EBUSY;
	else if (m->state == SAM_DECOMMITTING)
		exp = -EAGAIN;
	else
		exp = 0;
	SAM_CHECK(c, ret == exp, "set_props(%u, %u, %u, %u) = %d, model %d",
		  req.count, req.size, req.align, req.prefix, ret, exp);
	if (!exp) {
		m->props = want;
		m->props_set = true;
	}
	if (!with_actual)
		return;
	if (ret || exp) {
		SAM_CHECK(c, act.count == 0xa5a5a5a5 && act.size == 0xa5a5a5a5,
			  "actual written on failure");
		return;
	}
	SAM_CHECK(c, !memcmp(&act, &want, sizeof(act)),
		  "actual %u/%u/%u/%u, model %u/%u/%u/%u", act.count, act.size,
		  act.align, act.prefix, want.count, want.size, want.align,
		  want.prefix);
}

/* Bad arguments: -EINVAL (or nothing) and no change anywhere. */
static void sam_op_bad_args(struct sam_ctx *c)
{
	static const u32 bad_flags[] = { 0x1, 0x2, 0x8, 0x80000000, 0xffffffff };
	struct audmod_alloc_props p = { 2, 64, 8, 0 };
	struct audmod_sample *s = SAM_POISON;
	u32 flags;

	c->opname = "bad arguments";
	switch (sam_below(c, 10)) {
	case 0:
		SAM_EQ(c, audmod_sa_set_props(NULL, &p, NULL), -EINVAL);
		break;
	case 1:
		SAM_EQ(c, audmod_sa_set_props(c->sa, NULL, &p), -EINVAL);
		break;
	case 2:
		SAM_EQ(c, audmod_sa_get_props(NULL, &p), -EINVAL);
		SAM_EQ(c, audmod_sa_get_props(c->sa, NULL), -EINVAL);
		break;
	case 3:
		SAM_EQ(c, audmod_sa_get_buffer(NULL, AUDMOD_GBF_NOWAIT, &s),
		       -EINVAL);
		break;
	case 4:
		SAM_EQ(c, audmod_sa_get_buffer(c->sa, AUDMOD_GBF_NOWAIT, NULL),
		       -EINVAL);
		break;
	case 5:
		/* Unknown bits, with or without NOWAIT: never sleeps. */
		flags = bad_flags[sam_below(c, ARRAY_SIZE(bad_flags))];
		if (sam_below(c, 2))
			flags |= AUDMOD_GBF_NOWAIT;
		SAM_EQ(c, audmod_sa_get_buffer(c->sa, flags, &s), -EINVAL);
		break;
	case 6:
		SAM_EQ(c, audmod_sa_free_count(NULL), -EINVAL);
		break;
	case 7:
		SAM_EQ(c, audmod_sa_commit(NULL), -EINVAL);
		break;
	case 8:
		SAM_EQ(c, audmod_sa_commit_adopt(NULL, c->abuf, c->adma,
						 SAM_AHALF), -EINVAL);
		break;
	default:
		audmod_sa_decommit(NULL);
		audmod_sa_destroy(NULL);
		break;
	}
	SAM_CHECK(c, s == SAM_POISON, "*out written on failure");
}

static void sam_op_get_nowait(struct sam_ctx *c)
{
	sam_op_get(c, AUDMOD_GBF_NOWAIT);
}

/* The operations and their weights. */
static const struct {
	const char *name;
	u32 weight;
	void (*fn)(struct sam_ctx *c);
} sam_ops[] = {
	{ "get nowait", 24, sam_op_get_nowait },
	{ "put", 24, sam_op_put },
	{ "addref", 8, sam_op_addref },
	{ "get blocking", 3, sam_op_get_blocking },
	{ "set_notify", 4, sam_op_set_notify },
	{ "hook mode", 4, sam_op_hook_mode },
	{ "commit", 5, sam_op_commit },
	{ "adopt", 4, sam_op_commit_adopt },
	{ "decommit", 3, sam_op_decommit },
	{ "set_props", 7, sam_op_set_props },
	{ "bad args", 3, sam_op_bad_args },
};

static u32 sam_ops_weight(void)
{
	u32 i, w = 0;

	for (i = 0; i < ARRAY_SIZE(sam_ops); i++)
		w += sam_ops[i].weight;
	return w;
}

/* ---- the sequential case ---- */

static const u64 sam_seeds[] = {
	0x1ULL, 0xdeadbeefULL, 0x5eed2026c0ffee00ULL, 0xa5a5a5a5c3c3c3c3ULL,
};

static void sam_seed_desc(const u64 *seed, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "seed %#llx", *seed);
}

KUNIT_ARRAY_PARAM(sam_seed, sam_seeds, sam_seed_desc);

static void sam_test_random_ops(struct kunit *test)
{
	struct sam_ctx *c = test->priv;
	struct sam_model *m = &c->m;
	int counts[ARRAY_SIZE(sam_ops)] = {};
	u32 i;

	c->seed = *(const u64 *)test->param_value;
	c->rng = c->seed;
	kunit_info(test, "seed %#llx, %d operations\n", c->seed, SAM_OPS);
	for (c->op = 0; c->op < SAM_OPS && !c->failed; c->op++) {
		u32 r = sam_below(c, sam_ops_weight());
		u32 k = 0;

		while (r >= sam_ops[k].weight)
			r -= sam_ops[k++].weight;
		counts[k]++;
		c->nlog = 0;
		c->nexp = 0;
		sam_ops[k].fn(c);
		sam_settle(c);
	}
	if (c->failed)
		return;

	/* Wind down: every sample back, hook removed, owners released. */
	c->opname = "wind-down";
	for (i = 0; i < SAM_NHOOKS; i++)
		c->hooks[i].mode = SAM_HOOK_PLAIN;
	while (m->nheld) {
		u32 idx = m->held[0];
		struct audmod_sample *s = m->ptr[idx];

		c->nlog = 0;
		c->nexp = 0;
		while (m->ref[idx] > 1) {
			audmod_sample_put(s);
			m->ref[idx]--;
		}
		sam_check_contents(c, s);
		sam_m_put(c, idx, 0);
		audmod_sample_put(s);
		sam_settle(c);
		if (c->failed)
			return;
	}
	c->nlog = 0;
	c->nexp = 0;
	audmod_sa_decommit(c->sa);
	sam_m_decommit(m);
	KUNIT_EXPECT_EQ(test, audmod_sa_set_notify(c->sa, NULL), 0);
	if (m->hook)
		WRITE_ONCE(c->hooks[m->hook - 1].removed, true);
	m->hook = 0;
	sam_settle(c);
	KUNIT_EXPECT_EQ(test, m->state, SAM_IDLE);
	for (i = 0; i < SAM_NHOOKS; i++) {
		kref_put(&c->hooks[i].kref, sam_hook_release);
		KUNIT_EXPECT_EQ(test, atomic_read(&c->hooks[i].released), 1);
	}
	for (i = 0; i < ARRAY_SIZE(sam_ops); i++)
		kunit_info(test, "%-12s %5d\n", sam_ops[i].name, counts[i]);
	kunit_info(test, "%d operations, %llu releases\n", SAM_OPS,
		   m->releases);
}

/* ---- the concurrent case ---- */

#define SAMC_N		4
#define SAMC_PHASES	4	/* per plan */
#define SAMC_GETS	300	/* by the getter thread, per phase */
#define SAMC_TIMER_GETS	64	/* by the hard-irq timer, per phase */
#define SAMC_CHURN	12	/* set_notify() calls in a churn phase */
#define SAMC_TICK_NS	(500 * NSEC_PER_USEC)

struct samc_hook {
	struct audmod_release_hook hook;
	struct kref kref;
	atomic_t calls;
	atomic_t hard_calls;
	atomic_t late;
	bool removed;
};

struct samc {
	struct audmod_sample_allocator *sa;
	struct samc_hook hooks[SAM_NHOOKS];
	/* Getter to releaser: each entry one reference to drop. */
	raw_spinlock_t qlock;	/* protects q, qhead, qlen */
	struct audmod_sample *q[2 * SAMC_N];
	u32 qhead;
	u32 qlen;
	bool getter_done;
	wait_queue_head_t qwait;
	atomic_t errors;
	struct completion getter_exit;
	struct completion releaser_exit;
	/* The hard-irq side. */
	struct hrtimer timer;
	struct audmod_sample *tsample;
	int tgets;
	struct completion timer_done;
};

static void samc_hook_release(struct kref *kref)
{
}

static void samc_notify(struct audmod_release_hook *hook,
			struct audmod_sample_allocator *sa, u32 index)
{
	struct samc_hook *h = container_of(hook, struct samc_hook, hook);

	/* set_notify() returned for this hook: it must not run again. */
	if (READ_ONCE(h->removed))
		atomic_inc(&h->late);
	atomic_inc(&h->calls);
	if (in_hardirq())
		atomic_inc(&h->hard_calls);
}

static void samc_push(struct samc *sc, struct audmod_sample *s)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sc->qlock, flags);
	sc->q[(sc->qhead + sc->qlen) % ARRAY_SIZE(sc->q)] = s;
	sc->qlen++;
	raw_spin_unlock_irqrestore(&sc->qlock, flags);
	wake_up(&sc->qwait);
}

static struct audmod_sample *samc_pop(struct samc *sc, bool *done)
{
	struct audmod_sample *s = NULL;
	unsigned long flags;

	raw_spin_lock_irqsave(&sc->qlock, flags);
	if (sc->qlen) {
		s = sc->q[sc->qhead];
		sc->qhead = (sc->qhead + 1) % ARRAY_SIZE(sc->q);
		sc->qlen--;
	}
	*done = !s && sc->getter_done;
	raw_spin_unlock_irqrestore(&sc->qlock, flags);
	return s;
}

static bool samc_ready(struct samc *sc)
{
	return READ_ONCE(sc->qlen) || READ_ONCE(sc->getter_done);
}

/* Sleeps in get whenever the releaser holds every sample. */
static int samc_getter_fn(void *arg)
{
	struct samc *sc = arg;
	struct audmod_sample *s;
	unsigned long flags;
	int i;

	for (i = 0; i < SAMC_GETS; i++) {
		if (audmod_sa_get_buffer(sc->sa, 0, &s)) {
			atomic_inc(&sc->errors);
			break;
		}
		*(u8 *)s->cpu_addr = i;
		if (i % 3 == 0) {
			audmod_sample_get(s);
			samc_push(sc, s);
		}
		samc_push(sc, s);
	}
	raw_spin_lock_irqsave(&sc->qlock, flags);
	sc->getter_done = true;
	raw_spin_unlock_irqrestore(&sc->qlock, flags);
	wake_up(&sc->qwait);
	kthread_complete_and_exit(&sc->getter_exit, 0);
}

static int samc_releaser_fn(void *arg)
{
	struct samc *sc = arg;
	struct audmod_sample *s;
	bool done = false;

	while (!done) {
		wait_event(sc->qwait, samc_ready(sc));
		s = samc_pop(sc, &done);
		if (s)
			audmod_sample_put(s);
	}
	kthread_complete_and_exit(&sc->releaser_exit, 0);
}

/* Takes a sample on one tick, releases it on the next, in hard irq. */
static enum hrtimer_restart samc_timer_fn(struct hrtimer *t)
{
	struct samc *sc = container_of(t, struct samc, timer);
	struct audmod_sample *s;
	int ret;

	if (sc->tsample) {
		audmod_sample_put(sc->tsample);
		sc->tsample = NULL;
	}
	if (sc->tgets >= SAMC_TIMER_GETS) {
		complete(&sc->timer_done);
		return HRTIMER_NORESTART;
	}
	ret = audmod_sa_get_buffer(sc->sa, AUDMOD_GBF_NOWAIT, &s);
	if (!ret) {
		sc->tsample = s;
		sc->tgets++;
	} else if (ret != -EAGAIN) {
		atomic_inc(&sc->errors);
	}
	hrtimer_forward_now(t, ns_to_ktime(SAMC_TICK_NS));
	return HRTIMER_RESTART;
}

static struct task_struct *samc_start(struct kunit *test, int (*fn)(void *),
				      struct samc *sc, unsigned int cpu)
{
	struct task_struct *t;

	t = kthread_create(fn, sc, "sa-model/%u", cpu);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	if (num_online_cpus() > 1)
		kthread_bind(t, cpu % num_online_cpus());
	get_task_struct(t);
	wake_up_process(t);
	return t;
}

/* Replace the hook; the one replaced is marked so that it would notice. */
static void samc_set(struct kunit *test, struct samc *sc, int *cur, int id)
{
	if (id)
		WRITE_ONCE(sc->hooks[id - 1].removed, false);
	KUNIT_EXPECT_EQ(test, audmod_sa_set_notify(sc->sa, id ?
				&sc->hooks[id - 1].hook : NULL), 0);
	if (*cur && *cur != id)
		WRITE_ONCE(sc->hooks[*cur - 1].removed, true);
	*cur = id;
}

/*
 * Hook plans, one per parameter (each case stays well below the hung-task
 * timeout): a hook id set throughout a phase, 0 for none, or -1 for a
 * phase where the hook is set, replaced and removed mid-stream.
 */
static const int samc_plans[][SAMC_PHASES] = {
	{ 1, 0, -1, 2 },
	{ -1, 3, 0, -1 },
};

static void samc_plan_desc(const int (*plan)[SAMC_PHASES], char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "plan %d %d %d %d", (*plan)[0],
		 (*plan)[1], (*plan)[2], (*plan)[3]);
}

KUNIT_ARRAY_PARAM(samc_plan, samc_plans, samc_plan_desc);

static void sam_test_concurrent(struct kunit *test)
{
	const int *plan = *(const int (*)[SAMC_PHASES])test->param_value;
	struct sam_ctx *c = test->priv;
	struct audmod_alloc_props p = { SAMC_N, 64, 8, 0 };
	struct audmod_sa_stats st;
	struct samc *sc;
	u64 rel0;
	int phase, i, cur = 0;

	sc = kunit_kzalloc(test, sizeof(*sc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sc);
	sc->sa = c->sa;
	raw_spin_lock_init(&sc->qlock);
	init_waitqueue_head(&sc->qwait);
	for (i = 0; i < SAM_NHOOKS; i++) {
		kref_init(&sc->hooks[i].kref);
		sc->hooks[i].hook.notify_release = samc_notify;
		sc->hooks[i].hook.owner = &sc->hooks[i].kref;
		sc->hooks[i].hook.owner_release = samc_hook_release;
	}
	KUNIT_ASSERT_EQ(test, audmod_sa_set_props(c->sa, &p, NULL), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_commit(c->sa), 0);

	for (phase = 0; phase < SAMC_PHASES; phase++) {
		/* Stable phases keep one hook (or none) throughout. */
		bool churn = plan[phase] < 0;
		int before[SAM_NHOOKS], hard_before[SAM_NHOOKS];
		struct task_struct *g, *r;
		int total = 0;

		samc_set(test, sc, &cur, churn ? 1 : plan[phase]);
		for (i = 0; i < SAM_NHOOKS; i++) {
			before[i] = atomic_read(&sc->hooks[i].calls);
			hard_before[i] = atomic_read(&sc->hooks[i].hard_calls);
		}
		KUNIT_ASSERT_EQ(test, audmod_sa_get_stats(c->sa, &st), 0);
		rel0 = st.releases;
		sc->getter_done = false;
		sc->tgets = 0;
		init_completion(&sc->getter_exit);
		init_completion(&sc->releaser_exit);
		init_completion(&sc->timer_done);

		r = samc_start(test, samc_releaser_fn, sc, 1);
		g = samc_start(test, samc_getter_fn, sc, 0);
		hrtimer_setup(&sc->timer, samc_timer_fn, CLOCK_MONOTONIC,
			      HRTIMER_MODE_REL_HARD);
		hrtimer_start(&sc->timer, ns_to_ktime(SAMC_TICK_NS),
			      HRTIMER_MODE_REL_HARD);
		/* Mid-stream: set, replace and remove while samples fly. */
		for (i = 0; churn && i < SAMC_CHURN; i++)
			samc_set(test, sc, &cur, (phase + i) % (SAM_NHOOKS + 1));
		wait_for_completion(&sc->getter_exit);
		wait_for_completion(&sc->releaser_exit);
		wait_for_completion(&sc->timer_done);
		hrtimer_cancel(&sc->timer);
		put_task_struct(g);
		put_task_struct(r);

		/* Quiescent: every sample back, every release accounted. */
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&sc->errors), 0,
				    "phase %d", phase);
		KUNIT_EXPECT_EQ_MSG(test, audmod_sa_free_count(c->sa), SAMC_N,
				    "phase %d", phase);
		KUNIT_ASSERT_EQ(test, audmod_sa_get_stats(c->sa, &st), 0);
		KUNIT_EXPECT_EQ_MSG(test, st.sleepers, 0U, "phase %d", phase);
		KUNIT_EXPECT_EQ_MSG(test, st.releases - rel0,
				    (u64)(SAMC_GETS + SAMC_TIMER_GETS),
				    "phase %d", phase);
		for (i = 0; i < SAM_NHOOKS; i++) {
			struct samc_hook *h = &sc->hooks[i];
			int calls = atomic_read(&h->calls) - before[i];
			int hard = atomic_read(&h->hard_calls) - hard_before[i];

			KUNIT_EXPECT_EQ_MSG(test, atomic_read(&h->late), 0,
					    "phase %d hook %d", phase, i + 1);
			total += calls;
			if (churn)
				continue;
			/* Set throughout: called for every release, no more. */
			KUNIT_EXPECT_EQ_MSG(test, calls, plan[phase] == i + 1 ?
					    SAMC_GETS + SAMC_TIMER_GETS : 0,
					    "phase %d hook %d", phase, i + 1);
			KUNIT_EXPECT_EQ_MSG(test, hard, plan[phase] == i + 1 ?
					    SAMC_TIMER_GETS : 0,
					    "phase %d hook %d", phase, i + 1);
		}
		KUNIT_EXPECT_LE_MSG(test, total, SAMC_GETS + SAMC_TIMER_GETS,
				    "phase %d", phase);
		samc_set(test, sc, &cur, 0);
		for (i = 0; i < SAM_NHOOKS; i++)
			KUNIT_EXPECT_EQ_MSG(test, kref_read(&sc->hooks[i].kref),
					    1U, "phase %d hook %d", phase, i + 1);
		if (atomic_read(&sc->errors))
			break;
	}
	kunit_info(test, "%d phases of %d blocking gets + %d hard-irq gets\n",
		   SAMC_PHASES, SAMC_GETS, SAMC_TIMER_GETS);
}

static struct kunit_case sam_test_cases[] = {
	KUNIT_CASE_PARAM_ATTR(sam_test_random_ops, sam_seed_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM_ATTR(sam_test_concurrent, samc_plan_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite sam_test_suite = {
	.name = "audmod-sample-alloc-model",
	.init = sam_init,
	.exit = sam_exit,
	.test_cases = sam_test_cases,
};

kunit_test_suite(sam_test_suite);

MODULE_DESCRIPTION("Model-based KUnit tests for the audmod sample allocator");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(AUDMOD_NS);
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);
