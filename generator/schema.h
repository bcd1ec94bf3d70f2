/* schema: the structured facts a page may state in its front matter, for
 * readers and for schema.org: the place a page is about (a relic, a
 * building) and the event it announces (a festival, a class, a race).
 *
 *   place:  {type, name, address, latitude, longitude}, or just a name
 *   event:  {type, start_date, end_date, location, address}
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

struct schema_event {
	const char *type;     /* "Event", "Festival", "EducationEvent", "SportsEvent", … */
	struct text_date start, end;
	int has_end;
	const char *location; /* the name of the place, or NULL */
	const char *address;  /* or NULL */
};

struct page_schema {
	int has_place, has_event;
	struct schema_place place;
	struct schema_event event;
};

/* Reads `place` and `event` from the front matter of p; dates without an
 * offset get tz_minutes.  Strings point into p's front matter.  Returns 0,
 * or -1 when one of them is wrong (each problem recorded in d against
 * p->file; the wrong one is left out of *out). */
int schema_read(const struct page *p, int tz_minutes, struct page_schema *out, struct diag *d);

#endif
