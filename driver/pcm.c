// SPDX-License-Identifier: GPL-2.0
/*
 * The audmod platform component: a CPU DAI and a PCM whose DMA ring is a
 * sample allocator (include/audmod/sample_alloc.h), one sample per period.
 * The ring's memory is the PCM's buffer, preallocated once per substream
 * when the PCM is created (ALSA's managed buffer, of the largest buffer the
 * hardware limits allow), so that hw_params allocates nothing large: it
 * lays the allocator's samples over the runtime's dma_area
 * (audmod_sa_commit_adopt()). That memory lives as long as the PCM device,
 * so a sample held after hw_free or close stays valid; hw_params refuses a
 * new ring (-EBUSY) while a sample of the stream's previous ring is held.
 *
 * The codec on the DAI link need not be ours: a board (the audmod,pcm DT
 * binding) may pair this platform with any codec. The modules run only when
 * the link has exactly one codec and it is an audmod codec
 * (audmod_codec_is_ours()); otherwise the stream runs the same way with no
 * processing.
 *
 * The virtual DMA engine (dma_engine.c) paces the periods. Like a DMA
 * controller working through a descriptor ring, the stream holds the
 * current period's sample for the length of the period: it takes it from
 * the allocator when the period begins (the free list is FIFO, and prepare
 * puts the samples back in index order, so the next free sample is always
 * the next period). When the period is due, the engine's transfer moves the
 * data where a DMA controller would: capture produces the period then (the
 * test tone, or what playback played, see "Capture Source"), both
 * directions hand it to the codec's processing hook, playback copies it to
 * the loopback, and the sample is released. The release calls the stream's
 * release hook (the allocator's notify callback), and the hook is what
 * advances the engine and reports the period elapsed. The pointer moves in
 * whole periods, so it reports exactly what the modules have seen.
 *
 * The hook is installed in prepare and removed, as the allocator's notify
 * contract asks when the stream stops, at the first point after a stop
 * where sleeping is allowed: sync_stop (which ALSA also runs on
 * disconnect), then hw_params, hw_free and close. Trigger runs atomic and
 * cannot remove it.
 *
 * Suspend: ALSA's SUSPEND trigger stops the engine; SNDRV_PCM_INFO_RESUME
 * is not set, so the stream is reported suspended and userspace prepares
 * it again on resume.
 *
 * Locking and contexts, per stream:
 * - cfg_lock (mutex) serialises the process-context operations (open,
 *   close, hw_params, hw_free, prepare, sync_stop) on the allocator, the
 *   hook, the ring table and the stream parameters.
 * - The engine's own lock (dma_engine.c) protects its state and clock.
 * - @held, the tone and the stream parameters belong to the engine's
 *   transfer (its work item) while the engine may run, and to the
 *   process-context operations after audmod_dma_sync().
 * - The loopback has its own mutex; it is taken only in process context
 *   (the transfer, prepare).
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/kthread.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <sound/control.h>
#include <sound/pcm.h>
#include <sound/pcm_params.h>
#include <sound/soc.h>
#include <kunit/visibility.h>

#include <audmod/sample_alloc.h>

#include "codec.h"
#include "compat.h"
#include "dma_engine.h"
#include "pcm.h"
#include "tone.h"

#define AUDMOD_PCM_RATES	SNDRV_PCM_RATE_8000_192000
#define AUDMOD_PCM_FORMATS	(SNDRV_PCM_FMTBIT_S16_LE | SNDRV_PCM_FMTBIT_S32_LE)
/* What playback can be ahead of capture in the loopback. */
#define AUDMOD_PCM_LOOP_BYTES	(1024 * 1024)

static const char * const audmod_capture_sources[] = {
	[AUDMOD_CAPTURE_TONE] = "Tone",
	[AUDMOD_CAPTURE_LOOPBACK] = "Loopback",
};

static int capture_source = AUDMOD_CAPTURE_TONE;

static int audmod_param_set_capture_source(const char *val,
					   const struct kernel_param *kp)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(audmod_capture_sources); i++)
		if (sysfs_streq(val, audmod_capture_sources[i]))
			break;
	if (i == ARRAY_SIZE(audmod_capture_sources))
		return -EINVAL;
	WRITE_ONCE(capture_source, i);
	return 0;
}

static int audmod_param_get_capture_source(char *buf,
					   const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  audmod_capture_sources[READ_ONCE(capture_source)]);
}

static const struct kernel_param_ops audmod_capture_source_ops = {
	.set = audmod_param_set_capture_source,
	.get = audmod_param_get_capture_source,
};

module_param_cb(capture_source, &audmod_capture_source_ops, &capture_source,
		0644);
MODULE_PARM_DESC(capture_source,
		 "Initial \"Capture Source\" of new cards: Tone (default) or Loopback");

static const struct snd_pcm_hardware audmod_pcm_hardware = {
	/* BATCH: the pointer moves in whole periods. */
	.info = SNDRV_PCM_INFO_MMAP | SNDRV_PCM_INFO_MMAP_VALID |
		SNDRV_PCM_INFO_INTERLEAVED | SNDRV_PCM_INFO_BLOCK_TRANSFER |
		SNDRV_PCM_INFO_PAUSE | SNDRV_PCM_INFO_BATCH,
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
 * struct audmod_pcm_loop - what playback played, for capture to read
 * @lock: protects the members below; process context only.
 * @buf: byte ring of @size bytes.
 * @size: capacity.
 * @head: offset of the oldest byte.
 * @count: bytes queued.
 * @format: format of the queued audio (playback's).
 * @channels: its channels.
 * @rate: its rate.
 */
struct audmod_pcm_loop {
	struct mutex lock;	/* the ring */
	u8 *buf;
	size_t size;
	size_t head;
	size_t count;
	snd_pcm_format_t format;
	u32 channels;
	u32 rate;
};

/**
 * struct audmod_pcm_priv - driver data of the PCM platform device
 * @capture_source: enum audmod_capture_source of the card's capture;
 *	written by the control, read by every capture transfer.
 * @loop: the loopback from playback to capture.
 * @dma_worker: runs the work items of both streams' DMA engines.
 */
struct audmod_pcm_priv {
	int capture_source;
	struct audmod_pcm_loop loop;
	struct kthread_worker *dma_worker;
};

/**
 * struct audmod_pcm_stream - one open substream
 * @ref: the open stream holds one reference, the allocator one more while
 *	@hook is installed; the last put frees the object.
 * @substream: the substream; valid from open to close.
 * @codec: the codec component whose processing hook gets every period, or
 *	NULL if the link's codec is not a single audmod codec (no processing).
 * @priv: the platform's driver data.
 * @dev: the device of the PCM's DMA memory.
 * @cfg_lock: serialises the process-context operations; protects @sa's
 *	configuration, @hook_set and @ring.
 * @sa: the ring: one sample per period, over the runtime's buffer.
 * @hook: release hook installed on @sa while the stream is prepared.
 * @hook_set: @hook is installed.
 * @ring: one slot per sample, for putting them back in index order.
 * @ring_len: samples in the ring (the periods of the last hw_params).
 * @held: the sample of the current period, held from the period's start to
 *	its end, or NULL (see the header comment for its owner).
 * @engine: the virtual DMA engine.
 * @period_bytes: bytes per period (= sample size); set at prepare.
 * @frame_bytes: bytes per frame; set at prepare.
 * @rate: frames per second; set at prepare.
 * @channels: channels per frame; set at prepare.
 * @format: sample format; set at prepare.
 * @tone: capture test signal.
 * @hook_calls: calls of @hook by the allocator.
 * @periods_elapsed: periods @hook completed.
 */
struct audmod_pcm_stream {
	struct kref ref;
	struct snd_pcm_substream *substream;
	struct snd_soc_component *codec;
	struct audmod_pcm_priv *priv;
	struct device *dev;

	struct mutex cfg_lock;		/* process-context configuration */
	struct audmod_sample_allocator *sa;
	struct audmod_release_hook hook;
	bool hook_set;
	struct audmod_sample **ring;
	u32 ring_len;
	struct audmod_sample *held;

	struct audmod_dma_engine engine;
	u32 period_bytes;
	u32 frame_bytes;
	u32 rate;
	u32 channels;
	snd_pcm_format_t format;
	struct audmod_tone tone;
	atomic64_t hook_calls;
	atomic64_t periods_elapsed;
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

/* ---- loopback ------------------------------------------------------------- */

static void audmod_pcm_loop_reset(struct audmod_pcm_loop *l)
{
	mutex_lock(&l->lock);
	l->head = 0;
	l->count = 0;
	mutex_unlock(&l->lock);
}

/* Queue what playback played; what does not fit (no reader) is dropped. */
static void audmod_pcm_loop_write(struct audmod_pcm_loop *l,
				  const struct audmod_pcm_stream *s,
				  const u8 *data)
{
	size_t n, tail, first;

	mutex_lock(&l->lock);
	if (l->format != s->format || l->channels != s->channels ||
	    l->rate != s->rate) {
		l->format = s->format;
		l->channels = s->channels;
		l->rate = s->rate;
		l->head = 0;
		l->count = 0;
	}
	n = min_t(size_t, s->period_bytes, l->size - l->count);
	n -= n % s->frame_bytes;
	tail = (l->head + l->count) % l->size;
	first = min(n, l->size - tail);
	memcpy(l->buf + tail, data, first);
	memcpy(l->buf, data + first, n - first);
	l->count += n;
	mutex_unlock(&l->lock);
}

/* Fill a capture period from the loopback; silence for what is missing. */
static void audmod_pcm_loop_read(struct audmod_pcm_loop *l,
				 const struct audmod_pcm_stream *s, u8 *data)
{
	size_t n = 0, first;

	mutex_lock(&l->lock);
	if (l->format == s->format && l->channels == s->channels &&
	    l->rate == s->rate) {
		n = min_t(size_t, s->period_bytes, l->count);
		n -= n % s->frame_bytes;
		first = min(n, l->size - l->head);
		memcpy(data, l->buf + l->head, first);
		memcpy(data + first, l->buf, n - first);
		l->head = (l->head + n) % l->size;
		l->count -= n;
	}
	mutex_unlock(&l->lock);
	memset(data + n, 0, s->period_bytes - n);
}

/* ---- the engine's transfer and the release hook -------------------------- */

/*
 * The allocator's release hook. Runs in the context of the release (the
 * engine's work item for the stream's own samples), after the sample is
 * back on the free list, under RCU, with no lock of ours held.
 */
static void audmod_pcm_sample_released(struct audmod_release_hook *hook,
				       struct audmod_sample_allocator *sa,
				       u32 sample_index)
{
	struct audmod_pcm_stream *s = container_of(hook, struct audmod_pcm_stream, hook);

	atomic64_inc(&s->hook_calls);
	if (!audmod_dma_period_done(&s->engine, sample_index))
		return;
	atomic64_inc(&s->periods_elapsed);
	/* It may call our trigger (XRUN, end of drain) and pointer. */
	snd_pcm_period_elapsed(s->substream);
}

/* Begin period @index: take its sample. */
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
	s->held = sample;
	return 0;
}

/* Release the held sample without transferring it (stream stopped). */
static void audmod_pcm_drop_held(struct audmod_pcm_stream *s)
{
	struct audmod_sample *sample = s->held;

	s->held = NULL;
	if (sample)
		audmod_sample_put(sample);
}

/* The engine's transfer of period @period, in its work item. */
static int audmod_pcm_transfer(struct audmod_dma_engine *e, u32 period)
{
	struct audmod_pcm_stream *s = e->priv;
	struct audmod_sample *sample = s->held;
	struct audmod_sample_info info = {
		.stream = s->substream->stream,
		.bytes = s->period_bytes,
		.format = s->format,
		.channels = s->channels,
		.rate = s->rate,
	};
	enum audmod_dma_state st;
	u32 next;

	if (!sample || sample->index != period)
		return -EPROTO;
	s->held = NULL;
	info.data = sample->cpu_addr;
	if (info.stream == SNDRV_PCM_STREAM_CAPTURE) {
		if (READ_ONCE(s->priv->capture_source) == AUDMOD_CAPTURE_LOOPBACK)
			audmod_pcm_loop_read(&s->priv->loop, s, sample->cpu_addr);
		else
			audmod_tone_fill(&s->tone, sample->cpu_addr,
					 s->period_bytes / s->frame_bytes,
					 s->channels, s->format);
	}
	if (s->codec)
		audmod_codec_process(s->codec, &info);
	if (info.stream == SNDRV_PCM_STREAM_PLAYBACK)
		audmod_pcm_loop_write(&s->priv->loop, s, sample->cpu_addr);
	/* The release hook advances the engine. */
	audmod_sample_put(sample);

	/*
	 * Paused meanwhile: still begin the next period, resume continues
	 * it. Stopped: the sync gives back what we hold.
	 */
	st = audmod_dma_state(e);
	if (st != AUDMOD_DMA_RUNNING && st != AUDMOD_DMA_PAUSED)
		return 0;
	next = div_u64(audmod_dma_position(e), s->period_bytes / s->frame_bytes);
	if (next == period)
		return -EPROTO;
	return audmod_pcm_take(s, next);
}

static void audmod_pcm_xrun(struct audmod_dma_engine *e, int err)
{
	struct audmod_pcm_stream *s = e->priv;

	snd_pcm_stop_xrun(s->substream);
}

static const struct audmod_dma_ops audmod_pcm_dma_ops = {
	.transfer = audmod_pcm_transfer,
	.xrun = audmod_pcm_xrun,
};

/* ---- ring ------------------------------------------------------------------ */

/* Install or remove the release hook. */
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
	audmod_dma_sync(&s->engine);
	audmod_pcm_drop_held(s);
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
	/* The memory is the PCM's: held samples keep using it. */
	audmod_sa_decommit(s->sa);
	kfree(s->ring);
	s->ring = NULL;
	s->ring_len = 0;
	audmod_dma_event(&s->engine, AUDMOD_DMA_EV_HW_FREE);
}

/* ---- PCM operations ------------------------------------------------------- */

/*
 * The codec whose modules process the stream: the link's only codec, if it
 * is ours. The driver data of any other codec is not ours to read.
 */
static struct snd_soc_component *audmod_pcm_link_codec(struct snd_soc_pcm_runtime *rtd)
{
	struct snd_soc_component *codec;

	if (rtd->dai_link->num_codecs != 1)
		return NULL;
	codec = snd_soc_rtd_to_codec(rtd, 0)->component;
	return audmod_codec_is_ours(codec) ? codec : NULL;
}

static int audmod_pcm_open(struct snd_soc_component *component,
			   struct snd_pcm_substream *substream)
{
	struct snd_soc_pcm_runtime *rtd = snd_soc_substream_to_rtd(substream);
	struct snd_pcm_runtime *runtime = substream->runtime;
	struct audmod_pcm_stream *s;
	char name[16];
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
	s->codec = audmod_pcm_link_codec(rtd);
	if (!s->codec)
		dev_dbg(component->dev, "%s: codec not audmod, no modules\n", name);
	s->priv = snd_soc_component_get_drvdata(component);
	s->dev = component->dev;
	mutex_init(&s->cfg_lock);
	s->hook.notify_release = audmod_pcm_sample_released;
	s->hook.owner = &s->ref;
	s->hook.owner_release = audmod_pcm_stream_release;
	audmod_dma_init(&s->engine, s->priv->dma_worker, component->dev, name,
			&audmod_pcm_dma_ops, s);
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
	audmod_pcm_quiesce(s);
	audmod_pcm_ring_free(s);

	err = audmod_sa_set_props(s->sa, &props, &actual);
	/* A holder of the allocator still has a sample of the old ring. */
	if (err == -EAGAIN)
		err = -EBUSY;
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
	s->ring_len = props.count;
	/* ALSA has set the runtime's buffer: the preallocated one. */
	err = audmod_sa_commit_adopt(s->sa, runtime->dma_area,
				     runtime->dma_addr, runtime->dma_bytes);
	if (!err)
		err = audmod_pcm_ring_rewind(s);
	if (err) {
		audmod_pcm_ring_free(s);
		goto out;
	}
	err = audmod_dma_event(&s->engine, AUDMOD_DMA_EV_HW_PARAMS);
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
	struct audmod_dma_geometry geo = {
		.periods = runtime->periods,
		.period_frames = runtime->period_size,
		.rate = runtime->rate,
	};
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

	if (audmod_tone_init_default(&s->tone, runtime->rate))
		dev_warn(s->dev, "tone_hz impossible at %u Hz: silence\n",
			 runtime->rate);
	s->period_bytes = frames_to_bytes(runtime, runtime->period_size);
	s->frame_bytes = frames_to_bytes(runtime, 1);
	s->rate = runtime->rate;
	s->channels = runtime->channels;
	s->format = runtime->format;
	/* Capture hears playback from now on, not what it played before. */
	if (substream->stream == SNDRV_PCM_STREAM_CAPTURE)
		audmod_pcm_loop_reset(&s->priv->loop);

	err = audmod_dma_prepare(&s->engine, &geo);
	/* Prime the engine with period 0, then let releases advance it. */
	if (!err)
		err = audmod_pcm_take(s, 0);
	if (!err)
		err = audmod_pcm_set_hook(s, true);
	if (err) {
		audmod_dma_sync(&s->engine);
		audmod_pcm_drop_held(s);
	}
out:
	mutex_unlock(&s->cfg_lock);
	return err;
}

static int audmod_pcm_trigger(struct snd_soc_component *component,
			      struct snd_pcm_substream *substream, int cmd)
{
	struct audmod_pcm_stream *s = audmod_pcm_stream_of(substream);
	enum audmod_dma_event ev;

	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
		ev = AUDMOD_DMA_EV_START;
		break;
	case SNDRV_PCM_TRIGGER_PAUSE_RELEASE:
		ev = AUDMOD_DMA_EV_RELEASE;
		break;
	case SNDRV_PCM_TRIGGER_STOP:
	case SNDRV_PCM_TRIGGER_SUSPEND:
		ev = AUDMOD_DMA_EV_STOP;
		break;
	case SNDRV_PCM_TRIGGER_PAUSE_PUSH:
		ev = AUDMOD_DMA_EV_PAUSE;
		break;
	default:
		return -EINVAL;
	}
	return audmod_dma_trigger(&s->engine, ev, ktime_get());
}

/*
 * One buffer per substream, of the largest size the hardware limits allow,
 * allocated now (when memory is least fragmented) and never at hw_params.
 * A fixed size (no maximum): ALSA fails here rather than falling back to a
 * smaller buffer.
 */
static int audmod_pcm_construct(struct snd_soc_component *component,
				struct snd_soc_pcm_runtime *rtd)
{
	return snd_pcm_set_managed_buffer_all(rtd->pcm, SNDRV_DMA_TYPE_DEV,
					      component->dev,
					      AUDMOD_PCM_BUFFER_BYTES_MAX, 0);
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
	return audmod_dma_position(&audmod_pcm_stream_of(substream)->engine);
}

/**
 * audmod_pcm_get_stats() - read a stream's engine counters
 * @substream: an open audmod substream.
 * @st: receives the counters.
 *
 * Context: any but hard irq (takes the engine's spinlock).
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
	memset(st, 0, sizeof(*st));
	spin_lock_irqsave(&s->engine.lock, flags);
	st->transfers = s->engine.transfers;
	st->period_ns = s->engine.clock.period_ns;
	st->state = s->engine.state;
	st->running = s->engine.state == AUDMOD_DMA_RUNNING;
	st->timer_armed = s->engine.armed;
	spin_unlock_irqrestore(&s->engine.lock, flags);
	st->hook_calls = atomic64_read(&s->hook_calls);
	st->periods_elapsed = atomic64_read(&s->periods_elapsed);
	st->owner_refs = kref_read(&s->ref);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_pcm_get_stats);

/**
 * audmod_pcm_allocator() - the sample allocator of a stream's ring
 * @substream: an open audmod substream.
 *
 * The allocator is committed from hw_params to hw_free over the PCM's
 * preallocated buffer: a sample taken from it stays valid until it is put
 * back, even after hw_free or close, as long as the card exists; hw_params
 * fails with -EBUSY while a sample of the previous ring is still held. A
 * sample held past close must be put back before the substream is opened
 * again (the next open's ring uses the same memory). Callers may take and
 * put samples, not configure it. Samples must be put back in task or
 * softirq context (the release hook takes the engine's spinlock_t, a
 * sleeping lock on PREEMPT_RT).
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
EXPORT_SYMBOL_IF_KUNIT(audmod_pcm_allocator);

/* ---- the "Capture Source" control --------------------------------------- */

static int audmod_capture_source_get(struct snd_kcontrol *kcontrol,
				     struct snd_ctl_elem_value *ucontrol)
{
	struct snd_soc_component *c = snd_kcontrol_chip(kcontrol);
	struct audmod_pcm_priv *priv = snd_soc_component_get_drvdata(c);

	ucontrol->value.enumerated.item[0] = READ_ONCE(priv->capture_source);
	return 0;
}

static int audmod_capture_source_put(struct snd_kcontrol *kcontrol,
				     struct snd_ctl_elem_value *ucontrol)
{
	struct snd_soc_component *c = snd_kcontrol_chip(kcontrol);
	struct audmod_pcm_priv *priv = snd_soc_component_get_drvdata(c);
	unsigned int v = ucontrol->value.enumerated.item[0];

	if (v >= ARRAY_SIZE(audmod_capture_sources))
		return -EINVAL;
	return xchg(&priv->capture_source, v) != v;
}

static SOC_ENUM_SINGLE_EXT_DECL(audmod_capture_source_enum,
				audmod_capture_sources);

static const struct snd_kcontrol_new audmod_pcm_controls[] = {
	SOC_ENUM_EXT(AUDMOD_CAPTURE_SOURCE_CTL, audmod_capture_source_enum,
		     audmod_capture_source_get, audmod_capture_source_put),
};

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
	.controls = audmod_pcm_controls,
	.num_controls = ARRAY_SIZE(audmod_pcm_controls),
	.AUDMOD_COMPONENT_PCM_NEW = audmod_pcm_construct,
	.open = audmod_pcm_open,
	.close = audmod_pcm_close,
	.hw_params = audmod_pcm_hw_params,
	.hw_free = audmod_pcm_hw_free,
	.prepare = audmod_pcm_prepare,
	.trigger = audmod_pcm_trigger,
	.sync_stop = audmod_pcm_sync_stop,
	.pointer = audmod_pcm_pointer,
	/* The card is ours: a reference from probe would block rmmod. */
	.module_get_upon_open = 1,
};

static void audmod_pcm_loop_free(void *data)
{
	struct audmod_pcm_loop *l = data;

	mutex_destroy(&l->lock);
	kvfree(l->buf);
}

static void audmod_pcm_worker_free(void *data)
{
	audmod_dma_worker_destroy(data);
}

static int audmod_pcm_probe(struct platform_device *pdev)
{
	struct audmod_pcm_priv *priv;
	int err;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->capture_source = READ_ONCE(capture_source);
	priv->loop.size = AUDMOD_PCM_LOOP_BYTES;
	priv->loop.buf = kvzalloc(priv->loop.size, GFP_KERNEL);
	if (!priv->loop.buf)
		return -ENOMEM;
	mutex_init(&priv->loop.lock);
	err = devm_add_action_or_reset(&pdev->dev, audmod_pcm_loop_free,
				       &priv->loop);
	if (err)
		return err;
	/* Before the component: devm frees it after every stream is closed. */
	priv->dma_worker = audmod_dma_worker_create(dev_name(&pdev->dev));
	if (IS_ERR(priv->dma_worker))
		return PTR_ERR(priv->dma_worker);
	err = devm_add_action_or_reset(&pdev->dev, audmod_pcm_worker_free,
				       priv->dma_worker);
	if (err)
		return err;
	platform_set_drvdata(pdev, priv);
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
