/* init: `wardsite init`, a new portal repository (see init.h). */
#define _XOPEN_SOURCE 700
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "msg.h"
#include "xalloc.h"

/* The values put into the files, each once as Markdown text and once as a
 * YAML double-quoted scalar. */
enum { V_WARD, V_WARD_CAP, V_WARD_EN, V_ISSUER, V_ISSUER_EN, V_TITLE, V_TITLE_EN, V_BASE_URL, V_COUNT };
static const char *const S_var_names[V_COUNT] = {"WARD",      "WARD_CAP", "WARD_EN",  "ISSUER",
                                                 "ISSUER_EN", "TITLE",    "TITLE_EN", "BASE_URL"};

struct init {
	const struct init_options *opt;
	struct diag *d;
	char *top;            /* the folder, absolute */
	char *md[V_COUNT];    /* Markdown-escaped */
	char *yaml[V_COUNT];  /* "quoted" */
	char *inner[V_COUNT]; /* escaped for the inside of a "quoted" YAML scalar */
	char **written;       /* paths from top, for the index */
	size_t nwritten;
};

/* A file of the new repository: its text has @@NAME@@ (Markdown),
 * @@Y:NAME@@ (a quoted YAML scalar) and @@Q:NAME@@ (inside one) for the
 * values; CI files have none. */
struct init_file {
	const char *path;
	const char *text;
};

#define FM_SECTION(title, arch, key, summary)                                                                          \
	"---\ntitle: " title "\narchetype: " arch "\ntranslation_key: " key "\nsummary: " summary "\n---\n"

static const struct init_file S_files[] = {
    {".gitignore", "# what wardsite writes: the built site and the cache of photos and build state\n"
                   "/public/\n/.wardsite-cache/\n"},
    {"site.yaml", "# The portal's settings: README, \"site.yaml\".  Made by wardsite init.\n"
                  "title: @@Y:TITLE@@\n"
                  "base_url: @@Y:BASE_URL@@\n"
                  "default_language: vi\n"
                  "theme: default                  # shipped with wardsite; themes/default/FILE in this repository "
                  "replaces one file\n"
                  "paginate: 10\n"
                  "timezone: \"+07:00\"\n"
                  "languages:\n"
                  "  vi:\n"
                  "    name: Tiếng Việt\n"
                  "    title: @@Y:TITLE@@\n"
                  "    menu:\n"
                  "      - {name: Trang chủ, url: /vi/}\n"
                  "      - {name: Giới thiệu, url: /vi/gioi-thieu/}\n"
                  "      - {name: Tin tức, url: /vi/tin-tuc/}\n"
                  "      - {name: Văn bản, url: /vi/van-ban/}\n"
                  "      - {name: Kế hoạch, url: /vi/ke-hoach/}\n"
                  "      - {name: Di tích, url: /vi/di-tich/}\n"
                  "      - {name: Lễ hội, url: /vi/le-hoi/}\n"
                  "      - {name: Thông tin đối ngoại, url: /vi/thong-tin-doi-ngoai/}\n"
                  "  en:\n"
                  "    name: English\n"
                  "    title: @@Y:TITLE_EN@@\n"
                  "    menu:\n"
                  "      - {name: Home, url: /en/}\n"
                  "      - {name: About, url: /en/about/}\n"
                  "      - {name: News, url: /en/news/}\n"
                  "      - {name: Documents, url: /en/documents/}\n"
                  "      - {name: Plans, url: /en/plans/}\n"
                  "      - {name: Heritage, url: /en/heritage/}\n"
                  "      - {name: Festivals, url: /en/festivals/}\n"
                  "      - {name: Foreign information, url: /en/foreign-information/}\n"
                  "images:\n"
                  "  cache: .wardsite-cache\n"
                  "params:\n"
                  "  ward: @@Y:WARD@@\n"
                  "  ward_en: @@Y:WARD_EN@@\n"
                  "  issuer: @@Y:ISSUER@@\n"
                  "  issuer_en: @@Y:ISSUER_EN@@\n"},
    {"static/.nojekyll", ""},
    {"content/vi/_index.md",
     "---\ntitle: @@Y:TITLE@@\ntranslation_key: home\n---\n"
     "Trang thông tin điện tử của @@WARD@@ đăng tin tức, văn bản, kế hoạch và thông tin giới thiệu về "
     "@@WARD@@, bằng tiếng Việt và tiếng Anh.\n"},
    {"content/en/_index.md",
     "---\ntitle: @@Y:TITLE_EN@@\ntranslation_key: home\n---\n"
     "The information portal of @@WARD_EN@@ publishes the news, documents and plans of the ward and "
     "information about it, in Vietnamese and English.\n"},
    {"content/vi/gioi-thieu.md",
     "---\ntitle: Giới thiệu\nlayout: about\ntranslation_key: gioi-thieu\n"
     "summary: \"Cơ cấu tổ chức và thông tin liên hệ của @@Q:WARD@@.\"\n---\n"
     "Trang này giới thiệu @@WARD@@: cơ cấu tổ chức, chức năng, nhiệm vụ và thông tin liên hệ "
     "(Nghị định số 42/2022/NĐ-CP, Điều 7).\n"},
    {"content/en/about.md", "---\ntitle: About\nlayout: about\ntranslation_key: gioi-thieu\n"
                            "summary: \"The organisation and contacts of @@Q:WARD_EN@@.\"\n---\n"
                            "This page introduces @@WARD_EN@@: its organisation, functions, tasks and contacts "
                            "(Decree No. 42/2022/NĐ-CP, Article 7).\n"},
    {"content/vi/tin-tuc/_index.md",
     FM_SECTION(
         "Tin tức", "news", "tin-tuc",
         "\"Tin về hoạt động của @@Q:WARD@@.\"") "Chuyên mục Tin tức đăng tin về hoạt động, sự kiện của @@WARD@@.\n"},
    {"content/en/news/_index.md",
     FM_SECTION("News", "news", "tin-tuc",
                "\"News of @@Q:WARD_EN@@.\"") "The News column reports the activities and events of @@WARD_EN@@.\n"},
    {"content/vi/van-ban/_index.md",
     FM_SECTION("Văn bản", "document", "van-ban",
                "\"Văn bản của @@Q:ISSUER@@.\"") "Chuyên mục Văn bản đăng các văn bản do @@ISSUER@@ ban hành, kèm số, "
                                                 "ký hiệu và ngày ban hành.\n"},
    {"content/en/documents/_index.md",
     FM_SECTION("Documents", "document", "van-ban",
                "\"Documents of the @@Q:ISSUER_EN@@.\"") "The Documents column publishes the documents issued by the "
                                                         "@@ISSUER_EN@@, with their number and date.\n"},
    {"content/vi/ke-hoach/_index.md",
     FM_SECTION("Kế hoạch, chỉ tiêu", "plan", "ke-hoach",
                "\"Kế hoạch và chỉ tiêu của @@Q:WARD@@.\"") "Chuyên mục này đăng các kế hoạch của @@WARD@@, mục tiêu, "
                                                            "chỉ tiêu và kết quả thực hiện.\n"},
    {"content/en/plans/_index.md",
     FM_SECTION("Plans and targets", "plan", "ke-hoach",
                "\"Plans and targets of @@Q:WARD_EN@@.\"") "This column publishes the plans of @@WARD_EN@@, their "
                                                           "goals, targets and results.\n"},
    {"content/vi/di-tich/_index.md",
     FM_SECTION("Di tích, di sản", "heritage", "di-tich",
                "\"Di tích và di sản văn hóa trên địa bàn @@Q:WARD@@.\"") "Chuyên mục này giới thiệu các di tích lịch "
                                                                          "sử - văn hóa và di sản văn hóa trên địa bàn "
                                                                          "@@WARD@@.\n"},
    {"content/en/heritage/_index.md",
     FM_SECTION("Heritage", "heritage", "di-tich",
                "\"Historic sites and cultural heritage in @@Q:WARD_EN@@.\"") "This column presents the historic and "
                                                                              "cultural sites and the cultural "
                                                                              "heritage of @@WARD_EN@@.\n"},
    {"content/vi/le-hoi/_index.md",
     FM_SECTION(
         "Lễ hội, sự kiện", "festival", "le-hoi",
         "\"Lễ hội, hoạt động văn hóa, thể thao của @@Q:WARD@@.\"") "Chuyên mục này đăng các lễ hội, hoạt động văn "
                                                                    "hóa, văn nghệ, thể thao của @@WARD@@, với thời "
                                                                    "gian và địa điểm tổ chức.\n"},
    {"content/en/festivals/_index.md",
     FM_SECTION("Festivals and events", "festival", "le-hoi",
                "\"Festivals, cultural and sports events of @@Q:WARD_EN@@.\"") "This column lists the festivals and "
                                                                               "the cultural, arts and sports events "
                                                                               "of @@WARD_EN@@, with "
                                                                               "when and where they are held.\n"},
    {"content/vi/thong-tin-doi-ngoai/_index.md",
     FM_SECTION("Thông tin đối ngoại", "default", "thong-tin-doi-ngoai",
                "\"Giới thiệu @@Q:WARD@@ với bạn đọc trong và ngoài nước.\"") "Chuyên mục Thông tin đối ngoại giới "
                                                                              "thiệu @@WARD@@ với bạn đọc trong nước "
                                                                              "và nước ngoài, bằng "
                                                                              "tiếng Việt và tiếng Anh.\n"},
    {"content/en/foreign-information/_index.md",
     FM_SECTION("Foreign information", "default", "thong-tin-doi-ngoai",
                "\"@@Q:WARD_EN@@ for readers at home and abroad.\"") "The Foreign information column presents "
                                                                     "@@WARD_EN@@ to readers in Vietnam and abroad, in "
                                                                     "Vietnamese and English.\n"},
    {"archetypes/document.md", "---\n"
                               "title: {{{ yaml(title) }}}\n"
                               "date: {{{ date }}}\n"
                               "# vi: số, ký hiệu và ngày ban hành của văn bản, đúng như trên văn bản\n"
                               "# en: the document's number and date of issue, exactly as on the document\n"
                               "summary: \"\"\n"
                               "tags: [văn bản]\n"
                               "{% if translation_key then %}\n"
                               "translation_key: {{{ yaml(translation_key) }}}\n"
                               "{% end %}\n"
                               "---\n"},
    {"archetypes/plan.md",
     "---\n"
     "title: {{{ yaml(title) }}}\n"
     "date: {{{ date }}}\n"
     "# vi: kế hoạch số, ngày ban hành, cơ quan ban hành / en: the plan's number, date and issuer\n"
     "summary: \"\"\n"
     "tags: [kế hoạch]\n"
     "{% if translation_key then %}\n"
     "translation_key: {{{ yaml(translation_key) }}}\n"
     "{% end %}\n"
     "---\n"},
    /* the CI files: README, "CI", shows them; tests/sites/init compares */
    {".github/workflows/site.yml",
     "# Builds the portal on every push to main and publishes it to the branch\n"
     "# gh-pages (Settings > Pages: deploy from the gh-pages branch).  Made by\n"
     "# wardsite init; README, \"CI\".\n"
     "name: site\n"
     "on:\n"
     "  push:\n"
     "    branches: [main]\n"
     "  schedule:\n"
     "    - cron: \"0 1 * * 1\"          # Mondays 08:00 +07:00: stale sections show up even without pushes\n"
     "permissions:\n"
     "  contents: write                # to push gh-pages\n"
     "jobs:\n"
     "  site:\n"
     "    runs-on: ubuntu-latest\n"
     "    container: debian:12\n"
     "    env:\n"
     "      WARDSITE_GIT: https://example.gov.vn/wardsite.git   # where your copy of wardsite lives\n"
     "    steps:\n"
     "      - name: Install wardsite\n"
     "        run: |\n"
     "          apt-get update -qq\n"
     "          apt-get install -y -qq --no-install-recommends build-essential pkg-config git ca-certificates \\\n"
     "            libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev liblua5.4-dev libyaml-dev \\\n"
     "            libutf8proc-dev libstb-dev libmicrohttpd-dev libseccomp-dev libwebp-dev\n"
     "          git clone --depth 1 \"$WARDSITE_GIT\" /tmp/wardsite\n"
     "          make -C /tmp/wardsite install\n"
     "      - uses: actions/checkout@v4\n"
     "        with:\n"
     "          fetch-depth: 0         # the whole history: true dates and revision histories\n"
     "      - name: Keep the cache (resized photos, incremental build state)\n"
     "        uses: actions/cache@v4\n"
     "        with:\n"
     "          path: .wardsite-cache\n"
     "          key: wardsite-${{ github.sha }}\n"
     "          restore-keys: wardsite-\n"
     "      - name: Build and publish\n"
     "        env:\n"
     "          WARDSITE_PUSH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n"
     "        run: |\n"
     "          git config --global --add safe.directory \"$GITHUB_WORKSPACE\"\n"
     "          wardsite publish --branch gh-pages --strict --push origin\n"
     "      - name: Sections up to date    # after publishing: a stale section fails the run, the site is still online\n"
     "        run: wardsite report freshness --fail-stale\n"},
    {".gitlab-ci.yml",
     "# Builds the portal on every push to main and publishes it with GitLab\n"
     "# Pages (the public artifact).  Made by wardsite init; README, \"CI\".\n"
     "variables:\n"
     "  GIT_DEPTH: 0                   # the whole history: true dates and revision histories\n"
     "  WARDSITE_GIT: https://example.gov.vn/wardsite.git   # where your copy of wardsite lives\n"
     "stages: [check, deploy]\n"
     "\n"
     ".wardsite: &wardsite\n"
     "  image: debian:12\n"
     "  before_script:\n"
     "    - apt-get update -qq\n"
     "    - apt-get install -y -qq --no-install-recommends build-essential pkg-config git ca-certificates\n"
     "        libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev liblua5.4-dev libyaml-dev\n"
     "        libutf8proc-dev libstb-dev libmicrohttpd-dev libseccomp-dev libwebp-dev\n"
     "    - git clone --depth 1 \"$WARDSITE_GIT\" /tmp/wardsite\n"
     "    - make -C /tmp/wardsite install\n"
     "\n"
     "freshness:\n"
     "  <<: *wardsite\n"
     "  stage: check\n"
     "  script:\n"
     "    - wardsite report freshness --json --fail-stale > freshness.json\n"
     "  artifacts:\n"
     "    when: always\n"
     "    paths: [freshness.json]\n"
     "\n"
     "pages:\n"
     "  <<: *wardsite\n"
     "  stage: deploy\n"
     "  cache:                         # resized photos and the incremental build state\n"
     "    key: wardsite\n"
     "    paths: [.wardsite-cache/]\n"
     "  script:\n"
     "    - wardsite build --strict --out public\n"
     "  artifacts:\n"
     "    paths: [public]\n"
     "  rules:\n"
     "    - if: $CI_COMMIT_BRANCH == \"main\"\n"},
};

/* The folder must be empty or missing (then made).  0, or -1 recorded. */
static int S_check_dir(struct init *in, const char *dir)
{
	DIR *dp = opendir(dir);
	if (dp == NULL && errno == ENOENT) {
		if (mkdir(dir, 0755) != 0) {
			diag_error(in->d, NULL, 0, 0, "cannot make the folder %s: %s", dir, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (dp == NULL) {
		diag_error(in->d, NULL, 0, 0, "cannot read the folder %s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *de;
	int empty = 1;
	while (empty && (de = readdir(dp)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
	closedir(dp);
	if (!empty && in->opt->dir == NULL)
		diag_error(in->d, NULL, 0, 0,
		           "the current folder is not empty: init makes a new portal in an empty or new folder "
		           "(wardsite init DIR makes DIR)");
	else if (!empty)
		diag_error(in->d, NULL, 0, 0, "%s is not empty: init makes a new portal in an empty or new folder",
		           dir);
	if (!empty)
		return -1;
	return 0;
}

/* Asks for one value on opt->ask; returns it (caller frees) or NULL at
 * the end of the input.  An empty answer gives dflt (NULL: ""). */
static char *S_ask(const struct init_options *opt, const char *prompt, const char *dflt)
{
	fputs(prompt, opt->info);
	if (dflt && *dflt)
		fprintf(opt->info, " [%s]", dflt);
	fputs(": ", opt->info);
	fflush(opt->info);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, opt->ask);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (n == 0 && dflt) {
		free(line);
		return xstrdup(dflt);
	}
	return line;
}

/* 1 when s has a control character (a value must be one line). */
static int S_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* s for the inside of a double-quoted YAML scalar (one line). */
static char *S_yaml_inner(const char *s)
{
	struct buf b = BUF_INIT;
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_puts(&b, "\\");
		buf_put(&b, s, 1);
	}
	buf_puts(&b, "");
	return buf_detach(&b);
}

static char *S_yaml_quote(const char *s)
{
	char *in = S_yaml_inner(s), *q = xasprintf("\"%s\"", in);
	free(in);
	return q;
}

/* Backslashes before the ASCII punctuation Markdown or HTML would read. */
static char *S_md_escape(const char *s)
{
	struct buf b = BUF_INIT;
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#!|~&", *s))
			buf_puts(&b, "\\");
		buf_put(&b, s, 1);
	}
	return buf_detach(&b);
}

/* The English name from the Vietnamese one: "phường X" -> "X ward",
 * "xã X" -> "X commune", "thị trấn X" -> "X township"; else the name. */
static char *S_name_en(const char *name)
{
	static const struct {
		const char *vi, *en;
	} kinds[] = {{"phường ", "ward"}, {"Phường ", "ward"},       {"xã ", "commune"},
	             {"Xã ", "commune"},  {"thị trấn ", "township"}, {"Thị trấn ", "township"}};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		size_t n = strlen(kinds[i].vi);
		if (strncmp(name, kinds[i].vi, n) == 0 && name[n])
			return xasprintf("%s %s", name + n, kinds[i].en);
	}
	return xstrdup(name);
}

/* Fills in the values: name and base_url asked for or required, the rest
 * made from them.  0, or -1 recorded. */
static int S_values(struct init *in, char **raw)
{
	const struct init_options *o = in->opt;
	char *ask_name = NULL, *ask_url = NULL;
	const char *name = o->name, *url = o->base_url;
	if (name == NULL && o->ask)
		name = ask_name = S_ask(o, msg_tr("Name of the ward or commune (such as phường Bình Phước)"), NULL);
	if (url == NULL && o->ask && name)
		url = ask_url = S_ask(o, msg_tr("Web address of the portal (such as https://binhphuoc.gov.vn/)"), NULL);
	int rc = -1;
	if (name == NULL || *name == '\0') {
		diag_error(in->d, NULL, 0, 0, "init needs the ward's name: --name \"phường Bình Phước\"");
		goto out;
	}
	if (url == NULL || *url == '\0') {
		diag_error(in->d, NULL, 0, 0,
		           "init needs the portal's web address: --base-url https://binhphuoc.gov.vn/");
		goto out;
	}
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) {
		diag_error(in->d, NULL, 0, 0,
		           "--base-url must be an address starting with https:// or http://, not '%s'", url);
		goto out;
	}
	raw[V_WARD] = xstrdup(name);
	raw[V_WARD_EN] = o->name_en ? xstrdup(o->name_en) : S_name_en(name);
	raw[V_BASE_URL] = url[strlen(url) - 1] == '/' ? xstrdup(url) : xasprintf("%s/", url);
	rc = 0;
out:
	free(ask_name);
	free(ask_url);
	return rc;
}

/* The contacts, asked for on a terminal when not given (empty: none). */
static void S_contacts(struct init *in, char **email, char **phone, char **address)
{
	const struct init_options *o = in->opt;
	*email = o->email ? xstrdup(o->email) : NULL;
	*phone = o->phone ? xstrdup(o->phone) : NULL;
	*address = o->address ? xstrdup(o->address) : NULL;
	if (o->ask == NULL)
		return;
	if (*address == NULL)
		*address = S_ask(o, msg_tr("Address of the People's Committee (empty: leave out)"), "");
	if (*phone == NULL)
		*phone = S_ask(o, msg_tr("Phone number (empty: leave out)"), "");
	if (*email == NULL)
		*email = S_ask(o, msg_tr("Email address (empty: leave out)"), "");
}

/* Writes path (from the top) with text, never over a file.  0 or -1. */
static int S_write(struct init *in, const char *rel, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", in->top, rel);
	for (char *p = strchr(path + strlen(in->top) + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	FILE *f = fopen(path, "wx");
	int rc = 0;
	if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		diag_error(in->d, rel, 0, 0, "cannot write: %s", strerror(errno));
		rc = -1;
	}
	free(path);
	if (rc == 0) {
		in->written = xrealloc(in->written, (in->nwritten + 1) * sizeof *in->written);
		in->written[in->nwritten++] = xstrdup(rel);
	}
	return rc;
}

/* The text with @@NAME@@, @@Y:NAME@@ and @@Q:NAME@@ replaced (caller
 * frees). */
static char *S_expand(struct init *in, const char *text)
{
	struct buf b = BUF_INIT;
	const char *p = text, *at;
	while ((at = strstr(p, "@@")) != NULL) {
		buf_put(&b, p, (size_t)(at - p));
		const char *name = at + 2;
		char form = (name[0] == 'Y' || name[0] == 'Q') && name[1] == ':' ? name[0] : 'M';
		if (form != 'M')
			name += 2;
		const char *end = strstr(name, "@@");
		size_t i = 0;
		while (i < V_COUNT && !(end && strlen(S_var_names[i]) == (size_t)(end - name) &&
		                        strncmp(S_var_names[i], name, (size_t)(end - name)) == 0))
			i++;
		if (i == V_COUNT) { /* not a value: the text itself */
			buf_puts(&b, "@@");
			p = at + 2;
			continue;
		}
		buf_puts(&b, form == 'Y' ? in->yaml[i] : form == 'Q' ? in->inner[i] : in->md[i]);
		p = end + 2;
	}
	buf_puts(&b, p);
	return buf_detach(&b);
}

/* data/ward.yaml: the name and the contacts given; nothing invented. */
static int S_write_ward(struct init *in, const char *email, const char *phone, const char *address)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "# The ward's organisation and contacts, shown on the about pages (layout \"about\")\n"
	             "# in both languages.  Add what the ward's own documents say, for example:\n"
	             "# functions:\n"
	             "#   - {vi: \"...\", en: \"...\"}\n"
	             "# bodies:\n"
	             "#   - name: {vi: \"...\", en: \"...\"}\n"
	             "#     role: {vi: \"...\", en: \"...\"}\n"
	             "# source: {vi: \"the document these facts come from\", en: \"...\"}\n"
	             "# A contact left out shows as Chưa cập nhật (not yet published).\n");
	buf_printf(&b, "name: {vi: %s, en: %s}\n", in->yaml[V_WARD_CAP], in->yaml[V_WARD_EN]);
	buf_puts(&b, "contact:\n");
	int any = 0;
	const char *keys[] = {"address", "phone", "email"};
	const char *vals[] = {address, phone, email};
	for (int i = 0; i < 3; i++) {
		if (vals[i] == NULL || *vals[i] == '\0')
			continue;
		char *q = S_yaml_quote(vals[i]);
		buf_printf(&b, "  %s: %s\n", keys[i], q);
		free(q);
		any = 1;
	}
	if (!any)
		buf_puts(&b, "  {}\n");
	int rc = S_write(in, "data/ward.yaml", b.data, b.len);
	buf_free(&b);
	return rc;
}

/* The author of the first commit: GIT_AUTHOR_NAME/EMAIL (as git reads
 * them), else user.name/user.email of git's global and system
 * configuration.  NULL with a diagnostic that says what to set (before
 * anything is written). */
static git_signature *S_author(struct init *in)
{
	git_signature *sig = NULL;
	git_config *cfg = NULL;
	git_buf name = {0}, email = {0};
	const char *en = getenv("GIT_AUTHOR_NAME"), *ee = getenv("GIT_AUTHOR_EMAIL");
	if (en && *en && ee && *ee && git_signature_now(&sig, en, ee) == 0)
		return sig;
	if (git_config_open_default(&cfg) == 0 && git_config_get_string_buf(&name, cfg, "user.name") == 0 &&
	    git_config_get_string_buf(&email, cfg, "user.email") == 0 && name.size && email.size)
		git_signature_now(&sig, name.ptr, email.ptr);
	git_buf_dispose(&name);
	git_buf_dispose(&email);
	git_config_free(cfg);
	git_error_clear();
	if (sig == NULL)
		diag_error(
		    in->d, NULL, 0, 0,
		    "git does not know who makes the first commit: run git config --global user.name \"Your Name\" "
		    "and git config --global user.email you@example.gov.vn, then init again");
	return sig;
}

static int S_git_fail(struct init *in, const char *what)
{
	const git_error *e = git_error_last();
	diag_error(in->d, NULL, 0, 0, "cannot make the first commit: %s: %s", what,
	           e && e->message ? e->message : "unknown libgit2 error");
	return -1;
}

/* git init (branch main), every written file added, the first commit.
 * 0 and its short id in hex, or -1 recorded. */
static int S_commit(struct init *in, const git_signature *sig, char hex[8])
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	int rc = -1;
	git_repository_init_options io;
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_MKPATH;
	io.initial_head = "main";
	if (git_repository_init_ext(&repo, in->top, &io) != 0) {
		S_git_fail(in, "git init");
		goto out;
	}
	if (git_repository_index(&index, repo) != 0) {
		S_git_fail(in, "the index");
		goto out;
	}
	for (size_t i = 0; i < in->nwritten; i++)
		if (git_index_add_bypath(index, in->written[i]) != 0) {
			S_git_fail(in, in->written[i]);
			goto out;
		}
	if (git_index_write(index) != 0 || git_index_write_tree(&tree_id, index) != 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) != 0) {
		S_git_fail(in, "the index");
		goto out;
	}
	int r = git_commit_create(&commit_id, repo, "HEAD", sig, sig, "UTF-8",
	                          "Tạo trang thông tin điện tử (wardsite init)\n", tree, 0, NULL);
	if (r != 0) {
		S_git_fail(in, "the commit");
		goto out;
	}
	git_oid_tostr(hex, 8, &commit_id);
	rc = 0;
out:
	git_tree_free(tree);
	git_index_free(index);
	git_repository_free(repo);
	return rc;
}

/* Capital first letter of an ASCII-led name ("phường" -> "Phường"). */
static char *S_cap(const char *s)
{
	char *c = xstrdup(s);
	if (c[0] >= 'a' && c[0] <= 'z')
		c[0] = (char)(c[0] - 'a' + 'A');
	return c;
}

enum init_status init_run(const struct init_options *opt, struct diag *d)
{
	struct init in = {.opt = opt, .d = d};
	char *raw[V_COUNT] = {0};
	char *email = NULL, *phone = NULL, *address = NULL;
	const char *dir = opt->dir ? opt->dir : ".";
	enum init_status rc = INIT_USAGE;
	char hex[8];
	git_signature *sig = NULL;

	git_libgit2_init();
	if (S_values(&in, raw) < 0)
		goto out;
	S_contacts(&in, &email, &phone, &address);
	const char *check[] = {raw[V_WARD], raw[V_WARD_EN], raw[V_BASE_URL], email, phone, address};
	for (size_t i = 0; i < sizeof check / sizeof *check; i++)
		if (check[i] && S_has_control(check[i])) {
			diag_error(d, NULL, 0, 0,
			           "'%s' has a line break or a control character: each value is one line", check[i]);
			goto out;
		}
	raw[V_WARD_CAP] = S_cap(raw[V_WARD]);
	raw[V_ISSUER] = xasprintf("Ủy ban nhân dân %s", raw[V_WARD]);
	raw[V_ISSUER_EN] = xasprintf("People's Committee of %s", raw[V_WARD_EN]);
	raw[V_TITLE] = xasprintf("Trang thông tin điện tử %s", raw[V_WARD]);
	raw[V_TITLE_EN] = xasprintf("%s information portal", raw[V_WARD_EN]);
	for (int i = 0; i < V_COUNT; i++) {
		in.md[i] = S_md_escape(raw[i]);
		in.yaml[i] = S_yaml_quote(raw[i]);
		in.inner[i] = S_yaml_inner(raw[i]);
	}
	if ((sig = S_author(&in)) == NULL || S_check_dir(&in, dir) < 0)
		goto out;
	rc = INIT_FAILED;
	in.top = realpath(dir, NULL);
	if (in.top == NULL) {
		diag_error(d, NULL, 0, 0, "cannot read the folder %s: %s", dir, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < sizeof S_files / sizeof *S_files; i++) {
		char *text = S_expand(&in, S_files[i].text);
		int r = S_write(&in, S_files[i].path, text, strlen(text));
		free(text);
		if (r < 0)
			goto out;
	}
	if (S_write_ward(&in, email, phone, address) < 0 || S_commit(&in, sig, hex) < 0)
		goto out;
	if (opt->info) {
		fprintf(opt->info,
		        msg_tr("wardsite: made the portal of %s in %s: %zu files, first commit %s on main\n"),
		        raw[V_WARD], in.top, in.nwritten, hex);
		if (opt->dir)
			fprintf(opt->info,
			        msg_tr("next: cd %s && wardsite serve   (the preview is at http://127.0.0.1:1313/)\n"),
			        dir);
		else
			fputs(msg_tr("next: wardsite serve   (the preview is at http://127.0.0.1:1313/)\n"), opt->info);
	}
	rc = INIT_OK;
out:
	for (int i = 0; i < V_COUNT; i++) {
		free(raw[i]);
		free(in.md[i]);
		free(in.yaml[i]);
		free(in.inner[i]);
	}
	for (size_t i = 0; i < in.nwritten; i++)
		free(in.written[i]);
	free(in.written);
	free(in.top);
	free(email);
	free(phone);
	free(address);
	git_signature_free(sig);
	git_libgit2_shutdown();
	return rc;
}
