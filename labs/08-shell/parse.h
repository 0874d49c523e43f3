/* parse.h — split one command line of the mini shell into words.
 *
 * The line parser is a module of its own (parse.c), so it can be tested on
 * its own (harness/unit/08-shell) and linked into the shell (mysh.c).
 *
 * The grammar, deliberately small — no quotes, no pipes, no variables:
 *
 *   line     := blank* [ item (blank* item)* ] blank* [ '&' blank* ] ['\n']
 *   item     := word | '<' blank* word | '>' blank* word | '>>' blank* word
 *   blank    := ' ' | '\t'
 *   word     := one or more characters other than blank, '<', '>', '&', '\n'
 *
 * So `sort<in>out`, `sort < in > out` and `sleep 1&` are all fine: the
 * operators < > >> & end a word, blanks are optional around them.
 */
#ifndef PARSE_H
#define PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define MAX_LINE 1024   /* the longest line accepted, its newline not counted */
#define MAX_WORDS 64    /* the most words in one command, redirections not counted */

enum parse_result {
    PARSE_COMMAND = 0,  /* a command: argc >= 1 */
    PARSE_EMPTY = 1,    /* a line of blanks only (or nothing): nothing to run */
    PARSE_ERROR = -1,   /* malformed: a one-line reason in ERROR */
};

struct command {
    int argc;                   /* number of words, 1..MAX_WORDS */
    char *argv[MAX_WORDS + 1];  /* the words, for execvp; argv[argc] == NULL */
    bool background;            /* the line ended with & */
    char *input;                /* < FILE: the file name, or NULL */
    char *output;               /* > FILE or >> FILE: the file name, or NULL */
    bool append;                /* true for >>, false for > */
    char text[MAX_LINE + 1];    /* where the words live: argv, input and output point here */
};

/* parse_line — parse LINE (a C string, with or without its '\n') into
 * *COMMAND. Returns PARSE_COMMAND, PARSE_EMPTY, or PARSE_ERROR with a
 * one-line message (no newline) in ERROR (at most ERROR_SIZE bytes, always
 * NUL-terminated). LINE is not changed: the words are copied into
 * COMMAND->text. Errors:
 *   a line longer than MAX_LINE characters (its newline not counted);
 *   more than MAX_WORDS words;
 *   <, > or >> without a file name after it, or given twice;
 *   & anywhere but at the end;
 *   redirections or & with no command word. */
enum parse_result parse_line(const char *line, struct command *command, char *error, size_t error_size);

#endif
