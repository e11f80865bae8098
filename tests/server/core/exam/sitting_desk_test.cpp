// The centre's desks driven through the core alone, over in-memory fakes of their ports: a
// roster read row by row (CSV and workbook), the store's word on tickets taken, nothing sent to
// the store while rows are in error, scopes by venue, and certificate progress a push per percent.
#include "server/core/exam/centre_desk.hpp"
#include "server/core/exam/sitting_desk.hpp"
#include "server/core/qualification/certificate_desk.hpp"
#include "shared/crypto/base64.hpp"
#include "shared/sheet/xlsx.hpp"

#include <doctest/doctest.h>

using namespace craftmark;
using nlohmann::json;

namespace {

core::session_context admin(std::vector<std::string> scopes = {"*"}) {
    return {protocol::role::admin,
            0,
            {},
            {},
            core::staff_record{"li", "李", "admin", "", std::move(scopes), ""}};
}

/// Records what reaches the store; the sitting s1 exists, its tickets in `taken` are registered.
struct fake_changes final : core::sitting_changes {
    void aside(std::function<void()> work) override { work(); }
    std::vector<std::string> taken;
    int registrations = 0, stored = 0, created = 0;
    void
    assessments(std::function<void(std::string, std::vector<core::assessment>)> done) override {
        done("", {});
    }
    void create_sitting(core::sitting_record,
                        std::string,
                        std::function<void(std::string, int)> done) override {
        ++created;
        done("", 0);
    }
    void register_candidates(
        std::string sitting_id,
        std::vector<core::candidate_record> people,
        std::string,
        bool dry_run,
        core::sitting_filter may_act,
        std::function<void(std::string, core::sitting_record, std::vector<std::string>)> done)
        override {
        ++registrations;
        core::sitting_record s{.id = sitting_id, .venue = "东区", .checkin = "not_required"};
        if (!may_act(s)) return done("out of scope", {}, {});
        std::vector<std::string> found;
        for (auto const& p : people)
            if (std::find(taken.begin(), taken.end(), p.ticket) != taken.end())
                found.push_back(p.ticket);
        if (!dry_run && found.empty()) ++stored;
        done("", s, found);
    }
};

core::outcome ask(std::function<void(core::reply_fn)> call) {
    std::optional<core::outcome> reply;
    call([&](core::outcome o) { reply = std::move(o); });
    REQUIRE(reply);
    return *reply;
}

protocol::roster_import roster(std::string const& text, bool dry_run = true) {
    return {.sitting_id = "s1",
            .name = "r.csv",
            .data = crypto::base64_encode(text),
            .dry_run = dry_run};
}

std::string const two_wrong = "ticket,name,national_id\n"
                              "T1,甲,110101199003091234\n"
                              "T2,乙,110101199003091235\n" // the check digit is 4
                              "T1,丙,3\n";                 // T1 again

} // namespace

TEST_CASE("a roster is reported row by row, and rows in error keep everyone out of the store") {
    fake_changes changes;
    core::sitting_desk desk;
    desk.set_changes(&changes);
    auto preview = ask([&](auto done) { desk.register_roster(admin(), roster(two_wrong), done); });
    REQUIRE(!preview.error);
    auto report = preview.body.get<protocol::roster_report>();
    CHECK(report.unit == "line");
    CHECK(report.candidates == 1);
    REQUIRE(report.problems.size() == 2);
    CHECK(report.problems[0].row == 3);
    CHECK(
        report.problems[0].message.starts_with("line 3: 身份证号 national_id 110101199003091235"));
    CHECK(report.problems[1] ==
          protocol::roster_problem{4, "line 4: 准考证号 ticket T1 is also on line 2"});
    CHECK(report.preview == std::vector<protocol::roster_line>{{2, "T1", "甲", "", ""}});
    CHECK(report.codes_at == "registration");
    CHECK(!report.registered);

    auto refused =
        ask([&](auto done) { desk.register_roster(admin(), roster(two_wrong, false), done); });
    CHECK(refused.message ==
          "not registered: 2 row(s) in error; correct the file and send it again");
    CHECK(changes.registrations == 1); // the preview's question only
    CHECK(changes.stored == 0);
}

TEST_CASE("tickets the store has already are problems of their rows, and nothing is registered") {
    fake_changes changes;
    changes.taken = {"T2"};
    core::sitting_desk desk;
    desk.set_changes(&changes);
    std::string const sound = "ticket,name,national_id\nT1,甲,1\nT2,乙,2\n";
    auto preview = ask([&](auto done) { desk.register_roster(admin(), roster(sound), done); });
    auto report = preview.body.get<protocol::roster_report>();
    CHECK(report.problems == std::vector<protocol::roster_problem>{
                                 {3, "line 3: 准考证号 ticket T2 is already registered"}});
    auto refused =
        ask([&](auto done) { desk.register_roster(admin(), roster(sound, false), done); });
    CHECK(refused.message == "not registered: 1 ticket(s) already registered");
    changes.taken.clear();
    auto registered =
        ask([&](auto done) { desk.register_roster(admin(), roster(sound, false), done); });
    CHECK(registered.body.get<protocol::roster_report>().registered);
    CHECK(changes.stored == 1);
}

TEST_CASE(
    "a roster workbook is read by its rows, and a broken file or one out of scope is refused") {
    fake_changes changes;
    core::sitting_desk desk;
    desk.set_changes(&changes);
    sheet::table t{
        "考生",
        {{1, {"准考证号", "姓名", "身份证号"}}, {2, {"W1", "王芳", "1"}}, {3, {"W2", "", "2"}}},
        {}};
    auto workbook = protocol::roster_import{.sitting_id = "s1",
                                            .name = "名单.xlsx",
                                            .data = crypto::base64_encode(sheet::xlsx_bytes({t}))};
    auto report = ask([&](auto done) {
                      desk.register_roster(admin(), workbook, done);
                  }).body.get<protocol::roster_report>();
    CHECK(report.unit == "row");
    CHECK(report.candidates == 1);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].row == 3);

    workbook.sheet = "成绩";
    CHECK(ask([&](auto done) { desk.register_roster(admin(), workbook, done); }).message ==
          "名单.xlsx has no sheet 成绩");
    auto broken = roster("");
    broken.data = "not base64!";
    CHECK(ask([&](auto done) { desk.register_roster(admin(), broken, done); }).message ==
          "the file did not arrive whole (its base64 is broken)");
    CHECK(ask([&](auto done) {
              desk.register_roster(admin({"venue:西区"}), roster("T1,甲,1\n"), done);
          }).message == "out of scope");
}

TEST_CASE("an administrator scoped to a venue schedules sittings there only") {
    fake_changes changes;
    core::sitting_desk desk;
    desk.set_changes(&changes);
    protocol::sitting_create west{.sitting_id = "w1", .assessment = "a", .venue = "西区"};
    auto refused = ask([&](auto done) { desk.create(admin({"venue:东区"}), west, done); });
    CHECK(refused.error == protocol::errc::forbidden);
    CHECK(changes.created == 0);
    west.venue = "东区";
    auto made = ask([&](auto done) { desk.create(admin({"venue:东区"}), west, done); });
    CHECK(made.body.get<protocol::sitting_created>().codes_at == "check_in");
    CHECK(changes.created == 1);
}

namespace {

/// Signs `count` certificates, reporting each.
struct fake_signing final : core::certificate_changes {
    std::int64_t count = 0;
    void results(std::string,
                 core::sitting_filter,
                 std::function<void(std::string, std::vector<core::result_row>)> done) override {
        done("", {});
    }
    void issue(std::string,
               core::sitting_filter,
               std::string,
               std::function<void(std::int64_t, std::int64_t)> progress,
               std::function<void(std::string, protocol::certificate_issue_report)> done) override {
        for (std::int64_t n = 1; n <= count; ++n) progress(n, count);
        done("", {.issued = count});
    }
    void list(std::string,
              core::sitting_filter,
              std::function<void(std::string, protocol::certificate_list)> done) override {
        done("", {});
    }
    void set_status(protocol::certificate_status_change,
                    core::sitting_filter,
                    std::string,
                    std::function<void(std::string)> done) override {
        done("");
    }
};

} // namespace

TEST_CASE(
    "signing 250 certificates pushes progress at most once per percent, the last at 250 of 250") {
    fake_signing signing;
    signing.count = 250;
    core::certificate_desk desk;
    desk.set_changes(&signing);
    auto ctx = admin();
    std::vector<json> pushes;
    ctx.push = [&](std::string frame) { pushes.push_back(json::parse(frame)); };
    auto reply = ask([&](auto done) { desk.issue(ctx, {"s1"}, done); });
    CHECK(reply.body.get<protocol::certificate_issue_report>().issued == 250);
    CHECK(pushes.size() == 101); // 0 % (the first one signed) to 100 %
    CHECK(pushes.front()["type"] == "certificate.progress");
    CHECK(pushes.back()["body"] == json{{"sitting_id", "s1"}, {"done", 250}, {"total", 250}});
    auto empty = ask([&](auto done) { desk.export_results(ctx, {"s1", "csv"}, done); });
    CHECK(empty.message == "no candidates registered for s1");
}

namespace {

/// Staff accounts in memory; the audit log verifies.
struct fake_records final : core::centre_records {
    std::vector<core::staff_record> accounts;
    std::optional<std::string> last_password;
    void staff(std::function<void(std::string, std::vector<core::staff_record>)> done) override {
        done("", accounts);
    }
    void put_staff(core::staff_record account,
                   std::optional<std::string> password,
                   std::string,
                   std::function<void(std::string)> done) override {
        last_password = password;
        accounts.push_back(std::move(account));
        done("");
    }
    void verify_audit(std::function<void(std::string, protocol::audit_verdict)> done) override {
        done("", {.intact = true, .entries = 3});
    }
};

} // namespace

TEST_CASE("staff accounts are the whole centre's administrators' to change, never their own") {
    util::manual_clock clock;
    core::staff_sessions sessions(clock, std::chrono::minutes(30));
    struct : core::notifier {
        std::vector<std::string> ended;
        void to_attempt(std::int64_t, std::string) override {}
        void to_sitting(std::string const&, std::string) override {}
        void to_staff(std::string const&, std::string) override {}
        bool watched(std::string const&) override { return false; }
        void end_attempt_sessions(std::int64_t, std::string) override {}
        void end_staff_sessions(std::string const& username, std::string frame) override {
            ended.push_back(username + " " + frame);
        }
    } notify;
    fake_records records;
    core::centre_desk desk(sessions, notify);
    desk.set_records(&records);

    protocol::staff_put wang{{"wang", "王老师", "proctor", {"venue:东区"}, ""}, ""};
    auto venue_admin = ask([&](auto done) { desk.put_staff(admin({"venue:东区"}), wang, done); });
    CHECK(venue_admin.error == protocol::errc::forbidden);
    CHECK(ask([&](auto done) { desk.verify_audit(admin({"venue:东区"}), {}, done); }).error ==
          protocol::errc::forbidden);
    CHECK(records.accounts.empty());

    protocol::staff_put self{{"li", "李", "proctor", {"*"}, ""}, ""};
    CHECK(ask([&](auto done) { desk.put_staff(admin(), self, done); }).error ==
          protocol::errc::forbidden);

    auto session = sessions.open("wang");
    auto saved = ask([&](auto done) { desk.put_staff(admin(), wang, done); });
    REQUIRE(!saved.error);
    CHECK(!records.last_password); // empty: an existing account keeps its own
    CHECK(!sessions.touch(session.id));
    REQUIRE(notify.ended.size() == 1);
    CHECK(notify.ended[0].find("account_changed") != std::string::npos);
    auto listed = ask([&](auto done) { desk.list_staff(admin(), {}, done); });
    CHECK(listed.body.get<protocol::staff_list>().staff ==
          std::vector<protocol::staff_account>{{"wang", "王老师", "proctor", {"venue:东区"}, ""}});
    CHECK(ask([&](auto done) { desk.verify_audit(admin(), {}, done); }).body["entries"] == 3);
}
