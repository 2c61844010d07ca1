/*
 * privacy.c: a member's own data: the export of everything the store
 * holds about one member, the communities' erasure policies, and the
 * erasure of a member (docs/privacy.md).
 *
 * The export is one JSON object written piece by piece: the profile,
 * then one array per kind of record, each record dumped by jansson with
 * sorted keys on a line of its own.  Records come from keyset pages of
 * the COP_ROP_P_* scans, so memory stays bounded whatever the member
 * wrote.
 *
 * Erasure is one write transaction.  In each community the member has
 * something in, the policy decides: "anonymize" keeps the contributions
 * under the erased profile, "remove" deletes them with what hangs on
 * them (the COP_ROP_P_RM_* operations, in order) and then recounts the
 * community's derived recognition data from its facts.  Everywhere the
 * memberships end, the kudos messages the member wrote are replaced, and
 * the profile loses its personal data.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "internal.h"
#include "jsonout.h"

#define P_PAGE 500                  /* rows per scan */
#define P_PAGE_CONTRIBS 50          /* contributions (bodies) per scan */
       /* the export's write buffer */
#define P_HANDLE_TRIES 8            /* placeholder handles tried */

/** The display name an erased member is shown under. */
#define P_ERASED_NAME "Erased member"
/** What the kudos messages an erased member wrote become. */
#define P_ERASED_KUDOS "(erased)"

static const char *const policy_names[] = { "anonymize", "remove" };
COP__ENUM_NAMES(cop_erasure_policy, cop_erasure_policy, policy_names)

static const char *const member_status_names[] = {
	"active", "suspended", "deleted"
};

/* ---- small helpers ------------------------------------------------------------ */

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

#define has_rop(s) cop__has_rop((s), "recognition")
#define rop_run cop__rop_run
#define rop_rows cop__rop_rows
#define rop_next cop__rop_next

/*
 * Resolve @p text (a member's id or handle) into @p rec (cleared by the
 * caller with cop_rec_clear()) and check the actor is that member or
 * the system: COP_EINVAL, COP_ENOTFOUND, COP_EPERM.  An id naming
 * someone else is refused before it is looked up.
 */
static int member_self(cop_store *s, const char *text, cop_member_rec *rec,
	const char *what)
{
	const cop_id *actor = cop__actor(s);
	cop_key key;
	int by_id, rc;

	memset(rec, 0, sizeof(*rec));
	if (!text || !*text)
		return cop__error(s, COP_EINVAL, "member is %s",
			text ? "empty" : "NULL");
	memset(&key, 0, sizeof(key));
	by_id = cop_id_parse(&key.id, text) == COP_OK;
	if (!by_id) {
		if ((rc = cop__check_handle(s, text)) != COP_OK)
			return cop__error(s, COP_EINVAL, "member '%.64s' is neither "
				"an id nor a handle", text);
		key.name = text;
	}
	if (by_id && actor && !same_id(actor, &key.id))
		return cop__error(s, COP_EPERM, "only the member themself or the "
			"system may %s a member's data", what);
	rc = s->be->get(s->be, COP_REC_MEMBER, &key, rec);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "no member %.64s", text);
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a member");
	if (actor && !same_id(actor, &rec->id))
		return cop__error(s, COP_EPERM, "only the member themself or the "
			"system may %s a member's data", what);
	return COP_OK;
}

/* ---- export: the output ------------------------------------------------------------ */

/* ---- export: records as JSON ---------------------------------------------------------- */

/* Set o[name] to @p v (consumed); COP_ENOMEM when @p v is NULL. */
static int set(cop_store *s, json_t *o, const char *name, json_t *v)
{
	if (!v || json_object_set_new(o, name, v) != 0)
		return cop__error(s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

static json_t *j_id(const cop_id *id)
{
	char t[COP_ID_TEXT_LEN + 1];

	if (!id || cop_id_is_nil(id))
		return json_null();
	cop_id_format(t, id);
	return json_string(t);
}

static json_t *j_text(const char *t)
{
	return t ? json_string(t) : json_null();
}

static json_t *j_name(const char *name, int64_t v)
{
	return name ? json_string(name) : json_integer(v);
}

/* A row's column @p i as JSON. */
static json_t *j_col(const cop_row *r, unsigned int i)
{
	const cop_val *v;

	if (i >= r->ncols)
		return json_null();
	v = &r->col[i];
	switch (v->type) {
	case COP_VAL_ID:
	case COP_VAL_KEY:
		return j_id(&v->id);
	case COP_VAL_INT:
		return json_integer(v->i);
	case COP_VAL_TEXT:
		return json_string(v->text ? v->text : "");
	default:
		return json_null();
	}
}

static int64_t c_int(const cop_row *r, unsigned int i)
{
	return i < r->ncols && r->col[i].type == COP_VAL_INT ? r->col[i].i : 0;
}

static int c_null(const cop_row *r, unsigned int i)
{
	return i >= r->ncols || r->col[i].type == COP_VAL_NULL;
}

static const char *c_text(const cop_row *r, unsigned int i)
{
	return i < r->ncols && r->col[i].type == COP_VAL_TEXT ?
		r->col[i].text : NULL;
}

/* One scan's section: the array's name, the operation, its columns (a
 * NULL name leaves a column out), and a hook that names enum values. */
typedef struct pexp pexp;

typedef struct psec {
	const char *name;
	int op;
	unsigned int page;
	const char *const *cols;
	unsigned int ncols;
	int (*fix)(pexp *x, const cop_row *r, json_t *o);
	int (*keep)(pexp *x, const cop_row *r);   /* NULL: every row */
} psec;

struct pexp {
	cop_store *s;
	cop__jout *o;
	cop_id member;
};

static int fix_membership(pexp *x, const cop_row *r, json_t *o)
{
	int rc = set(x->s, o, "role", j_name(cop_role_name(
		(cop_role)c_int(r, 2)), c_int(r, 2)));
	if (rc == COP_OK)
		rc = set(x->s, o, "status", j_name(cop_membership_status_name(
			(cop_membership_status)c_int(r, 3)), c_int(r, 3)));
	return rc;
}

static int fix_contrib(pexp *x, const cop_row *r, json_t *o)
{
	int rc = set(x->s, o, "kind", j_name(cop_contribution_kind_name(
		(cop_contribution_kind)c_int(r, 3)), c_int(r, 3)));
	if (rc == COP_OK)
		rc = set(x->s, o, "format", json_string(c_int(r, 7) ==
			COP_FORMAT_HTML ? "html" : "markdown"));
	return rc;
}

static int fix_vote(pexp *x, const cop_row *r, json_t *o)
{
	int64_t k = c_int(r, 3);
	return set(x->s, o, "kind", k < 0 ? json_string("retracted") :
		j_name(cop_vote_kind_name((cop_vote_kind)k), k));
}

static int keep_given(pexp *x, const cop_row *r)
{
	return r->ncols > 2 && r->col[2].type == COP_VAL_ID &&
		same_id(&r->col[2].id, &x->member);
}

static int keep_received(pexp *x, const cop_row *r)
{
	return r->ncols > 3 && r->col[3].type == COP_VAL_ID &&
		same_id(&r->col[3].id, &x->member);
}

static int fix_ledger(pexp *x, const cop_row *r, json_t *o)
{
	return set(x->s, o, "reason", j_name(cop_rep_reason_name(
		(cop_rep_reason)c_int(r, 4)), c_int(r, 4)));
}

static int fix_badge(pexp *x, const cop_row *r, json_t *o)
{
	int64_t b = c_int(r, 2);
	int cls = c_null(r, 6) ? cop_badge_class_of((cop_badge)b) :
		(int)c_int(r, 6);
	const char *name = c_text(r, 5);
	int rc;

	if (!name)
		name = cop_badge_name((cop_badge)b);
	rc = set(x->s, o, "name", j_text(name));
	if (rc == COP_OK)
		rc = set(x->s, o, "class", j_name(cop_badge_class_name(
			(cop_badge_class)cls), cls));
	return rc;
}

static const char *const cols_membership[] = {
	"community_id", "community", "role", "status", "joined",
	"pledged_hours"
};
static const char *const cols_contrib[] = {
	"id", "community_id", "thread_id", "kind", "reply_to",
	"translation_of", "language", "format", "created", "edited",
	"revision", "score", "title", "body"
};
static const char *const cols_vote[] = {
	"id", "community_id", "contribution_id", "kind", "reputation_cost",
	"created", "changed"
};
static const char *const cols_kudos[] = {
	"id", "community_id", "from_id", "to_id", "contribution_id",
	"message", "created"
};
static const char *const cols_ledger[] = {
	"id", "community_id", "points", "nominal", "reason", "object_id",
	"actor_id", "time", "tags"
};
static const char *const cols_standing[] = {
	"community_id", "reputation", "trust_level", "trust_manual",
	"days_active", "posts", "likes_given", "likes_received",
	"kudos_received", "accepted", "posts_read"
};
static const char *const cols_badge[] = {
	"id", "community_id", "badge", "object_id", "awarded", NULL, NULL
};

#define NCOLS(a) (unsigned int)(sizeof(a) / sizeof((a)[0]))

static const psec sections[] = {
	{ "memberships", COP_ROP_P_MEMBERSHIPS, P_PAGE, cols_membership,
	  NCOLS(cols_membership), fix_membership, NULL },
	{ "contributions", COP_ROP_P_CONTRIBS, P_PAGE_CONTRIBS, cols_contrib,
	  NCOLS(cols_contrib), fix_contrib, NULL },
	{ "votes", COP_ROP_P_VOTES, P_PAGE, cols_vote, NCOLS(cols_vote),
	  fix_vote, NULL },
	{ "kudos_given", COP_ROP_P_KUDOS, P_PAGE, cols_kudos,
	  NCOLS(cols_kudos), NULL, keep_given },
	{ "kudos_received", COP_ROP_P_KUDOS, P_PAGE, cols_kudos,
	  NCOLS(cols_kudos), NULL, keep_received },
	{ "ledger", COP_ROP_P_LEDGER, P_PAGE, cols_ledger, NCOLS(cols_ledger),
	  fix_ledger, NULL },
	{ "standings", COP_ROP_P_STANDINGS, P_PAGE, cols_standing,
	  NCOLS(cols_standing), NULL, NULL },
	{ "badges", COP_ROP_P_BADGES, P_PAGE, cols_badge, NCOLS(cols_badge),
	  fix_badge, NULL },
};

static int row_json(pexp *x, const psec *sec, const cop_row *r, json_t **out)
{
	json_t *o = json_object();
	unsigned int i;
	int rc = COP_OK;

	*out = NULL;
	if (!o)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	for (i = 0; i < sec->ncols && rc == COP_OK; i++)
		if (sec->cols[i])
			rc = set(x->s, o, sec->cols[i], j_col(r, i));
	if (rc == COP_OK && sec->fix)
		rc = sec->fix(x, r, o);
	if (rc != COP_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return COP_OK;
}

/* A contribution's earlier bodies, as an array set on @p o. */
static int add_revisions(pexp *x, json_t *o)
{
	static const char *const cols[] = {
		"number", "author_id", "comment", "created", "body"
	};
	cop_backend_iter *it = NULL;
	json_t *arr, *rev;
	cop_row row;
	cop_val p[3];
	cop_id cid;
	int64_t after = 0;
	unsigned int i;
	int rc = COP_OK, got;

	if (json_integer_value(json_object_get(o, "revision")) <= 1)
		return set(x->s, o, "revisions", json_array());
	if (cop_id_parse(&cid, json_string_value(json_object_get(o, "id")))
			!= COP_OK)
		return cop__error(x->s, COP_ECORRUPT, "a contribution without id");
	if (!(arr = json_array()) || json_object_set_new(o, "revisions", arr))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	do {
		got = 0;
		p[0] = cop__v_id(&cid);
		p[1] = cop__v_int(after);
		p[2] = cop__v_int(P_PAGE);
		if ((rc = rop_rows(x->s, COP_ROP_P_REVISIONS, p, 3, &it,
				"reading revisions")) != COP_OK)
			return rc;
		while ((rc = rop_next(x->s, it, &row, "reading revisions"))
				== COP_OK) {
			got++;
			after = c_int(&row, 0);
			if (!(rev = json_object()) || json_array_append_new(arr, rev)) {
				rc = cop__error(x->s, COP_ENOMEM, "out of memory");
				break;
			}
			for (i = 0; i < NCOLS(cols) && rc == COP_OK; i++)
				rc = set(x->s, rev, cols[i], j_col(&row, i));
			if (rc != COP_OK)
				break;
		}
		it->free(it);
		if (rc != COP_ITEROVER)
			return rc;
		rc = COP_OK;
	} while (got == P_PAGE);
	return rc;
}

/* Write one section: "name":[ records ].  Each page is turned into
 * objects and its scan closed before anything else is read. */
static int write_section(pexp *x, const psec *sec)
{
	cop_backend_iter *it = NULL;
	json_t **page;
	cop_row row;
	cop_val p[3];
	cop_id after;
	unsigned int n, i, got;
	int rc, first = 1;

	if (!(page = cop_malloc(sec->page * sizeof(*page))))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	memset(&after, 0, sizeof(after));
	rc = cop__jout_str(x->o, ",\n\"");
	if (rc == COP_OK)
		rc = cop__jout_str(x->o, sec->name);
	if (rc == COP_OK)
		rc = cop__jout_str(x->o, "\":[");
	do {
		n = got = 0;
		if (rc != COP_OK)
			break;
		p[0] = cop__v_id(&x->member);
		p[1] = cop__v_key(&after);
		p[2] = cop__v_int(sec->page);
		if ((rc = rop_rows(x->s, sec->op, p, 3, &it, sec->name)) != COP_OK)
			break;
		while ((rc = rop_next(x->s, it, &row, sec->name)) == COP_OK) {
			got++;
			if (row.ncols > 0 && (row.col[0].type == COP_VAL_ID ||
			    row.col[0].type == COP_VAL_KEY))
				after = row.col[0].id;
			if (sec->keep && !sec->keep(x, &row))
				continue;
			if ((rc = row_json(x, sec, &row, &page[n])) != COP_OK)
				break;
			n++;
		}
		it->free(it);
		if (rc == COP_ITEROVER)
			rc = COP_OK;
		for (i = 0; i < n; i++) {
			if (rc == COP_OK && sec->op == COP_ROP_P_CONTRIBS)
				rc = add_revisions(x, page[i]);
			if (rc == COP_OK)
				rc = cop__jout_str(x->o, first ? "\n" : ",\n");
			first = 0;
			if (rc == COP_OK)
				rc = cop__jout_json(x->o, page[i]);
			else
				json_decref(page[i]);
		}
	} while (rc == COP_OK && got == sec->page);
	if (rc == COP_OK)
		rc = cop__jout_str(x->o, first ? "]" : "\n]");
	cop_free(page);
	return rc;
}

static int write_profile(pexp *x, const cop_member_rec *m)
{
	json_t *o = json_object();
	int rc;

	if (!o)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	rc = set(x->s, o, "id", j_id(&m->id));
	if (rc == COP_OK)
		rc = set(x->s, o, "handle", j_text(m->handle));
	if (rc == COP_OK)
		rc = set(x->s, o, "display_name", j_text(m->display_name));
	if (rc == COP_OK)
		rc = set(x->s, o, "organisation", j_text(m->organisation &&
			*m->organisation ? m->organisation : NULL));
	if (rc == COP_OK)
		rc = set(x->s, o, "languages", j_text(m->languages &&
			*m->languages ? m->languages : NULL));
	if (rc == COP_OK)
		rc = set(x->s, o, "status", j_name(m->status >= 0 &&
			m->status <= COP_MEMBER_DELETED ?
			member_status_names[m->status] : NULL, m->status));
	if (rc == COP_OK)
		rc = set(x->s, o, "created", json_integer(m->created));
	if (rc != COP_OK) {
		json_decref(o);
		return rc;
	}
	rc = cop__jout_str(x->o, ",\n\"member\":");
	if (rc != COP_OK) {
		json_decref(o);
		return rc;
	}
	return cop__jout_json(x->o, o);
}

int cop_member_export_json(cop_store *s, const char *member, int fd)
{
	cop_member_rec m;
	char head[128];
	cop__jout o;
	pexp x;
	size_t i;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (fd < 0)
		return cop__error(s, COP_EINVAL, "bad file descriptor %d", fd);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = member_self(s, member, &m, "export")) != COP_OK) {
		cop_rec_clear(COP_REC_MEMBER, &m);
		return rc;
	}
	if ((rc = cop__jout_open(&o, s, fd)) != COP_OK) {
		cop_rec_clear(COP_REC_MEMBER, &m);
		return rc;
	}
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.o = &o;
	x.member = m.id;
	snprintf(head, sizeof(head), "{\"format\":\"libcop-member\","
		"\"version\":1,\"exported\":%lld", (long long)cop__now(s));
	rc = cop__jout_str(&o, head);
	if (rc == COP_OK)
		rc = write_profile(&x, &m);
	for (i = 0; rc == COP_OK && i < sizeof(sections) / sizeof(sections[0]);
	     i++)
		rc = write_section(&x, &sections[i]);
	if (rc == COP_OK)
		rc = cop__jout_str(&o, "\n}\n");
	if (cop__jout_close(&o) != COP_OK && rc == COP_OK)
		rc = o.rc;
	cop_rec_clear(COP_REC_MEMBER, &m);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* ---- policies ---------------------------------------------------------------------- */

/* The policy of community @p cid (anonymize when none is set). */
static int policy_read(cop_store *s, const cop_id *cid, cop_erasure_policy *out)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[1];
	int rc;

	*out = COP_ERASE_ANONYMIZE;
	p[0] = cop__v_id(cid);
	if ((rc = rop_rows(s, COP_ROP_X_POLICY_GET, p, 1, &it,
			"reading an erasure policy")) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row, "reading an erasure policy");
	if (rc == COP_OK && c_int(&row, 0) == COP_ERASE_REMOVE)
		*out = COP_ERASE_REMOVE;
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

int cop_community_set_erasure(cop_store *s, const char *community,
	cop_erasure_policy policy)
{
	cop_community_rec c;
	cop__access acc;
	cop_val p[2];
	int rc;

	if (!s)
		return COP_EINVAL;
	if (policy != COP_ERASE_ANONYMIZE && policy != COP_ERASE_REMOVE)
		return cop__error(s, COP_EINVAL, "invalid erasure policy %d",
			(int)policy);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators, owners and the "
			"system set the erasure policy");
	if (rc == COP_OK) {
		p[0] = cop__v_id(&c.id);
		p[1] = cop__v_int(policy);
		rc = rop_run(s, COP_ROP_X_POLICY_PUT, p, 2,
			"writing an erasure policy");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "community.erasure", &c.id, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_community_erasure(cop_erasure_policy *out, cop_store *s,
	const char *community)
{
	cop_community_rec c;
	cop_erasure_policy pol = COP_ERASE_ANONYMIZE;
	int rc;

	if (out)
		*out = COP_ERASE_ANONYMIZE;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__community_resolve(s, community, &c, NULL)) != COP_OK)
		return rc;
	rc = policy_read(s, &c.id, &pol);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc != COP_OK)
		return rc;
	*out = pol;
	return cop__ok(s);
}

/* ---- erasure --------------------------------------------------------------------------- */

/* The communities the member has anything in, in *ids (cop_free()). */
static int erase_communities(cop_store *s, const cop_id *mid, cop_id **ids,
	size_t *n)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[1];
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	p[0] = cop__v_id(mid);
	if ((rc = rop_rows(s, COP_ROP_P_COMMUNITIES, p, 1, &it,
			"listing a member's communities")) != COP_OK)
		return rc;
	while ((rc = rop_next(s, it, &row, "listing a member's communities"))
			== COP_OK) {
		if (row.ncols < 1 || row.col[0].type != COP_VAL_ID)
			continue;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			cop_id *v = cop_realloc(*ids, nc * sizeof(*v));
			if (!v) {
				rc = cop__error(s, COP_ENOMEM, "out of memory");
				break;
			}
			*ids = v;
			cap = nc;
		}
		(*ids)[(*n)++] = row.col[0].id;
	}
	it->free(it);
	if (rc == COP_ITEROVER)
		return COP_OK;
	cop_free(*ids);
	*ids = NULL;
	*n = 0;
	return rc;
}

/* Policy "remove" in one community: *removed receives how many
 * contributions went. */
static int erase_remove(cop_store *s, const cop_id *cid, const cop_id *mid,
	int64_t *removed)
{
	static const int ops[] = {
		COP_ROP_P_RM_LEDGER, COP_ROP_P_RM_BADGES, COP_ROP_P_RM_REOPEN,
		COP_ROP_P_RM_ACCEPTS, COP_ROP_P_RM_VOTES, COP_ROP_P_RM_KUDOS,
		COP_ROP_P_RM_FLAGS, COP_ROP_P_RM_REVISIONS, COP_ROP_P_RM_RECOUNT,
		COP_ROP_P_RM_BLANK, COP_ROP_P_RM_THREAD_BLANK, COP_ROP_P_RM_LINKS,
		COP_ROP_P_RM_CONTRIBS, COP_ROP_P_RM_THREADS
	};
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	size_t i;
	int rc;

	*removed = 0;
	p[0] = cop__v_id(cid);
	p[1] = cop__v_id(mid);
	if ((rc = rop_rows(s, COP_ROP_P_RM_COUNT, p, 2, &it,
			"counting contributions to remove")) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row, "counting contributions to remove");
	if (rc == COP_OK)
		*removed = c_int(&row, 0);
	it->free(it);
	if (rc != COP_OK && rc != COP_ITEROVER)
		return rc;
	if (*removed == 0)
		return COP_OK;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((rc = rop_run(s, ops[i], p, 2, "removing contributions"))
				!= COP_OK)
			return rc;
	return cop__recognition_recount(s, cid);
}

/* The profile without its personal data, under a fresh placeholder
 * handle ("erased-" and 8 hex digits, more when those are taken). */
static int erase_profile(cop_store *s, const cop_member_rec *m)
{
	static const char hex[] = "0123456789abcdef";
	cop_member_rec u;
	char handle[64];
	cop_id rnd;
	int tries, i, len, rc = COP_EEXISTS;

	u = *m;
	u.display_name = (char *)P_ERASED_NAME;
	u.organisation = NULL;
	u.languages = NULL;
	u.status = COP_MEMBER_DELETED;
	for (tries = 0; tries < P_HANDLE_TRIES && rc == COP_EEXISTS; tries++) {
		if ((rc = cop__id_new(s, &rnd)) != COP_OK)
			return rc;
		/* The id's last bytes are random; later tries take more. */
		len = tries < P_HANDLE_TRIES / 2 ? 4 : 8;
		memcpy(handle, "erased-", 7);
		for (i = 0; i < len; i++) {
			handle[7 + 2 * i] = hex[rnd.bytes[16 - len + i] >> 4];
			handle[8 + 2 * i] = hex[rnd.bytes[16 - len + i] & 15];
		}
		handle[7 + 2 * len] = '\0';
		u.handle = handle;
		rc = s->be->update(s->be, COP_REC_MEMBER, &u);
	}
	if (rc == COP_EEXISTS)
		return cop__error(s, rc, "no free placeholder handle");
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "erasing a profile");
}

int cop_member_erase(cop_store *s, const char *member)
{
	cop_member_rec m;
	cop_id *ids = NULL;
	size_t n = 0, i;
	cop_val p[2];
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = member_self(s, member, &m, "erase");
	if (rc == COP_OK && m.status == COP_MEMBER_DELETED)
		rc = cop__error(s, COP_EINVAL, "member %.64s is already erased",
			member);
	if (rc == COP_OK)
		rc = erase_communities(s, &m.id, &ids, &n);
	for (i = 0; i < n && rc == COP_OK; i++) {
		cop_erasure_policy pol;
		int64_t removed = 0;
		rc = policy_read(s, &ids[i], &pol);
		if (rc == COP_OK && pol == COP_ERASE_REMOVE)
			rc = erase_remove(s, &ids[i], &m.id, &removed);
		if (rc == COP_OK && removed > 0)
			rc = cop__log(s, "member.erase", &m.id, &ids[i]);
	}
	if (rc == COP_OK) {
		p[0] = cop__v_id(&m.id);
		p[1] = cop__v_text(P_ERASED_KUDOS);
		rc = rop_run(s, COP_ROP_P_KUDOS_ERASE, p, 2, "erasing kudos");
	}
	if (rc == COP_OK)
		rc = rop_run(s, COP_ROP_P_LEAVE, p, 1, "ending memberships");
	if (rc == COP_OK)
		rc = erase_profile(s, &m);
	if (rc == COP_OK)
		rc = cop__log(s, "member.erase", &m.id, NULL);
	cop_free(ids);
	cop_rec_clear(COP_REC_MEMBER, &m);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}
