/*
 * matrix.c: the permission matrix's world, its actors and the rule they
 * are checked against (matrix.h), shared by the matrix's suites.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "matrix.h"

/* ---- the objects -------------------------------------------------------- */

const char *const scope_names[NSCOPES] = { "public community",
	"private community", "invite-only community", "hidden thread",
	"hidden contribution" };

/* An id no object has. */
const char unknown_id[] = "0badc0de-0000-4000-8000-00000000beef";

tu_world W;
objects O[NSCOPES];
tu_idbuf gone, erased, suspended;  /* left, erased, suspended */
int null_fd = -1;

/* ---- the actors --------------------------------------------------------- */

const char *const actor_names[NACTORS] = { "the system", "the owner",
	"a facilitator", "a core member (the hidden answer's author)",
	"a member", "a silenced member", "a suspended member",
	"a banned member", "a member who left", "an erased member",
	"an outsider", "the anonymous viewer" };

/* The id an actor acts as; NULL for the system; "" for the anonymous
 * viewer (act() sets it with cop_store_set_actor(NULL); sees() says what
 * it sees: only public content, as an outsider). */
const char *actor_id(int a)
{
	switch (a) {
	case A_SYSTEM: return NULL;
	case A_OWNER: return W.owner;
	case A_FACIL: return W.facil;
	case A_CORE: return W.core;
	case A_MEMBER: return W.member;
	case A_SILENCED: return W.silenced;
	case A_SUSPENDED: return suspended;
	case A_BANNED: return W.banned;
	case A_GONE: return gone;
	case A_ERASED: return erased;
	case A_OUTSIDER: return W.outsider;
	default: return "";
	}
}

/* Act as @p a. */
void act(cop_store *s, int a)
{
	const char *id = actor_id(a);

	if (id && !*id)
		TU_OK(s, cop_store_set_actor(s, NULL));
	else
		tu_as(s, id);
	if (a == A_ANONYMOUS)
		ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_ANONYMOUS);
}

/* Whether actor @p a sees the community of scope @p sc. */
int sees_community(int a, int sc)
{
	if (a == A_SYSTEM || (sc != S_PRIV && sc != S_INV))
		return 1;
	/* An active or silenced membership (a store-wide suspension
	 * holds back writes, not sight). */
	return a == A_OWNER || a == A_FACIL || a == A_CORE || a == A_MEMBER ||
		a == A_SILENCED || a == A_SUSPENDED;
}

/* Whether actor @p a moderates the communities (active facilitators and
 * owners, and the system). */
int moderates(int a)
{
	return a == A_SYSTEM || a == A_OWNER || a == A_FACIL;
}

/* Whether actor @p a sees the object of kind @p k of scope @p sc, for
 * a path that is (@p asks) or not a request to join: the rule of
 * visibility.h, stated again here so that the library is checked against
 * it rather than against itself.  Two more rules of the product:
 * an invite-only community takes requests to join from those who do not
 * see it (community.h), and a funding ledger's entries are seen by those
 * who moderate its community, unless it is opened to members (funding.h;
 * the world leaves the default). */
int sees(int a, int sc, int k, int asks)
{
	int thread, contrib;

	if (asks && sc == S_INV)
		return 1;
	if (!sees_community(a, sc))
		return 0;
	if (k == K_FUND)
		return moderates(a);
	thread = sc != S_HIDDEN_THREAD || moderates(a);
	contrib = thread && (sc != S_HIDDEN_CONTRIB || moderates(a) ||
		a == A_CORE);
	switch (k) {
	case K_THREAD:
		return thread;
	case K_CONTRIB:
	case K_FLAG:
	case K_REPLY_TO:
	case K_TRANSLATION_OF:
		return contrib;
	default:
		return 1;
	}
}

cop_event_spec event_spec(void)
{
	cop_event_spec e = COP_EVENT_SPEC_INIT;

	e.title = "A meeting";
	e.start = TU_T0 + 86400000LL;
	e.end = e.start + 3600000LL;
	return e;
}

/* ---- the world ---------------------------------------------------------- */

/* A question in @p community by mia with an answer by cora, an event, a
 * pledge and a flag on the answer, as the system. */
static void scope_make(cop_store *s, objects *o, const char *community,
	const char *thread)
{
	cop_event_spec e = event_spec();
	cop_event *ev = NULL;
	cop_fund_entry *f = NULL;
	cop_flag *fl = NULL;

	snprintf(o->community, sizeof(o->community), "%s", community);
	if (thread) {
		snprintf(o->thread, sizeof(o->thread), "%s", thread);
	} else {
		tu_as(s, W.member);
		tu_thread(s, o->thread, o->post, community,
			COP_THREAD_QUESTION, "How to share?", "Tell me");
	}
	tu_as(s, W.core);
	tu_contrib(s, o->contrib, o->thread, COP_CONTRIB_ANSWER, NULL,
		"Like this");
	tu_as(s, NULL);
	TU_OK(s, cop_event_create(&ev, s, community, &e));
	snprintf(o->event, sizeof(o->event), "%s", cop_event_id(ev));
	cop_event_free(ev);
	TU_OK(s, cop_fund_add(&f, s, community, COP_FUND_PLEDGE, 2000, "EUR",
		NULL, "A friend", NULL, NULL));
	snprintf(o->fund, sizeof(o->fund), "%s", cop_fund_entry_id(f));
	cop_fund_entry_free(f);
	tu_as(s, W.facil);   /* facilitators may flag */
	TU_OK(s, cop_flag_raise(&fl, s, o->contrib, "Check this"));
	tu_as(s, NULL);
	snprintf(o->flag, sizeof(o->flag), "%s", cop_flag_id(fl));
	cop_flag_free(fl);
}

void matrix_setup(void)
{
	cop_store *s;
	int i;

	tu_store_setup();
	s = tu_store;
	tu_world_make(s, &W);
	tu_member(s, gone, "gail");
	tu_member(s, erased, "erin");
	tu_member(s, suspended, "sue");
	for (i = 0; i < 3; i++) {
		const char *c = i == 0 ? W.pub : i == 1 ? W.priv : W.inv;

		TU_OK(s, cop_community_join(NULL, s, c, gone, 0));
		TU_OK(s, cop_community_join(NULL, s, c, erased, 0));
		TU_OK(s, cop_community_join(NULL, s, c, suspended, 0));
	}
	scope_make(s, &O[S_PUB], W.pub, NULL);
	scope_make(s, &O[S_PRIV], W.priv, NULL);
	scope_make(s, &O[S_INV], W.inv, NULL);
	scope_make(s, &O[S_HIDDEN_THREAD], W.pub, NULL);
	TU_OK(s, cop_thread_set_flag(s, O[S_HIDDEN_THREAD].thread,
		COP_THREAD_FLAG_HIDDEN, 1));
	scope_make(s, &O[S_HIDDEN_CONTRIB], W.pub, O[S_PUB].thread);
	TU_OK(s, cop_contribution_hide(s, O[S_HIDDEN_CONTRIB].contrib,
		"Off topic"));
	for (i = 0; i < 3; i++)
		TU_OK(s, cop_community_leave(s, i == 0 ? W.pub : i == 1 ?
			W.priv : W.inv, gone));
	TU_OK(s, cop_member_suspend(s, suspended, 0, "Cooling off"));
	tu_as(s, erased);
	TU_OK(s, cop_member_erase(s, erased));
	tu_as(s, NULL);
	tu_tick(s, 1000);
	null_fd = open("/dev/null", O_WRONLY);
	ck_assert_int_ge(null_fd, 0);
}

void matrix_teardown(void)
{
	if (null_fd >= 0)
		close(null_fd);
	null_fd = -1;
	tu_store_teardown();
}

int matrix_run(const char *name, const TTest *const *tests, size_t n)
{
	Suite *su = suite_create(name);
	TCase *tc = tu_tcase(su, "matrix", matrix_setup, matrix_teardown);
	size_t i;

	tcase_set_timeout(tc, 600);
	for (i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	return tu_run(su);
}

/* ---- members ------------------------------------------------------------ */

/* The members made by members_make() (matrix.h). */
tu_idbuf pia, ivy, rex, ina;

const char *target_id(int t)
{
	switch (t) {
	case T_OLGA: return W.owner;
	case T_FRED: return W.facil;
	case T_CORA: return W.core;
	case T_MIA: return W.member;
	case T_OTTO: return W.outsider;
	case T_BEN: return W.banned;
	case T_SID: return W.silenced;
	case T_GAIL: return gone;
	case T_ERIN: return erased;
	case T_SUE: return suspended;
	case T_PIA: return pia;
	case T_REX: return rex;
	case T_INA: return ina;
	default: return ivy;
	}
}

/* Pia and ivy, as the system. */
void members_make(cop_store *s)
{
	tu_as(s, NULL);
	tu_member(s, pia, "pia");
	tu_member(s, ivy, "ivy");
	TU_OK(s, cop_community_join(NULL, s, W.priv, pia, 0));
	TU_OK(s, cop_community_join(NULL, s, W.inv, ivy, 0));
	tu_member(s, rex, "rex");
	tu_member(s, ina, "ina");
	TU_OK(s, cop_community_invite(NULL, s, W.priv, ina));
	tu_as(s, rex);
	{
		cop_membership *ms = NULL;

		TU_OK(s, cop_community_request(&ms, s, W.inv));
		cop_membership_free(ms);
	}
	tu_as(s, NULL);
}

/* Whether actor @p a sees member @p t, by the rule restated (issue 17):
 * the system sees every member, a member themself, the members with an
 * active or silenced membership in a community the actor sees, and
 * those with a membership of any status but left in a community the
 * actor moderates.  Ben is banned everywhere, rex asked to join inv, ina
 * is invited to priv: seen by the owner and the facilitator.  Otto is
 * nowhere, gail left, erin's memberships went with her erasure: none of
 * them is seen but by themself. */
int sees_member(int a, int t)
{
	if (a == A_SYSTEM || !strcmp(actor_id(a), target_id(t)))
		return 1;
	switch (t) {
	case T_OTTO: case T_GAIL: case T_ERIN:
		return 0;
	case T_BEN: case T_REX: case T_INA:
		/* Banned, asking, invited: their moderators' to manage. */
		return moderates(a);
	case T_PIA:
		return sees_community(a, S_PRIV);
	case T_IVY:
		return sees_community(a, S_INV);
	default:
		return 1;   /* in the public community */
	}
}

/* ---- what listings contain ----------------------------------------------- */

/* Every id of @p got (@p n of them) one of @p w the actor sees, and
 * every one the actor sees among them: the number of failures, each
 * printed. */
int contents(const char *what, int a, got_ids got, size_t n,
	const want *w, size_t nw)
{
	size_t i, j;
	int failures = 0, found;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nw && strcmp(got[i], w[j].id); j++)
			;
		if (j == nw || !w[j].seen) {
			printf("# %s as %s yields %s, %s\n", what,
				actor_names[a], got[i], j == nw ?
				"not one of the world's" : "which the actor "
				"may not see");
			failures++;
		}
	}
	for (j = 0; j < nw; j++) {
		for (i = 0, found = 0; i < n; i++)
			found += !strcmp(got[i], w[j].id);
		if (found != w[j].seen) {
			printf("# %s as %s yields %s %d times, seen: %d\n",
				what, actor_names[a], w[j].id, found,
				w[j].seen);
			failures++;
		}
	}
	fflush(stdout);
	return failures;
}

size_t scope_wants(want *w, int a, const char *cid, size_t field, int k)
{
	size_t nw = 0;
	int sc;

	for (sc = 0; sc < NSCOPES; sc++)
		if (!strcmp(O[sc].community, cid)) {
			w[nw].id = (const char *)&O[sc] + field;
			w[nw++].seen = sees(a, sc, k, 0);
		}
	return nw;
}
