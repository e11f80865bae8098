// Fuzz target: workbooks from anyone. Any bytes either read as sheets within the limits or are
// refused with std::invalid_argument; every bank item a sheet yields is usable, and a roster
// either yields candidates or says why not.
#include "server/core/bank/bank_workbook.hpp"
#include "server/core/proctoring/roster.hpp"
#include "shared/sheet/xlsx.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark;
    sheet::read_limits limits;
    limits.part_bytes = 1 << 20; // small caps keep each run fast; the logic is the same
    limits.total_bytes = 4 << 20;
    limits.rows = 2'000;
    std::vector<sheet::table> tables;
    try {
        tables = sheet::read_xlsx({reinterpret_cast<char const*>(data), size}, limits);
    } catch (std::invalid_argument const&) {
        return 0;
    }
    for (auto const& t : tables) {
        if (t.rows.size() > limits.rows) std::abort();
        for (auto const& row : t.rows)
            if (row.cells.size() > limits.columns) std::abort();
        if (core::is_bank_table(t))
            for (auto const& it : core::read_bank_table(t, "fuzz.xlsx", "fuzz").items)
                if (!core::validate(it).empty()) std::abort(); // kept an unusable item
        try {
            (void)core::read_roster(t.rows, "row");
        } catch (std::invalid_argument const&) {
        }
    }
    return 0;
}
