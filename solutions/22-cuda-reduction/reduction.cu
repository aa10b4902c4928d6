/* Sums 4,096 sensor readings on the GPU: each block reduces its slice in shared memory. */
#include <cstdio>
#include <cstdlib>

#define N (16 * BLOCK)
#define BLOCK 256

/*
 * One thread per element. The block copies its 256 values into shared memory, then halves the
 * number of active threads each step: thread t adds element t + stride into element t.
 */
__global__ void block_sum(const int *in, long long *partial)
{
	__shared__ long long s[BLOCK];
	unsigned t = threadIdx.x;

	s[t] = in[blockIdx.x * BLOCK + t];
	/* Every thread's value must be in shared memory before anyone reads a neighbour's. */
	__syncthreads();
	for (unsigned stride = BLOCK / 2; stride > 0; stride /= 2) {
		if (t < stride)
			s[t] += s[t + stride];
		/*
		 * A barrier per step: step k reads what step k-1 wrote in other threads, often in
		 * other warps, which run in no fixed order. It is outside the `if`, so every thread
		 * of the block reaches it (a barrier inside divergent code is undefined).
		 */
		__syncthreads();
	}
	if (t == 0)
		partial[blockIdx.x] = s[0];
}

int main(void)
{
	const int blocks = N / BLOCK;
	int *in, *d_in;
	long long *partial, *d_partial, sum = 0, expect = 0;

	in = (int *)malloc(N * sizeof(int));
	partial = (long long *)malloc(blocks * sizeof(long long));
	if (!in || !partial)
		return 2;
	for (int i = 0; i < N; i++) {
		in[i] = i % 1000;
		expect += in[i];
	}
	if (cudaMalloc(&d_in, N * sizeof(int)) != cudaSuccess ||
	    cudaMalloc(&d_partial, blocks * sizeof(long long)) != cudaSuccess) {
		fprintf(stderr, "no CUDA device memory\n");
		return 2;
	}
	cudaMemcpy(d_in, in, N * sizeof(int), cudaMemcpyHostToDevice);
	block_sum<<<blocks, BLOCK>>>(d_in, d_partial);
	if (cudaDeviceSynchronize() != cudaSuccess) {
		fprintf(stderr, "kernel failed: %s\n", cudaGetErrorString(cudaGetLastError()));
		return 2;
	}
	cudaMemcpy(partial, d_partial, blocks * sizeof(long long), cudaMemcpyDeviceToHost);
	for (int b = 0; b < blocks; b++)
		sum += partial[b];
	printf("gpu sum %lld, cpu sum %lld: %s\n", sum, expect, sum == expect ? "match" : "MISMATCH");
	cudaFree(d_in);
	cudaFree(d_partial);
	free(in);
	free(partial);
	return sum == expect ? 0 : 1;
}
