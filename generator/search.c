#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "json.h"
#include "map.h"
#include "text.h"
#include "xalloc.h"

/* Ð (U+00D0, the Icelandic eth) is typed for Đ by some keyboards. */
static utf8proc_int32_t S_fix_eth(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return cp == 0x00D0 ? 0x0110 : cp;
}

/* The folded form of one code point: its letters and digits, with ' ' for
 * anything else; "" for a combining mark (it never breaks a word).  Folding
 * is per code point (decomposition, dropped marks and case folding do not
 * look at neighbours), so a string folds as the concatenation. */
struct fold {
	unsigned char len;
	char s[15];
};

static void S_fold_cp(utf8proc_int32_t cp, struct fold *f)
{
	utf8proc_uint8_t in[4], *dec = NULL;
	utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
	f->len = 0;
	n = utf8proc_map_custom(in, n, &dec,
				UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT, S_fix_eth,
				NULL);
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(dec + i, n - i, &c);
		if (k <= 0)
			break;
		i += k;
		if (c == 0x0111 || c == 0x0110)
			c = 'd';
		utf8proc_category_t cat = utf8proc_category(c);
		int letter = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
			     (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
		utf8proc_uint8_t tmp[4];
		utf8proc_ssize_t m = letter ? utf8proc_encode_char(c, tmp) : 1;
		if (f->len + m > (utf8proc_ssize_t)sizeof f->s)
			break;
		if (letter)
			memcpy(f->s + f->len, tmp, (size_t)m);
		else
			f->s[f->len] = ' ';
		f->len += (unsigned char)m;
	}
	if (n == 0 && utf8proc_category(cp) < UTF8PROC_CATEGORY_MN) /* not a mark, yet nothing: a break */
		f->s[f->len++] = ' ';
	free(dec);
}

/* Code points below this (Latin, Vietnamese U+1EA0-U+1EF9, Greek,
 * Cyrillic, …) are folded once, on first use, into a table: that makes
 * folding the text of every page a lookup per character.  (The build is
 * single-threaded; workers would need it built before they start.) */
#define FOLD_TABLE 0x2000

void search_fold(struct buf *out, const char *s, size_t len)
{
	static struct fold table[FOLD_TABLE];
	static int ready;
	if (!ready) {
		for (utf8proc_int32_t cp = 0; cp < FOLD_TABLE; cp++)
			S_fold_cp(cp, &table[cp]);
		ready = 1;
	}
	int in_word = 0;
	struct fold other;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			break; /* only invalid UTF-8 stops, and the model holds none */
		i += (size_t)k;
		const struct fold *f = &table[0];
		if (cp < FOLD_TABLE) {
			f = &table[cp];
		} else {
			S_fold_cp(cp, &other);
			f = &other;
		}
		for (size_t j = 0; j < f->len; j++) {
			if (f->s[j] != ' ') {
				buf_putc(out, f->s[j]);
				in_word = 1;
			} else if (in_word) {
				buf_putc(out, ' ');
				in_word = 0;
			}
		}
	}
	if (in_word)
		buf_putc(out, ' ');
}

/* 1 for the tag at p ("<em>", "</a>") of an element inside a line of text,
 * which does not separate words: "<strong>Đồng</strong>Xoài". */
static int S_inline_tag(const char *p)
{
	static const char *const names[] = {"a", "abbr", "b", "code", "del", "em", "i", "mark", "s", "small",
					    "span", "strong", "sub", "sup", "u", NULL};
	p += 1 + (p[1] == '/');
	size_t n = strcspn(p, " \t\n/>");
	for (const char *const *q = names; *q; q++)
		if (strlen(*q) == n && strncmp(*q, p, n) == 0)
			return 1;
	return 0;
}

void search_html_text(struct buf *out, const char *html)
{
	const char *p = html;
	while (*p) {
		size_t n = strcspn(p, "<&");
		buf_put(out, p, n);
		p += n;
		if (*p == '<') {
			const char *end = strchr(p, '>');
			if (!S_inline_tag(p))
				buf_putc(out, ' ');
			p = end ? end + 1 : p + strlen(p);
		} else if (*p == '&') {
			/* a character reference is punctuation here (cmark writes
			 * letters as UTF-8); a lone '&' is text */
			size_t m = strspn(p + 1, "#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
			if (m > 0 && p[1 + m] == ';') {
				buf_putc(out, ' ');
				p += m + 2;
			} else {
				buf_putc(out, '&');
				p++;
			}
		}
	}
}

struct postings {
	size_t *docs;
	size_t n, cap;
};

static int S_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds doc to the postings of every word of the folded text. */
static void S_add_words(struct map *terms, const char *folded, size_t doc)
{
	const char *w = folded;
	char word[256];
	while (*w) {
		size_t n = strcspn(w, " ");
		if (n > 0 && n < sizeof word) { /* longer "words" are not something anyone types */
			memcpy(word, w, n);
			word[n] = '\0';
			struct postings *pl = map_get(terms, word);
			if (pl == NULL) {
				pl = xcalloc(1, sizeof *pl);
				map_put(terms, word, pl);
			}
			if (pl->n == 0 || pl->docs[pl->n - 1] != doc) {
				if (pl->n == pl->cap) {
					pl->cap = pl->cap ? pl->cap * 2 : 4;
					pl->docs = xrealloc(pl->docs, pl->cap * sizeof *pl->docs);
				}
				pl->docs[pl->n++] = doc;
			}
		}
		w += n;
		while (*w == ' ')
			w++;
	}
}

static void S_base36(struct buf *b, size_t v);

/* Appends s cut to at most max characters on a word boundary, with "…"
 * when something was cut. */
static void S_snippet(struct buf *b, const char *s, size_t max)
{
	size_t chars = 0, i = 0, cut = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (chars == max)
				break;
			if (s[i] == ' ')
				cut = i;
			chars++;
		}
		i++;
	}
	if (s[i] == '\0') {
		json_cstring(b, s);
		return;
	}
	if (cut == 0)
		cut = i;
	while (cut > 0 && strchr(" ,;:.", s[cut - 1]))
		cut--;
	char *t = xasprintf("%.*s…", (int)cut, s);
	json_cstring(b, t);
	free(t);
}

/* The postings of a term that is on most pages are shorter as a bitmap:
 * "~" and one base64url digit for every 6 pages, bit k of digit d for page
 * 6d+k. */
static void S_postings(struct buf *b, const struct postings *pl, size_t ndocs)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t start = b->len;
	for (size_t k = 0; k < pl->n; k++) {
		if (k)
			buf_putc(b, ',');
		S_base36(b, k ? pl->docs[k] - pl->docs[k - 1] : pl->docs[k]);
	}
	size_t digits = (ndocs + 5) / 6;
	if (b->len - start <= digits + 1)
		return;
	b->len = start;
	buf_grow(b, digits + 1);
	b->data[b->len++] = '~';
	memset(b->data + b->len, 0, digits);
	for (size_t k = 0; k < pl->n; k++)
		b->data[b->len + pl->docs[k] / 6] |= (char)(1 << (pl->docs[k] % 6));
	for (size_t d = 0; d < digits; d++)
		b->data[b->len + d] = b64[(unsigned char)b->data[b->len + d]];
	b->len += digits;
	b->data[b->len] = '\0';
}

static void S_base36(struct buf *b, size_t v)
{
	char tmp[24];
	int i = sizeof tmp;
	do {
		tmp[--i] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v);
	buf_put(b, tmp + i, sizeof tmp - (size_t)i);
}

void search_index(struct buf *out, const struct lang *l)
{
	size_t ndocs = l->npages + l->nsections;
	const struct page **docs = xmalloc((ndocs ? ndocs : 1) * sizeof *docs);
	for (size_t i = 0; i < l->npages; i++)
		docs[i] = l->pages[i];
	for (size_t i = 0; i < l->nsections; i++)
		docs[l->npages + i] = l->sections[i]->page;

	buf_puts(out, "{\"version\":1,\"lang\":");
	json_cstring(out, l->code);
	buf_puts(out, ",\n\"sections\":[");
	for (size_t i = 0; i < l->nsections; i++) {
		buf_puts(out, i ? ",\n[" : "\n[");
		json_cstring(out, l->sections[i]->page->title);
		buf_putc(out, ',');
		json_cstring(out, l->sections[i]->page->url);
		buf_putc(out, ']');
	}
	buf_puts(out, "],\n\"pages\":[");

	struct map terms = MAP_INIT;
	struct buf text = BUF_INIT, folded = BUF_INIT;
	for (size_t d = 0; d < ndocs; d++) {
		const struct page *p = docs[d];
		long sec = -1;
		for (size_t k = 0; p->section[0] && k < l->nsections; k++)
			if (strcmp(l->sections[k]->name, p->section) == 0)
				sec = (long)k;
		buf_puts(out, d ? ",\n[" : "\n[");
		json_cstring(out, p->title);
		buf_putc(out, ',');
		json_cstring(out, p->url);
		buf_printf(out, ",%ld,", sec);
		if (p->has_date) {
			struct buf date = BUF_INIT;
			text_format_date(&date, &p->date, l->code, "short");
			json_cstring(out, buf_cstr(&date));
			buf_free(&date);
		} else {
			buf_puts(out, "null");
		}
		buf_putc(out, ',');
		S_snippet(out, p->summary ? p->summary : "", SEARCH_SNIPPET_CHARS);
		buf_putc(out, ']');

		buf_reset(&text);
		buf_puts(&text, p->title);
		buf_putc(&text, ' ');
		for (size_t t = 0; t < p->ntags; t++) {
			buf_puts(&text, p->tags[t]);
			buf_putc(&text, ' ');
		}
		if (p->summary)
			buf_puts(&text, p->summary);
		buf_putc(&text, ' ');
		if (p->content)
			search_html_text(&text, p->content);
		buf_reset(&folded);
		search_fold(&folded, text.data, text.len);
		S_add_words(&terms, buf_cstr(&folded), d);
	}
	buf_puts(out, "],\n\"terms\":{");

	const char **words = xmalloc((terms.len ? terms.len : 1) * sizeof *words);
	size_t nw = 0;
	for (size_t i = 0; i < terms.cap; i++)
		if (terms.slots[i].key)
			words[nw++] = terms.slots[i].key;
	qsort(words, nw, sizeof *words, S_cmp_str);
	for (size_t i = 0; i < nw; i++) {
		struct postings *pl = map_get(&terms, words[i]);
		buf_puts(out, i ? ",\n" : "\n");
		json_cstring(out, words[i]);
		buf_puts(out, ":\"");
		S_postings(out, pl, ndocs);
		buf_putc(out, '"');
		free(pl->docs);
		free(pl);
	}
	buf_puts(out, "}}\n");
	free(words);
	map_free(&terms);
	buf_free(&text);
	buf_free(&folded);
	free(docs);
}

int search_write(const struct site *s, struct output *o)
{
	int rc = 0;
	for (size_t i = 0; i < s->nlangs; i++) {
		const struct lang *l = s->langs[i];
		struct buf b = BUF_INIT;
		search_index(&b, l);
		char *rel = xasprintf("%s/%s", l->code, SEARCH_INDEX);
		if (output_write(o, rel, b.data, b.len, "the search index") < 0)
			rc = -1;
		free(rel);
		buf_free(&b);
	}
	return rc;
}
