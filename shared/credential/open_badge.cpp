#include "shared/credential/open_badge.hpp"

#include "shared/credential/status_list.hpp"
#include "shared/crypto/digest.hpp"

#include <stdexcept>

namespace craftmark::credential {
namespace {

using json = nlohmann::json;

constexpr char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Splits UTF-8 into code points (as byte strings); input is trusted to be valid UTF-8.
std::vector<std::string> code_points(std::string const& text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.push_back(text.substr(i, length));
        i += length;
    }
    return out;
}

json status_json(std::string const& base_url, status_entry const& entry) {
    std::string list_url = base_url + "/status/" + std::to_string(entry.list);
    json out = {{"id", list_url + "#" + std::to_string(entry.index)},
                {"type", "BitstringStatusListEntry"},
                {"statusPurpose", entry.purpose},
                {"statusListIndex", std::to_string(entry.index)},
                {"statusListCredential", list_url}};
    if (entry.size > 1) {
        out["statusSize"] = entry.size;
        out["statusMessage"] = json::array();
        for (unsigned value = 0; value < std::size(status_messages); ++value)
            out["statusMessage"].push_back(
                {{"status", "0x" + std::to_string(value)}, {"message", status_messages[value]}});
    }
    return out;
}

} // namespace

std::string new_certificate_id() {
    std::string bytes = crypto::random_bytes(17); // 130 bits drawn, 128 kept
    std::string id;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; id.size() < 26; ++i) {
        buffer = (buffer << 8) | static_cast<unsigned char>(bytes[i]);
        bits += 8;
        while (bits >= 5 && id.size() < 26) {
            bits -= 5;
            id += crockford[(buffer >> bits) & 31];
        }
    }
    id[0] = crockford[std::string(crockford).find(id[0]) & 7]; // 26 × 5 = 130: clear 2 bits
    return id;
}

bool is_certificate_id(std::string const& id) {
    return id.size() == 26 && id.find_first_not_of(crockford) == std::string::npos;
}

std::string level_name(std::string const& level) {
    static constexpr std::pair<char const*, char const*> names[] = {
        {"L1", "一级/高级技师"}, {"L2", "二级/技师"},   {"L3", "三级/高级工"},
        {"L4", "四级/中级工"},   {"L5", "五级/初级工"},
    };
    for (auto const& [code, name] : names)
        if (level == code) return name;
    return level;
}

json open_badge_credential(certificate_facts const& f) {
    if (!is_certificate_id(f.id)) throw std::invalid_argument("certificate id is not well-formed");
    bool award = f.kind == "award";
    std::string achievement = award ? f.award_title : f.occupation_name + " " + level_name(f.level);
    std::string achievement_id =
        f.base_url + "/achievements/" +
        (award ? "awards/" + f.award_path : f.occupation_code + "/" + f.level);
    json alignment = {{"type", {"Alignment"}},
                      {"targetCode", f.occupation_code},
                      {"targetName", f.occupation_name},
                      {"targetType", "ext:NationalOccupationCode"},
                      {"targetUrl", f.base_url + "/standards/" + f.occupation_code}};
    // Required by the Open Badges 3.0 schema (Achievement.description): what the achievement
    // is, in the words of the national system, then in English.
    std::string description =
        award ? "职业技能竞赛奖励：" + f.award_title + "。A skills competition award."
              : "职业技能等级认定：" + f.occupation_name + "（" + f.occupation_code + "）" +
                    level_name(f.level) +
                    "，按国家职业技能标准评价。A vocational skill level certificate, assessed "
                    "against the national occupational skill standard.";
    // One entry is one object, as the Open Badges 3.0 schema wants; certificates issued before
    // the two-bit list carried two.
    json status = json::array();
    for (auto const& entry : f.status) status.push_back(status_json(f.base_url, entry));
    if (status.size() == 1) status = status[0];
    // The holder's names, each an identity of type "name": as on the ID card, then romanised.
    json names = json::array();
    for (auto const* name : {&f.holder_name, &f.holder_romanised})
        if (!name->empty())
            names.push_back({{"type", "IdentityObject"},
                             {"identityType", "name"},
                             {"hashed", false},
                             {"identityHash", *name}});
    json document = {
        {"@context",
         {"https://www.w3.org/ns/credentials/v2",
          "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
        {"id", f.base_url + "/c/" + f.id},
        {"type", {"VerifiableCredential", "OpenBadgeCredential"}},
        {"name", (award ? "技能竞赛奖励证书:" : "职业技能等级证书:") + achievement},
        {"issuer", {{"id", f.issuer_id}, {"type", {"Profile"}}, {"name", f.issuer_name}}},
        {"validFrom", f.valid_from},
        {"credentialSubject",
         {{"type", {"AchievementSubject"}},
          {"identifier", names},
          {"licenseNumber", f.number},
          {"achievement",
           {{"id", achievement_id},
            {"type", {"Achievement"}},
            {"achievementType", award ? "Award" : "Certificate"},
            {"name", achievement},
            {"description", description},
            {"humanCode", f.occupation_code + "-" + f.level},
            {"criteria", {{"narrative", f.criteria}}},
            {"alignment", {alignment}}}}}},
        {"credentialStatus", status}};
    return document;
}

std::string holder_name_of(json const& credential) {
    return credential.at("credentialSubject")
        .at("identifier")
        .at(0)
        .at("identityHash")
        .get<std::string>();
}

std::vector<std::string> holder_names_of(json const& credential) {
    std::vector<std::string> names;
    for (auto const& identity : credential.at("credentialSubject").at("identifier"))
        if (identity.value("identityType", "") == "name" && !identity.value("hashed", true))
            names.push_back(identity.at("identityHash").get<std::string>());
    return names;
}

std::string number_of(json const& credential) {
    return credential.at("credentialSubject").at("licenseNumber").get<std::string>();
}

std::string mask_name(std::string const& name) {
    auto points = code_points(name);
    std::string out = points.empty() ? "" : points[0];
    for (std::size_t i = 1; i < points.size(); ++i) out += points[i] == " " ? " " : "*";
    return out;
}

std::string mask_number(std::string const& number) {
    if (number.size() <= 4) return std::string(number.size(), '*');
    return std::string(number.size() - 4, '*') + number.substr(number.size() - 4);
}

std::string level_of(json const& achievement) {
    auto code = achievement.at("humanCode").get<std::string>();
    return code.substr(code.rfind('-') + 1);
}

json public_summary(json const& credential) {
    auto const& achievement = credential.at("credentialSubject").at("achievement");
    std::string id = credential.at("id").get<std::string>();
    return {{"id", id.substr(id.rfind('/') + 1)},
            {"name", credential.at("name")},
            {"achievementType", achievement.at("achievementType")},
            {"occupation", achievement.at("alignment").at(0).at("targetName")},
            {"occupationCode", achievement.at("alignment").at(0).at("targetCode")},
            {"level", level_name(level_of(achievement))},
            {"issuer", credential.at("issuer").at("name")},
            {"issuerId", credential.at("issuer").at("id")},
            {"validFrom", credential.at("validFrom")},
            {"holder", mask_name(holder_name_of(credential))},
            {"number", mask_number(number_of(credential))},
            {"credentialStatus", credential.at("credentialStatus")}};
}

} // namespace craftmark::credential
