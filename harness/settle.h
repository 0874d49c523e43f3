/* settle.h — is a lab settled? Judge a process tree from /proc, from outside.
 *
 * A test that waits for a lab program to do something should stop waiting as
 * soon as the program can no longer do it, not when a deadline passes. This
 * module answers "can anything in this tree still happen by itself?":
 *
 *   settled   every process is ended (Z), stopped (T), or asleep (S) in a
 *             call that only an outside event can end — pause, sigsuspend,
 *             wait with no live child, a read, poll without a timeout — with
 *             no unblocked signal pending and no POSIX timer armed; and the
 *             tree has looked exactly the same (states, calls, context
 *             switches, CPU time) for a quiet window;
 *   spinning  some process has used the spin budget of CPU time without once
 *             going to sleep of its own accord: a busy loop, judged by CPU
 *             time, so a loaded machine does not change the verdict;
 *   busy      anything else: running, in a timed sleep (nanosleep), in an
 *             unknown call, a signal pending. Only a deadline ends that.
 *
 * What it cannot see: alarm() and setitimer() timers (Linux shows them
 * nowhere outside the process). A program asleep in pause() waiting for an
 * alarm is judged settled after the quiet window; the labs tick with nanosleep.
 *
 * Used by labrun -S (end a lab that can make no more progress) and by
 * labprobe (the bats helpers' view of a running lab).
 */
#ifndef SETTLE_H
#define SETTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SETTLE_MAX_PROCESSES 1024

enum settle_verdict { SETTLE_BUSY, SETTLE_SETTLED, SETTLE_SPINNING, SETTLE_GONE };

/* One process as /proc showed it. */
struct settle_process {
    pid_t pid;
    pid_t ppid;
    char state;                     /* R S D T t Z X I */
    char comm[32];
    long syscall_number;            /* -1: not in a call; -2: running or unknown */
    unsigned long long syscall_args[6];
    char wait_channel[64];          /* where it sleeps in the kernel, if shown */
    unsigned long long pending;     /* pending and not blocked signals */
    bool has_timers;                /* POSIX timers armed (/proc/PID/timers) */
    unsigned long long voluntary_switches;
    unsigned long long switches;    /* voluntary + involuntary */
    unsigned long long cpu_ticks;   /* utime + stime */
};

/* For the spin check: the CPU time a process had when it last slept. */
struct settle_spin {
    pid_t pid;
    unsigned long long voluntary;       /* its voluntary context switches then */
    unsigned long long cpu_at_sleep;    /* its CPU ticks then */
};

/* The state kept between samples: what the last one saw, since when the
 * tree has been settled and unchanged, and for each process the CPU time it
 * had when it last went to sleep of its own accord. */
/* How to treat the root of the tree. */
enum settle_root {
    SETTLE_ROOT_EXCLUDED,           /* judge only its descendants (labrun judging itself) */
    SETTLE_ROOT_SUPERVISOR,         /* labrun seen from outside: asleep, whatever the call */
};

struct settle_watch {
    pid_t root;
    enum settle_root root_mode;
    double quiet_seconds;           /* how long "settled" must hold unchanged */
    double spin_seconds;            /* CPU a process may use without sleeping; 0: any */
    double settled_since;           /* monotonic seconds; < 0 when not settled */
    unsigned long long last_fingerprint;
    int count;
    struct settle_process processes[SETTLE_MAX_PROCESSES];
    int spin_count;
    struct settle_spin spin[SETTLE_MAX_PROCESSES];
};

/* Start watching the tree under ROOT. */
void settle_watch_init(struct settle_watch *watch, pid_t root, enum settle_root root_mode,
                       double quiet_seconds, double spin_seconds);

/* Take one sample of the tree at time NOW (monotonic seconds) and judge it.
 * WHY gets a one-line explanation of the verdict, for people. */
enum settle_verdict settle_sample(struct settle_watch *watch, double now, char *why, size_t size);

/* Save and load a watch to and from a small text file, for a poller that
 * runs once per sample (labprobe). Load returns false if there is no file. */
bool settle_watch_save(const struct settle_watch *watch, const char *path);
bool settle_watch_load(struct settle_watch *watch, const char *path);

#endif
