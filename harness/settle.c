/* settle.c — is a lab settled? See settle.h for what the verdicts mean.
 *
 * Everything here is read from /proc: the tree through
 * /proc/PID/task/TID/children, each process's state and CPU time from
 * /proc/PID/stat, its signals and context switches from /proc/PID/status, the
 * call it sleeps in from /proc/PID/syscall (with its arguments: poll with or
 * without a timeout), or, where that is not readable (Yama's ptrace_scope
 * hides it from a non-ancestor), the kernel function it sleeps in from
 * /proc/PID/wchan.
 */
#include "settle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- reading /proc ------------------------------------------------------ */

/* Read a small /proc file into BUFFER (NUL-terminated); false if it is gone. */
static bool read_proc_file(pid_t pid, const char *name, char *buffer, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return false;
    size_t used = 0;
    while (used < size - 1) {
        ssize_t n = read(fd, buffer + used, size - 1 - used);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
    }
    close(fd);
    buffer[used] = '\0';
    return used > 0;
}

/* The value of "FIELD:" in /proc/PID/status TEXT, parsed in BASE (16 or 10). */
static unsigned long long status_field(const char *text, const char *field, int base)
{
    size_t length = strlen(field);
    for (const char *line = text; line != NULL && *line != '\0';) {
        if (strncmp(line, field, length) == 0 && line[length] == ':')
            return strtoull(line + length + 1, NULL, base);
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    return 0;
}

/* Fill P from /proc; false if the process is gone. */
static bool read_process(pid_t pid, struct settle_process *p)
{
    char text[4096];
    memset(p, 0, sizeof *p);
    p->pid = pid;
    if (!read_proc_file(pid, "stat", text, sizeof text))
        return false;
    /* "pid (comm) state ppid ... utime stime": comm may hold spaces and ')'. */
    char *open_paren = strchr(text, '(');
    char *close_paren = strrchr(text, ')');
    if (open_paren == NULL || close_paren == NULL || close_paren < open_paren)
        return false;
    size_t comm_length = (size_t)(close_paren - open_paren - 1);
    if (comm_length >= sizeof p->comm)
        comm_length = sizeof p->comm - 1;
    memcpy(p->comm, open_paren + 1, comm_length);
    p->comm[comm_length] = '\0';
    unsigned long long utime = 0, stime = 0;
    int ppid = 0;
    if (sscanf(close_paren + 1, " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
               &p->state, &ppid, &utime, &stime) != 4)
        return false;
    p->ppid = (pid_t)ppid;
    p->cpu_ticks = utime + stime;
    p->syscall_number = -2;
    if (p->state == 'Z' || p->state == 'X')
        return true;

    if (read_proc_file(pid, "status", text, sizeof text)) {
        unsigned long long blocked = status_field(text, "SigBlk", 16);
        p->pending = (status_field(text, "SigPnd", 16) | status_field(text, "ShdPnd", 16)) & ~blocked;
        p->voluntary_switches = status_field(text, "voluntary_ctxt_switches", 10);
        p->switches = p->voluntary_switches + status_field(text, "nonvoluntary_ctxt_switches", 10);
    }
    p->has_timers = read_proc_file(pid, "timers", text, sizeof text);
    if (read_proc_file(pid, "syscall", text, sizeof text)) {
        if (strncmp(text, "running", 7) != 0) {
            long number = -2;
            unsigned long long *a = p->syscall_args;
            if (sscanf(text, "%ld %llx %llx %llx %llx %llx %llx", &number,
                       &a[0], &a[1], &a[2], &a[3], &a[4], &a[5]) >= 1)
                p->syscall_number = number;
        }
    }
    if (read_proc_file(pid, "wchan", text, sizeof text) && strcmp(text, "0") != 0) {
        size_t length = strcspn(text, "\n");
        if (length >= sizeof p->wait_channel)
            length = sizeof p->wait_channel - 1;
        memcpy(p->wait_channel, text, length);
        p->wait_channel[length] = '\0';
    }
    return true;
}

/* Append the children of PID (every thread's) to PIDS; false if we cannot tell. */
static bool add_children(pid_t pid, pid_t *pids, int *count, int max)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/task", (long)pid);
    DIR *tasks = opendir(path);
    if (tasks == NULL)
        return errno == ENOENT;    /* gone: no children */
    bool known = true;
    struct dirent *task;
    while ((task = readdir(tasks)) != NULL) {
        if (task->d_name[0] < '1' || task->d_name[0] > '9')
            continue;
        char text[8192], name[128];
        snprintf(name, sizeof name, "task/%.20s/children", task->d_name);
        errno = 0;
        if (!read_proc_file(pid, name, text, sizeof text)) {
            if (errno == ENOENT)
                known = false;  /* a kernel without CONFIG_PROC_CHILDREN */
            continue;           /* else: no children (an empty file) */
        }
        for (char *word = strtok(text, " \n"); word != NULL; word = strtok(NULL, " \n"))
            if (*count < max)
                pids[(*count)++] = (pid_t)atol(word);
    }
    closedir(tasks);
    return known;
}

/* Fallback for kernels without the children files: scan all of /proc for ppid. */
static void add_children_by_scan(pid_t pid, pid_t *pids, int *count, int max)
{
    DIR *proc = opendir("/proc");
    if (proc == NULL)
        return;
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
            continue;
        struct settle_process p;
        pid_t candidate = (pid_t)atol(entry->d_name);
        if (read_process(candidate, &p) && p.ppid == pid && *count < max)
            pids[(*count)++] = candidate;
    }
    closedir(proc);
}

/* ---- judging one process ------------------------------------------------ */

enum call_kind { CALL_UNKNOWN, CALL_UNTIMED, CALL_TIMED };

struct call {
    long number;
    const char *name;
    int timeout_arg;        /* -1: untimed; -2: always timed; else the argument */
    bool timeout_is_int;    /* that argument is an int (poll): < 0 means none */
};

/* The calls a program sleeps in, by number, with where their timeout is. */
static const struct call known_calls[] = {
#if defined(__x86_64__)
    { 0, "read", -1, false },         { 1, "write", -1, false },
    { 7, "poll", 2, true },           { 23, "select", 4, false },
    { 34, "pause", -1, false },       { 35, "nanosleep", -2, false },
    { 43, "accept", -1, false },      { 45, "recvfrom", -1, false },
    { 47, "recvmsg", -1, false },     { 61, "wait4", -1, false },
    { 73, "flock", -1, false },       { 128, "rt_sigtimedwait", 2, false },
    { 130, "rt_sigsuspend", -1, false }, { 202, "futex", 3, false },
    { 230, "clock_nanosleep", -2, false }, { 232, "epoll_wait", 3, true },
    { 247, "waitid", -1, false },     { 270, "pselect6", 4, false },
    { 271, "ppoll", 2, false },       { 281, "epoll_pwait", 3, true },
    { 288, "accept4", -1, false },
#elif defined(__aarch64__)
    { 22, "epoll_pwait", 3, true },   { 32, "flock", -1, false },
    { 63, "read", -1, false },        { 64, "write", -1, false },
    { 72, "pselect6", 4, false },     { 73, "ppoll", 2, false },
    { 95, "waitid", -1, false },      { 98, "futex", 3, false },
    { 101, "nanosleep", -2, false },  { 115, "clock_nanosleep", -2, false },
    { 133, "rt_sigsuspend", -1, false }, { 137, "rt_sigtimedwait", 2, false },
    { 202, "accept", -1, false },     { 207, "recvfrom", -1, false },
    { 212, "recvmsg", -1, false },    { 242, "accept4", -1, false },
    { 260, "wait4", -1, false },
#endif
};

/* Kernel functions (wchan) for when the call cannot be read. */
static const struct { const char *function; const char *name; enum call_kind kind; } known_channels[] = {
    { "__do_sys_pause", "pause", CALL_UNTIMED },   { "sys_pause", "pause", CALL_UNTIMED },
    { "sigsuspend", "sigsuspend", CALL_UNTIMED },  { "do_wait", "wait", CALL_UNTIMED },
    { "pipe_read", "read", CALL_UNTIMED },         { "anon_pipe_read", "read", CALL_UNTIMED },
    { "pipe_write", "write", CALL_UNTIMED },       { "n_tty_read", "read", CALL_UNTIMED },
    { "hrtimer_nanosleep", "nanosleep", CALL_TIMED }, { "do_nanosleep", "nanosleep", CALL_TIMED },
};

/* What kind of call P sleeps in; NAME gets its name for messages. */
static enum call_kind call_kind_of(const struct settle_process *p, const char **name)
{
    *name = NULL;
    for (size_t i = 0; i < sizeof known_calls / sizeof known_calls[0]; i++) {
        const struct call *c = &known_calls[i];
        if (c->number != p->syscall_number)
            continue;
        *name = c->name;
        if (c->timeout_arg == -1)
            return CALL_UNTIMED;
        if (c->timeout_arg == -2)
            return CALL_TIMED;
        unsigned long long timeout = p->syscall_args[c->timeout_arg];
        if (c->timeout_is_int)
            return (int)(unsigned int)timeout < 0 ? CALL_UNTIMED : CALL_TIMED;
        return timeout == 0 ? CALL_UNTIMED : CALL_TIMED;
    }
    if (p->syscall_number >= 0)
        return CALL_UNKNOWN;
    /* The call is hidden (or -1: not in a call): go by the kernel function. */
    for (size_t i = 0; i < sizeof known_channels / sizeof known_channels[0]; i++) {
        /* Compilers add suffixes: sigsuspend.isra.0. */
        size_t length = strlen(known_channels[i].function);
        if (strncmp(p->wait_channel, known_channels[i].function, length) == 0 &&
            (p->wait_channel[length] == '\0' || p->wait_channel[length] == '.')) {
            *name = known_channels[i].name;
            return known_channels[i].kind;
        }
    }
    return CALL_UNKNOWN;
}

/* Is P, on its own, unable to change anything? DESCRIPTION says what it does. */
static bool process_settled(const struct settle_process *p, bool supervisor,
                            char *description, size_t size)
{
    const char *name;
    switch (p->state) {
    case 'Z':
    case 'X':
        snprintf(description, size, "%ld %s <defunct>", (long)p->pid, p->comm);
        return true;
    case 'T':
    case 't':
        snprintf(description, size, "%ld %s stopped", (long)p->pid, p->comm);
        return true;
    case 'S':
        break;
    case 'R':
        snprintf(description, size, "%ld %s running", (long)p->pid, p->comm);
        return false;
    default:
        snprintf(description, size, "%ld %s in state %c", (long)p->pid, p->comm, p->state);
        return false;
    }
    if (p->pending != 0) {
        snprintf(description, size, "%ld %s has a signal pending (mask %llx)",
                 (long)p->pid, p->comm, p->pending);
        return false;
    }
    if (supervisor) {
        snprintf(description, size, "%ld %s (the supervisor) asleep", (long)p->pid, p->comm);
        return true;
    }
    if (p->has_timers) {
        snprintf(description, size, "%ld %s has a timer armed", (long)p->pid, p->comm);
        return false;
    }
    switch (call_kind_of(p, &name)) {
    case CALL_UNTIMED:
        snprintf(description, size, "%ld %s asleep in %s", (long)p->pid, p->comm, name);
        return true;
    case CALL_TIMED:
        snprintf(description, size, "%ld %s in %s (a timed sleep)", (long)p->pid, p->comm, name);
        return false;
    default:
        if (p->syscall_number >= 0)
            snprintf(description, size, "%ld %s asleep in system call %ld", (long)p->pid,
                     p->comm, p->syscall_number);
        else
            snprintf(description, size, "%ld %s asleep in %s", (long)p->pid, p->comm,
                     p->wait_channel[0] != '\0' ? p->wait_channel : "an unknown place");
        return false;
    }
}

/* ---- the watch ---------------------------------------------------------- */

void settle_watch_init(struct settle_watch *watch, pid_t root, enum settle_root root_mode,
                       double quiet_seconds, double spin_seconds)
{
    memset(watch, 0, sizeof *watch);
    watch->root = root;
    watch->root_mode = root_mode;
    watch->quiet_seconds = quiet_seconds;
    watch->spin_seconds = spin_seconds;
    watch->settled_since = -1;
}

static unsigned long long fnv1a(unsigned long long hash, unsigned long long value)
{
    for (int i = 0; i < 8; i++) {
        hash ^= (value >> (8 * i)) & 0xff;
        hash *= 1099511628211ULL;
    }
    return hash;
}

/* Update the spin table with P; true if P has used the spin budget of CPU
 * since it last went to sleep of its own accord. */
static bool check_spinning(struct settle_watch *watch, const struct settle_process *p,
                           int *next_count, struct settle_spin *next)
{
    unsigned long long cpu_at_sleep = p->cpu_ticks;
    for (int i = 0; i < watch->spin_count; i++) {
        if (watch->spin[i].pid == p->pid) {
            if (watch->spin[i].voluntary == p->voluntary_switches)
                cpu_at_sleep = watch->spin[i].cpu_at_sleep;
            break;
        }
    }
    if (*next_count < SETTLE_MAX_PROCESSES) {
        next[*next_count].pid = p->pid;
        next[*next_count].voluntary = p->voluntary_switches;
        next[*next_count].cpu_at_sleep = cpu_at_sleep;
        (*next_count)++;
    }
    double ticks_per_second = (double)sysconf(_SC_CLK_TCK);
    return watch->spin_seconds > 0 && p->state != 'Z' && p->state != 'X' &&
           (double)(p->cpu_ticks - cpu_at_sleep) >= watch->spin_seconds * ticks_per_second;
}

enum settle_verdict settle_sample(struct settle_watch *watch, double now, char *why, size_t size)
{
    static pid_t pids[SETTLE_MAX_PROCESSES];
    static struct settle_spin next_spin[SETTLE_MAX_PROCESSES];
    int count = 0, next_spin_count = 0;
    why[0] = '\0';

    /* The tree, breadth first from the root. */
    struct settle_process root;
    if (!read_process(watch->root, &root) || root.state == 'Z' || root.state == 'X') {
        snprintf(why, size, "ended: pid %ld is gone", (long)watch->root);
        return SETTLE_GONE;
    }
    pids[count++] = watch->root;
    for (int i = 0; i < count; i++)
        if (!add_children(pids[i], pids, &count, SETTLE_MAX_PROCESSES))
            add_children_by_scan(pids[i], pids, &count, SETTLE_MAX_PROCESSES);

    /* Judge each process; the first one that is not settled explains "busy". */
    bool all_settled = true;
    unsigned long long fingerprint = 1469598103934665603ULL;
    char settled_list[512] = "", busy_reason[160] = "";
    int described = 0;
    watch->count = 0;
    for (int i = 0; i < count; i++) {
        bool is_root = pids[i] == watch->root;
        if (is_root && watch->root_mode == SETTLE_ROOT_EXCLUDED)
            continue;
        struct settle_process *p = &watch->processes[watch->count];
        if (!read_process(pids[i], p))
            continue;   /* ended and reaped between the two reads */
        watch->count++;
        fingerprint = fnv1a(fingerprint, (unsigned long long)p->pid);
        fingerprint = fnv1a(fingerprint, (unsigned long long)p->state);
        fingerprint = fnv1a(fingerprint, (unsigned long long)p->syscall_number);
        fingerprint = fnv1a(fingerprint, p->switches);
        fingerprint = fnv1a(fingerprint, p->cpu_ticks);

        if (!is_root && check_spinning(watch, p, &next_spin_count, next_spin)) {
            snprintf(why, size, "spinning: pid %ld (%s) has used %.1f s of CPU without once "
                     "going to sleep: a busy loop", (long)p->pid, p->comm,
                     watch->spin_seconds);
            memcpy(watch->spin, next_spin, sizeof next_spin[0] * (size_t)next_spin_count);
            watch->spin_count = next_spin_count;
            watch->settled_since = -1;
            return SETTLE_SPINNING;
        }
        char description[128];
        if (process_settled(p, is_root, description, sizeof description)) {
            if (!is_root && described < 6) {
                size_t used = strlen(settled_list);
                snprintf(settled_list + used, sizeof settled_list - used, "%s%s",
                         described > 0 ? "; " : "", description);
                described++;
            }
        } else if (all_settled) {
            all_settled = false;
            snprintf(busy_reason, sizeof busy_reason, "%s", description);
        }
    }
    memcpy(watch->spin, next_spin, sizeof next_spin[0] * (size_t)next_spin_count);
    watch->spin_count = next_spin_count;

    if (!all_settled) {
        watch->settled_since = -1;
        snprintf(why, size, "busy: %s", busy_reason);
        return SETTLE_BUSY;
    }
    if (watch->settled_since < 0 || fingerprint != watch->last_fingerprint)
        watch->settled_since = now;
    watch->last_fingerprint = fingerprint;
    if (now - watch->settled_since < watch->quiet_seconds) {
        snprintf(why, size, "busy: settling (%s)", settled_list);
        return SETTLE_BUSY;
    }
    if (described == 0)
        snprintf(settled_list, sizeof settled_list, "no process left");
    snprintf(why, size, "settled: nothing can change by itself (unchanged for %.1f s): %s%s",
             now - watch->settled_since, settled_list, watch->count - 1 > described ? "; ..." : "");
    return SETTLE_SETTLED;
}

/* ---- keeping a watch between runs of labprobe --------------------------- */

bool settle_watch_save(const struct settle_watch *watch, const char *path)
{
    char temp_path[4096];
    if (snprintf(temp_path, sizeof temp_path, "%s.tmp", path) >= (int)sizeof temp_path)
        return false;
    FILE *out = fopen(temp_path, "w");
    if (out == NULL)
        return false;
    fprintf(out, "%.6f %llu %d\n", watch->settled_since, watch->last_fingerprint,
            watch->spin_count);
    for (int i = 0; i < watch->spin_count; i++)
        fprintf(out, "%ld %llu %llu\n", (long)watch->spin[i].pid, watch->spin[i].voluntary,
                watch->spin[i].cpu_at_sleep);
    bool ok = fclose(out) == 0;
    return ok && rename(temp_path, path) == 0;
}

bool settle_watch_load(struct settle_watch *watch, const char *path)
{
    FILE *in = fopen(path, "r");
    if (in == NULL)
        return false;
    int spin_count = 0;
    bool ok = fscanf(in, "%lf %llu %d", &watch->settled_since, &watch->last_fingerprint,
                     &spin_count) == 3;
    watch->spin_count = 0;
    for (int i = 0; ok && i < spin_count && i < SETTLE_MAX_PROCESSES; i++) {
        long pid;
        if (fscanf(in, "%ld %llu %llu", &pid, &watch->spin[i].voluntary,
                   &watch->spin[i].cpu_at_sleep) != 3)
            break;
        watch->spin[i].pid = (pid_t)pid;
        watch->spin_count++;
    }
    fclose(in);
    return ok;
}
