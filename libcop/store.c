/*
 * store.c: opening and closing stores, the backend registry, who is
 * acting, the clock, batches, write transactions, the change log, access
 * checks and the wrapping of records into objects.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "visibility.h"
#ifdef COP_HAVE_POSTGRESQL
# include "postgresql/pg.h"
#endif

const char *cop_version(void)
{
	return PACKAGE_VERSION;
}

/* ---- the backend registry ------------------------------------------------- */

#define REG_MAX 16
#define SCHEME_MAX 32

static struct {
	char scheme[SCHEME_MAX];
	cop_backend_open_fn open;
} registry[REG_MAX];
static size_t registry_len;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t registry_once = PTHREAD_ONCE_INIT;

/* Add or replace; the lock is held. */
static int registry_put(const char *scheme, cop_backend_open_fn open)
{
	size_t i;

	for (i = 0; i < registry_len; i++) {
		if (strcasecmp(registry[i].scheme, scheme) == 0) {
			registry[i].open = open;
			return COP_OK;
		}
	}
	if (registry_len == REG_MAX)
		return COP_ENOMEM;
	strcpy(registry[registry_len].scheme, scheme);
	registry[registry_len].open = open;
	registry_len++;
	return COP_OK;
}

static void registry_builtins(void)
{
	pthread_mutex_lock(&registry_lock);
	registry_put("sqlite", cop__sqlite_open);
#ifdef COP_HAVE_POSTGRESQL
	registry_put("postgresql", cop__pg_open);
	registry_put("postgres", cop__pg_open);
#endif
	pthread_mutex_unlock(&registry_lock);
}

/* 1 if @p s[0..n) is a URI scheme: a letter, then letters, digits, + - . */
static int scheme_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n >= SCHEME_MAX)   /* one letter: a drive letter */
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		      c == '.'))
			return 0;
	}
	return 1;
}

int cop_backend_register(const char *scheme, cop_backend_open_fn open)
{
	int rc;

	if (!scheme || !open || !scheme_ok(scheme, strlen(scheme)))
		return COP_EINVAL;
	pthread_once(&registry_once, registry_builtins);
	pthread_mutex_lock(&registry_lock);
	rc = registry_put(scheme, open);
	pthread_mutex_unlock(&registry_lock);
	return rc;
}

/* The open function for @p uri; NULL (and *scheme set) when unknown. */
static cop_backend_open_fn registry_find(const char *uri, char *scheme)
{
	const char *colon = strchr(uri, ':');
	cop_backend_open_fn fn = NULL;
	size_t i, n;

	pthread_once(&registry_once, registry_builtins);
	if (!colon || !scheme_ok(uri, (size_t)(colon - uri)))
		strcpy(scheme, "sqlite");    /* a path, ":memory:" */
	else {
		n = (size_t)(colon - uri);
		memcpy(scheme, uri, n);
		scheme[n] = '\0';
	}
	pthread_mutex_lock(&registry_lock);
	for (i = 0; i < registry_len; i++)
		if (strcasecmp(registry[i].scheme, scheme) == 0)
			fn = registry[i].open;
	pthread_mutex_unlock(&registry_lock);
	return fn;
}

int cop_backend_open(cop_backend **out, const char *uri,
	const cop_open_options *opts)
{
	cop_open_options defaults = COP_OPEN_OPTIONS_INIT;
	char scheme[SCHEME_MAX];
	cop_backend_open_fn fn;
	char *msg = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!out)
		return cop__open_error(COP_EINVAL, "out is NULL");
	if (!uri || !*uri)
		return cop__open_error(COP_EINVAL, "the store URI is %s",
			uri ? "empty" : "NULL");
	if (!cop__utf8_valid(uri, strlen(uri), NULL))
		return cop__open_error(COP_EINVAL,
			"the store URI is not valid UTF-8");
	if (!opts)
		opts = &defaults;
	if (opts->version != COP_OPEN_OPTIONS_VERSION)
		return cop__open_error(COP_EINVAL,
			"unsupported cop_open_options version %u", opts->version);
	if (opts->flags & ~(COP_OPEN_READONLY | COP_OPEN_NOCREATE |
	    COP_OPEN_DURABLE | COP_OPEN_SYSTEM))
		return cop__open_error(COP_EINVAL, "unknown open flags 0x%x",
			opts->flags);
	if (opts->busy_timeout_ms < 0)
		return cop__open_error(COP_EINVAL, "negative busy timeout");
	if (!(fn = registry_find(uri, scheme)))
		return cop__open_error(COP_ENOTSUP,
			"no backend for '%s:' URIs (is libcop built with it?)",
			scheme);
	rc = fn(out, uri, opts, &msg);
	if (rc != COP_OK) {
		*out = NULL;
		cop__open_error(rc, "%s", msg ? msg : cop_strerror(rc));
		cop_free(msg);
		return rc;
	}
	cop_free(msg);
	if (!*out || (*out)->version < 1 ||
	    (*out)->version > COP_BACKEND_VERSION) {
		if (*out)
			(*out)->free(*out);
		*out = NULL;
		return cop__open_error(COP_EVERSION,
			"backend '%s' has an unsupported interface version",
			scheme);
	}
	return cop__open_error(COP_OK, NULL);
}

int cop__feature_check(cop_store *s, const void *table, const char *what)
{
	/* Every feature table starts with its unsigned int version. */
	if (!table || *(const unsigned int *)table < 1)
		return cop__error(s, COP_ENOTSUP, "the %s backend has no %s "
			"storage", s->be->name, what);
	return COP_OK;
}

int cop_backend_init(cop_backend *be, unsigned int version)
{
	if (!be || version < 1 || version > COP_BACKEND_VERSION)
		return COP_EINVAL;
	memset(be, 0, sizeof(*be));
	be->version = version;
	return COP_OK;
}

int cop_open_backend(cop_store **out, cop_backend *be,
	const cop_open_options *opts)
{
	cop_store *s;

	if (out)
		*out = NULL;
	if (!be)
		return cop__open_error(COP_EINVAL, "backend is NULL");
	if (!out || (opts && opts->version != COP_OPEN_OPTIONS_VERSION) ||
	    be->version < 1 || be->version > COP_BACKEND_VERSION) {
		const char *why = !out ? "out is NULL" :
			be->version < 1 || be->version > COP_BACKEND_VERSION ?
			"unsupported backend interface version" :
			"unsupported cop_open_options version";

		be->free(be);
		return cop__open_error(COP_EINVAL, "%s", why);
	}
	if (!(s = cop_mallocz(sizeof(*s)))) {
		be->free(be);
		return cop__open_error(COP_ENOMEM, "out of memory");
	}
	s->be = be;
	s->flags = opts ? opts->flags : 0;
	if (s->flags & COP_OPEN_SYSTEM)
		cop_store_act_as_system(s);
	else
		cop_store_set_actor(s, NULL);
	*out = s;
	return cop__open_error(COP_OK, NULL);
}

int cop_open(cop_store **out, const char *uri, const cop_open_options *opts)
{
	cop_backend *be = NULL;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop_backend_open(&be, uri, opts)) != COP_OK)
		return rc;
	return cop_open_backend(out, be, opts);
}

int cop_close(cop_store *s)
{
	if (!s)
		return COP_OK;
	if (s->in_batch)
		s->be->rollback(s->be);
	s->be->free(s->be);
	cop_free(s);
	return COP_OK;
}

const char *cop_store_backend_name(const cop_store *s)
{
	return s && s->be ? s->be->name : NULL;
}

/* ---- actor and clock ------------------------------------------------------ */

static const char *const actor_kind_names[] = { "anonymous", "member",
	"system" };

COP__ENUM_NAMES(cop_actor_kind, cop_actor_kind, actor_kind_names)

int cop_store_set_actor(cop_store *s, const char *member_id)
{
	cop_member_rec m;
	cop_id id;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!member_id) {
		/* The anonymous viewer: an actor that is no member, so that
		 * every check and every statement of visibility.h treats it
		 * as an outsider; it writes nothing (cop__write_end()). */
		s->has_actor = 1;
		s->anonymous = 1;
		s->actor = cop__anonymous_id;
		s->actor_text[0] = '\0';
		s->actor_erased = s->actor_checked = 0;
		return cop__ok(s);
	}
	if ((rc = cop__id_arg(s, &id, member_id, "member")) != COP_OK ||
	    (rc = cop__member_load(s, &id, member_id, &m)) != COP_OK)
		return rc;
	s->has_actor = 1;
	s->anonymous = 0;
	s->actor = id;
	cop_id_format(s->actor_text, &id);
	s->actor_erased = s->actor_checked = 0;
	cop__actor_seen(s, &m);   /* an erased actor is known from here */
	cop_rec_clear(COP_REC_MEMBER, &m);
	return cop__ok(s);
}

int cop_store_act_as_system(cop_store *s)
{
	if (!s)
		return COP_EINVAL;
	s->has_actor = 0;
	s->anonymous = 0;
	memset(&s->actor, 0, sizeof(s->actor));
	s->actor_text[0] = '\0';
	s->actor_erased = s->actor_checked = 0;
	return cop__ok(s);
}

cop_actor_kind cop_store_actor_kind(const cop_store *s)
{
	if (!s || s->anonymous)
		return COP_ACTOR_ANONYMOUS;
	return s->has_actor ? COP_ACTOR_MEMBER : COP_ACTOR_SYSTEM;
}

const char *cop_store_actor(const cop_store *s)
{
	return s && s->has_actor && !s->anonymous ? s->actor_text : NULL;
}

const cop_id *cop__actor(const cop_store *s)
{
	return s->has_actor ? &s->actor : NULL;
}

int cop_store_set_time(cop_store *s, cop_time now)
{
	if (!s)
		return COP_EINVAL;
	if (now < 0)
		return cop__error(s, COP_EINVAL, "negative time %lld",
			(long long)now);
	s->fixed_now = now;
	return cop__ok(s);
}

cop_time cop_store_now(cop_store *s)
{
	return cop__now(s);
}

/* ---- transactions --------------------------------------------------------- */

int cop_batch_begin(cop_store *s)
{
	int rc;

	if (!s)
		return COP_EINVAL;
	if (s->in_batch)
		return cop__error(s, COP_EBUSY, "a batch is already open");
	if (s->flags & COP_OPEN_READONLY)
		return cop__error(s, COP_EREADONLY, "the store is read-only");
	if ((rc = s->be->begin(s->be)) != COP_OK)
		return cop__be_error(s, rc, "beginning a batch");
	s->in_batch = 1;
	return cop__ok(s);
}

/* End the open batch: commit (rolling back when that fails) or roll back. */
static int batch_end(cop_store *s, int commit)
{
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!s->in_batch)
		return cop__error(s, COP_EINVAL, "no batch is open");
	s->in_batch = 0;
	s->actor_checked = 0;   /* the transaction ends */
	rc = commit ? s->be->commit(s->be) : s->be->rollback(s->be);
	if (rc != COP_OK) {
		cop__be_error(s, rc, commit ? "committing a batch" :
			"rolling a batch back");
		if (commit)
			s->be->rollback(s->be);
		return rc;
	}
	return cop__ok(s);
}

int cop_batch_commit(cop_store *s)
{
	return batch_end(s, 1);
}

int cop_batch_rollback(cop_store *s)
{
	return batch_end(s, 0);
}

int cop__write_begin(cop_store *s)
{
	int rc;

	if (s->flags & COP_OPEN_READONLY)
		return cop__error(s, COP_EREADONLY, "the store is read-only");
	if ((rc = s->be->begin(s->be)) != COP_OK)
		return cop__be_error(s, rc, "beginning a transaction");
	s->writing++;
	return COP_OK;
}

void cop__actor_known(cop_store *s, int erased)
{
	if (erased)
		s->actor_erased = 1;
	else if (s->writing > 0 || s->in_batch)
		s->actor_checked = 1;
}

void cop__actor_seen(cop_store *s, const cop_member_rec *m)
{
	if (s->has_actor && !s->anonymous &&
	    memcmp(&m->id, &s->actor, sizeof(m->id)) == 0)
		cop__actor_known(s, m->status == COP_MEMBER_DELETED);
}

int cop__erased_refused(cop_store *s)
{
	return cop__error(s, COP_EPERM, "an erased member may not change "
		"anything");
}

/* Whether the actor is erased: *erased 1 or 0.  The actor's record is
 * read inside the write transaction, unless its erasure was read there
 * already (cop__actor_known()) or is known (final).  The backend's code
 * when the read fails, no message recorded. */
static int actor_erased(cop_store *s, int *erased)
{
	cop_member_rec m;
	cop_key key;
	int rc;

	if (!s->actor_erased && !s->actor_checked) {
		memset(&key, 0, sizeof(key));
		key.id = s->actor;
		memset(&m, 0, sizeof(m));
		rc = s->be->get(s->be, COP_REC_MEMBER, &key, &m);
		if (rc == COP_ENOTFOUND)    /* gone: no less final */
			s->actor_erased = 1;
		else if (rc == COP_OK)
			cop__actor_seen(s, &m);
		cop_rec_clear(COP_REC_MEMBER, &m);
		if (rc != COP_OK && rc != COP_ENOTFOUND)
			return rc;
	}
	*erased = s->actor_erased;
	return COP_OK;
}

int cop__write_end(cop_store *s, int rc)
{
	int erc, erased = 0;

	/* Whatever let it through, the anonymous viewer changes nothing;
	 * what it may not see was refused as missing before. */
	if (rc == COP_OK && s->anonymous)
		rc = cop__anonymous_refused(s);
	/* Nor does an erased member, who may not act at all: a write of
	 * theirs is refused, and so is one refused already (COP_EPERM,
	 * whatever else it says), with the one message that says why.  What
	 * they may not see stays refused as missing.  Never the system. */
	if ((rc == COP_OK || rc == COP_EPERM) && s->has_actor &&
	    !s->anonymous) {
		if ((erc = actor_erased(s, &erased)) != COP_OK && rc == COP_OK)
			rc = cop__be_error(s, erc, "reading the acting member");
		else if (erased)
			rc = cop__erased_refused(s);
	}
	return cop__write_end_own(s, rc);
}

int cop__write_end_own(cop_store *s, int rc)
{
	int crc;

	if (s->writing > 0)
		s->writing--;
	/* A level rolled back (its locks released with it), or the
	 * transaction's end: the actor is read again by the next. */
	if (rc != COP_OK || (s->writing == 0 && !s->in_batch))
		s->actor_checked = 0;
	if (rc != COP_OK) {
		s->be->rollback(s->be);
		return rc;
	}
	if ((crc = s->be->commit(s->be)) != COP_OK) {
		cop__be_error(s, crc, "committing");
		s->be->rollback(s->be);
		return crc;
	}
	return COP_OK;
}

int cop__write_done(cop_store *s, int rc)
{
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop__log(cop_store *s, const char *op, const cop_id *object,
	const cop_id *community)
{
	cop_log_rec l;

	memset(&l, 0, sizeof(l));
	l.time = cop__now(s);
	if (s->has_actor)
		l.actor_id = s->actor;
	l.op = (char *)op;
	l.object_id = *object;
	if (community)
		l.community_id = *community;
	return cop__rec_insert(s, COP_REC_LOG, &l,
		"appending to the change log", NULL, NULL);
}

/* ---- access --------------------------------------------------------------- */

/* What the actor may do in a community of @p visibility, given its
 * membership there (acc->has_membership, role and status, already set). */
static void access_decide(cop__access *acc, int visibility)
{
	acc->visible = cop__sees_community(visibility, acc->has_membership,
		acc->status);
	acc->can_post = cop__may_post(acc->has_membership, acc->role,
		acc->status);
	acc->is_facilitator = cop__moderates(acc->has_membership, acc->role,
		acc->status);
}

/* The system may do everything. */
static void access_system(cop__access *acc)
{
	memset(acc, 0, sizeof(*acc));
	acc->system = acc->visible = acc->can_post = 1;
	acc->is_facilitator = 1;
}

int cop__community_access(cop_store *s, const cop_id *cid, int visibility,
	cop__access *acc)
{
	cop_membership_rec m;
	cop_key key;
	int rc;

	if (!s->has_actor) {
		access_system(acc);
		return COP_OK;
	}
	memset(acc, 0, sizeof(*acc));
	memset(&key, 0, sizeof(key));
	key.id = *cid;
	key.id2 = s->actor;
	memset(&m, 0, sizeof(m));
	rc = s->be->get(s->be, COP_REC_MEMBERSHIP, &key, &m);
	if (rc == COP_OK) {
		acc->has_membership = 1;
		acc->role = m.role;
		acc->status = m.status;
	}
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	if (rc != COP_OK && rc != COP_ENOTFOUND) {
		return cop__be_error(s, rc, "reading a membership");
	}
	access_decide(acc, visibility);
	return cop__moderation_restrain(s, cid, acc);
}

/* cop__community_resolve(), refusing a community the actor may not see
 * only when @p need_visible. */
static int community_find(cop_store *s, const char *id_or_slug,
	cop_community_rec *rec, cop__access *acc, int need_visible)
{
	cop_community_rec c;
	cop__access a;
	cop_key key;
	int rc;

	if (rec)
		memset(rec, 0, sizeof(*rec));
	if (!id_or_slug || !*id_or_slug)
		return cop__error(s, COP_EINVAL, "community is %s",
			id_or_slug ? "empty" : "NULL");
	memset(&key, 0, sizeof(key));
	if (cop_id_parse(&key.id, id_or_slug) != COP_OK) {
		if ((rc = cop__check_slug(s, id_or_slug)) != COP_OK)
			return cop__error(s, rc == COP_ETOOBIG ? COP_ETOOBIG :
				rc == COP_EENCODING ? COP_EENCODING : COP_EINVAL,
				"community '%.64s' is neither an id nor a slug",
				id_or_slug);
		key.name = id_or_slug;
	}
	rc = cop__rec_get(s, COP_REC_COMMUNITY, &key, &c);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "community");
	if (rc != COP_OK)
		return rc;
	if ((rc = cop__community_access(s, &c.id, c.visibility, &a)) != COP_OK) {
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		return rc;
	}
	if (!a.visible && need_visible) {
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		return cop__community_unseen(s, id_or_slug);
	}
	if (acc)
		*acc = a;
	if (rec)
		*rec = c;
	else
		cop_rec_clear(COP_REC_COMMUNITY, &c);
	return COP_OK;
}

int cop__community_unseen(cop_store *s, const char *id_or_slug)
{
	(void)id_or_slug;   /* what the actor does not see is not named */
	return cop__missing(s, "community");
}

int cop__missing(cop_store *s, const char *what)
{
	return cop__error(s, COP_ENOTFOUND, "no such %s", what);
}

int cop__community_resolve(cop_store *s, const char *id_or_slug,
	cop_community_rec *rec, cop__access *acc)
{
	return community_find(s, id_or_slug, rec, acc, 1);
}

int cop__community_resolve_any(cop_store *s, const char *id_or_slug,
	cop_community_rec *rec, cop__access *acc)
{
	return community_find(s, id_or_slug, rec, acc, 0);
}

/* Refuse a thread the actor may not see, as one that is not there;
 * @p rec is cleared then. */
static int thread_check(cop_store *s, cop_thread_rec *rec,
	const cop__access *acc)
{
	if (cop__sees_thread(acc->visible, acc->is_facilitator, rec->hidden))
		return COP_OK;
	cop_rec_clear(COP_REC_THREAD, rec);
	return cop__missing(s, "thread");
}

/* The thread and the actor's access in one backend read (interface
 * version 3). */
static int thread_load_one(cop_store *s, const cop_id *tid,
	cop_thread_rec *rec, cop__access *acc)
{
	cop_access_rec a;
	int rc;

	memset(&a, 0, sizeof(a));
	rc = s->be->thread_access(s->be, tid, &s->actor, rec, &a);
	if (rc == COP_OK && !a.has_community) {
		cop_rec_clear(COP_REC_THREAD, rec);
		return cop__missing(s, "thread");
	}
	if (rc != COP_OK) {
		cop_rec_clear(COP_REC_THREAD, rec);
		if (rc != COP_ENOTFOUND)
			return cop__be_error(s, rc, "reading a thread");
		return cop__missing(s, "thread");
	}
	memset(acc, 0, sizeof(*acc));
	acc->has_membership = a.has_membership;
	acc->role = a.role;
	acc->status = a.status;
	access_decide(acc, a.visibility);
	if ((rc = cop__moderation_restrain(s, &rec->community_id, acc))
			!= COP_OK) {
		cop_rec_clear(COP_REC_THREAD, rec);
		return rc;
	}
	return thread_check(s, rec, acc);
}

int cop__thread_load(cop_store *s, const cop_id *tid, cop_thread_rec *rec,
	cop__access *acc)
{
	cop_community_rec c;
	cop_key key;
	int rc;

	if (!rec || !acc) {     /* only whether the actor sees it */
		cop_thread_rec one;
		cop__access a;

		rc = cop__thread_load(s, tid, rec ? rec : &one, acc ? acc : &a);
		if (!rec)
			cop_rec_clear(COP_REC_THREAD, &one);
		return rc;
	}
	memset(rec, 0, sizeof(*rec));
	if (s->has_actor && s->be->version >= 3 && s->be->thread_access)
		return thread_load_one(s, tid, rec, acc);
	memset(&key, 0, sizeof(key));
	key.id = *tid;
	rc = cop__rec_get(s, COP_REC_THREAD, &key, rec);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "thread");
	if (rc != COP_OK)
		return rc;
	if (!s->has_actor) {
		access_system(acc);
		return COP_OK;
	}
	memset(&c, 0, sizeof(c));
	key.id = rec->community_id;
	rc = s->be->get(s->be, COP_REC_COMMUNITY, &key, &c);
	if (rc == COP_OK)
		rc = cop__community_access(s, &c.id, c.visibility, acc);
	else
		rc = cop__be_error(s, rc, "reading a thread's community");
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc != COP_OK) {
		cop_rec_clear(COP_REC_THREAD, rec);
		return rc;
	}
	return thread_check(s, rec, acc);
}

/* ---- records and objects -------------------------------------------------- */

/* Record kinds are 1 .. REC_KINDS - 1. */
#define REC_KINDS 38
#define KIND_OK(kind) ((int)(kind) >= 1 && (int)(kind) < REC_KINDS)

/* The string fields of each kind of record, as offsets (0 ends a list,
 * so a kind has at most REC_STRINGS - 1). */
#define REC_STRINGS 8
#define SF(type, field) offsetof(type, field)
static const size_t rec_strings[REC_KINDS][REC_STRINGS] = {
	{ 0 },
	{ SF(cop_member_rec, handle), SF(cop_member_rec, display_name),
	  SF(cop_member_rec, organisation), SF(cop_member_rec, languages), 0 },
	{ SF(cop_community_rec, slug), SF(cop_community_rec, name),
	  SF(cop_community_rec, purpose), SF(cop_community_rec, language), 0 },
	{ SF(cop_membership_rec, handle),
	  SF(cop_membership_rec, community_slug), 0 },
	{ SF(cop_thread_rec, title), SF(cop_thread_rec, tags),
	  SF(cop_thread_rec, language), 0 },
	{ SF(cop_contribution_rec, language), SF(cop_contribution_rec, body),
	  SF(cop_contribution_rec, thread_title), 0 },
	{ SF(cop_revision_rec, body), SF(cop_revision_rec, comment), 0 },
	{ SF(cop_log_rec, op), 0 },
	{ SF(cop_search_hit_rec, title), SF(cop_search_hit_rec, snippet), 0 },
	{ SF(cop_flag_rec, reason), 0 },
	{ 0 },
	{ 0 }, { 0 },
	{ SF(cop_kudos_rec, message), 0 },
	{ SF(cop_ledger_rec, tags), 0 },
	{ 0 },
	{ SF(cop_badge_rec, name), 0 },
	{ SF(cop_source_rec, source_id), 0 },
	{ SF(cop_total_rec, tag), 0 },
	{ SF(cop_leader_rec, handle), 0 },
	{ 0 }, { 0 }, { 0 }, { 0 },
	{ SF(cop_modaction_rec, reason), 0 },
	{ SF(cop_fund_rec, currency), SF(cop_fund_rec, counterparty),
	  SF(cop_fund_rec, note), 0 },
	{ SF(cop_fund_sum_rec, currency), 0 },
	{ SF(cop_hours_rec, note), 0 },
	{ SF(cop_hours_row_rec, handle), SF(cop_hours_row_rec, organisation),
	  0 },
	{ SF(cop_digest_rec, community_slug), SF(cop_digest_rec, member_handle),
	  SF(cop_digest_rec, actor_handle), SF(cop_digest_rec, title),
	  SF(cop_digest_rec, language), SF(cop_digest_rec, text),
	  SF(cop_digest_rec, badge_name), 0 },
	{ SF(cop_follow_rec, tag), 0 },
	{ 0 },
	{ SF(cop_event_rec, title), SF(cop_event_rec, body),
	  SF(cop_event_rec, place), SF(cop_event_rec, url),
	  SF(cop_event_rec, tz), SF(cop_event_rec, reason), 0 },
	{ 0 },
	{ 0 },
	{ SF(cop_email_rec, address), 0 },
	{ SF(cop_tag_rec, name), SF(cop_tag_rec, excerpt), SF(cop_tag_rec, wiki),
	  SF(cop_tag_rec, synonym_of), 0 },
	{ SF(cop_thread_change_rec, old_value),
	  SF(cop_thread_change_rec, new_value),
	  SF(cop_thread_change_rec, comment), 0 },
};
#undef SF

static const size_t obj_sizes[REC_KINDS] = {
	0, sizeof(struct cop_member), sizeof(struct cop_community),
	sizeof(struct cop_membership), sizeof(struct cop_thread),
	sizeof(struct cop_contribution), sizeof(struct cop_revision),
	sizeof(struct cop_log_entry), sizeof(struct cop_search_hit),
	/* flags, links, votes, accepted answers, standings, badges, sources:
	 * their features make their own objects */
	0, 0, 0, 0, sizeof(struct cop_kudos), sizeof(struct cop_ledger_entry),
	0, 0, 0, 0, sizeof(struct cop_leader), 0, 0, 0, 0,
	sizeof(struct cop_modlog_entry), sizeof(struct cop_fund_entry), 0, 0,
	0, sizeof(struct cop_digest_item), sizeof(struct cop_follow),
	sizeof(struct cop_notification), sizeof(struct cop_event), 0,
	sizeof(struct cop_queue_item), 0, sizeof(struct cop_tag),
	sizeof(struct cop_thread_change)
};

static const size_t rec_sizes[REC_KINDS] = {
	0, sizeof(cop_member_rec), sizeof(cop_community_rec),
	sizeof(cop_membership_rec), sizeof(cop_thread_rec),
	sizeof(cop_contribution_rec), sizeof(cop_revision_rec),
	sizeof(cop_log_rec), sizeof(cop_search_hit_rec), sizeof(cop_flag_rec),
	sizeof(cop_link_rec), sizeof(cop_vote_rec), sizeof(cop_accept_rec),
	sizeof(cop_kudos_rec), sizeof(cop_ledger_rec), sizeof(cop_standing_rec),
	sizeof(cop_badge_rec), sizeof(cop_source_rec), sizeof(cop_total_rec),
	sizeof(cop_leader_rec), sizeof(cop_score_check_rec),
	sizeof(cop_rep_check_rec), sizeof(cop_counts_check_rec),
	sizeof(cop_high_score_rec), sizeof(cop_modaction_rec),
	sizeof(cop_fund_rec), sizeof(cop_fund_sum_rec), sizeof(cop_hours_rec),
	sizeof(cop_hours_row_rec), sizeof(cop_digest_rec),
	sizeof(cop_follow_rec), sizeof(cop_notification_rec),
	sizeof(cop_event_rec), sizeof(cop_rsvp_rec), sizeof(cop_queue_rec),
	sizeof(cop_email_rec), sizeof(cop_tag_rec),
	sizeof(cop_thread_change_rec)
};

/* "reading a <kind>": the message of a failed get. */
static const char *const rec_reading[REC_KINDS] = {
	"reading a record", "reading a member", "reading a community",
	"reading a membership", "reading a thread", "reading a contribution",
	"reading a revision", "reading a log entry", "reading a search hit",
	"reading a flag", "reading a link", "reading a vote",
	"reading an accepted answer", "reading kudos", "reading a ledger entry",
	"reading a standing", "reading a badge", "reading an import source",
	"reading a period total", "reading a leaderboard", "checking scores",
	"checking reputations", "checking counters", "reading high scores",
	"reading a moderation action", "reading a ledger entry",
	"reading ledger sums", "reading hours given", "reading hours figures",
	"reading a digest", "reading a follow", "reading a notification",
	"reading an event", "reading an RSVP", "reading the facilitator's queue",
	"reading a mail address", "reading a tag",
	"reading a thread's history"
};

void cop_rec_clear(cop_rec_kind kind, void *rec)
{
	size_t i;

	if (!rec || !KIND_OK(kind))
		return;
	for (i = 0; rec_strings[kind][i]; i++)
		cop_free(*(char **)((char *)rec + rec_strings[kind][i]));
	memset(rec, 0, rec_sizes[kind]);
}

int cop__rec_get(cop_store *s, cop_rec_kind kind, const cop_key *key,
	void *rec)
{
	int rc;

	memset(rec, 0, cop__rec_size(kind));
	rc = s->be->get(s->be, kind, key, rec);
	if (rc == COP_OK)
		return COP_OK;
	cop_rec_clear(kind, rec);
	if (rc == COP_ENOTFOUND)
		return rc;
	return cop__be_error(s, rc, rec_reading[KIND_OK(kind) ? kind : 0]);
}

/*
 * One allocation per object: the object (which starts with its record),
 * then its strings.  The object's id texts stay zeroed until a getter
 * formats them (cop__lazy_id()).  The record's strings are copied, not
 * taken: the caller still owns (or borrows) them.
 */
static int wrap_copy(cop_store *s, cop_rec_kind kind, const void *rec,
	void **out)
{
	size_t lens[REC_STRINGS], total, i;
	char *obj, *w;

	*out = NULL;
	if (!KIND_OK(kind) || !obj_sizes[kind])
		return cop__error(s, COP_ERROR, "unknown record kind %d",
			(int)kind);
	total = obj_sizes[kind];
	for (i = 0; rec_strings[kind][i]; i++) {
		const char *str = *(char *const *)((const char *)rec +
			rec_strings[kind][i]);

		lens[i] = str ? strlen(str) + 1 : 0;
		total += lens[i];
	}
	if (!(obj = cop_malloc(total)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	memset(obj, 0, obj_sizes[kind]);
	memcpy(obj, rec, rec_sizes[kind]);
	w = obj + obj_sizes[kind];
	for (i = 0; rec_strings[kind][i]; i++) {
		char **field = (char **)(obj + rec_strings[kind][i]);

		if (!*field)
			continue;
		memcpy(w, *field, lens[i]);
		*field = w;
		w += lens[i];
	}
	*out = obj;
	return COP_OK;
}

size_t cop__rec_size(cop_rec_kind kind)
{
	return KIND_OK(kind) ? rec_sizes[kind] : 0;
}

int cop__be_next_owned(cop_backend_iter *bi, cop_rec_kind kind, void *rec)
{
	size_t i;
	int rc = bi->next(bi, rec);

	if (rc != COP_OK || !(bi->flags & COP_BACKEND_ITER_BORROWED))
		return rc;
	for (i = 0; rec_strings[kind][i]; i++) {
		char **field = (char **)((char *)rec + rec_strings[kind][i]);

		if (*field && !(*field = cop_strdup(*field))) {
			while (i--) {
				field = (char **)((char *)rec + rec_strings[kind][i]);
				cop_free(*field);
			}
			memset(rec, 0, rec_sizes[kind]);
			return COP_ENOMEM;
		}
	}
	return COP_OK;
}

int cop__wrap(cop_store *s, cop_rec_kind kind, void *rec, void **out)
{
	int rc = wrap_copy(s, kind, rec, out);

	cop_rec_clear(kind, rec);
	return rc;
}

int cop__wrap_borrowed(cop_store *s, cop_rec_kind kind, const void *rec,
	void **out)
{
	return wrap_copy(s, kind, rec, out);
}

void *cop__wrap_result(cop_store *s, int *rc, cop_rec_kind kind, void *rec)
{
	void *obj = NULL;

	if (*rc != COP_OK) {
		cop_rec_clear(kind, rec);
		return NULL;
	}
	if ((*rc = cop__wrap(s, kind, rec, &obj)) == COP_OK)
		cop__ok(s);
	return obj;
}

int cop__write_end_obj(cop_store *s, int rc, cop_rec_kind kind,
	const void *rec, void **obj)
{
	if (obj && rc == COP_OK)
		rc = wrap_copy(s, kind, rec, obj);
	rc = cop__write_end(s, rc);
	if (rc == COP_OK)
		return cop__ok(s);
	if (obj) {
		cop_free(*obj);   /* one block, as every object */
		*obj = NULL;
	}
	return rc;
}

int cop__anonymous_refused(cop_store *s)
{
	return cop__error(s, COP_EPERM, "the anonymous viewer may not "
		"change anything (act as a member)");
}

int cop__rec_insert(cop_store *s, cop_rec_kind kind, void *rec,
	const char *what, const char *key, const char *value)
{
	int rc;

	if (s->anonymous)
		return cop__anonymous_refused(s);
	if (s->actor_erased)
		return cop__erased_refused(s);
	rc = s->be->insert(s->be, kind, rec);

	if (rc == COP_EEXISTS && key)
		return cop__error(s, rc, "%s '%s' is taken", key, value);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, what);
}

int cop__rec_update(cop_store *s, cop_rec_kind kind, const void *rec,
	const char *what)
{
	int rc;

	if (s->anonymous)
		return cop__anonymous_refused(s);
	if (s->actor_erased)
		return cop__erased_refused(s);
	rc = s->be->update(s->be, kind, rec);

	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, what);
}

int cop__write_end_out(cop_store *s, int rc, cop_rec_kind kind,
	const void *rec, void *out)
{
	void *obj = NULL;

	rc = cop__write_end_obj(s, rc, kind, rec, out ? &obj : NULL);
	if (out)   /* out is a T ** for an object type T */
		memcpy(out, &obj, sizeof(obj));
	return rc;
}

/* ---- the tables an exchange needs ------------------------------------------------ */

int cop__exchange_check(cop_store *s)
{
	const cop_backend_recognition *rt;
	const cop_backend_privacy *pt;
	const cop_backend_export *xt;
	int rc;

	if ((rc = COP__FEATURE_GET(s, &rt, recognition, cop__sql_recognition,
			"recognition")) != COP_OK ||
	    (rc = COP__FEATURE_GET(s, &pt, privacy, cop__sql_privacy,
			"member data")) != COP_OK)
		return rc;
	return COP__EXPORT(s, &xt);
}
