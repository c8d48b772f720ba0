/* expect.h: the expectations file (--expect): deviations a system is known
 * to have, so that a CI gate can pass on them while still seeing them. */
#ifndef IPCC_EXPECT_H
#define IPCC_EXPECT_H

#include <stddef.h>

#include "plan.h"

/* Reads FILE: one "GLOB reason" per line ('#' starts a comment); GLOB
 * matches a case id or a catalogue ID, as --filter does. Marks the matching
 * planned cases. Returns 0, or -1 with err. Lines that match no planned case
 * are named on stderr. */
int ipcc_expect_load(const char *path, struct ipcc_plan *plan, char *err, size_t errsize);
/* Frees what ipcc_expect_load kept for the plan's cases. */
void ipcc_expect_free(void);

#endif
