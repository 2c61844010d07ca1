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

COP_END_DECL

#endif
