/* screen: cutting a summary for a screen that cannot scroll: at most max
 * bytes plus the ellipsis, at a word boundary, never inside a UTF-8
 * sequence, whatever the text. */
#include "harness.h"

#include "screen.h"
#include "text.h"

static char *cut(const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	screen_cut(&b, s, max);
	return buf_detach(&b);
}

int main(void)
{
	char *r;
	r = cut("ngắn", 20);
	CHECK_STR(r, "ngắn"); /* short enough: as it is */
	free(r);
	r = cut("Ủy ban nhân dân phường ban hành kế hoạch", 20);
	CHECK_STR(r, "Ủy ban nhân dân…"); /* at the last space, no space before the ellipsis */
	free(r);
	r = cut("một, hai, ba bốn", 10);
	CHECK_STR(r, "một, hai…"); /* punctuation before the cut goes */
	free(r);
	r = cut("ạạạạạạạạạạ", 7); /* no space: cut between characters */
	CHECK_STR(r, "ạạ…");
	free(r);
	r = cut(NULL, 5);
	CHECK_STR(r ? r : "", "");
	free(r);
	/* hostile: every length over a text of spaces, marks and long words */
	static const char text[] = "Đ  ồng Xoài\xC2\xA0" "bảng tin ,,, ;; ---- ạạạạạạạạạạạạạạạạạạạạạ x";
	int ok = 1;
	for (size_t max = 0; max < sizeof text + 2; max++) {
		r = cut(text, max);
		size_t n = strlen(r), bad;
		if (!text_utf8_valid(r, n, &bad) || n > max + 3)
			ok = 0;
		free(r);
	}
	CHECK(ok);
	HARNESS_DONE();
}
