#include "client/terminal/script.hpp"

#include <ostream>
#include <thread>

namespace craftmark::client {

using nlohmann::json;

script parse_script(json const& j) {
    if (!j.is_object()) throw std::invalid_argument("a script is a JSON object");
    script s;
    s.ticket = j.value("ticket", "");
    s.access_code = j.value("access_code", "");
    if (s.ticket.empty() || s.access_code.empty())
        throw std::invalid_argument("a script needs \"ticket\" and \"access_code\"");
    s.answers = j.value("answers", json::object());
    if (!s.answers.is_object())
        throw std::invalid_argument("\"answers\" maps item ids to responses");
    s.fill = j.value("fill", "none");
    if (s.fill != "none" && s.fill != "first")
        throw std::invalid_argument("\"fill\" is none or first");
    s.submit = j.value("submit", true);
    s.wait_for_open_seconds = j.value("wait_for_open_seconds", 600);
    return s;
}

json first_response(protocol::paper_item const& item) {
    auto const& type = item.type;
    if (type == "single_choice" && !item.choices.empty()) return {{"choice", item.choices[0].id}};
    if (type == "multiple_choice" && !item.choices.empty())
        return {{"choices", {item.choices[0].id}}};
    if (type == "true_false") return {{"value", true}};
    if (type == "numerical") return {{"value", 0}};
    if (type == "matching" && !item.responses.empty()) {
        json pairs = json::object();
        for (auto const& p : item.premises) pairs[p.id] = item.responses[0].id;
        return {{"pairs", pairs}};
    }
    return {{"text", "-"}};
}

json run_script(exam_options options, script const& s, std::ostream& log) {
    options.ticket = s.ticket;
    options.access_code = s.access_code;
    exam_client exam(options);
    auto view = exam.start();
    log << "signed in: " << view.candidate.name << " (" << s.ticket << ")\n";
    std::optional<protocol::paper> paper;
    for (int waited = 0; !(paper = exam.open_paper()); ++waited) {
        if (waited >= s.wait_for_open_seconds)
            throw exam_error("sitting_not_open", "the sitting did not open in time");
        if (waited == 0) log << "waiting for the sitting to open\n";
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    auto existing = exam.answers();
    int saved = 0;
    json unanswered = json::array();
    for (auto const& section : paper->sections) {
        for (auto const& item : section.items) {
            auto const& id = item.id;
            if (item.type == "description") continue;
            json response;
            if (s.answers.contains(id))
                response = s.answers[id];
            else if (s.fill == "first" && !existing.count(id))
                response = first_response(item);
            if (response.is_null()) {
                if (!existing.count(id)) unanswered.push_back(id);
                continue;
            }
            exam.save(id, response);
            ++saved;
        }
    }
    log << "answered " << saved << " items; waiting for the server to store them\n";
    if (!exam.wait_until_sent(std::chrono::seconds(60)))
        throw exam_error("not_sent",
                         "answers are kept locally but the server did not acknowledge them");
    json summary{
        {"saved", saved}, {"unanswered", unanswered}, {"submitted", false}, {"result", nullptr}};
    if (s.submit) {
        auto reply = exam.submit();
        summary["submitted"] = true;
        if (reply.result) summary["result"] = *reply.result;
        log << "submitted\n";
    }
    return summary;
}

} // namespace craftmark::client
