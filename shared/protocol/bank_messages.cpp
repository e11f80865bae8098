#include "shared/protocol/bank_messages.hpp"

#include "shared/protocol/errors.hpp"
#include "shared/protocol/messages.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, bank_import const& m) {
    j = {{"name", m.name},
         {"format", m.format},
         {"id", m.id},
         {"dry_run", m.dry_run},
         {"skip_bad_rows", m.skip_bad_rows}};
    if (!m.data.empty())
        j["data"] = m.data;
    else
        j["content"] = m.content;
    if (!m.figures.empty()) j["figures"] = m.figures;
    if (!m.sheet.empty()) j["sheet"] = m.sheet;
}

void from_json(json const& j, bank_import& m) {
    m.name = required_string(j, "name", 255);
    if (j.contains("data"))
        m.data = required_string(j, "data", max_file_base64);
    else
        m.content = required_string(j, "content", max_file_base64);
    m.figures = optional_string(j, "figures", max_file_base64);
    if (auto format = optional_string(j, "format", 16); !format.empty()) m.format = format;
    if (m.format != "auto" && m.format != "json" && m.format != "gift" && m.format != "text" &&
        m.format != "moodle" && m.format != "xlsx" && m.format != "qti")
        throw protocol_error(errc::invalid_field,
                             "\"format\" must be auto, json, gift, text, moodle, xlsx or qti");
    m.id = optional_string(j, "id", max_identifier);
    m.sheet = optional_string(j, "sheet", 255);
    if (j.contains("dry_run")) m.dry_run = required_bool(j, "dry_run");
    if (j.contains("skip_bad_rows")) m.skip_bad_rows = required_bool(j, "skip_bad_rows");
}

void to_json(json& j, assessment_put const& m) {
    j = {{"assessment", m.assessment}};
}

void from_json(json const& j, assessment_put& m) {
    auto it = j.find("assessment");
    if (it == j.end() || !it->is_object())
        throw protocol_error(errc::invalid_field,
                             "\"assessment\" must be an assessment's JSON object");
    m.assessment = *it; // the frame's limit bounds it; assessment_from_json reads it
}

} // namespace craftmark::protocol
