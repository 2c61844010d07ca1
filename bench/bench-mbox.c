/*
 * cop-bench-mbox: importing a mailing-list archive with libcop
 * (cop_import_mbox) against the plain program of mbox_baseline.c (GMime's
 * mbox parser and plain SQLite statements writing the same rows), in the
 * same run.
 *
 *   cop-bench-mbox [--messages N] [--dir DIR] [--source FILE] [--keep]
 *
 * The input: the fedora-devel archive of January 2010
 * (tests/data/mailman-fedora-devel-2010-01/2010-January.txt.gz, 292
 * messages) written again and again into one mbox file until it holds N
 * messages (default 100,000), copy k with every id of its Message-ID,
 * References and In-Reply-To made unique ("<k.id>") and " (k)" after its
 * subject (so that JWZ's subject grouping keeps the copies apart).
 *
 * Each side imports it in its own child process (fork; peak memory is
 * the child's ru_maxrss) into its own fresh SQLite file that libcop
 * created with the community "bench" in it, before the clock starts.
 * The program prints both times, the ratio, the peak memories, and
 * PASS/MISS for issue 20's targets (libcop at most 1.5 times the plain
 * program's time, peak memory under 128 MiB).  Exit status 0 whatever
 * the figures, 1 when something fails, 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <zlib.h>
#include <sqlite3.h>
#include <cop/cop.h>

#include "benchutil.h"
#include "mbox_baseline.h"

#ifndef COP_BENCH_MBOX_SOURCE
#define COP_BENCH_MBOX_SOURCE \
	"tests/data/mailman-fedora-devel-2010-01/2010-January.txt.gz"
#endif
#define SLUG "bench"
#define TARGET_RATIO 1.5
#define TARGET_PEAK_KIB (128L * 1024)

/* The source archive, decompressed. */
static char *slurp_gz(const char *path, size_t *n)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 22;
	char *buf = malloc(cap);
	int r;

	if (!gz || !buf)
		bu_die(path, "cannot open");
	*n = 0;
	while ((r = gzread(gz, buf + *n, (unsigned)(cap - *n - 1))) > 0) {
		*n += (size_t)r;
		if (cap - *n < 65536 && !(buf = realloc(buf, cap *= 2)))
			bu_die("realloc", "out of memory");
	}
	gzclose(gz);
	buf[*n] = '\0';
	return buf;
}

/* Write copy @p k of the archive (at most @p left messages); returns how
 * many messages it wrote. */
static long write_copy(FILE *f, const char *src, size_t n, int k, long left)
{
	const char *p = src, *end = src + n;
	long msgs = 0;
	int in_head = 0, id_hdr = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (!strncmp(p, "From ", 5) && (p == src || p[-1] == '\n')) {
			if (msgs == left)
				break;
			msgs++;
			in_head = 1;
			id_hdr = 0;
			fwrite(p, 1, len, f);
		} else if (in_head && len <= 1) {
			in_head = 0;
			fwrite(p, 1, len, f);
		} else if (in_head) {
			size_t i;
			if (p[0] != ' ' && p[0] != '\t')
				id_hdr = !strncasecmp(p, "Message-ID:", 11) ||
					!strncasecmp(p, "References:", 11) ||
					!strncasecmp(p, "In-Reply-To:", 12);
			if (!strncasecmp(p, "Subject:", 8)) {
				size_t e = len;
				while (e > 0 && (p[e - 1] == '\n' || p[e - 1] == '\r'))
					e--;
				fwrite(p, 1, e, f);
				fprintf(f, " (%d)\n", k);
			} else if (id_hdr) {
				for (i = 0; i < len; i++) {
					fputc(p[i], f);
					if (p[i] == '<')
						fprintf(f, "%d.", k);
				}
			} else {
				fwrite(p, 1, len, f);
			}
		} else {
			fwrite(p, 1, len, f);
		}
		p += len;
	}
	return msgs;
}

static void generate(const char *src, const char *out, long messages)
{
	size_t n;
	char *text = slurp_gz(src, &n);
	FILE *f = fopen(out, "w");
	long done = 0;
	int k;

	if (!f)
		bu_die(out, "cannot write");
	for (k = 1; done < messages; k++)
		done += write_copy(f, text, n, k, messages - done);
	if (fclose(f) != 0)
		bu_die(out, "cannot write");
	free(text);
}

/* A fresh libcop file holding the community. */
static void fresh_store(const char *db)
{
	cop_store *s;

	bu_remove_db(db);
	bu_lc_check(NULL, cop_open(&s, db, BU_SYSTEM), "cop_open");
	bu_lc_check(s, cop_community_create(NULL, s, SLUG, "Bench", NULL, NULL,
		COP_VISIBILITY_PUBLIC), "cop_community_create");
	cop_close(s);
}

typedef struct side_arg {
	const char *mbox, *db;
	int libcop;
} side_arg;

typedef struct side_res {
	double secs;
	int64_t messages, members, threads;
} side_res;

static void side_run(void *arg, void *out)
{
	const side_arg *a = arg;
	side_res *r = out;
	double t0;

	memset(r, 0, sizeof(*r));
	if (a->libcop) {
		cop_import_options o = COP_IMPORT_OPTIONS_INIT;
		cop_import_report rep = COP_IMPORT_REPORT_INIT;
		const char *files[1];
		cop_store *s;
		files[0] = a->mbox;
		o.community = SLUG;
		bu_lc_check(NULL, cop_open(&s, a->db, BU_SYSTEM), "cop_open");
		t0 = bu_now_s();
		bu_lc_check(s, cop_import_mbox(&rep, s, files, 1, &o),
			"cop_import_mbox");
		r->secs = bu_now_s() - t0;
		r->messages = rep.contributions;
		r->members = rep.members;
		r->threads = rep.threads;
		cop_close(s);
	} else {
		mbox_counts n;
		t0 = bu_now_s();
		mbox_baseline(a->mbox, a->db, SLUG, &n);
		r->secs = bu_now_s() - t0;
		r->messages = n.messages;
		r->members = n.members;
		r->threads = n.threads;
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: cop-bench-mbox [--messages N] [--dir DIR] "
		"[--source FILE] [--keep]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *src = COP_BENCH_MBOX_SOURCE;
	char tmpl[] = "/tmp/cop-bench-mbox.XXXXXX", mbox[4096], dbl[4096],
		dbp[4096];
	long messages = 100000;
	int keep = 0, i;
	side_arg al, ap;
	side_res rl, rp;
	bu_child cl, cp;
	double ratio;

	bu_set_prog("cop-bench-mbox");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--messages") && i + 1 < argc)
			messages = atol(argv[++i]);
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--source") && i + 1 < argc)
			src = argv[++i];
		else if (!strcmp(argv[i], "--keep"))
			keep = 1;
		else
			usage();
	}
	if (messages <= 0)
		usage();
	if (!dir && !(dir = mkdtemp(tmpl)))
		bu_die("mkdtemp", "cannot make a temporary folder");
	snprintf(mbox, sizeof(mbox), "%s/archive.mbox", dir);
	snprintf(dbl, sizeof(dbl), "%s/cop-bench-mbox-libcop.db", dir);
	snprintf(dbp, sizeof(dbp), "%s/cop-bench-mbox-plain.db", dir);
	printf("generating %ld messages from %s\n", messages, src);
	fflush(stdout);
	generate(src, mbox, messages);
	fresh_store(dbl);
	fresh_store(dbp);
	al.mbox = ap.mbox = mbox;
	al.db = dbl;
	ap.db = dbp;
	al.libcop = 1;
	ap.libcop = 0;
	cp = bu_in_child(side_run, &ap, &rp, sizeof(rp));
	cl = bu_in_child(side_run, &al, &rl, sizeof(rl));
	if (!cp.ok || !cl.ok)
		bu_die("a side", "failed");
	ratio = rl.secs / rp.secs;
	printf("%-8s %10s %10s %9s %9s %12s\n", "side", "seconds", "msgs/s",
		"messages", "threads", "peak MiB");
	printf("%-8s %10.2f %10.0f %9lld %9lld %12.1f\n", "plain", rp.secs,
		rp.messages / rp.secs, (long long)rp.messages,
		(long long)rp.threads, cp.peak_kib / 1024.0);
	printf("%-8s %10.2f %10.0f %9lld %9lld %12.1f\n", "libcop", rl.secs,
		rl.messages / rl.secs, (long long)rl.messages,
		(long long)rl.threads, cl.peak_kib / 1024.0);
	printf("ratio libcop/plain: %.2f (target at most %.1f): %s\n", ratio,
		TARGET_RATIO, ratio <= TARGET_RATIO ? "PASS" : "MISS");
	printf("libcop peak memory: %.1f MiB (target under 128): %s\n",
		cl.peak_kib / 1024.0, cl.peak_kib < TARGET_PEAK_KIB ? "PASS" :
		"MISS");
	if (!keep) {
		unlink(mbox);
		bu_remove_db(dbl);
		bu_remove_db(dbp);
		if (dir == tmpl)
			rmdir(dir);
	} else {
		printf("kept %s\n", dir);
	}
	return 0;
}
