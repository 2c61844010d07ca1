/*
 * fuzz_json.c: libFuzzer target for cop_import_json().
 *
 * An input is a JSON document (docs/json.md).  It is written to a memfd
 * and imported into an empty in-memory store (fz_store()).
 *
 * Beyond memory errors, undefined behaviour and leaks, unless
 * COP_FUZZ_STRICT=0 these are crashes too:
 *  - a code the API does not document for such input (anything but
 *    COP_OK, COP_EFORMAT, COP_EEXISTS);
 *  - a failed import that changed the store (its counts or its log);
 *  - after a successful import: cop_verify() finding differences;
 *    importing the same document again succeeding or changing anything;
 *    the round trip failing (export, import into an empty store and
 *    export again must give the same bytes and the same counts).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzzutil.h"

static int in_fd = -1, out1_fd = -1, out2_fd = -1;

static int new_memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		fz_die("memfd_create: %s", strerror(errno));
	return fd;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	in_fd = new_memfd("cop-fuzz-json-in");
	out1_fd = new_memfd("cop-fuzz-json-out1");
	out2_fd = new_memfd("cop-fuzz-json-out2");
	return 0;
}

/* Empty @p fd and put @p size bytes in it, read from the start. */
static void fill(int fd, const uint8_t *data, size_t size)
{
	size_t done;
	ssize_t w;

	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		fz_die("emptying a memfd: %s", strerror(errno));
	for (done = 0; done < size; done += (size_t)w)
		if ((w = write(fd, data + done, size - done)) < 0)
			fz_die("write: %s", strerror(errno));
	if (lseek(fd, 0, SEEK_SET) != 0)
		fz_die("lseek: %s", strerror(errno));
}

/* Empty @p fd for an export. */
static void empty(int fd)
{
	fill(fd, NULL, 0);
}

/* What @p fd holds (malloc'd; *size: its length). */
static uint8_t *contents(int fd, size_t *size)
{
	struct stat st;
	uint8_t *b;
	size_t done;
	ssize_t r;

	if (fstat(fd, &st) != 0)
		fz_die("fstat: %s", strerror(errno));
	*size = (size_t)st.st_size;
	if (!(b = malloc(*size + 1)))
		fz_die("out of memory");
	for (done = 0; done < *size; done += (size_t)r)
		if ((r = pread(fd, b + done, *size - done, (off_t)done)) <= 0)
			fz_die("pread: %s", r < 0 ? strerror(errno) : "short");
	return b;
}

/* The id of the one community in @p s (malloc'd). */
static char *only_community(cop_store *s)
{
	cop_community_iter *it;
	cop_community *c;
	char *id = NULL;
	int rc, n = 0;

	if ((rc = cop_community_iter_new(&it, s, NULL)) != COP_OK)
		fz_die("cop_community_iter_new: %s: %s", cop_error_name(rc),
			cop_errmsg(s));
	while ((rc = cop_community_iter_next(&c, it)) == COP_OK) {
		if (n++ == 0 && !(id = strdup(cop_community_id(c))))
			fz_die("out of memory");
		cop_community_free(c);
	}
	cop_community_iter_free(it);
	if (rc != COP_ITEROVER)
		fz_die("cop_community_iter_next: %s: %s", cop_error_name(rc),
			cop_errmsg(s));
	if (n != 1)
		fz_die("a successful import left %d communities in an empty "
			"store", n);
	return id;
}

static void export_to(int fd, cop_store *s, const char *community,
	const char *what)
{
	int rc;

	empty(fd);
	if ((rc = cop_export_json(s, community, fd)) != COP_OK)
		fz_die("%s: cop_export_json: %s: %s", what, cop_error_name(rc),
			cop_errmsg(s));
	if (lseek(fd, 0, SEEK_SET) != 0)
		fz_die("lseek: %s", strerror(errno));
}

/* Export what @p s imported, import that into an empty store, export
 * again: the same bytes, the same counts. */
static void round_trip(cop_store *s)
{
	cop_import_report rep;
	fz_state st, st2;
	cop_store *s2;
	uint8_t *a, *b;
	size_t na, nb, i;
	char *id;
	int rc;

	id = only_community(s);
	fz_state_get(&st, s, id);
	export_to(out1_fd, s, id, "the first export");
	s2 = fz_open();
	memset(&rep, 0, sizeof(rep));
	rep.version = COP_IMPORT_REPORT_VERSION;
	if ((rc = cop_import_json(&rep, s2, out1_fd, NULL)) != COP_OK)
		fz_die("importing an export: %s: %s", cop_error_name(rc),
			cop_errmsg(s2));
	fz_state_get(&st2, s2, id);
	st2.seq = st.seq;              /* two stores, two logs */
	fz_same_state(&st, &st2, "the community's counts, export then import");
	export_to(out2_fd, s2, id, "the second export");
	a = contents(out1_fd, &na);
	b = contents(out2_fd, &nb);
	if (na != nb || memcmp(a, b, na) != 0) {
		for (i = 0; i < na && i < nb && a[i] == b[i]; i++)
			;
		fz_die("export, import, export: %zu bytes then %zu, first "
			"difference at byte %zu: \"%.60s\" then \"%.60s\"",
			na, nb, i, (const char *)a + i, (const char *)b + i);
	}
	free(a);
	free(b);
	free(id);
	cop_close(s2);
}

/* A member's value: after '":', a string (to the next '"' not after a
 * backslash, quotes included) or a number, true, false or null. */
static int member_value(const uint8_t *data, size_t size, size_t p,
	size_t *start, size_t *len)
{
	size_t e;

	if (p + 3 > size || data[p] != '"' || data[p + 1] != ':')
		return 0;
	e = p + 2;
	if (data[e] == '"') {
		for (e++; e < size && data[e] != '"'; e++)
			if (data[e] == '\\')
				e++;
		if (e >= size)
			return 0;
		e++;
	} else {
		while (e < size && data[e] != ',' && data[e] != '}' &&
		       data[e] != ']' && data[e] != '\n')
			e++;
		if (e == p + 2 || data[p + 2] == '{' || data[p + 2] == '[')
			return 0;
	}
	*start = p + 2;
	*len = e - *start;
	return 1;
}

/* Half the time copy one member's value over another's (a thread_id
 * becomes another record's id, a time a count...), else libFuzzer's own
 * mutations. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
	unsigned int seed)
{
	return fz_mutate(data, size, max, seed, member_value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int allowed[] = { COP_EFORMAT, COP_EEXISTS };
	cop_import_report rep;
	fz_state before, after, again;
	cop_store *s;
	int rc;

	fill(in_fd, data, size);
	memset(&rep, 0, sizeof(rep));
	rep.version = COP_IMPORT_REPORT_VERSION;
	s = fz_store();
	fz_state_get(&before, s, NULL);
	rc = cop_import_json(&rep, s, in_fd, NULL);
	if (!fz_import_outcome("cop_import_json", s, rc, allowed,
			(int)(sizeof(allowed) / sizeof(allowed[0])), &before))
		return 0;
	fz_verify(s, "after the import");
	fz_state_get(&after, s, NULL);

	/* The same document again: the community exists. */
	if (lseek(in_fd, 0, SEEK_SET) != 0)
		fz_die("lseek: %s", strerror(errno));
	if ((rc = cop_import_json(NULL, s, in_fd, NULL)) != COP_EEXISTS)
		fz_die("importing the same document again: %s (%s), not "
			"COP_EEXISTS", cop_error_name(rc), cop_errmsg(s));
	fz_state_get(&again, s, NULL);
	fz_same_state(&after, &again, "importing the same document again");

	round_trip(s);
	fz_discard();
	return 0;
}
