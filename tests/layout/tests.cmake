# The checker's house rules (one folder per part, no include cycle between folders, the tracer and
# the CLI kept apart, no backend named outside detect/, files under 800 lines): see check_layout.sh.
add_test(NAME layout/house COMMAND sh ${CMAKE_SOURCE_DIR}/tests/layout/check_layout.sh
         ${CMAKE_SOURCE_DIR})
set_tests_properties(layout/house PROPERTIES TIMEOUT 60 LABELS unit)
