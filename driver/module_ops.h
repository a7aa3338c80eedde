/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a module does beyond holding its parameter values: the table the
 * modules layer calls for every module that has behaviour of its own (the
 * level meter), so that such a module needs to know nothing of the layer.
 */
#ifndef AUDMOD_MODULE_OPS_H
#define AUDMOD_MODULE_OPS_H

#include <linux/types.h>

/**
 * struct audmod_module_ops - behaviour of one module
 * @reset: put @state in its initial condition. Under the modules' lock.
 * @changed: parameter @param of the module was just set; the module may
 *	change other values in @values (its parameter values) as a side
 *	effect. Under the modules' lock: must not sleep.
 *	Return: a bitmask of the other parameters it changed.
 * @period: one period of audio of direction @dir (SNDRV_PCM_STREAM_*)
 *	whose highest level (16-bit scale) is @level. The module may change
 *	@values; to send a notification it fills @note (the bytes after the
 *	notification header, at most @note_max) and sets *@note_bytes. Under
 *	the modules' lock: must not sleep.
 *	Return: a bitmask of the parameters it changed.
 * @pause: nobody has read the module for a while (see
 *	audmod_modules_feed()): it stops taking @period calls until it is read
 *	again, and forgets what it measured so that no reader ever gets a
 *	value from before the pause. Returns a bitmask of the parameters it
 *	changed. Under the modules' lock: must not sleep. NULL: the module
 *	never pauses.
 * @wants_level: the module takes @period calls only while this parameter
 *	is non-zero (its switch).
 * @read_param: with @pause: the parameter whose reads keep it measuring.
 */
struct audmod_module_ops {
	void (*reset)(void *state);
	u32 (*changed)(void *state, u64 *values, unsigned int param);
	u32 (*period)(void *state, u64 *values, unsigned int dir, u32 level,
		      void *note, u32 note_max, u32 *note_bytes);
	u32 (*pause)(void *state, u64 *values);
	unsigned int wants_level;
	unsigned int read_param;
};

#endif /* AUDMOD_MODULE_OPS_H */
