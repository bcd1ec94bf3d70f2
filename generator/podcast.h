/* podcast: a podcast feed for a section of audio, such as the ward's
 * loudspeaker bulletins (đài truyền thanh).
 *
 * A section whose _index.md front matter says `podcast: true`, or gives
 * the podcast's settings as a map (image, category, author, email,
 * explicit, type), gets SECTION/podcast.xml in each language: RSS 2.0 with
 * Apple's iTunes namespace, whose items are the section's dated pages that
 * name an audio or video file in their Markdown (the first one: the
 * episode), newest first, at most feed_items of them.  Each item has an
 * <enclosure> with the file's absolute URL, its length in bytes and its
 * MIME type, and <itunes:duration> in seconds when the file gives its
 * duration (media.h).  Like feeds.h, nothing depends on the time of the
 * build. */
#ifndef WARDSITE_PODCAST_H
#define WARDSITE_PODCAST_H

#include <stddef.h>

#include "diag.h"
#include "media.h"
#include "output.h"
#include "site.h"

#define PODCAST_FILE "podcast.xml"

/* 1 when the section's list page p asks for a podcast feed (its front
 * matter's `podcast` is true or a map of right settings), else 0; a wrong
 * setting is an error recorded in d (NULL: not recorded).  The build asks
 * before rendering, so that these errors come with the others. */
int podcast_enabled(const struct page *p, struct diag *d);

/* Writes the podcast feed of every section that asks for one, in every
 * language, with at most limit items (0: all), reading the audio files
 * through m.  A wrong setting is an error at its line in _index.md; a
 * podcast without a usable cover is a warning (an error when strict).
 * Returns 0, or -1 when something was recorded as an error. */
int podcast_write(const struct site *s, struct media_set *m, struct source *src, struct output *o, size_t limit,
                  int strict, struct diag *d);

#endif
