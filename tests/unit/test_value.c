#define HARNESS_DIAG
#include "harness.h"

#include "buf.h"
#include "value.h"

static struct value *parse(const char *text, struct diag **d)
{
	*d = harness_diag();
	return value_parse_yaml(text, strlen(text), "f.yaml", 0, *d);
}

static void error_is(const char *text, const char *want)
{
	struct diag *d;
	struct value *v = parse(text, &d);
	CHECK(v == NULL);
	CHECK_STR(harness_diag_text(), want);
	value_free(v);
}

static void test_types(void)
{
	struct diag *d;
	struct value *v = parse("a: 1\nb: -2.5\nc: true\nd: \"true\"\ne: ~\nf: hôm qua\ng: [x, 'y']\nh: {k: v}\ni:\n", &d);
	CHECK(v && v->type == VALUE_MAP && v->n == 9);
	CHECK_INT(value_get(v, "a")->type, VALUE_INT);
	CHECK_INT(value_get(v, "a")->i, 1);
	CHECK_INT(value_get(v, "b")->type, VALUE_FLOAT);
	CHECK(value_get(v, "b")->f == -2.5);
	CHECK_INT(value_get(v, "c")->type, VALUE_BOOL);
	CHECK_INT(value_get(v, "d")->type, VALUE_STRING);
	CHECK_INT(value_get(v, "e")->type, VALUE_NULL);
	CHECK_STR(value_get(v, "f")->str, "hôm qua");
	CHECK_INT(value_get(v, "g")->n, 2);
	CHECK_STR(value_get(v, "g")->items[1]->str, "y");
	CHECK_STR(value_get(value_get(v, "h"), "k")->str, "v");
	CHECK_INT(value_get(v, "i")->type, VALUE_NULL);
	CHECK_INT(value_key(v, "f")->line, 6);
	CHECK_INT(value_get(v, "f")->col, 4);
	CHECK(value_get(v, "zz") == NULL);
	CHECK_INT(d->errors, 0);
	value_free(v);
	v = parse("", &d);
	CHECK(v && v->type == VALUE_NULL);
	value_free(v);
}

static void test_errors(void)
{
	error_is("a: 1\na: 2\n", "f.yaml:2:1: error: duplicate key 'a' (first at line 1)\n");
	error_is("a: &x [1]\nb: *x\n", "f.yaml:2:4: error: aliases (*x) are not allowed\n");
	error_is(
	    "a: b: c\n",
	    "f.yaml:1:5: error: the value of 'a' has ': ' in it; put the whole value in double quotes: a: \"b: c\"\n");
	error_is("a: x\nb:2\n", "f.yaml:2:1: error: 'b:' needs a space after the colon: write b: 2\n");
	error_is("a: x\nxem http://x.vn\n",
	         "f.yaml:2:1: error: this line is not 'key: value': add the key and a colon, "
	         "or indent it further if it goes on the value above\n");
	error_is("a: 'x\n",
	         "f.yaml:1:4: error: the quote ' that opens this value is not closed: end the value with '\n");
	error_is("a:\n  - x\n - y\n", "f.yaml:3:2: error: this list item is not in line with the items above it: "
	                              "start every '- ' of a list in the same column\n");
	error_is("a: x\n\n- y\n", "f.yaml:3:1: error: this list item has no key above it: write its key first (such as "
	                          "tags:), then the items under it\n");
	error_is("a: `x`\n", "f.yaml:1:4: error: a value cannot start with '`'; put the whole value in double quotes: "
	                     "a: \"`x`\"\n");
	error_is("a: 1\n%x\n",
	         "f.yaml:2:3: error: this is not valid YAML. The parser says: found unknown directive name "
	         "while scanning a directive\n");
	error_is("a:\n\t- b\n", "f.yaml:2:1: error: a tab is not allowed here: YAML indents with spaces only\n");
	error_is("a: [1, 2\n", "f.yaml:1:4: error: the [ that opens this value is not closed: end it with ]\n");
	error_is("a: 1\n---\nb: 2\n", "f.yaml:2:1: error: only one YAML document is allowed here\n");
	/* billion laughs: refused at the first alias */
	error_is("a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a]\nc: [*b,*b]\n", "f.yaml:2:8: error: aliases (*a) are not allowed\n");
}

static void test_depth(void)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	struct diag *d;
	struct value *v = parse(buf_cstr(&b), &d);
	CHECK(v == NULL);
	CHECK(strstr(harness_diag_text(), "nesting deeper than 64 levels") != NULL);
	CHECK_INT(d->errors, 1);
	buf_free(&b);
}

static void test_offset(void)
{
	struct diag *d = harness_diag();
	struct value *v = value_parse_yaml("x: 1\ny: [\n", 10, "content/vi/a.md", 1, d);
	CHECK(v == NULL);
	CHECK(strncmp(harness_diag_text(), "content/vi/a.md:4:1: error:", 27) == 0);
}

int main(void)
{
	test_types();
	test_errors();
	test_depth();
	test_offset();
	harness_diag_end();
	HARNESS_DONE();
}
