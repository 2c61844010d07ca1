/*
 * core.c: what the core does with a backend, over the fake in-memory
 * backend (fakebe.c): a store opens over it; the optional methods it
 * lacks make the core fall back (thread access from three get()s) or
 * give COP_ENOTSUP (recognition); methods of later interface versions
 * are never called on an earlier-version backend; an unsupported version
 * is refused with COP_EINVAL and the backend freed.
 */
#include <string.h>

#include "betest.h"
#include "fakebe.h"

static cop_store *open_fake(cop_backend *be)
{
	cop_store *s = NULL;
	int rc;

	ck_assert_ptr_nonnull(be);
	rc = cop_open_backend(&s, be, &tu_system);
	ck_assert_msg(rc == COP_OK, "cop_open_backend: %s (%s)",
		tu_ename(rc), cop_errmsg(NULL));
	ck_assert_ptr_nonnull(s);
	return s;
}

/* A member "ama", communities "open" (public) and "closed" (private),
 * each with a thread by the system; ids in the buffers. */
typedef struct small_world {
	tu_idbuf ama, kofi, open_thread, closed_thread;
} small_world;

static void make_small_world(cop_store *s, small_world *w)
{
	cop_member *m = NULL;
	cop_community *c = NULL;
	cop_thread *t = NULL;

	TU_OK(s, cop_member_create(&m, s, "Ama", "Ama Owusu", NULL, NULL));
	strcpy(w->ama, cop_member_id(m));
	cop_member_free(m);
	TU_OK(s, cop_member_create(&m, s, "kofi", "Kofi", NULL, NULL));
	strcpy(w->kofi, cop_member_id(m));
	cop_member_free(m);
	TU_OK(s, cop_community_create(&c, s, "open", "Open", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	cop_community_free(c);
	TU_OK(s, cop_community_create(&c, s, "closed", "Closed", NULL, "en",
		COP_VISIBILITY_PRIVATE));
	cop_community_free(c);
	TU_OK(s, cop_community_join(NULL, s, "closed", w->ama, 0));
	TU_OK(s, cop_community_join(NULL, s, "open", w->ama, 0));
	TU_OK(s, cop_thread_create(&t, s, "open", COP_THREAD_DISCUSSION,
		"Seeds", NULL, "en", "Who has okra seeds?"));
	strcpy(w->open_thread, cop_thread_id(t));
	cop_thread_free(t);
	TU_OK(s, cop_thread_create(&t, s, "closed", COP_THREAD_DISCUSSION,
		"Plans", NULL, "en", "The private plans"));
	strcpy(w->closed_thread, cop_thread_id(t));
	cop_thread_free(t);
}

/* Reply to the open thread as ama. */
static void reply_as_ama(cop_store *s, const small_world *w)
{
	cop_contribution *c = NULL;

	tu_as(s, w->ama);
	TU_OK(s, cop_contribution_create(&c, s, w->open_thread,
		COP_CONTRIB_REPLY, NULL, NULL, "en", "I have some"));
	cop_contribution_free(c);
}

START_TEST(a_store_opens_over_the_fake)
{
	cop_backend *be = fakebe_new(1);
	cop_store *s = open_fake(be);
	cop_member *m = NULL;
	small_world w;

	ck_assert_str_eq(cop_store_backend_name(s), "fake");
	make_small_world(s, &w);
	TU_OK(s, cop_member_lookup_by_handle(&m, s, "AMA"));
	ck_assert_str_eq(cop_member_id(m), w.ama);
	ck_assert_str_eq(cop_member_display_name(m), "Ama Owusu");
	cop_member_free(m);
	/* The fake's unique key reaches the user as COP_EEXISTS. */
	TU_RC(s, COP_EEXISTS, cop_member_create(&m, s, "ama", "Again", NULL,
		NULL));
	ck_assert_ptr_null(m);
	ck_assert_int_eq(cop_log_last_seq(s) > 0, 1);
	tu_close(s);
}
END_TEST

START_TEST(thread_access_falls_back_to_gets)
{
	cop_backend *be = fakebe_new(1);
	cop_store *s = open_fake(be);
	cop_thread *t = NULL;
	small_world w;
	long threads, comms, memberships;

	make_small_world(s, &w);
	threads = fakebe_gets(be, COP_REC_THREAD);
	comms = fakebe_gets(be, COP_REC_COMMUNITY);
	memberships = fakebe_gets(be, COP_REC_MEMBERSHIP);
	tu_as(s, w.ama);
	TU_OK(s, cop_thread_lookup(&t, s, w.closed_thread));
	ck_assert_str_eq(cop_thread_title(t), "Plans");
	cop_thread_free(t);
	/* No thread_access(): the thread, its community and the viewer's
	 * membership were each read with get(). */
	ck_assert_int_gt(fakebe_gets(be, COP_REC_THREAD), threads);
	ck_assert_int_gt(fakebe_gets(be, COP_REC_COMMUNITY), comms);
	ck_assert_int_gt(fakebe_gets(be, COP_REC_MEMBERSHIP), memberships);

	/* And the core decides from them: kofi is no member of "closed". */
	tu_as(s, w.kofi);
	TU_RC(s, COP_ENOTFOUND, cop_thread_lookup(&t, s, w.closed_thread));
	ck_assert_ptr_null(t);
	TU_OK(s, cop_thread_lookup(&t, s, w.open_thread));
	cop_thread_free(t);
	tu_close(s);
}
END_TEST

START_TEST(recognition_is_not_supported)
{
	cop_recognition_config cfg = COP_RECOGNITION_CONFIG_INIT;
	cop_backend *be = fakebe_new(1);
	cop_store *s = open_fake(be);
	small_world w;
	tu_idbuf post;

	make_small_world(s, &w);
	TU_RC(s, COP_ENOTSUP, cop_recognition_config_lookup(&cfg, s, "open"));
	tu_assert_failed_msg(s, COP_ENOTSUP);
	TU_RC(s, COP_ENOTSUP, cop_recognition_config_set(s, "open", &cfg));
	/* Posting still works: the core keeps no standings without rop(). */
	reply_as_ama(s, &w);
	tu_first_post(s, post, w.open_thread);
	TU_RC(s, COP_ENOTSUP, cop_vote_cast(s, post, COP_VOTE_UP));
	tu_close(s);
}
END_TEST

START_TEST(later_methods_are_not_called)
{
	cop_recognition_config cfg = COP_RECOGNITION_CONFIG_INIT;
	cop_backend *be = fakebe_new(1);
	cop_store *s;
	cop_thread *t = NULL;
	small_world w;

	/* A version-1 backend whose later fields hold something: the core
	 * must treat them as absent. */
	fakebe_set_traps(be);
	s = open_fake(be);
	make_small_world(s, &w);
	tu_as(s, w.ama);
	TU_OK(s, cop_thread_lookup(&t, s, w.closed_thread));
	cop_thread_free(t);
	reply_as_ama(s, &w);
	TU_RC(s, COP_ENOTSUP, cop_recognition_config_lookup(&cfg, s, "open"));
	ck_assert_int_eq(fakebe_trapped(be), 0);
	tu_close(s);
}
END_TEST

START_TEST(unsupported_versions_are_refused)
{
	static const unsigned int versions[] = { 0, COP_BACKEND_VERSION + 1,
		1000 };
	size_t i;

	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		cop_backend *be = fakebe_new(versions[i]);
		cop_store *s = (cop_store *)&s;   /* not NULL */
		int freed = fakebe_freed, rc;

		ck_assert_ptr_nonnull(be);
		rc = cop_open_backend(&s, be, &tu_system);
		ck_assert_msg(rc == COP_EINVAL, "version %u: %s", versions[i],
			tu_ename(rc));
		ck_assert_ptr_null(s);
		/* The store took the backend and freed it. */
		ck_assert_int_eq(fakebe_freed, freed + 1);
		ck_assert(tu_contains(cop_errmsg(NULL), "version"));
	}
	/* Every supported version opens. */
	for (i = 1; i <= COP_BACKEND_VERSION; i++) {
		cop_store *s = open_fake(fakebe_new((unsigned int)i));

		tu_close(s);
	}
	{
		cop_store *s = (cop_store *)&s;

		ck_assert_int_eq(cop_open_backend(&s, NULL, NULL), COP_EINVAL);
		ck_assert_ptr_null(s);
	}
}
END_TEST

START_TEST(bad_options_free_the_backend)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	int freed = fakebe_freed;

	o.version = 999;
	ck_assert_int_eq(cop_open_backend(&s, fakebe_new(1), &o), COP_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(fakebe_freed, freed + 1);
	ck_assert_int_eq(cop_open_backend(NULL, fakebe_new(1), NULL),
		COP_EINVAL);
	ck_assert_int_eq(fakebe_freed, freed + 2);
}
END_TEST

START_TEST(backend_init_sets_version_and_clears_methods)
{
	cop_backend be, init = COP_BACKEND_INIT;
	unsigned int v;

	memset(&be, 0xa5, sizeof(be));
	ck_assert_int_eq(cop_backend_init(&be, 0), COP_EINVAL);
	ck_assert_int_eq(cop_backend_init(&be, COP_BACKEND_VERSION + 1),
		COP_EINVAL);
	ck_assert_uint_eq(be.version, 0xa5a5a5a5u);   /* nothing written */
	ck_assert_int_eq(cop_backend_init(NULL, 1), COP_EINVAL);
	for (v = 1; v <= COP_BACKEND_VERSION; v++) {
		memset(&be, 0xa5, sizeof(be));
		ck_assert_int_eq(cop_backend_init(&be, v), COP_OK);
		ck_assert_uint_eq(be.version, v);
		ck_assert_ptr_null(be.name);
		ck_assert_ptr_null(be.free);
		ck_assert_ptr_null(be.insert);
		ck_assert_ptr_null(be.log_last_seq);
		ck_assert_ptr_null(be.rop);
		ck_assert_ptr_null(be.thread_access);
	}
	ck_assert_uint_eq(init.version, COP_BACKEND_VERSION);
	ck_assert_ptr_null(init.free);
	ck_assert_ptr_null(init.thread_access);
}
END_TEST

Suite *bt_core_suite(void)
{
	const TTest *const tests[] = {
		a_store_opens_over_the_fake,
		thread_access_falls_back_to_gets,
		recognition_is_not_supported, later_methods_are_not_called,
		unsupported_versions_are_refused,
		bad_options_free_the_backend,
		backend_init_sets_version_and_clears_methods
	};

	return BT_SUITE("backend core over a fake", NULL, NULL, tests);
}
