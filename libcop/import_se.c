/*
 * import_se.c: importing Stack Exchange data dumps (libxml2's reader).
 *
 * The dump's files are read one after the other with xmlTextReader, one
 * <row/> at a time, so memory stays flat whatever their size: the
 * attributes of a row are read straight from the reader's current node
 * (no copy), a row is written and forgotten.  Order: Users, Posts (then
 * the accepted answers the questions named), Comments, PostHistory,
 * Votes, Badges, PostLinks, Tags.
 *
 * Every object made remembers the row it came from in cop_source
 * (community, kind, source id), so a second import of the same dump
 * finds each row already there and changes nothing.  Lookups of a
 * source id (a post's author, an answer's question, a vote's post) go
 * through a bounded direct-mapped cache in front of the store.
 *
 * Members, threads, contributions, revisions, badges and links are
 * written through the backend directly (as their own modules do, with
 * the dump's authors, times and HTML bodies); votes and accepted answers
 * go through the recognition engine (cop_vote_cast(), cop_answer_accept()
 * as the system, the store's clock set to the row's time) so scores, the
 * ledger and standings follow.  The whole import is one write
 * transaction.  See docs/import.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <libxml/xmlreader.h>

#include "internal.h"

#define SE_CACHE_BITS 16            /* 65536 slots, ~3 MiB */
#define SE_PROGRESS_EVERY 1024      /* rows between progress reports */
#define SE_NAME_MAX 200             /* display names, in code points */
#define SE_COMMENT_MAX 500          /* revision comments, in code points */
#define SE_BADGE_NAME_MAX 100       /* badge names, in bytes */
#define SE_MAX_ATTRS 12

/* What cop_source remembers (its kind column). */
enum {
	SRC_USER = 1,       /* Users.Id -> member */
	SRC_POST = 2,       /* Posts.Id -> contribution (question or answer) */
	SRC_COMMENT = 3,    /* Comments.Id -> contribution */
	SRC_HISTORY = 4,    /* PostHistory.Id -> contribution revised */
	SRC_VOTE = 5,       /* Votes.Id -> contribution voted on */
	SRC_BADGE = 6,      /* Badges.Id -> badge */
	SRC_LINK = 7,       /* PostLinks.Id -> thread linked */
	SRC_ACCEPT = 8      /* Posts.Id of a question -> accepted answer */
};

typedef struct se_slot {
	int64_t key;
	int kind;           /* 0: empty */
	int pkind;          /* a post's contribution kind; -1: not a post */
	cop_id obj, thread;
} se_slot;

/* A pending accepted answer (question's id, answer's id). */
typedef struct se_accept {
	int64_t question, answer;
} se_accept;

typedef struct se se;

/* One file's rows: the attributes wanted, by name. */
typedef struct se_file {
	const char *base;                    /* "Posts" */
	int required;                        /* the import needs the file */
	const char *const *attrs;            /* NULL-terminated */
	int (*row)(se *x, const char **v);
} se_file;

struct se {
	cop_store *s;
	cop_import_report rep;
	const cop_import_options *opts;
	cop_community_rec c;
	char slug[65];
	se_slot *cache;
	se_accept *acc;
	size_t nacc, capacc;
	/* The file being read. */
	xmlTextReaderPtr r;
	char fname[64];                      /* "Posts.xml.gz" */
	long line;
	uint64_t total;
	char xmlerr[200];                    /* libxml2's first error */
	long xmlerr_line;
	int changed;
};

/* ---- small helpers ------------------------------------------------------------- */

/* A malformed row: "FILE:LINE: reason". */
static int se_format(se *x, const char *fmt, const char *arg)
{
	char why[256];

	snprintf(why, sizeof(why), fmt, arg);
	return cop__error(x->s, COP_EFORMAT, "%s:%ld: %s", x->fname, x->line,
		why);
}

static int se_int(se *x, const char *v, const char *name, int64_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end || errno)
		return se_format(x, "attribute %s is not an integer", name);
	*out = (int64_t)n;
	return COP_OK;
}

/* "2014-01-21T20:26:05.950" (UTC; seconds and fraction optional). */
static int se_date(se *x, const char *v, const char *name, cop_time *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, n = 0, k;
	const char *p;

	if (sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return se_format(x, "attribute %s is not a date", name);
	p = v + 10;
	if (*p == 'T' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return se_format(x, "attribute %s is not a date", name);
		p += 6;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &sec, &n) != 1 || n != 2)
				return se_format(x, "attribute %s is not a date", name);
			p += 3;
			if (*p == '.') {
				for (p++, k = 0; *p >= '0' && *p <= '9'; p++, k++)
					if (k < 3)
						ms = ms * 10 + (*p - '0');
				for (; k < 3; k++)
					ms *= 10;
			}
		}
	}
	if (*p == 'Z')
		p++;
	if (*p || (*out = cop_time_utc(y, mo, d, h, mi, sec, ms)) < 0)
		return se_format(x, "attribute %s is not a date", name);
	return COP_OK;
}

/* The byte length of the first @p max code points of valid UTF-8 @p v. */
static size_t se_prefix(const char *v, size_t max)
{
	size_t i = 0, n = 0;

	while (v[i] && n < max) {
		i++;
		while (((unsigned char)v[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	return i;
}

/* ---- source ids and the cache ------------------------------------------------------ */

static se_slot *se_slot_of(se *x, int kind, int64_t key)
{
	uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ULL + (uint64_t)kind;

	h ^= h >> 29;
	return &x->cache[h & ((1u << SE_CACHE_BITS) - 1)];
}

static void se_remember(se *x, int kind, int64_t key, const cop_id *obj,
	const cop_id *thread, int pkind)
{
	se_slot *sl = se_slot_of(x, kind, key);

	sl->kind = kind;
	sl->pkind = pkind;
	sl->key = key;
	sl->obj = *obj;
	if (thread)
		sl->thread = *thread;
	else
		memset(&sl->thread, 0, sizeof(sl->thread));
}

/*
 * Find what source row (kind, key) became: *found 0 when it was never
 * imported.  For posts, @p thread and @p pkind (optional) receive the
 * thread and the contribution's kind (a question's post or an answer).
 */
static int se_lookup(se *x, int kind, int64_t key, cop_id *obj,
	cop_id *thread, int *pkind, int *found)
{
	cop_store *s = x->s;
	se_slot *sl = se_slot_of(x, kind, key);
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[3];
	char text[24];
	int rc;

	*found = 0;
	if (sl->kind == kind && sl->key == key) {
		*found = 1;
		*obj = sl->obj;
		if (thread)
			*thread = sl->thread;
		if (pkind)
			*pkind = sl->pkind;
		return COP_OK;
	}
	snprintf(text, sizeof(text), "%" PRId64, key);
	p[0] = cop__v_id(&x->c.id);
	p[1] = cop__v_int(kind);
	p[2] = cop__v_text(text);
	if ((rc = s->be->rop(s->be, COP_ROP_SOURCE_GET, p, 3, &it)) != COP_OK)
		return cop__be_error(s, rc, "reading a source id");
	rc = it->next(it, &row);
	if (rc == COP_OK && row.ncols > 0 && row.col[0].type == COP_VAL_ID) {
		*obj = row.col[0].id;
		*found = 1;
	}
	it->free(it);
	if (rc != COP_OK && rc != COP_ITEROVER)
		return cop__be_error(s, rc, "reading a source id");
	if (!*found)
		return COP_OK;
	if (kind == SRC_POST) {
		cop_contribution_rec c;
		cop_key k;
		memset(&c, 0, sizeof(c));
		memset(&k, 0, sizeof(k));
		k.id = *obj;
		rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &k, &c);
		if (rc != COP_OK)
			return cop__be_error(s, rc, "reading an imported post");
		se_remember(x, kind, key, obj, &c.thread_id, c.kind);
		if (thread)
			*thread = c.thread_id;
		if (pkind)
			*pkind = c.kind;
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	} else {
		se_remember(x, kind, key, obj, NULL, -1);
	}
	return COP_OK;
}

/* Whether source row (kind, key) was imported before (counted unchanged). */
static int se_seen(se *x, int kind, int64_t key, int *found)
{
	cop_id obj;
	int rc = se_lookup(x, kind, key, &obj, NULL, NULL, found);

	if (rc == COP_OK && *found)
		x->rep.unchanged++;
	return rc;
}

static int se_source_put(se *x, int kind, int64_t key, const cop_id *obj,
	const cop_id *thread, int pkind)
{
	cop_store *s = x->s;
	cop_val p[4];
	char text[24];
	int rc;

	snprintf(text, sizeof(text), "%" PRId64, key);
	p[0] = cop__v_id(&x->c.id);
	p[1] = cop__v_int(kind);
	p[2] = cop__v_text(text);
	p[3] = cop__v_id(obj);
	if ((rc = s->be->rop(s->be, COP_ROP_X_SOURCE_INS, p, 4, NULL)) != COP_OK)
		return cop__be_error(s, rc, "saving a source id");
	se_remember(x, kind, key, obj, thread, pkind);
	x->changed = 1;
	return COP_OK;
}

/* The member an optional user id names (nil when absent or unknown). */
static int se_user(se *x, const char *v, cop_id *out)
{
	int64_t uid;
	int rc, found = 0;

	memset(out, 0, sizeof(*out));
	if (!v || !*v)
		return COP_OK;
	if ((rc = se_int(x, v, "UserId", &uid)) != COP_OK ||
	    (rc = se_lookup(x, SRC_USER, uid, out, NULL, NULL, &found)) != COP_OK)
		return rc;
	if (!found)
		memset(out, 0, sizeof(*out));
	return COP_OK;
}

/* ---- Users.xml ------------------------------------------------------------------- */

static const char *const users_attrs[] = {
	"Id", "DisplayName", "CreationDate", NULL
};

static int se_users(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_member_rec m;
	cop_membership_rec ms;
	cop_key k;
	char handle[80], name[SE_NAME_MAX * 4 + 1];
	int64_t uid;
	size_t n;
	int rc, found = 0, i;

	if (!v[0])
		return se_format(x, "missing attribute %s", "Id");
	if (!v[2])
		return se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = se_int(x, v[0], "Id", &uid)) != COP_OK ||
	    (rc = se_seen(x, SRC_USER, uid, &found)) != COP_OK || found)
		return rc;
	memset(&m, 0, sizeof(m));
	if ((rc = se_date(x, v[2], "CreationDate", &m.created)) != COP_OK)
		return rc;
	/* A unique handle from the slug and the user id. */
	memset(&k, 0, sizeof(k));
	for (i = 1; ; i++) {
		cop_member_rec other;
		if (i == 1)
			snprintf(handle, sizeof(handle), "%.40s-%s%" PRId64, x->slug,
				uid < 0 ? "m" : "", uid < 0 ? -uid : uid);
		else
			snprintf(handle, sizeof(handle), "%.40s-%s%" PRId64 "-%d",
				x->slug, uid < 0 ? "m" : "", uid < 0 ? -uid : uid, i);
		k.name = handle;
		memset(&other, 0, sizeof(other));
		rc = s->be->get(s->be, COP_REC_MEMBER, &k, &other);
		cop_rec_clear(COP_REC_MEMBER, &other);
		if (rc == COP_ENOTFOUND)
			break;
		if (rc != COP_OK)
			return cop__be_error(s, rc, "reading a member");
	}
	n = v[1] ? se_prefix(v[1], SE_NAME_MAX) : 0;
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
	memset(&ms, 0, sizeof(ms));
	ms.community_id = x->c.id;
	ms.member_id = m.id;
	ms.role = COP_ROLE_MEMBER;
	ms.status = COP_MEMBERSHIP_ACTIVE;
	ms.joined = m.created;
	if ((rc = s->be->insert(s->be, COP_REC_MEMBERSHIP, &ms)) != COP_OK)
		return cop__be_error(s, rc, "adding a membership");
	x->rep.members++;
	return se_source_put(x, SRC_USER, uid, &m.id, NULL, -1);
}

/* ---- Posts.xml -------------------------------------------------------------------- */

static const char *const posts_attrs[] = {
	"Id", "PostTypeId", "ParentId", "AcceptedAnswerId", "CreationDate",
	"Body", "OwnerUserId", "Title", "Tags", "ClosedDate", NULL
};

/* "<beer><ale>" or "|beer|ale|" -> "beer ale", normalised. */
static int se_tags(se *x, const char *v, char **out)
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
		char why[200];
		snprintf(why, sizeof(why), "%s", cop_errmsg(x->s));
		return se_format(x, "attribute Tags: %s", why);
	}
	return rc;
}

static int se_body(se *x, const char *v, const char *name)
{
	if (v && strlen(v) > COP_BODY_MAX)
		return se_format(x, "attribute %s is too long", name);
	return COP_OK;
}

/* Count a new contribution in its thread and its author's standing. */
static int se_counted(se *x, const cop_contribution_rec *c, int bump)
{
	cop_store *s = x->s;
	cop_thread_rec t;
	cop_val p[2];
	int rc;

	if (bump) {
		p[0] = cop__v_id(&c->thread_id);
		p[1] = cop__v_int(c->created);
		if ((rc = s->be->rop(s->be, COP_ROP_THREAD_BUMP, p, 2, NULL))
				!= COP_OK)
			return cop__be_error(s, rc, "updating a thread");
	}
	/* The hook reads the thread's tags, author and count only for the
	 * welcomer badge, which imported communities do not award. */
	memset(&t, 0, sizeof(t));
	t.id = c->thread_id;
	t.community_id = c->community_id;
	t.tags = (char *)"";
	return cop__recognition_contribution(s, c, &t);
}

static int se_question(se *x, const char **v, int64_t pid, cop_time created)
{
	cop_store *s = x->s;
	cop_thread_rec t;
	cop_contribution_rec c;
	char *tags = NULL;
	int rc;

	if (!v[7])
		return se_format(x, "missing attribute %s", "Title");
	if (strlen(v[7]) == 0 || se_prefix(v[7], 301) > se_prefix(v[7], 300))
		return se_format(x, "attribute %s is empty or too long", "Title");
	if ((rc = se_body(x, v[5], "Body")) != COP_OK ||
	    (rc = se_tags(x, v[8], &tags)) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	memset(&c, 0, sizeof(c));
	if ((rc = se_user(x, v[6], &t.author_id)) != COP_OK ||
	    (rc = cop__id_new(s, &t.id)) != COP_OK ||
	    (rc = cop__id_new(s, &c.id)) != COP_OK)
		goto out;
	t.community_id = x->c.id;
	t.kind = COP_THREAD_QUESTION;
	t.state = v[9] && *v[9] ? COP_THREAD_CLOSED : COP_THREAD_OPEN;
	t.title = (char *)v[7];
	t.tags = tags;
	t.language = x->c.language;
	t.created = t.last_activity = created;
	t.contribution_count = 1;
	if ((rc = s->be->insert(s->be, COP_REC_THREAD, &t)) != COP_OK) {
		rc = cop__be_error(s, rc, "creating a thread");
		goto out;
	}
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
	rc = se_source_put(x, SRC_POST, pid, &c.id, &t.id, COP_CONTRIB_POST);
out:
	cop_free(tags);
	return rc;
}

static int se_answer(se *x, const char **v, int64_t pid, cop_time created)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_id qpost, thread;
	int64_t qid;
	int rc, found = 0, pkind = -1;

	if (!v[2])
		return se_format(x, "missing attribute %s", "ParentId");
	if ((rc = se_int(x, v[2], "ParentId", &qid)) != COP_OK ||
	    (rc = se_body(x, v[5], "Body")) != COP_OK ||
	    (rc = se_lookup(x, SRC_POST, qid, &qpost, &thread, &pkind,
			&found)) != COP_OK)
		return rc;
	/* The parent must be a question (its thread's first post), not
	 * another answer. */
	found = found && pkind == COP_CONTRIB_POST;
	if (!found) {
		x->rep.skipped_posts++;
		return COP_OK;
	}
	memset(&c, 0, sizeof(c));
	if ((rc = se_user(x, v[6], &c.author_id)) != COP_OK ||
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
	return se_source_put(x, SRC_POST, pid, &c.id, &thread,
		COP_CONTRIB_ANSWER);
}

/*
 * Posts.xml is read twice: questions (and what is skipped) first, then
 * answers, so that an answer listed before its question is imported the
 * first time as it would be the second (importing again changes nothing).
 */
static int se_posts_any(se *x, const char **v, int answers)
{
	int64_t pid, type, aid;
	cop_time created;
	int rc, found = 0;

	if (!v[0])
		return se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return se_format(x, "missing attribute %s", "PostTypeId");
	if (!v[4])
		return se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = se_int(x, v[0], "Id", &pid)) != COP_OK ||
	    (rc = se_int(x, v[1], "PostTypeId", &type)) != COP_OK ||
	    (rc = se_date(x, v[4], "CreationDate", &created)) != COP_OK)
		return rc;
	if (answers != (type == 2))
		return COP_OK;
	if (type == 1 && v[3] && *v[3]) {
		/* Accepted once every answer is in. */
		if ((rc = se_int(x, v[3], "AcceptedAnswerId", &aid)) != COP_OK)
			return rc;
		if (x->nacc == x->capacc) {
			size_t nc = x->capacc ? x->capacc * 2 : 256;
			se_accept *na = cop_realloc(x->acc, nc * sizeof(*na));
			if (!na)
				return cop__error(x->s, COP_ENOMEM, "out of memory");
			x->acc = na;
			x->capacc = nc;
		}
		x->acc[x->nacc].question = pid;
		x->acc[x->nacc++].answer = aid;
	}
	if (type != 1 && type != 2) {
		x->rep.skipped_posts++;
		return COP_OK;
	}
	if ((rc = se_seen(x, SRC_POST, pid, &found)) != COP_OK || found)
		return rc;
	x->s->fixed_now = created;
	return type == 1 ? se_question(x, v, pid, created) :
		se_answer(x, v, pid, created);
}

static int se_posts(se *x, const char **v)
{
	return se_posts_any(x, v, 0);
}

static int se_answers(se *x, const char **v)
{
	return se_posts_any(x, v, 1);
}

/* The accepted answers the questions named, once every answer is in. */
static int se_accepts(se *x)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_key k;
	cop_id aid, thread;
	char text[COP_ID_TEXT_LEN + 1];
	size_t i;
	int rc, found;

	for (i = 0; i < x->nacc; i++) {
		if ((rc = se_seen(x, SRC_ACCEPT, x->acc[i].question, &found))
				!= COP_OK)
			return rc;
		if (found)
			continue;
		if ((rc = se_lookup(x, SRC_POST, x->acc[i].answer, &aid, &thread,
				NULL, &found)) != COP_OK)
			return rc;
		memset(&c, 0, sizeof(c));
		if (found) {
			memset(&k, 0, sizeof(k));
			k.id = aid;
			if ((rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &k, &c))
					!= COP_OK)
				return cop__be_error(s, rc, "reading an answer");
		}
		if (found && c.kind == COP_CONTRIB_ANSWER) {
			/* The answer must be to this question. */
			cop_id qpost, qthread;
			int qfound = 0;
			if ((rc = se_lookup(x, SRC_POST, x->acc[i].question, &qpost,
					&qthread, NULL, &qfound)) != COP_OK) {
				cop_rec_clear(COP_REC_CONTRIBUTION, &c);
				return rc;
			}
			found = qfound && !memcmp(&qthread, &c.thread_id,
				sizeof(qthread));
		}
		if (!found || c.kind != COP_CONTRIB_ANSWER) {
			cop_rec_clear(COP_REC_CONTRIBUTION, &c);
			x->rep.skipped_accepts++;
			continue;
		}
		s->fixed_now = c.created;
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
		cop_id_format(text, &aid);
		if ((rc = cop_answer_accept(s, text)) != COP_OK)
			return rc;
		x->rep.accepted++;
		if ((rc = se_source_put(x, SRC_ACCEPT, x->acc[i].question, &aid,
				NULL, -1)) != COP_OK)
			return rc;
	}
	return COP_OK;
}

/* ---- Comments.xml ----------------------------------------------------------------- */

static const char *const comments_attrs[] = {
	"Id", "PostId", "Text", "CreationDate", "UserId", NULL
};

static int se_comments(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_id post, thread;
	int64_t id, pid;
	int rc, found = 0;

	if (!v[0])
		return se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return se_format(x, "missing attribute %s", "PostId");
	if (!v[3])
		return se_format(x, "missing attribute %s", "CreationDate");
	memset(&c, 0, sizeof(c));
	if ((rc = se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = se_int(x, v[1], "PostId", &pid)) != COP_OK ||
	    (rc = se_date(x, v[3], "CreationDate", &c.created)) != COP_OK ||
	    (rc = se_body(x, v[2], "Text")) != COP_OK ||
	    (rc = se_seen(x, SRC_COMMENT, id, &found)) != COP_OK || found)
		return rc;
	if ((rc = se_lookup(x, SRC_POST, pid, &post, &thread, NULL,
			&found)) != COP_OK)
		return rc;
	if (!found) {
		x->rep.skipped_comments++;
		return COP_OK;
	}
	s->fixed_now = c.created;
	if ((rc = se_user(x, v[4], &c.author_id)) != COP_OK ||
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
	return se_source_put(x, SRC_COMMENT, id, &c.id, &thread, -1);
}

/* ---- PostHistory.xml -------------------------------------------------------------- */

static const char *const history_attrs[] = {
	"Id", "PostHistoryTypeId", "PostId", "CreationDate", "UserId",
	"Comment", "Text", NULL
};

static int se_history(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_revision_rec r;
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	cop_id post, thread;
	char comment[SE_COMMENT_MAX * 4 + 1];
	int64_t id, type, pid;
	size_t n;
	int rc, found = 0;

	if (!v[0])
		return se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return se_format(x, "missing attribute %s", "PostHistoryTypeId");
	if (!v[2])
		return se_format(x, "missing attribute %s", "PostId");
	if (!v[3])
		return se_format(x, "missing attribute %s", "CreationDate");
	memset(&r, 0, sizeof(r));
	if ((rc = se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = se_int(x, v[1], "PostHistoryTypeId", &type)) != COP_OK ||
	    (rc = se_int(x, v[2], "PostId", &pid)) != COP_OK ||
	    (rc = se_date(x, v[3], "CreationDate", &r.created)) != COP_OK ||
	    (rc = se_body(x, v[6], "Text")) != COP_OK)
		return rc;
	/* Bodies: 2 initial, 5 edited, 8 rolled back. */
	if (type != 2 && type != 5 && type != 8) {
		x->rep.ignored++;
		return COP_OK;
	}
	if ((rc = se_seen(x, SRC_HISTORY, id, &found)) != COP_OK || found)
		return rc;
	if ((rc = se_lookup(x, SRC_POST, pid, &post, &thread, NULL,
			&found)) != COP_OK)
		return rc;
	if (!found) {
		x->rep.skipped_revisions++;
		return COP_OK;
	}
	if ((rc = se_user(x, v[4], &r.author_id)) != COP_OK)
		return rc;
	p[0] = cop__v_id(&post);
	p[1] = cop__v_int(type == 2 ? 0 : r.created);
	if ((rc = s->be->rop(s->be, COP_ROP_REVISION_BUMP, p, 2, &it)) != COP_OK)
		return cop__be_error(s, rc, "numbering a revision");
	rc = it->next(it, &row);
	if (rc == COP_OK)
		r.number = (int)row.col[0].i;
	it->free(it);
	if (rc != COP_OK)
		return cop__be_error(s, rc == COP_ITEROVER ? COP_ECORRUPT : rc,
			"numbering a revision");
	n = v[5] ? se_prefix(v[5], SE_COMMENT_MAX) : 0;
	memcpy(comment, v[5] ? v[5] : "", n);
	comment[n] = '\0';
	r.contribution_id = post;
	r.community_id = x->c.id;
	r.body = (char *)(v[6] ? v[6] : "");
	r.comment = n ? comment : NULL;
	if ((rc = s->be->insert(s->be, COP_REC_REVISION, &r)) != COP_OK)
		return cop__be_error(s, rc, "saving a revision");
	x->rep.revisions++;
	return se_source_put(x, SRC_HISTORY, id, &post, NULL, -1);
}

/* ---- Votes.xml --------------------------------------------------------------------- */

static const char *const votes_attrs[] = {
	"Id", "PostId", "VoteTypeId", "CreationDate", NULL
};

static int se_votes(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_id post, thread;
	char text[COP_ID_TEXT_LEN + 1];
	int64_t id, pid, type;
	cop_time when;
	int rc, found = 0;

	if (!v[0])
		return se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return se_format(x, "missing attribute %s", "PostId");
	if (!v[2])
		return se_format(x, "missing attribute %s", "VoteTypeId");
	if (!v[3])
		return se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = se_int(x, v[1], "PostId", &pid)) != COP_OK ||
	    (rc = se_int(x, v[2], "VoteTypeId", &type)) != COP_OK ||
	    (rc = se_date(x, v[3], "CreationDate", &when)) != COP_OK)
		return rc;
	/* 2 up, 3 down; the rest (accepted, favourite, close, bounty, ...)
	 * are not votes in libcop. */
	if (type != 2 && type != 3) {
		x->rep.ignored++;
		return COP_OK;
	}
	if ((rc = se_seen(x, SRC_VOTE, id, &found)) != COP_OK || found)
		return rc;
	if ((rc = se_lookup(x, SRC_POST, pid, &post, &thread, NULL,
			&found)) != COP_OK)
		return rc;
	if (!found) {
		x->rep.skipped_votes++;
		return COP_OK;
	}
	s->fixed_now = when;
	cop_id_format(text, &post);
	if ((rc = cop_vote_cast(s, text, type == 2 ? COP_VOTE_UP :
			COP_VOTE_DOWN)) != COP_OK)
		return rc;
	x->rep.votes++;
	return se_source_put(x, SRC_VOTE, id, &post, NULL, -1);
}

/* ---- Badges.xml -------------------------------------------------------------------- */

static const char *const badges_attrs[] = {
	"Id", "UserId", "Name", "Date", "Class", NULL
};

static int se_badges(se *x, const char **v)
{
	cop_store *s = x->s;
	cop_val p[8];
	cop_id member, bid;
	int64_t id, klass = 3;
	cop_time when;
	int rc, found = 0;

	if (!v[0])
		return se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return se_format(x, "missing attribute %s", "UserId");
	if (!v[2] || !*v[2])
		return se_format(x, "missing attribute %s", "Name");
	if (!v[3])
		return se_format(x, "missing attribute %s", "Date");
	if ((rc = se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = se_date(x, v[3], "Date", &when)) != COP_OK ||
	    (v[4] && (rc = se_int(x, v[4], "Class", &klass)) != COP_OK))
		return rc;
	if (klass < 1 || klass > 3)
		return se_format(x, "attribute %s is not 1, 2 or 3", "Class");
	if (strlen(v[2]) > SE_BADGE_NAME_MAX)
		return se_format(x, "attribute %s is too long", "Name");
	if ((rc = se_seen(x, SRC_BADGE, id, &found)) != COP_OK || found ||
	    (rc = se_user(x, v[1], &member)) != COP_OK)
		return rc;
	if (cop_id_is_nil(&member)) {
		x->rep.skipped_badges++;
		return COP_OK;
	}
	s->fixed_now = when;
	if ((rc = cop__id_new(s, &bid)) != COP_OK)
		return rc;
	/* Class 1 gold, 2 silver, 3 bronze. */
	p[0] = cop__v_id(&bid);
	p[1] = cop__v_id(&x->c.id);
	p[2] = cop__v_id(&member);
	p[3] = cop__v_int(COP_BADGE_NAMED);
	p[4] = cop__v_id(&bid);
	p[5] = cop__v_int(when);
	p[6] = cop__v_text(v[2]);
	p[7] = cop__v_int(klass == 1 ? COP_BADGE_GOLD : klass == 2 ?
		COP_BADGE_SILVER : COP_BADGE_BRONZE);
	if ((rc = s->be->rop(s->be, COP_ROP_X_BADGE_INS, p, 8, NULL)) != COP_OK)
		return cop__be_error(s, rc, "saving a badge");
	x->rep.badges++;
	return se_source_put(x, SRC_BADGE, id, &bid, NULL, -1);
}

/* ---- PostLinks.xml ------------------------------------------------------------------ */

static const char *const links_attrs[] = {
	"Id", "PostId", "RelatedPostId", "LinkTypeId", "CreationDate", NULL
};

static int se_links(se *x, const char **v)
{
	cop_id a, ta, b, tb;
	int64_t id, pa, pb, type;
	cop_time when;
	int rc, fa = 0, fb = 0, found = 0;

	if (!v[0])
		return se_format(x, "missing attribute %s", "Id");
	if (!v[1])
		return se_format(x, "missing attribute %s", "PostId");
	if (!v[2])
		return se_format(x, "missing attribute %s", "RelatedPostId");
	if (!v[3])
		return se_format(x, "missing attribute %s", "LinkTypeId");
	if (!v[4])
		return se_format(x, "missing attribute %s", "CreationDate");
	if ((rc = se_int(x, v[0], "Id", &id)) != COP_OK ||
	    (rc = se_int(x, v[1], "PostId", &pa)) != COP_OK ||
	    (rc = se_int(x, v[2], "RelatedPostId", &pb)) != COP_OK ||
	    (rc = se_int(x, v[3], "LinkTypeId", &type)) != COP_OK ||
	    (rc = se_date(x, v[4], "CreationDate", &when)) != COP_OK)
		return rc;
	/* 1 linked (related), 3 duplicate. */
	if (type != 1 && type != 3) {
		x->rep.ignored++;
		return COP_OK;
	}
	if ((rc = se_seen(x, SRC_LINK, id, &found)) != COP_OK || found ||
	    (rc = se_lookup(x, SRC_POST, pa, &a, &ta, NULL, &fa)) != COP_OK ||
	    (rc = se_lookup(x, SRC_POST, pb, &b, &tb, NULL, &fb)) != COP_OK)
		return rc;
	if (fa && fb && !memcmp(ta.bytes, tb.bytes, sizeof(ta.bytes)))
		fa = 0;
	if (fa && fb && (rc = cop__link_exists(x->s, &ta, &tb, &found)) != COP_OK)
		return rc;
	if (!fa || !fb || found) {
		x->rep.skipped_links++;
		return COP_OK;
	}
	if ((rc = cop__link_put(x->s, &x->c.id, &ta, &tb, type == 3 ?
			COP_LINK_DUPLICATE : COP_LINK_RELATED, when)) != COP_OK)
		return rc;
	x->rep.links++;
	return se_source_put(x, SRC_LINK, id, &ta, NULL, -1);
}

/* ---- Tags.xml ---------------------------------------------------------------------- */

static const char *const tags_attrs[] = { "TagName", NULL };

/* Tags live on the threads (Posts' Tags); Tags.xml is only checked. */
static int se_tagrows(se *x, const char **v)
{
	if (!v[0] || !*v[0])
		return se_format(x, "missing attribute %s", "TagName");
	return COP_OK;
}

/* ---- reading a file ------------------------------------------------------------------ */

static const se_file se_files[] = {
	{ "Users", 1, users_attrs, se_users },
	{ "Posts", 1, posts_attrs, se_posts },
	{ "Posts", 1, posts_attrs, se_answers },
	{ "Comments", 0, comments_attrs, se_comments },
	{ "PostHistory", 0, history_attrs, se_history },
	{ "Votes", 0, votes_attrs, se_votes },
	{ "Badges", 0, badges_attrs, se_badges },
	{ "PostLinks", 0, links_attrs, se_links },
	{ "Tags", 0, tags_attrs, se_tagrows },
};

/* libxml2's generic errors during a read: the first one is kept. */
static void se_generic_error(void *arg, const char *fmt, ...)
	COP__PRINTF(2, 3);

static void se_generic_error(void *arg, const char *fmt, ...)
{
	se *x = arg;
	va_list ap;
	size_t n;

	if (x->xmlerr[0])
		return;
	va_start(ap, fmt);
	vsnprintf(x->xmlerr, sizeof(x->xmlerr), fmt, ap);
	va_end(ap);
	n = strlen(x->xmlerr);
	while (n > 0 && (x->xmlerr[n - 1] == '\n' || x->xmlerr[n - 1] == ' '))
		x->xmlerr[--n] = '\0';
}

static void se_xml_error(void *arg, xmlErrorPtr err)
{
	se *x = arg;
	size_t n;

	if (!err || err->level < XML_ERR_ERROR || x->xmlerr[0])
		return;
	snprintf(x->xmlerr, sizeof(x->xmlerr), "%s",
		err->message ? err->message : "malformed XML");
	n = strlen(x->xmlerr);
	while (n > 0 && (x->xmlerr[n - 1] == '\n' || x->xmlerr[n - 1] == ' '))
		x->xmlerr[--n] = '\0';
	x->xmlerr_line = err->line;
}

/* The uncompressed size of a gzip file (its trailer), 0 when unknown. */
static uint64_t se_gz_size(const char *path, uint64_t csize)
{
	unsigned char b[4];
	uint64_t n = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	if (csize >= 18 && pread(fd, b, 4, (off_t)(csize - 4)) == 4)
		n = (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
			(uint64_t)b[3] << 24;
	close(fd);
	return n >= csize ? n : 0;
}

static void se_progress(se *x, uint64_t done)
{
	if (!x->opts || !x->opts->progress)
		return;
	if (x->total && done > x->total)
		done = x->total;
	x->opts->progress(x->opts->progress_ctx, x->fname, done, x->total);
}

/* Attribute @p a's value, borrowed from the node (or made into @p tmp). */
static const char *se_attr_value(xmlAttrPtr a, xmlChar **tmp)
{
	if (a->children && a->children->type == XML_TEXT_NODE &&
	    !a->children->next)
		return (const char *)a->children->content;
	if (!a->children)
		return "";
	*tmp = xmlNodeListGetString(a->doc, a->children, 1);
	return *tmp ? (const char *)*tmp : "";
}

static int se_read(se *x, const char *dir, const se_file *f)
{
	cop_store *s = x->s;
	char path[4096];
	struct stat st;
	const char *v[SE_MAX_ATTRS];
	xmlChar *tmp[SE_MAX_ATTRS];
	long rows = 0;
	int rc = COP_OK, ret, gz = 0, i;
	xmlGenericErrorFunc old_fn;
	void *old_ctx;

	snprintf(path, sizeof(path), "%s/%s.xml", dir, f->base);
	if (stat(path, &st) != 0) {
		snprintf(path, sizeof(path), "%s/%s.xml.gz", dir, f->base);
		gz = 1;
		if (stat(path, &st) != 0) {
			if (!f->required)
				return COP_OK;
			return cop__error(s, COP_ENOTFOUND, "%s: no %s.xml or "
				"%s.xml.gz", dir, f->base, f->base);
		}
	}
	snprintf(x->fname, sizeof(x->fname), "%s.xml%s", f->base, gz ? ".gz" : "");
	x->total = gz ? se_gz_size(path, (uint64_t)st.st_size) :
		(uint64_t)st.st_size;
	x->xmlerr[0] = '\0';
	x->line = 0;
	/* Encoding and I/O errors go to libxml2's generic handler (stderr
	 * by default): this read keeps them as its own message instead. */
	old_ctx = xmlGenericErrorContext;
	old_fn = xmlGenericError;
	xmlSetGenericErrorFunc(x, se_generic_error);
	x->r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_COMPACT |
		XML_PARSE_BIG_LINES);
	if (!x->r) {
		xmlSetGenericErrorFunc(old_ctx, old_fn);
		return cop__error(s, COP_EIO, "%s: cannot open", path);
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, se_xml_error, x);
	se_progress(x, 0);
	while ((ret = xmlTextReaderRead(x->r)) == 1) {
		xmlNodePtr node;
		xmlAttrPtr a;

		if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT ||
		    xmlTextReaderDepth(x->r) != 1)
			continue;
		node = xmlTextReaderCurrentNode(x->r);
		if (!node || strcmp((const char *)node->name, "row"))
			continue;
		x->line = xmlGetLineNo(node);
		memset(v, 0, sizeof(v));
		memset(tmp, 0, sizeof(tmp));
		for (a = node->properties; a; a = a->next)
			for (i = 0; f->attrs[i]; i++)
				if (!strcmp((const char *)a->name, f->attrs[i])) {
					v[i] = se_attr_value(a, &tmp[i]);
					break;
				}
		rc = f->row(x, v);
		for (i = 0; i < SE_MAX_ATTRS; i++)
			if (tmp[i])
				xmlFree(tmp[i]);
		if (rc != COP_OK)
			break;
		if (++rows % SE_PROGRESS_EVERY == 0)
			se_progress(x, (uint64_t)xmlTextReaderByteConsumed(x->r));
	}
	if (rc == COP_OK && (ret != 0 || x->xmlerr[0])) {
		long line = x->xmlerr_line ? x->xmlerr_line :
			xmlTextReaderGetParserLineNumber(x->r);
		rc = cop__error(s, COP_EFORMAT, "%s:%ld: malformed XML: %s",
			x->fname, line, x->xmlerr[0] ? x->xmlerr :
			"the reader stopped");
	} else if (rc != COP_OK && rc != COP_EFORMAT) {
		/* Name where it happened. */
		char msg[COP__ERRMSG_MAX];
		snprintf(msg, sizeof(msg), "%s", cop_errmsg(s));
		cop__error(s, rc, "%s:%ld: %s", x->fname, x->line, msg);
	}
	xmlFreeTextReader(x->r);
	x->r = NULL;
	xmlSetGenericErrorFunc(old_ctx, old_fn);
	if (rc == COP_OK)
		se_progress(x, x->total);
	return rc;
}

/* ---- the community -------------------------------------------------------------------- */

/* The folder's last component made into a slug. */
static void se_slug_of(const char *dir, char *out, size_t cap)
{
	const char *b = dir + strlen(dir);
	size_t n = 0;
	int dash = 1;

	while (b > dir && b[-1] == '/')
		b--;
	{
		const char *e = b;
		while (b > dir && b[-1] != '/')
			b--;
		for (; b < e && n + 1 < cap; b++) {
			unsigned char ch = (unsigned char)*b;
			if (ch >= 'A' && ch <= 'Z')
				ch = (unsigned char)(ch - 'A' + 'a');
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
				out[n++] = (char)ch;
				dash = 0;
			} else if (!dash) {
				out[n++] = '-';
				dash = 1;
			}
		}
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (n == 0)
		snprintf(out, cap, "imported");
}

static int se_community(se *x, const char *slug)
{
	cop_store *s = x->s;
	cop_recognition_config cfg;
	cop_key k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.name = slug;
	rc = s->be->get(s->be, COP_REC_COMMUNITY, &k, &x->c);
	if (rc == COP_ENOTFOUND) {
		cop_rec_clear(COP_REC_COMMUNITY, &x->c);
		if ((rc = cop_community_create(NULL, s, slug, slug, NULL, NULL,
				COP_VISIBILITY_PUBLIC)) != COP_OK)
			return rc;
		x->changed = 1;
		rc = s->be->get(s->be, COP_REC_COMMUNITY, &k, &x->c);
	}
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading the community");
	/* Its history brings its own badges: no rule badges for it. */
	if ((rc = cop_recognition_config_get(&cfg, s, slug)) != COP_OK)
		return rc;
	if (cfg.rule_badges) {
		cfg.rule_badges = 0;
		if ((rc = cop_recognition_config_set(s, slug, &cfg)) != COP_OK)
			return rc;
		x->changed = 1;
	}
	return COP_OK;
}

int cop_import_stackexchange(cop_import_report *out, cop_store *s,
	const char *dir, const cop_import_options *opts)
{
	struct stat st;
	cop_time saved_now;
	size_t i;
	se x;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!dir || !*dir)
		return cop__error(s, COP_EINVAL, "dir is required");
	if (opts && opts->version != COP_IMPORT_OPTIONS_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported cop_import_options "
			"version %d", opts->version);
	if (s->has_actor)
		return cop__error(s, COP_EINVAL, "imports run as the system "
			"(the store has an actor)");
	if (s->be->version < 2 || !s->be->rop)
		return cop__error(s, COP_ENOTSUP, "the %s backend has no "
			"recognition storage", s->be->name);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cop__error(s, COP_ENOTFOUND, "no folder %s", dir);
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.opts = opts;
	x.rep.version = COP_IMPORT_REPORT_VERSION;
	if (opts && opts->community)
		snprintf(x.slug, sizeof(x.slug), "%s", opts->community);
	else
		se_slug_of(dir, x.slug, sizeof(x.slug));
	if ((opts && opts->community && strlen(opts->community) >= sizeof(x.slug)) ||
	    (rc = cop__check_slug(s, x.slug)) != COP_OK)
		return cop__error(s, COP_EINVAL, "invalid community slug '%s'",
			opts && opts->community ? opts->community : x.slug);
	if (!(x.cache = cop_mallocz(sizeof(se_slot) << SE_CACHE_BITS)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	saved_now = s->fixed_now;
	if ((rc = cop__write_begin(s)) != COP_OK) {
		cop_free(x.cache);
		return rc;
	}
	rc = se_community(&x, x.slug);
	for (i = 0; rc == COP_OK && i < sizeof(se_files) / sizeof(se_files[0]);
			i++) {
		rc = se_read(&x, dir, &se_files[i]);
		/* After the second pass over Posts.xml (the answers). */
		if (rc == COP_OK && se_files[i].row == se_answers)
			rc = se_accepts(&x);
	}
	s->fixed_now = saved_now;
	if (rc == COP_OK && x.changed)
		rc = cop__log(s, "community.import", &x.c.id, &x.c.id);
	rc = cop__write_end(s, rc);
	s->fixed_now = saved_now;
	cop_rec_clear(COP_REC_COMMUNITY, &x.c);
	cop_free(x.cache);
	cop_free(x.acc);
	if (rc != COP_OK)
		return rc;
	if (out)
		*out = x.rep;
	return cop__ok(s);
}
