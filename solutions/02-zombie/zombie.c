/* zombie.c — make zombies on purpose: children end, the parent never waits.
 *
 * The lecture's zombie maker. Each child prints a line and leaves at once; the
 * parent never calls wait, so the kernel keeps each child's entry in the
 * process table (its pid and exit status) for the parent to collect: the child
 * is a zombie, state Z, shown as <defunct> by ps. The parent stays alive so
 * that the zombies stay too — but it idles in pause(), not in the lecture's
 * `while (1);`, which would burn a whole CPU doing nothing (see COURSE.md).
 *
 *   usage: zombie [N]      N children, 1..64 (default 3)
 *
 * Output, one line each (the tests read these exact forms):
 *   hello world (pid:P)                                  once, from the parent, first
 *   hello, I am child of P (pid:C)                       from each child
 *   hello, I am parent of C (pid:P)                      from the parent, after each fork
 *   parent P: not waiting for N children; pausing        last, then the parent idles
 *
 * Try:   ./zombie 3 &
 *        ps -o pid,ppid,stat,args --ppid $!     three lines in state Z, "<defunct>"
 *        kill -9 $!; ps -o pid,ppid,stat,args   the zombies are gone: init reaped them
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CHILDREN 64
#define DEFAULT_CHILDREN 3

static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [N]   (N children, 1..%d, default %d)\n",
            program, MAX_CHILDREN, DEFAULT_CHILDREN);
    exit(2);
}

int main(int argc, char *argv[])
{
    long n_children = DEFAULT_CHILDREN;
    if (argc > 2)
        usage_exit(argv[0]);
    if (argc == 2) {
        char *end;
        errno = 0;
        n_children = strtol(argv[1], &end, 10);
        if (errno != 0 || *end != '\0' || end == argv[1] ||
            n_children < 1 || n_children > MAX_CHILDREN)
            usage_exit(argv[0]);
    }

    /* Unbuffered stdout: with a pipe as stdout, buffered text would be copied
     * into every child by fork and printed twice. */
    setvbuf(stdout, NULL, _IONBF, 0);

    printf("hello world (pid:%ld)\n", (long)getpid());
    for (long k = 1; k <= n_children; k++) {
        pid_t child = fork();
        switch (child) {
        case -1:
            fprintf(stderr, "zombie: fork: %s\n", strerror(errno));
            exit(1);
        case 0: /* Child */
            printf("hello, I am child of %ld (pid:%ld)\n", (long)getppid(), (long)getpid());
            _exit(0);   /* _exit, not exit: no atexit handlers or stdio flush in a child */
        default: /* Parent */
            printf("hello, I am parent of %ld (pid:%ld)\n", (long)child, (long)getpid());
        }
    }

    /* No wait: each child that has ended stays a zombie for as long as we live. */
    printf("parent %ld: not waiting for %ld children; pausing\n", (long)getpid(), n_children);

    /* pause() sleeps until a signal is caught, using no CPU. SIGCHLD, at its
     * default disposition, is discarded without waking us, so this loops only
     * if some handler was installed; a signal whose default is to terminate
     * (SIGTERM, SIGKILL) ends us, and then the zombies are reparented. */
    for (;;)
        pause();
}
