/* screen: the public e-bulletin screens and their JSON feed (see screen.h). */
#include "screen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "events.h"
#include "feeds.h"
#include "hash.h"
#include "json.h"
#include "schema.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"

#define CONFIG_PATH "site.yaml"
#define SCREEN_FEED "index.json"
#define SCREEN_WORKER "sw.js"
#define SUMMARY_BYTES 320 /* of a summary on the screen; the feed has it whole */
#define VERSION_HOLE "0000000000000000"

/* The interface text of a screen in one language. */
struct strings {
	const char *lang;
	const char *title, *list_label, *empty;
	const char *notice, *event, *indicator;
	const char *published, *when, *where, *more;
	const char *target_by, *latest, *set_by;
	const char *met, *not_met, *no_data, *unrated;
	const char *above, *at_least, *below, *at_most;
	const char *days[7];    /* Sunday first */
	const char *months[12]; /* empty for vi: it writes 25/4/2026 */
};

static const struct strings S_vi = {
	"vi", "Bảng tin điện tử", "Các tin trên bảng tin", "Chưa có tin nào để hiển thị.",
	"Thông báo", "Sự kiện sắp diễn ra", "Chỉ tiêu",
	"Đăng ngày %s", "Thời gian", "Địa điểm", "Xem đầy đủ tại",
	"Mục tiêu đến năm %d", "Số liệu mới nhất (%s): %s", "Chỉ tiêu theo %s.",
	"Đạt", "Chưa đạt", "Chưa có số liệu", "Chưa đánh giá",
	"trên %s", "tối thiểu %s", "dưới %s", "tối đa %s",
	{"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"},
	{"", "", "", "", "", "", "", "", "", "", "", ""},
};

static const struct strings S_en = {
	"en", "Public bulletin board", "Items on the bulletin board", "Nothing to show yet.",
	"Notice", "Upcoming event", "Target",
	"Published %s", "When", "Where", "Read in full at",
	"Target by %d", "Latest figure (%s): %s", "Target set by %s.",
	"Met", "Not yet met", "No data yet", "Not assessed",
	"above %s", "at least %s", "below %s", "at most %s",
	{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
	 "December"},
};

static const char *const S_status_names[] = {"met", "not_met", "no_data", "unrated"};
static const char *const S_status_symbols[] = {"✓", "✗", "–", "–"};
enum status { ST_MET, ST_NOT_MET, ST_NO_DATA, ST_UNRATED };

struct indicator {
	const char *id;
	const struct value *name, *group, *unit, *plan;
	int lower;               /* direction: lower is better */
	int has_target, target_year;
	int target_has_value;
	double target_value;
	const struct value *target_text;
	const char *target_vi, *target_en; /* a text target from the CSV */
	const char *compare;     /* ">", ">=", "<", "<=" or NULL */
	long target_key;
	int has_latest;
	double latest;
	const char *latest_period, *latest_source;
	long latest_key;
};

enum item_kind { ITEM_NOTICE, ITEM_EVENT, ITEM_INDICATOR };

struct item {
	enum item_kind kind;
	const struct page *page;
	struct schema_event ev; /* an event: its next occasion's dates in start and end */
	long long until;        /* an event: the moment it is over */
	const struct indicator *ind;
};

struct lang_screen {
	const struct lang *lang;
	const char *url; /* "/vi/bang-tin/" with the base path */
	struct item *items;
	size_t nitems;
};

struct screen {
	struct arena arena;
	const struct site *site;
	const struct events *events; /* every page's event, read once per build */
	struct value *data;      /* the indicator set (owned) */
	const char *data_path;
	int seconds, refresh_minutes;
	struct lang_screen *langs;
	size_t nlangs;
	char *css, *js;          /* the theme's screen/screen.css and screen.js (owned) */
};

static const struct strings *S_strings(const char *lang)
{
	return strcmp(lang, "vi") == 0 ? &S_vi : &S_en;
}

/* A text of the data in lang: a string, or a map of language -> string
 * (that language, else vi, else the first). */
static const char *S_tr(const struct value *v, const char *lang)
{
	if (v == NULL)
		return NULL;
	if (v->type != VALUE_MAP)
		return v->str;
	const struct value *t = value_get(v, lang);
	if (t == NULL)
		t = value_get(v, "vi");
	if (t == NULL && v->n > 0)
		t = v->items[0];
	return t ? t->str : NULL;
}

/* "'abc'" for a scalar, "a list" for the others: what a message quotes. */
static const char *S_shown(struct screen *sc, const struct value *v)
{
	if (v->str)
		return arena_printf(&sc->arena, "'%s'", v->str);
	return value_type_name(v->type);
}

/* ---- configuration ---- */

static int S_int(struct screen *sc, const struct value *cfg, const char *key, int min, int max, int dflt,
		 struct diag *d)
{
	const struct value *v = value_get(cfg, key);
	if (v == NULL)
		return dflt;
	if (v->type != VALUE_INT || v->i < min || v->i > max) {
		diag_error(d, CONFIG_PATH, v->line, v->col, "screen: '%s' must be a whole number from %d to %d, not %s", key,
			   min, max, S_shown(sc, v));
		return dflt;
	}
	return (int)v->i;
}

/* 1 when s is one URL segment of lowercase letters, digits and '-'. */
static int S_is_slug(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 100)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

static const char *S_default_slug(const char *lang)
{
	if (strcmp(lang, "vi") == 0)
		return "bang-tin";
	if (strcmp(lang, "en") == 0)
		return "bulletin-board";
	return "screen";
}

/* The slug of language l from `screen.slug` (checked by S_check_slug). */
static const char *S_slug(const struct value *cfg, const char *lang)
{
	const struct value *v = value_get(cfg, "slug");
	if (v && v->type == VALUE_STRING && S_is_slug(v->str))
		return v->str;
	if (v && v->type == VALUE_MAP) {
		const struct value *t = value_get(v, lang);
		if (t && t->type == VALUE_STRING && S_is_slug(t->str))
			return t->str;
	}
	return S_default_slug(lang);
}

static void S_check_slug(struct screen *sc, const struct value *cfg, struct diag *d)
{
	const struct value *v = value_get(cfg, "slug");
	if (v == NULL)
		return;
	if (v->type == VALUE_STRING) {
		if (!S_is_slug(v->str))
			diag_error(d, CONFIG_PATH, v->line, v->col,
				   "screen: 'slug' must be one URL segment of lowercase letters, digits and '-', not '%s'",
				   v->str);
		return;
	}
	if (v->type != VALUE_MAP) {
		diag_error(d, CONFIG_PATH, v->line, v->col,
			   "screen: 'slug' must be a text or a map of language to text, not %s", S_shown(sc, v));
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct value *k = v->keys[i], *t = v->items[i];
		int known = 0;
		for (size_t l = 0; l < sc->site->nlangs; l++)
			known |= strcmp(sc->site->langs[l]->code, k->str) == 0;
		if (!known) {
			char *list = site_lang_list(sc->site);
			diag_error(d, CONFIG_PATH, k->line, k->col,
				   "screen: 'slug' names language '%s', which site.yaml does not have (languages: %s)",
				   k->str, list);
			free(list);
		} else if (t->type != VALUE_STRING || !S_is_slug(t->str)) {
			diag_error(d, CONFIG_PATH, t->line, t->col,
				   "screen: 'slug' must be one URL segment of lowercase letters, digits and '-', not '%s'",
				   t->str ? t->str : value_type_name(t->type));
		}
	}
}

/* A list of names (sections, indicators); NULL when absent or wrong
 * (recorded). */
static const struct value *S_names(struct screen *sc, const struct value *cfg, const char *key, struct diag *d)
{
	const struct value *v = value_get(cfg, key);
	if (v == NULL)
		return NULL;
	int ok = v->type == VALUE_LIST;
	for (size_t i = 0; ok && i < v->n; i++)
		ok = v->items[i]->type == VALUE_STRING || v->items[i]->type == VALUE_INT;
	if (!ok) {
		diag_error(d, CONFIG_PATH, v->line, v->col, "screen: '%s' must be a list of names, not %s", key,
			   S_shown(sc, v));
		return NULL;
	}
	return v;
}

static int S_in_names(const struct value *names, const char *s)
{
	for (size_t i = 0; names && i < names->n; i++)
		if (names->items[i]->str && strcmp(names->items[i]->str, s) == 0)
			return 1;
	return 0;
}

static void S_check_sections(const struct site *s, const struct value *names, struct diag *d)
{
	for (size_t i = 0; names && i < names->n; i++) {
		const struct value *n = names->items[i];
		int found = 0;
		for (size_t l = 0; l < s->nlangs && !found; l++)
			for (size_t k = 0; k < s->langs[l]->nsections && !found; k++)
				found = strcmp(s->langs[l]->sections[k]->name, n->str) == 0;
		if (!found)
			diag_error(d, CONFIG_PATH, n->line, n->col,
				   "screen: no language has a section '%s': name a folder directly under content/LANG/",
				   n->str);
	}
}

/* ---- the `board` key of pages ---- */

/* 1 when p's `board` is the one its default-language translation has
 * (inherited, so reported there). */
static int S_inherited_board(const struct site *s, const struct page *p, const struct value *v)
{
	for (size_t i = 0; i < p->ntranslations; i++) {
		const struct page *t = p->translations[i];
		const struct value *tv = t->front ? value_get(t->front, "board") : NULL;
		if (strcmp(t->lang->code, s->default_language) == 0 && tv && tv->line == v->line && tv->col == v->col &&
		    tv->type == v->type)
			return 1;
	}
	return 0;
}

/* -1 when p says nothing, else its `board` (0 or 1).  A wrong value is an
 * error (recorded once, at the page that has it) and counts as nothing. */
static int S_board(const struct site *s, const struct page *p, struct diag *d)
{
	const struct value *v = p->front && p->front->type == VALUE_MAP ? value_get(p->front, "board") : NULL;
	if (v == NULL || v->type == VALUE_NULL)
		return -1;
	if (v->type == VALUE_BOOL)
		return v->i != 0;
	if (!S_inherited_board(s, p, v)) {
		char *shown = v->str ? xasprintf("'%s'", v->str) : xstrdup(value_type_name(v->type));
		diag_error(d, p->file, v->line, v->col, "'board' must be true or false, not %s", shown);
		free(shown);
	}
	return -1;
}

/* ---- events ---- */

/* Whether p announces an event (1, with *ev set), and if so its occasion
 * not over at now (events.h: the next one of a lunar date that recurs
 * every year), its dates put in ev->start and ev->end and the moment it
 * is over in *until; *until is 0 when every occasion is over.  Returns 0
 * when p announces no usable event (a wrong one was reported by
 * events_new). */
static int S_event_of(const struct screen *sc, const struct page *p, time_t now, struct schema_event *ev,
		      long long *until)
{
	const struct page_schema *ps = events_schema(sc->events, p);
	if (!ps->has_event)
		return 0;
	*ev = ps->event;
	struct event_occurrence occ;
	*until = 0;
	if (event_next(&ps->event, sc->site->tz_minutes, (long long)now, &occ)) {
		ev->start = occ.start;
		ev->end = occ.end;
		ev->has_end = occ.has_end;
		*until = occ.ends;
	}
	return 1;
}

/* ---- indicators ---- */

/* A period as a number that sorts: 2025 -> 202500, "6/2026" -> 202606. */
static long S_period_key(const struct value *v)
{
	if (v == NULL)
		return -1;
	if (v->type == VALUE_INT)
		return (long)(v->i < 0 || v->i > 99999 ? 0 : v->i * 100);
	if (v->str == NULL)
		return -1;
	int m = 0, y = 0;
	if (sscanf(v->str, "%d/%d", &m, &y) == 2 && m >= 1 && m <= 12 && y > 0 && y < 100000)
		return (long)y * 100 + m;
	if (sscanf(v->str, "%d", &y) == 1 && y > 0 && y < 100000)
		return (long)y * 100;
	return -1;
}

static int S_number(const struct value *v, double *out)
{
	const char *why;
	if (v == NULL)
		return -1;
	if (v->type == VALUE_INT) {
		*out = (double)v->i;
		return 0;
	}
	if (v->type == VALUE_FLOAT) {
		*out = v->f;
		return 0;
	}
	if (v->type == VALUE_STRING)
		return csv_number(v->str, out, &why);
	return -1;
}

static void S_value(struct indicator *ind, long key, double value, const char *period, const char *source)
{
	if (ind->has_latest && key < ind->latest_key)
		return;
	ind->has_latest = 1;
	ind->latest = value;
	ind->latest_key = key;
	ind->latest_period = period;
	ind->latest_source = source;
}

static void S_target(struct indicator *ind, long key)
{
	ind->has_target = 1;
	ind->target_key = key;
	ind->target_year = (int)(key / 100);
	ind->target_has_value = 0;
	ind->target_text = NULL;
	ind->target_vi = ind->target_en = NULL;
	ind->compare = NULL;
}

static const char *S_compare(const struct value *c)
{
	static const char *const ok[] = {">", ">=", "<", "<="};
	for (size_t i = 0; c && c->str && i < 4; i++)
		if (strcmp(c->str, ok[i]) == 0)
			return ok[i];
	return NULL;
}

/* Reads a file of the source as text.  NULL when absent or unreadable. */
static char *S_read(struct source *src, const char *path, size_t *len)
{
	const struct source_file *f = source_find(src, path);
	char *data, *err, *nfc;
	size_t bad;
	if (f == NULL || f->kind != SOURCE_FILE)
		return NULL;
	if (source_read(src, f, &data, len, &err) < 0) {
		free(err);
		return NULL;
	}
	if (!text_utf8_valid(data, *len, &bad)) {
		free(data);
		return NULL;
	}
	nfc = text_nfc(data, *len, len);
	free(data);
	return nfc;
}

/* Values and targets of NAME-values.csv (id;type;period;value;text_vi;
 * text_en;source), as lua-plugins/indicator.lua reads them. */
static void S_read_values(struct screen *sc, struct source *src, const char *name, struct indicator *inds, size_t n,
			  struct diag *d)
{
	char *path = arena_printf(&sc->arena, "data/%s-values.csv", name);
	size_t len;
	char *text = S_read(src, path, &len);
	if (text == NULL)
		return;
	struct diag quiet;
	diag_init(&quiet, NULL); /* the indicator plugin reports the file's own errors */
	struct csv *c = csv_parse(text, len, path, &quiet);
	diag_free(&quiet);
	free(text);
	if (c == NULL)
		return;
	int cid = csv_column(c, "id"), ctype = csv_column(c, "type"), cper = csv_column(c, "period"),
	    cval = csv_column(c, "value"), cvi = csv_column(c, "text_vi"), cen = csv_column(c, "text_en"),
	    csrc = csv_column(c, "source");
	if (cid < 0 || ctype < 0 || cper < 0) {
		csv_free(c);
		return;
	}
	for (size_t r = 0; r < c->nrows; r++) {
		char **cell = c->rows[r].cells;
		struct indicator *ind = NULL;
		for (size_t i = 0; i < n && ind == NULL; i++)
			if (strcmp(inds[i].id, cell[cid]) == 0)
				ind = &inds[i];
		if (ind == NULL)
			continue;
		struct value per = {.type = VALUE_STRING, .str = cell[cper]};
		long key = S_period_key(&per);
		double v = 0;
		const char *why = NULL;
		int has_value = cval >= 0 && cell[cval][0] != '\0';
		if (has_value && csv_number(cell[cval], &v, &why) < 0) {
			diag_error(d, path, c->rows[r].line, 0, "screen: malformed value '%s' (%s)", cell[cval], why);
			continue;
		}
		if (strcmp(cell[ctype], "result") == 0 && has_value) {
			S_value(ind, key, v, arena_strdup(&sc->arena, cell[cper]),
				csrc >= 0 && cell[csrc][0] ? arena_strdup(&sc->arena, cell[csrc]) : NULL);
		} else if (strcmp(cell[ctype], "target") == 0 && (!ind->has_target || key >= ind->target_key)) {
			S_target(ind, key);
			if (has_value) {
				ind->target_has_value = 1;
				ind->target_value = v;
			} else {
				ind->target_vi = cvi >= 0 && cell[cvi][0] ? arena_strdup(&sc->arena, cell[cvi]) : NULL;
				ind->target_en = cen >= 0 && cell[cen][0] ? arena_strdup(&sc->arena, cell[cen]) : NULL;
			}
		}
	}
	csv_free(c);
}

/* The indicators named by `screen.indicators`, from data/NAME.yaml (and
 * NAME-values.csv), in the order named.  Returns the array (in the
 * arena) and *n, or NULL (problems recorded). */
static struct indicator *S_indicators(struct screen *sc, struct source *src, const struct value *cfg,
				      const struct value *ids, size_t *n, struct diag *d)
{
	const struct value *dv = value_get(cfg, "indicator_data");
	const char *name = "indicators";
	*n = 0;
	if (dv) {
		if (dv->type != VALUE_STRING || !S_is_slug(dv->str)) {
			diag_error(d, CONFIG_PATH, dv->line, dv->col,
				   "screen: 'indicator_data' must be the name of a data set such as indicators "
				   "(data/indicators.yaml), not %s",
				   S_shown(sc, dv));
			return NULL;
		}
		name = dv->str;
	}
	if (ids == NULL || ids->n == 0)
		return NULL;
	size_t len;
	sc->data_path = arena_printf(&sc->arena, "data/%s.yaml", name);
	char *text = S_read(src, sc->data_path, &len);
	if (text == NULL) {
		const char *yml = arena_printf(&sc->arena, "data/%s.yml", name);
		if ((text = S_read(src, yml, &len)) != NULL)
			sc->data_path = yml;
	}
	const struct value *key = value_key(cfg, "indicators");
	if (text == NULL) {
		diag_error(d, CONFIG_PATH, key->line, key->col,
			   "screen: %s is missing, but 'indicators' names indicators from it", sc->data_path);
		return NULL;
	}
	struct diag quiet;
	diag_init(&quiet, NULL); /* the file's YAML errors are reported with the site's data */
	sc->data = value_parse_yaml(text, len, sc->data_path, 0, &quiet);
	diag_free(&quiet);
	free(text);
	const struct value *list = sc->data ? value_get(sc->data, "indicators") : NULL;
	if (list == NULL || list->type != VALUE_LIST) {
		diag_error(d, CONFIG_PATH, key->line, key->col,
			   "screen: %s cannot be read as an indicator set (its errors are above, or it has no "
			   "'indicators' list)",
			   sc->data_path);
		return NULL;
	}
	const struct value *groups = value_get(sc->data, "groups"), *plan = value_get(sc->data, "plan");
	struct indicator *all = arena_alloc(&sc->arena, (list->n ? list->n : 1) * sizeof *all);
	size_t nall = 0;
	for (size_t i = 0; i < list->n; i++) {
		const struct value *m = list->items[i], *id = value_get(m, "id");
		if (m->type != VALUE_MAP || id == NULL || id->str == NULL)
			continue;
		struct indicator *ind = &all[nall++];
		ind->id = id->str;
		ind->name = value_get(m, "name");
		const struct value *g = value_get(m, "group");
		ind->group = g && g->str && groups ? value_get(groups, g->str) : NULL;
		ind->unit = value_get(m, "unit");
		ind->plan = value_get(m, "plan") ? value_get(m, "plan") : plan;
		const struct value *dir = value_get(m, "direction");
		ind->lower = dir && dir->str && strcmp(dir->str, "lower") == 0;
		const struct value *ts = value_get(m, "targets"), *vs = value_get(m, "values");
		for (size_t k = 0; ts && ts->type == VALUE_LIST && k < ts->n; k++) {
			const struct value *t = ts->items[k];
			const struct value *y = value_get(t, "year") ? value_get(t, "year") : value_get(t, "period");
			long tk = S_period_key(y);
			if (t->type != VALUE_MAP || tk < 0 || (ind->has_target && tk < ind->target_key))
				continue;
			S_target(ind, tk);
			double v;
			if (S_number(value_get(t, "value"), &v) == 0) {
				ind->target_has_value = 1;
				ind->target_value = v;
			} else {
				ind->target_text = value_get(t, "text");
			}
			ind->compare = S_compare(value_get(t, "compare"));
		}
		for (size_t k = 0; vs && vs->type == VALUE_LIST && k < vs->n; k++) {
			const struct value *v = vs->items[k], *per = value_get(v, "period");
			const struct value *source = value_get(v, "source");
			double x;
			if (v->type == VALUE_MAP && per && per->str && S_number(value_get(v, "value"), &x) == 0)
				S_value(ind, S_period_key(per), x, per->str, source ? source->str : NULL);
		}
	}
	S_read_values(sc, src, name, all, nall, d);
	struct indicator *chosen = arena_alloc(&sc->arena, ids->n * sizeof *chosen);
	for (size_t i = 0; i < ids->n; i++) {
		const struct value *want = ids->items[i];
		size_t k = 0;
		while (k < nall && strcmp(all[k].id, want->str) != 0)
			k++;
		if (k == nall)
			diag_error(d, CONFIG_PATH, want->line, want->col,
				   "screen: indicator '%s' is not in %s: use an id of its indicators list", want->str,
				   sc->data_path);
		else
			chosen[(*n)++] = all[k];
	}
	return chosen;
}

static const char *S_status_text(const struct strings *L, enum status st)
{
	return st == ST_MET ? L->met : st == ST_NOT_MET ? L->not_met : st == ST_NO_DATA ? L->no_data : L->unrated;
}

static enum status S_status(const struct indicator *ind)
{
	if (!ind->has_latest)
		return ST_NO_DATA;
	if (!ind->has_target || !ind->target_has_value)
		return ST_UNRATED;
	const char *c = ind->compare ? ind->compare : ind->lower ? "<=" : ">=";
	double v = ind->latest, t = ind->target_value;
	int ok = strcmp(c, ">") == 0 ? v > t : strcmp(c, ">=") == 0 ? v >= t : strcmp(c, "<") == 0 ? v < t : v <= t;
	return ok ? ST_MET : ST_NOT_MET;
}

/* "98 %" (vi), "98%" (en), "3 câu lạc bộ". */
static void S_amount(struct buf *b, const struct indicator *ind, double n, const char *lang)
{
	const char *unit = S_tr(ind->unit, lang);
	text_format_number(b, n, -1, lang);
	if (unit == NULL || unit[0] == '\0')
		return;
	if (strcmp(unit, "%") == 0)
		buf_puts(b, strcmp(lang, "vi") == 0 ? "\xC2\xA0%" : "%");
	else
		buf_printf(b, "\xC2\xA0%s", unit);
}

/* "trên 98 %", "đạt chuẩn": the target as people read it. */
static void S_target_text(struct buf *b, const struct indicator *ind, const char *lang)
{
	if (!ind->target_has_value) {
		const char *t = ind->target_text ? S_tr(ind->target_text, lang)
				: strcmp(lang, "en") == 0 && ind->target_en ? ind->target_en
				: ind->target_vi ? ind->target_vi : ind->target_en;
		buf_puts(b, t ? t : "");
		return;
	}
	const struct strings *L = S_strings(lang);
	struct buf n = BUF_INIT;
	S_amount(&n, ind, ind->target_value, lang);
	const char *c = ind->compare;
	const char *fmt = c == NULL ? "%s" : strcmp(c, ">") == 0 ? L->above : strcmp(c, ">=") == 0 ? L->at_least
			  : strcmp(c, "<") == 0 ? L->below : L->at_most;
	buf_printf(b, fmt, buf_cstr(&n));
	buf_free(&n);
}

/* ---- picking the items ---- */

static int S_published(const struct page *p, struct text_date *out)
{
	if (p->has_date)
		*out = p->date;
	else if (p->has_lastmod)
		*out = p->lastmod;
	else
		return 0;
	return 1;
}

/* Newest first, undated last, ties by URL. */
static int S_cmp_notices(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	struct text_date da, db;
	int ha = S_published(a->page, &da), hb = S_published(b->page, &db);
	if (ha != hb)
		return hb - ha;
	if (ha && da.epoch != db.epoch)
		return da.epoch > db.epoch ? -1 : 1;
	return strcmp(a->page->url, b->page->url);
}

/* Soonest first, ties by URL. */
static int S_cmp_events(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	if (a->ev.start.epoch != b->ev.start.epoch)
		return a->ev.start.epoch < b->ev.start.epoch ? -1 : 1;
	return strcmp(a->page->url, b->page->url);
}

static void S_pick(struct screen *sc, struct lang_screen *ls, const struct value *sections, int max_notices,
		   int max_events, const struct indicator *inds, size_t ninds, time_t now, const signed char *board)
{
	const struct lang *l = ls->lang;
	struct item *notices = xcalloc(l->npages + 1, sizeof *notices);
	struct item *events = xcalloc(l->npages + 1, sizeof *events);
	size_t nn = 0, ne = 0;
	for (size_t i = 0; i < l->npages; i++) {
		const struct page *p = l->pages[i];
		struct schema_event ev;
		long long until;
		if (S_event_of(sc, p, now, &ev, &until)) {
			if (until > 0)
				events[ne++] = (struct item){.kind = ITEM_EVENT, .page = p, .ev = ev, .until = until};
			continue; /* an event is shown as one, never as a notice */
		}
		int on = p->index < sc->site->npages ? board[p->index] : -1;
		if (on == 1 || (on == -1 && S_in_names(sections, p->section)))
			notices[nn++] = (struct item){.kind = ITEM_NOTICE, .page = p};
	}
	qsort(notices, nn, sizeof *notices, S_cmp_notices);
	qsort(events, ne, sizeof *events, S_cmp_events);
	if (nn > (size_t)max_notices)
		nn = (size_t)max_notices;
	if (ne > (size_t)max_events)
		ne = (size_t)max_events;
	ls->items = arena_alloc(&sc->arena, (nn + ne + ninds + 1) * sizeof *ls->items);
	memcpy(ls->items, notices, nn * sizeof *notices);
	memcpy(ls->items + nn, events, ne * sizeof *events);
	for (size_t i = 0; i < ninds; i++)
		ls->items[nn + ne + i] = (struct item){.kind = ITEM_INDICATOR, .ind = &inds[i]};
	ls->nitems = nn + ne + ninds;
	free(notices);
	free(events);
}

static char *S_theme_file(const struct site *s, struct source *src, const char *file, size_t *len);

static const char *const S_keys[] = {"slug",       "sections",       "notices", "events",         "indicators",
				     "indicator_data", "seconds", "refresh_minutes", NULL};

struct screen *screen_new(const struct site *s, struct source *src, const struct events *events, time_t now,
			  struct diag *d)
{
	const struct value *cfg = value_get(s->config, "screen");
	int errors = d->errors;
	/* board of every page: -1 unsaid, 0, 1 (checked even without a screen) */
	signed char *board = xmalloc(s->npages + 1);
	const struct page *lonely = NULL;
	for (size_t i = 0; i < s->npages; i++) {
		board[i] = -1;
		if (s->pages[i]->kind != PAGE_REGULAR)
			continue;
		board[i] = (signed char)S_board(s, s->pages[i], d);
		if (board[i] == 1 && lonely == NULL)
			lonely = s->pages[i];
	}
	if (cfg == NULL) {
		const struct value *v = lonely ? value_get(lonely->front, "board") : NULL;
		if (v)
			diag_warning(d, lonely->file, v->line, v->col,
				     "this page has 'board: true', but site.yaml has no 'screen:', so no e-bulletin "
				     "screen shows it: add one (README, \"Public e-bulletin screens\")");
		free(board);
		return NULL;
	}
	struct screen *sc = xcalloc(1, sizeof *sc);
	sc->site = s;
	sc->events = events;
	if (cfg->type != VALUE_MAP) {
		diag_error(d, CONFIG_PATH, cfg->line, cfg->col,
			   "'screen' in site.yaml must be a map of settings (README, \"Public e-bulletin screens\"), not %s",
			   S_shown(sc, cfg));
		goto fail;
	}
	for (size_t i = 0; i < cfg->n; i++) {
		int known = 0;
		for (size_t k = 0; S_keys[k]; k++)
			known |= strcmp(S_keys[k], cfg->keys[i]->str) == 0;
		if (!known)
			diag_error(d, CONFIG_PATH, cfg->keys[i]->line, cfg->keys[i]->col,
				   "screen: unknown key '%s' (the keys are slug, sections, notices, events, indicators, "
				   "indicator_data, seconds, refresh_minutes)",
				   cfg->keys[i]->str);
	}
	int max_notices = S_int(sc, cfg, "notices", 1, 50, 10, d);
	int max_events = S_int(sc, cfg, "events", 0, 50, 5, d);
	sc->seconds = S_int(sc, cfg, "seconds", 5, 300, 15, d);
	sc->refresh_minutes = S_int(sc, cfg, "refresh_minutes", 1, 1440, 5, d);
	S_check_slug(sc, cfg, d);
	const struct value *sections = S_names(sc, cfg, "sections", d);
	S_check_sections(s, sections, d);
	size_t ninds = 0;
	const struct indicator *inds = S_indicators(sc, src, cfg, S_names(sc, cfg, "indicators", d), &ninds, d);
	sc->nlangs = s->nlangs;
	sc->langs = arena_alloc(&sc->arena, s->nlangs * sizeof *sc->langs);
	for (size_t i = 0; i < s->nlangs; i++) {
		struct lang_screen *ls = &sc->langs[i];
		ls->lang = s->langs[i];
		ls->url = arena_printf(&sc->arena, "%s%s/", ls->lang->home->url, S_slug(cfg, ls->lang->code));
		for (size_t k = 0; k < s->npages; k++)
			if (strcmp(s->pages[k]->url, ls->url) == 0) {
				const struct value *v = value_get(cfg, "slug");
				if (v && v->type == VALUE_MAP && value_get(v, ls->lang->code))
					v = value_get(v, ls->lang->code);
				diag_error(d, CONFIG_PATH, v ? v->line : cfg->line, v ? v->col : cfg->col,
					   "screen: the screen's address %s is also the address of %s: choose another "
					   "'slug'",
					   ls->url, s->pages[k]->file ? s->pages[k]->file : s->pages[k]->url);
				break;
			}
		S_pick(sc, ls, sections, max_notices, max_events, inds, ninds, now, board);
	}
	size_t len;
	sc->css = S_theme_file(s, src, "screen.css", &len);
	sc->js = S_theme_file(s, src, "screen.js", &len);
	if (d->errors > errors)
		goto fail;
	free(board);
	return sc;
fail:
	free(board);
	screen_free(sc);
	return NULL;
}

void screen_free(struct screen *sc)
{
	if (sc == NULL)
		return;
	value_free(sc->data);
	free(sc->css);
	free(sc->js);
	arena_free(&sc->arena);
	free(sc);
}

/* ---- text ---- */

void screen_cut(struct buf *b, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n <= max) {
		buf_put(b, s, n);
		return;
	}
	size_t cut = max;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--; /* never inside a UTF-8 sequence */
	size_t word = cut;
	while (word > 0 && s[word] != ' ' && !strchr(",;:.", s[word]))
		word--; /* a word that ends at the cut is whole */
	if (word > max / 2)
		cut = word; /* at a word boundary when there is one not too far back */
	while (cut > 0 && strchr(" ,;:.-", s[cut - 1]))
		cut--;
	buf_put(b, s, cut);
	buf_puts(b, "…");
}

static void S_esc(struct buf *b, const char *s)
{
	if (s)
		text_html_escape(b, s, strlen(s));
}

/* The absolute form of a URL from the site root, percent-encoded beyond
 * printable ASCII. */
static void S_abs(struct buf *b, const struct site *s, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	if (url[0] == '/')
		buf_puts(b, s->origin);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p)) {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		} else {
			buf_putc(b, (char)*p);
		}
	}
}

/* "25/4/2026" (vi) or "25 April 2026" (en); with the weekday first when
 * asked ("Thứ Bảy, 25/4/2026"). */
static void S_day(struct buf *b, const struct text_date *d, const char *lang, int weekday)
{
	const struct strings *L = S_strings(lang);
	if (weekday) {
		text_format_date(b, d, lang, "weekday");
		buf_puts(b, ", ");
	}
	if (L->months[0][0])
		buf_printf(b, "%d %s %d", d->day, L->months[d->month - 1], d->year);
	else
		buf_printf(b, "%d/%d/%d", d->day, d->month, d->year);
}

static int S_has_time(const struct text_date *d)
{
	return d->hour != 0 || d->minute != 0;
}

/* When an event is: "Thứ Bảy, 25/4/2026, 07:30 – 11:00". */
static void S_when(struct buf *b, const struct schema_event *ev, const char *lang)
{
	S_day(b, &ev->start, lang, 1);
	if (S_has_time(&ev->start))
		buf_printf(b, ", %02d:%02d", ev->start.hour, ev->start.minute);
	if (!ev->has_end)
		return;
	const struct text_date *e = &ev->end;
	if (e->year == ev->start.year && e->month == ev->start.month && e->day == ev->start.day) {
		if (S_has_time(e))
			buf_printf(b, " – %02d:%02d", e->hour, e->minute);
		return;
	}
	buf_puts(b, " – ");
	S_day(b, e, lang, 1);
	if (S_has_time(e))
		buf_printf(b, ", %02d:%02d", e->hour, e->minute);
}

/* A summary of an indicator in words, for the feed and the screen:
 * "Mục tiêu đến năm 2030: trên 98 %. Chưa có số liệu." */
static void S_indicator_summary(struct buf *b, const struct indicator *ind, const char *lang)
{
	const struct strings *L = S_strings(lang);
	if (ind->has_target) {
		buf_printf(b, L->target_by, ind->target_year);
		buf_puts(b, ": ");
		S_target_text(b, ind, lang);
		buf_puts(b, ". ");
	}
	if (ind->has_latest) {
		struct buf n = BUF_INIT;
		S_amount(&n, ind, ind->latest, lang);
		buf_printf(b, L->latest, ind->latest_period, buf_cstr(&n));
		buf_free(&n);
		buf_puts(b, ". ");
	}
	buf_printf(b, "%s.", S_status_text(L, S_status(ind)));
}

/* ---- the page ---- */

/* The screen's own style and script: themes/THEME/screen/FILE, else the
 * default theme's (compiled in).  NULL when neither is there. */
static char *S_theme_file(const struct site *s, struct source *src, const char *file, size_t *len)
{
	char *path = xasprintf("themes/%s/screen/%s", s->theme, file);
	char *text = S_read(src, path, len);
	free(path);
	if (text == NULL) {
		path = xasprintf("themes/default/screen/%s", file);
		text = S_read(src, path, len);
		free(path);
	}
	return text;
}

static void S_slide(struct buf *b, const struct screen *sc, const struct item *it, size_t i, size_t n,
		    const char *lang)
{
	const struct strings *L = S_strings(lang);
	static const char *const kinds[] = {"notice", "event", "indicator"};
	buf_printf(b, "<li class=\"slide %s\" id=\"slide-%zu\"", kinds[it->kind], i + 1);
	if (it->kind == ITEM_EVENT) /* the script skips an event over by the screen's clock */
		buf_printf(b, " data-until=\"%lld\"", it->until);
	buf_printf(b, ">\n<article aria-labelledby=\"slide-%zu-title\">\n", i + 1);
	buf_puts(b, "<p class=\"kind\">");
	if (it->kind == ITEM_INDICATOR) {
		buf_puts(b, L->indicator);
		const char *g = S_tr(it->ind->group, lang);
		if (g) {
			buf_puts(b, " · ");
			S_esc(b, g);
		}
	} else {
		buf_puts(b, it->kind == ITEM_NOTICE ? L->notice : L->event);
	}
	buf_printf(b, "<span class=\"count\"> %zu/%zu</span></p>\n", i + 1, n);
	buf_printf(b, "<h2 id=\"slide-%zu-title\">", i + 1);
	if (it->page) {
		buf_puts(b, "<a href=\"");
		S_esc(b, it->page->url);
		buf_puts(b, "\">");
		S_esc(b, it->page->title);
		buf_puts(b, "</a>");
	} else {
		S_esc(b, S_tr(it->ind->name, lang));
	}
	buf_puts(b, "</h2>\n");
	struct buf t = BUF_INIT;
	if (it->kind == ITEM_NOTICE) {
		struct text_date pd;
		if (S_published(it->page, &pd)) {
			S_day(&t, &pd, lang, 0);
			buf_puts(b, "<p class=\"meta\">");
			buf_printf(b, L->published, buf_cstr(&t));
			buf_puts(b, "</p>\n");
		}
	} else if (it->kind == ITEM_EVENT) {
		S_when(&t, &it->ev, lang);
		buf_printf(b, "<p class=\"meta\"><span class=\"label\">%s:</span> ", L->when);
		S_esc(b, buf_cstr(&t));
		buf_puts(b, "</p>\n");
		if (it->ev.location || it->ev.address) {
			buf_printf(b, "<p class=\"meta\"><span class=\"label\">%s:</span> ", L->where);
			S_esc(b, it->ev.location ? it->ev.location : it->ev.address);
			if (it->ev.location && it->ev.address) {
				buf_puts(b, ", ");
				S_esc(b, it->ev.address);
			}
			buf_puts(b, "</p>\n");
		}
	} else {
		const struct indicator *ind = it->ind;
		enum status st = S_status(ind);
		if (ind->has_target) {
			buf_puts(b, "<p class=\"figure\">");
			S_target_text(&t, ind, lang);
			S_esc(b, buf_cstr(&t));
			buf_puts(b, "</p>\n<p class=\"meta\">");
			buf_printf(b, L->target_by, ind->target_year);
			buf_puts(b, "</p>\n");
		}
		buf_reset(&t);
		if (ind->has_latest) {
			struct buf v = BUF_INIT;
			S_amount(&v, ind, ind->latest, lang);
			buf_printf(&t, L->latest, ind->latest_period, buf_cstr(&v));
			buf_free(&v);
			buf_puts(b, "<p class=\"meta\">");
			S_esc(b, buf_cstr(&t));
			buf_puts(b, "</p>\n");
		}
		buf_printf(b, "<p class=\"status status-%s\"><span aria-hidden=\"true\">%s </span>%s</p>\n",
			   st == ST_NOT_MET ? "not-met" : st == ST_NO_DATA ? "no-data" : S_status_names[st],
			   S_status_symbols[st], S_status_text(L, st));
		const char *plan = S_tr(ind->plan, lang);
		if (plan) {
			buf_puts(b, "<p class=\"source\">");
			buf_reset(&t);
			buf_printf(&t, L->set_by, plan);
			S_esc(b, buf_cstr(&t));
			buf_puts(b, "</p>\n");
		}
	}
	if (it->page && it->page->summary && it->page->summary[0]) {
		buf_reset(&t);
		screen_cut(&t, it->page->summary, SUMMARY_BYTES);
		buf_puts(b, "<p class=\"summary\">");
		S_esc(b, buf_cstr(&t));
		buf_puts(b, "</p>\n");
	}
	if (it->page) {
		buf_reset(&t);
		S_abs(&t, sc->site, it->page->url);
		const char *shown = buf_cstr(&t);
		shown += strncmp(shown, "https://", 8) == 0 ? 8 : strncmp(shown, "http://", 7) == 0 ? 7 : 0;
		buf_printf(b, "<p class=\"more\">%s <span class=\"url\">", L->more);
		S_esc(b, shown);
		buf_puts(b, "</span></p>\n");
	}
	buf_free(&t);
	buf_puts(b, "</article>\n</li>\n");
}

/* The settings the script reads: a JSON object. */
static void S_config_json(struct buf *b, const struct screen *sc, const struct lang_screen *ls)
{
	const struct strings *L = S_strings(ls->lang->code);
	buf_printf(b, "{\"seconds\": %d, \"refresh_minutes\": %d, \"tz_minutes\": %d, \"version\": \"%s\", "
		      "\"feed\": ",
		   sc->seconds, sc->refresh_minutes, sc->site->tz_minutes, VERSION_HOLE);
	/* from the site root: the worker's folder is its scope, the screen's */
	struct buf u = BUF_INIT;
	buf_printf(&u, "%s%s", ls->url, SCREEN_FEED);
	json_cstring(b, buf_cstr(&u));
	buf_puts(b, ", \"worker\": ");
	buf_reset(&u);
	buf_printf(&u, "%s%s", ls->url, SCREEN_WORKER);
	json_cstring(b, buf_cstr(&u));
	buf_free(&u);
	buf_puts(b, ", \"days\": [");
	for (int i = 0; i < 7; i++) {
		buf_puts(b, i ? ", " : "");
		json_cstring(b, L->days[i]);
	}
	buf_puts(b, "], \"months\": [");
	for (int i = 0; i < 12 && L->months[0][0]; i++) {
		buf_puts(b, i ? ", " : "");
		json_cstring(b, L->months[i]);
	}
	buf_puts(b, "]}");
}

/* Writes the page of ls into b; *hole is where its version goes. */
static void S_page(struct buf *b, const struct screen *sc, const struct lang_screen *ls, const char *icon,
		   size_t *hole)
{
	const struct lang *l = ls->lang;
	const struct strings *L = S_strings(l->code);
	const char *site_title = l->title ? l->title : sc->site->title;
	buf_printf(b, "<!doctype html>\n<html lang=\"%s\" class=\"no-js\">\n<head>\n<meta charset=\"utf-8\">\n", l->code);
	buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	buf_printf(b, "%s — ", L->title);
	S_esc(b, site_title);
	buf_puts(b, "</title>\n<meta name=\"robots\" content=\"noindex\">\n");
	buf_printf(b, "<link rel=\"alternate\" type=\"application/json\" href=\"%s\">\n", SCREEN_FEED);
	if (icon) {
		buf_puts(b, "<link rel=\"icon\" href=\"");
		S_esc(b, icon);
		buf_puts(b, "\">\n");
	}
	buf_puts(b, "<style>\n");
	buf_puts(b, sc->css ? sc->css : "");
	buf_puts(b, "</style>\n</head>\n<body>\n<header class=\"top\">\n<p class=\"site\">");
	S_esc(b, site_title);
	buf_puts(b, "</p>\n<p class=\"clock\" id=\"clock\"></p>\n</header>\n<main>\n<h1>");
	buf_puts(b, L->title);
	buf_printf(b, "</h1>\n<ol class=\"slides\" id=\"slides\" aria-label=\"%s\">\n", L->list_label);
	for (size_t i = 0; i < ls->nitems; i++)
		S_slide(b, sc, &ls->items[i], i, ls->nitems, l->code);
	buf_puts(b, "</ol>\n");
	if (ls->nitems == 0)
		buf_printf(b, "<p class=\"empty\">%s</p>\n", L->empty);
	buf_puts(b, "</main>\n<footer class=\"bottom\" id=\"progress\">\n<div class=\"bar\"><div class=\"fill\" "
		    "id=\"fill\"></div></div>\n<ol class=\"dots\" id=\"dots\" aria-hidden=\"true\">");
	for (size_t i = 0; i < ls->nitems; i++)
		buf_puts(b, "<li></li>");
	buf_puts(b, "</ol>\n</footer>\n<script type=\"application/json\" id=\"screen-config\">");
	size_t start = b->len;
	S_config_json(b, sc, ls);
	*hole = start + (size_t)(strstr(b->data + start, VERSION_HOLE) - (b->data + start));
	buf_puts(b, "</script>\n<script>\n");
	buf_puts(b, sc->js ? sc->js : "");
	buf_puts(b, "</script>\n</body>\n</html>\n");
}

/* ---- the feed ---- */

static void S_json_date(struct buf *b, const char *key, const struct text_date *d, int has)
{
	buf_printf(b, ", \"%s\": ", key);
	if (!has) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	text_format_date(b, d, "en", "iso");
	buf_putc(b, '"');
}

static void S_json_abs(struct buf *b, const struct site *s, const char *url)
{
	struct buf t = BUF_INIT;
	S_abs(&t, s, url);
	json_string(b, t.data ? t.data : "", t.len);
	buf_free(&t);
}

static void S_json_key_str(struct buf *b, const char *key, const char *v)
{
	buf_printf(b, ", \"%s\": ", key);
	json_cstring(b, v);
}

static void S_json_number(struct buf *b, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.15g", v);
}

static void S_feed_item(struct buf *b, const struct screen *sc, const struct item *it, const char *lang)
{
	const struct site *s = sc->site;
	struct buf t = BUF_INIT;
	buf_puts(b, "    {\"id\": ");
	if (it->page)
		S_json_abs(b, s, it->page->url);
	else {
		buf_puts(&t, "indicator:");
		buf_puts(&t, sc->data_path + 5); /* data/ */
		t.len -= strlen(strrchr(sc->data_path, '.'));
		buf_printf(&t, "/%s", it->ind->id);
		json_cstring(b, buf_cstr(&t));
	}
	static const char *const kinds[] = {"notice", "event", "indicator"};
	buf_printf(b, ", \"kind\": \"%s\"", kinds[it->kind]);
	if (it->page) {
		S_json_key_str(b, "title", it->page->title);
		S_json_key_str(b, "summary", it->page->summary && it->page->summary[0] ? it->page->summary : NULL);
		buf_puts(b, ", \"url\": ");
		S_json_abs(b, s, it->page->url);
		S_json_key_str(b, "section", it->page->section);
	}
	if (it->kind == ITEM_NOTICE) {
		struct text_date pd, ud;
		S_json_date(b, "date_published", &pd, S_published(it->page, &pd));
		S_json_date(b, "date_modified", &ud, feeds_page_updated(it->page, &ud));
		buf_puts(b, ", \"tags\": [");
		for (size_t k = 0; k < it->page->ntags; k++) {
			buf_puts(b, k ? ", " : "");
			json_cstring(b, it->page->tags[k]);
		}
		buf_puts(b, "]");
	} else if (it->kind == ITEM_EVENT) {
		S_json_key_str(b, "event_type", it->ev.type);
		S_json_date(b, "start_date", &it->ev.start, 1);
		S_json_date(b, "end_date", &it->ev.end, it->ev.has_end);
		S_json_key_str(b, "location", it->ev.location);
		S_json_key_str(b, "address", it->ev.address);
	} else {
		const struct indicator *ind = it->ind;
		S_json_key_str(b, "title", S_tr(ind->name, lang));
		buf_reset(&t);
		S_indicator_summary(&t, ind, lang);
		S_json_key_str(b, "summary", buf_cstr(&t));
		buf_puts(b, ", \"url\": null");
		S_json_key_str(b, "group", S_tr(ind->group, lang));
		S_json_key_str(b, "unit", S_tr(ind->unit, lang));
		buf_puts(b, ", \"target_year\": ");
		if (ind->has_target)
			buf_printf(b, "%d", ind->target_year);
		else
			buf_puts(b, "null");
		buf_puts(b, ", \"target_value\": ");
		if (ind->has_target && ind->target_has_value)
			S_json_number(b, ind->target_value);
		else
			buf_puts(b, "null");
		buf_reset(&t);
		if (ind->has_target && !ind->target_has_value)
			S_target_text(&t, ind, lang);
		S_json_key_str(b, "target_text", t.len ? buf_cstr(&t) : NULL);
		S_json_key_str(b, "compare", ind->has_target && ind->target_has_value ? ind->compare : NULL);
		S_json_key_str(b, "latest_period", ind->has_latest ? ind->latest_period : NULL);
		buf_puts(b, ", \"latest_value\": ");
		if (ind->has_latest)
			S_json_number(b, ind->latest);
		else
			buf_puts(b, "null");
		S_json_key_str(b, "latest_source", ind->has_latest ? ind->latest_source : NULL);
		buf_printf(b, ", \"status\": \"%s\"", S_status_names[S_status(ind)]);
		S_json_key_str(b, "plan", S_tr(ind->plan, lang));
	}
	buf_puts(b, "}");
	buf_free(&t);
}

static void S_feed(struct buf *b, const struct screen *sc, const struct lang_screen *ls, const char *version)
{
	const struct site *s = sc->site;
	const struct lang *l = ls->lang;
	const struct strings *L = S_strings(l->code);
	struct buf t = BUF_INIT;
	buf_printf(b, "{\n  \"format\": \"wardsite-screen/1\",\n  \"version\": \"%s\",\n  \"language\": \"%s\",\n  "
		      "\"title\": ",
		   version, l->code);
	buf_printf(&t, "%s — %s", L->title, l->title ? l->title : s->title);
	json_cstring(b, buf_cstr(&t));
	buf_puts(b, ",\n  \"site_url\": ");
	S_json_abs(b, s, l->home->url);
	buf_puts(b, ",\n  \"screen_url\": ");
	S_json_abs(b, s, ls->url);
	buf_puts(b, ",\n  \"feed_url\": ");
	buf_reset(&t);
	buf_printf(&t, "%s%s", ls->url, SCREEN_FEED);
	S_json_abs(b, s, buf_cstr(&t));
	buf_printf(b, ",\n  \"seconds\": %d,\n  \"items\": [", sc->seconds);
	for (size_t i = 0; i < ls->nitems; i++) {
		buf_puts(b, i ? ",\n" : "\n");
		S_feed_item(b, sc, &ls->items[i], l->code);
	}
	buf_puts(b, ls->nitems ? "\n  ]\n}\n" : "]\n}\n");
	buf_free(&t);
}

/* The service worker: the page from the network when it answers, else
 * the last copy it kept.  Only navigations to the screen are handled;
 * the feed the page polls always goes to the network, so a page served
 * from the cache never mistakes the kept copy for a new build. */
static const char S_worker[] =
	"/* The e-bulletin screen's service worker (made by wardsite): the page\n"
	" * from the network when it answers, else the last copy kept, so a kiosk\n"
	" * restarted without network still shows the last notices. */\n"
	"\"use strict\";\n"
	"const CACHE = \"wardsite-screen-1 \" + self.registration.scope;\n"
	"const PAGE = new URL(\"./\", self.registration.scope).href;\n"
	"self.addEventListener(\"install\", (e) => {\n"
	"  e.waitUntil(caches.open(CACHE).then((c) => c.add(PAGE)).then(() => self.skipWaiting()));\n"
	"});\n"
	"self.addEventListener(\"activate\", (e) => {\n"
	"  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) =>\n"
	"    k.startsWith(\"wardsite-screen-\") && k.endsWith(\" \" + self.registration.scope) && k !== CACHE)\n"
	"    .map((k) => caches.delete(k)))).then(() => self.clients.claim()));\n"
	"});\n"
	"self.addEventListener(\"fetch\", (e) => {\n"
	"  const r = e.request;\n"
	"  if (r.method !== \"GET\" || r.mode !== \"navigate\") return;\n"
	"  e.respondWith(fetch(r).then((resp) => {\n"
	"    if (resp.ok && resp.type === \"basic\") {\n"
	"      const copy = resp.clone();\n"
	"      e.waitUntil(caches.open(CACHE).then((c) => c.put(PAGE, copy)));\n"
	"      return resp;\n"
	"    }\n"
	"    return caches.match(PAGE).then((kept) => kept || resp);\n"
	"  }, () => caches.match(PAGE).then((kept) => kept || Response.error())));\n"
	"});\n";

int screen_write(const struct screen *sc, struct output *o)
{
	int rc = 0;
	if (sc == NULL)
		return 0;
	char *icon = output_exists(o, "favicon.svg") ? xasprintf("%sfavicon.svg", sc->site->base_path) : NULL;
	for (size_t i = 0; i < sc->nlangs; i++) {
		const struct lang_screen *ls = &sc->langs[i];
		struct buf page = BUF_INIT, feed = BUF_INIT;
		size_t hole;
		S_page(&page, sc, ls, icon, &hole);
		char version[17];
		snprintf(version, sizeof version, "%016llx", (unsigned long long)hash_bytes(page.data, page.len, 0x73637265));
		memcpy(page.data + hole, version, 16);
		S_feed(&feed, sc, ls, version);
		const char *rel = ls->url + strlen(sc->site->base_path);
		char *path = xasprintf("%sindex.html", rel);
		rc |= output_write(o, path, page.data, page.len, "the e-bulletin screen");
		free(path);
		path = xasprintf("%s%s", rel, SCREEN_FEED);
		rc |= output_write(o, path, feed.data, feed.len, "the e-bulletin screen's feed");
		free(path);
		path = xasprintf("%s%s", rel, SCREEN_WORKER);
		rc |= output_write(o, path, S_worker, sizeof S_worker - 1, "the e-bulletin screen's service worker");
		free(path);
		buf_free(&page);
		buf_free(&feed);
	}
	free(icon);
	return rc ? -1 : 0;
}
