/*
 * mail_outbox.c: outgoing mail (include/cop/mail.h, docs/mail.md,
 * "Outgoing mail"): members' delivery preferences per community, the
 * outbox filled with notifications and digests rendered once
 * (mail_render.c), listed, and handed to a sendmail-compatible program.
 *
 * What a member gets by mail is read as that member, through the API
 * (their feed, cop_contribution_lookup(), cop_digest_community()), so
 * the library's one visibility rule decides what shows: a member gets
 * no mail about what they may not see.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "mail_out.h"
#include "privacy_self.h"
#include "cop/community.h"
#include "cop/contribution.h"
#include "cop/digest.h"
#include "cop/member.h"
#include "cop/notify.h"
#include "cop/store.h"
#include "cop/thread.h"

extern char **environ;

#define DAY_MS ((cop_time)24 * 60 * 60 * 1000)

static const char *const delivery_names[] = {
	"none", "every", "daily", "weekly"
};
COP__ENUM_NAMES(cop_mail_delivery, cop_mail_delivery, delivery_names)

static const char *const state_names[] = { "waiting", "sent", "failed" };

const char *cop_outbox_state_name(cop_outbox_state v)
{
	return (unsigned int)v < 3 ? state_names[v] : NULL;
}

/* The mail table with outgoing mail (version 2), or COP_ENOTSUP. */
static int out_table(cop_store *s, const cop_backend_mail **t)
{
	int rc;

	if ((rc = cop__mail_table(s, t)) != COP_OK)
		return rc;
	if ((*t)->version < 2)
		return cop__error(s, COP_ENOTSUP,
			"this backend has no outgoing mail");
	return COP_OK;
}

/* ---- delivery preferences --------------------------------------------------- */

/* The member (themself or the system acting) and a community they are a
 * member of, active or silenced, that the actor sees. */
static int pref_open(cop_store *s, const char *member, const char *community,
	cop_member_rec *m, cop_community_rec *c, const cop_backend_mail **t)
{
	cop_membership *ms = NULL;
	char mid[COP_ID_TEXT_LEN + 1];
	int rc, st;

	memset(m, 0, sizeof(*m));
	memset(c, 0, sizeof(*c));
	if (!community || !*community)
		return cop__error(s, COP_EINVAL, "a community is required");
	if ((rc = out_table(s, t)) != COP_OK ||
	    (rc = cop__member_self(s, member, m, "mail delivery of")) != COP_OK ||
	    (rc = cop__community_resolve(s, community, c, NULL)) != COP_OK)
		return rc;
	cop__id_text(mid, &m->id);
	rc = cop_membership_lookup(&ms, s, community, mid);
	st = rc == COP_OK ? (int)cop_membership_status_get(ms) : -1;
	cop_membership_free(ms);
	if (rc != COP_OK && rc != COP_ENOTFOUND)
		return rc;
	if (st != COP_MEMBERSHIP_ACTIVE && st != COP_MEMBERSHIP_SILENCED)
		return cop__error(s, COP_EPERM,
			"member %.64s is not a member of community %.64s",
			m->handle ? m->handle : mid, c->slug);
	return COP_OK;
}

int cop_mail_delivery_set(cop_store *s, const char *member,
	const char *community, cop_mail_delivery delivery)
{
	const cop_backend_mail *t;
	cop_member_rec m;
	cop_community_rec c;
	cop_mail_pref_rec p;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!cop_mail_delivery_name(delivery))
		return cop__error(s, COP_EINVAL, "unknown mail delivery %d",
			(int)delivery);
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	if ((rc = pref_open(s, member, community, &m, &c, &t)) == COP_OK) {
		memset(&p, 0, sizeof(p));
		p.member_id = m.id;
		p.community_id = c.id;
		p.mode = (int)delivery;
		p.since = cop_store_now(s);
		if ((rc = t->pref_put(s->be, &p)) != COP_OK)
			rc = cop__be_error(s, rc, "setting a mail delivery");
		else
			rc = cop__log(s, "mail.delivery", &m.id, &c.id);
	}
	cop_rec_clear(COP_REC_MEMBER, &m);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__write_done(s, rc);
}

int cop_mail_delivery_get(cop_mail_delivery *out, cop_store *s,
	const char *member, const char *community)
{
	const cop_backend_mail *t;
	cop_member_rec m;
	cop_community_rec c;
	cop_mail_pref_rec p;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is required");
	*out = COP_MAIL_NONE;
	if ((rc = pref_open(s, member, community, &m, &c, &t)) == COP_OK) {
		rc = t->pref_get(s->be, &m.id, &c.id, &p);
		if (rc == COP_OK)
			*out = (cop_mail_delivery)p.mode;
		else if (rc == COP_ENOTFOUND)
			rc = COP_OK;
		else
			rc = cop__be_error(s, rc, "reading a mail delivery");
	}
	cop_rec_clear(COP_REC_MEMBER, &m);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_mail_unsubscribe(cop_store *s, const char *token)
{
	const cop_backend_mail *t;
	const cop_id *actor;
	cop_mail_pref_rec p;
	cop_id member, community;
	unsigned char body[32];
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = out_table(s, &t)) != COP_OK ||
	    (rc = cop__mail_token_check(s, COP_MAIL_TOKEN_UNSUBSCRIBE, token,
			body, sizeof(body))) != COP_OK)
		return rc;
	memcpy(&member, body, sizeof(cop_id));
	memcpy(&community, body + 16, sizeof(cop_id));
	actor = cop__actor(s);
	if (actor && memcmp(actor, &member, sizeof(cop_id)))
		return cop__error(s, COP_EPERM, "the token is another member's");
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = t->pref_get(s->be, &member, &community, &p);
	if (rc == COP_OK && p.mode != COP_MAIL_NONE) {
		p.mode = COP_MAIL_NONE;
		p.since = cop_store_now(s);
		if ((rc = t->pref_put(s->be, &p)) != COP_OK)
			rc = cop__be_error(s, rc, "setting a mail delivery");
		else
			rc = cop__log(s, "mail.delivery", &p.member_id,
				&p.community_id);
	} else if (rc == COP_OK || rc == COP_ENOTFOUND) {
		rc = COP_OK;            /* no mail already: nothing to change */
	} else {
		rc = cop__be_error(s, rc, "reading a mail delivery");
	}
	return cop__write_done(s, rc);
}

int cop__mail_out_forget(cop_store *s, const cop_backend_mail *t,
	const cop_id *member)
{
	int rc;

	if (t->version < 2)
		return COP_OK;
	if ((rc = t->pref_forget(s->be, member)) != COP_OK ||
	    (rc = t->outbox_forget(s->be, member)) != COP_OK)
		return cop__be_error(s, rc, "removing a member's outgoing mail");
	return COP_OK;
}

/* ---- filling the outbox -------------------------------------------------------- */

/* A message rendered, waiting to be written. */
typedef struct pending {
	cop_id member, community;
	char source[80];
	char *recipient;
	char *message;
} pending;

typedef struct fill {
	cop_store *s;
	const cop_backend_mail *t;
	const char *domain, *from, *url;
	cop_time now;
	cop_mail_pref_rec *pref;
	size_t npref, cappref;
	pending *out;
	size_t nout, capout;
} fill;

static int pref_keep(void *arg, const cop_mail_pref_rec *r)
{
	fill *f = arg;
	int rc;

	if ((rc = cop__grow(f->s, &f->pref, f->npref, &f->cappref,
			sizeof(*f->pref), 16)) != COP_OK)
		return rc;
	f->pref[f->npref++] = *r;
	return COP_OK;
}

/* What every message of fill @p f to @p to about community @p slug has:
 * its sender (@p from_name), its list and unsubscribe headers (the signed
 * token @p unsub) and its date; the caller adds the rest. */
static void mail_out_init(cop__mail_out *m, const fill *f,
	const char *from_name, const char *to, const char *slug,
	const char *unsub)
{
	memset(m, 0, sizeof(*m));
	m->domain = f->domain;
	m->from = f->from;
	m->from_name = from_name;
	m->to = to;
	m->slug = slug;
	m->unsubscribe_url = f->url;
	m->unsubscribe_token = unsub;
	m->date = f->now;
}

/* The member's address for mail: the primary one when verified, else the
 * first verified; NULL (none) is not an error. */
static int pick_verified(void *arg, cop_email_rec *e)
{
	cop_email_rec *best = arg;

	if (!e->verified || (best->address && !e->is_primary))
		return COP_OK;
	cop_rec_clear(COP_REC_EMAIL, best);
	*best = *e;
	memset(e, 0, sizeof(*e));
	return COP_OK;
}

static int recipient(fill *f, const cop_id *member, char **out)
{
	cop_backend_iter *it = NULL;
	cop_email_rec e, best;
	int rc;

	*out = NULL;
	memset(&best, 0, sizeof(best));
	if ((rc = f->t->email_list(f->s->be, member, &it)) != COP_OK)
		return cop__be_error(f->s, rc, "listing a member's addresses");
	while ((rc = cop__be_next_owned(it, COP_REC_EMAIL, &e)) == COP_OK) {
		pick_verified(&best, &e);
		cop_rec_clear(COP_REC_EMAIL, &e);
	}
	it->free(it);
	if (rc != COP_ITEROVER) {
		cop_rec_clear(COP_REC_EMAIL, &best);
		return cop__be_error(f->s, rc, "listing a member's addresses");
	}
	*out = best.address;
	return COP_OK;
}

static int add_pending(fill *f, const cop_mail_pref_rec *p, const char *src,
	const char *to, char *message)
{
	pending *x;
	int rc;

	if ((rc = cop__grow(f->s, &f->out, f->nout, &f->capout,
			sizeof(*f->out), 16)) != COP_OK) {
		cop_free(message);
		return rc;
	}
	x = &f->out[f->nout];
	memset(x, 0, sizeof(*x));
	x->member = p->member_id;
	x->community = p->community_id;
	snprintf(x->source, sizeof(x->source), "%s", src);
	x->message = message;
	if (!(x->recipient = cop_strdup(to))) {
		cop_free(message);
		return cop__error(f->s, COP_ENOMEM, "out of memory");
	}
	f->nout++;
	return COP_OK;
}

/* A notification to mail: its id, contribution and thread. */
typedef struct note {
	char id[COP_ID_TEXT_LEN + 1];
	char contribution[COP_ID_TEXT_LEN + 1];
} note;

/* The member's notifications in the preference's community made since
 * its last run (newest first), about a contribution. */
static int notes_of(fill *f, const cop_mail_pref_rec *p, const char *mid,
	note **out, size_t *n)
{
	cop_notification_iter *it = NULL;
	cop_notification *x;
	char cid[COP_ID_TEXT_LEN + 1];
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	cop__id_text(cid, &p->community_id);
	if ((rc = cop_notification_iter_new(&it, f->s, mid, 0, NULL)) != COP_OK)
		return rc;
	while ((rc = cop_notification_iter_next(&x, it)) == COP_OK) {
		const char *c = cop_notification_contribution_id(x);
		int old = cop_notification_created(x) < p->last_digest;
		if (!old && c && !strcmp(cop_notification_community_id(x), cid) &&
		    (rc = cop__grow(f->s, out, *n, &cap, sizeof(**out), 8)) ==
		    COP_OK) {
			snprintf((*out)[*n].id, sizeof((*out)[*n].id), "%s",
				cop_notification_id(x));
			snprintf((*out)[*n].contribution,
				sizeof((*out)[*n].contribution), "%s", c);
			(*n)++;
		}
		cop_notification_free(x);
		if (old || rc != COP_OK)
			break;
	}
	cop_notification_iter_free(it);
	return rc == COP_ITEROVER || rc == COP_OK ? COP_OK : rc;
}

/* The id of the first contribution of @p thread into @p out. */
static int first_of(cop_store *s, const char *thread, char *out, size_t n)
{
	cop_page page = COP_PAGE_INIT;
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	int rc;

	page.limit = 1;
	if ((rc = cop_contribution_iter_new(&it, s, thread, &page)) != COP_OK)
		return rc;
	if ((rc = cop_contribution_iter_next(&c, it)) == COP_OK)
		snprintf(out, n, "%s", cop_contribution_id(c));
	cop_contribution_free(c);
	cop_contribution_iter_free(it);
	return rc;
}

/* What one notification's message says, read as its member. */
typedef struct seen {
	cop_contribution *c;
	cop_thread *t;
	cop_community *k;
	char *author;
	char first[COP_ID_TEXT_LEN + 1];
} seen;

static void seen_clear(seen *v)
{
	cop_contribution_free(v->c);
	cop_thread_free(v->t);
	cop_community_free(v->k);
	cop_free(v->author);
	memset(v, 0, sizeof(*v));
}

int cop__mail_act_as(cop_store *s, const char *mid, cop__mail_actor *saved)
{
	saved->has_actor = s->has_actor;
	saved->anonymous = s->anonymous;
	saved->actor = s->actor;
	memcpy(saved->actor_text, s->actor_text, sizeof(saved->actor_text));
	return cop_store_set_actor(s, mid);
}

void cop__mail_actor_restore(cop_store *s, const cop__mail_actor *saved)
{
	s->has_actor = saved->has_actor;
	s->anonymous = saved->anonymous;
	s->actor = saved->actor;
	memcpy(s->actor_text, saved->actor_text, sizeof(s->actor_text));
}

/* Read what @p cid is about as member @p mid: COP_ENOTFOUND (not
 * recorded) when they may not see it; the caller's actor after. */
static int see(cop_store *s, const char *mid, const char *cid, seen *v)
{
	cop__mail_actor saved;
	cop_member *a = NULL;
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = cop__mail_act_as(s, mid, &saved)) != COP_OK)
		return rc;
	rc = cop_contribution_lookup(&v->c, s, cid);
	if (rc == COP_OK)
		rc = cop_thread_lookup(&v->t, s, cop_contribution_thread_id(v->c));
	if (rc == COP_OK)
		rc = cop_community_lookup(&v->k, s,
			cop_contribution_community_id(v->c));
	if (rc == COP_OK)
		rc = first_of(s, cop_thread_id(v->t), v->first, sizeof(v->first));
	if (rc == COP_OK) {
		/* An author gone or unseen is "Someone"; a failure fails. */
		const char *author = cop_contribution_author_id(v->c);
		int ar = author ? cop_member_lookup(&a, s, author) :
			COP_ENOTFOUND;
		if (ar == COP_OK)
			v->author = cop_strdup(cop_member_display_name(a));
		else if (ar == COP_ENOTFOUND || ar == COP_EPERM)
			v->author = cop_strdup("Someone");
		else
			rc = ar;
		cop_member_free(a);
		if (rc == COP_OK && !v->author)
			rc = cop__error(s, COP_ENOMEM, "out of memory");
	}
	cop__mail_actor_restore(s, &saved);
	if (rc == COP_EPERM || rc == COP_ITEROVER)
		rc = COP_ENOTFOUND;
	if (rc != COP_OK)
		seen_clear(v);
	return rc;
}

/* The message of notification @p x for member @p mid at @p to. */
static int note_message(fill *f, const char *mid, const char *to,
	const note *x, const seen *v, char **out)
{
	cop__mail_out m;
	char *reply = NULL, *unsub = NULL, *html = NULL, *text = NULL;
	char *from_name, *subject, *msgid, *parent = NULL, *refs = NULL;
	char *reply_to = NULL, *body_html, *ea, *et, *eu;
	const char *slug = cop_community_slug(v->k);
	const char *rto = cop_contribution_reply_to(v->c);
	int first = !strcmp(v->first, x->contribution);
	int rc;

	*out = NULL;
	if ((rc = cop_mail_token_make(&reply, f->s, COP_MAIL_TOKEN_REPLY, mid,
			x->contribution)) != COP_OK ||
	    (rc = cop_mail_token_make(&unsub, f->s, COP_MAIL_TOKEN_UNSUBSCRIBE,
			mid, cop_community_id(v->k))) != COP_OK)
		goto out;
	body_html = cop__mail_md_html(cop_contribution_body(v->c));
	if (!body_html) {
		rc = cop__error(f->s, COP_ENOMEM, "out of memory");
		goto out;
	}
	from_name = g_strdup_printf("%s via %s", v->author,
		cop_community_name(v->k));
	subject = g_strdup_printf("[%s] %s%s", slug, first ? "" : "Re: ",
		cop_thread_title(v->t));
	msgid = g_strdup_printf("c.%s@%s", x->contribution, f->domain);
	if (!first) {
		parent = g_strdup_printf("c.%s@%s", rto ? rto : v->first,
			f->domain);
		refs = rto && strcmp(rto, v->first) ?
			g_strdup_printf("<c.%s@%s> <%s>", v->first, f->domain, parent) :
			g_strdup_printf("<%s>", parent);
	}
	reply_to = g_strdup_printf("reply+%s@%s", reply, f->domain);
	text = g_strdup_printf("%s wrote in %s:\n\n%s\n\n-- \nReply to this "
		"message to answer in the thread.\nStop this community's mail: "
		"%s%s\n", v->author, cop_thread_title(v->t),
		cop_contribution_body(v->c), f->url, unsub);
	ea = g_markup_escape_text(v->author, -1);
	et = g_markup_escape_text(cop_thread_title(v->t), -1);
	eu = g_markup_escape_text(f->url, -1);
	html = g_strdup_printf("<p>%s wrote in <b>%s</b>:</p>\n%s<hr>\n<p>Reply "
		"to this message to answer in the thread. <a href=\"%s%s\">Stop "
		"this community's mail</a>.</p>\n", ea, et, body_html, eu, unsub);
	g_free(ea);
	g_free(et);
	g_free(eu);
	free(body_html);
	mail_out_init(&m, f, from_name, to, slug, unsub);
	m.reply_to = reply_to;
	m.subject = subject;
	m.message_id = msgid;
	m.in_reply_to = parent;
	m.references = refs;
	m.text = text;
	m.html = html;
	if ((rc = cop__mail_render(&m, out)) != COP_OK)
		rc = cop__error(f->s, rc, "out of memory");
	g_free(from_name);
	g_free(subject);
	g_free(msgid);
	g_free(parent);
	g_free(refs);
	g_free(reply_to);
out:
	g_free(text);
	g_free(html);
	cop_text_dispose(reply);
	cop_text_dispose(unsub);
	return rc;
}

/* *in = 1 when the member of preference @p p is still an active or
 * silenced member of its community (one who left, or was banned, gets
 * none of its mail). */
static int still_member(fill *f, const cop_mail_pref_rec *p, const char *mid,
	int *in)
{
	cop_membership *ms = NULL;
	char cid[COP_ID_TEXT_LEN + 1];
	int rc, st;

	cop__id_text(cid, &p->community_id);
	rc = cop_membership_lookup(&ms, f->s, cid, mid);
	st = rc == COP_OK ? (int)cop_membership_status_get(ms) : -1;
	cop_membership_free(ms);
	*in = st == COP_MEMBERSHIP_ACTIVE || st == COP_MEMBERSHIP_SILENCED;
	return rc == COP_OK || rc == COP_ENOTFOUND ? COP_OK : rc;
}

/* Each notification of preference @p p to mail. */
static int fill_notes(fill *f, const cop_mail_pref_rec *p, const char *mid,
	const char *to)
{
	note *notes = NULL;
	size_t n = 0, i;
	char src[80], *message;
	seen v;
	int rc;

	if ((rc = notes_of(f, p, mid, &notes, &n)) != COP_OK)
		return rc;
	for (i = n; i-- > 0 && rc == COP_OK; ) {   /* oldest first */
		rc = see(f->s, mid, notes[i].contribution, &v);
		if (rc == COP_ENOTFOUND) {         /* not theirs to see now */
			rc = COP_OK;
			continue;
		}
		if (rc != COP_OK)
			break;
		snprintf(src, sizeof(src), "n:%s", notes[i].id);
		if ((rc = note_message(f, mid, to, &notes[i], &v, &message)) ==
		    COP_OK)
			rc = add_pending(f, p, src, to, message);
		seen_clear(&v);
	}
	cop_free(notes);
	return rc;
}

/* The digest of preference @p p when its day or week has passed. */
static int fill_digest(fill *f, cop_mail_pref_rec *p, const char *mid,
	const char *to)
{
	cop_time period = p->mode == COP_MAIL_DAILY ? DAY_MS : 7 * DAY_MS;
	cop_digest_options o;
	cop__mail_actor saved;
	cop_digest *d = NULL;
	cop_community *k = NULL;
	char cid[COP_ID_TEXT_LEN + 1], src[80], *text = NULL, *md = NULL;
	char *unsub = NULL, *subject, *msgid, *message = NULL;
	cop__mail_out m;
	size_t items = 0;
	int rc, i;

	if (f->now - p->last_digest < period)
		return COP_OK;
	cop__id_text(cid, &p->community_id);
	cop_digest_options_init(&o);
	o.since = p->last_digest;
	o.until = f->now;
	if ((rc = cop__mail_act_as(f->s, mid, &saved)) != COP_OK)
		return rc;
	rc = cop_community_lookup(&k, f->s, cid);
	if (rc == COP_OK)
		rc = cop_digest_community(&d, f->s, cid, &o);
	cop__mail_actor_restore(f->s, &saved);
	if (rc == COP_ENOTFOUND || rc == COP_EPERM) {   /* no longer seen */
		rc = COP_OK;
		goto out;
	}
	for (i = 0; rc == COP_OK && i < COP_DIGEST_SECTIONS; i++)
		items += cop_digest_count(d, (cop_digest_section)i);
	p->last_digest = f->now;        /* written with the outbox */
	if (rc != COP_OK || !items)
		goto out;
	if ((rc = cop_digest_render(&text, d, COP_DIGEST_TEXT)) != COP_OK ||
	    (rc = cop_digest_render(&md, d, COP_DIGEST_HTML)) != COP_OK ||
	    (rc = cop_mail_token_make(&unsub, f->s, COP_MAIL_TOKEN_UNSUBSCRIBE,
			mid, cid)) != COP_OK)
		goto out;
	subject = g_strdup_printf("[%s] %s digest", cop_community_slug(k),
		p->mode == COP_MAIL_DAILY ? "Daily" : "Weekly");
	msgid = g_strdup_printf("d.%s.%s.%lld@%s", mid, cid,
		(long long)f->now, f->domain);
	mail_out_init(&m, f, cop_community_name(k), to, cop_community_slug(k),
		unsub);
	m.subject = subject;
	m.message_id = msgid;
	m.text = text;
	m.html = md;
	rc = cop__mail_render(&m, &message);
	g_free(subject);
	g_free(msgid);
	if (rc != COP_OK) {
		rc = cop__error(f->s, rc, "out of memory");
		goto out;
	}
	snprintf(src, sizeof(src), "d:%s:%lld", cid, (long long)f->now);
	rc = add_pending(f, p, src, to, message);
out:
	cop_free(text);
	cop_free(md);
	cop_text_dispose(unsub);
	cop_digest_free(d);
	cop_community_free(k);
	return rc;
}

/* Check the settings of cop_mail_outbox_fill(). */
static int fill_check(cop_store *s, const char *domain, const char *from,
	const char *url, char **addr)
{
	*addr = NULL;
	if (!domain || !*domain || strchr(domain, '@') || strpbrk(domain,
			" \t\r\n<>\"") || strlen(domain) > 200)
		return cop__error(s, COP_EINVAL, "a list domain is required "
			"(\"lists.example.org\")");
	if (!url || strncmp(url, "https://", 8) || strpbrk(url, " \t\r\n<>\"") ||
	    strlen(url) > 500)
		return cop__error(s, COP_EINVAL, "an https:// unsubscribe URL is "
			"required (RFC 8058)");
	if (cop__actor(s))
		return cop__error(s, COP_EPERM, "only the system sends mail");
	return cop__mail_address_norm(s, from, "from address", addr);
}

int cop_mail_outbox_fill(cop_store *s, const char *domain, const char *from,
	const char *unsubscribe_url, unsigned int *count)
{
	fill f;
	char mid[COP_ID_TEXT_LEN + 1], *to, *addr = NULL;
	unsigned int added = 0;
	size_t i;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (count)
		*count = 0;
	memset(&f, 0, sizeof(f));
	f.s = s;
	if ((rc = fill_check(s, domain, from, unsubscribe_url, &addr)) !=
	    COP_OK || (rc = out_table(s, &f.t)) != COP_OK) {
		cop_free(addr);
		return rc;
	}
	f.domain = domain;
	f.from = addr;
	f.url = unsubscribe_url;
	f.now = cop_store_now(s);
	if ((rc = f.t->pref_each(s->be, pref_keep, &f)) != COP_OK)
		rc = cop__be_error(s, rc, "reading mail deliveries");
	for (i = 0; rc == COP_OK && i < f.npref; i++) {
		cop_mail_pref_rec *p = &f.pref[i];
		int in;
		cop__id_text(mid, &p->member_id);
		if ((rc = still_member(&f, p, mid, &in)) != COP_OK ||
		    (rc = recipient(&f, &p->member_id, &to)) != COP_OK)
			break;
		if (!in || !to) {
			/* What happens meanwhile is not mailed later. */
			if (p->mode == COP_MAIL_EVERY)
				p->last_digest = f.now;
			cop_free(to);
			continue;
		}
		if (p->mode == COP_MAIL_EVERY) {
			rc = fill_notes(&f, p, mid, to);
			p->last_digest = f.now;
		} else {
			rc = fill_digest(&f, p, mid, to);
		}
		cop_free(to);
	}
	if (rc == COP_OK && (rc = cop__write_begin(s)) == COP_OK) {
		for (i = 0; rc == COP_OK && i < f.nout; i++) {
			cop_outbox_rec r;
			memset(&r, 0, sizeof(r));
			if ((rc = cop__id_new(s, &r.id)) != COP_OK)
				break;
			r.member_id = f.out[i].member;
			r.community_id = f.out[i].community;
			r.source = f.out[i].source;
			r.recipient = f.out[i].recipient;
			r.sender = addr;
			r.message = f.out[i].message;
			r.created = f.now;
			rc = f.t->outbox_put(s->be, &r);
			if (rc == COP_OK && (rc = cop__log(s, "mail.queued", &r.id,
					NULL)) == COP_OK)
				added++;
			else if (rc == COP_EEXISTS)   /* in the outbox already */
				rc = COP_OK;
			else
				rc = cop__be_error(s, rc, "adding to the outbox");
		}
		for (i = 0; rc == COP_OK && i < f.npref; i++)
			if ((rc = f.t->pref_sent(s->be, &f.pref[i].member_id,
					&f.pref[i].community_id,
					f.pref[i].last_digest)) != COP_OK)
				rc = cop__be_error(s, rc, "recording mail sent");
		rc = cop__write_done(s, rc);
	}
	for (i = 0; i < f.nout; i++) {
		cop_free(f.out[i].recipient);
		cop_free(f.out[i].message);
	}
	cop_free(f.out);
	cop_free(f.pref);
	cop_free(addr);
	if (rc == COP_OK && count)
		*count = added;
	return rc;
}

/* ---- the outbox --------------------------------------------------------------- */

typedef struct obx {
	char id[COP_ID_TEXT_LEN + 1];
	char member[COP_ID_TEXT_LEN + 1];
	char community[COP_ID_TEXT_LEN + 1];
	char *source, *recipient, *sender, *message, *reason;
	cop_time created, updated;
	int state, attempts;
} obx;

struct cop_outbox {
	obx *v;
	size_t n, cap;
	cop_store *s;
};

static int obx_keep(void *arg, const cop_outbox_rec *r)
{
	cop_outbox *o = arg;
	obx *x;
	int rc;

	if ((rc = cop__grow(o->s, &o->v, o->n, &o->cap, sizeof(*o->v), 16)) !=
	    COP_OK)
		return rc;
	x = &o->v[o->n];
	memset(x, 0, sizeof(*x));
	cop__id_text(x->id, &r->id);
	cop__id_text(x->member, &r->member_id);
	cop__id_text(x->community, &r->community_id);
	x->created = r->created;
	x->updated = r->updated;
	x->state = r->state;
	x->attempts = r->attempts;
	o->n++;
	if (!(x->source = cop_strdup(r->source)) ||
	    !(x->recipient = cop_strdup(r->recipient)) ||
	    !(x->sender = cop_strdup(r->sender)) ||
	    !(x->message = cop_strdup(r->message)) ||
	    (r->reason && !(x->reason = cop_strdup(r->reason))))
		return cop__error(o->s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

void cop_outbox_free(cop_outbox *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->n; i++) {
		cop_free(o->v[i].source);
		cop_free(o->v[i].recipient);
		cop_free(o->v[i].sender);
		cop_free(o->v[i].message);
		cop_free(o->v[i].reason);
	}
	cop_free(o->v);
	cop_free(o);
}

/* The outbox in @p state (-1: all) into *out. */
static int outbox_read(cop_store *s, const cop_backend_mail *t, int state,
	cop_outbox **out)
{
	cop_outbox *o;
	int rc;

	if (!(o = cop_malloc(sizeof(*o))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	memset(o, 0, sizeof(*o));
	o->s = s;
	if ((rc = t->outbox_each(s->be, state, obx_keep, o)) != COP_OK) {
		cop_outbox_free(o);
		return rc == COP_ENOMEM ? rc :
			cop__be_error(s, rc, "reading the outbox");
	}
	*out = o;
	return COP_OK;
}

int cop_mail_outbox_list(cop_outbox **out, cop_store *s, int state)
{
	const cop_backend_mail *t;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is required");
	*out = NULL;
	if (state < -1 || state > COP_OUTBOX_FAILED)
		return cop__error(s, COP_EINVAL, "unknown outbox state %d", state);
	if (cop__actor(s))
		return cop__error(s, COP_EPERM, "only the system reads the outbox");
	if ((rc = out_table(s, &t)) != COP_OK ||
	    (rc = outbox_read(s, t, state, out)) != COP_OK)
		return rc;
	return cop__ok(s);
}

#define OBX(o, i) ((o) && (i) < (o)->n)
/* Define the getter of field @p f of message i, @p none out of range. */
#define OBX_GET(name, type, f, none) \
	type cop_outbox_##name(const cop_outbox *o, size_t i) \
	{ \
		return OBX(o, i) ? (type)o->v[i].f : (none); \
	}

size_t cop_outbox_count(const cop_outbox *o)
{
	return o ? o->n : 0;
}

OBX_GET(id, const char *, id, NULL)
OBX_GET(member_id, const char *, member, NULL)
OBX_GET(community_id, const char *, community, NULL)
OBX_GET(source, const char *, source, NULL)
OBX_GET(recipient, const char *, recipient, NULL)
OBX_GET(sender, const char *, sender, NULL)
OBX_GET(message, const char *, message, NULL)
OBX_GET(created, cop_time, created, 0)
OBX_GET(state_get, cop_outbox_state, state, COP_OUTBOX_WAITING)
OBX_GET(attempts, int, attempts, 0)
OBX_GET(reason, const char *, reason, NULL)

/* ---- sending --------------------------------------------------------------- */

/* Run "@p prog -oi -f @p from -- @p to" with @p msg on its standard
 * input: COP_OK when it exits 0, else COP_EIO with why in @p why. */
static int run_sendmail(const char *prog, const obx *x, char *why,
	size_t n)
{
	char *const argv[] = { (char *)prog, (char *)"-oi", (char *)"-f",
		x->sender, (char *)"--", x->recipient, NULL };
	posix_spawn_file_actions_t fa;
	FILE *tmp = tmpfile();
	size_t len = strlen(x->message);
	pid_t pid;
	int st = 0, e;

	/* A program that cannot be run is said so before spawning: where
	 * posix_spawn forks (under valgrind) a failed exec is only the
	 * child's exit status. */
	if (access(prog, X_OK) != 0) {
		e = errno;
		if (tmp)
			fclose(tmp);
		snprintf(why, n, "could not run %.200s: %s", prog, strerror(e));
		return COP_EIO;
	}
	if (!tmp) {
		snprintf(why, n, "no temporary file: %s", strerror(errno));
		return COP_EIO;
	}
	if (fwrite(x->message, 1, len, tmp) != len || fflush(tmp) ||
	    fseek(tmp, 0, SEEK_SET)) {
		snprintf(why, n, "writing a temporary file: %s", strerror(errno));
		fclose(tmp);
		return COP_EIO;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fileno(tmp), 0);
	e = posix_spawn(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	fclose(tmp);
	if (e) {
		snprintf(why, n, "could not run %.200s: %s", prog, strerror(e));
		return COP_EIO;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			snprintf(why, n, "waiting for %.200s: %s", prog,
				strerror(errno));
			return COP_EIO;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return COP_OK;
	/* 127: the program could not be run (posix_spawn reports that as
	 * an exit status where it forks, as under valgrind). */
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		snprintf(why, n, "could not run %.200s (exit status 127)", prog);
	else if (WIFEXITED(st))
		snprintf(why, n, "%.200s exited with status %d", prog,
			WEXITSTATUS(st));
	else
		snprintf(why, n, "%.200s was killed by signal %d", prog,
			WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return COP_EIO;
}

int cop_mail_outbox_send(cop_store *s, const char *sendmail,
	unsigned int *sent, unsigned int *failed)
{
	const cop_backend_mail *t;
	cop_outbox *o = NULL, *retry = NULL;
	unsigned int ok = 0, bad = 0;
	char why[512];
	size_t i;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (sent)
		*sent = 0;
	if (failed)
		*failed = 0;
	if (!sendmail || !*sendmail)
		return cop__error(s, COP_EINVAL, "a sendmail program is required");
	if (cop__actor(s))
		return cop__error(s, COP_EPERM, "only the system sends mail");
	if (s->flags & COP_OPEN_READONLY)
		return cop__error(s, COP_EREADONLY, "the store is read-only");
	/* The waiting and the failed, read before any is tried: one that
	 * fails now waits for the next run. */
	if ((rc = out_table(s, &t)) != COP_OK ||
	    (rc = outbox_read(s, t, COP_OUTBOX_WAITING, &o)) != COP_OK)
		return rc;
	if ((rc = outbox_read(s, t, COP_OUTBOX_FAILED, &retry)) != COP_OK) {
		cop_outbox_free(o);
		return rc;
	}
	for (i = 0; rc == COP_OK && i < o->n + retry->n; i++) {
		obx *x = i < o->n ? &o->v[i] : &retry->v[i - o->n];
		cop_id id;
		int r;
		r = run_sendmail(sendmail, x, why, sizeof(why));
		if ((rc = cop_id_parse(&id, x->id)) != COP_OK ||
		    (rc = cop__write_begin(s)) != COP_OK)
			break;
		rc = t->outbox_mark(s->be, &id, r == COP_OK ? COP_OUTBOX_SENT :
			COP_OUTBOX_FAILED, r == COP_OK ? NULL : why,
			cop_store_now(s));
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, "marking a message");
		else
			rc = cop__log(s, r == COP_OK ? "mail.sent" : "mail.failed",
				&id, NULL);
		if ((rc = cop__write_done(s, rc)) == COP_OK)
			r == COP_OK ? ok++ : bad++;
	}
	cop_outbox_free(o);
	cop_outbox_free(retry);
	if (sent)
		*sent = ok;
	if (failed)
		*failed = bad;
	return rc;
}
