/* Hostile: ignore every signal it can, eat memory, then spin forever.
 * RLIMIT_AS stops the memory, the wall-clock timeout (SIGKILL to the whole
 * group) and RLIMIT_CPU stop the spinning. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    for (int sig = 1; sig < 32; sig++)
        signal(sig, SIG_IGN);
    for (int i = 0; i < 100000; i++) {
        char *block = malloc(1 << 20);
        if (block == NULL)
            break;
        memset(block, 1, 1 << 20);
    }
    for (volatile unsigned long n = 0;; n++)
        ;
}
