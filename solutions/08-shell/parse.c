/* parse.c — the mini shell's line parser (see parse.h for the grammar). */
#include "parse.h"

#include <stdio.h>
#include <string.h>

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool ends_word(char c) { return c == '\0' || c == '\n' || is_blank(c) || c == '<' || c == '>' || c == '&'; }

/* fail — put a message in ERROR and say PARSE_ERROR. */
static enum parse_result fail(char *error, size_t error_size, const char *message)
{
    if (error_size > 0)
        snprintf(error, error_size, "%s", message);
    return PARSE_ERROR;
}

enum parse_result parse_line(const char *line, struct command *command, char *error, size_t error_size)
{
    if (error_size > 0)
        error[0] = '\0';
    command->argc = 0;
    command->argv[0] = NULL;
    command->background = false;
    command->input = NULL;
    command->output = NULL;
    command->append = false;
    command->text[0] = '\0';

    /* The line ends at its first newline (or NUL); measure it before copying. */
    size_t length = strcspn(line, "\n");
    if (length > MAX_LINE)
        return fail(error, error_size, "line too long (at most 1024 characters)");

    const char *p = line;
    const char *end = line + length;
    char *out = command->text;      /* words are copied here, each ending in NUL */
    bool seen_anything = false;

    while (p < end) {
        if (is_blank(*p)) {
            p++;
            continue;
        }
        if (command->background)
            return fail(error, error_size, "& must end the line");
        seen_anything = true;
        if (*p == '&') {
            command->background = true;
            p++;
            continue;
        }
        /* A redirection: the operator, optional blanks, then a word. */
        char **target = NULL;
        if (*p == '<') {
            if (command->input != NULL)
                return fail(error, error_size, "more than one input redirection (<)");
            target = &command->input;
            p++;
        } else if (*p == '>') {
            if (command->output != NULL)
                return fail(error, error_size, "more than one output redirection (> or >>)");
            target = &command->output;
            p++;
            if (p < end && *p == '>') {
                command->append = true;
                p++;
            }
        }
        if (target != NULL) {
            while (p < end && is_blank(*p))
                p++;
            if (p == end || ends_word(*p))
                return fail(error, error_size, "missing file name after < or >");
        } else if (command->argc == MAX_WORDS) {
            return fail(error, error_size, "too many words (at most 64)");
        }
        /* Copy one word. */
        char *word = out;
        while (p < end && !ends_word(*p))
            *out++ = *p++;
        *out++ = '\0';
        if (target != NULL)
            *target = word;
        else
            command->argv[command->argc++] = word;
    }
    command->argv[command->argc] = NULL;
    if (!seen_anything)
        return PARSE_EMPTY;
    if (command->argc == 0)
        return fail(error, error_size, "missing command");
    return PARSE_COMMAND;
}
