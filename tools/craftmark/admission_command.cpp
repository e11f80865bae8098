// `craftmark sitting admission`: the admission tickets (准考证) a centre hands or sends to its
// candidates. Each carries the ticket number as a QR code: the exam PC's hand scanner types it
// into the browser exam's sign-in, followed by Enter, and the page moves on to the access code.
// The code itself is never printed here; the proctor gives it at check-in.
#include "server/store/admin.hpp"
#include "shared/util/time_text.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <memory>
#include <qrencode.h>
#include <sstream>
#include <stdexcept>

namespace craftmark::cli {
namespace {

/// `text` as a QR code in SVG: libqrencode gives the modules, and one path of unit squares
/// inside the standard's four-module quiet zone draws them at any print size.
std::string qr_svg(std::string const& text, std::string const& label) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
    if (!code) throw std::runtime_error("cannot encode " + text + " as a QR code");
    int const quiet = 4;
    int const side = code->width + 2 * quiet;
    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\""
        << html(label) << "\" viewBox=\"0 0 " << side << ' ' << side
        << "\" shape-rendering=\"crispEdges\"><rect width=\"" << side << "\" height=\"" << side
        << "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    for (int row = 0; row < code->width; ++row)
        for (int col = 0; col < code->width; ++col)
            if (code->data[row * code->width + col] & 1)
                out << 'M' << col + quiet << ',' << row + quiet << "h1v1h-1z";
    out << "\"/></svg>";
    return out.str();
}

std::string admission_tickets(core::sitting_record const& s,
                              core::assessment const& a,
                              std::vector<core::candidate_record> const& people,
                              SQLite::Database& db) {
    auto minutes = (s.duration_ms > 0 ? s.duration_ms : a.duration_ms) / 60'000;
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>准考证 "
           "Admission tickets "
        << html(s.id)
        << "</title><style>body{font-family:sans-serif;margin:1cm}.slip{border:2px solid #222;"
           "padding:6mm;margin-bottom:8mm;display:grid;grid-template-columns:1fr 28mm 40mm;"
           "gap:6mm;page-break-inside:avoid}h2{margin:0 0 3mm}dl{display:grid;grid-template-"
           "columns:auto 1fr;gap:1mm 4mm;margin:0}dt{color:#444}dd{margin:0;font-weight:bold}"
           ".photo{text-align:center}.photo img{max-width:26mm;max-height:34mm}.qr{width:40mm;"
           "height:40mm}.scan{font-size:9pt;text-align:center;margin:1mm 0 0}.rules{grid-column:"
           "1/-1;font-size:9pt;margin:0}@media print{body{margin:0}}</style></head><body>\n";
    for (auto const& c : people) {
        out << "<section class=\"slip\" data-ticket=\"" << html(c.ticket) << "\"><div><h2>准考证 "
            << "Admission ticket</h2><dl><dt>考试 Exam</dt><dd>"
            << html(s.title.empty() ? a.title : s.title) << "</dd><dt>姓名 Name</dt><dd>"
            << html(c.name) << (c.romanised_name.empty() ? "" : " " + html(c.romanised_name))
            << "</dd><dt>准考证号 Ticket</dt><dd>" << html(c.ticket)
            << "</dd><dt>考点 Venue</dt><dd>" << html(s.venue) << "</dd><dt>考场 Room</dt><dd>"
            << html(s.room) << "</dd><dt>座位 Seat</dt><dd>" << html(c.seat)
            << "</dd><dt>开考 Starts</dt><dd>" << html(util::local_time(s.starts_at).substr(0, 16))
            << "</dd><dt>时长 Duration</dt><dd>" << minutes << " 分钟 minutes</dd></dl></div>"
            << "<div class=\"photo\">" << photo_img(db, c) << "</div><div>"
            << qr_svg(c.ticket, "准考证号 Ticket " + c.ticket)
            << "<p class=\"scan\">考试电脑上扫码登录<br>Scan at the exam PC</p></div>"
            << "<p class=\"rules\">请于开考前 15 分钟凭本证和身份证入场；登录码由监考老师在签到时"
               "发放。Bring this ticket and your ID card 15 minutes before the start; the proctor "
               "gives you the access code at check-in.</p></section>\n";
    }
    out << "</body></html>\n";
    return out.str();
}

} // namespace

void add_admission_command(CLI::App& sitting, context& ctx) {
    struct options {
        std::string sitting, output;
    };
    auto o = std::make_shared<options>();
    auto* admission = sitting.add_subcommand(
        "admission", "the admission tickets (准考证) to print or send, one per candidate: exam, "
                     "room, seat, time, photo, and the ticket number as a QR code for the exam "
                     "PC's scanner; never the access code");
    admission->add_option("SITTING", o->sitting, "sitting id")->required();
    admission->add_option("--output,-o", o->output, "file to write (default: standard output)");
    admission->callback([&ctx, o] {
        auto db = ctx.open();
        auto s = store::find_sitting(*db, o->sitting);
        if (!s) throw std::runtime_error("no sitting " + o->sitting);
        auto a = store::find_assessment(*db, s->assessment_id);
        if (!a)
            throw std::runtime_error("the sitting's assessment " + s->assessment_id + " is gone");
        auto people = store::sitting_candidates(*db, o->sitting);
        if (people.empty()) throw std::runtime_error("no candidates registered for " + o->sitting);
        write_output(o->output, admission_tickets(*s, *a, people, *db));
    });
}

} // namespace craftmark::cli
