#include "server/certificates/pdf.hpp"

#include "server/certificates/pdf_signature.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/util/files.hpp"

#include <cairo-pdf.h>
#include <memory>
#include <mutex>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdexcept>

namespace craftmark::certificates {
namespace {

constexpr double page_width = 595.276; // A4 in points
constexpr double page_height = 841.89;

// Families by role. Fontconfig falls back along its own list for what a family lacks: Noto CJK
// covers GB 18030's BMP (with Extension A); HanaMin (fonts-hanazono) the supplementary planes.
// Serif throughout, as certificates are set in China (宋体), and because cairo 1.16 embeds
// Noto Sans CJK's subroutines whole (about 850 KB) once a subset mixes its Latin and CJK glyphs;
// Noto Serif CJK subsets to some 75 KB.
constexpr char const* serif = "Noto Serif CJK SC";
constexpr char const* mono = "DejaVu Sans Mono";

template <class T, void (*Free)(T*)> struct c_deleter {
    void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)> using c_ptr = std::unique_ptr<T, c_deleter<T, Free>>;
void unref(void* object) {
    g_object_unref(object);
}
using layout_ptr = std::unique_ptr<PangoLayout, c_deleter<void, unref>>;

/// One font map for the process, built once (it reads the fontconfig cache). Pango's default
/// map is per thread, so every thread that issued would build its own; Pango objects are not
/// thread-safe, so pages are drawn under this lock.
PangoFontMap* font_map(std::unique_lock<std::mutex>& lock) {
    static std::mutex mutex;
    static PangoFontMap* map = pango_cairo_font_map_new();
    lock = std::unique_lock(mutex);
    return map;
}

class page_writer {
  public:
    page_writer(cairo_t* cr, PangoFontMap* fonts) : cr_(cr) {
        context_.reset(pango_font_map_create_context(fonts));
        // Font sizes in points, as on paper (Pango assumes a 96 dpi screen otherwise).
        pango_cairo_context_set_resolution(context_.get(), 72);
    }

    /// A line of text whose baseline is `y` points above the page's bottom edge (as on a ruler).
    void
    text(double x, double y, double size, std::string const& utf8, char const* family = serif) {
        auto layout = laid_out(size, utf8, family);
        cairo_move_to(cr_, x, page_height - y - baseline(layout.get()));
        pango_cairo_show_layout(cr_, layout.get());
    }

    void centred(double y, double size, std::string const& utf8, char const* family = serif) {
        text((page_width - width(size, utf8, family)) / 2, y, size, utf8, family);
    }

    /// A label and its value; a long value is set smaller so that it stays inside the border.
    void field(double y, std::string const& label, std::string const& value) {
        text(80, y, 10, label);
        double size = 16;
        while (size > 8 && width(size, value) > page_width - 80 - 230) size -= 0.5;
        text(230, y, size, value);
    }

    /// The QR code as filled squares, `size` points wide, lower-left corner at (x, y).
    void qr(double x, double y, double size, std::string const& url) {
        std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
            QRcode_encodeString(url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
        if (!code) throw std::runtime_error("QR encoding failed");
        int quiet = 4; // the standard's margin, in modules
        double module = size / (code->width + 2 * quiet);
        double top = page_height - y - size;
        for (int row = 0; row < code->width; ++row)
            for (int col = 0; col < code->width; ++col)
                if (code->data[row * code->width + col] & 1)
                    cairo_rectangle(cr_, x + module * (col + quiet), top + module * (row + quiet),
                                    module, module);
        cairo_fill(cr_);
    }

  private:
    layout_ptr laid_out(double size, std::string const& utf8, char const* family) {
        layout_ptr layout(pango_layout_new(context_.get()));
        c_ptr<PangoFontDescription, pango_font_description_free> font(pango_font_description_new());
        pango_font_description_set_family(font.get(), family);
        pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_text(layout.get(), utf8.data(), static_cast<int>(utf8.size()));
        // A name printed with a blank box is a wrong certificate: refuse instead.
        if (pango_layout_get_unknown_glyphs_count(layout.get()) > 0)
            throw std::runtime_error("no installed font can print \"" + utf8 +
                                     "\" (the fonts-noto-cjk and fonts-hanazono packages cover "
                                     "GB 18030)");
        return layout;
    }

    double width(double size, std::string const& utf8, char const* family = serif) {
        int w = 0, h = 0;
        pango_layout_get_size(laid_out(size, utf8, family).get(), &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }

    static double baseline(PangoLayout* layout) {
        return static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
    }

    cairo_t* cr_;
    std::unique_ptr<PangoContext, c_deleter<void, unref>> context_;
};

void draw_certificate(cairo_t* cr, PangoFontMap* fonts, printable_certificate const& c) {
    cairo_set_line_width(cr, 2);
    cairo_rectangle(cr, 36, 36, page_width - 72, page_height - 72);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, 42, 42, page_width - 84, page_height - 84);
    cairo_stroke(cr);

    page_writer w(cr, fonts);
    w.centred(730, 30, c.title);
    w.centred(700, 14, c.award ? "Skills Competition Award" : "Vocational Skill Level Certificate");
    double y = 620;
    w.field(y, "姓名 Name", c.holder_name);
    w.field(y -= 40, "职业(工种) Occupation", c.occupation);
    w.field(y -= 40, c.award ? "奖项 Award" : "等级 Level", c.level);
    w.field(y -= 40, "证书编号 Certificate No.", c.number);
    w.field(y -= 40, "发证日期 Date of issue", c.issue_date);
    w.field(y -= 40, "评价机构 Issuing body", c.issuer_name);

    w.qr(430, 250, 110, c.verify_url);
    w.text(80, 330, 12, "扫码核验 Scan the code to verify online:");
    w.text(80, 314, 8, c.verify_url, mono);
    w.text(80, 225, 11,
           "离线核验 Verify offline: this PDF carries the signed certificate as attachments.");
    w.text(80, 208, 8, "openssl cms -verify -binary -inform DER -in credential.json.p7s \\", mono);
    w.text(80, 196, 8, "    -content credential.json -CAfile trust.pem -crl_check", mono);
    w.text(80, 178, 9, "trust.pem: " + c.trust_url);
    w.text(80, 166, 9, "Compare the root fingerprint with the one the issuing body publishes.");
    w.text(80, 150, 9,
           "This checks the signature and the signing key, not whether the certificate");
    w.text(80, 138, 9,
           "was revoked or suspended: for that, scan the code, or read the status lists");
    w.text(80, 126, 9,
           "named in credential.json (docs: \"Checking a certificate with stock openssl\").");
    w.text(80, 80, 8, "本证书仅在核验通过时有效。 This certificate is valid only if it verifies.");
}

cairo_status_t append_to_string(void* closure, unsigned char const* data, unsigned length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<char const*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

/// The pages, drawn by cairo (which subsets and embeds every font it uses).
std::string draw_pages(std::vector<printable_certificate> const& batch) {
    std::string bytes;
    {
        c_ptr<cairo_surface_t, cairo_surface_destroy> surface(
            cairo_pdf_surface_create_for_stream(append_to_string, &bytes, page_width, page_height));
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Craftmark");
        if (batch.size() == 1)
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                           (batch[0].title + " " + batch[0].number).c_str());
        c_ptr<cairo_t, cairo_destroy> cr(cairo_create(surface.get()));
        std::unique_lock<std::mutex> lock;
        PangoFontMap* fonts = font_map(lock);
        for (auto const& c : batch) {
            draw_certificate(cr.get(), fonts, c);
            cairo_show_page(cr.get());
        }
        cairo_surface_finish(surface.get());
        if (auto status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS)
            throw std::runtime_error(std::string("PDF generation failed: ") +
                                     cairo_status_to_string(status));
    }
    return bytes;
}

/// 张三丰 (Zhang Sanfeng): the name as on the ID card, and its romanised form when there is one.
std::string holder_line(std::vector<std::string> const& names) {
    if (names.empty()) throw std::invalid_argument("the certificate names no holder");
    return names.size() > 1 ? names[0] + " (" + names[1] + ")" : names[0];
}

} // namespace

std::string render_certificate_pdf(printable_certificate const& c, pdf_signer const& signer) {
    return attach_and_sign(draw_pages({c}), c.attachments, signer);
}

std::string render_print_run(std::vector<printable_certificate> const& batch) {
    if (batch.empty()) throw std::invalid_argument("a print run needs at least one certificate");
    return draw_pages(batch);
}

printable_certificate printable_from_record(std::filesystem::path const& record) {
    auto credential = nlohmann::json::parse(util::read_file(record / "credential.json"));
    auto const& achievement = credential.at("credentialSubject").at("achievement");
    auto const& alignment = achievement.at("alignment").at(0);
    std::string name = credential.at("name").get<std::string>();
    std::string url = credential.at("id").get<std::string>();
    bool award = achievement.at("achievementType") == "Award";
    return {name.substr(0, name.find(':')),
            holder_line(credential::holder_names_of(credential)),
            alignment.at("targetName").get<std::string>() + " (" +
                alignment.at("targetCode").get<std::string>() + ")",
            award ? achievement.at("name").get<std::string>()
                  : credential::level_name(credential::level_of(achievement)),
            award,
            credential::number_of(credential),
            credential.at("validFrom").get<std::string>().substr(0, 10),
            credential.at("issuer").at("name").get<std::string>(),
            url,
            url.substr(0, url.rfind("/c/")) + "/pki/trust.pem",
            {record / "credential.json", record / "credential.json.p7s"}};
}

} // namespace craftmark::certificates
