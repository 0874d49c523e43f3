/* ignore_exec.c — an ignored signal stays ignored across exec; a handler does not.
 *
 * exec replaces the program's code, so a handler — an address in the old
 * code — cannot survive it: exec resets every caught signal to SIG_DFL. But
 * SIG_IGN names no code, and the kernel keeps it: the new program starts
 * with SIGINT already ignored and may never know. (fork, by contrast, copies
 * every disposition, handlers included.) That is why a shell must reset
 * SIGINT to SIG_DFL in the child before it execs a command: otherwise no
 * command it runs could be stopped with Ctrl+C.
 *
 *   usage: ignore_exec [-H] [PROGRAM [ARG...]]
 *     PROGRAM   what to exec, found on PATH (default: sleep 60)
 *     -H        catch SIGINT with a handler instead of ignoring it, to see
 *               that exec resets the handler to the default
 *
 * Output:  SIGINT ignored; exec PROGRAM        (or: SIGINT caught by a handler; exec PROGRAM)
 *
 * Try:   ./ignore_exec &   grep -E 'SigIgn|SigCgt' /proc/$!/status    (sleep's: SigIgn ...0002)
 *        ./ignore_exec -H & grep -E 'SigIgn|SigCgt' /proc/$!/status   (neither has 0x2)
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_sigint(int signal_number)
{
    (void)signal_number;    /* never runs: exec replaces it before any SIGINT */
}

int main(int argc, char *argv[])
{
    bool use_handler = false;
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "-H") == 0) {
        use_handler = true;
        first = 2;
    }
    if (first < argc && argv[first][0] == '-') {
        fprintf(stderr, "usage: %s [-H] [PROGRAM [ARG...]]\n", argv[0]);
        exit(2);
    }
    char *default_program[] = { "sleep", "60", NULL };
    char **program = first < argc ? &argv[first] : default_program;

    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = use_handler ? on_sigint : SIG_IGN;
    sigemptyset(&act.sa_mask);
    if (sigaction(SIGINT, &act, NULL) == -1) {
        fprintf(stderr, "ignore_exec: sigaction(SIGINT): %s\n", strerror(errno));
        exit(1);
    }
    printf("SIGINT %s; exec %s\n", use_handler ? "caught by a handler" : "ignored", program[0]);
    fflush(stdout);     /* exec discards stdio buffers */

    execvp(program[0], program);
    fprintf(stderr, "ignore_exec: execvp %s: %s\n", program[0], strerror(errno));
    exit(127);
}
