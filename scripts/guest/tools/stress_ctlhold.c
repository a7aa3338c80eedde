// SPDX-License-Identifier: GPL-2.0
/*
 * stress_ctlhold: hold a card's control device open across driver unbinds,
 * as a mixer application would, and report what the driver gave it. For
 * the lifecycle checks (e2e-stress-lifecycle.sh).
 *
 *   stress_ctlhold CTLDEV STATEFILE
 *
 * Over and over: open CTLDEV (waiting for it to appear, with card id
 * "audmod"), subscribe to events, read "Level Meter Threshold", write
 * "open G" to STATEFILE (G counts the opens from 1), then wait in poll()
 * and read the control after every wake-up until an ioctl fails. When the
 * card is unbound, ALSA wakes the poll and every later ioctl must fail with
 * ENODEV; the tool then writes "closed G" and closes, which lets the unbind
 * finish, and opens the card again once it is back. SIGTERM ends it: it
 * prints "opens=O nodev=D other=X" and exits 0 if no ioctl failed with
 * anything but ENODEV (X == 0), else 1. Waiting over 60 s for the device
 * ends it with status 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sound/asound.h>

static volatile sig_atomic_t stop;
static unsigned int opens, nodev, other;

static void on_term(int sig)
{
	stop = 1;
}

static void state(const char *path, const char *what)
{
	char tmp[256];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%s %u\n", what, opens);
	fclose(f);
	rename(tmp, path);
}

/* Open the audmod card's control device; -1 if stopped or timed out. */
static int open_card(const char *dev)
{
	struct snd_ctl_card_info ci;
	int fd, tries;

	for (tries = 0; tries < 6000 && !stop; tries++) {
		fd = open(dev, O_RDWR);
		if (fd >= 0) {
			if (!ioctl(fd, SNDRV_CTL_IOCTL_CARD_INFO, &ci) &&
			    !strcmp((char *)ci.id, "audmod"))
				return fd;
			close(fd);
		}
		usleep(10000);
	}
	return -1;
}

/* An ioctl failed: count it, ENODEV being the expected answer. */
static void failed(const char *what)
{
	if (errno == ENODEV) {
		nodev++;
		return;
	}
	other++;
	printf("%s: %s (expected ENODEV)\n", what, strerror(errno));
}

/* One open: until an ioctl fails or SIGTERM. */
static void hold(int fd, const char *statefile)
{
	struct snd_ctl_elem_value v;
	struct snd_ctl_elem_info info;
	struct snd_ctl_event ev;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int one = 1;

	memset(&info, 0, sizeof(info));
	info.id.iface = SNDRV_CTL_ELEM_IFACE_MIXER;
	strcpy((char *)info.id.name, "Level Meter Threshold");
	if (ioctl(fd, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &one) < 0 ||
	    ioctl(fd, SNDRV_CTL_IOCTL_ELEM_INFO, &info) < 0) {
		failed("subscribe or info");
		return;
	}
	memset(&v, 0, sizeof(v));
	v.id = info.id;
	state(statefile, "open");
	while (!stop) {
		if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, &v) < 0) {
			failed("read");
			return;
		}
		if (poll(&p, 1, 1000) > 0 && (p.revents & POLLIN) &&
		    read(fd, &ev, sizeof(ev)) < 0 && errno != EINTR) {
			failed("event read");
			return;
		}
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: stress_ctlhold CTLDEV STATEFILE\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (!stop) {
		fd = open_card(argv[1]);
		if (fd < 0)
			break;
		opens++;
		hold(fd, argv[2]);
		if (!stop)
			state(argv[2], "closed");
		close(fd);
	}
	printf("opens=%u nodev=%u other=%u\n", opens, nodev, other);
	if (!stop)
		return 2;
	return other ? 1 : 0;
}
