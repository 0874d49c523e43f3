/* test_mm.c — unit tests of Part B, the variable-size allocator (lab 09, mm.h).
 * Every arena sits right before an inaccessible page (and after one): a byte
 * touched outside it crashes that test alone. Expected sizes come from the
 * rule of mm.h, never from the allocator: block(n) = max(32, round_up(n + 8, 16)). */
#include <check.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "mm.h"

#define ARENA 65536
#define MAX_BLOCKS 256

static char *arena;
static struct mm_block blocks[MAX_BLOCKS];
static char why[256];

static size_t block(size_t n)
{
    size_t s = (n + MM_HEADER_SIZE + MM_ALIGNMENT - 1) / MM_ALIGNMENT * MM_ALIGNMENT;
    return s < MM_MIN_BLOCK ? MM_MIN_BLOCK : s;
}

/* request — the request that takes a block of exactly `size` bytes. */
static size_t request(size_t size) { return size - MM_HEADER_SIZE; }

static void start(enum mm_policy policy)
{
    arena = guarded_arena(ARENA);
    ck_assert_msg(mm_init(arena, ARENA, policy) == 0, "mm_init of a %d-byte arena should return 0.", ARENA);
}

/* walk — mm_walk into blocks[]; the count. */
static size_t walk(void)
{
    size_t n = mm_walk(blocks, MAX_BLOCKS);
    ck_assert_msg(n <= MAX_BLOCKS, "mm_walk reports %zu blocks, more than this test ever makes.", n);
    return n;
}

/* row — the blocks as "[used 112][free 65392]", for messages. */
static const char *row(void)
{
    static char text[2048];
    size_t n = mm_walk(blocks, MAX_BLOCKS), used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n && i < MAX_BLOCKS && used + 40 < sizeof text; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "[%s %zu @%zu]", blocks[i].used ? "used" : "free",
                                 blocks[i].size, blocks[i].offset);
    return n == 0 ? "(mm_walk reports no block)" : text;
}

/* index_of — the block whose payload is p, or -1. */
static long index_of(const void *p)
{
    size_t n = walk();
    for (size_t i = 0; i < n; i++)
        if (arena + blocks[i].offset + MM_HEADER_SIZE == (const char *)p)
            return (long)i;
    return -1;
}

static void expect_checks(const char *when)
{
    why[0] = '\0';
    ck_assert_msg(mm_check(why, sizeof why) == 0, "mm_check should find the heap consistent %s, but says: %s (heap: %s)",
                  when, why, row());
}

/* expect_damage — mm_check returns -1 and says why in a readable sentence; cut to one
 * byte, the sentence is the empty string. */
static void expect_damage(const char *what)
{
    memset(why, 'x', sizeof why);
    ck_assert_msg(mm_check(why, sizeof why) == -1, "%s: mm_check should return -1 (heap: %s).", what, row());
    size_t letters = 0, k = 0;
    while (k < sizeof why && why[k] != '\0' && isprint((unsigned char)why[k]))
        letters += isalpha((unsigned char)why[k++]) != 0;
    ck_assert_msg(k < sizeof why && why[k] == '\0' && letters > 0,
                  "%s: mm_check's reason should be a sentence of printable characters, not \"%.*s\".", what, (int)k, why);
    why[0] = 'x';
    ck_assert_msg(mm_check(why, 1) == -1 && why[0] == '\0',
                  "%s: mm_check(why, 1) should return -1 with the reason cut to 1 byte: the empty string.", what);
}

static char *must_malloc(size_t n)
{
    char *p = mm_malloc(n);
    ck_assert_msg(p != NULL, "mm_malloc(%zu) should succeed in a %d-byte arena (heap: %s).", n, ARENA, row());
    return p;
}

/* fill_rest — allocate the last free block whole, so no free space is left at the end. */
static char *fill_rest(void)
{
    size_t n = walk();
    ck_assert_msg(n > 0 && !blocks[n - 1].used, "The heap should end in a free block here: %s", row());
    return must_malloc(request(blocks[n - 1].size));
}

/* Before any mm_init (a Check test runs in a fresh process): there is no heap. */
/* Requirement: R12 */
START_TEST(test_mm_before_init)
{
    struct mm_block list[2];
    ck_assert_msg(mm_walk(list, 2) == 0, "Before mm_init there is no heap: mm_walk should report 0 blocks.");
    ck_assert_msg(mm_free_list(list, 2) == 0, "Before mm_init there is no heap: mm_free_list should report 0 blocks.");
    ck_assert_msg(mm_malloc(16) == NULL, "Before mm_init there is no heap: mm_malloc should return NULL.");
    expect_damage("Before mm_init");
    start(MM_BEST_FIT);
    ck_assert_msg(mm_walk(list, 2) == 1 && mm_free_list(list, 2) == 1,
                  "After mm_init the heap is one free block: mm_walk and mm_free_list should each report 1: %s", row());
    expect_checks("right after mm_init");
}
END_TEST

/* Requirement: R4 */
START_TEST(test_mm_init_one_free_block)
{
    arena = guarded_arena(ARENA);
    ck_assert_msg(mm_init(NULL, ARENA, MM_BEST_FIT) == -1, "mm_init(NULL, ...) should return -1.");
    ck_assert_msg(mm_init(arena + ARENA - 16, 16, MM_BEST_FIT) == -1, "A 16-byte arena holds no 32-byte block: mm_init should return -1.");
    ck_assert_msg(mm_init(arena, ARENA, (enum mm_policy)42) == -1, "An unknown policy should make mm_init return -1.");
    ck_assert_msg(mm_init(arena + 3, ARENA - 3, MM_FIRST_FIT) == 0, "mm_init of an arena at an odd address should work.");
    size_t n = walk();
    ck_assert_msg(n == 1 && !blocks[0].used, "After mm_init the heap should be one free block, not: %s", row());
    ck_assert_msg(blocks[0].size % MM_ALIGNMENT == 0 && blocks[0].size >= ARENA - 64 && blocks[0].size <= ARENA - 3,
                  "The free block should take nearly all of the %d bytes (a multiple of 16), not %zu.", ARENA - 3, blocks[0].size);
    char *p = must_malloc(1);
    ck_assert_msg((uintptr_t)p % MM_ALIGNMENT == 0, "Even in an arena at an odd address, payloads are 16-byte aligned.");
    expect_checks("after mm_init");
    ck_assert_msg(mm_init(arena, SIZE_MAX, MM_BEST_FIT) == -1,
                  "mm_init(arena, SIZE_MAX, ...): an arena that runs past the end of the address space: -1.");
}
END_TEST

/* The smallest arena mm_init accepts, at each of the 16 alignments of its start: the
 * free block stays inside the arena (the bytes around it untouched), and an arena is
 * refused only when it is too small for one MM_MIN_BLOCK block after what the
 * allocator keeps at its ends, which the test learns from larger arenas. */
#define TINY_MAX 160
/* Requirement: R4 */
START_TEST(test_mm_init_smallest_arena)
{
    char *region = guarded_arena(2 * TINY_MAX);
    for (size_t k = 0; k < MM_ALIGNMENT; k++) {
        /* at: k bytes past a multiple of 16, with room before and after it in region */
        char *at = (char *)(((uintptr_t)region + 2 * MM_ALIGNMENT - 1) & ~(uintptr_t)(MM_ALIGNMENT - 1)) + k;
        size_t smallest = 0, front = 0, least_tail = SIZE_MAX;
        for (size_t size = 1; size <= TINY_MAX; size++) {
            memset(region, 0x5a, 2 * TINY_MAX);
            if (mm_init(at, size, MM_FIRST_FIT) != 0)
                continue;
            char *c = region;
            while (c < region + 2 * TINY_MAX && ((c >= at && c < at + size) || *c == 0x5a))
                c++;
            ck_assert_msg(c == region + 2 * TINY_MAX,
                          "mm_init of a %zu-byte arena at an address %zu past a multiple of 16 wrote the byte %td "
                          "bytes from the arena's start, outside it.", size, k, c - at);
            size_t n = walk();
            ck_assert_msg(n == 1 && !blocks[0].used && blocks[0].offset < size && blocks[0].size <= size - blocks[0].offset,
                          "mm_init of a %zu-byte arena (%zu past a multiple of 16) should make one free block inside "
                          "it: %s", size, k, row());
            ck_assert_msg((uintptr_t)(at + blocks[0].offset + MM_HEADER_SIZE) % MM_ALIGNMENT == 0,
                          "The free block's payload should be 16-byte aligned (arena %zu past a multiple of 16): %s", k, row());
            if (smallest == 0) {
                smallest = size;
                front = blocks[0].offset;
                ck_assert_msg(blocks[0].size == MM_MIN_BLOCK,
                              "The smallest arena mm_init accepts (%zu bytes, %zu past a multiple of 16) should hold one "
                              "%d-byte block: one %zu bytes shorter would still hold a block: %s", size, k, MM_MIN_BLOCK,
                              blocks[0].size - MM_MIN_BLOCK, row());
            }
            ck_assert_msg(blocks[0].offset == front, "At the same address the free block should start at the same "
                          "offset: %zu in a %zu-byte arena, %zu in a %zu-byte one.", front, smallest, blocks[0].offset, size);
            size_t tail = size - blocks[0].offset - blocks[0].size;
            least_tail = tail < least_tail ? tail : least_tail;
        }
        ck_assert_msg(smallest > 0, "mm_init accepted no arena of up to %d bytes (%zu past a multiple of 16).", TINY_MAX, k);
        ck_assert_msg(smallest == front + MM_MIN_BLOCK + least_tail,
                      "At %zu past a multiple of 16, mm_init keeps %zu bytes before its block and (at least) %zu after "
                      "it, so %zu bytes hold a %d-byte block; but it refused every arena under %zu bytes.", k, front,
                      least_tail, front + MM_MIN_BLOCK + least_tail, MM_MIN_BLOCK, smallest);
    }
}
END_TEST

/* Requirement: R5 */
START_TEST(test_mm_header_holds_size)
{
    start(MM_BEST_FIT);
    size_t sizes[] = {100, 1, 24, 25, 40, 1000, 4096};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char *p = must_malloc(sizes[i]);
        size_t h;
        memcpy(&h, p - MM_HEADER_SIZE, sizeof h);
        ck_assert_msg((h & ~(size_t)15) == block(sizes[i]),
                      "The 8 bytes before mm_malloc(%zu)'s payload should hold the block size %zu, but hold %#zx.",
                      sizes[i], block(sizes[i]), h);
        ck_assert_msg(h & MM_USED, "The header of an allocated block should have bit 0 (MM_USED) set: %#zx.", h);
        long k = index_of(p);
        ck_assert_msg(k >= 0 && blocks[k].size == block(sizes[i]) && blocks[k].used,
                      "mm_walk should show mm_malloc(%zu)'s block (used, %zu bytes) with its header 8 bytes before "
                      "the payload: %s", sizes[i], block(sizes[i]), row());
    }
    expect_checks("after seven allocations");
}
END_TEST

/* Requirement: R5 */
START_TEST(test_mm_free_reads_header)
{
    start(MM_BEST_FIT);
    char *a = must_malloc(100), *b = must_malloc(3000), *c = must_malloc(100);
    mm_free(b);
    long k = index_of(a);
    ck_assert_msg(k >= 0 && walk() >= 4, "Expected [used][free][used][free]: %s", row());
    ck_assert_msg(!blocks[k + 1].used && blocks[k + 1].size == block(3000),
                  "mm_free of the 3000-byte payload should free exactly its %zu-byte block (the size from its header): %s",
                  block(3000), row());
    ck_assert_msg(blocks[k].used && blocks[k + 2].used, "Its neighbours stay allocated: %s", row());
    char *again = must_malloc(3000);
    ck_assert_msg(again == b, "The freed block fits a new 3000-byte request exactly: best fit should return it.");
    (void)c;
    expect_checks("after a free and a reuse");
}
END_TEST

/* Requirement: R6 */
START_TEST(test_mm_aligned_and_inside)
{
    start(MM_FIRST_FIT);
    char *p[200];
    for (size_t i = 0; i < 200; i++) {
        p[i] = must_malloc(i + 1);
        ck_assert_msg((uintptr_t)p[i] % MM_ALIGNMENT == 0, "mm_malloc(%zu) returned an address not 16-byte aligned (offset %td).",
                      i + 1, p[i] - arena);
        ck_assert_msg(p[i] >= arena && p[i] + i + 1 <= arena + ARENA, "mm_malloc(%zu)'s payload is outside the arena.", i + 1);
        memset(p[i], (int)i, i + 1);
    }
    for (size_t i = 0; i < 200; i += 2)
        mm_free(p[i]);
    for (size_t i = 1; i < 200; i += 2)
        for (size_t k = 0; k < i + 1; k++)
            ck_assert_msg((unsigned char)p[i][k] == (unsigned char)i,
                          "Freeing the even payloads changed byte %zu of the odd payload %zu.", k, i);
    expect_checks("after 200 allocations and 100 frees");
}
END_TEST

/* Requirement: R7 */
START_TEST(test_mm_split_leaves_remainder)
{
    start(MM_BEST_FIT);
    ck_assert_msg(walk() == 1, "After mm_init: one free block, not %s", row());
    struct mm_block whole = blocks[0];
    char *p = must_malloc(100);
    ck_assert_msg(walk() == 2, "mm_malloc(100) from one free block should split it in two: %s", row());
    ck_assert_msg(blocks[0].used && blocks[0].size == block(100) && blocks[0].offset == whole.offset,
                  "The front of the free block becomes the allocated one (%zu bytes at offset %zu): %s", block(100),
                  whole.offset, row());
    ck_assert_msg(!blocks[1].used && blocks[1].size == whole.size - block(100) && blocks[1].offset == whole.offset + block(100),
                  "The rest (%zu bytes) should be a free block right after it: %s", whole.size - block(100), row());
    ck_assert_msg(p == arena + whole.offset + MM_HEADER_SIZE, "The payload should follow the block's header.");

    /* Split at its edge: from a free block of 1008 bytes. */
    char *a = must_malloc(1000), *fence = must_malloc(16);
    mm_free(a);
    char *q = must_malloc(984); /* takes 992: 16 left, less than a block: no split */
    long k = index_of(q);
    ck_assert_msg(q == a && k >= 0 && blocks[k].size == block(1000) && blocks[k + 1].used,
                  "mm_malloc(984) from a 1008-byte free block leaves 16 bytes, too few for a block: it should take "
                  "all 1008 (no split): %s", row());
    mm_free(q);
    char *r = must_malloc(968); /* takes 976: 32 left: split */
    k = index_of(r);
    ck_assert_msg(r == a && k >= 0 && blocks[k].size == block(968) && !blocks[k + 1].used &&
                      blocks[k + 1].size == block(1000) - block(968),
                  "mm_malloc(968) from a 1008-byte free block should leave a 32-byte free block after it: %s", row());
    (void)fence;
    expect_checks("after the splits");

    /* A rest of exactly 32 bytes at the arena's end is the last block. */
    size_t n = walk();
    struct mm_block last = blocks[n - 1];
    ck_assert_msg(!last.used, "The heap should end in a free block here: %s", row());
    must_malloc(request(last.size - MM_MIN_BLOCK));
    n = walk();
    ck_assert_msg(!blocks[n - 1].used && blocks[n - 1].size == MM_MIN_BLOCK &&
                      blocks[n - 1].offset == last.offset + last.size - MM_MIN_BLOCK,
                  "mm_malloc(%zu) from the last free block (%zu bytes) should leave a %d-byte free block at the arena's end: %s",
                  request(last.size - MM_MIN_BLOCK), last.size, MM_MIN_BLOCK, row());
    expect_checks("with a 32-byte free block at the arena's end");
}
END_TEST

/* three_blocks — A (1008), B (2032), C (3056) and a fence after them; their indexes from mm_walk. */
static char *A, *B, *C;
static void three_blocks(void)
{
    start(MM_BEST_FIT);
    A = must_malloc(1000);
    B = must_malloc(2024);
    C = must_malloc(3048);
    must_malloc(100);
}

static void expect_merged(const char *how, char *first, size_t size)
{
    long k = index_of(first);
    ck_assert_msg(k >= 0 && !blocks[k].used && blocks[k].size == size,
                  "%s: there should be one free block of %zu bytes where the first of them was: %s", how, size, row());
    ck_assert_msg(blocks[k + 1].used, "%s: the block after the merged one is the fence (used): %s", how, row());
    expect_checks(how);
}

/* Requirement: R8 */
START_TEST(test_mm_coalesce_with_next)
{
    three_blocks();
    mm_free(B);
    mm_free(A); /* its next, B, is free */
    expect_merged("B freed, then A (coalescing with the next block)", A, block(1000) + block(2024));
}
END_TEST

/* Requirement: R8 */
START_TEST(test_mm_coalesce_with_previous)
{
    three_blocks();
    mm_free(A);
    mm_free(B); /* its previous, A, is free */
    expect_merged("A freed, then B (coalescing with the previous block)", A, block(1000) + block(2024));
}
END_TEST

/* Requirement: R8 */
START_TEST(test_mm_coalesce_both)
{
    three_blocks();
    mm_free(A);
    mm_free(C);
    mm_free(B); /* both neighbours free */
    expect_merged("A and C freed, then B (coalescing on both sides at once)", A, block(1000) + block(2024) + block(3048));
}
END_TEST

/* crafted — free blocks of 192 (at the lowest address), 144 and 240 bytes,
 * separated by used blocks, nothing else free; freed in the order 144, 192,
 * 240 (so a LIFO list holds them 240, 192, 144). A request of 130 bytes takes
 * 144: first fit → the 192 block, best → the 144 block, worst → the 240 block. */
static char *F192, *F144, *F240;
static void crafted(enum mm_policy policy)
{
    start(policy);
    F192 = must_malloc(request(192));
    must_malloc(16);
    F144 = must_malloc(request(144));
    must_malloc(16);
    F240 = must_malloc(request(240));
    must_malloc(16);
    fill_rest();
    mm_free(F144);
    mm_free(F192);
    mm_free(F240);
    expect_checks("with the crafted free list");
}

static const char *which(const char *p)
{
    return p == F192 ? "the 192-byte block (lowest address)" : p == F144 ? "the 144-byte block (smallest fit)"
         : p == F240 ? "the 240-byte block (largest)" : p == NULL ? "NULL" : "another address";
}

/* Requirement: R9 */
START_TEST(test_mm_first_fit_picks_lowest_address)
{
    crafted(MM_FIRST_FIT);
    char *p = mm_malloc(130);
    ck_assert_msg(p == F192, "First fit: of free blocks of 192 (lowest address), 144 and 240 bytes, mm_malloc(130) "
                             "should take the one at the lowest address that fits, but took %s.", which(p));
    long k = index_of(p);
    ck_assert_msg(k >= 0 && !blocks[k + 1].used && blocks[k + 1].size == 192 - block(130),
                  "The 48 bytes it does not need should become a free block after it: %s", row());
}
END_TEST

/* Requirement: R9 */
START_TEST(test_mm_best_fit_picks_smallest)
{
    crafted(MM_BEST_FIT);
    char *p = mm_malloc(130);
    ck_assert_msg(p == F144, "Best fit: of free blocks of 192, 144 and 240 bytes, mm_malloc(130) (a 144-byte block) "
                             "should take the smallest that fits, but took %s.", which(p));
    p = mm_malloc(request(192));
    ck_assert_msg(p == F192, "Then mm_malloc(184) (a 192-byte block) should take the 192-byte block, but took %s.", which(p));
}
END_TEST

/* Requirement: R9 */
START_TEST(test_mm_worst_fit_picks_largest)
{
    crafted(MM_WORST_FIT);
    char *p = mm_malloc(130);
    ck_assert_msg(p == F240, "Worst fit: of free blocks of 192, 144 and 240 bytes, mm_malloc(130) should take the "
                             "largest, but took %s.", which(p));
    p = mm_malloc(request(192));
    ck_assert_msg(p == F192, "Then mm_malloc(184): the largest free block is now the 192-byte one, but it took %s.", which(p));
    ck_assert_msg(mm_malloc(request(192)) == NULL,
                  "Then mm_malloc(184) again: the largest free block (144) is too small: NULL, not a block.");

    /* The smallest blocks count too: only a 32-byte block is free. */
    start(MM_WORST_FIT);
    char *small = must_malloc(1);
    must_malloc(1);
    fill_rest();
    mm_free(small);
    p = mm_malloc(1);
    ck_assert_msg(p == small, "Worst fit: the only free block is the %d-byte one: mm_malloc(1) should take it, not %s.",
                  MM_MIN_BLOCK, p == NULL ? "return NULL" : "another address");
}
END_TEST

/* scattered — a heap whose only free blocks have the given sizes (all different), in
 * this address order, each after a used 32-byte block; freed in increasing size order
 * (ascending) or decreasing. The sizes span exact sizes and ranges of them, so an
 * allocator that keeps lists by size class is tried across its classes. */
#define SCATTERED_MAX 16
static char *scattered_at[SCATTERED_MAX];
static void scattered(enum mm_policy policy, const size_t *sizes, size_t n, int ascending)
{
    start(policy);
    for (size_t i = 0; i < n; i++) {
        must_malloc(1);
        scattered_at[i] = must_malloc(request(sizes[i]));
    }
    must_malloc(1);
    fill_rest();
    for (size_t freed = 0; freed < n; freed++) /* the block of rank `freed` in size order */
        for (size_t i = 0; i < n; i++) {
            size_t rank = 0;
            for (size_t j = 0; j < n; j++)
                rank += ascending ? sizes[j] < sizes[i] : sizes[j] > sizes[i];
            if (rank == freed)
                mm_free(scattered_at[i]);
        }
    expect_checks("with the scattered free blocks");
}

/* Every request size from 32 bytes to past the largest free block, under each policy,
 * over two heaps: `all` (sizes from 48 bytes to 4.5 KiB, some sharing a power of two)
 * and `some` (the same without any block of 1040..1279 bytes), each freed in both size
 * orders; every block taken is freed again, which restores the heap. */
/* Requirement: R9 */
START_TEST(test_mm_policies_across_size_classes)
{
    static const size_t all[] = {1296, 48, 4112, 1088, 2592, 208, 1808, 1024, 4608, 96, 1520, 2080, 1200, 1008, 1600, 2496};
    static const size_t some[] = {1296, 48, 4112, 2592, 208, 1808, 1024, 4608, 96, 1520, 2080, 1008, 1600, 2496};
    static const char *names[] = {"first fit", "best fit", "worst fit"};
    const enum mm_policy policies[] = {MM_FIRST_FIT, MM_BEST_FIT, MM_WORST_FIT};
    for (int set = 0; set < 4; set++) {
        const size_t *sizes = set < 2 ? all : some;
        size_t n = set < 2 ? sizeof all / sizeof all[0] : sizeof some / sizeof some[0];
        for (int k = 0; k < 3; k++) {
            scattered(policies[k], sizes, n, set % 2 == 0);
            size_t largest = 0;
            for (size_t i = 0; i < n; i++)
                largest = sizes[i] > largest ? sizes[i] : largest;
            for (size_t want = MM_MIN_BLOCK; want <= largest + MM_ALIGNMENT; want += MM_ALIGNMENT) {
                long expected = -1; /* the index of the block the policy takes */
                for (size_t i = 0; i < n; i++) {
                    if (sizes[i] < want && policies[k] != MM_WORST_FIT)
                        continue;
                    if (expected < 0 ||
                        (policies[k] == MM_FIRST_FIT && scattered_at[i] < scattered_at[expected]) ||
                        (policies[k] == MM_BEST_FIT && sizes[i] < sizes[expected]) ||
                        (policies[k] == MM_WORST_FIT && sizes[i] > sizes[expected]))
                        expected = i;
                }
                if (expected >= 0 && sizes[expected] < want)
                    expected = -1; /* worst fit: the largest does not fit */
                char *p = mm_malloc(request(want));
                if (expected < 0)
                    ck_assert_msg(p == NULL, "%s: no free block holds %zu bytes, mm_malloc(%zu) should return NULL: %s",
                                  names[k], want, request(want), row());
                else
                    ck_assert_msg(p == scattered_at[expected],
                                  "%s: of the free blocks %s, mm_malloc(%zu) (a %zu-byte block) should take the %zu-byte "
                                  "one, but took %s (offset %td)", names[k], row(), request(want), want, sizes[expected],
                                  p == NULL ? "NULL" : "another", p == NULL ? 0 : p - arena);
                mm_free(p);
            }
        }
    }
}
END_TEST

/* Requirement: R10 */
START_TEST(test_mm_out_of_memory)
{
    start(MM_BEST_FIT);
    must_malloc(100);
    size_t before = walk();
    struct mm_block first = blocks[0], last = blocks[before - 1];
    ck_assert_msg(mm_malloc(0) == NULL, "mm_malloc(0) should return NULL.");
    ck_assert_msg(mm_malloc(SIZE_MAX) == NULL, "mm_malloc(SIZE_MAX) should return NULL (round it up without overflow).");
    ck_assert_msg(mm_malloc(SIZE_MAX - 7) == NULL, "mm_malloc(SIZE_MAX - 7) should return NULL (size + 8 overflows).");
    ck_assert_msg(mm_malloc(ARENA) == NULL, "mm_malloc(%d), the arena's whole size, cannot fit with a header: NULL.", ARENA);
    size_t after = walk();
    ck_assert_msg(after == before && blocks[0].size == first.size && blocks[after - 1].size == last.size,
                  "A refused request must leave the heap as it was: %s", row());
    expect_checks("after refused requests");
    size_t count = 0;
    char *p[200];
    while (count < 200 && (p[count] = mm_malloc(1000)) != NULL)
        count++;
    ck_assert_msg(count > 50 && count < 200, "1000-byte requests should fill a %d-byte arena after about 64, not %zu.",
                  ARENA, count);
    expect_checks("once the arena is full");
    for (size_t i = 0; i < count; i += 2)
        mm_free(p[i]);
    ck_assert_msg(mm_malloc(2000) == NULL, "Only 1008-byte pieces are free, apart: mm_malloc(2000) should fail: %s", row());
    expect_checks("after a refused request in a fragmented heap");
}
END_TEST

/* Requirement: R11 */
START_TEST(test_mm_realloc_keeps_contents)
{
    start(MM_BEST_FIT);
    unsigned char *p = (unsigned char *)must_malloc(100);
    for (int i = 0; i < 100; i++)
        p[i] = (unsigned char)(i * 7 + 3);
    must_malloc(50); /* a fence: growing cannot stay in place */
    unsigned char *q = mm_realloc(p, 5000);
    ck_assert_msg(q != NULL, "mm_realloc to 5000 bytes should succeed.");
    ck_assert_msg((uintptr_t)q % MM_ALIGNMENT == 0, "mm_realloc's payload should be 16-byte aligned.");
    for (int i = 0; i < 100; i++)
        ck_assert_msg(q[i] == (unsigned char)(i * 7 + 3),
                      "mm_realloc(p, 5000) should keep the 100 old bytes: byte %d is %#x, not %#x.", i, q[i],
                      (unsigned char)(i * 7 + 3));
    for (int i = 100; i < 5000; i++)
        q[i] = (unsigned char)i;
    unsigned char *r = mm_realloc(q, 10);
    ck_assert_msg(r != NULL, "mm_realloc to 10 bytes should succeed.");
    for (int i = 0; i < 10; i++)
        ck_assert_msg(r[i] == (unsigned char)(i * 7 + 3), "Shrinking to 10 bytes should keep the first 10: byte %d differs.", i);
    unsigned char *s = mm_realloc(r, 20000);
    ck_assert_msg(s != NULL, "mm_realloc to 20000 bytes should succeed.");
    for (int i = 0; i < 10; i++)
        ck_assert_msg(s[i] == (unsigned char)(i * 7 + 3), "Growing again should keep the first 10 bytes: byte %d differs.", i);
    char before[2048];
    snprintf(before, sizeof before, "%s", row());
    char *t = mm_realloc(NULL, 64);
    ck_assert_msg(t != NULL && (uintptr_t)t % MM_ALIGNMENT == 0, "mm_realloc(NULL, 64) should act as mm_malloc(64).");
    ck_assert_msg(mm_realloc(t, 0) == NULL, "mm_realloc(p, 0) frees p and returns NULL.");
    ck_assert_msg(strcmp(row(), before) == 0, "mm_realloc(p, 0) should free p: the heap should be as before p was "
                  "allocated, %s, not %s", before, row());
    expect_checks("after the reallocs");
}
END_TEST

/* Requirement: R11 */
START_TEST(test_mm_realloc_failure_keeps_block)
{
    start(MM_BEST_FIT);
    unsigned char *p = (unsigned char *)must_malloc(300);
    for (int i = 0; i < 300; i++)
        p[i] = (unsigned char)(i ^ 0x5a);
    must_malloc(16);
    ck_assert_msg(mm_realloc(p, 2 * ARENA) == NULL, "mm_realloc beyond the arena should return NULL.");
    ck_assert_msg(mm_realloc(p, SIZE_MAX) == NULL, "mm_realloc(p, SIZE_MAX) should return NULL (no overflow).");
    ck_assert_msg(mm_realloc(p, SIZE_MAX - 7) == NULL, "mm_realloc(p, SIZE_MAX - 7) should return NULL (size + 8 overflows).");
    long k = index_of(p);
    ck_assert_msg(k >= 0 && blocks[k].used && blocks[k].size == block(300),
                  "When mm_realloc fails, the old block stays allocated as it was: %s", row());
    for (int i = 0; i < 300; i++)
        ck_assert_msg(p[i] == (unsigned char)(i ^ 0x5a), "A failed mm_realloc changed byte %d of the old payload.", i);
    expect_checks("after a failed realloc");
}
END_TEST

/* expect_block — p's block has `size` bytes and is used; the block after it is `next`
 * (0: used) bytes and free. */
static void expect_block(const char *how, const char *p, size_t size, size_t next)
{
    long k = index_of(p);
    ck_assert_msg(k >= 0 && blocks[k].used && blocks[k].size == size, "%s: the block should stay in place with %zu bytes: %s",
                  how, size, row());
    if (next == 0)
        ck_assert_msg(blocks[k + 1].used, "%s: the block after it should be the used one that was there: %s", how, row());
    else
        ck_assert_msg(!blocks[k + 1].used && blocks[k + 1].size == next, "%s: the %zu bytes it gave back should be a free "
                      "block right after it: %s", how, next, row());
    expect_checks(how);
}

static void expect_pattern(const char *how, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(i * 13 + 1))
            ck_abort_msg("%s: byte %zu of the payload is %#x, not %#x.", how, i, p[i], (unsigned char)(i * 13 + 1));
}

/* In a full heap (moving is impossible), mm_realloc resizes in place whenever the
 * block, with the free block right after it, holds the new size. */
/* Requirement: R11 */
START_TEST(test_mm_realloc_in_place)
{
    start(MM_BEST_FIT);
    char *a = must_malloc(request(160)), *p = must_malloc(request(160));
    must_malloc(1);
    char *q = must_malloc(request(96)), *n = must_malloc(request(160));
    must_malloc(1);
    fill_rest(); /* nothing else is free */
    for (size_t i = 0; i < request(160); i++)
        p[i] = (char)(i * 13 + 1);
    for (size_t i = 0; i < request(96); i++)
        q[i] = (char)(i * 13 + 1);

    char *r = mm_realloc(p, request(160) - 5);
    ck_assert_msg(r == p, "mm_realloc to a size its block already holds (%zu bytes) should return the same payload, in "
                  "place, in a full heap: %s", block(request(160) - 5), row());
    expect_block("mm_realloc to a size its block already holds", p, 160, 0);
    mm_free(a); /* a free block right before it changes nothing */
    r = mm_realloc(p, request(160));
    ck_assert_msg(r == p, "mm_realloc to the size of its own block, with a free block right before it, should stay in "
                  "place: %s", row());
    r = mm_realloc(p, request(160 - 16));
    ck_assert_msg(r == p, "Shrinking by 16 bytes should stay in place: %s", row());
    expect_block("Shrinking by 16 bytes (less than a block to give back)", p, 160, 0);
    r = mm_realloc(p, request(160 - MM_MIN_BLOCK));
    ck_assert_msg(r == p, "Shrinking by %d bytes should stay in place: %s", MM_MIN_BLOCK, row());
    expect_block("Shrinking by 32 bytes (split)", p, 160 - MM_MIN_BLOCK, MM_MIN_BLOCK);
    r = mm_realloc(p, request(160));
    ck_assert_msg(r == p, "Growing back into the free 32 bytes right after it should stay in place: %s", row());
    expect_block("Growing back into the free block right after it", p, 160, 0);
    expect_pattern("After resizing in place", (unsigned char *)p, request(160 - MM_MIN_BLOCK));

    mm_free(n); /* 160 bytes free right after q (96) */
    r = mm_realloc(q, request(96 + 160 - MM_MIN_BLOCK));
    ck_assert_msg(r == q, "Growing into the free block right after it, leaving %d bytes, should stay in place: %s",
                  MM_MIN_BLOCK, row());
    expect_block("Growing into the free block right after it, leaving 32 bytes", q, 96 + 160 - MM_MIN_BLOCK, MM_MIN_BLOCK);
    r = mm_realloc(q, request(96 + 160));
    ck_assert_msg(r == q, "Growing into all of the free block right after it should stay in place: %s", row());
    expect_block("Growing into all of the free block right after it", q, 96 + 160, 0);
    expect_pattern("After growing in place", (unsigned char *)q, request(96));
}
END_TEST

static size_t get_word(const char *at)
{
    size_t w;
    memcpy(&w, at, sizeof w);
    return w;
}

static void put_word(char *at, size_t w) { memcpy(at, &w, sizeof w); }

/* Requirement: R12 */
START_TEST(test_mm_check_detects_corruption)
{
    start(MM_BEST_FIT);
    char *a = must_malloc(200), *b = must_malloc(200);
    must_malloc(200);
    mm_free(a);
    expect_checks("before the test damages it");
    size_t saved = get_word(b - MM_HEADER_SIZE);
    put_word(b - MM_HEADER_SIZE, saved & ~(size_t)MM_USED); /* b looks free: next to free a, off every list */
    expect_damage("With the used bit of an allocated block cleared (two adjacent free blocks, one on no list)");
    put_word(b - MM_HEADER_SIZE, (saved & 15) | 48); /* b claims 48 bytes: the blocks no longer tile the heap */
    expect_damage("With an allocated block's size changed to 48");
    put_word(b - MM_HEADER_SIZE, saved & 15); /* size 0: a walk that trusts it never moves */
    ck_assert_msg(mm_check(why, sizeof why) == -1, "With a block of size 0, mm_check should return -1 (and not loop).");
    put_word(b - MM_HEADER_SIZE, saved);
    expect_checks("once the header is restored");

    /* A used block between used blocks, its used bit cleared: whatever its last word
     * holds (a free block's boundary tag would hold its size), it is on no free list. */
    start(MM_BEST_FIT);
    must_malloc(request(96));
    char *x = must_malloc(request(96));
    must_malloc(request(96));
    char *y = fill_rest(); /* the arena's last block, used, after a used block */
    size_t size = block(request(96));
    saved = get_word(x - MM_HEADER_SIZE);
    memset(x, 0x11, size - MM_HEADER_SIZE);
    put_word(x - MM_HEADER_SIZE, saved & ~(size_t)MM_USED);
    expect_damage("With the used bit of an allocated block between two allocated ones cleared");
    put_word(x - MM_HEADER_SIZE + size - sizeof(size_t), size);
    expect_damage("With the used bit of an allocated block between two allocated ones cleared, its last word "
                  "holding its size");
    put_word(x - MM_HEADER_SIZE, saved);
    expect_checks("once that header is restored");
    saved = get_word(y - MM_HEADER_SIZE);
    size = saved & ~(size_t)15;
    put_word(y - MM_HEADER_SIZE, saved & ~(size_t)MM_USED);
    put_word(y - MM_HEADER_SIZE + size - sizeof(size_t), size);
    expect_damage("With the used bit of the arena's last block cleared, its last word holding its size");
    put_word(y - MM_HEADER_SIZE, saved - MM_ALIGNMENT); /* 16 bytes at the heap's end belong to no block */
    expect_damage("With the size of the arena's last block 16 bytes short");
    put_word(y - MM_HEADER_SIZE, saved);
    expect_checks("once the last header is restored");

    /* Free blocks whose links (in their payload) are overwritten: every word but the
     * last (where a boundary tag may be) of two free blocks of the same size. */
    start(MM_BEST_FIT);
    char *f1 = must_malloc(request(96));
    must_malloc(request(96));
    char *f2 = must_malloc(request(96));
    must_malloc(request(96));
    mm_free(f1);
    mm_free(f2);
    expect_checks("with two free blocks of 96 bytes");
    size = block(request(96));
    size_t links = size - MM_HEADER_SIZE - sizeof(size_t);
    char keep1[256], keep2[256];
    memcpy(keep1, f1, links);
    memcpy(keep2, f2, links);
    memset(f1, 0xa5, links);
    expect_damage("With the payload of a free block (its list links) overwritten with 0xa5 bytes");
    memset(f1, 0, links);
    memset(f2, 0, links);
    expect_damage("With the payloads of two free blocks of the same size (their list links) zeroed");
    memcpy(f1, keep1, links);
    memcpy(f2, keep2, links);
    expect_checks("once the free blocks' links are restored");
}
END_TEST

/* Requirement: R12 */
START_TEST(test_mm_walk_and_free_list_agree)
{
    start(MM_BEST_FIT);
    char *p[12];
    for (int i = 0; i < 12; i++)
        p[i] = must_malloc((size_t)(i + 1) * 50);
    char *small = must_malloc(1); /* a 32-byte block, freed between two used ones */
    must_malloc(1);
    for (int i = 0; i < 12; i += 3)
        mm_free(p[i]);
    mm_free(small);
    size_t n = walk();
    size_t free_in_heap = 0, tiled = blocks[0].offset;
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(blocks[i].offset == tiled, "mm_walk's blocks should follow each other without gaps: %s", row());
        tiled += blocks[i].size;
        free_in_heap += !blocks[i].used;
    }
    struct mm_block list[MAX_BLOCKS];
    size_t on_list = mm_free_list(list, MAX_BLOCKS);
    ck_assert_msg(on_list == free_in_heap, "mm_free_list reports %zu free blocks, mm_walk %zu: %s", on_list, free_in_heap, row());
    for (size_t i = 0; i < on_list; i++) {
        int found = 0;
        for (size_t k = 0; k < n; k++)
            found |= !blocks[k].used && blocks[k].offset == list[i].offset && blocks[k].size == list[i].size;
        ck_assert_msg(found && !list[i].used, "mm_free_list's block at offset %zu (%zu bytes) is not a free block of mm_walk: %s",
                      list[i].offset, list[i].size, row());
    }
    int listed = 0;
    for (size_t i = 0; i < on_list; i++)
        listed |= list[i].offset == (size_t)(small - MM_HEADER_SIZE - arena) && list[i].size == MM_MIN_BLOCK;
    ck_assert_msg(listed, "mm_free_list should report the free %d-byte block at offset %td: %s", MM_MIN_BLOCK,
                  small - MM_HEADER_SIZE - arena, row());

    /* max caps what they write: the entry after the last one asked for stays as it was. */
    struct mm_block few[3];
    memset(few, 0x5a, sizeof few);
    struct mm_block untouched = few[2];
    ck_assert_msg(mm_walk(few, 2) == n && memcmp(&few[2], &untouched, sizeof untouched) == 0,
                  "mm_walk(blocks, 2) should return all %zu blocks but write only blocks[0] and blocks[1].", n);
    memset(few, 0x5a, sizeof few);
    ck_assert_msg(mm_free_list(few, 1) == on_list && memcmp(&few[1], &untouched, sizeof untouched) == 0,
                  "mm_free_list(blocks, 1) should return all %zu free blocks but write only blocks[0].", on_list);
    expect_checks("after frees");
}
END_TEST

static Suite *mm_suite(void)
{
    Suite *s = suite_create("mm");
    TCase *core = tcase_create("Core");
    tcase_set_timeout(core, TEST_TIMEOUT_SECONDS);
    tcase_add_test(core, test_mm_before_init);
    tcase_add_test(core, test_mm_init_one_free_block);
    tcase_add_test(core, test_mm_init_smallest_arena);
    tcase_add_test(core, test_mm_header_holds_size);
    tcase_add_test(core, test_mm_free_reads_header);
    tcase_add_test(core, test_mm_aligned_and_inside);
    tcase_add_test(core, test_mm_split_leaves_remainder);
    tcase_add_test(core, test_mm_coalesce_with_next);
    tcase_add_test(core, test_mm_coalesce_with_previous);
    tcase_add_test(core, test_mm_coalesce_both);
    suite_add_tcase(s, core);
    TCase *policy = tcase_create("Policy");
    tcase_set_timeout(policy, TEST_TIMEOUT_SECONDS);
    tcase_add_test(policy, test_mm_first_fit_picks_lowest_address);
    tcase_add_test(policy, test_mm_best_fit_picks_smallest);
    tcase_add_test(policy, test_mm_worst_fit_picks_largest);
    tcase_add_test(policy, test_mm_policies_across_size_classes);
    suite_add_tcase(s, policy);
    TCase *limits = tcase_create("Limits");
    tcase_set_timeout(limits, TEST_TIMEOUT_SECONDS);
    tcase_add_test(limits, test_mm_out_of_memory);
    tcase_add_test(limits, test_mm_realloc_keeps_contents);
    tcase_add_test(limits, test_mm_realloc_failure_keeps_block);
    tcase_add_test(limits, test_mm_realloc_in_place);
    suite_add_tcase(s, limits);
    TCase *checker = tcase_create("Checker");
    tcase_set_timeout(checker, TEST_TIMEOUT_SECONDS);
    tcase_add_test(checker, test_mm_check_detects_corruption);
    tcase_add_test(checker, test_mm_walk_and_free_list_agree);
    suite_add_tcase(s, checker);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(mm_suite());
    srunner_run_all(runner, CK_ENV); /* CK_VERBOSITY decides; run-unit reads the TAP log */
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
