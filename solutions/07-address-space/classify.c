/* classify.c — parse /proc/PID/maps text and name the region an address is in.
 *
 * The rules classify_address applies to the line that contains the address,
 * first match wins:
 *   1. [heap] → heap; [stack] (or [stack:TID]) → stack;
 *      [vdso], [vvar], [vvar_vclock], [vsyscall] → vdso.
 *   2. an address in [data_end, bss_end), in the program's mapping or a nameless
 *      one → bss (the uninitialised globals; maps cannot show this, the linker's
 *      symbols edata and end can).
 *   3. the program's own file: with x → text; writable → data; otherwise rodata.
 *   4. no pathname, or any other [pseudo] name → mmap.
 *   5. any other file → lib.
 */
#include "classify.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *region_name(enum region_kind kind)
{
    switch (kind) {
    case REGION_UNMAPPED: return "unmapped";
    case REGION_TEXT: return "text";
    case REGION_RODATA: return "rodata";
    case REGION_DATA: return "data";
    case REGION_BSS: return "bss";
    case REGION_HEAP: return "heap";
    case REGION_STACK: return "stack";
    case REGION_MMAP: return "mmap";
    case REGION_LIB: return "lib";
    case REGION_VDSO: return "vdso";
    }
    return "unknown";
}

/* A cursor over the bytes [at, stop) of one line: nothing reads past stop. */
struct cursor {
    const char *at;
    const char *stop;
};

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Read a number in base 16 or 10 whose value must fit in max; false if there is
 * no digit or it is too big. */
static bool read_number(struct cursor *c, int base, unsigned long long max,
                        unsigned long long *value)
{
    unsigned long long v = 0;
    const char *first = c->at;
    while (c->at < c->stop) {
        int d = hex_digit(*c->at);
        if (d < 0 || d >= base)
            break;
        if (v > (max - (unsigned)d) / (unsigned)base)
            return false; /* would overflow */
        v = v * (unsigned)base + (unsigned)d;
        c->at++;
    }
    *value = v;
    return c->at > first;
}

static bool read_char(struct cursor *c, char want)
{
    if (c->at < c->stop && *c->at == want) {
        c->at++;
        return true;
    }
    return false;
}

/* One or more spaces (the kernel pads with spaces only). */
static bool read_spaces(struct cursor *c)
{
    const char *first = c->at;
    while (c->at < c->stop && *c->at == ' ')
        c->at++;
    return c->at > first;
}

static int parse_error(char *error, size_t error_size, const char *what)
{
    if (error_size > 0)
        snprintf(error, error_size, "%s", what);
    return -1;
}

int maps_parse_line(const char *line, size_t length, struct maps_entry *entry,
                    char *error, size_t error_size)
{
    struct cursor c = {line, line + length};
    unsigned long long start, end, offset, major, minor, inode;

    if (!read_number(&c, 16, UINTPTR_MAX, &start))
        return parse_error(error, error_size,
                           "expected the start address in hex at the beginning of the line");
    if (!read_char(&c, '-'))
        return parse_error(error, error_size, "expected '-' between the start and end addresses");
    if (!read_number(&c, 16, UINTPTR_MAX, &end))
        return parse_error(error, error_size, "expected the end address in hex after '-'");
    if (start >= end)
        return parse_error(error, error_size, "the start address is not below the end address");
    if (!read_spaces(&c))
        return parse_error(error, error_size, "expected a space after the address range");

    char perms[5];
    static const char *const allowed[4] = {"r-", "w-", "x-", "ps"};
    for (int i = 0; i < 4; i++) {
        if (c.at >= c.stop || strchr(allowed[i], *c.at) == NULL || *c.at == '\0')
            return parse_error(error, error_size,
                               "expected four permission characters like r-xp ([r-][w-][x-][ps])");
        perms[i] = *c.at++;
    }
    perms[4] = '\0';
    if (!read_spaces(&c))
        return parse_error(error, error_size, "expected a space after the permissions");

    if (!read_number(&c, 16, ~0ULL, &offset))
        return parse_error(error, error_size, "expected the file offset in hex after the permissions");
    if (!read_spaces(&c))
        return parse_error(error, error_size, "expected a space after the offset");
    if (!read_number(&c, 16, 0xffffffffULL, &major) || !read_char(&c, ':') ||
        !read_number(&c, 16, 0xffffffffULL, &minor))
        return parse_error(error, error_size, "expected the device as MAJOR:MINOR in hex after the offset");
    if (!read_spaces(&c))
        return parse_error(error, error_size, "expected a space after the device");
    if (!read_number(&c, 10, (unsigned long)-1, &inode))
        return parse_error(error, error_size, "expected the inode number in decimal after the device");
    if (c.at < c.stop && *c.at != ' ')
        return parse_error(error, error_size, "expected a space or the end of the line after the inode");

    /* The pathname: whatever follows the padding, spaces inside it included. */
    read_spaces(&c);
    entry->start = (uintptr_t)start;
    entry->end = (uintptr_t)end;
    memcpy(entry->perms, perms, sizeof perms);
    entry->offset = offset;
    entry->inode = (unsigned long)inode;
    entry->path_len = (size_t)(c.stop - c.at);
    entry->path = entry->path_len > 0 ? c.at : NULL;
    return 0;
}

/* path_is — true if the entry's pathname is exactly name. */
static bool path_is(const struct maps_entry *e, const char *name)
{
    size_t n = strlen(name);
    return e->path_len == n && memcmp(e->path, name, n) == 0;
}

static bool path_starts(const struct maps_entry *e, const char *prefix)
{
    size_t n = strlen(prefix);
    return e->path_len >= n && memcmp(e->path, prefix, n) == 0;
}

static enum region_kind kind_of(const struct maps_entry *e, const struct program_image *program,
                                uintptr_t address)
{
    if (path_is(e, "[heap]"))
        return REGION_HEAP;
    if (path_is(e, "[stack]") || path_starts(e, "[stack:"))
        return REGION_STACK;
    if (path_is(e, "[vdso]") || path_is(e, "[vvar]") || path_is(e, "[vvar_vclock]") ||
        path_is(e, "[vsyscall]"))
        return REGION_VDSO;

    bool is_program = program != NULL && program->path != NULL && path_is(e, program->path);
    bool nameless = e->path_len == 0;
    if ((is_program || nameless) && program != NULL &&
        address >= program->data_end && address < program->bss_end)
        return REGION_BSS;
    if (is_program) {
        if (e->perms[2] == 'x')
            return REGION_TEXT;
        if (e->perms[1] == 'w')
            return REGION_DATA;
        return REGION_RODATA;
    }
    if (nameless || path_starts(e, "["))
        return REGION_MMAP;
    return REGION_LIB;
}

int classify_address(const char *maps_text, const struct program_image *program,
                     uintptr_t address, struct region *region,
                     char *error, size_t error_size)
{
    memset(region, 0, sizeof *region);
    region->kind = REGION_UNMAPPED;

    const char *line = maps_text;
    for (unsigned number = 1; *line != '\0'; number++) {
        const char *newline = strchr(line, '\n');
        size_t length = newline != NULL ? (size_t)(newline - line) : strlen(line);

        struct maps_entry entry;
        char why[160];
        if (maps_parse_line(line, length, &entry, why, sizeof why) == -1) {
            if (error_size > 0)
                snprintf(error, error_size, "line %u: %s", number, why);
            memset(region, 0, sizeof *region);
            region->kind = REGION_UNMAPPED;
            return -1;
        }
        /* [start, end): the end address belongs to the next mapping, if any. */
        if (region->line == 0 && address >= entry.start && address < entry.end) {
            region->kind = kind_of(&entry, program, address);
            region->entry = entry;
            region->line = number;
        }
        line += length;
        if (*line == '\n')
            line++;
    }
    return 0;
}
