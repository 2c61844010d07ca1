/*
 * mail_address.c: members' mail addresses and their verification
 * (include/cop/mail.h, docs/mail.md).
 *
 * An address is checked with GMime's address parser (one mailbox, no
 * display name) and stored lower-cased, the whole of it, so that
 * "Ana@Example.org" and "ana@example.org" are one address, which belongs
 * to one member.  Only the member themself and the system read or write
 * a member's addresses (privacy_self.h's rule, as the export and the
 * erasure).  The change log names the member, never the address.
 * Storage: the backend's mail table (sys/backend.h; SQL: sql/mail.c).
 */
#include <string.h>
#include <glib.h>
#include <gmime/gmime.h>

#include "mail_int.h"
#include "privacy_self.h"

void cop__mail_gmime_init(void)
{
	static gsize once = 0;

	if (g_once_init_enter(&once)) {
		g_mime_init();
		g_once_init_leave(&once, 1);
	}
}

int cop__mail_address_norm(cop_store *s, const char *in, const char *what,
	char **out)
{
	InternetAddressList *list;
	InternetAddress *ia;
	const char *addr, *at;
	gchar *low;
	int rc, ok;

	*out = NULL;
	if ((rc = cop__check_text(s, in, what, 0, COP_EMAIL_MAX,
			COP_EMAIL_MAX)) != COP_OK)
		return rc;
	cop__mail_gmime_init();
	list = internet_address_list_parse(NULL, in);
	ok = list && internet_address_list_length(list) == 1;
	ia = ok ? internet_address_list_get_address(list, 0) : NULL;
	ok = ia && INTERNET_ADDRESS_IS_MAILBOX(ia) &&
		(!internet_address_get_name(ia) ||
		 !*internet_address_get_name(ia));
	addr = ok ? internet_address_mailbox_get_addr(
		INTERNET_ADDRESS_MAILBOX(ia)) : NULL;
	at = addr ? strrchr(addr, '@') : NULL;
	/* The parser reads what it can: the address must be all of the
	 * input, with a local part and a domain of letters, digits, dots,
	 * hyphens (or UTF-8), not starting or ending with a dot. */
	ok = at && at != addr && at[1] && at[1] != '.' &&
		at[strlen(at) - 1] != '.' && !strstr(at, "..") &&
		strcmp(addr, in) == 0 && !strpbrk(in, " \t\r\n\"(),:;<>[]\\");
	if (ok) {
		low = g_utf8_strdown(addr, -1);
		if (!(*out = cop_strdup(low)))
			rc = cop__error(s, COP_ENOMEM, "out of memory");
		g_free(low);
	} else {
		rc = cop__error(s, COP_EINVAL, "%s '%.254s' is not a mail "
			"address", what, in);
	}
	if (list)
		g_object_unref(list);
	return rc;
}

/* ---- a member's addresses ------------------------------------------------------- */

/* The member @p member names, the actor being that member or the system,
 * and the mail table.  The member's record is the caller's to clear. */
static int member_open(cop_store *s, const char *member, cop_member_rec *m,
	const cop_backend_mail **t, const char *what)
{
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = cop__mail_table(s, t)) != COP_OK)
		return rc;
	return cop__member_self(s, member, m, what);
}

/* Every address of @p mid, through @p each (which may stop the walk by
 * returning other than COP_OK; its code is returned). */
static int each_address(cop_store *s, const cop_backend_mail *t,
	const cop_id *mid, int (*each)(void *arg, cop_email_rec *e), void *arg)
{
	cop_backend_iter *it = NULL;
	cop_email_rec e;
	int rc;

	if ((rc = t->email_list(s->be, mid, &it)) != COP_OK)
		return cop__be_error(s, rc, "listing a member's addresses");
	while ((rc = cop__be_next_owned(it, COP_REC_EMAIL, &e)) == COP_OK) {
		rc = each(arg, &e);
		cop_rec_clear(COP_REC_EMAIL, &e);
		if (rc != COP_OK) {
			it->free(it);
			return rc;      /* each()'s, recorded by it or a stop */
		}
	}
	it->free(it);
	if (rc == COP_ITEROVER)
		return COP_OK;
	return cop__be_error(s, rc, "listing a member's addresses");
}

static int stop_at_first(void *arg, cop_email_rec *e)
{
	(void)e;
	*(int *)arg = 1;
	return COP_EEXISTS;
}

int cop_member_email_add(cop_store *s, const char *member,
	const char *address)
{
	const cop_backend_mail *t;
	cop_member_rec m;
	cop_email_rec e, old;
	char *addr = NULL;
	int rc, has = 0;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__mail_address_norm(s, address, "address", &addr)) !=
	    COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK) {
		cop_free(addr);
		return rc;
	}
	rc = member_open(s, member, &m, &t, "change");
	if (rc == COP_OK && m.status == COP_MEMBER_DELETED)
		rc = cop__error(s, COP_EINVAL, "member %.64s is erased", member);
	memset(&old, 0, sizeof(old));
	if (rc == COP_OK) {
		rc = t->email_get(s->be, addr, &old);
		cop_rec_clear(COP_REC_EMAIL, &old);
		/* Whose it is stays unsaid, the member's own included. */
		if (rc == COP_OK)
			rc = cop__error(s, COP_EEXISTS, "the address is taken");
		else if (rc == COP_ENOTFOUND)
			rc = COP_OK;
		else
			rc = cop__be_error(s, rc, "reading an address");
	}
	if (rc == COP_OK) {
		rc = each_address(s, t, &m.id, stop_at_first, &has);
		if (rc == COP_EEXISTS)
			rc = COP_OK;
	}
	if (rc == COP_OK) {
		memset(&e, 0, sizeof(e));
		e.address = addr;
		e.member_id = m.id;
		e.is_primary = !has;
		e.created = cop__now(s);
		rc = t->email_insert(s->be, &e);
		if (rc == COP_EEXISTS)
			rc = cop__error(s, rc, "the address is taken");
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "adding an address");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "member.email.add", &m.id, NULL);
	cop_rec_clear(COP_REC_MEMBER, &m);
	cop_free(addr);
	return cop__write_done(s, rc);
}

/* ---- the list ---------------------------------------------------------------------- */

struct cop_email_list {
	size_t n, cap;
	cop_email_rec *rows;
};

static int collect(void *arg, cop_email_rec *e)
{
	void **a = arg;
	cop_store *s = a[0];
	cop_email_list *l = a[1];

	if (cop__grow(s, &l->rows, l->n, &l->cap, sizeof(*l->rows), 4) !=
	    COP_OK)
		return COP_ENOMEM;
	l->rows[l->n++] = *e;
	memset(e, 0, sizeof(*e));   /* its strings are the list's now */
	return COP_OK;
}

void cop_email_list_free(cop_email_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cop_rec_clear(COP_REC_EMAIL, &l->rows[i]);
	cop_free(l->rows);
	cop_free(l);
}

/* The list of @p mid's addresses into *out. */
static int list_read(cop_store *s, const cop_backend_mail *t,
	const cop_id *mid, cop_email_list **out)
{
	cop_email_list *l = cop_mallocz(sizeof(*l));
	void *arg[2];
	int rc;

	*out = NULL;
	if (!l)
		return cop__error(s, COP_ENOMEM, "out of memory");
	arg[0] = s;
	arg[1] = l;
	if ((rc = each_address(s, t, mid, collect, arg)) != COP_OK) {
		cop_email_list_free(l);
		return rc;
	}
	*out = l;
	return COP_OK;
}

int cop__mail_emails(cop_store *s, const cop_id *member,
	cop_email_list **out)
{
	const cop_backend_mail *t;

	if (cop__mail_table(s, &t) != COP_OK) {
		cop__ok(s);
		*out = cop_mallocz(sizeof(**out));
		return *out ? COP_OK : cop__error(s, COP_ENOMEM,
			"out of memory");
	}
	return list_read(s, t, member, out);
}

int cop_member_email_list(cop_email_list **out, cop_store *s,
	const char *member)
{
	const cop_backend_mail *t;
	cop_member_rec m;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	rc = member_open(s, member, &m, &t, "see");
	if (rc == COP_OK)
		rc = list_read(s, t, &m.id, out);
	cop_rec_clear(COP_REC_MEMBER, &m);
	return rc == COP_OK ? cop__ok(s) : rc;
}

size_t cop_email_list_count(const cop_email_list *l)
{
	return l ? l->n : 0;
}

#define ROW(l, i) ((l) && (i) < (l)->n ? &(l)->rows[i] : NULL)

const char *cop_email_list_address(const cop_email_list *l, size_t i)
{
	const cop_email_rec *e = ROW(l, i);
	return e ? e->address : NULL;
}

int cop_email_list_primary(const cop_email_list *l, size_t i)
{
	const cop_email_rec *e = ROW(l, i);
	return e ? e->is_primary : 0;
}

int cop_email_list_verified(const cop_email_list *l, size_t i)
{
	const cop_email_rec *e = ROW(l, i);
	return e ? e->verified : 0;
}

cop_time cop_email_list_created(const cop_email_list *l, size_t i)
{
	const cop_email_rec *e = ROW(l, i);
	return e ? e->created : 0;
}

/* ---- primary, remove ----------------------------------------------------------------- */

/* Start a change of one of @p member's addresses: the write begun, the
 * member and the normalised address read.  On failure the write is
 * ended. */
static int change_begin(cop_store *s, const char *member,
	const char *address, cop_member_rec *m, const cop_backend_mail **t,
	char **addr)
{
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = cop__mail_address_norm(s, address, "address", addr)) !=
	    COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK) {
		cop_free(*addr);
		*addr = NULL;
		return rc;
	}
	if ((rc = member_open(s, member, m, t, "change")) != COP_OK) {
		cop_free(*addr);
		*addr = NULL;
		cop_rec_clear(COP_REC_MEMBER, m);
		return cop__write_end(s, rc);
	}
	return COP_OK;
}

/* A failure @p rc of the mail table, recorded: COP_ENOTFOUND as no such
 * address of member @p m. */
static int table_error(cop_store *s, int rc, const cop_member_rec *m,
	const char *what)
{
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "no such address of member %.64s",
			m->handle ? m->handle : "");
	return cop__be_error(s, rc, what);
}

static int change_end(cop_store *s, int rc, cop_member_rec *m, char *addr)
{
	cop_rec_clear(COP_REC_MEMBER, m);
	cop_free(addr);
	return cop__write_done(s, rc);
}

int cop_member_email_set_primary(cop_store *s, const char *member,
	const char *address)
{
	const cop_backend_mail *t;
	cop_member_rec m;
	char *addr = NULL;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = change_begin(s, member, address, &m, &t, &addr)) != COP_OK)
		return rc;
	if ((rc = t->email_primary(s->be, &m.id, addr)) != COP_OK)
		rc = table_error(s, rc, &m, "setting the primary address");
	if (rc == COP_OK)
		rc = cop__log(s, "member.email.primary", &m.id, NULL);
	return change_end(s, rc, &m, addr);
}

/* The next primary: the first verified address, else the first. */
static int pick_primary(void *arg, cop_email_rec *e)
{
	cop_email_rec *best = arg;

	if (!best->address || (e->verified && !best->verified)) {
		cop_rec_clear(COP_REC_EMAIL, best);
		*best = *e;
		memset(e, 0, sizeof(*e));
	}
	return COP_OK;
}

int cop_member_email_remove(cop_store *s, const char *member,
	const char *address)
{
	const cop_backend_mail *t;
	cop_member_rec m;
	cop_email_rec old, best;
	char *addr = NULL;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = change_begin(s, member, address, &m, &t, &addr)) != COP_OK)
		return rc;
	memset(&old, 0, sizeof(old));
	memset(&best, 0, sizeof(best));
	rc = t->email_get(s->be, addr, &old);
	/* Another member's address is not theirs: no such address. */
	if (rc == COP_OK && memcmp(old.member_id.bytes, m.id.bytes, 16) != 0)
		rc = COP_ENOTFOUND;
	if (rc == COP_OK)
		rc = t->email_delete(s->be, &m.id, addr);
	if (rc != COP_OK)
		rc = table_error(s, rc, &m, "removing an address");
	if (rc == COP_OK && old.is_primary &&
	    (rc = each_address(s, t, &m.id, pick_primary, &best)) == COP_OK &&
	    best.address &&
	    (rc = t->email_primary(s->be, &m.id, best.address)) != COP_OK)
		rc = table_error(s, rc, &m, "setting the primary address");
	if (rc == COP_OK)
		rc = cop__log(s, "member.email.remove", &m.id, NULL);
	cop_rec_clear(COP_REC_EMAIL, &old);
	cop_rec_clear(COP_REC_EMAIL, &best);
	return change_end(s, rc, &m, addr);
}

int cop__mail_forget(cop_store *s, const cop_id *member)
{
	const cop_backend_mail *t;
	int rc;

	/* A backend without mail storage holds no address to forget. */
	if (cop__mail_table(s, &t) != COP_OK)
		return cop__ok(s);
	if ((rc = t->email_forget(s->be, member)) != COP_OK)
		return cop__be_error(s, rc, "removing a member's addresses");
	return cop__mail_out_forget(s, t, member);
}

/* ---- verification -------------------------------------------------------------------- */

/* A verification token's body: member id, expiry, when the address was
 * added, the first 8 bytes of SHA-256 of the (lower-cased) address. */
#define VERIFY_LEN 40

static void address_hash(const char *addr, unsigned char out[8])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	guint8 full[32];
	gsize len = sizeof(full);

	g_checksum_update(c, (const guchar *)addr, (gssize)strlen(addr));
	g_checksum_get_digest(c, full, &len);
	g_checksum_free(c);
	memcpy(out, full, 8);
}

int cop_member_email_token(char **out, cop_store *s, const char *member,
	const char *address)
{
	const cop_backend_mail *t;
	unsigned char body[VERIFY_LEN];
	cop_member_rec m;
	cop_email_rec e;
	char *addr = NULL;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if ((rc = cop__mail_address_norm(s, address, "address", &addr)) !=
	    COP_OK)
		return rc;
	memset(&e, 0, sizeof(e));
	rc = member_open(s, member, &m, &t, "see");
	if (rc == COP_OK) {
		rc = t->email_get(s->be, addr, &e);
		if (rc == COP_OK &&
		    memcmp(e.member_id.bytes, m.id.bytes, 16) != 0)
			rc = COP_ENOTFOUND;
		if (rc == COP_ENOTFOUND)
			rc = cop__error(s, rc, "no such address of member %.64s",
				member);
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "reading an address");
	}
	if (rc == COP_OK && e.verified)
		rc = cop__error(s, COP_EEXISTS, "the address is verified "
			"already");
	if (rc == COP_OK) {
		memcpy(body, m.id.bytes, 16);
		cop__mail_put64(body + 16, cop__now(s) + COP_EMAIL_TOKEN_TTL);
		cop__mail_put64(body + 24, e.created);
		address_hash(addr, body + 32);
		rc = cop__mail_token_make(s, COP_MAIL_TOKEN_VERIFY, body,
			VERIFY_LEN, out);
	}
	cop_rec_clear(COP_REC_EMAIL, &e);
	cop_rec_clear(COP_REC_MEMBER, &m);
	cop_free(addr);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* Find the address of the token among the member's: the one whose hash
 * and time of adding the token names. */
struct find_arg {
	const unsigned char *body;
	cop_email_rec found;
};

static int find_token_address(void *arg, cop_email_rec *e)
{
	struct find_arg *f = arg;
	unsigned char h[8];

	address_hash(e->address, h);
	if (memcmp(h, f->body + 32, 8) == 0 &&
	    e->created == cop__mail_get64(f->body + 24)) {
		f->found = *e;
		memset(e, 0, sizeof(*e));
		return COP_EEXISTS;   /* stop */
	}
	return COP_OK;
}

int cop_member_email_verify(cop_store *s, const char *token)
{
	const cop_backend_mail *t;
	const cop_id *actor;
	unsigned char body[VERIFY_LEN];
	struct find_arg f;
	cop_id mid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__mail_table(s, &t)) != COP_OK)
		return rc;
	memset(&f, 0, sizeof(f));
	f.body = body;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__mail_token_check(s, COP_MAIL_TOKEN_VERIFY, token, body,
		VERIFY_LEN);
	memcpy(mid.bytes, body, 16);
	actor = cop__actor(s);
	if (rc == COP_OK && actor && memcmp(actor->bytes, mid.bytes, 16) != 0)
		rc = cop__error(s, COP_EPERM, "the token is another member's");
	if (rc == COP_OK && cop__mail_get64(body + 16) < cop__now(s))
		rc = cop__error(s, COP_EPERM, "the token has expired");
	if (rc == COP_OK) {
		rc = each_address(s, t, &mid, find_token_address, &f);
		if (rc == COP_EEXISTS)
			rc = COP_OK;
		else if (rc == COP_OK)
			rc = cop__error(s, COP_ENOTFOUND, "the token's address is "
				"no longer the member's");
	}
	if (rc == COP_OK && f.found.verified)
		rc = cop__error(s, COP_EEXISTS, "the address is verified "
			"already");
	if (rc == COP_OK &&
	    (rc = t->email_verify(s->be, &mid, f.found.address, 1)) != COP_OK)
		rc = cop__be_error(s, rc, "verifying an address");
	if (rc == COP_OK)
		rc = cop__log(s, "member.email.verify", &mid, NULL);
	cop_rec_clear(COP_REC_EMAIL, &f.found);
	return cop__write_done(s, rc);
}
