#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "server/store/sqlite_store.hpp"
#include "shared/crypto/digest.hpp"
#include "tests/server/store/store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <atomic>
#include <doctest/doctest.h>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

TEST_CASE("saves are idempotent by sequence and conflicting repeats are refused") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    util::manual_clock clock;
    store::writer w(t.file);
    store::sqlite_store s(t.file, w, clock);
    core::answer_record a{attempt, "q1", 1, {{"choice", "A"}}, 5};
    auto save = [&](core::answer_record r) {
        return wait_for([&](core::write_done d) { s.save_answer(r, d); });
    };
    CHECK(save(a) == core::write_status::stored);
    CHECK(save(a) == core::write_status::duplicate);
    auto changed = a;
    changed.response = {{"choice", "B"}};
    CHECK(save(changed) == core::write_status::conflict);
    REQUIRE(s.answers(attempt).size() == 1);
    CHECK(s.answers(attempt)[0].response == a.response);
}

TEST_CASE("group commit: many concurrent saves share few transactions and all are durable") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    util::manual_clock clock;
    store::writer w(t.file);
    store::sqlite_store s(t.file, w, clock);
    auto batches_before = w.batches(); // the store's start folds the answer log: no saves
    std::atomic<int> stored{0};
    std::promise<void> all;
    constexpr int n = 500;
    for (int i = 1; i <= n; ++i)
        s.save_answer({attempt, "q1", i, {{"choice", "A"}}, i}, [&](core::write_status st) {
            if (st == core::write_status::stored && ++stored == n) all.set_value();
        });
    all.get_future().get();
    CHECK(s.answers(attempt).size() == n);
    CHECK(w.batches() < static_cast<std::uint64_t>(n));
    auto db = store::open_reader(t.file);
    auto check = store::verify_audit(*db);
    CHECK(check.intact());
    CHECK(check.answers == n);
    // One audit entry per batch, not per save.
    CHECK(check.entries == 4 + static_cast<std::int64_t>(w.batches() - batches_before));
}

TEST_CASE("the audit chain names an edited, removed, renumbered or added answer") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    {
        util::manual_clock clock;
        store::writer w(t.file);
        store::sqlite_store s(t.file, w, clock);
        for (int i = 1; i <= 3; ++i)
            CHECK(
                wait_for([&](core::write_done d) {
                    s.save_answer({attempt, "q1", i, {{"choice", i == 2 ? "B" : "A"}}, 10 + i}, d);
                }) == core::write_status::stored);
    }
    // The same tampering is found while the answers are in the log (as a server left them)
    // and after they were folded into answers_kept (as the next start does).
    auto tampering_is_found = [&](std::string const& table) {
        CAPTURE(table);
        auto db = store::open_database(t.file);
        REQUIRE(db->execAndGet("SELECT count(*) FROM " + table).getInt() == 3);
        auto check = store::verify_audit(*db);
        REQUIRE(check.intact());
        CHECK(check.answers == 3);
        auto broken_by = [&](std::string sql) {
            for (auto at = sql.find("$answers"); at != std::string::npos; at = sql.find("$answers"))
                sql.replace(at, 8, table);
            SQLite::Transaction undo(*db); // rolled back when it leaves: each tamper on its own
            db->exec(sql);
            return store::verify_audit(*db);
        };
        auto edited =
            broken_by("UPDATE $answers SET response = '{\"choice\":\"C\"}' WHERE seq = 2");
        CHECK_FALSE(edited.intact());
        CHECK(edited.first_broken.has_value());
        CHECK(edited.reason.find("changed") != std::string::npos);
        CHECK_FALSE(broken_by("UPDATE $answers SET saved_at = 99 WHERE seq = 1").intact());
        auto removed = broken_by("DELETE FROM $answers WHERE seq = 3");
        CHECK(removed.reason.find("sequence 3 is missing") != std::string::npos);
        // Two answers swap their sequence numbers: each key still exists, its content does not.
        CHECK_FALSE(broken_by("UPDATE $answers SET seq = 100 WHERE seq = 1; "
                              "UPDATE $answers SET seq = 1 WHERE seq = 2; "
                              "UPDATE $answers SET seq = 2 WHERE seq = 100")
                        .intact());
        auto added = broken_by("INSERT INTO $answers VALUES (" + std::to_string(attempt) +
                               ", 4, 'q1', '{\"choice\":\"A\"}', 20)");
        CHECK(added.reason.find("covered by no audit entry") != std::string::npos);
        auto copied = broken_by("INSERT INTO answers_kept SELECT * FROM answer_log; "
                                "INSERT INTO answer_log SELECT * FROM answers_kept");
        CHECK(copied.reason.find("stored twice") != std::string::npos);
        CHECK(store::verify_audit(*db).intact()); // every tamper above was rolled back
    };
    tampering_is_found("answer_log");
    {
        util::manual_clock clock;
        store::writer w(t.file);
        store::sqlite_store s(t.file, w, clock);
    }
    tampering_is_found("answers_kept");
}

TEST_CASE("a failed commit reports not saved and leaves acknowledged data intact") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    util::manual_clock clock;
    store::writer w(t.file);
    store::sqlite_store s(t.file, w, clock);
    auto save = [&](std::int64_t seq) {
        return wait_for([&](core::write_done d) {
            s.save_answer({attempt, "q1", seq, {{"choice", "A"}}, 1}, d);
        });
    };
    CHECK(save(1) == core::write_status::stored);
    w.fail_commits_for_test(true);
    CHECK(save(2) == core::write_status::failed);
    w.fail_commits_for_test(false);
    CHECK(s.answers(attempt).size() == 1);
    CHECK(save(2) == core::write_status::stored);
}

TEST_CASE("the audit chain detects an edited or deleted entry and names it") {
    temp_db t;
    seed_attempt(t.file);
    auto db = store::open_database(t.file);
    auto ok = store::verify_audit(*db);
    CHECK(ok.entries == 4);
    CHECK(ok.intact());
    db->exec("UPDATE audit SET detail = '{\"count\":2}' WHERE seq = 4");
    auto edited = store::verify_audit(*db);
    REQUIRE(edited.first_broken);
    CHECK(*edited.first_broken == 4);
    db->exec("DELETE FROM audit WHERE seq = 2");
    CHECK(*store::verify_audit(*db).first_broken == 2);
}

TEST_CASE("registration refuses a duplicate ticket and changes nothing") {
    temp_db t;
    seed_attempt(t.file);
    auto db = store::open_database(t.file);
    std::vector<core::candidate_record> c{{"", "T2", "李四", "1", "2", "", ""},
                                          {"", "T1", "重复", "1", "3", "", ""}};
    CHECK_THROWS_WITH_AS(store::register_candidates(*db, "s", c, "test"),
                         "ticket T1 is already registered", std::invalid_argument);
    CHECK(db->execAndGet("SELECT count(*) FROM candidates").getInt() == 1);
}
