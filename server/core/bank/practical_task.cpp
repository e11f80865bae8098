#include "server/core/bank/practical_task.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace craftmark::core {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string extension(std::string const& name) {
    auto dot = name.rfind('.');
    return dot == std::string::npos || dot == 0 ? std::string() : lower(name.substr(dot));
}

std::string text_of(json const& j, char const* key) {
    auto v = j.value(key, json());
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) return v.value("zh-CN", v.value("en", ""));
    return {};
}

std::string join(std::vector<std::string> const& parts) {
    std::string out;
    for (auto const& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

} // namespace

std::string hand_in_rule::refusal(std::string const& name, std::int64_t size) const {
    if (!files) return "this task takes no files: the work is observed";
    if (!types.empty() && std::find(types.begin(), types.end(), extension(name)) == types.end())
        return "this task takes " + join(types) + " files only";
    if (size > max_bytes)
        return "the file is larger than this task allows (" + std::to_string(max_bytes >> 10) +
               " KiB)";
    return {};
}

practical_task practical_task_from_json(json const& j) {
    if (!j.is_object()) throw std::invalid_argument("a task must be an object");
    practical_task t;
    t.id = j.value("id", "");
    if (t.id.empty() || t.id.size() > 64) throw std::invalid_argument("a task needs an \"id\"");
    auto where = "task " + t.id + ": ";
    t.title = text_of(j, "title");
    t.sheet = text_of(j, "sheet");
    t.attachments = j.value("attachments", std::vector<std::string>{});
    auto minutes = j.value("durationMinutes", 0.0);
    if (!(minutes > 0)) throw std::invalid_argument(where + "\"durationMinutes\" must be positive");
    t.duration_ms = static_cast<std::int64_t>(minutes * 60'000);
    t.marking_scheme = j.value("markingScheme", "");
    if (t.marking_scheme.empty())
        throw std::invalid_argument(where + "\"markingScheme\" is missing");
    if (auto h = j.find("handIn"); h != j.end()) {
        if (!h->is_object()) throw std::invalid_argument(where + "\"handIn\" must be an object");
        t.hand_in.files = h->value("files", false);
        for (auto const& type : h->value("types", std::vector<std::string>{}))
            if (!type.empty()) t.hand_in.types.push_back(lower(type[0] == '.' ? type : "." + type));
        t.hand_in.max_bytes = static_cast<std::int64_t>(h->value("maxMegabytes", 20.0) * (1 << 20));
        t.hand_in.max_files = h->value("maxFiles", 10);
        if (t.hand_in.max_bytes <= 0 || t.hand_in.max_files <= 0)
            throw std::invalid_argument(where + "hand-in limits must be positive");
    }
    if (auto c = j.find("checker"); c != j.end()) {
        t.checker_command = c->value("command", std::vector<std::string>{});
        t.checker_folder = c->value("folder", "");
        if (t.checker_command.empty())
            throw std::invalid_argument(where + "a checker needs a \"command\"");
        if (t.checker_folder.find("..") != std::string::npos || t.checker_folder.find('/') == 0)
            throw std::invalid_argument(where + "a checker folder is a name under <data>/checkers");
    }
    return t;
}

json practical_task_to_json(practical_task const& t) {
    json j = practical_task_view(t);
    j["markingScheme"] = t.marking_scheme;
    if (!t.checker_command.empty())
        j["checker"] = {{"command", t.checker_command}, {"folder", t.checker_folder}};
    return j;
}

json practical_task_view(practical_task const& t) {
    json hand_in = {{"files", t.hand_in.files}};
    if (t.hand_in.files) {
        hand_in["types"] = t.hand_in.types;
        hand_in["maxMegabytes"] = static_cast<double>(t.hand_in.max_bytes) / (1 << 20);
        hand_in["maxFiles"] = t.hand_in.max_files;
    }
    return {{"id", t.id},
            {"title", t.title},
            {"sheet", t.sheet},
            {"attachments", t.attachments},
            {"durationMinutes", static_cast<double>(t.duration_ms) / 60'000},
            {"handIn", hand_in}};
}

} // namespace craftmark::core
