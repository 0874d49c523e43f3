/* Hostile: fork without end, and flood stdout from every copy.
 * The grader must hold: RLIMIT_NPROC (labrun -n) stops the forks, the output
 * limit stops the flood, and every copy is killed and reaped at the end. */
#include <string.h>
#include <unistd.h>

int main(void)
{
    char line[4096];
    memset(line, 'x', sizeof line);
    for (;;) {
        fork();
        if (write(STDOUT_FILENO, line, sizeof line) == -1)
            continue;
    }
}
