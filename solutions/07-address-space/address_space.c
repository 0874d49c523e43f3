/* address_space.c — where does each variable live? Ask /proc/self/maps.
 *
 * The lecture's exercise, answered by the running process itself:
 *
 *   int x;                                   x    → ?
 *   int main(int argc, char *argv[]) {       main → ?
 *       int y;                               y    → ?
 *       int *z = malloc(sizeof(int));        z    → ?   *z → ?
 *
 * For each, the program prints its address and the region it is in, found by
 * classifying the address against its own /proc/self/maps (classify.c). Past
 * the lecture's table: an initialised global (.data) beside x (.bss), a string
 * literal (read-only data), a large malloc (served by mmap, not the heap), a libc
 * function (a shared library) and the vdso. Then it draws the whole address
 * space, high addresses at the top, with the real addresses and the gaps.
 *
 *   usage: address_space [-s]
 *     -s   stay alive after printing (pause) so the process can be inspected
 *          from outside: cat /proc/PID/maps; stop it with kill PID
 *
 * Output (the tests read these forms):
 *   program PATH, pid P
 *   linker symbols: etext 0xA  edata 0xB  end 0xC
 *     NAME     0xADDRESS  REGION   WHAT                       one line per variable
 *   ...then the picture: lines "ADDRESS +---...---+" at every boundary and
 *   "| REGION SIZE NAME |  <- VARIABLES" inside each box, ": unmapped SIZE :" gaps.
 *   staying alive: pid P                                      with -s, last
 *
 * Run it twice: with PIE and ASLR every address changes from run to run.
 *
 * Build and check:  make grade LAB=07
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "classify.h"

/* The linker defines these (man 3 end): the first address past the text,
 * past the initialised data, and past the uninitialised data (.bss). */
extern char etext, edata, end;

#define BIG_ALLOCATION (256 * 1024) /* above glibc's mmap threshold (128 KiB by default) */

int x;                 /* uninitialised global: .bss, zero-filled at exec */
int initialised = 42;  /* initialised global: .data, its 42 is stored in the file */

/* One thing whose address we look up. */
struct item {
    const char *name;
    uintptr_t address;
    const char *what;
};

/* Provided: DO NOT CHANGE. */
void usage_exit(const char *program)
{
    fprintf(stderr, "usage: %s [-s]   (-s: stay alive for inspection)\n", program);
    exit(2);
}

/* Provided: DO NOT CHANGE — read all of /proc/self/maps into a buffer allocated
 * BEFORE reading, so that reading does not change the mappings it reads. The
 * buffer is large, so malloc serves it with mmap: it shows up in the picture. */
#define MAPS_BUFFER_SIZE (1 << 20) /* /proc/self/maps of this program: a few KiB */
char *read_self_maps(void)
{
    char *text = malloc(MAPS_BUFFER_SIZE);
    if (text == NULL) {
        perror("malloc");
        exit(1);
    }
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        fprintf(stderr, "open /proc/self/maps: %s\n", strerror(errno));
        exit(1);
    }
    size_t used = 0;
    for (;;) {
        if (used == MAPS_BUFFER_SIZE - 1) {
            fprintf(stderr, "/proc/self/maps is larger than %d bytes\n", MAPS_BUFFER_SIZE);
            exit(1);
        }
        ssize_t n = read(fd, text + used, MAPS_BUFFER_SIZE - 1 - used);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "read /proc/self/maps: %s\n", strerror(errno));
            exit(1);
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    if (close(fd) == -1) {
        fprintf(stderr, "close /proc/self/maps: %s\n", strerror(errno));
        exit(1);
    }
    text[used] = '\0';
    return text;
}

/* Provided: DO NOT CHANGE — "4 KiB", "1.2 MiB", "127.9 TiB". */
static const char *human_size(uintptr_t bytes, char *buffer, size_t size)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = (double)bytes;
    int unit = 0;
    while (value >= 1024 && unit < 6) {
        value /= 1024;
        unit++;
    }
    if (unit == 0 || value == (double)(uintptr_t)value)
        snprintf(buffer, size, "%ju %s", (uintmax_t)value, units[unit]);
    else
        snprintf(buffer, size, "%.1f %s", value, units[unit]);
    return buffer;
}

/* ---- Provided: the picture (its boxes, borders and draw_picture). DO NOT CHANGE ---- */

/* A box of the picture: consecutive addresses of one kind (and one file). */
struct box {
    uintptr_t start, end;
    enum region_kind kind;
    const char *path;
    size_t path_len;
};

#define MAX_BOXES 512
#define BOX_WIDTH 46

static void border(uintptr_t address)
{
    printf("%16jx +", (uintmax_t)address);
    for (int i = 0; i < BOX_WIDTH; i++)
        putchar('-');
    printf("+\n");
}

/* Provided: DO NOT CHANGE — draw the address space, high addresses at the top,
 * as the lecture draws it (stack at the top, text at the bottom), with every
 * mapping of maps_text. The program's writable mapping is cut at data_end and
 * bss_end, so .data and .bss get boxes of their own. Each box names the items
 * that live in it. Returns 0, or -1 if maps_text cannot be parsed. */
int draw_picture(const char *maps_text, const struct program_image *program,
                 const struct item *items, size_t n_items)
{
    static struct box boxes[MAX_BOXES];
    size_t n_boxes = 0;
    char error[200];

    /* 1. Cut every mapping into pieces at data_end and bss_end, classify each piece,
     *    and merge it into the box below it when they touch and are of one kind. */
    for (const char *line = maps_text; *line != '\0';) {
        const char *newline = strchr(line, '\n');
        size_t length = newline != NULL ? (size_t)(newline - line) : strlen(line);
        struct maps_entry entry;
        if (maps_parse_line(line, length, &entry, error, sizeof error) == -1) {
            fprintf(stderr, "picture: cannot parse /proc/self/maps: %s\n", error);
            return -1;
        }
        uintptr_t cuts[4] = {entry.start, entry.end, entry.end, entry.end};
        int n_cuts = 1;
        if (program->data_end > entry.start && program->data_end < entry.end)
            cuts[n_cuts++] = program->data_end;
        if (program->bss_end > entry.start && program->bss_end < entry.end)
            cuts[n_cuts++] = program->bss_end;
        cuts[n_cuts] = entry.end;
        for (int i = 0; i < n_cuts; i++) {
            struct region region;
            if (classify_address(maps_text, program, cuts[i], &region, error, sizeof error) == -1) {
                fprintf(stderr, "picture: cannot classify: %s\n", error);
                return -1;
            }
            struct box piece = {cuts[i], cuts[i + 1], region.kind, entry.path, entry.path_len};
            struct box *last = n_boxes > 0 ? &boxes[n_boxes - 1] : NULL;
            bool same_file = last != NULL && last->path_len == piece.path_len &&
                             (piece.path_len == 0 || memcmp(last->path, piece.path, piece.path_len) == 0);
            if (last != NULL && last->end == piece.start && last->kind == piece.kind &&
                (same_file || piece.kind == REGION_BSS)) {
                last->end = piece.end;
            } else if (n_boxes < MAX_BOXES) {
                boxes[n_boxes++] = piece;
            }
        }
        line += length;
        if (*line == '\n')
            line++;
    }

    /* 2. Draw from the top down: a border at every boundary, a dotted gap between
     *    boxes that do not touch. */
    printf("the address space, high addresses at the top:\n");
    for (size_t i = n_boxes; i-- > 0;) {
        const struct box *b = &boxes[i];
        char size[32], label[BOX_WIDTH + 1], vars[128] = "";
        if (i == n_boxes - 1 || boxes[i + 1].start != b->end)
            border(b->end);
        const char *name = b->path;
        size_t name_len = b->path_len;
        const char *slash = name_len > 0 ? memrchr(name, '/', name_len) : NULL;
        if (slash != NULL) {
            name_len -= (size_t)(slash + 1 - name);
            name = slash + 1;
        }
        snprintf(label, sizeof label, " %-6s %10s  %.*s", region_name(b->kind),
                 human_size(b->end - b->start, size, sizeof size), (int)name_len, name ? name : "");
        for (size_t k = 0; k < n_items; k++) {
            if (items[k].address >= b->start && items[k].address < b->end) {
                size_t used = strlen(vars);
                snprintf(vars + used, sizeof vars - used, "%s %s", used == 0 ? "  <-" : "",
                         items[k].name);
            }
        }
        printf("%16s |%-*s|%s\n", "", BOX_WIDTH, label, vars);
        border(b->start);
        if (i > 0 && boxes[i - 1].end != b->start) {
            char gap[32], text[BOX_WIDTH + 1];
            snprintf(text, sizeof text, "    unmapped %s",
                     human_size(b->start - boxes[i - 1].end, gap, sizeof gap));
            printf("%16s :%-*s:\n", "", BOX_WIDTH, text);
        }
    }
    return 0;
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char *argv[])
{
    /* 1. Arguments. */
    bool stay = false;
    int opt;
    while ((opt = getopt(argc, argv, "s")) != -1) {
        switch (opt) {
        case 's': stay = true; break;
        default: usage_exit(argv[0]);
        }
    }
    if (optind != argc)
        usage_exit(argv[0]);

    /* Unbuffered: stdio does not malloc a buffer for stdout later, so the
     * heap does not change after /proc/self/maps is read (and a test reading
     * the output of a paused process sees all of it). */
    setvbuf(stdout, NULL, _IONBF, 0);

    /* 2. The lecture's variables, and more. */
    int y = 7;
    int *z = malloc(sizeof *z);
    char *big = malloc(BIG_ALLOCATION);
    if (z == NULL || big == NULL) {
        perror("malloc");
        exit(1);
    }
    *z = y;
    big[0] = 1; /* touch it: it is memory like any other */
    static const char literal[] = "a string literal";
    const struct item items[] = {
        {"main", (uintptr_t)main, "int main(...)                code"},
        {"literal", (uintptr_t)literal, "static const char literal[]  constant"},
        {"initialised", (uintptr_t)&initialised, "int initialised = 42;        initialised global"},
        {"x", (uintptr_t)&x, "int x;                       uninitialised global"},
        {"*z", (uintptr_t)z, "malloc(sizeof(int))          small allocation"},
        {"*big", (uintptr_t)big, "malloc(256 KiB)              large allocation"},
        {"printf", (uintptr_t)printf, "printf                       libc function"},
        {"vdso", (uintptr_t)getauxval(AT_SYSINFO_EHDR), "the vdso's ELF header        kernel-provided"},
        {"z", (uintptr_t)&z, "int *z;                      local pointer"},
        {"y", (uintptr_t)&y, "int y;                       local variable"},
    };
    const size_t n_items = sizeof items / sizeof items[0];

    /* 3. Who we are: the path maps gives our file, and where .data and .bss end. */
    static char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n == -1) {
        fprintf(stderr, "readlink /proc/self/exe: %s\n", strerror(errno));
        exit(1);
    }
    exe[n] = '\0';
    const struct program_image program = {exe, (uintptr_t)&edata, (uintptr_t)&end};
    printf("program %s, pid %ld\n", exe, (long)getpid());
    printf("linker symbols: etext 0x%016jx  edata 0x%016jx  end 0x%016jx\n",
           (uintmax_t)(uintptr_t)&etext, (uintmax_t)program.data_end, (uintmax_t)program.bss_end);

    /* 4. Read our own maps once everything is allocated, and classify each address. */
    char *maps = read_self_maps();
    printf("where each variable lives (from /proc/self/maps):\n");
    for (size_t k = 0; k < n_items; k++) {
        struct region region;
        char error[200];
        if (classify_address(maps, &program, items[k].address, &region, error, sizeof error) == -1) {
            fprintf(stderr, "classify_address: %s\n", error);
            exit(1);
        }
        printf("  %-12s 0x%016jx  %-8s %s\n", items[k].name, (uintmax_t)items[k].address,
               region_name(region.kind), items[k].what);
    }

    /* 5. The picture. */
    if (draw_picture(maps, &program, items, n_items) == -1)
        exit(1);

    /* 6. Stay for inspection from outside, or clean up and go. */
    if (stay) {
        printf("staying alive: pid %ld\n", (long)getpid());
        for (;;)
            pause(); /* until a signal ends us */
    }
    free(maps);
    free(big);
    free(z);
    return 0;
}
