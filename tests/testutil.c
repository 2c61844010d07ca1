/*
 * testutil.c: helpers shared by libcop's Check suites (see testutil.h).
 */
#define _GNU_SOURCE 1

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

cop_store *tu_store;

const char *tu_ename(int rc)
{
	const char *n = cop_error_name(rc);

	return n ? n : "(unknown code)";
}

/* ---- dynamic strings ------------------------------------------------------- */

typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_add(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? room : 0,
			fmt, ap);
		va_end(ap);
		ck_assert_int_ge(n, 0);
		if (b->p && (size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap ? b->cap * 2 : 4096) + (size_t)n + 1;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
		if (b->len == 0)
			b->p[0] = '\0';
	}
}

static const char *nz(const char *s)
{
	return s ? s : "<null>";
}

/* ---- locations --------------------------------------------------------------- */

#define MAX_DIRS 16

static char *loc_uri;          /* the current URI */
static char *loc_path;         /* SQLite file path, or NULL */
static char *loc_drop_uri;     /* PostgreSQL: URI that drops the schema */
static char *loc_dirs[MAX_DIRS];
static int loc_ndirs;
static int loc_counter;

static const char *test_env_uri(void)
{
	const char *u = getenv("COP_TEST_URI");

	return u && *u ? u : NULL;
}

/* Say in each test log which store the tests ran on. */
__attribute__((constructor)) static void tu_announce(void)
{
	const char *u = test_env_uri();

	fprintf(stderr, "# libcop tests on %s\n",
		u ? u : "fresh SQLite files under $TMPDIR");
}

static int is_pg_uri(const char *u)
{
	return u && (strncmp(u, "postgresql://", 13) == 0 ||
		strncmp(u, "postgres://", 11) == 0);
}

int tu_backend_is_sqlite(void)
{
	const char *u = test_env_uri();

	return !u || strcmp(u, "sqlite") == 0 || strcmp(u, "sqlite:") == 0;
}

const char *tu_backend_name(void)
{
	if (tu_backend_is_sqlite())
		return "sqlite";
	if (is_pg_uri(test_env_uri()))
		return "postgresql";
	return NULL;
}

/* Make a fresh temporary directory, remembered for removal. */
static char *tmpdir_new(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = NULL;

	if (!base || !*base)
		base = "/tmp";
	ck_assert_int_ge(asprintf(&tmpl, "%s/libcop-test-XXXXXX", base), 0);
	ck_assert_msg(mkdtemp(tmpl) != NULL, "mkdtemp %s: %s", tmpl,
		strerror(errno));
	ck_assert_int_lt(loc_ndirs, MAX_DIRS);
	loc_dirs[loc_ndirs++] = tmpl;
	return tmpl;
}

/* Remove a directory made by tmpdir_new() and the files in it. */
static void tmpdir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *p;

	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			if (asprintf(&p, "%s/%s", dir, e->d_name) >= 0) {
				unlink(p);
				free(p);
			}
		}
		closedir(d);
	}
	rmdir(dir);
}

char *tu_sqlite_path_new(void)
{
	char *dir = tmpdir_new(), *path = NULL;

	ck_assert_int_ge(asprintf(&path, "%s/store.db", dir), 0);
	return path;
}

/* At exit: a test that failed in a forked child exits without its
 * teardown; remove what it made all the same. */
static void loc_atexit(void)
{
	if (tu_store) {
		cop_close(tu_store);
		tu_store = NULL;
	}
	tu_loc_free();
}

void tu_loc_new(void)
{
	static int registered;
	const char *env = test_env_uri();

	if (!registered) {
		atexit(loc_atexit);
		registered = 1;
	}
	tu_loc_free();
	loc_counter++;
	if (!env || strcmp(env, "sqlite") == 0 || strcmp(env, "sqlite:") == 0) {
		loc_path = tu_sqlite_path_new();
		if (env && strcmp(env, "sqlite:") == 0)
			ck_assert_int_ge(asprintf(&loc_uri, "sqlite:%s",
				loc_path), 0);
		else
			loc_uri = strdup(loc_path);
		ck_assert_ptr_nonnull(loc_uri);
	} else if (is_pg_uri(env)) {
		const char *sep = strchr(env, '?') ? "&" : "?";

		ck_assert_int_ge(asprintf(&loc_uri, "%s%scop_schema=t%ld_%d",
			env, sep, (long)getpid(), loc_counter), 0);
		ck_assert_int_ge(asprintf(&loc_drop_uri, "%s&cop_schema_drop=1",
			loc_uri), 0);
	} else {
		loc_uri = strdup(env);
		ck_assert_ptr_nonnull(loc_uri);
	}
}

const char *tu_uri(void)
{
	if (!loc_uri)
		tu_loc_new();
	return loc_uri;
}

const char *tu_path(void)
{
	return loc_path;
}

void tu_loc_free(void)
{
	int i;

	if (loc_drop_uri) {
		cop_store *s = NULL;

		/* Opening with cop_schema_drop=1 drops the schema at close. */
		if (cop_open(&s, loc_drop_uri, &tu_system) == COP_OK)
			cop_close(s);
		free(loc_drop_uri);
		loc_drop_uri = NULL;
	}
	for (i = 0; i < loc_ndirs; i++) {
		tmpdir_remove(loc_dirs[i]);
		free(loc_dirs[i]);
		loc_dirs[i] = NULL;
	}
	loc_ndirs = 0;
	free(loc_uri);
	loc_uri = NULL;
	free(loc_path);
	loc_path = NULL;
}

const cop_open_options tu_system = { COP_OPEN_OPTIONS_VERSION,
	COP_OPEN_SYSTEM, 0 };

cop_store *tu_open_flags(unsigned int flags)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	int rc;

	o.flags = flags | COP_OPEN_SYSTEM;
	rc = cop_open(&s, tu_uri(), &o);
	ck_assert_msg(rc == COP_OK, "cop_open(%s): %s (%s)", tu_uri(),
		tu_ename(rc), cop_errmsg(NULL));
	ck_assert_ptr_nonnull(s);
	return s;
}

cop_store *tu_open(void)
{
	return tu_open_flags(0);
}

void tu_close(cop_store *s)
{
	int rc = cop_close(s);

	ck_assert_msg(rc == COP_OK, "cop_close: %s", tu_ename(rc));
}

void tu_store_setup(void)
{
	tu_loc_new();
	tu_store = tu_open();
	TU_OK(tu_store, cop_store_set_time(tu_store, TU_T0));
}

void tu_store_teardown(void)
{
	if (tu_store) {
		cop_close(tu_store);
		tu_store = NULL;
	}
	tu_loc_free();
}

cop_time tu_tick(cop_store *s, cop_time ms)
{
	cop_time t = cop_store_now(s) + ms;

	TU_OK(s, cop_store_set_time(s, t));
	ck_assert_int_eq(cop_store_now(s), t);
	return t;
}

void tu_as(cop_store *s, const char *member_id)
{
	TU_OK(s, member_id ? cop_store_set_actor(s, member_id) :
		cop_store_act_as_system(s));
}

void tu_verified_email(cop_store *s, const char *member, const char *address)
{
	char *tok = NULL;

	tu_as(s, NULL);
	TU_OK(s, cop_member_email_add(s, member, address));
	TU_OK(s, cop_member_email_token(&tok, s, member, address));
	TU_OK(s, cop_member_email_verify(s, tok));
	cop_free(tok);
}

/* Save the actor (*had: its cop_actor_kind) and act as the system;
 * restore with actor_restore(). */
static void actor_save(cop_store *s, tu_idbuf buf, int *had)
{
	const char *a = cop_store_actor(s);

	*had = (int)cop_store_actor_kind(s);
	buf[0] = '\0';
	if (a) {
		ck_assert_uint_eq(strlen(a), COP_ID_TEXT_LEN);
		memcpy(buf, a, COP_ID_TEXT_LEN + 1);
	}
	TU_OK(s, cop_store_act_as_system(s));
}

static void actor_restore(cop_store *s, const tu_idbuf buf, int had)
{
	if (had == COP_ACTOR_MEMBER)
		TU_OK(s, cop_store_set_actor(s, buf));
	else if (had == COP_ACTOR_ANONYMOUS)
		TU_OK(s, cop_store_set_actor(s, NULL));
}

/* ---- the world ------------------------------------------------------------- */

static void idcpy(tu_idbuf dst, const char *src)
{
	ck_assert_ptr_nonnull(src);
	ck_assert_uint_eq(strlen(src), COP_ID_TEXT_LEN);
	memcpy(dst, src, COP_ID_TEXT_LEN + 1);
}

void tu_member(cop_store *s, tu_idbuf id, const char *handle)
{
	cop_member *m = NULL;
	char name[128];
	tu_idbuf saved;
	int had;

	snprintf(name, sizeof(name), "%c%s Example",
		handle[0] >= 'a' && handle[0] <= 'z' ? handle[0] - 32 :
		handle[0], handle + 1);
	actor_save(s, saved, &had);
	TU_OK(s, cop_member_create(&m, s, handle, name, "Example Org", "en"));
	idcpy(id, cop_member_id(m));
	cop_member_free(m);
	actor_restore(s, saved, had);
}

void tu_thread_flags(cop_store *s, const char *id, char *out, size_t sz)
{
	cop_thread *t = NULL;

	TU_OK(s, cop_thread_lookup(&t, s, id));
	snprintf(out, sz, "%d%d%d%d%d %s", cop_thread_is_closed(t),
		cop_thread_is_locked(t), cop_thread_is_pinned(t),
		cop_thread_is_hidden(t), cop_thread_is_answered(t),
		cop_thread_state_name(cop_thread_state_get(t)));
	cop_thread_free(t);
}

/* Whether contribution author @p a is someone other than thread author
 * @p t (either "" or NULL: the system), as cop_contribution_create()
 * decides a thread replied to. */
static int other_author(const char *a, const char *t)
{
	a = a ? a : "";
	t = t ? t : "";
	return strcmp(a, t) != 0;
}

/* Append @p id to the sorted-later list @p out of @p n ids. */
static void ids_add(char (**out)[COP_ID_TEXT_LEN + 1], int *n, const char *id)
{
	*out = realloc(*out, (size_t)(*n + 1) * sizeof(**out));
	ck_assert_ptr_nonnull(*out);
	snprintf((*out)[(*n)++], COP_ID_TEXT_LEN + 1, "%s", id);
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

void tu_queue_matches_facts(cop_store *s, const char *slug, cop_time now,
	int *unanswered, int *unaccepted)
{
	char (*want[2])[COP_ID_TEXT_LEN + 1] = { NULL, NULL };
	char (*got[2])[COP_ID_TEXT_LEN + 1] = { NULL, NULL };
	int nwant[2] = { 0, 0 }, ngot[2] = { 0, 0 }, k, i, rc;
	cop_thread_iter *ti = NULL;
	cop_queue_iter *qi = NULL;
	cop_queue_item *q = NULL;
	cop_thread *t = NULL;
	cop_page pg = COP_PAGE_INIT;
	tu_idbuf saved;

	tu_as_system(s, saved);
	TU_OK(s, cop_store_set_time(s, now));
	TU_OK(s, cop_thread_iter_new(&ti, s, slug, NULL));
	while ((rc = cop_thread_iter_next(&t, ti)) == COP_OK) {
		cop_contribution_iter *ci = NULL;
		cop_contribution *c = NULL;
		int other = 0, answer = 0;

		if (cop_thread_kind_get(t) == COP_THREAD_QUESTION &&
		    !cop_thread_is_closed(t) && !cop_thread_is_hidden(t)) {
			TU_OK(s, cop_contribution_iter_new(&ci, s,
				cop_thread_id(t), NULL));
			while ((rc = cop_contribution_iter_next(&c, ci)) ==
					COP_OK) {
				if (other_author(cop_contribution_author_id(c),
						cop_thread_author_id(t))) {
					other = 1;
					if (cop_contribution_kind_get(c) ==
							COP_CONTRIB_ANSWER)
						answer = 1;
				}
				cop_contribution_free(c);
			}
			ck_assert_int_eq(rc, COP_ITEROVER);
			cop_contribution_iter_free(ci);
			if (!other)
				ids_add(&want[0], &nwant[0], cop_thread_id(t));
			else if (answer && !cop_thread_is_answered(t))
				ids_add(&want[1], &nwant[1], cop_thread_id(t));
		}
		cop_thread_free(t);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_thread_iter_free(ti);

	/* One page holds the whole queue (the beer dump's: about 450). */
	pg.limit = 100000;
	TU_OK(s, cop_queue_iter_new(&qi, s, slug, &pg));
	while ((rc = cop_queue_iter_next(&q, qi)) == COP_OK) {
		k = (int)cop_queue_item_kind_get(q);
		if (k == COP_QUEUE_UNANSWERED || k == COP_QUEUE_UNACCEPTED)
			ids_add(&got[k], &ngot[k], cop_queue_item_object_id(q));
		cop_queue_item_free(q);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_queue_iter_free(qi);
	tu_as_restore(s, saved);

	for (k = 0; k < 2; k++) {
		/* (qsort() of no array at all is undefined: UBSan.) */
		if (nwant[k] > 1)
			qsort(want[k], (size_t)nwant[k], sizeof(*want[k]), id_cmp);
		if (ngot[k] > 1)
			qsort(got[k], (size_t)ngot[k], sizeof(*got[k]), id_cmp);
		ck_assert_msg(nwant[k] == ngot[k], "%s: the queue lists %d, "
			"the contributions say %d", k ? "unaccepted" :
			"unanswered", ngot[k], nwant[k]);
		for (i = 0; i < nwant[k]; i++)
			ck_assert_str_eq(got[k][i], want[k][i]);
		free(want[k]);
		free(got[k]);
	}
	*unanswered = nwant[0];
	*unaccepted = nwant[1];
}

void tu_first_post(cop_store *s, tu_idbuf post, const char *thread)
{
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	cop_page pg = COP_PAGE_INIT;
	tu_idbuf saved;
	int had;

	actor_save(s, saved, &had);
	pg.limit = 1;
	TU_OK(s, cop_contribution_iter_new(&it, s, thread, &pg));
	TU_OK(s, cop_contribution_iter_next(&c, it));
	ck_assert_int_eq(cop_contribution_kind_get(c), COP_CONTRIB_POST);
	idcpy(post, cop_contribution_id(c));
	cop_contribution_free(c);
	cop_contribution_iter_free(it);
	actor_restore(s, saved, had);
}

void tu_thread(cop_store *s, tu_idbuf id, tu_idbuf post,
	const char *community, cop_thread_kind kind, const char *title,
	const char *body)
{
	cop_thread *t = NULL;

	TU_OK(s, cop_thread_create(&t, s, community, kind, title, NULL, NULL,
		body));
	idcpy(id, cop_thread_id(t));
	cop_thread_free(t);
	if (post)
		tu_first_post(s, post, id);
}

void tu_contrib(cop_store *s, tu_idbuf id, const char *thread,
	cop_contribution_kind kind, const char *reply_to, const char *body)
{
	cop_contribution *c = NULL;

	TU_OK(s, cop_contribution_create(&c, s, thread, kind, reply_to, NULL,
		NULL, body));
	if (id)
		idcpy(id, cop_contribution_id(c));
	cop_contribution_free(c);
}

/* Make one community owned by @p w->owner with the world's memberships. */
static void world_community(cop_store *s, tu_world *w, tu_idbuf id,
	const char *slug, const char *name, const char *purpose,
	const char *lang, cop_visibility vis)
{
	cop_community *c = NULL;

	tu_as(s, w->owner);
	TU_OK(s, cop_community_create(&c, s, slug, name, purpose, lang, vis));
	idcpy(id, cop_community_id(c));
	cop_community_free(c);
	tu_as(s, NULL);
	TU_OK(s, cop_community_join(NULL, s, slug, w->facil, 4));
	TU_OK(s, cop_community_join(NULL, s, slug, w->core, 2));
	TU_OK(s, cop_community_join(NULL, s, slug, w->member, 1));
	TU_OK(s, cop_community_join(NULL, s, slug, w->banned, 0));
	TU_OK(s, cop_community_join(NULL, s, slug, w->silenced, 0));
	TU_OK(s, cop_membership_set_role(s, slug, w->facil,
		COP_ROLE_FACILITATOR));
	TU_OK(s, cop_membership_set_role(s, slug, w->core, COP_ROLE_CORE));
	TU_OK(s, cop_membership_set_status(s, slug, w->banned,
		COP_MEMBERSHIP_BANNED));
	TU_OK(s, cop_membership_set_status(s, slug, w->silenced,
		COP_MEMBERSHIP_SILENCED));
}

void tu_world_make(cop_store *s, tu_world *w)
{
	memset(w, 0, sizeof(*w));
	TU_OK(s, cop_store_set_time(s, TU_T0));
	tu_as(s, NULL);
	tu_member(s, w->owner, "olga");
	tu_member(s, w->facil, "fred");
	tu_member(s, w->core, "cora");
	tu_member(s, w->member, "mia");
	tu_member(s, w->outsider, "otto");
	tu_member(s, w->banned, "ben");
	tu_member(s, w->silenced, "sid");
	tu_tick(s, 1000);
	world_community(s, w, w->pub, "pub", "The public square",
		"Practice in the open", "en", COP_VISIBILITY_PUBLIC);
	world_community(s, w, w->priv, "priv", "The private garden",
		"Practice behind walls", "en", COP_VISIBILITY_PRIVATE);
	world_community(s, w, w->inv, "inv", "Les invites",
		"Sur invitation", "fr", COP_VISIBILITY_INVITE_ONLY);
	tu_tick(s, 1000);
	tu_as(s, w->member);
	tu_thread(s, w->pub_thread, w->pub_post, "pub", COP_THREAD_DISCUSSION,
		"Welcome to pub", "Hello from the public square");
	tu_tick(s, 1000);
	tu_as(s, w->owner);
	tu_thread(s, w->priv_thread, w->priv_post, "priv",
		COP_THREAD_QUESTION, "Secret plans",
		"The private garden of ideas");
	tu_tick(s, 1000);
	tu_as(s, w->facil);
	tu_thread(s, w->inv_thread, w->inv_post, "inv",
		COP_THREAD_DISCUSSION, "Bienvenue", "Le jardin des invites");
	tu_tick(s, 1000);
	tu_as(s, NULL);
}

/* ---- counting ----------------------------------------------------------------- */

#define COUNT_LOOP(type, ittype, newcall, nextfn, freefn, itfree) do { \
	ittype *it_ = NULL; \
	type *o_ = NULL; \
	int rc_, n_ = 0; \
	if ((rc_ = (newcall)) != COP_OK) \
		return rc_; \
	while ((rc_ = nextfn(&o_, it_)) == COP_OK) { \
		n_++; \
		freefn(o_); \
	} \
	itfree(it_); \
	return rc_ == COP_ITEROVER ? n_ : rc_; \
} while (0)

int tu_count_members(cop_store *s)
{
	COUNT_LOOP(cop_member, cop_member_iter, cop_member_iter_new(&it_, s, NULL),
		cop_member_iter_next, cop_member_free, cop_member_iter_free);
}

int tu_count_communities(cop_store *s)
{
	COUNT_LOOP(cop_community, cop_community_iter, cop_community_iter_new(&it_, s, NULL),
		cop_community_iter_next, cop_community_free,
		cop_community_iter_free);
}

int tu_count_memberships(cop_store *s, const char *community)
{
	COUNT_LOOP(cop_membership, cop_membership_iter,
		cop_membership_iter_new(&it_, s, community, NULL),
		cop_membership_iter_next, cop_membership_free,
		cop_membership_iter_free);
}

int tu_count_threads(cop_store *s, const char *community)
{
	COUNT_LOOP(cop_thread, cop_thread_iter, cop_thread_iter_new(&it_, s, community, NULL),
		cop_thread_iter_next, cop_thread_free, cop_thread_iter_free);
}

int tu_count_contribs(cop_store *s, const char *thread)
{
	COUNT_LOOP(cop_contribution, cop_contribution_iter,
		cop_contribution_iter_new(&it_, s, thread, NULL),
		cop_contribution_iter_next, cop_contribution_free,
		cop_contribution_iter_free);
}

int tu_count_by_author(cop_store *s, const char *member)
{
	COUNT_LOOP(cop_contribution, cop_contribution_iter,
		cop_contribution_iter_by_author(&it_, s, member, NULL),
		cop_contribution_iter_next, cop_contribution_free,
		cop_contribution_iter_free);
}

int tu_count_revisions(cop_store *s, const char *contribution)
{
	COUNT_LOOP(cop_revision, cop_revision_iter,
		cop_revision_iter_new(&it_, s, contribution),
		cop_revision_iter_next, cop_revision_free,
		cop_revision_iter_free);
}

int tu_count_log(cop_store *s, int64_t after_seq)
{
	COUNT_LOOP(cop_log_entry, cop_log_iter, cop_log_iter_new(&it_, s, after_seq, 0),
		cop_log_iter_next, cop_log_entry_free, cop_log_iter_free);
}

int tu_count_search(cop_store *s, const char *query,
	const cop_search_options *opts)
{
	COUNT_LOOP(cop_search_hit, cop_search_iter, cop_search_iter_new(&it_, s, query, opts),
		cop_search_iter_next, cop_search_hit_free,
		cop_search_iter_free);
}

int tu_lists_community(cop_store *s, const char *slug)
{
	cop_community_iter *it = NULL;
	cop_community *c = NULL;
	int rc, found = 0;

	TU_OK(s, cop_community_iter_new(&it, s, NULL));
	while ((rc = cop_community_iter_next(&c, it)) == COP_OK) {
		if (strcmp(cop_community_slug(c), slug) == 0)
			found++;
		cop_community_free(c);
	}
	cop_community_iter_free(it);
	ck_assert_msg(rc == COP_ITEROVER, "community listing: %s",
		tu_ename(rc));
	ck_assert_int_le(found, 1);
	return found;
}

int tu_lists_thread(cop_store *s, const char *community,
	const char *thread_id)
{
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	int rc, found = 0;

	TU_OK(s, cop_thread_iter_new(&it, s, community, NULL));
	while ((rc = cop_thread_iter_next(&t, it)) == COP_OK) {
		if (strcmp(cop_thread_id(t), thread_id) == 0)
			found++;
		cop_thread_free(t);
	}
	cop_thread_iter_free(it);
	ck_assert_msg(rc == COP_ITEROVER, "thread listing: %s", tu_ename(rc));
	ck_assert_int_le(found, 1);
	return found;
}

/* ---- snapshots ------------------------------------------------------------------ */

static void snap_revisions(cop_store *s, sbuf *b, const char *cid)
{
	cop_revision_iter *it = NULL;
	cop_revision *r = NULL;
	int rc;

	TU_OK(s, cop_revision_iter_new(&it, s, cid));
	while ((rc = cop_revision_iter_next(&r, it)) == COP_OK) {
		sb_add(b, "      R %d %s %lld comment=%s body=%s\n",
			cop_revision_number(r), nz(cop_revision_author_id(r)),
			(long long)cop_revision_created(r),
			nz(cop_revision_comment(r)), nz(cop_revision_body(r)));
		cop_revision_free(r);
	}
	cop_revision_iter_free(it);
	ck_assert_msg(rc == COP_ITEROVER, "revisions: %s", tu_ename(rc));
}

static void snap_contribs(cop_store *s, sbuf *b, const char *tid)
{
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	int rc;

	TU_OK(s, cop_contribution_iter_new(&it, s, tid, NULL));
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		sb_add(b, "    X %s t=%s c=%s a=%s k=%d re=%s tr=%s l=%s f=%d "
			"cr=%lld ed=%lld rev=%d sc=%d body=%s\n",
			cop_contribution_id(c), cop_contribution_thread_id(c),
			cop_contribution_community_id(c),
			nz(cop_contribution_author_id(c)),
			(int)cop_contribution_kind_get(c),
			nz(cop_contribution_reply_to(c)),
			nz(cop_contribution_translation_of(c)),
			nz(cop_contribution_language(c)),
			(int)cop_contribution_format(c),
			(long long)cop_contribution_created(c),
			(long long)cop_contribution_edited(c),
			cop_contribution_revision(c),
			cop_contribution_score(c),
			nz(cop_contribution_body(c)));
		snap_revisions(s, b, cop_contribution_id(c));
		cop_contribution_free(c);
	}
	cop_contribution_iter_free(it);
	ck_assert_msg(rc == COP_ITEROVER, "contributions: %s", tu_ename(rc));
}

static void snap_threads(cop_store *s, sbuf *b, const char *cid)
{
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	int rc;

	TU_OK(s, cop_thread_iter_new(&it, s, cid, NULL));
	while ((rc = cop_thread_iter_next(&t, it)) == COP_OK) {
		sb_add(b, "  T %s c=%s a=%s k=%d st=%d title=%s tags=%s l=%s "
			"cr=%lld la=%lld n=%d\n",
			cop_thread_id(t), cop_thread_community_id(t),
			nz(cop_thread_author_id(t)), (int)cop_thread_kind_get(t),
			(int)cop_thread_state_get(t), nz(cop_thread_title(t)),
			nz(cop_thread_tags(t)), nz(cop_thread_language(t)),
			(long long)cop_thread_created(t),
			(long long)cop_thread_last_activity(t),
			cop_thread_contribution_count(t));
		snap_contribs(s, b, cop_thread_id(t));
		cop_thread_free(t);
	}
	cop_thread_iter_free(it);
	ck_assert_msg(rc == COP_ITEROVER, "threads: %s", tu_ename(rc));
}

static void snap_memberships(cop_store *s, sbuf *b, const char *cid)
{
	cop_membership_iter *it = NULL;
	cop_membership *m = NULL;
	int rc;

	TU_OK(s, cop_membership_iter_new(&it, s, cid, NULL));
	while ((rc = cop_membership_iter_next(&m, it)) == COP_OK) {
		sb_add(b, "  MS %s %s h=%s role=%d st=%d j=%lld p=%d\n",
			cop_membership_community_id(m),
			cop_membership_member_id(m),
			nz(cop_membership_handle(m)), (int)cop_membership_role(m),
			(int)cop_membership_status_get(m),
			(long long)cop_membership_joined(m),
			cop_membership_pledged_hours(m));
		cop_membership_free(m);
	}
	cop_membership_iter_free(it);
	ck_assert_msg(rc == COP_ITEROVER, "memberships: %s", tu_ename(rc));
}

char *tu_snapshot(cop_store *s)
{
	cop_member_iter *mit = NULL;
	cop_member *m = NULL;
	cop_community_iter *cit = NULL;
	cop_community *c = NULL;
	cop_stats st;
	sbuf b = { NULL, 0, 0 };
	tu_idbuf saved;
	int64_t seq;
	int rc, had;

	ck_assert_ptr_nonnull(s);
	actor_save(s, saved, &had);
	memset(&st, 0, sizeof(st));
	st.version = COP_STATS_VERSION;
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	sb_add(&b, "stats m=%lld c=%lld t=%lld q=%lld a=%lld cm=%lld x=%lld "
		"vu=%lld vd=%lld aa=%lld b=%lld tags=%lld\n",
		(long long)st.members, (long long)st.communities,
		(long long)st.threads, (long long)st.questions,
		(long long)st.answers, (long long)st.comments,
		(long long)st.contributions, (long long)st.votes_up,
		(long long)st.votes_down, (long long)st.accepted_answers,
		(long long)st.badges_awarded, (long long)st.tags);
	seq = cop_log_last_seq(s);
	ck_assert_msg(seq >= 0, "cop_log_last_seq: %s", tu_ename((int)seq));
	sb_add(&b, "log %lld\n", (long long)seq);

	TU_OK(s, cop_member_iter_new(&mit, s, NULL));
	while ((rc = cop_member_iter_next(&m, mit)) == COP_OK) {
		sb_add(&b, "M %s h=%s n=%s o=%s l=%s st=%d cr=%lld\n",
			cop_member_id(m), nz(cop_member_handle(m)),
			nz(cop_member_display_name(m)),
			nz(cop_member_organisation(m)),
			nz(cop_member_languages(m)),
			(int)cop_member_status_get(m),
			(long long)cop_member_created(m));
		cop_member_free(m);
	}
	cop_member_iter_free(mit);
	ck_assert_msg(rc == COP_ITEROVER, "members: %s", tu_ename(rc));

	TU_OK(s, cop_community_iter_new(&cit, s, NULL));
	while ((rc = cop_community_iter_next(&c, cit)) == COP_OK) {
		sb_add(&b, "C %s slug=%s n=%s p=%s l=%s v=%d cr=%lld\n",
			cop_community_id(c), nz(cop_community_slug(c)),
			nz(cop_community_name(c)),
			nz(cop_community_purpose(c)),
			nz(cop_community_language(c)),
			(int)cop_community_visibility(c),
			(long long)cop_community_created(c));
		snap_memberships(s, &b, cop_community_id(c));
		snap_threads(s, &b, cop_community_id(c));
		cop_community_free(c);
	}
	cop_community_iter_free(cit);
	ck_assert_msg(rc == COP_ITEROVER, "communities: %s", tu_ename(rc));
	actor_restore(s, saved, had);
	return b.p;
}

void tu_assert_unchanged(cop_store *s, const char *before, const char *what)
{
	char *after = tu_snapshot(s);
	const char *a = before, *b = after;
	size_t line = 1;

	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++;
		b++;
	}
	if (*a || *b) {
		/* Show the first differing lines. */
		const char *ae = strchr(a, '\n'), *be = strchr(b, '\n');
		const char *als = a, *bls = b;

		while (als > before && als[-1] != '\n')
			als--;
		while (bls > after && bls[-1] != '\n')
			bls--;
		ck_abort_msg("%s changed the store (line %zu):\n"
			"before: %.*s\nafter:  %.*s", what, line,
			(int)(ae ? ae - als : (long)strlen(als)), als,
			(int)(be ? be - bls : (long)strlen(bls)), bls);
	}
	free(after);
}

void tu_assert_failed_msg(cop_store *s, int code)
{
	const char *msg = cop_errmsg(s);

	ck_assert_msg(cop_errcode(s) == code, "cop_errcode: expected %s, got %s",
		tu_ename(code), tu_ename(cop_errcode(s)));
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(*msg && strcmp(msg, "no error") != 0,
		"no message for %s", tu_ename(code));
}

/* ---- small things ---------------------------------------------------------------- */

void tu_as_system(cop_store *s, tu_idbuf saved)
{
	int had;

	actor_save(s, saved, &had);
}

void tu_as_restore(cop_store *s, const tu_idbuf saved)
{
	actor_restore(s, saved, saved[0] != '\0' ? COP_ACTOR_MEMBER :
		COP_ACTOR_SYSTEM);
}

void tu_last_op(cop_store *s, char *buf, size_t n)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	tu_idbuf saved;
	int rc, had;

	buf[0] = '\0';
	actor_save(s, saved, &had);
	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		snprintf(buf, n, "%s", cop_log_entry_op(e));
		cop_log_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	actor_restore(s, saved, had);
}

char *tu_repeat(char c, size_t n)
{
	char *p = malloc(n + 1);

	ck_assert_ptr_nonnull(p);
	memset(p, c, n);
	p[n] = '\0';
	return p;
}

int tu_contains(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle) != NULL;
}

size_t tu_board(cop_store *s, const char *community, const char *tag,
	cop_period p, cop_time at, unsigned limit, int ids, char *out,
	size_t n)
{
	cop_page pg = COP_PAGE_INIT;
	size_t k = strlen(out), all = 0;
	char *cur = NULL;
	int pages = 0;

	pg.limit = limit;
	for (;;) {
		cop_leader_iter *it = NULL;
		cop_leader *l = NULL;
		unsigned got = 0;
		int rc;

		pg.after = cur;
		TU_OK(s, cop_leader_iter_new(&it, s, community, tag, p, at, &pg));
		while ((rc = cop_leader_iter_next(&l, it)) == COP_OK) {
			ck_assert_uint_lt(k + 128, n);
			if (ids)
				k += (size_t)snprintf(out + k, n - k, "%s=",
					cop_leader_member_id(l));
			k += (size_t)snprintf(out + k, n - k, "%s:%lld,",
				cop_leader_handle(l), (long long)cop_leader_points(l));
			cop_leader_free(l);
			got++;
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		free(cur);
		cur = cop_leader_iter_cursor(it) ?
			strdup(cop_leader_iter_cursor(it)) : NULL;
		cop_leader_iter_free(it);
		all += got;
		if (!limit || got < limit || ++pages > 50)
			break;
	}
	free(cur);
	return all;
}

TCase *tu_tcase(Suite *s, const char *name, void (*setup)(void),
	void (*teardown)(void))
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, TU_TIMEOUT);
	if (setup || teardown)
		tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

long long tu_attr_int(const char *line, const char *name, long long dflt)
{
	const char *p = strstr(line, name);

	return p ? atoll(p + strlen(name)) : dflt;
}

int tu_cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int64_t tu_reputation(cop_store *s, const char *community, const char *member)
{
	cop_standing *st = NULL;
	int64_t r;

	TU_OK(s, cop_standing_lookup(&st, s, community, member));
	r = cop_standing_reputation(st);
	cop_standing_free(st);
	return r;
}

int64_t tu_board_points(cop_store *s, const char *community,
	const char *member, const char *tag, cop_period period, cop_time at)
{
	cop_leader_iter *it = NULL;
	cop_leader *l = NULL;
	int64_t pts = 0;
	int rc;

	TU_OK(s, cop_leader_iter_new(&it, s, community, tag && *tag ? tag :
		NULL, period, at, NULL));
	while ((rc = cop_leader_iter_next(&l, it)) == COP_OK) {
		if (!strcmp(cop_leader_member_id(l), member))
			pts = cop_leader_points(l);
		cop_leader_free(l);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_leader_iter_free(it);
	return pts;
}
