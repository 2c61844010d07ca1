/*
 * member.c: members (the people of communities).
 */
#include <string.h>

#include "internal.h"

/* Copy @p src (strings borrowed) into a new member object. */
static int member_build(cop_store *s, const cop_member_rec *src,
	cop_member **out)
{
	cop_member_rec r = *src;
	void *obj = NULL;
	int rc;

	r.handle = r.display_name = r.organisation = r.languages = NULL;
	if (!(r.handle = cop_strdup(src->handle)) ||
	    !(r.display_name = cop_strdup(src->display_name)) ||
	    (src->organisation &&
	     !(r.organisation = cop_strdup(src->organisation))) ||
	    (src->languages && !(r.languages = cop_strdup(src->languages)))) {
		cop_rec_clear(COP_REC_MEMBER, &r);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	rc = cop__wrap(s, COP_REC_MEMBER, &r, &obj);
	*out = rc == COP_OK ? obj : NULL;
	return rc;
}

int cop_member_create(cop_member **out, cop_store *s, const char *handle,
	const char *display_name, const char *organisation,
	const char *languages)
{
	cop_member_rec r;
	cop_member *obj = NULL;
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
	if (rc == COP_OK) {
		rc = s->be->insert(s->be, COP_REC_MEMBER, &r);
		if (rc == COP_EEXISTS)
			rc = cop__error(s, rc, "handle '%s' is taken", handle);
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "creating a member");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "member.create", &r.id, NULL);
	if (rc == COP_OK && out)
		rc = member_build(s, &r, &obj);
	rc = cop__write_end(s, rc);
	if (rc != COP_OK) {
		cop_member_free(obj);
		return rc;
	}
	if (out)
		*out = obj;
	return cop__ok(s);
}

int cop_member_update(cop_store *s, const char *member_id,
	const char *display_name, const char *organisation,
	const char *languages)
{
	cop_member_rec old, upd;
	const cop_id *actor;
	cop_key key;
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
	if (rc == COP_OK) {
		memset(&key, 0, sizeof(key));
		key.id = id;
		rc = s->be->get(s->be, COP_REC_MEMBER, &key, &old);
		if (rc == COP_ENOTFOUND)
			rc = cop__error(s, rc, "no member %s", member_id);
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "reading a member");
	}
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
		rc = s->be->update(s->be, COP_REC_MEMBER, &upd);
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, "updating a member");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "member.update", &id, NULL);
	cop_rec_clear(COP_REC_MEMBER, &old);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* Read a member by key and wrap it. */
static int member_get(cop_member **out, cop_store *s, const cop_key *key,
	const char *what)
{
	cop_member_rec r;
	void *obj = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = s->be->get(s->be, COP_REC_MEMBER, key, &r);
	if (rc != COP_OK) {
		cop_rec_clear(COP_REC_MEMBER, &r);
		if (rc == COP_ENOTFOUND)
			return cop__error(s, rc, "no member %s", what);
		return cop__be_error(s, rc, "reading a member");
	}
	if ((rc = cop__wrap(s, COP_REC_MEMBER, &r, &obj)) != COP_OK)
		return rc;
	*out = obj;
	return cop__ok(s);
}

int cop_member_get(cop_member **out, cop_store *s, const char *member_id)
{
	cop_key key;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	memset(&key, 0, sizeof(key));
	if ((rc = cop__id_arg(s, &key.id, member_id, "member")) != COP_OK)
		return rc;
	return member_get(out, s, &key, member_id);
}

int cop_member_get_by_handle(cop_member **out, cop_store *s,
	const char *handle)
{
	cop_key key;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = cop__check_handle(s, handle)) != COP_OK)
		return rc;
	memset(&key, 0, sizeof(key));
	key.name = handle;
	return member_get(out, s, &key, handle);
}

COP__FREE_FN(cop_member_free, cop_member)
COP__GETTER_ID(cop_member_id, cop_member, id)
COP__GETTER_TEXT(cop_member_handle, cop_member, handle)
COP__GETTER_TEXT(cop_member_display_name, cop_member, display_name)
COP__GETTER_OPT(cop_member_organisation, cop_member, organisation)
COP__GETTER_OPT(cop_member_languages, cop_member, languages)
COP__GETTER(cop_member_status_get, cop_member,
	cop_member_status, status, COP_MEMBER_ACTIVE)
COP__GETTER(cop_member_created, cop_member, cop_time, created, 0)

/* ---- iterator ------------------------------------------------------------ */

int cop_member_iter_new(cop_member_iter **out, cop_store *s,
	const cop_page *page)
{
	cop__iter *it = NULL;
	cop_query q;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if (page && page->version != COP_PAGE_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported cop_page version %u",
			page->version);
	memset(&q, 0, sizeof(q));
	q.kind = COP_LIST_MEMBERS;
	q.viewer = cop__actor(s);
	if ((rc = cop__iter_start(&it, s, &q, page)) != COP_OK)
		return rc;
	*out = (cop_member_iter *)it;
	return cop__ok(s);
}

COP__ITER_NEXT_FREE(cop_member, cop_member)

COP__ITER_CURSOR(cop_member)

