/*
 * mail_html_none.c: without libxml2 an HTML-only mail has no text
 * libcop can read (mail_int.h; docs/mail.md): it is refused with
 * COP_ENOTSUP.
 */
#include "mail_int.h"

int cop__mail_html_text(const char *html, char **out)
{
	(void)html;
	*out = NULL;
	return COP_ENOTSUP;
}
