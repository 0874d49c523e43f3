/* cpu_budget.c — a busy loop in a unit test is stopped after 0.3 s of CPU,
 * not after the test's timeout.
 *
 * Linked into every Check unit test by harness/lab.mk, with the linker told
 * to wrap tcase_create (-Wl,--wrap=tcase_create): every test case a suite
 * creates gets, first, a checked fixture that runs in the forked test process
 * and arms its profiling timer (ITIMER_PROF: user and system CPU time). A
 * test that computes for more than UNIT_CPU_BUDGET_MS (times Check's
 * CK_TIMEOUT_MULTIPLIER) is killed by SIGPROF, and Check reports "Received
 * signal 27"; harness/unit/run-unit says what it means. Check's own timeout
 * (wall-clock, 5 s) is left for a test that sleeps; a spinning one would
 * otherwise wait it out, in every test that calls the looping code.
 *
 * The tests' real work is a few milliseconds of CPU: 0.3 s is a hundred times
 * that, and a loaded machine does not make it smaller (CPU time only counts
 * while the test runs).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

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
    TCase *test_case = __real_tcase_create(name);
    if (test_case != NULL)
        tcase_add_checked_fixture(test_case, start_cpu_budget, NULL);
    return test_case;
}
