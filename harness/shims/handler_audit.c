/* handler_audit.c — an LD_PRELOAD shim that watches signal handlers for the
 * two rules their output cannot show: call only async-signal-safe functions,
 * and leave errno as you found it.
 *
 *   PROCLAB_AUDIT=/path/to/file LD_PRELOAD=build/shims/handler_audit.so ./count_sigint
 *
 * It wraps sigaction() and signal(): the kernel gets a trampoline instead of
 * the program's handler (the program still sees its own handler in every old
 * action it reads back). When a signal arrives the trampoline sets errno to a
 * marker value, runs the program's handler, and checks the marker is still
 * there. While a handler runs:
 *   - a call of a stdio function (printf, puts, fprintf, fflush, perror, ...)
 *     or of exit() is reported: none is async-signal-safe (signal-safety(7));
 *   - write() that succeeds sets errno anyway (POSIX leaves errno unspecified
 *     after a success), so a handler that does not save and restore errno is
 *     seen to change it, as it would when its write failed.
 * One line per event is appended to the file PROCLAB_AUDIT names (written
 * with write(2), the file opened once at start):
 *   handler ran: signal N
 *   handler called FUNCTION: signal N
 *   handler changed errno: signal N
 * Without PROCLAB_AUDIT nothing is recorded.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SIGNAL 65
#define ERRNO_MARK 0x5eed   /* no real errno value */

/* The program's own action, for each signal whose handler we replaced. */
static struct sigaction program_action[MAX_SIGNAL];
static volatile sig_atomic_t in_handler_of = 0;  /* signal whose handler runs, or 0 */
static int audit_fd = -1;

static int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_vfprintf)(FILE *, const char *, va_list);
static int (*real_vprintf)(const char *, va_list);
static int (*real_puts)(const char *);
static int (*real_fputs)(const char *, FILE *);
static int (*real_putchar)(int);
static int (*real_fputc)(int, FILE *);
static int (*real_fflush)(FILE *);
static size_t (*real_fwrite)(const void *, size_t, size_t, FILE *);
static void (*real_perror)(const char *);
static void (*real_exit)(int);

__attribute__((constructor)) static void handler_audit_init(void)
{
    *(void **)&real_sigaction = dlsym(RTLD_NEXT, "sigaction");
    *(void **)&real_write = dlsym(RTLD_NEXT, "write");
    *(void **)&real_vfprintf = dlsym(RTLD_NEXT, "vfprintf");
    *(void **)&real_vprintf = dlsym(RTLD_NEXT, "vprintf");
    *(void **)&real_puts = dlsym(RTLD_NEXT, "puts");
    *(void **)&real_fputs = dlsym(RTLD_NEXT, "fputs");
    *(void **)&real_putchar = dlsym(RTLD_NEXT, "putchar");
    *(void **)&real_fputc = dlsym(RTLD_NEXT, "fputc");
    *(void **)&real_fflush = dlsym(RTLD_NEXT, "fflush");
    *(void **)&real_fwrite = dlsym(RTLD_NEXT, "fwrite");
    *(void **)&real_perror = dlsym(RTLD_NEXT, "perror");
    *(void **)&real_exit = dlsym(RTLD_NEXT, "exit");
    const char *path = getenv("PROCLAB_AUDIT");
    if (path != NULL && *path != '\0')
        audit_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

/* Append "WHAT: signal N\n" to the audit file; async-signal-safe. */
static void record(const char *what, int signal_number)
{
    if (audit_fd < 0 || real_write == NULL)
        return;
    char line[128];
    size_t length = 0;
    for (const char *c = what; *c != '\0' && length < 100; c++)
        line[length++] = *c;
    const char *middle = ": signal ";
    for (const char *c = middle; *c != '\0'; c++)
        line[length++] = *c;
    if (signal_number >= 10)
        line[length++] = (char)('0' + signal_number / 10);
    line[length++] = (char)('0' + signal_number % 10);
    line[length++] = '\n';
    int saved_errno = errno;
    (void)real_write(audit_fd, line, length);
    errno = saved_errno;
}

/* Called by every wrapped unsafe function. */
static void flag_unsafe(const char *name)
{
    if (in_handler_of == 0)
        return;
    char what[64] = "handler called ";
    strncat(what, name, sizeof what - strlen(what) - 1);
    record(what, in_handler_of);
}

static void trampoline(int signal_number, siginfo_t *info, void *context)
{
    int interrupted_errno = errno;
    sig_atomic_t outer = in_handler_of;
    struct sigaction *action = &program_action[signal_number];
    record("handler ran", signal_number);
    in_handler_of = signal_number;
    errno = ERRNO_MARK;
    if (action->sa_flags & SA_SIGINFO)
        action->sa_sigaction(signal_number, info, context);
    else
        action->sa_handler(signal_number);
    if (errno != ERRNO_MARK)
        record("handler changed errno", signal_number);
    in_handler_of = outer;
    errno = interrupted_errno;
}

int sigaction(int signal_number, const struct sigaction *act, struct sigaction *old)
{
    if (real_sigaction == NULL) {
        errno = ENOSYS;
        return -1;
    }
    if (signal_number < 1 || signal_number >= MAX_SIGNAL)
        return real_sigaction(signal_number, act, old);
    struct sigaction wrapped;
    const struct sigaction *give = act;
    int catching = act != NULL && (act->sa_flags & SA_SIGINFO ? act->sa_sigaction != NULL
                                   : act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN);
    if (catching) {
        wrapped = *act;
        wrapped.sa_flags |= SA_SIGINFO;
        wrapped.sa_sigaction = trampoline;
        give = &wrapped;
    }
    struct sigaction previous;
    int result = real_sigaction(signal_number, give, &previous);
    if (result == -1)
        return -1;
    if (old != NULL) {
        *old = previous;
        if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction == trampoline)
            *old = program_action[signal_number];   /* the program's own handler */
    }
    if (catching)
        program_action[signal_number] = *act;
    return result;
}

sighandler_t signal(int signal_number, sighandler_t handler)
{
    struct sigaction act, old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;      /* glibc's signal(): BSD semantics */
    if (sigaction(signal_number, &act, &old) == -1)
        return SIG_ERR;
    return old.sa_handler;
}

ssize_t write(int fd, const void *buffer, size_t count)
{
    if (real_write == NULL) {
        errno = ENOSYS;
        return -1;
    }
    ssize_t written = real_write(fd, buffer, count);
    if (written >= 0 && in_handler_of != 0)
        errno = EINTR;      /* allowed after a success; shows who keeps errno */
    return written;
}

int printf(const char *format, ...)
{
    flag_unsafe("printf");
    va_list args;
    va_start(args, format);
    int result = real_vprintf(format, args);
    va_end(args);
    return result;
}

int fprintf(FILE *stream, const char *format, ...)
{
    flag_unsafe("fprintf");
    va_list args;
    va_start(args, format);
    int result = real_vfprintf(stream, format, args);
    va_end(args);
    return result;
}

int vprintf(const char *format, va_list args)
{
    flag_unsafe("vprintf");
    return real_vprintf(format, args);
}

int vfprintf(FILE *stream, const char *format, va_list args)
{
    flag_unsafe("vfprintf");
    return real_vfprintf(stream, format, args);
}

int puts(const char *text) { flag_unsafe("puts"); return real_puts(text); }
int fputs(const char *text, FILE *stream) { flag_unsafe("fputs"); return real_fputs(text, stream); }
int putchar(int c) { flag_unsafe("putchar"); return real_putchar(c); }
int fputc(int c, FILE *stream) { flag_unsafe("fputc"); return real_fputc(c, stream); }
int fflush(FILE *stream) { flag_unsafe("fflush"); return real_fflush(stream); }
void perror(const char *text) { flag_unsafe("perror"); real_perror(text); }

size_t fwrite(const void *data, size_t size, size_t count, FILE *stream)
{
    flag_unsafe("fwrite");
    return real_fwrite(data, size, count, stream);
}

void exit(int status)
{
    flag_unsafe("exit");
    real_exit(status);
    _exit(status);      /* not reached */
}
