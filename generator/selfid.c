/* selfid: the running binary's build-id, or a hash of its file (see
 * selfid.h). */
/* dl_iterate_phdr and struct dl_phdr_info are GNU extensions of <link.h> */
#define _GNU_SOURCE
#include "selfid.h"

#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"

struct found {
	unsigned char *id;
	size_t cap, len;
};

/* One note's payload when it is NT_GNU_BUILD_ID named "GNU"; notes are
 * 4-byte aligned on every platform wardsite is built for. */
static int S_scan_notes(const unsigned char *p, size_t size, struct found *out)
{
	while (size >= sizeof(ElfW(Nhdr))) {
		ElfW(Nhdr) nh;
		memcpy(&nh, p, sizeof nh);
		size_t name = (nh.n_namesz + 3u) & ~(size_t)3, desc = (nh.n_descsz + 3u) & ~(size_t)3;
		if (name > size - sizeof nh || desc > size - sizeof nh - name)
			return 0;
		const unsigned char *np = p + sizeof nh;
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && memcmp(np, "GNU", 4) == 0 && nh.n_descsz > 0) {
			out->len = nh.n_descsz < out->cap ? nh.n_descsz : out->cap;
			memcpy(out->id, np + name, out->len);
			return 1;
		}
		p += sizeof nh + name + desc;
		size -= sizeof nh + name + desc;
	}
	return 0;
}

/* dl_iterate_phdr's callback: the first object is the program itself. */
static int S_program(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct found *out = data;
	for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type == PT_NOTE &&
		    S_scan_notes((const unsigned char *)(info->dlpi_addr + ph->p_vaddr), ph->p_memsz, out))
			break;
	}
	return 1; /* stop after the program */
}

size_t selfid_build_id(unsigned char *id, size_t cap)
{
	struct found out = {id, cap, 0};
	dl_iterate_phdr(S_program, &out);
	return out.len;
}

uint64_t selfid_hash(uint64_t seed)
{
	unsigned char id[64];
	size_t n = selfid_build_id(id, sizeof id);
	if (n > 0)
		return hash_bytes(id, n, hash_str("build-id", seed));
	FILE *exe = fopen("/proc/self/exe", "rb");
	if (exe == NULL)
		return 0;
	uint64_t h = seed;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, exe)) > 0)
		h = hash_bytes(chunk, got, h);
	fclose(exe);
	return h;
}
