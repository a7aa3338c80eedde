// SPDX-License-Identifier: GPL-2.0
/*
 * stress_failnth: run one driver operation with its Nth fault-injection
 * site failing, through the task's /proc/thread-self/fail-nth, and say what
 * happened. For the fault injection sweep (e2e-stress-fault.sh).
 *
 *   stress_failnth N load KO [PARAMS]   init_module() of the file KO
 *   stress_failnth N ctl CTLDEV NAME    ELEM_WRITE of a different valid
 *                                       value to the control NAME
 *   stress_failnth N cmd CTLDEV         a SET of "Generic Module P1" (a
 *                                       notify-on-change parameter) by the
 *                                       command ioctl of the card's channel
 *   stress_failnth N play PCMDEV        open, hw_params, prepare, 0.1 s of
 *   stress_failnth N rec PCMDEV         playback or capture, drain, close
 *
 * Only the operation itself runs armed: the file is read, the device opened
 * (ctl, cmd) and the old value read before fail-nth is written, and the
 * fail-nth file stays open so that reading it back allocates nothing. The
 * tool is a static binary and touches all its memory before arming, so page
 * faults do not reach the injection sites either.
 *
 * Output, one line: "N=<n> fired=<0|1> ret=<0 or errno name>".
 * Exit status:
 *   0  the operation failed cleanly (an errno) where the injection fired,
 *      or succeeded (fired or not; the caller then checks the driver)
 *   1  it failed without an injected failure, or failed but left the
 *      control's value changed (a failed write must change nothing), or a
 *      successful write did not store the value written
 *   2  usage or set-up error
 * "fired=0" with ret=0 means the operation has fewer than N sites: the
 * sweep is complete.
 *
 *   stress_failnth count OP ARGS...
 *
 * runs the operation with a count too large to run out and prints
 * "sites=<n> ret=<errno name>": how many sites it passed (exit 0).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sound/asound.h>

#include "uapi/audmod.h"
#include "hwdep_channel.h"

#define PCM_RATE	48000
#define PCM_CHANNELS	2
#define PCM_FRAMES	(PCM_RATE / 10)
#define PCM_PERIOD	1200
#define PCM_PERIODS	4

#define COUNT_ONLY	1000000000u

static int nth_fd = -1;
static unsigned int nth_left;
static short pcm_buf[PCM_FRAMES * PCM_CHANNELS];

static void arm(unsigned int n)
{
	char s[16];
	int len = snprintf(s, sizeof(s), "%u", n);

	if (pwrite(nth_fd, s, len, 0) != len) {
		perror("fail-nth write");
		exit(2);
	}
}

/* Disarm; true if the Nth site was reached (the count ran out). */
static int disarm(void)
{
	char s[16] = "";
	int left;

	if (pread(nth_fd, s, sizeof(s) - 1, 0) <= 0) {
		perror("fail-nth read");
		exit(2);
	}
	left = atoi(s);
	nth_left = left;
	if (pwrite(nth_fd, "0", 1, 0) != 1) {
		perror("fail-nth write");
		exit(2);
	}
	return left == 0;
}

static int report(unsigned int n, int fired, int err, int bad)
{
	if (n == COUNT_ONLY) {
		printf("sites=%u ret=%s\n", COUNT_ONLY - nth_left,
		       err ? strerror(err) : "0");
		return 0;
	}
	printf("N=%u fired=%d ret=%s\n", n, fired, err ? strerror(err) : "0");
	if (err && !fired) {
		printf("failed without an injected failure\n");
		return 1;
	}
	return bad;
}

static int op_load(const char *path, unsigned int n, const char *params)
{
	struct stat st;
	void *image;
	int fd, err = 0, fired;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(path);
		return 2;
	}
	image = malloc(st.st_size);
	if (!image || read(fd, image, st.st_size) != st.st_size) {
		perror(path);
		return 2;
	}
	close(fd);
	arm(n);
	if (syscall(SYS_init_module, image, (unsigned long)st.st_size, params))
		err = errno;
	fired = disarm();
	free(image);
	return report(n, fired, err, 0);
}

static int ctl_find(int fd, const char *name, struct snd_ctl_elem_info *info)
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

static int ctl_read(int fd, const struct snd_ctl_elem_info *info,
		    struct snd_ctl_elem_value *v)
{
	memset(v, 0, sizeof(*v));
	v->id = info->id;
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_READ, v) < 0) {
		fprintf(stderr, "read: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* The next valid value of a scalar control, so that every write changes. */
static int ctl_next(const struct snd_ctl_elem_info *info,
		    struct snd_ctl_elem_value *v)
{
	long *iv = v->value.integer.value;
	long long *lv = v->value.integer64.value;
	unsigned int *ev = v->value.enumerated.item;

	switch (info->type) {
	case SNDRV_CTL_ELEM_TYPE_BOOLEAN:
		iv[0] = !iv[0];
		return 0;
	case SNDRV_CTL_ELEM_TYPE_INTEGER:
		iv[0] = iv[0] == info->value.integer.min ?
			info->value.integer.min + 1 : info->value.integer.min;
		return 0;
	case SNDRV_CTL_ELEM_TYPE_INTEGER64:
		lv[0] = lv[0] == info->value.integer64.min ?
			info->value.integer64.min + 1 : info->value.integer64.min;
		return 0;
	case SNDRV_CTL_ELEM_TYPE_ENUMERATED:
		ev[0] = (ev[0] + 1) % info->value.enumerated.items;
		return 0;
	}
	fprintf(stderr, "control type %d is not scalar\n", info->type);
	return -1;
}

/*
 * Write @want (armed) and compare what reads back: a failed write must
 * leave @old, a successful one must store @want.
 */
static int ctl_write_checked(int fd, unsigned int n,
			     const struct snd_ctl_elem_info *info,
			     const struct snd_ctl_elem_value *old,
			     struct snd_ctl_elem_value *want, size_t bytes)
{
	struct snd_ctl_elem_value now;
	int err = 0, fired, bad = 0;

	arm(n);
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_WRITE, want) < 0)
		err = errno;
	fired = disarm();
	if (ctl_read(fd, info, &now))
		return 1;
	if (err && memcmp(&now.value, &old->value, bytes)) {
		printf("the failed write changed the value\n");
		bad = 1;
	}
	if (!err && memcmp(&now.value, &want->value, bytes)) {
		printf("the write succeeded but the value is not the one written\n");
		bad = 1;
	}
	return report(n, fired, err, bad);
}

static int op_ctl(const char *dev, const char *name, unsigned int n)
{
	struct snd_ctl_elem_value old, want;
	struct snd_ctl_elem_info info;
	int fd;

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		perror(dev);
		return 2;
	}
	if (ctl_find(fd, name, &info) || ctl_read(fd, &info, &old))
		return 2;
	want = old;
	if (ctl_next(&info, &want))
		return 2;
	return ctl_write_checked(fd, n, &info, &old, &want,
				 sizeof(old.value.integer.value[0]));
}

/*
 * SET of Generic Module P1 to the valid value it does not have (1 or 2)
 * by the command ioctl. P1 is read back: a failed command must not change
 * it, a successful one must have stored the value.
 */
static int op_cmd(const char *dev, unsigned int n)
{
	static const struct audmod_guid generic = AUDMOD_CLASS_GENERIC;
	struct snd_ctl_elem_value p1_old, p1_now;
	struct snd_ctl_elem_info p1;
	union audmod_command cmd;
	unsigned int item, value;
	int fd, hw, err, fired, bad = 0;

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		perror(dev);
		return 2;
	}
	hw = hwdep_open(fd);
	if (hw < 0) {
		perror("hwdep");
		return 2;
	}
	if (ctl_find(fd, "Generic Module P1", &p1) || ctl_read(fd, &p1, &p1_old))
		return 2;
	/* Items of P1: 0 = 1, 1 = 2, 2 = 5. */
	item = p1_old.value.enumerated.item[0];
	value = item == 0 ? 2 : 1;
	memset(&cmd, 0, sizeof(cmd));
	cmd.request.verb = AUDMOD_VERB_SET;
	cmd.request.parameter_id = AUDMOD_GENERIC_P1;
	cmd.request.class_id = generic;
	cmd.request.value_size = 4;
	cmd.request.value[0] = value;
	arm(n);
	err = ioctl(hw, AUDMOD_IOCTL_COMMAND, &cmd) < 0 ? errno : 0;
	fired = disarm();
	if (ctl_read(fd, &p1, &p1_now))
		return 1;
	item = p1_now.value.enumerated.item[0];
	if (err && item != p1_old.value.enumerated.item[0]) {
		printf("the failed command changed P1\n");
		bad = 1;
	}
	if (!err && item != (value == 2 ? 1u : 0u)) {
		printf("the command succeeded but P1 is item %u\n", item);
		bad = 1;
	}
	return report(n, fired, err, bad);
}

static void hw_any(struct snd_pcm_hw_params *p)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i <= SNDRV_PCM_HW_PARAM_LAST_MASK -
			 SNDRV_PCM_HW_PARAM_FIRST_MASK; i++)
		memset(&p->masks[i], 0xff, sizeof(p->masks[i]));
	for (i = 0; i <= SNDRV_PCM_HW_PARAM_LAST_INTERVAL -
			 SNDRV_PCM_HW_PARAM_FIRST_INTERVAL; i++)
		p->intervals[i].max = ~0u;
	p->rmask = ~0u;
}

static void hw_mask(struct snd_pcm_hw_params *p, int param, unsigned int bit)
{
	struct snd_mask *m = &p->masks[param - SNDRV_PCM_HW_PARAM_FIRST_MASK];

	memset(m, 0, sizeof(*m));
	m->bits[bit / 32] = 1u << (bit % 32);
}

static void hw_int(struct snd_pcm_hw_params *p, int param, unsigned int v)
{
	struct snd_interval *i =
		&p->intervals[param - SNDRV_PCM_HW_PARAM_FIRST_INTERVAL];

	memset(i, 0, sizeof(*i));
	i->min = v;
	i->max = v;
	i->integer = 1;
}

/* The armed part of a stream: from open to close. Returns an errno. */
static int pcm_run(const char *dev, int capture)
{
	struct snd_pcm_hw_params hw;
	struct snd_xferi x = {
		.buf = pcm_buf,
		.frames = PCM_FRAMES,
	};
	int fd, err = 0;

	fd = open(dev, O_RDWR);
	if (fd < 0)
		return errno;
	hw_any(&hw);
	hw_mask(&hw, SNDRV_PCM_HW_PARAM_ACCESS,
		SNDRV_PCM_ACCESS_RW_INTERLEAVED);
	hw_mask(&hw, SNDRV_PCM_HW_PARAM_FORMAT, SNDRV_PCM_FORMAT_S16_LE);
	hw_mask(&hw, SNDRV_PCM_HW_PARAM_SUBFORMAT, SNDRV_PCM_SUBFORMAT_STD);
	hw_int(&hw, SNDRV_PCM_HW_PARAM_CHANNELS, PCM_CHANNELS);
	hw_int(&hw, SNDRV_PCM_HW_PARAM_RATE, PCM_RATE);
	hw_int(&hw, SNDRV_PCM_HW_PARAM_PERIOD_SIZE, PCM_PERIOD);
	hw_int(&hw, SNDRV_PCM_HW_PARAM_PERIODS, PCM_PERIODS);
	if (ioctl(fd, SNDRV_PCM_IOCTL_HW_PARAMS, &hw) < 0 ||
	    ioctl(fd, SNDRV_PCM_IOCTL_PREPARE) < 0)
		goto fail;
	/* Writes and reads start the stream (start threshold 1). */
	if (capture) {
		if (ioctl(fd, SNDRV_PCM_IOCTL_READI_FRAMES, &x) < 0)
			goto fail;
		if (x.result != PCM_FRAMES) {
			err = EIO;
			goto out;
		}
		if (ioctl(fd, SNDRV_PCM_IOCTL_DROP) < 0)
			goto fail;
	} else {
		if (ioctl(fd, SNDRV_PCM_IOCTL_WRITEI_FRAMES, &x) < 0 ||
		    ioctl(fd, SNDRV_PCM_IOCTL_DRAIN) < 0)
			goto fail;
		if (x.result != PCM_FRAMES) {
			err = EIO;
			goto out;
		}
	}
	if (ioctl(fd, SNDRV_PCM_IOCTL_HW_FREE) < 0)
		goto fail;
	goto out;
fail:
	err = errno;
out:
	close(fd);
	return err;
}

static int op_pcm(const char *dev, unsigned int n, int capture)
{
	int err, fired;

	/* Touch the buffer now: no page fault while armed. */
	memset(pcm_buf, 0, sizeof(pcm_buf));
	arm(n);
	err = pcm_run(dev, capture);
	fired = disarm();
	return report(n, fired, err, 0);
}

int main(int argc, char **argv)
{
	const char *op = argc > 3 ? argv[2] : "";
	unsigned int n;

	if (argc < 4)
		goto usage;
	n = strcmp(argv[1], "count") ? strtoul(argv[1], NULL, 0) : COUNT_ONLY;
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0) {
		perror("/proc/thread-self/fail-nth");
		return 2;
	}
	if (!strcmp(op, "load"))
		return op_load(argv[3], n, argc > 4 ? argv[4] : "");
	if (!strcmp(op, "ctl") && argc == 5)
		return op_ctl(argv[3], argv[4], n);
	if (!strcmp(op, "cmd"))
		return op_cmd(argv[3], n);
	if (!strcmp(op, "play"))
		return op_pcm(argv[3], n, 0);
	if (!strcmp(op, "rec"))
		return op_pcm(argv[3], n, 1);
usage:
	fprintf(stderr, "usage: stress_failnth N|count OP ARGS, OP ARGS: load KO [PARAMS] |\n"
		"       ctl CTLDEV NAME | cmd CTLDEV | play PCMDEV | rec PCMDEV\n");
	return 2;
}
