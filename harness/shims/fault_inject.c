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
 *
 *   LD_PRELOAD=build/shims/fault_inject.so PROCLAB_WAIT_EINTR=1 ./fork_wait 3
 *
 * Only the program's own calls through these names are affected; nothing
 * else changes. Unset or unparsable variables inject nothing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static long fork_fails_at = -1;     /* -1: never */
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

__attribute__((constructor)) static void fault_inject_init(void)
{
    *(void **)&real_fork = dlsym(RTLD_NEXT, "fork");
    *(void **)&real_waitpid = dlsym(RTLD_NEXT, "waitpid");
    *(void **)&real_wait = dlsym(RTLD_NEXT, "wait");
    fork_fails_at = number_from("PROCLAB_FORK_FAILS");
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
    return real_fork();
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
    if (inject_eintr())
        return -1;
    if (real_wait == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real_wait(status);
}
