/*
 * mail_int.h: what the mail modules share (not installed):
 * mail_address.c (members' addresses), mail_token.c (the store's secret
 * and signed tokens).  Anything another mail module may share is named
 * cop__mail_...
 */
#ifndef COP_MAIL_INT_H
#define COP_MAIL_INT_H

#include "internal.h"
#include "cop/mail.h"

/** A token's signature: the first 10 bytes of HMAC-SHA256 (docs/mail.md). */
#define COP__MAIL_MAC_LEN 10
/** The longest body a token signs, in bytes. */
#define COP__MAIL_BODY_MAX 40

/** The store's actor as a mail module found it (cop__mail_act_as()). */
typedef struct cop__mail_actor {
	int has_actor, anonymous;
	cop_id actor;
	char actor_text[COP_ID_TEXT_LEN + 1];
} cop__mail_actor;
/**
 * Act as member @p mid (text id) for what follows, the caller's actor
 * saved into *saved; on failure (recorded) the actor is unchanged.  Put
 * it back with cop__mail_actor_restore() on every path: a mail call
 * never leaves the caller another actor.
 */
int cop__mail_act_as(cop_store *s, const char *mid, cop__mail_actor *saved);
/** Put back the actor saved by cop__mail_act_as(), exactly, keeping the
 *  last failure's code and message. */
void cop__mail_actor_restore(cop_store *s, const cop__mail_actor *saved);

/** *out = the store's mail table, or COP_ENOTSUP (recorded). */
int cop__mail_table(cop_store *s, const cop_backend_mail **out);

/** Initialise GMime once per process (thread-safe). */
void cop__mail_gmime_init(void);

/**
 * Check @p in is one mail address (GMime's address parser: a single
 * mailbox, no display name, a local part and a domain; at most
 * COP_EMAIL_MAX bytes, UTF-8) and put it lower-cased in *out
 * (cop_malloc'd, the caller's).  COP_EINVAL, COP_EENCODING, COP_ETOOBIG
 * (recorded, naming @p what), COP_ENOMEM.
 */
int cop__mail_address_norm(cop_store *s, const char *in, const char *what,
	char **out);

/**
 * Sign @p n bytes of @p body (at most COP__MAIL_BODY_MAX) as a token of
 * @p kind: *out receives URL-safe base64 without padding of kind byte,
 * body and signature (cop_malloc'd, the caller's).  Makes the store's
 * secret on first need (a write of its own).  COP_OK, COP_EREADONLY,
 * COP_ENOMEM, COP_EIO (recorded).
 */
int cop__mail_token_make(cop_store *s, int kind, const unsigned char *body,
	size_t n, char **out);
/**
 * Check @p token is a token of @p kind over @p n bytes of body, signed
 * with the store's secret, and copy its body into @p body.  COP_EINVAL
 * (not a token: characters, length, or a text other than the one its
 * bytes encode to), COP_EPERM (another kind, a wrong
 * signature, or no secret in the store), COP_ENOMEM, COP_EIO (recorded).
 */
int cop__mail_token_check(cop_store *s, int kind, const char *token,
	unsigned char *body, size_t n);

/** Remove every address of @p member (the member's erasure, in its
 *  write).  COP_OK also for a backend without mail storage. */
int cop__mail_forget(cop_store *s, const cop_id *member);

/** Remove @p member's delivery preferences and outbox messages (the
 *  member's erasure, in its write; nothing for a mail table before
 *  version 2).  COP_OK, COP_EIO (recorded). */
int cop__mail_out_forget(cop_store *s, const cop_backend_mail *t,
	const cop_id *member);

/** The addresses of @p member into *out (no permission check: the
 *  member's export, which made it).  With a backend without mail
 *  storage, an empty list.  COP_OK, COP_ENOMEM, COP_EIO (recorded). */
int cop__mail_emails(cop_store *s, const cop_id *member,
	cop_email_list **out);

/** The text of an HTML document (a mail's HTML-only body) into *out
 *  (g_malloc'd: g_free()): text nodes, a line ended after each block
 *  element, scripts, styles and quoted blockquotes left out.  COP_OK,
 *  COP_EFORMAT (not parsed), COP_ENOTSUP (built without libxml2); not
 *  recorded. */
int cop__mail_html_text(const char *html, char **out);

/** Write a 64-bit integer big-endian at @p p; read one. */
void cop__mail_put64(unsigned char *p, int64_t v);
int64_t cop__mail_get64(const unsigned char *p);

#endif
