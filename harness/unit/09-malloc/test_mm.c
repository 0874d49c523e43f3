/* test_mm.c — unit tests of Part B, the variable-size allocator (lab 09, mm.h).
 * Every arena sits right before an inaccessible page (and after one): a byte
 * touched outside it crashes that test alone. Expected sizes come from the
 * rule of mm.h, never from the allocator: block(n) = max(32, round_up(n + 8, 16)). */
#include <check.h>
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
    char *t = mm_realloc(NULL, 64);
    ck_assert_msg(t != NULL && (uintptr_t)t % MM_ALIGNMENT == 0, "mm_realloc(NULL, 64) should act as mm_malloc(64).");
    ck_assert_msg(mm_realloc(t, 0) == NULL, "mm_realloc(p, 0) frees p and returns NULL.");
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
    long k = index_of(p);
    ck_assert_msg(k >= 0 && blocks[k].used && blocks[k].size == block(300),
                  "When mm_realloc fails, the old block stays allocated as it was: %s", row());
    for (int i = 0; i < 300; i++)
        ck_assert_msg(p[i] == (unsigned char)(i ^ 0x5a), "A failed mm_realloc changed byte %d of the old payload.", i);
    expect_checks("after a failed realloc");
}
END_TEST

/* Requirement: R12 */
START_TEST(test_mm_check_detects_corruption)
{
    start(MM_BEST_FIT);
    char *a = must_malloc(200), *b = must_malloc(200);
    must_malloc(200);
    mm_free(a);
    expect_checks("before the test damages it");
    size_t saved;
    memcpy(&saved, b - MM_HEADER_SIZE, sizeof saved);
    size_t damaged = saved & ~(size_t)MM_USED; /* b looks free: next to free a, off every list */
    memcpy(b - MM_HEADER_SIZE, &damaged, sizeof damaged);
    why[0] = '\0';
    ck_assert_msg(mm_check(why, sizeof why) == -1 && why[0] != '\0',
                  "With the used bit of an allocated block cleared (two adjacent free blocks, one on no list), "
                  "mm_check should return -1 and say why.");
    damaged = (saved & 15) | 48; /* b claims 48 bytes: the blocks no longer tile the heap */
    memcpy(b - MM_HEADER_SIZE, &damaged, sizeof damaged);
    why[0] = '\0';
    ck_assert_msg(mm_check(why, sizeof why) == -1 && why[0] != '\0',
                  "With an allocated block's size changed from %zu to 48, mm_check should return -1 and say why.", block(200));
    damaged = saved & 15; /* size 0: a walk that trusts it never moves */
    memcpy(b - MM_HEADER_SIZE, &damaged, sizeof damaged);
    ck_assert_msg(mm_check(why, sizeof why) == -1, "With a block of size 0, mm_check should return -1 (and not loop).");
    memcpy(b - MM_HEADER_SIZE, &saved, sizeof saved);
    expect_checks("once the header is restored");
}
END_TEST

/* Requirement: R12 */
START_TEST(test_mm_walk_and_free_list_agree)
{
    start(MM_BEST_FIT);
    char *p[12];
    for (int i = 0; i < 12; i++)
        p[i] = must_malloc((size_t)(i + 1) * 50);
    for (int i = 0; i < 12; i += 3)
        mm_free(p[i]);
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
    expect_checks("after frees");
}
END_TEST

static Suite *mm_suite(void)
{
    Suite *s = suite_create("mm");
    TCase *core = tcase_create("Core");
    tcase_set_timeout(core, TEST_TIMEOUT_SECONDS);
    tcase_add_test(core, test_mm_init_one_free_block);
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
    suite_add_tcase(s, policy);
    TCase *limits = tcase_create("Limits");
    tcase_set_timeout(limits, TEST_TIMEOUT_SECONDS);
    tcase_add_test(limits, test_mm_out_of_memory);
    tcase_add_test(limits, test_mm_realloc_keeps_contents);
    tcase_add_test(limits, test_mm_realloc_failure_keeps_block);
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
