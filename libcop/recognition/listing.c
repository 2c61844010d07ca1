/*
 * listing.c: what the recognition files share: reading an operation's
 * rows and mapping them to structs (one table of columns per record, for
 * reading and writing), the facilitator check of the configuring calls,
 * resolving a listing's community and member, and the start of a
 * member's listing.  Listings page and stream through the core's one
 * iterator (iter.c, cop__iter_rows()).
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- rows of an operation ------------------------------------------------- */

int cop__rec_rows(cop_store *s, int op, const cop_val *p, unsigned int n,
	size_t max, cop__rec_row_fn fn, void *arg, size_t *got)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	size_t k = 0;
	int rc;

	if (got)
		*got = 0;
	if ((rc = rop_rows(s, op, p, n, &it)) != COP_OK)
		return rc;
	while ((max == 0 || k < max) && (rc = rop_next(s, it, &row)) == COP_OK) {
		k++;
		if (fn && (rc = fn(s, &row, arg)) != COP_OK)
			break;
	}
	it->free(it);
	if (got)
		*got = k;
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int count_row(cop_store *s, const cop_row *r, void *arg)
{
	(void)s;
	*(int64_t *)arg = cop__r_int(r, 0);
	return COP_OK;
}

int cop__rec_count(cop_store *s, int op, const cop_val *p, unsigned int n,
	int64_t *out)
{
	*out = 0;
	return cop__rec_rows(s, op, p, n, 1, count_row, out, NULL);
}

int cop__rec_cols_read(cop_store *s, void *obj, const cop__rec_col *cols,
	size_t n, const cop_row *r)
{
	char *base = obj;
	size_t i;

	for (i = 0; i < n; i++) {
		void *f = base + cols[i].off;
		unsigned int c = (unsigned int)i;
		switch (cols[i].type) {
		case REC_ID: *(cop_id *)f = cop__r_id(r, c); break;
		case REC_INT: *(int *)f = (int)cop__r_int(r, c); break;
		case REC_I64: *(int64_t *)f = cop__r_int(r, c); break;
		case REC_TEXT:
			if (!(*(char **)f = cop_strdup(cop__r_text(r, c) ?
					cop__r_text(r, c) : "")))
				return cop__error(s, COP_ENOMEM, "out of memory");
			break;
		case REC_SKIP: break;
		}
	}
	return COP_OK;
}

void cop__rec_cols_params(const void *obj, const cop__rec_col *cols,
	size_t n, cop_val *p)
{
	const char *base = obj;
	size_t i;

	for (i = 0; i < n; i++) {
		const void *f = base + cols[i].off;
		switch (cols[i].type) {
		case REC_ID: p[i] = cop__v_id((const cop_id *)f); break;
		case REC_INT: p[i] = cop__v_int(*(const int *)f); break;
		case REC_I64: p[i] = cop__v_int(*(const int64_t *)f); break;
		case REC_TEXT: p[i] = cop__v_text(*(char *const *)f); break;
		case REC_SKIP: p[i] = cop__v_int(0); break;
		}
	}
}

int cop__rec_obj_new(cop_store *s, const cop__rec_table *t, const cop_row *r,
	void **out)
{
	void *o = cop_mallocz(t->size);
	int rc;

	*out = NULL;
	if (!o)
		return cop__error(s, COP_ENOMEM, "out of memory");
	if ((rc = cop__rec_cols_read(s, o, t->cols, t->ncols, r)) != COP_OK) {
		cop__rec_obj_free(t, o);
		return rc;
	}
	*out = o;
	return COP_OK;
}

void cop__rec_obj_free(const cop__rec_table *t, void *obj)
{
	unsigned int i;

	if (!obj)
		return;
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].type == REC_TEXT)
			cop_free(*(char **)((char *)obj + t->cols[i].off));
	cop_free(obj);
}

int cop__rec_make(cop_store *s, const cop__rec_table *t, const cop_row *r,
	void **obj, cop__key *key)
{
	int rc = cop__rec_obj_new(s, t, r, obj);

	if (rc == COP_OK) {
		key->num = cop__r_int(r, t->key_num);
		key->id = cop__r_id(r, t->key_id);
	}
	return rc;
}

int cop__rec_row_start(rctx *x, const cop_id *mid, cop_id *id, cop_val *p)
{
	int rc = cop__id_new(x->s, id);

	if (rc == COP_OK) {
		p[0] = cop__v_id(id);
		p[1] = cop__v_id(&x->community);
		p[2] = cop__v_id(mid);
	}
	return rc;
}

int cop__rec_grow(cop_store *s, void *arr, size_t n, size_t *cap, size_t size,
	size_t first)
{
	size_t c = *cap ? *cap * 2 : first;
	void *v;

	if (n < *cap)
		return COP_OK;
	memcpy(&v, arr, sizeof(v));
	if (!(v = cop_realloc(v, c * size)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	memcpy(arr, &v, sizeof(v));
	*cap = c;
	return COP_OK;
}

/* ---- the configuring calls ------------------------------------------------ */

int cop__rec_facilitator(cop_store *s, const char *community,
	cop_community_rec *c, const char *what)
{
	cop__access acc;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = cop__community_resolve(s, community, c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners may %s",
			what);
	return rc;
}

int cop__rec_out_arg(cop_store *s, const void *out)
{
	if (!s)
		return COP_EINVAL;
	return out ? COP_OK : cop__error(s, COP_EINVAL, "out is NULL");
}

int cop__rec_write_begin(cop_store *s, cop_id *id, const char *text,
	const char *what)
{
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = has_rop(s)) != COP_OK ||
	    (id && (rc = cop__id_arg(s, id, text, what)) != COP_OK))
		return rc;
	return cop__write_begin(s);
}

int cop__rec_write_end(cop_store *s, int rc)
{
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop__rec_facilitator_ctx(rctx *x, cop_store *s, const char *community,
	const char *member, const char *what, cop_community_rec *c, cop_id *mid)
{
	int rc = cop__rec_facilitator(s, community, c, what);

	if (rc == COP_OK)
		rc = cop__rec_member_resolve(s, member, mid);
	if (rc == COP_OK)
		rc = cop__rec_ctx_init(x, s, &c->id, NULL);
	return rc;
}

/* ---- the listings' arguments and start ------------------------------------- */

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

int cop__rec_member_args(cop_store *s, void **out, const char *community,
	const char *member, cop_id *cid, cop_id *mid)
{
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	return cop__rec_listing_args(s, community, member, cid, mid);
}

/* The highest id: the start of a descending listing. */
static const cop_id id_top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

int cop__rec_member_listing(cop__iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page, int op,
	cop__row_make make)
{
	cop_val p[5];
	cop_id cid, mid;
	int rc;

	if ((rc = cop__rec_member_args(s, (void **)out, community, member,
			&cid, &mid)) != COP_OK)
		return rc;
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_id(&mid);
	if ((rc = cop__iter_rows(out, s, op, p, 5, page, INT64_MAX,
			&id_top, make, NULL, "recognition")) != COP_OK)
		return rc;
	return cop__ok(s);
}
