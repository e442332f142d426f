#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include "CSQLiteSession.h"

outpost_session *outpost_session_start(struct sqlite3 *db, const char *const *tables, int count, int *rc) {
    sqlite3_session *session = 0;
    *rc = sqlite3session_create(db, "main", &session);
    if (*rc != SQLITE_OK) return 0;
    for (int i = 0; i < count; i++) {
        *rc = sqlite3session_attach(session, tables[i]);
        if (*rc != SQLITE_OK) {
            sqlite3session_delete(session);
            return 0;
        }
    }
    return (outpost_session *)session;
}

int outpost_session_changeset(outpost_session *session, int *size, void **bytes) {
    return sqlite3session_changeset((sqlite3_session *)session, size, bytes);
}

void outpost_session_end(outpost_session *session) {
    sqlite3session_delete((sqlite3_session *)session);
}

static int replace_on_conflict(void *context, int conflict, sqlite3_changeset_iter *iterator) {
    (void)context;
    (void)iterator;
    return (conflict == SQLITE_CHANGESET_DATA || conflict == SQLITE_CHANGESET_CONFLICT)
        ? SQLITE_CHANGESET_REPLACE : SQLITE_CHANGESET_OMIT;
}

int outpost_changeset_apply(struct sqlite3 *db, int size, const void *bytes) {
    /* sqlite3changeset_apply only reads the changeset. */
    return sqlite3changeset_apply(db, size, (void *)bytes, 0, replace_on_conflict, 0);
}

int outpost_changesets_combine(int count, const int *sizes, void *const *changesets, int *size, void **bytes) {
    sqlite3_changegroup *group = 0;
    int rc = sqlite3changegroup_new(&group);
    if (rc != SQLITE_OK) return rc;
    for (int i = 0; i < count && rc == SQLITE_OK; i++) {
        rc = sqlite3changegroup_add(group, sizes[i], changesets[i]);
    }
    if (rc == SQLITE_OK) rc = sqlite3changegroup_output(group, size, bytes);
    sqlite3changegroup_delete(group);
    return rc;
}

void outpost_session_free(void *bytes) {
    sqlite3_free(bytes);
}
