/* Hostile: short lines forever. labrun's output limit or timeout ends it; the
 * grader's cost must stay linear in what it keeps, not in what was printed. */
#include <stdio.h>

int main(void)
{
    for (;;)
        puts("x");
}
