// SPDX-License-Identifier: GPL-2.0
/*
 * notifshow: print audio-module notifications decoded, as a user would want
 * to see them (amixer only dumps bytes). Uses nothing but <uapi/audmod.h>
 * and raw ioctls, as any userspace program could.
 *
 *   notifshow CTLDEV        the latest one, from the "Audio Module
 *                           Notification" control (e.g. /dev/snd/controlC0)
 *   notifshow CTLDEV N      the next N, as they come, from the card's
 *                           notification channel (hwdep): every one, or how
 *                           many this reader missed
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sound/asound.h>

#include "uapi/audmod.h"
#include "hwdep_channel.h"

/* A GUID in its Windows text form (Data1-3 are little-endian). */
static void print_guid(const char *what, const struct audmod_guid *g)
{
	const unsigned char *b = g->b;

	printf("%s{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
	       what, b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6],
	       b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Decode one payload of @size bytes. */
static int show_payload(const unsigned char *data, unsigned int size)
{
	struct audmod_module_notification mn;

	if (size < sizeof(mn)) {
		printf("payload too short to decode (%u bytes)\n", size);
		return 1;
	}
	memcpy(&mn, data, sizeof(mn));
	print_guid("device ", &mn.header.device_id);
	printf("\n");
	print_guid("module ", &mn.header.class_id);
	printf(" instance %u\n", le32toh(mn.header.instance_id));
	switch (le32toh(mn.type)) {
	case AUDMOD_NOTIFY_PARAMETER_CHANGED:
		printf("parameter %u changed\n", le32toh(mn.parameter_id));
		break;
	case AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD: {
		struct audmod_level_notification ln;

		if (size < sizeof(ln))
			break;
		memcpy(&ln, data, sizeof(ln));
		printf("level %u went over threshold %u\n",
		       le32toh(ln.level), le32toh(ln.threshold));
		break;
	}
	default:
		printf("type %u, parameter %u\n", le32toh(mn.type),
		       le32toh(mn.parameter_id));
	}
	return 0;
}

static int show_latest(int fd)
{
	struct audmod_notification_record rec;
	struct snd_ctl_elem_value val;

	memset(&val, 0, sizeof(val));
	val.id.iface = SNDRV_CTL_ELEM_IFACE_MIXER;
	snprintf((char *)val.id.name, sizeof(val.id.name), "%s", AUDMOD_CTL_NOTIFICATION);
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, &val) < 0) {
		perror(AUDMOD_CTL_NOTIFICATION);
		return 1;
	}
	memcpy(&rec, val.value.bytes.data, sizeof(rec));
	if (!le64toh(rec.seq)) {
		printf("no notification delivered yet\n");
		return 0;
	}
	printf("seq %llu, sent at %llu.%09llu s, dropped by the card so far %llu, %u bytes\n",
	       (unsigned long long)le64toh(rec.seq),
	       (unsigned long long)le64toh(rec.timestamp_ns) / 1000000000ull,
	       (unsigned long long)le64toh(rec.timestamp_ns) % 1000000000ull,
	       (unsigned long long)le64toh(rec.dropped), le32toh(rec.size));
	return show_payload(rec.data, le32toh(rec.captured));
}

static int follow(int fd, long count)
{
	static unsigned char buf[AUDMOD_CHANNEL_READ_MAX];
	int ch = hwdep_open(fd);
	struct pollfd p = { .fd = ch, .events = POLLIN };
	ssize_t n, off;

	if (ch < 0) {
		perror("notification channel");
		return 1;
	}
	while (count > 0) {
		if (poll(&p, 1, -1) < 0)
			return 1;
		n = read(ch, buf, sizeof(buf));
		if (n < 0) {
			perror("read");
			return 1;
		}
		for (off = 0; off < n && count > 0; count--) {
			const struct audmod_channel_record *r = (const void *)(buf + off);

			if (le64toh(r->missed))
				printf("(missed %llu)\n",
				       (unsigned long long)le64toh(r->missed));
			printf("seq %llu, sent at %llu.%09llu s, %u bytes\n",
			       (unsigned long long)le64toh(r->seq),
			       (unsigned long long)le64toh(r->timestamp_ns) / 1000000000ull,
			       (unsigned long long)le64toh(r->timestamp_ns) % 1000000000ull,
			       le16toh(r->size));
			show_payload(r->data, le16toh(r->size));
			fflush(stdout);
			off += le32toh(r->length);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: notifshow CTLDEV [COUNT]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	return argc == 3 ? follow(fd, atol(argv[2])) : show_latest(fd);
}
