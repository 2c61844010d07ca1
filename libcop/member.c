/*
 * member.c: members (the people of communities).
 */
#include <string.h>

#include "internal.h"

static const char *const status_names[] = {
	"active", "suspended", "deleted"
};
COP__ENUM_NAMES(cop_member_status, cop_member_status, status_names)

/* A backend without member_seen() (interface version < 10): the
 * viewer's member listing, which follows the rule, walked for @p id. */
static int member_seen_listed(cop_store *s, const cop_id *id)
{
	cop_backend_iter *bi = NULL;
	cop_member_rec r;
	cop_query q;
	int rc, found = 0;

	memset(&q, 0, sizeof(q));
	q.kind = COP_LIST_MEMBERS;
	q.viewer = cop__actor(s);
	if ((rc = s->be->list(s->be, &q, &bi)) != COP_OK)
		return cop__be_error(s, rc, "listing members");
	while (!found) {
		memset(&r, 0, sizeof(r));
		rc = cop__be_next_owned(bi, COP_REC_MEMBER, &r);
		if (rc == COP_OK)
			found = memcmp(&r.id, id, sizeof(*id)) == 0;
		cop_rec_clear(COP_REC_MEMBER, &r);
		if (rc != COP_OK)
			break;
	}
	bi->free(bi);
	if (found)
		return COP_OK;
	if (rc != COP_OK && rc != COP_ITEROVER)
		return cop__be_error(s, rc, "listing members");
	return cop__missing(s, "member");
}

int cop__member_seen(cop_store *s, const cop_id *id)
{
	const cop_id *actor = cop__actor(s);
	int rc;

	if (!actor || memcmp(actor, id, sizeof(*id)) == 0)
		return COP_OK;
	if (s->be->version < 10 || !s->be->member_seen)
		return member_seen_listed(s, id);
	rc = s->be->member_seen(s->be, id, actor);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "member");
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "reading a member");
}

int cop__member_load(cop_store *s, const cop_id *id, const char *text,
	cop_member_rec *rec)
{
	cop_member_rec r;
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	key.id = *id;
	rc = cop__rec_get(s, COP_REC_MEMBER, &key, rec ? rec : &r);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "no member %s", text);
	if (rc == COP_OK)
		cop__actor_seen(s, rec ? rec : &r);
	if (rc == COP_OK && !rec)
		cop_rec_clear(COP_REC_MEMBER, &r);
	return rc;
}

int cop__member_load_seen(cop_store *s, const cop_id *id,
	cop_member_rec *rec)
{
	int rc = cop__member_load(s, id, "", rec);

	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "member");
	if (rc == COP_OK && (rc = cop__member_seen(s, id)) != COP_OK && rec)
		cop_rec_clear(COP_REC_MEMBER, rec);
	return rc;
}

int cop_member_create(cop_member **out, cop_store *s, const char *handle,
	const char *display_name, const char *organisation,
	const char *languages)
{
	cop_member_rec r;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_handle(s, handle)) != COP_OK ||
	    (rc = cop__check_text(s, display_name, "display_name", 0, 200, 0))
			!= COP_OK ||
	    (rc = cop__check_text(s, organisation, "organisation", 1, 200, 0))
			!= COP_OK)
		return rc;
	if (languages && *languages &&
	    (rc = cop__check_languages(s, languages)) != COP_OK)
		return rc;

	memset(&r, 0, sizeof(r));
	r.handle = (char *)handle;
	r.display_name = (char *)display_name;
	r.organisation = organisation && *organisation ? (char *)organisation
		: NULL;
	r.languages = languages && *languages ? (char *)languages : NULL;
	r.status = COP_MEMBER_ACTIVE;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	if (cop__actor(s))
		rc = cop__error(s, COP_EPERM,
			"only the system may create members");
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &r.id, &r.created);
	if (rc == COP_OK)
		rc = cop__rec_insert(s, COP_REC_MEMBER, &r, "creating a member",
			"handle", handle);
	if (rc == COP_OK)
		rc = cop__log(s, "member.create", &r.id, NULL);
	rc = cop__write_end_out(s, rc, COP_REC_MEMBER, &r, out);
	return rc;
}

int cop_member_update(cop_store *s, const char *member_id,
	const char *display_name, const char *organisation,
	const char *languages)
{
	cop_member_rec old, upd;
	const cop_id *actor;
	cop_id id;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__id_arg(s, &id, member_id, "member")) != COP_OK)
		return rc;
	if (display_name && (rc = cop__check_text(s, display_name,
			"display_name", 0, 200, 0)) != COP_OK)
		return rc;
	if ((rc = cop__check_text(s, organisation, "organisation", 1, 200, 0))
			!= COP_OK)
		return rc;
	if (languages && *languages &&
	    (rc = cop__check_languages(s, languages)) != COP_OK)
		return rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&old, 0, sizeof(old));
	actor = cop__actor(s);
	if (actor && memcmp(actor, &id, sizeof(id)) != 0)
		rc = cop__error(s, COP_EPERM,
			"a member may only change their own profile");
	if (rc == COP_OK)
		rc = cop__moderation_check_actor(s);
	if (rc == COP_OK)
		rc = cop__member_load(s, &id, member_id, &old);
	/* An erased (deleted) member's profile stays empty: a later update
	 * would bring personal data back under the same id. */
	if (rc == COP_OK && old.status == COP_MEMBER_DELETED)
		rc = cop__error(s, COP_EPERM, "member %s was erased; the "
			"profile cannot be changed", member_id);
	if (rc == COP_OK) {
		/* Borrowed strings over the loaded record; @c old keeps
		 * ownership of its own. */
		upd = old;
		if (display_name)
			upd.display_name = (char *)display_name;
		if (organisation)
			upd.organisation = *organisation ? (char *)organisation
				: NULL;
		if (languages)
			upd.languages = *languages ? (char *)languages : NULL;
		rc = cop__rec_update(s, COP_REC_MEMBER, &upd,
			"updating a member");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "member.update", &id, NULL);
	cop_rec_clear(COP_REC_MEMBER, &old);
	return cop__write_done(s, rc);
}

/* Read a member by key, one the actor sees (a member not seen is
 * reported as one that is not there, neither named). */
static int member_get(cop_member **out, cop_store *s, const cop_key *key)
{
	cop_member_rec r;
	int rc = cop__rec_get(s, COP_REC_MEMBER, key, &r);

	if (rc == COP_ENOTFOUND)
		rc = cop__missing(s, "member");
	if (rc == COP_OK && (rc = cop__member_seen(s, &r.id)) != COP_OK)
		cop_rec_clear(COP_REC_MEMBER, &r);
	*out = cop__wrap_result(s, &rc, COP_REC_MEMBER, &r);
	return rc;
}

int cop_member_lookup(cop_member **out, cop_store *s, const char *member_id)
{
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &key.id, member_id, "member")) != COP_OK)
		return rc;
	return member_get(out, s, &key);
}
COP__ALIAS(cop_member_get, cop_member_lookup);

int cop_member_lookup_by_handle(cop_member **out, cop_store *s,
	const char *handle)
{
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	key.name = handle;
	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_handle(s, handle)) != COP_OK)
		return rc;
	return member_get(out, s, &key);
}
COP__ALIAS(cop_member_get_by_handle, cop_member_lookup_by_handle);

COP__FREE_FN(cop_member)
COP__GETTER_ID(cop_member, id)
COP__GETTER_TEXT(cop_member, handle)
COP__GETTER_TEXT(cop_member, display_name)
COP__GETTER_OPT(cop_member, organisation)
COP__GETTER_OPT(cop_member, languages)
COP__GETTER_GET(cop_member, status,
	cop_member_status, COP_MEMBER_ACTIVE)
COP__GETTER(cop_member, created, cop_time, 0)

/* ---- iterator ------------------------------------------------------------ */

COP__ITER_STORE(cop_member, cop_member, COP_LIST_MEMBERS)
