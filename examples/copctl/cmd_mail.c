/*
 * copctl: libcop's example command-line tool.
 * cmd_mail.c: members' mail addresses and mail tokens (docs/mail.md):
 * `copctl email add | list | primary | remove | token | verify` and
 * `mail token | check | ingest | delivery | unsubscribe | fill | outbox |
 * send`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copctl.h"

/* A change @p fn of a member's address: MEMBER ADDRESS, then "ADDRESS
 * DONE". */
static int email_change(struct copctl *ctl, const struct args *a,
	int (*fn)(cop_store *, const char *, const char *), const char *done)
{
	int rc = fn(ctl->store, a->pos[0], a->pos[1]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return copctl_done(ctl, done, a->pos[1]);
}

static int cmd_email_add(struct copctl *ctl, const struct args *a)
{
	return email_change(ctl, a, cop_member_email_add, "added");
}

static int cmd_email_list(struct copctl *ctl, const struct args *a)
{
	cop_email_list *l = NULL;
	json_t *obj, *list;
	size_t i, n;
	char when[32];
	int rc = cop_member_email_list(&l, ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	n = cop_email_list_count(l);
	if (!ctl->json) {
		for (i = 0; i < n; i++)
			printf("%s%s%s  (added %s)\n", cop_email_list_address(l, i),
				cop_email_list_primary(l, i) ? "  primary" : "",
				cop_email_list_verified(l, i) ? "  verified" :
				"  unverified", copctl_time_text(when, sizeof(when),
				cop_email_list_created(l, i)));
		cop_email_list_free(l);
		return COPCTL_EXIT_OK;
	}
	obj = json_object();
	list = json_array();
	json_object_set_new(obj, "emails", list);
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s,s:b,s:b,s:o}",
			"address", cop_email_list_address(l, i),
			"primary", cop_email_list_primary(l, i),
			"verified", cop_email_list_verified(l, i),
			"created", copctl_json_time(cop_email_list_created(l, i))));
	cop_email_list_free(l);
	return copctl_print_json(obj);
}

static int cmd_email_primary(struct copctl *ctl, const struct args *a)
{
	return email_change(ctl, a, cop_member_email_set_primary, "primary");
}

static int cmd_email_remove(struct copctl *ctl, const struct args *a)
{
	return email_change(ctl, a, cop_member_email_remove, "removed");
}

/* A token on a line of its own, or {"token": TOKEN}; frees it. */
static int token_out(struct copctl *ctl, char *tok)
{
	int rc = COPCTL_EXIT_OK;

	if (ctl->json)
		rc = copctl_print_json(json_pack("{s:s}", "token", tok));
	else
		printf("%s\n", tok);
	cop_text_dispose(tok);
	return rc;
}

static int cmd_email_token(struct copctl *ctl, const struct args *a)
{
	char *tok = NULL;
	int rc = cop_member_email_token(&tok, ctl->store, a->pos[0], a->pos[1]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return token_out(ctl, tok);
}

static int cmd_email_verify(struct copctl *ctl, const struct args *a)
{
	int rc = cop_member_email_verify(ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	return copctl_done(ctl, "verified", "address");
}

/* Token kind @p name, reply or unsubscribe. */
static int kind_arg(const char *name, cop_mail_token_kind *k)
{
	if (cop_mail_token_kind_parse(k, name) != COP_OK ||
	    *k == COP_MAIL_TOKEN_VERIFY)
		return copctl_usage_error("a mail token is reply or unsubscribe, "
			"not", name);
	return COPCTL_EXIT_OK;
}

static int cmd_mail_token(struct copctl *ctl, const struct args *a)
{
	cop_mail_token_kind k;
	char *tok = NULL;
	int rc;

	if ((rc = kind_arg(a->pos[0], &k)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_mail_token_make(&tok, ctl->store, k, a->pos[1],
			a->pos[2])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	return token_out(ctl, tok);
}

static int cmd_mail_check(struct copctl *ctl, const struct args *a)
{
	cop_mail_token_kind k;
	char *member = NULL, *object = NULL;
	int rc;

	if ((rc = kind_arg(a->pos[0], &k)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_mail_token_check(&member, &object, ctl->store, k,
			a->pos[1])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		rc = copctl_print_json(json_pack("{s:s,s:s}", "member", member,
			k == COP_MAIL_TOKEN_REPLY ? "contribution" : "community",
			object));
	else
		printf("member %s\n%s %s\n", member, k == COP_MAIL_TOKEN_REPLY ?
			"contribution" : "community", object);
	cop_text_dispose(member);
	cop_text_dispose(object);
	return rc;
}

/* The most bytes of a message read from standard input (64 MiB). */
#define MESSAGE_MAX ((size_t)64 << 20)

/* All of standard input into *out (malloc'd), its length into *len. */
static int read_stdin(char **out, size_t *len)
{
	size_t cap = 65536, n;
	char *buf = malloc(cap), *bigger;

	*len = 0;
	while (buf && (n = fread(buf + *len, 1, cap - *len, stdin)) > 0) {
		*len += n;
		if (*len > MESSAGE_MAX) {
			free(buf);
			fprintf(stderr, "copctl: the message is over 64 MiB\n");
			return COPCTL_EXIT_FAIL;
		}
		if (*len == cap) {
			bigger = realloc(buf, cap * 2);
			if (!bigger)
				free(buf);
			buf = bigger;
			cap *= 2;
		}
	}
	if (!buf || ferror(stdin)) {
		free(buf);
		fprintf(stderr, "copctl: cannot read the message\n");
		return COPCTL_EXIT_FAIL;
	}
	*out = buf;
	return COPCTL_EXIT_OK;
}

static int cmd_mail_ingest(struct copctl *ctl, const struct args *a)
{
	cop_mail_result *r = NULL;
	cop_mail_outcome o;
	const char *cid;
	char *msg = NULL;
	size_t len = 0;
	int rc;

	if (!a->opt[OPT_DOMAIN] || !*a->opt[OPT_DOMAIN])
		return copctl_usage_error("mail ingest needs --domain DOMAIN", NULL);
	if ((rc = read_stdin(&msg, &len)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_mail_ingest(&r, ctl->store, a->opt[OPT_DOMAIN], msg, len);
	free(msg);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	o = cop_mail_result_outcome_get(r);
	cid = cop_mail_result_contribution_id(r);
	if (ctl->json) {
		rc = copctl_print_json(json_pack("{s:s,s:o,s:s,s:o,s:o}",
			"outcome", COPCTL_ENUM(mail_outcome, o), "code",
			cop_mail_result_code(r) ? json_string(cop_error_name(
			cop_mail_result_code(r))) : json_null(), "reason",
			cop_mail_result_reason(r), "contribution", copctl_json_str(cid),
			"message_id", copctl_json_str(cop_mail_result_message_id(r))));
	} else if (o == COP_MAIL_ACCEPTED || o == COP_MAIL_DUPLICATE) {
		printf("%s %s\n", COPCTL_ENUM(mail_outcome, o), cid ? cid : "-");
	} else {
		printf("%s%s%s: %s\n", COPCTL_ENUM(mail_outcome, o),
			cop_mail_result_code(r) ? " " : "", cop_mail_result_code(r) ?
			cop_error_name(cop_mail_result_code(r)) : "",
			cop_mail_result_reason(r));
	}
	cop_mail_result_free(r);
	if (rc != COPCTL_EXIT_OK)
		return rc;
	return o == COP_MAIL_REFUSED ? COPCTL_EXIT_REFUSED :
		o == COP_MAIL_AUTOREPLY || o == COP_MAIL_BOUNCE ?
		COPCTL_EXIT_DROPPED : COPCTL_EXIT_OK;
}

static int cmd_mail_delivery(struct copctl *ctl, const struct args *a)
{
	cop_mail_delivery d;
	int rc;

	if (a->npos > 2) {
		if (cop_mail_delivery_parse(&d, a->pos[2]) != COP_OK)
			return copctl_usage_error("the delivery is none, every, "
				"daily or weekly", a->pos[2]);
		if ((rc = cop_mail_delivery_set(ctl->store, a->pos[0], a->pos[1],
				d)) != COP_OK)
			return copctl_fail(ctl, rc, a->pos[0]);
	} else if ((rc = cop_mail_delivery_get(&d, ctl->store, a->pos[0],
			a->pos[1])) != COP_OK) {
		return copctl_fail(ctl, rc, a->pos[0]);
	}
	if (ctl->json)
		return copctl_print_json(json_pack("{s:s}", "delivery",
			COPCTL_ENUM(mail_delivery, d)));
	printf("%s\n", COPCTL_ENUM(mail_delivery, d));
	return COPCTL_EXIT_OK;
}

static int cmd_mail_unsubscribe(struct copctl *ctl, const struct args *a)
{
	int rc = cop_mail_unsubscribe(ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	return copctl_done(ctl, "unsubscribed", "delivery");
}

static int cmd_mail_fill(struct copctl *ctl, const struct args *a)
{
	unsigned int n = 0;
	int rc;

	if (!a->opt[OPT_DOMAIN] || !a->opt[OPT_FROM] || !a->opt[OPT_URL])
		return copctl_usage_error("mail fill needs --domain, --from and "
			"--url", NULL);
	if ((rc = cop_mail_outbox_fill(ctl->store, a->opt[OPT_DOMAIN],
			a->opt[OPT_FROM], a->opt[OPT_URL], &n)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:i}", "added", (int)n));
	printf("added %u\n", n);
	return COPCTL_EXIT_OK;
}

static int cmd_mail_outbox(struct copctl *ctl, const struct args *a)
{
	cop_outbox *o = NULL;
	json_t *obj, *list;
	size_t i, n;
	char when[32];
	int rc = cop_mail_outbox_list(&o, ctl->store, -1);

	(void)a;
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	n = cop_outbox_count(o);
	if (!ctl->json) {
		for (i = 0; i < n; i++) {
			const char *why = cop_outbox_reason(o, i);
			printf("%s  %s  %s  %s  attempts %d  %s%s%s\n",
				cop_outbox_id(o, i),
				COPCTL_ENUM(outbox_state, cop_outbox_state_get(o, i)),
				cop_outbox_recipient(o, i), cop_outbox_source(o, i),
				cop_outbox_attempts(o, i), copctl_time_text(when,
				sizeof(when), cop_outbox_created(o, i)),
				why ? "  " : "", why ? why : "");
		}
		cop_outbox_free(o);
		return COPCTL_EXIT_OK;
	}
	obj = json_object();
	list = json_array();
	json_object_set_new(obj, "outbox", list);
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:o,s:o}",
			"id", cop_outbox_id(o, i),
			"member_id", cop_outbox_member_id(o, i),
			"community_id", cop_outbox_community_id(o, i),
			"source", cop_outbox_source(o, i),
			"recipient", cop_outbox_recipient(o, i),
			"sender", cop_outbox_sender(o, i),
			"state", COPCTL_ENUM(outbox_state, cop_outbox_state_get(o, i)),
			"attempts", cop_outbox_attempts(o, i),
			"reason", copctl_json_str(cop_outbox_reason(o, i)),
			"created", copctl_json_time(cop_outbox_created(o, i))));
	cop_outbox_free(o);
	return copctl_print_json(obj);
}

static int cmd_mail_send(struct copctl *ctl, const struct args *a)
{
	unsigned int sent = 0, failed = 0;
	int rc;

	if (!a->opt[OPT_SENDMAIL] || !*a->opt[OPT_SENDMAIL])
		return copctl_usage_error("mail send needs --sendmail PATH", NULL);
	if ((rc = cop_mail_outbox_send(ctl->store, a->opt[OPT_SENDMAIL], &sent,
			&failed)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:i,s:i}", "sent", (int)sent,
			"failed", (int)failed));
	printf("sent %u failed %u\n", sent, failed);
	return COPCTL_EXIT_OK;
}

const struct command copctl_mail_commands[] = {
	{ "email", "add", 0, 2, 2, OPEN_EXISTING, cmd_email_add,
	  "MEMBER ADDRESS", "add an unverified mail address to a member" },
	{ "email", "list", 0, 1, 1, OPEN_EXISTING, cmd_email_list,
	  "MEMBER", "a member's mail addresses (the member or the system)" },
	{ "email", "primary", 0, 2, 2, OPEN_EXISTING, cmd_email_primary,
	  "MEMBER ADDRESS", "make an address the member's primary one" },
	{ "email", "remove", 0, 2, 2, OPEN_EXISTING, cmd_email_remove,
	  "MEMBER ADDRESS", "remove one of a member's addresses" },
	{ "email", "token", 0, 2, 2, OPEN_EXISTING, cmd_email_token,
	  "MEMBER ADDRESS", "the token that verifies an address, to mail to it" },
	{ "email", "verify", 0, 1, 1, OPEN_EXISTING, cmd_email_verify,
	  "TOKEN", "verify the address a token names" },
	{ "mail", "token", 0, 3, 3, OPEN_EXISTING, cmd_mail_token,
	  "reply|unsubscribe MEMBER_ID OBJECT_ID",
	  "a signed reply (contribution) or unsubscribe (community) token" },
	{ "mail", "check", 0, 2, 2, OPEN_EXISTING, cmd_mail_check,
	  "reply|unsubscribe TOKEN", "check a token and show what it names" },
	{ "mail", "ingest", O(OPT_DOMAIN), 0, 0, OPEN_EXISTING, cmd_mail_ingest,
	  "--domain DOMAIN < MESSAGE",
	  "take in one mail message: a new thread or a reply (the system)" },
	{ "mail", "delivery", 0, 2, 3, OPEN_EXISTING, cmd_mail_delivery,
	  "MEMBER COMMUNITY [none|every|daily|weekly]",
	  "how a member gets a community's mail; with a value, set it" },
	{ "mail", "unsubscribe", 0, 1, 1, OPEN_EXISTING, cmd_mail_unsubscribe,
	  "TOKEN", "one-click unsubscribe: no more mail of the token's "
	  "community" },
	{ "mail", "fill", O(OPT_DOMAIN) | O(OPT_FROM) | O(OPT_URL), 0, 0,
	  OPEN_EXISTING, cmd_mail_fill,
	  "--domain DOMAIN --from ADDRESS --url UNSUBSCRIBE_URL",
	  "render the notifications and digests due by mail into the outbox" },
	{ "mail", "outbox", 0, 0, 0, OPEN_EXISTING, cmd_mail_outbox,
	  "", "the outbox: each message, its state and attempts (the system)" },
	{ "mail", "send", O(OPT_SENDMAIL), 0, 0, OPEN_EXISTING, cmd_mail_send,
	  "--sendmail PATH",
	  "hand each waiting message to a sendmail program, mark it sent" },
	COPCTL_COMMANDS_END
};
