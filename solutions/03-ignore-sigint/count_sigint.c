/* count_sigint.c — catch SIGINT with a handler: count Ctrl+C, exit on the third.
 *
 * Instead of SIG_IGN, sa_handler names a function the kernel runs when SIGINT
 * arrives. A handler interrupts main() anywhere — even inside printf or
 * malloc — so it may only touch a volatile sig_atomic_t and call
 * async-signal-safe functions (write(2), not printf), and it saves and
 * restores errno, which write may change under main's feet.
 *
 * main() waits with sigsuspend(), not pause(): SIGINT is blocked while main
 * tests the counter, and sigsuspend unblocks it and sleeps in one atomic step.
 * With "while (count < 3) pause();" a SIGINT landing between the test and
 * pause() would be counted but pause() would then sleep through it.
 *
 *   usage: count_sigint
 *
 * Output:  counting SIGINT (pid:P): the third one ends me     once the handler is installed
 *          caught SIGINT                                        from the handler, per SIGINT
 *          3 SIGINTs caught, exiting                            then exit status 0
 *
 * Try:   ./count_sigint     and press Ctrl+C three times
 *        grep SigCgt /proc/$(pgrep count_sigint)/status          bit 0x2: a handler
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PRESSES_TO_EXIT 3

static volatile sig_atomic_t sigint_count = 0;

static void on_sigint(int signal_number)
{
    (void)signal_number;
    int saved_errno = errno;
    sigint_count++;
    static const char message[] = "caught SIGINT\n";
    if (write(STDOUT_FILENO, message, sizeof message - 1) == -1) {
        /* nothing safe to do about it inside a handler */
    }
    errno = saved_errno;
}

int main(int argc, char *argv[])
{
    if (argc != 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        exit(2);
    }
    /* Unbuffered: the handler writes with write(2); printf must not hold
     * text back and print it out of order with the handler's lines. */
    setvbuf(stdout, NULL, _IONBF, 0);

    /* Block SIGINT first, so none arrives before we are ready to wait for it. */
    sigset_t sigint_only, mask_while_waiting;
    sigemptyset(&sigint_only);
    sigaddset(&sigint_only, SIGINT);
    if (sigprocmask(SIG_BLOCK, &sigint_only, &mask_while_waiting) == -1) {
        fprintf(stderr, "count_sigint: sigprocmask: %s\n", strerror(errno));
        exit(1);
    }
    sigdelset(&mask_while_waiting, SIGINT);

    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_sigint;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    if (sigaction(SIGINT, &act, NULL) == -1) {
        fprintf(stderr, "count_sigint: sigaction(SIGINT): %s\n", strerror(errno));
        exit(1);
    }
    printf("counting SIGINT (pid:%ld): the third one ends me\n", (long)getpid());

    /* sigsuspend returns only after a handler has run: -1 with EINTR. */
    while (sigint_count < PRESSES_TO_EXIT) {
        if (sigsuspend(&mask_while_waiting) == -1 && errno != EINTR) {
            fprintf(stderr, "count_sigint: sigsuspend: %s\n", strerror(errno));
            exit(1);
        }
    }

    printf("%d SIGINTs caught, exiting\n", PRESSES_TO_EXIT);
    return 0;
}
