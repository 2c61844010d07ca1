/*
 * health_json.c: cop_health_report_json(), the health report's figures
 * (health.c) written as the JSON document of docs/health.md with
 * jansson, with its scorecard (health_score.c); without jansson it
 * answers COP_ENOTSUP.
 */
#include "health_figures.h"

#ifdef COP_HAVE_JANSSON
#include <stdlib.h>
#include <jansson.h>
#include "health_int.h"

/* Set @p key of @p o to @p v (NULL: out of memory, reported at the end). */
static void put(json_t *o, const char *key, json_t *v, int *oom)
{
	if (!v || json_object_set_new(o, key, v) != 0)
		*oom = 1;
}

static json_t *num(const cop__health_num *n)
{
	return n->has ? json_real(n->v) : json_null();
}

static json_t *day_json(int64_t day)
{
	char buf[11];

	cop__health_day_text(buf, day);
	return json_string(buf);
}

static json_t *response(const cop__health *h, int *oom)
{
	json_t *o = json_object(), *a = json_array(), *b;
	int i;

	if (!o || !a) {
		json_decref(o);
		json_decref(a);
		*oom = 1;
		return NULL;
	}
	put(o, "median", num(&h->median), oom);
	put(o, "p90", num(&h->p90), oom);
	put(o, "responded", json_integer(h->responded), oom);
	put(o, "unresponded", json_integer(h->unresponded), oom);
	for (i = 0; i < COP__H_BUCKETS; i++) {
		if (!(b = json_object())) {
			*oom = 1;
			break;
		}
		put(b, "label", json_string(cop__health_bucket_label[i]), oom);
		put(b, "max_hours", cop__health_bucket_max[i] ?
			json_integer(cop__health_bucket_max[i]) : json_null(), oom);
		put(b, "count", json_integer(h->bucket[i]), oom);
		if (json_array_append_new(a, b) != 0)
			*oom = 1;
	}
	put(o, "histogram", a, oom);
	return o;
}

static json_t *funding(const cop__health *h, int *oom)
{
	json_t *a = json_array(), *o;
	size_t i, n = h->funding ? cop_fund_report_count(h->funding) : 0;
	double runway;

	for (i = 0; a && i < n; i++) {
		const char *cur = cop_fund_report_currency(h->funding, i);
		if (!(o = json_object())) {
			*oom = 1;
			break;
		}
		put(o, "currency", json_string(cur), oom);
		put(o, "exponent", json_integer(cop_currency_exponent(cur)), oom);
		put(o, "balance", json_integer(cop_fund_report_balance(h->funding,
			i)), oom);
		put(o, "burn", json_integer(cop_fund_report_burn(h->funding, i)),
			oom);
		runway = cop_fund_report_runway(h->funding, i);
		put(o, "runway_months", runway < 0 ? json_null() :
			json_real(runway), oom);
		if (json_array_append_new(a, o) != 0)
			*oom = 1;
	}
	return a;
}

static json_t *activity(const cop__health *h, int *oom)
{
	json_t *o = json_object(), *a = json_array(), *u;
	size_t i;

	if (!o || !a) {
		json_decref(o);
		json_decref(a);
		*oom = 1;
		return NULL;
	}
	put(o, "unit", json_string(h->weekly ? "week" : "month"), oom);
	for (i = 0; i < h->nunits; i++) {
		if (!(u = json_object())) {
			*oom = 1;
			break;
		}
		put(u, "start", day_json(h->units[i].start), oom);
		put(u, "contributions", json_integer(h->units[i].contributions),
			oom);
		put(u, "active_members", json_integer(h->units[i].active), oom);
		put(u, "new_contributors", json_integer(h->units[i].fresh), oom);
		if (json_array_append_new(a, u) != 0)
			*oom = 1;
	}
	put(o, "series", a, oom);
	return o;
}

static json_t *document(const cop__health *h, int *oom)
{
	json_t *d = json_object(), *o;
	char id[37], gen[32];
	int64_t secs = h->now / 1000;
	int i;

	if (!d) {
		*oom = 1;
		return NULL;
	}
	cop_id_format(id, &h->c.id);
	put(d, "format", json_integer(1), oom);
	if ((o = json_object()) != NULL) {
		put(o, "id", json_string(id), oom);
		put(o, "slug", json_string(h->c.slug), oom);
		put(o, "name", json_string(h->c.name ? h->c.name : ""), oom);
	}
	put(d, "community", o, oom);
	put(d, "from", day_json(h->d0), oom);
	put(d, "to", day_json(h->d1), oom);
	cop__health_day_text(gen, h->now >= 0 ? h->now / 86400000 :
		-((-h->now + 86399999) / 86400000));
	secs = ((secs % 86400) + 86400) % 86400;
	snprintf(gen + 10, sizeof(gen) - 10, "T%02d:%02d:%02dZ",
		(int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	put(d, "generated", json_string(gen), oom);
	put(d, "contributions", json_integer(h->contributions), oom);
	put(d, "questions", json_integer(h->questions), oom);
	put(d, "active_members", json_integer(h->active_members), oom);
	put(d, "new_contributors", json_integer(h->new_contributors), oom);
	put(d, "inactive_contributors", json_integer(h->inactive_contributors),
		oom);
	if ((o = json_object()) != NULL) {
		put(o, "core", json_integer(h->core), oom);
		put(o, "active", json_integer(h->active), oom);
		put(o, "peripheral", json_integer(h->peripheral), oom);
		put(o, "inactive", json_integer(h->inactive), oom);
		put(o, "top1_share", num(&h->top1), oom);
		put(o, "top10_share", num(&h->top10), oom);
	}
	put(d, "participation", o, oom);
	put(d, "time_to_first_response_hours", response(h, oom), oom);
	put(d, "answered_share", num(&h->answered_share), oom);
	put(d, "accepted_share", num(&h->accepted_share), oom);
	put(d, "summary_coverage", num(&h->coverage), oom);
	if ((o = json_object()) != NULL) {
		put(o, "covered", json_integer(h->covered), oom);
		put(o, "eligible", json_integer(h->eligible), oom);
	}
	put(d, "summaries", o, oom);
	put(d, "absence_factor", h->absence.has ?
		json_integer((json_int_t)h->absence.v) : json_null(), oom);
	put(d, "absence_factor_organisations", h->absence_org.has ?
		json_integer((json_int_t)h->absence_org.v) : json_null(), oom);
	put(d, "newcomer_retention", num(&h->retention), oom);
	put(d, "events_held", json_integer(h->events_held), oom);
	put(d, "attendance_rate", num(&h->attendance_rate), oom);
	put(d, "hours_pledged", json_real(h->hours_pledged), oom);
	put(d, "hours_given", json_real(h->hours_given), oom);
	put(d, "funding", funding(h, oom), oom);
	put(d, "activity", activity(h, oom), oom);
	if ((o = json_object()) != NULL) {
		json_t *ev = json_array();
		put(o, "name", json_string(h->stage), oom);
		for (i = 0; ev && i < h->nevidence; i++)
			if (json_array_append_new(ev, json_string(h->evidence[i])))
				*oom = 1;
		put(o, "evidence", ev, oom);
	}
	put(d, "stage", o, oom);
	return d;
}

cop_status cop__health_report_build(cop_store *s, const char *community,
	const char *from, const char *to, json_t **out)
{
	cop__health h;
	json_t *doc = NULL;
	int rc, oom = 0;

	*out = NULL;
	rc = cop__health_compute(s, community, from, to, &h);
	if (rc == COP_OK) {
		doc = document(&h, &oom);
		if (oom || !doc) {
			json_decref(doc);
			rc = cop__error(s, COP_ENOMEM, "out of memory");
		} else {
			*out = doc;
		}
	}
	cop__health_clear(&h);
	return rc;
}

int cop_health_report_json(char **out, cop_store *s, const char *community,
	const char *from, const char *to)
{
	json_t *doc = NULL;
	const char *id;
	char *text;
	int rc;

	if ((rc = cop__check_out(s, out != NULL)) != COP_OK)
		return rc;
	*out = NULL;
	if ((rc = cop__health_report_build(s, community, from, to, &doc)) !=
	    COP_OK)
		return rc;
	/* The scorecard (health_score.c), judged against the community's
	 * thresholds. */
	id = json_string_value(json_object_get(json_object_get(doc,
		"community"), "id"));
	rc = id ? cop__health_scorecard(s, id, doc) :
		cop__error(s, COP_ENOMEM, "out of memory");
	if (rc != COP_OK) {
		json_decref(doc);
		return rc;
	}
	text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	json_decref(doc);
	if (!text || !(*out = cop_strdup(text))) {
		free(text);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	free(text);
	return cop__ok(s);
}

#else

int cop_health_report_json(char **out, cop_store *s, const char *community,
	const char *from, const char *to)
{
	(void)community;
	(void)from;
	(void)to;
	if (out)
		*out = NULL;
	if (!s || !out)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "the health report needs jansson: "
		"this libcop was built without it");
}

#endif
