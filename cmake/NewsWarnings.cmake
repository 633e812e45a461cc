# news_warnings: the warning set every target of ours compiles with. Presets turn warnings into
# errors (CMAKE_COMPILE_WARNING_AS_ERROR), never this file.
add_library(news_warnings INTERFACE)
target_compile_options(news_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual
    # GCC 12 reports impossible memcpy overlaps inside std::string's operator+ at -O2
    # (GCC bug 105651, a false positive fixed in GCC 13).
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)

# news_sanitizers: ASan + UBSan when NEWS_SANITIZERS is on.
add_library(news_sanitizers INTERFACE)
if(NEWS_SANITIZERS)
    set(_news_san_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_compile_options(news_sanitizers INTERFACE ${_news_san_flags})
    target_link_options(news_sanitizers INTERFACE ${_news_san_flags})
endif()

# news_add_defaults(target): warnings and sanitizers for one of our targets.
function(news_add_defaults target)
    target_link_libraries(${target} PRIVATE news_warnings news_sanitizers)
endfunction()
