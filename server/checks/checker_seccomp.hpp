#pragma once
// The system-call filter a checker runs under, compiled with libseccomp for bubblewrap's
// `--seccomp FD`.

namespace craftmark::checks {

/// A memory file (not closed on exec) holding the filter as a BPF program, read from its start:
/// network sockets, tracing, mounting, new namespaces, kernel keyrings, BPF, io_uring, modules,
/// the clock and terminal injection are refused with an error; everything else is allowed.
/// Throws std::runtime_error when libseccomp cannot build it.
int checker_seccomp_filter();

} // namespace craftmark::checks
