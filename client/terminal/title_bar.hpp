#pragma once
#include "client/terminal/exam_client.hpp"

namespace craftmark::client {

/// Row 0 of every exam screen: sitting, candidate, `place_label` (seat or station) and the
/// countdown from the server's clock (frozen and marked while paused; red under 5 minutes).
void draw_title_bar(nlohmann::json const& view,
                    exam_client::status const& s,
                    std::string const& place_label);

/// The whole screen while a proctor has paused the attempt: nothing of the paper shows.
void draw_paused(nlohmann::json const& view, exam_client::status const& s);

} // namespace craftmark::client
