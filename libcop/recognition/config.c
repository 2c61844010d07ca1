/*
 * config.c: a community's recognition configuration (cop_recognition_config),
 * stored as "name=value" lines.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- configuration ------------------------------------------------------------- */

typedef struct cfg_field {
	const char *name;
	size_t off;
} cfg_field;

#define F(n) { #n, offsetof(cop_recognition_config, n) }
static const cfg_field cfg_fields[] = {
	F(up_question), F(up_answer), F(up_other), F(helpful),
	F(down_received), F(down_answer_cost), F(accept_author),
	F(accept_acceptor), F(kudos), F(daily_cap), F(floor),
	F(trust1_days), F(trust1_posts), F(trust1_given), F(trust1_received),
	F(trust2_days), F(trust2_posts), F(trust2_given), F(trust2_received),
	F(trust3_days), F(trust3_posts), F(trust3_given), F(trust3_received),
	F(priv_flag), F(priv_vote_down), F(priv_edit_others), F(priv_moderate),
	F(badge_answer1), F(badge_answer2), F(badge_answer3),
	F(badge_question1), F(badge_question2), F(badge_question3),
	F(badge_kudos1), F(badge_kudos2), F(badge_kudos3),
	F(trust1_read), F(trust2_read), F(trust3_read), F(rule_badges),
};
#undef F
#define NFIELDS (sizeof(cfg_fields) / sizeof(cfg_fields[0]))

static int *cfg_at(cop_recognition_config *c, size_t i)
{
	return (int *)((char *)c + cfg_fields[i].off);
}

/* Parse "name=value" lines over the defaults; unknown names are kept
 * out (a newer library's settings). */
static void cfg_parse(cop_recognition_config *c, const char *body)
{
	const char *p = body;
	size_t i;

	while (p && *p) {
		const char *eq = strchr(p, '='), *nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (eq && eq < nl) {
			for (i = 0; i < NFIELDS; i++) {
				size_t n = strlen(cfg_fields[i].name);
				if ((size_t)(eq - p) == n &&
				    !strncmp(p, cfg_fields[i].name, n)) {
					*cfg_at(c, i) = (int)strtol(eq + 1, NULL, 10);
					break;
				}
			}
		}
		p = *nl ? nl + 1 : nl;
	}
}

int cop__rec_config_load(cop_store *s, const cop_id *cid,
	cop_recognition_config *out)
{
	static const cop_recognition_config defaults = COP_RECOGNITION_CONFIG_INIT;
	char *body = NULL;
	int rc;

	*out = defaults;
	rc = REC_T(s)->config_get(s->be, cid, &body);
	if (rc == COP_OK)
		cfg_parse(out, body);
	cop_free(body);
	return rc == COP_ENOTFOUND ? COP_OK : cop__rec_be(s, rc);
}

static int cfg_check(cop_store *s, const cop_recognition_config *c)
{
	if (c->version != COP_RECOGNITION_CONFIG_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported "
			"cop_recognition_config version %u", c->version);
	if (c->floor > REP_INITIAL)
		return cop__error(s, COP_EINVAL, "floor must be at most %d",
			REP_INITIAL);
	if (c->daily_cap < 0)
		return cop__error(s, COP_EINVAL, "daily_cap must not be negative");
	if (c->priv_flag < 0 || c->priv_flag > 4 || c->priv_vote_down < 0 ||
	    c->priv_vote_down > 4 || c->priv_edit_others < 0 ||
	    c->priv_edit_others > 4 || c->priv_moderate < 0 ||
	    c->priv_moderate > 4)
		return cop__error(s, COP_EINVAL, "privilege levels are 0-4");
	if (c->rule_badges != 0 && c->rule_badges != 1)
		return cop__error(s, COP_EINVAL, "rule_badges is 0 or 1");
	return COP_OK;
}

int cop_recognition_config_lookup(cop_recognition_config *out, cop_store *s,
	const char *community)
{
	cop_id cid;
	int rc;

	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	if ((rc = cop__rec_listing_args(s, community, NULL, &cid, NULL)) != COP_OK)
		return rc;
	if ((rc = cop__rec_config_load(s, &cid, out)) != COP_OK)
		return rc;
	return cop__ok(s);
}
COP__ALIAS(cop_recognition_config_get, cop_recognition_config_lookup);

int cop_recognition_config_set(cop_store *s, const char *community,
	const cop_recognition_config *config)
{
	const cop_backend_recognition *rt;
	cop_community_rec c;
	char body[2048];
	size_t i, n = 0;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!config)
		return cop__error(s, COP_EINVAL, "config is NULL");
	if ((rc = RECOGNITION(s, &rt)) != COP_OK ||
	    (rc = cfg_check(s, config)) != COP_OK)
		return rc;
	for (i = 0; i < NFIELDS; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "%s=%d\n",
			cfg_fields[i].name,
			*cfg_at((cop_recognition_config *)config, i));
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__rec_facilitator(s, community, &c, "configure recognition");
	if (rc == COP_OK)
		rc = cop__rec_be(s, rt->config_put(s->be, &c.id, body));
	if (rc == COP_OK)
		rc = cop__log(s, "recognition.configure", &c.id, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__rec_write_end(s, rc);
}
