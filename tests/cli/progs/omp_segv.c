/* Fixture: an OpenMP program that dereferences NULL in its own loop (the program's crash). */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	int *cells[4] = { 0 };
	long sum = 0;
#pragma omp parallel for reduction(+: sum)
	for (int i = 0; i < 4; i++)
		sum += *cells[i];
	printf("%ld\n", sum);
	return 0;
}
