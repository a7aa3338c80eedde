/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of audmod-core: the notification port (driver/notify.c) and
 * the sample allocator (driver/sample_alloc.c), in
 * /sys/kernel/tracing/events/audmod/. Every event may fire in any context
 * the call it sits in allows, hard interrupt included; a disabled event
 * costs a patched-out jump. A notifier is named by its notification device
 * id, an allocator by the name given at audmod_sa_create().
 *
 * Device ids are guid_t, whose memory layout is the Windows one (the first
 * three fields little-endian): %pUl prints them as Windows and GUID_INIT()
 * write them, like the rest of the driver; %pUb would swap those fields.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM audmod

#if !defined(AUDMOD_TRACE_CORE_H) || defined(TRACE_HEADER_MULTI_READ)
#define AUDMOD_TRACE_CORE_H

#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/uuid.h>

/* Where a notification was dropped and why (trace_audmod_notify_drop). */
#define AUDMOD_TRACE_DROP_OVERFLOW	0	/* its queue was full */
#define AUDMOD_TRACE_DROP_NOMEM		1	/* no memory for its copy */
#define AUDMOD_TRACE_DROP_SHUTDOWN	2	/* still queued at shutdown */

#define audmod_trace_show_drop(r)					\
	__print_symbolic(r, { AUDMOD_TRACE_DROP_OVERFLOW, "overflow" },	\
			 { AUDMOD_TRACE_DROP_NOMEM, "nomem" },		\
			 { AUDMOD_TRACE_DROP_SHUTDOWN, "shutdown" })

#define audmod_trace_show_pool(p)					\
	__print_symbolic(p, { 0, "NonPaged" }, { 1, "Paged" },	\
			 { 512, "NonPagedNx" })

TRACE_EVENT(audmod_notify_alloc,
	    TP_PROTO(const guid_t *dev, u32 pool, u32 bytes, int ret),
	    TP_ARGS(dev, pool, bytes, ret),
	    TP_STRUCT__entry(__array(u8, dev, 16)
			     __field(u32, pool)
			     __field(u32, bytes)
			     __field(int, ret)),
	    TP_fast_assign(memcpy(__entry->dev, dev, 16);
			   __entry->pool = pool;
			   __entry->bytes = bytes;
			   __entry->ret = ret;),
	    TP_printk("%pUl %s %u bytes: %d", __entry->dev,
		      audmod_trace_show_pool(__entry->pool), __entry->bytes,
		      __entry->ret)
);

TRACE_EVENT(audmod_notify_reserve,
	    TP_PROTO(const guid_t *dev, bool taken, unsigned int left),
	    TP_ARGS(dev, taken, left),
	    TP_STRUCT__entry(__array(u8, dev, 16)
			     __field(bool, taken)
			     __field(unsigned int, left)),
	    TP_fast_assign(memcpy(__entry->dev, dev, 16);
			   __entry->taken = taken;
			   __entry->left = left;),
	    TP_printk("%pUl %s a reserve buffer, %u left", __entry->dev,
		      __entry->taken ? "took" : "returned", __entry->left)
);

TRACE_EVENT(audmod_notify_send,
	    TP_PROTO(const guid_t *dev, u64 seq, u32 size, int ret),
	    TP_ARGS(dev, seq, size, ret),
	    TP_STRUCT__entry(__array(u8, dev, 16)
			     __field(u64, seq)
			     __field(u32, size)
			     __field(int, ret)),
	    TP_fast_assign(memcpy(__entry->dev, dev, 16);
			   __entry->seq = seq;
			   __entry->size = size;
			   __entry->ret = ret;),
	    TP_printk("%pUl seq %llu, %u bytes: %d", __entry->dev,
		      __entry->seq, __entry->size, __entry->ret)
);

TRACE_EVENT(audmod_notify_deliver,
	    TP_PROTO(const guid_t *dev, u64 seq, u32 size, u64 lost,
		     bool atomic),
	    TP_ARGS(dev, seq, size, lost, atomic),
	    TP_STRUCT__entry(__array(u8, dev, 16)
			     __field(u64, seq)
			     __field(u64, lost)
			     __field(u32, size)
			     __field(bool, atomic)),
	    TP_fast_assign(memcpy(__entry->dev, dev, 16);
			   __entry->seq = seq;
			   __entry->lost = lost;
			   __entry->size = size;
			   __entry->atomic = atomic;),
	    TP_printk("%pUl seq %llu, %u bytes to the %s consumer (%llu lost so far)",
		      __entry->dev, __entry->seq, __entry->size,
		      __entry->atomic ? "atomic" : "process", __entry->lost)
);

TRACE_EVENT(audmod_notify_drop,
	    TP_PROTO(const guid_t *dev, u64 seq, bool atomic, int reason),
	    TP_ARGS(dev, seq, atomic, reason),
	    TP_STRUCT__entry(__array(u8, dev, 16)
			     __field(u64, seq)
			     __field(bool, atomic)
			     __field(int, reason)),
	    TP_fast_assign(memcpy(__entry->dev, dev, 16);
			   __entry->seq = seq;
			   __entry->atomic = atomic;
			   __entry->reason = reason;),
	    TP_printk("%pUl seq %llu dropped from the %s queue: %s",
		      __entry->dev, __entry->seq,
		      __entry->atomic ? "atomic" : "process",
		      audmod_trace_show_drop(__entry->reason))
);

/* Allocator events: the sample's index and the free samples after it. */
DECLARE_EVENT_CLASS(audmod_sample_class,
		    TP_PROTO(const char *name, u32 index, u32 nfree),
		    TP_ARGS(name, index, nfree),
		    TP_STRUCT__entry(__array(char, name, 24)
				     __field(u32, index)
				     __field(u32, nfree)),
		    TP_fast_assign(strscpy(__entry->name, name,
					   sizeof(__entry->name));
				   __entry->index = index;
				   __entry->nfree = nfree;),
		    TP_printk("%s sample %u, %u free", __entry->name,
			      __entry->index, __entry->nfree)
);

DEFINE_EVENT(audmod_sample_class, audmod_sample_get,
	     TP_PROTO(const char *name, u32 index, u32 nfree),
	     TP_ARGS(name, index, nfree));

DEFINE_EVENT(audmod_sample_class, audmod_sample_release,
	     TP_PROTO(const char *name, u32 index, u32 nfree),
	     TP_ARGS(name, index, nfree));

TRACE_EVENT(audmod_sample_hook,
	    TP_PROTO(const char *name, u32 index),
	    TP_ARGS(name, index),
	    TP_STRUCT__entry(__array(char, name, 24)
			     __field(u32, index)),
	    TP_fast_assign(strscpy(__entry->name, name, sizeof(__entry->name));
			   __entry->index = index;),
	    TP_printk("%s release hook called for sample %u", __entry->name,
		      __entry->index)
);

#endif /* AUDMOD_TRACE_CORE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace_core
#include <trace/define_trace.h>
