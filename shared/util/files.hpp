#pragma once
// Reading and writing whole files.
#include <filesystem>
#include <optional>
#include <string>

namespace craftmark::util {

/// The whole file, or nullopt when it cannot be opened.
std::optional<std::string> try_read_file(std::filesystem::path const& path);
/// The whole file; throws std::runtime_error naming it when it cannot be read.
std::string read_file(std::filesystem::path const& path);

enum class file_kind {
    secret,      // owner-only (0600) before any byte is written, synced
    durable,     // world-readable, synced
    regenerable, // world-readable, not synced: can be rebuilt from the database
};

/// Writes through a temporary file and a rename, so readers see the old or the new file whole.
void write_file_atomically(std::filesystem::path const& path,
                           std::string const& bytes,
                           file_kind kind = file_kind::durable);

} // namespace craftmark::util
