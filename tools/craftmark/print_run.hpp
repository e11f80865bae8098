#pragma once
// What `craftmark cert issue` hands the centre's printer: each holder's signed PDF, and on
// request the whole batch as one file in seat order.
#include "server/certificates/issuer.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace craftmark::cli {

struct print_run_request {
    std::string sitting;
    std::optional<std::string> ticket; // only this candidate's certificate
    std::filesystem::path pdf_dir;     // NUMBER.pdf for each certificate
    std::filesystem::path print_file;  // one PDF of the batch; empty: none
};

/// Writes the PDFs of the sitting's certificates in force (revoked and suspended ones are left
/// out: a centre must not print them) and returns how many.
std::size_t write_print_run(certificates::issuer& issuer,
                            print_run_request const& request,
                            certificates::progress_callback const& progress);

} // namespace craftmark::cli
