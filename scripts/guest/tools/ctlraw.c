// SPDX-License-Identifier: GPL-2.0
/*
 * ctlraw: write a control value the way a program (not amixer, which clamps
 * values to the control's range) would, and read the TLV of the audio-module
 * notification control. For the end-to-end checks.
 *
 *   ctlraw write CTLDEV NAME VALUE   ELEM_WRITE of VALUE (an INTEGER value
 *                                    or an ENUMERATED item index); exits
 *                                    with the errno of the ioctl, 0 if
 *                                    it was accepted
 *   ctlraw tlv CTLDEV NAME           TLV read of the notification control:
 *                                    prints seq, size, captured and type
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sound/asound.h>

#include "uapi/audmod.h"

static int find(int fd, const char *name, struct snd_ctl_elem_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id.iface = SNDRV_CTL_ELEM_IFACE_MIXER;
	snprintf((char *)info->id.name, sizeof(info->id.name), "%s", name);
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_INFO, info) < 0) {
		fprintf(stderr, "%s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int cmd_write(int fd, const char *name, long long v)
{
	struct snd_ctl_elem_value val;
	struct snd_ctl_elem_info info;

	if (find(fd, name, &info))
		return 2;
	memset(&val, 0, sizeof(val));
	val.id = info.id;
	if (info.type == SNDRV_CTL_ELEM_TYPE_ENUMERATED)
		val.value.enumerated.item[0] = v;
	else if (info.type == SNDRV_CTL_ELEM_TYPE_INTEGER64)
		val.value.integer64.value[0] = v;
	else
		val.value.integer.value[0] = v;
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_WRITE, &val) < 0) {
		printf("write %s = %lld: %s\n", name, v, strerror(errno));
		return errno;
	}
	printf("write %s = %lld: accepted\n", name, v);
	return 0;
}

static int cmd_tlv(int fd, const char *name)
{
	size_t bytes = sizeof(struct snd_ctl_tlv) + 8 + 32 + AUDMOD_NOTIFICATION_MAX_BYTES;
	struct audmod_notification_record rec;
	struct snd_ctl_elem_info info;
	struct snd_ctl_tlv *tlv;
	unsigned int type = 0, tag;

	if (find(fd, name, &info))
		return 2;
	tlv = calloc(1, bytes);
	if (!tlv)
		return 2;
	tlv->numid = info.id.numid;
	tlv->length = bytes - sizeof(*tlv);
	if (ioctl(fd, SNDRV_CTL_IOCTL_TLV_READ, tlv) < 0) {
		printf("tlv read %s: %s\n", name, strerror(errno));
		return errno;
	}
	memcpy(&rec, (char *)tlv->tlv + 8, 32);
	if (rec.captured >= 48)
		memcpy(&type, (char *)tlv->tlv + 8 + 32 + 40, 4);
	printf("tag 0x%x length %u seq %llu size %u captured %u type %u\n",
	       tlv->tlv[0], tlv->tlv[1], (unsigned long long)rec.seq,
	       rec.size, rec.captured, type);
	tag = tlv->tlv[0];
	free(tlv);
	return tag == AUDMOD_NOTIFICATION_TLV_TAG ? 0 : 1;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc < 4) {
		fprintf(stderr, "usage: ctlraw write CTLDEV NAME VALUE | tlv CTLDEV NAME\n");
		return 2;
	}
	fd = open(argv[2], O_RDWR);
	if (fd < 0) {
		perror(argv[2]);
		return 2;
	}
	if (!strcmp(argv[1], "write") && argc == 5)
		return cmd_write(fd, argv[3], strtoll(argv[4], NULL, 0));
	if (!strcmp(argv[1], "tlv"))
		return cmd_tlv(fd, argv[3]);
	fprintf(stderr, "ctlraw: bad arguments\n");
	return 2;
}
