/*
 * sql/schema.h: the tables the SQL backends share, written once with
 * each engine's types passed in (not installed):
 *   ID_     a 16-byte id (SQLite BLOB, PostgreSQL bytea)
 *   INT_    a 32-bit integer, BIG_ a 64-bit one (SQLite INTEGER for both)
 *   TEXT_   text; CTEXT_ text in a key, compared byte by byte
 *   NR_     what ends a table keyed by its primary key (SQLite's
 *           " WITHOUT ROWID", "" elsewhere)
 * COP_SQL_SCHEMA_RECOGNITION is schema version 2 of both backends
 * (votes, accepted answers, kudos, the reputation ledger, standings,
 * period totals, badges, configuration: see sys/backend.h), and
 * COP_SQL_SCHEMA_INTEROP version 3 (import source ids, thread links,
 * named badges, erasure policies, flags, posts read), and
 * COP_SQL_SCHEMA_MODERATION the moderation actions (sys/backend.h's
 * modaction; SQLite version 5, PostgreSQL version 4), and
 * COP_SQL_SCHEMA_EVENTS the events (SQLite version 11, PostgreSQL 10).
 * Every statement
 * ends with ";\n".
 */
#ifndef COP_SQL_SCHEMA_H
#define COP_SQL_SCHEMA_H

/* A thread's properties, added for engine E (SQLite schema 5, PostgreSQL
 * 4; COP_SQL_ADD_COLUMN, sql/tables.h) and filled from the state it had
 * when it was one (the numbers are
 * the states of that time: 1 answered, 2 closed, 3 locked, 5 hidden,
 * and pinned, 4, was already its column).  A locked thread is locked,
 * not closed, as before: members could not post, facilitators could.
 * Answered is also set where an answer is accepted, which a pinned,
 * locked, closed or hidden thread had forgotten. */
#define COP_SQL_THREAD_FLAGS_V5(E) \
	COP_SQL_ADD_COLUMN("cop_thread", closed, INT_Z, E) \
	COP_SQL_ADD_COLUMN("cop_thread", locked, INT_Z, E) \
	COP_SQL_ADD_COLUMN("cop_thread", hidden, INT_Z, E) \
	COP_SQL_ADD_COLUMN("cop_thread", answered, INT_Z, E) \
	"UPDATE cop_thread SET" \
	" closed = CASE WHEN state = 2 THEN 1 ELSE 0 END," \
	" locked = CASE WHEN state = 3 THEN 1 ELSE 0 END," \
	" hidden = CASE WHEN state = 5 THEN 1 ELSE 0 END," \
	" answered = CASE WHEN state = 1 OR EXISTS (SELECT 1 FROM cop_accept a" \
	" WHERE a.thread_id = cop_thread.id AND a.contribution_id IS NOT NULL)" \
	" THEN 1 ELSE 0 END;\n"

/* The steps both backends take after their moderation step, in order
 * (SQLite 7 to 13, PostgreSQL 6 to 12): the funding ledger, digests,
 * notifications, who made each revision, events, the facilitator's
 * queue and thread summaries, the hours by organisation; each defined by
 * its COP_SQL_..._STEPS below in the backend's schema.c.  (Search
 * reading text, schema_search_step, comes later in each backend's list:
 * its full-text index is its own.) */
#define COP_SQL_STEPS_V7 \
	schema_fund_step, \
	schema_digest, \
	schema_notify, \
	schema_editor_step, \
	schema_events_step, \
	schema_fac_step, \
	schema_horg_step

/* COP_SQL_SCHEMA(M, TYPES): M with the six types of a macro TYPES. */
#define COP_SQL_SCHEMA(M, ...) M(__VA_ARGS__)
/* Define a backend's moderation tables for a new store (schema_mod) and
 * the step that adds them with the contributions' column hidden
 * (schema_mod_step: SQLite's version 6, PostgreSQL's 5), for engine E
 * with its types TYPES. */
#define COP_SQL_MODERATION_STEPS(TYPES, E) \
	static const char schema_mod[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_MODERATION, TYPES); \
	static const char schema_mod_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_MODERATION, TYPES) \
		COP_SQL_ADD_COLUMN("cop_contribution", hidden, INT_Z, E)
/* Define a backend's funding tables for a new store (schema_fund) and
 * the step that adds them (schema_fund_step: SQLite's version 7,
 * PostgreSQL's 6), for engine E with its types TYPES. */
#define COP_SQL_FUNDING_STEPS(TYPES, E) \
	static const char schema_fund[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_FUNDING, TYPES); \
	static const char schema_fund_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_FUNDING, TYPES)
/* Define a backend's digest step (schema_digest: SQLite's version 8,
 * PostgreSQL's 7), the same for a new store, with its types TYPES. */
#define COP_SQL_DIGEST_STEPS(TYPES) \
	static const char schema_digest[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_DIGEST, TYPES)
/* Define a backend's schema_editor_step, for engine E: who made each
 * revision (the revisions' editor_id: the contribution's author for the
 * rows already there), when a revision's text was redacted (redacted,
 * 0: never), and the communities' setting flag_hides (an upheld flag
 * hides its contribution; off).  Only columns of the core tables
 * (sql/tables.h), so a new store has them from its CREATE TABLE. */
#define COP_SQL_EDITOR_STEPS(E) \
	static const char schema_editor_step[] = \
		COP_SQL_ADD_COLUMN("cop_revision", editor_id, ID, E) \
		"UPDATE cop_revision SET editor_id = author_id;\n" \
		COP_SQL_ADD_COLUMN("cop_revision", redacted, I64_Z, E) \
		COP_SQL_ADD_COLUMN("cop_community", flag_hides, INT_Z, E)
/* Define a backend's source score step (schema_source_score_step), for
 * engine E: the score a contribution had where it was imported from
 * (a Stack Exchange dump's Score), NULL for the rows already there (the
 * dump is not at hand to tell), as for one made through the API.  Only
 * a column of the core tables (sql/tables.h), so a new store has it
 * from its CREATE TABLE. */
#define COP_SQL_SOURCE_SCORE_STEPS(E) \
	static const char schema_source_score_step[] = \
		COP_SQL_ADD_COLUMN("cop_contribution", source_score, INTN, E)
/* Define a backend's event tables for a new store (schema_events) and
 * the step that adds them (schema_events_step), with its types TYPES:
 * one step, after the moderation's, at whatever number it is given. */
#define COP_SQL_EVENTS_STEPS(TYPES) \
	static const char schema_events[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_EVENTS, TYPES); \
	static const char schema_events_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_EVENTS, TYPES)
/* Define a backend's facilitation tables and indexes for a new store
 * (schema_fac) and the step that adds them with the threads' column
 * summary_id, replied and has_answer, filled from the contributions there
 * (schema_fac_step: SQLite's version 12, PostgreSQL's 11), for engine E
 * with its types TYPES. */
#define COP_SQL_FACILITATION_STEPS(TYPES, E) \
	static const char schema_fac[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_FACILITATION, TYPES) \
		COP_SQL_FACILITATION_INDEXES; \
	static const char schema_fac_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_FACILITATION, TYPES) \
		COP_SQL_ADD_COLUMN("cop_thread", summary_id, ID, E) \
		COP_SQL_ADD_COLUMN("cop_thread", replied, INT_Z, E) \
		COP_SQL_ADD_COLUMN("cop_thread", has_answer, INT_Z, E) \
		COP_SQL_THREADS_REPLIED_STEP COP_SQL_FACILITATION_INDEXES
/* A thread's replied and has_answer from its contributions (what
 * cop_contribution_create() sets one by one, facilitation.h), for the
 * threads that meet COND_ ("" or " AND ..."): only those where a flag
 * that is 0 becomes 1 are written.  The importers write contributions
 * with cop_backend.insert(), which sets neither: every imported question
 * was listed as unanswered by the facilitator's queue (the beer import:
 * 539 for the 8 nobody but their asker replied to).  Their end runs it
 * for the community (COP_ROP_THREADS_REPLIED, cop_backend_export
 * version 7), and SQLite's version 34 and PostgreSQL's 34 for the
 * stores imported before (COP_SQL_THREADS_REPLIED_STEP). */
#define COP_SQL_THREAD_OTHER(KIND_) "EXISTS (SELECT 1 FROM cop_contribution" \
	" c WHERE c.thread_id = cop_thread.id" KIND_ " AND " \
	COP_SQL_Q_OTHER("c.author_id", "cop_thread.author_id") ")"
#define COP_SQL_THREADS_REPLIED(COND_) \
	"UPDATE cop_thread SET replied = 1, has_answer = CASE WHEN" \
	" has_answer = 1 OR " COP_SQL_THREAD_OTHER(" AND c.kind = 2") \
	" THEN 1 ELSE 0 END WHERE (replied = 0 OR has_answer = 0)" COND_ \
	" AND " COP_SQL_THREAD_OTHER("") " AND (replied = 0 OR " \
	COP_SQL_THREAD_OTHER(" AND c.kind = 2") ")"
#define COP_SQL_THREADS_REPLIED_STEP COP_SQL_THREADS_REPLIED("") ";\n"
/* Define a backend's health scorecard thresholds table, the same for a
 * new store and as the step that adds it (schema_health: SQLite's
 * version 13, PostgreSQL's 12, or wherever the lead orders it), with its
 * types TYPES: a community's bounds for an indicator, in millionths,
 * where it set them (sys/backend.h's cop_backend_facilitation
 * version 2). */
#define COP_SQL_HEALTH_STEPS(TYPES) \
	static const char schema_health[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_HEALTH, TYPES)
#define COP_SQL_SCHEMA_HEALTH(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_health_threshold (" \
	" community_id " ID_ " NOT NULL," \
	" indicator " CTEXT_ " NOT NULL," \
	" good " BIG_ " NOT NULL," \
	" poor " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, indicator))" NR_ ";\n"
/* Define a backend's mail-archive tables (members' email addresses and
 * the messages imported), for a new store and as the step that adds them
 * (schema_mbox_step: one step, after the facilitation's, at whatever
 * number it is given), with its types TYPES. */
#define COP_SQL_MBOX_STEPS(TYPES) \
	static const char schema_mbox_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_MAIL_BASE, TYPES)
/* Define a backend's outgoing-mail tables (members' delivery preferences
 * per community and the outbox: messages rendered once, waiting, sent or
 * failed), for a new store and as the step that adds them
 * (schema_mailout_step, at whatever number it is given), with its types
 * TYPES (docs/mail.md, "Outgoing mail"). */
#define COP_SQL_MAILOUT_STEPS(TYPES) \
	static const char schema_mailout_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_MAILOUT, TYPES)
/* mode: 0 none, 1 every message, 2 daily digest, 3 weekly digest
 * (cop_mail_delivery); since: when it was set (nothing older is mailed);
 * last_digest: the end of the last digest mailed.  state: 0 waiting,
 * 1 sent, 2 failed (cop_outbox_state); source: what the message is of
 * ("n:" and a notification's id, "d:" and a digest's end), once per
 * member. */
#define COP_SQL_SCHEMA_MAILOUT(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_mail_pref (" \
	" member_id " ID_ " NOT NULL REFERENCES cop_member(id)," \
	" community_id " ID_ " NOT NULL REFERENCES cop_community(id)," \
	" mode " INT_ " NOT NULL," \
	" since " BIG_ " NOT NULL," \
	" last_digest " BIG_ " NOT NULL," \
	" PRIMARY KEY (member_id, community_id))" NR_ ";\n" \
	"CREATE TABLE cop_mail_outbox (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" member_id " ID_ " NOT NULL REFERENCES cop_member(id)," \
	" community_id " ID_ " NOT NULL," \
	" source " CTEXT_ " NOT NULL," \
	" recipient " TEXT_ " NOT NULL," \
	" sender " TEXT_ " NOT NULL," \
	" message " TEXT_ " NOT NULL," \
	" created " BIG_ " NOT NULL," \
	" state " INT_ " NOT NULL DEFAULT 0," \
	" attempts " INT_ " NOT NULL DEFAULT 0," \
	" reason " TEXT_ "," \
	" updated " BIG_ " NOT NULL," \
	" UNIQUE (member_id, source))" NR_ ";\n" \
	"CREATE INDEX cop_mail_outbox_state ON cop_mail_outbox (state, created);\n"
/* Define a backend's schema_v2 and schema_v3, the steps both backends
 * share (recognition, interoperability), with its types TYPES. */
#define COP_SQL_SHARED_STEPS(TYPES) \
	static const char schema_v2[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_RECOGNITION, TYPES); \
	static const char schema_v3[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_INTEROP, TYPES)

#define COP_SQL_SCHEMA_RECOGNITION(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_vote (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" contribution_id " ID_ " NOT NULL," \
	" voter_id " ID_ "," \
	" author_id " ID_ "," \
	" kind " INT_ " NOT NULL," \
	" rep_author " INT_ " NOT NULL," \
	" rep_voter " INT_ " NOT NULL," \
	" created " BIG_ " NOT NULL," \
	" changed " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE UNIQUE INDEX cop_vote_voter ON cop_vote" \
	" (contribution_id, voter_id);\n" \
	"CREATE INDEX cop_vote_author ON cop_vote (community_id, author_id);\n" \
	"CREATE TABLE cop_accept (" \
	" thread_id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" contribution_id " ID_ "," \
	" author_id " ID_ "," \
	" acceptor_id " ID_ "," \
	" rep_author " INT_ " NOT NULL," \
	" rep_acceptor " INT_ " NOT NULL," \
	" created " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_accept_author ON cop_accept (community_id, author_id);\n" \
	"CREATE TABLE cop_kudos (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" from_id " ID_ "," \
	" to_id " ID_ " NOT NULL," \
	" contribution_id " ID_ "," \
	" message " TEXT_ " NOT NULL," \
	" created " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_kudos_to ON cop_kudos (community_id, to_id, created, id);\n" \
	"CREATE TABLE cop_ledger (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" points " BIG_ " NOT NULL," \
	" nominal " BIG_ " NOT NULL," \
	" reason " INT_ " NOT NULL," \
	" object_id " ID_ "," \
	" actor_id " ID_ "," \
	" time " BIG_ " NOT NULL," \
	" tags " TEXT_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_ledger_member ON cop_ledger" \
	" (community_id, member_id, time, id);\n" \
	"CREATE TABLE cop_standing (" \
	" community_id " ID_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" reputation " BIG_ " NOT NULL," \
	" cap_day " BIG_ " NOT NULL," \
	" cap_used " BIG_ " NOT NULL," \
	" trust " INT_ " NOT NULL," \
	" trust_manual " INT_ " NOT NULL," \
	" days_active " INT_ " NOT NULL," \
	" last_day " BIG_ " NOT NULL," \
	" posts " INT_ " NOT NULL," \
	" likes_given " INT_ " NOT NULL," \
	" likes_received " INT_ " NOT NULL," \
	" kudos_received " INT_ " NOT NULL," \
	" accepted " INT_ " NOT NULL," \
	" PRIMARY KEY (community_id, member_id))" NR_ ";\n" \
	"CREATE TABLE cop_rep_total (" \
	" community_id " ID_ " NOT NULL," \
	" period " INT_ " NOT NULL," \
	" pstart " BIG_ " NOT NULL," \
	" tag " CTEXT_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" points " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, period, pstart, tag, member_id))" NR_ ";\n" \
	"CREATE INDEX cop_rep_total_board ON cop_rep_total" \
	" (community_id, period, pstart, tag, points DESC, member_id);\n" \
	"CREATE TABLE cop_badge (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" badge " INT_ " NOT NULL," \
	" object_id " ID_ " NOT NULL," \
	" awarded " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE UNIQUE INDEX cop_badge_once ON cop_badge" \
	" (community_id, member_id, badge, object_id);\n" \
	"CREATE INDEX cop_badge_member ON cop_badge" \
	" (community_id, member_id, awarded, id);\n" \
	"CREATE TABLE cop_rconfig (" \
	" community_id " ID_ " NOT NULL PRIMARY KEY," \
	" body " TEXT_ " NOT NULL)" NR_ ";\n"

/* Version 3: interoperability.  cop_source remembers the ids an import
 * came with (so importing again changes nothing), cop_link relates
 * threads (related, duplicate), badges may carry a name and class of
 * their own (awarded elsewhere and imported), cop_policy holds a
 * community's policy for erasing a member's contributions, cop_flag the
 * flags raised on contributions, and standings count posts read. */
#define COP_SQL_SCHEMA_INTEROP(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_source (" \
	" community_id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" source_id " CTEXT_ " NOT NULL," \
	" object_id " ID_ " NOT NULL," \
	" PRIMARY KEY (community_id, kind, source_id))" NR_ ";\n" \
	"CREATE TABLE cop_link (" \
	" community_id " ID_ " NOT NULL," \
	" thread_id " ID_ " NOT NULL," \
	" target_id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" created " BIG_ " NOT NULL," \
	" PRIMARY KEY (thread_id, target_id))" NR_ ";\n" \
	"CREATE INDEX cop_link_community ON cop_link (community_id, thread_id);\n" \
	"CREATE INDEX cop_link_target ON cop_link (target_id);\n" \
	"ALTER TABLE cop_badge ADD COLUMN name " TEXT_ ";\n" \
	"ALTER TABLE cop_badge ADD COLUMN class " INT_ ";\n" \
	"CREATE TABLE cop_policy (" \
	" community_id " ID_ " NOT NULL PRIMARY KEY," \
	" erasure " INT_ " NOT NULL)" NR_ ";\n" \
	"CREATE TABLE cop_flag (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" contribution_id " ID_ " NOT NULL," \
	" flagger_id " ID_ " NOT NULL," \
	" reason " TEXT_ " NOT NULL," \
	" state " INT_ " NOT NULL," \
	" created " BIG_ " NOT NULL," \
	" resolver_id " ID_ "," \
	" resolved " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE UNIQUE INDEX cop_flag_once ON cop_flag" \
	" (contribution_id, flagger_id);\n" \
	"CREATE INDEX cop_flag_queue ON cop_flag" \
	" (community_id, state, created, id);\n" \
	"ALTER TABLE cop_standing ADD COLUMN posts_read " INT_ " NOT NULL" \
	" DEFAULT 0;\n" \
	/* cop_verify reads each member's period totals (covering). */\
	"CREATE INDEX cop_rep_total_member ON cop_rep_total" \
	" (community_id, member_id, points);\n"

/* Moderation actions and the moderation log (sys/backend.h).  The
 * member's index serves the check made before every write (what is in
 * force on the actor), the community's the moderation log. */
#define COP_SQL_SCHEMA_MODERATION(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_modaction (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ "," \
	" kind " INT_ " NOT NULL," \
	" actor_id " ID_ "," \
	" member_id " ID_ "," \
	" object_id " ID_ "," \
	" reason " TEXT_ " NOT NULL," \
	" started " BIG_ " NOT NULL," \
	" ends " BIG_ " NOT NULL," \
	" lifted " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_modaction_member ON cop_modaction" \
	" (member_id, kind, lifted);\n" \
	"CREATE INDEX cop_modaction_log ON cop_modaction" \
	" (community_id, started, id);\n"

/* The funding ledger, its maintained totals, who sees it, and the hours
 * given (sys/backend.h's funding table).  The ledger's listing and the
 * report's day sums read cop_fund_day (and, for the pledges received,
 * cop_fund_received); the report's month sums read the totals by their
 * key; the hours figures read cop_hours by its key. */
#define COP_SQL_SCHEMA_FUNDING(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_fund (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" amount " BIG_ " NOT NULL," \
	" currency " CTEXT_ " NOT NULL," \
	" day " BIG_ " NOT NULL," \
	" counterparty " TEXT_ " NOT NULL," \
	" note " TEXT_ " NOT NULL," \
	" event_id " ID_ "," \
	" received " BIG_ " NOT NULL," \
	" actor_id " ID_ "," \
	" created " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_fund_day ON cop_fund (community_id, day, id);\n" \
	"CREATE INDEX cop_fund_received ON cop_fund (community_id, received);\n" \
	"CREATE TABLE cop_fund_total (" \
	" community_id " ID_ " NOT NULL," \
	" currency " CTEXT_ " NOT NULL," \
	" month " BIG_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" amount " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, month, currency, kind))" NR_ ";\n" \
	"CREATE TABLE cop_fund_config (" \
	" community_id " ID_ " NOT NULL PRIMARY KEY," \
	" visibility " INT_ " NOT NULL)" NR_ ";\n" \
	"CREATE TABLE cop_hours (" \
	" community_id " ID_ " NOT NULL," \
	" month " BIG_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" minutes " BIG_ " NOT NULL," \
	" note " TEXT_ " NOT NULL," \
	" reporter_id " ID_ "," \
	" changed " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, month, member_id))" NR_ ";\n"
/* Digests (sys/backend.h's cop_backend_digest): the end of the last
 * digest marked as sent to each member, and the indexes that let a
 * digest's sections read only the period's rows of one community (the
 * summaries' index holds summaries only; the votes' covers the sum of a
 * period's votes by contribution). */
#define COP_SQL_SCHEMA_DIGEST(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_digest_sent (" \
	" member_id " ID_ " NOT NULL PRIMARY KEY," \
	" sent_until " BIG_ " NOT NULL," \
	" marked " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_thread_created ON cop_thread" \
	" (community_id, created, id);\n" \
	"CREATE INDEX cop_contribution_summary ON cop_contribution" \
	" (community_id, created) WHERE kind = 5;\n" \
	"CREATE INDEX cop_vote_created ON cop_vote" \
	" (community_id, created, contribution_id, kind);\n" \
	"CREATE INDEX cop_accept_created ON cop_accept (community_id, created);\n" \
	"CREATE INDEX cop_kudos_created ON cop_kudos (community_id, created);\n" \
	"CREATE INDEX cop_badge_awarded ON cop_badge (community_id, awarded);\n"
/* Subscriptions and notifications (sys/backend.h, version 7).  A
 * follow's target index serves the fan-out of a new contribution (the
 * followers of its thread, its community and its tags); a member's
 * follows are read by the member's key (the target's index holds what
 * the fan-out reads); the notifications' key is the member's and the
 * event's, whose id is time-ordered: the key is also the feed's order,
 * so a notification costs one place in one B-tree; the
 * hidden threads and contributions are indexed by id (a few rows), for
 * the feed's visibility. */
#define COP_SQL_SCHEMA_NOTIFY(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_follow (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" member_id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" target_id " ID_ " NOT NULL," \
	" community_id " ID_ " NOT NULL," \
	" tag " CTEXT_ " NOT NULL," \
	" level " INT_ " NOT NULL," \
	" created " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE UNIQUE INDEX cop_follow_member ON cop_follow" \
	" (member_id, kind, target_id, tag);\n" \
	"CREATE INDEX cop_follow_target ON cop_follow" \
	" (target_id, kind, member_id, level, tag);\n" \
	"CREATE TABLE cop_notification (" \
	" member_id " ID_ " NOT NULL," \
	" id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" community_id " ID_ " NOT NULL," \
	" thread_id " ID_ "," \
	" contribution_id " ID_ "," \
	" object_id " ID_ "," \
	" actor_id " ID_ "," \
	" created " BIG_ " NOT NULL," \
	" read_at " BIG_ " NOT NULL," \
	" PRIMARY KEY (member_id, id))" NR_ ";\n" \
	"CREATE INDEX cop_thread_hidden_id ON cop_thread (id)" \
	" WHERE hidden <> 0;\n" \
	"CREATE INDEX cop_contribution_hidden ON cop_contribution (id)" \
	" WHERE hidden <> 0;\n"
/* Define a backend's step that adds them (schema_notify: SQLite's
 * version 9, PostgreSQL's 8; also in a new store's schema), with its
 * types TYPES. */
#define COP_SQL_NOTIFY_STEPS(TYPES) \
	static const char schema_notify[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_NOTIFY, TYPES)
/* Events, their RSVPs and attendance (sys/backend.h, cop_backend_events).
 * The community's index serves its listings, the ends' index the
 * store-wide queries (ended without attendance, a window of starts),
 * the waiting list's index the promotion, the member's their events. */
#define COP_SQL_SCHEMA_EVENTS(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_event (" \
	" id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" title " TEXT_ " NOT NULL," \
	" body " TEXT_ " NOT NULL," \
	" place " TEXT_ "," \
	" url " TEXT_ "," \
	" tz " TEXT_ " NOT NULL," \
	" starts " BIG_ " NOT NULL," \
	" ends " BIG_ " NOT NULL," \
	" capacity " INT_ " NOT NULL," \
	" creator_id " ID_ "," \
	" changed " BIG_ " NOT NULL," \
	" sequence " INT_ " NOT NULL," \
	" cancelled " BIG_ " NOT NULL," \
	" reason " TEXT_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_event_community ON cop_event" \
	" (community_id, starts, id);\n" \
	"CREATE INDEX cop_event_ends ON cop_event (ends, starts);\n" \
	"CREATE TABLE cop_rsvp (" \
	" event_id " ID_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" community_id " ID_ " NOT NULL," \
	" answer " INT_ " NOT NULL," \
	" waiting " INT_ " NOT NULL," \
	" answered " BIG_ " NOT NULL," \
	" attendance " INT_ " NOT NULL," \
	" recorded " BIG_ " NOT NULL," \
	" PRIMARY KEY (event_id, member_id))" NR_ ";\n" \
	"CREATE INDEX cop_rsvp_waiting ON cop_rsvp" \
	" (event_id, waiting, answered, member_id);\n" \
	"CREATE INDEX cop_rsvp_member ON cop_rsvp (member_id, event_id);\n"
/* The facilitator's queue (sys/backend.h's facilitation table): a
 * community's thresholds, and the indexes its statement reads by (the
 * questions by when they were asked, the discussions by their last
 * activity, the join requests by when they were made). */
#define COP_SQL_SCHEMA_FACILITATION(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_queue_threshold (" \
	" community_id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" seconds " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, kind))" NR_ ";\n"
/* Members' email addresses (address: the whole address lower-cased, one
 * member each) and the mail messages a store took in (message_id: the
 * Message-ID without its angle brackets; contribution_id: what it became,
 * NULL for none), shared by incoming mail (docs/mail.md) and the
 * mailing-list archive import (docs/mail-archives.md) through one backend
 * table, sys/backend.h's cop_backend_mail; made by the archives' step
 * (schema_mbox_step).  The store's mail secret lives in cop_meta (key
 * 'mail_secret'). */
#define COP_SQL_SCHEMA_MAIL_BASE(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_member_email (" \
	" address " TEXT_ " PRIMARY KEY," \
	" member_id " ID_ " NOT NULL REFERENCES cop_member(id)," \
	" is_primary " INT_ " NOT NULL DEFAULT 0," \
	" verified " INT_ " NOT NULL DEFAULT 0," \
	" created " BIG_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_member_email_member ON cop_member_email (member_id);\n" \
	"CREATE TABLE cop_mail_message (" \
	" message_id " TEXT_ " PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" contribution_id " ID_ "," \
	" created " BIG_ " NOT NULL)" NR_ ";\n"
/* Contribution author A is someone other than thread author B (either
 * may be NULL, the system). */
#define COP_SQL_Q_OTHER(A, B) "(CASE WHEN " A " IS NULL THEN " B \
	" IS NOT NULL ELSE " B " IS NULL OR " A " <> " B " END)"
/* The queue's indexes (made after the columns they name): threads
 * nobody but their author contributed to (unanswered questions, the
 * newcomers' first posts) and unaccepted questions by when they were
 * asked, discussions by
 * their last activity, join requests by when they were made, a member's
 * shown contributions in a community by time (whether a thread was
 * their first), the standings by their last day of activity (members
 * gone quiet). */
#define COP_SQL_FACILITATION_INDEXES \
	"CREATE INDEX cop_thread_unreplied ON cop_thread" \
	" (community_id, replied, created, id);\n" \
	"CREATE INDEX cop_thread_unaccepted ON cop_thread" \
	" (community_id, kind, has_answer, answered, created, id);\n" \
	"CREATE INDEX cop_thread_idle ON cop_thread" \
	" (community_id, kind, last_activity, id);\n" \
	"CREATE INDEX cop_membership_queue ON cop_membership" \
	" (community_id, status, joined, member_id);\n" \
	"CREATE INDEX cop_contribution_member ON cop_contribution" \
	" (community_id, author_id, hidden, created);\n" \
	"CREATE INDEX cop_standing_quiet ON cop_standing" \
	" (community_id, last_day, member_id);\n"

/* The hours figures by organisation (funding.h), kept by each engine's
 * triggers (COP_SQL_HOURS_ORG_TRIGGERS in its schema.c) on every write
 * of cop_hours, cop_membership and a member's organisation, so that the
 * report reads a row an organisation: per community and organisation
 * (its members' organisation now, "" for none), the row of month 0 holds
 * the hours a month pledged by the memberships that see the community
 * (pledged) and how many pledge (pledgers); the row of each month YYYYMM
 * holds the minutes given (minutes) and how many reports (reports). */
#define COP_SQL_SCHEMA_HOURS_ORG(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_hours_org (" \
	" community_id " ID_ " NOT NULL," \
	" organisation " CTEXT_ " NOT NULL," \
	" month " BIG_ " NOT NULL," \
	" pledged " BIG_ " NOT NULL," \
	" pledgers " BIG_ " NOT NULL," \
	" minutes " BIG_ " NOT NULL," \
	" reports " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, month, organisation))" NR_ ";\n"
/* The organisation of member M now, "" for none. */
#define COP_SQL_ORG_OF(M) "COALESCE((SELECT u.organisation FROM cop_member" \
	" u WHERE u.id = " M "), '')"
/* Add (SIGN "+") or take away (SIGN "-") the pledge of membership alias
 * A (rows FROM, "" for the trigger's row, with the condition COND) for
 * organisation ORG, when it sees its community and pledges. */
#define COP_SQL_HOURS_ORG_PLEDGE(A, FROM, COND, ORG, SIGN) \
	"INSERT INTO cop_hours_org (community_id, organisation, month," \
	" pledged, pledgers, minutes, reports) SELECT " A ".community_id, " \
	ORG ", 0, " SIGN A ".pledged_hours, " SIGN "1, 0, 0" FROM " WHERE " \
	COP_SQL_MS_SEEING(A) " AND " A ".pledged_hours <> 0" COND \
	" ON CONFLICT (community_id, month, organisation) DO UPDATE SET" \
	" pledged = cop_hours_org.pledged + excluded.pledged," \
	" pledgers = cop_hours_org.pledgers + excluded.pledgers;\n"
/* Add or take away the minutes MIN of hours row alias H (rows FROM, ""
 * for the trigger's row, with the condition COND) for organisation ORG;
 * N: "1" counts the report, "0" not (a change of minutes). */
#define COP_SQL_HOURS_ORG_GIVEN(H, FROM, COND, ORG, SIGN, MIN, N) \
	"INSERT INTO cop_hours_org (community_id, organisation, month," \
	" pledged, pledgers, minutes, reports) SELECT " H ".community_id, " \
	ORG ", " H ".month, 0, 0, " SIGN MIN ", " SIGN N FROM " WHERE " COND \
	" ON CONFLICT (community_id, month, organisation) DO UPDATE SET" \
	" minutes = cop_hours_org.minutes + excluded.minutes," \
	" reports = cop_hours_org.reports + excluded.reports;\n"
/* The statements each engine's triggers run (its COP_SQL_HOURS_ORG_
 * TRIGGERS wraps them): on an hours row inserted, its minutes changed,
 * deleted; on a membership inserted, its status or pledge changed,
 * deleted; on a member's organisation changed (their pledges and hours
 * move from the old organisation to the new). */
#define COP_SQL_HORG_OLD COP_SQL_ORG_OF("OLD.member_id")
#define COP_SQL_HORG_NEW COP_SQL_ORG_OF("NEW.member_id")
#define COP_SQL_HORG_HOURS_INS \
	COP_SQL_HOURS_ORG_GIVEN("NEW", "", "1 = 1", COP_SQL_HORG_NEW, "", \
		"NEW.minutes", "1")
#define COP_SQL_HORG_HOURS_UPD \
	COP_SQL_HOURS_ORG_GIVEN("NEW", "", "1 = 1", COP_SQL_HORG_NEW, "", \
		"(NEW.minutes - OLD.minutes)", "0")
#define COP_SQL_HORG_HOURS_DEL \
	COP_SQL_HOURS_ORG_GIVEN("OLD", "", "1 = 1", COP_SQL_HORG_OLD, "-", \
		"OLD.minutes", "1")
#define COP_SQL_HORG_MS_INS \
	COP_SQL_HOURS_ORG_PLEDGE("NEW", "", "", COP_SQL_HORG_NEW, "+")
#define COP_SQL_HORG_MS_DEL \
	COP_SQL_HOURS_ORG_PLEDGE("OLD", "", "", COP_SQL_HORG_OLD, "-")
#define COP_SQL_HORG_MEMBER_ORG(OLDORG, NEWORG) \
	COP_SQL_HOURS_ORG_PLEDGE("m", " FROM cop_membership m", \
		" AND m.member_id = NEW.id", OLDORG, "-") \
	COP_SQL_HOURS_ORG_PLEDGE("m", " FROM cop_membership m", \
		" AND m.member_id = NEW.id", NEWORG, "+") \
	COP_SQL_HOURS_ORG_GIVEN("h", " FROM cop_hours h", \
		"h.member_id = NEW.id", OLDORG, "-", "h.minutes", "1") \
	COP_SQL_HOURS_ORG_GIVEN("h", " FROM cop_hours h", \
		"h.member_id = NEW.id", NEWORG, "", "h.minutes", "1")
/* Fill cop_hours_org from the facts (the step that adds it). */
#define COP_SQL_HOURS_ORG_FILL \
	"INSERT INTO cop_hours_org (community_id, organisation, month," \
	" pledged, pledgers, minutes, reports) SELECT m.community_id," \
	" COALESCE(u.organisation, ''), 0, sum(m.pledged_hours), count(*)," \
	" 0, 0 FROM cop_membership m JOIN cop_member u ON u.id = m.member_id" \
	" WHERE " COP_SQL_MS_SEEING("m") " AND m.pledged_hours <> 0" \
	" GROUP BY m.community_id, COALESCE(u.organisation, '');\n" \
	"INSERT INTO cop_hours_org (community_id, organisation, month," \
	" pledged, pledgers, minutes, reports) SELECT h.community_id," \
	" COALESCE(u.organisation, ''), h.month, 0, 0, sum(h.minutes)," \
	" count(*) FROM cop_hours h JOIN cop_member u ON u.id = h.member_id" \
	" GROUP BY h.community_id, COALESCE(u.organisation, ''), h.month;\n"
/* Define a backend's hours-by-organisation table for a new store
 * (schema_horg: the table and its triggers TRIG) and the step that adds
 * it filled from the facts (schema_horg_step), with its types TYPES. */
#define COP_SQL_HOURS_ORG_STEPS(TYPES, TRIG) \
	static const char schema_horg[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_HOURS_ORG, TYPES) TRIG; \
	static const char schema_horg_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_HOURS_ORG, TYPES) \
		COP_SQL_HOURS_ORG_FILL TRIG
/* ---- health roll-ups (docs/health.md) ----------------------------------------
 *
 * cop_health_day (community, day): the counted contributions (not
 * hidden, in a thread not hidden: visibility.h's COP_SQL_THREAD_SHOWN),
 * those with a known author, and the questions (threads of kind 1 not
 * hidden) created that day; cop_health_member_day (community, member,
 * day): a member's counted contributions.  A day is created / 86400000
 * (UTC).  Rows whose counts are all 0 are deleted.  Triggers keep them
 * (COP_SQL_HEALTH_TRIGGERS_SQ, _PG below) under every insert, update
 * and delete of a contribution or a thread; the step fills them from
 * the facts.  The numbers: thread kind 1 question; hidden 0 shown. */
#define COP_SQL_SCHEMA_ROLLUP(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_health_day (" \
	" community_id " ID_ " NOT NULL," \
	" day " BIG_ " NOT NULL," \
	" contributions " BIG_ " NOT NULL," \
	" authored " BIG_ " NOT NULL," \
	" questions " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, day))" NR_ ";\n" \
	"CREATE TABLE cop_health_member_day (" \
	" community_id " ID_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" day " BIG_ " NOT NULL," \
	" contributions " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, member_id, day))" NR_ ";\n" \
	"CREATE INDEX cop_health_member_day_day ON cop_health_member_day" \
	" (community_id, day, member_id, contributions);\n"

/* The facts the roll-ups hold, from the contributions and threads: a
 * day's (day, n, a, q) of community $1, and a member's (member, day, n). */
#define COP_SQL_HEALTH_DAY_FACTS \
	"SELECT day, sum(n) AS n, sum(a) AS a, sum(q) AS q FROM (" \
	"SELECT c.created / 86400000 AS day, 1 AS n, CASE WHEN c.author_id" \
	" IS NULL THEN 0 ELSE 1 END AS a, 0 AS q FROM cop_contribution c" \
	" JOIN cop_thread t ON t.id = c.thread_id WHERE c.community_id = $1" \
	" AND c.hidden = 0 AND t.hidden = 0 UNION ALL SELECT t.created /" \
	" 86400000, 0, 0, 1 FROM cop_thread t WHERE t.community_id = $1 AND" \
	" t.kind = 1 AND t.hidden = 0) x GROUP BY day"
#define COP_SQL_HEALTH_MEMBER_FACTS \
	"SELECT c.author_id AS member_id, c.created / 86400000 AS day," \
	" count(*) AS n FROM cop_contribution c JOIN cop_thread t ON t.id =" \
	" c.thread_id WHERE c.community_id = $1 AND c.hidden = 0 AND" \
	" t.hidden = 0 AND c.author_id IS NOT NULL GROUP BY c.author_id," \
	" c.created / 86400000"
/* The same facts read from the contributions' index by member (SQLite's
 * bulk load's end, sq_bulk_refill()): every shown contribution of the
 * community counted from cop_contribution_member_kind (community_id,
 * author_id, hidden, created, kind), which holds all the columns they
 * need, and those in the community's hidden threads (cop_thread_hidden,
 * then cop_contribution_thread) taken off again, instead of each
 * contribution's row read for its thread (the 20-copy beer import: 77
 * MB of rows with their bodies; the two statements 423 ms -> about 100,
 * bench/README.md, "Session 28").  A day or member day whose count
 * comes to 0 is one the facts do not have (HAVING).  The same rows as
 * COP_SQL_HEALTH_DAY_FACTS and _MEMBER_FACTS as long as a contribution
 * is of its thread's community, which the library keeps; the health
 * check (COP_ROP_HEALTH_CHECK) compares them with those. */
#define COP_SQL_HEALTH_DAY_FACTS_IDX \
	"SELECT day, sum(n) AS n, sum(a) AS a, sum(q) AS q FROM (" \
	"SELECT c.created / 86400000 AS day, 1 AS n, CASE WHEN c.author_id" \
	" IS NULL THEN 0 ELSE 1 END AS a, 0 AS q FROM cop_contribution c" \
	" WHERE c.community_id = $1 AND c.hidden = 0 UNION ALL" \
	" SELECT c.created / 86400000, -1, CASE WHEN c.author_id IS NULL" \
	" THEN 0 ELSE -1 END, 0 FROM cop_thread t CROSS JOIN" \
	" cop_contribution c WHERE t.community_id = $1 AND t.hidden <> 0" \
	" AND c.thread_id = t.id AND c.community_id = $1 AND c.hidden = 0" \
	" UNION ALL SELECT t.created / 86400000, 0, 0, 1 FROM cop_thread t" \
	" WHERE t.community_id = $1 AND t.kind = 1 AND t.hidden = 0) x" \
	" GROUP BY day HAVING sum(n) > 0 OR sum(q) > 0"
#define COP_SQL_HEALTH_MEMBER_FACTS_IDX \
	"SELECT member_id, day, sum(n) AS n FROM (SELECT c.author_id AS" \
	" member_id, c.created / 86400000 AS day, 1 AS n FROM" \
	" cop_contribution c WHERE c.community_id = $1 AND c.hidden = 0 AND" \
	" c.author_id IS NOT NULL UNION ALL SELECT c.author_id," \
	" c.created / 86400000, -1 FROM cop_thread t CROSS JOIN" \
	" cop_contribution c WHERE t.community_id = $1 AND t.hidden <> 0" \
	" AND c.thread_id = t.id AND c.community_id = $1 AND c.hidden = 0" \
	" AND c.author_id IS NOT NULL) x GROUP BY member_id, day" \
	" HAVING sum(n) > 0"

/* What fills the roll-ups of a store that had none. */
#define COP_SQL_HEALTH_FILL \
	"INSERT INTO cop_health_day (community_id, day, contributions," \
	" authored, questions) SELECT community_id, day, sum(n), sum(a)," \
	" sum(q) FROM (SELECT c.community_id AS community_id, c.created /" \
	" 86400000 AS day, 1 AS n, CASE WHEN c.author_id IS NULL THEN 0" \
	" ELSE 1 END AS a, 0 AS q FROM cop_contribution c JOIN cop_thread t" \
	" ON t.id = c.thread_id WHERE c.hidden = 0 AND t.hidden = 0" \
	" UNION ALL SELECT t.community_id, t.created / 86400000, 0, 0, 1" \
	" FROM cop_thread t WHERE t.kind = 1 AND t.hidden = 0) x" \
	" GROUP BY community_id, day;\n" \
	"INSERT INTO cop_health_member_day (community_id, member_id, day," \
	" contributions) SELECT c.community_id, c.author_id, c.created /" \
	" 86400000, count(*) FROM cop_contribution c JOIN cop_thread t ON" \
	" t.id = c.thread_id WHERE c.hidden = 0 AND t.hidden = 0 AND" \
	" c.author_id IS NOT NULL GROUP BY c.community_id, c.author_id," \
	" c.created / 86400000;\n"

/* The trigger statements, R the row (new, old), S the sign (1, -1). */
#define COP_SQL_H_UPS_DAY " ON CONFLICT (community_id, day) DO UPDATE SET" \
	" contributions = cop_health_day.contributions +" \
	" excluded.contributions, authored = cop_health_day.authored +" \
	" excluded.authored, questions = cop_health_day.questions +" \
	" excluded.questions;\n"
#define COP_SQL_H_UPS_MEMBER " ON CONFLICT (community_id, member_id, day)" \
	" DO UPDATE SET contributions = cop_health_member_day.contributions" \
	" + excluded.contributions;\n"
/* A contribution R counted with sign S (its thread read for its state). */
#define COP_SQL_H_CON(R, S) \
	"INSERT INTO cop_health_day (community_id, day, contributions," \
	" authored, questions) SELECT " R ".community_id, " R ".created /" \
	" 86400000, " S ", CASE WHEN " R ".author_id IS NULL THEN 0 ELSE " \
	S " END, 0 FROM cop_thread t WHERE t.id = " R ".thread_id AND" \
	" t.hidden = 0 AND " R ".hidden = 0" COP_SQL_H_UPS_DAY \
	"INSERT INTO cop_health_member_day (community_id, member_id, day," \
	" contributions) SELECT " R ".community_id, " R ".author_id, " R \
	".created / 86400000, " S " FROM cop_thread t WHERE t.id = " R \
	".thread_id AND t.hidden = 0 AND " R ".hidden = 0 AND " R \
	".author_id IS NOT NULL" COP_SQL_H_UPS_MEMBER
/* The rows contribution R was counted in, deleted when they are 0. */
#define COP_SQL_H_CON_CLEAN(R) \
	"DELETE FROM cop_health_day WHERE community_id = " R ".community_id" \
	" AND day = " R ".created / 86400000 AND contributions = 0 AND" \
	" questions = 0;\n" \
	"DELETE FROM cop_health_member_day WHERE community_id = " R \
	".community_id AND member_id = " R ".author_id AND day = " R \
	".created / 86400000 AND contributions = 0;\n"
/* A thread R (its question, its contributions) counted with sign S. */
#define COP_SQL_H_THREAD(R, S) \
	"INSERT INTO cop_health_day (community_id, day, contributions," \
	" authored, questions) SELECT " R ".community_id, " R ".created /" \
	" 86400000, 0, 0, " S " WHERE " R ".kind = 1 AND " R ".hidden = 0" \
	COP_SQL_H_UPS_DAY \
	"INSERT INTO cop_health_day (community_id, day, contributions," \
	" authored, questions) SELECT c.community_id, c.created / 86400000," \
	" " S " * count(*), " S " * count(c.author_id), 0 FROM" \
	" cop_contribution c WHERE c.thread_id = " R ".id AND c.hidden = 0" \
	" AND " R ".hidden = 0 GROUP BY c.community_id, c.created / 86400000" \
	COP_SQL_H_UPS_DAY \
	"INSERT INTO cop_health_member_day (community_id, member_id, day," \
	" contributions) SELECT c.community_id, c.author_id, c.created /" \
	" 86400000, " S " * count(*) FROM cop_contribution c WHERE" \
	" c.thread_id = " R ".id AND c.hidden = 0 AND " R ".hidden = 0 AND" \
	" c.author_id IS NOT NULL GROUP BY c.community_id, c.author_id," \
	" c.created / 86400000" COP_SQL_H_UPS_MEMBER
#define COP_SQL_H_THREAD_CLEAN(R) \
	"DELETE FROM cop_health_day WHERE community_id = " R ".community_id" \
	" AND contributions = 0 AND questions = 0;\n" \
	"DELETE FROM cop_health_member_day WHERE community_id = " R \
	".community_id AND contributions = 0 AND member_id IN (SELECT" \
	" c.author_id FROM cop_contribution c WHERE c.thread_id = " R \
	".id);\n"
/* When an update changes what a row counts. */
#define COP_SQL_H_CON_CHANGED(O, N, NE) "(" O ".hidden " NE " " N \
	".hidden OR " O ".author_id " NE " " N ".author_id OR " O \
	".created <> " N ".created OR " O ".thread_id <> " N ".thread_id" \
	" OR " O ".community_id <> " N ".community_id)"
#define COP_SQL_H_THREAD_CHANGED(O, N) "((" O ".hidden = 0) <> (" N \
	".hidden = 0) OR " O ".kind <> " N ".kind OR " O ".created <> " N \
	".created)"

/* SQLite's triggers. */
#define COP_SQL_HEALTH_TRIGGERS_SQ \
	"CREATE TRIGGER cop_health_con_ins AFTER INSERT ON cop_contribution" \
	" BEGIN " COP_SQL_H_CON("new", "1") "END;\n" \
	"CREATE TRIGGER cop_health_con_del AFTER DELETE ON cop_contribution" \
	" BEGIN " COP_SQL_H_CON("old", "-1") COP_SQL_H_CON_CLEAN("old") \
	"END;\n" \
	"CREATE TRIGGER cop_health_con_upd AFTER UPDATE ON cop_contribution" \
	" WHEN " COP_SQL_H_CON_CHANGED("old", "new", "IS NOT") " BEGIN " \
	COP_SQL_H_CON("old", "-1") COP_SQL_H_CON_CLEAN("old") \
	COP_SQL_H_CON("new", "1") "END;\n" \
	"CREATE TRIGGER cop_health_thread_ins AFTER INSERT ON cop_thread" \
	" BEGIN " COP_SQL_H_THREAD("new", "1") "END;\n" \
	"CREATE TRIGGER cop_health_thread_del AFTER DELETE ON cop_thread" \
	" BEGIN " COP_SQL_H_THREAD("old", "-1") COP_SQL_H_THREAD_CLEAN("old") \
	"END;\n" \
	"CREATE TRIGGER cop_health_thread_upd AFTER UPDATE ON cop_thread" \
	" WHEN " COP_SQL_H_THREAD_CHANGED("old", "new") " BEGIN " \
	COP_SQL_H_THREAD("old", "-1") COP_SQL_H_THREAD_CLEAN("old") \
	COP_SQL_H_THREAD("new", "1") "END;\n"

/* PostgreSQL's: two functions and their triggers.  A function is
 * V ("CREATE", or "CREATE OR REPLACE") with G first in its body (the
 * bulk load's guard, COP_SQL_BULK_SKIP_PG below, or ""). */
#define COP_SQL_HEALTH_CON_FN_PG(V, G) \
	V " FUNCTION cop_health_con() RETURNS trigger LANGUAGE plpgsql" \
	" AS $h$ BEGIN " G "IF TG_OP <> 'INSERT' THEN " \
	COP_SQL_H_CON("OLD", "-1") COP_SQL_H_CON_CLEAN("OLD") "END IF;" \
	" IF TG_OP <> 'DELETE' THEN " COP_SQL_H_CON("NEW", "1") "END IF;" \
	" RETURN NULL; END $h$;\n"
#define COP_SQL_HEALTH_THREAD_FN_PG(V, G) \
	V " FUNCTION cop_health_thread() RETURNS trigger LANGUAGE plpgsql" \
	" AS $h$ BEGIN " G "IF TG_OP <> 'INSERT' THEN " \
	COP_SQL_H_THREAD("OLD", "-1") COP_SQL_H_THREAD_CLEAN("OLD") \
	"END IF; IF TG_OP <> 'DELETE' THEN " COP_SQL_H_THREAD("NEW", "1") \
	"END IF; RETURN NULL; END $h$;\n"
#define COP_SQL_HEALTH_TRIGGERS_PG \
	COP_SQL_HEALTH_CON_FN_PG("CREATE", "") \
	"CREATE TRIGGER cop_health_con_insdel AFTER INSERT OR DELETE ON" \
	" cop_contribution FOR EACH ROW EXECUTE PROCEDURE cop_health_con();\n" \
	"CREATE TRIGGER cop_health_con_upd AFTER UPDATE ON cop_contribution" \
	" FOR EACH ROW WHEN " COP_SQL_H_CON_CHANGED("OLD", "NEW", \
	"IS DISTINCT FROM") " EXECUTE PROCEDURE cop_health_con();\n" \
	COP_SQL_HEALTH_THREAD_FN_PG("CREATE", "") \
	"CREATE TRIGGER cop_health_thread_insdel AFTER INSERT OR DELETE ON" \
	" cop_thread FOR EACH ROW EXECUTE PROCEDURE cop_health_thread();\n" \
	"CREATE TRIGGER cop_health_thread_upd AFTER UPDATE ON cop_thread" \
	" FOR EACH ROW WHEN " COP_SQL_H_THREAD_CHANGED("OLD", "NEW") \
	" EXECUTE PROCEDURE cop_health_thread();\n"

/* Define a backend's health roll-ups for a new store (schema_rollup) and
 * the step that adds them and fills them from the facts
 * (schema_rollup_step: one step after main's last, SQLite 13 and
 * PostgreSQL 12 on its branch), for triggers TRIG (..._SQ, ..._PG) and
 * the types TYPES. */
#define COP_SQL_ROLLUP_STEPS(TYPES, TRIG) \
	static const char schema_rollup[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_ROLLUP, TYPES) TRIG; \
	static const char schema_rollup_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_ROLLUP, TYPES) COP_SQL_HEALTH_FILL \
		TRIG

/* ---- the questions' roll-up (docs/health.md) ---------------------------------
 *
 * cop_health_question (thread): each question shown (a thread of kind 1
 * not hidden: COP_SQL_THREAD_SHOWN) with its community, author and
 * creation time, the time in milliseconds from its creation to its first
 * response (the earliest contribution not hidden in its thread with a
 * known author other than the question's; 0 when dated before the
 * question; NULL without one), whether it has an answer not hidden (kind
 * 2) and whether its accepted answer is not hidden.  The report reads a
 * period's questions by (community, created); the triggers
 * (COP_SQL_HQ_TRIGGERS_SQ, _PG) make a question's row again from the
 * facts (COP_SQL_HQ_FACTS) after every write that can change it: a
 * contribution deleted or changed (hidden, author, time, kind, thread),
 * a thread written, an acceptance written; a contribution inserted
 * updates its thread's row in place (COP_SQL_HQ_CON_INS). */
#define COP_SQL_SCHEMA_HQ(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_health_question (" \
	" thread_id " ID_ " NOT NULL PRIMARY KEY," \
	" community_id " ID_ " NOT NULL," \
	" author_id " ID_ "," \
	" created " BIG_ " NOT NULL," \
	" response_ms " BIG_ "," \
	" answered " INT_ " NOT NULL," \
	" accepted " INT_ " NOT NULL)" NR_ ";\n" \
	"CREATE INDEX cop_health_question_created ON cop_health_question" \
	" (community_id, created, response_ms, answered, accepted);\n"
#define COP_SQL_HQ_COLS "thread_id, community_id, author_id, created," \
	" response_ms, answered, accepted"
/* The row of each thread t the statement selects from (FROM cop_thread t
 * WHERE ... follows), as the facts give it. */
#define COP_SQL_HQ_FACTS \
	"SELECT t.id AS thread_id, t.community_id AS community_id," \
	" t.author_id AS author_id, t.created AS created, (SELECT CASE" \
	" WHEN min(c.created) IS NULL THEN NULL WHEN min(c.created) >" \
	" t.created THEN min(c.created) - t.created ELSE 0 END FROM" \
	" cop_contribution c WHERE c.thread_id = t.id AND c.hidden = 0 AND" \
	" c.author_id IS NOT NULL AND (t.author_id IS NULL OR c.author_id <>" \
	" t.author_id)) AS response_ms, CASE WHEN EXISTS (SELECT 1 FROM" \
	" cop_contribution c WHERE c.thread_id = t.id AND c.kind = 2 AND" \
	" c.hidden = 0) THEN 1 ELSE 0 END AS answered, CASE WHEN EXISTS" \
	" (SELECT 1 FROM cop_accept a JOIN cop_contribution c ON c.id =" \
	" a.contribution_id WHERE a.thread_id = t.id AND c.hidden = 0) THEN" \
	" 1 ELSE 0 END AS accepted FROM cop_thread t WHERE" \
	" t.kind = 1 AND " COP_SQL_THREAD_SHOWN("t")
/* The rows of the threads IDS (a parenthesized list) made again. */
#define COP_SQL_HQ_REFRESH(IDS) \
	"DELETE FROM cop_health_question WHERE thread_id IN " IDS ";\n" \
	"INSERT INTO cop_health_question (" COP_SQL_HQ_COLS ") " \
	COP_SQL_HQ_FACTS " AND t.id IN " IDS ";\n"
/* A contribution R inserted: its thread's row, if any, takes it in (a
 * response, an answer, the accepted answer of an acceptance made before
 * it was, as an import may). */
#define COP_SQL_HQ_WAIT(R) "(CASE WHEN " R ".created > created THEN " R \
	".created - created ELSE 0 END)"
#define COP_SQL_HQ_CON_INS(R) \
	"UPDATE cop_health_question SET response_ms = CASE WHEN " R \
	".hidden = 0 AND " R ".author_id IS NOT NULL AND (author_id IS NULL" \
	" OR " R ".author_id <> author_id) AND (response_ms IS NULL OR" \
	" response_ms > " COP_SQL_HQ_WAIT(R) ") THEN " COP_SQL_HQ_WAIT(R) \
	" ELSE response_ms END, answered = CASE WHEN " R ".kind = 2 AND " R \
	".hidden = 0 THEN 1 ELSE answered END, accepted = CASE WHEN " R \
	".hidden = 0 AND EXISTS (SELECT 1 FROM cop_accept a WHERE" \
	" a.thread_id = " R ".thread_id AND a.contribution_id = " R ".id)" \
	" THEN 1 ELSE accepted END WHERE thread_id = " R ".thread_id;\n"
/* When an update of a contribution or a thread changes its question. */
#define COP_SQL_HQ_CON_CHANGED(O, N, NE) "(" O ".hidden " NE " " N \
	".hidden OR " O ".author_id " NE " " N ".author_id OR " O \
	".created <> " N ".created OR " O ".thread_id <> " N ".thread_id" \
	" OR " O ".kind <> " N ".kind)"
#define COP_SQL_HQ_THREAD_CHANGED(O, N, NE) "(" O ".hidden " NE " " N \
	".hidden OR " O ".kind <> " N ".kind OR " O ".created <> " N \
	".created OR " O ".author_id " NE " " N ".author_id OR " O \
	".community_id <> " N ".community_id)"

/* SQLite's triggers. */
#define COP_SQL_HQ_TRIGGERS_SQ \
	"CREATE TRIGGER cop_hq_con_ins AFTER INSERT ON cop_contribution" \
	" BEGIN " COP_SQL_HQ_CON_INS("new") "END;\n" \
	"CREATE TRIGGER cop_hq_con_del AFTER DELETE ON cop_contribution" \
	" BEGIN " COP_SQL_HQ_REFRESH("(old.thread_id)") "END;\n" \
	"CREATE TRIGGER cop_hq_con_upd AFTER UPDATE ON cop_contribution" \
	" WHEN " COP_SQL_HQ_CON_CHANGED("old", "new", "IS NOT") " BEGIN " \
	COP_SQL_HQ_REFRESH("(old.thread_id, new.thread_id)") "END;\n" \
	"CREATE TRIGGER cop_hq_thread_ins AFTER INSERT ON cop_thread" \
	" BEGIN " COP_SQL_HQ_REFRESH("(new.id)") "END;\n" \
	"CREATE TRIGGER cop_hq_thread_del AFTER DELETE ON cop_thread" \
	" BEGIN DELETE FROM cop_health_question WHERE thread_id = old.id;" \
	" END;\n" \
	"CREATE TRIGGER cop_hq_thread_upd AFTER UPDATE ON cop_thread" \
	" WHEN " COP_SQL_HQ_THREAD_CHANGED("old", "new", "IS NOT") " BEGIN " \
	COP_SQL_HQ_REFRESH("(old.id, new.id)") "END;\n" \
	"CREATE TRIGGER cop_hq_accept_ins AFTER INSERT ON cop_accept" \
	" BEGIN " COP_SQL_HQ_REFRESH("(new.thread_id)") "END;\n" \
	"CREATE TRIGGER cop_hq_accept_del AFTER DELETE ON cop_accept" \
	" BEGIN " COP_SQL_HQ_REFRESH("(old.thread_id)") "END;\n" \
	"CREATE TRIGGER cop_hq_accept_upd AFTER UPDATE ON cop_accept" \
	" BEGIN " COP_SQL_HQ_REFRESH("(old.thread_id, new.thread_id)") \
	"END;\n"

/* PostgreSQL's: three functions (V, G as COP_SQL_HEALTH_CON_FN_PG's)
 * and their triggers. */
#define COP_SQL_HQ_CON_FN_PG(V, G) \
	V " FUNCTION cop_hq_con() RETURNS trigger LANGUAGE plpgsql" \
	" AS $h$ BEGIN " G "IF TG_OP = 'INSERT' THEN " \
	COP_SQL_HQ_CON_INS("NEW") "ELSIF TG_OP = 'DELETE' THEN " \
	COP_SQL_HQ_REFRESH("(OLD.thread_id)") "ELSE " \
	COP_SQL_HQ_REFRESH("(OLD.thread_id, NEW.thread_id)") \
	"END IF; RETURN NULL; END $h$;\n"
#define COP_SQL_HQ_THREAD_FN_PG(V, G) \
	V " FUNCTION cop_hq_thread() RETURNS trigger LANGUAGE plpgsql" \
	" AS $h$ BEGIN " G "IF TG_OP = 'DELETE' THEN DELETE FROM" \
	" cop_health_question WHERE thread_id = OLD.id; ELSE " \
	COP_SQL_HQ_REFRESH("(NEW.id)") "END IF; RETURN NULL; END $h$;\n"
#define COP_SQL_HQ_ACCEPT_FN_PG(V, G) \
	V " FUNCTION cop_hq_accept() RETURNS trigger LANGUAGE plpgsql" \
	" AS $h$ BEGIN " G "IF TG_OP <> 'INSERT' THEN " \
	COP_SQL_HQ_REFRESH("(OLD.thread_id)") "END IF; IF TG_OP <> 'DELETE'" \
	" THEN " COP_SQL_HQ_REFRESH("(NEW.thread_id)") "END IF; RETURN NULL;" \
	" END $h$;\n"
#define COP_SQL_HQ_TRIGGERS_PG \
	COP_SQL_HQ_CON_FN_PG("CREATE", "") \
	"CREATE TRIGGER cop_hq_con_insdel AFTER INSERT OR DELETE ON" \
	" cop_contribution FOR EACH ROW EXECUTE PROCEDURE cop_hq_con();\n" \
	"CREATE TRIGGER cop_hq_con_upd AFTER UPDATE ON cop_contribution" \
	" FOR EACH ROW WHEN " COP_SQL_HQ_CON_CHANGED("OLD", "NEW", \
	"IS DISTINCT FROM") " EXECUTE PROCEDURE cop_hq_con();\n" \
	COP_SQL_HQ_THREAD_FN_PG("CREATE", "") \
	"CREATE TRIGGER cop_hq_thread_insdel AFTER INSERT OR DELETE ON" \
	" cop_thread FOR EACH ROW EXECUTE PROCEDURE cop_hq_thread();\n" \
	"CREATE TRIGGER cop_hq_thread_upd AFTER UPDATE ON cop_thread" \
	" FOR EACH ROW WHEN " COP_SQL_HQ_THREAD_CHANGED("OLD", "NEW", \
	"IS DISTINCT FROM") " EXECUTE PROCEDURE cop_hq_thread();\n" \
	COP_SQL_HQ_ACCEPT_FN_PG("CREATE", "") \
	"CREATE TRIGGER cop_hq_accept AFTER INSERT OR UPDATE OR DELETE ON" \
	" cop_accept FOR EACH ROW EXECUTE PROCEDURE cop_hq_accept();\n"

/* What fills the questions' roll-up of a store that had none. */
#define COP_SQL_HQ_FILL "INSERT INTO cop_health_question (" \
	COP_SQL_HQ_COLS ") " COP_SQL_HQ_FACTS ";\n"
/* A table for a new store (N: the schema M, its triggers TRIG) and the
 * step that adds it filled from the facts (N_step: FILL before TRIG),
 * with the types given last. */
#define COP_SQL_FILLED_STEPS(N, M, FILL, TRIG, ...) \
	static const char N[] = COP_SQL_SCHEMA(M, __VA_ARGS__) TRIG; \
	static const char N##_step[] = COP_SQL_SCHEMA(M, __VA_ARGS__) FILL TRIG
/* Define a backend's questions' roll-up for a new store (schema_hq) and
 * the step that adds it and fills it from the facts (schema_hq_step),
 * for triggers TRIG (COP_SQL_HQ_TRIGGERS_SQ, _PG) and the types TYPES. */
#define COP_SQL_HQ_STEPS(TYPES, TRIG) \
	COP_SQL_FILLED_STEPS(schema_hq, COP_SQL_SCHEMA_HQ, COP_SQL_HQ_FILL, \
		TRIG, TYPES)

/* ---- the members' roll-up (docs/health.md) -----------------------------------
 *
 * cop_health_member (community, member): the first day of a member's
 * counted contributions in a community (the least day of their
 * cop_health_member_day rows) and the member's organisation, so that a
 * report reads one row a member instead of grouping their days and
 * looking each organisation up.  Triggers (COP_SQL_HM_TRIGGERS_SQ, _PG)
 * follow the member days (a row inserted may be a new first day; a row
 * deleted may have been it) and a member's organisation. */
#define COP_SQL_SCHEMA_HM(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_health_member (" \
	" community_id " ID_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" first_day " BIG_ " NOT NULL," \
	" organisation " TEXT_ "," \
	" PRIMARY KEY (community_id, member_id))" NR_ ";\n" \
	"CREATE INDEX cop_health_member_member ON cop_health_member" \
	" (member_id);\n"
#define COP_SQL_HM_COLS "community_id, member_id, first_day, organisation"
/* The rows as the facts give them (GROUP BY h.community_id, h.member_id
 * follows, after any WHERE). */
#define COP_SQL_HM_FACTS \
	"SELECT h.community_id AS community_id, h.member_id AS member_id," \
	" min(h.day) AS first_day, (SELECT u.organisation FROM cop_member u" \
	" WHERE u.id = h.member_id) AS organisation FROM" \
	" cop_health_member_day h"
#define COP_SQL_HM_GROUP " GROUP BY h.community_id, h.member_id"
/* A member day R inserted: perhaps the member's first. */
#define COP_SQL_HM_DAY_INS(R) \
	"INSERT INTO cop_health_member (" COP_SQL_HM_COLS ") VALUES (" R \
	".community_id, " R ".member_id, " R ".day, (SELECT u.organisation" \
	" FROM cop_member u WHERE u.id = " R ".member_id)) ON CONFLICT" \
	" (community_id, member_id) DO UPDATE SET first_day = CASE WHEN" \
	" excluded.first_day < cop_health_member.first_day THEN" \
	" excluded.first_day ELSE cop_health_member.first_day END;\n"
/* A member day R deleted: the member's row goes with their last day, or
 * takes the next first day when R was it. */
#define COP_SQL_HM_DAY_DEL(R) \
	"DELETE FROM cop_health_member WHERE community_id = " R \
	".community_id AND member_id = " R ".member_id AND NOT EXISTS" \
	" (SELECT 1 FROM cop_health_member_day d WHERE d.community_id = " R \
	".community_id AND d.member_id = " R ".member_id);\n" \
	"UPDATE cop_health_member SET first_day = (SELECT min(d.day) FROM" \
	" cop_health_member_day d WHERE d.community_id = " R ".community_id" \
	" AND d.member_id = " R ".member_id) WHERE community_id = " R \
	".community_id AND member_id = " R ".member_id AND first_day = " R \
	".day;\n"
/* A member R's organisation changed. */
#define COP_SQL_HM_ORG(R) "UPDATE cop_health_member SET organisation = " R \
	".organisation WHERE member_id = " R ".id;\n"
#define COP_SQL_HM_TRIGGERS_SQ \
	"CREATE TRIGGER cop_hm_day_ins AFTER INSERT ON cop_health_member_day" \
	" BEGIN " COP_SQL_HM_DAY_INS("new") "END;\n" \
	"CREATE TRIGGER cop_hm_day_del AFTER DELETE ON cop_health_member_day" \
	" BEGIN " COP_SQL_HM_DAY_DEL("old") "END;\n" \
	"CREATE TRIGGER cop_hm_org AFTER UPDATE OF organisation ON cop_member" \
	" WHEN old.organisation IS NOT new.organisation BEGIN " \
	COP_SQL_HM_ORG("new") "END;\n"
/* PostgreSQL's (V, G as COP_SQL_HEALTH_CON_FN_PG's). */
#define COP_SQL_HM_DAY_FN_PG(V, G) \
	V " FUNCTION cop_hm_day() RETURNS trigger LANGUAGE plpgsql AS $h$" \
	" BEGIN " G "IF TG_OP = 'INSERT' THEN " COP_SQL_HM_DAY_INS("NEW") \
	"ELSE " COP_SQL_HM_DAY_DEL("OLD") "END IF; RETURN NULL; END $h$;\n"
#define COP_SQL_HM_TRIGGERS_PG \
	COP_SQL_HM_DAY_FN_PG("CREATE", "") \
	"CREATE TRIGGER cop_hm_day AFTER INSERT OR DELETE ON" \
	" cop_health_member_day FOR EACH ROW EXECUTE PROCEDURE cop_hm_day();\n" \
	"CREATE FUNCTION cop_hm_org() RETURNS trigger LANGUAGE plpgsql AS $h$" \
	" BEGIN " COP_SQL_HM_ORG("NEW") "RETURN NULL; END $h$;\n" \
	"CREATE TRIGGER cop_hm_org AFTER UPDATE OF organisation ON cop_member" \
	" FOR EACH ROW WHEN (OLD.organisation IS DISTINCT FROM" \
	" NEW.organisation) EXECUTE PROCEDURE cop_hm_org();\n"
#define COP_SQL_HM_FILL "INSERT INTO cop_health_member (" COP_SQL_HM_COLS \
	") " COP_SQL_HM_FACTS COP_SQL_HM_GROUP ";\n"
/* Define a backend's members' roll-up for a new store (schema_hm) and
 * the step that adds it and fills it (schema_hm_step). */
#define COP_SQL_HM_STEPS(TYPES, TRIG) \
	COP_SQL_FILLED_STEPS(schema_hm, COP_SQL_SCHEMA_HM, COP_SQL_HM_FILL, \
		TRIG, TYPES)

/* ---- tags (docs/tags.md) -----------------------------------------------------
 *
 * cop_tag (community, name): a community's tags as records, with a
 * description (excerpt), a longer text (wiki), the tag it is a synonym of
 * (synonym_of, NULL: none), and its uses: the threads tagged with it
 * (uses) and, of those, the hidden ones (hidden_uses), so that a reader
 * who may not see hidden threads counts uses - hidden_uses (visibility.h's
 * rule).  created is when the row was made (by the first thread using it:
 * that thread's creation time), updated when it was last described.  A
 * row stays when no thread uses it any more.  Triggers keep the uses
 * (COP_SQL_TAG_TRIGGERS_SQ, _PG below) under every insert, delete and
 * update of a thread's tags, community or hidden; the step fills them
 * from the threads.  SPLIT(R) is the engine's way of reading thread R's
 * space-separated tags as rows j(value). */
#define COP_SQL_SCHEMA_TAG(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_tag (" \
	" community_id " ID_ " NOT NULL," \
	" name " CTEXT_ " NOT NULL," \
	" excerpt " TEXT_ "," \
	" wiki " TEXT_ "," \
	" synonym_of " CTEXT_ "," \
	" uses " BIG_ " NOT NULL DEFAULT 0," \
	" hidden_uses " BIG_ " NOT NULL DEFAULT 0," \
	" created " BIG_ " NOT NULL," \
	" updated " BIG_ " NOT NULL," \
	" PRIMARY KEY (community_id, name))" NR_ ";\n" \
	"CREATE INDEX cop_tag_uses ON cop_tag (community_id, uses, name);\n"
/* Thread R's tags counted with sign S. */
#define COP_SQL_TAG_COUNT(R, S, SPLIT) \
	"INSERT INTO cop_tag (community_id, name, uses, hidden_uses, created," \
	" updated) SELECT " R ".community_id, j.value, " S ", CASE WHEN " \
	COP_SQL_THREAD_SHOWN(R) " THEN 0 ELSE " S " END, " R ".created, " R \
	".created FROM " SPLIT(R) " WHERE j.value <> '' ON CONFLICT" \
	" (community_id, name) DO UPDATE SET uses = cop_tag.uses +" \
	" excluded.uses, hidden_uses = cop_tag.hidden_uses +" \
	" excluded.hidden_uses;\n"
/* When an update of thread O into N changes what it counts. */
#define COP_SQL_TAG_CHANGED(O, N, NE) "(" O ".tags " NE " " N ".tags OR " \
	O ".community_id " NE " " N ".community_id OR (" \
	COP_SQL_THREAD_SHOWN(O) ") <> (" COP_SQL_THREAD_SHOWN(N) "))"
/* What fills cop_tag from the threads of a store that had none. */
#define COP_SQL_TAG_FILL(SPLIT) \
	"INSERT INTO cop_tag (community_id, name, uses, hidden_uses, created," \
	" updated) SELECT t.community_id, j.value, count(*), sum(CASE WHEN " \
	COP_SQL_THREAD_SHOWN("t") " THEN 0 ELSE 1 END), min(t.created)," \
	" min(t.created) FROM cop_thread t, " SPLIT("t") " WHERE j.value <>" \
	" '' GROUP BY t.community_id, j.value;\n"
/* SQLite: the list made a JSON array (json_quote escapes everything but
 * the spaces, which become "," separators); its triggers. */
#define COP_SQL_TAG_SPLIT_SQ(R) "json_each('[' || replace(json_quote(" R \
	".tags), ' ', '\",\"') || ']') j"
#define COP_SQL_TAG_TRIGGERS_SQ \
	"CREATE TRIGGER cop_tag_thread_ins AFTER INSERT ON cop_thread" \
	" WHEN new.tags <> '' BEGIN " \
	COP_SQL_TAG_COUNT("new", "1", COP_SQL_TAG_SPLIT_SQ) "END;\n" \
	"CREATE TRIGGER cop_tag_thread_del AFTER DELETE ON cop_thread" \
	" WHEN old.tags <> '' BEGIN " \
	COP_SQL_TAG_COUNT("old", "-1", COP_SQL_TAG_SPLIT_SQ) "END;\n" \
	"CREATE TRIGGER cop_tag_thread_upd AFTER UPDATE OF tags, community_id," \
	" hidden ON cop_thread WHEN " COP_SQL_TAG_CHANGED("old", "new", \
	"IS NOT") " BEGIN " COP_SQL_TAG_COUNT("old", "-1", \
	COP_SQL_TAG_SPLIT_SQ) COP_SQL_TAG_COUNT("new", "1", \
	COP_SQL_TAG_SPLIT_SQ) "END;\n"
/* PostgreSQL: the list an array; one function and its triggers. */
#define COP_SQL_TAG_SPLIT_PG(R) "unnest(string_to_array(" R ".tags, ' '))" \
	" AS j(value)"
#define COP_SQL_TAG_TRIGGERS_PG \
	"CREATE FUNCTION cop_tag_thread() RETURNS trigger LANGUAGE plpgsql" \
	" AS $t$ BEGIN IF TG_OP <> 'INSERT' THEN " COP_SQL_TAG_COUNT("OLD", \
	"-1", COP_SQL_TAG_SPLIT_PG) "END IF; IF TG_OP <> 'DELETE' THEN " \
	COP_SQL_TAG_COUNT("NEW", "1", COP_SQL_TAG_SPLIT_PG) "END IF;" \
	" RETURN NULL; END $t$;\n" \
	"CREATE TRIGGER cop_tag_thread_insdel AFTER INSERT OR DELETE ON" \
	" cop_thread FOR EACH ROW EXECUTE PROCEDURE cop_tag_thread();\n" \
	"CREATE TRIGGER cop_tag_thread_upd AFTER UPDATE ON cop_thread" \
	" FOR EACH ROW WHEN " COP_SQL_TAG_CHANGED("OLD", "NEW", \
	"IS DISTINCT FROM") " EXECUTE PROCEDURE cop_tag_thread();\n"
/* Define a backend's tags for a new store (schema_tag) and the step that
 * adds them and fills them from the threads (schema_tag_step), with its
 * split SPLIT and triggers TRIG (..._SQ, ..._PG) and the types TYPES. */
#define COP_SQL_TAG_STEPS(TYPES, SPLIT, TRIG) \
	COP_SQL_FILLED_STEPS(schema_tag, COP_SQL_SCHEMA_TAG, \
		COP_SQL_TAG_FILL(SPLIT), TRIG, TYPES)
/* ---- a thread's history (sys/backend.h's cop_backend_history) ----------------
 *
 * cop_thread_history (thread, number): what was done to a thread, in
 * order from 1: its title and tags as they were set and changed (kind 0
 * title, 1 tags; old_value and new_value), closed, reopened, locked,
 * unlocked, pinned, unpinned, hidden and shown (kinds 2 to 9), who did it
 * (actor_id, NULL: the system or not known) and when.  A store that had
 * none gets each thread's title and tags as they are now as its first
 * entries, by its author at its creation. */
#define COP_SQL_SCHEMA_HISTORY(ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_thread_history (" \
	" thread_id " ID_ " NOT NULL," \
	" number " INT_ " NOT NULL," \
	" community_id " ID_ " NOT NULL," \
	" kind " INT_ " NOT NULL," \
	" old_value " TEXT_ "," \
	" new_value " TEXT_ "," \
	" actor_id " ID_ "," \
	" created " BIG_ " NOT NULL," \
	" comment " TEXT_ "," \
	" PRIMARY KEY (thread_id, number))" NR_ ";\n"
#define COP_SQL_HISTORY_COLS "thread_id, number, community_id, kind," \
	" old_value, new_value, actor_id, created, comment"
#define COP_SQL_HISTORY_FILL \
	"INSERT INTO cop_thread_history (" COP_SQL_HISTORY_COLS ") SELECT id," \
	" 1, community_id, 0, NULL, title, author_id, created, NULL FROM" \
	" cop_thread;\n" \
	"INSERT INTO cop_thread_history (" COP_SQL_HISTORY_COLS ") SELECT id," \
	" 2, community_id, 1, NULL, tags, author_id, created, NULL FROM" \
	" cop_thread WHERE tags IS NOT NULL AND tags <> '';\n"
/* Define a backend's thread history for a new store (schema_history) and
 * the step that adds it and fills it (schema_history_step), with the
 * types TYPES. */
#define COP_SQL_HISTORY_STEPS(TYPES) \
	COP_SQL_FILLED_STEPS(schema_history, COP_SQL_SCHEMA_HISTORY, \
		COP_SQL_HISTORY_FILL, "", TYPES)

/* ---- a member's history entries (issue 17) ------------------------------------
 *
 * A member's export reads the history entries they made (COP_ROP_P_HISTORY:
 * actor_id = $1, keyset-paged by (thread, number)), which without an index
 * on actor_id was a pass over the whole table for every page.  The index
 * holds the entries that have an actor only (the system's, NULL, are never
 * asked for by actor); "actor_id = $1" implies it on both engines. */
#define COP_SQL_HISTORY_ACTOR_INDEX \
	"CREATE INDEX cop_thread_history_actor ON cop_thread_history" \
	" (actor_id, thread_id, number) WHERE actor_id IS NOT NULL;\n"

/* The badges' index by member and time goes (issue 18: 7.5 MiB of the
 * 20x beer store): a member's badges are read from cop_badge_once
 * (community, member, ...) and sorted (COP_ROP_BADGE_LIST); the digest
 * reads cop_badge_awarded.  SQLite's version 26, PostgreSQL's 24. */
#define COP_SQL_BADGE_MEMBER_DROP "DROP INDEX cop_badge_member;\n"

/* ---- the period totals keyed by integers (issue 18: the store's size) -------
 *
 * cop_rep_total (community, period, start, tag, member) was a table of
 * three B-trees whose every key carried two 16-byte ids; its rows are
 * now cop_rep_sum's, keyed by two small integers: the member in the
 * community (cop_rep_member) and the community's tag, '' for the whole
 * community (cop_rep_scope).  cop_rep_sum's key (member first: a vote's
 * totals are one member's, written side by side) serves the adds and a
 * member's totals, its index cop_rep_sum_board the leaderboards
 * (SQLite's cop_rep_sum_rank from its version 33).
 * cop_rep_total is now a view with the old columns: reading it reads
 * the totals, inserting into it (the trigger COP_SQL_REP_TRIGGER_SQ,
 * _PG) adds the row's points to its total, making its keys as needed
 * (a key taken only where it is not there: PostgreSQL's identity is not
 * spent on a conflict).  Nothing deletes a key: the community's totals
 * are cleared by deleting the totals of its members' keys, which stay
 * (SQLite's ledger rows name them from its version 26).  The foreign
 * key below (ON DELETE CASCADE) never acts, and its check cost every
 * total a lookup of its key: PostgreSQL's version 30 drops it
 * (postgresql/schema.c), SQLite's version 33 makes the table again
 * without it, its board index then named cop_rep_sum_rank
 * (sqlite/schema.c).  The statements that write a total take its keys
 * from cop_rep_member, or make them, first.  KEY_ is the engine's
 * integer key that numbers itself (SQLite INTEGER PRIMARY KEY,
 * PostgreSQL an identity). */
#define COP_SQL_SCHEMA_REP(KEY_, ID_, INT_, BIG_, TEXT_, CTEXT_, NR_) \
	"CREATE TABLE cop_rep_member (" \
	" id " KEY_ "," \
	" community_id " ID_ " NOT NULL," \
	" member_id " ID_ " NOT NULL," \
	" UNIQUE (community_id, member_id));\n" \
	"CREATE TABLE cop_rep_scope (" \
	" id " KEY_ "," \
	" community_id " ID_ " NOT NULL," \
	" tag " CTEXT_ " NOT NULL," \
	" UNIQUE (community_id, tag));\n" \
	"CREATE TABLE cop_rep_sum (" \
	" who " BIG_ " NOT NULL REFERENCES cop_rep_member (id)" \
	" ON DELETE CASCADE," \
	" scope " BIG_ " NOT NULL," \
	" period " INT_ " NOT NULL," \
	" pstart " BIG_ " NOT NULL," \
	" points " BIG_ " NOT NULL," \
	" PRIMARY KEY (who, scope, period, pstart))" NR_ ";\n" \
	"CREATE INDEX cop_rep_sum_board ON cop_rep_sum" \
	" (scope, period, pstart, points DESC, who);\n"
/* The totals with their ids (the view; its rows, the step's fill). */
#define COP_SQL_REP_VIEW \
	"CREATE VIEW cop_rep_total AS SELECT s.community_id AS community_id," \
	" r.period AS period, r.pstart AS pstart, s.tag AS tag," \
	" w.member_id AS member_id, r.points AS points FROM cop_rep_sum r" \
	" JOIN cop_rep_member w ON w.id = r.who" \
	" JOIN cop_rep_scope s ON s.id = r.scope;\n"
/* Make the keys of row N (N: new, NEW) that are not there yet. */
#define COP_SQL_REP_KEYS(N) \
	"INSERT INTO cop_rep_member (community_id, member_id) SELECT " \
	N ".community_id, " N ".member_id WHERE NOT EXISTS (SELECT 1 FROM" \
	" cop_rep_member WHERE community_id = " N ".community_id AND" \
	" member_id = " N ".member_id) ON CONFLICT DO NOTHING; " \
	"INSERT INTO cop_rep_scope (community_id, tag) SELECT " \
	N ".community_id, " N ".tag WHERE NOT EXISTS (SELECT 1 FROM" \
	" cop_rep_scope WHERE community_id = " N ".community_id AND" \
	" tag = " N ".tag) ON CONFLICT DO NOTHING; "
/* Add row N's points to its total, when its keys are there. */
#define COP_SQL_REP_UPSERT(N) \
	"INSERT INTO cop_rep_sum (who, scope, period, pstart, points)" \
	" SELECT w.id, s.id, " N ".period, " N ".pstart, " N ".points" \
	" FROM cop_rep_member w, cop_rep_scope s WHERE w.community_id = " \
	N ".community_id AND w.member_id = " N ".member_id AND" \
	" s.community_id = " N ".community_id AND s.tag = " N ".tag" \
	" ON CONFLICT (who, scope, period, pstart) DO UPDATE SET" \
	" points = cop_rep_sum.points + excluded.points; "
/* SQLite: the keys, then the total.  PostgreSQL: the total, and only
 * when its keys were missing (nothing added) the keys and the total
 * again: one statement a row instead of three once the keys are there
 * (the beer import's 38,160 totals through the trigger in half the
 * time). */
#define COP_SQL_REP_TRIGGER_SQ \
	"CREATE TRIGGER cop_rep_total_add INSTEAD OF INSERT ON cop_rep_total" \
	" BEGIN " COP_SQL_REP_KEYS("new") COP_SQL_REP_UPSERT("new") "END;\n"
#define COP_SQL_REP_TRIGGER_PG \
	"CREATE FUNCTION cop_rep_total_add() RETURNS trigger LANGUAGE plpgsql" \
	" AS $t$ BEGIN " COP_SQL_REP_UPSERT("NEW") "IF NOT FOUND THEN " \
	COP_SQL_REP_KEYS("NEW") COP_SQL_REP_UPSERT("NEW") "END IF;" \
	" RETURN NULL; END $t$;\n" \
	"CREATE TRIGGER cop_rep_total_add INSTEAD OF INSERT ON cop_rep_total" \
	" FOR EACH ROW EXECUTE PROCEDURE cop_rep_total_add();\n"
/* What fills the new tables from the old one, before it goes. */
#define COP_SQL_REP_FILL \
	"INSERT INTO cop_rep_member (community_id, member_id) SELECT DISTINCT" \
	" community_id, member_id FROM cop_rep_total ORDER BY 1, 2;\n" \
	"INSERT INTO cop_rep_scope (community_id, tag) SELECT DISTINCT" \
	" community_id, tag FROM cop_rep_total ORDER BY 1, 2;\n" \
	"INSERT INTO cop_rep_sum (who, scope, period, pstart, points)" \
	" SELECT w.id, s.id, t.period, t.pstart, t.points FROM cop_rep_total t" \
	" JOIN cop_rep_member w ON w.community_id = t.community_id" \
	" AND w.member_id = t.member_id JOIN cop_rep_scope s" \
	" ON s.community_id = t.community_id AND s.tag = t.tag" \
	" ORDER BY 1, 2, 3, 4;\n" \
	"DROP TABLE cop_rep_total;\n"
/* The votes' index by (community, author) goes: only cop_verify's count
 * of the likes each member received read it, which now groups the
 * community's votes as the count of the likes given always did (by
 * cop_vote_created); 11 MiB of the 20x beer store. */
#define COP_SQL_SIZE_DROPS "DROP INDEX cop_vote_author;\n"
/* Define a backend's step that makes the store smaller (issue 18):
 * the period totals keyed by integers, the votes' author index dropped
 * (schema_size_step; also run for a new store, whose cop_rep_total is
 * empty: its versions 2 and 3 made the table and the index), with its
 * integer key KEY, trigger TRIG (COP_SQL_REP_TRIGGER_SQ, _PG) and the
 * types TYPES. */
#define COP_SQL_SIZE_STEPS(KEY, TYPES, TRIG) \
	static const char schema_size_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_REP, KEY, TYPES) \
		COP_SQL_REP_FILL COP_SQL_REP_VIEW TRIG COP_SQL_SIZE_DROPS

/* ---- indexes no statement needs (issue 18: every row pays each index) -------
 *
 * An import writes every contribution into each index of cop_contribution
 * (and every accepted answer into each of cop_accept's); these go, after
 * every statement libcop prepares was checked against them (bench/README.md,
 * "Session 22: indexes"; docs/architecture.md, "Storage"):
 *
 * - cop_contribution_community (community_id, kind; PostgreSQL's
 *   community_id alone): its statements (a community's contributions for
 *   an export, cop_verify's scores, the health roll-ups' refill, the
 *   counts of cop_stats) read the same rows from the member index, which
 *   leads with community_id too.
 * - cop_contribution_member (community_id, author_id, hidden, created)
 *   is made again with kind at its end, cop_contribution_member_kind, so
 *   that the counts by kind (cop_stats, per community and of the whole
 *   store) stay counted from an index, not the table with its bodies.
 * - cop_accept_author (community_id, author_id): only cop_verify's count
 *   of the accepted answers each member wrote read it, which now reads
 *   the community's accepts through cop_accept_created, as the count of
 *   the likes received did when cop_vote_author went (COP_SQL_SIZE_DROPS).
 *
 * SQLite's version 31, PostgreSQL's 27; cop_contribution_member_kind is
 * SQLite's mark of the version. */
#define COP_SQL_INDEX_DROPS \
	"DROP INDEX cop_contribution_community;\n" \
	"DROP INDEX cop_contribution_member;\n" \
	"CREATE INDEX cop_contribution_member_kind ON cop_contribution" \
	" (community_id, author_id, hidden, created, kind);\n" \
	"DROP INDEX cop_accept_author;\n"

/* ---- PostgreSQL's bulk load: the roll-ups at its end (issue 18) -------------
 *
 * During a bulk load (an import) the health roll-ups' row triggers
 * (cop_health_con, cop_health_thread, cop_hq_con, cop_hq_thread,
 * cop_hq_accept, cop_hm_day) skip the rows of the one community the
 * setting cop.bulk names (its id in hex, set for the transaction only by
 * set_config(..., true)), and cop_health_refill(community) makes that
 * community's roll-ups again from the facts at the load's end, set-based
 * (as the steps that added them filled them), and clears the setting.
 * A row of any other community, or an update moving a row from or to
 * another community, goes through the triggers as always.  The backend
 * sets it only with one store writer at a time (cop_locking=store). */
#define COP_SQL_BULK_MINE_PG(R) "encode(" R ".community_id, 'hex') =" \
	" current_setting('cop.bulk', true)"
#define COP_SQL_BULK_SKIP_PG "IF (TG_OP = 'INSERT' OR " \
	COP_SQL_BULK_MINE_PG("OLD") ") AND (TG_OP = 'DELETE' OR " \
	COP_SQL_BULK_MINE_PG("NEW") ") THEN RETURN NULL; END IF; "
/* The statements that make community $1's roll-ups again from the facts
 * (each starts with a space and ends with ';'): PostgreSQL's
 * cop_health_refill() runs them, SQLite's load's end one by one
 * (sqlite/schema.c, sq_bulk_refill()).  The triggers must skip the
 * community's rows meanwhile (the member days written here are not
 * followed by cop_hm_day's). */
#define COP_SQL_HEALTH_REFILL_ROWS COP_SQL_HEALTH_REFILL_FROM( \
	COP_SQL_HEALTH_DAY_FACTS, COP_SQL_HEALTH_MEMBER_FACTS)
/* ... with the days' and member days' facts DAYS_ and MDAYS_ (SQLite's:
 * COP_SQL_HEALTH_DAY_FACTS_IDX, _MEMBER_FACTS_IDX). */
#define COP_SQL_HEALTH_REFILL_FROM(DAYS_, MDAYS_) \
	" DELETE FROM cop_health_day WHERE community_id = $1;" \
	" DELETE FROM cop_health_member_day WHERE community_id = $1;" \
	" DELETE FROM cop_health_member WHERE community_id = $1;" \
	" DELETE FROM cop_health_question WHERE community_id = $1;" \
	" INSERT INTO cop_health_day (community_id, day, contributions," \
	" authored, questions) SELECT $1, day, n, a, q FROM (" \
	DAYS_ ") f ORDER BY day;" \
	" INSERT INTO cop_health_member_day (community_id, member_id, day," \
	" contributions) SELECT $1, member_id, day, n FROM (" \
	MDAYS_ ") f ORDER BY member_id, day;" \
	" INSERT INTO cop_health_member (" COP_SQL_HM_COLS ") " \
	COP_SQL_HM_FACTS " WHERE h.community_id = $1" COP_SQL_HM_GROUP ";" \
	" INSERT INTO cop_health_question (" COP_SQL_HQ_COLS ") " \
	COP_SQL_HQ_FACTS " AND t.community_id = $1;"

#define COP_SQL_HEALTH_REFILL_PG \
	"CREATE FUNCTION cop_health_refill(bytea) RETURNS void LANGUAGE" \
	" plpgsql AS $h$ BEGIN" \
	" PERFORM set_config('cop.bulk', encode($1, 'hex'), true);" \
	COP_SQL_HEALTH_REFILL_ROWS \
	" PERFORM set_config('cop.bulk', '', true); END $h$;\n"
/* The step (PostgreSQL only): the functions again with the guard, and
 * the refill. */
#define COP_SQL_BULK_STEP_PG \
	COP_SQL_HEALTH_CON_FN_PG("CREATE OR REPLACE", COP_SQL_BULK_SKIP_PG) \
	COP_SQL_HEALTH_THREAD_FN_PG("CREATE OR REPLACE", COP_SQL_BULK_SKIP_PG) \
	COP_SQL_HQ_CON_FN_PG("CREATE OR REPLACE", COP_SQL_BULK_SKIP_PG) \
	COP_SQL_HQ_THREAD_FN_PG("CREATE OR REPLACE", COP_SQL_BULK_SKIP_PG) \
	COP_SQL_HQ_ACCEPT_FN_PG("CREATE OR REPLACE", COP_SQL_BULK_SKIP_PG) \
	COP_SQL_HM_DAY_FN_PG("CREATE OR REPLACE", COP_SQL_BULK_SKIP_PG) \
	COP_SQL_HEALTH_REFILL_PG

/* ---- SQLite's bulk load: the roll-ups at its end (issue 18) -----------------
 *
 * The same rule as PostgreSQL's (COP_SQL_BULK_SKIP_PG): the roll-ups'
 * triggers (schema version 29) skip an insert whose new row is of the
 * bulk load's community, a delete whose old row is, an update whose old
 * and new rows both are; the load's end makes the community's roll-ups
 * again (COP_SQL_HEALTH_REFILL_ROWS).  cop_bulk_community(id) is the
 * connection's SQL function (sqlite/sqlite.c): 1 while a bulk load is on
 * and @a id is its community, else 0 (sqlite/search.c registers it).  cop_hm_org is not guarded: its
 * update of a member's organisation is made again by the refill all the
 * same.  The triggers keep their names but one, the contribution's
 * insert into the health days (cop_health_con_ins, now
 * cop_health_con_add): that name is the version's mark. */
#define COP_SQL_BULK_MINE_SQ(R) "cop_bulk_community(" R ".community_id)"
#define COP_SQL_BULK_INS_SQ " WHEN NOT " COP_SQL_BULK_MINE_SQ("new")
#define COP_SQL_BULK_DEL_SQ " WHEN NOT " COP_SQL_BULK_MINE_SQ("old")
#define COP_SQL_BULK_UPD_SQ "NOT (" COP_SQL_BULK_MINE_SQ("old") " AND " \
	COP_SQL_BULK_MINE_SQ("new") ")"
#define COP_SQL_BULK_TRIGGERS_SQ \
	"CREATE TRIGGER cop_health_con_add AFTER INSERT ON cop_contribution" \
	COP_SQL_BULK_INS_SQ " BEGIN " COP_SQL_H_CON("new", "1") "END;\n" \
	"CREATE TRIGGER cop_health_con_del AFTER DELETE ON cop_contribution" \
	COP_SQL_BULK_DEL_SQ " BEGIN " COP_SQL_H_CON("old", "-1") \
	COP_SQL_H_CON_CLEAN("old") "END;\n" \
	"CREATE TRIGGER cop_health_con_upd AFTER UPDATE ON cop_contribution" \
	" WHEN " COP_SQL_H_CON_CHANGED("old", "new", "IS NOT") " AND " \
	COP_SQL_BULK_UPD_SQ " BEGIN " COP_SQL_H_CON("old", "-1") \
	COP_SQL_H_CON_CLEAN("old") COP_SQL_H_CON("new", "1") "END;\n" \
	"CREATE TRIGGER cop_health_thread_ins AFTER INSERT ON cop_thread" \
	COP_SQL_BULK_INS_SQ " BEGIN " COP_SQL_H_THREAD("new", "1") "END;\n" \
	"CREATE TRIGGER cop_health_thread_del AFTER DELETE ON cop_thread" \
	COP_SQL_BULK_DEL_SQ " BEGIN " COP_SQL_H_THREAD("old", "-1") \
	COP_SQL_H_THREAD_CLEAN("old") "END;\n" \
	"CREATE TRIGGER cop_health_thread_upd AFTER UPDATE ON cop_thread" \
	" WHEN " COP_SQL_H_THREAD_CHANGED("old", "new") " AND " \
	COP_SQL_BULK_UPD_SQ " BEGIN " COP_SQL_H_THREAD("old", "-1") \
	COP_SQL_H_THREAD_CLEAN("old") COP_SQL_H_THREAD("new", "1") "END;\n" \
	"CREATE TRIGGER cop_hq_con_ins AFTER INSERT ON cop_contribution" \
	COP_SQL_BULK_INS_SQ " BEGIN " COP_SQL_HQ_CON_INS("new") "END;\n" \
	"CREATE TRIGGER cop_hq_con_del AFTER DELETE ON cop_contribution" \
	COP_SQL_BULK_DEL_SQ " BEGIN " COP_SQL_HQ_REFRESH("(old.thread_id)") \
	"END;\n" \
	"CREATE TRIGGER cop_hq_con_upd AFTER UPDATE ON cop_contribution" \
	" WHEN " COP_SQL_HQ_CON_CHANGED("old", "new", "IS NOT") " AND " \
	COP_SQL_BULK_UPD_SQ " BEGIN " \
	COP_SQL_HQ_REFRESH("(old.thread_id, new.thread_id)") "END;\n" \
	"CREATE TRIGGER cop_hq_thread_ins AFTER INSERT ON cop_thread" \
	COP_SQL_BULK_INS_SQ " BEGIN " COP_SQL_HQ_REFRESH("(new.id)") "END;\n" \
	"CREATE TRIGGER cop_hq_thread_del AFTER DELETE ON cop_thread" \
	COP_SQL_BULK_DEL_SQ " BEGIN DELETE FROM cop_health_question WHERE" \
	" thread_id = old.id; END;\n" \
	"CREATE TRIGGER cop_hq_thread_upd AFTER UPDATE ON cop_thread" \
	" WHEN " COP_SQL_HQ_THREAD_CHANGED("old", "new", "IS NOT") " AND " \
	COP_SQL_BULK_UPD_SQ " BEGIN " COP_SQL_HQ_REFRESH("(old.id, new.id)") \
	"END;\n" \
	"CREATE TRIGGER cop_hq_accept_ins AFTER INSERT ON cop_accept" \
	COP_SQL_BULK_INS_SQ " BEGIN " COP_SQL_HQ_REFRESH("(new.thread_id)") \
	"END;\n" \
	"CREATE TRIGGER cop_hq_accept_del AFTER DELETE ON cop_accept" \
	COP_SQL_BULK_DEL_SQ " BEGIN " COP_SQL_HQ_REFRESH("(old.thread_id)") \
	"END;\n" \
	"CREATE TRIGGER cop_hq_accept_upd AFTER UPDATE ON cop_accept" \
	" WHEN " COP_SQL_BULK_UPD_SQ " BEGIN " \
	COP_SQL_HQ_REFRESH("(old.thread_id, new.thread_id)") "END;\n" \
	"CREATE TRIGGER cop_hm_day_ins AFTER INSERT ON cop_health_member_day" \
	COP_SQL_BULK_INS_SQ " BEGIN " COP_SQL_HM_DAY_INS("new") "END;\n" \
	"CREATE TRIGGER cop_hm_day_del AFTER DELETE ON cop_health_member_day" \
	COP_SQL_BULK_DEL_SQ " BEGIN " COP_SQL_HM_DAY_DEL("old") "END;\n"
/* SQLite's version 30: the roll-ups' update triggers fire only on an
 * update of a column their WHEN reads (UPDATE OF), no longer on every
 * update of the row: a score added, a revision numbered or a thread's
 * count raised ran each trigger's program (its frame zeroed) and a
 * statement journal for a WHEN that was false (the beer import: about
 * 11,000 such programs).  The same triggers otherwise, the contribution's
 * health trigger renamed (cop_health_con_chg: the version's mark). */
#define COP_SQL_OF_CON_H "hidden, author_id, created, thread_id, community_id"
#define COP_SQL_OF_CON_HQ "hidden, author_id, created, thread_id, kind"
#define COP_SQL_OF_THREAD_H "hidden, kind, created"
#define COP_SQL_OF_THREAD_HQ "hidden, kind, created, author_id, community_id"
#define COP_SQL_UPD_OF_STEP_SQ \
	"DROP TRIGGER cop_health_con_upd;\n" \
	"DROP TRIGGER cop_health_thread_upd;\n" \
	"DROP TRIGGER cop_hq_con_upd;\n" \
	"DROP TRIGGER cop_hq_thread_upd;\n" \
	"CREATE TRIGGER cop_health_con_chg AFTER UPDATE OF " COP_SQL_OF_CON_H \
	" ON cop_contribution" \
	" WHEN " COP_SQL_H_CON_CHANGED("old", "new", "IS NOT") " AND " \
	COP_SQL_BULK_UPD_SQ " BEGIN " COP_SQL_H_CON("old", "-1") \
	COP_SQL_H_CON_CLEAN("old") COP_SQL_H_CON("new", "1") "END;\n" \
	COP_SQL_H_THREAD_UPD_SQ("cop_health_thread_upd", COP_SQL_OF_THREAD_H, \
	COP_SQL_H_THREAD_CHANGED("old", "new")) \
	"CREATE TRIGGER cop_hq_con_upd AFTER UPDATE OF " COP_SQL_OF_CON_HQ \
	" ON cop_contribution" \
	" WHEN " COP_SQL_HQ_CON_CHANGED("old", "new", "IS NOT") " AND " \
	COP_SQL_BULK_UPD_SQ " BEGIN " \
	COP_SQL_HQ_REFRESH("(old.thread_id, new.thread_id)") "END;\n" \
	"CREATE TRIGGER cop_hq_thread_upd AFTER UPDATE OF " \
	COP_SQL_OF_THREAD_HQ " ON cop_thread" \
	" WHEN " COP_SQL_HQ_THREAD_CHANGED("old", "new", "IS NOT") " AND " \
	COP_SQL_BULK_UPD_SQ " BEGIN " COP_SQL_HQ_REFRESH("(old.id, new.id)") \
	"END;\n"
/* SQLite's update trigger of a thread's health days: NAME_, on an
 * update of the columns OF_, when CHANGED_ and the rows are not both a
 * bulk load's (versions 30 and 32). */
#define COP_SQL_H_THREAD_UPD_SQ(NAME_, OF_, CHANGED_) \
	"CREATE TRIGGER " NAME_ " AFTER UPDATE OF " OF_ " ON cop_thread" \
	" WHEN " CHANGED_ " AND " COP_SQL_BULK_UPD_SQ " BEGIN " \
	COP_SQL_H_THREAD("old", "-1") COP_SQL_H_THREAD_CLEAN("old") \
	COP_SQL_H_THREAD("new", "1") "END;\n"
/* SQLite's version 32, PostgreSQL's 28: a thread's health days also
 * follow it when it moves to another community (its question stayed
 * counted in the old community's days: tests/backend/health.c,
 * health_question_moved).  The trigger is made again under a new name,
 * cop_health_thread_chg (SQLite's mark of the version). */
#define COP_SQL_H_THREAD_MOVED(O, N) "(" COP_SQL_H_THREAD_CHANGED(O, N) \
	" OR " O ".community_id <> " N ".community_id)"
#define COP_SQL_THREAD_MOVE_STEP_SQ \
	"DROP TRIGGER cop_health_thread_upd;\n" \
	COP_SQL_H_THREAD_UPD_SQ("cop_health_thread_chg", \
	COP_SQL_OF_THREAD_H ", community_id", \
	COP_SQL_H_THREAD_MOVED("old", "new"))
#define COP_SQL_THREAD_MOVE_STEP_PG \
	"DROP TRIGGER cop_health_thread_upd ON cop_thread;\n" \
	"CREATE TRIGGER cop_health_thread_chg AFTER UPDATE ON cop_thread" \
	" FOR EACH ROW WHEN " COP_SQL_H_THREAD_MOVED("OLD", "NEW") \
	" EXECUTE PROCEDURE cop_health_thread();\n"
/* The step (SQLite only, version 29): the triggers made again. */
#define COP_SQL_BULK_STEP_SQ \
	"DROP TRIGGER cop_health_con_ins;\n" \
	"DROP TRIGGER cop_health_con_del;\n" \
	"DROP TRIGGER cop_health_con_upd;\n" \
	"DROP TRIGGER cop_health_thread_ins;\n" \
	"DROP TRIGGER cop_health_thread_del;\n" \
	"DROP TRIGGER cop_health_thread_upd;\n" \
	"DROP TRIGGER cop_hq_con_ins;\n" \
	"DROP TRIGGER cop_hq_con_del;\n" \
	"DROP TRIGGER cop_hq_con_upd;\n" \
	"DROP TRIGGER cop_hq_thread_ins;\n" \
	"DROP TRIGGER cop_hq_thread_del;\n" \
	"DROP TRIGGER cop_hq_thread_upd;\n" \
	"DROP TRIGGER cop_hq_accept_ins;\n" \
	"DROP TRIGGER cop_hq_accept_del;\n" \
	"DROP TRIGGER cop_hq_accept_upd;\n" \
	"DROP TRIGGER cop_hm_day_ins;\n" \
	"DROP TRIGGER cop_hm_day_del;\n" \
	COP_SQL_BULK_TRIGGERS_SQ

/* The period totals of a bulk load, set-based (PostgreSQL's COPY, in
 * place of the view's trigger row by row): from staging table T with
 * cop_rep_total's columns, the missing member and scope keys made (in
 * one statement each), then the rows of one total summed and added. */
#define COP_SQL_REP_KEYS_FROM(T, TAB, COL) \
	"INSERT INTO " TAB " (community_id, " COL ") SELECT DISTINCT" \
	" s.community_id, s." COL " FROM " T " s WHERE NOT EXISTS (SELECT 1" \
	" FROM " TAB " k WHERE k.community_id = s.community_id AND k." COL \
	" = s." COL ") ORDER BY 1, 2 ON CONFLICT DO NOTHING; "
/* The rows of T summed by total, with their keys (who, scope, period,
 * pstart, points), and what adds them to the totals there. */
#define COP_SQL_REP_SUMS_FROM(T) \
	"SELECT w.id AS who, c.id AS scope, s.period, s.pstart," \
	" sum(s.points) AS points FROM " T " s" \
	" JOIN cop_rep_member w ON w.community_id = s.community_id AND" \
	" w.member_id = s.member_id JOIN cop_rep_scope c ON" \
	" c.community_id = s.community_id AND c.tag = s.tag" \
	" GROUP BY 1, 2, 3, 4"
#define COP_SQL_REP_SUM_COLS \
	"INSERT INTO cop_rep_sum (who, scope, period, pstart, points) "
#define COP_SQL_REP_ADD_TO \
	" ON CONFLICT (who, scope, period, pstart) DO UPDATE SET" \
	" points = cop_rep_sum.points + excluded.points"
#define COP_SQL_REP_ADD_FROM(T) \
	COP_SQL_REP_KEYS_FROM(T, "cop_rep_member", "member_id") \
	COP_SQL_REP_KEYS_FROM(T, "cop_rep_scope", "tag") \
	COP_SQL_REP_SUM_COLS COP_SQL_REP_SUMS_FROM(T) " ORDER BY 1, 2, 3, 4" \
	COP_SQL_REP_ADD_TO
/*
 * The same with one store writer at a time (PostgreSQL's
 * cop_locking=store): the totals of the members who have none yet (a
 * new community's, all of them) by a plain insert, the others' added
 * as above.  ON CONFLICT's speculative insertion cost the beer
 * import's 38,160 new totals about 40% more than a plain insert
 * (EXPLAIN ANALYZE, issue 18).  Whether a member has a total is read
 * once per member, in this statement; no other writer can add one
 * before it ends.
 */
#define COP_SQL_REP_ADD_LOCKED_FROM(T) \
	COP_SQL_REP_KEYS_FROM(T, "cop_rep_member", "member_id") \
	COP_SQL_REP_KEYS_FROM(T, "cop_rep_scope", "tag") \
	"WITH a AS MATERIALIZED (" COP_SQL_REP_SUMS_FROM(T) ")," \
	" f AS MATERIALIZED (SELECT d.who FROM (SELECT DISTINCT who FROM a)" \
	" d WHERE NOT EXISTS (SELECT 1 FROM cop_rep_sum r WHERE" \
	" r.who = d.who))," \
	" n AS (" COP_SQL_REP_SUM_COLS "SELECT a.* FROM a JOIN f USING (who)" \
	" ORDER BY 1, 2, 3, 4) " \
	COP_SQL_REP_SUM_COLS "SELECT a.* FROM a WHERE NOT EXISTS (SELECT 1" \
	" FROM f WHERE f.who = a.who) ORDER BY 1, 2, 3, 4" COP_SQL_REP_ADD_TO

#endif
