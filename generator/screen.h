/* screen: the public e-bulletin screens (bảng tin điện tử công cộng) and
 * the machine-readable feed of the same items for the provincial source
 * information system.
 *
 * With a `screen:` map in site.yaml, every language gets, in the folder
 * /LANG/SLUG/ (SLUG from `screen.slug`; vi "bang-tin", en
 * "bulletin-board", other languages "screen"):
 *
 *   index.html  a full-screen page that rotates the latest notices, the
 *               upcoming events and chosen indicators in large type (its
 *               style and script inline: one file to keep offline), a
 *               plain list of them all without JavaScript;
 *   index.json  the same items as JSON (README, "Public e-bulletin
 *               screens", names every field), whose "version" the page
 *               polls to reload itself after a new build;
 *   sw.js       a service worker that keeps the last page it saw, so a
 *               kiosk restarted without network still shows it.
 *
 * A notice is a page with `board: true` in its front matter, or a page of
 * a section named in `screen.sections` (unless it says `board: false`);
 * an event is a page with `event` front matter that has not ended at the
 * build's "now"; an indicator comes from data/NAME.yaml (and
 * NAME-values.csv) as lua-plugins/indicator.lua reads them.  Nothing in
 * the output depends on the clock but through "now" (SOURCE_DATE_EPOCH
 * when set): the same commit and "now" give the same bytes. */
#ifndef WARDSITE_SCREEN_H
#define WARDSITE_SCREEN_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "events.h"
#include "output.h"
#include "site.h"
#include "source.h"

struct screen;

/* Reads `screen:` of site.yaml, the `board` keys of the pages and the
 * indicator data, and picks each language's items (pages must have their
 * summaries: call after the content is rendered); events is the build's
 * reading of every page's event (events_new), kept by the screens.
 * Returns the screens
 * (caller frees with screen_free), or NULL when the site has none or when
 * something is wrong, every problem recorded in d with its position. */
struct screen *screen_new(const struct site *s, struct source *src, const struct events *events, time_t now,
			  struct diag *d);

/* Writes every language's page, JSON feed and service worker into o.
 * Returns 0, or -1 when a write failed (recorded by the output). */
int screen_write(const struct screen *sc, struct output *o);

void screen_free(struct screen *sc);

/* Appends at most max bytes of the plain text s, cut at a word boundary
 * (never inside a UTF-8 sequence) with "…" when it was longer.  For the
 * summaries a screen shows: a screen has no room to scroll. */
void screen_cut(struct buf *b, const char *s, size_t max);

#endif
