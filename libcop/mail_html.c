/*
 * mail_html.c: an HTML-only mail's text, read with libxml2's HTML parser
 * (mail_int.h; docs/mail.md).  mail_html_none.c stands in without
 * libxml2.
 */
#include <string.h>
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "mail_int.h"

/* Elements whose text is not the message's. */
static int skipped(const xmlChar *name)
{
	return !xmlStrcasecmp(name, BAD_CAST "script") ||
		!xmlStrcasecmp(name, BAD_CAST "style") ||
		!xmlStrcasecmp(name, BAD_CAST "head") ||
		!xmlStrcasecmp(name, BAD_CAST "title");
}

/* Elements that end a line. */
static int block(const xmlChar *name)
{
	static const char *const names[] = { "p", "div", "br", "li", "tr",
		"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
		"ul", "ol", "hr" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!xmlStrcasecmp(name, BAD_CAST names[i]))
			return 1;
	return 0;
}

static void walk(xmlNode *n, GString *out)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content) {
			g_string_append(out, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !skipped(n->name)) {
			/* Quoted mail (a blockquote) is trimmed as quoted text. */
			if (!xmlStrcasecmp(n->name, BAD_CAST "blockquote"))
				continue;
			walk(n->children, out);
			if (block(n->name))
				g_string_append_c(out, '\n');
		}
	}
}

int cop__mail_html_text(const char *html, char **out)
{
	htmlDocPtr doc;
	GString *text;

	*out = NULL;
	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
		HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		HTML_PARSE_NONET);
	if (!doc)
		return COP_EFORMAT;
	text = g_string_new(NULL);
	walk(xmlDocGetRootElement(doc), text);
	xmlFreeDoc(doc);
	*out = g_string_free(text, FALSE);
	return COP_OK;
}
