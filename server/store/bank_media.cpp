#include "server/store/bank_media.hpp"

#include "server/core/bank/assessment.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>
#include <set>

namespace craftmark::store {
namespace {

std::string blob(SQLite::Column const& c) {
    return {static_cast<char const*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())};
}

} // namespace

void add_figures(SQLite::Database& db,
                 std::string const& bank_id,
                 std::vector<core::item_figure> const& figures) {
    SQLite::Statement media(db, "INSERT INTO media VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    SQLite::Statement shown(db, "INSERT OR REPLACE INTO item_media VALUES (?, ?, ?, ?)");
    for (auto const& f : figures) {
        media.bind(1, f.fig.sha256);
        media.bind(2, f.fig.media_type);
        media.bind(3, f.fig.bytes.data(), static_cast<int>(f.fig.bytes.size()));
        media.exec();
        media.reset();
        shown.bind(1, bank_id);
        shown.bind(2, f.item_id);
        shown.bind(3, f.name);
        shown.bind(4, f.fig.sha256);
        shown.exec();
        shown.reset();
    }
}

int assessment_figures(SQLite::Database& db, std::string const& assessment_id) {
    SQLite::Statement document(db, "SELECT document FROM assessments WHERE id = ?");
    document.bind(1, assessment_id);
    if (!document.executeStep()) return 0;
    auto a = core::assessment_from_json(nlohmann::json::parse(document.getColumn(0).getString()));
    SQLite::Statement count(db, "SELECT COUNT(*) FROM item_media WHERE bank_id = ?");
    int figures = 0;
    std::set<std::string> counted;
    for (auto const& section : a.sections)
        for (auto const& draw : section.draws) {
            if (!counted.insert(draw.bank).second) continue;
            count.bind(1, draw.bank);
            count.executeStep();
            figures += count.getColumn(0).getInt();
            count.reset();
        }
    return figures;
}

void drop_unused_figures(SQLite::Database& db) {
    db.exec("DELETE FROM media WHERE sha256 NOT IN (SELECT sha256 FROM item_media)");
}

std::vector<core::item_figure> bank_figures(SQLite::Database& db, std::string const& bank_id) {
    SQLite::Statement q(db, "SELECT s.item_id, s.name, m.media_type, m.bytes, m.sha256 FROM "
                            "item_media s JOIN media m USING (sha256) JOIN items i ON i.bank_id = "
                            "s.bank_id AND i.id = s.item_id WHERE s.bank_id = ? ORDER BY i.rowid, "
                            "s.name");
    q.bind(1, bank_id);
    std::vector<core::item_figure> figures;
    while (q.executeStep())
        figures.push_back(
            {q.getColumn(0).getString(),
             q.getColumn(1).getString(),
             {q.getColumn(2).getString(), blob(q.getColumn(3)), q.getColumn(4).getString()}});
    return figures;
}

std::optional<core::figure> find_figure(SQLite::Database& db,
                                        std::string const& bank_id,
                                        std::string const& item_id,
                                        std::string const& name) {
    SQLite::Statement q(db,
                        "SELECT m.media_type, m.bytes, m.sha256 FROM item_media s JOIN media "
                        "m USING (sha256) WHERE s.bank_id = ? AND s.item_id = ? AND s.name = ?");
    q.bind(1, bank_id);
    q.bind(2, item_id);
    q.bind(3, name);
    if (!q.executeStep()) return std::nullopt;
    return core::figure{q.getColumn(0).getString(), blob(q.getColumn(1)),
                        q.getColumn(2).getString()};
}

} // namespace craftmark::store
