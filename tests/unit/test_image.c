#define HARNESS_DIAG
#include "harness.h"

#include <stb_image.h>
#include <stb_image_write.h>
#include <stdarg.h>
#include <webp/decode.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"
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
	free(d.px);
	free(stored.px);
	free(wide.px);
}

/* ---- the decoder processes ---- */

/* A JPEG of i with a comment segment holding text after its SOI. */
static struct buf jpeg_with_comment(struct img *i, const char *text)
{
	struct buf j = jpeg_with_orientation(i, 0, 0), out = BUF_INIT;
	size_t n = strlen(text) + 2;
	unsigned char seg[4] = {0xFF, 0xFE, (unsigned char)(n >> 8), (unsigned char)n};
	buf_put(&out, j.data, 2);
	buf_put(&out, seg, 4);
	buf_puts(&out, text);
	buf_put(&out, j.data + 2, j.len - 2);
	buf_free(&j);
	return out;
}

static const char *const FAULT_FILES[] = {"a-ok.jpg", "b-crash.jpg", "c-hang.jpg", "d-bomb.jpg", "e-syscall.jpg",
					  "f-ok.jpg"};

/* Builds the photos of root/faults with `jobs` worker threads into
 * root/faults-out-JOBS; returns images_run's result, the messages in
 * *text (caller frees). */
static int build_faults(int jobs, char **text)
{
	char site[300], out[300];
	snprintf(site, sizeof site, "%s/faults", root);
	snprintf(out, sizeof out, "%s/faults-out-%d", root, jobs);
	struct source *src;
	char *err = NULL;
	struct source_options so = {.repo = site, .worktree = 1};
	if (source_open(&src, &so, &err) < 0) {
		fprintf(stderr, "source_open: %s\n", err);
		free(err);
		return -2;
	}
	struct image_config c = config();
	c.decode_seconds = 3;
	c.max_pixels = 4000000; /* a worker may add 256 + 24 x 4 = 352 MB */
	struct diag *dg = harness_diag();
	struct images *im = images_new(&c, src, NULL, jobs, dg);
	int rc = 0;
	struct buf tokens = BUF_INIT; /* the plans' WebP srcsets, for images_resolve */
	for (size_t i = 0; i < sizeof FAULT_FILES / sizeof *FAULT_FILES; i++) {
		char path[100], rel[100];
		snprintf(path, sizeof path, "content/vi/anh/%s", FAULT_FILES[i]);
		snprintf(rel, sizeof rel, "vi/anh/%s", FAULT_FILES[i]);
		struct image_plan plan;
		char *why = NULL;
		const int widths[] = {64};
		if (images_plan(im, source_find(src, path), rel, "/", widths, 1, "content/vi/a.md", (int)i + 1, 1, &plan,
				&why) < 0) {
			fprintf(stderr, "images_plan %s: %s\n", path, why);
			rc = -2;
		} else {
			buf_printf(&tokens, "<source srcset=\"%s\">", plan.webp);
		}
		free(why);
	}
	struct output *o = output_begin(out, NULL, dg);
	rc |= images_run(im, o, NULL);
	if (rc == 0) {
		char *html = images_resolve(im, buf_cstr(&tokens));
		char file[400];
		snprintf(file, sizeof file, "%s/faults-srcset-%d.html", root, jobs);
		write_file(file, html, strlen(html));
		free(html);
		images_write_webp(im, o);
	}
	buf_free(&tokens);
	output_commit(o, NULL);
	*text = xstrdup(harness_diag_text());
	images_free(im);
	image_config_free(&c);
	source_close(src);
	return rc;
}

/* A decoder that crashes, hangs, asks for too much memory or makes a
 * system call decoding does not need costs its photo an error with the
 * cause; the worker is started again and the other photos are made, byte
 * for byte as image_render makes them in this process; the messages and
 * their order are the same with one worker or two. */
static void test_decoder_faults(void)
{
	sh("mkdir -p %s/faults/content/vi/anh", root);
	struct img d = make_display(160, 120);
	const char *words[] = {"", "crash", "hang", "bomb", "syscall", ""};
	struct buf ok = BUF_INIT;
	for (size_t i = 0; i < sizeof FAULT_FILES / sizeof *FAULT_FILES; i++) {
		char text[100], path[400];
		snprintf(text, sizeof text, "wardsite-test-fault:%s", words[i]);
		struct buf j = jpeg_with_comment(&d, text);
		snprintf(path, sizeof path, "%s/faults/content/vi/anh/%s", root, FAULT_FILES[i]);
		write_file(path, j.data, j.len);
		if (i == 0)
			buf_put(&ok, j.data, j.len);
		buf_free(&j);
	}
	sh("cd %s/faults && git init -q . && git add -A && git -c user.name=t -c user.email=t@t commit -q -m t", root);

	/* without the test switch the words are only a comment: all decode */
	unsetenv("WARDSITE_TEST_DECODER_FAULTS");
	char *text;
	CHECK_INT(build_faults(1, &text), 0);
	CHECK_STR(text, "");
	free(text);
	/* the WebP versions are encoded in the sandboxed worker too, and the
	 * pages offer them (smaller than the JPEG for these photos) */
	char wpath[400];
	snprintf(wpath, sizeof wpath, "%s/faults-srcset-1.html", root);
	size_t wlen = 0;
	char *srcset = buf_read_file(wpath, &wlen);
	CHECK(srcset && strstr(srcset, "<source srcset=\"/vi/anh/a-ok-64w.webp 64w\">") != NULL);
	free(srcset);
	snprintf(wpath, sizeof wpath, "%s/faults-out-1/vi/anh/a-ok-64w.webp", root);
	char *webp = buf_read_file(wpath, &wlen);
	int ww = 0, wh = 0;
	CHECK(webp && WebPGetInfo((const uint8_t *)webp, wlen, &ww, &wh) && ww == 64 && wh == 48);
	free(webp);
	sh("rm -rf %s/faults-out-1", root);

	setenv("WARDSITE_TEST_DECODER_FAULTS", "1", 1);
	static const char want[] =
		"content/vi/a.md:2:1: error: image content/vi/anh/b-crash.jpg: photo could not be decoded (the decoder "
		"crashed with signal 11); the file is probably damaged: open it in an image editor and save it again\n"
		"content/vi/a.md:3:1: error: image content/vi/anh/c-hang.jpg: photo could not be decoded (the decoder took "
		"longer than 3 s); make the photo smaller, or open it in an image editor and save it again\n"
		"content/vi/a.md:4:1: error: image content/vi/anh/d-bomb.jpg: photo could not be decoded (the decoder "
		"needed more than 352 MB); make the photo smaller, or open it in an image editor and save it again\n"
		"content/vi/a.md:5:1: error: image content/vi/anh/e-syscall.jpg: photo could not be decoded (the decoder "
		"tried a system call that decoding does not need and was stopped); the file may be crafted to attack the "
		"decoder: do not publish it\n";
	for (int jobs = 1; jobs <= 2; jobs++) {
		CHECK_INT(build_faults(jobs, &text), -1);
		CHECK_STR(text, want);
		free(text);
		/* the photos before and after the faults were made, as in this process */
		struct image_config c = config();
		unsigned char *mine;
		size_t len;
		int w, h;
		char *why = NULL;
		CHECK_INT(image_render((unsigned char *)ok.data, ok.len, &c, 64, &mine, &len, &w, &h, &why), 0);
		for (int k = 0; k < 2; k++) {
			char path[400];
			snprintf(path, sizeof path, "%s/faults-out-%d/vi/anh/%s-64w.jpg", root, jobs, k ? "f-ok" : "a-ok");
			size_t got_len = 0;
			char *got = buf_read_file(path, &got_len);
			CHECK(got != NULL && got_len == len && memcmp(got, mine, len) == 0);
			free(got);
		}
		free(mine);
		image_config_free(&c);
	}
	/* a system that refuses the worker its limits or its filter */
	setenv("WARDSITE_TEST_DECODER_FAULTS", "nosandbox", 1);
	CHECK_INT(build_faults(1, &text), -1);
	CHECK(strstr(text, "content/vi/a.md:1:1: error: image content/vi/anh/a-ok.jpg: photo could not be decoded (the "
			   "decoder process could not limit itself: this system refused a seccomp filter or a resource "
			   "limit); build on a system that allows them\n") == text);
	free(text);
	unsetenv("WARDSITE_TEST_DECODER_FAULTS");
	buf_free(&ok);
	free(d.px);
}

/* The JPEG fuzz_image found (tests/bad/img-undefined-huffman): its scan
 * names a DC Huffman table the file does not define, and stb_image
 * decoded it from uninitialised memory.  Refused before decoding, with the
 * same message every time. */
static void test_undefined_tables(void)
{
	struct img d = make_display(64, 32);
	struct buf j = jpeg_with_orientation(&d, 0, 0);
	/* the third component of the scan: DC table 0 becomes 3 */
	size_t sos = 0;
	for (size_t i = 2; i + 1 < j.len; i++)
		if ((unsigned char)j.data[i] == 0xFF && (unsigned char)j.data[i + 1] == 0xDA) {
			sos = i;
			break;
		}
	CHECK_INT((unsigned char)j.data[sos + 4], 3); /* three components */
	j.data[sos + 10] = (char)(((unsigned char)j.data[sos + 10] & 15) | 0x30);
	probe_fails(j.data, j.len, 100000000,
		    "a corrupt JPEG file (a scan uses a Huffman table that the file does not define)");
	j.data[sos + 10] = (char)((unsigned char)j.data[sos + 10] & 15);
	/* a component whose quantisation table is 2, never defined */
	size_t sof = 0;
	for (size_t i = 2; i + 1 < j.len; i++)
		if ((unsigned char)j.data[i] == 0xFF && (unsigned char)j.data[i + 1] == 0xC0) {
			sof = i;
			break;
		}
	j.data[sof + 10 + 2] = 2;
	probe_fails(j.data, j.len, 100000000,
		    "a corrupt JPEG file (a colour component uses a quantisation table that the file does not define)");
	buf_free(&j);
	free(d.px);
}

/* The share picture's box: the largest 1200:630 box in the middle, made
 * 1200 x 630, never enlarged; the extremes do not divide by zero. */
static void test_share_box(void)
{
	int ow, oh, cx, cy, cw, ch;
	image_share_box(2000, 1250, &ow, &oh, &cx, &cy, &cw, &ch); /* 1.6:1, higher than needed: full width */
	CHECK_INT(ow, 1200);
	CHECK_INT(oh, 630);
	CHECK_INT(cw, 2000);
	CHECK_INT(ch, 1050);
	CHECK_INT(cy, 100);
	image_share_box(2400, 1260, &ow, &oh, &cx, &cy, &cw, &ch); /* exactly 1.905:1 */
	CHECK_INT(cw, 2400);
	CHECK_INT(ch, 1260);
	CHECK_INT(cx, 0);
	CHECK_INT(cy, 0);
	image_share_box(4000, 1000, &ow, &oh, &cx, &cy, &cw, &ch); /* a panorama: the middle */
	CHECK_INT(cw, 1905);
	CHECK_INT(cx, (4000 - 1905) / 2);
	CHECK_INT(cy, 0);
	CHECK_INT(ow, 1200);
	image_share_box(1250, 2000, &ow, &oh, &cx, &cy, &cw, &ch); /* upright: the middle band */
	CHECK_INT(cw, 1250);
	CHECK_INT(ch, 656);
	CHECK_INT(cy, (2000 - 656) / 2);
	CHECK_INT(ow, 1200);
	CHECK_INT(oh, 630);
	image_share_box(160, 120, &ow, &oh, &cx, &cy, &cw, &ch); /* small: its own box, not enlarged */
	CHECK_INT(ow, 160);
	CHECK_INT(oh, 84);
	image_share_box(1, 1, &ow, &oh, &cx, &cy, &cw, &ch);
	CHECK(ow >= 1 && oh >= 1 && cw <= 1 && ch <= 1);
	image_share_box(1, 60000, &ow, &oh, &cx, &cy, &cw, &ch);
	CHECK(ow == 1 && oh == 1 && cy + ch <= 60000);
	image_share_box(60000, 1, &ow, &oh, &cx, &cy, &cw, &ch);
	CHECK(ow == 2 && oh == 1 && cx + cw <= 60000);
}

int main(void)
{
	test_share_box();
	test_orientation();
	test_bad_files();
	test_undefined_tables();
	test_cache();
	test_decoder_faults();
	sh("rm -rf %s", root);
	harness_diag_end();
	HARNESS_DONE();
}
