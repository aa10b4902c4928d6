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
    set(WL_CPU_MODES serial,threads,processes,gil,openmp)
  else()
    message(STATUS "workloads: no OpenMP for C: wl_cpu is built without its openmp mode")
    set(WL_CPU_MODES serial,threads,processes,gil)
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

  add_test(NAME workloads/cpu
           COMMAND wl_cpu --limit 200000 --modes ${WL_CPU_MODES} --workers 1,3 --reps 1
                   --interval-us 200)
  add_test(NAME workloads/io
           COMMAND wl_io --servers 6 --delay-ms 5 --rounds 1000 --workers 1,4 --reps 1)
  add_test(NAME workloads/spawn COMMAND wl_spawn --iterations 5 --reps 1)
  set(WL_TESTS workloads/cpu workloads/io workloads/spawn)

  # The CUDA workload, only where nvcc is found; CMake's CUDA language is not enabled for the
  # whole project, so it is one custom command. Without a GPU the program says
  # "no CUDA device: CPU results only" and exits 0, which is the pass here.
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
    add_test(NAME workloads/gpu COMMAND ${WL_BIN}/wl_gpu --limit 200000 --triad-mb 16 --reps 1)
    list(APPEND WL_TESTS workloads/gpu)
  endif()

  # The bench driver itself, on a miniature run: it must write a report with its tables (and
  # plots where gnuplot is installed), and fail if any workload does.
  add_test(NAME workloads/bench-driver
           COMMAND sh -c "BENCH_SMALL=1 ${WL_DIR}/bench.sh ${WL_BIN} ${CMAKE_BINARY_DIR}/bench-smoke \
                          && grep -q '^## What the lessons claim' ${CMAKE_BINARY_DIR}/bench-smoke/report.md \
                          && grep -q '^| threads | 2 |' ${CMAKE_BINARY_DIR}/bench-smoke/report.md")
  list(APPEND WL_TESTS workloads/bench-driver)

  # The checks can fail: a planted wrong answer must make each workload, and the bench, exit 1.
  add_test(NAME workloads/cpu-wrong-answer-fails
           COMMAND wl_cpu --limit 50000 --modes threads --workers 2 --reps 1 --fault threads)
  add_test(NAME workloads/io-wrong-answer-fails
           COMMAND wl_io --servers 3 --delay-ms 1 --modes epoll --workers 2 --reps 1 --fault epoll)
  set_tests_properties(workloads/cpu-wrong-answer-fails workloads/io-wrong-answer-fails
                       PROPERTIES WILL_FAIL TRUE)
  add_test(NAME workloads/bench-wrong-answer-fails
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/bench_fails.sh ${WL_DIR}/bench.sh ${WL_BIN}
                   ${CMAKE_BINARY_DIR}/bench-fault)
  list(APPEND WL_TESTS workloads/cpu-wrong-answer-fails workloads/io-wrong-answer-fails
       workloads/bench-wrong-answer-fails)

  set_tests_properties(${WL_TESTS} PROPERTIES TIMEOUT 120 LABELS workloads)
else()
  message(STATUS "workloads: ${WL_GIL} is missing: the workloads are not built")
endif()
