/*
 * copctl: libcop's example command-line tool.
 * copctl.h: what the dispatcher (copctl.c), the output helpers (output.c)
 * and the command files (cmd_*.c, demo.c) share: the parsed command line,
 * the command table's row, each file's part of the table, and the helpers.
 *
 * copctl uses only the public API (<cop/cop.h>) and jansson for JSON.
 */
#ifndef COPCTL_H
#define COPCTL_H

#include <cop/cop.h>
#include <jansson.h>

/** Exit statuses. */
#define COPCTL_EXIT_OK     0
#define COPCTL_EXIT_FAIL   1   /**< the library refused or failed */
#define COPCTL_EXIT_USAGE  2   /**< bad command line */
#define COPCTL_EXIT_REFUSED 3  /**< mail ingest: the message was refused */
#define COPCTL_EXIT_DROPPED 4  /**< mail ingest: an auto-reply or bounce,
                                    dropped */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/** One run of copctl. */
struct copctl {
	cop_store *store;     /**< the open store (NULL for help, --version) */
	const char *db;       /**< the store's URI */
	const char *as;       /**< --as HANDLE, or NULL for the system (or,
	                           with --anonymous, the anonymous viewer) */
	int anonymous;        /**< --anonymous: act as the anonymous viewer */
	int json;             /**< --json: print JSON on stdout */
	int durable;          /**< --durable: open with COP_OPEN_DURABLE */
};

/* ------------------------------------------------------------------ */
/* The command line                                                    */
/* ------------------------------------------------------------------ */

/** Every option copctl knows (their names: option_defs in copctl.c). */
enum opt_id {
	OPT_DB, OPT_AS, OPT_JSON, OPT_HELP, OPT_VERSION,  /* global */
	OPT_NAME, OPT_ORG, OPT_LANG, OPT_LIMIT, OPT_AFTER, OPT_PURPOSE,
	OPT_VISIBILITY, OPT_MEMBER, OPT_HOURS, OPT_TITLE, OPT_KIND, OPT_TAGS,
	OPT_BODY, OPT_TO, OPT_TRANSLATION_OF, OPT_COMMENT, OPT_COMMUNITY,
	OPT_PERIOD, OPT_TAG, OPT_REPAIR, OPT_MESSAGE, OPT_FOR, OPT_UNDO,
	OPT_QUIET, OPT_UNTIL, OPT_REASON, OPT_DURABLE,
	OPT_DATE, OPT_COUNTERPARTY, OPT_NOTE, OPT_EVENT, OPT_AT,
	OPT_WINDOW_MONTHS, OPT_MONTH, OPT_BY,
	OPT_SINCE, OPT_FORMAT, OPT_MARK_SENT,
	OPT_LEVEL, OPT_UNREAD, OPT_ALL,
	OPT_START, OPT_END, OPT_TZ, OPT_PLACE, OPT_URL, OPT_CAPACITY, OPT_PAST,
	OPT_ABSENT, OPT_DOMAIN,
	OPT_FROM,
	OPT_SENDMAIL,
	OPT_EXCERPT, OPT_WIKI, OPT_ANONYMOUS,
	OPT__COUNT
};

/** A set of options, a bit each (more than 32 of them). */
typedef unsigned long long opt_set;

/** The bit of option @p id in a command's `opts`. */
#define O(id) ((opt_set)1 << (id))
/** The options of a paged listing. */
#define OPTS_PAGE   (O(OPT_LIMIT) | O(OPT_AFTER))

#define MAX_POSITIONAL 16

/** The parsed command line of one command. */
struct args {
	const char *opt[OPT__COUNT];      /**< value, "" for flags, NULL if absent */
	const char *pos[MAX_POSITIONAL];  /**< the positional arguments */
	int npos;
};

/** How a command opens the store. */
enum open_mode {
	OPEN_NONE,       /**< help, version: no store */
	OPEN_CREATE,     /**< init, demo: create the database when missing */
	OPEN_EXISTING    /**< every other command: the database must exist */
};

/**
 * Run a command: the store is open as its row asks and the actor is set
 * from --as; the arguments are checked against the row.
 * @return an exit status (COPCTL_EXIT_*)
 */
typedef int (*command_fn)(struct copctl *ctl, const struct args *a);

/** One command: a row of the command table. */
struct command {
	const char *name;         /**< the command word; NULL ends a table */
	const char *sub;          /**< subcommand, or NULL */
	opt_set opts;             /**< allowed options besides the global ones */
	int min_pos, max_pos;     /**< positional arguments */
	enum open_mode open;
	command_fn run;
	const char *usage;        /**< arguments, after the command words */
	const char *summary;
};

/** The row that ends each part of the command table. */
#define COPCTL_COMMANDS_END \
	{ NULL, NULL, 0, 0, 0, OPEN_NONE, NULL, NULL, NULL }

/*
 * The command table, one part per file, each ending with
 * COPCTL_COMMANDS_END.  A new command is a row in its file's part; a new
 * file's part is added to command_tables (and a new command word to
 * help_order) in copctl.c.
 */
extern const struct command copctl_store_commands[];       /* cmd_store.c */
extern const struct command copctl_member_commands[];      /* cmd_member.c */
extern const struct command copctl_community_commands[];   /* cmd_community.c */
extern const struct command copctl_thread_commands[];      /* cmd_thread.c */
extern const struct command copctl_thread_history_commands[]; /* cmd_thread_history.c */
extern const struct command copctl_interop_commands[];     /* cmd_interop.c */
extern const struct command copctl_import_commands[];      /* cmd_import.c */
extern const struct command copctl_recognition_commands[]; /* cmd_recognition.c */
extern const struct command copctl_flag_commands[];        /* cmd_flag.c */
extern const struct command copctl_moderation_commands[];  /* cmd_moderation.c */
extern const struct command copctl_funding_commands[];     /* cmd_funding.c */
extern const struct command copctl_digest_commands[];      /* cmd_digest.c */
extern const struct command copctl_notify_commands[];      /* cmd_notify.c */
extern const struct command copctl_consent_commands[];     /* cmd_consent.c */
extern const struct command copctl_event_commands[];       /* cmd_event.c */
extern const struct command copctl_facilitation_commands[];  /* cmd_facilitation.c */
extern const struct command copctl_report_score_commands[];  /* cmd_report_score.c */
extern const struct command copctl_health_commands[];      /* cmd_health.c */
extern const struct command copctl_mail_commands[];        /* cmd_mail.c */
extern const struct command copctl_tag_commands[];         /* cmd_tag.c */
extern const struct command copctl_demo_commands[];        /* demo.c */

/* ------------------------------------------------------------------ */
/* Reading a command's arguments (copctl.c)                            */
/* ------------------------------------------------------------------ */

/**
 * Parse option @p id (named @p name in the message), an unsigned integer
 * up to @p max, into *out; *out is left alone when the option is absent.
 * @return COPCTL_EXIT_OK, or COPCTL_EXIT_USAGE (with a message on stderr)
 */
int copctl_opt_uint(const struct args *a, enum opt_id id, const char *name,
	unsigned long max, unsigned long *out);

/**
 * Parse date option @p id (named @p name in the message), "YYYY-MM-DD"
 * or "YYYY-MM-DD HH:MM" (UTC), into *out; 0 when the option is absent.
 * @return COPCTL_EXIT_OK, or COPCTL_EXIT_USAGE (with a message on stderr)
 */
int copctl_opt_date(const struct args *a, enum opt_id id, const char *name,
	cop_time *out);

/**
 * Fill a keyset page from --limit and --after; page->after borrows the
 * argument's text.
 * @return COPCTL_EXIT_OK, or COPCTL_EXIT_USAGE for a bad --limit
 */
int copctl_page_from_args(cop_page *page, const struct args *a);

/**
 * The member id of @p handle into @p id (COP_ID_TEXT_LEN + 1 bytes).
 * @return COPCTL_EXIT_OK, or COPCTL_EXIT_FAIL (reported, with the handle
 *         as context) when the member cannot be read, e.g. there is none
 */
int copctl_member_id_of(struct copctl *ctl, const char *handle, char *id);

/**
 * The body of a contribution: --body, or all of standard input.  *owned
 * receives what the caller must free() (NULL when the body is --body's
 * text).
 * @return COPCTL_EXIT_OK, or COPCTL_EXIT_FAIL (reported) when standard
 *         input cannot be read or memory runs out
 */
int copctl_read_body(const struct args *a, const char **body, char **owned);

/* ------------------------------------------------------------------ */
/* Output (output.c)                                                   */
/* ------------------------------------------------------------------ */

/**
 * Report a library failure: "copctl: [CONTEXT: ]MESSAGE" on stderr, where
 * MESSAGE is cop_errmsg() of the store (or cop_strerror(@p rc) when the
 * store has none).  Call it right after the failing call, before any other
 * call on the store.
 * @return COPCTL_EXIT_FAIL
 */
int copctl_fail(struct copctl *ctl, int rc, const char *context);

/** Report a usage error: "copctl: MESSAGE" on stderr.  @return COPCTL_EXIT_USAGE */
int copctl_usage_error(const char *message, const char *arg);

/**
 * Print @p value on stdout as indented JSON and release it (a NULL value,
 * from a failed jansson allocation, is reported as an error).
 * @return COPCTL_EXIT_OK or COPCTL_EXIT_FAIL
 */
int copctl_print_json(json_t *value);
/** The same with real numbers to 15 significant digits, so that decimal
 *  amounts (3349.99, 2.03) print as written, not as their nearest
 *  binary value (3349.9899999999998). */
int copctl_print_json_decimal(json_t *value);

/** What a command did: "OBJECT WHAT" as a line of text, or
 *  {"object": OBJECT, "done": WHAT} with --json.  @return an exit status. */
int copctl_done(struct copctl *ctl, const char *what, const char *object);

/** A JSON string, or JSON null for NULL. */
json_t *copctl_json_str(const char *s);

/** @p name, an enum's name as a cop_*_name() function gave it, or
 *  "unknown(N)" when it gave NULL (a value this copctl does not know, read
 *  from a store); the text lives until the fourth call after. */
const char *copctl_enum(const char *name, int value);
/** COPCTL_ENUM(role, r): cop_role_name(r), never NULL. */
#define COPCTL_ENUM(e, v) copctl_enum(cop_##e##_name(v), (int)(v))

/**
 * Text output from here on escapes control characters: stored text may
 * hold ESC, BEL, CR, ... that would drive the user's terminal, so C0
 * controls other than tab and newline and DEL are written as \xHH, the C1
 * range (U+0080-U+009F) as \uHHHH.  stdout is replaced by a filter over
 * it until copctl_text_output_end(), which flushes it and gives its
 * status (0 or -1).  JSON output needs none: jansson escapes them.
 */
int copctl_text_output_begin(void);
int copctl_text_output_end(void);

/** A time as "YYYY-MM-DDTHH:MM:SS.mmmZ" JSON string; null for 0. */
json_t *copctl_json_time(cop_time t);

/** Format a time as "YYYY-MM-DD HH:MM" (UTC) into @p buf (at least 32 bytes); "-" for 0. */
const char *copctl_time_text(char *buf, size_t size, cop_time t);

/**
 * Parse "YYYY-MM-DD HH:MM" (UTC) into milliseconds.
 * @return 0, or -1 when malformed.
 */
int copctl_time_parse(cop_time *out, const char *text);

/** The store's counts as one JSON object of integers. */
json_t *copctl_stats_json(const cop_stats *st);

/** Print the counts as aligned text lines, each prefixed by @p indent. */
void copctl_stats_print(const cop_stats *st, const char *indent);

/**
 * The handle of member @p member_id, or "system" for NULL; falls back to
 * the id when the member cannot be read.  The string is valid until the
 * next call (a small cache inside output.c).
 */
const char *copctl_handle_of(struct copctl *ctl, const char *member_id);

/** A member's handle as JSON, null for NULL (the system). */
json_t *copctl_who_json(struct copctl *ctl, const char *member_id);

/** Print notification @p x on one line (cmd_notify.c; the demo's too). */
void copctl_notification_print(struct copctl *ctl, const cop_notification *x);

/** Print @p text with every line indented by @p indent. */
void copctl_print_indented(const char *text, const char *indent);

/**
 * Close a listing of @p count items read with @p page: in JSON, set "next"
 * in @p obj (the cursor, or null when the page was not full) and print
 * @p obj (which this call releases); in text, print "next: CURSOR" when
 * the page was full.
 * @return an exit status
 */
int copctl_listing_end(struct copctl *ctl, json_t *obj, const cop_page *page,
	unsigned int count, const char *cursor);

/**
 * Define `static int NAME(struct copctl *ctl, PREFIX_iter *it, json_t
 * *obj, const char *key, const cop_page *page)`: print every item of
 * @p it, in JSON as {KEY: [JSON(ctl, item), ...], "next": ...} (into
 * @p obj, which the call takes, when not NULL), in text PRINT(ctl, item)
 * each; then end the listing (copctl_listing_end()) and free @p it and
 * the items (T_free()).  Returns an exit status.
 */
#define COPCTL_LISTING_FN(NAME, PREFIX, T, JSON, PRINT) \
	static int NAME(struct copctl *ctl, PREFIX##_iter *it, json_t *obj_, \
		const char *key, const cop_page *page) \
	{ \
		json_t *list_ = NULL; \
		unsigned int count_ = 0; \
		T *x_ = NULL; \
		int rc_; \
		if (ctl->json) { \
			if (!obj_) \
				obj_ = json_object(); \
			list_ = json_array(); \
			json_object_set_new(obj_, key, list_); \
		} \
		while ((rc_ = PREFIX##_iter_next(&x_, it)) == COP_OK) { \
			count_++; \
			if (ctl->json) \
				json_array_append_new(list_, JSON(ctl, x_)); \
			else \
				PRINT(ctl, x_); \
			T##_free(x_); \
		} \
		if (rc_ != COP_ITEROVER) { \
			json_decref(obj_); \
			rc_ = copctl_fail(ctl, rc_, NULL); \
		} else { \
			rc_ = copctl_listing_end(ctl, obj_, page, count_, \
				PREFIX##_iter_cursor(it)); \
		} \
		PREFIX##_iter_free(it); \
		return rc_; \
	}

/* ------------------------------------------------------------------ */
/* Objects as JSON, shared between command files                       */
/* Each returns a new reference (NULL when jansson runs out of memory). */
/* ------------------------------------------------------------------ */

/** Currency @p i of a funding report as a JSON object: balance,
 *  burn_per_month, runway_months, pledged_outstanding (major units),
 *  burn_months (cmd_funding.c). */
json_t *copctl_fund_currency_json(const cop_fund_report *r, size_t i);
/** The same as a line of text on stdout (cmd_funding.c). */
void copctl_fund_currency_print(const cop_fund_report *r, size_t i);

/** A community as a JSON object (cmd_community.c). */
json_t *copctl_community_json(const cop_community *c);
/** A membership as a JSON object (cmd_community.c). */
json_t *copctl_membership_json(const cop_membership *ms);

/** A thread as a JSON object (cmd_thread.c). */
json_t *copctl_thread_json(const cop_thread *t);

/** A contribution as a JSON object, with its author's handle (cmd_thread.c). */
json_t *copctl_contribution_json(struct copctl *ctl, const cop_contribution *c);
/** The end of a command that wrote contribution @p c: the contribution
 *  in JSON, else @p line (cmd_thread.c).  Frees @p c. */
int copctl_contribution_done(struct copctl *ctl, cop_contribution *c,
	const char *line);

/**
 * A page of @p community's facilitator's queue (cmd_facilitation.c): each
 * item appended to @p list as JSON, or printed as a line (starting with
 * copctl_queue_indent) when @p list is NULL; *count receives how many,
 * @p cursor (may be NULL) the cursor after the last ("" for none).
 */
int copctl_queue_items(struct copctl *ctl, const char *community,
	const cop_page *page, json_t *list, unsigned int *count, char *cursor,
	size_t cursor_size);
/** What copctl_queue_items()'s lines start with ("" by default). */
extern const char *copctl_queue_indent;

/** A kudos as a JSON object, with the handles of both members (cmd_recognition.c). */
json_t *copctl_kudos_json(struct copctl *ctl, const cop_kudos *k);

/* ------------------------------------------------------------------ */
/* Commands with a function of their own                               */
/* ------------------------------------------------------------------ */

/**
 * `copctl demo`: build the KSGhana community of practice in the store
 * and print what was built.
 * @return an exit status
 */
int copctl_demo(struct copctl *ctl);

/**
 * `copctl import stackexchange DIR [--community SLUG] [--quiet]`: import
 * a Stack Exchange dump (cmd_import.c), drawing a progress bar on stderr
 * when it is a terminal (not with @p quiet), then print what was
 * imported and each kind skipped.
 * @return an exit status
 */
int copctl_import_stackexchange(struct copctl *ctl, const char *dir,
	const char *community, int quiet);

#endif
