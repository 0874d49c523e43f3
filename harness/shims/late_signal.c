/* late_signal.c — an LD_PRELOAD shim that makes a real signal (a child's
 * SIGCHLD) arrive between a program's "anything left to wait for?" check and
 * its sleep, every run; and that records the flags each handler is installed
 * with, which no output shows.
 *
 *   PROCLAB_LATE_REPORT=FILE PROCLAB_LATE_SIGNAL=17 \
 *     LD_PRELOAD=build/shims/late_signal.so ./reap_handler -p -s 1
 *
 * FILE (the test creates it; opened for appending) gets, with write(2):
 *   sigaction SIG flags 0xFLAGS     a handler was installed for SIG with these sa_flags
 *   holding before CALL             the first pause()/sigsuspend() is held (below)
 *
 * The first pause() or sigsuspend() of the process that installed a handler
 * for PROCLAB_LATE_SIGNAL writes "holding before pause" (or sigsuspend) and
 * waits, with the signal mask as the program left it, until that signal has
 * been handled (unblocked: ppoll with the program's mask, interrupted) or is
 * pending (blocked), or PATIENCE_MS have passed; only then does it sleep as asked. The test
 * waits for that line and then makes the signal happen (it kills a child).
 *   - A program that sleeps in pause() with the signal unblocked runs its
 *     handler during the hold, then sleeps in pause() for a signal that has
 *     already come: for ever.
 *   - One that keeps it blocked while it checks, and sleeps in
 *     sigsuspend(mask without it), finds it pending and wakes at once.
 * The lecture's race, which the scheduler makes rare, is certain here. Its
 * children (other pids) are left alone.
 *
 * With PROCLAB_LATE_PRINTF=TEXT the hold is not before a sleep but before the
 * first printf of that process whose output contains TEXT ("holding before
 * printf"): lab 08's jobs built-in lists with printf, and a shell that lets
 * SIGCHLD in while it lists has its handler run, and report, in the middle.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PATIENCE_MS 5000

static int report_fd = -1;
static int late_signal;         /* 0: no hold */
static pid_t late_pid;          /* the process that installed its handler */
static int late_done;
static const char *late_text;   /* PROCLAB_LATE_PRINTF: hold that printf, not a sleep */

__attribute__((constructor)) static void late_signal_init(void)
{
    const char *path = getenv("PROCLAB_LATE_REPORT");
    if (path != NULL && *path != '\0')
        report_fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    const char *number = getenv("PROCLAB_LATE_SIGNAL");
    if (number != NULL)
        late_signal = atoi(number);
    if (late_signal < 1 || late_signal >= NSIG)
        late_signal = 0;
    late_text = getenv("PROCLAB_LATE_PRINTF");
    if (late_text != NULL && *late_text == '\0')
        late_text = NULL;
}

/* Append WORDS, then VALUE in BASE (if BASE > 0), then a newline, to the report. */
static void report(const char *words, unsigned long value, unsigned base)
{
    if (report_fd < 0)
        return;
    char line[128], digits[24];
    size_t length = 0;
    for (const char *c = words; *c != '\0' && length < 80; c++)
        line[length++] = *c;
    if (base > 0) {
        int n = 0;
        do {
            digits[n++] = "0123456789abcdef"[value % base];
            value /= base;
        } while (value > 0);
        while (n > 0)
            line[length++] = digits[--n];
    }
    line[length++] = '\n';
    int saved_errno = errno;
    if (write(report_fd, line, length) == -1) {
        /* nowhere to report it */
    }
    errno = saved_errno;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    static int (*real)(int, const struct sigaction *, struct sigaction *);
    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "sigaction");
    if (real == NULL) {
        errno = ENOSYS;
        return -1;
    }
    int result = real(sig, act, old);
    int catching = act != NULL && (act->sa_flags & SA_SIGINFO ? act->sa_sigaction != NULL
                                   : act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN);
    if (result == 0 && catching) {
        char words[40] = "sigaction ";
        size_t length = 10;
        if (sig >= 10)
            words[length++] = (char)('0' + sig / 10);
        words[length++] = (char)('0' + sig % 10);
        const char *rest = " flags 0x";
        for (const char *c = rest; *c != '\0'; c++)
            words[length++] = *c;
        words[length] = '\0';
        report(words, (unsigned)act->sa_flags, 16);
        if (sig == late_signal)
            late_pid = getpid();
    }
    return result;
}

/* Before the first sleep of the process that installed the handler: wait
 * until the signal has been handled or is pending. */
static void hold_before(const char *call)
{
    if (late_signal == 0 || late_done || late_pid != getpid())
        return;
    late_done = 1;
    int saved_errno = errno;
    char words[48] = "holding before ";
    size_t length = 15;
    for (const char *c = call; *c != '\0' && length < sizeof words - 1; c++)
        words[length++] = *c;
    words[length] = '\0';
    report(words, 0, 0);
    /* Blocked here as well from now on, whatever the program's mask: a signal
     * that comes while this code runs between two waits then stays pending
     * until a wait lets it in. (A loop of short sleeps with it unblocked lost
     * one that came between two sleeps, and held for all its patience.) */
    sigset_t only, program_mask;
    sigemptyset(&only);
    sigaddset(&only, late_signal);
    if (sigprocmask(SIG_BLOCK, &only, &program_mask) == 0) {
        if (sigismember(&program_mask, late_signal) == 1) {
            /* The program keeps it blocked: wait until it is pending, for
             * the sleep call to take. */
            for (int waited_ms = 0; waited_ms < PATIENCE_MS; waited_ms++) {
                sigset_t pending;
                if (sigpending(&pending) == 0 && sigismember(&pending, late_signal) == 1)
                    break;
                struct timespec one_ms = { .tv_sec = 0, .tv_nsec = 1000 * 1000 };
                nanosleep(&one_ms, NULL);
            }
        } else {
            /* The program lets it in: wait with the program's own mask, set
             * atomically with the wait, until a handler has run (EINTR). */
            struct timespec patience = { .tv_sec = PATIENCE_MS / 1000,
                                         .tv_nsec = (PATIENCE_MS % 1000) * 1000000L };
            ppoll(NULL, 0, &patience, &program_mask);
        }
        sigprocmask(SIG_SETMASK, &program_mask, NULL);
    }
    errno = saved_errno;
}

int pause(void)
{
    static int (*real)(void);
    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "pause");
    if (late_text == NULL)
        hold_before("pause");
    return real();
}

int sigsuspend(const sigset_t *mask)
{
    static int (*real)(const sigset_t *);
    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "sigsuspend");
    if (late_text == NULL)
        hold_before("sigsuspend");
    return real(mask);
}

int printf(const char *format, ...)
{
    va_list args;
    if (late_text != NULL && !late_done && late_pid == getpid()) {
        char line[512];
        va_start(args, format);
        vsnprintf(line, sizeof line, format, args);
        va_end(args);
        if (strstr(line, late_text) != NULL)
            hold_before("printf");
    }
    va_start(args, format);
    int result = vprintf(format, args);
    va_end(args);
    return result;
}
