/* schema: place and event front matter, typed, with exact messages. */
#define HARNESS_DIAG
#include "harness.h"

#include "schema.h"

static struct page page_of(const char *yaml, struct diag *d)
{
	struct page p = {.kind = PAGE_REGULAR, .file = "content/vi/a.md", .title = "Đền"};
	p.front = value_parse_yaml(yaml, strlen(yaml), "content/vi/a.md", 1, d);
	return p;
}

static void test_place(void)
{
	struct diag *d = harness_diag();
	struct page p = page_of("title: Đền\nplace:\n  type: LandmarksOrHistoricalBuildings\n  address: Khu phố 1\n"
				"  latitude: 11.5\n  longitude: 106\n",
				d);
	struct page_schema sc;
	CHECK(schema_read(&p, 420, &sc, d) == 0);
	CHECK(sc.has_place && !sc.has_event);
	CHECK_STR(sc.place.type, "LandmarksOrHistoricalBuildings");
	CHECK_STR(sc.place.name, "Đền"); /* the page's title */
	CHECK_STR(sc.place.address, "Khu phố 1");
	CHECK(sc.place.has_geo && sc.place.latitude == 11.5 && sc.place.longitude == 106);
	CHECK_STR(harness_diag_text(), "");
	value_free(p.front);

	d = harness_diag();
	p = page_of("place:\n  type: landmark\n  latitude: 91\n  colour: red\n", d);
	CHECK(schema_read(&p, 420, &sc, d) < 0);
	CHECK(!sc.has_place);
	CHECK_STR(harness_diag_text(),
		  "content/vi/a.md:5:3: warning: unknown key 'colour' in 'place' is ignored (known: type, name, address, "
		  "latitude, longitude)\n"
		  "content/vi/a.md:3:9: error: 'place.type' must be a schema.org type such as Place, not 'landmark'\n"
		  "content/vi/a.md:4:13: error: 'place.latitude' must be a number of degrees from -90 to 90, not '91'\n");
	value_free(p.front);

	d = harness_diag();
	p = page_of("place:\n  longitude: 106.5\n", d);
	CHECK(schema_read(&p, 420, &sc, d) < 0);
	CHECK_STR(harness_diag_text(), "content/vi/a.md:3:3: error: 'place' needs both latitude and longitude, or neither\n");
	value_free(p.front);

	d = harness_diag();
	p = page_of("place: Đền thờ\n", d); /* a place by its name alone */
	CHECK(schema_read(&p, 420, &sc, d) == 0);
	CHECK(sc.has_place && strcmp(sc.place.name, "Đền thờ") == 0 && strcmp(sc.place.type, "Place") == 0);
	CHECK(sc.place.address == NULL && !sc.place.has_geo);
	value_free(p.front);

	d = harness_diag();
	p = page_of("place: [a, b]\nevent: 2026-05-19\n", d);
	CHECK(schema_read(&p, 420, &sc, d) < 0);
	CHECK_STR(harness_diag_text(),
		  "content/vi/a.md:2:8: error: 'place' must be a name or a map (name, address, latitude, longitude), not a "
		  "list\n"
		  "content/vi/a.md:3:8: error: 'event' must be a map (start_date, end_date, location, address), not a "
		  "string\n");
	value_free(p.front);
}

static void test_event(void)
{
	struct diag *d = harness_diag();
	struct page p = page_of("event:\n  type: Festival\n  start_date: 2026-05-19T07:00\n  end_date: 2026-05-20\n"
				"  location: Nhà văn hóa khu phố 1\n",
				d);
	struct page_schema sc;
	CHECK(schema_read(&p, 420, &sc, d) == 0);
	CHECK(sc.has_event && !sc.has_place);
	CHECK_STR(sc.event.type, "Festival");
	CHECK_INT(sc.event.start.hour, 7);
	CHECK_INT(sc.event.start.tz_minutes, 420);
	CHECK(sc.event.has_end && sc.event.end.day == 20);
	CHECK_STR(sc.event.location, "Nhà văn hóa khu phố 1");
	CHECK(sc.event.address == NULL);
	CHECK_STR(harness_diag_text(), "");
	value_free(p.front);

	d = harness_diag();
	p = page_of("event:\n  start_date: 2026-05-19\n  end_date: 2026-05-18\n", d);
	CHECK(schema_read(&p, 420, &sc, d) < 0);
	CHECK(!sc.has_event);
	CHECK_STR(harness_diag_text(), "content/vi/a.md:4:13: error: 'event.end_date' is before 'event.start_date'\n");
	value_free(p.front);

	d = harness_diag();
	p = page_of("event:\n  location: [a, b]\n  start_date: mai\n", d);
	CHECK(schema_read(&p, 420, &sc, d) < 0);
	CHECK_STR(harness_diag_text(),
		  "content/vi/a.md:4:15: error: 'event.start_date' must be a date (YYYY-MM-DD, or "
		  "YYYY-MM-DDTHH:MM:SS+07:00), not 'mai'\n"
		  "content/vi/a.md:3:13: error: 'event.location' must be a text, not a list\n");
	value_free(p.front);

	d = harness_diag();
	p = page_of("event:\n  location: Sân vận động\n", d);
	CHECK(schema_read(&p, 420, &sc, d) < 0);
	CHECK_STR(harness_diag_text(), "content/vi/a.md:3:3: error: 'event' needs 'start_date' (a solar date) or 'lunar' (a lunar day/month, every year)\n");
	value_free(p.front);

	/* empty texts, as archetypes leave them, are absent */
	d = harness_diag();
	p = page_of("event:\n  start_date: 2026-05-19\n  location: \"\"\n  address: \"\"\n", d);
	CHECK(schema_read(&p, 420, &sc, d) == 0);
	CHECK(sc.has_event && sc.event.location == NULL && sc.event.address == NULL);
	CHECK_STR(harness_diag_text(), "");
	value_free(p.front);

	/* no front matter, or neither key: nothing */
	d = harness_diag();
	p = (struct page){.kind = PAGE_REGULAR, .file = "content/vi/b.md", .title = "B"};
	CHECK(schema_read(&p, 420, &sc, d) == 0);
	CHECK(!sc.has_event && !sc.has_place);
	harness_diag_end();
}

int main(void)
{
	test_place();
	test_event();
	HARNESS_DONE();
}
