#pragma once
// One certificate's facts, for the credential tests: a Level 3 electrician, 张三丰, with the
// two-entry status of certificates issued before the two-bit list.
#include "shared/credential/open_badge.hpp"

namespace craftmark::testing {

inline credential::certificate_facts sample_facts() {
    credential::certificate_facts f;
    f.base_url = "https://verify.example.cn";
    f.id = credential::new_certificate_id();
    f.issuer_id = "https://verify.example.cn/issuers/centre-01";
    f.issuer_name = "市职业技能鉴定中心";
    f.occupation_code = "6-31-01-03";
    f.occupation_name = "电工";
    f.level = "L3";
    f.holder_name = "张三丰";
    f.number = "CM2026000123";
    f.valid_from = "2026-11-23T00:00:00Z";
    f.criteria = "理论知识考试与操作技能考核均达到60分及以上";
    f.status = {{"revocation", 7, 94567}, {"suspension", 8, 12}};
    return f;
}

} // namespace craftmark::testing
