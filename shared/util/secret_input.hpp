#pragma once
// A password for a command line program: from a file (its first line), or typed at the
// terminal without being echoed.
#include <filesystem>
#include <string>

namespace craftmark::util {

/// The password in `file`, or, when `file` is empty, one line from standard input, not echoed
/// when it is a terminal (asking "password for ACCOUNT:"); without its line end.
std::string read_secret(std::filesystem::path const& file, std::string const& account);

} // namespace craftmark::util
