/* hash: 64-bit hashes of bytes, for fingerprints of build inputs.
 *
 * Not cryptographic: they tell an edited page from an unedited one, they
 * do not resist someone who crafts collisions (who could as well commit
 * the content they want). */
#ifndef WARDSITE_HASH_H
#define WARDSITE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of len bytes at data, continuing from seed. */
uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);

/* The hash of a C string (NULL hashes unlike ""), continuing from seed. */
uint64_t hash_str(const char *s, uint64_t seed);

/* The hash of a number, continuing from seed. */
uint64_t hash_u64(uint64_t v, uint64_t seed);

#endif
