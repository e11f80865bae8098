// What JSON parsing costs the certificate check, measured to inform a choice rather than assumed:
// the portal parses each /api/verify request and then every certificate in it with
// nlohmann/json (the project's JSON library). This times those two parses against Boost.JSON
// (in the Boost packages the build already uses) on the same text, in the same run.
// Usage: craftmark-json-bench BODY   (a request body as tools/bench/verify.sh sends it)
// Prints {"certificates": N, "request_us": {...}, "certificate_us": {...}}, microseconds a parse.
#include <boost/json/src.hpp> // Boost.JSON header-only: the benchmark needs no further library
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

// Microseconds a call of `parse` on `text`, best of three rounds of about 0.3 s each (the
// machine is shared: the fastest round is the least disturbed one).
template <class Parse> double microseconds_per_parse(std::string const& text, Parse parse) {
    using steady = std::chrono::steady_clock;
    double best = 1e300;
    for (int round = 0; round < 3; ++round) {
        long calls = 0;
        auto start = steady::now();
        double elapsed = 0;
        while (elapsed < 0.3) {
            parse(text);
            ++calls;
            elapsed = std::chrono::duration<double>(steady::now() - start).count();
        }
        best = std::min(best, elapsed * 1e6 / static_cast<double>(calls));
    }
    return best;
}

nlohmann::json compare(std::string const& text) {
    auto with_nlohmann = microseconds_per_parse(text, [](std::string const& t) {
        if (nlohmann::json::parse(t, nullptr, false).is_discarded())
            throw std::runtime_error("bad");
    });
    auto with_boost = microseconds_per_parse(text, [](std::string const& t) {
        if (!boost::json::parse(t).is_object()) throw std::runtime_error("bad");
    });
    return {{"nlohmann", with_nlohmann}, {"boost_json", with_boost}, {"bytes", text.size()}};
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: craftmark-json-bench BODY\n";
        return 2;
    }
    std::stringstream body;
    body << std::ifstream(argv[1]).rdbuf();
    auto request = nlohmann::json::parse(body.str(), nullptr, false);
    auto pairs = request.contains("certificates") ? request["certificates"]
                                                  : nlohmann::json::array({request});
    if (pairs.empty() || !pairs[0].contains("credential")) {
        std::cerr << "craftmark-json-bench: " << argv[1] << " is not a /api/verify request\n";
        return 1;
    }
    std::cout << nlohmann::json{{"certificates", pairs.size()},
                                {"request_us", compare(body.str())},
                                {"certificate_us",
                                 compare(pairs[0]["credential"].get<std::string>())}}
              << "\n";
}
