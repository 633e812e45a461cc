# ctest -L peers: news-lucene build, query and once on the made-up files in testdata/.
# Arguments: -DLAUNCHER=path/to/news-lucene -DTESTDATA=dir -DWORK=scratch dir (emptied first).
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run_step name)
    execute_process(COMMAND "${LAUNCHER}" ${ARGN}
                    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "news-lucene ${name} exited with ${status}: ${err}")
    endif()
    set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect text pattern)
    if(NOT text MATCHES "${pattern}")
        message(FATAL_ERROR "output does not match '${pattern}':\n${text}")
    endif()
endfunction()

run_step(build build --articles "${TESTDATA}/articles.tsv" --index "${WORK}/index")
expect("${out}" "\"engine\": \"lucene\"")
expect("${out}" "\"articles\": 12,")

run_step(query query --index "${WORK}/index" --queries "${TESTDATA}/queries.tsv"
         --runs 2 --warmup 1 --threads 1,2 --k 5 --min-warmup-seconds 0)
string(JSON engine GET "${out}" engine)
expect("${engine}" "^lucene$")
string(JSON count LENGTH "${out}" queries)
expect("${count}" "^12$")
# "interest rates": four articles, the minister's statement first; facet counts over all four.
string(JSON id GET "${out}" queries 1 id)
expect("${id}" "^q-and2$")
string(JSON hits GET "${out}" queries 1 hits)
expect("${hits}" "^4$")
string(JSON first GET "${out}" queries 1 top 0)
expect("${first}" "^toy:7$")
string(JSON economy GET "${out}" queries 1 facets tag 0)
expect("${economy}" "^\\[ *\"economy\", *4 *\\]$")
string(JSON runs LENGTH "${out}" queries 1 ns facets)
expect("${runs}" "^2$")
# Newest first, the undated article last.
string(JSON last GET "${out}" queries 9 top 2)
expect("${last}" "^toy:4$")
# Stop words only: no match, no error.
string(JSON hits GET "${out}" queries 10 hits)
expect("${hits}" "^0$")
string(JSON threads GET "${out}" throughput 1 threads)
expect("${threads}" "^2$")

run_step(once once --index "${WORK}/index" --query "x\tc\tphrase\tcentral bank\t\t\t\t\trelevance")
expect("${out}" "^2\n1\ttoy:1\n2\ttoy:6\n$")

file(REMOVE_RECURSE "${WORK}")
