/* fault_inject.c — an LD_PRELOAD shim that makes system calls fail on cue, so
 * a test can check that a lab program handles a failure it could not
 * otherwise cause on purpose.
 *
 *   PROCLAB_FORK_FAILS=N   the Nth call of fork() (1 = the first) fails with
 *                          EAGAIN, as when the process limit is reached; every
 *                          later call fails too
 *   PROCLAB_WAIT_EINTR=N   the first N calls of waitpid() and wait() return -1
 *                          with EINTR without waiting, as if a signal handler
 *                          had interrupted them
 *   PROCLAB_STOP_AFTER_FORK=N
 *                          the parent stops itself (SIGSTOP) right after its
 *                          Nth fork() has returned, before it runs any more of
 *                          its own code: a test sees the children at that point
 *                          (still waiting for what the parent does next?), then
 *                          sends SIGCONT
 *   PROCLAB_FAIL=CALL:N[:ERRNO][,CALL:N[:ERRNO]...]
 *                          the Nth call of CALL (1 = the first), and only that
 *                          one, fails (returns -1, or MAP_FAILED) with errno
 *                          ERRNO (a number: 22 is EINVAL on Linux) or, without
 *                          it, the errno a real failure of it would have:
 *                            waitpid, wait       ECHILD  (as if no child were left)
 *                            sigaction,
 *                            sigprocmask         EINVAL  (their only real error)
 *                            sigwaitinfo         EINVAL
 *                            pipe                EMFILE  (no file descriptor left)
 *                            mmap                ENOMEM
 *                            munmap              EINVAL
 *                            nanosleep           EINVAL
 *                            read, close         EIO
 *                            readlink            EACCES
 *                          the program's error path, which no test could reach
 *                          otherwise, then runs every time; a program that
 *                          misses the failure goes on with every later call
 *                          working, and shows it. A child counts on from its
 *                          parent's count at fork
 *
 *   LD_PRELOAD=build/shims/fault_inject.so PROCLAB_WAIT_EINTR=1 ./fork_wait 3
 *   LD_PRELOAD=build/shims/fault_inject.so PROCLAB_FAIL=sigaction:1 ./ignore_sigint
 *   LD_PRELOAD=build/shims/fault_inject.so PROCLAB_FAIL=waitpid:2:22 ./reaper 3
 *
 * Only the program's own calls through these names are affected; nothing
 * else changes. Unset or unparsable variables inject nothing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long fork_fails_at = -1;     /* -1: never */
static long stop_after_fork = -1;   /* -1: never */
static long wait_eintr_left = 0;
static long forks_so_far = 0;
static pid_t (*real_fork)(void);
static pid_t (*real_waitpid)(pid_t, int *, int);
static pid_t (*real_wait)(int *);

static long number_from(const char *name)
{
    const char *text = getenv(name);
    if (text == NULL || *text == '\0')
        return -1;
    char *end;
    long value = strtol(text, &end, 10);
    return *end == '\0' && value >= 0 ? value : -1;
}

/* PROCLAB_FAIL's calls: for each, the number of the call that fails (0:
 * never), how many calls were made, and the errno it fails with. */
enum { F_WAITPID, F_WAIT, F_SIGACTION, F_SIGPROCMASK, F_SIGWAITINFO, F_PIPE, F_MMAP,
       F_MUNMAP, F_NANOSLEEP, F_READ, F_CLOSE, F_READLINK, F_COUNT };
static const struct {
    const char *name;
    int error;
} failing[F_COUNT] = {
    [F_WAITPID] = {"waitpid", ECHILD},     [F_WAIT] = {"wait", ECHILD},
    [F_SIGACTION] = {"sigaction", EINVAL}, [F_SIGPROCMASK] = {"sigprocmask", EINVAL},
    [F_SIGWAITINFO] = {"sigwaitinfo", EINVAL}, [F_PIPE] = {"pipe", EMFILE},
    [F_MMAP] = {"mmap", ENOMEM},           [F_MUNMAP] = {"munmap", EINVAL},
    [F_NANOSLEEP] = {"nanosleep", EINVAL}, [F_READ] = {"read", EIO},
    [F_CLOSE] = {"close", EIO},            [F_READLINK] = {"readlink", EACCES},
};
static long fail_from[F_COUNT];
static long calls_of[F_COUNT];
static int fail_errno[F_COUNT];

/* Read PROCLAB_FAIL: "CALL:N[:ERRNO]" items separated by commas; a malformed
 * item or an unknown call is ignored. */
static void read_fail_list(void)
{
    const char *list = getenv("PROCLAB_FAIL");
    while (list != NULL && *list != '\0') {
        const char *colon = strchr(list, ':');
        if (colon == NULL)
            return;
        char *end;
        long n = strtol(colon + 1, &end, 10), error = 0;
        if (*end == ':')
            error = strtol(end + 1, &end, 10);
        for (int k = 0; k < F_COUNT; k++)
            if (strlen(failing[k].name) == (size_t)(colon - list) &&
                strncmp(failing[k].name, list, (size_t)(colon - list)) == 0 && n > 0 &&
                error >= 0 && error < 4096 && (*end == '\0' || *end == ',')) {
                fail_from[k] = n;
                fail_errno[k] = error > 0 ? (int)error : failing[k].error;
            }
        list = strchr(colon, ',');
        if (list != NULL)
            list++;
    }
}

/* Count one call of K; 1 (with errno set) if it is the one to fail. */
static int injected_failure(int k)
{
    calls_of[k]++;
    if (fail_from[k] > 0 && calls_of[k] == fail_from[k]) {
        errno = fail_errno[k];
        return 1;
    }
    return 0;
}

/* The real function NAME, looked up when first needed (a constructor of
 * another library may call it before ours has run). */
static void *real(const char *name)
{
    void *function = dlsym(RTLD_NEXT, name);
    if (function == NULL)
        errno = ENOSYS;
    return function;
}

__attribute__((constructor)) static void fault_inject_init(void)
{
    read_fail_list();
    *(void **)&real_fork = dlsym(RTLD_NEXT, "fork");
    *(void **)&real_waitpid = dlsym(RTLD_NEXT, "waitpid");
    *(void **)&real_wait = dlsym(RTLD_NEXT, "wait");
    fork_fails_at = number_from("PROCLAB_FORK_FAILS");
    stop_after_fork = number_from("PROCLAB_STOP_AFTER_FORK");
    long eintr = number_from("PROCLAB_WAIT_EINTR");
    wait_eintr_left = eintr > 0 ? eintr : 0;
}

pid_t fork(void)
{
    forks_so_far++;
    if (fork_fails_at > 0 && forks_so_far >= fork_fails_at) {
        errno = EAGAIN;
        return -1;
    }
    if (real_fork == NULL) {
        errno = ENOSYS;
        return -1;
    }
    pid_t child = real_fork();
    if (child > 0 && forks_so_far == stop_after_fork) {
        int saved_errno = errno;
        raise(SIGSTOP);
        errno = saved_errno;
    }
    return child;
}

/* One injected EINTR, if any are left. */
static int inject_eintr(void)
{
    if (wait_eintr_left <= 0)
        return 0;
    wait_eintr_left--;
    errno = EINTR;
    return 1;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    if (injected_failure(F_WAITPID))
        return -1;
    if (inject_eintr())
        return -1;
    if (real_waitpid == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real_waitpid(pid, status, options);
}

pid_t wait(int *status)
{
    if (injected_failure(F_WAIT))
        return -1;
    if (inject_eintr())
        return -1;
    if (real_wait == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real_wait(status);
}

int sigaction(int sig, const struct sigaction *action, struct sigaction *old)
{
    static int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);
    if (injected_failure(F_SIGACTION))
        return -1;
    if (real_sigaction == NULL && (*(void **)&real_sigaction = real("sigaction")) == NULL)
        return -1;
    return real_sigaction(sig, action, old);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    static int (*real_sigprocmask)(int, const sigset_t *, sigset_t *);
    if (injected_failure(F_SIGPROCMASK))
        return -1;
    if (real_sigprocmask == NULL && (*(void **)&real_sigprocmask = real("sigprocmask")) == NULL)
        return -1;
    return real_sigprocmask(how, set, old);
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
    static int (*real_sigwaitinfo)(const sigset_t *, siginfo_t *);
    if (injected_failure(F_SIGWAITINFO))
        return -1;
    if (real_sigwaitinfo == NULL && (*(void **)&real_sigwaitinfo = real("sigwaitinfo")) == NULL)
        return -1;
    return real_sigwaitinfo(set, info);
}

int pipe(int fds[2])
{
    static int (*real_pipe)(int[2]);
    if (injected_failure(F_PIPE))
        return -1;
    if (real_pipe == NULL && (*(void **)&real_pipe = real("pipe")) == NULL)
        return -1;
    return real_pipe(fds);
}

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset)
{
    static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
    if (injected_failure(F_MMAP))
        return MAP_FAILED;
    if (real_mmap == NULL && (*(void **)&real_mmap = real("mmap")) == NULL)
        return MAP_FAILED;
    return real_mmap(address, length, protection, flags, fd, offset);
}

int munmap(void *address, size_t length)
{
    static int (*real_munmap)(void *, size_t);
    if (injected_failure(F_MUNMAP))
        return -1;
    if (real_munmap == NULL && (*(void **)&real_munmap = real("munmap")) == NULL)
        return -1;
    return real_munmap(address, length);
}

int nanosleep(const struct timespec *request, struct timespec *remaining)
{
    static int (*real_nanosleep)(const struct timespec *, struct timespec *);
    if (injected_failure(F_NANOSLEEP))
        return -1;
    if (real_nanosleep == NULL && (*(void **)&real_nanosleep = real("nanosleep")) == NULL)
        return -1;
    return real_nanosleep(request, remaining);
}

ssize_t read(int fd, void *buffer, size_t count)
{
    static ssize_t (*real_read)(int, void *, size_t);
    if (injected_failure(F_READ))
        return -1;
    if (real_read == NULL && (*(void **)&real_read = real("read")) == NULL)
        return -1;
    return real_read(fd, buffer, count);
}

int close(int fd)
{
    static int (*real_close)(int);
    if (injected_failure(F_CLOSE))
        return -1;
    if (real_close == NULL && (*(void **)&real_close = real("close")) == NULL)
        return -1;
    return real_close(fd);
}

ssize_t readlink(const char *restrict path, char *restrict buffer, size_t size)
{
    static ssize_t (*real_readlink)(const char *restrict, char *restrict, size_t);
    if (injected_failure(F_READLINK))
        return -1;
    if (real_readlink == NULL && (*(void **)&real_readlink = real("readlink")) == NULL)
        return -1;
    return real_readlink(path, buffer, size);
}
