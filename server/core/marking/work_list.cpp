// The works examiners mark: one per practical task, or per essay on a paper, of every closed
// attempt. They are made the first time a sitting's works are listed after attempts closed.
#include "server/core/marking/work_list.hpp"

#include "server/core/marking/essay_marking.hpp"
#include "shared/crypto/digest.hpp"

#include <algorithm>
#include <future>

namespace craftmark::core {

// Six characters of Crockford base32: easy to read out, no I/L/O/U.
std::string new_work_code() {
    static constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string code;
    for (unsigned char b : crypto::random_bytes(6)) code += alphabet[b % 32];
    return code;
}

bool wait_for_write(std::function<void(write_done)> const& write) {
    auto stored = std::make_shared<std::promise<bool>>();
    auto result = stored->get_future();
    write([stored](write_status s) { stored->set_value(s != write_status::failed); });
    return result.get();
}

work_list::work_list(sitting_repository& sittings,
                     attempt_repository& attempts,
                     marking_repository& marking)
    : sittings_(sittings), attempts_(attempts), marking_(marking) {}

std::map<std::string, item> work_list::items_by_id(assessment const& a) {
    std::map<std::string, item> items;
    if (a.practical()) return items;
    for (auto const& [bank, list] : sittings_.items_for(a))
        for (auto const& it : list) items.emplace(it.id, it);
    return items;
}

std::vector<work_record> work_list::missing(std::string const& sitting_id,
                                            std::vector<work_record> const& works) {
    auto a = sittings_.find_assessment(sittings_.find_sitting(sitting_id)->assessment_id);
    auto items = items_by_id(*a);
    std::vector<work_record> missing;
    for (auto const& attempt : attempts_.attempts_of(sitting_id)) {
        if (attempt.state != attempt_state::closed) continue;
        // A work per practical task, or per essay on the candidate's paper.
        std::vector<std::string> tasks;
        for (auto const& t : a->tasks) tasks.push_back(t.id);
        if (attempt.paper)
            for (auto const& part : attempt.paper->parts)
                for (auto const& entry : part.entries)
                    if (auto it = items.find(entry.item_id);
                        it != items.end() && it->second.type == item_type::essay)
                        tasks.push_back(essay_task(entry.item_id));
        for (auto const& task : tasks) {
            bool exists = std::any_of(works.begin(), works.end(), [&](work_record const& w) {
                return w.attempt_id == attempt.id && w.task == task;
            });
            if (!exists) missing.push_back({0, sitting_id, attempt.id, task, new_work_code()});
        }
    }
    return missing;
}

void work_list::with_works(std::string const& sitting_id,
                           std::function<void(std::optional<std::vector<work_record>>)> then) {
    auto works = marking_.works(sitting_id);
    auto lacking = missing(sitting_id, works);
    if (lacking.empty()) return then(std::move(works));
    marking_.add_works(lacking, [this, sitting_id, then = std::move(then)](write_status s) {
        if (s == write_status::failed) return then(std::nullopt);
        then(marking_.works(sitting_id));
    });
}

std::vector<work_record> work_list::now(std::string const& sitting_id) {
    auto works = marking_.works(sitting_id);
    auto lacking = missing(sitting_id, works);
    if (lacking.empty()) return works;
    wait_for_write([&](write_done done) { marking_.add_works(lacking, std::move(done)); });
    return marking_.works(sitting_id);
}

} // namespace craftmark::core
