// SPDX-License-Identifier: GPL-2.0
/*
 * stress_soak: the two ends of the concurrency soak.
 *
 *   stress_soak follow SECONDS
 *	Subscribe to the card's control events and, for each event on the
 *	notification control, read the control. The sequence number must
 *	never go backwards, the cumulative lost count never decrease, and
 *	seq - lost (the notifications delivered up to this one: drops are
 *	always of older entries) never decrease either; events may be
 *	coalesced, so seeing fewer notifications than were delivered is
 *	fine. After SECONDS prints "events=E distinct=D seq=S lost=L".
 *
 *   stress_soak hog SECONDS
 *	For SECONDS, in turns on each CPU: spin for 200 ms as a SCHED_FIFO
 *	task, then sleep for 300 ms. While it spins, work items queued on
 *	that CPU (the notifier's delivery) wait, but the level meter's timers
 *	keep sending: the queue overflows and drops its oldest entries, so
 *	the lost-notification accounting is exercised too.
 *
 *   stress_soak drain STATS SEQ LOST
 *	Once the streams and writers have stopped: wait until the notifier's
 *	queue (debugfs STATS) is empty and its last notification has reached
 *	the control, then check, exactly:
 *	  sent == atomic_delivered + atomic_dropped   (the notifier's
 *	  counters of its atomic consumer, the only one the card has: the
 *	  controls and the channel are fed from the send path)
 *	  control seq == sent, control lost == lost control == dropped
 *	  SEQ, LOST (what follow saw last) <= the final ones
 *	Prints "sent=N delivered=N lost=N".
 *
 * Exit 1 on any failure, with FAIL lines.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sched.h>
#include <time.h>

#include "stress_ctl.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_record(struct card *cd, struct audmod_notification_record *r)
{
	struct snd_ctl_elem_value v;
	int err = ctl_read(cd, &cd->c[cd->notification], &v);

	if (err)
		fail("read notification control: %s", strerror(err));
	memcpy(r, v.value.bytes.data, sizeof(*r));
	return err;
}

static int follow(struct card *cd, double seconds)
{
	unsigned long long events = 0, distinct = 0, seq = 0, lost = 0;
	unsigned int numid = cd->c[cd->notification].info.id.numid;
	struct audmod_notification_record r;
	struct snd_ctl_event ev;
	double end = now() + seconds;
	struct pollfd pfd;
	int on = 1;

	if (ioctl(cd->fd, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &on) < 0) {
		fail("SUBSCRIBE_EVENTS: %s", strerror(errno));
		return 1;
	}
	pfd.fd = cd->fd;
	pfd.events = POLLIN;
	while (now() < end) {
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		if (read(cd->fd, &ev, sizeof(ev)) != sizeof(ev)) {
			fail("read event: %s", strerror(errno));
			break;
		}
		if (ev.type != SNDRV_CTL_EVENT_ELEM ||
		    ev.data.elem.id.numid != numid ||
		    !(ev.data.elem.mask & SNDRV_CTL_EVENT_MASK_VALUE))
			continue;
		events++;
		if (read_record(cd, &r))
			break;
		if (r.seq < seq || r.dropped < lost || r.seq - r.dropped < seq - lost)
			fail("went backwards: seq %llu lost %llu after seq %llu lost %llu",
			     (unsigned long long)r.seq, (unsigned long long)r.dropped,
			     seq, lost);
		if (r.dropped > r.seq)
			fail("lost %llu over seq %llu", (unsigned long long)r.dropped,
			     (unsigned long long)r.seq);
		if (r.seq > seq)
			distinct++;
		seq = r.seq;
		lost = r.dropped;
	}
	printf("events=%llu distinct=%llu seq=%llu lost=%llu\n", events,
	       distinct, seq, lost);
	return failures ? 1 : 0;
}

static int hog(double seconds)
{
	struct sched_param sp = { .sched_priority = 10 };
	double end = now() + seconds, stop;
	cpu_set_t set;
	int cpu = 0;

	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		fail("SCHED_FIFO: %s", strerror(errno));
		return 1;
	}
	while (now() < end) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			break;	/* one CPU only: spin where we are */
		for (stop = now() + 0.2; now() < stop;)
			;
		poll(NULL, 0, 300);
		cpu = !cpu;
	}
	return 0;
}

/* One counter of the notifier's debugfs stats file, or -1. */
static long long stat_of(const char *path, const char *key)
{
	char line[128];
	size_t n = strlen(key);
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtoll(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static int drain(struct card *cd, const char *stats, unsigned long long seen_seq,
		 unsigned long long seen_lost)
{
	long long sent = -1, delivered = -1, dropped = -1, depth = -1;
	struct audmod_notification_record r = { 0 };
	struct snd_ctl_elem_value v;
	double end = now() + 60;

	while (now() < end) {
		sent = stat_of(stats, "sent");
		delivered = stat_of(stats, "atomic_delivered");
		dropped = stat_of(stats, "atomic_dropped");
		depth = stat_of(stats, "atomic_depth");
		if (sent < 0) {
			fail("cannot read %s", stats);
			return 1;
		}
		if (read_record(cd, &r))
			return 1;
		/* Settled: nothing queued, the last one shown, no new send. */
		if (!depth && r.seq == (unsigned long long)sent &&
		    stat_of(stats, "sent") == sent)
			break;
		poll(NULL, 0, 100);
	}
	printf("sent=%lld delivered=%lld lost=%lld\n", sent, delivered, dropped);
	if (depth || r.seq != (unsigned long long)sent)
		fail("queue not drained: depth %lld, control seq %llu, sent %lld",
		     depth, (unsigned long long)r.seq, sent);
	if (sent != delivered + dropped)
		fail("sent %lld != delivered %lld + dropped %lld", sent,
		     delivered, dropped);
	if (r.dropped != (unsigned long long)dropped)
		fail("record lost %llu != dropped %lld",
		     (unsigned long long)r.dropped, dropped);
	if (ctl_read(cd, &cd->c[cd->lost], &v) ||
	    v.value.integer64.value[0] != dropped)
		fail("lost control %lld != dropped %lld",
		     v.value.integer64.value[0], dropped);
	if (seen_seq > r.seq || seen_lost > r.dropped)
		fail("the follower saw seq %llu lost %llu, beyond the final %llu %llu",
		     seen_seq, seen_lost, (unsigned long long)r.seq,
		     (unsigned long long)r.dropped);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct card cd;

	if (card_scan(&cd))
		return 2;
	if (argc == 3 && !strcmp(argv[1], "follow"))
		return follow(&cd, atof(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "hog"))
		return hog(atof(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "drain"))
		return drain(&cd, argv[2], strtoull(argv[3], NULL, 0),
			     strtoull(argv[4], NULL, 0));
	fprintf(stderr, "usage: %s follow SECONDS | hog SECONDS | drain STATS SEQ LOST\n",
		argv[0]);
	return 2;
}
