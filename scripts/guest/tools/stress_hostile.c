// SPDX-License-Identifier: GPL-2.0
/*
 * stress_hostile: requests a hostile program would make of the audmod
 * card's controls and its command ioctl. Every one must be refused with the
 * errno below, and no control may change: all of them are read before the
 * first case and compared after each one (the card must be idle: no
 * stream, no other writer).
 *
 *   stress_hostile
 *
 * Expected errno, by who refuses:
 *  ALSA core (sound/core/control.c)
 *   TLV length below 8 (no room for the container), numid 0    EINVAL
 *   numid or name of no control                               ENOENT
 *   TLV read of a control without TLV; TLV write or command    ENXIO
 *   write to a read-only control, or to one locked by
 *   another open file                                          EPERM
 *   out-of-range scalar (SND_CTL_INPUT_VALIDATION, else the
 *   driver's put does the same)                                EINVAL
 *   the ioctl argument crosses into unmapped memory            EFAULT
 *  the driver (channel.c, audio_modules.c; <uapi/audmod.h> 5)
 *   SET with value_size below the parameter's size or over
 *   480 (claims more than the request carries), invalid
 *   value, unknown class/instance/parameter                    EINVAL
 *   SET of a read-only parameter, no verb bit                  EOPNOTSUPP
 *   GET or BASIC_SUPPORT output buffer too small               ENOSPC
 *
 * Prints "hostile_cases=N failures=M"; exits 1 on any failure.
 */
#include <poll.h>
#include <sys/mman.h>

#include "stress_ctl.h"

static struct card cd;
static struct snd_ctl_elem_value before[MAX_CTLS];
static unsigned char *page;	/* followed by a PROT_NONE page */
static long pagesz;
static unsigned int cases;

/* Every control's value now, into @snap. */
static void snapshot(struct snd_ctl_elem_value *snap)
{
	unsigned int i;
	int err;

	for (i = 0; i < cd.count; i++) {
		err = ctl_read(&cd, &cd.c[i], &snap[i]);
		if (err)
			fail("read %s: %s", cd.c[i].name, strerror(err));
	}
}

/* One case: its errno must be @want and nothing may have changed. */
static void outcome(const char *name, int err, int want)
{
	static struct snd_ctl_elem_value after[MAX_CTLS];
	unsigned int i;

	cases++;
	if (err != want)
		fail("%s: %s, expected %s", name, err ? strerror(err) : "success",
		     want ? strerror(want) : "success");
	snapshot(after);
	for (i = 0; i < cd.count; i++)
		if (memcmp(&before[i].value, &after[i].value,
			   sizeof(before[i].value)))
			fail("%s: %s changed", name, cd.c[i].name);
	printf("ok %s (%s)\n", name, err ? strerror(err) : "success");
}

static int tlv_ioctl(unsigned long req, unsigned int numid, unsigned int len)
{
	struct {
		struct snd_ctl_tlv t;
		unsigned int data[32];
	} b;

	memset(&b, 0, sizeof(b));
	b.t.numid = numid;
	b.t.length = len;
	return ioctl(cd.fd, req, &b) < 0 ? errno : 0;
}

/* A TLV read whose buffer ends @room bytes after the container start. */
static int tlv_read_at_guard(unsigned int room, unsigned int len)
{
	struct snd_ctl_tlv *t = (void *)(page + pagesz - sizeof(*t) - room);

	t->numid = cd.c[cd.notification].info.id.numid;
	t->length = len;
	return ioctl(cd.fd, SNDRV_CTL_IOCTL_TLV_READ, t) < 0 ? errno : 0;
}

static void tlv_cases(void)
{
	unsigned int note = cd.c[cd.notification].info.id.numid;
	unsigned int id = cd.c[cd.device_id].info.id.numid;
	struct snd_ctl_tlv *t;

	/* No control of the card has a TLV: the core refuses every one. */
	outcome("tlv-read-length-0", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, note, 0), EINVAL);
	outcome("tlv-read-length-4", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, note, 4), EINVAL);
	outcome("tlv-read-length-7-misaligned",
		tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, note, 7), EINVAL);
	outcome("tlv-read-length-8", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, note, 8), ENXIO);
	outcome("tlv-read-length-39", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, note, 39), ENXIO);
	outcome("tlv-read-numid-0", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, 0, 64), EINVAL);
	outcome("tlv-read-numid-unknown",
		tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, 0x7fffff00, 64), ENOENT);
	outcome("tlv-read-no-tlv", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_READ, id, 64), ENXIO);
	outcome("tlv-write", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_WRITE, note, 64), ENXIO);
	outcome("tlv-command", tlv_ioctl(SNDRV_CTL_IOCTL_TLV_COMMAND, note, 64), ENXIO);
	/* Claims 4 GB with a short buffer: refused before the buffer is used. */
	outcome("tlv-read-huge-length-short-buffer",
		tlv_read_at_guard(8 + 32 + 8, 0xfffffff0), ENXIO);
	/* The request header itself runs into the guard page. */
	t = (void *)(page + pagesz - 4);
	outcome("tlv-read-header-unmapped",
		ioctl(cd.fd, SNDRV_CTL_IOCTL_TLV_READ, t) < 0 ? errno : 0, EFAULT);
}

static void write_cases(void)
{
	struct snd_ctl_elem_value v, *g;
	char name[96];
	unsigned int i;
	int fd2, err;

	for (i = 0; i < cd.count; i++) {
		if (cd.c[i].info.access & SNDRV_CTL_ELEM_ACCESS_WRITE)
			continue;
		memset(&v, 0, sizeof(v));
		v.id.numid = cd.c[i].info.id.numid;
		memset(v.value.bytes.data, 0x5a, sizeof(v.value.bytes.data));
		snprintf(name, sizeof(name), "write-read-only '%s'", cd.c[i].name);
		outcome(name, ctl_write(&cd, &v), EPERM);
	}

	memset(&v, 0, sizeof(v));
	snprintf((char *)v.id.name, sizeof(v.id.name), "No Such Control");
	v.id.iface = SNDRV_CTL_ELEM_IFACE_MIXER;
	outcome("write-unknown-name", ctl_write(&cd, &v), ENOENT);
	v.id.numid = 0x7fffff00;
	outcome("write-unknown-numid", ctl_write(&cd, &v), ENOENT);

	/* The value struct crosses into the guard page. */
	g = (void *)(page + pagesz - sizeof(*g) / 2);
	outcome("write-value-unmapped",
		ioctl(cd.fd, SNDRV_CTL_IOCTL_ELEM_WRITE, g) < 0 ? errno : 0, EFAULT);
	outcome("read-value-unmapped",
		ioctl(cd.fd, SNDRV_CTL_IOCTL_ELEM_READ, g) < 0 ? errno : 0, EFAULT);

	/* Another open file holds the lock of a settable control. */
	i = card_find(&cd, "EQ Effect P3");
	fd2 = card_open();
	if (fd2 < 0 || i >= cd.count) {
		fail("no second control file or no EQ Effect P3");
		return;
	}
	memset(&v, 0, sizeof(v));
	v.id.numid = cd.c[i].info.id.numid;
	if (ioctl(fd2, SNDRV_CTL_IOCTL_ELEM_LOCK, &v.id) < 0)
		fail("ELEM_LOCK: %s", strerror(errno));
	v.value.integer.value[0] = 1 + before[i].value.integer.value[0] % 1000;
	err = ctl_write(&cd, &v);
	if (ioctl(fd2, SNDRV_CTL_IOCTL_ELEM_UNLOCK, &v.id) < 0)
		fail("ELEM_UNLOCK: %s", strerror(errno));
	close(fd2);
	outcome("write-locked-by-other", err, EPERM);
}

/* Out-of-range values of the scalar controls. */
static void range_cases(void)
{
	static const struct {
		const char *ctl;
		long long x;
	} bad[] = {
		{ "Generic Module P1", 3 },	/* item index past 3 items */
		{ "Generic Module P1", -1 },
		{ "EQ Effect P1", 0x7fffffff },
		{ "EQ Effect P3", 0xffffffffll },	/* all-0xFF */
		{ "EQ Effect P3", -1 },
		{ "EQ Effect P3", 256 },	/* one past its 256 stepped values */
		{ "Echo Cancel P1", 2 },
		{ "Level Meter Threshold", 0 },
		{ "Level Meter Threshold", AUDMOD_LEVEL_FULL_SCALE + 1 },
		{ "Level Meter Threshold", INT64_MIN },
		{ "Level Meter Switch", 2 },
		{ "Level Meter Switch", -1 },
	};
	struct snd_ctl_elem_value v;
	char name[96];
	unsigned int k;
	int i;

	for (k = 0; k < ARRAY_SIZE(bad); k++) {
		i = card_find(&cd, bad[k].ctl);
		if (i < 0) {
			fail("no control %s", bad[k].ctl);
			continue;
		}
		scalar_value(&cd.c[i], &v, bad[k].x);
		snprintf(name, sizeof(name), "write-out-of-range '%s' %lld",
			 bad[k].ctl, bad[k].x);
		outcome(name, ctl_write(&cd, &v), EINVAL);
	}
}

/* Commands: lying sizes, invalid values, unknown targets. */
static void command_cases(void)
{
	struct audmod_command_request rq;
	unsigned int k;

	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 481, 7);
	outcome("command-set-size-481", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 0xffffffff, 7);
	outcome("command-set-size-4g", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 0x80000004, 7);
	outcome("command-set-size-2g-plus-4", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 0, 7);
	outcome("command-set-size-0", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 3, 7);
	outcome("command-set-size-3-misaligned", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 3, AUDMOD_LEVEL_THRESHOLD, 2, 7);
	outcome("command-set-size-2-of-4", command(&cd, &rq), EINVAL);

	request(&rq, AUDMOD_VERB_SET, 0, AUDMOD_GENERIC_P1, 4, 3);
	outcome("command-set-not-in-valid-set", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 4, 0xffffffff);
	outcome("command-set-all-ff", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 2, AUDMOD_AEC_P1, 4, 0xffffffff);
	outcome("command-set-aec-all-ff", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 3, AUDMOD_LEVEL_THRESHOLD, 4, 0);
	outcome("command-set-threshold-0", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 3, AUDMOD_LEVEL_THRESHOLD, 4, 32769);
	outcome("command-set-threshold-32769", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 3, AUDMOD_LEVEL_SWITCH, 1, 2);
	outcome("command-set-switch-2", command(&cd, &rq), EINVAL);

	request(&rq, AUDMOD_VERB_SET, 0, AUDMOD_GENERIC_P2, 1, 1);
	outcome("command-set-read-only-generic-p2", command(&cd, &rq), EOPNOTSUPP);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P2, 8, 1);
	outcome("command-set-read-only-eq-p2", command(&cd, &rq), EOPNOTSUPP);
	request(&rq, AUDMOD_VERB_SET, 3, AUDMOD_LEVEL_PEAK, 4, 1);
	outcome("command-set-read-only-peak", command(&cd, &rq), EOPNOTSUPP);

	request(&rq, AUDMOD_VERB_GET, 1, AUDMOD_EQ_P2, 7, 0);
	outcome("command-get-7-of-8", command(&cd, &rq), ENOSPC);
	request(&rq, AUDMOD_VERB_GET, 0, AUDMOD_GENERIC_P1, 3, 0);
	outcome("command-get-3-of-4-misaligned", command(&cd, &rq), ENOSPC);
	request(&rq, AUDMOD_VERB_GET, 2, AUDMOD_AEC_P2, 1, 0);
	outcome("command-get-1-of-2", command(&cd, &rq), ENOSPC);
	request(&rq, AUDMOD_VERB_BASIC_SUPPORT, 3, AUDMOD_LEVEL_THRESHOLD, 3, 0);
	outcome("command-basic-support-3", command(&cd, &rq), ENOSPC);

	request(&rq, 0, 1, AUDMOD_EQ_P3, 4, 7);
	outcome("command-verb-0", command(&cd, &rq), EOPNOTSUPP);
	request(&rq, AUDMOD_VERB_REPLY, 1, AUDMOD_EQ_P3, 4, 7);
	outcome("command-verb-reply", command(&cd, &rq), EOPNOTSUPP);
	/* Bits, as sysvad tests them: GET wins over SET, nothing changes. */
	request(&rq, AUDMOD_VERB_GET | AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 4, 7);
	outcome("command-verb-get-and-set-is-get", command(&cd, &rq), 0);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 4, 7);
	rq.class_id.b[15] ^= 0x80;
	outcome("command-unknown-class", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 1, AUDMOD_EQ_P3, 4, 7);
	rq.instance_id = 1;
	outcome("command-unknown-instance", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_SET, 1, 3, 4, 7);
	outcome("command-unknown-parameter", command(&cd, &rq), EINVAL);
	request(&rq, AUDMOD_VERB_GET, 1, 0xffffffff, 4, 0);
	outcome("command-parameter-4g", command(&cd, &rq), EINVAL);
	memset(&rq, 0xff, sizeof(rq));
	outcome("command-all-ff", command(&cd, &rq), EINVAL);
	memset(&rq, 0, sizeof(rq));
	outcome("command-all-zero", command(&cd, &rq), EINVAL);
	for (k = 0; k < sizeof(rq); k++)
		((unsigned char *)&rq)[k] = k * 37 + 11;
	outcome("command-garbage", command(&cd, &rq), EINVAL);
}

/*
 * Make sure the notification control holds a notification, so that the
 * cases see a card that has notified: change a notify-on-change parameter
 * and wait for the event. Returns the control's previous value to restore.
 */
static long long ensure_notification(void)
{
	struct snd_ctl_elem_value v;
	const struct audmod_notification_record *r = (const void *)v.value.bytes.data;
	int i = card_find(&cd, "EQ Effect P3"), n;
	unsigned long long seq;
	long long old;

	if (i < 0 || ctl_read(&cd, &cd.c[i], &v))
		return -1;
	/* An ENUMERATED control of 256 steps: flip between items 1 and 2. */
	old = v.value.enumerated.item[0];
	if (ctl_read(&cd, &cd.c[cd.notification], &v))
		return -1;
	seq = r->seq;
	scalar_value(&cd.c[i], &v, old == 1 ? 2 : 1);
	if (ctl_write(&cd, &v))
		fail("setting EQ Effect P3: %s", strerror(errno));
	for (n = 0; n < 200; n++) {
		if (!ctl_read(&cd, &cd.c[cd.notification], &v) && r->seq > seq &&
		    r->size == sizeof(struct audmod_module_notification))
			return old;
		poll(NULL, 0, 50);
	}
	fail("no notification arrived");
	return old;
}

int main(void)
{
	struct snd_ctl_elem_value v;
	long long old;

	pagesz = sysconf(_SC_PAGESIZE);
	page = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || mprotect(page + pagesz, pagesz, PROT_NONE) ||
	    card_scan(&cd))
		return 2;
	old = ensure_notification();
	if (old < 0)
		return 2;
	/* Let deliveries settle: nothing may change from here on. */
	poll(NULL, 0, 500);
	snapshot(before);

	tlv_cases();
	write_cases();
	range_cases();
	command_cases();

	if (old >= 0) {
		scalar_value(&cd.c[card_find(&cd, "EQ Effect P3")], &v, old);
		if (ctl_write(&cd, &v))
			fail("restoring EQ Effect P3: %s", strerror(errno));
	}
	printf("hostile_cases=%u failures=%llu\n", cases, failures);
	return failures ? 1 : 0;
}
