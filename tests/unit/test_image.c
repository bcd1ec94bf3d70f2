#define HARNESS_DIAG
#include "harness.h"

#include <stb_image.h>
#include <stb_image_write.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "image.h"
#include "output.h"
#include "source.h"

/* ---- images made here ---- */

struct img {
	int w, h;
	unsigned char *px; /* RGB */
};

static struct img img_new(int w, int h)
{
	struct img i = {w, h, calloc((size_t)w * h * 3, 1)};
	return i;
}

static unsigned char *at(struct img *i, int x, int y)
{
	return i->px + ((size_t)y * i->w + x) * 3;
}

/* The picture as it should look: four quadrants of distinct colours. */
static const unsigned char QUAD[4][3] = {{220, 30, 30}, {30, 200, 30}, {30, 30, 220}, {240, 240, 240}};

static struct img make_display(int w, int h)
{
	struct img d = img_new(w, h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			memcpy(at(&d, x, y), QUAD[(y >= h / 2) * 2 + (x >= w / 2)], 3);
	return d;
}

/* Plain geometric operations, written independently of image.c's table:
 * each gives the new image from the old. */
enum op { ROT_CW, ROT_CCW, ROT_180, FLIP_H, FLIP_V, TRANSPOSE, TRANSVERSE };

static struct img apply(struct img *s, enum op op)
{
	int swap = op == ROT_CW || op == ROT_CCW || op == TRANSPOSE || op == TRANSVERSE;
	struct img d = img_new(swap ? s->h : s->w, swap ? s->w : s->h);
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++) {
			int nx = x, ny = y;
			switch (op) {
			case ROT_CW: nx = s->h - 1 - y; ny = x; break;
			case ROT_CCW: nx = y; ny = s->w - 1 - x; break;
			case ROT_180: nx = s->w - 1 - x; ny = s->h - 1 - y; break;
			case FLIP_H: nx = s->w - 1 - x; break;
			case FLIP_V: ny = s->h - 1 - y; break;
			case TRANSPOSE: nx = y; ny = x; break;
			case TRANSVERSE: nx = s->h - 1 - y; ny = s->w - 1 - x; break;
			}
			memcpy(at(&d, nx, ny), at(s, x, y), 3);
		}
	return d;
}

/* What a camera stores for orientation o so that a viewer that honours
 * EXIF shows the display picture: the inverse of the tag's transform
 * (6: "rotate 90° clockwise to view", so stored turned anticlockwise). */
static struct img stored_for(struct img *display, int o)
{
	switch (o) {
	case 2: return apply(display, FLIP_H);
	case 3: return apply(display, ROT_180);
	case 4: return apply(display, FLIP_V);
	case 5: return apply(display, TRANSPOSE);
	case 6: return apply(display, ROT_CCW);
	case 7: return apply(display, TRANSVERSE);
	case 8: return apply(display, ROT_CW);
	default: {
		struct img c = img_new(display->w, display->h);
		memcpy(c.px, display->px, (size_t)display->w * display->h * 3);
		return c;
	}
	}
}

static void collect(void *ctx, void *data, int size)
{
	buf_put(ctx, data, (size_t)size);
}

/* A JPEG of i with an APP1 Exif segment holding orientation o (0: none),
 * in big-endian ("MM") or little-endian ("II") TIFF. */
static struct buf jpeg_with_orientation(struct img *i, int o, int little)
{
	struct buf j = BUF_INIT, out = BUF_INIT;
	stbi_write_jpg_to_func(collect, &j, i->w, i->h, 3, i->px, 95);
	buf_put(&out, j.data, 2); /* SOI */
	if (o) {
		unsigned char tiff[26];
		if (little)
			memcpy(tiff, "II*\0\x08\0\0\0" "\x01\0" "\x12\x01\x03\0\x01\0\0\0", 18);
		else
			memcpy(tiff, "MM\0*\0\0\0\x08" "\0\x01" "\x01\x12\0\x03\0\0\0\x01", 18);
		tiff[18] = little ? (unsigned char)o : 0; /* the SHORT value, then padding */
		tiff[19] = little ? 0 : (unsigned char)o;
		memset(tiff + 20, 0, 6); /* padding, then no next IFD */
		unsigned char seg[4 + 6 + 26 + 4] = {0xFF, 0xE1};
		size_t len = 2 + 6 + 26 + 4;
		seg[2] = (unsigned char)(len >> 8);
		seg[3] = (unsigned char)len;
		memcpy(seg + 4, "Exif\0\0", 6);
		memcpy(seg + 10, tiff, 26);
		memset(seg + 36, 0, 4);
		buf_put(&out, seg, sizeof seg);
	}
	buf_put(&out, j.data + 2, j.len - 2);
	buf_free(&j);
	return out;
}

static int near(const unsigned char *p, const unsigned char *want)
{
	for (int k = 0; k < 3; k++)
		if (abs((int)p[k] - (int)want[k]) > 40)
			return 0;
	return 1;
}

static struct image_config config(void)
{
	struct image_config c;
	image_config_read(&c, NULL, harness_diag());
	return c;
}

/* Every orientation: the version is upright and of the displayed shape. */
static void test_orientation(void)
{
	struct image_config c = config();
	struct img display = make_display(64, 32);
	for (int o = 1; o <= 8; o++) {
		for (int little = 0; little <= 1; little++) {
			struct img raw = stored_for(&display, o);
			struct buf j = jpeg_with_orientation(&raw, o, little);
			CHECK_INT(image_orientation((unsigned char *)j.data, j.len), o);
			struct image_info info;
			char *why = NULL;
			CHECK_INT(image_probe((unsigned char *)j.data, j.len, c.max_pixels, &info, &why), 0);
			CHECK_INT(info.width, 64);
			CHECK_INT(info.height, 32);
			unsigned char *out = NULL;
			size_t len = 0;
			int w = 0, h = 0;
			CHECK_INT(image_render((unsigned char *)j.data, j.len, &c, 32, &out, &len, &w, &h, &why), 0);
			CHECK_INT(w, 32);
			CHECK_INT(h, 16);
			int dw, dh, comp;
			unsigned char *px = out ? stbi_load_from_memory(out, (int)len, &dw, &dh, &comp, 3) : NULL;
			CHECK(px != NULL && dw == 32 && dh == 16);
			if (px && dw == 32 && dh == 16) {
				struct img r = {32, 16, px};
				int ok = near(at(&r, 8, 4), QUAD[0]) && near(at(&r, 24, 4), QUAD[1]) &&
					 near(at(&r, 8, 12), QUAD[2]) && near(at(&r, 24, 12), QUAD[3]);
				if (!ok)
					fprintf(stderr, "  orientation %d (%s): corners wrong\n", o, little ? "II" : "MM");
				CHECK(ok);
			}
			stbi_image_free(px);
			free(out);
			free(why);
			free(raw.px);
			buf_free(&j);
		}
	}
	/* never wider than the original; the same width copies it upright */
	struct buf j = jpeg_with_orientation(&display, 0, 0);
	unsigned char *out = NULL;
	size_t len;
	int w, h;
	char *why = NULL;
	CHECK_INT(image_render((unsigned char *)j.data, j.len, &c, 1600, &out, &len, &w, &h, &why), 0);
	CHECK_INT(w, 64);
	CHECK_INT(h, 32);
	free(out);
	buf_free(&j);
	free(display.px);
	image_config_free(&c);
}

static void probe_fails(const void *data, size_t len, long long max_pixels, const char *want)
{
	struct image_info info;
	char *why = NULL;
	CHECK_INT(image_probe(data, len, max_pixels, &info, &why), -1);
	CHECK_STR(why, want);
	free(why);
}

/* Broken files are errors, never crashes. */
static void test_bad_files(void)
{
	struct img d = make_display(64, 32);
	struct buf j = jpeg_with_orientation(&d, 0, 0);
	probe_fails(j.data, j.len - 10, 100000000, "a truncated JPEG file (no end-of-image marker)");
	probe_fails(j.data, 40, 100000000, "a truncated or corrupt JPEG file (a segment runs past the end)");
	probe_fails("GIF89a....", 10, 100000000, "not a JPEG or PNG file");
	probe_fails(j.data, j.len, 1000, "the image is 64 × 32 pixels (0.00205 megapixels), more than the limit of 0.001 megapixels "
					  "(images: max_megapixels in site.yaml)");
	/* a PNG header that claims 30000 x 30000 pixels: refused before any decoding */
	static const unsigned char huge[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x75\x30\0\0\x75\x30\x08\x02\0\0\0\0\0\0\0";
	probe_fails(huge, sizeof huge - 1, 100000000,
		    "the image is 30000 × 30000 pixels (900 megapixels), more than the limit of 100 megapixels "
		    "(images: max_megapixels in site.yaml)");
	/* 4,000,000,000 x 3,000,000,000: the product overflowed a long long
	 * (found by fuzz_image) */
	static const unsigned char vast[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\xee\x6b\x28\0\xb2\xd0\x5e\0\x08\x02\0\0\0\0\0\0\0";
	probe_fails(vast, sizeof vast - 1, 100000000,
		    "the image is 4000000000 × 3000000000 pixels (12000000000000 megapixels), more than the limit of 100 megapixels "
		    "(images: max_megapixels in site.yaml)");
	/* scan data replaced by noise: the header is fine, decoding fails cleanly */
	struct buf bad = BUF_INIT;
	buf_put(&bad, j.data, j.len);
	size_t sos = 0;
	for (size_t i = 2; i + 1 < bad.len; i++)
		if ((unsigned char)bad.data[i] == 0xFF && (unsigned char)bad.data[i + 1] == 0xDA) {
			sos = i;
			break;
		}
	for (size_t i = sos + 20; i + 2 < bad.len; i++)
		bad.data[i] = (char)(0xFF);
	struct image_config c = config();
	unsigned char *out = NULL;
	size_t len;
	int w, h;
	char *why = NULL;
	int rc = image_render((unsigned char *)bad.data, bad.len, &c, 32, &out, &len, &w, &h, &why);
	/* stb_image either refuses it or decodes grey: both are fine, a crash is not */
	CHECK(rc == -1 ? why != NULL : out != NULL);
	free(out);
	free(why);
	/* a PNG cut short */
	struct buf png = BUF_INIT;
	stbi_write_png_to_func(collect, &png, d.w, d.h, 3, d.px, d.w * 3);
	probe_fails(png.data, png.len - 20, 100000000, "a truncated PNG file (a chunk runs past the end)");
	probe_fails(png.data, 33, 100000000, "a truncated PNG file (no IEND chunk)");
	image_config_free(&c);
	buf_free(&png);
	buf_free(&bad);
	buf_free(&j);
	free(d.px);
}

/* ---- the build's images, with the cache ---- */

static char root[] = "/tmp/wardsite-image-XXXXXX";

static void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fprintf(stderr, "command failed: %s\n", cmd);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

/* One build of the images of root/site into root/out-N; returns its stats. */
static struct image_stats build_once(int n, int *rc)
{
	struct image_stats st = {0};
	char site[300], out[300];
	snprintf(site, sizeof site, "%s/site", root);
	snprintf(out, sizeof out, "%s/out-%d", root, n);
	struct source *src;
	char *err = NULL;
	struct source_options so = {.repo = site, .worktree = 1};
	if (source_open(&src, &so, &err) < 0) {
		fprintf(stderr, "source_open: %s\n", err);
		free(err);
		*rc = -2;
		return st;
	}
	struct image_config c = config();
	struct images *im = images_new(&c, src, site, 2, harness_diag());
	struct image_plan plan;
	char *why = NULL;
	const struct source_file *f = source_find(src, "content/vi/anh/doc.jpg");
	const struct source_file *g = source_find(src, "content/vi/anh/ngang.jpg");
	*rc = images_plan(im, f, "vi/anh/doc.jpg", "/", NULL, 0, "content/vi/a.md", 3, 1, &plan, &why);
	if (*rc == 0) {
		CHECK_INT(plan.n, 3);
		CHECK_INT(plan.info.width, 1200); /* stored 1800 x 1200 with orientation 6 */
		CHECK_INT(plan.info.height, 1800);
		CHECK_STR(plan.v[0].url, "/vi/anh/doc-480w.jpg");
		CHECK_INT(plan.v[0].height, 720);
		CHECK_STR(plan.v[2].url, "/vi/anh/doc-1200w.jpg"); /* its own width, not 1600 */
		CHECK_STR(plan.original, "/vi/anh/doc.jpg");
	}
	free(why);
	why = NULL;
	*rc |= images_plan(im, g, "vi/anh/ngang.jpg", "/", NULL, 0, "content/vi/a.md", 5, 1, &plan, &why);
	struct output *o = output_begin(out, NULL, harness_diag());
	*rc |= images_run(im, o, NULL);
	output_commit(o, NULL);
	images_stats(im, &st);
	images_free(im);
	image_config_free(&c);
	source_close(src);
	free(why);
	return st;
}

static void test_cache(void)
{
	CHECK(mkdtemp(root) != NULL);
	sh("cd %s && git init -q site && mkdir -p site/content/vi/anh", root);
	struct img d = make_display(1200, 1800);
	struct img stored = apply(&d, ROT_CCW); /* 1800 x 1200, shown upright with orientation 6 */
	struct buf j = jpeg_with_orientation(&stored, 6, 0);
	char path[300];
	snprintf(path, sizeof path, "%s/site/content/vi/anh/doc.jpg", root);
	write_file(path, j.data, j.len);
	buf_free(&j);
	struct img wide = make_display(2000, 1000);
	j = jpeg_with_orientation(&wide, 0, 0);
	snprintf(path, sizeof path, "%s/site/content/vi/anh/ngang.jpg", root);
	write_file(path, j.data, j.len);
	buf_free(&j);

	int rc;
	harness_diag();
	struct image_stats st = build_once(1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(harness_diag_text(), "");
	CHECK_INT(st.sources, 2);
	CHECK_INT(st.variants, 6);
	CHECK_INT(st.decoded, 2);
	CHECK_INT(st.cached, 0);
	char out[400];
	snprintf(out, sizeof out, "%s/out-1/vi/anh/doc-480w.jpg", root);
	int w = 0, h = 0, comp;
	CHECK(stbi_info(out, &w, &h, &comp) && w == 480 && h == 720);
	snprintf(out, sizeof out, "%s/out-1/vi/anh/ngang-1600w.jpg", root);
	CHECK(stbi_info(out, &w, &h, &comp) && w == 1600 && h == 800);
	/* the cache keeps itself out of git */
	snprintf(out, sizeof out, "%s/site/.wardsite-cache/.gitignore", root);
	struct stat sb;
	CHECK(stat(out, &sb) == 0);

	/* second build: nothing decoded */
	st = build_once(2, &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(st.decoded, 0);
	CHECK_INT(st.cached, 6);
	CHECK_INT(st.rebuilt, 0);
	snprintf(out, sizeof out, "cmp -s %s/out-1/vi/anh/doc-960w.jpg %s/out-2/vi/anh/doc-960w.jpg", root, root);
	CHECK(system(out) == 0);

	/* a cache file cut short is noticed and made again */
	sh("cd %s/site/.wardsite-cache && f=$(ls */*-960w-*.jpg | head -n 1) && head -c 500 \"$f\" > x && mv x \"$f\"", root);
	st = build_once(3, &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(st.decoded, 1);
	CHECK_INT(st.rebuilt, 1);
	CHECK_INT(st.cached, 5);
	snprintf(out, sizeof out, "cmp -s %s/out-1/vi/anh/doc-960w.jpg %s/out-3/vi/anh/doc-960w.jpg && "
				  "cmp -s %s/out-1/vi/anh/ngang-960w.jpg %s/out-3/vi/anh/ngang-960w.jpg",
		 root, root, root, root);
	CHECK(system(out) == 0);

	/* a source cut short is refused when it is planned */
	sh("cd %s/site/content/vi/anh && head -c 3000 doc.jpg > x && mv x doc.jpg", root);
	harness_diag();
	build_once(4, &rc);
	CHECK(rc != 0);
	CHECK_STR(harness_diag_text(), "");
	sh("rm -rf %s", root);
	free(d.px);
	free(stored.px);
	free(wide.px);
}

int main(void)
{
	test_orientation();
	test_bad_files();
	test_cache();
	harness_diag_end();
	HARNESS_DONE();
}
