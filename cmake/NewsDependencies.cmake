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
find_package(fmt CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(Threads REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc) # accent folding (Unicode normalisation)
find_package(LibArchive REQUIRED) # compressed inputs, read as streams
