#include "server/certificates/pdf_signature.hpp"

#include "shared/crypto/cms.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/util/files.hpp"

#include <ctime>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEFStreamObjectHelper.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFFileSpecObjectHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <stdexcept>

namespace craftmark::certificates {
namespace {

using handle = QPDFObjectHandle;

// Room for the DER signature in /Contents: the CMS with its one certificate is about 1.5 KB.
constexpr std::size_t signature_room = 8192;
// Wide enough for any offset the /ByteRange will hold, so the numbers can be written in place.
constexpr char const* byte_range_placeholder = "[0 9999999999 9999999999 9999999999]";

/// The signing time as a PDF date (/M), in UTC.
std::string pdf_date_now() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "D:%Y%m%d%H%M%SZ", &utc);
    return text;
}

/// The one place `needle` occurs in `bytes`.
std::size_t find_once(std::string const& bytes, std::string const& needle) {
    auto at = bytes.find(needle);
    if (at == std::string::npos || bytes.find(needle, at + 1) != std::string::npos)
        throw std::logic_error("PDF signature placeholder not found exactly once");
    return at;
}

/// The signature dictionary's field: an invisible widget on the first page, listed in the
/// document's form with SigFlags 3 (signatures exist; append only).
void add_signature_field(QPDF& pdf, handle signature) {
    handle page = QPDFPageDocumentHelper(pdf).getAllPages().at(0).getObjectHandle();
    handle field = pdf.makeIndirectObject(
        handle::parse("<< /FT /Sig /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>"));
    field.replaceKey("/T", handle::newUnicodeString("Signature1"));
    field.replaceKey("/V", signature);
    field.replaceKey("/P", page);
    if (!page.getKey("/Annots").isArray()) page.replaceKey("/Annots", handle::newArray());
    page.getKey("/Annots").appendItem(field);
    handle form = handle::parse("<< /SigFlags 3 >>");
    form.replaceKey("/Fields", handle::newArray({field}));
    pdf.getRoot().replaceKey("/AcroForm", form);
}

} // namespace

// qpdf builds the file (attachments, form, signature dictionary with placeholders); what no
// Debian library offers is the last step of every PDF signer: write the final offsets into
// /ByteRange and the CMS into /Contents, in place, so that the signed bytes stay where they are.
std::string attach_and_sign(std::string const& bytes,
                            std::vector<std::filesystem::path> const& attachments,
                            pdf_signer const& signer) {
    QPDF pdf;
    pdf.processMemoryFile("certificate.pdf", bytes.data(), bytes.size());
    QPDFEmbeddedFileDocumentHelper files(pdf);
    for (auto const& path : attachments) {
        auto name = path.filename().string();
        auto stream = QPDFEFStreamObjectHelper::createEFStream(pdf, util::read_file(path));
        stream.setSubtype(name.ends_with(".json") ? "application/json"
                                                  : "application/pkcs7-signature");
        files.replaceEmbeddedFile(name,
                                  QPDFFileSpecObjectHelper::createFileSpec(pdf, name, stream));
    }

    handle signature = pdf.makeIndirectObject(
        handle::parse("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached >>"));
    signature.replaceKey("/ByteRange", handle::parse(byte_range_placeholder));
    signature.replaceKey("/Contents", handle::newString(std::string(signature_room, '\0')));
    signature.replaceKey("/M", handle::newString(pdf_date_now()));
    signature.replaceKey("/Name", handle::newUnicodeString(signer.name));
    add_signature_field(pdf, signature);

    QPDFWriter writer(pdf);
    writer.setOutputMemory();
    writer.setObjectStreamMode(qpdf_o_disable); // the signature dictionary stays in plain text
    writer.write();
    auto buffer = writer.getBufferSharedPointer();
    std::string out(reinterpret_cast<char const*>(buffer->getBuffer()), buffer->getSize());

    std::size_t contents = find_once(out, "<" + std::string(2 * signature_room, '0') + ">");
    std::size_t after_contents = contents + 2 * signature_room + 2;
    std::size_t range = find_once(out, "9999999999 9999999999 9999999999");
    std::size_t range_open = out.rfind('[', range), range_close = out.find(']', range);
    std::string numbers = "0 " + std::to_string(contents) + " " + std::to_string(after_contents) +
                          " " + std::to_string(out.size() - after_contents);
    numbers.resize(range_close - range_open - 1, ' ');
    out.replace(range_open + 1, numbers.size(), numbers);

    std::string der = crypto::cms_sign_pades(out.substr(0, contents) + out.substr(after_contents),
                                             signer.certificate, signer.key);
    if (der.size() > signature_room) throw std::logic_error("PDF signature larger than its room");
    auto hex = crypto::to_hex(der); // the rest of the room stays zeros, as PDF signers pad
    out.replace(contents + 1, hex.size(), hex);
    return out;
}

} // namespace craftmark::certificates
