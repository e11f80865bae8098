#include "server/store/answer_log.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/logged_answers.hpp"
#include "server/store/statement_cache.hpp"
#include "server/store/writer.hpp"
#include "tests/server/store/store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

using namespace craftmark;
using namespace craftmark::testing;

namespace {

// The answer log on a writer of its own, folding at `fold_at` rows, as sqlite_store runs it.
struct logged_answers {
    store::writer w;
    store::answer_log log;
    std::int64_t attempt;

    logged_answers(temp_db const& t,
                   std::int64_t of_attempt,
                   std::size_t fold_at,
                   std::size_t slice = 2048)
        : w(t.file), log(w, {.at = fold_at, .slice = slice}), attempt(of_attempt) {}

    core::write_status save(std::int64_t seq, std::string const& choice) {
        auto status = core::write_status::failed;
        core::answer_record a{attempt, "q1", seq, {{"choice", choice}}, 100 + seq};
        bool durable = w.run_sync([&](SQLite::Database& db) {
            status = log.append(db, w.statements(), a, a.response.dump());
        });
        return durable ? status : core::write_status::failed;
    }
};

int rows(temp_db const& t, std::string const& table) {
    auto db = store::open_reader(t.file);
    return db->execAndGet("SELECT count(*) FROM " + table).getInt();
}

std::string seqs_in(temp_db const& t, std::string const& table) {
    auto db = store::open_reader(t.file);
    return db
        ->execAndGet("SELECT coalesce(group_concat(seq), '') FROM (SELECT seq FROM " + table +
                     " ORDER BY seq)")
        .getString();
}

store::audit_check audit_of(temp_db const& t) {
    auto db = store::open_reader(t.file);
    return store::verify_audit(*db);
}

bool audit_intact(temp_db const& t) {
    return audit_of(t).intact();
}

// The first of `n` attempts in a row (T1, T2, …), as registering them numbers them.
std::int64_t seed_attempts(temp_db const& t, int n) {
    auto first = seed_attempt(t.file);
    auto db = store::open_database(t.file);
    std::vector<core::candidate_record> more;
    for (int i = 2; i <= n; ++i)
        more.push_back({"", "T" + std::to_string(i), "考生", std::to_string(110 + i),
                        std::to_string(i), "", ""});
    store::register_candidates(*db, "s", more, "test");
    return first;
}

} // namespace

TEST_CASE("saves go to the log and are folded into answers_kept in order once it is full") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    logged_answers a(t, attempt, 4);
    for (int seq = 1; seq <= 3; ++seq) CHECK(a.save(seq, "A") == core::write_status::stored);
    CHECK(rows(t, "answer_log") == 3);
    CHECK(rows(t, "answers_kept") == 0);
    CHECK(rows(t, "answers") == 3);                      // the view reads the log
    CHECK(a.save(4, "A") == core::write_status::stored); // the fourth fills the log: folded
    CHECK(rows(t, "answer_log") == 0);
    CHECK(seqs_in(t, "answers_kept") == "1,2,3,4");
    CHECK(a.save(5, "B") == core::write_status::stored);
    CHECK(rows(t, "answers") == 5);
    auto check = audit_of(t);
    CHECK(check.intact());
    CHECK(check.answers == 5);
}

TEST_CASE("a save sent again is a duplicate, and a different one a conflict, in the log or kept") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    logged_answers a(t, attempt, 3);
    for (int seq = 1; seq <= 4; ++seq) CHECK(a.save(seq, "A") == core::write_status::stored);
    REQUIRE(seqs_in(t, "answers_kept") == "1,2,3");
    REQUIRE(seqs_in(t, "answer_log") == "4");
    CHECK(a.save(2, "A") == core::write_status::duplicate); // kept
    CHECK(a.save(2, "B") == core::write_status::conflict);
    CHECK(a.save(4, "A") == core::write_status::duplicate); // in the log
    CHECK(a.save(4, "B") == core::write_status::conflict);
    CHECK(rows(t, "answers") == 4);
}

TEST_CASE("a batch that folded and then failed leaves the log as it was and nothing twice") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    logged_answers a(t, attempt, 3);
    CHECK(a.save(1, "A") == core::write_status::stored);
    CHECK(a.save(2, "A") == core::write_status::stored);
    a.w.fail_commits_for_test(true);
    CHECK(a.save(3, "A") == core::write_status::failed); // it filled the log and folded it
    a.w.fail_commits_for_test(false);
    CHECK(seqs_in(t, "answer_log") == "1,2");
    CHECK(rows(t, "answers_kept") == 0);
    // What the rolled-back fold had moved is known to be in the log again.
    CHECK(a.save(2, "A") == core::write_status::duplicate);
    CHECK(a.save(2, "B") == core::write_status::conflict);
    CHECK(a.save(3, "A") == core::write_status::stored);
    CHECK(seqs_in(t, "answers_kept") == "1,2,3");
    CHECK(audit_intact(t));
}

TEST_CASE("what a stopped server left in the log is folded when the next one starts") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    {
        logged_answers a(t, attempt, 100);
        for (int seq = 1; seq <= 3; ++seq) CHECK(a.save(seq, "A") == core::write_status::stored);
    }
    REQUIRE(rows(t, "answer_log") == 3);
    logged_answers again(t, attempt, 100);
    CHECK(rows(t, "answer_log") == 0);
    CHECK(seqs_in(t, "answers_kept") == "1,2,3");
    CHECK(again.save(3, "A") == core::write_status::duplicate);
    CHECK(again.save(3, "B") == core::write_status::conflict);
    CHECK(again.save(4, "A") == core::write_status::stored);
}

TEST_CASE("a fold that fails keeps the saves in the log and does not fail the batch") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    logged_answers a(t, attempt, 2);
    {
        auto db = store::open_database(t.file);
        db->exec("CREATE TRIGGER refuse BEFORE INSERT ON answers_kept "
                 "BEGIN SELECT RAISE(ABORT, 'no room'); END");
    }
    for (int seq = 1; seq <= 3; ++seq) CHECK(a.save(seq, "A") == core::write_status::stored);
    CHECK(seqs_in(t, "answer_log") == "1,2,3");
    CHECK(a.save(2, "A") == core::write_status::duplicate);
    store::open_database(t.file)->exec("DROP TRIGGER refuse");
    // The cycle the database refused never started: the next batch starts it with every row.
    CHECK(a.save(4, "A") == core::write_status::stored);
    CHECK(seqs_in(t, "answers_kept") == "1,2,3,4");
    CHECK(rows(t, "answer_log") == 0);
    CHECK(a.save(5, "A") == core::write_status::stored);
    CHECK(seqs_in(t, "answers") == "1,2,3,4,5");
    CHECK(audit_intact(t));
}

TEST_CASE("a fold in slices of attempts shows every answer once, and survives a failed batch") {
    temp_db t;
    auto first = seed_attempts(t, 3);
    // Six rows start a fold; slices of two rows: one attempt each.
    logged_answers a(t, first, 6, 2);
    auto save_as = [&](std::int64_t attempt, std::int64_t seq) {
        a.attempt = attempt;
        return a.save(seq, "A");
    };
    for (std::int64_t attempt = first; attempt < first + 3; ++attempt)
        for (int seq = 1; seq <= 2; ++seq)
            REQUIRE(save_as(attempt, seq) == core::write_status::stored);
    // The sixth save's batch planned three slices and moved the first attempt.
    auto kept = [&] { return rows(t, "answers_kept"); };
    CHECK(kept() == 2);
    CHECK(rows(t, "answer_log") == 6);
    CHECK(rows(t, "answers") == 6); // nothing shown twice
    a.w.fail_commits_for_test(true);
    CHECK(save_as(first, 3) == core::write_status::failed); // its slice was rolled back too
    a.w.fail_commits_for_test(false);
    CHECK(kept() == 2);
    // Every batch moves the next slice, whatever its jobs stored.
    CHECK(save_as(first, 1) == core::write_status::duplicate); // moved, and still known
    CHECK(kept() == 4);
    CHECK(rows(t, "answers") == 6);
    CHECK(save_as(first + 1, 2) == core::write_status::duplicate); // the third: the log goes
    CHECK(kept() == 6);
    CHECK(rows(t, "answer_log") == 0);
    CHECK(save_as(first, 3) == core::write_status::stored);
    CHECK(save_as(first + 2, 3) == core::write_status::stored);
    CHECK(seqs_in(t, "answer_log") == "3,3");
    CHECK(rows(t, "answers") == 8);
    CHECK(save_as(first + 2, 2) == core::write_status::duplicate);
    auto check = audit_of(t);
    CHECK(check.intact());
    CHECK(check.answers == 8);
}

TEST_CASE("a batch moves at least twice the rows it added, so the log never outgrows its fold") {
    temp_db t;
    auto first = seed_attempts(t, 4);
    // Four rows start a fold; a slice holds one row: one attempt each.
    logged_answers a(t, first, 4, 1);
    for (std::int64_t attempt = first; attempt < first + 4; ++attempt) {
        a.attempt = attempt;
        REQUIRE(a.save(1, "A") == core::write_status::stored);
    }
    // The fourth save's batch added one row: it moved two slices, not one.
    CHECK(rows(t, "answers_kept") == 2);
    a.attempt = first;
    CHECK(a.save(2, "A") == core::write_status::stored);
    CHECK(rows(t, "answers_kept") == 4);
    CHECK(seqs_in(t, "answer_log") == "2");
    CHECK(rows(t, "answers") == 5);
    CHECK(audit_intact(t));
}

TEST_CASE("the moved rows leave the log a range per batch, and a failed batch deletes none") {
    temp_db t;
    auto attempt = seed_attempt(t.file);
    // Forty rows start a fold; slices of one row delete ranges of sixteen.
    logged_answers a(t, attempt, 40, 1);
    for (int seq = 1; seq <= 40; ++seq) REQUIRE(a.save(seq, "A") == core::write_status::stored);
    // The fortieth save's batch moved the attempt, all forty, and deleted rows 1 – 16.
    CHECK(rows(t, "answers_kept") == 40);
    CHECK(rows(t, "answer_log") == 24);
    CHECK(rows(t, "answers") == 40);
    a.w.fail_commits_for_test(true);
    CHECK(a.save(41, "A") == core::write_status::failed);
    a.w.fail_commits_for_test(false);
    CHECK(rows(t, "answer_log") == 24);
    CHECK(a.save(20, "A") == core::write_status::duplicate); // moved, and still known
    CHECK(rows(t, "answer_log") == 8);                       // rows 17 – 32 went
    CHECK(a.save(41, "A") == core::write_status::stored);
    CHECK(seqs_in(t, "answer_log") == "41"); // the last range went, and the cycle ended
    CHECK(a.save(41, "A") == core::write_status::duplicate);
    CHECK(a.save(40, "B") == core::write_status::conflict);
    auto check = audit_of(t);
    CHECK(check.intact());
    CHECK(check.answers == 41);
}

TEST_CASE("the log's keys in memory: found below an attempt's highest sequence too, and "
          "forgotten a prefix per attempt") {
    store::logged_answers keys;
    keys.add({7, 1}, 10);
    keys.add({3, 5}, 11);
    keys.add({7, 3}, 12);
    keys.add({7, 2}, 13); // a journal replayed out of order: below the highest, and new
    CHECK(keys.size() == 4);
    CHECK(keys.rowid_of({7, 2}) == 13);
    CHECK(keys.rowid_of({7, 3}) == 12);
    CHECK_FALSE(keys.rowid_of({7, 4})); // above the highest
    CHECK_FALSE(keys.rowid_of({7, 0}));
    CHECK_FALSE(keys.rowid_of({4, 1})); // an attempt with nothing logged
    // The fold walks attempts in order and each attempt's rows by rowid.
    auto first = keys.after(0);
    REQUIRE(first != keys.end());
    CHECK(first->first == 3);
    CHECK(std::next(first)->second.rows.front().rowid == 10);
    keys.forget({{3, 5}, {7, 1}, {7, 3}});
    CHECK(keys.size() == 1);
    CHECK_FALSE(keys.rowid_of({3, 5}));
    CHECK_FALSE(keys.rowid_of({7, 1}));
    CHECK(keys.rowid_of({7, 2}) == 13);
    CHECK(keys.after(0)->first == 7); // attempt 3 has nothing left
}
