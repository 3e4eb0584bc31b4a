# Runs pathlens-platform-tests.exe under Wine and judges the run by what
# GoogleTest printed, not only by the exit code: when a test crashes, Wine's
# debugger can end the process with exit code 0 before any summary.
#   cmake -DWINE=wine -DTESTS=pathlens-platform-tests.exe [-DARGS=a;b] [-DNO_SKIPS=ON] -P run-gtest.cmake

execute_process(COMMAND ${WINE} ${TESTS} ${ARGS}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err
                ECHO_OUTPUT_VARIABLE ECHO_ERROR_VARIABLE)
set(all "${out}${err}")
if(all MATCHES "Unhandled (exception|page fault)")
    message(FATAL_ERROR "the test program crashed (see the backtrace above)")
endif()
if(NOT out MATCHES "\\[==========\\] ([0-9]+) tests? from [0-9]+ test suites? ran")
    message(FATAL_ERROR "no GoogleTest summary: the test program ended early (exit ${code})")
endif()
set(ran ${CMAKE_MATCH_1})
set(passed 0)
if(out MATCHES "\\[  PASSED  \\] ([0-9]+) tests?")
    set(passed ${CMAKE_MATCH_1})
endif()
set(skipped 0)
if(out MATCHES "\\[  SKIPPED \\] ([0-9]+) tests?, listed below")
    set(skipped ${CMAKE_MATCH_1})
endif()
math(EXPR failed "${ran} - ${passed} - ${skipped}")
message("${passed} passed, ${failed} failed, ${skipped} skipped (exit ${code})")
if(NOT code EQUAL 0 OR failed GREATER 0 OR out MATCHES "\\[  FAILED  \\]")
    message(FATAL_ERROR "GoogleTest reports failures")
endif()
if(NO_SKIPS AND skipped GREATER 0)
    message(FATAL_ERROR "tests were skipped that must run here")
endif()
