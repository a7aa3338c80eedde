// SPDX-License-Identifier: GPL-2.0
/*
 * audmodctl: list, read, set and watch the audio modules of an audmod
 * sound card (the command-line front end of libaudmod).
 *
 * The whole program is audmodctl_main(), which returns its exit status and
 * keeps no state between calls, so that the argument fuzzer can run it many
 * times in one process.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audmodctl.h"
#include "libaudmod.h"

/* Exit statuses: what failed. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* anything else: I/O, out of memory, ... */
	EXIT_USAGE = 2,		/* bad argument */
	EXIT_NOCARD = 3,	/* no such card, or no audio modules on it */
	EXIT_NOMODULE = 4,	/* no such module or parameter */
	EXIT_REFUSED = 5,	/* the driver refused the value or command */
	EXIT_TIMEOUT = 6,	/* monitor --timeout ended before --count */
};

#define MAX_HEX_BYTES	(AUDMOD_COMMAND_BYTES)

static const char usage_text[] =
"Usage: audmodctl [-c CARD] [--json] COMMAND [ARGS]\n"
"\n"
"List, read, set and watch the audio modules of an audmod sound card.\n"
"\n"
"Options:\n"
"  -c, --card CARD   the card: index (0), id (audmod) or hw:N; default: the\n"
"                    first card with audio modules\n"
"  -j, --json        print JSON (one object; monitor: one object a line)\n"
"  -h, --help        print this text\n"
"  -V, --version     print the version\n"
"\n"
"Commands:\n"
"  list                      one line per module: index, control prefix,\n"
"                            class id, instance, version, name\n"
"  info [MODULE]             the card and every module (or one) with its\n"
"                            parameters: id, name, type, access, valid\n"
"                            values or range, current value\n"
"  get MODULE PARAM          print a parameter's value\n"
"  set MODULE PARAM VALUE    set a parameter (the driver checks the value)\n"
"  command MODULE HEX...     send one raw module command and print the reply;\n"
"                            HEX is the request without the module's class\n"
"                            and instance id: verb (4 bytes), parameter id\n"
"                            (4), value size (4), value, all little-endian;\n"
"                            bytes as hex pairs: 01000000 or 01 00 00 00 or\n"
"                            0x01 0 0 0\n"
"  monitor [--count N] [--timeout SEC] [--json]\n"
"                            print each notification as it comes: sequence,\n"
"                            time (CLOCK_MONOTONIC s), module, event and its\n"
"                            payload, and 'missed N' when N were missed before\n"
"                            it; stop after N of them or SEC seconds\n"
"\n"
"MODULE: index (0), control prefix (\"EQ Effect\"), name (\"EQ effect\") or\n"
"class id ({5ce55c8e-84df-4317-98c7-792de83366cc}); case does not matter.\n"
"PARAM: parameter id (0) or name (P1, Threshold).\n"
"VALUE: decimal, 0x-prefixed hex, or on/off for a switch.\n"
"\n"
"Exit status:\n"
"  0  success\n"
"  1  other failure (the message says which)\n"
"  2  bad argument\n"
"  3  no such card, or the card has no audio modules\n"
"  4  no such module or parameter\n"
"  5  the driver refused the value or command (the message gives its errno)\n"
"  6  monitor: --timeout ran out before --count notifications\n"
"\n"
"Examples:\n"
"  audmodctl list\n"
"  audmodctl -c audmod set \"Level Meter\" Threshold 20000\n"
"  audmodctl get \"EQ Effect\" P3\n"
"  audmodctl command \"EQ Effect\" 01000000 01000000 08000000   # GET P2\n"
"  audmodctl monitor --count 1\n";

struct ctx {
	const char *card_name;
	int json;
	struct audmod_card *card;
};

/* ---- output ------------------------------------------------------------- */

/* A JSON string: quotes, escapes, and control bytes as \u00XX. */
static void json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void print_hex(const uint8_t *b, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s%02x", i ? sep : "", b[i]);
}

/*
 * Report an error: text on stderr and, with --json, an object on stdout.
 * @err is a negative errno or 0. Returns @status.
 */
static int fail(const struct ctx *c, int status, int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, "audmodctl: %s: %s (errno %d)\n", msg,
			strerror(-err), -err);
	else
		fprintf(stderr, "audmodctl: %s\n", msg);
	if (c->json) {
		printf("{\"error\":");
		json_str(msg);
		printf(",\"errno\":%d,\"exit\":%d}\n", -err, status);
	}
	return status;
}

/* Exit status for an errno the driver or alsa-lib returned. */
static int status_of(int err)
{
	switch (-err) {
	case EINVAL:
	case EOPNOTSUPP:
	case ENOSPC:
	case EPERM:
	case ERANGE:
		return EXIT_REFUSED;
	case ENODEV:
	case ENXIO:
		return EXIT_NOCARD;
	case ENOENT:
		return EXIT_NOMODULE;
	}
	return EXIT_FAIL;
}

/* ---- argument parsing --------------------------------------------------- */

/* A whole unsigned number, decimal or 0x hex; -1 if @s is not one. */
static int parse_u64(const char *s, uint64_t *v)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -1;
	}
	if (!strchr("0123456789abcdefABCDEF", *s) || !*s ||
	    (base == 10 && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno || *end ? -1 : 0;
}

static int parse_value(const char *s, uint64_t *v)
{
	static const char * const on[] = { "on", "true", "yes" };
	static const char * const off[] = { "off", "false", "no" };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!strcasecmp(s, on[i])) {
			*v = 1;
			return 0;
		}
		if (!strcasecmp(s, off[i])) {
			*v = 0;
			return 0;
		}
	}
	return parse_u64(s, v);
}

static int hexdigit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Append the bytes of one HEX argument: "0x" and one or two digits (one
 * byte), one or two digits, or an even number of digits (bytes in order).
 * Returns 0, or -1 with a reason in @why.
 */
static int parse_hex_arg(const char *s, uint8_t *buf, size_t *n,
			 const char **why)
{
	size_t len, i;
	int prefixed = 0, hi, lo;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		prefixed = 1;
		s += 2;
	}
	len = strlen(s);
	if (!len || (prefixed && len > 2) || (len > 2 && len % 2)) {
		*why = "bytes are hex pairs (01000000), or one byte each (0x1, 1, 01)";
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (hexdigit(s[i]) < 0) {
			*why = "not a hex digit";
			return -1;
		}
	}
	if (len <= 2) {
		if (*n >= MAX_HEX_BYTES)
			goto too_long;
		hi = len == 2 ? hexdigit(s[0]) : 0;
		lo = hexdigit(s[len - 1]);
		buf[(*n)++] = (uint8_t)(hi << 4 | lo);
		return 0;
	}
	for (i = 0; i < len; i += 2) {
		if (*n >= MAX_HEX_BYTES)
			goto too_long;
		buf[(*n)++] = (uint8_t)(hexdigit(s[i]) << 4 | hexdigit(s[i + 1]));
	}
	return 0;
too_long:
	*why = "longer than a command";
	return -1;
}

/* ---- the commands ------------------------------------------------------- */

static int open_card(struct ctx *c)
{
	int err = audmod_open(&c->card, c->card_name);

	if (err == -ENODEV)
		return fail(c, EXIT_NOCARD, 0, c->card_name ?
			    "no card '%s' with audio modules" :
			    "no card with audio modules%s", c->card_name ?
			    c->card_name : "");
	if (err < 0)
		return fail(c, status_of(err) == EXIT_REFUSED ? EXIT_FAIL :
			    status_of(err), err, "cannot open card %s",
			    c->card_name ? c->card_name : "(first)");
	return EXIT_OK;
}

static int find_module(struct ctx *c, const char *what,
		       const struct audmod_module **m)
{
	*m = audmod_find_module(c->card, what);
	if (!*m)
		return fail(c, EXIT_NOMODULE, 0,
			    "no module '%s' on card %d (see audmodctl list)",
			    what, audmod_card_index(c->card));
	return EXIT_OK;
}

static int find_param(struct ctx *c, const struct audmod_module *m,
		      const char *what, const struct audmod_param **p)
{
	*p = audmod_find_param(m, what);
	if (!*p)
		return fail(c, EXIT_NOMODULE, 0,
			    "module '%s' has no parameter '%s' (see audmodctl info)",
			    m->prefix, what);
	return EXIT_OK;
}

static void print_module_line(const struct ctx *c, const struct audmod_module *m)
{
	char g[AUDMOD_GUID_STR_SIZE];

	audmod_guid_format(&m->class_id, g);
	if (c->json) {
		printf("{\"index\":%u,\"prefix\":", m->index);
		json_str(m->prefix);
		printf(",\"name\":");
		json_str(m->name);
		printf(",\"class_id\":\"%s\",\"instance\":%" PRIu32
		       ",\"version\":\"%" PRIu32 ".%" PRIu32 "\",\"parameters\":%u",
		       g, m->instance_id, m->version_major, m->version_minor,
		       m->param_count);
		return;
	}
	printf("%u  %-15s %s  instance %" PRIu32 "  version %" PRIu32 ".%" PRIu32
	       "  \"%s\"  %u parameters\n", m->index, m->prefix, g,
	       m->instance_id, m->version_major, m->version_minor, m->name,
	       m->param_count);
}

static int cmd_list(struct ctx *c)
{
	unsigned int i, n = audmod_module_count(c->card);

	if (c->json) {
		printf("{\"card\":%d,\"id\":", audmod_card_index(c->card));
		json_str(audmod_card_id(c->card));
		printf(",\"modules\":[");
		for (i = 0; i < n; i++) {
			fputs(i ? "," : "", stdout);
			print_module_line(c, audmod_module(c->card, i));
			printf("}");
		}
		printf("]}\n");
		return EXIT_OK;
	}
	for (i = 0; i < n; i++)
		print_module_line(c, audmod_module(c->card, i));
	return EXIT_OK;
}

static void print_param(const struct ctx *c, const struct audmod_param *p,
			int have_value, uint64_t value)
{
	unsigned int i;
	int notify = !!(p->flags & AUDMOD_PARAM_FLAG_CHANGE_NOTIFICATION);

	if (c->json) {
		printf("{\"id\":%u,\"name\":", p->id);
		json_str(p->name);
		printf(",\"control\":");
		json_str(p->control);
		printf(",\"numid\":%u,\"type\":\"%s\",\"size\":%u,\"access\":%" PRIu32,
		       p->numid, audmod_vt_name(p->vt_type), p->size, p->access);
		printf(",\"get\":%s,\"set\":%s,\"notify\":%s,\"boolean\":%s",
		       p->access & AUDMOD_VERB_GET ? "true" : "false",
		       p->access & AUDMOD_VERB_SET ? "true" : "false",
		       notify ? "true" : "false", p->boolean ? "true" : "false");
		printf(",\"min\":%" PRIu64 ",\"max\":%" PRIu64 ",\"step\":%" PRIu64,
		       p->min, p->max, p->step);
		printf(",\"valid\":[");
		for (i = 0; i < p->valid_count; i++)
			printf("%s%" PRIu64, i ? "," : "", p->valid[i]);
		printf("]");
		if (have_value)
			printf(",\"value\":%" PRIu64, value);
		printf("}");
		return;
	}
	printf("  %2u %-10s %s %s%s %-6s ", p->id, p->name,
	       audmod_vt_name(p->vt_type),
	       p->access & AUDMOD_VERB_GET ? "r" : "-",
	       p->access & AUDMOD_VERB_SET ? "w" : "-", notify ? "notify" : "");
	if (p->valid_count) {
		printf("values");
		for (i = 0; i < p->valid_count; i++)
			printf("%s%" PRIu64, i ? "," : " ", p->valid[i]);
	} else {
		printf("range %" PRIu64 "-%" PRIu64, p->min, p->max);
		if (p->step > 1)
			printf(" step %" PRIu64, p->step);
	}
	if (have_value)
		printf("  = %" PRIu64, value);
	printf("  ('%s')\n", p->control);
}

static int cmd_info(struct ctx *c, const char *which)
{
	const struct audmod_module *m, *only = NULL;
	char g[AUDMOD_GUID_STR_SIZE] = "?";
	struct audmod_guid dev;
	unsigned int i, j, n;
	uint64_t dropped = 0, v;
	const char *chan;
	int rc, err, first = 1;

	if (which) {
		rc = find_module(c, which, &only);
		if (rc)
			return rc;
	}
	if (!audmod_device_id(c->card, &dev))
		audmod_guid_format(&dev, g);
	err = audmod_dropped_count(c->card, &dropped);
	chan = audmod_channel_name(c->card);
	if (c->json) {
		printf("{\"card\":%d,\"id\":", audmod_card_index(c->card));
		json_str(audmod_card_id(c->card));
		printf(",\"name\":");
		json_str(audmod_card_name(c->card));
		printf(",\"device_id\":\"%s\",\"dropped\":%" PRIu64
		       ",\"channel\":", g, dropped);
		if (chan)
			json_str(chan);
		else
			printf("null");
		printf(",\"modules\":[");
	} else {
		printf("card %d '%s': %s\n", audmod_card_index(c->card),
		       audmod_card_id(c->card), audmod_card_name(c->card));
		printf("notification device id %s, notifications dropped %" PRIu64
		       "%s\n", g, dropped, err ? " (unknown)" : "");
		printf("notification channel %s\n",
		       chan ? chan : "none (control events)");
	}
	n = audmod_module_count(c->card);
	for (i = 0; i < n; i++) {
		m = audmod_module(c->card, i);
		if (only && m != only)
			continue;
		if (c->json) {
			fputs(first ? "" : ",", stdout);
			print_module_line(c, m);
			printf(",\"params\":[");
		} else {
			print_module_line(c, m);
		}
		first = 0;
		for (j = 0; j < m->param_count; j++) {
			err = audmod_get(c->card, &m->params[j], &v);
			if (c->json && j)
				printf(",");
			print_param(c, &m->params[j], !err, v);
		}
		if (c->json)
			printf("]}");
	}
	if (c->json)
		printf("]}\n");
	return EXIT_OK;
}

static int cmd_get(struct ctx *c, const char *mod, const char *par)
{
	const struct audmod_module *m;
	const struct audmod_param *p;
	uint64_t v;
	int rc, err;

	rc = find_module(c, mod, &m);
	if (!rc)
		rc = find_param(c, m, par, &p);
	if (rc)
		return rc;
	err = audmod_get(c->card, p, &v);
	if (err < 0)
		return fail(c, EXIT_FAIL, err, "get %s %s", m->prefix, p->name);
	if (c->json) {
		printf("{\"module\":");
		json_str(m->prefix);
		printf(",\"param\":");
		json_str(p->name);
		printf(",\"id\":%u,\"value\":%" PRIu64 "}\n", p->id, v);
	} else {
		printf("%" PRIu64 "\n", v);
	}
	return EXIT_OK;
}

static int cmd_set(struct ctx *c, const char *mod, const char *par,
		   const char *val)
{
	const struct audmod_module *m;
	const struct audmod_param *p;
	uint64_t v;
	int rc, err;

	if (parse_value(val, &v))
		return fail(c, EXIT_USAGE, 0,
			    "'%s' is not a value (decimal, 0x hex, on or off)", val);
	rc = find_module(c, mod, &m);
	if (!rc)
		rc = find_param(c, m, par, &p);
	if (rc)
		return rc;
	err = audmod_set(c->card, p, v);
	if (err < 0)
		return fail(c, status_of(err) == EXIT_REFUSED ? EXIT_REFUSED :
			    EXIT_FAIL, err, "set %s %s %s: %s", m->prefix,
			    p->name, val, status_of(err) == EXIT_REFUSED ?
			    "refused by the driver" : "failed");
	if (c->json) {
		printf("{\"module\":");
		json_str(m->prefix);
		printf(",\"param\":");
		json_str(p->name);
		printf(",\"id\":%u,\"value\":%" PRIu64 ",\"changed\":%s}\n",
		       p->id, v, err ? "true" : "false");
	} else {
		printf("%s %s = %" PRIu64 " (%s)\n", m->prefix, p->name, v,
		       err ? "changed" : "unchanged");
	}
	return EXIT_OK;
}

static const char *verb_name(uint32_t verb)
{
	switch (verb) {
	case AUDMOD_VERB_GET:
		return "GET";
	case AUDMOD_VERB_SET:
		return "SET";
	case AUDMOD_VERB_BASIC_SUPPORT:
		return "BASIC_SUPPORT";
	}
	return "?";
}

static uint32_t le32_at(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static int cmd_command(struct ctx *c, const char *mod, int argc, char **argv)
{
	uint8_t buf[MAX_HEX_BYTES];
	const struct audmod_module *m;
	struct audmod_reply r;
	uint32_t verb, param, vsize, shown;
	const char *why = NULL, *st;
	size_t n = 0;
	int i, rc, err;

	for (i = 0; i < argc; i++)
		if (parse_hex_arg(argv[i], buf, &n, &why))
			return fail(c, EXIT_USAGE, 0, "command: '%.40s': %s",
				    argv[i], why);
	if (n < 12)
		return fail(c, EXIT_USAGE, 0,
			    "command: %zu bytes; at least 12 are needed (verb, parameter id, value size)",
			    n);
	if (n - 12 > AUDMOD_COMMAND_REQUEST_VALUE_MAX)
		return fail(c, EXIT_USAGE, 0,
			    "command: a value of %zu bytes; at most %d fit",
			    n - 12, AUDMOD_COMMAND_REQUEST_VALUE_MAX);
	verb = le32_at(buf);
	param = le32_at(buf + 4);
	vsize = le32_at(buf + 8);
	/* A SET carries its value; the others only say how much may come back. */
	if (n > 12 && vsize != n - 12)
		return fail(c, EXIT_USAGE, 0,
			    "command: value size %" PRIu32 " but %zu value bytes given",
			    vsize, n - 12);
	rc = open_card(c);
	if (rc)
		return rc;
	rc = find_module(c, mod, &m);
	if (rc)
		return rc;
	err = audmod_command(c->card, m, verb, param, n > 12 ? buf + 12 : NULL,
			     vsize, &r);
	if (err < 0)
		return fail(c, status_of(err) == EXIT_REFUSED ? EXIT_REFUSED :
			    EXIT_FAIL, err, "command %s to %s: %s",
			    verb_name(verb), m->prefix,
			    status_of(err) == EXIT_REFUSED ?
			    "refused by the driver" : "failed");
	shown = r.status == 0 && r.size < sizeof(r.value) ? r.size :
		r.status == 0 ? sizeof(r.value) : 0;
	st = audmod_status_name(r.status);
	if (c->json) {
		printf("{\"module\":");
		json_str(m->prefix);
		printf(",\"verb\":\"%s\",\"parameter\":%" PRIu32 ",\"status\":%" PRIu32
		       ",\"status_name\":\"%s\",\"size\":%" PRIu32 ",\"value\":\"",
		       verb_name(r.request_verb), param, r.status, st ? st : "?",
		       r.size);
		print_hex(r.value, shown, "");
		printf("\"}\n");
	} else {
		printf("reply to %s of %s parameter %" PRIu32 ": status 0x%08" PRIx32
		       " %s, size %" PRIu32 "\n", verb_name(r.request_verb),
		       m->prefix, param, r.status, st ? st : "?", r.size);
		if (shown) {
			print_hex(r.value, shown, " ");
			printf("\n");
		}
	}
	return EXIT_OK;
}

static void print_event(const struct ctx *c, const struct audmod_event *ev)
{
	const char *name = audmod_event_name(ev->type);
	const struct audmod_param *p = NULL;
	char g[AUDMOD_GUID_STR_SIZE];
	uint32_t extra_at = sizeof(struct audmod_module_notification);

	audmod_guid_format(&ev->class_id, g);
	if (ev->module && ev->parameter_id < ev->module->param_count)
		p = &ev->module->params[ev->parameter_id];
	if (ev->type == AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD)
		extra_at = sizeof(struct audmod_level_notification);
	if (c->json) {
		printf("{\"seq\":%" PRIu64 ",\"time_ns\":%" PRIu64 ",\"module\":",
		       ev->seq, ev->timestamp_ns);
		if (ev->module)
			json_str(ev->module->prefix);
		else
			printf("null");
		printf(",\"class_id\":\"%s\",\"instance\":%" PRIu32
		       ",\"event\":", g, ev->instance_id);
		if (name)
			json_str(name);
		else
			printf("%" PRIu32, ev->type);
		printf(",\"parameter\":%" PRIu32, ev->parameter_id);
		if (p) {
			printf(",\"param_name\":");
			json_str(p->name);
		}
		if (ev->type == AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD)
			printf(",\"level\":%" PRIu32 ",\"threshold\":%" PRIu32,
			       ev->level, ev->threshold);
		printf(",\"size\":%" PRIu32 ",\"payload\":\"", ev->size);
		print_hex(ev->payload, ev->captured, "");
		printf("\",\"missed\":%" PRIu64 "}\n", ev->missed);
		return;
	}
	printf("seq %" PRIu64 "  time %" PRIu64 ".%09" PRIu64 "  module ", ev->seq,
	       ev->timestamp_ns / 1000000000u, ev->timestamp_ns % 1000000000u);
	if (ev->module)
		printf("\"%s\"", ev->module->prefix);
	else
		printf("%s/%" PRIu32, g, ev->instance_id);
	if (name)
		printf("  event %s", name);
	else
		printf("  event %" PRIu32, ev->type);
	printf("  parameter %" PRIu32, ev->parameter_id);
	if (p)
		printf(" (%s)", p->name);
	if (ev->type == AUDMOD_NOTIFY_LEVEL_OVER_THRESHOLD)
		printf("  level %" PRIu32 " threshold %" PRIu32, ev->level,
		       ev->threshold);
	if (ev->captured > extra_at) {
		printf("  payload ");
		print_hex(ev->payload + extra_at,
			  ev->captured - extra_at > 32 ? 32 : ev->captured - extra_at,
			  "");
		if (ev->captured - extra_at > 32)
			printf("...");
	}
	if (ev->missed)
		printf("  missed %" PRIu64, ev->missed);
	printf("\n");
}

static int cmd_monitor(struct ctx *c, int argc, char **argv)
{
	uint64_t count = 0, secs = 0, seen = 0;
	struct audmod_event ev;
	int i, rc, err, timeout;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--count") || !strcmp(argv[i], "-n")) {
			if (i + 1 >= argc || parse_u64(argv[i + 1], &count) || !count)
				return fail(c, EXIT_USAGE, 0,
					    "monitor: --count needs a number from 1");
			i++;
		} else if (!strcmp(argv[i], "--timeout") || !strcmp(argv[i], "-t")) {
			if (i + 1 >= argc || parse_u64(argv[i + 1], &secs) ||
			    !secs || secs > 86400)
				return fail(c, EXIT_USAGE, 0,
					    "monitor: --timeout needs seconds from 1 to 86400");
			i++;
		} else if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			c->json = 1;
		} else {
			return fail(c, EXIT_USAGE, 0, "monitor: unknown argument '%.40s'",
				    argv[i]);
		}
	}
	rc = open_card(c);
	if (rc)
		return rc;
	err = audmod_notify_start(c->card);
	if (err < 0)
		return fail(c, EXIT_FAIL, err, "cannot receive notifications");
	/* Subscribed: what is sent from now on is seen (scripts wait for this). */
	fprintf(stderr, "audmodctl: monitoring card %d '%s'\n",
		audmod_card_index(c->card), audmod_card_id(c->card));
	timeout = secs ? (int)secs * 1000 : -1;
	while (!count || seen < count) {
		err = audmod_notify_read(c->card, &ev, timeout);
		if (err < 0)
			return fail(c, EXIT_FAIL, err, "reading notifications");
		if (err == 0)
			return count ? fail(c, EXIT_TIMEOUT, 0,
					    "monitor: %" PRIu64 " of %" PRIu64
					    " notifications in %" PRIu64 " s",
					    seen, count, secs) : EXIT_OK;
		print_event(c, &ev);
		fflush(stdout);
		seen++;
	}
	return EXIT_OK;
}

/* ---- main --------------------------------------------------------------- */

static int run(struct ctx *c, int argc, char **argv)
{
	const char *cmd;
	int rc;

	if (argc < 1)
		return fail(c, EXIT_USAGE, 0, "no command (see audmodctl --help)");
	cmd = argv[0];
	argc--;
	argv++;
	if (!strcmp(cmd, "monitor"))
		return cmd_monitor(c, argc, argv);
	if (!strcmp(cmd, "list") || !strcmp(cmd, "info")) {
		if (argc > (cmd[0] == 'i' ? 1 : 0))
			return fail(c, EXIT_USAGE, 0, "%s: too many arguments", cmd);
	} else if (!strcmp(cmd, "get")) {
		if (argc != 2)
			return fail(c, EXIT_USAGE, 0, "usage: get MODULE PARAM");
	} else if (!strcmp(cmd, "set")) {
		if (argc != 3)
			return fail(c, EXIT_USAGE, 0, "usage: set MODULE PARAM VALUE");
	} else if (!strcmp(cmd, "command")) {
		if (argc < 2)
			return fail(c, EXIT_USAGE, 0, "usage: command MODULE HEX...");
		/* Parses its bytes before it opens the card. */
		return cmd_command(c, argv[0], argc - 1, argv + 1);
	} else {
		return fail(c, EXIT_USAGE, 0,
			    "unknown command '%.40s' (see audmodctl --help)", cmd);
	}
	/* Check what can be checked before touching the card. */
	if (!strcmp(cmd, "set")) {
		uint64_t v;

		if (parse_value(argv[2], &v))
			return fail(c, EXIT_USAGE, 0,
				    "'%.40s' is not a value (decimal, 0x hex, on or off)",
				    argv[2]);
	}
	rc = open_card(c);
	if (rc)
		return rc;
	switch (cmd[0]) {
	case 'l':
		return cmd_list(c);
	case 'i':
		return cmd_info(c, argc ? argv[0] : NULL);
	case 'g':
		return cmd_get(c, argv[0], argv[1]);
	default:
		return cmd_set(c, argv[0], argv[1], argv[2]);
	}
}

int audmodctl_main(int argc, char **argv)
{
	struct ctx c = { 0 };
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("audmodctl %s\n", LIBAUDMOD_VERSION);
			return EXIT_OK;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			c.json = 1;
		} else if (!strcmp(a, "-c") || !strcmp(a, "--card")) {
			if (i + 1 >= argc)
				return fail(&c, EXIT_USAGE, 0, "%s needs a card", a);
			c.card_name = argv[++i];
		} else if (!strncmp(a, "--card=", 7)) {
			c.card_name = a + 7;
		} else if (!strncmp(a, "-c", 2)) {
			c.card_name = a + 2;
		} else {
			return fail(&c, EXIT_USAGE, 0,
				    "unknown option '%.40s' (see audmodctl --help)", a);
		}
	}
	if (c.card_name && !*c.card_name)
		return fail(&c, EXIT_USAGE, 0, "empty card name");
	rc = run(&c, argc - i, argv + i);
	audmod_close(c.card);
	return rc;
}

#ifndef AUDMODCTL_NO_MAIN
int main(int argc, char **argv)
{
	return audmodctl_main(argc, argv);
}
#endif
