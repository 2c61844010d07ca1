/*
 * postgresql/schema.c: the PostgreSQL backend's schema: creation,
 * versions and migration.
 *
 * Schema (the core tables' columns: sql/tables.h; the rest: schema_core
 * below): every table is prefixed cop_ and every row of a community's
 * data carries community_id.  Ids are bytea(16), so keyset order is the
 * bytewise order SQLite uses for blobs; handles and slugs are compared
 * under COLLATE "C" (byte order).
 *
 */
#include "postgresql/pq.h"
#include "sql/schema.h"

/* ---- the schema ------------------------------------------------------------ */

/*
 * The functions and core tables of a new schema, as they are now (the
 * recognition and interoperability tables of schema_v2 and schema_v3
 * follow).  %1$s is replaced by the folding expression of $1 and %2$s
 * by the separator class (see pg_schema_create()); %3$s is the quoted
 * schema the functions live in.
 */
static const char schema_core[] =
	"CREATE TABLE cop_meta ("
	" key text COLLATE \"C\" PRIMARY KEY,"
	" value text NOT NULL);\n"
	"CREATE FUNCTION cop_norm(text) RETURNS text LANGUAGE sql IMMUTABLE"
	" PARALLEL SAFE AS $f$SELECT pg_catalog.btrim(pg_catalog.regexp_replace("
	"pg_catalog.lower(%1$s), '%2$s', ' ', 'g'))$f$;\n"
	"CREATE FUNCTION cop_tsv(text, text) RETURNS tsvector LANGUAGE sql"
	" IMMUTABLE PARALLEL SAFE AS $f$SELECT"
	" pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.simple',"
	" coalesce(%3$s.cop_norm($1), '')), 'A') OPERATOR(pg_catalog.||)"
	" pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.simple',"
	" coalesce(%3$s.cop_norm($2), '')), 'B')$f$;\n"
	"CREATE TEXT SEARCH CONFIGURATION cop_fold (COPY = pg_catalog.simple);\n"
	COP_SQL_CREATE("cop_member", COP_SQL_TABLE_MEMBER, PG, "", "") ";\n"
	"CREATE UNIQUE INDEX cop_member_handle ON cop_member (handle_lower);\n"
	COP_SQL_CREATE("cop_community", COP_SQL_TABLE_COMMUNITY, PG, "", "") ";\n"
	COP_SQL_CREATE("cop_membership", COP_SQL_TABLE_MEMBERSHIP, PG, "",
		", PRIMARY KEY (" COP_SQL_PKEY(COP_SQL_TABLE_MEMBERSHIP) ")") ";\n"
	"CREATE INDEX cop_membership_member ON cop_membership (member_id);\n"
	COP_SQL_CREATE("cop_thread", COP_SQL_TABLE_THREAD, PG, "", "") ";\n"
	"CREATE INDEX cop_thread_list ON cop_thread"
	" (community_id, pinned DESC, last_activity DESC, id DESC);\n"
	COP_SQL_CREATE("cop_contribution", COP_SQL_TABLE_CONTRIBUTION, PG, "",
		", tsv tsvector NOT NULL") ";\n"
	"CREATE INDEX cop_contribution_thread ON cop_contribution"
	" (thread_id, created, id);\n"
	"CREATE INDEX cop_contribution_author ON cop_contribution"
	" (author_id, created DESC, id DESC);\n"
	"CREATE INDEX cop_contribution_community ON cop_contribution"
	" (community_id);\n"
	"CREATE INDEX cop_contribution_tsv ON cop_contribution USING gin (tsv);\n"
	COP_SQL_CREATE("cop_revision", COP_SQL_TABLE_REVISION, PG, "",
		", PRIMARY KEY (" COP_SQL_PKEY(COP_SQL_TABLE_REVISION) ")") ";\n"
	COP_SQL_CREATE("cop_log", COP_SQL_TABLE_LOG, PG, " seq bigint PRIMARY KEY,", "")
	";\n"
	/* Appends under a lock held to commit: seqs are gap-free and follow
	 * commit order.  Each statement of a VOLATILE function takes a new
	 * snapshot, so max(seq) sees the previous holder's row. */
	"CREATE FUNCTION cop_log_append("
	COP_SQL_IVALS(COP_SQL_TABLE_LOG, PGT) ")"
	" RETURNS bigint LANGUAGE plpgsql VOLATILE AS $f$\n"
	"DECLARE s bigint;\n"
	"BEGIN\n"
	" LOCK TABLE %3$s.cop_log IN EXCLUSIVE MODE;\n"
	" INSERT INTO %3$s.cop_log (seq, "
	COP_SQL_ICOLS(COP_SQL_TABLE_LOG, PG) ") SELECT coalesce(max(seq), 0)"
	" + 1, " COP_SQL_IVALS(COP_SQL_TABLE_LOG, PGF)
	" FROM %3$s.cop_log RETURNING seq INTO s;\n"
	" RETURN s;\n"
	"END$f$;\n";

/* Latin letters with diacritics and their base letters, for databases
 * without the unaccent extension (one character for one). */
static const char fold_from[] =
	"ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƀƠơƯưƵƶǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
static const char fold_to[] =
	"AAAAAACEEEEIIIINOOOOOOUUUUYaaaaaaceeeeiiiinoooooouuuuyyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzbOoUuZzAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy";

/* Separators when the database's ctype does not know non-ASCII letters:
 * ASCII punctuation and controls, Latin-1 punctuation, general and CJK
 * punctuation. */
#define SEP_ASCII "[^0-9A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6" \
	"\\u00d8-\\u00f6\\u00f8-\\u1fff\\u2070-\\u2dff\\u2e80-\\u2fff" \
	"\\u3005-\\u3007\\u3021-\\u3029\\u3031-\\ufeff\\uff10-\\uff19" \
	"\\uff21-\\uff3a\\uff41-\\uff5a\\uff66-\\U0010ffff]+"
#define SEP_ALNUM "[^[:alnum:]]+"

/* The engine's types for sql/schema.h. */
#define PG_TYPES "bytea", "int", "bigint", "text", "text COLLATE \"C\"", ""

COP_SQL_SHARED_STEPS(PG_TYPES);

/* Version 4: a thread's properties stored apart (see the SQLite
 * backend's schema_v5): pinned, which the table generated from the
 * state, becomes a column of its own, as it is (DROP EXPRESSION:
 * PostgreSQL 13 or later); the others are added and filled from the
 * state and the accepted answers. */
static const char schema_v4[] =
	"ALTER TABLE cop_thread ALTER COLUMN pinned DROP EXPRESSION;\n"
	COP_SQL_THREAD_FLAGS_V5(PG);

/* Version 5: moderation actions, and a contribution may be hidden
 * (sql/schema.h). */
COP_SQL_MODERATION_STEPS(PG_TYPES, PG);
/* Version 6: the funding ledger, its totals, who sees it, and the hours
 * given (sql/schema.h). */
COP_SQL_FUNDING_STEPS(PG_TYPES, PG);
/* Version 7: digests (sql/schema.h). */
COP_SQL_DIGEST_STEPS(PG_TYPES);
/* Version 8: subscriptions and notifications (sql/schema.h). */
COP_SQL_NOTIFY_STEPS(PG_TYPES);
/* Version 9: who made each revision, its redaction, and the
 * communities' flag_hides setting (sql/schema.h). */
COP_SQL_EDITOR_STEPS(PG);
/* Version 10: events, their RSVPs and attendance (sql/schema.h). */
COP_SQL_EVENTS_STEPS(PG_TYPES);

/* Version 11: the facilitator's queue, and a thread's current summary
 * (sql/schema.h). */
COP_SQL_FACILITATION_STEPS(PG_TYPES, PG);

/* Version 12: the hours by organisation (sql/schema.h), kept by these
 * trigger functions. */
#define PG_HORG_FN(NAME, BODY) \
	"CREATE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS" \
	" $cop$ BEGIN " BODY " RETURN NULL; END $cop$;\n"
#define PG_HOURS_ORG_TRIGGERS \
	PG_HORG_FN("cop_horg_hours", "IF TG_OP = 'INSERT' THEN " \
		COP_SQL_HORG_HOURS_INS " ELSIF TG_OP = 'UPDATE' THEN " \
		COP_SQL_HORG_HOURS_UPD " ELSE " COP_SQL_HORG_HOURS_DEL \
		" END IF;") \
	"CREATE TRIGGER cop_horg_hours AFTER INSERT OR UPDATE OF minutes OR" \
	" DELETE ON cop_hours FOR EACH ROW EXECUTE FUNCTION" \
	" cop_horg_hours();\n" \
	PG_HORG_FN("cop_horg_ms", "IF TG_OP <> 'INSERT' THEN " \
		COP_SQL_HORG_MS_DEL " END IF; IF TG_OP <> 'DELETE' THEN " \
		COP_SQL_HORG_MS_INS " END IF;") \
	"CREATE TRIGGER cop_horg_ms AFTER INSERT OR UPDATE OF status," \
	" pledged_hours OR DELETE ON cop_membership FOR EACH ROW EXECUTE" \
	" FUNCTION cop_horg_ms();\n" \
	PG_HORG_FN("cop_horg_member", COP_SQL_HORG_MEMBER_ORG( \
		"COALESCE(OLD.organisation, '')", \
		"COALESCE(NEW.organisation, '')")) \
	"CREATE TRIGGER cop_horg_member AFTER UPDATE OF organisation ON" \
	" cop_member FOR EACH ROW WHEN (COALESCE(OLD.organisation, '') <>" \
	" COALESCE(NEW.organisation, '')) EXECUTE FUNCTION" \
	" cop_horg_member();\n"
COP_SQL_HOURS_ORG_STEPS(PG_TYPES, PG_HOURS_ORG_TRIGGERS);
/* Version 13: the health scorecard's thresholds (sql/schema.h). */
COP_SQL_HEALTH_STEPS(PG_TYPES);
/* Version 14: mail archives, members' email addresses and the messages
 * imported (sql/schema.h). */
COP_SQL_MBOX_STEPS(PG_TYPES);
/* Version 15: the health roll-ups, their triggers, filled from the
 * facts (sql/schema.h, docs/health.md). */
COP_SQL_ROLLUP_STEPS(PG_TYPES, COP_SQL_HEALTH_TRIGGERS_PG);
/* Version 16: the questions' roll-up, its triggers, filled from the
 * facts (sql/schema.h, docs/health.md). */
COP_SQL_HQ_STEPS(PG_TYPES, COP_SQL_HQ_TRIGGERS_PG);
/* Version 17: outgoing mail, members' delivery preferences and the outbox
 * (sql/schema.h, docs/mail.md). */
COP_SQL_MAILOUT_STEPS(PG_TYPES);
/* Version 18: the members' roll-up (first day, organisation), its
 * triggers, filled from the member days (sql/schema.h, docs/health.md). */
COP_SQL_HM_STEPS(PG_TYPES, COP_SQL_HM_TRIGGERS_PG);
/* Version 19: a community's tags as records, their uses kept by
 * triggers, filled from the threads (sql/schema.h, docs/tags.md). */
COP_SQL_TAG_STEPS(PG_TYPES, COP_SQL_TAG_SPLIT_PG, COP_SQL_TAG_TRIGGERS_PG);
/* Version 20: a thread's history, filled with each thread's title and
 * tags (sql/schema.h, docs/history.md). */
COP_SQL_HISTORY_STEPS(PG_TYPES);
/* Version 21: the score a contribution had where it was imported from
 * (sql/schema.h, docs/import.md). */
COP_SQL_SOURCE_SCORE_STEPS(PG);
/* Version 22: the store made smaller (issue 18): the period totals
 * keyed by integers, cop_rep_total a view of them, and the votes' author
 * index dropped (sql/schema.h). */
COP_SQL_SIZE_STEPS("bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	PG_TYPES, COP_SQL_REP_TRIGGER_PG);
/* Version 23: a member's history entries by actor (issue 17; sql/schema.h). */
static const char schema_history_actor_step[] = COP_SQL_HISTORY_ACTOR_INDEX;
/* Version 24: the badges' index by member and time dropped (issue 18;
 * sql/schema.h).  (SQLite's version 26 also keys its ledger and import
 * ids by integers; here the bulk load COPYs into those tables.) */
static const char schema_keys_step[] = COP_SQL_BADGE_MEMBER_DROP;
/* Version 25: the health roll-ups' trigger functions skip the rows of
 * the community a bulk load names, whose roll-ups cop_health_refill()
 * makes again at the load's end (sql/schema.h, docs/postgresql.md). */
static const char schema_bulk_step[] = COP_SQL_BULK_STEP_PG;
/* Version 26: search reads text (docs/search.md).  The index is made
 * again, by pg_reindex_text() after this statement, from the text of
 * each contribution whose body is HTML or holds CJK characters (their
 * runs made bigrams): PostgreSQL cannot parse HTML or segment CJK the
 * way the index wants, so the client does. */
static const char schema_search_step[] =
	"SELECT 1 FROM cop_meta WHERE key = 'schema_version';\n";
/* Version 27: the indexes of the contributions and accepted answers no
 * statement needs dropped, the member index made again with the kind
 * (issue 18; sql/schema.h, COP_SQL_INDEX_DROPS). */
static const char schema_idx_step[] = COP_SQL_INDEX_DROPS;
/* Version 28: a thread's health days follow it to another community
 * (sql/schema.h, COP_SQL_THREAD_MOVE_STEP_PG). */
static const char schema_thread_move_step[] = COP_SQL_THREAD_MOVE_STEP_PG;
/* Version 29: room on each page of cop_contribution (fill factor 85)
 * for a new version of a row whose update changes no indexed column (a
 * score, a revision number, an edit's time): a heap-only update, which
 * writes none of its eight indexes again, its full-text one included.
 * Full pages made every such update a new entry in every index (issue
 * 18: an import's score updates and revision bumps).  Pages written
 * before keep their fill until rewritten. */
static const char schema_fill_step[] =
	"ALTER TABLE cop_contribution SET (fillfactor = 85);\n";
/* Version 30: the period totals without their foreign key to the
 * member keys.  Nothing deletes a key (sql/schema.h: the community's
 * totals are cleared by deleting the totals, the keys stay), so its
 * ON DELETE CASCADE never ran, and every total's insert paid a trigger
 * and a locking read of the key's row: 145 of the 420 ms of a beer
 * import's totals (issue 18).  The totals' keys are made by the same
 * statements that insert them; cop_verify() recounts every total from
 * the ledger.  The scopes' key never had one. */
static const char schema_rep_fk_step[] =
	"ALTER TABLE cop_rep_sum DROP CONSTRAINT IF EXISTS"
	" cop_rep_sum_who_fkey;\n";
/* Version 31: half of each page of cop_contribution left free (fill
 * factor 50, was 85 from version 29).  Inside one transaction no
 * earlier version of a row can be pruned, so a heap-only update needs
 * room for the whole new version on its page: 15% of a page held about
 * one new version of a 1 KB row, where an import updates most of its
 * contributions once or twice (the score of the votes, the revision
 * number of the edits), and every other update became a new entry in
 * each of the table's seven indexes, the full-text one's GIN included.
 * The beer import's two staged updates took about 200 ms of the
 * server's time with 85, about 95 ms with 50 (issue 18).  The table's
 * new pages are twice as large for the rows they hold; a live store's
 * updates come one transaction at a time and reuse the room. */
static const char schema_fill50_step[] =
	"ALTER TABLE cop_contribution SET (fillfactor = 50);\n";
/* Version 32: a membership's insert runs the hours' trigger function
 * only when it pledges hours (WHEN), as SQLite's cop_horg_ms_ins does:
 * the function did nothing else for the others, but ran its INSERT
 * ... SELECT all the same, about 8 us a membership (the beer import's
 * 3,948 memberships, by COPY: 38 ms of the server's time).  Its update
 * and delete keep the trigger cop_horg_ms. */
static const char schema_horg_ins_step[] =
	"DROP TRIGGER cop_horg_ms ON cop_membership;\n"
	"CREATE TRIGGER cop_horg_ms AFTER UPDATE OF status, pledged_hours"
	" OR DELETE ON cop_membership FOR EACH ROW EXECUTE FUNCTION"
	" cop_horg_ms();\n"
	"CREATE TRIGGER cop_horg_ms_ins AFTER INSERT ON cop_membership"
	" FOR EACH ROW WHEN (NEW.pledged_hours <> 0) EXECUTE FUNCTION"
	" cop_horg_ms();\n";

/* Version 33: a contribution's vector made from cop_words(), which is
 * cop_norm() leaving spaces, tabs and line ends as they are: only the
 * other characters that are not letters or digits become spaces.  The
 * 'simple' parser reads a run of blanks as it reads one space, so the
 * vectors are the same as cop_norm()'s (the test of check_faults
 * compares them); cop_norm()'s regexp_replace() made one replacement
 * for every space between two words, and was half of the vector's cost
 * (issue 18: 122 -> 56 ms over the beer dump's bodies, to_tsvector()
 * 164 ms).  Queries keep cop_norm(), whose words libcop splits.  The new
 * function is written from cop_norm()'s own text, so that it folds and
 * separates as this schema's does (unaccent or translate(), the class
 * of letters its ctype knows: pg_schema_create()), in its schema (which
 * cop_tsv()'s text names: both were made there); the stored vectors
 * need no change. */
static const char schema_words_step[] =
	"DO $s$ DECLARE nsp text; norm text; tsv text; words text; wtsv text;"
	" BEGIN\n"
	" SELECT p.pronamespace::regnamespace::text, p.prosrc,"
	" (SELECT t.prosrc FROM pg_catalog.pg_proc t WHERE t.oid ="
	" 'cop_tsv(text, text)'::regprocedure) INTO nsp, norm, tsv"
	" FROM pg_catalog.pg_proc p"
	" WHERE p.oid = 'cop_norm(text)'::regprocedure;\n"
	" words := replace(norm, ']+'', '' '', ''g''))',"
	" ' \\t\\n\\r]+'', '' '', ''g''))');\n"
	" wtsv := replace(tsv, '.cop_norm($', '.cop_words($');\n"
	" IF words = norm OR wtsv = tsv THEN RAISE EXCEPTION"
	" 'cop_norm() or cop_tsv() is not the one libcop made'; END IF;\n"
	" EXECUTE format('CREATE FUNCTION %1$s.cop_words(text) RETURNS text"
	" LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %2$L;"
	" CREATE OR REPLACE FUNCTION %1$s.cop_tsv(text, text)"
	" RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %3$L',"
	" nsp, words, wtsv);\n"
	"END $s$;\n";
/* Version 34: the threads' replied and has_answer made from their
 * contributions where an import left them 0 (sql/schema.h,
 * COP_SQL_THREADS_REPLIED). */
static const char schema_replied_step[] = COP_SQL_THREADS_REPLIED_STEP;

/* The tsvector of each contribution whose text is not its body as it is
 * (pg_stext()), made from that text, a page of rows at a time. */
static int pg_reindex_text(pg_backend *b)
{
	cop_id after;
	int first = 1, rc, i, n;

	memset(&after, 0, sizeof(after));
	do {
		PGresult *r = NULL;
		pg_params p;

		p.n = 0;
		if (first)
			pg_p_text(&p, "\\x");
		else
			pg_p_key(&p, &after);
		pg_p_int(&p, 500);
		if ((rc = pg_exec(b, S_REINDEX_PAGE, &p, &r)) < 0)
			return rc;
		n = PQntuples(r);
		for (i = 0; i < n && rc >= 0; i++) {
			char *text = NULL;
			PGresult *u = NULL;

			if ((rc = pg_r_id(b, r, i, 0, &after)) < 0)
				break;
			if (pg_stext((int)pg_r_int(r, i, 1), PQgetvalue(r, i, 2),
					(size_t)PQgetlength(r, i, 2), &text) < 0) {
				rc = pg_fail(b, COP_ENOMEM, "out of memory");
				break;
			}
			if (!text)      /* the body itself: indexed as before */
				continue;
			p.n = 0;
			pg_p_key(&p, &after);
			pg_p_text(&p, PQgetisnull(r, i, 3) ? NULL :
				PQgetvalue(r, i, 3));
			pg_p_text(&p, text);
			rc = pg_exec(b, S_REINDEX, &p, &u);
			PQclear(u);
			cop_free(text);
		}
		PQclear(r);
		first = 0;
	} while (rc >= 0 && n == 500);
	return rc < 0 ? rc : COP_OK;
}

/* migrations[i] takes the schema from version i to i + 1 (a new schema
 * is created by pg_schema_create() up to PG_CREATE_FROM's version, then
 * by the steps from there on: a new step is added here only).
 * A step is history, never edited: a change is a new step at the end. */
static const char *const migrations[] = {
	NULL,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_mod_step,
	COP_SQL_STEPS_V7,
	schema_health,
	schema_mbox_step,
	schema_rollup_step,
	schema_hq_step,
	schema_mailout_step,
	schema_hm_step,
	schema_tag_step,
	schema_history_step,
	schema_source_score_step,
	schema_size_step,
	schema_history_actor_step,
	schema_keys_step,
	schema_bulk_step,
	schema_search_step,
	schema_idx_step,
	schema_thread_move_step,
	schema_fill_step,
	schema_rep_fk_step,
	schema_fill50_step,
	schema_horg_ins_step,
	schema_words_step,
	schema_replied_step,
};

#define PG_SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))
/* pg_schema_create() writes out in full the schema up to the version
 * schema_size_step starts from, then runs that step and every one after
 * it. */
#define PG_CREATE_FROM schema_size_step

/* ---- schema creation and migration ------------------------------------------- */

/* One text value from a query with no parameters; NULL when no row/null. */
static int pg_value(pg_backend *b, const char *sql, char **out)
{
	PGresult *r = PQexec(b->conn, sql);
	int rc = COP_OK;

	*out = NULL;
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_result_error(b, r, "reading the schema");
	else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
		*out = cop_strdup(PQgetvalue(r, 0, 0));
		if (!*out)
			rc = pg_fail(b, COP_ENOMEM, "out of memory");
	}
	PQclear(r);
	return rc;
}

/*
 * The schema's version: 0 when there is no libcop schema, -1 (with
 * ECORRUPT recorded) when the tables are not libcop's.
 */
static int pg_schema_version(pg_backend *b, int *version)
{
	char *v = NULL;
	int rc;

	*version = 0;
	if ((rc = pg_value(b, "SELECT to_regclass('cop_meta')::text", &v)) < 0)
		return rc;
	if (!v) {
		/* No meta table: a stray cop_ table means someone else's schema. */
		if ((rc = pg_value(b, "SELECT to_regclass('cop_member')::text",
		                   &v)) < 0)
			return rc;
		if (v) {
			cop_free(v);
			return pg_fail(b, COP_ECORRUPT,
				"the schema has libcop tables but no cop_meta: "
				"not a libcop database");
		}
		return COP_OK;
	}
	cop_free(v);
	if ((rc = pg_value(b, "SELECT value FROM cop_meta "
	                      "WHERE key = 'schema_version'", &v)) < 0)
		return rc;
	if (!v || atoi(v) <= 0) {
		cop_free(v);
		return pg_fail(b, COP_ECORRUPT,
			"cop_meta has no schema_version: not a libcop database");
	}
	*version = atoi(v);
	cop_free(v);
	return COP_OK;
}

/* Create the current version in the current schema (inside the
 * migration transaction). */
static int pg_schema_create(pg_backend *b)
{
	char *ext = NULL, *cur = NULL, *alnum = NULL, *has_public = NULL;
	char *qext = NULL, *qcur = NULL, *fold = NULL, *sql = NULL;
	char small[512];
	const char *sep;
	size_t n;
	int rc, v;

	/* unaccent: where it is installed, else try to install it where a
	 * dropped per-test schema will not take it along (public, or the
	 * current schema when no cop_schema is in use). */
	if ((rc = pg_value(b, "SELECT n.nspname FROM pg_extension e "
	                      "JOIN pg_namespace n ON n.oid = e.extnamespace "
	                      "WHERE e.extname = 'unaccent'", &ext)) < 0)
		goto out;
	if (!ext) {
		if ((rc = pg_value(b, "SELECT 'public' FROM pg_namespace "
		                      "WHERE nspname = 'public'", &has_public)) < 0)
			goto out;
		if (has_public || !b->schema) {
			if ((rc = pg_run(b, "SAVEPOINT cop_ext", "savepoint")) < 0)
				goto out;
			if (pg_run(b, has_public ?
			    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public" :
			    "CREATE EXTENSION IF NOT EXISTS unaccent", "unaccent") < 0) {
				if ((rc = pg_run(b, "ROLLBACK TO SAVEPOINT cop_ext",
				                 "rollback to savepoint")) < 0)
					goto out;
			}
			if ((rc = pg_run(b, "RELEASE SAVEPOINT cop_ext",
			                 "release savepoint")) < 0)
				goto out;
			if ((rc = pg_value(b, "SELECT n.nspname FROM pg_extension e "
			    "JOIN pg_namespace n ON n.oid = e.extnamespace "
			    "WHERE e.extname = 'unaccent'", &ext)) < 0)
				goto out;
		}
	}
	if ((rc = pg_value(b, "SELECT current_schema()", &cur)) < 0)
		goto out;
	if (!cur) {
		rc = pg_fail(b, COP_EIO, "no schema to create the tables in "
			"(check search_path, or use cop_schema=NAME)");
		goto out;
	}
	/* Does this database's ctype know non-ASCII letters? */
	if ((rc = pg_value(b, "SELECT (U&'\\00e9\\0416' ~ '^[[:alnum:]]+$')::text",
	                   &alnum)) < 0)
		goto out;
	sep = alnum && !strcmp(alnum, "true") ? SEP_ALNUM : SEP_ASCII;

	qcur = PQescapeIdentifier(b->conn, cur, strlen(cur));
	if (ext)
		qext = PQescapeIdentifier(b->conn, ext, strlen(ext));
	if (!qcur || (ext && !qext)) {
		rc = pg_fail(b, COP_ENOMEM, "out of memory");
		goto out;
	}
	n = strlen(qext ? qext : "") * 2 + sizeof(fold_from) + sizeof(fold_to) + 128;
	fold = cop_malloc(n);
	if (!fold) {
		rc = pg_fail(b, COP_ENOMEM, "out of memory");
		goto out;
	}
	if (qext)
		snprintf(fold, n, "%s.unaccent('%s.unaccent'::regdictionary, $1)",
			qext, qext);
	else
		snprintf(fold, n, "pg_catalog.translate($1, '%s', '%s')",
			fold_from, fold_to);
	n = sizeof(schema_core) + strlen(fold) + strlen(sep) + 8 * strlen(qcur) + 64;
	sql = cop_malloc(n);
	if (!sql) {
		rc = pg_fail(b, COP_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(sql, n, schema_core, fold, sep, qcur);
	if ((rc = pg_run(b, sql, "creating the schema")) < 0)
		goto out;
	if (qext) {
		/* Headlines find "Café" for 'cafe' through this configuration. */
		snprintf(small, sizeof(small),
			"ALTER TEXT SEARCH CONFIGURATION cop_fold ALTER MAPPING FOR "
			"asciihword, asciiword, hword, hword_asciipart, hword_numpart, "
			"hword_part, numhword, numword, word WITH %s.unaccent, "
			"pg_catalog.simple", qext);
		if ((rc = pg_run(b, small, "creating the search configuration")) < 0)
			goto out;
	}
	if ((rc = pg_run(b, schema_v2, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_v3, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_mod, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_fund, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_digest, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_notify, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_events, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_fac, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_horg, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_health, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_mbox_step, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_rollup, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_hq, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_mailout_step, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_hm, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_tag, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_history, "creating the schema")) < 0)
		goto out;
	/* That is PG_CREATE_FROM's version; the steps from there on run as
	 * a migration runs them, each written once (schema_search_step's
	 * reindex has no text to read here). */
	for (v = 1; v < PG_SCHEMA_VERSION && migrations[v] != PG_CREATE_FROM;
	     v++)
		;
	for (; v < PG_SCHEMA_VERSION; v++)
		if ((rc = pg_run(b, migrations[v], "creating the schema")) < 0)
			goto out;
	snprintf(small, sizeof(small), "INSERT INTO cop_meta (key, value) VALUES "
		"('schema_version', '%d'), ('fold', '%s'), ('created_by', 'libcop')",
		PG_SCHEMA_VERSION, qext ? "unaccent" : "translate");
	rc = pg_run(b, small, "creating the schema");
out:
	PQfreemem(qext);
	PQfreemem(qcur);
	cop_free(ext);
	cop_free(cur);
	cop_free(alnum);
	cop_free(has_public);
	cop_free(fold);
	cop_free(sql);
	return rc;
}

/* Migrate from version @p from to the next one. */
static int pg_migrate(pg_backend *b, int from)
{
	char what[64];
	int rc;

	if (from < 1 || from >= PG_SCHEMA_VERSION)
		return pg_fail(b, COP_ECORRUPT, "no migration from schema "
			"version %d", from);
	snprintf(what, sizeof(what), "migrating the schema to version %d",
		from + 1);
	if ((rc = pg_run(b, migrations[from], what)) < 0)
		return rc;
	return migrations[from] == schema_search_step ? pg_reindex_text(b) :
		COP_OK;
}

/* Open, create or migrate the schema according to @p flags. */
int pg_schema(pg_backend *b, unsigned int flags)
{
	char sql[256];
	char *ident = NULL, *found = NULL;
	int rc, version;

	if ((rc = pg_schema_version(b, &version)) < 0)
		return rc;
	if (version == PG_SCHEMA_VERSION)
		return COP_OK;
	if (version > PG_SCHEMA_VERSION)
		return pg_fail(b, COP_EVERSION, "schema version %d is newer than "
			"this library's (%d)", version, PG_SCHEMA_VERSION);
	if (version == 0 && (flags & (COP_OPEN_NOCREATE | COP_OPEN_READONLY)))
		return pg_fail(b, COP_ENOTFOUND, "no libcop schema in this "
			"database%s%s", b->schema ? " under schema " : "",
			b->schema ? b->schema : "");
	if (b->readonly)
		return pg_fail(b, COP_EVERSION, "schema version %d is older than "
			"this library's (%d): open it once read-write to migrate",
			version, PG_SCHEMA_VERSION);

	/* Create or migrate under a lock, so concurrent openers wait. */
	if ((rc = pg_run(b, "BEGIN ISOLATION LEVEL READ COMMITTED", "begin")) < 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%d)",
		PG_LOCK_KEY);
	if ((rc = pg_run(b, sql, "locking the schema")) < 0)
		goto fail;
	if (b->schema) {
		ident = PQescapeIdentifier(b->conn, b->schema, strlen(b->schema));
		if (!ident) {
			rc = pg_fail(b, COP_ENOMEM, "out of memory");
			goto fail;
		}
		/* Only when missing: CREATE SCHEMA needs the CREATE privilege on
		 * the database even with IF NOT EXISTS.  (The name is checked:
		 * letters, digits and '_' only.) */
		snprintf(sql, sizeof(sql), "SELECT to_regnamespace('%s')::text",
			ident);
		if ((rc = pg_value(b, sql, &found)) < 0) {
			PQfreemem(ident);
			goto fail;
		}
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", ident);
		PQfreemem(ident);
		if (!found && (rc = pg_run(b, sql, "creating the schema")) < 0)
			goto fail;
		cop_free(found);
	}
	if ((rc = pg_schema_version(b, &version)) < 0)
		goto fail;
	if (version == 0) {
		if ((rc = pg_schema_create(b)) < 0)
			goto fail;
		version = PG_SCHEMA_VERSION;
	}
	while (version < PG_SCHEMA_VERSION) {
		if ((rc = pg_migrate(b, version)) < 0)
			goto fail;
		version++;
		snprintf(sql, sizeof(sql), "UPDATE cop_meta SET value = '%d' "
			"WHERE key = 'schema_version'", version);
		if ((rc = pg_run(b, sql, "migrating the schema")) < 0)
			goto fail;
	}
	if (version > PG_SCHEMA_VERSION) {
		rc = pg_fail(b, COP_EVERSION, "schema version %d is newer than "
			"this library's (%d)", version, PG_SCHEMA_VERSION);
		goto fail;
	}
	{
		PGresult *r = PQexec(b->conn, "COMMIT");
		if (!r || PQresultStatus(r) != PGRES_COMMAND_OK ||
		    strcmp(PQcmdStatus(r), "COMMIT") != 0)
			rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ?
				pg_fail(b, COP_EIO, "creating the schema failed") :
				pg_result_error(b, r, "commit");
		PQclear(r);
	}
	/* Statements prepared so far saw no tables. */
	memset(b->prepared, 0, sizeof(b->prepared));
	memset(b->rprepared, 0, sizeof(b->rprepared));
	return rc;
fail:
	{
		char keep[PG_ERRMSG_MAX];
		memcpy(keep, b->errmsg, sizeof(keep));
		pg_run(b, "ROLLBACK", "rollback");
		memcpy(b->errmsg, keep, sizeof(keep));
	}
	return rc;
}

