/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The card's notification channel for the guest tools: the hwdep device
 * whose id is AUDMOD_HWDEP_ID, found through the control device.
 */
#ifndef AUDMOD_GUEST_HWDEP_CHANNEL_H
#define AUDMOD_GUEST_HWDEP_CHANNEL_H

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sound/asound.h>
#include <uapi/audmod.h>

/* The card's notification channel (hwdep), found by its id. */
static inline int hwdep_open(int ctl_fd)
{
	struct snd_ctl_card_info ci;
	struct snd_hwdep_info hi;
	char path[32];
	int dev = -1;

	if (ioctl(ctl_fd, SNDRV_CTL_IOCTL_CARD_INFO, &ci) < 0)
		return -1;
	for (;;) {
		if (ioctl(ctl_fd, SNDRV_CTL_IOCTL_HWDEP_NEXT_DEVICE, &dev) < 0 ||
		    dev < 0)
			return -1;
		memset(&hi, 0, sizeof(hi));
		hi.device = dev;
		if (!ioctl(ctl_fd, SNDRV_CTL_IOCTL_HWDEP_INFO, &hi) &&
		    !strcmp((char *)hi.id, AUDMOD_HWDEP_ID))
			break;
	}
	snprintf(path, sizeof(path), "/dev/snd/hwC%dD%d", ci.card, dev);
	return open(path, O_RDWR | O_CLOEXEC);
}

#endif
