/* heapmap.c — the lecture's pictures of a free list, drawn from real calls.
 *
 * PROVIDED CODE — DO NOT CHANGE. The grader runs its own copy of this file.
 *
 * Demonstrates, on your mm.c (and pool.c), what the lecture draws on the board:
 *   header     a 100-byte request takes 100 + 8 bytes (rounded up to 112 for
 *              alignment): the size lives in the 8 bytes before the payload;
 *   split      a 12 KiB request served from a 15 KiB free block leaves ~3 KiB free;
 *   coalesce   5, 10 and 15 KiB blocks freed one by one become one 30 KiB block
 *              (the rest of the arena is in use), and a 20 KiB request that no
 *              single piece could serve fits;
 *   fragment   10 + 5 + 5 KiB free in pieces: a 15 KiB request fails although
 *              20 KiB are free (external fragmentation) — until the blocks
 *              between them are freed and coalescing joins the pieces;
 *   pool       Part A: equal blocks handed out and taken back, last in first out.
 *
 *   usage: heapmap [-p first|best|worst] header|split|coalesce|fragment|pool
 *
 * Run it (after make):  build/labrun -- build/labs/09-malloc/heapmap split
 * A batch program: it prints and ends; nothing to watch in ps.
 *
 * Output, after every call (the tests read the "row:" lines):
 *   > mm_malloc(12288) = offset 24
 *     row: [used 12304][free 3056][used 1008][free 50152]
 *     map: |##########.....#|..................................................|
 *     heap check: ok
 * The row lists every block in address order (mm_walk), sizes in bytes with
 * the header; the map draws them to scale, '#' used, '.' free.
 */
#include "mm.h"
#include "pool.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_SIZE 65536
#define MAX_BLOCKS 64
#define MAP_WIDTH 72

static alignas(16) char arena[ARENA_SIZE];

static void draw(void)
{
    struct mm_block blocks[MAX_BLOCKS];
    size_t n = mm_walk(blocks, MAX_BLOCKS);
    size_t shown = n < MAX_BLOCKS ? n : MAX_BLOCKS;
    printf("    row:");
    if (n == 0)
        printf(" (mm_walk reports no blocks)");
    printf(" ");
    for (size_t i = 0; i < shown; i++)
        printf("[%s %zu]", blocks[i].used ? "used" : "free", blocks[i].size);
    if (n > shown)
        printf("... %zu more", n - shown);
    printf("\n");
    if (shown > 0) {
        size_t first = blocks[0].offset, last = blocks[shown - 1].offset + blocks[shown - 1].size;
        size_t extent = last > first ? last - first : 1;
        printf("    map: |");
        for (size_t i = 0; i < shown; i++) {
            size_t from = (blocks[i].offset - first) * MAP_WIDTH / extent;
            size_t to = (blocks[i].offset + blocks[i].size - first) * MAP_WIDTH / extent;
            size_t width = to > from + 1 ? to - from - 1 : 1;
            for (size_t k = 0; k < width; k++)
                putchar(blocks[i].used ? '#' : '.');
            putchar('|');
        }
        printf("\n");
    }
    char why[256] = "";
    if (mm_check(why, sizeof why) == 0)
        printf("    heap check: ok\n");
    else
        printf("    heap check: FAILED: %s\n", why);
}

static size_t offset_of(const void *p) { return (size_t)((const char *)p - arena); }

static void *do_malloc(size_t n)
{
    void *p = mm_malloc(n);
    if (p != NULL)
        printf("> mm_malloc(%zu) = offset %zu\n", n, offset_of(p));
    else
        printf("> mm_malloc(%zu) = NULL\n", n);
    draw();
    return p;
}

static void do_free(void *p, const char *name)
{
    printf("> mm_free(%s at offset %zu)\n", name, offset_of(p));
    mm_free(p);
    draw();
}

/* free_pieces — the free blocks' total and largest, as the lecture counts them. */
static void free_pieces(void)
{
    struct mm_block blocks[MAX_BLOCKS];
    size_t n = mm_walk(blocks, MAX_BLOCKS), total = 0, largest = 0, pieces = 0;
    for (size_t i = 0; i < n && i < MAX_BLOCKS; i++)
        if (!blocks[i].used) {
            total += blocks[i].size;
            pieces++;
            if (blocks[i].size > largest)
                largest = blocks[i].size;
        }
    printf("    free: %zu bytes in %zu piece(s), the largest %zu\n", total, pieces, largest);
}

/* need — a step that must succeed for the picture to go on. */
static void *need(void *p, const char *what)
{
    if (p == NULL) {
        fprintf(stderr, "heapmap: %s returned NULL; the picture cannot go on\n", what);
        exit(1);
    }
    return p;
}

#define KIB 1024
/* block_request — the request that takes a block of exactly `block` bytes. */
static size_t block_request(size_t block) { return block - MM_HEADER_SIZE; }

/* fill_rest — use up the free block at the end of the arena, so only the
 * pieces the picture makes are free. */
static void fill_rest(void)
{
    struct mm_block blocks[MAX_BLOCKS];
    size_t n = mm_walk(blocks, MAX_BLOCKS);
    if (n > 0 && n <= MAX_BLOCKS && !blocks[n - 1].used)
        need(do_malloc(block_request(blocks[n - 1].size)), "the rest of the arena");
}

static void scene_header(void)
{
    printf("== a 100-byte request and its header\n");
    char *p = need(do_malloc(100), "mm_malloc(100)");
    size_t header;
    memcpy(&header, p - MM_HEADER_SIZE, sizeof header);
    printf("    header: the 8 bytes before offset %zu hold %#zx: size %zu, used bit %zu\n", offset_of(p), header,
           header & ~(size_t)15, header & MM_USED);
    printf("    100 bytes asked, %zu taken: %d header + 100 payload + %zu padding to a multiple of %d\n",
           header & ~(size_t)15, MM_HEADER_SIZE, (header & ~(size_t)15) - MM_HEADER_SIZE - 100, MM_ALIGNMENT);
    do_free(p, "the 100 bytes");
}

static void scene_split(void)
{
    printf("== split: a 12 KiB request from a 15 KiB free block\n");
    void *a = need(do_malloc(block_request(15 * KIB)), "the 15 KiB block");
    need(do_malloc(1000), "the block after it");
    do_free(a, "the 15 KiB block");
    need(do_malloc(12 * KIB), "mm_malloc(12 KiB)");
}

static void scene_coalesce(void)
{
    printf("== coalesce: 5, 10 and 15 KiB side by side, freed one by one\n");
    void *a = need(do_malloc(block_request(5 * KIB)), "5 KiB");
    void *b = need(do_malloc(block_request(10 * KIB)), "10 KiB");
    void *c = need(do_malloc(block_request(15 * KIB)), "15 KiB");
    need(do_malloc(1000), "the block after them");
    fill_rest();
    do_free(a, "the 5 KiB block");
    do_free(b, "the 10 KiB block");
    do_free(c, "the 15 KiB block");
    free_pieces();
    printf("== a 20 KiB request: no single piece was that large before coalescing\n");
    need(do_malloc(20 * KIB), "mm_malloc(20 KiB)");
}

static void scene_fragment(void)
{
    printf("== external fragmentation: 10 + 5 + 5 KiB free, in pieces\n");
    void *a = need(do_malloc(block_request(10 * KIB)), "10 KiB");
    void *s1 = need(do_malloc(1000), "a separator");
    void *b = need(do_malloc(block_request(5 * KIB)), "5 KiB");
    void *s2 = need(do_malloc(1000), "a separator");
    void *c = need(do_malloc(block_request(5 * KIB)), "5 KiB");
    fill_rest();
    do_free(a, "the 10 KiB block");
    do_free(b, "a 5 KiB block");
    do_free(c, "the other 5 KiB block");
    free_pieces();
    printf("== a 15 KiB request: 20 KiB are free, but no piece is 15 KiB\n");
    void *big = do_malloc(block_request(15 * KIB));
    printf("    15 KiB request: %s\n", big == NULL ? "refused (NULL)" : "served");
    printf("== free the blocks between the pieces: coalescing joins them\n");
    do_free(s1, "the first separator");
    do_free(s2, "the second separator");
    free_pieces();
    big = do_malloc(block_request(15 * KIB));
    printf("    15 KiB request: %s\n", big == NULL ? "refused (NULL)" : "served");
}

static void scene_pool(void)
{
    printf("== Part A: a pool of 8 blocks of 128 bytes\n");
    size_t blocks = pool_init(arena, 8 * 128, 128);
    printf("> pool_init(arena, 1024, 128) = %zu blocks\n", blocks);
    void *got[8];
    for (int i = 0; i < 3; i++) {
        got[i] = pool_alloc();
        if (got[i] == NULL) {
            printf("> pool_alloc() = NULL\n");
            return;
        }
        printf("> pool_alloc() = block %zu\n", offset_of(got[i]) / 128);
    }
    printf("> pool_free(block %zu) = %d\n", offset_of(got[1]) / 128, pool_free(got[1]));
    void *again = pool_alloc();
    if (again != NULL)
        printf("> pool_alloc() = block %zu (the block freed last comes back first)\n", offset_of(again) / 128);
    printf("> pool_free(arena + 5) = %d (not the start of a block: refused)\n", pool_free(arena + 5));
}

int main(int argc, char *argv[])
{
    enum mm_policy policy = MM_BEST_FIT;
    int arg = 1;
    if (argc == 4 && strcmp(argv[1], "-p") == 0) {
        if (strcmp(argv[2], "first") == 0)
            policy = MM_FIRST_FIT;
        else if (strcmp(argv[2], "best") == 0)
            policy = MM_BEST_FIT;
        else if (strcmp(argv[2], "worst") == 0)
            policy = MM_WORST_FIT;
        else
            argc = 0;
        arg = 3;
    }
    if (argc != arg + 1) {
        fprintf(stderr, "usage: heapmap [-p first|best|worst] header|split|coalesce|fragment|pool\n");
        return 2;
    }
    const char *scene = argv[arg];
    setvbuf(stdout, NULL, _IONBF, 0); /* a crash keeps every line printed before it */
    if (strcmp(scene, "pool") == 0) {
        scene_pool();
        return 0;
    }
    if (strcmp(scene, "header") != 0 && strcmp(scene, "split") != 0 && strcmp(scene, "coalesce") != 0 &&
        strcmp(scene, "fragment") != 0) {
        fprintf(stderr, "usage: heapmap [-p first|best|worst] header|split|coalesce|fragment|pool\n");
        return 2;
    }
    if (mm_init(arena, sizeof arena, policy) != 0) {
        fprintf(stderr, "heapmap: mm_init of a %d-byte arena failed\n", ARENA_SIZE);
        return 1;
    }
    printf("heapmap: a %d-byte arena, policy %s\n", ARENA_SIZE, policy == MM_FIRST_FIT ? "first" : policy == MM_WORST_FIT ? "worst" : "best");
    draw();
    if (strcmp(scene, "header") == 0)
        scene_header();
    else if (strcmp(scene, "split") == 0)
        scene_split();
    else if (strcmp(scene, "coalesce") == 0)
        scene_coalesce();
    else
        scene_fragment();
    return 0;
}
