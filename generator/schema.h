/* schema: the structured facts a page may state in its front matter, for
 * readers and for schema.org: the place a page is about (a relic, a
 * building) and the event it announces (a festival, a class, a race).
 *
 *   place:  {type, name, address, latitude, longitude}, or just a name
 *   event:  {type, start_date, end_date, location, address}, or instead
 *           of the solar dates a lunar day/month every year:
 *           {lunar: "10/3 07:30", lunar_end: "12/3"} ("15/4n": leap month)
 *
 * They are checked here with the position of every mistake, so a template
 * gets typed values (dates as date tables) or nothing. */
#ifndef WARDSITE_SCHEMA_H
#define WARDSITE_SCHEMA_H

#include "diag.h"
#include "site.h"
#include "text.h"

struct schema_place {
	const char *type;     /* a schema.org type: "Place", "LandmarksOrHistoricalBuildings", … */
	const char *name;     /* default: the page's title */
	const char *address;  /* or NULL */
	int has_geo;
	double latitude, longitude;
};

/* A lunar day/month of every year, with a time of day or none. */
struct schema_lunar {
	int day, month;       /* 1-30, 1-12 */
	int leap;             /* "15/4n": the leap month in a year that has it */
	int has_time;
	int hour, minute;
};

struct schema_event {
	const char *type;     /* "Event", "Festival", "EducationEvent", "SportsEvent", … */
	struct text_date start, end;  /* a solar event (is_lunar 0) */
	int has_end;
	int is_lunar;         /* recurring every year on lunar, to lunar_end */
	struct schema_lunar lunar, lunar_end;
	int has_lunar_end;
	const char *location; /* the name of the place, or NULL */
	const char *address;  /* or NULL */
};

struct page_schema {
	int has_place, has_event;
	struct schema_place place;
	struct schema_event event;
};

/* Parses a lunar date as written in `lunar`: "D/M", "D/Mn" or "D/M
 * nhuận" (a leap month), then optionally " HH:MM".  Returns 0, -1 when it
 * is not of that form, -2 when it is but names no day (32/13, 0/1). */
int schema_parse_lunar(const char *s, struct schema_lunar *out);

/* The text under key of the front-matter map `what` of p (`place`,
 * `event`, `document`), pointing into the map; NULL when absent or empty
 * (archetypes leave "" for what the sources do not say).  A list or map
 * there is an error at its position, recorded in d, with *bad set to 1. */
const char *schema_text(const struct page *p, const struct value *map, const char *key, const char *what, int *bad,
			struct diag *d);

/* Reads `place` and `event` from the front matter of p; dates without an
 * offset get tz_minutes.  Strings point into p's front matter.  Returns 0,
 * or -1 when one of them is wrong (each problem recorded in d against
 * p->file; the wrong one is left out of *out). */
int schema_read(const struct page *p, int tz_minutes, struct page_schema *out, struct diag *d);

#endif
