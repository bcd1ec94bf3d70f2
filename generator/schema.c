#include "schema.h"

#include <math.h>
#include <string.h>

static const char *const S_place_keys[] = {"type", "name", "address", "latitude", "longitude", NULL};
static const char *const S_event_keys[] = {"type",     "start_date", "end_date", "lunar",
					   "lunar_end", "location",  "address",  NULL};

/* Warns about keys of map not in known. */
static void S_unknown(const struct page *p, const struct value *map, const char *const *known, const char *what,
		      struct diag *d)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->str;
		const char *const *q = known;
		while (*q && strcmp(*q, k) != 0)
			q++;
		if (*q == NULL)
			diag_warning(d, p->file, map->keys[i]->line, map->keys[i]->col,
				     "unknown key '%s' in '%s' is ignored (known: %s)", k, what,
				     known == S_place_keys ? "type, name, address, latitude, longitude"
							   : "type, start_date, end_date, lunar, lunar_end, location, address");
	}
}

const char *schema_text(const struct page *p, const struct value *map, const char *key, const char *what,
			  int *bad, struct diag *d)
{
	const struct value *v = value_get(map, key);
	if (v == NULL || v->type == VALUE_NULL)
		return NULL;
	if (v->type == VALUE_LIST || v->type == VALUE_MAP) {
		diag_error(d, p->file, v->line, v->col, "'%s.%s' must be a text, not %s", what, key,
			   value_type_name(v->type));
		*bad = 1;
		return NULL;
	}
	return v->str[0] ? v->str : NULL;
}

/* A schema.org type name: a capital letter, then letters. */
static const char *S_type(const struct page *p, const struct value *map, const char *what, const char *dflt, int *bad,
			  struct diag *d)
{
	const char *t = schema_text(p, map, "type", what, bad, d);
	if (t == NULL)
		return dflt;
	int ok = t[0] >= 'A' && t[0] <= 'Z';
	for (const char *c = t; ok && *c; c++)
		ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z');
	if (!ok) {
		const struct value *v = value_get(map, "type");
		diag_error(d, p->file, v->line, v->col, "'%s.type' must be a schema.org type such as %s, not '%s'", what,
			   dflt, t);
		*bad = 1;
		return dflt;
	}
	return t;
}

static int S_coord(const struct page *p, const struct value *map, const char *key, double limit, double *out,
		   struct diag *d)
{
	const struct value *v = value_get(map, key);
	if (v == NULL || v->type == VALUE_NULL)
		return 0;
	double x = v->type == VALUE_INT ? (double)v->i : v->f;
	if ((v->type != VALUE_INT && v->type != VALUE_FLOAT) || !isfinite(x) || x < -limit || x > limit) {
		diag_error(d, p->file, v->line, v->col, "'place.%s' must be a number of degrees from %g to %g, not '%s'",
			   key, -limit, limit, v->str ? v->str : value_type_name(v->type));
		return -1;
	}
	*out = x;
	return 1;
}

static int S_place(const struct page *p, const struct value *v, struct schema_place *pl, struct diag *d)
{
	int bad = 0;
	S_unknown(p, v, S_place_keys, "place", d);
	pl->type = S_type(p, v, "place", "Place", &bad, d);
	pl->name = schema_text(p, v, "name", "place", &bad, d);
	if (pl->name == NULL)
		pl->name = p->title;
	pl->address = schema_text(p, v, "address", "place", &bad, d);
	int lat = S_coord(p, v, "latitude", 90, &pl->latitude, d);
	int lon = S_coord(p, v, "longitude", 180, &pl->longitude, d);
	if (lat < 0 || lon < 0)
		bad = 1;
	else if (lat != lon) {
		const struct value *k = value_key(v, lat ? "latitude" : "longitude");
		diag_error(d, p->file, k->line, k->col, "'place' needs both latitude and longitude, or neither");
		bad = 1;
	}
	pl->has_geo = lat == 1 && lon == 1;
	return bad ? -1 : 0;
}

static int S_date(const struct page *p, const struct value *map, const char *key, int tz, struct text_date *out,
		  struct diag *d)
{
	const struct value *v = value_get(map, key);
	if (v == NULL || v->type == VALUE_NULL)
		return 0;
	if (v->str == NULL || text_parse_date(v->str, tz, out) < 0) {
		diag_error(d, p->file, v->line, v->col,
			   "'event.%s' must be a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+07:00), not '%s'", key,
			   v->str ? v->str : value_type_name(v->type));
		return -1;
	}
	return 1;
}

static int S_digits(const char **s, int max, int *out)
{
	int n = 0, v = 0;
	while (**s >= '0' && **s <= '9' && n < max) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*out = v;
	return n;
}

int schema_parse_lunar(const char *s, struct schema_lunar *out)
{
	struct schema_lunar l = {0};
	const char *c = s;
	if (S_digits(&c, 2, &l.day) == 0 || *c++ != '/' || S_digits(&c, 2, &l.month) == 0)
		return -1;
	if (*c == 'n') {
		l.leap = 1;
		c++;
	} else if (strncmp(c, " nhuận", strlen(" nhuận")) == 0) {
		l.leap = 1;
		c += strlen(" nhuận");
	}
	if (*c == ' ') {
		while (*c == ' ')
			c++;
		if (S_digits(&c, 2, &l.hour) == 0 || *c++ != ':' || S_digits(&c, 2, &l.minute) != 2 || l.hour > 23 ||
		    l.minute > 59)
			return -1;
		l.has_time = 1;
	}
	if (*c)
		return -1;
	if (l.day < 1 || l.day > 30 || l.month < 1 || l.month > 12)
		return -2;
	*out = l;
	return 0;
}

static int S_lunar(const struct page *p, const struct value *map, const char *key, struct schema_lunar *out,
		   struct diag *d)
{
	const struct value *v = value_get(map, key);
	if (v == NULL || v->type == VALUE_NULL)
		return 0;
	int rc = v->str && v->type != VALUE_LIST && v->type != VALUE_MAP ? schema_parse_lunar(v->str, out) : -1;
	if (rc == -1)
		diag_error(d, p->file, v->line, v->col,
			   "'event.%s' must be a lunar day/month such as \"10/3\" (mùng 10 tháng 3), \"15/4n\" in a "
			   "leap month, with an optional time such as \"10/3 07:30\"; not '%s'",
			   key, v->str ? v->str : value_type_name(v->type));
	else if (rc == -2)
		diag_error(d, p->file, v->line, v->col,
			   "'event.%s' is '%s', which is no lunar date: the day is 1 to 30 and the month 1 to 12, "
			   "day first (\"10/3\" is mùng 10 tháng 3)",
			   key, v->str);
	return rc < 0 ? -1 : 1;
}

/* The order of two lunar dates of one year: month, the leap month after
 * its month, day, time. */
static int S_lunar_cmp(const struct schema_lunar *a, const struct schema_lunar *b)
{
	int ka = ((a->month * 2 + a->leap) * 31 + a->day) * 1440 + a->hour * 60 + a->minute;
	int kb = ((b->month * 2 + b->leap) * 31 + b->day) * 1440 + b->hour * 60 + b->minute;
	return (ka > kb) - (ka < kb);
}

static int S_event(const struct page *p, const struct value *v, int tz, struct schema_event *ev, struct diag *d)
{
	int bad = 0;
	S_unknown(p, v, S_event_keys, "event", d);
	ev->type = S_type(p, v, "event", "Event", &bad, d);
	int start = S_date(p, v, "start_date", tz, &ev->start, d);
	int end = S_date(p, v, "end_date", tz, &ev->end, d);
	int lunar = S_lunar(p, v, "lunar", &ev->lunar, d);
	int lunar_end = S_lunar(p, v, "lunar_end", &ev->lunar_end, d);
	ev->location = schema_text(p, v, "location", "event", &bad, d);
	ev->address = schema_text(p, v, "address", "event", &bad, d);
	if (lunar < 0 || lunar_end < 0)
		bad = 1;
	if (lunar != 0 && start != 0) {
		const struct value *k = value_key(v, "lunar");
		diag_error(d, p->file, k->line, k->col,
			   "'event' has both 'start_date' and 'lunar': keep 'start_date' for one occasion, or 'lunar' "
			   "for a day of the lunar calendar every year");
		bad = 1;
	} else if (lunar != 0) {
		ev->is_lunar = 1;
		ev->has_lunar_end = lunar_end == 1;
		if (lunar == 1 && lunar_end == 1 && S_lunar_cmp(&ev->lunar_end, &ev->lunar) < 0) {
			const struct value *k = value_get(v, "lunar_end");
			diag_error(d, p->file, k->line, k->col,
				   "'event.lunar_end' is before 'event.lunar': both are days of one lunar year, the end "
				   "on or after the start");
			bad = 1;
		}
		if (end != 0) {
			const struct value *k = value_key(v, "end_date");
			diag_error(d, p->file, k->line, k->col,
				   "'event.end_date' goes with 'start_date': an event on a lunar date ends on 'lunar_end' "
				   "(\"12/3\", or \"10/3 17:00\")");
			bad = 1;
		}
		ev->has_end = 0;
		return bad ? -1 : 0;
	} else if (lunar_end != 0) {
		const struct value *k = value_key(v, "lunar_end");
		diag_error(d, p->file, k->line, k->col, "'event.lunar_end' needs 'event.lunar', the day it starts");
		bad = 1;
	}
	if (start == 0 && lunar == 0) {
		diag_error(d, p->file, v->line, v->col,
			   "'event' needs 'start_date' (a solar date) or 'lunar' (a lunar day/month, every year)");
		bad = 1;
	}
	if (start < 0 || end < 0)
		bad = 1;
	if (start == 1 && end == 1 && ev->end.epoch < ev->start.epoch) {
		const struct value *k = value_get(v, "end_date");
		diag_error(d, p->file, k->line, k->col, "'event.end_date' is before 'event.start_date'");
		bad = 1;
	}
	ev->has_end = end == 1;
	return bad ? -1 : 0;
}

int schema_read(const struct page *p, int tz_minutes, struct page_schema *out, struct diag *d)
{
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (p->front == NULL || p->front->type != VALUE_MAP)
		return 0;
	/* in the order of the file, so messages come in the order of lines */
	for (size_t k = 0; k < p->front->n; k++) {
		const char *key = p->front->keys[k]->str;
		const struct value *v = p->front->items[k];
		int place = strcmp(key, "place") == 0;
		if ((!place && strcmp(key, "event") != 0) || v->type == VALUE_NULL)
			continue;
		if (place && v->type == VALUE_STRING) {
			/* "place: Nhà văn hóa khu phố 1": a place named, nothing more */
			if (v->str[0]) {
				out->place.type = "Place";
				out->place.name = v->str;
				out->has_place = 1;
			}
		} else if (v->type != VALUE_MAP) {
			diag_error(d, p->file, v->line, v->col, "'%s' must be %s, not %s", key,
				   place ? "a name or a map (name, address, latitude, longitude)"
					 : "a map (start_date, end_date, location, address)",
				   value_type_name(v->type));
			rc = -1;
		} else if (place) {
			if (S_place(p, v, &out->place, d) < 0)
				rc = -1;
			else
				out->has_place = 1;
		} else {
			if (S_event(p, v, tz_minutes, &out->event, d) < 0)
				rc = -1;
			else
				out->has_event = 1;
		}
	}
	return rc;
}
