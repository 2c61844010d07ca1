/*
 * moderation.c: the moderation interface (cop_backend_moderation,
 * interface version 5): every method, its records and its errors (the
 * moderation actions of the table's version 2 too); and the core
 * reaching flags on a backend of version 4 through rop().
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

/* The backend's moderation table, or skip. */
static const cop_backend_moderation *mod(void)
{
	if (bt_be->version < 5 || !bt_be->moderation) {
		printf("# SKIP moderation: backend %s has no moderation table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->moderation->version, 1);
	return bt_be->moderation;
}

/* Flag @p n on contribution @p c of community @p k by member @p by. */
static cop_flag_rec flag(unsigned int n, unsigned int k, unsigned int c,
	unsigned int by, const char *reason, cop_time created)
{
	cop_flag_rec f;

	memset(&f, 0, sizeof(f));
	f.id = bt_id(n);
	f.community_id = bt_id(k);
	f.contribution_id = bt_id(c);
	f.flagger_id = bt_id(by);
	f.reason = (char *)reason;
	f.created = created;
	return f;
}

static void flag_eq(const cop_flag_rec *got, const cop_flag_rec *want)
{
	BT_ID_EQ(got->id, want->id, "id");
	BT_ID_EQ(got->community_id, want->community_id, "community");
	BT_ID_EQ(got->contribution_id, want->contribution_id, "contribution");
	BT_ID_EQ(got->flagger_id, want->flagger_id, "flagger");
	BT_STR_EQ(got->reason, want->reason);
	ck_assert_int_eq(got->state, want->state);
	ck_assert_int_eq(got->created, want->created);
	BT_ID_EQ(got->resolver_id, want->resolver_id, "resolver");
	ck_assert_int_eq(got->resolved, want->resolved);
}

START_TEST(flag_round_trip)
{
	const cop_backend_moderation *m = mod();
	cop_flag_rec f, got;
	int found = -1;

	if (!m)
		return;
	f = flag(1, 10, 30, 2, "spam \xe2\x9c\x97 and \"quotes\"", 1000);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	BT_OK(bt_be, m->flag_get(bt_be, &f.id, &got));
	flag_eq(&got, &f);
	cop_rec_clear(COP_REC_FLAG, &got);
	ck_assert_ptr_null(got.reason);

	/* An empty reason stays empty, not NULL. */
	f = flag(2, 10, 31, 2, "", 1001);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	BT_OK(bt_be, m->flag_get(bt_be, &f.id, &got));
	BT_STR_EQ(got.reason, "");
	cop_rec_clear(COP_REC_FLAG, &got);

	BT_OK(bt_be, m->flag_find(bt_be, &f.contribution_id, &f.flagger_id,
		&found));
	ck_assert_int_eq(found, 1);
	f.flagger_id = bt_id(3);
	found = -1;
	BT_OK(bt_be, m->flag_find(bt_be, &f.contribution_id, &f.flagger_id,
		&found));
	ck_assert_int_eq(found, 0);
}
END_TEST

START_TEST(flag_errors)
{
	const cop_backend_moderation *m = mod();
	cop_flag_rec f, got;
	cop_id none = bt_id(99);

	if (!m)
		return;
	f = flag(1, 10, 30, 2, "one", 1000);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	/* The same flagger on the same contribution, and the same id. */
	f.id = bt_id(2);
	BT_RC(bt_be, COP_EEXISTS, m->flag_insert(bt_be, &f));
	f = flag(1, 10, 31, 3, "id taken", 1000);
	BT_RC(bt_be, COP_EEXISTS, m->flag_insert(bt_be, &f));
	memset(&got, 0x5a, sizeof(got));
	BT_RC(bt_be, COP_ENOTFOUND, m->flag_get(bt_be, &none, &got));
	ck_assert_ptr_null(got.reason);
	BT_RC(bt_be, COP_ENOTFOUND, m->flag_resolve(bt_be, &none, 1, NULL, 5));
}
END_TEST

START_TEST(flag_resolve_once)
{
	const cop_backend_moderation *m = mod();
	cop_flag_rec f, got;
	cop_id mod_id = bt_id(7);

	if (!m)
		return;
	f = flag(1, 10, 30, 2, "r", 1000);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	BT_OK(bt_be, m->flag_resolve(bt_be, &f.id, COP_FLAG_UPHELD, &mod_id,
		2000));
	BT_OK(bt_be, m->flag_get(bt_be, &f.id, &got));
	f.state = COP_FLAG_UPHELD;
	f.resolver_id = mod_id;
	f.resolved = 2000;
	flag_eq(&got, &f);
	cop_rec_clear(COP_REC_FLAG, &got);
	/* Only an open flag is resolved; a second time changes nothing. */
	BT_RC(bt_be, COP_ENOTFOUND, m->flag_resolve(bt_be, &f.id,
		COP_FLAG_DISMISSED, NULL, 3000));
	BT_OK(bt_be, m->flag_get(bt_be, &f.id, &got));
	flag_eq(&got, &f);
	cop_rec_clear(COP_REC_FLAG, &got);
	/* Resolved by the system: no resolver. */
	f = flag(2, 10, 31, 2, "s", 1001);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	BT_OK(bt_be, m->flag_resolve(bt_be, &f.id, COP_FLAG_DISMISSED, NULL,
		2500));
	BT_OK(bt_be, m->flag_get(bt_be, &f.id, &got));
	ck_assert(cop_id_is_nil(&got.resolver_id));
	ck_assert_int_eq(got.state, COP_FLAG_DISMISSED);
	cop_rec_clear(COP_REC_FLAG, &got);
}
END_TEST

/* The ids (as numbers) a listing gives, in order, into @p ids. */
static size_t list_ids(const cop_backend_moderation *m,
	const cop_flag_query *q, unsigned int *ids, size_t max)
{
	cop_backend_iter *it = NULL;
	cop_flag_rec r;
	size_t n = 0;
	int rc;

	BT_OK(bt_be, m->flag_list(bt_be, q, &it));
	ck_assert_ptr_nonnull(it);
	while ((rc = it->next(it, &r)) == COP_OK) {
		ck_assert_uint_lt(n, max);
		ids[n++] = bt_id_num(&r.id);
		ck_assert_ptr_nonnull(r.reason);
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_FLAG, &r);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return n;
}

START_TEST(flag_listing)
{
	const cop_backend_moderation *m = mod();
	cop_flag_query q;
	cop_flag_rec f;
	unsigned int ids[16];
	size_t n;

	if (!m)
		return;
	/* Community 10: flags 5, 3 and 4 at times 100, 100, 90 (a tie on
	 * created broken by id), 6 resolved; community 11: flag 7. */
	f = flag(5, 10, 30, 1, "a", 100);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	f = flag(3, 10, 31, 1, "b", 100);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	f = flag(4, 10, 32, 1, "c", 90);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	f = flag(6, 10, 33, 1, "d", 80);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));
	BT_OK(bt_be, m->flag_resolve(bt_be, &f.id, COP_FLAG_UPHELD, NULL, 200));
	f = flag(7, 11, 34, 1, "e", 10);
	BT_OK(bt_be, m->flag_insert(bt_be, &f));

	memset(&q, 0, sizeof(q));
	q.community = bt_id(10);
	q.state = COP_FLAG_OPEN;
	n = list_ids(m, &q, ids, 16);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(ids[0], 4);
	ck_assert_uint_eq(ids[1], 3);
	ck_assert_uint_eq(ids[2], 5);
	/* A page of one, then after it. */
	q.limit = 1;
	n = list_ids(m, &q, ids, 16);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ids[0], 4);
	q.limit = 0;
	q.has_after = 1;
	q.after_created = 100;
	q.after_id = bt_id(3);
	n = list_ids(m, &q, ids, 16);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ids[0], 5);
	q.after_id = bt_id(5);
	ck_assert_uint_eq(list_ids(m, &q, ids, 16), 0);
	/* Another state, another community. */
	memset(&q, 0, sizeof(q));
	q.community = bt_id(10);
	q.state = COP_FLAG_UPHELD;
	n = list_ids(m, &q, ids, 16);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ids[0], 6);
	q.community = bt_id(11);
	q.state = COP_FLAG_OPEN;
	n = list_ids(m, &q, ids, 16);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ids[0], 7);
	q.community = bt_id(12);
	ck_assert_uint_eq(list_ids(m, &q, ids, 16), 0);
}
END_TEST

/* The backend's table when it has moderation actions (version 2). */
static const cop_backend_moderation *mod2(void)
{
	const cop_backend_moderation *m = mod();

	if (m && m->version < 2) {
		printf("# SKIP moderation actions: table version %u\n",
			m->version);
		return NULL;
	}
	return m;
}

/* Action @p n of @p kind on member @p member (0: none) or object
 * @p object in community @p k (0: store-wide), from @p start to
 * @p until. */
static cop_modaction_rec action(unsigned int n, unsigned int k, int kind,
	unsigned int member, unsigned int object, cop_time start,
	cop_time until)
{
	cop_modaction_rec a;

	memset(&a, 0, sizeof(a));
	a.id = bt_id(n);
	if (k)
		a.community_id = bt_id(k);
	a.kind = kind;
	a.actor_id = bt_id(2);
	if (member)
		a.member_id = bt_id(member);
	if (object)
		a.object_id = bt_id(object);
	a.reason = (char *)"r \xe2\x9c\x97";
	a.start = start;
	a.until = until;
	return a;
}

START_TEST(action_force_and_lift)
{
	const cop_backend_moderation *m = mod2();
	cop_modaction_rec a;
	cop_id mem = bt_id(40), k = bt_id(10), other = bt_id(11);
	unsigned int bits = 99, n = 99;

	if (!m)
		return;
	BT_OK(bt_be, m->action_force(bt_be, &mem, &k, 100, &bits));
	ck_assert_uint_eq(bits, 0);
	/* Suspended from 100 to 200; silenced in 10 from 150, no end. */
	a = action(1, 0, COP_MODACTION_SUSPEND, 40, 0, 100, 200);
	BT_OK(bt_be, m->action_insert(bt_be, &a));
	ck_assert_int_eq(m->action_insert(bt_be, &a), COP_EEXISTS);
	a = action(2, 10, COP_MODACTION_SILENCE, 40, 0, 150, 0);
	BT_OK(bt_be, m->action_insert(bt_be, &a));
	BT_OK(bt_be, m->action_force(bt_be, &mem, &k, 99, &bits));
	ck_assert_uint_eq(bits, 0);
	BT_OK(bt_be, m->action_force(bt_be, &mem, &k, 100, &bits));
	ck_assert_uint_eq(bits, COP_MOD_SUSPENDED);
	BT_OK(bt_be, m->action_force(bt_be, &mem, &k, 150, &bits));
	ck_assert_uint_eq(bits, COP_MOD_SUSPENDED | COP_MOD_SILENCED);
	BT_OK(bt_be, m->action_force(bt_be, &mem, &other, 150, &bits));
	ck_assert_uint_eq(bits, COP_MOD_SUSPENDED);
	BT_OK(bt_be, m->action_force(bt_be, &mem, NULL, 150, &bits));
	ck_assert_uint_eq(bits, COP_MOD_SUSPENDED);
	BT_OK(bt_be, m->action_force(bt_be, &mem, &k, 200, &bits));
	ck_assert_uint_eq(bits, COP_MOD_SILENCED);
	/* Lifting: what is in force only. */
	BT_OK(bt_be, m->action_lift(bt_be, &mem, NULL, COP_MODACTION_SUSPEND,
		300, &n));
	ck_assert_uint_eq(n, 0);
	BT_OK(bt_be, m->action_lift(bt_be, &mem, &other,
		COP_MODACTION_SILENCE, 300, &n));
	ck_assert_uint_eq(n, 0);
	BT_OK(bt_be, m->action_lift(bt_be, &mem, &k, COP_MODACTION_SILENCE,
		300, &n));
	ck_assert_uint_eq(n, 1);
	BT_OK(bt_be, m->action_force(bt_be, &mem, &k, 300, &bits));
	ck_assert_uint_eq(bits, 0);
	BT_OK(bt_be, m->action_lift(bt_be, &mem, &k, COP_MODACTION_SILENCE,
		300, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* The moderation log of community @p k (0: store-wide), after (@p start,
 * @p id) when @p id, at most @p limit: the ids in order. */
static size_t log_ids(const cop_backend_moderation *m, unsigned int k,
	cop_time start, unsigned int id, unsigned int limit, unsigned int *ids)
{
	cop_modaction_query q;
	cop_backend_iter *it = NULL;
	cop_modaction_rec r;
	size_t n = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	if (k)
		q.community = bt_id(k);
	q.has_after = id != 0;
	q.after_start = start;
	if (id)
		q.after_id = bt_id(id);
	q.limit = limit;
	BT_OK(bt_be, m->action_list(bt_be, &q, &it));
	while ((rc = it->next(it, &r)) == COP_OK) {
		ck_assert_uint_lt(n, 8);
		ids[n++] = bt_id_num(&r.id);
		BT_STR_EQ(r.reason, "r \xe2\x9c\x97");
		BT_ID_EQ(r.actor_id, bt_id(2), "actor");
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_MODACTION, &r);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return n;
}

START_TEST(action_listing)
{
	const cop_backend_moderation *m = mod2();
	cop_modaction_rec a;
	unsigned int ids[8];

	if (!m)
		return;
	/* Community 10: 3 and 5 at 100 (a tie broken by id), 4 at 90;
	 * store-wide: 6; community 11: 7. */
	a = action(3, 10, COP_MODACTION_HIDE, 0, 30, 100, 0);
	BT_OK(bt_be, m->action_insert(bt_be, &a));
	a = action(5, 10, COP_MODACTION_SILENCE, 40, 0, 100, 500);
	BT_OK(bt_be, m->action_insert(bt_be, &a));
	a = action(4, 10, COP_MODACTION_UNHIDE, 0, 30, 90, 0);
	BT_OK(bt_be, m->action_insert(bt_be, &a));
	a = action(6, 0, COP_MODACTION_SUSPEND, 40, 0, 95, 0);
	BT_OK(bt_be, m->action_insert(bt_be, &a));
	a = action(7, 11, COP_MODACTION_SILENCE, 40, 0, 95, 0);
	BT_OK(bt_be, m->action_insert(bt_be, &a));
	ck_assert_uint_eq(log_ids(m, 10, 0, 0, 0, ids), 3);
	ck_assert_uint_eq(ids[0], 5);
	ck_assert_uint_eq(ids[1], 3);
	ck_assert_uint_eq(ids[2], 4);
	ck_assert_uint_eq(log_ids(m, 10, 0, 0, 1, ids), 1);
	ck_assert_uint_eq(ids[0], 5);
	ck_assert_uint_eq(log_ids(m, 10, 100, 5, 0, ids), 2);
	ck_assert_uint_eq(ids[0], 3);
	ck_assert_uint_eq(log_ids(m, 10, 90, 4, 0, ids), 0);
	ck_assert_uint_eq(log_ids(m, 0, 0, 0, 0, ids), 1);
	ck_assert_uint_eq(ids[0], 6);
	ck_assert_uint_eq(log_ids(m, 11, 0, 0, 0, ids), 1);
	ck_assert_uint_eq(ids[0], 7);
	ck_assert_uint_eq(log_ids(m, 12, 0, 0, 0, ids), 0);
}
END_TEST

/* The public flag API over this backend made to report version 4: the
 * core reaches flags through rop(), as it would on an older backend. */
START_TEST(version_4_backend_flags_through_rop)
{
	cop_backend *be = bt_open();
	cop_store *s = NULL;
	cop_member *a, *b;
	cop_community *k;
	cop_thread *t;
	cop_contribution *c;
	cop_flag *f = NULL, *g = NULL;
	cop_flag_iter *it = NULL;

	if (be->version < 5 || !be->rop) {
		be->free(be);
		return;
	}
	/* At version 4 the core must not read the moderation table: with
	 * it gone, flags work only through rop(). */
	be->version = 4;
	be->moderation = NULL;
	ck_assert_int_eq(cop_open_backend(&s, be, &tu_system), COP_OK);
	TU_OK(s, cop_member_create(&a, s, "ama", "Ama", NULL, "en"));
	TU_OK(s, cop_member_create(&b, s, "kofi", "Kofi", NULL, "en"));
	TU_OK(s, cop_community_create(&k, s, "c", "C", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	TU_OK(s, cop_community_join(NULL, s, "c", cop_member_id(a), 0));
	TU_OK(s, cop_community_join(NULL, s, "c", cop_member_id(b), 0));
	/* Trust level 0 may not flag; a facilitator may. */
	TU_OK(s, cop_membership_set_role(s, "c", cop_member_id(b),
		COP_ROLE_FACILITATOR));
	TU_OK(s, cop_store_set_actor(s, cop_member_id(a)));
	TU_OK(s, cop_thread_create(&t, s, "c", COP_THREAD_DISCUSSION,
		"A thread", NULL, NULL, "Body"));
	TU_OK(s, cop_contribution_create(&c, s, cop_thread_id(t),
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "A reply"));
	TU_OK(s, cop_store_set_actor(s, cop_member_id(b)));
	TU_OK(s, cop_flag_raise(&f, s, cop_contribution_id(c), "off topic"));
	TU_RC(s, COP_EEXISTS, cop_flag_raise(NULL, s, cop_contribution_id(c),
		"again"));
	TU_OK(s, cop_store_act_as_system(s));
	TU_OK(s, cop_flag_iter_new(&it, s, "c", COP_FLAG_OPEN, NULL));
	TU_OK(s, cop_flag_iter_next(&g, it));
	ck_assert_str_eq(cop_flag_id(g), cop_flag_id(f));
	ck_assert_str_eq(cop_flag_reason(g), "off topic");
	cop_flag_free(g);
	ck_assert_int_eq(cop_flag_iter_next(&g, it), COP_ITEROVER);
	cop_flag_iter_free(it);
	TU_OK(s, cop_flag_resolve(s, cop_flag_id(f), COP_FLAG_UPHELD));
	TU_RC(s, COP_EINVAL, cop_flag_resolve(s, cop_flag_id(f),
		COP_FLAG_DISMISSED));
	cop_flag_free(f);
	cop_contribution_free(c);
	cop_thread_free(t);
	cop_community_free(k);
	cop_member_free(a);
	cop_member_free(b);
	tu_close(s);
}
END_TEST

Suite *bt_moderation_suite(void)
{
	const TTest *const tests[] = {
		flag_round_trip, flag_errors, flag_resolve_once, flag_listing,
		action_force_and_lift, action_listing,
		version_4_backend_flags_through_rop
	};

	return BT_SUITE("moderation", bt_setup, bt_teardown, tests);
}
