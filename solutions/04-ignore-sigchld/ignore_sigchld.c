/* ignore_sigchld.c — SIGCHLD set to SIG_IGN: the kernel reaps the children itself.
 *
 * A child that ends stays in the process table as a zombie (<defunct> in ps)
 * until its parent waits for it — unless the parent has set SIGCHLD's action
 * to SIG_IGN. Then, on Linux and in POSIX since 2001, children that end are
 * removed at once: they never become zombies, and the parent is never told
 * how they ended. wait() then has nothing to return: it blocks until every
 * child has ended and fails with ECHILD ("no child processes").
 *
 * Careful: SIGCHLD's *default* action is also "ignore the signal", but only an
 * explicit SIG_IGN (or SA_NOCLDWAIT) asks the kernel to reap. With SIG_DFL the
 * children become zombies as usual.
 *
 *   usage: ignore_sigchld [-i MS] [N]
 *     N      number of children, 1..64 (default 5)
 *     -i MS  child number k lives k*MS milliseconds, then exits (default 100; 0..1000)
 *
 * Output, one line each (the tests read these exact forms):
 *   ignoring SIGCHLD (pid:P)                 once SIGCHLD is ignored
 *   forked child C                           after each fork
 *   wait returned -1 with ECHILD: the kernel reaped all N children    once they are all gone
 *   wait returned child C: it was left for us to reap                 (if SIGCHLD is not ignored)
 * The program then stays alive — pause() until a signal — so ps can look at it.
 *
 * Try:   ./ignore_sigchld 5 &   ps -o pid,ppid,stat,args --ppid $!     (repeat: no <defunct>)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN 64
#define MAX_INTERVAL_MS 1000

static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [-i MS] [N]   (N children, 1..%d, default 5; child k lives k*MS ms, "
            "MS 0..%d, default 100)\n", program, MAX_CHILDREN, MAX_INTERVAL_MS);
    exit(2);
}

static long parse_number(const char *text, long min, long max, const char *program)
{
    if (*text < '0' || *text > '9')
        usage_exit(program);    /* digits only: strtol alone would take " 5" and "+5" */
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < min || value > max)
        usage_exit(program);
    return value;
}

/* In a child: live for MILLISECONDS, then leave. */
_Noreturn static void live_and_exit(long milliseconds)
{
    struct timespec rest = { .tv_sec = milliseconds / 1000,
                             .tv_nsec = (milliseconds % 1000) * 1000000L };
    while (nanosleep(&rest, &rest) == -1 && errno == EINTR)
        ;
    _exit(0);   /* _exit, not exit: no stdio flush or atexit handlers in a child */
}

int main(int argc, char *argv[])
{
    long interval_ms = 100, n_children = 5;
    int opt;
    while ((opt = getopt(argc, argv, "i:")) != -1) {
        switch (opt) {
        case 'i': interval_ms = parse_number(optarg, 0, MAX_INTERVAL_MS, argv[0]); break;
        default: usage_exit(argv[0]);
        }
    }
    if (optind < argc)
        n_children = parse_number(argv[optind++], 1, MAX_CHILDREN, argv[0]);
    if (optind != argc)
        usage_exit(argv[0]);
    setvbuf(stdout, NULL, _IONBF, 0);   /* nothing buffered for fork to copy */

    /* Before the first fork: a child that ends before SIGCHLD is ignored
     * becomes a zombie like any other. */
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = SIG_IGN;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (sigaction(SIGCHLD, &act, NULL) == -1) {
        fprintf(stderr, "ignore_sigchld: sigaction(SIGCHLD): %s\n", strerror(errno));
        exit(1);
    }
    printf("ignoring SIGCHLD (pid:%ld)\n", (long)getpid());

    for (long k = 1; k <= n_children; k++) {
        pid_t child = fork();
        switch (child) {
        case -1:
            fprintf(stderr, "ignore_sigchld: fork: %s\n", strerror(errno));
            exit(1);
        case 0: /* Child */
            live_and_exit(k * interval_ms);
        default: /* Parent */
            printf("forked child %ld\n", (long)child);
        }
    }

    /* With SIGCHLD ignored, wait() sleeps until the last child has ended and
     * then fails with ECHILD: the kernel has already reaped them all. */
    pid_t waited;
    do
        waited = wait(NULL);
    while (waited == -1 && errno == EINTR);
    if (waited == -1 && errno == ECHILD) {
        printf("wait returned -1 with ECHILD: the kernel reaped all %ld children\n", n_children);
    } else if (waited == -1) {
        fprintf(stderr, "ignore_sigchld: wait: %s\n", strerror(errno));
        exit(1);
    } else {
        printf("wait returned child %ld: it was left for us to reap\n", (long)waited);
    }

    for (;;)
        pause();    /* stay, so ps can show that no child of ours is left */
}
