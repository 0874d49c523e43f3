/* reap_handler.c — reap children from a SIGCHLD handler, and lose none of them.
 *
 * The lecture's signal2.c done right. Its handler calls wait() once per
 * SIGCHLD; but a standard signal does not queue: while one SIGCHLD is pending
 * (or the handler is running), more children can end, and the kernel still
 * delivers just one. So the handler reaps in a loop, waitpid(-1, &status,
 * WNOHANG), until no ended child is left. It only calls async-signal-safe
 * functions (waitpid and write, no printf), saves and restores errno, and is
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

static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [-r | -p | -g MS] [-s] [N]   (N children, 1..%d, default 1)\n",
            program, MAX_CHILDREN);
    exit(2);
}

/* TEXT as a number MIN..MAX, decimal digits only (strtol alone would take
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

/* Append the decimal digits of VALUE (>= 0) at TEXT; return the end. Only
 * plain arithmetic: the handler may not call snprintf. */
static char *append_decimal(char *text, long value)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (n > 0)
        *text++ = digits[--n];
    return text;
}

static char *append_text(char *text, const char *words)
{
    while (*words != '\0')
        *text++ = *words++;
    return text;
}

/* Runs when SIGCHLD arrives. One delivery may stand for any number of ended
 * children, so reap until waitpid says none is left (0: the rest still run;
 * -1 with ECHILD: no children at all). */
static void reap_children(int signal_number)
{
    (void)signal_number;
    int saved_errno = errno;    /* waitpid and write may change it under main's feet */
    int status;
    pid_t child;
    while ((child = waitpid(-1, &status, WNOHANG)) > 0) {
        char line[80];
        char *end = append_text(line, "child ");
        end = append_decimal(end, (long)child);
        if (WIFSIGNALED(status)) {
            end = append_text(end, " killed by signal ");
            end = append_decimal(end, WTERMSIG(status));
        } else {
            end = append_text(end, " exited with status ");
            end = append_decimal(end, WEXITSTATUS(status));
        }
        *end++ = '\n';
        /* One write per line: lines from here and from main never interleave. */
        if (write(STDOUT_FILENO, line, (size_t)(end - line)) == -1) {
            /* nowhere to report it; the child is reaped all the same */
        }
        children_reaped = children_reaped + 1;
    }
    errno = saved_errno;
}

/* What child number K does: block until released, pause, or sleep, then _exit(k). */
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
    _exit((int)k);      /* _exit: no atexit handlers or stdio flush in a child */
}

int main(int argc, char *argv[])
{
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

    /* Install the handler. SA_RESTART: a slow call of main's (a write to a full
     * pipe, a read) is resumed after the handler instead of failing with EINTR.
     * SA_NOCLDSTOP: a stopped child is not an ended one. */
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = reap_children;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    if (sigaction(SIGCHLD, &action, NULL) == -1) {
        perror("sigaction");
        exit(1);
    }

    /* Block SIGCHLD while forking and checking the count: main tests
     * children_reaped and then sleeps, and a SIGCHLD arriving between the two
     * would otherwise be lost (sleep forever). sigsuspend unblocks it and
     * sleeps in one step. */
    sigset_t block_chld, old_mask;
    sigemptyset(&block_chld);
    sigaddset(&block_chld, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &block_chld, &old_mask) == -1) {
        perror("sigprocmask");
        exit(1);
    }

    int release[2] = { -1, -1 };
    if (mode == 'r' && pipe(release) == -1) {
        perror("pipe");
        exit(1);
    }

    for (long k = 1; k <= n_children; k++) {
        pid_t child = fork();
        switch (child) {
        case -1:
            perror("fork");
            exit(1);
        case 0: /* Child */
            if (sigprocmask(SIG_SETMASK, &old_mask, NULL) == -1)
                _exit(127);
            if (mode == 'r')
                close(release[1]);  /* else the pipe never reaches EOF */
            run_child(k, mode, gap_ms, release[0]);
        default: /* Parent */
            printf("forked child %ld\n", (long)child);
        }
    }
    if (mode == 'r') {
        close(release[0]);
        close(release[1]);          /* every child's read() returns 0 now */
    }

    /* The parent's own work: sleep until the handler has reported everyone. */
    while (children_reaped < n_children)
        sigsuspend(&old_mask);      /* returns -1/EINTR after each handler run */
    if (sigprocmask(SIG_SETMASK, &old_mask, NULL) == -1) {
        perror("sigprocmask");
        exit(1);
    }
    printf("all %ld children reaped\n", n_children);

    if (stay)
        for (;;)
            pause();    /* nothing of ours is left in the process table: see ps */
    return 0;
}
