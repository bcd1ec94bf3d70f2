#include "freshness.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "history.h"
#include "msg.h"
#include "site.h"
#include "source.h"
#include "text.h"
#include "xalloc.h"

#define DEFAULT_DAYS 30
#define MAX_DAYS 36500

struct row {
	const struct lang *lang;
	const struct section *sec;
	const struct page *latest; /* the page of the last update, or NULL */
	long long last;            /* its epoch */
	long long period;          /* days; 0: not checked */
	long long days;            /* whole days since the last update */
	size_t npages;
	int stale;
};

/* site.yaml `freshness`, checked. */
struct freshness_rules {
	long long default_days;
	const struct value *sections; /* map, or NULL */
	char *used;                   /* per key of sections: matched a section */
};

time_t freshness_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (*end == '\0')
			return (time_t)v;
	}
	return time(NULL);
}

/* A period: a whole number of days, or false (not checked: 0).  -1 when
 * it is neither (recorded). */
static long long S_period(const struct value *v, const char *what, struct diag *d)
{
	if (v->type == VALUE_BOOL && v->i == 0)
		return 0;
	if (v->type == VALUE_INT && v->i >= 1 && v->i <= MAX_DAYS)
		return v->i;
	diag_error(d, "site.yaml", v->line, v->col,
		   "%s must be a whole number of days from 1 to %d, or false, not '%s'", what, MAX_DAYS,
		   v->str ? v->str : value_type_name(v->type));
	return -1;
}

static int S_config(const struct site *s, struct freshness_rules *c, struct diag *d)
{
	int errors = d->errors;
	c->default_days = DEFAULT_DAYS;
	c->sections = NULL;
	c->used = NULL;
	const struct value *f = value_get(s->config, "freshness");
	if (f == NULL || f->type == VALUE_NULL)
		return 0;
	if (f->type != VALUE_MAP) {
		diag_error(d, "site.yaml", f->line, f->col,
			   "'freshness' must be a map with 'default_days' and 'sections', not %s", value_type_name(f->type));
		return -1;
	}
	for (size_t i = 0; i < f->n; i++) {
		const char *k = f->keys[i]->str;
		if (strcmp(k, "default_days") != 0 && strcmp(k, "sections") != 0)
			diag_warning(d, "site.yaml", f->keys[i]->line, f->keys[i]->col,
				     "unknown key '%s' in 'freshness' is ignored (it has default_days and sections)", k);
	}
	const struct value *v = value_get(f, "default_days");
	if (v && v->type != VALUE_NULL) {
		long long days = S_period(v, "'freshness.default_days'", d);
		if (days >= 0)
			c->default_days = days;
	}
	v = value_get(f, "sections");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_MAP) {
			diag_error(d, "site.yaml", v->line, v->col, "'freshness.sections' must be a map of section: days, not %s",
				   value_type_name(v->type));
		} else {
			c->sections = v;
			c->used = xcalloc(v->n ? v->n : 1, 1);
			for (size_t i = 0; i < v->n; i++) {
				char *what = xasprintf(msg_tr("the period of section '%s'"), v->keys[i]->str);
				S_period(v->items[i], what, d);
				free(what);
			}
		}
	}
	return d->errors > errors ? -1 : 0;
}

struct freshness_rules *freshness_rules_read(const struct site *s, struct diag *d)
{
	struct freshness_rules *r = xcalloc(1, sizeof *r);
	if (S_config(s, r, d) < 0) {
		freshness_rules_free(r);
		return NULL;
	}
	return r;
}

void freshness_rules_free(struct freshness_rules *r)
{
	if (r) {
		free(r->used);
		free(r);
	}
}

long long freshness_period(struct freshness_rules *c, const struct lang *l, const struct section *sec)
{
	const struct value *m = c->sections;
	long long found = -1;
	int exact = 0;
	for (size_t i = 0; m && i < m->n; i++) {
		const char *k = m->keys[i]->str;
		const char *slash = strchr(k, '/');
		int lang_key = slash && (size_t)(slash - k) == strlen(l->code) && strncmp(k, l->code, strlen(l->code)) == 0;
		if (slash && !lang_key)
			continue;
		char *slug = text_slug(slash ? slash + 1 : k);
		int match = strcmp(slug, sec->name) == 0;
		free(slug);
		if (!match || (exact && !lang_key))
			continue;
		const struct value *v = m->items[i];
		found = v->type == VALUE_INT ? v->i : 0;
		exact = lang_key;
		c->used[i] = 1;
	}
	return found >= 0 ? found : c->default_days;
}

int freshness_page_update(const struct page *p, long long *when)
{
	if (!p->has_date && !p->has_lastmod)
		return 0;
	*when = p->has_lastmod ? p->lastmod.epoch : p->date.epoch;
	if (p->has_date && p->date.epoch > *when)
		*when = p->date.epoch;
	return 1;
}

static void S_consider(struct row *r, const struct page *p)
{
	long long when;
	if (p == NULL || p->file == NULL || !freshness_page_update(p, &when))
		return;
	if (r->latest == NULL || when > r->last) {
		r->latest = p;
		r->last = when;
	}
}

static void S_ymd(struct buf *b, long long epoch, int tz)
{
	struct text_date d;
	text_date_from_epoch(epoch, tz, &d);
	buf_printf(b, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void S_iso(struct buf *b, long long epoch, int tz)
{
	struct text_date d;
	text_date_from_epoch(epoch, tz, &d);
	text_format_date(b, &d, "en", "iso");
}

static void S_json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			buf_puts(b, "\\n");
		else if (ch < 0x20)
			buf_printf(b, "\\u%04x", ch);
		else
			buf_putc(b, (char)ch);
	}
	buf_putc(b, '"');
}

/* Characters (code points) of UTF-8 s, for lining up columns. */
static size_t S_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void S_cell(struct buf *b, const char *s, size_t width)
{
	buf_puts(b, s);
	for (size_t w = S_width(s); w < width; w++)
		buf_putc(b, ' ');
}

static void S_text(struct buf *out, const struct site *s, struct source *src, const struct row *rows, size_t n,
		   time_t now, size_t stale)
{
	struct buf cell = BUF_INIT;
	S_ymd(&cell, (long long)now, s->tz_minutes);
	buf_printf(out, msg_tr("Freshness of %s on %s: %zu of %zu section%s stale\n"), msg_tr(source_describe(src)),
		   buf_cstr(&cell), stale, n, n == 1 ? "" : "s");
	if (n == 0) {
		buf_free(&cell);
		return;
	}
	static const char *const head_en[] = {MSG_N("LANG"), MSG_N("SECTION"), MSG_N("PAGES"), MSG_N("LAST UPDATE"),
					      MSG_N("AGE"),  MSG_N("PERIOD"),  MSG_N("STATUS")};
	const char *head[7];
	size_t w[7];
	for (size_t k = 0; k < 7; k++) {
		head[k] = msg_tr(head_en[k]);
		w[k] = S_width(head[k]);
	}
	char ***cells = xcalloc(n, sizeof *cells);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		cells[i] = xcalloc(7, sizeof **cells);
		cells[i][0] = xstrdup(r->lang->code);
		cells[i][1] = xstrdup(r->sec->name);
		cells[i][2] = xasprintf("%zu", r->npages);
		buf_reset(&cell);
		if (r->latest)
			S_ymd(&cell, r->last, s->tz_minutes);
		cells[i][3] = xstrdup(r->latest ? buf_cstr(&cell) : "-");
		cells[i][4] = r->latest ? xasprintf(msg_tr("%lld day%s"), r->days, r->days == 1 ? "" : "s") : xstrdup("-");
		cells[i][5] = r->period ? xasprintf(msg_tr("%lld day%s"), r->period, r->period == 1 ? "" : "s") : xstrdup("-");
		if (r->period == 0)
			cells[i][6] = xstrdup(msg_tr("not checked"));
		else if (!r->stale)
			cells[i][6] = xstrdup(msg_tr("ok"));
		else if (r->latest == NULL)
			cells[i][6] = xstrdup(msg_tr("STALE: no dated page"));
		else
			cells[i][6] = xasprintf(msg_tr("STALE: %lld day%s overdue"), r->days - r->period,
						r->days - r->period == 1 ? "" : "s");
		for (size_t k = 0; k < 7; k++)
			if (S_width(cells[i][k]) > w[k])
				w[k] = S_width(cells[i][k]);
	}
	buf_putc(out, '\n');
	for (size_t k = 0; k < 7; k++)
		S_cell(out, head[k], k == 6 ? 0 : w[k] + 2);
	buf_putc(out, '\n');
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < 7; k++) {
			if (k == 2) { /* a number: to the right */
				S_cell(out, "", w[k] - S_width(cells[i][k]));
				S_cell(out, cells[i][k], S_width(cells[i][k]) + 2);
			} else {
				S_cell(out, cells[i][k], k == 6 ? 0 : w[k] + 2);
			}
			free(cells[i][k]);
		}
		buf_putc(out, '\n');
		free(cells[i]);
	}
	free(cells);
	buf_free(&cell);
}

static void S_json(struct buf *out, const struct site *s, struct source *src, const struct freshness_rules *c,
		   const struct row *rows, size_t n, time_t now, size_t stale, int shallow)
{
	buf_puts(out, "{\n  \"source\": ");
	S_json_str(out, source_describe(src));
	buf_puts(out, ",\n  \"now\": \"");
	S_iso(out, (long long)now, s->tz_minutes);
	buf_printf(out, "\",\n  \"shallow\": %s,\n  \"default_days\": %lld,\n  \"stale\": %zu,\n  \"sections\": [",
		   shallow ? "true" : "false", c->default_days, stale);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		buf_puts(out, i ? ",\n    {" : "\n    {");
		buf_puts(out, "\"lang\": ");
		S_json_str(out, r->lang->code);
		buf_puts(out, ", \"section\": ");
		S_json_str(out, r->sec->name);
		buf_puts(out, ", \"title\": ");
		S_json_str(out, r->sec->page->title);
		buf_printf(out, ", \"url\": \"%s", s->origin);
		buf_puts(out, r->sec->page->url);
		buf_printf(out, "\", \"pages\": %zu, \"last_update\": ", r->npages);
		if (r->latest) {
			buf_putc(out, '"');
			S_iso(out, r->last, s->tz_minutes);
			buf_puts(out, "\", \"last_page\": {\"title\": ");
			S_json_str(out, r->latest->title);
			buf_printf(out, ", \"url\": \"%s", s->origin);
			buf_puts(out, r->latest->url);
			buf_puts(out, "\", \"file\": ");
			S_json_str(out, r->latest->file);
			buf_printf(out, "}, \"days_since\": %lld", r->days);
		} else {
			buf_puts(out, "null, \"last_page\": null, \"days_since\": null");
		}
		if (r->period)
			buf_printf(out, ", \"period_days\": %lld", r->period);
		else
			buf_puts(out, ", \"period_days\": null");
		buf_printf(out, ", \"stale\": %s}", r->stale ? "true" : "false");
	}
	buf_puts(out, n ? "\n  ]\n}\n" : "]\n}\n");
}

enum freshness_status freshness_report(const struct freshness_options *opt, struct diag *d)
{
	struct source_options so = {.repo = opt->repo, .ref = opt->ref};
	struct source *src = NULL;
	struct history *hist = NULL;
	struct site *site = NULL;
	struct freshness_rules cfg = {0};
	struct row *rows = NULL;
	size_t nrows = 0, stale = 0;
	enum freshness_status rc = FRESHNESS_FAILED;
	char *err = NULL;

	if (source_open(&src, &so, &err) < 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		free(err);
		return FRESHNESS_BAD_SOURCE;
	}
	/* a shallow clone's dates would report "0 stale" wrongly: refused */
	if (history_load(&hist, src, "content/", 1, d) < 0)
		goto out;
	if (history_shallow(hist)) {
		rc = FRESHNESS_BAD_SOURCE;
		goto out;
	}
	time_t now = freshness_now();
	struct site_options sopt = {.now = now, .history = hist};
	site = site_load(src, &sopt, d);
	if (site == NULL || d->errors > 0 || S_config(site, &cfg, d) < 0)
		goto out;

	size_t cap = 0;
	for (size_t li = 0; li < site->nlangs; li++)
		cap += site->langs[li]->nsections;
	rows = xcalloc(cap ? cap : 1, sizeof *rows);
	for (size_t li = 0; li < site->nlangs; li++) {
		const struct lang *l = site->langs[li];
		for (size_t k = 0; k < l->nsections; k++) {
			struct row *r = &rows[nrows++];
			r->lang = l;
			r->sec = l->sections[k];
			r->npages = r->sec->npages;
			S_consider(r, r->sec->page);
			for (size_t i = 0; i < r->sec->npages; i++)
				S_consider(r, r->sec->pages[i]);
			r->period = freshness_period(&cfg, l, r->sec);
			if (r->latest) {
				long long age = (long long)now - r->last;
				r->days = age > 0 ? age / 86400 : 0;
			}
			r->stale = r->period > 0 && (r->latest == NULL || (long long)now - r->last > r->period * 86400);
			stale += (size_t)r->stale;
		}
	}
	for (size_t i = 0; cfg.sections && i < cfg.sections->n; i++)
		if (!cfg.used[i])
			diag_warning(d, "site.yaml", cfg.sections->keys[i]->line, cfg.sections->keys[i]->col,
				     "'freshness.sections' names '%s', which is not a section of any language",
				     cfg.sections->keys[i]->str);

	struct buf out = BUF_INIT;
	if (opt->json)
		S_json(&out, site, src, &cfg, rows, nrows, now, stale, history_shallow(hist));
	else
		S_text(&out, site, src, rows, nrows, now, stale);
	fwrite(out.data ? out.data : "", 1, out.len, opt->out);
	fflush(opt->out);
	buf_free(&out);
	rc = stale > 0 && opt->fail_stale ? FRESHNESS_FAILED : FRESHNESS_OK;
out:
	free(rows);
	free(cfg.used);
	site_free(site);
	history_free(hist);
	source_close(src);
	return rc;
}
