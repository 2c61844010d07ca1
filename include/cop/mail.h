/** @file
 * mail.h: members' mail addresses and the signed tokens mail carries
 * (docs/mail.md).
 *
 * A member has any number of mail addresses, each verified or not, at
 * most one primary.  An address is stored lower-cased, the whole of it,
 * and belongs to one member: adding an address another member has is
 * COP_EEXISTS, without saying whose it is.  Addresses are personal
 * data: only the member themself and the system add, list, change or
 * remove them; they are in the member's export (cop_member_export_json(),
 * "emails") and removed by the member's erasure.
 *
 * Verification: cop_member_email_token() makes the token the application
 * mails to the address; cop_member_email_verify() checks it (signed with
 * the store's secret, bound to the member and to that address as it was
 * added, valid COP_EMAIL_TOKEN_TTL, single use).
 *
 * Tokens (cop_mail_token_make(), cop_mail_token_check()) are signed with
 * a per-store secret made on first need, stored in the store and never
 * exported: a reply token names a member and a contribution (the
 * "reply+TOKEN@domain" address of outgoing mail), an unsubscribe token a
 * member and a community.  A token of one kind is never accepted as
 * another.  Tokens are signed, not encrypted: they carry the ids.
 *
 * Every write is checked, refused writes change nothing, and each is in
 * the change log ("member.email.add", "member.email.primary",
 * "member.email.remove", "member.email.verify"; the address itself is
 * never in the log).
 */
#ifndef COP_MAIL_H
#define COP_MAIL_H

#include <stddef.h>
#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** The longest address, in bytes (RFC 5321's path limit less "<>"). */
#define COP_EMAIL_MAX 254
/** How long a verification token is valid: 7 days, in milliseconds. */
#define COP_EMAIL_TOKEN_TTL ((cop_time)7 * 24 * 60 * 60 * 1000)

/** What a mail token is for; part of what is signed. */
typedef enum cop_mail_token_kind {
	COP_MAIL_TOKEN_VERIFY = 0,      /**< an address's verification */
	COP_MAIL_TOKEN_REPLY = 1,       /**< a member's reply to a contribution */
	COP_MAIL_TOKEN_UNSUBSCRIBE = 2  /**< a member leaving a community's mail */
} cop_mail_token_kind;

/** The name of a token kind ("verify", "reply", "unsubscribe"), or NULL. */
COP_EXTERN(const char *) cop_mail_token_kind_name(cop_mail_token_kind k);
/** Parse a token kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_mail_token_kind_parse(cop_mail_token_kind *out,
	const char *name);

/** A member's addresses, as cop_member_email_list() read them. */
typedef struct cop_email_list cop_email_list;

/**
 * Add an unverified address to a member.  The first address a member
 * has becomes their primary.  For the member themself and the system.
 * @param member   the member's id or handle.
 * @param address  a single address ("ana@example.org", no display name),
 *                 at most COP_EMAIL_MAX bytes; stored lower-cased.
 * @return COP_OK, COP_EINVAL (not one address, as GMime's parser reads
 *         it), COP_EENCODING, COP_ETOOBIG, COP_EEXISTS (the address is
 *         taken: the member's own or another's, not said which),
 *         COP_ENOTFOUND (no such member), COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP (a backend without mail storage), COP_ENOMEM,
 *         COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_member_email_add(cop_store *store,
	const char *member, const char *address);

/**
 * A member's addresses, by address.  For the member themself and the
 * system.
 * @param out  receives the list (caller owns: cop_email_list_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_member_email_list(cop_email_list **out,
	cop_store *store, const char *member);
/** How many addresses @p l holds (0 for NULL). */
COP_EXTERN(size_t) cop_email_list_count(const cop_email_list *l);
/** Address @p i, lower-cased (owned by the list); NULL out of range. */
COP_EXTERN(const char *) cop_email_list_address(const cop_email_list *l,
	size_t i);
/** 1 when address @p i is the member's primary, else 0. */
COP_EXTERN(int) cop_email_list_primary(const cop_email_list *l, size_t i);
/** 1 when address @p i is verified, else 0. */
COP_EXTERN(int) cop_email_list_verified(const cop_email_list *l, size_t i);
/** When address @p i was added (0 out of range). */
COP_EXTERN(cop_time) cop_email_list_created(const cop_email_list *l,
	size_t i);
/** Free a list (NULL is fine). */
COP_EXTERN(void) cop_email_list_free(cop_email_list *l);

/**
 * Make @p address (any case) the member's only primary address.  For
 * the member themself and the system.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such member, or not an
 *         address of theirs), COP_EPERM, COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_member_email_set_primary(cop_store *store,
	const char *member, const char *address);

/**
 * Remove one of the member's addresses.  When it was the primary, the
 * first remaining verified address (by address; else the first
 * remaining) becomes the primary.  For the member themself and the
 * system.
 * @return as cop_member_email_set_primary().
 */
COP_EXTERN(cop_status) cop_member_email_remove(cop_store *store,
	const char *member, const char *address);

/**
 * The verification token of one of the member's addresses, for the
 * application to mail to it (valid COP_EMAIL_TOKEN_TTL from now, by the
 * store's clock).  Makes the store's secret on first need.  For the
 * member themself and the system.
 * @param out  receives the token, URL-safe base64 (caller owns:
 *             cop_text_dispose()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such member or address
 *         of theirs), COP_EEXISTS (already verified), COP_EPERM,
 *         COP_EREADONLY (no secret yet on a read-only store),
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_member_email_token(char **out, cop_store *store,
	const char *member, const char *address);

/**
 * Verify the address a token of cop_member_email_token() names.  As the
 * system, or as the member the token names.
 * @return COP_OK, COP_EINVAL (not a token), COP_EPERM (a forged token,
 *         one of another kind, one expired, or one of another member
 *         than the acting member), COP_ENOTFOUND (the address was
 *         removed since, or added again: a token names the address as
 *         it was when the token was made), COP_EEXISTS (already
 *         verified: a token is used once), COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_member_email_verify(cop_store *store,
	const char *token);

/**
 * Make a reply or unsubscribe token: a reply token names @p member and
 * the contribution @p object, an unsubscribe token @p member and the
 * community @p object (ids; not checked to exist: the outgoing mail
 * makes them for what it sends).  Makes the store's secret on first
 * need.  For the system only (the mailer).
 * @param out  receives the token, URL-safe base64 (caller owns:
 *             cop_text_dispose()); a reply token is 58 characters,
 *             so that "reply+TOKEN" is a valid local part (64).
 * @return COP_OK, COP_EINVAL (another kind, a malformed id), COP_EPERM,
 *         COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_mail_token_make(char **out, cop_store *store,
	cop_mail_token_kind kind, const char *member, const char *object);

/**
 * Check a reply or unsubscribe token of kind @p kind and give what it
 * names.  Anyone may check a token.
 * @param out         receives the member's id (caller owns:
 *                    cop_text_dispose()).
 * @param out_object  receives the contribution's or community's id
 *                    (caller owns: cop_text_dispose()).
 * @return COP_OK, COP_EINVAL (not a token, or an unknown kind), COP_EPERM
 *         (forged, of another kind, or the store never made a token),
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_mail_token_check(char **out, char **out_object,
	cop_store *store, cop_mail_token_kind kind, const char *token);

/* ---- incoming mail -------------------------------------------------------- */

/** What became of a message cop_mail_ingest() took. */
typedef enum cop_mail_outcome {
	COP_MAIL_ACCEPTED = 0,   /**< a new thread, or a reply */
	COP_MAIL_DUPLICATE = 1,  /**< its Message-ID was taken in before:
	                              nothing changed */
	COP_MAIL_REFUSED = 2,    /**< refused: cop_mail_result_code() says why */
	COP_MAIL_AUTOREPLY = 3,  /**< an auto-reply or bulk mail, dropped */
	COP_MAIL_BOUNCE = 4      /**< a delivery status notification, dropped */
} cop_mail_outcome;

/** The name of an outcome ("accepted", "duplicate", "refused",
 *  "auto-reply", "bounce"), or NULL. */
COP_EXTERN(const char *) cop_mail_outcome_name(cop_mail_outcome o);
/** Parse an outcome's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_mail_outcome_parse(cop_mail_outcome *out,
	const char *name);

/** What cop_mail_ingest() did with one message. */
typedef struct cop_mail_result cop_mail_result;

/**
 * Take in one RFC 5322 message (docs/mail.md, "Incoming mail"), parsed
 * with GMime.  The sender (From) is the member with that verified
 * address.  Sent to SLUG at @p domain ("SLUG@DOMAIN") it starts a
 * discussion in community SLUG, titled by its Subject; sent to
 * "reply+TOKEN@DOMAIN" (a reply token, cop_mail_token_make()) it replies
 * to the token's contribution,
 * and the token must name the sender's member.  The body is the text/plain
 * part (an HTML-only message converted to text), its quoted text and
 * signature trimmed, its attachments listed, not stored.  The member's
 * write is the API's: what they could not do there (not a member,
 * silenced, a closed or locked thread...) is refused with the same code.
 * Auto-replies and bulk mail (Auto-Submitted, Precedence bulk, junk,
 * list) and delivery status notifications are dropped.  A Message-ID
 * taken in before changes nothing (the first outcome's contribution is
 * reported); a message without one is known by a hash of its bytes.
 * Every outcome but a duplicate writes a line in the change log
 * ("mail.accepted" with the contribution and its community; "mail.refused",
 * "mail.dropped" naming nothing).  As the system only (the mail
 * gateway).
 * @param out      receives the result (caller owns:
 *                 cop_mail_result_free()): a refusal is COP_OK here with
 *                 the outcome COP_MAIL_REFUSED and its code.
 * @param domain   the list domain ("lists.example.org"), any case.
 * @param message  the message's bytes, @p len of them.
 * @return COP_OK, COP_EINVAL (no domain or message, a bad domain),
 *         COP_EPERM (not the system), COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_mail_ingest(cop_mail_result **out,
	cop_store *store, const char *domain, const char *message, size_t len);

/** The outcome. */
COP_EXTERN(cop_mail_outcome) cop_mail_result_outcome_get(const cop_mail_result *r);
/** COP_OK, or the code of a refusal (COP_EPERM, COP_ENOTFOUND,
 *  COP_EFORMAT, ...). */
COP_EXTERN(int) cop_mail_result_code(const cop_mail_result *r);
/** Why, in a sentence ("" when accepted). */
COP_EXTERN(const char *) cop_mail_result_reason(const cop_mail_result *r);
/** The contribution made (or, for a duplicate, made the first time);
 *  NULL when none. */
COP_EXTERN(const char *) cop_mail_result_contribution_id(const cop_mail_result *r);
/** The message's Message-ID without brackets (or the hash it is known
 *  by); NULL when the message could not be read. */
COP_EXTERN(const char *) cop_mail_result_message_id(const cop_mail_result *r);
/** Free a result (NULL is fine). */
COP_EXTERN(void) cop_mail_result_free(cop_mail_result *r);

/* ---- outgoing mail (docs/mail.md, "Outgoing mail") ------------------------ */

/** How a member gets a community's mail. */
typedef enum cop_mail_delivery {
	COP_MAIL_NONE = 0,       /**< no mail (the default) */
	COP_MAIL_EVERY = 1,      /**< a message for every notification */
	COP_MAIL_DAILY = 2,      /**< a daily digest */
	COP_MAIL_WEEKLY = 3      /**< a weekly digest */
} cop_mail_delivery;

/** The name of a delivery ("none", "every", "daily", "weekly"), or NULL. */
COP_EXTERN(const char *) cop_mail_delivery_name(cop_mail_delivery d);
/** Parse a delivery's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_mail_delivery_parse(cop_mail_delivery *out,
	const char *name);

/**
 * Set how @p member gets the mail of @p community (a community they are
 * a member of: active or silenced).  Nothing older than the change is
 * mailed: a digest starts then, a message is mailed for notifications
 * made from then on.  For the member themself and the system; logged
 * ("mail.delivery", the member and the community).
 * @param member     the member's id or handle.
 * @param community  the community's id or slug.
 * @return COP_OK, COP_EINVAL (bad arguments, an unknown delivery),
 *         COP_ENOTFOUND (no such member or community the actor sees),
 *         COP_EPERM (another member's, or not a member of the
 *         community), COP_EREADONLY, COP_ENOTSUP (a backend without
 *         outgoing mail), COP_ENOMEM, COP_EIO.  On failure nothing
 *         changes.
 */
COP_EXTERN(cop_status) cop_mail_delivery_set(cop_store *store,
	const char *member, const char *community, cop_mail_delivery delivery);

/**
 * How @p member gets the mail of @p community (COP_MAIL_NONE when never
 * set).  For the member themself and the system.
 * @return as cop_mail_delivery_set(), without COP_EREADONLY.
 */
COP_EXTERN(cop_status) cop_mail_delivery_get(cop_mail_delivery *out,
	cop_store *store, const char *member, const char *community);

/**
 * The one-click unsubscribe (RFC 8058) of a List-Unsubscribe URL: the
 * member and community an unsubscribe token names get no more mail
 * (their delivery becomes COP_MAIL_NONE; already none, or never set:
 * nothing changes).  As the system (the web application serving the
 * URL) or as the member the token names.
 * @return COP_OK, COP_EINVAL (not a token), COP_EPERM (forged, of
 *         another kind, or another member's), COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_mail_unsubscribe(cop_store *store,
	const char *token);

/** What became of a message in the outbox. */
typedef enum cop_outbox_state {
	COP_OUTBOX_WAITING = 0,  /**< not handed over yet */
	COP_OUTBOX_SENT = 1,     /**< handed to the mail program */
	COP_OUTBOX_FAILED = 2    /**< the mail program failed: kept for retry */
} cop_outbox_state;

/** The name of a state ("waiting", "sent", "failed"), or NULL. */
COP_EXTERN(const char *) cop_outbox_state_name(cop_outbox_state s);

/**
 * Render and put in the outbox what is due by mail (the application runs
 * it on a schedule, say every few minutes, then cop_mail_outbox_send()):
 *  - for each member who gets a community's mail COP_MAIL_EVERY, a
 *    message for each notification of theirs in that community made
 *    since they chose it, about a contribution they may see now (a
 *    reply, a post in what they follow, a mention, an accepted answer);
 *  - for each member who gets a daily or weekly digest whose day or week
 *    has passed since the last one, the community's digest read as that
 *    member (cop_digest_community()), when it holds anything.
 * Only members with a verified address get mail (their primary one, when
 * verified, else the first verified).  Each message is a multipart/
 * alternative of text/plain and text/html (libcmark, raw HTML left out)
 * with a Message-ID of its contribution ("c.ID@DOMAIN"; a digest's
 * its own), In-Reply-To and References to its parent's and its thread's
 * first contribution's, List-Id ("SLUG.DOMAIN"), List-Post,
 * List-Unsubscribe (@p unsubscribe_url followed by an unsubscribe
 * token) and List-Unsubscribe-Post (one click, RFC 8058), and a Reply-To
 * "reply+TOKEN@DOMAIN" that cop_mail_ingest() takes back as a reply.
 * A notification or digest already in the outbox is not added again.
 * The system only.
 * @param count            receives how many messages were added (may be
 *                         NULL).
 * @param domain           the list domain, as cop_mail_ingest()'s.
 * @param from             the address the mail is from (and the envelope
 *                         sender), "notifications@lists.example.org".
 * @param unsubscribe_url  an https URL the token is appended to.
 * @return COP_OK, COP_EINVAL (bad arguments), COP_EPERM (not the
 *         system), COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_mail_outbox_fill(cop_store *store,
	const char *domain, const char *from, const char *unsubscribe_url,
	unsigned int *count);

/** The outbox, as cop_mail_outbox_list() read it. */
typedef struct cop_outbox cop_outbox;

/**
 * The messages of the outbox in @p state (-1: all), oldest first.  The
 * system only.
 * @param out  receives the list (caller owns: cop_outbox_free()).
 * @return COP_OK, COP_EINVAL, COP_EPERM, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_mail_outbox_list(cop_outbox **out,
	cop_store *store, int state);
/** How many messages @p o holds (0 for NULL). */
COP_EXTERN(size_t) cop_outbox_count(const cop_outbox *o);
/** @name Message @p i's fields (owned by the list; NULL or 0 out of
 *  range). */
/**@{*/
COP_EXTERN(const char *) cop_outbox_id(const cop_outbox *o, size_t i);
COP_EXTERN(const char *) cop_outbox_member_id(const cop_outbox *o, size_t i);
COP_EXTERN(const char *) cop_outbox_community_id(const cop_outbox *o,
	size_t i);
/** What it is of: "n:" and a notification's id, or "d:" and the end of
 *  the digest's period. */
COP_EXTERN(const char *) cop_outbox_source(const cop_outbox *o, size_t i);
COP_EXTERN(const char *) cop_outbox_recipient(const cop_outbox *o, size_t i);
COP_EXTERN(const char *) cop_outbox_sender(const cop_outbox *o, size_t i);
/** The RFC 5322 message, as rendered. */
COP_EXTERN(const char *) cop_outbox_message(const cop_outbox *o, size_t i);
COP_EXTERN(cop_time) cop_outbox_created(const cop_outbox *o, size_t i);
COP_EXTERN(cop_outbox_state) cop_outbox_state_get(const cop_outbox *o,
	size_t i);
COP_EXTERN(int) cop_outbox_attempts(const cop_outbox *o, size_t i);
/** Why the last hand-over failed, or NULL. */
COP_EXTERN(const char *) cop_outbox_reason(const cop_outbox *o, size_t i);
/**@}*/
/** Free a list (NULL is fine). */
COP_EXTERN(void) cop_outbox_free(cop_outbox *o);

/**
 * Hand each message waiting or failed in the outbox, oldest first, to a
 * sendmail-compatible program: "@p sendmail -oi -f SENDER -- RECIPIENT",
 * the message on its standard input.  Exit status 0 marks it sent; any
 * other (or a program that cannot run) marks it failed with the reason,
 * kept for the next call.  Each message is marked in a write of its
 * own.  The system only.
 * @param sent    receives how many were sent (may be NULL).
 * @param failed  receives how many failed (may be NULL).
 * @return COP_OK (also when some failed), COP_EINVAL (no program),
 *         COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_mail_outbox_send(cop_store *store,
	const char *sendmail, unsigned int *sent, unsigned int *failed);

COP_END_DECL

#endif
