#pragma once
#include "client/terminal/exam_client.hpp"

#include <functional>

namespace craftmark::client {

/// Row 0 of every exam screen: sitting, candidate, `place_label` (seat or station) and the
/// countdown from the server's clock (frozen and marked while paused; red under 5 minutes).
void draw_title_bar(protocol::session_view const& view,
                    exam_client::status const& s,
                    std::string const& place_label);

/// Draws the pause screen while a proctor has paused the attempt — nothing of the paper shows,
/// so a paused candidate gets no time to read that the others do not — and `draw` otherwise.
/// True while paused: keys then do nothing.
bool draw_unless_paused(protocol::session_view const& view,
                        exam_client::status const& s,
                        std::string const& place_label,
                        std::function<void()> const& draw);

} // namespace craftmark::client
