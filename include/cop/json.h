/** @file
 * libcop: a whole community as one JSON document, out and in
 * (docs/json.md).  Needs jansson: a build without it answers
 * COP_ENOTSUP.
 */
#ifndef COP_JSON_H
#define COP_JSON_H

#include "common.h"
#include "errors.h"
#include "import.h"

COP_BEGIN_DECL

/**
 * Write everything a community holds that the actor may see (the
 * community, its members' public profiles and memberships, threads,
 * contributions and their revisions, links, votes, accepted answers,
 * kudos, the reputation ledger, standings, badges, import source ids and
 * configuration) as one JSON document to the file descriptor @p fd,
 * streamed one record per line, in format 2 (enumerations by name,
 * times as RFC 3339 UTC text; docs/json.md, docs/json-schema-2.json).
 * Hidden threads, and everything hanging on them, are written only for
 * facilitators, owners and the system.  The output is deterministic: exporting, importing
 * into an empty store (of either backend) and exporting again gives the
 * same bytes.  The records are read in pages outside a transaction: a
 * store written to meanwhile may give a document mixing before and
 * after.
 * @param community  id or slug.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM,
 *         COP_EIO (also when writing to @p fd fails), COP_ECORRUPT (a
 *         stored text that is not UTF-8, a time outside years 1970 to
 *         9999, a value with no name).
 */
COP_EXTERN(cop_status) cop_export_json(cop_store *store, const char *community,
	int fd);

/**
 * Import a document written by cop_export_json() (format 2, or format
 * 1 as earlier versions wrote it) from @p fd, keeping its
 * ids and times, in one transaction, as the system (the store's actor
 * must be the system).  Works across backends.  Members already in the
 * store (same id) are kept as they are.  The document is read one
 * record at a time (memory stays bounded; no record may exceed 4 MiB).
 * Period totals are rebuilt from the ledger; when the document is a
 * partial view (exported by a member who could not see everything), the
 * counters that disagree with it are repaired as cop_verify() would, so
 * a later verification finds nothing.  Contributions are indexed for
 * search.  @p opts->community imports under another slug (the ids stay,
 * so a community cannot be imported twice into one store).
 * @param out  receives the counts (may be NULL); filled on success.
 * @return COP_OK, COP_EINVAL (bad arguments or slug), COP_EPERM (an
 *         actor is set), COP_EEXISTS (the community's id or slug, another
 *         record's id, or a handle taken by another member),
 *         COP_EFORMAT (not a libcop document, another version, malformed
 *         JSON, invalid UTF-8, a missing or invalid field, a record
 *         naming a thread or contribution the document does not hold, a
 *         record the API would refuse: an author without a membership
 *         in the community, a vote on one's own contribution, kudos to
 *         oneself, a contribution replying to itself;
 *         the message gives the line, and the column where jansson
 *         gives one), COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO
 *         (also when reading @p fd fails).  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_import_json(cop_import_report *out, cop_store *store,
	int fd, const cop_import_options *opts);

COP_END_DECL

#endif /* COP_JSON_H */
