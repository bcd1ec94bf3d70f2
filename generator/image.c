#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, for a test hook of the decoder process */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include "buf.h"
#include "cache.h"
#include "imgworker.h"
#include "map.h"
#include "msg.h"
#include "output.h"
#include "source.h"
#include "text.h"
#include "xalloc.h"

#define CACHE_VERSION 1 /* part of every cache key: change it when the output would change */
#define WEBP_TOKEN "wardsite-webp:" /* a WebP srcset until images_resolve: JOB:W1,W2,…; */

/* ---- configuration ---- */

static const int S_default_widths[] = {480, 960, 1600};

int image_config_read(struct image_config *c, const struct value *m, struct diag *d)
{
	static const char *const known[] = {"widths", "quality", "max_megapixels", "cache", "sizes", "decode_seconds", NULL};
	int errors = d->errors;
	memset(c, 0, sizeof *c);
	memcpy(c->widths, S_default_widths, sizeof S_default_widths);
	c->nwidths = sizeof S_default_widths / sizeof *S_default_widths;
	c->quality = 82;
	c->max_pixels = 100000000;
	c->cache_dir = xstrdup(".wardsite-cache");
	/* the default theme's reading column: 70ch of a 17 px font (757 px)
	 * from 48em, less the page's padding below that */
	c->sizes = xstrdup("(min-width: 50.5em) 47.5rem, (min-width: 48em) calc(100vw - 3rem), calc(100vw - 2rem)");
	c->decode_seconds = 60;
	if (m == NULL || m->type == VALUE_NULL)
		return 0;
	if (m->type != VALUE_MAP) {
		diag_error(d, "site.yaml", m->line, m->col, "'images' must be a map (widths, quality, max_megapixels, decode_seconds, cache, sizes)");
		return -1;
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct value *k = m->keys[i];
		int ok = 0;
		for (const char *const *p = known; *p; p++)
			ok |= strcmp(*p, k->str) == 0;
		if (!ok)
			diag_warning(d, "site.yaml", k->line, k->col, "unknown key '%s' in 'images' is ignored", k->str);
	}
	const struct value *v = value_get(m, "widths");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_LIST || v->n == 0 || v->n > IMAGE_MAX_WIDTHS) {
			diag_error(d, "site.yaml", v->line, v->col, "'widths' must be a list of 1 to %d widths in pixels, such as [480, 960, 1600]",
				   IMAGE_MAX_WIDTHS);
		} else {
			c->nwidths = 0;
			for (size_t i = 0; i < v->n; i++) {
				const struct value *w = v->items[i];
				if (w->type != VALUE_INT || w->i < 16 || w->i > 10000) {
					diag_error(d, "site.yaml", w->line, w->col, "a width must be a whole number of pixels from 16 to 10000, not '%s'",
						   w->str ? w->str : value_type_name(w->type));
					continue;
				}
				if (c->nwidths > 0 && w->i <= c->widths[c->nwidths - 1]) {
					diag_error(d, "site.yaml", w->line, w->col, "widths must grow from left to right: %lld after %d", w->i,
						   c->widths[c->nwidths - 1]);
					continue;
				}
				c->widths[c->nwidths++] = (int)w->i;
			}
		}
	}
	v = value_get(m, "quality");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_INT || v->i < 1 || v->i > 100)
			diag_error(d, "site.yaml", v->line, v->col, "'quality' must be a whole number from 1 to 100, not '%s'",
				   v->str ? v->str : value_type_name(v->type));
		else
			c->quality = (int)v->i;
	}
	v = value_get(m, "max_megapixels");
	if (v && v->type != VALUE_NULL) {
		if ((v->type != VALUE_INT && v->type != VALUE_FLOAT) || (v->type == VALUE_INT ? (double)v->i : v->f) <= 0 ||
		    (v->type == VALUE_INT ? (double)v->i : v->f) > 1000)
			diag_error(d, "site.yaml", v->line, v->col, "'max_megapixels' must be a number above 0 and at most 1000, not '%s'",
				   v->str ? v->str : value_type_name(v->type));
		else
			c->max_pixels = (long long)((v->type == VALUE_INT ? (double)v->i : v->f) * 1e6);
	}
	v = value_get(m, "decode_seconds");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_INT || v->i < 1 || v->i > 3600)
			diag_error(d, "site.yaml", v->line, v->col,
				   "'decode_seconds' must be a whole number of seconds from 1 to 3600, not '%s'",
				   v->str ? v->str : value_type_name(v->type));
		else
			c->decode_seconds = (int)v->i;
	}
	v = value_get(m, "cache");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_STRING || v->len == 0) {
			diag_error(d, "site.yaml", v->line, v->col, "'cache' must be a folder, such as .wardsite-cache");
		} else {
			free(c->cache_dir);
			c->cache_dir = xstrdup(v->str);
		}
	}
	v = value_get(m, "sizes");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_STRING || v->len == 0 || strpbrk(v->str, "\"<>&")) {
			diag_error(d, "site.yaml", v->line, v->col, "'sizes' must be a sizes attribute such as \"(min-width: 48em) 42rem, 100vw\"");
		} else {
			free(c->sizes);
			c->sizes = xstrdup(v->str);
		}
	}
	return d->errors > errors ? -1 : 0;
}

void image_config_free(struct image_config *c)
{
	free(c->cache_dir);
	free(c->sizes);
	c->cache_dir = c->sizes = NULL;
}

/* ---- headers ---- */

static unsigned S_get16(const unsigned char *p, int big)
{
	return big ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static uint32_t S_get32(const unsigned char *p, int big)
{
	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		   : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The orientation tag of IFD0 of a TIFF structure; 1 when none. */
static int S_tiff_orientation(const unsigned char *t, size_t len)
{
	if (len < 8)
		return 1;
	int big;
	if (memcmp(t, "MM\0*", 4) == 0)
		big = 1;
	else if (memcmp(t, "II*\0", 4) == 0)
		big = 0;
	else
		return 1;
	uint32_t ifd = S_get32(t + 4, big);
	if (ifd > len - 2 || ifd < 8)
		return 1;
	unsigned n = S_get16(t + ifd, big);
	for (unsigned i = 0; i < n; i++) {
		size_t e = ifd + 2 + (size_t)i * 12;
		if (e + 12 > len)
			return 1;
		if (S_get16(t + e, big) == 0x0112 && S_get16(t + e + 2, big) == 3 && S_get32(t + e + 4, big) == 1) {
			unsigned o = S_get16(t + e + 8, big);
			return o >= 1 && o <= 8 ? (int)o : 1;
		}
	}
	return 1;
}

int image_orientation(const unsigned char *d, size_t len)
{
	if (len > 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
		size_t p = 8;
		while (p + 12 <= len) {
			uint32_t n = S_get32(d + p, 1);
			if (n > len - p - 12)
				return 1;
			if (memcmp(d + p + 4, "eXIf", 4) == 0)
				return S_tiff_orientation(d + p + 8, n);
			if (memcmp(d + p + 4, "IDAT", 4) == 0)
				return 1;
			p += 12 + (size_t)n;
		}
		return 1;
	}
	if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return 1;
	size_t p = 2;
	while (p + 4 <= len && d[p] == 0xFF) {
		unsigned m = d[p + 1];
		if (m == 0xDA || m == 0xD9)
			break;
		size_t seg = S_get16(d + p + 2, 1);
		if (seg < 2 || p + 2 + seg > len)
			break;
		if (m == 0xE1 && seg >= 8 && memcmp(d + p + 4, "Exif\0\0", 6) == 0)
			return S_tiff_orientation(d + p + 10, seg - 8);
		p += 2 + seg;
	}
	return 1;
}

/* A JPEG is whole when an end-of-image marker follows its first scan; a
 * PNG when its chunks run to IEND.  NULL when whole, else the reason. */
static const char *S_truncated(const unsigned char *d, size_t len, int png)
{
	if (png) {
		size_t p = 8;
		while (p + 12 <= len) {
			uint32_t n = S_get32(d + p, 1);
			if (n > len - p - 12)
				return MSG_N("a truncated PNG file (a chunk runs past the end)");
			if (memcmp(d + p + 4, "IEND", 4) == 0)
				return NULL;
			p += 12 + (size_t)n;
		}
		return MSG_N("a truncated PNG file (no IEND chunk)");
	}
	size_t p = 2;
	while (p + 4 <= len && d[p] == 0xFF) {
		unsigned m = d[p + 1];
		if (m == 0xFF) {
			p++;
			continue;
		}
		size_t seg = S_get16(d + p + 2, 1);
		if (seg < 2 || p + 2 + seg > len)
			return MSG_N("a truncated or corrupt JPEG file (a segment runs past the end)");
		p += 2 + seg;
		if (m == 0xDA) {
			for (; p + 1 < len; p++)
				if (d[p] == 0xFF && d[p + 1] == 0xD9)
					return NULL;
			return MSG_N("a truncated JPEG file (no end-of-image marker)");
		}
	}
	return MSG_N("a truncated or corrupt JPEG file (no image data)");
}

/* The tables of one JPEG scan component: its quantisation table must be
 * defined (q, a bit per table), and the Huffman tables the scan decodes
 * with.  NULL or the reason. */
static const char *S_scan_tables(unsigned q, unsigned dc, unsigned ac, unsigned tq, unsigned td, unsigned ta,
				 int need_dc, int need_ac)
{
	if (tq > 3 || !(q >> tq & 1))
		return msg_tr("a corrupt JPEG file (a colour component uses a quantisation table that the file does not "
			      "define)");
	if ((need_dc && (td > 3 || !(dc >> td & 1))) || (need_ac && (ta > 3 || !(ac >> ta & 1))))
		return msg_tr("a corrupt JPEG file (a scan uses a Huffman table that the file does not define)");
	return NULL;
}

/* Every table a JPEG's scans use is defined before the scan.  stb_image
 * does not check this: it decodes with whatever its table memory held
 * (uninitialised: the JPEG found by fuzz_image names DC table 3 where
 * the file defines 0 and 1), so the result changed from run to run, from "corrupt"
 * to a picture of garbage to a crash.  Checked here, the same file gives
 * the same message every time.  NULL when the tables are there (or the
 * file is too broken to tell: S_truncated and stb report that). */
static const char *S_jpeg_tables(const unsigned char *d, size_t len)
{
	unsigned q = 0, dc = 0, ac = 0; /* bit i: table i defined */
	unsigned char cid[4], ctq[4];
	int ncomp = -1, progressive = 0;
	size_t p = 2;
	while (p + 4 <= len) {
		unsigned m = d[p + 1];
		if (d[p] != 0xFF || m == 0xFF || m == 0x00 || (m >= 0xD0 && m <= 0xD7)) {
			p += d[p] == 0xFF && m != 0xFF ? 2 : 1; /* scan data, fill bytes, stuffing, restarts */
			continue;
		}
		if (m == 0xD9)
			break;
		size_t seg = S_get16(d + p + 2, 1);
		if (seg < 2 || p + 2 + seg > len)
			return NULL;
		const unsigned char *s = d + p + 4;
		size_t n = seg - 2;
		p += 2 + seg;
		if (m == 0xDB) {
			for (size_t i = 0; i < n; i += 1 + (s[i] >> 4 ? 128 : 64))
				q |= (s[i] & 15) < 4 ? 1u << (s[i] & 15) : 0;
		} else if (m == 0xC4) {
			for (size_t i = 0; i + 17 <= n;) {
				size_t count = 0;
				for (int k = 1; k <= 16; k++)
					count += s[i + k];
				if ((s[i] & 15) < 4)
					*(s[i] >> 4 ? &ac : &dc) |= 1u << (s[i] & 15);
				i += 17 + count;
			}
		} else if (m >= 0xC0 && m <= 0xCF && m != 0xC8 && m != 0xCC) {
			if (n < 6 || s[5] > 4 || n < 6 + 3 * (size_t)s[5])
				return NULL;
			ncomp = s[5];
			progressive = m == 0xC2;
			for (int c = 0; c < ncomp; c++) {
				cid[c] = s[6 + 3 * c];
				ctq[c] = s[8 + 3 * c];
			}
		} else if (m == 0xDA) {
			if (ncomp < 0 || n < 1 || n < 1 + 2 * (size_t)s[0] + 3)
				return NULL;
			unsigned ns = s[0], ss = s[1 + 2 * ns], ah = s[3 + 2 * ns] >> 4;
			int need_dc = !progressive || (ss == 0 && ah == 0), need_ac = !progressive || ss != 0;
			for (unsigned i = 0; i < ns; i++) {
				int c = 0;
				while (c < ncomp && cid[c] != s[1 + 2 * i])
					c++;
				if (c == ncomp)
					return NULL; /* stb refuses an unknown component */
				const char *why = S_scan_tables(q, dc, ac, ctq[c], s[2 + 2 * i] >> 4, s[2 + 2 * i] & 15,
								need_dc, need_ac);
				if (why)
					return why;
			}
		}
	}
	return NULL;
}

/* "the image is W × H pixels (N megapixels), more than the limit …", N
 * with three significant digits but never in e-notation. */
static char *S_too_large(long long w, long long h, long long max_pixels)
{
	double mp = (double)w * (double)h / 1e6, lim = (double)max_pixels / 1e6;
	char n[32];
	snprintf(n, sizeof n, mp >= 1000 ? "%.0f" : "%.3g", mp);
	return xasprintf(msg_tr("the image is %lld × %lld pixels (%s megapixels), more than the limit of %.3g megapixels "
				"(images: max_megapixels in site.yaml)"),
			 w, h, n, lim);
}

int image_probe(const unsigned char *data, size_t len, long long max_pixels, struct image_info *info, char **why)
{
	memset(info, 0, sizeof *info);
	int png = len > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0;
	int jpeg = len > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
	if (!png && !jpeg) {
		*why = xstrdup(text_is_lfs_pointer((const char *)data, len) ? msg_tr(TEXT_LFS_MESSAGE) : msg_tr("not a JPEG or PNG file"));
		return -1;
	}
	/* the size from the header first: a huge one is refused before stb_image looks at it */
	long long hw = 0, hh = 0;
	if (png && len >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
		hw = S_get32(data + 16, 1);
		hh = S_get32(data + 20, 1);
	} else if (!png) {
		size_t p = 2;
		while (p + 9 <= len && data[p] == 0xFF) {
			unsigned m = data[p + 1];
			size_t seg = S_get16(data + p + 2, 1);
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				hh = S_get16(data + p + 5, 1);
				hw = S_get16(data + p + 7, 1);
				break;
			}
			if (m == 0xDA || seg < 2)
				break;
			p += 2 + seg;
		}
	}
	/* hw and hh are up to 2^32 - 1 each: their product may not fit a
	 * long long (UBSan, found by fuzz_image), so divide instead */
	if (hw > 0 && hh > max_pixels / hw) {
		*why = S_too_large(hw, hh, max_pixels);
		return -1;
	}
	const char *t = S_truncated(data, len, png);
	if (t == NULL && !png)
		t = S_jpeg_tables(data, len);
	if (t) {
		*why = xstrdup(msg_tr(t));
		return -1;
	}
	int w, h, comp;
	if (len > INT32_MAX || !stbi_info_from_memory(data, (int)len, &w, &h, &comp)) {
		*why = xasprintf(msg_tr("a corrupt %s file: its header cannot be read"), png ? "PNG" : "JPEG");
		return -1;
	}
	if ((long long)w * h > max_pixels) {
		*why = S_too_large(w, h, max_pixels);
		return -1;
	}
	info->png = png;
	info->raw_width = w;
	info->raw_height = h;
	info->orientation = image_orientation(data, len);
	int swap = info->orientation >= 5;
	info->width = swap ? h : w;
	info->height = swap ? w : h;
	info->alpha = png && (comp == 2 || comp == 4);
	info->channels = info->alpha ? 4 : comp <= 2 ? 1 : 3;
	return 0;
}

/* ---- pixels ---- */

/* Turns raw (w x h, ch channels) upright for orientation o into a new
 * buffer; *ow, *oh its size. */
static unsigned char *S_orient(const unsigned char *raw, int w, int h, int ch, int o, int *ow, int *oh)
{
	int swap = o >= 5;
	int dw = swap ? h : w, dh = swap ? w : h;
	unsigned char *out = xmalloc((size_t)dw * dh * ch);
	for (int y = 0; y < dh; y++)
		for (int x = 0; x < dw; x++) {
			int sx, sy; /* the raw pixel shown at (x, y) */
			switch (o) {
			case 2: sx = w - 1 - x; sy = y; break;
			case 3: sx = w - 1 - x; sy = h - 1 - y; break;
			case 4: sx = x; sy = h - 1 - y; break;
			case 5: sx = y; sy = x; break;
			case 6: sx = y; sy = h - 1 - x; break;
			case 7: sx = w - 1 - y; sy = h - 1 - x; break;
			case 8: sx = w - 1 - y; sy = x; break;
			default: sx = x; sy = y; break;
			}
			memcpy(out + ((size_t)y * dw + x) * ch, raw + ((size_t)sy * w + sx) * ch, (size_t)ch);
		}
	*ow = dw;
	*oh = dh;
	return out;
}

static void S_collect(void *ctx, void *data, int size)
{
	buf_put(ctx, data, (size_t)size);
}

/* The height of a version width pixels wide of a w x h image. */
static int S_height_for(int w, int h, int width)
{
	long long t = ((long long)h * width * 2 + w) / (2LL * w);
	return t < 1 ? 1 : (int)t;
}

/* The WebP of upright pixels (1 or 3 channels) into webp; 0, or -1. */
static int S_webp(const unsigned char *px, int w, int h, int ch, int quality, struct buf *webp)
{
	unsigned char *rgb = (unsigned char *)px;
	if (ch == 1) { /* grey: WebP's simple encoder takes RGB */
		rgb = xmalloc((size_t)w * h * 3);
		for (size_t i = 0; i < (size_t)w * h; i++)
			rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = px[i];
	}
	uint8_t *o = NULL;
	size_t n = WebPEncodeRGB(rgb, w, h, w * 3, (float)quality, &o);
	if (rgb != px)
		free(rgb);
	if (n > 0)
		buf_put(webp, o, n);
	WebPFree(o);
	return n > 0 ? 0 : -1;
}

/* One version from decoded pixels: resize in the stored orientation (the
 * smaller image is then cheap to turn), then turn; encoded as JPEG (PNG
 * with alpha) into out and, when webp is not NULL, also as WebP. */
static int S_version(const unsigned char *px, const struct image_info *info, int quality, int width,
		     struct buf *out, struct buf *webp, int *ow, int *oh, char **why)
{
	int ch = info->channels;
	int tw = width < info->width ? width : info->width;
	int th = S_height_for(info->width, info->height, tw);
	int swap = info->orientation >= 5;
	int rw = swap ? th : tw, rh = swap ? tw : th;
	unsigned char *resized;
	if (rw == info->raw_width && rh == info->raw_height) {
		resized = xmalloc((size_t)rw * rh * ch);
		memcpy(resized, px, (size_t)rw * rh * ch);
	} else {
		resized = xmalloc((size_t)rw * rh * ch);
		if (!stbir_resize_uint8_generic(px, info->raw_width, info->raw_height, 0, resized, rw, rh, 0, ch,
						ch == 4 ? 3 : STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP,
						STBIR_FILTER_MITCHELL, STBIR_COLORSPACE_SRGB, NULL)) {
			free(resized);
			*why = xstrdup(msg_tr("cannot resize the image (out of memory)"));
			return -1;
		}
	}
	unsigned char *upright = resized;
	int uw = rw, uh = rh;
	if (info->orientation != 1) {
		upright = S_orient(resized, rw, rh, ch, info->orientation, &uw, &uh);
		free(resized);
	}
	int ok = info->alpha ? stbi_write_png_to_func(S_collect, out, uw, uh, ch, upright, uw * ch)
			     : stbi_write_jpg_to_func(S_collect, out, uw, uh, ch, upright, quality);
	if (ok && webp && !info->alpha && S_webp(upright, uw, uh, ch, quality, webp) < 0) {
		free(upright);
		*why = xstrdup(msg_tr("cannot encode the resized image as WebP"));
		return -1;
	}
	free(upright);
	if (!ok) {
		*why = xstrdup(msg_tr("cannot encode the resized image"));
		return -1;
	}
	*ow = uw;
	*oh = uh;
	return 0;
}

void image_share_box(int w, int h, int *ow, int *oh, int *cx, int *cy, int *cw, int *ch)
{
	/* the largest box of 1200:630 inside w x h, in the middle */
	if ((long long)w * IMAGE_SHARE_HEIGHT >= (long long)h * IMAGE_SHARE_WIDTH) {
		*ch = h;
		*cw = (int)(((long long)h * IMAGE_SHARE_WIDTH * 2 + IMAGE_SHARE_HEIGHT) / (2LL * IMAGE_SHARE_HEIGHT));
		if (*cw > w)
			*cw = w;
	} else {
		*cw = w;
		*ch = (int)(((long long)w * IMAGE_SHARE_HEIGHT * 2 + IMAGE_SHARE_WIDTH) / (2LL * IMAGE_SHARE_WIDTH));
		if (*ch > h)
			*ch = h;
	}
	if (*cw < 1)
		*cw = 1;
	if (*ch < 1)
		*ch = 1;
	*cx = (w - *cw) / 2;
	*cy = (h - *ch) / 2;
	/* never enlarged: a smaller photo gives its own box */
	if (*cw >= IMAGE_SHARE_WIDTH) {
		*ow = IMAGE_SHARE_WIDTH;
		*oh = IMAGE_SHARE_HEIGHT;
	} else {
		*ow = *cw;
		*oh = *ch;
	}
}

/* The raw pixel shown at upright (x, y) for orientation o of a raw w x h
 * image (as S_orient reads it). */
static void S_raw_at(int o, int w, int h, int x, int y, int *sx, int *sy)
{
	switch (o) {
	case 2: *sx = w - 1 - x; *sy = y; break;
	case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;
	case 4: *sx = x; *sy = h - 1 - y; break;
	case 5: *sx = y; *sy = x; break;
	case 6: *sx = y; *sy = h - 1 - x; break;
	case 7: *sx = w - 1 - y; *sy = h - 1 - x; break;
	case 8: *sx = w - 1 - y; *sy = x; break;
	default: *sx = x; *sy = y; break;
	}
}

/* The share picture (og:image) from decoded pixels: the middle box of
 * 1200:630 of the upright photo, resized to 1200 x 630 (not enlarged),
 * always a JPEG (a PNG's transparency over white), into out. */
static int S_share_version(const unsigned char *px, const struct image_info *info, int quality, struct buf *out,
			   int *ow, int *oh, char **why)
{
	int tw, th, cx, cy, cw, chh;
	image_share_box(info->width, info->height, &tw, &th, &cx, &cy, &cw, &chh);
	/* the box in stored pixels: its two far corners, mapped back */
	int ax, ay, bx, by;
	S_raw_at(info->orientation, info->raw_width, info->raw_height, cx, cy, &ax, &ay);
	S_raw_at(info->orientation, info->raw_width, info->raw_height, cx + cw - 1, cy + chh - 1, &bx, &by);
	int rx = ax < bx ? ax : bx, ry = ay < by ? ay : by;
	int rbw = (ax < bx ? bx - ax : ax - bx) + 1, rbh = (ay < by ? by - ay : ay - by) + 1;
	int swap = info->orientation >= 5;
	int rw = swap ? th : tw, rh = swap ? tw : th;
	int ch = info->channels;
	size_t stride = (size_t)info->raw_width * ch;
	unsigned char *resized = xmalloc((size_t)rw * rh * ch);
	if (!stbir_resize_uint8_generic(px + (size_t)ry * stride + (size_t)rx * ch, rbw, rbh, (int)stride, resized, rw,
					rh, 0, ch, ch == 4 ? 3 : STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP,
					STBIR_FILTER_MITCHELL, STBIR_COLORSPACE_SRGB, NULL)) {
		free(resized);
		*why = xstrdup(msg_tr("cannot resize the image (out of memory)"));
		return -1;
	}
	unsigned char *upright = resized;
	int uw = rw, uh = rh;
	if (info->orientation != 1) {
		upright = S_orient(resized, rw, rh, ch, info->orientation, &uw, &uh);
		free(resized);
	}
	if (ch == 4) { /* social networks take JPEG: transparency over white */
		for (size_t i = 0; i < (size_t)uw * uh; i++) {
			unsigned a = upright[4 * i + 3];
			for (int k = 0; k < 3; k++)
				upright[3 * i + k] = (unsigned char)((upright[4 * i + k] * a + 255 * (255 - a) + 127) / 255);
		}
		ch = 3;
	}
	int ok = stbi_write_jpg_to_func(S_collect, out, uw, uh, ch, upright, quality);
	free(upright);
	if (!ok) {
		*why = xstrdup(msg_tr("cannot encode the resized image"));
		return -1;
	}
	*ow = uw;
	*oh = uh;
	return 0;
}

/* Decodes data (already probed as info); the pixels in info->channels. */
static unsigned char *S_decode(const unsigned char *data, size_t len, const struct image_info *info, char **why)
{
	int w, h, comp;
	unsigned char *px = stbi_load_from_memory(data, (int)len, &w, &h, &comp, info->channels);
	if (px == NULL) {
		*why = xasprintf(msg_tr("a corrupt %s file: its image data cannot be decoded"), info->png ? "PNG" : "JPEG");
		return NULL;
	}
	if (w != info->raw_width || h != info->raw_height) {
		stbi_image_free(px);
		*why = xstrdup(msg_tr("a corrupt image file (its size changed while decoding)"));
		return NULL;
	}
	return px;
}

int image_render(const unsigned char *data, size_t len, const struct image_config *c, int width, unsigned char **out,
		 size_t *out_len, int *w, int *h, char **why)
{
	struct image_info info;
	if (image_probe(data, len, c->max_pixels, &info, why) < 0)
		return -1;
	unsigned char *px = S_decode(data, len, &info, why);
	if (px == NULL)
		return -1;
	struct buf b = BUF_INIT;
	int rc = S_version(px, &info, c->quality, width, &b, NULL, w, h, why);
	stbi_image_free(px);
	if (rc < 0) {
		buf_free(&b);
		return -1;
	}
	*out_len = b.len;
	*out = (unsigned char *)buf_detach(&b);
	return 0;
}

/* ---- the decoder process ---- */

/* What the build sends a worker: the photo's header facts and the
 * versions to make, then the file's bytes. */
struct S_request {
	struct image_info info;
	int quality;
	int webp; /* 1: each version as WebP too, after its JPEG (not a share picture) */
	int n;
	int widths[IMAGE_MAX_WIDTHS + 2];
	int share[IMAGE_MAX_WIDTHS + 2]; /* 1: the share picture (S_share_version), not a width */
};

/* The worker's reply begins with one of these; REPLY_OK is followed by
 * each version as a 64-bit length and its bytes, REPLY_FAILED by the
 * reason. */
enum { REPLY_OK, REPLY_FAILED, REPLY_NOMEM };

/* Test hooks (WARDSITE_TEST_DECODER_FAULTS set; "nosandbox" is in
 * S_worker_main): a photo holding
 * "wardsite-test-fault:" and a word makes the worker misbehave as a
 * broken decoder would, after the sandbox is in place. */
static void S_test_fault(const unsigned char *d, size_t len)
{
	static const char tag[] = "wardsite-test-fault:";
	for (size_t i = 0; i + sizeof tag - 1 + 7 <= len; i++) {
		if (memcmp(d + i, tag, sizeof tag - 1) != 0)
			continue;
		const unsigned char *w = d + i + sizeof tag - 1;
		if (memcmp(w, "crash", 5) == 0) {
			/* a write to read-only memory: SIGSEGV from the kernel */
			volatile char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			ro[0] = 1;
		} else if (memcmp(w, "hang", 4) == 0) {
			for (volatile unsigned long k = 0;; k++)
				;
		} else if (memcmp(w, "bomb", 4) == 0) {
			for (;;)
				memset(xmalloc((size_t)256 << 20), 1, 4096);
		} else if (memcmp(w, "syscall", 7) == 0) {
			FILE *f = fopen("/etc/hostname", "r"); /* open: not allowed */
			if (f)
				fclose(f);
		}
		return;
	}
}

/* Serves one request into reply. */
static void S_serve(const struct buf *req, struct buf *reply, int test_faults)
{
	struct S_request r;
	int status = REPLY_FAILED;
	if (req->len < sizeof r) {
		buf_put(reply, &status, sizeof status);
		buf_puts(reply, "a malformed request to the photo decoder");
		return;
	}
	memcpy(&r, req->data, sizeof r);
	const unsigned char *data = (const unsigned char *)req->data + sizeof r;
	size_t len = req->len - sizeof r;
	if (test_faults)
		S_test_fault(data, len);
	char *why = NULL;
	unsigned char *px = r.n >= 1 && r.n <= IMAGE_MAX_WIDTHS + 2 ? S_decode(data, len, &r.info, &why) : NULL;
	if (px == NULL) {
		const char *reason = stbi_failure_reason();
		status = reason && strcmp(reason, "outofmem") == 0 ? REPLY_NOMEM : REPLY_FAILED;
		buf_put(reply, &status, sizeof status);
		buf_puts(reply, why ? why : "a malformed request to the photo decoder");
		free(why);
		return;
	}
	status = REPLY_OK;
	buf_put(reply, &status, sizeof status);
	for (int k = 0; k < r.n && status == REPLY_OK; k++) {
		struct buf b = BUF_INIT, wb = BUF_INIT;
		int w, h, webp = r.webp && !r.share[k];
		if ((r.share[k] ? S_share_version(px, &r.info, r.quality, &b, &w, &h, &why)
				: S_version(px, &r.info, r.quality, r.widths[k], &b, webp ? &wb : NULL, &w, &h, &why)) < 0) {
			status = REPLY_FAILED;
			buf_reset(reply);
			buf_put(reply, &status, sizeof status);
			buf_puts(reply, why);
			free(why);
		} else {
			uint64_t n = b.len;
			buf_put(reply, &n, sizeof n);
			buf_put(reply, b.data, b.len);
			if (webp) {
				n = wb.len;
				buf_put(reply, &n, sizeof n);
				buf_put(reply, wb.data, wb.len);
			}
		}
		buf_free(&b);
		buf_free(&wb);
	}
	stbi_image_free(px);
}

/* A process started as a photo decoder (imgworker.h) serves requests here,
 * before main(), and never returns. */
__attribute__((constructor)) static void S_worker_main(void)
{
	struct imgworker_limits lim;
	if (!imgworker_is_worker(&lim))
		return;
	const char *test = getenv("WARDSITE_TEST_DECODER_FAULTS");
	int test_faults = test != NULL;
	/* "nosandbox": as if this system refused the limits or the filter */
	if ((test && strcmp(test, "nosandbox") == 0) || imgworker_sandbox(&lim) < 0)
		imgworker_exit(IMGWORKER_EXIT_SANDBOX);
	struct buf req = BUF_INIT, reply = BUF_INIT;
	while (imgworker_recv(&req) == 0) {
		buf_reset(&reply);
		S_serve(&req, &reply, test_faults);
		if (imgworker_send(reply.data, reply.len) < 0)
			break;
	}
	imgworker_exit(0);
}

/* ---- the build's images ---- */

struct variant {
	int width, height;
	char *rel;        /* output path */
	char *cache;      /* cache file */
	unsigned char *bytes;
	size_t len;
	/* the WebP beside a JPEG (NULL names for a PNG): published, and
	 * offered to browsers, only when smaller than the JPEG */
	char *webp_rel, *webp_cache;
	unsigned char *webp;
	size_t webp_len;
	int webp_smaller; /* set by images_run, which keeps such a WebP's bytes */
	int webp_used;    /* a page offers it (images_resolve) */
	int share;        /* the share picture (og:image): a JPEG cropped to 1200:630 */
};

struct job {
	const struct source_file *f;
	char key[41];             /* blob id in hex */
	struct image_info info;
	char *base, *ext;         /* output path without extension, and ".jpg"/".png" */
	char *ref_path;
	int line, col;
	size_t index;             /* in images.jobs */
	struct variant v[IMAGE_MAX_WIDTHS + 2]; /* the widths, and the share picture */
	size_t n;
	/* set by the worker */
	int done, decoded, cached, rebuilt;
	char *why;
	enum imgworker_fault fault; /* the decoder process failed: no why */
	long long fault_n;
};

struct images {
	struct image_config c;
	struct source *src;
	struct diag *d;
	char *cache;       /* absolute cache folder, or NULL without one */
	int cache_ok;      /* the folder exists (or was made) */
	int jobs_wanted;
	struct job **jobs;
	size_t njobs, cap;
	struct map by_path; /* source path -> job */
	struct map urls;    /* strings handed out, kept for the build */
	size_t sources, variants, decoded, cached, rebuilt;
	size_t plans;      /* calls of images_plan */
	char *base_path;   /* of the URLs images_resolve writes */
	/* images_run */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t next, written;
	pthread_mutex_t source_lock;
};

static void S_oid_hex(const unsigned char *oid, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 20; i++) {
		hex[2 * i] = digits[oid[i] >> 4];
		hex[2 * i + 1] = digits[oid[i] & 15];
	}
	hex[40] = '\0';
}



/* Writes a file so that readers see all of it or none: a temporary file in
 * the same folder, then rename.  Returns 0 or -1. */

struct images *images_new(const struct image_config *c, struct source *src, const char *cache_root, int jobs,
			  struct diag *d)
{
	struct images *im = xcalloc(1, sizeof *im);
	im->c = *c;
	im->c.cache_dir = xstrdup(c->cache_dir);
	im->c.sizes = xstrdup(c->sizes);
	im->src = src;
	im->d = d;
	im->jobs_wanted = jobs;
	if (c->cache_dir[0] == '/')
		im->cache = xstrdup(c->cache_dir);
	else if (cache_root)
		im->cache = xasprintf("%s/%s", cache_root, c->cache_dir);
	pthread_mutex_init(&im->lock, NULL);
	pthread_cond_init(&im->changed, NULL);
	pthread_mutex_init(&im->source_lock, NULL);
	return im;
}

size_t images_plans(const struct images *im)
{
	return im ? im->plans : 0;
}

int images_planned(const struct images *im, const char *path)
{
	return im != NULL && map_get(&im->by_path, path) != NULL;
}

void images_free(struct images *im)
{
	if (im == NULL)
		return;
	for (size_t i = 0; i < im->njobs; i++) {
		struct job *j = im->jobs[i];
		for (size_t k = 0; k < j->n; k++) {
			free(j->v[k].rel);
			free(j->v[k].cache);
			free(j->v[k].bytes);
			free(j->v[k].webp_rel);
			free(j->v[k].webp_cache);
			free(j->v[k].webp);
		}
		free(j->base);
		free(j->ext);
		free(j->ref_path);
		free(j->why);
		free(j);
	}
	free(im->jobs);
	free(im->base_path);
	map_free(&im->by_path);
	for (size_t i = 0; i < im->urls.cap; i++)
		if (im->urls.slots[i].key)
			free(im->urls.slots[i].value);
	map_free(&im->urls);
	pthread_mutex_destroy(&im->lock);
	pthread_cond_destroy(&im->changed);
	pthread_mutex_destroy(&im->source_lock);
	free(im->cache);
	image_config_free(&im->c);
	free(im);
}

/* Makes the cache folder once, with a .gitignore of "*" so that git
 * neither shows nor commits it.  0 when it can be used. */
static int S_cache_ready(struct images *im)
{
	if (im->cache == NULL)
		return -1;
	if (im->cache_ok)
		return im->cache_ok > 0 ? 0 : -1;
	im->cache_ok = -1;
	if (cache_prepare(im->cache) < 0) {
		diag_warning(im->d, NULL, 0, 0, "cannot make the image cache %s (%s): every image will be resized anew",
			     im->cache, strerror(errno));
		return -1;
	}
	im->cache_ok = 1;
	return 0;
}

/* "what the header says" is kept in the cache for git files, so that a
 * warm build does not read the blob. */
static char *S_info_path(struct images *im, const char *key)
{
	return xasprintf("%s/%.2s/%s.info", im->cache, key, key);
}

static int S_read_info(struct images *im, const char *key, struct image_info *info)
{
	if (S_cache_ready(im) < 0)
		return -1;
	char *path = S_info_path(im, key);
	size_t len;
	char *text = buf_read_file(path, &len);
	free(path);
	if (text == NULL)
		return -1;
	char *t = xstrndup(text, len);
	free(text);
	int n = sscanf(t, "wardsite-image %d %d %d %d %d %d %d %d", &info->width, &info->height, &info->raw_width,
		       &info->raw_height, &info->orientation, &info->png, &info->alpha, &info->channels);
	free(t);
	if (n != 8 || info->width < 1 || info->height < 1 || info->orientation < 1 || info->orientation > 8 ||
	    (info->channels != 1 && info->channels != 3 && info->channels != 4) ||
	    (long long)info->raw_width * info->raw_height > im->c.max_pixels)
		return -1;
	return 0;
}

static void S_write_info(struct images *im, const char *key, const struct image_info *info)
{
	if (S_cache_ready(im) < 0)
		return;
	char *dir = xasprintf("%s/%.2s", im->cache, key);
	cache_mkdirs(dir);
	free(dir);
	char *path = S_info_path(im, key);
	char line[200];
	int n = snprintf(line, sizeof line, "wardsite-image %d %d %d %d %d %d %d %d\n", info->width, info->height,
			 info->raw_width, info->raw_height, info->orientation, info->png, info->alpha, info->channels);
	cache_write_atomic(path, line, (size_t)n);
	free(path);
}

/* A path as a URL: bytes other than letters, digits and -._~/ as %XX, so
 * that it survives srcset (where a space separates) and attributes. */
static char *S_url(const char *base, const char *rel)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, base);
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_detach(&b);
}

static const char *S_keep(struct images *im, char *s)
{
	char *old = map_get(&im->urls, s);
	if (old) {
		free(s);
		return old;
	}
	map_put(&im->urls, s, s);
	return s;
}

/* The job of f (made at its first plan: the header read from the cache's
 * record or the file).  Returns it, or NULL with *why (caller frees). */
static struct job *S_job(struct images *im, const struct source_file *f, const char *out_rel, const char *ref_path,
			 int line, int col, char **why)
{
	if (f->kind != SOURCE_FILE) {
		*why = xstrdup(msg_tr("not a regular file"));
		return NULL;
	}
	struct job *j = map_get(&im->by_path, f->path);
	if (j == NULL) {
		struct image_info info;
		char key[41];
		static const unsigned char zero[20];
		int known = memcmp(f->oid, zero, 20) != 0;
		if (known)
			S_oid_hex(f->oid, key);
		if (!known || S_read_info(im, key, &info) < 0) {
			unsigned char *data;
			size_t len;
			char *err;
			pthread_mutex_lock(&im->source_lock);
			int rc = source_read(im->src, f, (char **)&data, &len, &err);
			pthread_mutex_unlock(&im->source_lock);
			if (rc < 0) {
				*why = err;
				return NULL;
			}
			if (image_probe(data, len, im->c.max_pixels, &info, why) < 0) {
				free(data);
				return NULL;
			}
			if (!known) {
				git_oid oid;
				git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
				S_oid_hex(oid.id, key);
			}
			free(data);
			S_write_info(im, key, &info);
		}
		j = xcalloc(1, sizeof *j);
		j->f = f;
		memcpy(j->key, key, sizeof key);
		j->info = info;
		const char *dot = strrchr(out_rel, '.');
		const char *slash = strrchr(out_rel, '/');
		size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - out_rel) : strlen(out_rel);
		j->base = xstrndup(out_rel, stem);
		j->ext = xstrdup(info.alpha ? ".png" : ".jpg");
		j->ref_path = xstrdup(ref_path ? ref_path : f->path);
		j->line = line;
		j->col = col;
		map_put(&im->by_path, f->path, j);
		j->index = im->njobs;
		if (im->njobs == im->cap) {
			im->cap = im->cap ? im->cap * 2 : 32;
			im->jobs = xrealloc(im->jobs, im->cap * sizeof *im->jobs);
		}
		im->jobs[im->njobs++] = j;
	}
	return j;
}

int images_plan(struct images *im, const struct source_file *f, const char *out_rel, const char *base_path,
		const int *widths, size_t nwidths, const char *ref_path, int line, int col, struct image_plan *plan,
		char **why)
{
	im->plans++;
	memset(plan, 0, sizeof *plan);
	if (widths == NULL) {
		widths = im->c.widths;
		nwidths = im->c.nwidths;
	}
	struct job *j = S_job(im, f, out_rel, ref_path, line, col, why);
	if (j == NULL)
		return -1;
	plan->info = j->info;
	plan->original = S_keep(im, S_url(base_path, out_rel));
	/* the widths below the image's, and its own when a larger one is asked for */
	int want[IMAGE_MAX_WIDTHS + 1];
	size_t nw = 0;
	for (size_t i = 0; i < nwidths; i++) {
		int w = widths[i] < j->info.width ? widths[i] : j->info.width;
		if (nw == 0 || want[nw - 1] < w)
			want[nw++] = w;
	}
	for (size_t i = 0; i < nw; i++) {
		size_t k = 0;
		while (k < j->n && (j->v[k].width != want[i] || j->v[k].share))
			k++;
		if (k == j->n) {
			size_t widths_made = 0;
			for (size_t m = 0; m < j->n; m++)
				widths_made += !j->v[m].share;
			if (widths_made == IMAGE_MAX_WIDTHS + 1) {
				*why = xasprintf(msg_tr("more than %d different widths asked for one image"), IMAGE_MAX_WIDTHS + 1);
				return -1;
			}
			struct variant *v = &j->v[j->n++];
			v->width = want[i];
			v->height = S_height_for(j->info.width, j->info.height, want[i]);
			v->rel = xasprintf("%s-%dw%s", j->base, want[i], j->ext);
			if (j->info.alpha) {
				v->cache = xasprintf("%.2s/%s-%dw-png-v%d.png", j->key, j->key, want[i], CACHE_VERSION);
			} else {
				v->cache = xasprintf("%.2s/%s-%dw-q%d-v%d.jpg", j->key, j->key, want[i], im->c.quality,
						     CACHE_VERSION);
				v->webp_rel = xasprintf("%s-%dw.webp", j->base, want[i]);
				v->webp_cache = xasprintf("%.2s/%s-%dw-q%d-v%d.webp", j->key, j->key, want[i],
							  im->c.quality, CACHE_VERSION);
			}
		}
		plan->v[plan->n].width = j->v[k].width;
		plan->v[plan->n].height = j->v[k].height;
		plan->v[plan->n].url = S_keep(im, S_url(base_path, j->v[k].rel));
		plan->n++;
	}
	if (!j->info.alpha) {
		struct buf t = BUF_INIT;
		buf_printf(&t, WEBP_TOKEN "%zu:", j->index);
		for (size_t i = 0; i < plan->n; i++)
			buf_printf(&t, "%s%d", i ? "," : "", plan->v[i].width);
		buf_putc(&t, ';');
		plan->webp = S_keep(im, buf_detach(&t));
	}
	if (im->base_path == NULL)
		im->base_path = xstrdup(base_path);
	return 0;
}

int images_plan_share(struct images *im, const struct source_file *f, const char *out_rel, const char *base_path,
		      const char *ref_path, int line, int col, struct image_variant *out, char **why)
{
	im->plans++;
	memset(out, 0, sizeof *out);
	struct job *j = S_job(im, f, out_rel, ref_path, line, col, why);
	if (j == NULL)
		return -1;
	size_t k = 0;
	while (k < j->n && !j->v[k].share)
		k++;
	if (k == j->n) {
		struct variant *v = &j->v[j->n++];
		int cx, cy, cw, ch;
		image_share_box(j->info.width, j->info.height, &v->width, &v->height, &cx, &cy, &cw, &ch);
		v->share = 1;
		v->rel = xasprintf("%s-%dx%d.jpg", j->base, v->width, v->height);
		v->cache = xasprintf("%.2s/%s-share%dx%d-q%d-v%d.jpg", j->key, j->key, v->width, v->height, im->c.quality,
				     CACHE_VERSION);
	}
	out->width = j->v[k].width;
	out->height = j->v[k].height;
	out->url = S_keep(im, S_url(base_path, j->v[k].rel));
	if (im->base_path == NULL)
		im->base_path = xstrdup(base_path);
	return 0;
}

/* A cache file is usable when it decodes to the size it should have and
 * ends as its format says. */
static int S_cache_valid(const unsigned char *d, size_t len, const struct variant *v, int png)
{
	int w, h, comp;
	if (len < 16 || len > INT32_MAX || !stbi_info_from_memory(d, (int)len, &w, &h, &comp))
		return 0;
	if (w != v->width || h != v->height)
		return 0;
	if (png != (memcmp(d, "\x89PNG", 4) == 0))
		return 0;
	return S_truncated(d, len, png) == NULL;
}

/* A worker may add 24 bytes a pixel of the largest photo allowed to its
 * address space, plus 256 MB: decoded pixels (up to 4 a pixel), stb's
 * component planes, the resized copy and the one turned upright, the
 * encoder's output. */
static struct imgworker_limits S_worker_limits(const struct images *im)
{
	struct imgworker_limits lim = {256000000LL + 24 * im->c.max_pixels, im->c.decode_seconds};
	return lim;
}

/* Sends j's photo to the worker: 0 with the reply (status, then the
 * versions) in *reply, or -1 with j->fault or j->why set. */
static int S_render_in_worker(struct images *im, struct job *j, struct imgworker *worker, const unsigned char *data,
			      size_t len, struct buf *reply)
{
	struct S_request r;
	memset(&r, 0, sizeof r);
	r.info = j->info;
	r.quality = im->c.quality;
	r.webp = !j->info.alpha;
	for (size_t k = 0; k < j->n; k++)
		if (j->v[k].bytes == NULL) {
			r.share[r.n] = j->v[k].share;
			r.widths[r.n++] = j->v[k].width;
		}
	struct buf req = BUF_INIT;
	buf_put(&req, &r, sizeof r);
	buf_put(&req, data, len);
	j->fault = imgworker_call(worker, req.data, req.len, reply, &j->fault_n);
	buf_free(&req);
	if (j->fault != IMGWORKER_OK)
		return -1;
	int status = REPLY_FAILED;
	if (reply->len >= sizeof status)
		memcpy(&status, reply->data, sizeof status);
	if (status == REPLY_OK)
		return 0;
	if (status == REPLY_NOMEM) {
		j->fault = IMGWORKER_NOMEM;
		j->fault_n = (S_worker_limits(im).mem_bytes + 999999) / 1000000;
	} else {
		j->why = reply->len > sizeof status ? xstrndup(reply->data + sizeof status, reply->len - sizeof status)
						    : xstrdup("a corrupt image file");
	}
	return -1;
}

/* The next file of a reply at *p into *bytes, *len (caller frees), written
 * to the cache file name when usable.  Returns 0, or -1 when the reply is
 * cut short. */
static int S_take_one(struct images *im, const struct job *j, const struct buf *reply, size_t *p,
		      unsigned char **bytes, size_t *len, const char *name, int usable)
{
	uint64_t n;
	if (*p + sizeof n > reply->len || (memcpy(&n, reply->data + *p, sizeof n), n > reply->len - *p - sizeof n))
		return -1;
	*p += sizeof n;
	*len = (size_t)n;
	*bytes = xmalloc(*len ? *len : 1);
	memcpy(*bytes, reply->data + *p, *len);
	*p += *len;
	if (usable) {
		char *dir = xasprintf("%s/%.2s", im->cache, j->key);
		cache_mkdirs(dir);
		free(dir);
		char *path = xasprintf("%s/%s", im->cache, name);
		cache_write_atomic(path, *bytes, *len);
		free(path);
	}
	return 0;
}

/* The versions of a REPLY_OK (each a JPEG or PNG, then for a JPEG its
 * WebP) into j's missing ones, written to the cache. */
static void S_take_versions(struct images *im, struct job *j, const struct buf *reply, int usable)
{
	size_t p = sizeof(int);
	j->decoded = 1;
	for (size_t k = 0; k < j->n; k++) {
		struct variant *v = &j->v[k];
		if (v->bytes)
			continue;
		if (S_take_one(im, j, reply, &p, &v->bytes, &v->len, v->cache, usable) < 0 ||
		    (v->webp_cache && S_take_one(im, j, reply, &p, &v->webp, &v->webp_len, v->webp_cache, usable) < 0)) {
			j->why = xstrdup("the photo decoder sent a reply cut short");
			return;
		}
	}
}

/* A cached WebP is usable when its header gives the size it should have. */
static int S_webp_valid(const unsigned char *d, size_t len, const struct variant *v)
{
	int w, h;
	return d && len >= 16 && WebPGetInfo(d, len, &w, &h) && w == v->width && h == v->height;
}

/* Does one image: every version from the cache, or decode once and make
 * the missing ones. */
static void S_do_job(struct images *im, struct job *j, struct imgworker *worker)
{
	int missing = 0;
	int usable = S_cache_ready(im) == 0;
	for (size_t k = 0; k < j->n; k++) {
		struct variant *v = &j->v[k];
		if (!usable) {
			missing = 1;
			continue;
		}
		char *path = xasprintf("%s/%s", im->cache, v->cache);
		size_t len, wlen = 0;
		unsigned char *d = (unsigned char *)buf_read_file(path, &len), *wd = NULL;
		free(path);
		if (v->webp_cache) {
			path = xasprintf("%s/%s", im->cache, v->webp_cache);
			wd = (unsigned char *)buf_read_file(path, &wlen);
			free(path);
		}
		int ok = d && S_cache_valid(d, len, v, j->info.alpha && !v->share);
		int webp_ok = v->webp_cache == NULL || S_webp_valid(wd, wlen, v);
		if (ok && webp_ok) {
			v->bytes = d;
			v->len = len;
			v->webp = wd;
			v->webp_len = wlen;
			j->cached++;
		} else {
			/* both made again: the worker makes them together */
			if ((d && !ok) || (wd && !webp_ok))
				j->rebuilt++;
			free(d);
			free(wd);
			missing = 1;
		}
	}
	if (!missing)
		return;
	unsigned char *data;
	size_t len;
	char *err;
	pthread_mutex_lock(&im->source_lock);
	int rc = source_read(im->src, j->f, (char **)&data, &len, &err);
	pthread_mutex_unlock(&im->source_lock);
	if (rc < 0) {
		j->why = err;
		return;
	}
	struct image_info now;
	if (image_probe(data, len, im->c.max_pixels, &now, &j->why) < 0) {
		free(data);
		return;
	}
	if (now.width != j->info.width || now.height != j->info.height || now.channels != j->info.channels) {
		free(data);
		j->why = xstrdup("the image changed during the build");
		return;
	}
	struct buf reply = BUF_INIT;
	int ok = S_render_in_worker(im, j, worker, data, len, &reply) == 0;
	free(data);
	if (ok)
		S_take_versions(im, j, &reply, usable);
	buf_free(&reply);
}

/* Workers keep at most this many finished images ahead of the writer. */
#define WINDOW_PER_WORKER 4

struct S_worker_arg {
	struct images *im;
	size_t window;
	struct imgworker *worker; /* this thread's decoder process */
};

static void *S_worker(void *arg)
{
	struct S_worker_arg *a = arg;
	struct images *im = a->im;
	pthread_mutex_lock(&im->lock);
	for (;;) {
		while (im->next < im->njobs && im->next >= im->written + a->window)
			pthread_cond_wait(&im->changed, &im->lock);
		if (im->next >= im->njobs)
			break;
		struct job *j = im->jobs[im->next++];
		pthread_mutex_unlock(&im->lock);
		S_do_job(im, j, a->worker);
		pthread_mutex_lock(&im->lock);
		j->done = 1;
		pthread_cond_broadcast(&im->changed);
	}
	pthread_mutex_unlock(&im->lock);
	return NULL;
}

/* Reports a failed image at the line of the first page that used it. */
static void S_report(struct images *im, const struct job *j)
{
	const char *p = j->f->path;
	long long n = j->fault_n;
	switch (j->fault) {
	case IMGWORKER_OK:
		diag_error(im->d, j->ref_path, j->line, j->col, "image %s: %s", p, j->why);
		break;
	case IMGWORKER_CRASHED:
		diag_error(im->d, j->ref_path, j->line, j->col,
			   "image %s: photo could not be decoded (the decoder crashed with signal %lld); the file is "
			   "probably damaged: open it in an image editor and save it again",
			   p, n);
		break;
	case IMGWORKER_EXITED:
		diag_error(im->d, j->ref_path, j->line, j->col,
			   "image %s: photo could not be decoded (the decoder stopped with exit status %lld); the file "
			   "is probably damaged: open it in an image editor and save it again",
			   p, n);
		break;
	case IMGWORKER_TIMEOUT:
		diag_error(im->d, j->ref_path, j->line, j->col,
			   "image %s: photo could not be decoded (the decoder took longer than %lld s); make the photo "
			   "smaller, or open it in an image editor and save it again",
			   p, n);
		break;
	case IMGWORKER_NOMEM:
		diag_error(im->d, j->ref_path, j->line, j->col,
			   "image %s: photo could not be decoded (the decoder needed more than %lld MB); make the photo "
			   "smaller, or open it in an image editor and save it again",
			   p, n);
		break;
	case IMGWORKER_FORBIDDEN:
		diag_error(im->d, j->ref_path, j->line, j->col,
			   "image %s: photo could not be decoded (the decoder tried a system call that decoding does "
			   "not need and was stopped); the file may be crafted to attack the decoder: do not publish it",
			   p);
		break;
	case IMGWORKER_START:
		diag_error(im->d, j->ref_path, j->line, j->col,
			   "image %s: photo could not be decoded (cannot start a decoder process: %s); free memory "
			   "or processes on this machine and build again",
			   p, strerror((int)n));
		break;
	case IMGWORKER_NOSANDBOX:
		diag_error(im->d, j->ref_path, j->line, j->col,
			   "image %s: photo could not be decoded (the decoder process could not limit itself: this "
			   "system refused a seccomp filter or a resource limit); build on a system that allows them",
			   p);
		break;
	}
}

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int images_run(struct images *im, struct output *out, FILE *progress)
{
	int rc = 0;
	if (im->njobs == 0)
		return 0;
	int n = im->jobs_wanted;
	const char *env = getenv("WARDSITE_JOBS");
	if (n <= 0 && env && atoi(env) > 0)
		n = atoi(env);
	if (n <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		n = cpus > 0 ? (int)cpus : 1;
	}
	if ((size_t)n > im->njobs)
		n = (int)im->njobs;
	if (n > 64)
		n = 64;
	S_cache_ready(im); /* once, before the threads */
	struct S_worker_arg args[64];
	pthread_t threads[64];
	im->next = im->written = 0;
	struct imgworker_limits lim = S_worker_limits(im);
	for (int i = 0; i < n; i++) {
		args[i] = (struct S_worker_arg){im, (size_t)n * WINDOW_PER_WORKER, imgworker_new(&lim)};
		pthread_create(&threads[i], NULL, S_worker, &args[i]);
	}
	double last = 0;
	for (size_t i = 0; i < im->njobs; i++) {
		struct job *j = im->jobs[i];
		pthread_mutex_lock(&im->lock);
		while (!j->done)
			pthread_cond_wait(&im->changed, &im->lock);
		pthread_mutex_unlock(&im->lock);
		if (j->why || j->fault != IMGWORKER_OK) {
			S_report(im, j);
			rc = -1;
		} else {
			for (size_t k = 0; k < j->n; k++) {
				struct variant *v = &j->v[k];
				if (output_write(out, v->rel, v->bytes, v->len, j->f->path) < 0)
					rc = -1;
				im->variants++;
				/* a WebP no smaller than its JPEG is left out; a smaller
				 * one waits for images_write_webp */
				v->webp_smaller = v->webp && v->webp_len < v->len;
			}
		}
		im->sources++;
		im->decoded += (size_t)j->decoded;
		im->cached += (size_t)j->cached;
		im->rebuilt += (size_t)j->rebuilt;
		for (size_t k = 0; k < j->n; k++) {
			free(j->v[k].bytes);
			j->v[k].bytes = NULL;
			if (!j->v[k].webp_smaller) {
				free(j->v[k].webp);
				j->v[k].webp = NULL;
			}
		}
		pthread_mutex_lock(&im->lock);
		im->written = i + 1;
		pthread_cond_broadcast(&im->changed);
		pthread_mutex_unlock(&im->lock);
		if (progress && (S_now() - last > 0.1 || i + 1 == im->njobs)) {
			last = S_now();
			fprintf(progress, "\rwardsite: images %zu/%zu", i + 1, im->njobs);
			fflush(progress);
		}
	}
	for (int i = 0; i < n; i++) {
		pthread_join(threads[i], NULL);
		imgworker_free(args[i].worker);
	}
	if (progress) {
		fputs("\r\033[K", progress);
		fflush(progress);
	}
	return rc;
}

void images_stats(const struct images *im, struct image_stats *st)
{
	st->sources = im->sources;
	st->variants = im->variants;
	st->decoded = im->decoded;
	st->cached = im->cached;
	st->rebuilt = im->rebuilt;
}

/* The srcset a token "JOB:W1,W2,…;" (after WEBP_TOKEN) stands for, into b:
 * the WebP versions smaller than their JPEG.  Returns the token's length,
 * or 0 when it is not one of ours. */
static size_t S_webp_srcset(struct images *im, const char *t, struct buf *b)
{
	char *end;
	unsigned long long job = strtoull(t, &end, 10);
	if (end == t || *end != ':' || job >= im->njobs)
		return 0;
	struct job *j = im->jobs[job];
	const char *p = end + 1;
	size_t n = 0;
	for (;;) {
		long w = strtol(p, &end, 10);
		if (end == p)
			return 0;
		for (size_t k = 0; k < j->n; k++)
			if (j->v[k].width == w && j->v[k].webp_smaller) {
				j->v[k].webp_used = 1;
				char *url = S_url(im->base_path, j->v[k].webp_rel);
				buf_printf(b, "%s%s %ldw", n++ ? ", " : "", url, w);
				free(url);
			}
		p = end + 1;
		if (*end == ';')
			return (size_t)(p - t);
		if (*end != ',')
			return 0;
	}
}

char *images_resolve(struct images *im, const char *html)
{
	const char *t = im ? strstr(html, WEBP_TOKEN) : NULL;
	if (t == NULL)
		return NULL;
	struct buf out = BUF_INIT;
	const char *from = html;
	for (; t; t = strstr(from, WEBP_TOKEN)) {
		struct buf set = BUF_INIT;
		size_t n = S_webp_srcset(im, t + strlen(WEBP_TOKEN), &set);
		if (n == 0) { /* not ours: kept as it is */
			buf_put(&out, from, (size_t)(t - from) + 1);
			from = t + 1;
		} else if (set.len > 0) {
			buf_put(&out, from, (size_t)(t - from));
			buf_put(&out, set.data, set.len);
			from = t + strlen(WEBP_TOKEN) + n;
		} else { /* no WebP is smaller: the <source> goes */
			const char *open = t;
			while (open > from && strncmp(open, "<source", 7) != 0)
				open--;
			const char *close = strchr(t, '>');
			if (open == from && strncmp(open, "<source", 7) != 0)
				open = t;
			buf_put(&out, from, (size_t)(open - from));
			from = close && open != t ? close + 1 : t + strlen(WEBP_TOKEN) + n;
		}
		buf_free(&set);
	}
	buf_puts(&out, from);
	return buf_detach(&out);
}

int images_write_webp(struct images *im, struct output *out)
{
	int rc = 0;
	for (size_t i = 0; im && i < im->njobs; i++) {
		struct job *j = im->jobs[i];
		for (size_t k = 0; k < j->n; k++) {
			struct variant *v = &j->v[k];
			if (v->webp && v->webp_used && output_write(out, v->webp_rel, v->webp, v->webp_len, j->f->path) < 0)
				rc = -1;
			free(v->webp);
			v->webp = NULL;
		}
	}
	return rc;
}

int images_widest(const struct images *im)
{
	return im->c.widths[im->c.nwidths - 1];
}

const char *images_sizes(const struct images *im)
{
	return im->c.sizes;
}
