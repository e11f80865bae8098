#pragma once
// A server with a practical sitting ready for marking: the CNC marking scheme, the checker,
// examiners j1–j4 (j4 from P001's college) and a chief examiner, and helpers that mark.
#include "tests/integration/fixture.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace craftmark::testing {

nlohmann::json file_json(std::string const& path);

// Every frame an examiner's connection receives, for the blind-marking check.
struct recorded {
    std::unique_ptr<client::connection> c;
    std::vector<std::string> frames;
    protocol::incoming call(std::string const& type, nlohmann::json body);
};

struct marking_server : test_server {
    std::map<std::string, std::string> practical = seed_practical(dir.path, clock.now() - 60'000);
    std::map<std::string, recorded> staff_;

    marking_server();
    /// The examiner `user`'s connection (signed in on first use).
    recorded& as(std::string const& user);
};

/// `ticket` signs in, opens the paper, uploads `program` as T1's O1000.nc (unless it is empty)
/// and submits; returns the connection, still open.
std::unique_ptr<client::connection>
hand_in(marking_server& s, std::string const& ticket, std::string const& program = "");

/// `who` enter every aspect of a work that is still empty: judges score each judgement aspect
/// `score` (or `scores[aspect]` where given); the first of them enters each measurement at
/// full marks (or `measured[aspect]`). The chief examiner then locks it (when `lock`).
void mark_fully(marking_server& s,
                std::string const& code,
                std::vector<std::string> const& who,
                int score,
                std::map<std::string, int> const& scores = {},
                std::map<std::string, nlohmann::json> const& measured = {},
                bool lock = true);

std::vector<nlohmann::json> queue_of(marking_server& s, std::string const& user);

} // namespace craftmark::testing
