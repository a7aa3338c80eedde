/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual dev board: the devices of one audmod sound card (codec,
 * CPU DAI + PCM platform, machine) and the machine driver that binds them
 * into a card. No device tree or ACPI is involved.
 */
#ifndef AUDMOD_BOARD_H
#define AUDMOD_BOARD_H

#include <linux/platform_device.h>

struct snd_soc_card;
struct audmod_board;

#define AUDMOD_BOARD_DRV_NAME	"audmod-board"

/**
 * enum audmod_board_link - the components of the board's DAI link
 * @AUDMOD_BOARD_LINK_AUDMOD: our platform (CPU DAI + PCM) and our codec.
 * @AUDMOD_BOARD_LINK_DUMMY_CODEC: our platform and ASoC's dummy codec, as
 *	a board pairing the audmod,pcm node with a foreign codec has it.
 * @AUDMOD_BOARD_LINK_TWO_CODECS: our platform, our codec and the dummy
 *	codec on one link.
 * @AUDMOD_BOARD_LINK_DUMMY_PLATFORM: ASoC's dummy CPU DAI and platform
 *	with our codec.
 */
enum audmod_board_link {
	AUDMOD_BOARD_LINK_AUDMOD,
	AUDMOD_BOARD_LINK_DUMMY_CODEC,
	AUDMOD_BOARD_LINK_TWO_CODECS,
	AUDMOD_BOARD_LINK_DUMMY_PLATFORM,
};

/**
 * struct audmod_board_config - what a board instance looks like to users
 * @id: card id (as for snd_card_set_id()), or NULL or "" for the default,
 *	derived from the card name.
 * @link: which components the DAI link joins; the others (test boards)
 *	exist to check our components against foreign ones.
 * @pcm_prefix: name prefix of the platform component's controls (as a
 *	board's codec_conf or sound-name-prefix gives it), or NULL.
 */
struct audmod_board_config {
	const char *id;
	enum audmod_board_link link;
	const char *pcm_prefix;
};

struct audmod_board *audmod_board_create(const struct audmod_board_config *cfg);
void audmod_board_destroy(struct audmod_board *board);
struct snd_soc_card *audmod_board_card(struct audmod_board *board);

extern struct platform_driver audmod_board_driver;

#endif /* AUDMOD_BOARD_H */
