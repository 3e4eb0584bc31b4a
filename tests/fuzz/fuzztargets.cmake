# The fuzz targets, their seed folders and input size limits, read by the
# fuzz build (tests/fuzz) and by the ordinary test build, which replays the
# same seeds and regression inputs through the same harnesses.
# Expects samples_dir and fixtures_dir.
set(PATHLENS_FUZZ_TARGETS fuzz_json fuzz_mpclaim fuzz_datacore fuzz_bundleparts fuzz_labscenario)
set(regressions_dir ${fixtures_dir}/fuzz-regressions)

set(fuzz_json_SEEDS ${samples_dir}/datacore ${fixtures_dir}/datacore ${fixtures_dir}/labs ${regressions_dir}/fuzz_json)
set(fuzz_json_MAX_LEN 65536)
# mpclaim output is line based: 256 KB inputs only slowed the target (about
# 1,000 executions a second, each running five line parsers); a disk's
# listing is one or two kilobytes.
set(fuzz_mpclaim_SEEDS ${samples_dir}/windows ${fixtures_dir}/mpclaim ${regressions_dir}/fuzz_mpclaim)
set(fuzz_mpclaim_MAX_LEN 4096)
set(fuzz_datacore_SEEDS ${samples_dir}/datacore ${fixtures_dir}/datacore ${regressions_dir}/fuzz_datacore)
set(fuzz_datacore_MAX_LEN 65536)
set(fuzz_bundleparts_SEEDS ${fixtures_dir}/bundles/ssv2 ${fixtures_dir}/bundles/ssv2/windows
    ${regressions_dir}/fuzz_bundleparts)
set(fuzz_bundleparts_MAX_LEN 65536)
set(fuzz_labscenario_SEEDS ${CMAKE_CURRENT_LIST_DIR}/../../resources/labs ${fixtures_dir}/labs
    ${regressions_dir}/fuzz_labscenario)
set(fuzz_labscenario_MAX_LEN 65536)
