/** @file
 * funding.h: a community's funding ledger and its members' hours given
 * (docs/funding.md).
 *
 * The ledger holds entries of kind grant, pledge, income and expense:
 * an amount in integer minor units of an ISO 4217 currency (cents for
 * EUR, yen for JPY, fils for KWD: each currency's exponent from the
 * standard's list, cop_currency_exponent()), a date, a counterparty, a
 * note and an optional event.  A pledge can be marked received: from
 * then on it counts as income.  The report gives, per currency at a
 * date, the balance, the burn rate, the runway and what is pledged but
 * not received, with no conversion between currencies.  Who sees the
 * ledger is a community setting (its facilitators and owners by
 * default, or every member); only facilitators, owners and the system
 * write it.
 *
 * Hours given: a member reports the hours they gave a community in a
 * month (a facilitator, an owner or the system may report for another
 * member); the figures set them against the hours a month the members
 * pledged (cop_membership_set_pledge()), by member or by organisation.
 *
 * Every write is checked, refused writes change nothing, and each is in
 * the change log ("fund.add", "fund.received", "fund.visibility",
 * "hours.report").
 */
#ifndef COP_FUNDING_H
#define COP_FUNDING_H

#include <stdint.h>
#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** What a ledger entry is. */
typedef enum cop_fund_kind {
	COP_FUND_GRANT = 0,    /**< money given to the community */
	COP_FUND_PLEDGE = 1,   /**< money promised, not yet received */
	COP_FUND_INCOME = 2,   /**< money earned (fees, sales) */
	COP_FUND_EXPENSE = 3   /**< money spent */
} cop_fund_kind;

/** Who sees a community's ledger. */
typedef enum cop_fund_visibility {
	COP_FUND_MODERATORS = 0, /**< its facilitators and owners (default) */
	COP_FUND_MEMBERS = 1     /**< every member whose membership sees the
	                              community (active or silenced) */
} cop_fund_visibility;

/** What the hours figures are grouped by. */
typedef enum cop_hours_by {
	COP_HOURS_TOTAL = 0,        /**< one row: the community */
	COP_HOURS_BY_MEMBER = 1,    /**< a row a member */
	COP_HOURS_BY_ORGANISATION = 2 /**< a row an organisation */
} cop_hours_by;

/** The largest amount of one entry, in minor units (10^13). */
#define COP_FUND_AMOUNT_MAX INT64_C(10000000000000)
/** The most hours a member gives in a month (31 days of 24 hours). */
#define COP_HOURS_MAX 744
/** The trailing window of the burn rate when none is given (months). */
#define COP_FUND_WINDOW_DEFAULT 3
/** The longest trailing window (months). */
#define COP_FUND_WINDOW_MAX 120

typedef struct cop_fund_entry cop_fund_entry;  /**< A fund entry.  Opaque; free with cop_fund_entry_free(). */
typedef struct cop_fund_iter cop_fund_iter;  /**< An iterator over fund entries (cop_fund_iter_next(), cop_fund_iter_free()). */
typedef struct cop_fund_report cop_fund_report;  /**< A fund report.  Opaque; free with cop_fund_report_free(). */
typedef struct cop_hours_report cop_hours_report;  /**< A hours report.  Opaque; free with cop_hours_report_free(). */

/** Static name ("grant", "pledge", "income", "expense"), NULL for
 *  unknown values. */
COP_EXTERN(const char *) cop_fund_kind_name(cop_fund_kind k);
/** Parse a kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_fund_kind_parse(cop_fund_kind *out,
	const char *name);
/** Static name ("moderators", "members"), NULL for unknown values. */
COP_EXTERN(const char *) cop_fund_visibility_name(cop_fund_visibility v);
/** Parse a visibility's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_fund_visibility_parse(cop_fund_visibility *out,
	const char *name);

/** Static name ("total", "member", "organisation"), NULL for unknown
 *  values. */
COP_EXTERN(const char *) cop_hours_by_name(cop_hours_by by);
/** Parse a grouping's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_hours_by_parse(cop_hours_by *out,
	const char *name);

/**
 * The minor-unit exponent of an active ISO 4217 currency (2 for "EUR",
 * 0 for "JPY", 3 for "KWD"), or -1 when @p code is not one (codes are
 * three capital letters; the table is docs/funding.md's).
 */
COP_EXTERN(int) cop_currency_exponent(const char *code);

/**
 * Parse an amount in major units as written ("1250.50", "12", "0.5")
 * into minor units of @p currency: digits, then optionally a point and
 * at most the currency's exponent of digits ("12.345" is refused for
 * EUR, "12.5" for JPY).  No sign: the entry's kind says which way the
 * money goes.
 * @return COP_OK; COP_EINVAL (unknown currency, malformed, zero, more
 *         decimals than the currency has, above COP_FUND_AMOUNT_MAX).
 */
COP_EXTERN(cop_status) cop_amount_parse(int64_t *out, const char *text,
	const char *currency);

/**
 * Write @p minor minor units of @p currency in major units into @p buf
 * ("1250.50" for 125050 EUR, "-3.5" never: "-3.50"), NUL-terminated.
 * @return the length written, or -1 (unknown currency, @p n too small).
 */
COP_EXTERN(int) cop_amount_format(char *buf, size_t n, int64_t minor,
	const char *currency);

/**
 * Add an entry to a community's ledger.  For its facilitators and owners
 * and the system.
 * @param out           receives the new entry (caller owns:
 *                      cop_fund_entry_free()), or NULL.
 * @param community     its id or slug.
 * @param amount        minor units of @p currency, 1 to
 *                      COP_FUND_AMOUNT_MAX.
 * @param currency      an active ISO 4217 code ("EUR").
 * @param date          "YYYY-MM-DD", or NULL for today (the store's
 *                      clock, UTC).
 * @param counterparty  NULL or up to 200 characters of UTF-8.
 * @param note          NULL or up to 1000 characters of UTF-8.
 * @param event_id      NULL, or the id of an event of the community.
 * @return COP_OK, COP_EINVAL (unknown kind or currency, amount zero or
 *         out of range, bad date or id), COP_EENCODING, COP_ETOOBIG,
 *         COP_ENOTFOUND (no such community, or no such event in it),
 *         COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP (a backend without a funding table), COP_ENOMEM,
 *         COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_fund_add(cop_fund_entry **out, cop_store *store,
	const char *community, cop_fund_kind kind, int64_t amount,
	const char *currency, const char *date, const char *counterparty,
	const char *note, const char *event_id);

/**
 * Mark a pledge received: from the later of today (the store's clock)
 * and the pledge's date it counts as income.  Permission as
 * cop_fund_add().
 * @return COP_OK, COP_EINVAL (bad id; not a pledge), COP_EEXISTS
 *         (already received), COP_ENOTFOUND (no such entry, or one the
 *         actor may not see), COP_EPERM, COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_fund_receive(cop_store *store,
	const char *entry_id);

/**
 * One ledger entry, for those who see its community's ledger.
 * @param out  receives it (caller owns: cop_fund_entry_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such entry, or one the
 *         actor may not see: the same error), COP_ENOTSUP, COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_fund_entry_lookup(cop_fund_entry **out,
	cop_store *store, const char *entry_id);

/**
 * Set who sees a community's ledger.  For its facilitators and owners
 * and the system.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_fund_set_visibility(cop_store *store,
	const char *community, cop_fund_visibility visibility);

/**
 * Who sees a community's ledger, for those who see the community.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_fund_visibility_lookup(cop_fund_visibility *out,
	cop_store *store, const char *community);

/**
 * A community's ledger, newest first (by date, then by id), by keyset
 * pages (@p page may be NULL), for those who see it.
 * @param out  receives the iterator (caller owns: cop_fund_iter_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM (the actor may not
 *         see the community or its ledger), COP_ENOTSUP, COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_fund_iter_new(cop_fund_iter **out,
	cop_store *store, const char *community, const cop_page *page);
/** Next entry (caller owns it: cop_fund_entry_free()), or COP_ITEROVER,
 *  or an error. */
COP_EXTERN(cop_status) cop_fund_iter_next(cop_fund_entry **out,
	cop_fund_iter *it);
/** Cursor after the last entry returned (borrowed, valid until the next
 *  call on the iterator), or NULL. */
COP_EXTERN(const char *) cop_fund_iter_cursor(const cop_fund_iter *it);
/** Free an iterator; NULL is harmless. */
COP_EXTERN(void) cop_fund_iter_free(cop_fund_iter *it);

/** Free an entry; NULL is harmless. */
COP_EXTERN(void) cop_fund_entry_free(cop_fund_entry *e);
/** @name Getters (borrowed strings, valid while the entry lives). */
/**@{*/
COP_EXTERN(const char *) cop_fund_entry_id(const cop_fund_entry *e);
COP_EXTERN(const char *) cop_fund_entry_community_id(const cop_fund_entry *e);
COP_EXTERN(cop_fund_kind) cop_fund_entry_kind_get(const cop_fund_entry *e);
/** In minor units of the currency. */
COP_EXTERN(int64_t) cop_fund_entry_amount(const cop_fund_entry *e);
COP_EXTERN(const char *) cop_fund_entry_currency(const cop_fund_entry *e);
/** "YYYY-MM-DD". */
COP_EXTERN(const char *) cop_fund_entry_date(const cop_fund_entry *e);
/** "" when none. */
COP_EXTERN(const char *) cop_fund_entry_counterparty(const cop_fund_entry *e);
/** "" when none. */
COP_EXTERN(const char *) cop_fund_entry_note(const cop_fund_entry *e);
/** NULL when none. */
COP_EXTERN(const char *) cop_fund_entry_event_id(const cop_fund_entry *e);
/** When a pledge was received ("YYYY-MM-DD"), NULL when it was not (and
 *  for the other kinds). */
COP_EXTERN(const char *) cop_fund_entry_received(const cop_fund_entry *e);
/** Who wrote it, NULL for the system. */
COP_EXTERN(const char *) cop_fund_entry_actor_id(const cop_fund_entry *e);
COP_EXTERN(cop_time) cop_fund_entry_created(const cop_fund_entry *e);
/**@}*/

/**
 * A community's figures per currency at a date, read from the totals
 * kept with every write (docs/funding.md has the definitions): for
 * those who see its ledger.
 * @param at       "YYYY-MM-DD", or NULL for today (the store's clock).
 * @param window   the burn rate's trailing window in whole months, 1 to
 *                 COP_FUND_WINDOW_MAX, or 0 for COP_FUND_WINDOW_DEFAULT.
 * @param out      receives the report (caller owns:
 *                 cop_fund_report_free()).
 * @return COP_OK, COP_EINVAL (bad date or window), COP_ENOTFOUND,
 *         COP_EPERM, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_fund_report_lookup(cop_fund_report **out,
	cop_store *store, const char *community, const char *at, int window);
/** Free a report; NULL is harmless. */
COP_EXTERN(void) cop_fund_report_free(cop_fund_report *r);
/** Its date ("YYYY-MM-DD"). */
COP_EXTERN(const char *) cop_fund_report_at(const cop_fund_report *r);
/** Its window (months). */
COP_EXTERN(int) cop_fund_report_window(const cop_fund_report *r);
/** How many currencies it has (those with an entry dated on or before
 *  its date), in the order of their codes. */
COP_EXTERN(size_t) cop_fund_report_count(const cop_fund_report *r);
/** @name Each currency's figures, @p i from 0; amounts in minor units.
 *  Out of range: NULL, 0 (runway: -1). */
/**@{*/
COP_EXTERN(const char *) cop_fund_report_currency(const cop_fund_report *r,
	size_t i);
/** Grants, income and received pledges less expenses. */
COP_EXTERN(int64_t) cop_fund_report_balance(const cop_fund_report *r,
	size_t i);
/** The mean monthly expenses over the window, rounded to the minor
 *  unit. */
COP_EXTERN(int64_t) cop_fund_report_burn(const cop_fund_report *r,
	size_t i);
/** The months of the window the burn rate divides by (fewer than the
 *  window when the currency's first entry is within it; 0: none). */
COP_EXTERN(int) cop_fund_report_burn_months(const cop_fund_report *r,
	size_t i);
/** The balance over the burn rate, in months (0 when the balance is not
 *  above 0), or -1: none, when the burn rate is 0. */
COP_EXTERN(double) cop_fund_report_runway(const cop_fund_report *r,
	size_t i);
/** Pledges dated on or before the date and not received by then. */
COP_EXTERN(int64_t) cop_fund_report_pledged_outstanding(
	const cop_fund_report *r, size_t i);
/**@}*/

/**
 * Report the hours a member gave a community in a month, replacing what
 * was reported for that month before.  A member reports their own (an
 * active membership); facilitators, owners and the system report for
 * any member of the community.
 * @param member  the member's id or handle, or NULL for the actor.
 * @param month   "YYYY-MM", or NULL for this month (the store's clock).
 * @param hours   0 to COP_HOURS_MAX, kept to the minute.
 * @param note    NULL or up to 1000 characters of UTF-8.
 * @return COP_OK, COP_EINVAL (negative or too many hours, bad month, no
 *         member named by the system), COP_EENCODING, COP_ETOOBIG,
 *         COP_ENOTFOUND (no such community or member, or not a member
 *         there), COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM,
 *         COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_hours_record(cop_store *store,
	const char *community, const char *member, const char *month,
	double hours, const char *note);

/**
 * A community's hours pledged and given over the months @p from to
 * @p to, grouped by @p by: for its members (active or silenced), its
 * facilitators and owners, and the system.  Pledged is each active or
 * silenced membership's hours a month times the months.  By member, a
 * row naming a member the actor may not see (one who left or was
 * erased; a ban, to anyone but the community's moderators) is left out
 * for anyone but the system; the totals by organisation and overall
 * keep their hours.
 * @param from  "YYYY-MM", or NULL for this month.
 * @param to    "YYYY-MM" not before @p from, or NULL for @p from.
 * @param out   receives the report (caller owns:
 *              cop_hours_report_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_hours_report_lookup(cop_hours_report **out,
	cop_store *store, const char *community, const char *from,
	const char *to, cop_hours_by by);
/** Free a report; NULL is harmless. */
COP_EXTERN(void) cop_hours_report_free(cop_hours_report *r);
/** How many rows it has (by member: ordered by handle; by organisation:
 *  by name, "" for members without one; total: one). */
COP_EXTERN(size_t) cop_hours_report_count(const cop_hours_report *r);
/** @name Each row, @p i from 0 (out of range: NULL, 0; fulfilment -1). */
/**@{*/
/** The member's id, NULL unless by member. */
COP_EXTERN(const char *) cop_hours_report_member_id(
	const cop_hours_report *r, size_t i);
/** The member's handle, NULL unless by member. */
COP_EXTERN(const char *) cop_hours_report_handle(const cop_hours_report *r,
	size_t i);
/** The organisation (by member: the member's, NULL for none; by
 *  organisation: "" for members without one; total: NULL). */
COP_EXTERN(const char *) cop_hours_report_organisation(
	const cop_hours_report *r, size_t i);
COP_EXTERN(double) cop_hours_report_pledged(const cop_hours_report *r,
	size_t i);
COP_EXTERN(double) cop_hours_report_given(const cop_hours_report *r,
	size_t i);
/** Given over pledged, or -1: none, when nothing was pledged. */
COP_EXTERN(double) cop_hours_report_fulfilment(const cop_hours_report *r,
	size_t i);
/**@}*/

COP_END_DECL

#endif
