// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the audmod sound card (driver/board.c, driver/pcm.c,
 * driver/tone.c): a real card is registered (its own board, id
 * "audmodtest"), its PCM device files are opened from the kernel with
 * filp_open() and driven with snd_pcm_kernel_ioctl(), as the USB audio
 * gadget does, so every check goes through the ALSA core, ASoC and the
 * driver exactly as userspace would.
 *
 * The driver exports, for these tests only, the stream counters of an open
 * substream (audmod_pcm_get_stats()), the board and the tone generator;
 * audmod_pcm_allocator() is public. The engine's own suite is
 * kunit/dma_engine_test.c.
 *
 * No check depends on timing: waits are for events (a completion from the
 * processing hook, a state change) with a generous timeout that only
 * turns a hang into a failure.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <sound/control.h>
#include <sound/core.h>
#include <sound/pcm.h>
#include <sound/pcm_params.h>
#include <sound/soc.h>

#include <audmod/sample_alloc.h>

#include "core_kunit.h"

#include "board.h"
#include "codec.h"
#include "compat.h"
#include "dma_engine.h"
#include "pcm.h"
#include "tone.h"

#define CT_WAIT_MS	10000	/* only turns a hang into a failure */

/* ALSA's state, format and access types are sparse-checked: compare values. */
#define ct_val(x)	((__force int)(x))
#define CT_MAX_RECORD	16

static struct audmod_board *ct_board;

/* An open PCM device file and its substream. */
struct ct_pcm {
	struct file *file;
	struct snd_pcm_substream *ss;
};

/* A processing hook that records what the engine hands the codec. */
struct ct_proc {
	struct audmod_sample_processor p;
	spinlock_t lock;		/* protects everything below */
	unsigned int calls;
	unsigned int want;		/* complete @done after this many */
	int stream;			/* record only this direction, or -1 */
	struct completion done;
	struct audmod_sample_info info[CT_MAX_RECORD];
	u32 first_word[CT_MAX_RECORD];
	u8 *copy;			/* concatenated period data */
	size_t copy_len, copied;
};

static void ct_process(struct audmod_sample_processor *p,
		       const struct audmod_sample_info *info)
{
	struct ct_proc *cp = container_of(p, struct ct_proc, p);
	unsigned long flags;
	size_t n;

	if (cp->stream >= 0 && info->stream != cp->stream)
		return;
	spin_lock_irqsave(&cp->lock, flags);
	if (cp->calls < CT_MAX_RECORD) {
		cp->info[cp->calls] = *info;
		memcpy(&cp->first_word[cp->calls], info->data, sizeof(u32));
	}
	if (cp->copy && cp->copied < cp->copy_len) {
		n = min_t(size_t, info->bytes, cp->copy_len - cp->copied);
		memcpy(cp->copy + cp->copied, info->data, n);
		cp->copied += n;
	}
	if (++cp->calls == cp->want)
		complete(&cp->done);
	spin_unlock_irqrestore(&cp->lock, flags);
}

static int ct_card_number(void)
{
	return audmod_board_card(ct_board)->snd_card->number;
}

static struct snd_soc_component *ct_codec(struct snd_soc_card *card)
{
	struct snd_soc_pcm_runtime *rtd;

	rtd = list_first_entry(&card->rtd_list, struct snd_soc_pcm_runtime, list);
	return snd_soc_rtd_to_codec(rtd, 0)->component;
}

static void ct_detach(void *codec)
{
	audmod_codec_set_processor(codec, NULL);
}

/* Attach a recording processor to @codec until the end of the test. */
static struct ct_proc *ct_attach_to(struct kunit *test,
				    struct snd_soc_component *codec,
				    unsigned int want, size_t copy_len)
{
	struct ct_proc *cp;

	cp = kunit_kzalloc(test, sizeof(*cp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cp);
	spin_lock_init(&cp->lock);
	init_completion(&cp->done);
	cp->want = want;
	cp->stream = -1;
	cp->p.process = ct_process;
	if (copy_len) {
		cp->copy = kunit_kzalloc(test, copy_len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, cp->copy);
		cp->copy_len = copy_len;
	}
	KUNIT_ASSERT_EQ(test, audmod_codec_set_processor(codec, &cp->p), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ct_detach, codec), 0);
	return cp;
}

/* Attach a recording processor to the test card's codec until the end. */
static struct ct_proc *ct_attach(struct kunit *test, unsigned int want,
				 size_t copy_len)
{
	return ct_attach_to(test, ct_codec(audmod_board_card(ct_board)), want,
			    copy_len);
}

static int ct_open_card(int card, int stream, struct ct_pcm *p)
{
	struct snd_pcm_file *pcm_file;
	char path[32];

	snprintf(path, sizeof(path), "/dev/snd/pcmC%dD0%c", card,
		 stream == SNDRV_PCM_STREAM_PLAYBACK ? 'p' : 'c');
	p->file = filp_open(path, (stream == SNDRV_PCM_STREAM_PLAYBACK ?
				   O_WRONLY : O_RDONLY) | O_NONBLOCK, 0);
	if (IS_ERR(p->file))
		return PTR_ERR(p->file);
	pcm_file = p->file->private_data;
	p->ss = pcm_file->substream;
	return 0;
}

static void ct_close(struct ct_pcm *p)
{
	/* Synchronous: the release has run when this returns. */
	__fput_sync(p->file);
	p->file = NULL;
	p->ss = NULL;
}

static void ct_close_action(void *data)
{
	struct ct_pcm *p = data;

	if (p->file)
		ct_close(p);
}

/* Open a stream of the test card, closed at the end of the test. */
static struct ct_pcm *ct_open(struct kunit *test, int stream)
{
	struct ct_pcm *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, ct_open_card(ct_card_number(), stream, p), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ct_close_action, p), 0);
	return p;
}

static void ct_set_int(struct snd_pcm_hw_params *hp, int var, unsigned int v)
{
	struct snd_interval *i = hw_param_interval(hp, var);

	i->min = v;
	i->max = v;
	i->openmin = 0;
	i->openmax = 0;
	i->integer = 1;
	i->empty = 0;
}

static int ct_hw_params(struct ct_pcm *p, snd_pcm_format_t format,
			unsigned int rate, unsigned int channels,
			unsigned int period_frames, unsigned int periods)
{
	struct snd_pcm_hw_params *hp;
	int err;

	hp = kzalloc(sizeof(*hp), GFP_KERNEL);
	if (!hp)
		return -ENOMEM;
	_snd_pcm_hw_params_any(hp);
	snd_mask_none(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_ACCESS));
	snd_mask_set(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_ACCESS),
		     ct_val(SNDRV_PCM_ACCESS_RW_INTERLEAVED));
	snd_mask_none(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_FORMAT));
	snd_mask_set_format(hw_param_mask(hp, SNDRV_PCM_HW_PARAM_FORMAT), format);
	ct_set_int(hp, SNDRV_PCM_HW_PARAM_RATE, rate);
	ct_set_int(hp, SNDRV_PCM_HW_PARAM_CHANNELS, channels);
	ct_set_int(hp, SNDRV_PCM_HW_PARAM_PERIOD_SIZE, period_frames);
	ct_set_int(hp, SNDRV_PCM_HW_PARAM_PERIODS, periods);
	err = snd_pcm_kernel_ioctl(p->ss, SNDRV_PCM_IOCTL_HW_PARAMS, hp);
	kfree(hp);
	return err;
}

/* Software parameters with the given stop threshold (0: never stop). */
static int ct_sw_params(struct ct_pcm *p, snd_pcm_uframes_t stop)
{
	struct snd_pcm_runtime *rt = p->ss->runtime;
	struct snd_pcm_sw_params sw = {
		.period_step = 1,
		.avail_min = rt->period_size,
		.xfer_align = 1,
		.start_threshold = 1,
		.stop_threshold = stop ? stop : rt->boundary,
		.boundary = rt->boundary,
	};

	return snd_pcm_kernel_ioctl(p->ss, SNDRV_PCM_IOCTL_SW_PARAMS, &sw);
}

static int ct_ioctl(struct ct_pcm *p, unsigned int cmd)
{
	return snd_pcm_kernel_ioctl(p->ss, cmd, NULL);
}

/* An ioctl the kernel interface lacks, called as the file operation. */
static long ct_file_ioctl(struct ct_pcm *p, unsigned int cmd, unsigned long arg)
{
	return p->file->f_op->unlocked_ioctl(p->file, cmd, arg);
}

static struct audmod_pcm_stats ct_stats(struct kunit *test, struct ct_pcm *p)
{
	struct audmod_pcm_stats st;

	KUNIT_EXPECT_EQ(test, audmod_pcm_get_stats(p->ss, &st), 0);
	return st;
}

static bool ct_wait(struct completion *c)
{
	return wait_for_completion_timeout(c, msecs_to_jiffies(CT_WAIT_MS));
}

/* Poll (the ALSA state has no waitable event) until @cond or timeout. */
#define ct_poll(cond) ({						\
	unsigned long __end = jiffies + msecs_to_jiffies(CT_WAIT_MS);	\
	bool __ok;							\
	while (!(__ok = (cond)) && time_before(jiffies, __end))		\
		usleep_range(500, 1000);				\
	__ok;								\
})

/* ---- hw constraints ---------------------------------------------------- */

struct ct_hw_case {
	const char *desc;
	snd_pcm_format_t format;
	unsigned int rate, channels, period_frames, periods;
	int err;
};

static const struct ct_hw_case ct_hw_cases[] = {
	{ "S16_LE 48k 2ch", SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 1024, 4, 0 },
	{ "S32_LE 48k 2ch", SNDRV_PCM_FORMAT_S32_LE, 48000, 2, 1024, 4, 0 },
	{ "S16_LE 192k 8ch", SNDRV_PCM_FORMAT_S16_LE, 192000, 8, 1024, 4, 0 },
	{ "S32_LE 8k 1ch", SNDRV_PCM_FORMAT_S32_LE, 8000, 1, 64, 2, 0 },
	{ "S16_LE 44.1k 3ch", SNDRV_PCM_FORMAT_S16_LE, 44100, 3, 441, 7, 0 },
	{ "1 s periods of 8ch 48k S32", SNDRV_PCM_FORMAT_S32_LE, 48000, 8, 48000, 2, 0 },
	{ "1024 periods", SNDRV_PCM_FORMAT_S16_LE, 48000, 1, 48, 1024, 0 },
	{ "S24_LE refused", SNDRV_PCM_FORMAT_S24_LE, 48000, 2, 1024, 4, -EINVAL },
	{ "U8 refused", SNDRV_PCM_FORMAT_U8, 48000, 2, 1024, 4, -EINVAL },
	{ "rate 7999 refused", SNDRV_PCM_FORMAT_S16_LE, 7999, 2, 1024, 4, -EINVAL },
	{ "rate 384k refused", SNDRV_PCM_FORMAT_S16_LE, 384000, 2, 1024, 4, -EINVAL },
	{ "9 channels refused", SNDRV_PCM_FORMAT_S16_LE, 48000, 9, 1024, 4, -EINVAL },
	{ "buffer over 4 MiB refused", SNDRV_PCM_FORMAT_S32_LE, 48000, 8, 48000, 3, -EINVAL },
	{ "1 period refused", SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 1024, 1, -EINVAL },
	{ "1025 periods refused", SNDRV_PCM_FORMAT_S16_LE, 48000, 1, 48, 1025, -EINVAL },
	{ "period under 1 ms refused", SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 32, 4, -EINVAL },
};

static void ct_hw_case_desc(const struct ct_hw_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ct_hw, ct_hw_cases, ct_hw_case_desc);

static void card_test_hw_constraints(struct kunit *test)
{
	const struct ct_hw_case *c = test->param_value;
	struct audmod_alloc_props props;
	struct snd_pcm_runtime *rt;
	struct ct_pcm *p;
	unsigned int pb;

	p = ct_open(test, SNDRV_PCM_STREAM_PLAYBACK);
	rt = p->ss->runtime;
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, c->format, c->rate, c->channels,
					   c->period_frames, c->periods), c->err);
	if (c->err) {
		/* Refused: nothing configured, the ring is still unset. */
		KUNIT_EXPECT_EQ(test, ct_val(rt->state), ct_val(SNDRV_PCM_STATE_OPEN));
		KUNIT_EXPECT_EQ(test, audmod_sa_get_props(audmod_pcm_allocator(p->ss),
							  &props), 0);
		KUNIT_EXPECT_EQ(test, props.count, 0);
		return;
	}
	pb = c->period_frames * c->channels * snd_pcm_format_physical_width(c->format) / 8;
	KUNIT_EXPECT_EQ(test, ct_val(rt->state), ct_val(SNDRV_PCM_STATE_SETUP));
	KUNIT_EXPECT_EQ(test, rt->rate, c->rate);
	KUNIT_EXPECT_EQ(test, rt->channels, c->channels);
	KUNIT_EXPECT_EQ(test, rt->period_size, c->period_frames);
	KUNIT_EXPECT_EQ(test, rt->periods, c->periods);
	KUNIT_EXPECT_EQ(test, rt->dma_bytes, (size_t)pb * c->periods);
	/* Each period is one sample of the ring. */
	KUNIT_ASSERT_EQ(test, audmod_sa_get_props(audmod_pcm_allocator(p->ss), &props), 0);
	KUNIT_EXPECT_EQ(test, props.count, c->periods);
	KUNIT_EXPECT_EQ(test, props.size, pb);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(audmod_pcm_allocator(p->ss)),
			c->periods);
}

/* ---- period/sample mapping --------------------------------------------- */

static void card_test_ring_mapping(struct kunit *test)
{
	struct audmod_sample *s[4];
	struct audmod_sample_allocator *sa;
	struct snd_pcm_runtime *rt;
	struct ct_pcm *p;
	unsigned int pb, i;

	p = ct_open(test, SNDRV_PCM_STREAM_PLAYBACK);
	rt = p->ss->runtime;
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 256, 4), 0);
	sa = audmod_pcm_allocator(p->ss);
	pb = frames_to_bytes(rt, 256);

	/* Sample i is period i of the PCM buffer, handed out in ring order. */
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &s[i]), 0);
		KUNIT_EXPECT_EQ(test, s[i]->index, i);
		KUNIT_EXPECT_PTR_EQ(test, s[i]->cpu_addr, (void *)(rt->dma_area + i * pb));
		KUNIT_EXPECT_EQ(test, s[i]->dma_addr, rt->dma_addr + i * pb);
		KUNIT_EXPECT_EQ(test, s[i]->size, pb);
	}
	/* Scramble the free list: prepare must restore ring order. */
	for (i = 4; i-- > 0;)
		audmod_sample_put(s[i]);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).hook_calls, 0);

	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	/* The engine holds period 0; the next free sample is period 1. */
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(sa), 3);
	KUNIT_ASSERT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &s[0]), 0);
	KUNIT_EXPECT_EQ(test, s[0]->index, 1);
	audmod_sample_put(s[0]);
	/* The hook is installed: it saw that release, but did not advance. */
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).hook_calls, 1);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).periods_elapsed, 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 2);
	KUNIT_EXPECT_EQ(test, p->ss->ops->pointer(p->ss), 0);
}

/* Playback: the engine walks the ring in order and hands over what was written. */
static void card_test_playback_order(struct kunit *test)
{
	struct snd_pcm_runtime *rt;
	struct ct_proc *cp;
	struct ct_pcm *p;
	unsigned int pb, i;
	u32 marker;

	cp = ct_attach(test, 10, 0);
	p = ct_open(test, SNDRV_PCM_STREAM_PLAYBACK);
	rt = p->ss->runtime;
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S32_LE, 48000, 2, 96, 4), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(p, 0), 0);
	pb = frames_to_bytes(rt, 96);
	/* Write a marker at the start of each period, as an mmap user would. */
	for (i = 0; i < 4; i++) {
		marker = 0xa0d10000 + i;
		memcpy(rt->dma_area + i * pb, &marker, sizeof(marker));
	}
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait(&cp->done));
	/*
	 * The processor saw period 10 inside its transfer, before the release
	 * hook counted it; a stop in between would leave it uncounted (a
	 * stopped engine reports no period). Wait for the hook to count it.
	 */
	KUNIT_ASSERT_TRUE(test, ct_poll(ct_stats(test, p).periods_elapsed >= 10));
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_DROP), 0);
	KUNIT_ASSERT_EQ(test, p->ss->ops->sync_stop(p->ss), 0);

	for (i = 0; i < 10; i++) {
		KUNIT_EXPECT_EQ(test, cp->info[i].stream, SNDRV_PCM_STREAM_PLAYBACK);
		KUNIT_EXPECT_PTR_EQ(test, cp->info[i].data,
				    (const void *)(rt->dma_area + (i % 4) * pb));
		KUNIT_EXPECT_EQ(test, cp->first_word[i], 0xa0d10000 + i % 4);
		KUNIT_EXPECT_EQ(test, cp->info[i].bytes, pb);
		KUNIT_EXPECT_EQ(test, ct_val(cp->info[i].format),
				ct_val(SNDRV_PCM_FORMAT_S32_LE));
		KUNIT_EXPECT_EQ(test, cp->info[i].channels, 2);
		KUNIT_EXPECT_EQ(test, cp->info[i].rate, 48000);
	}
	KUNIT_EXPECT_GE(test, ct_stats(test, p).periods_elapsed, 10);
	KUNIT_EXPECT_GE(test, ct_stats(test, p).transfers, 10);
}

/* Capture: the periods carry the test signal, continuous across periods. */
static void card_test_capture_signal(struct kunit *test)
{
	const unsigned int frames = 480, periods = 3, n = 8;
	struct audmod_tone tone;
	struct ct_proc *cp;
	struct ct_pcm *p;
	size_t len;
	void *want;

	len = (size_t)frames * 2 * sizeof(s16) * n;
	cp = ct_attach(test, n, len);
	p = ct_open(test, SNDRV_PCM_STREAM_CAPTURE);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2,
					   frames, periods), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(p, 0), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait(&cp->done));
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_DROP), 0);

	/* Module defaults: 1 kHz at -6 dBFS. */
	want = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_EQ(test, audmod_tone_init(&tone, 1000, 48000, -6), 0);
	audmod_tone_fill(&tone, want, frames * n, 2, SNDRV_PCM_FORMAT_S16_LE);
	KUNIT_EXPECT_EQ(test, cp->copied, len);
	KUNIT_EXPECT_MEMEQ(test, cp->copy, want, len);
	KUNIT_EXPECT_EQ(test, cp->info[0].stream, SNDRV_PCM_STREAM_CAPTURE);
}

/* The pointer is frozen by stop and pause and within the buffer. */
static void card_test_pointer_frozen(struct kunit *test)
{
	snd_pcm_uframes_t a, b;
	struct ct_proc *cp;
	struct ct_pcm *p;

	cp = ct_attach(test, 3, 0);
	p = ct_open(test, SNDRV_PCM_STREAM_CAPTURE);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 1, 480, 4), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(p, 0), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait(&cp->done));

	KUNIT_ASSERT_EQ(test, ct_file_ioctl(p, SNDRV_PCM_IOCTL_PAUSE, 1), 0);
	KUNIT_EXPECT_FALSE(test, ct_stats(test, p).running);
	/*
	 * Paused, the engine holds the current period: nothing is lost. (A
	 * timer run caught between releasing a period and taking the next
	 * finishes first.)
	 */
	KUNIT_EXPECT_TRUE(test,
			  ct_poll(audmod_sa_free_count(audmod_pcm_allocator(p->ss)) == 3));
	a = p->ss->ops->pointer(p->ss);
	msleep(20);
	b = p->ss->ops->pointer(p->ss);
	KUNIT_EXPECT_EQ(test, a, b);
	KUNIT_EXPECT_LT(test, a, 4 * 480);
	KUNIT_ASSERT_EQ(test, ct_file_ioctl(p, SNDRV_PCM_IOCTL_PAUSE, 0), 0);
	KUNIT_EXPECT_TRUE(test, ct_stats(test, p).running);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_DROP), 0);
	KUNIT_ASSERT_EQ(test, p->ss->ops->sync_stop(p->ss), 0);
	a = p->ss->ops->pointer(p->ss);
	msleep(20);
	KUNIT_EXPECT_EQ(test, a, p->ss->ops->pointer(p->ss));
}

/* ---- release hook removal ---------------------------------------------- */

static void card_test_hook_removed_on_stop(struct kunit *test)
{
	struct audmod_sa_stats before, after;
	struct audmod_sample_allocator *sa;
	struct audmod_sample *sample;
	struct audmod_pcm_stats st;
	struct ct_proc *cp;
	struct ct_pcm *p;

	cp = ct_attach(test, 3, 0);
	p = ct_open(test, SNDRV_PCM_STREAM_CAPTURE);
	sa = audmod_pcm_allocator(p->ss);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 256, 4), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(p, 0), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 1);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 2);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait(&cp->done));
	/*
	 * The processor sees period 3 inside its transfer, before the release
	 * hook counts it; a stop in between would leave it uncounted (a
	 * stopped engine reports no period). Wait for the hook to count it.
	 */
	KUNIT_ASSERT_TRUE(test, ct_poll(ct_stats(test, p).periods_elapsed >= 3));

	/* Stop (atomic: the hook stays) then the sync point removes it. */
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_DROP), 0);
	KUNIT_EXPECT_FALSE(test, ct_stats(test, p).running);
	KUNIT_ASSERT_EQ(test, p->ss->ops->sync_stop(p->ss), 0);
	st = ct_stats(test, p);
	KUNIT_EXPECT_GE(test, st.periods_elapsed, 3);
	KUNIT_EXPECT_GE(test, st.hook_calls, st.periods_elapsed);
	KUNIT_EXPECT_EQ(test, st.owner_refs, 1);
	KUNIT_EXPECT_FALSE(test, st.timer_armed);
	/* The engine gave its sample back. */
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(sa), 4);

	/* A release now reaches the allocator but not the stream. */
	KUNIT_ASSERT_EQ(test, audmod_sa_get_stats(sa, &before), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &sample), 0);
	audmod_sample_put(sample);
	KUNIT_ASSERT_EQ(test, audmod_sa_get_stats(sa, &after), 0);
	KUNIT_EXPECT_EQ(test, after.releases, before.releases + 1);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).hook_calls, st.hook_calls);

	/* Prepare installs it again. */
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 2);
}

static void card_test_hook_removed_on_hw_free(struct kunit *test)
{
	struct audmod_sample_allocator *sa;
	struct audmod_sample *sample;
	struct ct_pcm *p;

	p = ct_open(test, SNDRV_PCM_STREAM_PLAYBACK);
	sa = audmod_pcm_allocator(p->ss);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S32_LE, 96000, 4, 960, 3), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 2);

	KUNIT_ASSERT_EQ(test, ct_file_ioctl(p, SNDRV_PCM_IOCTL_HW_FREE, 0), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 1);
	/* The ring is decommitted with every sample back. */
	KUNIT_EXPECT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &sample),
			-ESHUTDOWN);

	/* hw_params again (no hook until prepare), then a different ring. */
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 8000, 1, 64, 5), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 1);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(sa), 5);
	/* hw_params while prepared removes the hook too. */
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 2);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 8000, 1, 128, 2), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 1);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(sa), 2);
}

/* XRUN from inside the engine: stops itself, the hook goes at prepare. */
static void card_test_xrun(struct kunit *test)
{
	struct audmod_pcm_stats st;
	struct ct_pcm *p;

	p = ct_open(test, SNDRV_PCM_STREAM_CAPTURE);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 96, 2), 0);
	/* Default stop threshold: a full buffer nobody reads is an overrun. */
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_poll(p->ss->runtime->state == SNDRV_PCM_STATE_XRUN));
	KUNIT_ASSERT_TRUE(test, ct_poll(!ct_stats(test, p).timer_armed));
	st = ct_stats(test, p);
	KUNIT_EXPECT_FALSE(test, st.running);
	KUNIT_EXPECT_GE(test, st.periods_elapsed, 2);
	/* The engine stopped itself: it transfers nothing more. */
	msleep(20);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).transfers, st.transfers);

	/* Recovery as alsa-lib does it: prepare, start. */
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).owner_refs, 2);
	KUNIT_EXPECT_EQ(test, audmod_sa_free_count(audmod_pcm_allocator(p->ss)), 1);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_poll(p->ss->runtime->state == SNDRV_PCM_STATE_XRUN));
}

struct ct_destroy_work {
	struct work_struct work;
	struct audmod_board *board;
};

static void ct_destroy_fn(struct work_struct *work)
{
	struct ct_destroy_work *dw = container_of(work, struct ct_destroy_work, work);

	audmod_board_destroy(dw->board);
}

/* Card removal while streaming: ALSA disconnects, the hook goes at once. */
static void card_test_hook_removed_on_remove(struct kunit *test)
{
	const struct audmod_board_config cfg = { .id = "audmodrm" };
	struct ct_destroy_work dw;
	struct audmod_pcm_stats st;
	struct ct_pcm p;
	bool removed;

	dw.board = audmod_board_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dw.board);
	if (ct_open_card(audmod_board_card(dw.board)->snd_card->number,
			 SNDRV_PCM_STREAM_CAPTURE, &p)) {
		audmod_board_destroy(dw.board);
		KUNIT_FAIL(test, "cannot open the second card's capture PCM");
		return;
	}
	KUNIT_EXPECT_EQ(test, ct_hw_params(&p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 256, 4), 0);
	KUNIT_EXPECT_EQ(test, ct_sw_params(&p, 0), 0);
	KUNIT_EXPECT_EQ(test, ct_ioctl(&p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_ioctl(&p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_EXPECT_TRUE(test, ct_poll(ct_stats(test, &p).periods_elapsed >= 2));

	/* Removal waits for our file to close: run it aside. */
	INIT_WORK_ONSTACK(&dw.work, ct_destroy_fn);
	queue_work(system_unbound_wq, &dw.work);
	removed = ct_poll(ct_stats(test, &p).owner_refs == 1);
	KUNIT_EXPECT_TRUE(test, removed);
	st = ct_stats(test, &p);
	KUNIT_EXPECT_FALSE(test, st.running);
	KUNIT_EXPECT_FALSE(test, st.timer_armed);
	KUNIT_EXPECT_EQ(test, ct_val(p.ss->runtime->state),
			ct_val(SNDRV_PCM_STATE_DISCONNECTED));

	ct_close(&p);
	flush_work(&dw.work);
	destroy_work_on_stack(&dw.work);
}

/* ---- periods beyond 32 bits of nanoseconds ------------------------------ */

/* A 6 s period (48 kHz mono) is accepted and the engine's clock keeps it. */
static void card_test_long_period(struct kunit *test)
{
	struct ct_pcm *p;

	p = ct_open(test, SNDRV_PCM_STREAM_CAPTURE);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 1,
					   288000, 2), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).period_ns, 6000000000ULL);
	/* The longest period the constraints allow: 2 MiB of mono S16 at 8k. */
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 8000, 1,
					   1048576, 2), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_EXPECT_EQ(test, ct_stats(test, p).period_ns, 131072000000ULL);
}

/* ---- the hand-off is where the pointer is --------------------------------- */

static const int ct_dirs[] = { SNDRV_PCM_STREAM_PLAYBACK, SNDRV_PCM_STREAM_CAPTURE };

static void ct_dir_desc(const int *dir, char *desc)
{
	strscpy(desc, *dir == SNDRV_PCM_STREAM_PLAYBACK ? "playback" : "capture",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ct_dir, ct_dirs, ct_dir_desc);

/*
 * Paused mid-period, the pointer reports exactly the frames the modules
 * have been handed (playback: consumed; capture: produced), and on capture
 * nothing beyond the pointer has been written yet.
 */
static void card_test_handoff_at_pointer(struct kunit *test)
{
	const unsigned int frames = 480, periods = 16;
	const int dir = *(const int *)test->param_value;
	struct snd_pcm_runtime *rt;
	snd_pcm_uframes_t pos;
	struct ct_proc *cp;
	unsigned int calls;
	struct ct_pcm *p;
	unsigned long flags;

	cp = ct_attach(test, 3, 0);
	cp->stream = dir;
	p = ct_open(test, dir);
	rt = p->ss->runtime;
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 1,
					   frames, periods), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(p, 0), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait(&cp->done));
	/* Somewhere inside a 10 ms period. */
	usleep_range(3000, 4000);
	KUNIT_ASSERT_EQ(test, ct_file_ioctl(p, SNDRV_PCM_IOCTL_PAUSE, 1), 0);
	/* A transfer under way when the pause landed finishes first. */
	KUNIT_ASSERT_TRUE(test, ct_poll(!ct_stats(test, p).timer_armed));

	pos = p->ss->ops->pointer(p->ss);
	spin_lock_irqsave(&cp->lock, flags);
	calls = cp->calls;
	spin_unlock_irqrestore(&cp->lock, flags);
	KUNIT_EXPECT_EQ(test, pos, (snd_pcm_uframes_t)(calls % periods) * frames);
	if (dir == SNDRV_PCM_STREAM_CAPTURE) {
		KUNIT_ASSERT_LT(test, calls, periods);
		/* The period in progress is still as hw_params left it. */
		KUNIT_EXPECT_NULL(test, memchr_inv(rt->dma_area + frames_to_bytes(rt, pos),
						   0, frames_to_bytes(rt, frames)));
		/* And what the pointer passed carries the tone. */
		KUNIT_EXPECT_NOT_NULL(test, memchr_inv(rt->dma_area, 0,
						       frames_to_bytes(rt, pos)));
	}
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_DROP), 0);
}

/* ---- the exported allocator's samples outlive the ring ------------------ */

static void card_test_holder_outlives_ring(struct kunit *test)
{
	struct audmod_sample_allocator *sa;
	struct audmod_sample *sample;
	struct ct_pcm *p;
	size_t size;

	p = ct_open(test, SNDRV_PCM_STREAM_PLAYBACK);
	sa = audmod_pcm_allocator(p->ss);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 4096, 4), 0);
	KUNIT_ASSERT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &sample), 0);
	size = sample->size;

	/* hw_free: the holder's memory stays valid (KASAN watches). */
	KUNIT_ASSERT_EQ(test, ct_file_ioctl(p, SNDRV_PCM_IOCTL_HW_FREE, 0), 0);
	KUNIT_EXPECT_NULL(test, p->ss->runtime->dma_area);
	memset(sample->cpu_addr, 0x5a, size);
	KUNIT_EXPECT_NULL(test, memchr_inv(sample->cpu_addr, 0x5a, size));
	/* A new ring waits until the old one is back. */
	KUNIT_EXPECT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 4096, 4),
			-EBUSY);
	audmod_sample_put(sample);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 4096, 4), 0);

	/* hw_params over a held sample, then close: the same. */
	KUNIT_ASSERT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT, &sample), 0);
	KUNIT_EXPECT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 1024, 4),
			-EBUSY);
	ct_close(p);
	memset(sample->cpu_addr, 0xa5, size);
	KUNIT_EXPECT_NULL(test, memchr_inv(sample->cpu_addr, 0xa5, size));
	audmod_sample_put(sample);
	audmod_sa_flush_deferred();
}

/* ---- loopback capture --------------------------------------------------- */

static int ct_capture_source(struct kunit *test, unsigned int v)
{
	struct snd_card *card = audmod_board_card(ct_board)->snd_card;
	struct snd_ctl_elem_id id = { .iface = SNDRV_CTL_ELEM_IFACE_MIXER };
	struct snd_ctl_elem_value *val;
	struct snd_kcontrol *kctl;
	int err;

	strscpy(id.name, AUDMOD_CAPTURE_SOURCE_CTL, sizeof(id.name));
	kctl = snd_ctl_find_id(card, &id);
	if (!kctl)
		return -ENOENT;
	val = kunit_kzalloc(test, sizeof(*val), GFP_KERNEL);
	if (!val)
		return -ENOMEM;
	val->value.enumerated.item[0] = v;
	err = kctl->put(kctl, val);
	return err < 0 ? err : 0;
}

static void ct_tone_source(void *test)
{
	ct_capture_source(test, AUDMOD_CAPTURE_TONE);
}

/*
 * With "Capture Source" at Loopback, capture returns what playback played,
 * frame for frame, in order; a gap (capture ahead of playback) is silence.
 */
static void card_test_loopback(struct kunit *test)
{
	const unsigned int frames = 480, periods = 4, n = 12;
	struct snd_pcm_runtime *rt;
	unsigned int i, f, nonzero = 0;
	struct ct_pcm *play, *cap;
	struct ct_proc *cp;
	s16 *pb, *got, last = 0;

	KUNIT_ASSERT_EQ(test, ct_capture_source(test, 2), -EINVAL);
	KUNIT_ASSERT_EQ(test, ct_capture_source(test, AUDMOD_CAPTURE_LOOPBACK), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ct_tone_source, test), 0);
	cp = ct_attach(test, n, (size_t)frames * 2 * sizeof(s16) * n);
	cp->stream = SNDRV_PCM_STREAM_CAPTURE;
	play = ct_open(test, SNDRV_PCM_STREAM_PLAYBACK);
	cap = ct_open(test, SNDRV_PCM_STREAM_CAPTURE);
	KUNIT_ASSERT_EQ(test, ct_hw_params(play, SNDRV_PCM_FORMAT_S16_LE, 48000, 2,
					   frames, periods), 0);
	KUNIT_ASSERT_EQ(test, ct_hw_params(cap, SNDRV_PCM_FORMAT_S16_LE, 48000, 2,
					   frames, periods), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(play, 0), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(cap, 0), 0);
	/* A ramp, frame k = k + 1 on both channels, played over and over. */
	rt = play->ss->runtime;
	pb = (s16 *)rt->dma_area;
	for (f = 0; f < frames * periods; f++) {
		pb[2 * f] = f + 1;
		pb[2 * f + 1] = f + 1;
	}
	KUNIT_ASSERT_EQ(test, ct_ioctl(cap, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(play, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(play, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(cap, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait(&cp->done));
	KUNIT_ASSERT_EQ(test, ct_ioctl(cap, SNDRV_PCM_IOCTL_DROP), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(play, SNDRV_PCM_IOCTL_DROP), 0);

	got = (s16 *)cp->copy;
	for (i = 0; i < frames * n; i++) {
		if (!got[2 * i] && !got[2 * i + 1])
			continue;	/* silence: nothing played yet */
		KUNIT_ASSERT_EQ_MSG(test, got[2 * i], got[2 * i + 1], "frame %u", i);
		if (last)
			KUNIT_ASSERT_EQ_MSG(test, got[2 * i],
					    last == frames * periods ? 1 : last + 1,
					    "frame %u", i);
		last = got[2 * i];
		nonzero++;
	}
	/* At most a few periods of silence before playback's data arrived. */
	KUNIT_EXPECT_GE(test, nonzero, frames * (n - 4));
}

/* ---- system suspend ------------------------------------------------------ */

/*
 * Suspend while streaming: the engine stops and is synced, the stream is reported
 * suspended, resume is refused (no SNDRV_PCM_INFO_RESUME), and a prepare
 * and start carry on, as alsa-lib's recovery does.
 */
static void card_test_suspend(struct kunit *test)
{
	struct snd_soc_card *card = audmod_board_card(ct_board);
	struct snd_soc_pcm_runtime *rtd;
	struct audmod_pcm_stats st;
	struct ct_proc *cp;
	struct ct_pcm *p;

	cp = ct_attach(test, 3, 0);
	p = ct_open(test, SNDRV_PCM_STREAM_CAPTURE);
	KUNIT_ASSERT_EQ(test, ct_hw_params(p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 96, 4), 0);
	KUNIT_ASSERT_EQ(test, ct_sw_params(p, 0), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait(&cp->done));

	rtd = list_first_entry(&card->rtd_list, struct snd_soc_pcm_runtime, list);
	KUNIT_ASSERT_EQ(test, snd_pcm_suspend_all(rtd->pcm), 0);
	KUNIT_EXPECT_EQ(test, ct_val(p->ss->runtime->state),
			ct_val(SNDRV_PCM_STATE_SUSPENDED));
	/* ALSA syncs the stopped streams as part of the suspend. */
	st = ct_stats(test, p);
	KUNIT_EXPECT_EQ(test, st.state, AUDMOD_DMA_SETUP);
	KUNIT_EXPECT_FALSE(test, st.running);
	KUNIT_EXPECT_FALSE(test, st.timer_armed);
	KUNIT_EXPECT_LT(test, ct_file_ioctl(p, SNDRV_PCM_IOCTL_RESUME, 0), 0);
	KUNIT_EXPECT_EQ(test, ct_val(p->ss->runtime->state),
			ct_val(SNDRV_PCM_STATE_SUSPENDED));

	reinit_completion(&cp->done);
	cp->want = cp->calls + 3;
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_PREPARE), 0);
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_START), 0);
	KUNIT_EXPECT_TRUE(test, ct_wait(&cp->done));
	KUNIT_ASSERT_EQ(test, ct_ioctl(p, SNDRV_PCM_IOCTL_DROP), 0);
}

/* ---- races ---------------------------------------------------------------- */

/*
 * Start, then stop in every way ALSA can while the engine's timer fires
 * (2 ms periods, both CPUs): drop, close while running, overrun from the
 * timer itself then recovery, pause/resume. KASAN, lockdep and kmemleak
 * judge the rest.
 */
static void card_test_start_stop_close_race(struct kunit *test)
{
	struct ct_pcm p;
	unsigned int i;
	int stream, err;

	for (i = 0; i < 60; i++) {
		/* Overrun needs capture (playback without data cannot start). */
		stream = i % 4 == 2 || (i / 4) & 1 ? SNDRV_PCM_STREAM_CAPTURE :
			SNDRV_PCM_STREAM_PLAYBACK;
		KUNIT_ASSERT_EQ(test, ct_open_card(ct_card_number(), stream, &p), 0);
		err = ct_hw_params(&p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 96, 2);
		if (!err && i % 4 != 2)
			err = ct_sw_params(&p, 0);
		if (!err)
			err = ct_ioctl(&p, SNDRV_PCM_IOCTL_PREPARE);
		if (!err)
			err = ct_ioctl(&p, SNDRV_PCM_IOCTL_START);
		if (err) {
			ct_close(&p);
			KUNIT_FAIL(test, "cycle %u: setup failed: %d", i, err);
			return;
		}
		switch (i % 4) {
		case 0:
			udelay(i * 37 % 3000);
			err = ct_ioctl(&p, SNDRV_PCM_IOCTL_DROP);
			break;
		case 1:
			/* Closed while running. */
			udelay(i * 53 % 3000);
			break;
		case 2:
			/* Overrun from the timer, then recovery. */
			if (!ct_poll(p.ss->runtime->state == SNDRV_PCM_STATE_XRUN))
				err = -ETIMEDOUT;
			if (!err)
				err = ct_ioctl(&p, SNDRV_PCM_IOCTL_PREPARE);
			if (!err)
				err = ct_ioctl(&p, SNDRV_PCM_IOCTL_START);
			udelay(i * 29 % 2000);
			break;
		case 3:
			udelay(i * 41 % 2000);
			err = ct_file_ioctl(&p, SNDRV_PCM_IOCTL_PAUSE, 1);
			udelay(i * 17 % 2000);
			if (!err)
				err = ct_file_ioctl(&p, SNDRV_PCM_IOCTL_PAUSE, 0);
			udelay(i * 23 % 2000);
			break;
		}
		ct_close(&p);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "cycle %u", i);
	}
}

/* ---- foreign components on the link -------------------------------------- */

static void ct_board_destroy(void *board)
{
	audmod_board_destroy(board);
}

/* A board of its own for this test, destroyed at its end. */
static struct audmod_board *ct_board_new(struct kunit *test,
					 const struct audmod_board_config *cfg)
{
	struct audmod_board *b = audmod_board_create(cfg);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ct_board_destroy, b), 0);
	return b;
}

/* Open a stream of @board's card, closed at the end of the test. */
static struct ct_pcm *ct_open_board(struct kunit *test, struct audmod_board *b,
				    int stream)
{
	struct ct_pcm *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, ct_open_card(audmod_board_card(b)->snd_card->number,
					   stream, p), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ct_close_action, p), 0);
	return p;
}

static const enum audmod_board_link ct_foreign_links[] = {
	AUDMOD_BOARD_LINK_DUMMY_CODEC,
	AUDMOD_BOARD_LINK_TWO_CODECS,
};

static void ct_foreign_desc(const enum audmod_board_link *l, char *desc)
{
	strscpy(desc, *l == AUDMOD_BOARD_LINK_DUMMY_CODEC ? "dummy codec" :
		"audmod and dummy codecs", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ct_foreign, ct_foreign_links, ct_foreign_desc);

/*
 * Our platform with a codec that is not (only) ours: both directions stream
 * and report their periods, with no processing: the dummy codec's driver
 * data is not ours to read, and on a link of two codecs the modules of ours
 * are not run either. A foreign codec takes no processor.
 */
static void card_test_foreign_codec(struct kunit *test)
{
	const enum audmod_board_link *link = test->param_value;
	const struct audmod_board_config cfg = { .id = "audmodforeign", .link = *link };
	struct snd_soc_component *c, *foreign = NULL;
	struct snd_soc_pcm_runtime *rtd;
	struct ct_proc *cp = NULL;
	struct audmod_board *b;
	struct ct_pcm *p[2];
	int dir, i;

	b = ct_board_new(test, &cfg);
	rtd = list_first_entry(&audmod_board_card(b)->rtd_list,
			       struct snd_soc_pcm_runtime, list);
	for (i = 0; i < rtd->dai_link->num_codecs; i++) {
		c = snd_soc_rtd_to_codec(rtd, i)->component;
		if (audmod_codec_is_ours(c))
			cp = ct_attach_to(test, c, 1, 0);
		else
			foreign = c;
	}
	KUNIT_EXPECT_EQ(test, !!cp, *link == AUDMOD_BOARD_LINK_TWO_CODECS);
	KUNIT_ASSERT_NOT_NULL(test, foreign);

	for (dir = 0; dir < 2; dir++) {
		p[dir] = ct_open_board(test, b, ct_dirs[dir]);
		KUNIT_ASSERT_EQ(test, ct_hw_params(p[dir], SNDRV_PCM_FORMAT_S16_LE,
						   48000, 2, 96, 4), 0);
		KUNIT_ASSERT_EQ(test, ct_sw_params(p[dir], 0), 0);
		KUNIT_ASSERT_EQ(test, ct_ioctl(p[dir], SNDRV_PCM_IOCTL_PREPARE), 0);
		KUNIT_ASSERT_EQ(test, ct_ioctl(p[dir], SNDRV_PCM_IOCTL_START), 0);
	}
	for (dir = 0; dir < 2; dir++)
		KUNIT_EXPECT_TRUE(test, ct_poll(ct_stats(test, p[dir]).periods_elapsed >= 4));
	for (dir = 0; dir < 2; dir++) {
		KUNIT_ASSERT_EQ(test, ct_ioctl(p[dir], SNDRV_PCM_IOCTL_DROP), 0);
		KUNIT_ASSERT_EQ(test, p[dir]->ss->ops->sync_stop(p[dir]->ss), 0);
		KUNIT_EXPECT_GE(test, ct_stats(test, p[dir]).transfers, 4);
	}
	/* Every transfer is over (sync_stop): none reached our modules. */
	if (cp)
		KUNIT_EXPECT_EQ(test, cp->calls, 0);

	KUNIT_EXPECT_FALSE(test, audmod_codec_is_ours(foreign));
	KUNIT_EXPECT_EQ(test, audmod_codec_set_processor(foreign, NULL), -EINVAL);
}

/*
 * Our codec under another platform (ASoC's dummy CPU DAI and platform): the
 * card probes with our codec and its modules, and opening its PCM, whatever
 * the dummy platform makes of it, crashes nothing. What the open and
 * hw_params return is the dummy's business: logged, not judged.
 */
static void card_test_foreign_platform(struct kunit *test)
{
	const struct audmod_board_config cfg = {
		.id = "audmoddummypf", .link = AUDMOD_BOARD_LINK_DUMMY_PLATFORM,
	};
	struct snd_soc_component *codec;
	struct audmod_board *b;
	struct ct_pcm p;
	int dir, err;

	b = ct_board_new(test, &cfg);
	codec = ct_codec(audmod_board_card(b));
	KUNIT_ASSERT_TRUE(test, audmod_codec_is_ours(codec));
	ct_attach_to(test, codec, 1, 0);
	for (dir = 0; dir < 2; dir++) {
		err = ct_open_card(audmod_board_card(b)->snd_card->number,
				   ct_dirs[dir], &p);
		kunit_info(test, "%s open: %d\n", dir ? "capture" : "playback", err);
		if (err)
			continue;
		/* The dummy platform's limits: periods of one page. */
		err = ct_hw_params(&p, SNDRV_PCM_FORMAT_S16_LE, 48000, 2,
				   PAGE_SIZE / 4, 4);
		kunit_info(test, "%s hw_params: %d\n", dir ? "capture" : "playback", err);
		ct_close(&p);
	}
}

/* ---- the PCM's buffer is preallocated ----------------------------------- */

struct ct_geo {
	snd_pcm_format_t format;
	unsigned int rate, channels, period_frames, periods;
};

/*
 * hw_params allocates no buffer: whatever the geometry, up to the largest
 * the limits allow, the runtime's buffer is the one ALSA preallocated for
 * the substream when the card was created, and the ring lies over it.
 */
static void card_test_preallocated_buffer(struct kunit *test)
{
	static const struct ct_geo geos[] = {
		{ SNDRV_PCM_FORMAT_S16_LE, 48000, 2, 1024, 4 },
		{ SNDRV_PCM_FORMAT_S32_LE, 48000, 8, 65536, 2 },	/* 4 MiB */
		{ SNDRV_PCM_FORMAT_S16_LE, 8000, 1, 64, 1024 },
		{ SNDRV_PCM_FORMAT_S32_LE, 192000, 8, 16384, 2 },	/* 1 MiB */
		{ SNDRV_PCM_FORMAT_S16_LE, 44100, 3, 441, 7 },
	};
	struct audmod_sample_allocator *sa;
	struct snd_pcm_substream *ss;
	struct audmod_sample *sample;
	struct snd_pcm_runtime *rt;
	unsigned int i, round;
	struct ct_pcm *p;
	int dir;

	for (dir = 0; dir < 2; dir++) {
		p = ct_open(test, ct_dirs[dir]);
		ss = p->ss;
		rt = ss->runtime;
		sa = audmod_pcm_allocator(ss);
		KUNIT_ASSERT_NOT_NULL(test, ss->dma_buffer.area);
		KUNIT_EXPECT_GE(test, ss->dma_buffer.bytes,
				(size_t)AUDMOD_PCM_BUFFER_BYTES_MAX);
		for (round = 0; round < 4; round++) {
			for (i = 0; i < ARRAY_SIZE(geos); i++) {
				KUNIT_ASSERT_EQ_MSG(test, ct_hw_params(p, geos[i].format,
								       geos[i].rate,
								       geos[i].channels,
								       geos[i].period_frames,
								       geos[i].periods),
						    0, "geometry %u", i);
				KUNIT_EXPECT_PTR_EQ(test, rt->dma_buffer_p, &ss->dma_buffer);
				KUNIT_EXPECT_PTR_EQ(test, rt->dma_area, ss->dma_buffer.area);
				KUNIT_EXPECT_EQ(test, rt->dma_addr, ss->dma_buffer.addr);
				KUNIT_ASSERT_EQ(test, audmod_sa_get_buffer(sa, AUDMOD_GBF_NOWAIT,
									   &sample), 0);
				KUNIT_EXPECT_PTR_EQ(test, sample->cpu_addr, (void *)rt->dma_area);
				KUNIT_EXPECT_EQ(test, sample->dma_addr, rt->dma_addr);
				audmod_sample_put(sample);
			}
			KUNIT_ASSERT_EQ(test, ct_file_ioctl(p, SNDRV_PCM_IOCTL_HW_FREE, 0), 0);
		}
		ct_close(p);
	}
}

/* ---- control names -------------------------------------------------------- */

static struct snd_kcontrol *ct_find_ctl(struct snd_card *card, const char *name)
{
	struct snd_ctl_elem_id id = { .iface = SNDRV_CTL_ELEM_IFACE_MIXER };

	strscpy(id.name, name, sizeof(id.name));
	return snd_ctl_find_id(card, &id);
}

/* The platform's control carries the component's name prefix. */
static void card_test_capture_source_prefix(struct kunit *test)
{
	const struct audmod_board_config cfg = {
		.id = "audmodprefix", .pcm_prefix = "Left",
	};
	struct snd_card *card;
	struct audmod_board *b;

	b = ct_board_new(test, &cfg);
	card = audmod_board_card(b)->snd_card;
	KUNIT_EXPECT_NOT_NULL(test, ct_find_ctl(card, "Left " AUDMOD_CAPTURE_SOURCE_CTL));
	KUNIT_EXPECT_NULL(test, ct_find_ctl(card, AUDMOD_CAPTURE_SOURCE_CTL));
	/* Without a prefix, the plain name. */
	KUNIT_EXPECT_NOT_NULL(test, ct_find_ctl(audmod_board_card(ct_board)->snd_card,
						AUDMOD_CAPTURE_SOURCE_CTL));
}

/* ---- board ------------------------------------------------------------------ */

static void card_test_board_config(struct kunit *test)
{
	struct audmod_board_config cfg = { .id = "sixteen-chars-id" };
	struct audmod_board *b;

	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_board_create(NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(audmod_board_create(&cfg)), -EINVAL);
	/* A second board is a second card, at the first free index. */
	cfg.id = "audmodsecond";
	b = audmod_board_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_NE(test, audmod_board_card(b)->snd_card->number, ct_card_number());
	KUNIT_EXPECT_STREQ(test, audmod_board_card(b)->snd_card->id, "audmodsecond");
	audmod_board_destroy(b);
	audmod_board_destroy(NULL);
}

static void card_test_card_shape(struct kunit *test)
{
	struct snd_soc_card *card = audmod_board_card(ct_board);
	struct snd_soc_pcm_runtime *rtd;
	struct snd_pcm *pcm;

	KUNIT_EXPECT_STREQ(test, card->snd_card->id, "audmodtest");
	KUNIT_EXPECT_EQ(test, card->num_rtd, 1);
	rtd = list_first_entry(&card->rtd_list, struct snd_soc_pcm_runtime, list);
	pcm = rtd->pcm;
	KUNIT_ASSERT_NOT_NULL(test, pcm);
	KUNIT_EXPECT_EQ(test, pcm->streams[SNDRV_PCM_STREAM_PLAYBACK].substream_count, 1);
	KUNIT_EXPECT_EQ(test, pcm->streams[SNDRV_PCM_STREAM_CAPTURE].substream_count, 1);
	KUNIT_EXPECT_STREQ(test, snd_soc_rtd_to_codec(rtd, 0)->name, AUDMOD_CODEC_DAI_NAME);
}

/* ---- tone generator ------------------------------------------------------ */

static void card_test_tone(struct kunit *test)
{
	const s32 amp = audmod_tone_dbfs_to_q31(-6);
	struct audmod_tone t, saved;
	unsigned int i, crossings = 0;
	s32 *buf, peak = 0;

	KUNIT_EXPECT_EQ(test, audmod_tone_dbfs_to_q31(0), S32_MAX);
	/* 10^(-6/20) = 0.501187; 10^(-120/20) = 1e-6. */
	KUNIT_EXPECT_EQ(test, div_s64((s64)amp * 1000000, S32_MAX), 501187);
	KUNIT_EXPECT_EQ(test, audmod_tone_dbfs_to_q31(-120), 2147);
	KUNIT_EXPECT_EQ(test, audmod_tone_dbfs_to_q31(-200), 2147);
	KUNIT_EXPECT_EQ(test, audmod_tone_dbfs_to_q31(3), S32_MAX);

	memset(&t, 0x5a, sizeof(t));
	saved = t;
	KUNIT_EXPECT_EQ(test, audmod_tone_init(&t, 1000, 0, -6), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_tone_init(&t, 24000, 48000, -6), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_tone_init(&t, 1000, 48000, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, audmod_tone_init(&t, 1000, 48000, -121), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &t, &saved, sizeof(t));

	/* 1 s of 997 Hz at 44.1 kHz: exact frequency, exact peak. */
	buf = kunit_kcalloc(test, 44100, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, audmod_tone_init(&t, 997, 44100, -6), 0);
	audmod_tone_fill(&t, buf, 44100, 1, SNDRV_PCM_FORMAT_S32_LE);
	for (i = 0; i < 44100; i++) {
		peak = max(peak, abs(buf[i]));
		if (i && buf[i - 1] < 0 && buf[i] >= 0)
			crossings++;
	}
	/* Cycle k starts at frame k * 44100 / 997; k = 0 has no predecessor. */
	KUNIT_EXPECT_EQ(test, crossings, 996);
	KUNIT_EXPECT_LE(test, peak, amp);
	KUNIT_EXPECT_GE(test, peak, amp - amp / 10000);
	/* The phase carries on: the next second starts where this one ended. */
	KUNIT_EXPECT_EQ(test, t.phase, 0);
	KUNIT_EXPECT_EQ(test, t.rem_acc, 0);

	/* S16 is the top half of S32, on every channel; 0 Hz is silence. */
	KUNIT_ASSERT_EQ(test, audmod_tone_init(&t, 1000, 48000, 0), 0);
	audmod_tone_fill(&t, buf, 24, 2, SNDRV_PCM_FORMAT_S16_LE);
	KUNIT_EXPECT_EQ(test, ((s16 *)buf)[24], ((s16 *)buf)[25]);
	KUNIT_EXPECT_EQ(test, ((s16 *)buf)[24], S16_MAX);
	KUNIT_ASSERT_EQ(test, audmod_tone_init(&t, 0, 48000, 0), 0);
	audmod_tone_fill(&t, buf, 16, 1, SNDRV_PCM_FORMAT_S32_LE);
	KUNIT_EXPECT_EQ(test, buf[3], 0);
}

static int card_test_suite_init(struct kunit_suite *suite)
{
	const struct audmod_board_config cfg = { .id = "audmodtest" };

	ct_board = audmod_board_create(&cfg);
	return PTR_ERR_OR_ZERO(ct_board);
}

static void card_test_suite_exit(struct kunit_suite *suite)
{
	audmod_board_destroy(ct_board);
	ct_board = NULL;
}

static struct kunit_case card_test_cases[] = {
	KUNIT_CASE(card_test_card_shape),
	KUNIT_CASE(card_test_board_config),
	KUNIT_CASE_PARAM(card_test_hw_constraints, ct_hw_gen_params),
	KUNIT_CASE(card_test_ring_mapping),
	KUNIT_CASE(card_test_playback_order),
	KUNIT_CASE(card_test_capture_signal),
	KUNIT_CASE(card_test_pointer_frozen),
	KUNIT_CASE(card_test_hook_removed_on_stop),
	KUNIT_CASE(card_test_hook_removed_on_hw_free),
	KUNIT_CASE(card_test_xrun),
	KUNIT_CASE(card_test_hook_removed_on_remove),
	KUNIT_CASE(card_test_long_period),
	KUNIT_CASE_PARAM(card_test_handoff_at_pointer, ct_dir_gen_params),
	KUNIT_CASE(card_test_holder_outlives_ring),
	KUNIT_CASE(card_test_loopback),
	KUNIT_CASE(card_test_suspend),
	KUNIT_CASE_SLOW(card_test_start_stop_close_race),
	KUNIT_CASE(card_test_tone),
	KUNIT_CASE_PARAM(card_test_foreign_codec, ct_foreign_gen_params),
	KUNIT_CASE(card_test_foreign_platform),
	KUNIT_CASE(card_test_preallocated_buffer),
	KUNIT_CASE(card_test_capture_source_prefix),
	{}
};

static struct kunit_suite card_test_suite = {
	.name = "audmod-card",
	.suite_init = card_test_suite_init,
	.suite_exit = card_test_suite_exit,
	.test_cases = card_test_cases,
};

kunit_test_suite(card_test_suite);

MODULE_DESCRIPTION("KUnit tests for the audmod sound card and its PCM");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(AUDMOD_NS);
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);
