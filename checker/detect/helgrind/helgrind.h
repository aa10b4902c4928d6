/* Valgrind Helgrind: its XML (protocol 4) turned into findings, and the detector that runs it. */
#ifndef RACELAB_HELGRIND_H
#define RACELAB_HELGRIND_H

#include <stdbool.h>
#include <stddef.h>

#include "detect/detector.h"
#include "model/error.h"
#include "model/findings.h"

/*
 * Parses a complete Helgrind XML document (valgrind --tool=helgrind --xml=yes) and appends one
 * finding per reported error, located at the first frame in one of src's files (src may be NULL:
 * then any frame outside the system libraries and Valgrind counts), else at the first frame that
 * names a file. Every finding carries TOOL(HELGRIND); threads are named as TSan names them
 * ("main" for Helgrind's thread #1, "T<n-1>" for thread #n).
 *
 * Mapping: Race -> data-race (the access and the conflicting previous access); LockOrder ->
 * lock-order-inversion (the violating acquisition, the acquisitions that set the order);
 * UnlockUnlocked, UnlockForeign, UnlockBogus, PthAPIerror and Misc -> lock-misuse, except the
 * Misc reports documented in helgrind_parse.c that are not bugs (a condition variable signalled
 * without its mutex, the main thread exiting with a lock held), which are dropped, and a failed
 * pthread_create, which is resource-limit.
 *
 * The document must have the root valgrindoutput, protocolversion 4 and protocoltool helgrind, and
 * no DOCTYPE; anything else, a malformed or a truncated document, or an empty one is RL_ERR_PARSE
 * with d set, and then out is left as it was. Input is untrusted: sizes, depth and counts are
 * bounded, strings are cleaned of control characters. Thread-safe (no shared state).
 */
enum rl_err helgrind_parse_xml(const char *xml, size_t len, const struct source_set *src,
			       struct finding_list *out, struct diag *d);

/*
 * The same for the file of a run that was stopped before Valgrind could finish it: a document cut
 * short is accepted, every error written completely before the cut is kept, and *complete says
 * whether the document was whole. The header (root, protocol 4, tool helgrind) must have been
 * read in full, and a document malformed before the cut is still RL_ERR_PARSE (out untouched).
 */
enum rl_err helgrind_parse_xml_partial(const char *xml, size_t len, const struct source_set *src,
				       struct finding_list *out, bool *complete,
				       struct diag *d);

/*
 * One process's document, as helgrind_parse_xml_partial reads it, with what it says of itself:
 * Valgrind writes one per process when its file name has %p (the program's and each forked
 * child's), each with the process's pid and its parent's (0 when the document does not say).
 */
struct hg_doc {
	bool complete;
	long pid, ppid;
};
enum rl_err helgrind_parse_xml_doc(const char *xml, size_t len, const struct source_set *src,
				   struct finding_list *out, struct hg_doc *doc, struct diag *d);

/*
 * True when the (possibly still growing) document holds a complete report of a thread locking a
 * non-recursive mutex it already holds: from then on the program can only hang, so a run may be
 * stopped early. False for anything else, garbage included.
 */
bool helgrind_xml_has_relock(const char *xml, size_t len);

#endif
