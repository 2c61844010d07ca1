/*
 * privacy.c: a member's own data: the communities' erasure policies, and
 * the erasure of a member (docs/privacy.md).  The export of everything
 * the store holds about one member is in privacy_export.c.
 *
 * Erasure is one write transaction.  In each community the member has
 * something in, the policy decides: "anonymize" keeps the contributions
 * under the erased profile, "remove" deletes them with what hangs on
 * them (the COP_ROP_P_RM_* operations, in order) and then recounts the
 * community's derived recognition data from its facts.  Everywhere the
 * memberships end, the kudos messages the member wrote are replaced, and
 * the profile loses its personal data.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
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

#define has_rop(s) cop__has_rop((s), "recognition")
#define rop_run cop__rop_run
#define rop_rows cop__rop_rows
#define rop_next cop__rop_next

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
	if (by_id && actor && !same_id(actor, &key.id))
		return cop__error(s, COP_EPERM, "only the member themself or the "
			"system may %s a member's data", what);
	rc = s->be->get(s->be, COP_REC_MEMBER, &key, rec);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "no member %.64s", text);
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a member");
	if (actor && !same_id(actor, &rec->id))
		return cop__error(s, COP_EPERM, "only the member themself or the "
			"system may %s a member's data", what);
	return COP_OK;
}

static int64_t c_int(const cop_row *r, unsigned int i)
{
	return i < r->ncols && r->col[i].type == COP_VAL_INT ? r->col[i].i : 0;
}

/* ---- policies ---------------------------------------------------------------------- */

/* The policy of community @p cid (anonymize when none is set). */
static int policy_read(cop_store *s, const cop_id *cid, cop_erasure_policy *out)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[1];
	int rc;

	*out = COP_ERASE_ANONYMIZE;
	p[0] = cop__v_id(cid);
	if ((rc = rop_rows(s, COP_ROP_X_POLICY_GET, p, 1, &it,
			"reading an erasure policy")) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row, "reading an erasure policy");
	if (rc == COP_OK && c_int(&row, 0) == COP_ERASE_REMOVE)
		*out = COP_ERASE_REMOVE;
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

int cop_community_set_erasure(cop_store *s, const char *community,
	cop_erasure_policy policy)
{
	cop_community_rec c;
	cop__access acc;
	cop_val p[2];
	int rc;

	if (!s)
		return COP_EINVAL;
	if (policy != COP_ERASE_ANONYMIZE && policy != COP_ERASE_REMOVE)
		return cop__error(s, COP_EINVAL, "invalid erasure policy %d",
			(int)policy);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators, owners and the "
			"system set the erasure policy");
	if (rc == COP_OK) {
		p[0] = cop__v_id(&c.id);
		p[1] = cop__v_int(policy);
		rc = rop_run(s, COP_ROP_X_POLICY_PUT, p, 2,
			"writing an erasure policy");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "community.erasure", &c.id, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_community_erasure_lookup(cop_erasure_policy *out, cop_store *s,
	const char *community)
{
	cop_community_rec c;
	cop_erasure_policy pol = COP_ERASE_ANONYMIZE;
	int rc;

	if (out)
		*out = COP_ERASE_ANONYMIZE;
	if ((rc = cop__check_out(s, out != NULL)) != COP_OK ||
	    (rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__community_resolve(s, community, &c, NULL)) != COP_OK)
		return rc;
	rc = policy_read(s, &c.id, &pol);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc != COP_OK)
		return rc;
	*out = pol;
	return cop__ok(s);
}

/* ---- erasure --------------------------------------------------------------------------- */

/* The communities the member has anything in, in *ids (cop_free()). */
static int erase_communities(cop_store *s, const cop_id *mid, cop_id **ids,
	size_t *n)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[1];
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	p[0] = cop__v_id(mid);
	if ((rc = rop_rows(s, COP_ROP_P_COMMUNITIES, p, 1, &it,
			"listing a member's communities")) != COP_OK)
		return rc;
	while ((rc = rop_next(s, it, &row, "listing a member's communities"))
			== COP_OK) {
		if (row.ncols < 1 || row.col[0].type != COP_VAL_ID)
			continue;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			cop_id *v = cop_realloc(*ids, nc * sizeof(*v));
			if (!v) {
				rc = cop__error(s, COP_ENOMEM, "out of memory");
				break;
			}
			*ids = v;
			cap = nc;
		}
		(*ids)[(*n)++] = row.col[0].id;
	}
	it->free(it);
	if (rc == COP_ITEROVER)
		return COP_OK;
	cop_free(*ids);
	*ids = NULL;
	*n = 0;
	return rc;
}

/* Policy "remove" in one community: *removed receives how many
 * contributions went. */
static int erase_remove(cop_store *s, const cop_id *cid, const cop_id *mid,
	int64_t *removed)
{
	static const int ops[] = {
		COP_ROP_P_RM_LEDGER, COP_ROP_P_RM_BADGES, COP_ROP_P_RM_REOPEN,
		COP_ROP_P_RM_ACCEPTS, COP_ROP_P_RM_VOTES, COP_ROP_P_RM_KUDOS,
		COP_ROP_P_RM_FLAGS, COP_ROP_P_RM_REVISIONS, COP_ROP_P_RM_RECOUNT,
		COP_ROP_P_RM_BLANK, COP_ROP_P_RM_THREAD_BLANK, COP_ROP_P_RM_LINKS,
		COP_ROP_P_RM_CONTRIBS, COP_ROP_P_RM_THREADS
	};
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	size_t i;
	int rc;

	*removed = 0;
	p[0] = cop__v_id(cid);
	p[1] = cop__v_id(mid);
	if ((rc = rop_rows(s, COP_ROP_P_RM_COUNT, p, 2, &it,
			"counting contributions to remove")) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row, "counting contributions to remove");
	if (rc == COP_OK)
		*removed = c_int(&row, 0);
	it->free(it);
	if (rc != COP_OK && rc != COP_ITEROVER)
		return rc;
	if (*removed == 0)
		return COP_OK;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((rc = rop_run(s, ops[i], p, 2, "removing contributions"))
				!= COP_OK)
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

int cop_member_erase(cop_store *s, const char *member)
{
	cop_member_rec m;
	cop_id *ids = NULL;
	size_t n = 0, i;
	cop_val p[2];
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__member_self(s, member, &m, "erase");
	if (rc == COP_OK && m.status == COP_MEMBER_DELETED)
		rc = cop__error(s, COP_EINVAL, "member %.64s is already erased",
			member);
	if (rc == COP_OK)
		rc = erase_communities(s, &m.id, &ids, &n);
	for (i = 0; i < n && rc == COP_OK; i++) {
		cop_erasure_policy pol;
		int64_t removed = 0;
		rc = policy_read(s, &ids[i], &pol);
		if (rc == COP_OK && pol == COP_ERASE_REMOVE)
			rc = erase_remove(s, &ids[i], &m.id, &removed);
		if (rc == COP_OK && removed > 0)
			rc = cop__log(s, "member.erase", &m.id, &ids[i]);
	}
	if (rc == COP_OK) {
		p[0] = cop__v_id(&m.id);
		p[1] = cop__v_text(P_ERASED_KUDOS);
		rc = rop_run(s, COP_ROP_P_KUDOS_ERASE, p, 2, "erasing kudos");
	}
	if (rc == COP_OK)
		rc = rop_run(s, COP_ROP_P_LEAVE, p, 1, "ending memberships");
	if (rc == COP_OK)
		rc = erase_profile(s, &m);
	if (rc == COP_OK)
		rc = cop__log(s, "member.erase", &m.id, NULL);
	cop_free(ids);
	cop_rec_clear(COP_REC_MEMBER, &m);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

