#define _GNU_SOURCE
#include "serve.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "buf.h"
#include "msg.h"
#include "output.h"
#include "source.h"
#include "text.h"
#include "xalloc.h"

#define EVENTS_PATH "/__wardsite/events"
/* `wardsite report` as a page; served only, never written to the output */
#define REPORT_PATH "/__wardsite/report"
#define SERVE_IDLE_SECONDS 5 /* a connection silent this long is closed */
#define SERVE_PER_CLIENT 32  /* connections of one IP address (a browser opens about 6 per tab) */
#define SERVE_CONNECTIONS 256

static const char S_reload_script[] =
	"<script>/* wardsite serve: reload when the site is rebuilt */"
	"new EventSource(\"" EVENTS_PATH "\").addEventListener(\"reload\",function(){location.reload()});</script>\n";

struct server {
	char *top;        /* the work tree */
	char *out;        /* where builds go */
	char *tmp;        /* the private folder holding out */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned long generation; /* bumped by every build, good or bad */
	char *errors;     /* diagnostics of the last build when it failed, else NULL */
	const char *ref;  /* serve's --ref, or NULL: the work tree */
	pthread_mutex_t git; /* history_load is not for two threads at once: builds and the report */
	char *warnings;   /* diagnostics of the last build when it succeeded with warnings, else NULL */
	const char *default_language;
};

static volatile sig_atomic_t S_stop;

static void S_on_signal(int sig)
{
	(void)sig;
	S_stop = 1;
}

static const char *S_content_type(const char *path)
{
	static const char *const types[][2] = {
		{".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
		{".xml", "application/xml"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".webp", "image/webp"},
		{".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".pdf", "application/pdf"},
		{".woff2", "font/woff2"}, {".csv", "text/csv; charset=utf-8"}};
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			if (strcasecmp(dot, types[i][0]) == 0)
				return types[i][1];
	return "application/octet-stream";
}

/* The language of a URL: its first segment when that is a folder of the
 * output with an index.html, else the default language. */
static char *S_url_lang(struct server *sv, const char *url)
{
	const char *p = url[0] == '/' ? url + 1 : url;
	size_t n = strcspn(p, "/");
	if (n > 0 && n < 16) {
		char *probe = xasprintf("%s/%.*s/index.html", sv->out, (int)n, p);
		int ok = access(probe, F_OK) == 0;
		free(probe);
		if (ok)
			return xstrndup(p, n);
	}
	return xstrdup(sv->default_language ? sv->default_language : "vi");
}

static void S_add_lines(struct buf *h, struct server *sv, const char *path, int line)
{
	if (path == NULL || line <= 0 || strstr(path, ".."))
		return;
	char *full = xasprintf("%s/%s", sv->top, path);
	FILE *f = fopen(full, "r");
	free(full);
	if (f == NULL)
		return;
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	int at = 0;
	buf_puts(h, "<pre class=\"source\"><code>");
	while ((n = getline(&text, &cap, f)) >= 0 && at < line + 3) {
		at++;
		if (at < line - 3)
			continue;
		buf_printf(h, "<span class=\"%s\">%5d | ", at == line ? "here" : "line", at);
		text_html_escape(h, text, (size_t)n - (n > 0 && text[n - 1] == '\n'));
		buf_puts(h, "</span>\n");
	}
	buf_puts(h, "</code></pre>\n");
	free(text);
	fclose(f);
}

/* The page shown instead of any HTML page while the last build failed, in
 * the language of messages (the editor's, not the page's). */
static char *S_error_page(struct server *sv, const char *errors, size_t *len)
{
	const char *title = msg_tr("The site has errors");
	struct buf h = BUF_INIT;
	buf_printf(&h,
		   "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n"
		   "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
		   "h1{color:#8b1a1a}.error{border-left:4px solid #8b1a1a;padding:.25rem 1rem;margin:1.5rem 0}"
		   ".where{font-family:monospace;font-weight:bold}pre{background:#f5f1e8;padding:.75rem;overflow-x:auto}"
		   ".here{background:#ffe3a3;display:block}</style>\n</head>\n<body>\n<main>\n<h1>%s</h1>\n<p>%s</p>\n",
		   msg_lang() == MSG_VI ? "vi" : "en", title, title,
		   msg_tr("This page reloads by itself when the file is fixed and saved."));
	/* the build's messages, as diag printed them in the same language */
	char *err_sep = xasprintf(": %s: ", msg_tr("error"));
	char *warn_sep = xasprintf(": %s: ", msg_tr("warning"));
	const char *p = errors;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		p += n + (p[n] == '\n');
		char *sep = strstr(line, err_sep);
		const char *kind = err_sep;
		if (sep == NULL && (sep = strstr(line, warn_sep)) != NULL)
			kind = warn_sep;
		if (sep == NULL) {
			free(line);
			continue;
		}
		*sep = '\0';
		const char *msg = sep + strlen(kind);
		/* path:line:col */
		char *where = xstrdup(line);
		int lno = 0;
		char *c1 = strchr(line, ':');
		if (c1) {
			*c1 = '\0';
			lno = atoi(c1 + 1);
		}
		buf_printf(&h, "<section class=\"error\">\n<p><span class=\"where\">");
		text_html_escape(&h, where, strlen(where));
		buf_puts(&h, "</span>");
		buf_puts(&h, kind);
		text_html_escape(&h, msg, strlen(msg));
		buf_puts(&h, "</p>\n");
		if (strcmp(line, "wardsite") != 0)
			S_add_lines(&h, sv, line, lno);
		buf_puts(&h, "</section>\n");
		free(where);
		free(line);
	}
	free(err_sep);
	free(warn_sep);
	buf_puts(&h, "</main>\n");
	buf_puts(&h, S_reload_script);
	buf_puts(&h, "</body>\n</html>\n");
	*len = h.len;
	return buf_detach(&h);
}

/* Server-sent events: one "reload" event each time the generation moves,
 * a comment every few seconds so that a client that went away is noticed. */
struct events {
	struct server *sv;
	unsigned long seen;
};

static ssize_t S_events_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct events *ev = cls;
	struct server *sv = ev->sv;
	if (S_stop)
		return MHD_CONTENT_READER_END_OF_STREAM;
	pthread_mutex_lock(&sv->lock);
	if (sv->generation == ev->seen) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SERVE_IDLE_SECONDS / 2; /* a comment before the idle timeout closes the stream */
		pthread_cond_timedwait(&sv->changed, &sv->lock, &until);
	}
	unsigned long g = sv->generation;
	pthread_mutex_unlock(&sv->lock);
	int n;
	if (g != ev->seen) {
		ev->seen = g;
		n = snprintf(out, max, "event: reload\ndata: %lu\n\n", g);
	} else {
		n = snprintf(out, max, ": waiting\n\n");
	}
	return n < 0 || (size_t)n >= max ? 0 : n;
}

static void S_events_free(void *cls)
{
	free(cls);
}

static enum MHD_Result S_send(struct MHD_Connection *c, unsigned status, const char *type, char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Adds the reload script before </body> (or at the end). */
static char *S_inject(char *html, size_t *len)
{
	struct buf b = BUF_INIT;
	char *at = NULL;
	for (char *p = html; (p = strstr(p, "</body>")) != NULL; p++)
		at = p;
	size_t head = at ? (size_t)(at - html) : *len;
	buf_put(&b, html, head);
	buf_puts(&b, S_reload_script);
	buf_put(&b, html + head, *len - head);
	free(html);
	*len = b.len;
	return buf_detach(&b);
}

/* The report page of the work tree (or the ref) that serve builds: HTML,
 * or the diagnostics as text when the site cannot be read. */
static enum MHD_Result S_report(struct server *sv, struct MHD_Connection *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct diag d;
	diag_init(&d, mem);
	struct build_options bo = {.repo = sv->top, .ref = sv->ref, .worktree = sv->ref == NULL};
	struct buf out = BUF_INIT;
	pthread_mutex_lock(&sv->git);
	enum build_status st = board_report(&bo, BOARD_HTML, &out, &d);
	pthread_mutex_unlock(&sv->git);
	diag_free(&d);
	fclose(mem);
	if (st != BUILD_OK) {
		buf_free(&out);
		return S_send(c, 500, "text/plain; charset=utf-8", text, len);
	}
	free(text);
	size_t n = out.len;
	char *html = S_inject(buf_detach(&out), &n);
	return S_send(c, 200, "text/html; charset=utf-8", html, n);
}

/* The warnings of a build that succeeded (broken links, missing alt
 * text, a table that is not one), over every page served until a build
 * has none: an editor who looks only at the browser sees them too. */
static char *S_inject_warnings(char *html, size_t *len, const char *warnings)
{
	struct buf o = BUF_INIT;
	int n = 0;
	char *mark = xasprintf(": %s: ", msg_tr("warning")); /* as diag writes it, in the editor's language */
	size_t marklen = strlen(mark);
	for (const char *p = warnings; *p;) {
		size_t k = strcspn(p, "\n");
		char *line = xstrndup(p, k);
		p += k + (p[k] == '\n');
		char *sep = strstr(line, mark);
		if (sep) {
			buf_puts(&o, "<li><code>");
			text_html_escape(&o, line, (size_t)(sep - line));
			buf_puts(&o, "</code>: ");
			text_html_escape(&o, sep + marklen, strlen(sep + marklen));
			buf_puts(&o, "</li>\n");
			n++;
		}
		free(line);
	}
	free(mark);
	if (n == 0) {
		buf_free(&o);
		return html;
	}
	struct buf b = BUF_INIT;
	char *at = NULL;
	for (char *p = html; (p = strstr(p, "</body>")) != NULL; p++)
		at = p;
	size_t head = at ? (size_t)(at - html) : *len;
	buf_put(&b, html, head);
	buf_puts(
	    &b,
	    "<aside id=\"wardsite-warnings\" role=\"status\" style=\"position:fixed;bottom:0;left:0;right:0;"
	    "max-height:40vh;overflow:auto;margin:0;padding:.5rem 1rem;background:#fff8e1;color:#1a1a1a;"
	    "border-top:4px solid #b26a00;font:14px/1.4 system-ui,sans-serif;z-index:2147483647\">"
	    "<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right\">×</button><strong>");
	buf_printf(&b, msg_tr("wardsite serve: %d warning(s) in the last build (the page is shown as built)"), n);
	buf_puts(&b, "</strong>\n<ul>\n");
	buf_put(&b, o.data, o.len);
	buf_puts(&b, "</ul></aside>\n");
	buf_put(&b, html + head, *len - head);
	buf_free(&o);
	free(html);
	*len = b.len;
	return buf_detach(&b);
}

static enum MHD_Result S_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				const char *version, const char *upload, size_t *upload_size, void **state)
{
	(void)version;
	(void)upload;
	(void)upload_size;
	struct server *sv = cls;
	if (*state == NULL) { /* first call: headers only */
		*state = sv;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return S_send(c, 405, "text/plain; charset=utf-8", xstrdup("method not allowed\n"), 19);
	if (strcmp(url, EVENTS_PATH) == 0) {
		struct events *ev = xcalloc(1, sizeof *ev);
		ev->sv = sv;
		pthread_mutex_lock(&sv->lock);
		ev->seen = sv->generation;
		pthread_mutex_unlock(&sv->lock);
		struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256, S_events_read, ev, S_events_free);
		MHD_add_response_header(r, "Content-Type", "text/event-stream");
		MHD_add_response_header(r, "Cache-Control", "no-store");
		enum MHD_Result rc = MHD_queue_response(c, 200, r);
		MHD_destroy_response(r);
		return rc;
	}
	if (strcmp(url, REPORT_PATH) == 0 || strcmp(url, REPORT_PATH "/") == 0)
		return S_report(sv, c);
	/* MHD has decoded %XX; refuse what could leave the output folder */
	if (url[0] != '/' || strstr(url, "/..") || strstr(url, "\\") || strlen(url) > 2048)
		return S_send(c, 403, "text/plain; charset=utf-8", xstrdup("forbidden\n"), 10);
	char *path = xasprintf("%s%s", sv->out, url);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (url[strlen(url) - 1] != '/') {
			char *loc = xasprintf("%s/", url);
			struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
			MHD_add_response_header(r, "Location", loc);
			enum MHD_Result rc = MHD_queue_response(c, 301, r);
			MHD_destroy_response(r);
			free(loc);
			free(path);
			return rc;
		}
		char *index = xasprintf("%sindex.html", path);
		free(path);
		path = index;
	}
	unsigned status = 200;
	size_t len = 0;
	char *body = buf_read_file(path, &len);
	if (body == NULL) {
		status = 404;
		char *lang = S_url_lang(sv, url);
		free(path);
		path = xasprintf("%s/%s/404.html", sv->out, lang);
		free(lang);
		body = buf_read_file(path, &len);
		if (body == NULL) {
			free(path);
			path = xstrdup("404.html");
			body = xstrdup("404 not found\n");
			len = strlen(body);
		}
	}
	const char *type = status == 404 && strcmp(path, "404.html") == 0 ? "text/plain; charset=utf-8" : S_content_type(path);
	pthread_mutex_lock(&sv->lock);
	char *errors = sv->errors ? xstrdup(sv->errors) : NULL;
	char *warnings = sv->warnings ? xstrdup(sv->warnings) : NULL;
	pthread_mutex_unlock(&sv->lock);
	if (errors && strncmp(type, "text/html", 9) == 0) {
		free(body);
		body = S_error_page(sv, errors, &len);
		status = 500;
	} else if (strncmp(type, "text/html", 9) == 0) {
		body = S_inject(body, &len);
		if (warnings)
			body = S_inject_warnings(body, &len, warnings);
	}
	free(errors);
	free(warnings);
	free(path);
	return S_send(c, status, type, body, len);
}

/* One build into sv->out; the diagnostics go to stderr and, when the build
 * fails, into sv->errors for the error page. */
static void S_build(struct server *sv, const struct serve_options *opt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct diag d;
	diag_init(&d, mem);
	struct build_options bo = {.repo = sv->top, .ref = opt->ref, .out = sv->out, .worktree = opt->ref == NULL,
				   .drafts = opt->drafts, .future = opt->future, .info = stdout};
	pthread_mutex_lock(&sv->git);
	enum build_status st = build_run(&bo, &d);
	pthread_mutex_unlock(&sv->git);
	fclose(mem);
	fputs(text, stderr);
	pthread_mutex_lock(&sv->lock);
	free(sv->errors);
	free(sv->warnings);
	sv->errors = sv->warnings = NULL;
	if (st != BUILD_OK)
		sv->errors = xstrdup(text && *text ? text : "wardsite: error: the build failed\n");
	else if (d.warnings > 0 && text)
		sv->warnings = xstrdup(text);
	sv->generation++;
	pthread_cond_broadcast(&sv->changed);
	pthread_mutex_unlock(&sv->lock);
	diag_free(&d);
	free(text);
}

static const char *const S_watched[] = {"content", "themes", "layouts", "lua-plugins", "data", "static",
					 "i18n", "archetypes", NULL};

static void S_watch_tree(int fd, const char *dir)
{
	if (inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE) < 0)
		return;
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			S_watch_tree(fd, sub);
		free(sub);
	}
	closedir(d);
}

/* A fresh inotify instance watching the site's folders and site.yaml. */
static int S_watch(struct server *sv)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return -1;
	/* the top folder, for site.yaml and folders made later */
	inotify_add_watch(fd, sv->top, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE);
	for (size_t i = 0; S_watched[i]; i++) {
		char *dir = xasprintf("%s/%s", sv->top, S_watched[i]);
		S_watch_tree(fd, dir);
		free(dir);
	}
	return fd;
}

/* Reads pending events; 1 when one of them is about the site. */
static int S_drain(int fd)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	int relevant = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *e = (struct inotify_event *)p;
			const char *name = e->len ? e->name : "";
			/* editors' swap and backup files are not the site */
			size_t nl = strlen(name);
			int noise = name[0] == '.' || (nl > 0 && name[nl - 1] == '~') ||
				    (nl > 4 && strcmp(name + nl - 4, ".swp") == 0) || strcmp(name, "public") == 0 ||
				    strcmp(name, "build") == 0;
			if (!noise)
				relevant = 1;
			p += sizeof *e + e->len;
		}
	}
	return relevant;
}

int serve_run(const struct serve_options *opt, struct diag *d)
{
	struct server sv = {0};
	struct source *src;
	struct source_options so = {.repo = opt->repo, .worktree = 1};
	char *err;
	if (source_open(&src, &so, &err) < 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		free(err);
		return 2;
	}
	sv.top = xstrdup(source_workdir(src));
	source_close(src);
	char tmpl[] = "/tmp/wardsite-serve-XXXXXX";
	if (mkdtemp(tmpl) == NULL) {
		diag_error(d, NULL, 0, 0, "cannot make a folder for the preview: %s", strerror(errno));
		free(sv.top);
		return 2;
	}
	sv.tmp = xstrdup(tmpl);
	sv.out = xasprintf("%s/public", tmpl);
	sv.default_language = NULL;
	pthread_mutex_init(&sv.lock, NULL);
	pthread_mutex_init(&sv.git, NULL);
	sv.ref = opt->ref;
	pthread_cond_init(&sv.changed, NULL);

	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)(opt->port ? opt->port : 1313));
	const char *bind_to = opt->bind ? opt->bind : "127.0.0.1";
	int rc = 2;
	struct MHD_Daemon *daemon = NULL;
	if (inet_pton(AF_INET, bind_to, &addr.sin_addr) != 1) {
		diag_error(d, NULL, 0, 0, "--bind needs an IPv4 address such as 127.0.0.1, not '%s'", bind_to);
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = {0};
	sa.sa_handler = S_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	S_build(&sv, opt);
	/* Against slowloris (clients holding many connections open with
	 * headers that never end): a client gets SERVE_PER_CLIENT connections
	 * and more are closed at once, all clients SERVE_CONNECTIONS (a thread
	 * each), and a connection silent for SERVE_IDLE_SECONDS is closed, also
	 * in the middle of its headers.  poll(), as select() fails on a
	 * descriptor above 1023. */
	daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL, 0,
				  NULL, NULL, S_handle, &sv, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_CONNECTION_TIMEOUT,
				  (unsigned)SERVE_IDLE_SECONDS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				  (unsigned)SERVE_PER_CLIENT, MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_CONNECTIONS,
				  MHD_OPTION_END);
	if (daemon == NULL) {
		diag_error(d, NULL, 0, 0, "cannot listen on %s:%d (is the port in use?)", bind_to, ntohs(addr.sin_port));
		goto out;
	}
	printf(msg_tr("wardsite: serving %s on http://%s:%d/ (Ctrl-C stops)\n"), opt->ref ? opt->ref : msg_tr("the work tree"), bind_to,
	       ntohs(addr.sin_port));
	fflush(stdout);
	int fd = S_watch(&sv);
	while (!S_stop) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 500) <= 0 || !S_drain(fd))
			continue;
		/* let an editor finish writing, then rebuild once */
		struct timespec pause = {0, 150 * 1000 * 1000};
		nanosleep(&pause, NULL);
		S_drain(fd);
		S_build(&sv, opt);
		close(fd); /* folders may have come or gone: watch afresh */
		fd = S_watch(&sv);
	}
	close(fd);
	rc = 0;
out:
	if (daemon) {
		pthread_mutex_lock(&sv.lock);
		pthread_cond_broadcast(&sv.changed);
		pthread_mutex_unlock(&sv.lock);
		MHD_stop_daemon(daemon);
	}
	output_remove_tree(sv.tmp);
	free(sv.errors);
	free(sv.warnings);
	free(sv.top);
	free(sv.out);
	free(sv.tmp);
	pthread_mutex_destroy(&sv.lock);
	pthread_mutex_destroy(&sv.git);
	pthread_cond_destroy(&sv.changed);
	return rc;
}
