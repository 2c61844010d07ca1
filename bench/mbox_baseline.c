/*
 * bench/mbox_baseline.c: the floor cop-bench-mbox measures libcop's mbox
 * import against: GMime's mbox parser over the same file, once, and plain
 * prepared SQLite statements in one transaction writing the rows the
 * import writes (members with their address and membership, threads,
 * posts with their body, the Message-IDs) into a file whose schema libcop
 * made.  A message's thread is its last reference's (one lookup by
 * Message-ID), else a new one: threading by references as one pass can,
 * without JWZ's subject grouping or standings, so this is a floor.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmime/gmime.h>
#include <sqlite3.h>

#include "benchutil.h"
#include "mbox_baseline.h"
#include "../libcop/sqlite/layout.h"

typedef struct bl {
	sqlite3 *db;
	sqlite3_stmt *email_get, *member, *email, *membership, *msg_get,
		*thread, *contrib, *bump, *msg;
	unsigned char comm[16];
	uint64_t seq;
	int64_t now;
	mbox_counts n;
} bl;

/* A time-ordered id (UUIDv7 layout) from the message's time. */
static void bl_id(bl *x, unsigned char *id)
{
	uint64_t s = ++x->seq, r = s * 0x9e3779b97f4a7c15ULL;
	int64_t ms = x->now;
	int i;

	for (i = 5; i >= 0; i--, ms >>= 8)
		id[i] = (unsigned char)(ms & 0xff);
	id[6] = (unsigned char)(0x70 | ((s >> 8) & 0x0f));
	id[7] = (unsigned char)(s & 0xff);
	memcpy(id + 8, &r, 8);
	id[8] = (unsigned char)(0x80 | (id[8] & 0x3f));
}

static int bl_row(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		bu_die("step", sqlite3_errmsg(sqlite3_db_handle(q)));
	sqlite3_reset(q);
	return 0;
}

/* The member of @p addr (made, with its address and membership). */
static void bl_member(bl *x, const char *addr, const char *name,
	unsigned char *out)
{
	char handle[80];

	sqlite3_bind_text(x->email_get, 1, addr, -1, SQLITE_STATIC);
	if (bl_row(x->email_get)) {
		memcpy(out, sqlite3_column_blob(x->email_get, 0), 16);
		sqlite3_reset(x->email_get);
		return;
	}
	bl_id(x, out);
	snprintf(handle, sizeof(handle), "m%lld", (long long)++x->n.members);
	bu_bind_id(x->member, 1, out);
	bu_bind_text(x->member, 2, handle);
	bu_bind_text(x->member, 3, name && *name ? name : handle);
	sqlite3_bind_int64(x->member, 4, x->now);
	bu_run(x->member);
	bu_bind_text(x->email, 1, addr);
	bu_bind_id(x->email, 2, out);
	sqlite3_bind_int64(x->email, 3, x->now);
	bu_run(x->email);
	sqlite3_bind_blob(x->membership, 1, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(x->membership, 2, out);
	sqlite3_bind_int64(x->membership, 3, x->now);
	bu_run(x->membership);
}

/* The last reference (References, else In-Reply-To), or NULL (g_free). */
static char *bl_parent(GMimeMessage *m)
{
	static const char *const hdr[2] = { "References", "In-Reply-To" };
	char *out = NULL;
	int h;

	for (h = 0; h < 2 && !out; h++) {
		const char *v = g_mime_object_get_header(GMIME_OBJECT(m), hdr[h]);
		GMimeReferences *r = v ? g_mime_references_parse(NULL, v) : NULL;
		int n = r ? g_mime_references_length(r) : 0;
		if (n > 0)
			out = g_strdup(g_mime_references_get_message_id(r, n - 1));
		if (r)
			g_mime_references_free(r);
	}
	return out;
}

static void bl_message(bl *x, GMimeMessage *m)
{
	InternetAddressList *from = g_mime_message_get_from(m);
	InternetAddress *ia = from && internet_address_list_length(from) > 0 ?
		internet_address_list_get_address(from, 0) : NULL;
	GDateTime *d = g_mime_message_get_date(m);
	const char *id = g_mime_message_get_message_id(m);
	GMimeObject *b = g_mime_message_get_body(m);
	unsigned char author[16], thread[16], cid[16], reply[16];
	char *addr, *parent, *body = NULL;
	int has_reply = 0;

	if (!ia || !INTERNET_ADDRESS_IS_MAILBOX(ia) || !d || !id)
		return;
	x->now = (int64_t)g_date_time_to_unix(d) * 1000;
	addr = g_utf8_strdown(internet_address_mailbox_get_addr(
		INTERNET_ADDRESS_MAILBOX(ia)), -1);
	bl_member(x, addr, internet_address_get_name(ia), author);
	g_free(addr);
	if ((parent = bl_parent(m)) != NULL) {
		sqlite3_bind_text(x->msg_get, 1, parent, -1, SQLITE_STATIC);
		if (bl_row(x->msg_get)) {
			memcpy(reply, sqlite3_column_blob(x->msg_get, 0), 16);
			memcpy(thread, sqlite3_column_blob(x->msg_get, 1), 16);
			has_reply = 1;
			sqlite3_reset(x->msg_get);
		}
		g_free(parent);
	}
	if (!has_reply) {
		const char *subj = g_mime_message_get_subject(m);
		bl_id(x, thread);
		bu_bind_id(x->thread, 1, thread);
		sqlite3_bind_blob(x->thread, 2, x->comm, 16, SQLITE_STATIC);
		bu_bind_id(x->thread, 3, author);
		bu_bind_text(x->thread, 4, subj && *subj ? subj : "(no subject)");
		sqlite3_bind_int64(x->thread, 5, x->now);
		bu_run(x->thread);
		x->n.threads++;
	}
	if (b && GMIME_IS_TEXT_PART(b))
		body = g_mime_text_part_get_text(GMIME_TEXT_PART(b));
	bl_id(x, cid);
	bu_bind_id(x->contrib, 1, cid);
	bu_bind_id(x->contrib, 2, thread);
	sqlite3_bind_blob(x->contrib, 3, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(x->contrib, 4, author);
	sqlite3_bind_int(x->contrib, 5, has_reply ? 1 : 0);
	bu_bind_id(x->contrib, 6, has_reply ? reply : NULL);
	bu_bind_text(x->contrib, 7, body && *body ? body : "(no text)");
	sqlite3_bind_int64(x->contrib, 8, x->now);
	bu_run(x->contrib);
	g_free(body);
	bu_bind_id(x->bump, 1, thread);
	sqlite3_bind_int64(x->bump, 2, x->now);
	bu_run(x->bump);
	bu_bind_text(x->msg, 1, id);
	sqlite3_bind_blob(x->msg, 2, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(x->msg, 3, cid);
	sqlite3_bind_int64(x->msg, 4, x->now);
	bu_run(x->msg);
	x->n.messages++;
}

void mbox_baseline(const char *mbox, const char *db, const char *slug,
	mbox_counts *out)
{
	sqlite3_stmt *q;
	GMimeStream *st;
	GMimeParser *p;
	bl x;
	int fd;

	memset(&x, 0, sizeof(x));
	g_mime_init();
	x.db = bu_plain_open(db, 16384);
	q = bu_prep(x.db, "SELECT id FROM cop_community WHERE slug = ?1");
	sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
	if (!bl_row(q))
		bu_die("the community", "not found");
	memcpy(x.comm, sqlite3_column_blob(q, 0), 16);
	sqlite3_finalize(q);
	x.email_get = bu_prep(x.db, "SELECT member_id FROM cop_member_email "
		"WHERE address = ?1");
	x.member = bu_prep(x.db, "INSERT INTO cop_member (id, handle, "
		"handle_lower, display_name, organisation, languages, status, "
		"created) VALUES (?1, ?2, lower(?2), ?3, NULL, NULL, 0, ?4)");
	x.email = bu_prep(x.db, "INSERT INTO cop_member_email (address, "
		"member_id, is_primary, verified, created) VALUES (?1, ?2, 1, 0, ?3)");
	x.membership = bu_prep(x.db, "INSERT INTO cop_membership (community_id, "
		"member_id, role, status, joined, pledged_hours) "
		"VALUES (?1, ?2, 1, 0, ?3, 0)");
	x.msg_get = bu_prep(x.db, "SELECT c.id, c.thread_id FROM cop_mail_message m "
		"JOIN cop_contribution c ON c.id = m.contribution_id "
		"WHERE m.message_id = ?1");
	x.thread = bu_prep(x.db, "INSERT INTO cop_thread (id, community_id, "
		"author_id, kind, state, pinned, title, tags, language, created, "
		"last_activity, contribution_count) VALUES (?1, ?2, ?3, 0, 0, 0, "
		"?4, '', 'en', ?5, ?5, 0)");
	x.contrib = bu_prep(x.db, "INSERT INTO cop_contribution (rid, fid, id, "
		"thread_id, community_id, author_id, kind, reply_to, "
		"translation_of, language, body, format, created, edited, "
		"revision, score) VALUES (" SQ_CON_KEYS("?2")
		", ?1, ?2, ?3, ?4, ?5, ?6, "
		"NULL, 'en', ?7, 0, ?8, 0, 1, 0)");
	x.bump = bu_prep(x.db, "UPDATE cop_thread SET contribution_count = "
		"contribution_count + 1, last_activity = max(last_activity, ?2) "
		"WHERE id = ?1");
	x.msg = bu_prep(x.db, "INSERT INTO cop_mail_message (message_id, "
		"community_id, contribution_id, created) VALUES (?1, ?2, ?3, ?4)");
	if ((fd = open(mbox, O_RDONLY)) < 0)
		bu_die(mbox, "cannot open");
	st = g_mime_stream_fs_new(fd);
	p = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(p, GMIME_FORMAT_MBOX);
	bu_exec(x.db, "BEGIN IMMEDIATE");
	while (!g_mime_parser_eos(p)) {
		GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
		if (!m)
			break;
		bl_message(&x, m);
		g_object_unref(m);
	}
	bu_exec(x.db, "COMMIT");
	g_object_unref(p);
	g_object_unref(st);
	sqlite3_finalize(x.email_get);
	sqlite3_finalize(x.member);
	sqlite3_finalize(x.email);
	sqlite3_finalize(x.membership);
	sqlite3_finalize(x.msg_get);
	sqlite3_finalize(x.thread);
	sqlite3_finalize(x.contrib);
	sqlite3_finalize(x.bump);
	sqlite3_finalize(x.msg);
	if (sqlite3_close(x.db) != SQLITE_OK)
		bu_die("sqlite3_close", "busy");
	*out = x.n;
}
