/*
 * listing.c: what the recognition listings share.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- a keyset iterator over a recognition operation ----------------------------- */

static int cursor_parse(const char *c, int64_t *num, cop_id *id)
{
	char *end;
	int i;

	*num = strtoll(c, &end, 10);
	if (end == c || *end != '.' || strlen(end + 1) != 32)
		return COP_EINVAL;
	for (i = 0; i < 16; i++) {
		unsigned int b;
		if (sscanf(end + 1 + 2 * i, "%2x", &b) != 1)
			return COP_EINVAL;
		id->bytes[i] = (unsigned char)b;
	}
	return COP_OK;
}

static void cursor_make(char *buf, size_t n, int64_t num, const cop_id *id)
{
	int i, k = snprintf(buf, n, "%" PRId64 ".", num);

	for (i = 0; i < 16 && (size_t)k + 2 < n; i++)
		k += snprintf(buf + k, n - (size_t)k, "%02x", id->bytes[i]);
}

int cop__rec_rit_start(rit **out, cop_store *s, int op, cop_val *p,
	unsigned int n, const cop_page *page, int64_t top, const cop_id *top_id,
	int (*make)(cop_store *, const cop_row *, void **, int64_t *, cop_id *))
{
	rit *it;
	int64_t num = top;
	cop_id id = *top_id;
	int rc;

	*out = NULL;
	if (page && page->version != COP_PAGE_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported cop_page version %u",
			page->version);
	if (page && page->after && cursor_parse(page->after, &num, &id) != COP_OK)
		return cop__error(s, COP_EINVAL, "malformed cursor");
	p[n - 3] = cop__v_int(num);
	p[n - 2] = cop__v_id(&id);
	/* A nil id would be sent as NULL: keep the bytes. */
	p[n - 2].type = COP_VAL_KEY;
	p[n - 1] = cop__v_int(page && page->limit ? (int64_t)page->limit : INT32_MAX);
	it = cop_mallocz(sizeof(*it));
	if (!it)
		return cop__error(s, COP_ENOMEM, "out of memory");
	it->s = s;
	it->make = make;
	if (page && page->after) {
		snprintf(it->cursor, sizeof(it->cursor), "%s", page->after);
		it->has_cursor = 1;
	}
	if ((rc = rop_rows(s, op, p, n, &it->bi)) != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return COP_OK;
}

int cop__rec_rit_next(rit *it, void **obj)
{
	cop_row row;
	int64_t num;
	cop_id id;
	int rc;

	*obj = NULL;
	if (!it->bi)
		return COP_ITEROVER;
	rc = rop_next(it->s, it->bi, &row);
	if (rc != COP_OK)
		return rc;
	if ((rc = it->make(it->s, &row, obj, &num, &id)) != COP_OK)
		return rc;
	cursor_make(it->cursor, sizeof(it->cursor), num, &id);
	it->has_cursor = 1;
	return COP_OK;
}

void cop__rec_rit_free(rit *it)
{
	if (!it)
		return;
	if (it->bi)
		it->bi->free(it->bi);
	cop_free(it);
}

int cop__rec_listing_args(cop_store *s, const char *community,
	const char *member, cop_id *cid, cop_id *mid)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK)
		*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc == COP_OK && mid)
		rc = cop__rec_member_resolve(s, member, mid);
	return rc;
}

const cop_id cop__rec_id_top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
