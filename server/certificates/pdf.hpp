#pragma once
// The printable certificate: one A4 page with the certificate's fields in Chinese and English,
// a QR code holding only the verification URL, instructions for checking offline, and the signed
// JSON and its .p7s embedded as attachments (so the paper's file carries its own proof).
#include <filesystem>
#include <string>
#include <vector>

namespace craftmark::certificates {

struct printable_certificate {
    std::string title; // 职业技能等级证书
    std::string holder_name;
    std::string occupation; // 电工 Electrician (6-31-01-03)
    std::string level;      // 四级/中级工
    std::string number;
    std::string issue_date; // 2026-11-23
    std::string issuer_name;
    std::string verify_url;                         // what the QR code holds
    std::string trust_url;                          // where trust.pem is published
    std::vector<std::filesystem::path> attachments; // embedded under their file names
};

/// The PDF bytes. Text uses the viewer's SimSun-compatible font (not embedded: ~8 KB a page).
std::string render_certificate_pdf(printable_certificate const& c);

/// The PDF of a published certificate record: a folder holding credential.json and its .p7s,
/// which are embedded. Rendered on request (about a millisecond) rather than stored.
std::string render_certificate_pdf(std::filesystem::path const& record);

} // namespace craftmark::certificates
