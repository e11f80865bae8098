#pragma once
#include "client/terminal/exam_client.hpp"

namespace craftmark::client {

/// The practical component's screen: task sheets, the countdown, each task's hand-in folder
/// (<hand_in>/<task id>/) with what was received, uploads with progress, and the receipts.
/// Runs until the attempt is closed; returns the submit reply (nothing after the deadline).
/// Needs an active curses session.
std::optional<protocol::submitted> run_practical_screen(exam_client& exam,
                                                        protocol::session_view const& view,
                                                        protocol::paper const& paper,
                                                        std::filesystem::path const& hand_in);

} // namespace craftmark::client
