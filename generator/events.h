/* events: what the pages that announce an event (front matter `event`)
 * give the rest of the build — the occurrence of each event after a
 * moment (a lunar date recurs every year), the upcoming events of a home
 * or section page, and the iCalendar files (RFC 5545): one per event
 * (PAGE_URL/event.ics) and one per language (/LANG/events.ics).
 *
 * Everything depends on the build's "now" (SOURCE_DATE_EPOCH or the
 * clock) and on the commit, never on the time the files are written, so
 * one commit built at one "now" gives the same bytes. */
#ifndef WARDSITE_EVENTS_H
#define WARDSITE_EVENTS_H

#include <lua.h>

#include "diag.h"
#include "lunar.h"
#include "output.h"
#include "schema.h"
#include "site.h"
#include "text.h"

#define EVENTS_UPCOMING 5  /* events in a home's or section's upcoming list */
#define EVENTS_ICS_YEARS 5 /* occurrences of a lunar event in calendar files */
#define EVENTS_ICS_NAME "event.ics"   /* beside the event's page */
#define EVENTS_ICS_ALL "events.ics"   /* in a language's home folder */

/* One occasion of an event. */
struct event_occurrence {
	struct text_date start, end; /* end == start when the event gives none */
	int has_end;
	int all_day;                 /* no time of day: whole days */
	long long ends;              /* the moment it is over (epoch seconds) */
	int has_lunar;               /* lunar is start's lunar date (year in range) */
	struct lunar_date lunar;
};

/* The occasion of ev, in the site's offset tz_minutes, that is not over
 * at `after` (epoch seconds): the one going on or the next.  A solar
 * event has one occasion; a lunar one an occasion every lunar year (in a
 * year without the leap month it names, on the month itself; day 30 of a
 * 29-day month on day 29).  An event is over at its end, or at the end of
 * its last day when it has no time of day (or no end).  Returns 1 with
 * *out set, or 0 when there is none (a solar event that is over, a lunar
 * one beyond LUNAR_MAX_YEAR). */
int event_next(const struct schema_event *ev, int tz_minutes, long long after, struct event_occurrence *out);

/* The occasion of the lunar event ev in lunar year `year`.  Returns 1,
 * or 0 when ev is not lunar or the year is out of range. */
int event_in_year(const struct schema_event *ev, int tz_minutes, int year, struct event_occurrence *out);

struct events;

/* Reads the `place` and `event` of every regular page of s (whose
 * `index` fields are set), reporting each mistake in d.  now is the
 * build's time.  Never NULL; free with events_free. */
struct events *events_new(struct site *s, long long now, struct diag *d);
void events_free(struct events *ev);

/* The place and event of page p (all zero when it has none). */
const struct page_schema *events_schema(const struct events *ev, const struct page *p);

/* Sets `event` on the table on top of L's stack (p's page table) when p
 * announces one: {type, start_date, end_date, all_day, recurring, lunar =
 * {day, month, leap, text}, location, address, ics}.  [-0, +0, m] */
void events_push_event(const struct events *ev, lua_State *L, const struct page *p);

/* For a home or section page p, sets on the table on top `upcoming`, the
 * next EVENTS_UPCOMING events of its pages, soonest first ({title, url,
 * start_date, end_date, all_day, recurring, location, address}), and
 * `events_ics`, the language's calendar file, when the language has
 * events.  Nothing for other pages.  [-0, +0, m] */
void events_push_upcoming(const struct events *ev, lua_State *L, const struct page *p);

/* Writes the calendar files into o.  Returns 0, or -1 when a write
 * failed (recorded by o). */
int events_write(const struct events *ev, struct output *o);

#endif
