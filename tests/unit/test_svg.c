#include "harness.h"

#include "svg.h"

/* The findings of text as "kind name line:col" lines. */
static const char *scan(const char *text, size_t len)
{
	static char out[4096];
	struct svg_finding f[16];
	size_t n = svg_check(text, len, f, 16);
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && i < 16; i++) {
		static const char *const kinds[] = {"element", "event", "js", "entity", "encoding"};
		used += (size_t)snprintf(out + used, sizeof out - used, "%s%s %s %d:%d", used ? "\n" : "", kinds[f[i].kind],
					 f[i].name, f[i].line, f[i].col);
	}
	return out;
}

#define SCAN(text) scan(text, sizeof text - 1)

static void test_payloads(void)
{
	CHECK_STR(SCAN("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>"),
		  "element script 2:1");
	CHECK_STR(SCAN("<svg><ScRiPt>alert(1)</ScRiPt></svg>"), "element ScRiPt 1:6");
	CHECK_STR(SCAN("<svg><svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">x</svg:script></svg>"),
		  "element svg:script 1:6");
	CHECK_STR(SCAN("<svg><script/>"), "element script 1:6");
	CHECK_STR(SCAN("<svg onload=\"alert(1)\"/>"), "event onload 1:6");
	CHECK_STR(SCAN("<svg/onload=alert(1)>"), "event onload 1:6");
	CHECK_STR(SCAN("<svg\n  ONLOAD = 'x'>"), "event ONLOAD 2:3");
	CHECK_STR(SCAN("<svg><rect\tonmouseover=\"x\" onclick=\"y\"/></svg>"),
		  "event onmouseover 1:12\nevent onclick 1:28");
	CHECK_STR(SCAN("<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>"), "js href 1:9");
	CHECK_STR(SCAN("<svg><a xlink:href=\"jav&#x09;ascript:alert(1)\">x</a></svg>"), "js xlink:href 1:9");
	CHECK_STR(SCAN("<svg><a href=\" &#106;&#97;vascript&#58;x\">x</a></svg>"), "js href 1:9");
	CHECK_STR(SCAN("<svg><a href=\"JaVaScRiPt&colon;x\">x</a></svg>"), "js href 1:9");
	CHECK_STR(SCAN("<svg><a href=\"java\nscript:x\">x</a></svg>"), "js href 1:9");
	CHECK_STR(SCAN("<svg><a href=\"&#x6A;avascript:x\">x</a></svg>"), "js href 1:9");
	CHECK_STR(SCAN("<svg><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>"),
		  "js to 1:35");
	CHECK_STR(SCAN("<svg><animate attributeName=\"href\" values=\"#;javascript:x\"/></svg>"),
		  "js values 1:36");
	CHECK_STR(SCAN("<svg><foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\">x</body></foreignObject></svg>"),
		  "element foreignObject 1:6");
	CHECK_STR(SCAN("<svg><iframe xmlns=\"http://www.w3.org/1999/xhtml\" srcdoc=\"x\"/></svg>"),
		  "element iframe 1:6");
	CHECK_STR(SCAN("<!DOCTYPE svg [\n<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">\n]>\n<svg>&x;</svg>"),
		  "entity <!ENTITY 2:1");
	CHECK_STR(scan("\xFF\xFE<\0s\0v\0g\0>\0", 10), "encoding  1:1");
	CHECK_STR(scan("<svg>\0<script>", 14), "encoding  1:1");
	/* the value of one attribute holds '>' and a quote of the other kind */
	CHECK_STR(SCAN("<svg><a title='a > \"b' onclick='x'>y</a></svg>"), "event onclick 1:24");
}

static void test_harmless(void)
{
	CHECK_STR(SCAN("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		       "viewBox=\"0 0 10 10\" role=\"img\" aria-label=\"Bản đồ phường\">\n"
		       "<!-- <script>not one</script> onload=\"x\" -->\n"
		       "<title>Bản đồ</title><style><![CDATA[ .a { fill: #c00 } ]]></style>\n"
		       "<a href=\"https://example.gov.vn/javascript-guide\"><text>javascript: a word</text></a>\n"
		       "<use xlink:href=\"#icon\"/><rect opacity=\"0.5\" orient=\"auto\" on=\"x\"/>\n"
		       "<text>on load, onload=\"not an attribute\"</text></svg>\n"),
		  "");
	CHECK_STR(SCAN("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
		       "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg/>"),
		  "");
	CHECK_STR(SCAN("<svg><image href=\"data:image/png;base64,iVBORw0KGgo=\"/><script-like/><scripts/></svg>"), "");
	/* text that is cut off never reads past its end */
	CHECK_STR(SCAN("<svg a=\"unterminated"), "");
	CHECK_STR(SCAN("<!-- open"), "");
	CHECK_STR(SCAN("<!DOCTYPE [ <!ENTITY"), "entity <!ENTITY 1:13");
}

static void test_count(void)
{
	struct svg_finding f[2];
	CHECK_INT(svg_check("<a onclick=x onfocus=y onblur=z>", 32, f, 2), 3);
	CHECK_STR(f[1].name, "onfocus");
}

/* Every prefix of hostile text, each in a buffer of its exact size, so
 * that a read past the end trips the sanitizer build. */
static void test_prefixes(void)
{
	static const char *const texts[] = {
	    "<svg a=\"&#x6A\" b='&colon' c=&#",
	    "<!DOCTYPE svg [ <!ENTITY x \"]>\"> ]><svg onload=x>",
	    "<!-- x --><![CDATA[ ]]><?pi ?></svg><svg:script/><a href=java&Tab;script:x>",
	};
	size_t calls = 0;
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		size_t n = strlen(texts[t]);
		for (size_t len = 0; len <= n; len++) {
			char *copy = malloc(len ? len : 1);
			memcpy(copy, texts[t], len);
			struct svg_finding f[4];
			svg_check(copy, len, f, 4);
			free(copy);
			calls++;
		}
	}
	CHECK(calls > 100);
	CHECK_STR(SCAN("<svg><a href=java&Tab;script:x>"), "js href 1:9");
}

int main(void)
{
	test_prefixes();
	test_payloads();
	test_harmless();
	test_count();
	HARNESS_DONE();
}
