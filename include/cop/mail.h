/*
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

COP_END_DECL

#endif
