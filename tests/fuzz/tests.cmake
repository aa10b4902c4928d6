# The parsers' fuzz smoke run: tests/fuzz/run.sh builds the libFuzzer harnesses with clang (a
# project of its own in BUILD/fuzz, since this build may use gcc) and gives each one 20000
# executions from the recorded fixtures, at most 5 s each. It skips (77) where clang's libFuzzer
# is missing. `make fuzz` runs the same script for longer.
add_test(NAME fuzz/smoke COMMAND ${CMAKE_SOURCE_DIR}/tests/fuzz/run.sh -runs=20000)
set_tests_properties(fuzz/smoke PROPERTIES LABELS fuzz TIMEOUT 300 SKIP_RETURN_CODE 77
                     ENVIRONMENT "FUZZ_BUILD=${CMAKE_BINARY_DIR}/fuzz;FUZZ_WORK=${CMAKE_BINARY_DIR}/fuzz/smoke;FUZZ_FRESH=1;FUZZ_MAX_TIME=5")

# The complexity check (not a test: it takes minutes): tests/fuzz/README.md says how to run it.
add_executable(fuzz_scale ${CMAKE_CURRENT_LIST_DIR}/scale.c)
target_compile_options(fuzz_scale PRIVATE ${RL_WARNINGS})
target_link_libraries(fuzz_scale PRIVATE racelab_core)
set_target_properties(fuzz_scale PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
