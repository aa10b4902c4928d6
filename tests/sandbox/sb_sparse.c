/* Writes one byte at offset 100 GB: a sparse file that looks like 100 GB to every tool. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int fd = open("sparse.bin", O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return 4;
	if (pwrite(fd, "x", 1, 100LL * 1000 * 1000 * 1000) != 1) {
		perror("pwrite");
		return 0; /* refused with EFBIG (only if SIGXFSZ is ignored) */
	}
	return 3;
}
