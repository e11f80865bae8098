#pragma once
// The holder's PDF made self-proving: the signed credential embedded as attachments, then a PAdES
// signature (ETSI EN 319 142-1 baseline B, SubFilter ETSI.CAdES.detached) over the whole file.
#include "server/certificates/pdf.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace craftmark::certificates {

std::string attach_and_sign(std::string const& pdf,
                            std::vector<std::filesystem::path> const& attachments,
                            pdf_signer const& signer);

} // namespace craftmark::certificates
