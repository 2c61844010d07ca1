/*
 * bench/se_baseline.c: the floor of cop-bench-import, what a Stack
 * Exchange dump costs to write.
 *
 * Copied from se_import_baseline, the plain program issue 18 measured
 * libcop against ("4.8 s on the 20x beer dump"; it lives in the shared
 * bench folder beside the repository, which the build must not read),
 * made a function of the benchmark; its statements, schema, PRAGMAs and
 * reading are unchanged but for one word: the copies of cop-bench-import's
 * dump share their tag names (one site that grew), and the tag table's
 * name is unique, so a tag row is INSERT OR IGNORE (the first copy's).  It streams the XML with libxml2's reader and
 * inserts the rows that matter (users, posts, comments, votes, badges,
 * tags, post history) into plain SQLite tables with the indexes a
 * community store needs, in one transaction, then builds an FTS5 index
 * over titles and bodies.  It takes the dump's Score and Reputation as
 * they are instead of deriving them from the votes, keeps no id mapping
 * for re-import and writes no change log: that work is libcop's to add
 * on top.
 */
#include <libxml/xmlreader.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "se_baseline.h"

typedef struct table {
	const char *file, *sql;
	const char *attrs[12];
} table;

static const table T[] = {
	{ "Users.xml", "INSERT INTO member(id,created,name,location,about,"
	  "reputation) VALUES(?,?,?,?,?,?)",
	  { "Id", "CreationDate", "DisplayName", "Location", "AboutMe",
	    "Reputation" } },
	{ "Posts.xml", "INSERT INTO post(id,type,parent,accepted,created,score,"
	  "body,owner,title,tags) VALUES(?,?,?,?,?,?,?,?,?,?)",
	  { "Id", "PostTypeId", "ParentId", "AcceptedAnswerId", "CreationDate",
	    "Score", "Body", "OwnerUserId", "Title", "Tags" } },
	{ "Comments.xml", "INSERT INTO comment(id,post,score,body,created,owner) "
	  "VALUES(?,?,?,?,?,?)",
	  { "Id", "PostId", "Score", "Text", "CreationDate", "UserId" } },
	{ "Votes.xml", "INSERT INTO vote(id,post,type,created,voter) "
	  "VALUES(?,?,?,?,?)",
	  { "Id", "PostId", "VoteTypeId", "CreationDate", "UserId" } },
	{ "Badges.xml", "INSERT INTO badge(id,member,name,created,class) "
	  "VALUES(?,?,?,?,?)",
	  { "Id", "UserId", "Name", "Date", "Class" } },
	{ "Tags.xml", "INSERT OR IGNORE INTO tag(id,name,count) VALUES(?,?,?)",
	  { "Id", "TagName", "Count" } },
	{ "PostHistory.xml", "INSERT INTO revision(id,post,type,created,author,"
	  "body) VALUES(?,?,?,?,?,?)",
	  { "Id", "PostId", "PostHistoryTypeId", "CreationDate", "UserId",
	    "Text" } },
};

static sqlite3 *db;

static void ex(const char *s)
{
	if (sqlite3_exec(db, s, 0, 0, 0) != SQLITE_OK)
		bu_die(s, sqlite3_errmsg(db));
}

long se_baseline(const char *dump, const char *path, double *secs)
{
	double t0 = bu_now_s();
	long total = 0;
	size_t t;

	bu_remove_db(path);
	if (sqlite3_open(path, &db))
		bu_die("open", sqlite3_errmsg(db));
	ex("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	   "CREATE TABLE member(id INTEGER PRIMARY KEY, created TEXT, name TEXT, location TEXT, about TEXT, reputation INT);"
	   "CREATE TABLE post(id INTEGER PRIMARY KEY, type INT, parent INT, accepted INT, created TEXT, score INT, body TEXT, owner INT, title TEXT, tags TEXT);"
	   "CREATE INDEX post_parent ON post(parent, created); CREATE INDEX post_owner ON post(owner);"
	   "CREATE TABLE comment(id INTEGER PRIMARY KEY, post INT, score INT, body TEXT, created TEXT, owner INT);"
	   "CREATE INDEX comment_post ON comment(post, created);"
	   "CREATE TABLE vote(id INTEGER PRIMARY KEY, post INT, type INT, created TEXT, voter INT);"
	   "CREATE INDEX vote_post ON vote(post);"
	   "CREATE TABLE badge(id INTEGER PRIMARY KEY, member INT, name TEXT, created TEXT, class INT);"
	   "CREATE INDEX badge_member ON badge(member);"
	   "CREATE TABLE revision(id INTEGER PRIMARY KEY, post INT, type INT, created TEXT, author INT, body TEXT);"
	   "CREATE INDEX revision_post ON revision(post, created);"
	   "CREATE TABLE tag(id INTEGER PRIMARY KEY, name TEXT UNIQUE, count INT);"
	   "CREATE VIRTUAL TABLE post_fts USING fts5(title, body, content='post', content_rowid='id');");
	ex("BEGIN");
	for (t = 0; t < sizeof(T) / sizeof(*T); t++) {
		char p[4096];
		xmlTextReaderPtr r;
		sqlite3_stmt *st;
		int i;

		snprintf(p, sizeof(p), "%s/%s", dump, T[t].file);
		if (!(r = xmlReaderForFile(p, NULL, XML_PARSE_HUGE)))
			bu_die(p, "cannot read");
		if (sqlite3_prepare_v2(db, T[t].sql, -1, &st, 0))
			bu_die(T[t].sql, sqlite3_errmsg(db));
		while (xmlTextReaderRead(r) == 1) {
			if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
			    strcmp((const char *)xmlTextReaderConstName(r), "row"))
				continue;
			for (i = 0; T[t].attrs[i]; i++) {
				xmlChar *v = xmlTextReaderGetAttribute(r,
					(const xmlChar *)T[t].attrs[i]);
				if (v) {
					sqlite3_bind_text(st, i + 1, (const char *)v, -1,
						SQLITE_TRANSIENT);
					xmlFree(v);
				} else {
					sqlite3_bind_null(st, i + 1);
				}
			}
			if (sqlite3_step(st) != SQLITE_DONE)
				bu_die("insert", sqlite3_errmsg(db));
			sqlite3_reset(st);
			total++;
		}
		sqlite3_finalize(st);
		xmlFreeTextReader(r);
	}
	ex("INSERT INTO post_fts(post_fts) VALUES('rebuild')");
	ex("COMMIT");
	sqlite3_close(db);
	db = NULL;
	*secs = bu_now_s() - t0;
	return total;
}
