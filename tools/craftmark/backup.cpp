#include "tools/craftmark/backup.hpp"

#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/passphrase.hpp"
#include "shared/util/files.hpp"
#include "shared/util/time_text.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <sqlite3.h>
#include <stdexcept>

namespace craftmark::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char const* database_file = "craftmark.db";
constexpr char const* manifest_file = "manifest.json";
/// What a data folder holds besides the database. Not `checking/` (scratch), not the log.
constexpr char const* folders[] = {"uploads", "media", "checkers", "credentials", "public", "pki"};
constexpr int kdf_iterations = 600'000; // OWASP's figure for PBKDF2-HMAC-SHA256

bool is_private_key(fs::path const& relative) {
    return relative.extension() == ".key";
}

/// The manifest's authenticated text: everything but the MAC, in nlohmann's sorted key order.
std::string signed_part(json manifest) {
    manifest.erase("mac");
    return manifest.dump();
}

std::string mac_key(std::string const& passphrase, json const& manifest) {
    auto salt = manifest.at("kdf").at("salt").get<std::string>();
    return crypto::derive_key(passphrase, salt, manifest.at("kdf").at("iterations").get<int>());
}

/// A manifest's path, refused unless it stays inside the backup (no "..", no absolute path).
fs::path inside(fs::path const& root, std::string const& relative) {
    fs::path p(relative);
    if (relative.empty() || p.is_absolute())
        throw std::runtime_error("the manifest names a path outside the backup: " + relative);
    for (auto const& part : p)
        if (part == "..")
            throw std::runtime_error("the manifest names a path outside the backup: " + relative);
    return root / p;
}

std::int64_t check_audit(fs::path const& database) {
    auto check = store::verify_audit(*store::open_reader(database));
    if (!check.intact()) throw std::runtime_error("the audit log does not verify: " + check.reason);
    return check.entries;
}

} // namespace

backup_report make_backup(fs::path const& data,
                          fs::path const& destination,
                          std::string const& passphrase,
                          std::string const& actor,
                          std::function<void(std::string const&)> const& progress) {
    if (fs::exists(destination) && !fs::is_empty(destination))
        throw std::runtime_error(destination.string() +
                                 " is not empty: a backup goes into a new folder");
    fs::create_directories(destination);
    backup_report report;
    json files = json::array();
    auto record = [&](fs::path const& relative, bool encrypted) {
        auto file = destination / relative;
        files.push_back({{"path", relative.generic_string()},
                         {"size", fs::file_size(file)},
                         {"sha256", crypto::sha256_file_hex(file)},
                         {"encrypted", encrypted}});
        report.files += 1;
        report.bytes += fs::file_size(file);
    };

    // The database first: every upload it records as complete is already whole on disk.
    progress("database");
    {
        auto source = store::open_reader(data / database_file);
        SQLite::Database copy((destination / database_file).string(),
                              SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        SQLite::Backup online(copy, *source);
        // A few thousand pages at a time, so that the server's writer is never held up long.
        while (online.executeStep(4096) != SQLITE_DONE) {
        }
        // A file that stands alone: no write-ahead log beside it.
        copy.exec("PRAGMA journal_mode = DELETE");
    }
    report.audit_entries = check_audit(destination / database_file);
    record(database_file, false);

    for (auto const* folder : folders) {
        if (!fs::exists(data / folder)) continue;
        progress(folder);
        for (auto const& entry : fs::recursive_directory_iterator(data / folder)) {
            if (!entry.is_regular_file()) continue;
            auto relative = fs::relative(entry.path(), data);
            fs::create_directories((destination / relative).parent_path());
            bool encrypt = is_private_key(relative);
            if (encrypt) {
                util::write_file_atomically(
                    destination / relative,
                    crypto::encrypt_private_key(util::read_file(entry.path()), passphrase),
                    util::file_kind::secret);
            } else {
                fs::copy_file(entry.path(), destination / relative);
            }
            record(relative, encrypt);
        }
    }

    auto salt = crypto::random_hex(16);
    json manifest{
        {"format", "craftmark-backup"},
        {"version", 1},
        {"created", util::iso8601(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count())},
        {"by", actor},
        {"source", fs::absolute(data).string()},
        {"audit_entries", report.audit_entries},
        {"kdf", {{"name", "PBKDF2-HMAC-SHA256"}, {"salt", salt}, {"iterations", kdf_iterations}}},
        {"files", files}};
    manifest["mac"] = crypto::hmac_sha256_hex(mac_key(passphrase, manifest), signed_part(manifest));
    util::write_file_atomically(destination / manifest_file, manifest.dump(2) + "\n");
    return report;
}

backup_report restore_backup(fs::path const& source,
                             fs::path const& destination,
                             std::string const& passphrase,
                             std::function<void(std::string const&)> const& progress) {
    if (fs::exists(destination))
        throw std::runtime_error(destination.string() +
                                 " exists: restore into a new folder, then put it in place "
                                 "with the server stopped");
    progress("manifest");
    json manifest;
    try {
        manifest = json::parse(util::read_file(source / manifest_file));
        if (manifest.at("format") != "craftmark-backup" || manifest.at("version") != 1)
            throw std::runtime_error("not a Craftmark backup manifest (format or version)");
        auto mac = manifest.at("mac").get<std::string>();
        if (!crypto::constant_time_equal(
                mac, crypto::hmac_sha256_hex(mac_key(passphrase, manifest), signed_part(manifest))))
            throw std::runtime_error(
                "the manifest does not match this passphrase: a wrong passphrase, or the "
                "backup was changed");
    } catch (json::exception const& e) {
        throw std::runtime_error(std::string("the manifest is damaged: ") + e.what());
    }

    progress("files");
    backup_report report;
    std::set<std::string> listed;
    for (auto const& f : manifest.at("files")) {
        auto relative = f.at("path").get<std::string>();
        auto file = inside(source, relative);
        if (!fs::is_regular_file(file))
            throw std::runtime_error("missing from the backup: " + relative);
        if (crypto::sha256_file_hex(file) != f.at("sha256").get<std::string>())
            throw std::runtime_error("changed since the backup was made: " + relative);
        listed.insert(relative);
        report.files += 1;
        report.bytes += fs::file_size(file);
    }
    if (!listed.contains(database_file)) throw std::runtime_error("the backup holds no database");
    progress("audit log");
    report.audit_entries = check_audit(source / database_file);

    // Everything checked: write beside the destination, then move it into place whole.
    progress("writing");
    auto staging = fs::path(destination.string() + ".restoring");
    fs::remove_all(staging);
    try {
        for (auto const& f : manifest.at("files")) {
            auto relative = f.at("path").get<std::string>();
            auto target = inside(staging, relative);
            fs::create_directories(target.parent_path());
            if (f.value("encrypted", false))
                util::write_file_atomically(
                    target,
                    crypto::decrypt_private_key(util::read_file(inside(source, relative)),
                                                passphrase),
                    util::file_kind::secret);
            else
                fs::copy_file(inside(source, relative), target);
        }
        fs::rename(staging, destination);
    } catch (...) {
        fs::remove_all(staging);
        throw;
    }
    return report;
}

} // namespace craftmark::cli
