#include "server/core/centre/outbox_segment.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace craftmark::core {

using nlohmann::json;

namespace {

/// Appends `text` as a JSON string. Written by hand rather than through nlohmann::json objects
/// because a venue writes hundreds of thousands of entries after a long sitting, and building a
/// document per entry first tripled the uploader's time. The text is the venue's own (valid
/// UTF-8 written by nlohmann), so only quotes, backslashes and control characters need escaping.
void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (;;) {
        auto special = std::find_if(text.begin(), text.end(), [](char c) {
            return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
        });
        out.append(text.begin(), special);
        if (special == text.end()) break;
        char c = *special;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else {
            constexpr char digits[] = "0123456789abcdef";
            out += "\\u00";
            out += digits[(c >> 4) & 0xf];
            out += digits[c & 0xf];
        }
        text.remove_prefix(static_cast<std::size_t>(special - text.begin()) + 1);
    }
    out += '"';
}

std::string text_field(json& object, char const* name, std::string const& where) {
    auto f = object.find(name);
    if (f == object.end() || !f->is_string())
        throw std::invalid_argument(where + ": \"" + name + "\" must be a string");
    return std::move(f->get_ref<std::string&>());
}

std::int64_t number_field(json const& object, char const* name, std::string const& where) {
    auto f = object.find(name);
    if (f == object.end() || !f->is_number_integer())
        throw std::invalid_argument(where + ": \"" + name + "\" must be a whole number");
    return f->get<std::int64_t>();
}

} // namespace

std::string segment_text(outbox_segment const& segment) {
    std::string out = R"({"format":")";
    out += outbox_segment_format;
    out += R"(","venue":)";
    append_json_string(out, segment.venue);
    out += R"(,"epoch":)";
    append_json_string(out, segment.epoch);
    out += R"(,"entries":[)";
    for (auto const& e : segment.entries) {
        if (&e != &segment.entries.front()) out += ',';
        out += R"({"seq":)" + std::to_string(e.seq) + R"(,"at":)" + std::to_string(e.at);
        for (auto [name, value] : {std::pair<char const*, std::string const*>{"actor", &e.actor},
                                   {"action", &e.action},
                                   {"subject", &e.subject},
                                   {"detail", &e.detail},
                                   {"prev_hash", &e.prev_hash},
                                   {"hash", &e.hash}}) {
            out += R"(,")";
            out += name;
            out += R"(":)";
            append_json_string(out, *value);
        }
        out += '}';
    }
    out += "]}";
    return out;
}

outbox_segment parse_segment(std::string_view text) {
    auto doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        throw std::invalid_argument("not an outbox segment: the file is not a JSON object");
    if (doc.value("format", json()) != outbox_segment_format)
        throw std::invalid_argument(std::string("not an outbox segment: \"format\" must be \"") +
                                    outbox_segment_format + "\"");
    outbox_segment segment;
    segment.venue = text_field(doc, "venue", "the segment");
    check_venue_id(segment.venue);
    segment.epoch = text_field(doc, "epoch", "the segment");
    if (segment.epoch.empty() || segment.epoch.size() > 64)
        throw std::invalid_argument("the segment: \"epoch\" must be 1 to 64 characters");
    auto entries = doc.find("entries");
    if (entries == doc.end() || !entries->is_array())
        throw std::invalid_argument("the segment: \"entries\" must be a list");
    segment.entries.reserve(entries->size());
    std::size_t index = 0;
    for (auto& e : *entries) {
        auto where = "entry " + std::to_string(++index) + " of the segment";
        if (!e.is_object()) throw std::invalid_argument(where + " is not an object");
        segment.entries.push_back({number_field(e, "seq", where), number_field(e, "at", where),
                                   text_field(e, "actor", where), text_field(e, "action", where),
                                   text_field(e, "subject", where), text_field(e, "detail", where),
                                   text_field(e, "prev_hash", where),
                                   text_field(e, "hash", where)});
    }
    return segment;
}

void check_venue_id(std::string const& id) {
    auto allowed = [](char c, bool first) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alnum || (!first && (c == '_' || c == '.' || c == '-'));
    };
    bool ok = !id.empty() && id.size() <= 64;
    for (std::size_t i = 0; ok && i < id.size(); ++i) ok = allowed(id[i], i == 0);
    if (!ok)
        throw std::invalid_argument("venue id \"" + id +
                                    "\": use 1 to 64 letters, digits, '_', '.' or '-', starting "
                                    "with a letter or digit");
}

} // namespace craftmark::core
