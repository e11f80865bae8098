#pragma once
#include "client/terminal/exam_client.hpp"

namespace craftmark::client {

/// The full-screen exam terminal (ncursesw): sign-in, lobby, the paper with its navigator and
/// countdown, submit confirmation and the final screen. Returns the process exit code.
int run_screen(exam_options options);

} // namespace craftmark::client
