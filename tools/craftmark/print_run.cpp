#include "tools/craftmark/print_run.hpp"

#include "server/certificates/pdf.hpp"
#include "shared/util/files.hpp"

#include <algorithm>

namespace craftmark::cli {

std::size_t write_print_run(certificates::issuer& issuer,
                            print_run_request const& request,
                            certificates::progress_callback const& progress) {
    std::vector<certificates::certificate_row> rows;
    for (auto& row : issuer.list(request.sitting))
        if (row.status == "active" && (!request.ticket || row.ticket == *request.ticket))
            rows.push_back(std::move(row));
    // Seats as the proctor's console orders them, so the pile matches the room's.
    std::stable_sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) {
        return a.seat != b.seat ? a.seat < b.seat : a.number < b.number;
    });
    std::filesystem::create_directories(request.pdf_dir);
    std::vector<certificates::printable_certificate> batch;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto record = issuer.record(rows[i].id);
        util::write_file_atomically(request.pdf_dir / (rows[i].number + ".pdf"),
                                    util::read_file(record / "certificate.pdf"),
                                    util::file_kind::regenerable);
        if (!request.print_file.empty())
            batch.push_back(certificates::printable_from_record(record));
        if (progress) progress(i + 1, rows.size());
    }
    if (!batch.empty()) {
        if (request.print_file.has_parent_path())
            std::filesystem::create_directories(request.print_file.parent_path());
        util::write_file_atomically(request.print_file, certificates::render_print_run(batch),
                                    util::file_kind::regenerable);
    }
    return rows.size();
}

} // namespace craftmark::cli
