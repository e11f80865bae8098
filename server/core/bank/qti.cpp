#include "server/core/bank/qti.hpp"

#include "server/core/bank/bank_xml.hpp"
#include "server/core/bank/qti_content.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>

namespace craftmark::core {
namespace {

using namespace qti;

/// One diagnostic sink for a file: lines are counted in its text.
struct file_report {
    std::string_view source;
    std::string file;
    bank_import& out;

    int line_of(pugi::xml_node node) const { return line_at(source, node.offset_debug()); }
    void add(pugi::xml_node at, char const* severity, std::string message) {
        out.diagnostics.push_back({at ? line_of(at) : 1, severity, std::move(message), {}, file});
    }
};

struct response_declaration {
    std::string cardinality, base_type;
    std::vector<std::string> correct;
    struct entry {
        std::string key;
        double value;
        bool case_sensitive;
    };
    std::vector<entry> mapping;
    std::optional<double> upper_bound;
};

response_declaration read_declaration(pugi::xml_node d) {
    response_declaration r{attr(d, "cardinality"), attr(d, "baseType"), {}, {}, {}};
    for (auto v : children(child(d, "correctResponse"), "value"))
        r.correct.push_back(collapsed(v.text().get()));
    auto mapping = child(d, "mapping");
    for (auto e : children(mapping, "mapEntry"))
        r.mapping.push_back({collapsed(attr(e, "mapKey")),
                             number(attr(e, "mappedValue")).value_or(0),
                             attr(e, "caseSensitive") != "false"});
    r.upper_bound = number(attr(mapping, "upperBound"));
    return r;
}

/// "C R" → {"C", "R"}: a pair or directed pair value.
std::optional<std::pair<std::string, std::string>> pair_of(std::string const& value) {
    auto space = value.find(' ');
    if (space == std::string::npos || value.find(' ', space + 1) != std::string::npos)
        return std::nullopt;
    return std::pair{value.substr(0, space), value.substr(space + 1)};
}

/// The tolerance a response's <equal> comparison allows below and above the correct value.
struct tolerance {
    double amount = 0;
    bool relative = false;
};
std::pair<tolerance, tolerance> tolerance_for(pugi::xml_node root, std::string const& response_id) {
    std::pair<tolerance, tolerance> found;
    auto visit = [&](auto& self, pugi::xml_node n) -> void {
        for (auto c : n.children()) {
            if (c.type() != pugi::node_element) continue;
            if (name_of(c) == "equal") {
                bool about = false;
                for (auto v : c.children())
                    about |= collapsed(attr(v, "identifier")) == response_id;
                auto mode = attr(c, "toleranceMode");
                auto amounts = collapsed(attr(c, "tolerance"));
                auto space = amounts.find(' ');
                auto first = number(amounts.substr(0, space)).value_or(0);
                auto second = space == std::string::npos
                                  ? first
                                  : number(amounts.substr(space + 1)).value_or(first);
                if (about && (mode == "absolute" || mode == "relative")) {
                    found = {{std::abs(first), mode == "relative"},
                             {std::abs(second), mode == "relative"}};
                    return;
                }
            }
            self(self, c);
        }
    };
    visit(visit, child(root, "responseProcessing"));
    return found;
}

/// The stem's writer: a blank where a text entry sits, the prompt where a block interaction is.
xhtml_writer stem_writer(std::string const& folder) {
    return {folder, [](pugi::xml_node i, xhtml_writer& w) {
                if (name_of(i) == "textEntryInteraction" ||
                    name_of(i) == "inlineChoiceInteraction") {
                    w.html += "____";
                    return;
                }
                if (auto prompt = child(i, "prompt")) {
                    w.html += "<p>";
                    w.contents(prompt);
                    w.html += "</p>";
                }
            }};
}

/// Reads one item: its stem and its one interaction, mapped to a Craftmark item or refused.
class item_reader {
  public:
    item_reader(file_report report, std::string folder)
        : report_(std::move(report)), folder_(std::move(folder)) {}

    void read(pugi::xml_node root, std::string const& id_fallback) {
        it_.id = collapsed(attr(root, "identifier"));
        if (it_.id.empty()) it_.id = id_fallback;
        it_.title = collapsed(attr(root, "title"));
        if (it_.title == it_.id) it_.title.clear();
        named_ = "item " + it_.id + (it_.title.empty() ? "" : " \"" + it_.title + "\"");
        it_.origin = item_origin{"qti", report_.file, report_.line_of(root), {}};
        it_.stem_format = "html";
        if (auto why = map(root)) return refuse(interaction_ ? interaction_ : root, *why);
        it_.points = it_.type == item_type::description ? 0 : points_.value_or(1);
        if (auto problems = validate(it_); !problems.empty()) return refuse(root, problems.front());
        if (!losses_.empty()) {
            std::string list;
            for (auto const& l : losses_) list += (list.empty() ? "" : "; ") + l;
            report_.add(root, "warning", named_ + ": not kept: " + list);
        }
        report_.out.items.push_back(std::move(it_));
    }

  private:
    using refusal = std::optional<std::string>; // why the item is left out

    void refuse(pugi::xml_node at, std::string const& why) {
        report_.add(at, "error", named_ + ": " + why + "; left out");
    }

    refusal map(pugi::xml_node root) {
        if (attr(root, "adaptive") == "true")
            return "an adaptive item (several attempts with feedback between them) has no "
                   "Craftmark equivalent";
        if (child(root, "templateDeclaration"))
            return "template variables (values drawn for each candidate) have no Craftmark "
                   "equivalent";
        for (auto o : children(root, "outcomeDeclaration")) {
            auto id = collapsed(attr(o, "identifier"));
            if (id == "MAXSCORE")
                points_ = number(child(child(o, "defaultValue"), "value").text().get());
            else if (id == "SCORE" && !points_)
                points_ = number(attr(o, "normalMaximum"));
        }
        auto body = child(root, "itemBody");
        if (!body) return "there is no item body";
        auto interactions = interactions_in(body);
        if (interactions.size() > 1) {
            interaction_ = interactions[1];
            std::string kinds;
            for (auto i : interactions) kinds += (kinds.empty() ? "" : ", ") + name_of(i);
            return std::to_string(interactions.size()) + " interactions (" + kinds +
                   ") in one item; a Craftmark item takes one answer";
        }
        auto stem = stem_writer(folder_);
        stem.contents(body);
        it_.stem = stem.result();
        it_.media = stem.media;
        losses_ = stem.losses;
        for (auto const& note : stem.scorer_notes)
            it_.general_feedback += (it_.general_feedback.empty() ? "" : "\n") + note;
        if (interactions.empty()) {
            it_.type = item_type::description;
            return std::nullopt;
        }

        interaction_ = interactions.front();
        auto kind = name_of(interaction_);
        auto response_id = collapsed(attr(interaction_, "responseIdentifier"));
        for (auto d : children(root, "responseDeclaration"))
            if (collapsed(attr(d, "identifier")) == response_id) response_ = read_declaration(d);
        if (!response_)
            return "its " + kind + " has no response declaration \"" + response_id + "\"";
        if (kind != "extendedTextInteraction" && response_->correct.empty() &&
            response_->mapping.empty())
            return "there is no correct response";
        if (kind == "choiceInteraction") return read_choice();
        if (kind == "textEntryInteraction")
            return response_->base_type == "string" ? read_words()
                   : response_->base_type == "float" || response_->base_type == "integer"
                       ? read_number(tolerance_for(root, response_id))
                       : "a text entry of base type \"" + response_->base_type +
                             "\" has no Craftmark equivalent (string, float and integer are "
                             "read)";
        if (kind == "extendedTextInteraction") return read_essay();
        if (kind == "matchInteraction" || kind == "associateInteraction") return read_pairs(kind);
        return "QTI's " + kind +
               " has no Craftmark equivalent (choice, text entry, extended text, match and "
               "associate interactions are read)";
    }

    /// Choice: single or multiple response; a mapping's weights are shares of the best answer
    /// (single) or of all the positive ones (multiple, which then gives partial credit).
    refusal read_choice() {
        auto const& r = *response_;
        it_.type =
            r.cardinality == "single" ? item_type::single_choice : item_type::multiple_choice;
        it_.shuffle = attr(interaction_, "shuffle") == "true";
        double best = 0, positive = 0;
        for (auto const& e : r.mapping) {
            best = std::max(best, e.value);
            positive += std::max(0.0, e.value);
        }
        auto full = it_.type == item_type::single_choice ? best : positive;
        if (!r.mapping.empty() && full <= 0) return "its mapping gives no choice any points";
        char letter = 'A';
        for (auto c : children(interaction_, "simpleChoice")) {
            auto id = collapsed(attr(c, "identifier"));
            double fraction = 0;
            if (!r.mapping.empty()) {
                for (auto const& e : r.mapping)
                    if (e.key == id) fraction = e.value / full;
            } else if (std::find(r.correct.begin(), r.correct.end(), id) != r.correct.end()) {
                fraction = it_.type == item_type::single_choice
                               ? 1
                               : 1.0 / static_cast<double>(r.correct.size());
            }
            if (it_.shuffle && attr(c, "fixed") == "true")
                losses_.insert("choices fixed in place while the others shuffle (all shuffle)");
            it_.choices.push_back({std::string(1, letter), content_of(c), fraction, {}});
            letter = static_cast<char>(letter == 'Z' ? 'a' : letter + 1);
        }
        if (it_.type == item_type::multiple_choice && !r.mapping.empty())
            it_.scoring = credit::partial;
        if (!points_ && !r.mapping.empty()) points_ = r.upper_bound.value_or(full);
        return std::nullopt;
    }

    /// Text entry of words: the mapping's keys, or the correct responses, compared exactly
    /// unless a map entry says case does not matter.
    refusal read_words() {
        auto const& r = *response_;
        it_.type = item_type::short_answer;
        double best = 0;
        for (auto const& e : r.mapping) best = std::max(best, e.value);
        std::set<bool> sensitivity;
        for (auto const& e : r.mapping)
            if (e.value > 0) {
                it_.answers.push_back({e.key, e.value / best, {}});
                sensitivity.insert(e.case_sensitive);
            }
        if (r.mapping.empty())
            for (auto const& v : r.correct) it_.answers.push_back({v, 1, {}});
        it_.case_sensitive = !sensitivity.count(false);
        if (sensitivity.size() > 1)
            losses_.insert("case sensitivity that differs between answers (none is)");
        for (auto const& a : it_.answers)
            if (a.text.find('*') != std::string::npos)
                losses_.insert("a literal * in an answer (Craftmark reads it as a wildcard)");
        if (!points_ && best > 0) points_ = r.upper_bound.value_or(best);
        return std::nullopt;
    }

    /// Text entry of a number: each correct value widened by the item's tolerance.
    refusal read_number(std::pair<tolerance, tolerance> const& within) {
        auto const& r = *response_;
        auto const& [low, high] = within;
        it_.type = item_type::numerical;
        double best = 0;
        for (auto const& e : r.mapping) best = std::max(best, e.value);
        for (auto const& e : r.mapping)
            if (auto v = number(e.key); v && e.value > 0)
                it_.numeric.push_back({*v, *v, e.value / best, {}});
        for (auto const& value : r.correct) {
            auto v = number(value);
            if (!v) return "the correct response \"" + value + "\" is not a number";
            auto [min, max] =
                low.relative ? std::pair{*v * (1 - low.amount / 100), *v * (1 + high.amount / 100)}
                             : std::pair{*v - low.amount, *v + high.amount};
            it_.numeric.push_back({std::min(min, max), std::max(min, max), 1, {}});
        }
        return std::nullopt;
    }

    /// Extended text: an essay; a correct response, if any, is the examiners' model answer.
    refusal read_essay() {
        it_.type = item_type::essay;
        for (auto const& v : response_->correct)
            it_.general_feedback +=
                (it_.general_feedback.empty() ? "" : "\n") + std::string("参考答案：") + v;
        return std::nullopt;
    }

    /// Match (a first set of premises, a second of responses) or associate (pairs within one
    /// set): each premise paired with one response; choices in no pair are distractors.
    refusal read_pairs(std::string const& kind) {
        auto const& r = *response_;
        bool associate = kind == "associateInteraction";
        it_.type = item_type::matching;
        it_.shuffle = attr(interaction_, "shuffle") == "true";
        std::map<std::string, std::string> text; // of every choice, by identifier
        std::vector<std::string> order, premises;
        auto sets =
            associate ? std::vector{interaction_} : children(interaction_, "simpleMatchSet");
        for (std::size_t s = 0; s < sets.size(); ++s)
            for (auto c : children(sets[s], "simpleAssociableChoice")) {
                auto id = collapsed(attr(c, "identifier"));
                text[id] = content_of(c);
                order.push_back(id);
                if (s == 0 && !associate) premises.push_back(id);
            }
        std::map<std::string, std::string> response_of;
        for (auto const& value : r.correct) {
            auto pair = pair_of(value);
            if (!pair || !text.count(pair->first) || !text.count(pair->second))
                return "the correct pair \"" + value + "\" names no two choices";
            if (associate) premises.push_back(pair->first);
            if (!response_of.emplace(pair->first, pair->second).second)
                return "\"" + pair->first +
                       "\" is paired with several others; a Craftmark matching item pairs each "
                       "premise with one response";
        }
        std::set<std::string> used;
        for (auto const& p : premises) {
            auto partner = response_of.find(p);
            if (partner == response_of.end())
                return "\"" + p +
                       "\" has no correct partner; a Craftmark matching item pairs every premise";
            it_.pairs.push_back({text[p], text[partner->second]});
            used.insert(p);
            used.insert(partner->second);
        }
        for (auto const& id : order)
            if (!used.count(id)) it_.distractors.push_back(text[id]);
        if (associate)
            losses_.insert("an associate interaction's free pairing (shown as matching, the "
                           "first of each pair a premise)");
        std::set<double> weights;
        for (auto const& e : r.mapping) weights.insert(e.value);
        if (!r.mapping.empty()) it_.scoring = credit::partial;
        if (weights.size() > 1)
            losses_.insert("different weights for pairs (each pair counts the same)");
        if (!points_ && !r.mapping.empty()) {
            double sum = 0;
            for (auto const& e : r.mapping) sum += std::max(0.0, e.value);
            points_ = r.upper_bound.value_or(sum);
        }
        return std::nullopt;
    }

    /// A choice's content as XHTML; its figures join the item's.
    std::string content_of(pugi::xml_node n) {
        xhtml_writer w{folder_, nullptr};
        w.contents(n);
        it_.media.insert(it_.media.end(), w.media.begin(), w.media.end());
        losses_.insert(w.losses.begin(), w.losses.end());
        return w.result();
    }

    file_report report_;
    std::string folder_;
    item it_;
    std::string named_;            // "item ITEM007 \"Romeinse cijfers\""
    std::set<std::string> losses_; // what is not kept, for one warning
    std::optional<double> points_; // MAXSCORE, or what the mapping allows
    pugi::xml_node interaction_;   // the one mapped (or the one refused)
    std::optional<response_declaration> response_;
};

std::string stem_of(std::string const& path) {
    auto name = path.substr(path.rfind('/') + 1);
    return name.substr(0, name.rfind('.'));
}

void read_item_file(std::string_view text,
                    std::string const& file,
                    std::string const& id_fallback,
                    bank_import& out) {
    file_report report{text, file, out};
    auto doc = load_xml(text, report.file, report.out);
    if (!doc) return;
    auto root = doc->document_element();
    if (name_of(root) != "assessmentItem") {
        report.add(root, "error",
                   "not a QTI item: the root element is <" + std::string(root.name()) +
                       ">, not <assessmentItem> or "
                       "<qti-assessment-item>");
        return;
    }
    item_reader(report, folder_of(file)).read(root, id_fallback);
}

} // namespace

std::string qti_document_kind(std::string_view text) {
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8))
        return {};
    auto root = name_of(doc.document_element());
    return root == "assessmentItem"   ? "item"
           : root == "assessmentTest" ? "test"
           : root == "manifest"       ? "manifest"
                                      : "";
}

bank_import
parse_qti_item(std::string_view text, std::string const& file, std::string const& id_fallback) {
    bank_import out;
    read_item_file(text, file, id_fallback, out);
    return out;
}

bank_import parse_qti_package(std::string const& entry, package_files const& files) {
    bank_import out;
    std::string text;
    try {
        text = files.read(entry);
    } catch (std::invalid_argument const& e) {
        out.diagnostics.push_back({1, "error", e.what(), {}, entry});
        return out;
    }
    file_report report{text, entry, out};
    auto doc = load_xml(text, report.file, report.out);
    if (!doc) return out;
    auto root = doc->document_element();
    auto kind = name_of(root);
    std::vector<std::pair<std::string, pugi::xml_node>> listed; // item path, where it is listed
    auto list = [&](std::string const& folder, std::string_view href, pugi::xml_node at) {
        if (auto path = package_path(folder, href))
            listed.emplace_back(*path, at);
        else
            report.add(at, "error",
                       "\"" + std::string(href) + "\" is outside the package; left out");
    };
    if (kind == "manifest") {
        for (auto r : children(child(root, "resources"), "resource"))
            if (attr(r, "type").starts_with("imsqti_item_xmlv")) {
                auto base = folder_of(entry) + attr(r, "base");
                if (!base.empty() && base.back() != '/') base += '/';
                list(base, attr(r, "href"), r);
            }
    } else if (kind == "assessmentTest") {
        auto visit = [&](auto& self, pugi::xml_node n) -> void {
            for (auto c : n.children())
                if (c.type() == pugi::node_element) {
                    if (name_of(c) == "assessmentItemRef")
                        list(folder_of(entry), attr(c, "href"), c);
                    else
                        self(self, c);
                }
        };
        visit(visit, root);
    } else if (kind == "assessmentItem") {
        listed.emplace_back(entry, root);
    } else {
        report.add(root, "error",
                   "not a QTI package: " + entry + " is <" + std::string(root.name()) +
                       ">, not an IMS manifest, an assessment test or an item");
        return out;
    }
    if (listed.empty() && out.diagnostics.empty())
        report.add(root, "error",
                   "lists no QTI items (resources of type imsqti_item_xmlv2p1, v2p2 or v3p0)");

    std::set<std::string> seen;
    for (auto const& listing : listed) {
        // Named, not structured bindings: clang 14 (the fuzzing build) cannot capture those.
        auto const& path = listing.first;
        if (!seen.insert(path).second) continue;
        if (!files.has(path)) {
            report.add(listing.second, "error",
                       path + " is listed but not in the package; left out");
            continue;
        }
        try {
            read_item_file(files.read(path), path, stem_of(path), out);
        } catch (std::invalid_argument const& e) {
            out.diagnostics.push_back({1, "error", e.what(), {}, path});
        }
    }
    return out;
}

} // namespace craftmark::core
