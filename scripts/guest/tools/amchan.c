// SPDX-License-Identifier: GPL-2.0
/*
 * amchan: the audio-module notification channel and command ioctl of
 * <uapi/audmod.h> section 8, for the end-to-end checks. Raw ioctls only.
 * CARD is the card number; the hwdep device is found by its id.
 *
 *   amchan find CARD               print the hwdep device node
 *   amchan cmd CARD VERB MOD PARAM SIZE [VALUE]
 *                                  one command (VERB get, set, basic or a
 *                                  number; MOD 0-3 as in section 3): prints
 *                                  the reply; exit status: the errno
 *   amchan read CARD N MS          read N records (poll MS ms for each)
 *   amchan soak CARD fast|slow|mapped|mapped-slow TARGET
 *                                  reader for the soak: prints "ready
 *                                  start=S", reads (slow: one record per
 *                                  read, with pauses; mapped: drains the
 *                                  mapped ring, poll() only when empty)
 *                                  until it has accounted, received or
 *                                  missed, for the count the file TARGET
 *                                  gives once it exists; fails unless
 *                                  exactly that many
 *   amchan interleave CARD N       two processes, N commands each, at once:
 *                                  every reply must match its own request
 *   amchan stall CARD SENDFILE N   a reader whose buffer faults (held by
 *                                  userfaultfd until the end) must not
 *                                  delay a second reader, which gets the
 *                                  3N notifications SENDFILE sends
 *                                  meanwhile
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sound/asound.h>

#include "uapi/audmod.h"

static const struct audmod_guid classes[4] = {
	AUDMOD_CLASS_GENERIC, AUDMOD_CLASS_EQ, AUDMOD_CLASS_AEC,
	AUDMOD_CLASS_LEVEL_METER,
};

static int die(const char *what)
{
	fprintf(stderr, "amchan: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The node of the card's audmod hwdep device. */
static void find_node(int card, char *node, size_t len)
{
	struct snd_hwdep_info info;
	char ctl[64];
	int fd, dev = -1;

	snprintf(ctl, sizeof(ctl), "/dev/snd/controlC%d", card);
	fd = open(ctl, O_RDONLY);
	if (fd < 0)
		die(ctl);
	for (;;) {
		if (ioctl(fd, SNDRV_CTL_IOCTL_HWDEP_NEXT_DEVICE, &dev) < 0)
			die("HWDEP_NEXT_DEVICE");
		if (dev < 0) {
			fprintf(stderr, "amchan: no %s hwdep on card %d\n",
				AUDMOD_HWDEP_ID, card);
			exit(1);
		}
		memset(&info, 0, sizeof(info));
		info.device = dev;
		if (ioctl(fd, SNDRV_CTL_IOCTL_HWDEP_INFO, &info) < 0)
			die("HWDEP_INFO");
		if (!strcmp((char *)info.id, AUDMOD_HWDEP_ID) &&
		    info.iface == AUDMOD_HWDEP_IFACE)
			break;
	}
	close(fd);
	snprintf(node, len, "/dev/snd/hwC%dD%d", card, dev);
}

static int open_channel(int card)
{
	char node[64];
	int fd;

	find_node(card, node, sizeof(node));
	fd = open(node, O_RDWR);
	if (fd < 0)
		die(node);
	return fd;
}

static uint32_t verb_of(const char *s)
{
	if (!strcmp(s, "get"))
		return AUDMOD_VERB_GET;
	if (!strcmp(s, "set"))
		return AUDMOD_VERB_SET;
	if (!strcmp(s, "basic"))
		return AUDMOD_VERB_BASIC_SUPPORT;
	return strtoul(s, NULL, 0);
}

/* Fill a request; VALUE is written little-endian in SIZE (at most 8) bytes. */
static void request(union audmod_command *c, uint32_t verb, int mod,
		    uint32_t param, uint32_t size, unsigned long long value)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	c->request.verb = htole32(verb);
	c->request.parameter_id = htole32(param);
	c->request.class_id = classes[mod & 3];
	c->request.value_size = htole32(size);
	for (i = 0; i < size && i < 8; i++)
		c->request.value[i] = value >> (8 * i);
}

static int cmd_one(int card, char **argv, int argc)
{
	union audmod_command c;
	unsigned int i, n;
	int fd = open_channel(card);

	request(&c, verb_of(argv[0]), atoi(argv[1]), strtoul(argv[2], NULL, 0),
		strtoul(argv[3], NULL, 0),
		argc > 4 ? strtoull(argv[4], NULL, 0) : 0);
	if (ioctl(fd, AUDMOD_IOCTL_COMMAND, &c) < 0) {
		printf("errno=%d\n", errno);
		return errno;
	}
	n = le32toh(c.reply.size);
	printf("verb=%#x request_verb=%#x param=%u status=%#x size=%u value=",
	       le32toh(c.reply.verb), le32toh(c.reply.request_verb),
	       le32toh(c.reply.parameter_id), le32toh(c.reply.status), n);
	for (i = 0; i < n && i < AUDMOD_COMMAND_REPLY_VALUE_MAX; i++)
		printf("%02x", c.reply.value[i]);
	printf("\n");
	return 0;
}

/* The mapped ring and this file's position page. */
struct mapped {
	const struct audmod_channel_map *hdr;
	const struct audmod_channel_map_slot *slots;
	const unsigned char *ring;
	struct audmod_channel_map_position *pos;
	uint32_t records, bytes;
};

static void map_channel(int fd, struct mapped *m)
{
	long page = sysconf(_SC_PAGESIZE);
	const struct audmod_channel_map *h;
	size_t size;
	void *p;

	p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap header");
	h = p;
	if (le32toh(h->version) != AUDMOD_CHANNEL_MAP_VERSION) {
		fprintf(stderr, "amchan: map version %u\n", le32toh(h->version));
		exit(1);
	}
	size = le32toh(h->map_size);
	munmap(p, page);
	/* Writable is refused, now and later. */
	if (mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) !=
	    MAP_FAILED || errno != EPERM) {
		fprintf(stderr, "amchan: a writable mapping of the ring\n");
		exit(1);
	}
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap ring");
	if (!mprotect(p, page, PROT_READ | PROT_WRITE)) {
		fprintf(stderr, "amchan: mprotect() made the ring writable\n");
		exit(1);
	}
	m->hdr = p;
	m->slots = (const void *)((const char *)p + le32toh(m->hdr->slots_offset));
	m->ring = (const unsigned char *)p + le32toh(m->hdr->ring_offset);
	m->records = le32toh(m->hdr->records);
	m->bytes = le32toh(m->hdr->bytes);
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 le32toh(m->hdr->position_offset));
	if (p == MAP_FAILED)
		die("mmap position");
	m->pos = p;
}

/* First slot number in [tail, head) whose record is @c or newer. */
static uint32_t map_find(const struct mapped *m, uint32_t tail, uint32_t head,
			 uint64_t c)
{
	uint32_t lo = tail, n = head - tail, half;

	while (n) {
		half = n / 2;
		if (le64toh(m->slots[(lo + half) % m->records].seq) < c) {
			lo += half + 1;
			n -= half + 1;
		} else {
			n = half;
		}
	}
	return lo;
}

/*
 * Drain the mapped ring into @buf as read() would fill it (at most @len
 * bytes of whole records), without a system call: 0 when nothing is there
 * from the position on. A copy from a slot the tail passed meanwhile may be
 * torn: it is dropped and the drain starts again, which then counts those
 * records as missed, as read() does.
 */
static size_t map_drain(struct mapped *m, unsigned char *buf, size_t len,
			unsigned long *torn)
{
	uint64_t c = le64toh(m->pos->next_seq), prev;
	uint32_t head, tail, r, r0, size, pos, span;
	struct audmod_channel_record *rec;
	size_t off;

again:
	head = le32toh(__atomic_load_n(&m->hdr->head, __ATOMIC_ACQUIRE));
	tail = le32toh(__atomic_load_n(&m->hdr->tail, __ATOMIC_RELAXED));
	r0 = r = map_find(m, tail, head, c);
	prev = c;
	off = 0;
	for (; r != head; r++) {
		const struct audmod_channel_map_slot *sl =
			&m->slots[r % m->records];

		size = le32toh(sl->size);
		pos = le32toh(sl->pos);
		/* A torn slot may say anything: never outside the ring. */
		if (size > AUDMOD_NOTIFICATION_MAX_BYTES || pos > m->bytes ||
		    ((size + 7) & ~7u) > m->bytes - pos)
			size = pos = 0;
		span = (size + 7) & ~7u;
		if (off + sizeof(*rec) + span > len)
			break;
		rec = (void *)(buf + off);
		rec->length = htole32(sizeof(*rec) + span);
		rec->type = htole16(AUDMOD_RECORD_NOTIFICATION);
		rec->size = htole16(size);
		rec->seq = sl->seq;
		rec->timestamp_ns = sl->timestamp_ns;
		rec->missed = htole64(le64toh(sl->seq) - prev);
		memcpy(rec->data, m->ring + pos, span);
		prev = le64toh(sl->seq) + 1;
		off += sizeof(*rec) + span;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	tail = le32toh(__atomic_load_n(&m->hdr->tail, __ATOMIC_RELAXED));
	if ((int32_t)(tail - r0) > 0) {
		++*torn;
		goto again;
	}
	if (off)
		m->pos->next_seq = htole64(prev);
	return off;
}

static void status(int fd, struct audmod_channel_status *st)
{
	if (ioctl(fd, AUDMOD_IOCTL_CHANNEL_STATUS, st) < 0)
		die("CHANNEL_STATUS");
}

static int cmd_read(int card, int count, int ms)
{
	static unsigned char buf[AUDMOD_CHANNEL_READ_MAX];
	int fd = open_channel(card), got = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n, off;

	while (got < count) {
		if (poll(&p, 1, ms) <= 0) {
			fprintf(stderr, "amchan: %d of %d records\n", got, count);
			return 1;
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0)
			die("read");
		for (off = 0; off < n; ) {
			struct audmod_channel_record *r = (void *)(buf + off);
			struct audmod_module_notification *mn = (void *)r->data;

			printf("seq=%llu missed=%llu size=%u type=%u param=%u\n",
			       (unsigned long long)le64toh(r->seq),
			       (unsigned long long)le64toh(r->missed),
			       le16toh(r->size), le32toh(mn->type),
			       le32toh(mn->parameter_id));
			off += le32toh(r->length);
			got++;
		}
	}
	return 0;
}

/*
 * Check one read's records: whole, in order, missed consistent with the
 * sequence numbers; add them up.
 */
static void account(const unsigned char *buf, ssize_t n,
		    unsigned long long *next, unsigned long long *received,
		    unsigned long long *missed)
{
	ssize_t off = 0;

	while (off < n) {
		const struct audmod_channel_record *r = (const void *)(buf + off);
		unsigned long long seq = le64toh(r->seq);

		if (le16toh(r->type) != AUDMOD_RECORD_NOTIFICATION ||
		    le32toh(r->length) % 8 ||
		    le32toh(r->length) < sizeof(*r) + le16toh(r->size) ||
		    seq < *next || le64toh(r->missed) != seq - *next) {
			fprintf(stderr, "amchan: bad record seq=%llu next=%llu missed=%llu\n",
				seq, *next, (unsigned long long)le64toh(r->missed));
			exit(1);
		}
		*missed += le64toh(r->missed);
		*received += 1;
		*next = seq + 1;
		off += le32toh(r->length);
	}
}

/* The sender's count, once the shell has written it to @path; else -1. */
static long long soak_target(const char *path)
{
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/*
 * Wait until the card is quiet and read what the channel holds, so that
 * only notifications sent from now on count: earlier checks may leave
 * deliveries in flight. Quiet: everything accepted has been delivered, or
 * the accepted count stood still for a second (its last ones dropped).
 */
static void soak_settle(int fd, unsigned char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct audmod_channel_status st;
	unsigned long long accepted = 0;
	unsigned int still = 0;

	for (;;) {
		status(fd, &st);
		/* Read after the look: what it counted is in the channel. */
		while (poll(&p, 1, 0) > 0)
			if (read(fd, buf, len) < 0)
				die("read");
		if (le64toh(st.accepted) == le64toh(st.newest_seq))
			return;
		if (le64toh(st.accepted) != accepted) {
			accepted = le64toh(st.accepted);
			still = 0;
		} else if (++still == 100) {
			return;
		}
		usleep(10000);
	}
}

/*
 * A soak reader. Its truth is its own: what read() returned, each record's
 * sequence number against the one before plus its missed count (account()),
 * and at the end received + missed == what the sender says it sent, which
 * the shell writes to @target_path once the sender is done. The slow reader
 * takes one small record per read and stops reading for a second after 50
 * of them, so the channel replaces records under it; once the target is
 * known both read as fast as they can until they have accounted for it.
 */
static int cmd_soak(int card, const char *kind, const char *target_path)
{
	static unsigned char buf[256 * 1024];
	int slow = !strcmp(kind, "slow") || !strcmp(kind, "mapped-slow");
	int fd = open_channel(card), mapped = !strncmp(kind, "mapped", 6);
	unsigned long long start, next, received = 0, missed = 0, reads = 0;
	unsigned long torn = 0, polls = 0, drains = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct audmod_channel_status st;
	struct mapped m = { 0 };
	long long target = -1;
	unsigned int idle = 0;
	ssize_t n;

	/* Mapped first: from then on read() and status use its position. */
	if (mapped)
		map_channel(fd, &m);
	soak_settle(fd, buf, sizeof(buf));
	status(fd, &st);
	start = next = le64toh(st.next_seq);
	printf("ready start=%llu\n", start);
	fflush(stdout);
	for (;;) {
		if (target < 0)
			target = soak_target(target_path);
		if (target >= 0 && received + missed >= (unsigned long long)target)
			break;
		if (mapped) {
			n = map_drain(&m, buf, slow && target < 0 ? 128 : sizeof(buf),
				      &torn);
			if (n) {
				drains++;
				goto got;
			}
			polls++;
		}
		if (poll(&p, 1, 100) <= 0) {
			/* 30 s without a record while some are owed: lost. */
			if (target >= 0 && ++idle > 300)
				break;
			continue;
		}
		idle = 0;
		if (mapped)
			continue;
		n = read(fd, buf, slow && target < 0 ? 128 : sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
got:
		account(buf, n, &next, &received, &missed);
		if (slow && target < 0 && ++reads % 50 == 0)
			sleep(1);
		else if (slow && target < 0)
			usleep(20000);
	}
	printf("reader=%s start=%llu received=%llu missed=%llu sent=%lld",
	       kind, start, received, missed, target);
	if (mapped) {
		printf(" drains=%lu polls=%lu torn=%lu\n", drains, polls, torn);
		/* Its status reads the position page the drains wrote. */
		status(fd, &st);
		if (le64toh(st.next_seq) != next) {
			fprintf(stderr, "amchan: status next_seq %llu, drained to %llu\n",
				(unsigned long long)le64toh(st.next_seq), next);
			return 1;
		}
	} else {
		printf("\n");
	}
	if (received + missed != (unsigned long long)target) {
		fprintf(stderr, "amchan: reader %s: received + missed = %llu, sent %lld\n",
			kind, received + missed, target);
		return 1;
	}
	return 0;
}

/*
 * One of the two command processes. Process 0 works on the generic module
 * and EQ P1, process 1 on the echo canceller and the level meter: each
 * reply must name its own request and carry what that request implies.
 */
static int interleave_child(int fd, int who, int count)
{
	int i, bad = 0, mod, set;
	uint32_t param, size, want_size;
	unsigned long long v = 0, got;
	union audmod_command c;
	unsigned int k;

	for (i = 0; i < count; i++) {
		set = i % 4 == 0;
		if (who == 0) {
			mod = 1;
			param = AUDMOD_EQ_P1;
			if (set)
				v = i / 4 % 3;
		} else {
			mod = 3;
			param = AUDMOD_LEVEL_THRESHOLD;
			if (set)
				v = 1 + i / 4 % 32768;
		}
		size = who == 0 ? 1 : 4;
		if (set) {
			request(&c, AUDMOD_VERB_SET, mod, param, size, v);
		} else if (i % 4 == 1) {
			request(&c, AUDMOD_VERB_GET, mod, param, size, 0);
		} else if (i % 4 == 2) {
			request(&c, AUDMOD_VERB_GET, mod, param, 0, 0);
		} else {
			request(&c, AUDMOD_VERB_BASIC_SUPPORT, mod, param, 4, 0);
		}
		if (ioctl(fd, AUDMOD_IOCTL_COMMAND, &c) < 0) {
			fprintf(stderr, "amchan: %d: command %d: %s\n", who, i,
				strerror(errno));
			bad++;
			continue;
		}
		want_size = set ? 0 : i % 4 == 3 ? 4 : size;
		got = 0;
		for (k = 0; k < 8 && k < le32toh(c.reply.size); k++)
			got |= (unsigned long long)c.reply.value[k] << (8 * k);
		if (le32toh(c.reply.verb) != AUDMOD_VERB_REPLY ||
		    le32toh(c.reply.parameter_id) != param ||
		    memcmp(&c.reply.class_id, &classes[mod], 16) ||
		    le32toh(c.reply.request_verb) !=
			(set ? AUDMOD_VERB_SET : i % 4 == 3 ?
			 AUDMOD_VERB_BASIC_SUPPORT : AUDMOD_VERB_GET) ||
		    le32toh(c.reply.size) != want_size ||
		    le32toh(c.reply.status) != (i % 4 == 2 ? 0x80000005u : 0) ||
		    /* Our own SET just before: our own value back. */
		    (i % 4 == 1 && got != v) ||
		    (i % 4 == 3 && got != 0x203u)) {
			fprintf(stderr, "amchan: %d: reply %d does not match its request: verb %#x status %#x size %u value %llu\n",
				who, i, le32toh(c.reply.request_verb),
				le32toh(c.reply.status), le32toh(c.reply.size), got);
			bad++;
		}
	}
	printf("process=%d commands=%d mismatched=%d\n", who, count, bad);
	return bad ? 1 : 0;
}

static int cmd_interleave(int card, int count)
{
	int who, st, ret = 0;
	pid_t pid[2];

	for (who = 0; who < 2; who++) {
		pid[who] = fork();
		if (pid[who] < 0)
			die("fork");
		if (!pid[who]) {
			int fd = open_channel(card), r;

			r = interleave_child(fd, who, count);
			fflush(stdout);
			_exit(r);
		}
	}
	for (who = 0; who < 2; who++) {
		if (waitpid(pid[who], &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			ret = 1;
	}
	return ret;
}

/* The faulting reader: read() into a page only userfaultfd can fill. */
struct stall {
	int fd, uffd, release[2];
	void *page;
	long page_size;
	volatile int read_done;
	ssize_t read_ret;
};

static void *stall_reader(void *arg)
{
	struct stall *s = arg;

	s->read_ret = read(s->fd, s->page, s->page_size);
	s->read_done = 1;
	return NULL;
}

static void *stall_handler(void *arg)
{
	struct stall *s = arg;
	struct uffd_msg msg;
	struct uffdio_zeropage zp;
	struct pollfd p = { .fd = s->uffd, .events = POLLIN };

	if (poll(&p, 1, -1) <= 0 || read(s->uffd, &msg, sizeof(msg)) != sizeof(msg)) {
		perror("amchan: uffd");
		return NULL;
	}
	printf("faulting reader: held in a fault at %#llx\n",
	       (unsigned long long)msg.arg.pagefault.address);
	/* Keep the reader inside copy_to_user() until told to let go. */
	if (read(s->release[0], &p, 1) != 1)
		return NULL;
	zp.range.start = msg.arg.pagefault.address & ~(s->page_size - 1);
	zp.range.len = s->page_size;
	zp.mode = 0;
	if (ioctl(s->uffd, UFFDIO_ZEROPAGE, &zp) < 0)
		perror("amchan: UFFDIO_ZEROPAGE");
	return NULL;
}

static int cmd_stall(int card, const char *sendfile, int count)
{
	static unsigned char buf[AUDMOD_CHANNEL_READ_MAX];
	unsigned long long next, received = 0, missed = 0;
	struct audmod_channel_status st;
	struct uffdio_register reg;
	struct uffdio_api api = { .api = UFFD_API };
	pthread_t reader, handler;
	struct stall s = { 0 };
	struct pollfd p;
	char text[32];
	int other, sf, len, held;
	ssize_t n;

	setvbuf(stdout, NULL, _IONBF, 0);
	s.page_size = sysconf(_SC_PAGESIZE);
	if (pipe(s.release) < 0)
		die("pipe");
	s.uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (s.uffd < 0 && errno == ENOSYS) {
		printf("userfaultfd: not in this kernel (CONFIG_USERFAULTFD)\n");
		return 77;
	}
	if (s.uffd < 0 || ioctl(s.uffd, UFFDIO_API, &api) < 0)
		die("userfaultfd");
	s.page = mmap(NULL, s.page_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s.page == MAP_FAILED)
		die("mmap");
	reg.range.start = (unsigned long)s.page;
	reg.range.len = s.page_size;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(s.uffd, UFFDIO_REGISTER, &reg) < 0)
		die("UFFDIO_REGISTER");

	s.fd = open_channel(card);
	other = open_channel(card);
	status(other, &st);
	next = le64toh(st.next_seq);
	pthread_create(&handler, NULL, stall_handler, &s);
	pthread_create(&reader, NULL, stall_reader, &s);

	/* A first notification wakes the faulting reader into its copy. */
	sf = open(sendfile, O_WRONLY);
	if (sf < 0)
		die(sendfile);
	len = snprintf(text, sizeof(text), "%d\n", count);
	if (write(sf, text, len) != len)
		die("send");
	close(sf);
	/* All 3N sent: the other reader has them all, the faulting one none. */
	p.fd = other;
	p.events = POLLIN;
	while (received + missed < 3ull * count && poll(&p, 1, 10000) > 0) {
		n = read(other, buf, sizeof(buf));
		if (n < 0)
			die("read");
		account(buf, n, &next, &received, &missed);
	}
	/* Read before the release: the faulting reader may return at once. */
	held = !s.read_done;
	printf("other reader: received=%llu missed=%llu of %d while the faulting reader %s\n",
	       received, missed, 3 * count,
	       held ? "was still in read()" : "had returned");
	if (write(s.release[1], "x", 1) != 1)
		die("release");
	if (!held || received != 3ull * count || missed)
		return 1;
	pthread_join(handler, NULL);
	pthread_join(reader, NULL);
	printf("faulting reader: read() returned %zd (%s)\n", s.read_ret,
	       s.read_ret < 0 ? strerror(errno) : "records");
	return s.read_ret > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int card;

	if (argc < 3) {
		fprintf(stderr, "usage: see the source\n");
		return 2;
	}
	card = atoi(argv[2]);
	if (!strcmp(argv[1], "find")) {
		char node[64];

		find_node(card, node, sizeof(node));
		printf("%s\n", node);
		return 0;
	}
	if (!strcmp(argv[1], "cmd") && argc >= 7)
		return cmd_one(card, argv + 3, argc - 3);
	if (!strcmp(argv[1], "read") && argc == 5)
		return cmd_read(card, atoi(argv[3]), atoi(argv[4]));
	if (!strcmp(argv[1], "soak") && argc == 5)
		return cmd_soak(card, argv[3], argv[4]);
	if (!strcmp(argv[1], "interleave") && argc == 4)
		return cmd_interleave(card, atoi(argv[3]));
	if (!strcmp(argv[1], "stall") && argc == 5)
		return cmd_stall(card, argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: see the source\n");
	return 2;
}
