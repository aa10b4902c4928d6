/* The memory-bound kernels: the stream triad and the device-to-device copy it is measured
 * against. */
#include "gpu.h"

extern "C" {
#include "wl.h"
}

/* Values chosen so every result is an exact small integer in double precision: the check can
 * compare with == rather than a tolerance. */
#define GPU_TRIAD_SCALE 3.0

__global__ void gpu_triad_init(double *a, double *b, double *c, size_t n)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x) {
        a[i] = -1.0;
        b[i] = (double)(i % 1000);
        c[i] = 2.0;
    }
}

/* Grid-stride so any n works with a grid sized to the machine; consecutive threads touch
 * consecutive elements, so each warp's loads coalesce into full cache lines. */
__global__ void gpu_triad_kernel(double *a, const double *b, const double *c, double s, size_t n)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x)
        a[i] = b[i] + s * c[i];
}

static float gpu_elapsed_ms(cudaEvent_t start, cudaEvent_t stop)
{
    float ms = 0;

    GPU_CHECK(cudaEventSynchronize(stop));
    GPU_CHECK(cudaEventElapsedTime(&ms, start, stop));
    return ms;
}

double gpu_copy_rate(size_t bytes, int reps)
{
    void *src, *dst;
    cudaEvent_t start, stop;
    double best = 0;

    GPU_CHECK(cudaMalloc(&src, bytes));
    GPU_CHECK(cudaMalloc(&dst, bytes));
    GPU_CHECK(cudaMemset(src, 1, bytes));
    GPU_CHECK(cudaEventCreate(&start));
    GPU_CHECK(cudaEventCreate(&stop));
    /* One untimed copy first: the first touch of fresh allocations costs extra. */
    GPU_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToDevice));
    for (int r = 0; r < reps; r++) {
        double rate;

        GPU_CHECK(cudaEventRecord(start));
        GPU_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToDevice));
        GPU_CHECK(cudaEventRecord(stop));
        rate = 2.0 * (double)bytes / (gpu_elapsed_ms(start, stop) / 1000.0);
        wl_result("gpu", "d2d-copy", 1, r, 2.0 * (double)bytes / rate, 2 * bytes, true, -1);
        if (rate > best)
            best = rate;
    }
    GPU_CHECK(cudaEventDestroy(stop));
    GPU_CHECK(cudaEventDestroy(start));
    GPU_CHECK(cudaFree(dst));
    GPU_CHECK(cudaFree(src));
    return best;
}

double gpu_triad(size_t n, int reps)
{
    size_t bytes = n * sizeof(double);
    double *a, *b, *c, *host, best = 0;
    cudaEvent_t start, stop;
    int sms = 0;
    size_t bad = 0;

    GPU_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    GPU_CHECK(cudaMalloc(&a, bytes));
    GPU_CHECK(cudaMalloc(&b, bytes));
    GPU_CHECK(cudaMalloc(&c, bytes));
    GPU_CHECK(cudaEventCreate(&start));
    GPU_CHECK(cudaEventCreate(&stop));
    gpu_triad_init<<<sms * 8, 256>>>(a, b, c, n);
    GPU_CHECK(cudaGetLastError());
    for (int r = -1; r < reps; r++) {
        double seconds;

        GPU_CHECK(cudaEventRecord(start));
        gpu_triad_kernel<<<sms * 8, 256>>>(a, b, c, GPU_TRIAD_SCALE, n);
        GPU_CHECK(cudaGetLastError());
        GPU_CHECK(cudaEventRecord(stop));
        seconds = gpu_elapsed_ms(start, stop) / 1000.0;
        if (r < 0)
            continue; /* warm-up */
        /* Three arrays cross the memory bus: b and c read, a written. */
        wl_result("gpu", "triad", 1, r, seconds, 3 * bytes, true, -1);
        if (3.0 * (double)bytes / seconds > best)
            best = 3.0 * (double)bytes / seconds;
    }
    host = (double *)malloc(bytes);
    if (host == NULL)
        wl_fail("gpu: out of host memory for the check");
    GPU_CHECK(cudaMemcpy(host, a, bytes, cudaMemcpyDeviceToHost));
    for (size_t i = 0; i < n; i++)
        bad += host[i] != (double)(i % 1000) + GPU_TRIAD_SCALE * 2.0;
    free(host);
    GPU_CHECK(cudaEventDestroy(stop));
    GPU_CHECK(cudaEventDestroy(start));
    GPU_CHECK(cudaFree(c));
    GPU_CHECK(cudaFree(b));
    GPU_CHECK(cudaFree(a));
    if (bad != 0) {
        fprintf(stderr, "wl_gpu: triad: %zu of %zu elements wrong\n", bad, n);
        return -1;
    }
    return best;
}
