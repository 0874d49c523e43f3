/* test_parse.c — unit tests of parse_line (lab 08, parse.h). Each test also
 * parses a well-formed line (a control), so a parser that rejects everything
 * fails every test, not only the ones about accepted lines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define TEST_TIMEOUT_SECONDS 5

static char error[256];
static struct command command;

/* parse — parse_line on TEXT, with COMMAND and ERROR filled with junk first. */
static enum parse_result parse(const char *text)
{
    memset(&command, 0x5a, sizeof command);
    memset(error, 'x', sizeof error);
    error[sizeof error - 1] = '\0';
    return parse_line(text, &command, error, sizeof error);
}

/* expect_words — TEXT is a command with exactly the words WANT (NULL-ended). */
static void expect_words(const char *text, const char *const *want)
{
    enum parse_result r = parse(text);
    ck_assert_msg(r == PARSE_COMMAND, "\"%s\" is a command: parse_line should return PARSE_COMMAND (0), not %d (%s).",
                  text, (int)r, error);
    int n = 0;
    while (want[n] != NULL)
        n++;
    ck_assert_msg(command.argc == n, "\"%s\" has %d words, but argc is %d.", text, n, command.argc);
    for (int k = 0; k < n; k++)
        ck_assert_msg(command.argv[k] != NULL && strcmp(command.argv[k], want[k]) == 0,
                      "Word %d of \"%s\" should be \"%s\", not \"%s\".", k, text, want[k],
                      command.argv[k] ? command.argv[k] : "(null)");
    ck_assert_msg(command.argv[n] == NULL, "argv[argc] should be NULL (execvp needs it) for \"%s\".", text);
}

/* expect_rejected — TEXT is malformed: PARSE_ERROR and a one-line message. */
static void expect_rejected(const char *text, const char *why)
{
    enum parse_result r = parse(text);
    ck_assert_msg(r == PARSE_ERROR, "A line %s (\"%.60s\") should be rejected with PARSE_ERROR (-1), not %d.",
                  why, text, (int)r);
    ck_assert_msg(error[0] != '\0' && error[0] != 'x' && strchr(error, '\n') == NULL,
                  "A rejected line (%s) should come with a one-line message in error, not \"%.60s\".", why, error);
}

/* Requirement: R8 */
START_TEST(test_parse_words)
{
    expect_words("ls -l /tmp", (const char *const[]){ "ls", "-l", "/tmp", NULL });
    expect_words("  ls \t -l\t\t/tmp   \n", (const char *const[]){ "ls", "-l", "/tmp", NULL });
    expect_words("true", (const char *const[]){ "true", NULL });
    ck_assert_msg(!command.background && command.input == NULL && command.output == NULL,
                  "A plain command has no &, no < and no >.");
}
END_TEST

/* Requirement: R8 */
START_TEST(test_parse_empty)
{
    const char *blank[] = { "", "\n", "   ", " \t \t\n" };
    for (size_t k = 0; k < sizeof blank / sizeof blank[0]; k++) {
        enum parse_result r = parse(blank[k]);
        ck_assert_msg(r == PARSE_EMPTY, "A line of blanks only (case %zu) should give PARSE_EMPTY (1), not %d (%s).",
                      k, (int)r, error);
    }
    expect_words(" x ", (const char *const[]){ "x", NULL });
}
END_TEST

/* Requirement: R8 */
START_TEST(test_parse_does_not_change_line)
{
    char line[] = "sort < in > out &\n";
    char copy[sizeof line];
    memcpy(copy, line, sizeof line);
    ck_assert_msg(parse(line) == PARSE_COMMAND, "\"sort < in > out &\" should parse: %s", error);
    ck_assert_msg(memcmp(line, copy, sizeof line) == 0, "parse_line must not change the caller's line (it is const).");
    ck_assert_msg((command.argv[0] < line || command.argv[0] >= line + sizeof line),
                  "The words should be copies in command->text, not pointers into the caller's line.");
}
END_TEST

/* Requirement: R9 */
START_TEST(test_parse_background)
{
    const char *lines[] = { "sleep 10 &", "sleep 10&", "sleep 10 &  \n", "sleep 10\t&\n" }; /* # allow-sleep: a line for the parser, not a sleep */
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        expect_words(lines[k], (const char *const[]){ "sleep", "10", NULL });
        ck_assert_msg(command.background, "\"%s\" ends with &: background should be true.", lines[k]);
    }
    expect_words("sleep 10", (const char *const[]){ "sleep", "10", NULL }); /* # allow-sleep: a line for the parser, not a sleep */
    ck_assert_msg(!command.background, "\"sleep 10\" has no &: background should be false."); /* # allow-sleep: a line for the parser, not a sleep */
}
END_TEST

/* Requirement: R9 */
START_TEST(test_parse_ampersand_in_the_middle)
{
    expect_rejected("sleep 1 & echo hi", "with & in the middle"); /* # allow-sleep: a line for the parser, not a sleep */
    expect_rejected("a && b", "with &&");
    expect_rejected("sleep 1 & > out", "with a redirection after &"); /* # allow-sleep: a line for the parser, not a sleep */
    expect_words("echo a&", (const char *const[]){ "echo", "a", NULL });
}
END_TEST

/* Requirement: R10 */
START_TEST(test_parse_redirections)
{
    expect_words("sort < in > out", (const char *const[]){ "sort", NULL });
    ck_assert_msg(command.input && strcmp(command.input, "in") == 0, "\"sort < in > out\": input should be \"in\".");
    ck_assert_msg(command.output && strcmp(command.output, "out") == 0 && !command.append,
                  "\"sort < in > out\": output should be \"out\", append false.");
    expect_words("sort<in>out", (const char *const[]){ "sort", NULL });
    ck_assert_msg(command.input && strcmp(command.input, "in") == 0 && command.output &&
                  strcmp(command.output, "out") == 0, "\"sort<in>out\" needs no blanks: input \"in\", output \"out\".");
    expect_words("echo hi >> log", (const char *const[]){ "echo", "hi", NULL });
    ck_assert_msg(command.output && strcmp(command.output, "log") == 0 && command.append,
                  "\"echo hi >> log\": output \"log\", append true.");
    expect_words(">log echo hi", (const char *const[]){ "echo", "hi", NULL });
    ck_assert_msg(command.output && strcmp(command.output, "log") == 0 && !command.append,
                  "\">log echo hi\": a redirection may come first.");
    expect_words("cat <in -n&", (const char *const[]){ "cat", "-n", NULL });
    ck_assert_msg(command.background && command.input && strcmp(command.input, "in") == 0,
                  "\"cat <in -n&\": input \"in\", background.");
}
END_TEST

/* Requirement: R10 */
START_TEST(test_parse_redirection_errors)
{
    expect_rejected("cat <", "with < and no file name");
    expect_rejected("echo hi >", "with > and no file name");
    expect_rejected("echo hi >> \n", "with >> and no file name");
    expect_rejected("echo hi > &", "with > followed by &");
    expect_rejected("cat < a < b", "with two inputs");
    expect_rejected("echo > a >> b", "with two outputs");
    expect_rejected("echo >>> a", "with >>>");
    expect_words("cat < a > b", (const char *const[]){ "cat", NULL });
}
END_TEST

/* Requirement: R11 */
START_TEST(test_parse_too_many_words)
{
    char line[MAX_LINE + 1] = "";
    for (int k = 0; k < MAX_WORDS; k++)
        strcat(line, "w ");
    enum parse_result r = parse(line);
    ck_assert_msg(r == PARSE_COMMAND && command.argc == MAX_WORDS && command.argv[MAX_WORDS] == NULL,
                  "%d words are allowed: PARSE_COMMAND with argc %d and argv[%d] NULL (got %d, argc %d: %s).",
                  MAX_WORDS, MAX_WORDS, MAX_WORDS, (int)r, command.argc, error);
    strcat(line, "w");
    expect_rejected(line, "with 65 words");
    strcat(line, " > out");
    expect_rejected(line, "with 65 words and a redirection");
}
END_TEST

/* Requirement: R11 */
START_TEST(test_parse_overlong_line)
{
    static char line[MAX_LINE + 3];
    memset(line, 'a', MAX_LINE);
    line[MAX_LINE] = '\n';
    line[MAX_LINE + 1] = '\0';
    enum parse_result r = parse(line);
    ck_assert_msg(r == PARSE_COMMAND && command.argc == 1 && strlen(command.argv[0]) == MAX_LINE,
                  "A line of exactly %d characters (and its newline) is allowed: got %d (%s).", MAX_LINE, (int)r, error);
    line[MAX_LINE] = 'a';
    expect_rejected(line, "of 1025 characters");
    char small[8];
    r = parse_line(line, &command, small, sizeof small);
    ck_assert_msg(r == PARSE_ERROR && memchr(small, '\0', sizeof small) != NULL,
                  "The message must fit the caller's buffer (8 bytes here), NUL-terminated.");
}
END_TEST

/* Requirement: R11 */
START_TEST(test_parse_missing_command)
{
    expect_rejected("&", "of & alone");
    expect_rejected("  < in", "with only a redirection");
    expect_rejected("> out &", "with a redirection and &");
    expect_words("x > out &", (const char *const[]){ "x", NULL });
}
END_TEST

/* Requirement: R11 */
START_TEST(test_parse_error_buffer)
{
    ck_assert_msg(parse("echo hi") == PARSE_COMMAND && error[0] == '\0',
                  "After a line that is not an error, error should hold the empty string, not \"%.20s\".", error);
    ck_assert_msg(parse(" \t") == PARSE_EMPTY && error[0] == '\0',
                  "After a blank line, error should hold the empty string, not \"%.20s\".", error);
    char one[1] = { 'x' };
    ck_assert_msg(parse_line("echo hi", &command, one, sizeof one) == PARSE_COMMAND && one[0] == '\0',
                  "With a 1-byte error buffer, a good line should leave it \"\" (its NUL), not '%c'.", one[0]);
    /* Size 0: nothing may be written, so NULL is fine (as for snprintf). */
    ck_assert_msg(parse_line("echo hi", &command, NULL, 0) == PARSE_COMMAND,
                  "\"echo hi\" with error NULL and error_size 0 should parse (and write nothing to error).");
    ck_assert_msg(parse_line("echo >", &command, NULL, 0) == PARSE_ERROR,
                  "\"echo >\" with error NULL and error_size 0 should be PARSE_ERROR (and write nothing to error).");
    char untouched[2] = { 'x', 'x' };
    parse_line("echo hi", &command, untouched, 0);
    parse_line("echo >", &command, untouched, 0);
    ck_assert_msg(untouched[0] == 'x' && untouched[1] == 'x',
                  "With error_size 0, parse_line must not write to error at all.");
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse_line");
    TCase *core = tcase_create("Core");
    tcase_set_timeout(core, TEST_TIMEOUT_SECONDS);
    tcase_add_test(core, test_parse_words);
    tcase_add_test(core, test_parse_empty);
    tcase_add_test(core, test_parse_does_not_change_line);
    tcase_add_test(core, test_parse_background);
    tcase_add_test(core, test_parse_redirections);
    suite_add_tcase(s, core);

    TCase *errors = tcase_create("Errors");
    tcase_set_timeout(errors, TEST_TIMEOUT_SECONDS);
    tcase_add_test(errors, test_parse_ampersand_in_the_middle);
    tcase_add_test(errors, test_parse_redirection_errors);
    tcase_add_test(errors, test_parse_missing_command);
    suite_add_tcase(s, errors);

    TCase *limits = tcase_create("Limits");
    tcase_set_timeout(limits, TEST_TIMEOUT_SECONDS);
    tcase_add_test(limits, test_parse_too_many_words);
    tcase_add_test(limits, test_parse_overlong_line);
    tcase_add_test(limits, test_parse_error_buffer);
    suite_add_tcase(s, limits);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(parse_suite());
    srunner_run_all(runner, CK_ENV); /* CK_VERBOSITY decides; run-unit reads the TAP log */
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
