#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "server/store/sqlite_store.hpp"
#include "shared/crypto/digest.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <atomic>
#include <doctest/doctest.h>
#include <future>

using namespace craftmark;
using nlohmann::json;

namespace {
struct temp_db {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("craftmark-store-" + crypto::random_hex(6));
    std::filesystem::path file = dir / "craftmark.db";
    temp_db() { std::filesystem::create_directories(dir); }
    ~temp_db() { std::filesystem::remove_all(dir); }
};

core::write_status wait_for(std::function<void(core::write_done)> start) {
    std::promise<core::write_status> p;
    start([&](core::write_status s) { p.set_value(s); });
    return p.get_future().get();
}

std::int64_t seed_attempt(std::filesystem::path const& file) {
    auto db = store::open_database(file);
    core::bank b{"b", "bank", "zh-CN", "", "", "", {}};
    core::item it;
    it.id = "q1";
    it.choices = {{"A", "a", 1, ""}, {"B", "b", 0, ""}};
    b.items = {it};
    store::import_bank(*db, b, "test");
    store::put_assessment(
        *db,
        core::assessment_from_json(json::parse(
            R"({"kind":"assessment","id":"a","durationMinutes":1,"sections":[{"id":"S","draw":[{"bank":"b","count":1}]}]})")),
        "test");
    store::create_sitting(*db, {"s", "a", "t", "v", "r", 0}, "test");
    std::vector<core::candidate_record> c{{"", "T1", "张三", "110", "1", "", ""}};
    store::register_candidates(*db, "s", c, "test");
    return db->execAndGet("SELECT id FROM attempts WHERE ticket = 'T1'").getInt64();
}
} // namespace

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
    CHECK(check.entries == 4 + static_cast<std::int64_t>(w.batches()));
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
    auto db = store::open_database(t.file);
    auto check = store::verify_audit(*db);
    REQUIRE(check.intact());
    CHECK(check.answers == 3);
    auto broken_by = [&](std::string const& sql) {
        SQLite::Transaction undo(*db); // rolled back when it leaves: each tamper on its own
        db->exec(sql);
        return store::verify_audit(*db);
    };
    auto edited = broken_by("UPDATE answers SET response = '{\"choice\":\"C\"}' WHERE seq = 2");
    CHECK_FALSE(edited.intact());
    CHECK(edited.first_broken.has_value());
    CHECK(edited.reason.find("changed") != std::string::npos);
    CHECK_FALSE(broken_by("UPDATE answers SET saved_at = 99 WHERE seq = 1").intact());
    auto removed = broken_by("DELETE FROM answers WHERE seq = 3");
    CHECK(removed.reason.find("sequence 3 is missing") != std::string::npos);
    // Two answers swap their sequence numbers: each key still exists, its content does not.
    CHECK_FALSE(broken_by("UPDATE answers SET seq = 100 WHERE seq = 1; "
                          "UPDATE answers SET seq = 1 WHERE seq = 2; "
                          "UPDATE answers SET seq = 2 WHERE seq = 100")
                    .intact());
    auto added = broken_by("INSERT INTO answers VALUES (" + std::to_string(attempt) +
                           ", 4, 'q1', '{\"choice\":\"A\"}', 20)");
    CHECK(added.reason.find("covered by no audit entry") != std::string::npos);
    CHECK(store::verify_audit(*db).intact()); // every tamper above was rolled back
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
