/*
 * import_se_rows.c: the rows of a Stack Exchange dump's files mapped to
 * libcop's records (docs/import.md): Users, Posts, Comments,
 * PostHistory, Votes, Badges, PostLinks (the accepted answers the
 * questions named: import_se_accepts.c; Tags: import_se_tags.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "import_se.h"

/* ---- Users.xml ------------------------------------------------------------------- */

static const char *const users_attrs[] = {
	"Id", "DisplayName", "CreationDate", NULL
};

static int se_users(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_member_rec m;
	cop_membership_rec ms;
	char handle[80], name[SE_NAME_MAX * 4 + 1];
	int64_t uid;
	size_t n;
	int rc, found = 0, i;

	if (!v[0])
		return cop__se_format(x, "missing attribute %s", "Id");
	if (!v[2])
		return cop__se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = cop__se_int(x, v[0], "Id", &uid)) != COP_OK ||
	    (rc = cop__se_seen(x, SRC_USER, uid, &found)) != COP_OK || found)
		return rc;
	memset(&m, 0, sizeof(m));
	if ((rc = cop__se_date(x, v[2], "CreationDate", &m.created)) != COP_OK)
		return rc;
	/* A unique handle from the slug and the user id (lower case: the
	 * slug is). */
	for (i = 1; ; i++) {
		int taken = 0;
		if (i == 1)
			snprintf(handle, sizeof(handle), "%.40s-%s%" PRId64, x->slug,
				uid < 0 ? "m" : "", uid < 0 ? -uid : uid);
		else
			snprintf(handle, sizeof(handle), "%.40s-%s%" PRId64 "-%d",
				x->slug, uid < 0 ? "m" : "", uid < 0 ? -uid : uid, i);
		if ((rc = cop__se_handle_taken(x, handle, &taken)) != COP_OK)
			return rc;
		if (!taken)
			break;
	}
	n = v[1] ? cop__se_prefix(v[1], SE_NAME_MAX) : 0;
	if (n == 0) {
		snprintf(name, sizeof(name), "%s", handle);
	} else {
		memcpy(name, v[1], n);
		name[n] = '\0';
	}
	if ((rc = cop__id_new(s, &m.id)) != COP_OK)
		return rc;
	m.handle = handle;
	m.display_name = name;
	m.status = COP_MEMBER_ACTIVE;
	if ((rc = s->be->insert(s->be, COP_REC_MEMBER, &m)) != COP_OK)
		return cop__be_error(s, rc, "creating a member");
	if ((rc = cop__se_handle_add(x, handle)) != COP_OK)
		return rc;
	memset(&ms, 0, sizeof(ms));
	ms.community_id = x->c.id;
	ms.member_id = m.id;
	ms.role = COP_ROLE_MEMBER;
	ms.status = COP_MEMBERSHIP_ACTIVE;
	ms.joined = m.created;
	if ((rc = s->be->insert(s->be, COP_REC_MEMBERSHIP, &ms)) != COP_OK)
		return cop__be_error(s, rc, "adding a membership");
	x->rep.members++;
	return cop__se_source_put(x, SRC_USER, uid, &m.id, NULL, -1);
}

/* ---- Posts.xml -------------------------------------------------------------------- */

static const char *const posts_attrs[] = {
	"Id", "PostTypeId", "ParentId", "AcceptedAnswerId", "CreationDate",
	"Body", "OwnerUserId", "Title", "Tags", "ClosedDate", "Score", NULL
};

int cop__se_tags(se *x, const char *v, const char *name, char **out)
{
	char *t, *p;
	int rc;

	*out = NULL;
	if (!(t = cop_strdup(v ? v : "")))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	for (p = t; *p; p++)
		if (*p == '<' || *p == '>' || *p == '|')
			*p = ' ';
	rc = cop__tags_normalize(x->s, t, out);
	cop_free(t);
	if (rc != COP_OK && rc != COP_ENOMEM) {
		char why[240];
		snprintf(why, sizeof(why), "%s: %s", name, cop_errmsg(x->s));
		return cop__se_format(x, "attribute %s", why);
	}
	return rc;
}

/* A row's Score, when it has one, as the contribution's source score
 * (kept apart from the score its votes make: docs/import.md). */
static int se_score(se *x, const char *v, cop_rec_opt_int *out)
{
	int64_t n;
	int rc;

	out->set = 0;
	out->value = 0;
	if (!v || !*v)
		return COP_OK;
	if ((rc = cop__se_int(x, v, "Score", &n)) != COP_OK)
		return rc;
	if (n < INT32_MIN || n > INT32_MAX)
		return cop__se_format(x, "attribute %s is out of range", "Score");
	out->set = 1;
	out->value = (int)n;
	return COP_OK;
}

static int se_body(se *x, const char *v, const char *name)
{
	if (v && strlen(v) > COP_BODY_MAX)
		return cop__se_format(x, "attribute %s is too long", name);
	return COP_OK;
}

/* ---- what a file's pass adds to each thread ---------------------------- */

/*
 * A contribution made at @p time in @p thread: held with the others of
 * the thread until the file's end (cop__se_threads_apply()), or, through
 * a table without thread_add, bumped now.  Nothing the import does
 * before the file's end reads a thread's count or last activity (the
 * rows that read threads, votes, accepted answers, links and the
 * threads' history, come in later passes), so holding them changes
 * nothing that is read.
 */
static int se_thread_count(se *x, const cop_id *thread, cop_time time)
{
	cop_store *s = x->s;
	const cop_backend_export *xt;
	uint64_t h, i;
	size_t pos = 0;
	se_add *a;
	int rc;

	if ((rc = COP__EXPORT(s, &xt)) != COP_OK)
		return rc;
	if (x->noadd || xt->version < 5) {
		if ((rc = xt->thread_bump(s->be, thread, time)) != COP_OK)
			return cop__be_error(s, rc, "updating a thread");
		return COP_OK;
	}
	h = cop__hash_bytes(thread, sizeof(*thread), 0);
	while (cop__htab_next(&x->addx, h, &pos, &i))
		if (!memcmp(&x->adds[i].thread, thread, sizeof(*thread))) {
			a = &x->adds[i];
			a->n++;
			if (a->last < time)
				a->last = time;
			return COP_OK;
		}
	if ((rc = cop__grow(s, &x->adds, x->nadds, &x->capadds,
			sizeof(*x->adds), 256)) != COP_OK)
		return rc;
	if (cop__htab_add(&x->addx, h, x->nadds) != 0)
		return cop__error(s, COP_ENOMEM, "out of memory");
	a = &x->adds[x->nadds++];
	a->thread = *thread;
	a->n = 1;
	a->last = time;
	return COP_OK;
}

/* Forget what is held, unwritten. */
static void se_threads_clear(se *x)
{
	x->nadds = 0;
	cop__htab_clear(&x->addx);
}

int cop__se_threads_apply(se *x)
{
	cop_store *s = x->s;
	const cop_backend_export *xt;
	size_t i;
	int64_t k;
	int rc;

	if (x->nadds == 0)
		return COP_OK;
	if ((rc = COP__EXPORT(s, &xt)) != COP_OK) {
		se_threads_clear(x);
		return rc;
	}
	for (i = 0; i < x->nadds && rc == COP_OK; i++) {
		const se_add *a = &x->adds[i];
		if (!x->noadd) {
			rc = xt->thread_add(s->be, &a->thread, a->last, a->n);
			/* A rop() without the operation (a backend of versions 2
			 * to 5): bumps, now and from now on. */
			if (rc != COP_ENOTSUP)
				continue;
			x->noadd = 1;
			rc = COP_OK;
		}
		/* As many bumps as contributions, each to the latest time:
		 * the count and last activity they would have made. */
		for (k = 0; k < a->n && rc == COP_OK; k++)
			rc = xt->thread_bump(s->be, &a->thread, a->last);
	}
	se_threads_clear(x);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "updating a thread");
}

void cop__se_threads_free(se *x)
{
	cop_free(x->adds);
	x->adds = NULL;
	x->nadds = x->capadds = 0;
	cop__htab_free(&x->addx);
}

/* Count a new contribution in its thread and its author's standing. */
static int se_counted(se *x, const cop_contribution_rec *c, int bump)
{
	cop_store *s = x->s;
	cop_thread_rec t;
	int rc, seen = 0;

	if (bump && (rc = se_thread_count(x, &c->thread_id, c->created))
			!= COP_OK)
		return rc;
	/* The hook reads the thread's tags, author and count only for the
	 * welcomer badge, which imported communities do not award. */
	memset(&t, 0, sizeof(t));
	t.id = c->thread_id;
	t.community_id = c->community_id;
	t.tags = (char *)"";
	/* Rows come out of time order: each day of an author counts once. */
	if (!cop_id_is_nil(&c->author_id) &&
	    (rc = cop__se_day_seen(x, &c->author_id, c->created, &seen)) != COP_OK)
		return rc;
	if (x->bulk)
		return cop__rec_bulk_contribution(x->bulk, c, seen);
	return cop__recognition_imported(s, c, &t, seen);
}

static int se_question(se *x, const char **v, int64_t pid, cop_time created)
{
	cop_store *s = x->s;
	cop_thread_rec t;
	cop_contribution_rec c;
	char *tags = NULL;
	int rc;

	if (!v[7])
		return cop__se_format(x, "missing attribute %s", "Title");
	if (strlen(v[7]) == 0 || cop__se_prefix(v[7], 301) > cop__se_prefix(v[7], 300))
		return cop__se_format(x, "attribute %s is empty or too long", "Title");
	memset(&t, 0, sizeof(t));
	memset(&c, 0, sizeof(c));
	if ((rc = se_body(x, v[5], "Body")) != COP_OK ||
	    (rc = se_score(x, v[10], &c.source_score)) != COP_OK ||
	    (rc = cop__se_tags(x, v[8], "Tags", &tags)) != COP_OK)
		return rc;
	if ((rc = cop__se_user(x, v[6], &t.author_id)) != COP_OK ||
	    (rc = cop__id_new(s, &t.id)) != COP_OK ||
	    (rc = cop__id_new(s, &c.id)) != COP_OK)
		goto out;
	t.community_id = x->c.id;
	t.kind = COP_THREAD_QUESTION;
	t.closed = v[9] && *v[9] ? 1 : 0;
	t.state = cop__thread_state_of(&t);
	t.title = (char *)v[7];
	t.tags = tags;
	t.language = x->c.language;
	t.created = t.last_activity = created;
	t.contribution_count = 1;
	if ((rc = s->be->insert(s->be, COP_REC_THREAD, &t)) != COP_OK) {
		rc = cop__be_error(s, rc, "creating a thread");
		goto out;
	}
	cop__se_history_new(x, &t.id);
	c.thread_id = t.id;
	c.community_id = x->c.id;
	c.author_id = t.author_id;
	c.kind = COP_CONTRIB_POST;
	c.language = t.language;
	c.body = (char *)(v[5] ? v[5] : "");
	c.format = COP_FORMAT_HTML;
	c.created = created;
	c.revision = 1;
	if ((rc = s->be->insert(s->be, COP_REC_CONTRIBUTION, &c)) != COP_OK) {
		rc = cop__be_error(s, rc, "creating a question's post");
		goto out;
	}
	if ((rc = se_counted(x, &c, 0)) != COP_OK)
		goto out;
	x->rep.threads++;
	x->rep.contributions++;
	rc = cop__se_source_put(x, SRC_POST, pid, &c.id, &t.id, COP_CONTRIB_POST);
	if (rc == COP_OK)
		rc = cop__se_post_facts(x, pid, &t.author_id, tags ? tags : "", 0);
out:
	cop_free(tags);
	return rc;
}

/* An answer: imported when its parent is a question the store has;
 * else skipped, or, in the first pass (@p first), left for the second
 * (x->deferx). */
static int se_answer(se *x, const char **v, int64_t pid, cop_time created,
	int first)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_id qpost, thread;
	int64_t qid;
	uint64_t i;
	size_t pos = 0;
	int rc, found = 0, pkind = -1;

	if (!v[2])
		return cop__se_format(x, "missing attribute %s", "ParentId");
	memset(&c, 0, sizeof(c));
	if ((rc = cop__se_int(x, v[2], "ParentId", &qid)) != COP_OK ||
	    (rc = se_body(x, v[5], "Body")) != COP_OK ||
	    (rc = se_score(x, v[10], &c.source_score)) != COP_OK ||
	    (rc = cop__se_lookup(x, SRC_POST, qid, &qpost, &thread, &pkind,
			&found)) != COP_OK)
		return rc;
	/* The parent must be a question (its thread's first post), not
	 * another answer. */
	found = found && pkind == COP_CONTRIB_POST;
	if (!found && first && pkind < 0) {
		/* Its question may come later. */
		if (cop__htab_add(&x->deferx, (uint64_t)pid, 0) != 0)
			return cop__error(s, COP_ENOMEM, "out of memory");
		return COP_OK;
	}
	if (!found) {
		x->rep.skipped_posts++;
		return COP_OK;
	}
	if ((rc = cop__se_user(x, v[6], &c.author_id)) != COP_OK ||
	    (rc = cop__id_new(s, &c.id)) != COP_OK)
		return rc;
	c.thread_id = thread;
	c.community_id = x->c.id;
	c.kind = COP_CONTRIB_ANSWER;
	c.language = x->c.language;
	c.body = (char *)(v[5] ? v[5] : "");
	c.format = COP_FORMAT_HTML;
	c.created = created;
	c.revision = 1;
	if ((rc = s->be->insert(s->be, COP_REC_CONTRIBUTION, &c)) != COP_OK)
		return cop__be_error(s, rc, "creating an answer");
	if ((rc = se_counted(x, &c, 1)) != COP_OK)
		return rc;
	x->rep.contributions++;
	if ((rc = cop__se_source_put(x, SRC_POST, pid, &c.id, &thread,
			COP_CONTRIB_ANSWER)) != COP_OK)
		return rc;
	/* An accepted answer: when it was made, so that accepting it needs
	 * no read of it. */
	while (cop__htab_next(&x->accx, (uint64_t)pid, &pos, &i)) {
		x->acc[i].created = created;
		x->acc[i].author = c.author_id;
		x->acc[i].known = 1;
	}
	return cop__se_post_facts(x, pid, &c.author_id, NULL, qid);
}

/*
 * Posts.xml is read once, in order; an answer whose question is not in
 * the store yet is left for a second read (x->deferx), which only
 * answers take and which happens only when one was left, so that an
 * answer listed before its question is imported the first time as it
 * would be the second (importing again changes nothing).  SE's dumps
 * list posts by id, questions before their answers: one read, where two
 * cost the import the XML parse of its largest file again.
 */
static int se_posts_any(se *x, const char **v, int answers)
{
	int64_t pid, type, aid;
	uint64_t left;
	cop_time created;
	int rc, found = 0;

	if (!v[0])
		return cop__se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return cop__se_format(x, "missing attribute %s", "PostTypeId");
	if (!v[4])
		return cop__se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = cop__se_int(x, v[0], "Id", &pid)) != COP_OK ||
	    (rc = cop__se_int(x, v[1], "PostTypeId", &type)) != COP_OK ||
	    (rc = cop__se_date(x, v[4], "CreationDate", &created)) != COP_OK)
		return rc;
	if (answers && (type != 2 || !cop__htab_get(&x->deferx, (uint64_t)pid,
			&left)))
		return COP_OK;          /* read the first time */
	if (type == 1 && v[3] && *v[3]) {
		/* Accepted once every answer is in. */
		if ((rc = cop__se_int(x, v[3], "AcceptedAnswerId", &aid)) != COP_OK)
			return rc;
		if ((rc = cop__grow(x->s, &x->acc, x->nacc, &x->capacc,
				sizeof(*x->acc), 256)) != COP_OK)
			return rc;
		memset(&x->acc[x->nacc], 0, sizeof(*x->acc));
		x->acc[x->nacc].question = pid;
		x->acc[x->nacc].answer = aid;
		if (cop__htab_add(&x->accx, (uint64_t)aid, x->nacc) != 0)
			return cop__error(x->s, COP_ENOMEM, "out of memory");
		x->nacc++;
	}
	if (type != 1 && type != 2) {
		/* A tag wiki's excerpt or body: Tags.xml's rows take it
		 * (import_se_tags.c); no contribution, so counted skipped. */
		if (!answers && (type == 4 || type == 5) &&
		    (rc = cop__se_wiki_post(x, pid, created, v[5])) != COP_OK)
			return rc;
		x->rep.skipped_posts++;
		return COP_OK;
	}
	if ((rc = cop__se_seen(x, SRC_POST, pid, &found)) != COP_OK || found)
		return rc;
	x->s->fixed_now = created;
	return type == 1 ? se_question(x, v, pid, created) :
		se_answer(x, v, pid, created, !answers);
}

static int se_posts(se *x, const char **v)
{
	return se_posts_any(x, v, 0);
}

int cop__se_answers(se *x, const char **v)
{
	return se_posts_any(x, v, 1);
}

/* ---- Comments.xml ----------------------------------------------------------------- */

static const char *const comments_attrs[] = {
	"Id", "PostId", "Text", "CreationDate", "UserId", "Score", NULL
};

static int se_comments(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_id post, thread;
	int64_t id, pid;
	int rc, found = 0;

	if (!v[0])
		return cop__se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return cop__se_format(x, "missing attribute %s", "PostId");
	if (!v[3])
		return cop__se_format(x, "missing attribute %s", "CreationDate");
	memset(&c, 0, sizeof(c));
	if ((rc = cop__se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = cop__se_int(x, v[1], "PostId", &pid)) != COP_OK ||
	    (rc = cop__se_date(x, v[3], "CreationDate", &c.created)) != COP_OK ||
	    (rc = se_body(x, v[2], "Text")) != COP_OK ||
	    (rc = se_score(x, v[5], &c.source_score)) != COP_OK ||
	    (rc = cop__se_seen(x, SRC_COMMENT, id, &found)) != COP_OK || found)
		return rc;
	if ((rc = cop__se_lookup(x, SRC_POST, pid, &post, &thread, NULL,
			&found)) != COP_OK)
		return rc;
	if (!found) {
		x->rep.skipped_comments++;
		return COP_OK;
	}
	s->fixed_now = c.created;
	if ((rc = cop__se_user(x, v[4], &c.author_id)) != COP_OK ||
	    (rc = cop__id_new(s, &c.id)) != COP_OK)
		return rc;
	c.thread_id = thread;
	c.community_id = x->c.id;
	c.kind = COP_CONTRIB_COMMENT;
	c.reply_to = post;
	c.language = x->c.language;
	c.body = (char *)(v[2] ? v[2] : "");
	c.format = COP_FORMAT_MARKDOWN;
	c.revision = 1;
	if ((rc = s->be->insert(s->be, COP_REC_CONTRIBUTION, &c)) != COP_OK)
		return cop__be_error(s, rc, "creating a comment");
	if ((rc = se_counted(x, &c, 1)) != COP_OK)
		return rc;
	x->rep.contributions++;
	return cop__se_source_put(x, SRC_COMMENT, id, &c.id, &thread, -1);
}

/* ---- PostHistory.xml -------------------------------------------------------------- */

static const char *const history_attrs[] = {
	"Id", "PostHistoryTypeId", "PostId", "CreationDate", "UserId",
	"Comment", "Text", NULL
};

/* Post @p pid's author (nil: the system), remembered or read. */
static int se_post_author(se *x, int64_t pid, const cop_id *post,
	cop_id *out)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_key k;
	const char *tags;
	int rc, known = 0;

	cop__se_post_get(x, pid, out, &tags, &known);
	if (known)
		return COP_OK;
	memset(&k, 0, sizeof(k));
	k.id = *post;
	if ((rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &k, &c)) != COP_OK)
		return cop__be_error(s, rc == COP_ENOTFOUND ? COP_ECORRUPT : rc,
			"reading a revised post");
	*out = c.author_id;
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	return COP_OK;
}

/* ---- body revisions, held until who replaced them is known ------------ */

struct se_rev {
	cop_revision_rec r;                  /* body and comment cop_malloc'd */
	size_t size;                         /* what it holds, in bytes */
};

static uint64_t rev_key(const cop_id *post)
{
	return cop__hash_bytes(post, sizeof(*post), 0);
}

static struct se_rev *rev_held(se *x, const cop_id *post)
{
	size_t pos = 0;
	uint64_t i;

	while (cop__htab_next(&x->revx, rev_key(post), &pos, &i))
		if (!memcmp(&x->revs[i].r.contribution_id, post, sizeof(*post)))
			return &x->revs[i];
	return NULL;
}

static void rev_clear(cop_revision_rec *r)
{
	cop_free(r->body);
	cop_free(r->comment);
	r->body = r->comment = NULL;
}

/* Write every revision held as it is (its own row's user and comment:
 * the current body's, as the API has them) and hold none. */
static int se_history_end(se *x)
{
	size_t i;
	int rc = COP_OK;

	for (i = 0; i < x->nrevs; i++) {
		if (rc == COP_OK && (rc = x->s->be->insert(x->s->be,
				COP_REC_REVISION, &x->revs[i].r)) != COP_OK)
			rc = cop__be_error(x->s, rc, "saving a revision");
		rev_clear(&x->revs[i].r);
	}
	x->nrevs = x->revbytes = 0;
	cop__htab_clear(&x->revx);
	return rc;
}

void cop__se_revisions_free(se *x)
{
	size_t i;

	for (i = 0; i < x->nrevs; i++)
		rev_clear(&x->revs[i].r);
	cop_free(x->revs);
	x->revs = NULL;
	x->nrevs = x->caprevs = x->revbytes = 0;
	cop__htab_free(&x->revx);
}

/* Hold revision @p r (its strings copied) as its post's last, in @p h
 * (the post's slot) or a new slot; over SE_REVS_BYTES, all those held
 * are written first. */
static int rev_hold(se *x, struct se_rev *h, const cop_revision_rec *r)
{
	size_t size = sizeof(*h) + strlen(r->body) + 1 +
		(r->comment ? strlen(r->comment) + 1 : 0);
	int rc;

	if (!h && x->revbytes + size > SE_REVS_BYTES &&
	    (rc = se_history_end(x)) != COP_OK)
		return rc;
	if (!h) {
		if (cop__grow(x->s, &x->revs, x->nrevs, &x->caprevs,
				sizeof(*x->revs), 256) != COP_OK)
			return COP_ENOMEM;
		h = &x->revs[x->nrevs];
		memset(h, 0, sizeof(*h));
		if (cop__htab_add(&x->revx, rev_key(&r->contribution_id),
				x->nrevs) != 0)
			return cop__error(x->s, COP_ENOMEM, "out of memory");
		x->nrevs++;
	} else {
		x->revbytes -= h->size;
		rev_clear(&h->r);
	}
	h->r = *r;
	h->r.body = cop_strdup(r->body);
	h->r.comment = r->comment ? cop_strdup(r->comment) : NULL;
	if (!h->r.body || (r->comment && !h->r.comment)) {
		rev_clear(&h->r);
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	}
	h->size = size;
	x->revbytes += size;
	return COP_OK;
}

/*
 * A body revision as the API writes one (contribution.c): its author the
 * contribution's, its editor whoever replaced its body, its comment the
 * note of that edit.  Each row is kept as the body it wrote (numbered in
 * the file's order, the last one the current body's text), so the user
 * and Comment of row n are the editor and comment of revision n - 1, and
 * of revision n itself when it is the last: the current body's editor
 * and note are the last revision's, as the API has them.  So revision n
 * is held until row n + 1 of its post (or the file's end) and written
 * once, complete; one written before (by an earlier import, or when
 * more than SE_REVS_BYTES were held) is updated instead.
 * A user the dump does not name (a deleted one, with only a
 * UserDisplayName) is nobody known: NULL, as for authors
 * (docs/import.md, "Who made each revision").
 */
static int se_history(se *x, const char **v)
{
	cop_store *s = x->s;
	const cop_backend_export *xt;
	cop_revision_rec r;
	struct se_rev *h;
	cop_id post, thread, editor;
	char comment[SE_COMMENT_MAX * 4 + 1];
	int64_t id, type, pid;
	size_t n;
	int rc, found = 0;

	if (!v[0])
		return cop__se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return cop__se_format(x, "missing attribute %s", "PostHistoryTypeId");
	if (!v[2])
		return cop__se_format(x, "missing attribute %s", "PostId");
	if (!v[3])
		return cop__se_format(x, "missing attribute %s", "CreationDate");
	memset(&r, 0, sizeof(r));
	if ((rc = cop__se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = cop__se_int(x, v[1], "PostHistoryTypeId", &type)) != COP_OK ||
	    (rc = cop__se_int(x, v[2], "PostId", &pid)) != COP_OK ||
	    (rc = cop__se_date(x, v[3], "CreationDate", &r.created)) != COP_OK ||
	    (rc = se_body(x, v[6], "Text")) != COP_OK)
		return rc;
	/* Titles, tags, closing and locking: the thread's history. */
	if (cop__se_history_kind(type) >= 0)
		return cop__se_thread_history(x, v, id, type, pid, r.created);
	/* Bodies: 2 initial, 5 edited, 8 rolled back. */
	if (type != 2 && type != 5 && type != 8) {
		x->rep.ignored++;
		return COP_OK;
	}
	if ((rc = cop__se_seen(x, SRC_HISTORY, id, &found)) != COP_OK || found)
		return rc;
	if ((rc = cop__se_lookup(x, SRC_POST, pid, &post, &thread, NULL,
			&found)) != COP_OK)
		return rc;
	if (!found) {
		x->rep.skipped_revisions++;
		return COP_OK;
	}
	if ((rc = cop__se_user(x, v[4], &editor)) != COP_OK ||
	    (rc = se_post_author(x, pid, &post, &r.author_id)) != COP_OK)
		return rc;
	r.editor_id = editor;
	if ((rc = COP__EXPORT(s, &xt)) != COP_OK)
		return rc;
	rc = xt->revision_bump(s->be, &post, type == 2 ? 0 : r.created,
		&r.number);
	if (rc != COP_OK)
		return cop__be_error(s, rc == COP_ENOTFOUND ? COP_ECORRUPT : rc,
			"numbering a revision");
	n = v[5] ? cop__se_prefix(v[5], SE_COMMENT_MAX) : 0;
	memcpy(comment, v[5] ? v[5] : "", n);
	comment[n] = '\0';
	r.contribution_id = post;
	r.community_id = x->c.id;
	r.body = (char *)(v[6] ? v[6] : "");
	r.comment = n ? comment : NULL;
	if ((h = rev_held(x, &post))) {
		/* The revision held is complete now: this row replaced it. */
		h->r.editor_id = editor;
		cop_free(h->r.comment);
		h->r.comment = NULL;
		if (r.comment && !(h->r.comment = cop_strdup(r.comment)))
			return cop__error(s, COP_ENOMEM, "out of memory");
		if ((rc = s->be->insert(s->be, COP_REC_REVISION, &h->r)) != COP_OK)
			return cop__be_error(s, rc, "saving a revision");
	} else if (r.number > 1 && xt->version >= 4 &&
	    (rc = xt->revision_replaced(s->be, &post, r.number - 1, &editor,
			r.comment)) != COP_OK)
		return cop__be_error(s, rc, "saving who replaced a revision");
	if ((rc = rev_hold(x, h, &r)) != COP_OK)
		return rc;
	x->rep.revisions++;
	return cop__se_source_put(x, SRC_HISTORY, id, &post, NULL, -1);
}

/* ---- Votes.xml --------------------------------------------------------------------- */

static const char *const votes_attrs[] = {
	"Id", "PostId", "VoteTypeId", "CreationDate", NULL
};

/* A vote through the import's bulk (recognition/bulk.c): what it needs
 * of the post remembered when the import made it (its threads are
 * questions, and neither is hidden: an import hides nothing), else the
 * contribution and its thread read by id, a vote on either hidden
 * masked as cop_vote_cast() masks it; no access to check. */
static int se_vote_bulk(se *x, int64_t pid, int pkind, const cop_id *post,
	const cop_id *thread, int kind)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_thread_rec t;
	cop_key k;
	const char *tags;
	int rc, known = 0;

	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	memset(&k, 0, sizeof(k));
	cop__se_post_get(x, pid, &c.author_id, &tags, &known);
	if (known && pkind >= 0) {
		c.id = *post;
		c.community_id = x->c.id;
		c.thread_id = *thread;
		c.kind = pkind;
		return cop__rec_bulk_vote(x->bulk, &c, COP_THREAD_QUESTION, tags,
			0, kind);
	}
	k.id = *post;
	if ((rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &k, &c)) != COP_OK)
		return cop__be_error(s, rc, "reading a voted post");
	k.id = *thread;
	if ((rc = s->be->get(s->be, COP_REC_THREAD, &k, &t)) != COP_OK)
		rc = cop__be_error(s, rc, "reading a voted post's thread");
	else
		rc = cop__rec_bulk_vote(x->bulk, &c, t.kind, t.tags,
			c.hidden || t.hidden, kind);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc;
}

static int se_votes(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_id post, thread;
	char text[COP_ID_TEXT_LEN + 1];
	int64_t id, pid, type;
	cop_time when;
	int rc, found = 0, pkind = -1;

	if (!v[0])
		return cop__se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return cop__se_format(x, "missing attribute %s", "PostId");
	if (!v[2])
		return cop__se_format(x, "missing attribute %s", "VoteTypeId");
	if (!v[3])
		return cop__se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = cop__se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = cop__se_int(x, v[1], "PostId", &pid)) != COP_OK ||
	    (rc = cop__se_int(x, v[2], "VoteTypeId", &type)) != COP_OK ||
	    (rc = cop__se_date(x, v[3], "CreationDate", &when)) != COP_OK)
		return rc;
	/* 2 up, 3 down; the rest (accepted, favourite, close, bounty, ...)
	 * are not votes in libcop. */
	if (type != 2 && type != 3) {
		x->rep.ignored++;
		return COP_OK;
	}
	if ((rc = cop__se_seen(x, SRC_VOTE, id, &found)) != COP_OK || found)
		return rc;
	if ((rc = cop__se_lookup(x, SRC_POST, pid, &post, &thread, &pkind,
			&found)) != COP_OK)
		return rc;
	if (!found) {
		x->rep.skipped_votes++;
		return COP_OK;
	}
	s->fixed_now = when;
	if (x->bulk)
		rc = se_vote_bulk(x, pid, pkind, &post, &thread, type == 2 ?
			COP_VOTE_UP : COP_VOTE_DOWN);
	else {
		cop_id_format(text, &post);
		rc = cop_vote_cast(s, text, type == 2 ? COP_VOTE_UP :
			COP_VOTE_DOWN);
	}
	if (rc != COP_OK)
		return rc;
	x->rep.votes++;
	return cop__se_source_put(x, SRC_VOTE, id, &post, NULL, -1);
}

/* ---- Badges.xml -------------------------------------------------------------------- */

static const char *const badges_attrs[] = {
	"Id", "UserId", "Name", "Date", "Class", NULL
};

static int se_badges(se *x, const char **v)
{
	cop_store *s = x->s;
	const cop_backend_export *xt;
	cop_badge_rec b;
	cop_id member, bid;
	int64_t id, klass = 3;
	cop_time when;
	int rc, found = 0;

	if (!v[0])
		return cop__se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return cop__se_format(x, "missing attribute %s", "UserId");
	if (!v[2] || !*v[2])
		return cop__se_format(x, "missing attribute %s", "Name");
	if (!v[3])
		return cop__se_format(x, "missing attribute %s", "Date");
	if ((rc = cop__se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = cop__se_date(x, v[3], "Date", &when)) != COP_OK ||
	    (v[4] && (rc = cop__se_int(x, v[4], "Class", &klass)) != COP_OK))
		return rc;
	if (klass < 1 || klass > 3)
		return cop__se_format(x, "attribute %s is not 1, 2 or 3", "Class");
	if (strlen(v[2]) > SE_BADGE_NAME_MAX)
		return cop__se_format(x, "attribute %s is too long", "Name");
	if ((rc = cop__se_seen(x, SRC_BADGE, id, &found)) != COP_OK || found ||
	    (rc = cop__se_user(x, v[1], &member)) != COP_OK)
		return rc;
	if (cop_id_is_nil(&member)) {
		x->rep.skipped_badges++;
		return COP_OK;
	}
	s->fixed_now = when;
	if ((rc = cop__id_new(s, &bid)) != COP_OK)
		return rc;
	if ((rc = COP__EXPORT(s, &xt)) != COP_OK)
		return rc;
	/* Class 1 gold, 2 silver, 3 bronze. */
	memset(&b, 0, sizeof(b));
	b.id = bid;
	b.community_id = x->c.id;
	b.member_id = member;
	b.badge = COP_BADGE_NAMED;
	b.object_id = bid;
	b.awarded = when;
	b.name = (char *)v[2];
	b.badge_class = klass == 1 ? COP_BADGE_GOLD : klass == 2 ?
		COP_BADGE_SILVER : COP_BADGE_BRONZE;
	if ((rc = xt->badge_insert(s->be, &b)) != COP_OK)
		return cop__be_error(s, rc, "saving a badge");
	x->rep.badges++;
	return cop__se_source_put(x, SRC_BADGE, id, &bid, NULL, -1);
}

/* ---- PostLinks.xml ------------------------------------------------------------------ */

static const char *const links_attrs[] = {
	"Id", "PostId", "RelatedPostId", "LinkTypeId", "CreationDate", NULL
};

static int se_links(se *x, const char **v)
{
	cop_id a, ta, b, tb, pair[2];
	uint64_t h = 0, had;
	int64_t id, pa, pb, type;
	cop_time when;
	int rc, fa = 0, fb = 0, found = 0;

	if (!v[0])
		return cop__se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return cop__se_format(x, "missing attribute %s", "PostId");
	if (!v[2])
		return cop__se_format(x, "missing attribute %s", "RelatedPostId");
	if (!v[3])
		return cop__se_format(x, "missing attribute %s", "LinkTypeId");
	if (!v[4])
		return cop__se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = cop__se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = cop__se_int(x, v[1], "PostId", &pa)) != COP_OK ||
	    (rc = cop__se_int(x, v[2], "RelatedPostId", &pb)) != COP_OK ||
	    (rc = cop__se_int(x, v[3], "LinkTypeId", &type)) != COP_OK ||
	    (rc = cop__se_date(x, v[4], "CreationDate", &when)) != COP_OK)
		return rc;
	/* 1 linked (related), 3 duplicate. */
	if (type != 1 && type != 3) {
		x->rep.ignored++;
		return COP_OK;
	}
	if ((rc = cop__se_seen(x, SRC_LINK, id, &found)) != COP_OK || found ||
	    (rc = cop__se_lookup(x, SRC_POST, pa, &a, &ta, NULL, &fa)) != COP_OK ||
	    (rc = cop__se_lookup(x, SRC_POST, pb, &b, &tb, NULL, &fb)) != COP_OK)
		return rc;
	if (fa && fb && !memcmp(ta.bytes, tb.bytes, sizeof(ta.bytes)))
		fa = 0;
	if (fa && fb) {
		/* A fresh import's community has the links it made: one of a
		 * pair it never linked needs no read (a hash it has, read). */
		pair[0] = ta;
		pair[1] = tb;
		h = cop__hash_bytes(pair, sizeof(pair), 0x11c);
		if ((!x->fresh || cop__htab_get(&x->links, h, &had)) &&
		    (rc = cop__link_exists(x->s, &ta, &tb, &found)) != COP_OK)
			return rc;
	}
	if (!fa || !fb || found) {
		x->rep.skipped_links++;
		return COP_OK;
	}
	if ((rc = cop__link_put(x->s, &x->c.id, &ta, &tb, type == 3 ?
			COP_LINK_DUPLICATE : COP_LINK_RELATED, when)) != COP_OK)
		return rc;
	if (x->fresh && cop__htab_add(&x->links, h, 0) < 0)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	x->rep.links++;
	return cop__se_source_put(x, SRC_LINK, id, &ta, NULL, -1);
}

/* Tags.xml: import_se_tags.c. */

/* ---- reading a file ------------------------------------------------------------------ */

const se_file cop__se_files[SE_NFILES] = {
	{ "Users", 1, users_attrs, se_users, NULL },
	{ "Posts", 1, posts_attrs, se_posts, NULL },
	{ "Posts", 1, posts_attrs, cop__se_answers, NULL },
	{ "Comments", 0, comments_attrs, se_comments, NULL },
	{ "PostHistory", 0, history_attrs, se_history, se_history_end },
	{ "Votes", 0, votes_attrs, se_votes, NULL },
	{ "Badges", 0, badges_attrs, se_badges, NULL },
	{ "PostLinks", 0, links_attrs, se_links, NULL },
	{ "Tags", 0, cop__se_tags_attrs, cop__se_tagrows, NULL },
};

