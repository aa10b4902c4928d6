# The checker's speed benchmark (`make bench-checker`), run once on one exercise to prove the
# script works and writes its table: a smoke test, so no timing is asserted.
add_test(NAME bench/check-speed-smoke
         COMMAND bash -c "out=$(mktemp -d) && trap 'rm -rf \"$out\"' EXIT && \
${CMAKE_SOURCE_DIR}/tests/bench/check_speed.sh $<TARGET_FILE:racelab> \"$out\" 1 01-lost-update && \
grep -Eq '^\\| 01-lost-update \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [0-9.]+ \\|$' \"$out/checker.md\"")
set_tests_properties(bench/check-speed-smoke PROPERTIES TIMEOUT 120 LABELS bench)
