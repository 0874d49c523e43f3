/* reaper.c — the shell's remedy: keep working, and now and then reap whatever
 * has ended, without ever blocking.
 *
 * A shell cannot wait() for a background job (`sleep 10 &`): it must go on
 * reading commands. So, every so often (bash: before each prompt), it runs a
 * non-blocking loop, waitpid(-1, &status, WNOHANG), until nothing more has
 * ended. This program is that loop: N children end at different times while
 * the parent "works" in short ticks, and each tick reaps what has ended since.
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
 *        no <defunct> line lasts; the parent sleeps in hrtimer_nanosleep, never do_wait
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

static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [N]   (N children, 1..%d, default %d)\n",
            program, MAX_CHILDREN, DEFAULT_CHILDREN);
    exit(2);
}

/* Sleep MS milliseconds, even if a signal interrupts the sleep. */
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

/* "SIGKILL" for 9; sigabbrev_np has no name for a real-time signal (NULL):
 * those are "SIGRTMIN+k". Returns a static buffer. */
static const char *signal_name(int signal_number)
{
    static char name[32];
    const char *abbreviation = sigabbrev_np(signal_number);
    if (abbreviation != NULL)
        snprintf(name, sizeof name, "SIG%s", abbreviation);
    else if (signal_number >= SIGRTMIN && signal_number <= SIGRTMAX)
        snprintf(name, sizeof name, "SIGRTMIN+%d", signal_number - SIGRTMIN);
    else
        snprintf(name, sizeof name, "signal %d", signal_number);
    return name;
}

/* Print how a child ended, from the status waitpid filled in. A stopped
 * child never gets here: waitpid without WUNTRACED reports only ended ones. */
static void report_child(pid_t child, int status)
{
    if (WIFEXITED(status))
        printf("reaped child %ld: exited with status %d\n", (long)child, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("reaped child %ld: killed by signal %d (%s)\n", (long)child,
               WTERMSIG(status), signal_name(WTERMSIG(status)));
    else
        printf("reaped child %ld: raw status %#x\n", (long)child, (unsigned)status);
}

/* Reap every child that has ended, never blocking. Returns how many it reaped;
 * sets *no_children when waitpid reports that there are no children at all. */
static long reap_finished_children(bool *no_children)
{
    long reaped = 0;
    for (;;) {
        int status;
        pid_t child = waitpid(-1, &status, WNOHANG);
        if (child > 0) {            /* one ended: reaped now; there may be more */
            report_child(child, status);
            reaped++;
            continue;
        }
        if (child == 0) {           /* children exist, none has ended: back to work */
            *no_children = false;
            return reaped;
        }
        if (errno == ECHILD) {      /* no children at all */
            *no_children = true;
            return reaped;
        }
        if (errno != EINTR) {
            fprintf(stderr, "reaper: waitpid: %s\n", strerror(errno));
            exit(1);
        }
    }
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

    /* Unbuffered stdout: fork must not copy buffered text into the children. */
    setvbuf(stdout, NULL, _IONBF, 0);

    for (long k = 1; k <= n_children; k++) {
        pid_t child = fork();
        switch (child) {
        case -1:
            fprintf(stderr, "reaper: fork: %s\n", strerror(errno));
            exit(1);
        case 0: /* Child: a background job that takes a while */
            printf("hello, I am child of %ld (pid:%ld)\n", (long)getppid(), (long)getpid());
            sleep_ms(k * CHILD_STEP_MS);
            _exit((int)k);
        default: /* Parent */
            printf("hello, I am parent of %ld (pid:%ld)\n", (long)child, (long)getpid());
        }
    }

    /* The parent's main loop: a tick of work (a shell: reading the next
     * command), then reap whatever has ended meanwhile — never waiting. */
    long reaped = 0;
    bool said_no_children = false;
    for (;;) {
        bool no_children;
        reaped += reap_finished_children(&no_children);
        if (no_children && !said_no_children) {
            printf("all %ld children reaped\n", reaped);
            printf("no children left (waitpid: ECHILD); still working\n");
            said_no_children = true;
        }
        sleep_ms(TICK_MS);
    }
}
