/*
 * import_mbox.c: importing mailing-list archives (mbox files, Mailman's
 * monthly archives, plain or gzip-compressed) with GMime 3's mbox parser.
 *
 * The files are parsed once, a message at a time, and memory holds only
 * what threading needs (each message's ids, subject, date and author),
 * never the bodies:
 *   1. each message's Message-ID (a synthetic one when it has none),
 *      whether it was imported before (cop_mail_message), its author (a
 *      member per distinct From address, found by cop_member_email or
 *      made), its References and In-Reply-To, which link it in the JWZ
 *      containers (import_mbox_jwz.c); a new message's body, decoded to
 *      UTF-8, goes to an unlinked temporary file (the spool);
 *   2. after threading, the new messages written in input order, their
 *      bodies read back from the spool: a thread when its first message
 *      comes, each contribution with its reply_to, its Message-ID
 *      recorded.
 * Members, threads and contributions are written through the backend as
 * the Stack Exchange importer writes them (import_se_rows.c): the
 * message's author and time, the thread's count and activity bumped
 * (cop_backend_export.thread_bump) and the contribution counted in its
 * author's standing (cop__recognition_contribution), the store's clock
 * set to the message's date.  The whole import is one write transaction.
 * See docs/mail-archives.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <gmime/gmime.h>
#include <zlib.h>

#include "import_mbox.h"

#define MB_PROGRESS_EVERY 64        /* messages between progress reports */
#define MB_NAME_MAX 200             /* display names, in code points */
#define MB_TITLE_MAX 300            /* titles, in code points */
#define MB_ID_MAX 900               /* longer Message-IDs: synthetic */
#define MB_REFS_MAX 1000            /* references read of a message */
#define MB_CHUNK 65536

/* The mail table (cop_backend_mail), which incoming mail shares: the
 * members' addresses and the messages imported. */
#define MBOX(s, out) \
	COP__FEATURE_GET(s, out, mail, cop__sql_mail, "mail archive")

struct mb_chunk {
	mb_chunk *next;
	size_t used, cap;
	char data[];
};

char *cop__mb_strndup(mb *x, const char *v, size_t n)
{
	mb_chunk *c = x->arena;
	char *p;

	if (!c || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > MB_CHUNK ? n + 1 : MB_CHUNK;
		if (!(c = cop_malloc(sizeof(*c) + cap)))
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = x->arena;
		x->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, v, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

static void mb_arena_free(mb *x)
{
	while (x->arena) {
		mb_chunk *n = x->arena->next;
		cop_free(x->arena);
		x->arena = n;
	}
}

static gpointer mb_gmime_init(gpointer unused)
{
	(void)unused;
	g_mime_init();
	return NULL;
}

/* ---- reading a file ------------------------------------------------------------ */

/* An mbox file open for reading: the parser over the file's stream (or
 * its gunzip filter). */
typedef struct mb_file {
	GMimeStream *stream;
	GMimeParser *parser;
	uint64_t size;                 /* of the mbox, in bytes */
} mb_file;

static void mb_close(mb_file *f)
{
	if (f->parser)
		g_object_unref(f->parser);
	if (f->stream)
		g_object_unref(f->stream);
	memset(f, 0, sizeof(*f));
}

/* gzip file @p fd (closed) decompressed into an unlinked temporary file,
 * whose descriptor *out receives; a damaged file is COP_EFORMAT. */
static int mb_gunzip(mb *x, int fd, const char *path, int *out,
	uint64_t *size)
{
	char buf[65536];
	gzFile gz;
	FILE *tmp;
	int n, e;

	*size = 0;
	*out = -1;
	if (!(tmp = tmpfile())) {
		close(fd);
		return cop__error(x->s, COP_EIO, "%s: cannot make a temporary "
			"file", path);
	}
	if (!(gz = gzdopen(fd, "rb"))) {
		close(fd);
		fclose(tmp);
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	}
	while ((n = gzread(gz, buf, sizeof(buf))) > 0) {
		if (fwrite(buf, 1, (size_t)n, tmp) != (size_t)n) {
			n = -2;
			break;
		}
		*size += (uint64_t)n;
	}
	/* A truncated file reads as an early end (Z_BUF_ERROR). */
	gzerror(gz, &e);
	if (n == 0 && (!gzeof(gz) || (e != Z_OK && e != Z_STREAM_END)))
		n = -1;
	gzclose(gz);
	if (n < 0 || fflush(tmp) != 0) {
		fclose(tmp);
		return cop__error(x->s, n == -2 ? COP_EIO : COP_EFORMAT, "%s: %s",
			path, n == -2 ? "cannot write a temporary file" :
			"a damaged gzip file");
	}
	*out = dup(fileno(tmp));
	fclose(tmp);
	if (*out < 0 || lseek(*out, 0, SEEK_SET) != 0) {
		if (*out >= 0)
			close(*out);
		*out = -1;
		return cop__error(x->s, COP_EIO, "%s: cannot read a temporary "
			"file", path);
	}
	return COP_OK;
}

static int mb_open(mb *x, const char *path, mb_file *f)
{
	unsigned char head[2];
	struct stat st;
	int fd, rc;

	memset(f, 0, sizeof(*f));
	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return cop__error(x->s, e == ENOENT ? COP_ENOTFOUND : COP_EIO,
			"%s: %s", path, e == ENOENT ? "no such file" :
			"cannot open");
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return cop__error(x->s, COP_EINVAL, "%s: not a file", path);
	}
	f->size = (uint64_t)st.st_size;
	/* gzip (RFC 1952): decompressed with zlib first. */
	if (pread(fd, head, 2, 0) == 2 && head[0] == 0x1f && head[1] == 0x8b &&
	    (rc = mb_gunzip(x, fd, path, &fd, &f->size)) != COP_OK)
		return rc;
	f->stream = g_mime_stream_fs_new(fd);
	f->parser = g_mime_parser_new_with_stream(f->stream);
	g_mime_parser_set_format(f->parser, GMIME_FORMAT_MBOX);
	return COP_OK;
}

/* The next message (owned by the caller), NULL at the end; a file that is
 * not an mbox, or a damaged gzip file, is COP_EFORMAT. */
static int mb_next(mb *x, mb_file *f, long n, GMimeMessage **out)
{
	*out = NULL;
	if (g_mime_parser_eos(f->parser))
		return COP_OK;
	if (!(*out = g_mime_parser_construct_message(f->parser, NULL))) {
		if (n == 0 && g_mime_parser_tell(f->parser) == 0 && f->size == 0)
			return COP_OK;
		return cop__error(x->s, COP_EFORMAT, "%s: %s (message %ld)",
			x->fname, n == 0 ? "not an mbox file" : "a damaged message",
			n + 1);
	}
	return COP_OK;
}

static void mb_progress(mb *x, mb_file *f, int force, long n)
{
	uint64_t done;

	if (!x->opts || !x->opts->progress ||
	    (!force && n % MB_PROGRESS_EVERY != 0))
		return;
	done = (uint64_t)g_mime_parser_tell(f->parser);
	if (done > f->size || (force && n > 0))
		done = f->size;
	x->opts->progress(x->opts->progress_ctx, x->fname, done, f->size);
}

/* ---- a message's fields ------------------------------------------------------ */

/* A copy of @p v made valid UTF-8, control characters as spaces, at most
 * @p max code points (g_free). */
static char *mb_line(const char *v, long max)
{
	char *t = g_utf8_make_valid(v ? v : "", -1), *p, *cut;

	for (p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	g_strstrip(t);
	if (g_utf8_strlen(t, -1) > max) {
		cut = g_utf8_substring(t, 0, max);
		g_free(t);
		t = cut;
	}
	return t;
}

/* The first mailbox of From: its address lower-cased and name (g_free),
 * Mailman's "user at example.org (Name)" read as an address. */
static void mb_from(GMimeMessage *msg, char **addr, char **name)
{
	const char *raw = g_mime_object_get_header(GMIME_OBJECT(msg), "From");
	InternetAddressList *l = NULL, *owned = NULL;
	int i;

	*addr = *name = NULL;
	if (raw && !strchr(raw, '@') && strstr(raw, " at ")) {
		GString *g = g_string_new(raw);
		const char *at = strstr(g->str, " at ");
		g_string_erase(g, at - g->str, 4);
		g_string_insert_c(g, at - g->str, '@');
		l = owned = internet_address_list_parse(NULL, g->str);
		g_string_free(g, TRUE);
	} else {
		l = g_mime_message_get_from(msg);
	}
	for (i = 0; l && i < internet_address_list_length(l); i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		const char *a, *nm;
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		if (!a || !*a || !g_utf8_validate(a, -1, NULL))
			continue;
		*addr = g_utf8_strdown(a, -1);
		nm = internet_address_get_name(ia);
		if (nm && *nm)
			*name = mb_line(nm, MB_NAME_MAX);
		break;
	}
	if (owned)
		g_object_unref(owned);
}

/* The first text part under @p o, text/plain preferred. */
static GMimeTextPart *mb_text_part(GMimeObject *o)
{
	GMimeTextPart *html = NULL;
	int i, n;

	if (!o)
		return NULL;
	if (GMIME_IS_TEXT_PART(o))
		return GMIME_TEXT_PART(o);
	if (GMIME_IS_MESSAGE_PART(o))
		return NULL;
	if (!GMIME_IS_MULTIPART(o))
		return NULL;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(o));
	for (i = 0; i < n; i++) {
		GMimeObject *p = g_mime_multipart_get_part(GMIME_MULTIPART(o), i);
		GMimeTextPart *t = mb_text_part(p);
		GMimeContentType *ct;
		if (!t)
			continue;
		ct = g_mime_object_get_content_type(GMIME_OBJECT(t));
		if (ct && g_mime_content_type_is_type(ct, "text", "plain"))
			return t;
		if (!html)
			html = t;
	}
	return html;
}

/* The body as UTF-8 (g_free): the text part's text in its charset, bytes
 * that are not read as ISO-8859-1; mbox's ">From " lines unquoted once;
 * at most COP_BODY_MAX bytes.  *html when it is text/html. */
static char *mb_body(GMimeMessage *msg, int *html)
{
	GMimeTextPart *t = mb_text_part(g_mime_message_get_body(msg));
	char *text = NULL, *p, *q;
	size_t n;

	*html = 0;
	if (t) {
		GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(t));
		*html = ct && g_mime_content_type_is_type(ct, "text", "html");
		text = g_mime_text_part_get_text(t);
	}
	if (text && !g_utf8_validate(text, -1, NULL)) {
		char *u = g_convert(text, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
		g_free(text);
		text = u;
	}
	if (!text || !*text) {
		g_free(text);
		return g_strdup("(no text)");
	}
	/* ">From " at a line's start is how mbox keeps a "From " line. */
	for (p = q = text; *p; ) {
		int bol = p == text || p[-1] == '\n';
		if (bol && *p == '>') {
			const char *r = p;
			while (*r == '>')
				r++;
			if (!strncmp(r, "From ", 5))
				p++;
		}
		*q++ = *p++;
	}
	*q = '\0';
	n = strlen(text);
	if (n > COP_BODY_MAX) {
		n = COP_BODY_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
		text[n] = '\0';
	}
	return text;
}

/* The Message-ID, or for a message without one (or with one that is not
 * UTF-8 or is longer than MB_ID_MAX) "<sha256>@mbox.libcop.invalid", the
 * SHA-256 of its From address, date, subject and body (g_free). */
static char *mb_message_id(GMimeMessage *msg, const char *addr, cop_time date,
	const char *subject)
{
	const char *id = g_mime_message_get_message_id(msg);
	GChecksum *ck;
	char *body, *out, when[32];
	int html;

	if (id && *id && strlen(id) <= MB_ID_MAX && g_utf8_validate(id, -1, NULL))
		return g_strdup(id);
	ck = g_checksum_new(G_CHECKSUM_SHA256);
	snprintf(when, sizeof(when), "%lld", (long long)date);
	g_checksum_update(ck, (const guchar *)(addr ? addr : ""), -1);
	g_checksum_update(ck, (const guchar *)"\n", 1);
	g_checksum_update(ck, (const guchar *)when, -1);
	g_checksum_update(ck, (const guchar *)"\n", 1);
	g_checksum_update(ck, (const guchar *)subject, -1);
	g_checksum_update(ck, (const guchar *)"\n", 1);
	body = mb_body(msg, &html);
	g_checksum_update(ck, (const guchar *)body, -1);
	g_free(body);
	out = g_strdup_printf("%s@mbox.libcop.invalid",
		g_checksum_get_string(ck));
	g_checksum_free(ck);
	return out;
}

/* ---- members ----------------------------------------------------------------- */

/* A free handle made from the address's local part. */
static int mb_handle(mb *x, const char *addr, char *out, size_t cap)
{
	cop_store *s = x->s;
	char base[41];
	size_t n = 0;
	int i, rc;

	for (; *addr && *addr != '@' && n + 1 < sizeof(base); addr++) {
		unsigned char c = (unsigned char)*addr;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-')
			base[n++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			base[n++] = (char)(c - 'A' + 'a');
		else if (n > 0 && base[n - 1] != '-')
			base[n++] = '-';
	}
	while (n > 0 && base[n - 1] == '-')
		n--;
	base[n] = '\0';
	if (n == 0)
		snprintf(base, sizeof(base), "member");
	for (i = 1; ; i++) {
		cop_member_rec other;
		cop_key k;
		if (i == 1)
			snprintf(out, cap, "%s", base);
		else
			snprintf(out, cap, "%s-%d", base, i);
		memset(&k, 0, sizeof(k));
		memset(&other, 0, sizeof(other));
		k.name = out;
		rc = s->be->get(s->be, COP_REC_MEMBER, &k, &other);
		cop_rec_clear(COP_REC_MEMBER, &other);
		if (rc == COP_ENOTFOUND)
			return COP_OK;
		if (rc != COP_OK)
			return cop__be_error(s, rc, "reading a member");
	}
}

/* The member whose address is @p addr into *member; COP_ENOTFOUND when
 * no member has it. */
static int mb_email_member(cop_store *s, const cop_backend_mail *mt,
	const char *addr, cop_id *member)
{
	cop_email_rec e;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = mt->email_get(s->be, addr, &e)) == COP_OK)
		*member = e.member_id;
	cop_rec_clear(COP_REC_EMAIL, &e);
	return rc;
}

/* The contribution message @p id became into *contribution (nil: none);
 * COP_ENOTFOUND when it is not recorded. */
static int mb_message_get(cop_store *s, const cop_backend_mail *mt,
	const char *id, cop_id *contribution)
{
	cop_id community;

	return mt->message_get(s->be, id, &community, contribution);
}

/* The member of author @p a: the one with the address, else a new one
 * (the address recorded, unverified); a member of the community. */
static int mb_member(mb *x, mb_author *a, const char *name, cop_time date)
{
	const cop_backend_mail *mt;
	cop_store *s = x->s;
	cop_membership_rec ms;
	cop_key k;
	int rc;

	if (a->resolved)
		return COP_OK;
	if ((rc = MBOX(s, &mt)) != COP_OK)
		return rc;
	rc = mb_email_member(s, mt, a->addr, &a->member);
	if (rc == COP_ENOTFOUND) {
		cop_member_rec m;
		cop_email_rec e;
		char handle[64];
		memset(&m, 0, sizeof(m));
		if ((rc = mb_handle(x, a->addr, handle, sizeof(handle))) != COP_OK ||
		    (rc = cop__id_new(s, &m.id)) != COP_OK)
			return rc;
		m.handle = handle;
		m.display_name = (char *)(name ? name : handle);
		m.status = COP_MEMBER_ACTIVE;
		m.created = date;
		if ((rc = s->be->insert(s->be, COP_REC_MEMBER, &m)) != COP_OK)
			return cop__be_error(s, rc, "creating a member");
		memset(&e, 0, sizeof(e));
		e.member_id = m.id;
		e.address = (char *)a->addr;
		e.is_primary = 1;
		e.created = date;
		if ((rc = mt->email_insert(s->be, &e)) != COP_OK)
			return cop__be_error(s, rc, "recording an address");
		a->member = m.id;
		x->rep.members++;
		x->changed = 1;
	} else if (rc != COP_OK) {
		return cop__be_error(s, rc, "reading an address");
	}
	memset(&k, 0, sizeof(k));
	memset(&ms, 0, sizeof(ms));
	k.id = x->c.id;
	k.id2 = a->member;
	rc = s->be->get(s->be, COP_REC_MEMBERSHIP, &k, &ms);
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	if (rc == COP_ENOTFOUND) {
		memset(&ms, 0, sizeof(ms));
		ms.community_id = x->c.id;
		ms.member_id = a->member;
		ms.role = COP_ROLE_MEMBER;
		ms.status = COP_MEMBERSHIP_ACTIVE;
		ms.joined = date;
		if ((rc = s->be->insert(s->be, COP_REC_MEMBERSHIP, &ms)) != COP_OK)
			return cop__be_error(s, rc, "adding a membership");
		x->changed = 1;
	} else if (rc != COP_OK) {
		return cop__be_error(s, rc, "reading a membership");
	}
	a->resolved = 1;
	return COP_OK;
}

/* The author of address @p addr (made when new) into *out. */
static int mb_author_of(mb *x, const char *addr, int32_t *out)
{
	size_t n = strlen(addr), pos = 0;
	uint64_t h = cop__hash_bytes(addr, n, 0), i;
	int rc;

	while (cop__htab_next(&x->ahash, h, &pos, &i))
		if (!strcmp(x->author[i].addr, addr)) {
			*out = (int32_t)i;
			return COP_OK;
		}
	if ((rc = cop__grow(x->s, &x->author, x->nauthor, &x->capauthor,
			sizeof(*x->author), 256)) != COP_OK)
		return rc;
	memset(&x->author[x->nauthor], 0, sizeof(*x->author));
	if (!(x->author[x->nauthor].addr = cop__mb_strndup(x, addr, n)) ||
	    cop__htab_add(&x->ahash, h, x->nauthor) != 0)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	*out = (int32_t)x->nauthor++;
	return COP_OK;
}

/* ---- pass 1: the headers ------------------------------------------------------- */

/* The boxes of a message's References (then In-Reply-To's first id when
 * it is not the last of them), oldest first. */
static int mb_refs(mb *x, GMimeMessage *msg, int32_t **refs, size_t *cap,
	size_t *n)
{
	static const char *const hdr[2] = { "References", "In-Reply-To" };
	int h, i, rc;

	*n = 0;
	for (h = 0; h < 2; h++) {
		const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), hdr[h]);
		GMimeReferences *r;
		int len;
		if (!v || !(r = g_mime_references_parse(NULL, v)))
			continue;
		len = g_mime_references_length(r);
		for (i = 0; i < len && *n < MB_REFS_MAX; i++) {
			const char *id = g_mime_references_get_message_id(r, i);
			int32_t b;
			if (!id || !*id || strlen(id) > MB_ID_MAX)
				continue;
			if ((rc = cop__mb_box(x, id, &b)) != COP_OK) {
				g_mime_references_free(r);
				return rc;
			}
			if (h == 1 && *n > 0 && (*refs)[*n - 1] == b)
				break;
			if ((rc = cop__grow(x->s, refs, *n, cap, sizeof(**refs), 16))
					!= COP_OK) {
				g_mime_references_free(r);
				return rc;
			}
			(*refs)[(*n)++] = b;
			if (h == 1)
				break;
		}
		g_mime_references_free(r);
	}
	return COP_OK;
}

/* The body of new message @p m, decoded, appended to the spool. */
static int mb_spool(mb *x, GMimeMessage *msg, mb_msg *m)
{
	char *body;
	size_t n;
	int rc = COP_OK;

	if (!x->spool && !(x->spool = tmpfile()))
		return cop__error(x->s, COP_EIO, "cannot make a temporary file");
	body = mb_body(msg, &m->html);
	n = strlen(body);
	m->body_len = (uint32_t)n;
	if (fwrite(body, 1, n, x->spool) != n)
		rc = cop__error(x->s, COP_EIO, "cannot write a temporary file");
	g_free(body);
	return rc;
}

static int mb_read_headers(mb *x, GMimeMessage *msg, int32_t **refs,
	size_t *cap)
{
	const cop_backend_mail *mt;
	cop_store *s = x->s;
	GDateTime *d = g_mime_message_get_date(msg);
	char *addr = NULL, *name = NULL, *subject, *id;
	mb_msg *m;
	size_t nrefs;
	int32_t mi, b;
	int rc;

	if ((rc = MBOX(s, &mt)) != COP_OK ||
	    (rc = cop__grow(s, &x->msg, x->nmsg, &x->capmsg, sizeof(*x->msg),
			1024)) != COP_OK)
		return rc;
	if (x->nmsg >= INT32_MAX / 2)
		return cop__error(s, COP_ETOOBIG, "too many messages");
	mi = (int32_t)x->nmsg++;
	m = &x->msg[mi];
	memset(m, 0, sizeof(*m));
	m->author = m->box = m->thread = -1;
	m->state = MB_NEW;
	m->date = d ? (cop_time)g_date_time_to_unix(d) * 1000 +
		g_date_time_get_microsecond(d) / 1000 : -1;
	mb_from(msg, &addr, &name);
	subject = mb_line(g_mime_message_get_subject(msg), MB_TITLE_MAX);
	id = mb_message_id(msg, addr, m->date, subject);
	m->subject = cop__mb_strndup(x, subject, strlen(subject));
	rc = m->subject ? cop__mb_box(x, id, &b) :
		cop__error(s, COP_ENOMEM, "out of memory");
	if (rc != COP_OK)
		goto out;
	m->box = b;
	m->id = x->box[b].key;
	if (x->box[b].msg >= 0) {
		m->state = MB_DUP;
		x->rep.skipped_posts++;
		goto out;
	}
	rc = mb_message_get(s, mt, m->id, &m->contrib);
	if (rc == COP_OK) {
		m->state = MB_OLD;
		x->rep.unchanged++;
	} else if (rc != COP_ENOTFOUND) {
		rc = cop__be_error(s, rc, "reading a message id");
		goto out;
	} else if (!addr || m->date < 0) {
		m->state = MB_SKIP;
		x->rep.skipped_posts++;
		rc = COP_OK;
		goto out;
	} else {
		s->fixed_now = m->date;
		if ((rc = mb_author_of(x, addr, &m->author)) != COP_OK ||
		    (rc = mb_member(x, &x->author[m->author], name, m->date))
				!= COP_OK ||
		    (rc = cop__id_new(s, &m->contrib)) != COP_OK)
			goto out;
	}
	if (m->state == MB_NEW && (rc = mb_spool(x, msg, m)) != COP_OK)
		goto out;
	x->box[b].msg = mi;
	if ((rc = mb_refs(x, msg, refs, cap, &nrefs)) == COP_OK)
		cop__mb_link(x, mi, *refs, nrefs);
out:
	g_free(addr);
	g_free(name);
	g_free(subject);
	g_free(id);
	return rc;
}

/* ---- pass 2: the new messages written ---------------------------------------- */

/* Write new message @p i, its body @p body (its thread first when it is
 * not yet). */
static int mb_write(mb *x, size_t i, char *body)
{
	const cop_backend_export *xt;
	const cop_backend_mail *mt;
	cop_store *s = x->s;
	mb_msg *m = &x->msg[i];
	mb_thread *t;
	cop_thread_rec tr;
	cop_contribution_rec c;
	int rc;

	if (m->state != MB_NEW)
		return COP_OK;
	if ((rc = MBOX(s, &mt)) != COP_OK || (rc = COP__EXPORT(s, &xt)) != COP_OK)
		return rc;
	t = &x->thread[m->thread];
	memset(&tr, 0, sizeof(tr));
	tr.id = t->id;
	tr.community_id = x->c.id;
	tr.tags = (char *)"";
	if (!t->exists && !t->written) {
		const mb_msg *f = &x->msg[t->first];
		tr.author_id = x->author[f->author].member;
		tr.kind = COP_THREAD_DISCUSSION;
		tr.state = cop__thread_state_of(&tr);
		tr.title = (char *)(*f->subject ? f->subject : "(no subject)");
		tr.language = x->c.language;
		tr.created = tr.last_activity = f->date;
		s->fixed_now = f->date;
		if ((rc = s->be->insert(s->be, COP_REC_THREAD, &tr)) != COP_OK)
			return cop__be_error(s, rc, "creating a thread");
		t->written = 1;
		x->rep.threads++;
	}
	memset(&c, 0, sizeof(c));
	c.id = m->contrib;
	c.thread_id = t->id;
	c.community_id = x->c.id;
	c.author_id = x->author[m->author].member;
	c.kind = t->first == (int32_t)i ? COP_CONTRIB_POST : COP_CONTRIB_REPLY;
	c.reply_to = m->reply_to;
	c.language = x->c.language;
	c.created = m->date;
	c.revision = 1;
	c.body = body;
	c.format = m->html ? COP_FORMAT_HTML : COP_FORMAT_MARKDOWN;
	s->fixed_now = m->date;
	if ((rc = s->be->insert(s->be, COP_REC_CONTRIBUTION, &c)) != COP_OK)
		rc = cop__be_error(s, rc, "creating a contribution");
	else if ((rc = xt->thread_bump(s->be, &t->id, m->date)) != COP_OK)
		rc = cop__be_error(s, rc, "updating a thread");
	else if ((rc = cop__recognition_contribution(s, &c, &tr)) != COP_OK)
		;
	else if ((rc = mt->message_put(s->be, m->id, &x->c.id, &m->contrib,
			m->date)) != COP_OK)
		rc = cop__be_error(s, rc, "recording a message id");
	if (rc == COP_OK) {
		x->rep.contributions++;
		x->changed = 1;
	}
	return rc;
}

/* Pass 1 over one file: every message's headers, new bodies spooled. */
static int mb_read(mb *x, const char *path)
{
	int32_t *refs = NULL;
	size_t cap = 0;
	mb_file f;
	long n = 0;
	int rc;

	x->fname = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if ((rc = mb_open(x, path, &f)) != COP_OK)
		return rc;
	mb_progress(x, &f, 1, 0);
	for (;;) {
		GMimeMessage *msg;
		if ((rc = mb_next(x, &f, n, &msg)) != COP_OK || !msg)
			break;
		rc = mb_read_headers(x, msg, &refs, &cap);
		g_object_unref(msg);
		if (rc != COP_OK)
			break;
		mb_progress(x, &f, 0, ++n);
	}
	if (rc == COP_OK)
		mb_progress(x, &f, 1, n);
	cop_free(refs);
	mb_close(&f);
	return rc;
}

/* Pass 2: the new messages written in input order, their bodies read
 * back from the spool. */
static int mb_write_all(mb *x)
{
	char *buf = NULL;
	size_t cap = 0, i;
	int rc = COP_OK;

	if (x->spool && (fflush(x->spool) != 0 || fseeko(x->spool, 0, SEEK_SET)))
		return cop__error(x->s, COP_EIO, "cannot read a temporary file");
	for (i = 0; i < x->nmsg && rc == COP_OK; i++) {
		mb_msg *m = &x->msg[i];
		if (m->state != MB_NEW)
			continue;
		if ((rc = cop__grow(x->s, &buf, m->body_len + 1, &cap, 1, 65536))
				!= COP_OK)
			break;
		if (fread(buf, 1, m->body_len, x->spool) != m->body_len) {
			rc = cop__error(x->s, COP_EIO, "cannot read a temporary file");
			break;
		}
		buf[m->body_len] = '\0';
		rc = mb_write(x, i, buf);
		if (rc == COP_OK && x->opts && x->opts->progress &&
		    (i % MB_PROGRESS_EVERY == 0 || i + 1 == x->nmsg))
			x->opts->progress(x->opts->progress_ctx, "(writing)",
				(uint64_t)i + 1, (uint64_t)x->nmsg);
	}
	cop_free(buf);
	return rc;
}

/* ---- the import ------------------------------------------------------------------ */

int cop__import_check(cop_store *s, const cop_import_options *opts)
{
	if (opts && opts->version != COP_IMPORT_OPTIONS_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported cop_import_options "
			"version %u", opts->version);
	if (s->has_actor)
		return cop__error(s, COP_EINVAL, "imports run as the system "
			"(the store has an actor)");
	return COP_OK;
}

int cop__import_replied(cop_store *s, const cop_id *community)
{
	const cop_backend_export *xt;
	int rc;

	if ((rc = COP__EXPORT(s, &xt)) != COP_OK)
		return rc;
	if (xt->version < 7)
		return COP_OK;
	rc = xt->threads_replied(s->be, community);
	if (rc == COP_ENOTSUP)
		return COP_OK;
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc,
		"marking the threads replied to");
}

int cop__import_end(cop_store *s, int rc, int changed, const cop_id *community,
	cop_time saved_now)
{
	s->fixed_now = saved_now;
	if (rc == COP_OK && changed)
		rc = cop__import_replied(s, community);
	if (rc == COP_OK && changed)
		rc = cop__log(s, "community.import", community, community);
	rc = cop__write_end(s, rc);
	s->fixed_now = saved_now;
	return rc;
}

/* The community of slug @p slug, made (public) when there is none. */
static int mb_community(mb *x, const char *slug)
{
	cop_store *s = x->s;
	cop_key k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.name = slug;
	if ((rc = s->be->get(s->be, COP_REC_COMMUNITY, &k, &x->c)) ==
			COP_ENOTFOUND) {
		cop_rec_clear(COP_REC_COMMUNITY, &x->c);
		if ((rc = cop_community_create(NULL, s, slug, slug, NULL, NULL,
				COP_VISIBILITY_PUBLIC)) != COP_OK)
			return rc;
		x->changed = 1;
		rc = s->be->get(s->be, COP_REC_COMMUNITY, &k, &x->c);
	}
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc,
		"reading the community");
}

/* Between the passes: the missing messages imported before, the threads,
 * the new threads' ids. */
static int mb_between(mb *x)
{
	const cop_backend_mail *mt;
	cop_store *s = x->s;
	size_t i;
	int rc;

	if ((rc = MBOX(s, &mt)) != COP_OK)
		return rc;
	for (i = 0; i < x->nbox; i++) {
		mb_box *b = &x->box[i];
		if (b->msg >= 0 || !b->key || !g_utf8_validate(b->key, -1, NULL))
			continue;
		rc = mb_message_get(s, mt, b->key, &b->contrib);
		if (rc == COP_OK)
			b->known = !!memcmp(&b->contrib, &cop__nil_id, sizeof(cop_id));
		else if (rc != COP_ENOTFOUND)
			return cop__be_error(s, rc, "reading a message id");
	}
	if ((rc = cop__mb_thread(x)) != COP_OK)
		return rc;
	for (i = 0; i < x->nthread; i++) {
		mb_thread *t = &x->thread[i];
		if (t->exists || t->first < 0)
			continue;
		s->fixed_now = x->msg[t->first].date;
		if ((rc = cop__id_new(s, &t->id)) != COP_OK)
			return rc;
	}
	return COP_OK;
}

int cop_import_mbox(cop_import_report *out, cop_store *s,
	const char *const *files, size_t nfiles, const cop_import_options *opts)
{
	static GOnce once = G_ONCE_INIT;
	const cop_backend_mail *mt;
	cop_time saved_now;
	size_t i;
	mb x;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!files || nfiles == 0)
		return cop__error(s, COP_EINVAL, "no files to import");
	for (i = 0; i < nfiles; i++)
		if (!files[i] || !*files[i])
			return cop__error(s, COP_EINVAL, "file %zu is %s", i + 1,
				files[i] ? "empty" : "NULL");
	if ((rc = cop__import_check(s, opts)) != COP_OK)
		return rc;
	if (!opts || !opts->community)
		return cop__error(s, COP_EINVAL, "the community is required");
	if (strlen(opts->community) > 64 ||
	    cop__check_slug(s, opts->community) != COP_OK)
		return cop__error(s, COP_EINVAL, "invalid community slug '%s'",
			opts->community);
	if ((rc = MBOX(s, &mt)) != COP_OK)
		return rc;
	g_once(&once, mb_gmime_init, NULL);
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.opts = opts;
	x.rep.version = COP_IMPORT_REPORT_VERSION;
	saved_now = s->fixed_now;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = mb_community(&x, opts->community);
	for (i = 0; rc == COP_OK && i < nfiles; i++)
		rc = mb_read(&x, files[i]);
	if (rc == COP_OK)
		rc = mb_between(&x);
	if (rc == COP_OK)
		rc = mb_write_all(&x);
	rc = cop__import_end(s, rc, x.changed, &x.c.id, saved_now);
	cop_rec_clear(COP_REC_COMMUNITY, &x.c);
	cop_free(x.msg);
	cop_free(x.box);
	cop__htab_free(&x.hash);
	cop__htab_free(&x.ahash);
	cop_free(x.author);
	cop_free(x.thread);
	mb_arena_free(&x);
	if (x.spool)
		fclose(x.spool);
	if (rc != COP_OK)
		return rc;
	if (out)
		*out = x.rep;
	return cop__ok(s);
}

int cop_mbox_message_lookup(cop_contribution **out, cop_store *s,
	const char *message_id)
{
	const cop_backend_mail *mt;
	char text[COP_ID_TEXT_LEN + 1];
	cop_id id;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (out)
		*out = NULL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is required");
	if (!message_id || !*message_id)
		return cop__error(s, COP_EINVAL, "message_id is required");
	if ((rc = MBOX(s, &mt)) != COP_OK)
		return rc;
	rc = mb_message_get(s, mt, message_id, &id);
	if (rc != COP_OK && rc != COP_ENOTFOUND)
		return cop__be_error(s, rc, "reading a message id");
	if (rc == COP_OK && !memcmp(&id, &cop__nil_id, sizeof(id)))
		rc = COP_ENOTFOUND;
	if (rc == COP_OK) {
		cop__id_text(text, &id);
		rc = cop_contribution_lookup(out, s, text);
	}
	/* Not there and not visible look the same. */
	if (rc == COP_ENOTFOUND || rc == COP_EPERM)
		return cop__error(s, COP_ENOTFOUND, "no message %s", message_id);
	return rc;
}
