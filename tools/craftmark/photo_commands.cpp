// craftmark sitting photos | sheet: candidates' photos from a folder or a zip, and the check-in
// sheet the proctor holds at the door (seat, ticket, name, photo, signature).
#include "server/core/proctoring/candidate_photo.hpp"
#include "server/store/admin.hpp"
#include "server/store/photos.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/sheet/zip_archive.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace craftmark::cli {
namespace {

struct photo_file {
    std::string name; // as the folder or zip holds it, for the report
    std::string bytes;
    std::string problem; // set when it could not even be read
};

/// Files a folder tool or an OS leaves beside photos, passed over in silence.
bool is_clutter(std::string const& path) {
    auto name = path.substr(path.rfind('/') + 1);
    return name.empty() || name.front() == '.' || name == "Thumbs.db" || name == "desktop.ini" ||
           path.starts_with("__MACOSX/");
}

/// Every file of a folder (and its sub-folders) or a zip; photos over the cap are reported, not
/// read whole.
std::vector<photo_file> photo_files(std::filesystem::path const& source) {
    namespace fs = std::filesystem;
    std::vector<photo_file> out;
    if (fs::is_directory(source)) {
        for (auto const& entry : fs::recursive_directory_iterator(source)) {
            if (!entry.is_regular_file()) continue;
            auto name = fs::relative(entry.path(), source).generic_string();
            if (is_clutter(name)) continue;
            if (entry.file_size() > core::max_photo_bytes)
                out.push_back({name, {}, "larger than 1 MiB"});
            else
                out.push_back({name, read_file(entry.path()), {}});
        }
        std::sort(out.begin(), out.end(),
                  [](auto const& a, auto const& b) { return a.name < b.name; });
        return out;
    }
    auto bytes = read_file(source);
    try {
        // An entry is read to one byte past the cap, so a photo too large is named as such.
        sheet::zip_archive zip(bytes, {core::max_photo_bytes + 1, 512u << 20, 20'000},
                               "a zip of photos");
        for (auto const& name : zip.names()) {
            if (name.ends_with('/') || is_clutter(name)) continue;
            auto photo = zip.read(name);
            if (photo.size() > core::max_photo_bytes)
                out.push_back({name, {}, "larger than 1 MiB"});
            else
                out.push_back({name, std::move(photo), {}});
        }
    } catch (std::invalid_argument const& e) {
        throw std::runtime_error(source.filename().string() + ": " + e.what());
    }
    return out;
}

/// 440106199003070017 → 4401**********0017: enough to match the ID card in the hand.
std::string masked(std::string const& national_id) {
    if (national_id.size() < 10) return national_id;
    return national_id.substr(0, 4) + std::string(national_id.size() - 8, '*') +
           national_id.substr(national_id.size() - 4);
}

std::string base64(std::string_view bytes) {
    // Data URIs take standard base64, not the URL-safe form the protocol uses.
    auto url = crypto::base64url_encode(bytes);
    for (auto& c : url) c = c == '-' ? '+' : c == '_' ? '/' : c;
    url.append((4 - url.size() % 4) % 4, '=');
    return url;
}

std::string check_in_sheet(std::string const& sitting,
                           std::vector<core::candidate_record> const& people,
                           SQLite::Database& db) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>签到表 "
           "Check-in sheet "
        << html(sitting)
        << "</title><style>body{font-family:sans-serif;margin:1cm}table{border-collapse:collapse;"
           "width:100%}th,td{border:1px solid #444;padding:4px;text-align:left;vertical-align:"
           "middle}td.photo{width:28mm;height:36mm;text-align:center}img{max-width:26mm;"
           "max-height:34mm}td.sign{width:40mm}tr{page-break-inside:avoid}"
           "@media print{body{margin:0}}</style></head><body>\n<h1>考场签到表 Check-in sheet: "
        << html(sitting)
        << "</h1>\n<p>核对照片与身份证后签名 · Compare the photo and the ID card, "
           "then have the candidate sign.</p>\n<table><tr><th>座位 Seat</th><th>"
           "准考证号 Ticket</th><th>姓名 Name</th><th>身份证号 ID</th><th>照片 "
           "Photo</th><th>签名 Signature</th></tr>\n";
    for (auto const& c : people) {
        out << "<tr><td>" << html(c.seat) << "</td><td>" << html(c.ticket) << "</td><td>"
            << html(c.name) << (c.romanised_name.empty() ? "" : "<br>" + html(c.romanised_name))
            << "</td><td>" << html(masked(c.national_id)) << "</td><td class=\"photo\">";
        out << photo_img(db, c);
        out << "</td><td class=\"sign\"></td></tr>\n";
    }
    out << "</table></body></html>\n";
    return out.str();
}

} // namespace

std::string photo_img(SQLite::Database& db, core::candidate_record const& c) {
    auto photo = store::photo_of(db, c.national_id);
    if (!photo) return "无照片<br>no photo";
    return "<img alt=\"" + html(c.name) + "\" src=\"data:" + photo->media_type + ";base64," +
           base64(photo->bytes) + "\">";
}

void add_photo_commands(CLI::App& sitting, context& ctx) {
    struct options {
        std::string sitting, output;
        std::filesystem::path source;
        bool skip_bad = false;
    };
    auto o = std::make_shared<options>();

    auto* photos = sitting.add_subcommand(
        "photos", "add candidates' photos from a folder or a zip: one JPEG or PNG each, named by "
                  "the ticket or the ID number (DG2026110001.jpg, 440106199003070017.png), up to "
                  "1 MiB; nothing is stored while any file is in error");
    photos->add_option("SITTING", o->sitting, "sitting id")->required();
    photos->add_option("SOURCE", o->source, "a folder of photos, or a .zip of them")
        ->required()
        ->check(CLI::ExistingPath);
    photos->add_flag("--skip-bad-files", o->skip_bad,
                     "store the photos that are right and leave out those in error");
    photos->callback([&ctx, o] {
        auto db = ctx.open();
        auto people = store::sitting_candidates(*db, o->sitting);
        if (people.empty()) throw std::runtime_error("no candidates registered for " + o->sitting);
        std::map<std::string, core::candidate_record const*> by_name;
        for (auto const& c : people) {
            by_name[c.ticket] = &c;
            by_name[c.national_id] = &c;
        }
        std::vector<store::photo_for> found;
        std::map<std::string, std::string> file_of; // national ID → the file that gave it
        int errors = 0;
        for (auto const& f : photo_files(o->source)) {
            auto owner = core::photo_owner(f.name.substr(f.name.rfind('/') + 1));
            auto fail = [&](std::string const& why) {
                std::cout << f.name << ": error: " << why << "\n";
                ++errors;
            };
            if (owner.empty()) {
                std::cout << f.name << ": warning: not a .jpg, .jpeg or .png file; passed over\n";
                continue;
            }
            auto who = by_name.find(owner);
            if (who == by_name.end()) {
                fail("no candidate of " + o->sitting + " has the ticket or ID number " + owner);
                continue;
            }
            auto const& c = *who->second;
            if (auto [at, fresh] = file_of.emplace(c.national_id, f.name); !fresh) {
                fail("a second photo of " + c.name + " (" + c.ticket + "; the first is " +
                     at->second + ")");
                continue;
            }
            auto check =
                f.problem.empty() ? core::check_photo(f.bytes) : core::photo_check{{}, f.problem};
            if (!check.problem.empty()) {
                fail(check.problem);
                continue;
            }
            std::cout << f.name << ": " << c.name << " (" << c.ticket << "), "
                      << (check.facts.media_type == "image/png" ? "PNG " : "JPEG ")
                      << check.facts.width << " × " << check.facts.height << "\n";
            found.push_back(
                {c.national_id, {check.facts.media_type, f.bytes, crypto::sha256_hex(f.bytes)}});
        }
        if (found.empty() && !errors)
            throw std::runtime_error("no photos in " + o->source.string() +
                                     " (JPEG or PNG files named by ticket or ID number)");
        auto photographed = store::photographed(*db, o->sitting); // before this run
        for (auto const& f : found) photographed.insert(f.national_id);
        std::vector<std::string> without;
        for (auto const& c : people)
            if (!photographed.count(c.national_id)) without.push_back(c.ticket);
        if (errors && !o->skip_bad)
            throw std::runtime_error(
                std::to_string(errors) +
                " file(s) in error: no photo stored (correct them, or add the rest with "
                "--skip-bad-files)");
        store::add_photos(*db, o->sitting, found, ctx.actor);
        std::cout << "stored " << found.size() << " photo(s) for " << o->sitting;
        if (!without.empty())
            std::cout << "; " << without.size()
                      << " candidate(s) still without one: " << without.front()
                      << (without.size() > 1 ? " …" : "");
        std::cout << "\n";
    });

    auto* sheet = sitting.add_subcommand(
        "sheet", "the check-in sheet to print for the door: seat, ticket, name, masked ID number, "
                 "photo and a column to sign (HTML, photos inside)");
    sheet->add_option("SITTING", o->sitting, "sitting id")->required();
    sheet->add_option("--output,-o", o->output, "file to write (default: standard output)");
    sheet->callback([&ctx, o] {
        auto db = ctx.open();
        auto people = store::sitting_candidates(*db, o->sitting);
        if (people.empty()) throw std::runtime_error("no candidates registered for " + o->sitting);
        write_output(o->output, check_in_sheet(o->sitting, people, *db));
    });
}

} // namespace craftmark::cli
