// The disk's durable-commit baseline for the save benchmark: single-row SQLite transactions,
// one after another, with the server's settings (WAL, synchronous=FULL), in a fresh database
// in the given folder (put it on the same disk as the server's data).
// Prints {"commits_per_second": N}.
#include <SQLiteCpp/SQLiteCpp.h>
#include <chrono>
#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: craftmark-commit-bench FOLDER [SECONDS]\n";
        return 2;
    }
    auto file = std::filesystem::path(argv[1]) / "commit-bench.sqlite";
    std::filesystem::remove(file);
    double seconds = argc > 2 ? std::stod(argv[2]) : 5;
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("CREATE TABLE saves (id INTEGER PRIMARY KEY, item TEXT, response TEXT)");
    SQLite::Statement insert(db, "INSERT INTO saves (item, response) VALUES (?, ?)");
    using steady = std::chrono::steady_clock;
    auto start = steady::now();
    long commits = 0;
    while (std::chrono::duration<double>(steady::now() - start).count() < seconds) {
        SQLite::Transaction t(db);
        insert.bind(1, "DG4-001");
        insert.bind(2, R"({"value":true})");
        insert.exec();
        insert.reset();
        t.commit();
        ++commits;
    }
    double elapsed = std::chrono::duration<double>(steady::now() - start).count();
    std::cout << "{\"commits_per_second\": " << static_cast<double>(commits) / elapsed << "}\n";
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
}
