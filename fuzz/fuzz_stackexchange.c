/*
 * fuzz_stackexchange.c: libFuzzer target for cop_import_stackexchange().
 *
 * An input is a whole small dump, framed the way `head` prints several
 * files: a line "==> NAME <==" starts the file NAME, which holds every
 * byte up to the next such line (or the end).  NAME is one of the dump's
 * files, Users.xml ... Tags.xml, or the same with ".gz" (the target
 * wraps it in gzip's format, stored blocks, no compression); other names start a part that is dropped, bytes before the
 * first header are dropped, and the last of two parts with one name
 * wins.  Files the input does not name are absent.  The files go to a
 * folder "site" in a temp folder of this process, and each input is
 * imported into an empty in-memory store (fz_store()).
 *
 * Beyond memory errors, undefined behaviour and leaks, unless
 * COP_FUZZ_STRICT=0 these are crashes too:
 *  - a code the API does not document for such input (anything but
 *    COP_OK, COP_EFORMAT, COP_ENOTFOUND);
 *  - COP_EFORMAT whose message does not name the file (".xml");
 *  - a failed import that changed the store (its counts or its log);
 *  - a successful import after which cop_verify() finds differences,
 *    or a search of it fails or gives a snippet with stray controls
 *    or unpaired markers (search_check(): the HTML-to-text path);
 *  - importing the same dump again that writes anything or fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzzutil.h"

static const char *const dump_files[] = {
	"Users.xml", "Posts.xml", "Comments.xml", "Votes.xml", "Badges.xml",
	"PostHistory.xml", "PostLinks.xml", "Tags.xml"
};
#define NFILES (sizeof(dump_files) / sizeof(dump_files[0]))

static char root[PATH_MAX];     /* the process's temp folder */
static char site[PATH_MAX];     /* root/site: the dump */

static void path_of(char *out, size_t n, const char *name, int gz)
{
	snprintf(out, n, "%s/%s%s", site, name, gz ? ".gz" : "");
}

static void remove_all(void)
{
	char p[PATH_MAX];
	size_t i;
	int gz;

	for (i = 0; i < NFILES; i++)
		for (gz = 0; gz < 2; gz++) {
			path_of(p, sizeof(p), dump_files[i], gz);
			if (unlink(p) != 0 && errno != ENOENT)
				fz_die("unlink %s: %s", p, strerror(errno));
		}
}

static void cleanup(void)
{
	if (!site[0])
		return;
	remove_all();
	rmdir(site);
	rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/cop-fuzz-se.XXXXXX",
		tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		fz_die("mkdtemp %s: %s", root, strerror(errno));
	snprintf(site, sizeof(site), "%s/site", root);
	if (mkdir(site, 0700) != 0)
		fz_die("mkdir %s: %s", site, strerror(errno));
	atexit(cleanup);
	return 0;
}

static void put(int fd, const char *p, const void *data, size_t size)
{
	const uint8_t *d = data;
	size_t done;
	ssize_t w;

	for (done = 0; done < size; done += (size_t)w)
		if ((w = write(fd, d + done, size - done)) < 0)
			fz_die("write %s: %s", p, strerror(errno));
}

static uint32_t crc32_of(const uint8_t *d, size_t n)
{
	uint32_t c = 0xffffffffu;
	int k;

	while (n--) {
		c ^= *d++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return ~c;
}

/* Write @p data as a gzip file made of stored (uncompressed) blocks. */
static void put_gzip(int fd, const char *p, const uint8_t *data, size_t size)
{
	static const uint8_t head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	uint8_t b[8];
	uint32_t c = crc32_of(data, size);
	size_t off = 0, n;

	put(fd, p, head, sizeof(head));
	do {
		n = size - off > 65535 ? 65535 : size - off;
		b[0] = off + n == size;          /* BFINAL, BTYPE 00 */
		b[1] = (uint8_t)n;
		b[2] = (uint8_t)(n >> 8);
		b[3] = (uint8_t)~n;
		b[4] = (uint8_t)(~n >> 8);
		put(fd, p, b, 5);
		put(fd, p, data + off, n);
		off += n;
	} while (off < size);
	b[0] = (uint8_t)c;
	b[1] = (uint8_t)(c >> 8);
	b[2] = (uint8_t)(c >> 16);
	b[3] = (uint8_t)(c >> 24);
	b[4] = (uint8_t)size;
	b[5] = (uint8_t)(size >> 8);
	b[6] = (uint8_t)(size >> 16);
	b[7] = (uint8_t)(size >> 24);
	put(fd, p, b, 8);
}

/* Write one part: @p name is the header's name (not NUL-terminated). */
static void write_part(const char *name, size_t nlen, const uint8_t *data,
	size_t size)
{
	char p[PATH_MAX];
	size_t i;
	int fd, gz = 0;

	for (i = 0; i < NFILES; i++) {
		size_t l = strlen(dump_files[i]);
		if (nlen == l && memcmp(name, dump_files[i], l) == 0) {
			gz = 0;
			break;
		}
		if (nlen == l + 3 && memcmp(name, dump_files[i], l) == 0 &&
		    memcmp(name + l, ".gz", 3) == 0) {
			gz = 1;
			break;
		}
	}
	if (i == NFILES)
		return;
	/* One name, one file: a later NAME.xml replaces NAME.xml.gz. */
	path_of(p, sizeof(p), dump_files[i], !gz);
	if (unlink(p) != 0 && errno != ENOENT)
		fz_die("unlink %s: %s", p, strerror(errno));
	path_of(p, sizeof(p), dump_files[i], gz);
	if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		fz_die("open %s: %s", p, strerror(errno));
	if (gz)
		put_gzip(fd, p, data, size);
	else
		put(fd, p, data, size);
	close(fd);
}

/* Length of the header line at @p p ("==> NAME <==\n", the newline
 * optional at the end), 0 when it is not one; *name, *nlen: its name. */
static size_t header_at(const uint8_t *p, size_t left, const char **name,
	size_t *nlen)
{
	const uint8_t *nl;
	size_t len;

	if (left < 8 || memcmp(p, "==> ", 4) != 0)
		return 0;
	nl = memchr(p, '\n', left);
	len = nl ? (size_t)(nl - p) : left;
	if (len < 8 || memcmp(p + len - 4, " <==", 4) != 0)
		return 0;
	*name = (const char *)p + 4;
	*nlen = len - 8;
	return nl ? len + 1 : len;
}

static void write_dump(const uint8_t *data, size_t size)
{
	const char *name = NULL, *nn;
	size_t nlen = 0, nnlen, pos = 0, start = 0, h;

	remove_all();
	while (pos < size) {
		if ((pos == 0 || data[pos - 1] == '\n') &&
		    (h = header_at(data + pos, size - pos, &nn, &nnlen)) > 0) {
			if (name)
				write_part(name, nlen, data + start, pos - start);
			name = nn;
			nlen = nnlen;
			pos += h;
			start = pos;
			continue;
		}
		pos++;
	}
	if (name)
		write_part(name, nlen, data + start, size - start);
}

/* An attribute's value: after '="', up to the next '"'. */
static int attr_value(const uint8_t *data, size_t size, size_t p,
	size_t *start, size_t *len)
{
	const uint8_t *q;

	if (p + 2 > size || data[p] != '=' || data[p + 1] != '"')
		return 0;
	if (!(q = memchr(data + p + 2, '"', size - p - 2)))
		return 0;
	*start = p + 2;
	*len = (size_t)(q - data) - *start;
	return 1;
}

/* Half the time copy one attribute's value over another's (a ParentId
 * becomes another post's Id, a date a number...), else libFuzzer's own
 * mutations. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
	unsigned int seed)
{
	return fz_mutate(data, size, max, seed, attr_value);
}

static void progress(void *ctx, const char *file, uint64_t done,
	uint64_t total)
{
	(void)ctx;
	(void)done;
	(void)total;
	if (!file)
		fz_die("progress: no file name");
}

/*
 * Search what was imported (the posts' HTML read as text, text.c): every
 * word query of the dump's first bytes either finds hits or nothing;
 * the snippets, asked with COP_SEARCH_MARK_OPEN/CLOSE, hold those
 * controls only in pairs and no other C0 control but tab and newline.
 */
static void search_check(cop_store *s)
{
	static const char *const queries[] = { "a", "the", "p", "hops",
		"\xe7\xac\x94\xe8\xae\xb0", "x*" };
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	size_t i;

	o.mark_open = COP_SEARCH_MARK_OPEN;
	o.mark_close = COP_SEARCH_MARK_CLOSE;
	o.limit = 20;
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		cop_search_iter *it = NULL;
		cop_search_hit *h = NULL;
		int rc = cop_search_iter_new(&it, s, queries[i], &o);

		if (rc != COP_OK)
			fz_die("search '%s': %s: %s", queries[i],
				cop_error_name(rc), cop_errmsg(s));
		while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
			const unsigned char *p = (const unsigned char *)
				cop_search_hit_snippet(h);
			int open = 0;

			for (; *p; p++) {
				if (*p == 1) {
					if (open++)
						fz_die("search '%s': nested marks",
							queries[i]);
				} else if (*p == 2) {
					if (!open--)
						fz_die("search '%s': a close "
							"mark alone", queries[i]);
				} else if (*p < 0x20 && *p != '\t' && *p != '\n') {
					fz_die("search '%s': control %02x in a "
						"snippet", queries[i], *p);
				}
			}
			cop_search_hit_free(h);
		}
		cop_search_iter_free(it);
		if (rc != COP_ITEROVER)
			fz_die("search '%s': %s: %s", queries[i],
				cop_error_name(rc), cop_errmsg(s));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int allowed[] = { COP_EFORMAT, COP_ENOTFOUND };
	cop_import_options opts;
	cop_import_report rep, again;
	fz_state before, after, after2;
	cop_store *s;
	int rc;

	write_dump(data, size);
	memset(&opts, 0, sizeof(opts));
	opts.version = COP_IMPORT_OPTIONS_VERSION;
	opts.progress = progress;
	memset(&rep, 0, sizeof(rep));
	rep.version = COP_IMPORT_REPORT_VERSION;

	s = fz_store();
	fz_state_get(&before, s, NULL);
	rc = cop_import_stackexchange(&rep, s, site, &opts);
	if (fz_strict() && rc == COP_EFORMAT && !strstr(cop_errmsg(s), ".xml"))
		fz_die("COP_EFORMAT without the file's name: %s", cop_errmsg(s));
	if (!fz_import_outcome("cop_import_stackexchange", s, rc, allowed,
			(int)(sizeof(allowed) / sizeof(allowed[0])), &before))
		return 0;
	fz_verify(s, "after the import");
	search_check(s);
	fz_state_get(&after, s, NULL);

	/* The same dump again: nothing new, nothing changed. */
	memset(&again, 0, sizeof(again));
	again.version = COP_IMPORT_REPORT_VERSION;
	if ((rc = cop_import_stackexchange(&again, s, site, &opts)) != COP_OK)
		fz_die("importing the same dump again: %s: %s",
			cop_error_name(rc), cop_errmsg(s));
	if (again.members || again.threads || again.contributions ||
	    again.revisions || again.votes || again.accepted ||
	    again.kudos || again.badges || again.links)
		fz_die("importing the same dump again wrote rows: members %lld "
			"threads %lld contributions %lld revisions %lld votes "
			"%lld accepted %lld kudos %lld badges %lld links %lld",
			(long long)again.members, (long long)again.threads,
			(long long)again.contributions,
			(long long)again.revisions, (long long)again.votes,
			(long long)again.accepted, (long long)again.kudos,
			(long long)again.badges, (long long)again.links);
	fz_state_get(&after2, s, NULL);
	after2.seq = after.seq;        /* it may log that it ran */
	fz_same_state(&after, &after2, "importing the same dump again");
	fz_discard();
	return 0;
}
