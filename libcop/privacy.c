/*
 * privacy.c: a member's own data: the communities' erasure policies, and
 * the erasure of a member (docs/privacy.md).  The export of everything
 * the store holds about one member is in privacy_export.c.
 *
 * Erasure is one write transaction.  In each community the member has
 * something in, the policy decides: "anonymize" keeps the contributions
 * under the erased profile, "remove" deletes them with what hangs on
 * them and then recounts the community's derived recognition data from
 * its facts.  Which contributions and threads go is decided here
 * (erase_doomed(), the one place of that rule); the backend reads the
 * community's threads and contributions for it and removes the ids it
 * is given (sys/backend.h, cop_backend_privacy).  Everywhere the
 * memberships end, the kudos messages the member wrote are replaced, and
 * the profile loses its personal data.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mail_int.h"
#include "privacy_self.h"

#define P_HANDLE_TRIES 8            /* placeholder handles tried */

/** The display name an erased member is shown under. */
#define P_ERASED_NAME "Erased member"
/** What the kudos messages an erased member wrote become. */
#define P_ERASED_KUDOS "(erased)"

static const char *const policy_names[] = { "anonymize", "remove" };
COP__ENUM_NAMES(cop_erasure_policy, cop_erasure_policy, policy_names)

/* ---- small helpers ------------------------------------------------------------ */

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

/* The backend's table of this feature (COP__FEATURE_GET). */
#define PRIVACY(s, out) \
	COP__FEATURE_GET(s, out, privacy, cop__sql_privacy, "member data")

/* The member @p text names, if the actor is that member or the system
 * (privacy_self.h). */
int cop__member_self(cop_store *s, const char *text, cop_member_rec *rec,
	const char *what)
{
	const cop_id *actor = cop__actor(s);
	cop_key key;
	int by_id, rc;

	memset(rec, 0, sizeof(*rec));
	if (!text || !*text)
		return cop__error(s, COP_EINVAL, "member is %s",
			text ? "empty" : "NULL");
	memset(&key, 0, sizeof(key));
	by_id = cop_id_parse(&key.id, text) == COP_OK;
	if (!by_id) {
		if ((rc = cop__check_handle(s, text)) != COP_OK)
			return cop__error(s, COP_EINVAL, "member '%.64s' is neither "
				"an id nor a handle", text);
		key.name = text;
	}
	rc = s->be->get(s->be, COP_REC_MEMBER, &key, rec);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "member");
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a member");
	cop__actor_seen(s, rec);   /* the actor's own: not read again */
	/* Someone else's data: refused, and a member the actor may not see
	 * as one that is not there. */
	if (actor && !same_id(actor, &rec->id))
		return (rc = cop__member_seen(s, &rec->id)) != COP_OK ? rc :
			cop__error(s, COP_EPERM, "only the member themself or "
			"the system may %s a member's data", what);
	return COP_OK;
}

/* ---- policies ---------------------------------------------------------------------- */

/* The policy of community @p cid (anonymize when none is set). */
static int policy_read(cop_store *s, const cop_backend_privacy *t,
	const cop_id *cid, cop_erasure_policy *out)
{
	int pol = 0, rc;

	*out = COP_ERASE_ANONYMIZE;
	rc = t->policy_get(s->be, cid, &pol);
	if (rc == COP_ENOTFOUND)
		return COP_OK;
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading an erasure policy");
	if (pol == COP_ERASE_REMOVE)
		*out = COP_ERASE_REMOVE;
	return COP_OK;
}

int cop_community_set_erasure(cop_store *s, const char *community,
	cop_erasure_policy policy)
{
	const cop_backend_privacy *t;
	cop_community_rec c;
	cop__access acc;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (policy != COP_ERASE_ANONYMIZE && policy != COP_ERASE_REMOVE)
		return cop__error(s, COP_EINVAL, "invalid erasure policy %d",
			(int)policy);
	if ((rc = PRIVACY(s, &t)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators, owners and the "
			"system set the erasure policy");
	if (rc == COP_OK && (rc = t->policy_put(s->be, &c.id, (int)policy))
			!= COP_OK)
		rc = cop__be_error(s, rc, "writing an erasure policy");
	if (rc == COP_OK)
		rc = cop__log(s, "community.erasure", &c.id, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__write_done(s, rc);
}

int cop_community_erasure_lookup(cop_erasure_policy *out, cop_store *s,
	const char *community)
{
	const cop_backend_privacy *t;
	cop_community_rec c;
	cop_erasure_policy pol = COP_ERASE_ANONYMIZE;
	int rc;

	if (out)
		*out = COP_ERASE_ANONYMIZE;
	if ((rc = cop__check_out(s, out != NULL)) != COP_OK ||
	    (rc = PRIVACY(s, &t)) != COP_OK)
		return rc;
	if ((rc = cop__community_resolve(s, community, &c, NULL)) != COP_OK)
		return rc;
	rc = policy_read(s, t, &c.id, &pol);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc != COP_OK)
		return rc;
	*out = pol;
	return cop__ok(s);
}
COP__ALIAS(cop_community_erasure, cop_community_erasure_lookup);

/* ---- erasure --------------------------------------------------------------------------- */

/*
 * The erasure cascade, policy "remove": what goes of community @p cid's
 * @p n nodes (erase_graph()) when member @p mid is erased.  The doomed
 * threads are those the member opened.  The doomed contributions are the
 * member's, every contribution of a doomed thread, and, transitively,
 * the replies to and translations of doomed contributions in the same
 * thread.  Their ids go to *contribs and *threads (cop_free()), their
 * numbers to *nc and *nt.
 */

/* An edge from a contribution (parent) to one answering or translating
 * it (child, an index of the nodes). */
typedef struct erase_edge {
	cop_id parent;
	size_t child;
} erase_edge;

static int id_cmp(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, 16);
}

static int edge_cmp(const void *a, const void *b)
{
	return id_cmp(&((const erase_edge *)a)->parent,
		&((const erase_edge *)b)->parent);
}

static int cid_cmp(const void *a, const void *b)
{
	return id_cmp(a, b);
}

/* The first edge whose parent is @p id (or @p n when none). */
static size_t edge_first(const erase_edge *e, size_t n, const cop_id *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (id_cmp(&e[mid].parent, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && id_cmp(&e[lo].parent, id) == 0 ? lo : n;
}

static int erase_doomed(cop_store *s, const cop_erase_node *nodes, size_t n,
	const cop_id *mid, cop_id **contribs, size_t *nc, cop_id **threads,
	size_t *nt)
{
	erase_edge *edge = NULL;
	unsigned char *doomed = NULL;
	size_t *queue = NULL, ne = 0, qn = 0, i, j;

	*contribs = *threads = NULL;
	*nc = *nt = 0;
	if (n == 0)
		return COP_OK;
	edge = cop_malloc(2 * n * sizeof(*edge));
	doomed = cop_mallocz(n);
	queue = cop_malloc(n * sizeof(*queue));
	*contribs = cop_malloc(n * sizeof(**contribs));
	*threads = cop_malloc(n * sizeof(**threads));
	if (!edge || !doomed || !queue || !*contribs || !*threads) {
		cop_free(edge);
		cop_free(doomed);
		cop_free(queue);
		cop_free(*contribs);
		cop_free(*threads);
		*contribs = *threads = NULL;
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		const cop_erase_node *e = &nodes[i];
		if (same_id(&e->thread_author_id, mid) && !cop_id_is_nil(mid))
			(*threads)[(*nt)++] = e->thread_id;
		if (cop_id_is_nil(&e->id))
			continue;
		if (!cop_id_is_nil(&e->reply_to)) {
			edge[ne].parent = e->reply_to;
			edge[ne++].child = i;
		}
		if (!cop_id_is_nil(&e->translation_of)) {
			edge[ne].parent = e->translation_of;
			edge[ne++].child = i;
		}
		if (same_id(&e->author_id, mid) ||
		    same_id(&e->thread_author_id, mid)) {
			doomed[i] = 1;
			queue[qn++] = i;
		}
	}
	/* Replies and translations of doomed contributions, breadth first;
	 * each node enters the queue once. */
	qsort(edge, ne, sizeof(*edge), edge_cmp);
	for (i = 0; i < qn; i++) {
		const cop_erase_node *d = &nodes[queue[i]];
		for (j = edge_first(edge, ne, &d->id); j < ne &&
				same_id(&edge[j].parent, &d->id); j++) {
			size_t c = edge[j].child;
			if (!doomed[c] && same_id(&nodes[c].thread_id, &d->thread_id)) {
				doomed[c] = 1;
				queue[qn++] = c;
			}
		}
	}
	for (i = 0; i < qn; i++)
		(*contribs)[(*nc)++] = nodes[queue[i]].id;
	/* A thread opened by the member appears once per node. */
	qsort(*threads, *nt, sizeof(**threads), cid_cmp);
	for (i = j = 0; i < *nt; i++)
		if (j == 0 || !same_id(&(*threads)[j - 1], &(*threads)[i]))
			(*threads)[j++] = (*threads)[i];
	*nt = j;
	cop_free(edge);
	cop_free(doomed);
	cop_free(queue);
	return COP_OK;
}

/* Policy "remove" in one community: *removed receives how many
 * contributions went. */
static int erase_remove(cop_store *s, const cop_backend_privacy *t,
	const cop_id *cid, const cop_id *mid, int64_t *removed)
{
	cop_erase_node *nodes = NULL;
	cop_id *contribs = NULL, *threads = NULL;
	size_t n = 0, nc = 0, nt = 0;
	int rc;

	*removed = 0;
	if ((rc = t->erase_graph(s->be, cid, mid, &nodes, &n)) != COP_OK)
		return cop__be_error(s, rc, "reading contributions to remove");
	rc = erase_doomed(s, nodes, n, mid, &contribs, &nc, &threads, &nt);
	cop_free(nodes);
	/* Nothing of the member's to remove: nothing changes. */
	if (rc == COP_OK && nc > 0) {
		*removed = (int64_t)nc;
		rc = t->erase_remove(s->be, cid, contribs, nc, threads, nt);
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, "removing contributions");
	}
	cop_free(contribs);
	cop_free(threads);
	if (rc != COP_OK || nc == 0)
		return rc;
	return cop__recognition_recount(s, cid);
}

/* The profile without its personal data, under a fresh placeholder
 * handle ("erased-" and 8 hex digits, more when those are taken). */
static int erase_profile(cop_store *s, const cop_member_rec *m)
{
	static const char hex[] = "0123456789abcdef";
	cop_member_rec u;
	char handle[64];
	cop_id rnd;
	int tries, i, len, rc = COP_EEXISTS;

	u = *m;
	u.display_name = (char *)P_ERASED_NAME;
	u.organisation = NULL;
	u.languages = NULL;
	u.status = COP_MEMBER_DELETED;
	for (tries = 0; tries < P_HANDLE_TRIES && rc == COP_EEXISTS; tries++) {
		if ((rc = cop__id_new(s, &rnd)) != COP_OK)
			return rc;
		/* The id's last bytes are random; later tries take more. */
		len = tries < P_HANDLE_TRIES / 2 ? 4 : 8;
		memcpy(handle, "erased-", 7);
		for (i = 0; i < len; i++) {
			handle[7 + 2 * i] = hex[rnd.bytes[16 - len + i] >> 4];
			handle[8 + 2 * i] = hex[rnd.bytes[16 - len + i] & 15];
		}
		handle[7 + 2 * len] = '\0';
		u.handle = handle;
		rc = s->be->update(s->be, COP_REC_MEMBER, &u);
	}
	if (rc == COP_EEXISTS)
		return cop__error(s, rc, "no free placeholder handle");
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "erasing a profile");
}

/* The notes of the hours @p member gave (funding.h) become "": free
 * text in their words, like a kudos message; the hours stay, as votes
 * do, under the erased profile.  A backend older than interface version 7
 * or with an export table older than version 2 keeps them. */
static int erase_hours_notes(cop_store *s, const cop_id *member)
{
	const cop_backend_export *x = COP__FEATURE(s, export, cop__sql_export);
	int rc;

	if (s->be->version < 7 || !x || x->version < 2)
		return COP_OK;
	if ((rc = x->hours_erase(s->be, member, "")) != COP_OK)
		return cop__be_error(s, rc, "erasing the notes of hours given");
	return COP_OK;
}

int cop_member_erase(cop_store *s, const char *member)
{
	const cop_backend_privacy *t;
	cop_member_rec m;
	cop_id *ids = NULL;
	size_t n = 0, i;
	int rc, self;

	if (!s)
		return COP_EINVAL;
	if ((rc = PRIVACY(s, &t)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__member_self(s, member, &m, "erase");
	if (rc == COP_OK && m.status == COP_MEMBER_DELETED)
		rc = cop__error(s, COP_EINVAL, "member %.64s is already erased",
			member);
	if (rc == COP_OK &&
	    (rc = t->member_communities(s->be, &m.id, &ids, &n)) != COP_OK)
		rc = cop__be_error(s, rc, "listing a member's communities");
	for (i = 0; i < n && rc == COP_OK; i++) {
		cop_erasure_policy pol;
		int64_t removed = 0;
		rc = policy_read(s, t, &ids[i], &pol);
		if (rc == COP_OK && pol == COP_ERASE_REMOVE)
			rc = erase_remove(s, t, &ids[i], &m.id, &removed);
		if (rc == COP_OK && removed > 0)
			rc = cop__log(s, "member.erase", &m.id, &ids[i]);
	}
	if (rc == COP_OK &&
	    (rc = t->kudos_erase(s->be, &m.id, P_ERASED_KUDOS)) != COP_OK)
		rc = cop__be_error(s, rc, "erasing kudos");
	if (rc == COP_OK && (rc = t->member_leave(s->be, &m.id)) != COP_OK)
		rc = cop__be_error(s, rc, "ending memberships");
	if (rc == COP_OK)   /* their follows and feed (notify.h) */
		rc = cop__notify_forget(s, &m.id);
	if (rc == COP_OK)   /* the notes of the hours they gave */
		rc = erase_hours_notes(s, &m.id);
	if (rc == COP_OK)   /* their mail addresses (mail.h) */
		rc = cop__mail_forget(s, &m.id);
	if (rc == COP_OK)
		rc = erase_profile(s, &m);
	if (rc == COP_OK)
		rc = cop__log(s, "member.erase", &m.id, NULL);
	cop_free(ids);
	/* Erasing oneself: the actor was read not erased at the start
	 * (cop__member_self()), so the end does not refuse the erasure;
	 * every write of theirs after it is refused. */
	self = rc == COP_OK && s->has_actor && same_id(&s->actor, &m.id);
	cop_rec_clear(COP_REC_MEMBER, &m);
	rc = cop__write_done(s, rc);
	if (rc == COP_OK && self)
		s->actor_erased = 1;
	return rc;
}

