/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels this driver builds for (Debian 6.1 stock,
 * 6.12). Only what the sources need. Version tests are made once, in Kbuild,
 * which defines the AUDMOD_HAVE_* symbols used here.
 */
#ifndef AUDMOD_COMPAT_H
#define AUDMOD_COMPAT_H

#include <sound/soc.h>

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
