/* reaper.c — the shell's remedy: keep working, and now and then reap whatever
 * has ended, without ever blocking.
 *
 * Part B of lab 02. A shell cannot wait() for a background job (`sleep 10 &`):
 * it must go on reading commands. So, every so often (bash: before each
 * prompt), it runs a non-blocking loop, waitpid(-1, &status, WNOHANG), until
 * nothing more has ended. This program is that loop: N children end at
 * different times while the parent "works" in short ticks, and each tick reaps
 * what has ended since.
 *
 *   usage: reaper [N]      N children, 1..64 (default 3); child k sleeps
 *                          k * 100 ms, then exits with status k
 *
 * waitpid(-1, &status, WNOHANG) has three answers, and they mean different
 * things (the lecture folds the last two into one):
 *   > 0            the pid of one child that ended, now reaped: report it, ask again;
 *   0              there are children, but none has ended yet: go back to work;
 *   -1, ECHILD     there are no children at all: nothing to reap, now or later.
 *
 * Output, one line each (the tests read these exact forms):
 *   hello, I am child of P (pid:C)               from each child, when it starts
 *   hello, I am parent of C (pid:P)              from the parent, after each fork
 *   reaped child C: exited with status S         from the parent, once per child...
 *   reaped child C: killed by signal N (SIGNAME) ... or this, if a signal ended it
 *   all N children reaped                        when the last one is reaped
 *   no children left (waitpid: ECHILD); still working     then it works on,
 *                                                         until a signal ends it
 *
 * Try:   ./reaper 5 &  ps -o pid,ppid,stat,wchan:20,args --ppid $!  (again and again)
 *
 * Build and check:  make grade LAB=02
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
#define DEFAULT_CHILDREN 3
#define CHILD_STEP_MS 100     /* child k lives k * CHILD_STEP_MS */
#define TICK_MS 20            /* one unit of the parent's "work" */

/* Provided: DO NOT CHANGE. */
static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [N]   (N children, 1..%d, default %d)\n",
            program, MAX_CHILDREN, DEFAULT_CHILDREN);
    exit(2);
}

/* Provided: DO NOT CHANGE. Sleep MS milliseconds, even if a signal interrupts. */
static void sleep_ms(long ms)
{
    struct timespec left = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&left, &left) == -1) {
        if (errno != EINTR) {
            fprintf(stderr, "reaper: nanosleep: %s\n", strerror(errno));
            exit(1);
        }
    }
}

/* Print how a child ended, from the status waitpid filled in:
 *   "reaped child C: exited with status S"            (WIFEXITED, WEXITSTATUS)
 *   "reaped child C: killed by signal N (SIGNAME)"    (WIFSIGNALED, WTERMSIG;
 *                                                      sigabbrev_np(9) is "KILL";
 *                                                      it is NULL for a real-time
 *                                                      signal: "SIGRTMIN+k"; for
 *                                                      32 and 33: "signal 32")
 * TODO(student): write it. */
static void report_child(pid_t child, int status)
{
    (void)child;
    (void)status;
}

/* Reap every child that has ended, never blocking. Returns how many it reaped;
 * sets *no_children when waitpid reports that there are no children at all.
 * TODO(student): loop on waitpid(-1, &status, WNOHANG) and act on each of its
 * three answers (see the top of the file) — a stopped child has not ended: no
 * WUNTRACED; retry on EINTR; any other error:
 * print "reaper: waitpid: <strerror>" to stderr and exit 1. */
static long reap_finished_children(bool *no_children)
{
    *no_children = false;
    report_child(0, 0);
    return 0;
}

int main(int argc, char *argv[])
{
    /* Provided: DO NOT CHANGE — argument parsing. */
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

    /* Unbuffered stdout: fork must not copy buffered text into the children. */
    setvbuf(stdout, NULL, _IONBF, 0);

    /* TODO(student): fork n_children children (check fork's return value).
     *   Child number k (1..n_children): print "hello, I am child of P (pid:C)",
     *     sleep_ms(k * CHILD_STEP_MS), then _exit(k).
     *   Parent: print "hello, I am parent of C (pid:P)" after each fork. */

    /* TODO(student): the parent's main loop, forever:
     *   reap_finished_children(...); count what it reaped;
     *   the first time it says there are no children left, print
     *     "all N children reaped"   (N: how many were reaped in all) and
     *     "no children left (waitpid: ECHILD); still working";
     *   then a tick of work: sleep_ms(TICK_MS).
     * Never block in wait: the parent must keep working while children run. */
    bool no_children;
    (void)reap_finished_children(&no_children);
    (void)sleep_ms;

    fprintf(stderr, "reaper: not implemented yet (see TODO(student) in reaper.c)\n");
    return 1;
}
