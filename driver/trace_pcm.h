/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the PCM's virtual DMA engine (driver/dma_engine.c):
 * /sys/kernel/tracing/events/audmod_pcm/.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM audmod_pcm

#if !defined(AUDMOD_TRACE_PCM_H) || defined(TRACE_HEADER_MULTI_READ)
#define AUDMOD_TRACE_PCM_H

#include <linux/string.h>
#include <linux/tracepoint.h>

#define audmod_pcm_show_state(s)					\
	__print_symbolic(s, { 0, "idle" }, { 1, "setup" },		\
			 { 2, "prepared" }, { 3, "running" },		\
			 { 4, "paused" }, { 5, "stopped" })

#define audmod_pcm_show_event(e)					\
	__print_symbolic(e, { 0, "hw_params" }, { 1, "hw_free" },	\
			 { 2, "prepare" }, { 3, "start" }, { 4, "stop" },	\
			 { 5, "pause" }, { 6, "release" }, { 7, "sync" })

TRACE_EVENT(audmod_pcm_state,
	    TP_PROTO(const char *name, int from, int to, int event),
	    TP_ARGS(name, from, to, event),
	    TP_STRUCT__entry(__array(char, name, 16)
			     __field(int, from)
			     __field(int, to)
			     __field(int, event)),
	    TP_fast_assign(strscpy(__entry->name, name, sizeof(__entry->name));
			   __entry->from = from;
			   __entry->to = to;
			   __entry->event = event;),
	    TP_printk("%s %s: %s -> %s", __entry->name,
		      audmod_pcm_show_event(__entry->event),
		      audmod_pcm_show_state(__entry->from),
		      audmod_pcm_show_state(__entry->to))
);

TRACE_EVENT(audmod_pcm_period,
	    TP_PROTO(const char *name, u32 period, u64 completed),
	    TP_ARGS(name, period, completed),
	    TP_STRUCT__entry(__array(char, name, 16)
			     __field(u32, period)
			     __field(u64, completed)),
	    TP_fast_assign(strscpy(__entry->name, name, sizeof(__entry->name));
			   __entry->period = period;
			   __entry->completed = completed;),
	    TP_printk("%s period %u done (%llu since prepare)", __entry->name,
		      __entry->period, __entry->completed)
);

#endif /* AUDMOD_TRACE_PCM_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace_pcm
#include <trace/define_trace.h>
