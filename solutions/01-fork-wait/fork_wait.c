/* fork_wait.c — fork N children and reap every one of them with waitpid.
 *
 * The lecture's first program (hello world / "I am child of" / "I am parent
 * of") with the piece it leaves out: the parent waits for each child, which
 * both tells it how the child ended and removes the child's entry from the
 * process table. A child nobody waits for stays a zombie (lab 02).
 *
 *   usage: fork_wait [-p] [-s] [N]
 *     N    number of children, 1..64 (default 1); child number k exits with status k
 *     -p   children pause() after printing, until a signal ends them
 *     -s   stay: after reaping every child, pause() until a signal
 *
 * Try:   ./fork_wait 3
 *        ./fork_wait -p 2 &  ps -o pid,ppid,stat,args --ppid $!   then kill a child
 *        ./fork_wait -s 3 &  ps -o pid,ppid,stat,args --ppid $!   no <defunct> line
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CHILDREN 64

static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [-p] [-s] [N]   (N children, 1..%d, default 1)\n",
            program, MAX_CHILDREN);
    exit(2);
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
void report_child(pid_t child, int status)
{
    if (WIFEXITED(status))
        printf("child %ld exited with status %d\n", (long)child, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("child %ld killed by signal %d (%s)\n", (long)child, WTERMSIG(status),
               signal_name(WTERMSIG(status)));
    else
        printf("child %ld ended with raw status %#x\n", (long)child, (unsigned)status);
}

int main(int argc, char *argv[])
{
    bool children_pause = false, stay = false;
    int opt;
    while ((opt = getopt(argc, argv, "ps")) != -1) {
        switch (opt) {
        case 'p': children_pause = true; break;
        case 's': stay = true; break;
        default: usage_exit(argv[0]);
        }
    }
    long n_children = 1;
    if (optind < argc) {
        char *end;
        errno = 0;
        n_children = strtol(argv[optind], &end, 10);
        if (errno != 0 || *end != '\0' || end == argv[optind] ||
            n_children < 1 || n_children > MAX_CHILDREN)
            usage_exit(argv[0]);
        optind++;
    }
    if (optind != argc)
        usage_exit(argv[0]);

    /* Unbuffered stdout: with a pipe as stdout, buffered text would be copied
     * into every child by fork and printed twice, and lines would come out in
     * the order buffers are flushed, not the order things happened. */
    setvbuf(stdout, NULL, _IONBF, 0);

    printf("hello world (pid:%ld)\n", (long)getpid());
    for (long k = 1; k <= n_children; k++) {
        pid_t child = fork();
        switch (child) {
        case -1:
            perror("fork");
            exit(1);
        case 0: /* Child */
            printf("hello, I am child of %ld (pid:%ld)\n", (long)getppid(), (long)getpid());
            if (children_pause)
                for (;;)
                    pause();    /* until a signal kills us */
            _exit((int)k);      /* _exit: no atexit handlers or stdio flush in a child */
        default: /* Parent */
            printf("hello, I am parent of %ld (pid:%ld)\n", (long)child, (long)getpid());
        }
    }

    /* Reap every child, in whatever order they end. */
    for (long reaped = 0; reaped < n_children;) {
        int status;
        pid_t child = waitpid(-1, &status, 0);
        if (child == -1) {
            if (errno == EINTR)
                continue;
            perror("waitpid");
            exit(1);
        }
        report_child(child, status);
        reaped++;
    }
    printf("all %ld children reaped\n", n_children);

    if (stay)
        for (;;)
            pause();    /* nothing of ours is left in the process table: see ps */
    return 0;
}
