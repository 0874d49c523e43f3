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
 *   PID: a positive decimal number. 0, -1 and negative pids (process groups,
 *   "every process") are deliberately refused: a typo must not kill a group.
 *
 * Exit status: 0 if every kill(2) succeeded; 1 if one failed (each failure is
 * reported as "mykill: kill PID: ERRNO-TEXT" and the other pids are still
 * signalled); 2 for bad arguments (usage line; nothing is sent).
 *
 * Try:   sleep 100 &  ./mykill -0 $!  (exists: status 0)   ./mykill -HUP $!   wait $!; echo $?
 *        ./zombie_maker 3 &  ps -o pid,ppid,stat,args   then mykill -9 the parent of the <defunct>s
 *
 * Careful while you test by hand: kill(-1, SIGKILL) kills every process you
 * may signal (as root: the whole machine), kill(0, ...) your own shell's
 * process group. The tests run mykill in a PID namespace of its own.
 *
 * Build and check:  make grade LAB=06
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIGNAL_MAX 64   /* SIGRTMAX on Linux; NSIG - 1 */

/* Provided: DO NOT CHANGE. */
static void usage_exit(void)
{
    fprintf(stderr, "usage: mykill [-N | -NAME | -SIGNAME | -s NAME | -s N] PID...\n"
                    "       mykill -l\n");
    exit(2);
}

/* TEXT as a number MIN..MAX made of decimal digits only; -1 if it is not one
 * (no sign, no spaces, no hex: "-1" and "+5" are not pids) or if it is out of
 * range: "4294967295" is not -1, "99999999999999999999" is not LONG_MAX.
 * TODO(student): write it (check each character, then strtol with errno). */
static long parse_decimal(const char *text, long min, long max)
{
    (void)text;
    (void)min;
    (void)max;
    return -1;
}

/* A signal given as a number ("9", 0..SIGNAL_MAX, decimal digits only) or
 * a name, exactly ("KILL", "SIGKILL"; not "KIL", not "KILLX"); -1 if unknown. sigabbrev_np(sig) gives "KILL" for 9 (NULL for
 * numbers without a name); names exist for 1 .. SIGRTMIN-1.
 * TODO(student): write it. */
static int parse_signal(const char *text)
{
    (void)text;
    return -1;
}

/* Print "N NAME" for every signal 1 .. SIGRTMIN-1 that has a name.
 * TODO(student): write it. */
static void list_signals(void)
{
}

int main(int argc, char *argv[])
{
    /* TODO(student): step 1, the signal: "-l" alone lists and exits 0;
     * "-s X" or "-X" give the signal (parse_signal; unknown → a message and
     * usage_exit()); otherwise SIGTERM and the pids start at argv[1]. */

    /* TODO(student): step 2, every pid checked with parse_decimal(arg, 1,
     * INT_MAX) before anything is sent; none, or a bad one → usage_exit(). */

    /* TODO(student): step 3, kill(pid, sig) for each pid; on failure print
     * "mykill: kill PID: ERRNO-TEXT" (strerror) and go on with the others.
     * Exit 0 if all succeeded, else 1. */
    (void)argc;
    (void)argv;
    (void)usage_exit;
    (void)parse_decimal;
    (void)parse_signal;
    (void)list_signals;

    fprintf(stderr, "mykill: not implemented yet (see TODO(student) in mykill.c)\n");
    return 1;
}
