/*
 * badge.c: badges: names and classes, awarding, listing.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

static const char *const badge_names[] = {
	"first-post", "first-accepted", "nice-answer", "good-answer",
	"great-answer", "nice-question", "good-question", "great-question",
	"facilitator", "summary-writer", "welcomer", "event-attendee",
	"appreciated", "valued", "treasured"
};
static const int badge_class[] = { 0, 0, 0, 1, 2, 0, 1, 2, 1, 0, 0, 0, 0, 1, 2 };
static const int badge_per_object[] = { 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
static const char *const class_names[] = { "bronze", "silver", "gold" };

#define NBADGES ((int)(sizeof(badge_names) / sizeof(badge_names[0])))

COP__ENUM_NAMES(cop_badge, cop_badge, badge_names)

const char *cop_badge_class_name(cop_badge_class c)
{
	return (int)c >= 0 && (int)c < 3 ? class_names[c] : NULL;
}

int cop_badge_class_of(cop_badge b)
{
	return (int)b >= 0 && (int)b < NBADGES ? badge_class[b] : -1;
}

int cop_badge_once(cop_badge b)
{
	return (int)b >= 0 && (int)b < NBADGES ? !badge_per_object[b] : 0;
}

/* Award a badge (idempotent: a badge already held is no change). */
int cop__rec_badge_give(rctx *x, const cop_id *mid, cop_badge b,
	const cop_id *object, int *given)
{
	cop_badge_rec r;
	int rc, inserted = 0;

	if (given)
		*given = 0;
	if (!mid || cop_id_is_nil(mid))
		return COP_OK;
	/* Rule badges switched off (imported communities). */
	if (!x->cfg.rule_badges)
		return COP_OK;
	memset(&r, 0, sizeof(r));
	if ((rc = cop__id_new(x->s, &r.id)) != COP_OK)
		return rc;
	r.community_id = x->community;
	r.member_id = *mid;
	r.badge = b;
	/* Once-only badges carry the member's own id as their object. */
	r.object_id = badge_per_object[b] && object ? *object : *mid;
	r.awarded = x->now;
	rc = REC_T(x->s)->badge_insert(x->s->be, &r, &inserted);
	if (rc == COP_OK && given)
		*given = inserted;
	if ((rc = cop__rec_be(x->s, rc)) == COP_OK && inserted)
		rc = cop__notify_badge(x->s, &r);
	return rc;
}

int cop__rec_score_thresholds(const cop_recognition_config *g, int ckind,
	int tkind, int th[3], cop_badge *first)
{
	if (ckind == COP_CONTRIB_ANSWER) {
		th[0] = g->badge_answer1; th[1] = g->badge_answer2;
		th[2] = g->badge_answer3;
		*first = COP_BADGE_NICE_ANSWER;
	} else if (ckind == COP_CONTRIB_POST && tkind == COP_THREAD_QUESTION) {
		th[0] = g->badge_question1; th[1] = g->badge_question2;
		th[2] = g->badge_question3;
		*first = COP_BADGE_NICE_QUESTION;
	} else {
		return 0;
	}
	return 1;
}

/* Score badges for a contribution whose score went from @p from to @p to. */
int cop__rec_score_badges(rctx *x, const cop_contribution_rec *c, int tkind,
	int from, int to)
{
	int th[3], i, rc;
	cop_badge first;

	if (to <= from || cop_id_is_nil(&c->author_id) ||
	    !cop__rec_score_thresholds(&x->cfg, c->kind, tkind, th, &first))
		return COP_OK;
	for (i = 0; i < 3; i++)
		if (th[i] > 0 && from < th[i] && to >= th[i] &&
		    (rc = cop__rec_badge_give(x, &c->author_id, (cop_badge)(first + i),
				&c->id, NULL)) != COP_OK)
			return rc;
	return COP_OK;
}

/* ---- badges (public) ------------------------------------------------------------------ */

struct cop_badge_award {
	cop_id id, member, object;
	int badge;
	int klass;                 /* imported badges: their own class */
	cop_time awarded;
	char t_member[37], t_object[37];
	char name[128];            /* imported badges: their own name */
};

/*
 * What a badge given by hand may name: the member has a membership in the
 * community (not one they left), and a badge for a contribution names one
 * of the member's contributions in that community, of the badge's kind (an
 * answer for the answer badges, a question's first post for the question
 * badges).  Anything else is refused as a missing contribution or an
 * invalid argument, never naming what the actor cannot see.
 */
static int badge_targets_check(cop_store *s, const cop_id *cid,
	const cop_id *mid, cop_badge badge, const cop_id *oid)
{
	cop_membership_rec ms;
	cop_contribution_rec c;
	cop_thread_rec t;
	cop_key key;
	int rc, answer = badge >= COP_BADGE_NICE_ANSWER &&
		badge <= COP_BADGE_GREAT_ANSWER;

	memset(&key, 0, sizeof(key));
	key.id = *cid;
	key.id2 = *mid;
	rc = cop__rec_get(s, COP_REC_MEMBERSHIP, &key, &ms);
	if (rc == COP_OK && ms.status == COP_MEMBERSHIP_LEFT)
		rc = COP_ENOTFOUND;
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, COP_EINVAL, "the member is not a member of "
			"the community");
	if (rc != COP_OK || !badge_per_object[badge])
		return rc;
	memset(&key, 0, sizeof(key));
	key.id = *oid;
	if ((rc = cop__rec_get(s, COP_REC_CONTRIBUTION, &key, &c)) == COP_OK &&
	    !cop__same_id(&c.community_id, cid))
		rc = COP_ENOTFOUND;
	if (rc == COP_OK && !cop__same_id(&c.author_id, mid))
		rc = cop__error(s, COP_EINVAL, "the contribution is not the "
			"member's");
	if (rc == COP_OK && answer && c.kind != COP_CONTRIB_ANSWER)
		rc = cop__error(s, COP_EINVAL, "badge %s is for an answer",
			badge_names[badge]);
	if (rc == COP_OK && !answer) {
		key.id = c.thread_id;
		if (c.kind != COP_CONTRIB_POST ||
		    (rc = cop__rec_get(s, COP_REC_THREAD, &key, &t)) != COP_OK ||
		    t.kind != COP_THREAD_QUESTION)
			rc = rc != COP_OK ? rc : cop__error(s, COP_EINVAL,
				"badge %s is for a question", badge_names[badge]);
		if (c.kind == COP_CONTRIB_POST)
			cop_rec_clear(COP_REC_THREAD, &t);
	}
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, COP_ENOTFOUND, "no such contribution in the "
			"community");
	return rc;
}

int cop_badge_award_give(cop_store *s, const char *community,
	const char *member, cop_badge badge, const char *object)
{
	const cop_backend_recognition *rt;
	cop_community_rec c;
	rctx x;
	cop_id mid, oid;
	int rc, given = 0;

	if (!s)
		return COP_EINVAL;
	if ((int)badge < 0 || (int)badge >= NBADGES)
		return cop__error(s, COP_EINVAL, "invalid badge %d", (int)badge);
	if ((rc = RECOGNITION(s, &rt)) != COP_OK)
		return rc;
	memset(&oid, 0, sizeof(oid));
	if (badge_per_object[badge] && !object)
		return cop__error(s, COP_EINVAL, "badge %s needs a contribution",
			badge_names[badge]);
	if (object && !badge_per_object[badge])
		return cop__error(s, COP_EINVAL, "badge %s is for no contribution",
			badge_names[badge]);
	if (object && (rc = cop__id_arg(s, &oid, object, "object")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__rec_facilitator_ctx(&x, s, community, member, "award badges",
		&c, &mid);
	/* By hand: given even where rule badges are switched off. */
	x.cfg.rule_badges = 1;
	if (rc == COP_OK)
		rc = badge_targets_check(s, &c.id, &mid, badge, &oid);
	if (rc == COP_OK)
		rc = cop__rec_badge_give(&x, &mid, badge, &oid, &given);
	if (rc == COP_OK && !given)
		rc = cop__error(s, COP_EEXISTS, "the badge is already awarded");
	if (rc == COP_OK)
		rc = cop__log(s, "badge.award", &mid, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__rec_write_end(s, rc);
}

static int badge_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_badge_rec *r = rec;
	cop_badge_award *a = cop_mallocz(sizeof(*a));

	if (!a)
		return cop__error(s, COP_ENOMEM, "out of memory");
	a->id = r->id;
	a->member = r->member_id;
	a->badge = r->badge;
	a->object = r->object_id;
	if (!badge_per_object[a->badge < 0 || a->badge >= NBADGES ? 0 : a->badge])
		memset(&a->object, 0, sizeof(a->object));
	a->awarded = r->awarded;
	if (a->badge == COP_BADGE_NAMED) {
		snprintf(a->name, sizeof(a->name), "%s", r->name ? r->name : "");
		a->klass = r->badge_class;
	}
	key->num = a->awarded;
	key->id = a->id;
	*obj = a;
	return COP_OK;
}

REC_MEMBER_LISTING(cop_badge_iter_new, cop_badge_iter, COP_REC_BADGE,
	badge_make)

COP__ITER_FNS(cop_badge, cop_badge_award)

void cop_badge_award_free(cop_badge_award *a) { cop_free(a); }
cop_badge cop_badge_award_badge(const cop_badge_award *a)
{
	return a ? (cop_badge)a->badge : COP_BADGE_FIRST_POST;
}
REC_ID_GETTER(cop_badge_award_member_id, cop_badge_award, member)
REC_ID_GETTER(cop_badge_award_object_id, cop_badge_award, object)
cop_time cop_badge_award_awarded(const cop_badge_award *a) { return a ? a->awarded : 0; }
const char *cop_badge_award_name(const cop_badge_award *a)
{
	if (!a)
		return NULL;
	return a->badge == COP_BADGE_NAMED ? a->name :
		cop_badge_name((cop_badge)a->badge);
}
int cop_badge_award_class(const cop_badge_award *a)
{
	if (!a)
		return -1;
	return a->badge == COP_BADGE_NAMED ? a->klass :
		cop_badge_class_of((cop_badge)a->badge);
}
