/* A main() for the libFuzzer targets without libFuzzer: calls
 * LLVMFuzzerTestOneInput on each file named on the command line, so that
 * the seed corpus and the reproducers of every crash found
 * (tests/fuzz/regress/TARGET/) run in `make check` with gcc and
 * ASan/UBSan, where clang is not installed.  Names each file on stderr
 * before running it (a crash then says which); ends with
 * "N passed, 0 failed" when none crashed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int failed = 0, passed = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			failed++;
			continue;
		}
		size_t cap = 4096, len = 0;
		unsigned char *data = xmalloc(cap);
		size_t n;
		while ((n = fread(data + len, 1, cap - len, f)) > 0) {
			len += n;
			if (len == cap)
				data = xrealloc(data, cap *= 2);
		}
		fclose(f);
		fprintf(stderr, "running %s (%zu bytes)\n", argv[i], len);
		/* a copy of exactly len bytes, so that ASan sees a read past the end */
		unsigned char *exact = xmalloc(len ? len : 1);
		for (size_t k = 0; k < len; k++)
			exact[k] = data[k];
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
		passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed > 0;
}
