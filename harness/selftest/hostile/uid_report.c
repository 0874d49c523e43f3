/* uid_report.c — a lab 01 fork_wait.c that only says which uid it runs as:
 * every test fails, and each failure's output shows the uid its share used. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("running as uid %ld\n", (long)getuid());
    return 0;
}
