/*
 * import_mbox_jwz.c: the messages of an mbox import threaded by Jamie
 * Zawinski's algorithm (https://www.jwz.org/doc/threading.html):
 * containers by Message-ID, linked by References and In-Reply-To, empty
 * containers pruned, the roots grouped by subject.
 *
 * Only parent links are kept (no child lists): a container that is left
 * out hands its children to its parent by "compression" (each container's
 * parent skips the empty ones above it), which is the pruning of step 4
 * and the merging of step 5 in one pass each.  A container is "present"
 * when it holds a message of the input or one imported before.
 */
#include <string.h>
#include <strings.h>

#include "import_mbox.h"

/* The hash of a base subject, its case folded (compared by
 * strncasecmp()); Message-IDs are hashed by cop__hash_bytes(). */
static uint64_t mb_subject_hash(const char *v, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return h;
}

static int mb_new_box(mb *x, const char *key, int32_t *out)
{
	mb_box *b;
	int rc;

	if (x->nbox >= INT32_MAX - 1)
		return cop__error(x->s, COP_ETOOBIG, "too many messages");
	if ((rc = cop__grow(x->s, &x->box, x->nbox, &x->capbox, sizeof(*x->box),
			1024)) != COP_OK)
		return rc;
	b = &x->box[x->nbox];
	memset(b, 0, sizeof(*b));
	b->key = key;
	b->msg = b->parent = b->root = b->first = -1;
	*out = (int32_t)x->nbox++;
	return COP_OK;
}

int cop__mb_box(mb *x, const char *id, int32_t *out)
{
	size_t n = strlen(id), pos = 0;
	uint64_t h = cop__hash_bytes(id, n, 0), i;
	char *key;
	int rc;

	while (cop__htab_next(&x->hash, h, &pos, &i))
		if (!strcmp(x->box[i].key, id)) {
			*out = (int32_t)i;
			return COP_OK;
		}
	if (!(key = cop__mb_strndup(x, id, n)) ||
	    (rc = mb_new_box(x, key, out)) != COP_OK)
		return key ? rc : cop__error(x->s, COP_ENOMEM, "out of memory");
	if (cop__htab_add(&x->hash, h, (uint64_t)*out) != 0)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

/* Whether making @p p the parent of @p c would make a loop (c is p or
 * one of its ancestors). */
static int mb_loops(const mb *x, int32_t p, int32_t c)
{
	for (; p >= 0; p = x->box[p].parent)
		if (p == c)
			return 1;
	return 0;
}

void cop__mb_link(mb *x, int32_t m, const int32_t *refs, size_t nrefs)
{
	int32_t self = x->msg[m].box, prev = -1;
	size_t i;

	for (i = 0; i < nrefs; i++) {
		int32_t r = refs[i];
		if (r == self)
			break;
		/* Each reference the child of the one before it, unless it
		 * has a parent already. */
		if (prev >= 0 && x->box[r].parent < 0 && !mb_loops(x, prev, r))
			x->box[r].parent = prev;
		prev = r;
	}
	/* The message's parent is its last reference, whatever it was. */
	x->box[self].parent = -1;
	if (prev >= 0 && !mb_loops(x, prev, self))
		x->box[self].parent = prev;
}

static int mb_present(const mb *x, int32_t b)
{
	return x->box[b].msg >= 0 || x->box[b].known;
}

/* Each container's parent skips the absent containers above it that are
 * not roots (step 4: their children are promoted). */
static void mb_compress(mb *x)
{
	size_t i;

	for (i = 0; i < x->nbox; i++) {
		int32_t p = x->box[i].parent, q, top;
		while (p >= 0 && !mb_present(x, p) && x->box[p].parent >= 0)
			p = x->box[p].parent;
		top = p;
		/* Path compression: the skipped ones point there too. */
		for (p = x->box[i].parent; p >= 0 && p != top; p = q) {
			q = x->box[p].parent;
			x->box[p].parent = top;
		}
		x->box[i].parent = top;
	}
}

/* Count the present children of every container. */
static void mb_count(mb *x)
{
	size_t i;

	for (i = 0; i < x->nbox; i++)
		x->box[i].nchild = 0;
	for (i = 0; i < x->nbox; i++)
		if (x->box[i].parent >= 0 && mb_present(x, (int32_t)i))
			x->box[x->box[i].parent].nchild++;
}

const char *cop__mb_base_subject(const char *v, size_t *n, int *re)
{
	size_t len;
	int again = 1;

	*re = 0;
	while (again) {
		again = 0;
		while (*v == ' ' || *v == '\t')
			v++;
		if (!strncasecmp(v, "re:", 3) || !strncasecmp(v, "aw:", 3) ||
		    !strncasecmp(v, "sv:", 3)) {
			v += 3;
			*re = again = 1;
		} else if (!strncasecmp(v, "fwd:", 4)) {
			v += 4;
			*re = again = 1;
		} else if (!strncasecmp(v, "fw:", 3)) {
			v += 3;
			*re = again = 1;
		} else if (*v == '[') {
			/* A list's tag: "[fedora-devel] ..." */
			const char *e = strchr(v, ']');
			if (e && e - v < 64) {
				v = e + 1;
				again = 1;
			}
		} else if ((v[0] == 'R' || v[0] == 'r') &&
		           (v[1] == 'e' || v[1] == 'E') && v[2] == '[') {
			/* "Re[2]:" */
			const char *p = v + 3;
			while (*p >= '0' && *p <= '9')
				p++;
			if (*p == ']' && p[1] == ':') {
				v = p + 2;
				*re = again = 1;
			}
		}
	}
	len = strlen(v);
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t' ||
	       v[len - 1] == '\r' || v[len - 1] == '\n'))
		len--;
	*n = len;
	return v;
}

/* The subject a root is grouped by: its message's, or an empty root's
 * first child's (NULL when none). */
static const char *mb_root_subject(const mb *x, int32_t r)
{
	int32_t m = x->box[r].msg >= 0 ? x->box[r].msg : x->box[r].first;

	return m >= 0 ? x->msg[m].subject : NULL;
}

/* Step 5: the roots grouped by their base subject. */
static int mb_group(mb *x)
{
	size_t nroot = x->nbox, cap = 16, i;
	int32_t *tab = NULL;
	int rc = COP_OK;

	while (cap < nroot * 2)
		cap *= 2;
	if (!(tab = cop_malloc(cap * sizeof(*tab))))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	memset(tab, 0xff, cap * sizeof(*tab));
	for (i = 0; i < nroot; i++) {
		int32_t p = x->box[i].parent;
		if (p >= 0 && x->box[i].msg >= 0 && x->box[p].first < 0)
			x->box[p].first = x->box[i].msg;
	}
	/* Pass A: one root per subject, preferring an empty one, then one
	 * that is not a reply.  Pass B: the others merged into it. */
	for (int pass = 0; pass < 2; pass++)
	for (i = 0; i < nroot; i++) {
		int32_t r = (int32_t)i, t;
		const char *subj, *tsubj;
		size_t n, tn, j;
		int re, tre;
		if (x->box[r].parent >= 0 || (!mb_present(x, r) &&
		    x->box[r].nchild < 2))
			continue;
		if (!(subj = mb_root_subject(x, r)))
			continue;
		subj = cop__mb_base_subject(subj, &n, &re);
		if (n == 0)
			continue;
		j = mb_subject_hash(subj, n) & (cap - 1);
		for (; (t = tab[j]) >= 0; j = (j + 1) & (cap - 1)) {
			tsubj = cop__mb_base_subject(mb_root_subject(x, t),
				&tn, &tre);
			if (tn == n && !strncasecmp(tsubj, subj, n))
				break;
		}
		if (t < 0) {
			tab[j] = r;
			continue;
		}
		/* (t may have been put under r: never a loop.) */
		if (t == r || mb_loops(x, t, r))
			continue;
		cop__mb_base_subject(mb_root_subject(x, t), &tn, &tre);
		if (pass == 0) {
			if ((!mb_present(x, r) && mb_present(x, t)) ||
			    (tre && !re && mb_present(x, r)))
				tab[j] = r;
			continue;
		}
		if (!mb_present(x, t)) {
			/* Into the empty one (both empty: r's children
			 * follow by compression). */
			x->box[r].parent = t;
		} else if (!mb_present(x, r)) {
			x->box[t].parent = r;
			tab[j] = r;
		} else if (re && !tre) {
			x->box[r].parent = t;
		} else if (tre && !re) {
			x->box[t].parent = r;
			tab[j] = r;
		} else {
			int32_t e;
			if ((rc = mb_new_box(x, NULL, &e)) != COP_OK)
				goto out;
			x->box[t].parent = e;
			x->box[r].parent = e;
			/* The new root is grouped by t's subject. */
			x->box[e].first = x->box[t].msg >= 0 ? x->box[t].msg :
				x->box[t].first;
			tab[j] = e;
		}
	}
out:
	cop_free(tab);
	return rc;
}

/* The root of every container (box.root). */
static void mb_roots(mb *x)
{
	size_t i;

	for (i = 0; i < x->nbox; i++) {
		int32_t p = (int32_t)i;
		while (x->box[p].parent >= 0 && x->box[p].root < 0)
			p = x->box[p].parent;
		x->box[i].root = x->box[p].parent >= 0 ? x->box[p].root : p;
	}
}

/* The thread of root @p r (made when new) into *out. */
static int mb_thread_of(mb *x, int32_t *tix, int32_t r, int32_t *out)
{
	int rc;

	if (tix[r] < 0) {
		mb_thread *t;
		if ((rc = cop__grow(x->s, &x->thread, x->nthread, &x->capthread,
				sizeof(*x->thread), 256)) != COP_OK)
			return rc;
		t = &x->thread[x->nthread];
		memset(t, 0, sizeof(*t));
		t->first = -1;
		tix[r] = (int32_t)x->nthread++;
	}
	*out = tix[r];
	return COP_OK;
}

int cop__mb_thread(mb *x)
{
	cop_store *s = x->s;
	int32_t *tix = NULL;
	size_t i;
	int rc;

	mb_compress(x);
	mb_count(x);
	/* An empty root with one child: the child is the root. */
	for (i = 0; i < x->nbox; i++) {
		int32_t p = x->box[i].parent;
		if (p >= 0 && mb_present(x, (int32_t)i) && !mb_present(x, p) &&
		    x->box[p].parent < 0 && x->box[p].nchild == 1)
			x->box[i].parent = -1;
	}
	mb_count(x);
	if ((rc = mb_group(x)) != COP_OK)
		return rc;
	mb_compress(x);
	mb_roots(x);
	if (!(tix = cop_malloc((x->nbox ? x->nbox : 1) * sizeof(*tix))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	memset(tix, 0xff, (x->nbox ? x->nbox : 1) * sizeof(*tix));
	/* Trees holding a message imported before go on in its thread. */
	for (i = 0; i < x->nbox && rc == COP_OK; i++) {
		mb_box *b = &x->box[i];
		cop_contribution_rec c;
		cop_key k;
		int32_t t;
		if (!(b->known || (b->msg >= 0 && x->msg[b->msg].state == MB_OLD)))
			continue;
		if ((rc = mb_thread_of(x, tix, b->root, &t)) != COP_OK)
			break;
		if (x->thread[t].exists)
			continue;
		memset(&c, 0, sizeof(c));
		memset(&k, 0, sizeof(k));
		k.id = b->known ? b->contrib : x->msg[b->msg].contrib;
		rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &k, &c);
		if (rc == COP_ENOTFOUND) {
			/* Removed since (erased): not a thread to go on. */
			rc = COP_OK;
			b->known = 0;
			continue;
		}
		if (rc != COP_OK) {
			rc = cop__be_error(s, rc, "reading an imported message");
			break;
		}
		if (!memcmp(&c.community_id, &x->c.id, sizeof(cop_id))) {
			x->thread[t].exists = 1;
			x->thread[t].id = c.thread_id;
		} else if (b->known) {
			/* Another community's: nothing to reply to here. */
			b->known = 0;
		} else {
			memset(&x->msg[b->msg].contrib, 0, sizeof(cop_id));
		}
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	}
	/* Each new message's thread; a new thread's first post: its root's
	 * message, else its earliest. */
	for (i = 0; i < x->nmsg && rc == COP_OK; i++) {
		mb_msg *m = &x->msg[i];
		int32_t t, f, root;
		if (m->state != MB_NEW)
			continue;
		root = x->box[m->box].root;
		if ((rc = mb_thread_of(x, tix, root, &t)) != COP_OK)
			break;
		m->thread = t;
		if (x->thread[t].exists)
			continue;
		f = x->thread[t].first;
		if (x->box[root].msg == (int32_t)i ||
		    (f >= 0 && x->box[root].msg != f &&
		     x->msg[f].date > m->date) || f < 0)
			x->thread[t].first = (int32_t)i;
	}
	/* A reply is to the nearest message above it that is there. */
	for (i = 0; i < x->nmsg && rc == COP_OK; i++) {
		mb_msg *m = &x->msg[i];
		int32_t p;
		if (m->state != MB_NEW)
			continue;
		memset(&m->reply_to, 0, sizeof(m->reply_to));
		if (x->thread[m->thread].first == (int32_t)i)
			continue;
		p = x->box[m->box].parent;
		if (p < 0 || !mb_present(x, p))
			continue;
		if (x->box[p].msg >= 0 && x->msg[x->box[p].msg].state != MB_DUP)
			m->reply_to = x->msg[x->box[p].msg].contrib;
		else if (x->box[p].known)
			m->reply_to = x->box[p].contrib;
	}
	cop_free(tix);
	return rc;
}
