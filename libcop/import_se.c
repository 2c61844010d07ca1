/*
 * import_se.c: importing Stack Exchange data dumps (libxml2's reader).
 *
 * The dump's files are read one after the other with xmlTextReader, one
 * <row/> at a time, so memory stays flat whatever their size: the
 * attributes of a row are read straight from the reader's current node
 * (no copy), a row is written and forgotten.  Order: Users, Posts (then
 * the accepted answers the questions named), Comments, PostHistory,
 * Votes, Badges, PostLinks, Tags.
 *
 * Every object made remembers the row it came from in cop_source
 * (community, kind, source id), so a second import of the same dump
 * finds each row already there and changes nothing.  Lookups of a
 * source id (a post's author, an answer's question, a vote's post) go
 * through a bounded cache in front of the store (a key found in one of
 * a few slots from its hash's).
 *
 * Members, threads, contributions, revisions, badges and links are
 * written through the backend directly (as their own modules do, with
 * the dump's authors, times and HTML bodies); votes and accepted answers
 * go through the recognition engine (its bulk, recognition/bulk.c, which
 * writes what cop_vote_cast() and cop_answer_accept() as the system
 * would, the store's clock set to the row's time) so scores, the ledger
 * and standings follow.  The whole import is one write transaction.  See
 * docs/import.md.
 *
 * This file runs an import: the community, the files in their order, the
 * helpers the rows share and the cache of source ids.  The rows are
 * mapped in import_se_rows.c, the files read in import_se_xml.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "import_se.h"

/* The backend's table of this feature (COP__FEATURE_GET). */
#define SOURCES(s, out) \
	COP__FEATURE_GET(s, out, sources, cop__sql_sources, "import-source")

/* ---- small helpers ------------------------------------------------------------- */

/* A malformed row: "FILE:LINE: reason". */
int cop__se_format(se *x, const char *fmt, const char *arg)
{
	char why[256];

	snprintf(why, sizeof(why), fmt, arg);
	return cop__error(x->s, COP_EFORMAT, "%s:%ld: %s", x->fname, x->line,
		why);
}

int cop__se_int(se *x, const char *v, const char *name, int64_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end || errno)
		return cop__se_format(x, "attribute %s is not an integer", name);
	*out = (int64_t)n;
	return COP_OK;
}

/* "2014-01-21T20:26:05.950" (UTC; seconds and fraction optional). */
/* The number of the @p n ASCII digits at @p p into *out; 0 when one is
 * not a digit. */
static int se_digits(const char *p, int n, int *out)
{
	int v = 0;

	for (; n > 0; n--, p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 1;
}

/* A dump's date: YYYY-MM-DD, then optionally T (or a blank) and hh:mm,
 * :ss, .fraction (to the millisecond), and Z; digits where digits are
 * (by hand: sscanf() was 2% of the import's instructions). */
int cop__se_date(se *x, const char *v, const char *name, cop_time *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, k;
	const char *p;

	if (!se_digits(v, 4, &y) || v[4] != '-' || !se_digits(v + 5, 2, &mo) ||
	    v[7] != '-' || !se_digits(v + 8, 2, &d))
		return cop__se_format(x, "attribute %s is not a date", name);
	p = v + 10;
	if (*p == 'T' || *p == ' ') {
		if (!se_digits(p + 1, 2, &h) || p[3] != ':' ||
		    !se_digits(p + 4, 2, &mi))
			return cop__se_format(x, "attribute %s is not a date", name);
		p += 6;
		if (*p == ':') {
			if (!se_digits(p + 1, 2, &sec))
				return cop__se_format(x, "attribute %s is not a date", name);
			p += 3;
			if (*p == '.') {
				for (p++, k = 0; *p >= '0' && *p <= '9'; p++, k++)
					if (k < 3)
						ms = ms * 10 + (*p - '0');
				for (; k < 3; k++)
					ms *= 10;
			}
		}
	}
	if (*p == 'Z')
		p++;
	if (*p || (*out = cop_time_utc(y, mo, d, h, mi, sec, ms)) < 0)
		return cop__se_format(x, "attribute %s is not a date", name);
	return COP_OK;
}

/* The byte length of the first @p max code points of valid UTF-8 @p v. */
size_t cop__se_prefix(const char *v, size_t max)
{
	size_t i = 0, n = 0;

	while (v[i] && n < max) {
		i++;
		while (((unsigned char)v[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	return i;
}

/* ---- source ids and the cache ------------------------------------------------------ */

/*
 * The cache is open addressing with linear probing over at most
 * SE_CACHE_PROBES slots from a key's home: a row this import put is
 * found again unless its whole run was full when it was put (then it
 * took its home slot over), where one slot per hash (as it was) lost
 * about one key in eight to a collision at 1x and one in four at 20
 * copies, each loss a read of the store when the key is asked for.
 */
static uint32_t se_slot_home(int kind, int64_t key)
{
	uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ULL + (uint64_t)kind;

	h ^= h >> 29;
	return (uint32_t)h & ((1u << SE_CACHE_BITS) - 1);
}

/* The slot holding (kind, key), or NULL. */
static se_slot *se_slot_find(se *x, int kind, int64_t key)
{
	uint32_t i = se_slot_home(kind, key), n;

	for (n = 0; n < SE_CACHE_PROBES; n++) {
		se_slot *sl = &x->cache[i];
		if (sl->kind == kind && sl->key == key)
			return sl;
		if (sl->kind == 0)
			return NULL;
		i = (i + 1) & ((1u << SE_CACHE_BITS) - 1);
	}
	return NULL;
}

/* The slot to keep (kind, key) in: its own, else the first empty one of
 * its run, else its home slot (the key there forgotten). */
static se_slot *se_slot_put(se *x, int kind, int64_t key)
{
	uint32_t home = se_slot_home(kind, key), i = home, n;

	for (n = 0; n < SE_CACHE_PROBES; n++) {
		se_slot *sl = &x->cache[i];
		if (sl->kind == 0 || (sl->kind == kind && sl->key == key))
			return sl;
		i = (i + 1) & ((1u << SE_CACHE_BITS) - 1);
	}
	return &x->cache[home];
}

void cop__se_remember(se *x, int kind, int64_t key, const cop_id *obj,
	const cop_id *thread, int pkind)
{
	se_slot *sl;

	/* Only what rows look up (authors, posts): the other kinds are
	 * asked for once each, by their own row. */
	if (kind != SRC_USER && kind != SRC_POST)
		return;
	sl = se_slot_put(x, kind, key);
	sl->tags = 0;
	sl->kind = kind;
	sl->pkind = pkind;
	sl->key = key;
	sl->obj = *obj;
	if (thread)
		sl->thread = *thread;
	else
		memset(&sl->thread, 0, sizeof(sl->thread));
}

/* ---- a fresh import's set of the rows it put --------------------------------------- */

/*
 * A set of keys for each kind (cop__keyset: a bit per key, in pages made
 * as keys reach them).  A dump's ids of one kind are dense from 1 up:
 * the beer dump takes 11 pages (88 KiB), its 20 copies (590k rows, each
 * copy's ids a million above the last) about 175 pages (1.4 MiB).  The
 * hash set of (kind, key) it replaced took 16 MiB there: the import's
 * peak memory went from 110 to 90 MiB (/usr/bin/time).
 */

/* Drop the sets: from now on the store answers. */
static void se_keys_drop(se *x)
{
	int k;

	for (k = 0; k <= SE_NKINDS; k++)
		cop__keyset_free(&x->keys[k]);
	x->fresh = 0;
}

/* Whether the sets answer for (kind, key): *in 1 when the row was put. */
static int se_keys_has(se *x, int kind, int64_t key, int *in)
{
	*in = 0;
	if (!x->fresh || kind < 1 || kind > SE_NKINDS ||
	    key < COP__KEYSET_MIN || key > COP__KEYSET_MAX)
		return 0;
	*in = cop__keyset_has(&x->keys[kind], key);
	return 1;
}

/* Add (kind, key) to the sets; a key they cannot hold drops them. */
static int se_keys_add(se *x, int kind, int64_t key)
{
	int rc = 1;

	if (!x->fresh)
		return COP_OK;
	if (kind >= 1 && kind <= SE_NKINDS) {
		x->keys[kind].pages = &x->keypages;
		rc = cop__keyset_add(&x->keys[kind], key);
	}
	if (rc < 0)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	if (rc > 0)
		se_keys_drop(x);
	return COP_OK;
}

/* ---- what votes need of a post ------------------------------------------------------- */

int cop__se_post_facts(se *x, int64_t key, const cop_id *author,
	const char *tags, int64_t question)
{
	se_slot *sl = se_slot_find(x, SRC_POST, key), *q;

	if (!sl)
		return COP_OK;
	if (tags) {
		char *t;
		if (cop__grow(x->s, &x->tags, x->ntags, &x->captags,
				sizeof(*x->tags), 256) != COP_OK)
			return COP_ENOMEM;
		if (!(t = cop_strdup(tags)))
			return cop__error(x->s, COP_ENOMEM, "out of memory");
		x->tags[x->ntags++] = t;
		sl->tags = (unsigned int)x->ntags;
	} else {
		if (!(q = se_slot_find(x, SRC_POST, question)))
			return COP_OK;
		sl->tags = q->tags;
	}
	if (author)
		sl->author = *author;
	else
		memset(&sl->author, 0, sizeof(sl->author));
	return COP_OK;
}

void cop__se_post_get(se *x, int64_t key, cop_id *author, const char **tags,
	int *known)
{
	se_slot *sl = se_slot_find(x, SRC_POST, key);

	*known = sl && sl->tags > 0;
	if (*known) {
		*author = sl->author;
		*tags = x->tags[sl->tags - 1];
	}
}

/* A source id's text, as snprintf("%" PRId64) writes it (into 24
 * bytes): an import writes one for each row it puts (snprintf() was
 * 0.4% of its instructions). */
static void se_key_text(int64_t key, char text[24])
{
	char tmp[24];
	uint64_t u = key < 0 ? 0 - (uint64_t)key : (uint64_t)key;
	int n = 0, i = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (key < 0)
		text[i++] = '-';
	while (n > 0)
		text[i++] = tmp[--n];
	text[i] = '\0';
}

/*
 * Find what source row (kind, key) became: *found 0 when it was never
 * imported.  For posts, @p thread and @p pkind (optional) receive the
 * thread and the contribution's kind (a question's post or an answer).
 */
int cop__se_lookup(se *x, int kind, int64_t key, cop_id *obj,
	cop_id *thread, int *pkind, int *found)
{
	const cop_backend_sources *m;
	cop_store *s = x->s;
	se_slot *sl = se_slot_find(x, kind, key);
	char text[24];
	int rc, in;

	*found = 0;
	if (sl) {
		*found = 1;
		*obj = sl->obj;
		if (thread)
			*thread = sl->thread;
		if (pkind)
			*pkind = sl->pkind;
		return COP_OK;
	}
	/* A fresh import knows what it put: no read for a row it did not. */
	if (se_keys_has(x, kind, key, &in) && !in)
		return COP_OK;
	se_key_text(key, text);
	if ((rc = SOURCES(s, &m)) != COP_OK)
		return rc;
	rc = m->source_get(s->be, &x->c.id, kind, text, obj);
	if (rc == COP_ENOTFOUND)
		return COP_OK;
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a source id");
	*found = 1;
	if (kind == SRC_POST) {
		cop_contribution_rec c;
		cop_key k;
		memset(&c, 0, sizeof(c));
		memset(&k, 0, sizeof(k));
		k.id = *obj;
		rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &k, &c);
		if (rc != COP_OK)
			return cop__be_error(s, rc, "reading an imported post");
		cop__se_remember(x, kind, key, obj, &c.thread_id, c.kind);
		if (thread)
			*thread = c.thread_id;
		if (pkind)
			*pkind = c.kind;
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	} else {
		cop__se_remember(x, kind, key, obj, NULL, -1);
	}
	return COP_OK;
}

/* Whether source row (kind, key) was imported before (counted unchanged). */
int cop__se_seen(se *x, int kind, int64_t key, int *found)
{
	cop_id obj;
	int rc = cop__se_lookup(x, kind, key, &obj, NULL, NULL, found);

	if (rc == COP_OK && *found)
		x->rep.unchanged++;
	return rc;
}

int cop__se_source_put(se *x, int kind, int64_t key, const cop_id *obj,
	const cop_id *thread, int pkind)
{
	const cop_backend_sources *m;
	cop_store *s = x->s;
	char text[24];
	int rc;

	se_key_text(key, text);
	if ((rc = SOURCES(s, &m)) != COP_OK)
		return rc;
	rc = m->source_insert(s->be, &x->c.id, kind, text, obj);
	if (rc != COP_OK)
		return cop__be_error(s, rc, "saving a source id");
	if ((rc = se_keys_add(x, kind, key)) != COP_OK)
		return rc;
	cop__se_remember(x, kind, key, obj, thread, pkind);
	x->changed = 1;
	return COP_OK;
}

/* The member an optional user id names (nil when absent or unknown). */
int cop__se_user(se *x, const char *v, cop_id *out)
{
	int64_t uid;
	int rc, found = 0;

	memset(out, 0, sizeof(*out));
	if (!v || !*v)
		return COP_OK;
	if ((rc = cop__se_int(x, v, "UserId", &uid)) != COP_OK ||
	    (rc = cop__se_lookup(x, SRC_USER, uid, out, NULL, NULL, &found)) != COP_OK)
		return rc;
	if (!found)
		memset(out, 0, sizeof(*out));
	return COP_OK;
}

int cop__se_day_seen(se *x, const cop_id *member, cop_time t, int *seen)
{
	int64_t day = t / 86400000 - (t % 86400000 < 0);
	uint64_t h = cop__hash_bytes(member->bytes, 16, (uint64_t)day), i;
	size_t pos = 0;
	int rc;

	*seen = 0;
	while (cop__htab_next(&x->daysh, h, &pos, &i))
		if (x->days[i].day == day &&
		    !memcmp(x->days[i].member.bytes, member->bytes, 16)) {
			*seen = 1;
			return COP_OK;
		}
	if ((rc = cop__grow(x->s, &x->days, x->ndays, &x->capdays,
			sizeof(*x->days), 4096)) != COP_OK)
		return rc;
	if (cop__htab_add(&x->daysh, h, x->ndays) != 0)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	x->days[x->ndays].member = *member;
	x->days[x->ndays].day = day;
	x->ndays++;
	return COP_OK;
}

/* ---- the handles taken ---------------------------------------------------------- */

/* Free the set of handles: the store answers from now on. */
static void se_handles_free(se *x)
{
	size_t i;

	for (i = 0; x->handles && i < x->nhandles; i++)
		cop_free(x->handles[i]);
	cop_free(x->handles);
	x->handles = NULL;
	x->nhandles = x->caphandles = 0;
	cop__htab_free(&x->handlesh);
}

/* Whether handle @p h is in the set (which is there). */
static int se_handle_in(const se *x, const char *h, uint64_t hash)
{
	size_t pos = 0;
	uint64_t i;

	while (cop__htab_next(&x->handlesh, hash, &pos, &i))
		if (!strcmp(x->handles[i], h))
			return 1;
	return 0;
}

int cop__se_handle_add(se *x, const char *h)
{
	uint64_t hash = cop__hash_str(h);
	char *c;
	int rc;

	if (!x->handles)
		return COP_OK;
	if (x->nhandles >= SE_KEYS_MAX) {
		/* Too many: the store answers from now on. */
		se_handles_free(x);
		return COP_OK;
	}
	if (se_handle_in(x, h, hash))
		return COP_OK;
	if ((rc = cop__grow(x->s, &x->handles, x->nhandles, &x->caphandles,
			sizeof(*x->handles), 1024)) != COP_OK)
		return rc;
	if (!(c = cop_strdup(h)))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	if (cop__htab_add(&x->handlesh, hash, x->nhandles) != 0) {
		cop_free(c);
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	}
	x->handles[x->nhandles++] = c;
	return COP_OK;
}

int cop__se_handle_taken(se *x, const char *h, int *taken)
{
	cop_member_rec other;
	cop_key k;
	int rc;

	*taken = 0;
	if (x->handles) {
		*taken = se_handle_in(x, h, cop__hash_str(h));
		return COP_OK;
	}
	memset(&k, 0, sizeof(k));
	memset(&other, 0, sizeof(other));
	k.name = h;
	rc = x->s->be->get(x->s->be, COP_REC_MEMBER, &k, &other);
	cop_rec_clear(COP_REC_MEMBER, &other);
	if (rc == COP_OK)
		*taken = 1;
	else if (rc != COP_ENOTFOUND)
		return cop__be_error(x->s, rc, "reading a member");
	return COP_OK;
}

int cop__se_handles_load(se *x)
{
	cop_store *s = x->s;
	cop_backend_iter *it = NULL;
	cop_member_rec m;
	cop_query q;
	char prefix[80], after[256], lower[256];
	size_t np, got = 1000, i;
	int rc = COP_OK, done = 0;

	if (!(x->handles = cop_mallocz(1024 * sizeof(*x->handles))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	x->caphandles = 1024;
	np = (size_t)snprintf(prefix, sizeof(prefix), "%s-", x->slug);
	snprintf(after, sizeof(after), "%s", prefix);
	/* Members by lower-case handle, from "SLUG-" to the first without. */
	while (rc == COP_OK && !done && got == 1000 && x->handles) {
		memset(&q, 0, sizeof(q));
		q.kind = COP_LIST_MEMBERS;
		q.has_after = 1;
		q.after_text = after;
		q.limit = 1000;
		if ((rc = s->be->list(s->be, &q, &it)) != COP_OK)
			return cop__be_error(s, rc, "listing members");
		got = 0;
		for (;;) {
			memset(&m, 0, sizeof(m));
			if ((rc = it->next(it, &m)) != COP_OK)
				break;
			got++;
			for (i = 0; m.handle && m.handle[i] && i + 1 < sizeof(lower); i++)
				lower[i] = (char)((m.handle[i] >= 'A' && m.handle[i] <= 'Z') ?
					m.handle[i] - 'A' + 'a' : m.handle[i]);
			lower[i] = '\0';
			if (!(it->flags & COP_BACKEND_ITER_BORROWED))
				cop_rec_clear(COP_REC_MEMBER, &m);
			if (strncmp(lower, prefix, np)) {
				done = 1;
				rc = COP_ITEROVER;
				break;
			}
			snprintf(after, sizeof(after), "%s", lower);
			if ((rc = cop__se_handle_add(x, lower)) != COP_OK)
				break;
		}
		it->free(it);
		if (rc == COP_ITEROVER)
			rc = COP_OK;
		else if (rc != COP_OK)
			return rc == COP_ENOMEM ? rc : cop__be_error(s, rc,
				"listing members");
	}
	return rc;
}

/* ---- the community -------------------------------------------------------------------- */

/* The folder's last component made into a slug. */
static void se_slug_of(const char *dir, char *out, size_t cap)
{
	const char *b = dir + strlen(dir);
	size_t n = 0;
	int dash = 1;

	while (b > dir && b[-1] == '/')
		b--;
	{
		const char *e = b;
		while (b > dir && b[-1] != '/')
			b--;
		for (; b < e && n + 1 < cap; b++) {
			unsigned char ch = (unsigned char)*b;
			if (ch >= 'A' && ch <= 'Z')
				ch = (unsigned char)(ch - 'A' + 'a');
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
				out[n++] = (char)ch;
				dash = 0;
			} else if (!dash) {
				out[n++] = '-';
				dash = 1;
			}
		}
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (n == 0)
		snprintf(out, cap, "imported");
}

static int se_community(se *x, const char *slug)
{
	cop_store *s = x->s;
	cop_recognition_config cfg;
	cop_key k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.name = slug;
	rc = s->be->get(s->be, COP_REC_COMMUNITY, &k, &x->c);
	if (rc == COP_ENOTFOUND) {
		cop_rec_clear(COP_REC_COMMUNITY, &x->c);
		if ((rc = cop_community_create(NULL, s, slug, slug, NULL, NULL,
				COP_VISIBILITY_PUBLIC)) != COP_OK)
			return rc;
		x->changed = 1;
		x->fresh = 1;
		x->keypages = SE_KEY_PAGES;
		rc = s->be->get(s->be, COP_REC_COMMUNITY, &k, &x->c);
	}
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading the community");
	/* Its history brings its own badges: no rule badges for it. */
	if ((rc = cop_recognition_config_lookup(&cfg, s, slug)) != COP_OK)
		return rc;
	if (cfg.rule_badges) {
		cfg.rule_badges = 0;
		if ((rc = cop_recognition_config_set(s, slug, &cfg)) != COP_OK)
			return rc;
		x->changed = 1;
	}
	return COP_OK;
}

int cop_import_stackexchange(cop_import_report *out, cop_store *s,
	const char *dir, const cop_import_options *opts)
{
	struct stat st;
	cop_time saved_now;
	size_t i;
	se x;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!dir || !*dir)
		return cop__error(s, COP_EINVAL, "dir is required");
	if ((rc = cop__import_check(s, opts)) != COP_OK)
		return rc;
	if (s->be->version < 2 || !s->be->rop)
		return cop__error(s, COP_ENOTSUP, "the %s backend has no "
			"recognition storage", s->be->name);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cop__error(s, COP_ENOTFOUND, "no folder %s", dir);
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.opts = opts;
	x.rep.version = COP_IMPORT_REPORT_VERSION;
	if (opts && opts->community)
		snprintf(x.slug, sizeof(x.slug), "%s", opts->community);
	else
		se_slug_of(dir, x.slug, sizeof(x.slug));
	if ((opts && opts->community && strlen(opts->community) >= sizeof(x.slug)) ||
	    (rc = cop__check_slug(s, x.slug)) != COP_OK)
		return cop__error(s, COP_EINVAL, "invalid community slug '%s'",
			opts && opts->community ? opts->community : x.slug);
	if (!(x.cache = cop_mallocz(sizeof(se_slot) << SE_CACHE_BITS)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	saved_now = s->fixed_now;
	if ((rc = cop__write_begin(s)) != COP_OK) {
		cop_free(x.cache);
		return rc;
	}
	/* A bulk load: the backend may send its writes together (COPY). */
	if (s->be->version >= 10 && s->be->bulk &&
	    (rc = s->be->bulk(s->be, 1)) != COP_OK)
		rc = cop__be_error(s, rc, "starting a bulk load");
	if (rc == COP_OK)
		rc = se_community(&x, x.slug);
	if (rc == COP_OK)
		rc = cop__se_handles_load(&x);
	/* The standings, scores and totals of the whole import in one
	 * bulk (recognition/bulk.c), written at its end: nothing else
	 * reads them until then (a thread with an accepted answer already
	 * goes through cop_answer_accept(), after cop__rec_bulk_sync()). */
	if (rc == COP_OK)
		rc = cop__rec_bulk_begin(s, &x.c.id, &x.bulk);
	for (i = 0; rc == COP_OK && i < SE_NFILES; i++) {
		int again = cop__se_files[i].row == cop__se_answers;

		/* Posts.xml's second pass only when the first left answers
		 * to it. */
		if (!again || x.deferx.n) {
			rc = cop__se_read(&x, dir, &cop__se_files[i]);
			if (rc == COP_OK && cop__se_files[i].end)
				rc = cop__se_files[i].end(&x);
			/* What the pass added to each thread, once per
			 * thread (none on failure: the import rolls back). */
			if (rc == COP_OK)
				rc = cop__se_threads_apply(&x);
		}
		/* Once every answer is in. */
		if (rc == COP_OK && again)
			rc = cop__se_accepts(&x);
	}
	rc = cop__rec_bulk_end(x.bulk, rc);
	x.bulk = NULL;
	rc = cop__import_end(s, rc, x.changed, &x.c.id, saved_now);
	cop_rec_clear(COP_REC_COMMUNITY, &x.c);
	cop_free(x.cache);
	cop_free(x.acc);
	cop__htab_free(&x.accx);
	cop__htab_free(&x.links);
	cop__htab_free(&x.deferx);
	cop_free(x.days);
	cop__htab_free(&x.daysh);
	se_keys_drop(&x);
	se_handles_free(&x);
	for (i = 0; i < x.ntags; i++)
		cop_free(x.tags[i]);
	cop_free(x.tags);
	cop__se_wikis_free(&x);
	cop__se_history_free(&x);
	cop__se_revisions_free(&x);
	cop__se_threads_free(&x);
	if (rc != COP_OK)
		return rc;
	if (out)
		*out = x.rep;
	return cop__ok(s);
}
