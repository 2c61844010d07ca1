/*
 * bindings/cop.i: the SWIG interface shared by every language.
 *
 * Included by bindings/python/cop_python.i and bindings/lua/cop_lua.i,
 * which first define the language's typemaps (objects out, status codes
 * in and out, enums, times, option structs).  SWIG runs with -includeall,
 * so everything cop.h includes is wrapped: a new public header is picked
 * up by adding it to cop.h.  The rules that make this work without a line
 * per function follow the library's conventions (CONVENTIONS.md):
 *
 *  - an opaque type T with `void T_free(T *)` is a class whose destructor
 *    is T_free, and T_free disowns its argument (%delobject), so an
 *    explicit free and the garbage collector never both free an object
 *    (cop_objects.i: the build writes a COP_OBJECT line per such type);
 *  - `T **out` (the first parameter, called out) is an object the caller
 *    owns: it becomes (part of) the return value;
 *  - a function whose only parameter is a pointer to const (a getter,
 *    `cop_member_handle(const cop_member *)`) is renamed `get_<name>`: the
 *    idiomatic layers turn every such getter into a property of its type;
 *  - a function returning `int` (or `int64_t`) that takes a pointer to
 *    non-const (an out parameter, a store, an iterator) returns a status:
 *    COP_OK becomes "no value", COP_ITEROVER "no more items", a negative
 *    code an error carrying the store's message (cop_errmsg()); any other
 *    `int` (a getter's, cop_badge_class_of()'s) is a value;
 *  - an enum value of type T goes out as the name the library gives it
 *    (`T_name()`) and comes in as such a name or a number.
 *
 * What needs writing by hand: option structs given as dicts/tables (in the
 * language files), and enum types without a T_name() (below).
 */

/* The C the language files' typemaps use too: in the runtime section, which
 * comes before the language files' own %{ %} blocks. */
%runtime %{
#include <stdlib.h>
#include <string.h>

#include <cop/cop.h>
#include <cop/sys/alloc.h>

/*
 * The store the wrapped call acts on, so that a failure can be reported
 * with its message.  Set by the check typemap of any `cop_store *`
 * argument and reset when the wrapper returns (freearg); a call without a
 * store (iterator steps, parsers) reports cop_strerror() and cop_open()
 * reports cop_errmsg(NULL).  Thread-local: wrappers may run in several
 * threads (each with its own store).
 */
static char cop_swig_no_store_tag;
#define COP_SWIG_NO_STORE ((cop_store *)(void *)&cop_swig_no_store_tag)
static _Thread_local cop_store *cop_swig_store = COP_SWIG_NO_STORE;

/* The message for a failure with @p code in the call being wrapped. */
static const char *cop_swig_errmsg(int code)
{
	const char *msg;

	if (cop_swig_store == COP_SWIG_NO_STORE)
		return cop_strerror(code);
	msg = cop_errmsg(cop_swig_store);
	/* A store whose last call succeeded has "no error": say what failed. */
	return cop_errcode(cop_swig_store) == code ? msg : cop_strerror(code);
}

/*
 * 1 if a declaration as SWIG writes it, "name(type,type,...)", has a
 * parameter that is a pointer to non-const: an int it returns is then a
 * status, else a value.  Each wrapper works it out once (COP_SWIG_CALL).
 */
static int cop_swig_returns_status(const char *decl)
{
	const char *p = strchr(decl, '(');

	if (!p)
		return 0;
	for (p++; *p && *p != ')'; ) {
		const char *end = p + strcspn(p, ",)");
		const char *star = memchr(p, '*', (size_t)(end - p));

		if (star) {
			if (memchr(star + 1, '*', (size_t)(end - star - 1)))
				return 1;       /* T ** */
			if (star - p < 6 || memcmp(star - 6, "const ", 6) != 0)
				return 1;       /* T *, not T const * */
		}
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

/* Declares cop_swig_status_fn in every wrapper (see %exception below). */
#define COP_SWIG_CALL(decl) \
	static signed char cop_swig_kind_ = -1; \
	int cop_swig_status_fn; \
	if (cop_swig_kind_ < 0) \
		cop_swig_kind_ = (signed char)cop_swig_returns_status(decl); \
	cop_swig_status_fn = cop_swig_kind_; \
	(void)cop_swig_status_fn;

/*
 * Enum values by name.  The library names an enum type T's values with
 * T_name(); a name comes back by looking it up (the enum typemaps).  The
 * two enum types without a T_name() yet are named here the same way
 * (lowercase, '-' for '_'); when the library adds them these give a
 * compile error: delete them then.
 */
static const char *cop_member_status_name(cop_member_status s)
{
	static const char *const names[] = { "active", "suspended", "deleted" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : NULL;
}

static const char *cop_body_format_name(cop_body_format f)
{
	static const char *const names[] = { "markdown", "html" };

	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : NULL;
}

%}

%include <stdint.i>

/* ---- every call ---------------------------------------------------------------- */

%exception %{
	COP_SWIG_CALL("$decl")
	$action
%}
/* Struct fields' accessors too (so every wrapper has cop_swig_status_fn). */
%allowexception;

/* ---- names ---------------------------------------------------------------- */

/* Getters: a function whose only parameter is a pointer to const. */
%rename("get_%s", %$isfunction,
	regexmatch$decl="^f\\(p\\.q\\(const\\)\\.[A-Za-z0-9_]+\\)\\.") "";

/* ---- the store of the call (for error messages) --------------------------- */

%typemap(check) cop_store * %{
	if (!$1)
		COP_SWIG_NULL_ARG("$symname", $argnum);
	cop_swig_store = $1;
%}
%typemap(freearg) cop_store * %{ cop_swig_store = COP_SWIG_NO_STORE; %}
/* cop_open() reports through cop_errmsg(NULL). */
%typemap(check) cop_store **out %{ cop_swig_store = NULL; %}
%typemap(freearg) cop_store **out %{ cop_swig_store = COP_SWIG_NO_STORE; %}

/* An object argument may not be None/nil: the C functions do not check
 * (and from Python or Lua, freeing nothing is a mistake too). */
%typemap(check) SWIGTYPE *, const SWIGTYPE * %{
	if (!$1)
		COP_SWIG_NULL_ARG("$symname", $argnum);
%}
%typemap(check) char *, const char * "";

/* ---- opaque objects ----------------------------------------------------------- */

/*
 * COP_OBJECT(T, FREE): an opaque type owned through `T **out` and freed by
 * FREE: a class for SWIG with FREE as its destructor.
 */
%define COP_OBJECT(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
	~TYPE() { FREE($self); }
}
%delobject FREE;
%enddef

/* The store: its destructor also forgets it as the store of the call (a
 * Lua error can leave it set). */
%{
static void cop_swig_store_close(cop_store *s)
{
	if (cop_swig_store == s)
		cop_swig_store = COP_SWIG_NO_STORE;
	cop_close(s);
}
%}
COP_OBJECT(cop_store, cop_swig_store_close)
%delobject cop_close;
/* COP_OBJECT(T, T_free) for every such pair in the headers cop.h includes,
 * written by the build (bindings.am) into the directory of the run. */
%include "cop_objects.i"

/* A struct's version field (cop_stats, cop_recognition_config) is the
 * library's to set: not shown. */
%rename("$ignore", %$isvariable, %$ismember, match$name="version") "";

/* ---- the headers ---------------------------------------------------------------- */

/* The option structs come in as dicts/tables (language files); their
 * version fields are set by the bindings. */
%ignore cop_page;
%ignore cop_open_options;
%ignore cop_search_options;
%ignore cop_import_options;
/* Progress callbacks are not wrapped (an iterator cannot serve there,
 * and a binding's callback into the interpreter is not worth it for a
 * report the binding's caller can time itself). */
%ignore cop_progress_fn;

%include "cop/cop.h"

/* The enum names defined above (see "Enum values by name"). */
const char *cop_member_status_name(cop_member_status s);
const char *cop_body_format_name(cop_body_format f);

/* The allocator's counters, for leak and fault-injection tests. */
void cop_alloc_fail_at(long n, int persistent);
long cop_alloc_failures(void);
long cop_alloc_count(void);
