/*
 * digest_render.c: a digest (include/cop/digest.h) as plain text,
 * CommonMark or HTML.
 *
 * The CommonMark is written here with every piece of member text (a
 * title, a handle, a message, a summary's excerpt) escaped: each ASCII
 * punctuation character backslash-escaped and line breaks made spaces,
 * so that no member text can open markup, a link, an autolink, raw HTML
 * or a new block.  The HTML is libcmark's rendering of that CommonMark,
 * with CMARK_OPT_SAFE (raw HTML and unsafe links left out); nothing here
 * writes HTML itself.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cmark.h>
#include "digest_int.h"

/* A growing text; on failure (oom set) it stops growing. */
typedef struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
} sbuf;

/* Room for @p n more bytes and a NUL: 0, or -1 (oom set). */
static int sb_room(sbuf *b, size_t n)
{
	size_t want = b->n + n + 1;
	size_t cap = want > 2 * b->cap ? want + 256 : 2 * b->cap;
	char *g;

	if (b->oom || (want <= b->cap))
		return b->oom ? -1 : 0;
	if ((g = cop_realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = g;
	b->cap = cap;
	return 0;
}

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (sb_room(b, n) < 0)
		return;
	memcpy(b->p + b->n, s, n);
	b->p[b->n += n] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) COP__PRINTF(2, 3);
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_add(b, small, (size_t)n < sizeof(small) ? (size_t)n :
		sizeof(small) - 1);
}

/* Member text @p s (at most @p max bytes, cut on a character and marked
 * "..."; 0: whole), its line breaks and tabs as spaces, escaped for
 * CommonMark when @p md. */
static void sb_text(sbuf *b, const char *s, size_t max, int md)
{
	size_t n, i;
	char c[2];

	if (!s)
		return;
	n = strlen(s);
	if (max && n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		c[0] = s[i];
		if (c[0] == '\n' || c[0] == '\r' || c[0] == '\t')
			c[0] = ' ';
		if (md && ispunct((unsigned char)c[0])) {
			c[1] = c[0];
			c[0] = '\\';
			sb_add(b, c, 2);
		} else {
			sb_add(b, c, 1);
		}
	}
	if (n < strlen(s))
		sb_puts(b, md ? "\\.\\.\\." : "...");
}

/* "@handle", or "the system" without one. */
static void sb_who(sbuf *b, const char *handle, int md)
{
	if (!handle) {
		sb_puts(b, "the system");
		return;
	}
	sb_puts(b, md ? "\\@" : "@");
	sb_text(b, handle, 0, md);
}

/* A store time as "YYYY-MM-DD HH:MM" (UTC). */
static void sb_time(sbuf *b, cop_time t)
{
	time_t secs = (time_t)(t / 1000);
	struct tm tm;

	if (!gmtime_r(&secs, &tm))
		return;
	sb_printf(b, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* The headings of the sections, as shown. */
static const char *const headings[COP_DIGEST_SECTIONS] = {
	"New threads", "Unanswered questions", "Accepted answers",
	"Most helpful", "New summaries", "Kudos", "Badges", "Upcoming events"
};

/* The length of a summary's excerpt, in bytes. */
#define EXCERPT 160

/* What follows an item's title and its author, by section: threads,
 * unanswered questions and summaries ", by @author", an accepted answer
 * ": the answer by @author", a helpful contribution ": @author". */
static const char *const by_words[COP_DIGEST_SECTIONS] = {
	", by ", ", by ", ": the answer by ", ": ", ", by ", NULL, NULL, NULL
};

/* One item's line (without its bullet). */
static void item_line(sbuf *b, const cop_digest *d,
	const cop_digest_item *it, int md)
{
	const cop_digest_rec *r = &it->r;

	if (r->section == COP_DIGEST_EVENTS) {
		/* An upcoming event: when (UTC), what, where, how many come. */
		sb_time(b, r->time);
		sb_puts(b, " UTC: ");
		sb_text(b, r->title, 0, md);
		if (r->text && *r->text) {
			sb_puts(b, ", ");
			sb_text(b, r->text, 0, md);
		}
		sb_printf(b, " (%lld going)", (long long)r->points);
	} else if (by_words[r->section]) {
		sb_text(b, r->title, 0, md);
		sb_puts(b, by_words[r->section]);
		sb_who(b, r->member_handle, md);
		if (r->section == COP_DG_HELPFUL)
			sb_printf(b, ", %+lld", (long long)r->points);
	} else {
		/* Kudos and badges: who, from whom or which, on what. */
		sb_who(b, r->member_handle, md);
		if (r->section == COP_DG_KUDOS) {
			sb_puts(b, " from ");
			sb_who(b, r->actor_handle, md);
		} else {
			sb_puts(b, ": ");
			sb_text(b, cop_digest_item_badge(it), 0, md);
		}
		if (r->title) {
			sb_puts(b, " (in ");
			sb_text(b, r->title, 0, md);
			sb_puts(b, ")");
		}
	}
	/* A summary's excerpt, a kudos' message. */
	if (r->section != COP_DIGEST_EVENTS && r->text && *r->text) {
		sb_puts(b, ": ");
		sb_text(b, r->text, EXCERPT, md);
	}
	/* A member's digest spans communities: say which. */
	if (d->is_member) {
		sb_puts(b, " [");
		sb_text(b, r->community_slug, 0, md);
		sb_puts(b, "]");
	}
}

/* The digest as text (@p md 0) or CommonMark. */
static void render(sbuf *b, const cop_digest *d, int md)
{
	size_t i, total = 0;
	int k;

	sb_puts(b, md ? "# " : "");
	if (d->is_member) {
		sb_puts(b, "Digest for ");
		sb_who(b, d->handle, md);
	} else {
		sb_puts(b, "Digest of ");
		sb_text(b, d->slug, 0, md);
	}
	sb_puts(b, md ? "\n\n" : "\n");
	sb_time(b, d->since);
	sb_puts(b, " to ");
	sb_time(b, d->until);
	sb_puts(b, " UTC\n");
	for (k = 0; k < COP_DIGEST_SECTIONS; k++) {
		if (!d->n[k])
			continue;
		total += d->n[k];
		sb_printf(b, md ? "\n## %s\n\n" : "\n%s\n", headings[k]);
		for (i = 0; i < d->n[k]; i++) {
			sb_puts(b, md ? "- " : "  - ");
			item_line(b, d, d->items[k][i], md);
			sb_puts(b, "\n");
		}
	}
	if (!total)
		sb_puts(b, "\nNothing new in this period.\n");
}

int cop_digest_render(char **out, const cop_digest *d,
	cop_digest_format format)
{
	sbuf b;
	char *html;

	if (!out)
		return COP_EINVAL;
	*out = NULL;
	if (!d || !cop_digest_format_name(format))
		return COP_EINVAL;
	memset(&b, 0, sizeof(b));
	render(&b, d, format != COP_DIGEST_TEXT);
	if (!b.oom && format == COP_DIGEST_HTML) {
		html = cmark_markdown_to_html(b.p, b.n, CMARK_OPT_DEFAULT |
			CMARK_OPT_SAFE);
		b.n = 0;
		if (html)
			sb_puts(&b, html);
		else
			b.oom = 1;
		free(html);
	}
	if (b.oom || !b.p) {
		cop_free(b.p);
		return COP_ENOMEM;
	}
	*out = b.p;
	return COP_OK;
}
