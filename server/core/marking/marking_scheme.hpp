#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// How a measurement aspect turns what was measured into a mark.
enum class measurement_kind {
    all_or_nothing, // met → full mark, otherwise none
    deductions,     // full mark minus listed faults (扣分), floored at zero
    bands,          // the first tolerance band the measured value falls in
};

struct deduction_rule {
    std::string id;
    std::string text;  // "接线错误每处扣2分"
    double amount = 0; // marks taken off
    bool per_occurrence = true;
};

/// |value − nominal| ≤ within gives `mark`; bands are tried from the tightest.
struct tolerance_band {
    double within = 0;
    double mark = 0;
};

struct aspect {
    enum class kind { measurement, judgement };
    std::string code; // "A1.2"
    std::string description;
    std::string standard_ref; // WSOS section or 鉴定范围 this aspect evidences
    kind type = kind::measurement;
    double max_mark = 0;
    // measurement
    measurement_kind rule = measurement_kind::all_or_nothing;
    std::vector<deduction_rule> deductions;
    double nominal = 0;
    std::string unit;
    std::vector<tolerance_band> bands;
    std::string checker; // name of the result a task's checker reports for this aspect, or empty
    // judgement
    std::vector<std::string> descriptors; // what a score of 0, 1, 2 and 3 means
    int judges = 3;                       // 5: the highest and the lowest score are dropped
    int max_spread = 1;                   // scores further apart must be reconciled before lock
};

struct sub_criterion {
    std::string code;
    std::string name;
    std::vector<aspect> aspects;
};

struct criterion {
    std::string code;
    std::string name;
    double max_marks = 0;
    std::vector<sub_criterion> sub_criteria;
};

/// 否决项: when it happens the task scores zero, whatever else was achieved.
struct veto_item {
    std::string id;
    std::string text;
};

/// "超时1分钟扣5分, 超时3分钟停止操作": a deduction per started period over the limit, and the
/// point at which work is stopped.
struct overtime_rule {
    std::int64_t every_ms = 60'000;
    double deduct = 0;
    std::int64_t stop_after_ms = 0; // 0: never stopped
};

/// A marking scheme (WorldSkills: criteria → sub-criteria → aspects; a Chinese 评分记录表 is the
/// same tree with deduction aspects). The format is
/// question-banks/schema/marking-scheme.schema.json.
struct marking_scheme {
    std::string id;
    std::string title;
    std::string style; // "deduction_sheet", "worldskills"
    double total_marks = 100;
    std::vector<criterion> criteria;
    std::vector<veto_item> veto;
    std::optional<overtime_rule> overtime;

    aspect const* find_aspect(std::string const& code) const;
    std::vector<aspect const*> aspects() const;
};

/// Reads and checks a scheme: codes unique, marks of aspects adding up to their criterion and of
/// criteria to the total, bands and deductions within the aspect's mark. Throws
/// std::invalid_argument naming the first problem.
marking_scheme marking_scheme_from_json(nlohmann::json const& j);

} // namespace craftmark::core
