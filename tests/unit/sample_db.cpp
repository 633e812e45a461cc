/// @file
/// @brief sample_db(): corpus/sample indexed with the real reader and writer.
#include "sample_db.hpp"

#include "news/indexer/index_writer.hpp"
#include "news/readers/reader.hpp"

#include "support/temp_dir.hpp"

namespace news::test {

const std::string& sample_db() {
    static const struct Built {
        TempDir dir;
        std::string path = dir / "db";
        Built() {
            indexer::WriterOptions options;
            options.path = path;
            indexer::IndexWriter writer(options);
            (void)read_inputs({(source_dir() / "corpus" / "sample").string()}, {},
                              [&](ReadResult&& result) {
                                  if (const auto* article = std::get_if<Article>(&result)) {
                                      writer.add(*article);
                                  }
                              });
            writer.commit();
        }
    } built;
    return built.path;
}

} // namespace news::test
