// SPDX-License-Identifier: GPL-2.0
/*
 * notifshow: read the "Audio Module Notification" control and print the
 * latest notification decoded, as a user would want to see it (amixer only
 * dumps the 512 bytes). Uses nothing but <uapi/audmod.h> and raw control
 * ioctls, as any userspace program could.
 *
 *   notifshow CTLDEV        e.g. notifshow /dev/snd/controlC0
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sound/asound.h>

#include "uapi/audmod.h"

/* A GUID in its Windows text form (Data1-3 are little-endian). */
static void print_guid(const char *what, const struct audmod_guid *g)
{
	const unsigned char *b = g->b;

	printf("%s{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
	       what, b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6],
	       b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

int main(int argc, char **argv)
{
	struct audmod_notification_record rec;
	struct audmod_module_notification mn;
	struct snd_ctl_elem_value val;
	unsigned int captured;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: notifshow CTLDEV\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(&val, 0, sizeof(val));
	val.id.iface = SNDRV_CTL_ELEM_IFACE_MIXER;
	snprintf((char *)val.id.name, sizeof(val.id.name), "%s", AUDMOD_CTL_NOTIFICATION);
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, &val) < 0) {
		perror(AUDMOD_CTL_NOTIFICATION);
		return 1;
	}
	close(fd);
	memcpy(&rec, val.value.bytes.data, sizeof(rec));
	if (!le64toh(rec.seq)) {
		printf("no notification delivered yet\n");
		return 0;
	}
	printf("seq %llu, sent at %llu.%09llu s, lost before it %llu, %u bytes\n",
	       (unsigned long long)le64toh(rec.seq),
	       (unsigned long long)le64toh(rec.timestamp_ns) / 1000000000ull,
	       (unsigned long long)le64toh(rec.timestamp_ns) % 1000000000ull,
	       (unsigned long long)le64toh(rec.dropped), le32toh(rec.size));
	captured = le32toh(rec.captured);
	if (captured < sizeof(mn)) {
		printf("payload too short to decode (%u bytes)\n", captured);
		return 1;
	}
	memcpy(&mn, rec.data, sizeof(mn));
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

		if (captured < sizeof(ln))
			break;
		memcpy(&ln, rec.data, sizeof(ln));
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
