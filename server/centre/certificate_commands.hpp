#pragma once
// craftmark-centre certificates init | issue | register | revoke | suspend | reinstate
//
// The centre's issuing office is a Craftmark issuing data folder of its own (<data>/issuing):
// the same signing keys, numbering, status lists and published files as a venue's, through the
// same code (server/certificates), so a certificate issued at the centre is verified exactly
// like one issued at a venue — static signed files any web server serves, no database lookup.
// What it certifies comes from PostgreSQL: the qualifications people hold over every venue's
// results; and the register goes back there (store/postgres/centre_certificates), where each
// organisation sees its members' certificates. The bureau's staff issue and revoke.
#include "server/centre/package_commands.hpp"

namespace craftmark::centre {

void add_certificate_commands(CLI::App& app, centre_cli& cli);

} // namespace craftmark::centre
