/*
 * visibility.h: who may see and do what, defined once.  Not installed.
 *
 * The rule, in C for the core's checks (store.c) and in SQL for every
 * statement that selects rows for a viewer (the backends' listings and
 * search, the recognition and export statements of recognition_sql.h):
 *
 *  - a community is visible to a viewer when it is public, or when the
 *    viewer's membership there is active or silenced;
 *  - a member may post when the membership is active and the role is
 *    above observer;
 *  - a member moderates (and sees hidden threads) when the membership is
 *    active and the role is facilitator or owner;
 *  - a hidden thread (its hidden property set, whatever its other
 *    properties), and everything in it, is seen only by those who
 *    moderate its community, and by the system;
 *  - a hidden contribution (moderation.h) is seen only by its author,
 *    those who moderate its community, and the system;
 *  - a member is seen by themself, the system, those who see a community
 *    where the member is active or silenced, and those who moderate a
 *    community where the member has a membership of any status but left
 *    (a request, an invitation, a ban: what the moderator manages).
 *
 * The SQL forms are built from the numbers below, each checked against
 * its enum constant at compile time, so a change of an enum value cannot
 * leave a statement behind.
 */
#ifndef COP_VISIBILITY_H
#define COP_VISIBILITY_H

#include "cop/community.h"
#include "cop/thread.h"
#include "cop/member.h"

/* The enum values the rule's SQL uses. */
#define COP__V_PUBLIC 0          /* COP_VISIBILITY_PUBLIC */
#define COP__V_MS_ACTIVE 0       /* COP_MEMBERSHIP_ACTIVE */
#define COP__V_MS_LEFT 2         /* COP_MEMBERSHIP_LEFT */
#define COP__V_MS_SILENCED 4     /* COP_MEMBERSHIP_SILENCED */
#define COP__V_ROLE_MODERATOR 3  /* COP_ROLE_FACILITATOR (and owner above) */
/* A thread's hidden property (cop_thread_rec.hidden, the column
 * cop_thread.hidden): the value of a thread every viewer sees. */
#define COP__V_SHOWN 0
/* A deleted (erased) member sees nothing (cop_member_status). */
#define COP__V_MEMBER_DELETED 2

_Static_assert(COP__V_PUBLIC == COP_VISIBILITY_PUBLIC, "visibility");
_Static_assert(COP__V_MS_ACTIVE == COP_MEMBERSHIP_ACTIVE, "membership");
_Static_assert(COP__V_MS_LEFT == COP_MEMBERSHIP_LEFT, "membership");
_Static_assert(COP__V_MS_SILENCED == COP_MEMBERSHIP_SILENCED, "membership");
_Static_assert(COP__V_MEMBER_DELETED == COP_MEMBER_DELETED, "member");
_Static_assert(COP__V_ROLE_MODERATOR == COP_ROLE_FACILITATOR &&
	COP_ROLE_OWNER > COP_ROLE_FACILITATOR, "role");

#define COP__V_STR_(x) #x
#define COP__V_STR(x) COP__V_STR_(x)

/* ---- C --------------------------------------------------------------- */

/** A community of @p visibility is visible to a viewer whose membership
 *  there is (@p has_ms, @p status). */
static inline int cop__sees_community(int visibility, int has_ms, int status)
{
	return visibility == COP_VISIBILITY_PUBLIC ||
		(has_ms && (status == COP_MEMBERSHIP_ACTIVE ||
			status == COP_MEMBERSHIP_SILENCED));
}

/** A membership (@p has_ms, @p role, @p status) may post. */
static inline int cop__may_post(int has_ms, int role, int status)
{
	return has_ms && status == COP_MEMBERSHIP_ACTIVE &&
		role >= COP_ROLE_MEMBER;
}

/** A membership (@p has_ms, @p role, @p status) moderates its community
 *  (and sees its hidden threads). */
static inline int cop__moderates(int has_ms, int role, int status)
{
	return has_ms && status == COP_MEMBERSHIP_ACTIVE &&
		role >= COP_ROLE_FACILITATOR;
}

/** A thread whose hidden property is @p hidden is seen by a viewer who
 *  sees its community (@p sees) and moderates it or not (@p moderates). */
static inline int cop__sees_thread(int sees, int moderates, int hidden)
{
	return sees && (hidden == COP__V_SHOWN || moderates);
}

/** A contribution (@p hidden or not, by the viewer or not: @p is_author)
 *  in a thread the viewer sees (@p sees_thread) is seen by a viewer who
 *  moderates its community or not (@p moderates). */
static inline int cop__sees_contribution(int sees_thread, int moderates,
	int is_author, int hidden)
{
	return sees_thread && (!hidden || is_author || moderates);
}

/* ---- SQL ------------------------------------------------------------- */

/* Numbers as SQL literals. */
#define COP_SQL_PUBLIC COP__V_STR(COP__V_PUBLIC)
#define COP_SQL_MS_ACTIVE COP__V_STR(COP__V_MS_ACTIVE)
#define COP_SQL_MS_LEFT COP__V_STR(COP__V_MS_LEFT)
/* The thread aliased T is hidden, or not. */
#define COP_SQL_THREAD_HIDDEN(T) T ".hidden <> " COP__V_STR(COP__V_SHOWN)
#define COP_SQL_THREAD_SHOWN(T) T ".hidden = " COP__V_STR(COP__V_SHOWN)
/* The membership statuses that see a community. */
#define COP_SQL_MS_SEES "(" COP__V_STR(COP__V_MS_ACTIVE) ", " \
	COP__V_STR(COP__V_MS_SILENCED) ")"

/* The member aliased A is not deleted (a deleted member sees nothing:
 * their notifications are gone with them). */
#define COP_SQL_MEMBER_PRESENT(A) A ".status <> " \
	COP__V_STR(COP__V_MEMBER_DELETED)
/* Membership alias A (of member V) sees its community. */
#define COP_SQL_MS_SEEING(A) A ".status IN " COP_SQL_MS_SEES
/* Membership alias A moderates its community. */
#define COP_SQL_MS_MODERATING(A) A ".status = " COP_SQL_MS_ACTIVE " AND " \
	A ".role >= " COP__V_STR(COP__V_ROLE_MODERATOR)

/* The community aliased k is visible to the viewer V (an SQL expression
 * of the dialect, NULL for the system). */
#define COP_SQL_VISIBLE(V) "(k.visibility = " COP_SQL_PUBLIC " OR " V \
	" IS NULL OR EXISTS (SELECT 1 FROM cop_membership v " \
	"WHERE v.community_id = k.id AND v.member_id = " V " AND " \
	COP_SQL_MS_SEEING("v") "))"
/* The thread aliased t (of community C) is seen by V, given that V sees
 * the community: not hidden, or V moderates C, or V is the system. */
#define COP_SQL_SEEN_IN(V, C) "(" COP_SQL_THREAD_SHOWN("t") " OR " V \
	" IS NULL OR EXISTS (SELECT 1 FROM cop_membership f " \
	"WHERE f.community_id = " C " AND f.member_id = " V " AND " \
	COP_SQL_MS_MODERATING("f") "))"
#define COP_SQL_SEEN(V) COP_SQL_SEEN_IN(V, "t.community_id")
/* The contribution aliased c is seen by V, given that V sees its thread:
 * not hidden, or V wrote it, or V moderates its community, or V is the
 * system.  True or false, never NULL (so that NOT of it holds): a
 * contribution without an author (the system's, or an erased member's
 * kept anonymised) was written by no V. */
#define COP_SQL_CON_SEEN(V) "(c.hidden = 0 OR " V " IS NULL OR " \
	"(c.author_id IS NOT NULL AND c.author_id = " V ") OR EXISTS (SELECT 1 FROM cop_membership f " \
	"WHERE f.community_id = c.community_id AND f.member_id = " V " AND " \
	COP_SQL_MS_MODERATING("f") "))"

/* The membership aliased m is shown to V in its community's listing
 * (V sees the community): one that shows its member (active or
 * silenced) to everyone who sees the community; a request, an
 * invitation or a ban only to those who manage it (the community's
 * moderators), to its member and to the system.  V first meets a column
 * (PostgreSQL infers a parameter's type from its first use). */
#define COP_SQL_MS_SHOWN(V) "(m.member_id = " V " OR " \
	COP_SQL_MS_SEEING("m") " OR " V " IS NULL OR EXISTS (SELECT 1 " \
	"FROM cop_membership f WHERE f.community_id = m.community_id AND " \
	"f.member_id = " V " AND " COP_SQL_MS_MODERATING("f") "))"

/* Membership alias A is one its community's moderators manage, and
 * shows its member to them, whether or not it shows them to anyone else:
 * a request, an invitation, an active, silenced or banned membership is
 * theirs to manage; one the member left is not. */
#define COP_SQL_MS_MANAGED(A) A ".status <> " COP_SQL_MS_LEFT
/* The member whose id is the SQL expression U is seen by V: V is the
 * system or that member, or U is a member (active or silenced) of a
 * community V sees (a public one, or one V is a member of), or U has a
 * membership V's moderators manage (any status but left) in a community
 * V moderates. */
#define COP_SQL_MEMBER_SEEN(V, U) "(" V " IS NULL OR " U " = " V " OR " \
	"EXISTS (SELECT 1 FROM cop_membership mu JOIN cop_community k " \
	"ON k.id = mu.community_id WHERE mu.member_id = " U " AND " \
	COP_SQL_MS_SEEING("mu") " AND " COP_SQL_VISIBLE(V) ") OR " \
	"EXISTS (SELECT 1 FROM cop_membership mu JOIN cop_membership mf " \
	"ON mf.community_id = mu.community_id WHERE mu.member_id = " U \
	" AND mf.member_id = " V " AND " COP_SQL_MS_MANAGED("mu") " AND " \
	COP_SQL_MS_MODERATING("mf") "))"

/* The change-log entry aliased L, when it is of no community and about
 * a member (its object: created, changed, suspended, erased), is seen by
 * V only when V sees that member (COP_SQL_MEMBER_SEEN); any other entry
 * is not held back by this.  V is never first here. */
#define COP_SQL_LOG_MEMBER_SEEN(V, L) "(" L ".community_id IS NOT NULL " \
	"OR NOT EXISTS (SELECT 1 FROM cop_member lu WHERE lu.id = " L \
	".object_id) OR " COP_SQL_MEMBER_SEEN(V, L ".object_id") ")"

/* The object whose id is the SQL expression O (a thread, a contribution,
 * or a vote, kudos or flag on a contribution) is in a thread hidden from
 * V, or is (or is on) a contribution hidden from V: what hangs on it is
 * not shown to V (a ledger entry, a kudos, a badge, a log entry).  Never
 * for the system (V NULL); an unknown id or one of another kind is not
 * hidden.  The negation of COP_SQL_SEEN and COP_SQL_CON_SEEN, written so
 * that V first meets a column (PostgreSQL infers a parameter's type from
 * its first use).  A hidden contribution without an author (the
 * system's, or an erased member's kept anonymised: author_id NULL) is
 * hidden from every V but its moderators: "c.author_id <> V" alone would
 * be NULL there, and the contribution shown.  O must be qualified by its table's alias (the
 * subqueries use t, c, x and f). */
#define COP_SQL_NOT_MODERATED(V, C) "NOT EXISTS (SELECT 1 FROM " \
	"cop_membership f WHERE f.member_id = " V " AND f.community_id = " \
	C " AND " COP_SQL_MS_MODERATING("f") ")"
/* The change-log entry aliased L, when it is about what only its
 * community's moderators see, is seen by V only where V moderates that
 * community: a flag (flag.*: who flagged what is the moderators' queue)
 * and the funding ledger (fund.*), unless the community opened its
 * ledger to its members (cop_fund_config.visibility COP_FUND_MEMBERS, 1;
 * whether V sees the community at all is the log statement's own
 * rule).  Any other entry, and any for the system (V NULL), is not held
 * back by this. */
#define COP_SQL_LOG_MODERATED_SEEN(V, L) "(" V " IS NULL OR (" L ".op " \
	"NOT LIKE 'flag.%' AND (" L ".op NOT LIKE 'fund.%' OR EXISTS (SELECT " \
	"1 FROM cop_fund_config lf WHERE lf.community_id = " L ".community_id " \
	"AND lf.visibility = 1))) OR NOT " \
	COP_SQL_NOT_MODERATED(V, L ".community_id") ")"
#define COP_SQL_OBJ_HIDDEN(V, O) "((EXISTS (SELECT 1 FROM cop_thread t " \
	"WHERE t.id = " O " AND " COP_SQL_THREAD_HIDDEN("t") " AND " \
	COP_SQL_NOT_MODERATED(V, "t.community_id") ") OR EXISTS (SELECT 1 " \
	"FROM cop_contribution c JOIN cop_thread t ON t.id = c.thread_id " \
	"WHERE c.id IN (" O ", " \
	"(SELECT x.contribution_id FROM cop_vote x WHERE x.id = " O "), " \
	"(SELECT x.contribution_id FROM cop_kudos x WHERE x.id = " O "), " \
	"(SELECT x.contribution_id FROM cop_flag x WHERE x.id = " O ")) " \
	"AND " COP_SQL_NOT_MODERATED(V, "c.community_id") " AND (" \
	COP_SQL_THREAD_HIDDEN("t") " OR (c.hidden <> 0 AND " \
	"(c.author_id IS NULL OR c.author_id <> " V "))))) AND " V \
	" IS NOT NULL)"

#endif
