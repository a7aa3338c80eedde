/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * audmod: layouts shared with userspace.
 *
 * This header is self-contained and includable from userspace C (C90 and
 * later) and C++ (C++98 and later): it includes only <linux/types.h> and
 * <linux/ioctl.h>, no libc header, and passes the kernel's uAPI header test
 * (make lint compiles it as that test does, and as C99, C11, C++98 and
 * C++17). Every structure has an explicit size and explicit field offsets,
 * written in its comment, and the same layout for 32- and 64-bit
 * processes. The driver checks them when it is built
 * (driver/uapi_layout.c), and make lint checks them for 64- and 32-bit
 * userspace; a userspace program may check what it relies on itself, from
 * the sizes and offsets written here.
 * All multi-byte integers are little-endian, as on Windows, whatever the
 * host byte order.
 *
 * Contents, in order (later parts are appended after the last one):
 *  1. GUIDs
 *  2. Audio-module notifications (KSAUDIOMODULE_NOTIFICATION)
 *  3. Audio modules: descriptors and parameters
 *  4. Module notification payloads
 *  5. The command (KSPROPERTY_AUDIOMODULE_COMMAND)
 *  6. The latest notification
 *  7. Control names
 *  8. The notification channel (hwdep device)
 */
#ifndef _UAPI_AUDMOD_H
#define _UAPI_AUDMOD_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* ---- 1. GUIDs ----------------------------------------------------------- */

/**
 * struct audmod_guid - a Windows GUID as it is laid out in memory
 * @b: the 16 bytes. Windows byte order: Data1 (32 bits) at 0, Data2 (16 bits)
 *     at 4 and Data3 (16 bits) at 6 are little-endian; Data4 (8 bytes) at 8
 *     is a plain byte array. This is the layout of the kernel's guid_t, so
 *     GUID_INIT() values and %pUl print it the way Windows writes it.
 *
 * Size 16, alignment 1.
 */
struct audmod_guid {
	__u8 b[16];
};

/* ---- 2. Audio-module notifications --------------------------------------- */

/**
 * struct audmod_notification_header - KSAUDIOMODULE_NOTIFICATION
 * @device_id: offset 0: the notification device id of the sending device
 *             (what KSPROPERTY_AUDIOMODULE_NOTIFICATION_DEVICE_ID returns).
 *             A notification whose device id differs is refused.
 * @class_id: offset 16: the class id of the module that notifies.
 * @instance_id: offset 32: the instance id of that module, little-endian.
 * @reserved: offset 36: must be zero; notifications with another value are
 *            refused.
 *
 * Every notification payload begins with this header; the vendor-defined
 * bytes of the module follow it at offset %AUDMOD_NOTIFICATION_HEADER_SIZE.
 * Size 40, alignment 8 (Windows declares it in a union with a LONGLONG).
 */
struct audmod_notification_header {
	struct audmod_guid device_id;
	struct audmod_guid class_id;
	__le32 instance_id;
	__le32 reserved;
} __attribute__((aligned(8)));

/* Bytes of struct audmod_notification_header, the start of every payload. */
#define AUDMOD_NOTIFICATION_HEADER_SIZE 40
/*
 * Largest notification payload, header included: Windows passes the size as
 * a USHORT (IPortClsNotifications::AllocNotificationBuffer).
 */
#define AUDMOD_NOTIFICATION_MAX_BYTES 65535

/* ---- 3. Audio modules: descriptors and parameters ------------------------ */

/*
 * The card hosts four audio modules (the three of the Windows sysvad sample
 * and a level meter), one instance of each, all with instance id 0: sysvad
 * keeps a filter-level template per module plus per-stream copies; here the
 * card has one set of modules shared by its streams, which is the filter
 * ("software cache") view of sysvad.
 *
 * Each module has one read-only BYTES control "<Prefix> Descriptor" holding a
 * struct audmod_module_descriptor, and one control per parameter named
 * "<Prefix> <Parameter>"; see section 7 for the names.
 */

/* Bytes of &audmod_module_descriptor.name, the terminating NUL included. */
#define AUDMOD_MODULE_NAME_SIZE 128

/**
 * struct audmod_module_descriptor - KSAUDIOMODULE_DESCRIPTOR
 * @class_id: offset 0: the module type (see AUDMOD_CLASS_*).
 * @instance_id: offset 16: distinguishes instances of one class; 0 here.
 * @version_major: offset 20.
 * @version_minor: offset 24.
 * @name: offset 28: the module name in UTF-8, NUL-terminated and NUL-padded.
 *        Windows uses 128 UTF-16 units; UTF-8 in as many bytes is what a
 *        Linux program wants and holds every name used here.
 *
 * Size 156, alignment 4. The value of the "<Prefix> Descriptor" controls.
 */
struct audmod_module_descriptor {
	struct audmod_guid class_id;
	__le32 instance_id;
	__le32 version_major;
	__le32 version_minor;
	char name[AUDMOD_MODULE_NAME_SIZE];
};

#define AUDMOD_MODULE_DESCRIPTOR_SIZE 156

/*
 * Module class ids, as struct audmod_guid initialisers. The first three are
 * those of sysvad (AudioModule0/1/2.h); the level meter's is ours.
 */
/* {E24C8B6F-EDE7-4255-8B39-77976015D593} "Generic system module", 1.0 */
#define AUDMOD_CLASS_GENERIC { { 0x6f, 0x8b, 0x4c, 0xe2, 0xe7, 0xed, 0x55, 0x42, \
				 0x8b, 0x39, 0x77, 0x97, 0x60, 0x15, 0xd5, 0x93 } }
/* {5CE55C8E-84DF-4317-98C7-792DE83366CC} "EQ effect", 2.1 */
#define AUDMOD_CLASS_EQ { { 0x8e, 0x5c, 0xe5, 0x5c, 0xdf, 0x84, 0x17, 0x43, \
			    0x98, 0xc7, 0x79, 0x2d, 0xe8, 0x33, 0x66, 0xcc } }
/* {CC2A9527-19D9-4784-8DD4-6C1FE01E3726} "Echo cancellation", 2.0 */
#define AUDMOD_CLASS_AEC { { 0x27, 0x95, 0x2a, 0xcc, 0xd9, 0x19, 0x84, 0x47, \
			     0x8d, 0xd4, 0x6c, 0x1f, 0xe0, 0x1e, 0x37, 0x26 } }
/* {C6575BEF-ECB3-47D1-A0E4-374FF8687584} "Level meter", 1.0 */
#define AUDMOD_CLASS_LEVEL_METER { { 0xef, 0x5b, 0x57, 0xc6, 0xb3, 0xec, 0xd1, 0x47, \
				     0xa0, 0xe4, 0x37, 0x4f, 0xf8, 0x68, 0x75, 0x84 } }

/*
 * Parameter ids (the ParameterId of the command, section 5) and their
 * value types (VARTYPE, AUDMOD_VT_*). Access: G get, S set, B basic support;
 * "notify" marks AUDIOMODULE_PARAMETER_FLAG_CHANGE_NOTIFICATION.
 *
 *   module        id  control              type    access notify valid values
 *   generic        0  "Generic Module P1"  UI4     G S B  yes    1, 2, 5
 *   generic        1  "Generic Module P2"  UI1     G B    no     0-0xFE
 *   EQ             0  "EQ Effect P1"       UI1     G S B  yes    0, 1, 2
 *   EQ             1  "EQ Effect P2"       UI8     G B    no     0-2^63-1
 *   EQ             2  "EQ Effect P3"       UI4     G S B  yes    0-0xFF000000,
 *                                                                 step 0x01000000
 *   echo canc.     0  "Echo Cancel P1"     UI4     G S B  yes    1, 0xFFFFFFFE
 *   echo canc.     1  "Echo Cancel P2"     UI2     G B    no     0-0xFFFE
 *   level meter    0  "Level Meter Threshold" UI4  G S B  yes    1-32768
 *   level meter    1  "Level Meter Peak"   UI4     G B    no     0-32768
 *   level meter    2  "Level Meter Switch" UI1     G S B  yes    0, 1
 *
 * A value with every byte 0xFF is invalid for a parameter without a list of
 * valid values (sysvad's negative-test rule). Parameters with a list or a
 * step are ENUMERATED controls whose item names are the values in decimal
 * (EQ P3: 256 items, "0" to "4278190080"), except the {0, 1} one, a
 * BOOLEAN; the others are INTEGER where every valid value fits a signed
 * 32-bit integer, else INTEGER64 (EQ P2, read-only). Read-only parameters
 * are read-only controls.
 *
 * Where this differs from sysvad: sysvad accepts any value but all-0xFF for
 * "EQ Effect P3"; here it takes the multiples of 0x01000000 up to
 * 0xFF000000 (BASIC_SUPPORT answers AUDMOD_MEMBERS_STEPPED_RANGES), so that
 * a generic client that tries every valid value of every control is done
 * after 256 writes instead of four billion. The level meter is ours.
 *
 * The level meter reads every played and captured sample. Its level scale
 * is 16-bit full scale: |sample| of S16, |sample| >> 16 of S32 (0-32768).
 * "Peak" is the highest level, played or captured, since the meter was
 * switched on; when the highest level of one period reaches the threshold
 * after a period below it in the same direction (playback and capture are
 * tracked apart), the meter sends an AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD
 * notification. Switching the meter on (0 -> 1) re-arms both directions
 * and forgets the peak held so far; "Peak" keeps its value until the next
 * period sets it, so the switch's write changes no other control.
 */
#define AUDMOD_GENERIC_P1		0
#define AUDMOD_GENERIC_P2		1
#define AUDMOD_EQ_P1			0
#define AUDMOD_EQ_P2			1
#define AUDMOD_EQ_P3			2
#define AUDMOD_AEC_P1			0
#define AUDMOD_AEC_P2			1
#define AUDMOD_LEVEL_THRESHOLD		0
#define AUDMOD_LEVEL_PEAK		1
#define AUDMOD_LEVEL_SWITCH		2

/* Full scale of the level meter (|-32768|). */
#define AUDMOD_LEVEL_FULL_SCALE		32768

/* VARTYPE values of the parameters (Windows wtypes.h). */
#define AUDMOD_VT_UI1			17
#define AUDMOD_VT_UI2			18
#define AUDMOD_VT_UI4			19
#define AUDMOD_VT_UI8			21

/* ---- 4. Module notification payloads -------------------------------------- */

/* &audmod_module_notification.type values. */
/* A notify-on-change parameter changed (sysvad's ParameterChanged). */
#define AUDMOD_NOTIFY_PARAMETER_CHANGED		0
/* The level meter went over its threshold; struct audmod_level_notification. */
#define AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD	1
/*
 * Sent on request by the card's debugfs test sender (file
 * "audio-modules-send" in the codec's debugfs directory), with
 * @parameter_id 0, 1 or 2 for a send from process, softirq or hard-irq
 * context. Never sent otherwise.
 */
#define AUDMOD_NOTIFY_TEST			0x7fff

/**
 * struct audmod_module_notification - what the modules send
 * @header: offset 0: KSAUDIOMODULE_NOTIFICATION of the sending module.
 * @type: offset 40: AUDMOD_NOTIFY_*.
 * @parameter_id: offset 44: the parameter concerned.
 *
 * Size 48, the whole payload of AUDMOD_NOTIFY_PARAMETER_CHANGED, exactly as
 * sysvad sends it. The new value is read through the parameter's control or
 * a GET command.
 */
struct audmod_module_notification {
	struct audmod_notification_header header;
	__le32 type;
	__le32 parameter_id;
};

/**
 * struct audmod_level_notification - AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD
 * @base: offset 0: header, type and parameter_id (%AUDMOD_LEVEL_PEAK).
 * @level: offset 48: highest level of the period that crossed.
 * @threshold: offset 52: the threshold it reached.
 *
 * Size 56.
 */
struct audmod_level_notification {
	struct audmod_module_notification base;
	__le32 level;
	__le32 threshold;
};

/* ---- 5. The command (KSPROPERTY_AUDIOMODULE_COMMAND) ---------------------- */

/*
 * A command is one ioctl on the notification channel's hwdep device
 * (section 8): %AUDMOD_IOCTL_COMMAND takes a union audmod_command holding a
 * struct audmod_command_request and, when it succeeds, returns the struct
 * audmod_command_reply in the same 512 bytes. The reply belongs to that call
 * alone: no other process can read it, and nothing of a command outlives its
 * ioctl. A failing command returns -1 with errno set and leaves the buffer
 * and every parameter value unchanged.
 *
 * The verb is decoded as sysvad decodes it, as bits tested in this order:
 * BASIC_SUPPORT, then GET, then SET; the first present decides and the other
 * bits are ignored. A verb with none of them is an invalid device request.
 *  GET            @value_size is the size of the caller's output buffer:
 *                 0 asks for the size (reply status BUFFER_OVERFLOW, @size
 *                 the size needed); smaller than the parameter: -ENOSPC
 *                 (STATUS_BUFFER_TOO_SMALL); otherwise the reply carries the
 *                 value (little-endian, @size bytes). Output buffers over
 *                 %AUDMOD_COMMAND_REPLY_VALUE_MAX count as that size.
 *  SET            @value holds @value_size bytes; the first bytes, as many
 *                 as the parameter's size, are the new value (little-endian)
 *                 and more are ignored, as in sysvad. An invalid value, a
 *                 @value_size smaller than the parameter or over
 *                 %AUDMOD_COMMAND_REQUEST_VALUE_MAX: -EINVAL
 *                 (STATUS_INVALID_PARAMETER). The reply carries no value.
 *  BASIC_SUPPORT  @value_size is the output buffer size, answered as
 *                 sysvad does: 0 -> BUFFER_OVERFLOW with the full size;
 *                 at least the full size -> struct audmod_param_description
 *                 followed, for parameters with valid values or a range, by
 *                 struct audmod_param_members and the members; at least 24
 *                 -> the description only; at least 4 -> the access flags
 *                 only (__le32); less -> -ENOSPC.
 *
 * Errors (the NTSTATUS of the failure, mapped through the table of the
 * driver's ntstatus header):
 *  unknown class id or instance id, unknown parameter id, invalid value or
 *  size                                        -EINVAL (INVALID_PARAMETER)
 *  no BASIC_SUPPORT, GET or SET bit in @verb; a verb the parameter does not
 *  allow (SET of a read-only parameter)        -EOPNOTSUPP
 *                                              (INVALID_DEVICE_REQUEST)
 *  output buffer too small                     -ENOSPC (BUFFER_TOO_SMALL)
 *  the argument cannot be read or written      -EFAULT
 *  the card is being removed                   -ENODEV
 *
 * A SET that changes a parameter raises one value event on that parameter's
 * control before the ioctl returns and, for a notify-on-change parameter,
 * sends one AUDMOD_NOTIFY_PARAMETER_CHANGED notification, as sysvad does. A
 * SET to the value already held changes nothing and raises nothing.
 *
 * Where this differs from Windows: Windows sends KSAUDIOMODULE_PROPERTY (a
 * 24-byte KSPROPERTY, the class id and the instance id, 48 bytes with
 * padding) followed by {Verb, ParameterId} and the value, and returns the
 * value and its size in the property's output buffer with the NTSTATUS of
 * the IRP. Here the ioctl number names the property, so there is no
 * KSPROPERTY; verb and parameter id come first; the output size travels in
 * @value_size; and the reply is a structure of its own that carries the
 * NTSTATUS of a successful call (SUCCESS or BUFFER_OVERFLOW).
 */
#define AUDMOD_VERB_GET			0x00000001
#define AUDMOD_VERB_SET			0x00000002
#define AUDMOD_VERB_BASIC_SUPPORT	0x00000200
/* First field of every reply. As a request it has no verb bit: refused. */
#define AUDMOD_VERB_REPLY		0x80000000

/* Bytes of a command request and of its reply. */
#define AUDMOD_COMMAND_BYTES		512
#define AUDMOD_COMMAND_REQUEST_VALUE_MAX 480
#define AUDMOD_COMMAND_REPLY_VALUE_MAX	472

/**
 * struct audmod_command_request - one command, as the caller fills it
 * @verb: offset 0: AUDMOD_VERB_GET, _SET or _BASIC_SUPPORT.
 * @parameter_id: offset 4: the parameter (section 3).
 * @class_id: offset 8: the module class (KSAUDIOMODULE_PROPERTY.ClassId).
 * @instance_id: offset 24: the module instance (0).
 * @value_size: offset 28: SET: bytes in @value; GET and BASIC_SUPPORT: the
 *              output buffer size.
 * @value: offset 32: SET: the value.
 *
 * Size 512.
 */
struct audmod_command_request {
	__le32 verb;
	__le32 parameter_id;
	struct audmod_guid class_id;
	__le32 instance_id;
	__le32 value_size;
	__u8 value[AUDMOD_COMMAND_REQUEST_VALUE_MAX];
};

/**
 * struct audmod_command_reply - the answer, in place of the request
 * @verb: offset 0: always %AUDMOD_VERB_REPLY.
 * @parameter_id: offset 4: as in the request.
 * @class_id: offset 8: as in the request.
 * @instance_id: offset 24: as in the request.
 * @status: offset 28: NTSTATUS: 0 (SUCCESS) or 0x80000005 (BUFFER_OVERFLOW,
 *          the answer to a size query).
 * @size: offset 32: bytes in @value; with BUFFER_OVERFLOW the size needed.
 * @request_verb: offset 36: the verb of the request answered.
 * @value: offset 40: the output; bytes past @size are zero.
 *
 * Size 512.
 */
struct audmod_command_reply {
	__le32 verb;
	__le32 parameter_id;
	struct audmod_guid class_id;
	__le32 instance_id;
	__le32 status;
	__le32 size;
	__le32 request_verb;
	__u8 value[AUDMOD_COMMAND_REPLY_VALUE_MAX];
};

/**
 * union audmod_command - the argument of %AUDMOD_IOCTL_COMMAND
 * @request: in: the command.
 * @reply: out, when the ioctl returns 0: its answer.
 *
 * Size 512.
 */
union audmod_command {
	struct audmod_command_request request;
	struct audmod_command_reply reply;
};

/* &audmod_param_description.flags: AUDIOMODULE_PARAMETER_FLAG_CHANGE_NOTIFICATION */
#define AUDMOD_PARAM_FLAG_CHANGE_NOTIFICATION	0x1
/* &audmod_param_members.members_flags: the KSPROPERTY_MEMBER_* values */
#define AUDMOD_MEMBERS_RANGES		1
#define AUDMOD_MEMBERS_STEPPED_RANGES	2
#define AUDMOD_MEMBERS_VALUES		3

/**
 * struct audmod_param_description - BASIC_SUPPORT answer
 * @access_flags: offset 0: the verbs allowed (AUDMOD_VERB_* bits).
 * @description_size: offset 4: bytes of the full answer: this, then the
 *                    members header and members when @members_list_count
 *                    is 1.
 * @vt_type: offset 8: AUDMOD_VT_* (KSPROPERTY_DESCRIPTION.PropTypeSet.Id).
 * @flags: offset 12: AUDMOD_PARAM_FLAG_*.
 * @members_list_count: offset 16: 0 or 1.
 * @reserved: offset 20: 0.
 *
 * Size 24; Windows' KSPROPERTY_DESCRIPTION is 40 bytes. It carries what
 * KSPROPERTY_DESCRIPTION carries except the property type-set GUID and
 * flags (always KSPROPTYPESETID_General in sysvad: only its Id, the
 * VARTYPE, is kept), plus the parameter flags.
 */
struct audmod_param_description {
	__le32 access_flags;
	__le32 description_size;
	__le32 vt_type;
	__le32 flags;
	__le32 members_list_count;
	__le32 reserved;
};

/**
 * struct audmod_param_members - KSPROPERTY_MEMBERSHEADER
 * @members_flags: offset 0: AUDMOD_MEMBERS_VALUES (a list of valid values),
 *                 AUDMOD_MEMBERS_RANGES (one {minimum, maximum} pair) or
 *                 AUDMOD_MEMBERS_STEPPED_RANGES (one {step, 0, minimum,
 *                 maximum}, KSPROPERTY_STEPPING_LONG for a 4-byte value).
 * @members_size: offset 4: bytes of one member: the parameter size for
 *                values, twice it for a range, four times it for a
 *                stepped range.
 * @members_count: offset 8: number of members.
 * @flags: offset 12: 0.
 *
 * Size 16, as on Windows. The members follow it, little-endian,
 * @members_size bytes each.
 */
struct audmod_param_members {
	__le32 members_flags;
	__le32 members_size;
	__le32 members_count;
	__le32 flags;
};

/* ---- 6. The latest notification ------------------------------------------ */

/*
 * The read-only BYTES control "Audio Module Notification" shows the latest
 * notification the card delivered, as a struct audmod_notification_record
 * with as much of its payload as fits (%AUDMOD_NOTIFICATION_RECORD_DATA_MAX
 * bytes). It is for "alsactl monitor" and "amixer events" users and is not
 * a queue: ALSA merges the pending events of one control into one, so a
 * client that is slow to read its control events sees one event for
 * several notifications and only the latest record. A client that needs
 * every notification reads the notification channel (section 8). All zero
 * before the first notification.
 *
 * Its value event: raised for every notification except ParameterChanged
 * ones, which the changed parameter's own control announces with its
 * value event (one write, one event: generic clients count the events a
 * write causes on any control). So the control is VOLATILE: it may change
 * without an event of its own.
 *
 * The read-only INTEGER64 control "Audio Module Notifications Dropped"
 * counts the notifications the card accepted and then dropped before any
 * reader could see them (the port's queue full, no memory for a large
 * payload, removal); every reader misses those. What one reader misses
 * because it did not keep up is reported to that reader alone, in its
 * channel records.
 */
#define AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE 32
#define AUDMOD_NOTIFICATION_RECORD_DATA_MAX 480

/**
 * struct audmod_notification_record - the latest notification
 * @seq: offset 0: its sequence number (from 1; every notification the card
 *       accepts takes the next one).
 * @timestamp_ns: offset 8: CLOCK_MONOTONIC time of the send, ns.
 * @dropped: offset 16: notifications dropped by the card so far, cumulative;
 *           the value of the "Audio Module Notifications Dropped" control.
 * @size: offset 24: bytes of the payload (header included).
 * @captured: offset 28: bytes of the payload present in @data.
 * @data: offset 32: the payload: struct audmod_notification_header, then
 *        the module's bytes (struct audmod_module_notification, ...).
 *
 * Size 512 (the control value).
 */
struct audmod_notification_record {
	__le64 seq;
	__le64 timestamp_ns;
	__le64 dropped;
	__le32 size;
	__le32 captured;
	__u8 data[AUDMOD_NOTIFICATION_RECORD_DATA_MAX];
};

/* ---- 7. Control names ----------------------------------------------------- */

/*
 * All controls are on the MIXER interface, index 0. A component name prefix,
 * if the machine driver sets one, precedes every name.
 *
 *   name                                   type        access  count
 *   "<Prefix> Descriptor"                  BYTES       R       156
 *   "<Prefix> <Parameter>" (section 3)     see there   R or RW 1
 *   "Audio Module Notification"            BYTES       R, vol. 512
 *   "Audio Module Notification Device ID"  BYTES       R       16
 *   "Audio Module Notifications Dropped"   INTEGER64   R       1
 *
 * Prefixes: "Generic Module", "EQ Effect", "Echo Cancel", "Level Meter".
 * The device id is a GUID generated when the card is created and kept while
 * it exists (KSPROPERTY_AUDIOMODULE_NOTIFICATION_DEVICE_ID); every
 * notification header carries it.
 *
 * Where this differs from Windows: KSPROPERTY_AUDIOMODULE_DESCRIPTORS
 * returns a KSMULTIPLE_ITEM {Size, Count} followed by one 284-byte
 * KSAUDIOMODULE_DESCRIPTOR per module, names in UTF-16. Here each module
 * has its own descriptor control of 156 bytes with a UTF-8 name (section
 * 3), and the controls themselves are the list.
 */
#define AUDMOD_CTL_NOTIFICATION		"Audio Module Notification"
#define AUDMOD_CTL_DEVICE_ID		"Audio Module Notification Device ID"
#define AUDMOD_CTL_DROPPED		"Audio Module Notifications Dropped"
#define AUDMOD_CTL_DESCRIPTOR_SUFFIX	" Descriptor"

/* ---- 8. The notification channel (hwdep device) --------------------------- */

/*
 * Every card has one ALSA hwdep device, /dev/snd/hwC<card>D<device>, whose
 * snd_hwdep_info has id %AUDMOD_HWDEP_ID and iface %AUDMOD_HWDEP_IFACE
 * (find it with SNDRV_CTL_IOCTL_HWDEP_NEXT_DEVICE and _HWDEP_INFO on the
 * card's control device; it is device 0 unless the machine adds others). It
 * carries every notification to every process that opens it, and the
 * commands of section 5. Any number of processes may open it at once.
 *
 * Each open file has its own read position in the stream of notifications,
 * starting at the first notification delivered after the open. The card
 * keeps the latest notifications, an unbroken run up to the newest: at most
 * %AUDMOD_CHANNEL_RECORDS of them, whose payloads, each rounded up to a
 * multiple of 8 bytes, total at most %AUDMOD_CHANNEL_BYTES (the record
 * headers are not stored: read() makes them). It always keeps the newest
 * ones that number at most %AUDMOD_CHANNEL_RECORDS and whose rounded
 * payloads total at most %AUDMOD_CHANNEL_BYTES - %AUDMOD_NOTIFICATION_MAX_BYTES
 * (room at the end of its ring may go unused); a reader is never told it
 * missed one of those. A new notification replaces the oldest as needed,
 * and a reader that has not read them by then misses them. A reader never
 * delays the card or another reader, however slowly it reads or however
 * slowly its buffer faults in.
 *
 * read() returns whole records, in order, as many as fit in the buffer and
 * at least one: a struct audmod_channel_record, then its payload, then
 * zero padding to the next multiple of 8 bytes. With no record there it
 * blocks until one is, or fails with -EAGAIN on an O_NONBLOCK file. A read
 * of 0 bytes returns 0 at once. A buffer too small for the next record:
 * -EINVAL, and the record stays (%AUDMOD_CHANNEL_READ_MAX bytes are always
 * enough). After the card is removed: -ENODEV. poll() reports EPOLLIN |
 * EPOLLRDNORM while a record is readable and EPOLLERR | EPOLLHUP once the
 * card is removed. The position is a sequence number, not an offset:
 * lseek(), pread() and pwrite() fail with -ESPIPE; write() is not
 * supported.
 *
 * Exactness: @missed of each record is the number of notifications this open
 * file will never see between the record it read before (or its open) and
 * this one, whatever the reason (the card dropped them, or they were
 * replaced before this file read them). So for every reader, records read +
 * the sum of @missed == the notifications delivered from its open to the
 * last record it read; %AUDMOD_IOCTL_CHANNEL_STATUS reports the rest.
 *
 * The read position belongs to the open file: threads sharing one file
 * descriptor must not read it concurrently (open one file per reader).
 */
#define AUDMOD_HWDEP_ID			"audmod"
/*
 * The hwdep interface value. ALSA registers these in its uAPI as the
 * SNDRV_HWDEP_IFACE_* list, a new one appended after the last
 * (SNDRV_HWDEP_IFACE_FW_FIREFACE, 26, in 6.12) with SNDRV_HWDEP_IFACE_LAST
 * moved to it. Merged upstream, this driver would append
 * SNDRV_HWDEP_IFACE_AUDMOD and define AUDMOD_HWDEP_IFACE as it. Out of
 * tree it must not take the next free value, which the next interface
 * merged upstream takes too; 0x4d41 lies far above the list, which grows by
 * one every few years, and neither the hwdep core nor alsa-lib interprets
 * the value (they pass it on in snd_hwdep_info). Find the device by
 * %AUDMOD_HWDEP_ID, which stays if the value ever changes to a registered
 * one; the value only tells another driver's "audmod" device apart.
 */
#define AUDMOD_HWDEP_IFACE		0x4d41

/* Notifications the channel keeps for its readers, at most. */
#define AUDMOD_CHANNEL_RECORDS		1024
/* Bytes of payloads, each rounded up to 8, it keeps, at most. */
#define AUDMOD_CHANNEL_BYTES		(256 * 1024)

/* &audmod_channel_record.type values. */
#define AUDMOD_RECORD_NOTIFICATION	1

#define AUDMOD_CHANNEL_RECORD_HEADER_SIZE 32
/* A read() buffer of this size always holds the next record. */
#define AUDMOD_CHANNEL_READ_MAX \
	(AUDMOD_CHANNEL_RECORD_HEADER_SIZE + AUDMOD_NOTIFICATION_MAX_BYTES + 1)

/**
 * struct audmod_channel_record - one notification as read() returns it
 * @length: offset 0: bytes from the start of this record to the next one:
 *          32 + @size rounded up to a multiple of 8.
 * @type: offset 4: %AUDMOD_RECORD_NOTIFICATION; skip records of any other
 *        type by @length.
 * @size: offset 6: bytes of the payload, 40 to 65535.
 * @seq: offset 8: the notification's sequence number: the card numbers
 *       every notification it accepts from 1, so it only increases.
 * @timestamp_ns: offset 16: CLOCK_MONOTONIC time of the send, ns.
 * @missed: offset 24: notifications this open file missed just before
 *          this one (see above).
 * @data: offset 32: the payload: struct audmod_notification_header, then
 *        the module's bytes (struct audmod_module_notification, ...).
 *        8-byte aligned in the record.
 *
 * Size 32, the payload excluded.
 */
struct audmod_channel_record {
	__le32 length;
	__le16 type;
	__le16 size;
	__le64 seq;
	__le64 timestamp_ns;
	__le64 missed;
	__u8 data[];
};

/*
 * &audmod_channel_status.version: the layout of this section that the
 * driver speaks (records, their types, the status); 1 is the one described
 * here. How a reader tells which layouts it got:
 *  - An ioctl number encodes the size of its argument: a status or a
 *    command of another size is another number, which a driver without it
 *    refuses (-ENOTTY) instead of misreading.
 *  - A reader calls %AUDMOD_IOCTL_CHANNEL_STATUS after open and parses
 *    records only if the version is one it knows. It cannot change while
 *    the file is open: another driver means another card, and this file
 *    then gets -ENODEV. Version 1 may gain record types; any other change
 *    to a record or to the status raises the version.
 *  - A record tells what it holds: &audmod_channel_record.type (skip an
 *    unknown type by &audmod_channel_record.length, valid for every type)
 *    and &audmod_channel_record.size, the payload bytes.
 *  - A payload tells what it is: the header's class_id names the module
 *    and so the layout after the header, the module's descriptor (section
 *    3) its version, and &audmod_module_notification.type the payload of
 *    the modules here. A payload only grows at its end: a reader checks
 *    that the size holds the structure it expects and ignores more bytes.
 * The "Audio Module Notification" control (section 6) holds the same
 * payloads; its element count (512) is its layout's size.
 */
#define AUDMOD_CHANNEL_VERSION		1

/**
 * struct audmod_channel_status - %AUDMOD_IOCTL_CHANNEL_STATUS
 * @next_seq: offset 0: this open file reads notifications from this
 *            sequence number on; just after the open, one more than the
 *            latest notification delivered.
 * @oldest_seq: offset 8: the oldest notification the channel still holds;
 *              0: none.
 * @newest_seq: offset 16: the newest one; 0: none.
 * @accepted: offset 24: notifications the card has accepted so far (the
 *            latest sequence number given); those above @newest_seq are
 *            still on their way or were dropped.
 * @dropped: offset 32: notifications the card dropped so far, cumulative
 *           (as the "Audio Module Notifications Dropped" control).
 * @queued: offset 40: records this open file can read now.
 * @capacity_records: offset 44: %AUDMOD_CHANNEL_RECORDS.
 * @capacity_bytes: offset 48: %AUDMOD_CHANNEL_BYTES.
 * @version: offset 52: %AUDMOD_CHANNEL_VERSION.
 * @reserved: offset 56: 0.
 *
 * Size 64, the same for 32- and 64-bit processes. When the card is quiet
 * (@accepted == @newest_seq), a reader that opened when @next_seq was S
 * has read every notification from S to @newest_seq or been told it missed
 * it, except the @newest_seq + 1 - @next_seq - @queued it still has to read
 * or that were replaced after its last read.
 */
struct audmod_channel_status {
	__le64 next_seq;
	__le64 oldest_seq;
	__le64 newest_seq;
	__le64 accepted;
	__le64 dropped;
	__le32 queued;
	__le32 capacity_records;
	__le32 capacity_bytes;
	__le32 version;
	__le64 reserved;
};

/*
 * The mapped ring: mmap() of the hwdep file at offset 0, PROT_READ and
 * MAP_SHARED only (a writable mapping is refused), shows the channel's ring
 * as the card writes it: a struct audmod_channel_map at offset 0, then at
 * &audmod_channel_map.slots_offset %AUDMOD_CHANNEL_RECORDS struct
 * audmod_channel_map_slot (slot r at index r modulo the count), then at
 * &audmod_channel_map.ring_offset %AUDMOD_CHANNEL_BYTES of payloads, each
 * padded with zeros to a multiple of 8 bytes. The card publishes a record by
 * writing its payload and its slot, then &audmod_channel_map.head; before it
 * overwrites a record it advances &audmod_channel_map.tail past it. A reader
 * loads head (acquire), copies the records of slots [tail, head) it wants,
 * then (read barrier) loads tail again: a record copied from a slot below
 * that tail may be torn and counts as missed, as read() would count it.
 * A driver without it fails mmap() (-ENXIO): read() then.
 *
 * The reader's position: mmap() at &audmod_channel_map.position_offset of
 * one page, MAP_SHARED, readable and writable (a file open O_RDWR), shows
 * a struct audmod_channel_map_position of this file alone, whose next_seq
 * starts at the file's position. From then on it is the file's position:
 * read(), poll() and %AUDMOD_IOCTL_CHANNEL_STATUS use it and read()
 * advances it; a reader that drains the mapped ring stores there the
 * sequence number it reads next, so that poll() waits only for what it has
 * not seen.
 */
#define AUDMOD_CHANNEL_MAP_VERSION	1

/**
 * struct audmod_channel_map - the first bytes of the mapped ring
 * @version: offset 0: %AUDMOD_CHANNEL_MAP_VERSION, the layout of the mapping.
 * @header_size: offset 4: bytes of this structure, 64.
 * @records: offset 8: slots, %AUDMOD_CHANNEL_RECORDS.
 * @bytes: offset 12: bytes of payloads in the ring, %AUDMOD_CHANNEL_BYTES.
 * @slots_offset: offset 16: where the slots start in the mapping.
 * @ring_offset: offset 20: where the payloads start in the mapping.
 * @map_size: offset 24: bytes of the whole mapping.
 * @dead: offset 28: 1 once the card is being removed, else 0.
 * @head: offset 32: number of the next slot written, modulo 2^32.
 * @tail: offset 36: number of the oldest slot still valid, modulo 2^32.
 *        Slot numbers are 32-bit so that a 32-bit process loads each in
 *        one access; compare them by their difference as a signed value.
 * @position_offset: offset 40: the mmap() offset of the reader's position
 *        page (struct audmod_channel_map_position), a multiple of the page
 *        size, past the end of the ring's mapping.
 * @reserved0: offset 44: 0.
 * @reserved: offset 48: 0.
 *
 * Size 64, the same for 32- and 64-bit processes.
 */
struct audmod_channel_map {
	__le32 version;
	__le32 header_size;
	__le32 records;
	__le32 bytes;
	__le32 slots_offset;
	__le32 ring_offset;
	__le32 map_size;
	__le32 dead;
	__le32 head;
	__le32 tail;
	__le32 position_offset;
	__le32 reserved0;
	__le64 reserved[2];
};

/**
 * struct audmod_channel_map_position - a mapped reader's own position
 * @next_seq: offset 0: the sequence number it reads next; the reader
 *            writes it, the kernel reads it only in this file's own calls
 *            (and writes it in read()).
 * @reserved: offset 8: 0, ignored.
 *
 * Size 64, the same for 32- and 64-bit processes; alone on its page.
 */
struct audmod_channel_map_position {
	__le64 next_seq;
	__le64 reserved[7];
};

/**
 * struct audmod_channel_map_slot - where one record is in the mapped ring
 * @seq: offset 0: its sequence number (&audmod_channel_record.seq).
 * @timestamp_ns: offset 8: its send time (&audmod_channel_record.timestamp_ns).
 * @pos: offset 16: offset of its payload from &audmod_channel_map.ring_offset.
 * @size: offset 20: bytes of the payload, 1 to 65535.
 * @reserved: offset 24: 0.
 *
 * Size 32. Valid only while its slot number is at least
 * &audmod_channel_map.tail, checked after reading it.
 */
struct audmod_channel_map_slot {
	__le64 seq;
	__le64 timestamp_ns;
	__le32 pos;
	__le32 size;
	__le64 reserved;
};

/*
 * ioctls of the hwdep device: type 'H', numbers 0xa0 and 0xa1, 0xa2-0xaf
 * kept for later ones. Both structures have the same layout for 32- and
 * 64-bit processes, so the same numbers work for both.
 *
 * 'H' is shared. The kernel's ioctl-number registry lists on it the hwdep
 * core (0x00-0x0f; it answers its own 0x00-0x03 before a driver's ioctl is
 * called), hiddev (0x00-0x7f), hidraw, mei, habanalabs, other ALSA hwdep
 * drivers (0x10-0x8f, 0x90, 0xf8-0xfa), cdc-wdm (0xa0, one number) and
 * Bluetooth (0xc0-0xf0). Only cdc-wdm's 0xa0 meets this range, and it is
 * another ioctl: a number also encodes direction and size, so this
 * _IOWR of 512 bytes (0xc20048a0 with the generic encoding) differs from
 * cdc-wdm's _IOR of 2 bytes (0x800248a0), and each goes to its own device
 * only. So the numbers stay (they are ABI). Merged upstream, the registry
 * would gain "'H' A0-AF sound/audmod.h", marked conflict! as the other
 * shared 'H' ranges are.
 */
#define AUDMOD_IOCTL_COMMAND		_IOWR('H', 0xa0, union audmod_command)
#define AUDMOD_IOCTL_CHANNEL_STATUS	_IOR('H', 0xa1, struct audmod_channel_status)

#endif /* _UAPI_AUDMOD_H */
