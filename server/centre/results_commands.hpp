#pragma once
// craftmark-centre staff add | staff list | results | qualifications
#include "server/centre/package_commands.hpp"

namespace craftmark::centre {

void add_results_commands(CLI::App& app, centre_cli& cli);

} // namespace craftmark::centre
