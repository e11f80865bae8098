// What an examiner types becomes the entry the server expects, or a reason it cannot.
#include "client/proctor/marking_form.hpp"

#include <doctest/doctest.h>

using namespace craftmark::client;
using nlohmann::json;

namespace {
using craftmark::protocol::aspect_entries;
using craftmark::protocol::scheme_aspect;

json entry(json const& aspect, std::string const& typed) {
    auto parsed = parse_entry(aspect.get<scheme_aspect>(), typed);
    return std::holds_alternative<json>(parsed) ? std::get<json>(parsed)
                                                : json{{"refused", std::get<std::string>(parsed)}};
}

std::string summary(json const& aspect, json const& mark) {
    return mark_summary(aspect.get<scheme_aspect>(), mark.get<aspect_entries>());
}
} // namespace

TEST_CASE("typed marks become entries") {
    json judgement{{"type", "judgement"}};
    CHECK(entry(judgement, " 2 ") == json{{"score", 2}});
    CHECK(entry(judgement, "4").contains("refused"));
    CHECK(entry(judgement, "2.5").contains("refused"));

    json met{{"type", "measurement"}, {"rule", "all_or_nothing"}};
    CHECK(entry(met, "y") == json{{"met", true}});
    CHECK(entry(met, "n") == json{{"met", false}});
    CHECK(entry(met, "maybe").contains("refused"));

    json faults{
        {"type", "measurement"},
        {"rule", "deductions"},
        {"deductions", {{{"id", "burr"}, {"amount", 1}}, {{"id", "scratch"}, {"amount", 2}}}}};
    CHECK(entry(faults, "") == json{{"faults", json::object()}});
    CHECK(entry(faults, "burr scratch=2 burr") == json{{"faults", {{"burr", 2}, {"scratch", 2}}}});
    CHECK(entry(faults, "dent").at("refused") == "no fault \"dent\" in this aspect");
    CHECK(entry(faults, "burr=x").contains("refused"));
    CHECK(entry(faults, "burr=-1").contains("refused"));

    json bands{{"type", "measurement"}, {"rule", "bands"}, {"nominal", 32.0}, {"unit", "mm"}};
    CHECK(entry(bands, "31.99") == json{{"value", 31.99}});
    CHECK(entry(bands, "31.99mm").contains("refused"));
    CHECK(entry_prompt(bands.get<scheme_aspect>()).find("nominal 32") != std::string::npos);
}

TEST_CASE("an aspect's line shows other judges' scores only when the server sent them") {
    json judgement{{"type", "judgement"}};
    CHECK(summary(judgement, {{"entered", 1}, {"of", 3}, {"mine", {{"score", 2}}}}) ==
          "1/3 judges, mine 2");
    CHECK(summary(judgement, {{"entered", 3},
                              {"of", 3},
                              {"mine", nullptr},
                              {"scores", {{"j1", 1}, {"j2", 3}, {"j3", 2}}}}) ==
          "3/3 judges — j1:1 j2:3 j3:2");
    json met{{"type", "measurement"}, {"rule", "all_or_nothing"}};
    CHECK(summary(met, {{"mine", nullptr}}) == "—");
    CHECK(summary(met, {{"entry", {{"met", true}}}, {"by", "checker"}}) == "met (checker)");
    json faults{{"type", "measurement"}, {"rule", "deductions"}};
    CHECK(summary(faults, {{"entry", {{"faults", {{"burr", 0}}}}}, {"by", "j1"}}) ==
          "no faults (j1)");
    CHECK(summary(faults, {{"entry", {{"faults", {{"burr", 2}, {"dent", 0}}}}}, {"by", "j1"}}) ==
          "faults burr×2 (j1)");
}
