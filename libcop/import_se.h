/*
 * import_se.h: what the Stack Exchange dump importer's files share: the
 * import's state, the files of a dump and the rows' helpers.  Not
 * installed.  import_se.c runs an import (the community, the order of
 * the files, the helpers and the cache of source ids), import_se_rows.c
 * maps each file's rows to records, import_se_xml.c reads a file with
 * libxml2's reader.  See docs/import.md.
 */
#ifndef COP_IMPORT_SE_H
#define COP_IMPORT_SE_H

#include <libxml/xmlreader.h>

#include "internal.h"

#define SE_CACHE_BITS 18            /* 262144 slots of 72 bytes, 18 MiB */
#define SE_CACHE_PROBES 16          /* slots a key may be found in */
#define SE_PROGRESS_EVERY 1024      /* rows between progress reports */
#define SE_NAME_MAX 200             /* display names, in code points */
#define SE_COMMENT_MAX 500          /* revision comments, in code points */
#define SE_BADGE_NAME_MAX 100       /* badge names, in bytes */
#define SE_MAX_ATTRS 12
#define SE_REVS_BYTES (8u << 20)    /* body revisions held, 8 MiB */

/* What cop_source remembers (its kind column). */
enum {
	SRC_USER = 1,       /* Users.Id -> member */
	SRC_POST = 2,       /* Posts.Id -> contribution (question or answer) */
	SRC_COMMENT = 3,    /* Comments.Id -> contribution */
	SRC_HISTORY = 4,    /* PostHistory.Id -> contribution revised */
	SRC_VOTE = 5,       /* Votes.Id -> contribution voted on */
	SRC_BADGE = 6,      /* Badges.Id -> badge */
	SRC_LINK = 7,       /* PostLinks.Id -> thread linked */
	SRC_ACCEPT = 8      /* Posts.Id of a question -> accepted answer */
};

typedef struct se_slot {
	int64_t key;
	int kind;           /* 0: empty */
	int pkind;          /* a post's contribution kind; -1: not a post */
	cop_id obj, thread;
	cop_id author;      /* a post's author (nil: none), when tags > 0 */
	unsigned int tags;  /* a post's thread's tags: x->tags[tags - 1]; 0:
	                       not known (read the post and thread) */
} se_slot;

#define SE_KEYS_MAX (1u << 22)      /* handles a fresh import keeps */
#define SE_NKINDS 8                 /* the kinds above */
#define SE_KEY_PAGES 2048           /* pages of source keys (16 MiB) */

/* A member's day of activity the import counted. */
typedef struct se_day {
	cop_id member;
	int64_t day;                         /* days since the epoch */
} se_day;

/* A pending accepted answer (question's id, answer's id), and when the
 * answer was made and by whom when this import made it. */
typedef struct se_accept {
	int64_t question, answer;
	cop_time created;
	cop_id author;      /* nil: none */
	int known;          /* created and author are known: the import made
	                       the answer */
} se_accept;

/* What one file's pass added to a thread: contributions, and the
 * latest time among them. */
typedef struct se_add {
	cop_id thread;
	int64_t n;
	cop_time last;
} se_add;

typedef struct se se;

/* One file's rows: the attributes wanted, by name. */
typedef struct se_file {
	const char *base;                    /* "Posts" */
	int required;                        /* the import needs the file */
	const char *const *attrs;            /* NULL-terminated */
	int (*row)(se *x, const char **v);
	int (*end)(se *x);                   /* after the last row, or NULL */
} se_file;

struct se {
	cop_store *s;
	cop_import_report rep;
	const cop_import_options *opts;
	cop_community_rec c;
	char slug[65];
	se_slot *cache;
	se_accept *acc;
	size_t nacc, capacc;
	cop__htab accx;                      /* answer's id -> index in acc */
	cop__htab deferx;                    /* the ids of the answers read
	                                        before their question
	                                        (se_posts_any()), each -> 0;
	                                        deferx.n: how many */
	cop__rec_bulk *bulk;                 /* the import's recognition (votes,
	                                        accepts), or NULL */
	se_day *days;                        /* the days counted */
	size_t ndays, capdays;
	cop__htab daysh;                     /* (member, day) -> index in days */
	/* When the import made the community (fresh): every source row it
	 * put, a set of keys for each kind, so a row never imported needs
	 * no read of the store; past SE_KEY_PAGES pages of them (or a key
	 * a set cannot hold) the sets are dropped and the store is read. */
	int fresh;
	cop__keyset keys[SE_NKINDS + 1];     /* by kind */
	cop__htab links;                     /* a fresh import's links, by the
	                                        hash of (thread, target) ->
	                                        0: a pair not there was never
	                                        linked */
	size_t keypages;                     /* pages they may still make */
	char **tags;                         /* the threads' tags, by number */
	size_t ntags, captags;
	/* The tag wiki posts of Posts.xml (PostTypeId 4 and 5), for
	 * Tags.xml's rows (import_se_tags.c). */
	struct se_wiki *wikis;
	size_t nwikis, capwikis;
	cop__htab wikix;                     /* post id -> index in wikis */
	/* A fresh import's tags as they were at Tags.xml's first row (one
	 * listing, not a read per row), by the hash of their names; each
	 * handed out once (its record then zeroed, tagused 1). */
	cop_tag_rec *tagrecs;
	unsigned char *tagused;
	size_t ntagrecs;
	cop__htab tagx;                      /* hash of a name -> index */
	cop__htab tagputx;                   /* hash of each name put since,
	                                        -> 0 */
	int tagsread;                        /* 1: read */
	/* The threads this import made (up to SE_HIST_MAX), with the last
	 * title and tags their history got in it (import_se_history.c): the
	 * value before a change needs no read of the store. */
	struct se_hist *hist;
	size_t nhist, caphist;
	cop__htab histx;                     /* hash of the thread -> index */
	/* The last body revision of each post PostHistory.xml revised, held
	 * until the post's next body row says who replaced it, so each is
	 * written once, complete (import_se_rows.c); all written at the
	 * file's end, or when they hold more than SE_REVS_BYTES. */
	struct se_rev *revs;
	size_t nrevs, caprevs, revbytes;
	cop__htab revx;                      /* hash of the post -> index */
	/* The contributions this file's pass added to each thread, applied
	 * once per thread at the pass's end (cop__se_threads_apply(), the
	 * backend's thread_add) instead of one update per contribution.
	 * Through a table older than version 5, or once thread_add has
	 * answered COP_ENOTSUP (noadd 1), each contribution bumps its
	 * thread (thread_bump) and nothing is held. */
	se_add *adds;
	size_t nadds, capadds;
	cop__htab addx;                      /* hash of the thread -> index */
	int noadd;
	/* The handles taken that start with "SLUG-" (lower case), a set read
	 * in one listing, so a new member's handle needs no read; NULL when
	 * there were too many (the store answers). */
	char **handles;                      /* lower case, cop_malloc'd */
	size_t nhandles, caphandles;
	cop__htab handlesh;                  /* hash -> index in handles */
	/* The file being read (import_se_xml.c): its name, the line of
	 * the row being written, its size for the progress reports. */
	char fname[64];                      /* "Posts.xml.gz" */
	long line;
	uint64_t total;
	int changed;
};

/* ---- import_se.c: helpers and the cache of source ids ---------------------------- */

/* A malformed row: "FILE:LINE: reason". */
int cop__se_format(se *x, const char *fmt, const char *arg);
/* An integer attribute (@p name, for messages). */
int cop__se_int(se *x, const char *v, const char *name, int64_t *out);
/* "2014-01-21T20:26:05.950" (UTC; seconds and fraction optional). */
int cop__se_date(se *x, const char *v, const char *name, cop_time *out);
/* The byte length of the first @p max code points of valid UTF-8 @p v. */
size_t cop__se_prefix(const char *v, size_t max);
/* Remember in the cache that source row (kind, key) is @p obj (a post:
 * its thread and kind). */
void cop__se_remember(se *x, int kind, int64_t key, const cop_id *obj,
	const cop_id *thread, int pkind);
/* What source row (kind, key) became: *found 0 when never imported;
 * for posts @p thread and @p pkind (optional) too. */
int cop__se_lookup(se *x, int kind, int64_t key, cop_id *obj,
	cop_id *thread, int *pkind, int *found);
/* Whether source row (kind, key) was imported before (counted unchanged). */
int cop__se_seen(se *x, int kind, int64_t key, int *found);
/* Record that source row (kind, key) became @p obj. */
int cop__se_source_put(se *x, int kind, int64_t key, const cop_id *obj,
	const cop_id *thread, int pkind);
/* Remember post @p key's author and its thread's @p tags (a copy; NULL:
 * those of question post @p question, when known) for its votes. */
int cop__se_post_facts(se *x, int64_t key, const cop_id *author,
	const char *tags, int64_t question);
/* Post @p key's author and thread's tags (borrowed) when remembered:
 * *known 1, else 0. */
void cop__se_post_get(se *x, int64_t key, cop_id *author, const char **tags,
	int *known);
/* The member an optional user id names (nil when absent or unknown). */
int cop__se_user(se *x, const char *v, cop_id *out);
/* Read the handles taken that start with "SLUG-" into x->handles. */
int cop__se_handles_load(se *x);
/* Whether handle @p h (lower case) is taken: *taken 1 or 0. */
int cop__se_handle_taken(se *x, const char *h, int *taken);
/* Remember that the import gave handle @p h (lower case). */
int cop__se_handle_add(se *x, const char *h);
/* Whether the import counted @p member's day of @p t already (*seen 1),
 * else remember it (*seen 0). */
int cop__se_day_seen(se *x, const cop_id *member, cop_time t, int *seen);

/* ---- import_se_tags.c: the community's tags --------------------------------------- */

/* Keep tag wiki post @p id (an excerpt or a body) of time @p created. */
int cop__se_wiki_post(se *x, int64_t id, cop_time created, const char *body);
/* Free the tag wiki posts and the tags kept. */
void cop__se_wikis_free(se *x);
/* Tags.xml's attributes and rows: each row a tag, with its wiki's texts. */
extern const char *const cop__se_tags_attrs[];
int cop__se_tagrows(se *x, const char **v);

/* ---- import_se_rows.c: the files and their rows ---------------------------------- */

/* The files, in the order they are read (Posts.xml twice). */
#define SE_NFILES 9
extern const se_file cop__se_files[SE_NFILES];
/* The row function of the second pass over Posts.xml (the answers). */
int cop__se_answers(se *x, const char **v);

/* ---- import_se_accepts.c ---------------------------------------------------------- */

/* The accepted answers the questions named, after the answers. */
int cop__se_accepts(se *x);

/* Free the body revisions held and not written (a failed import). */
void cop__se_revisions_free(se *x);

/* Write what this file's pass added to each thread (its count and last
 * activity), once per thread, and hold nothing. */
int cop__se_threads_apply(se *x);
/* Free what is held for the threads, unwritten (a failed import). */
void cop__se_threads_free(se *x);

/* "<beer><ale>" or "|beer|ale|" (attribute @p name) -> "beer ale",
 * normalised, into *out (cop_malloc'd). */
int cop__se_tags(se *x, const char *v, const char *name, char **out);

/* ---- import_se_history.c: a thread's history ------------------------------------- */

/* The cop_thread_change_kind of PostHistory type @p type, or -1 when it
 * is not a thread's history. */
int cop__se_history_kind(int64_t type);
/* PostHistory row @p v (Id @p id, of type @p type, about post @p pid,
 * made at @p created), a thread's history: an entry of the thread's
 * history (the row's user, time and comment), unless imported before. */
int cop__se_thread_history(se *x, const char **v, int64_t id, int64_t type,
	int64_t pid, cop_time created);
/* Remember that the import made thread @p thread: its history is what
 * the import writes from now on (no effect beyond SE_HIST_MAX threads,
 * or out of memory: the store is read then). */
void cop__se_history_new(se *x, const cop_id *thread);
/* Free what cop__se_history_new() and the history rows kept. */
void cop__se_history_free(se *x);

/* ---- import_se_xml.c: reading a file --------------------------------------------- */

/* Read file @p f of the dump in @p dir, row by row (COP_OK when an
 * optional file is missing). */
int cop__se_read(se *x, const char *dir, const se_file *f);

#endif
