/* classify.h — which region of a process's address space is an address in?
 *
 * Answered from the text of /proc/PID/maps, one line per mapping:
 *
 *   start-end         perms offset   dev   inode      pathname
 *   55d0c2a49000-55d0c2a4a000 r-xp 00001000 fe:00 247134   /usr/bin/prog
 *   7ffd83c84000-7ffd83ca5000 rw-p 00000000 00:00 0        [stack]
 *
 * start is the first address of the mapping, end the first address AFTER it:
 * the range is [start, end), start inclusive, end exclusive.
 *
 * maps alone cannot tell .data from .bss: both live in the program's writable
 * mapping (and, for a large .bss, the nameless mapping right after it). The
 * linker's symbols edata and end (man 3 end) mark where .data stops and where
 * .bss stops, so the caller passes them in struct program_image.
 */
#ifndef CLASSIFY_H
#define CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

/* The regions, from the bottom of the address space to the top (roughly). */
enum region_kind {
    REGION_UNMAPPED, /* no line of the maps text contains the address */
    REGION_TEXT,     /* the program's code: a mapping of the program file with x permission */
    REGION_RODATA,   /* the program's read-only mappings: ELF headers, string literals, constants */
    REGION_DATA,     /* the program's writable mapping, below data_end: initialised globals */
    REGION_BSS,      /* [data_end, bss_end): uninitialised globals, in the program's writable
                        mapping or the nameless mapping right after it */
    REGION_HEAP,     /* [heap]: the area brk/sbrk grows, where small mallocs live */
    REGION_STACK,    /* [stack]: the main thread's stack */
    REGION_MMAP,     /* nameless mappings (and [anon:...] names): large mallocs, thread
                        stacks, mmap(MAP_ANONYMOUS), a library's own .bss */
    REGION_LIB,      /* any other file mapped in: shared libraries, the dynamic loader */
    REGION_VDSO,     /* pages the kernel maps in: [vdso], [vvar], [vvar_vclock], [vsyscall] */
};

/* One line of the maps text, parsed. path points INTO the text (it is a view, not
 * a copy, so no path is ever too long for a buffer) and is not NUL-terminated. */
struct maps_entry {
    uintptr_t start;           /* first address of the mapping (inclusive) */
    uintptr_t end;             /* first address after it (exclusive); start < end */
    char perms[5];             /* e.g. "r-xp": [r-][w-][x-][ps], NUL-terminated */
    unsigned long long offset; /* file offset mapped at start (hex in the text) */
    unsigned long inode;       /* decimal in the text; 0 for anonymous mappings */
    const char *path;          /* the pathname field: everything after the spaces that
                                  follow the inode, to the end of the line */
    size_t path_len;           /* its length; 0 (and path NULL) when the line has none */
};

/* What the classifier must know about the program itself. */
struct program_image {
    const char *path;    /* the program's file as maps names it (readlink /proc/self/exe);
                            NULL: no mapping is recognised as the program's */
    uintptr_t data_end;  /* (uintptr_t)&edata: first address after the initialised data */
    uintptr_t bss_end;   /* (uintptr_t)&end: first address after .bss;
                            both 0: unknown, the writable mapping is all "data" */
};

/* The answer: the kind, and the line that contains the address. */
struct region {
    enum region_kind kind;
    struct maps_entry entry; /* the containing line (all zero when REGION_UNMAPPED) */
    unsigned line;           /* its line number, counting from 1 (0 when REGION_UNMAPPED) */
};

/* maps_parse_line — parse ONE maps line: the `length` bytes at `line` (no '\n',
 * and no NUL needed: never read line[length] or beyond).
 * Returns 0 and fills *entry, or -1 and writes a sentence saying what is wrong
 * into error (at most error_size bytes, NUL-terminated) when the line is malformed:
 * a field missing or not hex/decimal, a number too big for its type,
 * perms not [r-][w-][x-][ps], start not below end. */
int maps_parse_line(const char *line, size_t length, struct maps_entry *entry,
                    char *error, size_t error_size);

/* classify_address — find the line of maps_text (a NUL-terminated string of
 * lines each ended by '\n'; the last '\n' may be missing) whose [start, end)
 * contains address, and name its region with the rules in classify.c.
 * Every line is checked, also those after the one that matches.
 * Returns 0 and fills *region (kind REGION_UNMAPPED if no line contains address),
 * or -1 if a line is malformed, with a sentence in error that starts "line N: ". */
int classify_address(const char *maps_text, const struct program_image *program,
                     uintptr_t address, struct region *region,
                     char *error, size_t error_size);

/* region_name — "text", "rodata", "data", "bss", "heap", "stack", "mmap", "lib",
 * "vdso", or "unmapped". */
const char *region_name(enum region_kind kind);

#endif
