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
 * (SQLite 7 to 12, PostgreSQL 6 to 11): the funding ledger, digests,
 * notifications, who made each revision, events, the facilitator's
 * queue and thread summaries; each defined by its
 * COP_SQL_..._STEPS below in the backend's schema.c. */
#define COP_SQL_STEPS_V7 \
	schema_fund_step, \
	schema_digest, \
	schema_notify, \
	schema_editor_step, \
	schema_events_step, \
	schema_fac_step

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
		"UPDATE cop_thread SET replied = 1 WHERE EXISTS (SELECT 1 FROM" \
		" cop_contribution c WHERE c.thread_id = cop_thread.id AND" \
		" " COP_SQL_Q_OTHER("c.author_id", "cop_thread.author_id") ");\n" \
		"UPDATE cop_thread SET has_answer = 1 WHERE EXISTS (SELECT 1 FROM" \
		" cop_contribution c WHERE c.thread_id = cop_thread.id AND" \
		" c.kind = 2 AND " COP_SQL_Q_OTHER("c.author_id", \
		"cop_thread.author_id") ");\n" \
		COP_SQL_FACILITATION_INDEXES
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
/* Mail, shared by incoming mail and the mailing-list archive import:
 * members' addresses (the whole address lower-cased, one member each)
 * and the messages already taken in, by Message-ID without its angle
 * brackets (docs/mail.md). */
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
/* Define a backend's mail step (schema_mailin_step: members' addresses
 * and the messages taken in), the same for a new store, with its types
 * TYPES: one step after main's last, at whatever number it is given.
 * The store's mail secret lives in cop_meta (key 'mail_secret'). */
#define COP_SQL_MAILIN_STEPS(TYPES) \
	static const char schema_mailin_step[] = \
		COP_SQL_SCHEMA(COP_SQL_SCHEMA_MAIL_BASE, TYPES)
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

#endif
