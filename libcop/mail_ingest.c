/*
 * mail_ingest.c: incoming mail (include/cop/mail.h, cop_mail_ingest();
 * docs/mail.md, "Incoming mail").
 *
 * A message is parsed with GMime 3, never by hand: its headers (decoded
 * to UTF-8 by GMime), its recipients, its MIME tree.  What it becomes is
 * decided here, in this order: a message GMime cannot read is refused
 * (COP_EFORMAT); a Message-ID taken in before changes nothing; an
 * auto-reply, bulk mail or a delivery status notification is dropped;
 * the sender must be a member by a verified address; a reply address
 * (reply+TOKEN@domain) must carry a reply token of the sender's member;
 * else a list address (SLUG@domain) names the community.  The member's
 * write then goes through the public API acting as that member, so what
 * they could not do there is refused here with the same code, and
 * changes nothing.  Every outcome but a duplicate is a line in the
 * change log, written as the system.
 */
#include <string.h>
#include <glib.h>
#include <gmime/gmime.h>

#include "mail_int.h"

static const char *const outcome_names[] = {
	"accepted", "duplicate", "refused", "auto-reply", "bounce"
};
COP__ENUM_NAMES(cop_mail_outcome, cop_mail_outcome, outcome_names)

/** The longest Message-ID kept as it is; a longer one is known by its
 *  hash. */
#define MID_MAX 250
/** The longest reason kept from the API's message. */
#define COP__MAIL_WHY_MAX 512
/** The longest title a thread takes from a Subject. */
#define TITLE_MAX 300

struct cop_mail_result {
	int outcome;
	int code;
	char *reason;
	char *message_id;
	int has_contribution;
	char contribution[COP_ID_TEXT_LEN + 1];
};

/* ---- the result ------------------------------------------------------------------- */

void cop_mail_result_free(cop_mail_result *r)
{
	if (!r)
		return;
	cop_free(r->reason);
	cop_free(r->message_id);
	cop_free(r);
}

cop_mail_outcome cop_mail_result_outcome_get(const cop_mail_result *r)
{
	return r ? (cop_mail_outcome)r->outcome : COP_MAIL_REFUSED;
}

int cop_mail_result_code(const cop_mail_result *r)
{
	return r ? r->code : COP_EINVAL;
}

const char *cop_mail_result_reason(const cop_mail_result *r)
{
	return r && r->reason ? r->reason : "";
}

const char *cop_mail_result_contribution_id(const cop_mail_result *r)
{
	return r && r->has_contribution ? r->contribution : NULL;
}

const char *cop_mail_result_message_id(const cop_mail_result *r)
{
	return r ? r->message_id : NULL;
}

/* Set the outcome and why (copied); COP_OK or COP_ENOMEM. */
static int set_outcome(cop_store *s, cop_mail_result *r, int outcome,
	int code, const char *reason)
{
	r->outcome = outcome;
	r->code = code;
	cop_free(r->reason);
	if (!(r->reason = cop_strdup(reason ? reason : "")))
		return cop__error(s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

/* ---- reading the message ---------------------------------------------------------- */

/* What the parts of a message give. */
typedef struct body_parts {
	char *plain;          /* the first text/plain part (g_malloc'd) */
	char *html;           /* the first text/html part (g_malloc'd) */
	GString *attachments; /* "- NAME (TYPE)\n" each */
	int report;           /* a message/delivery-status part */
} body_parts;

static void walk_parts(GMimeObject *o, body_parts *b)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	int i, n;

	if (GMIME_IS_MULTIPART(o)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(o));
		for (i = 0; i < n; i++)
			walk_parts(g_mime_multipart_get_part(GMIME_MULTIPART(o), i),
				b);
		return;
	}
	if (ct && (g_mime_content_type_is_type(ct, "message",
			"delivery-status") || g_mime_content_type_is_type(ct,
			"message", "global-delivery-status")))
		b->report = 1;
	if (GMIME_IS_TEXT_PART(o) && !g_mime_part_is_attachment(GMIME_PART(o))) {
		if (g_mime_content_type_is_type(ct, "text", "plain") && !b->plain) {
			b->plain = g_mime_text_part_get_text(GMIME_TEXT_PART(o));
			return;
		}
		if (g_mime_content_type_is_type(ct, "text", "html") && !b->html) {
			b->html = g_mime_text_part_get_text(GMIME_TEXT_PART(o));
			return;
		}
	}
	if (b->report)
		return;
	{
		const char *name = GMIME_IS_PART(o) ?
			g_mime_part_get_filename(GMIME_PART(o)) : NULL;
		char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
		char *vname = name ? g_utf8_make_valid(name, -1) : NULL;

		g_string_append_printf(b->attachments, "- %s (%s)\n",
			vname ? vname : "unnamed", type ? type : "unknown type");
		g_free(vname);
		g_free(type);
	}
}

/* 1 when header @p name has a value among the @p n of @p values (any
 * case, the first word only), or any value but "no" when @p values is
 * NULL. */
static int header_is(GMimeMessage *m, const char *name,
	const char *const *values, size_t n)
{
	const char *v = g_mime_object_get_header(GMIME_OBJECT(m), name);
	size_t i, len;

	if (!v)
		return 0;
	while (*v == ' ' || *v == '\t')
		v++;
	len = strcspn(v, " \t;\r\n");
	if (!values)
		return !(len == 2 && g_ascii_strncasecmp(v, "no", 2) == 0);
	for (i = 0; i < n; i++)
		if (len == strlen(values[i]) &&
		    g_ascii_strncasecmp(v, values[i], len) == 0)
			return 1;
	return 0;
}

/* COP_MAIL_AUTOREPLY, COP_MAIL_BOUNCE, or -1 for neither. */
static int dropped(GMimeMessage *m, const body_parts *b)
{
	static const char *const bulk[] = { "bulk", "junk", "list" };
	GMimeObject *top = g_mime_message_get_mime_part(m);
	GMimeContentType *ct = top ? g_mime_object_get_content_type(top) : NULL;
	const char *rt = ct ? g_mime_content_type_get_parameter(ct,
		"report-type") : NULL;

	if (b->report || (ct && g_mime_content_type_is_type(ct, "multipart",
			"report") && rt && g_ascii_strcasecmp(rt,
			"delivery-status") == 0))
		return COP_MAIL_BOUNCE;
	if (header_is(m, "Auto-Submitted", NULL, 0) ||
	    header_is(m, "Precedence", bulk, 3) ||
	    g_mime_object_get_header(GMIME_OBJECT(m), "X-Autoreply") ||
	    g_mime_object_get_header(GMIME_OBJECT(m), "X-Autorespond"))
		return COP_MAIL_AUTOREPLY;
	return -1;
}

/* The text a member wrote: CRLF made LF, quoted lines ("> ...") and the
 * line that introduces them ("On ... wrote:") left out, everything from
 * the signature separator ("-- ") or a forwarded original ("-----Original
 * Message-----") on cut, blank lines at either end dropped. */
static char *trim_text(const char *in)
{
	GString *out = g_string_new(NULL);
	gchar **lines = g_strsplit(in, "\n", -1);
	size_t i, n = g_strv_length(lines);

	for (i = 0; i < n; i++) {
		char *l = lines[i];
		size_t len = strlen(l);

		if (len && l[len - 1] == '\r')
			l[--len] = '\0';
		if (strcmp(l, "-- ") == 0 || strcmp(l, "--") == 0 ||
		    strstr(l, "-----Original Message-----"))
			break;
		if (l[0] == '>')
			continue;
		/* An attribution: the next non-blank line is quoted. */
		if (len >= 6 && g_str_has_suffix(g_strchomp(l), ":")) {
			size_t j = i + 1;
			while (j < n && (!lines[j][0] || !strcmp(lines[j], "\r")))
				j++;
			if (j < n && lines[j][0] == '>')
				continue;
		}
		g_string_append(out, l);
		g_string_append_c(out, '\n');
	}
	g_strfreev(lines);
	g_strstrip(out->str);
	out->len = strlen(out->str);
	return g_string_free(out, FALSE);
}

/* The title a Subject gives: reply and forward prefixes and a "[slug]"
 * tag left out, white space made one space, at most TITLE_MAX
 * characters; "(no subject)" when nothing is left. */
static char *title_of(const char *subject)
{
	static const char *const prefixes[] = { "re:", "fwd:", "fw:", "aw:",
		"sv:", "tr:" };
	char *t = g_utf8_make_valid(subject ? subject : "", -1), *p, *w;
	size_t i;
	int again = 1;

	for (p = t; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	p = g_strstrip(t);
	while (again) {
		again = 0;
		for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
			if (g_ascii_strncasecmp(p, prefixes[i], strlen(prefixes[i])) ==
			    0) {
				p = g_strchug(p + strlen(prefixes[i]));
				again = 1;
			}
		if (*p == '[' && strchr(p, ']')) {
			p = g_strchug(strchr(p, ']') + 1);
			again = 1;
		}
	}
	/* One space for each run of white space. */
	for (w = t; *p; p++)
		if (*p != ' ' || (w > t && w[-1] != ' '))
			*w++ = *p;
	*w = '\0';
	g_strchomp(t);
	if (g_utf8_strlen(t, -1) > TITLE_MAX)
		*g_utf8_offset_to_pointer(t, TITLE_MAX) = '\0';
	if (!*t) {
		g_free(t);
		t = g_strdup("(no subject)");
	}
	return t;
}

/* The Message-ID (without brackets), or "sha256:HEX" of the message's
 * bytes when it has none, or one too long or not UTF-8. */
static char *message_id_of(GMimeMessage *m, const char *msg, size_t len)
{
	const char *id = m ? g_mime_message_get_message_id(m) : NULL;

	gchar *hex, *v;

	if (id && *id && strlen(id) <= MID_MAX && g_utf8_validate(id, -1, NULL))
		return g_strdup(id);
	hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		(const guchar *)msg, len);
	v = g_strconcat("sha256:", hex, NULL);
	g_free(hex);
	return v;
}

/* ---- the message's sender and recipient ------------------------------------------ */

/* The From address lower-cased (g_malloc'd), or NULL. */
static char *sender_of(GMimeMessage *m)
{
	InternetAddressList *from = g_mime_message_get_from(m);
	InternetAddress *ia;
	int i, n = from ? internet_address_list_length(from) : 0;

	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(from, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			return g_utf8_strdown(internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(ia)), -1);
	}
	return NULL;
}

/* Where the message went on @p domain: *token a reply token (as written)
 * or *slug a community's list address (lower-cased), both g_malloc'd; a
 * reply address wins over a list address. */
static void recipient_of(GMimeMessage *m, const char *domain, char **token,
	char **slug)
{
	InternetAddressList *all = internet_address_list_new(), *rcpt;
	const char *envelope[] = { "Delivered-To", "X-Original-To" };
	int i, n;
	size_t e;

	*token = *slug = NULL;
	/* The envelope recipients the mail server wrote in, then To, Cc.
	 * (Appended: GMime 3.2's internet_address_list_prepend() writes past
	 * its array, as fuzz-mail found.) */
	for (e = 0; e < 2; e++) {
		const char *v = g_mime_object_get_header(GMIME_OBJECT(m),
			envelope[e]);
		InternetAddressList *l = v ? internet_address_list_parse(NULL, v) :
			NULL;
		if (l) {
			internet_address_list_append(all, l);
			g_object_unref(l);
		}
	}
	if ((rcpt = g_mime_message_get_all_recipients(m))) {
		internet_address_list_append(all, rcpt);
		g_object_unref(rcpt);
	}
	n = all ? internet_address_list_length(all) : 0;
	for (i = 0; i < n && !*token; i++) {
		InternetAddress *ia = internet_address_list_get_address(all, i);
		const char *addr, *at;

		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		addr = internet_address_mailbox_get_addr(
			INTERNET_ADDRESS_MAILBOX(ia));
		at = addr ? strrchr(addr, '@') : NULL;
		if (!at || g_ascii_strcasecmp(at + 1, domain) != 0)
			continue;
		if (g_ascii_strncasecmp(addr, "reply+", 6) == 0)
			*token = g_strndup(addr + 6, (gsize)(at - addr - 6));
		else if (!*slug)
			*slug = g_ascii_strdown(addr, at - addr);
	}
	if (*token) {
		g_free(*slug);
		*slug = NULL;
	}
	g_object_unref(all);
}

/* ---- taking it in -------------------------------------------------------------------- */

/* What one message holds, read. */
typedef struct incoming {
	GMimeMessage *m;
	char *mid, *sender, *token, *slug, *title, *body;
	body_parts parts;
} incoming;

static void incoming_clear(incoming *in)
{
	if (in->m)
		g_object_unref(in->m);
	g_free(in->mid);
	g_free(in->sender);
	g_free(in->token);
	g_free(in->slug);
	g_free(in->title);
	g_free(in->body);
	g_free(in->parts.plain);
	g_free(in->parts.html);
	if (in->parts.attachments)
		g_string_free(in->parts.attachments, TRUE);
}

/* The body: the trimmed text, then the attachments' list.  COP_OK, or a
 * refusal's code with *why. */
static int make_body(incoming *in, const char **why)
{
	char *text = NULL, *trimmed;
	int rc = COP_OK;

	if (in->parts.plain) {
		text = g_utf8_make_valid(in->parts.plain, -1);
	} else if (in->parts.html) {
		rc = cop__mail_html_text(in->parts.html, &text);
		if (rc == COP_ENOTSUP)
			*why = "HTML-only mail needs libxml2, which this libcop "
				"was built without";
		else if (rc != COP_OK)
			*why = "the HTML body could not be read";
		if (rc == COP_OK) {
			char *v = g_utf8_make_valid(text, -1);
			g_free(text);
			text = v;
		}
	}
	if (rc != COP_OK)
		return rc;
	trimmed = trim_text(text ? text : "");
	g_free(text);
	if (in->parts.attachments->len)
		in->body = g_strdup_printf("%s%sAttachments (not stored):\n%s",
			trimmed, *trimmed ? "\n\n" : "", in->parts.attachments->str);
	else
		in->body = g_strdup(trimmed);
	g_free(trimmed);
	g_strchomp(in->body);
	if (!*in->body) {
		*why = "the message has no text";
		return COP_EINVAL;
	}
	return COP_OK;
}

/* Act as @p member for the write: the thread or the reply through the
 * public API, its refusal's code and message kept; the caller's actor
 * after.  *contribution receives what was made. */
static int member_write(cop_store *s, const incoming *in,
	const char *member, const char *reply_to, const char *community,
	char *contribution)
{
	cop_contribution *c = NULL;
	cop_contribution_iter *it = NULL;
	cop_thread *t = NULL;
	cop_page pg = COP_PAGE_INIT;
	cop__mail_actor saved;
	int rc = cop__mail_act_as(s, member, &saved);

	if (rc == COP_OK && reply_to) {
		rc = cop_contribution_lookup(&c, s, reply_to);
		if (rc == COP_OK) {
			char thread[COP_ID_TEXT_LEN + 1];
			snprintf(thread, sizeof(thread), "%s",
				cop_contribution_thread_id(c));
			cop_contribution_free(c);
			c = NULL;
			rc = cop_contribution_create(&c, s, thread,
				COP_CONTRIB_REPLY, reply_to, NULL, NULL, in->body);
		}
	} else if (rc == COP_OK) {
		rc = cop_thread_create(&t, s, community, COP_THREAD_DISCUSSION,
			in->title, NULL, NULL, in->body);
		/* The thread's first post is the contribution. */
		pg.limit = 1;
		if (rc == COP_OK)
			rc = cop_contribution_iter_new(&it, s, cop_thread_id(t), &pg);
		if (rc == COP_OK)
			rc = cop_contribution_iter_next(&c, it);
		cop_contribution_iter_free(it);
		cop_thread_free(t);
	}
	if (rc == COP_OK)
		snprintf(contribution, COP_ID_TEXT_LEN + 1, "%s",
			cop_contribution_id(c));
	cop_contribution_free(c);
	cop__mail_actor_restore(s, &saved);
	return rc;
}

/* The member whose verified address sent it into @p member (text id):
 * COP_OK, or a refusal (with *why), or a failure (recorded). */
static int sender_member(cop_store *s, const cop_backend_mail *t,
	const incoming *in, char *member, const char **why)
{
	cop_email_rec e;
	int rc;

	if (!in->sender) {
		*why = "the message has no sender";
		return COP_EFORMAT;
	}
	memset(&e, 0, sizeof(e));
	rc = t->email_get(s->be, in->sender, &e);
	if (rc != COP_OK && rc != COP_ENOTFOUND)
		return cop__be_error(s, rc, "reading an address");
	if (rc == COP_OK && e.verified)
		cop__id_text(member, &e.member_id);
	else
		rc = COP_EPERM;
	cop_rec_clear(COP_REC_EMAIL, &e);
	if (rc == COP_EPERM)
		*why = "the sender is no member's verified address";
	return rc;
}

/* Decide and write, in the caller's transaction: *r's outcome; a
 * failure only when the store failed. */
static int take_in(cop_store *s, const cop_backend_mail *t, incoming *in,
	cop_mail_result *r)
{
	char member[COP_ID_TEXT_LEN + 1], *tok_member = NULL, *tok_object = NULL;
	char msg[COP__MAIL_WHY_MAX];
	const char *why = NULL;
	cop_id cid, kid;
	int rc, kind, refusal;

	kind = dropped(in->m, &in->parts);
	if (kind >= 0) {
		rc = set_outcome(s, r, kind, COP_OK, kind == COP_MAIL_BOUNCE ?
			"a delivery status notification" : "an automatic reply or "
			"bulk mail");
		return rc == COP_OK ? cop__log(s, "mail.dropped", &cop__nil_id, NULL) : rc;
	}
	refusal = sender_member(s, t, in, member, &why);
	if (refusal < 0 && !why)
		return refusal;   /* the store failed */
	if (refusal == COP_OK && !in->token && !in->slug) {
		refusal = COP_ENOTFOUND;
		why = "no list or reply address of the domain";
	}
	if (refusal == COP_OK && in->token) {
		refusal = cop_mail_token_check(&tok_member, &tok_object, s,
			COP_MAIL_TOKEN_REPLY, in->token);
		if (refusal == COP_EINVAL || refusal == COP_EPERM)
			why = "the reply address is not valid";
		else if (refusal != COP_OK)
			return refusal;
		else if (strcmp(tok_member, member) != 0) {
			refusal = COP_EPERM;
			why = "the reply address is another member's";
		}
	}
	if (refusal == COP_OK && (refusal = make_body(in, &why)) == COP_OK) {
		rc = member_write(s, in, member, in->token ? tok_object : NULL,
			in->slug, r->contribution);
		refusal = rc;
		if (rc != COP_OK) {
			/* The API's message, before the next call replaces it. */
			snprintf(msg, sizeof(msg), "%s", cop_errmsg(s));
			why = msg;
		}
	}
	cop_text_dispose(tok_member);
	cop_text_dispose(tok_object);
	if (refusal == COP_ENOMEM || refusal == COP_EIO ||
	    refusal == COP_EBUSY || refusal == COP_EREADONLY)
		return refusal;
	if (refusal != COP_OK) {
		rc = set_outcome(s, r, COP_MAIL_REFUSED, refusal, why);
		return rc == COP_OK ? cop__log(s, "mail.refused", &cop__nil_id, NULL) : rc;
	}
	r->has_contribution = 1;
	cop_id_parse(&kid, r->contribution);
	rc = set_outcome(s, r, COP_MAIL_ACCEPTED, COP_OK, "");
	if (rc == COP_OK) {
		cop_contribution *c = NULL;
		rc = cop_contribution_lookup(&c, s, r->contribution);
		if (rc == COP_OK)
			rc = cop_id_parse(&cid, cop_contribution_community_id(c));
		cop_contribution_free(c);
	}
	if (rc == COP_OK &&
	    (rc = t->message_put(s->be, in->mid, &cid, &kid, cop__now(s))) !=
	    COP_OK)
		rc = cop__be_error(s, rc, "recording a message");
	return rc == COP_OK ? cop__log(s, "mail.accepted", &kid, &cid) : rc;
}

int cop_mail_ingest(cop_mail_result **out, cop_store *s, const char *domain,
	const char *message, size_t len)
{
	const cop_backend_mail *t;
	cop_mail_result *r;
	incoming in;
	cop_id cid, kid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if (!domain || !*domain || strchr(domain, '@') || !message)
		return cop__error(s, COP_EINVAL, "cop_mail_ingest needs a domain "
			"and a message");
	if (cop__actor(s))
		return cop__error(s, COP_EPERM, "only the system takes in mail");
	if ((rc = cop__mail_table(s, &t)) != COP_OK)
		return rc;
	if (!(r = cop_mallocz(sizeof(*r))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	memset(&in, 0, sizeof(in));
	cop__mail_gmime_init();
	{
		GMimeStream *st = g_mime_stream_mem_new_with_buffer(message, len);
		GMimeParser *p = g_mime_parser_new_with_stream(st);
		in.m = g_mime_parser_construct_message(p, NULL);
		g_object_unref(p);
		g_object_unref(st);
	}
	in.mid = message_id_of(in.m, message, len);
	if (!(r->message_id = cop_strdup(in.mid)))
		rc = cop__error(s, COP_ENOMEM, "out of memory");
	if (rc == COP_OK && (rc = cop__write_begin(s)) == COP_OK) {
		rc = t->message_get(s->be, in.mid, &cid, &kid);
		if (rc == COP_OK) {
			/* Taken in before: nothing changes. */
			r->has_contribution = memcmp(&kid, &cop__nil_id,
				sizeof(kid)) != 0;
			if (r->has_contribution)
				cop__id_text(r->contribution, &kid);
			rc = set_outcome(s, r, COP_MAIL_DUPLICATE, COP_OK,
				"the message was taken in before");
		} else if (rc != COP_ENOTFOUND) {
			rc = cop__be_error(s, rc, "reading a message");
		} else if (!in.m) {
			rc = set_outcome(s, r, COP_MAIL_REFUSED, COP_EFORMAT,
				"not a mail message");
			if (rc == COP_OK)
				rc = cop__log(s, "mail.refused", &cop__nil_id, NULL);
		} else {
			in.parts.attachments = g_string_new(NULL);
			walk_parts(g_mime_message_get_mime_part(in.m), &in.parts);
			in.sender = sender_of(in.m);
			recipient_of(in.m, domain, &in.token, &in.slug);
			in.title = title_of(g_mime_message_get_subject(in.m));
			rc = take_in(s, t, &in, r);
		}
		rc = cop__write_end(s, rc);
	}
	incoming_clear(&in);
	if (rc != COP_OK) {
		cop_mail_result_free(r);
		return rc;
	}
	*out = r;
	return cop__ok(s);
}
