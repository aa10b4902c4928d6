/* Shared by the sandbox's threat tests: counting what a run left alive, by its token. */
#ifndef RACELAB_TEST_SANDBOX_SURVIVORS_H
#define RACELAB_TEST_SANDBOX_SURVIVORS_H

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* How many live processes carry token in their command line. */
static inline int survivors(const char *token)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	int n = 0;

	assert_non_null(proc);
	while ((e = readdir(proc))) {
		char path[300], buf[4096];
		ssize_t len;
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf));
		close(fd);
		if (len > 0 && memmem(buf, (size_t)len, token, strlen(token)))
			n++;
	}
	closedir(proc);
	return n;
}

#endif
