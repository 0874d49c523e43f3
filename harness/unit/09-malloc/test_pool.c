/* test_pool.c — unit tests of Part A, the fixed-size pool (lab 09, pool.h).
 * Every arena sits between inaccessible pages: a byte touched outside it
 * crashes that test alone. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "pool.h"

/* Requirement: R1 */
START_TEST(test_pool_exhaustion)
{
    size_t size = 10 * 24 + 8; /* 8 bytes too few for an 11th block */
    char *arena = guarded_arena(size);
    size_t n = pool_init(arena, size, 24);
    ck_assert_msg(n == 10, "pool_init over %zu bytes in blocks of 24 should make 10 blocks, not %zu.", size, n);
    for (size_t i = 0; i < n; i++) {
        char *p = pool_alloc();
        ck_assert_msg(p == arena + i * 24,
                      "pool_alloc number %zu should hand out block %zu (arena + %zu) in address order, but returned %s%td.",
                      i + 1, i, i * 24, p ? "arena + " : "NULL ", p ? p - arena : 0);
    }
    ck_assert_msg(pool_alloc() == NULL, "Once all 10 blocks are in use, pool_alloc should return NULL.");
    ck_assert_msg(pool_alloc() == NULL, "An exhausted pool should keep returning NULL.");
}
END_TEST

/* Requirement: R1 */
START_TEST(test_pool_rounds_block_size)
{
    size_t stride = (20 + sizeof(void *) - 1) / sizeof(void *) * sizeof(void *);
    size_t size = 7 * stride;
    char *arena = guarded_arena(size);
    size_t n = pool_init(arena, size, 20);
    ck_assert_msg(n == 7, "Blocks of 20 bytes take %zu (a multiple of a pointer's size): %zu bytes hold 7, not %zu.",
                  stride, size, n);
    char *first = pool_alloc(), *second = pool_alloc();
    ck_assert_msg(first == arena && second == arena + stride,
                  "The first two blocks should be at arena + 0 and arena + %zu, not %td and %td.", stride,
                  first ? first - arena : -1, second ? second - arena : -1);
    ck_assert_msg(pool_init(arena, size, sizeof(void *) - 1) == 0, "A block smaller than a pointer cannot hold a link: pool_init should return 0.");
    ck_assert_msg(pool_init(NULL, size, 20) == 0, "pool_init(NULL, ...) should return 0.");
    ck_assert_msg(pool_init(arena, 10, 20) == 0, "A 10-byte arena holds no 20-byte block: pool_init should return 0.");
    ck_assert_msg(pool_alloc() == NULL, "After a pool_init that made no block, pool_alloc should return NULL.");

    /* A block of exactly a pointer's size holds its link: it is not rounded. */
    size_t p = sizeof(void *);
    n = pool_init(arena, 4 * p, p);
    ck_assert_msg(n == 4, "Blocks of sizeof(void *) = %zu bytes: %zu bytes hold 4, not %zu.", p, 4 * p, n);
    /* One byte more than a pointer takes two pointers' worth. */
    size_t odd = (p + 1 + p - 1) / p * p;
    n = pool_init(arena, 3 * odd, p + 1);
    ck_assert_msg(n == 3, "Blocks of %zu bytes take %zu: %zu bytes hold 3, not %zu.", p + 1, odd, 3 * odd, n);
    first = pool_alloc();
    second = pool_alloc();
    ck_assert_msg(first == arena && second == arena + odd,
                  "Blocks of %zu bytes should be at arena + 0 and arena + %zu, not %td and %td.", p + 1, odd,
                  first ? first - arena : -1, second ? second - arena : -1);
    /* An arena of exactly one block. */
    n = pool_init(arena, stride, 20);
    ck_assert_msg(n == 1, "An arena of exactly one block (%zu bytes) holds 1 block of 20, not %zu.", stride, n);
    first = pool_alloc();
    ck_assert_msg(first == arena, "The only block is at the arena's start, not %s%td.", first ? "arena + " : "NULL ",
                  first ? first - arena : 0);
    ck_assert_msg(pool_alloc() == NULL, "A pool of one block is exhausted after one pool_alloc.");
}
END_TEST

/* Requirement: R2 */
START_TEST(test_pool_reuse_lifo)
{
    char *arena = guarded_arena(8 * 64);
    ck_assert_msg(pool_init(arena, 8 * 64, 64) == 8, "pool_init over 512 bytes in blocks of 64 should make 8 blocks.");
    char *block[8];
    for (int i = 0; i < 8; i++)
        block[i] = pool_alloc();
    ck_assert_msg(pool_alloc() == NULL, "All 8 blocks are in use: pool_alloc should return NULL.");
    ck_assert_msg(pool_free(block[3]) == 0 && pool_free(block[6]) == 0, "pool_free of a block in use should return 0.");
    char *again = pool_alloc();
    ck_assert_msg(again == block[6], "The block freed last (block 6) should come back first, not %s%td.",
                  again ? "arena + " : "NULL ", again ? again - arena : 0);
    again = pool_alloc();
    ck_assert_msg(again == block[3], "Then block 3, not %s%td.", again ? "arena + " : "NULL ", again ? again - arena : 0);
    ck_assert_msg(pool_alloc() == NULL, "Both freed blocks were reused: the pool is full again.");
    for (int i = 0; i < 8; i++)
        ck_assert_msg(pool_free(block[i]) == 0, "pool_free of block %d should return 0.", i);
    for (int i = 7; i >= 0; i--)
        ck_assert_msg(pool_alloc() == block[i], "After freeing blocks 0..7 in order, they come back 7..0: expected block %d.", i);
}
END_TEST

/* Requirement: R2 */
START_TEST(test_pool_free_list_in_free_blocks)
{
    char *arena = guarded_arena(4 * 32);
    ck_assert_msg(pool_init(arena, 4 * 32, 32) == 4, "pool_init over 128 bytes in blocks of 32 should make 4 blocks.");
    for (int i = 0; i < 3; i++) {
        void *next;
        memcpy(&next, arena + i * 32, sizeof next);
        ck_assert_msg(next == arena + (i + 1) * 32,
                      "The list lives in the free blocks: block %d's first bytes should hold the address of block %d.",
                      i, i + 1);
    }
    void *last;
    memcpy(&last, arena + 3 * 32, sizeof last);
    ck_assert_msg(last == NULL, "The last free block's link should be NULL.");
    char *a = pool_alloc(), *b = pool_alloc();
    ck_assert_msg(a == arena && b == arena + 32, "pool_alloc should take blocks 0 and 1 first.");
    ck_assert_msg(pool_free(a) == 0, "pool_free(block 0) should return 0.");
    void *link;
    memcpy(&link, a, sizeof link);
    ck_assert_msg(link == arena + 64, "A freed block goes to the front: its first bytes should point at the old head, block 2.");
}
END_TEST

/* Requirement: R3 */
START_TEST(test_pool_rejects_bad_pointers)
{
    char *arena = guarded_arena(4 * 32 + 16);
    ck_assert_msg(pool_init(arena + 16, 4 * 32, 32) == 4, "pool_init over 128 bytes in blocks of 32 should make 4 blocks.");
    char *base = arena + 16;
    char *a = pool_alloc();
    ck_assert_msg(a == base, "The first block should be at the arena's start.");
    ck_assert_msg(pool_free(base + 1) == -1, "pool_free(arena + 1) is inside a block, not its start: it should return -1.");
    ck_assert_msg(pool_free(base + 40) == -1, "pool_free(arena + 40) is inside block 1: it should return -1.");
    ck_assert_msg(pool_free(base + 4 * 32) == -1, "pool_free(arena + 128) is past the last block: it should return -1.");
    ck_assert_msg(pool_free(base - 16) == -1, "pool_free of an address before the arena should return -1.");
    ck_assert_msg(pool_free(NULL) == 0, "pool_free(NULL) does nothing and returns 0.");
    /* Nothing changed: three blocks still free, in order. */
    for (int i = 1; i < 4; i++) {
        char *p = pool_alloc();
        ck_assert_msg(p == base + i * 32, "After the refused frees, pool_alloc should still give block %d, not %s%td.", i,
                      p ? "arena + " : "NULL ", p ? p - base : 0);
    }
    ck_assert_msg(pool_alloc() == NULL, "A refused pointer must not have been put on the free list.");
}
END_TEST

static Suite *pool_suite(void)
{
    Suite *s = suite_create("pool");
    TCase *core = tcase_create("Core");
    tcase_set_timeout(core, TEST_TIMEOUT_SECONDS);
    tcase_add_test(core, test_pool_exhaustion);
    tcase_add_test(core, test_pool_rounds_block_size);
    tcase_add_test(core, test_pool_reuse_lifo);
    tcase_add_test(core, test_pool_free_list_in_free_blocks);
    suite_add_tcase(s, core);
    TCase *errors = tcase_create("Errors");
    tcase_set_timeout(errors, TEST_TIMEOUT_SECONDS);
    tcase_add_test(errors, test_pool_rejects_bad_pointers);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(pool_suite());
    srunner_run_all(runner, CK_ENV); /* CK_VERBOSITY decides; run-unit reads the TAP log */
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
