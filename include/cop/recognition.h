/** @file
 * recognition.h: votes and reactions, accepted answers, kudos, the
 * reputation ledger, trust levels, badges, leaderboards, and cop_verify.
 *
 * The rules and default numbers are in docs/recognition.md; every number
 * is configurable per community (cop_recognition_config).
 */
#ifndef COP_RECOGNITION_H
#define COP_RECOGNITION_H

#include "common.h"
#include "errors.h"
#include "contribution.h"

COP_BEGIN_DECL

/* ---- enums ---------------------------------------------------------------- */

/** Votes and reactions.  Score: up and helpful +1, down -1, thanks 0. */
typedef enum cop_vote_kind {
	COP_VOTE_UP = 0,
	COP_VOTE_DOWN = 1,      /**< needs the vote-down privilege */
	COP_VOTE_HELPFUL = 2,
	COP_VOTE_THANKS = 3
} cop_vote_kind;

/** Badges.  Once-only unless marked "per contribution". */
typedef enum cop_badge {
	COP_BADGE_FIRST_POST = 0,       /**< bronze: first contribution */
	COP_BADGE_FIRST_ACCEPTED = 1,   /**< bronze: first answer accepted */
	COP_BADGE_NICE_ANSWER = 2,      /**< bronze, per contribution: answer score 10 */
	COP_BADGE_GOOD_ANSWER = 3,      /**< silver, per contribution: answer score 25 */
	COP_BADGE_GREAT_ANSWER = 4,     /**< gold, per contribution: answer score 100 */
	COP_BADGE_NICE_QUESTION = 5,    /**< bronze, per contribution: question score 10 */
	COP_BADGE_GOOD_QUESTION = 6,    /**< silver, per contribution: question score 25 */
	COP_BADGE_GREAT_QUESTION = 7,   /**< gold, per contribution: question score 100 */
	COP_BADGE_FACILITATOR = 8,      /**< silver: first accept for someone else's question */
	COP_BADGE_SUMMARY_WRITER = 9,   /**< bronze: first summary */
	COP_BADGE_WELCOMER = 10,        /**< bronze: first reply to a newcomer's first thread */
	COP_BADGE_EVENT_ATTENDEE = 11,  /**< bronze: awarded by hand (events) */
	COP_BADGE_APPRECIATED = 12,     /**< bronze: 1 kudos received */
	COP_BADGE_VALUED = 13,          /**< silver: 10 kudos received */
	COP_BADGE_TREASURED = 14,       /**< gold: 50 kudos received */
	/** Awarded elsewhere and imported under its own name and class
	 *  (cop_badge_award_name(), cop_badge_award_class()); never awarded
	 *  by libcop's rules, left alone by cop_verify(). */
	COP_BADGE_NAMED = -1
} cop_badge;

/** A badge's class. */
typedef enum cop_badge_class {
	COP_BADGE_BRONZE = 0,
	COP_BADGE_SILVER = 1,
	COP_BADGE_GOLD = 2
} cop_badge_class;

/** Leaderboard periods (UTC; weeks start on Monday). */
typedef enum cop_period {
	COP_PERIOD_WEEK = 0,
	COP_PERIOD_MONTH = 1,
	COP_PERIOD_QUARTER = 2,
	COP_PERIOD_YEAR = 3,
	COP_PERIOD_ALL = 4
} cop_period;

/** Why a ledger entry was made. */
typedef enum cop_rep_reason {
	COP_REP_UPVOTE = 0,          /**< an up-vote on the member's contribution */
	COP_REP_DOWNVOTE = 1,        /**< a down-vote on the member's contribution */
	COP_REP_DOWNVOTE_GIVEN = 2,  /**< the member down-voted an answer */
	COP_REP_HELPFUL = 3,         /**< a helpful vote on the member's contribution */
	COP_REP_ACCEPTED = 4,        /**< the member's answer was accepted */
	COP_REP_ACCEPTOR = 5,        /**< the member accepted an answer */
	COP_REP_KUDOS = 6,           /**< kudos received */
	COP_REP_REVERSAL = 7,        /**< undoes an earlier entry for the same object */
	COP_REP_ATTENDED = 8         /**< the member attended an event (event.h) */
} cop_rep_reason;

/** What trust levels unlock (facilitators, owners and the system have all). */
typedef enum cop_privilege {
	COP_PRIV_FLAG = 0,
	COP_PRIV_VOTE_DOWN = 1,
	COP_PRIV_EDIT_OTHERS = 2,
	COP_PRIV_MODERATE = 3
} cop_privilege;

/** Static names ("up", "nice-answer", "gold", "week", "upvote",
 *  "vote-down"); NULL for unknown values. */
COP_EXTERN(const char *) cop_vote_kind_name(cop_vote_kind k);
COP_EXTERN(const char *) cop_badge_name(cop_badge b);  /**< The static name of a cop_badge value, as above; NULL for an unknown one. */
COP_EXTERN(const char *) cop_badge_class_name(cop_badge_class c);  /**< The static name of a cop_badge_class value, as above; NULL for an unknown one. */
COP_EXTERN(const char *) cop_period_name(cop_period p);  /**< The static name of a cop_period value, as above; NULL for an unknown one. */
COP_EXTERN(const char *) cop_rep_reason_name(cop_rep_reason r);  /**< The static name of a cop_rep_reason value, as above; NULL for an unknown one. */
COP_EXTERN(const char *) cop_privilege_name(cop_privilege p);  /**< The static name of a cop_privilege value, as above; NULL for an unknown one. */
/** Parse names.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_vote_kind_parse(cop_vote_kind *out,
	const char *name);
COP_EXTERN(cop_status) cop_badge_parse(cop_badge *out, const char *name);  /**< Parse a cop_badge name, as above: COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_period_parse(cop_period *out, const char *name);  /**< Parse a cop_period name, as above: COP_OK or COP_EINVAL. */
/** The class (bronze, silver, gold) of a badge as a cop_badge_class value;
 *  -1 for unknown values (a value, not a status). */
COP_EXTERN(int) cop_badge_class_of(cop_badge b);
/** 1 if the badge is awarded at most once per member and community, else
 *  0 (a value, not a status). */
COP_EXTERN(int) cop_badge_once(cop_badge b);

/* ---- configuration ---------------------------------------------------------- */

/**
 * The numbers of one community.  Defaults (COP_RECOGNITION_CONFIG_INIT)
 * are those of docs/recognition.md (the numbers of the largest Q&A
 * communities).  Fields are only ever appended.
 */
typedef struct cop_recognition_config {
	unsigned int version;        /**< COP_RECOGNITION_CONFIG_VERSION */
	int up_question;             /**< up-vote on a question's post: +10 */
	int up_answer;               /**< up-vote on an answer: +10 */
	int up_other;                /**< up-vote on anything else: +10 */
	int helpful;                 /**< helpful vote: +5 */
	int down_received;           /**< down-vote received: -2 */
	int down_answer_cost;        /**< down-voting an answer: -1 */
	int accept_author;           /**< answer accepted: +15 */
	int accept_acceptor;         /**< accepting someone else's answer: +2 */
	int kudos;                   /**< kudos received: 0 */
	int daily_cap;               /**< most points per UTC day from votes: 200 */
	int floor;                   /**< reputation never below: 1 (at most 1) */
	/** Trust levels 1, 2, 3: the days active, posts, likes given and likes received a member needs (defaults after each line). @{ */
	int trust1_days, trust1_posts, trust1_given, trust1_received;  /**< 1 1 0 0 */
	int trust2_days, trust2_posts, trust2_given, trust2_received;  /**< 3 3 1 1 */
	int trust3_days, trust3_posts, trust3_given, trust3_received;  /**< 10 10 10 10 */
	/** @} */
	int priv_flag;               /**< trust level to flag: 1 */
	int priv_vote_down;          /**< to vote down: 2 */
	int priv_edit_others;        /**< to edit others' contributions: 3 */
	int priv_moderate;           /**< to lock, close, pin, hide threads: 4 */
	/** The thresholds of the bronze, silver and gold score badges: an answer's or question's score, kudos received (defaults after each line). @{ */
	int badge_answer1, badge_answer2, badge_answer3;       /**< 10 25 100 */
	int badge_question1, badge_question2, badge_question3; /**< 10 25 100 */
	int badge_kudos1, badge_kudos2, badge_kudos3;          /**< 1 10 50 */
	/** @} */
	/** Posts read (cop_thread_read()) for trust levels 1, 2, 3: 0 0 0, so
	 *  that applications that do not report reading still promote. */
	/** See above. @{ */
	int trust1_read, trust2_read, trust3_read;
	/** @} */
	/** 1 (the default): libcop awards its rule badges (first post, score
	 *  and kudos badges, ...) and cop_verify() checks them.  0: it does
	 *  neither; an imported community (cop_import_stackexchange()) brings
	 *  its own badges and its history must not earn libcop's as well.
	 *  Badges awarded by hand (cop_badge_award_give()) are always given. */
	int rule_badges;
} cop_recognition_config;

#define COP_RECOGNITION_CONFIG_VERSION 1  /**< The version of cop_recognition_config this header knows. */
/** A cop_recognition_config with its version set and the defaults. */
#define COP_RECOGNITION_CONFIG_INIT { COP_RECOGNITION_CONFIG_VERSION, \
	10, 10, 10, 5, -2, -1, 15, 2, 0, 200, 1, \
	1, 1, 0, 0,  3, 3, 1, 1,  10, 10, 10, 10, \
	1, 2, 3, 4,  10, 25, 100,  10, 25, 100,  1, 10, 50,  0, 0, 0,  1 }

/**
 * Read a community's configuration (the defaults until one is set).
 * @param out  filled in; its version is set by the library.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (also a community the actor
 *         may not see), COP_ENOTSUP (backend without recognition),
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_recognition_config_lookup(cop_recognition_config *out,
	cop_store *store, const char *community);

/**
 * Set a community's configuration: facilitators, owners, the system.
 * Applies to later events only (the ledger is never rewritten).
 * @return COP_OK, COP_EINVAL (bad version, floor > 1, negative cap,
 *         levels outside 0-4), COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP, COP_EIO.
 */
COP_EXTERN(cop_status) cop_recognition_config_set(cop_store *store,
	const char *community, const cop_recognition_config *config);

/* ---- votes ---------------------------------------------------------------- */

/**
 * Vote on a contribution as the actor, or change the actor's vote.  One
 * vote per member and contribution; the score and the reputation ledger
 * follow in the same transaction.  As the system (no actor) the vote is
 * anonymous (for imports: the store's time is the vote's time), and
 * every anonymous vote counts.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (also a contribution the
 *         voter may not see), COP_EEXISTS (the same vote already),
 *         COP_EPERM (own contribution, not an active member, no
 *         vote-down privilege), COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_vote_cast(cop_store *store,
	const char *contribution_id, cop_vote_kind kind);

/**
 * Retract the actor's vote on a contribution; its reputation entries are
 * reversed.
 * @return COP_OK, COP_EINVAL (as the system), COP_ENOTFOUND (no vote),
 *         COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_vote_retract(cop_store *store,
	const char *contribution_id);

/**
 * The actor's current vote on a contribution.
 * @return COP_OK, COP_ENOTFOUND (none), COP_EINVAL, COP_EPERM, COP_ENOTSUP,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_vote_lookup(cop_vote_kind *out, cop_store *store,
	const char *contribution_id);

/* ---- accepted answers -------------------------------------------------------- */

/**
 * Accept an answer: by the question's author, a facilitator or owner, or
 * the system.  Replaces an earlier accepted answer (its entries are
 * reversed); the thread becomes answered (when it was open).
 * @return COP_OK, COP_EINVAL (not an answer), COP_EEXISTS (already the
 *         accepted one), COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_answer_accept(cop_store *store,
	const char *answer_id);

/**
 * Take back a thread's accepted answer (same people as accepting); the
 * thread goes back from answered to open.
 * @return COP_OK, COP_ENOTFOUND (none accepted), COP_EINVAL, COP_EPERM,
 *         COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_answer_unaccept(cop_store *store,
	const char *thread_id);

/**
 * The accepted answer of a thread.
 * @param out  receives the answer (caller owns it: cop_contribution_free()).
 * @return COP_OK, COP_ENOTFOUND (none), COP_EINVAL, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_answer_lookup(cop_contribution **out,
	cop_store *store, const char *thread_id);

/* ---- kudos ------------------------------------------------------------------- */

typedef struct cop_kudos cop_kudos;  /**< A kudos.  Opaque; free with cop_kudos_free(). */
typedef struct cop_kudos_iter cop_kudos_iter;  /**< An iterator over kudos (cop_kudos_iter_next(), cop_kudos_iter_free()). */

/** Longest kudos message, in characters. */
#define COP_KUDOS_MAX 280

/**
 * The actor thanks a member of the community with a short message,
 * optionally for one of their contributions.
 * @param out           receives the kudos (caller owns it), or NULL.
 * @param to            text id or handle of the member thanked.
 * @param contribution  NULL, or a contribution by @p to in the community
 *                      that the actor sees (one in a thread hidden from
 *                      the actor is COP_ENOTFOUND, as a missing one).
 * @param message       1-COP_KUDOS_MAX characters.
 * @return COP_OK, COP_EINVAL (to oneself, bad text), COP_ENOTFOUND,
 *         COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_kudos_give(cop_kudos **out, cop_store *store,
	const char *community, const char *to, const char *contribution,
	const char *message);

/**
 * Iterate over the kudos a member received in a community, newest first.
 * A kudos for a contribution the actor may not see (in a hidden thread,
 * or hidden by a moderator) is not listed to the actor.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_kudos_iter_new(cop_kudos_iter **out,
	cop_store *store, const char *community, const char *member,
	const cop_page *page);
/** Next kudos (caller owns it), COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_kudos_iter_next(cop_kudos **out, cop_kudos_iter *it);
/** Cursor after the last item (owned by the iterator), or NULL. */
COP_EXTERN(const char *) cop_kudos_iter_cursor(const cop_kudos_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_kudos_iter_free(cop_kudos_iter *it);
/** Free a kudos; NULL is harmless. */
COP_EXTERN(void) cop_kudos_free(cop_kudos *k);
/** @name Borrowed getters (owned by the kudos). */
/**@{*/
COP_EXTERN(const char *) cop_kudos_id(const cop_kudos *k);
COP_EXTERN(const char *) cop_kudos_community_id(const cop_kudos *k);
/** The giver's text id, NULL for the system. */
COP_EXTERN(const char *) cop_kudos_from_id(const cop_kudos *k);
COP_EXTERN(const char *) cop_kudos_to_id(const cop_kudos *k);
/** Text id or NULL. */
COP_EXTERN(const char *) cop_kudos_contribution_id(const cop_kudos *k);
COP_EXTERN(const char *) cop_kudos_message(const cop_kudos *k);
COP_EXTERN(cop_time) cop_kudos_created(const cop_kudos *k);
/**@}*/

/* ---- reputation, standing, trust ------------------------------------------- */

typedef struct cop_standing cop_standing;  /**< A standing.  Opaque; free with cop_standing_free(). */
typedef struct cop_ledger_entry cop_ledger_entry;  /**< A ledger entry.  Opaque; free with cop_ledger_entry_free(). */
typedef struct cop_ledger_iter cop_ledger_iter;  /**< An iterator over ledger entries (cop_ledger_iter_next(), cop_ledger_iter_free()). */

/**
 * A member's standing in a community: reputation, trust level and the
 * counts trust levels come from.  A member without any activity gets a
 * standing with reputation 1 and trust level 0.  The counts (days
 * active, posts, likes given and received, kudos received, accepted
 * answers, posts read) count hidden content too, so they are given only
 * to the member, the community's facilitators and owners and the system;
 * to anyone else each count is -1 (not shown), while the reputation
 * (which leaves hidden content out) and the trust level are shown.
 * @param member  text id or handle.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_standing_lookup(cop_standing **out, cop_store *store,
	const char *community, const char *member);
/** Free a standing; NULL is harmless. */
COP_EXTERN(void) cop_standing_free(cop_standing *st);
/** @name Getters (the `int` and `int64_t` ones return values, not
 *  statuses; a count not shown to the actor is -1, see
 *  cop_standing_lookup()). */
/**@{*/
COP_EXTERN(const char *) cop_standing_member_id(const cop_standing *st);
COP_EXTERN(int64_t) cop_standing_reputation(const cop_standing *st);
COP_EXTERN(int) cop_standing_trust_level(const cop_standing *st);
/** 1 when the level was set by hand (cop_trust_set()). */
COP_EXTERN(int) cop_standing_trust_manual(const cop_standing *st);
COP_EXTERN(int) cop_standing_days_active(const cop_standing *st);
COP_EXTERN(int) cop_standing_posts(const cop_standing *st);
COP_EXTERN(int) cop_standing_likes_given(const cop_standing *st);
COP_EXTERN(int) cop_standing_likes_received(const cop_standing *st);
COP_EXTERN(int) cop_standing_kudos_received(const cop_standing *st);
COP_EXTERN(int) cop_standing_accepted(const cop_standing *st);
/** Posts the member has read (reported through cop_thread_read()). */
COP_EXTERN(int) cop_standing_posts_read(const cop_standing *st);
/**@}*/

/**
 * Set a member's trust level by hand (0-4; level 4 only this way), or
 * with @p level -1 go back to automatic levels.  Facilitators, owners,
 * the system.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP, COP_EIO.
 */
COP_EXTERN(cop_status) cop_trust_set(cop_store *store, const char *community,
	const char *member, int level);

/**
 * Whether a member (NULL: the actor) has a privilege in a community:
 * *out is 1 or 0.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP, COP_EIO.
 */
COP_EXTERN(cop_status) cop_trust_can(int *out, cop_store *store,
	const char *community, const char *member, cop_privilege priv);

/**
 * Iterate over a member's ledger entries in a community, newest first.
 * Entries for a vote, an accepted answer or a kudos the actor may not
 * see (in a hidden thread, on a hidden contribution) are not listed to
 * the actor, nor are badges for them (cop_badge_iter_new()).
 * Who caused each entry (cop_ledger_entry_actor_id()) is shown to the
 * system, to the community's moderators (facilitators, owners, members
 * with the moderate privilege) and to that member themself; for any
 * other reader it is NULL, as who voted is the voter's to know.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_ledger_iter_new(cop_ledger_iter **out,
	cop_store *store, const char *community, const char *member,
	const cop_page *page);
/** Next entry (caller owns it), COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_ledger_iter_next(cop_ledger_entry **out,
	cop_ledger_iter *it);
/** Cursor after the last item (owned by the iterator), or NULL. */
COP_EXTERN(const char *) cop_ledger_iter_cursor(const cop_ledger_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_ledger_iter_free(cop_ledger_iter *it);
/** Free an entry; NULL is harmless. */
COP_EXTERN(void) cop_ledger_entry_free(cop_ledger_entry *e);
/** @name Getters (strings owned by the entry). */
/**@{*/
COP_EXTERN(const char *) cop_ledger_entry_member_id(const cop_ledger_entry *e);
/** Points applied (after the daily cap and the floor; a value, not a
 *  status). */
COP_EXTERN(int) cop_ledger_entry_points(const cop_ledger_entry *e);
/** Points the rule gave before the cap and the floor (a value, not a
 *  status). */
COP_EXTERN(int) cop_ledger_entry_nominal(const cop_ledger_entry *e);
COP_EXTERN(cop_rep_reason) cop_ledger_entry_reason(const cop_ledger_entry *e);
/** The vote, thread (accepted answers) or kudos; text id or NULL. */
COP_EXTERN(const char *) cop_ledger_entry_object_id(const cop_ledger_entry *e);
/** Who caused it: text id; NULL for the system, for anonymous votes,
 *  and for a reader who may not see who voted (cop_ledger_iter_new()). */
COP_EXTERN(const char *) cop_ledger_entry_actor_id(const cop_ledger_entry *e);
COP_EXTERN(cop_time) cop_ledger_entry_time(const cop_ledger_entry *e);
/**@}*/

/* ---- badges -------------------------------------------------------------------- */

typedef struct cop_badge_award cop_badge_award;  /**< A badge award.  Opaque; free with cop_badge_award_free(). */
typedef struct cop_badge_iter cop_badge_iter;  /**< An iterator over badges (cop_badge_iter_next(), cop_badge_iter_free()). */

/**
 * Award a badge by hand (facilitators, owners, the system), e.g. event
 * attendee.  Once-only badges given twice give COP_EEXISTS.  The member
 * must have a membership in the community (COP_EINVAL otherwise).
 * @param object  NULL for a badge of no contribution (one given is
 *                COP_EINVAL); for a per-contribution badge, one of the
 *                member's contributions in the community, an answer for
 *                the answer badges, a question's first post for the
 *                question badges (COP_EINVAL otherwise; COP_ENOTFOUND
 *                when there is no such contribution in the community).
 * @return COP_OK, COP_EEXISTS, COP_EINVAL, COP_ENOTFOUND, COP_EPERM,
 *         COP_EREADONLY, COP_ENOTSUP, COP_EIO.
 */
COP_EXTERN(cop_status) cop_badge_award_give(cop_store *store,
	const char *community, const char *member, cop_badge badge,
	const char *object);

/**
 * Iterate over a member's badges in a community, newest first.  A badge
 * for a contribution or thread the actor may not see is not listed to
 * the actor.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_badge_iter_new(cop_badge_iter **out,
	cop_store *store, const char *community, const char *member,
	const cop_page *page);
/** Next award (caller owns it), COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_badge_iter_next(cop_badge_award **out,
	cop_badge_iter *it);
/** Cursor after the last item (owned by the iterator), or NULL. */
COP_EXTERN(const char *) cop_badge_iter_cursor(const cop_badge_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_badge_iter_free(cop_badge_iter *it);
/** Free an award; NULL is harmless. */
COP_EXTERN(void) cop_badge_award_free(cop_badge_award *a);
/** @name Getters (strings owned by the award). */
/**@{*/
COP_EXTERN(cop_badge) cop_badge_award_badge(const cop_badge_award *a);
COP_EXTERN(const char *) cop_badge_award_member_id(const cop_badge_award *a);
/** The contribution of a per-contribution badge, else NULL. */
COP_EXTERN(const char *) cop_badge_award_object_id(const cop_badge_award *a);
COP_EXTERN(cop_time) cop_badge_award_awarded(const cop_badge_award *a);
/** The award's name: its own for an imported badge (COP_BADGE_NAMED),
 *  else cop_badge_name() of its badge.  NULL for NULL. */
COP_EXTERN(const char *) cop_badge_award_name(const cop_badge_award *a);
/** The award's class: its own for an imported badge, else
 *  cop_badge_class_of() of its badge; -1 for NULL (a value, not a
 *  status). */
COP_EXTERN(int) cop_badge_award_class(const cop_badge_award *a);
/**@}*/

/* ---- leaderboards -------------------------------------------------------------- */

typedef struct cop_leader cop_leader;  /**< A leader.  Opaque; free with cop_leader_free(). */
typedef struct cop_leader_iter cop_leader_iter;  /**< An iterator over leaders (cop_leader_iter_next(), cop_leader_iter_free()). */

/**
 * Iterate over a leaderboard: members by reputation points gained in the
 * period containing @p at (0: now), most first (ties by member id),
 * optionally only points from threads with @p tag.  Served from totals
 * maintained with the ledger.  A member the actor may not see (one who
 * left or was erased; a ban, to anyone but the community's moderators:
 * cop_member_lookup()'s rule) is not ranked, but to the system.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_leader_iter_new(cop_leader_iter **out,
	cop_store *store, const char *community, const char *tag,
	cop_period period, cop_time at, const cop_page *page);
/** Next row (caller owns it), COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_leader_iter_next(cop_leader **out,
	cop_leader_iter *it);
/** Cursor after the last item (owned by the iterator), or NULL. */
COP_EXTERN(const char *) cop_leader_iter_cursor(const cop_leader_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_leader_iter_free(cop_leader_iter *it);
/** Free a row; NULL is harmless. */
COP_EXTERN(void) cop_leader_free(cop_leader *l);
/** @name Getters (strings owned by the row). */
/**@{*/
COP_EXTERN(const char *) cop_leader_member_id(const cop_leader *l);
COP_EXTERN(const char *) cop_leader_handle(const cop_leader *l);
/** The member's points in the period (a value, not a status). */
COP_EXTERN(int64_t) cop_leader_points(const cop_leader *l);
/**@}*/

/** The start (UTC ms) of the period containing @p t; 0 for COP_PERIOD_ALL. */
COP_EXTERN(cop_time) cop_period_start(cop_period p, cop_time t);

/* ---- verification ------------------------------------------------------------------ */

typedef struct cop_verify_report cop_verify_report;  /**< A verify report.  Opaque; free with cop_verify_report_free(). */

/**
 * Recompute from the facts (votes, accepted answers, kudos,
 * contributions, the ledger) the contributions' scores, the members'
 * reputation and counters, trust levels, leaderboard totals and badges,
 * and report every difference; with @p repair fix them (in one
 * transaction, logged as "recognition.repair").  With @p community
 * NULL it also checks what the backend derives from the rows on its
 * own (SQLite's full-text index: a line "search index: ..." when it no
 * longer matches the contributions, rebuilt by a repair; not checked on
 * a read-only store).  The health report's roll-ups (docs/health.md) are
 * checked too, each differing row a line naming its table, day and
 * member; they are not repaired here (the database keeps them).  System
 * only.
 * @param out        receives the report (caller owns it).
 * @param community  id or slug, or NULL for every community.
 * @return COP_OK (also when differences were found), COP_EINVAL,
 *         COP_ENOTFOUND, COP_EPERM, COP_EREADONLY (repair), COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_verify(cop_verify_report **out, cop_store *store,
	const char *community, int repair);
/** How many differences were found. */
COP_EXTERN(size_t) cop_verify_report_count(const cop_verify_report *r);
/** The @p i th difference as a line of text (owned by the report), or NULL. */
COP_EXTERN(const char *) cop_verify_report_line(const cop_verify_report *r,
	size_t i);
/** 1 when the differences were repaired, else 0 (a value, not a status). */
COP_EXTERN(int) cop_verify_report_repaired(const cop_verify_report *r);
/** Free a report; NULL is harmless. */
COP_EXTERN(void) cop_verify_report_free(cop_verify_report *r);

COP_END_DECL

#endif
