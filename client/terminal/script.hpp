#pragma once
#include "client/terminal/exam_client.hpp"

#include <iosfwd>
#include <nlohmann/json.hpp>

namespace craftmark::client {

/// Answers from a JSON file, for automation and load tests (craftmark-terminal --script FILE):
/// {"ticket":"…","access_code":"…","answers":{"ITEM":{response}},"fill":"first","submit":true}
/// `fill: "first"` answers every other item with its first choice shown (or a placeholder).
struct script {
    std::string ticket;
    std::string access_code;
    nlohmann::json answers = nlohmann::json::object();
    std::string fill = "none";
    bool submit = true;
    int wait_for_open_seconds = 600;
};

/// Reads a script; throws std::invalid_argument naming the problem.
script parse_script(nlohmann::json const& j);

/// A placeholder response that fits the item's type (for fill: "first").
nlohmann::json first_response(protocol::paper_item const& item);

/// Sits the exam without a screen; progress goes to `log`, the summary is returned:
/// {"saved":N,"unanswered":[…],"submitted":bool,"result":…}.
nlohmann::json run_script(exam_options options, script const& s, std::ostream& log);

} // namespace craftmark::client
