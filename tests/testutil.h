/*
 * testutil.h: helpers shared by libcop's Check suites.
 *
 * Every suite runs against the store named by the environment variable
 * COP_TEST_URI, so the same behaviour suite runs on every backend:
 *
 *   unset, "" or "sqlite"      a fresh SQLite file per test in $TMPDIR
 *                              (removed at teardown)
 *   "sqlite:"                  the same, given as "sqlite:PATH"
 *   "postgresql://..." or
 *   "postgres://..."           a fresh schema per test: the URI gets
 *                              cop_schema=t<pid>_<n> (dropped at teardown
 *                              through cop_schema_drop=1)
 *   anything else              used as given (the caller keeps it clean)
 *
 * Tests use only the public API.
 */
#ifndef COP_TESTUTIL_H
#define COP_TESTUTIL_H

#include <check.h>
#include <stdint.h>

#include "cop/cop.h"
#include "cop/sys/alloc.h"
#include "cop/sys/backend.h"

/** Check's tcase timeout for every test case (seconds). */
#define TU_TIMEOUT 60

/** The time the fixtures fix the store's clock at (2023-11-14T22:13:20Z). */
#define TU_T0 ((cop_time)1700000000000LL)

/** A text id buffer. */
typedef char tu_idbuf[COP_ID_TEXT_LEN + 1];

/** The name of a status code, never NULL. */
const char *tu_ename(int rc);

/** Assert that @p expr returns COP_OK; the message names the error. */
#define TU_OK(store, expr) do { \
	int tu_rc_ = (expr); \
	ck_assert_msg(tu_rc_ == COP_OK, "%s: %s (%s)", #expr, \
		tu_ename(tu_rc_), cop_errmsg(store)); \
} while (0)

/** Assert that @p expr returns @p want. */
#define TU_RC(store, want, expr) do { \
	int tu_rc_ = (expr); \
	ck_assert_msg(tu_rc_ == (want), "%s: expected %s, got %s (%s)", \
		#expr, tu_ename(want), tu_ename(tu_rc_), cop_errmsg(store)); \
} while (0)

/**
 * Assert that @p expr returns @p want, that the store reports the same
 * code and a message that is not "no error", and that the store is
 * unchanged since @p snap (a tu_snapshot() string).
 */
#define TU_FAILS_UNCHANGED(store, want, snap, expr) do { \
	int tu_rc_ = (expr); \
	ck_assert_msg(tu_rc_ == (want), "%s: expected %s, got %s (%s)", \
		#expr, tu_ename(want), tu_ename(tu_rc_), cop_errmsg(store)); \
	tu_assert_failed_msg(store, want); \
	tu_assert_unchanged(store, snap, #expr); \
} while (0)

/* ---- locations and stores ------------------------------------------------- */

/** 1 when the tests run on the default SQLite files (COP_TEST_URI unset). */
int tu_backend_is_sqlite(void);

/** The backend name the test stores must report ("sqlite",
 *  "postgresql"), or NULL when COP_TEST_URI names something else. */
const char *tu_backend_name(void);

/**
 * Make a fresh store location for this test (see the top of this file)
 * and remember it as the current one.  Call from a fixture's setup.
 */
void tu_loc_new(void);

/**
 * The current location's URI (valid until tu_loc_free()).  It may be
 * opened many times: nothing drops it before tu_loc_free().
 */
const char *tu_uri(void);

/**
 * For SQLite locations: the path of the database file, else NULL.
 */
const char *tu_path(void);

/**
 * A new SQLite file path in a fresh temporary directory, whatever
 * COP_TEST_URI says (for tests of SQLite URI forms).  Removed by
 * tu_loc_free().  Returns a malloc'd string the caller frees.
 */
char *tu_sqlite_path_new(void);

/** Remove the current location (files, or PostgreSQL schema). */
void tu_loc_free(void);

/** Open the current location with @p flags, acting as the system (the
 *  suites set up their worlds as the system: COP_OPEN_SYSTEM is added);
 *  asserts success. */
cop_store *tu_open_flags(unsigned int flags);

/** Open the current location read-write, acting as the system; asserts
 *  success. */
cop_store *tu_open(void);

/** Open options acting as the system, for a suite's own cop_open() and
 *  cop_open_backend() calls. */
extern const cop_open_options tu_system;

/** Close a store, asserting COP_OK. */
void tu_close(cop_store *s);

/**
 * Fixture helpers: tu_store_setup() makes a location, opens it into
 * tu_store and fixes the clock at TU_T0; tu_store_teardown() closes it and
 * removes the location.
 */
extern cop_store *tu_store;
void tu_store_setup(void);
void tu_store_teardown(void);

/** Advance the store's fixed clock by @p ms and return the new time. */
cop_time tu_tick(cop_store *s, cop_time ms);

/** Act as @p member_id (NULL: the system, cop_store_act_as_system());
 *  asserts success.  tu_anonymous() for the anonymous viewer. */
void tu_as(cop_store *s, const char *member_id);
/* Give @p member the verified email address @p address, as the system
 * (the actor stays the system). */
void tu_verified_email(cop_store *s, const char *member, const char *address);

/* ---- the world: a ready-made set of members, communities, threads -------- */

/**
 * Made by tu_world_make() on a store at TU_T0, as the system, leaving the
 * store acting as the system.
 *
 * Members (handles in brackets): owner (olga), facil (fred, facilitator),
 * core (cora, core), member (mia), outsider (otto, no membership),
 * banned (ben), silenced (sid).
 *
 * Communities, each owned by olga, with fred as facilitator, cora as core,
 * mia as member, ben banned and sid silenced (all in each community):
 *   pub (slug "pub", public, purpose "Practice in the open", "en"),
 *   priv (slug "priv", private, "en"), inv (slug "inv", invite-only, "fr").
 *
 * Threads: pub_thread (discussion in pub by mia, "Welcome to pub",
 * first post pub_post "Hello from the public square"), priv_thread
 * (question in priv by olga, "Secret plans", post priv_post
 * "The private garden of ideas"), inv_thread (discussion in inv by fred,
 * "Bienvenue", post inv_post "Le jardin des invites").
 */
typedef struct tu_world {
	tu_idbuf owner, facil, core, member, outsider, banned, silenced;
	tu_idbuf pub, priv, inv;
	tu_idbuf pub_thread, pub_post;
	tu_idbuf priv_thread, priv_post;
	tu_idbuf inv_thread, inv_post;
} tu_world;

void tu_world_make(cop_store *s, tu_world *w);

/* A suite's fixture: its world @p W (a static tu_world) made afresh on
 * a new store before each test (static setup()), the store dropped
 * after it (static teardown()). */
#define TU_WORLD_FIXTURE(W) \
	static tu_world W; \
	static void setup(void) \
	{ \
		tu_store_setup(); \
		tu_world_make(tu_store, &W); \
	} \
	static void teardown(void) \
	{ \
		tu_store_teardown(); \
	}

/** Create a member as the system; returns its id in @p id. */
void tu_member(cop_store *s, tu_idbuf id, const char *handle);

/** Create a thread (as the current actor); returns its id and first post id. */
void tu_thread(cop_store *s, tu_idbuf id, tu_idbuf post,
	const char *community, cop_thread_kind kind, const char *title,
	const char *body);

/** Add a contribution (as the current actor); returns its id. */
void tu_contrib(cop_store *s, tu_idbuf id, const char *thread,
	cop_contribution_kind kind, const char *reply_to, const char *body);

/** Thread @p id's properties as the current actor sees them: "closed
 *  locked pinned hidden answered" as five 0/1, a space, the state's name
 *  ("01101 locked"). */
void tu_thread_flags(cop_store *s, const char *id, char *out, size_t sz);

/** The id of a thread's first contribution, as the system sees it. */
void tu_first_post(cop_store *s, tu_idbuf post, const char *thread);

/** As the system with the store's clock at @p now (left there), the
 *  facilitator's queue of community @p slug lists as unanswered and as
 *  unaccepted exactly the questions its rules (facilitation.h) give from
 *  the threads' contributions, read through the API: the threads'
 *  replied and has_answer flags agree with their contributions.  The
 *  two counts into *unanswered and *unaccepted. */
void tu_queue_matches_facts(cop_store *s, const char *slug, cop_time now,
	int *unanswered, int *unaccepted);

/* ---- counting through listings (as the current actor) -------------------- */
/* Each returns the count, or a negative status code. */

int tu_count_members(cop_store *s);
int tu_count_communities(cop_store *s);
int tu_count_memberships(cop_store *s, const char *community);
int tu_count_threads(cop_store *s, const char *community);
int tu_count_contribs(cop_store *s, const char *thread);
int tu_count_by_author(cop_store *s, const char *member);
int tu_count_revisions(cop_store *s, const char *contribution);
int tu_count_log(cop_store *s, int64_t after_seq);
/** Hits of a search (NULL options: defaults). */
int tu_count_search(cop_store *s, const char *query,
	const cop_search_options *opts);

/** 1 when the actor's community listing holds @p slug, else 0. */
int tu_lists_community(cop_store *s, const char *slug);
/** 1 when the actor's thread listing of @p community holds @p thread_id. */
int tu_lists_thread(cop_store *s, const char *community,
	const char *thread_id);

/* ---- snapshots --------------------------------------------------------------- */

/**
 * A text picture of everything the store holds, as the system sees it:
 * stats, the last log seq, every member, community, membership, thread,
 * contribution and revision with all their fields.  Taken as the system
 * (the actor is restored after).  malloc'd; free() it.
 */
char *tu_snapshot(cop_store *s);

/** Assert the store is as @p before; @p what names the call for the message. */
void tu_assert_unchanged(cop_store *s, const char *before, const char *what);

/** Assert the store's last error is @p code with a real message. */
void tu_assert_failed_msg(cop_store *s, int code);

/* ---- small things ------------------------------------------------------------- */

/** Act as the system, keeping the actor in @p saved ("" for the
 *  system); tu_as_restore() acts as it again. */
void tu_as_system(cop_store *s, tu_idbuf saved);
void tu_as_restore(cop_store *s, const tu_idbuf saved);

/** The op of the change log's last entry, read as the system (the actor
 *  is kept), into @p buf ("" when the log is empty). */
void tu_last_op(cop_store *s, char *buf, size_t n);

/** A malloc'd string of @p n copies of @p c (plus NUL). */
char *tu_repeat(char c, size_t n);

/** 1 when @p hay contains @p needle. */
int tu_contains(const char *hay, const char *needle);

/** The leaders of a board of @p community (cop_leader_iter_new()),
 *  read @p limit at a time by cursor (0: in one page; at most 50 pages
 *  more), appended to @p out (@p n bytes) as "handle:points," or, with
 *  @p ids, "id=handle:points,".  Returns how many there were. */
size_t tu_board(cop_store *s, const char *community, const char *tag,
	cop_period p, cop_time at, unsigned limit, int ids, char *out,
	size_t n);

/** Add tcase with timeout to @p s; returns it. */
TCase *tu_tcase(Suite *s, const char *name, void (*setup)(void),
	void (*teardown)(void));

/** The value of attribute @p name (with its '="', e.g. " Id=\"") in a
 *  Stack Exchange dump's row @p line, as an integer; @p dflt when the
 *  row has none. */
long long tu_attr_int(const char *line, const char *name, long long dflt);
/** qsort()/bsearch() order of long longs. */
int tu_cmp_ll(const void *a, const void *b);

/** @p member's reputation in @p community as the current actor reads
 *  it (cop_standing_reputation()); asserts the lookup succeeds. */
int64_t tu_reputation(cop_store *s, const char *community,
	const char *member);
/** @p member's points on @p community's leaderboard of @p period
 *  containing @p at (0: now) and @p tag (NULL or "": the whole
 *  community), as the current actor reads it: 0 when not on it. */
int64_t tu_board_points(cop_store *s, const char *community,
	const char *member, const char *tag, cop_period period, cop_time at);

/** Run a suite with CK_ENV output; returns the process exit status. */
int tu_run(Suite *s);

#endif
