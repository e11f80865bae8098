#include "shared/protocol/board_replies.hpp"

#include "shared/protocol/lenient.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, board_row const& m) {
    j = {{"rank", m.rank},          {"number", m.number},  {"workstation", m.workstation},
         {"total", m.total},        {"score", m.score},    {"medal", m.medal},
         {"brokenBy", m.broken_by}, {"modules", m.modules}};
    if (m.name) j["name"] = *m.name;
    if (m.organisation) j["organisation"] = *m.organisation;
    if (m.members) j["members"] = *m.members;
}
void from_json(json const& j, board_row& m) {
    read_lenient(j, "rank", m.rank);
    read_lenient(j, "number", m.number);
    read_lenient(j, "workstation", m.workstation);
    read_lenient(j, "total", m.total);
    read_lenient(j, "score", m.score);
    read_lenient(j, "medal", m.medal);
    read_lenient(j, "brokenBy", m.broken_by);
    read_lenient(j, "name", m.name);
    read_lenient(j, "organisation", m.organisation);
    read_lenient(j, "members", m.members);
    read_lenient(j, "modules", m.modules);
}

void to_json(json& j, skill_board const& m) {
    j = {{"id", m.id},       {"name", m.name},         {"modules", m.modules},
         {"drawn", m.drawn}, {"released", m.released}, {"rows", m.rows}};
    if (m.final) j["final"] = *m.final;
}
void from_json(json const& j, skill_board& m) {
    read_lenient(j, "id", m.id);
    read_lenient(j, "name", m.name);
    read_lenient(j, "modules", m.modules);
    read_lenient(j, "drawn", m.drawn);
    read_lenient(j, "released", m.released);
    read_lenient(j, "rows", m.rows);
    read_lenient(j, "final", m.final);
}

} // namespace craftmark::protocol
