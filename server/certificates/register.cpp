#include "server/certificates/register.hpp"

#include "server/core/proctoring/roster.hpp"
#include "shared/credential/open_badge.hpp"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

namespace craftmark::certificates {

std::vector<register_entry> certificate_register(SQLite::Database& db,
                                                 std::string const& sitting_id) {
    SQLite::Statement q(
        db, "SELECT c.number, c.document, IFNULL(k.national_id, ''), c.status, c.status_reason, "
            "c.kind, c.id, c.sitting_id, c.ticket FROM certificates c LEFT JOIN candidates k ON "
            "k.ticket = c.ticket AND "
            "k.sitting_id = c.sitting_id WHERE ? = '' OR c.sitting_id = ? ORDER BY c.number");
    q.bind(1, sitting_id);
    q.bind(2, sitting_id);
    std::vector<register_entry> out;
    while (q.executeStep()) {
        // The signed document is the record of what was certified; the rest is its state.
        auto document = nlohmann::json::parse(q.getColumn(1).getString());
        auto const& achievement = document["credentialSubject"]["achievement"];
        auto const& alignment = achievement["alignment"][0];
        std::string code = achievement.value("humanCode", "");
        register_entry e;
        e.number = q.getColumn(0).getString();
        e.holder = credential::holder_name_of(document);
        e.masked_id = core::mask_national_id(q.getColumn(2).getString());
        e.occupation = alignment.value("targetName", "");
        e.occupation_code = alignment.value("targetCode", "");
        e.kind = q.getColumn(5).getString();
        e.level = e.kind == "qualification"
                      ? credential::level_name(code.substr(code.rfind('-') + 1))
                      : "";
        e.achievement = achievement.value("name", "");
        e.issuer = document["issuer"].value("name", "");
        e.issued = document.value("validFrom", "").substr(0, 10);
        e.status = q.getColumn(3).getString();
        e.status_reason = q.getColumn(4).getString();
        e.id = q.getColumn(6).getString();
        e.sitting_id = q.getColumn(7).getString();
        e.ticket = q.getColumn(8).getString();
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace craftmark::certificates
