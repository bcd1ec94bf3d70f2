/* imgtool: makes the bundled portal's images (see tools/make-portal-images.sh).
 *
 *   imgtool scan FONT.ttf TEXT.txt OUT.jpg ORIENTATION
 *       renders TEXT (UTF-8, paragraphs separated by blank lines; a first
 *       line starting "# " is a centred heading) as a scanned A4 page,
 *       2000 x 2828 pixels, grey, and stores it as a scanner or phone may:
 *       turned for EXIF ORIENTATION (1-8) with that tag in the file.
 *   imgtool photo IN.jpg OUT.jpg WIDTH ORIENTATION
 *       resizes a photo to WIDTH pixels wide and stores it turned for
 *       ORIENTATION, with the tag.
 *   imgtool synth OUT.jpg WIDTH HEIGHT SEED
 *       a photo-like test image (smooth colour fields, edges and grain,
 *       different for every SEED) for the benchmark.
 *
 * Deterministic: the same input gives the same bytes.  Not part of
 * wardsite; built by `make portal-images`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>
#include <stb_truetype.h>

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *d = malloc((size_t)n + 1);
	if (fread(d, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	d[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return d;
}

static int utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	int c = s[0], n = 0;
	if (c < 0x80)
		n = 0;
	else if ((c & 0xE0) == 0xC0)
		c &= 0x1F, n = 1;
	else if ((c & 0xF0) == 0xE0)
		c &= 0x0F, n = 2;
	else
		c &= 0x07, n = 3;
	s++;
	while (n-- > 0 && (*s & 0xC0) == 0x80)
		c = c << 6 | (*s++ & 0x3F);
	*p = s;
	return c;
}

/* The stored pixels for orientation o of the upright image u (w x h, ch
 * channels): the inverse of what the tag asks a viewer to do. */
static unsigned char *store_for(const unsigned char *u, int w, int h, int ch, int o, int *sw, int *sh)
{
	int swap = o >= 5;
	*sw = swap ? h : w;
	*sh = swap ? w : h;
	unsigned char *s = malloc((size_t)w * h * ch);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int sx, sy; /* where upright (x, y) is stored */
			switch (o) {
			case 2: sx = w - 1 - x; sy = y; break;
			case 3: sx = w - 1 - x; sy = h - 1 - y; break;
			case 4: sx = x; sy = h - 1 - y; break;
			case 5: sx = y; sy = x; break;
			case 6: sx = y; sy = w - 1 - x; break;
			case 7: sx = h - 1 - y; sy = w - 1 - x; break;
			case 8: sx = h - 1 - y; sy = x; break;
			default: sx = x; sy = y; break;
			}
			memcpy(s + ((size_t)sy * *sw + sx) * ch, u + ((size_t)y * w + x) * ch, (size_t)ch);
		}
	return s;
}

static unsigned char out[1 << 24];
static size_t outlen;

static void collect(void *ctx, void *data, int size)
{
	(void)ctx;
	memcpy(out + outlen, data, (size_t)size);
	outlen += (size_t)size;
}

/* Writes a JPEG with an Exif APP1 segment holding the orientation. */
static void write_jpeg(const char *path, const unsigned char *px, int w, int h, int ch, int o, int quality)
{
	outlen = 0;
	stbi_write_jpg_to_func(collect, NULL, w, h, ch, px, quality);
	FILE *f = fopen(path, "wb");
	fwrite(out, 1, 2, f);
	unsigned char seg[] = {0xFF, 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1,
			       0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (unsigned char)o, 0, 0, 0, 0, 0, 0};
	fwrite(seg, 1, sizeof seg, f);
	fwrite(out + 2, 1, outlen - 2, f);
	fclose(f);
}

static int scan(const char *font_path, const char *text_path, const char *out_path, int o)
{
	size_t flen, tlen;
	unsigned char *font = slurp(font_path, &flen);
	unsigned char *text = slurp(text_path, &tlen);
	stbtt_fontinfo fi;
	if (!stbtt_InitFont(&fi, font, 0)) {
		fprintf(stderr, "%s: not a font\n", font_path);
		return 1;
	}
	const int W = 2000, H = 2828, margin = 190, size = 44, line_h = 66;
	unsigned char *page = malloc((size_t)W * H);
	memset(page, 242, (size_t)W * H); /* off-white paper (no grain: it would triple the file) */
	float scale = stbtt_ScaleForPixelHeight(&fi, size);
	int ascent, descent, gap;
	stbtt_GetFontVMetrics(&fi, &ascent, &descent, &gap);
	int y = margin + (int)(ascent * scale);
	const unsigned char *p = text;
	int heading = strncmp((const char *)p, "# ", 2) == 0;
	if (heading)
		p += 2;
	while (*p && y < H - margin) {
		/* one paragraph (up to a blank line), wrapped at words */
		const unsigned char *end = (const unsigned char *)strstr((const char *)p, "\n\n");
		if (!end)
			end = p + strlen((const char *)p);
		if (heading) {
			const unsigned char *nl = (const unsigned char *)strchr((const char *)p, '\n');
			if (nl && nl < end)
				end = nl;
		}
		int cps[4096], n = 0;
		for (const unsigned char *q = p; q < end && n < 4095;) {
			int c = utf8_next(&q);
			cps[n++] = c == '\n' ? ' ' : c;
		}
		int i = 0;
		while (i < n && y < H - margin) {
			/* the longest run of words that fits */
			int width = 0, last_space = -1, j = i;
			while (j < n) {
				int adv, lsb;
				stbtt_GetCodepointHMetrics(&fi, cps[j], &adv, &lsb);
				int wj = (int)(adv * scale);
				if (width + wj > W - 2 * margin)
					break;
				if (cps[j] == ' ')
					last_space = j;
				width += wj;
				j++;
			}
			if (j < n && last_space > i)
				j = last_space;
			int x = margin, line_w = 0;
			for (int k = i; k < j; k++) {
				int adv, lsb;
				stbtt_GetCodepointHMetrics(&fi, cps[k], &adv, &lsb);
				line_w += (int)(adv * scale);
			}
			if (heading)
				x = (W - line_w) / 2;
			for (int k = i; k < j; k++) {
				int adv, lsb, x0, y0, x1, y1;
				stbtt_GetCodepointHMetrics(&fi, cps[k], &adv, &lsb);
				stbtt_GetCodepointBitmapBox(&fi, cps[k], scale, scale, &x0, &y0, &x1, &y1);
				int gw = x1 - x0, gh = y1 - y0;
				if (gw > 0 && gh > 0) {
					unsigned char *g = calloc((size_t)gw * gh, 1);
					stbtt_MakeCodepointBitmap(&fi, g, gw, gh, gw, scale, scale, cps[k]);
					for (int gy = 0; gy < gh; gy++)
						for (int gx = 0; gx < gw; gx++) {
							int px = x + x0 + gx, py = y + y0 + gy;
							if (px < 0 || py < 0 || px >= W || py >= H)
								continue;
							unsigned char *d = page + (size_t)py * W + px;
							int ink = 30;
							*d = (unsigned char)(*d - (*d - ink) * g[(size_t)gy * gw + gx] / 255);
						}
					free(g);
				}
				x += (int)(adv * scale);
			}
			y += line_h;
			i = j;
			while (i < n && cps[i] == ' ')
				i++;
		}
		y += heading ? line_h : line_h / 2;
		heading = 0;
		p = end;
		while (*p == '\n')
			p++;
	}
	int sw, sh;
	unsigned char *stored = store_for(page, W, H, 1, o, &sw, &sh);
	write_jpeg(out_path, stored, sw, sh, 1, o, 50);
	free(stored);
	free(page);
	free(font);
	free(text);
	return 0;
}

static int photo(const char *in, const char *out_path, int width, int o)
{
	int w, h, n;
	unsigned char *px = stbi_load(in, &w, &h, &n, 3);
	if (!px) {
		fprintf(stderr, "%s: %s\n", in, stbi_failure_reason());
		return 1;
	}
	int th = (int)((long long)h * width / w);
	unsigned char *r = malloc((size_t)width * th * 3);
	stbir_resize_uint8_srgb(px, w, h, 0, r, width, th, 0, 3, STBIR_ALPHA_CHANNEL_NONE, 0);
	int sw, sh;
	unsigned char *stored = store_for(r, width, th, 3, o, &sw, &sh);
	write_jpeg(out_path, stored, sw, sh, 3, o, 80);
	free(stored);
	free(r);
	stbi_image_free(px);
	return 0;
}

static int synth(const char *out_path, int w, int h, unsigned seed)
{
	unsigned char *px = malloc((size_t)w * h * 3);
	unsigned s = seed * 2654435761u + 1;
	double cx = (seed % 97) / 97.0 * w, cy = (seed % 89) / 89.0 * h;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			s = s * 1664525u + 1013904223u;
			int grain = (int)(s >> 28) - 8;
			double dx = x - cx, dy = y - cy;
			int ring = ((int)((dx * dx + dy * dy) / (w * 40.0)) & 1) * 40;
			unsigned char *p = px + ((size_t)y * w + x) * 3;
			int r = (int)(x * 200.0 / w) + ring + grain, g = (int)(y * 180.0 / h) + grain,
			    b = (int)((seed * 37) % 200) + ((x / 64 + y / 64) & 1) * 30 + grain;
			p[0] = (unsigned char)(r < 0 ? 0 : r > 255 ? 255 : r);
			p[1] = (unsigned char)(g < 0 ? 0 : g > 255 ? 255 : g);
			p[2] = (unsigned char)(b < 0 ? 0 : b > 255 ? 255 : b);
		}
	write_jpeg(out_path, px, w, h, 3, 1, 85);
	free(px);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "synth") == 0)
		return synth(argv[2], atoi(argv[3]), atoi(argv[4]), (unsigned)atoi(argv[5]));
	if (argc == 6 && strcmp(argv[1], "scan") == 0)
		return scan(argv[2], argv[3], argv[4], atoi(argv[5]));
	if (argc == 6 && strcmp(argv[1], "photo") == 0)
		return photo(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
	fprintf(stderr, "usage: imgtool scan FONT TEXT OUT ORIENTATION | imgtool photo IN OUT WIDTH ORIENTATION\n");
	return 2;
}
