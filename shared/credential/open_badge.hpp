#pragma once
// The certificate document: an Open Badges 3.0 OpenBadgeCredential carrying a vocational skill
// level certificate (occupation with its national code, level, holder's name, certificate
// number), and the masked public view of it. No national ID number appears, in any form.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::credential {

/// One entry of credentialStatus: `size` bits in a published status list.
struct status_entry {
    std::string purpose; // "message" (one entry: 0 valid, 1 suspended, 2 revoked); before,
                         // "revocation" and "suspension" (two entries of one bit)
    long list = 0;
    long index = 0;
    std::string list_url; // statusListCredential, as the certificate names it
    unsigned size = 1;    // statusSize: bits per entry
};

struct certificate_facts {
    std::string base_url;               // https://verify.example.cn (no trailing slash)
    std::string id;                     // random 128-bit id, see new_certificate_id()
    std::string kind = "qualification"; // "qualification" (Certificate) or "award" (Award)
    std::string issuer_id;
    std::string issuer_name;
    std::string occupation_code; // national occupation code, e.g. 6-31-01-03
    std::string occupation_name;
    std::string level;            // L1 (highest) … L5
    std::string holder_name;      // as on the ID card
    std::string holder_romanised; // optional, in Latin letters: Zhang Sanfeng
    std::string number;           // the certificate number printed on paper
    std::string valid_from;       // ISO 8601 in the issuer's zone, e.g. 2026-11-23T08:00:00+08:00
    std::string criteria;         // how it was earned, one sentence
    // Awards only: what was won ("…: 金牌 Gold medal") and its achievement's path
    // (<event>/<skill>/<medal>); a qualification's achievement is its occupation and level.
    std::string award_title;
    std::string award_path;
    std::vector<status_entry> status;
};

/// 128 random bits as 26 characters of Crockford base32 (no I, L, O, U): safe in URLs and QR.
std::string new_certificate_id();
/// True for strings of that shape (checked before any file is looked up).
bool is_certificate_id(std::string const& id);

/// The national level's name: L4 → "四级/中级工".
std::string level_name(std::string const& level);

/// The credential document (canonical by construction).
nlohmann::json open_badge_credential(certificate_facts const& facts);

/// What anyone holding the link may see: validity inputs, occupation, level, issuing body,
/// date, and the holder's name and certificate number masked.
nlohmann::json public_summary(nlohmann::json const& credential);

/// 张三丰 → 张**; Li Ming → L******.
std::string mask_name(std::string const& name);
/// CM2026000123 → ********0123.
std::string mask_number(std::string const& number);

/// The level code (L4) of an achievement, from its humanCode (<occupation code>-<level>).
std::string level_of(nlohmann::json const& achievement);

/// The certificate's holder name and number as stored in the credential.
/// The holder's name as on the ID card (the first "name" identity).
std::string holder_name_of(nlohmann::json const& credential);
/// Every name of the holder: as on the ID card, then the romanised form when there is one.
std::vector<std::string> holder_names_of(nlohmann::json const& credential);
std::string number_of(nlohmann::json const& credential);

} // namespace craftmark::credential
