/* zombie_maker.c — provided, DO NOT CHANGE: a parent that leaves zombies.
 *
 * Forks N children that end at once, never waits for them, and sleeps. Each
 * child stays in the process table as <defunct> (state Z) until its parent
 * waits or dies; then init adopts and reaps it. Part 2 of the lab: find the
 * parent of the <defunct> entries with ps and end it with mykill.
 *
 *   usage: zombie_maker [N]    N children, 1..16 (default 3)
 *
 * Try:   ./zombie_maker 3 &  ps -o pid,ppid,stat,args
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    long n_children = 3;
    if (argc > 2)
        goto usage;
    if (argc == 2) {
        /* Decimal digits only: strtol alone would take " 5" and "+5". */
        if (argv[1][0] < '0' || argv[1][0] > '9')
            goto usage;
        char *end;
        errno = 0;
        n_children = strtol(argv[1], &end, 10);
        if (errno != 0 || *end != '\0' || n_children < 1 || n_children > 16)
            goto usage;
    }
    for (long k = 0; k < n_children; k++) {
        switch (fork()) {
        case -1:
            perror("zombie_maker: fork");
            exit(1);
        case 0: /* Child: ends at once; nobody waits for it */
            _exit(0);
        }
    }
    printf("zombie_maker %ld: %ld children ended, none waited for\n", (long)getpid(), n_children);
    fflush(stdout);
    for (;;)
        pause();        /* until a signal ends us: see ps meanwhile */
usage:
    fprintf(stderr, "usage: zombie_maker [N]   (N children, 1..16, default 3)\n");
    return 2;
}
