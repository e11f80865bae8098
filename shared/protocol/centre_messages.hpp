#pragma once
// The centre's daily work from the console (administrators): sittings made of the assessments
// defined, candidates registered from the clerk's file with a report per row, results taken
// away as a sheet, and certificates issued (with progress), listed, revoked and suspended.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::protocol {

/// One assessment a sitting can be made of (assessment.list's reply lists them).
struct assessment_entry {
    std::string id;
    std::string title;
    std::string component; // theory (sections of items) or practical (tasks)
    std::int64_t minutes = 0;
    std::string review; // none, score or items: what candidates see afterwards
    friend bool operator==(assessment_entry const&, assessment_entry const&) = default;
};
struct assessment_list {
    std::vector<assessment_entry> assessments;
    friend bool operator==(assessment_list const&, assessment_list const&) = default;
};

/// sitting.create: a sitting of an assessment in a room, as `craftmark sitting create`.
struct sitting_create {
    std::string sitting_id;
    std::string assessment;
    std::string title; // "": the assessment's
    std::string venue;
    std::string room = "1";
    std::int64_t starts_at = 0;        // milliseconds since 1970 UTC
    std::int64_t duration_minutes = 0; // 0: the assessment's
    std::string review;                // "": the assessment's
    std::string checkin = "required";  // or not_required: codes are issued at registration
    std::string delivery = "any";      // or browser: sat only in the browser
    friend bool operator==(sitting_create const&, sitting_create const&) = default;
};
struct sitting_created {
    std::string sitting_id;
    std::int64_t starts_at = 0;
    std::string codes_at;     // check_in or registration
    std::int64_t figures = 0; // figures its banks show (craftmark-terminal only names them)
    friend bool operator==(sitting_created const&, sitting_created const&) = default;
};

/// sitting.register: the candidates of a roster file (CSV in UTF-8 or GBK, or an Excel
/// workbook), read and reported row by row; registered unless `dry_run`, and only when every
/// row is right.
struct roster_import {
    std::string sitting_id;
    std::string name;  // the file's name: .xlsx tells a workbook (so do its first bytes)
    std::string data;  // the file, base64
    std::string sheet; // a workbook's sheet ("": its first)
    std::string encoding = "auto"; // a CSV's: auto, utf-8, gbk, gb18030 …
    bool dry_run = true;
    friend bool operator==(roster_import const&, roster_import const&) = default;
};
struct roster_problem {
    std::int64_t row = 0; // as the spreadsheet or the text editor numbers it
    std::string message;
    friend bool operator==(roster_problem const&, roster_problem const&) = default;
};
struct roster_line {
    std::int64_t row = 0;
    std::string ticket, name, seat, organisation;
    friend bool operator==(roster_line const&, roster_line const&) = default;
};
struct roster_report {
    std::string sitting_id;
    std::string unit; // "line" (CSV) or "row" (a worksheet)
    std::int64_t candidates = 0;
    std::vector<roster_problem> problems;
    std::vector<roster_line> preview; // every sound row
    bool registered = false;
    std::string codes_at; // check_in or registration
    friend bool operator==(roster_report const&, roster_report const&) = default;
};

/// results.export: a sitting's results as `craftmark results export` writes them.
struct results_export {
    std::string sitting_id;
    std::string format = "csv"; // csv, xlsx or json
    friend bool operator==(results_export const&, results_export const&) = default;
};
/// A file for the browser to save.
struct export_file {
    std::string name; // e.g. 2026-12-dg4-results.csv
    std::string mime;
    std::string data; // base64
    std::int64_t rows = 0;
    friend bool operator==(export_file const&, export_file const&) = default;
};

/// certificate.issue: certificates for a sitting's passing candidates. Before the reply the
/// session is pushed certificate.progress after each one signed.
struct certificate_issue {
    std::string sitting_id;
    friend bool operator==(certificate_issue const&, certificate_issue const&) = default;
};
struct certificate_progress {
    std::string sitting_id;
    std::int64_t done = 0;
    std::int64_t total = 0;
    friend bool operator==(certificate_progress const&, certificate_progress const&) = default;
};
struct certificate_issue_report {
    std::int64_t issued = 0;
    std::int64_t already_issued = 0;
    std::vector<std::string> refused; // "T002: did not pass (48 %)"
    friend bool operator==(certificate_issue_report const&,
                           certificate_issue_report const&) = default;
};

/// certificate.list {sitting_id}'s reply.
struct certificate_entry {
    std::string id, number, ticket, name, status, status_reason;
    std::int64_t issued_at = 0;
    std::string link; // the verification page
    friend bool operator==(certificate_entry const&, certificate_entry const&) = default;
};
struct certificate_list {
    std::vector<certificate_entry> certificates;
    friend bool operator==(certificate_list const&, certificate_list const&) = default;
};

/// certificate.status: revoke (for good), suspend, or reinstate (active) a certificate.
struct certificate_status_change {
    std::string certificate; // id or number
    std::string status;      // revoked, suspended or active
    std::string reason;
    friend bool operator==(certificate_status_change const&,
                           certificate_status_change const&) = default;
};

/// A staff account as staff.list shows it and staff.put sets it (never its password hash).
struct staff_account {
    std::string username;
    std::string display_name;
    std::string role;                // admin, proctor or examiner
    std::vector<std::string> scopes; // *, sitting:ID, venue:NAME; chief for a chief examiner
    std::string organisation;        // an examiner never marks its candidates
    friend bool operator==(staff_account const&, staff_account const&) = default;
};
struct staff_list {
    std::vector<staff_account> staff;
    friend bool operator==(staff_list const&, staff_list const&) = default;
};
/// staff.put: creates or changes an account; an existing one keeps its password when none is
/// given. The account's sessions end: it signs in again with what it now is.
struct staff_put {
    staff_account account;
    std::string password;
    friend bool operator==(staff_put const&, staff_put const&) = default;
};

/// audit.verify's reply: the hash chain and the answers it covers, as `craftmark audit verify`.
struct audit_verdict {
    bool intact = false;
    std::int64_t entries = 0;
    std::int64_t answers = 0;
    std::optional<std::int64_t> first_broken; // the first entry that does not verify
    std::string reason;
    friend bool operator==(audit_verdict const&, audit_verdict const&) = default;
};

void to_json(nlohmann::json& j, sitting_create const& m);
void from_json(nlohmann::json const& j, sitting_create& m);
void to_json(nlohmann::json& j, roster_import const& m);
void from_json(nlohmann::json const& j, roster_import& m);
void to_json(nlohmann::json& j, results_export const& m);
void from_json(nlohmann::json const& j, results_export& m);
void to_json(nlohmann::json& j, certificate_issue const& m);
void from_json(nlohmann::json const& j, certificate_issue& m);
void to_json(nlohmann::json& j, certificate_status_change const& m);
void from_json(nlohmann::json const& j, certificate_status_change& m);
void to_json(nlohmann::json& j, staff_put const& m);
void from_json(nlohmann::json const& j, staff_put& m);
void to_json(nlohmann::json& j, audit_verdict const& m);
void from_json(nlohmann::json const& j, audit_verdict& m);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    assessment_entry, id, title, component, minutes, review)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(assessment_list, assessments)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    sitting_created, sitting_id, starts_at, codes_at, figures)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(roster_problem, row, message)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(roster_line, row, ticket, name, seat, organisation)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    roster_report, sitting_id, unit, candidates, problems, preview, registered, codes_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(export_file, name, mime, data, rows)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(certificate_progress, sitting_id, done, total)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(certificate_issue_report,
                                                issued,
                                                already_issued,
                                                refused)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    certificate_entry, id, number, ticket, name, status, status_reason, issued_at, link)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(certificate_list, certificates)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    staff_account, username, display_name, role, scopes, organisation)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(staff_list, staff)

} // namespace craftmark::protocol
