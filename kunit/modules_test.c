// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the audio modules, their ALSA controls and the notification
 * channel: every control's info/get/put, the command ioctl (every verb x
 * every parameter x valid, invalid, size query, too small), the level meter,
 * the notification control after bursts, and the channel's readers (order,
 * exact missed counts, overwrites, sizes, status, detach). Each test builds
 * a host on a card of its own (snd_card_new() on a KUnit device, never
 * registered, so userspace never sees it) and calls the control callbacks
 * and the hwdep operations as the ALSA core would, with user memory mapped
 * for the test.
 *
 * The expected tables below are written from the sysvad tables and
 * <uapi/audmod.h>, not read from the driver's tables, so that a wrong
 * driver table fails.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/sched/signal.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <sound/core.h>
#include <sound/initval.h>

#include <linux/fs.h>
#include <sound/hwdep.h>

#include <audmod/notify.h>
#include <audmod/ntstatus.h>

#include "audio_modules.h"
#include "channel.h"
#include "compat.h"
#include "level_meter.h"
#include "module_controls.h"
#include "module_host.h"

MODULE_IMPORT_NS(AUDMOD_NS);
MODULE_IMPORT_NS(AUDMOD_KUNIT_NS);

enum exp_type { T_INT, T_INT64, T_ENUM, T_BOOL };

/* One parameter as the specification says it is. */
struct exp_param {
	unsigned int module, id;
	const char *name;
	u32 size, vt;
	bool settable;
	enum exp_type type;
	const u64 *set;
	unsigned int set_count;
	s64 min, max;		/* INTEGER bounds */
	u64 deflt;
	u64 good, bad;		/* a valid new value, an invalid one */
	bool range;		/* BASIC_SUPPORT lists a {min, max} range */
	u64 step;		/* the range is stepped */
};

static const u64 set_125[] = { 1, 2, 5 };
static const u64 set_012[] = { 0, 1, 2 };
static const u64 set_aec[] = { 1, 0xfffffffe };
static const u64 set_01[] = { 0, 1 };

static const struct exp_param exp_params[] = {
	{ AUDMOD_MOD_GENERIC, 0, "Generic Module P1", 4, 19, true, T_ENUM,
	  set_125, 3, 0, 0, 1, 5, 3 },
	{ AUDMOD_MOD_GENERIC, 1, "Generic Module P2", 1, 17, false, T_INT,
	  NULL, 0, 0, 0xfe, 0x10, 0, 0 },
	{ AUDMOD_MOD_EQ, 0, "EQ Effect P1", 1, 17, true, T_ENUM,
	  set_012, 3, 0, 0, 0, 2, 3 },
	{ AUDMOD_MOD_EQ, 1, "EQ Effect P2", 8, 21, false, T_INT64,
	  NULL, 0, 0, S64_MAX, 0x100000000ull, 0, 0, true },
	/* A stepped range: ENUMERATED, 256 items (alsactl restores them). */
	{ AUDMOD_MOD_EQ, 2, "EQ Effect P3", 4, 19, true, T_ENUM,
	  NULL, 256, 0, 0xff000000, 0, 0x03000000, 0x01020304, true, 0x01000000 },
	{ AUDMOD_MOD_AEC, 0, "Echo Cancel P1", 4, 19, true, T_ENUM,
	  set_aec, 2, 0, 0, 1, 0xfffffffe, 2 },
	{ AUDMOD_MOD_AEC, 1, "Echo Cancel P2", 2, 18, false, T_INT,
	  NULL, 0, 0, 0xfffe, 0x100, 0, 0 },
	{ AUDMOD_MOD_LEVEL, 0, "Level Meter Threshold", 4, 19, true, T_INT,
	  NULL, 0, 1, 32768, 32767, 1000, 0, true },
	{ AUDMOD_MOD_LEVEL, 1, "Level Meter Peak", 4, 19, false, T_INT,
	  NULL, 0, 0, 32768, 0, 0, 0, true },
	{ AUDMOD_MOD_LEVEL, 2, "Level Meter Switch", 1, 17, true, T_BOOL,
	  set_01, 2, 0, 1, 1, 0, 2 },
};

static void exp_param_desc(const struct exp_param *e, char *desc)
{
	strscpy(desc, e->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(exp_param, exp_params, exp_param_desc);

static const struct {
	const char *name;
	struct audmod_guid class_id;
	u32 major, minor;
	const char *ctl;
} exp_modules[AUDMOD_MODULE_COUNT] = {
	{ "Generic system module", AUDMOD_CLASS_GENERIC, 1, 0,
	  "Generic Module Descriptor" },
	{ "EQ effect", AUDMOD_CLASS_EQ, 2, 1, "EQ Effect Descriptor" },
	{ "Echo cancellation", AUDMOD_CLASS_AEC, 2, 0,
	  "Echo Cancel Descriptor" },
	{ "Level meter", AUDMOD_CLASS_LEVEL_METER, 1, 0,
	  "Level Meter Descriptor" },
};

/* User memory for the channel's reads and ioctls. */
#define FX_USER_BYTES	(2 * AUDMOD_CHANNEL_READ_MAX)
/* Channel files a test opens at most. */
#define FX_FILES	8

/* Item @i of an ENUMERATED parameter: from its set, or its stepped range. */
static u64 exp_item(const struct exp_param *e, unsigned int i)
{
	return e->set ? e->set[i] : e->min + i * e->step;
}

struct fx {
	struct snd_card *card;
	struct audmod_host *host;
	struct snd_ctl_elem_value *uc;
	struct snd_ctl_elem_info *ui;
	unsigned long user;
	struct file *file;
	union audmod_command *cmd;
	struct audmod_command_reply reply;	/* of the last command */
	struct file *files[FX_FILES];		/* opened, closed at exit */
	unsigned int nfiles;
};

static struct snd_hwdep *fx_hwdep(struct fx *fx)
{
	return fx->host->channel->hwdep;
}

/*
 * Close @file as __fput() would: the release of the file operations the
 * open left on it, then the reference on them.
 */
static void fx_close(struct file *file)
{
	if (!file->f_op)
		return;
	if (file->f_op->release)
		file->f_op->release(NULL, file);
	fops_put(file->f_op);
	file->f_op = NULL;
}

/*
 * Open the channel as the ALSA core would (the position starts after the
 * open), @flags the open flags: the file modes the VFS gives a character
 * device, the hwdep as the file's private data, then the hwdep open under
 * its open_mutex.
 */
static void fx_open_flags(struct kunit *test, struct file *file,
			  unsigned int flags)
{
	struct fx *fx = test->priv;
	unsigned int i;
	int ret;

	fx_close(file);
	memset(file, 0, sizeof(*file));
	file->f_flags = flags;
	file->f_mode = FMODE_READ | FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	file->private_data = fx_hwdep(fx);
	for (i = 0; i < fx->nfiles && fx->files[i] != file; i++)
		;
	if (i == fx->nfiles) {
		KUNIT_ASSERT_LT(test, fx->nfiles, FX_FILES);
		fx->files[fx->nfiles++] = file;
	}
	mutex_lock(&fx_hwdep(fx)->open_mutex);
	ret = fx_hwdep(fx)->ops.open(fx_hwdep(fx), file);
	mutex_unlock(&fx_hwdep(fx)->open_mutex);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

static void fx_open(struct kunit *test, struct file *file)
{
	fx_open_flags(test, file, O_RDONLY);
}

static int fx_init_depth(struct kunit *test, unsigned int depth)
{
	struct fx *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	struct device *dev;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, fx);
	test->priv = fx;
	fx->uc = kunit_kzalloc(test, sizeof(*fx->uc), GFP_KERNEL);
	fx->ui = kunit_kzalloc(test, sizeof(*fx->ui), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx->uc);
	KUNIT_ASSERT_NOT_NULL(test, fx->ui);
	dev = kunit_device_register(test, "audmod-modules-test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	ret = snd_card_new(dev, SNDRV_DEFAULT_IDX1, NULL, THIS_MODULE, 0,
			   &fx->card);
	KUNIT_ASSERT_EQ(test, ret, 0);
	fx->host = audmod_host_new(fx->card, NULL, depth);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fx->host));
	fx->user = kunit_vm_mmap(test, NULL, 0, FX_USER_BYTES,
				 PROT_READ | PROT_WRITE,
				 MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, fx->user, 0, "no user memory");
	fx->file = kunit_kzalloc(test, sizeof(*fx->file), GFP_KERNEL);
	fx->cmd = kunit_kzalloc(test, 2 * sizeof(*fx->cmd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx->file);
	KUNIT_ASSERT_NOT_NULL(test, fx->cmd);
	fx_open(test, fx->file);
	return 0;
}

static int fx_init(struct kunit *test)
{
	return fx_init_depth(test, 0);
}

static void fx_exit(struct kunit *test)
{
	struct fx *fx = test->priv;
	unsigned int i;

	if (!fx)
		return;
	for (i = 0; i < fx->nfiles; i++)
		fx_close(fx->files[i]);
	if (!IS_ERR_OR_NULL(fx->host))
		audmod_host_free(fx->host);
	if (fx->card)
		snd_card_free(fx->card);
}

static struct audmod_ctl *ctl(struct kunit *test, enum audmod_ctl_kind kind,
			      unsigned int module, unsigned int param)
{
	struct fx *fx = test->priv;
	struct audmod_ctl *c = audmod_controls_find(&fx->host->controls, kind,
						    module, param);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, c->kctl);
	return c;
}

static struct snd_ctl_elem_value *get(struct kunit *test, struct audmod_ctl *c)
{
	struct fx *fx = test->priv;

	memset(fx->uc, 0, sizeof(*fx->uc));
	KUNIT_ASSERT_EQ(test, c->kctl->get(c->kctl, fx->uc), 0);
	return fx->uc;
}

static struct snd_ctl_elem_info *info(struct kunit *test, struct audmod_ctl *c)
{
	struct fx *fx = test->priv;

	memset(fx->ui, 0, sizeof(*fx->ui));
	KUNIT_ASSERT_EQ(test, c->kctl->info(c->kctl, fx->ui), 0);
	return fx->ui;
}

/* The parameter's value as its control shows it. */
static u64 ctl_value(struct kunit *test, const struct exp_param *e)
{
	struct snd_ctl_elem_value *uc =
		get(test, ctl(test, AUDMOD_CTL_KIND_PARAM, e->module, e->id));

	switch (e->type) {
	case T_ENUM:
		KUNIT_ASSERT_LT(test, uc->value.enumerated.item[0], e->set_count);
		return exp_item(e, uc->value.enumerated.item[0]);
	case T_INT64:
		return uc->value.integer64.value[0];
	default:
		return uc->value.integer.value[0];
	}
}

/* Put a raw control value: an item index for ENUM, else the integer. */
static int put_raw(struct kunit *test, const struct exp_param *e, s64 raw)
{
	struct fx *fx = test->priv;
	struct audmod_ctl *c = ctl(test, AUDMOD_CTL_KIND_PARAM, e->module, e->id);

	memset(fx->uc, 0, sizeof(*fx->uc));
	if (e->type == T_ENUM)
		fx->uc->value.enumerated.item[0] = raw;
	else if (e->type == T_INT64)
		fx->uc->value.integer64.value[0] = raw;
	else
		fx->uc->value.integer.value[0] = raw;
	return c->kctl->put(c->kctl, fx->uc);
}

static s64 raw_of(const struct exp_param *e, u64 v)
{
	unsigned int i;

	if (e->type != T_ENUM)
		return v;
	for (i = 0; i < e->set_count; i++)
		if (exp_item(e, i) == v)
			return i;
	return -1;
}

/* Every control exists with its name, type, count and access. */
static void controls_info_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct snd_ctl_elem_info *ui;
	const struct exp_param *e;
	struct audmod_ctl *c;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, fx->host->controls.count,
			AUDMOD_MODULE_COUNT + ARRAY_SIZE(exp_params) + 3);
	for (i = 0; i < AUDMOD_MODULE_COUNT; i++) {
		c = ctl(test, AUDMOD_CTL_KIND_DESCRIPTOR, i, 0);
		KUNIT_EXPECT_STREQ(test, c->kctl->id.name, exp_modules[i].ctl);
		KUNIT_EXPECT_EQ(test, c->kctl->vd[0].access,
				SNDRV_CTL_ELEM_ACCESS_READ);
		ui = info(test, c);
		KUNIT_EXPECT_TRUE(test, ui->type == SNDRV_CTL_ELEM_TYPE_BYTES);
		KUNIT_EXPECT_EQ(test, ui->count, 156);
	}
	for (i = 0; i < ARRAY_SIZE(exp_params); i++) {
		e = &exp_params[i];
		c = ctl(test, AUDMOD_CTL_KIND_PARAM, e->module, e->id);
		KUNIT_EXPECT_STREQ(test, c->kctl->id.name, e->name);
		KUNIT_EXPECT_TRUE(test, c->kctl->id.iface == SNDRV_CTL_ELEM_IFACE_MIXER);
		KUNIT_EXPECT_EQ(test, c->kctl->vd[0].access,
				SNDRV_CTL_ELEM_ACCESS_READ |
				(e->settable ? SNDRV_CTL_ELEM_ACCESS_WRITE : 0));
		KUNIT_EXPECT_EQ(test, !!c->kctl->put, e->settable);
		ui = info(test, c);
		KUNIT_EXPECT_EQ(test, ui->count, 1);
		switch (e->type) {
		case T_ENUM:
			KUNIT_EXPECT_TRUE(test, ui->type == SNDRV_CTL_ELEM_TYPE_ENUMERATED);
			KUNIT_EXPECT_EQ(test, ui->value.enumerated.items,
					e->set_count);
			break;
		case T_BOOL:
			KUNIT_EXPECT_TRUE(test, ui->type == SNDRV_CTL_ELEM_TYPE_BOOLEAN);
			break;
		case T_INT64:
			KUNIT_EXPECT_TRUE(test, ui->type == SNDRV_CTL_ELEM_TYPE_INTEGER64);
			KUNIT_EXPECT_EQ(test, ui->value.integer64.min, e->min);
			KUNIT_EXPECT_EQ(test, ui->value.integer64.max, e->max);
			KUNIT_EXPECT_EQ(test, ui->value.integer64.step, e->step);
			/* Only where INTEGER cannot hold the range. */
			KUNIT_EXPECT_GT(test, e->max, (u64)S32_MAX);
			break;
		case T_INT:
			KUNIT_EXPECT_TRUE(test, ui->type == SNDRV_CTL_ELEM_TYPE_INTEGER);
			KUNIT_EXPECT_EQ(test, ui->value.integer.min, e->min);
			KUNIT_EXPECT_EQ(test, ui->value.integer.max, e->max);
			KUNIT_EXPECT_LE(test, e->max, (u64)S32_MAX);
			break;
		}
		/* A generic client walks every valid value: bounded. */
		if (e->settable && (e->type == T_INT || e->type == T_INT64))
			KUNIT_EXPECT_LE_MSG(test, (e->max - e->min) /
					    (e->step ? e->step : 1), 65536,
					    "%s", e->name);
		/* Every value the control starts with is inside its info. */
		KUNIT_EXPECT_EQ(test, ctl_value(test, e), e->deflt);
		/*
		 * Control names: "Switch" is for BOOLEAN on/off controls and
		 * "Volume" for gains; none of ours is a gain.
		 */
		KUNIT_EXPECT_EQ_MSG(test, !!strstr(e->name, " Switch"),
				    e->type == T_BOOL, "%s", e->name);
		KUNIT_EXPECT_NULL_MSG(test, strstr(e->name, " Volume"), "%s",
				      e->name);
	}
	/*
	 * No control has a TLV (whose length would have to be a multiple of
	 * 4): notifications go through the channel.
	 */
	for (i = 0; i < fx->host->controls.count; i++)
		KUNIT_EXPECT_EQ_MSG(test, fx->host->controls.ctls[i].kctl->vd[0].access &
				    (SNDRV_CTL_ELEM_ACCESS_TLV_READWRITE |
				     SNDRV_CTL_ELEM_ACCESS_TLV_COMMAND), 0,
				    "%s", fx->host->controls.ctls[i].name);

	c = ctl(test, AUDMOD_CTL_KIND_NOTIFICATION, 0, 0);
	KUNIT_EXPECT_STREQ(test, c->kctl->id.name, "Audio Module Notification");
	KUNIT_EXPECT_EQ(test, c->kctl->vd[0].access, SNDRV_CTL_ELEM_ACCESS_READ |
			SNDRV_CTL_ELEM_ACCESS_VOLATILE);
	KUNIT_EXPECT_EQ(test, info(test, c)->count, 512);
	c = ctl(test, AUDMOD_CTL_KIND_DEVICE_ID, 0, 0);
	KUNIT_EXPECT_STREQ(test, c->kctl->id.name,
			   "Audio Module Notification Device ID");
	KUNIT_EXPECT_EQ(test, info(test, c)->count, 16);
	c = ctl(test, AUDMOD_CTL_KIND_DROPPED, 0, 0);
	KUNIT_EXPECT_STREQ(test, c->kctl->id.name,
			   "Audio Module Notifications Dropped");
	ui = info(test, c);
	KUNIT_EXPECT_TRUE(test, ui->type == SNDRV_CTL_ELEM_TYPE_INTEGER64);
	KUNIT_EXPECT_EQ(test, ui->value.integer64.max, S64_MAX);
	KUNIT_EXPECT_EQ(test, get(test, c)->value.integer64.value[0], 0);
}

/* Descriptors and the device id read as the specification says. */
static void descriptors_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_module_descriptor d;
	u8 zero[16] = {};
	unsigned int i;

	for (i = 0; i < AUDMOD_MODULE_COUNT; i++) {
		memcpy(&d, get(test, ctl(test, AUDMOD_CTL_KIND_DESCRIPTOR, i, 0))->value.bytes.data,
		       sizeof(d));
		KUNIT_EXPECT_MEMEQ(test, d.class_id.b, exp_modules[i].class_id.b, 16);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d.instance_id), 0);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d.version_major),
				exp_modules[i].major);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d.version_minor),
				exp_modules[i].minor);
		KUNIT_EXPECT_STREQ(test, d.name, exp_modules[i].name);
		KUNIT_EXPECT_EQ(test, d.name[sizeof(d.name) - 1], 0);
	}
	get(test, ctl(test, AUDMOD_CTL_KIND_DEVICE_ID, 0, 0));
	KUNIT_EXPECT_MEMEQ(test, fx->uc->value.bytes.data, &fx->host->device_id, 16);
	KUNIT_EXPECT_MEMNEQ(test, fx->uc->value.bytes.data, zero, 16);
}

/* Each card gets its own device id. */
static void device_id_unique_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_host *other;

	other = audmod_host_new(fx->card, "Second", 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(other));
	KUNIT_EXPECT_FALSE(test, guid_equal(&other->device_id,
					    &fx->host->device_id));
	/* The prefix reaches every name. */
	KUNIT_EXPECT_STREQ(test, other->controls.ctls[0].kctl->id.name,
			   "Second Generic Module Descriptor");
	audmod_host_free(other);
}

/* put: 1 on change, 0 without, -EINVAL for what info refuses. */
static void param_put_test(struct kunit *test)
{
	const struct exp_param *e = test->param_value;
	struct audmod_ctl *c;
	unsigned int events;

	c = ctl(test, AUDMOD_CTL_KIND_PARAM, e->module, e->id);
	/* Read-only: no put at all (ALSA refuses the write with -EPERM). */
	if (!e->settable) {
		KUNIT_EXPECT_NULL(test, c->kctl->put);
		return;
	}
	events = atomic_read(&c->events);
	KUNIT_EXPECT_EQ_MSG(test, put_raw(test, e, raw_of(e, e->deflt)), 0,
			    "%s", e->name);
	KUNIT_EXPECT_EQ_MSG(test, put_raw(test, e, raw_of(e, e->good)), 1,
			    "%s", e->name);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e), e->good);
	KUNIT_EXPECT_EQ(test, put_raw(test, e, raw_of(e, e->good)), 0);
	/* Refused: out of the set or range, negative, too large. */
	if (e->type == T_ENUM) {
		KUNIT_EXPECT_EQ(test, put_raw(test, e, e->set_count), -EINVAL);
		KUNIT_EXPECT_EQ(test, put_raw(test, e, 1000), -EINVAL);
	} else {
		KUNIT_EXPECT_EQ(test, put_raw(test, e, e->bad), -EINVAL);
		KUNIT_EXPECT_EQ(test, put_raw(test, e, e->max + 1), -EINVAL);
		KUNIT_EXPECT_EQ(test, put_raw(test, e, e->min - 1), -EINVAL);
	}
	KUNIT_EXPECT_EQ(test, put_raw(test, e, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e), e->good);
	/* The core raises the event of a put; the driver adds none. */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->events), events);
	KUNIT_EXPECT_EQ(test, put_raw(test, e, raw_of(e, e->deflt)), 1);
}

/*
 * Run a raw request through the channel's command ioctl, from user memory.
 * A failure must leave the user buffer as it was (no reply behind).
 */
static int command_raw(struct kunit *test,
		       const struct audmod_command_request *req)
{
	struct fx *fx = test->priv;
	void __user *u = (void __user *)fx->user;
	struct snd_hwdep *hw = fx_hwdep(fx);
	int ret;

	memset(fx->cmd, 0, 2 * sizeof(*fx->cmd));
	fx->cmd[0].request = *req;
	KUNIT_ASSERT_EQ(test, copy_to_user(u, &fx->cmd[0], sizeof(fx->cmd[0])), 0);
	ret = hw->ops.ioctl(hw, fx->file, AUDMOD_IOCTL_COMMAND, fx->user);
	KUNIT_ASSERT_EQ(test, copy_from_user(&fx->cmd[1], u, sizeof(fx->cmd[1])), 0);
	if (ret)
		KUNIT_EXPECT_MEMEQ(test, &fx->cmd[1], &fx->cmd[0], sizeof(fx->cmd[0]));
	else
		fx->reply = fx->cmd[1].reply;
	return ret;
}

/* Build a command and run it. */
static int command(struct kunit *test, u32 verb, unsigned int module,
		   u32 param, u32 value_size, u64 value, u32 value_bytes)
{
	struct audmod_command_request req = {};
	u32 i;

	req.verb = cpu_to_le32(verb);
	req.parameter_id = cpu_to_le32(param);
	memcpy(req.class_id.b, exp_modules[module].class_id.b, 16);
	req.value_size = cpu_to_le32(value_size);
	for (i = 0; i < value_bytes; i++)
		req.value[i] = value >> (8 * i);
	return command_raw(test, &req);
}

/* The reply of the last command that succeeded. */
static struct audmod_command_reply *reply(struct kunit *test)
{
	struct fx *fx = test->priv;

	return &fx->reply;
}

/* Snapshot of the reply, to show that failures leave it alone. */
static void reply_copy(struct kunit *test, struct audmod_command_reply *r)
{
	memcpy(r, reply(test), sizeof(*r));
}

static u64 le_bytes(const u8 *p, u32 n)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < n; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

/* A failed command returns @err and changes neither reply nor value. */
static void expect_fail(struct kunit *test, const struct exp_param *e, int ret,
			int err, const struct audmod_command_reply *before)
{
	KUNIT_EXPECT_EQ_MSG(test, ret, err, "%s", e->name);
	KUNIT_EXPECT_MEMEQ(test, reply(test), before, sizeof(*before));
	KUNIT_EXPECT_EQ(test, ctl_value(test, e), e->deflt);
}

/* Every verb x every parameter x valid / invalid / size query / too small. */
static void command_table_test(struct kunit *test)
{
	struct audmod_command_reply *before;
	struct audmod_param_description d;
	struct audmod_param_members mh;
	const struct exp_param *e = test->param_value;
	u32 full, access;
	unsigned int k;
	int ret;

	before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	access = AUDMOD_VERB_GET | AUDMOD_VERB_BASIC_SUPPORT |
		 (e->settable ? AUDMOD_VERB_SET : 0);

	/* GET: size query, too small, exact, larger. */
	ret = command(test, AUDMOD_VERB_GET, e->module, e->id, 0, 0, 0);
	KUNIT_EXPECT_GE(test, ret, 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->verb), AUDMOD_VERB_REPLY);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->status),
			AUDMOD_STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), e->size);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->request_verb),
			AUDMOD_VERB_GET);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->parameter_id), e->id);
	reply_copy(test, before);
	if (e->size > 1) {
		ret = command(test, AUDMOD_VERB_GET, e->module, e->id,
			      e->size - 1, 0, 0);
		expect_fail(test, e, ret, -ENOSPC, before);
	}
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_GET, e->module,
				      e->id, e->size, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->status), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), e->size);
	KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value, e->size), e->deflt);
	/* A larger buffer: the same answer. */
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_GET, e->module,
				      e->id, 400, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), e->size);

	/* SET. */
	reply_copy(test, before);
	if (!e->settable) {
		ret = command(test, AUDMOD_VERB_SET, e->module, e->id,
			      e->size, e->deflt, e->size);
		expect_fail(test, e, ret, -EOPNOTSUPP, before);
		ret = command(test, AUDMOD_VERB_SET, e->module, e->id, 0, 0, 0);
		expect_fail(test, e, ret, -EOPNOTSUPP, before);
	} else {
		ret = command(test, AUDMOD_VERB_SET, e->module, e->id,
			      e->size, e->bad, e->size);
		expect_fail(test, e, ret, -EINVAL, before);
		ret = command(test, AUDMOD_VERB_SET, e->module, e->id,
			      e->size - 1, e->good, e->size);
		expect_fail(test, e, ret, -EINVAL, before);
		ret = command(test, AUDMOD_VERB_SET, e->module, e->id, 0,
			      e->good, e->size);
		expect_fail(test, e, ret, -EINVAL, before);
		ret = command(test, AUDMOD_VERB_SET, e->module, e->id,
			      AUDMOD_COMMAND_REQUEST_VALUE_MAX + 1,
			      e->good, e->size);
		expect_fail(test, e, ret, -EINVAL, before);
		/* Extra bytes after the value are ignored (sysvad). */
		KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_SET,
					      e->module, e->id, e->size + 4,
					      e->good, e->size), 0);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->status), 0);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), 0);
		KUNIT_EXPECT_EQ(test, ctl_value(test, e), e->good);
		KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_SET,
					      e->module, e->id, e->size,
					      e->deflt, e->size), 0);
		KUNIT_EXPECT_EQ(test, ctl_value(test, e), e->deflt);
	}

	/* BASIC_SUPPORT: size query, too small, access, description, all. */
	full = 24;
	if (e->set)
		full += 16 + e->set_count * e->size;
	else if (e->range)
		full += 16 + (e->step ? 4 : 2) * e->size;
	KUNIT_EXPECT_GE(test, command(test, AUDMOD_VERB_BASIC_SUPPORT,
				      e->module, e->id, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->status),
			AUDMOD_STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ_MSG(test, le32_to_cpu(reply(test)->size), full,
			    "%s", e->name);
	reply_copy(test, before);
	ret = command(test, AUDMOD_VERB_BASIC_SUPPORT, e->module, e->id,
		      3, 0, 0);
	expect_fail(test, e, ret, -ENOSPC, before);
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_BASIC_SUPPORT,
				      e->module, e->id, 4, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), 4);
	KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value, 4), access);
	KUNIT_EXPECT_GE(test, command(test, AUDMOD_VERB_BASIC_SUPPORT,
				      e->module, e->id, full, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->status), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), full);
	memcpy(&d, reply(test)->value, sizeof(d));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d.access_flags), access);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d.description_size), full);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d.vt_type), e->vt);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d.flags),
			e->settable ? AUDMOD_PARAM_FLAG_CHANGE_NOTIFICATION : 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d.members_list_count),
			full > 24 ? 1 : 0);
	if (full > 24) {
		memcpy(&mh, reply(test)->value + 24, sizeof(mh));
		if (e->set) {
			KUNIT_EXPECT_EQ(test, le32_to_cpu(mh.members_flags),
					AUDMOD_MEMBERS_VALUES);
			KUNIT_EXPECT_EQ(test, le32_to_cpu(mh.members_count),
					e->set_count);
			for (k = 0; k < e->set_count; k++)
				KUNIT_EXPECT_EQ(test,
						le_bytes(reply(test)->value + 40 +
							 k * e->size, e->size),
						e->set[k]);
		} else if (e->step) {
			/* KSPROPERTY_STEPPING_LONG: delta, 0, min, max. */
			KUNIT_EXPECT_EQ(test, le32_to_cpu(mh.members_flags),
					AUDMOD_MEMBERS_STEPPED_RANGES);
			KUNIT_EXPECT_EQ(test, le32_to_cpu(mh.members_size),
					4 * e->size);
			KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value + 40,
						       e->size), e->step);
			KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value + 44,
						       e->size), 0);
			KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value + 48,
						       e->size), e->min);
			KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value + 52,
						       e->size), e->max);
		} else {
			KUNIT_EXPECT_EQ(test, le32_to_cpu(mh.members_flags),
					AUDMOD_MEMBERS_RANGES);
			KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value + 40,
						       e->size), e->min);
			KUNIT_EXPECT_EQ(test, le_bytes(reply(test)->value + 40 +
						       e->size, e->size),
					e->max);
		}
		/* Between 24 and the full size: the description only. */
		KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_BASIC_SUPPORT,
					      e->module, e->id, full - 1, 0, 0), 0);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), 24);
	}
}

/*
 * Malformed commands: their errno, nothing written back. Verbs are bits, as
 * sysvad tests them: BASIC_SUPPORT, then GET, then SET; none of them is an
 * invalid device request.
 */
static void command_bad_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_command_request req = {};

	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_GET, AUDMOD_MOD_EQ, 3,
				      8, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, command(test, 0, AUDMOD_MOD_EQ, 0, 8, 0, 0),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_REPLY, AUDMOD_MOD_EQ, 0,
				      8, 0, 0), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, command(test, 0x100, AUDMOD_MOD_EQ, 0, 8, 0, 0),
			-EOPNOTSUPP);
	/* GET | SET is a GET: answers, changes nothing. */
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_GET | AUDMOD_VERB_SET,
				      AUDMOD_MOD_EQ, 0, 1, 2, 1), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), 1);
	KUNIT_EXPECT_EQ(test, reply(test)->value[0], 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->request_verb),
			AUDMOD_VERB_GET | AUDMOD_VERB_SET);
	KUNIT_EXPECT_EQ(test, ctl_value(test, &exp_params[2]), 0);
	/* BASIC_SUPPORT wins over GET. */
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_GET |
				      AUDMOD_VERB_BASIC_SUPPORT, AUDMOD_MOD_EQ,
				      0, 4, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(reply(test)->size), 4);
	/* Unknown class, then a known class with a wrong instance id. */
	req.verb = cpu_to_le32(AUDMOD_VERB_GET);
	req.value_size = cpu_to_le32(8);
	KUNIT_EXPECT_EQ(test, command_raw(test, &req), -EINVAL);
	memcpy(req.class_id.b, exp_modules[AUDMOD_MOD_EQ].class_id.b, 16);
	req.instance_id = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, command_raw(test, &req), -EINVAL);
	/* An unmapped argument: -EFAULT, and the channel goes on. */
	KUNIT_EXPECT_EQ(test, fx_hwdep(fx)->ops.ioctl(fx_hwdep(fx), fx->file,
						      AUDMOD_IOCTL_COMMAND, 16),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, fx_hwdep(fx)->ops.ioctl(fx_hwdep(fx), fx->file,
						      _IO('H', 0xaf), fx->user),
			-ENOTTY);
}

/* The latest notification as its control shows it. */
static struct audmod_notification_record *record(struct kunit *test)
{
	static struct audmod_notification_record r;

	memcpy(&r, get(test, ctl(test, AUDMOD_CTL_KIND_NOTIFICATION, 0, 0))->value.bytes.data,
	       sizeof(r));
	return &r;
}

static void expect_param_notification(struct kunit *test, unsigned int module,
				      u32 param)
{
	struct fx *fx = test->priv;
	struct audmod_notification_record *r = record(test);
	struct audmod_module_notification n;

	KUNIT_ASSERT_EQ(test, le32_to_cpu(r->size), sizeof(n));
	KUNIT_ASSERT_EQ(test, le32_to_cpu(r->captured), sizeof(n));
	memcpy(&n, r->data, sizeof(n));
	KUNIT_EXPECT_MEMEQ(test, n.header.device_id.b, &fx->host->device_id, 16);
	KUNIT_EXPECT_MEMEQ(test, n.header.class_id.b,
			   exp_modules[module].class_id.b, 16);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.header.instance_id), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.header.reserved), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.type), AUDMOD_NOTIFY_PARAMETER_CHANGED);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.parameter_id), param);
}

/*
 * A change of a notify-on-change parameter notifies; no change, nothing. The
 * change is announced by the parameter's event alone: the notification
 * control takes the record without an event of its own (one write, one
 * event).
 */
static void set_notifies_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_ctl *note = ctl(test, AUDMOD_CTL_KIND_NOTIFICATION, 0, 0);
	struct audmod_ctl *p3 = ctl(test, AUDMOD_CTL_KIND_PARAM, AUDMOD_MOD_EQ, 2);
	const struct exp_param *eq_p3 = &exp_params[4];
	const struct exp_param *gen_p1 = &exp_params[0];

	KUNIT_EXPECT_EQ(test, le64_to_cpu(record(test)->seq), 0);
	/* Through the parameter control. */
	KUNIT_ASSERT_EQ(test, put_raw(test, gen_p1, 2), 1);
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(record(test)->seq), 1);
	expect_param_notification(test, AUDMOD_MOD_GENERIC, 0);
	KUNIT_ASSERT_EQ(test, put_raw(test, gen_p1, 2), 0);
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 0);

	/* Through the command channel: the parameter's control gets an event. */
	KUNIT_ASSERT_EQ(test, command(test, AUDMOD_VERB_SET, AUDMOD_MOD_EQ, 2, 4,
				      0x03000000, 4), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p3->events), 1);
	KUNIT_EXPECT_EQ(test, ctl_value(test, eq_p3), 0x03000000);
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(record(test)->seq), 2);
	expect_param_notification(test, AUDMOD_MOD_EQ, 2);
	/* The same value again: no event, no notification. */
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_SET, AUDMOD_MOD_EQ, 2, 4,
				      0x03000000, 4), 0);
	/* A refused value (off the step): none either. */
	KUNIT_EXPECT_EQ(test, command(test, AUDMOD_VERB_SET, AUDMOD_MOD_EQ, 2, 4,
				      0x03000001, 4), -EINVAL);
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_EXPECT_EQ(test, atomic_read(&p3->events), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(record(test)->seq), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&fx->host->modules.notify_errors), 0);
}

/* The level meter's threshold logic, period by period. */
static void level_track_test(struct kunit *test)
{
	static const struct {
		u32 level;
		bool crossed, peak_changed;
		u32 peak;
	} steps[] = {
		{ 100, false, true, 100 },
		{ 999, false, true, 999 },
		{ 1000, true, true, 1000 },	/* reaches the threshold */
		{ 2000, false, true, 2000 },	/* still above: no repeat */
		{ 1500, false, false, 2000 },
		{ 999, false, false, 2000 },	/* below: re-armed */
		{ 1000, true, false, 2000 },
		{ 0, false, false, 2000 },
		{ 32768, true, true, 32768 },
	};
	struct audmod_level_state st;
	bool changed;
	unsigned int i;

	audmod_level_reset(&st);
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		KUNIT_EXPECT_EQ_MSG(test, audmod_level_track(&st, 0, steps[i].level,
							     1000, &changed),
				    steps[i].crossed, "step %u", i);
		KUNIT_EXPECT_EQ_MSG(test, changed, steps[i].peak_changed,
				    "step %u", i);
		KUNIT_EXPECT_EQ(test, st.peak_hold, steps[i].peak);
	}
	audmod_level_reset(&st);
	KUNIT_EXPECT_EQ(test, st.peak_hold, 0);
	KUNIT_EXPECT_TRUE(test, audmod_level_track(&st, 0, 1000, 1000, &changed));
}

/*
 * Each direction crosses on its own: loud playback beside a quiet capture
 * is one crossing, not one per capture period; the peak is shared.
 */
static void level_track_directions_test(struct kunit *test)
{
	struct audmod_level_state st;
	bool changed;
	unsigned int i, crossings = 0;

	audmod_level_reset(&st);
	for (i = 0; i < 10; i++) {
		crossings += audmod_level_track(&st, SNDRV_PCM_STREAM_PLAYBACK,
						30000, 1000, &changed);
		crossings += audmod_level_track(&st, SNDRV_PCM_STREAM_CAPTURE,
						100, 1000, &changed);
	}
	KUNIT_EXPECT_EQ(test, crossings, 1);
	KUNIT_EXPECT_EQ(test, st.peak_hold, 30000);
	/* The capture side crosses once when it gets loud too. */
	KUNIT_EXPECT_TRUE(test, audmod_level_track(&st, SNDRV_PCM_STREAM_CAPTURE,
						   2000, 1000, &changed));
	KUNIT_EXPECT_FALSE(test, changed);
	KUNIT_EXPECT_FALSE(test, audmod_level_track(&st, SNDRV_PCM_STREAM_PLAYBACK,
						    30000, 1000, &changed));
}

static void level_block_peak_test(struct kunit *test)
{
	static const u8 s16[] = { 0x10, 0x00, 0xf0, 0xff, 0x00, 0x80, 0x7f };
	static const u8 s16b[] = { 0xff, 0x7f, 0x01, 0x80 };
	static const u8 s32[] = { 0x00, 0x00, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x80,
				  0xff, 0xff, 0xff, 0xff };

	/* 16, -16, -32768 and a lone byte that is not a sample. */
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s16, 4, 16), 16);
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s16, sizeof(s16), 16), 32768);
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s16b, 4, 16), 32767);
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s32, 4, 32), 32767);
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s32, 8, 32), 32768);
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s32 + 8, 4, 32), 0);
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s32, 3, 32), 0);
	KUNIT_EXPECT_EQ(test, audmod_level_block_peak(s16, 4, 24), 0);
}

/* Feed one period of constant samples, from atomic context as the PCM does. */
static void feed_dir(struct audmod_host *host, unsigned int dir, s16 sample,
		     unsigned int frames)
{
	static DEFINE_SPINLOCK(atomic_ctx);
	static __le16 buf[256];
	unsigned int i;

	for (i = 0; i < frames && i < ARRAY_SIZE(buf); i++)
		buf[i] = cpu_to_le16(sample);
	spin_lock_bh(&atomic_ctx);
	audmod_modules_feed(&host->modules, dir, buf, i * 2, 16);
	spin_unlock_bh(&atomic_ctx);
}

static void feed(struct audmod_host *host, s16 sample, unsigned int frames)
{
	feed_dir(host, SNDRV_PCM_STREAM_PLAYBACK, sample, frames);
}

static bool always_watched(void *ctx)
{
	return true;
}

/*
 * Nobody reads the meter: after idle_periods unread periods it pauses and
 * its Peak goes to 0 (with the control's event); the periods it skips are
 * not measured. The read that finds it paused gets 0, not a value from
 * before the pause, and resumes it: the next period's level is what the
 * reader gets then. A watcher (a control-event subscriber, a channel
 * reader) keeps it measuring without reads.
 */
static void level_meter_pause_test(struct kunit *test)
{
	static const struct audmod_modules_ops watched_ops = {
		.watched = always_watched,
	};
	struct fx *fx = test->priv;
	struct audmod_modules *m = &fx->host->modules;
	struct audmod_ctl *peak = ctl(test, AUDMOD_CTL_KIND_PARAM, AUDMOD_MOD_LEVEL, 1);
	const struct audmod_modules_ops *host_ops = m->ops;
	const struct exp_param *e_peak = &exp_params[8];
	const struct exp_param *e_th = &exp_params[7];
	u64 *peak_value = &m->values[AUDMOD_MOD_LEVEL][AUDMOD_LEVEL_PEAK];
	unsigned int i;

	m->idle_periods = 4;
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 0);
	feed(fx->host, 20000, 64);
	for (i = 0; i < 3; i++)
		feed(fx->host, 1000, 64);
	/* Four periods unread: still measuring, the peak held. */
	KUNIT_EXPECT_FALSE(test, m->paused[AUDMOD_MOD_LEVEL]);
	KUNIT_EXPECT_EQ(test, *peak_value, 20000);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 1);

	/* The fifth pauses it: not measured, Peak back to 0 with an event. */
	feed(fx->host, 30000, 64);
	KUNIT_EXPECT_TRUE(test, m->paused[AUDMOD_MOD_LEVEL]);
	KUNIT_EXPECT_EQ(test, *peak_value, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 2);
	feed(fx->host, 32767, 64);
	KUNIT_EXPECT_EQ(test, *peak_value, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 2);

	/* A reader starts: nothing measured since the pause, then the truth. */
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 0);
	KUNIT_EXPECT_FALSE(test, m->paused[AUDMOD_MOD_LEVEL]);
	feed(fx->host, 5000, 64);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 5000);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 3);

	/* A write of a parameter is a reader too. */
	for (i = 0; i < 4; i++)
		feed(fx->host, 1000, 64);
	KUNIT_ASSERT_EQ(test, put_raw(test, e_th, 30000), 1);
	feed(fx->host, 6000, 64);
	KUNIT_EXPECT_FALSE(test, m->paused[AUDMOD_MOD_LEVEL]);
	KUNIT_EXPECT_EQ(test, *peak_value, 6000);

	/* Watched, unread: it keeps measuring. */
	m->ops = &watched_ops;
	for (i = 0; i < 12; i++)
		feed(fx->host, 1000, 64);
	feed(fx->host, 7000, 64);
	m->ops = host_ops;
	KUNIT_EXPECT_FALSE(test, m->paused[AUDMOD_MOD_LEVEL]);
	KUNIT_EXPECT_EQ(test, *peak_value, 7000);

	/* Never pauses with idle_periods 0. */
	m->idle_periods = 0;
	for (i = 0; i < 12; i++)
		feed(fx->host, 1000, 64);
	feed(fx->host, 8000, 64);
	KUNIT_EXPECT_FALSE(test, m->paused[AUDMOD_MOD_LEVEL]);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 8000);
}

static void level_meter_notify_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_ctl *note = ctl(test, AUDMOD_CTL_KIND_NOTIFICATION, 0, 0);
	struct audmod_ctl *peak = ctl(test, AUDMOD_CTL_KIND_PARAM, AUDMOD_MOD_LEVEL, 1);
	const struct exp_param *e_peak = &exp_params[8];
	const struct exp_param *e_sw = &exp_params[9];
	struct audmod_level_notification n;
	struct audmod_notification_record *r;

	feed(fx->host, 1000, 64);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 1000);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 1);
	feed(fx->host, -32768, 64);	/* full scale: over the default 32767 */
	feed(fx->host, 32767, 64);	/* still over: no second notification */
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 32768);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 1);
	r = record(test);
	KUNIT_ASSERT_EQ(test, le32_to_cpu(r->size), sizeof(n));
	memcpy(&n, r->data, sizeof(n));
	KUNIT_EXPECT_MEMEQ(test, n.base.header.class_id.b,
			   exp_modules[AUDMOD_MOD_LEVEL].class_id.b, 16);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.base.type),
			AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.base.parameter_id), AUDMOD_LEVEL_PEAK);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.level), 32768);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.threshold), 32767);

	/* Below, then over again: a second notification. */
	feed(fx->host, 0, 64);
	feed(fx->host, 32767, 64);
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((struct audmod_level_notification *)
					   record(test)->data)->level), 32767);

	/*
	 * Off: ignored. On: re-armed, but the switch's write changes no other
	 * control; the next period sets the new peak, with its event.
	 */
	KUNIT_ASSERT_EQ(test, put_raw(test, e_sw, 0), 1);
	feed(fx->host, 32767, 64);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 32768);
	KUNIT_ASSERT_EQ(test, put_raw(test, e_sw, 1), 1);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 32768);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 2);
	feed(fx->host, 1000, 64);
	KUNIT_EXPECT_EQ(test, ctl_value(test, e_peak), 1000);
	KUNIT_EXPECT_EQ(test, atomic_read(&peak->events), 3);
	audmod_notifier_flush(fx->host->notifier);
	/*
	 * Two switch notifications (announced by the switch's own event, not
	 * the notification control's), no meter one while off.
	 */
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&fx->host->modules.notify_errors), 0);
}

/* Deliver one notification of @size bytes, each byte @fill, to the channel. */
static void chan_deliver(struct kunit *test, u64 seq, u32 size, u8 fill)
{
	struct fx *fx = test->priv;
	struct audmod_notification n = {};
	u8 *payload = kunit_kmalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, payload);
	memset(payload, fill, size);
	n.seq = seq;
	n.timestamp_ns = 1000 + seq;
	n.size = size;
	n.data = payload;
	audmod_channel_deliver(fx->host->channel, &n);
	kunit_kfree(test, payload);
}

/* read() of @count bytes into user memory for @file; the bytes in @out. */
static long chan_read(struct kunit *test, struct file *file, long count,
		      void *out)
{
	struct fx *fx = test->priv;
	struct snd_hwdep *hw = fx_hwdep(fx);
	loff_t pos = file->f_pos;
	long ret;

	ret = hw->ops.read(hw, (char __user *)fx->user, count, &pos);
	file->f_pos = pos;
	if (ret > 0 && out)
		KUNIT_ASSERT_EQ(test, copy_from_user(out, (void __user *)fx->user,
						     ret), 0);
	return ret;
}

/* The poll mask of @file, as bits to compare. */
static unsigned int chan_poll(struct kunit *test, struct file *file)
{
	struct snd_hwdep *hw = fx_hwdep(test->priv);

	return (__force unsigned int)hw->ops.poll(hw, file, NULL);
}

#define POLL_BITS(m)	((__force unsigned int)(m))

static void chan_status(struct kunit *test, struct file *file,
			struct audmod_channel_status *st)
{
	struct fx *fx = test->priv;
	struct snd_hwdep *hw = fx_hwdep(fx);

	KUNIT_ASSERT_EQ(test, hw->ops.ioctl(hw, file, AUDMOD_IOCTL_CHANNEL_STATUS,
					    fx->user), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(st, (void __user *)fx->user,
					     sizeof(*st)), 0);
}

/* Check the records in @buf; add them up. */
static void chan_account(struct kunit *test, const u8 *buf, long n, u64 *next,
			 u64 *received, u64 *missed)
{
	const struct audmod_channel_record *r;
	long off = 0;

	while (off < n) {
		r = (const void *)(buf + off);
		KUNIT_ASSERT_EQ(test, le16_to_cpu(r->type), AUDMOD_RECORD_NOTIFICATION);
		KUNIT_ASSERT_EQ(test, le32_to_cpu(r->length) % 8, 0);
		KUNIT_ASSERT_EQ(test, le32_to_cpu(r->length),
				ALIGN(32 + le16_to_cpu(r->size), 8));
		KUNIT_ASSERT_GE(test, le64_to_cpu(r->seq), *next);
		KUNIT_ASSERT_EQ(test, le64_to_cpu(r->missed),
				le64_to_cpu(r->seq) - *next);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(r->timestamp_ns),
				1000 + le64_to_cpu(r->seq));
		/* The payload, byte for byte; the padding zero. */
		KUNIT_EXPECT_EQ(test, r->data[0], (u8)le64_to_cpu(r->seq));
		KUNIT_EXPECT_EQ(test, r->data[le16_to_cpu(r->size) - 1],
				(u8)le64_to_cpu(r->seq));
		if (le32_to_cpu(r->length) > 32 + le16_to_cpu(r->size))
			KUNIT_EXPECT_EQ(test, r->data[le16_to_cpu(r->size)], 0);
		*missed += le64_to_cpu(r->missed);
		*received += 1;
		*next = le64_to_cpu(r->seq) + 1;
		off += le32_to_cpu(r->length);
	}
	KUNIT_EXPECT_EQ(test, off, n);
}

/* Deliveries straight to the controls: latest wins, lost exact, events. */
static void deliver_burst_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_ctl *note = ctl(test, AUDMOD_CTL_KIND_NOTIFICATION, 0, 0);
	struct audmod_ctl *lost = ctl(test, AUDMOD_CTL_KIND_DROPPED, 0, 0);
	struct audmod_notification n = {};
	u8 payload[48];
	unsigned int i;

	/* The notifier is idle: only these deliveries reach the controls. */
	for (i = 1; i <= 20; i++) {
		memset(payload, i, sizeof(payload));
		n.seq = i * 3;
		n.timestamp_ns = 1000 + i;
		n.lost = (i / 5) * 2;		/* changes at 5, 10, 15, 20 */
		n.size = sizeof(payload);
		n.data = payload;
		audmod_controls_deliver(&fx->host->controls, &n);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 20);
	KUNIT_EXPECT_EQ(test, atomic_read(&lost->events), 4);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(record(test)->seq), 60);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(record(test)->timestamp_ns), 1020);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(record(test)->dropped), 8);
	KUNIT_EXPECT_EQ(test, record(test)->data[47], 20);
	KUNIT_EXPECT_EQ(test, record(test)->data[48], 0);
	KUNIT_EXPECT_EQ(test, get(test, lost)->value.integer64.value[0], 8);
}

/* A real burst through a 4-deep queue from atomic context. */
/*
 * Send @count EQ notifications (type 7, parameter ids 0 to @count - 1)
 * back to back from the caller's context, NonPagedPoolNx as an atomic
 * sender would.
 */
static void fx_send_eq_burst(struct fx *fx, unsigned int count)
{
	struct audmod_module_notification n;
	unsigned int i;

	for (i = 0; i < count; i++) {
		audmod_modules_fill_header(&fx->host->modules, AUDMOD_MOD_EQ,
					   &n.header);
		n.type = cpu_to_le32(7);
		n.parameter_id = cpu_to_le32(i);
		audmod_modules_notify(&fx->host->modules, AUDMOD_MOD_EQ,
				      AUDMOD_NON_PAGED_POOL_NX, &n, sizeof(n));
	}
}

static void notifier_burst_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_notifier_stats st;
	struct audmod_module_notification n;
	u8 *buf = kunit_kzalloc(test, 8192, GFP_KERNEL);
	u64 next = 1, received = 0, missed = 0;
	const struct audmod_channel_record *rec;
	struct audmod_notification_record *r;
	struct snd_ctl_elem_value *uc;
	long nread, off;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	audmod_host_free(fx->host);
	fx->host = audmod_host_new(fx->card, NULL, 4);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fx->host));
	fx_open(test, fx->file);
	local_bh_disable();
	fx_send_eq_burst(fx, 50);
	local_bh_enable();
	audmod_notifier_flush(fx->host->notifier);
	audmod_notifier_get_stats(fx->host->notifier, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 50);
	KUNIT_EXPECT_EQ(test, st.sent, st.atomic_delivered + st.atomic_dropped);
	r = record(test);
	/* The newest is never the one dropped: it is what the control holds. */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->seq), 50);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->dropped), st.atomic_dropped);
	memcpy(&n, r->data, sizeof(n));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n.parameter_id), 49);
	uc = get(test, ctl(test, AUDMOD_CTL_KIND_DROPPED, 0, 0));
	KUNIT_EXPECT_EQ(test, uc->value.integer64.value[0], st.atomic_dropped);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctl(test, AUDMOD_CTL_KIND_NOTIFICATION,
					       0, 0)->events), st.atomic_delivered);
	KUNIT_EXPECT_EQ(test, atomic_read(&fx->host->modules.notify_errors), 0);
	/* A channel reader: what was delivered, the rest counted as missed. */
	nread = chan_read(test, fx->file, 8192, buf);
	KUNIT_ASSERT_GT(test, nread, 0);
	for (off = 0; off < nread; off += le32_to_cpu(rec->length)) {
		rec = (const void *)(buf + off);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(rec->missed),
				le64_to_cpu(rec->seq) - next);
		missed += le64_to_cpu(rec->missed);
		received++;
		next = le64_to_cpu(rec->seq) + 1;
	}
	KUNIT_EXPECT_EQ(test, received, st.atomic_delivered);
	KUNIT_EXPECT_EQ(test, received + missed, 50);
}

/* Alternating loud playback and quiet capture periods: one crossing. */
static void level_meter_directions_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_ctl *note = ctl(test, AUDMOD_CTL_KIND_NOTIFICATION, 0, 0);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, put_raw(test, &exp_params[7], 1000), 1);
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_ASSERT_EQ(test, atomic_read(&note->events), 0);
	for (i = 0; i < 20; i++) {
		feed_dir(fx->host, SNDRV_PCM_STREAM_PLAYBACK, 30000, 64);
		feed_dir(fx->host, SNDRV_PCM_STREAM_CAPTURE, 100, 64);
	}
	audmod_notifier_flush(fx->host->notifier);
	KUNIT_EXPECT_EQ(test, atomic_read(&note->events), 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((struct audmod_level_notification *)
					   record(test)->data)->level), 30000);
}

/* In order, whole records, as many as fit; a buffer too small: -EINVAL. */
static void channel_read_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_channel_status st;
	u64 next = 1, received = 0, missed = 0;
	u8 *buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, fx->file->f_pos, 1);
	for (i = 1; i <= 5; i++)
		chan_deliver(test, i, 40 + i, i);	/* 41..45: padded */
	/* One record of 32 + 41 -> 80 bytes; 79 is too small. */
	KUNIT_EXPECT_EQ(test, chan_read(test, fx->file, 79, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, fx->file->f_pos, 1);
	/* 80 + 80: two records, not a partial third. */
	KUNIT_EXPECT_EQ(test, chan_read(test, fx->file, 200, buf), 160);
	chan_account(test, buf, 160, &next, &received, &missed);
	chan_status(test, fx->file, &st);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(st.next_seq), 3);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(st.queued), 3);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(st.oldest_seq), 1);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(st.newest_seq), 5);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(st.capacity_records),
			AUDMOD_CHANNEL_RECORDS);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(st.version), AUDMOD_CHANNEL_VERSION);
	KUNIT_EXPECT_EQ(test, chan_read(test, fx->file, 4096, buf), 3 * 80);
	chan_account(test, buf, 3 * 80, &next, &received, &missed);
	KUNIT_EXPECT_EQ(test, received, 5);
	KUNIT_EXPECT_EQ(test, missed, 0);
	chan_status(test, fx->file, &st);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(st.queued), 0);
	/* Nothing to read: poll says so. */
	KUNIT_EXPECT_EQ(test, chan_poll(test, fx->file), 0);
	chan_deliver(test, 6, 48, 6);
	KUNIT_EXPECT_EQ(test, chan_poll(test, fx->file),
			POLL_BITS(EPOLLIN | EPOLLRDNORM));
}

/*
 * Two readers: one keeps up, one reads late after the channel wrapped
 * (records and bytes): each gets exact missed counts, in its own file;
 * gaps in the sequence (drops before the channel) count as missed too.
 */
static void channel_two_readers_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct file *slow = kunit_kzalloc(test, sizeof(*slow), GFP_KERNEL);
	const unsigned int total = AUDMOD_CHANNEL_RECORDS + 300;
	u64 fnext = 1, frecv = 0, fmiss = 0, snext = 1, srecv = 0, smiss = 0;
	u8 *buf = kunit_kzalloc(test, FX_USER_BYTES, GFP_KERNEL);
	unsigned int i, seq = 0;
	long n;

	KUNIT_ASSERT_NOT_NULL(test, slow);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fx_open(test, slow);
	for (i = 0; i < total; i++) {
		/* Every 100th sequence number never reaches the channel. */
		seq += i % 100 == 99 ? 2 : 1;
		chan_deliver(test, seq, 48, seq);
		n = chan_read(test, fx->file, FX_USER_BYTES, buf);
		KUNIT_ASSERT_GT(test, n, 0);
		chan_account(test, buf, n, &fnext, &frecv, &fmiss);
	}
	KUNIT_EXPECT_EQ(test, frecv, total);
	KUNIT_EXPECT_EQ(test, fmiss, seq - total);
	/* The slow one: the oldest were overwritten. */
	while ((n = chan_read(test, slow, 4096, buf)) > 0) {
		chan_account(test, buf, n, &snext, &srecv, &smiss);
		if (!chan_poll(test, slow))
			break;
	}
	KUNIT_EXPECT_EQ(test, srecv, AUDMOD_CHANNEL_RECORDS);
	KUNIT_EXPECT_EQ(test, srecv + smiss, seq);

	/* Large payloads: the bytes, not the slots, limit the channel. */
	for (i = 0; i < 5; i++) {
		seq++;
		chan_deliver(test, seq, AUDMOD_NOTIFICATION_MAX_BYTES, seq);
	}
	srecv = 0;
	smiss = 0;
	while (chan_poll(test, slow)) {
		n = chan_read(test, slow, FX_USER_BYTES, buf);
		KUNIT_ASSERT_GT(test, n, 0);
		chan_account(test, buf, n, &snext, &srecv, &smiss);
	}
	/* 65535 -> 65536 + 32 each in 256 KiB: the last three stay. */
	KUNIT_EXPECT_EQ(test, srecv, 3);
	KUNIT_EXPECT_EQ(test, srecv + smiss, 5);
	KUNIT_EXPECT_EQ(test, snext, seq + 1);
}

/* After the owner detaches: no command, readers get -ENODEV. */
static void channel_detach_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct snd_hwdep *hw = fx_hwdep(fx);
	struct audmod_channel *ch = fx->host->channel;
	struct audmod_command_request req = {};
	struct audmod_channel_status st;

	chan_deliver(test, 1, 48, 1);
	audmod_host_free(fx->host);
	fx->host = NULL;
	/* The card still holds the channel and its hwdep. */
	KUNIT_EXPECT_EQ(test, hw->ops.read(hw, (char __user *)fx->user, 4096,
					   &fx->file->f_pos), -ENODEV);
	KUNIT_EXPECT_EQ(test, (__force unsigned int)hw->ops.poll(hw, fx->file, NULL),
			POLL_BITS(EPOLLERR | EPOLLHUP));
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)fx->user, &req,
					   sizeof(req)), 0);
	KUNIT_EXPECT_EQ(test, hw->ops.ioctl(hw, fx->file, AUDMOD_IOCTL_COMMAND,
					    fx->user), -ENODEV);
	KUNIT_EXPECT_EQ(test, hw->ops.ioctl(hw, fx->file,
					    AUDMOD_IOCTL_CHANNEL_STATUS, fx->user), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&st, (void __user *)fx->user,
					     sizeof(st)), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(st.newest_seq), 1);
	KUNIT_EXPECT_PTR_EQ(test, hw->private_data, (void *)ch);
}

/* read() through the file operations the open left on @file. */
static long chan_fread(struct kunit *test, struct file *file, long count,
		       void *out)
{
	struct fx *fx = test->priv;
	loff_t pos = file->f_pos;
	long ret;

	ret = file->f_op->read(file, (char __user *)fx->user, count, &pos);
	file->f_pos = pos;
	if (ret > 0 && out)
		KUNIT_ASSERT_EQ(test, copy_from_user(out, (void __user *)fx->user,
						     ret), 0);
	return ret;
}

/*
 * The channel's status reports the card's dropped count as the "Audio
 * Module Notifications Dropped" control does, after a burst through a
 * 4-deep queue drops some: with interrupts off a sender cannot deliver
 * itself, so the sends queue for the irq_work, which runs only after.
 */
static void channel_status_dropped_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_channel_status st;
	struct audmod_notifier_stats ns;
	u8 *buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	const struct audmod_channel_record *rec;
	unsigned long flags;
	long nread, off;
	s64 ctl_dropped;
	u64 last;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	audmod_host_free(fx->host);
	fx->host = audmod_host_new(fx->card, NULL, 4);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fx->host));
	fx_open(test, fx->file);
	local_irq_save(flags);
	fx_send_eq_burst(fx, 50);
	local_irq_restore(flags);
	/*
	 * Wait for the last one to reach the channel: each is delivered to
	 * the channel, then to the controls, so the controls have had the
	 * ones before it, all carrying the same dropped count.
	 */
	for (last = 0; last < 50; ) {
		nread = chan_read(test, fx->file, 4096, buf);
		KUNIT_ASSERT_GT(test, nread, 0);
		for (off = 0; off < nread; off += le32_to_cpu(rec->length)) {
			rec = (const void *)(buf + off);
			last = le64_to_cpu(rec->seq);
		}
	}
	audmod_notifier_get_stats(fx->host->notifier, &ns);
	/* 50 sends into 4 entries before any delivery: 46 were dropped. */
	KUNIT_ASSERT_GT(test, ns.atomic_dropped, 0);
	ctl_dropped = get(test, ctl(test, AUDMOD_CTL_KIND_DROPPED, 0, 0))
		->value.integer64.value[0];
	KUNIT_EXPECT_EQ(test, ctl_dropped, ns.atomic_dropped);
	chan_status(test, fx->file, &st);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(st.dropped), ctl_dropped);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(st.accepted), 50);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(st.newest_seq), 50);
}

/* Open: not seekable, no pread()/pwrite(); still a position for read(). */
static void channel_nonseekable_test(struct kunit *test)
{
	struct fx *fx = test->priv;

	KUNIT_EXPECT_FALSE(test, fx->file->f_mode & FMODE_PREAD);
	KUNIT_EXPECT_FALSE(test, fx->file->f_mode & FMODE_PWRITE);
	KUNIT_EXPECT_FALSE(test, fx->file->f_mode & FMODE_LSEEK);
	KUNIT_EXPECT_FALSE(test, fx->file->f_mode & FMODE_STREAM);
	KUNIT_EXPECT_EQ(test, fx->file->f_pos, 1);
}

/* O_NONBLOCK: -EAGAIN when nothing is there; a read of 0 bytes: 0. */
static void channel_nonblock_test(struct kunit *test)
{
	struct file *nb = kunit_kzalloc(test, sizeof(*nb), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	u64 next = 1, received = 0, missed = 0;

	KUNIT_ASSERT_NOT_NULL(test, nb);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fx_open_flags(test, nb, O_RDONLY | O_NONBLOCK);
	KUNIT_ASSERT_NOT_NULL_MSG(test, nb->f_op,
				  "the hwdep file operations stay: read() cannot see O_NONBLOCK");
	KUNIT_EXPECT_EQ(test, chan_fread(test, nb, 4096, NULL), -EAGAIN);
	KUNIT_EXPECT_EQ(test, chan_fread(test, nb, 0, NULL), 0);
	chan_deliver(test, 1, 48, 1);
	KUNIT_EXPECT_EQ(test, chan_fread(test, nb, 0, NULL), 0);
	/* 32 + 48: 79 bytes are too few, and the record stays. */
	KUNIT_EXPECT_EQ(test, chan_fread(test, nb, 79, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, chan_fread(test, nb, 4096, buf), 80);
	chan_account(test, buf, 80, &next, &received, &missed);
	KUNIT_EXPECT_EQ(test, received, 1);
	KUNIT_EXPECT_EQ(test, nb->f_pos, 2);
	KUNIT_EXPECT_EQ(test, chan_fread(test, nb, 4096, NULL), -EAGAIN);
	KUNIT_EXPECT_EQ(test, chan_poll(test, nb), 0);
}

/* A read of 0 bytes returns 0 at once, a record there or not. */
static void channel_read_zero_test(struct kunit *test)
{
	struct fx *fx = test->priv;

	chan_deliver(test, 1, 48, 1);
	/* Asserted: a blocking read of 0 bytes that waited would hang below. */
	KUNIT_ASSERT_EQ(test, chan_read(test, fx->file, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, fx->file->f_pos, 1);
	KUNIT_EXPECT_EQ(test, chan_read(test, fx->file, 4096, NULL), 80);
	KUNIT_EXPECT_EQ(test, chan_read(test, fx->file, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, fx->file->f_pos, 2);
}

/*
 * A blocking read with nothing there waits: with a signal pending it
 * returns -ERESTARTSYS (it went to sleep), not -EAGAIN.
 */
static void channel_block_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	long ret;

	KUNIT_ASSERT_NOT_NULL(test, fx->file->f_op);
	allow_signal(SIGUSR1);
	send_sig(SIGUSR1, current, 0);
	ret = chan_fread(test, fx->file, 4096, NULL);
	flush_signals(current);
	disallow_signal(SIGUSR1);
	KUNIT_EXPECT_EQ(test, ret, -ERESTARTSYS);
	KUNIT_EXPECT_EQ(test, fx->file->f_pos, 1);
	/* A record there: the same file reads it without waiting. */
	chan_deliver(test, 1, 48, 1);
	KUNIT_EXPECT_EQ(test, chan_fread(test, fx->file, 4096, NULL), 80);
}

/*
 * Another component made hwdep device 0 on the card first: the channel
 * takes the first free number instead of failing. Alone it is device 0.
 */
/* mmap() of @file as the core would ask it; the refusals never map. */
static int chan_mmap(struct kunit *test, struct file *file,
		     unsigned long flags, unsigned long pgoff, unsigned long len)
{
	struct snd_hwdep *hw = fx_hwdep(test->priv);
	struct vm_area_struct *vma = kunit_kzalloc(test, sizeof(*vma),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vma);
	vma->vm_start = 0x10000000;
	vma->vm_end = vma->vm_start + len;
	vma->vm_pgoff = pgoff;
	vm_flags_init(vma, flags);
	return hw->ops.mmap(hw, file, vma);
}

/*
 * The mappings the channel refuses: the ring writable or private, at
 * another offset or longer than its area; the position page private or
 * not exactly one page; anything once the card is going. The header of the
 * area states its layout before anything is delivered.
 */
static void channel_mmap_refused_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_channel *ch = fx->host->channel;
	const struct audmod_channel_map *map = ch->map;
	unsigned long size = le32_to_cpu(map->map_size);
	unsigned long pos_pg = le32_to_cpu(map->position_offset) >> PAGE_SHIFT;

	fx_open(test, fx->file);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(map->version),
			AUDMOD_CHANNEL_MAP_VERSION);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(map->header_size), sizeof(*map));
	KUNIT_EXPECT_EQ(test, size, ch->map_size);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(map->position_offset), size);
	KUNIT_EXPECT_EQ(test, size % PAGE_SIZE, 0);
	KUNIT_EXPECT_GE(test, le32_to_cpu(map->ring_offset),
			le32_to_cpu(map->slots_offset) +
			AUDMOD_CHANNEL_RECORDS *
			sizeof(struct audmod_channel_map_slot));
	KUNIT_EXPECT_LE(test, le32_to_cpu(map->ring_offset) +
			AUDMOD_CHANNEL_BYTES, size);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(map->head), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(map->tail), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(map->dead), 0);

	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file,
					VM_READ | VM_WRITE | VM_SHARED |
					VM_MAYREAD | VM_MAYWRITE, 0, PAGE_SIZE),
			-EPERM);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file, VM_READ | VM_MAYREAD,
					0, PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file, VM_READ | VM_SHARED,
					1, PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file, VM_READ | VM_SHARED,
					0, size + PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file,
					VM_READ | VM_WRITE | VM_MAYWRITE,
					pos_pg, PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file,
					VM_READ | VM_WRITE | VM_SHARED,
					pos_pg, 2 * PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file, VM_READ | VM_SHARED,
					pos_pg + 1, PAGE_SIZE), -EINVAL);

	audmod_channel_detach(ch);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(READ_ONCE(map->dead)), 1);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file, VM_READ | VM_SHARED,
					0, PAGE_SIZE), -ENODEV);
	KUNIT_EXPECT_EQ(test, chan_mmap(test, fx->file,
					VM_READ | VM_WRITE | VM_SHARED,
					pos_pg, PAGE_SIZE), -ENODEV);
}

static void channel_hwdep_device_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct snd_card *card;
	struct audmod_host *host;
	struct snd_hwdep *other;
	struct device *dev;

	KUNIT_EXPECT_EQ(test, fx_hwdep(fx)->device, 0);
	dev = kunit_device_register(test, "audmod-modules-test-hwdep");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	KUNIT_ASSERT_EQ(test, snd_card_new(dev, SNDRV_DEFAULT_IDX1, NULL,
					   THIS_MODULE, 0, &card), 0);
	if (snd_hwdep_new(card, "other", 0, &other)) {
		snd_card_free(card);
		KUNIT_FAIL(test, "no hwdep 0");
		return;
	}
	host = audmod_host_new(card, NULL, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR(host));
	if (!IS_ERR(host)) {
		KUNIT_EXPECT_EQ(test, host->channel->hwdep->device, 1);
		audmod_host_free(host);
	}
	snd_card_free(card);
}

/*
 * ---- The channel against a model of its contract (<uapi/audmod.h> 8) ----
 *
 * The model is the stream of notifications delivered (sequence number,
 * timestamp, payload), kept as a plain list, and each reader's cursor. It
 * knows nothing of the ring: what it checks comes from the header. Every
 * record a reader gets is byte for byte the model's record of that number;
 * @missed is the distance from the reader's previous position; once reading,
 * no record is skipped; a read returns as many whole records as fit; a
 * buffer too small for the next record gets -EINVAL and keeps it. The
 * channel holds a contiguous suffix of the stream, never more than
 * %AUDMOD_CHANNEL_RECORDS records nor more than %AUDMOD_CHANNEL_BYTES of
 * padded payloads, and always at least the newest ones the header promises
 * to keep (MT_KEPT_BYTES): a reader is never told it missed one of those.
 * Seeded pseudo-random operations drive the channel and the model alike and
 * both are compared after every operation; a failure names the seed and the
 * operation.
 */

#define MT_OPS		20000
#define MT_READERS	3
/* Records the model has room for: the mapped reader's deliveries too. */
#define MT_RECS		(2 * MT_OPS)
/* The header: the newest records whose padded payloads total this stay. */
#define MT_KEPT_BYTES	(AUDMOD_CHANNEL_BYTES - AUDMOD_NOTIFICATION_MAX_BYTES)
#define MT_PAY_WORDS	DIV_ROUND_UP(AUDMOD_NOTIFICATION_MAX_BYTES, 8)

struct mt_rec {
	u64 seq, ts;
	u32 size;
};

struct mt_reader {
	struct file *file;
	u64 cursor;		/* the sequence number it reads next */
	/* Its position page, or NULL: its position is its f_pos. */
	struct audmod_channel_map_position *pos;
};

/*
 * The mapped reader: a file with a position page (@rd.pos), which its
 * drains write as a process would and which its read()s, poll()s and status
 * reads use.
 */
struct mt_map_reader {
	struct mt_reader rd;
	unsigned int reads, torn, syscall_reads;
};

struct mt {
	struct kunit *test;
	u32 seed;
	unsigned int op;
	u64 rng;
	bool failed;
	struct mt_rec *recs;	/* delivered, in order */
	u64 *cum;		/* cum[i]: padded payload bytes of recs[0..i) */
	unsigned int nrec;
	unsigned int kept;	/* oldest record the header promises is held */
	u64 accepted, dropped;	/* the card's counters as the model runs them */
	u64 floor;		/* the channel showed that older ones are gone */
	struct mt_reader rd[MT_READERS];
	struct mt_map_reader map;
	u64 *pay;		/* a payload, MT_PAY_WORDS */
	u8 *buf;		/* what a read returned, FX_USER_BYTES */
};

#define MT_CHECK(m, cond, fmt, ...)					\
	do {								\
		struct mt *__m = (m);					\
									\
		if (!(cond)) {						\
			KUNIT_FAIL(__m->test, "seed %u op %u: " fmt,	\
				   __m->seed, __m->op, ##__VA_ARGS__);	\
			__m->failed = true;				\
		}							\
	} while (0)

static const u32 mt_seeds[] = { 1, 0xc0ffee, 20261207, 0x9e3779b9 };

static void mt_seed_desc(const u32 *seed, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "seed %u", *seed);
}

KUNIT_ARRAY_PARAM(mt_seed, mt_seeds, mt_seed_desc);

/* xorshift64*: the same sequence for a seed on every kernel. */
static u32 mt_rand(struct mt *m)
{
	u64 x = m->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	m->rng = x;
	return (x * 0x2545f4914f6cdd1dULL) >> 32;
}

static u32 mt_below(struct mt *m, u32 n)
{
	return mt_rand(m) % n;
}

/* Payload of notification @seq: different for every record and offset. */
static void mt_payload(struct mt *m, u64 seq, u32 size)
{
	unsigned int k;

	for (k = 0; k < DIV_ROUND_UP(size, 8); k++)
		m->pay[k] = seq * 0x9e3779b97f4a7c15ULL ^
			    (k + 1) * 0xd6e8feb86659fd93ULL;
}

static u32 mt_len(const struct mt_rec *r)
{
	return AUDMOD_CHANNEL_RECORD_HEADER_SIZE + ALIGN(r->size, 8);
}

/* Index of the first record delivered with a sequence number >= @seq. */
static unsigned int mt_first(struct mt *m, u64 seq)
{
	unsigned int lo = 0, hi = m->nrec, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->recs[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int mt_command(void *ctx, const struct audmod_command_request *req,
		      struct audmod_command_reply *reply)
{
	return -EOPNOTSUPP;
}

/* The card as the model runs it: what the status must report. */
static void mt_counters(void *ctx, u64 *accepted, u64 *dropped)
{
	struct mt *m = ctx;

	*accepted = m->accepted;
	*dropped = m->dropped;
}

static const struct audmod_channel_ops mt_ops = {
	.command = mt_command,
	.counters = mt_counters,
};

/* Many small payloads, some large, a few huge, and both ends of the range. */
static u32 mt_size(struct mt *m)
{
	u32 r = mt_below(m, 100);

	if (r < 55)
		return 1 + mt_below(m, 256);
	if (r < 80)
		return 257 + mt_below(m, 3840);
	if (r < 92)
		return 4097 + mt_below(m, 28672);
	if (r < 97)
		return 32769 + mt_below(m, AUDMOD_NOTIFICATION_MAX_BYTES - 32768);
	return r < 98 ? 1 : AUDMOD_NOTIFICATION_MAX_BYTES;
}

static void mt_deliver(struct mt *m)
{
	struct fx *fx = m->test->priv;
	struct audmod_notification n = {};
	struct mt_rec *r = &m->recs[m->nrec];

	/* Some sequence numbers are dropped before the channel. */
	if (!mt_below(m, 10)) {
		u32 gap = 1 + mt_below(m, 4);

		m->accepted += gap;
		m->dropped += gap;
	}
	r->seq = ++m->accepted;
	r->ts = mt_rand(m);
	r->ts = r->ts << 32 | mt_rand(m);
	r->size = mt_size(m);
	m->cum[m->nrec + 1] = m->cum[m->nrec] + ALIGN(r->size, 8);
	m->nrec++;
	while (m->nrec - m->kept > AUDMOD_CHANNEL_RECORDS ||
	       m->cum[m->nrec] - m->cum[m->kept] > MT_KEPT_BYTES)
		m->kept++;
	mt_payload(m, r->seq, r->size);
	n.seq = r->seq;
	n.timestamp_ns = r->ts;
	n.lost = m->dropped;
	n.size = r->size;
	n.data = (const u8 *)m->pay;
	audmod_channel_deliver(fx->host->channel, &n);
}

/* One record of a read at @off: the model's record @i, after @prev. */
static void mt_check_record(struct mt *m, const struct audmod_channel_record *h,
			    unsigned int i, u64 prev)
{
	const struct mt_rec *r = &m->recs[i];
	u32 size = le16_to_cpu(h->size), k;

	MT_CHECK(m, le16_to_cpu(h->type) == AUDMOD_RECORD_NOTIFICATION,
		 "seq %llu type %u", r->seq, le16_to_cpu(h->type));
	MT_CHECK(m, size == r->size, "seq %llu size %u, delivered %u", r->seq,
		 size, r->size);
	MT_CHECK(m, le32_to_cpu(h->length) == mt_len(r),
		 "seq %llu length %u, want %u", r->seq, le32_to_cpu(h->length),
		 mt_len(r));
	MT_CHECK(m, le64_to_cpu(h->timestamp_ns) == r->ts,
		 "seq %llu timestamp %llu, delivered %llu", r->seq,
		 le64_to_cpu(h->timestamp_ns), r->ts);
	MT_CHECK(m, le64_to_cpu(h->missed) == r->seq - prev,
		 "seq %llu missed %llu after position %llu", r->seq,
		 le64_to_cpu(h->missed), prev);
	if (m->failed)
		return;
	mt_payload(m, r->seq, r->size);
	if (memcmp(h->data, m->pay, size)) {
		for (k = 0; h->data[k] == ((u8 *)m->pay)[k]; k++)
			;
		MT_CHECK(m, false,
			 "seq %llu (size %u) payload differs at byte %u: %#x, delivered %#x",
			 r->seq, size, k, h->data[k], ((u8 *)m->pay)[k]);
	}
	for (k = size; k < ALIGN(size, 8); k++)
		MT_CHECK(m, !h->data[k], "seq %llu padding byte %u is %#x",
			 r->seq, k, h->data[k]);
}

static void mt_read(struct mt *m, struct mt_reader *rd)
{
	struct kunit *test = m->test;
	struct fx *fx = test->priv;
	u64 c = rd->cursor, prev;
	unsigned int lo, hi, i, first, last = 0;
	const struct audmod_channel_record *h;
	long count, ret, off;
	u32 how = mt_below(m, 4);
	bool ok = false;

	first = mt_first(m, c);
	if (first == m->nrec) {
		/* Nothing delivered from its position on: a read would block. */
		MT_CHECK(m, !chan_poll(test, rd->file), "poll with nothing to read");
		return;
	}
	/* Where the next record may be: not gone, at the latest the kept one. */
	lo = mt_first(m, max(c, m->floor));
	hi = mt_first(m, max(c, m->recs[m->kept].seq));
	if (how == 0)
		count = 1 + mt_below(m, mt_len(&m->recs[lo]));	/* maybe short */
	else if (how == 1)
		count = 32 + mt_below(m, 4096);
	else if (how == 2)
		count = 1 + mt_below(m, FX_USER_BYTES);
	else
		count = FX_USER_BYTES;
	/* A file with a position page reads through its own file operations. */
	if (rd->pos)
		ret = chan_fread(test, rd->file, count, NULL);
	else
		ret = chan_read(test, rd->file, count, NULL);
	if (ret == -EINVAL) {
		for (i = lo; i <= hi && i < m->nrec; i++)
			ok |= mt_len(&m->recs[i]) > count;
		MT_CHECK(m, ok, "-EINVAL for a %ld-byte buffer at %llu", count, c);
		/* With a position page that is the position, not f_pos. */
		MT_CHECK(m, (rd->pos ? le64_to_cpu(READ_ONCE(rd->pos->next_seq)) :
			     rd->file->f_pos) == c, "-EINVAL moved %llu to %lld",
			 c, rd->file->f_pos);
		return;
	}
	MT_CHECK(m, ret > 0 && ret <= count, "read of %ld at %llu: %ld", count,
		 c, ret);
	if (m->failed)
		return;
	KUNIT_ASSERT_EQ(test, copy_from_user(m->buf, (void __user *)fx->user,
					     ret), 0);
	prev = c;
	for (off = 0; off < ret && !m->failed; off += le32_to_cpu(h->length)) {
		h = (const void *)(m->buf + off);
		MT_CHECK(m, off + AUDMOD_CHANNEL_RECORD_HEADER_SIZE <= ret,
			 "partial header at %ld of %ld", off, ret);
		if (m->failed)
			return;
		i = mt_first(m, le64_to_cpu(h->seq));
		MT_CHECK(m, i < m->nrec && m->recs[i].seq == le64_to_cpu(h->seq),
			 "seq %llu was never delivered", le64_to_cpu(h->seq));
		if (m->failed)
			return;
		if (!off)
			MT_CHECK(m, i >= lo && i <= hi,
				 "first record %llu at position %llu: want %llu..%llu (oldest kept %llu)",
				 m->recs[i].seq, c, m->recs[lo].seq,
				 m->recs[min(hi, m->nrec - 1)].seq,
				 m->recs[m->kept].seq);
		else
			MT_CHECK(m, i == last + 1, "%llu after %llu skips %u",
				 m->recs[i].seq, m->recs[last].seq, i - last - 1);
		MT_CHECK(m, off + mt_len(&m->recs[i]) <= ret,
			 "record %llu cut at %ld", m->recs[i].seq, ret);
		if (m->failed)
			return;
		mt_check_record(m, h, i, prev);
		prev = m->recs[i].seq + 1;
		last = i;
	}
	if (m->failed)
		return;
	/* As many as fit: the next one (held, newer than a held one) did not. */
	if (last + 1 < m->nrec)
		MT_CHECK(m, mt_len(&m->recs[last + 1]) > count - ret,
			 "stopped at %llu with %ld bytes left for a %u-byte record",
			 m->recs[last].seq, count - ret, mt_len(&m->recs[last + 1]));
	/* It missed some: those were gone, and the channel holds a suffix. */
	h = (const void *)m->buf;
	if (le64_to_cpu(h->seq) > m->recs[first].seq)
		m->floor = max(m->floor, le64_to_cpu(h->seq));
	rd->cursor = prev;
	MT_CHECK(m, rd->file->f_pos == prev, "position %lld after a read to %llu",
		 rd->file->f_pos, prev);
	if (rd->pos)
		MT_CHECK(m, le64_to_cpu(READ_ONCE(rd->pos->next_seq)) == prev,
			 "position page %llu after a read to %llu",
			 le64_to_cpu(READ_ONCE(rd->pos->next_seq)), prev);
}

/*
 * The mapped reader of <uapi/audmod.h> section 8 in the kernel: it reads the
 * area userspace maps (through the channel's pointer to it) by the header's
 * rules alone, and builds read()'s records from it, so that the model checks
 * them as it checks a read. Sometimes deliveries come between its copy and
 * its second look at the tail, as a sender on another CPU makes them: torn
 * copies are then caught, and counted as missed, deterministically.
 */
static void mt_map_read(struct mt *m, struct mt_map_reader *mr)
{
	struct fx *fx = m->test->priv;
	const struct audmod_channel_map *map = fx->host->channel->map;
	const struct audmod_channel_map_slot *slots, *sl;
	u32 want = 1 + mt_below(m, 32), during = 0, head, tail, r, r0, nr, k;
	u32 bytes = le32_to_cpu(map->bytes), size, pos;
	unsigned int i, lo, hi, last = 0;
	struct audmod_channel_record *h;
	const u8 *ring;
	u64 c = le64_to_cpu(READ_ONCE(mr->rd.pos->next_seq)), prev;
	long off;
	bool full;

	MT_CHECK(m, c == mr->rd.cursor, "map: position page %llu, model %llu",
		 c, mr->rd.cursor);

	if (!mt_below(m, 4))
		during = 1 + mt_below(m, 16);
	if (m->nrec + during + MT_OPS > MT_RECS)
		during = 0;	/* leave room for the deliveries still to come */
	MT_CHECK(m, le32_to_cpu(map->version) == AUDMOD_CHANNEL_MAP_VERSION &&
		 le32_to_cpu(map->records) == AUDMOD_CHANNEL_RECORDS &&
		 bytes == AUDMOD_CHANNEL_BYTES, "map header");
	if (m->failed)
		return;
	slots = (const void *)map + le32_to_cpu(map->slots_offset);
	ring = (const u8 *)map + le32_to_cpu(map->ring_offset);
	mr->reads++;
again:
	/* Step 1: the slots below head, whole, are seen after it. */
	head = le32_to_cpu(smp_load_acquire(&map->head));
	tail = le32_to_cpu(READ_ONCE(map->tail));
	MT_CHECK(m, (s32)(head - tail) >= 0 &&
		 head - tail <= AUDMOD_CHANNEL_RECORDS, "head %u tail %u",
		 head, tail);
	if (m->failed)
		return;
	for (r = tail; r != head &&
	     le64_to_cpu(slots[r % AUDMOD_CHANNEL_RECORDS].seq) < c; r++)
		;
	if (r == head) {
		MT_CHECK(m, mt_first(m, c) == m->nrec,
			 "map: nothing at %llu, %u delivered from there", c,
			 m->nrec - mt_first(m, c));
		return;
	}
	r0 = r;
	prev = c;
	off = 0;
	full = false;
	for (nr = 0; r != head && nr < want; r++, nr++) {
		sl = &slots[r % AUDMOD_CHANNEL_RECORDS];
		size = le32_to_cpu(READ_ONCE(sl->size));
		pos = le32_to_cpu(READ_ONCE(sl->pos));
		/* A torn slot may say anything: never copy outside the ring. */
		if (size > AUDMOD_NOTIFICATION_MAX_BYTES || pos > bytes ||
		    ALIGN(size, 8) > bytes - pos) {
			size = 0;
			pos = 0;
		}
		if (off + AUDMOD_CHANNEL_RECORD_HEADER_SIZE + ALIGN(size, 8) >
		    FX_USER_BYTES) {
			full = true;
			break;
		}
		h = (void *)(m->buf + off);
		h->length = cpu_to_le32(AUDMOD_CHANNEL_RECORD_HEADER_SIZE +
					ALIGN(size, 8));
		h->type = cpu_to_le16(AUDMOD_RECORD_NOTIFICATION);
		h->size = cpu_to_le16(size);
		h->seq = READ_ONCE(sl->seq);
		h->timestamp_ns = READ_ONCE(sl->timestamp_ns);
		h->missed = cpu_to_le64(le64_to_cpu(h->seq) - prev);
		memcpy(h->data, ring + pos, ALIGN(size, 8));
		prev = le64_to_cpu(h->seq) + 1;
		off += le32_to_cpu(h->length);
	}
	for (k = 0; k < during; k++)
		mt_deliver(m);
	/* Step 4: the copy, then the tail that says whether it held. */
	smp_rmb();
	tail = le32_to_cpu(READ_ONCE(map->tail));
	if ((s32)(tail - r0) > 0) {
		/* Some were overwritten: again from the same position. */
		mr->torn++;
		during = 0;
		goto again;
	}
	/* What the model says of the records, as for a read. */
	lo = mt_first(m, max(c, m->floor));
	hi = mt_first(m, max(c, m->recs[m->kept].seq));
	prev = c;
	for (off = 0, k = 0; k < nr && !m->failed;
	     k++, off += le32_to_cpu(h->length)) {
		h = (void *)(m->buf + off);
		i = mt_first(m, le64_to_cpu(h->seq));
		MT_CHECK(m, i < m->nrec && m->recs[i].seq == le64_to_cpu(h->seq),
			 "map: seq %llu was never delivered",
			 le64_to_cpu(h->seq));
		if (m->failed)
			return;
		if (!k)
			MT_CHECK(m, i >= lo && i <= hi,
				 "map: first record %llu at position %llu: want %llu..%llu",
				 m->recs[i].seq, c, m->recs[lo].seq,
				 m->recs[min(hi, m->nrec - 1)].seq);
		else
			MT_CHECK(m, i == last + 1, "map: %llu after %llu",
				 m->recs[i].seq, m->recs[last].seq);
		mt_check_record(m, h, i, prev);
		prev = m->recs[i].seq + 1;
		last = i;
	}
	if (m->failed)
		return;
	/* All it asked for, or all there was, or all its buffer held. */
	MT_CHECK(m, nr == want || full || r == head,
		 "map: %u of %u records with more there", nr, want);
	h = (void *)m->buf;
	if (le64_to_cpu(h->seq) > m->recs[mt_first(m, c)].seq)
		m->floor = max(m->floor, le64_to_cpu(h->seq));
	/* Step 5: the position, for poll() and the next drain. */
	WRITE_ONCE(mr->rd.pos->next_seq, cpu_to_le64(prev));
	mr->rd.cursor = prev;
}

static void mt_status(struct mt *m, struct mt_reader *rd)
{
	struct audmod_channel_status st;
	u64 oldest, newest = m->nrec ? m->recs[m->nrec - 1].seq : 0;
	unsigned int o;

	chan_status(m->test, rd->file, &st);
	oldest = le64_to_cpu(st.oldest_seq);
	MT_CHECK(m, le64_to_cpu(st.next_seq) == rd->cursor,
		 "status next_seq %llu, position %llu",
		 le64_to_cpu(st.next_seq), rd->cursor);
	MT_CHECK(m, le64_to_cpu(st.newest_seq) == newest,
		 "status newest_seq %llu, delivered %llu",
		 le64_to_cpu(st.newest_seq), newest);
	MT_CHECK(m, le64_to_cpu(st.accepted) == m->accepted &&
		 le64_to_cpu(st.dropped) == m->dropped,
		 "status accepted %llu dropped %llu, card %llu %llu",
		 le64_to_cpu(st.accepted), le64_to_cpu(st.dropped),
		 m->accepted, m->dropped);
	MT_CHECK(m, le32_to_cpu(st.capacity_records) == AUDMOD_CHANNEL_RECORDS &&
		 le32_to_cpu(st.capacity_bytes) == AUDMOD_CHANNEL_BYTES &&
		 le32_to_cpu(st.version) == AUDMOD_CHANNEL_VERSION &&
		 !st.reserved, "status capacities, version or reserved");
	if (!m->nrec) {
		MT_CHECK(m, !oldest && !le32_to_cpu(st.queued),
			 "status of an empty channel");
		return;
	}
	o = mt_first(m, oldest);
	MT_CHECK(m, o < m->nrec && m->recs[o].seq == oldest,
		 "status oldest_seq %llu was never delivered", oldest);
	if (m->failed)
		return;
	MT_CHECK(m, oldest >= m->floor, "oldest_seq %llu: %llu was gone",
		 oldest, m->floor);
	MT_CHECK(m, o <= m->kept,
		 "oldest_seq %llu, but %llu on must be held (%llu padded bytes)",
		 oldest, m->recs[m->kept].seq, m->cum[m->nrec] - m->cum[m->kept]);
	MT_CHECK(m, m->nrec - o <= AUDMOD_CHANNEL_RECORDS,
		 "holds %u records", m->nrec - o);
	MT_CHECK(m, m->cum[m->nrec] - m->cum[o] <= AUDMOD_CHANNEL_BYTES,
		 "holds %llu..%llu: %llu padded payload bytes", oldest, newest,
		 m->cum[m->nrec] - m->cum[o]);
	MT_CHECK(m, le32_to_cpu(st.queued) ==
		 m->nrec - mt_first(m, max(rd->cursor, oldest)),
		 "status queued %u at %llu, want %u", le32_to_cpu(st.queued),
		 rd->cursor, m->nrec - mt_first(m, max(rd->cursor, oldest)));
	m->floor = max(m->floor, oldest);
}

static void mt_open(struct mt *m, struct mt_reader *rd)
{
	fx_open(m->test, rd->file);
	rd->cursor = (m->nrec ? m->recs[m->nrec - 1].seq : 0) + 1;
}

static void channel_model_test(struct kunit *test)
{
	struct fx *fx = test->priv;
	struct audmod_channel *ch = fx->host->channel;
	const struct audmod_channel_ops *host_ops;
	struct mt *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct mt_reader *rd;
	struct snd_hwdep *hw;
	unsigned int i, r;
	void *host_ctx;

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->test = test;
	m->seed = *(const u32 *)test->param_value;
	m->rng = 0x853c49e6748fea9bULL ^ m->seed;
	m->recs = kunit_kcalloc(test, MT_RECS, sizeof(*m->recs), GFP_KERNEL);
	m->cum = kunit_kcalloc(test, MT_RECS + 1, sizeof(*m->cum), GFP_KERNEL);
	m->pay = kunit_kmalloc_array(test, MT_PAY_WORDS, 8, GFP_KERNEL);
	m->buf = kunit_kmalloc(test, FX_USER_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->recs);
	KUNIT_ASSERT_NOT_NULL(test, m->cum);
	KUNIT_ASSERT_NOT_NULL(test, m->pay);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	/* The card's counters come from the model (they are the owner's). */
	down_write(&ch->ops_sem);
	host_ops = ch->ops;
	host_ctx = ch->ctx;
	ch->ops = &mt_ops;
	ch->ctx = m;
	up_write(&ch->ops_sem);
	for (r = 0; r < MT_READERS; r++) {
		m->rd[r].file = kunit_kzalloc(test, sizeof(struct file),
					      GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, m->rd[r].file);
		mt_open(m, &m->rd[r]);
	}
	m->map.rd.file = kunit_kzalloc(test, sizeof(struct file), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->map.rd.file);
	mt_open(m, &m->map.rd);
	m->map.rd.pos = audmod_channel_position_new(ch, m->map.rd.file);
	KUNIT_ASSERT_NOT_NULL(test, m->map.rd.pos);
	/* It starts where the file was, and a second mapping gets the same. */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(m->map.rd.pos->next_seq),
			m->map.rd.cursor);
	KUNIT_EXPECT_PTR_EQ(test, audmod_channel_position_new(ch, m->map.rd.file),
			    m->map.rd.pos);
	for (m->op = 0; m->op < MT_OPS && !m->failed; m->op++) {
		u32 what = mt_below(m, 100);

		/* Readers 0, 1, 2 read 6:3:1, so they lag by different amounts. */
		r = mt_below(m, 10);
		rd = &m->rd[r < 6 ? 0 : r < 9 ? 1 : 2];
		if (what < 45) {
			mt_deliver(m);
		} else if (what < 50) {
			/* Dropped after the latest delivery: still to come. */
			m->accepted++;
			m->dropped++;
		} else if (what < 88) {
			r = mt_below(m, 12);
			if (r < 4) {
				mt_map_read(m, &m->map);
			} else if (r < 5) {
				/* The mapped reader's read(): the same position. */
				m->map.syscall_reads++;
				mt_read(m, &m->map.rd);
			} else {
				mt_read(m, rd);
			}
		} else if (what < 96) {
			MT_CHECK(m, chan_poll(test, rd->file) ==
				 (mt_first(m, rd->cursor) < m->nrec ?
				  POLL_BITS(EPOLLIN | EPOLLRDNORM) : 0),
				 "poll at %llu", rd->cursor);
			/* The mapped reader's poll() sees what it drained. */
			MT_CHECK(m, chan_poll(test, m->map.rd.file) ==
				 (mt_first(m, m->map.rd.cursor) < m->nrec ?
				  POLL_BITS(EPOLLIN | EPOLLRDNORM) : 0),
				 "map: poll at %llu", m->map.rd.cursor);
		} else if (what < 98) {
			mt_open(m, rd);
		} else {
			/* A reader catches up completely. */
			for (i = 0; i < 64 && mt_first(m, rd->cursor) < m->nrec &&
			     !m->failed; i++)
				mt_read(m, rd);
			for (i = 0; i < 64 &&
			     mt_first(m, m->map.rd.cursor) < m->nrec &&
			     !m->failed; i++)
				mt_map_read(m, &m->map);
		}
		for (r = 0; r < MT_READERS && !m->failed; r++)
			mt_status(m, &m->rd[r]);
		if (!m->failed)
			mt_status(m, &m->map.rd);
	}
	kunit_info(test, "seed %u: %u operations, %u records delivered, %llu accepted, %u mapped drains (%u torn), %u reads of the mapped file\n",
		   m->seed, m->op, m->nrec, m->accepted, m->map.reads,
		   m->map.torn, m->map.syscall_reads);
	/*
	 * The seeds are fixed: each makes torn copies and read()s of the
	 * mapped file, or the test is blind to them.
	 */
	KUNIT_EXPECT_GT(test, m->map.torn, 0);
	KUNIT_EXPECT_GT(test, m->map.syscall_reads, 0);
	/* Its release frees the page: the next one is made anew. */
	hw = fx_hwdep(fx);
	KUNIT_EXPECT_EQ(test, hw->ops.release(hw, m->map.rd.file), 0);
	m->map.rd.pos = audmod_channel_position_new(ch, m->map.rd.file);
	KUNIT_EXPECT_NOT_NULL(test, m->map.rd.pos);
	KUNIT_EXPECT_EQ(test, hw->ops.release(hw, m->map.rd.file), 0);
	down_write(&ch->ops_sem);
	ch->ops = host_ops;
	ch->ctx = host_ctx;
	up_write(&ch->ops_sem);
}

static struct kunit_case audmod_modules_cases[] = {
	KUNIT_CASE(controls_info_test),
	KUNIT_CASE(descriptors_test),
	KUNIT_CASE(device_id_unique_test),
	KUNIT_CASE_PARAM(param_put_test, exp_param_gen_params),
	KUNIT_CASE_PARAM(command_table_test, exp_param_gen_params),
	KUNIT_CASE(command_bad_test),
	KUNIT_CASE(set_notifies_test),
	KUNIT_CASE(level_track_test),
	KUNIT_CASE(level_block_peak_test),
	KUNIT_CASE(level_meter_notify_test),
	KUNIT_CASE(level_meter_pause_test),
	KUNIT_CASE(deliver_burst_test),
	KUNIT_CASE(notifier_burst_test),
	KUNIT_CASE(level_track_directions_test),
	KUNIT_CASE(level_meter_directions_test),
	KUNIT_CASE(channel_read_test),
	KUNIT_CASE(channel_two_readers_test),
	KUNIT_CASE(channel_detach_test),
	KUNIT_CASE(channel_status_dropped_test),
	KUNIT_CASE(channel_nonseekable_test),
	KUNIT_CASE(channel_nonblock_test),
	KUNIT_CASE(channel_read_zero_test),
	KUNIT_CASE(channel_block_test),
	KUNIT_CASE(channel_hwdep_device_test),
	KUNIT_CASE(channel_mmap_refused_test),
	KUNIT_CASE_PARAM_ATTR(channel_model_test, mt_seed_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite audmod_modules_suite = {
	.name = "audmod-modules",
	.init = fx_init,
	.exit = fx_exit,
	.test_cases = audmod_modules_cases,
};

kunit_test_suite(audmod_modules_suite);

MODULE_DESCRIPTION("KUnit tests of the audio modules and their controls");
MODULE_LICENSE("GPL");
