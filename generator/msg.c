#include "msg.h"

static enum msg_lang S_lang = MSG_EN;

void msg_set_lang(enum msg_lang lang)
{
	S_lang = lang;
}

enum msg_lang msg_lang(void)
{
	return S_lang;
}

const char *msg_tr(const char *english)
{
	/* the catalogue is not written yet: every message is English */
	return english;
}
