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
 * Build and check:  make grade LAB=03
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

/* Provided: DO NOT CHANGE. Append "0x..." (ADDRESS in hex, no leading zeros) to BUFFER at *LENGTH. */
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

/* The SIGSEGV handler (SA_SIGINFO: info->si_addr is the faulting address).
 * TODO(student): write "caught SIGSEGV at address ADDR\n" to STDOUT_FILENO
 * with write(2) — build the line in a local buffer; append_hex gives ADDR
 * in the same form as printf's %p — then leave with _exit(1). Never return
 * (the access would fault again), never call printf or exit. */
static void on_sigsegv(int signal_number, siginfo_t *info, void *context)
{
    (void)signal_number;
    (void)info;
    (void)context;
}

int main(int argc, char *argv[])
{
    /* Provided: DO NOT CHANGE — argument parsing. */
    bool use_handler = false;
    if (argc == 2 && strcmp(argv[1], "-h") == 0) {
        use_handler = true;
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [-h]\n", argv[0]);
        exit(2);
    }
    setvbuf(stdout, NULL, _IONBF, 0);

    /* TODO(student): if use_handler, install on_sigsegv for SIGSEGV with
     * sigaction (sa_sigaction, SA_SIGINFO, an empty sa_mask); on -1 print
     * "segv: sigaction(SIGSEGV): <strerror(errno)>" and exit 1. */
    (void)use_handler;
    (void)on_sigsegv;
    (void)append_hex;

    /* TODO(student): get an address where nothing is mapped: mmap one page
     * (PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS), then munmap it
     * (check both). Print "touching unmapped address %p (pid:P)", then store
     * through a volatile int pointer to it. */
    fprintf(stderr, "segv: not implemented yet (see TODO(student) in segv.c)\n");
    return 1;
}
