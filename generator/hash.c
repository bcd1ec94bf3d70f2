#include "hash.h"

#include <string.h>

#define K1 0x9e3779b97f4a7c15ULL
#define K2 0xbf58476d1ce4e5b9ULL
#define K3 0x94d049bb133111ebULL

/* splitmix64's finaliser: every input bit reaches every output bit. */
static uint64_t S_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= K2;
	x ^= x >> 27;
	x *= K3;
	x ^= x >> 31;
	return x;
}

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = S_mix(seed ^ (len * K1));
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ S_mix(w + K1)) * K3 + K2;
		p += 8;
		len -= 8;
	}
	uint64_t w = 0;
	if (len > 0)
		memcpy(&w, p, len);
	h = (h ^ S_mix(w + len)) * K3 + K2;
	return S_mix(h);
}

uint64_t hash_str(const char *s, uint64_t seed)
{
	if (s == NULL)
		return hash_u64(0x6e756c6cULL, seed);
	return hash_bytes(s, strlen(s), seed);
}

uint64_t hash_u64(uint64_t v, uint64_t seed)
{
	return S_mix(S_mix(seed + K1) ^ v);
}
