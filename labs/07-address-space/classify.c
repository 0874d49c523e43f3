/* classify.c — parse /proc/PID/maps text and name the region an address is in.
 *
 * Your work: maps_parse_line and classify_address (contracts in classify.h).
 * Build and check:  make grade LAB=07   (unit tests: harness/unit/07-address-space)
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

/* maps_parse_line — see classify.h for the contract. A line looks like
 *   55d0c2a49000-55d0c2a4a000 r-xp 00001000 fe:00 247134     /usr/bin/prog
 * fields: start-end (hex), perms, offset (hex), dev MAJOR:MINOR (hex), inode
 * (decimal), then spaces and the pathname up to the end of the line — a path
 * may contain spaces and be thousands of characters long; anonymous mappings
 * have none (the kernel may still leave a trailing space).
 * Read only the `length` bytes at `line`: the line is not NUL-terminated, so
 * strtoul/sscanf on it may run past its end (they stop only at a non-digit).
 * TODO(student): write it. */
int maps_parse_line(const char *line, size_t length, struct maps_entry *entry,
                    char *error, size_t error_size)
{
    (void)line;
    (void)length;
    (void)entry;
    if (error_size > 0)
        snprintf(error, error_size, "maps_parse_line: not implemented yet");
    return -1;
}

/* classify_address — see classify.h for the contract, and the rules at the top
 * of this file. Split maps_text into lines, parse each with maps_parse_line,
 * and remember the first line with start <= address < end.
 * TODO(student): write it. */
int classify_address(const char *maps_text, const struct program_image *program,
                     uintptr_t address, struct region *region,
                     char *error, size_t error_size)
{
    (void)maps_text;
    (void)program;
    (void)address;
    memset(region, 0, sizeof *region);
    region->kind = REGION_UNMAPPED;
    if (error_size > 0)
        snprintf(error, error_size, "classify_address: not implemented yet");
    return -1;
}
