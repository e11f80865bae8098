#pragma once
// What the centre sends a venue before an exam day: its sittings, their rosters and their
// papers, and — at each sitting's start — the key that opens the paper.
//
// Two layers keep a paper shut. The whole package is encrypted to the venue's certificate, so
// no other venue (nor anyone who copies the USB stick) can read it; inside, each sitting's paper
// (its banks) is sealed once more under a key of its own (AES-256-GCM, bound to the venue and
// the sitting), which the centre gives only at the start. A venue holding the package can put
// candidates in their seats and check them in, but cannot read a question before then.
//
// What travels is a letter: a small JSON text naming its venue, signed by the centre (a
// detached CMS signature beside it, as outbox segments are) and holding the encrypted contents:
//
//   {"format": "craftmark-venue-package/1", "venue": "east", "about": "sittings s1 (…)",
//    "sealed": "<base64 of CMS AuthEnvelopedData to the venue>"}
//
// The package's contents, once opened:
//
//   {"venue": "east", "venue_name": "…", "made_at": "…",
//    "sittings": [{"sitting": {…}, "assessment": {…}, "candidates": [{…}, …],
//                  "paper": "<base64 of the AES-256-GCM box of the banks>"}, …]}
//
// and a paper key's: {"venue": "east", "sitting": "s1", "key": "<base64 of 32 bytes>"}.
#include "server/core/records.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

inline constexpr char venue_package_format[] = "craftmark-venue-package/1";
inline constexpr char paper_key_format[] = "craftmark-paper-key/1";

/// A signed, encrypted message from the centre to one venue.
struct sealed_letter {
    std::string format; // venue_package_format or paper_key_format
    std::string venue;
    std::string about;  // for people: what it holds (the sittings, or the sitting the key opens)
    std::string sealed; // the encrypted contents (DER bytes)
};

std::string letter_text(sealed_letter const& letter);
/// Throws std::invalid_argument when `text` is not a letter of `format`.
sealed_letter parse_letter(std::string_view text, std::string_view format);

struct packaged_sitting {
    sitting_record sitting;
    nlohmann::json assessment; // the assessment document, as `craftmark assessment add` reads it
    std::vector<candidate_record> candidates; // ticket, name, national id, seat, organisation
    std::string paper;                        // the banks, sealed under the sitting's paper key
};

struct venue_package {
    std::string venue, made_at;
    std::vector<packaged_sitting> sittings;
    std::string venue_name; // as candidates see it on their sittings ("" shows the id)
};

std::string package_contents_text(venue_package const& package);
/// Throws std::invalid_argument naming what is wrong.
venue_package parse_package_contents(std::string_view text);

struct paper_key {
    std::string venue, sitting;
    std::string key; // 32 bytes
};

std::string paper_key_text(paper_key const& key);
paper_key parse_paper_key(std::string_view text);

/// What a paper's seal is bound to: opening it under another venue's or sitting's name fails
/// even with the right key.
std::string paper_binding(std::string const& venue, std::string const& sitting);

/// The banks of a paper as sealed (a JSON list of bank documents) and back.
std::string paper_text(std::vector<nlohmann::json> const& banks);
std::vector<nlohmann::json> parse_paper(std::string_view text);

} // namespace craftmark::core
