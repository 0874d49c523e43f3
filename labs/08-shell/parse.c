/* parse.c — the mini shell's line parser (see parse.h for the grammar).
 *
 * TODO(student): write parse_line as parse.h specifies it:
 *   - clear *command first (argc 0, argv[0] NULL, no background, no
 *     redirections) and ERROR to "";
 *   - the line ends at its first '\n' (or its NUL); longer than MAX_LINE
 *     characters → PARSE_ERROR "line too long (at most 1024 characters)";
 *   - words are separated by runs of blanks (' ', '\t'); copy each word into
 *     command->text, NUL after each, and point argv[k] at it; argv[argc] = NULL;
 *   - '<' WORD, '>' WORD, '>>' WORD (blanks optional between the operator and
 *     the word, and around it: `sort<in>out` is fine): set input, or output
 *     and append; no word after the operator, or a second < or a second
 *     > / >> → PARSE_ERROR;
 *   - '&' as the last thing on the line (apart from blanks), attached or not
 *     (`sleep 1&`): background = true; anything after it → PARSE_ERROR;
 *   - more than MAX_WORDS words → PARSE_ERROR (never write past argv);
 *   - only blanks → PARSE_EMPTY; redirections or & but no word → PARSE_ERROR;
 *   - never change LINE; every message is one line, no '\n', and fits in
 *     ERROR_SIZE bytes (snprintf).
 */
#include "parse.h"

#include <stdio.h>
#include <string.h>

enum parse_result parse_line(const char *line, struct command *command, char *error, size_t error_size)
{
    (void)line;
    command->argc = 0;
    command->argv[0] = NULL;
    if (error_size > 0)
        snprintf(error, error_size, "parse_line is not implemented yet (see TODO(student) in parse.c)");
    return PARSE_ERROR;
}
