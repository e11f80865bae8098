#include "server/core/centre/venue_package.hpp"

#include "server/core/centre/outbox_segment.hpp"
#include "shared/crypto/base64.hpp"

#include <stdexcept>

namespace craftmark::core {

using nlohmann::json;

namespace {

json parse_object(std::string_view text, std::string const& what) {
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw std::invalid_argument(what + " is not a JSON object");
    return j;
}

std::string text_field(json const& j, char const* name, std::string const& where) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string())
        throw std::invalid_argument(where + ": \"" + name + "\" must be a string");
    return it->get<std::string>();
}

std::string optional_text(json const& j, char const* name, std::string const& where) {
    return j.contains(name) ? text_field(j, name, where) : std::string();
}

std::int64_t number_field(json const& j, char const* name, std::string const& where) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0)
        throw std::invalid_argument(where + ": \"" + name + "\" must be a whole number ≥ 0");
    return it->get<std::int64_t>();
}

std::string bytes_field(json const& j, char const* name, std::string const& where) {
    auto bytes = crypto::base64_decode(text_field(j, name, where));
    if (!bytes) throw std::invalid_argument(where + ": \"" + name + "\" is not base64");
    return *bytes;
}

json const& list_field(json const& j, char const* name, std::string const& where) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_array())
        throw std::invalid_argument(where + ": \"" + name + "\" must be a list");
    return *it;
}

json sitting_json(sitting_record const& s) {
    return {{"id", s.id},         {"assessment", s.assessment_id}, {"title", s.title},
            {"room", s.room},     {"starts_at", s.starts_at},      {"duration_ms", s.duration_ms},
            {"review", s.review}, {"checkin", s.checkin},          {"delivery", s.delivery}};
}

sitting_record read_sitting(json const& j, std::string const& where) {
    if (!j.is_object()) throw std::invalid_argument(where + ": \"sitting\" must be an object");
    sitting_record s;
    s.id = text_field(j, "id", where);
    check_venue_id(s.id, where + ": sitting id");
    s.assessment_id = text_field(j, "assessment", where);
    s.title = optional_text(j, "title", where);
    s.room = optional_text(j, "room", where);
    s.starts_at = number_field(j, "starts_at", where);
    s.duration_ms = number_field(j, "duration_ms", where);
    s.review = optional_text(j, "review", where);
    s.checkin = text_field(j, "checkin", where);
    s.delivery = text_field(j, "delivery", where);
    return s;
}

json candidate_json(candidate_record const& c) {
    return {{"ticket", c.ticket},
            {"name", c.name},
            {"national_id", c.national_id},
            {"seat", c.seat},
            {"organisation", c.organisation},
            {"romanised_name", c.romanised_name}};
}

candidate_record read_candidate(json const& j, std::string const& where) {
    if (!j.is_object()) throw std::invalid_argument(where + " must be an object");
    candidate_record c;
    c.ticket = text_field(j, "ticket", where);
    if (c.ticket.empty()) throw std::invalid_argument(where + ": the ticket is empty");
    c.name = text_field(j, "name", where);
    c.national_id = text_field(j, "national_id", where);
    c.seat = optional_text(j, "seat", where);
    c.organisation = optional_text(j, "organisation", where);
    c.romanised_name = optional_text(j, "romanised_name", where);
    return c;
}

} // namespace

std::string letter_text(sealed_letter const& letter) {
    return json{{"format", letter.format},
                {"venue", letter.venue},
                {"about", letter.about},
                {"sealed", crypto::base64_encode(letter.sealed)}}
        .dump();
}

sealed_letter parse_letter(std::string_view text, std::string_view format) {
    auto j = parse_object(text, "the file");
    sealed_letter letter;
    letter.format = text_field(j, "format", "the file");
    if (letter.format != format)
        throw std::invalid_argument("the file is a \"" + letter.format + "\", not a \"" +
                                    std::string(format) + "\"");
    letter.venue = text_field(j, "venue", "the file");
    check_venue_id(letter.venue);
    letter.about = optional_text(j, "about", "the file");
    letter.sealed = bytes_field(j, "sealed", "the file");
    return letter;
}

std::string package_contents_text(venue_package const& package) {
    json sittings = json::array();
    for (auto const& p : package.sittings) {
        json candidates = json::array();
        for (auto const& c : p.candidates) candidates.push_back(candidate_json(c));
        sittings.push_back({{"sitting", sitting_json(p.sitting)},
                            {"assessment", p.assessment},
                            {"candidates", std::move(candidates)},
                            {"paper", crypto::base64_encode(p.paper)}});
    }
    return json{{"venue", package.venue},
                {"venue_name", package.venue_name},
                {"made_at", package.made_at},
                {"sittings", sittings}}
        .dump();
}

venue_package parse_package_contents(std::string_view text) {
    auto j = parse_object(text, "the package");
    venue_package package;
    package.venue = text_field(j, "venue", "the package");
    check_venue_id(package.venue);
    package.made_at = optional_text(j, "made_at", "the package");
    package.venue_name = optional_text(j, "venue_name", "the package");
    auto const& sittings = list_field(j, "sittings", "the package");
    for (std::size_t i = 0; i < sittings.size(); ++i) {
        auto where = "the package's sitting " + std::to_string(i + 1);
        auto const& s = sittings[i];
        if (!s.is_object()) throw std::invalid_argument(where + " must be an object");
        packaged_sitting p;
        p.sitting = read_sitting(s.contains("sitting") ? s["sitting"] : json(), where);
        p.sitting.venue = package.venue_name.empty() ? package.venue : package.venue_name;
        where = "sitting " + p.sitting.id;
        auto a = s.find("assessment");
        if (a == s.end() || !a->is_object())
            throw std::invalid_argument(where + ": \"assessment\" must be an object");
        p.assessment = *a;
        auto const& people = list_field(s, "candidates", where);
        for (std::size_t k = 0; k < people.size(); ++k) {
            auto c = read_candidate(people[k], where + ": candidate " + std::to_string(k + 1));
            c.sitting_id = p.sitting.id;
            p.candidates.push_back(std::move(c));
        }
        p.paper = bytes_field(s, "paper", where);
        package.sittings.push_back(std::move(p));
    }
    return package;
}

std::string paper_key_text(paper_key const& key) {
    return json{
        {"venue", key.venue}, {"sitting", key.sitting}, {"key", crypto::base64_encode(key.key)}}
        .dump();
}

paper_key parse_paper_key(std::string_view text) {
    auto j = parse_object(text, "the paper key");
    paper_key key{text_field(j, "venue", "the paper key"),
                  text_field(j, "sitting", "the paper key"),
                  bytes_field(j, "key", "the paper key")};
    check_venue_id(key.venue);
    if (key.key.size() != 32) throw std::invalid_argument("the paper key is not 32 bytes");
    return key;
}

std::string paper_binding(std::string const& venue, std::string const& sitting) {
    // Ids cannot hold a newline (check_venue_id), so the binding is unambiguous.
    return std::string(venue_package_format) + "\n" + venue + "\n" + sitting;
}

std::string paper_text(std::vector<json> const& banks) {
    return json(banks).dump();
}

std::vector<json> parse_paper(std::string_view text) {
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_array())
        throw std::invalid_argument("the paper is not a JSON list of banks");
    std::vector<json> banks;
    for (auto& b : j) {
        if (!b.is_object())
            throw std::invalid_argument("the paper holds a bank that is not an object");
        banks.push_back(std::move(b));
    }
    return banks;
}

} // namespace craftmark::core
