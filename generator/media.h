/* media: audio and video files of a site: their kind and MIME type from
 * the file name, and their duration read from the file's own bytes.
 *
 * The bytes come from a commit anyone with write access made, so every
 * parser here reads them as hostile: every length is checked against what
 * is left, every loop advances and is bounded by the data's length, and a
 * file that does not parse gives a reason (the duration is then unknown),
 * never a read past its end.  Supported:
 *
 *     MP3   Xing/Info or VBRI header of the first frame, else every frame counted
 *     MP4   (.mp4, .m4a, .m4v) moov/mvhd: duration / timescale
 *     Ogg   (.ogg, .oga, .opus) Vorbis or Opus: the identification header's
 *           rate (Opus: 48 kHz less pre-skip) and the stream's last granule position
 *     WebM  (.webm, .mka, .mkv) Segment/Info: Duration × TimecodeScale
 *
 * A media_set is a build's memory of the files probed: each is read once,
 * whoever asks (the pages' players, the podcast feed), and it remembers
 * the files beside them (transcripts, captions) that are to be published. */
#ifndef WARDSITE_MEDIA_H
#define WARDSITE_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum media_kind { MEDIA_AUDIO = 1, MEDIA_VIDEO };
enum media_container { MEDIA_MP3, MEDIA_MP4, MEDIA_OGG, MEDIA_WEBM };

/* A duration above this is taken for a damaged header (100 hours). */
#define MEDIA_MAX_MS (100ULL * 3600 * 1000)

struct media_type {
	const char *ext;   /* lowercase, without the dot: "mp3" */
	const char *mime;  /* "audio/mpeg" */
	const char *label; /* what a reader calls it: "MP3" */
	enum media_kind kind;
	enum media_container container;
};

/* The type of a file by its name's extension (any case; a "?query" or
 * "#fragment" of a URL ignored), or NULL when it is not audio or video
 * wardsite plays.  Static. */
const struct media_type *media_type_of(const char *name);

/* The duration in milliseconds of the len bytes of a file of container c.
 * Returns 0 and *ms, or -1 and *why: a static English sentence saying
 * what is wrong (for msg_tr).  Never reads outside data[0..len). */
int media_duration(const unsigned char *data, size_t len, enum media_container c, uint64_t *ms, const char **why);

/* Appends the duration, rounded to the second, for readers of language
 * lang ("vi": "3 phút 12 giây", "1 giờ 5 phút"; otherwise "3 min 12 s"). */
void media_duration_text(struct buf *b, uint64_t ms, const char *lang);
/* Appends the duration as an ISO 8601 duration for <time datetime>:
 * "PT3M12S", "PT1H5M", "PT0S". */
void media_duration_iso(struct buf *b, uint64_t ms);

/* ---- a build's media files ---- */

struct source;
struct source_file;

struct media_info {
	const struct media_type *type;
	size_t size; /* bytes */
	int has_duration;
	uint64_t ms;     /* when has_duration */
	const char *why; /* when not: the static reason from media_duration, or NULL when the file could not be
	                    read */
};

struct media_set;

/* An empty set reading from src (kept, not owned).  Free with
 * media_set_free. */
struct media_set *media_set_new(struct source *src);
void media_set_free(struct media_set *m);

/* The facts of file f (its type from its name, which must be media),
 * read the first time it is asked for.  Owned by the set; NULL when f is
 * not audio or video (media_type_of). */
const struct media_info *media_set_probe(struct media_set *m, const struct source_file *f);

/* The size of file f in bytes (a file of a commit is read once for it:
 * git's tree does not say); 0 when it cannot be read. */
size_t media_set_size(struct media_set *m, const struct source_file *f);

/* Marks path (a file of content/ or static/: a transcript, captions, a
 * podcast's cover) to be published although no Markdown link names it. */
void media_set_publish(struct media_set *m, const char *path);
/* 1 when media_set_publish marked path. */
int media_set_published(const struct media_set *m, const char *path);
/* How many times media_set_publish was called: a page whose rendering
 * called it must be rendered again by the next build (as a page that
 * plans photos is), or its files would not be marked for publishing. */
size_t media_set_uses(const struct media_set *m);

#endif
