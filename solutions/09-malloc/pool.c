/* pool.c — Part A: fixed-size blocks, a free list threaded through them.
 *
 * Reference solution. A free block's first word is the address of the next
 * free block (NULL ends the list); only `head` lives outside the arena. Both
 * operations touch one block and the head: O(1).
 */
#include "pool.h"

#include <stdint.h>

static char *base;        /* the first block */
static size_t stride;     /* block_size rounded up to a multiple of a pointer */
static size_t count;      /* blocks in the pool */
static void *head;        /* the first free block, or NULL */

size_t pool_init(void *arena, size_t size, size_t block_size)
{
    base = NULL;
    head = NULL;
    count = 0;
    if (arena == NULL || block_size < sizeof(void *) || block_size > SIZE_MAX - sizeof(void *))
        return 0;
    stride = (block_size + sizeof(void *) - 1) / sizeof(void *) * sizeof(void *);
    count = size / stride;
    if (count == 0)
        return 0;
    base = arena;
    /* Thread the list in address order: block i points at block i + 1. */
    for (size_t i = 0; i < count; i++)
        *(void **)(void *)(base + i * stride) = i + 1 < count ? base + (i + 1) * stride : NULL;
    head = base;
    return count;
}

void *pool_alloc(void)
{
    void *block = head;
    if (block != NULL)
        head = *(void **)block;
    return block;
}

int pool_free(void *ptr)
{
    if (ptr == NULL)
        return 0;
    /* The checking build: a pointer that is not a block start changes nothing. */
    uintptr_t p = (uintptr_t)ptr, start = (uintptr_t)base;
    if (base == NULL || p < start || p - start >= count * stride || (p - start) % stride != 0)
        return -1;
    *(void **)ptr = head;
    head = ptr;
    return 0;
}
