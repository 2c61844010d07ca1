/*
 * bindings/lua/cop_lua.i: the Lua typemaps, then the shared interface.
 * Built with `swig -lua -includeall`; the result is the C module `copc`,
 * which the idiomatic module `cop` (bindings/lua/cop.lua) wraps.
 *
 * In Lua a function returning a status returns its results (objects out,
 * or true when there are none) on success, nothing more than nil at the
 * end of an iteration, and nil, message, code on failure.  Times are
 * integers (UTC milliseconds; nil for "never"), enum values are the
 * library's names ("owner"), option structs are tables.  Programming
 * errors (a wrong type, nil for an object) raise Lua errors.
 */
%module copc

%{
/* A nil where an object is required. */
#define COP_SWIG_NULL_ARG(fn, n) do { \
	SWIG_Lua_pushferrstring(L, "in %s: argument %d may not be nil", fn, n); \
	SWIG_fail; \
} while (0)

/* Push nil, message, code for status @p code; returns 3 (values pushed). */
static int cop_swig_lua_fail(lua_State *L, int code, const char *msg)
{
	lua_pushnil(L);
	lua_pushstring(L, msg ? msg : cop_swig_errmsg(code));
	lua_pushinteger(L, code);
	return 3;
}

/* An enum argument: an integer (returns 1, in *v) or a name (returns 2,
 * for the caller to look up).  Raises a Lua error for anything else. */
static int cop_swig_lua_enum_arg(lua_State *L, int idx, int *v,
	const char *ctype)
{
	if (lua_type(L, idx) == LUA_TNUMBER) {
		*v = (int)lua_tointeger(L, idx);
		return 1;
	}
	if (lua_type(L, idx) == LUA_TSTRING)
		return 2;
	return luaL_error(L, "%s: expected a name or an integer, got %s", ctype,
		luaL_typename(L, idx));
}

/* Option tables: t[key] as a string (NULL for nil) or an unsigned int. */
static const char *cop_swig_lua_opt_str(lua_State *L, int t, const char *key)
{
	const char *s = NULL;

	lua_getfield(L, t, key);
	if (!lua_isnil(L, -1)) {
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "option %s: expected a string", key);
		s = lua_tostring(L, -1);
	}
	/* The string stays alive: the table refers to it. */
	lua_pop(L, 1);
	return s;
}

static unsigned int cop_swig_lua_opt_uint(lua_State *L, int t,
	const char *key)
{
	lua_Integer v = 0;
	int isnum = 1;

	lua_getfield(L, t, key);
	if (!lua_isnil(L, -1))
		v = lua_tointegerx(L, -1, &isnum);
	lua_pop(L, 1);
	if (!isnum || v < 0 || v > (lua_Integer)UINT_MAX)
		luaL_error(L, "option %s: expected an integer from 0", key);
	return (unsigned int)v;
}

/* t[key] as a time (integer UTC milliseconds), 0 for nil. */
static cop_time cop_swig_lua_opt_time(lua_State *L, int t, const char *key)
{
	lua_Integer v = 0;
	int isnum = 1;

	lua_getfield(L, t, key);
	if (!lua_isnil(L, -1))
		v = lua_tointegerx(L, -1, &isnum);
	lua_pop(L, 1);
	if (!isnum || v < 0)
		luaL_error(L, "option %s: expected UTC milliseconds", key);
	return (cop_time)v;
}

/* Raise an error if the table at @p t has a key not in @p keys. */
static void cop_swig_lua_opt_check(lua_State *L, int t, const char *what,
	const char *const *keys)
{
	lua_pushnil(L);
	while (lua_next(L, t)) {
		int i, known = 0;

		lua_pop(L, 1);
		for (i = 0; keys[i] && !known; i++)
			known = lua_type(L, -1) == LUA_TSTRING &&
				strcmp(lua_tostring(L, -1), keys[i]) == 0;
		if (!known)
			luaL_error(L, "unknown %s option '%s'", what,
				luaL_tolstring(L, -1, NULL));
	}
}
%}

/* ---- objects out -------------------------------------------------------------- */

%typemap(in, numinputs=0) SWIGTYPE **out ($*1_ltype temp = NULL) %{ $1 = &temp; %}
%typemap(argout) SWIGTYPE **out %{
	if (result >= 0) {
		if (*$1)
			SWIG_NewPointerObj(L, *$1, $*1_descriptor, 1);
		else
			lua_pushnil(L);
		SWIG_arg++;
	}
%}

/* A plain struct filled by the library (cop_stats, cop_id): a copy the
 * caller owns. */
%typemap(in, numinputs=0) SWIGTYPE *out ($*1_ltype temp) %{
	memset(&temp, 0, sizeof(temp));
	$1 = &temp;
%}
%typemap(argout) SWIGTYPE *out %{
	if (result >= 0) {
		$*1_ltype *copy = ($*1_ltype *)malloc(sizeof(*copy));
		if (!copy) {
			SWIG_Lua_pushferrstring(L, "out of memory");
			SWIG_fail;
		}
		*copy = *$1;
		SWIG_NewPointerObj(L, copy, $1_descriptor, 1);
		SWIG_arg++;
	}
%}

/* cop_id_format(): the text of an id. */
%typemap(in, numinputs=0) char *out (char temp[COP_ID_TEXT_LEN + 1]) %{
	temp[0] = '\0';
	$1 = temp;
%}
%typemap(argout) char *out %{ lua_pushstring(L, $1); SWIG_arg++; %}

/* Strings in: a string (or a number, as Lua converts it) or nil (NULL).
 * C would cut a string at a NUL inside it, so one is refused: the call
 * returns nil, message, COP_EINVAL without running. */
%typemap(in, checkfn="SWIG_lua_isnilstring") const char * (size_t len = 0) %{
	$1 = ($1_ltype)lua_tolstring(L, $input, &len);
	if ($1 && strlen($1) != len) {
		char msg_[96];

		snprintf(msg_, sizeof(msg_), "%s: the string holds a NUL "
			"character", "$1_name");
		return cop_swig_lua_fail(L, COP_EINVAL, msg_);
	}
%}

/* A list of ids (cop_notification_mark_read()): a table of strings, or
 * nil for none (NULL, 0). */
%typemap(in, checkfn="lua_istable_or_nil") (const char *const *ids, size_t n) (const char **tmp = NULL) %{
	$1 = NULL;
	$2 = 0;
	if (!lua_isnoneornil(L, $input)) {
		size_t i, len = lua_rawlen(L, $input);

		if (!(tmp = (const char **)malloc(sizeof(*tmp) * (len + 1))))
			return luaL_error(L, "out of memory");
		for (i = 0; i < len; i++) {
			lua_rawgeti(L, $input, (lua_Integer)(i + 1));
			tmp[i] = lua_type(L, -1) == LUA_TSTRING ?
				lua_tostring(L, -1) : NULL;
			lua_pop(L, 1);
			if (!tmp[i]) {
				free(tmp);
				return luaL_error(L, "ids: a table of strings");
			}
		}
		$1 = ($1_ltype)tmp;
		$2 = len;
	}
%}
%typemap(freearg) (const char *const *ids, size_t n) %{ free(tmp$argnum); %}
/* None/nil is "none" here, not a mistake. */
%typemap(check) const char *const *ids "";

/* Numbers out. */
%typemap(in, numinputs=0) int *out (int temp = 0), int *waiting (int temp = 0),
	long *out (long temp = 0),
	int64_t *out (int64_t temp = 0), unsigned int *out (unsigned int temp = 0),
	unsigned int *count (unsigned int temp = 0), uint64_t *out (uint64_t temp = 0),
	int64_t *covered (int64_t temp = 0), int64_t *total (int64_t temp = 0),
	int64_t *used (int64_t temp = 0), int64_t *described (int64_t temp = 0),
	unsigned int *sent (unsigned int temp = 0),
	unsigned int *failed (unsigned int temp = 0)
	%{ $1 = &temp; %}
%typemap(argout) int *out, int *waiting, long *out, int64_t *out,
	unsigned int *out, unsigned int *count, uint64_t *out,
	int64_t *covered, int64_t *total, int64_t *used, int64_t *described,
	unsigned int *sent, unsigned int *failed %{
	if (result >= 0) {
		lua_pushinteger(L, (lua_Integer)*$1);
		SWIG_arg++;
	}
%}
%typemap(in, numinputs=0) double *out (double temp = 0),
	double *good (double temp = 0), double *poor (double temp = 0)
	%{ $1 = &temp; %}
%typemap(argout) double *out, double *good, double *poor %{
	if (result >= 0) {
		lua_pushnumber(L, *$1);
		SWIG_arg++;
	}
%}

/* ---- status codes and integers --------------------------------------------------- */

/* A cop_status: COP_OK pushes nothing (the out parameters push the
 * results), COP_ITEROVER nil, a negative code nil, message, code. */
%typemap(out) cop_status %{
	if ($1 == COP_ITEROVER) {
		lua_pushnil(L);
		SWIG_arg++;
	} else if ($1 < 0) {
		SWIG_arg += cop_swig_lua_fail(L, $1, NULL);
	}
%}
/* A status function with nothing to return returns true. */
%typemap(ret) cop_status %{
	if (SWIG_arg == 0) {
		lua_pushboolean(L, 1);
		SWIG_arg++;
	}
%}
/* An int is a value. */
%typemap(out) int %{
	lua_pushinteger(L, $1);
	SWIG_arg++;
%}

%typemap(out) int64_t %{
	lua_pushinteger(L, (lua_Integer)$1);
	SWIG_arg++;
%}
/* cop_log_last_seq(): a sequence number, or a negative status. */
%typemap(out) int64_t cop_log_last_seq %{
	if ($1 < 0) {
		SWIG_arg += cop_swig_lua_fail(L, (int)$1, NULL);
	} else {
		lua_pushinteger(L, (lua_Integer)$1);
		SWIG_arg++;
	}
%}
%typemap(in, checkfn="lua_isinteger") int64_t %{ $1 = (int64_t)lua_tointeger(L, $input); %}
%typemap(out) long, unsigned int, unsigned long, size_t %{
	lua_pushinteger(L, (lua_Integer)$1);
	SWIG_arg++;
%}

/* ---- times ----------------------------------------------------------------------- */

%typemap(out) cop_time %{
	if ($1)
		lua_pushinteger(L, (lua_Integer)$1);
	else
		lua_pushnil(L);
	SWIG_arg++;
%}
%typemap(in) cop_time %{
	if (lua_isnoneornil(L, $input))
		$1 = 0;
	else if (lua_isinteger(L, $input))
		$1 = (cop_time)lua_tointeger(L, $input);
	else
		SWIG_fail_arg("$symname", $argnum, "integer (UTC milliseconds)");
%}

/* ---- enums ----------------------------------------------------------------------- */

#define COP_SWIG_PASTE(a, b) a ## b
%{
#define COP_SWIG_PASTE(a, b) a ## b
%}

%typemap(out) enum SWIGTYPE %{
	{
		const char *name = COP_SWIG_PASTE($1_basetype, _name)($1);
		if (name)
			lua_pushstring(L, name);
		else
			lua_pushinteger(L, (lua_Integer)$1);
		SWIG_arg++;
	}
%}
%typemap(in) enum SWIGTYPE (int v = 0) %{
	if (cop_swig_lua_enum_arg(L, $input, &v, "$1_basetype") == 2) {
		const char *name = lua_tostring(L, $input);
		for (v = 0; v < 256; v++) {
			const char *n = COP_SWIG_PASTE($1_basetype, _name)(($1_ltype)v);
			if (n && strcmp(n, name) == 0)
				break;
		}
		if (v == 256)
			luaL_error(L, "$1_basetype: no value is called '%s'", name);
	}
	$1 = ($1_ltype)v;
%}
%typemap(in, numinputs=0) enum SWIGTYPE *out ($*1_ltype temp) %{
	temp = ($*1_ltype)0;
	$1 = &temp;
%}
%typemap(argout) enum SWIGTYPE *out %{
	if (result >= 0) {
		const char *name = COP_SWIG_PASTE($1_basetype, _name)(*$1);
		if (name)
			lua_pushstring(L, name);
		else
			lua_pushinteger(L, (lua_Integer)*$1);
		SWIG_arg++;
	}
%}

/* ---- option structs, as tables ----------------------------------------------------- */

/* {after = cursor, limit = n} */
%typemap(in, checkfn="lua_istable_or_nil") const cop_page *page (cop_page temp = COP_PAGE_INIT) %{
	$1 = NULL;
	if (!lua_isnil(L, $input)) {
		static const char *const keys[] = { "after", "limit", NULL };
		cop_swig_lua_opt_check(L, $input, "page", keys);
		temp.after = cop_swig_lua_opt_str(L, $input, "after");
		temp.limit = cop_swig_lua_opt_uint(L, $input, "limit");
		$1 = &temp;
	}
%}

/* {flags = COP_OPEN_* bits, busy_timeout_ms = n} */
%typemap(in, checkfn="lua_istable_or_nil") const cop_open_options *opts (cop_open_options temp = COP_OPEN_OPTIONS_INIT) %{
	$1 = NULL;
	if (!lua_isnil(L, $input)) {
		static const char *const keys[] = { "flags", "busy_timeout_ms", NULL };
		unsigned int busy;
		cop_swig_lua_opt_check(L, $input, "open", keys);
		temp.flags = cop_swig_lua_opt_uint(L, $input, "flags");
		busy = cop_swig_lua_opt_uint(L, $input, "busy_timeout_ms");
		if (busy > INT_MAX)
			luaL_error(L, "option busy_timeout_ms: out of range");
		temp.busy_timeout_ms = (int)busy;
		$1 = &temp;
	}
%}

/* {community = id or slug, language = tag, limit = n, mark_open = s,
 *  mark_close = s, after = cursor} */
%typemap(in, checkfn="lua_istable_or_nil") const cop_search_options *opts (cop_search_options temp = COP_SEARCH_OPTIONS_INIT) %{
	$1 = NULL;
	if (!lua_isnil(L, $input)) {
		static const char *const keys[] = { "community", "language", "limit",
			"mark_open", "mark_close", "after", NULL };
		cop_swig_lua_opt_check(L, $input, "search", keys);
		temp.community = cop_swig_lua_opt_str(L, $input, "community");
		temp.language = cop_swig_lua_opt_str(L, $input, "language");
		temp.limit = cop_swig_lua_opt_uint(L, $input, "limit");
		temp.mark_open = cop_swig_lua_opt_str(L, $input, "mark_open");
		temp.mark_close = cop_swig_lua_opt_str(L, $input, "mark_close");
		temp.after = cop_swig_lua_opt_str(L, $input, "after");
		$1 = &temp;
	}
%}
/* A table of paths (strings), as the files of an mbox import; the
 * strings stay on the Lua stack (in the table) during the call. */
%typemap(in, checkfn="lua_istable") (const char *const *files, size_t nfiles) %{
	{
		size_t i, n = lua_rawlen(L, $input);
		$1 = ($1_ltype)calloc(n + 1, sizeof(char *));
		if (!$1)
			SWIG_fail_arg("$symname", $argnum, "out of memory");
		for (i = 0; i < n; i++) {
			const char *v;
			lua_rawgeti(L, $input, (lua_Integer)(i + 1));
			v = lua_tostring(L, -1);
			lua_pop(L, 1);
			if (!v) {
				free((void *)$1);
				$1 = NULL;
				SWIG_fail_arg("$symname", $argnum, "table of paths");
			}
			$1[i] = (char *)v;
		}
		$2 = n;
	}
%}
%typemap(freearg) (const char *const *files, size_t nfiles) %{
	free((void *)$1);
%}
/* {community = slug}; progress is not wrapped. */
%typemap(in, checkfn="lua_istable_or_nil") const cop_import_options *opts (cop_import_options temp = COP_IMPORT_OPTIONS_INIT) %{
	$1 = NULL;
	if (!lua_isnil(L, $input)) {
		static const char *const keys[] = { "community", NULL };
		cop_swig_lua_opt_check(L, $input, "import", keys);
		temp.community = cop_swig_lua_opt_str(L, $input, "community");
		$1 = &temp;
	}
%}
/* {period = "day"|"week"|"month", since = ms, until = ms, limit = n} */
%typemap(in, checkfn="lua_istable_or_nil") const cop_digest_options *opts (cop_digest_options temp) %{
	cop_digest_options_init(&temp);
	$1 = NULL;
	if (!lua_isnil(L, $input)) {
		static const char *const keys[] = { "period", "since", "until",
			"limit", NULL };
		const char *period;
		cop_swig_lua_opt_check(L, $input, "digest", keys);
		period = cop_swig_lua_opt_str(L, $input, "period");
		if (period && cop_digest_period_parse(&temp.period, period) != COP_OK)
			luaL_error(L, "option period: no period is called '%s'",
				period);
		temp.since = cop_swig_lua_opt_time(L, $input, "since");
		temp.until = cop_swig_lua_opt_time(L, $input, "until");
		temp.limit = cop_swig_lua_opt_uint(L, $input, "limit");
		$1 = &temp;
	}
%}
/* An event's fields (cop_event_spec): {kind = name or int, title = s, body = s,
 * start = ms, ["end"] = ms, tz = s, place = s, url = s, capacity = n};
 * cop.lua fills it (Store:create_event). */
%{
static lua_Integer cop_swig_lua_opt_int(lua_State *L, int t, const char *key)
{
	lua_Integer v = 0;
	int isnum = 1;

	lua_getfield(L, t, key);
	if (!lua_isnil(L, -1))
		v = lua_tointegerx(L, -1, &isnum);
	lua_pop(L, 1);
	if (!isnum)
		luaL_error(L, "option %s: expected an integer", key);
	return v;
}
%}
%typemap(in, checkfn="lua_istable") const cop_event_spec *spec (cop_event_spec temp = COP_EVENT_SPEC_INIT) %{
	{
		static const char *const keys[] = { "kind", "title", "body",
			"start", "end", "tz", "place", "url", "capacity", NULL };
		lua_Integer cap;

		cop_swig_lua_opt_check(L, $input, "event", keys);
		lua_getfield(L, $input, "kind");
		if (lua_type(L, -1) == LUA_TSTRING) {
			if (cop_event_kind_parse(&temp.kind, lua_tostring(L, -1))
					!= COP_OK)
				luaL_error(L, "option kind: no event kind '%s'",
					lua_tostring(L, -1));
			lua_pop(L, 1);
		} else {
			lua_pop(L, 1);
			temp.kind = (cop_event_kind)cop_swig_lua_opt_uint(L, $input,
				"kind");
		}
		temp.title = cop_swig_lua_opt_str(L, $input, "title");
		temp.body = cop_swig_lua_opt_str(L, $input, "body");
		temp.start = (cop_time)cop_swig_lua_opt_int(L, $input, "start");
		temp.end = (cop_time)cop_swig_lua_opt_int(L, $input, "end");
		temp.tz = cop_swig_lua_opt_str(L, $input, "tz");
		temp.place = cop_swig_lua_opt_str(L, $input, "place");
		temp.url = cop_swig_lua_opt_str(L, $input, "url");
		cap = cop_swig_lua_opt_int(L, $input, "capacity");
		if (cap < INT_MIN || cap > INT_MAX)
			luaL_error(L, "option capacity: out of range");
		temp.capacity = (int)cap;
		$1 = &temp;
	}
%}
%typemap(check) const cop_page *page, const cop_open_options *opts,
	const cop_search_options *opts, const cop_import_options *opts,
	const cop_digest_options *opts, const cop_event_spec *spec "";

/* A text the library hands out (a digest rendered, iCalendar): a string,
 * the C text freed. */
%typemap(in, numinputs=0) char **out (char *temp = NULL) %{ $1 = &temp; %}
%typemap(argout) char **out %{
	if (result >= 0) {
		if (*$1)
			lua_pushstring(L, *$1);
		else
			lua_pushnil(L);
		SWIG_arg++;
	}
%}
%typemap(freearg) char **out %{ cop_text_dispose(*$1); %}

%{
#define lua_istable_or_nil(L, i) (lua_istable(L, i) || lua_isnoneornil(L, i))
%}

/* ---- files for the JSON calls ------------------------------------------------------ */

/* Lua has no file descriptors to give cop_export_json() and friends:
 * cop.lua opens a path, or takes an open Lua file's, with these.
 * Failures are nil, "reason", COP_EIO, as from any call; wrong arguments
 * raise. */
%{
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* copc.cop_swig_lua_fd_open(path, mode): a descriptor on path, mode "r"
 * (reading) or "x" (writing a new file, mode 0600: cop.lua writes a
 * document there and renames it over the path named); close-on-exec. */
static int cop_swig_lua_fd_open(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	const char *mode = luaL_checkstring(L, 2);
	int flags, fd;

	if (strcmp(mode, "r") == 0)
		flags = O_RDONLY | O_CLOEXEC;
	else if (strcmp(mode, "x") == 0)
		flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
	else
		return luaL_argerror(L, 2, "expected \"r\" or \"x\"");
	do
		fd = open(path, flags, 0600);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: %s", path, strerror(errno));
		lua_pushinteger(L, COP_EIO);
		return 3;
	}
	lua_pushinteger(L, fd);
	return 1;
}

/* copc.cop_swig_lua_fd_close(fd): true, or nil, reason, COP_EIO (a
 * failed close can be the last write failing). */
static int cop_swig_lua_fd_close(lua_State *L)
{
	lua_Integer fd = luaL_checkinteger(L, 1);

	luaL_argcheck(L, fd >= 0 && fd <= INT_MAX, 1, "not a file descriptor");
	if (close((int)fd) != 0 && errno != EINTR) {
		lua_pushnil(L);
		lua_pushstring(L, strerror(errno));
		lua_pushinteger(L, COP_EIO);
		return 3;
	}
	lua_pushboolean(L, 1);
	return 1;
}

/* copc.cop_swig_lua_fd_of(file): the descriptor of an open Lua file,
 * flushed first; it stays the file's.  nil, reason, COP_EIO when the
 * flush fails. */
static int cop_swig_lua_fd_of(lua_State *L)
{
	luaL_Stream *p = (luaL_Stream *)luaL_checkudata(L, 1, LUA_FILEHANDLE);

	if (!p->closef)
		return luaL_argerror(L, 1, "a closed file");
	if (fflush(p->f) != 0) {
		lua_pushnil(L);
		lua_pushstring(L, strerror(errno));
		lua_pushinteger(L, COP_EIO);
		return 3;
	}
	lua_pushinteger(L, fileno(p->f));
	return 1;
}
%}
%native(cop_swig_lua_fd_open) int cop_swig_lua_fd_open(lua_State *L);
%native(cop_swig_lua_fd_close) int cop_swig_lua_fd_close(lua_State *L);
%native(cop_swig_lua_fd_of) int cop_swig_lua_fd_of(lua_State *L);

/* ---- JSON documents as tables ----------------------------------------------------------- */

%{
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef COP_HAVE_JANSSON
#include <jansson.h>

/* Push the jansson value @p v as Lua: an object as a table of its keys,
 * an array as a sequence (from 1), null as copc.null (the light
 * userdata NULL), true and false, an integer, a real, a string. */
static void cop_swig_lua_push_json(lua_State *L, json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	luaL_checkstack(L, 3, "a JSON document nested too deep");
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		lua_createtable(L, 0, (int)json_object_size(v));
		json_object_foreach(v, key, item) {
			cop_swig_lua_push_json(L, item);
			lua_setfield(L, -2, key);
		}
		break;
	case JSON_ARRAY:
		lua_createtable(L, (int)json_array_size(v), 0);
		json_array_foreach(v, i, item) {
			cop_swig_lua_push_json(L, item);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	case JSON_STRING:
		lua_pushlstring(L, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		lua_pushinteger(L, (lua_Integer)json_integer_value(v));
		break;
	case JSON_REAL:
		lua_pushnumber(L, (lua_Number)json_real_value(v));
		break;
	case JSON_TRUE:
		lua_pushboolean(L, 1);
		break;
	case JSON_FALSE:
		lua_pushboolean(L, 0);
		break;
	default:
		lua_pushlightuserdata(L, NULL);
		break;
	}
}
#endif

/* copc.json_decode(text): the JSON document @p text (one the library
 * wrote) as a Lua table (cop_swig_lua_push_json), or nil, message, code
 * (COP_EINVAL: not JSON; COP_ENOTSUP: built without jansson). */
static int cop_swig_lua_json_decode(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
#ifdef COP_HAVE_JANSSON
	json_error_t err;
	json_t *doc = json_loadb(text, len, JSON_DECODE_ANY, &err);

	if (!doc)
		return cop_swig_lua_fail(L, COP_EINVAL, err.text);
	cop_swig_lua_push_json(L, doc);
	json_decref(doc);
	return 1;
#else
	(void)text;
	(void)len;
	return cop_swig_lua_fail(L, COP_ENOTSUP, "built without JSON");
#endif
}
%}
%native(cop_swig_lua_json_decode) int cop_swig_lua_json_decode(lua_State *L);

/* ---- the error table ------------------------------------------------------------------ */

%{
/* copc.errors: class name -> code and code -> class name, from
 * COP_ERROR_TABLE; copc.messages: code -> default message. */
static void cop_swig_lua_init_errors(lua_State *L)
{
	static const struct {
		int code;
		const char *cls, *msg;
	} codes[] = {
#define COP_SWIG_ROW(name, value, cls, msg) { value, cls, msg },
		COP_ERROR_TABLE(COP_SWIG_ROW)
#undef COP_SWIG_ROW
	};
	size_t i;

	lua_newtable(L);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		lua_pushinteger(L, codes[i].code);
		lua_setfield(L, -2, codes[i].cls);
		lua_pushstring(L, codes[i].cls);
		lua_rawseti(L, -2, codes[i].code);
	}
	lua_setfield(L, -2, "errors");
	lua_newtable(L);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		lua_pushstring(L, codes[i].msg);
		lua_rawseti(L, -2, codes[i].code);
	}
	lua_setfield(L, -2, "messages");
}
%}

%init %{
	/* The module table is at the top of the stack here. */
	cop_swig_lua_init_errors(L);
	/* copc.null: what a JSON null is in a decoded document. */
	lua_pushlightuserdata(L, NULL);
	lua_setfield(L, -2, "null");
%}

/* A mail message's bytes (cop_mail_ingest()): a Lua string, NULs and
 * all. */
%typemap(in, checkfn="lua_isstring") (const char *message, size_t len) %{
	$1 = (char *)lua_tolstring(L, $input, &$2);
%}

%include "cop.i"
