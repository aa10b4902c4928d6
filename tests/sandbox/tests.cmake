# The sandbox's threat tests: tiny hostile programs (sb_*.c, each bounded by itself) and the
# CMocka tests tests/unit/test_sandbox.c and test_sandbox_view.c that run them through spawn_run().
# The programs are built without sanitizers: they are the untrusted code, not the checker, and
# ASan's shadow memory would make the RLIMIT_AS test meaningless.
file(GLOB RL_SANDBOX_PROGS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/sb_*.c)
foreach(src ${RL_SANDBOX_PROGS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_compile_options(${name} PRIVATE -O1 -fno-sanitize=all)
  target_link_options(${name} PRIVATE -fno-sanitize=all)
  target_link_libraries(${name} PRIVATE Threads::Threads)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/sandbox)
  foreach(test test_sandbox test_sandbox_view)
    if(TARGET ${test})
      add_dependencies(${test} ${name})
    endif()
  endforeach()
endforeach()
# test_sandbox: time, memory, processes, files and output; test_sandbox_view: the filesystem view.
foreach(test test_sandbox test_sandbox_view)
  if(TARGET ${test})
    target_compile_definitions(${test} PRIVATE
                               SANDBOX_BIN_DIR="${CMAKE_BINARY_DIR}/tests/sandbox"
                               SANDBOX_KIT_DIR="${CMAKE_SOURCE_DIR}")
    set_tests_properties(unit/${test} PROPERTIES TIMEOUT 90 LABELS "unit;sandbox")
  endif()
endforeach()
# A hostile student graded beside an honest one (grade --jobs 2): see grade_hostile.sh.
add_test(NAME sandbox/grade-hostile
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/grade_hostile.sh ${CMAKE_SOURCE_DIR}
                 $<TARGET_FILE:racelab>)
set_tests_properties(sandbox/grade-hostile PROPERTIES LABELS "sandbox;grading" TIMEOUT 600
                     SKIP_RETURN_CODE 77 ENVIRONMENT "NO_COLOR=1")
# Without a view: every report says so, and grade refuses a class (see unisolated.sh).
add_test(NAME sandbox/unisolated
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/unisolated.sh ${CMAKE_SOURCE_DIR}
                 $<TARGET_FILE:racelab>)
set_tests_properties(sandbox/unisolated PROPERTIES LABELS "sandbox;grading" TIMEOUT 600
                     SKIP_RETURN_CODE 77 ENVIRONMENT "NO_COLOR=1")
