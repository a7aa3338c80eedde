/* SPDX-License-Identifier: GPL-2.0 */
/* audmodctl as a function, for the argument fuzzer. */
#ifndef AUDMODCTL_H
#define AUDMODCTL_H

/**
 * audmodctl_main() - the whole program
 * @argc: argument count
 * @argv: arguments, argv[0] the program name
 *
 * Keeps no state between calls.
 *
 * Return: the exit status (see audmodctl --help).
 */
int audmodctl_main(int argc, char **argv);

#endif /* AUDMODCTL_H */
