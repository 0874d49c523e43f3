/* forge_unit_destructor.c — a lab 08 parse.c that parses nothing and tries to
 * pass the Check unit tests anyway: a destructor, run after Check's process
 * has written its logs, rewrites the TAP and XML logs (their paths are in the
 * environment) to say every test passed, in the time it took.
 * The grader must refuse the module (code outside the tests) and score every
 * unit test 0. */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const names[] = {
    "test_parse_words", "test_parse_empty", "test_parse_does_not_change_line",
    "test_parse_background", "test_parse_redirections", "test_parse_ampersand_in_the_middle",
    "test_parse_redirection_errors", "test_parse_missing_command", "test_parse_too_many_words",
    "test_parse_overlong_line", "test_parse_error_buffer",
};
#define N_NAMES (sizeof names / sizeof names[0])

enum parse_result parse_line(const char *line, struct command *command, char *error, size_t error_size)
{
    (void)line;
    (void)command;
    if (error_size > 0)
        error[0] = '\0';
    return PARSE_ERROR;
}

__attribute__((destructor)) static void forge(void)
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
