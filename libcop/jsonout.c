/*
 * jsonout.c: the buffered JSON writer of the exports (see jsonout.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "jsonout.h"

int cop__jout_open(cop__jout *o, cop_store *s, int fd)
{
	memset(o, 0, sizeof(*o));
	o->s = s;
	o->fd = fd;
	if (!(o->buf = cop_malloc(COP__JOUT_BUF)))
		return o->rc = cop__error(s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

static int jout_write(cop__jout *o, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->rc = cop__error(o->s, COP_EIO, "writing the export: %s",
				w < 0 ? strerror(errno) : "nothing written");
			return o->rc;
		}
		p += w;
		n -= (size_t)w;
	}
	return COP_OK;
}

int cop__jout_close(cop__jout *o)
{
	if (o->rc == COP_OK && o->len > 0)
		jout_write(o, o->buf, o->len);
	o->len = 0;
	cop_free(o->buf);
	o->buf = NULL;
	return o->rc;
}

int cop__jout_put(cop__jout *o, const char *p, size_t n)
{
	if (o->rc != COP_OK)
		return o->rc;
	if (o->len + n > COP__JOUT_BUF) {
		if (jout_write(o, o->buf, o->len) != COP_OK)
			return o->rc;
		o->len = 0;
	}
	if (n > COP__JOUT_BUF)
		return jout_write(o, p, n);
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return COP_OK;
}

int cop__jout_str(cop__jout *o, const char *p)
{
	return cop__jout_put(o, p, strlen(p));
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return cop__jout_put(data, buffer, size) == COP_OK ? 0 : -1;
}

int cop__jout_json(cop__jout *o, json_t *j)
{
	int rc;

	if (!j)
		return o->rc = cop__error(o->s, COP_ENOMEM, "out of memory");
	rc = json_dump_callback(j, dump_cb, o, JSON_COMPACT | JSON_SORT_KEYS |
		JSON_ENCODE_ANY);
	json_decref(j);
	if (rc == 0)
		return COP_OK;
	if (o->rc == COP_OK)
		o->rc = cop__error(o->s, COP_ENOMEM, "out of memory");
	return o->rc;
}
