#include "links.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "map.h"
#include "xalloc.h"

struct links {
	struct map pages;    /* rel -> the page's ids, "\n"-separated with a "\n" at each end */
	struct map accepted; /* rel -> l: files not written that links may name (links_accept) */
};

struct links *links_new(void)
{
	return xcalloc(1, sizeof(struct links));
}

void links_free(struct links *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->pages.cap; i++)
		if (l->pages.slots[i].key)
			free(l->pages.slots[i].value);
	map_free(&l->pages);
	map_free(&l->accepted);
	free(l);
}

void links_add_page(struct links *l, const char *rel, const char *html, size_t len)
{
	struct buf ids = BUF_INIT;
	buf_putc(&ids, '\n');
	const char *end = html + len;
	for (const char *p = html; p + 5 <= end; p++) {
		if (memcmp(p, " id=\"", 5) != 0)
			continue;
		p += 5;
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (q == NULL)
			break;
		buf_put(&ids, p, (size_t)(q - p));
		buf_putc(&ids, '\n');
		p = q;
	}
	free(map_put(&l->pages, rel, buf_detach(&ids)));
}

const char *links_ids(const struct links *l, const char *rel)
{
	return map_get(&l->pages, rel);
}

void links_set_ids(struct links *l, const char *rel, const char *ids)
{
	free(map_put(&l->pages, rel, xstrdup(ids)));
}

static int S_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* s[0..n) with %XX decoded, appended to b. */
static void S_unescape(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = S_hex(s[i + 1])) >= 0 && (lo = S_hex(s[i + 2])) >= 0) {
			buf_putc(b, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_putc(b, s[i]);
		}
	}
}

/* Appends to b the output path of path (from the site root, decoded),
 * with "." and ".." resolved; returns -1 when it leaves the site. */
static int S_normalise(struct buf *b, const char *path)
{
	const char *p = path;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (b->len == 0)
				return -1;
			b->len--; /* the '/' of the last part */
			while (b->len > 0 && b->data[b->len - 1] != '/')
				b->len--;
			b->data[b->len] = '\0';
		} else if (!(n == 1 && p[0] == '.') && n > 0) {
			buf_put(b, p, n);
			if (p[n] == '/')
				buf_putc(b, '/');
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return 0;
}

static int S_has_id(const char *ids, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = ids; (p = strstr(p, id)) != NULL; p++)
		if (p[-1] == '\n' && p[n] == '\n')
			return 1;
	return 0;
}

enum target { TARGET_OURS, TARGET_OTHER, TARGET_BELOW_BASE, TARGET_OUTSIDE };

/* Appends to rel the output path url names from page p ("" or "x/" for a
 * folder), decoded, with "." and ".." resolved. */
static enum target S_target(const struct site *s, const struct page *p, const char *url, struct buf *rel)
{
	/* a scheme ("https:", "mailto:") or another host: not ours */
	size_t scheme = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	if ((scheme > 0 && url[scheme] == ':') || strncmp(url, "//", 2) == 0 || url[0] == '\0')
		return TARGET_OTHER;
	size_t plen = strcspn(url, "?#");
	size_t base_len = strlen(s->base_path);
	struct buf path = BUF_INIT, decoded = BUF_INIT;
	enum target t = TARGET_OURS;
	if (plen == 0) {
		buf_puts(&path, p->url); /* "#muc": this page */
	} else if (url[0] == '/') {
		buf_put(&path, url, plen);
	} else { /* relative to the page's folder */
		buf_puts(&path, p->url);
		while (path.len > 0 && path.data[path.len - 1] != '/')
			path.len--;
		path.data[path.len] = '\0';
		buf_put(&path, url, plen);
	}
	S_unescape(&decoded, path.data, path.len);
	const char *abs = buf_cstr(&decoded);
	if (strncmp(abs, s->base_path, base_len) != 0)
		t = TARGET_BELOW_BASE;
	else if (S_normalise(rel, abs + base_len) < 0)
		t = TARGET_OUTSIDE;
	buf_free(&decoded);
	buf_free(&path);
	return t;
}

int links_target(const struct site *s, const struct page *p, const char *url, struct buf *rel)
{
	return S_target(s, p, url, rel) == TARGET_OURS ? 0 : -1;
}

void links_accept(struct links *l, const char *rel)
{
	map_put(&l->accepted, rel, l);
}

/* 1 when rel was written, or stands for files that were (links_accept). */
static int S_exists(const struct links *l, struct output *o, const char *rel)
{
	return output_exists(o, rel) || map_get(&l->accepted, rel) != NULL;
}

/* Checks one link of page p; 1 when it is broken (reported). */
static int S_check(struct links *l, const struct site *s, const struct page *p, const struct page_link *k,
		   struct output *o, enum diag_severity sev, struct diag *d)
{
	const char *url = k->url;
	const char *frag = strchr(url, '#');
	size_t plen = strcspn(url, "?#");
	struct buf rel = BUF_INIT, id = BUF_INIT;
	int broken = 0;

	switch (S_target(s, p, url, &rel)) {
	case TARGET_OTHER:
		return 0;
	case TARGET_BELOW_BASE:
		diag_at(d, sev, p->file, k->line, k->col, "link to '%s' leads out of the site, which is below %s", url,
			s->base_path);
		broken = 1;
		goto out;
	case TARGET_OUTSIDE:
		diag_at(d, sev, p->file, k->line, k->col, "link to '%s' leads out of the site", url);
		broken = 1;
		goto out;
	case TARGET_OURS:
		break;
	}
	if (rel.len == 0 || rel.data[rel.len - 1] == '/')
		buf_puts(&rel, "index.html");
	else if (!S_exists(l, o, buf_cstr(&rel))) {
		/* "/vi/x" for the page "/vi/x/": servers redirect */
		buf_puts(&rel, "/index.html");
		if (!S_exists(l, o, buf_cstr(&rel)))
			rel.len -= strlen("/index.html");
		rel.data[rel.len] = '\0';
	}
	/* pages are named by their address: "/vi/x/", not "/vi/x/index.html" */
	size_t shown = rel.len;
	if (shown >= 10 && strcmp(rel.data + shown - 10, "index.html") == 0 && (shown == 10 || rel.data[shown - 11] == '/'))
		shown -= 10;
	if (!S_exists(l, o, buf_cstr(&rel))) {
		diag_at(d, sev, p->file, k->line, k->col, "link to '%s': nothing is at %s%.*s", url, s->base_path,
			(int)shown, rel.data);
		broken = 1;
		goto out;
	}
	if (frag && frag[1]) {
		S_unescape(&id, frag + 1, strlen(frag + 1));
		const char *ids = map_get(&l->pages, buf_cstr(&rel));
		if (ids && !S_has_id(ids, buf_cstr(&id))) {
			if (plen == 0)
				diag_at(d, sev, p->file, k->line, k->col, "link to '%s': this page has no element with id '%s'",
					url, buf_cstr(&id));
			else
				diag_at(d, sev, p->file, k->line, k->col, "link to '%s': %s%.*s has no element with id '%s'",
					url, s->base_path, (int)shown, rel.data, buf_cstr(&id));
			broken = 1;
		}
	}
out:
	buf_free(&rel);
	buf_free(&id);
	return broken;
}

int links_check(struct links *l, const struct site *s, struct output *o, int strict, struct diag *d)
{
	int broken = 0;
	enum diag_severity sev = strict ? DIAG_ERROR : DIAG_WARNING;
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];
		for (size_t k = 0; k < p->nlinks; k++)
			broken += S_check(l, s, p, &p->links[k], o, sev, d);
	}
	return broken;
}
