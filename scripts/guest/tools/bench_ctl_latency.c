// SPDX-License-Identifier: GPL-2.0
/*
 * bench_ctl_latency: end-to-end latency from a kernel-side change to a
 * userspace reader that has the new value, for the audio-module
 * notification control against a plain control changed by the kernel.
 * For make bench; needs audmod-bench loaded (its card
 * "AudmodBench" and debugfs "ctl_fire").
 *
 *   bench_ctl_latency REPS SAMPLES
 *
 * The reader subscribes to the card's control events and, for each sample,
 * blocks in poll() while a helper process makes the kernel change the
 * control (a write of "ours" or "plain" to ctl_fire): "ours" sends a
 * notification, whose record carries the send time (timestamp_ns,
 * CLOCK_MONOTONIC); "plain" stores the time in the plain control's value.
 * The reader waits for that control's value event, reads the value with
 * ELEM_READ, and takes CLOCK_MONOTONIC minus the time in the value. The two
 * sides alternate (ours first in even samples, plain first in odd ones).
 * The reader runs SCHED_FIFO (priority 1), so that a wake-up always
 * preempts the helper at once: otherwise whether it does depends on the
 * scheduler's history, and the latency takes one of two values by chance.
 *
 * Output, one line per repetition and one over all samples, in ns:
 *   latency rep=I n=S ours_p50=A ours_p99=B base_p50=C base_p99=D
 *   latency all n=S ...
 * Exit 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <endian.h>
#include <sound/asound.h>

#include "uapi/audmod.h"

#define CARD_ID		"AudmodBench"
#define PLAIN_NAME	"Bench Plain Value"
#define FIRE_PATH	"/sys/kernel/debug/audmod-bench/ctl_fire"
/* Time the helper leaves the reader to get into poll() before firing. */
#define FIRE_DELAY_US	500
#define POLL_MS		5000

static int open_card(void)
{
	struct snd_ctl_card_info info;
	char path[32];
	int i, fd;

	for (i = 0; i < 32; i++) {
		snprintf(path, sizeof(path), "/dev/snd/controlC%d", i);
		fd = open(path, O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (!ioctl(fd, SNDRV_CTL_IOCTL_CARD_INFO, &info) &&
		    !strcmp((char *)info.id, CARD_ID))
			return fd;
		close(fd);
	}
	fprintf(stderr, "no card %s\n", CARD_ID);
	return -1;
}

static int find(int fd, const char *name, struct snd_ctl_elem_id *id)
{
	struct snd_ctl_elem_info info;

	memset(&info, 0, sizeof(info));
	info.id.iface = SNDRV_CTL_ELEM_IFACE_MIXER;
	snprintf((char *)info.id.name, sizeof(info.id.name), "%s", name);
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_INFO, &info) < 0) {
		fprintf(stderr, "%s: %s\n", name, strerror(errno));
		return -1;
	}
	*id = info.id;
	return 0;
}

/* The helper: fire what the reader asks for, until the pipe closes. */
static void helper(int cmd_fd)
{
	int fire = open(FIRE_PATH, O_WRONLY);
	char c;

	if (fire < 0) {
		perror(FIRE_PATH);
		_exit(1);
	}
	while (read(cmd_fd, &c, 1) == 1) {
		usleep(FIRE_DELAY_US);
		if (c == 'o' ? write(fire, "ours", 4) != 4 :
			       write(fire, "plain", 5) != 5) {
			perror("ctl_fire");
			_exit(1);
		}
	}
	_exit(0);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Wait for a value event on @numid, then read it: latency in ns, or -1. */
static int64_t wait_and_read(int fd, const struct snd_ctl_elem_id *id,
			     int ours, uint64_t *last)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct snd_ctl_elem_value val;
	struct snd_ctl_event ev;
	const struct audmod_notification_record *rec;
	uint64_t sent;
	ssize_t got;

	for (;;) {
		got = read(fd, &ev, sizeof(ev));
		if (got == sizeof(ev)) {
			if (ev.type == SNDRV_CTL_EVENT_ELEM &&
			    ev.data.elem.id.numid == id->numid &&
			    (ev.data.elem.mask & SNDRV_CTL_EVENT_MASK_VALUE))
				break;
			continue;
		}
		if (got >= 0 || errno != EAGAIN) {
			perror("read event");
			return -1;
		}
		if (poll(&pfd, 1, POLL_MS) <= 0) {
			fprintf(stderr, "no event within %d ms\n", POLL_MS);
			return -1;
		}
	}
	memset(&val, 0, sizeof(val));
	val.id = *id;
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, &val) < 0) {
		perror("ELEM_READ");
		return -1;
	}
	if (ours) {
		rec = (const void *)val.value.bytes.data;
		sent = le64toh(rec->timestamp_ns);
	} else {
		sent = val.value.integer64.value[0];
	}
	/* A value older than the last one would be a stale event. */
	if (sent <= *last) {
		fprintf(stderr, "stale value %llu\n", (unsigned long long)sent);
		return -1;
	}
	*last = sent;
	return now_ns() - sent;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The q-th percentile (0 < q <= 100) of @v, nearest rank. */
static int64_t pct(int64_t *v, int n, int q)
{
	int rank = (n * q + 99) / 100;

	qsort(v, n, sizeof(*v), cmp_i64);
	return v[rank > 0 ? rank - 1 : 0];
}

static void report(const char *what, int64_t *o, int64_t *b, int n)
{
	printf("latency %s n=%d ours_p50=%lld ours_p99=%lld base_p50=%lld base_p99=%lld\n",
	       what, n, (long long)pct(o, n, 50), (long long)pct(o, n, 99),
	       (long long)pct(b, n, 50), (long long)pct(b, n, 99));
}

int main(int argc, char **argv)
{
	struct snd_ctl_elem_id note_id, plain_id;
	uint64_t last_ours = 0, last_plain = 0;
	int64_t *ours, *base, *all_o, *all_b, lat;
	int reps, samples, fd, subscribe = 1, pipefd[2], rep, i, side, k;
	struct sched_param fifo = { .sched_priority = 1 };
	char rep_name[16];
	pid_t pid;

	if (argc != 3 || (reps = atoi(argv[1])) < 1 ||
	    (samples = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: %s REPS SAMPLES\n", argv[0]);
		return 1;
	}
	fd = open_card();
	if (fd < 0 || find(fd, AUDMOD_CTL_NOTIFICATION, &note_id) ||
	    find(fd, PLAIN_NAME, &plain_id))
		return 1;
	if (ioctl(fd, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &subscribe) < 0) {
		perror("SUBSCRIBE_EVENTS");
		return 1;
	}
	ours = calloc(samples, sizeof(*ours));
	base = calloc(samples, sizeof(*base));
	all_o = calloc((size_t)reps * samples, sizeof(*all_o));
	all_b = calloc((size_t)reps * samples, sizeof(*all_b));
	if (!ours || !base || !all_o || !all_b || pipe(pipefd)) {
		perror("setup");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		close(pipefd[1]);
		helper(pipefd[0]);
	}
	close(pipefd[0]);
	/* The reader only: the helper stays SCHED_OTHER. */
	if (sched_setscheduler(0, SCHED_FIFO, &fifo)) {
		perror("SCHED_FIFO");
		goto fail;
	}

	for (rep = 0; rep < reps; rep++) {
		for (i = 0; i < samples; i++) {
			for (k = 0; k < 2; k++) {
				side = (i + k) % 2 == 0;	/* 1: ours */
				if (write(pipefd[1], side ? "o" : "p", 1) != 1) {
					perror("pipe");
					goto fail;
				}
				lat = side ? wait_and_read(fd, &note_id, 1, &last_ours) :
					     wait_and_read(fd, &plain_id, 0, &last_plain);
				if (lat < 0)
					goto fail;
				if (side)
					ours[i] = lat;
				else
					base[i] = lat;
			}
		}
		memcpy(all_o + (size_t)rep * samples, ours, samples * sizeof(*ours));
		memcpy(all_b + (size_t)rep * samples, base, samples * sizeof(*base));
		snprintf(rep_name, sizeof(rep_name), "rep=%d", rep);
		report(rep_name, ours, base, samples);
	}
	report("all", all_o, all_b, reps * samples);
	close(pipefd[1]);
	waitpid(pid, NULL, 0);
	return 0;

fail:
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	return 1;
}
