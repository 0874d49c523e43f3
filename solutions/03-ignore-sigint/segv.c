/* segv.c — a bad memory access ends a program by SIGSEGV; a handler can report it.
 *
 * Touching an address with nothing mapped there makes the MMU fault; the
 * kernel finds no mapping for it and sends the process SIGSEGV (signal 11),
 * whose default action ends it (with a core dump, if core files are enabled):
 * the shell says "Segmentation fault", wait reports WTERMSIG 11. A handler
 * may catch it and learn the address from siginfo's si_addr — but it must
 * not return: the faulting instruction would run again and fault again, for
 * ever. It reports with write(2) (async-signal-safe) and leaves with _exit.
 *
 *   usage: segv [-h]
 *     -h   catch SIGSEGV with a handler that reports the address, then _exit(1)
 *
 * The address is certain to be unmapped: the program maps a page, unmaps it,
 * and touches where it was.
 *
 * Output (the tests read these exact forms; ADDR in hex, as printf's %p):
 *   touching unmapped address ADDR (pid:P)
 *   caught SIGSEGV at address ADDR            from the handler, with -h; exit 1
 * Without -h nothing follows: signal 11 (SIGSEGV) ends it.
 *
 * Try:   ./segv; echo $?          139 = 128 + 11
 *        ./segv -h; echo $?       the handler's report, then 1
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Append "0x..." (ADDRESS in hex, no leading zeros) to BUFFER at *LENGTH. */
static void append_hex(char *buffer, size_t *length, uintptr_t address)
{
    char digits[2 * sizeof address];
    size_t count = 0;
    do {
        digits[count++] = "0123456789abcdef"[address % 16];
        address /= 16;
    } while (address != 0);
    buffer[(*length)++] = '0';
    buffer[(*length)++] = 'x';
    while (count > 0)
        buffer[(*length)++] = digits[--count];
}

/* Async-signal-safe: no printf (it may hold stdout's lock or be half-way
 * through its buffer where the fault happened), only write and _exit. */
static void on_sigsegv(int signal_number, siginfo_t *info, void *context)
{
    (void)signal_number;
    (void)context;
    static const char prefix[] = "caught SIGSEGV at address ";
    char line[sizeof prefix + 2 + 2 * sizeof(uintptr_t) + 1];
    size_t length = sizeof prefix - 1;
    memcpy(line, prefix, length);
    append_hex(line, &length, (uintptr_t)info->si_addr);
    line[length++] = '\n';
    if (write(STDOUT_FILENO, line, length) == -1) {
        /* nothing safe to do about it here */
    }
    _exit(1);   /* never return: the access would fault again */
}

int main(int argc, char *argv[])
{
    bool use_handler = false;
    if (argc == 2 && strcmp(argv[1], "-h") == 0) {
        use_handler = true;
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [-h]\n", argv[0]);
        exit(2);
    }
    setvbuf(stdout, NULL, _IONBF, 0);

    if (use_handler) {
        struct sigaction act;
        memset(&act, 0, sizeof act);
        act.sa_sigaction = on_sigsegv;
        act.sa_flags = SA_SIGINFO;      /* the handler gets si_addr */
        sigemptyset(&act.sa_mask);
        if (sigaction(SIGSEGV, &act, NULL) == -1) {
            fprintf(stderr, "segv: sigaction(SIGSEGV): %s\n", strerror(errno));
            exit(1);
        }
    }

    /* A page that was mapped a moment ago and is not any more. */
    long page_size = sysconf(_SC_PAGESIZE);
    void *page = mmap(NULL, (size_t)page_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        fprintf(stderr, "segv: mmap: %s\n", strerror(errno));
        exit(1);
    }
    if (munmap(page, (size_t)page_size) == -1) {
        fprintf(stderr, "segv: munmap: %s\n", strerror(errno));
        exit(1);
    }
    volatile int *unmapped = page;
    printf("touching unmapped address %p (pid:%ld)\n", page, (long)getpid());
    *unmapped = 1;      /* the MMU faults; the kernel sends SIGSEGV */

    fprintf(stderr, "segv: the write to %p did not fault\n", page);
    return 1;
}
