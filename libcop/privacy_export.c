/*
 * privacy_export.c: the export of everything the store holds about one
 * member (docs/privacy.md).
 *
 * The export is one JSON object written piece by piece: the profile,
 * then one array per kind of record, each record dumped by jansson with
 * sorted keys on a line of its own.  Records come from keyset pages of
 * the COP_ROP_P_* scans, so memory stays bounded whatever the member
 * wrote.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "internal.h"
#include "jsonout.h"
#include "privacy_self.h"

#define P_PAGE 500                  /* rows per scan */
#define P_PAGE_CONTRIBS 50          /* contributions (bodies) per scan */

static const char *const member_status_names[] = {
	"active", "suspended", "deleted"
};

/* ---- small helpers ------------------------------------------------------------ */

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

#define has_rop(s) cop__has_rop((s), "recognition")
#define rop_rows cop__rop_rows
#define rop_next cop__rop_next

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
	if ((rc = cop__member_self(s, member, &m, "export")) != COP_OK) {
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
