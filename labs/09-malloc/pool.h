/* pool.h — Part A: a pool of fixed-size blocks over a caller-given arena.
 *
 * The lecture's first free list: memory cut into equal blocks, the free ones
 * on a linked list. The list costs no memory of its own: each free block's
 * first bytes hold the address of the next free block, so only the head
 * pointer lives outside the arena. Both operations are O(1).
 *
 * Layout: blocks start at the arena pointer and follow each other every
 * round_up(block_size, sizeof(void *)) bytes (so a link inside a block is
 * aligned); there are size / that many blocks. After pool_init every block is
 * free and pool_alloc hands them out in address order; pool_free puts a block
 * back at the front of the list, so the next pool_alloc returns it (LIFO).
 * One pool at a time: pool_init starts over, forgetting the old arena.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

/* pool_init — manage size bytes at arena (aligned at least like a pointer) as
 * blocks of block_size bytes. Returns the number of blocks, or 0 if arena is
 * NULL, block_size < sizeof(void *), or not even one block fits. */
size_t pool_init(void *arena, size_t size, size_t block_size);

/* pool_alloc — a free block, or NULL when every block is in use. O(1). */
void *pool_alloc(void);

/* pool_free — give back a block. Returns 0; or -1, changing nothing, if ptr is
 * not the start of a block of the pool (outside the arena, or inside a block):
 * the checking build (every build here: NDEBUG is not defined) detects it in
 * O(1). pool_free(NULL) does nothing and returns 0. */
int pool_free(void *ptr);

#endif
