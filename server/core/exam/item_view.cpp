#include "server/core/exam/item_view.hpp"

#include "shared/protocol/envelope.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>

namespace craftmark::core {

using nlohmann::json;

namespace {

/// `{"text":…}` written without its opening brace, for an id to go in front.
std::string members_after_id(std::string const& text) {
    return protocol::sendable_text({{"text", text}}).substr(1);
}

void append_with_id(std::string& out, std::string const& id, std::string const& rest) {
    out += R"({"id":")";
    out += id; // drawn from a fixed alphabet: nothing to escape
    out += "\",";
    out += rest;
}

} // namespace

item_view_text write_candidate_view(item const& it) {
    json fixed{{"id", it.id},
               {"type", type_name(it.type)},
               {"stem", {{"format", it.stem_format}, {"text", it.stem}}}};
    if (!it.title.empty()) fixed["title"] = it.title;
    if (!it.media.empty()) fixed["media"] = it.media;
    item_view_text view;
    if (it.type == item_type::single_choice || it.type == item_type::multiple_choice) {
        view.options_key = "choices";
        view.shuffled = it.shuffle;
        for (auto const& c : it.choices) view.options.push_back(members_after_id(c.text));
    } else if (it.type == item_type::matching) {
        view.options_key = "responses";
        view.shuffled = true; // the pairs' order would otherwise pair them
        for (auto const& p : it.pairs) view.premises.push_back(members_after_id(p.premise));
        for (auto const& r : matching_responses(it)) view.options.push_back(members_after_id(r));
    }
    auto text = protocol::sendable_text(fixed);
    view.fixed = text.substr(1, text.size() - 2);
    return view;
}

void append_candidate_view(std::string& out,
                           item_view_text const& view,
                           candidate_ids const& ids,
                           double points) {
    out += '{';
    out += view.fixed;
    out += R"(,"points":)";
    out += json(points).dump();
    if (!view.premises.empty()) {
        out += R"(,"premises":[)";
        for (std::size_t i = 0; i < view.premises.size(); ++i) {
            if (i > 0) out += ',';
            append_with_id(out, ids.premises.at(i), view.premises[i]);
        }
        out += ']';
    }
    if (!view.options_key.empty()) {
        std::vector<std::size_t> order(view.options.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        // The ids are a keyed hash of the attempt's seed, so their order is a shuffle that
        // only the server can reproduce.
        if (view.shuffled)
            std::sort(order.begin(), order.end(),
                      [&](auto a, auto b) { return ids.options.at(a) < ids.options.at(b); });
        out += ",\"" + view.options_key + "\":[";
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i > 0) out += ',';
            append_with_id(out, ids.options.at(order[i]), view.options[order[i]]);
        }
        out += ']';
    }
    out += '}';
}

} // namespace craftmark::core
