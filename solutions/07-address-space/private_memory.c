/* private_memory.c — after fork, parent and child each have their own memory.
 *
 * fork copies the parent's address space: the child sees every variable at
 * the same virtual address, with the same value. But the copy is private
 * (copy-on-write): when the child stores into a variable, the kernel gives it
 * a page of its own, and the parent's variable at that same address keeps
 * its value. Same address, different memory — each process has its own.
 *
 *   usage: private_memory [N]
 *     N   the value the child stores in the global x, 1..1000000 (default 1)
 *
 * Output, one line each (the tests read these exact forms):
 *   before fork: x = V at 0xADDRESS (pid P)
 *   child: x = N at 0xADDRESS (pid C)                  the child, after storing N
 *   parent after the child ended: x = V at 0xADDRESS (pid P)
 *
 * Try:   ./private_memory 42    the same address three times, x changed only in the child
 *        (ps shows nothing to watch here: both processes end at once)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_VALUE 1000000

int x;      /* a global: one per process, at the same address in both */

static void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [N]   (the value the child stores in x, 1..%d, default 1)\n",
            program, MAX_VALUE);
    exit(2);
}

/* TEXT as a number MIN..MAX, decimal digits only; else the usage line. */
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

int main(int argc, char *argv[])
{
    long value = 1;
    if (argc > 2)
        usage_exit(argv[0]);
    if (argc == 2)
        value = parse_number(argv[1], 1, MAX_VALUE, argv[0]);
    setvbuf(stdout, NULL, _IONBF, 0);   /* nothing buffered for fork to copy */

    printf("before fork: x = %d at %p (pid %ld)\n", x, (void *)&x, (long)getpid());
    pid_t child = fork();
    switch (child) {
    case -1:
        fprintf(stderr, "private_memory: fork: %s\n", strerror(errno));
        exit(1);
    case 0: /* Child: change x in its own copy, then leave */
        x = (int)value;
        printf("child: x = %d at %p (pid %ld)\n", x, (void *)&x, (long)getpid());
        _exit(0);   /* _exit: the parent's code below is not the child's to run */
    }

    /* Parent: wait until the child has stored and printed, then look at x. */
    int status;
    while (waitpid(child, &status, 0) == -1) {
        if (errno != EINTR) {
            fprintf(stderr, "private_memory: waitpid: %s\n", strerror(errno));
            exit(1);
        }
    }
    printf("parent after the child ended: x = %d at %p (pid %ld)\n", x, (void *)&x, (long)getpid());
    return 0;
}
