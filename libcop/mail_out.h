/*
 * mail_out.h: what the outgoing-mail modules share (not installed):
 * mail_outbox.c (delivery preferences, the outbox, filling and sending
 * it) and mail_render.c (a message rendered with GMime).
 */
#ifndef COP_MAIL_OUT_H
#define COP_MAIL_OUT_H

#include "mail_int.h"

/** What one outgoing message says (every string UTF-8, borrowed). */
typedef struct cop__mail_out {
	const char *domain;            /* the list domain */
	const char *from;              /* the From address */
	const char *from_name;         /* its display name */
	const char *to;                /* the recipient */
	const char *reply_to;          /* "reply+TOKEN@DOMAIN", or NULL */
	const char *subject;
	const char *message_id;        /* without angle brackets */
	const char *in_reply_to;       /* without angle brackets, or NULL */
	const char *references;        /* "<a> <b>", or NULL */
	const char *slug;              /* the community's: List-Id, List-Post */
	const char *unsubscribe_url;   /* the token is appended to it */
	const char *unsubscribe_token;
	const char *text;              /* the text/plain part */
	const char *html;              /* the text/html part */
	cop_time date;
} cop__mail_out;

/** Render @p m as an RFC 5322 message into *out (cop_malloc'd, the
 *  caller's), lines ended by LF.  COP_OK or COP_ENOMEM (not recorded). */
int cop__mail_render(const cop__mail_out *m, char **out);

/** CommonMark @p markdown as HTML by libcmark, raw HTML left out
 *  (CMARK_OPT_SAFE); malloc'd (free()), NULL when out of memory. */
char *cop__mail_md_html(const char *markdown);

#endif
