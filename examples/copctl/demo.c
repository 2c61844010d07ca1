/*
 * copctl demo: the KSGhana community of practice.
 *
 * On Tuesday 18 May 2010, a KSGhana knowledge-sharing workshop in Accra
 * held a session on communities of practice (CoPs): Lucie introduced the
 * concept and the participants discussed a few questions in groups.  The
 * demo turns that session into a libcop community: the members and their
 * roles, the workshop's questions as threads, and the participants'
 * answers, comments, a translation, an edit and the facilitator's summary,
 * all taken from the session's notes.
 *
 * Everything is written in one batch, at fixed times, each contribution
 * made as its author (cop_store_set_actor) so that libcop's permission
 * rules are exercised for real; two refusals are tried on purpose.
 */
#include <stdio.h>
#include <string.h>

#include <cop/sys/alloc.h>

#include "copctl.h"

#define DEMO_SLUG "ksghana-cop"
/* The end of the demo's week (the workshop ran 18-21 May 2010). */
#define DEMO_DIGEST_UNTIL "2010-05-22 00:00"
#define DEMO_NAME "KSGhana: communities of practice"
#define DEMO_PURPOSE \
	"We are staff of FAO, of Ghana's ministries and research institutes, " \
	"of universities and NGOs who met at the KSGhana knowledge-sharing " \
	"workshop (Accra, May 2010).  Our domain is knowledge sharing for " \
	"agriculture and rural development.  We bring what we know and share " \
	"it, answer each other's questions, meet face to face when we can, and " \
	"follow every discussion up with a summary so that what we learn is " \
	"not lost.  English and French are both welcome here."

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* The people                                                          */
/* ------------------------------------------------------------------ */

struct demo_member {
	const char *handle;
	const char *name;
	const char *org;
	const char *langs;
	cop_role role;
	int hours;               /* pledged hours a month */
	const char *granted_by;  /* who gives the role (NULL: creates it) */
};

/* The owner comes first (they create the community), then the facilitator. */
static const struct demo_member demo_members[] = {
	{ "ama.mensah", "Ama Mensah", "Ministry of Food and Agriculture, Ghana",
	  "en ak", COP_ROLE_OWNER, 8, NULL },
	{ "lucie", "Lucie", "FAO", "fr en", COP_ROLE_FACILITATOR, 16,
	  "ama.mensah" },
	{ "kwame.owusu", "Kwame Owusu", "University of Ghana, Legon", "en ak",
	  COP_ROLE_CORE, 8, "lucie" },
	{ "fatima.diallo", "Fatima Diallo", "ENDA Tiers Monde", "fr wo en",
	  COP_ROLE_CORE, 6, "lucie" },
	{ "jean.kabore", "Jean-Baptiste Kaboré", "INERA, Burkina Faso", "fr mos",
	  COP_ROLE_CORE, 6, "lucie" },
	{ "abena.asante", "Abena Asante", "CSIR Crops Research Institute",
	  "en tw", COP_ROLE_MEMBER, 4, NULL },
	{ "yaw.boateng", "Yaw Boateng", "Farm Radio International", "en ee",
	  COP_ROLE_MEMBER, 4, NULL },
	{ "marie.ndiaye", "Marie-Claire Ndiaye",
	  "FAO Regional Office for Africa, Accra", "fr en", COP_ROLE_MEMBER, 4,
	  NULL },
	{ "samuel.adjei", "Samuel Adjei",
	  "Ministry of Local Government and Rural Development, Ghana", "en",
	  COP_ROLE_MEMBER, 2, NULL },
	{ "ibrahim.sulemana", "Ibrahim Sulemana",
	  "University for Development Studies, Tamale", "en ha dag",
	  COP_ROLE_MEMBER, 3, NULL },
	{ "peter.hansen", "Peter Hansen", "FAO, Rome", "en da",
	  COP_ROLE_OBSERVER, 0, "lucie" },
};

/* ------------------------------------------------------------------ */
/* What they wrote                                                     */
/* ------------------------------------------------------------------ */

enum demo_op {
	D_THREAD,        /* start a thread (kind: a cop_thread_kind) */
	D_ADD,           /* add a contribution (kind: a cop_contribution_kind) */
	D_EDIT,          /* edit a contribution (title holds the edit note) */
	D_STATE,         /* change a thread's state (kind: a cop_thread_state) */
	D_REFUSE_ADD,    /* a contribution libcop must refuse (COP_EPERM) */
	D_REFUSE_EDIT    /* an edit libcop must refuse (COP_EPERM) */
};

/*
 * One step.  Threads and contributions get a label; later steps name
 * them by label (target, reply_to, translation_of).
 */
struct demo_step {
	const char *when;           /* "YYYY-MM-DD HH:MM", UTC (Accra time) */
	const char *actor;          /* handle */
	enum demo_op op;
	const char *label;
	const char *target;         /* thread (D_ADD, D_STATE), contribution (D_EDIT) */
	int kind;
	const char *reply_to;
	const char *translation_of;
	const char *lang;           /* NULL: the thread's / community's */
	const char *title;          /* thread title, or the edit note */
	const char *tags;
	const char *body;
};

static const struct demo_step demo_steps[] = {
	{ .when = "2010-05-18 09:30", .actor = "lucie", .op = D_THREAD,
	  .label = "welcome", .kind = COP_THREAD_ANNOUNCEMENT,
	  .title = "Welcome: communities of practice and how they can be useful",
	  .tags = "ksghana welcome",
	  .body =
	  "Welcome to the community started at today's KSGhana session.\n\n"
	  "The purpose of the session was to introduce the concept of a "
	  "**community of practice**: people who share a domain, help each "
	  "other and build shared knowledge.  After the introductory "
	  "presentation we discussed a few questions in groups; each one is "
	  "now a thread here, so that the discussion can go on after the "
	  "workshop.\n\n"
	  "Please answer in English or in French, as you prefer." },
	{ .when = "2010-05-18 09:31", .actor = "lucie", .op = D_STATE,
	  .target = "welcome", .kind = COP_THREAD_PINNED },

	{ .when = "2010-05-18 14:00", .actor = "lucie", .op = D_THREAD,
	  .label = "q1", .kind = COP_THREAD_QUESTION,
	  .title = "Are you part of a formal/informal community? Do they work? "
	           "Why do they work?",
	  .tags = "participation experience",
	  .body =
	  "First group question of the session.  Tell us about a community, "
	  "formal or informal, that you belong to.  Does it work?  Why, or why "
	  "not?" },
	{ .when = "2010-05-18 14:05", .actor = "lucie", .op = D_THREAD,
	  .label = "q2", .kind = COP_THREAD_QUESTION,
	  .title = "Can FAO as an organization or you in your specific area "
	           "benefit from encouraging the formation of COPs?",
	  .tags = "fao organisation",
	  .body =
	  "Second group question.  Think of FAO as a whole, and of your own "
	  "area of work: would encouraging communities of practice help?" },
	{ .when = "2010-05-18 14:10", .actor = "lucie", .op = D_THREAD,
	  .label = "q3", .kind = COP_THREAD_QUESTION,
	  .title = "What can stimulate participation in and success of "
	           "communities of practice?",
	  .tags = "participation success facilitation",
	  .body =
	  "What makes people take part, and what makes a community succeed?  "
	  "One factor per answer, please, so that we can discuss each." },
	{ .when = "2010-05-18 14:15", .actor = "lucie", .op = D_THREAD,
	  .label = "q4", .kind = COP_THREAD_QUESTION,
	  .title = "What are the main issues with COPs for the organization?",
	  .tags = "obstacles staff-time funding",
	  .body =
	  "Seen from the organization: what stands in the way of communities "
	  "of practice?" },

	{ .when = "2010-05-18 14:40", .actor = "kwame.owusu", .op = D_ADD,
	  .label = "q1.kwame", .target = "q1", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "I am part of an informal network of agricultural extension "
	  "lecturers.  It works when a lot of participants bring their "
	  "knowledge and share it with the rest of the community.  When the "
	  "two colleagues who kept it going moved on, it went quiet for a "
	  "year: nobody had taken over the facilitation." },
	{ .when = "2010-05-18 15:10", .actor = "yaw.boateng", .op = D_ADD,
	  .label = "q1.yaw", .target = "q1", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "Farm Radio's network of broadcasters is a formal one, and it works "
	  "because the broadcasters see it as a **source of support**: when "
	  "one of them has a question about a crop disease before a programme, "
	  "someone answers within a day." },
	{ .when = "2010-05-18 15:30", .actor = "abena.asante", .op = D_ADD,
	  .label = "q1.yaw.abena", .target = "q1", .kind = COP_CONTRIB_COMMENT,
	  .reply_to = "q1.yaw",
	  .body =
	  "Same at our institute: our mailing list works as long as questions "
	  "get answers.  When questions go unanswered, people stop asking." },
	{ .when = "2010-05-18 16:00", .actor = "marie.ndiaye", .op = D_ADD,
	  .label = "q2.marie", .target = "q2", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "Yes.  FAO staff would in general benefit from participating in "
	  "*external* COPs: they would not only bring FAO's knowledge to the "
	  "community but also gain from the external perspective of the "
	  "participants." },
	{ .when = "2010-05-18 16:20", .actor = "ama.mensah", .op = D_ADD,
	  .label = "q2.marie.ama", .target = "q2", .kind = COP_CONTRIB_COMMENT,
	  .reply_to = "q2.marie",
	  .body =
	  "Agreed, but then the organization needs to support its staff by "
	  "giving them time to participate in communities." },
	{ .when = "2010-05-18 16:45", .actor = "ama.mensah", .op = D_ADD,
	  .label = "q3.ama", .target = "q3", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "The creation of a **core group** that supports the COP, in "
	  "addition to ensuring appropriate facilitation.  And the "
	  "participants need a common sense of purpose: a community that does "
	  "not know what it is for does not last." },
	{ .when = "2010-05-18 17:30", .actor = "fatima.diallo", .op = D_ADD,
	  .label = "q3.ama.fr", .target = "q3", .kind = COP_CONTRIB_REPLY,
	  .reply_to = "q3.ama", .translation_of = "q3.ama", .lang = "fr",
	  .body =
	  "La création d'un **groupe central** qui soutient la communauté, en "
	  "plus d'une animation appropriée.  Et les participants ont besoin "
	  "d'un objectif commun : une communauté qui ne sait pas à quoi elle "
	  "sert ne dure pas." },

	{ .when = "2010-05-19 08:15", .actor = "jean.kabore", .op = D_ADD,
	  .label = "q1.jean", .target = "q1", .kind = COP_CONTRIB_ANSWER,
	  .lang = "fr",
	  .body =
	  "Je fais partie d'un réseau informel de chercheurs en agroforesterie "
	  "au Burkina Faso.  Il fonctionne parce que nous avons un objectif "
	  "commun et que nous nous retrouvons en personne une fois par an ; "
	  "entre deux rencontres, c'est plus difficile." },
	{ .when = "2010-05-19 09:00", .actor = "samuel.adjei", .op = D_ADD,
	  .label = "q4.samuel", .target = "q4", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "There is already **too much demand on staff time**.  In the "
	  "districts a COP is seen as extra work on top of the real work, "
	  "unless a manager says it is part of the job." },
	{ .when = "2010-05-19 09:40", .actor = "marie.ndiaye", .op = D_ADD,
	  .label = "q4.marie", .target = "q4", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "**Lack of funding**: for facilitation, for face-to-face meetings, "
	  "etc.  Where FAO needs to create and lead a community, financial "
	  "support also needs to be provided." },
	{ .when = "2010-05-19 10:05", .actor = "kwame.owusu", .op = D_ADD,
	  .label = "q4.kwame", .target = "q4", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "**Lack of facilitation training and support.**  Facilitating a "
	  "community is a skill; we ask people to do it without showing them "
	  "how." },
	{ .when = "2010-05-19 10:30", .actor = "abena.asante", .op = D_ADD,
	  .label = "q3.abena", .target = "q3", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "When participants think they can support others with their "
	  "knowledge, and when they are seen as a source of support: getting "
	  "feedback or answers to their problems and questions." },
	{ .when = "2010-05-19 11:00", .actor = "jean.kabore", .op = D_THREAD,
	  .label = "training", .kind = COP_THREAD_DISCUSSION, .lang = "fr",
	  .title = "Former les animateurs : quelles ressources ?",
	  .tags = "facilitation formation",
	  .body =
	  "Le manque de formation et de soutien à l'animation est revenu "
	  "plusieurs fois pendant l'atelier.  Partageons ici les guides, "
	  "cours et expériences utiles aux animateurs de communautés." },
	{ .when = "2010-05-19 11:20", .actor = "lucie", .op = D_ADD,
	  .label = "q4.kwame.lucie", .target = "q4", .kind = COP_CONTRIB_COMMENT,
	  .reply_to = "q4.kwame",
	  .body =
	  "Good point.  Jean-Baptiste has started a thread (in French, "
	  "translations welcome) to collect training resources for "
	  "facilitators." },
	{ .when = "2010-05-19 11:45", .actor = "lucie", .op = D_ADD,
	  .label = "training.lucie", .target = "training",
	  .kind = COP_CONTRIB_RESOURCE,
	  .body =
	  "Deux points de départ :\n\n"
	  "- le *KS Toolkit* (<http://www.kstoolkit.org/>), avec ses fiches "
	  "sur les communautés de pratique et l'animation ;\n"
	  "- E. Wenger, R. McDermott, W. Snyder, *Cultivating Communities of "
	  "Practice*, Harvard Business School Press, 2002." },
	{ .when = "2010-05-19 14:10", .actor = "yaw.boateng", .op = D_ADD,
	  .label = "q3.yaw", .target = "q3", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "When there is appropriate **language and technological support**.  "
	  "Many of our broadcasters work in Ewe, Twi or Dagbani, and they have "
	  "a mobile phone long before they have an internet connection." },
	{ .when = "2010-05-19 14:50", .actor = "ibrahim.sulemana", .op = D_ADD,
	  .label = "q3.yaw.ibrahim", .target = "q3", .kind = COP_CONTRIB_COMMENT,
	  .reply_to = "q3.yaw",
	  .body =
	  "True in the north too.  Summaries sent by SMS would reach far more "
	  "of our members than a website." },
	{ .when = "2010-05-19 15:30", .actor = "jean.kabore", .op = D_ADD,
	  .label = "q3.jean", .target = "q3", .kind = COP_CONTRIB_ANSWER,
	  .lang = "fr",
	  .body =
	  "Réunir les gens en personne de temps en temps.  Une rencontre par "
	  "an suffit à créer la confiance qui fait vivre les échanges en "
	  "ligne le reste de l'année." },
	{ .when = "2010-05-19 16:00", .actor = "lucie", .op = D_THREAD,
	  .label = "q5", .kind = COP_THREAD_QUESTION,
	  .title = "Is the secret to successful COPs money, facilitation and "
	           "core group? In that order?",
	  .tags = "funding facilitation core-group",
	  .body =
	  "The question we ended the session on.  Is the secret to successful "
	  "COPs $$, facilitation and a core group?  In that order?" },
	{ .when = "2010-05-19 16:30", .actor = "marie.ndiaye", .op = D_ADD,
	  .label = "q3.marie", .target = "q3", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "When participants are recognized and given visibility for their "
	  "inputs, and when regular summaries are provided as a follow-up to "
	  "discussions." },

	{ .when = "2010-05-20 09:00", .actor = "ibrahim.sulemana", .op = D_ADD,
	  .label = "q5.ibrahim", .target = "q5", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "Money first.  Without a budget there is no facilitation and no "
	  "meeting." },
	{ .when = "2010-05-20 10:00", .actor = "kwame.owusu", .op = D_ADD,
	  .label = "q5.kwame", .target = "q5", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "I would reverse the order: a core group first, then facilitation, "
	  "then money.  Our network ran for three years on no budget at all, "
	  "and stopped the month its core group left." },
	{ .when = "2010-05-20 10:40", .actor = "fatima.diallo", .op = D_ADD,
	  .label = "q5.kwame.fatima", .target = "q5", .kind = COP_CONTRIB_COMMENT,
	  .reply_to = "q5.kwame", .lang = "fr",
	  .body =
	  "D'accord avec Kwame, mais un financement garanti permet au groupe "
	  "central de tenir dans la durée." },
	{ .when = "2010-05-20 11:30", .actor = "ibrahim.sulemana", .op = D_EDIT,
	  .target = "q5.ibrahim",
	  .title = "nuanced after reading Kwame's answer",
	  .body =
	  "Money first, but not only money.  Without a budget there is no "
	  "facilitation, no face-to-face meeting and no staff time; but money "
	  "without a core group does not make a community." },
	{ .when = "2010-05-20 12:00", .actor = "yaw.boateng", .op = D_REFUSE_EDIT,
	  .target = "q5.kwame",
	  .body = "Core group first." },
	{ .when = "2010-05-20 12:05", .actor = "abena.asante", .op = D_REFUSE_ADD,
	  .target = "q3", .kind = COP_CONTRIB_SUMMARY,
	  .body = "Summary: participation needs support." },
	{ .when = "2010-05-20 15:00", .actor = "ama.mensah", .op = D_ADD,
	  .label = "q5.ama", .target = "q5", .kind = COP_CONTRIB_ANSWER,
	  .body =
	  "All three, but purpose before all of them.  COPs are vital for "
	  "knowledge sharing; the organization has to give its staff the time "
	  "to take part, and financial support where it leads a community." },

	{ .when = "2010-05-21 10:00", .actor = "lucie", .op = D_ADD,
	  .label = "q3.summary", .target = "q3", .kind = COP_CONTRIB_SUMMARY,
	  .body =
	  "**Summary of the discussion.**  Participation in and success of a "
	  "community of practice are stimulated:\n\n"
	  "1. when a lot of participants bring their knowledge and share it "
	  "with the rest of the community;\n"
	  "2. by a core group that supports the COP, in addition to "
	  "appropriate facilitation;\n"
	  "3. when participants have a common sense of purpose;\n"
	  "4. when the community is seen as a source of support: feedback, "
	  "answers to problems and questions;\n"
	  "5. when participants think they can support others with their "
	  "knowledge;\n"
	  "6. when regular summaries follow up the discussions;\n"
	  "7. with appropriate language and technological support;\n"
	  "8. by bringing people together face to face on occasion;\n"
	  "9. when participants are recognized and given visibility for their "
	  "inputs;\n"
	  "10. when a financial guarantee is available for the COP.\n\n"
	  "On the organization's side the main issues are the demand on staff "
	  "time, the lack of funding and the lack of facilitation training and "
	  "support: see the thread on those issues." },
	{ .when = "2010-05-21 10:05", .actor = "lucie", .op = D_STATE,
	  .target = "q3", .kind = COP_THREAD_ANSWERED },
};

/* ------------------------------------------------------------------ */
/* Running the script                                                  */
/* ------------------------------------------------------------------ */

#define DEMO_MAX_LABELS 64

struct demo_label {
	const char *label;
	char id[COP_ID_TEXT_LEN + 1];
};

/* What one run of the demo builds and remembers. */
struct demo {
	struct copctl *ctl;
	char member_ids[ARRAY_SIZE(demo_members)][COP_ID_TEXT_LEN + 1];
	struct demo_label labels[DEMO_MAX_LABELS];
	size_t nlabels;
	const char *translation;   /* labels of the showcase objects */
	const char *revision;
	const char *summary;
	int refusals;              /* refusals tried and obtained */
	char event[COP_ID_TEXT_LEN + 1];   /* the workshop, as an event */
};

/* Report a failed step (the store's message, then what was being done). */
static int demo_fail(struct demo *d, int rc, const char *when,
	const char *actor, const char *what)
{
	char context[160];

	snprintf(context, sizeof(context), "demo, %s, %s (%s)", when, what,
		actor ? actor : "system");
	return copctl_fail(d->ctl, rc, context);
}

static const char *demo_member_id(struct demo *d, const char *handle)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(demo_members); i++)
		if (strcmp(demo_members[i].handle, handle) == 0)
			return d->member_ids[i];
	return NULL;
}

static const char *demo_lookup(struct demo *d, const char *label)
{
	size_t i;

	if (!label)
		return NULL;
	for (i = 0; i < d->nlabels; i++)
		if (strcmp(d->labels[i].label, label) == 0)
			return d->labels[i].id;
	return NULL;
}

static void demo_remember(struct demo *d, const char *label, const char *id)
{
	if (!label || d->nlabels == DEMO_MAX_LABELS)
		return;
	d->labels[d->nlabels].label = label;
	snprintf(d->labels[d->nlabels].id, sizeof(d->labels[0].id), "%s", id);
	d->nlabels++;
}

/* Set the clock and the actor for one step. */
static int demo_at(struct demo *d, const char *when, const char *actor)
{
	cop_time t;
	int rc;

	if (copctl_time_parse(&t, when) < 0) {
		fprintf(stderr, "copctl: demo: bad time '%s'\n", when);
		return COP_EINVAL;
	}
	if ((rc = cop_store_set_time(d->ctl->store, t)) != COP_OK)
		return rc;
	if (!actor)
		return cop_store_act_as_system(d->ctl->store);
	return cop_store_set_actor(d->ctl->store, demo_member_id(d, actor));
}

static int demo_create_members(struct demo *d)
{
	size_t i;
	int rc;

	if ((rc = demo_at(d, "2010-05-18 08:30", NULL)) != COP_OK)
		return demo_fail(d, rc, "2010-05-18 08:30", NULL, "set the clock");
	for (i = 0; i < ARRAY_SIZE(demo_members); i++) {
		const struct demo_member *dm = &demo_members[i];
		cop_member *m = NULL;

		rc = cop_member_create(&m, d->ctl->store, dm->handle, dm->name,
			dm->org, dm->langs);
		if (rc != COP_OK)
			return demo_fail(d, rc, "2010-05-18 08:30", NULL, dm->handle);
		snprintf(d->member_ids[i], sizeof(d->member_ids[i]), "%s",
			cop_member_id(m));
		cop_member_free(m);
	}
	return COPCTL_EXIT_OK;
}

/* The owner creates the community; everyone else joins it themself. */
static int demo_create_community(struct demo *d)
{
	const struct demo_member *owner = &demo_members[0];
	char when[32];
	size_t i;
	int rc;

	if ((rc = demo_at(d, "2010-05-18 09:00", owner->handle)) != COP_OK ||
	    (rc = cop_community_create(NULL, d->ctl->store, DEMO_SLUG, DEMO_NAME,
			DEMO_PURPOSE, "en", COP_VISIBILITY_PUBLIC)) != COP_OK ||
	    (rc = cop_membership_set_pledge(d->ctl->store, DEMO_SLUG,
			d->member_ids[0], owner->hours)) != COP_OK)
		return demo_fail(d, rc, "2010-05-18 09:00", owner->handle,
			"create the community");
	for (i = 1; i < ARRAY_SIZE(demo_members); i++) {
		const struct demo_member *dm = &demo_members[i];

		snprintf(when, sizeof(when), "2010-05-18 09:%02u",
			(unsigned int)(2 + i));
		if ((rc = demo_at(d, when, dm->handle)) != COP_OK ||
		    (rc = cop_community_join(NULL, d->ctl->store, DEMO_SLUG,
				d->member_ids[i], dm->hours)) != COP_OK)
			return demo_fail(d, rc, when, dm->handle, "join");
	}
	return COPCTL_EXIT_OK;
}

/* Roles, each given by who may give it: the owner, then the facilitator. */
static int demo_grant_roles(struct demo *d)
{
	char when[32];
	size_t i;
	int rc;

	for (i = 1; i < ARRAY_SIZE(demo_members); i++) {
		const struct demo_member *dm = &demo_members[i];

		if (!dm->granted_by)
			continue;
		snprintf(when, sizeof(when), "2010-05-18 09:%02u",
			(unsigned int)(20 + i));
		if ((rc = demo_at(d, when, dm->granted_by)) != COP_OK ||
		    (rc = cop_membership_set_role(d->ctl->store, DEMO_SLUG,
				d->member_ids[i], dm->role)) != COP_OK)
			return demo_fail(d, rc, when, dm->granted_by,
				"give a role");
	}
	return COPCTL_EXIT_OK;
}

static int step_thread(struct demo *d, const struct demo_step *s)
{
	cop_thread *t = NULL;
	int rc = cop_thread_create(&t, d->ctl->store, DEMO_SLUG,
		(cop_thread_kind)s->kind, s->title, s->tags, s->lang, s->body);

	if (rc == COP_OK)
		demo_remember(d, s->label, cop_thread_id(t));
	cop_thread_free(t);
	return rc;
}

static int step_add(struct demo *d, const struct demo_step *s)
{
	cop_contribution *c = NULL;
	int rc = cop_contribution_create(&c, d->ctl->store,
		demo_lookup(d, s->target), (cop_contribution_kind)s->kind,
		demo_lookup(d, s->reply_to), demo_lookup(d, s->translation_of),
		s->lang, s->body);

	if (rc != COP_OK)
		return rc;
	demo_remember(d, s->label, cop_contribution_id(c));
	if (s->translation_of)
		d->translation = s->label;
	if (s->kind == COP_CONTRIB_SUMMARY)
		d->summary = s->label;
	cop_contribution_free(c);
	return COP_OK;
}

static int step_edit(struct demo *d, const struct demo_step *s)
{
	int rc = cop_contribution_edit(NULL, d->ctl->store,
		demo_lookup(d, s->target), s->body, s->title);

	if (rc == COP_OK)
		d->revision = s->target;
	return rc;
}

/* A step that must be refused: COP_EPERM is success here. */
static int step_refused(struct demo *d, const struct demo_step *s)
{
	int rc;

	if (s->op == D_REFUSE_EDIT)
		rc = cop_contribution_edit(NULL, d->ctl->store,
			demo_lookup(d, s->target), s->body, NULL);
	else
		rc = cop_contribution_create(NULL, d->ctl->store,
			demo_lookup(d, s->target), (cop_contribution_kind)s->kind,
			NULL, NULL, NULL, s->body);
	if (rc == COP_EPERM) {
		d->refusals++;
		return COP_OK;
	}
	if (rc == COP_OK)
		fprintf(stderr, "copctl: demo, %s: libcop let %s do what it must "
			"refuse\n", s->when, s->actor);
	return rc == COP_OK ? COP_ERROR : rc;
}

static int demo_run_step(struct demo *d, const struct demo_step *s)
{
	int rc = demo_at(d, s->when, s->actor);

	if (rc != COP_OK)
		return rc;
	switch (s->op) {
	case D_THREAD:
		return step_thread(d, s);
	case D_ADD:
		return step_add(d, s);
	case D_EDIT:
		return step_edit(d, s);
	case D_STATE:
		return cop_thread_set_state(d->ctl->store,
			demo_lookup(d, s->target), (cop_thread_state)s->kind);
	case D_REFUSE_ADD:
	case D_REFUSE_EDIT:
		return step_refused(d, s);
	}
	return COP_EINVAL;
}

static const char *step_what(const struct demo_step *s)
{
	static const char *const names[] = {
		"start a thread", "contribute", "edit", "change a thread's state",
		"try a refused contribution", "try a refused edit"
	};

	return names[s->op];
}

/* ------------------------------------------------------------------ */
/* Recognition: votes, accepted answers, kudos, a badge by hand        */
/* ------------------------------------------------------------------ */

enum demo_rop { R_VOTE, R_ACCEPT, R_KUDOS, R_BADGE };

struct demo_recog {
	const char *when, *actor;
	enum demo_rop op;
	const char *target;      /* label of a contribution */
	int kind;                /* cop_vote_kind, cop_badge */
	const char *to;          /* kudos, badge: handle */
	const char *message;     /* kudos */
};

static const struct demo_recog demo_recognition[] = {
	{ .when = "2010-05-18 16:00", .actor = "yaw.boateng", .op = R_VOTE,
	  .target = "q1.kwame", .kind = COP_VOTE_UP },
	{ .when = "2010-05-18 16:02", .actor = "abena.asante", .op = R_VOTE,
	  .target = "q1.kwame", .kind = COP_VOTE_UP },
	{ .when = "2010-05-18 16:05", .actor = "marie.ndiaye", .op = R_VOTE,
	  .target = "q1.kwame", .kind = COP_VOTE_HELPFUL },
	{ .when = "2010-05-18 16:10", .actor = "kwame.owusu", .op = R_VOTE,
	  .target = "q1.yaw", .kind = COP_VOTE_UP },
	{ .when = "2010-05-18 17:00", .actor = "lucie", .op = R_ACCEPT,
	  .target = "q1.kwame" },
	{ .when = "2010-05-19 09:00", .actor = "fatima.diallo", .op = R_VOTE,
	  .target = "q3.ama", .kind = COP_VOTE_UP },
	{ .when = "2010-05-19 09:05", .actor = "kwame.owusu", .op = R_VOTE,
	  .target = "q2.marie", .kind = COP_VOTE_THANKS },
	{ .when = "2010-05-19 12:00", .actor = "abena.asante", .op = R_KUDOS,
	  .target = "q1.kwame", .to = "kwame.owusu",
	  .message = "Your farmers' network story is why I joined." },
	{ .when = "2010-05-20 10:00", .actor = "yaw.boateng", .op = R_VOTE,
	  .target = "q4.marie", .kind = COP_VOTE_UP },
	{ .when = "2010-05-20 10:30", .actor = "lucie", .op = R_ACCEPT,
	  .target = "q4.marie" },
	{ .when = "2010-05-21 09:00", .actor = "lucie", .op = R_KUDOS,
	  .to = "yaw.boateng",
	  .message = "Thank you for bringing Farm Radio's experience to the "
	  "group." },
	{ .when = "2010-05-21 10:10", .actor = "lucie", .op = R_BADGE,
	  .kind = COP_BADGE_EVENT_ATTENDEE, .to = "ama.mensah" },
};

static int demo_recognize(struct demo *d)
{
	size_t i;
	int rc = COP_OK;

	for (i = 0; i < ARRAY_SIZE(demo_recognition); i++) {
		const struct demo_recog *r = &demo_recognition[i];
		static const char *const what[] = { "vote", "accept an answer",
			"give kudos", "award a badge" };

		if ((rc = demo_at(d, r->when, r->actor)) != COP_OK)
			return demo_fail(d, rc, r->when, r->actor, what[r->op]);
		switch (r->op) {
		case R_VOTE:
			rc = cop_vote_cast(d->ctl->store, demo_lookup(d, r->target),
				(cop_vote_kind)r->kind);
			break;
		case R_ACCEPT:
			rc = cop_answer_accept(d->ctl->store, demo_lookup(d, r->target));
			break;
		case R_KUDOS:
			rc = cop_kudos_give(NULL, d->ctl->store, DEMO_SLUG, r->to,
				demo_lookup(d, r->target), r->message);
			break;
		case R_BADGE:
			rc = cop_badge_award_give(d->ctl->store, DEMO_SLUG, r->to,
				(cop_badge)r->kind, NULL);
			break;
		}
		if (rc != COP_OK)
			return demo_fail(d, rc, r->when, r->actor, what[r->op]);
	}
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Money and time                                                      */
/* ------------------------------------------------------------------ */

/* The workshop's funding, entered by the facilitator (GHS). */
static const struct demo_fund {
	const char *when;
	cop_fund_kind kind;
	const char *amount;
	const char *counterparty;
	const char *note;
} demo_funds[] = {
	{ "2010-05-10 09:00", COP_FUND_GRANT, "5000", "FAO Ghana",
	  "The workshop and a year of facilitation" },
	{ "2010-05-12 09:00", COP_FUND_PLEDGE, "1500",
	  "Ministry of Food and Agriculture", "A follow-up meeting" },
	{ "2010-05-18 17:00", COP_FUND_EXPENSE, "1200", "Accra venue",
	  "Room and meals, 18-21 May" },
	{ "2010-05-21 17:00", COP_FUND_EXPENSE, "450", NULL,
	  "Participants' transport" },
};

/* The hours each member gave in May 2010 (reported by themselves). */
static const struct demo_hours {
	const char *handle;
	double hours;
} demo_hours[] = {
	{ "ama.mensah", 12 }, { "lucie", 14 }, { "kwame.owusu", 8 },
	{ "fatima.diallo", 4 }, { "jean.kabore", 6 }, { "abena.asante", 4 },
	{ "yaw.boateng", 2 }, { "marie.ndiaye", 4 }, { "samuel.adjei", 1 },
};

/* The funding ledger and the hours given. */
static int demo_money_and_time(struct demo *d)
{
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(demo_funds); i++) {
		const struct demo_fund *f = &demo_funds[i];
		char date[16];
		int64_t amount = 0;

		snprintf(date, sizeof(date), "%.10s", f->when);
		if ((rc = demo_at(d, f->when, "lucie")) == COP_OK &&
		    (rc = cop_amount_parse(&amount, f->amount, "GHS")) == COP_OK)
			rc = cop_fund_add(NULL, d->ctl->store, DEMO_SLUG, f->kind,
				amount, "GHS", date, f->counterparty, f->note, NULL);
		if (rc != COP_OK)
			return demo_fail(d, rc, f->when, "lucie", "add to the ledger");
	}
	for (i = 0; i < ARRAY_SIZE(demo_hours); i++) {
		const char *who = demo_hours[i].handle;

		if ((rc = demo_at(d, "2010-05-31 18:00", who)) != COP_OK ||
		    (rc = cop_hours_record(d->ctl->store, DEMO_SLUG, NULL, "2010-05",
			    demo_hours[i].hours, NULL)) != COP_OK)
			return demo_fail(d, rc, "2010-05-31 18:00", who,
				"report hours");
	}
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The workshop as an event (docs/events.md)                           */
/* ------------------------------------------------------------------ */

/* Who answered before the day (all yes but one maybe), and who, after
 * it, was recorded as there (the maybe stayed away). */
static const struct demo_rsvp {
	const char *when, *handle;
	cop_rsvp answer;
	cop_attendance came;
} demo_rsvps[] = {
	{ "2010-05-18 09:21", "ama.mensah", COP_RSVP_YES, COP_ATTENDANCE_ATTENDED },
	{ "2010-05-18 09:22", "kwame.owusu", COP_RSVP_YES, COP_ATTENDANCE_ATTENDED },
	{ "2010-05-18 09:23", "fatima.diallo", COP_RSVP_YES,
	  COP_ATTENDANCE_ATTENDED },
	{ "2010-05-18 09:24", "yaw.boateng", COP_RSVP_YES, COP_ATTENDANCE_ATTENDED },
	{ "2010-05-18 09:25", "peter.hansen", COP_RSVP_MAYBE,
	  COP_ATTENDANCE_ABSENT },
};

/* The facilitator puts the session in the calendar before it starts;
 * the members answer. */
static int demo_event(struct demo *d)
{
	cop_event_spec sp = COP_EVENT_SPEC_INIT;
	cop_event *e = NULL;
	size_t i;
	int rc;

	if ((rc = demo_at(d, "2010-05-18 09:20", "lucie")) != COP_OK)
		return demo_fail(d, rc, "2010-05-18 09:20", "lucie", "set the clock");
	sp.kind = COP_EVENT_FACE_TO_FACE;
	sp.title = "KSGhana workshop: communities of practice";
	sp.body = "Lucie introduces the concept of communities of practice; "
		"then we discuss the *questions* in groups.";
	(void)copctl_time_parse(&sp.start, "2010-05-18 10:00");
	(void)copctl_time_parse(&sp.end, "2010-05-18 16:00");
	sp.tz = "Africa/Accra";
	sp.place = "Accra, Ghana";
	sp.capacity = 30;
	if ((rc = cop_event_create(&e, d->ctl->store, DEMO_SLUG, &sp)) != COP_OK)
		return demo_fail(d, rc, "2010-05-18 09:20", "lucie",
			"create the workshop's event");
	snprintf(d->event, sizeof(d->event), "%s", cop_event_id(e));
	cop_event_free(e);
	for (i = 0; i < ARRAY_SIZE(demo_rsvps); i++) {
		const struct demo_rsvp *r = &demo_rsvps[i];

		if ((rc = demo_at(d, r->when, r->handle)) != COP_OK ||
		    (rc = cop_event_rsvp(d->ctl->store, d->event, r->answer,
				NULL)) != COP_OK)
			return demo_fail(d, rc, r->when, r->handle, "answer the event");
	}
	return COPCTL_EXIT_OK;
}

/* The funding report at the end of June 2010 and the hours of May, as
 * JSON members of @p obj (not NULL) or text. */
static int demo_money_report(struct demo *d, json_t *obj)
{
	cop_fund_report *r = NULL;
	cop_hours_report *h = NULL;
	json_t *cur;
	double f;
	size_t i;
	int rc;

	if ((rc = cop_fund_report_lookup(&r, d->ctl->store, DEMO_SLUG,
			"2010-06-30", 0)) != COP_OK ||
	    (rc = cop_hours_report_lookup(&h, d->ctl->store, DEMO_SLUG,
			"2010-05", NULL, COP_HOURS_TOTAL)) != COP_OK) {
		cop_fund_report_free(r);
		return copctl_fail(d->ctl, rc, "demo");
	}
	f = cop_hours_report_fulfilment(h, 0);
	if (obj) {
		cur = json_object();
		for (i = 0; i < cop_fund_report_count(r); i++)
			json_object_set_new(cur, cop_fund_report_currency(r, i),
				copctl_fund_currency_json(r, i));
		json_object_set_new(obj, "funding", json_pack("{s:s, s:o}",
			"at", cop_fund_report_at(r), "currencies", cur));
		json_object_set_new(obj, "hours", json_pack("{s:s, s:f, s:f}",
			"month", "2010-05", "pledged", cop_hours_report_pledged(h, 0),
			"given", cop_hours_report_given(h, 0)));
	} else {
		printf("\nfunding at %s (ledger: copctl fund list %s):\n",
			cop_fund_report_at(r), DEMO_SLUG);
		for (i = 0; i < cop_fund_report_count(r); i++) {
			printf("  ");
			copctl_fund_currency_print(r, i);
		}
		printf("hours in May 2010: %g pledged, %g given (%.0f%%)\n",
			cop_hours_report_pledged(h, 0), cop_hours_report_given(h, 0),
			f < 0 ? 0 : f * 100);
	}
	cop_fund_report_free(r);
	cop_hours_report_free(h);
	return COPCTL_EXIT_OK;
}

/* After the workshop, the facilitator records who came. */
static int demo_attendance(struct demo *d)
{
	size_t i;
	int rc;

	if ((rc = demo_at(d, "2010-05-21 10:20", "lucie")) != COP_OK)
		return demo_fail(d, rc, "2010-05-21 10:20", "lucie", "set the clock");
	for (i = 0; i < ARRAY_SIZE(demo_rsvps); i++)
		if ((rc = cop_event_attend(d->ctl->store, d->event,
				demo_rsvps[i].handle, demo_rsvps[i].came)) != COP_OK)
			return demo_fail(d, rc, "2010-05-21 10:20", "lucie",
				"record attendance");
	return COPCTL_EXIT_OK;
}

/* The event and its counts, as JSON (*out) or a text line. */
static int demo_event_report(struct demo *d, json_t **out)
{
	cop_event *e = NULL;
	char when[32];
	int rc = cop_event_lookup(&e, d->ctl->store, d->event);

	if (rc != COP_OK)
		return copctl_fail(d->ctl, rc, "demo");
	if (out)
		*out = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I}",
			"id", cop_event_id(e), "title", cop_event_title(e),
			"kind", COPCTL_ENUM(event_kind, cop_event_kind_get(e)),
			"tz", cop_event_tz(e),
			"yes", (json_int_t)cop_event_yes_count(e),
			"maybe", (json_int_t)cop_event_maybe_count(e),
			"attended", (json_int_t)cop_event_attended_count(e));
	else
		printf("\nevent     %s: %s in %s, %s (%s);\n          %lld yes, "
			"%lld maybe, %lld attended (event-attendee badges)\n",
			cop_event_title(e), COPCTL_ENUM(event_kind,
				cop_event_kind_get(e)), cop_event_place(e),
			copctl_time_text(when, sizeof(when), cop_event_start(e)),
			cop_event_tz(e), (long long)cop_event_yes_count(e),
			(long long)cop_event_maybe_count(e),
			(long long)cop_event_attended_count(e));
	cop_event_free(e);
	return COPCTL_EXIT_OK;
}

/* The all-time leaderboard's top five, as JSON (list != NULL) or text. */
static int demo_leaders(struct demo *d, json_t *list)
{
	cop_page page = COP_PAGE_INIT;
	cop_leader_iter *it = NULL;
	cop_leader *l = NULL;
	int rc;

	page.limit = 5;
	rc = cop_leader_iter_new(&it, d->ctl->store, DEMO_SLUG, NULL,
		COP_PERIOD_ALL, 0, &page);
	if (rc != COP_OK)
		return copctl_fail(d->ctl, rc, "demo");
	while ((rc = cop_leader_iter_next(&l, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, json_pack("{s:s, s:I}", "handle",
				cop_leader_handle(l), "points",
				(json_int_t)cop_leader_points(l)));
		else
			printf("  %4lld  %s\n", (long long)cop_leader_points(l),
				cop_leader_handle(l));
		cop_leader_free(l);
	}
	cop_leader_iter_free(it);
	if (rc != COP_ITEROVER)
		return copctl_fail(d->ctl, rc, "demo");
	return COPCTL_EXIT_OK;
}

/* The member whose notifications the demo shows. */
#define DEMO_NOTIFIED "kwame.owusu"

/* DEMO_NOTIFIED's latest notifications, as JSON (into @p obj) or text:
 * what libcop wrote with the replies, the accepted answer, the kudos and
 * the badges above, in the same transactions. */
static int demo_notifications(struct demo *d, json_t *obj)
{
	cop_page page = COP_PAGE_INIT;
	cop_notification_iter *it = NULL;
	cop_notification *x = NULL;
	json_t *list = NULL;
	uint64_t unread = 0;
	int rc;

	page.limit = 5;
	rc = cop_notification_count(d->ctl->store, DEMO_NOTIFIED, 1, &unread);
	if (rc == COP_OK)
		rc = cop_notification_iter_new(&it, d->ctl->store, DEMO_NOTIFIED,
			0, &page);
	if (rc != COP_OK)
		return copctl_fail(d->ctl, rc, "demo");
	if (obj) {
		list = json_array();
		json_object_set_new(obj, "member", json_string(DEMO_NOTIFIED));
		json_object_set_new(obj, "unread", json_integer(
			(json_int_t)unread));
		json_object_set_new(obj, "latest", list);
	} else {
		printf("\nnotifications of %s (%llu unread), the latest:\n",
			DEMO_NOTIFIED, (unsigned long long)unread);
	}
	while ((rc = cop_notification_iter_next(&x, it)) == COP_OK) {
		if (list) {
			json_array_append_new(list, json_pack("{s:s, s:s?}",
				"kind", COPCTL_ENUM(notification_kind,
					cop_notification_kind_get(x)),
				"contribution",
				cop_notification_contribution_id(x)));
		} else {
			printf("  ");
			copctl_notification_print(d->ctl, x);
		}
		cop_notification_free(x);
	}
	cop_notification_iter_free(it);
	if (rc != COP_ITEROVER)
		return copctl_fail(d->ctl, rc, "demo");
	return COPCTL_EXIT_OK;
}

/* When the demo reads its facilitator's queue: three weeks after the
 * workshop, its questions and discussions waiting. */
#define DEMO_QUEUE_TIME "2010-06-15 09:00"
#define DEMO_QUEUE_ITEMS 6

/* The facilitator's queue on DEMO_QUEUE_TIME, its first items as JSON
 * (list != NULL) or text; the clock back to the system's after. */
static int demo_queue(struct demo *d, json_t *list)
{
	cop_page page = COP_PAGE_INIT;
	unsigned int count = 0;
	cop_time t;
	int rc;

	page.limit = DEMO_QUEUE_ITEMS;
	if (copctl_time_parse(&t, DEMO_QUEUE_TIME) < 0 ||
	    (rc = cop_store_set_time(d->ctl->store, t)) != COP_OK)
		return copctl_fail(d->ctl, COP_EINVAL, "demo");
	copctl_queue_indent = "  ";
	rc = copctl_queue_items(d->ctl, DEMO_SLUG, &page, list, &count, NULL, 0);
	copctl_queue_indent = "";
	cop_store_set_time(d->ctl->store, 0);
	return rc;
}

static int demo_build(struct demo *d)
{
	size_t i;
	int rc;

	if ((rc = demo_create_members(d)) != COPCTL_EXIT_OK ||
	    (rc = demo_create_community(d)) != COPCTL_EXIT_OK ||
	    (rc = demo_grant_roles(d)) != COPCTL_EXIT_OK ||
	    (rc = demo_event(d)) != COPCTL_EXIT_OK)
		return rc;
	for (i = 0; i < ARRAY_SIZE(demo_steps); i++) {
		const struct demo_step *s = &demo_steps[i];

		if ((rc = demo_run_step(d, s)) != COP_OK)
			return demo_fail(d, rc, s->when, s->actor, step_what(s));
	}
	if ((rc = demo_recognize(d)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = demo_attendance(d)) != COPCTL_EXIT_OK)
		return rc;
	return demo_money_and_time(d);
}

/* ------------------------------------------------------------------ */
/* Telling what was built                                              */
/* ------------------------------------------------------------------ */

/* Count the distinct organisations and languages of the demo's members. */
static size_t count_distinct_orgs(void)
{
	size_t i, j, n = 0;

	for (i = 0; i < ARRAY_SIZE(demo_members); i++) {
		for (j = 0; j < i; j++)
			if (strcmp(demo_members[i].org, demo_members[j].org) == 0)
				break;
		n += j == i;
	}
	return n;
}

/* Whether @p word is one of the space-separated words of @p list. */
static int has_word(const char *list, const char *word, size_t n)
{
	while (*list) {
		size_t m = strcspn(list, " ");

		if (m == n && strncmp(list, word, n) == 0)
			return 1;
		list += m;
		list += strspn(list, " ");
	}
	return 0;
}

/* The distinct language tags of the demo's members, space-separated. */
static void distinct_languages(char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(demo_members); i++) {
		const char *p = demo_members[i].langs;

		while (*p) {
			size_t n = strcspn(p, " ");

			if (!has_word(buf, p, n) && len + n + 2 < size) {
				snprintf(buf + len, size - len, "%s%.*s",
					len ? " " : "", (int)n, p);
				len = strlen(buf);
			}
			p += n;
			p += strspn(p, " ");
		}
	}
}

static json_t *demo_members_json(struct demo *d)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(demo_members); i++) {
		const struct demo_member *dm = &demo_members[i];

		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, "
			"s:s, s:i}", "id", d->member_ids[i], "handle", dm->handle,
			"display_name", dm->name, "organisation", dm->org,
			"languages", dm->langs, "role", COPCTL_ENUM(role, dm->role),
			"pledged_hours", dm->hours));
	}
	return list;
}

/* One line per role, from owner down to observer. */
static void demo_print_roles(void)
{
	size_t i;
	int role;

	for (role = COP_ROLE_OWNER; role >= COP_ROLE_OBSERVER; role--) {
		const char *sep = "";

		printf("  %-12s", COPCTL_ENUM(role, (cop_role)role));
		for (i = 0; i < ARRAY_SIZE(demo_members); i++) {
			if ((int)demo_members[i].role != role)
				continue;
			printf("%s%s", sep, demo_members[i].handle);
			sep = ", ";
		}
		putchar('\n');
	}
}

/* The threads as libcop lists them, as text or into a JSON array. */
static int demo_threads(struct demo *d, json_t *list)
{
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	int rc = cop_thread_iter_new(&it, d->ctl->store, DEMO_SLUG, NULL);

	if (rc != COP_OK)
		return copctl_fail(d->ctl, rc, "demo");
	while ((rc = cop_thread_iter_next(&t, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, copctl_thread_json(t));
		else
			printf("  %-12s %-8s %2d  %s\n",
				COPCTL_ENUM(thread_kind, cop_thread_kind_get(t)),
				COPCTL_ENUM(thread_state, cop_thread_state_get(t)),
				cop_thread_contribution_count(t), cop_thread_title(t));
		cop_thread_free(t);
	}
	cop_thread_iter_free(it);
	return rc == COP_ITEROVER ? COPCTL_EXIT_OK :
		copctl_fail(d->ctl, rc, "demo");
}

static json_t *demo_showcase_json(struct demo *d)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?, s:i}",
		"translation", demo_lookup(d, d->translation),
		"translation_of", demo_lookup(d, "q3.ama"),
		"revised", demo_lookup(d, d->revision),
		"summary", demo_lookup(d, d->summary),
		"refusals", d->refusals);
}

static int demo_report_json(struct demo *d, cop_community *c,
	const cop_stats *st)
{
	json_t *threads = json_array(), *leaders = json_array();
	json_t *notes = json_object(), *queue = json_array();
	json_t *obj, *event = NULL;
	int rc = demo_threads(d, threads);

	if (rc == COPCTL_EXIT_OK)
		rc = demo_leaders(d, leaders);
	if (rc == COPCTL_EXIT_OK)
		rc = demo_notifications(d, notes);
	if (rc == COPCTL_EXIT_OK)
		rc = demo_event_report(d, &event);
	if (rc == COPCTL_EXIT_OK)
		rc = demo_queue(d, queue);
	if (rc != COPCTL_EXIT_OK) {
		json_decref(threads);
		json_decref(leaders);
		json_decref(notes);
		json_decref(event);
		json_decref(queue);
		return rc;
	}
	/* (The format's first pair is the string: "db" comes first.) */
	obj = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"db", d->ctl->db,
		"event", event,
		"leaderboard", leaders,
		"notifications", notes,
		"queue", queue,
		"community", copctl_community_json(c),
		"members", demo_members_json(d),
		"threads", threads,
		"showcase", demo_showcase_json(d),
		"stats", copctl_stats_json(st));
	if ((rc = demo_money_report(d, obj)) != COPCTL_EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	return copctl_print_json_decimal(obj);
}

/* The week's digest of the community, as text, each line indented. */
static int demo_digest(struct demo *d)
{
	cop_digest_options o;
	cop_digest *dg = NULL;
	char *text = NULL, *line, *next;
	int rc;

	cop_digest_options_init(&o);
	o.limit = 3;
	if (copctl_time_parse(&o.until, DEMO_DIGEST_UNTIL) < 0)
		return COPCTL_EXIT_FAIL;
	if ((rc = cop_digest_community(&dg, d->ctl->store, DEMO_SLUG, &o)) !=
			COP_OK ||
	    (rc = cop_digest_render(&text, dg, COP_DIGEST_TEXT)) != COP_OK) {
		cop_digest_free(dg);
		return copctl_fail(d->ctl, rc, "demo");
	}
	printf("\nthe week's digest (at most 3 a section; copctl digest "
		"--community %s):\n", DEMO_SLUG);
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		printf("%s%.*s\n", next > line ? "  " : "", (int)(next - line),
			line);
		if (*next)
			next++;
	}
	cop_free(text);
	cop_digest_free(dg);
	return COPCTL_EXIT_OK;
}

static int demo_report_text(struct demo *d, cop_community *c,
	const cop_stats *st)
{
	char langs[256];
	int rc;

	distinct_languages(langs, sizeof(langs));
	printf("Built the KSGhana community of practice (18-21 May 2010) in %s.\n\n",
		d->ctl->db);
	printf("community  %s: %s (%s, %s)\n", cop_community_slug(c),
		cop_community_name(c),
		COPCTL_ENUM(visibility, cop_community_visibility(c)),
		cop_community_language(c));
	printf("purpose    %.70s...\n", cop_community_purpose(c));
	printf("members    %zu from %zu organisations; languages: %s\n",
		ARRAY_SIZE(demo_members), count_distinct_orgs(), langs);
	printf("\nroles:\n");
	demo_print_roles();
	printf("\nthreads (as libcop lists them: pinned first, then latest "
		"activity):\n");
	if ((rc = demo_threads(d, NULL)) != COPCTL_EXIT_OK)
		return rc;
	printf("\nalso      a French translation (%s), an edited answer "
		"(%s, revision 2),\n          a facilitator's summary (%s), "
		"%d refusals obtained on purpose\n",
		demo_lookup(d, d->translation), demo_lookup(d, d->revision),
		demo_lookup(d, d->summary), d->refusals);
	if ((rc = demo_event_report(d, NULL)) != COPCTL_EXIT_OK)
		return rc;
	printf("\nrecognition: %zu votes, accepted answers, kudos and a badge; "
		"reputation, all time:\n", (size_t)(st->votes_up + st->votes_down));
	if ((rc = demo_leaders(d, NULL)) != COPCTL_EXIT_OK ||
	    (rc = demo_money_report(d, NULL)) != COPCTL_EXIT_OK ||
	    (rc = demo_digest(d)) != COPCTL_EXIT_OK ||
	    (rc = demo_notifications(d, NULL)) != COPCTL_EXIT_OK)
		return rc;
	printf("\nthe facilitator's queue on %s, oldest first (at most "
		"%d):\n", DEMO_QUEUE_TIME, DEMO_QUEUE_ITEMS);
	if ((rc = demo_queue(d, NULL)) != COPCTL_EXIT_OK)
		return rc;
	printf("\ncounts:\n");
	copctl_stats_print(st, "  ");
	printf("\nNext: copctl --db %s thread list %s\n", d->ctl->db, DEMO_SLUG);
	return COPCTL_EXIT_OK;
}

static int demo_report(struct demo *d)
{
	cop_stats st = { .version = COP_STATS_VERSION };
	cop_community *c = NULL;
	int rc;

	if ((rc = cop_community_lookup(&c, d->ctl->store, DEMO_SLUG)) != COP_OK)
		return copctl_fail(d->ctl, rc, "demo");
	if ((rc = cop_stats_lookup(&st, d->ctl->store, NULL)) != COP_OK) {
		rc = copctl_fail(d->ctl, rc, "demo");
	} else if (d->ctl->json) {
		rc = demo_report_json(d, c, &st);
	} else {
		rc = demo_report_text(d, c, &st);
	}
	cop_community_free(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The entry point                                                     */
/* ------------------------------------------------------------------ */

/* Refuse to build the demo twice in one store. */
static int demo_check_absent(struct demo *d)
{
	cop_community *c = NULL;
	int rc = cop_community_lookup(&c, d->ctl->store, DEMO_SLUG);

	cop_community_free(c);
	if (rc == COP_ENOTFOUND)
		return COPCTL_EXIT_OK;
	if (rc != COP_OK)
		return copctl_fail(d->ctl, rc, "demo");
	fprintf(stderr, "copctl: demo: community '%s' %s in %s (%s); "
		"nothing was changed\n", DEMO_SLUG, cop_strerror(COP_EEXISTS),
		d->ctl->db, cop_error_name(COP_EEXISTS));
	return COPCTL_EXIT_FAIL;
}

int copctl_demo(struct copctl *ctl)
{
	struct demo d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.ctl = ctl;
	if ((rc = demo_check_absent(&d)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_batch_begin(ctl->store)) != COP_OK)
		return copctl_fail(ctl, rc, "demo");
	rc = demo_build(&d);
	if (rc != COPCTL_EXIT_OK) {
		cop_batch_rollback(ctl->store);
		fprintf(stderr, "copctl: demo: rolled back; nothing was changed\n");
		return rc;
	}
	if ((rc = cop_batch_commit(ctl->store)) != COP_OK)
		return copctl_fail(ctl, rc, "demo");
	/* Read back as the system, on the system clock. */
	cop_store_act_as_system(ctl->store);
	cop_store_set_time(ctl->store, 0);
	return demo_report(&d);
}

static int cmd_demo(struct copctl *ctl, const struct args *a)
{
	(void)a;
	if (ctl->as)
		return copctl_usage_error("demo acts as its own members; "
			"drop --as", NULL);
	return copctl_demo(ctl);
}

/* demo. */
const struct command copctl_demo_commands[] = {
	{ "demo", NULL, 0, 0, 0, OPEN_CREATE, cmd_demo,
	  "", "build the KSGhana community of practice (May 2010)" },
	COPCTL_COMMANDS_END
};
