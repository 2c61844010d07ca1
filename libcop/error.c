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

static void format_msg(char *buf, int code, const char *fmt, va_list ap)
{
	if (fmt && *fmt)
		vsnprintf(buf, COP__ERRMSG_MAX, fmt, ap);
	else
		snprintf(buf, COP__ERRMSG_MAX, "%s", cop_strerror(code));
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
