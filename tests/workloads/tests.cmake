# The reference workloads (workloads/), built with the kit, and their smoke tests: each workload
# once in a tiny configuration, correctness only (every run checks its own answer; no timing is
# asserted). `make bench` builds and runs the same sources through workloads/Makefile.

set(WL_DIR ${CMAKE_SOURCE_DIR}/workloads)
set(WL_GIL ${CMAKE_SOURCE_DIR}/exercises/common/gil.c)
set(WL_BIN ${CMAKE_BINARY_DIR}/workloads)

if(EXISTS ${WL_GIL})
  find_package(OpenMP COMPONENTS C)

  add_library(wl_common STATIC ${WL_DIR}/common/wl.c ${WL_GIL})
  target_include_directories(wl_common PUBLIC ${WL_DIR}/common ${CMAKE_SOURCE_DIR}/exercises/common)
  target_compile_options(wl_common PRIVATE ${RL_WARNINGS})
  target_link_libraries(wl_common PUBLIC Threads::Threads)
  # gil.c defines _GNU_SOURCE itself; -U after the global -D avoids a redefinition warning.
  set_source_files_properties(${WL_GIL} PROPERTIES COMPILE_OPTIONS -U_GNU_SOURCE)

  add_executable(wl_cpu ${WL_DIR}/cpu/main.c ${WL_DIR}/cpu/primes.c ${WL_DIR}/cpu/partition.c
                 ${WL_DIR}/cpu/cpu_threads.c
                 ${WL_DIR}/cpu/cpu_processes.c ${WL_DIR}/cpu/cpu_gil.c ${WL_DIR}/cpu/cpu_openmp.c)
  target_link_libraries(wl_cpu PRIVATE wl_common)
  if(OpenMP_C_FOUND)
    target_link_libraries(wl_cpu PRIVATE OpenMP::OpenMP_C)
    set(WL_CPU_MODES
        serial,threads,threads-static,processes,processes-static,gil,openmp,openmp-static)
  else()
    message(STATUS "workloads: no OpenMP for C: wl_cpu is built without its openmp mode")
    set(WL_CPU_MODES serial,threads,threads-static,processes,processes-static,gil)
  endif()

  add_executable(wl_io ${WL_DIR}/io/main.c ${WL_DIR}/io/proto.c ${WL_DIR}/io/server.c
                 ${WL_DIR}/io/probe.c ${WL_DIR}/io/io_threads.c ${WL_DIR}/io/io_pool.c
                 ${WL_DIR}/io/io_processes.c ${WL_DIR}/io/io_epoll.c)
  target_link_libraries(wl_io PRIVATE wl_common)

  add_executable(wl_spawn ${WL_DIR}/spawn/main.c)
  target_link_libraries(wl_spawn PRIVATE wl_common)

  foreach(t wl_cpu wl_io wl_spawn)
    target_include_directories(${t} PRIVATE ${WL_DIR}/cpu ${WL_DIR}/io)
    target_compile_options(${t} PRIVATE ${RL_WARNINGS})
    set_target_properties(${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${WL_BIN})
  endforeach()

  # Every test runs through expect.sh, which checks the exact exit status and the lines the
  # output must hold: a run that should succeed must show every RESULT line ok, and one that
  # should fail must fail with the wrong-answer message, not with a crash or a usage error.
  # Exit status 77 is a skip (no GPU, no nvcc, no python3, no free-threaded Python).
  set(WL_EXPECT sh ${CMAKE_CURRENT_LIST_DIR}/expect.sh)
  set(WL_SKIP_SH ${CMAKE_CURRENT_LIST_DIR}/skip.sh)

  # Three workers on a machine of two cores and more: the answers must hold past the core count.
  # 1 serial run, then each mode at 1 and 3 workers; the primes below 200000 are 17984.
  string(REPLACE "," ";" WL_CPU_MODE_LIST ${WL_CPU_MODES})
  list(LENGTH WL_CPU_MODE_LIST WL_NMODES)
  math(EXPR WL_CPU_RUNS "1 + 2 * (${WL_NMODES} - 1)")
  add_test(NAME workloads/cpu
           COMMAND ${WL_EXPECT} --status 0
                   --count "^RESULT cpu [a-z0-9@-]+ [0-9]+ 0 [0-9.]+ 17984 ok " ${WL_CPU_RUNS}
                   --count "^RESULT " ${WL_CPU_RUNS}
                   -- $<TARGET_FILE:wl_cpu> --limit 200000 --modes ${WL_CPU_MODES} --workers 1,3
                   --reps 1 --chunk 1000 --interval-us 200)
  add_test(NAME workloads/io
           COMMAND ${WL_EXPECT} --status 0 --count "^RESULT io .* ok " 10 --count "^RESULT " 10
                   -- $<TARGET_FILE:wl_io> --servers 6 --delay-ms 5 --rounds 1000 --workers 1,4
                   --reps 1)
  add_test(NAME workloads/spawn
           COMMAND ${WL_EXPECT} --status 0 --match "^RESULT spawn fork\\+exec .* ok " --count
                   "WRONG" 0 -- $<TARGET_FILE:wl_spawn> --iterations 5 --reps 1)
  add_test(NAME workloads/machine
           COMMAND ${WL_EXPECT} --status 0 --match "^(yes|no|unknown)$"
                   -- sh ${WL_DIR}/machine.sh smt)
  set(WL_TESTS workloads/cpu workloads/io workloads/spawn workloads/machine)

  # The CUDA workload, only where nvcc is found; CMake's CUDA language is not enabled for the
  # whole project, so it is one custom command. Without a GPU the program says
  # "no CUDA device: CPU results only" and exits 0, which expect.sh turns into a skip.
  find_program(WL_NVCC nvcc HINTS /usr/local/cuda/bin)
  if(WL_NVCC)
    set(WL_GPU_SRC ${WL_DIR}/gpu/main.cu ${WL_DIR}/gpu/primes.cu ${WL_DIR}/gpu/triad.cu
                   ${WL_DIR}/cpu/primes.c ${WL_DIR}/common/wl.c)
    add_custom_command(OUTPUT ${WL_BIN}/wl_gpu
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${WL_BIN}
                       COMMAND ${WL_NVCC} -O2 -std=c++17 -gencode arch=compute_90,code=sm_90
                               -gencode arch=compute_75,code=compute_75 -I${WL_DIR}/common
                               -I${WL_DIR}/cpu ${WL_GPU_SRC} -o ${WL_BIN}/wl_gpu
                       DEPENDS ${WL_GPU_SRC} ${WL_DIR}/gpu/gpu.h ${WL_DIR}/cpu/primes.h
                               ${WL_DIR}/common/wl.h
                       COMMENT "Building the CUDA workload with nvcc")
    add_custom_target(wl_gpu ALL DEPENDS ${WL_BIN}/wl_gpu)
    add_test(NAME workloads/gpu
             COMMAND ${WL_EXPECT} --status 0 --skip-on "^no CUDA device" --match "^RESULT gpu "
                     --count "WRONG" 0
                     -- ${WL_BIN}/wl_gpu --limit 200000 --triad-mb 16 --reps 1)
  else()
    add_test(NAME workloads/gpu COMMAND sh ${WL_SKIP_SH} "nvcc not found: wl_gpu is not built")
  endif()
  list(APPEND WL_TESTS workloads/gpu)

  # The Python workload with Debian's python3: every mode once, tiny. The primes below 20000 are
  # 2262: the same count as the C workload's, from the same trial division.
  find_program(WL_PYTHON3 python3)
  set(WL_PY ${WL_DIR}/python/wl_py.py)
  if(WL_PYTHON3)
    set(WL_PY_OK "^RESULT py-cpu [a-z]+ [0-9]+ 0 [0-9.]+ 2262 ok ")
    set(WL_PY_WRONG "^wl_py: 1 run\\(s\\) gave a wrong answer \\(checking")
    add_test(NAME workloads/python-cpu
             COMMAND ${WL_EXPECT} --status 0 --count ${WL_PY_OK} 9 --count "^RESULT " 9
                     -- ${WL_PYTHON3} ${WL_PY} cpu --limit 20000 --workers 1,3 --chunk 500 --reps 1)
    add_test(NAME workloads/python-io
             COMMAND ${WL_EXPECT} --status 0 --count "^RESULT py-io .* ok " 7 --count "^RESULT " 7
                     -- ${WL_PYTHON3} ${WL_PY} io --requests 6 --delay-ms 5 --workers 1,4 --reps 1)
    add_test(NAME workloads/python-start
             COMMAND ${WL_EXPECT} --status 0 --count "^RESULT py-start .* ok -$" 5
                     -- ${WL_PYTHON3} ${WL_PY} start --iterations 2 --reps 1)
    add_test(NAME workloads/python-wrong-answer-fails
             COMMAND ${WL_EXPECT} --status 1
                     --match "^RESULT py-cpu threads 2 0 [0-9.]+ 2263 WRONG "
                     --match "${WL_PY_WRONG} primes below 20000, expected 2262\\)$"
                     -- ${WL_PYTHON3} ${WL_PY} cpu --limit 20000 --modes threads --workers 2
                     --reps 1 --fault threads)
    add_test(NAME workloads/python-io-wrong-answer-fails
             COMMAND ${WL_EXPECT} --status 1
                     --match "^RESULT py-io asyncio 2 0 [0-9.]+ [0-9]+ WRONG "
                     --match "${WL_PY_WRONG} the sum of the server's answers\\)$"
                     -- ${WL_PYTHON3} ${WL_PY} io --requests 3 --delay-ms 1 --modes asyncio
                     --workers 2 --reps 1 --fault asyncio)
    add_test(NAME workloads/python-usage-error
             COMMAND ${WL_EXPECT} --status 2 --match "unknown mode 'bogus'"
                     -- ${WL_PYTHON3} ${WL_PY} cpu --modes serial,bogus)
    list(APPEND WL_TESTS workloads/python-cpu workloads/python-io workloads/python-start
         workloads/python-wrong-answer-fails workloads/python-io-wrong-answer-fails
         workloads/python-usage-error)
  else()
    add_test(NAME workloads/python-cpu COMMAND sh ${WL_SKIP_SH} "python3 not found (make deps)")
    list(APPEND WL_TESTS workloads/python-cpu)
  endif()

  # A free-threaded CPython (PEP 703), where one is installed: its threads must count right
  # without a GIL. Debian 12 ships none, so here this is usually a skip.
  find_program(WL_PYTHON_FT NAMES python3.14t python3.13t)
  if(WL_PYTHON_FT)
    add_test(NAME workloads/python-freethreaded
             COMMAND ${WL_EXPECT} --status 0
                     --count "^RESULT py(nogil|ftgil)-cpu [a-z]+ [0-9]+ 0 [0-9.]+ 2262 ok " 5
                     -- ${WL_PYTHON_FT} ${WL_PY} cpu --limit 20000 --modes serial,threads,fork
                     --workers 1,3 --reps 1)
  else()
    add_test(NAME workloads/python-freethreaded
             COMMAND sh ${WL_SKIP_SH} "no free-threaded Python (python3.13t) is installed")
  endif()
  list(APPEND WL_TESTS workloads/python-freethreaded)

  # The bench driver itself, on a miniature run: it must write a report with its tables (and
  # plots where gnuplot is installed), and fail if any workload does.
  set(WL_SMOKE ${CMAKE_BINARY_DIR}/bench-smoke)
  set(WL_REPORT ${WL_SMOKE}/report.md)
  add_test(NAME workloads/bench-driver
           COMMAND sh -c "BENCH_SMALL=1 ${WL_DIR}/bench.sh ${WL_BIN} ${WL_SMOKE} \
                          && grep -q '^## What the lessons claim' ${WL_REPORT} \
                          && grep -q '^### Static against dynamic' ${WL_REPORT} \
                          && grep -q '^| threads-static | 2 |' ${WL_REPORT} \
                          && grep -q '^| threads | 2 |' ${WL_REPORT}")
  list(APPEND WL_TESTS workloads/bench-driver)

  # The checks can fail: a planted wrong answer must make each workload, and the bench, exit 1
  # with its own wrong-answer message.
  add_test(NAME workloads/cpu-wrong-answer-fails
           COMMAND ${WL_EXPECT} --status 1 --match "^RESULT cpu threads 2 0 [0-9.]+ 5134 WRONG "
                   --match "^wl_cpu: 1 run\\(s\\) gave a wrong answer \\(expected 5133 primes\\)$"
                   -- $<TARGET_FILE:wl_cpu> --limit 50000 --modes threads --workers 2 --reps 1
                   --fault threads)
  add_test(NAME workloads/cpu-static-wrong-answer-fails
           COMMAND ${WL_EXPECT} --status 1
                   --match "^RESULT cpu processes-static 3 0 [0-9.]+ 5134 WRONG "
                   --match "^wl_cpu: 1 run\\(s\\) gave a wrong answer \\(expected 5133 primes\\)$"
                   -- $<TARGET_FILE:wl_cpu> --limit 50000 --modes processes-static --workers 3
                   --reps 1 --fault processes-static)
  add_test(NAME workloads/io-wrong-answer-fails
           COMMAND ${WL_EXPECT} --status 1 --match "^RESULT io epoll 2 0 [0-9.]+ [0-9]+ WRONG "
                   --match "^wl_io: 1 run\\(s\\) did not reach every server correctly$"
                   -- $<TARGET_FILE:wl_io> --servers 3 --delay-ms 1 --modes epoll --workers 2
                   --reps 1 --fault epoll)
  add_test(NAME workloads/cpu-usage-error
           COMMAND ${WL_EXPECT} --status 2 --match "^wl: unknown mode 'bogus'$"
                   -- $<TARGET_FILE:wl_cpu> --modes serial,bogus)
  # And the checker of those tests is strict: a crash is not the wrong answer it expects.
  add_test(NAME workloads/expect-rejects-a-crash
           COMMAND ${WL_EXPECT} --status 1 --match "FAIL: exit status 139, expected 1"
                   -- ${WL_EXPECT} --status 1 --match "wrong answer" -- sh -c "kill -SEGV $$")
  add_test(NAME workloads/bench-wrong-answer-fails
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/bench_fails.sh ${WL_DIR}/bench.sh ${WL_BIN}
                   ${CMAKE_BINARY_DIR}/bench-fault)
  list(APPEND WL_TESTS workloads/cpu-wrong-answer-fails workloads/cpu-static-wrong-answer-fails
       workloads/io-wrong-answer-fails workloads/cpu-usage-error workloads/expect-rejects-a-crash
       workloads/bench-wrong-answer-fails)

  set_tests_properties(${WL_TESTS} PROPERTIES TIMEOUT 120 LABELS workloads SKIP_RETURN_CODE 77)
else()
  message(STATUS "workloads: ${WL_GIL} is missing: the workloads are not built")
endif()
