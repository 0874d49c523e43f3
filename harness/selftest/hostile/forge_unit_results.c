/* forge_unit_results.c — a lab 08 parse.c that parses nothing and tries to
 * pass the Check unit tests anyway, by rewriting Check's TAP and XML logs
 * (their paths are in the environment) to say every test passed.
 *
 * FORGE_IN_TEST picks how (grade.bats grades it both ways):
 *   0  a destructor forges the logs after Check's process has written them;
 *      the grader must refuse a module that runs code outside the tests;
 *   1  parse_line forges them from inside a test, then kills Check's process
 *      (its parent) so that no true result is written after the forgery; the
 *      grader must trust nothing from a Check process that did not end by
 *      itself.
 * Either way every unit test must score 0. */
#define FORGE_IN_TEST 0

#include "parse.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const names[] = {
    "test_parse_words", "test_parse_empty", "test_parse_does_not_change_line",
    "test_parse_background", "test_parse_redirections", "test_parse_ampersand_in_the_middle",
    "test_parse_redirection_errors", "test_parse_missing_command", "test_parse_too_many_words",
    "test_parse_overlong_line", "test_parse_error_buffer",
};
#define N_NAMES (sizeof names / sizeof names[0])

static void forge(void)
{
    const char *tap = getenv("CK_TAP_LOG_FILE_NAME");
    const char *xml = getenv("CK_XML_LOG_FILE_NAME");
    FILE *f;
    if (tap != NULL && (f = fopen(tap, "w")) != NULL) {
        for (size_t i = 0; i < N_NAMES; i++)
            fprintf(f, "ok %zu - test_parse.c:core:%s: Passed\n", i + 1, names[i]);
        fprintf(f, "1..%zu\n", N_NAMES);
        fclose(f);
    }
    if (xml != NULL && (f = fopen(xml, "w")) != NULL) {
        for (size_t i = 0; i < N_NAMES; i++)
            fprintf(f, "<test result=\"success\">\n<id>%s</id>\n<duration>0.000001</duration>\n</test>\n", names[i]);
        fclose(f);
    }
}

enum parse_result parse_line(const char *line, struct command *command, char *error, size_t error_size)
{
    (void)line;
    (void)command;
    if (FORGE_IN_TEST) {
        forge();
        kill(getppid(), SIGKILL);
        _exit(0);
    }
    if (error_size > 0)
        error[0] = '\0';
    return PARSE_ERROR;
}

#if !FORGE_IN_TEST
__attribute__((destructor)) static void forge_at_exit(void)
{
    forge();
}
#endif
