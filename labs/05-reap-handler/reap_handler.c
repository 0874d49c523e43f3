/* reap_handler.c — reap children from a SIGCHLD handler, and lose none of them.
 *
 * The lecture's signal2.c done right. Its handler calls wait() once per
 * SIGCHLD; but a standard signal does not queue: while one SIGCHLD is pending
 * (or the handler is running), more children can end, and the kernel still
 * delivers just one. So your handler reaps in a loop, waitpid(-1, &status,
 * WNOHANG), until no ended child is left. It may only call async-signal-safe
 * functions (waitpid and write, not printf), saves and restores errno, and is
 * installed with sigaction and SA_RESTART. Meanwhile the parent does its own
 * work — here: it sleeps in sigsuspend until every child has been reported —
 * instead of the lecture's busy loop `while (1);`.
 *
 *   usage: reap_handler [-r | -p | -g MS] [-s] [N]
 *     N      number of children, 1..64 (default 1); child number k exits with status k
 *     -r     release together: every child blocks reading a pipe; once all N
 *            are forked the parent closes it, and all N exit at the same moment
 *     -p     children pause() until a signal ends them
 *     -g MS  staggered: child k exits k*MS milliseconds after it starts (MS 1..1000)
 *     -s     stay: after the last report, pause() until a signal
 *
 * Output, one line each (the tests read these exact forms):
 *   forked child C                       from the parent, after each fork
 *   child C exited with status S         from the handler, once per child
 *   child C killed by signal N           ... or this, if a signal ended it
 *   all N children reaped                from the parent, after the last report
 *
 * Try:   ./reap_handler -r -s 64 &  ps -o pid,ppid,stat,args --ppid $!   no <defunct> line
 *        ./reap_handler -p 2 &  then kill one child with -TERM, the other with -KILL
 *
 * Build and check:  make grade LAB=05
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN 64

/* Provided: DO NOT CHANGE. */
static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [-r | -p | -g MS] [-s] [N]   (N children, 1..%d, default 1)\n",
            program, MAX_CHILDREN);
    exit(2);
}

/* Provided: DO NOT CHANGE. TEXT as a number MIN..MAX, decimal digits only (strtol alone would take
 * " 5", "+5"); anything else ends the program with the usage line. */
static long parse_number(const char *text, long min, long max, const char *program)
{
    if (*text < '0' || *text > '9')
        usage_exit(program);
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < min || value > max)
        usage_exit(program);
    return value;
}

/* Children reported so far; written by the handler, read by main. */
static volatile sig_atomic_t children_reaped = 0;

/* Append the decimal digits of VALUE (>= 0) at TEXT and return the new end.
 * The handler may not call printf or snprintf (not async-signal-safe), so it
 * builds its line with this and writes it with one write(2).
 * TODO(student): write it (plain arithmetic: value % 10, value / 10). */
static char *append_decimal(char *text, long value)
{
    (void)value;
    return text;
}

/* Runs when SIGCHLD arrives. One delivery may stand for any number of ended
 * children.
 * TODO(student): save errno; reap in a loop with waitpid(-1, &status, WNOHANG)
 * until it returns 0 (the rest still run) or -1 (ECHILD: none left); for each
 * child write ONE line with write(2):
 *     "child C exited with status S"   (WIFEXITED, WEXITSTATUS)
 *     "child C killed by signal N"     (WIFSIGNALED, WTERMSIG)
 * and add 1 to children_reaped; restore errno. */
static void reap_children(int signal_number)
{
    (void)signal_number;
    char line[80];
    (void)append_decimal(line, 0);
}

/* Provided: DO NOT CHANGE. What child number K does: block until released,
 * pause, or sleep, then _exit(k). */
_Noreturn static void run_child(long k, char mode, long gap_ms, int release_fd)
{
    if (mode == 'r') {
        char byte;
        while (read(release_fd, &byte, 1) == -1 && errno == EINTR)
            ;           /* EOF: the parent closed the pipe, go */
    } else if (mode == 'p') {
        for (;;)
            pause();    /* until a signal kills us */
    } else if (mode == 'g') {
        long ms = k * gap_ms;
        struct timespec delay = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };
        while (nanosleep(&delay, &delay) == -1 && errno == EINTR)
            ;
    }
    _exit((int)k);
}

int main(int argc, char *argv[])
{
    /* Provided: DO NOT CHANGE — argument parsing. */
    char mode = 'x';    /* x: exit at once, r: release together, p: pause, g: staggered */
    long gap_ms = 0;
    bool stay = false;
    int opt;
    while ((opt = getopt(argc, argv, "rpg:s")) != -1) {
        switch (opt) {
        case 'r':
        case 'p':
            if (mode != 'x')
                usage_exit(argv[0]);
            mode = (char)opt;
            break;
        case 'g':
            if (mode != 'x')
                usage_exit(argv[0]);
            gap_ms = parse_number(optarg, 1, 1000, argv[0]);
            mode = 'g';
            break;
        case 's': stay = true; break;
        default: usage_exit(argv[0]);
        }
    }
    long n_children = 1;
    if (optind < argc)
        n_children = parse_number(argv[optind++], 1, MAX_CHILDREN, argv[0]);
    if (optind != argc)
        usage_exit(argv[0]);

    /* Unbuffered stdout: fork must not copy unprinted text into the children. */
    setvbuf(stdout, NULL, _IONBF, 0);

    /* TODO(student): install reap_children for SIGCHLD with sigaction (check
     * the return value), flags SA_RESTART (a slow call of main's is resumed
     * after the handler instead of failing with EINTR) and SA_NOCLDSTOP. */
    (void)reap_children;
    (void)run_child;

    /* TODO(student): block SIGCHLD with sigprocmask before forking, keeping
     * the old mask: main will test children_reaped and then sleep, and a
     * SIGCHLD arriving between the two would be lost. */

    /* TODO(student): with -r, make the release pipe (pipe(2)) before forking. */

    /* TODO(student): fork n_children children (check fork's return value).
     *   Child number k: restore the old signal mask; with -r close the write
     *     end of the pipe; then run_child(k, mode, gap_ms, read end).
     *   Parent: print "forked child C" after each fork.
     * With -r, once all are forked, close both ends: every child's read
     * returns 0 and they all exit at the same moment. */

    /* TODO(student): the parent's own work — no busy loop: while
     * children_reaped < n_children, sigsuspend(&old_mask). Then restore the
     * old mask and print "all N children reaped". With -s (stay), pause()
     * forever after that. */
    (void)stay;
    (void)gap_ms;
    (void)n_children;

    fprintf(stderr, "reap_handler: not implemented yet (see TODO(student) in reap_handler.c)\n");
    return 1;
}
