/*
 * listing.c: what the recognition files share: calling the backend's
 * recognition table and reading its listings, the facilitator check of
 * the configuring calls, resolving a listing's community and member, and
 * the start of a member's listing.  Listings page and stream through the
 * core's one iterator (iter.c, cop__iter_typed()).
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- calling the backend --------------------------------------------------- */

int cop__rec_be(cop_store *s, int rc)
{
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "recognition");
}

/* A record of any kind a recognition listing gives. */
typedef union rec_any {
	cop_kudos_rec kudos;
	cop_ledger_rec ledger;
	cop_standing_rec standing;
	cop_total_rec total;
	cop_score_check_rec score;
	cop_rep_check_rec rep;
	cop_counts_check_rec counts;
	cop_high_score_rec high;
} rec_any;

int cop__rec_each(cop_store *s, int rc, cop_backend_iter *it,
	cop_rec_kind kind, cop__rec_fn fn, void *arg, size_t *got)
{
	rec_any r;
	size_t k = 0;

	if (got)
		*got = 0;
	if (rc != COP_OK)
		return cop__rec_be(s, rc);
	for (;;) {
		memset(&r, 0, sizeof(r));
		if ((rc = cop__be_next_owned(it, kind, &r)) != COP_OK) {
			if (rc != COP_ITEROVER)
				rc = cop__be_error(s, rc, "recognition rows");
			break;
		}
		k++;
		rc = fn ? fn(s, &r, arg) : COP_OK;
		cop_rec_clear(kind, &r);
		if (rc != COP_OK)
			break;
	}
	it->free(it);
	if (got)
		*got = k;
	return rc == COP_ITEROVER ? COP_OK : rc;
}

int cop__rec_wrap_key(cop_store *s, cop_rec_kind kind, const void *rec,
	void **obj, cop__key *key, int64_t num, const cop_id *id)
{
	key->num = num;
	key->id = *id;
	return cop__wrap_borrowed(s, kind, rec, obj);
}

/* ---- the configuring calls ------------------------------------------------ */

int cop__rec_facilitator(cop_store *s, const char *community,
	cop_community_rec *c, const char *what)
{
	cop__access acc;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = cop__community_resolve(s, community, c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners may %s",
			what);
	return rc;
}

int cop__rec_out_arg(cop_store *s, const void *out)
{
	if (!s)
		return COP_EINVAL;
	return out ? COP_OK : cop__error(s, COP_EINVAL, "out is NULL");
}

int cop__rec_write_begin(cop_store *s, cop_id *id, const char *text,
	const char *what)
{
	const cop_backend_recognition *t;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = RECOGNITION(s, &t)) != COP_OK ||
	    (id && (rc = cop__id_arg(s, id, text, what)) != COP_OK))
		return rc;
	return cop__write_begin(s);
}

int cop__rec_write_end(cop_store *s, int rc)
{
	return cop__write_done(s, rc);
}

int cop__rec_facilitator_ctx(rctx *x, cop_store *s, const char *community,
	const char *member, const char *what, cop_community_rec *c, cop_id *mid)
{
	int rc = cop__rec_facilitator(s, community, c, what);

	if (rc == COP_OK)
		rc = cop__rec_member_resolve(s, member, mid);
	if (rc == COP_OK)
		rc = cop__rec_ctx_init(x, s, &c->id, NULL);
	return rc;
}

/* ---- the listings' arguments and start ------------------------------------- */

/* cop__rec_listing_args(), the actor's access to the community into
 * *acc. */
static int listing_args_acc(cop_store *s, const char *community,
	const char *member, cop_id *cid, cop_id *mid, cop__access *acc)
{
	const cop_backend_recognition *t;
	cop_community_rec c;
	int rc = RECOGNITION(s, &t);

	if (rc != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, acc)) == COP_OK)
		*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc == COP_OK && mid)
		rc = cop__rec_member_resolve(s, member, mid);
	return rc;
}

int cop__rec_listing_args(cop_store *s, const char *community,
	const char *member, cop_id *cid, cop_id *mid)
{
	cop__access acc;

	return listing_args_acc(s, community, member, cid, mid, &acc);
}

int cop__rec_member_args(cop_store *s, void **out, const char *community,
	const char *member, cop_id *cid, cop_id *mid)
{
	cop__access acc;

	return cop__rec_member_args_acc(s, out, community, member, cid, mid,
		&acc);
}

int cop__rec_member_args_acc(cop_store *s, void **out,
	const char *community, const char *member, cop_id *cid, cop_id *mid,
	cop__access *acc)
{
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	return listing_args_acc(s, community, member, cid, mid, acc);
}

/* What member_open() lists. */
typedef struct member_listing {
	const cop_backend_recognition *t;
	cop_rec_kind kind;
	cop_id community, member;
	int hide_actors;         /* ledger: who caused an entry is not shown */
} member_listing;

/*
 * A ledger listing for a reader who may not see who voted or accepted
 * (not the system, not a moderator of the community): each entry's actor
 * is blanked unless it is the reader (a copy of the reader's id in
 * @p arg), before the record becomes an object, so no path shows it.
 */
static int mask_actor(cop__iter *it, void *rec, void *arg)
{
	cop_ledger_rec *e = rec;

	(void)it;
	if (e && !cop__same_id(&e->actor_id, arg))
		memset(&e->actor_id, 0, sizeof(e->actor_id));
	return COP_OK;
}

static void mask_free(void *arg)
{
	cop_free(arg);
}

static const cop__iter_hooks mask_hooks = { mask_actor, NULL, mask_free };

static int member_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const member_listing *l = arg;
	const cop_recognition_query rq = { l->community, l->member,
		q->has_after, q->after_num, q->after_id, q->limit, cop__actor(s) };
	int rc;

	rc = l->kind == COP_REC_KUDOS ? l->t->kudos_list(s->be, &rq, bi) :
		l->kind == COP_REC_LEDGER ? l->t->ledger_list(s->be, &rq, bi) :
		l->t->badge_list(s->be, &rq, bi);
	return cop__rec_be(s, rc);
}

int cop__rec_member_listing(cop__iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page,
	cop_rec_kind kind, cop__typed_make make)
{
	member_listing l;
	cop__access acc;
	int rc, moderates = 0;

	if (out)
		*out = NULL;
	if ((rc = cop__rec_out_arg(s, (void **)out)) != COP_OK ||
	    (rc = listing_args_acc(s, community, member, &l.community,
			&l.member, &acc)) != COP_OK)
		return rc;
	l.t = REC_T(s);
	l.kind = kind;
	/* Who voted or accepted: the voter's, the moderators' and the
	 * system's to see; everyone else sees the entries' effect. */
	if (kind == COP_REC_LEDGER && s->has_actor &&
	    (rc = cop__recognition_allows(s, &l.community, &acc,
			COP_PRIV_MODERATE, &moderates)) != COP_OK)
		return rc;
	l.hide_actors = kind == COP_REC_LEDGER && s->has_actor && !moderates;
	if ((rc = cop__iter_typed(out, s, page, kind, member_open, &l,
			make)) != COP_OK)
		return rc;
	if (l.hide_actors) {
		cop_id *reader = cop_malloc(sizeof(*reader));

		if (!reader) {
			cop__iter_free(*out);
			*out = NULL;
			return cop__error(s, COP_ENOMEM, "out of memory");
		}
		*reader = s->actor;
		cop__iter_set_hooks(*out, &mask_hooks, reader);
	}
	return cop__ok(s);
}
