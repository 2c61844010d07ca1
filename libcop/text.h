/*
 * text.h: what search reads of a text: which characters make words, and
 * the text of an HTML body (see "Search reads text" in docs/search.md).
 * Internal to libcop.
 */
#ifndef COP_TEXT_H
#define COP_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* The code point of the valid UTF-8 character at *p (advanced past it),
 * NUL-terminated input; U+FFFD for a byte that starts none (p advanced
 * by one). */
uint32_t cop__text_next(const char **p);

/* 1 if @p cp is a word character for search: ASCII letters and digits,
 * and every other character but punctuation, symbols (emoji included),
 * marks, spaces and controls.  The same rule decides, for every engine,
 * whether a query has words. */
int cop__text_is_word(uint32_t cp);

/* 1 if the UTF-8 text @p s holds at least one word character. */
int cop__text_has_word(const char *s);

/* 1 if @p cp is written in a CJK script (Han, Hiragana, Katakana,
 * Hangul), whose runs are segmented as overlapping bigrams. */
int cop__text_is_cjk(uint32_t cp);

/*
 * @p s (@p n bytes of UTF-8) with each run of CJK characters made its
 * overlapping bigrams, as Lucene's CJKAnalyzer makes them ("笔记本" is
 * "笔记 记本", a character alone stays itself), separated by spaces from
 * each other and from the rest, which is kept as it is: for an engine
 * that splits words at spaces (PostgreSQL's 'simple' parser).  *out
 * (cop_malloc'd) is NULL when @p s has no CJK character.  Returns 0, or
 * -1 when out of memory.
 */
int cop__text_cjk_bigrams(const char *s, size_t n, char **out);

/* 1 if the @p n bytes at @p s hold a C0 control character other than
 * tab and newline (COP_SEARCH_MARK_OPEN: snippets never do). */
int cop__text_has_controls(const char *s, size_t n);
/* Make each such control of the @p n bytes at @p s a space. */
void cop__text_no_controls(char *s, size_t n);

/*
 * The text of the HTML @p html (@p len bytes, UTF-8): the characters of
 * its text with entities decoded, a space where an element other than
 * an inline one (a, b, code, em, ...) starts or ends, no tags, no
 * attribute values, nothing of script or style; runs of blanks made one
 * space, none at either end, no control (cop__text_no_controls()).  *out (cop_malloc'd, the caller frees it)
 * is NULL when libcop was built without libxml2 (the body is then
 * indexed as it is).  Returns 0, or -1 when out of memory.
 */
int cop__html_text(const char *html, size_t len, char **out);

#endif
