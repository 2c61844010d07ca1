/*
 * matrix.h: the permission matrix's world (check_permission_matrix.c;
 * docs/privacy.md, "Refused as missing"):
 * the objects of every scope, every kind of actor, and the rule of
 * libcop/visibility.h restated (sees(), sees_member()) so that the
 * library is checked against it rather than against itself.
 *
 * The world is tu_world_make()'s (testutil.h), and in it, made by
 * matrix_setup():
 *
 *   - gail (left every community), erin (erased) and sue (suspended
 *     store-wide), each with a membership of the three communities
 *     first;
 *   - the objects of each scope of enum scope: a public, a private and
 *     an invite-only community, a hidden thread, a hidden contribution
 *     (both in the public community), each with a question by mia, an
 *     answer by cora, an event, a pledge in the funding ledger and a
 *     facilitator's flag on the answer (the hidden contribution's scope
 *     shares the public question, and its answer is the one hidden).
 *
 * The actors are enum actor's: the system, the owner, a facilitator, a
 * core member, a member, a silenced member, a member suspended
 * store-wide, a banned member, a member who left, an erased member, an
 * outsider, and the anonymous viewer (a store's default: it sees what an
 * outsider sees, and writes nothing).
 */
#ifndef COP_TEST_MATRIX_H
#define COP_TEST_MATRIX_H

#include "testutil.h"

/* ---- the objects -------------------------------------------------------- */

/* The kinds of object a path names. */
enum kind { K_COMMUNITY, K_THREAD, K_CONTRIB, K_EVENT, K_FUND, K_FLAG,
	K_REPLY_TO, K_TRANSLATION_OF };

/* The scopes, each a set of objects of every kind. */
enum scope { S_PUB, S_PRIV, S_INV, S_HIDDEN_THREAD, S_HIDDEN_CONTRIB,
	NSCOPES };

extern const char *const scope_names[NSCOPES];

/* One scope's objects: its community, a question thread (hidden in
 * S_HIDDEN_THREAD), an answer in it by cora (hidden in S_HIDDEN_CONTRIB),
 * an event, a pledge in the funding ledger, a flag on the answer. */
typedef struct objects {
	tu_idbuf community, thread, post, contrib, event, fund, flag;
} objects;

/* An id no object has. */
extern const char unknown_id[];

extern tu_world W;
extern objects O[NSCOPES];
extern tu_idbuf gone, erased, suspended;  /* left, erased, suspended */
extern int null_fd;                       /* /dev/null, for writers */

/* ---- the actors --------------------------------------------------------- */

enum actor { A_SYSTEM, A_OWNER, A_FACIL, A_CORE, A_MEMBER, A_SILENCED,
	A_SUSPENDED, A_BANNED, A_GONE, A_ERASED, A_OUTSIDER, A_ANONYMOUS,
	NACTORS };

extern const char *const actor_names[NACTORS];

/* The id an actor acts as; NULL for the system; "" for the anonymous
 * viewer. */
const char *actor_id(int a);
/* Act as @p a. */
void act(cop_store *s, int a);
/* Whether actor @p a sees the community of scope @p sc. */
int sees_community(int a, int sc);
/* Whether actor @p a moderates the communities (active facilitators and
 * owners, and the system). */
int moderates(int a);
/* Whether actor @p a sees the object of kind @p k of scope @p sc, for a
 * path that is (@p asks) or not a request to join. */
int sees(int a, int sc, int k, int asks);

/* The world's event (the scopes' events are made with it). */
cop_event_spec event_spec(void);

/* The fixture: the world above on a new store; the store dropped. */
void matrix_setup(void);
void matrix_teardown(void);

/* Run @p tests (@p n of them) as the suite @p name, each on a new world
 * (matrix_setup()): tu_run()'s exit status. */
int matrix_run(const char *name, const TTest *const *tests, size_t n);

/* ---- members ------------------------------------------------------------ */

/* The members of the store, for the paths and listings naming members:
 * the world's, gail (left every community), erin (erased), sue
 * (suspended store-wide), and four made by members_make(): pia, only in
 * the private community, and ivy, only in the invite-only one; rex, who
 * asked to join the invite-only community, and ina, invited to the
 * private one: seen by those who moderate them (and themselves). */
enum target { T_OLGA, T_FRED, T_CORA, T_MIA, T_OTTO, T_BEN, T_SID, T_GAIL,
	T_ERIN, T_SUE, T_PIA, T_IVY, T_REX, T_INA, NTARGETS };

extern tu_idbuf pia, ivy, rex, ina;

const char *target_id(int t);
/* Pia, ivy, rex and ina, as the system. */
void members_make(cop_store *s);
/* Whether actor @p a sees member @p t, by the rule restated. */
int sees_member(int a, int t);

/* ---- what listings contain ---------------------------------------------- */

/* An object a listing may yield, and whether the actor sees it (how many
 * times the listing must yield it: 0 or 1). */
typedef struct want {
	const char *id;
	int seen;
} want;

#define MAXGOT 64
typedef char got_ids[MAXGOT][40];

/* Every id of @p got (@p n of them) one of @p w the actor sees, and
 * every one the actor sees among them: the number of failures, each
 * printed (@p what names the listing). */
int contents(const char *what, int a, got_ids got, size_t n,
	const want *w, size_t nw);

/* Into @p w, for each scope of community @p cid, its object at @p field
 * (offsetof(objects, ...)) and whether actor @p a sees it as an object
 * of kind @p k: their number. */
size_t scope_wants(want *w, int a, const char *cid, size_t field, int k);

/* The ids a listing yields into got, their number into n; a listing
 * refused (the actor may not list there) yields none. */
#define COLLECT(IT, EL, call, idfn) do { IT *it_ = NULL; EL *x_ = NULL; \
	n = 0; if ((call) == COP_OK) while (n < MAXGOT && \
	IT##_next(&x_, it_) == COP_OK) { snprintf(got[n++], \
	sizeof(got[0]), "%s", idfn(x_)); EL##_free(x_); } \
	IT##_free(it_); } while (0)

#endif
