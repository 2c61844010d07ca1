/** @file
 * store.h: opening and closing a store, who is acting, the clock, batches,
 * ids.  A store is used by one thread at a time (libcop takes no lock on
 * it); different stores may be used in different threads at once
 * (docs/architecture.md, "Threads").
 */
#ifndef COP_STORE_H
#define COP_STORE_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/**
 * Open the store read-only: every mutation fails with COP_EREADONLY.  An
 * SQLite store on read-only media or in a folder the process cannot
 * write opens too: its file is read as immutable (no -shm, no locks),
 * so a writer elsewhere is not seen, and a WAL still holding commits is
 * COP_EREADONLY.  Without this flag such a store is COP_EREADONLY.
 */
#define COP_OPEN_READONLY  0x1u
/** Do not create the database when it does not exist (COP_ENOTFOUND). */
#define COP_OPEN_NOCREATE  0x2u
/**
 * Every commit reported done survives a power loss or an operating
 * system crash, at the price of a disk sync per commit.  Without it a
 * commit survives the process being killed, but an SQLite store (WAL,
 * synchronous=NORMAL) may lose its last commits on power loss.  SQLite:
 * synchronous=FULL; PostgreSQL: synchronous_commit=on for the session,
 * whatever the server's default (the server must still run with fsync
 * on).  See docs/architecture.md, "Durability".
 */
#define COP_OPEN_DURABLE   0x4u
/**
 * Act as the system (no restrictions: every object, every write) from the
 * start, as cop_store_act_as_system() does.  Without it a store opens
 * acting as the anonymous viewer, who sees only public content and may
 * not write (cop_store_set_actor()).  For an administrator's tool, an
 * import, a mail gateway: what an application shows its users is opened
 * without it and acts as each user (docs/privacy.md, "The default
 * viewer").
 */
#define COP_OPEN_SYSTEM    0x8u

/** Options for cop_open(). */
typedef struct cop_open_options {
	unsigned int version;      /**< COP_OPEN_OPTIONS_VERSION */
	unsigned int flags;        /**< COP_OPEN_* bits */
	int busy_timeout_ms;       /**< how long to wait for a lock; 0: 5000 */
} cop_open_options;

#define COP_OPEN_OPTIONS_VERSION 1  /**< The version of cop_open_options this header knows. */
/** A cop_open_options with its version set and the defaults. */
#define COP_OPEN_OPTIONS_INIT { COP_OPEN_OPTIONS_VERSION, 0, 0 }

/** The library's version string, e.g. "0.1.0".  Static. */
COP_EXTERN(const char *) cop_version(void);

/**
 * Open (and create and migrate, unless COP_OPEN_NOCREATE or
 * COP_OPEN_READONLY) a store.
 *
 * @param out   receives the store, owned by the caller; free it with
 *              cop_close().  Set to NULL on failure.
 * @param uri   "PATH", "sqlite:PATH", ":memory:" (a private in-memory
 *              database), or "SCHEME:..." for a registered backend
 *              (e.g. "postgresql://...").
 * @param opts  NULL for defaults.
 * @return COP_OK; COP_EINVAL (NULL or empty uri, bad options version),
 *         COP_ENOTSUP (unknown scheme), COP_ENOTFOUND (missing database
 *         with COP_OPEN_NOCREATE), COP_EIO, COP_ECORRUPT (not a libcop
 *         database), COP_EVERSION (schema newer than this library),
 *         COP_EREADONLY (read-write, on read-only media or in a folder
 *         it cannot write), COP_ENOMEM.  The message is in cop_errmsg(NULL).
 */
COP_EXTERN(cop_status) cop_open(cop_store **out, const char *uri,
	const cop_open_options *opts);

/**
 * Close a store and free it.  An open batch is rolled back.  NULL is
 * harmless.  Objects obtained from the store must be freed before.
 * @return COP_OK, or COP_EIO if the backend reported an error while closing
 *         (the store is freed anyway).
 */
COP_EXTERN(cop_status) cop_close(cop_store *store);

/**
 * Who a store acts as (cop_store_actor_kind()): the anonymous viewer,
 * what a visitor who is not signed in sees (public content only, and no
 * write: a store's default); a member (cop_store_actor() gives the id);
 * or the system, with no restrictions.  Named "anonymous", "member",
 * "system" by cop_actor_kind_name() (NULL for an unknown value), which
 * cop_actor_kind_parse() reads back (COP_OK or COP_EINVAL).
 */
typedef enum cop_actor_kind {
	COP_ACTOR_ANONYMOUS = 0, COP_ACTOR_MEMBER = 1, COP_ACTOR_SYSTEM = 2
} cop_actor_kind;
COP_EXTERN(const char *) cop_actor_kind_name(cop_actor_kind k);  /**< The static name of a cop_actor_kind value, as above; NULL for an unknown one. */
COP_EXTERN(cop_status) cop_actor_kind_parse(cop_actor_kind *out,
	const char *name);  /**< Parse a cop_actor_kind name, as above: COP_OK or COP_EINVAL. */

/**
 * Act as a member from now on: every later call is checked against and
 * recorded as this member.  NULL acts as the anonymous viewer, as a
 * store opened without COP_OPEN_SYSTEM does: it sees what someone who is
 * no member sees of public communities only (their shown threads and
 * contributions, listings, counts, search, members), sees nothing of a
 * private or invite-only community (refused as missing: COP_ENOTFOUND,
 * as an unknown id), and every write is refused (COP_EPERM for an
 * object it sees, COP_ENOTFOUND for one it does not).  NULL never acts
 * as the system: that is cop_store_act_as_system().  An erased member
 * may be acted as, and reads as a member of no community; every write
 * as them is refused (COP_EPERM; docs/privacy.md).
 * @param member_id  text id of an existing member, or NULL.
 * @return COP_OK, COP_EINVAL (malformed id), COP_ENOTFOUND (no such
 *         member; the actor does not change then).
 */
COP_EXTERN(cop_status) cop_store_set_actor(cop_store *store,
	const char *member_id);

/**
 * Act as the system from now on: no restrictions, every object is seen
 * and every write allowed (checks of the data itself still apply).
 * What an administrator's tool, an import or a mail gateway does; an
 * application acting for its users sets each user with
 * cop_store_set_actor() instead.
 * @return COP_OK, or COP_EINVAL (NULL store).
 */
COP_EXTERN(cop_status) cop_store_act_as_system(cop_store *store);

/**
 * Who the store acts as: a member, the system or the anonymous viewer.
 * A NULL store is COP_ACTOR_ANONYMOUS.
 */
COP_EXTERN(cop_actor_kind) cop_store_actor_kind(const cop_store *store);

/**
 * The text id of the member the store acts as, or NULL for the system
 * and for the anonymous viewer (cop_store_actor_kind() tells which).
 * Owned by the store; valid until the next cop_store_set_actor().
 */
COP_EXTERN(const char *) cop_store_actor(const cop_store *store);

/**
 * Set the store's clock.  @p now > 0 fixes the time every later operation
 * records (for tests and imports); 0 goes back to the system clock.
 * @return COP_OK or COP_EINVAL (negative time).
 */
COP_EXTERN(cop_status) cop_store_set_time(cop_store *store, cop_time now);

/** The time the store records for an operation made now (UTC ms). */
COP_EXTERN(cop_time) cop_store_now(cop_store *store);

/**
 * Begin a batch: the following mutations share one transaction until
 * cop_batch_commit() or cop_batch_rollback().  A failing mutation inside a
 * batch is undone by itself and the batch goes on.
 * @return COP_OK, COP_EBUSY (a batch is already open), COP_EREADONLY, COP_EIO.
 */
COP_EXTERN(cop_status) cop_batch_begin(cop_store *store);

/**
 * Commit the open batch.
 * @return COP_OK, COP_EINVAL (no batch open), COP_EBUSY, COP_EIO.  On
 *         failure the batch is rolled back.
 */
COP_EXTERN(cop_status) cop_batch_commit(cop_store *store);

/**
 * Roll the open batch back: nothing done since cop_batch_begin() remains.
 * @return COP_OK, COP_EINVAL (no batch open), COP_EIO.
 */
COP_EXTERN(cop_status) cop_batch_rollback(cop_store *store);

/** The name of the backend the store runs on ("sqlite", "postgresql"). */
COP_EXTERN(const char *) cop_store_backend_name(const cop_store *store);

/**
 * Parse an id from its 36-character text form (case-insensitive).
 * @return COP_OK or COP_EINVAL (NULL or malformed text).
 */
COP_EXTERN(cop_status) cop_id_parse(cop_id *out, const char *text);

/**
 * Format an id as 36 lowercase hex-and-dash characters plus NUL into
 * @p out, which must hold COP_ID_TEXT_LEN + 1 bytes.
 */
COP_EXTERN(void) cop_id_format(char *out, const cop_id *id);

/** 1 if @p id is the nil (all-zero) id, else 0 (a value, not a status). */
COP_EXTERN(int) cop_id_is_nil(const cop_id *id);

/** The creation time (UTC ms) encoded in an id made by libcop. */
COP_EXTERN(cop_time) cop_id_time(const cop_id *id);

/**
 * The time (UTC milliseconds since 1970-01-01, as every cop_time) of a
 * civil date and time in UTC, proleptic Gregorian calendar.
 * @return the time, or -1 when a field is out of range: year 1970-9999,
 *         month 1-12, day 1 to the month's length, hour 0-23, minute
 *         0-59, second 0-60 (a leap second counts as the next one),
 *         millisecond 0-999.
 */
COP_EXTERN(cop_time) cop_time_utc(int year, int month, int day, int hour,
	int minute, int second, int millisecond);

COP_END_DECL

#endif
