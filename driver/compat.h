/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels this driver builds for (Debian 6.1 stock,
 * 6.12, Debian unstable's 7.2). Only what the sources need; the sources are
 * written against the newest API and each shim below gives the older
 * kernels that API, saying from which minimum kernel version it can go.
 * Version tests are made once, in Kbuild, which defines the AUDMOD_HAVE_*
 * symbols used here (one symbol per API, so a shim is dropped by deleting
 * one Kbuild test and one block here).
 *
 * Nothing here needs a header at definition time except where a block
 * includes one itself: the core (notify, sample allocator) includes this
 * file too and must not pull in ALSA.
 */
#ifndef AUDMOD_COMPAT_H
#define AUDMOD_COMPAT_H

/*
 * asoc_substream_to_rtd() and asoc_rtd_to_codec() became
 * snd_soc_substream_to_rtd() and snd_soc_rtd_to_codec() in 6.7; the old
 * names are gone in 6.12. Sources use the new names. Can go once 6.7 is
 * the oldest kernel built for.
 */
#ifndef AUDMOD_HAVE_SND_SOC_RTD_ACCESSORS
#define snd_soc_substream_to_rtd(ss)	asoc_substream_to_rtd(ss)
#define snd_soc_rtd_to_codec(rtd, n)	asoc_rtd_to_codec(rtd, n)
#endif

/*
 * Symbol namespaces are string literals since 6.13
 * (EXPORT_SYMBOL_NS_GPL(sym, "NS"), MODULE_IMPORT_NS("NS")); before, the
 * macros stringified a bare identifier. The sources name the namespaces
 * through these two macros, which fit either form (the older macros
 * expand their argument before stringifying it). Can go, with the sources
 * spelling "AUDMOD" and "EXPORTED_FOR_KUNIT_TESTING", once 6.13 is the
 * oldest kernel built for.
 */
#ifdef AUDMOD_HAVE_STRING_NAMESPACES
#define AUDMOD_NS		"AUDMOD"
#define AUDMOD_KUNIT_NS		"EXPORTED_FOR_KUNIT_TESTING"
#else
#define AUDMOD_NS		AUDMOD
#define AUDMOD_KUNIT_NS		EXPORTED_FOR_KUNIT_TESTING
#endif

/*
 * hrtimer_setup() and hrtimer_setup_on_stack() (6.13) set the callback
 * with the clock and mode; hrtimer_init() is gone since 6.15, and the
 * callback field is __private on the newer kernels, so only the new calls
 * build everywhere. Can go once 6.13 is the oldest kernel built for.
 */
#ifndef AUDMOD_HAVE_HRTIMER_SETUP
#include <linux/hrtimer.h>

static inline void
hrtimer_setup(struct hrtimer *timer,
	      enum hrtimer_restart (*function)(struct hrtimer *),
	      clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}

static inline void
hrtimer_setup_on_stack(struct hrtimer *timer,
		       enum hrtimer_restart (*function)(struct hrtimer *),
		       clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init_on_stack(timer, clock_id, mode);
	timer->function = function;
}
#endif

/*
 * The component driver's pcm_construct (and pcm_destruct) became pcm_new
 * (and pcm_free) after 6.12; 7.2 has only the new names. A struct member
 * cannot be given another name, so the one initializer that sets it names
 * the member through this macro. Can go, with pcm.c spelling .pcm_new,
 * once the rename is in the oldest kernel built for.
 */
#ifdef AUDMOD_HAVE_SOC_COMPONENT_PCM_NEW
#define AUDMOD_COMPONENT_PCM_NEW	pcm_new
#else
#define AUDMOD_COMPONENT_PCM_NEW	pcm_construct
#endif

/*
 * vm_flags_mod() (6.3) changes a VMA's flags, which became read-only for
 * everybody else; before, they were assigned directly. Can go once 6.3 is
 * the oldest kernel built for.
 */
#ifndef AUDMOD_HAVE_VM_FLAGS_MOD
#include <linux/mm.h>

static inline void vm_flags_mod(struct vm_area_struct *vma,
				unsigned long set, unsigned long clear)
{
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
}
#endif

/*
 * kthread_run_worker() (6.14) creates a kthread_worker and wakes its thread;
 * kthread_create_worker() has since left the thread asleep, uninterruptibly,
 * until the first work is queued: an idle card's worker is then reported by
 * the hung-task detector. Before, the create call woke the thread itself.
 * Can go once 6.14 is the oldest kernel built for.
 */
#ifndef AUDMOD_HAVE_KTHREAD_RUN_WORKER
#define kthread_run_worker(flags, namefmt, ...) \
	kthread_create_worker(flags, namefmt, ## __VA_ARGS__)
#endif

/* The lock of a card's list of control files (struct snd_card.ctl_files). */
#ifdef AUDMOD_HAVE_CTL_FILES_RWLOCK
#define audmod_ctl_files_lock(card)	(&(card)->ctl_files_rwlock)
#else
#define audmod_ctl_files_lock(card)	(&(card)->controls_rwlock)
#endif

#endif /* AUDMOD_COMPAT_H */
