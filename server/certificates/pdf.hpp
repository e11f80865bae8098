#pragma once
// The printable certificate: one A4 page with the certificate's fields in Chinese and English,
// a QR code holding only the verification URL, instructions for checking offline, and the signed
// JSON and its .p7s embedded as attachments (so the paper's file carries its own proof). The
// holder's PDF is signed (PAdES) with the key that signed the credential; a print run puts a
// batch of certificates into one file for the printer.
#include "shared/crypto/openssl_types.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace craftmark::certificates {

struct printable_certificate {
    std::string title; // 职业技能等级证书
    std::string holder_name;
    std::string occupation; // 电工 Electrician (6-31-01-03)
    std::string level;      // 四级/中级工, or an award's title
    bool award = false; // a competition award (技能竞赛奖励证书) rather than a skill level
    std::string number;
    std::string issue_date; // 2026-11-23
    std::string issuer_name;
    std::string verify_url;                         // what the QR code holds
    std::string trust_url;                          // where trust.pem is published
    std::vector<std::filesystem::path> attachments; // embedded under their file names
};

/// Who signs a holder's PDF: the signing key and certificate of the credential's signature.
struct pdf_signer {
    X509* certificate;
    EVP_PKEY* key;
    std::string name; // shown by PDF readers as the signer ("南城职业技能鉴定中心")
};

/// The holder's PDF: one page, its attachments embedded, signed so that any change to the file
/// breaks the signature. Text is set with Pango (Noto CJK, and HanaMin for the rarest
/// characters of GB 18030), fonts subset-embedded; throws when no installed font can show a
/// character of the certificate.
std::string render_certificate_pdf(printable_certificate const& c, pdf_signer const& signer);

/// A print run: one page per certificate, in the order given, without attachments or
/// signature (the paper is checked through its QR code).
std::string render_print_run(std::vector<printable_certificate> const& batch);

/// What a published record (a folder holding credential.json and its .p7s) prints as.
printable_certificate printable_from_record(std::filesystem::path const& record);

} // namespace craftmark::certificates
