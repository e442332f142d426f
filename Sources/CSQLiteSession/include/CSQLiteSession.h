#ifndef OUTPOST_CSQLITESESSION_H
#define OUTPOST_CSQLITESESSION_H

/* SQLite's session extension, for the benchmark's changeset baseline.
 *
 * Debian's sqlite3.h declares the session API only when SQLITE_ENABLE_SESSION and
 * SQLITE_ENABLE_PREUPDATE_HOOK are defined before it is included; the library has it. These
 * wrappers include it that way in session.c, so no other module sees a second sqlite3.h. */

struct sqlite3;
typedef struct outpost_session outpost_session;

/* Starts recording the changes made through `db` to the `count` tables named. Returns NULL and
 * sets *rc on failure. */
outpost_session *outpost_session_start(struct sqlite3 *db, const char *const *tables, int count, int *rc);

/* The changeset recorded so far; free *bytes with outpost_session_free. */
int outpost_session_changeset(outpost_session *session, int *size, void **bytes);

void outpost_session_end(outpost_session *session);

/* Applies a changeset; conflicting rows are replaced (a data conflict keeps the changeset's value). */
int outpost_changeset_apply(struct sqlite3 *db, int size, const void *bytes);

/* One changeset with the net effect of `count` changesets applied in order (sqlite3changegroup);
 * free *bytes with outpost_session_free. */
int outpost_changesets_combine(int count, const int *sizes, void *const *changesets, int *size, void **bytes);

void outpost_session_free(void *bytes);

#endif
