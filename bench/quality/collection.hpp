/// @file
/// @brief The classic IR test collections (../shared/ir-collections): which ones there are,
/// unpacking one into a work folder (again only when its archive changed), and reading its
/// queries and judgments.
#pragma once

#include "quality/metrics.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace news::bench::quality {

/// The collections by name, in the report's order: adi, cacm, cisi, cran, lisa, med, npl.
[[nodiscard]] const std::vector<std::string>& collection_names();

/// "ADI", "CACM", ... for @p name.
[[nodiscard]] std::string collection_title(std::string_view name);

/// One query of a collection.
struct CollectionQuery {
    std::string id;   ///< the collection's query number, as text
    std::string text; ///< as written in queries.tsv
};

/// A collection unpacked into its work folder.
struct Collection {
    std::string name;                     ///< "adi"
    std::string title;                    ///< "ADI"
    std::string archive;                  ///< COLLECTIONS/NAME/collection.tar.xz
    std::string archive_stamp;            ///< size and mtime of the archive
    std::string work;                     ///< WORK/NAME
    std::string articles;                 ///< WORK/NAME/derived/articles.jsonl
    std::vector<CollectionQuery> queries; ///< every query, in file order
    std::map<std::string, Grades> qrels;  ///< query id to its judged documents
    bool graded = false;                  ///< some grade is above 1
    std::size_t documents = 0;            ///< lines of articles.jsonl
    [[nodiscard]] std::size_t judged_queries() const;
};

/// The archive of collection @p name under @p collections_dir.
[[nodiscard]] std::string archive_path(const std::string& collections_dir, const std::string& name);

/// Unpacks @p name's derived/ files into @p work/NAME (unless the copy there came from the same
/// archive, by size and mtime) with `tar`, and reads its queries and judgments.
/// @throws news::Error: NotFound when the archive is missing (hint: --collections-dir), BadData
/// for a malformed queries.tsv or qrels.tsv, Io/Internal when unpacking fails.
[[nodiscard]] Collection prepare_collection(const std::string& name,
                                            const std::string& collections_dir,
                                            const std::string& work);

/// The queries of a queries.tsv file (qid TAB text).
/// @throws news::Error (BadData) naming the file and line.
[[nodiscard]] std::vector<CollectionQuery> read_collection_queries(const std::string& path);

/// The judgments of a qrels.tsv file (qid TAB docid TAB grade).
/// @throws news::Error (BadData) naming the file and line.
[[nodiscard]] std::map<std::string, Grades> read_qrels(const std::string& path);

/// The words a query searches for: runs of letters and digits (and non-ASCII bytes),
/// lowercased, so that no word reads as an operator (AND, OR, NOT, NEAR) or a field (title:)
/// in our query language.
[[nodiscard]] std::vector<std::string> query_words(std::string_view text);

/// "SIZE MTIME" of @p path (an unchanged file keeps its stamp), or "" when it is missing.
[[nodiscard]] std::string file_stamp(const std::string& path);

} // namespace news::bench::quality
