#pragma once
// A consistent copy of a data folder while the server runs, and its checked restore.
#include <filesystem>
#include <functional>
#include <string>

namespace craftmark::cli {

struct backup_report {
    std::size_t files = 0;
    std::uintmax_t bytes = 0;
    std::int64_t audit_entries = 0;
};

/// Copies `data` into the new folder `destination`: the database through SQLite's online
/// backup API (a consistent snapshot, taken while the server writes), then uploads, checkers,
/// the certificate PKI, the published files and the TLS files, private keys encrypted under
/// `passphrase`; last a manifest of every file's SHA-256, authenticated with a key derived
/// from the passphrase. `progress` hears each step.
backup_report make_backup(std::filesystem::path const& data,
                          std::filesystem::path const& destination,
                          std::string const& passphrase,
                          std::string const& actor,
                          std::function<void(std::string const&)> const& progress);

/// Checks `source` (manifest, passphrase, every file's digest, the database's audit chain)
/// and only then writes the restored data folder `destination`, which must not exist yet.
/// Throws, having written nothing, when any check fails.
backup_report restore_backup(std::filesystem::path const& source,
                             std::filesystem::path const& destination,
                             std::string const& passphrase,
                             std::function<void(std::string const&)> const& progress);

} // namespace craftmark::cli
