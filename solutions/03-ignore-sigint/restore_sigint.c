/* restore_sigint.c — sigaction's third argument: save the old action, restore it.
 *
 * A program that must not be interrupted for a while (a critical section:
 * writing a file it cannot leave half-written) ignores SIGINT for that while
 * only. It does not know what SIGINT's action was before — the default, a
 * handler, or SIG_IGN inherited from whoever started it (nohup, a shell's
 * `cmd &`) — so it does not set SIG_DFL afterwards: sigaction(SIGINT, &ignore,
 * &old) hands back the action it replaces, and sigaction(SIGINT, &old, NULL)
 * puts exactly that back.
 *
 *   usage: restore_sigint
 *
 * Here the critical section lasts until SIGUSR1 arrives (taken with
 * sigwaitinfo, SIGUSR1 blocked, so no handler is needed); then the old action
 * is restored and the program idles in pause().
 *
 * Output, one line each (the tests read these exact forms):
 *   SIGINT ignored, old action saved (pid:P)      the critical section begins
 *   SIGINT restored                               after SIGUSR1, then it pauses
 *
 * Try:   ./restore_sigint &   grep SigIgn /proc/$!/status    ...0002: ignored
 *        kill -USR1 $!;       grep SigIgn /proc/$!/status    ...0000: as before
 *        env --ignore-signal=INT ./restore_sigint &          restored to ignored
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void die(const char *call)
{
    fprintf(stderr, "restore_sigint: %s: %s\n", call, strerror(errno));
    exit(1);
}

int main(int argc, char *argv[])
{
    if (argc != 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        exit(2);
    }
    setvbuf(stdout, NULL, _IONBF, 0);

    /* SIGUSR1 ends the critical section: blocked, so it waits for sigwaitinfo. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &usr1, NULL) == -1)
        die("sigprocmask");

    struct sigaction ignore, old;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    if (sigaction(SIGINT, &ignore, &old) == -1)     /* old: whatever it was */
        die("sigaction(SIGINT)");
    printf("SIGINT ignored, old action saved (pid:%ld)\n", (long)getpid());

    /* The critical section. */
    while (sigwaitinfo(&usr1, NULL) == -1)
        if (errno != EINTR)
            die("sigwaitinfo");

    if (sigaction(SIGINT, &old, NULL) == -1)        /* exactly what it was */
        die("sigaction(SIGINT)");
    printf("SIGINT restored\n");
    for (;;)
        pause();
}
