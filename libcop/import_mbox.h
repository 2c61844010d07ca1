/*
 * import_mbox.h: what the mbox importer's files share (not installed).
 * import_mbox.c runs an import (the files parsed once with GMime's mbox
 * parser, the members, the rows written), import_mbox_jwz.c threads the
 * messages by the JWZ algorithm.  See docs/mail-archives.md.
 */
#ifndef COP_IMPORT_MBOX_H
#define COP_IMPORT_MBOX_H

#include <stdio.h>

#include "internal.h"

/* What became of a message read. */
enum {
	MB_NEW = 0,     /* imported now */
	MB_OLD = 1,     /* imported before (its Message-ID is known) */
	MB_DUP = 2,     /* its Message-ID came earlier in the input */
	MB_SKIP = 3     /* no sender address or no date: left out */
};

/* A message of the input, in input order. */
typedef struct mb_msg {
	const char *id;         /* Message-ID, no angle brackets (arena) */
	const char *subject;    /* decoded, "" when none (arena) */
	int32_t author;         /* index into the authors, -1: none */
	int32_t box;            /* its container */
	int32_t thread;         /* index into the threads (MB_NEW) */
	int state;
	cop_time date;
	cop_id contrib;         /* the contribution it becomes, or became */
	cop_id reply_to;        /* nil: a reply to the thread */
	uint32_t body_len;      /* MB_NEW: its body's bytes in the spool */
	int html;               /* the body is text/html */
} mb_msg;

/* A JWZ container: a Message-ID seen (as a message or a reference), or
 * an empty container made while grouping by subject. */
typedef struct mb_box {
	const char *key;        /* NULL for a made container */
	int32_t msg;            /* -1: empty */
	int32_t parent;         /* -1: a root */
	int32_t nchild;         /* counted when needed */
	int32_t root;           /* its thread's root (after threading) */
	int32_t first;          /* grouping by subject: the message whose
	                           subject an empty root has, -1: none */
	int known;              /* an empty box whose message was imported
	                           before: contrib is what it became */
	cop_id contrib;
} mb_box;

/* A thread of the input. */
typedef struct mb_thread {
	int32_t first;          /* its first post (a message), -1: none new */
	cop_id id;
	int exists;             /* a thread of the store already */
	int written;
} mb_thread;

/* An author: one per distinct address. */
typedef struct mb_author {
	const char *addr;       /* lower-cased (arena) */
	cop_id member;
	int resolved;
} mb_author;

typedef struct mb_chunk mb_chunk;

typedef struct mb {
	cop_store *s;
	cop_import_report rep;
	const cop_import_options *opts;
	cop_community_rec c;
	mb_msg *msg;
	size_t nmsg, capmsg;
	mb_box *box;
	size_t nbox, capbox;
	cop__htab hash;         /* Message-ID's hash -> box */
	cop__htab ahash;        /* address's hash -> author */
	mb_author *author;
	size_t nauthor, capauthor;
	mb_thread *thread;
	size_t nthread, capthread;
	mb_chunk *arena;
	int changed;
	const char *fname;      /* the file being read, for messages */
	FILE *spool;            /* the new messages' bodies, in input order */
} mb;

/* ---- import_mbox.c ------------------------------------------------------------- */

/* A copy of @p v (@p n bytes) kept until the import ends; NULL when out
 * of memory. */
char *cop__mb_strndup(mb *x, const char *v, size_t n);

/* ---- import_mbox_jwz.c --------------------------------------------------------- */

/* The container of Message-ID @p id (made when new) into *out. */
int cop__mb_box(mb *x, const char *id, int32_t *out);
/* Link message @p m (its box set) under the references @p refs, oldest
 * first (JWZ step 1). */
void cop__mb_link(mb *x, int32_t m, const int32_t *refs, size_t nrefs);
/* Thread what was linked: prune, group the roots by subject, and give
 * each new message its thread, first posts and reply_to (after each box
 * whose message is missing was looked up: known, contrib). */
int cop__mb_thread(mb *x);
/* The subject with its "Re:", "Fwd:" and "[list]" prefixes left out:
 * *n receives its length. */
const char *cop__mb_base_subject(const char *subject, size_t *n, int *re);

#endif
