/* board: `wardsite report` (see board.h).  One pass collects what must be
 * done into four lists; three writers (text, JSON, HTML) show them.  The
 * text and HTML writers share the same lines, each an English format
 * literal translated by msg_tr(). */
#include "board.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "freshness.h"
#include "glossary.h"
#include "history.h"
#include "markdown.h"
#include "msg.h"
#include "site.h"
#include "source.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"

struct overdue {
	const struct page *p;
	long long last; /* epoch of its last update; 0 with has_last == 0 */
	int has_last;
	long long period; /* days */
	long long days;   /* whole days since the last update */
};

struct outdated {
	const struct page *p, *orig;
	const struct history_commit *mine;         /* the translation's last commit */
	const struct history_commit *const *since; /* the original's commits after it, newest first */
	size_t nsince;
};

struct untranslated {
	const struct page *p;
	const struct lang **missing;
	size_t nmissing;
};

struct photo {
	const struct page *p;
	char *src;
	int line, col;
};

struct board {
	struct site *site;
	struct source *src;
	time_t now;
	struct overdue *overdue;
	size_t noverdue;
	struct outdated *outdated;
	size_t noutdated;
	struct untranslated *untranslated;
	size_t nuntranslated;
	const struct value *sections; /* report.translate_sections, or NULL */
	struct photo *photos;
	size_t nphotos, capphotos;
	const struct page *current; /* the page being rendered, for S_image */
	struct glossary_hits glossary; /* English names not as in data/glossary.yaml */
};

/* Content pages of the site, by file name. */
static int S_cmp_file(const void *a, const void *b)
{
	return strcmp((*(const struct page *const *)a)->file, (*(const struct page *const *)b)->file);
}

static const struct page **S_pages(const struct site *s, size_t *n)
{
	const struct page **v = xmalloc((s->npages ? s->npages : 1) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i]->file)
			v[(*n)++] = s->pages[i];
	if (*n > 1)
		qsort(v, *n, sizeof *v, S_cmp_file);
	return v;
}

/* Every page of a checked section (its list page too) whose last update
 * is older than the section's period. */
static int S_overdue(struct board *b, const struct page **pages, size_t n, struct diag *d)
{
	struct freshness_rules *rules = freshness_rules_read(b->site, d);
	if (rules == NULL)
		return -1;
	b->overdue = xcalloc(n ? n : 1, sizeof *b->overdue);
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pages[i];
		const struct section *sec = NULL;
		for (size_t k = 0; sec == NULL && k < p->lang->nsections; k++)
			if (strcmp(p->lang->sections[k]->name, p->section) == 0)
				sec = p->lang->sections[k];
		long long period = sec ? freshness_period(rules, p->lang, sec) : 0, when = 0;
		if (period == 0)
			continue;
		int has = freshness_page_update(p, &when);
		long long age = has ? (long long)b->now - when : 0;
		if (has && age <= period * 86400)
			continue;
		b->overdue[b->noverdue++] = (struct overdue){
		    .p = p, .last = when, .has_last = has, .period = period, .days = age > 0 ? age / 86400 : 0};
	}
	freshness_rules_free(rules);
	return 0;
}

static const struct page *S_original(const struct site *s, const struct page *p)
{
	if (strcmp(p->lang->code, s->default_language) == 0)
		return NULL;
	for (size_t k = 0; k < p->ntranslations; k++)
		if (strcmp(p->translations[k]->lang->code, s->default_language) == 0)
			return p->translations[k];
	return NULL;
}

/* Translations whose original has commits after the translation's last. */
static void S_outdated(struct board *b, const struct page **pages, size_t n)
{
	b->outdated = xcalloc(n ? n : 1, sizeof *b->outdated);
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pages[i], *orig = S_original(b->site, p);
		if (orig == NULL || orig->file == NULL || p->history == NULL || orig->history == NULL)
			continue;
		const struct history_commit *mine = p->history->revs[0];
		size_t k = 0;
		while (k < orig->history->nrevs && orig->history->revs[k]->time > mine->time)
			k++;
		if (k == 0)
			continue;
		b->outdated[b->noutdated++] =
		    (struct outdated){.p = p, .orig = orig, .mine = mine, .since = orig->history->revs, .nsince = k};
	}
}

/* site.yaml report.translate_sections: a list of section folder names of
 * the default language.  -1 when it is not (recorded). */
static int S_translate_sections(struct board *b, struct diag *d)
{
	const struct value *r = value_get(b->site->config, "report"), *v = NULL;
	if (r && r->type == VALUE_MAP)
		v = value_get(r, "translate_sections");
	else if (r && r->type != VALUE_NULL) {
		diag_error(d, "site.yaml", r->line, r->col, "'report' must be a map with 'translate_sections', not %s",
		           value_type_name(r->type));
		return -1;
	}
	if (v == NULL || v->type == VALUE_NULL)
		return 0;
	if (v->type != VALUE_LIST) {
		diag_error(d, "site.yaml", v->line, v->col,
		           "'report.translate_sections' must be a list of section folders, such as "
		           "[thong-tin-doi-ngoai], not %s",
		           value_type_name(v->type));
		return -1;
	}
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i]->type != VALUE_STRING) {
			diag_error(d, "site.yaml", v->items[i]->line, v->items[i]->col,
			           "'report.translate_sections' must list section folders, not %s",
			           value_type_name(v->items[i]->type));
			return -1;
		}
	b->sections = v;
	const struct lang *def = NULL;
	for (size_t k = 0; k < b->site->nlangs; k++)
		if (strcmp(b->site->langs[k]->code, b->site->default_language) == 0)
			def = b->site->langs[k];
	for (size_t i = 0; def && i < v->n; i++) {
		size_t k = 0;
		while (k < def->nsections && strcmp(def->sections[k]->name, v->items[i]->str) != 0)
			k++;
		if (k == def->nsections)
			diag_warning(d, "site.yaml", v->items[i]->line, v->items[i]->col,
			             "'report.translate_sections' names '%s', which is not a section (folder) of the "
			             "default language '%s'",
			             v->items[i]->str, def->code);
	}
	return 0;
}

static int S_must_translate(const struct board *b, const struct page *p)
{
	for (size_t i = 0; b->sections && i < b->sections->n; i++)
		if (strcmp(b->sections->items[i]->str, p->section) == 0)
			return 1;
	return 0;
}

static int S_has(const struct page *p, const struct lang *l)
{
	for (size_t i = 0; i < p->ntranslations; i++)
		if (p->translations[i]->lang == l)
			return 1;
	return 0;
}

/* Default-language pages of report.translate_sections without a
 * translation in some other language. */
static void S_untranslated(struct board *b, const struct page **pages, size_t n)
{
	const struct site *s = b->site;
	b->untranslated = xcalloc(n ? n : 1, sizeof *b->untranslated);
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pages[i];
		if (strcmp(p->lang->code, s->default_language) != 0 || !S_must_translate(b, p))
			continue;
		struct untranslated u = {.p = p, .missing = xmalloc(s->nlangs * sizeof *u.missing)};
		for (size_t k = 0; k < s->nlangs; k++)
			if (s->langs[k] != p->lang && !S_has(p, s->langs[k]))
				u.missing[u.nmissing++] = s->langs[k];
		if (u.nmissing)
			b->untranslated[b->nuntranslated++] = u;
		else
			free(u.missing);
	}
}

/* The image hook of the report's rendering: the build's own Markdown walk
 * hands every image with its alt text here; an empty one is recorded and
 * the image is left as it is. */
static int S_image(void *ud, const struct markdown_image *img, char **html)
{
	struct board *b = ud;
	*html = NULL;
	if (img->alt[0] != '\0')
		return 1;
	if (b->nphotos == b->capphotos) {
		b->capphotos = b->capphotos ? b->capphotos * 2 : 8;
		b->photos = xrealloc(b->photos, b->capphotos * sizeof *b->photos);
	}
	b->photos[b->nphotos++] = (struct photo){b->current, xstrdup(img->src), img->line, img->col};
	return 1;
}

static int S_photos(struct board *b, const struct page **pages, size_t n)
{
	struct markdown_hooks hooks = {.ud = b, .image = S_image};
	for (size_t i = 0; i < n; i++) {
		b->current = pages[i];
		if (site_render_content(b->site, (struct page *)pages[i], &hooks) < 0)
			return -1;
	}
	return 0;
}

static void S_date(struct buf *out, const struct site *s, long long epoch)
{
	struct text_date t;
	text_date_from_epoch(epoch, s->tz_minutes, &t);
	buf_printf(out, "%04d-%02d-%02d", t.year, t.month, t.day);
}

static char *S_ymd(const struct site *s, long long epoch)
{
	struct buf b = BUF_INIT;
	S_date(&b, s, epoch);
	return buf_detach(&b);
}

/* One line of the text and HTML reports: a group's heading, a page, or a
 * detail below a page (level 0, 1, 2). */
struct lines {
	struct buf *out;
	enum board_format fmt;
	int open[3]; /* HTML: lists open at each level */
};

static void S_close_to(struct lines *l, int level)
{
	for (int k = 2; k >= level; k--)
		if (l->open[k]) {
			buf_puts(l->out, k == 0 ? "" : "</li></ul>\n");
			l->open[k] = 0;
		}
}

static void S_line(struct lines *l, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void S_line(struct lines *l, int level, const char *fmt, ...)
{
	struct buf t = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&t, fmt, ap);
	va_end(ap);
	if (l->fmt == BOARD_TEXT) {
		buf_printf(l->out, "%*s%s\n", level * 2, "", buf_cstr(&t));
	} else if (level == 0) {
		S_close_to(l, 1);
		buf_puts(l->out, "<h2>");
		text_html_escape(l->out, t.data ? t.data : "", t.len);
		buf_puts(l->out, "</h2>\n");
	} else {
		S_close_to(l, level + 1);
		buf_puts(l->out, l->open[level] ? "</li>\n<li>" : "<ul>\n<li>");
		l->open[level] = 1;
		text_html_escape(l->out, t.data ? t.data : "", t.len);
	}
	buf_free(&t);
}

static const char *S_title(const struct page *p)
{
	return p->title && *p->title ? p->title : p->file;
}

static void S_lines_overdue(struct board *b, struct lines *l)
{
	S_line(l, 0, msg_tr("Overdue by the freshness rule of their section (%zu):"), b->noverdue);
	for (size_t i = 0; i < b->noverdue; i++) {
		const struct overdue *o = &b->overdue[i];
		if (!o->has_last) {
			S_line(l, 1,
			       msg_tr("%s (%s): no date, so never updated; the period of its section is %lld days"),
			       o->p->file, S_title(o->p), o->period);
			continue;
		}
		char *day = S_ymd(b->site, o->last);
		S_line(l, 1,
		       msg_tr("%s (%s): last updated %s, %lld days ago; the period of its section is %lld days, "
		              "so it is %lld days overdue"),
		       o->p->file, S_title(o->p), day, o->days, o->period, o->days - o->period);
		free(day);
	}
	if (b->noverdue == 0)
		S_line(l, 1, "%s", msg_tr("none"));
}

static void S_lines_outdated(struct board *b, struct lines *l)
{
	S_line(l, 0, msg_tr("Translations older than their original (%zu):"), b->noutdated);
	for (size_t i = 0; i < b->noutdated; i++) {
		const struct outdated *o = &b->outdated[i];
		char *day = S_ymd(b->site, o->mine->time);
		S_line(l, 1, msg_tr("%s (%s): translated %s; carry over these changes of %s:"), o->p->file,
		       S_title(o->p), day, o->orig->file);
		free(day);
		for (size_t k = 0; k < o->nsince; k++) {
			const struct history_commit *c = o->since[k];
			char *when = S_ymd(b->site, c->time);
			S_line(l, 2, msg_tr("%s %.12s %s: %s"), when, c->id, c->author, c->message);
			free(when);
		}
	}
	if (b->noutdated == 0)
		S_line(l, 1, "%s", msg_tr("none"));
}

static void S_lines_untranslated(struct board *b, struct lines *l)
{
	if (b->sections == NULL) {
		S_line(l, 0, "%s",
		       msg_tr("Pages without translation: no section is named in site.yaml (report: "
		              "translate_sections: [thong-tin-doi-ngoai])"));
		return;
	}
	S_line(l, 0, msg_tr("Pages without translation in the sections that must be translated (%zu):"),
	       b->nuntranslated);
	for (size_t i = 0; i < b->nuntranslated; i++) {
		const struct untranslated *u = &b->untranslated[i];
		struct buf langs = BUF_INIT;
		for (size_t k = 0; k < u->nmissing; k++)
			buf_printf(&langs, "%s%s", k ? ", " : "", u->missing[k]->code);
		S_line(l, 1, msg_tr("%s (%s): no translation in %s"), u->p->file, S_title(u->p), buf_cstr(&langs));
		buf_free(&langs);
	}
	if (b->nuntranslated == 0)
		S_line(l, 1, "%s", msg_tr("none"));
}

static void S_lines_photos(struct board *b, struct lines *l)
{
	S_line(l, 0, msg_tr("Photos without alt text (%zu):"), b->nphotos);
	for (size_t i = 0; i < b->nphotos; i++) {
		const struct photo *ph = &b->photos[i];
		if (i == 0 || b->photos[i - 1].p != ph->p)
			S_line(l, 1, "%s (%s):", ph->p->file, S_title(ph->p));
		S_line(l, 2, msg_tr("line %d: %s"), ph->line, ph->src);
	}
	if (b->nphotos == 0)
		S_line(l, 1, "%s", msg_tr("none"));
}

static void S_lines_glossary(struct board *b, struct lines *l)
{
	S_line(l, 0, msg_tr("English names not as in the glossary (%zu):"), b->glossary.n);
	for (size_t i = 0; i < b->glossary.n; i++) {
		const struct glossary_hit *h = &b->glossary.v[i];
		if (i == 0 || b->glossary.v[i - 1].p != h->p)
			S_line(l, 1, "%s (%s):", h->p->file, S_title(h->p));
		S_line(l, 2, msg_tr("line %d, column %d: '%s': write '%s' (%s, %s:%d)"), h->line, h->col, h->found, h->en,
		       h->vi, GLOSSARY_PATH, h->entry_line);
	}
	if (b->glossary.n == 0)
		S_line(l, 1, "%s", msg_tr("none"));
}

static size_t S_total(const struct board *b)
{
	return b->noverdue + b->noutdated + b->nuntranslated + b->nphotos + b->glossary.n;
}

static void S_lines(struct board *b, struct buf *out, enum board_format fmt)
{
	struct lines l = {.out = out, .fmt = fmt};
	char *day = S_ymd(b->site, (long long)b->now);
	if (fmt == BOARD_HTML) {
		buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
		           msg_lang() == MSG_VI ? "vi" : "en");
		text_html_escape(out, msg_tr("What to update"), strlen(msg_tr("What to update")));
		buf_puts(out, "</title>\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>");
	}
	struct buf head = BUF_INIT;
	buf_printf(&head, msg_tr("What to update on %s, from %s: %zu things to do"), day, msg_tr(source_describe(b->src)),
	           S_total(b));
	if (fmt == BOARD_HTML) {
		text_html_escape(out, head.data, head.len);
		buf_puts(out, "</h1>\n");
	} else {
		buf_printf(out, "%s\n", buf_cstr(&head));
	}
	buf_free(&head);
	free(day);
	S_lines_overdue(b, &l);
	S_lines_outdated(b, &l);
	S_lines_untranslated(b, &l);
	S_lines_photos(b, &l);
	S_lines_glossary(b, &l);
	S_close_to(&l, 1);
	if (fmt == BOARD_HTML)
		buf_puts(out, "</main>\n</body>\n</html>\n");
}

static void S_json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			buf_printf(b, "\\u%04x", ch);
		else
			buf_putc(b, (char)ch);
	}
	buf_putc(b, '"');
}

/* "file": …, "title": …, "url": … of p, with the key prefix. */
static void S_json_page(struct buf *out, const struct site *s, const struct page *p)
{
	buf_puts(out, "\"file\": ");
	S_json_str(out, p->file);
	buf_puts(out, ", \"title\": ");
	S_json_str(out, p->title ? p->title : "");
	buf_puts(out, ", \"lang\": ");
	S_json_str(out, p->lang->code);
	buf_printf(out, ", \"url\": \"%s", s->origin);
	buf_puts(out, p->url);
	buf_putc(out, '"');
}

static void S_json(struct board *b, struct buf *out)
{
	const struct site *s = b->site;
	buf_puts(out, "{\n  \"source\": ");
	S_json_str(out, source_describe(b->src));
	buf_puts(out, ",\n  \"date\": \"");
	S_date(out, s, (long long)b->now);
	buf_puts(out, "\",\n  \"overdue\": [");
	for (size_t i = 0; i < b->noverdue; i++) {
		const struct overdue *o = &b->overdue[i];
		buf_puts(out, i ? ",\n    {" : "\n    {");
		S_json_page(out, s, o->p);
		buf_puts(out, ", \"last_update\": ");
		if (o->has_last) {
			buf_putc(out, '"');
			S_date(out, s, o->last);
			buf_printf(out, "\", \"days_since\": %lld", o->days);
		} else {
			buf_puts(out, "null, \"days_since\": null");
		}
		buf_printf(out, ", \"period_days\": %lld}", o->period);
	}
	buf_puts(out, b->noverdue ? "\n  ],\n  \"outdated_translations\": [" : "],\n  \"outdated_translations\": [");
	for (size_t i = 0; i < b->noutdated; i++) {
		const struct outdated *o = &b->outdated[i];
		buf_puts(out, i ? ",\n    {" : "\n    {");
		S_json_page(out, s, o->p);
		buf_puts(out, ", \"translated\": \"");
		S_date(out, s, o->mine->time);
		buf_puts(out, "\", \"original\": ");
		S_json_str(out, o->orig->file);
		buf_puts(out, ", \"changes\": [");
		for (size_t k = 0; k < o->nsince; k++) {
			const struct history_commit *c = o->since[k];
			buf_printf(out, "%s{\"commit\": \"%s\", \"date\": \"", k ? ", " : "", c->id);
			S_date(out, s, c->time);
			buf_puts(out, "\", \"author\": ");
			S_json_str(out, c->author);
			buf_puts(out, ", \"message\": ");
			S_json_str(out, c->message);
			buf_putc(out, '}');
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, b->noutdated ? "\n  ],\n  \"translate_sections\": [" : "],\n  \"translate_sections\": [");
	for (size_t i = 0; b->sections && i < b->sections->n; i++) {
		buf_puts(out, i ? ", " : "");
		S_json_str(out, b->sections->items[i]->str);
	}
	buf_puts(out, "],\n  \"untranslated\": [");
	for (size_t i = 0; i < b->nuntranslated; i++) {
		const struct untranslated *u = &b->untranslated[i];
		buf_puts(out, i ? ",\n    {" : "\n    {");
		S_json_page(out, s, u->p);
		buf_puts(out, ", \"missing\": [");
		for (size_t k = 0; k < u->nmissing; k++) {
			buf_puts(out, k ? ", " : "");
			S_json_str(out, u->missing[k]->code);
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, b->nuntranslated ? "\n  ],\n  \"photos_without_alt\": [" : "],\n  \"photos_without_alt\": [");
	for (size_t i = 0; i < b->nphotos; i++) {
		const struct photo *ph = &b->photos[i];
		buf_puts(out, i ? ",\n    {" : "\n    {");
		S_json_page(out, s, ph->p);
		buf_puts(out, ", \"src\": ");
		S_json_str(out, ph->src);
		buf_printf(out, ", \"line\": %d, \"col\": %d}", ph->line, ph->col);
	}
	buf_puts(out, b->nphotos ? "\n  ],\n  \"glossary\": [" : "],\n  \"glossary\": [");
	for (size_t i = 0; i < b->glossary.n; i++) {
		const struct glossary_hit *h = &b->glossary.v[i];
		buf_puts(out, i ? ",\n    {" : "\n    {");
		S_json_page(out, s, h->p);
		buf_printf(out, ", \"line\": %d, \"col\": %d, \"found\": ", h->line, h->col);
		S_json_str(out, h->found);
		buf_puts(out, ", \"vi\": ");
		S_json_str(out, h->vi);
		buf_puts(out, ", \"en\": ");
		S_json_str(out, h->en);
		buf_printf(out, ", \"glossary_line\": %d}", h->entry_line);
	}
	buf_puts(out, b->glossary.n ? "\n  ]\n}\n" : "]\n}\n");
}

static void S_free(struct board *b)
{
	for (size_t i = 0; i < b->nuntranslated; i++)
		free(b->untranslated[i].missing);
	for (size_t i = 0; i < b->nphotos; i++)
		free(b->photos[i].src);
	free(b->overdue);
	free(b->outdated);
	free(b->untranslated);
	free(b->photos);
	glossary_hits_free(&b->glossary);
}

enum build_status board_report(const struct build_options *opt, enum board_format fmt, struct buf *out, struct diag *d)
{
	struct source_options so = {.repo = opt->repo, .ref = opt->ref, .worktree = opt->worktree};
	struct board b = {0};
	struct history *hist = NULL;
	const struct page **pages = NULL;
	size_t n = 0;
	enum build_status rc = BUILD_FAILED;
	char *err = NULL;

	if (source_open(&b.src, &so, &err) < 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		free(err);
		return BUILD_BAD_SOURCE;
	}
	/* a shallow clone's dates would hide what is overdue: refused */
	if (history_load(&hist, b.src, "content/", 1, d) < 0)
		goto out;
	if (history_shallow(hist)) {
		rc = BUILD_BAD_SOURCE;
		goto out;
	}
	b.now = freshness_now();
	struct site_options sopt = {.now = b.now, .history = hist};
	b.site = site_load(b.src, &sopt, d);
	if (b.site == NULL || d->errors > 0 || S_translate_sections(&b, d) < 0)
		goto out;
	pages = S_pages(b.site, &n);
	if (glossary_check(b.src, b.site, 0, 0, 1, &b.glossary, d) < 0)
		goto out;
	if (S_overdue(&b, pages, n, d) < 0 || S_photos(&b, pages, n) < 0 || d->errors > 0)
		goto out;
	S_outdated(&b, pages, n);
	S_untranslated(&b, pages, n);
	if (fmt == BOARD_JSON)
		S_json(&b, out);
	else
		S_lines(&b, out, fmt);
	rc = BUILD_OK;
out:
	free(pages);
	S_free(&b);
	site_free(b.site);
	history_free(hist);
	source_close(b.src);
	return rc;
}
