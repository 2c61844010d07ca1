/*
 * mail_token.c: the store's mail secret and the tokens it signs
 * (include/cop/mail.h, docs/mail.md).
 *
 * The secret is 32 random bytes from the system (getentropy()), made on
 * first need and kept in the store (the backend's mail table; SQL: the
 * store's metadata, never exported), base64 there.  A token is kind
 * byte || body || the first COP__MAIL_MAC_LEN bytes of
 * HMAC-SHA256(secret, kind byte || body), in URL-safe base64 without
 * padding: GLib's GHmac and base64, no crypto of our own.  The kind byte
 * is signed, so a token of one kind is never taken for another.
 */
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "mail_int.h"

#define SECRET_LEN 32

static const char *const kind_names[] = { "verify", "reply", "unsubscribe" };
COP__ENUM_NAMES(cop_mail_token_kind, cop_mail_token_kind, kind_names)

int cop__mail_table(cop_store *s, const cop_backend_mail **out)
{
	return COP__FEATURE_GET(s, out, mail, cop__sql_mail, "mail");
}

void cop__mail_put64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 7; i >= 0; i--, u >>= 8)
		p[i] = (unsigned char)(u & 0xff);
}

int64_t cop__mail_get64(const unsigned char *p)
{
	uint64_t u = 0;
	int i;

	for (i = 0; i < 8; i++)
		u = u << 8 | p[i];
	return (int64_t)u;
}

/* The stored secret into @p key: COP_ENOTFOUND when there is none. */
static int secret_read(cop_store *s, const cop_backend_mail *t,
	unsigned char key[SECRET_LEN])
{
	char *text = NULL;
	guchar *raw;
	gsize len = 0;
	int rc = t->secret_get(s->be, &text);

	if (rc == COP_ENOTFOUND)
		return rc;
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading the mail secret");
	raw = g_base64_decode(text, &len);
	cop_free(text);
	if (!raw || len != SECRET_LEN) {
		g_free(raw);
		return cop__error(s, COP_ECORRUPT, "the store's mail secret is "
			"malformed");
	}
	memcpy(key, raw, SECRET_LEN);
	memset(raw, 0, len);
	g_free(raw);
	return COP_OK;
}

/* The store's secret into @p key, made and stored first when there is
 * none (when @p make). */
static int secret(cop_store *s, int make, unsigned char key[SECRET_LEN])
{
	const cop_backend_mail *t;
	unsigned char fresh[SECRET_LEN];
	gchar *text;
	int rc;

	if ((rc = cop__mail_table(s, &t)) != COP_OK)
		return rc;
	if ((rc = secret_read(s, t, key)) != COP_ENOTFOUND || !make)
		return rc;
	if (getentropy(fresh, sizeof(fresh)) != 0)
		return cop__error(s, COP_EIO, "no random bytes for the mail "
			"secret");
	text = g_base64_encode(fresh, sizeof(fresh));
	memset(fresh, 0, sizeof(fresh));
	if ((rc = cop__write_begin(s)) != COP_OK) {
		g_free(text);
		return rc;
	}
	/* Another writer may have stored one first: read back what stays. */
	rc = t->secret_put(s->be, text);
	if (rc != COP_OK)
		rc = cop__be_error(s, rc, "storing the mail secret");
	if (rc == COP_OK)
		rc = secret_read(s, t, key);
	g_free(text);
	/* The secret is the store's own, made for whoever needs it first:
	 * the anonymous viewer's log cursors too, though it writes nothing
	 * else. */
	return cop__write_end_own(s, rc == COP_ENOTFOUND ? cop__error(s,
		COP_ECORRUPT, "the mail secret was not stored") : rc);
}

/* The signature of @p n bytes of @p msg. */
static void sign(const unsigned char key[SECRET_LEN], const unsigned char *msg,
	size_t n, unsigned char mac[COP__MAIL_MAC_LEN])
{
	GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, key, SECRET_LEN);
	guint8 full[32];
	gsize len = sizeof(full);

	g_hmac_update(h, msg, (gssize)n);
	g_hmac_get_digest(h, full, &len);
	g_hmac_unref(h);
	memcpy(mac, full, COP__MAIL_MAC_LEN);
}

int cop__mail_token_make(cop_store *s, int kind, const unsigned char *body,
	size_t n, char **out)
{
	unsigned char key[SECRET_LEN], msg[1 + COP__MAIL_BODY_MAX +
		COP__MAIL_MAC_LEN];
	gchar *b64, *p;
	size_t len;
	int rc;

	*out = NULL;
	if (n > COP__MAIL_BODY_MAX)
		return cop__error(s, COP_EINVAL, "a token's body is too long");
	if ((rc = secret(s, 1, key)) != COP_OK)
		return rc;
	msg[0] = (unsigned char)kind;
	memcpy(msg + 1, body, n);
	sign(key, msg, 1 + n, msg + 1 + n);
	memset(key, 0, sizeof(key));
	b64 = g_base64_encode(msg, 1 + n + COP__MAIL_MAC_LEN);
	for (p = b64; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	len = strcspn(b64, "=");
	if ((*out = cop_malloc(len + 1))) {
		memcpy(*out, b64, len);
		(*out)[len] = '\0';
	}
	g_free(b64);
	return *out ? COP_OK : cop__error(s, COP_ENOMEM, "out of memory");
}

/* Equal without a time that depends on where they differ. */
static int same_mac(const unsigned char *a, const unsigned char *b)
{
	unsigned char d = 0;
	int i;

	for (i = 0; i < COP__MAIL_MAC_LEN; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

/* Whether @p text (@p want characters, standard base64 without its
 * padding) is what encoding the @p len bytes of @p raw gives. */
static int canonical(const guchar *raw, gsize len, const char *text,
	size_t want)
{
	gchar *again = g_base64_encode(raw, len);
	int same = strncmp(again, text, want) == 0;

	g_free(again);
	return same;
}

int cop__mail_token_check(cop_store *s, int kind, const char *token,
	unsigned char *body, size_t n)
{
	/* Base64 of kind, body and signature, without its padding. */
	size_t want = ((1 + n + COP__MAIL_MAC_LEN) * 4 + 2) / 3, i;
	unsigned char key[SECRET_LEN], mac[COP__MAIL_MAC_LEN];
	char text[((1 + COP__MAIL_BODY_MAX + COP__MAIL_MAC_LEN) * 4 + 2) / 3 + 3];
	guchar *raw;
	gsize len = 0;
	int rc;

	if (!token || n > COP__MAIL_BODY_MAX || strlen(token) != want)
		return cop__error(s, COP_EINVAL, "not a mail token");
	for (i = 0; i < want; i++) {
		char c = token[i];
		if (!g_ascii_isalnum(c) && c != '-' && c != '_')
			return cop__error(s, COP_EINVAL, "not a mail token");
		text[i] = c == '-' ? '+' : c == '_' ? '/' : c;
	}
	while (i % 4)
		text[i++] = '=';
	text[i] = '\0';
	raw = g_base64_decode(text, &len);
	/* Only the text made for it: base64's last character has bits a
	 * decoder ignores, so an edit there would decode to the same token
	 * (canonical() refuses it). */
	if (!raw || len != 1 + n + COP__MAIL_MAC_LEN ||
	    !canonical(raw, len, text, want)) {
		g_free(raw);
		return cop__error(s, COP_EINVAL, "not a mail token");
	}
	rc = secret(s, 0, key);
	if (rc == COP_ENOTFOUND)   /* the store never made a token */
		rc = COP_EPERM;
	if (rc == COP_OK) {
		sign(key, raw, 1 + n, mac);
		memset(key, 0, sizeof(key));
		if (raw[0] != (guchar)kind || !same_mac(mac, raw + 1 + n))
			rc = COP_EPERM;
		else
			memcpy(body, raw + 1, n);
	}
	g_free(raw);
	if (rc == COP_EPERM)
		return cop__error(s, rc, "the mail token is not valid");
	return rc;
}

/* ---- the public tokens ----------------------------------------------------------- */

/* The two ids of a reply or unsubscribe token's body. */
#define PAIR_LEN 32

int cop_mail_token_make(char **out, cop_store *s, cop_mail_token_kind kind,
	const char *member, const char *object)
{
	unsigned char body[PAIR_LEN];
	cop_id m, o;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if (kind != COP_MAIL_TOKEN_REPLY && kind != COP_MAIL_TOKEN_UNSUBSCRIBE)
		return cop__error(s, COP_EINVAL, "cop_mail_token_make makes reply "
			"and unsubscribe tokens");
	if ((rc = cop__id_arg(s, &m, member, "member")) != COP_OK ||
	    (rc = cop__id_arg(s, &o, object, kind == COP_MAIL_TOKEN_REPLY ?
			"contribution" : "community")) != COP_OK)
		return rc;
	if (cop__actor(s))
		return cop__error(s, COP_EPERM, "only the system makes mail "
			"tokens");
	memcpy(body, m.bytes, 16);
	memcpy(body + 16, o.bytes, 16);
	if ((rc = cop__mail_token_make(s, kind, body, PAIR_LEN, out)) == COP_OK)
		cop__ok(s);
	return rc;
}

/* A new id's text into *out; COP_ENOMEM. */
static int id_dup(cop_store *s, const unsigned char *bytes, char **out)
{
	cop_id id;

	memcpy(id.bytes, bytes, 16);
	if (!(*out = cop_malloc(COP_ID_TEXT_LEN + 1)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	cop__id_text(*out, &id);
	return COP_OK;
}

int cop_mail_token_check(char **member, char **object, cop_store *s,
	cop_mail_token_kind kind, const char *token)
{
	unsigned char body[PAIR_LEN];
	int rc;

	if (member)
		*member = NULL;
	if (object)
		*object = NULL;
	if (!s)
		return COP_EINVAL;
	if (!member || !object)
		return cop__error(s, COP_EINVAL, "member or object is NULL");
	if (kind != COP_MAIL_TOKEN_REPLY && kind != COP_MAIL_TOKEN_UNSUBSCRIBE)
		return cop__error(s, COP_EINVAL, "cop_mail_token_check checks "
			"reply and unsubscribe tokens");
	if ((rc = cop__mail_token_check(s, kind, token, body, PAIR_LEN)) !=
	    COP_OK)
		return rc;
	if ((rc = id_dup(s, body, member)) == COP_OK &&
	    (rc = id_dup(s, body + 16, object)) != COP_OK) {
		cop_free(*member);
		*member = NULL;
	}
	return rc == COP_OK ? cop__ok(s) : rc;
}
