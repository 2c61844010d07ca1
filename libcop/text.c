/*
 * text.c: what search reads of a text (see text.h): word characters,
 * and the text of an HTML body, read with libxml2's HTML parser.
 */
#include <string.h>

#include "cop/sys/alloc.h"
#include "text.h"
#include "internal.h"

#ifdef COP_HAVE_LIBXML2
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#endif

uint32_t cop__text_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	size_t n = cop__utf8_seq(s, strnlen((const char *)s, 4));
	uint32_t cp;

	switch (n) {
	case 1: cp = s[0]; break;
	case 2: cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f); break;
	case 3: cp = ((uint32_t)(s[0] & 0x0f) << 12) |
		((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f); break;
	case 4: cp = ((uint32_t)(s[0] & 0x07) << 18) |
		((uint32_t)(s[1] & 0x3f) << 12) |
		((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f); break;
	default: cp = 0xfffd; n = 1; break;
	}
	*p += n;
	return cp;
}

/* Ranges of characters that are never words: punctuation, symbols,
 * emoji and their modifiers, marks, spaces and format characters. */
static const uint32_t not_word[][2] = {
	{ 0x0080, 0x00a9 }, { 0x00ab, 0x00b4 }, { 0x00b6, 0x00b9 },
	{ 0x00bb, 0x00bf }, { 0x00d7, 0x00d7 }, { 0x00f7, 0x00f7 },
	{ 0x0300, 0x036f }, { 0x2000, 0x206f }, { 0x20a0, 0x20ff },
	{ 0x2190, 0x2bff }, { 0x2e00, 0x2e7f }, { 0x3000, 0x3004 },
	{ 0x3008, 0x3020 }, { 0x3030, 0x3030 }, { 0x303d, 0x303f },
	{ 0xfe00, 0xfe1f }, { 0xfe30, 0xfe6f }, { 0xfeff, 0xfeff },
	{ 0xff00, 0xff0f }, { 0xff1a, 0xff20 }, { 0xff3b, 0xff40 },
	{ 0xff5b, 0xff65 }, { 0xfff0, 0xfffd }, { 0x1f000, 0x1faff },
	{ 0xe0000, 0xe007f },
};

int cop__text_is_word(uint32_t cp)
{
	size_t i;

	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			(cp >= 'A' && cp <= 'Z');
	for (i = 0; i < sizeof(not_word) / sizeof(not_word[0]); i++)
		if (cp >= not_word[i][0] && cp <= not_word[i][1])
			return 0;
	return 1;
}

int cop__text_has_word(const char *s)
{
	while (*s)
		if (cop__text_is_word(cop__text_next(&s)))
			return 1;
	return 0;
}

int cop__text_is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11ff) ||     /* Hangul Jamo */
		(cp >= 0x3005 && cp <= 0x3007) ||    /* 々 〆 〇 */
		(cp >= 0x3041 && cp <= 0x30ff && cp != 0x30fb) || /* kana */
		(cp >= 0x3130 && cp <= 0x318f) ||    /* Hangul compatibility */
		(cp >= 0x31f0 && cp <= 0x31ff) ||    /* katakana extensions */
		(cp >= 0x3400 && cp <= 0x4dbf) ||    /* Han extension A */
		(cp >= 0x4e00 && cp <= 0x9fff) ||    /* Han */
		(cp >= 0xa960 && cp <= 0xa97f) ||    /* Hangul Jamo ext. A */
		(cp >= 0xac00 && cp <= 0xd7ff) ||    /* Hangul syllables */
		(cp >= 0xf900 && cp <= 0xfaff) ||    /* Han compatibility */
		(cp >= 0xff66 && cp <= 0xff9f) ||    /* halfwidth katakana */
		(cp >= 0x20000 && cp <= 0x3ffff);    /* Han extensions */
}

/* The byte length of the UTF-8 character at @p s (of @p n bytes), and
 * its code point; a byte that starts none is one (U+FFFD). */
static size_t char_at(const char *s, size_t n, uint32_t *cp)
{
	size_t k = cop__utf8_seq((const unsigned char *)s, n < 4 ? n : 4);
	const char *p = s;

	if (k == 0) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = cop__text_next(&p);
	return k;
}

int cop__text_cjk_bigrams(const char *s, size_t n, char **out)
{
	size_t i = 0, w = 0, k, prev = 0, run = 0;
	uint32_t cp;
	char *q;
	int any = 0;

	*out = NULL;
	for (i = 0; i < n; i += k) {
		k = char_at(s + i, n - i, &cp);
		if (cop__text_is_cjk(cp)) {
			any = 1;
			break;
		}
	}
	if (!any)
		return 0;
	/* Each CJK character is written at most twice, with a space. */
	if (!(q = cop_malloc(n * 3 + 2)))
		return -1;
	for (i = 0; i < n; i += k) {
		k = char_at(s + i, n - i, &cp);
		if (!cop__text_is_cjk(cp)) {
			if (run == 1) {         /* a character alone */
				memcpy(q + w, s + prev, i - prev);
				w += i - prev;
			}
			if (run)
				q[w++] = ' ';
			run = 0;
			memcpy(q + w, s + i, k);
			w += k;
			continue;
		}
		if (run == 0 && w > 0 && q[w - 1] != ' ')
			q[w++] = ' ';
		if (run >= 1) {         /* the bigram ending here */
			if (run >= 2)
				q[w++] = ' ';
			memcpy(q + w, s + prev, i + k - prev);
			w += i + k - prev;
		}
		prev = i;
		run++;
	}
	if (run == 1) {
		memcpy(q + w, s + prev, n - prev);
		w += n - prev;
	}
	q[w] = '\0';
	*out = q;
	return 0;
}

/* A C0 control that a snippet's text never holds (all but tab, newline). */
#define IS_CONTROL(c) ((c) < 0x20 && (c) != '\t' && (c) != '\n' && (c) != 0)

int cop__text_has_controls(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (IS_CONTROL((unsigned char)s[i]))
			return 1;
	return 0;
}

void cop__text_no_controls(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (IS_CONTROL((unsigned char)s[i]))
			s[i] = ' ';
}

#ifdef COP_HAVE_LIBXML2

/* The text being gathered. */
typedef struct html_text {
	char *p;
	size_t n, cap;
	int oom;
	int skip;       /* inside script or style */
	int blank;      /* the last character written was a space */
} html_text;

static void put(html_text *t, const char *s, size_t n)
{
	if (t->oom)
		return;
	if (t->n + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *q;

		while (cap < t->n + n + 1)
			cap *= 2;
		if (!(q = cop_malloc(cap))) {
			t->oom = 1;
			return;
		}
		if (t->n)
			memcpy(q, t->p, t->n);
		cop_free(t->p);
		t->p = q;
		t->cap = cap;
	}
	memcpy(t->p + t->n, s, n);
	t->n += n;
}

/* A space, unless there is one already or nothing yet. */
static void sep(html_text *t)
{
	if (!t->blank && t->n > 0)
		put(t, " ", 1);
	t->blank = 1;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	html_text *t = ctx;
	const char *s = (const char *)ch;
	int i, start = 0;

	if (t->skip || len <= 0)
		return;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			if (i > start)
				put(t, s + start, (size_t)(i - start));
			if (i > start)
				t->blank = 0;
			sep(t);
			start = i + 1;
		}
	}
	if (len > start) {
		put(t, s + start, (size_t)(len - start));
		t->blank = 0;
	}
}

/* Elements inside which words run on: no space at their edges. */
static int is_inline(const char *name)
{
	static const char *const names[] = {
		"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del",
		"dfn", "em", "font", "i", "ins", "kbd", "mark", "q", "s",
		"samp", "small", "span", "strike", "strong", "sub", "sup",
		"tt", "u", "var",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

static int is_skipped(const char *name)
{
	return !strcmp(name, "script") || !strcmp(name, "style");
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	html_text *t = ctx;

	(void)attrs;
	if (is_skipped((const char *)name))
		t->skip++;
	else if (!is_inline((const char *)name))
		sep(t);
}

static void on_end(void *ctx, const xmlChar *name)
{
	html_text *t = ctx;

	if (is_skipped((const char *)name)) {
		if (t->skip > 0)
			t->skip--;
	} else if (!is_inline((const char *)name)) {
		sep(t);
	}
}

static void on_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int cop__html_text(const char *html, size_t len, char **out)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	html_text t;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.warning = on_error;
	sax.error = on_error;
	xmlInitParser();
	ctxt = htmlCreatePushParserCtxt(&sax, &t, NULL, 0, NULL,
		XML_CHAR_ENCODING_UTF8);
	if (!ctxt)
		return -1;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
	/* The parser reads at most INT_MAX bytes a call. */
	while (len > (1u << 30)) {
		htmlParseChunk(ctxt, html, 1 << 30, 0);
		html += 1u << 30;
		len -= 1u << 30;
	}
	htmlParseChunk(ctxt, html, (int)len, 1);
	htmlFreeParserCtxt(ctxt);
	while (t.n > 0 && t.p[t.n - 1] == ' ')
		t.n--;
	put(&t, "", 0);
	if (t.oom) {
		cop_free(t.p);
		return -1;
	}
	t.p[t.n] = '\0';
	cop__text_no_controls(t.p, t.n);
	*out = t.p;
	return 0;
}

#else

int cop__html_text(const char *html, size_t len, char **out)
{
	(void)html;
	(void)len;
	*out = NULL;
	return 0;
}

#endif
