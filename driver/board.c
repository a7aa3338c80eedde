// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual dev board. audmod_board_create() registers the three platform
 * devices of one card: the codec (codec.c), the CPU DAI + PCM platform with
 * a 32-bit DMA mask (pcm.c), and last the machine device, whose driver here
 * binds them with one DAI link into a card with one playback and one
 * capture PCM. Registering the machine device last means every component
 * exists when the card probes, so creation is synchronous and never
 * deferred.
 *
 * For the tests, a board's link may instead pair our platform with ASoC's
 * dummy codec (alone or next to ours), or our codec with the dummy CPU DAI
 * and platform (enum audmod_board_link); the unused device of ours is
 * still registered and simply joins no card.
 *
 * Several boards may exist at once (the KUnit suite adds its own); device
 * ids are allocated automatically and the DAI link names the components by
 * device name.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <sound/core.h>
#include <sound/soc.h>
#include <kunit/visibility.h>

#include "board.h"
#include "codec.h"
#include "pcm.h"

#define AUDMOD_CARD_NAME	"audmod"
#define AUDMOD_DEV_NAME_MAX	48
#define AUDMOD_PREFIX_MAX	16

/* ASoC's dummy component (sound/soc/soc-utils.c), always registered. */
#define AUDMOD_DUMMY_NAME	"snd-soc-dummy"
#define AUDMOD_DUMMY_DAI_NAME	"snd-soc-dummy-dai"

/**
 * struct audmod_board - one board instance
 * @codec: codec device.
 * @pcm: CPU DAI + PCM platform device.
 * @machine: machine device; its driver data is the snd_soc_card once bound.
 */
struct audmod_board {
	struct platform_device *codec;
	struct platform_device *pcm;
	struct platform_device *machine;
};

/* Platform data of the machine device (copied by the driver core). */
struct audmod_board_pdata {
	char id[16];
	char codec[AUDMOD_DEV_NAME_MAX];
	char pcm[AUDMOD_DEV_NAME_MAX];
	enum audmod_board_link link;
	char pcm_prefix[AUDMOD_PREFIX_MAX];
};

/* Machine driver data: the card and its single DAI link. */
struct audmod_machine {
	struct snd_soc_card card;
	struct snd_soc_dai_link link;
	struct snd_soc_dai_link_component cpu;
	struct snd_soc_dai_link_component codecs[2];
	struct snd_soc_dai_link_component platform;
	struct snd_soc_codec_conf conf;
	char id[16];
};

/* Called by ASoC between creating the snd_card and registering it. */
static int audmod_machine_card_probe(struct snd_soc_card *card)
{
	struct audmod_machine *m = container_of(card, struct audmod_machine, card);

	if (m->id[0])
		snd_card_set_id(card->snd_card, m->id);
	/* What amixer info and the control API report as the mixer. */
	strscpy(card->snd_card->mixername, "audmod audio modules",
		sizeof(card->snd_card->mixername));
	return 0;
}

static int audmod_machine_probe(struct platform_device *pdev)
{
	const struct audmod_board_pdata *pd = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct audmod_machine *m;

	if (!pd)
		return -EINVAL;
	m = devm_kzalloc(dev, sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	strscpy(m->id, pd->id, sizeof(m->id));

	m->cpu.name = devm_kstrdup(dev, pd->pcm, GFP_KERNEL);
	m->cpu.dai_name = AUDMOD_CPU_DAI_NAME;
	m->codecs[0].name = devm_kstrdup(dev, pd->codec, GFP_KERNEL);
	m->codecs[0].dai_name = AUDMOD_CODEC_DAI_NAME;
	m->platform.name = m->cpu.name;
	if (!m->cpu.name || !m->codecs[0].name)
		return -ENOMEM;
	m->link.num_codecs = 1;
	switch (pd->link) {
	case AUDMOD_BOARD_LINK_AUDMOD:
		break;
	case AUDMOD_BOARD_LINK_DUMMY_CODEC:
		m->codecs[0].name = AUDMOD_DUMMY_NAME;
		m->codecs[0].dai_name = AUDMOD_DUMMY_DAI_NAME;
		break;
	case AUDMOD_BOARD_LINK_TWO_CODECS:
		m->codecs[1].name = AUDMOD_DUMMY_NAME;
		m->codecs[1].dai_name = AUDMOD_DUMMY_DAI_NAME;
		m->link.num_codecs = 2;
		break;
	case AUDMOD_BOARD_LINK_DUMMY_PLATFORM:
		m->cpu.name = AUDMOD_DUMMY_NAME;
		m->cpu.dai_name = AUDMOD_DUMMY_DAI_NAME;
		m->platform.name = AUDMOD_DUMMY_NAME;
		break;
	default:
		return -EINVAL;
	}
	if (pd->pcm_prefix[0]) {
		m->conf.dlc.name = devm_kstrdup(dev, pd->pcm, GFP_KERNEL);
		m->conf.name_prefix = devm_kstrdup(dev, pd->pcm_prefix, GFP_KERNEL);
		if (!m->conf.dlc.name || !m->conf.name_prefix)
			return -ENOMEM;
		m->card.codec_conf = &m->conf;
		m->card.num_configs = 1;
	}

	m->link.name = AUDMOD_CARD_NAME;
	m->link.stream_name = AUDMOD_CARD_NAME " PCM";
	m->link.cpus = &m->cpu;
	m->link.num_cpus = 1;
	m->link.codecs = m->codecs;
	m->link.platforms = &m->platform;
	m->link.num_platforms = 1;

	/* Named after its id: ASoC's debugfs needs distinct card names. */
	m->card.name = m->id[0] ? m->id : AUDMOD_CARD_NAME;
	/* Set, so that ASoC does not name the card after the DMI vendor. */
	m->card.long_name = "audmod virtual dev board";
	m->card.driver_name = AUDMOD_CARD_NAME;
	m->card.owner = THIS_MODULE;
	m->card.dev = dev;
	m->card.dai_link = &m->link;
	m->card.num_links = 1;
	m->card.probe = audmod_machine_card_probe;

	return devm_snd_soc_register_card(dev, &m->card);
}

struct platform_driver audmod_board_driver = {
	.driver = {
		.name = AUDMOD_BOARD_DRV_NAME,
		/* System sleep: ASoC suspends the card's streams and resumes it. */
		.pm = &snd_soc_pm_ops,
	},
	.probe = audmod_machine_probe,
};

/**
 * audmod_board_create() - create the devices of one board and its card
 * @cfg: card id, DAI link and prefix.
 *
 * The drivers (codec, PCM, board) must be registered. On return the card is
 * registered and visible to userspace.
 * Context: process; may sleep.
 * The card gets the first free index that ALSA's "slots" option of the
 * snd module allows for snd-soc-audmod (ASoC has no way to ask for one).
 * Return: the board, or ERR_PTR(-EINVAL) for a bad @cfg (id longer than 15
 * characters, prefix longer than 15, unknown link), ERR_PTR(-ENODEV) if the
 * card did not probe (the log says why), or another ERR_PTR from the
 * driver core.
 */
struct audmod_board *audmod_board_create(const struct audmod_board_config *cfg)
{
	struct platform_device_info info = {
		.id = PLATFORM_DEVID_AUTO,
	};
	struct audmod_board_pdata pd = { };
	struct audmod_board *board;
	int err;

	might_sleep();
	if (!cfg || (cfg->id && strlen(cfg->id) >= sizeof(pd.id)) ||
	    (cfg->pcm_prefix && strlen(cfg->pcm_prefix) >= sizeof(pd.pcm_prefix)) ||
	    cfg->link > AUDMOD_BOARD_LINK_DUMMY_PLATFORM)
		return ERR_PTR(-EINVAL);
	board = kzalloc(sizeof(*board), GFP_KERNEL);
	if (!board)
		return ERR_PTR(-ENOMEM);

	info.name = AUDMOD_CODEC_DRV_NAME;
	board->codec = platform_device_register_full(&info);
	if (IS_ERR(board->codec)) {
		err = PTR_ERR(board->codec);
		goto free_board;
	}

	/* The PCM's buffer is DMA-coherent memory of this device. */
	info.name = AUDMOD_PCM_DRV_NAME;
	info.dma_mask = DMA_BIT_MASK(32);
	board->pcm = platform_device_register_full(&info);
	if (IS_ERR(board->pcm)) {
		err = PTR_ERR(board->pcm);
		goto del_codec;
	}

	if (cfg->id)
		strscpy(pd.id, cfg->id, sizeof(pd.id));
	if (cfg->pcm_prefix)
		strscpy(pd.pcm_prefix, cfg->pcm_prefix, sizeof(pd.pcm_prefix));
	pd.link = cfg->link;
	strscpy(pd.codec, dev_name(&board->codec->dev), sizeof(pd.codec));
	strscpy(pd.pcm, dev_name(&board->pcm->dev), sizeof(pd.pcm));
	info.name = AUDMOD_BOARD_DRV_NAME;
	info.dma_mask = 0;
	info.data = &pd;
	info.size_data = sizeof(pd);
	board->machine = platform_device_register_full(&info);
	if (IS_ERR(board->machine)) {
		err = PTR_ERR(board->machine);
		goto del_pcm;
	}
	/* ASoC sets the driver data to the card once it is registered. */
	if (!platform_get_drvdata(board->machine)) {
		err = -ENODEV;
		goto del_machine;
	}
	return board;

del_machine:
	platform_device_unregister(board->machine);
del_pcm:
	platform_device_unregister(board->pcm);
del_codec:
	platform_device_unregister(board->codec);
free_board:
	kfree(board);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_board_create);

/**
 * audmod_board_destroy() - unregister the card and remove the board
 * @board: board from audmod_board_create(), or NULL.
 *
 * ALSA disconnects the card first: running streams are stopped, and this
 * waits until every file open on the card has been closed.
 * Context: process; may sleep.
 */
void audmod_board_destroy(struct audmod_board *board)
{
	if (!board)
		return;
	platform_device_unregister(board->machine);
	platform_device_unregister(board->pcm);
	platform_device_unregister(board->codec);
	kfree(board);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_board_destroy);

/**
 * audmod_board_card() - the ASoC card of a board
 * @board: board from audmod_board_create().
 *
 * Context: any.
 * Return: the card, valid until audmod_board_destroy().
 */
struct snd_soc_card *audmod_board_card(struct audmod_board *board)
{
	return platform_get_drvdata(board->machine);
}
EXPORT_SYMBOL_IF_KUNIT(audmod_board_card);
