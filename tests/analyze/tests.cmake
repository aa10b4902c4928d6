# The external test set (tests/analyze/): racelab analyze on every program, racelab only (the raw
# tools are `make eval`'s business), failing on any regression against baseline.txt: a program the
# baseline records as right that is now wrong, in verdict or kind. Known misses are recorded as such
# and only reported when they start passing. The one long program (a correct 3 s CPU-bound run,
# longer still under TSan and Helgrind) has its own test, labelled `long` as well.
set(RL_ANALYZE ${CMAKE_SOURCE_DIR}/tests/analyze)
add_test(NAME analyze/set
         COMMAND ${RL_ANALYZE}/eval.sh --racelab $<TARGET_FILE:racelab> --skip-long
                 --check-baseline ${RL_ANALYZE}/baseline.txt
                 --out ${CMAKE_BINARY_DIR}/tests/analyze-set.md)
add_test(NAME analyze/long
         COMMAND ${RL_ANALYZE}/eval.sh --racelab $<TARGET_FILE:racelab> --only-long
                 --check-baseline ${RL_ANALYZE}/baseline.txt
                 --out ${CMAKE_BINARY_DIR}/tests/analyze-long.md)
set_tests_properties(analyze/set PROPERTIES LABELS analyze TIMEOUT 600 RUN_SERIAL TRUE
                     ENVIRONMENT "NO_COLOR=1")
set_tests_properties(analyze/long PROPERTIES LABELS "analyze;long" TIMEOUT 450 RUN_SERIAL TRUE
                     ENVIRONMENT "NO_COLOR=1")
