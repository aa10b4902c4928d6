/* Allocates and touches 64 MiB chunks until malloc fails or 1 GiB is held (the safety cap). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (64u << 20)
#define CAP 16

int main(void)
{
	int n;

	for (n = 0; n < CAP; n++) {
		char *p = malloc(CHUNK);

		if (!p)
			break;
		memset(p, 1, CHUNK);
	}
	printf("chunks %d\n", n);
	return n < CAP ? 0 : 3;
}
