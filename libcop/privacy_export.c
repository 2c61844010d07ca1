/*
 * privacy_export.c: the export of everything the store holds about one
 * member (docs/privacy.md).
 *
 * The export is one JSON object written piece by piece: the profile,
 * then one array per kind of record, each record dumped by jansson with
 * sorted keys on a line of its own.  Records come from keyset pages of
 * the export interface's scans of the member (cop_backend_export),
 * written by the exporter the community export uses too (jsonout.c) from
 * the tables below, so memory stays bounded whatever the member wrote.
 */
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "internal.h"
#include "jsonout.h"
#include "mail_int.h"
#include "privacy_self.h"
#include "visibility.h"

#define P_PAGE 500                  /* rows per scan */
#define P_PAGE_CONTRIBS 50          /* contributions (bodies) per scan */

/* ---- small helpers ------------------------------------------------------------ */

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

static json_t *j_name(const char *name, int64_t v)
{
	return name ? json_string(name) : json_integer(v);
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

/* Set o[name] to @p v (consumed). */
#define set(x, o, name, v) cop__jset((x)->s, (o), (name), (v), NULL)

/* ---- the sections: hooks ----------------------------------------------------------- */

/* Set o[n1] to @p v1 and o[n2] to @p v2 (both consumed). */
static int set2(cop__jexp *x, json_t *o, const char *n1, json_t *v1,
	const char *n2, json_t *v2)
{
	int rc = set(x, o, n1, v1);

	if (rc != COP_OK) {
		json_decref(v2);
		return rc;
	}
	return set(x, o, n2, v2);
}

static int fix_membership(cop__jexp *x, const cop_row *r, json_t *o)
{
	return set2(x, o, "role", j_name(cop_role_name(
		(cop_role)c_int(r, 2)), c_int(r, 2)), "status",
		j_name(cop_membership_status_name(
		(cop_membership_status)c_int(r, 3)), c_int(r, 3)));
}

static int fix_contrib(cop__jexp *x, const cop_row *r, json_t *o)
{
	int rc = set(x, o, "kind", j_name(cop_contribution_kind_name(
		(cop_contribution_kind)c_int(r, 3)), c_int(r, 3)));
	if (rc == COP_OK)
		rc = set(x, o, "format", j_name(cop_body_format_name(
			(cop_body_format)c_int(r, 7)), c_int(r, 7)));
	return rc;
}

static int fix_vote(cop__jexp *x, const cop_row *r, json_t *o)
{
	int64_t k = c_int(r, 3);
	return set(x, o, "kind", k < 0 ? json_string("retracted") :
		j_name(cop_vote_kind_name((cop_vote_kind)k), k));
}

static int keep_given(cop__jexp *x, const cop_row *r)
{
	return r->ncols > 2 && r->col[2].type == COP_VAL_ID &&
		same_id(&r->col[2].id, &x->scope);
}

static int keep_received(cop__jexp *x, const cop_row *r)
{
	return r->ncols > 3 && r->col[3].type == COP_VAL_ID &&
		same_id(&r->col[3].id, &x->scope);
}

/*
 * Communities the member has left (or was banned from: no membership
 * that sees them): there the export holds their own records as they
 * made them and their own totals, never another member's id or text.
 * 1 for such a community, 0 for one they are in; *rc a backend error.
 */
static int former(cop__jexp *x, const cop_id *community, int *rc)
{
	cop_membership_rec m;
	cop_key key;
	int r, gone;

	*rc = COP_OK;
	memset(&key, 0, sizeof(key));
	key.id = *community;
	key.id2 = x->scope;
	memset(&m, 0, sizeof(m));
	r = x->s->be->get(x->s->be, COP_REC_MEMBERSHIP, &key, &m);
	if (r == COP_ENOTFOUND)
		return 1;
	if (r != COP_OK) {
		*rc = cop__be_error(x->s, r, "reading a membership");
		return 0;
	}
	gone = !cop__sees_community(COP_VISIBILITY_PRIVATE, 1, m.status);
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	return gone;
}

/* A kudos of a community the member left: the other member's id (and,
 * received, their message) are not theirs to take. */
static int fix_kudos(cop__jexp *x, const cop_row *r, json_t *o, int given)
{
	int rc = COP_OK;

	if (r->ncols < 6 || r->col[1].type != COP_VAL_ID ||
	    !former(x, &r->col[1].id, &rc))
		return rc;
	if (given)
		return set(x, o, "to_id", json_null());
	return set2(x, o, "from_id", json_null(), "message", json_null());
}

static int fix_given(cop__jexp *x, const cop_row *r, json_t *o)
{
	return fix_kudos(x, r, o, 1);
}

static int fix_received(cop__jexp *x, const cop_row *r, json_t *o)
{
	return fix_kudos(x, r, o, 0);
}

/* Who caused an entry (a voter, an acceptor) is another member's id: the
 * export names only the member themself there, null for anyone else. */
static int fix_ledger(cop__jexp *x, const cop_row *r, json_t *o)
{
	int rc = set(x, o, "reason", j_name(cop_rep_reason_name(
		(cop_rep_reason)c_int(r, 4)), c_int(r, 4)));

	if (rc == COP_OK && r->ncols > 6 && r->col[6].type == COP_VAL_ID &&
	    !same_id(&r->col[6].id, &x->scope))
		rc = set(x, o, "actor_id", json_null());
	return rc;
}

static int fix_badge(cop__jexp *x, const cop_row *r, json_t *o)
{
	int64_t b = c_int(r, 2);
	int cls = c_null(r, 6) ? cop_badge_class_of((cop_badge)b) :
		(int)c_int(r, 6);
	const char *name = c_text(r, 5);
	int rc;

	if (!name)
		name = cop_badge_name((cop_badge)b);
	rc = set(x, o, "name", name ? json_string(name) : json_null());
	if (rc == COP_OK)
		rc = set(x, o, "class", j_name(cop_badge_class_name(
			(cop_badge_class)cls), cls));
	return rc;
}

/* The month as "YYYY-MM" and the minutes as hours too. */
static int fix_hours(cop__jexp *x, const cop_row *r, json_t *o)
{
	int64_t month = c_int(r, 1);
	char buf[16];

	snprintf(buf, sizeof(buf), "%04d-%02d", (int)(month / 100 % 10000),
		(int)(month % 100));
	return set2(x, o, "month", json_string(buf), "hours",
		json_real((double)c_int(r, 2) / 60));
}

static int fix_rsvp(cop__jexp *x, const cop_row *r, json_t *o)
{
	int64_t a = c_int(r, 2);

	return set2(x, o, "answer", a < 0 ? json_null() :
		j_name(cop_rsvp_name((cop_rsvp)a), a), "attendance",
		j_name(cop_attendance_name((cop_attendance)c_int(r, 5)),
		c_int(r, 5)));
}

static int fix_follow(cop__jexp *x, const cop_row *r, json_t *o)
{
	return set2(x, o, "kind", j_name(cop_follow_kind_name(
		(cop_follow_kind)c_int(r, 1)), c_int(r, 1)), "level",
		j_name(cop_follow_level_name((cop_follow_level)c_int(r, 5)),
		c_int(r, 5)));
}

/* An entry of a thread's history the member made: its kind by name;
 * in a community they left, the value before (another's words, as
 * likely as theirs) is null. */
static int fix_change(cop__jexp *x, const cop_row *r, json_t *o)
{
	int rc = set(x, o, "kind", j_name(cop_thread_change_kind_name(
		(cop_thread_change_kind)c_int(r, 3)), c_int(r, 3)));

	if (rc == COP_OK && !c_null(r, 4) && r->col[2].type == COP_VAL_ID &&
	    former(x, &r->col[2].id, &rc))
		rc = set(x, o, "old_value", json_null());
	return rc;
}

static int fix_profile(cop__jexp *x, const cop_row *r, json_t *o)
{
	int64_t st = c_int(r, 5);
	return set(x, o, "status", j_name(cop_member_status_name(
		(cop_member_status)st), st));
}

static int add_own(cop__jexp *x, json_t *o);

/* ---- the sections: columns ----------------------------------------------------------- */

/* The columns each scan returns, by name and type (export needs the
 * key columns' types; ranges are import's, json_sections.c).  A NULL
 * name leaves the column to a hook. */
/* A column: the field M of the table's record type R under its own
 * name, or under the name N. */
#define P_ID(m) { #m, C_ID, 0, 0, 0, COP__JF(R, m) }
#define P_INT(m) { #m, C_INT, 0, 0, 0, COP__JF(R, m) }
#define P_TEXT(m) { #m, C_TEXT, 0, 0, 0, COP__JF(R, m) }
#define P_AS(n, t, m) { n, t, 0, 0, 0, COP__JF(R, m) }
/* The profile's row is written by hand (write_profile()). */
static const xcol cols_profile[] = {
	{ "id", C_ID, 0, 0, 0, COP__JNOF },
	{ "handle", C_TEXT, 0, 0, 0, COP__JNOF },
	{ "display_name", C_TEXT, 0, 0, 0, COP__JNOF },
	{ "organisation", C_TEXT, 0, 0, 0, COP__JNOF },
	{ "languages", C_TEXT, 0, 0, 0, COP__JNOF },
	{ NULL, C_INT, 0, 0, 0, COP__JNOF },
	{ "created", C_INT, 0, 0, 0, COP__JNOF },
};
#define R cop_membership_rec
static const xcol cols_membership[] = { P_ID(community_id),
	P_AS("community", C_TEXT, community_slug), P_INT(role), P_INT(status),
	P_INT(joined), P_INT(pledged_hours) };
#undef R
#define R cop_contribution_rec
static const xcol cols_contrib[] = { P_ID(id), P_ID(community_id),
	P_ID(thread_id), P_INT(kind), P_ID(reply_to), P_ID(translation_of),
	P_TEXT(language), P_INT(format), P_INT(created), P_INT(edited),
	P_INT(revision), P_INT(score), P_AS("title", C_TEXT, thread_title),
	P_TEXT(body) };
#undef R
#define R cop_revision_rec
static const xcol cols_revision[] = { P_INT(number), P_ID(author_id),
	P_TEXT(comment), P_INT(created), P_TEXT(body), P_ID(editor_id) };
#undef R
#define R cop_vote_rec
static const xcol cols_vote[] = { P_ID(id), P_ID(community_id),
	P_ID(contribution_id), P_INT(kind),
	P_AS("reputation_cost", C_INT, rep_voter), P_INT(created),
	P_INT(changed) };
#undef R
#define R cop_kudos_rec
static const xcol cols_kudos[] = { P_ID(id), P_ID(community_id),
	P_ID(from_id), P_ID(to_id), P_ID(contribution_id), P_TEXT(message),
	P_INT(created) };
#undef R
#define R cop_ledger_rec
static const xcol cols_ledger[] = { P_ID(id), P_ID(community_id),
	P_INT(points), P_INT(nominal), P_INT(reason), P_ID(object_id),
	P_ID(actor_id), P_INT(time), P_TEXT(tags) };
#undef R
#define R cop_standing_rec
static const xcol cols_standing[] = { P_ID(community_id), P_INT(reputation),
	P_AS("trust_level", C_INT, trust), P_INT(trust_manual),
	P_INT(days_active), P_INT(posts), P_INT(likes_given),
	P_INT(likes_received), P_INT(kudos_received), P_INT(accepted),
	P_INT(posts_read) };
#undef R
/* The name and class are the hook's; the class is null when below 0. */
#define R cop_badge_rec
static const xcol cols_badge[] = { P_ID(id), P_ID(community_id),
	P_INT(badge), P_ID(object_id), P_INT(awarded),
	P_AS(NULL, C_TEXT, name),
	{ NULL, C_INT, C_NULL, 0, 0, COP__JF(R, badge_class) } };
#undef R

#define R cop_hours_rec
static const xcol cols_hours[] = { P_ID(community_id), P_INT(month),
	P_INT(minutes), P_TEXT(note), P_ID(reporter_id), P_INT(changed) };
#undef R
#define R cop_rsvp_rec
static const xcol cols_rsvp[] = { P_ID(event_id), P_ID(community_id),
	P_INT(answer), P_INT(waiting), P_INT(answered), P_INT(attendance),
	P_INT(recorded) };
#undef R
#define R cop_follow_rec
static const xcol cols_follow[] = { P_ID(id), P_INT(kind), P_ID(target_id),
	P_ID(community_id), P_TEXT(tag), P_INT(level), P_INT(created) };
#undef R
#define R cop_thread_change_rec
static const xcol cols_change[] = { P_ID(thread_id), P_INT(number),
	P_ID(community_id), P_INT(kind), P_TEXT(old_value), P_TEXT(new_value),
	P_INT(created), P_TEXT(comment) };
#undef R

#define COLS(c) .cols = c, .ncols = (int)(sizeof(c) / sizeof((c)[0]))
/* A scan of the member's records of kind K (scan method M), keyed by
 * its first column, an id. */
#define SCAN(nm, m, k, pg) .name = nm, .scan = COP__JSCAN(m), \
	.by = COP_EXPORT_BY_MEMBER, .rec = k, .page = pg, .nkeys = 1, \
	.key = { 0 }

static const cop__jsec profile = {
	.name = "member", COLS(cols_profile), .fix = fix_profile
};
/* A contribution's earlier bodies, keyed by number. */
static const cop__jsec revisions = {
	.name = "revisions", .scan = COP__JSCAN(scan_revisions),
	.by = COP_EXPORT_BY_CONTRIBUTION, .rec = COP_REC_REVISION,
	.page = P_PAGE, .nkeys = 1, .key = { 0 }, COLS(cols_revision)
};

static const cop__jsec sections[] = {
	{ SCAN("memberships", scan_memberships, COP_REC_MEMBERSHIP, P_PAGE),
	  COLS(cols_membership), .fix = fix_membership },
	{ SCAN("contributions", scan_contributions, COP_REC_CONTRIBUTION,
	  P_PAGE_CONTRIBS), COLS(cols_contrib), .fix = fix_contrib,
	  .post = add_own },
	{ SCAN("votes", scan_votes, COP_REC_VOTE, P_PAGE), COLS(cols_vote),
	  .fix = fix_vote },
	{ SCAN("kudos_given", scan_kudos, COP_REC_KUDOS, P_PAGE),
	  COLS(cols_kudos), .keep = keep_given, .fix = fix_given },
	{ SCAN("kudos_received", scan_kudos, COP_REC_KUDOS, P_PAGE),
	  COLS(cols_kudos), .keep = keep_received, .fix = fix_received },
	{ SCAN("ledger", scan_ledger, COP_REC_LEDGER, P_PAGE),
	  COLS(cols_ledger), .fix = fix_ledger },
	{ SCAN("standings", scan_standings, COP_REC_STANDING, P_PAGE),
	  COLS(cols_standing) },
	{ SCAN("badges", scan_badges, COP_REC_BADGE, P_PAGE), COLS(cols_badge),
	  .fix = fix_badge },
	/* The records of interface version 7 (export table version 2). */
	{ .name = "hours", .scan = COP__JSCAN(scan_hours),
	  .by = COP_EXPORT_BY_MEMBER, .rec = COP_REC_HOURS, .page = P_PAGE,
	  .nkeys = 2, .key = { 0, 1 }, COLS(cols_hours), .fix = fix_hours,
	  .version = 2 },
	{ SCAN("rsvps", scan_rsvps, COP_REC_RSVP, P_PAGE), COLS(cols_rsvp),
	  .fix = fix_rsvp, .version = 2 },
	{ SCAN("follows", scan_follows, COP_REC_FOLLOW, P_PAGE),
	  COLS(cols_follow), .fix = fix_follow, .version = 2 },
	/* What the member did to threads they still see (export table
	 * version 4), by thread and number. */
	{ .name = "thread_history", .scan = COP__JSCAN(scan_history),
	  .by = COP_EXPORT_BY_MEMBER, .rec = COP_REC_THREAD_CHANGE,
	  .page = P_PAGE, .nkeys = 2, .key = { 0, 1 }, COLS(cols_change),
	  .fix = fix_change, .version = 4 },
};

/* Whether the text id @p id (a JSON string, or null: the system, or
 * nobody known) names the member.  A revision's editor means the same
 * whether the API or an import wrote it (docs/import.md, "Who made each
 * revision"): null is never the member. */
static int is_member(cop__jexp *x, json_t *id)
{
	cop_id v;

	return json_is_string(id) && cop_id_parse(&v,
		json_string_value(id)) == COP_OK && same_id(&v, &x->scope);
}

/*
 * A contribution of a community the member left (@p arr its revisions,
 * oldest first): only the bodies they wrote.  Revision n's body was
 * written by whoever replaced revision n - 1 (its editor_id), the first
 * by the author; the current body by the last revision's editor.  The
 * revisions others wrote go, an editor who is someone else and their
 * comment are null, and when the current body is someone else's, the
 * contribution shows the member's last body (its number and time).
 */
static int own_revisions(cop__jexp *x, json_t *o, json_t *arr)
{
	json_t *kept = json_array(), *last = NULL;
	size_t i, n = json_array_size(arr);
	int mine = 1, rc = COP_OK;   /* the first body is the author's */

	if (!kept)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	for (i = 0; i < n && rc == COP_OK; i++) {
		json_t *r = json_array_get(arr, i);
		int next = is_member(x, json_object_get(r, "editor_id"));
		if (mine) {
			if (!next)
				rc = set2(x, r, "editor_id", json_null(),
					"comment", json_null());
			if (rc == COP_OK && json_array_append(kept, r))
				rc = cop__error(x->s, COP_ENOMEM, "out of memory");
			last = r;
		}
		mine = next;
	}
	if (rc == COP_OK && !mine && last) {
		/* The current body is another's: the member's last one. */
		rc = set2(x, o, "body", json_incref(json_object_get(last,
			"body")), "revision", json_incref(json_object_get(last,
			"number")));
		if (rc == COP_OK)
			rc = set(x, o, "edited", json_incref(json_object_get(
				last, "created")));
		if (rc == COP_OK && json_array_size(kept))
			json_array_remove(kept, json_array_size(kept) - 1);
	}
	if (rc != COP_OK) {
		json_decref(kept);
		return rc;
	}
	return set(x, o, "revisions", kept);
}

/* A contribution's earlier bodies, as an array set on @p o, read once
 * the page of contributions is closed; only the member's own in a
 * community they left (@p gone: own_revisions()). */
static int add_revisions(cop__jexp *x, json_t *o, int gone)
{
	cop__jexp sub = *x;
	json_t *arr;
	int rc;

	if (json_integer_value(json_object_get(o, "revision")) <= 1)
		return set(x, o, "revisions", json_array());
	if (cop_id_parse(&sub.scope, json_string_value(json_object_get(o,
			"id"))) != COP_OK)
		return cop__error(x->s, COP_ECORRUPT, "a contribution without id");
	if (!(arr = json_array()) || json_object_set_new(o, "revisions", arr))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	sub.what = "reading revisions";
	if ((rc = cop__jout_section(&sub, &revisions, arr)) != COP_OK || !gone)
		return rc;
	return own_revisions(x, o, arr);
}

/*
 * A thread's title as the member last set it, into o["title"], for their
 * first post in a community they left: a title another member gave the
 * thread is not theirs to take.  From the thread's history: the new
 * value of the member's last title entry, else the old value of the
 * first (the title the thread was made with, by its author, who wrote
 * this first post); the current title when the title never changed or
 * the backend keeps no history.
 */
static int own_title(cop__jexp *x, const cop_id *thread, json_t *o)
{
	cop__history_values v;
	const char *t;
	int rc = cop__thread_history_values(x->s, thread,
		COP_THREAD_CHANGE_TITLE, &x->scope, &v);

	if (rc == COP_ENOTSUP)
		return COP_OK;
	if (rc != COP_OK || !v.n)
		return rc;
	t = v.by_actor ? v.actor_new : v.first_old;
	rc = set(x, o, "title", t ? json_string(t) : json_null());
	cop__history_values_clear(&v);
	return rc;
}

/* What a page of contributions adds once it is closed: each one's
 * earlier bodies (add_revisions()) and, for a first post in a community
 * the member left, the title as they last set it (own_title()); whether
 * they left it read once, when either needs it. */
static int add_own(cop__jexp *x, json_t *o)
{
	json_t *title = json_object_get(o, "title");
	cop_id cid, tid;
	int rc = COP_OK, gone = 0;

	if (json_integer_value(json_object_get(o, "revision")) > 1 ||
	    json_is_string(title)) {
		if (cop_id_parse(&cid, json_string_value(json_object_get(o,
				"community_id"))) != COP_OK)
			return cop__error(x->s, COP_ECORRUPT,
				"a contribution without its community");
		if (!(gone = former(x, &cid, &rc)) && rc != COP_OK)
			return rc;
	}
	if ((rc = add_revisions(x, o, gone)) != COP_OK || !gone ||
	    !json_is_string(title))
		return rc;
	if (cop_id_parse(&tid, json_string_value(json_object_get(o,
			"thread_id"))) != COP_OK)
		return cop__error(x->s, COP_ECORRUPT,
			"a contribution without its thread");
	return own_title(x, &tid, o);
}

/* ---- the export --------------------------------------------------------------------------- */

/* The member's mail addresses (mail.h), by address: a handful, read at
 * once. */
static int write_emails(cop__jexp *x)
{
	cop_email_list *l = NULL;
	size_t i, n;
	int rc = cop__mail_emails(x->s, &x->scope, &l);

	if (rc == COP_OK)
		rc = cop__jout_str(x->o, ",\n\"emails\":[");
	n = cop_email_list_count(l);
	for (i = 0; rc == COP_OK && i < n; i++) {
		rc = cop__jout_str(x->o, i ? ",\n" : "\n");
		if (rc == COP_OK)
			rc = cop__jout_json(x->o, json_pack("{s:s,s:b,s:b,s:I}",
				"address", cop_email_list_address(l, i),
				"primary", cop_email_list_primary(l, i),
				"verified", cop_email_list_verified(l, i),
				"created", (json_int_t)cop_email_list_created(l, i)));
	}
	if (rc == COP_OK)
		rc = cop__jout_str(x->o, n ? "\n]" : "]");
	cop_email_list_free(l);
	return rc;
}

/* The member's own record. */
static int write_profile(cop__jexp *x, const cop_member_rec *m)
{
	const char *org = m->organisation && *m->organisation ?
		m->organisation : NULL;
	const char *langs = m->languages && *m->languages ? m->languages : NULL;
	cop_row r = { 7, { cop__v_id(&m->id), cop__v_text(m->handle),
		cop__v_text(m->display_name), cop__v_text(org),
		cop__v_text(langs), cop__v_int(m->status),
		cop__v_int(m->created) } };

	return cop__jout_record(x, &profile, &r);
}

int cop_member_export_json(cop_store *s, const char *member, int fd)
{
	cop_member_rec m;
	char head[128];
	cop__jout o;
	cop__jexp x;
	size_t i;
	int rc;

	if ((rc = cop__jout_check(s, fd)) != COP_OK)
		return rc;
	if ((rc = cop__member_self(s, member, &m, "export")) != COP_OK) {
		cop_rec_clear(COP_REC_MEMBER, &m);
		return rc;
	}
	snprintf(head, sizeof(head), "{\"format\":\"libcop-member\","
		"\"version\":1,\"exported\":%lld", (long long)cop__now(s));
	rc = cop__jout_begin(&x, &o, s, fd, head);
	x.scope = m.id;
	if (rc == COP_OK)
		rc = write_profile(&x, &m);
	for (i = 0; rc == COP_OK && i < sizeof(sections) / sizeof(sections[0]);
	     i++)
		rc = cop__jout_section(&x, &sections[i], NULL);
	if (rc == COP_OK)
		rc = write_emails(&x);
	cop_rec_clear(COP_REC_MEMBER, &m);
	return cop__jout_end(&x, rc, "\n}\n");
}
