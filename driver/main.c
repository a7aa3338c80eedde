// SPDX-License-Identifier: GPL-2.0
/*
 * snd-soc-audmod: module entry. Registers the drivers of the virtual dev
 * board (codec, CPU DAI + PCM platform, machine) and creates one board, so
 * that insmod alone gives a sound card on any machine, without device tree
 * or ACPI. The card's index is ALSA's: "options snd slots=snd-soc-audmod"
 * reserves slot 0 for it (ASoC cards take the first free slot).
 *
 * Where the device tree describes the codec ("audmod,codec"), a generic
 * card driver of the board makes the card from the DT nodes and the
 * virtual board is not created, so that there is one card, not two
 * (module parameter virtual_board).
 */
#include <linux/err.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <sound/core.h>

#include "board.h"
#include "codec.h"
#include "compat.h"
#include "pcm.h"

static char *id = "audmod";
module_param(id, charp, 0444);
MODULE_PARM_DESC(id, "ID string for the audmod card.");
static int virtual_board = -1;
module_param(virtual_board, int, 0444);
MODULE_PARM_DESC(virtual_board,
		 "Create the virtual dev board: 1 always, 0 never, -1 (default) unless the device tree describes the codec.");

static struct platform_driver * const audmod_drivers[] = {
	&audmod_codec_driver,
	&audmod_pcm_driver,
	&audmod_board_driver,
};

static struct audmod_board *audmod_board;

/* An enabled DT node of our codec: a board's DT makes the card. */
static bool audmod_codec_in_dt(void)
{
	struct device_node *np;

	for_each_compatible_node(np, NULL, "audmod,codec") {
		if (of_device_is_available(np)) {
			of_node_put(np);
			return true;
		}
	}
	return false;
}

static int __init audmod_init(void)
{
	const struct audmod_board_config cfg = {
		.id = id,
	};
	int ret;

	ret = platform_register_drivers(audmod_drivers,
					ARRAY_SIZE(audmod_drivers));
	if (ret)
		return ret;

	if (!virtual_board || (virtual_board < 0 && audmod_codec_in_dt())) {
		pr_info("audmod: no virtual board (%s)\n", virtual_board ?
			"the device tree describes the card" : "virtual_board=0");
		return 0;
	}
	audmod_board = audmod_board_create(&cfg);
	if (IS_ERR(audmod_board)) {
		platform_unregister_drivers(audmod_drivers,
					    ARRAY_SIZE(audmod_drivers));
		return PTR_ERR(audmod_board);
	}
	return 0;
}

static void __exit audmod_exit(void)
{
	audmod_board_destroy(audmod_board);
	platform_unregister_drivers(audmod_drivers, ARRAY_SIZE(audmod_drivers));
}

module_init(audmod_init);
module_exit(audmod_exit);

MODULE_DESCRIPTION("ASoC codec with PortCls-style audio modules on a virtual dev board");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(AUDMOD_NS);
