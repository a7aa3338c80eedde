/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-only entry points of audmod-core, for its KUnit suites and nothing
 * else: they are exported (EXPORT_SYMBOL_IF_KUNIT, namespace
 * EXPORTED_FOR_KUNIT_TESTING) only on kernels with KUnit, and are not part
 * of the API in include/audmod/.
 */
#ifndef AUDMOD_CORE_KUNIT_H
#define AUDMOD_CORE_KUNIT_H

#include <linux/fault-inject.h>
#include <linux/types.h>

#include <kunit/visibility.h>
#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/static_stub.h>
#else
/* Kernels without KUnit (6.1 stock) may lack the header: no redirection. */
#define KUNIT_STATIC_STUB_REDIRECT(...) do {} while (0)
#endif

struct audmod_sample_allocator;

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * audmod_notifier_alloc_fails() - whether the notifier's next allocation fails
 * @size: bytes requested
 * @gfp: allocation flags
 *
 * Called before every allocation the notifier makes (create, reserve
 * refill, buffers, payload copies), in every context it is used from.
 * Without a test it consults the fault attribute
 * audmod_notifier_fail_alloc (CONFIG_FAULT_INJECTION; debugfs
 * "fail_audmod_notifier"). A KUnit test replaces it for its own thread with
 * kunit_activate_static_stub(), to decide and to observe each allocation.
 *
 * Return: true to make the allocation fail.
 */
bool audmod_notifier_alloc_fails(size_t size, gfp_t gfp);

#ifdef CONFIG_FAULT_INJECTION
/* The notifier's fault attribute, for tests that fail work-item allocations. */
extern struct fault_attr audmod_notifier_fail_alloc;
#endif
#endif /* CONFIG_KUNIT */

/**
 * struct audmod_sa_stats - allocator counters, for tests and debugging
 * @sleepers: getters asleep in audmod_sa_get_buffer() right now (each is on
 *	the wait queue when it is counted).
 * @wakeups: times a sleeping getter was woken (by a release or decommit).
 * @releases: samples returned to the free list since creation.
 */
struct audmod_sa_stats {
	u32 sleepers;
	u64 wakeups;
	u64 releases;
};

/**
 * audmod_sa_get_stats() - read the allocator's counters
 * @sa: allocator.
 * @stats: receives a consistent snapshot.
 *
 * Context: any.
 * Return: 0, or -EINVAL if @sa or @stats is NULL.
 */
int audmod_sa_get_stats(struct audmod_sample_allocator *sa,
			struct audmod_sa_stats *stats);

/**
 * audmod_sa_flush_deferred() - wait for deferred frees to finish
 *
 * Memory freed because the last outstanding sample came back after a
 * decommit (or after audmod_sa_destroy()) is released by a work item. On
 * return every such work item queued before the call has finished.
 * Context: process; may sleep.
 */
void audmod_sa_flush_deferred(void);

/**
 * audmod_errno_to_ntstatus() - the NTSTATUS equivalent of an errno
 * @err: 0 or a negative errno
 *
 * The inverse of audmod_ntstatus_to_errno(), from the same table: tests
 * use it to check that the table is a bijection. Any context.
 *
 * Return: the NTSTATUS whose errno is @err, %AUDMOD_STATUS_UNSUCCESSFUL for
 * an errno the table does not hold.
 */
u32 audmod_errno_to_ntstatus(int err);

#endif /* AUDMOD_CORE_KUNIT_H */
