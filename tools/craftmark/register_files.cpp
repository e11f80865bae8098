#include "tools/craftmark/register_files.hpp"

#include "tools/craftmark/commands.hpp"

#include <array>
#include <stdexcept>
#include <xlsxwriter.h>

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

std::string register_csv(std::vector<register_entry> const& entries) {
    std::string out = csv_byte_order_mark;
    auto line = [&](auto const& fields) {
        bool first = true;
        for (auto const& f : fields) {
            if (!first) out += ',';
            out += csv_field(f);
            first = false;
        }
        out += "\r\n";
    };
    line(headings);
    for (auto const& e : entries) line(cells(e));
    return out;
}

void write_register_xlsx(std::vector<register_entry> const& entries,
                         std::filesystem::path const& file) {
    lxw_workbook* book = workbook_new(file.c_str());
    if (!book) throw std::runtime_error("cannot write " + file.string());
    lxw_worksheet* sheet = workbook_add_worksheet(book, "证书登记 Register");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    for (lxw_col_t c = 0; c < headings.size(); ++c) {
        worksheet_write_string(sheet, 0, c, headings[c], bold);
        worksheet_set_column(sheet, c, c, c == 6 || c == 7 ? 36 : 18, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    lxw_row_t row = 1;
    for (auto const& e : entries) {
        auto values = cells(e);
        for (lxw_col_t c = 0; c < values.size(); ++c)
            worksheet_write_string(sheet, row, c, values[c].c_str(), nullptr);
        ++row;
    }
    if (lxw_error rc = workbook_close(book); rc != LXW_NO_ERROR)
        throw std::runtime_error("cannot write " + file.string() + ": " + lxw_strerror(rc));
}

} // namespace craftmark::cli
