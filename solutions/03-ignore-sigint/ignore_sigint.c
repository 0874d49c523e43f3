/* ignore_sigint.c — ignore SIGINT, so Ctrl+C no longer stops the program.
 *
 * The lecture's signal1.c, done right: sigaction(SIGINT) with SIG_IGN, its
 * return value checked, then the program idles in pause() — asleep, using no
 * CPU — instead of the lecture's while (1); that spins a core at 100%.
 * SIGINT is ignored; every other signal keeps its default action, so SIGTERM
 * (kill PID) still ends it and Ctrl+Z (SIGTSTP) still stops it.
 *
 * A child forked after that inherits the disposition (fork copies them all):
 * with -f, the child's own SigIgn has the SIGINT bit too, and kill -INT of
 * the child leaves it running as well.
 *
 *   usage: ignore_sigint [-f]
 *     -f   after ignoring SIGINT, fork one child that idles in pause() too
 *
 * Output:  ignoring SIGINT (pid:P)        once SIGINT is ignored
 *          forked child C                 with -f, from the parent, after the fork
 *
 * Try:   ./ignore_sigint          then Ctrl+C (nothing), Ctrl+Z (stopped: fg resumes it)
 *        grep -E 'SigIgn|SigCgt' /proc/$(pgrep ignore_sigint)/status     SigIgn ...0002
 *        ps -o pid,stat,comm -C ignore_sigint                            STAT S: asleep
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    bool fork_child = false;
    if (argc == 2 && strcmp(argv[1], "-f") == 0) {
        fork_child = true;
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [-f]\n", argv[0]);
        exit(2);
    }

    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;       /* not a function: "discard this signal" */
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGINT, &act, NULL) == -1) {
        fprintf(stderr, "ignore_sigint: sigaction(SIGINT): %s\n", strerror(errno));
        exit(1);
    }
    printf("ignoring SIGINT (pid:%ld)\n", (long)getpid());
    fflush(stdout);     /* before fork: the child must not inherit unwritten text */

    if (fork_child) {
        pid_t child = fork();
        if (child == -1) {
            fprintf(stderr, "ignore_sigint: fork: %s\n", strerror(errno));
            exit(1);
        }
        if (child > 0) {
            printf("forked child %ld\n", (long)child);
            fflush(stdout);
        }
        /* Child and parent alike go on to pause(), SIGINT ignored in both. */
    }

    /* pause() sleeps until a signal is delivered to a handler or kills us. An
     * ignored signal is discarded when it is sent, so it never even wakes us;
     * the loop is there because pause() returns after any caught signal. */
    for (;;)
        pause();
}
