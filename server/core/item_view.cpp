#include "server/core/item_view.hpp"

#include "server/core/seeded_random.hpp"
#include "shared/protocol/envelope.hpp"

#include <nlohmann/json.hpp>
#include <numeric>

namespace craftmark::core {

using nlohmann::json;

namespace {

std::uint64_t string_salt(std::string const& s) {
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a: stable across builds
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    return h;
}

std::string option_text(std::string const& id, std::string const& text) {
    return protocol::sendable_text({{"id", id}, {"text", text}});
}

} // namespace

item_view_text write_candidate_view(item const& it) {
    json fixed{{"id", it.id},
               {"type", type_name(it.type)},
               {"stem", {{"format", it.stem_format}, {"text", it.stem}}}};
    if (!it.title.empty()) fixed["title"] = it.title;
    if (!it.media.empty()) fixed["media"] = it.media;
    item_view_text view;
    view.salt = string_salt(it.id);
    if (it.type == item_type::single_choice || it.type == item_type::multiple_choice) {
        view.options_key = "choices";
        view.shuffled = it.shuffle;
        for (auto const& c : it.choices) view.options.push_back(option_text(c.id, c.text));
    } else if (it.type == item_type::matching) {
        fixed["premises"] = json::array();
        for (std::size_t i = 0; i < it.pairs.size(); ++i)
            fixed["premises"].push_back(
                {{"id", "p" + std::to_string(i + 1)}, {"text", it.pairs[i].premise}});
        view.options_key = "responses";
        view.shuffled = true;
        auto responses = matching_responses(it);
        for (std::size_t i = 0; i < responses.size(); ++i)
            view.options.push_back(option_text("r" + std::to_string(i + 1), responses[i]));
    }
    auto text = protocol::sendable_text(fixed);
    view.fixed = text.substr(1, text.size() - 2);
    return view;
}

void append_candidate_view(std::string& out,
                           item_view_text const& view,
                           std::uint64_t order_seed,
                           double points) {
    out += '{';
    out += view.fixed;
    out += R"(,"points":)";
    out += json(points).dump();
    if (!view.options_key.empty()) {
        std::vector<std::size_t> order(view.options.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        if (view.shuffled) seeded_random(derive_seed(order_seed, view.salt)).shuffle(order);
        out += ",\"" + view.options_key + "\":[";
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i > 0) out += ',';
            out += view.options[order[i]];
        }
        out += ']';
    }
    out += '}';
}

} // namespace craftmark::core
