#pragma once
// Candidates' photos, kept by national ID: the person's, whichever sitting brought it.
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::store {

struct stored_photo {
    std::string media_type; // image/jpeg or image/png
    std::string bytes;
    std::string sha256; // hex
};

struct photo_for {
    std::string national_id;
    stored_photo photo;
};

/// Stores the photos (replacing a person's earlier one) in one transaction with one audit
/// entry naming the sitting they came with and how many there were.
void add_photos(SQLite::Database& db,
                std::string const& sitting_id,
                std::vector<photo_for> const& photos,
                std::string const& actor);

std::optional<stored_photo> photo_of(SQLite::Database& db, std::string const& national_id);

/// The national IDs of a sitting's candidates who have a photo.
std::set<std::string> photographed(SQLite::Database& db, std::string const& sitting_id);

} // namespace craftmark::store
