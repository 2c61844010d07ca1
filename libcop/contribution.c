/*
 * contribution.c: posts, replies, answers, comments, resources, summaries,
 * and their revision history.
 */
#include <string.h>

#include "internal.h"

static const char *const kind_names[] = {
	"post", "reply", "answer", "comment", "resource", "summary"
};

static const char *const format_names[] = { "markdown", "html" };

COP__ENUM_NAMES(cop_contribution_kind, cop_contribution_kind, kind_names)
COP__ENUM_NAMES(cop_body_format, cop_body_format, format_names)

/* ---- helpers ----------------------------------------------------------------- */

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

/* Load a contribution by id; COP_ENOTFOUND ("no such contribution"). */
static int contribution_load(cop_store *s, const cop_id *id,
	cop_contribution_rec *out)
{
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	key.id = *id;
	rc = cop__rec_get(s, COP_REC_CONTRIBUTION, &key, out);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "contribution");
	return rc;
}

/* Load a contribution the actor may see (its thread visible). */
static int contribution_load_visible(cop_store *s, const cop_id *id,
	const char *text, cop_contribution_rec *out, cop_thread_rec *thread,
	cop__access *acc)
{
	cop_thread_rec t;
	cop__access a;
	int rc;

	if ((rc = contribution_load(s, id, out)) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, &out->thread_id, &t, &a);
	if (rc == COP_ENOTFOUND)   /* in a thread the actor does not see */
		rc = cop__missing(s, "contribution");
	else if (rc == COP_OK)   /* hidden contributions (moderation.h) */
		rc = cop__contribution_check(s, text, out, &a);
	if (rc != COP_OK) {
		cop_rec_clear(COP_REC_THREAD, &t);
		cop_rec_clear(COP_REC_CONTRIBUTION, out);
		return rc;
	}
	if (thread)
		*thread = t;
	else
		cop_rec_clear(COP_REC_THREAD, &t);
	if (acc)
		*acc = a;
	return COP_OK;
}

/* Check a reply_to / translation_of reference (@p what): one the actor
 * sees (else refused as missing, like an unknown id), in the same thread;
 * its author into *author when @p author is not NULL. */
static int check_ref(cop_store *s, const cop_id *ref, const char *what,
	const char *text, const cop_id *tid, cop_id *author)
{
	cop_contribution_rec r;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = contribution_load_visible(s, ref, text, &r, NULL, NULL);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "no such contribution (%s)", what);
	if (rc != COP_OK)
		return rc;
	if (!same_id(&r.thread_id, tid))
		rc = cop__error(s, COP_EINVAL,
			"the %s contribution is not in this thread", what);
	if (author)
		*author = r.author_id;
	cop_rec_clear(COP_REC_CONTRIBUTION, &r);
	return rc;
}

/* ---- contributions ------------------------------------------------------------- */

int cop__contribution_add(cop_store *s, cop_thread_rec *t,
	cop_contribution_rec *c, int kind, const char *language,
	const char *body, const cop_id *replied)
{
	const cop_id *actor = cop__actor(s);
	int rc;

	if ((rc = cop__id_new_now(s, &c->id, &c->created)) != COP_OK)
		return rc;
	c->thread_id = t->id;
	c->community_id = t->community_id;
	if (actor)
		c->author_id = *actor;
	c->kind = kind;
	c->language = language ? (char *)language : t->language;
	c->body = (char *)body;
	c->format = COP_FORMAT_MARKDOWN;
	c->edited = 0;
	c->revision = 1;
	c->score = 0;
	if ((rc = cop__rec_insert(s, COP_REC_CONTRIBUTION, c,
			"creating a contribution", NULL, NULL)) != COP_OK)
		return rc;
	if (c->created > t->last_activity)
		t->last_activity = c->created;
	t->contribution_count++;
	/* Someone other than its author: what the facilitator's queue reads
	 * a question by (facilitation.h). */
	if (!same_id(actor ? actor : &cop__nil_id, &t->author_id)) {
		t->replied = 1;
		if (kind == COP_CONTRIB_ANSWER)
			t->has_answer = 1;
	}
	if ((rc = cop__rec_update(s, COP_REC_THREAD, t,
			"updating the thread")) != COP_OK ||
	    (rc = cop__recognition_contribution(s, c, t)) != COP_OK ||
	    (rc = cop__notify_contribution(s, c, t, replied ? replied :
			&t->author_id, 0)) != COP_OK)
		return rc;
	return cop__log(s, "contribution.create", &c->id, &c->community_id);
}

int cop__contribution_revise(cop_store *s, const cop_contribution_rec *c,
	const char *body, const char *comment, cop_contribution_rec *upd)
{
	cop_revision_rec rev = {
		.contribution_id = c->id, .community_id = c->community_id,
		.number = c->revision, .author_id = c->author_id, .body = c->body,
		.comment = comment && *comment ? (char *)comment : NULL,
		.created = c->edited ? c->edited : c->created
	};
	const cop_id *actor = cop__actor(s);
	int rc;

	/* Who made this edit: the author, a moderator, the system (nil). */
	if (actor)
		rev.editor_id = *actor;
	if ((rc = cop__rec_insert(s, COP_REC_REVISION, &rev,
			"saving the revision", NULL, NULL)) != COP_OK)
		return rc;
	*upd = *c;
	upd->body = (char *)body;
	upd->edited = cop__now(s);
	upd->revision = c->revision + 1;
	if ((rc = cop__rec_update(s, COP_REC_CONTRIBUTION, upd,
			"updating a contribution")) != COP_OK)
		return rc;
	return cop__log(s, "contribution.edit", &c->id, &c->community_id);
}

int cop_contribution_create(cop_contribution **out, cop_store *s,
	const char *thread_id, cop_contribution_kind kind,
	const char *reply_to, const char *translation_of,
	const char *language, const char *body)
{
	cop_thread_rec t;
	cop_contribution_rec c;
	cop__access acc;
	cop_id tid, rid, xid, replied;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	memset(&rid, 0, sizeof(rid));
	memset(&xid, 0, sizeof(xid));
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	if ((int)kind < COP_CONTRIB_POST || (int)kind > COP_CONTRIB_SUMMARY)
		return cop__error(s, COP_EINVAL, "invalid contribution kind %d",
			(int)kind);
	if (kind == COP_CONTRIB_POST)
		return cop__error(s, COP_EINVAL, "kind post is only for the "
			"first contribution of a thread");
	if (reply_to && (rc = cop__id_arg(s, &rid, reply_to, "reply_to"))
			!= COP_OK)
		return rc;
	if (kind == COP_CONTRIB_COMMENT && !reply_to)
		return cop__error(s, COP_EINVAL, "a comment needs reply_to");
	if (translation_of && (rc = cop__id_arg(s, &xid, translation_of,
			"translation_of")) != COP_OK)
		return rc;
	if (language && (rc = cop__check_language(s, language, "language"))
			!= COP_OK)
		return rc;
	if ((rc = cop__check_text(s, body, "body", 0, COP_BODY_MAX,
			COP_BODY_MAX)) != COP_OK)
		return rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	memset(&c, 0, sizeof(c));
	rc = cop__thread_load(s, &tid, &t, &acc);
	if (rc == COP_OK && !acc.system && !acc.can_post)
		rc = cop__error(s, COP_EPERM, "only active members of the "
			"community may contribute (not silenced or banned)");
	if (rc == COP_OK && t.closed)
		rc = cop__error(s, COP_EPERM, "the thread is closed");
	if (rc == COP_OK && t.locked && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "the thread is locked");
	if (rc == COP_OK && kind == COP_CONTRIB_ANSWER &&
	    t.kind != COP_THREAD_QUESTION)
		rc = cop__error(s, COP_EINVAL,
			"answers are only for question threads");
	if (rc == COP_OK && kind == COP_CONTRIB_SUMMARY && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM,
			"only facilitators and owners may write summaries");
	/* Who is replied to: reply_to's author, else the thread's. */
	replied = t.author_id;
	if (rc == COP_OK && reply_to)
		rc = check_ref(s, &rid, "reply_to", reply_to, &tid, &replied);
	if (rc == COP_OK && translation_of)
		rc = check_ref(s, &xid, "translation_of", translation_of, &tid,
			NULL);
	if (rc == COP_OK) {
		if (reply_to)
			c.reply_to = rid;
		if (translation_of)
			c.translation_of = xid;
		rc = cop__contribution_add(s, &t, &c, kind, language, body,
			&replied);
	}
	rc = cop__write_end_out(s, rc, COP_REC_CONTRIBUTION, &c, out);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc;
}

int cop_contribution_edit(cop_contribution **out, cop_store *s,
	const char *contribution_id, const char *body, const char *comment)
{
	cop_contribution_rec c, upd;
	cop__access acc;
	const cop_id *actor;
	cop_id cid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__id_arg(s, &cid, contribution_id, "contribution"))
			!= COP_OK)
		return rc;
	if ((rc = cop__check_text(s, body, "body", 0, COP_BODY_MAX,
			COP_BODY_MAX)) != COP_OK)
		return rc;
	if ((rc = cop__check_text(s, comment, "comment", 1, 500, 0)) != COP_OK)
		return rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&upd, 0, sizeof(upd));
	actor = cop__actor(s);
	rc = contribution_load_visible(s, &cid, contribution_id, &c, NULL,
		&acc);
	if (rc == COP_OK && !acc.system) {
		int others = 0;
		/* Others' contributions: with the edit-others privilege
		 * (a trust level), or as a moderator (facilitators, owners,
		 * the moderate privilege). */
		if ((!actor || !same_id(actor, &c.author_id)) && acc.can_post)
			rc = cop__recognition_allows(s, &c.community_id, &acc,
				COP_PRIV_EDIT_OTHERS, &others);
		if (rc == COP_OK && !others &&
		    (!actor || !same_id(actor, &c.author_id)) && acc.can_post)
			rc = cop__recognition_allows(s, &c.community_id, &acc,
				COP_PRIV_MODERATE, &others);
		if (rc != COP_OK)
			;
		else if ((!actor || !same_id(actor, &c.author_id)) && !others)
			rc = cop__error(s, COP_EPERM, "only its author, moderators "
				"or members with the edit-others privilege may edit "
				"a contribution");
		else if (!acc.can_post)
			rc = cop__error(s, COP_EPERM, "only active members of "
				"the community may edit (not silenced or banned)");
	}
	if (rc == COP_OK)
		rc = cop__contribution_revise(s, &c, body, comment, &upd);
	rc = cop__write_end_out(s, rc, COP_REC_CONTRIBUTION, &upd, out);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	return rc;
}

int cop_contribution_lookup(cop_contribution **out, cop_store *s,
	const char *contribution_id)
{
	cop_contribution_rec c;
	cop_id cid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &cid, contribution_id, "contribution"))
			!= COP_OK)
		return rc;
	rc = contribution_load_visible(s, &cid, contribution_id, &c, NULL,
		NULL);
	*out = cop__wrap_result(s, &rc, COP_REC_CONTRIBUTION, &c);
	return rc;
}
COP__ALIAS(cop_contribution_get, cop_contribution_lookup);

COP__FREE_FN(cop_contribution)
COP__GETTER_ID(cop_contribution, id)
COP__GETTER_ID(cop_contribution, thread_id)
COP__GETTER_ID(cop_contribution, community_id)
COP__GETTER_ID(cop_contribution, author_id)
COP__GETTER_GET(cop_contribution, kind,
	cop_contribution_kind, COP_CONTRIB_POST)
COP__GETTER_ID(cop_contribution, reply_to)
COP__GETTER_ID(cop_contribution, translation_of)
COP__GETTER_TEXT(cop_contribution, language)
COP__GETTER_TEXT(cop_contribution, body)
COP__GETTER(cop_contribution, format, cop_body_format, COP_FORMAT_MARKDOWN)
COP__GETTER(cop_contribution, created, cop_time, 0)
COP__GETTER(cop_contribution, edited, cop_time, 0)
COP__GETTER(cop_contribution, revision, int, 0)
COP__GETTER(cop_contribution, score, int, 0)
COP__GETTER(cop_contribution, hidden, int, 0)
COP__GETTER_FN(cop_contribution_has_source_score, cop_contribution, int,
	o->r.source_score.set, 0)
COP__GETTER_FN(cop_contribution_source_score, cop_contribution, int,
	o->r.source_score.set ? o->r.source_score.value : 0, 0)

/* ---- iterators ------------------------------------------------------------------- */

int cop_contribution_iter_new(cop_contribution_iter **out, cop_store *s,
	const char *thread_id, const cop_page *page)
{
	cop_thread_rec t;
	cop__access acc;
	cop__iter *it = NULL;
	cop_id tid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK ||
	    (rc = cop__check_page(s, page)) != COP_OK)
		return rc;
	/* The listing starts first and the access check follows before any
	 * row is handed out: on SQLite the open listing holds the read
	 * transaction, so that the check and the page share it (a read
	 * transaction each costs file locks). */
	if ((rc = cop__iter_list(&it, s, COP_LIST_THREAD_CONTRIBS, &tid, page))
			!= COP_OK)
		return rc;
	rc = cop__thread_load(s, &tid, &t, &acc);
	cop_rec_clear(COP_REC_THREAD, &t);
	if (rc != COP_OK) {
		cop__iter_free(it);
		return rc;
	}
	*out = (cop_contribution_iter *)it;
	return cop__ok(s);
}

int cop_contribution_iter_by_author(cop_contribution_iter **out,
	cop_store *s, const char *member_id, const cop_page *page)
{
	cop__iter *it = NULL;
	cop_id mid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &mid, member_id, "member")) != COP_OK ||
	    (rc = cop__check_page(s, page)) != COP_OK ||
	    (rc = cop__member_load_seen(s, &mid, NULL)) != COP_OK)
		return rc;
	rc = cop__iter_list(&it, s, COP_LIST_AUTHOR_CONTRIBS, &mid, page);
	*out = (cop_contribution_iter *)it;
	return rc;
}

COP__ITER_FNS(cop_contribution, cop_contribution)

/* ---- revisions ------------------------------------------------------------------- */

int cop_revision_iter_new(cop_revision_iter **out, cop_store *s,
	const char *contribution_id)
{
	cop_contribution_rec c;
	cop__iter *it = NULL;
	cop_id cid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &cid, contribution_id, "contribution"))
			!= COP_OK ||
	    (rc = contribution_load_visible(s, &cid, contribution_id, &c,
			NULL, NULL)) != COP_OK)
		return rc;
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	rc = cop__iter_list(&it, s, COP_LIST_REVISIONS, &cid, NULL);
	*out = (cop_revision_iter *)it;
	return rc;
}

COP__ITER_NEXT_FREE(cop_revision, cop_revision)

COP__FREE_FN(cop_revision)
COP__GETTER_ID(cop_revision, contribution_id)
COP__GETTER(cop_revision, number, int, 0)
COP__GETTER_ID(cop_revision, author_id)
COP__GETTER_TEXT(cop_revision, body)
COP__GETTER_OPT(cop_revision, comment)
COP__GETTER(cop_revision, created, cop_time, 0)
COP__GETTER_ID(cop_revision, editor_id)
COP__GETTER(cop_revision, redacted, cop_time, 0)
