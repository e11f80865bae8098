#pragma once
#include "shared/protocol/exam_replies.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace craftmark::client {

/// One question of the paper as the terminal numbers it (1, 2, 3, … across sections).
struct question {
    int number = 0;
    std::string section_title;
    protocol::paper_item item;
    std::string const& id() const { return item.id; }
};

std::vector<question> flatten(protocol::paper const& paper);

enum class question_state { unanswered, answered, flagged };

/// Flagged wins over answered: the candidate asked to come back to it.
question_state state_of(question const& q,
                        std::map<std::string, nlohmann::json> const& answers,
                        std::set<std::string> const& flags);

bool has_answer(nlohmann::json const& response);

/// The numbers of the questions with no answer, for the submit confirmation.
std::vector<int> unanswered_numbers(std::vector<question> const& paper,
                                    std::map<std::string, nlohmann::json> const& answers);

/// The response after the candidate picks option `index` (0-based, in the order shown).
/// Single choice and true/false replace the answer; multiple choice toggles the option.
nlohmann::json pick_option(question const& q, nlohmann::json const& current, std::size_t index);

/// The options shown for choice-like items: choice texts, or 正确/错误 for true/false.
std::vector<std::string> option_texts(question const& q);

/// Whether option `index` is selected in `response`.
bool is_picked(question const& q, nlohmann::json const& response, std::size_t index);

/// The response after matching premise `premise` (0-based) with response `choice` (0-based).
nlohmann::json pick_match(question const& q,
                          nlohmann::json const& current,
                          std::size_t premise,
                          std::size_t choice);

/// Turns typed text into a response for short answer, numerical and essay items; nullopt
/// when a numerical answer is not a number.
std::optional<nlohmann::json> text_response(question const& q, std::string const& text);

/// What the final screen says of a submit's or result.get's `result`: a score and pass or fail
/// only for a final result (released, nothing awaiting marking); otherwise that results come
/// after marking.
std::vector<std::string> result_lines(std::optional<protocol::exam_result> const& result);

} // namespace craftmark::client
