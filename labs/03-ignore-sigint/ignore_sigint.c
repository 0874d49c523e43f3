/* ignore_sigint.c — ignore SIGINT, so Ctrl+C no longer stops the program.
 *
 * The lecture's signal1.c, done right: set SIGINT's action to SIG_IGN with
 * sigaction() and check its return value, then idle in pause() — asleep,
 * using no CPU — instead of the lecture's while (1); that spins a core at
 * 100%. Only SIGINT is ignored: every other signal keeps its default action,
 * so SIGTERM (kill PID) still ends the program and Ctrl+Z still stops it.
 *
 *   usage: ignore_sigint            (any argument: usage line, exit 2)
 *
 * Output (the tests read this exact form):
 *   ignoring SIGINT (pid:P)        printed (and flushed) once SIGINT is ignored
 *
 * Try:   ./ignore_sigint          then Ctrl+C (nothing), Ctrl+Z (stopped: fg resumes it)
 *        grep -E 'SigIgn|SigCgt' /proc/$(pgrep ignore_sigint)/status     SigIgn ...0002
 *        ps -o pid,stat,comm -C ignore_sigint                            STAT S: asleep
 *
 * Build and check:  make grade LAB=03
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    /* Provided: DO NOT CHANGE. */
    if (argc != 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        exit(2);
    }

    /* TODO(student): fill a struct sigaction (sa_handler = SIG_IGN, an empty
     * sa_mask, sa_flags = 0) and install it for SIGINT. If sigaction returns
     * -1, print "ignore_sigint: sigaction(SIGINT): <strerror(errno)>" to stderr
     * and exit 1. Then print "ignoring SIGINT (pid:P)" and fflush(stdout). */

    /* TODO(student): idle forever with pause() in a loop (not while (1);). */

    fprintf(stderr, "ignore_sigint: not implemented yet (see TODO(student) in ignore_sigint.c)\n");
    return 1;
}
