# The lock tracer's integration tests: small programs run under the lockgraph backend (the real
# tracer, spawn, addr2line and dot), each checked by lg_check for the findings it must (or must not)
# produce. The programs are built like the course's `plain` variant: gcc -g -O0, unsanitized.
if(TARGET lockgraph)
  set(LG_TEST_DIR ${CMAKE_SOURCE_DIR}/tests/lockgraph)
  foreach(prog deadlock_abba gate_abba seq_abba cond_hang rw_starve correct wrappers lockbench
               main_exit)
    add_executable(lg_${prog} ${LG_TEST_DIR}/${prog}.c)
    target_compile_options(lg_${prog} PRIVATE -g -O0 -fno-sanitize=all)
    target_link_options(lg_${prog} PRIVATE -fno-sanitize=all)
    target_link_libraries(lg_${prog} PRIVATE Threads::Threads)
    set_target_properties(lg_${prog} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/lockgraph)
  endforeach()
  add_executable(lg_rw_ok ${LG_TEST_DIR}/rw_starve.c)
  target_compile_definitions(lg_rw_ok PRIVATE WRITER_PREFERRED)
  target_compile_options(lg_rw_ok PRIVATE -g -O0 -fno-sanitize=all)
  target_link_options(lg_rw_ok PRIVATE -fno-sanitize=all)
  target_link_libraries(lg_rw_ok PRIVATE Threads::Threads)
  set_target_properties(lg_rw_ok PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/lockgraph)

  add_executable(lg_check ${LG_TEST_DIR}/lg_check.c)
  target_compile_options(lg_check PRIVATE ${RL_WARNINGS})
  target_link_libraries(lg_check PRIVATE racelab_core)
  set_target_properties(lg_check PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/lockgraph)
  add_dependencies(lg_check lockgraph)

  set(LG_BIN ${CMAKE_BINARY_DIR}/tests/lockgraph)
  # lg_case(NAME PROGRAM SOURCE CHECKS...): one test, lg_check's options as the checks.
  function(lg_case name prog src)
    add_test(NAME lockgraph/${name}
             COMMAND lg_check --lib ${CMAKE_BINARY_DIR} --bin ${LG_BIN}/lg_${prog}
                     --src ${LG_TEST_DIR}/${src} ${ARGN})
    set_tests_properties(lockgraph/${name} PROPERTIES TIMEOUT 120 LABELS lockgraph)
  endfunction()
  lg_case(deadlock deadlock_abba deadlock_abba.c --expect deadlock --within 5000
          --at forward-waits --at backward-waits --says T1 --says T2 --says lock_a --says lock_b
          --svg)
  lg_case(main-exits main_exit main_exit.c --expect deadlock --within 5000 --at forward-waits
          --at backward-waits)
  lg_case(gate gate_abba gate_abba.c --none --runs 3 --seed 1)
  lg_case(sequential-inversion seq_abba seq_abba.c --expect lock-order-inversion
          --forbid deadlock --at forward-b --at backward-a --says lock_a --svg)
  lg_case(cond-hang cond_hang cond_hang.c --expect hang --within 5000 --at consumer-wait
          --says not_empty --says "no running thread can signal it" --svg)
  lg_case(writer-starves rw_starve rw_starve.c --expect starvation --at writer-waits
          --says table_lock)
  lg_case(writer-preferred rw_ok rw_starve.c --none --runs 2 --seed 1)
  lg_case(correct correct correct.c --none --runs 10 --seed 1)
  # Every wrapper runs: each LG_CALLS name has a "calls" line and each family its own record ...
  lg_case(wrappers wrappers wrappers.c --calls --none)
  # CPython's GIL held across a blocking call (tracer/gil.c), run by the real /usr/bin/python3 as a
  # manifest's build = shared-object runs it: an extension that polls holding the GIL is
  # reported at its poll() line; the same poll with the GIL released, and plain Python code that
  # sleeps, reads a pipe, polls and waits (CPython releases the GIL there), are not.
  # The system's python3 and its headers (python3-dev), as exercise 23 uses them; not whichever
  # python3 comes first on PATH (a pyenv shim is no interpreter the sandbox can run).
  set(LG_PY_INCLUDE "")
  if(EXISTS /usr/bin/python3)
    execute_process(COMMAND /usr/bin/python3 -c
                            "import sysconfig; print(sysconfig.get_paths()['include'])"
                    OUTPUT_VARIABLE LG_PY_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
  if(LG_PY_INCLUDE AND EXISTS ${LG_PY_INCLUDE}/Python.h)
    add_library(lg_gil_ext MODULE ${LG_TEST_DIR}/gil_ext.c)
    target_include_directories(lg_gil_ext PRIVATE ${LG_PY_INCLUDE})
    target_compile_options(lg_gil_ext PRIVATE -g -O0 -fno-omit-frame-pointer -fno-sanitize=all)
    target_link_options(lg_gil_ext PRIVATE -fno-sanitize=all)
    set_target_properties(lg_gil_ext PROPERTIES PREFIX "" OUTPUT_NAME gil_ext
                          LIBRARY_OUTPUT_DIRECTORY ${LG_BIN})
    set(LG_GIL_RUN --lib ${CMAKE_BINARY_DIR} --bin ${LG_BIN}/gil_ext.so
        --src ${LG_TEST_DIR}/gil_ext.c --interp /usr/bin/python3
        --script ${LG_TEST_DIR}/gil_threads.py)
    add_test(NAME lockgraph/gil-held-blocking
             COMMAND lg_check ${LG_GIL_RUN} --arg holding
                     --stdout "holding: the worker ticked" --expect lock-held-blocking
                     --at poll-holding --says "`GIL` (CPython)"
                     --says "Py_BEGIN_ALLOW_THREADS")
    add_test(NAME lockgraph/gil-released
             COMMAND lg_check ${LG_GIL_RUN} --arg releasing --none --runs 2
                     --stdout "releasing: the worker ticked")
    add_test(NAME lockgraph/gil-plain-python
             COMMAND lg_check ${LG_GIL_RUN} --arg plain --none --runs 2
                     --stdout "plain: the worker ticked")
    set_tests_properties(lockgraph/gil-held-blocking lockgraph/gil-released
                         lockgraph/gil-plain-python PROPERTIES TIMEOUT 120 LABELS lockgraph)
    add_dependencies(lg_check lg_gil_ext)
  endif()
  # The event log of the timelines: bounded on 1.6M lock/unlock pairs, every event kind there.
  add_test(NAME lockgraph/events COMMAND sh ${LG_TEST_DIR}/events.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(lockgraph/events PROPERTIES TIMEOUT 120 LABELS lockgraph)
  # ... and LG_CALLS is exactly what the library exports, so no interposed function goes unchecked.
  add_test(NAME lockgraph/exports
           COMMAND sh ${LG_TEST_DIR}/exports.sh $<TARGET_FILE:lockgraph> $<TARGET_FILE:lg_check>)
  set_tests_properties(lockgraph/exports PROPERTIES TIMEOUT 60 LABELS lockgraph)
  # lg_check itself: a misspelt kind is refused, not taken as no expectation.
  add_test(NAME lockgraph/lg-check-refuses-unknown-kind
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/run_expect.sh --status 2
                   --match "unknown finding kind 'dead-lock'" -- $<TARGET_FILE:lg_check>
                   --lib ${CMAKE_BINARY_DIR} --bin ${LG_BIN}/lg_deadlock_abba
                   --src ${LG_TEST_DIR}/deadlock_abba.c --expect dead-lock)
  set_tests_properties(lockgraph/lg-check-refuses-unknown-kind PROPERTIES TIMEOUT 60
                       LABELS lockgraph)
  # The controlled scheduler (tracer/sched.c): replay byte for byte, a deadlock at once, a spinning
  # thread preempted, fork under control, thousands of threads, a thread with no sync point, every
  # wrapper family under control.
  foreach(case replay deadlock spin fork many nosync wrappers)
    add_test(NAME lockgraph/sched-${case}
             COMMAND sh ${LG_TEST_DIR}/sched.sh ${CMAKE_BINARY_DIR} $<TARGET_FILE:racelab> ${case})
    set_tests_properties(lockgraph/sched-${case} PROPERTIES TIMEOUT 120 LABELS lockgraph)
  endforeach()
endif()
