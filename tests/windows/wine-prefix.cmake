# A fresh Wine prefix for the Windows tests, inside the build folder, so no
# earlier run or the user's ~/.wine changes what they see, and one Wine server
# with Wine's services for all the tests. Without it every Windows program
# starts the services anew, and its caller waits about 2 s for them to end,
# since they hold its output open; with it a program takes about 0.1 s.
#   cmake -DWINE=wine -DWINESERVER=wineserver -DPREFIX=<dir> [-DSTOP=ON] -P wine-prefix.cmake
# The environment names PREFIX in WINEPREFIX (CTest sets it). STOP=ON ends
# that prefix's server and removes the prefix (the CTest cleanup); otherwise
# the server ends by itself a minute after the last Windows program exits.

if(STOP)
    execute_process(COMMAND ${WINESERVER} -k RESULT_VARIABLE ignored OUTPUT_QUIET ERROR_QUIET)
    execute_process(COMMAND ${WINESERVER} -w RESULT_VARIABLE ignored OUTPUT_QUIET ERROR_QUIET)
    # About 700 MB (Wine copies its DLLs in), made again in seconds.
    file(REMOVE_RECURSE ${PREFIX})
    return()
endif()
if(EXISTS ${PREFIX})
    # A server of the previous prefix, if it still lingers, must not see it vanish.
    execute_process(COMMAND ${WINESERVER} -k RESULT_VARIABLE ignored OUTPUT_QUIET ERROR_QUIET)
endif()
file(REMOVE_RECURSE ${PREFIX})
# The server first, then wineboot: the services wineboot starts (and keeps
# running with the server) inherit its output, so that must be a file; a
# pipe would stay open, and every later test wait, until the server ends.
file(MAKE_DIRECTORY ${PREFIX})
string(TIMESTAMP started "%s")
execute_process(COMMAND ${WINESERVER} -p60 RESULT_VARIABLE code OUTPUT_FILE /dev/null ERROR_FILE /dev/null)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "wineserver -p60 failed (exit ${code})")
endif()
set(log ${PREFIX}/../wineboot.log)
execute_process(COMMAND ${WINE} wineboot --init RESULT_VARIABLE code OUTPUT_FILE ${log} ERROR_FILE ${log})
if(NOT code EQUAL 0 OR NOT EXISTS ${PREFIX}/drive_c/windows/system32)
    file(READ ${log} out)
    message(FATAL_ERROR "wineboot --init failed (exit ${code}):\n${out}")
endif()
string(TIMESTAMP finished "%s")
math(EXPR seconds "${finished} - ${started}")
message("Wine prefix ${PREFIX} made in ${seconds} s")
