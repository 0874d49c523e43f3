/* pool.c — Part A: fixed-size blocks, a free list threaded through them.
 *
 * Your work: pool_init, pool_alloc, pool_free (contracts in pool.h).
 * Build and check:  make grade LAB=09   (unit tests: harness/unit/09-malloc)
 *
 * The lecture's idea: the list of free blocks needs no memory of its own.
 * A free block is not in use, so its first bytes can hold the address of the
 * next free block; only the head of the list lives outside the arena:
 *
 *   head -> [block 0 | next] -> [block 1 | next] -> ... -> [block N-1 | NULL]
 *
 * pool_alloc takes the head block and makes its next the head; pool_free puts
 * the block at the head. Both are O(1): no loop over the blocks, ever (except
 * once, in pool_init, to thread the list).
 */
#include "pool.h"

#include <stdint.h>

/* pool_init — see pool.h. Round block_size up to a multiple of sizeof(void *)
 * (the stride); the pool has size / stride blocks, starting at arena. Link
 * every block to the one after it (the last to NULL), and make the first the
 * head, so pool_alloc hands blocks out in address order. Return the number of
 * blocks; 0 (and an empty pool) if arena is NULL, block_size < sizeof(void *)
 * or no block fits.
 * TODO(student): write it. */
size_t pool_init(void *arena, size_t size, size_t block_size)
{
    (void)arena;
    (void)size;
    (void)block_size;
    return 0;
}

/* pool_alloc — the head block, or NULL when the list is empty. The next head
 * is the address stored in the block's first bytes.
 * TODO(student): write it. */
void *pool_alloc(void)
{
    return NULL;
}

/* pool_free — put ptr back at the head (store the old head in its first
 * bytes). First check, in O(1), that ptr is the start of a block of this
 * pool: inside [arena, arena + blocks * stride) and a whole number of strides
 * from arena; if not, return -1 and change nothing. pool_free(NULL) returns 0.
 * TODO(student): write it. */
int pool_free(void *ptr)
{
    (void)ptr;
    return -1;
}
