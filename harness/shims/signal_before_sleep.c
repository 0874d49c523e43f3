/* signal_before_sleep.c — an LD_PRELOAD shim that makes the lost-wakeup race
 * of `while (!flag) pause();` happen every time.
 *
 *   LD_PRELOAD=build/shims/signal_before_sleep.so ./count_sigint
 *
 * Every call of pause() or sigsuspend() first sends the program a signal
 * (PROCLAB_SIGNAL, a number; default SIGINT) with raise(), then sleeps as
 * asked. That is the worst moment for a signal to arrive: after the program
 * tested its flag, before it went to sleep.
 *
 *   - A program that tests a flag and then calls pause() with the signal
 *     unblocked runs the handler inside raise(), then sleeps in pause()
 *     although the flag is now set: it sleeps through the signal, for ever.
 *   - A program that keeps the signal blocked while it tests the flag, and
 *     waits with sigsuspend(mask without it), gets the signal left pending:
 *     sigsuspend unblocks it and returns once the handler has run. Nothing
 *     is lost, and each call counts one signal.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static int (*real_pause)(void);
static int (*real_sigsuspend)(const sigset_t *);
static int late_signal = SIGINT;

__attribute__((constructor)) static void signal_before_sleep_init(void)
{
    *(void **)&real_pause = dlsym(RTLD_NEXT, "pause");
    *(void **)&real_sigsuspend = dlsym(RTLD_NEXT, "sigsuspend");
    const char *text = getenv("PROCLAB_SIGNAL");
    if (text != NULL) {
        char *end;
        long number = strtol(text, &end, 10);
        if (*end == '\0' && number >= 1 && number < 65)
            late_signal = (int)number;
    }
}

int pause(void)
{
    raise(late_signal);
    if (real_pause == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real_pause();
}

int sigsuspend(const sigset_t *mask)
{
    raise(late_signal);
    if (real_sigsuspend == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real_sigsuspend(mask);
}
