/*
 * facilitation.c: what a facilitator works from (include/cop/
 * facilitation.h): the facilitator's queue and its thresholds, thread
 * summaries and their coverage.
 *
 * The rules live here and in the one statement that selects the queue:
 * the core turns each kind's threshold into a cutoff (the store's time
 * less the threshold: an item is listed once it started waiting at or
 * before it), checks who may read, and pages; the backend's facilitation
 * table (sys/backend.h; the SQL backends: sql/facilitation.c over the
 * statement of recognition_sql.h) selects.  Thresholds a community has
 * not set are the defaults of facilitation.h, which are not stored.
 */
#include "recognition/recognition_int.h"
#include "visibility.h"
#include "cop/facilitation.h"

/* The numbers the queue's statement writes as literals
 * (recognition_sql.h, RS_Q_*). */
_Static_assert(COP_THREAD_DISCUSSION == 0 && COP_THREAD_QUESTION == 1 &&
	COP_CONTRIB_ANSWER == 2 && COP_MEMBERSHIP_ACTIVE == 0 &&
	COP_MEMBERSHIP_PENDING == 1 && COP_MEMBERSHIP_SILENCED == 4 &&
	COP_MEMBER_DELETED == 2 && COP_FLAG_OPEN == 0 &&
	COP_QUEUE_ACTIVE_POSTS == 3 && COP_QUEUE_EVENT + 1 ==
	COP_QUEUE_KINDS_STORED && COP_QUEUE_KINDS == COP_QUEUE_EVENT + 1,
	"the queue's statement");

static const char *const queue_kind_names[] = {
	"unanswered", "unaccepted", "idle", "newcomer", "flag",
	"join-request", "quiet", "event"
};
COP__ENUM_NAMES(cop_queue_kind, cop_queue_kind, queue_kind_names)

static const int64_t default_threshold[COP_QUEUE_KINDS] = {
	COP_QUEUE_DEFAULT_UNANSWERED, COP_QUEUE_DEFAULT_UNACCEPTED,
	COP_QUEUE_DEFAULT_IDLE, COP_QUEUE_DEFAULT_NEWCOMER,
	COP_QUEUE_DEFAULT_FLAG, COP_QUEUE_DEFAULT_JOIN_REQUEST,
	COP_QUEUE_DEFAULT_QUIET, COP_QUEUE_DEFAULT_EVENT
};

/* The store's facilitation table, or COP_ENOTSUP. */
static int table_get(cop_store *s, const cop_backend_facilitation **out)
{
	return COP__FEATURE_GET(s, out, facilitation, cop__sql_facilitation,
		"facilitation");
}

static int check_kind(cop_store *s, cop_queue_kind kind)
{
	if ((int)kind >= 0 && (int)kind < COP_QUEUE_KINDS)
		return COP_OK;
	return cop__error(s, COP_EINVAL, "invalid queue kind %d", (int)kind);
}

int cop__community_moderated(cop_store *s, const char *community,
	cop_id *cid, const char *what)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__moderator_check(s, cid, &acc, what);
}

/* The threshold of @p kind in community @p cid, in seconds. */
static int threshold(cop_store *s, const cop_backend_facilitation *f,
	const cop_id *cid, int kind, int64_t *out)
{
	int rc = f->threshold_get(s->be, cid, kind, out);

	if (rc == COP_ENOTFOUND) {
		*out = default_threshold[kind];
		return COP_OK;
	}
	return rc == COP_OK ? COP_OK :
		cop__be_error(s, rc, "reading the queue's thresholds");
}

/* Every threshold stored for community @p cid into @p stored (-1: none,
 * the default): in one read from a table of version 2, else a read a
 * kind. */
static int thresholds(cop_store *s, const cop_backend_facilitation *f,
	const cop_id *cid, int64_t stored[COP_QUEUE_KINDS_STORED])
{
	int rc = COP_OK, k;

	if (f->version >= 2) {
		if ((rc = f->thresholds_get(s->be, cid, stored,
				COP_QUEUE_KINDS_STORED)) != COP_OK)
			return cop__be_error(s, rc,
				"reading the queue's thresholds");
		return COP_OK;
	}
	for (k = 0; k < COP_QUEUE_KINDS_STORED && rc == COP_OK; k++)
		rc = threshold(s, f, cid, k, &stored[k]);
	return rc;
}

int cop_queue_threshold_set(cop_store *s, const char *community,
	cop_queue_kind kind, int64_t seconds)
{
	const cop_backend_facilitation *f;
	cop_id cid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = check_kind(s, kind)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK)
		return rc;
	if (seconds < 0 || seconds > COP_QUEUE_THRESHOLD_MAX)
		return cop__error(s, COP_EINVAL, "a threshold is 0 to %lld "
			"seconds", (long long)COP_QUEUE_THRESHOLD_MAX);
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__community_moderated(s, community, &cid,
		"set the queue's thresholds");
	if (rc == COP_OK &&
	    (rc = f->threshold_put(s->be, &cid, (int)kind, seconds)) != COP_OK)
		rc = cop__be_error(s, rc, "storing a queue threshold");
	if (rc == COP_OK)
		rc = cop__log(s, "community.queue", &cid, &cid);
	return cop__write_done(s, rc);
}

int cop_queue_threshold_lookup(int64_t *out, cop_store *s,
	const char *community, cop_queue_kind kind)
{
	const cop_backend_facilitation *f;
	cop_id cid;
	int rc;

	if ((rc = cop__check_out(s, out != NULL)) != COP_OK)
		return rc;
	*out = 0;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = check_kind(s, kind)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK ||
	    (rc = cop__community_moderated(s, community, &cid,
			"read the queue")) != COP_OK ||
	    (rc = threshold(s, f, &cid, (int)kind, out)) != COP_OK)
		return rc;
	return cop__ok(s);
}

/* ---- the queue ------------------------------------------------------------------- */

/* What a page of the queue needs: its community, the cutoffs and the
 * time they were taken from. */
typedef struct queue_scope {
	cop_queue_query q;
	cop_time now;
} queue_scope;

/* A listed record into an item (waited filled from the page's time) and
 * its keyset key [since, kind, object id]. */
static int item_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	cop_queue_rec *r = rec;
	cop_time now = cop__now(s);

	r->waited = now > r->since ? (now - r->since) / 1000 : 0;
	key->num = r->since;
	key->num2 = r->kind;
	key->has_id = 1;
	key->id = r->object_id;
	return cop__wrap_borrowed(s, COP_REC_QUEUE, rec, obj);
}

static int queue_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	queue_scope *scope = arg;
	const cop_backend_facilitation *f;
	int rc = table_get(s, &f);

	scope->q.has_after = q->has_after;
	scope->q.after_since = q->after_num;
	scope->q.after_kind = (int)q->after_num2;
	scope->q.after_id = q->after_id;
	scope->q.limit = q->limit;
	if (rc == COP_OK && (rc = f->queue_list(s->be, &scope->q, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "reading the facilitator's queue");
	return rc;
}

int cop_queue_iter_new(cop_queue_iter **out, cop_store *s,
	const char *community, const cop_page *page)
{
	const cop_backend_facilitation *f;
	queue_scope scope;
	int64_t secs, stored[COP_QUEUE_KINDS_STORED];
	int rc, k;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK)
		return rc;
	memset(&scope, 0, sizeof(scope));
	if ((rc = cop__community_moderated(s, community, &scope.q.community,
			"read the facilitator's queue")) != COP_OK)
		return rc;
	scope.now = cop__now(s);
	if ((rc = thresholds(s, f, &scope.q.community, stored)) != COP_OK)
		return rc;
	for (k = 0; k < COP_QUEUE_KINDS_STORED; k++) {
		secs = stored[k] >= 0 ? stored[k] : default_threshold[k];
		scope.q.cutoff[k] = scope.now - secs * 1000;
	}
	if ((rc = cop__iter_typed((cop__iter **)out, s, page, COP_REC_QUEUE,
			queue_open, &scope, item_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_queue, cop_queue_item)

void cop_queue_item_free(cop_queue_item *item)
{
	cop_free(item);
}

cop_queue_kind cop_queue_item_kind_get(const cop_queue_item *item)
{
	return item ? (cop_queue_kind)item->r.kind : COP_QUEUE_UNANSWERED;
}
const char *cop_queue_item_object_id(const cop_queue_item *item)
{
	return item ? cop__lazy_id((char *)item->object_id,
		&item->r.object_id) : NULL;
}
cop_time cop_queue_item_since(const cop_queue_item *item)
{
	return item ? item->r.since : 0;
}
int64_t cop_queue_item_waited(const cop_queue_item *item)
{
	return item ? item->r.waited : 0;
}

/* ---- summaries ------------------------------------------------------------------- */

/* The thread's summary, when it has one, into @p c (found 1), else
 * found 0. */
static int summary_load(cop_store *s, const cop_thread_rec *t,
	cop_contribution_rec *c, int *found)
{
	cop_key key;
	int rc;

	*found = 0;
	if (cop__same_id(&t->summary_id, &cop__nil_id))
		return COP_OK;
	memset(&key, 0, sizeof(key));
	key.id = t->summary_id;
	rc = cop__rec_get(s, COP_REC_CONTRIBUTION, &key, c);
	if (rc == COP_ENOTFOUND)   /* erased with its author: a new one */
		return COP_OK;
	*found = rc == COP_OK;
	return rc;
}

int cop_thread_summarize(cop_contribution **out, cop_store *s,
	const char *thread_id, const char *body)
{
	cop_contribution_rec c, upd;
	cop_thread_rec t;
	cop__access acc;
	cop_id tid;
	int rc, found = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK ||
	    (rc = cop__check_text(s, body, "body", 0, COP_BODY_MAX,
			COP_BODY_MAX)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&upd, 0, sizeof(upd));
	rc = cop__thread_load(s, &tid, &t, &acc);
	if (rc == COP_OK && !acc.system &&
	    !(acc.can_post && acc.role >= COP_ROLE_CORE))
		rc = cop__error(s, COP_EPERM, "only facilitators, owners and "
			"core members may write a thread's summary");
	if (rc == COP_OK)
		rc = summary_load(s, &t, &c, &found);
	if (rc == COP_OK && found) {
		rc = cop__contribution_revise(s, &c, body, NULL, &upd);
	} else if (rc == COP_OK) {
		rc = cop__contribution_add(s, &t, &upd, COP_CONTRIB_SUMMARY,
			NULL, body, NULL);
		if (rc == COP_OK) {
			t.summary_id = upd.id;
			rc = cop__rec_update(s, COP_REC_THREAD, &t,
				"updating the thread");
		}
	}
	rc = cop__write_end_out(s, rc, COP_REC_CONTRIBUTION, &upd, out);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc;
}

int cop_summary_coverage(int64_t *covered, int64_t *total, cop_store *s,
	const char *community)
{
	const cop_backend_facilitation *f;
	cop_community_rec c;
	cop__access acc;
	int64_t secs = 0;
	int rc;

	if ((rc = cop__check_out(s, covered && total)) != COP_OK)
		return rc;
	*covered = *total = 0;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	rc = threshold(s, f, &c.id, COP_QUEUE_IDLE, &secs);
	/* Hidden threads count for those who see them (visibility.h). */
	if (rc == COP_OK && (rc = f->coverage(s->be, &c.id,
			cop__sees_thread(acc.visible, acc.is_facilitator, 1),
			cop__now(s) - secs * 1000, total, covered)) != COP_OK)
		rc = cop__be_error(s, rc, "counting summaries");
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc == COP_OK ? cop__ok(s) : rc;
}
