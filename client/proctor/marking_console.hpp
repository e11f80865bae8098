#pragma once
#include "client/proctor/console.hpp"

#include <nlohmann/json.hpp>

namespace craftmark::client {

/// The marking mode: the queue of a sitting's practical works (by code), and the marking form of
/// one work — each aspect's entry, vetoes, overtime, comments, downloads — and the chief
/// examiner's lock. `staff` is the signed-in examiner. Returns the process exit code.
int run_marking_console(connection& c,
                        protocol::staff_session const& staff,
                        proctor_options const& options);

} // namespace craftmark::client
