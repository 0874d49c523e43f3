/* mykill.c — send a signal to processes by pid: the kill program of the lecture.
 *
 * `kill -9 1234` in a shell runs a program (or a builtin) that reads the
 * arguments and calls the kill(2) system call: kill(1234, 9). This is that
 * program. kill(2) sends any signal, not only SIGKILL, to any process we are
 * allowed to signal (same user, or root); signal 0 sends nothing and only
 * checks that the pid exists and may be signalled.
 *
 *   usage: mykill [-N | -NAME | -SIGNAME | -s NAME | -s N] PID...
 *          mykill -l
 *     -N        signal number N, 0..64 (Linux: 1..31 standard, 34..64 real-time)
 *     -NAME     signal by name, with or without SIG: -KILL, -SIGKILL, -HUP ...
 *     -s X      the same, as an option: -s TERM, -s 15
 *     -l        list the standard signals, "N NAME" per line, and exit
 *     (none)    SIGTERM, as kill(1)
 *   PID: a positive decimal number, 1..INT_MAX (pid_t's range), digits only.
 *   0, -1 and negative pids (process groups, "every process") are deliberately
 *   refused: a typo must not kill a group. So is a number beyond INT_MAX, never
 *   truncated into a pid_t: 4294967295 would become -1, "every process".
 *
 * Exit status: 0 if every kill(2) succeeded; 1 if one failed (each failure is
 * reported as "mykill: kill PID: ERRNO-TEXT" and the other pids are still
 * signalled); 2 for bad arguments (usage line; nothing is sent).
 *
 * Try:   sleep 100 &  ./mykill -0 $!  (exists: status 0)   ./mykill -HUP $!   wait $!; echo $?
 *        ./zombie_maker 3 &  ps -o pid,ppid,stat,args   then mykill -9 the parent of the <defunct>s
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIGNAL_MAX 64   /* SIGRTMAX on Linux; NSIG - 1 */
_Static_assert(sizeof(pid_t) == sizeof(int), "pids are checked against INT_MAX");

static void usage_exit(void)
{
    fprintf(stderr, "usage: mykill [-N | -NAME | -SIGNAME | -s NAME | -s N] PID...\n"
                    "       mykill -l\n");
    exit(2);
}

/* TEXT as a number MIN..MAX made of decimal digits only; -1 if it is not one. */
static long parse_decimal(const char *text, long min, long max)
{
    if (*text == '\0')
        return -1;
    for (const char *c = text; *c != '\0'; c++)
        if (*c < '0' || *c > '9')
            return -1;      /* no sign, no spaces, no hex: "-1" is not a pid */
    errno = 0;
    long value = strtol(text, NULL, 10);
    if (errno != 0 || value < min || value > max)
        return -1;
    return value;
}

/* A signal given as a number ("9") or a name ("KILL", "SIGKILL"); -1 if unknown. */
static int parse_signal(const char *text)
{
    if (*text >= '0' && *text <= '9')
        return (int)parse_decimal(text, 0, SIGNAL_MAX);
    if (strncmp(text, "SIG", 3) == 0)
        text += 3;
    for (int sig = 1; sig < SIGRTMIN; sig++) {
        const char *name = sigabbrev_np(sig);
        if (name != NULL && strcmp(name, text) == 0)
            return sig;
    }
    return -1;
}

static void list_signals(void)
{
    for (int sig = 1; sig < SIGRTMIN; sig++) {
        const char *name = sigabbrev_np(sig);
        if (name != NULL)
            printf("%d %s\n", sig, name);
    }
}

int main(int argc, char *argv[])
{
    /* Step 1: the signal. */
    int sig = SIGTERM;
    int first_pid = 1;
    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        list_signals();
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "-s") == 0) {
        if (argc < 3)
            usage_exit();
        sig = parse_signal(argv[2]);
        first_pid = 3;
    } else if (argc >= 2 && argv[1][0] == '-') {
        sig = parse_signal(argv[1] + 1);
        first_pid = 2;
    }
    if (sig == -1) {
        fprintf(stderr, "mykill: %s: unknown signal\n", argv[first_pid - 1]);
        usage_exit();
    }

    /* Step 2: every pid, checked before anything is sent. */
    if (first_pid >= argc)
        usage_exit();
    for (int i = first_pid; i < argc; i++) {
        if (parse_decimal(argv[i], 1, INT_MAX) == -1) {
            fprintf(stderr, "mykill: %s: not a pid (a positive number)\n", argv[i]);
            usage_exit();
        }
    }

    /* Step 3: send, one kill(2) per pid; a failure does not stop the others. */
    int status = 0;
    for (int i = first_pid; i < argc; i++) {
        pid_t pid = (pid_t)parse_decimal(argv[i], 1, INT_MAX);
        if (kill(pid, sig) == -1) {
            fprintf(stderr, "mykill: kill %ld: %s\n", (long)pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
