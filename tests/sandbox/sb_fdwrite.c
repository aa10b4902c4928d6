/* Scribbles on every descriptor from 3 to 1023, hoping to hit one the grader leaked. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int fd, hits = 0;

	for (fd = 3; fd < 1024; fd++) {
		if (write(fd, "EVIL", 4) == 4)
			hits++;
		ftruncate(fd, 0);
	}
	printf("hits %d\n", hits);
	return 0;
}
