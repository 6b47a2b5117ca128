#ifndef APPEALBUILDINFO_H
#define APPEALBUILDINFO_H
/// The git commit the binary was built from (`Context.gitInformation` in Package.swift), with
/// `-dirty` when the work tree had uncommitted changes, or "unknown" outside a git checkout.
const char *appealpress_commit(void);
#endif
