// craftmark-ingest-bench: how fast the centre takes venues' outbox entries into PostgreSQL,
// through the real store (store::venue_chains::ingest: the chain's head locked, the repeats
// looked up, the batch inserted, the head moved, one transaction per batch). Each venue is a
// thread with its own connection and its own chain of synthetic answer entries, hashed as a
// venue hashes them. Prints JSON: entries, seconds, entries per second.
#include "server/core/centre/outbox_chain.hpp"
#include "server/store/postgres/centre_schema.hpp"
#include "server/store/postgres/venue_chains.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <thread>

namespace {

using namespace craftmark;

/// A venue's chain of `n` entries like its answer entries: one ticket's save of one item.
std::vector<core::chain_entry> synthetic_chain(std::string const& venue, std::int64_t n) {
    std::vector<core::chain_entry> chain;
    chain.reserve(static_cast<std::size_t>(n));
    std::string prev = core::chain_genesis;
    for (std::int64_t seq = 1; seq <= n; ++seq) {
        auto ticket = venue + "-" + std::to_string(seq % 2000);
        core::chain_entry e{
            seq,
            1'796'000'000'000 + seq * 3,
            "candidate:" + ticket,
            "answer.save",
            ticket,
            R"({"saves":[{"attempt":)" + std::to_string(seq % 2000) + R"(,"seq":)" +
                std::to_string(seq) +
                R"(,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]})",
            prev,
            ""};
        e.hash = core::chain_entry_hash(e);
        prev = e.hash;
        chain.push_back(std::move(e));
    }
    return chain;
}

} // namespace

int main(int argc, char** argv) {
    std::string database;
    int venues = 2;
    std::int64_t entries = 100'000, batch = 1'000;
    CLI::App app{"craftmark-ingest-bench: venues' outbox entries into the centre's PostgreSQL"};
    app.add_option("--database", database, "libpq connection string")->required();
    app.add_option("--venues", venues, "venues sending at once")->capture_default_str();
    app.add_option("--entries", entries, "entries per venue")->capture_default_str();
    app.add_option("--batch", batch, "entries per batch")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    store::pg::connection setup(database);
    store::migrate_centre(setup);
    auto run = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    std::vector<std::vector<core::chain_entry>> chains;
    store::venue_chains(setup).add_organisation({"bench-" + run, "bench", "school"});
    for (int v = 0; v < venues; ++v) {
        auto id = "bench" + std::to_string(v);
        store::venue_chains(setup).add_venue({id + "-" + run, id, "bench-" + run, "-"});
        chains.push_back(synthetic_chain(id, entries));
    }
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> senders;
    for (int v = 0; v < venues; ++v)
        senders.emplace_back([&, v] {
            store::pg::connection db(database);
            store::venue_chains centre(db);
            auto venue = "bench" + std::to_string(v) + "-" + run;
            auto const& chain = chains[static_cast<std::size_t>(v)];
            for (std::size_t at = 0; at < chain.size(); at += static_cast<std::size_t>(batch)) {
                auto end = std::min(chain.size(), at + static_cast<std::size_t>(batch));
                auto report =
                    centre.ingest(venue, "e1", {chain.begin() + at, chain.begin() + end}, "bench");
                if (!report.refusal.empty() || report.applied != std::int64_t(end - at)) {
                    std::cerr << "batch at " << at << " not applied: " << report.refusal << "\n";
                    std::exit(1);
                }
            }
        });
    for (auto& t : senders) t.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto total = entries * venues;
    std::cout << R"({"entries": )" << total << R"(, "venues": )" << venues << R"(, "batch": )"
              << batch << R"(, "seconds": )" << seconds << R"(, "per_second": )"
              << static_cast<std::int64_t>(double(total) / seconds) << "}\n";
}
