/* uncatchable.c — SIGKILL and SIGSTOP can be neither caught nor ignored.
 *
 * The kernel keeps these two for itself: whatever a program does, SIGKILL
 * ends it and SIGSTOP stops it. sigaction() refuses to change them and fails
 * with EINVAL. This program asks anyway — a handler and SIG_IGN for each —
 * and reports what sigaction said.
 *
 *   usage: uncatchable [-s]
 *     -s   stay: then pause() until a signal (try kill -STOP, -CONT, -KILL)
 *
 * Output, one line per attempt, in this order: SIGKILL handler, SIGKILL
 * SIG_IGN, SIGSTOP handler, SIGSTOP SIG_IGN (the tests read these exact forms):
 *   sigaction(SIG, HOW): failed with EINVAL (Invalid argument)
 *   sigaction(SIG, HOW): succeeded                                (never on Linux)
 *   waiting (pid:P)                                               with -s, last
 * Exit status: 0 if every attempt failed with EINVAL, 1 otherwise.
 *
 * Build and check:  make grade LAB=03
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void never_runs(int signal_number)
{
    (void)signal_number;
}

/* Try to set SIGNAL_NUMBER's action to HANDLER (HOW names it: "handler" or
 * "SIG_IGN"); print one output line; return true if sigaction failed with EINVAL.
 * sigabbrev_np(SIGKILL) gives "KILL"; strerrorname_np(EINVAL) gives "EINVAL".
 * TODO(student): write it. */
static bool refused_with_einval(int signal_number, void (*handler)(int), const char *how)
{
    (void)signal_number;
    (void)handler;
    (void)how;
    return false;
}

int main(int argc, char *argv[])
{
    /* Provided: DO NOT CHANGE — argument parsing. */
    bool stay = false;
    if (argc == 2 && strcmp(argv[1], "-s") == 0) {
        stay = true;
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [-s]\n", argv[0]);
        exit(2);
    }
    setvbuf(stdout, NULL, _IONBF, 0);

    /* TODO(student): call refused_with_einval for SIGKILL and SIGSTOP, each with
     * never_runs and with SIG_IGN; if stay, print "waiting (pid:P)" and pause()
     * forever; exit 0 if all four were refused with EINVAL, else 1. */
    (void)never_runs;
    (void)refused_with_einval;
    (void)stay;

    fprintf(stderr, "uncatchable: not implemented yet (see TODO(student) in uncatchable.c)\n");
    return 1;
}
