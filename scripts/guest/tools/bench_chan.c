// SPDX-License-Identifier: GPL-2.0
/*
 * bench_chan: a notification sent in hard-irq context, until each of N
 * readers of the card's notification channel (its hwdep device) has it
 * from read(), against a plain control changed in hard-irq context, until
 * each of N readers subscribed to the card's control events has its event
 * and the value (ELEM_READ). For make bench; needs audmod-bench loaded
 * (its card "AudmodBench" and debugfs "irq_fire", which sends or changes
 * the plain control from an hrtimer in hard-irq context).
 *
 *   bench_chan REPS SAMPLES READERS...
 *
 * For each reader count N, each repetition runs one side and then the
 * other (ours first in even repetitions, the baseline first in odd ones):
 * N reader processes block in read(); SAMPLES times, the controller
 * writes "ours" or "plain" to irq_fire and blocks until every reader has
 * stored its result (the reader that completes a sample wakes it through a
 * pipe, after taking its own time, so the controller never runs inside a
 * measured interval). A reader's result is CLOCK_MONOTONIC at the return
 * of its read() (ELEM_READ for the baseline) minus the send time in the
 * record (the value, for the baseline). With one CPU, the time until the
 * last reader has its result is the whole cost of delivering one
 * notification to N readers.
 *
 * Output ("row" lines for scripts/bench_report.py), costs in ns:
 *   row chan-irq-to-read-median|p99 ...   N = 1: latency of one reader
 *   row chan-readers-N ...                median time until the last of N
 * each with ours_ns, base_ns, ratio (ours/base of the medians over the
 * repetitions), spread_min/max (per-repetition ratios) and reps; or, when
 * the card has no notification channel, "row NAME na=channel missing".
 * Exit 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <endian.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sound/asound.h>

#include "uapi/audmod.h"

#define CARD_ID		"AudmodBench"
#define PLAIN_NAME	"Bench Plain Value"
#define FIRE_PATH	"/sys/kernel/debug/audmod-bench/irq_fire"
#define MAX_READERS	16
#define MAX_SAMPLES	200
#define MAX_REPS	31

/**
 * struct shared - what the readers tell the controller (shared memory)
 * @ready: readers that have opened their file.
 * @done: results stored, over all samples.
 * @failed: a reader failed.
 * @lat: each reader's result per sample, ns.
 */
struct shared {
	int ready;
	int done;
	int failed;
	int64_t lat[MAX_READERS][MAX_SAMPLES];
};

static struct shared *sh;
static int card_index = -1;
static char hwdep_path[64];
static struct snd_ctl_elem_id plain_id;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int open_ctl(int flags)
{
	char path[32];

	snprintf(path, sizeof(path), "/dev/snd/controlC%d", card_index);
	return open(path, flags);
}

/* Find the benchmark card, its plain control and its channel, if any. */
static int find_card(void)
{
	struct snd_ctl_card_info info;
	struct snd_ctl_elem_info ei;
	char path[32];
	int i, fd;

	for (i = 0; i < 32 && card_index < 0; i++) {
		snprintf(path, sizeof(path), "/dev/snd/controlC%d", i);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (!ioctl(fd, SNDRV_CTL_IOCTL_CARD_INFO, &info) &&
		    !strcmp((char *)info.id, CARD_ID))
			card_index = i;
		close(fd);
	}
	if (card_index < 0) {
		fprintf(stderr, "no card %s\n", CARD_ID);
		return -1;
	}
	fd = open_ctl(O_RDONLY);
	if (fd < 0)
		return -1;
	memset(&ei, 0, sizeof(ei));
	ei.id.iface = SNDRV_CTL_ELEM_IFACE_MIXER;
	snprintf((char *)ei.id.name, sizeof(ei.id.name), "%s", PLAIN_NAME);
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_INFO, &ei) < 0) {
		perror(PLAIN_NAME);
		close(fd);
		return -1;
	}
	plain_id = ei.id;
#ifdef AUDMOD_HWDEP_ID
	{
		struct snd_hwdep_info hi;
		int dev = -1;

		while (!ioctl(fd, SNDRV_CTL_IOCTL_HWDEP_NEXT_DEVICE, &dev) &&
		       dev >= 0) {
			memset(&hi, 0, sizeof(hi));
			hi.device = dev;
			if (!ioctl(fd, SNDRV_CTL_IOCTL_HWDEP_INFO, &hi) &&
			    !strcmp((char *)hi.id, AUDMOD_HWDEP_ID)) {
				snprintf(hwdep_path, sizeof(hwdep_path),
					 "/dev/snd/hwC%dD%d", card_index, dev);
				break;
			}
		}
	}
#endif
	close(fd);
	return 0;
}

/* One channel reader: @samples records, each timed from its send. */
static int read_ours(int r, int samples, int wake_fd, int nreaders)
{
#ifdef AUDMOD_HWDEP_ID
	static uint8_t buf[AUDMOD_CHANNEL_READ_MAX];
	const struct audmod_channel_record *rec = (const void *)buf;
	int fd = open(hwdep_path, O_RDONLY);
	ssize_t got;
	int s;

	if (fd < 0) {
		perror(hwdep_path);
		return -1;
	}
	__atomic_add_fetch(&sh->ready, 1, __ATOMIC_SEQ_CST);
	for (s = 0; s < samples; s++) {
		got = read(fd, buf, sizeof(buf));
		if (got < (ssize_t)sizeof(*rec)) {
			perror("channel read");
			return -1;
		}
		sh->lat[r][s] = now_ns() - le64toh(rec->timestamp_ns);
		if (__atomic_add_fetch(&sh->done, 1, __ATOMIC_SEQ_CST) ==
		    nreaders * (s + 1) && write(wake_fd, "d", 1) != 1)
			return -1;
	}
	close(fd);
	return 0;
#else
	(void)r, (void)samples, (void)wake_fd, (void)nreaders;
	return -1;
#endif
}

/* One control reader: @samples value events of the plain control. */
static int read_base(int r, int samples, int wake_fd, int nreaders)
{
	struct snd_ctl_elem_value val;
	struct snd_ctl_event ev;
	int fd = open_ctl(O_RDONLY), on = 1, s;

	if (fd < 0 || ioctl(fd, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &on) < 0) {
		perror("control subscribe");
		return -1;
	}
	__atomic_add_fetch(&sh->ready, 1, __ATOMIC_SEQ_CST);
	for (s = 0; s < samples; s++) {
		for (;;) {
			if (read(fd, &ev, sizeof(ev)) != sizeof(ev)) {
				perror("control read");
				return -1;
			}
			if (ev.type == SNDRV_CTL_EVENT_ELEM &&
			    ev.data.elem.id.numid == plain_id.numid &&
			    (ev.data.elem.mask & SNDRV_CTL_EVENT_MASK_VALUE))
				break;
		}
		memset(&val, 0, sizeof(val));
		val.id = plain_id;
		if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, &val) < 0) {
			perror("ELEM_READ");
			return -1;
		}
		sh->lat[r][s] = now_ns() - (uint64_t)val.value.integer64.value[0];
		if (__atomic_add_fetch(&sh->done, 1, __ATOMIC_SEQ_CST) ==
		    nreaders * (s + 1) && write(wake_fd, "d", 1) != 1)
			return -1;
	}
	close(fd);
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The q-th percentile (0 < q <= 100) of @v, nearest rank; sorts @v. */
static int64_t pct(int64_t *v, int n, int q)
{
	int rank = (n * q + 99) / 100;

	qsort(v, n, sizeof(*v), cmp_i64);
	return v[rank > 0 ? rank - 1 : 0];
}

/*
 * One side, one repetition: @n readers, @samples fires. Stores in @last
 * each sample's time until the last reader had it. 0 or -1.
 */
static int run_side(int ours, int n, int samples, int64_t *last)
{
	pid_t pid[MAX_READERS];
	int wake[2], fire = -1, r, s, ret = -1, status;
	char c;

	memset(sh, 0, sizeof(*sh));
	if (pipe(wake))
		return -1;
	for (r = 0; r < n; r++) {
		pid[r] = fork();
		if (pid[r] < 0)
			return -1;
		if (!pid[r]) {
			struct sched_param fifo = { .sched_priority = 1 };

			close(wake[0]);
			if (sched_setscheduler(0, SCHED_FIFO, &fifo) ||
			    (ours ? read_ours(r, samples, wake[1], n) :
				    read_base(r, samples, wake[1], n))) {
				__atomic_store_n(&sh->failed, 1, __ATOMIC_SEQ_CST);
				/* Wake the controller, which sees the failure. */
				if (write(wake[1], "f", 1) != 1)
					_exit(2);
				_exit(1);
			}
			_exit(0);
		}
	}
	close(wake[1]);
	/* Let every reader get into its first read(). */
	while (__atomic_load_n(&sh->ready, __ATOMIC_SEQ_CST) < n &&
	       !__atomic_load_n(&sh->failed, __ATOMIC_SEQ_CST))
		usleep(1000);
	usleep(20000);
	fire = open(FIRE_PATH, O_WRONLY);
	if (fire < 0) {
		perror(FIRE_PATH);
		goto out;
	}
	for (s = 0; s < samples; s++) {
		while (write(fire, ours ? "ours" : "plain", ours ? 4 : 5) < 0) {
			if (errno != EBUSY) {
				perror("irq_fire");
				goto out;
			}
			usleep(1000);
		}
		if (read(wake[0], &c, 1) != 1 ||
		    __atomic_load_n(&sh->failed, __ATOMIC_SEQ_CST)) {
			fprintf(stderr, "a reader failed\n");
			goto out;
		}
		last[s] = 0;
		for (r = 0; r < n; r++)
			if (sh->lat[r][s] > last[s])
				last[s] = sh->lat[r][s];
	}
	ret = 0;
out:
	if (fire >= 0)
		close(fire);
	for (r = 0; r < n; r++) {
		if (ret)
			kill(pid[r], SIGTERM);
		if (waitpid(pid[r], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			ret = -1;
	}
	close(wake[0]);
	return ret;
}

static void print_row(const char *name, const int64_t *o, const int64_t *b,
		      int reps)
{
	int64_t so[MAX_REPS], sb[MAX_REPS], mo, mb;
	double lo = 0, hi = 0, x;
	int i;

	for (i = 0; i < reps; i++) {
		x = b[i] ? (double)o[i] / b[i] : 0;
		lo = i && lo < x ? lo : x;
		hi = i && hi > x ? hi : x;
	}
	memcpy(so, o, reps * sizeof(*o));
	memcpy(sb, b, reps * sizeof(*b));
	mo = pct(so, reps, 50);
	mb = pct(sb, reps, 50);
	printf("row %s ours_ns=%lld base_ns=%lld ratio=%.3f spread_min=%.3f spread_max=%.3f reps=%d\n",
	       name, (long long)mo, (long long)mb, mb ? (double)mo / mb : 0,
	       lo, hi, reps);
}

int main(int argc, char **argv)
{
	static int64_t last[2][MAX_REPS][MAX_SAMPLES];
	int64_t med[2][MAX_REPS], p99[2][MAX_REPS];
	int reps, samples, a, n, rep, k, side;
	char name[48];

	if (argc < 4 || (reps = atoi(argv[1])) < 1 || reps > MAX_REPS ||
	    (samples = atoi(argv[2])) < 1 || samples > MAX_SAMPLES) {
		fprintf(stderr, "usage: %s REPS(1-%d) SAMPLES(1-%d) READERS...\n",
			argv[0], MAX_REPS, MAX_SAMPLES);
		return 1;
	}
	if (find_card())
		return 1;
	if (!hwdep_path[0]) {
		printf("row chan-irq-to-read-median na=channel missing\n");
		printf("row chan-irq-to-read-p99 na=channel missing\n");
		for (a = 3; a < argc; a++)
			printf("row chan-readers-%d na=channel missing\n",
			       atoi(argv[a]));
		return 0;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (a = 3; a < argc; a++) {
		n = atoi(argv[a]);
		if (n < 1 || n > MAX_READERS) {
			fprintf(stderr, "readers: 1 to %d\n", MAX_READERS);
			return 1;
		}
		for (rep = 0; rep < reps; rep++) {
			for (k = 0; k < 2; k++) {
				side = (rep + k) % 2 == 0;	/* 1: ours */
				if (run_side(side, n, samples, last[side][rep]))
					return 1;
			}
			for (side = 0; side < 2; side++) {
				med[side][rep] = pct(last[side][rep], samples, 50);
				p99[side][rep] = pct(last[side][rep], samples, 99);
			}
		}
		if (n == 1) {
			print_row("chan-irq-to-read-median", med[1], med[0], reps);
			print_row("chan-irq-to-read-p99", p99[1], p99[0], reps);
		}
		snprintf(name, sizeof(name), "chan-readers-%d", n);
		print_row(name, med[1], med[0], reps);
		fflush(stdout);
	}
	return 0;
}
