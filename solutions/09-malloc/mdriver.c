/* mdriver.c — the trace driver: runs allocation traces through your mm.c,
 * checks every payload, and scores it against glibc malloc.
 *
 * PROVIDED CODE — DO NOT CHANGE. The grader runs its own copy of this file.
 *
 * Demonstrates: what an allocator must guarantee (aligned, in-bounds,
 * non-overlapping, intact payloads) and what it trades off: utilization (how
 * much of the memory it touched held live data) against throughput (how fast
 * it answers), the CS:APP malloc lab's measures.
 *
 *   usage: mdriver [-c] [-C] [-p first|best|worst] [-r REPEATS] TRACE...
 *     -c        correctness and utilization only (no timing): what the tests run
 *     -C        also run mm_check after every request (slow; finds the first bad one)
 *     -p        the placement policy given to mm_init (default best)
 *     -r N      timing: the best of N runs of each trace (default 10)
 *
 * Run it (after make):
 *   build/labrun -- build/labs/09-malloc/mdriver -c harness/traces/09-malloc/lecture-*
 *   build/labrun -t 120 -- build/labs/09-malloc/mdriver harness/traces/09-malloc/gen-random.rep
 * It is a batch program: nothing to watch in ps but one process, running.
 *
 * Traces, one request a line ('#' starts a comment):
 *   a ID SIZE     allocate SIZE bytes, call the payload ID
 *   f ID          free payload ID
 *   r ID SIZE     realloc payload ID to SIZE bytes
 *   arena BYTES   (optional, before the requests) the least arena to run it in
 *   weight N      (optional, before the requests) its weight in the score;
 *                 0: checked for correctness, not scored (default 1)
 * or the classic malloc-lab .rep format: four numbers first (suggested heap
 * size, number of ids, number of requests, weight), then the same a/f/r lines.
 *
 * The correctness run, per trace: a fresh mm_init over an arena with an
 * inaccessible page on each side; after each allocation the payload is checked
 * (16-byte aligned, inside the arena, overlapping no live payload) and filled
 * with a pattern of its id; before each free and across each realloc the
 * pattern is verified (a realloc keeps the first min(old, new) bytes); at the
 * end mm_check must pass, and once every payload is freed the heap must be one
 * free block again. The arena is large enough that even an allocator that
 * never reused memory would fit, so mm_malloc returning NULL is a failure.
 * A failure names the trace, the line, the request and the bytes that differ.
 *
 * Utilization = peak live payload / high-water mark (the furthest payload end
 * from the arena start). Throughput = requests per second, the best of -r
 * runs, and the same requests through glibc malloc/free/realloc in the same
 * run. Over the scored traces (weight > 0): U = their mean utilization
 * (weighted), T and T_libc = their total requests / total time, and the index
 * P = 100 * (0.6 * U + 0.4 * min(1, T / T_libc)). A trace of weight 0 (the
 * lecture's pictures, edge cases: tiny payloads, where headers dominate) is
 * checked and its utilization shown, but it is not timed or scored.
 */
/* Debug info without variable-location tracking: with it, the assembly gcc
 * writes for this file at -O1 -g exceeds the grader's 256 KiB file-size limit
 * for the build (harness/grade-lab runs it under labrun -o 262144). */
#pragma GCC optimize("no-var-tracking", "no-var-tracking-assignments")

#include "mm.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

enum op_kind { OP_ALLOC, OP_FREE, OP_REALLOC };

struct op {
    enum op_kind kind;
    size_t id;
    size_t size;
    int line;
};

struct trace {
    const char *path;
    const char *name; /* the file name, for the report */
    struct op *ops;
    size_t count;
    size_t ids;       /* ids are 0 .. ids - 1 */
    size_t arena;     /* the arena it runs in */
    size_t weight;    /* in the score; 0: correctness only */
    char **lines;     /* the text of each line, for messages */
    int line_count;
};

struct result {
    int ok;
    double util;
    double mm_seconds;
    double libc_seconds;
    size_t high_water;
};

/* ---- what the crash handler reports (async-signal-safe: write only) ---- */
static volatile sig_atomic_t current_line;
static const char *volatile current_trace;
static const char *volatile current_call;

static void write_text(const char *s) { (void)!write(STDERR_FILENO, s, strlen(s)); }

static void on_crash(int sig)
{
    char number[24];
    int n = sizeof number;
    long line = current_line;
    number[--n] = '\0';
    do {
        number[--n] = (char)('0' + line % 10);
        line /= 10;
    } while (line > 0 && n > 0);
    write_text("mdriver: FAIL: ");
    write_text(current_trace ? current_trace : "?");
    write_text(", line ");
    write_text(&number[n]);
    write_text(": the program crashed with ");
    write_text(sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : "a signal");
    write_text(" in ");
    write_text(current_call ? current_call : "the driver");
    write_text(" (a bad pointer: a header read or written in the wrong place?)\n");
    _exit(3);
}

/* ---- reading traces ---------------------------------------------------------- */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mdriver: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static char *strip(char *s)
{
    char *hash = strchr(s, '#');
    if (hash)
        *hash = '\0';
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int parse_size(const char *word, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(word, &end, 10);
    if (errno != 0 || end == word || *end != '\0' || word[0] == '-' || v > SIZE_MAX / 4)
        return -1;
    *out = (size_t)v;
    return 0;
}

static size_t block_for(size_t n)
{
    size_t s = (n + MM_HEADER_SIZE + MM_ALIGNMENT - 1) / MM_ALIGNMENT * MM_ALIGNMENT;
    return s < MM_MIN_BLOCK ? MM_MIN_BLOCK : s;
}

static void read_trace(const char *path, struct trace *t)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        die("cannot open %s: %s", path, strerror(errno));
    memset(t, 0, sizeof *t);
    t->path = path;
    const char *slash = strrchr(path, '/');
    t->name = slash ? slash + 1 : path;
    size_t capacity = 0, line_capacity = 0, header_numbers = 0, stated_arena = 0, total_blocks = 0;
    int rep = -1; /* unknown until the first significant line */
    t->weight = 1;
    char *line = NULL;
    size_t line_size = 0;
    int number = 0;
    while (getline(&line, &line_size, f) != -1) {
        number++;
        if ((size_t)number > line_capacity) {
            line_capacity = line_capacity ? 2 * line_capacity : 256;
            t->lines = realloc(t->lines, line_capacity * sizeof *t->lines);
            if (t->lines == NULL)
                die("realloc: %s", strerror(errno));
        }
        char *text = strip(line);
        t->lines[number - 1] = strdup(text);
        if (t->lines[number - 1] == NULL)
            die("strdup: %s", strerror(errno));
        t->line_count = number;
        if (*text == '\0')
            continue;
        char kind[16], a[32], b[32], extra[2];
        int words = sscanf(text, "%15s %31s %31s %1s", kind, a, b, extra);
        if (rep == -1)
            rep = words == 1 && kind[0] >= '0' && kind[0] <= '9';
        if (rep && header_numbers < 4) {
            size_t v;
            if (words != 1 || parse_size(kind, &v) != 0)
                die("%s:%d: a .rep trace starts with four numbers, one a line", path, number);
            if (header_numbers == 0)
                stated_arena = v;
            if (header_numbers == 3)
                t->weight = v;
            header_numbers++;
            continue;
        }
        if (strcmp(kind, "arena") == 0 && words == 2 && t->count == 0) {
            if (parse_size(a, &stated_arena) != 0)
                die("%s:%d: arena wants a number of bytes", path, number);
            continue;
        }
        if (strcmp(kind, "weight") == 0 && words == 2 && t->count == 0) {
            if (parse_size(a, &t->weight) != 0)
                die("%s:%d: weight wants a number", path, number);
            continue;
        }
        struct op op = {.line = number};
        size_t id;
        if (strcmp(kind, "a") == 0 && words == 3) {
            op.kind = OP_ALLOC;
        } else if (strcmp(kind, "r") == 0 && words == 3) {
            op.kind = OP_REALLOC;
        } else if (strcmp(kind, "f") == 0 && words == 2) {
            op.kind = OP_FREE;
        } else {
            die("%s:%d: expected 'a ID SIZE', 'f ID' or 'r ID SIZE', not \"%s\"", path, number, text);
        }
        if (parse_size(a, &id) != 0 || id > 10000000)
            die("%s:%d: bad id \"%s\"", path, number, a);
        if (op.kind != OP_FREE && (parse_size(b, &op.size) != 0 || op.size > ((size_t)1 << 28)))
            die("%s:%d: bad size \"%s\"", path, number, b);
        op.id = id;
        if (id + 1 > t->ids)
            t->ids = id + 1;
        if (op.kind != OP_FREE)
            total_blocks += block_for(op.size);
        if (t->count == capacity) {
            capacity = capacity ? 2 * capacity : 1024;
            t->ops = realloc(t->ops, capacity * sizeof *t->ops);
            if (t->ops == NULL)
                die("realloc: %s", strerror(errno));
        }
        t->ops[t->count++] = op;
    }
    if (ferror(f))
        die("reading %s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    if (t->count == 0)
        die("%s: no requests", path);
    /* Room for every block the trace ever asks for, never reused, plus the
     * allocator's own ends: running out is a bug, not bad luck. */
    t->arena = total_blocks + 4096;
    if (stated_arena > t->arena)
        t->arena = stated_arena;
    t->arena = (t->arena + 4095) / 4096 * 4096;
}

/* ---- the arena: guard pages on both sides ---------------------------------- */

static char *arena_map(size_t size, size_t *mapped)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        page = 4096;
    size_t total = size + 2 * (size_t)page;
    char *m = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        die("mmap of a %zu-byte arena: %s", size, strerror(errno));
    if (mprotect(m + page, size, PROT_READ | PROT_WRITE) == -1)
        die("mprotect: %s", strerror(errno));
    *mapped = total;
    return m + page;
}

static void arena_unmap(char *arena, size_t mapped)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        page = 4096;
    if (munmap(arena - page, mapped) == -1)
        die("munmap: %s", strerror(errno));
}

/* ---- the correctness run ------------------------------------------------------- */

static inline unsigned char pattern(size_t id, size_t i)
{
    uint32_t h = (uint32_t)(id * 2654435761u) ^ (uint32_t)(i * 0x9E3779B1u + (i >> 8));
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return (unsigned char)h;
}

static struct trace *failing;
static int fail_line;

/* report — the first failure of a trace: its name, the line and its text. */
static void report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (fail_line > 0 && fail_line <= failing->line_count)
        fprintf(stderr, "mdriver: FAIL: %s, line %d \"%s\": ", failing->name, fail_line, failing->lines[fail_line - 1]);
    else
        fprintf(stderr, "mdriver: FAIL: %s: ", failing->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* verify — the first `length` bytes of id's payload still carry its pattern. */
static int verify(const unsigned char *p, size_t id, size_t length, const char *when)
{
    size_t first = length, differ = 0;
    for (size_t i = 0; i < length; i++)
        if (p[i] != pattern(id, i)) {
            if (first == length)
                first = i;
            differ++;
        }
    if (differ == 0)
        return 0;
    report("%s: %zu of its %zu bytes differ, the first at byte %zu:", when, differ, length, first);
    size_t from = first, to = first + 16 < length ? first + 16 : length;
    fprintf(stderr, "  bytes %zu..%zu expected:", from, to - 1);
    for (size_t i = from; i < to; i++)
        fprintf(stderr, " %02x", pattern(id, i));
    fprintf(stderr, "\n  bytes %zu..%zu found:   ", from, to - 1);
    for (size_t i = from; i < to; i++)
        fprintf(stderr, " %02x", p[i]);
    fputc('\n', stderr);
    return -1;
}

/* claim — check a new payload of id: aligned, in the arena, overlapping no
 * live payload (owner map: one entry per 16 bytes of arena). */
static int claim(char *arena, size_t arena_size, uint32_t *owner, char *p, size_t size, size_t id,
                 const char *call)
{
    if ((uintptr_t)p % MM_ALIGNMENT != 0) {
        report("%s returned %p, not %d-byte aligned (offset %td in the arena)", call, (void *)p, MM_ALIGNMENT,
               p - arena);
        return -1;
    }
    if (p < arena || (size_t)(p - arena) > arena_size || size > arena_size - (size_t)(p - arena)) {
        report("%s returned %p: the %zu-byte payload is not inside the arena [%p, %p)", call, (void *)p, size,
               (void *)arena, (void *)(arena + arena_size));
        return -1;
    }
    size_t from = (size_t)(p - arena) / MM_ALIGNMENT, to = ((size_t)(p - arena) + size + MM_ALIGNMENT - 1) / MM_ALIGNMENT;
    for (size_t g = from; g < to; g++)
        if (owner[g] != 0 && owner[g] != id + 1) {
            report("%s returned offset %td, whose %zu bytes overlap the live payload of id %u", call, p - arena, size,
                   owner[g] - 1);
            return -1;
        }
    for (size_t g = from; g < to; g++)
        owner[g] = (uint32_t)(id + 1);
    return 0;
}

static void release(char *arena, uint32_t *owner, char *p, size_t size)
{
    size_t from = (size_t)(p - arena) / MM_ALIGNMENT, to = ((size_t)(p - arena) + size + MM_ALIGNMENT - 1) / MM_ALIGNMENT;
    for (size_t g = from; g < to; g++)
        owner[g] = 0;
}

static int check_heap(int check_every, const char *when)
{
    char why[256] = "";
    (void)check_every;
    if (mm_check(why, sizeof why) != 0) {
        report("mm_check finds the heap inconsistent %s: %s", when, why);
        return -1;
    }
    return 0;
}

static void correctness(struct trace *t, enum mm_policy policy, int check_every, struct result *r)
{
    size_t mapped;
    char *arena = arena_map(t->arena, &mapped);
    uint32_t *owner = calloc(t->arena / MM_ALIGNMENT + 1, sizeof *owner);
    char **ptr = calloc(t->ids, sizeof *ptr);
    size_t *size = calloc(t->ids, sizeof *size);
    if (owner == NULL || ptr == NULL || size == NULL)
        die("calloc: %s", strerror(errno));
    failing = t;
    fail_line = 0;
    current_trace = t->name;
    r->ok = 0;
    size_t live = 0, peak = 0, high = 0;
    char call[96];

    current_call = "mm_init";
    if (mm_init(arena, t->arena, policy) != 0) {
        report("mm_init of a %zu-byte arena returned -1", t->arena);
        goto out;
    }
    for (size_t k = 0; k < t->count; k++) {
        struct op *op = &t->ops[k];
        size_t id = op->id;
        fail_line = current_line = op->line;
        if (op->kind == OP_ALLOC) {
            if (ptr[id] != NULL) {
                report("the trace allocates id %zu, which is still allocated", id);
                goto out;
            }
            snprintf(call, sizeof call, "mm_malloc(%zu)", op->size);
            current_call = call;
            char *p = mm_malloc(op->size);
            if (p == NULL) {
                report("%s returned NULL, but the %zu-byte arena has room for every block of the trace",
                       call, t->arena);
                goto out;
            }
            if (claim(arena, t->arena, owner, p, op->size, id, call) != 0)
                goto out;
            for (size_t i = 0; i < op->size; i++)
                p[i] = (char)pattern(id, i);
            ptr[id] = p;
            size[id] = op->size;
            live += op->size;
        } else if (op->kind == OP_FREE) {
            if (ptr[id] == NULL) {
                report("the trace frees id %zu, which is not allocated", id);
                goto out;
            }
            char when[192];
            snprintf(when, sizeof when, "before mm_free, the payload of id %zu", id);
            if (verify((unsigned char *)ptr[id], id, size[id], when) != 0)
                goto out;
            release(arena, owner, ptr[id], size[id]);
            current_call = "mm_free";
            mm_free(ptr[id]);
            live -= size[id];
            ptr[id] = NULL;
            size[id] = 0;
        } else {
            char when[192];
            if (ptr[id] != NULL) {
                snprintf(when, sizeof when, "before mm_realloc, the payload of id %zu", id);
                if (verify((unsigned char *)ptr[id], id, size[id], when) != 0)
                    goto out;
            }
            snprintf(call, sizeof call, "mm_realloc(id %zu, %zu)", id, op->size);
            current_call = call;
            char *old = ptr[id];
            char *p = mm_realloc(old, op->size);
            if (p == NULL) {
                report("%s returned NULL, but the %zu-byte arena has room for every block of the trace", call,
                       t->arena);
                goto out;
            }
            if (old != NULL)
                release(arena, owner, old, size[id]);
            if (claim(arena, t->arena, owner, p, op->size, id, call) != 0)
                goto out;
            size_t keep = size[id] < op->size ? size[id] : op->size;
            snprintf(when, sizeof when, "after %s, its first %zu bytes", call, keep);
            if (verify((unsigned char *)p, id, keep, when) != 0)
                goto out;
            for (size_t i = keep; i < op->size; i++)
                p[i] = (char)pattern(id, i);
            live = live - size[id] + op->size;
            ptr[id] = p;
            size[id] = op->size;
        }
        if (op->kind != OP_FREE) {
            size_t end = (size_t)(ptr[id] - arena) + size[id];
            if (end > high)
                high = end;
        }
        if (live > peak)
            peak = live;
        if (check_every) {
            current_call = "mm_check";
            if (check_heap(1, "after this request") != 0)
                goto out;
        }
    }
    fail_line = 0;
    current_line = 0;
    current_call = "mm_check";
    if (check_heap(0, "at the end of the trace") != 0)
        goto out;
    for (size_t id = 0; id < t->ids; id++) {
        if (ptr[id] == NULL)
            continue;
        char when[192];
        snprintf(when, sizeof when, "at the end, before mm_free, the payload of id %zu", id);
        if (verify((unsigned char *)ptr[id], id, size[id], when) != 0)
            goto out;
        current_call = "mm_free";
        mm_free(ptr[id]);
        ptr[id] = NULL;
    }
    current_call = "mm_check";
    if (check_heap(0, "once every payload is freed") != 0)
        goto out;
    current_call = "mm_walk";
    struct mm_block blocks[4];
    size_t n = mm_walk(blocks, 4);
    if (n != 1 || blocks[0].used) {
        report("once every payload is freed the heap should be one free block, but mm_walk finds %zu block(s)%s "
               "(a free block not merged with a free neighbour?)", n, n >= 1 && blocks[0].used ? ", the first used" : "");
        goto out;
    }
    r->ok = 1;
    r->high_water = high;
    r->util = high > 0 ? (double)peak / (double)high : 1.0;
out:
    current_call = NULL;
    free(owner);
    free(ptr);
    free(size);
    arena_unmap(arena, mapped);
}

/* ---- the timing runs -------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
        die("clock_gettime: %s", strerror(errno));
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double time_mm(struct trace *t, enum mm_policy policy, char *arena, void **ptr)
{
    double start = now();
    if (mm_init(arena, t->arena, policy) != 0)
        die("mm_init failed in the timing run of %s", t->name);
    for (size_t k = 0; k < t->count; k++) {
        struct op *op = &t->ops[k];
        switch (op->kind) {
        case OP_ALLOC: ptr[op->id] = mm_malloc(op->size); break;
        case OP_FREE: mm_free(ptr[op->id]); ptr[op->id] = NULL; break;
        case OP_REALLOC: ptr[op->id] = mm_realloc(ptr[op->id], op->size); break;
        }
    }
    return now() - start;
}

static double time_libc(struct trace *t, void **ptr)
{
    double start = now();
    for (size_t k = 0; k < t->count; k++) {
        struct op *op = &t->ops[k];
        switch (op->kind) {
        case OP_ALLOC: ptr[op->id] = malloc(op->size); break;
        case OP_FREE: free(ptr[op->id]); ptr[op->id] = NULL; break;
        case OP_REALLOC: ptr[op->id] = realloc(ptr[op->id], op->size); break;
        }
    }
    double took = now() - start;
    for (size_t id = 0; id < t->ids; id++) {
        free(ptr[id]);
        ptr[id] = NULL;
    }
    return took;
}

static void timing(struct trace *t, enum mm_policy policy, int repeats, struct result *r)
{
    size_t mapped;
    char *arena = arena_map(t->arena, &mapped);
    void **ptr = calloc(t->ids, sizeof *ptr);
    if (ptr == NULL)
        die("calloc: %s", strerror(errno));
    /* Touch the pages the allocator will use, so both sides run on warm memory. */
    memset(arena, 0, r->high_water + 4096 < t->arena ? r->high_water + 4096 : t->arena);
    double best_mm = 1e30, best_libc = 1e30;
    for (int i = 0; i < repeats; i++) {
        double s = time_libc(t, ptr);
        if (s < best_libc)
            best_libc = s;
        s = time_mm(t, policy, arena, ptr);
        if (s < best_mm)
            best_mm = s;
    }
    r->mm_seconds = best_mm;
    r->libc_seconds = best_libc;
    free(ptr);
    arena_unmap(arena, mapped);
}

/* ---- main ----------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "usage: mdriver [-c] [-C] [-p first|best|worst] [-r REPEATS] TRACE...\n");
    exit(2);
}

int main(int argc, char *argv[])
{
    int correctness_only = 0, check_every = 0, repeats = 10, opt;
    enum mm_policy policy = MM_BEST_FIT;
    const char *policy_name = "best";
    while ((opt = getopt(argc, argv, "cCp:r:")) != -1) {
        switch (opt) {
        case 'c': correctness_only = 1; break;
        case 'C': check_every = 1; break;
        case 'p':
            policy_name = optarg;
            if (strcmp(optarg, "first") == 0)
                policy = MM_FIRST_FIT;
            else if (strcmp(optarg, "best") == 0)
                policy = MM_BEST_FIT;
            else if (strcmp(optarg, "worst") == 0)
                policy = MM_WORST_FIT;
            else
                usage();
            break;
        case 'r':
            repeats = atoi(optarg);
            if (repeats < 1 || repeats > 1000)
                usage();
            break;
        default: usage();
        }
    }
    if (optind >= argc)
        usage();

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, NULL) == -1 || sigaction(SIGBUS, &sa, NULL) == -1)
        die("sigaction: %s", strerror(errno));

    printf("mdriver: policy %s, %d trace(s)%s\n", policy_name, argc - optind,
           correctness_only ? ", correctness and utilization only" : "");
    if (correctness_only)
        printf("%-28s %8s %7s  %s\n", "trace", "requests", "util", "result");
    else
        printf("%-28s %8s %7s %10s %10s %6s %6s\n", "trace", "requests", "util", "mm op/s", "libc op/s", "ratio", "index");
    fflush(stdout);

    int failures = 0, scored = 0;
    double util_sum = 0, weight_sum = 0, mm_time = 0, libc_time = 0;
    size_t total_ops = 0;
    for (int a = optind; a < argc; a++) {
        struct trace t;
        read_trace(argv[a], &t);
        struct result r = {0};
        correctness(&t, policy, check_every, &r);
        if (!r.ok) {
            failures++;
            printf("%-28s %8zu %7s  FAIL (see above)\n", t.name, t.count, "-");
        } else if (correctness_only || t.weight == 0) {
            printf("%-28s %8zu %6.1f%%  ok%s\n", t.name, t.count, 100 * r.util, t.weight == 0 ? " (not scored)" : "");
        } else {
            timing(&t, policy, repeats, &r);
            double mm_rate = (double)t.count / r.mm_seconds, libc_rate = (double)t.count / r.libc_seconds;
            double ratio = mm_rate / libc_rate;
            double index = 100 * (0.6 * r.util + 0.4 * (ratio < 1 ? ratio : 1));
            printf("%-28s %8zu %6.1f%% %10.3g %10.3g %6.2f %6.1f\n", t.name, t.count, 100 * r.util, mm_rate,
                   libc_rate, ratio, index);
            mm_time += r.mm_seconds * (double)t.weight;
            libc_time += r.libc_seconds * (double)t.weight;
        }
        fflush(stdout);
        if (r.ok && t.weight > 0) {
            scored++;
            util_sum += r.util * (double)t.weight;
            weight_sum += (double)t.weight;
            total_ops += t.count * t.weight;
        }
        for (int i = 0; i < t.line_count; i++)
            free(t.lines[i]);
        free(t.lines);
        free(t.ops);
    }
    if (scored > 0 && failures == 0) {
        double util = util_sum / weight_sum;
        if (correctness_only) {
            printf("%-28s %8zu %6.1f%%  mean over %d scored trace(s)\n", "all", total_ops, 100 * util, scored);
        } else {
            double mm_rate = (double)total_ops / mm_time, libc_rate = (double)total_ops / libc_time;
            double ratio = mm_rate / libc_rate;
            double index = 100 * (0.6 * util + 0.4 * (ratio < 1 ? ratio : 1));
            printf("%-28s %8zu %6.1f%% %10.3g %10.3g %6.2f %6.1f\n", "all", total_ops, 100 * util, mm_rate, libc_rate,
                   ratio, index);
            printf("index P = 100 * (0.6 * U + 0.4 * min(1, T / T_libc)) = %.1f  (U %.1f%%, T/T_libc %.2f, policy %s)\n",
                   index, 100 * util, ratio, policy_name);
        }
    }
    if (failures > 0)
        printf("mdriver: %d of %d trace(s) failed\n", failures, argc - optind);
    return failures > 0 ? 1 : 0;
}
