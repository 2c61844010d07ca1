/*
 * mail_render.c: outgoing messages rendered with GMime 3
 * (docs/mail.md, "Outgoing mail"): multipart/alternative of text/plain
 * and text/html, UTF-8 with the transfer encoding GMime finds best for
 * 7-bit transport, and the headers a mailing list's message carries:
 * Message-ID, In-Reply-To and References, List-Id, List-Post,
 * List-Unsubscribe and List-Unsubscribe-Post (RFC 2369, RFC 8058),
 * Reply-To.
 */
#include <string.h>
#include <glib.h>
#include <gmime/gmime.h>
#include <cmark.h>

#include "mail_out.h"

/* A text part of @p subtype holding @p text (UTF-8) as UTF-8. */
static GMimeObject *text_part(const char *subtype, const char *text)
{
	GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	GMimeDataWrapper *dw = g_mime_data_wrapper_new_with_stream(st,
		GMIME_CONTENT_ENCODING_DEFAULT);

	g_mime_part_set_content((GMimePart *)part, dw);
	g_object_unref(dw);
	g_object_unref(st);
	g_mime_text_part_set_charset(part, "utf-8");
	g_mime_part_set_content_encoding((GMimePart *)part,
		g_mime_part_get_best_content_encoding((GMimePart *)part,
			GMIME_ENCODING_CONSTRAINT_7BIT));
	return (GMimeObject *)part;
}

/* Header @p name of @p msg as @p value, written as it is: GMime would
 * encode a long unstructured value (a URL) as RFC 2047 words to fold it.
 * @p value is ASCII with no line breaks; a space in it may fold. */
static void raw_header(GMimeMessage *msg, const char *name, const char *value)
{
	GMimeObject *o = (GMimeObject *)msg;
	GMimeHeader *h;
	GString *raw = g_string_new(" ");
	const char *p;

	g_mime_object_set_header(o, name, value, NULL);
	h = g_mime_header_list_get_header(g_mime_object_get_header_list(o), name);
	for (p = value; *p; p++)        /* fold References between ids */
		if (*p == ' ')
			g_string_append(raw, "\n ");
		else
			g_string_append_c(raw, *p);
	g_string_append_c(raw, '\n');
	g_mime_header_set_raw_value(h, raw->str);
	g_string_free(raw, TRUE);
}

char *cop__mail_md_html(const char *markdown)
{
	return cmark_markdown_to_html(markdown, strlen(markdown),
		CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
}

/* Add the mailbox @p name <@p addr> to @p list (which takes its own
 * reference: ours is dropped). */
static void add_address(InternetAddressList *list, const char *name,
	const char *addr)
{
	InternetAddress *a = internet_address_mailbox_new(name, addr);

	internet_address_list_add(list, a);
	g_object_unref(a);
}

int cop__mail_render(const cop__mail_out *m, char **out)
{
	GMimeMessage *msg;
	GMimeMultipart *alt;
	GMimeObject *part;
	GMimeFormatOptions *fo;
	GDateTime *date;
	char *v, *text;

	*out = NULL;
	cop__mail_gmime_init();
	msg = g_mime_message_new(TRUE);
	add_address(g_mime_message_get_from(msg), m->from_name, m->from);
	add_address(g_mime_message_get_to(msg), NULL, m->to);
	if (m->reply_to)
		add_address(g_mime_message_get_reply_to(msg), NULL, m->reply_to);
	g_mime_message_set_subject(msg, m->subject, "utf-8");
	date = g_date_time_new_from_unix_utc(m->date / 1000);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	g_mime_message_set_message_id(msg, m->message_id);
	if (m->in_reply_to) {
		v = g_strdup_printf("<%s>", m->in_reply_to);
		raw_header(msg, "In-Reply-To", v);
		g_free(v);
	}
	if (m->references)
		raw_header(msg, "References", m->references);
	v = g_strdup_printf("<%s.%s>", m->slug, m->domain);
	raw_header(msg, "List-Id", v);
	g_free(v);
	v = g_strdup_printf("<mailto:%s@%s>", m->slug, m->domain);
	raw_header(msg, "List-Post", v);
	g_free(v);
	v = g_strdup_printf("<%s%s>", m->unsubscribe_url, m->unsubscribe_token);
	raw_header(msg, "List-Unsubscribe", v);
	g_free(v);
	raw_header(msg, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

	alt = g_mime_multipart_new_with_subtype("alternative");
	part = text_part("plain", m->text);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	part = text_part("html", m->html);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	g_mime_message_set_mime_part(msg, (GMimeObject *)alt);
	g_object_unref(alt);

	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	text = g_mime_object_to_string((GMimeObject *)msg, fo);
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	if (!text)
		return COP_ENOMEM;
	*out = cop_strdup(text);
	g_free(text);
	return *out ? COP_OK : COP_ENOMEM;
}
