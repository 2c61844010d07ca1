/*
 * betest.h: helpers shared by the backend conformance suite (tests/backend).
 *
 * The suite calls a backend's methods (include/cop/sys/backend.h)
 * directly, never through the public API, on the backend COP_TEST_URI
 * names (see tests/testutil.h): a fresh SQLite file, or a fresh
 * PostgreSQL schema, per test.  Each file tests one aspect and exports
 * one Suite; main.c runs them all as tests/backend/check_backend.
 */
#ifndef COP_TESTS_BETEST_H
#define COP_TESTS_BETEST_H

#include "testutil.h"

/** The backend a fixture opened at tu_uri(). */
extern cop_backend *bt_be;

/** Fixture: a fresh location and bt_be open on it. */
void bt_setup(void);
/** Fixture: free bt_be and remove the location. */
void bt_teardown(void);

/** Open another instance at tu_uri(); asserts success.  be->free() it. */
cop_backend *bt_open(void);

/** Assert that @p expr (a call on @p be) returns @p want. */
#define BT_RC(be, want, expr) do { \
	int bt_rc_ = (expr); \
	ck_assert_msg(bt_rc_ == (want), "%s: expected %s, got %s (%s)", \
		#expr, tu_ename(want), tu_ename(bt_rc_), \
		bt_rc_ ? (be)->errmsg(be) : "-"); \
} while (0)
#define BT_OK(be, expr) BT_RC(be, COP_OK, expr)

/** The test id number @p n (> 0): ids sort as their numbers do. */
cop_id bt_id(unsigned int n);
/** The nil id. */
cop_id bt_nil(void);
/** 1 when @p a and @p b are the same id. */
int bt_id_eq(const cop_id *a, const cop_id *b);
/** Assert two ids are equal; @p what names them. */
#define BT_ID_EQ(a, b, what) do { \
	cop_id bt_ia_ = (a), bt_ib_ = (b); \
	ck_assert_msg(bt_id_eq(&bt_ia_, &bt_ib_), "%s: id %u, expected %u", \
		what, bt_id_num(&bt_ia_), bt_id_num(&bt_ib_)); \
} while (0)
/** The number a bt_id() was made from (0 for any other id). */
unsigned int bt_id_num(const cop_id *id);

/** Assert two optional strings are equal (both NULL, or the same text). */
#define BT_STR_EQ(a, b) do { \
	const char *bt_a_ = (a), *bt_b_ = (b); \
	ck_assert_msg((bt_a_ == NULL) == (bt_b_ == NULL) && \
		(!bt_a_ || strcmp(bt_a_, bt_b_) == 0), \
		"%s = \"%s\", expected \"%s\"", #a, \
		bt_a_ ? bt_a_ : "<null>", bt_b_ ? bt_b_ : "<null>"); \
} while (0)

/* ---- inserting records with plain defaults (all assert success) -------- */

/** Member bt_id(@p n), display name "Name <handle>", created @p n. */
void bt_member(cop_backend *be, unsigned int n, const char *handle);
/** Community bt_id(@p n), language "en". */
void bt_community(cop_backend *be, unsigned int n, const char *slug,
	int visibility);
/** Membership of member @p m in community @p c. */
void bt_membership(cop_backend *be, unsigned int c, unsigned int m,
	int role, int status);
/** Thread @p n in community @p c by @p author (0: the system). */
void bt_thread(cop_backend *be, unsigned int n, unsigned int c,
	unsigned int author, int state, const char *title, cop_time activity);
/** Contribution @p n in thread @p t of community @p c. */
void bt_contrib(cop_backend *be, unsigned int n, unsigned int t,
	unsigned int c, unsigned int author, int kind, const char *body,
	cop_time created);

/** Record bt_id(@p n) of @p kind read into @p rec (@p size bytes, cleared
 *  first); asserts success.  cop_rec_clear() it. */
void bt_get(cop_backend *be, cop_rec_kind kind, unsigned int n, void *rec,
	size_t size);
/** Thread bt_id(@p n) made a question: read, its kind set to
 *  COP_THREAD_QUESTION, updated (asserts success). */
void bt_question(cop_backend *be, unsigned int n);

/**
 * A store over @p be (taken, also on failure) with members ama and kofi,
 * both joined to the public community "c", acting as the system: the
 * start of a test of the core over a backend made to report an older
 * interface version.  *a and *b receive the members (the caller frees
 * them); close the store with tu_close().
 */
cop_store *bt_store_pair(cop_backend *be, cop_member **a, cop_member **b);

/* ---- the health roll-ups (cop_backend_health) ----------------------------- */

/** A UTC day in milliseconds. */
#define BT_DAY_MS ((cop_time)86400000)
/** A UTC day's number (the roll-ups' day: time / BT_DAY_MS). */
#define BT_DAY(t) ((int64_t)(t) / BT_DAY_MS)

/**
 * The start of a roll-ups test: members bt_id(1) "ama" and bt_id(2)
 * "kofi", the public community bt_id(10) "ten", its open thread bt_id(20)
 * by ama and ama's post bt_id(30) in it, all made at TU_T0 (community
 * 10's days: "0:1/1/0 | 1@0:1").
 */
void bt_health_start(cop_backend *be);
/** Contribution bt_id(@p n)'s created set to @p created (updated; asserts
 *  success). */
void bt_set_created(cop_backend *be, unsigned int n, cop_time created);

/** 1 when @p be has the health table (interface version 8). */
int bt_has_health(cop_backend *be);
/** The rows of community bt_id(@p c)'s roll-ups that differ from the
 *  facts (health->verify), each printed as a "# " line; 0: they agree. */
int bt_health_diffs(cop_backend *be, unsigned int c);
/** Community bt_id(@p c)'s day rows from day @p d0 to @p d1 as
 *  "day:contributions/authored/questions ..." (days relative to @p d0),
 *  then " |" and its member days as " member@day:contributions ...";
 *  static buffer. */
const char *bt_health_days(cop_backend *be, unsigned int c, int64_t d0,
	int64_t d1);

/* ---- listings -------------------------------------------------------------- */

#define BT_ROWS_MAX 256

/**
 * What a listing gave, a row each: the record's id (memberships: the
 * member; revisions: the contribution; log: the object), its sort keys
 * (num: the order's number, num2: pinned for threads), its text key
 * (handle, slug; NULL else), copied (malloc'd) whatever the iterator's
 * flags say.
 */
typedef struct bt_rows {
	size_t n;
	cop_id id[BT_ROWS_MAX];
	int64_t num[BT_ROWS_MAX];
	int64_t num2[BT_ROWS_MAX];
	char *text[BT_ROWS_MAX];
	unsigned int flags;      /* the iterator's */
} bt_rows;

/** Member bt_id(@p n) is in @p be (asserts get() gave OK or ENOTFOUND). */
int bt_has_member(cop_backend *be, unsigned int n);

/** Any record a listing gives. */
typedef union bt_any_rec {
	cop_member_rec m;
	cop_community_rec c;
	cop_membership_rec ms;
	cop_thread_rec t;
	cop_contribution_rec x;
	cop_revision_rec r;
	cop_log_rec l;
} bt_any_rec;

/** Run @p q to its end into @p out; returns the status list() or next()
 *  ended with (COP_ITEROVER after a complete listing). */
int bt_list(cop_backend *be, const cop_query *q, bt_rows *out);
/** Assert that @p q (on bt_be) lists exactly @p want (a bt_rows_str()). */
void bt_expect(const cop_query *q, const char *want);
/** Free the texts of @p rows. */
void bt_rows_free(bt_rows *rows);
/** "3 1 2": the rows' id numbers, for messages and comparisons;
 *  static buffer. */
const char *bt_rows_str(const bt_rows *rows);
/** Assert the rows' id numbers are exactly @p want (a bt_rows_str()). */
#define BT_ROWS_ARE(rows, want) ck_assert_msg( \
	strcmp(bt_rows_str(rows), (want)) == 0, "listing: got \"%s\", " \
	"expected \"%s\"", bt_rows_str(rows), (want))

/** A query of @p kind as the system, parent bt_id(@p parent) (0: nil). */
cop_query bt_query(cop_list_kind kind, unsigned int parent);
/** Set @p q's keyset bound to row @p i of @p rows (its own order's key). */
void bt_query_after(cop_query *q, const bt_rows *rows, size_t i);

/** A suite of one test case named @p name with fixture @p setup and
 *  @p teardown (NULL: none) and the @p n tests in @p tests. */
Suite *bt_suite(const char *name, void (*setup)(void),
	void (*teardown)(void), const TTest *const *tests, size_t n);
#define BT_SUITE(name, setup, teardown, tests) \
	bt_suite((name), (setup), (teardown), (tests), \
		sizeof(tests) / sizeof((tests)[0]))

/* ---- suites ---------------------------------------------------------------- */

Suite *bt_records_suite(void);
Suite *bt_txn_suite(void);
Suite *bt_listing_suite(void);
Suite *bt_visibility_suite(void);
Suite *bt_search_suite(void);
Suite *bt_recognition_suite(void);
Suite *bt_fault_suite(void);
Suite *bt_core_suite(void);
Suite *bt_moderation_suite(void);
Suite *bt_digest_suite(void);
Suite *bt_links_suite(void);
Suite *bt_privacy_suite(void);
Suite *bt_export_suite(void);
Suite *bt_funding_suite(void);
Suite *bt_events_suite(void);
Suite *bt_tags_suite(void);
Suite *bt_health_suite(void);
Suite *bt_mail_suite(void);
Suite *bt_bulk_suite(void);

#endif
