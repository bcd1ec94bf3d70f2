/* msg: the language of the messages a person reads (errors, warnings,
 * hints, help, reports, serve's pages).
 *
 * Code writes every message in English, as a printf format literal; the
 * catalogue gives its Vietnamese form, keyed by that English text, the way
 * gettext keys by msgid.  diag translates each diagnostic's format itself,
 * so a diag_* call needs nothing more; text printed any other way goes
 * through msg_tr().  Literals in static tables are marked with MSG_N() so
 * the catalogue test finds them. */
#ifndef WARDSITE_MSG_H
#define WARDSITE_MSG_H

enum msg_lang { MSG_EN, MSG_VI };

/* Sets the language of every later message (main.c, once it knows). */
void msg_set_lang(enum msg_lang lang);
enum msg_lang msg_lang(void);

/* The message in the current language: the catalogue's translation of the
 * English format `english`, or `english` itself.  Static; never NULL. */
const char *msg_tr(const char *english);

/* Marks a literal as a message without translating it (static tables). */
#define MSG_N(s) (s)

#endif
