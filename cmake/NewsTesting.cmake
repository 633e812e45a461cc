find_package(Boost 1.74 CONFIG REQUIRED COMPONENTS unit_test_framework)

# news_add_test_suites(EXE LABEL SUITES...): one ctest test per Boost.Test suite, so a failure
# names its module and suites can run in parallel.
function(news_add_test_suites exe label)
    foreach(suite IN LISTS ARGN)
        add_test(NAME ${label}.${suite}
                 COMMAND ${exe} --run_test=${suite} --color_output=no --report_level=short)
        set_tests_properties(${label}.${suite} PROPERTIES LABELS ${label})
    endforeach()
endfunction()
