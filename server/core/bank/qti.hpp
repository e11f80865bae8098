#pragma once
// IMS Question and Test Interoperability (QTI) 2.x and 3.0, as TAO, Onyx, Inspera and other
// QTI systems export it: item files (<assessmentItem>, <qti-assessment-item>) and content
// packages (a zip or folder whose imsmanifest.xml lists them; an <assessmentTest> listing items
// by href serves too). QTI 3.0 spells QTI 2's names in kebab case with a "qti-" prefix
// (qti-simple-choice, max-choices); both are read by the same code.
//
// Mapped: choice (single and multiple response, with a mapping's weights as partial credit),
// text entry (strings, or numbers with an exact, absolute or relative tolerance), extended text
// (an essay), match (premises to responses) and associate (pairs within one set). Each item with
// anything else (hotspots, ordering, gap match, several interactions, template variables,
// adaptive items …) is reported with its file and line and left out, never dropped silently.
// Stems keep their XHTML (tables, lists, emphasis, images) through an allow-list; the figures
// they show are named in the item's media.
#include "server/core/bank/bank_import.hpp"

#include <string>
#include <string_view>

namespace craftmark::core {

/// What a QTI document is, by its root element: "item", "test", "manifest", or "" for none.
std::string qti_document_kind(std::string_view text);

/// Reads one item file. `file` names it in diagnostics; an item without an identifier takes
/// `id_fallback`.
bank_import
parse_qti_item(std::string_view text, std::string const& file, std::string const& id_fallback);

/// Reads every item that `entry` (an imsmanifest.xml or an assessment test in the package)
/// lists, in its order; each diagnostic names the file it is about. A path that leaves the
/// package ("../x") is refused. The figures items show are read by gather_figures.
bank_import parse_qti_package(std::string const& entry, package_files const& files);

} // namespace craftmark::core
