/* labprobe.c — tell a waiting test whether a running lab can still change.
 *
 *   labprobe [-w MS] [-q MS] [-b MS] -s STATE_FILE LABRUN_PID
 *
 * The bats helpers poll a condition ("5 <defunct> children", "a line of
 * output"); between two polls they run labprobe on the lab's labrun. It
 * samples the labrun's process tree every 10 milliseconds for up to -w MS
 * (default 20: it is also the poll interval) and says, on stdout, one line:
 *
 *   exit 0  settled: ...   every process ended, stopped or asleep with nothing
 *                          that could wake it, unchanged for -q MS (default 200)
 *   exit 3  spinning: ...  a process used -b MS of CPU (default 300) without
 *                          once sleeping: a busy loop
 *   exit 4  ended: ...     labrun itself has ended: the lab is over
 *   exit 1  busy: ...      none of these yet
 *   exit 2  bad usage
 *
 * What it saw last is kept in STATE_FILE between runs (one file per wait), so
 * "unchanged for 200 ms" spans several runs. See settle.h for the rules.
 */
#include "settle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: labprobe [-w MS] [-q MS] [-b MS] -s STATE_FILE LABRUN_PID\n");
}

static long parse_ms(const char *text, const char *option)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 0 || value > 3600000) {
        fprintf(stderr, "labprobe: %s: invalid milliseconds '%s'\n", option, text);
        usage(stderr);
        exit(2);
    }
    return value;
}

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1) {
        perror("labprobe: clock_gettime");
        exit(2);
    }
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
    long wait_ms = 20, quiet_ms = 200, spin_ms = 300;
    const char *state_file = NULL;
    int c;
    while ((c = getopt(argc, argv, "w:q:b:s:h")) != -1) {
        switch (c) {
        case 'w': wait_ms = parse_ms(optarg, "-w"); break;
        case 'q': quiet_ms = parse_ms(optarg, "-q"); break;
        case 'b': spin_ms = parse_ms(optarg, "-b"); break;
        case 's': state_file = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (state_file == NULL || optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    char *end;
    long root = strtol(argv[optind], &end, 10);
    if (*end != '\0' || root <= 0 || root > 4194304) {
        fprintf(stderr, "labprobe: invalid pid '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    static struct settle_watch watch;
    settle_watch_init(&watch, (pid_t)root, SETTLE_ROOT_SUPERVISOR,
                      (double)quiet_ms / 1000, (double)spin_ms / 1000);
    settle_watch_load(&watch, state_file);      /* none yet: a fresh wait */

    double give_up = now_seconds() + (double)wait_ms / 1000;
    char why[1024];
    enum settle_verdict verdict;
    for (;;) {
        verdict = settle_sample(&watch, now_seconds(), why, sizeof why);
        if (verdict != SETTLE_BUSY || now_seconds() >= give_up)
            break;
        struct timespec interval = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
        nanosleep(&interval, NULL);
    }
    if (!settle_watch_save(&watch, state_file))
        fprintf(stderr, "labprobe: cannot save %s: %s\n", state_file, strerror(errno));
    printf("%s\n", why);
    switch (verdict) {
    case SETTLE_SETTLED: return 0;
    case SETTLE_SPINNING: return 3;
    case SETTLE_GONE: return 4;
    default: return 1;
    }
}
