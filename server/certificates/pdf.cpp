#include "server/certificates/pdf.hpp"

#include "shared/credential/open_badge.hpp"
#include "shared/util/files.hpp"

#include <cerrno>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <iconv.h>
#include <memory>
#include <qrencode.h>
#include <stdexcept>

namespace craftmark::certificates {
namespace {

constexpr float page_width = 595.276f; // A4 in points
constexpr float page_height = 841.89f;

/// libhpdf is C: its error callback must not throw through it, so errors are recorded here
/// and turned into an exception once control is back in C++.
struct hpdf_errors {
    HPDF_STATUS error = HPDF_OK;
    HPDF_STATUS detail = HPDF_OK;

    void throw_if_any() const {
        if (error != HPDF_OK)
            throw std::runtime_error("PDF generation failed (libhpdf error " +
                                     std::to_string(error) + ", detail " + std::to_string(detail) +
                                     ")");
    }
};

void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
    auto* errors = static_cast<hpdf_errors*>(user);
    if (errors->error == HPDF_OK) *errors = {error, detail};
}

/// libhpdf's Chinese CID fonts take GBK; characters outside GBK become '?'.
std::string to_gbk(std::string const& utf8) {
    iconv_t cd = iconv_open("GBK//TRANSLIT", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv: no GBK converter");
    std::string out(utf8.size() * 2 + 8, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* to = out.data();
    std::size_t out_left = out.size();
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &to, &out_left) != static_cast<std::size_t>(-1)) break;
        if (errno != EILSEQ && errno != EINVAL) break;
        *to++ = '?'; // skip one unconvertible UTF-8 sequence
        --out_left;
        do {
            ++in;
            --in_left;
        } while (in_left > 0 && (static_cast<unsigned char>(*in) & 0xC0) == 0x80);
    }
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

/// Splits text into runs of ASCII and of other characters, so that Latin text is set in
/// Helvetica and Chinese in SimSun (whose Latin glyphs are crude).
std::vector<std::pair<bool, std::string>> script_runs(std::string const& utf8) {
    std::vector<std::pair<bool, std::string>> runs;
    for (std::size_t i = 0; i < utf8.size();) {
        auto c = static_cast<unsigned char>(utf8[i]);
        std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        bool ascii = c < 0x80;
        // a space between two Chinese runs stays with them
        if (runs.empty() || (runs.back().first != ascii && !(c == ' ' && !runs.back().first)))
            runs.emplace_back(ascii, "");
        runs.back().second += utf8.substr(i, length);
        i += length;
    }
    return runs;
}

class page_writer {
  public:
    page_writer(HPDF_Page page, HPDF_Font chinese, HPDF_Font latin)
        : page_(page), chinese_(chinese), latin_(latin) {}

    float width(float size, std::string const& utf8) {
        float total = 0;
        for (auto const& [ascii, run] : script_runs(utf8)) {
            HPDF_Page_SetFontAndSize(page_, ascii ? latin_ : chinese_, size);
            total += HPDF_Page_TextWidth(page_, ascii ? run.c_str() : to_gbk(run).c_str());
        }
        return total;
    }

    void text(float x, float y, float size, std::string const& utf8) {
        HPDF_Page_BeginText(page_);
        HPDF_Page_MoveTextPos(page_, x, y);
        for (auto const& [ascii, run] : script_runs(utf8)) {
            HPDF_Page_SetFontAndSize(page_, ascii ? latin_ : chinese_, size);
            HPDF_Page_ShowText(page_, ascii ? run.c_str() : to_gbk(run).c_str());
        }
        HPDF_Page_EndText(page_);
    }

    void centred(float y, float size, std::string const& utf8) {
        text((page_width - width(size, utf8)) / 2, y, size, utf8);
    }

    /// A label and its value; a long value is set smaller so that it stays inside the border.
    void field(float y, std::string const& label, std::string const& value) {
        text(80, y, 10, label);
        float size = 16;
        while (size > 8 && width(size, value) > page_width - 80 - 230) size -= 0.5f;
        text(230, y, size, value);
    }

    /// The QR code as filled squares, `size` points wide, lower-left corner at (x, y).
    void qr(float x, float y, float size, std::string const& url) {
        std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
            QRcode_encodeString(url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
        if (!code) throw std::runtime_error("QR encoding failed");
        int quiet = 4; // the standard's margin, in modules
        float module = size / static_cast<float>(code->width + 2 * quiet);
        for (int row = 0; row < code->width; ++row)
            for (int col = 0; col < code->width; ++col)
                if (code->data[row * code->width + col] & 1)
                    HPDF_Page_Rectangle(page_, x + module * static_cast<float>(col + quiet),
                                        y + size - module * static_cast<float>(row + quiet + 1),
                                        module, module);
        HPDF_Page_Fill(page_);
    }

  private:
    HPDF_Page page_;
    HPDF_Font chinese_;
    HPDF_Font latin_;
};

} // namespace

std::string render_certificate_pdf(printable_certificate const& c) {
    hpdf_errors errors;
    std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)> pdf(
        HPDF_New(on_hpdf_error, &errors), HPDF_Free);
    if (!pdf) throw std::runtime_error("PDF generation failed: out of memory");
    HPDF_UseCNSFonts(pdf.get());
    HPDF_UseCNSEncodings(pdf.get());
    HPDF_SetCompressionMode(pdf.get(), HPDF_COMP_ALL);
    HPDF_Font chinese = HPDF_GetFont(pdf.get(), "SimSun", "GBK-EUC-H");
    HPDF_Font latin = HPDF_GetFont(pdf.get(), "Helvetica", nullptr);
    HPDF_Page page = HPDF_AddPage(pdf.get());
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);

    HPDF_Page_SetLineWidth(page, 2);
    HPDF_Page_Rectangle(page, 36, 36, page_width - 72, page_height - 72);
    HPDF_Page_Stroke(page);
    HPDF_Page_SetLineWidth(page, 0.5);
    HPDF_Page_Rectangle(page, 42, 42, page_width - 84, page_height - 84);
    HPDF_Page_Stroke(page);

    page_writer w(page, chinese, latin);
    w.centred(730, 30, c.title);
    w.centred(700, 14, "Vocational Skill Level Certificate");
    float y = 620;
    w.field(y, "姓名 Name", c.holder_name);
    w.field(y -= 40, "职业(工种) Occupation", c.occupation);
    w.field(y -= 40, "等级 Level", c.level);
    w.field(y -= 40, "证书编号 Certificate No.", c.number);
    w.field(y -= 40, "发证日期 Date of issue", c.issue_date);
    w.field(y -= 40, "评价机构 Issuing body", c.issuer_name);

    w.qr(430, 250, 110, c.verify_url);
    w.text(80, 330, 12, "扫码核验 Scan the code to verify online:");
    w.text(80, 314, 9, c.verify_url);
    w.text(80, 225, 12,
           "离线核验 Verify offline: this PDF carries the signed certificate as attachments.");
    w.text(80, 208, 9, "openssl cms -verify -binary -inform DER -in credential.json.p7s \\");
    w.text(80, 196, 9, "    -content credential.json -CAfile trust.pem -crl_check");
    w.text(80, 178, 9, "trust.pem: " + c.trust_url);
    w.text(80, 166, 9, "Compare the root fingerprint with the one the issuing body publishes.");
    w.text(80, 150, 9,
           "This checks the signature and the signing key, not whether the certificate");
    w.text(80, 138, 9,
           "was revoked or suspended: for that, scan the code, or read the status lists");
    w.text(80, 126, 9,
           "named in credential.json (docs: \"Checking a certificate with stock openssl\").");
    w.text(80, 80, 8, "本证书仅在核验通过时有效。 This certificate is valid only if it verifies.");

    for (auto const& file : c.attachments) {
        HPDF_EmbeddedFile attachment = HPDF_AttachFile(pdf.get(), file.c_str());
        if (!attachment) throw std::runtime_error("cannot attach " + file.string());
        // libhpdf names the attachment by the path it read; readers should see the bare name.
        HPDF_Dict_Add(attachment, "F",
                      HPDF_String_New(attachment->mmgr, file.filename().c_str(), nullptr));
    }
    errors.throw_if_any();

    HPDF_SaveToStream(pdf.get());
    errors.throw_if_any();
    std::string bytes(HPDF_GetStreamSize(pdf.get()), '\0');
    HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
    HPDF_ReadFromStream(pdf.get(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
    bytes.resize(size);
    return bytes;
}

std::string render_certificate_pdf(std::filesystem::path const& record) {
    auto credential = nlohmann::json::parse(util::read_file(record / "credential.json"));
    auto const& achievement = credential.at("credentialSubject").at("achievement");
    auto const& alignment = achievement.at("alignment").at(0);
    std::string name = credential.at("name").get<std::string>();
    std::string url = credential.at("id").get<std::string>();
    return render_certificate_pdf(
        printable_certificate{name.substr(0, name.find(':')),
                              credential::holder_name_of(credential),
                              alignment.at("targetName").get<std::string>() + " (" +
                                  alignment.at("targetCode").get<std::string>() + ")",
                              credential::level_name(credential::level_of(achievement)),
                              credential::number_of(credential),
                              credential.at("validFrom").get<std::string>().substr(0, 10),
                              credential.at("issuer").at("name").get<std::string>(),
                              url,
                              url.substr(0, url.rfind("/c/")) + "/pki/trust.pem",
                              {record / "credential.json", record / "credential.json.p7s"}});
}

} // namespace craftmark::certificates
