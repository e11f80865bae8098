#pragma once
// `craftmark cert register` as files a clerk opens in Excel, CSV or .xlsx.
#include "server/certificates/register.hpp"
#include "shared/sheet/table.hpp"

#include <string>
#include <vector>

namespace craftmark::cli {

/// The register as a table, for CSV and Excel (see write_table).
sheet::table register_table(std::vector<certificates::register_entry> const& entries);

} // namespace craftmark::cli
