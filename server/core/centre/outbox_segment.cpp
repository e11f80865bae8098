#include "server/core/centre/outbox_segment.hpp"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

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

std::invalid_argument not_a_segment() {
    return std::invalid_argument("not an outbox segment: the file is not a JSON object");
}

/// Reads a segment in one pass over its text, straight into its entries (nlohmann's SAX
/// interface): a batch holds thousands of entries, and building the whole document first was
/// most of the centre's time for one.
class segment_reader : public nlohmann::json_sax<json> {
  public:
    outbox_segment finish() {
        if (!format_ || *format_ != outbox_segment_format)
            throw std::invalid_argument(
                std::string("not an outbox segment: \"format\" must be \"") +
                outbox_segment_format + "\"");
        if (!venue_) throw std::invalid_argument("the segment: \"venue\" must be a string");
        check_venue_id(*venue_);
        if (!epoch_) throw std::invalid_argument("the segment: \"epoch\" must be a string");
        if (epoch_->empty() || epoch_->size() > 64)
            throw std::invalid_argument("the segment: \"epoch\" must be 1 to 64 characters");
        if (!entries_seen_) throw std::invalid_argument("the segment: \"entries\" must be a list");
        segment_.venue = std::move(*venue_);
        segment_.epoch = std::move(*epoch_);
        return std::move(segment_);
    }

    bool null() override { return scalar(); }
    bool boolean(bool) override { return scalar(); }
    bool number_float(double, string_t const&) override { return scalar(); }
    bool binary(binary_t&) override { return scalar(); }
    bool number_integer(number_integer_t n) override { return integer(n); }
    bool number_unsigned(number_unsigned_t n) override {
        return n <= static_cast<number_unsigned_t>(INT64_MAX)
                   ? integer(static_cast<std::int64_t>(n))
                   : scalar();
    }

    bool string(string_t& text) override {
        if (skip_) return true;
        if (place_ == place::top) {
            if (key_ == "format")
                format_ = std::move(text);
            else if (key_ == "venue")
                venue_ = std::move(text);
            else if (key_ == "epoch")
                epoch_ = std::move(text);
            else if (key_ == "entries")
                entries_seen_ = false;
            return true;
        }
        if (place_ == place::entries) throw not_an_object();
        if (auto* field = text_of(key_))
            *field = std::move(text);
        else
            forget(key_);
        return true;
    }

    bool start_object(std::size_t) override {
        if (skip_) return ++skip_, true;
        switch (place_) {
        case place::outside: place_ = place::top; return true;
        case place::top: return enter_value();
        case place::entries:
            place_ = place::entry;
            entry_ = {};
            ++index_;
            return true;
        case place::entry: forget(key_); return ++skip_, true;
        }
        return true;
    }
    bool end_object() override {
        if (skip_) return --skip_, true;
        if (place_ == place::entry) {
            segment_.entries.push_back(entry_.checked(where()));
            place_ = place::entries;
        }
        return true;
    }
    bool start_array(std::size_t) override {
        if (skip_) return ++skip_, true;
        if (place_ == place::outside) throw not_a_segment();
        if (place_ == place::top && key_ == "entries") {
            place_ = place::entries;
            entries_seen_ = true;
            segment_.entries.clear(); // the last "entries" counts, as with any JSON reader
            index_ = 0;
            return true;
        }
        if (place_ == place::entries) throw not_an_object();
        if (place_ == place::top) return enter_value();
        forget(key_);
        return ++skip_, true;
    }
    bool end_array() override {
        if (skip_) return --skip_, true;
        place_ = place::top;
        return true;
    }
    bool key(string_t& name) override {
        if (!skip_) key_ = std::move(name);
        return true;
    }
    bool parse_error(std::size_t, std::string const&, nlohmann::detail::exception const&) override {
        throw not_a_segment();
    }

  private:
    enum class place { outside, top, entries, entry };

    /// An entry's fields as they come; a field missing or of the wrong type stays empty.
    struct pending_entry {
        std::optional<std::int64_t> seq, at;
        std::optional<std::string> actor, action, subject, detail, prev_hash, hash;

        chain_entry checked(std::string const& where) {
            auto number = [&](std::optional<std::int64_t>& n, char const* name) {
                if (!n)
                    throw std::invalid_argument(where + ": \"" + name +
                                                "\" must be a whole number");
                return *n;
            };
            auto text = [&](std::optional<std::string>& t, char const* name) {
                if (!t) throw std::invalid_argument(where + ": \"" + name + "\" must be a string");
                return std::move(*t);
            };
            chain_entry e;
            e.seq = number(seq, "seq");
            e.at = number(at, "at");
            e.actor = text(actor, "actor");
            e.action = text(action, "action");
            e.subject = text(subject, "subject");
            e.detail = text(detail, "detail");
            e.prev_hash = text(prev_hash, "prev_hash");
            e.hash = text(hash, "hash");
            return e;
        }
    };

    bool scalar() {
        if (skip_) return true;
        if (place_ == place::outside) throw not_a_segment();
        if (place_ == place::entries) throw not_an_object();
        if (place_ == place::top) {
            unset_top();
            return true;
        }
        forget(key_);
        return true;
    }
    bool integer(std::int64_t n) {
        if (skip_ || place_ != place::entry) return scalar();
        if (key_ == "seq")
            entry_.seq = n;
        else if (key_ == "at")
            entry_.at = n;
        else
            forget(key_);
        return true;
    }
    /// An object or list at the top: not what any key needs, so the key is unset and the value
    /// skipped.
    bool enter_value() {
        unset_top();
        ++skip_;
        return true;
    }
    /// A value at the top of the wrong type for its key: the key counts as missing.
    void unset_top() {
        if (key_ == "format")
            format_.reset();
        else if (key_ == "venue")
            venue_.reset();
        else if (key_ == "epoch")
            epoch_.reset();
        else if (key_ == "entries")
            entries_seen_ = false;
    }
    std::optional<std::string>* text_of(std::string const& name) {
        if (name == "actor") return &entry_.actor;
        if (name == "action") return &entry_.action;
        if (name == "subject") return &entry_.subject;
        if (name == "detail") return &entry_.detail;
        if (name == "prev_hash") return &entry_.prev_hash;
        if (name == "hash") return &entry_.hash;
        return nullptr;
    }
    /// A field given a value of the wrong type counts as missing.
    void forget(std::string const& name) {
        if (name == "seq")
            entry_.seq.reset();
        else if (name == "at")
            entry_.at.reset();
        else if (auto* field = text_of(name))
            field->reset();
    }
    std::string where() const { return "entry " + std::to_string(index_) + " of the segment"; }
    std::invalid_argument not_an_object() const {
        return std::invalid_argument("entry " + std::to_string(index_ + 1) +
                                     " of the segment is not an object");
    }

    place place_ = place::outside;
    std::size_t skip_ = 0; // depth inside a value nobody reads
    std::string key_;
    std::optional<std::string> format_, venue_, epoch_;
    bool entries_seen_ = false;
    std::size_t index_ = 0;
    pending_entry entry_;
    outbox_segment segment_;
};

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
    segment_reader reader;
    json::sax_parse(text, &reader);
    return reader.finish();
}

void check_venue_id(std::string const& id, std::string const& what) {
    auto allowed = [](char c, bool first) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alnum || (!first && (c == '_' || c == '.' || c == '-'));
    };
    bool ok = !id.empty() && id.size() <= 64;
    for (std::size_t i = 0; ok && i < id.size(); ++i) ok = allowed(id[i], i == 0);
    if (!ok)
        throw std::invalid_argument(what + " \"" + id +
                                    "\": use 1 to 64 letters, digits, '_', '.' or '-', starting "
                                    "with a letter or digit");
}

} // namespace craftmark::core
