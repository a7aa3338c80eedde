// SPDX-License-Identifier: GPL-2.0
/*
 * The notification channel (<uapi/audmod.h> section 8).
 *
 * Why a hwdep device: a notification must reach every reader, each at its
 * own pace, and ALSA controls cannot do that (the core merges the pending
 * events of one control, and a control value is one value for everybody).
 * A hwdep device gives every opener a file of its own with read() and
 * poll(), as the firewire drivers' event queues do, and an ioctl that runs
 * a command and returns its reply to that caller only. The ALSA core holds
 * no lock of its own around hwdep read() and ioctl(), unlike TLV commands
 * on a control (controls_rwsem is held across their user copies), so a
 * client whose buffer faults slowly stalls nobody.
 *
 * How: the card keeps one ring of the latest notifications (payloads in
 * @ring, one slot per record); delivery copies each notification in once,
 * overwriting the oldest when full, and never waits. Each open file's
 * position (its f_pos) is the sequence number it reads next, so a reader
 * costs the others nothing and the number it missed is exact: the distance
 * from its position to the sequence number of the record it gets. A reader
 * copies records to userspace without the lock, then checks under the lock
 * that none was overwritten meanwhile; if one was, it reads again from the
 * same position, now counting the overwritten ones as missed.
 *
 * The mapped reader: the ring and its slots live in one area every file may
 * map read-only, written in an order that lets a process copy records out
 * and then see whether any was overwritten meanwhile (the same check as
 * read()'s, made by the process). A file that maps its position page has
 * its position there instead of in f_pos, so that poll() knows what the
 * process has drained without a call per record.
 *
 * Locking: @lock (spinlock_t, irqsave) protects the ring, the slots, @head,
 * @tail, @wpos, @last_seq, @dead and @readers (@last_seq is 64-bit: only read under
 * it, since a lockless load may tear on 32-bit kernels). Delivery takes it for one copy of at
 * most %AUDMOD_NOTIFICATION_MAX_BYTES bytes; readers take it to find and
 * check records, never across a user copy. @ops_sem protects @ops and @ctx:
 * commands and status reads hold it for reading around the owner's
 * callbacks (not across user copies either), detach takes it for writing.
 *
 * Lifetime: the channel is a low-level device of the card: the card frees
 * it (after every file on the card is closed), its disconnect wakes every
 * reader with -ENODEV. The owner detaches before it goes away; after that
 * commands fail with -ENODEV and nothing calls the owner.
 */
#include <linux/bitops.h>
#include <linux/compat.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <sound/core.h>
#include <sound/hwdep.h>
#include <sound/minors.h>
#include <kunit/visibility.h>

#include <audmod/notify.h>

#include "channel.h"
#include "compat.h"

/* Records one read() gathers per look at the ring. */
#define AUDMOD_CHANNEL_BATCH	16

static struct audmod_channel_map_slot *audmod_slot(struct audmod_channel *ch,
						   u64 r)
{
	return &ch->slots[r % AUDMOD_CHANNEL_RECORDS];
}

static u64 audmod_slot_seq(struct audmod_channel *ch, u64 r)
{
	return le64_to_cpu(audmod_slot(ch, r)->seq);
}

/* Slot @r as the kernel uses it; lock held. */
static void audmod_slot_get(struct audmod_channel *ch, u64 r,
			    struct audmod_channel_slot *out)
{
	const struct audmod_channel_map_slot *s = audmod_slot(ch, r);

	lockdep_assert_held(&ch->lock);
	out->seq = le64_to_cpu(s->seq);
	out->timestamp_ns = le64_to_cpu(s->timestamp_ns);
	out->pos = le32_to_cpu(s->pos);
	out->size = le32_to_cpu(s->size);
	out->span = ALIGN(out->size, 8);
}

static u32 audmod_record_length(const struct audmod_channel_slot *s)
{
	return AUDMOD_CHANNEL_RECORD_HEADER_SIZE + s->span;
}

/* First slot number whose sequence number is at least @seq; lock held. */
static u64 audmod_channel_find(struct audmod_channel *ch, u64 seq)
{
	u64 lo = ch->tail, hi = ch->head, mid;

	lockdep_assert_held(&ch->lock);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (audmod_slot_seq(ch, mid) < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The position page of @file, or NULL; lock held. */
static struct audmod_channel_map_position *
audmod_channel_pos_of(struct audmod_channel *ch, const struct file *file)
{
	struct audmod_channel_reader *rd;

	lockdep_assert_held(&ch->lock);
	if (!file)
		return NULL;
	list_for_each_entry(rd, &ch->readers, node)
		if (rd->file == file)
			return rd->pos;
	return NULL;
}

/*
 * Where @file reads next: its position page's, else @offset's. The process
 * may write the page at any time: any value is only a number to look for.
 */
static u64 audmod_channel_cursor(const struct audmod_channel_map_position *pos,
				 const loff_t *offset)
{
	return pos ? le64_to_cpu(READ_ONCE(pos->next_seq)) : (u64)*offset;
}

static void audmod_channel_set_cursor(struct audmod_channel_map_position *pos,
				      loff_t *offset, u64 cursor)
{
	*offset = cursor;
	if (pos)
		WRITE_ONCE(pos->next_seq, cpu_to_le64(cursor));
}

/**
 * audmod_channel_deliver() - put one notification into the channel
 * @ch: the channel
 * @n: the notification
 *
 * Copies it over the oldest records as needed and wakes the readers. Never
 * sleeps: any context in which spinlock_t may be taken and wake_up() called
 * (process, softirq, and hard interrupt without PREEMPT_RT). Calls must be
 * serialised and in sequence order (the notifier's delivery guarantees it).
 */
void audmod_channel_deliver(struct audmod_channel *ch,
			    const struct audmod_notification *n)
{
	u32 size = min_t(u32, n->size, AUDMOD_NOTIFICATION_MAX_BYTES);
	u32 span = ALIGN(size, 8), pos, waste;
	struct audmod_channel_map_slot *m;
	struct audmod_channel_slot s;
	unsigned long flags;

	spin_lock_irqsave(&ch->lock, flags);
	pos = ch->wpos;
	waste = AUDMOD_CHANNEL_BYTES;	/* start of the unused tail claimed */
	if (pos + span > AUDMOD_CHANNEL_BYTES) {
		/*
		 * Wrap: the claim is the tail [wpos, end) left unused, where
		 * the oldest records of the last lap still sit, then [0, span).
		 */
		waste = pos;
		pos = 0;
	}
	/*
	 * Records sit in ring order from the oldest: evict from there while
	 * the oldest overlaps the claim or every slot is taken.
	 */
	while (ch->tail < ch->head) {
		audmod_slot_get(ch, ch->tail, &s);
		if (ch->head - ch->tail < AUDMOD_CHANNEL_RECORDS &&
		    s.pos + s.span <= waste &&
		    (s.pos >= pos + span || pos >= s.pos + s.span))
			break;
		ch->tail++;
	}
	WRITE_ONCE(ch->map->tail, cpu_to_le32((u32)ch->tail));
	/*
	 * A mapped reader checks the tail after its copy: the new tail is
	 * visible before any byte of what it evicted changes.
	 */
	smp_wmb();
	memcpy(ch->ring + pos, n->data, size);
	memset(ch->ring + pos + size, 0, span - size);
	m = audmod_slot(ch, ch->head);
	m->seq = cpu_to_le64(n->seq);
	m->timestamp_ns = cpu_to_le64(n->timestamp_ns);
	m->pos = cpu_to_le32(pos);
	m->size = cpu_to_le32(size);
	ch->head++;
	/* And sees the record whole once it sees the head past it. */
	smp_store_release(&ch->map->head, cpu_to_le32((u32)ch->head));
	ch->wpos = pos + span;
	ch->last_seq = n->seq;
	ch->dropped = n->lost;
	spin_unlock_irqrestore(&ch->lock, flags);

	wake_up_interruptible_poll(&ch->wait, EPOLLIN | EPOLLRDNORM);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_channel_deliver);

/*
 * A record from @cursor on is there, or the channel is dead. @last_seq is
 * read under the lock: a lockless 64-bit load may tear on 32-bit kernels.
 */
static bool audmod_channel_readable(struct audmod_channel *ch, u64 cursor)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&ch->lock, flags);
	ret = ch->last_seq >= cursor || ch->dead;
	spin_unlock_irqrestore(&ch->lock, flags);
	return ret;
}

/*
 * Copy whole records from slot @first on, at most @count bytes, to @buf.
 * Return: bytes copied (0 when the first record does not fit), -EFAULT, or
 * -EAGAIN when a record was overwritten during the copy (nothing counts).
 * On success *@cursor is one past the last sequence number copied.
 */
static long audmod_channel_copy(struct audmod_channel *ch, u64 first,
				char __user *buf, long count, u64 *cursor)
{
	struct audmod_channel_slot batch[AUDMOD_CHANNEL_BATCH];
	struct audmod_channel_record hdr = {
		.type = cpu_to_le16(AUDMOD_RECORD_NOTIFICATION),
	};
	unsigned int i, nr = 0;
	u64 next = *cursor, r;
	long done = 0;
	bool torn;

	spin_lock_irq(&ch->lock);
	if (first < ch->tail) {
		spin_unlock_irq(&ch->lock);
		return -EAGAIN;
	}
	for (r = first; r < ch->head && nr < ARRAY_SIZE(batch); r++) {
		audmod_slot_get(ch, r, &batch[nr]);
		if (done + audmod_record_length(&batch[nr]) > count)
			break;
		done += audmod_record_length(&batch[nr]);
		nr++;
	}
	spin_unlock_irq(&ch->lock);

	done = 0;
	for (i = 0; i < nr; i++) {
		hdr.length = cpu_to_le32(audmod_record_length(&batch[i]));
		hdr.size = cpu_to_le16(batch[i].size);
		hdr.seq = cpu_to_le64(batch[i].seq);
		hdr.timestamp_ns = cpu_to_le64(batch[i].timestamp_ns);
		hdr.missed = cpu_to_le64(batch[i].seq - next);
		if (copy_to_user(buf + done, &hdr, sizeof(hdr)) ||
		    copy_to_user(buf + done + sizeof(hdr),
				 ch->ring + batch[i].pos, batch[i].span))
			return -EFAULT;
		done += audmod_record_length(&batch[i]);
		next = batch[i].seq + 1;
	}

	/* Overwritten while we copied? Then the copy may be torn. */
	spin_lock_irq(&ch->lock);
	torn = first < ch->tail;
	spin_unlock_irq(&ch->lock);
	if (torn)
		return -EAGAIN;
	*cursor = next;
	return done;
}

/*
 * read(): whole records from the position of @file (NULL: *@offset) on;
 * with nothing there, wait unless @nonblock (-EAGAIN then). A read of 0
 * bytes returns 0 at once. The position page, once found, stays until the
 * file's release, which cannot run during its read().
 */
static long audmod_channel_do_read(struct audmod_channel *ch,
				   const struct file *file, char __user *buf,
				   long count, loff_t *offset, bool nonblock)
{
	struct audmod_channel_map_position *pos;
	u64 cursor, first;
	long done = 0, ret;
	bool empty, dead;

	if (!count)
		return 0;
	spin_lock_irq(&ch->lock);
	pos = audmod_channel_pos_of(ch, file);
	spin_unlock_irq(&ch->lock);
	cursor = audmod_channel_cursor(pos, offset);
	for (;;) {
		spin_lock_irq(&ch->lock);
		dead = ch->dead;
		first = audmod_channel_find(ch, cursor);
		empty = first == ch->head;
		spin_unlock_irq(&ch->lock);
		if (dead)
			return done ? done : -ENODEV;
		if (empty) {
			if (done)
				break;
			if (nonblock)
				return -EAGAIN;
			ret = wait_event_interruptible(ch->wait,
						       audmod_channel_readable(ch, cursor));
			if (ret)
				return ret;
			continue;
		}
		ret = audmod_channel_copy(ch, first, buf + done, count - done,
					  &cursor);
		if (ret == -EAGAIN) {
			/* Overwritten during the copy: read again, missed. */
			if (fatal_signal_pending(current))
				return done ? done : -EINTR;
			cond_resched();
			continue;
		}
		if (ret < 0)
			return done ? done : ret;
		if (!ret) {
			if (!done)
				return -EINVAL;	/* too small for the next one */
			break;
		}
		done += ret;
		audmod_channel_set_cursor(pos, offset, cursor);
	}
	return done;
}

/* The hwdep read, which sees no file: it blocks (our open replaces it). */
static long audmod_channel_read(struct snd_hwdep *hw, char __user *buf,
				long count, loff_t *offset)
{
	return audmod_channel_do_read(hw->private_data, NULL, buf, count,
				      offset, false);
}

/*
 * The file operations our open puts on the file: read() sees the file and
 * so O_NONBLOCK; everything else is the hwdep core's (saved at the first
 * open in @hw_fops), whose release undoes its open.
 */
static struct audmod_channel *audmod_channel_of(struct file *file)
{
	struct snd_hwdep *hw = file->private_data;

	return hw->private_data;
}

static ssize_t audmod_channel_fread(struct file *file, char __user *buf,
				    size_t count, loff_t *offset)
{
	return audmod_channel_do_read(audmod_channel_of(file), file, buf,
				      min_t(size_t, count, MAX_RW_COUNT),
				      offset, file->f_flags & O_NONBLOCK);
}

static ssize_t audmod_channel_fwrite(struct file *file, const char __user *buf,
				     size_t count, loff_t *offset)
{
	const struct file_operations *f = audmod_channel_of(file)->hw_fops;

	return f && f->write ? f->write(file, buf, count, offset) : -ENXIO;
}

static loff_t audmod_channel_fllseek(struct file *file, loff_t offset,
				     int whence)
{
	const struct file_operations *f = audmod_channel_of(file)->hw_fops;

	return f && f->llseek ? f->llseek(file, offset, whence) : -ESPIPE;
}

static __poll_t audmod_channel_fpoll(struct file *file, poll_table *wait)
{
	const struct file_operations *f = audmod_channel_of(file)->hw_fops;

	return f && f->poll ? f->poll(file, wait) : 0;
}

static long audmod_channel_fioctl(struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	const struct file_operations *f = audmod_channel_of(file)->hw_fops;

	return f && f->unlocked_ioctl ? f->unlocked_ioctl(file, cmd, arg) :
		-ENOTTY;
}

static long audmod_channel_fioctl_compat(struct file *file, unsigned int cmd,
					 unsigned long arg)
{
	const struct file_operations *f = audmod_channel_of(file)->hw_fops;

	return f && f->compat_ioctl ? f->compat_ioctl(file, cmd, arg) :
		-ENOIOCTLCMD;
}

static int audmod_channel_fmmap(struct file *file, struct vm_area_struct *vma)
{
	const struct file_operations *f = audmod_channel_of(file)->hw_fops;

	return f && f->mmap ? f->mmap(file, vma) : -ENODEV;
}

static int audmod_channel_frelease(struct inode *inode, struct file *file)
{
	const struct file_operations *f = audmod_channel_of(file)->hw_fops;

	return f && f->release ? f->release(inode, file) : 0;
}

/*
 * Module references: the file holds one on this module through .owner (our
 * open takes it; __fput() drops it after the release). The hwdep core's
 * reference dropped when our open replaces its file operations is not
 * needed: this module uses the hwdep core's symbols, so the core stays
 * loaded while this module does.
 */
static const struct file_operations audmod_channel_fops = {
	.owner = THIS_MODULE,
	.read = audmod_channel_fread,
	.write = audmod_channel_fwrite,
	.llseek = audmod_channel_fllseek,
	.poll = audmod_channel_fpoll,
	.unlocked_ioctl = audmod_channel_fioctl,
	.compat_ioctl = audmod_channel_fioctl_compat,
	.mmap = audmod_channel_fmmap,
	.release = audmod_channel_frelease,
};

/*
 * The hwdep core calls this with @hw->open_mutex held, after its own open
 * set up the card's references and before it makes @hw the file's private
 * data. The position is a sequence number, not an offset: no lseek(),
 * pread() or pwrite() (nonseekable_open(), without FMODE_STREAM so that
 * read() still gets the position).
 */
static int audmod_channel_open(struct snd_hwdep *hw, struct file *file)
{
	struct audmod_channel *ch = hw->private_data;
	bool dead;

	lockdep_assert_held(&hw->open_mutex);
	spin_lock_irq(&ch->lock);
	file->f_pos = ch->last_seq + 1;
	dead = ch->dead;
	spin_unlock_irq(&ch->lock);
	if (dead)
		return -ENODEV;
	/* fops_get(), which warns of a static address tested for NULL. */
	if (!try_module_get(audmod_channel_fops.owner))
		return -ENODEV;		/* this module is going away */
	nonseekable_open(file_inode(file), file);
	/* Written once, under open_mutex, before any file has our fops. */
	if (!ch->hw_fops)
		ch->hw_fops = file->f_op;
	replace_fops(file, &audmod_channel_fops);
	return 0;
}

static __poll_t audmod_channel_poll(struct snd_hwdep *hw, struct file *file,
				    poll_table *wait)
{
	struct audmod_channel *ch = hw->private_data;
	__poll_t ret = 0;

	poll_wait(file, &ch->wait, wait);
	if (READ_ONCE(ch->dead) || hw->card->shutdown)
		return EPOLLERR | EPOLLHUP;
	spin_lock_irq(&ch->lock);
	if (ch->dead ||
	    ch->last_seq >= audmod_channel_cursor(audmod_channel_pos_of(ch, file),
						  &file->f_pos))
		ret = EPOLLIN | EPOLLRDNORM;
	spin_unlock_irq(&ch->lock);
	return ret;
}

static int audmod_channel_command(struct audmod_channel *ch,
				  union audmod_command __user *arg)
{
	union audmod_command *cmd;
	int ret;

	might_sleep();
	cmd = kmalloc(sizeof(*cmd) * 2, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	if (copy_from_user(&cmd[0], arg, sizeof(cmd[0]))) {
		ret = -EFAULT;
		goto out;
	}
	down_read(&ch->ops_sem);
	ret = ch->ops ? ch->ops->command(ch->ctx, &cmd[0].request,
					 &cmd[1].reply) : -ENODEV;
	up_read(&ch->ops_sem);
	if (!ret && copy_to_user(arg, &cmd[1], sizeof(cmd[1])))
		ret = -EFAULT;
out:
	kfree(cmd);
	return ret;
}

static int audmod_channel_status(struct audmod_channel *ch, struct file *file,
				 struct audmod_channel_status __user *arg)
{
	struct audmod_channel_status st = {
		.capacity_records = cpu_to_le32(AUDMOD_CHANNEL_RECORDS),
		.capacity_bytes = cpu_to_le32(AUDMOD_CHANNEL_BYTES),
		.version = cpu_to_le32(AUDMOD_CHANNEL_VERSION),
	};
	u64 cursor, accepted, dropped;

	spin_lock_irq(&ch->lock);
	cursor = audmod_channel_cursor(audmod_channel_pos_of(ch, file),
				       &file->f_pos);
	st.next_seq = cpu_to_le64(cursor);
	if (ch->head > ch->tail) {
		st.oldest_seq = audmod_slot(ch, ch->tail)->seq;
		st.newest_seq = audmod_slot(ch, ch->head - 1)->seq;
	}
	st.queued = cpu_to_le32(ch->head - audmod_channel_find(ch, cursor));
	accepted = ch->last_seq;
	dropped = ch->dropped;
	spin_unlock_irq(&ch->lock);

	down_read(&ch->ops_sem);
	if (ch->ops)
		ch->ops->counters(ch->ctx, &accepted, &dropped);
	up_read(&ch->ops_sem);
	st.accepted = cpu_to_le64(accepted);
	st.dropped = cpu_to_le64(dropped);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static int audmod_channel_ioctl(struct snd_hwdep *hw, struct file *file,
				unsigned int cmd, unsigned long arg)
{
	struct audmod_channel *ch = hw->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case AUDMOD_IOCTL_COMMAND:
		return audmod_channel_command(ch, argp);
	case AUDMOD_IOCTL_CHANNEL_STATUS:
		return audmod_channel_status(ch, file, argp);
	default:
		return -ENOTTY;
	}
}

/* The layouts are the same for 32-bit callers: only the pointer differs. */
static int audmod_channel_ioctl_compat(struct snd_hwdep *hw, struct file *file,
				       unsigned int cmd, unsigned long arg)
{
	return audmod_channel_ioctl(hw, file, cmd,
				    (unsigned long)compat_ptr(arg));
}

/*
 * The area userspace maps: the header on a page of its own, the slots and
 * the ring each from a page boundary, so that each starts where a page of
 * any size does. vmalloc_user() zeroes it and lets remap_vmalloc_range()
 * map it. Process context.
 */
static int audmod_channel_map_new(struct audmod_channel *ch)
{
	size_t slots_off = PAGE_SIZE, ring_off, size;

	ring_off = PAGE_ALIGN(slots_off + AUDMOD_CHANNEL_RECORDS *
			      sizeof(struct audmod_channel_map_slot));
	size = PAGE_ALIGN(ring_off + AUDMOD_CHANNEL_BYTES);
	ch->map = vmalloc_user(size);
	if (!ch->map)
		return -ENOMEM;
	ch->map_size = size;
	ch->slots = (void *)ch->map + slots_off;
	ch->ring = (u8 *)ch->map + ring_off;
	ch->map->version = cpu_to_le32(AUDMOD_CHANNEL_MAP_VERSION);
	ch->map->header_size = cpu_to_le32(sizeof(*ch->map));
	ch->map->records = cpu_to_le32(AUDMOD_CHANNEL_RECORDS);
	ch->map->bytes = cpu_to_le32(AUDMOD_CHANNEL_BYTES);
	ch->map->slots_offset = cpu_to_le32(slots_off);
	ch->map->ring_offset = cpu_to_le32(ring_off);
	ch->map->map_size = cpu_to_le32(size);
	ch->map->position_offset = cpu_to_le32(size);
	return 0;
}

/**
 * audmod_channel_position_new() - the position page of a file
 * @ch: the channel
 * @file: an open file of its hwdep device
 *
 * The page that becomes @file's position, starting at its f_pos, made at
 * the first call and the same at the next ones; freed at the file's
 * release. Process context, may sleep.
 *
 * Return: the page, or NULL without memory.
 */
VISIBLE_IF_KUNIT struct audmod_channel_map_position *
audmod_channel_position_new(struct audmod_channel *ch, struct file *file)
{
	struct audmod_channel_map_position *pos;
	struct audmod_channel_reader *rd;

	might_sleep();
	spin_lock_irq(&ch->lock);
	pos = audmod_channel_pos_of(ch, file);
	spin_unlock_irq(&ch->lock);
	if (pos)
		return pos;
	rd = kzalloc(sizeof(*rd), GFP_KERNEL);
	if (!rd)
		return NULL;
	rd->pos = vmalloc_user(PAGE_SIZE);
	if (!rd->pos) {
		kfree(rd);
		return NULL;
	}
	rd->file = file;
	spin_lock_irq(&ch->lock);
	/* Another thread of the process may have made it meanwhile. */
	pos = audmod_channel_pos_of(ch, file);
	if (!pos) {
		rd->pos->next_seq = cpu_to_le64(file->f_pos);
		list_add(&rd->node, &ch->readers);
	}
	spin_unlock_irq(&ch->lock);
	if (pos) {
		vfree(rd->pos);
		kfree(rd);
		return pos;
	}
	return rd->pos;
}
EXPORT_SYMBOL_IF_KUNIT(audmod_channel_position_new);

/* The file goes: its position page with it (no mapping of it is left). */
static int audmod_channel_release(struct snd_hwdep *hw, struct file *file)
{
	struct audmod_channel *ch = hw->private_data;
	struct audmod_channel_reader *rd, *found = NULL;

	spin_lock_irq(&ch->lock);
	list_for_each_entry(rd, &ch->readers, node) {
		if (rd->file == file) {
			list_del(&rd->node);
			found = rd;
			break;
		}
	}
	spin_unlock_irq(&ch->lock);
	if (found) {
		vfree(found->pos);
		kfree(found);
	}
	return 0;
}

/*
 * mmap(), shared only: from offset 0, read-only, at most the ring's area;
 * or at the header's position offset, exactly one page, the file's
 * position page, writable. A mapping holds a reference to the file, so the
 * file's release (its page) and the card's free (the area) come after it.
 */
static int audmod_channel_mmap(struct snd_hwdep *hw, struct file *file,
			       struct vm_area_struct *vma)
{
	struct audmod_channel *ch = hw->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;
	struct audmod_channel_map_position *pos;

	if (READ_ONCE(ch->dead))
		return -ENODEV;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_pgoff == ch->map_size >> PAGE_SHIFT) {
		if (len != PAGE_SIZE)
			return -EINVAL;
		pos = audmod_channel_position_new(ch, file);
		if (!pos)
			return -ENOMEM;
		vm_flags_mod(vma, VM_DONTEXPAND | VM_DONTDUMP, 0);
		return remap_vmalloc_range(vma, pos, 0);
	}
	if (vma->vm_pgoff || len > ch->map_size)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	/* Never writable, not even by a later mprotect(). */
	vm_flags_mod(vma, VM_DONTEXPAND | VM_DONTDUMP, VM_MAYWRITE);
	return remap_vmalloc_range(vma, ch->map, 0);
}

static int audmod_channel_dev_disconnect(struct snd_device *device)
{
	struct audmod_channel *ch = device->device_data;

	spin_lock_irq(&ch->lock);
	WRITE_ONCE(ch->dead, true);
	WRITE_ONCE(ch->map->dead, cpu_to_le32(1));
	spin_unlock_irq(&ch->lock);
	wake_up_interruptible_all(&ch->wait);
	return 0;
}

static int audmod_channel_dev_free(struct snd_device *device)
{
	struct audmod_channel *ch = device->device_data;
	struct audmod_channel_reader *rd, *tmp;

	/* None once every file is released; a test's files may not be. */
	list_for_each_entry_safe(rd, tmp, &ch->readers, node) {
		list_del(&rd->node);
		vfree(rd->pos);
		kfree(rd);
	}
	vfree(ch->map);
	kfree(ch);
	return 0;
}

/*
 * The first hwdep device number no other device of @card has taken (the
 * card's device list holds the hwdeps not registered yet too). The card is
 * being built: process context, and nothing adds devices to it meanwhile.
 */
static int audmod_channel_free_hwdep(struct snd_card *card)
{
	unsigned long used = 0;
	struct snd_device *dev;
	struct snd_hwdep *hw;

	list_for_each_entry(dev, &card->devices, list) {
		if (dev->type != SNDRV_DEV_HWDEP)
			continue;
		hw = dev->device_data;
		if (hw->device >= 0 && hw->device < SNDRV_MINOR_HWDEPS)
			__set_bit(hw->device, &used);
	}
	return find_first_zero_bit(&used, SNDRV_MINOR_HWDEPS);
}

static const struct snd_device_ops audmod_channel_dev_ops = {
	.dev_disconnect = audmod_channel_dev_disconnect,
	.dev_free = audmod_channel_dev_free,
};

/**
 * audmod_channel_new() - the notification channel of a card
 * @card: the card; the channel and its hwdep device belong to it
 * @ops: the owner's callbacks
 * @ctx: their first argument
 *
 * Creates the hwdep device, with the first device number free on the card
 * (registered with the card, or at once when the card is already
 * registered). Process context, may sleep; not while another thread adds
 * devices to the card.
 *
 * Return: the channel, or an ERR_PTR(): -ENOMEM, -EBUSY when the card has
 * no hwdep number left, or an error of the ALSA core. On error nothing is
 * left on the card.
 */
struct audmod_channel *audmod_channel_new(struct snd_card *card,
					  const struct audmod_channel_ops *ops,
					  void *ctx)
{
	struct audmod_channel *ch;
	struct snd_hwdep *hw;
	int ret;

	might_sleep();
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return ERR_PTR(-ENOMEM);
	ch->card = card;
	spin_lock_init(&ch->lock);
	INIT_LIST_HEAD(&ch->readers);
	init_waitqueue_head(&ch->wait);
	init_rwsem(&ch->ops_sem);
	ch->ops = ops;
	ch->ctx = ctx;
	if (audmod_channel_map_new(ch)) {
		kfree(ch);
		return ERR_PTR(-ENOMEM);
	}
	/* From here the card frees @ch. */
	ret = snd_device_new(card, SNDRV_DEV_LOWLEVEL, ch,
			     &audmod_channel_dev_ops);
	if (ret) {
		vfree(ch->map);
		kfree(ch);
		return ERR_PTR(ret);
	}
	/* Device 0 unless another component made it first. */
	ret = audmod_channel_free_hwdep(card);
	if (ret >= SNDRV_MINOR_HWDEPS) {
		ret = -EBUSY;
		goto free_dev;
	}
	ret = snd_hwdep_new(card, AUDMOD_HWDEP_ID, ret, &hw);
	if (ret)
		goto free_dev;
	ch->hwdep = hw;
	hw->iface = AUDMOD_HWDEP_IFACE;
	strscpy(hw->name, "Audio Module Notifications", sizeof(hw->name));
	hw->private_data = ch;
	hw->ops.open = audmod_channel_open;
	hw->ops.read = audmod_channel_read;
	hw->ops.poll = audmod_channel_poll;
	hw->ops.ioctl = audmod_channel_ioctl;
	hw->ops.ioctl_compat = audmod_channel_ioctl_compat;
	hw->ops.mmap = audmod_channel_mmap;
	hw->ops.release = audmod_channel_release;
	if (card->registered) {
		ret = snd_device_register(card, ch);
		if (!ret)
			ret = snd_device_register(card, hw);
		if (ret) {
			snd_device_free(card, hw);
			goto free_dev;
		}
	}
	return ch;

free_dev:
	snd_device_free(card, ch);
	return ERR_PTR(ret);
}

/**
 * audmod_channel_detach() - the owner goes away
 * @ch: the channel
 *
 * Waits for commands and status reads in progress; after it returns the
 * channel never calls the owner again, commands fail with -ENODEV and
 * readers get -ENODEV. Deliveries must have stopped before. The card still
 * frees the channel. Process context, may sleep.
 */
void audmod_channel_detach(struct audmod_channel *ch)
{
	might_sleep();
	down_write(&ch->ops_sem);
	ch->ops = NULL;
	ch->ctx = NULL;
	up_write(&ch->ops_sem);
	spin_lock_irq(&ch->lock);
	WRITE_ONCE(ch->dead, true);
	WRITE_ONCE(ch->map->dead, cpu_to_le32(1));
	spin_unlock_irq(&ch->lock);
	wake_up_interruptible_all(&ch->wait);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_channel_detach);
