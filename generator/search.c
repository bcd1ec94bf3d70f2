#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "document.h"
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
				buf_putc(out, '\n');
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

/* What a word is worth on a page, by where it stands: the title says what
 * the page is about, headings and tags what its parts are about; in the
 * text every further use adds a little, up to TEXT_MAX. */
enum { IN_TITLE = 1, IN_HEADING = 2, IN_TAG = 4, IN_TEXT = 8, IS_TITLE = 16 };
#define W_TITLE 30
#define W_IS_TITLE 30 /* the term is the whole title: "Di tích" for "di tich" */
#define W_HEADING 8
#define W_TAG 8
#define TEXT_MAX 5

struct posting {
	size_t doc;
	unsigned char where; /* IN_* */
	unsigned char uses;  /* in the text, up to TEXT_MAX */
};

struct postings {
	struct posting *v;
	size_t n, cap;
};

static int S_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The score of a posting: at least 1.  The uses in the text count only
 * for a term on at most COMMON pages: a word on more says little about
 * any one of them, and a digit of score for each of its pages would make
 * it the largest part of what a query downloads (at 10,000 pages a query
 * of common words downloaded 84 KB, 49 KB without). */
#define COMMON 500
static unsigned S_score(const struct posting *p, int common)
{
	unsigned s = (p->where & IN_TITLE ? W_TITLE : 0) + (p->where & IS_TITLE ? W_IS_TITLE : 0) +
		     (p->where & IN_HEADING ? W_HEADING : 0) + (p->where & IN_TAG ? W_TAG : 0) +
		     (common ? 0 : p->uses);
	return s ? s : 1;
}

/* Records term (len bytes) on page doc in a field. */
static void S_add_term(struct map *terms, const char *term, size_t len, size_t doc, int where)
{
	char key[256];
	if (len == 0 || len >= sizeof key)
		return; /* longer "words" are not something anyone types */
	memcpy(key, term, len);
	key[len] = '\0';
	struct postings *pl = map_get(terms, key);
	if (pl == NULL) {
		pl = xcalloc(1, sizeof *pl);
		map_put(terms, key, pl);
	}
	if (pl->n == 0 || pl->v[pl->n - 1].doc != doc) {
		if (pl->n == pl->cap) {
			pl->cap = pl->cap ? pl->cap * 2 : 4;
			pl->v = xrealloc(pl->v, pl->cap * sizeof *pl->v);
		}
		pl->v[pl->n++] = (struct posting){.doc = doc};
	}
	struct posting *p = &pl->v[pl->n - 1];
	p->where |= (unsigned char)where;
	if (where == IN_TEXT && p->uses < TEXT_MAX)
		p->uses++;
}

/* The length of the UTF-8 character at s when it ends a phrase (a
 * sentence or clause mark, a block's end '\n'), else 0.  Commas, quotation
 * marks and brackets do not: "văn hóa, thể thao" is searched for as one
 * run of words. */
static size_t S_phrase_break(const char *s)
{
	if (*s && strchr(".;:!?\n", *s))
		return 1;
	return strncmp(s, "…", 3) == 0 ? 3 : 0;
}

/* Records the words of the text s (NUL-terminated) on page doc, and every
 * two adjacent words of one phrase as the term "first second": that is
 * how a query's words are found next to each other ("quan ho" is
 * "Quan họ", not "quan" here and "hồ" there). */
static void S_add_text(struct map *terms, const char *s, size_t doc, int where)
{
	const char *start = s;
	struct buf folded = BUF_INIT;
	while (*s) {
		size_t n = 0;
		while (s[n] && S_phrase_break(s + n) == 0)
			n++;
		buf_reset(&folded);
		search_fold(&folded, s, n);
		const char *w = buf_cstr(&folded), *prev = NULL;
		/* a title of one or two words, one phrase, is a term: IS_TITLE */
		int one = where == IN_TITLE && s == start && s[n] == '\0';
		while (*w) {
			size_t len = strcspn(w, " ");
			int is_title = one && w == folded.data && len + 1 == folded.len;
			S_add_term(terms, w, len, doc, where | (is_title ? IS_TITLE : 0));
			if (prev) {
				is_title = one && prev == folded.data && w + len + 1 == folded.data + folded.len;
				S_add_term(terms, prev, (size_t)(w + len - prev), doc, where | (is_title ? IS_TITLE : 0));
			}
			prev = w;
			w += len + 1;
		}
		s += n;
		if (*s)
			s += S_phrase_break(s);
	}
	buf_free(&folded);
}

/* The first "</hN>" at or after p, or NULL; strchr steps, since strstr
 * (under AddressSanitizer, which measures the whole rest each call) made a
 * page of 100,000 headings quadratic. */
static const char *S_heading_end(const char *p, char level)
{
	while ((p = strchr(p, '<')) != NULL) {
		if (p[1] == '/' && p[2] == 'h' && p[3] == level && p[4] == '>')
			return p;
		p++;
	}
	return NULL;
}

/* Appends the text of the headings (<h1>…</h6>) of html, one a line. */
static void S_headings(struct buf *out, const char *html)
{
	const char *p = html;
	while ((p = strchr(p, '<')) != NULL) {
		if (p[1] != 'h' || p[2] < '1' || p[2] > '6' || (p[3] != '>' && p[3] != ' ')) {
			p++;
			continue;
		}
		const char *start = strchr(p, '>'), *end = start ? S_heading_end(start, p[2]) : NULL;
		if (end == NULL)
			break;
		char *inner = xasprintf("%.*s", (int)(end - start - 1), start + 1);
		search_html_text(out, inner);
		buf_putc(out, '\n');
		free(inner);
		p = end + 5;
	}
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

/* The pages of a term, then "|" and the scores above 1.  The pages are
 * differences in base 36 ("0,3,1a"), or, for a term on most pages, where
 * that is shorter, a bitmap: "~" and one base64url digit for every 6
 * pages, bit k of digit d for page 6d+k.  The scores are
 * "difference:score" in base 36 ("3:k,1a:2"), or, where shorter, "=" and
 * one base64url digit for each of the term's pages in order. */
static void S_postings(struct buf *b, const struct postings *pl, size_t ndocs)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t start = b->len;
	for (size_t k = 0; k < pl->n; k++) {
		if (k)
			buf_putc(b, ',');
		S_base36(b, k ? pl->v[k].doc - pl->v[k - 1].doc : pl->v[k].doc);
	}
	size_t digits = (ndocs + 5) / 6;
	if (b->len - start > digits + 1) {
		b->len = start;
		buf_grow(b, digits + 1);
		b->data[b->len++] = '~';
		memset(b->data + b->len, 0, digits);
		for (size_t k = 0; k < pl->n; k++)
			b->data[b->len + pl->v[k].doc / 6] |= (char)(1 << (pl->v[k].doc % 6));
		for (size_t d = 0; d < digits; d++)
			b->data[b->len + d] = b64[(unsigned char)b->data[b->len + d]];
		b->len += digits;
		b->data[b->len] = '\0';
	}
	/* the scores: "difference:score" for the pages above 1, or, when
	 * that is longer, "=" and one base64url digit for every page (63 at
	 * most) */
	size_t mark = b->len, last = 0;
	int first = 1, common = pl->n > COMMON;
	for (size_t k = 0; k < pl->n; k++) {
		unsigned sc = S_score(&pl->v[k], common);
		if (sc <= 1)
			continue;
		buf_putc(b, first ? '|' : ',');
		S_base36(b, pl->v[k].doc - last);
		buf_putc(b, ':');
		S_base36(b, sc);
		last = pl->v[k].doc;
		first = 0;
	}
	if (b->len - mark > pl->n + 2) {
		b->len = mark;
		buf_puts(b, "|=");
		for (size_t k = 0; k < pl->n; k++) {
			unsigned sc = S_score(&pl->v[k], common);
			buf_putc(b, b64[sc > 63 ? 63 : sc]);
		}
	}
}

/* Adds the file name (owned) with the bytes of *data, which it takes:
 * *data is left empty. */
static void S_file(struct search_files *f, char *name, struct buf *data)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n++] = (struct search_file){.name = name, .data = *data};
	*data = (struct buf)BUF_INIT;
}

/* The fragment of page doc: what its result shows, and the text its
 * excerpt is cut from. */
static void S_fragment(struct buf *out, const struct lang *l, const struct page *p, struct buf *text)
{
	long sec = -1;
	for (size_t k = 0; p->section[0] && k < l->nsections; k++)
		if (strcmp(l->sections[k]->name, p->section) == 0)
			sec = (long)k;
	buf_puts(out, "{\"title\":");
	json_cstring(out, p->title);
	buf_puts(out, ",\"url\":");
	json_cstring(out, p->url);
	buf_printf(out, ",\"section\":%ld,\"date\":", sec);
	if (p->has_date) {
		struct buf date = BUF_INIT;
		text_format_date(&date, &p->date, l->code, "short");
		json_cstring(out, buf_cstr(&date));
		buf_free(&date);
	} else {
		buf_puts(out, "null");
	}
	buf_puts(out, ",\"summary\":");
	json_cstring(out, p->summary ? p->summary : "");
	/* the text with its lines and runs of spaces made one space, cut */
	buf_reset(text);
	if (p->content)
		search_html_text(text, p->content);
	size_t w = 0, chars = 0;
	for (size_t r = 0; r < text->len; r++) {
		char c = text->data[r];
		int lead = ((unsigned char)c & 0xC0) != 0x80;
		if (lead && chars == SEARCH_TEXT_CHARS)
			break; /* never half a character */
		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		if (c == ' ' && (w == 0 || text->data[w - 1] == ' '))
			continue;
		chars += lead;
		text->data[w++] = c;
	}
	buf_puts(out, ",\"text\":");
	json_string(out, text->data, w);
	buf_puts(out, "}\n");
}

void search_index(struct search_files *files, const struct lang *l)
{
	size_t ndocs = l->npages + l->nsections;
	const struct page **docs = xmalloc((ndocs ? ndocs : 1) * sizeof *docs);
	for (size_t i = 0; i < l->npages; i++)
		docs[i] = l->pages[i];
	for (size_t i = 0; i < l->nsections; i++)
		docs[l->npages + i] = l->sections[i]->page;

	struct map terms = MAP_INIT;
	struct buf text = BUF_INIT, frag = BUF_INIT;
	for (size_t d = 0; d < ndocs; d++) {
		const struct page *p = docs[d];
		S_add_text(&terms, p->title, d, IN_TITLE);
		for (size_t t = 0; t < p->ntags; t++)
			S_add_text(&terms, p->tags[t], d, IN_TAG);
		if (p->doc && p->doc->number) /* a document: its number as a title, its facts as a heading */
			S_add_text(&terms, p->doc->number, d, IN_TITLE);
		if (p->doc)
			S_add_text(&terms, p->doc->search_text, d, IN_HEADING);
		buf_reset(&text);
		if (p->content)
			S_headings(&text, p->content);
		S_add_text(&terms, buf_cstr(&text), d, IN_HEADING);
		buf_reset(&text);
		if (p->summary)
			buf_puts(&text, p->summary);
		buf_putc(&text, '\n');
		if (p->content)
			search_html_text(&text, p->content);
		S_add_text(&terms, buf_cstr(&text), d, IN_TEXT);
		S_fragment(&frag, l, p, &text);
		S_file(files, xasprintf("p/%zu.json", d), &frag);
	}

	const char **words = xmalloc((terms.len ? terms.len : 1) * sizeof *words);
	size_t nw = 0;
	for (size_t i = 0; i < terms.cap; i++)
		if (terms.slots[i].key)
			words[nw++] = terms.slots[i].key;
	qsort(words, nw, sizeof *words, S_cmp_str);

	/* the terms, in order, cut into shards of about SEARCH_SHARD_BYTES */
	struct buf meta_buf = BUF_INIT, shard_buf = BUF_INIT, *meta = &meta_buf, *shard = NULL;
	buf_puts(meta, "{\"version\":2,\"lang\":");
	json_cstring(meta, l->code);
	/* a Vietnamese word is its syllables together: "quan ho" apart is
	 * other words, so the script wants the syllables side by side */
	buf_printf(meta, ",\"adjacent\":%s,\"pages\":%zu,\n\"sections\":[", strcmp(l->code, "vi") == 0 ? "true" : "false",
		   ndocs);
	for (size_t i = 0; i < l->nsections; i++) {
		buf_puts(meta, i ? ",\n[" : "\n[");
		json_cstring(meta, l->sections[i]->page->title);
		buf_putc(meta, ',');
		json_cstring(meta, l->sections[i]->page->url);
		buf_putc(meta, ']');
	}
	buf_puts(meta, "],\n\"shards\":[");
	size_t nshards = 0;
	for (size_t i = 0; i < nw; i++) {
		struct postings *pl = map_get(&terms, words[i]);
		if (shard == NULL || shard->len >= SEARCH_SHARD_BYTES) {
			if (shard) {
				buf_puts(shard, "}\n");
				S_file(files, xasprintf("t%zu.json", nshards - 1), shard);
			}
			shard = &shard_buf;
			buf_putc(shard, '{');
			buf_puts(meta, nshards ? ",\n" : "\n");
			json_cstring(meta, nshards ? words[i] : "");
			nshards++;
		} else {
			buf_puts(shard, ",");
		}
		buf_putc(shard, '\n');
		json_cstring(shard, words[i]);
		buf_puts(shard, ":\"");
		S_postings(shard, pl, ndocs);
		buf_putc(shard, '"');
		free(pl->v);
		free(pl);
	}
	if (shard) {
		buf_puts(shard, "}\n");
		S_file(files, xasprintf("t%zu.json", nshards - 1), shard);
	}
	buf_puts(meta, "]}\n");
	S_file(files, xstrdup("index.json"), meta);
	free(words);
	map_free(&terms);
	buf_free(&text);
	free(docs);
}

void search_files_free(struct search_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		buf_free(&f->v[i].data);
	}
	free(f->v);
	*f = (struct search_files){0};
}

int search_write(const struct site *s, struct output *o)
{
	int rc = 0;
	for (size_t i = 0; i < s->nlangs; i++) {
		const struct lang *l = s->langs[i];
		struct search_files f = {0};
		search_index(&f, l);
		for (size_t k = 0; k < f.n; k++) {
			char *rel = xasprintf("%s/%s%s", l->code, SEARCH_DIR, f.v[k].name);
			if (output_write(o, rel, f.v[k].data.data, f.v[k].data.len, "the search index") < 0)
				rc = -1;
			free(rel);
		}
		search_files_free(&f);
	}
	return rc;
}
