# The parsers' fuzz smoke run: tests/fuzz/run.sh builds the libFuzzer harnesses with clang (a
# project of its own in BUILD/fuzz, since this build may use gcc) and gives each one 20000
# executions from the recorded fixtures, at most 5 s each. It skips (77) where clang's libFuzzer
# is missing. `make fuzz` runs the same script for longer.
add_test(NAME fuzz/smoke COMMAND ${CMAKE_SOURCE_DIR}/tests/fuzz/run.sh -runs=20000)
set_tests_properties(fuzz/smoke PROPERTIES LABELS fuzz TIMEOUT 300 SKIP_RETURN_CODE 77
                     ENVIRONMENT "FUZZ_BUILD=${CMAKE_BINARY_DIR}/fuzz;FUZZ_WORK=${CMAKE_BINARY_DIR}/fuzz/smoke;FUZZ_FRESH=1;FUZZ_MAX_TIME=5")
