/*
 * fakebe.h: a small in-memory backend for tests of what the core does
 * with a backend (core.c), after libgit2's fake ODB backends.
 *
 * It has only the methods every version requires (interface version 1):
 * records live in a list in memory, get() and insert() honour the keys
 * and unique keys, list() gives rows in insertion order with the parent
 * filters but no keyset bounds or visibility, search() finds nothing,
 * and rollback() undoes nothing (the tests never rely on it).  It counts
 * the calls it gets.
 */
#ifndef COP_TESTS_FAKEBE_H
#define COP_TESTS_FAKEBE_H

#include "cop/cop.h"
#include "cop/sys/backend.h"

/** A new fake reporting interface version @p version (its free() frees
 *  it; each free adds one to fakebe_freed). */
cop_backend *fakebe_new(unsigned int version);

/** Fakes freed so far, in this process. */
extern int fakebe_freed;

/** get() calls for records of @p kind so far. */
long fakebe_gets(cop_backend *be, cop_rec_kind kind);

/**
 * Fill in the methods of later interface versions (rop, thread_access)
 * with traps that count their calls: a store over a version-1 fake must
 * never call them.
 */
void fakebe_set_traps(cop_backend *be);

/** Calls of the traps so far. */
long fakebe_trapped(cop_backend *be);

#endif
