/* msg: the language of the messages a person reads (errors, warnings,
 * hints, help, reports, serve's pages).
 *
 * Code writes every message in English, as a printf format literal; the
 * catalogue (generator/messages.vi.po, compiled in) gives its Vietnamese
 * form, keyed by that English text, the way gettext keys by msgid.  diag
 * translates each diagnostic's format itself, so a diag_* call needs
 * nothing more; text printed any other way goes through msg_tr().  Literals
 * in static tables are marked with MSG_N() so the catalogue test finds
 * them.  Text that reaches C already formatted (a Lua plugin's error() or
 * wardsite.warn()) goes through msg_tr_text(), which matches it against the
 * catalogue's "text" entries, where %s and %d stand for any text and any
 * whole number. */
#ifndef WARDSITE_MSG_H
#define WARDSITE_MSG_H

enum msg_lang { MSG_EN, MSG_VI };

/* Sets the language of every later message (main.c, once it knows). */
void msg_set_lang(enum msg_lang lang);
enum msg_lang msg_lang(void);

/* The language site.yaml asks for ("vi", "en"; anything else is ignored):
 * it applies only when neither --messages, WARDSITE_MESSAGES nor the
 * locale chose one (main.c says so through msg_set_lang). */
void msg_set_site_lang(const char *code);

/* The language named by the environment: WARDSITE_MESSAGES (vi|en), else
 * the first set of LC_ALL, LC_MESSAGES, LANG ("vi…" -> MSG_VI, another
 * language -> MSG_EN; "C", "POSIX", "C.UTF-8" choose nothing).  Returns
 * 1 with *lang set, or 0 when nothing chose. */
int msg_lang_from_env(enum msg_lang *lang);

/* The message in the current language: the catalogue's translation of the
 * English format `english`, or `english` itself.  Static; never NULL. */
const char *msg_tr(const char *english) __attribute__((format_arg(1)));

/* Already formatted text (a plugin's message) in the current language:
 * a new string (the caller frees it) when a "text" entry of the catalogue
 * matches the whole text or what follows one of its ": ", else NULL. */
char *msg_tr_text(const char *text);

/* Marks a literal as a message without translating it (static tables). */
#define MSG_N(s) (s)

/* The catalogue compiled in by the Makefile (build/messages_vi.c). */
extern const char *const msg_catalogue_vi;

#endif
