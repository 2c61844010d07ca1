/*
 * bindings/cop.i: the SWIG interface shared by every language.
 *
 * Included by bindings/python/cop_python.i and bindings/lua/cop_lua.i,
 * which first define the language's typemaps (objects out, status codes
 * in and out, enums, times, option structs).  SWIG runs with -includeall,
 * so everything cop.h includes is wrapped: a new public header is picked
 * up by adding it to cop.h.  The rules that make this work without a line
 * per function follow the library's conventions:
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
 *  - a function returning `cop_status` returns a status (the language
 *    files' typemaps on that type): COP_OK becomes "no value",
 *    COP_ITEROVER "no more items", a negative code an error carrying the
 *    store's message (cop_errmsg()); an `int` or `int64_t` is a value
 *    (a getter's, cop_badge_class_of()'s), except cop_log_last_seq()'s,
 *    a value or a negative status (a typemap by its name);
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
 * Enum values by name.  The library names an enum type T's values with
 * T_name(); a name comes back by looking it up (the enum typemaps).
 */
%}

%include <stdint.i>

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
/* A digest's items belong to their digest (cop_digest_item_at()): a
 * class with getters and no destructor. */
%nodefaultctor cop_digest_item;
%nodefaultdtor cop_digest_item;
struct cop_digest_item {};

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
%ignore cop_digest_options;
%ignore cop_event_spec;
/* Progress callbacks are not wrapped (an iterator cannot serve there,
 * and a binding's callback into the interpreter is not worth it for a
 * report the binding's caller can time itself). */
%ignore cop_progress_fn;

/* The health comparison's text comes out as the other texts do; the
 * health pages need no store: they report through cop_errmsg(NULL), as
 * cop_open() does. */
%apply char **out { char **out_json };
%typemap(check) const char *report_json %{ cop_swig_store = NULL; %}
%typemap(freearg) const char *report_json %{
	cop_swig_store = COP_SWIG_NO_STORE;
%}
/* cop_mail_token_check() hands out two texts. */
%apply char **out { char **out_object };

%include "cop/cop.h"

/* The allocator's counters, for leak and fault-injection tests. */
void cop_alloc_fail_at(long n, int persistent);
long cop_alloc_failures(void);
long cop_alloc_count(void);
