#pragma once
// `craftmark cert register` as files a clerk opens in Excel: CSV (UTF-8 with a byte-order mark,
// so Excel reads Chinese names) and .xlsx (libxlsxwriter; every cell a string, never a formula).
#include "server/certificates/register.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace craftmark::cli {

std::string register_csv(std::vector<certificates::register_entry> const& entries);

/// Throws std::runtime_error naming the file when it cannot be written.
void write_register_xlsx(std::vector<certificates::register_entry> const& entries,
                         std::filesystem::path const& file);

} // namespace craftmark::cli
