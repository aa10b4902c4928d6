/* Opens descriptors until open() fails or 100000 are open (the safety cap). */
#include <fcntl.h>
#include <stdio.h>

#define CAP 100000

int main(void)
{
	int n;

	for (n = 0; n < CAP; n++)
		if (open("/dev/null", O_RDONLY) < 0)
			break;
	printf("fds %d\n", n);
	return n < CAP ? 0 : 3;
}
