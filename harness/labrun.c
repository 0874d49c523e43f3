/* labrun.c — run one lab program under control, and leave nothing behind.
 *
 * Every test and demo starts a lab program through labrun, never bare:
 *
 *   labrun [options] -- PROGRAM [ARG...]
 *
 * What it does, in order (main() reads as these steps):
 *   1. closes every inherited fd above 2, so a test runner's pipes (bats' fd 3)
 *      are never held open by the lab or by anything the lab leaves behind;
 *   2. becomes a child subreaper (PR_SET_CHILD_SUBREAPER): whatever the lab
 *      orphans is reparented to labrun, not to the host's PID 1 — which in a
 *      container may never reap. labrun reaps only its own children (the lab and
 *      those orphans); the lab's own zombie children are left alone while the
 *      lab lives, because seeing them is what the zombie tests are about;
 *   2b. with -N, gives the lab a PID namespace of its own (see below);
 *   3. forks the lab into its own session (or, with -f, its own process group in
 *      the foreground of the controlling terminal, so a real Ctrl+C reaches it),
 *      with every signal at SIG_DFL, an empty signal mask, resource limits
 *      (processes, CPU, address space, file size, open files, no core dumps)
 *      (with PROCLAB_LAB_PRELOAD set, as run-lab sets it, that shim in front
 *      of LD_PRELOAD: the stack poison that makes a forgotten initialisation
 *      show; never under -u 0, the harness's own runs)
 *      and, when labrun runs as root, an unprivileged uid (-u): student code
 *      must not be able to kill the grader or touch results, and RLIMIT_NPROC
 *      does not bind root. The default, 65533, is in the range Debian keeps
 *      reserved (65000-65533) and belongs to no account, so a kill(-1) from
 *      student code reaches only other lab processes — not daemons that run
 *      as nobody (65534);
 *   4. relays the lab's stdout and stderr through pipes, cutting it off at the
 *      output limit — so a lab that leaves a background child holding stdout
 *      open cannot hang the test: labrun closes its side when it is done;
 *   5. waits (signals taken synchronously through signalfd, as tini does) for
 *      the lab to end, the wall-clock deadline, or SIGTERM/SIGINT/SIGHUP to
 *      labrun itself;
 *   6. kills the lab's process group and every remaining descendant, reaps
 *      them all, and reports how the lab ended.
 *
 * With -N the lab gets a PID namespace (and a /proc) of its own, for labs whose
 * code sends signals by number (mykill): labrun forks a small init first, pid 1
 * of the new namespace, which only reaps; the lab is pid 2. Inside, kill(-1),
 * kill(0) and kill(-PGID) reach only the namespace's processes — never the
 * grader or the host, even when the lab runs as a uid that has processes
 * elsewhere — and init itself ignores every signal sent from inside. When the
 * lab ends, labrun kills init, and the kernel kills everything left inside.
 * As root this needs nothing more; otherwise labrun first enters a user
 * namespace of its own (unprivileged user namespaces must be enabled).
 *
 * Reporting: labrun exits with the lab's exit code, or 128+N if the lab was
 * killed by signal N; 124 on timeout, 123 when the output limit was hit, 122
 * when -S ended a lab that could make no more progress, 125 for labrun's own
 * errors, 126/127 when the program could not be executed.
 * With -R FILE it also writes one line that cannot be confused:
 *   exit N | signal N NAME | timeout | output-limit | terminated | exec-failed ERRNO-TEXT
 *   | settled: WHY | spinning: WHY
 *
 * -S is for a lab that should run to its end by itself: a program that instead
 * sleeps forever in pause(), or spins in a busy loop, is ended as soon as that
 * is certain (settle.h says how it is judged), not when the timeout comes.
 * With -P FILE it writes the lab's pid once the program has been exec'd, so a
 * test can inspect the lab with ps while it runs.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "settle.h"

#define EXIT_TIMEOUT 124
#define EXIT_OUTPUT_LIMIT 123
#define EXIT_SETTLED 122

/* -S: how often the lab is sampled, how long it must stay settled, and how
 * much CPU a process may burn without sleeping before it counts as spinning. */
#define SETTLE_SAMPLE_MS 10
#define SETTLE_QUIET_SECONDS 0.2
#define SETTLE_SPIN_SECONDS 0.3
#define EXIT_INTERNAL 125
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

struct options {
    double timeout_seconds;    /* -t: wall clock */
    long cpu_seconds;          /* -c: RLIMIT_CPU, default: the timeout rounded up */
    long extra_processes;      /* -n: processes the lab may add to its uid's count */
    long memory_mib;           /* -m: RLIMIT_AS */
    long output_limit;         /* -o: bytes per stream, also RLIMIT_FSIZE */
    long run_as_uid;           /* -u: uid when labrun is root; 0 keeps root */
    const char *pid_file;      /* -P */
    const char *report_file;   /* -R */
    bool foreground;           /* -f: use the controlling terminal */
    bool new_pid_namespace;    /* -N: own PID namespace and /proc */
    bool end_when_settled;     /* -S: end the lab once it can make no more progress */
    double spin_seconds;       /* -B: with -S, CPU a process may use without sleeping */
    char **argv;               /* PROGRAM [ARG...] */
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: labrun [-t SECS] [-c CPU_SECS] [-n NPROC] [-m MIB] [-o BYTES] [-u UID]\n"
            "              [-P PIDFILE] [-R REPORTFILE] [-f] [-N] [-S [-B SECS]] -- PROGRAM [ARG...]\n"
            "  -t SECS     wall-clock timeout; the whole lab is then killed (default 10)\n"
            "  -c SECS     CPU-time limit (default: the timeout, rounded up)\n"
            "  -n NPROC    processes the lab may create (default 64)\n"
            "  -m MIB      address-space limit in MiB (default 512)\n"
            "  -o BYTES    output limit per stream (default 1048576)\n"
            "  -u UID      uid to run the lab as when labrun is root (default: $PROCLAB_LAB_UID,\n"
            "              else 65533; 0 keeps root)\n"
            "  -P FILE     write the lab's pid to FILE once it is running\n"
            "  -R FILE     write how the lab ended to FILE (exit N | signal N NAME | timeout | ...)\n"
            "  -f          foreground: the lab gets the controlling terminal (for Ctrl+C tests)\n"
            "  -N          own PID namespace and /proc: kill(-1) and kill(0) cannot leave it\n"
            "  -S          end the lab as soon as it can make no more progress by itself: every\n"
            "              process asleep with nothing to wake it (settled), or one spinning\n"
            "  -B SECS     with -S: the CPU time a process may use without once sleeping before\n"
            "              it counts as spinning (default 0.3; 0: never, for a program that computes)\n");
}

_Noreturn static void die(const char *what)
{
    fprintf(stderr, "labrun: %s: %s\n", what, strerror(errno));
    exit(EXIT_INTERNAL);
}

static long parse_long(const char *text, const char *option, long min, long max)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "labrun: %s: invalid number '%s' (expected %ld..%ld)\n",
                option, text, min, max);
        usage(stderr);
        exit(EXIT_INTERNAL);
    }
    return value;
}

static struct options parse_options(int argc, char *argv[])
{
    struct options opt = {
        .timeout_seconds = 10, .cpu_seconds = -1, .extra_processes = 64,
        .memory_mib = 512, .output_limit = 1 << 20, .run_as_uid = 65533,
        .spin_seconds = SETTLE_SPIN_SECONDS,
    };
    /* A grader gives each of its runs a uid of its own through the
     * environment, so every labrun the tests start uses it without being told. */
    const char *uid_from_environment = getenv("PROCLAB_LAB_UID");
    if (uid_from_environment != NULL && *uid_from_environment != '\0')
        opt.run_as_uid = parse_long(uid_from_environment, "PROCLAB_LAB_UID", 1, 4294967294L);
    int c;
    while ((c = getopt(argc, argv, "+t:c:n:m:o:u:P:R:fNSB:h")) != -1) {
        switch (c) {
        case 't': {
            char *end;
            errno = 0;
            opt.timeout_seconds = strtod(optarg, &end);
            if (errno != 0 || end == optarg || *end != '\0' ||
                !(opt.timeout_seconds > 0 && opt.timeout_seconds <= 86400)) {
                fprintf(stderr, "labrun: -t: invalid timeout '%s' (seconds, > 0)\n", optarg);
                usage(stderr);
                exit(EXIT_INTERNAL);
            }
            break;
        }
        case 'c': opt.cpu_seconds = parse_long(optarg, "-c", 1, 86400); break;
        case 'n': opt.extra_processes = parse_long(optarg, "-n", 1, 100000); break;
        case 'm': opt.memory_mib = parse_long(optarg, "-m", 16, 1 << 20); break;
        case 'o': opt.output_limit = parse_long(optarg, "-o", 0, LONG_MAX / 2); break;
        case 'u': opt.run_as_uid = parse_long(optarg, "-u", 0, 4294967294L); break;
        case 'P': opt.pid_file = optarg; break;
        case 'R': opt.report_file = optarg; break;
        case 'f': opt.foreground = true; break;
        case 'N': opt.new_pid_namespace = true; break;
        case 'S': opt.end_when_settled = true; break;
        case 'B': {
            char *end;
            errno = 0;
            opt.spin_seconds = strtod(optarg, &end);
            if (errno != 0 || end == optarg || *end != '\0' ||
                !(opt.spin_seconds >= 0 && opt.spin_seconds <= 86400)) {
                fprintf(stderr, "labrun: -B: invalid CPU time '%s' (seconds, >= 0)\n", optarg);
                usage(stderr);
                exit(EXIT_INTERNAL);
            }
            break;
        }
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); exit(EXIT_INTERNAL);
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "labrun: no program given\n");
        usage(stderr);
        exit(EXIT_INTERNAL);
    }
    if (opt.cpu_seconds < 0)
        opt.cpu_seconds = (long)opt.timeout_seconds + 1;
    opt.argv = &argv[optind];
    return opt;
}

/* Step 1: nothing but 0-2 crosses into the lab (or stays open in labrun). */
static void close_inherited_fds(void)
{
    long max_fd = sysconf(_SC_OPEN_MAX);
    if (max_fd < 0 || max_fd > 65536)
        max_fd = 65536;
    for (int fd = 3; fd < max_fd; fd++)
        close(fd);      /* EBADF for fds that are not open is expected */
}

/* Write TEXT to PATH atomically (temp file + rename), so a poller never reads half. */
static void write_file_atomically(const char *path, const char *text)
{
    char temp_path[PATH_MAX];
    if (snprintf(temp_path, sizeof temp_path, "%s.tmp%ld", path, (long)getpid()) >=
        (int)sizeof temp_path) {
        fprintf(stderr, "labrun: path too long: %s\n", path);
        return;
    }
    int fd = open(temp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd == -1) {
        fprintf(stderr, "labrun: open %s: %s\n", temp_path, strerror(errno));
        return;
    }
    size_t length = strlen(text);
    if (write(fd, text, length) != (ssize_t)length)
        fprintf(stderr, "labrun: write %s: %s\n", temp_path, strerror(errno));
    if (close(fd) == -1)
        fprintf(stderr, "labrun: close %s: %s\n", temp_path, strerror(errno));
    if (rename(temp_path, path) == -1)
        fprintf(stderr, "labrun: rename %s: %s\n", path, strerror(errno));
}

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
        die("clock_gettime");
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Call VISIT(pid, proc_dir_fd, context) for every process in /proc: the one
 * walk of the process table that counting a uid's processes and finding our
 * own children both need. */
static void for_each_process(void (*visit)(pid_t pid, int proc_fd, void *context), void *context)
{
    DIR *proc = opendir("/proc");
    if (proc == NULL)
        return;
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL)
        if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9')
            visit((pid_t)atol(entry->d_name), dirfd(proc), context);
    closedir(proc);
}

struct uid_count { uid_t uid; long count; };

static void count_if_owned(pid_t pid, int proc_fd, void *context)
{
    struct uid_count *c = context;
    char name[24];
    struct stat st;
    snprintf(name, sizeof name, "%ld", (long)pid);
    if (fstatat(proc_fd, name, &st, 0) == 0 && st.st_uid == c->uid)
        c->count++;
}

/* Processes currently owned by UID (the base that RLIMIT_NPROC counts from). */
static long count_processes_of(uid_t uid)
{
    struct uid_count c = { .uid = uid, .count = 0 };
    for_each_process(count_if_owned, &c);
    return c.count;
}

/* Report a failure from the child through the exec-status pipe, then leave. */
_Noreturn static void child_fail(int status_fd, int code, const char *what)
{
    int saved_errno = errno;
    fprintf(stderr, "labrun: %s: %s\n", what, strerror(saved_errno));
    if (write(status_fd, &saved_errno, sizeof saved_errno) == -1) {
        /* nothing more we can do: the parent sees EOF and the exit code */
    }
    _exit(code);
}

/* Set a resource limit, soft and hard. A limit can only be tightened here, not
 * loosened: raising a hard limit needs CAP_SYS_RESOURCE, which even root may
 * lack (seen in CI), and a labrun nested in another (make test runs the whole
 * suite under one) must keep the outer one's bound. So never ask for more than
 * the current hard limit. */
static void set_limit(int status_fd, int resource, rlim_t value, const char *name)
{
    char what[48];
    struct rlimit current;
    if (getrlimit(resource, &current) == -1) {
        snprintf(what, sizeof what, "getrlimit %s", name);
        child_fail(status_fd, EXIT_INTERNAL, what);
    }
    if (current.rlim_max != RLIM_INFINITY && value > current.rlim_max)
        value = current.rlim_max;
    struct rlimit limit = { .rlim_cur = value, .rlim_max = value };
    if (setrlimit(resource, &limit) == -1) {
        snprintf(what, sizeof what, "setrlimit %s", name);
        child_fail(status_fd, EXIT_INTERNAL, what);
    }
}

/* glibc keeps signals 32 and 33 for itself and its sigaction() refuses them,
 * yet they can arrive ignored from whatever started us (seen in CI: SigIgn
 * 0x180000000). Reset them with the raw system call. The kernel's struct for
 * rt_sigaction is {handler, flags, restorer, mask} on the architectures below;
 * elsewhere we leave them alone. */
static void reset_reserved_signal(int sig)
{
#if defined(__x86_64__) || defined(__aarch64__) || defined(__i386__) || defined(__riscv)
    struct {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)(void);
        unsigned long mask;
    } kernel_action = { .handler = SIG_DFL };
    if (sig == SIGKILL || sig == SIGSTOP)
        return;
    syscall(SYS_rt_sigaction, sig, &kernel_action, NULL, sizeof kernel_action.mask);
#else
    (void)sig;
#endif
}

/* Step 3, in the child: become the lab. Never returns. */
_Noreturn static void exec_lab(const struct options *opt, int status_fd, int out_fd, int err_fd,
                     pid_t supervisor_pid)
{
    /* Die with the supervisor even if it is SIGKILLed. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
        child_fail(status_fd, EXIT_INTERNAL, "prctl(PR_SET_PDEATHSIG)");
    if (getppid() != supervisor_pid) {
        errno = ESRCH;     /* the supervisor died before the lab started */
        child_fail(status_fd, EXIT_INTERNAL, "getppid");
    }

    if (opt->foreground) {
        /* Own process group, in the terminal's foreground, so that the terminal
         * driver's SIGINT on Ctrl+C goes to the lab (and not to labrun). */
        if (setpgid(0, 0) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "setpgid");
        int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
        if (tty == -1)
            child_fail(status_fd, EXIT_INTERNAL, "open /dev/tty (-f needs a terminal)");
        /* SIGTTOU is still blocked (the parent's mask), so tcsetpgrp from a
         * background group does not stop us. */
        if (tcsetpgrp(tty, getpgrp()) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "tcsetpgrp");
        close(tty);
    } else if (setsid() == -1) {
        child_fail(status_fd, EXIT_INTERNAL, "setsid");
    }

    if (dup2(out_fd, STDOUT_FILENO) == -1 || dup2(err_fd, STDERR_FILENO) == -1)
        child_fail(status_fd, EXIT_INTERNAL, "dup2");

    /* Open the program as root before giving up root: the unprivileged uid may
     * not be able to walk the path to the build directory (a clone under
     * /root), but it can execute the file through the descriptor. */
    int program_fd = -1;
    if (strchr(opt->argv[0], '/') != NULL) {
        program_fd = open(opt->argv[0], O_RDONLY | O_CLOEXEC);
        if (program_fd == -1)
            child_fail(status_fd, errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC,
                       opt->argv[0]);
    }

    uid_t target_uid = getuid();
    bool drop_root = geteuid() == 0 && opt->run_as_uid != 0;
    if (drop_root)
        target_uid = (uid_t)opt->run_as_uid;

    /* Limits. RLIMIT_NPROC counts every process of the uid, so the allowance is
     * on top of what that uid already runs (a student's desktop has hundreds). */
    rlim_t nproc = (rlim_t)(count_processes_of(target_uid) + opt->extra_processes);
    set_limit(status_fd, RLIMIT_NPROC, nproc, "RLIMIT_NPROC");
    set_limit(status_fd, RLIMIT_CPU, (rlim_t)opt->cpu_seconds, "RLIMIT_CPU");
    set_limit(status_fd, RLIMIT_AS, (rlim_t)opt->memory_mib << 20, "RLIMIT_AS");
    set_limit(status_fd, RLIMIT_FSIZE, (rlim_t)opt->output_limit, "RLIMIT_FSIZE");
    set_limit(status_fd, RLIMIT_NOFILE, 256, "RLIMIT_NOFILE");
    set_limit(status_fd, RLIMIT_CORE, 0, "RLIMIT_CORE");

    /* -N: a /proc that shows this PID namespace, so ps and /proc/PID inside
     * speak the namespace's pids. It is mounted in a mount namespace of the
     * lab's own (labrun keeps the host's /proc to find its children), after
     * the process count above, which must see the whole host. */
    if (opt->new_pid_namespace) {
        if (unshare(CLONE_NEWNS) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "unshare(CLONE_NEWNS)");
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "mount --make-rprivate /");
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "mount proc on /proc");
    }

    if (drop_root) {
        /* root's PATH may name directories the lab's uid cannot enter
         * (/root/.local/bin): execvp would then say EACCES, not ENOENT, for
         * a command that does not exist. The lab gets the system's PATH. */
        if (setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "setenv PATH");
        gid_t gid = (gid_t)opt->run_as_uid;
        if (setgroups(0, NULL) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "setgroups");
        if (setresgid(gid, gid, gid) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "setresgid");
        if (setresuid(target_uid, target_uid, target_uid) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "setresuid");
        /* setuid clears PDEATHSIG; set it again. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "prctl(PR_SET_PDEATHSIG)");
        if (getppid() != supervisor_pid) {
            errno = ESRCH;     /* the supervisor died before the lab started */
            child_fail(status_fd, EXIT_INTERNAL, "getppid");
        }
    }

    /* Every signal back to SIG_DFL and an empty mask: what bash or bats set up
     * for a background job (SIGINT and SIGQUIT ignored) must not leak in. */
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    for (int sig = 1; sig < NSIG; sig++)
        if (sigaction(sig, &default_action, NULL) == -1)    /* SIGKILL, SIGSTOP: EINVAL */
            reset_reserved_signal(sig);                      /* 32, 33: see below */
    sigset_t empty;
    sigemptyset(&empty);
    if (sigprocmask(SIG_SETMASK, &empty, NULL) == -1)
        child_fail(status_fd, EXIT_INTERNAL, "sigprocmask");

    /* PROCLAB_LAB_PRELOAD (run-lab sets it: the stack_poison shim) goes in
     * front of the lab's LD_PRELOAD, for every lab program; not for labrun
     * -u 0, the harness's own runs of bats and of the self-test. */
    const char *preload = getenv("PROCLAB_LAB_PRELOAD");
    if (preload != NULL && *preload != '\0' && opt->run_as_uid != 0) {
        const char *before = getenv("LD_PRELOAD");
        char value[PATH_MAX * 2];
        int length = before != NULL && *before != '\0'
                         ? snprintf(value, sizeof value, "%s:%s", preload, before)
                         : snprintf(value, sizeof value, "%s", preload);
        if (length < 0 || (size_t)length >= sizeof value) {
            errno = ENAMETOOLONG;
            child_fail(status_fd, EXIT_INTERNAL, "LD_PRELOAD");
        }
        if (setenv("LD_PRELOAD", value, 1) == -1)
            child_fail(status_fd, EXIT_INTERNAL, "setenv LD_PRELOAD");
    }

    extern char **environ;
    if (program_fd != -1) {
        fexecve(program_fd, opt->argv, environ);
        if (errno == ENOENT)    /* a #! script cannot run from a close-on-exec fd */
            execv(opt->argv[0], opt->argv);
    } else {
        execvp(opt->argv[0], opt->argv);
    }
    child_fail(status_fd, errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC, opt->argv[0]);
}

/* -N, in the namespace's pid 1: reap whatever is reparented to us, until
 * labrun kills us (then the kernel kills everything in the namespace). No
 * handler is installed, so no signal sent from inside the namespace reaches
 * us. SIGCHLD is blocked (the supervisor's mask) and taken with sigwaitinfo. */
_Noreturn static void run_namespace_init(int supervisor_alive_fd)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1) {
        perror("labrun: init: prctl(PR_SET_PDEATHSIG)");
        _exit(EXIT_INTERNAL);
    }
    /* getppid() says 0 here whoever our parent is; labrun holds the write end
     * of this pipe, so a hang-up means it died before PDEATHSIG was set. */
    struct pollfd alive = { .fd = supervisor_alive_fd, .events = POLLIN };
    if (poll(&alive, 1, 0) == -1 || (alive.revents & POLLHUP))
        _exit(EXIT_INTERNAL);
    if (prctl(PR_SET_NAME, "labrun-init") == -1)
        perror("labrun: init: prctl(PR_SET_NAME)");     /* only cosmetic, in ps */

    sigset_t child_ended;
    sigemptyset(&child_ended);
    sigaddset(&child_ended, SIGCHLD);
    for (;;) {
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;   /* an orphan of the lab, reaped */
        if (sigwaitinfo(&child_ended, NULL) == -1 && errno != EINTR) {
            perror("labrun: init: sigwaitinfo");
            _exit(EXIT_INTERNAL);
        }
    }
}

/* Write TEXT to a /proc file of ours (uid_map and friends); fatal on failure. */
static void write_proc_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd == -1)
        die(path);
    ssize_t length = (ssize_t)strlen(text);
    if (write(fd, text, (size_t)length) != length)
        die(path);
    if (close(fd) == -1)
        die(path);
}

/* -N without root: a user namespace of our own, in which we hold the
 * capabilities that creating a PID namespace and mounting /proc need. Our uid
 * and gid map to themselves, so files and the lab look exactly as before. */
static void enter_user_namespace(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER) == -1)
        die("unshare(CLONE_NEWUSER) (-N needs root or unprivileged user namespaces)");
    char map[64];
    write_proc_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "%lu %lu 1\n", (unsigned long)uid, (unsigned long)uid);
    write_proc_file("/proc/self/uid_map", map);
    snprintf(map, sizeof map, "%lu %lu 1\n", (unsigned long)gid, (unsigned long)gid);
    write_proc_file("/proc/self/gid_map", map);
}

/* Step 2b (-N): a new PID namespace for our children, and its init. After
 * unshare(CLONE_NEWPID) labrun itself stays where it is; its next child is
 * pid 1 of the new namespace (the init, which must live as long as the
 * namespace is used) and the one after that — the lab — is pid 2. */
static void start_pid_namespace(void)
{
    if (geteuid() != 0)
        enter_user_namespace();
    if (unshare(CLONE_NEWPID) == -1)
        die("unshare(CLONE_NEWPID)");
    int alive_pipe[2];
    if (pipe2(alive_pipe, O_CLOEXEC) == -1)
        die("pipe2");
    switch (fork()) {
    case -1:
        die("fork (namespace init)");
    case 0: /* Child: pid 1 of the new namespace */
        close(alive_pipe[1]);
        run_namespace_init(alive_pipe[0]);
    }
    /* Parent: keep the write end open (close-on-exec) for as long as we live. */
    close(alive_pipe[0]);
}

struct children_of { pid_t parent; int killed; };

static void kill_if_child(pid_t pid, int proc_fd, void *context)
{
    struct children_of *c = context;
    char name[32], stat_text[512];
    snprintf(name, sizeof name, "%ld/stat", (long)pid);
    int fd = openat(proc_fd, name, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return;
    ssize_t n = read(fd, stat_text, sizeof stat_text - 1);
    close(fd);
    if (n <= 0)
        return;
    stat_text[n] = '\0';
    /* The command name may hold spaces and ')': the fields after the last
     * ')' are "state ppid ...". */
    char *after_name = strrchr(stat_text, ')');
    char state;
    int ppid;
    if (after_name == NULL || sscanf(after_name + 1, " %c %d", &state, &ppid) != 2)
        return;
    if (ppid == c->parent && kill(pid, SIGKILL) == 0)
        c->killed++;
}

/* Kill every child of labrun (found through /proc) with SIGKILL; return how many. */
static int kill_own_children(pid_t self)
{
    struct children_of c = { .parent = self, .killed = 0 };
    for_each_process(kill_if_child, &c);
    return c.killed;
}

/* Step 6: kill the lab's group and every descendant; reap until none is left.
 * Killing an orphan reparents its children to us (we are the subreaper), so we
 * go round until waitpid says there are no children at all. RLIMIT_NPROC
 * bounds how many rounds a fork bomb can cost. */
static void kill_and_reap_everything(pid_t lab_pgid, pid_t lab_pid, int *lab_status,
                                     bool *lab_done)
{
    pid_t self = getpid();
    for (;;) {
        if (lab_pgid > 0)
            kill(-lab_pgid, SIGKILL);   /* ESRCH once the group is empty */
        kill_own_children(self);
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid == -1) {
            if (errno == EINTR)
                continue;
            if (errno != ECHILD)
                perror("labrun: waitpid");
            return;
        }
        if (pid == lab_pid && !*lab_done) {
            *lab_status = status;
            *lab_done = true;
        }
    }
}

struct relay {
    int fd;             /* read end of the lab's pipe, -1 once closed */
    int out;            /* where it goes: our stdout or stderr */
    long written;       /* bytes relayed so far */
};

enum relay_result { RELAY_MOVED, RELAY_EMPTY, RELAY_OVER_LIMIT };

/* Move what is in one pipe to its destination; close it at EOF. */
static enum relay_result relay_once(struct relay *r, long limit)
{
    char buffer[65536];
    ssize_t n = read(r->fd, buffer, sizeof buffer);
    if (n == -1 && (errno == EINTR || errno == EAGAIN))
        return RELAY_EMPTY;
    if (n <= 0) {
        close(r->fd);
        r->fd = -1;
        return RELAY_EMPTY;
    }
    long room = limit - r->written;
    long to_write = n < room ? n : room;
    for (long done = 0; done < to_write;) {
        ssize_t w = write(r->out, buffer + done, (size_t)(to_write - done));
        if (w == -1) {
            if (errno == EINTR)
                continue;
            break;      /* our reader went away (EPIPE): drop the rest */
        }
        done += w;
    }
    r->written += n;
    return r->written <= limit ? RELAY_MOVED : RELAY_OVER_LIMIT;
}

/* Why the supervision ended. */
enum end_reason {
    END_EXITED,         /* the lab ended by itself (exit or signal) */
    END_EXEC_FAILED,    /* it never ran: setup or exec failed in the child */
    END_TIMEOUT,        /* -t passed */
    END_OUTPUT_LIMIT,   /* it wrote more than -o */
    END_TERMINATED,     /* SIGTERM/SIGINT/SIGHUP/SIGQUIT to labrun */
    END_SETTLED,        /* -S: it can make no more progress (settled or spinning) */
};

/* Everything the steps of main() share. */
struct supervisor {
    struct options opt;
    int signal_fd;              /* SIGCHLD, SIGTERM, ... taken synchronously */
    int tty_fd;                 /* -f: the controlling terminal; else -1 */
    pid_t lab_pid;
    struct relay relays[2];     /* the lab's stdout and stderr */
    int exec_errno;             /* why the child could not become the lab */
    bool lab_done;              /* lab_status holds how it ended */
    int lab_status;
    char settle_why[1024];      /* -S: the settled or spinning verdict */
};

/* Steps 1, 2 and 2b: fds, subreaper, our own signals, -N, the terminal. */
static void set_up_supervisor(struct supervisor *sv)
{
    close_inherited_fds();
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
        die("prctl(PR_SET_CHILD_SUBREAPER)");

    /* Signals for labrun itself are taken synchronously from a signalfd. SIGTTOU
     * is blocked so that -f can hand the terminal back and forth. SIGPIPE is
     * ignored: a reader that goes away must not kill the supervisor. */
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    sigaddset(&handled, SIGQUIT);
    sigaddset(&handled, SIGTTOU);
    if (sigprocmask(SIG_BLOCK, &handled, NULL) == -1)
        die("sigprocmask");
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        die("signal(SIGPIPE)");
    /* -N, before any fd the namespace's init should not hold is opened. */
    if (sv->opt.new_pid_namespace)
        start_pid_namespace();

    sv->signal_fd = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sv->signal_fd == -1)
        die("signalfd");
    sv->tty_fd = -1;
    if (sv->opt.foreground) {
        sv->tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
        if (sv->tty_fd == -1)
            die("open /dev/tty (-f needs a controlling terminal)");
    }
}

/* Step 3: fork the lab; true once its program runs (then -P's file is written). */
static bool spawn_lab(struct supervisor *sv)
{
    int out_pipe[2], err_pipe[2], status_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) == -1 || pipe2(err_pipe, O_CLOEXEC) == -1 ||
        pipe2(status_pipe, O_CLOEXEC) == -1)
        die("pipe2");

    /* Seen from inside a PID namespace (-N), a parent outside it is pid 0. */
    pid_t supervisor_pid = sv->opt.new_pid_namespace ? 0 : getpid();
    sv->lab_pid = fork();
    switch (sv->lab_pid) {
    case -1:
        die("fork");
    case 0: /* Child */
        close(out_pipe[0]);
        close(err_pipe[0]);
        close(status_pipe[0]);
        close(sv->signal_fd);
        exec_lab(&sv->opt, status_pipe[1], out_pipe[1], err_pipe[1], supervisor_pid);
    }
    /* Parent */
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(status_pipe[1]);
    sv->relays[0] = (struct relay){ .fd = out_pipe[0], .out = STDOUT_FILENO };
    sv->relays[1] = (struct relay){ .fd = err_pipe[0], .out = STDERR_FILENO };
    if (sv->opt.foreground)
        setpgid(sv->lab_pid, sv->lab_pid);  /* also done by the child; whoever is first wins */

    /* The status pipe is close-on-exec: EOF means the exec succeeded; an errno
     * means a setup step or the exec failed (the child said which on stderr). */
    ssize_t got;
    do
        got = read(status_pipe[0], &sv->exec_errno, sizeof sv->exec_errno);
    while (got == -1 && errno == EINTR);
    close(status_pipe[0]);
    if (got == (ssize_t)sizeof sv->exec_errno) {
        /* It exits right after saying so: collect its status (126, 127, 125)
         * before step 6 kills what is left. */
        while (waitpid(sv->lab_pid, &sv->lab_status, 0) == -1 && errno == EINTR)
            ;
        sv->lab_done = true;
        return false;
    }

    if (sv->opt.pid_file != NULL) {
        char text[32];
        snprintf(text, sizeof text, "%ld\n", (long)sv->lab_pid);
        write_file_atomically(sv->opt.pid_file, text);
    }
    return true;
}

/* Steps 4 and 5: relay output and wait — for the lab to end, the deadline,
 * a signal to labrun, the output limit, or (-S) the lab to settle. */
static enum end_reason supervise(struct supervisor *sv)
{
    double deadline = now_seconds() + sv->opt.timeout_seconds;
    static struct settle_watch watch;
    settle_watch_init(&watch, getpid(), SETTLE_ROOT_EXCLUDED, SETTLE_QUIET_SECONDS,
                      sv->opt.spin_seconds);

    for (;;) {
        struct pollfd fds[3] = {
            { .fd = sv->signal_fd, .events = POLLIN },
            { .fd = sv->relays[0].fd, .events = POLLIN },
            { .fd = sv->relays[1].fd, .events = POLLIN },
        };
        double remaining = deadline - now_seconds();
        if (remaining <= 0)
            return END_TIMEOUT;
        int timeout_ms = (int)(remaining * 1000) + 1;
        if (sv->opt.end_when_settled && timeout_ms > SETTLE_SAMPLE_MS)
            timeout_ms = SETTLE_SAMPLE_MS;
        if (poll(fds, 3, timeout_ms) == -1) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        for (int i = 0; i < 2; i++)
            if (sv->relays[i].fd != -1 && (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
                if (relay_once(&sv->relays[i], sv->opt.output_limit) == RELAY_OVER_LIMIT)
                    return END_OUTPUT_LIMIT;
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo info;
            bool terminated = false;
            while (read(sv->signal_fd, &info, sizeof info) == (ssize_t)sizeof info)
                if (info.ssi_signo != SIGCHLD && info.ssi_signo != SIGTTOU)
                    terminated = true;  /* SIGCHLD: reaped below; SIGTTOU: -f's hand-over */
            if (terminated)
                return END_TERMINATED;
        }
        /* Reap the lab and any orphan reparented to us. This never touches the
         * lab's own children: they are not ours while the lab lives. */
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == sv->lab_pid) {
                sv->lab_status = status;
                sv->lab_done = true;
            }
        }
        if (sv->lab_done)
            return END_EXITED;
        if (sv->opt.end_when_settled) {
            enum settle_verdict verdict = settle_sample(&watch, now_seconds(), sv->settle_why,
                                                        sizeof sv->settle_why);
            if (verdict == SETTLE_SETTLED || verdict == SETTLE_SPINNING)
                return END_SETTLED;
        }
    }
}

/* Step 6: whatever the lab left behind goes now (then its pipes reach EOF),
 * and the rest of its output is relayed. */
static void reap_everything(struct supervisor *sv, enum end_reason *reason)
{
    kill_and_reap_everything(sv->lab_pid, sv->lab_pid, &sv->lab_status, &sv->lab_done);
    for (int i = 0; i < 2; i++) {
        struct relay *r = &sv->relays[i];
        if (r->fd == -1)
            continue;
        int flags = fcntl(r->fd, F_GETFL);
        if (flags != -1)
            fcntl(r->fd, F_SETFL, flags | O_NONBLOCK);
        while (r->fd != -1 && *reason != END_OUTPUT_LIMIT) {
            enum relay_result result = relay_once(r, sv->opt.output_limit);
            if (result == RELAY_OVER_LIMIT)
                *reason = END_OUTPUT_LIMIT;
            else if (result == RELAY_EMPTY)
                break;
        }
        if (r->fd != -1)
            close(r->fd);
    }
    if (sv->tty_fd != -1) {
        if (tcsetpgrp(sv->tty_fd, getpgrp()) == -1)
            perror("labrun: tcsetpgrp (giving the terminal back)");
        close(sv->tty_fd);
    }
}

/* The report: -R's one line, a word on stderr when labrun ended the lab, and
 * labrun's exit status. */
static int report(const struct supervisor *sv, enum end_reason reason)
{
    char line[1100];
    int exit_code;
    switch (reason) {
    case END_EXITED:
        if (WIFEXITED(sv->lab_status)) {
            snprintf(line, sizeof line, "exit %d", WEXITSTATUS(sv->lab_status));
            exit_code = WEXITSTATUS(sv->lab_status);
        } else {
            int sig = WTERMSIG(sv->lab_status);
            snprintf(line, sizeof line, "signal %d SIG%s", sig,
                     sigabbrev_np(sig) != NULL ? sigabbrev_np(sig) : "?");
            exit_code = 128 + sig;
        }
        break;
    case END_EXEC_FAILED:
        snprintf(line, sizeof line, "exec-failed %s", strerror(sv->exec_errno));
        exit_code = sv->lab_done && WIFEXITED(sv->lab_status) ? WEXITSTATUS(sv->lab_status)
                                                              : EXIT_CANNOT_EXEC;
        break;
    case END_TIMEOUT:
        fprintf(stderr, "labrun: timeout after %g s; lab killed\n", sv->opt.timeout_seconds);
        snprintf(line, sizeof line, "timeout");
        exit_code = EXIT_TIMEOUT;
        break;
    case END_OUTPUT_LIMIT:
        fprintf(stderr, "labrun: output limit of %ld bytes exceeded; lab killed\n",
                sv->opt.output_limit);
        snprintf(line, sizeof line, "output-limit");
        exit_code = EXIT_OUTPUT_LIMIT;
        break;
    case END_TERMINATED:
        snprintf(line, sizeof line, "terminated");
        exit_code = 128 + SIGTERM;
        break;
    case END_SETTLED:
    default:
        fprintf(stderr, "labrun: the lab can make no more progress; lab killed. %s\n",
                sv->settle_why);
        snprintf(line, sizeof line, "%s", sv->settle_why);
        exit_code = EXIT_SETTLED;
        break;
    }
    if (sv->opt.report_file != NULL) {
        char text[1104];
        snprintf(text, sizeof text, "%s\n", line);
        write_file_atomically(sv->opt.report_file, text);
    }
    return exit_code;
}

int main(int argc, char *argv[])
{
    static struct supervisor sv;
    sv.opt = parse_options(argc, argv);

    set_up_supervisor(&sv);                         /* steps 1, 2, 2b */
    enum end_reason reason = spawn_lab(&sv)          /* step 3 */
                                 ? supervise(&sv)    /* steps 4, 5 */
                                 : END_EXEC_FAILED;
    reap_everything(&sv, &reason);                   /* step 6 */
    return report(&sv, reason);
}
