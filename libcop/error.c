/*
 * error.c: status codes and the messages kept on a store.
 *
 * Messages live in fixed buffers so that reporting COP_ENOMEM never needs
 * memory.  cop_open() failures, which have no store yet, are kept per
 * thread.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static _Thread_local int open_errcode;
static _Thread_local char open_errmsg[COP__ERRMSG_MAX];

const char *cop_strerror(int code)
{
	switch (code) {
#define COP__MSG(name, value, cls, msg) case value: return msg;
	COP_ERROR_TABLE(COP__MSG)
#undef COP__MSG
	}
	return "unknown error";
}

const char *cop_error_name(int code)
{
	switch (code) {
#define COP__NAME(name, value, cls, msg) case value: return #name;
	COP_ERROR_TABLE(COP__NAME)
#undef COP__NAME
	}
	return NULL;
}

const char *cop_errmsg(const cop_store *s)
{
	if (!s)
		return open_errcode ? open_errmsg : "no error";
	return s->errcode ? s->errmsg : "no error";
}

int cop_errcode(const cop_store *s)
{
	return s ? s->errcode : open_errcode;
}

/*
 * A message may quote what the caller gave (a handle, a slug), cut to a
 * precision ("%.64s") or to the buffer: it is made valid UTF-8 without
 * control characters, so that no caller's invalid bytes are echoed and
 * no character is left cut in half.  A character cut short goes; any
 * other byte that is not part of a valid character becomes '?', and a
 * control character (a newline too: a message is one line) a space.
 */
static void clean_msg(char *buf)
{
	unsigned char *p = (unsigned char *)buf;
	size_t len = strlen(buf), i = 0, w = 0, k, need;

	while (i < len) {
		if ((k = cop__utf8_seq(p + i, len - i)) != 0) {
			if (k == 1 && (p[i] < 0x20 || p[i] == 0x7f))
				p[i] = ' ';
			memmove(p + w, p + i, k);
			w += k;
			i += k;
			continue;
		}
		need = p[i] >= 0xc2 && p[i] <= 0xdf ? 2 :
		       p[i] >= 0xe0 && p[i] <= 0xef ? 3 :
		       p[i] >= 0xf0 && p[i] <= 0xf4 ? 4 : 0;
		for (k = 1; k < need && i + k < len && (p[i + k] & 0xc0) == 0x80;
		     k++)
			;
		if (need && k < need) {
			i += k;          /* a character cut short */
			continue;
		}
		p[w++] = '?';
		i++;
	}
	p[w] = '\0';
}

static void format_msg(char *buf, int code, const char *fmt, va_list ap)
{
	if (fmt && *fmt)
		vsnprintf(buf, COP__ERRMSG_MAX, fmt, ap);
	else
		snprintf(buf, COP__ERRMSG_MAX, "%s", cop_strerror(code));
	clean_msg(buf);
}

int cop__error(cop_store *s, int code, const char *fmt, ...)
{
	va_list ap;

	if (!s)
		return code;
	s->errcode = code;
	va_start(ap, fmt);
	format_msg(s->errmsg, code, fmt, ap);
	va_end(ap);
	return code;
}

int cop__be_error(cop_store *s, int code, const char *what)
{
	const char *detail = s && s->be ? s->be->errmsg(s->be) : NULL;

	if (code == COP_ENOMEM)
		return cop__error(s, code, "%s: out of memory", what);
	if (detail && *detail)
		return cop__error(s, code, "%s: %s", what, detail);
	return cop__error(s, code, "%s: %s", what, cop_strerror(code));
}

int cop__ok(cop_store *s)
{
	if (s) {
		s->errcode = COP_OK;
		s->errmsg[0] = '\0';
	}
	return COP_OK;
}

int cop__open_error(int code, const char *fmt, ...)
{
	va_list ap;

	open_errcode = code;
	if (code == COP_OK) {
		open_errmsg[0] = '\0';
		return code;
	}
	va_start(ap, fmt);
	format_msg(open_errmsg, code, fmt, ap);
	va_end(ap);
	return code;
}
