/* Fixture: `omp target` + `teams` falling back to the host; LLVM 14 Archer crashes in it. */
#include <stdio.h>
int main(void)
{
	int total = 0;
#pragma omp target map(tofrom: total)
#pragma omp teams distribute parallel for reduction(+: total)
	for (int i = 0; i < 100; i++)
		total += 1;
	printf("%d\n", total);
	return total == 100 ? 0 : 1;
}
