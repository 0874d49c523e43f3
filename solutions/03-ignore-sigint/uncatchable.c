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
 * Output, one line per attempt (SIG is SIGKILL or SIGSTOP, HOW is handler or SIG_IGN):
 *   sigaction(SIG, HOW): failed with EINVAL (Invalid argument)
 *   sigaction(SIG, HOW): succeeded                                (never on Linux)
 *   waiting (pid:P)                                               with -s, last
 * Exit status: 0 if every attempt failed with EINVAL, 1 otherwise.
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

/* Try to set SIGNAL_NUMBER's action to HANDLER; print and return whether the
 * kernel refused it with EINVAL. */
static bool refused_with_einval(int signal_number, void (*handler)(int), const char *how)
{
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    sigemptyset(&act.sa_mask);
    const char *name = sigabbrev_np(signal_number);
    if (name == NULL)
        name = "?";     /* a real-time signal has no abbreviation */
    if (sigaction(signal_number, &act, NULL) == 0) {
        printf("sigaction(SIG%s, %s): succeeded\n", name, how);
        return false;
    }
    int error = errno;
    printf("sigaction(SIG%s, %s): failed with %s (%s)\n", name, how,
           strerrorname_np(error), strerror(error));
    return error == EINVAL;
}

int main(int argc, char *argv[])
{
    bool stay = false;
    if (argc == 2 && strcmp(argv[1], "-s") == 0) {
        stay = true;
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [-s]\n", argv[0]);
        exit(2);
    }
    setvbuf(stdout, NULL, _IONBF, 0);

    const int uncatchable[] = { SIGKILL, SIGSTOP };
    bool all_refused = true;
    for (size_t i = 0; i < sizeof uncatchable / sizeof uncatchable[0]; i++) {
        all_refused &= refused_with_einval(uncatchable[i], never_runs, "handler");
        all_refused &= refused_with_einval(uncatchable[i], SIG_IGN, "SIG_IGN");
    }

    if (stay) {
        printf("waiting (pid:%ld)\n", (long)getpid());
        for (;;)
            pause();    /* SIGSTOP still stops us, SIGKILL still kills us */
    }
    return all_refused ? 0 : 1;
}
