/* Hostile: a detached grandchild (new session, double fork: no longer in the
 * lab's process group) that sends SIGKILL to every process it may signal,
 * again and again, for a while. The lab itself returns at once. As root the
 * grader gives each lab a uid and a PID namespace of its own: the other labs,
 * other gradings and the grader are out of its reach. */
#include <signal.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            struct timespec pause_between = { .tv_nsec = 20 * 1000 * 1000 };
            for (int i = 0; i < 250; i++) {     /* about 5 s */
                kill(-1, SIGKILL);
                nanosleep(&pause_between, NULL);
            }
            _exit(0);
        }
        _exit(0);
    }
    return 0;
}
