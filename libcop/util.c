/*
 * util.c: argument validation, tags and ids.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <uuid/uuid.h>

#include "internal.h"

const cop_id cop__nil_id;
const cop_id cop__anonymous_id = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

/* ---- UTF-8 ---------------------------------------------------------------- */

size_t cop__utf8_seq(const unsigned char *p, size_t avail)
{
	unsigned int c = *p, cp;
	size_t extra, i;

	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xc2 && c <= 0xdf) {
		extra = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		extra = 2;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		extra = 3;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail <= extra)
		return 0;
	for (i = 1; i <= extra; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return extra + 1;
}

int cop__utf8_valid(const char *str, size_t len, size_t *ncp)
{
	const unsigned char *p = (const unsigned char *)str;
	const unsigned char *end = p + len;
	size_t n = 0, k;

	for (; p < end; p += k, n++)
		if ((k = cop__utf8_seq(p, (size_t)(end - p))) == 0)
			return 0;
	if (ncp)
		*ncp = n;
	return 1;
}

int cop__check_text(cop_store *s, const char *v, const char *what,
	int optional, size_t max_chars, size_t max_bytes)
{
	size_t len, ncp;

	if (!v || !*v) {
		if (optional)
			return COP_OK;
		return cop__error(s, COP_EINVAL, "%s is %s", what,
			v ? "empty" : "NULL");
	}
	len = strlen(v);
	if (max_bytes && len > max_bytes)
		return cop__error(s, COP_ETOOBIG,
			"%s is too long (%zu bytes, at most %zu)", what, len,
			max_bytes);
	if (!cop__utf8_valid(v, len, &ncp))
		return cop__error(s, COP_EENCODING, "%s is not valid UTF-8",
			what);
	if (max_chars && ncp > max_chars)
		return cop__error(s, COP_ETOOBIG,
			"%s is too long (%zu characters, at most %zu)", what, ncp,
			max_chars);
	return COP_OK;
}

/* Check @p v is 1..@p max characters of the set accepted by @p ok. */
static int check_word(cop_store *s, const char *v, const char *what,
	size_t max, int (*ok)(int c, size_t i))
{
	size_t i;

	if (!v || !*v)
		return cop__error(s, COP_EINVAL, "%s is %s", what,
			v ? "empty" : "NULL");
	for (i = 0; v[i]; i++) {
		if (i >= max)
			return cop__error(s, COP_ETOOBIG,
				"%s is too long (at most %zu characters)", what,
				max);
		if (!ok((unsigned char)v[i], i)) {
			if ((unsigned char)v[i] >= 0x80 &&
			    !cop__utf8_valid(v, strlen(v), NULL))
				return cop__error(s, COP_EENCODING,
					"%s is not valid UTF-8", what);
			return cop__error(s, COP_EINVAL,
				"%s '%.64s' has an invalid character at %zu",
				what, v, i + 1);
		}
	}
	return COP_OK;
}

static int handle_char(int c, size_t i)
{
	(void)i;
	return (c < 0x80 && isalnum(c)) || c == '_' || c == '.' || c == '-';
}

static int slug_char(int c, size_t i)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		(c == '-' && i > 0);
}

int cop__check_out(cop_store *s, int has_out)
{
	if (!s)
		return COP_EINVAL;
	if (!has_out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	return COP_OK;
}

int cop__check_community_arg(cop_store *s, const char *community)
{
	if (!community || !*community)
		return cop__error(s, COP_EINVAL, "community is required");
	return COP_OK;
}

int cop__check_handle(cop_store *s, const char *v)
{
	return check_word(s, v, "handle", 64, handle_char);
}

int cop__check_slug(cop_store *s, const char *v)
{
	return check_word(s, v, "slug", 64, slug_char);
}

/* 1 if v[0..n) is a BCP 47-shaped tag. */
static int language_ok(const char *v, size_t n)
{
	size_t i = 0, part = 0, first = 1;

	if (n == 0 || n > 35)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || v[i] == '-') {
			if (part == 0 || part > 8 || (first && part < 2))
				return 0;
			first = 0;
			part = 0;
			continue;
		}
		if (first ? !isalpha((unsigned char)v[i]) :
		    !isalnum((unsigned char)v[i]))
			return 0;
		if ((unsigned char)v[i] >= 0x80)
			return 0;
		part++;
	}
	return 1;
}

int cop__check_language(cop_store *s, const char *v, const char *what)
{
	if (!v || !*v)
		return cop__error(s, COP_EINVAL, "%s is %s", what,
			v ? "empty" : "NULL");
	if (strlen(v) > 35)
		return cop__error(s, COP_ETOOBIG, "%s is too long", what);
	if (!language_ok(v, strlen(v))) {
		if (!cop__utf8_valid(v, strlen(v), NULL))
			return cop__error(s, COP_EENCODING,
				"%s is not valid UTF-8", what);
		return cop__error(s, COP_EINVAL,
			"%s '%.40s' is not a language tag (e.g. en, pt-BR)",
			what, v);
	}
	return COP_OK;
}

int cop__check_languages(cop_store *s, const char *v)
{
	const char *p = v;
	int count = 0;

	if (!v || !*v)
		return cop__error(s, COP_EINVAL, "languages is %s",
			v ? "empty" : "NULL");
	if (!cop__utf8_valid(v, strlen(v), NULL))
		return cop__error(s, COP_EENCODING,
			"languages is not valid UTF-8");
	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " ");
		if (!language_ok(p, n))
			return cop__error(s, COP_EINVAL,
				"languages: '%.*s' is not a language tag",
				(int)(n > 40 ? 40 : n), p);
		if (++count > 10)
			return cop__error(s, COP_ETOOBIG,
				"languages: at most 10 tags");
		p += n;
	}
	if (count == 0)
		return cop__error(s, COP_EINVAL, "languages is empty");
	return COP_OK;
}

/* ---- tags ----------------------------------------------------------------- */

#define TAG_MAX 35

static int tag_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		c == '+' || c == '#' || c == '.' || c == '-';
}

static int tag_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int cop__tags_normalize(cop_store *s, const char *in, char **out)
{
	char tags[COP_THREAD_MAX_TAGS][TAG_MAX + 1];
	size_t ntags = 0, i, total = 0;
	const char *p = in;
	char *res, *w;

	*out = NULL;
	/* Bounded before anything else: megabytes of one repeated tag are
	 * refused, not collapsed. */
	if (in && strnlen(in, COP_THREAD_MAX_TAGS_BYTES + 1) >
	    COP_THREAD_MAX_TAGS_BYTES)
		return cop__error(s, COP_ETOOBIG, "tags: longer than %d bytes",
			COP_THREAD_MAX_TAGS_BYTES);
	if (in && !cop__utf8_valid(in, strlen(in), NULL))
		return cop__error(s, COP_EENCODING, "tags are not valid UTF-8");
	while (p && *p) {
		char tag[TAG_MAX + 1];
		size_t n = 0, dup;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		while (*p && *p != ' ' && *p != ',' && *p != '\t') {
			int c = tolower((unsigned char)*p);

			if ((unsigned char)*p >= 0x80 || !tag_char(c))
				return cop__error(s, COP_EINVAL,
					"tag has an invalid character '%c' "
					"(allowed: a-z 0-9 + # . -)",
					(unsigned char)*p >= 0x80 ? '?' : *p);
			if (n >= TAG_MAX)
				return cop__error(s, COP_ETOOBIG,
					"a tag is longer than %d characters",
					TAG_MAX);
			tag[n++] = (char)c;
			p++;
		}
		tag[n] = '\0';
		for (dup = 0; dup < ntags; dup++)
			if (strcmp(tags[dup], tag) == 0)
				break;
		if (dup < ntags)
			continue;
		if (ntags == COP_THREAD_MAX_TAGS)
			return cop__error(s, COP_ETOOBIG, "at most %d tags",
				COP_THREAD_MAX_TAGS);
		memcpy(tags[ntags++], tag, n + 1);
		total += n + 1;
	}
	qsort(tags, ntags, sizeof(tags[0]), tag_cmp);
	if (!(res = cop_malloc(total + 1)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	w = res;
	for (i = 0; i < ntags; i++) {
		size_t n = strlen(tags[i]);

		if (i)
			*w++ = ' ';
		memcpy(w, tags[i], n);
		w += n;
	}
	*w = '\0';
	*out = res;
	return COP_OK;
}

/* ---- enum names ------------------------------------------------------------ */

int cop__name_index(const char *const *names, int n, const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* ---- ids ------------------------------------------------------------------ */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int cop_id_parse(cop_id *out, const char *text)
{
	size_t i, j = 0;

	if (!out || !text)
		return COP_EINVAL;
	for (i = 0; i < COP_ID_TEXT_LEN; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (text[i] != '-')
				return COP_EINVAL;
			continue;
		}
		if ((hi = hexval((unsigned char)text[i])) < 0 ||
		    (lo = hexval((unsigned char)text[i + 1])) < 0)
			return COP_EINVAL;
		out->bytes[j++] = (unsigned char)(hi << 4 | lo);
		i++;
	}
	if (text[COP_ID_TEXT_LEN] != '\0')
		return COP_EINVAL;
	return COP_OK;
}

void cop_id_format(char *out, const cop_id *id)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	char *w = out;

	if (!out)
		return;
	if (!id) {
		*out = '\0';
		return;
	}
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*w++ = '-';
		*w++ = hex[id->bytes[i] >> 4];
		*w++ = hex[id->bytes[i] & 15];
	}
	*w = '\0';
}

int cop_id_is_nil(const cop_id *id)
{
	return !id || memcmp(id, &cop__nil_id, sizeof(*id)) == 0;
}

int64_t cop__days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cop__civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

cop_time cop_time_utc(int year, int month, int day, int hour, int minute,
	int second, int millisecond)
{
	static const int mdays[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (year < 1970 || year > 9999 || month < 1 || month > 12 ||
	    day < 1 || day > mdays[month - 1] ||
	    (month == 2 && day == 29 && !leap) || hour < 0 || hour > 23 ||
	    minute < 0 || minute > 59 || second < 0 || second > 60 ||
	    millisecond < 0 || millisecond > 999)
		return -1;
	return ((cop__days_from_civil(year, month, day) * 24 + hour) * 60 +
		minute) * 60000 + (cop_time)second * 1000 + millisecond;
}

cop_time cop_id_time(const cop_id *id)
{
	cop_time t = 0;
	int i;

	if (!id)
		return 0;
	for (i = 0; i < 6; i++)
		t = t << 8 | id->bytes[i];
	return t;
}

void cop__id_text(char *buf, const cop_id *id)
{
	if (cop_id_is_nil(id))
		buf[0] = '\0';
	else
		cop_id_format(buf, id);
}

const char *cop__lazy_id(char *buf, const cop_id *id)
{
	if (!buf[0]) {
		if (cop_id_is_nil(id))
			return NULL;
		cop_id_format(buf, id);
	}
	return buf;
}

int cop__id_arg(cop_store *s, cop_id *out, const char *text, const char *what)
{
	if (!text || !*text)
		return cop__error(s, COP_EINVAL, "%s id is %s", what,
			text ? "empty" : "NULL");
	if (cop_id_parse(out, text) != COP_OK) {
		if (!cop__utf8_valid(text, strlen(text), NULL))
			return cop__error(s, COP_EINVAL,
				"malformed %s id (not UTF-8)", what);
		return cop__error(s, COP_EINVAL, "malformed %s id '%.40s'",
			what, text);
	}
	if (cop_id_is_nil(out))
		return cop__error(s, COP_EINVAL, "%s id is the nil id", what);
	return COP_OK;
}

/*
 * Which process a store's pool of random bytes was filled in: a child
 * forked after the fill must not use what is left of it, or it would
 * make the ids its parent makes next.  The count of forks this process
 * is a child of, kept by a pthread_atfork() handler, changes in the
 * child and nowhere else, and costs no system call (getpid() did: one
 * per id, 32,874 of the 52,091 system calls of the beer dump's
 * import).  Where the handler cannot be registered, the process id.
 */
static pthread_once_t id_once = PTHREAD_ONCE_INIT;
static int id_watched;              /* the handler is registered */
static unsigned long id_forks;      /* forks this process came from */

static void id_forked(void)
{
	id_forks++;   /* the child's only thread, before fork() returns */
}

static void id_watch(void)
{
	id_watched = pthread_atfork(NULL, NULL, id_forked) == 0;
}

static unsigned long id_generation(void)
{
	pthread_once(&id_once, id_watch);
	return id_watched ? id_forks : (unsigned long)getpid();
}

/*
 * A UUID version 7: 48 bits of milliseconds, the version, 12 bits of a
 * per-store sequence (so ids made in the same millisecond by one store
 * still sort in creation order), the variant, 62 random bits from
 * the kernel (getrandom(), read 4 KiB at a time into the store's pool,
 * refilled in a forked child: id_generation(); libuuid when it fails).
 */
int cop__id_new(cop_store *s, cop_id *out)
{
	return cop__id_new_now(s, out, NULL);
}

int cop__id_new_now(cop_store *s, cop_id *out, cop_time *now)
{
	cop_time clock = cop__now(s), ms = clock;
	unsigned int seq = 0;
	unsigned long gen;
	uuid_t rnd;
	int i;

	if (ms == s->id_last_ms) {
		seq = ++s->id_seq;
		if (seq > 0xfff) {
			/* More than 4096 ids in one millisecond: borrow
			 * the next one so that order is kept. */
			ms = ++s->id_last_ms;
			seq = s->id_seq = 0;
		}
	} else if (ms > s->id_last_ms || s->fixed_now) {
		s->id_last_ms = ms;
		s->id_seq = 0;
	} else {
		/* The system clock went back: stay monotonic. */
		ms = s->id_last_ms;
		seq = ++s->id_seq;
		if (seq > 0xfff) {
			ms = ++s->id_last_ms;
			seq = s->id_seq = 0;
		}
	}
	if (now)
		*now = clock;
	gen = id_generation();
	if (s->id_pool_n < 16 || s->id_pool_gen != gen) {
		ssize_t got = getrandom(s->id_pool, sizeof(s->id_pool), 0);
		s->id_pool_n = got == (ssize_t)sizeof(s->id_pool) ?
			(unsigned int)got : 0;
		s->id_pool_gen = gen;
	}
	if (s->id_pool_n >= 16) {
		s->id_pool_n -= 16;
		memcpy(out->bytes, s->id_pool + s->id_pool_n, 16);
		/* Used once. */
		memset(s->id_pool + s->id_pool_n, 0, 16);
	} else {
		uuid_generate_random(rnd);
		memcpy(out->bytes, rnd, 16);
	}
	for (i = 5; i >= 0; i--) {
		out->bytes[i] = (unsigned char)(ms & 0xff);
		ms >>= 8;
	}
	out->bytes[6] = (unsigned char)(0x70 | ((seq >> 8) & 0x0f));
	out->bytes[7] = (unsigned char)(seq & 0xff);
	out->bytes[8] = (unsigned char)(0x80 | (out->bytes[8] & 0x3f));
	return COP_OK;
}

cop_time cop__now(cop_store *s)
{
	struct timespec ts;

	if (s && s->fixed_now)
		return s->fixed_now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (cop_time)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- arrays ---------------------------------------------------------------- */

int cop__grow(cop_store *s, void *arr, size_t n, size_t *cap, size_t size,
	size_t first)
{
	size_t c = *cap ? *cap * 2 : first;
	void *v;

	if (n < *cap)
		return COP_OK;
	memcpy(&v, arr, sizeof(v));
	if (!(v = cop_realloc(v, c * size)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	memcpy(arr, &v, sizeof(v));
	*cap = c;
	return COP_OK;
}
