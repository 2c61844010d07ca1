/*
 * json.c: a community as one JSON document (jansson), out and in.
 *
 * The document (docs/json.md) is one object whose members come in a
 * fixed order: the format marker, the version, the community, then one
 * array per kind of record.  Export writes it piece by piece, one record
 * per line, each record dumped by jansson with sorted keys; the records
 * come from keyset-paginated scans (the COP_ROP_X_* operations), so
 * memory stays bounded whatever the community's size.  Import reads it
 * back the same way: a small scanner walks the outer object and arrays
 * and hands each element, once its extent is known, to json_loadb(), so
 * only one record is in memory at a time.
 *
 * Every section is described by a table of columns (name, type, range):
 * export turns a scan's row into an object with those names; import
 * checks an object against the same table and turns it into the
 * parameters of an insert.  The derived period totals are rebuilt from
 * the imported ledger, and cop_verify() (repairing when the document was
 * a partial view) leaves nothing for a later verification to find.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <jansson.h>

#include "internal.h"
#include "jsonout.h"

#define X_FORMAT "libcop"
#define X_VERSION 1
#define X_PAGE 500                     /* rows per scan */
          /* export's write buffer */
#define X_IN_BUF (64 * 1024)           /* import's first read buffer */
#define X_ELEMENT_MAX (4 * 1024 * 1024) /* largest element accepted */
#define X_SOURCE_MAX 256               /* bytes of a source id */
#define X_TAGS_MAX 1024                /* bytes of a ledger entry's tags */
#define X_CONFIG_MAX (64 * 1024)       /* bytes of a recognition config */
#define X_CACHE 512                    /* known threads and contributions */

/* ---- the sections ----------------------------------------------------------- */

enum { C_ID = 1, C_INT, C_TEXT };
#define C_NULL 0x1                     /* may be null */
#define C_TAGS 0x2                     /* a normalised tag list */

typedef struct xcol {
	const char *name;
	int type;
	int flags;
	int64_t min, max;                  /* C_INT: range; C_TEXT: bytes */
} xcol;

#define I32 INT32_MIN, INT32_MAX
#define U32 0, INT32_MAX
#define TIME 0, INT64_MAX
#define ANY INT64_MIN, INT64_MAX

typedef struct ximp ximp;

typedef struct xsec {
	const char *name;
	int op;                            /* the scan */
	int all;                           /* the scan takes "all" */
	int nkeys;                         /* keyset: columns key[0..nkeys) */
	int key[3];
	const xcol *cols;
	int ncols;
	int (*put)(ximp *x, const cop_val *v);
	const char *what;                  /* one record, in messages */
} xsec;

static const xcol cols_member[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "handle", C_TEXT, 0, 1, 64 },
	{ "display_name", C_TEXT, 0, 1, 1000 },
	{ "organisation", C_TEXT, C_NULL, 0, 1000 },
	{ "languages", C_TEXT, C_NULL, 0, 400 },
	{ "status", C_INT, 0, COP_MEMBER_ACTIVE, COP_MEMBER_DELETED },
	{ "created", C_INT, 0, TIME },
};
static const xcol cols_membership[] = {
	{ "member_id", C_ID, 0, 0, 0 },
	{ "role", C_INT, 0, COP_ROLE_OBSERVER, COP_ROLE_OWNER },
	{ "status", C_INT, 0, COP_MEMBERSHIP_ACTIVE, COP_MEMBERSHIP_SILENCED },
	{ "joined", C_INT, 0, TIME },
	{ "pledged_hours", C_INT, 0, U32 },
};
static const xcol cols_thread[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "author_id", C_ID, C_NULL, 0, 0 },
	{ "kind", C_INT, 0, COP_THREAD_DISCUSSION, COP_THREAD_ANNOUNCEMENT },
	{ "state", C_INT, 0, COP_THREAD_OPEN, COP_THREAD_HIDDEN },
	{ "title", C_TEXT, 0, 1, 1200 },
	{ "tags", C_TEXT, C_TAGS, 0, 1000 },
	{ "language", C_TEXT, 0, 1, 35 },
	{ "created", C_INT, 0, TIME },
	{ "last_activity", C_INT, 0, TIME },
	{ "contribution_count", C_INT, 0, U32 },
};
static const xcol cols_contrib[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "thread_id", C_ID, 0, 0, 0 },
	{ "author_id", C_ID, C_NULL, 0, 0 },
	{ "kind", C_INT, 0, COP_CONTRIB_POST, COP_CONTRIB_SUMMARY },
	{ "reply_to", C_ID, C_NULL, 0, 0 },
	{ "translation_of", C_ID, C_NULL, 0, 0 },
	{ "language", C_TEXT, 0, 1, 35 },
	{ "body", C_TEXT, 0, 1, COP_BODY_MAX },
	{ "format", C_INT, 0, COP_FORMAT_MARKDOWN, COP_FORMAT_HTML },
	{ "created", C_INT, 0, TIME },
	{ "edited", C_INT, 0, TIME },
	{ "revision", C_INT, 0, 1, INT32_MAX },
	{ "score", C_INT, 0, I32 },
};
static const xcol cols_revision[] = {
	{ "contribution_id", C_ID, 0, 0, 0 },
	{ "number", C_INT, 0, 1, INT32_MAX },
	{ "author_id", C_ID, C_NULL, 0, 0 },
	{ "body", C_TEXT, 0, 1, COP_BODY_MAX },
	{ "comment", C_TEXT, C_NULL, 0, 2000 },
	{ "created", C_INT, 0, TIME },
};
static const xcol cols_link[] = {
	{ "thread_id", C_ID, 0, 0, 0 },
	{ "target_id", C_ID, 0, 0, 0 },
	{ "kind", C_INT, 0, COP_LINK_RELATED, COP_LINK_DUPLICATE },
	{ "created", C_INT, 0, TIME },
};
static const xcol cols_vote[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "contribution_id", C_ID, 0, 0, 0 },
	{ "voter_id", C_ID, C_NULL, 0, 0 },
	{ "author_id", C_ID, C_NULL, 0, 0 },
	{ "kind", C_INT, 0, -1, COP_VOTE_THANKS },
	{ "rep_author", C_INT, 0, I32 },
	{ "rep_voter", C_INT, 0, I32 },
	{ "created", C_INT, 0, TIME },
	{ "changed", C_INT, 0, TIME },
};
static const xcol cols_accept[] = {
	{ "thread_id", C_ID, 0, 0, 0 },
	{ "contribution_id", C_ID, C_NULL, 0, 0 },
	{ "author_id", C_ID, C_NULL, 0, 0 },
	{ "acceptor_id", C_ID, C_NULL, 0, 0 },
	{ "rep_author", C_INT, 0, I32 },
	{ "rep_acceptor", C_INT, 0, I32 },
	{ "created", C_INT, 0, TIME },
};
static const xcol cols_kudos[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "from_id", C_ID, C_NULL, 0, 0 },
	{ "to_id", C_ID, 0, 0, 0 },
	{ "contribution_id", C_ID, C_NULL, 0, 0 },
	{ "message", C_TEXT, 0, 1, 4 * COP_KUDOS_MAX },
	{ "created", C_INT, 0, TIME },
};
static const xcol cols_ledger[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "member_id", C_ID, 0, 0, 0 },
	{ "points", C_INT, 0, I32 },
	{ "nominal", C_INT, 0, I32 },
	{ "reason", C_INT, 0, COP_REP_UPVOTE, COP_REP_REVERSAL },
	{ "object_id", C_ID, C_NULL, 0, 0 },
	{ "actor_id", C_ID, C_NULL, 0, 0 },
	{ "time", C_INT, 0, TIME },
	{ "tags", C_TEXT, C_TAGS, 0, X_TAGS_MAX },
};
static const xcol cols_standing[] = {
	{ "member_id", C_ID, 0, 0, 0 },
	{ "reputation", C_INT, 0, ANY },
	{ "cap_day", C_INT, 0, ANY },
	{ "cap_used", C_INT, 0, I32 },
	{ "trust", C_INT, 0, 0, 4 },
	{ "trust_manual", C_INT, 0, 0, 1 },
	{ "days_active", C_INT, 0, U32 },
	{ "last_day", C_INT, 0, ANY },
	{ "posts", C_INT, 0, U32 },
	{ "likes_given", C_INT, 0, U32 },
	{ "likes_received", C_INT, 0, U32 },
	{ "kudos_received", C_INT, 0, U32 },
	{ "accepted", C_INT, 0, U32 },
	{ "posts_read", C_INT, 0, U32 },
};
static const xcol cols_badge[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "member_id", C_ID, 0, 0, 0 },
	{ "badge", C_INT, 0, COP_BADGE_NAMED, COP_BADGE_TREASURED },
	{ "object_id", C_ID, 0, 0, 0 },
	{ "awarded", C_INT, 0, TIME },
	{ "name", C_TEXT, C_NULL, 1, 400 },
	{ "class", C_INT, C_NULL, COP_BADGE_BRONZE, COP_BADGE_GOLD },
};
static const xcol cols_source[] = {
	{ "kind", C_INT, 0, I32 },
	{ "source_id", C_TEXT, 0, 1, X_SOURCE_MAX },
	{ "object_id", C_ID, 0, 0, 0 },
};

static int put_member(ximp *x, const cop_val *v);
static int put_membership(ximp *x, const cop_val *v);
static int put_thread(ximp *x, const cop_val *v);
static int put_contrib(ximp *x, const cop_val *v);
static int put_revision(ximp *x, const cop_val *v);
static int put_link(ximp *x, const cop_val *v);
static int put_vote(ximp *x, const cop_val *v);
static int put_accept(ximp *x, const cop_val *v);
static int put_kudos(ximp *x, const cop_val *v);
static int put_ledger(ximp *x, const cop_val *v);
static int put_standing(ximp *x, const cop_val *v);
static int put_badge(ximp *x, const cop_val *v);
static int put_source(ximp *x, const cop_val *v);

#define COLS(c) c, (int)(sizeof(c) / sizeof(c[0]))

/* In the document's order. */
static const xsec sections[] = {
	{ "members", COP_ROP_X_MEMBERS, 0, 1, { 0 }, COLS(cols_member),
		put_member, "member" },
	{ "memberships", COP_ROP_X_MEMBERSHIPS, 0, 1, { 0 },
		COLS(cols_membership), put_membership, "membership" },
	{ "threads", COP_ROP_X_THREADS, 1, 1, { 0 }, COLS(cols_thread),
		put_thread, "thread" },
	{ "contributions", COP_ROP_X_CONTRIBS, 1, 1, { 0 }, COLS(cols_contrib),
		put_contrib, "contribution" },
	{ "revisions", COP_ROP_X_REVISIONS, 1, 2, { 0, 1 },
		COLS(cols_revision), put_revision, "revision" },
	{ "links", COP_ROP_X_LINKS, 1, 2, { 0, 1 }, COLS(cols_link), put_link,
		"link" },
	{ "votes", COP_ROP_X_VOTES, 1, 1, { 0 }, COLS(cols_vote), put_vote,
		"vote" },
	{ "accepted", COP_ROP_X_ACCEPTS, 1, 1, { 0 }, COLS(cols_accept),
		put_accept, "accepted answer" },
	{ "kudos", COP_ROP_X_KUDOS, 1, 1, { 0 }, COLS(cols_kudos), put_kudos,
		"kudos" },
	{ "ledger", COP_ROP_X_LEDGER, 1, 1, { 0 }, COLS(cols_ledger),
		put_ledger, "ledger entry" },
	{ "standings", COP_ROP_X_STANDINGS, 0, 1, { 0 }, COLS(cols_standing),
		put_standing, "standing" },
	{ "badges", COP_ROP_X_BADGES, 1, 1, { 0 }, COLS(cols_badge), put_badge,
		"badge" },
	{ "sources", COP_ROP_X_SOURCES, 1, 3, { 0, 2, 1 }, COLS(cols_source),
		put_source, "source id" },
};

#define NSECTIONS ((int)(sizeof(sections) / sizeof(sections[0])))
#define SEC_SOURCES (NSECTIONS - 1)

/* ---- small helpers ------------------------------------------------------------ */

#define has_rop(s) cop__has_rop((s), "recognition")
#define rop_rows(s, op, p, n, it) \
	cop__rop_rows((s), (op), (p), (n), (it), "reading the community")
#define rop_next(s, it, row) \
	cop__rop_next((s), (it), (row), "reading the community")

/* ---- export: the output ------------------------------------------------------------ */

/* One column's value as JSON (NULL: out of memory or bad text). */
static json_t *val_json(const cop_val *v)
{
	char id[COP_ID_TEXT_LEN + 1];

	switch (v->type) {
	case COP_VAL_ID:
	case COP_VAL_KEY:
		if (cop_id_is_nil(&v->id))
			return json_null();
		cop_id_format(id, &v->id);
		return json_string(id);
	case COP_VAL_INT:
		return json_integer(v->i);
	case COP_VAL_TEXT:
		return json_string(v->text ? v->text : "");
	default:
		return json_null();
	}
}

static int set_field(cop_store *s, json_t *o, const char *name, json_t *v,
	const cop_val *from)
{
	if (!v) {
		if (from && from->type == COP_VAL_TEXT && from->text &&
		    !cop__utf8_valid(from->text, strlen(from->text), NULL))
			return cop__error(s, COP_ECORRUPT, "field %s holds "
				"invalid UTF-8", name);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	if (json_object_set_new_nocheck(o, name, v) != 0)
		return cop__error(s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

/* A row of section @p sec as an object in *out. */
static int row_json(cop_store *s, const xsec *sec, const cop_row *row,
	json_t **out)
{
	json_t *o = json_object();
	cop_val null;
	int i, rc = COP_OK;

	*out = NULL;
	if (!o)
		return cop__error(s, COP_ENOMEM, "out of memory");
	memset(&null, 0, sizeof(null));
	for (i = 0; i < sec->ncols && rc == COP_OK; i++) {
		const cop_val *v = (unsigned int)i < row->ncols ? &row->col[i] : &null;
		rc = set_field(s, o, sec->cols[i].name, val_json(v), v);
	}
	if (rc != COP_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return COP_OK;
}

/* ---- export: the sections -------------------------------------------------------------- */

/* The sources of one (kind, object) group, sorted by source id in byte
 * order whatever the backend's collation. */
typedef struct xgroup {
	json_t **v;
	size_t n, cap;
	int64_t kind;
	cop_id object;
} xgroup;

static int group_cmp(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a,
		"source_id"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b,
		"source_id"));
	return strcmp(x ? x : "", y ? y : "");
}

static int out_element(cop__jout *o, int *first, json_t *j)
{
	int rc = cop__jout_str(o, *first ? "\n" : ",\n");
	*first = 0;
	if (rc != COP_OK) {
		json_decref(j);
		return rc;
	}
	return cop__jout_json(o, j);
}

static int group_flush(cop__jout *o, xgroup *g, int *first)
{
	size_t i;
	int rc = COP_OK;

	if (g->n > 1)
		qsort(g->v, g->n, sizeof(*g->v), group_cmp);
	for (i = 0; i < g->n; i++) {
		if (rc == COP_OK)
			rc = out_element(o, first, g->v[i]);
		else
			json_decref(g->v[i]);
	}
	g->n = 0;
	return rc;
}

static int export_section(cop__jout *o, const xsec *sec, const cop_id *cid,
	int all)
{
	cop_store *s = o->s;
	cop_backend_iter *it = NULL;
	cop_val p[8], key[3];
	char *ktext[3] = { NULL, NULL, NULL };
	xgroup g;
	cop_row row;
	int first = 1, more = 1, rc, i;
	unsigned int n;

	memset(&g, 0, sizeof(g));
	for (i = 0; i < sec->nkeys; i++) {
		memset(&key[i], 0, sizeof(key[i]));
		switch (sec->cols[sec->key[i]].type) {
		case C_ID: key[i].type = COP_VAL_KEY; break;
		case C_INT: key[i] = cop__v_int(INT32_MIN); break;   /* int columns */
		default: key[i].type = COP_VAL_TEXT; key[i].text = ""; break;
		}
	}
	if ((rc = cop__jout_str(o, ",\n\"")) != COP_OK ||
	    (rc = cop__jout_str(o, sec->name)) != COP_OK ||
	    (rc = cop__jout_str(o, "\":[")) != COP_OK)
		return rc;
	while (more && rc == COP_OK) {
		int got = 0;
		n = 0;
		p[n++] = cop__v_id(cid);
		if (sec->all)
			p[n++] = cop__v_int(all);
		for (i = 0; i < sec->nkeys; i++)
			p[n++] = key[i];
		p[n++] = cop__v_int(X_PAGE);
		if ((rc = rop_rows(s, sec->op, p, n, &it)) != COP_OK)
			break;
		while ((rc = rop_next(s, it, &row)) == COP_OK) {
			json_t *j;
			got++;
			/* The next page's bound. */
			for (i = 0; i < sec->nkeys && rc == COP_OK; i++) {
				const cop_val *c = &row.col[sec->key[i]];
				if (key[i].type == COP_VAL_KEY) {
					key[i].id = c->type == COP_VAL_ID ? c->id : cop__nil_id;
				} else if (key[i].type == COP_VAL_INT) {
					key[i].i = c->type == COP_VAL_INT ? c->i : 0;
				} else {
					cop_free(ktext[i]);
					ktext[i] = cop_strdup(c->type == COP_VAL_TEXT &&
						c->text ? c->text : "");
					if (!ktext[i])
						rc = cop__error(s, COP_ENOMEM, "out of memory");
					key[i].text = ktext[i] ? ktext[i] : "";
				}
			}
			if (rc != COP_OK || (rc = row_json(s, sec, &row, &j)) != COP_OK)
				break;
			if (sec != &sections[SEC_SOURCES]) {
				if ((rc = out_element(o, &first, j)) != COP_OK)
					break;
				continue;
			}
			/* Sources: one (kind, object) group at a time. */
			if (g.n > 0 && (g.kind != row.col[0].i ||
			    memcmp(&g.object, &row.col[2].id, sizeof(cop_id))) &&
			    (rc = group_flush(o, &g, &first)) != COP_OK) {
				json_decref(j);
				break;
			}
			if (g.n == g.cap) {
				size_t cap = g.cap ? g.cap * 2 : 8;
				json_t **v = cop_realloc(g.v, cap * sizeof(*v));
				if (!v) {
					json_decref(j);
					rc = cop__error(s, COP_ENOMEM, "out of memory");
					break;
				}
				g.v = v;
				g.cap = cap;
			}
			g.kind = row.col[0].i;
			g.object = row.col[2].id;
			g.v[g.n++] = j;
		}
		it->free(it);
		if (rc != COP_ITEROVER)
			break;
		rc = COP_OK;
		more = got == X_PAGE;
	}
	if (rc == COP_OK)
		rc = group_flush(o, &g, &first);
	while (g.n > 0)
		json_decref(g.v[--g.n]);
	cop_free(g.v);
	for (i = 0; i < 3; i++)
		cop_free(ktext[i]);
	if (rc == COP_OK)
		rc = cop__jout_str(o, first ? "]" : "\n]");
	return rc;
}

/* The community's object: its record, recognition config, erasure policy. */
static int export_community(cop__jout *o, const cop_community_rec *c)
{
	cop_store *s = o->s;
	cop_backend_iter *it = NULL;
	cop_val p[1], v[8];
	cop_row row;
	json_t *j, *cfg = NULL, *pol = NULL;
	static const char *const names[] = { "id", "slug", "name", "purpose",
		"language", "visibility", "created" };
	int rc, i;

	p[0] = cop__v_id(&c->id);
	if ((rc = rop_rows(s, COP_ROP_CONFIG_GET, p, 1, &it)) != COP_OK)
		return rc;
	if ((rc = rop_next(s, it, &row)) == COP_OK && row.ncols > 1 &&
	    row.col[1].type == COP_VAL_TEXT)
		cfg = val_json(&row.col[1]);
	else if (rc == COP_OK || rc == COP_ITEROVER)
		cfg = json_null();
	it->free(it);
	if (rc != COP_OK && rc != COP_ITEROVER)
		return rc;
	if ((rc = rop_rows(s, COP_ROP_X_POLICY_GET, p, 1, &it)) != COP_OK) {
		json_decref(cfg);
		return rc;
	}
	if ((rc = rop_next(s, it, &row)) == COP_OK && row.ncols > 0 &&
	    row.col[0].type == COP_VAL_INT)
		pol = json_integer(row.col[0].i);
	else if (rc == COP_OK || rc == COP_ITEROVER)
		pol = json_null();
	it->free(it);
	if (rc != COP_OK && rc != COP_ITEROVER) {
		json_decref(cfg);
		return rc;
	}
	memset(v, 0, sizeof(v));
	v[0] = cop__v_id(&c->id);
	v[1].type = COP_VAL_TEXT; v[1].text = c->slug;
	v[2].type = COP_VAL_TEXT; v[2].text = c->name;
	v[3].type = c->purpose ? COP_VAL_TEXT : COP_VAL_NULL; v[3].text = c->purpose;
	v[4].type = COP_VAL_TEXT; v[4].text = c->language;
	v[5] = cop__v_int(c->visibility);
	v[6] = cop__v_int(c->created);
	if (!(j = json_object())) {
		json_decref(cfg);
		json_decref(pol);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	rc = COP_OK;
	for (i = 0; i < 7 && rc == COP_OK; i++)
		rc = set_field(s, j, names[i], val_json(&v[i]), &v[i]);
	if (rc == COP_OK)
		rc = set_field(s, j, "recognition", cfg, NULL);
	else
		json_decref(cfg);
	if (rc == COP_OK)
		rc = set_field(s, j, "erasure", pol, NULL);
	else
		json_decref(pol);
	if (rc != COP_OK) {
		json_decref(j);
		return rc;
	}
	if ((rc = cop__jout_str(o, ",\n\"community\":")) != COP_OK) {
		json_decref(j);
		return rc;
	}
	return cop__jout_json(o, j);
}

int cop_export_json(cop_store *s, const char *community, int fd)
{
	cop_community_rec c;
	cop__access acc;
	cop__jout o;
	int rc, i;

	if (!s)
		return COP_EINVAL;
	if (fd < 0)
		return cop__error(s, COP_EINVAL, "bad file descriptor %d", fd);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	if ((rc = cop__jout_open(&o, s, fd)) != COP_OK) {
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		return rc;
	}
	rc = cop__jout_str(&o, "{\"format\":\"" X_FORMAT "\",\"version\":1");
	if (rc == COP_OK)
		rc = export_community(&o, &c);
	for (i = 0; i < NSECTIONS && rc == COP_OK; i++)
		rc = export_section(&o, &sections[i], &c.id,
			acc.is_facilitator ? 1 : 0);
	if (rc == COP_OK)
		rc = cop__jout_str(&o, "}\n");
	if (cop__jout_close(&o) != COP_OK && rc == COP_OK)
		rc = o.rc;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* ---- import: reading the document ------------------------------------------------------ */

struct ximp {
	cop_store *s;
	int fd;
	char *buf;
	size_t cap, beg, end;              /* unread bytes: buf[beg..end) */
	int eof;
	long line, col;                    /* where buf[beg] is, from 1 */
	long el_line;                      /* where the current element starts */
	uint64_t done, total, reported;
	const cop_import_options *opts;
	cop_import_report rep;
	cop_id cid;                        /* the community */
	struct { cop_id id; int kind; } cache[X_CACHE];
};

/* Record a format error at the current element (or position). */
static int xerr(ximp *x, int code, const char *fmt, ...) COP__PRINTF(3, 4);

static int xerr(ximp *x, int code, const char *fmt, ...)
{
	char buf[COP__ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (x->el_line > 0)
		return cop__error(x->s, code, "line %ld: %s", x->el_line, buf);
	return cop__error(x->s, code, "line %ld, column %ld: %s", x->line,
		x->col, buf);
}

/* Re-issue a validation failure as a format error (ENOMEM stays). */
static int xwrap(ximp *x, int rc, const char *what)
{
	char msg[COP__ERRMSG_MAX];

	if (rc == COP_OK || rc == COP_ENOMEM || rc == COP_EIO)
		return rc;
	snprintf(msg, sizeof(msg), "%s", cop_errmsg(x->s));
	return xerr(x, COP_EFORMAT, "%s: %s", what, msg);
}

/* Read more input: 1 when bytes came, 0 at the end, or an error. */
static int rd_more(ximp *x)
{
	ssize_t n;

	if (x->eof)
		return 0;
	if (x->beg > 0) {
		memmove(x->buf, x->buf + x->beg, x->end - x->beg);
		x->end -= x->beg;
		x->beg = 0;
	}
	if (x->end == x->cap) {
		size_t cap = x->cap * 2;
		char *b;
		if (x->cap >= X_ELEMENT_MAX + 16)
			return xerr(x, COP_EFORMAT, "an element is larger than "
				"%d bytes", X_ELEMENT_MAX);
		if (cap > X_ELEMENT_MAX + 16)
			cap = X_ELEMENT_MAX + 16;
		if (!(b = cop_realloc(x->buf, cap)))
			return cop__error(x->s, COP_ENOMEM, "out of memory");
		x->buf = b;
		x->cap = cap;
	}
	do
		n = read(x->fd, x->buf + x->end, x->cap - x->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return cop__error(x->s, COP_EIO, "reading the document: %s",
			strerror(errno));
	if (n == 0) {
		x->eof = 1;
		return 0;
	}
	x->end += (size_t)n;
	return 1;
}

/* Consume @p n bytes, keeping the position and reporting progress. */
static void rd_skip(ximp *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)x->buf[x->beg + i];
		if (ch == '\n') {
			x->line++;
			x->col = 1;
		} else if ((ch & 0xc0) != 0x80) {
			x->col++;
		}
	}
	x->beg += n;
	x->done += n;
	if (x->opts && x->opts->progress &&
	    x->done - x->reported >= (1u << 20)) {
		x->reported = x->done;
		x->opts->progress(x->opts->progress_ctx, "JSON", x->done, x->total);
	}
}

/* Skip white space; *c receives the next byte, or -1 at the end. */
static int rd_ws(ximp *x, int *c)
{
	int rc;

	for (;;) {
		while (x->beg < x->end) {
			unsigned char ch = (unsigned char)x->buf[x->beg];
			if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
				*c = ch;
				return COP_OK;
			}
			rd_skip(x, 1);
		}
		if ((rc = rd_more(x)) < 0)
			return rc;
		if (rc == 0) {
			*c = -1;
			return COP_OK;
		}
	}
}

/* Expect the byte @p want (after white space) and consume it. */
static int rd_expect(ximp *x, int want, const char *what)
{
	int c, rc;

	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c != want)
		return xerr(x, COP_EFORMAT, c < 0 ? "truncated document: %s "
			"expected" : "%s expected", what);
	rd_skip(x, 1);
	return COP_OK;
}

/*
 * Read the JSON value that starts at the next non-blank byte into *out
 * (the caller's, json_decref() it): its extent is found here (strings,
 * escapes and nesting), its content parsed by jansson.
 */
static int rd_value(ximp *x, json_t **out)
{
	json_error_t err;
	size_t i = 0;
	int c, rc, depth = 0, instr = 0, esc = 0, scalar = 0;
	long line, col;

	*out = NULL;
	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c < 0)
		return xerr(x, COP_EFORMAT, "truncated document: a value expected");
	scalar = c != '{' && c != '[' && c != '"';
	for (;;) {
		unsigned char ch;
		if (x->beg + i == x->end) {
			if ((rc = rd_more(x)) < 0)
				return rc;
			if (rc == 0) {
				if (scalar)
					break;
				return xerr(x, COP_EFORMAT, "truncated document: "
					"unterminated %s", c == '"' ? "string" :
					c == '{' ? "object" : "array");
			}
		}
		ch = (unsigned char)x->buf[x->beg + i];
		if (scalar) {
			if (ch == ',' || ch == ']' || ch == '}' || ch == ' ' ||
			    ch == '\t' || ch == '\n' || ch == '\r')
				break;
			i++;
			continue;
		}
		i++;
		if (instr) {
			if (esc)
				esc = 0;
			else if (ch == '\\')
				esc = 1;
			else if (ch == '"')
				instr = 0;
			if (!instr && depth == 0)
				break;
			continue;
		}
		if (ch == '"')
			instr = 1;
		else if (ch == '{' || ch == '[')
			depth++;
		else if ((ch == '}' || ch == ']') && --depth == 0)
			break;
	}
	if (i == 0)
		return xerr(x, COP_EFORMAT, "a value expected, found '%c'", c);
	*out = json_loadb(x->buf + x->beg, i, JSON_DECODE_ANY |
		JSON_REJECT_DUPLICATES, &err);
	if (!*out) {
#if JANSSON_VERSION_HEX >= 0x020b00
		if (json_error_code(&err) == json_error_out_of_memory)
			return cop__error(x->s, COP_ENOMEM, "out of memory");
#endif
		line = x->line;
		col = x->col;
		if (err.line > 1) {
			line += err.line - 1;
			col = err.column;
		} else if (err.line == 1 && err.column > 0) {
			col += err.column - 1;
		}
		return cop__error(x->s, COP_EFORMAT, "line %ld, column %ld: %s",
			line, col, err.text);
	}
	rd_skip(x, i);
	return COP_OK;
}

/* A key and its colon; @p key receives it (truncated to @p size). */
static int rd_key(ximp *x, char *key, size_t size)
{
	json_t *j = NULL;
	int c, rc;

	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c != '"')
		return xerr(x, COP_EFORMAT, c < 0 ? "truncated document" :
			"a member name expected");
	if ((rc = rd_value(x, &j)) != COP_OK)
		return rc;
	snprintf(key, size, "%s", json_string_value(j) ? json_string_value(j) : "");
	json_decref(j);
	return rd_expect(x, ':', "':'");
}

/* ---- import: records ------------------------------------------------------------------- */

/* Check @p o against section @p sec's columns into @p v (texts borrowed
 * from @p o). */
static int rec_vals(ximp *x, const char *what, const xcol *cols, int ncols,
	json_t *o, cop_val *v)
{
	const char *k;
	json_t *f;
	int i;

	if (!json_is_object(o))
		return xerr(x, COP_EFORMAT, "%s: an object expected", what);
	json_object_foreach(o, k, f) {
		for (i = 0; i < ncols; i++)
			if (!strcmp(k, cols[i].name))
				break;
		if (i == ncols)
			return xerr(x, COP_EFORMAT, "%s: unknown field \"%.40s\"",
				what, k);
	}
	for (i = 0; i < ncols; i++) {
		const xcol *c = &cols[i];
		memset(&v[i], 0, sizeof(v[i]));
		if (!(f = json_object_get(o, c->name)))
			return xerr(x, COP_EFORMAT, "%s: field %s missing", what,
				c->name);
		if (json_is_null(f)) {
			if (!(c->flags & C_NULL))
				return xerr(x, COP_EFORMAT, "%s: field %s is null", what,
					c->name);
			v[i].type = c->type == C_ID ? COP_VAL_ID : COP_VAL_NULL;
			continue;
		}
		switch (c->type) {
		case C_ID:
			v[i].type = COP_VAL_ID;
			if (!json_is_string(f) ||
			    cop_id_parse(&v[i].id, json_string_value(f)) != COP_OK ||
			    cop_id_is_nil(&v[i].id))
				return xerr(x, COP_EFORMAT, "%s: field %s is not an id",
					what, c->name);
			break;
		case C_INT:
			if (!json_is_integer(f) ||
			    json_integer_value(f) < c->min ||
			    json_integer_value(f) > c->max)
				return xerr(x, COP_EFORMAT, "%s: field %s is not an "
					"integer from %" PRId64 " to %" PRId64, what,
					c->name, c->min, c->max);
			v[i] = cop__v_int(json_integer_value(f));
			break;
		default:
			if (!json_is_string(f) ||
			    json_string_length(f) < (size_t)c->min ||
			    json_string_length(f) > (size_t)c->max ||
			    strlen(json_string_value(f)) != json_string_length(f))
				return xerr(x, COP_EFORMAT, "%s: field %s is not a "
					"string of %" PRId64 " to %" PRId64 " bytes", what,
					c->name, c->min, c->max);
			v[i].type = COP_VAL_TEXT;
			v[i].text = json_string_value(f);
			if (c->flags & C_TAGS) {
				/* As the library writes them: what it derives from
				 * tags (period totals by tag) must match. */
				char *norm = NULL;
				int trc = cop__tags_normalize(x->s, v[i].text, &norm);
				int bad = trc != COP_OK || strcmp(norm, v[i].text) != 0;
				cop_free(norm);
				if (trc == COP_ENOMEM)
					return trc;
				if (bad)
					return xerr(x, COP_EFORMAT, "%s: field %s is not "
						"a list of valid tags", what, c->name);
			}
			break;
		}
	}
	return COP_OK;
}

static int be_fail(ximp *x, int rc, const char *what)
{
	if (rc == COP_EEXISTS)
		return xerr(x, COP_EEXISTS, "%s: already in the store", what);
	return cop__be_error(x->s, rc, what);
}

static int rop_put(ximp *x, int op, const cop_val *p, unsigned int n,
	const char *what)
{
	int rc = x->s->be->rop(x->s->be, op, p, n, NULL);
	return rc == COP_OK ? COP_OK : be_fail(x, rc, what);
}

enum { K_THREAD = 1, K_CONTRIB = 2, K_MEMBER_IN = 3 };

static size_t cache_slot(const cop_id *id)
{
	size_t h = 0;
	int i;

	for (i = 0; i < 16; i++)
		h = h * 31 + id->bytes[i];
	return h % X_CACHE;
}

static void cache_add(ximp *x, int kind, const cop_id *id)
{
	size_t i = cache_slot(id);
	x->cache[i].id = *id;
	x->cache[i].kind = kind;
}

/* Check that thread or contribution @p id is in the community. */
static int known(ximp *x, int kind, const cop_val *v, const char *what)
{
	cop_thread_rec t;
	cop_contribution_rec c;
	cop_key key;
	size_t i;
	int rc;

	if (v->type != COP_VAL_ID || cop_id_is_nil(&v->id))
		return COP_OK;
	i = cache_slot(&v->id);
	if (x->cache[i].kind == kind &&
	    !memcmp(&x->cache[i].id, &v->id, sizeof(cop_id)))
		return COP_OK;
	memset(&key, 0, sizeof(key));
	key.id = v->id;
	if (kind == K_THREAD) {
		memset(&t, 0, sizeof(t));
		rc = x->s->be->get(x->s->be, COP_REC_THREAD, &key, &t);
		if (rc == COP_OK && memcmp(&t.community_id, &x->cid, sizeof(cop_id)))
			rc = COP_ENOTFOUND;
		cop_rec_clear(COP_REC_THREAD, &t);
	} else {
		memset(&c, 0, sizeof(c));
		rc = x->s->be->get(x->s->be, COP_REC_CONTRIBUTION, &key, &c);
		if (rc == COP_OK && memcmp(&c.community_id, &x->cid, sizeof(cop_id)))
			rc = COP_ENOTFOUND;
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	}
	if (rc == COP_ENOTFOUND)
		return xerr(x, COP_EFORMAT, "%s: no such %s in the document",
			what, kind == K_THREAD ? "thread" : "contribution");
	if (rc != COP_OK)
		return cop__be_error(x->s, rc, what);
	cache_add(x, kind, &v->id);
	return COP_OK;
}

static const cop_id *id_of(const cop_val *v)
{
	return v->type == COP_VAL_ID ? &v->id : &cop__nil_id;
}

static char *text_of(const cop_val *v)
{
	return v->type == COP_VAL_TEXT ? (char *)v->text : NULL;
}

static int put_member(ximp *x, const cop_val *v)
{
	cop_member_rec m, old;
	cop_key key;
	int rc;

	memset(&m, 0, sizeof(m));
	m.id = v[0].id;
	m.handle = text_of(&v[1]);
	m.display_name = text_of(&v[2]);
	m.organisation = text_of(&v[3]);
	m.languages = text_of(&v[4]);
	m.status = (int)v[5].i;
	m.created = v[6].i;
	if ((rc = xwrap(x, cop__check_handle(x->s, m.handle), "member")) ||
	    (rc = xwrap(x, cop__check_text(x->s, m.display_name, "display_name",
			0, 200, 0), "member")) ||
	    (rc = xwrap(x, cop__check_text(x->s, m.organisation, "organisation",
			1, 200, 0), "member")) ||
	    (m.languages && *m.languages &&
	     (rc = xwrap(x, cop__check_languages(x->s, m.languages), "member"))))
		return rc;
	memset(&key, 0, sizeof(key));
	memset(&old, 0, sizeof(old));
	key.id = m.id;
	rc = x->s->be->get(x->s->be, COP_REC_MEMBER, &key, &old);
	cop_rec_clear(COP_REC_MEMBER, &old);
	if (rc == COP_OK) {
		x->rep.unchanged++;
		return COP_OK;
	}
	if (rc != COP_ENOTFOUND)
		return cop__be_error(x->s, rc, "reading a member");
	if ((rc = x->s->be->insert(x->s->be, COP_REC_MEMBER, &m)) == COP_EEXISTS)
		return xerr(x, COP_EEXISTS, "member: handle %s is taken by "
			"another member", m.handle);
	if (rc != COP_OK)
		return cop__be_error(x->s, rc, "adding a member");
	x->rep.members++;
	return COP_OK;
}

static int put_membership(ximp *x, const cop_val *v)
{
	cop_membership_rec m;
	cop_member_rec u;
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	memset(&u, 0, sizeof(u));
	key.id = v[0].id;
	rc = x->s->be->get(x->s->be, COP_REC_MEMBER, &key, &u);
	cop_rec_clear(COP_REC_MEMBER, &u);
	if (rc == COP_ENOTFOUND)
		return xerr(x, COP_EFORMAT, "membership: no such member");
	if (rc != COP_OK)
		return cop__be_error(x->s, rc, "reading a member");
	memset(&m, 0, sizeof(m));
	m.community_id = x->cid;
	m.member_id = v[0].id;
	m.role = (int)v[1].i;
	m.status = (int)v[2].i;
	m.joined = v[3].i;
	m.pledged_hours = (int)v[4].i;
	rc = x->s->be->insert(x->s->be, COP_REC_MEMBERSHIP, &m);
	if (rc != COP_OK)
		return be_fail(x, rc, "membership");
	cache_add(x, K_MEMBER_IN, &m.member_id);
	return COP_OK;
}

/* Refuse an author who has no membership in the community (any status:
 * members who left keep what they wrote); nil is the system or an
 * erased member. */
static int member_in(ximp *x, const cop_id *member, const char *what)
{
	cop_membership_rec m;
	cop_key key;
	size_t i;
	int rc;

	if (cop_id_is_nil(member))
		return COP_OK;
	i = cache_slot(member);
	if (x->cache[i].kind == K_MEMBER_IN &&
	    !memcmp(&x->cache[i].id, member, sizeof(cop_id)))
		return COP_OK;
	memset(&key, 0, sizeof(key));
	key.id = x->cid;
	key.id2 = *member;
	memset(&m, 0, sizeof(m));
	rc = x->s->be->get(x->s->be, COP_REC_MEMBERSHIP, &key, &m);
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	if (rc == COP_ENOTFOUND)
		return xerr(x, COP_EFORMAT, "%s: its author is not a member of "
			"the community", what);
	if (rc != COP_OK)
		return cop__be_error(x->s, rc, "reading a membership");
	cache_add(x, K_MEMBER_IN, member);
	return COP_OK;
}

/* The id in @p v (an optional id column) equals @p id. */
static int same_id(const cop_val *v, const cop_id *id)
{
	return v->type == COP_VAL_ID && !cop_id_is_nil(&v->id) &&
		!memcmp(&v->id, id, sizeof(cop_id));
}

static int put_thread(ximp *x, const cop_val *v)
{
	cop_thread_rec t;
	char *tags = NULL;
	int rc;

	memset(&t, 0, sizeof(t));
	t.id = v[0].id;
	t.community_id = x->cid;
	t.author_id = *id_of(&v[1]);
	t.kind = (int)v[2].i;
	t.state = (int)v[3].i;
	t.title = text_of(&v[4]);
	t.tags = text_of(&v[5]);
	t.language = text_of(&v[6]);
	t.created = v[7].i;
	t.last_activity = v[8].i;
	t.contribution_count = (int)v[9].i;
	if ((rc = member_in(x, &t.author_id, "thread")) ||
	    (rc = xwrap(x, cop__check_text(x->s, t.title, "title", 0, 300, 0),
			"thread")) ||
	    (rc = xwrap(x, cop__check_language(x->s, t.language, "language"),
			"thread")) ||
	    (rc = xwrap(x, cop__tags_normalize(x->s, t.tags, &tags), "thread")))
		return rc;
	if (strcmp(tags, t.tags)) {
		cop_free(tags);
		return xerr(x, COP_EFORMAT, "thread: tags are not normalised");
	}
	cop_free(tags);
	if ((rc = x->s->be->insert(x->s->be, COP_REC_THREAD, &t)) != COP_OK)
		return be_fail(x, rc, "thread");
	cache_add(x, K_THREAD, &t.id);
	x->rep.threads++;
	return COP_OK;
}

static int put_contrib(ximp *x, const cop_val *v)
{
	cop_contribution_rec c;
	int rc;

	if ((rc = known(x, K_THREAD, &v[1], "contribution")) != COP_OK ||
	    (rc = member_in(x, id_of(&v[2]), "contribution")) != COP_OK)
		return rc;
	if (same_id(&v[4], &v[0].id) || same_id(&v[5], &v[0].id))
		return xerr(x, COP_EFORMAT, "contribution: a reply to or "
			"translation of itself");
	memset(&c, 0, sizeof(c));
	c.id = v[0].id;
	c.thread_id = v[1].id;
	c.community_id = x->cid;
	c.author_id = *id_of(&v[2]);
	c.kind = (int)v[3].i;
	c.reply_to = *id_of(&v[4]);
	c.translation_of = *id_of(&v[5]);
	c.language = text_of(&v[6]);
	c.body = text_of(&v[7]);
	c.format = (int)v[8].i;
	c.created = v[9].i;
	c.edited = v[10].i;
	c.revision = (int)v[11].i;
	c.score = (int)v[12].i;
	if ((rc = xwrap(x, cop__check_language(x->s, c.language, "language"),
			"contribution")) ||
	    (rc = xwrap(x, cop__check_text(x->s, c.body, "body", 0, COP_BODY_MAX,
			COP_BODY_MAX), "contribution")))
		return rc;
	if ((rc = x->s->be->insert(x->s->be, COP_REC_CONTRIBUTION, &c)) != COP_OK)
		return be_fail(x, rc, "contribution");
	cache_add(x, K_CONTRIB, &c.id);
	x->rep.contributions++;
	return COP_OK;
}

static int put_revision(ximp *x, const cop_val *v)
{
	cop_revision_rec r;
	int rc;

	if ((rc = known(x, K_CONTRIB, &v[0], "revision")) != COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.contribution_id = v[0].id;
	r.community_id = x->cid;
	r.number = (int)v[1].i;
	r.author_id = *id_of(&v[2]);
	r.body = text_of(&v[3]);
	r.comment = text_of(&v[4]);
	r.created = v[5].i;
	if ((rc = xwrap(x, cop__check_text(x->s, r.body, "body", 0, COP_BODY_MAX,
			COP_BODY_MAX), "revision")) ||
	    (rc = xwrap(x, cop__check_text(x->s, r.comment, "comment", 1, 500, 0),
			"revision")))
		return rc;
	if ((rc = x->s->be->insert(x->s->be, COP_REC_REVISION, &r)) != COP_OK)
		return be_fail(x, rc, "revision");
	x->rep.revisions++;
	return COP_OK;
}

static int put_link(ximp *x, const cop_val *v)
{
	cop_val p[5];
	int rc;

	if ((rc = known(x, K_THREAD, &v[0], "link")) != COP_OK ||
	    (rc = known(x, K_THREAD, &v[1], "link")) != COP_OK)
		return rc;
	if (!memcmp(&v[0].id, &v[1].id, sizeof(cop_id)))
		return xerr(x, COP_EFORMAT, "link: a thread linked to itself");
	p[0] = cop__v_id(&x->cid);
	p[1] = v[0];
	p[2] = v[1];
	p[3] = v[2];
	p[4] = v[3];
	if ((rc = rop_put(x, COP_ROP_X_LINK_INS, p, 5, "link")) == COP_OK)
		x->rep.links++;
	return rc;
}

static int put_vote(ximp *x, const cop_val *v)
{
	cop_val p[10];
	int rc, i;

	if ((rc = known(x, K_CONTRIB, &v[1], "vote")) != COP_OK)
		return rc;
	if (v[2].type == COP_VAL_ID && same_id(&v[3], &v[2].id))
		return xerr(x, COP_EFORMAT, "vote: a member's vote on their own "
			"contribution");
	p[0] = v[0];
	p[1] = cop__v_id(&x->cid);
	for (i = 1; i < 9; i++)
		p[i + 1] = v[i];
	if ((rc = rop_put(x, COP_ROP_X_VOTE_INS, p, 10, "vote")) == COP_OK)
		x->rep.votes++;
	return rc;
}

static int put_accept(ximp *x, const cop_val *v)
{
	cop_val p[8];
	int rc, i;

	if ((rc = known(x, K_THREAD, &v[0], "accepted answer")) != COP_OK ||
	    (rc = known(x, K_CONTRIB, &v[1], "accepted answer")) != COP_OK)
		return rc;
	p[0] = v[0];
	p[1] = cop__v_id(&x->cid);
	for (i = 1; i < 7; i++)
		p[i + 1] = v[i];
	if ((rc = rop_put(x, COP_ROP_ACCEPT_PUT, p, 8, "accepted answer")) ==
	    COP_OK && v[1].type == COP_VAL_ID && !cop_id_is_nil(&v[1].id))
		x->rep.accepted++;
	return rc;
}

static int put_kudos(ximp *x, const cop_val *v)
{
	cop_val p[7];
	int rc, i;

	if ((rc = known(x, K_CONTRIB, &v[3], "kudos")) != COP_OK ||
	    (rc = xwrap(x, cop__check_text(x->s, v[4].text, "message", 0,
			COP_KUDOS_MAX, 0), "kudos")) != COP_OK)
		return rc;
	if (v[1].type == COP_VAL_ID && same_id(&v[2], &v[1].id))
		return xerr(x, COP_EFORMAT, "kudos: a member's kudos to themselves");
	p[0] = v[0];
	p[1] = cop__v_id(&x->cid);
	for (i = 1; i < 6; i++)
		p[i + 1] = v[i];
	if ((rc = rop_put(x, COP_ROP_KUDOS_INS, p, 7, "kudos")) == COP_OK)
		x->rep.kudos++;
	return rc;
}

static int put_ledger(ximp *x, const cop_val *v)
{
	cop_val p[10];
	int i;

	p[0] = v[0];
	p[1] = cop__v_id(&x->cid);
	for (i = 1; i < 9; i++)
		p[i + 1] = v[i];
	return rop_put(x, COP_ROP_LEDGER_INS, p, 10, "ledger entry");
}

static int put_standing(ximp *x, const cop_val *v)
{
	cop_val p[15];
	int i;

	p[0] = cop__v_id(&x->cid);
	for (i = 0; i < 14; i++)
		p[i + 1] = v[i];
	return rop_put(x, COP_ROP_X_STANDING_INS, p, 15, "standing");
}

static int put_badge(ximp *x, const cop_val *v)
{
	cop_val p[8];
	int rc, i;

	p[0] = v[0];
	p[1] = cop__v_id(&x->cid);
	for (i = 1; i < 7; i++)
		p[i + 1] = v[i];
	if ((rc = rop_put(x, COP_ROP_X_BADGE_INS, p, 8, "badge")) == COP_OK)
		x->rep.badges++;
	return rc;
}

static int put_source(ximp *x, const cop_val *v)
{
	cop_val p[4];

	p[0] = cop__v_id(&x->cid);
	p[1] = v[0];
	p[2] = v[1];
	p[3] = v[2];
	return rop_put(x, COP_ROP_X_SOURCE_INS, p, 4, "source id");
}

/* ---- import: the community ----------------------------------------------------------------- */

static const xcol cols_community[] = {
	{ "id", C_ID, 0, 0, 0 },
	{ "slug", C_TEXT, 0, 1, 64 },
	{ "name", C_TEXT, 0, 1, 1000 },
	{ "purpose", C_TEXT, C_NULL, 0, 20000 },
	{ "language", C_TEXT, 0, 1, 35 },
	{ "visibility", C_INT, 0, COP_VISIBILITY_PUBLIC,
		COP_VISIBILITY_INVITE_ONLY },
	{ "created", C_INT, 0, TIME },
	{ "recognition", C_TEXT, C_NULL, 0, X_CONFIG_MAX },
	{ "erasure", C_INT, C_NULL, COP_ERASE_ANONYMIZE, COP_ERASE_REMOVE },
};

static int put_community(ximp *x, json_t *o)
{
	cop_community_rec c, old;
	cop_val v[9], p[2];
	cop_key key;
	int rc;

	if ((rc = rec_vals(x, "community", COLS(cols_community), o, v)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	c.id = v[0].id;
	c.slug = x->opts && x->opts->community ? (char *)x->opts->community :
		text_of(&v[1]);
	c.name = text_of(&v[2]);
	c.purpose = text_of(&v[3]);
	c.language = text_of(&v[4]);
	c.visibility = (int)v[5].i;
	c.created = v[6].i;
	if ((rc = xwrap(x, cop__check_slug(x->s, c.slug), "community")) ||
	    (rc = xwrap(x, cop__check_text(x->s, c.name, "name", 0, 200, 0),
			"community")) ||
	    (rc = xwrap(x, cop__check_text(x->s, c.purpose, "purpose", 1, 4000,
			0), "community")) ||
	    (rc = xwrap(x, cop__check_language(x->s, c.language, "language"),
			"community")))
		return rc;
	memset(&key, 0, sizeof(key));
	memset(&old, 0, sizeof(old));
	key.id = c.id;
	rc = x->s->be->get(x->s->be, COP_REC_COMMUNITY, &key, &old);
	cop_rec_clear(COP_REC_COMMUNITY, &old);
	if (rc == COP_OK)
		return xerr(x, COP_EEXISTS, "community: the community (id %s) is "
			"already in the store", json_string_value(json_object_get(o,
			"id")));
	if (rc != COP_ENOTFOUND)
		return cop__be_error(x->s, rc, "reading a community");
	rc = x->s->be->insert(x->s->be, COP_REC_COMMUNITY, &c);
	if (rc == COP_EEXISTS)
		return xerr(x, COP_EEXISTS, "community: slug '%s' is taken", c.slug);
	if (rc != COP_OK)
		return cop__be_error(x->s, rc, "adding the community");
	x->cid = c.id;
	p[0] = cop__v_id(&c.id);
	if (v[7].type == COP_VAL_TEXT) {
		p[1] = v[7];
		if ((rc = rop_put(x, COP_ROP_CONFIG_PUT, p, 2, "community")) != COP_OK)
			return rc;
	}
	if (v[8].type == COP_VAL_INT) {
		p[1] = v[8];
		if ((rc = rop_put(x, COP_ROP_X_POLICY_PUT, p, 2, "community")) !=
		    COP_OK)
			return rc;
	}
	return COP_OK;
}

/* ---- import: derived rows ------------------------------------------------------------------- */

/* A member's running period totals, one per (period, tag): the ledger
 * comes in time order, so a total is written when its period ends. */
typedef struct xtot {
	int period;
	int64_t start, points;
	char tag[64];
} xtot;

typedef struct xtots {
	xtot *v;
	size_t n, cap;
	cop_id member;
} xtots;

static int tot_write(ximp *x, const xtots *t, const xtot *e)
{
	cop_val p[6];

	p[0] = cop__v_id(&x->cid);
	p[1] = cop__v_int(e->period);
	p[2] = cop__v_int(e->start);
	memset(&p[3], 0, sizeof(p[3]));
	p[3].type = COP_VAL_TEXT;
	p[3].text = e->tag;
	p[4] = cop__v_id(&t->member);
	p[5] = cop__v_int(e->points);
	return rop_put(x, COP_ROP_TOTAL_ADD, p, 6, "period totals");
}

static int tot_add(ximp *x, xtots *t, int period, int64_t start,
	const char *tag, size_t len, int64_t points)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++)
		if (t->v[i].period == period && strlen(t->v[i].tag) == len &&
		    !memcmp(t->v[i].tag, tag, len))
			break;
	if (i == t->n) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 32;
			xtot *v = cop_realloc(t->v, cap * sizeof(*v));
			if (!v)
				return cop__error(x->s, COP_ENOMEM, "out of memory");
			t->v = v;
			t->cap = cap;
		}
		memset(&t->v[i], 0, sizeof(t->v[i]));
		t->v[i].period = period;
		t->v[i].start = start;
		memcpy(t->v[i].tag, tag, len);
		t->n++;
	} else if (t->v[i].start != start) {
		if ((rc = tot_write(x, t, &t->v[i])) != COP_OK)
			return rc;
		t->v[i].start = start;
		t->v[i].points = 0;
	}
	t->v[i].points += points;
	return COP_OK;
}

static int tot_flush(ximp *x, xtots *t)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++)
		if ((rc = tot_write(x, t, &t->v[i])) != COP_OK)
			return rc;
	t->n = 0;
	return COP_OK;
}

/* Rebuild the community's period totals from its ledger (as
 * recognition/ledger.c keeps them: every period, the whole community and
 * each tag of the entry), in pages read before they are written. */
static int rebuild_totals(ximp *x)
{
	struct { cop_id m; int64_t t, pts; char tags[X_TAGS_MAX + 1]; } *buf;
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[5];
	cop_id am, ai;
	int64_t at = INT64_MIN;
	xtots t;
	int rc = COP_OK, more = 1, have = 0, per;

	if (!(buf = cop_malloc(200 * sizeof(*buf))))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	memset(&t, 0, sizeof(t));
	memset(&am, 0, sizeof(am));
	memset(&ai, 0, sizeof(ai));
	while (more && rc == COP_OK) {
		int got = 0, i;
		p[0] = cop__v_id(&x->cid);
		p[1] = cop__v_id(&am);
		p[1].type = COP_VAL_KEY;
		p[2] = cop__v_int(at);
		p[3] = cop__v_id(&ai);
		p[3].type = COP_VAL_KEY;
		p[4] = cop__v_int(200);
		if ((rc = rop_rows(x->s, COP_ROP_LEDGER_SCAN, p, 5, &it)) != COP_OK)
			break;
		while ((rc = rop_next(x->s, it, &row)) == COP_OK) {
			buf[got].m = row.col[2].type == COP_VAL_ID ? row.col[2].id :
				cop__nil_id;
			buf[got].pts = row.col[3].i;
			buf[got].t = row.col[8].i;
			snprintf(buf[got].tags, sizeof(buf[got].tags), "%s",
				row.col[9].type == COP_VAL_TEXT && row.col[9].text ?
				row.col[9].text : "");
			am = buf[got].m;
			at = buf[got].t;
			ai = row.col[0].type == COP_VAL_ID ? row.col[0].id : cop__nil_id;
			got++;
		}
		it->free(it);
		if (rc != COP_ITEROVER)
			break;
		rc = COP_OK;
		for (i = 0; i < got && rc == COP_OK; i++) {
			if (buf[i].pts == 0)
				continue;
			if (have && memcmp(&t.member, &buf[i].m, sizeof(cop_id)) &&
			    (rc = tot_flush(x, &t)) != COP_OK)
				break;
			t.member = buf[i].m;
			have = 1;
			for (per = 0; per <= COP_PERIOD_ALL && rc == COP_OK; per++) {
				int64_t start = cop_period_start((cop_period)per, buf[i].t);
				const char *q = buf[i].tags;
				rc = tot_add(x, &t, per, start, "", 0, buf[i].pts);
				while (rc == COP_OK && *q) {
					size_t n = strcspn(q, " ");
					if (n > 0 && n < sizeof(t.v[0].tag))
						rc = tot_add(x, &t, per, start, q, n, buf[i].pts);
					q += n;
					while (*q == ' ')
						q++;
				}
			}
		}
		more = got == 200;
	}
	if (rc == COP_OK)
		rc = tot_flush(x, &t);
	cop_free(t.v);
	cop_free(buf);
	return rc;
}

/* Make the derived rows agree with the facts: period totals rebuilt,
 * then cop_verify(), repairing only when the document disagreed with
 * itself (a partial view, or edited by hand). */
static int settle(ximp *x)
{
	cop_verify_report *r = NULL;
	char id[COP_ID_TEXT_LEN + 1];
	int rc;

	if ((rc = rebuild_totals(x)) != COP_OK)
		return rc;
	cop_id_format(id, &x->cid);
	if ((rc = cop_verify(&r, x->s, id, 0)) != COP_OK)
		return rc;
	if (cop_verify_report_count(r) > 0) {
		cop_verify_report_free(r);
		r = NULL;
		if ((rc = cop_verify(&r, x->s, id, 1)) != COP_OK)
			return rc;
	}
	cop_verify_report_free(r);
	return COP_OK;
}

/*
 * One record's writes are a level of their own: a backend that sends
 * writes later (PostgreSQL, with the next read) reports a failed one when
 * the level closes, so the error names this record and its line, not a
 * later one.
 */
static int put_record(ximp *x, const xsec *sec, const cop_val *v)
{
	cop_backend *be = x->s->be;
	int rc;

	if ((rc = be->begin(be)) != COP_OK)
		return be_fail(x, rc, sec->what);
	if ((rc = sec->put(x, v)) == COP_OK &&
	    (rc = be->commit(be)) != COP_OK)
		rc = be_fail(x, rc, sec->what);
	if (rc != COP_OK)
		be->rollback(be);
	return rc;
}

/* ---- import: the document -------------------------------------------------------------------- */

static int import_section(ximp *x, const xsec *sec)
{
	cop_val v[16];
	json_t *j = NULL;
	int c, rc, first = 1;
	long start;

	if ((rc = rd_expect(x, '[', "'['")) != COP_OK)
		return rc;
	for (;;) {
		if ((rc = rd_ws(x, &c)) != COP_OK)
			return rc;
		if (c == ']') {
			rd_skip(x, 1);
			return COP_OK;
		}
		if (!first) {
			if (c != ',')
				return xerr(x, COP_EFORMAT, c < 0 ? "truncated document"
					: "',' or ']' expected in %s", sec->name);
			rd_skip(x, 1);
		}
		first = 0;
		if ((rc = rd_ws(x, &c)) != COP_OK)
			return rc;
		x->el_line = 0;
		if (c != '{')
			return xerr(x, COP_EFORMAT, c < 0 ? "truncated document" :
				"an object expected in %s", sec->name);
		start = x->line;
		if ((rc = rd_value(x, &j)) != COP_OK)
			return rc;
		x->el_line = start;
		rc = rec_vals(x, sec->name, sec->cols, sec->ncols, j, v);
		if (rc == COP_OK)
			rc = put_record(x, sec, v);
		json_decref(j);
		x->el_line = 0;
		if (rc != COP_OK)
			return rc;
	}
}

static int import_doc(ximp *x)
{
	char key[32];
	json_t *j = NULL;
	int c, rc, next = 0, have_community = 0, i;
	long start;

	if ((rc = rd_expect(x, '{', "a JSON object")) != COP_OK)
		return rc;
	/* The marker and the version come first. */
	if ((rc = rd_key(x, key, sizeof(key))) != COP_OK)
		return rc;
	if (strcmp(key, "format"))
		return xerr(x, COP_EFORMAT, "not a libcop document (no format "
			"marker)");
	if ((rc = rd_value(x, &j)) != COP_OK)
		return rc;
	rc = json_is_string(j) && !strcmp(json_string_value(j), X_FORMAT);
	json_decref(j);
	if (!rc)
		return xerr(x, COP_EFORMAT, "not a libcop document (format is "
			"not \"" X_FORMAT "\")");
	if ((rc = rd_expect(x, ',', "','")) != COP_OK ||
	    (rc = rd_key(x, key, sizeof(key))) != COP_OK)
		return rc;
	if (strcmp(key, "version"))
		return xerr(x, COP_EFORMAT, "version expected after the format");
	if ((rc = rd_value(x, &j)) != COP_OK)
		return rc;
	rc = json_is_integer(j) && json_integer_value(j) == X_VERSION;
	json_decref(j);
	if (!rc)
		return xerr(x, COP_EFORMAT, "unsupported version (this library "
			"reads version %d)", X_VERSION);
	for (;;) {
		if ((rc = rd_ws(x, &c)) != COP_OK)
			return rc;
		if (c == '}') {
			rd_skip(x, 1);
			break;
		}
		if (c != ',')
			return xerr(x, COP_EFORMAT, c < 0 ? "truncated document" :
				"',' or '}' expected");
		rd_skip(x, 1);
		if ((rc = rd_key(x, key, sizeof(key))) != COP_OK)
			return rc;
		if (!strcmp(key, "community")) {
			if (have_community)
				return xerr(x, COP_EFORMAT, "a second community");
			if ((rc = rd_ws(x, &c)) != COP_OK)
				return rc;
			if (c != '{')
				return xerr(x, COP_EFORMAT, "community: an object "
					"expected");
			start = x->line;
			if ((rc = rd_value(x, &j)) != COP_OK)
				return rc;
			x->el_line = start;
			rc = put_community(x, j);
			x->el_line = 0;
			json_decref(j);
			if (rc != COP_OK)
				return rc;
			have_community = 1;
			continue;
		}
		for (i = 0; i < NSECTIONS; i++)
			if (!strcmp(key, sections[i].name))
				break;
		if (i == NSECTIONS)
			return xerr(x, COP_EFORMAT, "unknown member \"%s\"", key);
		if (!have_community)
			return xerr(x, COP_EFORMAT, "%s before the community", key);
		if (i < next)
			return xerr(x, COP_EFORMAT, "%s out of order", key);
		next = i + 1;
		if ((rc = import_section(x, &sections[i])) != COP_OK)
			return rc;
	}
	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c >= 0)
		return xerr(x, COP_EFORMAT, "data after the document");
	if (!have_community)
		return xerr(x, COP_EFORMAT, "no community in the document");
	return COP_OK;
}

int cop_import_json(cop_import_report *out, cop_store *s, int fd,
	const cop_import_options *opts)
{
	struct stat st;
	ximp *x;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (opts && opts->version != COP_IMPORT_OPTIONS_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported options version %d",
			opts->version);
	if (fd < 0)
		return cop__error(s, COP_EINVAL, "bad file descriptor %d", fd);
	if (s->has_actor)
		return cop__error(s, COP_EPERM, "only the system imports");
	if (opts && opts->community &&
	    (rc = cop__check_slug(s, opts->community)) != COP_OK)
		return rc;
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if (!(x = cop_mallocz(sizeof(*x))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	x->s = s;
	x->fd = fd;
	x->opts = opts;
	x->line = 1;
	x->col = 1;
	x->rep.version = COP_IMPORT_REPORT_VERSION;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		x->total = (uint64_t)st.st_size;
	x->cap = X_IN_BUF;
	if (!(x->buf = cop_malloc(x->cap))) {
		cop_free(x);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	if ((rc = cop__write_begin(s)) == COP_OK) {
		rc = import_doc(x);
		if (rc == COP_OK)
			rc = settle(x);
		if (rc == COP_OK)
			rc = cop__log(s, "community.import", &x->cid, &x->cid);
		rc = cop__write_end(s, rc);
	}
	if (rc == COP_OK && opts && opts->progress)
		opts->progress(opts->progress_ctx, "JSON", x->done, x->total);
	if (rc == COP_OK && out)
		*out = x->rep;
	cop_free(x->buf);
	cop_free(x);
	return rc == COP_OK ? cop__ok(s) : rc;
}
