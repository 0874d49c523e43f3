/* guard.c — linked into every Check unit test by harness/lab.mk, with the
 * linker told to wrap tcase_create (-Wl,--wrap=tcase_create), so that no
 * suite has to ask for it:
 *
 * 1. A busy loop in a test is stopped after 0.3 s of CPU, not after the
 *    test's timeout. Every test case a suite creates gets, first, a checked
 *    fixture that runs in the forked test process and arms its profiling
 *    timer (ITIMER_PROF: user and system CPU time). A test that computes for
 *    more than UNIT_CPU_BUDGET_MS (times Check's CK_TIMEOUT_MULTIPLIER) is
 *    killed by SIGPROF, and Check reports "Received signal 27";
 *    harness/unit/run-unit says what it means. Check's own timeout
 *    (wall-clock, 5 s) is left for a test that sleeps; a spinning one would
 *    otherwise wait it out, in every test that calls the looping code. The
 *    tests' real work is a few milliseconds of CPU: 0.3 s is a hundred times
 *    that, and a loaded machine does not make it smaller (CPU time only counts
 *    while the test runs).
 *
 * 2. The student's module runs only in the forked tests, never in the
 *    process that writes Check's logs (run-unit refuses a module with
 *    constructors or destructors). That process makes itself non-dumpable
 *    (PR_SET_DUMPABLE 0) when the suite is built, before any test runs: a
 *    test process of the same uid can then neither ptrace it nor open its
 *    /proc/PID/mem, so the results it writes are its own. (Killing it is
 *    still possible; run-unit then trusts none of its results.)
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <stdio.h>

#define UNIT_CPU_BUDGET_MS 300

TCase *__real_tcase_create(const char *name);
TCase *__wrap_tcase_create(const char *name);

/* start_cpu_budget — the fixture: arm ITIMER_PROF in the test's process. */
static void start_cpu_budget(void)
{
    double multiplier = 1.0;
    const char *text = getenv("CK_TIMEOUT_MULTIPLIER");
    if (text != NULL && *text != '\0') {
        char *end;
        double value = strtod(text, &end);
        if (*end == '\0' && value > 0 && value <= 1000)
            multiplier = value;
    }
    long ms = (long)(UNIT_CPU_BUDGET_MS * multiplier);
    struct itimerval budget = { .it_value = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 } };
    if (setitimer(ITIMER_PROF, &budget, NULL) == -1)
        ck_abort_msg("setitimer(ITIMER_PROF): %s", strerror(errno));
}

TCase *__wrap_tcase_create(const char *name)
{
    static int guarded = 0;
    if (!guarded) {
        guarded = 1;
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1) {
            perror("guard: prctl(PR_SET_DUMPABLE)");
            exit(125);
        }
    }
    TCase *test_case = __real_tcase_create(name);
    if (test_case != NULL)
        tcase_add_checked_fixture(test_case, start_cpu_budget, NULL);
    return test_case;
}
