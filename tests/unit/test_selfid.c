/* Unit tests of selfid: the build-id read from memory is the one the
 * linker wrote (as readelf shows it), and the fingerprint is stable. */
#include <stdio.h>

#include "harness.h"
#include "selfid.h"

/* The build-id of the program file path as readelf prints it, in hex; ""
 * when readelf is missing or the program has none.  The path is argv[0],
 * not /proc/self/exe: under valgrind that is valgrind's own program. */
static void S_readelf(const char *path, char *hex, size_t cap)
{
	char cmd[4200];
	hex[0] = '\0';
	if (strlen(path) > 4096 || strchr(path, '\'') != NULL)
		return;
	snprintf(cmd, sizeof cmd, "readelf -n '%s' 2>/dev/null", path);
	FILE *f = popen(cmd, "r");
	if (f == NULL)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		const char *p = strstr(line, "Build ID: ");
		if (p && sscanf(p + 10, "%127[0-9a-f]", hex) == 1 && strlen(hex) < cap)
			break;
	}
	pclose(f);
}

int main(int argc, char **argv)
{
	(void)argc;
	unsigned char id[64];
	size_t n = selfid_build_id(id, sizeof id);
	char want[128], got[129] = "";
	S_readelf(argv[0], want, sizeof want);
	for (size_t i = 0; i < n && 2 * i + 2 < sizeof got; i++)
		snprintf(got + 2 * i, 3, "%02x", id[i]);
	CHECK(want[0] != '\0'); /* Debian's gcc links with a build-id */
	CHECK_STR(got, want);
	CHECK_INT(n, strlen(want) / 2);

	unsigned char small[4];
	CHECK_INT(selfid_build_id(small, sizeof small), n < 4 ? n : 4);
	CHECK(n < 4 || memcmp(small, id, 4) == 0);

	CHECK(selfid_hash(0) != 0);
	CHECK(selfid_hash(0) == selfid_hash(0));
	CHECK(selfid_hash(0) != selfid_hash(1));
	HARNESS_DONE();
}
