/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels this driver builds for (Debian 6.1 stock,
 * 6.12 debug). Only what the sources need. Version tests are made once, in
 * Kbuild, which defines the AUDMOD_HAVE_* symbols used here.
 */
#ifndef AUDMOD_COMPAT_H
#define AUDMOD_COMPAT_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/platform_device.h>

/*
 * platform_driver.remove returns void from 6.11 on; earlier it returns int.
 * Drivers write a void remove function, then AUDMOD_DEFINE_REMOVE_INT(fn)
 * after it and AUDMOD_PLATFORM_REMOVE(fn) in the driver structure.
 */
#ifdef AUDMOD_HAVE_VOID_REMOVE
#define AUDMOD_PLATFORM_REMOVE(fn) .remove = (fn)
#define AUDMOD_DEFINE_REMOVE_INT(fn)					\
	static_assert(__same_type(&(fn), void (*)(struct platform_device *)))
#else
#define AUDMOD_PLATFORM_REMOVE(fn) .remove = fn##_int
#define AUDMOD_DEFINE_REMOVE_INT(fn)				\
	static int fn##_int(struct platform_device *pdev)	\
	{							\
		fn(pdev);					\
		return 0;					\
	}
#endif

/*
 * asoc_substream_to_rtd() and asoc_rtd_to_codec() became
 * snd_soc_substream_to_rtd() and snd_soc_rtd_to_codec() in 6.7; the old
 * names are gone in 6.12. Sources use the new names.
 */
#ifndef AUDMOD_HAVE_SND_SOC_RTD_ACCESSORS
#define snd_soc_substream_to_rtd(ss)	asoc_substream_to_rtd(ss)
#define snd_soc_rtd_to_codec(rtd, n)	asoc_rtd_to_codec(rtd, n)
#endif

#endif /* AUDMOD_COMPAT_H */
