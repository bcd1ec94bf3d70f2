#include "harness.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "hash.h"
#include "state.h"

static char dir[] = "/tmp/wardsite-test-state-XXXXXX";

static char *path_of(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void test_hash(void)
{
	CHECK(hash_str("a", 0) != hash_str("b", 0));
	CHECK(hash_str("a", 0) != hash_str("a", 1));
	CHECK(hash_str(NULL, 0) != hash_str("", 0));
	CHECK(hash_bytes("abcdefgh", 8, 0) == hash_str("abcdefgh", 0));
	/* lengths of 7, 8 and 9 bytes, and a trailing NUL, all differ */
	CHECK(hash_bytes("abcdefg", 7, 0) != hash_bytes("abcdefg\0", 8, 0));
	CHECK(hash_bytes("abcdefgh", 8, 0) != hash_bytes("abcdefgh\0", 9, 0));
	CHECK(hash_u64(1, 0) != hash_u64(2, 0));
	CHECK(hash_u64(1, 0) == hash_u64(1, 0));
}

/* A state with every kind of record, written and read back. */
static void test_round_trip(void)
{
	struct state *s = state_new();
	s->global = 0x1122334455667788ULL;
	s->out = "/srv/site/public";
	s->out_ino = 4242;
	CHECK_INT(state_add_page(s, "/vi/", 11), 0);
	CHECK_INT(state_add_page(s, "/vi/tin-tuc/a/", 22), 1);
	CHECK_INT(state_add_page(s, "/vi/", 33), 0); /* replaced, not added */
	struct state_output *o = state_add_output(s, "vi/index.html");
	uint32_t deps[] = {0, 1};
	o->sig = 7;
	o->deps = deps;
	o->ndeps = 2;
	o->ids = "main\nnoi-dung";
	o->size = 1234;
	o->mtime_s = 1785000000;
	o->mtime_ns = 123456789;
	struct state_content *c = state_add_content(s, 0xabcdef);
	struct state_link links[] = {{"/vi/di-tich/", 3, 5}};
	c->html = "<p>Đồng Xoài</p>";
	c->summary = NULL;
	c->links = links;
	c->nlinks = 1;
	char *why = NULL;
	CHECK_INT(state_write(s, path_of("a.state"), &why), 0);
	CHECK(why == NULL);
	state_free(s);

	struct state *r = state_read(path_of("a.state"), &why);
	CHECK(r != NULL);
	if (r == NULL) {
		printf("%s\n", why);
		free(why);
		return;
	}
	CHECK(r->global == 0x1122334455667788ULL);
	CHECK_STR(r->out, "/srv/site/public");
	CHECK_INT(r->out_ino, 4242);
	CHECK_INT(r->npages, 2);
	CHECK_INT(state_page(r, "/vi/"), 1);
	CHECK_INT(r->fps[0], 33);
	CHECK_INT(state_page(r, "/vi/tin-tuc/a/"), 2);
	CHECK_INT(state_page(r, "/en/"), 0);
	const struct state_output *ro = state_output(r, "vi/index.html");
	CHECK(ro != NULL);
	if (ro) {
		CHECK_INT(ro->sig, 7);
		CHECK_INT(ro->ndeps, 2);
		CHECK_INT(ro->deps[1], 1);
		CHECK_STR(ro->ids, "main\nnoi-dung");
		CHECK_INT(ro->size, 1234);
		CHECK_INT(ro->mtime_s, 1785000000);
		CHECK_INT(ro->mtime_ns, 123456789);
	}
	CHECK(state_output(r, "en/index.html") == NULL);
	const struct state_content *rc = state_content(r, 0xabcdef);
	CHECK(rc != NULL);
	if (rc) {
		CHECK_STR(rc->html, "<p>Đồng Xoài</p>");
		CHECK(rc->summary == NULL);
		CHECK_INT(rc->nlinks, 1);
		CHECK_STR(rc->links[0].url, "/vi/di-tich/");
		CHECK_INT(rc->links[0].line, 3);
		CHECK_INT(rc->links[0].col, 5);
	}
	CHECK(state_content(r, 0xabcdee) == NULL);
	state_free(r);
}

static void fails(const char *name, const char *want)
{
	char *why = NULL;
	struct state *s = state_read(path_of(name), &why);
	CHECK(s == NULL);
	CHECK_STR(why, want);
	free(why);
	state_free(s);
}

static long file_size(const char *p)
{
	FILE *f = fopen(p, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	return n;
}

/* Every single-byte change and every truncation of a good file is caught:
 * none reads as a state. */
static void test_damage(void)
{
	const char *good = path_of("a.state");
	long n = file_size(good);
	CHECK(n > 40);
	FILE *f = fopen(good, "rb");
	char *data = malloc((size_t)n);
	CHECK(fread(data, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	int bad_flips = 0, bad_cuts = 0;
	for (long i = 0; i < n; i++) {
		data[i] ^= 0x5a;
		f = fopen(path_of("b.state"), "wb");
		fwrite(data, 1, (size_t)n, f);
		fclose(f);
		data[i] ^= 0x5a;
		char *why = NULL;
		struct state *s = state_read(path_of("b.state"), &why);
		if (s != NULL)
			bad_flips++;
		state_free(s);
		free(why);
		f = fopen(path_of("c.state"), "wb");
		fwrite(data, 1, (size_t)i, f);
		fclose(f);
		s = state_read(path_of("c.state"), &why);
		if (s != NULL)
			bad_cuts++;
		state_free(s);
		free(why);
	}
	CHECK_INT(bad_flips, 0);
	CHECK_INT(bad_cuts, 0);
	free(data);

	fails("missing.state", "missing");
	f = fopen(path_of("d.state"), "wb");
	fputs("WSSTATE1 an older version", f);
	fclose(f);
	fails("d.state", "it is not a build state of this version of wardsite");
	f = fopen(path_of("e.state"), "wb");
	fputs("WSSTATE2", f);
	for (int i = 0; i < 40; i++)
		fputc(i, f);
	fclose(f);
	fails("e.state", "it is corrupt (its checksum does not match)");
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	test_hash();
	test_round_trip();
	test_damage();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	HARNESS_DONE();
}
