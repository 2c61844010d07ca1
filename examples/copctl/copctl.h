/*
 * copctl: libcop's example command-line tool.
 * copctl.h: what copctl.c (commands) and demo.c (the demo) share.
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

/** One run of copctl. */
struct copctl {
	cop_store *store;     /**< the open store (NULL for help, --version) */
	const char *db;       /**< the store's URI */
	const char *as;       /**< --as HANDLE, or NULL for the system */
	int json;             /**< --json: print JSON on stdout */
};

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

/** A JSON string, or JSON null for NULL. */
json_t *copctl_json_str(const char *s);

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

/** A community as a JSON object. */
json_t *copctl_community_json(const cop_community *c);

/** A thread as a JSON object. */
json_t *copctl_thread_json(const cop_thread *t);

/**
 * The handle of member @p member_id, or "system" for NULL; falls back to
 * the id when the member cannot be read.  The string is valid until the
 * next call (a small cache inside copctl.c).
 */
const char *copctl_handle_of(struct copctl *ctl, const char *member_id);

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
