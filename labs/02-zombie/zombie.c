/* zombie.c — make zombies on purpose: children end, the parent never waits.
 *
 * Part A of lab 02. The lecture's zombie maker: each child prints a line and
 * leaves at once; the parent never calls wait, so the kernel keeps each
 * child's entry in the process table (its pid and exit status) for the parent
 * to collect. Such a child is a zombie: state Z, shown as <defunct> by ps.
 * The parent must stay alive so the zombies stay too — idling in pause(),
 * NOT in the lecture's `while (1);`, which burns a whole CPU doing nothing.
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
 *
 * Build and check:  make grade LAB=02
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CHILDREN 64
#define DEFAULT_CHILDREN 3

/* Provided: DO NOT CHANGE. */
static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [N]   (N children, 1..%d, default %d)\n",
            program, MAX_CHILDREN, DEFAULT_CHILDREN);
    exit(2);
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

    /* Unbuffered stdout: with a pipe as stdout, buffered text would be copied
     * into every child by fork and printed twice. */
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("hello world (pid:%ld)\n", (long)getpid());

    /* TODO(student): fork n_children children (check fork's return value; on
     * failure print "zombie: fork: <strerror>" to stderr and exit 1).
     *   Child: print "hello, I am child of P (pid:C)", then leave with _exit(0)
     *     — _exit, not exit, in a child.
     *   Parent: print "hello, I am parent of C (pid:P)" after each fork, and
     *     never wait for any child. */
    (void)n_children;

    /* TODO(student): print "parent P: not waiting for N children; pausing",
     * then idle in pause(), in a loop, forever: a signal (kill -9) ends it. */

    fprintf(stderr, "zombie: not implemented yet (see TODO(student) in zombie.c)\n");
    return 1;
}
