/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The notification channel: an ALSA hwdep device through which every open
 * file reads every notification of the card with its own read position, and
 * through which a caller runs one command and gets its own reply. Layouts:
 * <uapi/audmod.h> section 8.
 */
#ifndef AUDMOD_CHANNEL_H
#define AUDMOD_CHANNEL_H

#include <linux/list.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <uapi/audmod.h>

struct snd_card;
struct snd_hwdep;
struct audmod_notification;

/**
 * struct audmod_channel_slot - where one record is in the ring, as read
 *	from its &struct audmod_channel_map_slot under &audmod_channel.lock
 * @seq: its sequence number
 * @timestamp_ns: its send time
 * @pos: offset of its payload in &audmod_channel.ring
 * @size: payload bytes
 * @span: bytes it occupies there: @size rounded up to 8
 */
struct audmod_channel_slot {
	u64 seq;
	u64 timestamp_ns;
	u32 pos;
	u32 size;
	u32 span;
};

/**
 * struct audmod_channel_reader - an open file's own position page
 * @node: in &audmod_channel.readers
 * @file: the file; the entry lives from the file's first mmap() of its
 *	position page to its release
 * @pos: the page, vmalloc_user(), mapped read-write by its reader
 */
struct audmod_channel_reader {
	struct list_head node;
	const struct file *file;
	struct audmod_channel_map_position *pos;
};

/**
 * struct audmod_channel_ops - what the channel asks of its owner
 * @command: run one command: @req in, @reply filled when it returns 0.
 *	Process context, may sleep; no channel lock held and no user memory
 *	touched by the channel during the call. Return: 0 or a negative errno.
 * @counters: the card's notifications accepted and dropped so far, the
 *	dropped count as the "Audio Module Notifications Dropped" control
 *	shows it. Any context; no channel lock held.
 */
struct audmod_channel_ops {
	int (*command)(void *ctx, const struct audmod_command_request *req,
		       struct audmod_command_reply *reply);
	void (*counters)(void *ctx, u64 *accepted, u64 *dropped);
};

/**
 * struct audmod_channel - the notification channel of one card
 * @card: the card
 * @hwdep: its hwdep device
 * @lock: protects @ring, @slots, @head, @tail, @wpos, @last_seq, @dropped,
 *	@dead and @readers; irqsave, never held across a user copy
 * @map: the area userspace maps read-only: header, @slots, @ring
 *	(<uapi/audmod.h> section 8); vmalloc_user(), @map_size bytes
 * @map_size: its size, a multiple of PAGE_SIZE
 * @ring: payloads, %AUDMOD_CHANNEL_BYTES, in @map
 * @slots: %AUDMOD_CHANNEL_RECORDS slots, slot number modulo the count, in @map
 * @head: number of the next slot written
 * @tail: number of the oldest slot still valid
 * @wpos: ring offset just past the newest payload
 * @last_seq: sequence number of the newest notification delivered, 0: none
 * @dropped: the card's dropped count as of that notification
 * @dead: the card is being removed or the owner detached
 * @readers: the files that have a position page (few: a linear search)
 * @wait: readers and pollers
 * @ops_sem: protects @ops and @ctx
 * @ops: the owner's callbacks; NULL once detached
 * @ctx: their first argument
 * @hw_fops: the hwdep core's file operations, which the channel's own
 *	delegate to (all but read()); set at the first open, under the
 *	hwdep's open_mutex, before any file has the channel's
 */
struct audmod_channel {
	struct snd_card *card;
	struct snd_hwdep *hwdep;
	spinlock_t lock;	/* ring state; irqsave */
	struct audmod_channel_map *map;
	size_t map_size;
	u8 *ring;
	struct audmod_channel_map_slot *slots;
	u64 head;
	u64 tail;
	u32 wpos;
	u64 last_seq;
	u64 dropped;
	bool dead;
	struct list_head readers;
	wait_queue_head_t wait;
	struct rw_semaphore ops_sem;	/* ops, ctx */
	const struct audmod_channel_ops *ops;
	void *ctx;
	const struct file_operations *hw_fops;
};

struct audmod_channel *audmod_channel_new(struct snd_card *card,
					  const struct audmod_channel_ops *ops,
					  void *ctx);
void audmod_channel_detach(struct audmod_channel *ch);
void audmod_channel_deliver(struct audmod_channel *ch,
			    const struct audmod_notification *n);
#if IS_ENABLED(CONFIG_KUNIT)
struct audmod_channel_map_position *
audmod_channel_position_new(struct audmod_channel *ch, struct file *file);
#endif

#endif /* AUDMOD_CHANNEL_H */
