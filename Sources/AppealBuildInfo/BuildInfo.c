#include "AppealBuildInfo.h"

#ifndef APPEALPRESS_COMMIT
#define APPEALPRESS_COMMIT "unknown"
#endif

const char *appealpress_commit(void) { return APPEALPRESS_COMMIT; }
