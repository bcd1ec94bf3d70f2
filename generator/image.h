/* image: photos resized for the web, with a cache.
 *
 * JPEG and PNG files are decoded with stb_image, turned upright by their
 * EXIF orientation (1-8), resized with stb_image_resize (Mitchell filter,
 * in linear light) to the widths of site.yaml — never wider than the
 * original — and encoded with stb_image_write: JPEG at the configured
 * quality, PNG for a PNG with an alpha channel.
 *
 * A build plans first (images_plan, cheap: the header and, for git files,
 * the cache's record of it) while pages render, so that a page knows every
 * width and height; images_run then does the work on all cores.  Results
 * are kept in the cache folder keyed by the source's git blob id and the
 * parameters; an unchanged photo is never decoded again.  Photos are
 * decoded, resized and encoded in worker processes (imgworker.h), one per
 * thread, started when the first photo is not in the cache: a decoder that
 * crashes, hangs or asks for too much memory costs that photo an error,
 * not the build.  Cache files are
 * written atomically (temporary file, rename) and checked when read: a
 * corrupt or missing one is made again. */
#ifndef WARDSITE_IMAGE_H
#define WARDSITE_IMAGE_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "value.h"

struct output;
struct source;
struct source_file;

#define IMAGE_MAX_WIDTHS 16

/* The share picture that Facebook and Zalo show best (1.91:1). */
#define IMAGE_SHARE_WIDTH  1200
#define IMAGE_SHARE_HEIGHT 630

/* The share picture of a w x h upright photo: its size *ow x *oh, and the
 * box *cw x *ch at (*cx, *cy) of the photo it shows (the largest box of
 * IMAGE_SHARE_WIDTH:IMAGE_SHARE_HEIGHT in the middle; the output is that
 * box resized to IMAGE_SHARE_WIDTH x IMAGE_SHARE_HEIGHT, or the box itself
 * when it is narrower: never enlarged).  w, h >= 1. */
void image_share_box(int w, int h, int *ow, int *oh, int *cx, int *cy, int *cw, int *ch);

struct image_config {
	int widths[IMAGE_MAX_WIDTHS]; /* ascending */
	size_t nwidths;
	int quality;          /* JPEG quality 1-100 */
	long long max_pixels; /* the largest image decoded */
	char *cache_dir;      /* relative to the work tree, or absolute */
	char *sizes;          /* the sizes attribute of article images */
	int decode_seconds;   /* wall-clock limit of decoding one photo */
};

/* Reads site.yaml's `images` map (NULL: the defaults: widths 480, 960,
 * 1600; quality 82; max_megapixels 100; cache .wardsite-cache; sizes
 * "(min-width: 50.5em) 47.5rem, (min-width: 48em) calc(100vw - 3rem), calc(100vw - 2rem)", the default theme's reading column; decode_seconds 60).  Returns 0, or -1 with every problem
 * recorded against site.yaml.  Free with image_config_free. */
int image_config_read(struct image_config *c, const struct value *images, struct diag *d);
void image_config_free(struct image_config *c);

struct image_info {
	int width, height;         /* as shown: orientation applied */
	int raw_width, raw_height; /* as stored */
	int orientation;           /* EXIF 1-8 (1 when there is none) */
	int png;                   /* 1: PNG, 0: JPEG */
	int alpha;                 /* a PNG with an alpha channel: PNG output */
	int channels;              /* 1 grey, 3 colour, 4 colour and alpha */
};

/* Reads what the header tells: size, format, orientation; checks that the
 * file is whole (a JPEG's end-of-image marker, a PNG's IEND chunk) and not
 * larger than max_pixels.  Returns 0, or -1 with *why (caller frees). */
int image_probe(const unsigned char *data, size_t len, long long max_pixels, struct image_info *info, char **why);

/* The EXIF orientation of a JPEG (APP1 "Exif") or PNG (eXIf chunk): 1-8,
 * 1 when absent or unreadable. */
int image_orientation(const unsigned char *data, size_t len);

/* Decodes data, turns it upright and makes a version width pixels wide
 * (not more than the image's width), encoded as the source's format
 * calls for.  Returns 0 with *out (caller frees), *out_len, *w, *h, or -1
 * with *why (caller frees). */
int image_render(const unsigned char *data, size_t len, const struct image_config *c, int width, unsigned char **out,
		 size_t *out_len, int *w, int *h, char **why);

struct images;

/* The build's images.  cache_root is the folder cache_dir is relative to
 * (the work tree).  jobs: worker threads (0: one per core, or
 * WARDSITE_JOBS).  Owned by the caller. */
struct images *images_new(const struct image_config *c, struct source *src, const char *cache_root, int jobs,
			  struct diag *d);
void images_free(struct images *im);

struct image_variant {
	int width, height;
	const char *url; /* from the site root, with the base path */
};

struct image_plan {
	struct image_info info;
	struct image_variant v[IMAGE_MAX_WIDTHS + 1]; /* ascending */
	size_t n;
	const char *original; /* URL of the original (published only when a page links to it) */
	const char *webp;     /* a JPEG's: the srcset of its WebP versions, as a token for
				 images_resolve; NULL for a PNG */
};

/* Plans versions of f, whose copy is at out_rel in the output
 * ("vi/di-tich/dong-xoai/bia.jpg"), in the given widths (NULL: the
 * configured ones): the widths below the image's and the image's own width
 * when the largest asked for is more.  Versions go beside the copy
 * ("bia-480w.jpg").  ref_path:line:col is where a later failure is
 * reported.  Returns 0 with *plan (strings owned by im), or -1 with *why
 * (caller frees): not a file, unreadable, not JPEG or PNG, truncated,
 * too large. */
int images_plan(struct images *im, const struct source_file *f, const char *out_rel, const char *base_path,
		const int *widths, size_t nwidths, const char *ref_path, int line, int col, struct image_plan *plan,
		char **why);

/* The share picture (og:image) of f: the largest box of 1200:630 in the
 * middle of the upright photo, resized to 1200 x 630 (a smaller photo's
 * box as it is: never enlarged), always a JPEG, at out_rel's stem plus
 * "-1200x630.jpg", made and cached with the other versions by images_run
 * and published only when planned.  Returns 0 with *out (the URL owned by
 * im), or -1 with *why (caller frees), as images_plan. */
int images_plan_share(struct images *im, const struct source_file *f, const char *out_rel, const char *base_path,
		      const char *ref_path, int line, int col, struct image_variant *out, char **why);

/* Makes every planned version (from the cache or anew, on all cores) and
 * writes them to out.  progress, when not NULL, gets a "done/total" line
 * that rewrites itself.  Returns 0, or -1 with every failure recorded at
 * the line of the first page that used the image. */
/* How many times images_plan was called: a page whose rendering planned
 * an image cannot take its HTML from the last build (the plan would be
 * missing). */
size_t images_plans(const struct images *im);

/* 1 when the source file path ("content/vi/x/bia.jpg") was planned: its
 * web versions were asked for. */
int images_planned(const struct images *im, const char *path);

int images_run(struct images *im, struct output *out, FILE *progress);

/* html with every WebP srcset token of a plan (image_plan.webp) replaced
 * by the WebP versions that came out smaller than their JPEG; the
 * <source> element holding a token is left out when none did.  Call after
 * images_run.  Returns a new string (caller frees), or NULL when html has
 * no token. */
char *images_resolve(struct images *im, const char *html);

/* Writes to out the WebP versions images_resolve put into pages (the
 * others are not published: a gallery's link to the large photo takes
 * its JPEG).  Returns 0, or -1 when a write failed. */
int images_write_webp(struct images *im, struct output *out);

/* The widest of the configured widths (images: widths). */
int images_widest(const struct images *im);

/* The sizes attribute of site.yaml (images: sizes). */
const char *images_sizes(const struct images *im);

struct image_stats {
	size_t sources;  /* distinct images */
	size_t variants; /* versions written */
	size_t decoded;  /* images decoded (0 when all came from the cache) */
	size_t cached;   /* versions taken from the cache */
	size_t rebuilt;  /* cache files that were corrupt and made again */
};
void images_stats(const struct images *im, struct image_stats *st);

#endif
