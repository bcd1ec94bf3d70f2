#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hash.h"
#include "msg.h"
#include "xalloc.h"

static const char S_magic[8] = {'W', 'S', 'S', 'T', 'A', 'T', 'E', '2'};
#define S_ENDIAN 0x01020304u

struct state *state_new(void)
{
	return xcalloc(1, sizeof(struct state));
}

void state_free(struct state *s)
{
	if (s == NULL)
		return;
	free(s->urls);
	free(s->fps);
	free(s->outputs);
	free(s->contents);
	map_free(&s->page_index);
	map_free(&s->output_index);
	map_free(&s->content_index);
	arena_free(&s->arena);
	free(s->buf);
	free(s);
}

static void *S_grow(void *p, uint32_t *cap, size_t size)
{
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(p, (size_t)*cap * size);
}

static void S_key(char out[17], uint64_t key)
{
	snprintf(out, 17, "%016llx", (unsigned long long)key);
}

uint32_t state_add_page(struct state *s, const char *url, uint64_t fp)
{
	uintptr_t have = (uintptr_t)map_get(&s->page_index, url);
	if (have) {
		s->fps[have - 1] = fp;
		return (uint32_t)(have - 1);
	}
	if (s->npages == s->pages_cap) {
		uint32_t cap = s->pages_cap;
		s->urls = S_grow(s->urls, &s->pages_cap, sizeof *s->urls);
		s->fps = S_grow(s->fps, &cap, sizeof *s->fps);
	}
	s->urls[s->npages] = url;
	s->fps[s->npages] = fp;
	map_put(&s->page_index, url, (void *)(uintptr_t)(s->npages + 1));
	return s->npages++;
}

struct state_output *state_add_output(struct state *s, const char *rel)
{
	uintptr_t have = (uintptr_t)map_get(&s->output_index, rel);
	struct state_output *o;
	if (have) {
		o = &s->outputs[have - 1];
	} else {
		if (s->noutputs == s->outputs_cap)
			s->outputs = S_grow(s->outputs, &s->outputs_cap, sizeof *s->outputs);
		o = &s->outputs[s->noutputs++];
		map_put(&s->output_index, rel, (void *)(uintptr_t)s->noutputs);
	}
	memset(o, 0, sizeof *o);
	o->rel = rel;
	return o;
}

struct state_content *state_add_content(struct state *s, uint64_t key)
{
	char k[17];
	S_key(k, key);
	uintptr_t have = (uintptr_t)map_get(&s->content_index, k);
	struct state_content *c;
	if (have) {
		c = &s->contents[have - 1];
	} else {
		if (s->ncontents == s->contents_cap)
			s->contents = S_grow(s->contents, &s->contents_cap, sizeof *s->contents);
		c = &s->contents[s->ncontents++];
		map_put(&s->content_index, k, (void *)(uintptr_t)s->ncontents);
	}
	memset(c, 0, sizeof *c);
	c->key = key;
	return c;
}

const struct state_output *state_output(const struct state *s, const char *rel)
{
	uintptr_t i = (uintptr_t)map_get(&s->output_index, rel);
	return i ? &s->outputs[i - 1] : NULL;
}

const struct state_content *state_content(const struct state *s, uint64_t key)
{
	char k[17];
	S_key(k, key);
	uintptr_t i = (uintptr_t)map_get(&s->content_index, k);
	return i ? &s->contents[i - 1] : NULL;
}

uint32_t state_page(const struct state *s, const char *url)
{
	return (uint32_t)(uintptr_t)map_get(&s->page_index, url);
}

/* ---- writing ---- */

static void S_u32(struct buf *b, uint32_t v)
{
	buf_put(b, &v, sizeof v);
}

static void S_u64(struct buf *b, uint64_t v)
{
	buf_put(b, &v, sizeof v);
}

/* A string: its length (0xffffffff for NULL), its bytes and a NUL. */
static void S_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		S_u32(b, 0xffffffffu);
		return;
	}
	size_t n = strlen(s);
	S_u32(b, (uint32_t)n);
	buf_put(b, s, n + 1);
}

/* fsync of the folder holding path, so that a rename into it survives a
 * power cut. */
static void S_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL   ? xstrdup(".")
		    : slash == path ? xstrdup("/")
				    : xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int state_write(const struct state *s, const char *path, char **why)
{
	struct buf b = BUF_INIT;
	buf_put(&b, S_magic, sizeof S_magic);
	S_u32(&b, S_ENDIAN);
	S_u64(&b, s->global);
	S_str(&b, s->out);
	S_u64(&b, s->out_ino);
	S_u32(&b, s->npages);
	for (uint32_t i = 0; i < s->npages; i++) {
		S_str(&b, s->urls[i]);
		S_u64(&b, s->fps[i]);
	}
	S_u32(&b, s->noutputs);
	for (uint32_t i = 0; i < s->noutputs; i++) {
		const struct state_output *o = &s->outputs[i];
		S_str(&b, o->rel);
		S_u64(&b, o->sig);
		S_u32(&b, o->ndeps);
		if (o->ndeps)
			buf_put(&b, o->deps, o->ndeps * sizeof *o->deps);
		S_str(&b, o->ids);
		S_u64(&b, o->size);
		S_u64(&b, (uint64_t)o->mtime_s);
		S_u64(&b, (uint64_t)o->mtime_ns);
	}
	S_u32(&b, s->ncontents);
	for (uint32_t i = 0; i < s->ncontents; i++) {
		const struct state_content *c = &s->contents[i];
		S_u64(&b, c->key);
		S_str(&b, c->html);
		S_str(&b, c->summary);
		S_u32(&b, c->nlinks);
		for (uint32_t k = 0; k < c->nlinks; k++) {
			S_str(&b, c->links[k].url);
			S_u32(&b, c->links[k].line);
			S_u32(&b, c->links[k].col);
		}
	}
	S_u64(&b, hash_bytes(b.data, b.len, 0));

	char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	int rc = -1;
	FILE *f = fopen(tmp, "wb");
	if (f == NULL || fwrite(b.data, 1, b.len, f) != b.len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		*why = xasprintf(msg_tr("cannot write %s: %s"), tmp, strerror(errno));
		if (f)
			fclose(f);
		unlink(tmp);
	} else if (fclose(f) != 0 || rename(tmp, path) != 0) {
		*why = xasprintf(msg_tr("cannot write %s: %s"), path, strerror(errno));
		unlink(tmp);
	} else {
		S_sync_dir(path); /* the rename itself; a failure only costs a full build */
		rc = 0;
	}
	free(tmp);
	buf_free(&b);
	return rc;
}

/* ---- reading ---- */

struct reader {
	const char *p, *end;
	int bad;
};

static int S_take(struct reader *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return -1;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static uint32_t S_get32(struct reader *r)
{
	uint32_t v;
	S_take(r, &v, sizeof v);
	return v;
}

static uint64_t S_get64(struct reader *r)
{
	uint64_t v;
	S_take(r, &v, sizeof v);
	return v;
}

static const char *S_getstr(struct reader *r)
{
	uint32_t n = S_get32(r);
	if (r->bad || n == 0xffffffffu)
		return NULL;
	if ((size_t)(r->end - r->p) < (size_t)n + 1 || r->p[n] != '\0' || memchr(r->p, '\0', n) != NULL) {
		r->bad = 1;
		return NULL;
	}
	const char *s = r->p;
	r->p += n + 1;
	return s;
}

/* A count of entries each at least min bytes long: more than the rest of
 * the file can hold is corrupt (and would be a huge allocation). */
static uint32_t S_count(struct reader *r, size_t min)
{
	uint32_t n = S_get32(r);
	if (!r->bad && (size_t)n > (size_t)(r->end - r->p) / min)
		r->bad = 1;
	return r->bad ? 0 : n;
}

static const char *S_getstr_req(struct reader *r)
{
	const char *s = S_getstr(r);
	if (s == NULL)
		r->bad = 1;
	return s;
}

struct state *state_read(const char *path, char **why)
{
	struct buf b = BUF_INIT;
	b.data = buf_read_file(path, &b.len);
	if (b.data == NULL) {
		*why = errno == ENOENT ? xstrdup("missing") : xasprintf(msg_tr("cannot read it: %s"), strerror(errno));
		return NULL;
	}
	b.cap = b.len + 1;
	uint64_t sum;
	if (b.len < sizeof S_magic + 4 + 8 || memcmp(b.data, S_magic, sizeof S_magic) != 0) {
		*why = xstrdup(msg_tr("it is not a build state of this version of wardsite"));
		buf_free(&b);
		return NULL;
	}
	memcpy(&sum, b.data + b.len - 8, 8);
	if (hash_bytes(b.data, b.len - 8, 0) != sum) {
		*why = xstrdup(msg_tr("it is corrupt (its checksum does not match)"));
		buf_free(&b);
		return NULL;
	}
	struct state *s = state_new();
	size_t len = b.len;
	s->buf = buf_detach(&b);
	struct reader r = {s->buf + sizeof S_magic, s->buf + len - 8, 0};
	if (S_get32(&r) != S_ENDIAN)
		r.bad = 1;
	s->global = S_get64(&r);
	s->out = S_getstr_req(&r);
	s->out_ino = S_get64(&r);
	uint32_t np = S_count(&r, 4 + 1 + 8);
	for (uint32_t i = 0; i < np && !r.bad; i++) {
		const char *url = S_getstr_req(&r);
		uint64_t fp = S_get64(&r);
		if (!r.bad)
			state_add_page(s, url, fp);
	}
	uint32_t no = S_count(&r, 4 + 1 + 8 + 4 + 4 + 24);
	for (uint32_t i = 0; i < no && !r.bad; i++) {
		const char *rel = S_getstr_req(&r);
		uint64_t sig = S_get64(&r);
		uint32_t nd = S_count(&r, 4);
		uint32_t *deps = nd ? arena_alloc(&s->arena, nd * sizeof *deps) : NULL;
		S_take(&r, deps ? (void *)deps : (void *)&sig, nd ? nd * sizeof *deps : 0);
		for (uint32_t k = 0; k < nd && !r.bad; k++)
			if (deps[k] >= s->npages)
				r.bad = 1;
		const char *ids = S_getstr_req(&r);
		uint64_t size = S_get64(&r);
		int64_t ms = (int64_t)S_get64(&r), mns = (int64_t)S_get64(&r);
		if (r.bad)
			break;
		struct state_output *o = state_add_output(s, rel);
		o->sig = sig;
		o->deps = deps;
		o->ndeps = nd;
		o->ids = ids;
		o->size = size;
		o->mtime_s = ms;
		o->mtime_ns = mns;
	}
	uint32_t nc = S_count(&r, 8 + 4 + 4 + 4);
	for (uint32_t i = 0; i < nc && !r.bad; i++) {
		uint64_t key = S_get64(&r);
		const char *html = S_getstr_req(&r);
		const char *summary = S_getstr(&r);
		uint32_t nl = S_count(&r, 4 + 1 + 8);
		struct state_link *links = nl ? arena_alloc(&s->arena, nl * sizeof *links) : NULL;
		for (uint32_t k = 0; k < nl && !r.bad; k++) {
			links[k].url = S_getstr_req(&r);
			links[k].line = S_get32(&r);
			links[k].col = S_get32(&r);
		}
		if (r.bad)
			break;
		struct state_content *c = state_add_content(s, key);
		c->html = html;
		c->summary = summary;
		c->links = links;
		c->nlinks = nl;
	}
	if (r.bad || r.p != r.end) {
		*why = xstrdup(msg_tr("it is corrupt (its records do not parse)"));
		state_free(s);
		return NULL;
	}
	return s;
}
