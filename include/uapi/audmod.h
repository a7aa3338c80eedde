/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * audmod: layouts shared with userspace.
 *
 * This header is self-contained and includable from userspace C and C++: it
 * uses only <linux/types.h> types. Every structure has an explicit size and
 * explicit field offsets, checked at compile time below (in the kernel and in
 * any userspace program that includes this file). All multi-byte integers are
 * little-endian, as on Windows, whatever the host byte order.
 *
 * Contents, in order (later parts are appended after the last one):
 *  1. GUIDs
 *  2. Audio-module notifications (KSAUDIOMODULE_NOTIFICATION)
 *  3. Audio modules: descriptors and parameters
 *  4. Module notification payloads
 *  5. The command channel (KSPROPERTY_AUDIOMODULE_COMMAND)
 *  6. The latest notification
 *  7. Control names
 */
#ifndef _UAPI_AUDMOD_H
#define _UAPI_AUDMOD_H

#include <linux/types.h>

#ifdef __KERNEL__
#include <linux/build_bug.h>
#else
#include <assert.h>	/* static_assert: C11 macro, C23 and C++11 keyword */
#endif

/*
 * AUDMOD_UAPI_ASSERT(expr, msg): a compile-time check that works in the
 * kernel, in userspace C11 and in C++11.
 */
#define AUDMOD_UAPI_ASSERT(expr, msg) static_assert(expr, msg)

/* Offset of a member, without depending on <stddef.h> or <linux/stddef.h>. */
#define AUDMOD_UAPI_OFFSET(type, member) __builtin_offsetof(type, member)

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

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_guid) == 16, "audmod_guid is 16 bytes");

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

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_notification_header) ==
		   AUDMOD_NOTIFICATION_HEADER_SIZE,
		   "audmod_notification_header is 40 bytes");
AUDMOD_UAPI_ASSERT(__alignof__(struct audmod_notification_header) == 8,
		   "audmod_notification_header is 8-aligned");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_notification_header,
				      device_id) == 0, "device_id at 0");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_notification_header,
				      class_id) == 16, "class_id at 16");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_notification_header,
				      instance_id) == 32, "instance_id at 32");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_notification_header,
				      reserved) == 36, "reserved at 36");

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

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_module_descriptor) ==
		   AUDMOD_MODULE_DESCRIPTOR_SIZE,
		   "audmod_module_descriptor is 156 bytes");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_module_descriptor,
				      instance_id) == 16, "instance_id at 16");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_module_descriptor,
				      version_major) == 20, "version_major at 20");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_module_descriptor,
				      version_minor) == 24, "version_minor at 24");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_module_descriptor,
				      name) == 28, "name at 28");

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
 *   EQ             2  "EQ Effect P3"       UI4     G S B  yes    0-0xFFFFFFFE
 *   echo canc.     0  "Echo Cancel P1"     UI4     G S B  yes    1, 0xFFFFFFFE
 *   echo canc.     1  "Echo Cancel P2"     UI2     G B    no     0-0xFFFE
 *   level meter    0  "Level Meter Threshold" UI4  G S B  yes    1-32768
 *   level meter    1  "Level Meter Peak"   UI4     G B    no     0-32768
 *   level meter    2  "Level Meter Switch" UI1     G S B  yes    0, 1
 *
 * A value with every byte 0xFF is invalid for a parameter without a list of
 * valid values (sysvad's negative-test rule). Parameters with a list are
 * ENUMERATED controls whose item names are the values in decimal, except
 * the {0, 1} one, a BOOLEAN; the others are INTEGER (UI8: INTEGER64).
 * Read-only parameters are read-only controls.
 *
 * The level meter reads every played and captured sample. Its level scale
 * is 16-bit full scale: |sample| of S16, |sample| >> 16 of S32 (0-32768).
 * "Peak" is the highest level since the meter was switched on; when the
 * highest level of one period reaches the threshold after a period below
 * it, the meter sends an AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD notification.
 * Switching the meter on (0 -> 1) resets the peak and re-arms it.
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

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_module_notification) == 48,
		   "audmod_module_notification is 48 bytes");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_module_notification,
				      type) == 40, "type at 40");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_module_notification,
				      parameter_id) == 44, "parameter_id at 44");

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

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_level_notification) == 56,
		   "audmod_level_notification is 56 bytes");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_level_notification,
				      level) == 48, "level at 48");

/* ---- 5. The command channel (KSPROPERTY_AUDIOMODULE_COMMAND) -------------- */

/*
 * The read/write BYTES control "Audio Module Command" holds 512 bytes.
 * Write a struct audmod_command_request to run one command; read the control
 * to get the struct audmod_command_reply of the last command that succeeded.
 *
 * The verbs are those sysvad reuses from KSPROPERTY_TYPE_*:
 *  GET            @value_size is the size of the caller's output buffer:
 *                 0 asks for the size (reply status BUFFER_OVERFLOW, @size
 *                 the size needed); smaller than the parameter: the write
 *                 fails with -ENOSPC (STATUS_BUFFER_TOO_SMALL); otherwise
 *                 the reply carries the value (little-endian, @size bytes).
 *                 Output buffers over %AUDMOD_COMMAND_REPLY_VALUE_MAX count
 *                 as that size.
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
 * Failures, each leaving every value unchanged (the status of the reply is
 * NTSTATUS; a failing status is returned as an errno by the write, through
 * the table of include/audmod/ntstatus.h):
 *  unknown class id or instance id, unknown parameter id, unknown verb,
 *  invalid value or size                       -EINVAL (INVALID_PARAMETER)
 *  a verb the parameter does not allow (SET of a read-only parameter)
 *                                              -EOPNOTSUPP
 *                                              (INVALID_DEVICE_REQUEST)
 *  output buffer too small                     -ENOSPC (BUFFER_TOO_SMALL)
 *
 * A write whose @verb is %AUDMOD_VERB_REPLY (the first field of any reply)
 * runs nothing and succeeds, so that "alsactl restore" can write back what
 * "alsactl store" saved. Like every control, the write reports a change
 * (and raises a value event) only when the reply it leaves differs from the
 * previous one. A SET that changes a parameter also raises a value event on
 * that parameter's control and, for a notify-on-change parameter, sends an
 * AUDMOD_NOTIFY_PARAMETER_CHANGED notification, as sysvad does.
 */
#define AUDMOD_VERB_GET			0x00000001
#define AUDMOD_VERB_SET			0x00000002
#define AUDMOD_VERB_BASIC_SUPPORT	0x00000200
/* First field of every reply; as a request: do nothing. */
#define AUDMOD_VERB_REPLY		0x80000000

/* Bytes of the command control's value. */
#define AUDMOD_COMMAND_BYTES		512
#define AUDMOD_COMMAND_REQUEST_VALUE_MAX 480
#define AUDMOD_COMMAND_REPLY_VALUE_MAX	472

/**
 * struct audmod_command_request - one command, written to the control
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
 * struct audmod_command_reply - the answer, read from the control
 * @verb: offset 0: always %AUDMOD_VERB_REPLY.
 * @parameter_id: offset 4: as in the request.
 * @class_id: offset 8: as in the request.
 * @instance_id: offset 24: as in the request.
 * @status: offset 28: NTSTATUS: 0 (SUCCESS) or 0x80000005 (BUFFER_OVERFLOW,
 *          the answer to a size query).
 * @size: offset 32: bytes in @value; with BUFFER_OVERFLOW the size needed.
 * @request_verb: offset 36: the verb answered; 0 before the first command.
 * @value: offset 40: the output.
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

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_command_request) ==
		   AUDMOD_COMMAND_BYTES, "audmod_command_request is 512 bytes");
AUDMOD_UAPI_ASSERT(sizeof(struct audmod_command_reply) ==
		   AUDMOD_COMMAND_BYTES, "audmod_command_reply is 512 bytes");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_request,
				      class_id) == 8, "request class_id at 8");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_request,
				      instance_id) == 24, "request instance_id at 24");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_request,
				      value_size) == 28, "request value_size at 28");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_request,
				      value) == 32, "request value at 32");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_reply,
				      status) == 28, "reply status at 28");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_reply,
				      size) == 32, "reply size at 32");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_reply,
				      request_verb) == 36, "reply request_verb at 36");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_command_reply,
				      value) == 40, "reply value at 40");

/* &audmod_param_description.flags: AUDIOMODULE_PARAMETER_FLAG_CHANGE_NOTIFICATION */
#define AUDMOD_PARAM_FLAG_CHANGE_NOTIFICATION	0x1
/* &audmod_param_members.members_flags (KSPROPERTY_MEMBER_*) */
#define AUDMOD_MEMBERS_RANGES		1
#define AUDMOD_MEMBERS_VALUES		2

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
 * Size 24. It carries what KSPROPERTY_DESCRIPTION carries except the
 * property type-set GUID (always KSPROPTYPESETID_General in sysvad), plus
 * the parameter flags.
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
 * @members_flags: offset 0: AUDMOD_MEMBERS_VALUES (a list of valid values)
 *                 or AUDMOD_MEMBERS_RANGES (one {minimum, maximum} pair).
 * @members_size: offset 4: bytes of one member: the parameter size for
 *                values, twice it for a range.
 * @members_count: offset 8: number of members.
 * @flags: offset 12: 0.
 *
 * Size 16. The members follow it, little-endian, @members_size bytes each.
 */
struct audmod_param_members {
	__le32 members_flags;
	__le32 members_size;
	__le32 members_count;
	__le32 flags;
};

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_param_description) == 24,
		   "audmod_param_description is 24 bytes");
AUDMOD_UAPI_ASSERT(sizeof(struct audmod_param_members) == 16,
		   "audmod_param_members is 16 bytes");

/* ---- 6. The latest notification ------------------------------------------ */

/*
 * The read-only BYTES control "Audio Module Notification" holds a struct
 * audmod_notification_record describing the latest notification delivered,
 * with as much of its payload as fits; each delivered notification replaces
 * it and raises a value event on the control (alsactl monitor, amixer
 * events). All zero before the first notification.
 *
 * The same control has a TLV read that returns the whole payload: the
 * answer is the TLV container {%AUDMOD_NOTIFICATION_TLV_TAG, length}, then
 * the 32-byte record header, then the payload. When the caller's buffer is
 * too short for the payload, as much as fits is returned and @captured says
 * how much; compare it with @size and read again with a larger buffer
 * (8 + 32 + %AUDMOD_NOTIFICATION_MAX_BYTES is always enough).
 */
#define AUDMOD_NOTIFICATION_TLV_TAG	0x4e444d41	/* "AMDN" */
#define AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE 32
#define AUDMOD_NOTIFICATION_RECORD_DATA_MAX 480

/**
 * struct audmod_notification_record - the latest notification
 * @seq: offset 0: its sequence number (from 1; gaps mean lost ones).
 * @timestamp_ns: offset 8: CLOCK_MONOTONIC time of the send, ns.
 * @lost: offset 16: notifications lost before it, cumulative; also the
 *        value of the "Audio Module Notifications Lost" control.
 * @size: offset 24: bytes of the payload (header included).
 * @captured: offset 28: bytes of the payload present in @data.
 * @data: offset 32: the payload: struct audmod_notification_header, then
 *        the module's bytes (struct audmod_module_notification, ...).
 *
 * Size 512 (the control value); the TLV read uses only the 32-byte head.
 */
struct audmod_notification_record {
	__le64 seq;
	__le64 timestamp_ns;
	__le64 lost;
	__le32 size;
	__le32 captured;
	__u8 data[AUDMOD_NOTIFICATION_RECORD_DATA_MAX];
};

AUDMOD_UAPI_ASSERT(sizeof(struct audmod_notification_record) == 512,
		   "audmod_notification_record is 512 bytes");
AUDMOD_UAPI_ASSERT(AUDMOD_UAPI_OFFSET(struct audmod_notification_record,
				      data) ==
		   AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE, "record data at 32");

/* ---- 7. Control names ----------------------------------------------------- */

/*
 * All controls are on the MIXER interface, index 0. A component name prefix,
 * if the machine driver sets one, precedes every name.
 *
 *   name                                   type        access  count
 *   "<Prefix> Descriptor"                  BYTES       R       156
 *   "<Prefix> <Parameter>" (section 3)     see there   R or RW 1
 *   "Audio Module Command"                 BYTES       RW      512
 *   "Audio Module Notification"            BYTES       R, TLV-R 512
 *   "Audio Module Notification Device ID"  BYTES       R       16
 *   "Audio Module Notifications Lost"      INTEGER64   R       1
 *
 * Prefixes: "Generic Module", "EQ Effect", "Echo Cancel", "Level Meter".
 * The device id is a GUID generated when the card is created and kept while
 * it exists (KSPROPERTY_AUDIOMODULE_NOTIFICATION_DEVICE_ID); every
 * notification header carries it.
 */
#define AUDMOD_CTL_COMMAND		"Audio Module Command"
#define AUDMOD_CTL_NOTIFICATION		"Audio Module Notification"
#define AUDMOD_CTL_DEVICE_ID		"Audio Module Notification Device ID"
#define AUDMOD_CTL_LOST			"Audio Module Notifications Lost"
#define AUDMOD_CTL_DESCRIPTOR_SUFFIX	" Descriptor"

#endif /* _UAPI_AUDMOD_H */
