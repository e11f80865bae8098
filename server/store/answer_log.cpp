#include "server/store/answer_log.hpp"

#include "server/store/audit_log.hpp"
#include "server/store/statement_cache.hpp"
#include "server/store/writer.hpp"
#include "shared/crypto/digest.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <map>
#include <unordered_map>

namespace craftmark::store {
namespace {

using key = answer_key;

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

struct answer_log::state {
    answer_fold fold;
    // The batch being written: its saves and their record_text, in order.
    std::vector<key> saves;
    std::string records;
    util::millis last_saved_at = 0;
    // What answer_log holds and answers_kept does not yet, committed or in the open batch.
    logged_answers logged;
    // The highest sequence in answers_kept of each attempt seen: a save above it (nearly every
    // save: a terminal counts up) needs no look-up there.
    std::unordered_map<std::int64_t, std::int64_t> highest_kept;

    std::int64_t highest_kept_of(statement_cache& statements, std::int64_t attempt) {
        auto [at, added] = highest_kept.try_emplace(attempt, 0);
        if (added) {
            auto q = statements("SELECT coalesce(max(seq), 0) FROM answers_kept "
                                "WHERE attempt_id = ?");
            q->bind(1, attempt);
            q->executeStep();
            at->second = q->getColumn(0).getInt64();
        }
        return at->second;
    }

    // After a batch that did not commit (or a start that could not fold), from the tables.
    void reread(statement_cache& statements) {
        logged.clear();
        auto q = statements("SELECT l.rowid, l.attempt_id, l.seq FROM answer_log l, answer_fold f "
                            "WHERE l.rowid > f.upto_rowid OR l.attempt_id > f.through_attempt "
                            "ORDER BY l.rowid");
        while (q->executeStep())
            logged.add({q->getColumn(1).getInt64(), q->getColumn(2).getInt64()},
                       q->getColumn(0).getInt64());
        fold.reread(statements);
    }

    // A fold that fails (a full disk, say) leaves the log as it was for a later batch, and
    // never takes the batch's saves with it.
    void fold_within_batch(statement_cache& statements) {
        if (!fold.due(logged.size())) return;
        statements("SAVEPOINT fold")->exec();
        std::vector<key> moved;
        try {
            moved = fold.step(statements, logged, 2 * saves.size());
        } catch (std::exception const&) {
            statements("ROLLBACK TO fold")->exec();
        }
        statements("RELEASE fold")->exec();
        // Those saves are in answers_kept now; a batch that does not commit rereads it all.
        for (auto k : moved)
            if (auto h = highest_kept.find(k.first); h != highest_kept.end())
                h->second = std::max(h->second, k.second);
        logged.forget(moved);
    }
};

answer_log::answer_log(writer& w, answer_fold::sizes folding)
    : state_(std::make_shared<state>(state{.fold = answer_fold(folding)})) {
    // A server that stopped left its last saves in the log: folded before any new one comes.
    if (!w.run_sync([s = state_, &w](SQLite::Database&) { s->fold.fold_all(w.statements()); }))
        w.run_sync([s = state_, &w](SQLite::Database&) { s->reread(w.statements()); });
    w.add_seal({.begin =
                    [s = state_] {
                        // A batch that failed left its saves behind; this one starts afresh.
                        s->saves.clear();
                        s->records.clear();
                    },
                .close =
                    [s = state_](statement_cache& statements) {
                        if (!s->saves.empty()) {
                            auto saves = nlohmann::json::array();
                            for (auto [attempt, seq] : s->saves) saves.push_back({attempt, seq});
                            append_audit(statements,
                                         {"server",
                                          "answer.save",
                                          std::to_string(s->saves.size()) + " answers",
                                          {{"saves", std::move(saves)},
                                           {"sha256", crypto::sha256_hex(s->records)}}},
                                         s->last_saved_at);
                        }
                        s->fold_within_batch(statements);
                    },
                .after =
                    [s = state_, &w](bool committed) {
                        if (!committed) s->reread(w.statements());
                    }});
}

core::write_status answer_log::append(SQLite::Database& db,
                                      statement_cache& statements,
                                      core::answer_record const& a,
                                      std::string const& response) {
    auto& s = *state_;
    key k{a.attempt_id, a.seq};
    auto same_as = [&](statement_cache::lease& existing) {
        return existing->getColumn(0).getString() == a.item_id &&
                       existing->getColumn(1).getString() == response
                   ? core::write_status::duplicate
                   : core::write_status::conflict;
    };
    if (auto rowid = s.logged.rowid_of(k)) {
        auto existing = statements("SELECT item_id, response FROM answer_log WHERE rowid = ?");
        existing->bind(1, *rowid);
        existing->executeStep();
        return same_as(existing);
    }
    if (a.seq <= s.highest_kept_of(statements, a.attempt_id)) {
        auto existing = statements("SELECT item_id, response FROM answers_kept "
                                   "WHERE attempt_id = ? AND seq = ?");
        existing->bind(1, a.attempt_id);
        existing->bind(2, a.seq);
        if (existing->executeStep()) return same_as(existing);
    }
    auto record = record_text(a.attempt_id, a.seq, a.item_id, a.saved_at, response);
    auto insert = statements("INSERT INTO answer_log (attempt_id, seq, item_id, response, "
                             "saved_at) VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, a.attempt_id);
    insert->bind(2, a.seq);
    insert->bind(3, a.item_id);
    insert->bind(4, response);
    insert->bind(5, a.saved_at);
    insert->exec();
    s.records += record;
    s.saves.push_back(k);
    s.last_saved_at = a.saved_at;
    s.logged.add(k, db.getLastInsertRowid());
    return core::write_status::stored;
}

answers_check verify_answers(SQLite::Database& db) {
    answers_check check;
    auto fail = [&](std::int64_t entry, std::string reason) {
        check.entry = entry;
        check.reason = "entry " + std::to_string(entry) + ": " + std::move(reason);
        return check;
    };
    // Every answer, kept and logged, read once: the log has no index to look one up by.
    struct answer {
        std::string item, response;
        std::int64_t saved_at;
        bool covered = false;
    };
    std::map<key, answer> answers;
    SQLite::Statement all(db, "SELECT attempt_id, seq, item_id, response, saved_at FROM answers");
    while (all.executeStep()) {
        key k{all.getColumn(0).getInt64(), all.getColumn(1).getInt64()};
        auto [at, added] = answers.try_emplace(k, answer{all.getColumn(2).getString(),
                                                         all.getColumn(3).getString(),
                                                         all.getColumn(4).getInt64()});
        if (!added) {
            check.reason = where(k) + " is stored twice";
            return check;
        }
    }
    SQLite::Statement attempt_of(db, "SELECT id FROM attempts WHERE ticket = ?");
    SQLite::Statement entries(db, "SELECT seq, subject, detail FROM audit "
                                  "WHERE action = 'answer.save' ORDER BY seq");
    while (entries.executeStep()) {
        auto seq = entries.getColumn(0).getInt64();
        auto detail = nlohmann::json::parse(entries.getColumn(2).getString(), nullptr, false);
        if (!detail.is_object()) return fail(seq, "its detail is not a JSON object");
        if (!detail.contains("saves")) {
            // Before group commits each save had an entry of its own, naming the ticket.
            attempt_of.reset();
            attempt_of.bind(1, entries.getColumn(1).getString());
            if (!attempt_of.executeStep()) return fail(seq, "its attempt is missing");
            auto const& n = detail.value("seq", nlohmann::json());
            if (!n.is_number_integer()) return fail(seq, "it names no sequence");
            key k{attempt_of.getColumn(0).getInt64(), n.get<std::int64_t>()};
            auto found = answers.find(k);
            if (found == answers.end()) return fail(seq, where(k) + " is missing");
            if (crypto::sha256_hex(found->second.response) != detail.value("sha256", ""))
                return fail(seq, where(k) + " was changed after it was saved");
            found->second.covered = true;
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
            auto found = answers.find(k);
            if (found == answers.end()) return fail(seq, where(k) + " is missing");
            auto const& a = found->second;
            records += record_text(k.first, k.second, a.item, a.saved_at, a.response);
            found->second.covered = true;
        }
        if (crypto::sha256_hex(records) != detail.value("sha256", ""))
            return fail(seq, "the answers it covers were changed after they were saved");
    }
    for (auto const& [k, a] : answers)
        if (!a.covered) {
            check.reason = where(k) + " is covered by no audit entry (added outside a save)";
            return check;
        }
    check.covered = static_cast<std::int64_t>(answers.size());
    return check;
}

} // namespace craftmark::store
