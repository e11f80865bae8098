#include "tools/craftmark/register_files.hpp"

#include <array>

namespace craftmark::cli {
namespace {

using certificates::register_entry;

constexpr std::array<char const*, 11> headings = {"证书编号 Certificate No.",
                                                  "姓名 Name",
                                                  "身份证号(脱敏) ID No. (masked)",
                                                  "职业(工种) Occupation",
                                                  "职业编码 Code",
                                                  "等级 Level",
                                                  "证书名称 Certificate",
                                                  "评价机构 Issuing body",
                                                  "发证日期 Date of issue",
                                                  "状态 Status",
                                                  "状态原因 Reason"};

std::array<std::string, 11> cells(register_entry const& e) {
    return {e.number,      e.holder, e.masked_id, e.occupation, e.occupation_code, e.level,
            e.achievement, e.issuer, e.issued,    e.status,     e.status_reason};
}

} // namespace

sheet::table register_table(std::vector<register_entry> const& entries) {
    sheet::table t{"证书登记 Register", {}, {}};
    t.rows.push_back({1, {headings.begin(), headings.end()}});
    for (auto const& e : entries) {
        auto values = cells(e);
        t.rows.push_back({static_cast<int>(t.rows.size()) + 1, {values.begin(), values.end()}});
    }
    return t;
}

} // namespace craftmark::cli
