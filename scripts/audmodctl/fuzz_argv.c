// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_argv: run audmodctl_main() on random argument vectors, built with
 * AddressSanitizer and UBSan and linked against a libaudmod that sees no
 * card (LIBAUDMOD_TEST_NO_CARDS), so that it can never touch a real card.
 * Without a card only three of the documented exit statuses can happen:
 * 0 (help, version, an empty list), 2 (usage) and 3 (no card). Any other
 * status, a crash or a sanitizer report fails: a 1, 4, 5 or 6 here would
 * mean an error path that does not look at the card first.
 *
 *   fuzz_argv [RUNS [SEED]]     defaults: 5000 runs, seed 1
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audmodctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Words a user (or a careless script) might type, and some hostile ones. */
static const char * const words[] = {
	"list", "info", "get", "set", "command", "monitor", "help",
	"-c", "--card", "--card=", "-c0", "--card=audmod", "-j", "--json",
	"-h", "--help", "-V", "--version", "--", "-", "--count", "-n",
	"--timeout", "-t", "--bogus", "-x",
	"0", "1", "3", "99", "-1", "4294967295", "18446744073709551615",
	"18446744073709551616", "0x", "0x1", "0xff", "0x100", "0xFFFFFFFFFFFFFFFF",
	"on", "off", "TRUE", "no", "", " ", "audmod", "hw:0", "hw:", "hw:audmod",
	"Generic Module", "EQ Effect", "Echo Cancel", "Level Meter",
	"eq effect", "P1", "P2", "Threshold", "Switch",
	"{5ce55c8e-84df-4317-98c7-792de83366cc}",
	"5ce55c8e-84df-4317-98c7-792de83366cc", "{5ce55c8e-84df}",
	"01000000", "0100000001000000", "08000000", "010", "zz", "0x123",
	"%s%s%n", "\"quoted\\\"", "\x01\x1f\x7f\xff",
};

static unsigned long long rng_state;

static unsigned int rnd(unsigned int n)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned int)(rng_state >> 33) % n;
}

/* One argument: a word, a mangled word, random bytes, or a long string. */
static char *make_arg(void)
{
	unsigned int kind = rnd(10), len, i;
	const char *w = words[rnd(ARRAY_SIZE(words))];
	char *s;

	if (kind < 6)
		return strdup(w);
	if (kind < 8) {
		s = strdup(w);
		if (s && *s)
			s[rnd(strlen(s))] = (char)(1 + rnd(255));
		return s;
	}
	len = kind == 8 ? rnd(16) : 1000 + rnd(4000);
	s = malloc(len + 1);
	if (!s)
		return NULL;
	for (i = 0; i < len; i++)
		s[i] = (char)(1 + rnd(255));
	s[len] = '\0';
	return s;
}

int main(int argc, char **argv)
{
	unsigned long runs = argc > 1 ? strtoul(argv[1], NULL, 0) : 5000;
	unsigned long r, bad = 0, hist[4] = { 0 };
	char *args[16];
	int n, i, rc;
	FILE *log;

	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	/*
	 * The program's own output is noise here. Its stdio stderr goes to
	 * /dev/null; file descriptor 2, where the sanitizers report, stays.
	 */
	log = fdopen(dup(2), "w");
	if (!log || !freopen("/dev/null", "w", stdout))
		return 1;
	stderr = fopen("/dev/null", "w");
	if (!stderr)
		return 1;
	for (r = 0; r < runs; r++) {
		n = 1 + (int)rnd(8);
		args[0] = strdup("audmodctl");
		for (i = 1; i < n; i++)
			args[i] = make_arg();
		/* Half of the runs get past the option parser to a command. */
		if (n > 1 && rnd(2)) {
			free(args[1]);
			args[1] = strdup(words[rnd(6)]);
		}
		args[n] = NULL;
		for (i = 0; i < n; i++)
			if (!args[i])
				return 1;
		rc = audmodctl_main(n, args);
		if (rc != 0 && rc != 2 && rc != 3) {
			fprintf(log, "fuzz_argv: run %lu: exit %d, impossible without a card\n",
				r, rc);
			bad++;
		} else {
			hist[rc]++;
		}
		for (i = 0; i < n; i++)
			free(args[i]);
	}
	fprintf(log, "fuzz_argv: %lu runs: exit 0: %lu, 2 (usage): %lu, ", runs,
		hist[0], hist[2]);
	fprintf(log, "3 (no card): %lu, impossible: %lu\n", hist[3], bad);
	return bad ? 1 : 0;
}
