/// @file
/// @brief Reuters-21578 SGML files (reut2-NNN.sgm): many articles per file.
#pragma once

#include "news/common/article.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace news::reuters {

/// Reads every `<REUTERS>` element of one SGML file's @p bytes and hands each result to @p sink.
///
/// - id `reuters:NEWID`; source "Reuters"; language "en";
/// - `<DATE>` gives the date (the time of day and any junk after it are ignored; a date that
///   cannot be recovered is noted and left out);
/// - `<TITLE>`, `<DATELINE>` (place and day of filing), `<AUTHOR>` ("by NAME, Reuters" gives
///   NAME), `<BODY>` (the closing "Reuter" sign-off dropped); a `TYPE="UNPROC"` text is all body,
///   a `TYPE="BRIEF"` one is title only, and both are indexed;
/// - `<TOPICS>`, `<PLACES>`, `<PEOPLE>`, `<ORGS>`, `<EXCHANGES>` become the facets topic, place,
///   person, org and exchange;
/// - entities `&lt;` `&gt;` `&amp;` and `&#N;` are decoded; control characters they stand for are
///   removed, and bytes that are not UTF-8 (the collection's one 0xFC) are read as
///   Windows-1252, each counted in the article's repairs.
///
/// Every element is indexed, even one with no text at all (its date and facets still count).
/// Damaged markup: an element without `</REUTERS>` ends at the next `<REUTERS` tag (or the end
/// of the file) and is indexed with a repair note when its `</TEXT>` is there; one cut short
/// before its `</TEXT>` is rejected ("cannot read: ... cut short ...": its text is incomplete).
/// Rejections: an element without NEWID, a cut-short element, a file ending inside a tag; each
/// names the file and the element's line.
void parse_file(std::string_view bytes, const std::string& path,
                const std::function<void(ReadResult&&)>& sink);

} // namespace news::reuters
