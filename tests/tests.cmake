# Tests: CMocka unit tests (one per module), CLI cases as data, and the course self-test.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

file(GLOB RL_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${RL_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_compile_options(${name} PRIVATE ${RL_WARNINGS})
  target_compile_definitions(${name} PRIVATE FIXTURES_DIR="${CMAKE_SOURCE_DIR}/tests/fixtures"
                             BUILD_DIR="${CMAKE_BINARY_DIR}")
  target_link_libraries(${name} PRIVATE racelab_core PkgConfig::CMOCKA)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  # run_unit.sh turns a CMocka skip() into a CTest skip (77) that names its reason.
  add_test(NAME unit/${name} COMMAND sh ${CMAKE_SOURCE_DIR}/tests/unit/run_unit.sh
                                     $<TARGET_FILE:${name}>)
  set_tests_properties(unit/${name} PROPERTIES TIMEOUT 120 LABELS unit SKIP_RETURN_CODE 77)
endforeach()

# Extra test definitions a module may own (sandbox threats, workloads smoke runs, ...).
file(GLOB RL_EXTRA_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/*/tests.cmake)
foreach(f ${RL_EXTRA_TESTS})
  include(${f})
endforeach()

# The course checks itself: each exercise fails with its expected kinds, each solution passes,
# each lazy fix fails with the kinds named for it, RACELAB_REPEAT times (5 by default;
# `make test-stress` sets 20). run_kit.sh fails the test on any FAIL line or a short count of checks
# as well as on the exit status, and reports a skipped check (no CUDA device) as a skip.
set(RACELAB_REPEAT 5 CACHE STRING "Repetitions of each exercise in the course self-test")
file(GLOB RL_EXERCISES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/exercises/*/exercise.ini)
foreach(ini ${RL_EXERCISES})
  get_filename_component(dir ${ini} DIRECTORY)
  get_filename_component(slug ${dir} NAME)
  add_test(NAME kit/${slug}
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/kit/run_kit.sh $<TARGET_FILE:racelab> selftest
                   --repeat ${RACELAB_REPEAT} --graphs ${CMAKE_BINARY_DIR}/graphs ${slug}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  # RUN_SERIAL: each self-test already keeps both cores busy (--jobs 2), and an exercise's speed
  # floor is a ratio measured in the run: another test on the same cores would skew it.
  # FAIL_REGULAR_EXPRESSION: belt and braces with run_kit.sh, a FAIL line fails whatever the exit.
  set_tests_properties(kit/${slug} PROPERTIES TIMEOUT 600 LABELS kit RUN_SERIAL TRUE
                       ENVIRONMENT "NO_COLOR=1" SKIP_RETURN_CODE 77
                       FAIL_REGULAR_EXPRESSION "FAIL [0-9][0-9]-|FAIL selftest")
endforeach()
