/*
 * fuzz_mbox.c: libFuzzer target for cop_import_mbox().
 *
 * The input is the mbox file itself (gzip-compressed when it starts with
 * gzip's magic bytes, as the importer decides), written to a file in a
 * temp folder of this process and imported into community "fuzz" of an
 * empty in-memory store (fz_store()).
 *
 * Beyond memory errors, undefined behaviour and leaks, unless
 * COP_FUZZ_STRICT=0 these are crashes too:
 *  - a code the API does not document for such input (anything but
 *    COP_OK, COP_EFORMAT, COP_ETOOBIG);
 *  - COP_EFORMAT whose message does not name the file;
 *  - a failed import that changed the store (its counts or its log);
 *  - a successful import after which cop_verify() finds differences;
 *  - importing the same file again that writes anything or fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzutil.h"

static char root[PATH_MAX];     /* the process's temp folder */
static char file[PATH_MAX];     /* root/archive.mbox */

static void cleanup(void)
{
	if (!root[0])
		return;
	unlink(file);
	rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/cop-fuzz-mbox.XXXXXX",
		tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		fz_die("mkdtemp %s: %s", root, strerror(errno));
	snprintf(file, sizeof(file), "%s/archive.mbox", root);
	atexit(cleanup);
	return 0;
}

static void write_file(const uint8_t *data, size_t size)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd < 0)
		fz_die("open %s: %s", file, strerror(errno));
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fz_die("write %s: %s", file, strerror(errno));
		off += (size_t)n;
	}
	close(fd);
}

/* A message id: from '<' to the next '>' on the line. */
static int angle_value(const uint8_t *data, size_t size, size_t p,
	size_t *start, size_t *len)
{
	size_t e;

	if (p >= size || data[p] != '<')
		return 0;
	for (e = p + 1; e < size && data[e] != '>' && data[e] != '\n'; e++)
		;
	if (e >= size || data[e] != '>')
		return 0;
	*start = p;
	*len = e + 1 - p;
	return 1;
}

/* Half the time copy one message id over another (a reply's parent
 * becomes another message, a loop, a repeat), else libFuzzer's own. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
	unsigned int seed)
{
	return fz_mutate(data, size, max, seed, angle_value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int allowed[] = { COP_EFORMAT, COP_ETOOBIG };
	const char *const files[1] = { file };
	cop_import_options opts;
	cop_import_report rep, again;
	fz_state before, after, after2;
	cop_store *s;
	int rc;

	write_file(data, size);
	memset(&opts, 0, sizeof(opts));
	opts.version = COP_IMPORT_OPTIONS_VERSION;
	opts.community = "fuzz";
	memset(&rep, 0, sizeof(rep));
	rep.version = COP_IMPORT_REPORT_VERSION;

	s = fz_store();
	fz_state_get(&before, s, NULL);
	rc = cop_import_mbox(&rep, s, files, 1, &opts);
	if (fz_strict() && rc == COP_EFORMAT &&
	    !strstr(cop_errmsg(s), "archive.mbox"))
		fz_die("COP_EFORMAT without the file's name: %s", cop_errmsg(s));
	if (!fz_import_outcome("cop_import_mbox", s, rc, allowed,
			(int)(sizeof(allowed) / sizeof(allowed[0])), &before))
		return 0;
	fz_verify(s, "after the import");
	fz_state_get(&after, s, NULL);

	/* The same file again: nothing new, nothing changed. */
	memset(&again, 0, sizeof(again));
	again.version = COP_IMPORT_REPORT_VERSION;
	if ((rc = cop_import_mbox(&again, s, files, 1, &opts)) != COP_OK)
		fz_die("importing the same file again: %s: %s",
			cop_error_name(rc), cop_errmsg(s));
	if (again.members || again.threads || again.contributions ||
	    again.unchanged != rep.contributions)
		fz_die("importing the same file again: members %lld threads "
			"%lld contributions %lld unchanged %lld (of %lld)",
			(long long)again.members, (long long)again.threads,
			(long long)again.contributions, (long long)again.unchanged,
			(long long)rep.contributions);
	fz_state_get(&after2, s, NULL);
	after2.seq = after.seq;        /* it may log that it ran */
	fz_same_state(&after, &after2, "importing the same file again");
	fz_discard();
	return 0;
}
