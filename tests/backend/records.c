/*
 * records.c: insert, get and update of every record kind, field by field;
 * unique keys; absent keys; the log's numbering; stats.
 */
#include <stdlib.h>
#include <string.h>

#include "betest.h"

/* Text no backend may mangle: multi-byte UTF-8 of 2, 3 and 4 bytes. */
#define UTF8 "Gr\xc3\xbc\xc3\x9f \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8c\xb1 'q' \"d\" %_\\"

/* A time beyond 32 bits of seconds and of milliseconds. */
#define BIG_TIME ((cop_time)4102444800123LL)

/* ---- members ----------------------------------------------------------------- */

START_TEST(member_round_trip)
{
	cop_member_rec in, out;
	cop_key key;

	memset(&in, 0, sizeof(in));
	in.id = bt_id(1);
	in.handle = "Ama.Owusu-1";
	in.display_name = UTF8;
	in.organisation = "KS Ghana";
	in.languages = "en fr";
	in.status = COP_MEMBER_SUSPENDED;
	in.created = BIG_TIME;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_MEMBER, &in));

	memset(&key, 0, sizeof(key));
	key.id = bt_id(1);
	memset(&out, 0, sizeof(out));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	BT_ID_EQ(out.id, in.id, "member id");
	BT_STR_EQ(out.handle, "Ama.Owusu-1");
	BT_STR_EQ(out.display_name, UTF8);
	BT_STR_EQ(out.organisation, "KS Ghana");
	BT_STR_EQ(out.languages, "en fr");
	ck_assert_int_eq(out.status, COP_MEMBER_SUSPENDED);
	ck_assert_int_eq(out.created, BIG_TIME);
	cop_rec_clear(COP_REC_MEMBER, &out);
	ck_assert_ptr_null(out.handle);

	/* By handle, whatever its case. */
	key.id = bt_nil();
	key.name = "ama.OWUSU-1";
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	BT_ID_EQ(out.id, in.id, "member by handle");
	BT_STR_EQ(out.handle, "Ama.Owusu-1");
	cop_rec_clear(COP_REC_MEMBER, &out);

	/* Optional strings cleared become NULL, not "". */
	in.handle = "kofi";
	in.display_name = "Kofi";
	in.organisation = NULL;
	in.languages = NULL;
	in.status = COP_MEMBER_ACTIVE;
	in.created = -5;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_MEMBER, &in));
	key.name = NULL;
	key.id = bt_id(1);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	BT_STR_EQ(out.handle, "kofi");
	BT_STR_EQ(out.display_name, "Kofi");
	ck_assert_ptr_null(out.organisation);
	ck_assert_ptr_null(out.languages);
	ck_assert_int_eq(out.status, COP_MEMBER_ACTIVE);
	ck_assert_int_eq(out.created, -5);
	cop_rec_clear(COP_REC_MEMBER, &out);

	/* The old handle is gone, the new one found. */
	key.id = bt_nil();
	key.name = "ama.owusu-1";
	BT_RC(bt_be, COP_ENOTFOUND, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	key.name = "KOFI";
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	cop_rec_clear(COP_REC_MEMBER, &out);
}
END_TEST

START_TEST(member_unique_keys)
{
	cop_member_rec m, out;
	cop_key key;

	bt_member(bt_be, 1, "Esi");
	memset(&m, 0, sizeof(m));
	m.id = bt_id(2);
	m.handle = "eSI";
	m.display_name = "Other";
	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_MEMBER, &m));
	ck_assert_ptr_nonnull(bt_be->errmsg(bt_be));
	m.id = bt_id(1);
	m.handle = "yaw";
	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_MEMBER, &m));
	/* Neither failed insert left a row. */
	memset(&key, 0, sizeof(key));
	key.name = "yaw";
	memset(&out, 0, sizeof(out));
	BT_RC(bt_be, COP_ENOTFOUND, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	key.name = NULL;
	key.id = bt_id(2);
	BT_RC(bt_be, COP_ENOTFOUND, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	/* An update onto a taken handle. */
	bt_member(bt_be, 3, "yaa");
	m.id = bt_id(3);
	m.handle = "ESI";
	BT_RC(bt_be, COP_EEXISTS, bt_be->update(bt_be, COP_REC_MEMBER, &m));
	key.id = bt_id(3);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBER, &key, &out));
	BT_STR_EQ(out.handle, "yaa");
	cop_rec_clear(COP_REC_MEMBER, &out);
}
END_TEST

/* ---- communities -------------------------------------------------------------- */

START_TEST(community_round_trip)
{
	cop_community_rec in, out;
	cop_key key;
	char *purpose = tu_repeat('p', 60000);

	memcpy(purpose, UTF8, strlen(UTF8));
	memset(&in, 0, sizeof(in));
	in.id = bt_id(10);
	in.slug = "ksghana-cop";
	in.name = UTF8;
	in.purpose = purpose;
	in.language = "fr";
	in.visibility = COP_VISIBILITY_INVITE_ONLY;
	in.created = BIG_TIME;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_COMMUNITY, &in));

	memset(&key, 0, sizeof(key));
	key.id = bt_id(10);
	memset(&out, 0, sizeof(out));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_COMMUNITY, &key, &out));
	BT_ID_EQ(out.id, in.id, "community id");
	BT_STR_EQ(out.slug, "ksghana-cop");
	BT_STR_EQ(out.name, UTF8);
	BT_STR_EQ(out.purpose, purpose);
	BT_STR_EQ(out.language, "fr");
	ck_assert_int_eq(out.visibility, COP_VISIBILITY_INVITE_ONLY);
	ck_assert_int_eq(out.created, BIG_TIME);
	cop_rec_clear(COP_REC_COMMUNITY, &out);

	in.purpose = NULL;
	in.slug = "renamed";
	in.visibility = COP_VISIBILITY_PRIVATE;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_COMMUNITY, &in));
	key.id = bt_nil();
	key.name = "renamed";
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_COMMUNITY, &key, &out));
	BT_ID_EQ(out.id, in.id, "community by slug");
	ck_assert_ptr_null(out.purpose);
	ck_assert_int_eq(out.visibility, COP_VISIBILITY_PRIVATE);
	cop_rec_clear(COP_REC_COMMUNITY, &out);
	key.name = "ksghana-cop";
	BT_RC(bt_be, COP_ENOTFOUND,
		bt_be->get(bt_be, COP_REC_COMMUNITY, &key, &out));

	/* Slugs are unique; ids too. */
	in.id = bt_id(11);
	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_COMMUNITY, &in));
	in.id = bt_id(10);
	in.slug = "fresh";
	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_COMMUNITY, &in));
	free(purpose);
}
END_TEST

/* ---- memberships -------------------------------------------------------------- */

START_TEST(membership_round_trip)
{
	cop_membership_rec in, out;
	cop_key key;

	bt_member(bt_be, 1, "Adwoa");
	bt_community(bt_be, 10, "c", COP_VISIBILITY_PUBLIC);
	memset(&in, 0, sizeof(in));
	in.community_id = bt_id(10);
	in.member_id = bt_id(1);
	in.role = COP_ROLE_FACILITATOR;
	in.status = COP_MEMBERSHIP_SILENCED;
	in.joined = BIG_TIME;
	in.pledged_hours = 12;
	in.handle = "ignored-on-write";
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_MEMBERSHIP, &in));

	memset(&key, 0, sizeof(key));
	key.id = bt_id(10);
	key.id2 = bt_id(1);
	memset(&out, 0, sizeof(out));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBERSHIP, &key, &out));
	BT_ID_EQ(out.community_id, in.community_id, "membership community");
	BT_ID_EQ(out.member_id, in.member_id, "membership member");
	ck_assert_int_eq(out.role, COP_ROLE_FACILITATOR);
	ck_assert_int_eq(out.status, COP_MEMBERSHIP_SILENCED);
	ck_assert_int_eq(out.joined, BIG_TIME);
	ck_assert_int_eq(out.pledged_hours, 12);
	BT_STR_EQ(out.handle, "Adwoa");           /* from the member */
	cop_rec_clear(COP_REC_MEMBERSHIP, &out);

	in.role = COP_ROLE_OBSERVER;
	in.status = COP_MEMBERSHIP_LEFT;
	in.pledged_hours = 0;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_MEMBERSHIP, &in));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBERSHIP, &key, &out));
	ck_assert_int_eq(out.role, COP_ROLE_OBSERVER);
	ck_assert_int_eq(out.status, COP_MEMBERSHIP_LEFT);
	ck_assert_int_eq(out.pledged_hours, 0);
	cop_rec_clear(COP_REC_MEMBERSHIP, &out);

	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_MEMBERSHIP, &in));
	/* The same member elsewhere is another key. */
	key.id2 = bt_id(2);
	BT_RC(bt_be, COP_ENOTFOUND,
		bt_be->get(bt_be, COP_REC_MEMBERSHIP, &key, &out));
	in.member_id = bt_id(2);
	BT_RC(bt_be, COP_ENOTFOUND,
		bt_be->update(bt_be, COP_REC_MEMBERSHIP, &in));
}
END_TEST

/* ---- threads ------------------------------------------------------------------ */

START_TEST(thread_round_trip)
{
	cop_thread_rec in, out;
	cop_key key;
	char *title = tu_repeat('t', 300);

	memset(&in, 0, sizeof(in));
	in.id = bt_id(20);
	in.community_id = bt_id(10);
	in.author_id = bt_id(1);
	in.kind = COP_THREAD_QUESTION;
	in.state = COP_THREAD_PINNED;
	in.title = title;
	in.tags = "drought maize";
	in.language = "ak";
	in.created = BIG_TIME;
	in.last_activity = BIG_TIME + 1;
	in.contribution_count = 7;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_THREAD, &in));

	memset(&key, 0, sizeof(key));
	key.id = bt_id(20);
	memset(&out, 0, sizeof(out));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &out));
	BT_ID_EQ(out.id, in.id, "thread id");
	BT_ID_EQ(out.community_id, in.community_id, "thread community");
	BT_ID_EQ(out.author_id, in.author_id, "thread author");
	ck_assert_int_eq(out.kind, COP_THREAD_QUESTION);
	ck_assert_int_eq(out.state, COP_THREAD_PINNED);
	BT_STR_EQ(out.title, title);
	BT_STR_EQ(out.tags, "drought maize");
	BT_STR_EQ(out.language, "ak");
	ck_assert_int_eq(out.created, BIG_TIME);
	ck_assert_int_eq(out.last_activity, BIG_TIME + 1);
	ck_assert_int_eq(out.contribution_count, 7);
	cop_rec_clear(COP_REC_THREAD, &out);

	/* The system as author: the nil id stays nil; "" tags stay "". */
	in.author_id = bt_nil();
	in.tags = "";
	in.title = UTF8;
	in.state = COP_THREAD_HIDDEN;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_THREAD, &in));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &out));
	ck_assert(cop_id_is_nil(&out.author_id));
	BT_STR_EQ(out.tags, "");
	BT_STR_EQ(out.title, UTF8);
	ck_assert_int_eq(out.state, COP_THREAD_HIDDEN);
	cop_rec_clear(COP_REC_THREAD, &out);

	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_THREAD, &in));
	in.id = bt_id(21);
	BT_RC(bt_be, COP_ENOTFOUND, bt_be->update(bt_be, COP_REC_THREAD, &in));
	key.id = bt_id(21);
	BT_RC(bt_be, COP_ENOTFOUND, bt_be->get(bt_be, COP_REC_THREAD, &key, &out));
	free(title);
}
END_TEST

/* ---- contributions and revisions ---------------------------------------------- */

START_TEST(contribution_round_trip)
{
	cop_contribution_rec in, out;
	cop_key key;
	char *body = tu_repeat('b', COP_BODY_MAX);

	memcpy(body, UTF8, strlen(UTF8));
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "T", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "first", TU_T0);
	memset(&in, 0, sizeof(in));
	in.id = bt_id(31);
	in.thread_id = bt_id(20);
	in.community_id = bt_id(10);
	in.author_id = bt_id(2);
	in.kind = COP_CONTRIB_COMMENT;
	in.reply_to = bt_id(30);
	in.translation_of = bt_id(30);
	in.language = "tw";
	in.body = body;
	in.format = COP_FORMAT_HTML;
	in.created = BIG_TIME;
	in.edited = BIG_TIME + 5;
	in.revision = 3;
	in.score = -4;
	in.source_score.set = 1;         /* version 11 */
	in.source_score.value = -7;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_CONTRIBUTION, &in));

	memset(&key, 0, sizeof(key));
	key.id = bt_id(31);
	memset(&out, 0, sizeof(out));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &out));
	BT_ID_EQ(out.id, in.id, "contribution id");
	BT_ID_EQ(out.thread_id, in.thread_id, "thread");
	BT_ID_EQ(out.community_id, in.community_id, "community");
	BT_ID_EQ(out.author_id, in.author_id, "author");
	ck_assert_int_eq(out.kind, COP_CONTRIB_COMMENT);
	BT_ID_EQ(out.reply_to, in.reply_to, "reply_to");
	BT_ID_EQ(out.translation_of, in.translation_of, "translation_of");
	BT_STR_EQ(out.language, "tw");
	ck_assert_uint_eq(strlen(out.body), COP_BODY_MAX);
	BT_STR_EQ(out.body, body);
	ck_assert_int_eq(out.format, COP_FORMAT_HTML);
	ck_assert_int_eq(out.created, BIG_TIME);
	ck_assert_int_eq(out.edited, BIG_TIME + 5);
	ck_assert_int_eq(out.revision, 3);
	ck_assert_int_eq(out.score, -4);
	ck_assert_int_eq(out.source_score.set, 1);
	ck_assert_int_eq(out.source_score.value, -7);
	cop_rec_clear(COP_REC_CONTRIBUTION, &out);
	/* The first post has none (NULL), not 0. */
	key.id = bt_id(30);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &out));
	ck_assert_int_eq(out.source_score.set, 0);
	cop_rec_clear(COP_REC_CONTRIBUTION, &out);
	key.id = bt_id(31);

	/* Optional ids back to nil; the system as author; a source score
	 * of 0 is one. */
	in.author_id = bt_nil();
	in.reply_to = bt_nil();
	in.translation_of = bt_nil();
	in.body = "short";
	in.edited = 0;
	in.source_score.value = 0;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_CONTRIBUTION, &in));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &out));
	ck_assert(cop_id_is_nil(&out.author_id));
	ck_assert(cop_id_is_nil(&out.reply_to));
	ck_assert(cop_id_is_nil(&out.translation_of));
	BT_STR_EQ(out.body, "short");
	ck_assert_int_eq(out.edited, 0);
	ck_assert_int_eq(out.source_score.set, 1);
	ck_assert_int_eq(out.source_score.value, 0);
	cop_rec_clear(COP_REC_CONTRIBUTION, &out);
	/* And back to none. */
	in.source_score.set = 0;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_CONTRIBUTION, &in));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &out));
	ck_assert_int_eq(out.source_score.set, 0);
	cop_rec_clear(COP_REC_CONTRIBUTION, &out);

	BT_RC(bt_be, COP_EEXISTS,
		bt_be->insert(bt_be, COP_REC_CONTRIBUTION, &in));
	in.id = bt_id(32);
	BT_RC(bt_be, COP_ENOTFOUND,
		bt_be->update(bt_be, COP_REC_CONTRIBUTION, &in));
	key.id = bt_id(32);
	BT_RC(bt_be, COP_ENOTFOUND,
		bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &out));
	free(body);
}
END_TEST

START_TEST(revision_round_trip)
{
	cop_revision_rec in, out;
	cop_key key;

	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "T", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "now", TU_T0);
	memset(&in, 0, sizeof(in));
	in.contribution_id = bt_id(30);
	in.community_id = bt_id(10);
	in.number = 1;
	in.author_id = bt_id(1);
	in.body = UTF8;
	in.comment = "typo";
	in.created = BIG_TIME;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &in));
	in.number = 2;
	in.author_id = bt_nil();
	in.comment = NULL;
	in.body = "";
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &in));
	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_REVISION, &in));

	memset(&key, 0, sizeof(key));
	key.id = bt_id(30);
	key.number = 1;
	memset(&out, 0, sizeof(out));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_REVISION, &key, &out));
	BT_ID_EQ(out.contribution_id, in.contribution_id, "revision of");
	BT_ID_EQ(out.community_id, in.community_id, "revision community");
	ck_assert_int_eq(out.number, 1);
	BT_ID_EQ(out.author_id, bt_id(1), "revision author");
	BT_STR_EQ(out.body, UTF8);
	BT_STR_EQ(out.comment, "typo");
	ck_assert_int_eq(out.created, BIG_TIME);
	cop_rec_clear(COP_REC_REVISION, &out);

	key.number = 2;
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_REVISION, &key, &out));
	ck_assert(cop_id_is_nil(&out.author_id));
	ck_assert_ptr_null(out.comment);
	BT_STR_EQ(out.body, "");
	cop_rec_clear(COP_REC_REVISION, &out);

	key.number = 3;
	BT_RC(bt_be, COP_ENOTFOUND,
		bt_be->get(bt_be, COP_REC_REVISION, &key, &out));
}
END_TEST

/* ---- the log ----------------------------------------------------------------- */

START_TEST(log_numbering)
{
	cop_log_rec l;
	cop_query q;
	bt_rows rows;
	int64_t last = -1;
	int i;

	BT_OK(bt_be, bt_be->log_last_seq(bt_be, &last));
	ck_assert_int_eq(last, 0);
	for (i = 1; i <= 5; i++) {
		memset(&l, 0, sizeof(l));
		l.seq = 999;                     /* the backend assigns it */
		l.time = BIG_TIME + i;
		l.actor_id = i % 2 ? bt_id(1) : bt_nil();
		l.op = i % 2 ? "member.create" : UTF8;
		l.object_id = bt_id((unsigned int)(100 + i));
		l.community_id = i == 3 ? bt_id(10) : bt_nil();
		BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
		ck_assert_int_eq(l.seq, i);
		BT_OK(bt_be, bt_be->log_last_seq(bt_be, &last));
		ck_assert_int_eq(last, i);
	}
	/* A rolled-back append leaves no gap. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	memset(&l, 0, sizeof(l));
	l.op = "doomed";
	l.object_id = bt_id(200);
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
	/* Inside a transaction a backend may leave seq 0 (backend.h: the
	 * PostgreSQL backend sends the append later, with the next read or
	 * the commit); the seq it gets is checked through log_last_seq(). */
	ck_assert_msg(l.seq == 6 || l.seq == 0, "seq %lld", (long long)l.seq);
	BT_OK(bt_be, bt_be->log_last_seq(bt_be, &last));
	ck_assert_int_eq(last, 6);
	BT_OK(bt_be, bt_be->rollback(bt_be));
	BT_OK(bt_be, bt_be->log_last_seq(bt_be, &last));
	ck_assert_int_eq(last, 5);
	l.op = "kept";
	l.object_id = bt_id(106);
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
	ck_assert_int_eq(l.seq, 6);

	q = bt_query(COP_LIST_LOG, 0);
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	BT_ROWS_ARE(&rows, "101 102 103 104 105 106");
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(rows.num[i], i + 1);
	BT_STR_EQ(rows.text[1], UTF8);
	bt_rows_free(&rows);
}
END_TEST

START_TEST(log_fields)
{
	cop_log_rec l;
	cop_backend_iter *it = NULL;
	cop_query q;

	memset(&l, 0, sizeof(l));
	l.time = BIG_TIME;
	l.actor_id = bt_id(1);
	l.op = "thread.hide";
	l.object_id = bt_id(20);
	l.community_id = bt_id(10);
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
	l.actor_id = bt_nil();
	l.community_id = bt_nil();
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));

	q = bt_query(COP_LIST_LOG, 0);
	BT_OK(bt_be, bt_be->list(bt_be, &q, &it));
	memset(&l, 0, sizeof(l));
	BT_OK(bt_be, it->next(it, &l));
	ck_assert_int_eq(l.seq, 1);
	ck_assert_int_eq(l.time, BIG_TIME);
	BT_ID_EQ(l.actor_id, bt_id(1), "log actor");
	BT_STR_EQ(l.op, "thread.hide");
	BT_ID_EQ(l.object_id, bt_id(20), "log object");
	BT_ID_EQ(l.community_id, bt_id(10), "log community");
	if (!(it->flags & COP_BACKEND_ITER_BORROWED))
		cop_rec_clear(COP_REC_LOG, &l);
	memset(&l, 0, sizeof(l));
	BT_OK(bt_be, it->next(it, &l));
	ck_assert_int_eq(l.seq, 2);
	ck_assert(cop_id_is_nil(&l.actor_id));
	ck_assert(cop_id_is_nil(&l.community_id));
	if (!(it->flags & COP_BACKEND_ITER_BORROWED))
		cop_rec_clear(COP_REC_LOG, &l);
	memset(&l, 0, sizeof(l));
	ck_assert_int_eq(it->next(it, &l), COP_ITEROVER);
	it->free(it);
}
END_TEST

/* ---- stats ------------------------------------------------------------------- */

START_TEST(stats_counts)
{
	cop_stats st;
	cop_id c10 = bt_id(10);

	memset(&st, 0, sizeof(st));
	st.version = COP_STATS_VERSION;
	BT_OK(bt_be, bt_be->stats(bt_be, NULL, &st));
	ck_assert_int_eq(st.members, 0);
	ck_assert_int_eq(st.contributions, 0);

	bt_member(bt_be, 1, "a");
	bt_member(bt_be, 2, "b");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PRIVATE);
	bt_membership(bt_be, 10, 1, COP_ROLE_OWNER, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 10, 2, COP_ROLE_MEMBER, COP_MEMBERSHIP_LEFT);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "q", TU_T0);
	bt_thread(bt_be, 21, 11, 1, COP_THREAD_OPEN, "d", TU_T0);
	/* Thread 20 becomes a question. */
	bt_question(bt_be, 20);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q?", TU_T0);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_ANSWER, "a", TU_T0 + 1);
	bt_contrib(bt_be, 32, 20, 10, 2, COP_CONTRIB_COMMENT, "c", TU_T0 + 2);
	bt_contrib(bt_be, 33, 21, 11, 1, COP_CONTRIB_POST, "d", TU_T0);

	BT_OK(bt_be, bt_be->stats(bt_be, NULL, &st));
	ck_assert_int_eq(st.members, 2);
	ck_assert_int_eq(st.communities, 2);
	ck_assert_int_eq(st.threads, 2);
	ck_assert_int_eq(st.questions, 1);
	ck_assert_int_eq(st.answers, 1);
	ck_assert_int_eq(st.comments, 1);
	ck_assert_int_eq(st.contributions, 4);

	memset(&st, 0, sizeof(st));
	st.version = COP_STATS_VERSION;
	BT_OK(bt_be, bt_be->stats(bt_be, &c10, &st));
	/* In a community, members counts its active memberships. */
	ck_assert_int_eq(st.members, 1);
	ck_assert_int_eq(st.communities, 1);
	ck_assert_int_eq(st.threads, 1);
	ck_assert_int_eq(st.questions, 1);
	ck_assert_int_eq(st.contributions, 3);
}
END_TEST

Suite *bt_records_suite(void)
{
	const TTest *const tests[] = {
		member_round_trip, member_unique_keys, community_round_trip,
		membership_round_trip, thread_round_trip,
		contribution_round_trip, revision_round_trip, log_numbering,
		log_fields, stats_counts
	};

	return BT_SUITE("backend records", bt_setup, bt_teardown, tests);
}
