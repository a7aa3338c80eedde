/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide state of audmod-core, set up and torn down by driver/core.c
 * only. Not part of the API in include/audmod/.
 */
#ifndef AUDMOD_CORE_H
#define AUDMOD_CORE_H

/**
 * audmod_sa_module_init() - create the allocator's deferred-free workqueue
 *
 * Return: 0 or -ENOMEM.
 */
int audmod_sa_module_init(void);

/**
 * audmod_sa_module_exit() - drain and destroy that workqueue
 */
void audmod_sa_module_exit(void);

/**
 * audmod_notify_module_exit() - finish the notification frees that were
 * deferred from contexts where kfree() may not run (PREEMPT_RT)
 */
void audmod_notify_module_exit(void);

#endif /* AUDMOD_CORE_H */
