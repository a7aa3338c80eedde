// SPDX-License-Identifier: GPL-2.0
/*
 * ctlraw: write a control value the way a program (not amixer, which clamps
 * values to the control's range) would, and walk every control of a card.
 * For the end-to-end checks; also built as a static 32-bit program, whose
 * walk must print what the 64-bit one prints (compat ioctls).
 *
 *   ctlraw write CTLDEV NAME VALUE   ELEM_WRITE of VALUE (an INTEGER value
 *                                    or an ENUMERATED item index); exits
 *                                    with the errno of the ioctl, 0 if
 *                                    it was accepted
 *   ctlraw walk CTLDEV               every control: info, value, and for a
 *                                    writable one a write of its last valid
 *                                    value, read back, then restored
 *   ctlraw flood CTLDEV NAME STOPFILE
 *                                    write items 0 and 1 of an ENUMERATED
 *                                    control in turn, as fast as the
 *                                    card takes them, until STOPFILE
 *                                    exists; prints "started" first, then
 *                                    the count of accepted writes
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

/*
 * Each write changes the value, so with a notify-on-change parameter each
 * one raises a notification. The stop file is looked at every 64 writes:
 * a stat() per write would halve the rate.
 */
static int cmd_flood(int fd, const char *name, const char *stopfile)
{
	struct snd_ctl_elem_value val;
	struct snd_ctl_elem_info info;
	unsigned long long writes = 0;

	if (find(fd, name, &info))
		return 2;
	if (info.type != SNDRV_CTL_ELEM_TYPE_ENUMERATED ||
	    info.value.enumerated.items < 2) {
		fprintf(stderr, "%s: not an ENUMERATED control of 2 or more items\n",
			name);
		return 2;
	}
	memset(&val, 0, sizeof(val));
	val.id = info.id;
	printf("started\n");
	fflush(stdout);
	for (;;) {
		if (!(writes % 64) && !access(stopfile, F_OK))
			break;
		val.value.enumerated.item[0] = writes & 1;
		if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_WRITE, &val) < 0) {
			printf("write %llu of %s: %s\n", writes + 1, name,
			       strerror(errno));
			return 1;
		}
		writes++;
	}
	printf("writes %llu\n", writes);
	return 0;
}

static void print_value(const struct snd_ctl_elem_info *info,
			const struct snd_ctl_elem_value *val)
{
	unsigned int i;

	for (i = 0; i < info->count; i++) {
		switch (info->type) {
		case SNDRV_CTL_ELEM_TYPE_BOOLEAN:
		case SNDRV_CTL_ELEM_TYPE_INTEGER:
			printf(" %ld", val->value.integer.value[i]);
			break;
		case SNDRV_CTL_ELEM_TYPE_INTEGER64:
			printf(" %lld", val->value.integer64.value[i]);
			break;
		case SNDRV_CTL_ELEM_TYPE_ENUMERATED:
			printf(" %u", val->value.enumerated.item[i]);
			break;
		case SNDRV_CTL_ELEM_TYPE_BYTES:
			printf("%s%02x", i ? "" : " ", val->value.bytes.data[i]);
			break;
		}
	}
}

/* The last valid value of a writable control, as the core sees it. */
static void set_last(const struct snd_ctl_elem_info *info,
		     struct snd_ctl_elem_value *val)
{
	switch (info->type) {
	case SNDRV_CTL_ELEM_TYPE_BOOLEAN:
	case SNDRV_CTL_ELEM_TYPE_INTEGER:
		val->value.integer.value[0] = info->value.integer.max;
		break;
	case SNDRV_CTL_ELEM_TYPE_INTEGER64:
		val->value.integer64.value[0] = info->value.integer64.max;
		break;
	case SNDRV_CTL_ELEM_TYPE_ENUMERATED:
		val->value.enumerated.item[0] = info->value.enumerated.items - 1;
		break;
	}
}

/*
 * Every control of the card: its info and value; for a writable one, a
 * write of its last valid value, the value read back, then the old value
 * written back. Lines that a 32- and a 64-bit build must print alike
 * (the timestamp and sequence of the notification record are left out).
 */
static int cmd_walk(int fd)
{
	struct snd_ctl_elem_list list;
	struct snd_ctl_elem_id *ids;
	struct snd_ctl_elem_info info;
	struct snd_ctl_elem_value val, old;
	unsigned int i;
	int ret = 0;

	memset(&list, 0, sizeof(list));
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_LIST, &list) < 0)
		return errno;
	ids = calloc(list.count, sizeof(*ids));
	if (!ids)
		return 2;
	list.space = list.count;
	list.pids = ids;
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_LIST, &list) < 0)
		return errno;
	for (i = 0; i < list.used; i++) {
		memset(&info, 0, sizeof(info));
		info.id = ids[i];
		if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_INFO, &info) < 0) {
			printf("info %s: %s\n", ids[i].name, strerror(errno));
			ret = 1;
			continue;
		}
		printf("%u '%s' type=%d count=%u access=%#x", info.id.numid,
		       info.id.name, info.type, info.count, info.access);
		if (info.type == SNDRV_CTL_ELEM_TYPE_INTEGER)
			printf(" range=%ld..%ld/%ld", info.value.integer.min,
			       info.value.integer.max, info.value.integer.step);
		else if (info.type == SNDRV_CTL_ELEM_TYPE_INTEGER64)
			printf(" range=%lld..%lld/%lld", info.value.integer64.min,
			       info.value.integer64.max, info.value.integer64.step);
		else if (info.type == SNDRV_CTL_ELEM_TYPE_ENUMERATED)
			printf(" items=%u", info.value.enumerated.items);
		memset(&old, 0, sizeof(old));
		old.id = info.id;
		if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, &old) < 0) {
			printf(" read: %s\n", strerror(errno));
			ret = 1;
			continue;
		}
		printf(" value");
		if (strcmp((char *)info.id.name, AUDMOD_CTL_NOTIFICATION))
			print_value(&info, &old);
		if (info.access & SNDRV_CTL_ELEM_ACCESS_WRITE) {
			val = old;
			set_last(&info, &val);
			if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_WRITE, &val) < 0 ||
			    ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, &val) < 0) {
				printf(" write: %s\n", strerror(errno));
				ret = 1;
				continue;
			}
			printf(" wrote");
			print_value(&info, &val);
			if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_WRITE, &old) < 0) {
				printf(" restore: %s\n", strerror(errno));
				ret = 1;
				continue;
			}
		}
		printf("\n");
	}
	free(ids);
	return ret;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: ctlraw write CTLDEV NAME VALUE | walk CTLDEV | flood CTLDEV NAME STOPFILE\n");
		return 2;
	}
	fd = open(argv[2], O_RDWR);
	if (fd < 0) {
		perror(argv[2]);
		return 2;
	}
	if (!strcmp(argv[1], "write") && argc == 5)
		return cmd_write(fd, argv[3], strtoll(argv[4], NULL, 0));
	if (!strcmp(argv[1], "walk"))
		return cmd_walk(fd);
	if (!strcmp(argv[1], "flood") && argc == 5)
		return cmd_flood(fd, argv[3], argv[4]);
	fprintf(stderr, "ctlraw: bad arguments\n");
	return 2;
}
