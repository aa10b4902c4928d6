/* The GPU workload: the prime count as a CUDA kernel checked against the CPU's serial count,
 * and the stream triad's bandwidth as a fraction of the measured device-to-device copy rate. */
#include <getopt.h>
#include <string.h>

#include "gpu.h"

extern "C" {
#include "primes.h"
#include "wl.h"
}

static void gpu_usage(FILE *to)
{
    fputs("usage: wl_gpu [--limit N] [--triad-mb M] [--reps R]\n"
          "Counts the primes below N (default 4000000) on the GPU and on one CPU core, and runs\n"
          "the stream triad on three arrays of M MiB each (default 512), R times (default 5).\n"
          "Without a CUDA device it says so and exits 0: CPU results only.\n",
          to);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"limit", required_argument, NULL, 'n'},
                                         {"triad-mb", required_argument, NULL, 't'},
                                         {"reps", required_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    long limit = 4000000, triad_mb = 512, reps = 5, one[WL_MAX_LIST];
    int c, devices = 0, wrong = 0;
    cudaError_t rc;
    cudaDeviceProp prop;
    double cpu_s, copy, triad;
    unsigned long long expect;

    while ((c = getopt_long(argc, argv, "n:t:r:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': wl_parse_ints(optarg, one); limit = one[0]; break;
        case 't': wl_parse_ints(optarg, one); triad_mb = one[0]; break;
        case 'r': wl_parse_ints(optarg, one); reps = one[0]; break;
        case 'h': gpu_usage(stdout); return 0;
        default: gpu_usage(stderr); return 2;
        }
    }
    /* No device and no driver look different to CUDA (cudaErrorNoDevice, InsufficientDriver);
     * both mean the same here. */
    rc = cudaGetDeviceCount(&devices);
    if (rc != cudaSuccess || devices == 0) {
        printf("no CUDA device: CPU results only (%s)\n",
               rc != cudaSuccess ? cudaGetErrorString(rc) : "0 devices");
        return 0;
    }
    GPU_CHECK(cudaGetDeviceProperties(&prop, 0));
    printf("DEVICE %s, %d SMs, %.1f GiB\n", prop.name, prop.multiProcessorCount,
           (double)prop.totalGlobalMem / (1 << 30));
    fflush(stdout);

    /* The reference: the same function, on one CPU core. */
    cpu_s = wl_now();
    expect = primes_count_range(0, (unsigned long)limit);
    cpu_s = wl_now() - cpu_s;
    wl_result("gpu", "cpu-serial", 1, 0, cpu_s, expect, true, cpu_s);
    {
        double warm;

        gpu_count_primes(1000, &warm); /* module load and context setup, untimed */
    }
    for (int r = 0; r < reps; r++) {
        double s;
        unsigned long long got = gpu_count_primes((unsigned long)limit, &s);

        wl_result("gpu", "cuda-primes", 1, r, s, got, got == expect, -1);
        wrong += got != expect;
    }

    copy = gpu_copy_rate((size_t)triad_mb << 20, (int)reps);
    triad = gpu_triad(((size_t)triad_mb << 20) / sizeof(double), (int)reps);
    if (triad < 0)
        wrong++;
    else
        printf("BANDWIDTH triad %.1f GB/s, d2d copy %.1f GB/s, triad/copy %.3f\n", triad / 1e9,
               copy / 1e9, triad / copy);
    if (wrong) {
        fprintf(stderr, "wl_gpu: %d wrong answer(s)\n", wrong);
        return 1;
    }
    return 0;
}
