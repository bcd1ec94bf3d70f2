/* selfid: what identifies the running wardsite binary, for the build state
 * (a different wardsite may render differently, so its state is not
 * reused).  The linker's build-id note when the binary has one (Debian's
 * gcc adds it by default): read from memory, without reading the file;
 * else a hash of /proc/self/exe, as before. */
#ifndef WARDSITE_SELFID_H
#define WARDSITE_SELFID_H

#include <stddef.h>
#include <stdint.h>

/* A 64-bit fingerprint of this binary, mixed into seed; 0 when neither
 * the build-id nor the file could be read (the caller then treats every
 * state as stale). */
uint64_t selfid_hash(uint64_t seed);

/* The build-id of the running program: copies up to cap bytes to id and
 * returns its length, or 0 when it has none. */
size_t selfid_build_id(unsigned char *id, size_t cap);

#endif
