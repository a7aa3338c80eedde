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
 * struct audmod_board_config - what a board instance looks like to users
 * @id: card id (as for snd_card_set_id()), or NULL or "" for the default,
 *	derived from the card name.
 */
struct audmod_board_config {
	const char *id;
};

struct audmod_board *audmod_board_create(const struct audmod_board_config *cfg);
void audmod_board_destroy(struct audmod_board *board);
struct snd_soc_card *audmod_board_card(struct audmod_board *board);

extern struct platform_driver audmod_board_driver;

#endif /* AUDMOD_BOARD_H */
