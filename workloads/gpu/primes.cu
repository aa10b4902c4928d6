/* The CPU workload's prime count as a CUDA kernel: one thread per candidate number. */
#include "gpu.h"

extern "C" {
#include "primes.h"
}

/* Each thread tests numbers in a grid-stride loop, then the warp adds up its counts with
 * shuffles and one lane per warp does the single atomicAdd: one global atomic per 32 threads,
 * not per prime. */
__global__ void gpu_primes_kernel(unsigned long limit, unsigned long long *count)
{
    unsigned long stride = (unsigned long)gridDim.x * blockDim.x;
    unsigned int mine = 0;

    for (unsigned long n = blockIdx.x * (unsigned long)blockDim.x + threadIdx.x; n < limit;
         n += stride)
        mine += primes_is_prime(n);
    for (int off = 16; off > 0; off /= 2)
        mine += __shfl_down_sync(0xffffffffu, mine, off);
    if ((threadIdx.x & 31) == 0)
        atomicAdd(count, (unsigned long long)mine);
}

unsigned long long gpu_count_primes(unsigned long limit, double *seconds)
{
    unsigned long long *dcount, hcount = 0;
    cudaEvent_t start, stop;
    int sms = 0;
    float ms = 0;

    GPU_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    GPU_CHECK(cudaMalloc(&dcount, sizeof(*dcount)));
    GPU_CHECK(cudaMemset(dcount, 0, sizeof(*dcount)));
    GPU_CHECK(cudaEventCreate(&start));
    GPU_CHECK(cudaEventCreate(&stop));
    GPU_CHECK(cudaEventRecord(start));
    /* 32 blocks of 256 per SM: enough warps in flight to hide the latency of the divisions. */
    gpu_primes_kernel<<<sms * 32, 256>>>(limit, dcount);
    GPU_CHECK(cudaGetLastError());
    GPU_CHECK(cudaEventRecord(stop));
    GPU_CHECK(cudaEventSynchronize(stop));
    GPU_CHECK(cudaEventElapsedTime(&ms, start, stop));
    GPU_CHECK(cudaMemcpy(&hcount, dcount, sizeof(hcount), cudaMemcpyDeviceToHost));
    GPU_CHECK(cudaEventDestroy(stop));
    GPU_CHECK(cudaEventDestroy(start));
    GPU_CHECK(cudaFree(dcount));
    *seconds = ms / 1000.0;
    return hcount;
}
