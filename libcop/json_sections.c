/*
 * json_sections.c: the sections of a community's JSON document: the
 * columns of each kind of record (name, type, range), shared by export
 * and import, and how import puts each record into the store.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <jansson.h>

#include "json_doc.h"

/* A column from field M of the table's record type R; COL: named after
 * its field. */
#define JF(M) COP__JF(R, M)
#define COL(m, t, fl, ...) { #m, t, fl, __VA_ARGS__, JF(m) }
/* A time column (RFC 3339 text in format 2). */
#define TCOL(m) COL(m, C_INT, C_TIME, TIME)
/* An enumeration column named by en_E() (names in format 2). */
#define ECOL(m, e, fl, lo, hi) { #m, C_INT, fl, lo, hi, \
	COP__JFE(R, m, en_##e) }

/* The names of the public enumerations (their T_name()), as columns
 * take them. */
#define ENAMES(e, T) static const char *en_##e(int v) \
	{ return cop_##e##_name((T)v); }
ENAMES(member_status, cop_member_status)
ENAMES(role, cop_role)
ENAMES(membership_status, cop_membership_status)
ENAMES(thread_kind, cop_thread_kind)
ENAMES(thread_state, cop_thread_state)
ENAMES(contribution_kind, cop_contribution_kind)
ENAMES(body_format, cop_body_format)
ENAMES(link_kind, cop_link_kind)
ENAMES(rep_reason, cop_rep_reason)
ENAMES(badge_class, cop_badge_class)
ENAMES(visibility, cop_visibility)
ENAMES(erasure_policy, cop_erasure_policy)
ENAMES(thread_change_kind, cop_thread_change_kind)
/* A vote's kind: -1 is a retracted vote. */
static const char *en_vote_kind(int v)
{
	return v == -1 ? "retracted" : cop_vote_kind_name((cop_vote_kind)v);
}
/* A badge: -1 is a named (imported) one, its name in the record. */
static const char *en_badge(int v)
{
	return v == COP_BADGE_NAMED ? "named" : cop_badge_name((cop_badge)v);
}

#define R cop_member_rec
static const xcol cols_member[] = {
	COL(id, C_ID, 0, 0, 0), COL(handle, C_TEXT, 0, 1, 64),
	COL(display_name, C_TEXT, 0, 1, 1000),
	COL(organisation, C_TEXT, C_NULL, 0, 1000),
	COL(languages, C_TEXT, C_NULL, 0, 400),
	ECOL(status, member_status, 0, COP_MEMBER_ACTIVE, COP_MEMBER_DELETED),
	TCOL(created),
};
#undef R
#define R cop_membership_rec
static const xcol cols_membership[] = {
	COL(member_id, C_ID, 0, 0, 0),
	ECOL(role, role, 0, COP_ROLE_OBSERVER, COP_ROLE_OWNER),
	ECOL(status, membership_status, 0, COP_MEMBERSHIP_ACTIVE,
		COP_MEMBERSHIP_INVITED),
	TCOL(joined), COL(pledged_hours, C_INT, 0, U32),
};
#undef R
#define R cop_thread_rec
static const xcol cols_thread[] = {
	COL(id, C_ID, 0, 0, 0), COL(author_id, C_ID, C_NULL, 0, 0),
	ECOL(kind, thread_kind, 0, COP_THREAD_DISCUSSION,
		COP_THREAD_ANNOUNCEMENT),
	ECOL(state, thread_state, 0, COP_THREAD_OPEN, COP_THREAD_HIDDEN),
	COL(title, C_TEXT, 0, 1, 1200), COL(tags, C_TEXT, C_TAGS, 0, 1000),
	COL(language, C_TEXT, 0, 1, 35), TCOL(created), TCOL(last_activity),
	COL(contribution_count, C_INT, 0, U32),
	/* The properties (thread.h); a document without them (written
	 * before they were) has the state alone, which gives them. */
	COL(closed, C_INT, C_OPT, 0, 1), COL(locked, C_INT, C_OPT, 0, 1),
	COL(pinned, C_INT, C_OPT, 0, 1), COL(hidden, C_INT, C_OPT, 0, 1),
	COL(answered, C_INT, C_OPT, 0, 1),
	/* Its current summary (cop_thread_summarize()), a contribution of
	 * the document; a document written before has none. */
	COL(summary_id, C_ID, C_NULL | C_OPT, 0, 0),
};
#undef R
#define R cop_contribution_rec
static const xcol cols_contrib[] = {
	COL(id, C_ID, 0, 0, 0), COL(thread_id, C_ID, 0, 0, 0),
	COL(author_id, C_ID, C_NULL, 0, 0),
	ECOL(kind, contribution_kind, 0, COP_CONTRIB_POST, COP_CONTRIB_SUMMARY),
	COL(reply_to, C_ID, C_NULL, 0, 0),
	COL(translation_of, C_ID, C_NULL, 0, 0),
	COL(language, C_TEXT, 0, 1, 35), COL(body, C_TEXT, 0, 1, COP_BODY_MAX),
	ECOL(format, body_format, 0, COP_FORMAT_MARKDOWN, COP_FORMAT_HTML),
	TCOL(created), TCOL(edited),
	COL(revision, C_INT, 0, 1, INT32_MAX), COL(score, C_INT, 0, I32),
	/* The score where it was imported from (null: none); a document
	 * written before it has none. */
	COL(source_score, C_INT, C_NULL | C_OPT | C_OINT, I32),
	/* Hidden by a moderator (cop_contribution_hide()), 0 or 1; a
	 * document written before has it shown. */
	COL(hidden, C_INT, C_OPT, 0, 1),
};
#undef R
#define R cop_revision_rec
static const xcol cols_revision[] = {
	COL(contribution_id, C_ID, 0, 0, 0),
	COL(number, C_INT, 0, 1, INT32_MAX), COL(author_id, C_ID, C_NULL, 0, 0),
	COL(body, C_TEXT, 0, 1, COP_BODY_MAX),
	COL(comment, C_TEXT, C_NULL, 0, 2000), TCOL(created),
	COL(editor_id, C_ID, C_NULL | C_OPT, 0, 0),
	/* When a moderator redacted its text (cop_revision_redact(), the
	 * body then COP_REDACTED_TEXT), null: never; a document written
	 * before has none redacted. */
	COL(redacted, C_INT, C_TIME | C_OPT, TIME),
};
#undef R
#define R cop_link_rec
static const xcol cols_link[] = {
	COL(thread_id, C_ID, 0, 0, 0), COL(target_id, C_ID, 0, 0, 0),
	ECOL(kind, link_kind, 0, COP_LINK_RELATED, COP_LINK_DUPLICATE),
	TCOL(created),
};
#undef R
#define R cop_vote_rec
static const xcol cols_vote[] = {
	COL(id, C_ID, 0, 0, 0), COL(contribution_id, C_ID, 0, 0, 0),
	COL(voter_id, C_ID, C_NULL, 0, 0), COL(author_id, C_ID, C_NULL, 0, 0),
	ECOL(kind, vote_kind, 0, -1, COP_VOTE_THANKS),
	COL(rep_author, C_INT, 0, I32), COL(rep_voter, C_INT, 0, I32),
	TCOL(created), TCOL(changed),
};
#undef R
#define R cop_accept_rec
static const xcol cols_accept[] = {
	COL(thread_id, C_ID, 0, 0, 0), COL(contribution_id, C_ID, C_NULL, 0, 0),
	COL(author_id, C_ID, C_NULL, 0, 0),
	COL(acceptor_id, C_ID, C_NULL, 0, 0), COL(rep_author, C_INT, 0, I32),
	COL(rep_acceptor, C_INT, 0, I32), TCOL(created),
};
#undef R
#define R cop_kudos_rec
static const xcol cols_kudos[] = {
	COL(id, C_ID, 0, 0, 0), COL(from_id, C_ID, C_NULL, 0, 0),
	COL(to_id, C_ID, 0, 0, 0), COL(contribution_id, C_ID, C_NULL, 0, 0),
	COL(message, C_TEXT, 0, 1, 4 * COP_KUDOS_MAX), TCOL(created),
};
#undef R
#define R cop_ledger_rec
static const xcol cols_ledger[] = {
	COL(id, C_ID, 0, 0, 0), COL(member_id, C_ID, 0, 0, 0),
	COL(points, C_INT, 0, I32), COL(nominal, C_INT, 0, I32),
	ECOL(reason, rep_reason, 0, COP_REP_UPVOTE, COP_REP_ATTENDED),
	COL(object_id, C_ID, C_NULL, 0, 0), COL(actor_id, C_ID, C_NULL, 0, 0),
	TCOL(time), COL(tags, C_TEXT, C_TAGS, 0, X_TAGS_MAX),
};
#undef R
#define R cop_standing_rec
static const xcol cols_standing[] = {
	COL(member_id, C_ID, 0, 0, 0), COL(reputation, C_INT, 0, ANY),
	COL(cap_day, C_INT, 0, ANY), COL(cap_used, C_INT, 0, I32),
	COL(trust, C_INT, 0, 0, 4), COL(trust_manual, C_INT, 0, 0, 1),
	COL(days_active, C_INT, 0, U32), COL(last_day, C_INT, 0, ANY),
	COL(posts, C_INT, 0, U32), COL(likes_given, C_INT, 0, U32),
	COL(likes_received, C_INT, 0, U32), COL(kudos_received, C_INT, 0, U32),
	COL(accepted, C_INT, 0, U32), COL(posts_read, C_INT, 0, U32),
};
#undef R
#define R cop_badge_rec
static const xcol cols_badge[] = {
	COL(id, C_ID, 0, 0, 0), COL(member_id, C_ID, 0, 0, 0),
	ECOL(badge, badge, 0, COP_BADGE_NAMED, COP_BADGE_TREASURED),
	COL(object_id, C_ID, 0, 0, 0), TCOL(awarded),
	COL(name, C_TEXT, C_NULL, 1, 400),
	{ "class", C_INT, C_NULL, COP_BADGE_BRONZE, COP_BADGE_GOLD,
		COP__JFE(R, badge_class, en_badge_class) },
};
#undef R
#define R cop_tag_rec
/* A tag record: its uses are left out (the store's triggers count them
 * from the threads). */
static const xcol cols_tag[] = {
	COL(name, C_TEXT, 0, 1, 35),
	COL(excerpt, C_TEXT, C_NULL, 0, COP_TAG_EXCERPT_MAX),
	COL(wiki, C_TEXT, C_NULL, 0, COP_TAG_WIKI_MAX),
	COL(synonym_of, C_TEXT, C_NULL, 1, 35), TCOL(created), TCOL(updated),
};
#undef R
#define R cop_thread_change_rec
/* An entry of a thread's history: a title (300 code points) or tags
 * before and after, for those two kinds only. */
static const xcol cols_change[] = {
	COL(thread_id, C_ID, 0, 0, 0), COL(number, C_INT, 0, 1, INT32_MAX),
	ECOL(kind, thread_change_kind, 0, COP_THREAD_CHANGE_TITLE,
		COP_THREAD_CHANGE_SHOWN),
	COL(old_value, C_TEXT, C_NULL, 1, 1200),
	COL(new_value, C_TEXT, C_NULL, 1, 1200),
	COL(actor_id, C_ID, C_NULL, 0, 0), TCOL(created),
	COL(comment, C_TEXT, C_NULL, 1, 2000),
};
#undef R
#define R cop_source_rec
static const xcol cols_source[] = {
	COL(kind, C_INT, 0, I32), COL(source_id, C_TEXT, 0, 1, X_SOURCE_MAX),
	COL(object_id, C_ID, 0, 0, 0),
};
#undef R

static int put_member(ximp *x, const cop_val *v);
static int put_membership(ximp *x, const cop_val *v);
static int put_tag(ximp *x, const cop_val *v);
static int put_thread(ximp *x, const cop_val *v);
static int put_change(ximp *x, const cop_val *v);
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

#define SEC_COLS(c) .cols = c, .ncols = (int)(sizeof(c) / sizeof(c[0]))
/* A section of the community's scan M (records of kind K), X_PAGE
 * records a page; its keyset columns follow the record's description. */
#define SEC(nm, m, k, c, p, w, nk, ...) { { .name = nm, \
	.scan = COP__JSCAN(m), .by = COP_EXPORT_BY_COMMUNITY, .rec = k, \
	.page = X_PAGE, .nkeys = nk, .key = { __VA_ARGS__ }, SEC_COLS(c) }, \
	p, w }

/* In the document's order. */
const xsec cop__jsections[NSECTIONS] = {
	SEC("members", scan_members, COP_REC_MEMBER, cols_member, put_member,
		"member", 1, 0),
	SEC("memberships", scan_memberships, COP_REC_MEMBERSHIP,
		cols_membership, put_membership, "membership", 1, 0),
	/* Before the threads, whose triggers then count the uses of the
	 * tags as they come (each tag keeps its created). */
	{ { .name = "tags", .scan = COP__JSCAN(scan_tags),
	    .by = COP_EXPORT_BY_COMMUNITY, .rec = COP_REC_TAG, .page = X_PAGE,
	    .nkeys = 1, .key = { 0 }, SEC_COLS(cols_tag), .version = 3 },
	  put_tag, "tag" },
	SEC("threads", scan_threads, COP_REC_THREAD, cols_thread, put_thread,
		"thread", 1, 0),
	/* Each thread's in its order: import numbers them as they come. */
	{ { .name = "thread_history", .scan = COP__JSCAN(scan_history),
	    .by = COP_EXPORT_BY_COMMUNITY, .rec = COP_REC_THREAD_CHANGE,
	    .page = X_PAGE, .nkeys = 2, .key = { 0, 1 },
	    SEC_COLS(cols_change), .version = 4 }, put_change,
	  "thread history entry" },
	SEC("contributions", scan_contributions, COP_REC_CONTRIBUTION,
		cols_contrib, put_contrib, "contribution", 1, 0),
	SEC("revisions", scan_revisions, COP_REC_REVISION, cols_revision,
		put_revision, "revision", 2, 0, 1),
	SEC("links", scan_links, COP_REC_LINK, cols_link, put_link, "link",
		2, 0, 1),
	SEC("votes", scan_votes, COP_REC_VOTE, cols_vote, put_vote, "vote",
		1, 0),
	SEC("accepted", scan_accepts, COP_REC_ACCEPT, cols_accept, put_accept,
		"accepted answer", 1, 0),
	SEC("kudos", scan_kudos, COP_REC_KUDOS, cols_kudos, put_kudos, "kudos",
		1, 0),
	SEC("ledger", scan_ledger, COP_REC_LEDGER, cols_ledger, put_ledger,
		"ledger entry", 1, 0),
	SEC("standings", scan_standings, COP_REC_STANDING, cols_standing,
		put_standing, "standing", 1, 0),
	SEC("badges", scan_badges, COP_REC_BADGE, cols_badge, put_badge,
		"badge", 1, 0),
	/* Written by (kind, object), each group in byte order of source id. */
	{ { .name = "sources", .scan = COP__JSCAN(scan_sources),
	    .by = COP_EXPORT_BY_COMMUNITY, .rec = COP_REC_SOURCE,
	    .page = X_PAGE, .nkeys = 3, .key = { 0, 2, 1 }, .group = 2,
	    SEC_COLS(cols_source) }, put_source, "source id" },
};

/* ---- import: records ------------------------------------------------------------------- */

/* Format 2's value @p f of time or enumeration column @p c into *v: an
 * RFC 3339 text or the name of a value in the column's range. */
static int named_int(ximp *x, const char *what, const xcol *c, json_t *f,
	cop_val *v)
{
	const char *t = json_string_value(f);
	cop_time when;
	int64_t n;
	const char *name;

	if (c->flags & C_TIME) {
		if (!t || cop__jtime_parse(t, &when) != 0 || when < c->min ||
		    when > c->max)
			return cop__jerr(x, COP_EFORMAT, "%s: field %s is not an "
				"RFC 3339 time from 1970 to 9999", what, c->name);
		*v = cop__v_int(when);
		return COP_OK;
	}
	for (n = c->min; t && n <= c->max; n++)
		if ((name = c->ename((int)n)) && !strcmp(name, t)) {
			*v = cop__v_int(n);
			return COP_OK;
		}
	return cop__jerr(x, COP_EFORMAT, "%s: field %s is not one of its "
		"names", what, c->name);
}

/* Check @p o against section @p sec's columns into @p v (texts borrowed
 * from @p o). */
int cop__jrec_vals(ximp *x, const char *what, const xcol *cols, int ncols,
	json_t *o, cop_val *v)
{
	const char *k;
	json_t *f;
	int i, rc;

	if (!json_is_object(o))
		return cop__jerr(x, COP_EFORMAT, "%s: an object expected", what);
	json_object_foreach(o, k, f) {
		for (i = 0; i < ncols; i++)
			if (!strcmp(k, cols[i].name))
				break;
		if (i == ncols)
			return cop__jerr(x, COP_EFORMAT, "%s: unknown field \"%.40s\"",
				what, k);
	}
	for (i = 0; i < ncols; i++) {
		const xcol *c = &cols[i];
		memset(&v[i], 0, sizeof(v[i]));
		if (!(f = json_object_get(o, c->name))) {
			if (!(c->flags & C_OPT))
				return cop__jerr(x, COP_EFORMAT, "%s: field %s missing",
					what, c->name);
			v[i].type = COP_VAL_NULL;
			continue;
		}
		if (json_is_null(f) && c->flags & C_TIME && x->version >= 2) {
			v[i] = cop__v_int(0);  /* no time (jsonout.c) */
			continue;
		}
		if (json_is_null(f)) {
			if (!(c->flags & C_NULL))
				return cop__jerr(x, COP_EFORMAT, "%s: field %s is null", what,
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
				return cop__jerr(x, COP_EFORMAT, "%s: field %s is not an id",
					what, c->name);
			break;
		case C_INT:
			if (x->version >= 2 && (c->flags & C_TIME || c->ename)) {
				if ((rc = named_int(x, what, c, f, &v[i])) != COP_OK)
					return rc;
				break;
			}
			if (!json_is_integer(f) ||
			    json_integer_value(f) < c->min ||
			    json_integer_value(f) > c->max)
				return cop__jerr(x, COP_EFORMAT, "%s: field %s is not an "
					"integer from %" PRId64 " to %" PRId64, what,
					c->name, c->min, c->max);
			v[i] = cop__v_int(json_integer_value(f));
			break;
		default:
			if (!json_is_string(f) ||
			    json_string_length(f) < (size_t)c->min ||
			    json_string_length(f) > (size_t)c->max ||
			    strlen(json_string_value(f)) != json_string_length(f))
				return cop__jerr(x, COP_EFORMAT, "%s: field %s is not a "
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
					return cop__jerr(x, COP_EFORMAT, "%s: field %s is not "
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
		return cop__jerr(x, COP_EEXISTS, "%s: already in the store", what);
	return cop__be_error(x->s, rc, what);
}

/* A typed insert's result @p rc; a failure names @p what. */
static int put_done(ximp *x, int rc, const char *what)
{
	return rc == COP_OK ? COP_OK : be_fail(x, rc, what);
}

/*
 * Fill @p rec (@p size bytes, zeroed first) from the values @p v of the
 * columns @p cols, each into its field: what export reads, the other
 * way round (a null id nil, a null text NULL, a null integer -1).
 * Texts are borrowed from @p v.
 */
static void vals_rec(const xcol *cols, int ncols, const cop_val *v,
	void *rec, size_t size)
{
	const char *t;
	int64_t n;
	int i, small;

	memset(rec, 0, size);
	for (i = 0; i < ncols; i++) {
		char *f = (char *)rec + cols[i].off;

		if (cols[i].type == C_ID) {
			if (v[i].type == COP_VAL_ID)
				memcpy(f, &v[i].id, sizeof(cop_id));
		} else if (cols[i].type == C_INT && cols[i].flags & C_OINT) {
			cop_rec_opt_int o = { v[i].type == COP_VAL_INT,
				v[i].type == COP_VAL_INT ? (int)v[i].i : 0 };
			memcpy(f, &o, sizeof(o));
		} else if (cols[i].type == C_INT) {
			n = v[i].type == COP_VAL_INT ? v[i].i : -1;
			small = (int)n;
			if (cols[i].size == sizeof(n))
				memcpy(f, &n, sizeof(n));
			else
				memcpy(f, &small, sizeof(small));
		} else {
			t = v[i].type == COP_VAL_TEXT ? v[i].text : NULL;
			memcpy(f, &t, sizeof(t));
		}
	}
}

int cop__jrec_put(ximp *x, cop_rec_kind kind, const cop_val *p,
	unsigned int n, const char *what)
{
	const cop_backend_recognition *t;
	union { cop_accept_rec a; cop_kudos_rec k; cop_ledger_rec l;
		cop_total_rec tot; } r;
	int rc;

	if ((rc = COP__FEATURE_GET(x->s, &t, recognition, cop__sql_recognition,
			"recognition")) != COP_OK)
		return rc;
	if (cop__rec_from_vals(kind, p, n, &r, sizeof(r)) != COP_OK)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	switch (kind) {
	case COP_REC_ACCEPT: rc = t->accept_put(x->s->be, &r.a); break;
	case COP_REC_KUDOS: rc = t->kudos_insert(x->s->be, &r.k); break;
	case COP_REC_TOTAL: rc = t->total_add(x->s->be, &r.tot); break;
	default: rc = t->ledger_insert(x->s->be, &r.l); break;
	}
	cop_rec_clear(kind, &r);
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
		return cop__jerr(x, COP_EFORMAT, "%s: no such %s in the document",
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
	if ((rc = cop__jwrap(x, cop__check_handle(x->s, m.handle), "member")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, m.display_name, "display_name",
			0, 200, 0), "member")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, m.organisation, "organisation",
			1, 200, 0), "member")) ||
	    (m.languages && *m.languages &&
	     (rc = cop__jwrap(x, cop__check_languages(x->s, m.languages), "member"))))
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
		return cop__jerr(x, COP_EEXISTS, "member: handle %s is taken by "
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
		return cop__jerr(x, COP_EFORMAT, "membership: no such member");
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
		return cop__jerr(x, COP_EFORMAT, "%s: its author is not a member of "
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

/* Remember synonym @p name for cop__jtags_check(). */
static int syn_add(ximp *x, const char *name)
{
	if (cop__grow(x->s, &x->syn, x->nsyn, &x->syncap, sizeof(*x->syn),
			64) != COP_OK)
		return COP_ENOMEM;
	if (!(x->syn[x->nsyn] = cop_strdup(name)))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	x->nsyn++;
	return COP_OK;
}

/* @p name is one tag's name as the library writes it. */
static int tag_name_ok(ximp *x, const char *name)
{
	char n[36];
	int rc = cop__tag_name_check(x->s, name, "tag", n);

	if (rc == COP_ENOMEM)
		return rc;
	return rc != COP_OK || strcmp(n, name) ? -1 : COP_OK;
}

/* A tag record; its uses start at 0 and the threads' triggers count
 * them.  A synonym's target is checked once every record is in
 * (cop__jtags_check()). */
static int put_tag(ximp *x, const cop_val *v)
{
	const cop_backend_tags *t;
	cop_tag_rec r, old;
	int rc;

	if ((rc = COP__FEATURE_GET(x->s, &t, tags, cop__sql_tags, "tag")) !=
	    COP_OK)
		return rc;
	vals_rec(COLS(cols_tag), v, &r, sizeof(r));
	r.community_id = x->cid;
	r.uses = r.hidden_uses = 0;
	if ((rc = tag_name_ok(x, r.name)) != COP_OK ||
	    (r.synonym_of && (rc = tag_name_ok(x, r.synonym_of)) != COP_OK))
		return rc == COP_ENOMEM ? rc : cop__jerr(x, COP_EFORMAT, "tag: "
			"name and synonym_of must be one tag each, as threads' tags "
			"are written");
	if (r.synonym_of && !strcmp(r.synonym_of, r.name))
		return cop__jerr(x, COP_EFORMAT, "tag %s: a synonym of itself",
			r.name);
	if ((rc = cop__jwrap(x, cop__check_text(x->s, r.excerpt, "excerpt", 1,
			COP_TAG_EXCERPT_MAX, COP_TAG_EXCERPT_MAX), "tag")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, r.wiki, "wiki", 1,
			COP_TAG_WIKI_MAX, COP_TAG_WIKI_MAX), "tag")))
		return rc;
	memset(&old, 0, sizeof(old));
	rc = t->tag_get(x->s->be, &x->cid, r.name, &old);
	cop_rec_clear(COP_REC_TAG, &old);
	if (rc == COP_OK)
		return cop__jerr(x, COP_EEXISTS, "tag %s: twice in the document",
			r.name);
	if (rc != COP_ENOTFOUND)
		return cop__be_error(x->s, rc, "reading a tag");
	if (r.synonym_of && (rc = syn_add(x, r.name)) != COP_OK)
		return rc;
	return put_done(x, t->tag_put(x->s->be, &r), "tag");
}

int cop__jtags_check(ximp *x)
{
	const cop_backend_tags *t;
	cop_tag_rec syn, to;
	size_t i;
	int rc = COP_OK;

	if (!x->nsyn)
		return COP_OK;
	if ((rc = COP__FEATURE_GET(x->s, &t, tags, cop__sql_tags, "tag")) !=
	    COP_OK)
		return rc;
	for (i = 0; i < x->nsyn && rc == COP_OK; i++) {
		memset(&syn, 0, sizeof(syn));
		memset(&to, 0, sizeof(to));
		if ((rc = t->tag_get(x->s->be, &x->cid, x->syn[i], &syn)) ==
		    COP_OK && syn.synonym_of)
			rc = t->tag_get(x->s->be, &x->cid, syn.synonym_of, &to);
		if (rc == COP_ENOTFOUND)
			rc = cop__jerr(x, COP_EFORMAT, "tag %s: synonym_of %s is no "
				"tag of the document", x->syn[i], syn.synonym_of);
		else if (rc != COP_OK)
			rc = cop__be_error(x->s, rc, "reading a tag");
		else if (to.synonym_of)
			rc = cop__jerr(x, COP_EFORMAT, "tag %s: synonym_of %s is "
				"itself a synonym", x->syn[i], syn.synonym_of);
		cop_rec_clear(COP_REC_TAG, &syn);
		cop_rec_clear(COP_REC_TAG, &to);
	}
	return rc;
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
	if (v[10].type == COP_VAL_NULL && v[11].type == COP_VAL_NULL &&
	    v[12].type == COP_VAL_NULL && v[13].type == COP_VAL_NULL &&
	    v[14].type == COP_VAL_NULL)
		cop__thread_flags_from_state(&t);
	else if (v[10].type == COP_VAL_NULL || v[11].type == COP_VAL_NULL ||
	    v[12].type == COP_VAL_NULL || v[13].type == COP_VAL_NULL ||
	    v[14].type == COP_VAL_NULL)
		return cop__jerr(x, COP_EFORMAT, "thread: closed, locked, pinned, "
			"hidden and answered go together");
	else {
		t.closed = (int)v[10].i;
		t.locked = (int)v[11].i;
		t.pinned = (int)v[12].i;
		t.hidden = (int)v[13].i;
		t.answered = (int)v[14].i;
		if (t.state != cop__thread_state_of(&t))
			return cop__jerr(x, COP_EFORMAT, "thread: state %s is not "
				"the one its properties give",
				cop_thread_state_name((cop_thread_state)t.state));
	}
	if ((rc = member_in(x, &t.author_id, "thread")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, t.title, "title", 0, 300, 0),
			"thread")) ||
	    (rc = cop__jwrap(x, cop__check_language(x->s, t.language, "language"),
			"thread")) ||
	    (rc = cop__jwrap(x, cop__tags_normalize(x->s, t.tags, &tags), "thread")))
		return rc;
	if (strcmp(tags, t.tags)) {
		cop_free(tags);
		return cop__jerr(x, COP_EFORMAT, "thread: tags are not normalised");
	}
	cop_free(tags);
	if ((rc = x->s->be->insert(x->s->be, COP_REC_THREAD, &t)) != COP_OK)
		return be_fail(x, rc, "thread");
	if ((rc = cop__jsum_add(x, &t.id, &v[15])) != COP_OK)
		return rc;
	cache_add(x, K_THREAD, &t.id);
	x->rep.threads++;
	return COP_OK;
}

/* @p v (an optional text column) is one of a thread's history's values
 * of @p kind: a title, or tags as the library writes them. */
static int change_value_ok(ximp *x, int kind, const cop_val *v)
{
	const char *t = text_of(v);
	char *norm = NULL;
	int rc;

	if (!t)
		return COP_OK;
	if (kind == COP_THREAD_CHANGE_TITLE)
		rc = cop__check_text(x->s, t, "title", 0, 300, 0);
	else if (kind != COP_THREAD_CHANGE_TAGS)
		return -1;                   /* no values for the other kinds */
	else if ((rc = cop__tags_normalize(x->s, t, &norm)) == COP_OK &&
		 strcmp(norm, t))
		rc = -1;
	cop_free(norm);
	return rc == COP_OK || rc == COP_ENOMEM ? rc : -1;
}

/* An entry of a thread's history, added after the thread's last one:
 * its number must be the one the store gives it (the document has each
 * thread's entries in order, from 1).  A store without a history keeps
 * none (as it records none). */
static int put_change(ximp *x, const cop_val *v)
{
	const cop_backend_history *t = COP__FEATURE(x->s, history,
		cop__sql_history);
	cop_thread_change_rec e;
	int rc, number = 0;

	if ((rc = known(x, K_THREAD, &v[0], "thread history entry")) != COP_OK)
		return rc;
	if ((rc = change_value_ok(x, (int)v[2].i, &v[3])) != COP_OK ||
	    (rc = change_value_ok(x, (int)v[2].i, &v[4])) != COP_OK)
		return rc == COP_ENOMEM ? rc : cop__jerr(x, COP_EFORMAT,
			"thread history entry: old_value and new_value are a "
			"title (kind title) or normalised tags (kind tags), null "
			"for the other kinds");
	if ((rc = cop__jwrap(x, cop__check_text(x->s, text_of(&v[7]),
			"comment", 1, 500, 0), "thread history entry")) != COP_OK)
		return rc;
	if (!t)
		return COP_OK;
	vals_rec(COLS(cols_change), v, &e, sizeof(e));
	e.community_id = x->cid;
	if ((rc = t->history_add(x->s->be, &e, &number)) == COP_ENOTSUP)
		return COP_OK;
	if (rc != COP_OK)
		return be_fail(x, rc, "thread history entry");
	if (number != e.number)
		return cop__jerr(x, COP_EFORMAT, "thread history entry: number %d "
			"where %d comes next (a thread's entries go 1, 2, ... in "
			"order)", e.number, number);
	x->rep.history++;
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
		return cop__jerr(x, COP_EFORMAT, "contribution: a reply to or "
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
	c.source_score.set = v[13].type == COP_VAL_INT;
	c.source_score.value = c.source_score.set ? (int)v[13].i : 0;
	c.hidden = v[14].type == COP_VAL_INT ? (int)v[14].i : 0;
	if ((rc = cop__jwrap(x, cop__check_language(x->s, c.language, "language"),
			"contribution")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, c.body, "body", 0, COP_BODY_MAX,
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
	/* Format 1 without editor_id (or a null one): the author.  Format 2
	 * keeps a null one (the system, or nobody known: a deleted user of
	 * a Stack Exchange dump), so its round trip gives the same
	 * document. */
	r.editor_id = cop_id_is_nil(id_of(&v[6])) && x->version < 2 ?
		r.author_id : *id_of(&v[6]);
	r.redacted = v[7].type == COP_VAL_INT ? v[7].i : 0;
	if ((rc = cop__jwrap(x, cop__check_text(x->s, r.body, "body", 0, COP_BODY_MAX,
			COP_BODY_MAX), "revision")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, r.comment, "comment", 1, 500, 0),
			"revision")))
		return rc;
	if ((rc = x->s->be->insert(x->s->be, COP_REC_REVISION, &r)) != COP_OK)
		return be_fail(x, rc, "revision");
	x->rep.revisions++;
	return COP_OK;
}

static int put_link(ximp *x, const cop_val *v)
{
	const cop_backend_links *t;
	cop_link_rec l;
	int rc;

	if ((rc = known(x, K_THREAD, &v[0], "link")) != COP_OK ||
	    (rc = known(x, K_THREAD, &v[1], "link")) != COP_OK)
		return rc;
	if (!memcmp(&v[0].id, &v[1].id, sizeof(cop_id)))
		return cop__jerr(x, COP_EFORMAT, "link: a thread linked to itself");
	if ((rc = COP__FEATURE_GET(x->s, &t, links, cop__sql_links, "link")) !=
	    COP_OK)
		return rc;
	vals_rec(COLS(cols_link), v, &l, sizeof(l));
	l.community_id = x->cid;
	if ((rc = put_done(x, t->link_insert(x->s->be, &l), "link")) == COP_OK)
		x->rep.links++;
	return rc;
}

static int put_vote(ximp *x, const cop_val *v)
{
	const cop_backend_export *t;
	cop_vote_rec r;
	int rc;

	if ((rc = known(x, K_CONTRIB, &v[1], "vote")) != COP_OK)
		return rc;
	if (v[2].type == COP_VAL_ID && same_id(&v[3], &v[2].id))
		return cop__jerr(x, COP_EFORMAT, "vote: a member's vote on their own "
			"contribution");
	if ((rc = COP__EXPORT(x->s, &t)) != COP_OK)
		return rc;
	vals_rec(COLS(cols_vote), v, &r, sizeof(r));
	r.community_id = x->cid;
	if ((rc = put_done(x, t->vote_insert(x->s->be, &r), "vote")) == COP_OK)
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
	if ((rc = cop__jrec_put(x, COP_REC_ACCEPT, p, 8, "accepted answer")) ==
	    COP_OK && v[1].type == COP_VAL_ID && !cop_id_is_nil(&v[1].id))
		x->rep.accepted++;
	return rc;
}

static int put_kudos(ximp *x, const cop_val *v)
{
	cop_val p[7];
	int rc, i;

	if ((rc = known(x, K_CONTRIB, &v[3], "kudos")) != COP_OK ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, v[4].text, "message", 0,
			COP_KUDOS_MAX, 0), "kudos")) != COP_OK)
		return rc;
	if (v[1].type == COP_VAL_ID && same_id(&v[2], &v[1].id))
		return cop__jerr(x, COP_EFORMAT, "kudos: a member's kudos to themselves");
	p[0] = v[0];
	p[1] = cop__v_id(&x->cid);
	for (i = 1; i < 6; i++)
		p[i + 1] = v[i];
	if ((rc = cop__jrec_put(x, COP_REC_KUDOS, p, 7, "kudos")) == COP_OK)
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
	return cop__jrec_put(x, COP_REC_LEDGER, p, 10, "ledger entry");
}

static int put_standing(ximp *x, const cop_val *v)
{
	const cop_backend_export *t;
	cop_standing_rec r;
	int rc = COP__EXPORT(x->s, &t);

	if (rc != COP_OK)
		return rc;
	vals_rec(COLS(cols_standing), v, &r, sizeof(r));
	r.community_id = x->cid;
	return put_done(x, t->standing_insert(x->s->be, &r), "standing");
}

/* A badge without class: badge_class -1 (vals_rec()). */
static int put_badge(ximp *x, const cop_val *v)
{
	const cop_backend_export *t;
	cop_badge_rec r;
	int rc;

	if ((rc = COP__EXPORT(x->s, &t)) != COP_OK)
		return rc;
	vals_rec(COLS(cols_badge), v, &r, sizeof(r));
	r.community_id = x->cid;
	if ((rc = put_done(x, t->badge_insert(x->s->be, &r), "badge")) == COP_OK)
		x->rep.badges++;
	return rc;
}

static int put_source(ximp *x, const cop_val *v)
{
	const cop_backend_sources *t;
	int rc;

	if ((rc = COP__FEATURE_GET(x->s, &t, sources, cop__sql_sources,
			"import-source")) != COP_OK)
		return rc;
	return put_done(x, t->source_insert(x->s->be, &x->cid, (int)v[0].i,
		text_of(&v[1]), &v[2].id), "source id");
}

/* ---- import: the community ----------------------------------------------------------------- */

static const xcol cols_community[] = {
	{ "id", C_ID, 0, 0, 0, COP__JNOF },
	{ "slug", C_TEXT, 0, 1, 64, COP__JNOF },
	{ "name", C_TEXT, 0, 1, 1000, COP__JNOF },
	{ "purpose", C_TEXT, C_NULL, 0, 20000, COP__JNOF },
	{ "language", C_TEXT, 0, 1, 35, COP__JNOF },
	{ "visibility", C_INT, 0, COP_VISIBILITY_PUBLIC,
		COP_VISIBILITY_INVITE_ONLY, COP__JNOFE(en_visibility) },
	{ "created", C_INT, C_TIME, TIME, COP__JNOF },
	{ "recognition", C_TEXT, C_NULL, 0, X_CONFIG_MAX, COP__JNOF },
	{ "erasure", C_INT, C_NULL, COP_ERASE_ANONYMIZE, COP_ERASE_REMOVE,
		COP__JNOFE(en_erasure_policy) },
};

const cop__jsec cop__jcommunity = {
	.name = "community", SEC_COLS(cols_community)
};

int cop__jput_community(ximp *x, json_t *o)
{
	const cop_backend_recognition *t;
	const cop_backend_privacy *pt;
	cop_community_rec c, old;
	cop_val v[9];
	cop_key key;
	int rc;

	if ((rc = cop__jrec_vals(x, "community", COLS(cols_community), o, v)) != COP_OK)
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
	if ((rc = cop__jwrap(x, cop__check_slug(x->s, c.slug), "community")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, c.name, "name", 0, 200, 0),
			"community")) ||
	    (rc = cop__jwrap(x, cop__check_text(x->s, c.purpose, "purpose", 1, 4000,
			0), "community")) ||
	    (rc = cop__jwrap(x, cop__check_language(x->s, c.language, "language"),
			"community")))
		return rc;
	memset(&key, 0, sizeof(key));
	memset(&old, 0, sizeof(old));
	key.id = c.id;
	rc = x->s->be->get(x->s->be, COP_REC_COMMUNITY, &key, &old);
	cop_rec_clear(COP_REC_COMMUNITY, &old);
	if (rc == COP_OK)
		return cop__jerr(x, COP_EEXISTS, "community: the community (id %s) is "
			"already in the store", json_string_value(json_object_get(o,
			"id")));
	if (rc != COP_ENOTFOUND)
		return cop__be_error(x->s, rc, "reading a community");
	rc = x->s->be->insert(x->s->be, COP_REC_COMMUNITY, &c);
	if (rc == COP_EEXISTS)
		return cop__jerr(x, COP_EEXISTS, "community: slug '%s' is taken", c.slug);
	if (rc != COP_OK)
		return cop__be_error(x->s, rc, "adding the community");
	x->cid = c.id;
	if (v[7].type == COP_VAL_TEXT &&
	    (rc = COP__FEATURE_GET(x->s, &t, recognition, cop__sql_recognition,
			"recognition")) == COP_OK &&
	    (rc = t->config_put(x->s->be, &c.id, v[7].text)) != COP_OK)
		rc = be_fail(x, rc, "community");
	if (rc != COP_OK)
		return rc;
	if (v[8].type == COP_VAL_INT) {
		if ((rc = COP__FEATURE_GET(x->s, &pt, privacy, cop__sql_privacy,
				"member data")) != COP_OK)
			return rc;
		if ((rc = pt->policy_put(x->s->be, &c.id, (int)v[8].i)) != COP_OK)
			return be_fail(x, rc, "community");
	}
	return COP_OK;
}

/*
 * One record's writes are a level of their own: a backend that sends
 * writes later (PostgreSQL, with the next read) reports a failed one when
 * the level closes, so the error names this record and its line, not a
 * later one.
 */
int cop__jput_record(ximp *x, const xsec *sec, const cop_val *v)
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
