#include "client/proctor/marking_form.hpp"

#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/protocol/marking_messages.hpp"
#include "shared/protocol/marking_replies.hpp"

#include <fstream>
#include <sstream>

namespace craftmark::client {

using nlohmann::json;

namespace {

std::string trim(std::string s) {
    auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::variant<json, std::string> parse_faults(protocol::scheme_aspect const& aspect,
                                             std::string const& typed) {
    json faults = json::object();
    std::istringstream words(typed);
    for (std::string word; words >> word;) {
        auto equals = word.find('=');
        auto id = word.substr(0, equals);
        int count = 1;
        if (equals != std::string::npos) {
            try {
                std::size_t used = 0;
                count = std::stoi(word.substr(equals + 1), &used);
                if (used != word.size() - equals - 1 || count < 0) throw std::invalid_argument("");
            } catch (std::exception const&) {
                return "\"" + word + "\": a count is a whole number, as in " + id + "=2";
            }
        }
        bool known = false;
        for (auto const& d : aspect.deductions) known = known || d.id == id;
        if (!known) return "no fault \"" + id + "\" in this aspect";
        faults[id] = faults.value(id, 0) + count;
    }
    return json{{"faults", faults}};
}

} // namespace

std::variant<json, std::string> parse_entry(protocol::scheme_aspect const& aspect,
                                            std::string const& raw) {
    auto typed = trim(raw);
    if (aspect.type == "judgement") {
        if (typed.size() == 1 && typed[0] >= '0' && typed[0] <= '3')
            return json{{"score", typed[0] - '0'}};
        return std::string("a judgement is scored 0, 1, 2 or 3");
    }
    auto const& rule = aspect.rule;
    if (rule == "all_or_nothing") {
        if (typed == "y" || typed == "Y" || typed == "1") return json{{"met", true}};
        if (typed == "n" || typed == "N" || typed == "0") return json{{"met", false}};
        return std::string("answer y (met) or n (not met)");
    }
    if (rule == "deductions") return parse_faults(aspect, typed);
    try {
        std::size_t used = 0;
        double value = std::stod(typed, &used);
        if (used == typed.size()) return json{{"value", value}};
    } catch (std::exception const&) {
    }
    return std::string("type the measured value, as in ") + number_text(aspect.nominal.value_or(0));
}

std::string entry_prompt(protocol::scheme_aspect const& aspect) {
    if (aspect.type == "judgement") return "评分 score 0–3: ";
    auto const& rule = aspect.rule;
    if (rule == "all_or_nothing") return "达到 met? y/n: ";
    if (rule == "deductions") return "扣分项 faults (id or id=count, empty for none): ";
    return "实测值 measured (" + aspect.unit + ", nominal " +
           number_text(aspect.nominal.value_or(0)) + "): ";
}

std::string mark_summary(protocol::scheme_aspect const& aspect,
                         protocol::aspect_entries const& mark) {
    if (aspect.type == "judgement") {
        std::string line = std::to_string(mark.entered.value_or(0)) + "/" +
                           std::to_string(mark.of.value_or(0)) + " judges";
        if (mark.mine.is_object()) line += ", mine " + std::to_string(mark.mine.value("score", 0));
        if (mark.scores) {
            line += " —";
            for (auto const& [judge, score] : *mark.scores)
                line += " " + judge + ":" + score.dump();
        }
        return line;
    }
    if (!mark.entry) return "—";
    auto const& e = *mark.entry;
    std::string line;
    if (e.contains("met")) {
        line = e["met"].get<bool>() ? "met" : "not met";
    } else if (e.contains("value")) {
        line = "measured " + number_text(e["value"].get<double>());
    } else {
        auto faults = e.value("faults", json::object());
        for (auto const& [id, count] : faults.items())
            if (count.get<int>() > 0)
                line += (line.empty() ? "faults " : " ") + id + "×" + count.dump();
        if (line.empty()) line = "no faults";
    }
    return line + " (" + mark.by.value_or("") + ")";
}

std::filesystem::path download_work_file(connection& c,
                                         std::string const& sitting_id,
                                         std::string const& code,
                                         protocol::work_file const& file,
                                         std::filesystem::path const& folder) {
    auto const& name = file.name;
    // The candidate chose the name: keep only its last part so it cannot leave the folder.
    auto safe = std::filesystem::path(name).filename();
    if (safe.empty() || safe == "." || safe == "..") throw std::runtime_error("unusable file name");
    std::filesystem::create_directories(folder / code);
    auto target = folder / code / safe;
    std::string bytes;
    for (std::int64_t offset = 0;;) {
        auto reply =
            c.call("marking.file", protocol::marking_file{{sitting_id, code}, name, offset});
        if (reply.what == protocol::incoming::kind::error) throw std::runtime_error(reply.message);
        auto got = reply.body.get<protocol::file_piece>();
        auto piece = crypto::base64url_decode(got.data);
        if (!piece) throw std::runtime_error("the server sent a damaged piece");
        bytes += *piece;
        offset += static_cast<std::int64_t>(piece->size());
        if (got.last || piece->empty()) break;
    }
    if (crypto::sha256_hex(bytes) != file.sha256)
        throw std::runtime_error(name + " arrived damaged (SHA-256 differs)");
    std::ofstream(target, std::ios::binary) << bytes;
    return target;
}

} // namespace craftmark::client
