/* msg: the catalogue compiled in, formats keyed by their English text,
 * finished text matched against "#, text" entries, the language chosen by
 * the environment and site.yaml. */
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "msg.h"

static void test_lookup(void)
{
	msg_set_lang(MSG_EN);
	CHECK_STR(msg_tr("error"), "error");
	msg_set_lang(MSG_VI);
	CHECK_STR(msg_tr("error"), "lỗi");
	CHECK_STR(msg_tr("warning"), "cảnh báo");
	CHECK_STR(msg_tr("site.yaml must be a map of keys, not %s"), "site.yaml phải là một bảng các khóa, không được là %s");
	/* not in the catalogue: the English text itself */
	CHECK_STR(msg_tr("no such message %s"), "no such message %s");
	/* a catalogue entry split over several "..." lines */
	CHECK(strncmp(msg_tr(MSG_N("usage: wardsite version\n  prints the version\n")), "cách dùng: wardsite version\n", 28) == 0);
}

static void test_positional(void)
{
	msg_set_lang(MSG_VI);
	struct buf b = BUF_INIT;
	buf_printf(&b, msg_tr("wardsite: %d error%s, %d warning%s%s; %s was not changed\n"), 2, "s", 1, "", "", "../out");
	CHECK_STR(buf_cstr(&b), "wardsite: 2 lỗi, 1 cảnh báo; ../out không bị thay đổi\n");
	buf_reset(&b);
	buf_printf(&b, msg_tr("unknown option '%s' for %s (wardsite help lists the commands and options)"), "--x", "build");
	CHECK_STR(buf_cstr(&b), "lệnh build không có tùy chọn '--x' (wardsite help liệt kê các lệnh và tùy chọn)");
	buf_free(&b);
}

static void test_text(void)
{
	msg_set_lang(MSG_EN);
	CHECK(msg_tr_text("folder anh holds no JPEG or PNG image") == NULL);
	msg_set_lang(MSG_VI);
	char *t = msg_tr_text("lua-plugins/photo.lua:68: folder anh/2026 holds no JPEG or PNG image");
	CHECK_STR(t, "lua-plugins/photo.lua:68: thư mục anh/2026 không có ảnh JPEG hay PNG nào");
	free(t);
	/* %d takes digits only; %s any text, the shortest that fits */
	t = msg_tr_text("indicator 'ho-ngheo' has no target for 2030");
	CHECK_STR(t, "chỉ tiêu 'ho-ngheo' không có mục tiêu cho năm 2030");
	free(t);
	CHECK(msg_tr_text("indicator 'x' has no target for next year") == NULL);
	t = msg_tr_text("data/chi-tieu.csv:3: malformed value '8,5.1' (not a number)");
	CHECK_STR(t, "data/chi-tieu.csv:3: value '8,5.1' sai dạng (not a number)");
	free(t);
	/* %% in a luaL_error format is one '%' in the text */
	t = msg_tr_text("malformed pattern (ends with '%')");
	CHECK_STR(t, "mẫu tìm kiếm sai dạng (kết thúc bằng '%')");
	free(t);
	CHECK(msg_tr_text("attempt to index a nil value") == NULL);
	/* hostile text: long, or many ": " and quotes for the wildcards to try */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1300; i++) /* 3900 bytes: under the length limit */
		buf_puts(&b, ": '");
	CHECK(msg_tr_text(buf_cstr(&b)) == NULL);
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "x");
	buf_puts(&b, "folder a holds no JPEG or PNG image");
	CHECK(msg_tr_text(buf_cstr(&b)) == NULL);
	buf_free(&b);
	CHECK(msg_tr_text("") == NULL);
	CHECK(msg_tr_text(": : :") == NULL);
}

static void test_diag(void)
{
	msg_set_lang(MSG_VI);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct diag d;
	diag_init(&d, f);
	diag_error(&d, "site.yaml", 3, 5, "'params' must be a map, not %s", "một danh sách");
	diag_warning(&d, NULL, 0, 0, "unknown key '%s' in 'images' is ignored", "size");
	diag_free(&d);
	fclose(f);
	CHECK_STR(text, "site.yaml:3:5: lỗi: 'params' phải là một bảng khóa, không được là một danh sách\n"
			"wardsite: cảnh báo: khóa lạ 'size' trong 'images' bị bỏ qua\n");
	free(text);
}

static void test_env(void)
{
	enum msg_lang l = MSG_EN;
	unsetenv("WARDSITE_MESSAGES");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	CHECK(!msg_lang_from_env(&l));
	setenv("LANG", "vi_VN.UTF-8", 1);
	CHECK(msg_lang_from_env(&l) && l == MSG_VI);
	setenv("LC_MESSAGES", "en_GB.UTF-8", 1);
	CHECK(msg_lang_from_env(&l) && l == MSG_EN);
	setenv("LC_ALL", "C.UTF-8", 1); /* no choice, and LANG is not read past it */
	CHECK(!msg_lang_from_env(&l));
	setenv("LC_ALL", "POSIX", 1);
	CHECK(!msg_lang_from_env(&l));
	setenv("WARDSITE_MESSAGES", "vi", 1);
	CHECK(msg_lang_from_env(&l) && l == MSG_VI);
	setenv("WARDSITE_MESSAGES", "fr", 1); /* not a choice: the locale's turn */
	setenv("LC_ALL", "vi", 1);
	CHECK(msg_lang_from_env(&l) && l == MSG_VI);
}

int main(void)
{
	/* before msg_set_lang: site.yaml's language applies */
	msg_set_site_lang("vi");
	CHECK_INT(msg_lang(), MSG_VI);
	msg_set_site_lang("fr");
	CHECK_INT(msg_lang(), MSG_VI);
	msg_set_site_lang("en");
	CHECK_INT(msg_lang(), MSG_EN);
	/* once chosen (--messages, the environment), it no longer does */
	msg_set_lang(MSG_EN);
	msg_set_site_lang("vi");
	CHECK_INT(msg_lang(), MSG_EN);
	test_lookup();
	test_positional();
	test_text();
	test_diag();
	test_env();
	HARNESS_DONE();
}
