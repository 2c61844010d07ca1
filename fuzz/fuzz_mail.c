/*
 * fuzz_mail.c: libFuzzer target for cop_mail_ingest() (the mail parser;
 * docs/mail.md, "Incoming mail").
 *
 * An input is one mail message.  It is taken in, as the system, by a
 * store with one community ("pub") and one member ("mia") whose
 * verified address is mia@example.org, for the domain
 * lists.example.org: so a message from Mia to pub@lists.example.org
 * becomes a thread, and the seeds (fuzz/corpus/mail, tests/data/mail)
 * reach every part of the parser.
 *
 * Beyond memory errors, undefined behaviour and leaks, unless
 * COP_FUZZ_STRICT=0 these are crashes too:
 *  - cop_mail_ingest() failing (whatever the bytes, a message is taken in
 *    with an outcome: accepted, duplicate, refused or dropped);
 *  - a refused or dropped message changing more than one line of the
 *    change log;
 *  - an accepted message taken in again not being a duplicate of the
 *    same contribution, or changing anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzutil.h"

#define DOMAIN "lists.example.org"

/* The store fz_store() gave last, once set up. */
static cop_store *ready;

static void must(cop_store *s, int rc, const char *what)
{
	if (rc != COP_OK)
		fz_die("%s: %s: %s", what, cop_error_name(rc), cop_errmsg(s));
}

/* Mia, pub, Mia's verified address: on each new store. */
static void set_up(cop_store *s)
{
	cop_member *m = NULL;
	char *tok = NULL;

	must(s, cop_member_create(&m, s, "mia", "Mia", NULL, NULL), "a member");
	must(s, cop_community_create(NULL, s, "pub", "Pub", NULL, NULL,
		COP_VISIBILITY_PUBLIC), "a community");
	must(s, cop_community_join(NULL, s, "pub", cop_member_id(m), 0),
		"joining");
	cop_member_free(m);
	must(s, cop_member_email_add(s, "mia", "mia@example.org"), "an address");
	must(s, cop_member_email_token(&tok, s, "mia", "mia@example.org"),
		"a token");
	must(s, cop_member_email_verify(s, tok), "verifying");
	cop_text_dispose(tok);
	ready = s;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cop_mail_result *r = NULL, *again = NULL;
	fz_state before, after, twice;
	cop_mail_outcome o;
	cop_store *s = fz_store();
	char *cid;
	int rc;

	if (s != ready)
		set_up(s);
	fz_state_get(&before, s, NULL);
	rc = cop_mail_ingest(&r, s, DOMAIN, (const char *)data, size);
	fz_report("cop_mail_ingest", s, rc);
	if (rc != COP_OK) {
		if (fz_strict())
			fz_die("cop_mail_ingest: %s: %s", cop_error_name(rc),
				cop_errmsg(s));
		return 0;
	}
	o = cop_mail_result_outcome_get(r);
	fz_state_get(&after, s, NULL);
	if (o != COP_MAIL_ACCEPTED) {
		if (fz_strict() && o != COP_MAIL_DUPLICATE) {
			before.seq++;        /* its line in the change log */
			fz_same_state(&before, &after, "a message refused or dropped");
		}
		cop_mail_result_free(r);
		return 0;
	}
	if (!(cid = strdup(cop_mail_result_contribution_id(r))))
		fz_die("out of memory");
	cop_mail_result_free(r);
	/* The same message again changes nothing. */
	if ((rc = cop_mail_ingest(&again, s, DOMAIN, (const char *)data,
			size)) != COP_OK)
		fz_die("taking a message in again: %s", cop_error_name(rc));
	if (fz_strict() && (cop_mail_result_outcome_get(again) !=
	    COP_MAIL_DUPLICATE || !cop_mail_result_contribution_id(again) ||
	    strcmp(cop_mail_result_contribution_id(again), cid) != 0))
		fz_die("a message taken in again is %s, not a duplicate of %s",
			cop_mail_outcome_name(cop_mail_result_outcome_get(again)), cid);
	cop_mail_result_free(again);
	free(cid);
	fz_state_get(&twice, s, NULL);
	if (fz_strict())
		fz_same_state(&after, &twice, "a message taken in twice");
	fz_discard();
	return 0;
}
