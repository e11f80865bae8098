// The bank room's import, blueprint and assessment definition, over an in-memory fake of its
// port: a workbook handed in as bytes, the items counted by type × knowledge point × difficulty,
// and who may define an assessment.
#include "server/core/bank/bank_desk.hpp"
#include "server/core/bank/bank_workbook.hpp"
#include "shared/crypto/base64.hpp"
#include "shared/sheet/xlsx.hpp"

#include <doctest/doctest.h>

using namespace craftmark;
using nlohmann::json;

namespace {

struct fake_banks final : core::bank_changes {
    std::vector<core::bank> stored;
    std::vector<core::assessment> defined;
    void import_bank(core::bank b,
                     std::vector<core::item_figure>,
                     std::string,
                     std::function<void(std::string)> done) override {
        stored.push_back(std::move(b));
        done("");
    }
    void aside(std::function<void()> work) override { work(); }
    void banks(std::function<void(std::string, std::vector<core::bank>)> done) override {
        done("", stored);
    }
    void put_assessment(core::assessment a,
                        std::string,
                        std::function<void(std::string)> done) override {
        defined.push_back(std::move(a));
        done("");
    }
};

core::item item_of(std::string id, core::item_type type, std::string kp, std::string difficulty) {
    core::item it;
    it.id = std::move(id);
    it.type = type;
    it.knowledge_point = std::move(kp);
    it.difficulty = std::move(difficulty);
    return it;
}

core::session_context admin(std::vector<std::string> scopes) {
    return {protocol::role::admin,
            0,
            {},
            {},
            core::staff_record{"li", "李", "admin", "", std::move(scopes), ""}};
}

core::outcome ask(std::function<void(core::reply_fn)> call) {
    std::optional<core::outcome> reply;
    call([&](core::outcome o) { reply = std::move(o); });
    REQUIRE(reply);
    return *reply;
}

} // namespace

TEST_CASE("the blueprint counts a bank's items by type, knowledge point and difficulty") {
    using core::item_type;
    fake_banks banks;
    core::bank b;
    b.id = "electric";
    b.title = "电工";
    b.items = {item_of("1", item_type::true_false, "B.A.1", "easy"),
               item_of("2", item_type::true_false, "B.A.1", "easy"),
               item_of("3", item_type::true_false, "B.A.1", "hard"),
               item_of("4", item_type::single_choice, "B.A.1", "easy"),
               item_of("5", item_type::single_choice, "", "medium"),
               item_of("6", item_type::description, "B.A.1", "easy")};
    banks.stored = {b};
    core::bank_desk desk;
    desk.set_changes(&banks);
    auto sources = ask([&](auto done) {
                       desk.blueprint(admin({"venue:东区"}), {}, done);
                   }).body.get<protocol::blueprint_sources>();
    CHECK(sources.banks == std::vector<protocol::bank_summary>{{"electric", "电工", 5}});
    CHECK(sources.cells ==
          std::vector<protocol::blueprint_cell>{{"electric", "single_choice", "", "medium", 1},
                                                {"electric", "single_choice", "B.A.1", "easy", 1},
                                                {"electric", "true_false", "B.A.1", "easy", 2},
                                                {"electric", "true_false", "B.A.1", "hard", 1}});
}

TEST_CASE("an assessment is defined by an administrator of the whole centre, a practical too") {
    fake_banks banks;
    core::bank_desk desk;
    desk.set_changes(&banks);
    json theory = {{"kind", "assessment"},
                   {"id", "e4"},
                   {"durationMinutes", 30},
                   {"sections",
                    {{{"id", "tf"},
                      {"draw",
                       {{{"bank", "electric"}, {"type", "true_false"}, {"count", 3}},
                        {{"bank", "electric"}, {"type", "true_false"}, {"count", 2}}}}}}}};
    CHECK(ask([&](auto done) { desk.define(admin({"venue:东区"}), {theory}, done); }).error ==
          protocol::errc::forbidden);
    auto defined = ask([&](auto done) { desk.define(admin({"*"}), {theory}, done); });
    CHECK(defined.body.get<protocol::assessment_defined>() ==
          protocol::assessment_defined{"e4", 5});
    REQUIRE(banks.defined.size() == 1);
    theory["durationMinutes"] = 0;
    CHECK(ask([&](auto done) { desk.define(admin({"*"}), {theory}, done); }).message ==
          "\"durationMinutes\" must be positive");
    CHECK(banks.defined.size() == 1);
    json practical = {{"kind", "assessment"},
                      {"id", "p4"},
                      {"durationMinutes", 120},
                      {"tasks",
                       {{{"id", "T1"},
                         {"sheet", "按图接线。"},
                         {"durationMinutes", 60},
                         {"markingScheme", "wiring"}},
                        {{"id", "T2"},
                         {"sheet", "测量绝缘电阻。"},
                         {"durationMinutes", 60},
                         {"markingScheme", "wiring"}}}}};
    CHECK(ask([&](auto done) {
              desk.define(admin({"*"}), {practical}, done);
          }).body.get<protocol::assessment_defined>() == protocol::assessment_defined{"p4", 0, 2});
    REQUIRE(banks.defined.size() == 2);
    CHECK(banks.defined[1].practical());
}

TEST_CASE("a workbook handed in as bytes is previewed by row and column, then stored") {
    using core::item_type;
    core::bank b;
    b.id = "wiring";
    auto single = item_of("W1", item_type::single_choice, "B.A.1", "easy");
    single.stem = "电阻的单位是";
    single.choices = {{"A", "欧姆", 1, {}}, {"B", "伏特", 0, {}}};
    b.items = {single};
    std::vector<std::string> not_kept;
    auto table = core::bank_table(b, not_kept);
    auto broken = table.rows[1];
    broken.number = 3;
    broken.cells[0] = "W2";
    for (std::size_t c = 0; c < table.rows[0].cells.size(); ++c)
        if (table.rows[0].cells[c].starts_with("答案")) broken.cells[c] = "E"; // not an option
    table.rows.push_back(broken);

    fake_banks banks;
    core::bank_desk desk;
    desk.set_changes(&banks);
    protocol::bank_import request{.name = "wiring.xlsx",
                                  .data = crypto::base64_encode(sheet::xlsx_bytes({table}))};
    auto preview = ask([&](auto done) { desk.import(admin({"*"}), request, done); });
    REQUIRE_FALSE(preview.error);
    auto report = preview.body.get<protocol::bank_report>();
    CHECK(report.format == "xlsx");
    CHECK(report.items == 1);
    REQUIRE(report.diagnostics.size() == 1);
    CHECK(report.diagnostics[0].line == 3);
    CHECK(report.diagnostics[0].column == "答案 Answer");
    CHECK(banks.stored.empty()); // a preview stores nothing

    request.dry_run = false;
    CHECK(ask([&](auto done) { desk.import(admin({"*"}), request, done); }).error ==
          protocol::errc::invalid_field); // an item in error
    CHECK(banks.stored.empty());
    request.skip_bad_rows = true;
    CHECK_FALSE(ask([&](auto done) { desk.import(admin({"*"}), request, done); }).error);
    REQUIRE(banks.stored.size() == 1);
    CHECK(banks.stored[0].id == "wiring");

    request.data = "not base64!";
    auto refused = ask([&](auto done) { desk.import(admin({"*"}), request, done); });
    CHECK(refused.error == protocol::errc::invalid_field);
    CHECK(refused.message == "the file did not arrive whole (its base64 is broken)");
    request.data = crypto::base64_encode("PK\x03\x04 not really a workbook");
    CHECK(ask([&](auto done) {
              desk.import(admin({"*"}), request, done);
          }).message.starts_with("wiring.xlsx: not an .xlsx workbook"));
    request = {.name = "odd.json",
               .content = R"({"kind": "qbank", "bank": {"id": 5}, "items": 3})"};
    CHECK(ask([&](auto done) { desk.import(admin({"*"}), request, done); }).error ==
          protocol::errc::invalid_field);
    CHECK(banks.stored.size() == 1);
}
