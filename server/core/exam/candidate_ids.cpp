#include "server/core/exam/candidate_ids.hpp"

#include "shared/crypto/digest.hpp"

#include <algorithm>
#include <set>

namespace craftmark::core {

using nlohmann::json;

namespace {

// Lower-case letters and digits without the look-alikes l/1 and o/0: ids are also read aloud
// ("I chose k7qm") and typed in a script.
constexpr std::string_view alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
constexpr std::size_t token_length = 4; // 2^20 per id; ids repeating within an item are redrawn

/// SHA-256 over the seed and the item, in numbered blocks: a keyed hash whose key (the seed)
/// no candidate ever sees (only staff, in the audit log). Hand-written over OpenSSL's SHA-256
/// rather than HMAC because the key is fixed-length and the output is never shown whole, so length
/// extension gains nothing.
class token_stream {
  public:
    token_stream(std::uint64_t seed, std::string_view item_id) {
        for (int shift = 56; shift >= 0; shift -= 8) prefix_ += static_cast<char>(seed >> shift);
        prefix_ += "craftmark.candidate-ids";
        prefix_ += '\0';
        prefix_ += item_id;
        prefix_ += '\0';
    }

    std::string next() {
        std::string token;
        for (std::size_t i = 0; i < token_length; ++i) {
            if (used_ == block_.size()) refill();
            token += alphabet[static_cast<unsigned char>(block_[used_++]) % alphabet.size()];
        }
        return token;
    }

  private:
    void refill() {
        std::string input = prefix_;
        for (int shift = 24; shift >= 0; shift -= 8) input += static_cast<char>(counter_ >> shift);
        ++counter_;
        block_ = crypto::sha256(input);
        used_ = 0;
    }

    std::string prefix_;
    std::string block_;
    std::size_t used_ = 0;
    std::uint32_t counter_ = 0;
};

std::string pair_premise(std::size_t i) {
    return "p" + std::to_string(i + 1);
}
std::string pair_response(std::size_t j) {
    return "r" + std::to_string(j + 1);
}

std::optional<std::size_t> index_of(std::vector<std::string> const& ids, std::string_view id) {
    auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end()) return std::nullopt;
    return static_cast<std::size_t>(it - ids.begin());
}

/// The bank's index for the id written `stored` in a stored response ("B", "p2", "r3").
std::optional<std::size_t> stored_index(item const& it, std::string const& stored) {
    if (it.type == item_type::matching) {
        if (stored.size() < 2) return std::nullopt;
        auto n = std::atoi(stored.c_str() + 1);
        if (n < 1) return std::nullopt;
        return static_cast<std::size_t>(n - 1);
    }
    for (std::size_t i = 0; i < it.choices.size(); ++i)
        if (it.choices[i].id == stored) return i;
    return std::nullopt;
}

/// How often a matching response may be named: once, or as often as the pairs use it.
std::vector<std::size_t> response_uses(item const& it) {
    auto responses = matching_responses(it);
    std::vector<std::size_t> uses(responses.size(), 1);
    for (std::size_t j = 0; j < responses.size(); ++j) {
        auto n = std::count_if(it.pairs.begin(), it.pairs.end(),
                               [&](match_pair const& p) { return p.response == responses[j]; });
        uses[j] = std::max<std::size_t>(1, static_cast<std::size_t>(n));
    }
    return uses;
}

std::optional<json>
matching_from_candidate(item const& it, candidate_ids const& ids, json const& pairs) {
    auto uses = response_uses(it);
    json stored = json::object();
    for (auto const& [premise, response] : pairs.items()) {
        auto p = ids.premise_index(premise);
        auto r = ids.option_index(response.get_ref<std::string const&>());
        if (!p || !r || uses[*r] == 0) return std::nullopt;
        --uses[*r];
        stored[pair_premise(*p)] = pair_response(*r);
    }
    return json{{"pairs", std::move(stored)}};
}

} // namespace

std::optional<std::size_t> candidate_ids::option_index(std::string_view id) const {
    return index_of(options, id);
}

std::optional<std::size_t> candidate_ids::premise_index(std::string_view id) const {
    return index_of(premises, id);
}

candidate_ids draw_candidate_ids(std::uint64_t seed,
                                 std::string_view item_id,
                                 std::size_t options,
                                 std::size_t premises) {
    token_stream stream(seed, item_id);
    std::set<std::string> taken;
    auto fresh = [&] {
        for (;;)
            if (auto t = stream.next(); taken.insert(t).second) return t;
    };
    candidate_ids ids;
    for (std::size_t i = 0; i < options; ++i) ids.options.push_back(fresh());
    for (std::size_t i = 0; i < premises; ++i) ids.premises.push_back(fresh());
    return ids;
}

candidate_ids draw_candidate_ids(std::uint64_t seed, item const& it) {
    switch (it.type) {
    case item_type::single_choice:
    case item_type::multiple_choice: return draw_candidate_ids(seed, it.id, it.choices.size(), 0);
    case item_type::matching:
        return draw_candidate_ids(seed, it.id, matching_responses(it).size(), it.pairs.size());
    default: return {};
    }
}

json to_candidate_response(item const& it, candidate_ids const& ids, json const& stored) {
    if (!stored.is_object() || stored.empty()) return stored;
    auto shown = [&](std::vector<std::string> const& tokens,
                     std::string const& id) -> std::optional<std::string> {
        auto i = stored_index(it, id);
        if (!i || *i >= tokens.size()) return std::nullopt;
        return tokens[*i];
    };
    if (it.type == item_type::single_choice && stored.contains("choice")) {
        if (auto t = shown(ids.options, stored["choice"].get<std::string>()))
            return {{"choice", *t}};
        return json::object();
    }
    if (it.type == item_type::multiple_choice && stored.contains("choices")) {
        json choices = json::array();
        for (auto const& c : stored["choices"])
            if (auto t = shown(ids.options, c.get<std::string>())) choices.push_back(*t);
        return {{"choices", std::move(choices)}};
    }
    if (it.type == item_type::matching && stored.contains("pairs")) {
        json pairs = json::object();
        for (auto const& [premise, response] : stored["pairs"].items()) {
            auto p = shown(ids.premises, premise);
            auto r = shown(ids.options, response.get<std::string>());
            if (p && r) pairs[*p] = *r;
        }
        return {{"pairs", std::move(pairs)}};
    }
    return stored;
}

std::optional<json>
from_candidate_response(item const& it, candidate_ids const& ids, json const& response) {
    if (response.empty()) return response;
    switch (it.type) {
    case item_type::single_choice: {
        auto i = ids.option_index(response["choice"].get_ref<std::string const&>());
        if (!i) return std::nullopt;
        return json{{"choice", it.choices[*i].id}};
    }
    case item_type::multiple_choice: {
        json choices = json::array();
        std::set<std::size_t> seen;
        for (auto const& c : response["choices"]) {
            auto i = ids.option_index(c.get_ref<std::string const&>());
            if (!i || !seen.insert(*i).second) return std::nullopt;
            choices.push_back(it.choices[*i].id);
        }
        return json{{"choices", std::move(choices)}};
    }
    case item_type::matching: return matching_from_candidate(it, ids, response["pairs"]);
    default: return response;
    }
}

} // namespace craftmark::core
