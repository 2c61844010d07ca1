-- luarocks make: the cop module built against the libcop installed on
-- this machine (found with pkg-config: the libcop-dev package, or `make
-- install`), its wrapper generated with SWIG 4 at build time, the way
-- bindings/bindings.am generates it in the source tree's build.  From
-- bindings/lua:  luarocks --lua-version 5.4 make cop-0.1.0-1.rockspec
rockspec_format = "3.0"
package = "cop"
version = "0.1.0-1"
source = {
   url = "git+https://example.invalid/libcop.git",
   tag = "v0.1.0",
}
description = {
   summary = "libcop from Lua: the machinery of a community of practice",
   detailed = [[
      Members, communities, threads, contributions, recognition and
      moderation on an embedded SQLite file or a PostgreSQL server,
      through libcop (bindings/README.md).
   ]],
   homepage = "https://example.invalid/libcop",
   license = "not chosen yet (see debian/copyright)",
}
dependencies = {
   "lua >= 5.4, < 5.5",
}
external_dependencies = {
   COP = { header = "cop/cop.h", library = "cop" },
}
build = {
   type = "command",
   -- Shell command substitution with backquotes: $(NAME) is LuaRocks'.
   build_command = [[
set -e
inc=`pkg-config --variable=includedir cop`
rm -rf swig-out && mkdir -p swig-out/include
cp -r "$inc/cop" swig-out/include/
for h in `sed -n 's/^#include "\([a-z0-9_/]*\.h\)".*/\1/p' "$inc/cop/cop.h"`; do
   cat "$inc/cop/$h"
done | sed -n 's/^COP_EXTERN(void) *\(cop_[a-z0-9_]*\)_free *( *\1 *\*.*/COP_OBJECT(\1, \1_free)/p' >swig-out/cop_objects.i
swig -lua -includeall -ignoremissing -w201 -Iswig-out/include -I.. -Iswig-out -o swig-out/cop_lua_wrap.c cop_lua.i
$(CC) $(CFLAGS) -I$(LUA_INCDIR) `pkg-config --cflags cop` $(LIBFLAG) -o copc.so swig-out/cop_lua_wrap.c `pkg-config --libs cop`
]],
   install = {
      lua = { cop = "cop.lua" },
      lib = { copc = "copc.so" },
   },
}
