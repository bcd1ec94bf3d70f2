/* glossary: the English names of the foreign-information column, checked
 * on every English page (see glossary.h). */
#define _GNU_SOURCE /* memmem */
#include "glossary.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "msg.h"
#include "site.h"
#include "source.h"
#include "text.h"
#include "xalloc.h"

/* Limits against hostile files: entries, variants of one entry, uses of
 * names found on one page. */
#define GLOSSARY_MAX_TERMS    10000
#define GLOSSARY_MAX_VARIANTS 100
#define GLOSSARY_MAX_HITS     10000

struct form {
	char *folded; /* letters and digits only (S_fold) */
	size_t len;
	int variant; /* 0: the English name itself */
};

struct entry {
	char *vi, *en;
	char *canon; /* en as S_canon makes it, for the comparison */
	int line;
	struct form *forms;
	size_t nforms;
};

struct glossary {
	struct entry *t;
	size_t n;
};

/* ---- folding ---- */

/* A text folded to its letters and digits: marks dropped (after
 * decomposition), case folded, đ as d.  For each folded byte, the
 * original code point's bytes [from, to) and whether a separator (not a
 * letter, digit or mark) came before it. */
struct folded {
	struct buf f;
	size_t *from, *to;
	unsigned char *brk;
	size_t cap;
};

/* U+00D0 (Ð) is typed for Đ by some keyboards. */
static utf8proc_int32_t S_eth(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return cp == 0x00D0 ? 0x0110 : cp;
}

/* The folded bytes of one code point into out (at most 15); -1 for a
 * separator, 0 for a mark (nothing, and no break). */
static int S_fold_cp(utf8proc_int32_t cp, char *out)
{
	utf8proc_uint8_t in[4], *dec = NULL;
	utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
	n = utf8proc_map_custom(in, n, &dec, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, S_eth, NULL);
	int len = 0, letters = 0;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(dec + i, n - i, &c);
		if (k <= 0)
			break;
		i += k;
		if (c == 0x0111 || c == 0x0110)
			c = 'd';
		utf8proc_category_t cat = utf8proc_category(c);
		if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
		    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO)) {
			utf8proc_uint8_t tmp[4];
			utf8proc_ssize_t m = utf8proc_encode_char(c, tmp);
			if (len + m > 15)
				break;
			memcpy(out + len, tmp, (size_t)m);
			len += (int)m;
			letters = 1;
		}
	}
	free(dec);
	if (letters)
		return len;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME ? 0 : -1;
}

/* S_fold_cp of the code points below this (Latin, Vietnamese, Greek,
 * Cyrillic), made once on first use: a lookup per character.  (Called
 * from the build's and the report's one thread only.) */
#define FOLD_TABLE 0x2000

struct S_folded_cp {
	signed char n;
	char s[15];
};

static int S_fold_cached(utf8proc_int32_t cp, char *out)
{
	static struct S_folded_cp table[FOLD_TABLE];
	static int ready;
	if (cp >= FOLD_TABLE)
		return S_fold_cp(cp, out);
	if (!ready) {
		for (utf8proc_int32_t c = 0; c < FOLD_TABLE; c++)
			table[c].n = (signed char)S_fold_cp(c, table[c].s);
		ready = 1;
	}
	if (table[cp].n > 0)
		memcpy(out, table[cp].s, (size_t)table[cp].n);
	return table[cp].n;
}

/* Folds s (len bytes) into *fo (emptied first). */
static void S_fold(struct folded *fo, const char *s, size_t len)
{
	fo->f.len = 0;
	int brk = 1;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) { /* not UTF-8: a separator */
			i++;
			brk = 1;
			continue;
		}
		char out[16];
		int n = cp < 0x80 ? ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ? (out[0] = (char)cp, 1)
				     : cp >= 'A' && cp <= 'Z' ? (out[0] = (char)(cp + 32), 1) : -1)
				  : S_fold_cached(cp, out);
		if (n < 0)
			brk = 1;
		for (int j = 0; j < n; j++) {
			if (fo->f.len == fo->cap) {
				fo->cap = fo->cap ? fo->cap * 2 : 256;
				fo->from = xrealloc(fo->from, fo->cap * sizeof *fo->from);
				fo->to = xrealloc(fo->to, fo->cap * sizeof *fo->to);
				fo->brk = xrealloc(fo->brk, fo->cap);
			}
			fo->from[fo->f.len] = i;
			fo->to[fo->f.len] = i + (size_t)k;
			fo->brk[fo->f.len] = (unsigned char)brk;
			buf_putc(&fo->f, out[j]);
			brk = 0;
		}
		i += (size_t)k;
	}
}

static void S_folded_free(struct folded *fo)
{
	buf_free(&fo->f);
	free(fo->from);
	free(fo->to);
	free(fo->brk);
}

/* s folded, as a new string (caller frees), *len its length. */
static char *S_fold_string(const char *s, size_t *len)
{
	struct folded fo = {BUF_INIT, NULL, NULL, NULL, 0};
	S_fold(&fo, s, strlen(s));
	*len = fo.f.len;
	char *r = xstrndup(fo.f.data ? fo.f.data : "", fo.f.len);
	S_folded_free(&fo);
	return r;
}

/* What is compared with the English name: NFC, typographic apostrophes as
 * ', every run of white space (a line end in Markdown too) one space. */
static char *S_canon(const char *s, size_t len)
{
	size_t n;
	char *nfc = text_nfc(s, len, &n);
	struct buf b = BUF_INIT;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)nfc[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && b.len > 0)
			buf_putc(&b, ' ');
		space = 0;
		/* U+2018, U+2019 (‘ ’) and U+02BC (ʼ) as ' */
		if (c == 0xE2 && i + 2 < n && (unsigned char)nfc[i + 1] == 0x80 &&
		    ((unsigned char)nfc[i + 2] == 0x98 || (unsigned char)nfc[i + 2] == 0x99)) {
			buf_putc(&b, '\'');
			i += 2;
		} else if (c == 0xCA && i + 1 < n && (unsigned char)nfc[i + 1] == 0xBC) {
			buf_putc(&b, '\'');
			i += 1;
		} else {
			buf_putc(&b, (char)c);
		}
	}
	free(nfc);
	return b.data ? buf_detach(&b) : xstrdup("");
}

/* ---- the file ---- */

static const char *S_str(const struct value *m, const char *key)
{
	const struct value *v = value_get(m, key);
	return v && v->type == VALUE_STRING ? v->str : NULL;
}

static void S_add_form(struct entry *t, const char *s, int variant)
{
	t->forms = xrealloc(t->forms, (t->nforms + 1) * sizeof *t->forms);
	struct form *f = &t->forms[t->nforms++];
	f->folded = S_fold_string(s, &f->len);
	f->variant = variant;
}

struct glossary *glossary_parse(const struct value *root, const char *path, struct diag *d)
{
	int errors = d->errors;
	if (root == NULL || root->type == VALUE_NULL)
		return xcalloc(1, sizeof(struct glossary));
	if (root->type != VALUE_LIST) {
		diag_error(d, path, root->line, root->col,
			   "the glossary must be a list of names, each \"- vi: …\" with \"en: …\" below it");
		return NULL;
	}
	if (root->n > GLOSSARY_MAX_TERMS) {
		diag_error(d, path, root->line, root->col, "the glossary has %zu names, more than the %d allowed", root->n,
			   GLOSSARY_MAX_TERMS);
		return NULL;
	}
	struct glossary *g = xcalloc(1, sizeof *g);
	g->t = xcalloc(root->n ? root->n : 1, sizeof *g->t);
	for (size_t i = 0; i < root->n; i++) {
		const struct value *e = root->items[i];
		if (e->type != VALUE_MAP) {
			diag_error(d, path, e->line, e->col, "a name of the glossary must be a map with vi, en and variants");
			continue;
		}
		for (size_t k = 0; k < e->n; k++) {
			const char *key = e->keys[k]->str;
			if (strcmp(key, "vi") != 0 && strcmp(key, "en") != 0 && strcmp(key, "variants") != 0)
				diag_warning(d, path, e->keys[k]->line, e->keys[k]->col,
					     "unknown key '%s' in a name of the glossary is ignored (vi, en, variants)", key);
		}
		const char *vi = S_str(e, "vi"), *en = S_str(e, "en");
		if (vi == NULL || en == NULL) {
			diag_error(d, path, e->line, e->col,
				   "this name of the glossary needs vi (the Vietnamese name) and en (its one English form), "
				   "each a text");
			continue;
		}
		struct entry *t = &g->t[g->n];
		memset(t, 0, sizeof *t);
		t->vi = xstrdup(vi);
		t->en = xstrdup(en);
		t->canon = S_canon(en, strlen(en));
		t->line = e->line;
		S_add_form(t, en, 0);
		g->n++;
		if (t->forms[0].len == 0) {
			diag_error(d, path, e->line, e->col, "the English name '%s' has no letter or digit", en);
			continue;
		}
		const struct value *vs = value_get(e, "variants");
		if (vs == NULL || vs->type == VALUE_NULL)
			continue;
		if (vs->type == VALUE_STRING) {
			diag_error(d, path, vs->line, vs->col, "variants must be a list: variants: [\"%s\"]", vs->str);
			continue;
		}
		if (vs->type != VALUE_LIST || vs->n > GLOSSARY_MAX_VARIANTS) {
			diag_error(d, path, vs->line, vs->col, "variants must be a list of at most %d texts",
				   GLOSSARY_MAX_VARIANTS);
			continue;
		}
		for (size_t k = 0; k < vs->n; k++) {
			const struct value *v = vs->items[k];
			if (v->type != VALUE_STRING) {
				diag_error(d, path, v->line, v->col, "a variant must be a text");
				continue;
			}
			size_t n;
			char *f = S_fold_string(v->str, &n);
			if (n == 0)
				diag_error(d, path, v->line, v->col, "the variant '%s' has no letter or digit", v->str);
			else if (n == t->forms[0].len && memcmp(f, t->forms[0].folded, n) == 0)
				diag_warning(d, path, v->line, v->col,
					     "the variant '%s' differs from '%s' only in case, diacritics, hyphens or spacing: "
					     "such forms are found without being listed, so this line is not needed",
					     v->str, en);
			else
				S_add_form(t, v->str, 1);
			free(f);
		}
	}
	if (d->errors > errors) {
		glossary_free(g);
		return NULL;
	}
	return g;
}

void glossary_free(struct glossary *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->n; i++) {
		for (size_t k = 0; k < g->t[i].nforms; k++)
			free(g->t[i].forms[k].folded);
		free(g->t[i].forms);
		free(g->t[i].vi);
		free(g->t[i].en);
		free(g->t[i].canon);
	}
	free(g->t);
	free(g);
}

const char *glossary_en(const struct glossary *g, size_t term)
{
	return g->t[term].en;
}

const char *glossary_vi(const struct glossary *g, size_t term)
{
	return g->t[term].vi;
}

int glossary_line(const struct glossary *g, size_t term)
{
	return g->t[term].line;
}

/* ---- finding ---- */

/* 1 when the canonical forms a and b are the same but for the case of
 * their first letter: a name at the start of a sentence or of a table
 * cell takes a capital ("Ward Police" for "ward Police"). */
static int S_same(const char *a, const char *b)
{
	utf8proc_int32_t ca, cb;
	utf8proc_ssize_t ka = utf8proc_iterate((const utf8proc_uint8_t *)a, -1, &ca);
	utf8proc_ssize_t kb = utf8proc_iterate((const utf8proc_uint8_t *)b, -1, &cb);
	if (ka <= 0 || kb <= 0)
		return strcmp(a, b) == 0;
	return utf8proc_toupper(ca) == utf8proc_toupper(cb) && strcmp(a + ka, b + kb) == 0;
}

struct S_hit {
	size_t start, end; /* bytes of the text */
	size_t term;
	int variant;
};

static int S_cmp_hit(const void *a, const void *b)
{
	const struct S_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* the longer first */
	return x->term < y->term ? -1 : x->term > y->term;
}

size_t glossary_scan(const struct glossary *g, const char *text, size_t len, glossary_found_fn fn, void *ud)
{
	if (g == NULL || g->n == 0 || len == 0)
		return 0;
	struct folded fo = {BUF_INIT, NULL, NULL, NULL, 0};
	S_fold(&fo, text, len);
	size_t nf = fo.f.len, nh = 0, caph = 0;
	struct S_hit *h = NULL;
	const char *f = fo.f.data;
	for (size_t t = 0; t < g->n && nh < GLOSSARY_MAX_HITS; t++) {
		for (size_t k = 0; k < g->t[t].nforms; k++) {
			const struct form *fm = &g->t[t].forms[k];
			if (fm->len == 0 || fm->len > nf)
				continue;
			for (size_t a = 0; a + fm->len <= nf && nh < GLOSSARY_MAX_HITS;) {
				const char *at = memmem(f + a, nf - a, fm->folded, fm->len);
				if (at == NULL)
					break;
				size_t s = (size_t)(at - f), e = s + fm->len;
				a = s + 1;
				/* whole words of the text only */
				if (!fo.brk[s] || (e < nf && !fo.brk[e]))
					continue;
				if (nh == caph) {
					caph = caph ? caph * 2 : 16;
					h = xrealloc(h, caph * sizeof *h);
				}
				h[nh++] = (struct S_hit){fo.from[s], fo.to[e - 1], t, fm->variant};
			}
		}
	}
	if (nh > 1)
		qsort(h, nh, sizeof *h, S_cmp_hit);
	size_t found = 0, covered = 0; /* end of the last name kept */
	for (size_t i = 0; i < nh; i++) {
		if (i > 0 && h[i].end <= covered)
			continue; /* inside a longer name (or the same place twice) */
		covered = h[i].end;
		const struct entry *t = &g->t[h[i].term];
		int other = h[i].variant;
		if (!other) {
			char *c = S_canon(text + h[i].start, h[i].end - h[i].start);
			other = !S_same(c, t->canon);
			free(c);
		}
		if (other) {
			found++;
			if (fn)
				fn(ud, h[i].start, h[i].end - h[i].start, h[i].term);
		}
	}
	free(h);
	S_folded_free(&fo);
	return found;
}

/* ---- prose of a page ---- */

static void S_blank(char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] != '\n')
			s[i] = ' ';
}

/* 1 when s[i..] starts a fence (up to 3 spaces, then 3 or more ` or ~);
 * *ch and *n the fence character and its count. */
static int S_fence(const char *s, size_t i, size_t len, char *ch, size_t *n)
{
	size_t sp = 0;
	while (i < len && s[i] == ' ' && sp < 4)
		i++, sp++;
	if (sp > 3 || i >= len || (s[i] != '`' && s[i] != '~'))
		return 0;
	size_t k = 0;
	while (i + k < len && s[i + k] == s[i])
		k++;
	if (k < 3)
		return 0;
	*ch = s[i];
	*n = k;
	return 1;
}

/* A token (no white space) that is an address: a URL, an e-mail, a
 * domain name (two dots, each followed by a letter). */
static int S_address(const char *s, size_t from, size_t to)
{
	size_t dots = 0;
	for (size_t i = from; i < to; i++) {
		if (s[i] == '@' || (s[i] == ':' && i + 2 < to && s[i + 1] == '/' && s[i + 2] == '/'))
			return 1;
		if (s[i] == '.' && i + 1 < to && ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z'))
			dots++;
	}
	return dots >= 2 || (to - from > 4 && strncmp(s + from, "www.", 4) == 0);
}

void glossary_prose(char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* a line: fenced code is blanked to its closing fence */
		char ch;
		size_t n;
		size_t eol = i;
		while (eol < len && s[eol] != '\n')
			eol++;
		if (S_fence(s, i, len, &ch, &n)) {
			size_t j = eol;
			while (j < len) {
				size_t line = j + 1, end = line;
				while (end < len && s[end] != '\n')
					end++;
				char c2;
				size_t n2;
				if (line < len && S_fence(s, line, len, &c2, &n2) && c2 == ch && n2 >= n) {
					j = end;
					break;
				}
				j = end;
			}
			S_blank(s, i, j);
			i = j < len ? j + 1 : len;
			continue;
		}
		/* a block quote's markers at the start of the line: a name
		 * that runs on to the next line of the quote is one name */
		size_t j = i;
		while (j < eol && (s[j] == ' ' || s[j] == '>'))
			j++;
		if (memchr(s + i, '>', j - i))
			S_blank(s, i, j);
		i = eol < len ? eol + 1 : len;
	}
	for (i = 0; i < len;) {
		char c = s[i];
		if (c == '`') { /* a code span: to the next run of as many backticks */
			size_t n = 0;
			while (i + n < len && s[i + n] == '`')
				n++;
			size_t j = i + n, close = 0;
			while (j < len && !close) {
				if (s[j] == '`') {
					size_t m = 0;
					while (j + m < len && s[j + m] == '`')
						m++;
					if (m == n)
						close = j + m;
					j += m;
				} else {
					j++;
				}
			}
			if (close) {
				S_blank(s, i, close);
				i = close;
			} else {
				i += n;
			}
		} else if (c == ']' && i + 1 < len && s[i + 1] == '(') { /* a link's target */
			size_t j = i + 2;
			int depth = 1;
			while (j < len && depth > 0) {
				if (s[j] == '(')
					depth++;
				else if (s[j] == ')')
					depth--;
				j++;
			}
			S_blank(s, i + 1, j);
			i = j;
		} else if (c == '<' && i + 1 < len && (s[i + 1] == '/' || s[i + 1] == '!' ||
						      ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z'))) {
			/* an HTML tag or an autolink, on its line */
			size_t j = i + 1;
			while (j < len && s[j] != '>' && s[j] != '\n')
				j++;
			if (j < len && s[j] == '>') {
				S_blank(s, i, j + 1);
				i = j + 1;
			} else {
				i++;
			}
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '(' || c == '[') {
			i++;
		} else { /* a token: blanked when it is an address */
			size_t j = i;
			while (j < len && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '`' && s[j] != '<' &&
			       !(s[j] == ']' && j + 1 < len && s[j + 1] == '('))
				j++;
			if (S_address(s, i, j))
				S_blank(s, i, j);
			i = j > i ? j : i + 1;
		}
	}
}

/* ---- the pages ---- */

void glossary_hits_free(struct glossary_hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].found);
		free(h->v[i].vi);
		free(h->v[i].en);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

struct S_page_scan {
	const struct glossary *g;
	const struct page *p;
	const char *raw;  /* the file, for positions */
	const char *text; /* what was searched (raw with what is not prose blanked) */
	int warn, strict;
	struct glossary_hits *hits;
	struct diag *d;
};

static void S_found(void *ud, size_t off, size_t len, size_t term)
{
	struct S_page_scan *ps = ud;
	int line, col;
	text_position(ps->raw, off, &line, &col);
	char *found = S_canon(ps->text + off, len); /* a quote's markers and line ends as one space */
	const struct entry *t = &ps->g->t[term];
	if (ps->warn)
		diag_at(ps->d, ps->strict ? DIAG_ERROR : DIAG_WARNING, ps->p->file, line, col,
			"'%s' is another English form of '%s': write '%s', its one form in %s:%d", found, t->vi, t->en,
			GLOSSARY_PATH, t->line);
	if (ps->hits) {
		struct glossary_hits *h = ps->hits;
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 16;
			h->v = xrealloc(h->v, h->cap * sizeof *h->v);
		}
		h->v[h->n++] = (struct glossary_hit){ps->p, line, col, xstrdup(found), xstrdup(t->vi), xstrdup(t->en), t->line};
	}
	free(found);
}

/* A copy of raw (p's file, *len bytes) to search: the prose of the body
 * and the values of title, summary and description; everything else
 * blanked (caller frees). */
static char *S_page_text(const struct page *p, const char *raw, size_t *len)
{
	char *s = xmalloc(*len + 1);
	memcpy(s, raw, *len);
	s[*len] = '\0';
	/* the line where the body starts; before it the front matter */
	size_t body = 0;
	for (int line = 1; body < *len && line < p->body_line; body++)
		if (s[body] == '\n')
			line++;
	if (p->body_line <= 1)
		body = 0;
	char *keep = xcalloc(body + 1, 1);
	const struct value *fm = p->front && p->front->type == VALUE_MAP ? p->front : NULL;
	for (size_t k = 0; fm && k < fm->n; k++) {
		const char *key = fm->keys[k]->str;
		if (strcmp(key, "title") != 0 && strcmp(key, "summary") != 0 && strcmp(key, "description") != 0)
			continue;
		int from = fm->keys[k]->line, to = k + 1 < fm->n ? fm->keys[k + 1]->line : p->body_line - 1;
		/* the lines of the key, after its colon */
		size_t at = 0;
		int line = 1;
		for (; at < body && line < from; at++)
			if (s[at] == '\n')
				line++;
		while (at < body && s[at] != ':' && s[at] != '\n')
			at++;
		for (; at < body && line < to; at++) {
			keep[at] = 1;
			if (s[at] == '\n')
				line++;
		}
	}
	for (size_t i = 0; i < body; i++)
		if (!keep[i] && s[i] != '\n')
			s[i] = ' ';
	free(keep);
	glossary_prose(s + body, *len - body);
	return s;
}

int glossary_check(struct source *src, const struct site *s, int warn, int strict, int yaml_errors,
		   struct glossary_hits *hits, struct diag *d)
{
	const struct source_file *f = source_find(src, GLOSSARY_PATH);
	if (f == NULL)
		return 0;
	char *text, *err = NULL;
	size_t len;
	if (f->kind != SOURCE_FILE || source_read(src, f, &text, &len, &err) < 0) {
		if (err)
			diag_error(d, GLOSSARY_PATH, 0, 0, "%s", err);
		free(err);
		return err ? -1 : 0;
	}
	struct diag quiet;
	diag_init(&quiet, NULL);
	struct value *root = value_parse_yaml(text, len, GLOSSARY_PATH, 0, yaml_errors ? d : &quiet);
	free(text);
	int bad_yaml = quiet.errors > 0;
	diag_free(&quiet);
	if (root == NULL)
		return bad_yaml || yaml_errors ? -1 : 0;
	struct glossary *g = glossary_parse(root, GLOSSARY_PATH, d);
	value_free(root);
	if (g == NULL)
		return -1;
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];
		if (p->file == NULL || strcmp(p->lang->code, "en") != 0)
			continue;
		char *raw = NULL;
		const struct source_file *pf = source_find(src, p->file);
		size_t plen;
		char *e2 = NULL;
		if (pf == NULL || source_read(src, pf, &raw, &plen, &e2) < 0) {
			free(e2);
			continue;
		}
		size_t tlen = plen;
		char *t = S_page_text(p, raw, &tlen);
		struct S_page_scan ps = {g, p, raw, t, warn, strict, hits, d};
		glossary_scan(g, t, tlen, S_found, &ps);
		free(t);
		free(raw);
	}
	glossary_free(g);
	return 0;
}
