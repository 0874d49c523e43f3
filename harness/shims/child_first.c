/* child_first.c — an LD_PRELOAD shim that makes one race certain: after
 * fork(), the parent does not run on until the child has ended.
 *
 *   LD_PRELOAD=build/shims/child_first.so ./ignore_sigchld -i 0 8
 *
 * Whether a child ends before its parent's next statement is up to the
 * scheduler: a test that needs "the child has already ended when the parent
 * sets SIGCHLD to SIG_IGN" cannot wait for luck. With this shim every fork()
 * in the program returns to the parent only once that child is a zombie (left
 * for the program to reap: waitid with WNOWAIT) or has been reaped by the
 * kernel (SIGCHLD ignored: ECHILD), or after 2 s if the child goes on
 * running. The child itself runs unchanged.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PATIENCE_MS 2000

pid_t fork(void)
{
    static pid_t (*real_fork)(void);
    if (real_fork == NULL)
        *(void **)&real_fork = dlsym(RTLD_NEXT, "fork");   /* POSIX's way to cast it */
    if (real_fork == NULL) {
        errno = ENOSYS;
        return -1;
    }
    pid_t child = real_fork();
    if (child <= 0)
        return child;   /* the child, or a failed fork: nothing to wait for */

    int saved_errno = errno;
    for (int waited_ms = 0; waited_ms < PATIENCE_MS; waited_ms++) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        if (waitid(P_PID, (id_t)child, &info, WEXITED | WNOWAIT | WNOHANG) == -1)
            break;      /* ECHILD: it has ended and the kernel reaped it */
        if (info.si_pid == child)
            break;      /* it has ended; the zombie is left to the program */
        struct timespec one_ms = { .tv_sec = 0, .tv_nsec = 1000 * 1000 };
        nanosleep(&one_ms, NULL);
    }
    errno = saved_errno;
    return child;
}
