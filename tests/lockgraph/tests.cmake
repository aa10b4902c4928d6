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

  # Variants of one source: lg_variant(PROGRAM SOURCE DEFINITION...).
  function(lg_variant prog src)
    add_executable(lg_${prog} ${LG_TEST_DIR}/${src})
    target_compile_definitions(lg_${prog} PRIVATE ${ARGN})
    target_compile_options(lg_${prog} PRIVATE -g -O0 -fno-sanitize=all)
    target_link_options(lg_${prog} PRIVATE -fno-sanitize=all)
    target_link_libraries(lg_${prog} PRIVATE Threads::Threads)
    set_target_properties(lg_${prog} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/lockgraph)
  endfunction()
  lg_variant(sem_tokens sem_tokens.c SEM_ONLY)
  lg_variant(sem_mixed sem_tokens.c MIXED)
  lg_variant(sem_signal sem_signal.c SIGNAL)
  lg_variant(sem_pool sem_signal.c POOL)
  lg_variant(fork_locked fork_locked.c CHILD_LOCKS)
  lg_variant(fork_no_touch fork_locked.c NO_TOUCH)
  lg_variant(fork_atfork fork_locked.c ATFORK)
  lg_variant(fork_unseen fork_locked.c UNSEEN)
  lg_variant(pipe_write_write pipe_knot.c WRITE_WRITE)
  lg_variant(pipe_read_read pipe_knot.c READ_READ)
  lg_variant(pipe_wait_read pipe_knot.c WAIT_READ)
  lg_variant(pipe_slow_reader pipe_knot.c SLOW_READER)
  # Starvation without a threshold (detect/lockgraph/lockgraph_starve.c): each rule's starving
  # program and its correct twin, built from one source.
  foreach(variant rw_short:rw_starve.c:READ_MS=700 rw_short_ok:rw_starve.c:READ_MS=700,WRITER_PREFERRED
                  spin_backoff:spin_backoff.c: spin_fair:spin_backoff.c:FAIR
                  mutex_backoff:spin_backoff.c:USE_MUTEX
                  gil_hold:gil_hold.c: gil_drop:gil_hold.c:DROP)
    string(REPLACE ":" ";" parts "${variant}")
    list(GET parts 0 vname)
    list(GET parts 1 vsrc)
    list(GET parts 2 vdefs)
    add_executable(lg_${vname} ${LG_TEST_DIR}/${vsrc})
    if(vdefs)
      string(REPLACE "," ";" vdefs "${vdefs}")
      target_compile_definitions(lg_${vname} PRIVATE ${vdefs})
    endif()
    target_compile_options(lg_${vname} PRIVATE -g -O0 -fno-sanitize=all)
    target_link_options(lg_${vname} PRIVATE -fno-sanitize=all)
    target_link_libraries(lg_${vname} PRIVATE Threads::Threads)
    set_target_properties(lg_${vname} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/lockgraph)
  endforeach()

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
  # Semaphores used as tokens (tracer/sem_tokens.h): a cycle through them is a deadlock that
  # names who took which token; semaphores used as signals, or one pool waited on by its own
  # holders, stay a hang.
  lg_case(sem-tokens sem_tokens sem_tokens.c --expect deadlock --within 5000 --at backup-waits
          --at restore-waits --says "took a token of semaphore `disk`" --says net --svg)
  lg_case(sem-mixed sem_mixed sem_tokens.c --expect deadlock --within 5000 --at backup-waits
          --at restore-waits --says "took a token of semaphore `disk`" --says "holds mutex `net`")
  lg_case(sem-signal sem_signal sem_signal.c --expect hang --forbid deadlock --within 5000)
  lg_case(sem-pool sem_pool sem_signal.c --expect hang --forbid deadlock --within 5000
          --at freer-waits)
  # A lock another thread held across fork() (tracer/fork_held.h): a deadlock when the child
  # blocks on it (the run ends then, as the parent waits for the child), only the potential (a
  # lock-misuse warning) when it does not, and nothing once atfork handlers take it around fork().
  lg_case(fork-locked fork_locked fork_locked.c --expect deadlock --within 5000 --at fork-site
          --at holder-locks --says "while T1 held mutex `log_lock`" --says "blocks on it for ever"
          --says "main waits for that child" --svg)
  lg_case(fork-no-touch fork_no_touch fork_locked.c --expect lock-misuse --forbid deadlock
          --forbid hang --at fork-site --says "did not block on it")
  lg_case(fork-atfork fork_atfork fork_locked.c --none --runs 2 --seed 1)
  # One the fork-time scan missed: found from the child's copy of the mutex (no hold site then).
  lg_case(fork-unseen fork_unseen fork_locked.c --expect deadlock --within 5000 --at fork-site
          --says "while T1 held mutex `log_lock`" --says "blocks on it for ever"
          --says "main waits for that child")
  # Processes blocked on each other through pipes (tracer/pipe_knot.h): a deadlock when every
  # holder of the other end of each blocked read()/write() is blocked too; a slow reader is not.
  lg_case(pipe-write-write pipe_write_write pipe_knot.c --expect deadlock --within 5000
          --at parent-writes --says "blocks in write() to a full pipe" --says "child" --svg)
  lg_case(pipe-read-read pipe_read_read pipe_knot.c --expect deadlock --within 5000
          --at parent-reads --says "blocks in read() from an empty pipe")
  lg_case(pipe-wait-read pipe_wait_read pipe_knot.c --expect deadlock --within 5000
          --at parent-waits --says "main waits for its child"
          --says "only blocked processes write: the program")
  lg_case(pipe-slow-reader pipe_slow_reader pipe_knot.c --none)
  # Rule (a): a wait of many average holds while others took the lock many times: a writer behind
  # overlapping readers for 700 ms (under the default starvation_ms); rule (c): a trylock-backoff
  # loop on a lock others keep held (spinlock, mutex), in every run, lucky or not; rule (b): a
  # mutex held through CPU stretches while another thread waits (the GIL). Each beside its
  # correct twin, which must stay silent.
  lg_case(starve-rw-no-threshold rw_short rw_starve.c --expect starvation --at writer-waits
          --says table_lock --says "on average")
  lg_case(starve-rw-no-threshold-ok rw_short_ok rw_starve.c --none --runs 2 --seed 1)
  lg_case(starve-spin-backoff spin_backoff spin_backoff.c --expect starvation --at polite-tries
          --says counter_lock --says "failed trylocks" --says spinlock --runs 3)
  lg_case(starve-spin-fair spin_fair spin_backoff.c --none --runs 3 --seed 1)
  lg_case(starve-mutex-backoff mutex_backoff spin_backoff.c --expect starvation --at polite-tries
          --says counter_lock --says "failed trylocks" --says mutex --runs 3)
  lg_case(starve-gil gil_hold gil_hold.c --expect starvation --at interpreter-takes --says gil
          --says "CPU stretches")
  lg_case(starve-gil-drop gil_drop gil_hold.c --none --runs 3 --seed 1)
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
  # thread preempted, fork under control, thousands of threads, a thread with no sync point, timed
  # waits keeping their deadlines, every wrapper family under control.
  foreach(case replay deadlock spin fork many nosync deadline wrappers)
    add_test(NAME lockgraph/sched-${case}
             COMMAND sh ${LG_TEST_DIR}/sched.sh ${CMAKE_BINARY_DIR} $<TARGET_FILE:racelab> ${case})
    set_tests_properties(lockgraph/sched-${case} PROPERTIES TIMEOUT 120 LABELS lockgraph)
  endforeach()
endif()
