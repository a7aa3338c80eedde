// SPDX-License-Identifier: GPL-2.0
/*
 * The audmod platform component: a CPU DAI and a PCM whose DMA ring is a
 * sample allocator (include/audmod/sample_alloc.h), one sample per period,
 * adopted on the PCM's managed DMA-coherent buffer.
 *
 * The virtual DMA engine is an hrtimer (soft, so its callback runs in
 * softirq context) paced at the stream's real rate. Like a DMA controller
 * working through a descriptor ring, it holds the current period's sample
 * for the length of the period: it takes it from the allocator when the
 * period begins (the free list is FIFO, and prepare puts the samples back
 * in index order, so the next free sample is always the next period) and,
 * on capture, writes the test signal into it at once, so that everything
 * the sub-period pointer reports as captured is really there. When the
 * period is due it hands the sample to the codec's processing hook and
 * releases it. The release calls the stream's release hook
 * (IMemAllocatorNotifyCallbackTemp::NotifyRelease), and the hook is what
 * advances the stream: position to the next period, then
 * snd_pcm_period_elapsed(). Then the engine takes the next sample.
 * While a stream is prepared the engine holds one sample; the others are
 * free.
 *
 * The hook is installed in prepare and removed, as DirectShow asks of
 * SetNotify(NULL) "when the graph stops or the pins disconnect"
 * (windows-semantics.md 2.2 item 6), at the first point after a stop where
 * sleeping is allowed: sync_stop (which ALSA also runs on disconnect), then
 * hw_params, hw_free and close. Trigger runs atomic and cannot remove it.
 *
 * Locking and contexts, per stream:
 * - cfg_lock (mutex) serialises the process-context operations (open,
 *   close, hw_params, hw_free, prepare, sync_stop) on the allocator, the
 *   hook and the ring table.
 * - lock (spinlock, irqsave) protects the engine state (running, armed,
 *   position, pacing, pause point) and the counters. It is taken inside the
 *   PCM stream lock (trigger, pointer) and never held while calling
 *   snd_pcm_period_elapsed(), the codec hook or the allocator, so the
 *   order is always stream lock -> lock.
 * - The timer is cancelled synchronously only from process context and
 *   never from trigger, which may run inside the timer callback itself
 *   (XRUN or drain end from snd_pcm_period_elapsed()). "armed" records
 *   whether the timer is queued or will re-queue itself, so that START or
 *   PAUSE_RELEASE never re-queues a timer whose callback is still running.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <sound/pcm.h>
#include <sound/pcm_params.h>
#include <sound/soc.h>

#include <audmod/sample_alloc.h>

#include "codec.h"
#include "compat.h"
#include "pcm.h"
#include "tone.h"

#define AUDMOD_PCM_RATES	SNDRV_PCM_RATE_8000_192000
#define AUDMOD_PCM_FORMATS	(SNDRV_PCM_FMTBIT_S16_LE | SNDRV_PCM_FMTBIT_S32_LE)

static unsigned int tone_hz = 1000;
static int tone_dbfs = -6;

static int audmod_param_set_tone_hz(const char *val,
				    const struct kernel_param *kp)
{
	unsigned int v;
	int err;

	err = kstrtouint(val, 0, &v);
	if (err)
		return err;
	if (v > AUDMOD_TONE_HZ_MAX)
		return -ERANGE;
	WRITE_ONCE(tone_hz, v);
	return 0;
}

static int audmod_param_set_tone_dbfs(const char *val,
				      const struct kernel_param *kp)
{
	int v, err;

	err = kstrtoint(val, 0, &v);
	if (err)
		return err;
	if (v > 0 || v < AUDMOD_TONE_DBFS_MIN)
		return -ERANGE;
	WRITE_ONCE(tone_dbfs, v);
	return 0;
}

static const struct kernel_param_ops audmod_tone_hz_ops = {
	.set = audmod_param_set_tone_hz,
	.get = param_get_uint,
};

static const struct kernel_param_ops audmod_tone_dbfs_ops = {
	.set = audmod_param_set_tone_dbfs,
	.get = param_get_int,
};

module_param_cb(tone_hz, &audmod_tone_hz_ops, &tone_hz, 0644);
MODULE_PARM_DESC(tone_hz,
		 "Capture test signal: sine frequency in Hz, 0 for silence (0-96000, default 1000; read at prepare)");
module_param_cb(tone_dbfs, &audmod_tone_dbfs_ops, &tone_dbfs, 0644);
MODULE_PARM_DESC(tone_dbfs,
		 "Capture test signal: peak level in dBFS (-120 to 0, default -6; read at prepare)");

static const struct snd_pcm_hardware audmod_pcm_hardware = {
	.info = SNDRV_PCM_INFO_MMAP | SNDRV_PCM_INFO_MMAP_VALID |
		SNDRV_PCM_INFO_INTERLEAVED | SNDRV_PCM_INFO_BLOCK_TRANSFER |
		SNDRV_PCM_INFO_PAUSE,
	.formats = AUDMOD_PCM_FORMATS,
	.rates = AUDMOD_PCM_RATES,
	.rate_min = 8000,
	.rate_max = 192000,
	.channels_min = 1,
	.channels_max = 8,
	.buffer_bytes_max = AUDMOD_PCM_BUFFER_BYTES_MAX,
	.period_bytes_min = AUDMOD_PCM_PERIOD_BYTES_MIN,
	.period_bytes_max = AUDMOD_PCM_PERIOD_BYTES_MAX,
	.periods_min = AUDMOD_PCM_PERIODS_MIN,
	.periods_max = AUDMOD_PCM_PERIODS_MAX,
};

/**
 * struct audmod_pcm_stream - one open substream and its virtual DMA engine
 * @ref: the open stream holds one reference, the allocator one more while
 *	@hook is installed; the last put frees the object.
 * @substream: the substream; valid from open to close.
 * @codec: the codec component whose processing hook gets every period.
 * @dev: the device of the PCM's DMA memory.
 * @cfg_lock: serialises the process-context operations; protects @sa's
 *	configuration, @hook_set and @ring.
 * @sa: the ring: one sample per period.
 * @hook: release hook installed on @sa while the stream is prepared.
 * @hook_set: @hook is installed.
 * @ring: one slot per sample, for putting them back in index order.
 * @ring_len: samples in the ring (the periods of the last hw_params).
 * @held: the sample of the current period, held by the engine from the
 *	period's start to its end, or NULL. Owned by the timer callback while
 *	the timer may run, otherwise by the process-context operations (under
 *	@cfg_lock, after the timer is cancelled).
 * @timer: the engine's clock.
 * @lock: protects the members below.
 * @active: started and not stopped (running or paused): releases of the
 *	current period's sample advance the stream.
 * @running: the engine transfers periods (started, not stopped/paused).
 * @armed: @timer is queued, or its callback is running and will re-queue.
 * @cur: period the engine transfers next (= sample index).
 * @period_start: time the current period began.
 * @period_end: time the current period is due.
 * @period_ns: whole nanoseconds per period.
 * @period_rem: remainder of a period's length, in units of 1/@rate ns.
 * @rem_acc: accumulated @period_rem, below @rate.
 * @frozen_ns: time into the current period when the engine last stopped.
 * @periods: periods in the buffer (samples in the ring).
 * @period_frames: frames per period.
 * @period_bytes: bytes per period (= sample size).
 * @rate: frames per second.
 * @channels: channels per frame.
 * @format: sample format.
 * @tone: capture test signal; used by the engine only.
 * @stats: counters (see &struct audmod_pcm_stats).
 */
struct audmod_pcm_stream {
	struct kref ref;
	struct snd_pcm_substream *substream;
	struct snd_soc_component *codec;
	struct device *dev;

	struct mutex cfg_lock;		/* process-context configuration */
	struct audmod_sample_allocator *sa;
	struct audmod_release_hook hook;
	bool hook_set;
	struct audmod_sample **ring;
	u32 ring_len;
	struct audmod_sample *held;

	struct hrtimer timer;

	spinlock_t lock;		/* engine state, counters */
	bool active;
	bool running;
	bool armed;
	u32 cur;
	ktime_t period_start;
	ktime_t period_end;
	u32 period_ns;
	u32 period_rem;
	u32 rem_acc;
	s64 frozen_ns;
	u32 periods;
	u32 period_frames;
	u32 period_bytes;
	u32 rate;
	u32 channels;
	snd_pcm_format_t format;
	struct audmod_tone tone;
	struct audmod_pcm_stats stats;
};

static struct audmod_pcm_stream *audmod_pcm_stream_of(struct snd_pcm_substream *ss)
{
	return ss->runtime->private_data;
}

static void audmod_pcm_stream_release(struct kref *ref)
{
	struct audmod_pcm_stream *s = container_of(ref, struct audmod_pcm_stream, ref);

	mutex_destroy(&s->cfg_lock);
	kfree(s);
}

/**
 * audmod_pcm_position() - frame position of the engine in the buffer
 * @period: period being transferred.
 * @period_frames: frames per period; 0 (not prepared) gives position 0.
 * @elapsed_ns: time since that period began; negative counts as 0.
 * @rate: frames per second.
 *
 * The position moves through the period with time but never reaches the
 * next one: only the completion of the transfer (the release of the
 * period's sample) does that.
 * Context: any.
 * Return: @period * @period_frames plus the frames played in @elapsed_ns,
 * at most @period_frames - 1.
 */
snd_pcm_uframes_t audmod_pcm_position(u32 period, u32 period_frames,
				      s64 elapsed_ns, u32 rate)
{
	u64 frames = 0;

	if (!period_frames)
		return 0;
	if (elapsed_ns > 0)
		frames = mul_u64_u32_div(elapsed_ns, rate, NSEC_PER_SEC);
	if (frames >= period_frames)
		frames = period_frames - 1;
	return (snd_pcm_uframes_t)period * period_frames + frames;
}
EXPORT_SYMBOL_NS_GPL(audmod_pcm_position, AUDMOD);

/* Length in ns of the period after the current one, carrying remainders. */
static u32 audmod_pcm_next_period_ns(struct audmod_pcm_stream *s)
{
	lockdep_assert_held(&s->lock);
	s->rem_acc += s->period_rem;
	if (s->rem_acc >= s->rate) {
		s->rem_acc -= s->rate;
		return s->period_ns + 1;
	}
	return s->period_ns;
}

/*
 * The allocator's release hook. Runs in the context of the release (the
 * engine's hrtimer callback), after the sample is back on the free list,
 * under RCU, with no lock of ours held.
 */
static void audmod_pcm_sample_released(struct audmod_release_hook *hook,
				       struct audmod_sample_allocator *sa,
				       u32 sample_index)
{
	struct audmod_pcm_stream *s = container_of(hook, struct audmod_pcm_stream, hook);
	unsigned long flags;
	bool elapsed = false;

	spin_lock_irqsave(&s->lock, flags);
	s->stats.hook_calls++;
	if (s->active && sample_index == s->cur) {
		s->cur = sample_index + 1 == s->periods ? 0 : sample_index + 1;
		s->period_start = s->period_end;
		s->period_end = ktime_add_ns(s->period_start,
					     audmod_pcm_next_period_ns(s));
		s->stats.periods_elapsed++;
		elapsed = true;
	}
	spin_unlock_irqrestore(&s->lock, flags);

	/*
	 * It may call our trigger (XRUN, end of drain) and pointer. While
	 * paused it does nothing: the position moved on all the same.
	 */
	if (elapsed)
		snd_pcm_period_elapsed(s->substream);
}

/* Begin period @index: take its sample and, on capture, fill it. */
static int audmod_pcm_take(struct audmod_pcm_stream *s, u32 index)
{
	struct audmod_sample *sample;
	int err;

	err = audmod_sa_get_buffer(s->sa, AUDMOD_GBF_NOWAIT, &sample);
	if (err)
		return err;
	if (sample->index != index) {
		audmod_sample_put(sample);
		return -EPROTO;
	}
	if (s->substream->stream == SNDRV_PCM_STREAM_CAPTURE)
		audmod_tone_fill(&s->tone, sample->cpu_addr, s->period_frames,
				 s->channels, s->format);
	s->held = sample;
	return 0;
}

/* End period @index: process its sample and release it (the hook advances). */
static int audmod_pcm_finish(struct audmod_pcm_stream *s, u32 index)
{
	struct audmod_sample *sample = s->held;
	struct audmod_sample_info info = {
		.stream = s->substream->stream,
		.bytes = s->period_bytes,
		.format = s->format,
		.channels = s->channels,
		.rate = s->rate,
	};

	if (!sample || sample->index != index)
		return -EPROTO;
	s->held = NULL;
	info.data = sample->cpu_addr;
	audmod_codec_process(s->codec, &info);
	audmod_sample_put(sample);
	return 0;
}

/* Release the held sample without processing it (stream stopped). */
static void audmod_pcm_drop_held(struct audmod_pcm_stream *s)
{
	struct audmod_sample *sample = s->held;

	s->held = NULL;
	if (sample)
		audmod_sample_put(sample);
}

static enum hrtimer_restart audmod_pcm_tick(struct hrtimer *timer)
{
	struct audmod_pcm_stream *s = container_of(timer, struct audmod_pcm_stream, timer);
	ktime_t now = hrtimer_cb_get_time(timer);
	enum hrtimer_restart ret;
	unsigned long flags;
	bool due, active;
	u32 n, index, next;
	int err = 0;

	/* Catch up on late periods, but at most one buffer per run. */
	for (n = 0; n < s->periods; n++) {
		spin_lock_irqsave(&s->lock, flags);
		due = s->running && ktime_compare(now, s->period_end) >= 0;
		index = s->cur;
		if (due)
			s->stats.transfers++;
		spin_unlock_irqrestore(&s->lock, flags);
		if (!due)
			break;

		err = audmod_pcm_finish(s, index);
		if (!err) {
			spin_lock_irqsave(&s->lock, flags);
			active = s->active;
			next = s->cur;
			spin_unlock_irqrestore(&s->lock, flags);
			/*
			 * The hook must have moved on (periods >= 2). Paused
			 * meanwhile: still begin the next period, resume
			 * continues it. Stopped: sync gives back what we hold.
			 */
			if (active && next == index)
				err = -EPROTO;
			else if (active)
				err = audmod_pcm_take(s, next);
		}
		if (err) {
			dev_err_ratelimited(s->dev,
					    "ring out of step at period %u: %d\n",
					    index, err);
			snd_pcm_stop_xrun(s->substream);
			break;
		}
	}

	spin_lock_irqsave(&s->lock, flags);
	if (s->running) {
		hrtimer_set_expires(timer, s->period_end);
		ret = HRTIMER_RESTART;
	} else {
		s->armed = false;
		ret = HRTIMER_NORESTART;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	return ret;
}

static void audmod_pcm_engine_start(struct audmod_pcm_stream *s, bool resume)
{
	unsigned long flags;
	s64 len;

	spin_lock_irqsave(&s->lock, flags);
	/* Keep the current period's length (remainder carry included). */
	len = ktime_to_ns(ktime_sub(s->period_end, s->period_start));
	s->period_start = ktime_sub_ns(ktime_get(), resume ? s->frozen_ns : 0);
	s->period_end = ktime_add_ns(s->period_start, len);
	s->active = true;
	s->running = true;
	if (!s->armed) {
		s->armed = true;
		hrtimer_start(&s->timer, s->period_end, HRTIMER_MODE_ABS_SOFT);
	}
	spin_unlock_irqrestore(&s->lock, flags);
}

static void audmod_pcm_engine_stop(struct audmod_pcm_stream *s, bool pause)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (s->running)
		s->frozen_ns = ktime_to_ns(ktime_sub(ktime_get(),
						     s->period_start));
	s->running = false;
	if (!pause)
		s->active = false;
	/* -1: the callback is running (maybe our caller); it disarms. */
	if (s->armed && hrtimer_try_to_cancel(&s->timer) >= 0)
		s->armed = false;
	spin_unlock_irqrestore(&s->lock, flags);
}

/*
 * Stop the engine for good (ALSA has stopped the stream, or left it paused
 * on a disconnected card), wait until its timer is idle and give back the
 * sample it held.
 */
static void audmod_pcm_engine_sync(struct audmod_pcm_stream *s)
{
	unsigned long flags;

	lockdep_assert_held(&s->cfg_lock);
	might_sleep();
	spin_lock_irqsave(&s->lock, flags);
	s->running = false;
	s->active = false;
	spin_unlock_irqrestore(&s->lock, flags);
	hrtimer_cancel(&s->timer);
	spin_lock_irqsave(&s->lock, flags);
	s->armed = false;
	spin_unlock_irqrestore(&s->lock, flags);
	/* The hook, if still installed, sees a stopped stream: no advance. */
	audmod_pcm_drop_held(s);
}

/* Install or remove the release hook (SetNotify(hook) / SetNotify(NULL)). */
static int audmod_pcm_set_hook(struct audmod_pcm_stream *s, bool on)
{
	int err;

	lockdep_assert_held(&s->cfg_lock);
	if (s->hook_set == on)
		return 0;
	err = audmod_sa_set_notify(s->sa, on ? &s->hook : NULL);
	if (!err)
		s->hook_set = on;
	return err;
}

/* Stop everything that runs on its own and leave the ring idle. */
static void audmod_pcm_quiesce(struct audmod_pcm_stream *s)
{
	lockdep_assert_held(&s->cfg_lock);
	audmod_pcm_engine_sync(s);
	/* Removing a hook (NULL) cannot fail. */
	audmod_pcm_set_hook(s, false);
}

/*
 * Put every sample back on the FIFO free list in index order, so that the
 * engine, taking the head each period, walks the ring from period 0 in
 * step with the PCM's position. All samples must be free (engine idle, no
 * hook installed: these puts must not advance the stream).
 */
static int audmod_pcm_ring_rewind(struct audmod_pcm_stream *s)
{
	struct audmod_sample *sample;
	u32 n, i;
	int err = 0;

	lockdep_assert_held(&s->cfg_lock);
	memset(s->ring, 0, s->ring_len * sizeof(*s->ring));
	for (n = 0; n < s->ring_len; n++) {
		err = audmod_sa_get_buffer(s->sa, AUDMOD_GBF_NOWAIT, &sample);
		if (err)
			break;
		if (sample->index >= s->ring_len || s->ring[sample->index]) {
			audmod_sample_put(sample);
			err = -EPROTO;
			break;
		}
		s->ring[sample->index] = sample;
	}
	/* -EAGAIN: someone still holds a sample of this ring. */
	if (err == -EAGAIN)
		err = -EBUSY;
	for (i = 0; i < s->ring_len; i++)
		if (s->ring[i])
			audmod_sample_put(s->ring[i]);
	return err;
}

static void audmod_pcm_ring_free(struct audmod_pcm_stream *s)
{
	lockdep_assert_held(&s->cfg_lock);
	audmod_sa_decommit(s->sa);
	kfree(s->ring);
	s->ring = NULL;
	s->ring_len = 0;
}

static int audmod_pcm_open(struct snd_soc_component *component,
			   struct snd_pcm_substream *substream)
{
	struct snd_soc_pcm_runtime *rtd = snd_soc_substream_to_rtd(substream);
	struct snd_pcm_runtime *runtime = substream->runtime;
	struct audmod_pcm_stream *s;
	char name[32];
	int err;

	err = snd_soc_set_runtime_hwparams(substream, &audmod_pcm_hardware);
	if (err)
		return err;
	/* The ring holds whole periods: buffer = periods x period. */
	err = snd_pcm_hw_constraint_integer(runtime, SNDRV_PCM_HW_PARAM_PERIODS);
	if (err < 0)
		return err;
	/* One timer event per period: keep the event rate sane. */
	err = snd_pcm_hw_constraint_minmax(runtime, SNDRV_PCM_HW_PARAM_PERIOD_TIME,
					   AUDMOD_PCM_PERIOD_US_MIN, UINT_MAX);
	if (err < 0)
		return err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	snprintf(name, sizeof(name), "pcmC%dD%d%c", rtd->card->snd_card->number,
		 substream->pcm->device,
		 substream->stream == SNDRV_PCM_STREAM_PLAYBACK ? 'p' : 'c');
	s->sa = audmod_sa_create(component->dev, name);
	if (IS_ERR(s->sa)) {
		err = PTR_ERR(s->sa);
		kfree(s);
		return err;
	}
	kref_init(&s->ref);
	s->substream = substream;
	s->codec = snd_soc_rtd_to_codec(rtd, 0)->component;
	s->dev = component->dev;
	mutex_init(&s->cfg_lock);
	s->hook.notify_release = audmod_pcm_sample_released;
	s->hook.owner = &s->ref;
	s->hook.owner_release = audmod_pcm_stream_release;
	spin_lock_init(&s->lock);
	hrtimer_init(&s->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	s->timer.function = audmod_pcm_tick;
	runtime->private_data = s;
	return 0;
}

static int audmod_pcm_close(struct snd_soc_component *component,
			    struct snd_pcm_substream *substream)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);

	mutex_lock(&s->cfg_lock);
	audmod_pcm_quiesce(s);
	audmod_pcm_ring_free(s);
	audmod_sa_destroy(s->sa);
	s->sa = NULL;
	mutex_unlock(&s->cfg_lock);
	substream->runtime->private_data = NULL;
	kref_put(&s->ref, audmod_pcm_stream_release);
	return 0;
}

static int audmod_pcm_hw_params(struct snd_soc_component *component,
				struct snd_pcm_substream *substream,
				struct snd_pcm_hw_params *params)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);
	struct snd_pcm_runtime *runtime = substream->runtime;
	struct audmod_alloc_props props = {
		.count = params_periods(params),
		.size = params_period_bytes(params),
		.align = 1,
	};
	struct audmod_alloc_props actual;
	int err;

	mutex_lock(&s->cfg_lock);
	/* The managed buffer may have just been replaced: drop the old ring. */
	audmod_pcm_quiesce(s);
	audmod_pcm_ring_free(s);

	err = audmod_sa_set_props(s->sa, &props, &actual);
	if (err)
		goto out;
	if (actual.size != props.size || actual.count != props.count) {
		err = -EINVAL;
		goto out;
	}
	s->ring = kcalloc(props.count, sizeof(*s->ring), GFP_KERNEL);
	if (!s->ring) {
		err = -ENOMEM;
		goto out;
	}
	err = audmod_sa_commit_adopt(s->sa, runtime->dma_area,
				     runtime->dma_addr, runtime->dma_bytes);
	if (err) {
		kfree(s->ring);
		s->ring = NULL;
	} else {
		s->ring_len = props.count;
	}
out:
	mutex_unlock(&s->cfg_lock);
	return err;
}

static int audmod_pcm_hw_free(struct snd_soc_component *component,
			      struct snd_pcm_substream *substream)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);

	mutex_lock(&s->cfg_lock);
	audmod_pcm_quiesce(s);
	audmod_pcm_ring_free(s);
	mutex_unlock(&s->cfg_lock);
	return 0;
}

static int audmod_pcm_prepare(struct snd_soc_component *component,
			      struct snd_pcm_substream *substream)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);
	struct snd_pcm_runtime *runtime = substream->runtime;
	unsigned int hz = READ_ONCE(tone_hz);
	struct audmod_tone tone;
	unsigned long flags;
	u32 period_ns, rem;
	int err;

	mutex_lock(&s->cfg_lock);
	audmod_pcm_quiesce(s);
	if (!s->ring || s->ring_len != runtime->periods) {
		err = -EBADFD;
		goto out;
	}
	err = audmod_pcm_ring_rewind(s);
	if (err)
		goto out;

	if (audmod_tone_init(&tone, hz, runtime->rate, READ_ONCE(tone_dbfs))) {
		dev_warn(s->dev, "tone of %u Hz impossible at %u Hz: silence\n",
			 hz, runtime->rate);
		audmod_tone_init(&tone, 0, runtime->rate, 0);
	}
	period_ns = div_u64_rem((u64)runtime->period_size * NSEC_PER_SEC,
				runtime->rate, &rem);

	spin_lock_irqsave(&s->lock, flags);
	s->periods = runtime->periods;
	s->period_frames = runtime->period_size;
	s->period_bytes = frames_to_bytes(runtime, runtime->period_size);
	s->rate = runtime->rate;
	s->channels = runtime->channels;
	s->format = runtime->format;
	s->tone = tone;
	s->cur = 0;
	s->period_ns = period_ns;
	s->period_rem = rem;
	s->rem_acc = 0;
	s->frozen_ns = 0;
	s->period_start = 0;
	s->period_end = ns_to_ktime(period_ns);
	spin_unlock_irqrestore(&s->lock, flags);

	/* Prime the engine with period 0, then let releases advance it. */
	err = audmod_pcm_take(s, 0);
	if (!err)
		err = audmod_pcm_set_hook(s, true);
	if (err)
		audmod_pcm_drop_held(s);
out:
	mutex_unlock(&s->cfg_lock);
	return err;
}

static int audmod_pcm_trigger(struct snd_soc_component *component,
			      struct snd_pcm_substream *substream, int cmd)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);

	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
		audmod_pcm_engine_start(s, false);
		return 0;
	case SNDRV_PCM_TRIGGER_PAUSE_RELEASE:
		audmod_pcm_engine_start(s, true);
		return 0;
	case SNDRV_PCM_TRIGGER_STOP:
	case SNDRV_PCM_TRIGGER_SUSPEND:
		audmod_pcm_engine_stop(s, false);
		return 0;
	case SNDRV_PCM_TRIGGER_PAUSE_PUSH:
		audmod_pcm_engine_stop(s, true);
		return 0;
	default:
		return -EINVAL;
	}
}

static int audmod_pcm_sync_stop(struct snd_soc_component *component,
				struct snd_pcm_substream *substream)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);

	mutex_lock(&s->cfg_lock);
	audmod_pcm_quiesce(s);
	mutex_unlock(&s->cfg_lock);
	return 0;
}

static snd_pcm_uframes_t audmod_pcm_pointer(struct snd_soc_component *component,
					    struct snd_pcm_substream *substream)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);
	snd_pcm_uframes_t pos;
	unsigned long flags;
	s64 elapsed;

	spin_lock_irqsave(&s->lock, flags);
	if (s->running)
		elapsed = ktime_to_ns(ktime_sub(ktime_get(), s->period_start));
	else
		elapsed = s->frozen_ns;
	pos = audmod_pcm_position(s->cur, s->period_frames, elapsed, s->rate);
	spin_unlock_irqrestore(&s->lock, flags);
	return pos;
}

static int audmod_pcm_construct(struct snd_soc_component *component,
				struct snd_soc_pcm_runtime *rtd)
{
	/* Allocated at hw_params, DMA-coherent on our device. */
	return snd_pcm_set_managed_buffer_all(rtd->pcm, SNDRV_DMA_TYPE_DEV,
					      component->dev, 0,
					      AUDMOD_PCM_BUFFER_BYTES_MAX);
}

/**
 * audmod_pcm_get_stats() - read a stream's engine counters
 * @substream: an open audmod substream.
 * @st: receives the counters.
 *
 * Context: any (takes the stream's engine spinlock).
 * Return: 0, or -EINVAL if @substream is not open.
 */
int audmod_pcm_get_stats(struct snd_pcm_substream *substream,
			 struct audmod_pcm_stats *st)
{
	struct audmod_pcm_stream *s;
	unsigned long flags;

	if (!substream || !substream->runtime ||
	    !substream->runtime->private_data)
		return -EINVAL;
	s = audmod_pcm_stream_of(substream);
	spin_lock_irqsave(&s->lock, flags);
	*st = s->stats;
	st->running = s->running;
	st->timer_armed = s->armed;
	spin_unlock_irqrestore(&s->lock, flags);
	st->owner_refs = kref_read(&s->ref);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(audmod_pcm_get_stats, AUDMOD);

/**
 * audmod_pcm_allocator() - the sample allocator of a stream's ring
 * @substream: an open audmod substream.
 *
 * The allocator is committed from hw_params to hw_free. Its owner is the
 * stream: callers may take and put samples, not configure it.
 * Context: any.
 * Return: the allocator, valid until the substream is closed, or NULL if
 * @substream is not open.
 */
struct audmod_sample_allocator *
audmod_pcm_allocator(struct snd_pcm_substream *substream)
{
	if (!substream || !substream->runtime ||
	    !substream->runtime->private_data)
		return NULL;
	return audmod_pcm_stream_of(substream)->sa;
}
EXPORT_SYMBOL_NS_GPL(audmod_pcm_allocator, AUDMOD);

static struct snd_soc_dai_driver audmod_cpu_dai = {
	.name = AUDMOD_CPU_DAI_NAME,
	.playback = {
		.stream_name = "CPU Playback",
		.channels_min = 1,
		.channels_max = 8,
		.rates = AUDMOD_PCM_RATES,
		.formats = AUDMOD_PCM_FORMATS,
	},
	.capture = {
		.stream_name = "CPU Capture",
		.channels_min = 1,
		.channels_max = 8,
		.rates = AUDMOD_PCM_RATES,
		.formats = AUDMOD_PCM_FORMATS,
	},
};

static const struct snd_soc_component_driver audmod_pcm_component = {
	.name = AUDMOD_PCM_DRV_NAME,
	.open = audmod_pcm_open,
	.close = audmod_pcm_close,
	.hw_params = audmod_pcm_hw_params,
	.hw_free = audmod_pcm_hw_free,
	.prepare = audmod_pcm_prepare,
	.trigger = audmod_pcm_trigger,
	.sync_stop = audmod_pcm_sync_stop,
	.pointer = audmod_pcm_pointer,
	.pcm_construct = audmod_pcm_construct,
	/* The card is ours: a reference from probe would block rmmod. */
	.module_get_upon_open = 1,
};

static int audmod_pcm_probe(struct platform_device *pdev)
{
	return devm_snd_soc_register_component(&pdev->dev,
					       &audmod_pcm_component,
					       &audmod_cpu_dai, 1);
}

/* A board's DT names this node as the CPU DAI of a generic card. */
static const struct of_device_id audmod_pcm_of_match[] = {
	{ .compatible = "audmod,pcm" },
	{ }
};
MODULE_DEVICE_TABLE(of, audmod_pcm_of_match);

struct platform_driver audmod_pcm_driver = {
	.driver = {
		.name = AUDMOD_PCM_DRV_NAME,
		.of_match_table = audmod_pcm_of_match,
	},
	.probe = audmod_pcm_probe,
};
