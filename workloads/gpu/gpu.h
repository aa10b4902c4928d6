/* The CUDA workload's pieces: a checked-call macro and the two kernels' host entry points. */
#ifndef WL_GPU_H
#define WL_GPU_H

#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

/* Every CUDA call is checked: an error left unchecked poisons every later call and the numbers
 * printed would be meaningless. Kernel launches are checked with cudaGetLastError(). */
#define GPU_CHECK(call)                                                                           \
    do {                                                                                          \
        cudaError_t gpu_rc_ = (call);                                                             \
        if (gpu_rc_ != cudaSuccess) {                                                             \
            fprintf(stderr, "wl_gpu: %s failed at %s:%d: %s\n", #call, __FILE__, __LINE__,       \
                    cudaGetErrorString(gpu_rc_));                                                 \
            exit(3);                                                                              \
        }                                                                                         \
    } while (0)

/* Counts the primes below `limit` on the GPU, one thread per candidate; `seconds` gets the
 * kernel time measured with CUDA events (no transfers: the answer is one integer). */
unsigned long long gpu_count_primes(unsigned long limit, double *seconds);

/* Device-to-device cudaMemcpy of `bytes`, best of `reps`: the practical ceiling of the memory
 * system, measured rather than taken from a data sheet. Returns bytes moved per second, counting
 * the read and the write. */
double gpu_copy_rate(size_t bytes, int reps);

/* The stream triad a[i] = b[i] + s * c[i] over n doubles, `reps` times. Prints a RESULT line per
 * rep (answer: bytes moved), checks every element of the last result, and returns the best
 * bandwidth in bytes per second, or a negative value when the check failed. */
double gpu_triad(size_t n, int reps);

#endif
