# Every dependency comes from a Debian package through its CMake config file.

# Xapian's config file only sets variables: wrap them as an imported target.
find_package(xapian CONFIG REQUIRED)
if(NOT TARGET Xapian::Xapian)
    add_library(Xapian::Xapian INTERFACE IMPORTED)
    set_target_properties(Xapian::Xapian PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

find_package(cxxopts CONFIG REQUIRED)
# cxxopts' regular expressions are static objects of its header, compiled again in every source
# file that includes it, before main: 58% of the instructions of a one-shot news-search. Its
# hand-written parser (the same option syntax) has none. Set on the imported target so that
# every file sees the same cxxopts.
set_property(TARGET cxxopts::cxxopts APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS CXXOPTS_NO_REGEX)
find_package(fmt CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(Threads REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc) # accent folding (Unicode normalisation)
find_package(LibArchive REQUIRED) # compressed inputs, read as streams
# The article bodies stored in the database: LZ4 with an xxHash checksum (neither package ships
# a CMake config).
find_path(NEWS_LZ4_INCLUDE_DIR lz4hc.h REQUIRED)
find_library(NEWS_LZ4_LIBRARY lz4 REQUIRED)
find_path(NEWS_XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
find_library(NEWS_XXHASH_LIBRARY xxhash REQUIRED)
add_library(news_body_compression INTERFACE IMPORTED)
set_target_properties(news_body_compression PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${NEWS_LZ4_INCLUDE_DIR};${NEWS_XXHASH_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${NEWS_LZ4_LIBRARY};${NEWS_XXHASH_LIBRARY}")
