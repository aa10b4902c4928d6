# CLI integration tests as data: one tests/cli/cases/*.case file each, run by run_case.sh.
file(GLOB RL_CLI_CASES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/cases/*.case)
foreach(case ${RL_CLI_CASES})
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME cli/${name}
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/cli/run_case.sh $<TARGET_FILE:racelab> ${case})
  set_tests_properties(cli/${name} PROPERTIES TIMEOUT 120 LABELS cli)
endforeach()
# racelab watch's keys in a real terminal (tmux); skipped (77) without tmux.
add_test(NAME cli/watch-keys
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/watch_keys.sh $<TARGET_FILE:racelab>
                 ${CMAKE_SOURCE_DIR}/tests/cli)
set_tests_properties(cli/watch-keys PROPERTIES TIMEOUT 300 LABELS cli SKIP_RETURN_CODE 77)

# run_case.sh itself: a `json:` line judges the whole output (one document, every value true), so
# these cases, which a bare `jq -e` would pass, must fail.
foreach(meta json-stream json-empty)
  add_test(NAME cli/run-case-refuses-${meta}
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/run_expect.sh --status 1 --match "json is not true"
                   -- bash ${CMAKE_SOURCE_DIR}/tests/cli/run_case.sh $<TARGET_FILE:racelab>
                   ${CMAKE_SOURCE_DIR}/tests/cli/meta/${meta}.case)
  set_tests_properties(cli/run-case-refuses-${meta} PROPERTIES TIMEOUT 60 LABELS cli)
endforeach()
