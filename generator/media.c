/* media: audio and video files: their type by name, and their duration
 * read from their bytes, which are hostile (see media.h). */
#include "media.h"

#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "msg.h"
#include "source.h"
#include "xalloc.h"

static const struct media_type S_types[] = {
    {"mp3", "audio/mpeg", "MP3", MEDIA_AUDIO, MEDIA_MP3},    {"m4a", "audio/mp4", "M4A", MEDIA_AUDIO, MEDIA_MP4},
    {"ogg", "audio/ogg", "Ogg", MEDIA_AUDIO, MEDIA_OGG},     {"oga", "audio/ogg", "Ogg", MEDIA_AUDIO, MEDIA_OGG},
    {"opus", "audio/ogg", "Opus", MEDIA_AUDIO, MEDIA_OGG},   {"mka", "audio/webm", "WebM", MEDIA_AUDIO, MEDIA_WEBM},
    {"mp4", "video/mp4", "MP4", MEDIA_VIDEO, MEDIA_MP4},     {"m4v", "video/mp4", "MP4", MEDIA_VIDEO, MEDIA_MP4},
    {"webm", "video/webm", "WebM", MEDIA_VIDEO, MEDIA_WEBM},
};

const struct media_type *media_type_of(const char *name)
{
	size_t n = strcspn(name, "?#");
	const char *dot = NULL;
	for (size_t i = 0; i < n; i++)
		if (name[i] == '.')
			dot = name + i;
		else if (name[i] == '/')
			dot = NULL;
	if (dot == NULL)
		return NULL;
	size_t elen = (size_t)(name + n - dot - 1);
	for (size_t i = 0; i < sizeof S_types / sizeof *S_types; i++) {
		const char *e = S_types[i].ext;
		if (strlen(e) != elen)
			continue;
		size_t k = 0;
		while (k < elen && (dot[1 + k] | 0x20) == e[k])
			k++;
		if (k == elen)
			return &S_types[i];
	}
	return NULL;
}

/* ---- reading numbers ---- */

static uint32_t S_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t S_be64(const unsigned char *p)
{
	return (uint64_t)S_be32(p) << 32 | S_be32(p + 4);
}

static uint32_t S_le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t S_le64(const unsigned char *p)
{
	return (uint64_t)S_le32(p + 4) << 32 | S_le32(p);
}

/* units / rate seconds in milliseconds, rounded down, without overflow;
 * -1 when it is more than MEDIA_MAX_MS (a damaged header). */
static int S_ms(uint64_t units, uint64_t rate, uint64_t *ms)
{
	if (rate == 0)
		return -1;
	uint64_t whole = units / rate, rest = units % rate;
	if (whole > MEDIA_MAX_MS / 1000)
		return -1;
	/* rest < rate; rest * 1000 overflows only for rates above 2^54 */
	uint64_t frac = rate > UINT64_MAX / 1000 ? rest / (rate / 1000) : rest * 1000 / rate;
	*ms = whole * 1000 + frac;
	return *ms > MEDIA_MAX_MS ? -1 : 0;
}

/* ---- MP3 ---- */

struct S_mpeg {
	int version; /* 1, 2, or 25 for MPEG 2.5 */
	int layer;   /* 1, 2, 3 */
	int rate;    /* samples a second */
	int samples; /* a frame's */
	int mono;
	size_t length;        /* of the frame in bytes, header included */
	unsigned char key[3]; /* what every frame of the stream shares */
};

/* The MPEG audio frame header at p (4 bytes there).  Returns 1 and *h, or
 * 0 when it is not one (free-format bitrates are not taken: their length
 * is unknown). */
static int S_mpeg_header(const unsigned char *p, struct S_mpeg *h)
{
	static const int kbps[2][3][15] = {
	    {{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
	     {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
	     {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}},
	    {{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
	     {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
	     {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}},
	};
	static const int rates[3] = {44100, 48000, 32000};
	if (p[0] != 0xFF || (p[1] & 0xE0) != 0xE0)
		return 0;
	int v = (p[1] >> 3) & 3, l = (p[1] >> 1) & 3, b = p[2] >> 4, r = (p[2] >> 2) & 3;
	if (v == 1 || l == 0 || b == 0 || b == 15 || r == 3)
		return 0;
	h->version = v == 3 ? 1 : v == 2 ? 2 : 25;
	h->layer = 4 - l;
	h->rate = rates[r] >> (h->version == 1 ? 0 : h->version == 2 ? 1 : 2);
	int bitrate = kbps[h->version != 1][h->layer - 1][b] * 1000, pad = (p[2] >> 1) & 1;
	if (h->layer == 1) {
		h->samples = 384;
		h->length = (size_t)((12 * bitrate / h->rate + pad) * 4);
	} else if (h->layer == 2 || h->version == 1) {
		h->samples = 1152;
		h->length = (size_t)(144 * bitrate / h->rate + pad);
	} else {
		h->samples = 576;
		h->length = (size_t)(72 * bitrate / h->rate + pad);
	}
	h->mono = (p[3] >> 6) == 3;
	h->key[0] = p[1];
	h->key[1] = (unsigned char)(p[2] & 0x0C);
	h->key[2] = 0;
	return h->length >= 4;
}

/* A frame at off whose stream goes on: the next frame follows it with the
 * same version, layer and rate, or the data ends there.  A lone 0xFFE in
 * a picture or a tag is not taken for the first frame. */
static int S_mpeg_frame_at(const unsigned char *d, size_t len, size_t off, struct S_mpeg *h)
{
	if (len - off < 4 || !S_mpeg_header(d + off, h))
		return 0;
	size_t next = off + h->length;
	if (h->length > len - off)
		return 0;
	if (len - next < 4)
		return 1;
	struct S_mpeg n;
	return S_mpeg_header(d + next, &n) && n.key[0] == h->key[0] && n.key[1] == h->key[1];
}

static int S_mp3(const unsigned char *d, size_t len, uint64_t *ms, const char **why)
{
	size_t off = 0;
	/* ID3v2 tags before the audio, each "ID3", version, flags and a
	 * syncsafe size; a footer adds 10 bytes */
	for (int tags = 0; tags < 16 && len - off >= 10 && memcmp(d + off, "ID3", 3) == 0; tags++) {
		const unsigned char *t = d + off;
		if ((t[6] | t[7] | t[8] | t[9]) & 0x80) {
			*why = MSG_N("its ID3 tag has a damaged size");
			return -1;
		}
		size_t size = (size_t)t[6] << 21 | (size_t)t[7] << 14 | (size_t)t[8] << 7 | t[9];
		size += 10 + ((t[5] & 0x10) ? 10 : 0);
		if (size > len - off) {
			*why = MSG_N("its ID3 tag is longer than the file (the file may be cut short)");
			return -1;
		}
		off += size;
	}
	/* the first frame: within 64 KB of where the audio should start */
	struct S_mpeg first;
	size_t limit = len - off > 65536 ? off + 65536 : len;
	while (off < limit && !S_mpeg_frame_at(d, len, off, &first))
		off++;
	if (off >= limit) {
		*why = MSG_N("no MPEG audio frame was found (it may not be an MP3 file)");
		return -1;
	}
	/* Xing or Info (LAME and most encoders) after the side information,
	 * VBRI (Fraunhofer) 32 bytes after the header: the frame count */
	size_t side = first.version == 1 ? (first.mono ? 17 : 32) : (first.mono ? 9 : 17);
	const unsigned char *f = d + off;
	if (first.layer == 3 && first.length >= 4 + side + 12 &&
	    (memcmp(f + 4 + side, "Xing", 4) == 0 || memcmp(f + 4 + side, "Info", 4) == 0)) {
		const unsigned char *x = f + 4 + side;
		if (S_be32(x + 4) & 1) {
			uint64_t frames = S_be32(x + 8);
			if (frames == 0 || S_ms(frames * (uint64_t)first.samples, (uint64_t)first.rate, ms) < 0) {
				*why = MSG_N("its Xing header gives an impossible number of frames");
				return -1;
			}
			return 0;
		}
	}
	if (first.length >= 4 + 32 + 18 && memcmp(f + 36, "VBRI", 4) == 0) {
		uint64_t frames = S_be32(f + 36 + 14);
		if (frames == 0 || S_ms(frames * (uint64_t)first.samples, (uint64_t)first.rate, ms) < 0) {
			*why = MSG_N("its VBRI header gives an impossible number of frames");
			return -1;
		}
		return 0;
	}
	/* no header: every frame of the stream counted; between frames, junk
	 * (a damaged stretch, an ID3v1 or APE tag at the end) is skipped byte by
	 * byte.  Each step moves on by at least one byte: at most len steps. */
	uint64_t frames = 0;
	while (len - off >= 4) {
		struct S_mpeg h;
		if (S_mpeg_header(d + off, &h) && h.key[0] == first.key[0] && h.key[1] == first.key[1] &&
		    h.length <= len - off) {
			frames++;
			off += h.length;
		} else {
			off++;
		}
	}
	if (S_ms(frames * (uint64_t)first.samples, (uint64_t)first.rate, ms) < 0) {
		*why = MSG_N("its frames give an impossible duration");
		return -1;
	}
	return 0;
}

/* ---- MP4 ---- */

/* The box of type at the top of d[0..len) (no deeper): its content in
 * *body, *blen.  Returns 1, 0 when there is none, -1 when a box's size
 * runs past the end before one was found. */
static int S_mp4_find(const unsigned char *d, size_t len, const char *type, const unsigned char **body, size_t *blen)
{
	size_t off = 0;
	/* each box is at least 8 bytes: at most len / 8 steps */
	while (len - off >= 8) {
		uint64_t size = S_be32(d + off);
		size_t head = 8;
		if (size == 1) {
			if (len - off < 16)
				return -1;
			size = S_be64(d + off + 8);
			head = 16;
		} else if (size == 0) {
			size = len - off; /* to the end of the file */
		}
		if (size < head || size > len - off)
			return -1;
		if (memcmp(d + off + 4, type, 4) == 0) {
			*body = d + off + head;
			*blen = (size_t)size - head;
			return 1;
		}
		off += (size_t)size;
	}
	return 0;
}

static int S_mp4(const unsigned char *d, size_t len, uint64_t *ms, const char **why)
{
	const unsigned char *moov, *mvhd;
	size_t moov_len, mvhd_len;
	int r = S_mp4_find(d, len, "moov", &moov, &moov_len);
	if (r < 0) {
		*why = MSG_N("a box is longer than the file (the file may be cut short)");
		return -1;
	}
	if (r == 0) {
		*why = MSG_N("it has no moov box (the file may be cut short, or it is not an MP4 file)");
		return -1;
	}
	if (S_mp4_find(moov, moov_len, "mvhd", &mvhd, &mvhd_len) != 1) {
		*why = MSG_N("its moov box has no readable mvhd box");
		return -1;
	}
	uint64_t scale, units;
	if (mvhd_len >= 4 + 16 && mvhd[0] == 0) {
		scale = S_be32(mvhd + 12);
		units = S_be32(mvhd + 16);
		if (units == 0xFFFFFFFFu)
			units = 0;
	} else if (mvhd_len >= 4 + 28 && mvhd[0] == 1) {
		scale = S_be32(mvhd + 20);
		units = S_be64(mvhd + 24);
		if (units == UINT64_MAX)
			units = 0;
	} else {
		*why = MSG_N("its mvhd box is too short or of an unknown version");
		return -1;
	}
	if (units == 0) {
		*why = MSG_N("its mvhd box gives no duration (a fragmented or live recording)");
		return -1;
	}
	if (S_ms(units, scale, ms) < 0) {
		*why = MSG_N("its mvhd box gives an impossible duration");
		return -1;
	}
	return 0;
}

/* ---- Ogg ---- */

#define OGG_HEADER 27

/* The Ogg page at off: 1 and its total length in *plen, 0 when none is
 * there or it runs past the end. */
static int S_ogg_page(const unsigned char *d, size_t len, size_t off, size_t *plen)
{
	if (len - off < OGG_HEADER || memcmp(d + off, "OggS", 4) != 0 || d[off + 4] != 0)
		return 0;
	size_t nseg = d[off + 26];
	if (len - off - OGG_HEADER < nseg)
		return 0;
	size_t body = 0;
	for (size_t i = 0; i < nseg; i++)
		body += d[off + OGG_HEADER + i];
	if (len - off - OGG_HEADER - nseg < body)
		return 0;
	*plen = OGG_HEADER + nseg + body;
	return 1;
}

static int S_ogg(const unsigned char *d, size_t len, uint64_t *ms, const char **why)
{
	size_t plen;
	if (len < OGG_HEADER || !S_ogg_page(d, len, 0, &plen)) {
		*why = MSG_N("it does not start with an Ogg page (it may not be an Ogg file)");
		return -1;
	}
	/* the first page holds the first stream's identification header */
	uint32_t serial = S_le32(d + 14);
	const unsigned char *id = d + OGG_HEADER + d[26];
	size_t idlen = plen - OGG_HEADER - d[26];
	uint64_t rate, skip = 0;
	if (idlen >= 16 && id[0] == 1 && memcmp(id + 1, "vorbis", 6) == 0) {
		rate = S_le32(id + 12);
	} else if (idlen >= 19 && memcmp(id, "OpusHead", 8) == 0) {
		rate = 48000; /* Opus granule positions count 48 kHz samples, whatever the input rate */
		skip = (uint64_t)id[10] | (uint64_t)id[11] << 8;
	} else {
		*why = MSG_N("its first Ogg stream is neither Vorbis nor Opus");
		return -1;
	}
	if (rate == 0) {
		*why = MSG_N("its identification header gives a sample rate of 0");
		return -1;
	}
	/* every page, in order; between pages (a damaged stretch), junk is
	 * skipped byte by byte: each step moves on, at most len steps */
	uint64_t last = 0;
	int have = 0;
	size_t off = 0;
	while (len - off >= OGG_HEADER) {
		if (!S_ogg_page(d, len, off, &plen)) {
			off++;
			continue;
		}
		uint64_t g = S_le64(d + off + 6);
		if (S_le32(d + off + 14) == serial && g != UINT64_MAX) {
			last = g;
			have = 1;
		}
		off += plen;
	}
	if (!have || last <= skip) {
		*why = MSG_N("no Ogg page gives the stream's length (the file may be cut short)");
		return -1;
	}
	if (S_ms(last - skip, rate, ms) < 0) {
		*why = MSG_N("its last Ogg page gives an impossible duration");
		return -1;
	}
	return 0;
}

/* ---- WebM (Matroska, EBML) ---- */

#define EBML_UNKNOWN UINT64_MAX

/* An EBML variable-length number at d[*off..len): an element id (marker
 * kept) or a size (marker cut; all ones: EBML_UNKNOWN).  Returns 0, or -1
 * when it is not one or runs past the end. */
static int S_vint(const unsigned char *d, size_t len, size_t *off, int is_id, uint64_t *out)
{
	if (*off >= len)
		return -1;
	unsigned char first = d[*off];
	int n = 1;
	while (n <= 8 && !(first & (0x80 >> (n - 1))))
		n++;
	if (n > (is_id ? 4 : 8) || (size_t)n > len - *off)
		return -1;
	uint64_t v = is_id ? first : first & (0xFFu >> n);
	int ones = v == (uint64_t)(0xFFu >> n);
	for (int i = 1; i < n; i++) {
		v = v << 8 | d[*off + (size_t)i];
		ones = ones && d[*off + (size_t)i] == 0xFF;
	}
	*off += (size_t)n;
	*out = !is_id && ones ? EBML_UNKNOWN : v;
	return 0;
}

#define EBML_ID       0x1A45DFA3u
#define EBML_SEGMENT  0x18538067u
#define EBML_INFO     0x1549A966u
#define EBML_SCALE    0x2AD7B1u
#define EBML_DURATION 0x4489u

static int S_webm(const unsigned char *d, size_t len, uint64_t *ms, const char **why)
{
	size_t off = 0;
	uint64_t id, size;
	if (S_vint(d, len, &off, 1, &id) < 0 || id != EBML_ID || S_vint(d, len, &off, 0, &size) < 0 ||
	    size == EBML_UNKNOWN || size > len - off) {
		*why = MSG_N("it does not start with an EBML header (it may not be a WebM file)");
		return -1;
	}
	off += (size_t)size;
	/* the top level to the Segment, then its children to Info: each
	 * element moves on by its header at least, at most len steps */
	size_t end = len;
	int in_segment = 0;
	while (off < end) {
		if (S_vint(d, end, &off, 1, &id) < 0 || S_vint(d, end, &off, 0, &size) < 0)
			break;
		if (!in_segment && id == EBML_SEGMENT) {
			in_segment = 1;
			if (size != EBML_UNKNOWN && size < end - off)
				end = off + (size_t)size;
			continue;
		}
		if (size == EBML_UNKNOWN || size > end - off)
			break; /* a live stream's cluster, or the file is cut: nothing after it is found */
		if (in_segment && id == EBML_INFO) {
			size_t p = off, iend = off + (size_t)size;
			uint64_t scale = 1000000; /* nanoseconds a tick, the default */
			double ticks = -1;
			while (p < iend) {
				uint64_t cid, csize;
				if (S_vint(d, iend, &p, 1, &cid) < 0 || S_vint(d, iend, &p, 0, &csize) < 0 ||
				    csize == EBML_UNKNOWN || csize > iend - p)
					break;
				const unsigned char *v = d + p;
				if (cid == EBML_SCALE && csize >= 1 && csize <= 8) {
					scale = 0;
					for (size_t i = 0; i < csize; i++)
						scale = scale << 8 | v[i];
				} else if (cid == EBML_DURATION && (csize == 4 || csize == 8)) {
					if (csize == 4) {
						uint32_t u = S_be32(v);
						float fl;
						memcpy(&fl, &u, sizeof fl);
						ticks = fl;
					} else {
						uint64_t u = S_be64(v);
						double db;
						memcpy(&db, &u, sizeof db);
						ticks = db;
					}
				}
				p += (size_t)csize;
			}
			/* the comparison is false for NaN too */
			double msd = ticks * (double)scale / 1e6;
			if (!(ticks >= 0) || scale == 0 || !(msd <= (double)MEDIA_MAX_MS)) {
				*why = ticks < 0
				           ? MSG_N("its Info element gives no duration (files recorded in a browser "
				                   "often have "
				                   "none: remux it, e.g. with ffmpeg -i in.webm -c copy out.webm)")
				           : MSG_N("its Info element gives an impossible duration");
				return -1;
			}
			*ms = (uint64_t)msd;
			return 0;
		}
		off += (size_t)size;
	}
	*why = in_segment ? MSG_N("no Info element with a duration was found (the file may be cut short)")
	                  : MSG_N("it has no Segment element (the file may be cut short)");
	return -1;
}

int media_duration(const unsigned char *data, size_t len, enum media_container c, uint64_t *ms, const char **why)
{
	*ms = 0;
	*why = NULL;
	if (data == NULL || len == 0) {
		*why = MSG_N("the file is empty");
		return -1;
	}
	switch (c) {
	case MEDIA_MP3: return S_mp3(data, len, ms, why);
	case MEDIA_MP4: return S_mp4(data, len, ms, why);
	case MEDIA_OGG: return S_ogg(data, len, ms, why);
	case MEDIA_WEBM: return S_webm(data, len, ms, why);
	}
	*why = MSG_N("unknown container");
	return -1;
}

void media_duration_text(struct buf *b, uint64_t ms, const char *lang)
{
	uint64_t s = (ms + 500) / 1000, h = s / 3600, m = s / 60 % 60;
	s %= 60;
	int vi = lang && strcmp(lang, "vi") == 0;
	const char *sep = "";
	if (h) {
		buf_printf(b, "%llu %s", (unsigned long long)h, vi ? "giờ" : "h");
		sep = " ";
	}
	if (m) {
		buf_printf(b, "%s%llu %s", sep, (unsigned long long)m, vi ? "phút" : "min");
		sep = " ";
	}
	if (s || (!h && !m))
		buf_printf(b, "%s%llu %s", sep, (unsigned long long)s, vi ? "giây" : "s");
}

void media_duration_iso(struct buf *b, uint64_t ms)
{
	uint64_t s = (ms + 500) / 1000, h = s / 3600, m = s / 60 % 60;
	s %= 60;
	buf_puts(b, "PT");
	if (h)
		buf_printf(b, "%lluH", (unsigned long long)h);
	if (m)
		buf_printf(b, "%lluM", (unsigned long long)m);
	if (s || (!h && !m))
		buf_printf(b, "%lluS", (unsigned long long)s);
}

/* ---- a build's media files ---- */

struct media_set {
	struct source *src;
	struct map probed;  /* path -> struct media_info (owned) */
	struct map publish; /* path -> the set itself */
	struct map sizes;   /* path -> size_t (owned): files read for their size */
	size_t uses;        /* calls of media_set_publish */
};

struct media_set *media_set_new(struct source *src)
{
	struct media_set *m = xcalloc(1, sizeof *m);
	m->src = src;
	return m;
}

void media_set_free(struct media_set *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->probed.cap; i++)
		if (m->probed.slots[i].key)
			free(m->probed.slots[i].value);
	map_free(&m->probed);
	map_free(&m->publish);
	for (size_t i = 0; i < m->sizes.cap; i++)
		if (m->sizes.slots[i].key)
			free(m->sizes.slots[i].value);
	map_free(&m->sizes);
	free(m);
}

const struct media_info *media_set_probe(struct media_set *m, const struct source_file *f)
{
	const struct media_type *t = media_type_of(f->path);
	if (t == NULL)
		return NULL;
	struct media_info *info = map_get(&m->probed, f->path);
	if (info)
		return info;
	info = xcalloc(1, sizeof *info);
	info->type = t;
	info->size = f->size;
	char *data = NULL, *err = NULL;
	size_t len = 0;
	if (m->src && source_read(m->src, f, &data, &len, &err) == 0) {
		info->size = len;
		info->has_duration =
		    media_duration((const unsigned char *)data, len, t->container, &info->ms, &info->why) == 0;
	}
	free(err);
	free(data);
	map_put(&m->probed, f->path, info);
	return info;
}

size_t media_set_size(struct media_set *m, const struct source_file *f)
{
	if (f->size > 0 || m->src == NULL)
		return f->size;
	size_t *known = map_get(&m->sizes, f->path);
	if (known)
		return *known;
	char *data = NULL, *err = NULL;
	size_t len = 0;
	if (source_read(m->src, f, &data, &len, &err) < 0)
		len = 0;
	free(err);
	free(data);
	known = xmalloc(sizeof *known);
	*known = len;
	map_put(&m->sizes, f->path, known);
	return len;
}

void media_set_publish(struct media_set *m, const char *path)
{
	m->uses++;
	map_put(&m->publish, path, m);
}

size_t media_set_uses(const struct media_set *m)
{
	return m ? m->uses : 0;
}

int media_set_published(const struct media_set *m, const char *path)
{
	return m != NULL && map_get(&m->publish, path) != NULL;
}
