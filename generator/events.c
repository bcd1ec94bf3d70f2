/* events: occurrences of the events pages announce (solar or lunar, every
 * year), the upcoming lists of homes and sections, and the iCalendar
 * files.  See events.h. */
#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lua_host.h"
#include "xalloc.h"

#define S_VN_SECONDS (7 * 3600LL) /* the lunar calendar's day is Vietnam's (UTC+7) */

struct events {
	struct site *site;
	long long now;
	struct page_schema *schema; /* by page index */
};

static long long S_floor_div(long long a, long long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The lunar date of the Vietnamese day that holds the moment epoch. */
static int S_lunar_of(long long epoch, struct lunar_date *out)
{
	int y, m, d;
	lunar_civil((long)S_floor_div(epoch + S_VN_SECONDS, 86400), &y, &m, &d);
	return lunar_from_solar(y, m, d, out);
}

/* The end of the day (in offset tz) that holds epoch. */
static long long S_day_end(long long epoch, int tz)
{
	long long off = tz * 60LL;
	return (S_floor_div(epoch + off, 86400) + 1) * 86400 - off;
}

static void S_finish(struct event_occurrence *o, int tz)
{
	if (!o->has_end)
		o->end = o->start;
	o->ends = o->all_day ? S_day_end(o->end.epoch, tz) : o->has_end ? o->end.epoch : S_day_end(o->start.epoch, tz);
	o->has_lunar = S_lunar_of(o->start.epoch, &o->lunar) == 0;
}

/* The moment of lunar day l in lunar year `year` (leap month when l asks
 * for one and the year has it; day 30 of a 29-day month on day 29). */
static int S_lunar_moment(const struct schema_lunar *l, int tz, int year, struct text_date *out)
{
	struct lunar_date d = {year, l->month, l->day, l->leap && lunar_leap_month(year) == l->month};
	int len = lunar_month_length(year, d.month, d.leap);
	if (len == 0)
		return -1;
	if (d.day > len)
		d.day = len;
	long days;
	if (lunar_to_days(&d, &days) < 0)
		return -1;
	long long epoch = (long long)days * 86400 + l->hour * 3600LL + l->minute * 60LL - tz * 60LL;
	text_date_from_epoch(epoch, tz, out);
	return 0;
}

int event_in_year(const struct schema_event *ev, int tz, int year, struct event_occurrence *out)
{
	memset(out, 0, sizeof *out);
	if (!ev->is_lunar || S_lunar_moment(&ev->lunar, tz, year, &out->start) < 0)
		return 0;
	out->all_day = !ev->lunar.has_time;
	if (ev->has_lunar_end && S_lunar_moment(&ev->lunar_end, tz, year, &out->end) == 0) {
		out->has_end = 1;
		if (out->end.epoch < out->start.epoch) /* a leap month this year lacks */
			out->end = out->start;
		if (ev->lunar_end.has_time)
			out->all_day = 0;
	}
	S_finish(out, tz);
	return 1;
}

int event_next(const struct schema_event *ev, int tz, long long after, struct event_occurrence *out)
{
	if (!ev->is_lunar) {
		memset(out, 0, sizeof *out);
		out->start = ev->start;
		out->end = ev->end;
		out->has_end = ev->has_end;
		out->all_day = ev->start.hour == 0 && ev->start.minute == 0 &&
			       (!ev->has_end || (ev->end.hour == 0 && ev->end.minute == 0));
		S_finish(out, tz);
		return out->ends > after;
	}
	struct lunar_date now;
	if (S_lunar_of(after, &now) < 0)
		return 0;
	for (int y = now.year - 1; y <= now.year + 1; y++)
		if (event_in_year(ev, tz, y, out) && out->ends > after)
			return 1;
	return 0;
}

struct events *events_new(struct site *s, long long now, struct diag *d)
{
	struct events *ev = xcalloc(1, sizeof *ev);
	ev->site = s;
	ev->now = now;
	ev->schema = xcalloc(s->npages + 1, sizeof *ev->schema);
	for (size_t i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];
		if (p->kind == PAGE_REGULAR)
			schema_read(p, s->tz_minutes, &ev->schema[p->index], d);
	}
	return ev;
}

void events_free(struct events *ev)
{
	if (ev == NULL)
		return;
	free(ev->schema);
	free(ev);
}

const struct page_schema *events_schema(const struct events *ev, const struct page *p)
{
	return &ev->schema[p->index];
}

/* ---- Lua tables ---- */

/* t[k] = the date table of d (lua_host_push_date). */
static void S_set_date(lua_State *L, const char *k, const struct text_date *d)
{
	lua_host_push_date(L, d);
	lua_setfield(L, -2, k);
}

static void S_set_occurrence(lua_State *L, const struct event_occurrence *o)
{
	S_set_date(L, "start_date", &o->start);
	if (o->has_end)
		S_set_date(L, "end_date", &o->end);
	lua_host_set_bool(L, "all_day", o->all_day);
}

/* An event without an occasion left still shows its last one (a solar
 * event that is over); a lunar one beyond the calendar's range, nothing. */
static int S_shown(const struct events *ev, const struct page *p, struct event_occurrence *o)
{
	const struct schema_event *e = &ev->schema[p->index].event;
	if (event_next(e, ev->site->tz_minutes, ev->now, o))
		return 1;
	return !e->is_lunar;
}

void events_push_event(const struct events *ev, lua_State *L, const struct page *p)
{
	const struct page_schema *sc = &ev->schema[p->index];
	struct event_occurrence o;
	if (!sc->has_event || !S_shown(ev, p, &o))
		return;
	const struct schema_event *e = &sc->event;
	lua_createtable(L, 0, 10);
	lua_host_set_str(L, "type", e->type);
	S_set_occurrence(L, &o);
	lua_host_set_bool(L, "recurring", e->is_lunar);
	if (e->is_lunar) {
		lua_createtable(L, 0, 4);
		lua_host_set_int(L, "day", e->lunar.day);
		lua_host_set_int(L, "month", e->lunar.month);
		lua_host_set_bool(L, "leap", e->lunar.leap);
		struct buf t = BUF_INIT;
		lunar_format_day(&t, e->lunar.day, e->lunar.month, e->lunar.leap, p->lang->code);
		lua_host_set_str(L, "text", buf_cstr(&t));
		buf_free(&t);
		lua_setfield(L, -2, "lunar");
	}
	lua_host_set_str(L, "location", e->location);
	lua_host_set_str(L, "address", e->address);
	lua_pushfstring(L, "%s%s", p->url, EVENTS_ICS_NAME);
	lua_setfield(L, -2, "ics");
	lua_setfield(L, -2, "event");
}

struct S_item {
	const struct page *page;
	struct event_occurrence o;
};

static int S_cmp_items(const void *pa, const void *pb)
{
	const struct S_item *a = pa, *b = pb;
	if (a->o.start.epoch != b->o.start.epoch)
		return a->o.start.epoch < b->o.start.epoch ? -1 : 1;
	return strcmp(a->page->url, b->page->url);
}

void events_push_upcoming(const struct events *ev, lua_State *L, const struct page *p)
{
	struct page **pages;
	size_t n;
	if (p->kind == PAGE_HOME) {
		pages = p->lang->pages;
		n = p->lang->npages;
	} else if (p->kind == PAGE_SECTION && p->sec) {
		pages = p->sec->pages;
		n = p->sec->npages;
	} else {
		return;
	}
	struct S_item *items = xmalloc((n ? n : 1) * sizeof *items);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (ev->schema[pages[i]->index].has_event &&
		    event_next(&ev->schema[pages[i]->index].event, ev->site->tz_minutes, ev->now, &items[k].o))
			items[k++].page = pages[i];
	qsort(items, k, sizeof *items, S_cmp_items);
	if (k > EVENTS_UPCOMING)
		k = EVENTS_UPCOMING;
	lua_createtable(L, (int)k, 0);
	for (size_t i = 0; i < k; i++) {
		const struct schema_event *e = &ev->schema[items[i].page->index].event;
		lua_createtable(L, 0, 8);
		lua_host_set_str(L, "title", items[i].page->title);
		lua_host_set_str(L, "url", items[i].page->url);
		S_set_occurrence(L, &items[i].o);
		lua_host_set_bool(L, "recurring", e->is_lunar);
		lua_host_set_str(L, "location", e->location);
		lua_host_set_str(L, "address", e->address);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "upcoming");
	free(items);
	for (size_t i = 0; i < p->lang->npages; i++)
		if (ev->schema[p->lang->pages[i]->index].has_event) {
			lua_pushfstring(L, "%s%s", p->lang->home->url, EVENTS_ICS_ALL);
			lua_setfield(L, -2, "events_ics");
			break;
		}
}

/* ---- iCalendar (RFC 5545) ---- */

/* Appends one content line: folded before 75 octets (never inside a UTF-8
 * character), ended with CRLF. */
static void S_line(struct buf *b, const char *line)
{
	size_t n = strlen(line), col = 0;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		unsigned char c = (unsigned char)line[i];
		if (c >= 0xF0)
			len = 4;
		else if (c >= 0xE0)
			len = 3;
		else if (c >= 0xC0)
			len = 2;
		if (i + len > n)
			len = n - i;
		if (col + len > 75) {
			buf_puts(b, "\r\n ");
			col = 1;
		}
		buf_put(b, line + i, len);
		col += len;
		i += len;
	}
	buf_puts(b, "\r\n");
}

/* Appends s as an iCalendar TEXT value: \ ; , escaped, newlines as \n. */
static void S_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',') {
			buf_putc(b, '\\');
			buf_putc(b, *s);
		} else if (*s == '\n') {
			buf_puts(b, "\\n");
		} else if (*s != '\r') {
			buf_putc(b, *s);
		}
	}
}

/* NAME:TEXT as one folded line. */
static void S_prop(struct buf *b, const char *name, const char *text)
{
	struct buf l = BUF_INIT;
	buf_printf(&l, "%s:", name);
	S_text(&l, text);
	S_line(b, buf_cstr(&l));
	buf_free(&l);
}

static void S_utc(struct buf *b, long long epoch)
{
	struct text_date d;
	text_date_from_epoch(epoch, 0, &d);
	buf_printf(b, "%04d%02d%02dT%02d%02d%02dZ", d.year, d.month, d.day, d.hour, d.minute, d.second);
}

static void S_when(struct buf *b, const char *name, const struct text_date *d, int all_day, int next_day)
{
	struct buf l = BUF_INIT;
	if (all_day) {
		struct text_date day = *d;
		if (next_day) {
			long long local = d->epoch + d->tz_minutes * 60LL + 86400;
			text_date_from_epoch(local - d->tz_minutes * 60LL, d->tz_minutes, &day);
		}
		buf_printf(&l, "%s;VALUE=DATE:%04d%02d%02d", name, day.year, day.month, day.day);
	} else {
		buf_printf(&l, "%s:", name);
		S_utc(&l, d->epoch);
	}
	S_line(b, buf_cstr(&l));
	buf_free(&l);
}

/* The page's last change, from its front matter or git: the DTSTAMP of
 * its events, the same for every build of one commit. */
static long long S_stamp(const struct events *ev, const struct page *p)
{
	if (p->has_lastmod && (!p->has_date || p->lastmod.epoch >= p->date.epoch))
		return p->lastmod.epoch;
	if (p->has_date)
		return p->date.epoch;
	return ev->now;
}

/* The UID of an occasion: the page's path, the year of a recurring
 * event's occasion, the site's host. */
static void S_uid(const struct events *ev, struct buf *b, const struct page *p, const struct event_occurrence *o,
		  int recurring)
{
	const char *host = strstr(ev->site->origin, "://");
	host = host ? host + 3 : ev->site->origin;
	buf_puts(b, "UID:");
	if (recurring)
		buf_printf(b, "%04d%02d%02d-", o->start.year, o->start.month, o->start.day);
	const char *u = p->url + 1;
	size_t n = strlen(u);
	for (size_t i = 0; i < n; i++)
		if (!(u[i] == '/' && i + 1 == n))
			buf_putc(b, u[i] == '/' ? '-' : u[i]);
	buf_printf(b, "@%s", host);
}

static void S_vevent(const struct events *ev, struct buf *b, const struct page *p, const struct event_occurrence *o)
{
	const struct schema_event *e = &ev->schema[p->index].event;
	struct buf l = BUF_INIT;
	S_line(b, "BEGIN:VEVENT");
	S_uid(ev, &l, p, o, e->is_lunar);
	S_line(b, buf_cstr(&l));
	buf_reset(&l);
	buf_puts(&l, "DTSTAMP:");
	S_utc(&l, S_stamp(ev, p));
	S_line(b, buf_cstr(&l));
	S_when(b, "DTSTART", &o->start, o->all_day, 0);
	if (o->all_day)
		S_when(b, "DTEND", &o->end, 1, 1);
	else if (o->has_end)
		S_when(b, "DTEND", &o->end, 0, 0);
	S_prop(b, "SUMMARY", p->title);
	buf_reset(&l);
	if (o->has_lunar)
		lunar_format(&l, &o->lunar, p->lang->code);
	if (p->summary && p->summary[0])
		buf_printf(&l, "%s%s", l.len ? "\n\n" : "", p->summary);
	if (l.len)
		S_prop(b, "DESCRIPTION", buf_cstr(&l));
	buf_reset(&l);
	if (e->location || e->address)
		buf_printf(&l, "%s%s%s", e->location ? e->location : "", e->location && e->address ? ", " : "",
			   e->address ? e->address : "");
	if (l.len)
		S_prop(b, "LOCATION", buf_cstr(&l));
	buf_reset(&l);
	buf_printf(&l, "URL:%s%s", ev->site->origin, p->url);
	S_line(b, buf_cstr(&l));
	S_line(b, "END:VEVENT");
	buf_free(&l);
}

/* Times are written in UTC, whole days as dates: no VTIMEZONE needed. */
static void S_begin(struct buf *b, const char *name)
{
	S_line(b, "BEGIN:VCALENDAR");
	S_line(b, "VERSION:2.0");
	S_line(b, "PRODID:-//wardsite//wardsite//EN");
	S_line(b, "CALSCALE:GREGORIAN");
	S_line(b, "METHOD:PUBLISH");
	S_prop(b, "X-WR-CALNAME", name);
	S_line(b, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
}

/* The occasions of p's event in calendar files: a solar event's one, a
 * lunar event's next EVENTS_ICS_YEARS.  Returns how many are in o. */
static size_t S_occasions(const struct events *ev, const struct page *p, struct event_occurrence *o)
{
	const struct schema_event *e = &ev->schema[p->index].event;
	if (!e->is_lunar) {
		event_next(e, ev->site->tz_minutes, ev->now, &o[0]);
		return 1;
	}
	if (!event_next(e, ev->site->tz_minutes, ev->now, &o[0]) || !o[0].has_lunar)
		return 0;
	size_t n = 1;
	for (int y = o[0].lunar.year + 1; n < EVENTS_ICS_YEARS; y++)
		if (!event_in_year(e, ev->site->tz_minutes, y, &o[n++]))
			return n - 1;
	return n;
}

static char *S_rel(const struct events *ev, const char *url, const char *name)
{
	return xasprintf("%s%s", url + strlen(ev->site->base_path), name);
}

int events_write(const struct events *ev, struct output *out)
{
	int rc = 0;
	struct site *s = ev->site;
	for (size_t li = 0; li < s->nlangs; li++) {
		struct lang *lang = s->langs[li];
		struct S_item *all = NULL;
		size_t nall = 0, cap = 0;
		for (size_t i = 0; i < lang->npages; i++) {
			const struct page *p = lang->pages[i];
			if (!ev->schema[p->index].has_event)
				continue;
			struct event_occurrence o[EVENTS_ICS_YEARS];
			size_t n = S_occasions(ev, p, o);
			struct buf b = BUF_INIT;
			S_begin(&b, p->title);
			for (size_t k = 0; k < n; k++) {
				S_vevent(ev, &b, p, &o[k]);
				if (nall == cap) {
					cap = cap ? cap * 2 : 16;
					all = xrealloc(all, cap * sizeof *all);
				}
				all[nall++] = (struct S_item){p, o[k]};
			}
			S_line(&b, "END:VCALENDAR");
			char *rel = S_rel(ev, p->url, EVENTS_ICS_NAME);
			if (output_write(out, rel, b.data, b.len, p->file) < 0)
				rc = -1;
			free(rel);
			buf_free(&b);
		}
		if (nall == 0)
			continue;
		qsort(all, nall, sizeof *all, S_cmp_items);
		struct buf b = BUF_INIT;
		S_begin(&b, lang->title);
		for (size_t k = 0; k < nall; k++)
			S_vevent(ev, &b, all[k].page, &all[k].o);
		S_line(&b, "END:VCALENDAR");
		char *rel = S_rel(ev, lang->home->url, EVENTS_ICS_ALL);
		if (output_write(out, rel, b.data, b.len, "the calendar of all events") < 0)
			rc = -1;
		free(rel);
		buf_free(&b);
		free(all);
	}
	return rc;
}
