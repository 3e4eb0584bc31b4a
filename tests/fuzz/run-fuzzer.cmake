# Runs one libFuzzer target for SECONDS and fails on anything it reports: a
# crash, a leak, a sanitizer report (the build stops at the first one), a
# timeout or running out of memory. Prints and writes to STATS how many
# inputs it ran and how fast, so a slow target shows.
string(REPLACE "|" ";" seeds "${SEEDS}")
execute_process(COMMAND ${FUZZER} -max_total_time=${SECONDS} -max_len=${MAX_LEN} -rss_limit_mb=2048 -timeout=25
                        -print_final_stats=1 -artifact_prefix=${ARTIFACTS}/ ${CORPUS} ${seeds}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(executions "?")
set(rate "?")
if(err MATCHES "stat::number_of_executed_units: ([0-9]+)")
    set(executions ${CMAKE_MATCH_1})
endif()
if(err MATCHES "stat::average_exec_per_sec: +([0-9]+)")
    set(rate ${CMAKE_MATCH_1})
endif()
set(line "${NAME}: ${executions} executions in ${SECONDS} s, ${rate} per second (max_len ${MAX_LEN})")
file(WRITE ${STATS} "${line}\n")
message("${line}")
if(NOT code EQUAL 0 OR err MATCHES "runtime error:|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY: ")
    string(LENGTH "${err}" length)
    if(length GREATER 20000)
        math(EXPR from "${length} - 20000")
        string(SUBSTRING "${err}" ${from} 20000 err)
    endif()
    message(FATAL_ERROR "${NAME} found a problem (exit ${code}); the input is in ${ARTIFACTS}. Keep it as a "
                        "regression file in tests/data/fuzz-regressions/${NAME}/.\n${err}")
endif()
