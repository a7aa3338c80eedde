/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layouts of <uapi/audmod.h>, as its comments give them: every size, and
 * every field offset. The uAPI header cannot hold these checks (a uAPI
 * header must compile as C90 and include no libc header, and C90 has no
 * static_assert), so they are here, checked twice: by the driver build
 * (driver/uapi_layout.c, for the kernel's ABI) and by make lint in
 * userspace for 64-bit and 32-bit processes, whose layouts must be the same
 * (the compat ioctls pass the structures as they are).
 *
 * The includer provides static_assert(expr, msg) and offsetof() (the kernel
 * has both; C11 and C++11 have static_assert) and includes <uapi/audmod.h>
 * first.
 */
#ifndef _AUDMOD_UAPI_LAYOUT_H
#define _AUDMOD_UAPI_LAYOUT_H

#define AUDMOD_LAYOUT_SIZE(type, size) \
	static_assert(sizeof(type) == (size), #type " is " #size " bytes")
#define AUDMOD_LAYOUT_AT(type, member, off) \
	static_assert(offsetof(type, member) == (off), \
		      #type "." #member " at " #off)

/* 1. GUIDs */
AUDMOD_LAYOUT_SIZE(struct audmod_guid, 16);
static_assert(__alignof__(struct audmod_guid) == 1, "audmod_guid 1-aligned");

/* 2. Audio-module notifications */
AUDMOD_LAYOUT_SIZE(struct audmod_notification_header,
		   AUDMOD_NOTIFICATION_HEADER_SIZE);
static_assert(__alignof__(struct audmod_notification_header) == 8,
	      "audmod_notification_header is 8-aligned");
AUDMOD_LAYOUT_AT(struct audmod_notification_header, device_id, 0);
AUDMOD_LAYOUT_AT(struct audmod_notification_header, class_id, 16);
AUDMOD_LAYOUT_AT(struct audmod_notification_header, instance_id, 32);
AUDMOD_LAYOUT_AT(struct audmod_notification_header, reserved, 36);

/* 3. Module descriptors */
AUDMOD_LAYOUT_SIZE(struct audmod_module_descriptor,
		   AUDMOD_MODULE_DESCRIPTOR_SIZE);
AUDMOD_LAYOUT_AT(struct audmod_module_descriptor, class_id, 0);
AUDMOD_LAYOUT_AT(struct audmod_module_descriptor, instance_id, 16);
AUDMOD_LAYOUT_AT(struct audmod_module_descriptor, version_major, 20);
AUDMOD_LAYOUT_AT(struct audmod_module_descriptor, version_minor, 24);
AUDMOD_LAYOUT_AT(struct audmod_module_descriptor, name, 28);

/* 4. Module notification payloads */
AUDMOD_LAYOUT_SIZE(struct audmod_module_notification, 48);
AUDMOD_LAYOUT_AT(struct audmod_module_notification, header, 0);
AUDMOD_LAYOUT_AT(struct audmod_module_notification, type, 40);
AUDMOD_LAYOUT_AT(struct audmod_module_notification, parameter_id, 44);
AUDMOD_LAYOUT_SIZE(struct audmod_level_notification, 56);
AUDMOD_LAYOUT_AT(struct audmod_level_notification, base, 0);
AUDMOD_LAYOUT_AT(struct audmod_level_notification, level, 48);
AUDMOD_LAYOUT_AT(struct audmod_level_notification, threshold, 52);

/* 5. The command */
AUDMOD_LAYOUT_SIZE(struct audmod_command_request, AUDMOD_COMMAND_BYTES);
AUDMOD_LAYOUT_AT(struct audmod_command_request, verb, 0);
AUDMOD_LAYOUT_AT(struct audmod_command_request, parameter_id, 4);
AUDMOD_LAYOUT_AT(struct audmod_command_request, class_id, 8);
AUDMOD_LAYOUT_AT(struct audmod_command_request, instance_id, 24);
AUDMOD_LAYOUT_AT(struct audmod_command_request, value_size, 28);
AUDMOD_LAYOUT_AT(struct audmod_command_request, value, 32);
AUDMOD_LAYOUT_SIZE(struct audmod_command_reply, AUDMOD_COMMAND_BYTES);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, verb, 0);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, parameter_id, 4);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, class_id, 8);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, instance_id, 24);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, status, 28);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, size, 32);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, request_verb, 36);
AUDMOD_LAYOUT_AT(struct audmod_command_reply, value, 40);
AUDMOD_LAYOUT_SIZE(union audmod_command, AUDMOD_COMMAND_BYTES);
AUDMOD_LAYOUT_SIZE(struct audmod_param_description, 24);
AUDMOD_LAYOUT_AT(struct audmod_param_description, access_flags, 0);
AUDMOD_LAYOUT_AT(struct audmod_param_description, description_size, 4);
AUDMOD_LAYOUT_AT(struct audmod_param_description, vt_type, 8);
AUDMOD_LAYOUT_AT(struct audmod_param_description, flags, 12);
AUDMOD_LAYOUT_AT(struct audmod_param_description, members_list_count, 16);
AUDMOD_LAYOUT_AT(struct audmod_param_description, reserved, 20);
AUDMOD_LAYOUT_SIZE(struct audmod_param_members, 16);
AUDMOD_LAYOUT_AT(struct audmod_param_members, members_flags, 0);
AUDMOD_LAYOUT_AT(struct audmod_param_members, members_size, 4);
AUDMOD_LAYOUT_AT(struct audmod_param_members, members_count, 8);
AUDMOD_LAYOUT_AT(struct audmod_param_members, flags, 12);

/* 6. The latest notification */
AUDMOD_LAYOUT_SIZE(struct audmod_notification_record, 512);
AUDMOD_LAYOUT_AT(struct audmod_notification_record, seq, 0);
AUDMOD_LAYOUT_AT(struct audmod_notification_record, timestamp_ns, 8);
AUDMOD_LAYOUT_AT(struct audmod_notification_record, dropped, 16);
AUDMOD_LAYOUT_AT(struct audmod_notification_record, size, 24);
AUDMOD_LAYOUT_AT(struct audmod_notification_record, captured, 28);
AUDMOD_LAYOUT_AT(struct audmod_notification_record, data,
		 AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE);
static_assert(AUDMOD_NOTIFICATION_RECORD_HEADER_SIZE +
	      AUDMOD_NOTIFICATION_RECORD_DATA_MAX == 512,
	      "the record data fills the control value");

/* 8. The notification channel */
AUDMOD_LAYOUT_SIZE(struct audmod_channel_record,
		   AUDMOD_CHANNEL_RECORD_HEADER_SIZE);
AUDMOD_LAYOUT_AT(struct audmod_channel_record, length, 0);
AUDMOD_LAYOUT_AT(struct audmod_channel_record, type, 4);
AUDMOD_LAYOUT_AT(struct audmod_channel_record, size, 6);
AUDMOD_LAYOUT_AT(struct audmod_channel_record, seq, 8);
AUDMOD_LAYOUT_AT(struct audmod_channel_record, timestamp_ns, 16);
AUDMOD_LAYOUT_AT(struct audmod_channel_record, missed, 24);
AUDMOD_LAYOUT_AT(struct audmod_channel_record, data,
		 AUDMOD_CHANNEL_RECORD_HEADER_SIZE);
AUDMOD_LAYOUT_SIZE(struct audmod_channel_status, 64);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, next_seq, 0);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, oldest_seq, 8);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, newest_seq, 16);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, accepted, 24);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, dropped, 32);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, queued, 40);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, capacity_records, 44);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, capacity_bytes, 48);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, version, 52);
AUDMOD_LAYOUT_AT(struct audmod_channel_status, reserved, 56);
AUDMOD_LAYOUT_SIZE(struct audmod_channel_map, 64);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, version, 0);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, header_size, 4);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, records, 8);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, bytes, 12);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, slots_offset, 16);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, ring_offset, 20);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, map_size, 24);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, dead, 28);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, head, 32);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, tail, 36);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, position_offset, 40);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, reserved0, 44);
AUDMOD_LAYOUT_AT(struct audmod_channel_map, reserved, 48);
AUDMOD_LAYOUT_SIZE(struct audmod_channel_map_position, 64);
AUDMOD_LAYOUT_AT(struct audmod_channel_map_position, next_seq, 0);
AUDMOD_LAYOUT_AT(struct audmod_channel_map_position, reserved, 8);
AUDMOD_LAYOUT_SIZE(struct audmod_channel_map_slot, 32);
AUDMOD_LAYOUT_AT(struct audmod_channel_map_slot, seq, 0);
AUDMOD_LAYOUT_AT(struct audmod_channel_map_slot, timestamp_ns, 8);
AUDMOD_LAYOUT_AT(struct audmod_channel_map_slot, pos, 16);
AUDMOD_LAYOUT_AT(struct audmod_channel_map_slot, size, 20);
AUDMOD_LAYOUT_AT(struct audmod_channel_map_slot, reserved, 24);

/* The ioctl numbers encode the sizes, the same for 32- and 64-bit. */
static_assert(_IOC_TYPE(AUDMOD_IOCTL_COMMAND) == 'H' &&
	      _IOC_NR(AUDMOD_IOCTL_COMMAND) == 0xa0 &&
	      _IOC_DIR(AUDMOD_IOCTL_COMMAND) == (_IOC_READ | _IOC_WRITE) &&
	      _IOC_SIZE(AUDMOD_IOCTL_COMMAND) == AUDMOD_COMMAND_BYTES,
	      "AUDMOD_IOCTL_COMMAND is _IOWR('H', 0xa0, 512 bytes)");
static_assert(_IOC_TYPE(AUDMOD_IOCTL_CHANNEL_STATUS) == 'H' &&
	      _IOC_NR(AUDMOD_IOCTL_CHANNEL_STATUS) == 0xa1 &&
	      _IOC_DIR(AUDMOD_IOCTL_CHANNEL_STATUS) == _IOC_READ &&
	      _IOC_SIZE(AUDMOD_IOCTL_CHANNEL_STATUS) == 64,
	      "AUDMOD_IOCTL_CHANNEL_STATUS is _IOR('H', 0xa1, 64 bytes)");

#endif /* _AUDMOD_UAPI_LAYOUT_H */
