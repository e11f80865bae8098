// Fuzz target: the WebSocket frame decoders, server side (requests and their bodies, upload
// chunks, an answer's mapping from the attempt's option ids to the bank's) and client side
// (replies and pushes). Any input gives a value or a protocol_error, never a crash.
#include "server/core/bank/scoring.hpp"
#include "server/core/exam/candidate_ids.hpp"
#include "shared/protocol/bank_messages.hpp"
#include "shared/protocol/centre_messages.hpp"
#include "shared/protocol/messages.hpp"
#include "shared/protocol/upload_frame.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

template <class Message> void decode_body(nlohmann::json const& body) {
    try {
        Message m;
        from_json(body, m);
    } catch (craftmark::protocol::protocol_error const&) {
    }
}

/// A multiple-choice and a matching item; their ids for seed 7 are in the seed corpus.
std::vector<craftmark::core::item> const& sample_items() {
    using namespace craftmark::core;
    static std::vector<item> const items = [] {
        item mc;
        mc.id = "mc1";
        mc.type = item_type::multiple_choice;
        mc.choices = {{"A", "copper", 0.5, ""}, {"B", "aluminium", 0.5, ""}, {"C", "glass", 0, ""}};
        item ma;
        ma.id = "ma1";
        ma.type = item_type::matching;
        ma.pairs = {{"brown", "live"}, {"blue", "neutral"}, {"black", "live"}};
        ma.distractors = {"earth"};
        return std::vector<item>{mc, ma};
    }();
    return items;
}

/// A save's response of the right shape is mapped to the bank's ids, or refused as naming ids
/// that are not on the item; what is mapped scores and maps back.
void map_response(nlohmann::json const& body) {
    using namespace craftmark::core;
    try {
        craftmark::protocol::answer_save save;
        from_json(body, save);
        for (auto const& it : sample_items()) {
            if (!response_fits(it, save.response)) continue;
            auto ids = draw_candidate_ids(7, it);
            if (auto stored = from_candidate_response(it, ids, save.response)) {
                if (score(it, *stored).points < 0) std::abort();
                to_candidate_response(it, ids, *stored);
            }
        }
    } catch (craftmark::protocol::protocol_error const&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark::protocol;
    std::string_view frame(reinterpret_cast<char const*>(data), size);
    try {
        std::optional<std::int64_t> id;
        auto request = parse_request(frame, id);
        decode_body<sign_in>(request.body);
        decode_body<resume>(request.body);
        decode_body<answer_save>(request.body);
        decode_body<item_flag>(request.body);
        decode_body<upload_begin>(request.body);
        decode_body<bank_import>(request.body);
        decode_body<sitting_create>(request.body);
        decode_body<roster_import>(request.body);
        decode_body<results_export>(request.body);
        decode_body<certificate_issue>(request.body);
        decode_body<certificate_status_change>(request.body);
        decode_body<staff_put>(request.body);
        decode_body<assessment_put>(request.body);
        map_response(request.body);
    } catch (protocol_error const&) {
    }
    try { // binary frames: upload chunks
        std::optional<std::int64_t> id;
        auto chunk = parse_upload_chunk(frame, id);
        if (chunk.payload.size() + upload_header_size != frame.size()) std::abort();
    } catch (protocol_error const&) {
    }
    try {
        auto pushed = parse_incoming(frame);
        if (pushed.type == "time.changed") decode_body<time_status>(pushed.body);
    } catch (protocol_error const&) {
    }
    return 0;
}
