/* Hostile: try to kill everything in reach, then hide.
 * kill(-1) and kill(0) as the grading uid reach only its own processes; the
 * grader (root) and its results are out of reach. A daemon in a new session,
 * double-forked, must still be found and killed: it is reparented to labrun. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    /* Try to rewrite the results the grader writes, or leave a file beside them. */
    const char *root = getenv("PROCLAB_ROOT");
    if (root != NULL) {
        char path[4096];
        snprintf(path, sizeof path, "%s/build/grade/results.json", root);
        int fd = open(path, O_WRONLY | O_TRUNC);
        if (fd != -1 && write(fd, "{\"score\": 100}", 14) == -1)
            perror("write");
        snprintf(path, sizeof path, "%s/build/grade/tampered", root);
        fd = open(path, O_WRONLY | O_CREAT, 0644);
        if (fd != -1 && write(fd, "pwned\n", 6) == -1)
            perror("write");
    }
    /* Leave a daemon: new session, double fork, ignoring every catchable signal. */
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            for (int sig = 1; sig < 32; sig++)
                signal(sig, SIG_IGN);
            for (;;)
                pause();
        }
        _exit(0);
    }
    kill(getppid(), SIGKILL);   /* labrun, if we could */
    kill(1, SIGKILL);
    kill(0, SIGKILL);           /* our own process group */
    kill(-1, SIGKILL);          /* everything the uid may signal */
    for (;;)
        pause();
}
