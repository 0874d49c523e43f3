/* Hostile (by accident): a long failure output. 12,000 lines, then exit 0.
 * Every test fails, and the failure messages hold the output: the report must
 * still be whole (no SIGPIPE from a `| head`, exit 0, the results.json line)
 * and keep only a bounded head and tail of it per test. */
#include <stdio.h>

int main(void)
{
    for (int i = 0; i < 12000; i++)
        puts("AAAAAAA");
    return 0;
}
