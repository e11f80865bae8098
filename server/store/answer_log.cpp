#include "server/store/answer_log.hpp"

#include "server/store/audit_log.hpp"
#include "server/store/statement_cache.hpp"
#include "server/store/writer.hpp"
#include "shared/crypto/digest.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <set>

namespace craftmark::store {
namespace {

using key = std::pair<std::int64_t, std::int64_t>; // (attempt, seq)

// One save as the batch hash sees it; a JSON array, so no field can run into the next.
std::string record_text(std::int64_t attempt,
                        std::int64_t seq,
                        std::string const& item,
                        std::int64_t saved_at,
                        std::string const& response) {
    return nlohmann::json::array({attempt, seq, item, saved_at, response}).dump() + '\n';
}

std::string where(key k) {
    return "the answer of attempt " + std::to_string(k.first) + " with sequence " +
           std::to_string(k.second);
}

} // namespace

struct answer_log::pending {
    std::vector<key> saves;
    std::string records; // their record_text, in order
    util::millis last_saved_at = 0;
};

answer_log::answer_log(writer& w) : pending_(std::make_shared<pending>()) {
    // A batch that fails leaves its saves behind; the next one starts afresh.
    auto begin = [p = pending_] { *p = {}; };
    w.add_seal({begin, [p = pending_](statement_cache& statements) {
                    auto batch = std::exchange(*p, {});
                    if (batch.saves.empty()) return;
                    auto saves = nlohmann::json::array();
                    for (auto [attempt, seq] : batch.saves) saves.push_back({attempt, seq});
                    append_audit(statements,
                                 {"server",
                                  "answer.save",
                                  std::to_string(batch.saves.size()) + " answers",
                                  {{"saves", std::move(saves)},
                                   {"sha256", crypto::sha256_hex(batch.records)}}},
                                 batch.last_saved_at);
                }});
}

bool answer_log::append(statement_cache& statements,
                        core::answer_record const& a,
                        std::string const& response) {
    auto insert = statements("INSERT INTO answers (attempt_id, seq, item_id, response, saved_at) "
                             "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    insert->bind(1, a.attempt_id);
    insert->bind(2, a.seq);
    insert->bind(3, a.item_id);
    insert->bind(4, response);
    insert->bind(5, a.saved_at);
    if (insert->exec() != 1) return false;
    pending_->saves.emplace_back(a.attempt_id, a.seq);
    pending_->records += record_text(a.attempt_id, a.seq, a.item_id, a.saved_at, response);
    pending_->last_saved_at = a.saved_at;
    return true;
}

answers_check verify_answers(SQLite::Database& db) {
    answers_check check;
    std::set<key> covered;
    auto fail = [&](std::int64_t entry, std::string reason) {
        check.entry = entry;
        check.reason = "entry " + std::to_string(entry) + ": " + std::move(reason);
        return check;
    };
    SQLite::Statement answer(db, "SELECT item_id, response, saved_at FROM answers "
                                 "WHERE attempt_id = ? AND seq = ?");
    SQLite::Statement attempt_of(db, "SELECT id FROM attempts WHERE ticket = ?");
    SQLite::Statement entries(db, "SELECT seq, subject, detail FROM audit "
                                  "WHERE action = 'answer.save' ORDER BY seq");
    while (entries.executeStep()) {
        auto seq = entries.getColumn(0).getInt64();
        auto detail = nlohmann::json::parse(entries.getColumn(2).getString(), nullptr, false);
        auto find = [&](key k) {
            answer.reset();
            answer.bind(1, k.first);
            answer.bind(2, k.second);
            return answer.executeStep();
        };
        if (!detail.is_object()) return fail(seq, "its detail is not a JSON object");
        if (!detail.contains("saves")) {
            // Before group commits each save had an entry of its own, naming the ticket.
            attempt_of.reset();
            attempt_of.bind(1, entries.getColumn(1).getString());
            if (!attempt_of.executeStep()) return fail(seq, "its attempt is missing");
            auto const& n = detail.value("seq", nlohmann::json());
            if (!n.is_number_integer()) return fail(seq, "it names no sequence");
            key k{attempt_of.getColumn(0).getInt64(), n.get<std::int64_t>()};
            if (!find(k)) return fail(seq, where(k) + " is missing");
            if (crypto::sha256_hex(answer.getColumn(1).getString()) != detail.value("sha256", ""))
                return fail(seq, where(k) + " was changed after it was saved");
            covered.insert(k);
            continue;
        }
        auto const& saves = detail["saves"];
        if (!saves.is_array()) return fail(seq, "it names no answers");
        std::string records;
        for (auto const& s : saves) {
            if (!s.is_array() || s.size() != 2 || !s[0].is_number_integer() ||
                !s[1].is_number_integer())
                return fail(seq, "its list of answers is malformed");
            key k{s[0].get<std::int64_t>(), s[1].get<std::int64_t>()};
            if (!find(k)) return fail(seq, where(k) + " is missing");
            records += record_text(k.first, k.second, answer.getColumn(0).getString(),
                                   answer.getColumn(2).getInt64(), answer.getColumn(1).getString());
            covered.insert(k);
        }
        if (crypto::sha256_hex(records) != detail.value("sha256", ""))
            return fail(seq, "the answers it covers were changed after they were saved");
    }
    SQLite::Statement all(db, "SELECT attempt_id, seq FROM answers");
    while (all.executeStep()) {
        key k{all.getColumn(0).getInt64(), all.getColumn(1).getInt64()};
        if (!covered.count(k)) {
            check.reason = where(k) + " is covered by no audit entry (added outside a save)";
            return check;
        }
    }
    check.covered = static_cast<std::int64_t>(covered.size());
    return check;
}

} // namespace craftmark::store
