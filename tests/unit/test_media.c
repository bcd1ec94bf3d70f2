/* media: durations read from MP3, MP4, Ogg and WebM files built here byte
 * by byte with known durations, the same files cut short at every length
 * and damaged, types by name, and duration texts. */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "media.h"

struct bytes {
	unsigned char d[65536];
	size_t n;
};

static void put(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n > sizeof b->d)
		abort();
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void put8(struct bytes *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	put(b, &c, 1);
}

static void be32(struct bytes *b, uint32_t v)
{
	for (int i = 3; i >= 0; i--)
		put8(b, (v >> (8 * i)) & 0xFF);
}

static void be64(struct bytes *b, uint64_t v)
{
	be32(b, (uint32_t)(v >> 32));
	be32(b, (uint32_t)v);
}

static void le32(struct bytes *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		put8(b, (v >> (8 * i)) & 0xFF);
}

static void le64(struct bytes *b, uint64_t v)
{
	le32(b, (uint32_t)v);
	le32(b, (uint32_t)(v >> 32));
}

static void zeros(struct bytes *b, size_t n)
{
	while (n--)
		put8(b, 0);
}

static long long duration(const struct bytes *b, enum media_container c, const char **why)
{
	uint64_t ms;
	const char *w;
	int r = media_duration(b->d, b->n, c, &ms, &w);
	if (why)
		*why = w;
	return r == 0 ? (long long)ms : -1;
}

/* Every prefix and a few damaged copies of a file: no crash (the ASan
 * build sees a read past the end), and a cut file is either refused or
 * not longer than the whole. */
static void hostile(const struct bytes *whole, enum media_container c, long long full)
{
	static struct bytes cut;
	int worse = 0;
	for (size_t n = 0; n <= whole->n; n++) {
		memcpy(cut.d, whole->d, n);
		cut.n = n;
		long long got = duration(&cut, c, NULL);
		if (got > full)
			worse++;
	}
	CHECK_INT(worse, 0);
	/* every byte in turn set to 0xFF, then to 0x00 */
	for (size_t i = 0; i < whole->n; i += 1) {
		for (int v = 0; v < 2; v++) {
			memcpy(cut.d, whole->d, whole->n);
			cut.n = whole->n;
			cut.d[i] = v ? 0xFF : 0x00;
			duration(&cut, c, NULL);
		}
	}
}

/* MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo: 417 bytes, 1152 samples */
static void mp3_frame(struct bytes *b, const char *tag, uint32_t frames)
{
	size_t start = b->n;
	put8(b, 0xFF), put8(b, 0xFB), put8(b, 0x90), put8(b, 0x00);
	zeros(b, 32);
	if (tag && strcmp(tag, "VBRI") == 0) {
		put(b, "VBRI", 4);
		zeros(b, 10);
		be32(b, frames);
	} else if (tag) {
		put(b, tag, 4);
		be32(b, 1); /* frames field present */
		be32(b, frames);
	}
	zeros(b, 417 - (b->n - start));
}

static void test_mp3(void)
{
	static struct bytes b;
	const char *why;
	/* no header: 100 frames counted, 100 * 1152 / 44100 s */
	b.n = 0;
	for (int i = 0; i < 100; i++)
		mp3_frame(&b, NULL, 0);
	CHECK_INT(duration(&b, MEDIA_MP3, NULL), 2612);
	/* junk between frames and an ID3v1 tag at the end are skipped */
	put(&b, "TAG", 3);
	zeros(&b, 125);
	CHECK_INT(duration(&b, MEDIA_MP3, NULL), 2612);
	hostile(&b, MEDIA_MP3, 2612);

	/* Xing: 7350 frames = 3 min 12 s, whatever follows */
	b.n = 0;
	mp3_frame(&b, "Xing", 7350);
	mp3_frame(&b, NULL, 0);
	CHECK_INT(duration(&b, MEDIA_MP3, NULL), 192000);
	hostile(&b, MEDIA_MP3, 192000);

	/* Info after an ID3v2 tag of 100 bytes (syncsafe size) */
	b.n = 0;
	put(&b, "ID3\x04\x00\x00", 6);
	put8(&b, 0), put8(&b, 0), put8(&b, 0), put8(&b, 100);
	zeros(&b, 100);
	mp3_frame(&b, "Info", 2297); /* 60.003 s */
	mp3_frame(&b, NULL, 0);
	CHECK_INT(duration(&b, MEDIA_MP3, NULL), 60003);
	hostile(&b, MEDIA_MP3, 60003);

	/* VBRI, 32 bytes after the header */
	b.n = 0;
	mp3_frame(&b, "VBRI", 3828); /* 99.996 s */
	mp3_frame(&b, NULL, 0);
	CHECK_INT(duration(&b, MEDIA_MP3, NULL), 99996);

	/* an ID3 tag that claims more than the file */
	b.n = 0;
	put(&b, "ID3\x03\x00\x00\x00\x7f\x7f\x7f", 10);
	mp3_frame(&b, NULL, 0);
	CHECK_INT(duration(&b, MEDIA_MP3, &why), -1);
	CHECK(why && strstr(why, "ID3"));
	/* not MP3 at all */
	b.n = 0;
	put(&b, "<html>not a sound</html>", 24);
	CHECK_INT(duration(&b, MEDIA_MP3, &why), -1);
	CHECK(why && strstr(why, "no MPEG audio frame"));
	/* a Xing header that says 0 frames */
	b.n = 0;
	mp3_frame(&b, "Xing", 0);
	CHECK_INT(duration(&b, MEDIA_MP3, &why), -1);
	/* MPEG-2 Layer III, 64 kbit/s, 22.05 kHz, mono: 576 samples, 208 bytes */
	b.n = 0;
	for (int i = 0; i < 50; i++) {
		put8(&b, 0xFF), put8(&b, 0xF3), put8(&b, 0x80), put8(&b, 0xC0);
		zeros(&b, 204);
	}
	CHECK_INT(duration(&b, MEDIA_MP3, NULL), 1306); /* 50 * 576 / 22050 */
}

static void mp4_box(struct bytes *b, const char *type, const struct bytes *body)
{
	be32(b, (uint32_t)(8 + body->n));
	put(b, type, 4);
	put(b, body->d, body->n);
}

static void test_mp4(void)
{
	static struct bytes b, moov, mvhd, tmp;
	const char *why;
	/* ftyp, mdat, moov/mvhd version 0: 192000 / 1000 */
	mvhd.n = 0;
	be32(&mvhd, 0);
	be32(&mvhd, 0), be32(&mvhd, 0);
	be32(&mvhd, 1000), be32(&mvhd, 192000);
	zeros(&mvhd, 80);
	moov.n = 0;
	mp4_box(&moov, "mvhd", &mvhd);
	b.n = 0;
	tmp.n = 0;
	put(&tmp, "M4A \0\0\0\0", 8);
	mp4_box(&b, "ftyp", &tmp);
	tmp.n = 0;
	zeros(&tmp, 300);
	mp4_box(&b, "mdat", &tmp);
	mp4_box(&b, "moov", &moov);
	CHECK_INT(duration(&b, MEDIA_MP4, NULL), 192000);
	hostile(&b, MEDIA_MP4, 192000);

	/* version 1, 64-bit fields, and a 64-bit box size (largesize) before it */
	mvhd.n = 0;
	be32(&mvhd, 0x01000000);
	be64(&mvhd, 0), be64(&mvhd, 0);
	be32(&mvhd, 44100), be64(&mvhd, 44100ULL * 3723 + 22050); /* 1 h 2 min 3.5 s */
	zeros(&mvhd, 80);
	moov.n = 0;
	mp4_box(&moov, "mvhd", &mvhd);
	b.n = 0;
	be32(&b, 1), put(&b, "free", 4), be64(&b, 16 + 40);
	zeros(&b, 40);
	mp4_box(&b, "moov", &moov);
	CHECK_INT(duration(&b, MEDIA_MP4, NULL), 3723500);
	hostile(&b, MEDIA_MP4, 3723500);

	/* a box longer than the file before moov: a file cut short */
	b.n = 0;
	be32(&b, 100000), put(&b, "mdat", 4);
	zeros(&b, 64);
	CHECK_INT(duration(&b, MEDIA_MP4, &why), -1);
	CHECK(why && strstr(why, "longer than the file"));
	/* no moov */
	b.n = 0;
	tmp.n = 0;
	zeros(&tmp, 16);
	mp4_box(&b, "ftyp", &tmp);
	CHECK_INT(duration(&b, MEDIA_MP4, &why), -1);
	CHECK(why && strstr(why, "no moov"));
	/* a box of size 4 (less than its header) */
	b.n = 0;
	be32(&b, 4), put(&b, "moov", 4);
	zeros(&b, 8);
	CHECK_INT(duration(&b, MEDIA_MP4, &why), -1);
	/* timescale 0 */
	mvhd.n = 0;
	be32(&mvhd, 0), be32(&mvhd, 0), be32(&mvhd, 0), be32(&mvhd, 0), be32(&mvhd, 5000);
	moov.n = 0;
	mp4_box(&moov, "mvhd", &mvhd);
	b.n = 0;
	mp4_box(&b, "moov", &moov);
	CHECK_INT(duration(&b, MEDIA_MP4, &why), -1);
	CHECK(why && strstr(why, "impossible"));
}

static void ogg_page(struct bytes *b, uint64_t granule, uint32_t serial, const void *data, size_t n)
{
	put(b, "OggS", 4);
	put8(b, 0), put8(b, 0);
	le64(b, granule);
	le32(b, serial), le32(b, 0), le32(b, 0);
	size_t segs = n / 255 + 1;
	put8(b, (unsigned)segs);
	for (size_t i = 0; i + 1 < segs; i++)
		put8(b, 255);
	put8(b, (unsigned)(n % 255));
	put(b, data, n);
}

static void test_ogg(void)
{
	static struct bytes b, id;
	const char *why;
	/* Vorbis, 44.1 kHz: last granule 44100 * 192 */
	id.n = 0;
	put8(&id, 1), put(&id, "vorbis", 6), le32(&id, 0), put8(&id, 2), le32(&id, 44100);
	zeros(&id, 14);
	b.n = 0;
	ogg_page(&b, 0, 7, id.d, id.n);
	ogg_page(&b, UINT64_MAX, 7, "comment", 7); /* no packet ends here */
	ogg_page(&b, 44100ULL * 100, 7, "audio", 5);
	ogg_page(&b, 44100ULL * 1000, 8, "other stream", 12); /* another serial: not counted */
	ogg_page(&b, 44100ULL * 192, 7, "end", 3);
	CHECK_INT(duration(&b, MEDIA_OGG, NULL), 192000);
	hostile(&b, MEDIA_OGG, 192000);
	/* junk in the middle is skipped */
	static struct bytes j;
	j.n = 0;
	put(&j, b.d, 60);
	put(&j, "junkOggjunk", 11);
	put(&j, b.d + 60, b.n - 60);
	CHECK_INT(duration(&j, MEDIA_OGG, NULL), 192000);

	/* Opus: 48 kHz less the pre-skip */
	id.n = 0;
	put(&id, "OpusHead", 8), put8(&id, 1), put8(&id, 1), put8(&id, 312 & 0xFF), put8(&id, 312 >> 8);
	le32(&id, 16000);
	zeros(&id, 3);
	b.n = 0;
	ogg_page(&b, 0, 1, id.d, id.n);
	ogg_page(&b, 48000ULL * 60 + 312, 1, "x", 1);
	CHECK_INT(duration(&b, MEDIA_OGG, NULL), 60000);
	hostile(&b, MEDIA_OGG, 60000);

	/* FLAC in Ogg is not read */
	b.n = 0;
	ogg_page(&b, 0, 1,
	         "\x7f"
	         "FLAC",
	         5);
	CHECK_INT(duration(&b, MEDIA_OGG, &why), -1);
	CHECK(why && strstr(why, "neither Vorbis nor Opus"));
	/* only the header page: no length */
	id.n = 0;
	put8(&id, 1), put(&id, "vorbis", 6), le32(&id, 0), put8(&id, 2), le32(&id, 44100);
	zeros(&id, 14);
	b.n = 0;
	ogg_page(&b, 0, 7, id.d, id.n);
	CHECK_INT(duration(&b, MEDIA_OGG, &why), -1);
	CHECK(why && strstr(why, "cut short"));
	/* a rate of 0 */
	memset(id.d + 12, 0, 4);
	b.n = 0;
	ogg_page(&b, 0, 7, id.d, id.n);
	ogg_page(&b, 1000, 7, "x", 1);
	CHECK_INT(duration(&b, MEDIA_OGG, &why), -1);
}

/* An EBML element with a one-byte size (bodies here are under 127 bytes). */
static void ebml(struct bytes *b, uint32_t id, const struct bytes *body)
{
	for (int i = 3; i >= 0; i--)
		if ((id >> (8 * i)) & 0xFF || i == 0)
			put8(b, (id >> (8 * i)) & 0xFF);
	if (body->n >= 127)
		abort();
	put8(b, 0x80 | (unsigned)body->n);
	put(b, body->d, body->n);
}

static void webm(struct bytes *b, int with_scale, int f32, double dur, int with_duration)
{
	static struct bytes head, info, seg, tmp;
	head.n = 0;
	tmp.n = 0;
	put(&tmp, "webm", 4);
	ebml(&head, 0x4282, &tmp);
	b->n = 0;
	ebml(b, 0x1A45DFA3, &head);
	info.n = 0;
	if (with_scale) {
		tmp.n = 0;
		put8(&tmp, 0x0F), put8(&tmp, 0x42), put8(&tmp, 0x40); /* 1000000 ns */
		ebml(&info, 0x2AD7B1, &tmp);
	}
	if (with_duration) {
		tmp.n = 0;
		if (f32) {
			float f = (float)dur;
			uint32_t u;
			memcpy(&u, &f, 4);
			be32(&tmp, u);
		} else {
			uint64_t u;
			memcpy(&u, &dur, 8);
			be64(&tmp, u);
		}
		ebml(&info, 0x4489, &tmp);
	}
	seg.n = 0;
	tmp.n = 0;
	zeros(&tmp, 10);
	ebml(&seg, 0xEC, &tmp); /* Void */
	ebml(&seg, 0x1549A966, &info);
	/* Segment of unknown size, then a cluster of unknown size */
	put(b, "\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff", 12);
	put(b, seg.d, seg.n);
	put(b, "\x1f\x43\xb6\x75\x01\xff\xff\xff\xff\xff\xff\xff", 12);
	zeros(b, 20);
}

static void test_webm(void)
{
	static struct bytes b;
	const char *why;
	webm(&b, 1, 0, 192000.0, 1);
	CHECK_INT(duration(&b, MEDIA_WEBM, NULL), 192000);
	hostile(&b, MEDIA_WEBM, 192000);
	webm(&b, 0, 1, 4500.0, 1); /* default scale, a 4-byte float */
	CHECK_INT(duration(&b, MEDIA_WEBM, NULL), 4500);
	webm(&b, 1, 0, 0, 0); /* no duration: a browser's recording */
	CHECK_INT(duration(&b, MEDIA_WEBM, &why), -1);
	CHECK(why && strstr(why, "remux"));
	webm(&b, 1, 0, -5.0, 1);
	CHECK_INT(duration(&b, MEDIA_WEBM, &why), -1);
	double nan = 0.0 / 0.0;
	webm(&b, 1, 0, nan, 1);
	CHECK_INT(duration(&b, MEDIA_WEBM, &why), -1);
	webm(&b, 1, 0, 1e300, 1);
	CHECK_INT(duration(&b, MEDIA_WEBM, &why), -1);
	CHECK(why && strstr(why, "impossible"));
	b.n = 0;
	put(&b, "RIFF....WAVE", 12);
	CHECK_INT(duration(&b, MEDIA_WEBM, &why), -1);
	CHECK(why && strstr(why, "EBML"));
}

static void test_types_and_text(void)
{
	const struct media_type *t = media_type_of("ban-tin.MP3");
	CHECK(t && strcmp(t->mime, "audio/mpeg") == 0 && t->kind == MEDIA_AUDIO);
	t = media_type_of("/vi/x/clip.webm?v=2#t=10");
	CHECK(t && strcmp(t->mime, "video/webm") == 0 && t->kind == MEDIA_VIDEO);
	CHECK(media_type_of("a.m4a") && strcmp(media_type_of("a.m4a")->mime, "audio/mp4") == 0);
	CHECK(media_type_of("a.opus") && media_type_of("a.opus")->container == MEDIA_OGG);
	CHECK(media_type_of("anh.jpg") == NULL);
	CHECK(media_type_of("mp3") == NULL);
	CHECK(media_type_of("x.mp3/readme") == NULL);
	CHECK(media_type_of("a.mp") == NULL);

	struct buf b = BUF_INIT;
	media_duration_text(&b, 192000, "vi");
	CHECK_STR(buf_cstr(&b), "3 phút 12 giây");
	buf_reset(&b);
	media_duration_text(&b, 192000, "en");
	CHECK_STR(buf_cstr(&b), "3 min 12 s");
	buf_reset(&b);
	media_duration_text(&b, 3723500, "vi");
	CHECK_STR(buf_cstr(&b), "1 giờ 2 phút 4 giây");
	buf_reset(&b);
	media_duration_text(&b, 3600000, "en");
	CHECK_STR(buf_cstr(&b), "1 h");
	buf_reset(&b);
	media_duration_text(&b, 400, "en");
	CHECK_STR(buf_cstr(&b), "0 s");
	buf_reset(&b);
	media_duration_iso(&b, 192000);
	CHECK_STR(buf_cstr(&b), "PT3M12S");
	buf_reset(&b);
	media_duration_iso(&b, 3600000);
	CHECK_STR(buf_cstr(&b), "PT1H");
	buf_free(&b);
}

int main(void)
{
	test_mp3();
	test_mp4();
	test_ogg();
	test_webm();
	test_types_and_text();
	HARNESS_DONE();
}
