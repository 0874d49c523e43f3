/* stack_poison.c — an LD_PRELOAD shim that fills the stack main() is about to
 * use with all-ones bytes, so that a local the program forgot to initialise
 * shows.
 *
 *   LD_PRELOAD=build/shims/stack_poison.so ./reap_handler
 *
 * run-lab has labrun preload it into every lab program (PROCLAB_LAB_PRELOAD).
 *
 * A fresh process's stack is zero-filled by the kernel, and what runs before
 * main() leaves the part main() gets mostly zero: a `struct sigaction act;`
 * whose memset and sigemptyset were forgotten, or a `sigset_t` used without
 * sigemptyset(), holds zeros — no flags, the empty set — and the program works
 * by luck, until another compiler, caller or libc changes what was there.
 *
 * The shim wraps __libc_start_main, which the program's _start calls with the
 * address of main(): it passes on poisoned_main instead, which fills 256 KiB
 * of the stack below its own frame with 0xff and then calls the real main(),
 * whose frame and its callees' lie in that poisoned area. A forgotten set now
 * holds every signal, forgotten flags are all set (SA_NOCLDWAIT, SA_RESETHAND,
 * SA_NODEFER, ...): the mistake changes what the program does, every run.
 * A program that initialises what it uses sees no difference.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POISON_BYTES (256 * 1024)   /* far below the 8 MiB default stack limit */

typedef int (*main_function)(int, char **, char **);
typedef int (*start_main_function)(main_function, int, char **, void (*)(void), void (*)(void),
                                   void (*)(void), void *);

static main_function program_main;

/* poison_stack — its frame lies just below poisoned_main's, where main()'s
 * will: fill it, and 256 KiB below, with 0xff. */
__attribute__((noinline)) static void poison_stack(void)
{
    unsigned char area[POISON_BYTES];
    memset(area, 0xff, sizeof area);
    /* The array is never read: tell the compiler its bytes are used, or it
     * drops the memset. */
    __asm__ volatile("" : : "r"(area) : "memory");
}

static int poisoned_main(int argc, char **argv, char **envp)
{
    poison_stack();
    return program_main(argc, argv, envp);
}

int __libc_start_main(main_function main_of_program, int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
    start_main_function real_start_main;
    *(void **)&real_start_main = dlsym(RTLD_NEXT, "__libc_start_main");
    if (real_start_main == NULL) {
        static const char message[] = "stack_poison: dlsym(__libc_start_main) failed\n";
        (void)!write(STDERR_FILENO, message, sizeof message - 1);
        _exit(125);
    }
    program_main = main_of_program;
    return real_start_main(poisoned_main, argc, argv, init, fini, rtld_fini, stack_end);
}
