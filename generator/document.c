/* document: the document library: `document` front matter checked, the
 * lists by year and by type made, the facts handed to templates and the
 * JSON index of each language written (see document.h). */
#include "document.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "links.h"
#include "lua_host.h"
#include "map.h"
#include "msg.h"
#include "schema.h"
#include "text.h"
#include "xalloc.h"

static const char *const S_keys[] = {"number", "type",   "issuer",       "issued", "effective",
				     "summary", "signer", "signer_title", "files",  NULL};
#define S_KEY_LIST "number, type, issuer, issued, effective, summary, signer, signer_title, files"
static const char *const S_file_keys[] = {"file", "title", NULL};

/* A generated list of a library: the documents of one year or one type. */
struct doc_list {
	const char *name; /* "2026", "Kế hoạch" */
	const char *slug; /* "2026", "ke-hoach" */
	int year;         /* year lists; 0 for type lists */
	struct section sec; /* its page and documents, for the build's list rendering */
};

/* A section that holds documents, in one language. */
struct library {
	struct lang *lang;
	struct section *sec;
	struct document **docs; /* newest first */
	size_t n, undated;
	struct doc_list **years, **types;
	size_t nyears, ntypes;
};

struct documents {
	struct site *site;
	struct library **libs;
	size_t nlibs;
	struct document **all; /* in the order of site->pages */
	size_t n;
};

static const char *const S_en_months[] = {"January", "February", "March",     "April",   "May",      "June",
					  "July",    "August",   "September", "October", "November", "December"};

static int S_days_in(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* n digits at s as a number, or -1. */
static int S_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int document_parse_date(const char *s, struct document_date *out)
{
	size_t n = strlen(s);
	*out = (struct document_date){0};
	if (n != 4 && n != 7 && n != 10)
		return -1;
	out->year = S_digits(s, 4);
	if (out->year < 1000)
		return -1;
	if (n >= 7) {
		if (s[4] != '-' || (out->month = S_digits(s + 5, 2)) < 1 || out->month > 12)
			return -1;
	}
	if (n == 10) {
		if (s[7] != '-' || (out->day = S_digits(s + 8, 2)) < 1 || out->day > S_days_in(out->year, out->month))
			return -1;
	}
	return 0;
}

void document_format_date(struct buf *b, const struct document_date *d, const char *lang, int iso)
{
	int vi = strcmp(lang, "vi") == 0, en = strcmp(lang, "en") == 0;
	if (iso || (!vi && !en)) {
		buf_printf(b, "%04d", d->year);
		if (d->month)
			buf_printf(b, "-%02d", d->month);
		if (d->day)
			buf_printf(b, "-%02d", d->day);
	} else if (vi) {
		if (d->day)
			buf_printf(b, "%d/%d/%d", d->day, d->month, d->year);
		else if (d->month)
			buf_printf(b, "tháng %d/%d", d->month, d->year);
		else
			buf_printf(b, "năm %d", d->year);
	} else {
		if (d->day)
			buf_printf(b, "%d %s %d", d->day, S_en_months[d->month - 1], d->year);
		else if (d->month)
			buf_printf(b, "%s %d", S_en_months[d->month - 1], d->year);
		else
			buf_printf(b, "%d", d->year);
	}
}

void document_format_size(struct buf *b, size_t bytes, const char *lang)
{
	int vi = strcmp(lang, "vi") == 0;
	if (bytes < 1024) {
		buf_printf(b, "%zu %s", bytes, vi ? "byte" : bytes == 1 ? "byte" : "bytes");
		return;
	}
	/* KB whole up to 999 KB; then MB with one decimal (the vi comma) */
	size_t kb = (bytes + 512) / 1024;
	if (kb < 1000) {
		buf_printf(b, "%zu KB", kb);
		return;
	}
	double mb = (double)bytes / (1024.0 * 1024.0);
	text_format_number(b, mb, mb < 100 ? 1 : 0, lang);
	buf_puts(b, " MB");
}

void document_file_type(const char *name, const char **format, const char **mime)
{
	static const char *const table[][3] = {
	    {"pdf", "PDF", "application/pdf"},
	    {"doc", "DOC", "application/msword"},
	    {"docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	    {"odt", "ODT", "application/vnd.oasis.opendocument.text"},
	    {"xls", "XLS", "application/vnd.ms-excel"},
	    {"xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	    {"ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet"},
	    {"ppt", "PPT", "application/vnd.ms-powerpoint"},
	    {"pptx", "PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	    {"rtf", "RTF", "application/rtf"},
	    {"txt", "TXT", "text/plain"},
	    {"csv", "CSV", "text/csv"},
	    {"jpg", "JPEG", "image/jpeg"},
	    {"jpeg", "JPEG", "image/jpeg"},
	    {"png", "PNG", "image/png"},
	    {"zip", "ZIP", "application/zip"},
	};
	static char other[9];
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');
	*mime = "application/octet-stream";
	*format = "FILE";
	if (dot == NULL || dot[1] == '\0')
		return;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcasecmp(dot + 1, table[i][0]) == 0) {
			*format = table[i][1];
			*mime = table[i][2];
			return;
		}
	size_t n = strlen(dot + 1);
	if (n >= sizeof other)
		return;
	for (size_t i = 0; i <= n; i++) {
		char c = dot[1 + i];
		if (c && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return;
		other[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	*format = other;
}

/* ---- reading the front matter ---- */

/* Warns about the keys of map not in known. */
static void S_unknown(const struct page *p, const struct value *map, const char *const *known, const char *what,
		      const char *list, struct diag *d)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->str;
		const char *const *q = known;
		while (*q && strcmp(*q, k) != 0)
			q++;
		if (*q == NULL)
			diag_warning(d, p->file, map->keys[i]->line, map->keys[i]->col,
				     "unknown key '%s' in '%s' is ignored (known: %s)", k, what, list);
	}
}

static int S_date(const struct page *p, const struct value *map, const char *key, struct document_date *out,
		  struct diag *d)
{
	const struct value *v = value_get(map, key);
	*out = (struct document_date){0};
	if (v == NULL || v->type == VALUE_NULL)
		return 0;
	if (v->str == NULL || document_parse_date(v->str, out) < 0) {
		diag_error(d, p->file, v->line, v->col,
			   "'document.%s' must be a date: YYYY-MM-DD, or YYYY-MM or YYYY when the document gives only "
			   "the month or the year, not '%s'",
			   key, v->str ? v->str : value_type_name(v->type));
		*out = (struct document_date){0};
		return -1;
	}
	return 1;
}

/* Whether name is a path inside a folder: no "..", ".", empty part,
 * leading '/', '\\' or scheme. */
static int S_inside(const char *name)
{
	if (name[0] == '/' || strchr(name, '\\') || strchr(name, ':'))
		return 0;
	const char *part = name;
	for (;;) {
		size_t n = strcspn(part, "/");
		if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.'))
			return 0;
		if (part[n] == '\0')
			return 1;
		part += n + 1;
	}
}

/* One item of `files`: "name" or {file, title}. */
static int S_file(struct site *s, struct source *src, const struct page *p, const struct value *item, const struct map *files,
		  struct document_file *out, struct diag *d)
{
	int bad = 0;
	const struct value *at = item;
	const char *name = NULL;
	if (item->type == VALUE_MAP) {
		S_unknown(p, item, S_file_keys, "document.files", "file, title", d);
		name = schema_text(p, item, "file", "document.files", &bad, d);
		out->title = schema_text(p, item, "title", "document.files", &bad, d);
		if (bad)
			return -1;
		if (name == NULL) {
			diag_error(d, p->file, item->line, item->col, "a file of 'document.files' needs 'file': its name");
			return -1;
		}
		at = value_get(item, "file");
	} else if (item->type != VALUE_LIST && (item->type == VALUE_NULL || item->str[0] == '\0')) {
		diag_error(d, p->file, item->line, item->col, "an item of 'document.files' is empty: write the file's name");
		return -1;
	} else if (item->type == VALUE_LIST) {
		diag_error(d, p->file, item->line, item->col,
			   "each item of 'document.files' must be a file name or a map (file, title), not %s",
			   value_type_name(item->type));
		return -1;
	} else {
		name = item->str;
	}
	if (!S_inside(name)) {
		diag_error(d, p->file, at->line, at->col,
			   "'%s' must name a file in this page's folder, without '..', './' or a leading '/'", name);
		return -1;
	}
	if (p->bundle == NULL) {
		diag_error(d, p->file, at->line, at->col,
			   "'document.files' needs the page in a folder of its own: move %s to a folder as index.md "
			   "and put '%s' beside it",
			   p->file, name);
		return -1;
	}
	char *path = xasprintf("%s/%s", p->bundle, name);
	const size_t *idx = map_get(files, path);
	if (idx == NULL) {
		diag_error(d, p->file, at->line, at->col,
			   "the file '%s' is not in this page's folder (%s/): add it there, or correct its name", name,
			   p->bundle);
		free(path);
		return -1;
	}
	free(path);
	out->name = name;
	out->url = arena_printf(&s->arena, "%s%s", s->base_path, s->file_dest[*idx]);
	/* a work tree's file has its size; a commit's blob is read for it */
	out->size = s->files[*idx]->size;
	char *data, *err;
	size_t len;
	if (out->size == 0 && source_read(src, s->files[*idx], &data, &len, &err) == 0) {
		out->size = len;
		free(data);
	} else if (out->size == 0) {
		diag_error(d, p->file, at->line, at->col, "the file '%s' cannot be read: %s", name, err);
		free(err);
		return -1;
	}
	const char *format, *mime;
	document_file_type(name, &format, &mime);
	out->format = arena_strdup(&s->arena, format);
	out->mime = mime;
	return 0;
}

/* The document of p from v (a map); 0, or -1 with every problem recorded. */
static int S_read(struct site *s, struct source *src, struct page *p, const struct value *v, const struct map *files,
		  struct document *doc, struct diag *d)
{
	int bad = 0;
	S_unknown(p, v, S_keys, "document", S_KEY_LIST, d);
	doc->page = p;
	doc->number = schema_text(p, v, "number", "document", &bad, d);
	doc->type = schema_text(p, v, "type", "document", &bad, d);
	doc->issuer = schema_text(p, v, "issuer", "document", &bad, d);
	int issued = S_date(p, v, "issued", &doc->issued, d);
	int effective = S_date(p, v, "effective", &doc->effective, d);
	if (issued < 0 || effective < 0)
		bad = 1;
	doc->summary = schema_text(p, v, "summary", "document", &bad, d);
	doc->signer = schema_text(p, v, "signer", "document", &bad, d);
	doc->signer_title = schema_text(p, v, "signer_title", "document", &bad, d);
	/* what each required key is, for the one who left it out */
	static const char *const required[][2] = {
	    {"type", MSG_N("'document' needs 'type': the kind of document, such as Kế hoạch, Quyết định, Công văn")},
	    {"issuer", MSG_N("'document' needs 'issuer': the body that issued it, as the document names it")},
	    {"summary", MSG_N("'document' needs 'summary': the document's trích yếu, the line under its type that says "
			      "what it is about")}};
	const char *got[] = {doc->type, doc->issuer, doc->summary};
	for (int i = 0; i < 3; i++) {
		const struct value *e = value_get(v, required[i][0]);
		if (got[i] || (e && (e->type == VALUE_LIST || e->type == VALUE_MAP)))
			continue; /* given, or already said to be of the wrong type */
		diag_error(d, p->file, e ? e->line : v->line, e ? e->col : v->col, "%s", msg_tr(required[i][1]));
		bad = 1;
	}
	if (doc->type) {
		char *slug = text_slug(doc->type);
		if (slug[0] == '\0') {
			const struct value *e = value_get(v, "type");
			diag_error(d, p->file, e->line, e->col,
				   "'document.type' needs a letter or a digit (such as Kế hoạch, Quyết định), not '%s'",
				   doc->type);
			bad = 1;
		}
		doc->type_slug = arena_strdup(&s->arena, slug);
		free(slug);
	}
	if (issued == 1 && effective == 1) {
		/* compare what both give: "2026-05" is not after "2026-05-20" */
		const struct document_date *a = &doc->issued, *b = &doc->effective;
		int before = b->year < a->year ||
			     (b->year == a->year && a->month && b->month &&
			      (b->month < a->month || (b->month == a->month && a->day && b->day && b->day < a->day)));
		if (before) {
			const struct value *e = value_get(v, "effective");
			diag_error(d, p->file, e->line, e->col, "'document.effective' is before 'document.issued'");
			bad = 1;
		}
	}
	const struct value *fl = value_get(v, "files");
	if (fl && fl->type != VALUE_NULL) {
		if (fl->type != VALUE_LIST) {
			diag_error(d, p->file, fl->line, fl->col,
				   "'document.files' must be a list of the files in this page's folder, not %s",
				   value_type_name(fl->type));
			bad = 1;
		} else if (fl->n > DOCUMENT_FILES_MAX) {
			diag_error(d, p->file, fl->line, fl->col, "'document.files' names %zu files; at most %d are shown",
				   fl->n, DOCUMENT_FILES_MAX);
			bad = 1;
		} else {
			doc->files = arena_alloc(&s->arena, (fl->n ? fl->n : 1) * sizeof *doc->files);
			for (size_t i = 0; i < fl->n; i++) {
				struct document_file f = {0};
				if (S_file(s, src, p, fl->items[i], files, &f, d) < 0) {
					bad = 1;
					continue;
				}
				int dup = 0;
				for (size_t k = 0; k < doc->nfiles; k++)
					dup |= strcmp(doc->files[k].name, f.name) == 0;
				if (dup) {
					diag_error(d, p->file, fl->items[i]->line, fl->items[i]->col,
						   "'%s' is named twice in 'document.files'", f.name);
					bad = 1;
					continue;
				}
				doc->files[doc->nfiles++] = f;
			}
		}
	}
	return bad ? -1 : 0;
}

/* ---- the lists ---- */

static int S_cmp_date(const struct document_date *a, const struct document_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

/* Newest issue first (a document without a date last), then by title in
 * the language's order, then by URL: one order whatever the input. */
static int S_cmp_docs(const void *pa, const void *pb)
{
	const struct document *a = *(struct document *const *)pa, *b = *(struct document *const *)pb;
	int c = -S_cmp_date(&a->issued, &b->issued);
	if (c)
		return c;
	const struct page *x = a->page, *y = b->page;
	size_t n = x->title_key_len < y->title_key_len ? x->title_key_len : y->title_key_len;
	c = x->title_key && y->title_key ? memcmp(x->title_key, y->title_key, n) : 0;
	if (c == 0 && x->title_key_len != y->title_key_len)
		c = x->title_key_len < y->title_key_len ? -1 : 1;
	return c ? c : strcmp(x->url, y->url);
}

struct type_sort {
	struct doc_list *list;
	const char *lang;
};

static int S_cmp_types(const void *pa, const void *pb)
{
	const struct type_sort *a = pa, *b = pb;
	int c = text_collate(a->list->name, b->list->name, a->lang);
	return c ? c : strcmp(a->list->slug, b->list->slug);
}

static struct doc_list *S_list(struct site *s, struct library *lib, const char *name, const char *slug, int year)
{
	struct doc_list *dl = arena_alloc(&s->arena, sizeof *dl);
	memset(dl, 0, sizeof *dl);
	dl->name = name;
	dl->slug = slug;
	dl->year = year;
	dl->sec.name = lib->sec->name;
	dl->sec.pages = arena_alloc(&s->arena, lib->n * sizeof *dl->sec.pages);
	return dl;
}

/* The generated page of a list: a section page of the library's section
 * whose list is the list's documents. */
static void S_list_page(struct site *s, struct library *lib, struct doc_list *dl, const char *by)
{
	struct lang *l = lib->lang;
	int vi = strcmp(l->code, "vi") == 0, en = strcmp(l->code, "en") == 0;
	struct page *p = arena_alloc(&s->arena, sizeof *p);
	memset(p, 0, sizeof *p);
	p->kind = PAGE_SECTION;
	p->lang = l;
	p->section = lib->sec->name;
	p->layout = "documents";
	p->lua_ref = LUA_NOREF;
	const char *lib_title = lib->sec->page->title;
	if (dl->year)
		p->title = vi   ? arena_printf(&s->arena, "%s năm %d", lib_title, dl->year)
			   : en ? arena_printf(&s->arena, "%s of %d", lib_title, dl->year)
				: arena_printf(&s->arena, "%s: %d", lib_title, dl->year);
	else
		p->title = arena_printf(&s->arena, "%s: %s", lib_title, dl->name);
	p->url = arena_printf(&s->arena, "%s%s/%s/", lib->sec->page->url, by, dl->slug);
	p->rel = p->url;
	p->content = xstrdup("");
	p->summary = "";
	p->sec = &dl->sec;
	dl->sec.page = p;
}

static struct library *S_library(struct documents *docs, struct page *p)
{
	for (size_t i = 0; i < docs->nlibs; i++)
		if (docs->libs[i]->lang == p->lang && strcmp(docs->libs[i]->sec->name, p->section) == 0)
			return docs->libs[i];
	struct library *lib = xcalloc(1, sizeof *lib);
	lib->lang = p->lang;
	for (size_t k = 0; k < p->lang->nsections; k++)
		if (strcmp(p->lang->sections[k]->name, p->section) == 0)
			lib->sec = p->lang->sections[k];
	docs->libs = xrealloc(docs->libs, (docs->nlibs + 1) * sizeof *docs->libs);
	docs->libs[docs->nlibs++] = lib;
	return lib;
}

/* Fills lib's year and type lists and makes their pages; returns them in
 * output order (years newest first, then types) in *pages. */
static void S_make_lists(struct site *s, struct library *lib, struct page ***pages, size_t *npages)
{
	int vi = strcmp(lib->lang->code, "vi") == 0;
	const char *by_year = vi ? "nam" : "year", *by_type = vi ? "loai" : "type";
	lib->years = arena_alloc(&s->arena, (lib->n ? lib->n : 1) * sizeof *lib->years);
	lib->types = arena_alloc(&s->arena, (lib->n ? lib->n : 1) * sizeof *lib->types);
	for (size_t i = 0; i < lib->n; i++) {
		struct document *doc = lib->docs[i];
		if (doc->issued.year == 0) {
			lib->undated++;
		} else {
			/* the documents are newest first: a year's list is the last made, or new */
			struct doc_list *y = lib->nyears ? lib->years[lib->nyears - 1] : NULL;
			if (y == NULL || y->year != doc->issued.year) {
				const char *name = arena_printf(&s->arena, "%d", doc->issued.year);
				y = lib->years[lib->nyears++] = S_list(s, lib, name, name, doc->issued.year);
			}
			y->sec.pages[y->sec.npages++] = doc->page;
		}
		struct doc_list *t = NULL;
		for (size_t k = 0; k < lib->ntypes && t == NULL; k++)
			if (strcmp(lib->types[k]->slug, doc->type_slug) == 0)
				t = lib->types[k];
		if (t == NULL)
			t = lib->types[lib->ntypes++] = S_list(s, lib, doc->type, doc->type_slug, 0);
		t->sec.pages[t->sec.npages++] = doc->page;
	}
	struct type_sort *ts = xmalloc((lib->ntypes ? lib->ntypes : 1) * sizeof *ts);
	for (size_t k = 0; k < lib->ntypes; k++)
		ts[k] = (struct type_sort){lib->types[k], lib->lang->code};
	qsort(ts, lib->ntypes, sizeof *ts, S_cmp_types);
	for (size_t k = 0; k < lib->ntypes; k++)
		lib->types[k] = ts[k].list;
	free(ts);
	*npages = lib->nyears + lib->ntypes;
	*pages = xmalloc((*npages ? *npages : 1) * sizeof **pages);
	for (size_t k = 0; k < lib->nyears; k++) {
		S_list_page(s, lib, lib->years[k], by_year);
		(*pages)[k] = lib->years[k]->sec.page;
	}
	for (size_t k = 0; k < lib->ntypes; k++) {
		S_list_page(s, lib, lib->types[k], by_type);
		(*pages)[lib->nyears + k] = lib->types[k]->sec.page;
	}
}

/* The section's pages: its documents in the library's order, then its
 * other pages as they were. */
static void S_order_section(struct library *lib)
{
	struct section *sec = lib->sec;
	struct page **v = xmalloc((sec->npages ? sec->npages : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < lib->n; i++)
		v[n++] = lib->docs[i]->page;
	for (size_t i = 0; i < sec->npages; i++)
		if (sec->pages[i]->doc == NULL)
			v[n++] = sec->pages[i];
	if (n == sec->npages)
		memcpy(sec->pages, v, n * sizeof *v);
	free(v);
}

struct documents *documents_load(struct site *s, struct source *src, struct diag *d)
{
	struct documents *docs = xcalloc(1, sizeof *docs);
	docs->site = s;
	struct map files = MAP_INIT;
	size_t *idx = xmalloc((s->nfiles ? s->nfiles : 1) * sizeof *idx);
	for (size_t i = 0; i < s->nfiles; i++) {
		idx[i] = i;
		map_put(&files, s->files[i]->path, &idx[i]);
	}
	docs->all = xmalloc((s->npages ? s->npages : 1) * sizeof *docs->all);
	for (size_t i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];
		const struct value *v = p->front && p->front->type == VALUE_MAP ? value_get(p->front, "document") : NULL;
		if (v == NULL || v->type == VALUE_NULL)
			continue;
		if (p->kind != PAGE_REGULAR || p->section[0] == '\0') {
			if (p->kind == PAGE_REGULAR)
				diag_error(d, p->file, v->line, v->col,
					   "'document' belongs on a page in a section (such as content/%s/van-ban/), not on a "
					   "page outside sections",
					   p->lang->code);
			else
				diag_error(d, p->file, v->line, v->col,
					   "'document' belongs on a page of its own in a section, not on a list page "
					   "(_index.md)");
			continue;
		}
		if (v->type != VALUE_MAP) {
			diag_error(d, p->file, v->line, v->col, "'document' must be a map (%s), not %s", S_KEY_LIST,
				   value_type_name(v->type));
			continue;
		}
		struct document *doc = arena_alloc(&s->arena, sizeof *doc);
		memset(doc, 0, sizeof *doc);
		if (S_read(s, src, p, v, &files, doc, d) < 0)
			continue;
		struct buf t = BUF_INIT;
		buf_printf(&t, "%s\n%s\n%s\n%s\n%s", doc->type, doc->issuer, doc->summary, doc->signer ? doc->signer : "",
			   doc->signer_title ? doc->signer_title : "");
		doc->search_text = arena_strdup(&s->arena, buf_cstr(&t));
		buf_free(&t);
		p->doc = doc;
		if (p->layout == NULL)
			p->layout = "document";
		if (p->summary == NULL)
			p->summary = doc->summary;
		docs->all[docs->n++] = doc;
		struct library *lib = S_library(docs, p);
		lib->docs = xrealloc(lib->docs, (lib->n + 1) * sizeof *lib->docs);
		lib->docs[lib->n++] = doc;
	}
	free(idx);
	map_free(&files);
	if (docs->nlibs == 0)
		return docs;

	/* the lists' pages go after their section's page, in s->pages */
	struct map urls = MAP_INIT;
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i]->url) /* the search page's is set later, by the theme */
			map_put(&urls, s->pages[i]->url, s->pages[i]);
	struct page ***made = xcalloc(docs->nlibs, sizeof *made);
	size_t *nmade = xcalloc(docs->nlibs, sizeof *nmade), total = 0;
	for (size_t k = 0; k < docs->nlibs; k++) {
		struct library *lib = docs->libs[k];
		qsort(lib->docs, lib->n, sizeof *lib->docs, S_cmp_docs);
		S_order_section(lib);
		if (lib->sec->page->layout == NULL)
			lib->sec->page->layout = "documents";
		S_make_lists(s, lib, &made[k], &nmade[k]);
		for (size_t i = 0; i < nmade[k]; i++) {
			struct page *other = map_get(&urls, made[k][i]->url);
			if (other)
				diag_error(d, other->file, 0, 0,
					   "this page's URL %s is the document library's list of %s: rename the page "
					   "or move it",
					   other->url, made[k][i]->title);
		}
		total += nmade[k];
	}
	map_free(&urls);
	struct page **all = arena_alloc(&s->arena, (s->npages + total) * sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < s->npages; i++) {
		all[n++] = s->pages[i];
		for (size_t k = 0; k < docs->nlibs; k++)
			if (docs->libs[k]->sec->page == s->pages[i]) {
				memcpy(all + n, made[k], nmade[k] * sizeof *all);
				n += nmade[k];
			}
	}
	for (size_t k = 0; k < docs->nlibs; k++)
		free(made[k]);
	free(made);
	free(nmade);
	s->pages = all;
	s->npages = n;
	return docs;
}

void documents_free(struct documents *docs)
{
	if (docs == NULL)
		return;
	for (size_t i = 0; i < docs->n; i++)
		free(docs->all[i]->related);
	for (size_t k = 0; k < docs->nlibs; k++) {
		free(docs->libs[k]->docs);
		free(docs->libs[k]);
	}
	free(docs->libs);
	free(docs->all);
	free(docs);
}

void documents_link(struct documents *docs)
{
	struct site *s = docs->site;
	if (docs->n == 0)
		return;
	/* a document page's output folder ("vi/van-ban/kh-108/") -> document */
	struct map by_dir = MAP_INIT;
	size_t base = strlen(s->base_path);
	for (size_t i = 0; i < docs->n; i++)
		map_put(&by_dir, docs->all[i]->page->url + base, docs->all[i]);
	struct buf rel = BUF_INIT;
	for (size_t i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];
		for (size_t k = 0; k < p->nlinks; k++) {
			buf_reset(&rel);
			if (p->links[k].image || links_target(s, p, p->links[k].url, &rel) < 0)
				continue;
			/* "vi/x/", "vi/x/index.html", "vi/x" all name the page */
			const char *r = buf_cstr(&rel);
			size_t n = strlen(r);
			if (n >= 10 && strcmp(r + n - 10, "index.html") == 0)
				rel.data[n -= 10] = '\0';
			else if (n > 0 && r[n - 1] != '/')
				buf_putc(&rel, '/');
			struct document *doc = map_get(&by_dir, buf_cstr(&rel));
			if (doc == NULL || doc->page == p || doc->page->lang != p->lang)
				continue;
			int seen = 0;
			for (size_t j = 0; j < doc->nrelated; j++)
				seen |= doc->related[j] == p;
			if (seen)
				continue;
			doc->related = xrealloc(doc->related, (doc->nrelated + 1) * sizeof *doc->related);
			doc->related[doc->nrelated++] = p;
		}
	}
	buf_free(&rel);
	map_free(&by_dir);
}

/* ---- what templates see ---- */

/* {iso, text, year, month, day} of a date given, under key. */
static void S_set_date(lua_State *L, const char *key, const struct document_date *dt, const char *lang)
{
	if (dt->year == 0)
		return;
	struct buf b = BUF_INIT;
	lua_createtable(L, 0, 5);
	document_format_date(&b, dt, "en", 1);
	lua_host_set_str(L, "iso", buf_cstr(&b));
	buf_reset(&b);
	document_format_date(&b, dt, lang, 0);
	lua_host_set_str(L, "text", buf_cstr(&b));
	buf_free(&b);
	lua_host_set_int(L, "year", dt->year);
	if (dt->month)
		lua_host_set_int(L, "month", dt->month);
	if (dt->day)
		lua_host_set_int(L, "day", dt->day);
	lua_setfield(L, -2, key);
}

static const struct library *S_library_of(const struct documents *docs, const struct page *p,
					  const struct doc_list **list)
{
	*list = NULL;
	for (size_t k = 0; k < docs->nlibs; k++) {
		const struct library *lib = docs->libs[k];
		if (lib->lang != p->lang || strcmp(lib->sec->name, p->section) != 0)
			continue;
		if (lib->sec->page == p || p->kind == PAGE_REGULAR)
			return lib;
		for (size_t i = 0; i < lib->nyears; i++)
			if (lib->years[i]->sec.page == p)
				return *list = lib->years[i], lib;
		for (size_t i = 0; i < lib->ntypes; i++)
			if (lib->types[i]->sec.page == p)
				return *list = lib->types[i], lib;
	}
	return NULL;
}

/* {{name, url, count, current}, ...} of lists. */
static void S_push_lists(lua_State *L, struct doc_list *const *v, size_t n, const struct doc_list *current)
{
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_createtable(L, 0, 4);
		lua_host_set_str(L, "name", v[i]->name);
		lua_host_set_str(L, "url", v[i]->sec.page->url);
		lua_host_set_int(L, "count", (long long)v[i]->sec.npages);
		lua_pushboolean(L, v[i] == current);
		lua_setfield(L, -2, "current");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

static void S_push_document(const struct documents *docs, lua_State *L, const struct document *doc)
{
	const struct page *p = doc->page;
	const char *lang = p->lang->code;
	const struct doc_list *none;
	const struct library *lib = S_library_of(docs, p, &none);
	lua_createtable(L, 0, 16);
	lua_host_set_str(L, "number", doc->number);
	/* "/KH-UBND": the paper leaves the number itself blank */
	if (doc->number && doc->number[0] == '/') {
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, "number_blank");
	}
	lua_host_set_str(L, "type", doc->type);
	for (size_t i = 0; lib && i < lib->ntypes; i++)
		if (strcmp(lib->types[i]->slug, doc->type_slug) == 0)
			lua_host_set_str(L, "type_url", lib->types[i]->sec.page->url);
	for (size_t i = 0; lib && doc->issued.year && i < lib->nyears; i++)
		if (lib->years[i]->year == doc->issued.year)
			lua_host_set_str(L, "year_url", lib->years[i]->sec.page->url);
	lua_host_set_str(L, "issuer", doc->issuer);
	lua_host_set_str(L, "summary", doc->summary);
	lua_host_set_str(L, "signer", doc->signer);
	lua_host_set_str(L, "signer_title", doc->signer_title);
	S_set_date(L, "issued", &doc->issued, lang);
	S_set_date(L, "effective", &doc->effective, lang);
	struct buf b = BUF_INIT;
	lua_createtable(L, (int)doc->nfiles, 0);
	for (size_t i = 0; i < doc->nfiles; i++) {
		const struct document_file *f = &doc->files[i];
		lua_createtable(L, 0, 7);
		lua_host_set_str(L, "name", f->name);
		lua_host_set_str(L, "title", f->title);
		lua_host_set_str(L, "url", f->url);
		lua_host_set_str(L, "format", f->format);
		lua_host_set_str(L, "mime", f->mime);
		lua_host_set_int(L, "size", (long long)f->size);
		buf_reset(&b);
		document_format_size(&b, f->size, lang);
		lua_host_set_str(L, "size_text", buf_cstr(&b));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	buf_free(&b);
	lua_setfield(L, -2, "files");
	if (lib) {
		lua_createtable(L, 0, 2);
		lua_host_set_str(L, "title", lib->sec->page->title);
		lua_host_set_str(L, "url", lib->sec->page->url);
		lua_setfield(L, -2, "library");
	}
	lua_createtable(L, (int)doc->nrelated, 0);
	for (size_t i = 0; i < doc->nrelated; i++) {
		const struct page *r = doc->related[i];
		lua_createtable(L, 0, 3);
		lua_host_set_str(L, "title", r->title);
		lua_host_set_str(L, "url", r->url);
		lua_host_set_str(L, "summary", r->summary);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "related");
	lua_setfield(L, -2, "document");
}

void documents_push(const struct documents *docs, lua_State *L, const struct page *p)
{
	if (docs == NULL)
		return;
	if (p->doc) {
		S_push_document(docs, L, p->doc);
		return;
	}
	if (p->kind != PAGE_SECTION)
		return;
	const struct doc_list *list;
	const struct library *lib = S_library_of(docs, p, &list);
	if (lib == NULL)
		return;
	lua_createtable(L, 0, 10);
	lua_host_set_str(L, "title", lib->sec->page->title);
	lua_host_set_str(L, "url", lib->sec->page->url);
	lua_pushfstring(L, "%s%s/%s", docs->site->base_path, lib->lang->code, DOCUMENT_INDEX);
	lua_setfield(L, -2, "index");
	lua_host_set_int(L, "total", (long long)lib->n);
	lua_host_set_int(L, "undated", (long long)lib->undated);
	if (list) {
		lua_host_set_str(L, "by", list->year ? "year" : "type");
		lua_host_set_str(L, "name", list->name);
		lua_host_set_int(L, "count", (long long)list->sec.npages);
	}
	S_push_lists(L, lib->years, lib->nyears, list);
	lua_setfield(L, -2, "years");
	S_push_lists(L, lib->types, lib->ntypes, list);
	lua_setfield(L, -2, "types");
	lua_setfield(L, -2, "library");
}

/* ---- the JSON index ---- */

static void S_json_opt(struct buf *out, const char *key, const char *v)
{
	buf_printf(out, ",\"%s\":", key);
	if (v)
		json_cstring(out, v);
	else
		buf_puts(out, "null");
}

/* An absolute URL: the site's origin and path, a JSON string. */
static void S_json_url(struct buf *out, const struct site *s, const char *path)
{
	char *u = xasprintf("%s%s", s->origin, path);
	json_cstring(out, u);
	free(u);
}

static void S_json_date(struct buf *out, const char *key, const struct document_date *dt)
{
	buf_printf(out, ",\"%s\":", key);
	if (dt->year == 0) {
		buf_puts(out, "null");
		return;
	}
	buf_putc(out, '"');
	document_format_date(out, dt, "en", 1);
	buf_putc(out, '"');
}

void documents_index(const struct documents *docs, const struct lang *l, struct buf *out)
{
	const struct site *s = docs->site;
	struct document **v = xmalloc((docs->n ? docs->n : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < docs->n; i++)
		if (docs->all[i]->page->lang == l)
			v[n++] = docs->all[i];
	qsort(v, n, sizeof *v, S_cmp_docs);
	buf_puts(out, "{\"version\":1,\"lang\":");
	json_cstring(out, l->code);
	buf_printf(out, ",\"count\":%zu,\"documents\":[", n);
	for (size_t i = 0; i < n; i++) {
		const struct document *doc = v[i];
		const struct page *p = doc->page;
		buf_puts(out, i ? ",\n{" : "\n{");
		buf_puts(out, "\"url\":");
		S_json_url(out, s, p->url);
		buf_puts(out, ",\"title\":");
		json_cstring(out, p->title);
		S_json_opt(out, "number", doc->number);
		buf_puts(out, ",\"type\":");
		json_cstring(out, doc->type);
		buf_puts(out, ",\"issuer\":");
		json_cstring(out, doc->issuer);
		S_json_date(out, "issued", &doc->issued);
		S_json_date(out, "effective", &doc->effective);
		buf_puts(out, ",\"summary\":");
		json_cstring(out, doc->summary);
		S_json_opt(out, "signer", doc->signer);
		S_json_opt(out, "signer_title", doc->signer_title);
		buf_puts(out, ",\"files\":[");
		for (size_t k = 0; k < doc->nfiles; k++) {
			const struct document_file *f = &doc->files[k];
			buf_puts(out, k ? ",{\"url\":" : "{\"url\":");
			S_json_url(out, s, f->url);
			S_json_opt(out, "title", f->title);
			buf_puts(out, ",\"format\":");
			json_cstring(out, f->format);
			buf_puts(out, ",\"media_type\":");
			json_cstring(out, f->mime);
			buf_printf(out, ",\"size\":%zu}", f->size);
		}
		buf_puts(out, "],\"tags\":[");
		for (size_t k = 0; k < p->ntags; k++) {
			if (k)
				buf_putc(out, ',');
			json_cstring(out, p->tags[k]);
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, n ? "\n]}\n" : "]}\n");
	free(v);
}

int documents_write(const struct documents *docs, struct output *o)
{
	int rc = 0;
	const struct site *s = docs->site;
	for (size_t i = 0; i < s->nlangs; i++) {
		const struct lang *l = s->langs[i];
		int has = 0;
		for (size_t k = 0; k < docs->n && !has; k++)
			has = docs->all[k]->page->lang == l;
		if (!has)
			continue;
		struct buf b = BUF_INIT;
		documents_index(docs, l, &b);
		char *rel = xasprintf("%s/%s", l->code, DOCUMENT_INDEX);
		if (output_write(o, rel, b.data, b.len, "the document index") < 0)
			rc = -1;
		free(rel);
		buf_free(&b);
	}
	return rc;
}
