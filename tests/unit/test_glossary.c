#define HARNESS_DIAG
#include "harness.h"

#include "buf.h"
#include "glossary.h"
#include "value.h"
#include "xalloc.h"

#define GL "- vi: Ủy ban nhân dân phường Bình Phước\n" \
	   "  en: People's Committee of Bình Phước ward\n" \
	   "  variants: [\"Bình Phước ward People's Committee\"]\n" \
	   "- vi: phường Bình Phước\n" \
	   "  en: Bình Phước ward\n" \
	   "- vi: Bình Phước\n" \
	   "  en: Bình Phước\n" \
	   "- vi: Phòng Văn hóa - Xã hội phường\n" \
	   "  en: ward Culture and Society Office\n" \
	   "- vi: Kế hoạch số 108/KH-UBND\n" \
	   "  en: Plan No. 108/KH-UBND\n"

static struct glossary *load(const char *yaml)
{
	struct diag *d = harness_diag();
	struct value *v = value_parse_yaml(yaml, strlen(yaml), "data/glossary.yaml", 0, d);
	struct glossary *g = v ? glossary_parse(v, "data/glossary.yaml", d) : NULL;
	value_free(v);
	return g;
}

/* What glossary_scan finds in text: "FOUND=>EN;" for each, in order. */
struct found {
	const char *text;
	const struct glossary *g;
	struct buf out;
};

static void S_add(void *ud, size_t off, size_t len, size_t term)
{
	struct found *f = ud;
	buf_printf(&f->out, "%.*s=>%s;", (int)len, f->text + off, glossary_en(f->g, term));
}

static char *scan(const struct glossary *g, const char *text)
{
	struct found f = {text, g, BUF_INIT};
	size_t n = glossary_scan(g, text, strlen(text), S_add, &f);
	char *s = f.out.data ? buf_detach(&f.out) : xstrdup("");
	(void)n;
	return s;
}

static void finds(const struct glossary *g, const char *text, const char *want)
{
	char *got = scan(g, text);
	CHECK_STR(got, want);
	free(got);
}

static void test_forms(void)
{
	struct glossary *g = load(GL);
	CHECK(g != NULL);
	CHECK_STR(harness_diag_text(), "");
	/* the English form itself: nothing */
	finds(g, "The People's Committee of Bình Phước ward issued it.", "");
	/* a listed variant */
	finds(g, "Bình Phước ward People's Committee issues a plan",
	      "Bình Phước ward People's Committee=>People's Committee of Bình Phước ward;");
	/* diacritics, case, hyphens, spacing: the whole longest name once */
	finds(g, "the People's Committee of Binh Phuoc Ward.",
	      "People's Committee of Binh Phuoc Ward=>People's Committee of Bình Phước ward;");
	finds(g, "in Binh-Phuoc, and in Bình  Phước", "Binh-Phuoc=>Bình Phước;");
	finds(g, "ward culture and society office", "ward culture and society office=>ward Culture and Society Office;");
	finds(g, "Plan No 108/KH-UBND and Plan No. 108/KH-UBND", "Plan No 108/KH-UBND=>Plan No. 108/KH-UBND;");
	/* decomposed (NFD) input, Ð for Đ, a curly apostrophe: the same name */
	finds(g, "Bi\xcc\x80nh Phu\xcc\x9bo\xcc\x9b\xcc\x81" "c ward", "");
	finds(g, "People\xe2\x80\x99s Committee of Bình Phước ward", "");
	/* a capital at the start of a sentence or cell is not another form */
	finds(g, "| Ward Culture and Society Office |", "");
	/* a line end inside a name is one space */
	finds(g, "People's Committee of\nBình Phước ward", "");
	/* whole words only */
	finds(g, "Xbinh phuoc and binh phuocs", "");
	/* only where a name stands */
	finds(g, "Bình Phước ward", "");
	finds(g, "", "");
	glossary_free(g);
}

static void test_prose(void)
{
	struct glossary *g = load(GL);
	const char *md =
		"Code `Binh Phuoc` and [the ward](https://binhphuoc.example.gov.vn/binh-phuoc/) and "
		"<a href=\"/binh-phuoc/\">Bình Phước</a> and binhphuoc.example.gov.vn and www.binh-phuoc.vn.\n"
		"```\nBinh Phuoc in a fence\n```\n"
		"> the People's Committee of\n> Bình Phước ward, quoted\n"
		"But Binh Phuoc here.\n";
	char *s = xstrdup(md);
	glossary_prose(s, strlen(s));
	CHECK(strlen(s) == strlen(md));
	CHECK(strstr(s, "Binh Phuoc here") != NULL);
	CHECK(strstr(s, "in a fence") == NULL);
	CHECK(strstr(s, "example") == NULL);
	CHECK(strstr(s, "href") == NULL);
	char *got = scan(g, s);
	CHECK_STR(got, "Binh Phuoc=>Bình Phước;");
	free(got);
	free(s);
	/* an unclosed fence, code span or tag: blanked to the end or left, never past it */
	const char *bad[] = {"```\nBinh Phuoc", "`Binh Phuoc", "<Binh Phuoc", "](Binh Phuoc", "[x](", "`", "<", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		s = xstrdup(bad[i]);
		glossary_prose(s, strlen(s));
		CHECK(strlen(s) == strlen(bad[i]));
		free(s);
	}
	glossary_free(g);
}

static void test_file_errors(void)
{
	CHECK(load("vi: x\n") == NULL);
	CHECK_STR(harness_diag_text(), "data/glossary.yaml:1:1: error: the glossary must be a list of names, each \"- vi: …\" "
				       "with \"en: …\" below it\n");
	CHECK(load("- vi: A\n- en: B\n  vi: C\n  variants: D\n- vi: E\n  en: '!!'\n") == NULL);
	CHECK_STR(harness_diag_text(),
		  "data/glossary.yaml:1:3: error: this name of the glossary needs vi (the Vietnamese name) and en (its one "
		  "English form), each a text\n"
		  "data/glossary.yaml:4:13: error: variants must be a list: variants: [\"D\"]\n"
		  "data/glossary.yaml:5:3: error: the English name '!!' has no letter or digit\n");
	struct glossary *g = load("- vi: A\n  en: Bình Phước\n  variants: [Binh Phuoc, Xa]\n  note: x\n");
	CHECK(g != NULL);
	CHECK_STR(harness_diag_text(),
		  "data/glossary.yaml:4:3: warning: unknown key 'note' in a name of the glossary is ignored (vi, en, "
		  "variants)\n"
		  "data/glossary.yaml:3:14: warning: the variant 'Binh Phuoc' differs from 'Bình Phước' only in case, "
		  "diacritics, hyphens or spacing: such forms are found without being listed, so this line is not needed\n");
	CHECK_INT(glossary_line(g, 0), 1);
	CHECK_STR(glossary_vi(g, 0), "A");
	glossary_free(g);
	/* an empty file is an empty glossary */
	g = load("");
	CHECK(g != NULL);
	char *got = scan(g, "Binh Phuoc");
	CHECK_STR(got, "");
	free(got);
	glossary_free(g);
}

/* Hostile text: long, without a name, or made of one name many times; the
 * scan stops at its limit of uses instead of growing without end. */
static void test_hostile(void)
{
	struct glossary *g = load(GL);
	struct buf b = BUF_INIT;
	for (int i = 0; i < 20000; i++)
		buf_puts(&b, "binh phuoc ");
	size_t n = glossary_scan(g, b.data, b.len, NULL, NULL);
	CHECK(n > 0 && n <= 10000);
	buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "\xcc\x81"); /* marks alone */
	buf_puts(&b, "\xff\xfe Binh Phuoc");
	CHECK_INT(glossary_scan(g, b.data, b.len, NULL, NULL), 1);
	buf_free(&b);
	glossary_free(g);
}

int main(void)
{
	test_forms();
	test_prose();
	test_file_errors();
	test_hostile();
	harness_diag_end();
	HARNESS_DONE();
}
